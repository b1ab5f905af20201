"""The format registry: one description per format, the only place commands learn formats.

A toy format registered here appears in export, check and import without touching any other
module; every registered format keeps the fields it declares through a write and a read.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any, TextIO

import pytest
from conftest import DATA, REPO, SEEDS_DIR

from guangdong_terms import Glossary, export
from guangdong_terms.core.bilingual import Segment
from guangdong_terms.formats import (
    FORMATS,
    Bilingual,
    Format,
    FormatError,
    for_path,
    names,
    register,
    unregister,
)

GOLDEN = DATA / "golden"


def _toy_lines(path: str) -> Iterator[Segment]:
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            zh, _, en = line.rstrip("\n").partition(" => ")
            yield Segment(str(number), number, zh, en)


def _toy_segments(path: str, source_lang: str | None = None, target_lang: str | None = None,
                  encoding: str | None = None) -> Bilingual:
    return Bilingual(source_lang or "zh-CN", target_lang or "en", _toy_lines(path))


def _toy_write(handle: TextIO, records: list[dict[str, Any]],
               segments: list[dict[str, Any]]) -> None:
    handle.writelines(f"{record['zh']} => {record['en']}\n" for record in records)


TOY = Format("toy", (".toy",), "one 'Chinese => English' pair per line", pairs="zh-CN",
             carries=("zh", "en"), read_segments=_toy_segments,
             write_glossary=_toy_write)


@pytest.fixture
def toy() -> Iterator[Format]:
    register(TOY)
    yield TOY
    unregister("toy")


def test_a_registered_format_serves_export_check_and_import(toy, run_cli, tmp_path):
    assert "toy" in names("export") and "toy" in names("check") and "toy" in names("import")
    path = tmp_path / "glossary.toy"
    code, _, err = run_cli("export", "--format", "toy", "-o", str(path))
    assert code == 0, err
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert " => " in first

    code, out, err = run_cli("check", str(path))  # chosen by its extension
    assert code == 0, out + err
    assert f"{len(Glossary.load())} segment(s) checked (zh-CN -> en; 0 untranslated" in err
    assert "0 issue(s)" in err

    workspace = tmp_path / "work"
    shutil.copytree(REPO / "glossary", workspace / "glossary")
    code, out, err = run_cli("import", str(path), "--into", str(workspace / "glossary"),
                             "--seeds", str(SEEDS_DIR), "--dry-run")
    assert code == 0, out + err
    assert f"unchanged {len(Glossary.load())}, conflicts 0" in err

    path.write_text("鸿蒙操作系统 => Hongmeng OS\n", encoding="utf-8")
    code, out, _ = run_cli("check", str(path), "--format", "toy")
    assert code == 1 and "Hongmeng OS" in out


def test_an_unregistered_format_is_gone(run_cli, tmp_path):
    assert "toy" not in FORMATS
    code, _, err = run_cli("export", "--format", "toy")
    assert code == 2 and "invalid choice" in err


def test_a_name_is_registered_once(toy):
    with pytest.raises(ValueError, match="registered already"):
        register(TOY)


def test_a_shared_extension_is_told_apart_by_content(tmp_path):
    basic, omegat = tmp_path / "basic.tbx", tmp_path / "omegat.tbx"
    export("tbx", str(basic))
    export("tbx-omegat", str(omegat))
    assert for_path(str(basic), "import").name == "tbx"
    assert for_path(str(omegat), "import").name == "tbx-omegat"
    with pytest.raises(FormatError, match="cannot tell the format"):
        for_path(str(tmp_path / "notes.docx"), "import")


def _comparable(record: dict[str, Any]) -> dict[str, Any]:
    record = dict(record)
    record["contexts"] = [{k: v for k, v in c.items() if k != "line"}
                          for c in record.get("contexts", [])]
    return record


WRITE_AND_READ = [name for name, fmt in FORMATS.items() if fmt.writes and fmt.imports]


@pytest.mark.parametrize("name", WRITE_AND_READ)
def test_every_declared_field_survives_write_then_read(name, tmp_path):
    """The registry contract: what a format says it carries comes back as it went in."""
    fmt = FORMATS[name]
    glossary = Glossary.load(str(GOLDEN / "glossary"), seeds_dir=str(SEEDS_DIR))
    path = tmp_path / f"out{fmt.extensions[0]}"
    export(name, str(path), glossary=glossary, segments=[])
    assert fmt.carries, f"{name} declares no field"
    if fmt.read_glossary is not None:
        records, _ = fmt.read_glossary(str(path))
        theirs = {record["id"]: _comparable(record) for record in records}
        for ours in glossary.records:
            mine = _comparable(ours)
            for field in fmt.carries:
                assert theirs[mine["id"]].get(field) == mine[field], (name, mine["id"], field)
        return
    assert fmt.read_segments is not None
    pairs = {(s.source, s.target) for s in fmt.read_segments(str(path)).segments}
    for ours in glossary.records:
        if "en" in fmt.carries:
            assert (ours["zh"], ours["en"]) in pairs, (name, ours["id"])
        else:  # a template carries the Chinese only
            assert (ours["zh"], "") in pairs, (name, ours["id"])


def test_every_format_declares_what_it_does():
    for name, fmt in FORMATS.items():
        assert fmt.name == name and fmt.extensions and fmt.description
        assert all(ext.startswith(".") and ext == ext.lower() for ext in fmt.extensions)
        assert fmt.pairs in ("any", "zh-CN", "all")
        assert fmt.writes or fmt.read_segments or fmt.imports, name


@pytest.mark.parametrize("sample", sorted((DATA / "bilingual").iterdir()), ids=lambda p: p.name)
def test_every_bilingual_sample_is_read_by_the_format_its_name_gives(sample):
    fmt = for_path(str(sample), "check")
    assert fmt.read_segments is not None
    assert list(fmt.read_segments(str(sample)).segments)
