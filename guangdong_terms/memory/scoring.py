"""How a stored unit scores against a query: shared by every backend, so all score alike.

The scale is the CAT tools' (docs/memory.md has the table beside OmegaT's and Trados'):

* 101: the key is the query's and the query's preceding segment is one of the unit's
  (a context match); 100: the key is the query's;
* below: the Levenshtein similarity normalised by the longer of the two, over characters
  for Chinese (a Chinese character is about a word) and over word tokens for other
  languages, then penalised: ``NUMBER_PENALTY`` once when the numbers differ,
  ``CODE_PENALTY`` per inline code (by kind) one side has and the other lacks,
  ``PUNCTUATION_PENALTY`` once when the punctuation differs. The edits that changed a number
  or a mark are counted by Levenshtein already; a penalty only sets apart two matches that
  differ in as many characters, one of them in what a translator must not overlook. A fuzzy score is at most
  ``FUZZY_CEILING`` (98): 99 is kept for a number-adapted match and 100 for an exact one.
* an unreviewed unit's score is multiplied by ``UNREVIEWED_FACTOR`` (0.7), as Weblate does.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from ..core.bilingual import Code
from ..core.languages import primary_language

__all__ = ["ADAPTED_SCORE", "ADAPT_FLOOR", "CODE_PENALTY", "FUZZY_CEILING", "NUMBER_PENALTY", "PUNCTUATION_PENALTY",
           "UNREVIEWED_FACTOR", "Scored", "diff_spans", "length_window", "score"]

NUMBER_PENALTY = 1
CODE_PENALTY = 1
PUNCTUATION_PENALTY = 1
UNREVIEWED_FACTOR = 0.7
FUZZY_CEILING = 98
CONTEXT_SCORE = 101
EXACT_SCORE = 100
#: A unit whose source differs from the query only in numbers, its target's numbers replaced
#: (``text.numbers.adapt_numbers``): memoQ and Trados give such a match 99, never 100.
ADAPTED_SCORE = 99
#: The lowest similarity at which a unit is tried for number adaptation even when the minimum
#: score is higher (a long figure changed in a short sentence costs many characters).
ADAPT_FLOOR = 50

_TOKEN = re.compile(r"\w+|[^\w\s]")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def tokens_of(text: str, source_lang: str) -> Sequence[str]:
    """What edits are counted over: the characters of a Chinese text, else its words and
    punctuation marks."""
    if primary_language(source_lang) in ("zh", "ja", "ko"):
        return text
    return _TOKEN.findall(text)


def similarity(query: str, key: str, source_lang: str) -> float:
    """Levenshtein similarity normalised by the longer sequence, 0-100 (rapidfuzz)."""
    return similarities(query, [key], source_lang, 0)[0]


def similarities(query: str, keys: Sequence[str], source_lang: str,
                 min_score: int) -> list[float]:
    """The similarity of each key to the query, 0 for any below *min_score*: rapidfuzz's
    ``process.extract`` in C over all candidates at once, the cutoff letting it stop early."""
    from rapidfuzz.distance import Levenshtein
    from rapidfuzz.process import extract

    if not keys:
        return []
    if primary_language(source_lang) in ("zh", "ja", "ko"):
        choices: Sequence[Sequence[str]] = keys
        wanted: Sequence[str] = query
    else:
        choices = [_TOKEN.findall(key) for key in keys]
        wanted = _TOKEN.findall(query)
    found = [0.0] * len(keys)
    for _, value, position in extract(wanted, choices, scorer=Levenshtein.normalized_similarity,
                                      score_cutoff=min_score / 100, limit=None):
        found[position] = 100.0 * value
    return found


def length_window(length: int, min_score: int, source_lang: str) -> tuple[int, int]:
    """The key lengths (in characters) a unit needs to reach *min_score* against a query
    key of *length*: edits are at least the difference in length, and the similarity is
    normalised by the longer. For word-scored languages, where characters only estimate
    words, the window is twice as wide."""
    ratio = max(min_score, 1) / 100
    if primary_language(source_lang) not in ("zh", "ja", "ko"):
        ratio /= 2
    return max(0, int(length * ratio)), int(length / ratio) + 1


@lru_cache(maxsize=64)  # a query is compared with many units
def numbers_of(text: str) -> Counter[str]:
    """The figures of a text, thousands separators dropped (1,000 and 1000 are one)."""
    return Counter(match.replace(",", "") for match in _NUMBER.findall(
        unicodedata.normalize("NFKC", text)))


@lru_cache(maxsize=64)
def _punctuation(text: str) -> Counter[str]:
    return Counter(char for char in unicodedata.normalize("NFKC", text)
                   if unicodedata.category(char).startswith("P"))


def _difference(first: Counter[str], second: Counter[str]) -> int:
    return sum(((first - second) + (second - first)).values())


class Scored:
    """A unit's score against a query, with what went into it."""

    __slots__ = ("penalties", "score", "similarity")

    def __init__(self, score: int, similarity: float, penalties: tuple[str, ...]) -> None:
        self.score = score
        self.similarity = similarity
        self.penalties = penalties


def score(query: str, query_key: str, source: str, key: str, source_lang: str, *,
          reviewed: bool, context: bool = False, query_codes: Sequence[Code] = (),
          unit_codes: Sequence[Code] = (), plain: float | None = None,
          adapted: bool = False) -> Scored:
    """Score a unit (its *source* and *key*) against a query (its text and key).

    *context* says the query's preceding segment matched one of the unit's (101 if exact).
    Codes are compared only when the query brings some (a plain-text query has none to
    compare). *plain* is the similarity when the caller has computed it already; *adapted*
    says the unit's target had its numbers replaced by the query's (99).
    """
    penalties: tuple[str, ...] = ()
    if adapted:
        value = ADAPTED_SCORE
        plain = similarity(query_key, key, source_lang) if plain is None else plain
    elif key == query_key:
        value = CONTEXT_SCORE if context else EXACT_SCORE
        plain = 100.0
    else:
        if plain is None:
            plain = similarity(query_key, key, source_lang)
        found: list[str] = []
        value = int(plain)
        if numbers_of(query) != numbers_of(source):
            value -= NUMBER_PENALTY
            found.append(f"numbers -{NUMBER_PENALTY}")
        if query_codes:
            codes = _difference(Counter(code.kind for code in query_codes),
                                Counter(code.kind for code in unit_codes))
            if codes:
                value -= CODE_PENALTY * codes
                found.append(f"codes -{CODE_PENALTY * codes}")
        if _punctuation(query) != _punctuation(source):
            value -= PUNCTUATION_PENALTY
            found.append(f"punctuation -{PUNCTUATION_PENALTY}")
        value = max(0, min(value, FUZZY_CEILING))
        penalties = tuple(found)
    if not reviewed:
        value = int(value * UNREVIEWED_FACTOR)
        penalties = (*penalties, f"unreviewed x{UNREVIEWED_FACTOR}")
    return Scored(value, plain, penalties)


def diff_spans(query: str, source: str) -> tuple[tuple[int, int], ...]:
    """The spans of *source* that differ from *query* (characters inserted or replaced; a
    deletion, which has no extent in the source, marks the character after it), merged
    where they touch."""
    from rapidfuzz.distance import Levenshtein

    spans: list[tuple[int, int]] = []
    for operation in Levenshtein.opcodes(query, source):
        tag, start, end = operation.tag, operation.dest_start, operation.dest_end
        if tag == "equal":
            continue
        if start == end:  # a deletion: mark the source character where it happened
            if not source:
                continue
            start, end = min(start, len(source) - 1), min(start, len(source) - 1) + 1
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
    return tuple(spans)
