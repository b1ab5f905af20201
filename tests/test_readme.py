"""The README's Python examples run as written (from a folder holding glossary/ and seeds/)."""

from __future__ import annotations

import doctest
import re
import shutil

import pytest
from conftest import GLOSSARY_DIR, REPO, SEEDS_DIR


def test_readme_python_examples_run(tmp_path, monkeypatch: pytest.MonkeyPatch):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    (block,) = re.findall(r"```python\n(.*?)```", readme, flags=re.DOTALL)
    shutil.copytree(GLOSSARY_DIR, tmp_path / "glossary")
    shutil.copytree(SEEDS_DIR, tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    test = doctest.DocTestParser().get_doctest(block, {}, "README", "README.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    result = runner.run(test)
    assert result.attempted >= 10 and result.failed == 0
    assert (tmp_path / "guangdong.tbx").exists()
