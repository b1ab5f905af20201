"""``gdterms tm ...`` end to end, in-process, on a memory in a temporary folder."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from guangdong_terms.cli.memory import highlight

DATA = Path(__file__).resolve().parent / "data"
TMX = DATA / "bilingual" / "sample.tmx"
PO = DATA / "bilingual" / "sample.po"

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture(autouse=True)
def memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "env.sqlite3"
    monkeypatch.setenv("GDTERMS_MEMORY", str(path))
    return path


def test_import_stats_search_concordance_export_delete(run_cli: Run, tmp_path: Path,
                                                       memory: Path) -> None:
    code, out, _ = run_cli("tm", "import", str(TMX), "--no-shipped")
    assert code == 0
    assert "2 segments read (zh-CN -> en); 2 units added" in out
    code, out, _ = run_cli("tm", "import", str(PO), "--no-shipped", "--json")
    report = json.loads(out)
    assert (code, report["added"], report["claimed"], report["untranslated"]) == (0, 1, 1, 1)

    code, out, _ = run_cli("tm", "stats", "--no-shipped", "--json")
    stats = json.loads(out)
    assert (code, stats["units"], stats["claims"], stats["origins"]) == (0, 3, 4, 2)
    assert stats["location"] == str(memory)

    code, out, _ = run_cli("tm", "search", "原生鸿蒙操作系统全面商用了。", "--no-shipped", "--json")
    matches = json.loads(out)
    assert code == 0 and matches[0]["source"] == "原生鸿蒙操作系统全面商用。"
    assert matches[0]["score"] == 92  # one insertion in 14 characters: 92.9
    assert matches[0]["diff"] == [[12, 13]]
    assert matches[0]["marked_source"] == "原生鸿蒙操作系统全面商用[。]"
    assert {origin["name"] for origin in matches[0]["origins"]} == {str(TMX), str(PO)}

    code, out, _ = run_cli("tm", "search", "原生鸿蒙操作系统全面商用了。", "--no-shipped")
    assert code == 0 and "原生鸿蒙操作系统全面商用[。]" in out and "\x1b[" not in out

    code, out, _ = run_cli("tm", "concordance", "鸿蒙操作", "--no-shipped", "--json")
    assert code == 0 and len(json.loads(out)) == 3

    out_path = tmp_path / "out.tmx"
    code, _, err = run_cli("tm", "export", "-o", str(out_path), "--no-shipped")
    assert code == 0 and "3 units written" in err
    assert out_path.read_text(encoding="utf-8").count("<tu ") == 3

    code, out, _ = run_cli("tm", "delete", "--origin", str(TMX), "--no-shipped")
    assert code == 0 and "2 claims" in out
    code, _, err = run_cli("tm", "delete", "--origin", str(TMX), "--no-shipped")
    assert code == 1 and "no claims" in err
    code, out, _ = run_cli("tm", "stats", "--no-shipped", "--json")
    assert json.loads(out)["units"] == 2


def test_no_match_exits_1(run_cli: Run) -> None:
    code, out, err = run_cli("tm", "search", "完全无关的句子", "--no-shipped", "--json")
    assert (code, json.loads(out)) == (1, [])
    assert "no match of 70 or more" in err


def test_shipped_data_is_searchable(run_cli: Run) -> None:
    code, out, _ = run_cli("tm", "search", "鸿蒙操作系统", "--json")
    assert code == 0 and json.loads(out)[0]["target"] == "HarmonyOS"


def test_errors_exit_2_with_file_and_line(run_cli: Run, tmp_path: Path, memory: Path) -> None:
    broken = tmp_path / "broken.tmx"
    broken.write_text(TMX.read_text(encoding="utf-8")[:-30], encoding="utf-8")
    code, _, err = run_cli("tm", "import", str(broken), "--no-shipped")
    assert code == 2
    assert f"{broken}:" in err and "nothing was imported" in err
    code, _, err = run_cli("tm", "import", str(tmp_path / "missing.tmx"), "--no-shipped")
    assert code == 2 and "no such file" in err
    code, _, err = run_cli("tm", "import", str(tmp_path / "x.unknown"), "--no-shipped")
    assert code == 2
    other = tmp_path / "other.sqlite3"
    other.write_bytes(b"garbage" * 1000)
    code, _, err = run_cli("tm", "stats", "--db", str(other))
    assert code == 2 and "not a translation memory" in err
    code, _, err = run_cli("tm", "search", "x", "--min-score", "200")
    assert code == 2


def test_highlight_respects_terminals_and_no_color(tmp_path: Path, memory: Path) -> None:
    assert highlight("广州实验室", ((0, 2), (4, 5)), colour=True) == \
        "\x1b[7m广州\x1b[0m实验\x1b[7m室\x1b[0m"
    assert highlight("广州实验室", (), colour=True) == "广州实验室"
    script = "from guangdong_terms.cli import memory as m; print(m._colour())"
    piped = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                           check=True)
    assert piped.stdout.strip() == "False"  # not a terminal: brackets, no escapes
    for no_color, expected in (("", b"True"), ("1", b"False")):
        leader, follower = pty.openpty()
        environment = {**os.environ, "NO_COLOR": no_color}
        subprocess.run([sys.executable, "-c", script], stdout=follower, env=environment,
                       check=True)
        os.close(follower)
        assert os.read(leader, 100).strip() == expected
        os.close(leader)


def test_help_lists_tm(run_cli: Run) -> None:
    code, out, _ = run_cli("tm", "--help")
    assert code == 0
    for action in ("import", "delete", "stats", "export", "search", "concordance"):
        assert action in out
