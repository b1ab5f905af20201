"""Compile the curated sources into the data the package ships (``guangdong_terms/data/``).

The build hook (hatch_build.py) calls ``build_package_data`` inside pip's isolated build
environment, which has hatchling and the standard library only: this module and everything it
imports are standard library only (tests/test_packaging.py builds a wheel to prove it). A
glossary or TM with structural, provenance, coverage or number problems is never packaged.
"""

from __future__ import annotations

import json
import os
import shutil
from typing import Any

from ..core.compiled import (
    FAST_INDEX_PATH,
    FORMAT,
    INDEX_FORMAT,
    VERSION,
    build_index,
    fast_index_blob,
)
from ..core.model import GlossaryError
from .journal import refusal
from .seeds import SeedError, load_seeds
from .source import normalise, read_source
from .tm_source import compile_tm
from .validation import check_provenance

__all__ = ["build_package_data", "compile_glossary", "write_compiled", "write_lookup_index"]


def build_package_data(root: str) -> None:
    """Compile ``root/glossary`` (and ``root/tm``) into ``root/guangdong_terms/data``, with a
    copy of the seeds, which PO references and ``gdterms seeds`` read from the installed
    package."""
    data = os.path.join(root, "guangdong_terms", "data")
    seeds = os.path.join(root, "seeds")
    document = compile_glossary(os.path.join(root, "glossary"), seeds)
    write_compiled(document, os.path.join(data, "glossary.json"))
    write_lookup_index(os.path.join(data, "glossary.json"), os.path.join(data, "lookup.json"))
    tm = os.path.join(root, "tm")
    if os.path.isdir(tm):
        write_compiled(compile_tm(tm, load_seeds(seeds)), os.path.join(data, "tm.json"),
                       list_key="segments")
    copied = os.path.join(data, "seeds")
    os.makedirs(copied, exist_ok=True)
    for name in os.listdir(seeds):
        if name.endswith((".txt", ".toml")):
            shutil.copyfile(os.path.join(seeds, name), os.path.join(copied, name))


def compile_glossary(glossary_dir: str, seeds_dir: str) -> dict[str, Any]:
    """The shipped document: every entry of *glossary_dir*, each context located in its seed.

    Raises GlossaryError on any structural or provenance problem: a glossary that fails these
    checks is never packaged; nor is one with an interrupted import pending (its files may be
    half old, half new; ``curation/journal.py``), which the build refuses rather than recovers.
    """
    refused = refusal(glossary_dir)
    if refused:
        raise GlossaryError(refused)
    entries, problems = read_source(glossary_dir)
    try:
        seeds = load_seeds(seeds_dir)
    except SeedError as error:
        raise GlossaryError(str(error)) from None
    if not problems:
        problems = [p for entry in entries for p in check_provenance(entry, seeds)]
    if problems:
        raise GlossaryError(f"{glossary_dir}: {len(problems)} problem(s); not compiled",
                            tuple(problems))
    terms = []
    for entry in sorted(entries, key=lambda e: e.record["id"]):
        record = normalise(entry.record)
        for context in record["contexts"]:
            first, last = seeds[context["seed"]].find_lines(context["zh"]) or (None, None)
            context["line"] = first
            if last != first:  # a sentence the capture broke across lines, rejoined
                context["end_line"] = last
        terms.append(record)
    names = {record["id"]: (record["zh"], record["en"]) for record in terms}
    for record in terms:  # the target's names, for a reader that has only this record
        for relation in record["related"]:
            relation["zh"], relation["en"] = names[relation["id"]]
    return {"format": FORMAT, "version": VERSION, "terms": terms}


def _atomic_write_bytes(path: str, data: bytes) -> None:
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    temporary = f"{path}.tmp{os.getpid()}"
    with open(temporary, "wb") as handle:
        handle.write(data)
    os.replace(temporary, path)


def write_compiled(document: dict[str, Any], path: str, *, list_key: str = "terms") -> None:
    """Write a compiled document atomically, one list item per line.

    The layout (header line, then one record per line) is what lets ``write_lookup_index``
    point at a single record by byte offset.
    """
    head = {key: value for key, value in document.items() if key != list_key}
    lines = [json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1]
             + f',"{list_key}":[']
    items = document[list_key]
    lines += [json.dumps(item, ensure_ascii=False, separators=(",", ":"))
              + ("," if number < len(items) - 1 else "") for number, item in enumerate(items)]
    lines.append("]}")
    _atomic_write_bytes(path, ("\n".join(lines) + "\n").encode("utf-8"))


def write_lookup_index(glossary_path: str, index_path: str) -> None:
    """Write the exact-lookup index: lookup key -> record number, and each record's bytes; and
    its ``marshal`` copy, which the lookup path reads without importing json.

    ``gdterms lookup`` reads this small file and then one line of the glossary, instead of
    parsing the whole glossary and normalising every form at start-up (benchmarks/startup.py:
    4.2x a bare interpreter start the slow way, at 306 entries).
    """
    with open(glossary_path, "rb") as handle:
        data = handle.read()
    offsets = []
    position = data.index(b"\n") + 1
    for line in data[position:].split(b"\n"):
        if line.startswith(b"{"):
            offsets.append([position, position + len(line.rstrip(b","))])
        position += len(line) + 1
    records = json.loads(data)["terms"]
    if len(offsets) != len(records):
        raise ValueError(f"{glossary_path}: not one record per line")
    keys = build_index(records)
    document = {"format": INDEX_FORMAT, "version": VERSION, "keys": keys, "offsets": offsets}
    _atomic_write_bytes(index_path, json.dumps(document, ensure_ascii=False,
                                               separators=(",", ":")).encode("utf-8"))
    fast = os.path.join(os.path.dirname(index_path), os.path.basename(FAST_INDEX_PATH))
    _atomic_write_bytes(fast, fast_index_blob(keys, records))
