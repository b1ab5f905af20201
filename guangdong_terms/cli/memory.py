"""``gdterms tm ...``: the translation memory from the command line, a thin layer over
``guangdong_terms.memory``. Its own module, so that the shared parser and commands gain one
block each; errors are one line naming the file (and line) and exit 2.
"""

from __future__ import annotations

import os
import sys

from .rendering import print_error, print_json

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable

    from ..memory.model import MemoryMatch
    from ..memory.store import TranslationMemory

__all__ = ["add_parser", "highlight"]


def add_parser(verbs: argparse._SubParsersAction[argparse.ArgumentParser],
               format_names: Callable[[str], list[str]]) -> None:
    """The ``tm`` verb and its sub-commands."""
    from .arguments import positive_int, score_between

    tm = verbs.add_parser("tm", help="the translation memory: import, search, concordance, "
                          "stats, export, delete")
    actions = tm.add_subparsers(dest="tm_action", metavar="ACTION", required=True)

    def common(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--db", metavar="PATH", help="the memory: a SQLite file (or a "
                            "postgresql:// URL); default $GDTERMS_MEMORY or the user data "
                            "folder's memory.sqlite3")
        parser.add_argument("--no-shipped", dest="shipped", action="store_false",
                            help="leave out the segments and glossary pairs this package ships")

    importer = actions.add_parser("import", help="add a TMX, PO, XLIFF, CSV or TSV file "
                                  "(one transaction: a broken file adds nothing)")
    importer.add_argument("file")
    common(importer)
    importer.add_argument("--format", choices=format_names("check"),
                          help="the file's format, when its name does not say")
    importer.add_argument("--source-lang", metavar="TAG", help="the source language to read")
    importer.add_argument("--target-lang", metavar="TAG", help="the target language to read")
    importer.add_argument("--encoding", metavar="NAME",
                          help="read a file that is not UTF-8/16/32 (gb18030, big5 ...)")
    importer.add_argument("--scope", default="shared", help="the scope of its units "
                          "(default: shared)")
    importer.add_argument("--json", action="store_true", help="print the report as JSON")
    importer.set_defaults(run=cmd_tm_import)

    delete = actions.add_parser("delete", help="remove one origin's claims (and units only "
                                "it held)")
    delete.add_argument("--origin", required=True, metavar="FILE",
                        help="the file as imported, or 'guangdong_terms VERSION'")
    delete.add_argument("--scope", help="only the claims made in this scope")
    common(delete)
    delete.set_defaults(run=cmd_tm_delete)

    stats = actions.add_parser("stats", help="units, claims, origins, unreviewed units")
    common(stats)
    stats.add_argument("--json", action="store_true", help="print the counts as JSON")
    stats.set_defaults(run=cmd_tm_stats)

    export = actions.add_parser("export", help="write the memory (TMX by default)")
    common(export)
    export.add_argument("--format", default="tmx", choices=format_names("export"))
    export.add_argument("-o", "--output", required=True, metavar="OUT")
    export.add_argument("--source-lang", default="zh-CN", metavar="TAG")
    export.add_argument("--target-lang", default="en", metavar="TAG")
    export.set_defaults(run=cmd_tm_export)

    search = actions.add_parser("search", help="fuzzy matches for a segment, scored as CAT "
                                "tools score")
    search.add_argument("text")
    common(search)
    search.add_argument("--min-score", type=score_between(0, 101), default=70, help="default 70")
    search.add_argument("--limit", type=positive_int, default=5, help="default 5")
    search.add_argument("--previous", metavar="TEXT",
                        help="the segment before (an exact match in the same context is 101)")
    search.add_argument("--source-lang", default="zh-CN", metavar="TAG")
    search.add_argument("--target-lang", default="en", metavar="TAG")
    search.add_argument("--json", action="store_true", help="print matches as JSON")
    search.add_argument("--scope", action="append", dest="scopes", metavar="SCOPE",
                        help="read only this scope (repeatable: shared, project:NAME ...; "
                        "default: every scope)")
    search.set_defaults(run=cmd_tm_search)

    # Issue 16: the schema step an administrator runs where translators' roles may not.
    migrate = actions.add_parser("migrate", help="bring the memory's schema up to date (the "
                                 "administrator's step on a shared PostgreSQL memory)")
    migrate.add_argument("--db", metavar="PATH", help="the memory: a SQLite file or a "
                         "postgresql:// URL (passwords from PGPASSWORD, ~/.pgpass or a "
                         "service file); default $GDTERMS_MEMORY or the user data folder's")
    migrate.set_defaults(run=cmd_tm_migrate)

    concordance = actions.add_parser("concordance", help="units whose source or target "
                                     "contains a phrase")
    concordance.add_argument("text")
    common(concordance)
    concordance.add_argument("--limit", type=positive_int, default=20, help="default 20")
    concordance.add_argument("--source-lang", default="zh-CN", metavar="TAG")
    concordance.add_argument("--target-lang", default="en", metavar="TAG")
    concordance.add_argument("--json", action="store_true", help="print units as JSON")
    concordance.set_defaults(run=cmd_tm_concordance)


def _open(args: argparse.Namespace) -> TranslationMemory | None:
    from ..memory.records import MemoryStoreError
    from ..memory.store import TranslationMemory

    try:
        return TranslationMemory.open(args.db, shipped=args.shipped)
    except MemoryStoreError as error:
        print_error(str(error))
        return None


def cmd_tm_import(args: argparse.Namespace) -> int:
    """Import one file; the report, or one error line and status 2."""
    from ..formats import FormatError
    from ..memory.records import MemoryStoreError

    if not os.path.isfile(args.file):
        print_error(f"{args.file}: no such file")
        return 2
    tm = _open(args)
    if tm is None:
        return 2
    with tm:
        try:
            report = tm.add_file(args.file, args.format, args.source_lang, args.target_lang,
                                 args.encoding, scope=args.scope)
        except (FormatError, MemoryStoreError) as error:
            print_error(f"{error} (nothing was imported)")
            return 2
    if args.json:
        from dataclasses import asdict

        print_json(asdict(report))
        return 0
    print(f"{report.origin}: {report.segments} segments read ({report.source_lang} -> "
          f"{report.target_lang}); {report.added} units added, {report.claimed} already "
          f"stored, {report.duplicates} repeated, {report.untranslated} untranslated skipped, "
          f"{report.unreviewed} unreviewed")
    for note in report.notes:
        print(f"  note: {note}")
    return 0


def cmd_tm_delete(args: argparse.Namespace) -> int:
    """Remove an origin's claims; 1 when it had none."""
    tm = _open(args)
    if tm is None:
        return 2
    with tm:
        removed = tm.delete_origin(args.origin, args.scope)
    if not removed:
        print_error(f"no claims from the origin {args.origin!r}")
        return 1
    print(f"{removed} claims of {args.origin} removed")
    return 0


def cmd_tm_stats(args: argparse.Namespace) -> int:
    """The memory's counts."""
    tm = _open(args)
    if tm is None:
        return 2
    with tm:
        stats = tm.stats()
    if args.json:
        from dataclasses import asdict

        print_json(asdict(stats))
        return 0
    print(f"{stats.location} (schema {stats.schema_version}): {stats.units} units, "
          f"{stats.claims} claims, {stats.origins} origins, {stats.unreviewed} unreviewed")
    for pair, number in stats.pairs:
        print(f"  {pair}: {number} units")
    for name, scope, number in stats.by_origin:
        print(f"  {number:>8}  {name} [{scope}]")
    return 0


def cmd_tm_export(args: argparse.Namespace) -> int:
    """Write the memory through the format registry."""
    from ..formats import FormatError
    from ..memory.records import MemoryStoreError

    tm = _open(args)
    if tm is None:
        return 2
    with tm:
        try:
            written = tm.export(args.output, args.format, source_lang=args.source_lang,
                                target_lang=args.target_lang)
        except (FormatError, MemoryStoreError, OSError) as error:
            print_error(f"{args.output}: {error}")
            return 2
    print(f"{written} units written to {args.output}", file=sys.stderr)
    return 0


def _colour() -> bool:
    """ANSI highlighting only on a terminal, and never with NO_COLOR set (no-color.org)."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def highlight(text: str, spans: tuple[tuple[int, int], ...], colour: bool) -> str:
    """*text* with the *spans* shown: reverse video on a terminal, else [brackets].

    >>> highlight("广州实验室", ((2, 3),), colour=False)
    '广州[实]验室'
    """
    opening, closing = ("\x1b[7m", "\x1b[0m") if colour else ("[", "]")
    pieces, at = [], 0
    for start, end in spans:
        pieces += [text[at:start], opening, text[start:end], closing]
        at = end
    pieces.append(text[at:])
    return "".join(pieces)


def _as_json(match: MemoryMatch) -> dict[str, object]:
    from dataclasses import asdict

    record = asdict(match)
    record["origin"] = match.origin
    record["terms"] = [{"chinese": note.chinese, "english": note.english,
                        "term_id": note.term_id} for note in match.terms]
    record["diff"] = [list(span) for span in match.diff]
    record["marked_source"] = highlight(match.source, match.diff, colour=False)
    return record


def _print_matches(matches: list[MemoryMatch], with_score: bool) -> None:
    colour = _colour()
    for match in matches:
        flags = [flag for flag, on in (("unreviewed", not match.reviewed),
                                       ("via Traditional", match.via_traditional),
                                       ("numbers adapted", match.adapted)) if on]
        head = f"{match.score:>3}  " if with_score else ""
        print(f"{head}{highlight(match.source, match.diff, colour)}")
        print(f"{'':>5}{match.target}" if with_score else f"  {match.target}")
        where = match.origin + (f" ({', '.join(flags)})" if flags else "")
        print(f"{'':>5}[{where}]" if with_score else f"  [{where}]")
        for note in match.terms:
            print(f"{'':>5}term: {note.chinese} = {note.english}")
        for warning in match.warnings:
            print(f"{'':>5}warning: {warning}")


def cmd_tm_search(args: argparse.Namespace) -> int:
    """Fuzzy matches; 1 when there is none at the minimum score."""
    tm = _open(args)
    if tm is None:
        return 2
    with tm:
        matches = tm.search(args.text, min_score=args.min_score, limit=args.limit,
                            previous=args.previous, source_lang=args.source_lang,
                            target_lang=args.target_lang, scopes=args.scopes)
    if args.json:
        print_json([_as_json(match) for match in matches])
    else:
        _print_matches(matches, with_score=True)
    if not matches:
        print_error(f"no match of {args.min_score} or more for {args.text!r}")
    return 0 if matches else 1


def cmd_tm_concordance(args: argparse.Namespace) -> int:
    """Units containing the phrase; 1 when there is none."""
    tm = _open(args)
    if tm is None:
        return 2
    with tm:
        matches = tm.concordance(args.text, limit=args.limit, source_lang=args.source_lang,
                                 target_lang=args.target_lang)
    if args.json:
        print_json([_as_json(match) for match in matches])
    else:
        _print_matches(matches, with_score=False)
    if not matches:
        print_error(f"no unit contains {args.text!r}")
    return 0 if matches else 1


def cmd_tm_migrate(args: argparse.Namespace) -> int:
    """Apply the schema's missing migrations; the version before and after, or one error
    line and status 2 (a role that may not change the schema, a store from a newer version)."""
    from ..memory.records import MemoryStoreError
    from ..memory.store import _backend_for, default_location

    try:
        backend = _backend_for(args.db if args.db is not None else default_location())
    except MemoryStoreError as error:
        print_error(str(error))
        return 2
    try:
        before = backend.schema_version()
        after = backend.migrate()
    except MemoryStoreError as error:
        print_error(str(error))
        return 2
    finally:
        backend.close()
    change = f"migrated from version {before} to {after}" if after != before else (
        f"already at version {after}")
    print(f"{backend.location}: schema {change}")
    return 0
