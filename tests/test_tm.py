"""The sentence translation memory: complete, exact in its numbers, consistent with the glossary,
and (integration) filling every segment of every seed in real OmegaT."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from conftest import GLOSSARY_DIR, REPO, SEEDS_DIR

from guangdong_terms import _records
from guangdong_terms.checks import validate
from guangdong_terms.exporting import export
from guangdong_terms.seeds import load_seeds
from guangdong_terms.segment import segment_spans, segment_text
from guangdong_terms.tm import read_tm

TM_DIR = REPO / "tm"
CHECK_TMX = REPO.parent / "shared" / "acceptance" / "omegat" / "check_tmx.sh"
SEEDS = load_seeds(str(SEEDS_DIR))


def test_tm_validates_clean():
    # Coverage, numbers and terminology, with the glossary: nothing to report.
    assert [str(p) for p in validate(str(GLOSSARY_DIR), str(SEEDS_DIR), str(TM_DIR))] == []


@pytest.mark.parametrize("seed_id", sorted(SEEDS))
def test_segments_rebuild_the_cleaned_seed(seed_id):
    files, problems = read_tm(str(TM_DIR))
    assert not problems
    segments = [entry[2] for entry in files[seed_id]]
    assert all(segment["en"].strip() for segment in segments)
    seed = SEEDS[seed_id]
    pieces = iter(segment["zh"] for segment in segments)
    rebuilt = []
    for line in seed.lines:
        cursor, out = 0, []
        for start, end in segment_spans(line):
            out.append(line[cursor:start] + next(pieces))
            cursor = end
        rebuilt.append("".join(out) + line[cursor:])
    assert "\n".join(rebuilt) == seed.text
    assert next(pieces, None) is None


def test_shipped_tm_is_the_source():
    shipped = _records.tm_segments()
    assert len(shipped) == sum(len(list(segment_text(s.text))) for s in SEEDS.values())


def _check_tmx(tmx: Path, text: Path, tmp_path: Path) -> tuple[int, int, str]:
    assert CHECK_TMX.exists(), f"{CHECK_TMX} missing: CI runs with ../shared beside the clone"
    result = subprocess.run(["sh", str(CHECK_TMX), str(tmx), str(text), _lang(tmx), "en",
                             "--timeout", "300"], capture_output=True, text=True, check=False,
                            cwd=tmp_path)
    found = re.search(r"omegat-filled (\d+)/(\d+) segments", result.stdout)
    assert found, result.stdout[-2000:] + result.stderr[-2000:]
    return int(found.group(1)), int(found.group(2)), result.stdout


def _lang(tmx: Path) -> str:
    return tmx.stem.split(".")[-1]


@pytest.mark.slow
@pytest.mark.parametrize("variant", ["zh-CN", "zh-HK", "zh-TW"])
def test_omegat_fills_every_segment_of_every_seed(variant, tmp_path):
    from guangdong_terms import Glossary
    from guangdong_terms.units import to_variant

    tmx = tmp_path / f"guangdong.{variant}.tmx"
    export("tmx", str(tmx), source_lang=variant)
    glossary = Glossary.load()
    for seed_id, seed in sorted(SEEDS.items()):
        # The Traditional source text is the seed's sentences converted as our TM converts
        # them (OpenCC, with glossary names in their curated forms), line by line.
        lines = []
        for line in seed.lines:
            cursor, out = 0, []
            for start, end in segment_spans(line):
                out.append(line[cursor:start] + to_variant(line[start:end], variant, glossary))
                cursor = end
            lines.append("".join(out) + line[cursor:])
        text = tmp_path / f"seed-{seed_id}.txt"
        text.write_text("\n".join(lines), encoding="utf-8")
        filled, total, report = _check_tmx(tmx, text, tmp_path)
        assert (filled, total) == (len(list(segment_text(seed.text))),) * 2, report[-3000:]
