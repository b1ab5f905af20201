"""Run the README's examples (collected by --doctest-glob) in a scratch folder.

They export a file and import it back against ./glossary and ./seeds, as a user would from a
checkout; a copy of both keeps the checkout itself untouched.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent


@pytest.fixture(autouse=True)
def _readme_runs_in_a_scratch_folder(request: pytest.FixtureRequest) -> None:
    if request.node.path.name != "README.md":
        return
    folder = request.getfixturevalue("tmp_path")
    shutil.copytree(REPO / "glossary", folder / "glossary")
    shutil.copytree(REPO / "seeds", folder / "seeds")
    request.getfixturevalue("monkeypatch").chdir(folder)
