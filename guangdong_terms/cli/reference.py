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
    for name, verb, summary in _verbs(parser):
        lines += [f"## gdterms {name}", "", _sentence(summary), "", "```text",
                  _usage(verb).rstrip(), "```", ""]
        rows = [_row(action) for action in verb._actions
                if not isinstance(action, argparse._HelpAction)]
        if rows:
            lines += ["| argument | what it does |", "| --- | --- |", *rows, ""]
    return "\n".join(lines)


def _verbs(parser: argparse.ArgumentParser) -> list[tuple[str, argparse.ArgumentParser, str]]:
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help or "" for choice in action._choices_actions}
            found += [(name, sub, helps.get(name, "")) for name, sub in action.choices.items()]
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
    if action.choices and not isinstance(action.choices, dict):
        what += " Choices: " + ", ".join(f"`{choice}`" for choice in action.choices) + "."
    if action.required and action.option_strings:
        what += " Required."
    return f"| {name} | {_cell(what)} |"


def _sentence(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def _cell(text: str) -> str:
    """Table-safe text: pipes escaped, angle brackets as entities."""
    return html.escape(text.strip(), quote=False).replace("|", "\\|")
