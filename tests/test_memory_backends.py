"""One suite, both backends: what a translation memory does must not depend on where it lives.

Every test here runs twice, on an SQLite file and on a database of a real PostgreSQL server
(tests/postgres.py), through the public ``TranslationMemory``. The last test holds both to an
exhaustive scan with the same scorer on about 20,000 units (issue 16, part 3).
"""

from __future__ import annotations

import importlib.util
import random
import sys

import pytest
from conftest import REPO
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from guangdong_terms.memory import keys
from guangdong_terms.memory.scoring import score
from guangdong_terms.memory.store import TranslationMemory


@pytest.fixture(params=["sqlite", "postgresql"])
def memory_location(request, tmp_path):
    """Where a fresh memory lives: an SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "memory.sqlite3")
    return request.getfixturevalue("postgres_url")


def _tmx(path, pairs, *, source_lang="zh-CN"):
    body = "".join(
        f'<tu tuid="t{number}"><tuv xml:lang="{source_lang}"><seg>{source}</seg></tuv>'
        f'<tuv xml:lang="en"><seg>{target}</seg></tuv></tu>\n'
        for number, (source, target) in enumerate(pairs, 1))
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header '
                    'creationtool="t" creationtoolversion="1" datatype="plaintext" '
                    f'segtype="sentence" adminlang="en" srclang="{source_lang}" o-tmf="t"/>'
                    f"<body>\n{body}</body></tmx>\n", encoding="utf-8")
    return path


PAIRS = [
    ("广州全球独角兽上榜企业24家", "Guangzhou has 24 companies on the global unicorn list"),
    ("粤港澳大湾区国际科技创新中心建设加快推进",
     "Building the Greater Bay Area's international innovation hub is speeding up"),
    ("鸿蒙操作系统", "HarmonyOS"),
    ("深圳市人工智能产业规模持续扩大", "Shenzhen's artificial intelligence industry keeps growing"),
]


def test_import_search_and_reimport(memory_location, tmp_path):
    memory = _tmx(tmp_path / "memory.tmx", PAIRS)
    with TranslationMemory.open(memory_location, shipped=False) as tm:
        report = tm.add_file(memory)
        assert (report.segments, report.added) == (4, 4)
        again = tm.add_file(memory)  # replaces its own claims: nothing new, nothing doubled
        assert again.segments == 4
        stats = tm.stats()
        assert (stats.units, stats.claims, stats.origins) == (4, 4, 1)
        exact = tm.search("鸿蒙操作系统")
        assert [(m.score, m.target, m.origins[0].unit_id) for m in exact] == [
            (100, "HarmonyOS", "t3")]
        fuzzy = tm.search("广州全球独角兽榜上企业共24家", min_score=70)
        assert [m.source for m in fuzzy] == [PAIRS[0][0]]
        assert 75 <= fuzzy[0].score < 99
        assert tm.search("完全无关的句子内容", min_score=70) == []


def test_traditional_queries_find_simplified_units(memory_location, tmp_path):
    with TranslationMemory.open(memory_location, shipped=False) as tm:
        tm.add_file(_tmx(tmp_path / "memory.tmx", PAIRS))
        found = tm.search("粵港澳大灣區國際科技創新中心建設加快推進")
    assert [(m.score, m.via_traditional) for m in found] == [(100, True)]


def test_delete_origin_keeps_units_another_origin_claims(memory_location, tmp_path):
    first = _tmx(tmp_path / "first.tmx", PAIRS[:3])
    second = _tmx(tmp_path / "second.tmx", PAIRS[2:])
    with TranslationMemory.open(memory_location, shipped=False) as tm:
        tm.add_file(first)
        assert tm.add_file(second).added == 1
        harmony = tm.search("鸿蒙操作系统")[0]
        assert len(harmony.origins) == 2
        assert tm.delete_origin(first) == 3
        stats = tm.stats()
        assert (stats.units, stats.claims, stats.origins) == (2, 2, 1)
        assert [m.origin for m in tm.search("鸿蒙操作系统")] == [str(second)]


def test_scopes_decide_what_a_query_reads(memory_location, tmp_path):
    shared = _tmx(tmp_path / "shared.tmx", PAIRS[:2])
    news = _tmx(tmp_path / "news.tmx", [("广州全球独角兽上榜企业24家", "24 unicorns in Guangzhou")])
    with TranslationMemory.open(memory_location, shipped=False) as tm:
        tm.add_file(shared)
        tm.add_file(news, scope="project:news")

        def targets(scopes):
            return sorted(m.target for m in tm.search(PAIRS[0][0], scopes=scopes))

        assert targets(None) == sorted(["24 unicorns in Guangzhou", PAIRS[0][1]])
        assert targets(["shared"]) == [PAIRS[0][1]]
        assert targets(["project:news"]) == ["24 unicorns in Guangzhou"]
        assert targets(["shared", "project:news"]) == targets(None)
        assert targets(["project:other"]) == []


def test_unreviewed_units_are_penalised(memory_location, tmp_path):
    po = tmp_path / "fuzzy.po"
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
                  '"Language: en\\n"\n\n#, fuzzy\nmsgid "鸿蒙操作系统"\nmsgstr "Harmony OS"\n',
                  encoding="utf-8")
    with TranslationMemory.open(memory_location, shipped=False) as tm:
        report = tm.add_file(po, source_lang="zh-CN", target_lang="en")
        assert report.unreviewed == 1
        found = tm.search("鸿蒙操作系统", min_score=0)
    assert [(m.score, m.reviewed) for m in found] == [(70, False)]


def test_concordance_stats_and_export(memory_location, tmp_path):
    with TranslationMemory.open(memory_location, shipped=False) as tm:
        tm.add_file(_tmx(tmp_path / "memory.tmx", PAIRS))
        assert [m.source for m in tm.concordance("科技创新")] == [PAIRS[1][0]]
        assert [m.source for m in tm.concordance("unicorn")] == [PAIRS[0][0]]
        assert [m.diff for m in tm.concordance("科技创新")] == [((8, 12),)]
        assert tm.stats().pairs == (("zh>en", 4),)
        written = tm.export(tmp_path / "out.tmx")
    assert written == 4
    with TranslationMemory.open(tmp_path / "check.sqlite3", shipped=False) as check:
        assert check.add_file(tmp_path / "out.tmx").added == 4


def test_the_shipped_data_is_there_once_and_excludable(memory_location):
    with TranslationMemory.open(memory_location) as tm:
        units = tm.stats().units
        assert units > 300 and tm.search("鸿蒙操作系统")[0].target == "HarmonyOS"
    with TranslationMemory.open(memory_location) as tm:
        assert tm.stats().units == units  # opened again: not added twice
    with TranslationMemory.open(memory_location, shipped=False) as tm:
        assert tm.search("鸿蒙操作系统") == []


# --- the same answers as an exhaustive scan -------------------------------------------------

def _bench_module():
    path = REPO / "benchmarks" / "memory_million.py"
    spec = importlib.util.spec_from_file_location("memory_million", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("memory_million", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus_and_queries(tmp_path_factory):
    """About 20,000 units of the scale benchmark's corpus (2% seed variants, the rest jieba
    words by frequency) and 1,000 queries perturbed from them, none identical to a source."""
    bench = _bench_module()
    seeds = bench.seed_pairs()
    vocabulary = bench.Vocabulary(seeds)
    corpus, is_variant = bench.build_corpus(20_000, random.Random(16), seeds,
                                            bench.glossary_pairs(), vocabulary)
    queries = bench.build_queries(1000, random.Random(1616), corpus, is_variant, vocabulary)
    folder = tmp_path_factory.mktemp("agreement")
    tmx = str(folder / "memory.tmx")
    bench.write_tmx(tmx, corpus, random.Random(7))
    return tmx, queries


def _exhaustive_top(query, units, origin, limit=5, min_score=75):
    """The top *limit* by the memory's own scorer over every unit (a unit whose plain
    similarity is under *min_score* cannot score it: penalties only lower a score)."""
    text = keys.normalise(query)
    query_key = keys.fold_keys([text], "zh-CN")[0]
    plausible = process.extract(query_key, [unit.key for unit in units],
                                scorer=Levenshtein.normalized_similarity,
                                score_cutoff=min_score / 100 - 1e-9, limit=None)
    scored = []
    for _, _, index in plausible:
        unit = units[index]
        result = score(text, query_key, unit.source, unit.key, "zh-CN", reviewed=unit.reviewed)
        if result.score >= min_score:
            scored.append((result.score, unit.source, unit.target, origin))
    scored.sort(key=lambda row: (-row[0], row[1], row[2], row[3]))
    return scored[:limit]


@pytest.mark.slow
def test_top_five_equal_an_exhaustive_scan_on_20000_units(memory_location,
                                                           corpus_and_queries):
    tmx, queries = corpus_and_queries
    with TranslationMemory.open(memory_location, shipped=False) as tm:
        report = tm.add_file(tmx)
        assert report.added > 19_900
        units = list(tm.backend.iter_units())
        with_match = agree = 0
        disagreements = []
        for query in queries:
            truth = _exhaustive_top(query, units, report.origin)
            found = [(m.score, m.source, m.target, m.origin)
                     for m in tm.search(query, min_score=75, limit=5)]
            with_match += bool(truth)
            if found == truth:
                agree += 1
            else:
                disagreements.append((query, truth[:1], found[:1]))
    print(f"{memory_location.split(':')[0]}: {agree}/1000 agree, {with_match} with a match")
    assert with_match >= 800, with_match
    assert agree >= 990, disagreements[:5]
