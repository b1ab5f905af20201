"""How fast `gdterms lookup` and `lookup()` start, against a bare interpreter in the same run.

Targets (layered-layout issue): `gdterms lookup 鸿蒙操作系统` under 2x `python -c pass`;
`import guangdong_terms` plus one `lookup()` in at most 15 ms in-process. Runs alternate
between the commands so that machine noise hits them alike; medians are reported.

The floor is printed too: the console-script wrapper pip writes imports `re` and `sys` before
any code of ours runs, so `python -c "import re, sys"` is the fastest any console script can
start here; "ours" is what our code adds on top of it.

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
    commands = {
        "bare": [sys.executable, "-c", "pass"],
        "floor": [sys.executable, "-c", "import re, sys"],
        "lookup": [script, "lookup", "鸿蒙操作系统"],
    }
    for argv in (*commands.values(), commands["lookup"]):  # warm caches, write .pyc files
        wall(argv)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, argv in commands.items():
            times[name].append(wall(argv))
    in_process = [
        float(subprocess.run([sys.executable, "-c", IN_PROCESS], check=True, capture_output=True,
                             text=True, env=ENV).stdout)
        for _ in range(runs)
    ]
    bare, floor, lookup = (statistics.median(times[name]) * 1000 for name in commands)
    api_ms = statistics.median(in_process) * 1000
    ratio = lookup / bare
    print(f"runs: {runs} each, medians")
    print(f"python -c pass                 {bare:7.1f} ms")
    print(f"python -c 'import re, sys'     {floor:7.1f} ms   (the console-script floor: "
          f"{floor / bare:.2f}x)")
    print(f"gdterms lookup 鸿蒙操作系统     {lookup:7.1f} ms   (ours above the floor: "
          f"{lookup - floor:.1f} ms)")
    print(f"ratio lookup / bare start      {ratio:7.2f}x   (target < 2x: "
          f"{'met' if ratio < 2 else 'MISSED'})")
    print(f"import + lookup() in-process   {api_ms:7.1f} ms   (target <= 15 ms: "
          f"{'met' if api_ms <= 15 else 'MISSED'})")


if __name__ == "__main__":
    main()
