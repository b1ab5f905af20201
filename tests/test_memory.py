"""The translation memory: store, keys, origins, scores, formats, atomic imports, migrations."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from guangdong_terms import MemoryMatch, TranslationMemory
from guangdong_terms.core.bilingual import Code, Unit
from guangdong_terms.core.version import __version__
from guangdong_terms.formats import FormatError
from guangdong_terms.formats.tmx import write_tmx
from guangdong_terms.memory import keys
from guangdong_terms.memory.records import MemoryStoreError
from guangdong_terms.memory.scoring import diff_spans
from guangdong_terms.memory.sqlite import MIGRATIONS, SQLiteBackend
from guangdong_terms.memory.store import default_location

DATA = Path(__file__).resolve().parent / "data"
BILINGUAL = DATA / "bilingual"
REALWORLD = DATA / "realworld"
REPO = Path(__file__).resolve().parent.parent


def write_memory(path: Path, pairs: list[tuple[str, str]], *, source_lang: str = "zh-CN",
                 target_lang: str = "en") -> Path:
    with path.open("w", encoding="utf-8") as handle:
        write_tmx(handle, [Unit(str(n), zh, en) for n, (zh, en) in enumerate(pairs, 1)],
                  source_lang=source_lang, target_lang=target_lang)
    return path


def write_po(path: Path, entries: list[tuple[str, str, bool]]) -> Path:
    body = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"',
            '"Language: en\\n"', '"X-Source-Language: zh_CN\\n"',
            '"PO-Revision-Date: 2026-11-30 10:00+0800\\n"',
            '"Last-Translator: Li Hua <li@example.org>\\n"', ""]
    for msgid, msgstr, fuzzy in entries:
        if fuzzy:
            body.append("#, fuzzy")
        body += [f'msgid "{msgid}"', f'msgstr "{msgstr}"', ""]
    path.write_text("\n".join(body), encoding="utf-8")
    return path


@pytest.fixture(params=["sqlite", "postgresql"])
def tm(request: pytest.FixtureRequest) -> TranslationMemory:
    """An empty memory on each backend (issue 16): SQLite in memory, and a fresh database on
    the tests' throwaway PostgreSQL cluster (tests/postgres.py)."""
    location = (":memory:" if request.param == "sqlite"
                else request.getfixturevalue("postgres_url"))
    memory = TranslationMemory.open(location, shipped=False)
    yield memory
    memory.close()


# --- store, keys, origins ------------------------------------------------------------------


def test_empty_memory_and_schema_version(tm: TranslationMemory) -> None:
    stats = tm.stats()
    assert (stats.units, stats.claims, stats.origins) == (0, 0, 0)
    assert stats.schema_version == len(MIGRATIONS) == 2
    assert tm.search("广州实验室") == []


def test_key_normalises_nfc_and_white_space(tm: TranslationMemory, tmp_path: Path) -> None:
    # "e" + combining acute is NFC "é"; runs of white space are one space.
    first = write_memory(tmp_path / "a.tmx", [("广州  科技\u3000创新", "Cafe\u0301 one")])
    second = write_memory(tmp_path / "b.tmx", [("广州 科技 创新", "Café one")])
    assert tm.add_file(first).added == 1
    report = tm.add_file(second)
    assert (report.added, report.claimed) == (0, 1)
    assert tm.stats().units == 1


def test_two_origins_and_delete_origin(tm: TranslationMemory, tmp_path: Path) -> None:
    shared = ("广州实验室聚焦呼吸疾病研究。", "Guangzhou Laboratory focuses on respiratory diseases.")
    first = write_memory(tmp_path / "first.tmx", [shared, ("深圳湾实验室", "Shenzhen Bay Laboratory")])
    second = write_memory(tmp_path / "second.tmx", [shared])
    tm.add_file(first)
    tm.add_file(second)
    match = tm.search(shared[0])[0]
    assert match.score == 100
    assert {origin.name for origin in match.origins} == {str(first), str(second)}
    assert all(len(origin.sha256) == 64 for origin in match.origins)
    assert tm.stats().claims == 3

    assert tm.delete_origin(first) == 2
    assert tm.stats().units == 1  # 深圳湾实验室 had no other claim
    match = tm.search(shared[0])[0]
    assert [origin.name for origin in match.origins] == [str(second)]
    assert tm.search("深圳湾实验室") == []
    # The index forgot the deleted unit's grams: nothing is left to find.
    assert tm.concordance("深圳湾") == []
    assert tm.delete_origin(second) == 1
    assert tm.stats().units == tm.stats().claims == 0
    if isinstance(tm.backend, SQLiteBackend):
        assert tm.backend.connection.execute("SELECT count(*) FROM postings").fetchone()[0] == 0
        assert tm.backend.connection.execute("SELECT count(*) FROM grams").fetchone()[0] == 0
    else:  # PostgreSQL's GIN index follows its table: no unit, claim or origin row is left
        assert tm.backend.connection.execute(
            "SELECT (SELECT count(*) FROM gdterms_unit) + (SELECT count(*) FROM gdterms_claim)"
            " + (SELECT count(*) FROM gdterms_origin)").fetchone()[0] == 0


def test_importing_a_file_again_replaces_its_claims(tm: TranslationMemory, tmp_path: Path) -> None:
    path = write_memory(tmp_path / "m.tmx", [("广州实验室", "Guangzhou Laboratory")])
    tm.add_file(path)
    write_memory(path, [("鹏城实验室", "Peng Cheng Laboratory")])
    tm.add_file(path)
    assert tm.stats().units == 1
    assert tm.search("鹏城实验室")[0].target == "Peng Cheng Laboratory"
    assert tm.search("广州实验室") == []


def test_origin_fields_from_tmx(tm: TranslationMemory, tmp_path: Path) -> None:
    path = tmp_path / "omegat.tmx"
    path.write_text(textwrap.dedent("""\
        <?xml version="1.0" encoding="UTF-8"?>
        <tmx version="1.4"><header creationtool="OmegaT" srclang="zh-CN" adminlang="en"
          datatype="plaintext" segtype="sentence" o-tmf="OmegaT TMX" creationtoolversion="6"/>
        <body>
          <tu tuid="u7" creationdate="20240102T030405Z" creationid="wang">
            <prop type="prev">广东省科技创新大会召开。</prop>
            <tuv xml:lang="zh-CN"><seg>广州实验室建设取得新进展。</seg></tuv>
            <tuv xml:lang="en"><seg>Guangzhou Laboratory made new progress.</seg></tuv>
          </tu>
        </body></tmx>
        """), encoding="utf-8")
    tm.add_file(path)
    match = tm.search("广州实验室建设取得新进展。", previous="广东省科技创新大会召开。")[0]
    origin = match.origins[0]
    assert (origin.unit_id, origin.line, origin.created, origin.author) == (
        "u7", 5, "20240102T030405Z", "wang")
    assert match.score == 101


def test_unreviewed_and_untranslated_from_po(tm: TranslationMemory, tmp_path: Path) -> None:
    path = write_po(tmp_path / "zh.po", [
        ("广州实验室建设取得新进展。", "Guangzhou Laboratory made new progress.", False),
        ("鹏城实验室发布新成果。", "Peng Cheng Laboratory released new results.", True),
        ("未翻译的句子。", "", False),
    ])
    report = tm.add_file(path)
    assert (report.segments, report.added, report.untranslated, report.unreviewed) == (3, 2, 1, 1)
    assert tm.stats().unreviewed == 1
    fuzzy = tm.search("鹏城实验室发布新成果。", min_score=0)[0]
    assert (fuzzy.score, fuzzy.reviewed) == (70, False)  # 100 x 0.7, as Weblate does
    reviewed = tm.search("广州实验室建设取得新进展。")[0]
    assert reviewed.origins[0].created == "2026-11-30 10:00+0800"
    assert reviewed.origins[0].author == "Li Hua <li@example.org>"
    # PO knows its neighbours by file order: the fuzzy entry followed the first one.
    assert tm.search("鹏城实验室发布新成果。", previous="广州实验室建设取得新进展。",
                     min_score=0)[0].score == 70  # 101 x 0.7, floored


def test_reviewed_claim_makes_a_unit_reviewed(tm: TranslationMemory, tmp_path: Path) -> None:
    pair = ("鹏城实验室发布新成果。", "Peng Cheng Laboratory released new results.")
    fuzzy = write_po(tmp_path / "fuzzy.po", [(*pair, True)])
    tm.add_file(fuzzy)
    confirmed = write_memory(tmp_path / "ok.tmx", [pair])
    tm.add_file(confirmed)
    assert tm.search(pair[0])[0].score == 100
    tm.delete_origin(confirmed)
    assert tm.search(pair[0], min_score=0)[0].score == 70


# --- scores --------------------------------------------------------------------------------


def stored(tm: TranslationMemory, tmp_path: Path, pairs: list[tuple[str, str]],
           **languages: str) -> None:
    tm.add_file(write_memory(tmp_path / "m.tmx", pairs, **languages))


def test_fuzzy_score_is_levenshtein_over_the_longer(tm: TranslationMemory, tmp_path: Path) -> None:
    stored(tm, tmp_path, [("广州市科技创新中心建设", "building the centre")])
    # one substitution in eleven characters: 1 - 1/11 = 90.9
    match = tm.search("广州市科技创新中心建成")[0]
    assert (match.score, match.similarity) == (90, 90.91)
    assert match.diff == ((10, 11),)
    # one insertion: 1 - 1/12 = 91.7
    assert tm.search("广州市科技创新中心在建设")[0].score == 91


def test_number_and_punctuation_penalties(tm: TranslationMemory, tmp_path: Path) -> None:
    # (a target without the figure: nothing to adapt, so the match stays fuzzy)
    stored(tm, tmp_path, [("全国41个工业大类", "industrial categories"),
                          ("科技创新成果丰硕。", "Rich results.")])
    # 1 edit in 9 characters = 88.9, minus 1 for the differing number
    assert tm.search("全国42个工业大类")[0].score == 87
    # 1 edit in 9 characters = 88.9, minus 1 for the differing punctuation
    assert tm.search("科技创新成果丰硕！")[0].score == 87
    # the same edit on a letter costs no penalty
    assert tm.search("科技创新成果丰富。")[0].score == 88


def test_code_penalty_when_the_query_has_codes(tm: TranslationMemory) -> None:
    tm.add_file(BILINGUAL / "sample.tmx")  # "bad" has a <ph> in its source
    query = "原生鸿蒙操作系统全面商用啦。"
    plain = {match.target: match.score for match in tm.search(query)}
    coded = {match.target: match.score for match in tm.search(
        query, query_codes=(Code(2, "ph", "", "<ph/>"),))}
    assert coded["Native Hongmeng OS is in full commercial use."] == plain[
        "Native Hongmeng OS is in full commercial use."]
    assert coded["Native HarmonyOS is in full commercial use."] == plain[
        "Native HarmonyOS is in full commercial use."] - 1
    match = next(m for m in tm.search(query) if m.target.startswith("Native Hongmeng"))
    assert [code.kind for code in match.source_codes] == ["ph"]


def test_english_sources_are_scored_over_tokens(tmp_path: Path) -> None:
    with TranslationMemory.open(":memory:", shipped=False) as tm:
        tm.add_file(write_memory(tmp_path / "en.tmx",
                                 [("the quick brown fox jumps", "敏捷的棕色狐狸跳")],
                                 source_lang="en", target_lang="zh-CN"))
        match = tm.search("the quick red fox jumps", source_lang="en", target_lang="zh-CN")[0]
        assert match.score == 80  # one word of five
        assert tm.search("the quick red fox jumps") == []  # another language pair


def test_traditional_query_finds_simplified(tm: TranslationMemory, tmp_path: Path) -> None:
    stored(tm, tmp_path, [("粤港澳大湾区国际科技创新中心", "the international innovation hub")])
    match = tm.search("粵港澳大灣區國際科技創新中心")[0]
    assert (match.score, match.via_traditional) == (100, True)
    assert not tm.search("粤港澳大湾区国际科技创新中心")[0].via_traditional
    fuzzy = tm.search("粵港澳大灣區國際科技創新中央")[0]
    assert fuzzy.via_traditional and fuzzy.score < 100


def test_ties_break_by_source_then_target(tm: TranslationMemory, tmp_path: Path) -> None:
    stored(tm, tmp_path, [("广州市科技创新中心甲设", "b"), ("广州市科技创新中心乙设", "a"),
                          ("广州市科技创新中心甲设", "a")])
    matches = tm.search("广州市科技创新中心建设", limit=10)
    assert [(m.score, m.source, m.target) for m in matches] == [
        (90, "广州市科技创新中心乙设", "a"), (90, "广州市科技创新中心甲设", "a"),
        (90, "广州市科技创新中心甲设", "b")]
    assert matches == tm.search("广州市科技创新中心建设", limit=10)


def test_limit_and_min_score(tm: TranslationMemory, tmp_path: Path) -> None:
    stored(tm, tmp_path, [("广州市科技创新中心建设", "x"), ("广州市科技", "y")])
    assert len(tm.search("广州市科技创新中心建设", min_score=40, limit=1)) == 1
    assert [m.target for m in tm.search("广州市科技创新中心建设", min_score=40)] == ["x", "y"]
    assert [m.target for m in tm.search("广州市科技创新中心建设", min_score=50)] == ["x"]


def test_short_query_finds_exact_only(tm: TranslationMemory, tmp_path: Path) -> None:
    stored(tm, tmp_path, [("创新", "innovation"), ("创造", "creation")])
    assert [m.target for m in tm.search("创新")] == ["innovation"]


def test_diff_spans() -> None:
    assert diff_spans("广州市科技", "广州市科技") == ()
    assert diff_spans("广州市科技", "广州新科技") == ((2, 3),)
    assert diff_spans("广州市科技创新", "广州市科技") == ((4, 5),)  # a deletion marks its place
    assert diff_spans("广州科技", "广州市新科技") == ((2, 4),)


def test_concordance(tm: TranslationMemory, tmp_path: Path) -> None:
    stored(tm, tmp_path, [("广州实验室聚焦呼吸疾病研究", "Guangzhou Laboratory and diseases"),
                          ("鹏城实验室发布成果", "Peng Cheng Laboratory results"),
                          ("深圳湾", "Shenzhen Bay")])
    assert [m.source for m in tm.concordance("实验室")] == [
        "广州实验室聚焦呼吸疾病研究", "鹏城实验室发布成果"]
    found = tm.concordance("實驗室發布")
    assert [m.source for m in found] == ["鹏城实验室发布成果"] and found[0].via_traditional
    assert found[0].diff == ((2, 7),)
    assert [m.source for m in tm.concordance("深圳")] == ["深圳湾"]  # under three: a scan
    assert [m.source for m in tm.concordance("Laboratory")] == [
        "广州实验室聚焦呼吸疾病研究", "鹏城实验室发布成果"]  # in targets
    assert len(tm.concordance("实验室", limit=1)) == 1
    assert tm.concordance("卫星") == []


# --- every format, from real files --------------------------------------------------------


@pytest.mark.parametrize(("name", "added", "untranslated"), [
    ("bilingual/sample.tmx", 2, 0), ("bilingual/sample.po", 2, 1),
    ("bilingual/sample12.xlf", 2, 1), ("bilingual/sample20.xlf", 2, 0),
    ("bilingual/sample.csv", 2, 0), ("bilingual/sample.tsv", 2, 0),
    ("realworld/inline.tmx", 3, 0), ("realworld/angular.zh-CN.xlf", None, None),
    ("realworld/inline20.xlf", None, None),
])
def test_every_format_imports(tm: TranslationMemory, name: str, added: int | None,
                              untranslated: int | None) -> None:
    report = tm.add_file(DATA / name)
    assert report.segments == report.added + report.claimed + report.duplicates + \
        report.untranslated
    if added is not None:
        assert (report.added, report.untranslated) == (added, untranslated)
    assert tm.stats().units == report.added > 0 or report.segments == report.untranslated
    for unit in tm.backend.iter_units():
        found = [match for match in tm.search(
            unit.source, source_lang=unit.source_lang, target_lang=unit.target_lang,
            min_score=0, limit=50) if match.target == unit.target]
        assert found[0].score == (100 if unit.reviewed else 70)


def test_xliff_neighbours_give_context_matches(tm: TranslationMemory) -> None:
    tm.add_file(BILINGUAL / "sample20.xlf")
    units = list(tm.backend.iter_units())
    assert len(units) == 2
    second = tm.search(units[1].source, previous=units[0].source)[0]
    assert second.score == 101
    assert tm.search(units[1].source, previous="别的句子")[0].score == 100


def test_stored_targets_keep_the_white_space_their_codes_count(
        tm: TranslationMemory, tmp_path: Path) -> None:
    # A code between two spaces and one after a trailing space: the key collapses white space,
    # the stored target keeps it, so each code's offset still points where the file put it.
    xliff = tmp_path / "codes.xlf"
    xliff.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
        '<file original="app" source-language="zh-CN" target-language="en" datatype="plaintext">'
        '<body>\n'
        '<trans-unit id="a"><source>有<x id="1"/> <x id="2"/>独角兽</source>'
        '<target state="translated">has <x id="1"/> <x id="2"/>unicorn</target></trans-unit>\n'
        '<trans-unit id="b"><source>欢迎<x id="3"/></source>'
        '<target state="translated">Welcome, <x id="3"/></target></trans-unit>\n'
        '</body></file></xliff>\n', encoding="utf-8")
    tm.add_file(xliff)
    for query, rendered in (("有 独角兽", 'has <x id="1"/> <x id="2"/>unicorn'),
                            ("欢迎", 'Welcome, <x id="3"/>')):
        match = tm.search(query, min_score=100)[0]
        text = match.target
        for code in sorted(match.target_codes, key=lambda code: code.offset, reverse=True):
            text = text[:code.offset] + f'<x id="{code.id}"/>' + text[code.offset:]
        assert text == rendered
    # The same pair written with other white space is the same unit.
    assert tm.add_file(write_memory(tmp_path / "spaced.tmx",
                                    [("欢迎", "Welcome,")])).added == 0


def test_export_round_trip(tm: TranslationMemory, tmp_path: Path) -> None:
    tm.add_file(write_po(tmp_path / "zh.po", [("广州实验室建设取得新进展。", "Progress.", False),
                                               ("鹏城实验室发布新成果。", "Results.", True)]))
    out = tmp_path / "out.tmx"
    assert tm.export(out) == 2
    assert "x-reviewed" in out.read_text(encoding="utf-8")
    with TranslationMemory.open(":memory:", shipped=False) as other:
        assert other.add_file(out).added == 2
        assert other.search("广州实验室建设取得新进展。")[0].target == "Progress."


# --- atomic imports ------------------------------------------------------------------------


def test_a_file_broken_at_its_end_adds_nothing(tm: TranslationMemory, tmp_path: Path) -> None:
    tm.add_file(write_memory(tmp_path / "ok.tmx", [("广州实验室", "Guangzhou Laboratory")]))
    before = tm.stats()
    good = write_memory(tmp_path / "big.tmx", [(f"第{n}个科技创新平台建设", f"platform {n}")
                                               for n in range(5000)])
    broken = tmp_path / "broken.tmx"
    broken.write_bytes(good.read_bytes()[:-40])  # cut inside the last units
    with pytest.raises(FormatError, match=r"broken\.tmx:\d+:"):
        tm.add_file(broken)
    assert tm.stats() == before
    if isinstance(tm.backend, SQLiteBackend):
        assert tm.backend.connection.execute("SELECT count(*) FROM postings").fetchone()[0] == \
            tm.backend.connection.execute("SELECT sum(df) FROM grams").fetchone()[0]
    else:  # PostgreSQL: the staging table was emptied, and the origin never recorded
        assert tm.backend.connection.execute(
            "SELECT count(*) FROM gdterms_staging").fetchone()[0] == 0
        assert tm.backend.origin_names() == [(str(tmp_path / "ok.tmx"), "shared")]


KILLED_IMPORT = """
import sys, time
from guangdong_terms.memory.store import TranslationMemory, _unit_records, _Counts
from guangdong_terms.memory.records import OriginRecord
from guangdong_terms.core.bilingual import Segment

def segments():
    for n in range(100000):
        if n == 5000:
            print("importing", flush=True)
        if n > 5000:
            time.sleep(0.001)
        yield Segment(str(n), n, f"第{n}个科技创新平台建设", f"platform {n}")

tm = TranslationMemory.open(sys.argv[1], shipped=False)
tm.backend.add_units(OriginRecord("killed", "shared", "", "now", "zh-CN", "en"),
                     _unit_records(segments(), "zh-CN", "en", _Counts()))
"""


def test_a_killed_import_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "tm.sqlite3"
    with TranslationMemory.open(path, shipped=False) as tm:
        tm.add_file(write_memory(tmp_path / "ok.tmx", [("广州实验室", "Guangzhou Laboratory")]))
        before = tm.stats()
    child = subprocess.Popen([sys.executable, "-c", KILLED_IMPORT, str(path)],
                             stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "importing"
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    child.stdout.close()
    with TranslationMemory.open(path, shipped=False) as tm:
        assert tm.stats() == before
        assert tm.backend.connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert [name for name, _ in tm.backend.origin_names()] == [str(tmp_path / "ok.tmx")]


# --- migrations, locations, the shipped data ----------------------------------------------


def test_migration_from_an_older_version(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    old = SQLiteBackend(str(path))
    assert old.migrate(target=1) == 1
    old.close()
    with TranslationMemory.open(path, shipped=False) as tm:
        assert tm.stats().schema_version == 2
        names = {row[0] for row in tm.backend.connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert "units_pair" in names


def test_migration_keeps_units(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    backend = SQLiteBackend(str(path))
    backend.migrate(target=1)
    from guangdong_terms.memory.store import TranslationMemory as Memory

    memory = Memory.__new__(Memory)  # a version-1 store, written without migrating further
    memory.backend, memory.shipped = backend, False
    memory.add_file(write_memory(tmp_path / "m.tmx", [("广州实验室", "Guangzhou Laboratory")]))
    assert backend.schema_version() == 1
    backend.close()
    with TranslationMemory.open(path, shipped=False) as tm:
        assert tm.stats().schema_version == 2
        assert tm.search("广州实验室")[0].target == "Guangzhou Laboratory"


def test_a_newer_store_or_another_database_is_refused(tmp_path: Path) -> None:
    newer = tmp_path / "newer.sqlite3"
    connection = sqlite3.connect(newer)
    connection.execute("PRAGMA user_version = 99")
    connection.close()
    with pytest.raises(MemoryStoreError, match="newer"):
        TranslationMemory.open(newer)
    other = tmp_path / "other.sqlite3"
    connection = sqlite3.connect(other)
    connection.execute("CREATE TABLE x (y)")
    connection.close()
    with pytest.raises(MemoryStoreError, match="not a translation memory"):
        TranslationMemory.open(other)
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"not a database at all" * 100)
    with pytest.raises(MemoryStoreError, match="not a translation memory"):
        TranslationMemory.open(garbage)


def test_default_location_follows_the_environment(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GDTERMS_MEMORY", str(tmp_path / "env.sqlite3"))
    assert default_location() == str(tmp_path / "env.sqlite3")
    with TranslationMemory.open(shipped=False) as tm:
        assert tm.stats().location == str(tmp_path / "env.sqlite3")
    monkeypatch.delenv("GDTERMS_MEMORY")
    assert default_location().endswith(os.path.join("guangdong_terms", "memory.sqlite3"))


def test_shipped_segments_and_pairs(tmp_path: Path) -> None:
    path = tmp_path / "tm.sqlite3"
    origin = f"guangdong_terms {__version__}"
    with TranslationMemory.open(path) as tm:
        match = tm.search("鸿蒙操作系统")[0]
        assert (match.score, match.target, match.origin) == (100, "HarmonyOS", origin)
        first = tm.search("广东如何壮大“最强大脑”？")[0]
        assert first.origins[0].unit_id == "seed-000-1"
        units = tm.stats().units
    # refreshed when the version changes: an old version's origin is replaced
    connection = sqlite3.connect(path)
    connection.execute("UPDATE origins SET name = 'guangdong_terms 0.0.1'")
    connection.commit()
    connection.close()
    with TranslationMemory.open(path) as tm:
        assert [name for name, _ in tm.backend.origin_names()] == [origin]
        assert tm.stats().units == units
    # and left out on request
    with TranslationMemory.open(path, shipped=False) as tm:
        assert tm.search("鸿蒙操作系统") == []
        assert tm.concordance("鸿蒙") == []
        assert tm.export(tmp_path / "none.tmx") == 0


def test_public_names() -> None:
    import guangdong_terms

    assert guangdong_terms.TranslationMemory is TranslationMemory
    assert guangdong_terms.MemoryMatch is MemoryMatch
    assert keys.pair_of("zh-HK", "en-GB") == "zh>en"


# --- term-aware and number-adapting matches (core.matchnotes, text.numbers) ---------------


def test_number_adapted_match_scores_99(tm: TranslationMemory, tmp_path: Path) -> None:
    stored(tm, tmp_path, [("广州全球独角兽上榜企业24家，居全国第四。",
                           "Guangzhou has 24 companies on the global unicorn list, fourth in China.")])
    match = tm.search("广州全球独角兽上榜企业25家，居全国第四。", min_score=95)[0]
    assert (match.score, match.adapted) == (99, True)
    assert match.target == "Guangzhou has 25 companies on the global unicorn list, fourth in China."
    assert match.diff == ((12, 13),)
    # anything else different: no adaptation, a fuzzy score (1 edit of 20 = 95, numbers -1)
    other = tm.search("广州全球独角兽上榜企业25家，居全国第五。")[0]
    assert (other.adapted, other.score) == (False, 89)
    assert other.target.startswith("Guangzhou has 24")


def test_matches_carry_term_notes_and_warnings(tm: TranslationMemory, tmp_path: Path) -> None:
    stored(tm, tmp_path, [("鸿蒙操作系统全面商用。", "Hongmeng OS is in full commercial use.")])
    match = tm.search("鸿蒙操作系统全面商用了。")[0]
    assert [(note.chinese, note.english) for note in match.terms] == [("鸿蒙操作系统", "HarmonyOS")]
    assert len(match.warnings) == 1 and "Hongmeng OS" in match.warnings[0]


def test_repeats_within_a_file_are_counted_once(tm: TranslationMemory, tmp_path: Path) -> None:
    pairs = [(f"第{n % 2500}个科技创新平台", f"platform {n % 2500}") for n in range(5000)]
    report = tm.add_file(write_memory(tmp_path / "repeats.tmx", pairs))  # across batches
    assert (report.segments, report.added, report.claimed, report.duplicates) == (
        5000, 2500, 0, 2500)
    again = tm.add_file(write_memory(tmp_path / "other.tmx", pairs[:10]))
    assert (again.added, again.claimed, again.duplicates) == (0, 10, 0)
