"""The sentence-level translation memory of the five seeds: source files, checks, compiling.

``tm/NNN.toml`` holds seed NNN as ``[[segment]]`` tables (n, line, zh, en, optional end_line,
replaces, note and ``[segment.exceptions]``), one per segment that ``segment.segment_text``
cuts from the cleaned seed, in order.

``n`` is the segment's id (``seed-NNN-n`` in every export), not its position: CAT tools,
``gdterms import`` and translators' TMX files key on it, so an id once released never changes
meaning. A unit made by joining the pieces of a broken sentence gets a new n and lists the
pieces' ids in ``replaces``; they are retired, never reused, and exports name them on the
successor so other tools can follow.

Like the glossary, the TM is edited by hand, checked here, and compiled into the package at
build time (``data/tm.json``).

Checks, each yielding located Problems:

* coverage: the zh of the file's segments are exactly the segments of the cleaned seed, in
  order, with the right raw lines (``line``, and ``end_line`` where it spans several), so
  joining them (with the white space between) reproduces the text, and a CAT tool that opens
  the cleaned seed gets a 100 % match everywhere;
* every segment is translated (no empty or padded en);
* numbers: every figure of the zh survives in the en (``numbers.missing_numbers``);
* terminology: every glossary term in the zh is rendered with its preferred English or an
  accepted alternative, and no form to avoid appears (``qa``); and, one English per term
  (docs/curators/style.md), a term's head form takes the preferred English unless an exception says why;
* style (``style_problems``, also applied to the glossary's context sentences): no straight
  quotation marks, amounts of renminbi written "RMB 3.58 trillion";
* ids: every n unique, no retired id live again or retired twice;
* exceptions: ``[segment.exceptions]`` maps a term id (or ``numbers``) to the reason a check
  does not apply; an exception that no longer silences anything is itself a problem.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterator
from typing import Any, NamedTuple

from ..core.model import Problem
from .seeds import Seed
from .source import toml_problem

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..core.glossary import Glossary

__all__ = ["FORMAT", "check_tm", "compile_tm", "read_tm", "seed_segments", "skeleton",
           "style_problems"]

FORMAT = "guangdong-terms-tm"
VERSION = 1
SEGMENT_FIELDS = ("n", "line", "end_line", "zh", "en", "replaces", "note", "exceptions")
_HEADER = re.compile(r"\s*\[\[\s*segment\s*\]\]\s*(?:#.*)?")
_KEY = re.compile(r"\s*([A-Za-z0-9_-]+)\s*=")

# docs/curators/style.md, the mechanical rules. A straight double quote is never right; a straight
# single quote is an apostrophe (Guangdong's, enterprises') unless it opens a word, where only
# a quotation mark can stand.
_STRAIGHT_QUOTE = re.compile(r"\"|(?:^|(?<=[\s(\[{—–-]))'(?=\w)")
_SCALE = r"(?:hundred|thousand|million|billion|trillion)"
_CURRENCY = (
    (re.compile(rf"(?i)(?:\d|\b{_SCALE})[\s-]*yuan\b"),
     "an amount in yuan: write RMB before the figure (RMB 3.58 trillion)"),
    (re.compile(r"\bCNY\b"), "CNY: write RMB (RMB 3.58 trillion)"),
    (re.compile(r"\bRMB(?=\d)"), "RMB without a space before the figure: RMB 3.58 trillion"),
    (re.compile(r"[¥￥]"), "the yen/yuan sign: write RMB (RMB 3.58 trillion)"),
)


def style_problems(english: str) -> list[str]:
    """The house style's mechanical rules (docs/curators/style.md) that *english* breaks.

    Checked because a publishable memory must not vary in what a machine can see: one
    quotation style, one way of writing an amount of renminbi.
    """
    found = []
    quotes = [match.start() for match in _STRAIGHT_QUOTE.finditer(english)]
    if quotes:
        found.append(f"straight quotation mark(s) at {', '.join(map(str, quotes))}: use “ ” (or "
                     "‘ ’ inside a quotation)")
    found += [f"{message}, not {match.group(0)!r}" for pattern, message in _CURRENCY
              for match in pattern.finditer(english)]
    return found

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
        expected = seed_segments(seeds[seed_id])
        for entry, want in zip(entries, expected, strict=False):
            problems.extend(_check_segment(entry, want, glossary))
        if len(entries) < len(expected):
            first = expected[len(entries)]
            problems.append(Problem(entries[-1][0] if entries else f"tm/{seed_id}.toml", 0,
                                    None, f"{len(expected) - len(entries)} segment(s) missing,"
                                    f" from segment {len(entries) + 1} (line {first.line}): "
                                    f"{first.zh[:40]}"))
        for entry in entries[len(expected):]:
            problems.append(_problem(entry, "segment beyond the end of the seed"))
        problems.extend(_check_ids(entries))
    return sorted(problems, key=lambda p: (p.path, p.line))


class SeedSegment(NamedTuple):
    """A segment of a cleaned seed with the raw lines it spans (*end_line* == *line* mostly)."""

    line: int
    end_line: int
    zh: str


def seed_segments(seed: Seed) -> list[SeedSegment]:
    """Every segment of *seed*'s cleaned text, in order, located in raw lines."""
    from ..text.segment import segment_spans

    found = []
    for number, text in enumerate(seed.lines, start=1):
        for start, end in segment_spans(text):
            first, last = seed.raw_lines(number, start, end)
            found.append(SeedSegment(first, last, text[start:end]))
    return found


def _check_ids(entries: list[TmEntry]) -> Iterator[Problem]:
    """Ids are for ever: unique, and a retired one (in some ``replaces``) never live again."""
    live: dict[object, TmEntry] = {}
    retired: dict[object, TmEntry] = {}
    for entry in entries:
        segment = entry[2]
        n = segment.get("n")
        if not isinstance(n, int) or n < 1:
            yield _problem(entry, "n must be a positive integer (the segment's id)", "n")
        elif n in live:
            yield _problem(entry, f"n = {n} is already the id of another segment", "n")
        live.setdefault(n, entry)
        replaces = segment.get("replaces", [])
        if not isinstance(replaces, list) or not replaces or not all(
                isinstance(old, int) and old > 0 for old in replaces):
            if "replaces" in segment:
                yield _problem(entry, "replaces must list the retired ids (n) this unit "
                               "succeeds", "replaces")
            continue
        for old in replaces:
            if old in retired:
                yield _problem(entry, f"id {old} is already retired by another segment",
                               "replaces")
            retired.setdefault(old, entry)
    for old, entry in retired.items():
        if old in live:
            yield _problem(entry, f"retired id {old} is still the id of a segment; a retired "
                           "id is never reused", "replaces")


def _check_segment(entry: TmEntry, want: SeedSegment,
                   glossary: Glossary | None) -> Iterator[Problem]:
    segment = entry[2]
    for key in segment:
        if key not in SEGMENT_FIELDS:
            yield _problem(entry, f"unknown field {key!r} (expected {', '.join(SEGMENT_FIELDS)})",
                           key)
    end_line = segment.get("end_line", segment.get("line"))
    if segment.get("line") != want.line or end_line != want.end_line or (
            "end_line" in segment and want.end_line == want.line):
        where = f"line = {want.line}" + (f", end_line = {want.end_line}"
                                         if want.end_line != want.line else " and no end_line")
        yield _problem(entry, f"expected {where} (raw seed lines)", "line")
    zh = want.zh
    if segment.get("zh") != zh:
        yield _problem(entry, f"zh differs from the seed's segment at line {want.line}: "
                       f"expected {zh!r}", "zh")
        return
    english = segment.get("en")
    if not isinstance(english, str) or not english.strip():
        yield _problem(entry, "not translated: en is missing or empty", "en")
        return
    if english != english.strip():
        yield _problem(entry, "en has leading or trailing white space", "en")
    exceptions = segment.get("exceptions", {})
    for message in style_problems(english):
        yield _problem(entry, f"style: {message}", "en")
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
    from ..text.english import english_words

    issues = glossary.check_translation(zh, en)
    # The other way round too: every term whose English the segment uses must be named in its
    # Chinese, or an English -> Chinese export fails its own check.
    forward = {issue.term.id for issue in issues}
    issues += [issue for issue in glossary.check_translation(en, zh, source_lang="en",
                                                             target_lang="zh-CN")
               if issue.term.id not in forward]
    flagged = {issue.term.id for issue in issues}
    # One English per term: the head form of a term takes the preferred English in every
    # segment. An alias (大湾区 for 粤港澳大湾区) is another source form and may take its
    # accepted short alternative.
    words = english_words(en)
    for hit in glossary.find_terms(zh):
        term = hit.term
        if (term.id in flagged or hit.text != term.zh
                or english_words(term.en).strip() in words):
            continue
        flagged.add(term.id)
        if term.id not in exceptions:
            yield _problem(entry, f"{term.zh} ({term.id}): one English per term: en must use "
                           f"the preferred {term.en!r}, or give the reason for another "
                           "rendering in [segment.exceptions]", "en")
    for issue in issues:
        if issue.term.id in exceptions:
            continue
        if issue.kind == "avoid":
            yield _problem(entry, f"{issue.source_form} ({issue.term.id}): uses the form to "
                           f"avoid {issue.found!r}", "en")
        elif issue.source_form == issue.term.en or issue.source_form in (
                *issue.term.en_alternatives, *issue.term.en_avoid):
            named = " or ".join(repr(form) for form in issue.expected)
            yield _problem(entry, f"en uses {issue.source_form!r} ({issue.term.id}), but zh "
                           f"names it nowhere ({named}): fix the English, or record why in "
                           "[segment.exceptions]", "en")
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
            row = {"seed": seed_id, "n": segment.get("n"), "line": segment.get("line"),
                   "zh": segment.get("zh"), "en": segment.get("en", ""),
                   "note": segment.get("note", "")}
            if "end_line" in segment:
                row["end_line"] = segment["end_line"]
            if segment.get("replaces"):
                row["replaces"] = [f"seed-{seed_id}-{old}" for old in segment["replaces"]]
            excused = sorted(key for key in segment.get("exceptions", {}) if key != "numbers")
            if excused:  # terms `gdterms check` of an export is not to report again
                row["excused"] = excused
            rows.append(row)
    return {"format": FORMAT, "version": VERSION, "segments": rows}


def skeleton(seed: Seed, existing: dict[str, str] | None = None) -> str:
    """A TM file for *seed* with every segment and its English where *existing* has it."""
    from .source import toml_string

    known = existing or {}
    lines = [f"# Translation memory of seed {seed.id}: {seed.title}",
             f"# One [[segment]] per segment of the cleaned seed (gdterms seeds text {seed.id}),",
             "# as OmegaT's default rules cut it. Format and checks: docs/curators/translation-memory.md.",
             f'seed = "{seed.id}"', ""]
    for number, piece in enumerate(seed_segments(seed), start=1):
        lines += ["[[segment]]", f"n = {number}", f"line = {piece.line}"]
        if piece.end_line != piece.line:
            lines.append(f"end_line = {piece.end_line}")
        lines += [f"zh = {toml_string(piece.zh)}",
                  f"en = {toml_string(known.get(piece.zh, ''))}", ""]
    return "\n".join(lines)
