"""The PostgreSQL backend against a real server (tests/postgres.py): schema and migrations,
roles, the locale check, bulk loads, the trigram cut and index, concurrent clients.

No mock stands in for the server: each test gets a fresh database on a throwaway cluster.
What both backends must do alike is in tests/test_memory_backends.py.
"""

from __future__ import annotations

import itertools
import json
import random
import re
import threading

import psycopg
import pytest
from conftest import REPO
from rapidfuzz.distance import Levenshtein

from guangdong_terms.memory import keys
from guangdong_terms.memory.postgres import LATEST, PostgresBackend, trigram_threshold
from guangdong_terms.memory.records import (
    CandidateQuery,
    MemoryStoreError,
    OriginRecord,
    UnitRecord,
)
from guangdong_terms.memory.store import TranslationMemory

_roles = itertools.count(1)
ALPHABET = [chr(code) for code in range(0x4E00, 0x4E00 + 3000)]


def records(pairs, *, reviewed=True):
    """Unit records as ``store.py`` makes them from a file's segments."""
    for line, (source, target) in enumerate(pairs, 1):
        key = keys.normalise(source)
        yield UnitRecord(keys.unit_digest(source, target, "zh-CN", "en"), source, target,
                         "zh-CN", "en", key, keys.trigrams(key), "", "", f"u{line}", line, "",
                         "", "", reviewed)


def origin(name, scope="shared"):
    return OriginRecord(name, scope, "0" * 64, "2026-12-07T00:00:00Z", "zh-CN", "en")


def scalar(url, sql):
    with psycopg.connect(url) as connection:
        return connection.execute(sql).fetchone()[0]


def test_open_creates_the_schema_by_numbered_migrations(postgres_url):
    with TranslationMemory.open(postgres_url, shipped=False) as tm:
        assert tm.stats().schema_version == LATEST
        assert tm.backend.migrate() == LATEST  # nothing left to apply
    with psycopg.connect(postgres_url) as connection:
        versions = [row[0] for row in connection.execute(
            "SELECT version FROM gdterms_schema_version ORDER BY version")]
        indexes = {row[0] for row in connection.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'gdterms_unit'")}
    assert versions == list(range(1, LATEST + 1))
    assert {"gdterms_unit_key_trgm", "gdterms_unit_digest_key", "gdterms_unit_key"} <= indexes


def _populate_version_1(url):
    """A database as the first schema left it, with a unit and its claim in it."""
    backend = PostgresBackend(url)
    assert backend.migrate(target=1) == 1
    backend.close()
    source = "广州全球独角兽上榜企业24家"
    with psycopg.connect(url) as connection:
        connection.execute(
            """INSERT INTO gdterms_origin (name, scope, sha256, imported_at, source_lang,
                   target_lang) VALUES ('/old.tmx', 'shared', '', '2025-01-01T00:00:00Z',
                   'zh-CN', 'en')""")
        connection.execute(
            """INSERT INTO gdterms_unit (digest, source, target, source_lang, target_lang, pair,
                   key, reviewed, source_codes, target_codes)
               VALUES (%s, %s, 'Guangzhou has 24 global unicorns', 'zh-CN', 'en', 'zh>en', %s,
                       true, '', '')""",
            (keys.unit_digest(source, "Guangzhou has 24 global unicorns", "zh-CN", "en"),
             source, source))
        connection.execute(
            """INSERT INTO gdterms_claim (origin, unit, unit_id, line, created, author,
                   previous_key, reviewed)
               SELECT o.id, u.id, 'tu1', 3, '', '', '', true
               FROM gdterms_origin o, gdterms_unit u""")


def test_open_upgrades_a_populated_database_from_the_first_schema(postgres_url):
    _populate_version_1(postgres_url)
    assert scalar(postgres_url, "SELECT max(version) FROM gdterms_schema_version") == 1
    with TranslationMemory.open(postgres_url, shipped=False) as tm:
        assert tm.stats().schema_version == LATEST
        matches = tm.search("广州全球独角兽上榜企业25家", min_score=75)
    # Found through the new schema's index, and number-adapted by the shared scorer.
    assert [(m.score, m.adapted, m.target, m.origin, m.origins[0].line) for m in matches] == [
        (99, True, "Guangzhou has 25 global unicorns", "/old.tmx", 3)]
    assert scalar(postgres_url, "SELECT length FROM gdterms_unit") == 14


def _translator(postgres_cluster, url):
    """A least-privilege role granted as the README grants it: data, no schema."""
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
                                                                   postgres_url, tmp_path):
    _populate_version_1(postgres_url)
    translator_url = _translator(postgres_cluster, postgres_url)
    with pytest.raises(MemoryStoreError) as raised:
        TranslationMemory.open(translator_url, shipped=False)
    message = str(raised.value)
    assert "gdterms tm migrate --db postgresql://translator_" in message
    assert "version 1" in message and "needs 2" in message
    assert scalar(postgres_url, "SELECT max(version) FROM gdterms_schema_version") == 1
    administrator = PostgresBackend(postgres_url)
    assert administrator.migrate() == LATEST  # what `gdterms tm migrate` runs
    administrator.close()
    with TranslationMemory.open(translator_url, shipped=False) as tm:
        backend = tm.backend
        assert backend.add_units(origin("/mine.po"), records([("鸿蒙操作系统", "HarmonyOS")])) == (
            1, 0, 0)
        assert tm.stats().units == 2
        assert [m.target for m in tm.search("鸿蒙操作系统")] == ["HarmonyOS"]
        assert tm.delete_origin("/mine.po") == 1


def test_a_c_locale_database_is_refused_with_the_fix(postgres_cluster, postgres_url):
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        admin.execute("CREATE DATABASE gdterms_c_locale TEMPLATE template0 ENCODING 'UTF8' "
                      "LC_COLLATE 'C' LC_CTYPE 'C'")
    try:
        with pytest.raises(MemoryStoreError, match=r"show_trgm\('鸿蒙'\) is empty") as raised:
            TranslationMemory.open(postgres_cluster.url("gdterms_c_locale"), shipped=False)
        assert "locale is 'C'" in str(raised.value)
        assert "LC_CTYPE 'C.UTF-8'" in str(raised.value)
    finally:
        with psycopg.connect(postgres_url, autocommit=True) as admin:
            admin.execute("DROP DATABASE gdterms_c_locale WITH (FORCE)")


def test_an_unreachable_database_is_a_clear_error_without_the_password(postgres_cluster):
    url = postgres_cluster.url("no_such_database").replace("cluster_admin@",
                                                           "cluster_admin:s3cret@")
    with pytest.raises(MemoryStoreError, match="cannot connect to the PostgreSQL memory") as raised:
        TranslationMemory.open(url, shipped=False)
    assert "s3cret" not in str(raised.value) and "no_such_database" in str(raised.value)


def test_the_trigram_cut_keeps_every_pair_scoring_75_where_the_default_does_not(postgres_url):
    """Recall of pg_trgm's % at the default 0.3 and at our threshold, on 2,000 pairs whose
    Levenshtein similarity is 75 or more (Chinese, 6 to 60 characters, edits anywhere)."""
    rng = random.Random(16)
    pairs = []
    while len(pairs) < 2000:
        text = "".join(rng.choices(ALPHABET, k=rng.randint(6, 60)))
        other = _variant(rng, text, rng.randint(1, max(1, len(text) // 4)))
        if Levenshtein.normalized_similarity(text, other) >= 0.75:
            pairs.append((text, other))
    with psycopg.connect(postgres_url) as connection:
        connection.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        similarities = [row[0] for row in connection.execute(
            "SELECT similarity(a, b) FROM unnest(%s::text[], %s::text[]) AS p(a, b)",
            ([a for a, _ in pairs], [b for _, b in pairs])).fetchall()]
    ours = trigram_threshold(75)
    kept_default = sum(value >= 0.3 for value in similarities) / len(pairs)
    kept_ours = sum(value >= ours for value in similarities) / len(pairs)
    assert kept_ours == 1.0, (ours, min(similarities))
    assert kept_default < 0.99, kept_default  # the default loses some (4% measured)
    assert 0.1 < ours < 0.3


def _variant(rng, text, edits):
    chars = list(text)
    for _ in range(edits):
        position = rng.randrange(len(chars))
        kind = rng.random()
        if kind < 0.6:
            chars[position] = rng.choice(ALPHABET)
        elif kind < 0.8:
            chars.insert(position, rng.choice(ALPHABET))
        elif len(chars) > 2:
            del chars[position]
    return "".join(chars)


def test_candidates_come_from_the_gin_index(postgres_url):
    """EXPLAIN of the very statement ``candidates`` runs, on 50,000 units with analysed
    statistics and the planner free to choose: the trigram GIN index finds the rows."""
    rng = random.Random(5)
    backend = PostgresBackend(postgres_url)
    try:
        backend.migrate()
        backend.add_units(origin("/bulk.tmx"), records(
            ("".join(rng.choices(ALPHABET, k=rng.randint(10, 40))), f"t{n}")
            for n in range(50_000)))
        key = "".join(rng.choices(ALPHABET, k=20))
        sql, params, threshold = backend.candidate_query(CandidateQuery(
            key, keys.trigrams(key), "zh>en", 15, 27, 150, ("shared",), None, 75))
        with backend.connection.transaction():
            backend.connection.execute("ANALYZE gdterms_unit, gdterms_claim, gdterms_origin")
            backend.connection.execute(
                f"SET LOCAL pg_trgm.similarity_threshold = {threshold:.3f}")
            plan = "\n".join(row[0] for row in backend.connection.execute(
                "EXPLAIN " + sql, params))
    finally:
        backend.close()
    assert "Bitmap Index Scan on gdterms_unit_key_trgm" in plan, plan
    assert threshold == trigram_threshold(75)


def test_a_load_that_fails_part_way_changes_nothing(postgres_url):
    backend = PostgresBackend(postgres_url)
    backend.migrate()

    def broken():
        yield from records([("深圳", "Shenzhen")])
        raise MemoryStoreError("/memory.tmx:2: a unit without a target")

    try:
        backend.add_units(origin("/a.tmx"), records([("广州", "Guangzhou")]))
        with pytest.raises(MemoryStoreError, match=r"/memory\.tmx:2"):
            backend.add_units(origin("/b.tmx"), broken())
        stats = backend.stats()
        assert (stats.units, stats.claims, stats.origins) == (1, 1, 1)
        assert backend.add_units(origin("/b.tmx"), records([("深圳", "Shenzhen")])) == (1, 0, 0)
    finally:
        backend.close()


def test_a_unit_claimed_in_a_project_and_shared_keeps_both_claims(postgres_url):
    backend = PostgresBackend(postgres_url)
    backend.migrate()
    try:
        pair = [("广州市科技创新局", "Guangzhou Science and Technology Bureau")]
        assert backend.add_units(origin("/s.tmx"), records(pair)) == (1, 0, 0)
        assert backend.add_units(origin("/p.tmx", "project:news"), records(pair)) == (0, 1, 0)
        assert backend.add_units(origin("/p.tmx", "project:news"), records(pair * 2)) == (
            0, 1, 1)
        unit = backend.exact("广州市科技创新局", "zh>en")[0]
        assert [(c.origin, c.scope) for c in backend.claims([unit.id])[unit.id]] == [
            ("/s.tmx", "shared"), ("/p.tmx", "project:news")]
        assert backend.delete_origin("/s.tmx") == 1
        assert backend.exact("广州市科技创新局", "zh>en", scopes=("shared",)) == []
        assert len(backend.exact("广州市科技创新局", "zh>en", scopes=("project:news",))) == 1
    finally:
        backend.close()


def _tmx(path, pairs):
    body = "".join(
        f'<tu tuid="{number}"><tuv xml:lang="zh-CN"><seg>{source}</seg></tuv>'
        f'<tuv xml:lang="en"><seg>{target}</seg></tuv></tu>\n'
        for number, (source, target) in enumerate(pairs, 1))
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header '
                    'creationtool="t" creationtoolversion="1" datatype="plaintext" '
                    'segtype="sentence" adminlang="en" srclang="zh-CN" o-tmf="t"/>'
                    f"<body>\n{body}</body></tmx>\n", encoding="utf-8")
    return path


def test_concurrent_imports_and_searches_lose_nothing_and_duplicate_nothing(postgres_url,
                                                                             tmp_path):
    """Six clients import overlapping TMX files (each unit in up to three files; three of the
    files twice, and one file is deleted and imported again meanwhile) while three clients
    search: every unit is there once, every claim once, and no search fails."""
    rng = random.Random(7)
    pool = [("".join(rng.choices(ALPHABET, k=rng.randint(8, 30))), f"target {n}")
            for n in range(2400)]
    files = {f"file{n}": _tmx(tmp_path / f"file{n}.tmx", pool[n * 300:n * 300 + 900])
             for n in range(6)}
    TranslationMemory.open(postgres_url, shipped=False).close()
    errors: list[BaseException] = []
    done = threading.Event()
    searches = [0]

    def importer(name):
        try:
            with TranslationMemory.open(postgres_url, shipped=False) as tm:
                for round_ in range(2 if name < "file3" else 1):
                    tm.add_file(files[name])
                    if name == "file0" and round_ == 0:
                        tm.delete_origin(files[name])
        except BaseException as error:  # noqa: BLE001 - reported by the main thread
            errors.append(error)

    def searcher(seed):
        local = random.Random(seed)
        try:
            with TranslationMemory.open(postgres_url, shipped=False) as tm:
                while not done.is_set():
                    source, target = local.choice(pool)
                    found = tm.search(source, min_score=75, limit=5)
                    assert len({(m.source, m.target) for m in found}) == len(found)
                    assert not found or found[0].score < 100 or found[0].target == target
                    searches[0] += 1
        except BaseException as error:  # noqa: BLE001 - reported by the main thread
            errors.append(error)

    threads = [threading.Thread(target=importer, args=(name,)) for name in files]
    readers = [threading.Thread(target=searcher, args=(seed,)) for seed in range(3)]
    for thread in threads + readers:
        thread.start()
    for thread in threads:
        thread.join()
    done.set()
    for thread in readers:
        thread.join()
    assert not errors, errors
    assert searches[0] > 0
    expected = {pair for n in range(6) for pair in pool[n * 300:n * 300 + 900]}
    with psycopg.connect(postgres_url) as connection:
        stored = connection.execute("SELECT source, target FROM gdterms_unit").fetchall()
        claims = connection.execute(
            "SELECT count(*), count(DISTINCT (origin, unit)) FROM gdterms_claim").fetchone()
        origins = connection.execute("SELECT count(*) FROM gdterms_origin").fetchone()
    assert len(stored) == len(set(stored)) == len(expected)
    assert set(stored) == expected
    assert claims == (6 * 900 - 0, 6 * 900)  # file5 holds 900 units: 1500..2400
    assert origins == (6,)


def _readme_sql_blocks():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## A team memory on PostgreSQL", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sql\n(.*?)```", section, flags=re.DOTALL)


def test_the_readme_roles_work_as_documented(postgres_cluster, tmp_path):
    """The README's two SQL blocks, run as written: the translator may not create the schema
    and is told to run migrate; the owner migrates; then the translator imports, searches and
    deletes, and still cannot change the schema."""
    create, grants = _readme_sql_blocks()
    with psycopg.connect(postgres_cluster.url(), autocommit=True) as admin:
        for statement in create.split(";"):
            if statement.strip():
                admin.execute(statement)
    try:
        with psycopg.connect(postgres_cluster.url("gdterms"), autocommit=True) as admin:
            admin.execute(grants)
        translator = postgres_cluster.url("gdterms", user="li_wei")
        owner = postgres_cluster.url("gdterms", user="gdterms_owner")
        with pytest.raises(MemoryStoreError, match="gdterms tm migrate --db postgresql://li_wei@"):
            TranslationMemory.open(translator, shipped=False)
        with TranslationMemory.open(owner) as tm:  # the administrator: migrates, adds shipped
            assert tm.stats().schema_version == LATEST
        memory = tmp_path / "mine.tmx"
        memory.write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="t"'
            ' creationtoolversion="1" datatype="plaintext" segtype="sentence" adminlang="en" '
            'srclang="zh-CN" o-tmf="t"/><body><tu><tuv xml:lang="zh-CN"><seg>广州全球独角兽上榜'
            '企业24家</seg></tuv><tuv xml:lang="en"><seg>24 unicorns</seg></tuv></tu></body>'
            "</tmx>\n", encoding="utf-8")
        with TranslationMemory.open(translator) as tm:
            assert tm.add_file(memory).added == 1
            assert tm.search("广州全球独角兽上榜企业共24家")[0].target == "24 unicorns"
            assert tm.delete_origin(memory) == 1
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                tm.backend.connection.execute("DROP TABLE gdterms_claim")
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                tm.backend.connection.execute("CREATE TABLE mine (x int)")
    finally:
        with psycopg.connect(postgres_cluster.url(), autocommit=True) as admin:
            admin.execute("DROP DATABASE IF EXISTS gdterms WITH (FORCE)")
            for role in ("li_wei", "translators", "gdterms_owner"):
                admin.execute(f"DROP ROLE IF EXISTS {role}")


def test_an_import_into_a_read_only_server_says_where_to_import(postgres_url, tmp_path):
    """A standby refuses writes as a read-only default transaction does: the import says to
    use the primary, and searching still works."""
    with TranslationMemory.open(postgres_url, shipped=False) as tm:
        tm.add_file(_tmx(tmp_path / "a.tmx", [("鸿蒙操作系统", "HarmonyOS")]))
    database = postgres_url.split("/")[3].split("?")[0]
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        admin.execute(f"ALTER DATABASE {database} SET default_transaction_read_only = on")
    with TranslationMemory.open(postgres_url, shipped=False) as tm:
        assert tm.search("鸿蒙操作系统")[0].target == "HarmonyOS"
        with pytest.raises(MemoryStoreError, match=r"read-only .*import into the primary"):
            tm.add_file(_tmx(tmp_path / "b.tmx", [("深圳", "Shenzhen")]))
        assert tm.stats().units == 1


def test_the_command_line_takes_a_postgresql_url(postgres_cluster, postgres_url, run_cli,
                                                  tmp_path):
    """`--db postgresql://…` on the tm verbs; `tm migrate` for the administrator; scopes."""
    _populate_version_1(postgres_url)
    translator = _translator(postgres_cluster, postgres_url)
    code, out, err = run_cli("tm", "stats", "--db", translator)
    assert code == 2 and "gdterms tm migrate --db postgresql://translator_" in err
    code, out, err = run_cli("tm", "migrate", "--db", postgres_url)
    assert code == 0 and "schema migrated from version 1 to 2" in out, err
    code, out, err = run_cli("tm", "migrate", "--db", postgres_url)
    assert code == 0 and "schema already at version 2" in out
    project = _tmx(tmp_path / "project.tmx", [("广州全球独角兽上榜企业24家", "24 unicorns")])
    code, out, err = run_cli("tm", "import", str(project), "--db", translator, "--scope",
                             "project:news", "--no-shipped")
    assert code == 0, err
    code, out, err = run_cli("tm", "search", "广州全球独角兽上榜企业24家", "--db", translator,
                             "--scope", "project:news", "--json", "--no-shipped")
    assert code == 0 and [m["target"] for m in json.loads(out)] == ["24 unicorns"]
    code, out, err = run_cli("tm", "search", "广州全球独角兽上榜企业24家", "--db", translator,
                             "--scope", "shared", "--json", "--no-shipped")
    assert code == 0 and [m["target"] for m in json.loads(out)] == [
        "Guangzhou has 24 global unicorns"]
    code, out, err = run_cli("tm", "export", "--db", translator, "-o", str(tmp_path / "all.tmx"),
                             "--no-shipped")
    assert code == 0 and (tmp_path / "all.tmx").read_text(encoding="utf-8").count("</tu>") == 2


def test_credentials_come_the_libpq_way(postgres_cluster, postgres_url, run_cli, monkeypatch):
    """Nothing but `postgresql://` on the command line: host, user and database from the
    environment, as libpq reads them (a password would come from PGPASSWORD or ~/.pgpass)."""
    database = postgres_url.split("/")[3].split("?")[0]
    monkeypatch.setenv("PGHOST", postgres_cluster.folder)
    monkeypatch.setenv("PGUSER", "cluster_admin")
    monkeypatch.setenv("PGDATABASE", database)
    code, out, err = run_cli("tm", "migrate", "--db", "postgresql://")
    assert code == 0 and "migrated from version 0 to 2" in out, err
    code, out, err = run_cli("tm", "search", "鸿蒙操作系统", "--db", "postgresql://", "--json")
    assert code == 0 and json.loads(out)[0]["target"] == "HarmonyOS"
