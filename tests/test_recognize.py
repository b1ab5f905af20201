"""Term recognition: leftmost-longest against a brute-force reference, folding, Traditional."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from guangdong_terms.core.recognize import TermFinder, variants


def _record(position: int, zh: str, aliases: tuple[str, ...] = (), hk: str | None = None,
            tw: str | None = None) -> dict[str, object]:
    return {"id": f"t{position}", "zh": zh, "aliases": list(aliases), "zh_hk": hk or zh,
            "zh_tw": tw or zh, "aliases_hk": list(aliases), "aliases_tw": list(aliases)}


def _reference_longest(patterns: set[str], text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    while start < len(text):
        ends = [start + len(p) for p in patterns if text.startswith(p, start)]
        if ends:
            spans.append((start, max(ends)))
            start = max(ends)
        else:
            start += 1
    return spans


ALPHABET = "国家知识产权局大湾区"
words = st.text(ALPHABET, min_size=1, max_size=5)


@settings(max_examples=300, deadline=None)
@given(patterns=st.sets(words, min_size=1, max_size=8), text=st.text(ALPHABET, max_size=40))
def test_leftmost_longest_equals_brute_force(patterns, text):
    # pyahocorasick's iter_long once missed 知识产权 in 国家知识产权 (issue #133); ours is checked
    # against the definition on random pattern sets.
    finder = TermFinder([_record(i, p) for i, p in enumerate(sorted(patterns))])
    found = [(start, end) for start, end, _, _ in _find(finder, text)]
    assert found == _reference_longest(patterns, text)


@settings(max_examples=200, deadline=None)
@given(patterns=st.sets(words, min_size=1, max_size=8), text=st.text(ALPHABET, max_size=40))
def test_overlapping_finds_every_occurrence(patterns, text):
    finder = TermFinder([_record(i, p) for i, p in enumerate(sorted(patterns))])
    found = {(start, end) for start, end, _, _ in _find(finder, text, overlapping=True)}
    expected = {(s, s + len(p)) for p in patterns for s in range(len(text))
                if text.startswith(p, s)}
    assert found == expected


def _find(finder: TermFinder, text: str, *, overlapping: bool = False) -> list[tuple]:
    """(start, end, record position, form) of each hit: find_terms given positions as terms."""
    hits = finder.find_terms(text, [None] * len(finder._records), lambda position: position,
                             overlapping=overlapping)
    return [(hit.start, hit.end, hit.term, hit.form) for hit in hits]


def test_nested_terms_leftmost_longest_and_all():
    finder = TermFinder([_record(0, "知识产权"), _record(1, "国家知识产权局")])
    assert [h[:3] for h in _find(finder, "在国家知识产权局")] == [(1, 8, 1)]
    every = [h[:2] for h in _find(finder, "在国家知识产权局", overlapping=True)]
    assert every == [(1, 8), (3, 7)]


def test_traditional_forms_and_aliases_are_in_the_automaton():
    finder = TermFinder([_record(0, "鸿蒙操作系统", hk="鴻蒙操作系統", tw="鴻蒙作業系統"),
                         _record(1, "梦想号", aliases=("“梦想”号",))])
    text = "鴻蒙作業系統、鴻蒙操作系統、大洋钻探船“梦想”号、梦想号、「夢想」號"
    hits = [(text[h[0]:h[1]], h[2]) for h in _find(finder, text)]
    assert hits == [("鴻蒙作業系統", 0), ("鴻蒙操作系統", 0), ("“梦想”号", 1), ("梦想号", 1)]


def test_width_case_and_roman_numerals_fold():
    finder = TermFinder([_record(0, "鹏城云脑Ⅲ"), _record(1, "昇腾910C芯片")])
    text = "鹏城云脑III、鹏城云脑Ⅲ、昇腾９１０Ｃ芯片、昇腾910c芯片"
    spans = [(text[h[0]:h[1]], h[2]) for h in _find(finder, text)]
    assert spans == [("鹏城云脑III", 0), ("鹏城云脑Ⅲ", 0), ("昇腾９１０Ｃ芯片", 1),
                     ("昇腾910c芯片", 1)]


def test_latin_terms_respect_word_boundaries():
    finder = TermFinder([_record(0, "EDA")])
    assert [h[0] for h in _find(finder, "板级EDA工具，EDAX不是，READ也不是")] == [2]


def test_spelling_variants_cover_width_case_dashes_and_quotes():
    finder = TermFinder([_record(0, "深圳—香港—广州创新集群"), _record(1, "梦想号", ("“梦想”号",)),
                         _record(2, "PCT国际专利申请量")])
    text = "深圳-香港-广州创新集群，「梦想」号，ｐｃｔ国际专利申请量，pct国际专利申请量"
    assert [h[2] for h in _find(finder, text)] == [0, 1, 2, 2]


def test_variant_count_is_bounded():
    assert len(variants("“A-B”C-D“E”F ＧＨ")) <= 200


def test_find_terms_leaves_the_garbage_collector_as_it_found_it(shipped):
    import gc

    assert gc.isenabled()
    assert shipped.find_terms("鸿蒙操作系统")
    assert gc.isenabled()
    gc.disable()
    try:
        shipped.find_terms("鸿蒙操作系统")
        assert not gc.isenabled()
    finally:
        gc.enable()
