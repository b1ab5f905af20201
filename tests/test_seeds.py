"""The seed copies and the cleaning rules every provenance check depends on."""

from __future__ import annotations

import hashlib

import pytest
from conftest import REPO, SEEDS_DIR

from guangdong_terms.curation.seeds import clean_line, clean_text, load_seeds

SHARED_SEEDS = REPO.parent / "shared" / "seeds"


def test_manifest_lists_every_seed_file_with_its_hash():
    seeds = load_seeds(str(SEEDS_DIR))
    assert list(seeds) == ["000", "001", "002", "003", "004"]
    files = sorted(path.name for path in SEEDS_DIR.glob("*.txt"))
    assert sorted(seed.file for seed in seeds.values()) == files


def test_project_copies_equal_the_shared_originals():
    if not SHARED_SEEDS.is_dir():
        pytest.fail(f"{SHARED_SEEDS} missing: CI runs with ../shared beside the clone")
    for path in SEEDS_DIR.glob("*.txt"):
        original = SHARED_SEEDS / path.name
        assert hashlib.sha256(original.read_bytes()).digest() == hashlib.sha256(
            path.read_bytes()).digest(), path.name


@pytest.mark.parametrize(("raw", "clean"), [
    ('　　广东<font color="#ff0000">全过程创新链</font>，', "广东全过程创新链，"),
    ("<strong><font color='#00aaff'>面向世界科技前沿。</font></strong>", "面向世界科技前沿。"),
    ("### 广东主要科技创新指标 持续领跑全国", "广东主要科技创新指标 持续领跑全国"),
    ("> [一图读懂｜“十四五”](https://mp.weixin.qq.com/s/x)", "一图读懂｜“十四五”"),
    ("**本报讯** 6月18日,央地共建", "本报讯 6月18日,央地共建"),
    ("- 开展人才发展体制机制综合改革试点，", "开展人才发展体制机制综合改革试点，"),
    ("● 营造尊重劳动的良好社会氛围", "营造尊重劳动的良好社会氛围"),
    ("------", ""),
    ("![图](https://example.org/a.png)说明", "说明"),
    # Numbers and signs that look like markup stay: 1.7万, 3.6%, 1‰, *not* emphasis.
    ("增长3.6%，达1.7万人，前1‰", "增长3.6%，达1.7万人，前1‰"),
])
def test_clean_line(raw, clean):
    assert clean_line(raw) == clean


def test_cleaning_keeps_line_numbers():
    for seed in load_seeds(str(SEEDS_DIR)).values():
        assert clean_text(seed.raw).count("\n") == seed.raw.count("\n")
        assert len(seed.lines) == seed.raw.count("\n") + 1


def test_no_markup_survives_cleaning():
    for seed in load_seeds(str(SEEDS_DIR)).values():
        for line in seed.lines:
            assert "<font" not in line and "</" not in line and "](" not in line, line
            assert "**" not in line, line


def test_find_line():
    seed = load_seeds(str(SEEDS_DIR))["000"]
    line = seed.find_line("江门中微子实验站建成并发布首个物理成果；")
    assert line is not None and "江门中微子实验站" in seed.raw.split("\n")[line - 1]
    assert seed.find_line("不存在的句子") is None
    assert seed.find_line("两行\n文字") is None
