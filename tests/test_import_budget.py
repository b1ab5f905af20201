"""What the fast paths may import. Deterministic, unlike timings (benchmarks/ measures those).

``gdterms lookup`` must not load dataclasses, pypinyin, OpenCC or lxml; ``import
guangdong_terms`` plus an exact ``lookup()`` must not load pypinyin, OpenCC or lxml.
"""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import REPO

HEAVY = ("pypinyin", "opencc", "lxml", "tomllib", "importlib.metadata")

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


def test_cli_lookup_loads_no_heavy_module():
    loaded = _new_modules(
        "from guangdong_terms.cli import main\nassert main(['lookup', '鸿蒙操作系统']) == 0")
    assert loaded.isdisjoint((*HEAVY, "dataclasses")), sorted(loaded & {*HEAVY, "dataclasses"})


def test_api_lookup_loads_neither_pypinyin_nor_opencc():
    loaded = _new_modules(
        "import guangdong_terms\nassert guangdong_terms.lookup('鸿蒙操作系统') is not None")
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))


def test_traditional_search_loads_opencc_only_when_needed():
    # A stored zh_tw form is found without OpenCC; an unstored Traditional form needs it.
    stored = _new_modules("import guangdong_terms\nguangdong_terms.search('鴻蒙作業系統')")
    assert "opencc" not in stored
