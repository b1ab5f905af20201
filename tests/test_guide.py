"""The user guide (mkdocs.yml, docs/): it builds in strict mode, its examples run, its
generated references cover the code, and the README's links survive the move of the curator
notes to docs/curators/.

The strict build is the CI check of the guide: a broken link or anchor, a page missing from
the nav, or a docstring the API reference cannot render fails it. The built folder is zipped
into build/artefacts/guide-site.zip (git-ignored), the deliverable of the guide.
"""

from __future__ import annotations

import argparse
import doctest
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import zipfile

import pytest
from conftest import REPO

from guangdong_terms.cli.parser import VERBS, build_parser
from guangdong_terms.cli.reference import cli_markdown

DOCS = REPO / "docs"
ARTEFACTS = REPO / "build" / "artefacts"


def _hooks():
    spec = importlib.util.spec_from_file_location("mkdocs_hooks", REPO / "mkdocs_hooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = tmp_path_factory.mktemp("guide") / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
                            cwd=REPO, capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    shutil.make_archive(str(ARTEFACTS / "guide-site"), "zip", site)
    return site


def test_the_guide_builds_strictly_with_the_glossary_inside(built):
    for page in ("index.html", "install.html", "tour.html", "cat-tools.html", "check.html",
                 "using-memory.html", "pretranslating.html", "contributing.html",
                 "reference/cli.html", "reference/api.html", "curators/curation.html",
                 "glossary/index.html", "glossary/pinyin.html", "glossary/print.html",
                 "glossary/search-index.js", "glossary/terms/harmonyos.html"):
        assert (built / page).is_file(), page
    assert 'href="glossary/index.html"' in (built / "glossary.html").read_text(encoding="utf-8")
    with zipfile.ZipFile(ARTEFACTS / "guide-site.zip") as archive:
        assert "glossary/terms/harmonyos.html" in archive.namelist()


def test_the_guide_loads_nothing_from_the_network(built):
    remote = re.compile(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)=\"(?:https?:)?//",
                        re.IGNORECASE)
    for page in built.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not remote.search(text), page.relative_to(built)
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text
    for sheet in built.rglob("*.css"):
        assert "fonts.googleapis" not in sheet.read_text(encoding="utf-8"), sheet


def test_the_references_are_generated_from_the_code(built):
    cli = (built / "reference" / "cli.html").read_text(encoding="utf-8")
    assert all(f"gdterms {verb}" in cli for verb in VERBS)
    api = (built / "reference" / "api.html").read_text(encoding="utf-8")
    import guangdong_terms

    homes = guangdong_terms._HOMES
    for name in guangdong_terms.__all__:
        if name != "__version__":
            assert f'id="guangdong_terms{homes[name]}.{name}"' in api, name
    assert 'id="guangdong_terms.curation.workspace.Glossary.in_category"' in api  # inherited
    # doctest examples in docstrings are highlighted code, not paragraphs with [links]
    assert '<span class="gp">&gt;&gt;&gt; </span>' in api


def _check_covered(text, parser, prefix):
    """Every sub-command of *parser* has its section, with every option and choice in it."""
    for action in parser._actions:
        if not isinstance(action, argparse._SubParsersAction):
            continue
        for name, sub in action.choices.items():
            heading = f"{prefix} {name}"
            assert re.search(rf"^#+ {re.escape(heading)}$", text, re.MULTILINE), heading
            section = re.split(rf"^#+ {re.escape(heading)}\n", text, flags=re.MULTILINE)[1]
            section = re.split(r"^#+ ", section, maxsplit=1, flags=re.MULTILINE)[0]
            for own in sub._actions:
                if isinstance(own, argparse._HelpAction):
                    continue
                for option in own.option_strings:
                    assert f"`{option}`" in section, (heading, option)
                if not own.option_strings:
                    assert f"`{own.metavar or own.dest}`" in section, (heading, own.dest)
                if own.choices:
                    assert all(f"`{choice}`" in section for choice in own.choices), heading
            _check_covered(text, sub, heading)


def test_cli_reference_covers_every_verb_and_option():
    parser = build_parser()
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert list(subparsers.choices) == list(VERBS)
    _check_covered(cli_markdown(), parser, "gdterms")


def test_cli_reference_descends_into_nested_commands():
    # `gdterms tm import ...` style: a verb with actions of its own.
    parser = argparse.ArgumentParser(prog="tool")
    verbs = parser.add_subparsers(dest="verb", metavar="COMMAND")
    outer = verbs.add_parser("tm", help="the memory")
    actions = outer.add_subparsers(dest="action", metavar="ACTION")
    inner = actions.add_parser("import", help="add a file")
    inner.add_argument("file")
    inner.add_argument("--scope", choices=["shared", "project"], help="where | it goes")
    text = cli_markdown(parser)
    assert "## gdterms tm\n" in text and "### gdterms tm import\n" in text
    assert "| `ACTION` | one of `import`, below |" in text
    assert "| `--scope` `SCOPE` | where \\| it goes. Choices: `shared`, `project`. |" in text
    _check_covered(text, parser, "gdterms")


def test_doctest_blocks_in_docstrings_become_fenced_code():
    hooks = _hooks()
    text = "Intro.\n\n>>> f([1])\n[(0, 'a')]\n\nMore text [x].\n    >>> g()\n    1"
    assert hooks.fence_doctests(text) == (
        "Intro.\n\n```pycon\n>>> f([1])\n[(0, 'a')]\n```\n\nMore text [x].\n"
        "    ```pycon\n    >>> g()\n    1\n    ```")


@pytest.mark.parametrize("page", sorted(p.name for p in DOCS.glob("*.md")
                                        if ">>> " in p.read_text(encoding="utf-8")))
def test_guide_examples_run(page):
    result = doctest.testfile(str(DOCS / page), module_relative=False, report=True,
                              optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 3 and result.failed == 0, result


def test_the_tour_and_check_pages_are_doctested():
    assert {"tour.md", "check.md"} <= {p.name for p in DOCS.glob("*.md")
                                       if ">>> " in p.read_text(encoding="utf-8")}


def test_the_check_session_in_the_guide_is_real(tmp_path):
    page = (DOCS / "check.md").read_text(encoding="utf-8")
    session = page.split("```console\n", 1)[1].split("```", 1)[0].splitlines()
    (tmp_path / "translated.csv").write_text(
        "source,target\n鸿蒙操作系统全面商用,The Hongmeng OS is in full use.\n"
        "粤港澳大湾区建设提速,Construction of the Greater Bay Area speeds up.\n", encoding="utf-8")
    gdterms = shutil.which("gdterms", path=os.path.dirname(sys.executable))
    assert gdterms
    result = subprocess.run([gdterms, "check", "translated.csv"], cwd=tmp_path,
                            capture_output=True, text=True, check=False)
    assert session[0] == "$ gdterms check translated.csv"
    assert session[1:3] == result.stdout.splitlines() + result.stderr.splitlines()
    assert session[3:] == ["$ echo $?", str(result.returncode)]


def test_readme_links_resolve():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", readme)
    local = [t for t in targets if not re.match(r"[a-z]+:", t)]
    assert local and all((REPO / t).exists() for t in local), [
        t for t in local if not (REPO / t).exists()]
