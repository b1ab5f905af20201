"""The sentence translation memory: complete, exact in its numbers, consistent with the glossary,
and (integration) filling every segment of every seed in real OmegaT."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from conftest import GLOSSARY_DIR, REPO, SEEDS_DIR

from guangdong_terms.core import compiled as _records
from guangdong_terms.curation.seeds import load_seeds
from guangdong_terms.curation.tm_source import read_tm
from guangdong_terms.curation.validation import validate
from guangdong_terms.operations.exporting import export
from guangdong_terms.text.segment import segment_spans, segment_text

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
    from guangdong_terms.operations.units import to_variant

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


def test_a_sentence_has_one_english_in_the_glossary_and_the_tm(tmp_path):
    # Exports carry a unit per context sentence and per TM segment: two translations of one
    # sentence would reach a CAT tool as two different full matches.
    from conftest import copy_tree

    glossary = copy_tree(GLOSSARY_DIR, tmp_path / "glossary")
    tm = copy_tree(TM_DIR, tmp_path / "tm")
    tm_file = tm / "000.toml"
    text = tm_file.read_text(encoding="utf-8")
    segment = re.search(r'(?m)^en = "(The three science cities have worked in concert[^"]*)"$',
                        text) or re.search(r'(?m)^en = "(The three major science cities[^"]*)"$',
                                           text)
    assert segment, "the science-cities segment of seed 000"
    tm_file.write_text(text.replace(segment.group(1), segment.group(1) + " Indeed."),
                       encoding="utf-8")
    zone = glossary / "zone.toml"
    zone.write_text(zone.read_text(encoding="utf-8").replace(
        "The three major science cities have worked in concert: Guangming Science City in "
        "Shenzhen, Songshan Lake Science City in Dongguan and Nansha Science City in Guangzhou "
        "have been developed jointly, forming a pattern of distinctive and complementary "
        'strengths"', "The three major science cities have worked together: Guangming Science "
        "City in Shenzhen, Songshan Lake Science City in Dongguan and Nansha Science City in "
        "Guangzhou have been developed jointly, forming a pattern of distinctive and "
        'complementary strengths"', 1), encoding="utf-8")
    messages = [str(p) for p in validate(str(glossary), str(SEEDS_DIR), str(tm))]
    assert any("is a segment of" in m and "000.toml" in m for m in messages), messages
    assert any("has different English" in m for m in messages), messages
    assert all("English" in m for m in messages), messages


#: Segments per seed in the first release, when ids were still positions (1..N).
FIRST_RELEASE = {"000": 58, "001": 99, "002": 45, "003": 69, "004": 81}


def test_every_released_id_is_live_or_retired_to_a_live_successor():
    files, _ = read_tm(str(TM_DIR))
    for seed_id, count in FIRST_RELEASE.items():
        segments = [entry[2] for entry in files[seed_id]]
        live = {segment["n"] for segment in segments}
        successor = {old: segment["n"] for segment in segments
                     for old in segment.get("replaces", [])}
        assert not live & set(successor), seed_id
        assert set(range(1, count + 1)) <= live | set(successor), seed_id
        # A joined unit's n comes after every id of the first release.
        assert all(n > count for n in successor.values()), seed_id


def test_every_unit_is_a_whole_sentence_or_a_headline():
    # A paragraph that runs on after a sentence, or has a comma, but stops without a sentence
    # end is a sentence the capture broke; the only such lines left are two headlines and a
    # lead-in that ends in a dash before its list (具体来说——).
    unended = set()
    for seed_id, seed in SEEDS.items():
        for number, line in enumerate(seed.lines, start=1):
            if line and line[-1] not in "。？！?!”’）)…" and (
                    len(segment_spans(line)) > 1 or any(mark in line for mark in "，,、；;")):
                unended.add((seed_id, seed.raw_lines(number)[0]))
    assert unended == {("000", 1), ("001", 3), ("001", 107)}


def test_a_retired_id_used_again_is_reported(tmp_path):
    from conftest import copy_tree

    tm = copy_tree(TM_DIR, tmp_path / "tm")
    tm_file = tm / "001.toml"
    text = tm_file.read_text(encoding="utf-8")
    tm_file.write_text(text.replace("n = 100\n", "n = 13\n", 1), encoding="utf-8")
    messages = [str(p) for p in validate(str(GLOSSARY_DIR), str(SEEDS_DIR), str(tm))]
    assert any("retired id 13 is still the id of a segment" in m for m in messages), messages


def test_segments_cite_raw_lines_and_exports_name_the_retired_ids(tmp_path):
    shipped = {(row["seed"], row["n"]): row for row in _records.tm_segments()}
    sidebar = shipped[("001", 105)]
    assert (sidebar["line"], sidebar["end_line"]) == (71, 99)
    assert sidebar["replaces"] == [f"seed-001-{n}" for n in range(51, 66)]
    assert "end_line" not in shipped[("001", 1)]
    tmx = tmp_path / "tm.tmx"
    export("tmx", str(tmx))
    unit = re.search(r'<tu tuid="seed-001-105">.*?</tu>', tmx.read_text(encoding="utf-8"),
                     re.DOTALL)
    assert unit, "the joined sidebar sentence is exported"
    props = re.findall(r'<prop type="([^"]+)">([^<]*)</prop>', unit.group(0))
    assert ("x-line", "71") in props and ("x-line-end", "99") in props
    assert [value for name, value in props if name == "x-replaces"] == [
        f"seed-001-{n}" for n in range(51, 66)]
    po = tmp_path / "tm.po"
    export("po", str(po), target_lang="en")
    entry = po.read_text(encoding="utf-8").split('msgctxt "seed-001-105"')[0].rsplit("\n\n", 1)[1]
    assert "#: seeds/001_281b19a606780659.txt:71" in entry


@pytest.mark.parametrize(("english", "flagged"), [
    ("Guangdong's enterprises' output rose.", False),
    ("the “Made in Guangdong” label, a ‘quoted’ word", False),
    ("funds worth RMB 3.58 trillion and USD 1 billion", False),
    ('the "Made in Guangdong" label', True),
    ("the 'Made in Guangdong' label", True),
    ("raised 3.58 trillion yuan", True),
    ("the 100-billion-yuan fund", True),
    ("revenue of 20 million yuan or more", True),
    ("CNY 5 billion", True),
    ("RMB3.58 trillion", True),
    ("¥5 billion", True),
])
def test_style_checks(english, flagged):
    from guangdong_terms.curation.tm_source import style_problems

    assert bool(style_problems(english)) is flagged, style_problems(english)


def test_validate_reports_style_in_segments_and_contexts_and_one_english_per_term(tmp_path):
    from conftest import copy_tree

    tm = copy_tree(TM_DIR, tmp_path / "tm")
    tm_file = tm / "003.toml"
    text = tm_file.read_text(encoding="utf-8")
    assert "raised a total of RMB 3.58 trillion." in text
    tm_file.write_text(text.replace("raised a total of RMB 3.58 trillion.",
                                    "raised a total of 3.58 trillion yuan."), encoding="utf-8")
    # An accepted alternative without a reason: 横琴 in seed 004, with its exception removed.
    tm_004 = tm / "004.toml"
    lines = tm_004.read_text(encoding="utf-8").split("\n")
    tm_004.write_text("\n".join(line for line in lines if not line.startswith(
        "guangdong-macao-in-depth-cooperation-zone-in-hengqin = ")), encoding="utf-8")
    messages = [str(p) for p in validate(str(GLOSSARY_DIR), str(SEEDS_DIR), str(tm))]
    assert any("003.toml" in m and "an amount in yuan" in m for m in messages), messages
    assert sum("one English per term" in m and "004.toml" in m for m in messages) == 2
    assert all("style" in m or "one English per term" in m or "whose English differs" in m
               for m in messages), messages

    glossary = copy_tree(GLOSSARY_DIR, tmp_path / "glossary")
    indicator = glossary / "indicator.toml"
    context = "is expected to exceed RMB 19 trillion, ranking first"
    assert context in indicator.read_text(encoding="utf-8")
    indicator.write_text(indicator.read_text(encoding="utf-8").replace(
        context, "is expected to exceed \\\"RMB 19 trillion\\\", ranking first"), encoding="utf-8")
    messages = [str(p) for p in validate(str(glossary), str(SEEDS_DIR))]
    assert len(messages) == 1 and "indicator.toml" in messages[0], messages
    assert "straight quotation mark" in messages[0]
