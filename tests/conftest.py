"""Shared fixtures: the repository paths, the shipped glossary, and an in-process CLI runner."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

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
