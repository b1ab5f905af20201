"""How long one `search_records` call takes over the shipped glossary, and `gdterms search`.

Target (search issue, part 7): `gdterms search` stays interactive, under 100 ms for a typo
query. In-process: the first query pays for building every record's keys (cached after);
warm queries are what a long-running caller pays. A typo query (`guangzou`) also imports
rapidfuzz the first time. Medians of --runs runs are reported.

    python benchmarks/search.py [--runs 21]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

QUERIES = ("dawanqu", "gba", "the Greater Bay Area's", "neutrino", "湾区", "guangzou",
           "guangzhou laboratry", "banana")

COLD = (
    "import time; t = time.perf_counter(); "
    "from guangdong_terms.core import compiled; "
    "from guangdong_terms.core.search import search_records; "
    "search_records(compiled.records(), {query!r}); print(time.perf_counter() - t)"
)


def _median_ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:7.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    runs = parser.parse_args().runs

    from guangdong_terms.core import compiled
    from guangdong_terms.core.search import search_records

    records = compiled.records()
    search_records(records, "guangzou")  # keys built, rapidfuzz imported
    print(f"warm, in-process ({len(records)} records):")
    for query in QUERIES:
        samples = []
        for _ in range(runs):
            start = time.perf_counter()
            search_records(records, query)
            samples.append(time.perf_counter() - start)
        print(f"  {query!r:28} {_median_ms(samples)}")

    print("cold, one query in a new interpreter (import, load, keys, search):")
    for query in ("dawanqu", "guangzou"):
        samples = [float(subprocess.run([sys.executable, "-c", COLD.format(query=query)],
                                        capture_output=True, text=True, check=True).stdout)
                   for _ in range(max(3, runs // 3))]
        print(f"  {query!r:28} {_median_ms(samples)}")

    gdterms = shutil.which("gdterms", path=os.path.dirname(sys.executable))
    if gdterms:
        print("`gdterms search QUERY`, whole process:")
        for query in ("dawanqu", "guangzou"):
            samples = []
            for _ in range(max(3, runs // 3)):
                start = time.perf_counter()
                subprocess.run([gdterms, "search", query], capture_output=True, check=False)
                samples.append(time.perf_counter() - start)
            print(f"  {query!r:28} {_median_ms(samples)}")


if __name__ == "__main__":
    main()
