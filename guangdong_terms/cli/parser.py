"""The one complete argument parser of ``gdterms``: every verb, option and choice.

Format choices come from the format registry. Each verb's function lives in ``commands``; a
usage error exits 2 (argparse's own convention, which ``main`` keeps).
"""

from __future__ import annotations

import argparse

from ..core.version import __version__
from . import commands
from .arguments import positive_int, score_between

__all__ = ["VERBS", "build_parser"]


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
        lookup.set_defaults(run=commands.cmd_lookup)

    if only in (None, "search"):
        search = verbs.add_parser("search", help="partial search: Chinese, pinyin, initials, English")
        search.add_argument("query", help="e.g. 湾区, dawanqu, da4 wan1 qu1, dwq, neutrino")
        search.add_argument("--limit", type=positive_int, default=10, help="most hits (default 10)")
        search.add_argument("--json", action="store_true", help="print hits as JSON")
        search.set_defaults(run=commands.cmd_search)

    if only in (None, "annotate"):
        annotate = verbs.add_parser("annotate", help="find glossary terms in a Chinese text")
        annotate.add_argument("file", help="a UTF-8 text file, or - for standard input")
        annotate.add_argument("--format", choices=["table", "json", "markdown", "html"],
                              default="table", help="output (default: table)")
        annotate.add_argument("--all", action="store_true",
                              help="every match, overlapping ones too (table and json only)")
        annotate.add_argument("--glossary", metavar="PATH",
                              help="use this glossary (source folder or compiled .json) instead")
        annotate.set_defaults(run=commands.cmd_annotate)

    if only in (None, "candidates"):
        candidates = verbs.add_parser("candidates", help="spans of Chinese text that look like "
                                      "terms and are not in the glossary (for curators)")
        candidates.add_argument("files", nargs="+", metavar="FILE",
                                help="UTF-8 text files, or - for standard input")
        candidates.add_argument("--json", action="store_true", help="print candidates as JSON")
        candidates.add_argument("--glossary", metavar="PATH",
                                help="use this glossary (source folder or compiled .json) instead")
        candidates.set_defaults(run=commands.cmd_candidates)

    if only in (None, "check", "export", "import", "tm"):
        from ..formats import names as format_names

    if only in (None, "check"):
        check = verbs.add_parser("check", help="terminology QA of a bilingual file")
        check.add_argument("file", help="TMX, PO, XLIFF 1.2/2.x, or a CSV/TSV table, "
                           "Chinese -> English or English -> Chinese")
        check.add_argument("--format", choices=format_names("check"),
                           help="the file's format, when its extension does not say")
        check.add_argument("--source-lang", metavar="TAG",
                           help="the source language to read (picks the pair in a file with "
                                "several; default: what the file says)")
        check.add_argument("--target-lang", metavar="TAG",
                           help="the target language to read (default: what the file says, "
                                "else English for a Chinese source, Chinese for an English one)")
        check.add_argument("--encoding", metavar="NAME",
                           help="read a file that is not UTF-8/16/32: gb18030, big5, big5hkscs")
        check.add_argument("--json", action="store_true", help="print the report as JSON")
        check.add_argument("--glossary", metavar="PATH",
                           help="use this glossary (source folder or compiled .json) instead")
        check.set_defaults(run=commands.cmd_check)

    if only in (None, "export"):
        export = verbs.add_parser("export", help="write the glossary and TM in an exchange format")
        export.add_argument("--format", required=True, choices=format_names("export"),
                            help=", ".join(format_names("export")))
        export.add_argument("-o", "--output", metavar="FILE",
                            help="write here (atomically); default: standard output")
        export.add_argument("--source-lang", default="zh-CN", metavar="TAG",
                            help="zh-CN (default), zh-HK, zh-TW, or en for en -> zh files")
        export.add_argument("--target-lang", default="en", metavar="TAG",
                            help="en (default), or the Chinese variant of an en -> zh file")
        export.add_argument("--category", action="append", default=[], metavar="NAME",
                            help="only this category (repeatable); the TM is then left out")
        export.set_defaults(run=commands.cmd_export)

    if only in (None, "import"):
        importer = verbs.add_parser("import", help="merge an exported file into glossary/ "
                                    "(never overwrites: conflicts are reported)")
        importer.add_argument("file", help="json, jsonl, csv, tsv or tbx adds entries; tmx, po, "
                              "pot, mo, tbx-omegat and .utf8 are checked against the glossary")
        importer.add_argument("--format", choices=format_names("import"),
                              help="the file's format, when its name does not say")
        importer.add_argument("--into", default="glossary", metavar="DIR",
                              help="glossary source folder (default: ./glossary)")
        importer.add_argument("--seeds", default="seeds", metavar="DIR",
                              help="seeds folder for validation (default: ./seeds)")
        importer.add_argument("--dry-run", action="store_true", help="report only; write nothing")
        importer.add_argument("--encoding", metavar="NAME",
                              help="read a file that is not UTF-8/16/32: gb18030, big5, "
                                   "big5hkscs (never guessed)")
        importer.set_defaults(run=commands.cmd_import)

    if only in (None, "validate"):
        validate = verbs.add_parser("validate", help="check the glossary source (for curators)")
        validate.add_argument("--glossary", default="glossary", metavar="DIR",
                              help="folder of *.toml source files (default: ./glossary)")
        validate.add_argument("--seeds", default="seeds", metavar="DIR",
                              help="folder with the seed articles and manifest.toml (default: ./seeds)")
        validate.add_argument("--tm", default="tm", metavar="DIR",
                              help="translation-memory folder, checked when it exists (default: ./tm)")
        validate.add_argument("--json", action="store_true", help="print problems as JSON")
        validate.add_argument("--no-candidates", dest="candidates", action="store_false",
                              help="skip the check that every candidate term of the seeds is an "
                              "entry or recorded in SEEDS/not-terms.toml (for a glossary that "
                              "does not cover the seeds, such as a test fixture)")
        validate.add_argument("--recover", action="store_true",
                              help="first finish or undo an interrupted import into the folder")
        validate.set_defaults(run=commands.cmd_validate)

    if only in (None, "stats"):
        stats = verbs.add_parser("stats", help="counts by category and status, overrides")
        stats.add_argument("--glossary", metavar="DIR",
                           help="count a source folder instead of the installed data")
        stats.add_argument("--json", action="store_true", help="print the counts as JSON")
        stats.set_defaults(run=commands.cmd_stats)

    if only in (None, "seeds"):
        seeds = verbs.add_parser("seeds", help="the seed articles: list, or print one's clean text")
        seeds.add_argument("action", choices=["list", "text"])
        seeds.add_argument("seed_id", nargs="?", help="seed id for 'text', e.g. 000")
        seeds.add_argument("--seeds", metavar="DIR", help="seeds folder (default: the installed copy)")
        seeds.set_defaults(run=commands.cmd_seeds)

    if only in (None, "tm"):  # the translation memory (issue 15), in cli/memory.py
        from .memory import add_parser as add_tm_parser

        add_tm_parser(verbs, format_names)

    if only in (None, "pretranslate"):
        pretranslate = verbs.add_parser(
            "pretranslate", help="fill the untranslated units of a PO or XLIFF file from the "
            "translation memory, and print the match analysis")
        pretranslate.add_argument("file", help="a PO, or an XLIFF 1.2 or 2.x file")
        pretranslate.add_argument("-o", "--output", metavar="OUT",
                                  help="write the result here (default: replace FILE; both "
                                       "atomically)")
        pretranslate.add_argument("--min-score", type=score_between(1, 100), default=75, metavar="N",
                                  help="lowest match score that fills a unit (default 75)")
        pretranslate.add_argument("--db", metavar="PATH",
                                  help="the memory to use (default: your own, in the user "
                                       "data folder)")
        pretranslate.add_argument("--source-lang", metavar="TAG",
                                  help="the source language (default: what the file says, "
                                       "else zh-CN)")
        pretranslate.add_argument("--target-lang", metavar="TAG",
                                  help="the target language (default: what the file says, "
                                       "else en)")
        pretranslate.add_argument("--json", action="store_true",
                                  help="print the report as JSON")
        pretranslate.set_defaults(run=commands.cmd_pretranslate)

    if only in (None, "site"):
        site = verbs.add_parser("site", help="write the glossary as a static web site with "
                                "search (works offline, from file://)")
        site.add_argument("-o", "--output", required=True, metavar="DIR",
                          help="folder to write (new, empty, or a site written before)")
        site.set_defaults(run=commands.cmd_site)
    return parser


VERBS = ("lookup", "search", "annotate", "candidates", "check", "export", "import", "validate", "stats",
         "seeds", "tm", "pretranslate", "site")
