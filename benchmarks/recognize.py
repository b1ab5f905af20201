"""Term recognition throughput: find_terms against raw engines, in the same run.

Annotates ~10 MB of Chinese (the cleaned seed text repeated) with (a) the real glossary and
(b) the real glossary plus 100,000 synthetic terms of 4-12 characters that never occur in the
text (so the hits are the same), and prints MB/s (UTF-8 bytes) and hits beside:

* raw ahocorasick_rs (leftmost-longest, indexes only) over the same patterns,
* raw pyahocorasick ``iter()`` (every overlapping hit, consumed), as peers.md advises,
* a regex alternation (longest first), on the real glossary only (it takes minutes at 100k).

Targets (recognition issue): find_terms within 2x of raw ahocorasick_rs at both sizes, and
find_terms falls less than 2x from the real glossary to 100,000 terms.

    python benchmarks/recognize.py [--megabytes 10]
"""

from __future__ import annotations

import argparse
import random
import re
import time
from collections.abc import Callable

import ahocorasick
import ahocorasick_rs

from guangdong_terms import Glossary
from guangdong_terms.core.recognize import variants
from guangdong_terms.curation.seeds import load_seeds


def corpus(megabytes: float) -> str:
    import os

    import guangdong_terms

    folder = os.path.join(os.path.dirname(guangdong_terms.__file__), "data", "seeds")
    text = "\n".join(seed.text for seed in load_seeds(folder).values())
    repeats = int(megabytes * 1_000_000 / len(text.encode())) + 1
    return text * repeats


def synthetic(count: int, text: str, seed: int = 7) -> list[str]:
    """Random Han strings of 4-12 characters absent from the text."""
    rng = random.Random(seed)
    alphabet = [chr(code) for code in range(0x4E00, 0x9FA5)]
    terms: set[str] = set()
    while len(terms) < count:
        term = "".join(rng.choice(alphabet) for _ in range(rng.randint(4, 12)))
        if term not in text:
            terms.add(term)
    return sorted(terms)


def timed(function: Callable[[], int], repeat: int = 3) -> tuple[float, int]:
    best, hits = float("inf"), 0
    for _ in range(repeat):
        start = time.perf_counter()
        hits = function()
        best = min(best, time.perf_counter() - start)
    return best, hits


def run(label: str, glossary: Glossary, text: str, megabytes: float, regex: bool) -> float:
    patterns = sorted({v for term in glossary for form in term.chinese_forms for v in variants(form)})
    folded = text
    glossary.find_terms("预热")  # build the automaton outside the timing
    rows: list[tuple[str, float, int]] = []
    seconds, hits = timed(lambda: len(glossary.find_terms(text)))
    rows.append(("find_terms (leftmost-longest, TermHit objects)", seconds, hits))
    rs = ahocorasick_rs.AhoCorasick(patterns, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
    seconds, hits = timed(lambda: len(rs.find_matches_as_indexes(folded)))
    rows.append(("raw ahocorasick_rs leftmost-longest", seconds, hits))
    automaton = ahocorasick.Automaton()
    for index, pattern in enumerate(patterns):
        automaton.add_word(pattern, index)
    automaton.make_automaton()
    seconds, hits = timed(lambda: sum(1 for _ in automaton.iter(folded)))
    rows.append(("raw pyahocorasick iter() (overlapping)", seconds, hits))
    if regex:
        compiled = re.compile("|".join(map(re.escape, sorted(patterns, key=len, reverse=True))))
        seconds, hits = timed(lambda: sum(1 for _ in compiled.finditer(folded)), repeat=1)
        rows.append(("regex alternation", seconds, hits))
    print(f"\n{label}: {len(patterns):,} patterns, {megabytes:.1f} MB")
    for name, secs, count in rows:
        print(f"  {name:<50} {megabytes / secs:8.1f} MB/s  {count:>9,} hits")
    ratio = rows[0][1] / rows[1][1]
    print(f"  find_terms / raw ahocorasick_rs time: {ratio:.2f}x (target <= 2x: "
          f"{'met' if ratio <= 2 else 'MISSED'})")
    return megabytes / rows[0][1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=10.0)
    args = parser.parse_args()
    text = corpus(args.megabytes)
    megabytes = len(text.encode()) / 1_000_000
    real = Glossary.load()
    real_speed = run("real glossary", real, text, megabytes, regex=True)
    extra = synthetic(100_000, text)
    records = list(real.records) + [
        {**real.records[0], "id": f"synthetic-{i}", "zh": term, "aliases": [], "zh_hk": term,
         "zh_tw": term} for i, term in enumerate(extra)]
    big_speed = run("real + 100,000 synthetic terms", Glossary(records), text, megabytes,
                    regex=False)
    fall = real_speed / big_speed
    print(f"\nfind_terms throughput falls {fall:.2f}x from the real glossary to 100k terms "
          f"(target < 2x: {'met' if fall < 2 else 'MISSED'})")


if __name__ == "__main__":
    main()
