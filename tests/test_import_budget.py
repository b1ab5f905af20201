"""What the fast paths may import. Deterministic, unlike timings (benchmarks/ measures those).

``gdterms lookup`` must not load argparse, typing, dataclasses, pypinyin, OpenCC or lxml;
``import guangdong_terms`` plus an exact ``lookup()`` not even json, re or functools (the fast
index is read with marshal): each of those costs 3-15 ms of a 4 ms path.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import REPO

HEAVY = frozenset({"pypinyin", "opencc", "lxml", "tomllib", "importlib.metadata"})

PROBE = """
import json, sys
before = set(sys.modules)
{code}
print(json.dumps(sorted(set(sys.modules) - before)))
"""


def _new_modules(code: str) -> set[str]:
    result = subprocess.run([sys.executable, "-c", PROBE.format(code=code)], cwd=REPO.parent,
                            capture_output=True, text=True, check=True)
    return set(json.loads(result.stdout.splitlines()[-1]))


CLI_LOOKUP = {*HEAVY, "dataclasses", "typing", "argparse", "json"}
API_LOOKUP = {*CLI_LOOKUP, "re", "functools"}


@pytest.mark.parametrize("argv", [["lookup", "鸿蒙操作系统"], ["lookup", "Greater Bay Area"],
                                  ["lookup", "no such term"]])
def test_cli_lookup_loads_no_heavy_module(argv):
    # As the console script runs it: its wrapper has imported re and sys already.
    loaded = _new_modules(f"import re, sys\nfrom guangdong_terms.cli import main\nmain({argv!r})")
    if argv[1] == "no such term":  # the suggestions search every form: allowed to cost more
        assert loaded.isdisjoint(HEAVY), sorted(loaded & HEAVY)
        return
    assert loaded.isdisjoint(CLI_LOOKUP), sorted(loaded & CLI_LOOKUP)


def test_api_lookup_loads_only_the_fast_index():
    loaded = _new_modules(
        "import guangdong_terms\nassert guangdong_terms.lookup('鸿蒙操作系统') is not None\n"
        "assert guangdong_terms.lookup('粵港澳大灣區').en == "
        "'Guangdong-Hong Kong-Macao Greater Bay Area'")
    assert loaded.isdisjoint(API_LOOKUP), sorted(loaded & API_LOOKUP)


def test_traditional_search_loads_opencc_only_when_needed():
    # A stored zh_tw form is found without OpenCC; an unstored Traditional form needs it.
    stored = _new_modules("import guangdong_terms\nguangdong_terms.search('鴻蒙作業系統')")
    assert "opencc" not in stored
