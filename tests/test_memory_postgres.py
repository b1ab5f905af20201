"""The PostgreSQL store against a real server (tests/postgres.py): schema, locale, loads, index.

No mock stands in for the server: each test gets a fresh database on a throwaway cluster.
"""

from __future__ import annotations

import itertools
import random
import threading

import psycopg
import pytest
from rapidfuzz.distance import Levenshtein

from guangdong_terms.memory.postgres import (
    LATEST,
    LoadRow,
    PostgresMemoryError,
    PostgresStore,
    _candidate_query,
    trigram_threshold,
)

_roles = itertools.count(1)


def rows(pairs, *, lang=("zh-CN", "en")):
    return [LoadRow(source, target, lang[0], lang[1], source, line=number)
            for number, (source, target) in enumerate(pairs, 1)]


def count(url, sql):
    with psycopg.connect(url) as connection:
        return connection.execute(sql).fetchone()[0]


def test_open_creates_the_schema_by_numbered_migrations(postgres_url):
    store = PostgresStore.open(postgres_url)
    try:
        assert store.schema_version() == LATEST
        assert store.migrate() == []  # nothing left to apply
    finally:
        store.close()
    with psycopg.connect(postgres_url) as connection:
        versions = connection.execute(
            "SELECT version FROM gdterms_schema_version ORDER BY version").fetchall()
        indexes = {row[0] for row in connection.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'gdterms_unit'")}
    assert [v for (v,) in versions] == list(range(1, LATEST + 1))
    assert {"gdterms_unit_folded_trgm", "gdterms_unit_digest_key"} <= indexes


def _populate_version_1(url):
    """A database as the first schema left it, with units and claims in it."""
    store = PostgresStore.open(url, migrate=False)
    store.migrate(target=1)
    store.close()
    with psycopg.connect(url) as connection:
        connection.execute(
            """INSERT INTO gdterms_unit (digest, source, target, source_lang, target_lang, folded)
               VALUES (sha256('a'), '广州全球独角兽上榜企业24家', '24 Guangzhou unicorns',
                       'zh-CN', 'en', '广州全球独角兽上榜企业24家')""")
        connection.execute(
            """INSERT INTO gdterms_claim (digest, unit, scope, origin)
               SELECT sha256('c'), id, 'shared', 'old.tmx' FROM gdterms_unit""")


def test_open_upgrades_a_populated_database_from_the_first_schema(postgres_url):
    _populate_version_1(postgres_url)
    assert count(postgres_url, "SELECT max(version) FROM gdterms_schema_version") == 1
    store = PostgresStore.open(postgres_url)
    try:
        assert store.schema_version() == LATEST
        found = store.candidates("广州全球独角兽上榜企业25家", source_lang="zh-CN",
                                 target_lang="en", scopes=None, min_score=75)
    finally:
        store.close()
    assert [unit.target for unit in found] == ["24 Guangzhou unicorns"]
    assert found[0].claims[0].origin == "old.tmx"
    assert count(postgres_url, "SELECT length FROM gdterms_unit") == 14


def _translator(postgres_cluster, url):
    """A least-privilege role as the README grants it: data, no schema."""
    role = f"translator_{next(_roles)}"
    database = url.split("/")[3].split("?")[0]
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f"CREATE ROLE {role} LOGIN")
        admin.execute(f"GRANT CONNECT, TEMPORARY ON DATABASE {database} TO {role}")
        admin.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
        admin.execute(f"GRANT USAGE ON SCHEMA public TO {role}")
        admin.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public "
                      f"TO {role}")
        admin.execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, "
                      f"DELETE ON TABLES TO {role}")
    return postgres_cluster.url(database, user=role)


def test_a_translator_role_cannot_migrate_and_is_told_what_to_run(postgres_cluster,
                                                                   postgres_url):
    _populate_version_1(postgres_url)
    translator_url = _translator(postgres_cluster, postgres_url)
    with pytest.raises(PostgresMemoryError) as raised:
        PostgresStore.open(translator_url)
    message = str(raised.value)
    assert "gdterms tm migrate" in message and "schema version 1" in message
    assert count(postgres_url, "SELECT max(version) FROM gdterms_schema_version") == 1
    PostgresStore.open(postgres_url).close()  # the administrator migrates
    store = PostgresStore.open(translator_url)
    try:
        assert store.load(rows([("鸿蒙操作系统", "HarmonyOS")]), origin="mine.po",
                          sha256="x") == (1, 1)
        assert store.counts()["units"] == 2
    finally:
        store.close()


def test_a_c_locale_database_is_refused_with_the_fix(postgres_cluster, postgres_url):
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        admin.execute("CREATE DATABASE gdterms_c_locale TEMPLATE template0 ENCODING 'UTF8' "
                      "LC_COLLATE 'C' LC_CTYPE 'C'")
    url = postgres_cluster.url("gdterms_c_locale")
    try:
        with pytest.raises(PostgresMemoryError, match=r"show_trgm\('鸿蒙'\) is empty") as raised:
            PostgresStore.open(url)
        assert "LC_CTYPE 'C.UTF-8'" in str(raised.value) and "'C'" in str(raised.value)
    finally:
        with psycopg.connect(postgres_url, autocommit=True) as admin:
            admin.execute("DROP DATABASE gdterms_c_locale WITH (FORCE)")


def test_an_unreachable_server_is_a_clear_error(postgres_cluster):
    url = postgres_cluster.url("no_such_database")
    with pytest.raises(PostgresMemoryError, match="cannot connect to the PostgreSQL memory"):
        PostgresStore.open(url)


def test_loads_merge_by_digest_and_keep_every_origin(postgres_url):
    store = PostgresStore.open(postgres_url)
    try:
        first = [("鸿蒙操作系统", "HarmonyOS"), ("粤港澳大湾区", "Greater Bay Area")]
        second = [("粤港澳大湾区", "Greater Bay Area"), ("广州", "Guangzhou")]
        assert store.load(rows(first), origin="a.tmx", sha256="a") == (2, 2)
        assert store.load(rows(second), origin="b.tmx", sha256="b") == (1, 2)
        assert store.load(rows(first), origin="a.tmx", sha256="a") == (0, 0)  # re-import
        assert store.counts() == {"units": 3, "claims": 4, "origins": 2, "scopes": 1}
        assert store.load(rows([("广州", "Guangzhou")]), origin="c.tmx", sha256="c",
                          scope="project:canton") == (0, 1)
        bay = store.candidates("粤港澳大湾区", source_lang="zh-CN", target_lang="en",
                               scopes=None, min_score=100)
        assert [claim.origin for claim in bay[0].claims] == ["a.tmx", "b.tmx"]
        # A changed file replaces its origin's claims; units nobody claims any more go.
        assert store.load(rows([("鸿蒙操作系统", "HarmonyOS")]), origin="a.tmx",
                          sha256="a2") == (0, 0)
        assert store.counts()["claims"] == 4
        assert store.delete_origin("b.tmx") == 2
        assert store.counts() == {"units": 2, "claims": 2, "origins": 2, "scopes": 2}
    finally:
        store.close()


def test_a_failed_load_changes_nothing(postgres_url):
    store = PostgresStore.open(postgres_url)
    store.load(rows([("广州", "Guangzhou")]), origin="a.tmx", sha256="a")

    def broken():
        yield from rows([("深圳", "Shenzhen")])
        raise ValueError("memory.tmx:2: unit without a target")

    try:
        with pytest.raises(ValueError, match=r"memory\.tmx:2"):
            store.load(broken(), origin="b.tmx", sha256="b")
        assert store.counts() == {"units": 1, "claims": 1, "origins": 1, "scopes": 1}
        assert store.load(rows([("深圳", "Shenzhen")]), origin="b.tmx", sha256="b") == (1, 1)
    finally:
        store.close()


def test_scopes_decide_what_a_query_reads(postgres_url):
    store = PostgresStore.open(postgres_url)
    try:
        store.load(rows([("广州市科技创新局", "Guangzhou Science and Technology Bureau")]),
                   origin="shared.tmx", sha256="s")
        store.load(rows([("广州市科技创新委员会", "Guangzhou Science and Technology Commission")]),
                   origin="project.tmx", sha256="p", scope="project:news")

        def targets(scopes):
            found = store.candidates("广州市科技创新局", source_lang="zh-CN", target_lang="en",
                                     scopes=scopes, min_score=50)
            return sorted(unit.target for unit in found)

        assert len(targets(None)) == 2
        assert targets(["shared"]) == ["Guangzhou Science and Technology Bureau"]
        assert targets(["project:news"]) == ["Guangzhou Science and Technology Commission"]
        assert targets(["project:other"]) == []
    finally:
        store.close()


def _variant(rng, text, edits, alphabet):
    chars = list(text)
    for _ in range(edits):
        position = rng.randrange(len(chars))
        kind = rng.random()
        if kind < 0.6:
            chars[position] = rng.choice(alphabet)
        elif kind < 0.8:
            chars.insert(position, rng.choice(alphabet))
        elif len(chars) > 2:
            del chars[position]
    return "".join(chars)


def test_the_trigram_cut_keeps_every_pair_scoring_75_where_the_default_does_not(postgres_url):
    """Recall of pg_trgm's % at the default 0.3 and at our threshold, on pairs whose Levenshtein
    similarity is 75 or more (Chinese, 6 to 60 characters, edits anywhere)."""
    rng = random.Random(16)
    alphabet = [chr(code) for code in range(0x4E00, 0x4E00 + 3000)]
    pairs = []
    while len(pairs) < 2000:
        text = "".join(rng.choices(alphabet, k=rng.randint(6, 60)))
        other = _variant(rng, text, rng.randint(1, max(1, len(text) // 4)), alphabet)
        if Levenshtein.normalized_similarity(text, other) >= 0.75:
            pairs.append((text, other))
    with psycopg.connect(postgres_url) as connection:
        similarities = [row[0] for row in connection.execute(
            "SELECT similarity(a, b) FROM unnest(%s::text[], %s::text[]) AS p(a, b)",
            ([a for a, _ in pairs], [b for _, b in pairs])).fetchall()]
    ours = trigram_threshold(75)
    kept_default = sum(value >= 0.3 for value in similarities) / len(pairs)
    kept_ours = sum(value >= ours for value in similarities) / len(pairs)
    assert kept_ours == 1.0, (ours, min(similarities))
    assert kept_default < 0.99, kept_default  # the default cut loses some (4% measured)
    assert 0.1 < ours < 0.3


def test_candidates_come_from_the_gin_index(postgres_url):
    """EXPLAIN of the very query ``candidates`` runs, on 50,000 units with analysed statistics
    and the planner free to choose: the trigram GIN index finds the rows."""
    store = PostgresStore.open(postgres_url)
    rng = random.Random(5)
    alphabet = [chr(code) for code in range(0x4E00, 0x4E00 + 3000)]
    try:
        store.load(rows([("".join(rng.choices(alphabet, k=rng.randint(10, 40))), f"t{n}")
                         for n in range(50_000)]), origin="bulk.tmx", sha256="x")
        query = "".join(rng.choices(alphabet, k=20))
        sql, params = _candidate_query(query, "zh-CN", "en", ["shared"], 75, 400, True)
        with store.connection.transaction():
            store.connection.execute("ANALYZE gdterms_unit, gdterms_claim")
            store.connection.execute("SET LOCAL pg_trgm.similarity_threshold = 0.14")
            plan = "\n".join(row[0] for row in store.connection.execute(
                "EXPLAIN " + sql, params))
    finally:
        store.close()
    assert "Bitmap Index Scan on gdterms_unit_folded_trgm" in plan, plan


def test_concurrent_imports_and_searches_lose_nothing_and_duplicate_nothing(postgres_url):
    """Six clients import overlapping files (each file's units partly in two others), three of
    them twice, while three clients search: every unit is there once, every claim once."""
    rng = random.Random(7)
    alphabet = [chr(code) for code in range(0x4E00, 0x4E00 + 3000)]
    pool = [("".join(rng.choices(alphabet, k=rng.randint(8, 30))), f"target {n}")
            for n in range(3000)]
    files = {f"file{n}.tmx": pool[n * 400:n * 400 + 1000] for n in range(6)}
    PostgresStore.open(postgres_url).close()
    errors: list[BaseException] = []
    done = threading.Event()
    searches = [0]

    def importer(name):
        try:
            store = PostgresStore.open(postgres_url)
            try:
                for _ in range(2 if name < "file3" else 1):
                    store.load(rows(files[name]), origin=name, sha256=name)
            finally:
                store.close()
        except BaseException as error:  # noqa: BLE001 - reported by the main thread
            errors.append(error)

    def searcher():
        try:
            store = PostgresStore.open(postgres_url)
            try:
                while not done.is_set():
                    query = rng.choice(pool)[0]
                    found = store.candidates(query, source_lang="zh-CN", target_lang="en",
                                             scopes=["shared"], min_score=75)
                    assert len({unit.id for unit in found}) == len(found)
                    searches[0] += 1
            finally:
                store.close()
        except BaseException as error:  # noqa: BLE001 - reported by the main thread
            errors.append(error)

    importers = [threading.Thread(target=importer, args=(name,)) for name in files]
    searchers = [threading.Thread(target=searcher) for _ in range(3)]
    for thread in importers + searchers:
        thread.start()
    for thread in importers:
        thread.join()
    done.set()
    for thread in searchers:
        thread.join()
    assert not errors, errors
    assert searches[0] > 0
    expected_units = {pair for chosen in files.values() for pair in chosen}
    assert count(postgres_url, "SELECT count(*) FROM gdterms_unit") == len(expected_units)
    assert count(postgres_url, "SELECT count(DISTINCT digest) FROM gdterms_unit") == len(
        expected_units)
    assert count(postgres_url, "SELECT count(*) FROM gdterms_claim") == 6 * 1000
    with psycopg.connect(postgres_url) as connection:
        stored = set(connection.execute("SELECT source, target FROM gdterms_unit").fetchall())
    assert stored == expected_units
