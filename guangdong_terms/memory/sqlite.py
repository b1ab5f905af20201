"""The SQLite backend: a translation memory in one file, with the standard library's sqlite3.

The index is a table of postings keyed ``(gram, unit)`` WITHOUT ROWID, so the postings of
one gram lie together in the B-tree and an integer key costs a few bytes; beside each posting
the unit's key length, so the length filter runs before any unit is read. ``grams`` keeps
each gram's document frequency, so a query probes its rarest grams first (docs/memory.md).

An import stages each new unit's grams in a temporary table (one row per unit, the gram ids
as a JSON array, so that Python binds one value per unit rather than one row per posting)
and moves them into the index at the end, expanded by ``json_each`` and sorted by the key,
in one statement: inserting forty million postings in gram order touches each page of the
B-tree about once, where inserting them unit by unit would touch a random page each time. Everything from the first unit to the ``grams`` update is one
transaction, so a reader sees the memory from before or after an import (WAL mode lets it
read meanwhile), and an import that fails or is killed leaves nothing behind.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice

from .backend import AddResult
from .keys import key_hash, pair_of
from .records import (
    CandidateQuery,
    ClaimRecord,
    MemoryStats,
    MemoryStoreError,
    OriginRecord,
    StoredUnit,
    UnitRecord,
)

__all__ = ["MIGRATIONS", "SQLiteBackend"]

# Units read per batch of an import: large enough that executemany amortises its calls, small
# enough that a batch's rows (and their grams) are a few megabytes.
_BATCH = 2000
# SQLite's default limit of bound parameters is 32766 since 3.32; stay well below any build's.
_PARAMETERS = 900
# A query's postings read before it stops probing rarer-than-these grams (docs/memory.md).
_POSTINGS_BUDGET = 2_000
_MIN_PROBES = 4

_UNIT_COLUMNS = ("id, source, target, source_lang, target_lang, coalesce(key, source), reviewed,"
                 " source_codes, target_codes")

#: The numbered migrations: MIGRATIONS[n] brings a store from user_version n to n + 1. Never
#: edit one that has shipped; append another.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE origins (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            scope TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            imported_at TEXT NOT NULL,
            source_lang TEXT NOT NULL,
            target_lang TEXT NOT NULL,
            UNIQUE (name, scope))""",
        # key is NULL where it equals source (most Simplified sources): a million keys saved.
        """CREATE TABLE units (
            id INTEGER PRIMARY KEY,
            digest BLOB NOT NULL UNIQUE,
            source TEXT NOT NULL,
            target TEXT NOT NULL,
            source_lang TEXT NOT NULL,
            target_lang TEXT NOT NULL,
            pair TEXT NOT NULL,
            key TEXT,
            key_hash INTEGER NOT NULL,
            length INTEGER NOT NULL,
            reviewed INTEGER NOT NULL,
            source_codes TEXT NOT NULL,
            target_codes TEXT NOT NULL)""",
        "CREATE INDEX units_key_hash ON units (key_hash)",
        """CREATE TABLE claims (
            origin INTEGER NOT NULL REFERENCES origins (id),
            unit INTEGER NOT NULL REFERENCES units (id),
            unit_id TEXT NOT NULL,
            line INTEGER NOT NULL,
            created TEXT NOT NULL,
            author TEXT NOT NULL,
            previous_key TEXT NOT NULL,
            reviewed INTEGER NOT NULL,
            PRIMARY KEY (origin, unit)) WITHOUT ROWID""",
        "CREATE INDEX claims_unit ON claims (unit)",
        "CREATE TABLE grams (gram INTEGER PRIMARY KEY, df INTEGER NOT NULL)",
        """CREATE TABLE postings (
            gram INTEGER NOT NULL,
            unit INTEGER NOT NULL,
            length INTEGER NOT NULL,
            PRIMARY KEY (gram, unit)) WITHOUT ROWID""",
    ),
    (
        # Version 2: counts and exports by language pair read an index, not every unit.
        "CREATE INDEX units_pair ON units (pair)",
    ),
)


def _chunks(items: Sequence[object], size: int = _PARAMETERS) -> Iterator[Sequence[object]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _stored(row: tuple[object, ...]) -> StoredUnit:
    return StoredUnit._make((*row[:6], bool(row[6]), *row[7:]))


def _marks(count: int) -> str:
    return ",".join("?" * count)


class SQLiteBackend:
    """A memory in a SQLite file (or ``:memory:``), WAL mode, schema by ``user_version``."""

    def __init__(self, path: str, *, timeout: float = 60.0) -> None:
        self.location = path
        if path != ":memory:":
            folder = os.path.dirname(os.path.abspath(path))
            os.makedirs(folder, exist_ok=True)
        try:
            # isolation_level=None: transactions are begun and ended here, explicitly.
            self.connection = sqlite3.connect(path, timeout=timeout, isolation_level=None,
                                              check_same_thread=False)
            self.connection.execute("PRAGMA journal_mode = WAL")
            self.connection.execute("PRAGMA synchronous = NORMAL")
            self.connection.execute("PRAGMA foreign_keys = ON")
            # A bounded page cache (32 MiB) keeps an import of millions of units within the
            # memory budget; the sort of the staged postings spills to temporary files.
            self.connection.execute("PRAGMA cache_size = -32768")
            self.connection.execute("PRAGMA temp_store = FILE")
        except sqlite3.DatabaseError as error:
            raise MemoryStoreError(f"{path}: not a translation memory ({error})") from None

    # --- schema ---------------------------------------------------------------------------

    def schema_version(self) -> int:
        """``PRAGMA user_version``: how many migrations have run."""
        return int(self.connection.execute("PRAGMA user_version").fetchone()[0])

    def migrate(self, target: int | None = None) -> int:
        """Run the migrations the store lacks, each in its own transaction with the version
        bump; *target* stops early (tests build an old store this way)."""
        wanted = len(MIGRATIONS) if target is None else target
        try:
            version = self.schema_version()
            if version > len(MIGRATIONS):
                raise MemoryStoreError(
                    f"{self.location}: schema version {version} was written by a newer "
                    f"guangdong_terms (this one knows versions up to {len(MIGRATIONS)})")
            if version == 0 and self.connection.execute(
                    "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
                    ).fetchone()[0]:
                raise MemoryStoreError(f"{self.location}: a SQLite database, but not a "
                                       "translation memory (it has other tables)")
            while version < wanted:
                self.connection.execute("BEGIN IMMEDIATE")
                try:
                    # Another process may have migrated while this one waited for the lock.
                    version = self.schema_version()
                    if version < wanted:
                        for statement in MIGRATIONS[version]:
                            self.connection.execute(statement)
                        version += 1
                        self.connection.execute(f"PRAGMA user_version = {version}")
                    self.connection.execute("COMMIT")
                except BaseException:
                    self.connection.execute("ROLLBACK")
                    raise
        except sqlite3.DatabaseError as error:
            raise MemoryStoreError(f"{self.location}: not a translation memory ({error})"
                                   ) from None
        return version

    # --- writing --------------------------------------------------------------------------

    def add_units(self, origin: OriginRecord, units: Iterable[UnitRecord], *,
                  replace: bool = True) -> AddResult:
        """Store *units* for *origin* in one transaction (see ``MemoryBackend.add_units``)."""
        db = self.connection
        db.execute("BEGIN IMMEDIATE")
        try:
            if replace:
                self._delete_claims(origin.name, origin.scope)
            origin_id = self._upsert_origin(origin)
            db.execute("CREATE TEMP TABLE IF NOT EXISTS staged "
                       "(unit INTEGER NOT NULL, length INTEGER NOT NULL, grams TEXT NOT NULL)")
            db.execute("DELETE FROM staged")
            next_id = int(db.execute("SELECT coalesce(max(id), 0) + 1 FROM units").fetchone()[0])
            added = claimed = duplicates = 0
            stream = iter(units)
            while batch := list(islice(stream, _BATCH)):
                fresh, next_id, old, again = self._add_batch(origin_id, batch, next_id)
                added += fresh
                claimed += old
                duplicates += again
            db.execute("INSERT INTO postings (gram, unit, length) SELECT gram.value, "
                       "staged.unit, staged.length FROM staged, json_each(staged.grams) AS gram "
                       "ORDER BY gram.value, staged.unit")
            db.execute("INSERT INTO grams (gram, df) SELECT gram.value, count(*) FROM staged, "
                       "json_each(staged.grams) AS gram WHERE true GROUP BY gram.value "
                       "ON CONFLICT (gram) DO UPDATE SET df = df + excluded.df")
            db.execute("DELETE FROM staged")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return added, claimed, duplicates

    def _upsert_origin(self, origin: OriginRecord) -> int:
        row = self.connection.execute(
            "INSERT INTO origins (name, scope, sha256, imported_at, source_lang, target_lang) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (name, scope) DO UPDATE SET "
            "sha256 = excluded.sha256, imported_at = excluded.imported_at, "
            "source_lang = excluded.source_lang, target_lang = excluded.target_lang "
            "RETURNING id", tuple(origin)).fetchone()
        return int(row[0])

    def _add_batch(self, origin_id: int, batch: list[UnitRecord],
                   next_id: int) -> tuple[int, int, int, int]:
        """Insert one batch: new units with their staged postings, and every claim.

        Returns (units added, the next free id, existing units claimed, repeats of a unit
        this origin claimed already).
        """
        db = self.connection
        known: dict[bytes, int] = {}
        digests = list(dict.fromkeys(unit.digest for unit in batch))
        for part in _chunks(digests):
            known.update(db.execute(f"SELECT digest, id FROM units WHERE digest IN "
                                    f"({_marks(len(part))})", part).fetchall())
        new_units: list[tuple[object, ...]] = []
        staged: list[tuple[int, int, str]] = []
        for unit in batch:
            if unit.digest in known:
                continue
            unit_id = known[unit.digest] = next_id
            next_id += 1
            length = len(unit.key)
            new_units.append((unit_id, unit.digest, unit.source, unit.target, unit.source_lang,
                              unit.target_lang, pair_of(unit.source_lang, unit.target_lang),
                              None if unit.key == unit.source else unit.key,
                              key_hash(unit.key), length, int(unit.reviewed),
                              unit.source_codes, unit.target_codes))
            staged.append((unit_id, length, f"[{','.join(map(str, unit.grams))}]"))
        db.executemany("INSERT INTO units (id, digest, source, target, source_lang, target_lang,"
                       " pair, key, key_hash, length, reviewed, source_codes, target_codes) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", new_units)
        db.executemany("INSERT INTO staged (unit, length, grams) VALUES (?, ?, ?)", staged)
        before = db.total_changes
        db.executemany("INSERT OR IGNORE INTO claims (origin, unit, unit_id, line, created, "
                       "author, previous_key, reviewed) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       [(origin_id, known[unit.digest], unit.unit_id, unit.line, unit.created,
                         unit.author, unit.previous_key, int(unit.reviewed))
                        for unit in batch])
        claims = db.total_changes - before
        repeats = len(batch) - claims
        promoted = [known[unit.digest] for unit in batch if unit.reviewed]
        for part in _chunks(promoted):
            db.execute(f"UPDATE units SET reviewed = 1 WHERE reviewed = 0 AND id IN "
                       f"({_marks(len(part))})", part)
        return len(new_units), next_id, claims - len(new_units), repeats

    def delete_origin(self, name: str, scope: str | None = None) -> int:
        """Remove an origin's claims, and the units no claim holds any more."""
        db = self.connection
        db.execute("BEGIN IMMEDIATE")
        try:
            removed = self._delete_claims(name, scope, drop_origin=True)
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return removed

    def _delete_claims(self, name: str, scope: str | None, *, drop_origin: bool = False) -> int:
        """Inside a transaction: delete the claims of origin *name*, then orphaned units with
        their postings and document frequencies."""
        from .keys import trigrams

        db = self.connection
        origin_ids = [row[0] for row in db.execute(
            "SELECT id FROM origins WHERE name = ? AND (? IS NULL OR scope = ?)",
            (name, scope, scope))]
        removed = 0
        for origin_id in origin_ids:
            db.execute("CREATE TEMP TABLE IF NOT EXISTS touched (unit INTEGER PRIMARY KEY)")
            db.execute("DELETE FROM touched")
            db.execute("INSERT INTO touched SELECT unit FROM claims WHERE origin = ?",
                       (origin_id,))
            removed += db.execute("DELETE FROM claims WHERE origin = ?", (origin_id,)).rowcount
            orphans = db.execute(
                "SELECT id, coalesce(key, source) FROM units WHERE id IN (SELECT unit FROM "
                "touched) AND NOT EXISTS (SELECT 1 FROM claims WHERE claims.unit = units.id)")
            while rows := orphans.fetchmany(_BATCH):
                postings = [(gram, unit) for unit, key in rows for gram in trigrams(key)]
                counts: dict[int, int] = {}
                for gram, _ in postings:
                    counts[gram] = counts.get(gram, 0) + 1
                writer = db.cursor()
                writer.executemany("DELETE FROM postings WHERE gram = ? AND unit = ?", postings)
                writer.executemany("UPDATE grams SET df = df - ? WHERE gram = ?",
                                   [(count, gram) for gram, count in counts.items()])
                writer.executemany("DELETE FROM units WHERE id = ?", [(unit,) for unit, _ in rows])
            db.execute("DELETE FROM grams WHERE df <= 0")
            # A unit whose only reviewed claim went is unreviewed again.
            db.execute("UPDATE units SET reviewed = 0 WHERE reviewed = 1 AND id IN (SELECT unit "
                       "FROM touched) AND NOT EXISTS (SELECT 1 FROM claims WHERE claims.unit = "
                       "units.id AND claims.reviewed = 1)")
            if drop_origin:
                db.execute("DELETE FROM origins WHERE id = ?", (origin_id,))
        return removed

    # --- reading --------------------------------------------------------------------------

    def _read(self, work: Callable[[sqlite3.Connection], object]) -> object:
        """Run *work* in one read transaction: every statement sees one snapshot."""
        db = self.connection
        db.execute("BEGIN")
        try:
            return work(db)
        finally:
            db.execute("COMMIT")

    def origin_names(self, scope: str | None = None) -> list[tuple[str, str]]:
        """(name, scope) of every origin, in name order."""
        return [(str(name), str(found)) for name, found in self.connection.execute(
            "SELECT name, scope FROM origins WHERE ? IS NULL OR scope = ? ORDER BY name, scope",
            (scope, scope))]

    def _scope_filter(self, scopes: tuple[str, ...] | None,
                      excluded: tuple[str, ...] | None) -> tuple[str, list[object]]:
        sql, parameters = "", list[object]()
        if scopes is not None:
            sql += (" AND EXISTS (SELECT 1 FROM claims c JOIN origins o ON o.id = c.origin "
                    f"WHERE c.unit = u.id AND o.scope IN ({_marks(len(scopes))}))")
            parameters.extend(scopes)
        if excluded:
            sql += (" AND EXISTS (SELECT 1 FROM claims c JOIN origins o ON o.id = c.origin "
                    f"WHERE c.unit = u.id AND o.scope NOT IN ({_marks(len(excluded))}))")
            parameters.extend(excluded)
        return sql, parameters

    def _units(self, ids: Sequence[int], pair: str | None, scopes: tuple[str, ...] | None,
               excluded: tuple[str, ...] | None) -> list[StoredUnit]:
        found: dict[int, StoredUnit] = {}
        condition, extra = self._scope_filter(scopes, excluded)
        if pair is not None:
            condition += " AND u.pair = ?"
            extra.append(pair)
        for part in _chunks(ids):
            for row in self.connection.execute(
                    f"SELECT {_UNIT_COLUMNS} FROM units u WHERE id IN ({_marks(len(part))})"
                    f"{condition}", [*part, *extra]):
                found[row[0]] = _stored(row)
        return [found[unit] for unit in ids if unit in found]

    def candidates(self, query: CandidateQuery) -> list[StoredUnit]:
        """Probe the query's rarest grams, keep units of a possible length, rank them by grams
        shared, read the best ``limit``."""
        def work(db: sqlite3.Connection) -> list[StoredUnit]:
            grams = list(query.grams)
            frequencies: dict[int, int] = {}
            for part in _chunks(grams):
                frequencies.update(db.execute(
                    f"SELECT gram, df FROM grams WHERE gram IN ({_marks(len(part))})", part
                ).fetchall())
            present = sorted(frequencies, key=lambda gram: (frequencies[gram], gram))
            probes: list[int] = []
            budget = 0
            for gram in present:
                if len(probes) >= _MIN_PROBES and budget + frequencies[gram] > _POSTINGS_BUDGET:
                    break
                probes.append(gram)
                budget += frequencies[gram]
            if not probes:
                return []
            rows = db.execute(
                f"SELECT unit FROM postings WHERE gram IN ({_marks(len(probes))}) "
                "AND length BETWEEN ? AND ? GROUP BY unit ORDER BY count(*) DESC, unit LIMIT ?",
                [*probes, query.min_length, query.max_length, query.limit]).fetchall()
            return self._units([row[0] for row in rows], query.pair, query.scopes,
                               query.excluded_scopes)

        return self._read(work)  # type: ignore[return-value]

    def exact(self, key: str, pair: str, *, scopes: tuple[str, ...] | None = None,
              excluded_scopes: tuple[str, ...] | None = None) -> list[StoredUnit]:
        """Units whose key is *key*, by the key's hash, then compared."""
        ids = [row[0] for row in self.connection.execute(
            "SELECT id FROM units WHERE key_hash = ? ORDER BY id", (key_hash(key),))]
        return [unit for unit in self._units(ids, pair, scopes, excluded_scopes)
                if unit.key == key]

    def concordance(self, phrase: str, grams: tuple[int, ...], pair: str, *, limit: int,
                    excluded_scopes: tuple[str, ...] | None = None) -> list[StoredUnit]:
        """Sources through the index (every gram of the phrase must be there; the rarest
        decide the candidates, instr confirms); targets, and phrases under three characters,
        by instr over the units, stopping at *limit*."""
        db = self.connection
        condition, extra = self._scope_filter(None, excluded_scopes)
        found: list[int] = []
        if grams:
            frequencies = dict(db.execute(
                f"SELECT gram, df FROM grams WHERE gram IN ({_marks(len(grams))})", grams
            ).fetchall())
            if len(frequencies) == len(grams):  # a gram nobody has: no source contains it
                rarest = sorted(frequencies, key=lambda gram: (frequencies[gram], gram))[:3]
                sql = " INTERSECT ".join(["SELECT unit FROM postings WHERE gram = ?"] * len(
                    rarest))
                found = [row[0] for row in db.execute(
                    f"SELECT u.id FROM units u WHERE u.id IN ({sql}) AND u.pair = ? "
                    f"AND instr(coalesce(u.key, u.source), ?) > 0{condition} "
                    "ORDER BY u.id LIMIT ?", [*rarest, pair, phrase, *extra, limit])]
        else:
            found = [row[0] for row in db.execute(
                "SELECT u.id FROM units u WHERE u.pair = ? AND instr(coalesce(u.key, u.source), "
                f"?) > 0{condition} ORDER BY u.id LIMIT ?", [pair, phrase, *extra, limit])]
        if len(found) < limit:
            seen = set(found)
            found.extend(row[0] for row in db.execute(
                f"SELECT u.id FROM units u WHERE u.pair = ? AND instr(u.target, ?) > 0"
                f"{condition} ORDER BY u.id LIMIT ?", [pair, phrase, *extra, limit])
                if row[0] not in seen)
        return self._units(sorted(found)[:limit], None, None, None)

    def claims(self, units: Sequence[int]) -> dict[int, list[ClaimRecord]]:
        """Every claim on each unit, oldest import first."""
        found: dict[int, list[ClaimRecord]] = {unit: [] for unit in units}
        for part in _chunks(list(units)):
            for row in self.connection.execute(
                    "SELECT c.unit, o.name, o.scope, o.sha256, c.unit_id, c.line, c.created, "
                    "c.author, o.imported_at, c.previous_key, c.reviewed FROM claims c "
                    f"JOIN origins o ON o.id = c.origin WHERE c.unit IN ({_marks(len(part))}) "
                    "ORDER BY o.imported_at, o.id", part):
                found[row[0]].append(ClaimRecord._make((*row[:10], bool(row[10]))))
        return found

    def stats(self) -> MemoryStats:
        """The counts, in one read transaction."""
        def work(db: sqlite3.Connection) -> MemoryStats:
            def one(sql: str) -> int:
                return int(db.execute(sql).fetchone()[0])

            return MemoryStats(
                units=one("SELECT count(*) FROM units"),
                claims=one("SELECT count(*) FROM claims"),
                origins=one("SELECT count(*) FROM origins"),
                unreviewed=one("SELECT count(*) FROM units WHERE reviewed = 0"),
                pairs=tuple((str(pair), int(count)) for pair, count in db.execute(
                    "SELECT pair, count(*) FROM units GROUP BY pair ORDER BY pair")),
                by_origin=tuple((str(name), str(scope), int(count)) for name, scope, count in
                                db.execute("SELECT o.name, o.scope, count(c.unit) FROM origins o"
                                           " LEFT JOIN claims c ON c.origin = o.id "
                                           "GROUP BY o.id ORDER BY o.name, o.scope")),
                schema_version=self.schema_version(),
                location=self.location)

        return work(self.connection) if self.connection.in_transaction else \
            self._read(work)  # type: ignore[return-value]

    def count(self) -> int:
        """How many units, in one statement (the concurrency test's probe)."""
        return int(self.connection.execute("SELECT count(*) FROM units").fetchone()[0])

    def iter_units(self, pair: str | None = None) -> Iterator[StoredUnit]:
        """Every unit in id order, a page at a time (a cursor of its own)."""
        cursor = self.connection.cursor()
        cursor.execute(f"SELECT {_UNIT_COLUMNS} FROM units WHERE ? IS NULL OR pair = ? "
                       "ORDER BY id", (pair, pair))
        while rows := cursor.fetchmany(_BATCH):
            for row in rows:
                yield _stored(row)

    def close(self) -> None:
        """Close the connection (WAL files are checkpointed by SQLite on the last close)."""
        self.connection.close()
