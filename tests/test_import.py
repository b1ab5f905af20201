"""gdterms import: adds new entries, reports conflicts, never overwrites, all or nothing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import DATA, GLOSSARY_DIR, SEEDS_DIR

from guangdong_terms.exporting import export


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    shutil.copytree(GLOSSARY_DIR, tmp_path / "glossary")
    return tmp_path


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _import(run_cli, workspace: Path, path: Path, *extra: str):
    return run_cli("import", str(path), "--into", str(workspace / "glossary"), "--seeds",
                   str(SEEDS_DIR), *extra)


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "tsv", "tbx"])
def test_reimporting_an_export_changes_nothing(run_cli, workspace, fmt):
    path = workspace / f"all.{fmt}"
    export(fmt, str(path))
    before = _snapshot(workspace / "glossary")
    code, _, err = _import(run_cli, workspace, path)
    assert code == 0, err
    assert "would add 0" in err and "conflicts 0" in err
    assert _snapshot(workspace / "glossary") == before


def test_new_entry_is_added_and_validated(run_cli, workspace):
    good = (DATA / "good" / "product.toml").read_text(encoding="utf-8")
    (workspace / "glossary" / "product.toml").unlink()
    new = workspace / "new.json"
    import tomllib

    record = tomllib.loads(good)["term"][0]
    new.write_text(json.dumps({"format": "guangdong-terms", "version": 1, "terms": [record],
                               "tm": []}, ensure_ascii=False), encoding="utf-8")
    code, _, err = _import(run_cli, workspace, new, "--dry-run")
    assert code == 0 and "would add 1" in err
    assert not (workspace / "glossary" / "product.toml").exists()
    code, out, err = _import(run_cli, workspace, new)
    assert code == 0, out + err
    assert "added 1" in err
    assert 'id = "harmonyos"' in (workspace / "glossary" / "product.toml").read_text("utf-8")


def test_conflicts_are_reported_and_nothing_is_written(run_cli, workspace):
    path = workspace / "all.json"
    export("json", str(path))
    document = json.loads(path.read_text(encoding="utf-8"))
    document["terms"][0]["en"] = "Something Else"
    extra = dict(document["terms"][1], id="fresh-entry", zh="全新术语", en="Brand new")
    document["terms"].append(extra)
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    before = _snapshot(workspace / "glossary")
    code, out, err = _import(run_cli, workspace, path)
    assert code == 1
    assert f"conflict: {document['terms'][0]['id']}: en: glossary has" in out
    assert "nothing was written" in err
    assert _snapshot(workspace / "glossary") == before


def test_invalid_new_entry_is_refused_whole(run_cli, workspace):
    path = workspace / "all.json"
    export("json", str(path))
    document = json.loads(path.read_text(encoding="utf-8"))
    # A new term whose context sentence does not contain it: validation fails, nothing lands.
    extra = dict(document["terms"][1], id="fresh-entry", zh="全新术语", en="Brand new",
                 aliases=[], en_alternatives=[], zh_hk="全新術語", zh_tw="全新術語",
                 pinyin="quánxīn shùyǔ")
    document["terms"] = [extra]
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    before = _snapshot(workspace / "glossary")
    code, out, _ = _import(run_cli, workspace, path)
    assert code == 1 and "problem:" in out and "neither zh nor any alias" in out
    assert _snapshot(workspace / "glossary") == before


def test_pair_formats_are_checked_not_imported(run_cli, workspace):
    path = workspace / "all.tmx"
    export("tmx", str(path))
    code, _, err = _import(run_cli, workspace, path)
    assert code == 0 and "conflicts 0" in err
    text = path.read_text(encoding="utf-8").replace("<seg>HarmonyOS</seg>", "<seg>Hongmeng</seg>")
    path.write_text(text, encoding="utf-8")
    code, out, _ = _import(run_cli, workspace, path)
    assert code == 1 and "conflict: harmonyos: en: glossary has 'HarmonyOS'" in out


def test_unreadable_input_exits_2(run_cli, workspace):
    bad = workspace / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    assert _import(run_cli, workspace, bad)[0] == 2
    assert _import(run_cli, workspace, workspace / "x.docx")[0] == 2


def test_tm_segments_are_checked_against_tm(run_cli, workspace):
    # The workspace has glossary/ but the repository's tm/ beside it is what counts: copy it.
    from conftest import REPO

    shutil.copytree(REPO / "tm", workspace / "tm")
    path = workspace / "all.tmx"
    export("tmx", str(path))
    code, _, err = _import(run_cli, workspace, path)
    assert code == 0 and "conflicts 0" in err
    text = path.read_text(encoding="utf-8")
    changed = text.replace("Strongest Brain", "Smartest Brain", 1)
    assert changed != text
    path.write_text(changed, encoding="utf-8")
    code, out, _ = _import(run_cli, workspace, path)
    assert code == 1 and "conflict: seed-000-1: en: tm has" in out
