"""The storage-backend contract: what a translation memory asks of its database.

``TranslationMemory`` (``store.py``) does the reading of files, the keys, the trigrams and
all the scoring in shared Python; a backend only stores and retrieves. SQLite
(``sqlite.py``) implements it with the standard library; PostgreSQL (issue 16) implements
the same Protocol, so both give the same matches with the same scores.

Rules every backend keeps:

* ``add_units`` is one transaction: a reader never sees part of an import, and an exception
  raised by the iterable (a file broken at its end) or a killed process leaves the store as
  it was. Readers running meanwhile see the counts from before or after, never between.
* A unit is stored once per ``digest``; every origin that brings it adds a claim. A claim is
  removed with its origin (``delete_origin``), and the unit with its last claim.
* Candidates come from an index of the source key's trigrams, never from a scan of every
  unit; ``CandidateQuery`` says which, and the shared scorer decides the scores.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Protocol

from .records import (
    CandidateQuery,
    ClaimRecord,
    MemoryStats,
    OriginRecord,
    StoredUnit,
    UnitRecord,
)

__all__ = ["AddResult", "MemoryBackend"]

#: (units added, units already stored that gained this claim, duplicates within the batch).
AddResult = tuple[int, int, int]


class MemoryBackend(Protocol):
    """A translation memory's storage. Every method is safe to call from several processes."""

    #: Where it is stored, for messages and ``stats`` (a path, ":memory:", a URL without its
    #: password).
    location: str

    def schema_version(self) -> int:
        """The schema version the store is at (``PRAGMA user_version`` in SQLite)."""
        ...

    def migrate(self) -> int:
        """Bring the schema up to date with the numbered migrations, each in a transaction;
        refuse (``MemoryStoreError``) a store written by a newer version. Returns the version."""
        ...

    def add_units(self, origin: OriginRecord, units: Iterable[UnitRecord], *,
                  replace: bool = True) -> AddResult:
        """Store *units* claimed by *origin*, in one transaction.

        With *replace*, the origin's earlier claims (same name and scope) are dropped first,
        in the same transaction: importing a file again replaces what it said before.
        *units* is consumed once, as it streams; if it raises, nothing is stored.
        """
        ...

    def delete_origin(self, name: str, scope: str | None = None) -> int:
        """Remove the claims of the origin called *name* (in *scope*, or in any scope), and
        every unit left without a claim; the number of claims removed."""
        ...

    def origin_names(self, scope: str | None = None) -> list[tuple[str, str]]:
        """(name, scope) of every origin, in name order (only *scope*'s, if given)."""
        ...

    def candidates(self, query: CandidateQuery) -> list[StoredUnit]:
        """Units that may match *query*: from the trigram index, filtered by length, pair and
        scope, at most ``query.limit`` of them, those sharing the most grams first."""
        ...

    def exact(self, key: str, pair: str, *, scopes: tuple[str, ...] | None = None,
              excluded_scopes: tuple[str, ...] | None = None) -> list[StoredUnit]:
        """Units whose source key is exactly *key*, in language pair *pair*."""
        ...

    def concordance(self, phrase: str, grams: tuple[int, ...], pair: str, *, limit: int,
                    excluded_scopes: tuple[str, ...] | None = None) -> list[StoredUnit]:
        """Units whose source key or target contains *phrase* (already normalised and folded
        as keys are; *grams* its trigram ids, empty when it is shorter than three
        characters), at most *limit*, in id order."""
        ...

    def claims(self, units: Sequence[int]) -> dict[int, list[ClaimRecord]]:
        """Every claim on each of *units*, oldest import first."""
        ...

    def stats(self) -> MemoryStats:
        """The counts, read in one transaction (consistent with one another)."""
        ...

    def iter_units(self, pair: str | None = None) -> Iterator[StoredUnit]:
        """Every unit (of language pair *pair*, or all), in id order, streaming."""
        ...

    def close(self) -> None:
        """Release the connection."""
        ...
