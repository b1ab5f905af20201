"""The candidate-term finder (curation/candidates.py), its command and its validate check."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from conftest import DATA

from guangdong_terms import candidate_terms, validate
from guangdong_terms.core.glossary import Glossary

GOOD = (DATA / "good" / "product.toml").read_text(encoding="utf-8")
EMPTY = Glossary([])


def _texts(text: str, glossary: Glossary = EMPTY) -> list[str]:
    return [candidate.text for candidate in candidate_terms(text, glossary)]


def test_quotes_and_book_titles():
    found = _texts("他说“秒级”预测很重要，并发布《广东省促进创新条例》。")
    assert "秒级" in found
    assert "广东省促进创新条例" in found


def test_a_quoted_part_of_a_name_is_not_proposed_alone():
    found = _texts("广东启动“星河”计划。")
    assert found == ["“星河”计划"]


def test_suffix_spans_start_after_punctuation_function_words_and_counts():
    found = candidate_terms("全省建设湾区量子实验室和3个海洋创新中心，举办湾区创客大赛。", EMPTY)
    by_text = {candidate.text: candidate for candidate in found}
    assert by_text["湾区量子实验室"].category == "institution"
    assert by_text["海洋创新中心"].category == "platform"
    assert by_text["湾区创客大赛"].category == "event"
    assert _texts("推动中心城区更新。") == []
    assert _texts("优化湾区实验室体系。") == []  # the phrase goes on: not a laboratory's name
    assert _texts("有28 个平台入选。") == []  # nothing but the suffix after the count
    # no boundary within MAX_SPAN characters: a span cut in mid-word is not proposed
    assert _texts("甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未中心") == []


def test_designations():
    found = _texts("大飞机C919与ESI排名，天宫二号和鹏城云脑Ⅲ。")
    assert {"C919", "ESI", "天宫二号", "鹏城云脑Ⅲ"} <= set(found)


def test_repeated_ngrams_count_across_texts_and_are_maximal():
    texts = {"a": "深海养殖装备很好。", "b": "深海养殖装备不错。", "c": "有了深海养殖装备。"}
    (candidate,) = [c for c in candidate_terms(texts, EMPTY) if "repeated" in c.kinds]
    assert (candidate.text, candidate.count, candidate.source, candidate.line) == (
        "深海养殖装备", 3, "a", 1)
    assert candidate.context == "深海养殖装备很好。"


def test_spans_in_the_glossary_are_dropped(shipped):
    text = "原生鸿蒙操作系统全面商用，广州实验室和“卓粤”计划。"
    assert _texts(text, shipped) == []
    # a suffixed span ending in a known term is that term with context before it
    assert _texts("面向广州实验室。", shipped) == []


def test_ranked_by_count_then_length():
    found = candidate_terms("“甲乙”和“甲乙”，“丙丁戊”。", EMPTY)
    assert [c.text for c in found] == ["甲乙", "丙丁戊"]


def test_cli_text_and_json(tmp_path: Path, run_cli):
    path = tmp_path / "a.txt"
    path.write_text("广东启动“星河”计划。\n", encoding="utf-8")
    code, out, _ = run_cli("candidates", str(path))
    assert code == 0
    assert out == f"1\t“星河”计划\tprogramme\tsuffix\t{path}:1\t广东启动“星河”计划。\n"
    code, out, _ = run_cli("candidates", "--json", str(path))
    assert json.loads(out) == [{"text": "“星河”计划", "count": 1, "category": "programme",
                                "kinds": ["suffix"], "source": str(path), "line": 1,
                                "context": "广东启动“星河”计划。"}]


def _seeds(folder: Path, decisions: str | None) -> Path:
    folder.mkdir()
    raw = "昇腾910C芯片突破国外封锁，原生鸿蒙操作系统全面商用。\n广东启动“星河”计划。\n"
    (folder / "000_fixture.txt").write_text(raw, encoding="utf-8")
    digest = hashlib.sha256(raw.encode()).hexdigest()
    (folder / "manifest.toml").write_text(
        f'[[seed]]\nid = "000"\nfile = "000_fixture.txt"\ntitle = "t"\npublisher = "p"\n'
        f'date = "2025-01-01"\nurl = "https://example.org/"\nsha256 = "{digest}"\n',
        encoding="utf-8")
    if decisions is not None:
        (folder / "not-terms.toml").write_text(decisions, encoding="utf-8")
    return folder


def test_validate_reports_an_undecided_candidate(tmp_path: Path, make_glossary):
    glossary = make_glossary({"product": GOOD})
    seeds = _seeds(tmp_path / "seeds", '[[candidate]]\ntext = "910C"\nreason = "part of a name"\n')
    assert validate(str(glossary), str(seeds)) == []  # the check is asked for
    messages = [str(p) for p in validate(str(glossary), str(seeds), candidates=True)]
    expected = (f"{seeds / '000_fixture.txt'}:2: -: undecided candidate term '“星河”计划' "
                f"(programme, 1x): add a glossary entry, or record it in "
                f"{seeds / 'not-terms.toml'} with the reason it is not a term")
    assert messages == [expected]


def test_validate_reports_a_stale_decision_and_a_missing_reason(tmp_path: Path, make_glossary):
    glossary = make_glossary({"product": GOOD})
    seeds = _seeds(tmp_path / "seeds", '[[candidate]]\ntext = "910C"\nreason = "part of a name"\n'
                   '\n[[candidate]]\ntext = "“星河”计划"\n\n'
                   '[[candidate]]\ntext = "旧名"\nreason = "generic phrase"\n')
    messages = [str(p) for p in validate(str(glossary), str(seeds), candidates=True)]
    path = seeds / "not-terms.toml"
    stale = f"{path}:8: -: 旧名: no longer a candidate in the seeds; remove this stale decision"
    assert messages == [f"{path}:5: -: “星河”计划: a reason is required", stale]


def test_gdterms_validate_checks_candidates_unless_told_not_to(tmp_path: Path, make_glossary,
                                                                 run_cli):
    glossary = make_glossary({"product": GOOD})
    seeds = _seeds(tmp_path / "seeds", None)
    code, out, _ = run_cli("validate", "--glossary", str(glossary), "--seeds", str(seeds),
                           "--tm", str(tmp_path / "no-tm"))
    assert code == 1
    assert "undecided candidate term '910C'" in out
    assert "undecided candidate term '“星河”计划'" in out
    code, out, _ = run_cli("validate", "--glossary", str(glossary), "--seeds", str(seeds),
                           "--tm", str(tmp_path / "no-tm"), "--no-candidates")
    assert (code, out) == (0, "")


def test_every_candidate_of_the_seeds_is_decided():
    """The shipped decision: every candidate of the five seeds is an entry or a recorded
    not-term, and no record is stale."""
    from conftest import GLOSSARY_DIR, SEEDS_DIR

    problems = validate(str(GLOSSARY_DIR), str(SEEDS_DIR), candidates=True)
    assert [str(problem) for problem in problems] == []
