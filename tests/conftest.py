"""Shared fixtures: the repository paths, the shipped glossary, and an in-process CLI runner."""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from postgres import PostgresCluster, PostgresMissing

from guangdong_terms import Glossary
from guangdong_terms.cli import main

REPO = Path(__file__).resolve().parent.parent
GLOSSARY_DIR = REPO / "glossary"
SEEDS_DIR = REPO / "seeds"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def shipped() -> Glossary:
    return Glossary.load()


CliResult = tuple[int, str, str]


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., CliResult]:
    """Run ``gdterms`` in-process: returns (exit status, stdout, stderr)."""

    def run(*argv: str) -> CliResult:
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def make_glossary(tmp_path: Path) -> Callable[[dict[str, str]], Path]:
    """Write {category: toml text} into a fresh glossary folder; returns the folder."""

    def make(files: dict[str, str]) -> Path:
        folder = tmp_path / "glossary"
        folder.mkdir(exist_ok=True)
        for category, text in files.items():
            (folder / f"{category}.toml").write_text(text, encoding="utf-8")
        return folder

    return make


def copy_tree(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target


def env_without_coverage() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    return env


# A real PostgreSQL server for the PostgreSQL backend (issue 16): one throwaway cluster per test
# session (tests/postgres.py), a fresh database per test cloned from a template that already has
# pg_trgm. Without PostgreSQL these fixtures fail, never skip.
@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[PostgresCluster]:
    try:
        cluster = PostgresCluster()
    except PostgresMissing as error:
        pytest.fail(str(error), pytrace=False)
    try:
        cluster.start()
        import psycopg

        with psycopg.connect(cluster.url(), autocommit=True) as admin:
            admin.execute("CREATE DATABASE gdterms_template")
        with psycopg.connect(cluster.url("gdterms_template"), autocommit=True) as template:
            template.execute("CREATE EXTENSION pg_trgm")
        yield cluster
    finally:
        cluster.stop()


_database_numbers = itertools.count(1)


@pytest.fixture
def postgres_url(postgres_cluster: PostgresCluster) -> Iterator[str]:
    """A fresh database with pg_trgm, as the cluster's superuser; dropped afterwards."""
    import psycopg

    name = f"gdterms_test_{next(_database_numbers)}"
    with psycopg.connect(postgres_cluster.url(), autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name} TEMPLATE gdterms_template")
    yield postgres_cluster.url(name)
    with psycopg.connect(postgres_cluster.url(), autocommit=True) as admin:
        admin.execute(f"DROP DATABASE {name} WITH (FORCE)")
