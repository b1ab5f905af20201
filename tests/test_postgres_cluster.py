"""The throwaway cluster itself: a real server, UTF-8 character types, pg_trgm seeing Chinese."""

from __future__ import annotations

import os

import psycopg
import pytest
from postgres import PostgresCluster, PostgresMissing, server_bin_dir


def test_the_cluster_runs_unprivileged_on_a_private_socket(postgres_cluster, postgres_url):
    with psycopg.connect(postgres_url) as connection:
        ctype = connection.execute("SHOW lc_ctype").fetchone()
        listen = connection.execute("SHOW listen_addresses").fetchone()
        encoding = connection.execute("SHOW server_encoding").fetchone()
        superuser = connection.execute("SELECT current_setting('is_superuser')").fetchone()
    assert ctype == ("C.UTF-8",) and encoding == ("UTF8",) and listen == ("",)
    assert superuser == ("on",)
    stat = os.stat(postgres_cluster.folder)
    assert stat.st_mode & 0o777 == 0o700
    if os.geteuid() == 0:
        assert stat.st_uid != 0, "PostgreSQL must not run as root"


def test_pg_trgm_sees_chinese_under_c_utf8(postgres_url):
    with psycopg.connect(postgres_url) as connection:
        trigrams = connection.execute("SELECT show_trgm('鸿蒙操作系统')").fetchone()[0]
        similarity = connection.execute(
            "SELECT similarity('广州全球独角兽上榜企业24家', '广州全球独角兽上榜企业25家')"
        ).fetchone()[0]
    assert len(trigrams) == 7
    assert round(similarity, 2) == 0.67


def test_each_test_gets_a_fresh_database(postgres_url):
    with psycopg.connect(postgres_url) as connection:
        tables = connection.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()
    assert tables == (0,)


def test_a_missing_server_is_an_error_naming_the_fix(monkeypatch, tmp_path):
    monkeypatch.setenv("GDTERMS_PG_BIN", str(tmp_path))
    with pytest.raises(PostgresMissing, match="apt-get install postgresql"):
        server_bin_dir()
    with pytest.raises(PostgresMissing):
        PostgresCluster()


def test_stop_removes_every_file():
    cluster = PostgresCluster()
    cluster.start()
    folder = cluster.folder
    assert os.path.exists(os.path.join(folder, "data", "PG_VERSION"))
    cluster.stop()
    assert not os.path.exists(folder)
