"""Term notes on translation-memory matches (issue 15 part 3): the glossary terms of the query
with their preferred English, and warnings where a match's target uses a form to avoid or lacks
a term, both ways round; the same judgement as check_translation, from the same code."""

from __future__ import annotations

import subprocess
import sys
import tomllib

import pytest
from conftest import DATA, REPO, SEEDS_DIR
from hypothesis import given, settings
from hypothesis import strategies as st

from guangdong_terms import Glossary, check_translation, find_terms
from guangdong_terms.core.matchnotes import term_notes
from guangdong_terms.core.model import TermNote

GBA = "guangdong-hong-kong-macao-greater-bay-area"
GBA_EN = "Guangdong-Hong Kong-Macao Greater Bay Area"


def test_terms_of_a_chinese_query_with_their_preferred_english():
    notes, warnings = term_notes("粤港澳大湾区建设加快，原生鸿蒙操作系统全面商用",
                                 "The Greater Bay Area is being built faster, and HarmonyOS "
                                 "NEXT is in full commercial use.")
    assert notes == (TermNote("粤港澳大湾区", GBA_EN, GBA),
                     TermNote("原生鸿蒙", "HarmonyOS NEXT", "harmonyos-next"))
    assert warnings == ()  # an accepted alternative (Greater Bay Area) is no problem


def test_a_traditional_query_keeps_its_own_forms():
    notes, _ = term_notes("鴻蒙作業系統全面商用", "HarmonyOS is in full commercial use.",
                          source_lang="zh-TW")
    assert notes == (TermNote("鴻蒙作業系統", "HarmonyOS", "harmonyos"),)


def test_a_form_to_avoid_in_the_target_is_named():
    _, warnings = term_notes("鸿蒙操作系统全面商用", "The Hongmeng OS is in full use.")
    assert warnings == (('The target writes "Hongmeng OS", a form to avoid for 鸿蒙操作系统 '
                        '(harmonyos); use "HarmonyOS".'),)


def test_a_term_the_target_lacks_is_named_with_what_to_use():
    # The stored sentence was about the Greater Bay Area; the query adds HarmonyOS.
    notes, warnings = term_notes("大湾区鸿蒙生态加快发展",
                                 "The Greater Bay Area ecosystem is developing faster.")
    assert [note.term_id for note in notes] == [GBA, "harmonyos"]
    assert warnings == (('The target has no accepted English for 鸿蒙 (harmonyos): use '
                        '"HarmonyOS".'),)


def test_english_query_chinese_target():
    notes, warnings = term_notes("the Greater Bay Area and HarmonyOS", "大湾区加快发展",
                                 source_lang="en", target_lang="zh-CN")
    # The Chinese a translator writes: the alias a short form stands for, or the head form.
    assert notes == (TermNote("大湾区", GBA_EN, GBA),
                     TermNote("鸿蒙操作系统", "HarmonyOS", "harmonyos"))
    assert warnings == (('The target has no accepted Chinese for "HarmonyOS" (harmonyos): use '
                        '"鸿蒙操作系统" or "鸿蒙".'),)


def test_traditional_targets_get_their_region_forms_and_warnings():
    notes, warnings = term_notes("the Greater Bay Area", "粤港澳大湾区", source_lang="en",
                                 target_lang="zh-TW")
    assert notes == (TermNote("大灣區", GBA_EN, GBA),)
    assert warnings == ((f'The target writes the Simplified "粤港澳大湾区" for "Greater Bay Area" '
                        f'({GBA}) in zh-TW text; use "粵港澳大灣區" or "大灣區".'),)
    notes, warnings = term_notes("a brain-computer interface", "腦機接口研究",
                                 source_lang="en", target_lang="zh-TW")
    assert notes == (TermNote("腦機介面", "brain-computer interface", "brain-computer-interface"),)
    assert warnings == (('The target writes "腦機接口", another region\'s form, for '
                        '"brain-computer interface" (brain-computer-interface) in zh-TW text; '
                        'use "腦機介面".'),)


def test_no_terms_no_notes_and_other_language_pairs_have_none():
    assert term_notes("今天天气很好", "The weather is fine today.") == ((), ())
    assert term_notes("粤港澳大湾区", "大灣區", source_lang="zh-CN", target_lang="zh-HK") == ((), ())


def test_a_glossary_of_ones_own():
    tiny = Glossary.load(str(DATA / "golden" / "glossary"), seeds_dir=str(SEEDS_DIR))
    notes, warnings = term_notes("大洋钻探船“梦想”号正式入列", "The drilling vessel Dream was "
                                 "commissioned.", glossary=tiny)
    assert [note.term_id for note in notes] == ["meng-xiang-drilling-vessel"]
    assert warnings == (('The target writes "Dream", a form to avoid for 大洋钻探船“梦想”号 '
                        '(meng-xiang-drilling-vessel); use "Meng Xiang".'),)


def _seed_pairs() -> list[tuple[str, str]]:
    pairs = []
    for path in sorted((REPO / "tm").glob("*.toml")):
        with path.open("rb") as file:
            pairs += [(s["zh"], s["en"]) for s in tomllib.load(file)["segment"]]
    return pairs


PAIRS = _seed_pairs()


@given(st.sampled_from(PAIRS), st.sampled_from(PAIRS))
@settings(max_examples=60, deadline=None)
def test_notes_agree_with_check_translation_on_any_query_and_match(query_pair, match_pair):
    """A query (one seed sentence) against a match's target (another's English, or its own):
    the warnings are check_translation's issues, one for one, and the notes are the terms
    find_terms finds, once each, in order."""
    for query, target in ((query_pair[0], match_pair[1]), (query_pair[0], query_pair[1])):
        notes, warnings = term_notes(query, target)
        assert len(warnings) == len(check_translation(query, target))
        assert [note.term_id for note in notes] == list(dict.fromkeys(
            hit.term.id for hit in find_terms(query)))
        assert all(note.english == hit.term.en for note in notes
                   for hit in find_terms(query) if hit.term.id == note.term_id)
    english, chinese = query_pair[1], match_pair[0]
    _, warnings = term_notes(english, chinese, source_lang="en", target_lang="zh-CN")
    assert len(warnings) == len(check_translation(english, chinese, source_lang="en",
                                                  target_lang="zh-CN"))


@pytest.mark.parametrize("module", ["guangdong_terms.core.matchnotes"])
def test_importing_the_notes_loads_no_heavy_module(module):
    code = (f"import sys, {module}; heavy = {{'ahocorasick_rs', 'pypinyin', 'opencc', "
            "'sqlite3', 'json'}; print(sorted(heavy & set(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"
