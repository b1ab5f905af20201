"""The records a storage backend takes and gives back, shared by every backend.

Plain named tuples and frozen dataclasses with no database in them, so that the SQLite
backend (``sqlite.py``) and the PostgreSQL one (issue 16) exchange exactly the same values
with the shared code above them (``store.py`` for imports, ``scoring.py`` for matches): both
backends then score identically, because neither scores at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

__all__ = ["CandidateQuery", "ClaimRecord", "MemoryStats", "MemoryStoreError", "OriginRecord",
           "StoredUnit", "UnitRecord"]


class MemoryStoreError(ValueError):
    """A store cannot be opened or changed: written by a newer version, not a memory, or a
    file that cannot be imported (``path:line: what``)."""


class OriginRecord(NamedTuple):
    """Where a batch of units comes from: a file (its name, as the user gave it made absolute,
    and its SHA-256) or the shipped data (``guangdong_terms <version>``), in a scope."""

    name: str
    scope: str
    sha256: str
    imported_at: str  # ISO 8601, UTC
    source_lang: str
    target_lang: str


class UnitRecord(NamedTuple):
    """One unit as an import hands it to a backend, everything derived already.

    ``digest`` (16 bytes) is the unit's key: source, target and both languages after NFC and
    white-space normalisation (``keys.unit_digest``); ``key`` the source as the index sees it
    (normalised, case-folded, Traditional folded to Simplified); ``grams`` the distinct
    trigram ids of ``key`` (``keys.trigrams``). The claim fields say what this file says about
    the unit: its id, line, creation date and author where the file has them, the preceding
    segment's source (``previous_key``, folded like ``key``, "" where unknown), and whether
    anyone confirmed it.
    """

    digest: bytes
    source: str
    target: str
    source_lang: str
    target_lang: str
    key: str
    grams: tuple[int, ...]
    source_codes: str  # JSON of [[offset, kind, id, markup], ...], "" for none
    target_codes: str
    unit_id: str
    line: int
    created: str
    author: str
    previous_key: str
    reviewed: bool


class ClaimRecord(NamedTuple):
    """One origin's claim on a stored unit (an ``Origin`` before it is made public)."""

    unit: int
    origin: str
    scope: str
    sha256: str
    unit_id: str
    line: int
    created: str
    author: str
    imported_at: str
    previous_key: str
    reviewed: bool


class StoredUnit(NamedTuple):
    """A unit as a backend returns it: its row id, text, languages, index key, whether any
    claim on it is reviewed, and its inline codes (JSON, as stored)."""

    id: int
    source: str
    target: str
    source_lang: str
    target_lang: str
    key: str
    reviewed: bool
    source_codes: str
    target_codes: str


@dataclass(frozen=True, slots=True)
class CandidateQuery:
    """What the shared search asks a backend for: units that may score at least the minimum.

    ``grams`` are the query key's distinct trigram ids; ``min_length``/``max_length`` bound the
    stored key's length (the length filter: a unit of another length is at least the
    difference away); ``limit`` caps how many candidates come back, those sharing the most
    grams first. A backend may return units that then score too low (the scorer drops them),
    but should not miss a unit that shares many grams. ``pair`` is the language pair as
    ``keys.pair_of`` writes it ("zh>en"); ``scopes`` keeps only units claimed in one of them,
    ``excluded_scopes`` only units claimed outside all of them (None: no condition).
    """

    key: str
    grams: tuple[int, ...]
    pair: str
    min_length: int
    max_length: int
    limit: int
    scopes: tuple[str, ...] | None = None
    excluded_scopes: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class MemoryStats:
    """Counts of a memory: units, claims, origins, unreviewed units, units per language pair
    and per origin, the schema version, and where it is stored."""

    units: int
    claims: int
    origins: int
    unreviewed: int
    pairs: tuple[tuple[str, int], ...]
    by_origin: tuple[tuple[str, str, int], ...]  # (origin name, scope, units claimed)
    schema_version: int
    location: str
