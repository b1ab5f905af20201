"""The layers of docs/architecture.md hold: import-linter's contracts in pyproject.toml pass,
would fail on an upward import or a cycle, and nothing imports by name at run time outside the
root facade."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import REPO

PACKAGE = REPO / "guangdong_terms"
LINT_IMPORTS = [sys.executable, "-c",
                "from importlinter.cli import lint_imports_command; lint_imports_command()",
                "--no-cache"]


def _lint(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(LINT_IMPORTS, cwd=root, capture_output=True, text=True, check=False,
                          env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"})


def test_the_import_contracts_are_kept():
    result = _lint(REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_no_contract_has_exemptions():
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    assert len(contracts) >= 5
    assert all("ignore_imports" not in contract for contract in contracts)
    layers = next(c for c in contracts if c["type"] == "layers")
    assert layers["exhaustive"] is True


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "tree"
    shutil.copytree(PACKAGE, root / "guangdong_terms",
                    ignore=shutil.ignore_patterns("__pycache__", "data"))
    shutil.copy(REPO / "pyproject.toml", root)
    return root


@pytest.mark.parametrize(("module", "line", "contract"), [
    # the core reaching up into a format, inside a function (function-level imports count)
    ("core/qa.py", "def _up() -> None:\n    from ..formats import tmx  # noqa\n", "Layers"),
    # a cycle inside one layer: compiled -> model -> compiled
    ("core/compiled.py", "def _cycle() -> None:\n    from . import model  # noqa\n", "cycles"),
    # importing the facade from below it
    ("formats/tmx.py", "def _facade() -> None:\n    from .. import __version__  # noqa\n",
     "facade"),
    # OpenCC outside text.chinese
    ("core/search.py", "def _opencc() -> None:\n    import opencc  # noqa\n", "OpenCC"),
    # a database library in the core
    ("core/glossary.py", "def _db() -> None:\n    import sqlite3  # noqa\n", "database"),
])
def test_a_broken_rule_fails_its_contract(tmp_path: Path, module: str, line: str,
                                          contract: str):
    root = _copy(tmp_path)
    path = root / "guangdong_terms" / module
    path.write_text(path.read_text(encoding="utf-8") + "\n\n" + line, encoding="utf-8")
    result = _lint(root)
    assert result.returncode != 0, result.stdout
    broken = [row for row in result.stdout.splitlines() if row.endswith("BROKEN")]
    assert any(contract in row for row in broken), result.stdout


def test_nothing_imports_by_name_outside_the_root_facade():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if path == PACKAGE / "__init__.py":
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"\bimportlib\b|__import__\s*\(", text):
            offenders.append(str(path.relative_to(REPO)))
    assert offenders == []


def test_no_format_name_is_compared_outside_formats():
    # `gdterms annotate --format json` names an output of its own, not an exchange format.
    own_outputs = {PACKAGE / "cli" / "rendering.py"}
    names = ("tmx", "tbx", "tbx-omegat", "omegat", "po", "pot", "mo", "csv", "tsv", "json",
             "jsonl", "xliff")
    alternatives = "|".join(map(re.escape, names))
    pattern = re.compile(rf"""(==|!=|\bin)\s*\(?\s*["']({alternatives})["']""")
    offenders = [f"{path.relative_to(REPO)}: {match.group(0)}"
                 for path in PACKAGE.rglob("*.py")
                 if "formats" not in path.parts and path not in own_outputs
                 for match in pattern.finditer(path.read_text(encoding="utf-8"))]
    assert offenders == []
