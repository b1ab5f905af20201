"""Find the glossary's English in running English text: the other half of two-way QA.

Every English form of every entry (preferred, accepted alternatives and forms to avoid: an
author who wrote "Hongmeng OS" still means 鸿蒙操作系统) is matched at word boundaries on the
normalised words of ``text.english`` (case, plurals, possessives, hyphens and articles aside),
leftmost-longest, so "Guangdong-Hong Kong-Macao Greater Bay Area" is one hit, not also a hit of
"Greater Bay Area". An acronym ("GBA", "CAS") is matched as written, capitals and all, with an
optional plural or possessive: lower-case "cas" is not the Chinese Academy of Sciences.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import NamedTuple

from ..text.english import WORD, appears_as_written, english_words
from .compiled import Record

__all__ = ["EnglishHit", "EnglishTermFinder", "is_acronym"]

_ACRONYM = re.compile(r"[A-Z][A-Z0-9&]{1,7}")


def is_acronym(form: str) -> bool:
    """One word of capitals (and digits): GBA, CAS, NSFC, 5G is not (it starts with a digit)."""
    return _ACRONYM.fullmatch(form) is not None


def _written_as_such(form: str, text: str) -> bool:
    """Whether a match on normalised words is a use of *form* as written where the words alone
    mislead: a one-word name with a capital ("Dream", the ship; "Director", a title) only with
    that capital, and a hyphenated form ("Guangdong-made") only with its hyphens, not "Guangdong
    made new progress"."""
    words = WORD.findall(form)
    if len(words) == 1 and form != form.lower():
        return appears_as_written(form, text)
    if "-" in form:
        pattern = r"(?<!\w)" + "".join(
            re.escape(part) if part not in ("-", " ") else
            (r"[\-\u2010-\u2015]" if part == "-" else r"\s+")
            for part in re.split(r"(-| )", form)) + r"(?!\w)"
        return re.search(pattern, unicodedata.normalize("NFKC", text), re.IGNORECASE) is not None
    return True


def _spaced(words: str) -> str:
    """Each word between two spaces of its own (" a  b "): a match then starts and ends at word
    boundaries, and two adjacent terms do not share the space between them."""
    return "".join(f" {word} " for word in words.split())


class EnglishHit(NamedTuple):
    """A glossary term's English found in a text: the record's position, the form it matched,
    and whether that form is preferred, an accepted alternative, or one to avoid."""

    position: int
    form: str
    kind: str  # "en", "en_alternative" or "en_avoid"


class EnglishTermFinder:
    """The English forms of one list of records; build once, scan many texts."""

    def __init__(self, records: Sequence[Record]) -> None:
        owners: dict[str, tuple[int, str, str]] = {}
        acronyms: dict[str, tuple[int, str, str]] = {}
        for field in ("en", "en_alternatives", "en_avoid"):
            kind = {"en_alternatives": "en_alternative"}.get(field, field)
            for position, record in enumerate(records):
                forms = record[field] if isinstance(record[field], list) else [record[field]]
                for form in forms:
                    if is_acronym(form):
                        acronyms.setdefault(form, (position, form, kind))
                        continue
                    pattern = _spaced(english_words(form))
                    if pattern:
                        owners.setdefault(pattern, (position, form, kind))
        self._patterns = list(owners)
        self._owners = list(owners.values())
        self._acronyms = acronyms
        self._acronym_pattern = re.compile(
            r"(?<![\w&])(" + "|".join(sorted(map(re.escape, acronyms), key=len, reverse=True))
            + r")(?:'s|’s|s)?(?![\w&])") if acronyms else None
        self._automaton: object | None = None

    def find(self, text: str) -> list[EnglishHit]:
        """Every term whose English occurs in *text*, once each, in order of first occurrence."""
        found: dict[int, EnglishHit] = {}
        if self._patterns:
            for pattern, _, _ in self._matches(_spaced(english_words(text))):
                position, form, kind = self._owners[pattern]
                if position not in found and _written_as_such(form, text):
                    found[position] = EnglishHit(position, form, kind)
        if self._acronym_pattern is not None:
            for match in self._acronym_pattern.finditer(text):
                position, form, kind = self._acronyms[match.group(1)]
                found.setdefault(position, EnglishHit(position, form, kind))
        return list(found.values())

    def _matches(self, words: str) -> list[tuple[int, int, int]]:
        if self._automaton is None:
            import ahocorasick_rs

            self._automaton = ahocorasick_rs.AhoCorasick(
                self._patterns, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
        return self._automaton.find_matches_as_indexes(words)  # type: ignore[attr-defined,no-any-return]
