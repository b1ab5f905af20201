"""The sentence-level translation memory of the five seeds: source files, checks, compiling.

``tm/NNN.toml`` holds seed NNN as ``[[segment]]`` tables (n, line, zh, en, optional note and
``[segment.exceptions]``), one per segment that ``segment.segment_text`` cuts from the cleaned
seed, in order. Like the glossary, it is edited by hand, checked here, and compiled into the
package at build time (``data/tm.json``).

Checks, each yielding located Problems:

* coverage: the zh of the file's segments are exactly the segments of the cleaned seed, in
  order, with the right numbers and lines, so joining them (with the white space between)
  reproduces the text, and a CAT tool that opens the seed gets a 100 % match everywhere;
* every segment is translated (no empty or padded en);
* numbers: every figure of the zh survives in the en (``numbers.missing_numbers``);
* terminology: every glossary term in the zh is rendered with its preferred English or an
  accepted alternative, and no form to avoid appears (``qa``);
* exceptions: ``[segment.exceptions]`` maps a term id (or ``numbers``) to the reason a check
  does not apply; an exception that no longer silences anything is itself a problem.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterator
from typing import Any

from ..core.model import Problem
from .seeds import Seed
from .source import toml_problem

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..core.glossary import Glossary

__all__ = ["FORMAT", "check_tm", "compile_tm", "read_tm", "skeleton"]

FORMAT = "guangdong-terms-tm"
VERSION = 1
SEGMENT_FIELDS = ("n", "line", "zh", "en", "note", "exceptions")
_HEADER = re.compile(r"\s*\[\[\s*segment\s*\]\]\s*(?:#.*)?")
_KEY = re.compile(r"\s*([A-Za-z0-9_-]+)\s*=")

TmEntry = tuple[str, int, dict[str, Any], dict[str, int]]  # path, index, segment, key lines


def read_tm(tm_dir: str) -> tuple[dict[str, list[TmEntry]], list[Problem]]:
    """Every ``tm/NNN.toml``: segments per seed id, with the line of each key."""
    files: dict[str, list[TmEntry]] = {}
    problems: list[Problem] = []
    if not os.path.isdir(tm_dir):
        return files, [Problem(tm_dir, 0, None, "translation-memory folder not found")]
    for name in sorted(os.listdir(tm_dir)):
        if not name.endswith(".toml"):
            continue
        path = os.path.join(tm_dir, name)
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        try:
            document = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            problems.append(toml_problem(path, error))
            continue
        seed_id = name.removesuffix(".toml")
        if document.get("seed") != seed_id:
            problems.append(Problem(path, 1, None, f"seed = {seed_id!r} expected: the file "
                                    "is named after its seed"))
        segments = document.get("segment", [])
        positions = _positions(text)
        if len(positions) != len(segments):
            positions = [{} for _ in segments]
        files[seed_id] = [(path, index, segment, lines)
                          for index, (segment, lines) in enumerate(zip(segments, positions,
                                                                       strict=True))]
    return files, problems


def _positions(text: str) -> list[dict[str, int]]:
    tables: list[dict[str, int]] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if _HEADER.fullmatch(line):
            tables.append({"": number})
        elif tables and (key := _KEY.match(line)):
            tables[-1].setdefault(key.group(1), number)
    return tables


def _problem(entry: TmEntry, message: str, key: str = "") -> Problem:
    path, index, segment, lines = entry
    label = f"segment {segment.get('n', index + 1)}"
    return Problem(path, lines.get(key, lines.get("", 1)), label, message)


def check_tm(files: dict[str, list[TmEntry]], seeds: dict[str, Seed],
             glossary: Glossary | None) -> list[Problem]:
    """All problems of the TM against the seeds (coverage) and, given a glossary, terminology.

    The build passes no glossary: it has only the standard library, and term recognition
    needs ahocorasick_rs.
    """
    from ..text.segment import segment_text

    problems: list[Problem] = []
    for seed_id in seeds:
        if seed_id not in files:
            problems.append(Problem(f"tm/{seed_id}.toml", 0, None,
                                    f"seed {seed_id} has no translation memory"))
    for seed_id, entries in files.items():
        if seed_id not in seeds:
            if entries:
                problems.append(_problem(entries[0], f"unknown seed {seed_id!r}"))
            continue
        expected = list(segment_text(seeds[seed_id].text))
        for entry, want in zip(entries, expected, strict=False):
            problems.extend(_check_segment(entry, want.number, want.line, want.text, glossary))
        if len(entries) < len(expected):
            first = expected[len(entries)]
            problems.append(Problem(entries[-1][0] if entries else f"tm/{seed_id}.toml", 0,
                                    None, f"{len(expected) - len(entries)} segment(s) missing,"
                                    f" from segment {first.number} (line {first.line}): "
                                    f"{first.text[:40]}"))
        for entry in entries[len(expected):]:
            problems.append(_problem(entry, "segment beyond the end of the seed"))
    return sorted(problems, key=lambda p: (p.path, p.line))


def _check_segment(entry: TmEntry, number: int, line: int, zh: str,
                   glossary: Glossary | None) -> Iterator[Problem]:
    segment = entry[2]
    for key in segment:
        if key not in SEGMENT_FIELDS:
            yield _problem(entry, f"unknown field {key!r} (expected {', '.join(SEGMENT_FIELDS)})",
                           key)
    if segment.get("n") != number or segment.get("line") != line:
        yield _problem(entry, f"expected n = {number}, line = {line}", "n")
    if segment.get("zh") != zh:
        yield _problem(entry, f"zh differs from the seed's segment {number}: expected {zh!r}",
                       "zh")
        return
    english = segment.get("en")
    if not isinstance(english, str) or not english.strip():
        yield _problem(entry, "not translated: en is missing or empty", "en")
        return
    if english != english.strip():
        yield _problem(entry, "en has leading or trailing white space", "en")
    exceptions = segment.get("exceptions", {})
    yield from _check_numbers(entry, zh, english, exceptions)
    if glossary is not None:
        yield from _check_terms(entry, zh, english, exceptions, glossary)


def _check_numbers(entry: TmEntry, zh: str, en: str,
                   exceptions: dict[str, str]) -> Iterator[Problem]:
    from ..text.numbers import missing_numbers

    missing = missing_numbers(zh, en)
    if missing and "numbers" not in exceptions:
        yield _problem(entry, f"numbers of the source missing from en: {', '.join(missing)}",
                       "en")
    elif not missing and "numbers" in exceptions:
        yield _problem(entry, "exceptions.numbers is not needed: the numbers agree",
                       "exceptions")


def _check_terms(entry: TmEntry, zh: str, en: str, exceptions: dict[str, str],
                 glossary: Glossary) -> Iterator[Problem]:
    issues = glossary.check_translation(zh, en)
    flagged = {issue.term.id for issue in issues}
    for issue in issues:
        if issue.term.id in exceptions:
            continue
        if issue.kind == "avoid":
            yield _problem(entry, f"{issue.source_form} ({issue.term.id}): uses the form to "
                           f"avoid {issue.found!r}", "en")
        else:
            wanted = " or ".join(repr(form) for form in issue.expected)
            yield _problem(entry, f"{issue.source_form} ({issue.term.id}): en must use "
                           f"{wanted}", "en")
    for term_id in exceptions:
        if term_id != "numbers" and term_id not in flagged:
            yield _problem(entry, f"exceptions.{term_id} is not needed: no issue to excuse",
                           "exceptions")


def compile_tm(tm_dir: str, seeds: dict[str, Seed]) -> dict[str, Any]:
    """The shipped TM document: ``{"format", "version", "segments": [...]}``, seed order.

    Raises GlossaryError on problems of syntax, coverage or numbers (the checks that need no
    third-party library, so they run in the build too): a broken TM is never packaged.
    """
    from ..core.model import GlossaryError

    files, problems = read_tm(tm_dir)
    problems += check_tm(files, seeds, None)
    if problems:
        raise GlossaryError(f"{tm_dir}: {len(problems)} problem(s); not compiled",
                            tuple(problems))
    rows = []
    for seed_id in sorted(files):
        if seed_id not in seeds:
            continue
        for _, _, segment, _ in files[seed_id]:
            rows.append({"seed": seed_id, "n": segment.get("n"), "line": segment.get("line"),
                         "zh": segment.get("zh"), "en": segment.get("en", ""),
                         "note": segment.get("note", "")})
    return {"format": FORMAT, "version": VERSION, "segments": rows}


def skeleton(seed: Seed, existing: dict[str, str] | None = None) -> str:
    """A TM file for *seed* with every segment and its English where *existing* has it."""
    from ..text.segment import segment_text
    from .source import toml_string

    known = existing or {}
    lines = [f"# Translation memory of seed {seed.id}: {seed.title}",
             f"# One [[segment]] per segment of the cleaned seed (gdterms seeds text {seed.id}),",
             "# as OmegaT's default rules cut it. Format and checks: docs/translation-memory.md.",
             f'seed = "{seed.id}"', ""]
    for piece in segment_text(seed.text):
        lines += ["[[segment]]", f"n = {piece.number}", f"line = {piece.line}",
                  f"zh = {toml_string(piece.text)}",
                  f"en = {toml_string(known.get(piece.text, ''))}", ""]
    return "\n".join(lines)
