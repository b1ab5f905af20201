"""A wheel built from the repository works in a fresh virtual environment, from elsewhere."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest
from conftest import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(REPO)],
                   check=True, capture_output=True)
    (path,) = out.glob("*.whl")
    return path


@pytest.mark.slow
def test_wheel_carries_the_compiled_glossary_and_py_typed(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "guangdong_terms/data/glossary.json" in names
    assert "guangdong_terms/data/lookup.marshal" in names  # the fast lookup path's index
    assert "guangdong_terms/py.typed" in names
    assert "guangdong_terms/data/seeds/manifest.toml" in names
    for asset in ("search.js", "page.js", "site.css"):  # `gdterms site` copies them
        assert f"guangdong_terms/operations/site_assets/{asset}" in names
    assert not any(name.startswith("tests/") for name in names)


@pytest.mark.slow
def test_fresh_venv_lookup_from_another_directory(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / ("Scripts" if sys.platform == "win32" else "bin")
    subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "-q", str(wheel)],
                   check=True, capture_output=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = subprocess.run([str(bin_dir / "gdterms"), "lookup", "鸿蒙操作系统"], cwd=elsewhere,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("鸿蒙操作系统  HarmonyOS")
    search = subprocess.run([str(bin_dir / "gdterms"), "search", "鴻蒙"], cwd=elsewhere,
                            capture_output=True, text=True, check=False)
    assert search.returncode == 0 and "HarmonyOS" in search.stdout, search.stderr
    # The glossary site from the installed package alone: no documentation tooling in this venv.
    assert subprocess.run([str(bin_dir / "python"), "-c", "import mkdocs"],
                          capture_output=True, check=False).returncode != 0
    site = subprocess.run([str(bin_dir / "gdterms"), "site", "-o", "glossary-site"],
                          cwd=elsewhere, capture_output=True, text=True, check=False)
    assert site.returncode == 0, site.stderr
    for name in ("index.html", "pinyin.html", "print.html", "search-index.js", "search.js",
                 "page.js", "site.css", "terms/harmonyos.html"):
        assert (elsewhere / "glossary-site" / name).is_file(), name

