"""CSV, TSV and OmegaT's tab-separated glossary.

Three uses: the glossary as a spreadsheet (one row per term with every field, RFC 4180,
formula cells neutralised), OmegaT's ``.utf8`` glossary (source, target, comment), and plain
two-column bilingual files for ``gdterms check`` (a first row whose first cell has no Chinese
character is a header and is skipped).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from functools import partial
from typing import Any, TextIO

from ..core.bilingual import Segment
from ..text.normalise import HAN_PATTERN
from .base import Bilingual, Format, FormatError
from .jsonfile import FIELDS

_HAN = re.compile(HAN_PATTERN)


def read_tabular_segments(path: str, delimiter: str = ",") -> Iterator[Segment]:
    """Stream rows as segments; the id is the row's line number."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle, delimiter=delimiter)
            first = True
            for row in reader:
                line = reader.line_num
                if first and row and not _HAN.search(row[0]):
                    first = False
                    continue
                first = False
                if not row or not any(cell.strip() for cell in row):
                    continue
                if len(row) < 2:
                    raise FormatError(f"{path}:{line}: expected two columns (source, target), "
                                      f"found {len(row)}")
                yield Segment(str(line), line, row[0], row[1])
    except UnicodeDecodeError as error:
        raise FormatError(f"{path}: not UTF-8 ({error.reason} at byte {error.start})") from None
    except csv.Error as error:
        raise FormatError(f"{path}: {error}") from None


# --- glossary as a spreadsheet: one row per term, every field ---------------------------------

#: Columns of the CSV/TSV export. List fields hold one item per line inside the cell
#: (items are one-line by the glossary's rules); contexts use three parallel columns;
#: overrides are a JSON object. Segment rows (the TM) use kind, id, zh, en, notes and the
#: seed/n/line columns.
COLUMNS = ("kind", "id", "zh", "en", "en_alternatives", "en_avoid", "category", "pinyin",
           "zh_hk", "zh_tw", "aliases", "aliases_hk", "aliases_tw", "definition", "notes", "en_source", "en_source_quote",
           "status",
           "context_zh", "context_seed", "context_en", "overrides", "seed", "n", "line")
_LISTS = ("en_alternatives", "en_avoid", "aliases", "aliases_hk", "aliases_tw")
_RECORD_COLUMNS = COLUMNS[1:COLUMNS.index("context_zh")]  # id ... status
# Cells a spreadsheet would run as a formula (OWASP CSV injection), and the apostrophe
# itself so that the escape can be undone without ambiguity.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")


def neutralise(cell: str) -> str:
    """Prefix an apostrophe to a cell a spreadsheet would evaluate (undone by restore)."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def restore(cell: str) -> str:
    """Undo ``neutralise``."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(_FORMULA_START) else cell


def _term_row(record: dict[str, Any]) -> list[str]:
    import json

    contexts = record["contexts"]
    cells = {key: record.get(key, "") for key in COLUMNS}
    cells.update({key: "\n".join(record[key]) for key in _LISTS})
    cells["kind"] = "term"
    cells["context_zh"] = "\n".join(c["zh"] for c in contexts)
    cells["context_seed"] = "\n".join(c["seed"] for c in contexts)
    cells["context_en"] = "\n".join(c["en"] for c in contexts)
    overrides = record.get("overrides") or {}
    cells["overrides"] = json.dumps(overrides, ensure_ascii=False) if overrides else ""
    return [neutralise(str(cells[key] or "")) for key in COLUMNS]


def _segment_row(segment: dict[str, Any]) -> list[str]:
    cells = {"kind": "segment", "id": f"seed-{segment['seed']}-{segment['n']}",
             "zh": segment["zh"], "en": segment["en"], "notes": segment.get("note") or "",
             "seed": segment["seed"], "n": segment["n"], "line": segment["line"]}
    return [neutralise(str(cells.get(key, ""))) for key in COLUMNS]


def write_table(handle: TextIO, terms: Iterable[dict[str, Any]],
                segments: Iterable[dict[str, Any]], delimiter: str = ",") -> None:
    """CSV (RFC 4180: CRLF rows, quoted fields) or TSV, header row first, UTF-8."""
    writer = csv.writer(handle, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for record in terms:
        writer.writerow(_term_row(record))
    for segment in segments:
        writer.writerow(_segment_row(segment))


def read_table(path: str, delimiter: str = ",") -> tuple[list[dict[str, Any]],
                                                          list[dict[str, Any]]]:
    """(term records, TM segments) of a CSV/TSV export."""
    import json

    terms: list[dict[str, Any]] = []
    segments: list[dict[str, Any]] = []
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        header = next(reader, None)
        if header is None or tuple(header[:len(COLUMNS)]) != COLUMNS:
            raise FormatError(f"{path}:1: expected the header {delimiter.join(COLUMNS)}")
        for row in reader:
            line = reader.line_num
            cells = dict(zip(COLUMNS, (restore(cell) for cell in row), strict=False))
            if cells.get("kind") == "segment":
                segments.append({"seed": cells["seed"], "n": int(cells["n"]),
                                 "line": int(cells["line"]), "zh": cells["zh"],
                                 "en": cells["en"], "note": cells["notes"]})
                continue
            if cells.get("kind") != "term":
                raise FormatError(f"{path}:{line}: kind must be term or segment")
            record: dict[str, Any] = {key: cells.get(key, "") for key in _RECORD_COLUMNS}
            for key in _LISTS:
                record[key] = cells[key].split("\n") if cells[key] else []
            zhs, seeds, ens = (cells[k].split("\n") if cells[k] else []
                               for k in ("context_zh", "context_seed", "context_en"))
            if not len(zhs) == len(seeds) == len(ens):
                raise FormatError(f"{path}:{line}: context columns have different line counts")
            record["contexts"] = [{"zh": z, "seed": s, "en": e}
                                  for z, s, e in zip(zhs, seeds, ens, strict=True)]
            try:
                record["overrides"] = json.loads(cells["overrides"]) if cells["overrides"] else {}
            except ValueError:
                raise FormatError(f"{path}:{line}: overrides must be a JSON object") from None
            terms.append(record)
    return terms, segments


# --- OmegaT's tab-separated glossary --------------------------------------------------------


def _one_line(text: str) -> str:
    return " ".join(text.split())


def omegat_comment(record: dict[str, Any]) -> str:
    """What OmegaT shows beside a glossary hit: definition, pinyin, regional forms, forms to
    avoid, source."""
    parts = [str(record["definition"])] if record.get("definition") else []
    parts += [str(record["pinyin"]), f"zh-HK {record['zh_hk']}", f"zh-TW {record['zh_tw']}"]
    if record["en_avoid"]:
        parts.append("avoid: " + "; ".join(record["en_avoid"]))
    parts.append(f"{record['category']}, {record['status']}: {record['en_source']}")
    return _one_line(" | ".join(parts))


def write_omegat(handle: TextIO, terms: Iterable[dict[str, Any]],
                 segments: Iterable[dict[str, Any]] = ()) -> None:
    """OmegaT glossary (``.utf8``): ``source<TAB>target<TAB>comment`` per line.

    A ``#`` header line (OmegaT skips ``#`` lines; any other first line would become a term).
    Each accepted English form and each Chinese alias gets its own line, since OmegaT offers
    every target of a line as a translation; forms to avoid appear only in the comment. OmegaT
    trims cells and skips lines starting with ``#``, so white space inside a form becomes one
    space and a source starting with ``#`` is refused rather than silently lost. A glossary
    carries no sentences, so the TM *segments* are left out.
    """
    from ..core.version import __version__

    handle.write(f"# guangdong_terms {__version__}: Guangdong S&T glossary, zh-CN -> en. "
                 "Columns: Chinese, English, comment (definition | pinyin | zh-HK | zh-TW | avoid "
                 "| source)\n")
    for record in terms:
        comment = omegat_comment(record)
        sources = [record["zh"], *record["aliases"]]
        targets = [record["en"], *record["en_alternatives"]]
        for source in dict.fromkeys(_one_line(str(s)) for s in sources):
            if source.startswith("#"):
                raise FormatError(f"{record['id']}: {source!r}: OmegaT skips a glossary line "
                                  "that starts with #; this term cannot be written as .utf8 "
                                  "(use --format tbx-omegat)")
            handle.writelines(f"{source}\t{_one_line(str(target))}\t{comment}\n"
                              for target in targets)


def read_omegat(path: str) -> list[tuple[str, str, str]]:
    """(source, target, comment) per line of an OmegaT tab-separated glossary."""
    rows = []
    with open(path, encoding="utf-8-sig") as handle:
        for line in handle:
            if line.startswith("#") or not line.strip():
                continue
            cells = [cell.strip() for cell in line.rstrip("\r\n").split("\t")]
            if len(cells) >= 2:
                rows.append((cells[0], cells[1], cells[2] if len(cells) > 2 else ""))
    return rows


def read_omegat_pairs(path: str) -> Bilingual:
    """OmegaT glossary lines as zh-CN -> en pairs (the tab glossary names no languages)."""
    return Bilingual("zh-CN", "en", [Segment("", 0, zh, en) for zh, en, _ in read_omegat(path)])


CSV = Format("csv", (".csv",), "CSV, one row per term, every field (RFC 4180)", carries=FIELDS,
             newline="", read_segments=partial(read_tabular_segments, delimiter=","),
             read_glossary=partial(read_table, delimiter=","),
             write_glossary=partial(write_table, delimiter=","))
TSV = Format("tsv", (".tsv", ".tab", ".txt"), "TSV, one row per term, every field",
             carries=FIELDS, newline="",
             read_segments=partial(read_tabular_segments, delimiter="\t"),
             read_glossary=partial(read_table, delimiter="\t"),
             write_glossary=partial(write_table, delimiter="\t"))
OMEGAT = Format("omegat", (".utf8",), "OmegaT tab-separated glossary", pairs="zh-CN",
                carries=("zh", "en"), read_pairs=read_omegat_pairs,
                write_glossary=write_omegat)
