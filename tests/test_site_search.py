"""The glossary site's search (site_assets/search.js, run in Node.js) ranks exactly as
``gdterms search`` does: 50 queries of every kind through both, top ten compared hit by hit.

The browser scores against keys that ``core.search.client_keys`` computed; this test is what
holds the JavaScript port of the scoring to the Python original. Node.js is required (CI
installs it): the test fails, never skips, without it.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from guangdong_terms.core import compiled
from guangdong_terms.core.search import search_records
from guangdong_terms.operations.site import write_site

QUERIES = [
    # Chinese: exact, alias, partial, near miss by shared characters
    "粤港澳大湾区", "大湾区", "湾区", "鸿蒙", "鸿蒙系统", "中微子", "创新", "实验室", "卓粤计划",
    # Traditional: stored Hong Kong / Taiwan forms, partial, and converted (OpenCC t2s)
    "鴻蒙", "粵港澳大灣區", "灣區", "鴻蒙作業系統", "實驗室", "創新", "廣東強芯", "開源鴻蒙",
    # mixed scripts, in no stored form: converted (OpenCC t2s in Python, its table in the browser)
    "粤港澳大灣區", "江門中微子实验站", "新質生产力",
    # pinyin: toneless, tone numbers, tone marks, spaced, run together, syllable starts
    "dawanqu", "da4 wan1 qu1", "Dàwānqū", "yuegangao dawanqu", "jiangmen zhongweizi",
    "hongmeng", "pengcheng", "zhuoyue", "xinzhi shengchanli", "guangdong qiangxin",
    # initials
    "dwq", "ygadwq", "hm", "xzscl",
    # English: exact, articles and possessives, partial, spacing, forms to avoid
    "HarmonyOS", "Greater Bay Area", "the Greater Bay Area's", "neutrino", "Open Harmony",
    "Hongmeng OS", "Pengcheng", "science city", "new quality productive forces",
    "harmony os next",
    # typos (English and pinyin)
    "guangzou", "nuetrino", "laboratroy", "dawanqv", "hongmen",
    # nothing
    "xyzzyq",
]
assert len(QUERIES) == 50


@pytest.fixture(scope="module")
def node_results(tmp_path_factory):
    node = shutil.which("node")
    assert node, "Node.js is required for the site search test (apt-get install nodejs)"
    site = tmp_path_factory.mktemp("site") / "glossary"
    write_site(str(site))
    script = (
        "const fs = require('fs'), vm = require('vm');"
        "const context = {window: {}}; vm.createContext(context);"
        "vm.runInContext(fs.readFileSync(process.argv[1] + '/search-index.js', 'utf8'), context);"
        "const api = require(process.argv[1] + '/search.js');"
        "const searcher = api.createSearcher(context.window.GDTERMS_INDEX);"
        "const out = {};"
        "for (const q of JSON.parse(process.argv[2])) out[q] = searcher.search(q, 10)"
        ".map(h => [h.term.id, h.score, h.field, h.text]);"
        "console.log(JSON.stringify(out));"
    )
    result = subprocess.run([node, "-e", script, str(site), json.dumps(QUERIES)],
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


@pytest.mark.parametrize("query", QUERIES)
def test_browser_search_ranks_as_python(node_results, query):
    records = compiled.records()
    expected = [[records[hit.position]["id"], hit.score, hit.field, hit.text]
                for hit in search_records(records, query, 10)]
    assert node_results[query] == expected


def test_the_queries_cover_every_kind_of_hit(node_results):
    # A comparison of empty lists proves nothing: most queries find something, of every kind.
    found = [hits for hits in node_results.values() if hits]
    assert len(found) == 49
    fields = {hit[2] for hits in found for hit in hits}
    assert {"zh", "alias", "zh_hk", "alias_hk", "pinyin", "alias_pinyin", "initials",
            "alias_initials", "en", "en_alternative", "en_avoid"} <= fields
    assert any(hit[1] <= 25 for hits in found for hit in hits)  # typo hits
    assert node_results["粤港澳大灣區"][0][:3] == [  # converted from Traditional: 97 % of 100
        "guangdong-hong-kong-macao-greater-bay-area", 97.0, "zh"]
    assert node_results["xyzzyq"] == []
