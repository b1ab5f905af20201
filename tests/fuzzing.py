"""Fuzzing every reader: random bytes and mutated valid files, nothing but FormatError escapes.

Shared by the suite (tests/test_fuzz.py, a short run) and the long run recorded in
docs/curators/fuzzing.md::

    python tests/fuzzing.py --examples 10000   # per reader and strategy

Each case runs under a time limit (hypothesis' deadline) and, in the long run, the whole
process under a memory limit (RLIMIT_AS).
"""

from __future__ import annotations

import contextlib
import os
import random
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guangdong_terms.formats import FORMATS, FormatError

HERE = Path(__file__).resolve().parent
DEADLINE_MS = 2000


def readers() -> dict[str, Callable[[str], object]]:
    """Every reader of the registry, each made to read a whole file."""
    found: dict[str, Callable[[str], object]] = {}
    for name, fmt in FORMATS.items():
        if fmt.read_segments is not None:
            read = fmt.read_segments
            found[f"{name}:segments"] = lambda path, read=read: list(read(path).segments)
        if fmt.read_glossary is not None:
            found[f"{name}:glossary"] = fmt.read_glossary
    return found


def samples(folder: Path) -> dict[str, bytes]:
    """Valid files to mutate, by extension (XLIFF samples under one key each)."""
    return {path.suffix if path.suffix != ".xlf" else path.name: path.read_bytes()
            for path in sorted(folder.iterdir())}


def write_samples(folder: Path) -> None:
    """Small valid files of every format, from the fixture glossary of the golden files."""
    from guangdong_terms import Glossary, export

    folder.mkdir(parents=True, exist_ok=True)
    glossary = Glossary.load(str(HERE / "data" / "golden" / "glossary"),
                             seeds_dir=str(HERE.parent / "seeds"))
    for name, extension in (("tmx", ".tmx"), ("tbx", ".tbx"), ("tbx-omegat", ".martif"),
                            ("po", ".po"), ("mo", ".mo"), ("csv", ".csv"), ("tsv", ".tsv"),
                            ("json", ".json"), ("jsonl", ".jsonl"), ("omegat", ".utf8")):
        export(name, str(folder / f"sample{extension}"), glossary=glossary, segments=[])
    for source in ("realworld/inline20.xlf", "realworld/angular.zh-CN.xlf"):
        data = (HERE / "data" / source).read_bytes()
        (folder / f"sample-{Path(source).stem}.xlf").write_bytes(data)


_ATTRIBUTE = re.compile(rb'\s[\w:-]+="[^"]*"')
_ENCODINGS = ("utf-16", "utf-16-le", "utf-32", "gb18030", "big5", "latin-1", "utf-8-sig")


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One of the ways real files go wrong: cut short, an attribute dropped, a tag broken,
    bytes flipped, re-encoded, a line doubled."""
    kind = rng.randrange(6)
    if kind == 0 and data:
        return data[:rng.randrange(len(data))]
    if kind == 1:
        attributes = list(_ATTRIBUTE.finditer(data))
        if attributes:
            hit = rng.choice(attributes)
            return data[:hit.start()] + data[hit.end():]
    if kind == 2 and data:
        at = rng.randrange(len(data))
        return data[:at] + rng.choice([b"<", b">", b"&", b'"', b"]]>", b"\x00", b"&x;"]) + data[at:]
    if kind == 3 and data:
        buffer = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            buffer[rng.randrange(len(buffer))] = rng.randrange(256)
        return bytes(buffer)
    if kind == 4:
        try:
            return data.decode("utf-8", errors="replace").encode(rng.choice(_ENCODINGS),
                                                                  errors="replace")
        except (UnicodeError, LookupError):
            return data
    lines = data.split(b"\n")
    at = rng.randrange(len(lines))
    return b"\n".join([*lines[:at], lines[at], *lines[at:]])


def read_or_refuse(reader: Callable[[str], object], data: bytes, suffix: str) -> None:
    """Read *data* as a file; only FormatError may escape."""
    handle, path = tempfile.mkstemp(suffix=suffix)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        with contextlib.suppress(FormatError):  # the one documented refusal
            reader(path)
    finally:
        os.unlink(path)


_SUFFIX = {"tmx": ".tmx", "tbx": ".tbx", "tbx-omegat": ".tbx", "po": ".po", "pot": ".pot",
           "mo": ".mo", "csv": ".csv", "tsv": ".tsv", "json": ".json", "jsonl": ".jsonl",
           "omegat": ".utf8", "xliff": ".xlf"}
_SAMPLE_OF = {"tbx-omegat": ".martif", "pot": ".po", "xliff": ".xlf"}


def fuzz(examples: int, pool: dict[str, bytes]) -> dict[str, int]:
    """Run *examples* random-bytes and *examples* mutation cases per reader over the valid
    files in *pool*; returns the cases run per reader. An exception other than FormatError
    fails (hypothesis shrinks it first)."""
    run: dict[str, int] = {}
    xliff = [data for key, data in pool.items() if key.endswith(".xlf")]
    for label, reader in readers().items():
        name = label.split(":")[0]
        suffix = _SUFFIX[name]
        sample_suffix = _SAMPLE_OF.get(name, suffix)
        valid = [pool[sample_suffix]] if sample_suffix in pool else xliff
        count = {"n": 0}
        options = settings(max_examples=examples, deadline=DEADLINE_MS, database=None,
                           suppress_health_check=list(HealthCheck))
        random_bytes, mutated = _cases(reader, suffix, valid, count)
        options(given(st.binary(max_size=4096))(random_bytes))()
        options(given(st.integers(min_value=0, max_value=2**32),
                      st.integers(min_value=1, max_value=4))(mutated))()
        run[label] = count["n"]
    return run


def _cases(reader: Callable[[str], object], suffix: str, valid: list[bytes],
           count: dict[str, int]) -> tuple[Callable[[bytes], None], Callable[[int, int], None]]:
    def random_bytes(data: bytes) -> None:
        count["n"] += 1
        read_or_refuse(reader, data, suffix)

    def mutated(seed: int, rounds: int) -> None:
        count["n"] += 1
        rng = random.Random(seed)
        data = rng.choice(valid)
        for _ in range(rounds):
            data = mutate(data, rng)
        read_or_refuse(reader, data, suffix)

    return random_bytes, mutated




if __name__ == "__main__":
    import argparse
    import resource
    import time

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=10_000)
    parser.add_argument("--memory-mb", type=int, default=1024)
    options_ = parser.parse_args()
    limit = options_.memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    with tempfile.TemporaryDirectory() as scratch:
        write_samples(Path(scratch))
        started = time.perf_counter()
        cases = fuzz(options_.examples, samples(Path(scratch)))
    for label, number in cases.items():
        print(f"{label:24} {number:8} cases")
    print(f"all readers             {sum(cases.values()):8} cases, no escape but FormatError, "
          f"{time.perf_counter() - started:.0f} s, memory limit {options_.memory_mb} MB",
          file=sys.stdout)
