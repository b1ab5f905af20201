"""The ``gdterms`` command: a thin layer of argument parsing and rendering over the library.

Exit status: 0 found / clean, 1 not found / problems, 2 usage or input error.

``gdterms lookup TEXT [--json]`` must start fast, so it skips argparse (about 8 ms of a 25 ms
start, benchmarks/startup.py): ``main`` recognises that exact shape and runs the verb at once;
anything else (another verb, ``--help``, a stray option) goes through the one complete parser
in ``parser``. This module imports only ``os``, ``sys`` and the compiled-data reader at the top.
"""

from __future__ import annotations

import os
import sys

from ..core import compiled

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing costs ~9 ms to import
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from typing import Any

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    _make_output_safe()
    arguments = [_repair_argument(arg) for arg in (sys.argv[1:] if argv is None else argv)]
    plain_lookup = _plain_lookup(arguments)
    if plain_lookup is not None:
        from .commands import cmd_lookup

        run: Callable[[Any], int] = cmd_lookup
        args: Any = plain_lookup
    else:
        from .parser import VERBS, build_parser

        try:
            first = arguments[0] if arguments else None
            args = build_parser(first if first in VERBS else None).parse_args(arguments)
        except SystemExit as stop:  # argparse: --help / --version (0) or a usage error (2)
            return stop.code if isinstance(stop.code, int) else 2
        run = args.run
    try:
        status = run(args)
        sys.stdout.flush()  # here, where a full disk can still be reported, not at exit
        return status
    except compiled.DataError as problem:
        from .rendering import print_error

        print_error(str(problem))
        return 2
    except BrokenPipeError:  # `gdterms ... | head`: the reader left; not an error of ours
        _drop_stdout()
        return 0
    except OSError as problem:  # `gdterms export > /dev/full`: one line, not a traceback
        if problem.filename is not None:
            raise
        _drop_stdout()
        from .rendering import print_error

        print_error(f"cannot write the output: {problem.strerror}")
        return 2


def _drop_stdout() -> None:
    """Point standard output at /dev/null, so that the interpreter's own flush at exit does
    not fail a second time."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no file descriptor (a test's StringIO)
        pass


class _LookupArguments:
    """What argparse would give ``cmd_lookup`` for ``lookup TEXT [--json]``."""

    __slots__ = ("json", "text")

    def __init__(self, text: str, json: bool) -> None:
        self.text = text
        self.json = json


def _plain_lookup(arguments: list[str]) -> _LookupArguments | None:
    """``lookup TEXT``, ``lookup TEXT --json`` or ``lookup --json TEXT``, where TEXT is not an
    option; None for anything else, which argparse then parses (and explains)."""
    if not arguments or arguments[0] != "lookup" or len(arguments) not in (2, 3):
        return None
    rest = arguments[1:]
    wants_json = "--json" in rest
    if wants_json:
        rest.remove("--json")
    if len(rest) != 1 or len(arguments) - 1 != len(rest) + wants_json or rest[0].startswith("-"):
        return None
    return _LookupArguments(rest[0], wants_json)


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
