"""The benchmark scripts still run and measure what they claim, at toy sizes.

No timing is asserted (benchmarks/ print ratios measured in the same run; a test cannot hold a
machine's speed): these runs prove that each script works against the current code and that
every contestant does the whole job, e.g. that each TMX reader reads back every unit written.
"""

from __future__ import annotations

import re
import subprocess
import sys

from conftest import REPO


def _run(script: str, *args: str) -> str:
    result = subprocess.run([sys.executable, str(REPO / "benchmarks" / script), *args],
                            capture_output=True, text=True, check=True, timeout=600)
    return result.stdout


def test_tmx_million_every_contestant_reads_back_every_unit():
    out = _run("tmx_million.py", "--units", "300", "--repeat", "1")
    rows = dict(re.findall(r"(?m)^  (bare|ours|ours-lxml|toolkit) .*?\s([\d,]+)\s+[\d.]+ MB$", out))
    assert rows == {"bare": "300", "ours": "300", "ours-lxml": "300", "toolkit": "300"}, out
    for line in ("ours / bare baseline time:", "ours peak memory:", "translate-toolkit / ours"):
        assert line in out


def test_recognize_finds_the_same_hits_as_the_raw_automaton():
    out = _run("recognize.py", "--megabytes", "0.05")
    ours = re.findall(r"find_terms \(leftmost-longest, TermHit objects\) .*?([\d,]+) hits", out)
    raw = re.findall(r"raw ahocorasick_rs leftmost-longest .*?([\d,]+) hits", out)
    assert len(ours) == len(raw) == 2 and ours == raw, out
    assert "throughput falls" in out


def test_startup_measures_the_command_and_the_import():
    out = _run("startup.py", "--runs", "3")
    assert "ratio lookup / bare start" in out and "import + lookup() in-process" in out


def test_search_benchmark_times_every_query():
    out = _run("search.py", "--runs", "3")
    assert out.count(" ms\n") == 8 + 2 + 2, out
    assert "'guangzou'" in out and "cold, one query in a new interpreter" in out


def test_pretranslate_benchmark_fills_what_the_bare_searches_find():
    out = _run("pretranslate.py", "--units", "30")
    assert re.search(r"(?m)^  PO +30 units .* filled 20 ", out), out
    assert re.search(r"(?m)^  XLIFF 1.2 +30 units .* filled 20 ", out), out
    assert "ratio pretranslate PO / bare searches:" in out
    assert "ratio pretranslate XLIFF 1.2 / bare searches:" in out


def test_memory_postgres_runs_both_backends_and_the_eight_clients():
    """benchmarks/memory_postgres.py at toy size, on its own throwaway PostgreSQL cluster: both
    backends imported and searched, and the eight clients leave every unit exactly once."""
    out = _run("memory_postgres.py", "--segments", "1500", "--queries", "40", "--seconds", "2",
               "--file-units", "100")
    rows = dict(re.findall(r"(?m)^  (postgresql|sqlite) .*?\s([\d,]+)\s+\d+MB", out))
    assert rows == {"postgresql": "1,500", "sqlite": "1,500"}, out
    assert "top match identical on both backends: 40 of 40 queries" in out, out
    assert re.search(r"exactly once: 450 of 450 units of 8 files stored once, 0 duplicated, "
                     r"0 missing, files with wrong claims: 0 -> OK", out), out
    assert re.search(r"imports: [\d,]+ files, [\d,]+ units, [\d,]+ units/s", out), out
    assert re.search(r"searches: [\d,]+, [\d.,]+/s; p50 +[\d.]+ ms, p95", out), out


def test_memory_million_checks_its_corpus_queries_and_agreement():
    out = _run("memory_million.py", "--segments", "2500", "--queries", "60", "--repeat", "1",
               "--toolkit-segments", "2500")
    # The corpus has the required proportions: 2% seed variants, every source distinct.
    assert re.search(r"corpus: 2,500 segments, 50 seed variants \(2\.0%, target 2%: MET\)", out)
    assert "distinct sources (target 2,500: MET)" in out, out
    # The TMX was read back whole by the memory's general reader.
    assert re.search(r"segments read from the TMX: 2,500, units added: 2,500 .*MET", out), out
    # No query is a stored source; at least 70% have an exhaustive match of 75 or more.
    assert "identical to a stored source: 0 (target 0: MET)" in out, out
    share = re.search(r"with an exhaustive match >= 75: (\d+) \(([\d.]+)%, target >= 70%: MET\)",
                      out)
    assert share, out
    # Every contestant timed every query, and ours answered the queries that have a match.
    assert "timed queries: ours 60/60, exhaustive 60/60, toolkit 60/60" in out, out
    answered = re.search(r"answered by ours among queries with an exhaustive match: (\d+)/(\d+)",
                         out)
    assert answered and answered[2] == share[1], out
    agreement = re.search(r"agreement \(.*\): (\d+)/(\d+) = ([\d.]+)%", out)
    assert agreement and agreement[2] == share[1], out
    assert int(agreement[1]) <= int(answered[1]) <= int(answered[2]), out
    # At this size the index misses nothing: every disagreement is a match the number or
    # punctuation penalties took below 75, found again by a lower threshold.
    explained = re.search(r"of the (\d+) disagreements, (\d+) are in the top 10 .*; 0 missed", out)
    assert explained and explained[1] == explained[2], out
    assert int(agreement[2]) - int(agreement[1]) == int(explained[1]), out
    for figure in ("ours p95 latency:", "speed-up over the exhaustive RapidFuzz scan",
                   "speed-up over translate-toolkit's matcher on 2,500 segments", "peak memory",
                   "units not wrapped: TypeError"):
        assert figure in out, out
