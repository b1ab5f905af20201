"""The ``gdterms`` command: a thin layer of argument parsing and rendering over the library.

Exit status: 0 found / clean, 1 not found / problems, 2 usage or input error.

``gdterms lookup`` must start fast, so this module imports only ``argparse``, ``json`` and
``_records`` at the top; the exact-lookup path renders the JSON record directly and never loads
``dataclasses``, pypinyin or OpenCC. Every other verb imports what it needs inside its function.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from . import __version__, _records
from ._records import Record

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing costs ~6 ms to import
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from typing import Any

    from .glossary import Glossary


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser, apart from any I/O so that tests can inspect it.

    With *only*, just that command's sub-parser is built: ``gdterms lookup`` then pays for
    one sub-parser instead of ten (about 6 ms of a ~35 ms start, benchmarks/startup.py).
    """
    parser = argparse.ArgumentParser(
        prog="gdterms",
        description="Guangdong science-and-technology terms: Chinese-English glossary.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    verbs = parser.add_subparsers(dest="verb", metavar="COMMAND", required=True)

    if only in (None, "lookup"):
        lookup = verbs.add_parser("lookup", help="exact lookup by Chinese (any script) or English")
        lookup.add_argument("text", help="a term: 粤港澳大湾区, 粵港澳大灣區, Greater Bay Area ...")
        lookup.add_argument("--json", action="store_true", help="print the record as JSON")
        lookup.set_defaults(run=_cmd_lookup)

    if only in (None, "search"):
        search = verbs.add_parser("search", help="partial search: Chinese, pinyin, initials, English")
        search.add_argument("query", help="e.g. 湾区, dawanqu, da4 wan1 qu1, dwq, neutrino")
        search.add_argument("--limit", type=_positive_int, default=10, help="most hits (default 10)")
        search.add_argument("--json", action="store_true", help="print hits as JSON")
        search.set_defaults(run=_cmd_search)

    if only in (None, "annotate"):
        annotate = verbs.add_parser("annotate", help="find glossary terms in a Chinese text")
        annotate.add_argument("file", help="a UTF-8 text file, or - for standard input")
        annotate.add_argument("--format", choices=["table", "json", "markdown", "html"],
                              default="table", help="output (default: table)")
        annotate.add_argument("--all", action="store_true",
                              help="every match, overlapping ones too (table and json only)")
        annotate.add_argument("--glossary", metavar="PATH",
                              help="use this glossary (source folder or compiled .json) instead")
        annotate.set_defaults(run=_cmd_annotate)

    if only in (None, "check"):
        check = verbs.add_parser("check", help="terminology QA of a bilingual file")
        check.add_argument("file", help="TMX, PO, XLIFF 1.2/2.x, or two-column CSV/TSV")
        check.add_argument("--format", choices=["tmx", "po", "xliff", "csv", "tsv"],
                           help="the file's format, when its extension does not say")
        check.add_argument("--json", action="store_true", help="print the report as JSON")
        check.add_argument("--glossary", metavar="PATH",
                           help="use this glossary (source folder or compiled .json) instead")
        check.set_defaults(run=_cmd_check)

    if only in (None, "export"):
        export = verbs.add_parser("export", help="write the glossary and TM in an exchange format")
        export.add_argument("--format", required=True, choices=_format_names(),
                            help="tmx, tbx (TBX-Basic), tbx-omegat, omegat, po, pot, mo, csv, tsv, "
                                 "json, jsonl")
        export.add_argument("-o", "--output", metavar="FILE",
                            help="write here (atomically); default: standard output")
        export.add_argument("--source-lang", default="zh-CN", metavar="TAG",
                            help="zh-CN (default), zh-HK, zh-TW, or en for en -> zh files")
        export.add_argument("--target-lang", default="en", metavar="TAG",
                            help="en (default), or the Chinese variant of an en -> zh file")
        export.add_argument("--category", action="append", default=[], metavar="NAME",
                            help="only this category (repeatable); the TM is then left out")
        export.set_defaults(run=_cmd_export)

    if only in (None, "import"):
        importer = verbs.add_parser("import", help="merge an exported file into glossary/ "
                                    "(never overwrites: conflicts are reported)")
        importer.add_argument("file", help="json, jsonl, csv, tsv or tbx adds entries; tmx, po, "
                              "pot, mo, tbx-omegat and .utf8 are checked against the glossary")
        importer.add_argument("--format", help="the file's format, when its name does not say")
        importer.add_argument("--into", default="glossary", metavar="DIR",
                              help="glossary source folder (default: ./glossary)")
        importer.add_argument("--seeds", default="seeds", metavar="DIR",
                              help="seeds folder for validation (default: ./seeds)")
        importer.add_argument("--dry-run", action="store_true", help="report only; write nothing")
        importer.set_defaults(run=_cmd_import)

    if only in (None, "validate"):
        validate = verbs.add_parser("validate", help="check the glossary source (for curators)")
        validate.add_argument("--glossary", default="glossary", metavar="DIR",
                              help="folder of *.toml source files (default: ./glossary)")
        validate.add_argument("--seeds", default="seeds", metavar="DIR",
                              help="folder with the seed articles and manifest.toml (default: ./seeds)")
        validate.add_argument("--tm", default="tm", metavar="DIR",
                              help="translation-memory folder, checked when it exists (default: ./tm)")
        validate.add_argument("--json", action="store_true", help="print problems as JSON")
        validate.set_defaults(run=_cmd_validate)

    if only in (None, "stats"):
        stats = verbs.add_parser("stats", help="counts by category and status, overrides")
        stats.add_argument("--glossary", metavar="DIR",
                           help="count a source folder instead of the installed data")
        stats.add_argument("--json", action="store_true", help="print the counts as JSON")
        stats.set_defaults(run=_cmd_stats)

    if only in (None, "seeds"):
        seeds = verbs.add_parser("seeds", help="the seed articles: list, or print one's clean text")
        seeds.add_argument("action", choices=["list", "text"])
        seeds.add_argument("seed_id", nargs="?", help="seed id for 'text', e.g. 000")
        seeds.add_argument("--seeds", metavar="DIR", help="seeds folder (default: the installed copy)")
        seeds.set_defaults(run=_cmd_seeds)
    return parser


VERBS = ("lookup", "search", "annotate", "check", "export", "import", "validate", "stats",
         "seeds")


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    _make_output_safe()
    arguments = [_repair_argument(arg) for arg in (sys.argv[1:] if argv is None else argv)]
    try:
        first = arguments[0] if arguments else None
        args = build_parser(first if first in VERBS else None).parse_args(arguments)
    except SystemExit as stop:  # argparse: --help / --version (0) or a usage error (2)
        return stop.code if isinstance(stop.code, int) else 2
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except _records.DataError as error:
        _error(str(error))
        return 2
    except BrokenPipeError:  # `gdterms ... | head`: the reader left; not an error of ours
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


def _make_output_safe() -> None:
    """Never crash on output: pipes get UTF-8; a non-UTF-8 terminal gets replacements."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding == "utf8" or not hasattr(stream, "reconfigure"):
            continue
        if stream.isatty():
            stream.reconfigure(errors="replace")
        else:
            stream.reconfigure(encoding="utf-8")


def _repair_argument(argument: str) -> str:
    """Under a non-UTF-8 locale, argv arrives with surrogate escapes; the bytes are UTF-8."""
    try:
        return os.fsencode(argument).decode("utf-8")
    except UnicodeError:
        return argument


def _error(message: str) -> None:
    print(f"gdterms: {message}", file=sys.stderr)


def _print_json(value: object) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2))


# --- lookup ----------------------------------------------------------------------------------


def _cmd_lookup(args: argparse.Namespace) -> int:
    record = _records.lookup_record(args.text)
    if record is None:
        _error(f"no term is named {args.text!r}")
        _suggest(args.text)
        return 1
    if args.json:
        _print_json(record)
    else:
        print(render_record(record))
    return 0


def _suggest(text: str) -> None:
    from .ranking import search_records

    hits = search_records(_records.records(), text, limit=3)
    if hits:
        names = "; ".join(_hit_label(_records.records()[hit.position], hit.field) for hit in hits)
        print(f"  did you mean: {names}", file=sys.stderr)


def _hit_label(record: Record, field: str) -> str:
    label = f"{record['zh']} ({record['en']})"
    return f"{label}, which avoids that English" if field == "en_avoid" else label


def render_record(record: Record) -> str:
    """A term as a translator reads it: forms, English, one context, notes."""
    source = record["en_source"]
    rows = [
        ("pinyin", record["pinyin"]),
        ("zh-HK", record["zh_hk"]),
        ("zh-TW", record["zh_tw"]),
        ("aliases", "; ".join(record["aliases"])),
        ("also", "; ".join(record["en_alternatives"])),
        ("avoid", "; ".join(record["en_avoid"])),
        ("category", record["category"]),
        ("source", f"{record['status']}: {source}"),
    ]
    lines = [f"{record['zh']}  {record['en']}"]
    if record.get("definition"):
        lines.append(f"  {'means':<9} {record['definition']}")
    lines += [f"  {name:<9} {value}" for name, value in rows if value]
    if record["contexts"]:
        context = record["contexts"][0]
        span = (f"{context['line']}-{context['end_line']}" if "end_line" in context
                else context.get("line"))
        where = f"seed {context['seed']}" + (f", line {span}" if "line" in context else "")
        lines += [f"  {'context':<9} {context['zh']}  [{where}]", f"  {'':<9} {context['en']}"]
    if record["notes"]:
        lines += [f"  {'notes':<9} {line}" if i == 0 else f"  {'':<9} {line}"
                  for i, line in enumerate(record["notes"].strip().splitlines())]
    return "\n".join(lines)


# --- search ----------------------------------------------------------------------------------


def _cmd_search(args: argparse.Namespace) -> int:
    from .ranking import search_records

    rows = _records.records()
    hits = search_records(rows, args.query, args.limit)
    if args.json:
        _print_json([{"score": hit.score, "field": hit.field, "text": hit.text,
                      "term": rows[hit.position]} for hit in hits])
    else:
        for hit in hits:
            record = rows[hit.position]
            print(f"{hit.score:5.1f}  {record['zh']}  {record['en']}  "
                  f"[{hit.field}: {hit.text}]")
    if not hits:
        _error(f"nothing matches {args.query!r}")
    return 0 if hits else 1


# --- annotate and check ----------------------------------------------------------------------


def _read_text(name: str) -> str | None:
    try:
        if name == "-":
            return sys.stdin.buffer.read().decode("utf-8-sig")
        with open(name, encoding="utf-8-sig") as handle:
            return handle.read()
    except OSError as error:
        _error(f"{name}: {error.strerror}")
    except UnicodeDecodeError as error:
        _error(f"{name}: not UTF-8 ({error.reason} at byte {error.start})")
    return None


def _load_glossary(path: str | None) -> Glossary | None:
    from .glossary import Glossary
    from .model import GlossaryError

    try:
        return Glossary.load(path)
    except GlossaryError as error:
        _error(str(error))
        return None


def _cmd_annotate(args: argparse.Namespace) -> int:
    from .annotate import render_hits

    if args.all and args.format in ("markdown", "html"):
        _error("--all gives overlapping matches, which cannot be annotated inline; "
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


def _cmd_check(args: argparse.Namespace) -> int:
    from .formats import FormatError, read_segments
    from .qa import describe

    glossary = _load_glossary(args.glossary)
    if glossary is None:
        return 2
    report: list[dict[str, Any]] = []
    segments = flagged = 0
    try:
        for segment in read_segments(args.file, args.format):
            segments += 1
            issues = glossary.check_translation(segment.source, segment.target)
            flagged += bool(issues)
            report += [describe(args.file, segment, issue) for issue in issues]
    except FormatError as error:
        _error(str(error))
        return 2
    except OSError as error:
        _error(f"{args.file}: {error.strerror}")
        return 2
    totals = {"segments": segments, "segments_with_issues": flagged, "issues": len(report)}
    if args.json:
        _print_json({"file": args.file, "issues": report, "totals": totals})
    else:
        for item in report:
            print(item["message"])
        print(f"{segments} segment(s) checked, {len(report)} issue(s) in {flagged} segment(s)",
              file=sys.stderr)
    return 1 if report else 0


# --- export ----------------------------------------------------------------------------------


def _format_names() -> list[str]:
    # Kept literal so that building the parser imports no exporter code (lookup stays fast);
    # tests check it equals exporting.FORMATS.
    return ["tmx", "tbx", "tbx-omegat", "omegat", "po", "pot", "mo", "csv", "tsv", "json",
            "jsonl"]


def _cmd_export(args: argparse.Namespace) -> int:
    from ._records import CATEGORIES
    from .exporting import ExportError, export
    from .formats import FormatError

    unknown = [name for name in args.category if name not in CATEGORIES]
    if unknown:
        _error(f"unknown category {unknown[0]!r}; expected one of {', '.join(CATEGORIES)}")
        return 2
    try:
        export(args.format, args.output, source_lang=args.source_lang,
               target_lang=args.target_lang, categories=args.category)
    except (ExportError, FormatError) as error:
        _error(str(error))
        return 2
    except BrokenPipeError:  # `gdterms export | head`: main() treats it as the reader leaving
        raise
    except OSError as error:
        _error(f"{args.output or 'standard output'}: {error.strerror}")
        return 2
    if args.output:
        print(f"wrote {args.output}", file=sys.stderr)
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    from .formats import FormatError
    from .importing import import_file

    if not os.path.isdir(args.into):
        _error(f"{args.into}: glossary folder not found (pass --into DIR)")
        return 2
    try:
        report = import_file(args.file, args.into, args.seeds, fmt=args.format,
                             dry_run=args.dry_run)
    except FormatError as error:
        _error(str(error))
        return 2
    except OSError as error:
        _error(f"{args.file}: {error.strerror}")
        return 2
    for conflict in report.conflicts:
        print(f"conflict: {conflict}")
    for problem in report.problems:
        print(f"problem: {problem}")
    for note in report.not_imported:
        print(f"not imported: {note}")
    for note in report.retired:
        print(f"retired: {note}")
    verb = "added" if report.written else "would add"
    print(f"{verb} {len(report.added)}, unchanged {len(report.unchanged)}, conflicts "
          f"{len(report.conflicts)}, problems {len(report.problems)}", file=sys.stderr)
    if report.conflicts or report.problems:
        print("nothing was written", file=sys.stderr)
        return 1
    return 0


# --- validate, stats, seeds ------------------------------------------------------------------


def _cmd_validate(args: argparse.Namespace) -> int:
    from .checks import validate

    for folder, what in ((args.glossary, "glossary"), (args.seeds, "seeds")):
        if not os.path.isdir(folder):
            _error(f"{folder}: {what} folder not found (run from the repository root, or pass "
                   f"--{what} DIR)")
            return 2
    problems = validate(args.glossary, args.seeds,
                        args.tm if os.path.isdir(args.tm) else None)
    if args.json:
        _print_json([{"path": p.path, "line": p.line, "id": p.term_id, "message": p.message}
                     for p in problems])
    else:
        for problem in problems:
            print(problem)
    if problems:
        _error(f"{len(problems)} problem(s)")
        return 1
    print("glossary is valid", file=sys.stderr)
    return 0


def _cmd_stats(args: argparse.Namespace) -> int:
    from .stats import count, render

    if args.glossary:
        from .glossary import Glossary
        from .model import GlossaryError

        try:
            rows = Glossary.load(args.glossary).records
        except GlossaryError as error:
            _error(str(error))
            return 2
    else:
        rows = _records.records()
    counts = count(rows)
    if args.json:
        _print_json(counts)
    else:
        print(render(counts))
    return 0


def _cmd_seeds(args: argparse.Namespace) -> int:
    from .seeds import SeedError, load_seeds

    folder = args.seeds or os.path.join(os.path.dirname(__file__), "data", "seeds")
    try:
        seeds = load_seeds(folder)
    except SeedError as error:
        _error(str(error))
        return 2
    if args.action == "list":
        for seed in seeds.values():
            print(f"{seed.id}  {seed.date:<10}  {seed.title}  ({seed.publisher})")
        return 0
    if args.seed_id not in seeds:
        _error(f"unknown seed {args.seed_id!r}; known: {', '.join(seeds)}")
        return 2
    print(seeds[args.seed_id].text)
    return 0
