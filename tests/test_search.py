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


# --- Search that forgives, and stays precise (docs/curators/decisions.md, "Search scoring") ----------

@pytest.mark.parametrize(("query", "term_id", "field", "score"), [
    ("the Greater Bay Area", GBA, "en_alternative", 98.0),     # article dropped
    ("Greater Bay Area's", GBA, "en_alternative", 98.0),       # possessive dropped
    ("The Greater Bay Area’s", GBA, "en_alternative", 98.0),   # both, curly apostrophe
    ("Open Harmony", "openharmony", "en", 96.0),               # spacing: OpenHarmony
    ("harmony os next", "harmonyos-next", "en", 96.0),      # spacing: HarmonyOS NEXT
    ("Péngchéng Laboratory", "peng-cheng-laboratory", "en_alternative", 98.0),  # tone marks
    ("Hóngméng OS", "harmonyos", "en_avoid", 78.4),            # tone marks; a form to avoid
    ("粤港澳 大湾区", GBA, "zh", 100.0),                         # spaces inside Chinese
])
def test_search_forgives_articles_possessives_spacing_and_tones(query, term_id, field, score):
    first = search(query, limit=3)[0]
    assert (first.term.id, first.field, first.score) == (term_id, field, score), first


def test_typing_a_form_to_avoid_exactly_reports_that_form():
    # The same words as HarmonyOS's letters, but the user typed the avoided "Harmony OS":
    # the hit says so (80, en_avoid) rather than the 96 of a spacing match on "HarmonyOS".
    first = search("harmony os", limit=1)[0]
    assert (first.term.id, first.field, first.text, first.score) == (
        "harmonyos", "en_avoid", "Harmony OS", 80.0)


@pytest.mark.parametrize(("query", "term_id"), [
    ("guangzou", "guangzhou-laboratory"),             # 8 letters: one edit of Guangzhou
    ("gaungzou", "guangzhou-laboratory"),             # 8 letters: a swap and a deletion
    ("nuetrino", "jiangmen-underground-neutrino-observatory"),  # a swap is one edit
    ("shenzen", "national-supercomputing-center-in-shenzhen"),  # 7 letters: one edit
    ("guangzhou laboratry", "guangzhou-laboratory"),  # one misspelt word of two
    ("chuangban", "star-market"),                     # pinyin typed as typed still exact
])
def test_search_corrects_typos_within_the_allowance(query, term_id):
    first = search(query, limit=3)[0]
    assert first.term.id == term_id, search(query, limit=3)
    if query != "chuangban":
        assert 0 < first.score <= 25, first


@pytest.mark.parametrize("query", [
    "shnzen",       # 6 letters, two edits from Shenzhen: one is allowed
    "gaungzuo",     # 8 letters, three edits from Guangzhou: two are allowed
    "labz",         # "lab" has 3 letters: short words are never corrected
    "Ascend 910B",  # words with digits are never corrected (910B is another chip)
])
def test_search_does_not_correct_beyond_the_allowance(query):
    assert search(query, limit=5) == [], search(query, limit=5)
    assert search("guangzou")  # the allowance exists at all


def test_a_typo_hit_scores_a_quarter_of_the_corrected_query_and_ranks_the_same():
    exact, typo = search("guangzhou", limit=8), search("guangzou", limit=8)
    assert [m.term.id for m in typo] == [m.term.id for m in exact]
    assert [m.score for m in typo] == [round(m.score * 0.25, 1) for m in exact]


def test_typo_hits_rank_below_every_hit_as_typed():
    # British and American spellings are one swap apart: "centre" finds "center"-only terms,
    # but only after every term that has "centre" as typed.
    hits = search("centre", limit=400)
    typed = [m for m in hits if "centre" in _english_forms(m.term)]
    corrected = [m for m in hits if "centre" not in _english_forms(m.term)]
    assert typed and corrected
    assert all("center" in _english_forms(m.term) for m in corrected)
    assert max(m.score for m in corrected) <= 25 < min(m.score for m in typed)
    assert hits.index(corrected[0]) == len(typed)


def _english_forms(term):
    return " ".join([term.en, *term.en_alternatives, *term.en_avoid]).lower()


def test_gba_finds_the_english_abbreviation_not_pinyin_across_syllables():
    # 科创板 Kē-chuàng-bǎn has the letters "gba" only across syllables (chuanG-BAn) and
    # 四梁八柱 across liànG-BA; neither is a syllable start. "GBA" is the accepted English
    # of 粤港澳大湾区, so that is what gba finds, then the forms that contain the abbreviation.
    hits = search("gba", limit=10)
    assert (hits[0].term.id, hits[0].field, hits[0].text, hits[0].score) == (
        GBA, "en_alternative", "GBA", 100.0)
    assert {"star-market", "four-beams-and-eight-pillars"}.isdisjoint(m.term.id for m in hits)
    from guangdong_terms.core.search import english_words

    assert all("gba" in english_words(m.text) for m in hits), hits
    # From a syllable start, pinyin and initials still match.
    assert search("chuangban", limit=1)[0].term.id == "star-market"
    assert search("kcb", limit=1)[0].field == "initials"


#: Ordinary English words in no form of the glossary (checked below), and the score none of
#: their hits may exceed: whatever they find is a typo guess, which scores 25 at most.
ORDINARY_WORDS = ("banana", "weather", "quickly", "yesterday", "kitchen", "pencil", "elephant",
                  "umbrella", "guitar", "coffee", "water", "planet", "purple", "chocolate",
                  "monkey", "tiger", "mother", "father", "sleepy", "holiday")
PRECISION_THRESHOLD = 30.0


def test_ordinary_words_score_no_higher_than_the_precision_threshold():
    from guangdong_terms import Glossary
    from guangdong_terms.core.search import english_words, toneless

    glossary = Glossary.load()
    vocabulary = {word for term in glossary
                  for form in (term.en, *term.en_alternatives, *term.en_avoid)
                  for word in english_words(form)}
    pinyin = [toneless(term.pinyin) for term in glossary]
    assert len(set(ORDINARY_WORDS)) == 20
    for word in ORDINARY_WORDS:
        assert not any(known.startswith(word) for known in vocabulary), word
        assert not any(word in flat for flat in pinyin), word
    found = {word: search(word, limit=50) for word in ORDINARY_WORDS}
    assert all(m.score <= PRECISION_THRESHOLD for hits in found.values() for m in hits), found
    # Some of them are one edit from a glossary word, so the typo path is what is held here.
    assert [m.term.id for m in found["weather"]] == ["white-feather-broilers"]
