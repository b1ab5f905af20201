"""What each ``gdterms`` verb does: read its arguments, call the library, render, return the
exit status (0 found / clean, 1 not found / problems, 2 usage or input error).

Every verb imports what it needs inside its function, so that a verb pays only for itself.
"""

from __future__ import annotations

import os
import sys

from ..core import compiled
from ..core.compiled import Record
from .rendering import print_error, print_json, render_record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from argparse import Namespace
    from collections import Counter
    from typing import Any

    from ..core.glossary import Glossary


# --- lookup ----------------------------------------------------------------------------------


def cmd_lookup(args: Namespace) -> int:
    """The term named exactly *args.text*, rendered or as JSON; suggestions when none is."""
    record = compiled.lookup_record(args.text)
    if record is None:
        if args.json:  # a script reads JSON whatever happens: nothing found is null
            print("null")
        print_error(f"no term is named {args.text!r}")
        _suggest(args.text)
        return 1
    if args.json:
        print_json(record)
    else:
        print(render_record(record))
    return 0


def _suggest(text: str) -> None:
    from ..core.search import search_records

    hits = search_records(compiled.records(), text, limit=3)
    if hits:
        names = "; ".join(_hit_label(compiled.records()[hit.position], hit.field) for hit in hits)
        print(f"  did you mean: {names}", file=sys.stderr)


def _hit_label(record: Record, field: str) -> str:
    label = f"{record['zh']} ({record['en']})"
    return f"{label}, which avoids that English" if field == "en_avoid" else label


# --- search ----------------------------------------------------------------------------------


def cmd_search(args: Namespace) -> int:
    """Ranked partial matches of *args.query*."""
    from ..core.search import search_records

    rows = compiled.records()
    hits = search_records(rows, args.query, args.limit)
    if args.json:
        print_json([{"score": hit.score, "field": hit.field, "text": hit.text,
                      "term": rows[hit.position]} for hit in hits])
    else:
        for hit in hits:
            record = rows[hit.position]
            print(f"{hit.score:5.1f}  {record['zh']}  {record['en']}  "
                  f"[{hit.field}: {hit.text}]")
    if not hits:
        print_error(f"nothing matches {args.query!r}")
    return 0 if hits else 1


# --- annotate and check ----------------------------------------------------------------------


def _read_text(name: str) -> str | None:
    try:
        if name == "-":
            return sys.stdin.buffer.read().decode("utf-8-sig")
        with open(name, encoding="utf-8-sig") as handle:
            return handle.read()
    except OSError as error:
        print_error(f"{name}: {error.strerror}")
    except UnicodeDecodeError as error:
        print_error(f"{name}: not UTF-8 ({error.reason} at byte {error.start})")
    return None


def _load_glossary(path: str | None) -> Glossary | None:
    from ..core.model import GlossaryError
    from ..curation.workspace import Glossary

    if path is not None and not os.path.exists(path):
        print_error(f"{path}: no such file or folder (--glossary takes a glossary/ source "
                    "folder, a compiled glossary.json or a JSON export)")
        return None
    try:
        return Glossary.load(path)
    except GlossaryError as error:
        print_error(str(error))
        return None


def cmd_annotate(args: Namespace) -> int:
    """The glossary terms found in a Chinese text file."""
    from .rendering import render_hits

    if args.all and args.format in ("markdown", "html"):
        print_error("--all gives overlapping matches, which cannot be annotated inline; "
               "use --format table or json")
        return 2
    text = _read_text(args.file)
    if text is None:
        return 2
    glossary = _load_glossary(args.glossary)
    if glossary is None:
        return 2
    hits = glossary.find_terms(text, overlapping=args.all)
    sys.stdout.write(render_hits(text, hits, args.format))
    return 0


def cmd_candidates(args: Namespace) -> int:
    """Spans of Chinese text files that look like terms and are not in the glossary."""
    from ..curation.candidates import find_candidates

    texts: dict[str, str] = {}
    for name in args.files:
        text = _read_text(name)
        if text is None:
            return 2
        texts[name] = text
    glossary = _load_glossary(args.glossary)
    if glossary is None:
        return 2
    found = find_candidates(texts, glossary)
    if args.json:
        print_json([candidate.as_dict() for candidate in found])
    else:
        for candidate in found:
            print(f"{candidate.count}\t{candidate.text}\t{candidate.category}\t"
                  f"{','.join(candidate.kinds)}\t{candidate.source}:{candidate.line}\t"
                  f"{candidate.context}")
    return 0


def cmd_check(args: Namespace) -> int:
    """Terminology QA of a bilingual file: each issue printed as it is found, totals and the
    most repeated issues on standard error (or one JSON report)."""
    from collections import Counter

    from ..formats import FormatError
    from ..operations.checking import check_file, describe, describe_entity

    glossary = _load_glossary(args.glossary)
    if glossary is None:
        return 2
    rows: list[dict[str, Any]] = []
    repeats: Counter[tuple[str, str, str]] = Counter()
    segments = flagged = untranslated = unconfirmed = issues = 0
    try:
        run = check_file(args.file, glossary, args.format, source_lang=args.source_lang,
                         target_lang=args.target_lang, encoding=args.encoding)
        for note in run.notes:
            print_error(note)
        for checked in run.results:
            segment = checked.segment
            segments += 1
            untranslated += not segment.translated
            unconfirmed += segment.translated and not segment.confirmed
            found = [describe(args.file, segment, issue) for issue in checked.issues]
            found += [describe_entity(args.file, segment, code) for code in checked.entities]
            flagged += bool(found)
            issues += len(found)
            for row in found:
                repeats[row["kind"], row["term"] or "", row["found"]] += 1
                if args.json:
                    rows.append(row)
                else:
                    print(row["message"])
    except FormatError as error:
        print_error(str(error))
        return 2
    except OSError as error:
        print_error(f"{args.file}: {error.strerror}")
        return 2
    totals = {"segments": segments, "untranslated": untranslated, "unconfirmed": unconfirmed,
              "segments_with_issues": flagged, "issues": issues}
    repeated = [{"kind": kind, "term": term or None, "found": found, "count": count}
                for (kind, term, found), count in repeats.most_common() if count > 1]
    if args.json:
        print_json({"file": args.file, "languages": {"source": run.source_lang,
                                                     "target": run.target_lang},
                    "issues": rows, "totals": totals, "repeated": repeated})
    else:
        print(f"{segments} segment(s) checked ({run.source_lang} -> {run.target_lang}; "
              f"{untranslated} untranslated, {unconfirmed} unconfirmed), {issues} issue(s) in "
              f"{flagged} segment(s)", file=sys.stderr)
        for item in repeated[:10]:
            what = f"found {item['found']!r}" if item["found"] else "not found"
            print(f"  x{item['count']}  {item['term'] or '-'} ({item['kind']}): {what}",
                  file=sys.stderr)
    return 1 if issues else 0


# --- export ----------------------------------------------------------------------------------


def cmd_export(args: Namespace) -> int:
    """The glossary (and TM) in an exchange format, to a file or standard output."""
    from ..core.compiled import CATEGORIES
    from ..formats import FormatError
    from ..operations.exporting import ExportError, export

    unknown = [name for name in args.category if name not in CATEGORIES]
    if unknown:
        print_error(f"unknown category {unknown[0]!r}; expected one of {', '.join(CATEGORIES)}")
        return 2
    try:
        export(args.format, args.output, source_lang=args.source_lang,
               target_lang=args.target_lang, categories=args.category)
    except (ExportError, FormatError) as error:
        print_error(str(error))
        return 2
    except BrokenPipeError:  # `gdterms export | head`: main() treats it as the reader leaving
        raise
    except OSError as error:
        print_error(f"{args.output or 'standard output'}: {error.strerror}")
        return 2
    if args.output:
        print(f"wrote {args.output}", file=sys.stderr)
    return 0


def cmd_import(args: Namespace) -> int:
    """Merge or check an exported file against the glossary source; never overwrites."""
    from collections import Counter

    from ..core.model import GlossaryError
    from ..formats import FormatError
    from ..operations.importing import import_file

    if not os.path.isdir(args.into):
        print_error(f"{args.into}: glossary folder not found (pass --into DIR)")
        return 2
    try:
        report = import_file(args.file, args.into, args.seeds, fmt=args.format,
                             dry_run=args.dry_run, encoding=args.encoding)
    except (FormatError, GlossaryError) as error:  # GlossaryError: an unrecoverable journal
        print_error(str(error))
        return 2
    except OSError as error:  # reading the file, or writing glossary/ (a full disk)
        print_error(f"{error.filename or args.file}: {error.strerror}")
        return 2
    if report.recovered:
        print(f"gdterms: {report.recovered}", file=sys.stderr)
    _print_counted("conflict", report.conflict_counts())
    _print_counted("problem", Counter(str(problem) for problem in report.problems))
    _print_counted("not imported", Counter(report.not_imported))
    _print_counted("retired", Counter(report.retired))
    verb = "added" if report.written else "would add"
    print(f"{verb} {len(report.added)}, unchanged {len(report.unchanged)}, conflicts "
          f"{len(report.conflicts)}, problems {len(report.problems)}, not imported "
          f"{report.not_imported_units}", file=sys.stderr)
    if report.conflicts or report.problems:
        print("nothing was written", file=sys.stderr)
        return 1
    return 0


# A 200 MB memory once printed 52,000 conflict lines: repeats are printed once with a count,
# and at most this many distinct lines of a kind are printed, then how many more there are.
MAX_DISTINCT_LINES = 1000


def _print_counted(kind: str, counts: Counter[str]) -> None:
    """One line per distinct message ("kind (×N): ..." when repeated), at most
    MAX_DISTINCT_LINES of them."""
    for number, (message, times) in enumerate(counts.items()):
        if number == MAX_DISTINCT_LINES:
            print(f"{kind}: ... and {len(counts) - number} more distinct, "
                  f"{counts.total()} in all")
            return
        print(f"{kind} (×{times}): {message}" if times > 1 else f"{kind}: {message}")


# --- validate, stats, seeds ------------------------------------------------------------------


def cmd_validate(args: Namespace) -> int:
    """Every problem of the glossary source and TM, for curators."""
    from ..core.model import GlossaryError
    from ..curation.journal import recover, refusal
    from ..curation.validation import validate

    for folder, what in ((args.glossary, "glossary"), (args.seeds, "seeds")):
        if not os.path.isdir(folder):
            print_error(f"{folder}: {what} folder not found (run from the repository root, or pass "
                   f"--{what} DIR)")
            return 2
    try:
        recovered = recover(args.glossary) if args.recover else None
    except GlossaryError as error:
        print_error(str(error))
        return 2
    if recovered:
        print(f"gdterms: {recovered}", file=sys.stderr)
    refused = refusal(args.glossary)
    if refused:  # a check does not change files unless asked to (--recover)
        print_error(refused)
        return 2
    problems = validate(args.glossary, args.seeds,
                        args.tm if os.path.isdir(args.tm) else None, candidates=args.candidates)
    if args.json:
        print_json([{"path": p.path, "line": p.line, "id": p.term_id, "message": p.message}
                     for p in problems])
    else:
        for problem in problems:
            print(problem)
    if problems:
        print_error(f"{len(problems)} problem(s)")
        return 1
    print("glossary is valid", file=sys.stderr)
    return 0


def cmd_stats(args: Namespace) -> int:
    """Counts by category and status, of the installed data or a source folder."""
    from ..curation.stats import count, render

    if args.glossary:
        from ..core.model import GlossaryError
        from ..curation.workspace import Glossary

        try:
            rows = Glossary.load(args.glossary).records
        except GlossaryError as error:
            print_error(str(error))
            return 2
    else:
        rows = compiled.records()
    counts = count(rows)
    if args.json:
        print_json(counts)
    else:
        print(render(counts))
    return 0


def cmd_seeds(args: Namespace) -> int:
    """List the seed articles, or print one's cleaned text."""
    from ..curation.seeds import SeedError, load_seeds

    folder = args.seeds or os.path.join(compiled.DATA_DIR, "seeds")
    try:
        seeds = load_seeds(folder)
    except SeedError as error:
        print_error(str(error))
        return 2
    if args.action == "list":
        for seed in seeds.values():
            print(f"{seed.id}  {seed.date:<10}  {seed.title}  ({seed.publisher})")
        return 0
    if args.seed_id not in seeds:
        print_error(f"unknown seed {args.seed_id!r}; known: {', '.join(seeds)}")
        return 2
    print(seeds[args.seed_id].text)
    return 0


# --- pretranslate ----------------------------------------------------------------------------


def cmd_pretranslate(args: Namespace) -> int:
    """Fill a PO or XLIFF file's untranslated units from the memory; print the analysis."""
    from ..formats import FormatError
    from ..memory.records import MemoryStoreError
    from ..memory.store import TranslationMemory
    from ..operations.pretranslating import BANDS, pretranslate_file

    try:
        with TranslationMemory.open(args.db) as memory:
            report = pretranslate_file(args.file, memory, output=args.output,
                                       min_score=args.min_score, source_lang=args.source_lang,
                                       target_lang=args.target_lang)
    except (FormatError, MemoryStoreError) as error:
        print_error(str(error))
        return 2
    except OSError as error:
        print_error(f"{error.filename or args.file}: {error.strerror}")
        return 2
    if args.json:
        print_json(report.as_json())
        return 0
    where = report.output if report.written else "nothing written"
    print(f"{report.path} ({report.kind}, {report.source_lang} -> {report.target_lang}): "
          f"{report.confirmed} filled as translated, {report.for_review} for review, "
          f"{report.unmatched} without a match of {report.min_score} or more; {where}")
    if report.skipped:
        print("left alone: " + ", ".join(f"{count} {reason}" for reason, count
                                         in sorted(report.skipped.items())))
    print(f"{'match':<10}{'segments':>10}{'words':>10}")
    for band in BANDS:
        segments, words = report.bands[band.label]
        print(f"{band.label:<10}{segments:>10}{words:>10}")
    print(f"{'total':<10}{sum(row[0] for row in report.bands.values()):>10}"
          f"{sum(row[1] for row in report.bands.values()):>10}")
    print("(words: each Chinese character counts as one, as Trados and memoQ count Chinese)")
    return 0


# --- site ------------------------------------------------------------------------------------


def cmd_site(args: Namespace) -> int:
    """The glossary as a static site in *args.output*, written all or nothing."""
    from ..operations.site import SiteError, write_site

    try:
        count = write_site(args.output)
    except SiteError as error:
        print_error(str(error))
        return 2
    except OSError as error:
        print_error(f"{error.filename or args.output}: {error.strerror}")
        return 2
    index = os.path.join(args.output, "index.html")
    print(f"wrote {count} term cards; open {index}", file=sys.stderr)
    return 0

