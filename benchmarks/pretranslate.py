"""What pre-translation costs beyond the memory searches it makes.

Builds a PO catalogue and an XLIFF 1.2 file of N units from the shipped segments (a third
exact, a third with the last two characters changed, a third shuffled: no match), then times,
in the same run and against the same memory (the shipped segments and glossary pairs in a
temporary SQLite file):

* the bare searches: ``TranslationMemory.search`` for every unit, with its previous unit;
* ``pretranslate_file`` on the PO and on the XLIFF (reading, locating, searching, placing
  codes, splicing, the atomic write).

It prints milliseconds per unit and the ratio pretranslate / bare searches: the overhead of
everything that is not the memory.

    python benchmarks/pretranslate.py [--units 3000]
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from xml.sax.saxutils import escape

import polib

from guangdong_terms.formats import read_bilingual
from guangdong_terms.memory.store import TranslationMemory
from guangdong_terms.operations.pretranslating import pretranslate_file


def queries(sources: list[str], count: int) -> list[str]:
    random.seed(15)
    made = []
    for number in range(count):
        text = random.choice(sources)
        if number % 3 == 1:
            text = text[:-2] + "产业"
        elif number % 3 == 2:
            text = "".join(random.sample(text, len(text)))
        made.append(text)
    return made


def write_po(path: str, texts: list[str]) -> None:
    catalogue = polib.POFile(wrapwidth=0)
    catalogue.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "en",
                          "PO-Revision-Date": "2026-01-01 00:00+0000"}
    for number, text in enumerate(texts):
        catalogue.append(polib.POEntry(msgctxt=f"u{number}", msgid=text, msgstr=""))
    catalogue.save(path)


def write_xliff(path: str, texts: list[str]) -> None:
    units = "".join(f'      <trans-unit id="u{number}">\n        <source>{escape(text)}'
                    f'<x id="END"/></source>\n      </trans-unit>\n'
                    for number, text in enumerate(texts))
    with open(path, "w", encoding="utf-8") as handle:
        handle.write('<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" '
                     'xmlns="urn:oasis:names:tc:xliff:document:1.2">\n  <file '
                     'source-language="zh-CN" target-language="en" datatype="plaintext" '
                     f'original="bench">\n    <body>\n{units}    </body>\n  </file>\n</xliff>\n')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=3000)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="gdterms-pretranslate-")
    with TranslationMemory.open(os.path.join(folder, "memory.sqlite3")) as memory:
        memory.export(os.path.join(folder, "shipped.tmx"))
        sources = [segment.source for segment
                   in read_bilingual(os.path.join(folder, "shipped.tmx")).segments
                   if len(segment.source) > 8]
        texts = queries(sources, args.units)
        po, xliff = os.path.join(folder, "bench.po"), os.path.join(folder, "bench.xlf")
        write_po(po, texts)
        write_xliff(xliff, texts)
        memory.search(texts[0])  # warm-up: caches, OpenCC

        start = time.perf_counter()
        found = 0
        previous = None
        for text in texts:
            found += bool(memory.search(text, min_score=75, limit=1, previous=previous))
            previous = text
        bare = time.perf_counter() - start

        timings = {}
        for name, path in (("PO", po), ("XLIFF 1.2", xliff)):
            start = time.perf_counter()
            report = pretranslate_file(path, memory, output=path + ".out")
            timings[name] = time.perf_counter() - start
            filled = len(report.filled)
            assert filled == found, (name, filled, found)
            print(f"  {name:<10} {args.units:>7,} units  {timings[name]:7.2f} s  "
                  f"{timings[name] / args.units * 1000:6.2f} ms/unit  filled {filled:,} "
                  f"({report.confirmed:,} translated, {report.for_review:,} for review)")
    print(f"  bare searches {args.units:>4,} units  {bare:7.2f} s  "
          f"{bare / args.units * 1000:6.2f} ms/unit  matched {found:,}")
    for name, seconds in timings.items():
        print(f"ratio pretranslate {name} / bare searches: {seconds / bare:.2f}")


if __name__ == "__main__":
    main()
