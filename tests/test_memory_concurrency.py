"""Several processes read a memory while another imports 100,000 units into it: every read
sees the memory from before the import or after it, never part of it (issue 15, part 5)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from guangdong_terms import TranslationMemory
from guangdong_terms.core.bilingual import Unit
from guangdong_terms.formats.tmx import write_tmx

UNITS = 100_000
READERS = 2

READER = """
import sys, time
from pathlib import Path
from guangdong_terms import TranslationMemory

path, stop, out = sys.argv[1:4]
rows = []
with TranslationMemory.open(path, shipped=False) as tm:
    while not Path(stop).exists():
        stats = tm.stats()
        matches = tm.search("第42个科技创新平台建设项目", min_score=60, limit=1)
        rows.append(f"{time.time()} {stats.units} {stats.claims} {len(matches)}")
        time.sleep(0.01)  # two cores: leave the importer some
Path(out).write_text("\\n".join(rows), encoding="utf-8")
"""


def _units(count: int, offset: int = 0) -> list[Unit]:
    return [Unit(str(n), f"第{n}个科技创新平台建设项目", f"innovation platform project {n}")
            for n in range(offset, offset + count)]


def test_readers_see_before_or_after_an_import(tmp_path: Path) -> None:
    path = tmp_path / "tm.sqlite3"
    small, big = tmp_path / "small.tmx", tmp_path / "big.tmx"
    with small.open("w", encoding="utf-8") as handle:
        write_tmx(handle, _units(1000))
    with big.open("w", encoding="utf-8") as handle:
        write_tmx(handle, _units(UNITS, offset=1000))
    with TranslationMemory.open(path, shipped=False) as tm:
        before = tm.add_file(small).added
    after = before + UNITS

    stop = tmp_path / "stop"
    outputs = [tmp_path / f"reader{n}.txt" for n in range(READERS)]
    readers = [subprocess.Popen([sys.executable, "-c", READER, str(path), str(stop), str(out)])
               for out in outputs]
    try:
        time.sleep(1.0)  # the readers are reading before the import starts
        with TranslationMemory.open(path, shipped=False) as tm:
            started = time.time()
            report = tm.add_file(big)
            finished = time.time()
        time.sleep(1.0)  # and after it ends
    finally:
        stop.touch()
        for reader in readers:
            assert reader.wait(timeout=120) == 0
    assert report.added == UNITS

    during = 0
    seen: set[int] = set()
    for out in outputs:
        for row in out.read_text(encoding="utf-8").splitlines():
            stamp, units, claims, found = row.split()
            assert int(units) in (before, after), row
            assert int(claims) == int(units), row  # one snapshot per read
            assert found == "1", row  # the first import's unit is found throughout
            seen.add(int(units))
            during += started < float(stamp) < finished
    assert seen == {before, after}
    assert during >= READERS  # the readers did read while the import ran
