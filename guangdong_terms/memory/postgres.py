"""The translation memory's PostgreSQL store: one shared server for a team (issue 16).

Weblate keeps its memory the same way (../shared/design/peers.md, Addendum): units in one table
with a pg_trgm GIN index over the source, candidates by trigram similarity, then a ranking of
its own. Here the ranking is the memory's one scorer, the same as with SQLite; PostgreSQL only
narrows the candidates. Four choices carry the design:

* **pg_trgm needs a UTF-8 character-type locale to see Chinese.** Under ``C`` it extracts no
  trigrams from CJK text and a GIN index silently returns nothing, so opening a memory checks
  ``show_trgm('鸿蒙')`` and refuses such a database.
* **The similarity cut follows ``min_score``.** pg_trgm's default 0.3 drops pairs that CAT tools
  score 75 or more (a 10-character segment with two edits far apart shares 5 of 17 trigrams), so
  each query sets ``pg_trgm.similarity_threshold`` with ``SET LOCAL`` from a bound derived below
  (:func:`trigram_threshold`) and measured in tests/test_memory_postgres.py.
* **Bulk loads never half-happen and never duplicate.** A file is COPYed into a session's
  temporary staging table, then merged by ``INSERT ... SELECT ... ON CONFLICT DO NOTHING`` into
  units keyed by a digest column (a btree cannot hold long segments' raw text), in one
  transaction that is retried when PostgreSQL picks it as a deadlock victim.
* **The schema is numbered migrations with a version table.** ``open`` applies what is missing
  when the role may; otherwise it stops and names ``gdterms tm migrate``, which an
  administrator runs (README: the two roles).

psycopg is imported only here, and only when a ``postgresql://`` memory is opened.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    import psycopg

__all__ = [
    "MIGRATIONS",
    "ClaimRow",
    "LoadRow",
    "PostgresMemoryError",
    "PostgresStore",
    "StoredUnit",
    "is_postgres_url",
    "trigram_threshold",
    "unit_digest",
]

SHARED_SCOPE = "shared"

# Serialises concurrent migrations of one database (pg_advisory_xact_lock's key: "gdterms").
_MIGRATION_LOCK = 0x6764_7465_726D_73

# How many candidates one query fetches, best trigram similarity first. The exhaustive-agreement
# test (tests/test_memory_postgres.py) holds this against a scan of every unit.
CANDIDATE_LIMIT = 400

# A load adding more units than this refreshes the planner's statistics at once.
_ANALYZE_AFTER = 10_000

# Retries of a merge that PostgreSQL aborted as a deadlock victim or a serialisation failure.
_RETRIES = 8


class PostgresMemoryError(Exception):
    """A PostgreSQL memory cannot be used as asked; the message says why and what to run."""


def is_postgres_url(location: object) -> bool:
    """Whether *location* names a PostgreSQL memory rather than an SQLite file."""
    return isinstance(location, str) and location.startswith(("postgresql://", "postgres://"))


def unit_digest(source: str, target: str, source_lang: str, target_lang: str) -> bytes:
    """The unit key as 32 bytes: a btree holds it where long segments' text would overflow.

    The parts are joined by U+001F (unit separator), which normalised text never contains, so
    no two different keys share a digest's input.
    """
    key = f"{source}\x1f{target}\x1f{source_lang}\x1f{target_lang}"
    return hashlib.sha256(key.encode("utf-8")).digest()


def trigram_threshold(min_score: float, *, chinese: bool = True) -> float:
    """The pg_trgm similarity below which no unit can score *min_score* (0-100) or more.

    A unit within Levenshtein similarity m of the query differs by at most e = (1 - m) * L edits
    (L the longer length). pg_trgm reads a Chinese run as one word padded with two spaces before
    and one after, so a run of L characters has L + 1 trigrams and one edit changes at most three:
    shared >= (L + 1) - 3e, union <= (L + 1) + 3e, and similarity >= (1 - 3(1 - m)) / (1 + 3(1 - m))
    as L grows (punctuation splits runs into words with more padding, which only raises it).
    Penalties and the unreviewed factor lower scores, never raise them, so the bound holds for
    the memory's scores too. English is scored over words, where one word edit changes up to
    len(word) + 2 trigrams: no useful bound, so English sources get no trigram cut (the length
    and language filters still apply).
    """
    if not chinese:
        return 0.0
    edits = 3 * (1 - min_score / 100)
    bound = (1 - edits) / (1 + edits)
    # A little slack below the bound for rounding in pg_trgm's float4 arithmetic.
    return max(0.0, round(bound - 0.01, 3))


class StoredUnit(NamedTuple):
    """A unit as stored, with its claims (those in the scopes asked for)."""

    id: int
    source: str
    target: str
    source_lang: str
    target_lang: str
    source_codes: Any  # the JSON the frontend stored (a list of code records)
    target_codes: Any
    claims: tuple[ClaimRow, ...]


class ClaimRow(NamedTuple):
    """One origin's claim on a unit: which file said it, where, in which scope."""

    scope: str
    origin: str
    sha256: str
    file_unit_id: str
    line: int
    created: str
    author: str
    imported_at: str
    reviewed: bool
    previous: str


class LoadRow(NamedTuple):
    """One unit of a file being imported, already normalised by the memory's frontend.

    *folded* is the source as it is searched (Traditional folded to Simplified); *previous* the
    source of the unit before it in its file, for context (101) matches.
    """

    source: str
    target: str
    source_lang: str
    target_lang: str
    folded: str
    source_codes: str = "[]"
    target_codes: str = "[]"
    file_unit_id: str = ""
    line: int = 0
    created: str = ""
    author: str = ""
    reviewed: bool = True
    previous: str = ""


@dataclass(frozen=True)
class Migration:
    """One numbered step of the schema; applied in order, each once, in one transaction."""

    version: int
    description: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "units keyed by digest, claims by origin and scope, a trigram index", (
        "CREATE EXTENSION IF NOT EXISTS pg_trgm",
        """CREATE TABLE gdterms_unit (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            digest bytea NOT NULL CONSTRAINT gdterms_unit_digest_key UNIQUE,
            source text NOT NULL,
            target text NOT NULL,
            source_lang text NOT NULL,
            target_lang text NOT NULL,
            folded text NOT NULL,
            source_codes jsonb NOT NULL DEFAULT '[]',
            target_codes jsonb NOT NULL DEFAULT '[]'
        )""",
        "CREATE INDEX gdterms_unit_folded_trgm ON gdterms_unit USING gin (folded gin_trgm_ops)",
        """CREATE TABLE gdterms_claim (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            digest bytea NOT NULL CONSTRAINT gdterms_claim_digest_key UNIQUE,
            unit bigint NOT NULL REFERENCES gdterms_unit (id) ON DELETE CASCADE,
            scope text NOT NULL,
            origin text NOT NULL,
            sha256 text NOT NULL DEFAULT '',
            file_unit_id text NOT NULL DEFAULT '',
            line integer NOT NULL DEFAULT 0,
            created text NOT NULL DEFAULT '',
            author text NOT NULL DEFAULT '',
            imported_at timestamptz NOT NULL DEFAULT now(),
            reviewed boolean NOT NULL DEFAULT true,
            previous text NOT NULL DEFAULT ''
        )""",
        "CREATE INDEX gdterms_claim_unit ON gdterms_claim (unit)",
        "CREATE INDEX gdterms_claim_origin ON gdterms_claim (scope, origin)",
    )),
    Migration(2, "source length per unit, so candidates are cut by length before scoring", (
        "ALTER TABLE gdterms_unit ADD COLUMN length integer",
        "UPDATE gdterms_unit SET length = char_length(folded)",
        "ALTER TABLE gdterms_unit ALTER COLUMN length SET NOT NULL",
        # No btree on (languages, length): a length window holds a third of a large memory,
        # and the planner, offered that index, filtered those rows by % instead of asking the
        # trigram index (measured on 3,000 units; tests/test_memory_postgres.py EXPLAINs it).
    )),
)
LATEST = MIGRATIONS[-1].version

_VERSION_TABLE = """CREATE TABLE IF NOT EXISTS gdterms_schema_version (
    version integer PRIMARY KEY,
    description text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
)"""

_STAGING = """CREATE TEMPORARY TABLE IF NOT EXISTS gdterms_staging (
    digest bytea NOT NULL, claim_digest bytea NOT NULL,
    source text NOT NULL, target text NOT NULL, source_lang text NOT NULL,
    target_lang text NOT NULL, folded text NOT NULL, source_codes jsonb NOT NULL,
    target_codes jsonb NOT NULL, file_unit_id text NOT NULL, line integer NOT NULL,
    created text NOT NULL, author text NOT NULL, reviewed boolean NOT NULL, previous text NOT NULL
) ON COMMIT PRESERVE ROWS"""

_STAGING_COLUMNS = ("digest, claim_digest, source, target, source_lang, target_lang, folded, "
                    "source_codes, target_codes, file_unit_id, line, created, author, reviewed, "
                    "previous")

# Units first, in digest order so that two merges lock index entries in the same order;
# DISTINCT ON keeps one row per key where a file repeats a unit.
_MERGE_UNITS = """INSERT INTO gdterms_unit
    (digest, source, target, source_lang, target_lang, folded, source_codes, target_codes, length)
SELECT DISTINCT ON (digest) digest, source, target, source_lang, target_lang, folded,
       source_codes, target_codes, char_length(folded)
FROM gdterms_staging ORDER BY digest
ON CONFLICT (digest) DO NOTHING"""

_MERGE_CLAIMS = """INSERT INTO gdterms_claim
    (digest, unit, scope, origin, sha256, file_unit_id, line, created, author, reviewed, previous)
SELECT DISTINCT ON (s.claim_digest) s.claim_digest, u.id, %(scope)s, %(origin)s, %(sha256)s,
       s.file_unit_id, s.line, s.created, s.author, s.reviewed, s.previous
FROM gdterms_staging s JOIN gdterms_unit u ON u.digest = s.digest
ORDER BY s.claim_digest
ON CONFLICT (digest) DO NOTHING"""

_DROP_ORPHANS = """DELETE FROM gdterms_unit u
WHERE u.id = ANY(%(units)s) AND NOT EXISTS (SELECT 1 FROM gdterms_claim c WHERE c.unit = u.id)"""


def _claim_digest(unit: bytes, scope: str, origin: str, row: LoadRow) -> bytes:
    """A claim's key: the same unit, from the same place of the same origin, in one scope."""
    key = "\x1f".join((scope, origin, row.file_unit_id, str(row.line)))
    return hashlib.sha256(unit + key.encode("utf-8")).digest()


class PostgresStore:
    """A connection to one memory database: schema checks, bulk loads, candidate queries."""

    def __init__(self, connection: psycopg.Connection[Any], url: str) -> None:
        self.connection = connection
        self.url = url

    # -- opening ------------------------------------------------------------------------------

    @classmethod
    def open(cls, url: str, *, migrate: bool = True) -> PostgresStore:
        """Connect the libpq way (password from PGPASSWORD, a service file or ~/.pgpass, never
        the command line), bring the schema up to date where the role may, check the locale."""
        psycopg = _psycopg()
        try:
            connection = psycopg.connect(url, autocommit=False, application_name="gdterms")
        except psycopg.OperationalError as error:
            raise PostgresMemoryError(
                f"cannot connect to the PostgreSQL memory {_display(url)}: "
                f"{str(error).strip()}") from error
        store = cls(connection, url)
        try:
            if migrate:
                store.migrate(only_if_needed=True)
            else:
                store._require_current_schema()
            store.check_trigram_locale()
        except BaseException:
            connection.close()
            raise
        return store

    def close(self) -> None:
        """Close the connection (a rolled-back transaction, if one was open)."""
        self.connection.close()

    def schema_version(self) -> int:
        """The highest applied migration; 0 for an empty database."""
        with self.connection.transaction():
            exists = self.connection.execute(
                "SELECT to_regclass('gdterms_schema_version') IS NOT NULL").fetchone()
            if not exists or not exists[0]:
                return 0
            row = self.connection.execute(
                "SELECT coalesce(max(version), 0) FROM gdterms_schema_version").fetchone()
        return int(row[0]) if row else 0

    def _require_current_schema(self) -> int:
        version = self.schema_version()
        if version > LATEST:
            raise PostgresMemoryError(
                f"the PostgreSQL memory {_display(self.url)} has schema version {version}, newer "
                f"than this gdterms knows ({LATEST}): upgrade guangdong-terms")
        return version

    def migrate(self, *, only_if_needed: bool = False, target: int = LATEST) -> list[int]:
        """Apply the missing migrations up to *target*, all in one transaction; returns them.

        An advisory lock serialises two clients opening an old database at once. Where the role
        lacks the privilege (a translator's role), nothing is changed and the error names
        ``gdterms tm migrate`` for an administrator to run.
        """
        psycopg = _psycopg()
        version = self._require_current_schema()
        if only_if_needed and version >= target:
            return []
        applied: list[int] = []
        try:
            with self.connection.transaction():
                self.connection.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
                self.connection.execute(_VERSION_TABLE)
                row = self.connection.execute(
                    "SELECT coalesce(max(version), 0) FROM gdterms_schema_version").fetchone()
                current = int(row[0]) if row else 0
                for migration in MIGRATIONS:
                    if current < migration.version <= target:
                        for statement in migration.statements:
                            self.connection.execute(statement)
                        self.connection.execute(
                            "INSERT INTO gdterms_schema_version (version, description) "
                            "VALUES (%s, %s)", (migration.version, migration.description))
                        applied.append(migration.version)
        except psycopg.errors.InsufficientPrivilege as error:
            raise PostgresMemoryError(
                f"the PostgreSQL memory {_display(self.url)} has schema version {version} and "
                f"this gdterms needs {target}, but role {self._role()!r} may not change the "
                f"schema ({str(error).strip()}): an administrator runs "
                f"`gdterms tm migrate --db {_display(self.url)}`") from error
        return applied

    def _role(self) -> str:
        row = self.connection.execute("SELECT current_user").fetchone()
        self.connection.rollback()
        return str(row[0]) if row else "?"

    def check_trigram_locale(self) -> None:
        """Refuse a database whose character-type locale hides Chinese from pg_trgm."""
        with self.connection.transaction():
            row = self.connection.execute(
                "SELECT show_trgm('鸿蒙'), current_setting('lc_ctype')").fetchone()
        trigrams, ctype = (row[0], row[1]) if row else ([], "?")
        if not trigrams:
            raise PostgresMemoryError(
                f"the PostgreSQL memory {_display(self.url)} cannot search Chinese: its "
                f"character-type locale is {ctype!r}, under which pg_trgm extracts no trigrams "
                "from Chinese (show_trgm('鸿蒙') is empty). Create the database with a UTF-8 "
                "locale, e.g. CREATE DATABASE gdterms TEMPLATE template0 ENCODING 'UTF8' "
                "LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'")

    # -- writing ------------------------------------------------------------------------------

    def load(self, rows: Iterable[LoadRow], *, origin: str, sha256: str,
             scope: str = SHARED_SCOPE, replace_origin: bool = True) -> tuple[int, int]:
        """Merge one file's units; returns (units new to the memory, claims new to it).

        COPY streams the rows into a temporary staging table (its own transaction: a killed
        client leaves nothing behind, temporary tables die with the session), then one merge
        transaction replaces this origin's earlier claims in this scope and inserts what is
        missing. The merge alone is retried on a deadlock, so the file is read once.
        """
        psycopg = _psycopg()
        with self.connection.transaction():
            self.connection.execute(_STAGING)
            self.connection.execute("TRUNCATE gdterms_staging")
            with self.connection.cursor().copy(
                    f"COPY gdterms_staging ({_STAGING_COLUMNS}) FROM STDIN") as copy:
                for row in rows:
                    digest = unit_digest(row.source, row.target, row.source_lang, row.target_lang)
                    copy.write_row((digest, _claim_digest(digest, scope, origin, row),
                                    row.source, row.target, row.source_lang, row.target_lang,
                                    row.folded, row.source_codes, row.target_codes,
                                    row.file_unit_id, row.line, row.created, row.author,
                                    row.reviewed, row.previous))
        try:
            for attempt in range(_RETRIES):
                try:
                    with self.connection.transaction():
                        dropped: list[int] = []
                        if replace_origin:
                            _, dropped = self._delete_claims(origin, scope, keep_staged=True)
                        units = self.connection.execute(_MERGE_UNITS).rowcount
                        claims = self.connection.execute(
                            _MERGE_CLAIMS, {"scope": scope, "origin": origin,
                                            "sha256": sha256}).rowcount
                        if dropped:
                            self.connection.execute(_DROP_ORPHANS, {"units": dropped})
                    if units > _ANALYZE_AFTER:
                        # Fresh statistics, so the planner keeps choosing the trigram index
                        # (autovacuum would, later). A role that does not own the table gets a
                        # warning from PostgreSQL and nothing else.
                        with self.connection.transaction():
                            self.connection.execute("ANALYZE gdterms_unit, gdterms_claim")
                    return max(units, 0), max(claims, 0)
                except (psycopg.errors.DeadlockDetected, psycopg.errors.SerializationFailure,
                        psycopg.errors.ForeignKeyViolation):
                    # ForeignKeyViolation: a concurrent delete removed a unit between our
                    # unit merge and claim merge; the retry inserts it again.
                    if attempt == _RETRIES - 1:
                        raise
                    time.sleep(0.05 * (attempt + 1))
            raise AssertionError("unreachable")  # pragma: no cover
        finally:
            with self.connection.transaction():
                self.connection.execute("TRUNCATE gdterms_staging")

    def _delete_claims(self, origin: str, scope: str | None, *,
                       keep_staged: bool = False) -> tuple[int, list[int]]:
        """Remove an origin's claims (in one scope, or all): how many, and the units they were
        on."""
        where = "origin = %(origin)s" + (" AND scope = %(scope)s" if scope is not None else "")
        if keep_staged:  # a re-import keeps the claims it is about to insert again
            where += " AND digest NOT IN (SELECT claim_digest FROM gdterms_staging)"
        rows = self.connection.execute(
            f"DELETE FROM gdterms_claim WHERE {where} RETURNING unit",
            {"origin": origin, "scope": scope}).fetchall()
        return len(rows), sorted({int(row[0]) for row in rows})

    def delete_origin(self, origin: str, scope: str | None = None) -> int:
        """Remove an origin's claims, and units no other claim holds; returns claims removed."""
        with self.connection.transaction():
            removed, units = self._delete_claims(origin, scope)
            if units:
                self.connection.execute(_DROP_ORPHANS, {"units": units})
        return removed

    # -- reading ------------------------------------------------------------------------------

    def candidates(self, folded_query: str, *, source_lang: str, target_lang: str,
                   scopes: Sequence[str] | None, min_score: float,
                   limit: int = CANDIDATE_LIMIT, chinese: bool = True) -> list[StoredUnit]:
        """Units whose trigrams could reach *min_score*, best trigram similarity first.

        The threshold and the length window both come from *min_score* (a unit of length n
        scores at most min(n, L) / max(n, L) against a query of length L), so only the scorer
        decides which of them match; nothing that could score *min_score* is dropped unless
        more than *limit* units pass both cuts.
        """
        query, params = _candidate_query(folded_query, source_lang, target_lang, scopes,
                                         min_score, limit, chinese)
        with self.connection.transaction():
            # SET LOCAL: the cut lasts this transaction only, so pooled connections and other
            # queries keep theirs. The threshold is a float we computed, never user text.
            threshold = trigram_threshold(min_score, chinese=chinese)
            self.connection.execute(f"SET LOCAL pg_trgm.similarity_threshold = {threshold:.3f}")
            rows = self.connection.execute(query, params).fetchall()
            claims = self._claims([int(row[0]) for row in rows], scopes)
        return [StoredUnit(int(row[0]), row[1], row[2], row[3], row[4], row[5], row[6],
                           claims.get(int(row[0]), ())) for row in rows]

    def exact(self, source: str, target_lang: str, source_lang: str,
              scopes: Sequence[str] | None) -> list[StoredUnit]:
        """Units whose stored source is exactly *source* (the 100 and 101 candidates)."""
        with self.connection.transaction():
            rows = self.connection.execute(
                """SELECT id, source, target, source_lang, target_lang, source_codes, target_codes
                   FROM gdterms_unit WHERE folded = %s AND source_lang = %s AND target_lang = %s
                   ORDER BY id""", (source, source_lang, target_lang)).fetchall()
            claims = self._claims([int(row[0]) for row in rows], scopes)
        return [StoredUnit(int(row[0]), row[1], row[2], row[3], row[4], row[5], row[6],
                           claims[int(row[0])]) for row in rows if int(row[0]) in claims]

    def _claims(self, units: list[int],
                scopes: Sequence[str] | None) -> dict[int, tuple[ClaimRow, ...]]:
        if not units:
            return {}
        scope_filter = "AND scope = ANY(%(scopes)s)" if scopes is not None else ""
        rows = self.connection.execute(
            f"""SELECT unit, scope, origin, sha256, file_unit_id, line, created, author,
                       to_char(imported_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                       reviewed, previous
                FROM gdterms_claim WHERE unit = ANY(%(units)s) {scope_filter}
                ORDER BY unit, origin, line, id""",
            {"units": units, "scopes": list(scopes or ())}).fetchall()
        claims: dict[int, list[ClaimRow]] = {}
        for row in rows:
            claims.setdefault(int(row[0]), []).append(ClaimRow(*row[1:]))
        return {unit: tuple(found) for unit, found in claims.items()}

    def units(self, *, scopes: Sequence[str] | None = None,
              batch: int = 2000) -> Iterator[StoredUnit]:
        """Every unit with its claims, in id order, in one snapshot (for export and scans)."""
        last = 0
        with self.connection.transaction():
            self.connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            while True:
                rows = self.connection.execute(
                    """SELECT id, source, target, source_lang, target_lang, source_codes,
                              target_codes FROM gdterms_unit WHERE id > %s ORDER BY id LIMIT %s""",
                    (last, batch)).fetchall()
                if not rows:
                    return
                claims = self._claims([int(row[0]) for row in rows], scopes)
                for row in rows:
                    found = claims.get(int(row[0]))
                    if found:
                        yield StoredUnit(int(row[0]), row[1], row[2], row[3], row[4], row[5],
                                         row[6], found)
                last = int(rows[-1][0])

    def counts(self) -> dict[str, int]:
        """Units, claims, origins and scopes, in one snapshot."""
        with self.connection.transaction():
            row = self.connection.execute(
                """SELECT (SELECT count(*) FROM gdterms_unit), count(*),
                          count(DISTINCT (scope, origin)), count(DISTINCT scope)
                   FROM gdterms_claim""").fetchone()
        units, claims, origins, scopes = row if row else (0, 0, 0, 0)
        return {"units": int(units), "claims": int(claims), "origins": int(origins),
                "scopes": int(scopes)}


def _candidate_query(folded_query: str, source_lang: str, target_lang: str,
                     scopes: Sequence[str] | None, min_score: float, limit: int,
                     chinese: bool) -> tuple[str, dict[str, Any]]:
    """The candidate SELECT and its parameters (tests EXPLAIN the very same query)."""
    length = len(folded_query)
    ratio = max(min_score, 1) / 100
    params: dict[str, Any] = {"q": folded_query, "sl": source_lang, "tl": target_lang,
                              "limit": limit, "lo": int(length * ratio),
                              "hi": int(length / ratio) + 1}
    scope_filter = ""
    if scopes is not None:
        params["scopes"] = list(scopes)
        scope_filter = ("AND EXISTS (SELECT 1 FROM gdterms_claim c WHERE c.unit = u.id "
                        "AND c.scope = ANY(%(scopes)s))")
    trigram_filter = "u.folded %% %(q)s AND" if trigram_threshold(
        min_score, chinese=chinese) > 0 else ""
    query = f"""SELECT u.id, u.source, u.target, u.source_lang, u.target_lang,
                       u.source_codes, u.target_codes
                FROM gdterms_unit u
                WHERE {trigram_filter} u.source_lang = %(sl)s AND u.target_lang = %(tl)s
                  AND u.length BETWEEN %(lo)s AND %(hi)s {scope_filter}
                ORDER BY similarity(u.folded, %(q)s) DESC, u.id
                LIMIT %(limit)s"""
    return query, params


def _display(url: str) -> str:
    """The URL without a password, for messages (libpq may have been given one in it)."""
    psycopg = _psycopg()
    try:
        info = psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "postgresql://…"
    if "password" not in info:
        return url
    info.pop("password")
    return str(psycopg.conninfo.make_conninfo(**{k: str(v) for k, v in info.items()}))


def _psycopg() -> Any:  # noqa: ANN401 - the psycopg module, imported on first use
    try:
        import psycopg
        import psycopg.conninfo
        import psycopg.errors
    except ImportError as error:
        raise PostgresMemoryError(
            "a postgresql:// memory needs psycopg 3: pip install 'guangdong-terms[postgres]'"
        ) from error
    return psycopg


def json_codes(codes: Iterable[Sequence[object]]) -> str:
    """Inline codes as the JSON the store keeps (offset, kind, id, markup per code)."""
    return json.dumps([list(code) for code in codes], ensure_ascii=False)
