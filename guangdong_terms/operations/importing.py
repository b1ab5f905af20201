"""Import an exported file back into the glossary source, with a conflict report.

Rules, so that an import can never lose curated work:

* an entry whose id is new is added; one identical to ours is unchanged; one that differs is a
  **conflict**, reported field by field and never overwritten;
* a new entry whose Chinese or English form already names another entry is a conflict too;
* any conflict, or any problem ``gdterms validate`` finds in the merged result, means nothing
  is written. The merged glossary is built and validated in a scratch folder first (removed
  whatever happens), and the files that changed are then replaced all or nothing through a
  journal (``curation/journal.py``), so that even a kill leaves glossary/ all old or all new;
  an interrupted import is finished or undone when the next import starts.

Formats that carry whole records (JSON, JSON Lines, CSV, TSV, TBX-Basic) can add entries.
Formats that carry only pairs (TMX, PO, POT, MO, both OmegaT glossaries) are checked against
the glossary, whichever way round they translate (a reverse catalogue en -> zh_TW is compared
with the zh_tw forms): term units must agree with the curated Chinese of their variant and with
an accepted English form, context units (``id#context-N``) with that context sentence, and a
term the glossary lacks is reported, not imported. Translation-memory segments
(``seed-NNN-N`` in any format, or a unit whose zh-CN text is a segment's, as in a CAT tool's own
project memory) are checked against ``tm/``: their Chinese is fixed by the seeds, so an import
can only agree with ours or conflict. A segment id that has been retired (the piece of a
sentence the capture broke, since joined) is compared with its successor, and the report says
so: memories built from earlier releases still line up.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from ..core.languages import chinese_variant, curated_fields, is_chinese, is_english, language_of
from ..core.model import Problem
from ..curation import journal
from ..curation.source import FIELDS, SourceEntry, dump_file, normalise, read_source
from ..formats import Format, find, for_path
from ..text.normalise import lookup_key

__all__ = ["Conflict", "ImportReport", "import_file"]

Record = dict[str, Any]


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
    retired: list[str] = field(default_factory=list)  # retired segment ids, and what became of them
    written: bool = False
    # Units of the file that were neither added nor compared (``not_imported`` names each kind
    # once: one note may stand for thousands of units).
    not_imported_units: int = 0
    # What was done about an import interrupted before this one (see curation/journal.py).
    recovered: str | None = None

    def conflict_counts(self) -> Counter[str]:
        """Each distinct conflict message, with how often it occurs, in order of first
        occurrence: a large memory repeats one disagreement thousands of times."""
        return Counter(str(conflict) for conflict in self.conflicts)


def detect_format(path: str, fmt: str | None) -> Format:
    """The format named, or the one the file's extension (and, for .tbx, its content) implies."""
    return find(fmt, "import") if fmt else for_path(path, "import")


class Pair(NamedTuple):
    """One unit of a pair-only file, turned round so that Chinese is always ``zh``.

    ``id`` is the file's unit id ("" where the format has none: OmegaT's tab glossary);
    ``variant`` is the Chinese variant of ``zh`` (zh-CN, zh-HK or zh-TW, or "" where the file
    does not say); either text may be "" where the file leaves it empty (a POT has no
    translations).
    """

    id: str
    zh: str
    en: str
    variant: str


def _pairs(path: str, fmt: Format, encoding: str | None) -> list[Pair]:
    """The pairs of a pair-only file, whichever way round it translates; an unconfirmed
    translation (PO fuzzy, XLIFF before translated) is read as none."""
    assert fmt.read_segments is not None
    source, target, segments, _ = fmt.read_segments(path, encoding=encoding)
    reverse = is_chinese(language_of(target)) or is_english(language_of(source))
    pairs = []
    for s in segments:
        translation = s.target if s.confirmed else ""
        pairs.append(Pair(s.id, translation, s.source, chinese_variant(target)) if reverse
                     else Pair(s.id, s.source, translation, chinese_variant(source)))
    return pairs


def _chinese_owners(ours: dict[str, Record]) -> dict[str, Record]:
    """Lookup key of every curated Chinese form -> its entry (a head form's own entry first)."""
    owners: dict[str, Record] = {}
    for field_name in ("zh", "aliases", "zh_hk", "zh_tw", "aliases_hk", "aliases_tw"):
        for entry in ours.values():
            forms = entry[field_name] if field_name.startswith("aliases") else [entry[field_name]]
            for form in forms:
                owners.setdefault(lookup_key(form), entry)
    return owners


def _by_sentence(pairs: list[Pair], ours: dict[str, Record], owners: dict[str, Record],
                 tm: dict[str, tuple[str, str]],
                 pieces: dict[str, str] | None = None) -> list[Pair]:
    """Give a unit without one of our ids the id of the TM segment whose Chinese it carries.

    A CAT tool's own memory (OmegaT's project_save.tmx, a Trados export) has no ``seed-NNN-N``
    tuids, but its sentences are our seed sentences: matched by their exact zh-CN text, the
    translator's English is checked against tm/ like any segment of ours. A memory made from
    the raw capture holds the pieces of the sentences it broke; a piece takes its retired id
    (*pieces*), which is then followed to the joined unit.
    """
    segment_of = {**(pieces or {}), **{zh: ident for ident, (zh, _) in tm.items()}}
    return [pair._replace(id=segment_of[pair.zh])
            if pair.variant in ("zh-CN", "") and pair.zh in segment_of and pair.id not in ours
            and not pair.id.startswith("seed-") and "#context-" not in pair.id
            and lookup_key(pair.zh) not in owners else pair  # a term's unit stays a term's
            for pair in pairs]


def _comparable(record: Record) -> Record:
    result = normalise(record)
    for context in result["contexts"]:
        context.pop("line", None)
        context.pop("end_line", None)
    return result


def import_file(path: str, glossary_dir: str, seeds_dir: str, *, fmt: str | None = None,
                dry_run: bool = False, encoding: str | None = None) -> ImportReport:
    """Merge *path* into the glossary source folder; see the module docstring for the rules."""
    spec = detect_format(path, fmt)
    recovered = journal.recover(glossary_dir)
    entries, problems = read_source(glossary_dir)
    report = ImportReport(problems=problems, recovered=recovered)
    if problems:
        return report
    ours = {entry.record["id"]: entry.record for entry in entries}
    tm, retired = _tm_segments(os.path.join(os.path.dirname(os.path.abspath(glossary_dir)),
                                            "tm"))
    if spec.read_glossary is None:
        owners = _chinese_owners(ours)
        pairs = _by_sentence(_pairs(path, spec, encoding), ours, owners, tm,
                             _retired_pieces(tm, retired, seeds_dir))
        _check_segments([p for p in pairs if p.id.startswith("seed-")], tm, report, retired)
        _check_pairs([p for p in pairs if not p.id.startswith("seed-")], ours, owners, report,
                     spec.name)
        report.unchanged = list(dict.fromkeys(report.unchanged))
        report.not_imported_units += len(report.not_imported)
        report.not_imported = list(dict.fromkeys(report.not_imported))
        return report
    incoming, segments = spec.read_glossary(path, encoding=encoding)
    _check_segments([Pair(f"seed-{row['seed']}-{row['n']}", row["zh"], row["en"], "zh-CN")
                     for row in segments], tm, report, retired)
    report.not_imported_units += len(report.not_imported)
    report.not_imported = list(dict.fromkeys(report.not_imported))
    merged = _merge(incoming, ours, report)
    if report.conflicts or not report.added:
        return report
    # A dry run validates too (in the scratch copy), so it reports what a real run would refuse.
    report.problems = _write_validated(merged, glossary_dir, seeds_dir, path, set(report.added),
                                       {entry.id: entry for entry in entries}, write=not dry_run)
    report.written = not dry_run and not report.problems
    return report


def _merge(incoming: Iterable[Record], ours: dict[str, Record], report: ImportReport
           ) -> list[Record]:
    owners = {}
    for record in ours.values():
        for form in (record["zh"], *record["aliases"], *record["aliases_hk"],
                     *record["aliases_tw"], record["en"], *record["en_alternatives"]):
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


def _write_validated(records: list[Record], glossary_dir: str, seeds_dir: str,
                     import_path: str, added: set[str], real: dict[str | None, SourceEntry], *,
                     write: bool = True) -> list[Problem]:
    """Stage the merged glossary in a scratch folder, validate it, and (with *write*) commit
    the files that changed through the journal; problems are pointed at the imported file or
    glossary/ (see _relocate). The scratch folder is removed on every path out."""
    from ..core.compiled import CATEGORIES
    from ..curation.validation import validate

    unknown = [Problem(import_path, _line_of(import_path, r["id"]), r["id"],
                       f"unknown category {r['category']!r} (expected one of "
                       f"{', '.join(CATEGORIES)})")
               for r in records if r["category"] not in CATEGORIES]
    if unknown:  # also keeps a category such as "../x" from naming a file outside the folder
        return unknown
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
            return _relocate(problems, staged, glossary_dir, import_path, added, real)
        if write:
            journal.commit(glossary_dir, _changed(staged, glossary_dir))
        return []
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _changed(staged: str, glossary_dir: str) -> dict[str, bytes]:
    """The staged files whose bytes differ from glossary/'s (or that it lacks): path -> bytes."""
    changes = {}
    for name in sorted(os.listdir(staged)):
        with open(os.path.join(staged, name), "rb") as handle:
            data = handle.read()
        target = os.path.join(glossary_dir, name)
        try:
            with open(target, "rb") as handle:
                if handle.read() == data:
                    continue
        except FileNotFoundError:
            pass
        changes[target] = data
    return changes


def _line_of(path: str, ident: str) -> int:
    """The line of an incoming file where entry *ident* starts (its id, first in every
    full-record format; ``t-ID`` in TBX); 1 if it cannot be found. Read only to report a
    problem."""
    with open(path, encoding="utf-8", errors="replace") as handle:
        text = handle.read()
    found = re.search(rf"(?<![a-z0-9-])(?:t-)?{re.escape(ident)}(?![a-z0-9-])", text)
    return text.count("\n", 0, found.start()) + 1 if found else 1


def _relocate(problems: list[Problem], staged: str, glossary_dir: str, import_path: str,
              added: set[str], real: dict[str | None, SourceEntry]) -> list[Problem]:
    """Problems found in the scratch copy, pointed at the files the user has.

    A problem of an incoming entry points at that entry in the imported file; one of an
    entry already in the glossary at its line in glossary/; "(path:line)" references inside
    messages are moved the same way, so no message names the scratch folder, deleted by then.
    """
    staged_entries, _ = read_source(staged)
    starts = sorted((entry.path, entry.line(), entry.id or "") for entry in staged_entries)

    def place(path: str, line: int) -> tuple[str, int]:
        holder = max(((start, ident) for where, start, ident in starts
                      if where == path and start <= line), default=None)
        if holder is None:
            return os.path.join(glossary_dir, os.path.basename(path)), line
        start, ident = holder
        if ident in added or ident not in real:
            return import_path, _line_of(import_path, ident)
        return real[ident].path, real[ident].line() + line - start

    def in_message(match: re.Match[str]) -> str:
        path, line = place(match.group(1), int(match.group(2)))
        return f"({path}:{line})"

    moved = []
    reference = re.compile(rf"\(({re.escape(staged)}[^():]*):(\d+)\)")
    for problem in problems:
        path, line = (place(problem.path, problem.line) if problem.path.startswith(staged)
                      else (problem.path, problem.line))
        moved.append(Problem(path, line, problem.term_id,
                             reference.sub(in_message, problem.message)))
    return moved


def _tm_segments(tm_dir: str) -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    """Our TM as segment id (``seed-NNN-N``) -> (zh, en), and retired id -> successor id;
    both empty if there is no tm/ folder."""
    from ..curation.tm_source import read_tm

    if not os.path.isdir(tm_dir):
        return {}, {}
    files, _ = read_tm(tm_dir)
    segments = {f"seed-{seed}-{segment.get('n')}": (segment.get("zh", ""),
                                                    segment.get("en", ""))
                for seed, entries in files.items() for _, _, segment, _ in entries}
    retired = {f"seed-{seed}-{old}": f"seed-{seed}-{segment.get('n')}"
               for seed, entries in files.items() for _, _, segment, _ in entries
               for old in segment.get("replaces", []) if isinstance(old, int)}
    return segments, retired


def _retired_pieces(tm: dict[str, tuple[str, str]], retired: dict[str, str],
                    seeds_dir: str) -> dict[str, str]:
    """The Chinese of each retired piece -> its retired id, rebuilt from the joined unit.

    A joined unit lists its pieces' ids in order, and the seed knows where its raw lines meet,
    so the pieces of the first release are recovered without keeping their text.
    """
    from ..curation.seeds import SeedError, load_seeds

    if not retired:
        return {}
    try:
        seeds = load_seeds(seeds_dir)
    except SeedError:
        return {}
    olds: dict[str, list[str]] = {}
    for old, successor in retired.items():
        olds.setdefault(successor, []).append(old)
    found: dict[str, str] = {}
    for successor, ids in olds.items():
        seed = seeds.get(successor.split("-")[1])
        texts = seed.raw_pieces(tm[successor][0]) if seed and successor in tm else []
        if len(texts) == len(ids):
            found.update(zip(texts, ids, strict=True))
    return found


def _same(ours: str, theirs: str) -> bool:
    """Equal but for runs of white space (OmegaT's glossary keeps every form on one line)."""
    return ours.split() == theirs.split()


def _check_segments(incoming: list[Pair], tm: dict[str, tuple[str, str]],
                    report: ImportReport, retired: dict[str, str] | None = None) -> None:
    """TM segments are fixed by the seeds: an import can only agree with ours or conflict.

    The Chinese is compared only in zh-CN files: the zh-HK and zh-TW sentences are made by
    OpenCC at export time, not curated, so there is nothing of ours to compare them with.
    A retired id is compared with its successor: its Chinese must be that sentence or (as
    an earlier release had it) a piece of it; a piece's English translates a fragment, so it
    is not compared with the whole sentence's, and the report says so.
    """
    successors = retired or {}
    if incoming and not tm:
        report.not_imported.append(f"{len(incoming)} translation-memory segments: no tm/ folder "
                                   "beside the glossary folder to check them against")
        report.not_imported_units += len(incoming) - 1  # the note counts as one below
        return
    for pair in incoming:
        if pair.id not in tm and successors.get(pair.id) in tm:
            successor = successors[pair.id]
            zh, en = tm[successor]
            theirs = _simplified(pair)
            if theirs and theirs != zh and theirs in zh:
                report.retired.append(f"{pair.id}: retired, a piece of {successor}; its English "
                                      f"translates a fragment and is not compared; use "
                                      f"{successor}'s")
                continue
            report.retired.append(f"{pair.id}: retired; compared with its successor "
                                  f"{successor}")
            _compare(report, successor, [("zh", zh, theirs, [zh]), ("en", en, pair.en, [en])],
                     where="tm")
            continue
        if pair.id not in tm:
            report.not_imported.append(f"{pair.id}: no such segment in the translation memory")
            continue
        zh, en = tm[pair.id]
        _compare(report, pair.id, [("zh", zh, _simplified(pair), [zh]), ("en", en, pair.en, [en])],
                 where="tm")


def _simplified(pair: Pair) -> str:
    """The pair's Chinese where it can be compared with curated Simplified text, else ""."""
    return pair.zh if pair.variant == "zh-CN" else ""


def _compare(report: ImportReport, ident: str,
             fields: list[tuple[str, object, str, list[str]]], where: str = "glossary") -> None:
    """Each (field, ours as reported, theirs, accepted forms): a conflict where theirs is
    given and none of the accepted forms; the unit is unchanged where nothing conflicts."""
    agreed = True
    for name, mine, theirs, accepted in fields:
        if theirs and not any(_same(form, theirs) for form in accepted):
            report.conflicts.append(Conflict(ident, name, mine, theirs, where))
            agreed = False
    if agreed:
        report.unchanged.append(ident)


def _check_pairs(pairs: list[Pair], ours: dict[str, Record], owners: dict[str, Record],
                 report: ImportReport, kind: str) -> None:
    """Term and context units of a pair-only file against the glossary, field by field."""
    for pair in pairs:
        base, _, context = pair.id.partition("#context-")
        if context:
            _check_context(pair, ours.get(base), context, report)
            continue
        record = ours.get(pair.id) or owners.get(lookup_key(pair.zh))
        if record is None:
            report.not_imported.append(f"{pair.id or pair.zh}: {kind} carries no pinyin, "
                                       "category or context; add new terms from json, csv or tbx")
            continue
        # A file that does not name its variant may carry any curated form of the entry.
        fields = curated_fields(pair.variant) if pair.variant else (
            "zh", "aliases", "zh_hk", "aliases_hk", "zh_tw", "aliases_tw")
        chinese = [form for name in fields
                   for form in (record[name] if name.startswith("aliases") else [record[name]])]
        reported = fields[0] if not fields[0].startswith("aliases") else "zh"
        _compare(report, record["id"], [
            (reported, record[reported], pair.zh, chinese),
            ("en", record["en"], pair.en, [record["en"], *record["en_alternatives"]])])


def _check_context(pair: Pair, record: Record | None, number: str,
                   report: ImportReport) -> None:
    """A context unit (``id#context-N``) against the entry's N-th context sentence."""
    contexts = record["contexts"] if record else []
    if not number.isdigit() or not 1 <= int(number) <= len(contexts):
        report.not_imported.append(f"{pair.id}: no such context sentence in the glossary")
        return
    context = contexts[int(number) - 1]
    _compare(report, pair.id, [
        ("contexts.zh", context["zh"], _simplified(pair), [context["zh"]]),
        ("contexts.en", context["en"], pair.en, [context["en"]])])
