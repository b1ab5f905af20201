"""Sentence segmentation of Chinese text, the way CAT tools do it.

The translation memory only fills a translator's document if its segments are exactly the
segments the CAT tool cuts. OmegaT's default SRX rules (``defaultRules.srx``, language rules
"Chinese", then "Default" and "Text", which OmegaT applies in that order for a zh project) are
reproduced here rule for rule; Trados and memoQ break Chinese at the same full-width marks.

SRX semantics: at every position between two characters, the rules are tried in order; the
first rule whose ``beforebreak`` pattern matches text ending there and whose ``afterbreak``
pattern matches text starting there decides, break or no break. No rule, no break. Segments are
then stripped of surrounding white space, as OmegaT stores them. Each line is a paragraph (the
OmegaT text filter with "every line is a paragraph"); a segment never spans two lines.

Consequences worth knowing:

* 。？！ end a sentence, but not when a closing quotation mark or bracket follows: “……。”他说
  stays one segment, as in OmegaT;
* ；，、 never break, nor does a full stop between digits (1.7万, 3.6%);
* a 200-character sentence stays one segment: the TM serves the tools, not the reader.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

__all__ = ["SRX_RULES", "Rule", "segment_line", "segment_spans", "segment_text"]


@dataclass(frozen=True, slots=True)
class Rule:
    """One SRX rule: break (or not) where *before* ends and *after* begins."""

    before: re.Pattern[str]
    after: re.Pattern[str]
    breaks: bool


def _rule(before: str, after: str, breaks: bool) -> Rule:
    return Rule(re.compile(f"(?:{before})$"), re.compile(after), breaks)


#: OmegaT defaultRules.srx: "Chinese" (feature request #945), then "Default", then "Text".
#: Java's \p{Lu} and \p{Nd} become [^\W\d_] with an isupper() check and \d below.
SRX_RULES: tuple[Rule, ...] = (
    _rule(r"[。？！—]", r"[’”\"」）』？—]", breaks=False),
    _rule(r"[、,.．]", r".", breaks=False),
    _rule(r"[。？！]", r".", breaks=True),
    _rule(r"\.\.\.", r"\s+[^A-Z]", breaks=False),
    _rule(r"^\s*\d+[\d.)\]]+\s+", r"[A-Z]", breaks=True),
    _rule(r"[.?!]+", r"\s", breaks=True),
    _rule(r"\n", r" +", breaks=True),
)
# Every beforebreak above ends in one of these characters, so only positions after them can
# break; the rest of the text is skipped without running a regular expression.
_TRIGGERS = frozenset("。？！—、,.．?!)]\n \t\u3000") | frozenset("0123456789")


def _breaks_at(text: str, position: int) -> bool:
    for rule in SRX_RULES:
        if rule.before.search(text, 0, position) and rule.after.match(text, position):
            return rule.breaks
    return False


def segment_spans(paragraph: str) -> list[tuple[int, int]]:
    """(start, end) of each segment of one paragraph, white space around segments excluded.

    >>> p = "江门中微子实验站建成。“梦想”号正式入列！增长1.7万人，达3.6%。"
    >>> [p[s:e] for s, e in segment_spans(p)]
    ['江门中微子实验站建成。', '“梦想”号正式入列！', '增长1.7万人，达3.6%。']
    >>> p = "他说：“已经建成。”随后离开。"
    >>> [p[s:e] for s, e in segment_spans(p)]
    ['他说：“已经建成。”随后离开。']
    """
    cuts = [0]
    cuts += [i for i in range(1, len(paragraph))
             if paragraph[i - 1] in _TRIGGERS and _breaks_at(paragraph, i)]
    cuts.append(len(paragraph))
    spans = []
    for start, end in pairwise(cuts):
        piece = paragraph[start:end]
        stripped = piece.strip()
        if stripped:
            offset = start + (len(piece) - len(piece.lstrip()))
            spans.append((offset, offset + len(stripped)))
    return spans


def segment_line(line: str) -> list[str]:
    """The segments of one line (one paragraph)."""
    return [line[start:end] for start, end in segment_spans(line)]


@dataclass(frozen=True, slots=True)
class TextSegment:
    """A segment of a multi-line text: its number (from 1), line (from 1), and text."""

    number: int
    line: int
    text: str


def segment_text(text: str) -> Iterator[TextSegment]:
    """Every segment of a text, numbered in order; blank lines give none."""
    number = 0
    for line_number, line in enumerate(text.split("\n"), start=1):
        for piece in segment_line(line):
            number += 1
            yield TextSegment(number, line_number, piece)
