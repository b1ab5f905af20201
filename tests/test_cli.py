"""The gdterms command: verbs, output, exit status (0 found, 1 not found, 2 usage/input)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import REPO

from guangdong_terms import __version__


def test_lookup_prints_the_term_for_a_translator(run_cli):
    code, out, _ = run_cli("lookup", "鸿蒙操作系统")
    assert code == 0
    assert out.startswith("鸿蒙操作系统  HarmonyOS")
    for label in ("means", "pinyin", "zh-HK", "zh-TW", "context", "source"):
        assert f"  {label}" in out
    assert out.splitlines()[1].startswith("  means     Huawei")


def test_lookup_json_is_the_record(run_cli, shipped):
    code, out, _ = run_cli("lookup", "--json", "HarmonyOS")
    assert code == 0
    assert json.loads(out) == shipped.lookup("HarmonyOS").to_record()


def test_lookup_not_found_exits_1_and_suggests(run_cli):
    code, out, err = run_cli("lookup", "鸿蒙系统")
    assert (code, out) == (1, "")
    assert "no term is named '鸿蒙系统'" in err
    assert "did you mean: 鸿蒙操作系统" in err


def test_search_lists_ranked_hits(run_cli):
    code, out, _ = run_cli("search", "hongmeng", "--limit", "3")
    assert code == 0
    assert out.splitlines()[0].split()[1:3] == ["鸿蒙操作系统", "HarmonyOS"]


def test_search_json_and_no_hits(run_cli):
    code, out, _ = run_cli("search", "--json", "HarmonyOS")
    assert code == 0 and json.loads(out)[0]["term"]["id"] == "harmonyos"
    code, out, err = run_cli("search", "zzzzqqqq")
    assert (code, out) == (1, "") and "nothing matches" in err


@pytest.mark.parametrize("argv", [[], ["frobnicate"], ["search", "x", "--limit", "0"],
                                  ["lookup"], ["seeds", "text", "999"]])
def test_usage_errors_exit_2(run_cli, argv):
    assert run_cli(*argv)[0] == 2


def test_version(run_cli):
    code, out, _ = run_cli("--version")
    assert (code, out.strip()) == (0, f"gdterms {__version__}")


def test_validate_on_the_repository_is_clean(run_cli, monkeypatch):
    monkeypatch.chdir(REPO)
    code, out, err = run_cli("validate")
    assert (code, out) == (0, ""), out
    assert "glossary is valid" in err


def test_validate_reports_problems_and_exits_1(run_cli, make_glossary):
    folder = make_glossary({"product": "[[term]]\nid = 'x'\n"})
    code, out, _ = run_cli("validate", "--glossary", str(folder), "--seeds", str(REPO / "seeds"))
    assert code == 1
    assert out.startswith(f"{folder / 'product.toml'}:1: x: missing required field 'zh'")


def test_validate_without_a_glossary_folder_exits_2(run_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli("validate")
    assert code == 2 and "glossary folder not found" in err


def test_stats_counts_categories_and_overrides(run_cli, shipped):
    code, out, _ = run_cli("stats", "--json")
    counts = json.loads(out)
    assert code == 0 and counts["entries"] == len(shipped)
    assert set(counts["overrides"]) == {"pinyin", "zh_hk", "zh_tw", "aliases_hk", "aliases_tw"}
    assert counts["overrides"]["aliases_tw"] > 0
    code, out, _ = run_cli("stats")
    assert code == 0 and "overrides: pinyin" in out


def test_seeds_text_prints_the_cleaned_article(run_cli):
    code, out, _ = run_cli("seeds", "text", "000")
    assert code == 0
    assert "江门中微子实验站建成并发布首个物理成果" in out and "<font" not in out
    code, out, _ = run_cli("seeds", "list")
    assert code == 0 and len(out.splitlines()) == 5


def _run(argv: list[str], **env: str) -> subprocess.CompletedProcess[bytes]:
    environment = {**os.environ, **env}
    return subprocess.run([sys.executable, "-m", "guangdong_terms", *argv], capture_output=True,
                          env=environment, cwd=REPO.parent, check=False)


def test_piped_output_is_utf8_even_under_a_non_utf8_locale():
    # LANG=C with UTF-8 mode off and an ASCII stdout: the command must neither crash nor
    # mangle the argument it was given.
    result = _run(["lookup", "鸿蒙操作系统"], LANG="C", LC_ALL="C", PYTHONUTF8="0",
                  PYTHONIOENCODING="ascii")
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode("utf-8").startswith("鸿蒙操作系统  HarmonyOS")


def test_latin1_stdout_does_not_crash():
    result = _run(["search", "HarmonyOS"], PYTHONIOENCODING="latin-1")
    assert result.returncode == 0, result.stderr.decode()
    assert "鸿蒙操作系统".encode() in result.stdout


def test_closed_pipe_is_not_an_error():
    # `gdterms search ... | head -1`: the reader goes away early.
    command = f"{sys.executable} -m guangdong_terms search a --limit 50 | head -c 1"
    result = subprocess.run(command, shell=True, capture_output=True, cwd=REPO.parent,
                            check=False)
    assert b"Traceback" not in result.stderr


@pytest.mark.parametrize("fmt", ["tmx", "po", "csv", "tbx"])
def test_export_to_a_closed_pipe_exits_quietly(fmt):
    # `gdterms export --format tmx | head`: TMX goes to stdout's binary buffer, the rest as text;
    # either way the reader leaving early is not an error (exit 0, nothing on stderr).
    command = ("set -o pipefail; "
               f"{sys.executable} -m guangdong_terms export --format {fmt} | head -c 100")
    result = subprocess.run(["bash", "-c", command], capture_output=True, cwd=REPO.parent,
                            check=False)
    assert result.returncode == 0 and result.stderr == b"", result.stderr.decode()


def test_fast_parser_knows_every_verb():
    # main() builds only the named command's sub-parser; the list must match the full parser.
    from guangdong_terms.cli.parser import VERBS, build_parser

    full = build_parser()
    choices = next(a for a in full._actions if a.dest == "verb").choices
    assert tuple(choices) == VERBS
    for verb in VERBS:
        assert tuple(next(a for a in build_parser(verb)._actions if a.dest == "verb").choices) \
            == (verb,)
