"""Find glossary terms in running Chinese text.

One Aho-Corasick automaton (``ahocorasick_rs``, Rust) holds every Chinese form of every term:
the Simplified head form, the aliases, and the Hong Kong and Taiwan forms, so Traditional input
costs no second pass. We use ahocorasick_rs rather than pyahocorasick because the latter's
leftmost-longest ``iter_long`` has a history of missed matches (pyahocorasick #133, #185,
#189) and its trie slows about 25x at 100,000 keywords; see benchmarks/recognize.py.

Text and patterns are folded with one ``str.translate`` table that maps each character to
exactly one character (full-width ASCII to ASCII, every dash to "-", every quotation mark to
'"', ASCII case folded), so offsets in the folded text are offsets in the original: no offset
map, no per-character Python loop. Forms with quotation marks (“梦想”号) also enter the automaton
without them, and forms whose NFKC form differs (鹏城云脑Ⅲ / III) enter in both spellings.

Matches are leftmost-longest and non-overlapping by default (what annotation wants); every
overlapping match on request (what a terminologist auditing a text wants). A match that begins
or ends with a Latin letter or digit must not continue a longer Latin word or number.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from ._records import Record

__all__ = ["FOLD", "TermFinder", "fold"]


def _fold_table() -> dict[int, int]:
    table: dict[int, int] = {}
    for code in range(0xFF01, 0xFF5F):  # full-width ASCII
        table[code] = code - 0xFEE0
    table[0x3000] = ord(" ")
    for dash in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d":
        table[ord(dash)] = ord("-")
    for quote in "“”„‟\"＂「」『』":
        table[ord(quote)] = ord('"')
    for quote in "‘’‚‛'＇":
        table[ord(quote)] = ord("'")
    for code in range(ord("A"), ord("Z") + 1):
        table[code] = code + 32
    for code in range(0xFF21, 0xFF3B):  # full-width A-Z to a-z
        table[code] = code - 0xFEE0 + 32
    return table


#: One character in, one character out, so folding never moves an offset.
FOLD = _fold_table()
_QUOTES = "\"'《》〈〉"


def fold(text: str) -> str:
    """Fold *text* for matching; the result has the same length.

    >>> fold("“梦想”号 ５.０T")
    '"梦想"号 5.0t'
    """
    return text.translate(FOLD)


def _variants(form: str) -> set[str]:
    """The folded spellings under which a form enters the automaton."""
    spellings = {form, unicodedata.normalize("NFKC", form)}
    folded = {fold(spelling) for spelling in spellings}
    folded |= {"".join(c for c in spelling if c not in _QUOTES) for spelling in folded}
    return {spelling for spelling in folded if spelling.strip()}


def _is_word_char(char: str) -> bool:
    return char.isascii() and char.isalnum()


@dataclass(frozen=True, slots=True)
class RawHit:
    """A match over records: character offsets [start, end), the record position, the form."""

    start: int
    end: int
    position: int
    form: str


class TermFinder:
    """The automaton over one list of records; build once, scan many texts."""

    def __init__(self, records: Sequence[Record]) -> None:
        self._records = records
        owners: dict[str, tuple[int, str]] = {}
        for position, record in enumerate(records):
            forms = (record["zh"], *record["aliases"], record["zh_hk"], record["zh_tw"])
            for form in forms:
                for spelling in _variants(form):
                    owners.setdefault(spelling, (position, form))
        self._patterns = list(owners)
        self._owners = list(owners.values())

    @cached_property
    def _longest(self) -> object:
        import ahocorasick_rs

        return ahocorasick_rs.AhoCorasick(self._patterns,
                                          matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)

    @cached_property
    def _standard(self) -> object:
        import ahocorasick_rs

        return ahocorasick_rs.AhoCorasick(self._patterns)

    def find(self, text: str, *, overlapping: bool = False) -> list[RawHit]:
        """Every match in *text*, sorted by start then longest first."""
        folded = fold(text)
        if overlapping:
            matches = self._standard.find_matches_as_indexes(  # type: ignore[attr-defined]
                folded, overlapping=True)
        else:
            matches = self._longest.find_matches_as_indexes(folded)  # type: ignore[attr-defined]
        hits = []
        for pattern, start, end in matches:
            if (_is_word_char(folded[start]) and start > 0 and _is_word_char(folded[start - 1])) \
                    or (_is_word_char(folded[end - 1]) and end < len(folded)
                        and _is_word_char(folded[end])):
                continue
            position, form = self._owners[pattern]
            hits.append(RawHit(start, end, position, form))
        if overlapping:
            hits.sort(key=lambda hit: (hit.start, -hit.end))
        return hits
