"""Terminology QA of a whole bilingual file (``gdterms check``), in either direction.

The file's reader comes from the format registry and says which languages the file holds;
``--source-lang`` and ``--target-lang`` choose the pair in a multilingual file, and where a file
names no languages (a plain two-column table) the direction is read off the text: the side with
Chinese in it is the Chinese side. Then each segment goes through the core's check. An empty
target is untranslated (counted, never an issue); an unconfirmed one (PO fuzzy, XLIFF states
before translated) is checked and marked; an entity reference nobody resolved is reported, since
it could hide a form to avoid.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import chain, islice
from typing import Any, NamedTuple

from ..core import compiled
from ..core.bilingual import Code, Segment
from ..core.glossary import Glossary
from ..core.languages import is_chinese, is_english, language_of
from ..core.model import TermIssue
from ..formats import FormatError, read_bilingual
from ..text.normalise import HAN_PATTERN

__all__ = ["CheckRun", "Checked", "check_file", "describe", "describe_entity"]


class Checked(NamedTuple):
    """One segment, its terminology issues, and the unresolved entities in its text."""

    segment: Segment
    issues: list[TermIssue]
    entities: tuple[Code, ...]


class CheckRun(NamedTuple):
    """The pair of languages checked (as folded by ``core.languages``), what the reader said
    about the file, and the results, streamed as the file is read."""

    source_lang: str
    target_lang: str
    notes: tuple[str, ...]
    results: Iterator[Checked]


def check_file(path: str, glossary: Glossary, fmt: str | None = None, *,
               source_lang: str | None = None, target_lang: str | None = None,
               encoding: str | None = None) -> CheckRun:
    """Check every segment of *path*; FormatError for a file that cannot be read as its
    format (or whose languages are not Chinese and English), OSError for one that cannot be
    read at all."""
    bilingual = read_bilingual(path, fmt, source_lang=source_lang, target_lang=target_lang,
                               encoding=encoding)
    segments: Iterable[Segment] = bilingual.segments
    source, target = language_of(bilingual.source_lang), language_of(bilingual.target_lang)
    if not source and not target:
        segments, (source, target) = _direction_from_text(iter(segments))
    source = source or ("en" if is_chinese(target) else "zh-CN")
    target = target or ("en" if is_chinese(source) else "zh-CN")
    if not ((is_chinese(source) and is_english(target))
            or (is_english(source) and is_chinese(target))):
        raise FormatError(f"{path}: {bilingual.source_lang or source} -> "
                          f"{bilingual.target_lang or target}: the check compares Chinese with "
                          "English; pick the pair with --source-lang and --target-lang")
    return CheckRun(source, target, bilingual.notes,
                    _results(segments, glossary, source, target))


def _results(segments: Iterable[Segment], glossary: Glossary, source: str,
             target: str) -> Iterator[Checked]:
    checked = _checked_sentences()
    chinese_is_source = is_chinese(source)
    traditional = (source if chinese_is_source else target) != "zh-CN"
    for segment in segments:
        entities = tuple(code for code in (*segment.source_codes, *segment.target_codes)
                         if code.kind == "entity")
        issues = glossary.check_translation(segment.source, segment.target, source_lang=source,
                                            target_lang=target) if segment.translated else []
        if issues and checked:
            chinese = segment.source if chinese_is_source else segment.target
            excused = checked.get(segment.id) or checked.get(chinese)
            if excused is None and traditional:
                from ..text.chinese import to_simplified

                excused = checked.get(to_simplified(chinese))
            if excused:
                issues = [issue for issue in issues if issue.term.id not in excused]
        yield Checked(segment, issues, entities)


def _checked_sentences() -> dict[str, frozenset[str]]:
    """Sentences of our own TM whose issues a terminologist has checked and recorded (in
    ``[segment.exceptions]``: 湾区 standing for the Greater Bay Area in one sentence only), with
    the terms concerned, so that an export of them is not reported again: keyed by the Chinese
    and by the unit ids our exports give them (the segment's, and each glossary context quoted
    from it)."""
    by_text: dict[str, frozenset[str]] = {}
    checked: dict[str, frozenset[str]] = {}
    for row in compiled.tm_segments():
        if row.get("excused"):
            terms = frozenset(row["excused"])
            by_text[row["zh"]] = checked[row["zh"]] = terms
            checked[f"seed-{row['seed']}-{row['n']}"] = terms
    if not by_text:
        return checked
    for record in compiled.records():
        for number, context in enumerate(record["contexts"], start=1):
            terms = frozenset().union(*(found for text, found in by_text.items()
                                        if context["zh"] in text))
            if terms:
                checked[f"{record['id']}#context-{number}"] = terms
                checked.setdefault(context["zh"], terms)
    return checked


_HAN = re.compile(HAN_PATTERN)


def _direction_from_text(segments: Iterator[Segment]
                         ) -> tuple[Iterator[Segment], tuple[str, str]]:
    """For a file that names no languages: Chinese -> English if its sources hold more Chinese
    than its targets, else English -> Chinese (read from the first 50 segments)."""
    head = list(islice(segments, 50))
    sources = sum(bool(_HAN.search(s.source)) for s in head)
    targets = sum(bool(_HAN.search(s.target)) for s in head)
    languages = ("en", "zh-CN") if targets > sources else ("zh-CN", "en")
    return chain(head, segments), languages


def describe(path: str, segment: Segment, issue: TermIssue) -> dict[str, Any]:
    """One report row: where, which term, what was expected, what was found."""
    expected = " or ".join(f'"{form}"' for form in issue.expected)
    found = {"avoid": f'avoided form "{issue.found}"',
             "simplified": f'the Simplified form "{issue.found}"',
             "variant": f'another region\'s form "{issue.found}"'}.get(issue.kind,
                                                                    "none of them")
    unconfirmed = "" if segment.confirmed else f" [{segment.state}: unconfirmed]"
    message = (f"{path}:{segment.line}: segment {segment.id}: {issue.source_form} "
               f"({issue.term.id}): expected {expected}; found {found}{unconfirmed}")
    return {"path": path, "line": segment.line, "segment": segment.id, "kind": issue.kind,
            "term": issue.term.id, "source_form": issue.source_form,
            "expected": list(issue.expected), "found": issue.found,
            "confirmed": segment.confirmed, "message": message}


def describe_entity(path: str, segment: Segment, code: Code) -> dict[str, Any]:
    """The report row of an entity reference that was never resolved."""
    message = (f"{path}:{segment.line}: segment {segment.id}: unresolved entity reference "
               f"{code.markup or '&' + code.id + ';'}: its text is unknown and could hide a "
               "form to avoid")
    return {"path": path, "line": segment.line, "segment": segment.id, "kind": "entity",
            "term": None, "source_form": "", "expected": [], "found": code.markup,
            "confirmed": segment.confirmed, "message": message}
