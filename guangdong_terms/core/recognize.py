"""Find glossary terms in running Chinese text.

One Aho-Corasick automaton (``ahocorasick_rs``, Rust) holds every Chinese form of every term:
the Simplified head form, the aliases, and the Hong Kong and Taiwan forms of both, so
Traditional input costs no second pass. We use ahocorasick_rs rather than pyahocorasick because the latter's
leftmost-longest ``iter_long`` has a history of missed matches (pyahocorasick #133, #185,
#189) and its trie slows about 25x at 100,000 keywords; see benchmarks/recognize.py.

Nothing is done to the text: instead each form enters the automaton in every spelling a writer
might use (upper, lower and original case; half-width and full-width letters and digits; each
dash; each quotation-mark style, or none; NFKC forms such as III for Ⅲ). A text copy of the
text would cost a per-character pass as long as the scan itself (benchmarks/recognize.py
measured find_terms at 3.9x raw ahocorasick_rs that way); the variants cost a few more
patterns and keep offsets in the caller's text for free.

Matches are leftmost-longest and non-overlapping by default (what annotation wants); every
overlapping match on request (what a terminologist auditing a text wants). A match that begins
or ends with a Latin letter or digit must not continue a longer Latin word or number.
"""

from __future__ import annotations

import gc
import unicodedata
from collections.abc import Callable, Sequence
from functools import cached_property
from typing import NamedTuple

from .compiled import Record
from .model import Term

__all__ = ["TermFinder", "TermHit", "variants"]


class TermHit(NamedTuple):
    """A glossary term found in a text: ``text[start:end]`` is ``text``, a spelling of ``form``.

    Offsets count characters (Python string indexes), not bytes. A named tuple rather than a
    frozen class: term recognition makes one per hit, and a frozen dataclass costs several
    times as much to build (benchmarks/recognize.py).
    """

    start: int
    end: int
    text: str
    form: str
    term: Term

    @property
    def en(self) -> str:
        """The preferred English of the term found."""
        return self.term.en


_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uff0d"
_DASH_STYLES = ("-", "\u2014", "\u2013", "\u2015", "\uff0d")
_QUOTE_PAIRS = {"“": "”", "\"": "\"", "「": "」", "『": "』", "‘": "’", "'": "'", "《": "》"}
_QUOTE_CHARS = frozenset(_QUOTE_PAIRS) | frozenset(_QUOTE_PAIRS.values())
_QUOTE_STYLES = (("“", "”"), ('"', '"'), ("「", "」"), ("『", "』"), ("", ""))
_FULL_WIDTH = {code: code + 0xFEE0 for code in range(0x21, 0x7F)}
_HALF_WIDTH = {code + 0xFEE0: code for code in range(0x21, 0x7F)}
#: Spellings per form at most; past it a form keeps its plainer variants only.
MAX_VARIANTS = 200


def _with_quotes(form: str, opening: str, closing: str) -> str:
    out, inside = [], False
    for char in form:
        if char in _QUOTE_CHARS:
            out.append(closing if inside else opening)
            inside = not inside
        else:
            out.append(char)
    return "".join(out)


def _with_dash(form: str, dash: str) -> str:
    return "".join(dash if char in _DASHES else char for char in form)


def _case_variants(text: str) -> set[str]:
    if any(char.isascii() and char.isalpha() for char in text):
        return {text, text.lower(), text.upper()}
    return {text}


def _width_variants(text: str) -> set[str]:
    half = text.translate(_HALF_WIDTH)
    if any(char.isascii() and not char.isspace() for char in half):
        return {text, half, half.translate(_FULL_WIDTH)}
    return {text}


def _dash_variants(text: str) -> set[str]:
    if any(char in _DASHES for char in text):
        return {_with_dash(text, dash) for dash in _DASH_STYLES}
    return {text}


def _quote_variants(text: str) -> set[str]:
    if any(char in _QUOTE_CHARS for char in text):
        return {_with_quotes(text, opening, closing) for opening, closing in _QUOTE_STYLES}
    return {text}


def variants(form: str) -> set[str]:
    """Every spelling under which *form* enters the automaton.

    >>> sorted(variants("5G"))
    ['5G', '5g', '５Ｇ', '５ｇ']
    >>> sorted(variants("“梦想”号"))
    ['"梦想"号', '“梦想”号', '「梦想」号', '『梦想』号', '梦想号']
    """
    spellings = {form, unicodedata.normalize("NFKC", form)}
    steps = (_case_variants, _width_variants, _dash_variants, _quote_variants)
    for step in steps:
        grown = {variant for spelling in spellings for variant in step(spelling)}
        if len(grown) > MAX_VARIANTS:
            break
        spellings = grown
    return {spelling for spelling in spellings if spelling.strip()}


def _is_word_char(char: str) -> bool:
    return (char.isascii() or 0xFF10 <= ord(char) <= 0xFF5A) and char.isalnum()


def _inside_a_word(text: str, start: int, end: int) -> bool:
    """Whether a match with a Latin letter or digit at an edge continues a Latin word (EDA in
    READ): then it is not the term."""
    return ((start > 0 and _is_word_char(text[start - 1]) and _is_word_char(text[start]))
            or (end < len(text) and _is_word_char(text[end]) and _is_word_char(text[end - 1])))


class TermFinder:
    """The automaton over one list of records; build once, scan many texts."""

    def __init__(self, records: Sequence[Record]) -> None:
        self._records = records
        owners: dict[str, tuple[int, str]] = {}
        for position, record in enumerate(records):
            # Simplified forms first: where a Traditional form is spelt as a Simplified one
            # (四大平台, “十五五”), the hit names the Simplified form, which to_variant maps.
            forms = (record["zh"], *record["aliases"], record["zh_hk"], record["zh_tw"],
                     *record["aliases_hk"], *record["aliases_tw"])
            for form in forms:
                for spelling in variants(form):
                    owners.setdefault(spelling, (position, form))
        self._patterns = list(owners)
        self._owners = list(owners.values())
        self._latin_edges = frozenset(
            number for number, pattern in enumerate(self._patterns)
            if _is_word_char(pattern[0]) or _is_word_char(pattern[-1]))

    @cached_property
    def _longest(self) -> object:
        import ahocorasick_rs

        return ahocorasick_rs.AhoCorasick(self._patterns,
                                          matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)

    @cached_property
    def _standard(self) -> object:
        import ahocorasick_rs

        return ahocorasick_rs.AhoCorasick(self._patterns)

    def find_terms(self, text: str, terms: Sequence[Term | None],
                   term_at: Callable[[int], Term], *, overlapping: bool = False) -> list[TermHit]:
        """Every match in *text*, by start then length, as a TermHit whose term is
        ``terms[position] or term_at(position)`` (*position* numbering the records).

        Terms stay lazy: a glossary of 100,000 entries builds only those it finds, which also
        keeps the garbage collector's full passes short while the hits are made.

        One loop from the automaton's matches to the named tuples, built by ``tuple.__new__``
        in C, and a boundary check only for the few patterns with a Latin letter or digit at
        an edge: this runs once per hit, and per-hit cost is what separates us from the raw
        automaton (benchmarks/recognize.py).
        """
        owners, latin_edges, new = self._owners, self._latin_edges, tuple.__new__
        hits: list[TermHit] = []
        # The loop makes a tuple per hit and no cycles; with a large glossary alive, the cyclic
        # collector's full passes, triggered by those allocations, cost more than the loop
        # itself (2.4x instead of 1.35x raw ahocorasick_rs at 100,000 terms), so it waits.
        collecting = gc.isenabled()
        gc.disable()
        try:
            for pattern, start, end in self._matches(text, overlapping):
                if pattern in latin_edges and _inside_a_word(text, start, end):
                    continue
                position, form = owners[pattern]
                term = terms[position] or term_at(position)
                hits.append(new(TermHit, (start, end, text[start:end], form, term)))
        finally:
            if collecting:
                gc.enable()
        if overlapping:
            hits.sort(key=lambda hit: (hit.start, -hit.end))
        return hits

    def _matches(self, text: str, overlapping: bool) -> list[tuple[int, int, int]]:
        automaton = self._standard if overlapping else self._longest
        return automaton.find_matches_as_indexes(  # type: ignore[attr-defined,no-any-return]
            text, overlapping=overlapping)
