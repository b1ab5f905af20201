"""Sentence segmentation: OmegaT's default SRX rules for Chinese, as expectation tables."""

from __future__ import annotations

import pytest
from conftest import SEEDS_DIR

from guangdong_terms.curation.seeds import load_seeds
from guangdong_terms.text.numbers import chinese_numbers, english_numbers, missing_numbers
from guangdong_terms.text.segment import segment_line, segment_spans, segment_text


@pytest.mark.parametrize(("line", "segments"), [
    ("甲。乙！丙？", ["甲。", "乙！", "丙？"]),
    # a closing quotation mark or bracket after 。！？ keeps the sentence open (SRX no-break)
    ("他说：“建成了。”随后离开。", ["他说：“建成了。”随后离开。"]),
    ("（已建成。）下一句。", ["（已建成。）下一句。"]),
    ("真的吗？？是的。", ["真的吗？？", "是的。"]),
    # never at ；，、 nor inside numbers
    ("甲；乙，丙、丁。", ["甲；乙，丙、丁。"]),
    ("增长1.7万人，达3.6%。前1‰。", ["增长1.7万人，达3.6%。", "前1‰。"]),
    # half-width ? and ! break only before white space (SRX "Default" rules)
    ("哪些新的突破和进展? 答复如下。", ["哪些新的突破和进展?", "答复如下。"]),
    ("进展?答复", ["进展?答复"]),
    # a heading (a line of its own) is one segment; surrounding white space is not kept
    ("  广东主要科技创新指标 持续领跑全国  ", ["广东主要科技创新指标 持续领跑全国"]),
    ("", []),
])
def test_segment_line(line, segments):
    assert segment_line(line) == segments


def test_segments_rebuild_every_seed_exactly():
    # Joined with the white space between them, the segments of each line are the line.
    for seed in load_seeds(str(SEEDS_DIR)).values():
        for line in seed.lines:
            spans = segment_spans(line)
            rebuilt, cursor = [], 0
            for start, end in spans:
                assert line[cursor:start].strip() == ""
                rebuilt.append(line[cursor:end])
                cursor = end
            assert "".join(rebuilt) + line[cursor:] == line
            assert line[cursor:].strip() == ""


def test_segment_text_numbers_and_lines():
    segments = list(segment_text("第一句。第二句。\n\n第三句"))
    assert [(s.number, s.line, s.text) for s in segments] == [
        (1, 1, "第一句。"), (2, 1, "第二句。"), (3, 3, "第三句")]


@pytest.mark.parametrize(("zh", "en", "missing"), [
    ("地区生产总值迈上14万亿元新台阶", "GDP reached RMB 14 trillion", []),
    ("累计招收博士后超2.7万人", "more than 27,000 postdoctoral researchers", []),
    ("11所高校39个学科进入全球排名前1‰", "39 disciplines at 11 universities in the top 0.1%", []),
    ("12月3日，举行发布会", "On 3 December, a press conference was held", []),
    ("连续9年居全国首位", "first in China for nine years in a row", []),
    ("专利商标质押融资新增9128亿元", "new pledge financing of RMB 912.8 billion", []),
    ("连续9年居全国首位", "first in China for years", ["9"]),
    ("增长101%和255%", "grew by 101% and 55%", ["255%"]),
    ("12月3日", "on 3 November", ["month:12"]),
])
def test_numbers_survive_translation(zh, en, missing):
    assert missing_numbers(zh, en) == missing


def test_chinese_character_numbers_are_not_figures():
    assert chinese_numbers("三大科技工程，十四五期间") == chinese_numbers("")
    assert english_numbers("three major projects")["3"] == 1
