"""lookup() and search() on the real glossary, as expectation tables (pypinyin's test style)."""

from __future__ import annotations

import pytest

from guangdong_terms import lookup, search

GBA = "guangdong-hong-kong-macao-greater-bay-area"


@pytest.mark.parametrize(("text", "term_id"), [
    ("粤港澳大湾区", GBA),                       # Simplified head form
    ("大湾区", GBA),                             # alias
    ("粵港澳大灣區", GBA),                       # Traditional (Hong Kong and Taiwan alike)
    ("大灣區", GBA),                             # an alias's Traditional form (aliases_hk/tw)
    ("“人工智能+”行動", "ai-plus-initiative"),    # an alias's curated Taiwan form (override)
    ("“人工智慧+”行動", None),                    # ... which is not s2twp's
    ("Guangdong-Hong Kong-Macao Greater Bay Area", GBA),  # preferred English
    ("greater bay area", GBA),                  # accepted alternative, any case
    ("Guangdong–Hong Kong–Macao Greater Bay Area", GBA),  # en dashes
    ("鸿蒙操作系统", "harmonyos"),
    ("鴻蒙作業系統", "harmonyos"),               # Taiwan form from OpenCC s2twp, kept
    ("“梦想”号", "meng-xiang-drilling-vessel"),  # quotation marks optional
    ("梦想号", "meng-xiang-drilling-vessel"),
    ("鹏城云脑III", "peng-cheng-cloud-brain-iii"),  # Ⅲ typed as three letters
    ("昇腾９１０Ｃ芯片", "ascend-910c-chip"),      # full-width digits and letters
])
def test_lookup_finds(text, term_id):
    term = lookup(text)
    assert (term.id if term is not None else None) == term_id


@pytest.mark.parametrize("text", ["", "湾区", "Greater", "not a term", "Hongmeng OS"])
def test_lookup_is_exact_only(text):
    # Partial forms and forms to avoid are search's business, not lookup's.
    assert lookup(text) is None


@pytest.mark.parametrize(("query", "term_id", "field"), [
    ("dawanqu", GBA, "alias_pinyin"),
    ("da4 wan1 qu1", GBA, "alias_pinyin"),
    ("Dàwānqū", GBA, "alias_pinyin"),
    ("yuegangao dawanqu", GBA, "pinyin"),
    ("ygadwq", GBA, "initials"),
    ("湾区", GBA, "alias"),
    ("灣區", GBA, "alias_hk"),                     # Traditional partial, in a stored alias form
    ("大灣區", GBA, "alias_hk"),                   # Traditional alias, exact
    ("jiangmen zhongweizi", "jiangmen-underground-neutrino-observatory", "pinyin"),
    ("neutrino", "jiangmen-underground-neutrino-observatory", "en"),
    ("Hongmeng OS", "harmonyos", "en_avoid"),      # a wrong English leads to the right term
    ("鸿蒙系统", "harmonyos", "zh"),               # near miss by shared characters
])
def test_search_ranks_first(query, term_id, field):
    first = search(query, limit=5)[0]
    assert (first.term.id, first.field) == (term_id, field), search(query, limit=5)


def test_search_is_ranked_limited_and_stable():
    results = search("创新", limit=7)
    assert len(results) == 7
    scores = [match.score for match in results]
    assert scores == sorted(scores, reverse=True)
    assert results == search("创新", limit=7)
    assert search("zzzqqq") == [] and search("", limit=3) == [] and search("创新", limit=0) == []
