"""Traditional aliases (aliases_hk / aliases_tw): lookup, recognition, QA and exports find
大灣區 as they find 大湾区.

Before these fields, ``gdterms lookup 大灣區`` found nothing, annotate found 97 terms in seed 000
converted with s2hk (94 with s2twp) against 114 in the Simplified text, and the zh-HK and zh-TW
TMX exports each failed their own ``gdterms check`` with 8 issues.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from conftest import SEEDS_DIR

from guangdong_terms import Glossary
from guangdong_terms.operations.units import to_variant
from guangdong_terms.text.chinese import to_hk, to_tw

GBA = "guangdong-hong-kong-macao-greater-bay-area"

#: Terms of seed 000 that the Traditional text cannot show in their curated form, because
#: OpenCC converts the running text otherwise: the curated form departs from OpenCC on purpose
#: (an override) or OpenCC converts a character differently inside the longer sentence.
NOT_IN_CURATED_FORM = {
    "zh-HK": {
        "5-0t-whole-body-mri-system",  # curated 磁力共振 (Hong Kong usage), s2hk 磁共振
        "four-chain-integration",  # s2hk writes 资金链 as 資金鍊 in this sentence, 鏈 alone
    },
    "zh-TW": {
        "5-0t-whole-body-mri-system",  # curated 磁振造影, s2twp 磁共振成像裝置
        "four-chain-integration",  # 資金鍊, as above
        # Mainland names kept character by character against s2twp's Taiwan vocabulary:
        # (shenzhen-hong-kong-guangzhou-innovation-cluster, 集群 against s2twp's 叢集, is now
        # found by its alias “深圳—香港—廣州”, which s2twp leaves alone.)
        "national-ai-application-pilot-scale-testing-base",  # 人工智能, s2twp 人工智慧
        "ministry-of-industry-and-information-technology",  # 信息化, s2twp 資訊化
        "data-intellectual-property-pilot",  # 數據知識產權, s2twp 資料智慧財產權
        # Taiwan's spelling 計畫, against s2twp's 計劃:
        "postdoctoral-innovation-platforms-in-100-enterprises-program",
    },
}
CONVERT = {"zh-HK": to_hk, "zh-TW": to_tw}
FIELD = {"zh-HK": "zh_hk", "zh-TW": "zh_tw"}


def test_lookup_finds_a_traditional_alias(run_cli):
    code, out, _ = run_cli("lookup", "大灣區")
    assert code == 0 and out.startswith("粤港澳大湾区")
    code, out, _ = run_cli("lookup", "大灣區", "--json")
    assert code == 0 and json.loads(out)["id"] == GBA


def test_every_alias_form_names_its_own_entry(shipped):
    for term in shipped:
        assert len(term.aliases_hk) == len(term.aliases) == len(term.aliases_tw), term.id
        for form in (*term.aliases_hk, *term.aliases_tw):
            found = shipped.lookup(form)
            assert found is not None and found.id == term.id, (term.id, form)
            assert form in term.chinese_forms


@pytest.fixture(scope="module")
def seed_000(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from guangdong_terms.curation.seeds import load_seeds

    text = load_seeds(str(SEEDS_DIR))["000"].text
    folder = tmp_path_factory.mktemp("seed-000")
    paths = {}
    for variant, convert in (("zh-CN", str), ("zh-HK", to_hk), ("zh-TW", to_tw)):
        paths[variant] = folder / f"{variant}.txt"
        paths[variant].write_text(convert(text), encoding="utf-8")
    return paths


def _annotate(run_cli, path: Path) -> list[dict[str, object]]:
    code, out, _ = run_cli("annotate", str(path), "--format", "json")
    assert code == 0
    hits: list[dict[str, object]] = json.loads(out)
    return hits


@pytest.mark.parametrize("variant", ["zh-HK", "zh-TW"])
def test_annotate_finds_in_traditional_what_it_finds_in_simplified(run_cli, seed_000, variant,
                                                                   shipped):
    simplified = _annotate(run_cli, seed_000["zh-CN"])
    traditional = _annotate(run_cli, seed_000[variant])
    # 114, then the aliases 成果转化 and 高价值专利, and ESI (twice) and 海外维权分中心 (issue 17)
    assert len(simplified) == 119
    ours, theirs = Counter(h["id"] for h in simplified), Counter(h["id"] for h in traditional)
    assert not theirs - ours  # nothing found that the Simplified text does not have
    missing = ours - theirs
    assert set(missing) == NOT_IN_CURATED_FORM[variant]
    assert len(traditional) == len(simplified) - sum(missing.values())
    # Each one is missing because OpenCC's conversion of the sentence's words is not the
    # curated form, never because a curated form was left out of the recogniser.
    convert, field = CONVERT[variant], FIELD[variant]
    for hit in simplified:
        if hit["id"] in missing:
            term = shipped.get(str(hit["id"]))
            curated = term.alias_form(str(hit["form"]), field) if hit["form"] != term.zh else (
                getattr(term, field))
            assert convert(str(hit["text"])) != curated, hit


@pytest.mark.parametrize("variant", ["zh-HK", "zh-TW"])
def test_a_traditional_export_passes_its_own_check(run_cli, tmp_path, variant):
    path = tmp_path / f"{variant}.tmx"
    code, _, _ = run_cli("export", "--format", "tmx", "--source-lang", variant, "-o", str(path))
    assert code == 0
    code, out, err = run_cli("check", str(path))
    assert code == 0, out
    assert "0 issue(s) in 0 segment(s)" in err and "0 untranslated" in err


@pytest.mark.parametrize(("variant", "expected"), [
    ("zh-HK", "“深圳—香港—廣州”創新集羣首次躍居全球第一"),
    ("zh-TW", "“深圳—香港—廣州”創新集群首次躍居全球第一"),  # the alias's override, not 叢集
])
def test_to_variant_writes_an_alias_in_its_curated_form(shipped, variant, expected):
    assert to_variant("“深圳—香港—广州”创新集群首次跃居全球第一", variant, shipped) == expected


def test_alias_form_and_chinese_forms():
    glossary = Glossary.load()
    term = glossary.get("advanced-attosecond-laser-infrastructure")
    assert term.alias_form("先进阿秒激光", "zh_tw") == "先進阿秒激光"  # s2twp: 先進阿秒雷射
    assert term.alias_form("先进阿秒激光", "zh") == "先进阿秒激光"
    assert term.alias_form("not an alias", "zh_hk") == "not an alias"
    assert term.chinese_forms[:2] == ("先进阿秒激光设施", "先进阿秒激光")
