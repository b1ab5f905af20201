"""Golden files: every export format and the CLI's reports, byte for byte.

Written by the code as it stood before the layered-layout move (issue 13), from a four-entry
fixture glossary and a three-segment fixture TM with the clock pinned by SOURCE_DATE_EPOCH, so a
refactoring that changes what a user gets fails here. After a deliberate change of output,
rewrite them with ``python tests/test_golden.py`` and review the diff.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "data" / "golden"
EXPECTED = GOLDEN / "expected"
REPO = HERE.parent
EPOCH = "1767225600"  # 2026-01-01T00:00:00Z

#: (output file, format, source language, target language)
EXPORTS = [
    ("export.tmx", "tmx", "zh-CN", "en"),
    ("export-zh-HK.tmx", "tmx", "zh-HK", "en"),
    ("export-en-zh-TW.tmx", "tmx", "en", "zh-TW"),
    ("export.tbx", "tbx", "zh-CN", "en"),
    ("export-omegat.tbx", "tbx-omegat", "zh-CN", "en"),
    ("export.utf8", "omegat", "zh-CN", "en"),
    ("export.po", "po", "zh-CN", "en"),
    ("export-en-zh-TW.po", "po", "en", "zh-TW"),
    ("export.pot", "pot", "zh-CN", "en"),
    ("export.mo", "mo", "zh-CN", "en"),
    ("export.csv", "csv", "zh-CN", "en"),
    ("export.tsv", "tsv", "zh-CN", "en"),
    ("export.json", "json", "zh-CN", "en"),
    ("export.jsonl", "jsonl", "zh-CN", "en"),
]

#: (output file, gdterms arguments); {glossary}, {golden} and {seeds} are filled in.
COMMANDS = [
    ("check.txt", ["check", "{golden}/check.csv", "--glossary", "{glossary}"]),
    ("check.json", ["check", "{golden}/check.csv", "--glossary", "{glossary}", "--json"]),
    ("annotate-table.txt", ["annotate", "{golden}/annotate.txt", "--glossary", "{glossary}"]),
    ("annotate-all.json", ["annotate", "{golden}/annotate.txt", "--glossary", "{glossary}",
                           "--format", "json", "--all"]),
    ("annotate.md", ["annotate", "{golden}/annotate.txt", "--glossary", "{glossary}",
                     "--format", "markdown"]),
    ("annotate.html", ["annotate", "{golden}/annotate.txt", "--glossary", "{glossary}",
                       "--format", "html"]),
    ("stats.txt", ["stats", "--glossary", "{glossary}"]),
    ("stats.json", ["stats", "--glossary", "{glossary}", "--json"]),
    ("validate.txt", ["validate", "--glossary", "{glossary}", "--seeds", "{seeds}",
                      "--tm", "{golden}/no-tm", "--no-candidates"]),
]


def _fixture_glossary():
    from guangdong_terms import Glossary

    return Glossary.load(str(GOLDEN / "glossary"), seeds_dir=str(REPO / "seeds"))


def _segments() -> list[dict[str, object]]:
    return json.loads((GOLDEN / "tm.json").read_text(encoding="utf-8"))["segments"]


def _run(argv: list[str]) -> bytes:
    from guangdong_terms.cli import main

    filled = [arg.format(glossary=GOLDEN / "glossary", golden=GOLDEN, seeds=REPO / "seeds")
              for arg in argv]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(filled)
    text = f"exit {code}\n--- stdout\n{out.getvalue()}--- stderr\n{err.getvalue()}"
    return text.replace(str(REPO), "REPO").encode("utf-8")


def produce(folder: Path) -> dict[str, bytes]:
    """Every golden output, by file name (exports are also written into *folder*)."""
    from guangdong_terms import export
    from guangdong_terms.cli.rendering import render_record

    glossary = _fixture_glossary()
    outputs: dict[str, bytes] = {}
    for name, fmt, source, target in EXPORTS:
        path = folder / name
        export(fmt, str(path), glossary=glossary, segments=_segments(), source_lang=source,
               target_lang=target)
        outputs[name] = path.read_bytes()
    for name, argv in COMMANDS:
        outputs[name] = _run(argv)
    outputs["lookup.txt"] = "\n\n".join(render_record(r) for r in glossary.records
                                        ).encode("utf-8") + b"\n"
    outputs["lookup.json"] = json.dumps([glossary.lookup(r["zh"]).to_record()  # type: ignore[union-attr]
                                         for r in glossary.records], ensure_ascii=False,
                                        indent=1).encode("utf-8") + b"\n"
    return outputs


@pytest.fixture
def outputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    return produce(tmp_path)


def test_every_golden_file_is_produced(outputs: dict[str, bytes]) -> None:
    assert sorted(outputs) == sorted(path.name for path in EXPECTED.iterdir())


@pytest.mark.parametrize("name", [name for name, *_ in EXPORTS] + [name for name, _ in COMMANDS]
                         + ["lookup.txt", "lookup.json"])
def test_output_equals_its_golden_file(outputs: dict[str, bytes], name: str) -> None:
    assert outputs[name] == (EXPECTED / name).read_bytes(), name


def test_the_clock_is_pinned(outputs: dict[str, bytes]) -> None:
    assert b'creationdate="20260101T000000Z"' in outputs["export.tmx"]
    assert b"POT-Creation-Date: 2026-01-01 00:00+0000" in outputs["export.po"]


if __name__ == "__main__":
    import tempfile

    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    EXPECTED.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        for file_name, data in produce(Path(scratch)).items():
            (EXPECTED / file_name).write_bytes(data)
    print(f"wrote {len(list(EXPECTED.iterdir()))} golden files", file=sys.stderr)
