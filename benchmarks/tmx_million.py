"""Write 1,000,000 synthetic TUs to TMX and read them back: ours, a bare baseline, translate-toolkit.

Each contestant runs in its own subprocess, so its peak resident memory (ru_maxrss) is its
own. The bare baseline is the floor for any streaming implementation: plain f-string writes
with minimal escaping, and lxml iterparse reading each ``<tu>``'s (language, text) pairs with
no checks at all (no namespaces, inline markup, header or language selection). translate-toolkit builds
the whole document as an lxml tree (``lisa.LISAfile``), which is what the formats issue's
targets are measured against.

Targets: at least 8x faster than translate-toolkit, within 1.5x of the bare baseline, peak
memory under 100 MB.

    python benchmarks/tmx_million.py [--units 1000000] [--skip-toolkit]
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


def units(count: int):  # noqa: ANN201 - a generator of Units
    from guangdong_terms.units import Unit

    for n in range(count):
        yield Unit(f"u{n}", "segment", f"粤港澳大湾区国际科技创新中心第{n}号句子，含<标记>&符号。",
                   f"Sentence {n} of the Greater Bay Area centre, with <markup> & symbols.")


def ours(path: str, count: int) -> int:
    from guangdong_terms.formats.tmx import read_tmx_segments, write_tmx

    with open(path, "w", encoding="utf-8") as handle:
        write_tmx(handle, units(count))
    return sum(1 for _ in read_tmx_segments(path))


def bare(path: str, count: int) -> int:
    from lxml import etree

    with open(path, "w", encoding="utf-8") as handle:
        handle.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header '
                     'srclang="zh-CN"/><body>\n')
        for unit in units(count):
            source = unit.source.replace("&", "&amp;").replace("<", "&lt;")
            target = unit.target.replace("&", "&amp;").replace("<", "&lt;")
            handle.write(f'<tu tuid="{unit.id}"><tuv xml:lang="zh-CN"><seg>{source}</seg></tuv>'
                         f'<tuv xml:lang="en"><seg>{target}</seg></tuv></tu>\n')
        handle.write("</body></tmx>\n")
    found = 0
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    for _, element in etree.iterparse(path, tag="tu"):
        pairs = [(tuv.get(lang), tuv[0].text) for tuv in element]  # read back, minimally
        found += len(pairs) == 2
        element.clear(keep_tail=True)
        while element.getprevious() is not None:
            del element.getparent()[0]
    return found


def toolkit(path: str, count: int) -> int:
    from translate.storage import tmx

    store = tmx.tmxfile(sourcelanguage="zh-CN", targetlanguage="en")
    for unit in units(count):
        store.addtranslation(unit.source, "zh-CN", unit.target, "en")
    store.savefile(path)
    return len(tmx.tmxfile.parsefile(path).units)


def child(name: str, path: str, count: int) -> None:
    start = time.perf_counter()
    found = {"ours": ours, "bare": bare, "toolkit": toolkit}[name](path, count)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "units": found,
                      "bytes": os.path.getsize(path)}))


def run(name: str, count: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        result = subprocess.run([sys.executable, __file__, "--child", name, "--units",
                                 str(count), "--path", os.path.join(folder, "x.tmx")],
                                capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=1_000_000)
    parser.add_argument("--skip-toolkit", action="store_true")
    parser.add_argument("--child")
    parser.add_argument("--path")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.path, args.units)
        return
    names = ["bare", "ours"] + ([] if args.skip_toolkit else ["toolkit"])
    results = {name: run(name, args.units) for name in names}
    print(f"{args.units:,} TUs written to TMX and read back")
    for name, r in results.items():
        print(f"  {name:<8} {r['seconds']:8.2f} s  {r['peak_mb']:8.1f} MB peak  "
              f"{r['units']:>9,} TUs read  {r['bytes'] / 1e6:7.1f} MB file")
    mine, floor = results["ours"], results["bare"]
    ratio = mine["seconds"] / floor["seconds"]
    print(f"ours / bare baseline time: {ratio:.2f}x (target <= 1.5x: "
          f"{'met' if ratio <= 1.5 else 'MISSED'})")
    print(f"ours peak memory: {mine['peak_mb']:.0f} MB (target < 100 MB: "
          f"{'met' if mine['peak_mb'] < 100 else 'MISSED'})")
    if "toolkit" in results:
        speedup = results["toolkit"]["seconds"] / mine["seconds"]
        print(f"translate-toolkit / ours time: {speedup:.1f}x (target >= 8x: "
              f"{'met' if speedup >= 8 else 'MISSED'})")


if __name__ == "__main__":
    main()
