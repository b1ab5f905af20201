"""The seed copies and the cleaning rules every provenance check depends on."""

from __future__ import annotations

import hashlib

import pytest
from conftest import REPO, SEEDS_DIR

from guangdong_terms.curation.seeds import Seed, SeedError, clean_line, clean_text, load_seeds

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


def test_cleaning_keeps_line_numbers_except_at_the_manifests_joins():
    for seed in load_seeds(str(SEEDS_DIR)).values():
        assert clean_text(seed.raw).count("\n") == seed.raw.count("\n")
        # A join turns its range of raw lines into one line, plus the lines it keeps.
        removed = sum(join.last - join.first - len(join.keep) for join in seed.joins)
        assert len(seed.lines) == seed.raw.count("\n") + 1 - removed
        if not seed.joins:
            assert all(seed.raw_lines(n) == (n, n) for n in range(1, len(seed.lines) + 1))


def _seed_with(tmp_path, raw: str, extra: str) -> Seed:
    data = raw.encode("utf-8")
    (tmp_path / "x.txt").write_bytes(data)
    (tmp_path / "manifest.toml").write_text(
        f'[[seed]]\nid = "x"\nfile = "x.txt"\nsha256 = "{hashlib.sha256(data).hexdigest()}"\n'
        'title = "标题"\npublisher = "p"\ndate = "2025"\nurl = "u"\n' + extra, encoding="utf-8")
    return load_seeds(str(tmp_path))["x"]


def test_a_join_rejoins_exactly_its_lines_and_keeps_raw_provenance(tmp_path):
    raw = "标题\n\n　　加快研\n\n发应用。下一句\n\n图片说明\n\n继续说完。\n\n另起一段，没有句号\n第二段"
    seed = _seed_with(tmp_path, raw, 'joins = [{lines = [3, 5], reason = "研|发"}, '
                      '{lines = [7, 9], reason = "a caption run into a sentence"}]\n')
    # No space where the capture broke a word; a line without a join is never joined.
    assert seed.lines[2] == "加快研发应用。下一句"
    assert seed.lines[4] == "图片说明继续说完。"
    assert seed.lines[-2:] == ("另起一段，没有句号", "第二段")
    assert len(seed.lines) == raw.count("\n") + 1 - 2 - 2
    assert seed.find_lines("加快研发应用。") == (3, 5)
    assert seed.find_lines("下一句") == (5, 5)
    assert seed.find_line("研发") == 3 and seed.find_line("发应用") == 5 and seed.find_line("第二段") == 12
    assert seed.raw_lines(3, 0, 2) == (3, 3)


def test_a_join_keeps_a_caption_set_inside_the_sentence(tmp_path):
    raw = "切实增强高\n\n图片说明\n\n校科研能力。"
    seed = _seed_with(tmp_path, raw, 'joins = [{lines = [1, 5], keep = [3], reason = "高|校"}]\n')
    assert seed.lines == ("切实增强高校科研能力。", "图片说明")
    assert seed.find_lines("切实增强高校科研能力。") == (1, 5)
    assert seed.find_lines("图片说明") == (3, 3)


@pytest.mark.parametrize("joins", [
    'joins = [{lines = [1, 3]}]',  # no reason
    'joins = [{lines = [3, 1], reason = "r"}]',
    'joins = [{lines = [1, 2], reason = "r"}]',  # line 2 is blank: not where a sentence ends
    'joins = [{lines = [1, 3], reason = "r"}, {lines = [3, 5], reason = "r"}]',
    'joins = [{lines = [5, 7], reason = "r"}]',  # ABC | DEF would need a space
])
def test_a_bad_join_is_refused(tmp_path, joins):
    with pytest.raises(SeedError):
        _seed_with(tmp_path, "一\n\n二\n\n三ABC\n\nDEF。", joins + "\n")


def test_the_manifest_joins_the_fifteen_broken_sentences():
    seeds = load_seeds(str(SEEDS_DIR))
    assert {key: len(seed.joins) for key, seed in seeds.items()} == {
        "000": 0, "001": 7, "002": 0, "003": 8, "004": 0}
    assert all(join.reason for seed in seeds.values() for join in seed.joins)
    sidebar = seeds["001"].find_lines("预计全省研发经费支出约5100亿元，研发投入强度3.6%左右，")
    assert sidebar == (71, 75)


def test_a_headline_only_in_the_crawler_header_cleans_to_the_title():
    seed = load_seeds(str(SEEDS_DIR))["002"]
    assert seed.lines[0] == seed.title == "广州科创迈入全球“第一方阵”"
    assert seed.raw.split("\n")[0] == "Title: 中国广州网 - " + seed.title


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
