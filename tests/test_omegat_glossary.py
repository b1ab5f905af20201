"""Integration: real OmegaT 3.6 loads our glossaries and finds the terms in seed sentences.

``../shared/acceptance/omegat/check_glossary.sh`` hands each file to OmegaT's own
GlossaryManager (console mode never loads glossaries itself; see its README). OmegaT must be
installed (`apt-get install omegat`; .ci/run does it): without it these tests fail, they do
not skip.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from conftest import REPO

from guangdong_terms.operations.exporting import export

CHECK = REPO.parent / "shared" / "acceptance" / "omegat" / "check_glossary.sh"

# Terms whose matching in OmegaT does not rest on its CJK substring fallback (it applies only
# when every character is CJK, peers.md finding 13): a Roman-numeral character, Latin letters
# and digits, curly quotation marks, a dash.
TRICKY = {
    "鹏城云脑Ⅲ": "推动产业科技互促双强，鹏城云脑Ⅲ建成后将有力支撑我国国产软硬件自主可控。",
    "昇腾910C芯片": "人工智能领域，昇腾910C芯片突破国外封锁，原生鸿蒙操作系统全面商用。",
    "“梦想”号": "大洋钻探船“梦想”号正式入列；",
    "5.0T人体全身磁共振成像设备": "5.0T人体全身磁共振成像设备成为全球首创，单孔单臂腔镜手术机器人在国内率先获批上市。",
}


def _run(glossary: Path, source: Path, tmp_path: Path) -> str:
    assert CHECK.exists(), f"{CHECK} missing: CI runs with ../shared beside the clone"
    result = subprocess.run(["sh", str(CHECK), str(glossary), "zh-CN", "en", str(source), "-v"],
                            capture_output=True, text=True, check=False, cwd=tmp_path)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


def _expected_entries(shipped) -> int:
    # OmegaT makes one entry per (source term, target term) pair of each entry.
    return sum(len(dict.fromkeys((term.zh, *term.aliases))) * (1 + len(term.en_alternatives))
               for term in shipped)


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["tbx-omegat", "omegat"])
def test_omegat_loads_every_entry_and_finds_the_tricky_terms(fmt, shipped, tmp_path):
    glossary = tmp_path / ("guangdong.tbx" if fmt == "tbx-omegat" else "guangdong.utf8")
    export(fmt, str(glossary))
    source = tmp_path / "source.txt"
    source.write_text("\n".join(TRICKY.values()) + "\n", encoding="utf-8")
    output = _run(glossary, source, tmp_path)
    entries = re.search(r"omegat-glossary-entries (\d+)", output)
    hits = re.search(r"omegat-glossary-hits (\d+)/(\d+) segments", output)
    assert entries and hits, output[-3000:]
    assert int(entries.group(1)) == _expected_entries(shipped)
    assert hits.groups() == (str(len(TRICKY)), str(len(TRICKY)))
    for term, sentence in TRICKY.items():
        line = next(line for line in output.splitlines() if sentence[:12] in line)
        assert f"{term}=>" in line, line
    # Forms to avoid are never offered as translations.
    offered = set(re.findall(r"=>(.+?) \(tokens\)", output))
    avoided = {form for term in shipped for form in term.en_avoid}
    assert not {o for o in offered if not o.endswith("…")} & avoided
