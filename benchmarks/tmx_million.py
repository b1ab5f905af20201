"""Write 1,000,000 synthetic TUs to TMX and read them back: ours, a bare baseline, translate-toolkit.

The bare baseline is the floor for any lxml-based streaming implementation: plain f-string
writes with minimal escaping, and lxml iterparse reading each ``<tu>``'s (language, text) pairs
with no checks at all (no namespaces, inline markup, header or language selection).
translate-toolkit builds the whole document as an lxml tree (``lisa.LISAfile``). The formats
issue's targets are measured against both: at least 8x faster than translate-toolkit, within
1.5x of the bare baseline, peak memory under 100 MB.

Our reader takes a fast path for files our writer produced (see guangdong_terms/formats/tmx.py)
and lxml iterparse for any other TMX; ``ours-lxml`` times that general path on the same file,
so the gain of the fast path is on record, not assumed.

Each contestant runs in its own subprocess, so its peak resident memory (ru_maxrss) is its
own, and runs --repeat times, interleaved with the others, keeping its fastest run as timeit
does: on a shared 2-core VM the same run's time varies by a third.

    python benchmarks/tmx_million.py [--units 1000000] [--repeat 3] [--skip-toolkit]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from typing import Any


def units(count: int) -> Iterator[Any]:
    from guangdong_terms.core.bilingual import Unit

    for n in range(count):
        yield Unit(f"u{n}", f"粤港澳大湾区国际科技创新中心第{n}号句子，含<标记>&符号。",
                   f"Sentence {n} of the Greater Bay Area centre, with <markup> & symbols.")


def write_ours(path: str, count: int) -> None:
    from guangdong_terms.formats.tmx import write_tmx

    with open(path, "w", encoding="utf-8") as handle:
        write_tmx(handle, units(count))


def read_ours(path: str) -> int:
    from guangdong_terms.formats.tmx import read_tmx_segments

    return sum(1 for _ in read_tmx_segments(path))


def read_ours_lxml(path: str) -> int:
    from guangdong_terms.formats.tmx import _read_with_lxml

    return sum(1 for _ in _read_with_lxml(path, None))


def write_bare(path: str, count: int) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        handle.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header '
                     'srclang="zh-CN"/><body>\n')
        for unit in units(count):
            source = unit.source.replace("&", "&amp;").replace("<", "&lt;")
            target = unit.target.replace("&", "&amp;").replace("<", "&lt;")
            handle.write(f'<tu tuid="{unit.id}"><tuv xml:lang="zh-CN"><seg>{source}</seg></tuv>'
                         f'<tuv xml:lang="en"><seg>{target}</seg></tuv></tu>\n')
        handle.write("</body></tmx>\n")


def read_bare(path: str) -> int:
    from lxml import etree

    found = 0
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    for _, element in etree.iterparse(path, tag="tu"):
        pairs = [(tuv.get(lang), tuv[0].text) for tuv in element]  # read back, minimally
        found += len(pairs) == 2
        element.clear(keep_tail=True)
        while element.getprevious() is not None:
            del element.getparent()[0]
    return found


def write_toolkit(path: str, count: int) -> None:
    from translate.storage import tmx

    store = tmx.tmxfile(sourcelanguage="zh-CN", targetlanguage="en")
    for unit in units(count):
        store.addtranslation(unit.source, "zh-CN", unit.target, "en")
    store.savefile(path)


def read_toolkit(path: str) -> int:
    from translate.storage import tmx

    return len(tmx.tmxfile.parsefile(path).units)


CONTESTANTS: dict[str, tuple[Callable[[str, int], None], Callable[[str], int]]] = {
    "bare": (write_bare, read_bare),
    "ours": (write_ours, read_ours),
    "ours-lxml": (write_ours, read_ours_lxml),
    "toolkit": (write_toolkit, read_toolkit),
}


def child(name: str, path: str, count: int) -> None:
    write, read = CONTESTANTS[name]
    start = time.perf_counter()
    write(path, count)
    written = time.perf_counter()
    found = read(path)
    done = time.perf_counter()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"write": written - start, "read": done - written, "seconds": done - start,
                      "peak_mb": peak_mb, "units": found, "bytes": os.path.getsize(path)}))


def run(name: str, count: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        result = subprocess.run([sys.executable, __file__, "--child", name, "--units",
                                 str(count), "--path", os.path.join(folder, "x.tmx")],
                                capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-toolkit", action="store_true")
    parser.add_argument("--child")
    parser.add_argument("--path")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.path, args.units)
        return
    names = ["bare", "ours", "ours-lxml"] + ([] if args.skip_toolkit else ["toolkit"])
    best: dict[str, dict[str, float]] = {}
    for _ in range(args.repeat):
        for name in names:
            result = run(name, args.units)
            if name not in best or result["seconds"] < best[name]["seconds"]:
                best[name] = result
    print(f"{args.units:,} TUs written to TMX and read back (fastest of {args.repeat} runs)")
    print(f"  {'':<10} {'total':>8}  {'write':>7}  {'read':>7}  {'peak':>9}  {'TUs read':>9}  file")
    for name, r in best.items():
        print(f"  {name:<10} {r['seconds']:7.2f}s  {r['write']:6.2f}s  {r['read']:6.2f}s  "
              f"{r['peak_mb']:6.1f} MB  {r['units']:>9,}  {r['bytes'] / 1e6:.1f} MB")
    mine, floor = best["ours"], best["bare"]
    ratio = mine["seconds"] / floor["seconds"]
    print(f"ours / bare baseline time: {ratio:.2f}x (target <= 1.5x: "
          f"{'met' if ratio <= 1.5 else 'MISSED'})")
    general = best["ours-lxml"]["seconds"] / floor["seconds"]
    print(f"ours with the lxml path (any TMX) / bare baseline time: {general:.2f}x")
    print(f"ours peak memory: {mine['peak_mb']:.0f} MB (target < 100 MB: "
          f"{'met' if mine['peak_mb'] < 100 else 'MISSED'})")
    if "toolkit" in best:
        speedup = best["toolkit"]["seconds"] / mine["seconds"]
        print(f"translate-toolkit / ours time: {speedup:.1f}x (target >= 8x: "
              f"{'met' if speedup >= 8 else 'MISSED'})")
        slow = best["toolkit"]["seconds"] / best["ours-lxml"]["seconds"]
        print(f"translate-toolkit / ours with the lxml path: {slow:.1f}x")


if __name__ == "__main__":
    main()
