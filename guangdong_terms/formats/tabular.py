"""CSV, TSV and OmegaT's tab-separated glossary.

Three uses: the glossary as a spreadsheet (one row per term with every field, RFC 4180,
formula cells neutralised), OmegaT's ``.utf8`` glossary (source, target, comment), and
bilingual tables for ``gdterms check`` (a header row names the columns and their languages).
Every reader takes UTF-8 (with or without BOM), UTF-16 and UTF-32 with a BOM, and any other
encoding only by name (``_text``).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from functools import partial
from typing import Any, NamedTuple, TextIO

from ..core.bilingual import Segment
from ..core.languages import language_of, primary_language
from ._text import decoding_error, open_text
from .base import Bilingual, Format, FormatError
from .jsonfile import FIELDS


def read_table_segments(path: str, source_lang: str | None = None,
                        target_lang: str | None = None, encoding: str | None = None, *,
                        delimiter: str = ",") -> Bilingual:
    """The source/target pairs of a bilingual table, one per row (the id is the row's line).

    A first row whose every cell names a column (source, target, a language tag such as zh-CN
    or en, Chinese, English, id, notes ...) is a header: it picks the columns, and its language
    tags name the languages, *source_lang* and *target_lang* choosing among several. Without a
    header the first two columns are taken, and where a row has more the reader says so in the
    notes it returns.
    """
    handle = open_text(path, encoding, newline="")
    reader = csv.reader(handle, delimiter=delimiter)
    try:
        first = next(reader, [])
    except UnicodeDecodeError as error:
        handle.close()
        raise decoding_error(path, error) from None
    except csv.Error as error:
        handle.close()
        raise FormatError(f"{path}:{reader.line_num}: {error}") from None
    labels = [_label(cell) for cell in first]
    if first and all(label is not None for label, cell in zip(labels, first, strict=True)
                     if cell.strip()):
        columns = _columns([label or ("other", "") for label in labels], source_lang,
                           target_lang, first)
        pending: list[list[str]] = []
    else:
        notes: tuple[str, ...] = ((
            f"{path}: no header names the columns; took columns 1 and 2 of {len(first)} as "
            "source and target"),) if len(first) > 2 else ()
        columns = _Columns(0, 1, source_lang or "", target_lang or "", notes)
        pending = [first]
    return Bilingual(columns.source_lang, columns.target_lang,
                     _rows(path, handle, reader, pending, columns), columns.notes)


class _Columns(NamedTuple):
    source: int
    target: int
    source_lang: str
    target_lang: str
    notes: tuple[str, ...]


_NAMES = {"source": "source", "src": "source", "source text": "source", "原文": "source",
          "target": "target", "tgt": "target", "target text": "target", "translation": "target",
          "译文": "target", "譯文": "target",
          "chinese": "zh", "中文": "zh", "english": "en", "英文": "en"}
_OTHER = {"id", "key", "notes", "note", "comment", "comments", "context", "category",
          "status", "line", "kind", "#"}
_TAG = re.compile(r"[a-z]{2,3}(?:[-_][a-z0-9]{2,8})*", re.IGNORECASE)


def _label(cell: str) -> tuple[str, str] | None:
    """What a header cell says: ("source"|"target", ""), ("lang", tag), ("other", ""); None for
    a cell that is data."""
    name = cell.strip().lower()
    if name in _OTHER:
        return ("other", "")
    kind = _NAMES.get(name)
    if kind in ("source", "target"):
        return (kind, "")
    if kind is not None:
        return ("lang", kind)
    if _TAG.fullmatch(name):
        return ("lang", cell.strip())
    return None


def _columns(labels: list[tuple[str, str]], source_lang: str | None,
             target_lang: str | None, header: list[str]) -> _Columns:
    languages = [(index, tag) for index, (kind, tag) in enumerate(labels) if kind == "lang"]

    def by_language(asked: str | None, exclude: int) -> int | None:
        if not asked:
            return None
        for exact in (True, False):
            for index, tag in languages:
                if index != exclude and (language_of(tag) == language_of(asked) if exact
                                         else primary_language(tag) == primary_language(asked)):
                    return index
        return None

    def by_name(name: str) -> int | None:
        return next((i for i, (kind, _) in enumerate(labels) if kind == name), None)

    source = by_language(source_lang, -1)
    if source is None:
        source = by_name("source")
    if source is None:
        source = next((i for i, tag in languages if language_of(tag).startswith("zh")),
                      languages[0][0] if languages else 0)
    target = by_language(target_lang, source)
    if target is None:
        target = by_name("target")
    if target is None:
        wanted = "en" if language_of(labels[source][1]).startswith("zh") else "zh"
        others = [i for i, tag in languages if i != source]
        target = next((i for i in others if primary_language(labels[i][1]) == wanted),
                      others[0] if others else (1 if source == 0 else 0))
    if target >= len(header):
        target = source
    tags = dict(languages)
    notes: tuple[str, ...] = ()
    if sum(kind != "other" for kind, _ in labels) > 2:
        notes = ((f"took {header[source]!r} (column {source + 1}) as source, {header[target]!r} "
                  f"(column {target + 1}) as target"),)
    return _Columns(source, target, source_lang or tags.get(source, ""),
                    target_lang or tags.get(target, ""), notes)


def _rows(path: str, handle: TextIO, reader: Any, pending: list[list[str]],  # noqa: ANN401
          columns: _Columns) -> Iterator[Segment]:
    """The segments of the rows, the open file closed at the end however the reading ends."""
    try:
        rows = iter(pending)
        line = 1
        while True:
            try:
                row = next(rows, None)
                if row is None:
                    row = next(reader)
                line = reader.line_num
            except StopIteration:
                return
            if not row or not any(cell.strip() for cell in row):
                continue
            if len(row) <= max(columns.source, columns.target):
                raise FormatError(f"{path}:{line}: expected at least "
                                  f"{max(columns.source, columns.target) + 1} columns (source, "
                                  f"target), found {len(row)}")
            yield Segment(str(line), line, row[columns.source], row[columns.target])
    except UnicodeDecodeError as error:
        raise decoding_error(path, error) from None
    except csv.Error as error:
        raise FormatError(f"{path}:{line}: {error}") from None
    finally:
        handle.close()


# --- glossary as a spreadsheet: one row per term, every field ---------------------------------

#: Columns of the CSV/TSV export. List fields hold one item per line inside the cell
#: (items are one-line by the glossary's rules); contexts use three parallel columns;
#: overrides are a JSON object; related holds one ``TYPE ID`` per line; short_forms is a JSON list of [zh, en] pairs. Segment rows (the TM) use kind, id, zh, en, notes and the
#: seed/n/line columns.
COLUMNS = ("kind", "id", "zh", "en", "en_alternatives", "en_avoid", "category", "pinyin",
           "zh_hk", "zh_tw", "aliases", "aliases_hk", "aliases_tw", "definition", "notes", "en_source", "en_source_quote",
           "status", "checked",
           "context_zh", "context_seed", "context_en", "overrides", "related", "short_forms",
           "seed", "n", "line")
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
    cells["related"] = "\n".join(f"{r['type']} {r['id']}" for r in record.get("related", ()))
    pairs = [[pair["zh"], pair["en"]] for pair in record.get("short_forms", ())]
    cells["short_forms"] = json.dumps(pairs, ensure_ascii=False) if pairs else ""
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


def read_table(path: str, encoding: str | None = None, *, delimiter: str = ","
               ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(term records, TM segments) of a CSV/TSV export."""
    try:
        with open_text(path, encoding, newline="") as handle:
            return _read_table(path, handle, delimiter)
    except UnicodeDecodeError as error:
        raise decoding_error(path, error) from None
    except csv.Error as error:
        raise FormatError(f"{path}: {error}") from None


def _read_table(path: str, handle: TextIO, delimiter: str
                ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    import json

    terms: list[dict[str, Any]] = []
    segments: list[dict[str, Any]] = []
    reader = csv.reader(handle, delimiter=delimiter)
    header = next(reader, None)
    if header is None or tuple(header[:len(COLUMNS)]) != COLUMNS:
        raise FormatError(f"{path}:1: expected the header {delimiter.join(COLUMNS)}")
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(COLUMNS):
            raise FormatError(f"{path}:{line}: expected {len(COLUMNS)} columns, found "
                              f"{len(row)}")
        cells = dict(zip(COLUMNS, (restore(cell) for cell in row), strict=False))
        if cells.get("kind") == "segment":
            if not (cells.get("n", "").isdigit() and cells.get("line", "").isdigit()):
                raise FormatError(f"{path}:{line}: a segment row needs whole numbers in n "
                                  "and line")
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
        except (ValueError, RecursionError):
            raise FormatError(f"{path}:{line}: overrides must be a JSON object") from None
        if not isinstance(record["overrides"], dict):
            raise FormatError(f"{path}:{line}: overrides must be a JSON object")
        pairs = [item.partition(" ") for item in cells["related"].split("\n") if item]
        if any(not kind or not target for kind, _, target in pairs):
            raise FormatError(f"{path}:{line}: related must hold one 'TYPE ID' per line")
        record["related"] = [{"type": kind, "id": target} for kind, _, target in pairs]
        try:
            short = json.loads(cells["short_forms"]) if cells["short_forms"] else []
            record["short_forms"] = [{"zh": zh, "en": en} for zh, en in short]
        except (ValueError, TypeError, RecursionError):
            raise FormatError(f"{path}:{line}: short_forms must be a JSON list of [zh, en] "
                              "pairs") from None
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


def read_omegat(path: str, encoding: str | None = None) -> list[tuple[str, str, str]]:
    """(source, target, comment) per line of an OmegaT tab-separated glossary."""
    rows = []
    try:
        with open_text(path, encoding) as handle:
            for line in handle:
                if line.startswith("#") or not line.strip():
                    continue
                cells = [cell.strip() for cell in line.rstrip("\r\n").split("\t")]
                if len(cells) >= 2:
                    rows.append((cells[0], cells[1], cells[2] if len(cells) > 2 else ""))
    except UnicodeDecodeError as error:
        raise decoding_error(path, error) from None
    return rows


def read_omegat_segments(path: str, source_lang: str | None = None,
                         target_lang: str | None = None, encoding: str | None = None
                         ) -> Bilingual:
    """OmegaT glossary lines as pairs: zh-CN -> en unless told otherwise (the tab glossary
    names no languages). The id is empty: OmegaT gives a line none."""
    return Bilingual(source_lang or "zh-CN", target_lang or "en",
                     [Segment("", 0, zh, en) for zh, en, _ in read_omegat(path, encoding)])


CSV = Format("csv", (".csv",), "CSV, one row per term, every field (RFC 4180)", carries=FIELDS,
             newline="", read_segments=partial(read_table_segments, delimiter=","),
             read_glossary=partial(read_table, delimiter=","),
             write_glossary=partial(write_table, delimiter=","))
TSV = Format("tsv", (".tsv", ".tab", ".txt"), "TSV, one row per term, every field",
             carries=FIELDS, newline="",
             read_segments=partial(read_table_segments, delimiter="\t"),
             read_glossary=partial(read_table, delimiter="\t"),
             write_glossary=partial(write_table, delimiter="\t"))
OMEGAT = Format("omegat", (".utf8",), "OmegaT tab-separated glossary", pairs="zh-CN",
                carries=("zh", "en"), read_segments=read_omegat_segments,
                write_glossary=write_omegat)
