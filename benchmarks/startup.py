"""How fast `gdterms lookup` starts, against `python -c pass` measured in the same run.

Targets (foundation issue): the command under 3x a bare interpreter start; `import
guangdong_terms` plus one exact lookup under 50 ms in-process. Runs alternate between the two
commands so that machine noise hits both alike; medians are reported.

    python benchmarks/startup.py [--runs 31]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

IN_PROCESS = (
    "import time; t = time.perf_counter(); import guangdong_terms; "
    "assert guangdong_terms.lookup('鸿蒙操作系统') is not None; "
    "print(time.perf_counter() - t)"
)


# Measure what a user's machine does: with bytecode caches. A development shell that sets
# PYTHONDONTWRITEBYTECODE would make every run recompile the package from source.
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def wall(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=ENV)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=31)
    runs = parser.parse_args().runs
    script = shutil.which("gdterms", path=os.path.dirname(sys.executable)) or shutil.which(
        "gdterms")
    if script is None:
        sys.exit("gdterms is not installed beside this interpreter: pip install -e . first")
    bare = [sys.executable, "-c", "pass"]
    lookup = [script, "lookup", "鸿蒙操作系统"]
    for argv in (bare, lookup, lookup):  # warm the file cache and write the .pyc files
        wall(argv)
    bare_times, lookup_times = [], []
    for _ in range(runs):
        bare_times.append(wall(bare))
        lookup_times.append(wall(lookup))
    in_process = [
        float(subprocess.run([sys.executable, "-c", IN_PROCESS], check=True, capture_output=True,
                             text=True, env=ENV).stdout)
        for _ in range(runs)
    ]
    bare_ms = statistics.median(bare_times) * 1000
    lookup_ms = statistics.median(lookup_times) * 1000
    api_ms = statistics.median(in_process) * 1000
    ratio = lookup_ms / bare_ms
    print(f"runs: {runs} each, medians")
    print(f"python -c pass                 {bare_ms:7.1f} ms")
    print(f"gdterms lookup 鸿蒙操作系统     {lookup_ms:7.1f} ms")
    print(f"ratio lookup / bare start      {ratio:7.2f}x   (target < 3x: "
          f"{'met' if ratio < 3 else 'MISSED'})")
    print(f"import + lookup() in-process   {api_ms:7.1f} ms   (target < 50 ms: "
          f"{'met' if api_ms < 50 else 'MISSED'})")


if __name__ == "__main__":
    main()
