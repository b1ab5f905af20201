"""The team translation memory on PostgreSQL beside SQLite, in one run (issue 16, part 6).

1. The scale benchmark's corpus (benchmarks/memory_million.py: 2% seed variants, the rest
   sentences of jieba words by frequency, written as Trados writes TMX) imported into a
   PostgreSQL database and into an SQLite file, through the same ``TranslationMemory.add_file``:
   import time and database size for each.
2. The same queries (perturbed corpus segments, none identical to a source) on both:
   ``search(q, min_score=75, limit=5)``, p50 and p95 latency, and how often the two backends'
   top matches agree (same scorer: they should, up to candidates one index misses).
3. Eight clients at once for a fixed time, each its own process with its own connection:
   four import overlapping files (each unit in two of them) again and again, four search.
   Throughput (units imported per second, searches per second) and search latency under that
   load; afterwards every unit of every file is checked to be stored exactly once and every
   file's claims to be there exactly once.

Without ``--url`` the run starts a throwaway cluster (tests/postgres.py: initdb -E UTF8
--locale=C.UTF-8 as the unprivileged postgres user when run as root, a Unix socket) and
removes it afterwards. Timings are this machine's, printed beside each other; nothing is
asserted about them.

    python benchmarks/memory_postgres.py [--segments 1000000] [--queries 1000]
        [--seconds 60] [--file-units 2000] [--workdir DIR] [--url postgresql://...]
        [--skip-sqlite]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import statistics
import sys
import tempfile
import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from multiprocessing.queues import Queue
    from multiprocessing.synchronize import Event, Semaphore

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO, "benchmarks"))
sys.path.insert(0, os.path.join(REPO, "tests"))

import memory_million as corpus_tools  # the scale benchmark's corpus generator

MIN_SCORE = 75
IMPORTERS = 4
SEARCHERS = 4


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


# ------------------------------------------------------------------------ import and search

def import_into(location: str, tmx: str) -> dict[str, Any]:
    from guangdong_terms import TranslationMemory

    start = time.perf_counter()
    with TranslationMemory.open(location, shipped=False) as tm:
        report = tm.add_file(tmx)
        seconds = time.perf_counter() - start
        units = tm.stats().units
    return {"seconds": seconds, "added": report.added, "units": units}


def time_queries(location: str, queries: list[str]) -> dict[str, Any]:
    from guangdong_terms import TranslationMemory

    times: list[float] = []
    tops: list[tuple[int, str, str] | None] = []
    with TranslationMemory.open(location, shipped=False) as tm:
        for query in queries[:20]:  # warm-up: imports, caches, prepared statements
            tm.search(query, min_score=MIN_SCORE, limit=5)
        for query in queries:
            start = time.perf_counter()
            matches = tm.search(query, min_score=MIN_SCORE, limit=5)
            times.append(time.perf_counter() - start)
            tops.append((matches[0].score, matches[0].source, matches[0].target)
                        if matches else None)
    return {"times": times, "tops": tops}


def database_bytes(url: str) -> int:
    import psycopg

    with psycopg.connect(url) as connection:
        row = connection.execute("SELECT pg_database_size(current_database())").fetchone()
    return int(row[0]) if row else 0


# ------------------------------------------------------------------------ eight clients

def write_tmx(path: str, pairs: list[tuple[str, str]]) -> None:
    corpus_tools.write_tmx(path, pairs, random.Random(len(pairs)))


def importer(url: str, files: list[str], seconds: float, ready: Semaphore, go: Event,
             results: Queue[tuple[str, list[Any]]]) -> None:
    """Import *files* round and round for *seconds* after the start signal (finishing the
    import under way; every file at least once)."""
    from guangdong_terms import TranslationMemory

    done: list[tuple[str, float, int]] = []
    with TranslationMemory.open(url, shipped=False) as tm:
        ready.release()
        go.wait()
        deadline = time.time() + seconds
        turn = 0
        while time.time() < deadline or turn < len(files):
            path = files[turn % len(files)]
            start = time.perf_counter()
            report = tm.add_file(path)
            done.append((path, time.perf_counter() - start, report.segments))
            turn += 1
    results.put(("import", done))


def searcher(url: str, queries: list[str], seconds: float, seed: int, ready: Semaphore,
             go: Event, results: Queue[tuple[str, list[Any]]]) -> None:
    """Search random queries for *seconds* after the start signal."""
    from guangdong_terms import TranslationMemory

    rng = random.Random(seed)
    times: list[float] = []
    with TranslationMemory.open(url, shipped=False) as tm:
        ready.release()
        go.wait()
        deadline = time.time() + seconds
        while time.time() < deadline:
            query = rng.choice(queries)
            start = time.perf_counter()
            tm.search(query, min_score=MIN_SCORE, limit=5)
            times.append(time.perf_counter() - start)
    results.put(("search", times))


def concurrent_clients(url: str, workdir: str, args: argparse.Namespace,
                       queries: list[str]) -> dict[str, Any]:
    """Four importers of overlapping files and four searchers, for ``--seconds``."""
    seeds = corpus_tools.seed_pairs()
    vocabulary = corpus_tools.Vocabulary(seeds)
    rng = random.Random(1616)
    size = args.file_units
    files_count = 2 * IMPORTERS
    # Fresh units (not in the memory yet), file n holding units n*size/2 .. n*size/2 + size:
    # every unit but the first and last half-file's is in two files, of two importers.
    pool: list[tuple[str, str]] = []
    seen: set[str] = set()
    while len(pool) < (files_count + 1) * size // 2:
        zh = vocabulary.chinese(rng, corpus_tools.filler_length(rng))
        if zh not in seen:
            seen.add(zh)
            pool.append((zh, vocabulary.english_text(rng, max(2, len(zh) // 2))))
    files = []
    contents: dict[str, list[tuple[str, str]]] = {}
    for number in range(files_count):
        path = os.path.join(workdir, f"team-{number}.tmx")
        chosen = pool[number * size // 2:number * size // 2 + size]
        write_tmx(path, chosen)
        files.append(path)
        contents[os.path.abspath(path)] = chosen
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    ready, go = context.Semaphore(0), context.Event()
    workers = [context.Process(target=importer, args=(url, files[n::IMPORTERS], args.seconds,
                                                      ready, go, results))
               for n in range(IMPORTERS)]
    workers += [context.Process(target=searcher, args=(url, queries, args.seconds, n, ready,
                                                       go, results))
                for n in range(SEARCHERS)]
    for worker in workers:
        worker.start()
    for _ in workers:  # every client started and connected before the clock starts
        ready.acquire()
    start = time.perf_counter()
    go.set()
    collected = [results.get() for _ in workers]
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - start
    imports = [row for kind, rows in collected if kind == "import" for row in rows]
    searches = [value for kind, rows in collected if kind == "search" for value in rows]
    imported_files = {os.path.abspath(path) for path, _, _ in imports}
    return {"elapsed": elapsed, "imports": imports, "searches": searches,
            "check": check_exactly_once(url, {path: contents[path]
                                              for path in imported_files})}


def check_exactly_once(url: str, contents: dict[str, list[tuple[str, str]]]) -> dict[str, Any]:
    """Every unit of every imported file stored once; each file's claims there once each."""
    import psycopg

    expected = {pair for pairs in contents.values() for pair in pairs}
    with psycopg.connect(url) as connection:
        connection.execute("CREATE TEMPORARY TABLE expected (source text, target text)")
        with connection.cursor().copy("COPY expected (source, target) FROM STDIN") as copy:
            for pair in expected:
                copy.write_row(pair)
        row = connection.execute(
            """SELECT count(*) FILTER (WHERE n = 1), count(*) FILTER (WHERE n > 1),
                      count(*) FILTER (WHERE n = 0)
               FROM (SELECT e.source, count(u.id) AS n FROM expected e
                     LEFT JOIN gdterms_unit u ON u.source = e.source AND u.target = e.target
                     GROUP BY e.source, e.target) counted""").fetchone()
        once, duplicated, missing = row if row else (0, 0, 0)
        claims = dict(connection.execute(
            """SELECT o.name, count(c.unit) FROM gdterms_origin o
               LEFT JOIN gdterms_claim c ON c.origin = o.id
               WHERE o.name = ANY(%s) GROUP BY o.name""", (list(contents),)).fetchall())
    wrong_claims = sorted(name for name, pairs in contents.items()
                          if claims.get(name) != len(pairs))
    return {"expected": len(expected), "once": int(once), "duplicated": int(duplicated),
            "missing": int(missing), "files": len(contents), "wrong_claims": wrong_claims}


# ------------------------------------------------------------------------ the run

def run(args: argparse.Namespace, url: str, workdir: str) -> None:
    meta = corpus_tools.prepare(argparse.Namespace(segments=args.segments,
                                                   queries=args.queries), workdir)
    tmx = os.path.join(workdir, "memory.tmx")
    queries = corpus_tools._queries(workdir)
    print(f"corpus: {meta['segments']:,} segments ({meta['variants']:,} seed variants), "
          f"{meta['tmx_bytes'] / 2**20:.0f} MB of TMX; {len(queries):,} queries")

    rows: dict[str, dict[str, Any]] = {}
    backends = [("postgresql", url)]
    if not args.skip_sqlite:
        backends.append(("sqlite", os.path.join(workdir, "memory.sqlite3")))
    for name, location in backends:
        imported = import_into(location, tmx)
        size = (database_bytes(location) if name == "postgresql" else
                sum(os.path.getsize(os.path.join(workdir, f)) for f in os.listdir(workdir)
                    if f.startswith("memory.sqlite3")))
        searched = time_queries(location, queries)
        rows[name] = {**imported, **searched, "bytes": size}

    print("\nimport and search, one client (search: min_score 75, limit 5)")
    print(f"  {'backend':<11} {'import':>10} {'units':>10} {'size':>9} "
          f"{'p50':>11} {'p95':>11} {'with match':>11}")
    for name, row in rows.items():
        matched = sum(top is not None for top in row["tops"])
        print(f"  {name:<11} {row['seconds']:9.1f}s {row['units']:>10,} "
              f"{row['bytes'] / 2**20:7.0f}MB {ms(statistics.median(row['times']))} "
              f"{ms(percentile(row['times'], 0.95))} {matched:>11,}")
    if "sqlite" in rows:
        pg, lite = rows["postgresql"], rows["sqlite"]
        same = sum(a == b for a, b in zip(pg["tops"], lite["tops"], strict=True))
        print(f"  top match identical on both backends: {same:,} of {len(queries):,} queries")
        print(f"  ratio postgresql / sqlite: import {pg['seconds'] / lite['seconds']:.2f}x, "
              f"p50 {statistics.median(pg['times']) / statistics.median(lite['times']):.2f}x, "
              f"p95 {percentile(pg['times'], 0.95) / percentile(lite['times'], 0.95):.2f}x")

    team = concurrent_clients(url, workdir, args, queries)
    imports, searches, check = team["imports"], team["searches"], team["check"]
    units = sum(count for _, _, count in imports)
    import_times = [seconds for _, seconds, _ in imports]
    print(f"\n{IMPORTERS} importers (overlapping files of {args.file_units:,} units) and "
          f"{SEARCHERS} searchers for {team['elapsed']:.1f} s, each its own process")
    print(f"  imports: {len(imports):,} files, {units:,} units, "
          f"{units / team['elapsed']:,.0f} units/s; per file p50 "
          f"{ms(statistics.median(import_times)).strip()}, p95 "
          f"{ms(percentile(import_times, 0.95)).strip()}")
    print(f"  searches: {len(searches):,}, {len(searches) / team['elapsed']:,.1f}/s; "
          f"p50 {ms(statistics.median(searches)).strip()}, "
          f"p95 {ms(percentile(searches, 0.95)).strip()}")
    whole = (check["once"] == check["expected"] and not check["duplicated"]
             and not check["missing"] and not check["wrong_claims"])
    print(f"  exactly once: {check['once']:,} of {check['expected']:,} units of "
          f"{check['files']} files stored once, {check['duplicated']} duplicated, "
          f"{check['missing']} missing, files with wrong claims: "
          f"{len(check['wrong_claims'])} -> {'OK' if whole else 'FAILED'}")
    if not whole:
        sys.exit(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=60.0,
                        help="how long the eight clients run")
    parser.add_argument("--file-units", type=int, default=2000,
                        help="units per file the importers import")
    parser.add_argument("--workdir", help="keep the corpus here (reused when it matches)")
    parser.add_argument("--url", help="an existing, empty PostgreSQL database (libpq URL)")
    parser.add_argument("--skip-sqlite", action="store_true")
    args = parser.parse_args()
    if args.workdir is None:
        with tempfile.TemporaryDirectory(prefix="gdterms-pg-bench-") as workdir:
            args.workdir = workdir
            measure(args)
    else:
        os.makedirs(args.workdir, exist_ok=True)
        measure(args)


def measure(args: argparse.Namespace) -> None:
    workdir = args.workdir
    for leftover in os.listdir(workdir):
        if leftover.startswith(("memory.sqlite3", "team-")):
            os.remove(os.path.join(workdir, leftover))
    if args.url:
        run(args, args.url, workdir)
        return
    from postgres import PostgresCluster

    cluster = PostgresCluster()
    try:
        cluster.start()
        import psycopg

        with psycopg.connect(cluster.url(), autocommit=True) as admin:
            admin.execute("CREATE DATABASE gdterms_bench")
        print(f"PostgreSQL: a throwaway cluster in {cluster.folder} ({cluster.bin_dir}; "
              "fsync and synchronous_commit off, as in the tests)")
        run(args, cluster.url("gdterms_bench"), workdir)
    finally:
        cluster.stop()


if __name__ == "__main__":
    main()
