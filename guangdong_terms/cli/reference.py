"""The command-line reference as Markdown, rendered from the one argument parser.

The user guide's CLI page is generated from ``parser.build_parser`` at documentation build
time (mkdocs_hooks.py), so a verb or option added to the parser is documented without a
second copy to keep in step; tests/test_cli_reference.py checks every option appears.
"""

from __future__ import annotations

import argparse
import html

from .parser import build_parser

__all__ = ["cli_markdown"]

_WIDTH = 88  # help is wrapped for the page, not for whatever terminal runs the build


def cli_markdown(parser: argparse.ArgumentParser | None = None) -> str:
    """The reference page: the overview, then each verb's usage and a table of its arguments."""
    parser = parser or build_parser()
    lines = [
        "# Command-line reference",
        "",
        ("Generated from `guangdong_terms.cli.parser.build_parser`, the one argument parser of "
        "`gdterms`, when the guide is built. Exit status: 0 found (or clean), 1 not found (or "
        "problems), 2 usage or input error."),
        "",
        "```text",
        _help(parser).rstrip(),
        "```",
        "",
    ]
    for name, verb, summary, depth in _verbs(parser, "gdterms"):
        lines += [f"{'#' * (depth + 1)} {name}", "", _sentence(summary), "", "```text",
                  _usage(verb).rstrip(), "```", ""]
        rows = [_row(action) for action in verb._actions
                if not isinstance(action, argparse._HelpAction)]
        if rows:
            lines += ["| argument | what it does |", "| --- | --- |", *rows, ""]
    return "\n".join(lines)


def _verbs(parser: argparse.ArgumentParser, prefix: str, depth: int = 1
           ) -> list[tuple[str, argparse.ArgumentParser, str, int]]:
    """Every sub-command, depth first: ``gdterms tm`` and then ``gdterms tm import`` ..."""
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help or "" for choice in action._choices_actions}
            for name, sub in action.choices.items():
                full = f"{prefix} {name}"
                found.append((full, sub, helps.get(name, ""), depth))
                found += _verbs(sub, full, depth + 1)
    return found


def _formatter(prog: str) -> argparse.HelpFormatter:
    return argparse.HelpFormatter(prog, width=_WIDTH)


def _help(parser: argparse.ArgumentParser) -> str:
    parser.formatter_class = _formatter
    return parser.format_help()


def _usage(parser: argparse.ArgumentParser) -> str:
    parser.formatter_class = _formatter
    return parser.format_usage()


def _row(action: argparse.Action) -> str:
    if action.option_strings:
        name = ", ".join(f"`{option}`" for option in action.option_strings)
        if action.nargs != 0:
            name += f" `{action.metavar or action.dest.upper()}`"
    else:
        name = f"`{action.metavar or action.dest}`"
    what = action.help or ""
    if isinstance(action, argparse._SubParsersAction):
        what = "one of " + ", ".join(f"`{choice}`" for choice in action.choices) + ", below"
    elif action.choices:
        what = _then(what, "Choices: " + ", ".join(f"`{choice}`" for choice in action.choices) + ".")
    default = action.default
    if (action.option_strings and action.nargs != 0 and default not in (None, [], argparse.SUPPRESS)
            and "default" not in what):
        what = _then(what, f"Default: `{default}`.")
    if action.required and action.option_strings:
        what = _then(what, "Required.")
    return f"| {name} | {_cell(what)} |"


def _then(text: str, more: str) -> str:
    """*text* as a sentence, then *more*."""
    text = text.strip()
    return f"{text.rstrip('.')}. {more}" if text else more


def _sentence(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def _cell(text: str) -> str:
    """Table-safe text: pipes escaped, angle brackets as entities."""
    return html.escape(text.strip(), quote=False).replace("|", "\\|")
