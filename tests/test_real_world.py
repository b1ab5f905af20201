"""Files translators really have (tests/data/realworld/README.md says where each came from):
checks in both directions, inline codes, untranslated and unconfirmed units, encodings,
and output that scripts can trust."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA, REPO

from guangdong_terms import check_translation
from guangdong_terms.core.languages import language_of
from guangdong_terms.formats import FormatError, read_bilingual
from guangdong_terms.operations.exporting import export

REAL = DATA / "realworld"
TMX_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="t" '
            'creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" '
            'srclang="{src}" datatype="plaintext"/><body>')


def _tmx(path: Path, units: list[list[tuple[str, str]]], src: str = "zh-CN",
         encoding: str = "utf-8") -> Path:
    body = "".join("<tu>" + "".join(f'<tuv xml:lang="{lang}"><seg>{text}</seg></tuv>'
                                    for lang, text in unit) + "</tu>" for unit in units)
    text = TMX_HEAD.format(src=src) + body + "</body></tmx>\n"
    if encoding != "utf-8":
        text = text.replace('encoding="UTF-8"', f'encoding="{encoding.upper()}"')
    path.write_bytes(text.encode(encoding))
    return path


# --- one language-tag map, both directions ---------------------------------------------------


@pytest.mark.parametrize(("tag", "language"), [
    ("zh", "zh-CN"), ("zh-CN", "zh-CN"), ("ZH_cn", "zh-CN"), ("zh-Hans", "zh-CN"),
    ("zh-SG", "zh-CN"), ("zho", "zh-CN"), ("chi", "zh-CN"), ("zh-Hans-CN", "zh-CN"),
    ("zh-HK", "zh-HK"), ("zh_MO", "zh-HK"), ("zh-Hant-HK", "zh-HK"), ("zh-TW", "zh-TW"),
    ("zh_Hant_TW", "zh-TW"), ("zh-Hant", "zh-Hant"), ("en", "en"), ("EN-us", "en"),
    ("eng", "en"), ("ja", "ja"), ("", "")])
def test_one_language_tag_map(tag, language):
    assert language_of(tag) == language


def test_the_readmes_reverse_po_passes_its_own_check(run_cli, tmp_path):
    path = tmp_path / "zh_TW.po"
    export("po", str(path), source_lang="en", target_lang="zh-TW", categories=["product"])
    code, out, err = run_cli("check", str(path))
    assert "(en -> zh-TW;" in err
    assert code == 0, out


def test_an_en_to_zh_tmx_with_the_wrong_chinese_fails(run_cli, tmp_path):
    path = _tmx(tmp_path / "en-zh.tmx", [[("en", "The native HarmonyOS is here."),
                                          ("zh-CN", "原生安卓系统来了。")],
                                         [("en", "The Greater Bay Area"), ("zh-CN", "粤港澳大湾区")]],
                src="en")
    code, out, err = run_cli("check", str(path))
    assert code == 1 and "(en -> zh-CN;" in err
    assert out.count("\n") == 1 and "HarmonyOS (harmonyos): expected \"鸿蒙操作系统\"" in out


def test_simplified_text_in_a_traditional_target_is_its_own_issue(run_cli, tmp_path):
    path = _tmx(tmp_path / "en-tw.tmx", [[("en", "HarmonyOS"), ("zh-TW", "鸿蒙操作系统")]],
                src="en")
    code, out, _ = run_cli("check", str(path), "--json")
    issue = json.loads(out)["issues"][0]
    assert code == 1 and issue["kind"] == "simplified" and issue["found"] == "鸿蒙操作系统"
    assert issue["expected"] == ["鴻蒙作業系統", "鴻蒙"]  # zh_tw and aliases_tw
    assert [i.kind for i in check_translation("HarmonyOS", "鴻蒙作業系統", source_lang="en",
                                              target_lang="zh-TW")] == []


def test_a_real_zh_cn_catalogue_is_read_english_to_chinese(run_cli):
    code, out, _ = run_cli("check", str(REAL / "xdg-user-dirs.zh_CN.mo"), "--json")
    report = json.loads(out)
    assert code == 0 and report["languages"] == {"source": "en", "target": "zh-CN"}
    assert report["totals"]["segments"] > 20


def test_the_languages_pick_the_pair_in_a_multilingual_tmx(run_cli, tmp_path):
    path = _tmx(tmp_path / "three.tmx", [[("zh-CN", "鸿蒙操作系统"), ("ja", "鴻蒙OS"),
                                          ("en", "Hongmeng OS")]])
    code, out, err = run_cli("check", str(path))
    assert code == 1 and "(zh-CN -> en;" in err and "Hongmeng OS" in out  # not Japanese
    code, _, err = run_cli("check", str(path), "--target-lang", "ja")
    assert code == 2 and "compares Chinese with English" in err
    # Read the other way, the English (a form to avoid, but it names the term) finds its
    # Chinese in the target.
    code, out, err = run_cli("check", str(path), "--source-lang", "en", "--target-lang", "zh")
    assert code == 0 and "(en -> zh-CN;" in err


def test_iso_639_2_tags_are_read(tmp_path):
    path = _tmx(tmp_path / "zho.tmx", [[("zho", "鸿蒙操作系统"), ("eng", "HarmonyOS")]], src="zho")
    bilingual = read_bilingual(str(path))
    assert [(s.source, s.target) for s in bilingual.segments] == [("鸿蒙操作系统", "HarmonyOS")]
    assert language_of(bilingual.source_lang) == "zh-CN"


def test_import_reads_pairs_tagged_zho(run_cli, tmp_path):
    import shutil

    shutil.copytree(REPO / "glossary", tmp_path / "glossary")
    path = _tmx(tmp_path / "zho.tmx", [[("zho", "鸿蒙操作系统"), ("eng", "HarmonyOS")]], src="zho")
    code, out, err = run_cli("import", str(path), "--into", str(tmp_path / "glossary"),
                             "--seeds", str(REPO / "seeds"), "--dry-run")
    assert code == 0 and "unchanged 1," in err, out + err


# --- translations, not markup and not gaps ---------------------------------------------------


def test_tmx_inline_codes_are_not_translation_but_sub_and_hi_are(run_cli):
    _, out, _ = run_cli("check", str(REAL / "inline.tmx"), "--json")
    issues = {row["segment"]: row for row in json.loads(out)["issues"]}
    assert "code-content" not in issues  # "Hongmeng OS" only inside bpt and ut
    assert issues["sub-is-text"]["found"] == "Hongmeng OS"
    assert issues["hi-is-text"]["found"] == "Hongmeng OS"
    segment = next(s for s in read_bilingual(str(REAL / "inline.tmx")).segments
                   if s.id == "code-content")
    assert segment.target == "HarmonyOS is in full commercial use"
    assert [code.kind for code in segment.target_codes] == ["bpt", "ept", "ph", "it", "ut"]
    assert segment.target_codes[1].offset == len("HarmonyOS")
    assert 'class="Hongmeng OS"' in segment.target_codes[0].markup


def test_xliff_2_codes_pc_mrk_states_and_gaps(run_cli):
    code, out, _ = run_cli("check", str(REAL / "inline20.xlf"), "--json")
    report = json.loads(out)
    assert code == 1
    assert report["totals"] == {"segments": 4, "untranslated": 1, "unconfirmed": 1,
                                "segments_with_issues": 2, "issues": 2}
    rows = {row["segment"]: row for row in report["issues"]}
    assert set(rows) == {"u2/s1", "u2/s2"}  # u1: the avoided form only in the original data
    assert rows["u2/s2"]["confirmed"] is False
    code, out, _ = run_cli("check", str(REAL / "inline20.xlf"))
    assert "[initial: unconfirmed]" in out


def test_an_angular_xliff_keeps_its_codes_and_checks_english_to_chinese(run_cli):
    bilingual = read_bilingual(str(REAL / "angular.zh-CN.xlf"))
    assert (bilingual.source_lang, bilingual.target_lang) == ("en-US", "zh-CN")
    first = next(iter(bilingual.segments))
    assert first.source == "Welcome to , the Greater Bay Area!"
    assert [c.id for c in first.source_codes] == ["INTERPOLATION", "START_BOLD_TEXT",
                                                  "CLOSE_BOLD_TEXT"]
    assert first.target == "欢迎来到，粤港澳大湾区！"
    code, out, err = run_cli("check", str(REAL / "angular.zh-CN.xlf"))
    assert code == 1 and out.count("\n") == 1 and "segment osLabel: HarmonyOS" in out
    assert "1 untranslated, 1 unconfirmed" in err


def test_po_plurals_are_checked_and_fuzzy_ones_reported_unconfirmed(run_cli, tmp_path):
    path = tmp_path / "plural.po"
    path.write_text('msgid ""\nmsgstr ""\n"Language: en\\n"\n"X-Source-Language: zh_CN\\n"\n'
                    '"Content-Type: text/plain; charset=UTF-8\\n"\n'
                    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
                    'msgid "%d 个鸿蒙操作系统设备"\nmsgid_plural "%d 个鸿蒙操作系统设备"\n'
                    'msgstr[0] "%d HarmonyOS device"\nmsgstr[1] "%d Hongmeng OS devices"\n\n'
                    '#, fuzzy\nmsgid "原生鸿蒙操作系统"\nmsgstr "Harmony OS"\n\n'
                    'msgid "鸿蒙操作系统"\nmsgstr ""\n', encoding="utf-8")
    code, out, err = run_cli("check", str(path))
    lines = out.splitlines()
    assert code == 1 and len(lines) == 2
    assert "[1]" in lines[0] and "Hongmeng OS" in lines[0]
    assert "[fuzzy: unconfirmed]" in lines[1]
    assert "4 segment(s) checked (zh-CN -> en; 1 untranslated, 1 unconfirmed)" in err


def test_a_file_with_the_wrong_root_element_is_an_error(run_cli, tmp_path):
    path = tmp_path / "glossary.tmx"
    export("tbx", str(path))  # a TBX under a TMX name
    code, _, err = run_cli("check", str(path))
    assert code == 2 and "the root element is <tbx>, expected <tmx>" in err
    xlf = tmp_path / "x.xlf"
    xlf.write_text("<tmx/>", encoding="utf-8")
    assert run_cli("check", str(xlf))[0] == 2


def test_a_three_column_table_uses_its_header_or_says_what_it_took(run_cli, tmp_path):
    named = tmp_path / "named.csv"
    named.write_text("id,en,zh-CN\n1,Hongmeng OS,鸿蒙操作系统\n", encoding="utf-8")
    code, out, err = run_cli("check", str(named))
    assert code == 1 and "(zh-CN -> en;" in err and "Hongmeng OS" in out
    several = tmp_path / "several.csv"
    several.write_text("zh-CN,ja,en\n鸿蒙操作系统,鴻蒙OS,Hongmeng OS\n", encoding="utf-8")
    code, out, err = run_cli("check", str(several))
    assert code == 1 and "'zh-CN' (column 1) as source, 'en' (column 3) as target" in err
    bare = tmp_path / "bare.csv"
    bare.write_text("鸿蒙操作系统,Hongmeng OS,a note\n", encoding="utf-8")
    code, out, err = run_cli("check", str(bare))
    assert code == 1 and "took columns 1 and 2 of 3" in err
    english_first = tmp_path / "en.csv"
    english_first.write_text("HarmonyOS,安卓\n", encoding="utf-8")
    code, _, err = run_cli("check", str(english_first))
    assert code == 1 and "(en -> zh-CN;" in err


# --- encodings ---------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-32"])
def test_unicode_with_a_bom_is_read(run_cli, tmp_path, encoding):
    path = tmp_path / "bom.csv"
    path.write_bytes("source,target\n鸿蒙操作系统,Hongmeng OS\n".encode(encoding))
    code, out, _ = run_cli("check", str(path))
    assert code == 1 and "Hongmeng OS" in out


def test_a_utf16le_tmx_as_trados_writes_it(run_cli, tmp_path):
    path = tmp_path / "trados.tmx"
    text = (TMX_HEAD.format(src="zh-CN").replace('encoding="UTF-8"', 'encoding="UTF-16LE"')
            + '<tu><tuv xml:lang="zh-CN"><seg>鸿蒙操作系统</seg></tuv>'
            '<tuv xml:lang="en-US"><seg>Hongmeng OS</seg></tuv></tu></body></tmx>')
    path.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    code, out, _ = run_cli("check", str(path))
    assert code == 1 and "Hongmeng OS" in out


@pytest.mark.parametrize(("encoding", "text"), [("gb18030", "鸿蒙操作系统"),
                                                ("big5", "鴻蒙作業系統")])
def test_a_legacy_code_page_is_read_only_when_named(run_cli, tmp_path, encoding, text):
    path = tmp_path / "excel.csv"
    path.write_bytes(f"source,target\n{text},Hongmeng OS\n".encode(encoding))
    code, out, err = run_cli("check", str(path))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "not UTF-8" in err and "charset-normalizer" in err
    assert "--encoding" in err
    code, out, _ = run_cli("check", str(path), "--encoding", encoding)
    assert code == 1 and "Hongmeng OS" in out


def test_import_never_writes_from_a_guess(run_cli, tmp_path):
    import shutil

    shutil.copytree(REPO / "glossary", tmp_path / "glossary")
    before = {p.name: p.read_bytes() for p in (tmp_path / "glossary").iterdir()}
    table = tmp_path / "gbk.csv"
    export("csv", str(table), categories=["zone"])
    table.write_bytes(table.read_text(encoding="utf-8").encode("gb18030"))
    args = ["--into", str(tmp_path / "glossary"), "--seeds", str(REPO / "seeds")]
    code, _, err = run_cli("import", str(table), *args)
    assert code == 2 and "not UTF-8" in err and "Traceback" not in err
    bad_json = tmp_path / "bad.json"
    bad_json.write_bytes(b'{"format": "guangdong-terms", "version": 1, "terms": ["\xff"]}')
    code, _, err = run_cli("import", str(bad_json), *args)
    assert code == 2 and "not UTF-8" in err
    utf16 = tmp_path / "utf16.csv"
    export("csv", str(utf16), categories=["zone"])
    utf16.write_bytes(utf16.read_text(encoding="utf-8").encode("utf-16"))
    code, _, err = run_cli("import", str(utf16), *args, "--dry-run")
    assert code == 0, err
    code, _, err = run_cli("import", str(table), *args, "--encoding", "gb18030", "--dry-run")
    assert code == 0, err
    assert {p.name: p.read_bytes() for p in (tmp_path / "glossary").iterdir()} == before


def test_an_unknown_encoding_name_is_a_usage_error(run_cli, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("a,b\n", encoding="utf-8")
    code, _, err = run_cli("check", str(path), "--encoding", "klingon")
    assert code == 2 and "no such encoding" in err


# --- output scripts can trust ------------------------------------------------------------------


def test_lookup_json_prints_null_when_nothing_is_found(run_cli):
    code, out, _ = run_cli("lookup", "no such term at all", "--json")
    assert code == 1 and json.loads(out) is None


def test_a_full_disk_is_one_line_not_a_traceback():
    result = subprocess.run(f"{sys.executable} -m guangdong_terms export --format tmx > /dev/full",
                            shell=True, capture_output=True, text=True, check=False)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert "No space left on device" in result.stderr and "Traceback" not in result.stderr


def test_check_prints_issues_as_it_finds_them_and_groups_repeats(tmp_path):
    path = tmp_path / "half.tmx"
    units = "".join('<tu><tuv xml:lang="zh-CN"><seg>鸿蒙操作系统</seg></tuv>'
                    '<tuv xml:lang="en"><seg>Hongmeng OS</seg></tuv></tu>' for _ in range(3))
    path.write_text(TMX_HEAD.format(src="zh-CN") + units + "<tu><tuv>", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "guangdong_terms", "check", str(path)],
                            capture_output=True, text=True, check=False)
    # The three issues before the broken end were printed before the error was found.
    assert result.returncode == 2 and result.stdout.count("Hongmeng OS") == 3
    whole = tmp_path / "whole.tmx"
    whole.write_text(TMX_HEAD.format(src="zh-CN") + units + "</body></tmx>", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "guangdong_terms", "check", str(whole)],
                            capture_output=True, text=True, check=False)
    assert "x3  harmonyos (avoid): found 'Hongmeng OS'" in result.stderr


def test_an_entity_nobody_resolves_is_reported(run_cli, tmp_path):
    path = tmp_path / "entity.xlf"
    path.write_text('<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY os "Hongmeng OS">]>\n'
                    '<xliff version="1.2"><file source-language="zh-CN" target-language="en">'
                    '<body><trans-unit id="1"><source>鸿蒙操作系统</source>'
                    '<target>HarmonyOS, not &os;</target></trans-unit></body></file></xliff>',
                    encoding="utf-8")
    code, out, _ = run_cli("check", str(path))
    assert code == 1 and "unresolved entity reference &os;" in out


def test_glossary_accepts_our_json_export_and_names_a_missing_path(run_cli, tmp_path):
    exported = tmp_path / "export.json"
    export("json", str(exported), categories=["product"])
    table = tmp_path / "t.csv"
    table.write_text("鸿蒙操作系统,Hongmeng OS\n", encoding="utf-8")
    code, out, _ = run_cli("check", str(table), "--glossary", str(exported))
    assert code == 1 and "Hongmeng OS" in out
    code, _, err = run_cli("check", str(table), "--glossary", str(tmp_path / "nope.json"))
    assert code == 2 and "no such file or folder" in err


def test_xliff_memory_stays_flat_as_the_file_grows(tmp_path):
    """Peak memory of checking an XLIFF 4x as large grows by far less than the file
    (benchmarks/check_memory.py measures a 300 MB file)."""
    unit = ('<trans-unit id="u{n}"><source>原生鸿蒙操作系统全面商用，粤港澳大湾区建设纵深推进。</source>'
            '<target>Native HarmonyOS is in full commercial use.</target></trans-unit>\n')
    peaks = []
    for count in (20_000, 80_000):
        path = tmp_path / f"big{count}.xlf"
        with path.open("w", encoding="utf-8") as handle:
            handle.write('<xliff version="1.2"><file source-language="zh-CN" '
                         'target-language="en"><body>\n')
            handle.writelines(unit.format(n=n) for n in range(count))
            handle.write("</body></file></xliff>\n")
        # VmHWM, the peak of this process's own memory: ru_maxrss would count the forked
        # copy of the (large) pytest process from before exec.
        probe = ("import sys\nfrom guangdong_terms.cli import main\n"
                 f"code = main(['check', {str(path)!r}])\n"
                 "peak = next(line for line in open('/proc/self/status') "
                 "if line.startswith('VmHWM'))\n"
                 "print(peak.split()[1], file=sys.stderr)")
        result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                                check=False)
        peaks.append(int(result.stderr.strip().splitlines()[-1]))
        size = path.stat().st_size
    growth_kb = peaks[1] - peaks[0]
    assert growth_kb < size / 1024 / 8, (peaks, size)


def test_readers_raise_only_format_errors_on_a_missing_column(tmp_path):
    one = tmp_path / "one.tsv"
    one.write_text("鸿蒙操作系统\n", encoding="utf-8")
    with pytest.raises(FormatError):
        list(read_bilingual(str(one)).segments)
