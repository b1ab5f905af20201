"""The PostgreSQL backend: one memory on a server that a team shares (issue 16).

Weblate keeps its memory the same way (../shared/design/peers.md, Addendum): units in one table
with a pg_trgm GIN index over the source, candidates by trigram similarity, then a ranking of
its own. Here the ranking is the memory's one scorer (``scoring.py``, called by ``store.py``),
so PostgreSQL and SQLite give the same matches; the server only narrows the candidates. Four
choices carry the design:

* **pg_trgm needs a UTF-8 character-type locale to see Chinese.** Under ``C`` it extracts no
  trigrams from CJK text and a GIN index silently returns nothing, so opening a memory checks
  ``show_trgm('鸿蒙')`` and refuses such a database, naming the ``CREATE DATABASE`` to use.
* **The similarity cut follows ``min_score``.** pg_trgm's default 0.3 drops pairs that CAT tools
  score 75 or more (a 10-character segment with two edits far apart shares 5 of 17 trigrams),
  so each query sets ``pg_trgm.similarity_threshold`` with ``SET LOCAL`` from a bound
  (:func:`trigram_threshold`) that tests/test_memory_postgres.py measures.
* **Bulk loads never half-happen and never duplicate.** A file is COPYed into the session's
  temporary staging table, then merged by ``INSERT ... SELECT ... ON CONFLICT DO NOTHING`` into
  units keyed by their digest (a btree cannot hold long segments' raw text), in one transaction
  that is retried when PostgreSQL picks it as a deadlock victim. Claims reference units without
  ``ON DELETE CASCADE``: a unit that another client claimed meanwhile cannot be deleted as an
  orphan (the foreign key stops it, and the deletion is retried), so nothing is lost.
* **The schema is numbered migrations with a version table.** Opening applies what is missing
  when the role may; otherwise it stops and names ``gdterms tm migrate``, which an
  administrator runs (README: the two roles).

psycopg 3 is imported only here, and only when a ``postgresql://`` memory is opened.
Credentials come the libpq way: ``PGPASSWORD``/``PGUSER``/``PGHOST``, a service file
(``service=`` in the URL), ``~/.pgpass``; no password needs to be on a command line.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from .backend import AddResult
from .records import (
    CandidateQuery,
    ClaimRecord,
    MemoryStats,
    MemoryStoreError,
    OriginRecord,
    StoredUnit,
    UnitRecord,
)

if TYPE_CHECKING:
    import psycopg

__all__ = ["MIGRATIONS", "PostgresBackend", "is_postgres_url", "trigram_threshold"]

_Result = TypeVar("_Result")

# Serialises concurrent migrations of one database (pg_advisory_xact_lock's key).
_MIGRATION_LOCK = 0x6764_7465_726D_73

# Retries of a transaction PostgreSQL aborted as a deadlock victim (or whose unit another
# client deleted or claimed meanwhile); each retry waits a little longer.
_RETRIES = 10

# A load adding more units than this refreshes the planner's statistics at once, so that it
# keeps choosing the trigram index (autovacuum would, later).
_ANALYZE_AFTER = 10_000

_UNIT_COLUMNS = ("u.id, u.source, u.target, u.source_lang, u.target_lang, u.key, u.reviewed, "
                 "u.source_codes, u.target_codes")


def is_postgres_url(location: str) -> bool:
    """Whether *location* names a PostgreSQL memory rather than an SQLite file."""
    return location.startswith(("postgresql://", "postgres://"))


def trigram_threshold(min_score: float, source_lang: str = "zh") -> float:
    """The pg_trgm similarity below which no unit can score *min_score* (0-100) or more.

    For Chinese: a unit within Levenshtein similarity m of the query is at most
    e = (1 - m) * L edits away (L the longer length). pg_trgm reads a run of Chinese as one word
    padded with two spaces before and one after, so L characters give L + 1 trigrams and one
    edit changes at most three: shared >= (L + 1) - 3e and union <= (L + 1) + 3e, so
    similarity >= (1 - 3(1 - m)) / (1 + 3(1 - m)) (punctuation splits runs into more padded
    words, which only raises it). Penalties and the unreviewed factor lower a score, never raise
    it, so the bound holds for the memory's scores: 0.133 at 75, 0.043 at 70, where the default
    0.3 loses about 4% of the pairs scoring 75 or more (measured in the tests).

    Other languages are scored over words, where one word edit changes len(word) + 2 trigrams;
    there the cut is half the Chinese one, a heuristic rather than a bound (a long word replaced
    among very short ones can fall below it).
    """
    edits = 3 * (1 - min_score / 100)
    bound = max(0.0, (1 - edits) / (1 + edits))
    if not source_lang.startswith(("zh", "ja", "ko")):
        bound /= 2
    # A little slack for pg_trgm's float4 arithmetic.
    return max(0.0, round(bound - 0.01, 3))


@dataclass(frozen=True)
class Migration:
    """One numbered step of the schema; never edit one that has shipped, append another."""

    version: int
    description: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "origins, units keyed by digest, claims, a trigram and a key index", (
        "CREATE EXTENSION IF NOT EXISTS pg_trgm",
        """CREATE TABLE gdterms_origin (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            name text NOT NULL,
            scope text NOT NULL,
            sha256 text NOT NULL,
            imported_at text NOT NULL,
            source_lang text NOT NULL,
            target_lang text NOT NULL,
            UNIQUE (name, scope))""",
        """CREATE TABLE gdterms_unit (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            digest bytea NOT NULL UNIQUE,
            source text NOT NULL,
            target text NOT NULL,
            source_lang text NOT NULL,
            target_lang text NOT NULL,
            pair text NOT NULL,
            key text NOT NULL,
            reviewed boolean NOT NULL,
            source_codes text NOT NULL,
            target_codes text NOT NULL)""",
        # fastupdate off: with GIN's pending list, every query scans the list linearly until
        # (auto)vacuum merges it into the index: 372 ms per query after a 20,000-unit import,
        # against 5 ms once merged; only the index's owner may merge it on demand, and a
        # translator's role does not own it. Imports pay instead (about 1.8x on that import).
        ("CREATE INDEX gdterms_unit_key_trgm ON gdterms_unit USING gin (key gin_trgm_ops) "
         "WITH (fastupdate = off)"),
        # A hash index: exact lookups by key, with no btree limit on a key's length.
        "CREATE INDEX gdterms_unit_key ON gdterms_unit USING hash (key)",
        """CREATE TABLE gdterms_claim (
            origin bigint NOT NULL REFERENCES gdterms_origin (id),
            unit bigint NOT NULL REFERENCES gdterms_unit (id),
            unit_id text NOT NULL,
            line integer NOT NULL,
            created text NOT NULL,
            author text NOT NULL,
            previous_key text NOT NULL,
            reviewed boolean NOT NULL,
            PRIMARY KEY (origin, unit))""",
        "CREATE INDEX gdterms_claim_unit ON gdterms_claim (unit)",
    )),
    Migration(2, "each unit's key length, so candidates are cut by length before scoring", (
        "ALTER TABLE gdterms_unit ADD COLUMN length integer",
        "UPDATE gdterms_unit SET length = char_length(key)",
        "ALTER TABLE gdterms_unit ALTER COLUMN length SET NOT NULL",
        # No btree on (pair, length): a length window holds a third of a large memory, and
        # the planner, offered that index, filtered those rows by % instead of asking the
        # trigram index (tests/test_memory_postgres.py EXPLAINs the candidate query).
    )),
)
LATEST = MIGRATIONS[-1].version

_VERSION_TABLE = """CREATE TABLE IF NOT EXISTS gdterms_schema_version (
    version integer PRIMARY KEY,
    description text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now())"""

_STAGING = """CREATE TEMPORARY TABLE IF NOT EXISTS gdterms_staging (
    ord bigint NOT NULL, digest bytea NOT NULL, source text NOT NULL, target text NOT NULL,
    source_lang text NOT NULL, target_lang text NOT NULL, pair text NOT NULL, key text NOT NULL,
    source_codes text NOT NULL, target_codes text NOT NULL, unit_id text NOT NULL,
    line integer NOT NULL, created text NOT NULL, author text NOT NULL,
    previous_key text NOT NULL, reviewed boolean NOT NULL)"""

_STAGING_COLUMNS = ("ord, digest, source, target, source_lang, target_lang, pair, key, "
                    "source_codes, target_codes, unit_id, line, created, author, previous_key, "
                    "reviewed")

# Units in digest order, so two merges wait on each other's index entries in one order; the
# first occurrence in the file wins where it repeats a unit (as SQLite's INSERT OR IGNORE).
_MERGE_UNITS = """INSERT INTO gdterms_unit (digest, source, target, source_lang, target_lang,
        pair, key, reviewed, source_codes, target_codes, length)
    SELECT digest, source, target, source_lang, target_lang, pair, key, reviewed,
           source_codes, target_codes, char_length(key)
    FROM (SELECT DISTINCT ON (digest) * FROM gdterms_staging ORDER BY digest, ord) first
    ORDER BY digest
    ON CONFLICT (digest) DO NOTHING"""

_MERGE_CLAIMS = """INSERT INTO gdterms_claim (origin, unit, unit_id, line, created, author,
        previous_key, reviewed)
    SELECT DISTINCT ON (u.id) %(origin)s, u.id, s.unit_id, s.line, s.created, s.author,
           s.previous_key, s.reviewed
    FROM gdterms_staging s JOIN gdterms_unit u ON u.digest = s.digest
    ORDER BY u.id, s.ord
    ON CONFLICT (origin, unit) DO NOTHING"""

_PROMOTE = """UPDATE gdterms_unit u SET reviewed = true
    FROM (SELECT DISTINCT digest FROM gdterms_staging WHERE reviewed) s
    WHERE u.digest = s.digest AND NOT u.reviewed"""

_RETRIABLE = ("DeadlockDetected", "SerializationFailure", "ForeignKeyViolation")


class PostgresBackend:
    """A memory in a PostgreSQL database, through one psycopg connection (autocommit, with
    explicit transactions)."""

    def __init__(self, url: str) -> None:
        driver = _psycopg()
        self.url = url
        self.location = _without_password(url)
        try:
            self.connection: psycopg.Connection[Any] = driver.connect(
                url, autocommit=True, application_name="gdterms")
        except driver.OperationalError as error:
            raise MemoryStoreError(f"{self.location}: cannot connect to the PostgreSQL memory: "
                                   f"{str(error).strip()}") from None

    # --- schema ---------------------------------------------------------------------------

    def schema_version(self) -> int:
        """The highest migration applied (0 for a database without the memory's tables)."""
        row = self.connection.execute(
            "SELECT to_regclass('gdterms_schema_version') IS NOT NULL").fetchone()
        if not row or not row[0]:
            return 0
        row = self.connection.execute(
            "SELECT coalesce(max(version), 0) FROM gdterms_schema_version").fetchone()
        return int(row[0]) if row else 0

    def migrate(self, target: int | None = None) -> int:
        """Apply the missing migrations (up to *target*, for tests that build an old store)
        in one transaction, under an advisory lock; then check that pg_trgm sees Chinese.

        A role that may not change the schema (a translator's, README) changes nothing and
        is told to have an administrator run ``gdterms tm migrate``.
        """
        psycopg = _psycopg()
        wanted = LATEST if target is None else target
        version = self.schema_version()
        if version > LATEST:
            raise MemoryStoreError(
                f"{self.location}: schema version {version} was written by a newer "
                f"guangdong_terms (this one knows versions up to {LATEST})")
        if version < wanted:
            try:
                with self.connection.transaction():
                    self.connection.execute("SELECT pg_advisory_xact_lock(%s)",
                                            (_MIGRATION_LOCK,))
                    self.connection.execute(_VERSION_TABLE)
                    version = self.schema_version()  # another client may have migrated
                    for migration in MIGRATIONS:
                        if version < migration.version <= wanted:
                            for statement in migration.statements:
                                self.connection.execute(statement)
                            self.connection.execute(
                                "INSERT INTO gdterms_schema_version (version, description) "
                                "VALUES (%s, %s)", (migration.version, migration.description))
                            version = migration.version
            except psycopg.errors.InsufficientPrivilege as error:
                role = self.connection.execute("SELECT current_user").fetchone()
                raise MemoryStoreError(
                    f"{self.location}: the memory's schema is at version {version} and this "
                    f"guangdong_terms needs {wanted}, but role {role[0] if role else '?'!r} "
                    f"may not change it ({str(error).strip()}); an administrator runs "
                    f"`gdterms tm migrate --db {self.location}`") from None
        self.check_trigram_locale()
        return version

    def check_trigram_locale(self) -> None:
        """Refuse a database whose character-type locale hides Chinese from pg_trgm."""
        row = self.connection.execute(
            "SELECT show_trgm('鸿蒙'), current_setting('lc_ctype')").fetchone()
        trigrams, ctype = (row[0], row[1]) if row else ([], "?")
        if not trigrams:
            raise MemoryStoreError(
                f"{self.location}: this database cannot search Chinese: its character-type "
                f"locale is {ctype!r}, under which pg_trgm extracts no trigrams from Chinese "
                "(show_trgm('鸿蒙') is empty). Create the memory's database with a UTF-8 "
                "locale: CREATE DATABASE gdterms TEMPLATE template0 ENCODING 'UTF8' "
                "LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'")

    # --- writing --------------------------------------------------------------------------

    def _retrying(self, work: Callable[[], _Result]) -> _Result:
        """Run *work* in a transaction, again if PostgreSQL aborted it as a deadlock victim
        (or a unit it relied on was deleted, or claimed, by another client meanwhile)."""
        psycopg = _psycopg()
        retriable = tuple(getattr(psycopg.errors, name) for name in _RETRIABLE)
        for attempt in range(_RETRIES):
            try:
                with self.connection.transaction():
                    return work()
            except retriable:
                if attempt == _RETRIES - 1:
                    raise
                time.sleep(0.02 * (attempt + 1))
        raise AssertionError("unreachable")  # pragma: no cover

    def add_units(self, origin: OriginRecord, units: Iterable[UnitRecord], *,
                  replace: bool = True) -> AddResult:
        """COPY *units* into the session's staging table, then merge them in one transaction.

        The staging table is temporary (it dies with the session), and nothing outside it
        changes until the merge commits: an iterable that raises, or a killed client, leaves
        the memory as it was. Only the merge is retried on a deadlock, so *units* is read once.
        """
        driver = _psycopg()
        try:
            self.connection.execute(_STAGING)
        except driver.errors.ReadOnlySqlTransaction:
            raise self._read_only() from None
        self.connection.execute("TRUNCATE gdterms_staging")
        try:
            staged = 0
            with self.connection.transaction(), self.connection.cursor().copy(
                    f"COPY gdterms_staging ({_STAGING_COLUMNS}) FROM STDIN") as copy:
                for staged, unit in enumerate(units, 1):
                    copy.write_row((staged, unit.digest, unit.source, unit.target,
                                    unit.source_lang, unit.target_lang,
                                    _pair(unit.source_lang, unit.target_lang), unit.key,
                                    unit.source_codes, unit.target_codes, unit.unit_id,
                                    unit.line, unit.created, unit.author, unit.previous_key,
                                    unit.reviewed))

            def merge() -> AddResult:
                origin_id = self._upsert_origin(origin)
                if replace:  # as the contract says, and as SQLite does: dropped first
                    touched = self._delete_claims(origin_id)
                    if touched:
                        self._drop_orphans(touched)
                added = max(0, self.connection.execute(_MERGE_UNITS).rowcount)
                claims = max(0, self.connection.execute(
                    _MERGE_CLAIMS, {"origin": origin_id}).rowcount)
                self.connection.execute(_PROMOTE)
                distinct = self.connection.execute(
                    "SELECT count(DISTINCT digest) FROM gdterms_staging").fetchone()
                count = int(distinct[0]) if distinct else 0
                return added, max(0, claims - added), staged - count

            result = self._retrying(merge)
        except driver.errors.ReadOnlySqlTransaction:
            raise self._read_only() from None
        finally:
            self.connection.execute("TRUNCATE gdterms_staging")
        if result[0] > _ANALYZE_AFTER:
            # A role that does not own the tables gets a warning, and nothing else.
            self.connection.execute("ANALYZE gdterms_unit, gdterms_claim")
        return result

    def _read_only(self) -> MemoryStoreError:
        return MemoryStoreError(f"{self.location}: this server is read-only (a standby?): "
                                "import into the primary and search here")

    def _upsert_origin(self, origin: OriginRecord) -> int:
        row = self.connection.execute(
            """INSERT INTO gdterms_origin (name, scope, sha256, imported_at, source_lang,
                   target_lang) VALUES (%s, %s, %s, %s, %s, %s)
               ON CONFLICT (name, scope) DO UPDATE SET sha256 = excluded.sha256,
                   imported_at = excluded.imported_at, source_lang = excluded.source_lang,
                   target_lang = excluded.target_lang
               RETURNING id""", tuple(origin)).fetchone()
        return int(row[0]) if row else 0

    def _delete_claims(self, origin_id: int) -> list[int]:
        """Inside a transaction: delete an origin's claims; the units they were on."""
        rows = self.connection.execute(
            "DELETE FROM gdterms_claim WHERE origin = %s RETURNING unit", (origin_id,)).fetchall()
        return sorted({int(row[0]) for row in rows})

    def _drop_orphans(self, touched: list[int]) -> None:
        """Inside a transaction: delete the *touched* units no claim holds any more, and mark
        unreviewed those whose only reviewed claim went. Without cascading, a claim another
        client added meanwhile makes the deletion fail (and be retried) rather than vanish."""
        self.connection.execute(
            """DELETE FROM gdterms_unit u WHERE u.id = ANY(%(units)s)
               AND NOT EXISTS (SELECT 1 FROM gdterms_claim c WHERE c.unit = u.id)""",
            {"units": touched})
        self.connection.execute(
            """UPDATE gdterms_unit u SET reviewed = false WHERE u.id = ANY(%(units)s)
               AND u.reviewed AND NOT EXISTS (SELECT 1 FROM gdterms_claim c
                                              WHERE c.unit = u.id AND c.reviewed)""",
            {"units": touched})

    def delete_origin(self, name: str, scope: str | None = None) -> int:
        """Remove an origin's claims and origin row, and the units no claim holds any more."""

        def work() -> int:
            removed = 0
            origins = self.connection.execute(
                "SELECT id FROM gdterms_origin WHERE name = %s AND (%s::text IS NULL OR "
                "scope = %s) ORDER BY id", (name, scope, scope)).fetchall()
            for (origin_id,) in origins:
                touched = self.connection.execute(
                    "SELECT count(*) FROM gdterms_claim WHERE origin = %s", (origin_id,)
                ).fetchone()
                removed += int(touched[0]) if touched else 0
                units = self._delete_claims(int(origin_id))
                if units:
                    self._drop_orphans(units)
                self.connection.execute("DELETE FROM gdterms_origin WHERE id = %s", (origin_id,))
            return removed

        return self._retrying(work)

    # --- reading --------------------------------------------------------------------------

    def origin_names(self, scope: str | None = None) -> list[tuple[str, str]]:
        """(name, scope) of every origin, in name order."""
        return [(str(name), str(found)) for name, found in self.connection.execute(
            "SELECT name, scope FROM gdterms_origin WHERE %s::text IS NULL OR scope = %s "
            "ORDER BY name, scope", (scope, scope)).fetchall()]

    @staticmethod
    def _scope_filter(scopes: tuple[str, ...] | None, excluded: tuple[str, ...] | None,
                      params: dict[str, Any]) -> str:
        sql = ""
        if scopes is not None:
            sql += (" AND EXISTS (SELECT 1 FROM gdterms_claim c JOIN gdterms_origin o ON "
                    "o.id = c.origin WHERE c.unit = u.id AND o.scope = ANY(%(scopes)s))")
            params["scopes"] = list(scopes)
        if excluded:
            sql += (" AND EXISTS (SELECT 1 FROM gdterms_claim c JOIN gdterms_origin o ON "
                    "o.id = c.origin WHERE c.unit = u.id AND o.scope <> ALL(%(excluded)s))")
            params["excluded"] = list(excluded)
        return sql

    def candidate_query(self, query: CandidateQuery) -> tuple[str, dict[str, Any], float]:
        """The candidate SELECT, its parameters and the trigram threshold it runs under (the
        tests EXPLAIN this very statement)."""
        params: dict[str, Any] = {"key": query.key, "pair": query.pair,
                                  "low": query.min_length, "high": query.max_length,
                                  "limit": query.limit}
        scope = self._scope_filter(query.scopes, query.excluded_scopes, params)
        sql = (f"SELECT {_UNIT_COLUMNS} FROM gdterms_unit u "
               "WHERE u.key %% %(key)s AND u.pair = %(pair)s "
               f"AND u.length BETWEEN %(low)s AND %(high)s{scope} "
               "ORDER BY similarity(u.key, %(key)s) DESC, u.id LIMIT %(limit)s")
        language = query.pair.split(">", 1)[0]
        return sql, params, trigram_threshold(query.min_score, language)

    def candidates(self, query: CandidateQuery) -> list[StoredUnit]:
        """Units sharing enough trigrams with the query key (pg_trgm's GIN index), of a
        possible length, best trigram similarity first, at most ``query.limit``."""
        sql, params, threshold = self.candidate_query(query)
        with self.connection.transaction():
            # SET LOCAL: the cut lasts this transaction only, so other queries on a pooled
            # connection keep theirs. The threshold is a float computed here, not user text.
            self.connection.execute(f"SET LOCAL pg_trgm.similarity_threshold = {threshold:.3f}")
            rows = self.connection.execute(sql, params).fetchall()
        return [_stored(row) for row in rows]

    def exact(self, key: str, pair: str, *, scopes: tuple[str, ...] | None = None,
              excluded_scopes: tuple[str, ...] | None = None) -> list[StoredUnit]:
        """Units whose key is *key* (the hash index), in id order."""
        params: dict[str, Any] = {"key": key, "pair": pair}
        scope = self._scope_filter(scopes, excluded_scopes, params)
        rows = self.connection.execute(
            f"SELECT {_UNIT_COLUMNS} FROM gdterms_unit u WHERE u.key = %(key)s "
            f"AND u.pair = %(pair)s{scope} ORDER BY u.id", params).fetchall()
        return [_stored(row) for row in rows]

    def concordance(self, phrase: str, grams: tuple[int, ...], pair: str, *, limit: int,
                    excluded_scopes: tuple[str, ...] | None = None) -> list[StoredUnit]:
        """Sources containing *phrase* through the trigram index (LIKE, which gin_trgm_ops
        serves), then targets containing it, in id order, at most *limit* (as SQLite)."""
        params: dict[str, Any] = {"like": "%" + _like_escaped(phrase) + "%", "pair": pair,
                                  "phrase": phrase, "limit": limit}
        scope = self._scope_filter(None, excluded_scopes, params)
        with self.connection.transaction():
            found = [int(row[0]) for row in self.connection.execute(
                "SELECT u.id FROM gdterms_unit u WHERE u.key LIKE %(like)s "
                f"AND strpos(u.key, %(phrase)s) > 0 AND u.pair = %(pair)s{scope} "
                "ORDER BY u.id LIMIT %(limit)s", params).fetchall()]
            if len(found) < limit:
                seen = set(found)
                found.extend(int(row[0]) for row in self.connection.execute(
                    "SELECT u.id FROM gdterms_unit u WHERE strpos(u.target, %(phrase)s) > 0 "
                    f"AND u.pair = %(pair)s{scope} ORDER BY u.id LIMIT %(limit)s",
                    params).fetchall() if int(row[0]) not in seen)
            chosen = sorted(found)[:limit]
            rows = self.connection.execute(
                f"SELECT {_UNIT_COLUMNS} FROM gdterms_unit u WHERE u.id = ANY(%s) ORDER BY u.id",
                (chosen,)).fetchall()
        return [_stored(row) for row in rows]

    def claims(self, units: Sequence[int]) -> dict[int, list[ClaimRecord]]:
        """Every claim on each unit, oldest import first."""
        found: dict[int, list[ClaimRecord]] = {unit: [] for unit in units}
        if not found:
            return found
        for row in self.connection.execute(
                """SELECT c.unit, o.name, o.scope, o.sha256, c.unit_id, c.line, c.created,
                          c.author, o.imported_at, c.previous_key, c.reviewed
                   FROM gdterms_claim c JOIN gdterms_origin o ON o.id = c.origin
                   WHERE c.unit = ANY(%s) ORDER BY o.imported_at, o.id""",
                (list(found),)).fetchall():
            found[int(row[0])].append(ClaimRecord._make((int(row[0]), *row[1:10],
                                                         bool(row[10]))))
        return found

    def stats(self) -> MemoryStats:
        """The counts, in one REPEATABLE READ transaction (consistent with one another)."""
        with self.connection.transaction():
            self.connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")

            def one(sql: str) -> int:
                row = self.connection.execute(sql).fetchone()
                return int(row[0]) if row else 0

            return MemoryStats(
                units=one("SELECT count(*) FROM gdterms_unit"),
                claims=one("SELECT count(*) FROM gdterms_claim"),
                origins=one("SELECT count(*) FROM gdterms_origin"),
                unreviewed=one("SELECT count(*) FROM gdterms_unit WHERE NOT reviewed"),
                pairs=tuple((str(pair), int(count)) for pair, count in self.connection.execute(
                    "SELECT pair, count(*) FROM gdterms_unit GROUP BY pair ORDER BY pair")),
                by_origin=tuple((str(name), str(scope), int(count))
                                for name, scope, count in self.connection.execute(
                    "SELECT o.name, o.scope, count(c.unit) FROM gdterms_origin o "
                    "LEFT JOIN gdterms_claim c ON c.origin = o.id GROUP BY o.id "
                    "ORDER BY o.name, o.scope")),
                schema_version=self.schema_version(),
                location=self.location)

    def count(self) -> int:
        """How many units, in one statement (the concurrency tests' probe)."""
        row = self.connection.execute("SELECT count(*) FROM gdterms_unit").fetchone()
        return int(row[0]) if row else 0

    def iter_units(self, pair: str | None = None) -> Iterator[StoredUnit]:
        """Every unit in id order, streamed by a server-side cursor in one snapshot."""
        with self.connection.transaction(), self.connection.cursor(
                name="gdterms_units") as cursor:
            cursor.itersize = 2000
            cursor.execute(f"SELECT {_UNIT_COLUMNS} FROM gdterms_unit u "
                           "WHERE %(pair)s::text IS NULL OR u.pair = %(pair)s ORDER BY u.id",
                           {"pair": pair})
            for row in cursor:
                yield _stored(row)

    def close(self) -> None:
        """Close the connection."""
        self.connection.close()


def _stored(row: Sequence[Any]) -> StoredUnit:
    return StoredUnit(int(row[0]), row[1], row[2], row[3], row[4], row[5], bool(row[6]),
                      row[7], row[8])


def _pair(source_lang: str, target_lang: str) -> str:
    from .keys import pair_of

    return pair_of(source_lang, target_lang)


def _like_escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _without_password(url: str) -> str:
    """The URL as messages and ``stats`` show it, any password in it removed."""
    from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

    parts = urlsplit(url)
    netloc = parts.netloc
    if parts.password is not None:
        user, _, host = netloc.rpartition("@")
        netloc = f"{user.split(':', 1)[0]}@{host}"
    query = [(name, value) for name, value in parse_qsl(parts.query, keep_blank_values=True)
             if name != "password"]
    return urlunsplit(parts._replace(netloc=netloc, query=urlencode(query, safe="/")))


def _psycopg() -> Any:  # noqa: ANN401 - the psycopg module, imported on first use
    try:
        import psycopg
        import psycopg.conninfo
        import psycopg.errors
    except ImportError:
        raise MemoryStoreError("a postgresql:// memory needs psycopg 3: "
                               "pip install 'guangdong-terms[postgres]'") from None
    return psycopg
