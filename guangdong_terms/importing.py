"""Import an exported file back into the glossary source, with a conflict report.

Rules, so that an import can never lose curated work:

* an entry whose id is new is added; one identical to ours is unchanged; one that differs is a
  **conflict**, reported field by field and never overwritten;
* a new entry whose Chinese or English form already names another entry is a conflict too;
* any conflict, or any problem ``gdterms validate`` finds in the merged result, means nothing
  is written. The merged glossary is built and validated in a scratch copy first and only then
  moved into place, file by file with ``os.replace``.

Formats that carry whole records (JSON, JSON Lines, CSV, TSV, TBX-Basic) can add entries.
Formats that carry only pairs (TMX, PO, OmegaT glossaries) are checked against the glossary:
their term units must agree with our English, and anything else is reported, not imported.
Translation-memory segments (``seed-NNN-N`` in any format) are checked against ``tm/``: their
Chinese is fixed by the seeds, so an import can only agree with our English or conflict.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ._records import lookup_key
from ._source import FIELDS, dump_file, normalise, read_source
from .model import Problem

__all__ = ["Conflict", "ImportReport", "import_file", "read_records"]

Record = dict[str, Any]
FULL_RECORD_FORMATS = ("json", "jsonl", "csv", "tsv", "tbx")
EXTENSIONS = {".json": "json", ".jsonl": "jsonl", ".csv": "csv", ".tsv": "tsv", ".tbx": "tbx",
              ".tmx": "tmx", ".po": "po", ".utf8": "omegat"}


@dataclass(frozen=True, slots=True)
class Conflict:
    """An incoming entry that disagrees with the glossary: what we have, what came in."""

    id: str
    field: str
    ours: object
    theirs: object
    where: str = "glossary"  # or "tm", the translation memory

    def __str__(self) -> str:
        return (f"{self.id}: {self.field}: {self.where} has {self.ours!r}, "
                f"file has {self.theirs!r}")


@dataclass
class ImportReport:
    """What an import did (or, with conflicts or problems, would have done)."""

    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    not_imported: list[str] = field(default_factory=list)
    written: bool = False


def detect_format(path: str, fmt: str | None) -> str:
    """The format named, or the one the file's extension implies."""
    if fmt:
        return fmt
    lowered = path.lower()
    if lowered.endswith(".tbx"):
        with open(path, encoding="utf-8", errors="replace") as handle:
            return "tbx-omegat" if "<martif" in handle.read(4096) else "tbx"
    kind = EXTENSIONS.get(os.path.splitext(lowered)[1])
    if kind is None:
        from .formats import FormatError

        raise FormatError(f"{path}: cannot tell the format from the name; pass --format")
    return kind


def read_records(path: str, fmt: str) -> tuple[list[Record], list[Record]]:
    """(term records, TM segments) of a full-record format, read once; TBX carries no TM."""
    from .formats import jsonfile, tabular, tbx

    if fmt == "json":
        return jsonfile.read_json(path)
    if fmt == "jsonl":
        return jsonfile.read_jsonl(path)
    if fmt in ("csv", "tsv"):
        return tabular.read_table(path, "," if fmt == "csv" else "\t")
    return tbx.read_tbx(path), []


def _pairs(path: str, fmt: str) -> list[tuple[str, str, str]]:
    """(id, zh, en) of a pair-only format."""
    from .formats import read_segments, tabular, tbx

    if fmt == "omegat":
        return [("", zh, en) for zh, en, _ in tabular.read_omegat(path)]
    if fmt == "tbx-omegat":
        return [(ident, zh[0] if zh else "", en[0] if en else "")
                for ident, zh, en, _ in tbx.read_tbx_omegat(path)]
    return [(s.id, s.source, s.target) for s in read_segments(path, fmt)]


def _comparable(record: Record) -> Record:
    result = normalise(record)
    for context in result["contexts"]:
        context.pop("line", None)
    return result


def import_file(path: str, glossary_dir: str, seeds_dir: str, *, fmt: str | None = None,
                dry_run: bool = False) -> ImportReport:
    """Merge *path* into the glossary source folder; see the module docstring for the rules."""
    kind = detect_format(path, fmt)
    entries, problems = read_source(glossary_dir)
    report = ImportReport(problems=problems)
    if problems:
        return report
    ours = {entry.record["id"]: entry.record for entry in entries}
    tm = _tm_segments(os.path.join(os.path.dirname(os.path.abspath(glossary_dir)), "tm"))
    if kind not in FULL_RECORD_FORMATS:
        pairs = _pairs(path, kind)
        _check_segments([(i, en) for i, _, en in pairs if i.startswith("seed-")], tm, report)
        _check_pairs([p for p in pairs if not p[0].startswith("seed-")], ours, report, kind)
        return report
    incoming, segments = read_records(path, kind)
    _check_segments([(f"seed-{row['seed']}-{row['n']}", row["en"]) for row in segments], tm,
                    report)
    merged = _merge(incoming, ours, report)
    if report.conflicts or not report.added or dry_run:
        return report
    report.problems = _write_validated(merged, glossary_dir, seeds_dir)
    report.written = not report.problems
    return report


def _merge(incoming: Iterable[Record], ours: dict[str, Record], report: ImportReport
           ) -> list[Record]:
    owners = {}
    for record in ours.values():
        for form in (record["zh"], *record["aliases"], record["en"], *record["en_alternatives"]):
            owners[lookup_key(form)] = record["id"]
    merged = dict(ours)
    for record in incoming:
        theirs = _comparable(record)
        ident = theirs["id"]
        if ident in ours:
            mine = _comparable(ours[ident])
            differing = [key for key in FIELDS if mine.get(key) != theirs.get(key)]
            if differing:
                report.conflicts += [Conflict(ident, key, mine.get(key), theirs.get(key))
                                     for key in differing]
            else:
                report.unchanged.append(ident)
            continue
        clash = next((owners[lookup_key(form)] for form in (theirs["zh"], theirs["en"])
                      if lookup_key(form) in owners), None)
        if clash:
            report.conflicts.append(Conflict(ident, "zh/en", f"already names {clash!r}",
                                             theirs["zh"] + " / " + theirs["en"]))
            continue
        merged[ident] = {key: value for key, value in theirs.items()
                         if key != "overrides" or value}
        report.added.append(ident)
    return list(merged.values())


def _write_validated(records: list[Record], glossary_dir: str, seeds_dir: str
                     ) -> list[Problem]:
    from .checks import validate

    by_category: dict[str, list[Record]] = {}
    for record in records:
        by_category.setdefault(record["category"], []).append(record)
    scratch = tempfile.mkdtemp(prefix="gdterms-import-")
    try:
        staged = os.path.join(scratch, "glossary")
        os.mkdir(staged)
        for category, rows in by_category.items():
            with open(os.path.join(staged, f"{category}.toml"), "w", encoding="utf-8") as out:
                out.write(dump_file(category, rows))
        problems = validate(staged, seeds_dir)
        if problems:
            return problems
        for name in sorted(os.listdir(staged)):
            temporary = os.path.join(glossary_dir, f".{name}.import")
            shutil.copyfile(os.path.join(staged, name), temporary)
            os.replace(temporary, os.path.join(glossary_dir, name))
        return []
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _tm_segments(tm_dir: str) -> dict[str, str]:
    """Our TM as segment id (``seed-NNN-N``) -> English; empty if there is no tm/ folder."""
    from .tm import read_tm

    if not os.path.isdir(tm_dir):
        return {}
    files, _ = read_tm(tm_dir)
    return {f"seed-{seed}-{segment.get('n')}": segment.get("en", "")
            for seed, entries in files.items() for _, _, segment, _ in entries}


def _check_segments(incoming: list[tuple[str, str]], tm: dict[str, str],
                    report: ImportReport) -> None:
    """TM segments are fixed by the seeds: an import can only agree with ours or conflict."""
    for ident, english in incoming:
        if ident not in tm:
            report.not_imported.append(f"{ident}: no such segment in the translation memory")
        elif tm[ident] == english:
            report.unchanged.append(ident)
        else:
            report.conflicts.append(Conflict(ident, "en", tm[ident], english, "tm"))


def _check_pairs(pairs: list[tuple[str, str, str]], ours: dict[str, Record],
                 report: ImportReport, kind: str) -> None:
    by_zh = {lookup_key(r["zh"]): r for r in ours.values()}
    for ident, zh, en in pairs:
        record = ours.get(ident) or by_zh.get(lookup_key(zh))
        if record is None:
            if ident.startswith("seed-") or "#context-" in ident:
                continue  # sentences: the TM and contexts are checked by gdterms validate
            report.not_imported.append(f"{ident or zh}: {kind} carries no pinyin, category or "
                                       "context; add new terms from json, csv or tbx")
            continue
        if "#context-" in ident:
            continue
        accepted = {lookup_key(form) for form in (record["en"], *record["en_alternatives"])}
        if lookup_key(en) in accepted:
            report.unchanged.append(record["id"])
        else:
            report.conflicts.append(Conflict(record["id"], "en", record["en"], en))
