"""Peak memory of `gdterms check` on a large XLIFF and a large TMX (target: under 60 MB at
300 MB of file), beside the peak of `python -c pass` measured in the same run.

    python benchmarks/check_memory.py [--megabytes 300]

The files are written to a temporary folder and removed. Peaks are each process's own VmHWM
(ru_maxrss would count the parent's memory from before exec).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time

UNIT_XLIFF = ('<trans-unit id="u{n}"><source>原生鸿蒙操作系统全面商用，粤港澳大湾区建设纵深推进。</source>'
              '<target state="translated">Native HarmonyOS is in full commercial use, and the '
              'Guangdong-Hong Kong-Macao Greater Bay Area advanced.</target></trans-unit>\n')
UNIT_TMX = ('<tu tuid="u{n}">\n  <tuv xml:lang="zh-CN"><seg>原生鸿蒙操作系统全面商用，粤港澳大湾区建设纵深推进。'
            '</seg></tuv>\n  <tuv xml:lang="en-US"><seg>Native HarmonyOS is in full commercial '
            'use, and the Guangdong-Hong Kong-Macao Greater Bay Area advanced.</seg></tuv>\n</tu>\n')

XLIFF_HEAD = ('<xliff version="1.2"><file source-language="zh-CN" target-language="en-US" '
              'datatype="plaintext" original="x"><body>\n')
XLIFF_TAIL = "</body></file></xliff>\n"
TMX_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="x" '
            'creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="zh-CN" '
            'datatype="plaintext"/><body>\n')
TMX_TAIL = "</body></tmx>\n"

PEAK = ("import sys\n{code}\n"
        "print(next(l for l in open('/proc/self/status') if l.startswith('VmHWM')).split()[1],"
        " file=sys.stderr)")


def peak_kb(code: str) -> int:
    result = subprocess.run([sys.executable, "-c", PEAK.format(code=code)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            check=False)
    return int(result.stderr.strip().splitlines()[-1])


def write(path: str, head: str, unit: str, tail: str, megabytes: int) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(head)
        number = 0
        while handle.tell() < megabytes * 1024 * 1024:
            handle.writelines(unit.format(n=number + k) for k in range(1000))
            number += 1000
        handle.write(tail)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=300)
    megabytes = parser.parse_args().megabytes
    bare = peak_kb("pass")
    print(f"python -c pass                     peak {bare / 1024:6.1f} MB")
    with tempfile.TemporaryDirectory() as folder:
        for name, head, unit, tail in (("xliff", XLIFF_HEAD, UNIT_XLIFF, XLIFF_TAIL),
                                       ("tmx", TMX_HEAD, UNIT_TMX, TMX_TAIL)):
            path = os.path.join(folder, f"big.{'xlf' if name == 'xliff' else name}")
            write(path, head, unit, tail, megabytes)
            size = os.path.getsize(path) / 1024 / 1024
            started = time.perf_counter()
            peak = peak_kb(f"from guangdong_terms.cli import main\nmain(['check', {path!r}])")
            seconds = time.perf_counter() - started
            verdict = "met" if peak / 1024 < 60 else "MISSED"
            print(f"gdterms check {name:5} {size:6.0f} MB  peak {peak / 1024:6.1f} MB in "
                  f"{seconds:5.0f} s   (target < 60 MB: {verdict})")
            os.unlink(path)


if __name__ == "__main__":
    main()
