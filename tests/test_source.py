"""The glossary source format: parsing, line numbers and structural checks.

Each file in data/bad/ holds one defect and, on its first line, ``# expect: <fragment>`` of the
message it must produce (babel's bad.*.toml cases). The checks run through ``validate`` so that
structural and language checks are exercised together, as a curator meets them.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from conftest import DATA, SEEDS_DIR
from hypothesis import given, settings
from hypothesis import strategies as st

from guangdong_terms import validate
from guangdong_terms.curation.source import dump_entry, dump_file, read_source

BAD_CASES = sorted((DATA / "bad").glob("*.toml"))
GOOD = (DATA / "good" / "product.toml").read_text(encoding="utf-8")


def test_the_good_fixture_is_clean(make_glossary):
    assert validate(str(make_glossary({"product": GOOD})), str(SEEDS_DIR)) == []


@pytest.mark.parametrize("case", BAD_CASES, ids=lambda path: path.stem)
def test_each_bad_file_is_reported_with_its_line(case: Path, make_glossary):
    raw = case.read_bytes()
    expected = raw.split(b"\n", 1)[0].decode("ascii").removeprefix("# expect: ")
    folder = make_glossary({})
    (folder / "product.toml").write_bytes(raw)
    problems = validate(str(folder), str(SEEDS_DIR))
    messages = [str(problem) for problem in problems]
    assert any(expected in message for message in messages), messages
    # Every problem is located: the right file, a real line, formatted FILE:LINE: ID: message.
    for problem in problems:
        assert problem.path == str(folder / "product.toml")
        assert 1 <= problem.line <= raw.count(b"\n") + 1
        assert str(problem).startswith(f"{problem.path}:{problem.line}: ")


def test_problem_lines_point_at_the_offending_key(make_glossary):
    text = GOOD.replace('en_avoid = ["Hongmeng OS"]', 'en_avoid = ["HarmonyOS"]')
    folder = make_glossary({"product": text})
    (problem,) = validate(str(folder), str(SEEDS_DIR))
    line = text.split("\n").index('en_avoid = ["HarmonyOS"]') + 1
    assert (problem.line, problem.term_id) == (line, "harmonyos")


def _second_entry(**changes: str) -> str:
    entry = GOOD.split("\n", 2)[2]  # drop the schema line and the blank line
    for old, new in changes.items():
        entry = entry.replace(old, new)
    return entry


def test_duplicate_ids_across_files_are_reported(make_glossary):
    other = _second_entry(**{'category = "product"': 'category = "programme"'})
    folder = make_glossary({"product": GOOD, "programme": other})
    messages = [p.message for p in validate(str(folder), str(SEEDS_DIR))]
    assert any(m.startswith("duplicate id") for m in messages), messages


def test_two_entries_sharing_a_chinese_form_are_reported(make_glossary):
    other = _second_entry(**{'id = "harmonyos"': 'id = "harmonyos-2"',
                             'en = "HarmonyOS"': 'en = "Harmony Operating System"',
                             'HarmonyOS entered': 'Harmony Operating System entered',
                             '["Hongmeng OS"]': "[]"})
    folder = make_glossary({"product": GOOD + "\n" + other})
    messages = [p.message for p in validate(str(folder), str(SEEDS_DIR))]
    assert any("zh '鸿蒙操作系统' already names 'harmonyos'" in m for m in messages), messages


def test_entries_must_be_sorted_by_id(make_glossary):
    other = _second_entry(**{'id = "harmonyos"': 'id = "aaa-harmony"', 'zh = "鸿蒙操作系统"':
                             'zh = "原生鸿蒙操作系统"', 'en = "HarmonyOS"': 'en = "native HarmonyOS"'})
    folder = make_glossary({"product": GOOD + "\n" + other})
    messages = [p.message for p in validate(str(folder), str(SEEDS_DIR))]
    assert any("sorted by id" in m for m in messages), messages


def test_missing_folder_is_a_problem_not_a_crash(tmp_path):
    problems = validate(str(tmp_path / "nowhere"), str(SEEDS_DIR))
    assert [p.message for p in problems] == ["glossary folder not found"]


def test_dump_file_round_trips_through_the_reader(make_glossary):
    # The canonical writer (used to merge curated batches and by import) must produce text the
    # reader reads back to the same records, notes with newlines and quotes included.
    folder = make_glossary({"product": GOOD})
    (entry,), _ = read_source(str(folder))
    record = dict(entry.record)
    record["notes"] = 'Line one with "quotes" and a \\ backslash.\nLine two.'
    record["overrides"] = {"zh_tw": "Taiwan media write 作業系統 here."}
    text = dump_file("product", [record])
    (folder / "product.toml").write_text(text, encoding="utf-8")
    (again,), problems = read_source(str(folder))
    assert again.record == record
    assert [p for p in problems if "not needed" not in p.message] == []


@settings(max_examples=200, deadline=None)
@given(notes=st.text(), english=st.text(st.characters(blacklist_categories=["Cs"]), min_size=1))
def test_any_string_survives_the_canonical_writer(notes, english):
    # Property: whatever a curator or an import puts in a field, dump_entry writes TOML that
    # tomllib reads back to the same value (quotes, backslashes, control characters, CRLF,
    # emoji, CJK Extension B, right-to-left marks).
    record = {"id": "x", "zh": "中", "en": english, "en_alternatives": [english],
              "notes": notes, "contexts": [{"zh": notes or "中", "seed": "000", "en": english}]}
    parsed = tomllib.loads(dump_entry(record))["term"][0]
    assert parsed["en"] == english and parsed["notes"] == notes
    assert parsed["en_alternatives"] == [english]
    assert parsed["contexts"][0]["zh"] == (notes or "中")


_BAY_AREA = '''[[term]]
id = "guangdong-hong-kong-macao-greater-bay-area"
zh = "粤港澳大湾区"
en = "Guangdong-Hong Kong-Macao Greater Bay Area"
en_alternatives = ["Greater Bay Area"]
en_avoid = []
category = "zone"
pinyin = "Yuè-Gǎng-Ào Dàwānqū"
zh_hk = "粵港澳大灣區"
zh_tw = "粵港澳大灣區"
aliases = ["大湾区"]
aliases_hk = ["大灣區"]
aliases_tw = ["大灣區"]
definition = "The region formed by Hong Kong, Macao and nine Guangdong cities."
notes = ""
en_source = "translated here"
en_source_quote = ""
status = "unverified"

[[term.contexts]]
zh = "“十四五”期间广东全面推动大湾区综合性国家科学中心先行启动区建设。"
seed = "000"
en = "ENGLISH"
'''


def test_an_alias_alone_may_take_an_accepted_alternative(make_glossary):
    # Only the alias 大湾区 names the term: the short form's English is the same concept's.
    english = ("During the 14th Five-Year Plan period, Guangdong pressed ahead with the pilot "
               "zone of the Greater Bay Area Comprehensive National Science Center.")
    folder = make_glossary({"zone": _BAY_AREA.replace("ENGLISH", english)})
    assert validate(str(folder), str(SEEDS_DIR)) == []


def test_an_alias_translated_with_other_english_is_flagged(make_glossary):
    english = ("During the 14th Five-Year Plan period, Guangdong pressed ahead with the pilot "
               "zone of the Bay Area Comprehensive National Science Center.")
    folder = make_glossary({"zone": _BAY_AREA.replace("ENGLISH", english)})
    problems = validate(str(folder), str(SEEDS_DIR))
    assert [problem.message for problem in problems] == [
        ("context 1: alias '大湾区' is translated with neither the preferred English nor an "
        "accepted alternative ('Guangdong-Hong Kong-Macao Greater Bay Area' or 'Greater Bay "
        "Area'); an alias must have the entry's English, or become its own entry linked by a "
        "relation")]
    assert problems[0].line == _BAY_AREA.count("\n", 0, _BAY_AREA.index('en = "ENGLISH"')) + 1


def test_the_full_name_in_a_context_still_needs_the_preferred_english(make_glossary):
    text = _BAY_AREA.replace(
        "“十四五”期间广东全面推动大湾区综合性国家科学中心先行启动区建设。",
        "粤港澳大湾区建设纵深推进,预计大湾区经济总量突破15万亿元").replace('seed = "000"', 'seed = "004"')
    english = "the Greater Bay Area advanced, its output expected to exceed RMB 15 trillion"
    folder = make_glossary({"zone": text.replace("ENGLISH", english)})
    messages = [problem.message for problem in validate(str(folder), str(SEEDS_DIR))]
    assert any("does not use the preferred English" in message for message in messages), messages
