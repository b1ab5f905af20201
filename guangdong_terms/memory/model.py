"""The public values of a translation memory: a match, an origin, an import's report."""

from __future__ import annotations

from dataclasses import dataclass

from ..core.bilingual import Code
from ..core.model import TermNote

__all__ = ["ImportReport", "MemoryMatch", "Origin"]


@dataclass(frozen=True, slots=True)
class Origin:
    """One claim on a unit: the file (or ``guangdong_terms <version>``) that brought it, that
    file's SHA-256, the unit's id there (tuid, msgctxt, XLIFF id) and line, its creation date
    and author where the file has them, when it was imported, the scope, and whether that file
    stood by the translation (``reviewed``: not PO fuzzy, not an XLIFF state before
    translated)."""

    name: str
    sha256: str
    unit_id: str
    line: int
    created: str
    author: str
    imported_at: str
    scope: str
    reviewed: bool = True


@dataclass(frozen=True, slots=True)
class MemoryMatch:
    """A stored unit as an answer to a query, scored as CAT tools score.

    ``score``: 101 when the query's preceding segment matches the unit's too, 100 exact, 99
    number-adapted, below that fuzzy (penalties for numbers, codes and punctuation, x0.7 for
    an unreviewed unit; docs/memory.md). ``diff`` holds the spans of ``source`` that differ
    from the query; ``via_traditional`` says a Traditional query matched through OpenCC's
    folding. ``terms`` and ``warnings`` are the term-aware notes (``core.matchnotes``): the
    glossary terms of the query with their preferred English, and what the target gets wrong
    with them. ``adapted``: the target's numbers were replaced by the query's.
    """

    score: int
    source: str
    target: str
    source_lang: str
    target_lang: str
    origins: tuple[Origin, ...]
    reviewed: bool = True
    adapted: bool = False
    via_traditional: bool = False
    source_codes: tuple[Code, ...] = ()
    target_codes: tuple[Code, ...] = ()
    diff: tuple[tuple[int, int], ...] = ()
    terms: tuple[TermNote, ...] = ()
    warnings: tuple[str, ...] = ()
    similarity: float = 0.0  # the plain Levenshtein similarity, 0-100, before penalties

    @property
    def origin(self) -> str:
        """The best claim's name (``origins[0].name``)."""
        return self.origins[0].name if self.origins else ""


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did: the origin it recorded, and the counts of what it read.

    ``segments`` pairs were read; ``added`` became new units and ``claimed`` were already
    stored (by another file) and gained this file's claim; ``duplicates`` repeat a pair the
    same file had already; ``untranslated`` were skipped (an empty target); ``unreviewed``
    were stored as unreviewed.
    """

    origin: str
    scope: str
    sha256: str
    source_lang: str
    target_lang: str
    segments: int
    added: int
    claimed: int
    duplicates: int
    untranslated: int
    unreviewed: int
    notes: tuple[str, ...] = ()
