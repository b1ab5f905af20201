"""gdterms pretranslate: PO and XLIFF files made by other tools, filled from a real memory.

Every input file is made by the tool that makes such files where one is installed: GNU
gettext's xgettext, msginit, msgfilter and msgconv; translate-toolkit's csv2po, txt2po and
po2xliff; OmegaT 3.6 writes the project_save.tmx used as a memory. The Angular XLIFF and the
XLIFF 2.0 file are handwritten (no Angular or XLIFF 2 tool is installed): the Angular one
follows the extraction format Angular documents (``ng extract-i18n``: XLIFF 1.2, ``<x
id="INTERPOLATION" equiv-text="{{ ... }}"/>`` for an interpolation, ``START_BOLD_TEXT`` /
``CLOSE_BOLD_TEXT`` placeholders for an element, a ``context-group purpose="location"`` per
unit). The memory is always the real ``TranslationMemory`` on a SQLite file.

Each test compares the output with the input line by line and allows only the filled units
(and a PO's PO-Revision-Date) to differ; PO output passes ``msgfmt --check``, XLIFF 1.2
output the OASIS 1.2 strict schema, XLIFF 2 output ../shared/schemas/validate.py.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import polib
import pytest
from conftest import DATA, REPO

from guangdong_terms.core.bilingual import Code
from guangdong_terms.memory.store import TranslationMemory
from guangdong_terms.operations.pretranslating import (
    band_of,
    count_words,
    place_codes,
    pretranslate_file,
)

HERE = DATA / "pretranslate"
SHARED = REPO.parent / "shared"
VALIDATE = SHARED / "schemas" / "validate.py"
TT = [sys.executable, "-m"]  # translate-toolkit's converters, from this environment

NANSHA = "广州南沙获批建设5G应用示范区"
NANSHA_EN = "Nansha in Guangzhou has been approved to build a 5G application pilot zone"
HARMONY = "鸿蒙操作系统正式发布"
HARMONY_EN = "HarmonyOS was officially released"
HARMONY_QUERY = "鸿蒙操作系统正式发布了"  # one character more: a fuzzy match
LAB = "鹏城实验室发布新一代超级计算机"
LAB_EN = "Peng Cheng Laboratory released a new generation of supercomputer"
NOTHING = "今天天气很好"  # nothing like it in the memory


def tmx(pairs: list[tuple[str, str]]) -> str:
    units = "".join(f'<tu><tuv xml:lang="zh-CN"><seg>{zh}</seg></tuv>'
                    f'<tuv xml:lang="en"><seg>{en}</seg></tuv></tu>\n' for zh, en in pairs)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header '
            'creationtool="tests" creationtoolversion="1" segtype="sentence" o-tmf="tests" '
            f'adminlang="en" srclang="zh-CN" datatype="plaintext"/><body>\n{units}</body></tmx>\n')


@pytest.fixture
def memory(tmp_path: Path) -> Iterator[tuple[TranslationMemory, Path]]:
    """A real memory on a SQLite file holding three pairs from a TMX (without the shipped
    segments, so that the scores below are these pairs' own)."""
    database = tmp_path / "memory.sqlite3"
    source = tmp_path / "team.tmx"
    source.write_text(tmx([(NANSHA, NANSHA_EN), (HARMONY, HARMONY_EN), (LAB, LAB_EN)]),
                      encoding="utf-8")
    with TranslationMemory.open(str(database), shipped=False) as opened:
        opened.add_file(str(source))
        yield opened, database


def run(command: list[str], cwd: Path | None = None, **env: str) -> str:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False,
                            errors="replace", env={**os.environ, **env}, timeout=300)
    assert result.returncode == 0, f"{command}: {result.stdout}\n{result.stderr}"
    return result.stdout


def tool(name: str) -> str:
    found = shutil.which(name)
    assert found, f"{name} is required (GNU gettext: apt-get install gettext)"
    return found


def msgfmt_check(path: Path) -> None:
    run([tool("msgfmt"), "--check", "-o", os.devnull, str(path)])


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """The lines only the input has, and the lines only the output has."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    removed: list[str] = []
    added: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new,
                                                       autojunk=False).get_opcodes():
        if tag != "equal":
            removed += old[i1:i2]
            added += new[j1:j2]
    return removed, added


def assert_only_po_units_changed(before: str, after: str) -> None:
    """Nothing changed but empty msgstrs filled, gdterms comments and fuzzy flags added,
    format flags gaining ``fuzzy``, and the PO-Revision-Date."""
    removed, added = changed_lines(before, after)
    allowed_removed = re.compile(r'(msgstr ""|"PO-Revision-Date: .*\\n"|#, .*-format)\r?\n')
    allowed_added = re.compile(r'(msgstr ".+"|# gdterms: .+|#, fuzzy(, .*-format)?|'
                               r'"PO-Revision-Date: .*\\n")\r?\n')
    assert [line for line in removed if not allowed_removed.fullmatch(line)] == []
    assert [line for line in added if not allowed_added.fullmatch(line)] == []


def assert_only_xliff_units_changed(before: str, after: str) -> None:
    """Nothing changed but targets (and 2.x segment states) filled and gdterms notes added."""
    removed, added = changed_lines(before, after)
    allowed_removed = re.compile(r'\s*(<target( state="new")?>\s*</target>|'
                                 r'<target( state="new")?/>|<segment [^>]*>|<notes/>)\s*')
    allowed_added = re.compile(
        r'\s*(<target( state="[a-z-]+"( state-qualifier="fuzzy-match")?)?>.+</target>'
        r'|<segment [^>]*state="(translated|initial)"[^>]*>'
        r'|<note (from|category)="gdterms"( appliesTo="target")?>(segment \S+: )?gdterms: .+'
        r'</note>'
        r'|</?notes>)\s*')
    assert [line for line in removed if not allowed_removed.fullmatch(line)] == []
    assert [line for line in added if not allowed_added.fullmatch(line)] == []


# XLIFF 1.2's enumerations (OASIS XLIFF 1.2, sections 4.3 "state" and "state-qualifier"). The
# strict schema itself is in neither ../shared/schemas (XLIFF 2 only) nor any installable
# package, and a copy from a fetched repository may not be committed; so a 1.2 file is checked
# against the rules our writer could break, and read back by translate-toolkit.
XLIFF_1_2_STATES = {"final", "needs-adaptation", "needs-l10n", "needs-review-adaptation",
                    "needs-review-l10n", "needs-review-translation", "needs-translation", "new",
                    "signed-off", "translated"}
XLIFF_1_2_QUALIFIERS = {"exact-match", "fuzzy-match", "id-match", "leveraged-glossary",
                        "leveraged-inherited", "leveraged-mt", "leveraged-repository",
                        "leveraged-tm", "mt-suggestion", "rejected-grammar",
                        "rejected-inaccurate", "rejected-length", "rejected-spelling",
                        "tm-suggestion"}


def validate_xliff_1_2(path: Path) -> None:
    from lxml import etree
    from translate.storage import xliff

    document = etree.parse(str(path))
    namespace = document.getroot().nsmap.get(None, "")
    ns = {"x": namespace} if namespace else {}
    units = document.findall(".//x:trans-unit" if ns else ".//trans-unit", ns)
    assert units, "no trans-unit"
    for unit in units:
        children = [etree.QName(child).localname for child in unit
                    if isinstance(child.tag, str)]
        assert children[0] == "source", children
        if "target" in children:
            # source, optional seg-source, then target: the order the schema's sequence demands.
            assert children.index("target") == (2 if children[1:2] == ["seg-source"] else 1)
            assert children.count("target") == 1, children
        for target in unit.findall("x:target" if ns else "target", ns):
            state = target.get("state")
            assert state is None or state in XLIFF_1_2_STATES or state.startswith("x-"), state
            qualifier = target.get("state-qualifier")
            assert qualifier is None or qualifier in XLIFF_1_2_QUALIFIERS \
                or qualifier.startswith("x-"), qualifier
        for note in unit.findall("x:note" if ns else "note", ns):
            assert note.get("annotates") in (None, "source", "target", "general")
            assert set(note.attrib) <= {"from", "priority", "annotates",
                                        "{http://www.w3.org/XML/1998/namespace}lang"}, note.attrib
    store = xliff.xlifffile.parsestring(path.read_bytes())
    assert len(store.units) == len(units)


def validate_xliff_2(path: Path) -> None:
    result = subprocess.run([sys.executable, str(VALIDATE), str(path), "xliff"],
                            capture_output=True, text=True, check=False, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("valid")


def pretranslate_cli(run_cli: Callable[..., tuple[int, str, str]], *argv: str
                     ) -> dict[str, object]:
    code, out, err = run_cli("pretranslate", *argv, "--json")
    assert code == 0, err
    report: dict[str, object] = json.loads(out)
    return report


# --- GNU gettext: xgettext, msginit (and msgfilter, msgconv) -----------------------------------


def gettext_catalogue(folder: Path) -> Path:
    """A PO as a developer gets one: xgettext extracts a POT from Python source, msginit makes
    the English catalogue. msginit fills an English catalogue with the msgids themselves, so
    msgfilter empties the msgstrs, as a translator starting from scratch has them."""
    (folder / "app.py").write_text(
        f'print(_("{NANSHA}"))\n'
        f'print(_("{HARMONY_QUERY}"))\n'
        f'print(_("{NOTHING}"))\n'
        f'print(_("{LAB}，共%d台") % 2)\n'
        'print(ngettext("共%d个文件", "共%d个文件", 2))\n', encoding="utf-8")
    run([tool("xgettext"), "--from-code=UTF-8", "-L", "Python", "-o", "app.pot", "app.py"],
        cwd=folder)
    run([tool("msginit"), "--no-translator", "-l", "en_US", "-i", "app.pot", "-o", "en.po"],
        cwd=folder)
    run([tool("msgfilter"), "--keep-header", "-i", "en.po", "-o", "app.po", "sed", "-e", "d"],
        cwd=folder)
    return folder / "app.po"


def test_a_catalogue_made_by_xgettext_and_msginit(tmp_path, memory, run_cli, monkeypatch):
    _, database = memory
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    catalogue = gettext_catalogue(tmp_path)
    before = catalogue.read_text(encoding="utf-8")
    assert before.count('msgstr ""') >= 5  # header, four singulars; the plural has msgstr[N]
    output = tmp_path / "out.po"

    report = pretranslate_cli(run_cli, str(catalogue), "-o", str(output), "--db",
                              str(database))

    after = output.read_text(encoding="utf-8")
    assert catalogue.read_text(encoding="utf-8") == before  # -o leaves the input alone
    assert_only_po_units_changed(before, after)
    msgfmt_check(output)
    assert report["kind"] == "gettext PO"
    assert report["languages"] == {"source": "zh-CN", "target": "en"}
    assert report["filled"] == {"translated": 1, "for_review": 1}
    assert report["skipped"] == {"plural": 1}
    assert report["unmatched"] == 2  # 今天天气很好, and the sentence with ，共%d台
    entries = {entry.msgid: entry for entry in polib.pofile(str(output))}
    exact = entries[NANSHA]
    assert (exact.msgstr, exact.flags) == (NANSHA_EN, [])
    assert exact.tcomment.startswith("gdterms: 100% exact match from ")
    assert exact.tcomment.endswith("team.tmx")
    fuzzy = entries[HARMONY_QUERY]
    assert fuzzy.msgstr == HARMONY_EN
    assert fuzzy.flags == ["fuzzy"]
    assert re.match(r"gdterms: (8\d|9[0-4])% fuzzy match from .*team\.tmx", fuzzy.tcomment)
    assert entries[NOTHING].msgstr == ""
    assert entries["共%d个文件"].msgstr_plural == {0: "", 1: ""}
    # The revision date is now (SOURCE_DATE_EPOCH pins it, as for every date we write).
    assert polib.pofile(str(output)).metadata["PO-Revision-Date"] == "2027-01-15 08:00+0000"


def test_fuzzy_obsolete_and_plural_entries_from_msgmerge_are_left_alone(tmp_path, memory,
                                                                        run_cli):
    """A catalogue after a release: every entry translated (msginit's English catalogue, whose
    msgstrs are the msgids), then the source changed and msgmerge made the changed entry fuzzy (with its #| previous msgid), the
    removed ones obsolete (#~), and added the new one empty. Only the new one is filled."""
    tm, database = memory
    bay = [("深圳湾实验室成立", "Shenzhen Bay Laboratory was founded")]
    (tmp_path / "bay.tmx").write_text(tmx(bay), encoding="utf-8")
    tm.add_file(str(tmp_path / "bay.tmx"))
    tm.close()
    gettext_catalogue(tmp_path)
    (tmp_path / "app.py").write_text(
        f'print(_("{NANSHA}"))\n'
        f'print(_("{LAB}"))\n'  # was {LAB}，共%d台: msgmerge makes it fuzzy
        'print(_("深圳湾实验室成立"))\n'
        'print(ngettext("共%d个文件", "共%d个文件", 2))\n', encoding="utf-8")
    run([tool("xgettext"), "--from-code=UTF-8", "-L", "Python", "-o", "new.pot", "app.py"],
        cwd=tmp_path)
    run([tool("msgmerge"), "--previous", "-o", "merged.po", "en.po", "new.pot"],
        cwd=tmp_path)
    merged = tmp_path / "merged.po"
    before = merged.read_text(encoding="utf-8")
    assert "#~ msgid" in before and "#| msgid" in before and "#, fuzzy" in before
    msgfmt_check(merged)

    report = pretranslate_cli(run_cli, str(merged), "--db", str(database))

    assert report["skipped"] == {"fuzzy": 1, "obsolete": 2, "plural": 1, "translated": 1}
    assert report["filled"] == {"translated": 1, "for_review": 0}
    after = merged.read_text(encoding="utf-8")
    assert_only_po_units_changed(before, after)
    assert 'msgid "深圳湾实验室成立"\nmsgstr "Shenzhen Bay Laboratory was founded"\n' in after
    msgfmt_check(merged)


def test_a_format_directive_the_match_lacks_leaves_the_unit_fuzzy(tmp_path, run_cli):
    """msgfmt --check compares python-format directives: a match without the msgid's %d is
    written for review (fuzzy entries are not checked), never as a translation."""
    catalogue = gettext_catalogue(tmp_path)
    database = tmp_path / "m.sqlite3"
    (tmp_path / "m.tmx").write_text(tmx([(f"{LAB}，共%d台", f"{LAB_EN}, two in all")]),
                                    encoding="utf-8")
    with TranslationMemory.open(str(database), shipped=False) as opened:
        opened.add_file(str(tmp_path / "m.tmx"))
    pretranslate_cli(run_cli, str(catalogue), "--db", str(database))
    entry = next(entry for entry in polib.pofile(str(catalogue)) if "%d台" in entry.msgid)
    assert entry.msgstr == f"{LAB_EN}, two in all"
    assert entry.flags == ["fuzzy", "python-format"]
    assert "left fuzzy because its python-format directives differ" in entry.tcomment
    msgfmt_check(catalogue)


def test_gb18030_and_crlf_are_kept(tmp_path, memory, run_cli):
    """msgconv re-encodes a tool-made catalogue as GB18030; its lines get CRLF endings (as a
    Windows editor saves them). The output keeps both, byte for byte outside the filled
    units."""
    _, database = memory
    catalogue = gettext_catalogue(tmp_path)
    legacy = tmp_path / "legacy.po"
    run([tool("msgconv"), "--to-code=GB18030", "-o", str(legacy), str(catalogue)])
    data = legacy.read_bytes().replace(b"\n", b"\r\n")
    legacy.write_bytes(data)
    assert b"charset=GB18030" in data
    data.decode("gb18030")

    pretranslate_cli(run_cli, str(legacy), "--db", str(database))

    result = legacy.read_bytes()
    assert result.count(b"\n") == result.count(b"\r\n")
    text = result.decode("gb18030")
    assert f'msgstr "{NANSHA_EN}"' in text
    assert_only_po_units_changed(data.decode("gb18030"), text)
    msgfmt_check(legacy)


# --- translate-toolkit's converters --------------------------------------------------------------


def test_catalogues_made_by_csv2po_txt2po_and_prop2po(tmp_path, memory, run_cli):
    _, database = memory
    table = tmp_path / "strings.csv"
    table.write_text('"location","source","target"\n'
                     f'"home.title","{NANSHA}",""\n'
                     f'"home.news","{HARMONY_QUERY}",""\n'
                     f'"home.weather","{NOTHING}",""\n', encoding="utf-8")
    run([*TT, "translate.convert.csv2po", str(table), str(tmp_path / "csv.po")])
    text = tmp_path / "article.txt"
    text.write_text(f"{LAB}\n\n{NANSHA}\n\n{NOTHING}\n", encoding="utf-8")
    run([*TT, "translate.convert.txt2po", str(text), str(tmp_path / "txt.po")])
    # Java properties are ISO-8859-1 with \uXXXX escapes, as native2ascii writes them.
    properties = tmp_path / "app.properties"
    properties.write_text(f"home.title={NANSHA}\nhome.weather={NOTHING}\n".encode(
        "unicode_escape").decode("ascii").replace("\\n", "\n"), encoding="ascii")
    run([*TT, "translate.convert.prop2po", str(properties), str(tmp_path / "prop.po")])

    for name, filled in (("csv.po", 2), ("txt.po", 2), ("prop.po", 1)):
        catalogue = tmp_path / name
        before = catalogue.read_text(encoding="utf-8")
        report = pretranslate_cli(run_cli, str(catalogue), "--db", str(database))
        after = catalogue.read_text(encoding="utf-8")
        assert_only_po_units_changed(before, after)
        msgfmt_check(catalogue)
        assert report["filled"]["translated"] + report["filled"]["for_review"] == filled
        translated = {entry.msgid: entry.msgstr for entry in polib.pofile(str(catalogue))}
        assert translated[NANSHA] == NANSHA_EN
        assert translated[NOTHING] == ""


def test_number_adapted_matches_and_term_warnings_are_for_review(tmp_path, run_cli):
    """A match whose numbers the memory adapted (99) is filled for review, and the memory's
    term warning (a form to avoid in the stored English) goes into the note."""
    memory_file = tmp_path / "mine.tmx"
    memory_file.write_text(tmx([
        ("广州全球独角兽上榜企业24家", "Guangzhou has 24 companies on the global unicorn list"),
        ("鸿蒙操作系统全面商用。", "Hongmeng OS is in full commercial use.")]), encoding="utf-8")
    database = tmp_path / "m.sqlite3"
    with TranslationMemory.open(str(database), shipped=False) as tm:
        tm.add_file(str(memory_file))
    table = tmp_path / "strings.csv"
    table.write_text('"location","source","target"\n"a","广州全球独角兽上榜企业25家",""\n'
                     '"b","鸿蒙操作系统全面商用了。",""\n', encoding="utf-8")
    run([*TT, "translate.convert.csv2po", str(table), str(tmp_path / "strings.po")])
    catalogue = tmp_path / "strings.po"

    report = pretranslate_cli(run_cli, str(catalogue), "--db", str(database))

    assert report["filled"] == {"translated": 0, "for_review": 2}
    entries = {entry.msgid: entry for entry in polib.pofile(str(catalogue))}
    adapted = entries["广州全球独角兽上榜企业25家"]
    assert adapted.msgstr == "Guangzhou has 25 companies on the global unicorn list"
    assert adapted.flags == ["fuzzy"]
    assert adapted.tcomment.startswith("gdterms: 99% number-adapted match from ")
    warned = entries["鸿蒙操作系统全面商用了。"]
    assert warned.flags == ["fuzzy"]
    assert 'gdterms: term warning: The target writes "Hongmeng OS"' in warned.tcomment
    bands = {row["band"]: row["segments"] for row in report["analysis"]}  # type: ignore
    assert bands["95-99"] == 1
    msgfmt_check(catalogue)


def test_an_xliff_made_by_po2xliff_reads_back_in_translate_toolkit(tmp_path, memory, run_cli):
    """po2xliff writes XLIFF 1.1 (its namespace and version) and always says the source is
    en-US, so the pair is given on the command line; the states are 1.1's, without 1.2's
    state-qualifier, and translate-toolkit reads the result back."""
    from translate.storage import factory

    _, database = memory
    table = tmp_path / "strings.csv"
    table.write_text('"location","source","target"\n'
                     f'"a","{NANSHA}",""\n"b","{HARMONY_QUERY}",""\n"c","{NOTHING}",""\n',
                     encoding="utf-8")
    run([*TT, "translate.convert.csv2po", str(table), str(tmp_path / "strings.po")])
    run([*TT, "translate.convert.po2xliff", str(tmp_path / "strings.po"),
         str(tmp_path / "strings.xlf")])
    xliff = tmp_path / "strings.xlf"
    before = xliff.read_text(encoding="utf-8")
    assert 'version="1.1"' in before and 'source-language="en-US"' in before

    report = pretranslate_cli(run_cli, str(xliff), "--db", str(database), "--source-lang",
                              "zh-CN", "--target-lang", "en")

    after = xliff.read_text(encoding="utf-8")
    assert report["kind"] == "XLIFF 1.1"
    assert_only_xliff_units_changed(before, after)
    assert "state-qualifier" not in after
    units = {unit.source: unit for unit in factory.getobject(str(xliff)).units
             if unit.source}
    # translate-toolkit keeps "fuzzy" for units not approved="yes" (nobody approved these);
    # the state tells an exact fill from one to review.
    assert units[NANSHA].target == NANSHA_EN and not units[NANSHA].isreview()
    assert units[HARMONY_QUERY].target == HARMONY_EN and units[HARMONY_QUERY].isreview()
    assert not units[NOTHING].target


# --- Angular XLIFF 1.2 with <x/> codes -----------------------------------------------------------

ANGULAR = """<?xml version="1.0" encoding="UTF-8" ?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file source-language="zh-CN" datatype="plaintext" original="ng2.template">
    <body>
      <trans-unit id="welcome" datatype="html">
        <source>欢迎来到南沙，<x id="INTERPOLATION" equiv-text="{{ name }}"/>！</source>
        <context-group purpose="location">
          <context context-type="sourcefile">src/app/app.component.html</context>
          <context context-type="linenumber">3</context>
        </context-group>
      </trans-unit>
      <trans-unit id="unicorns" datatype="html">
        <source>广州有<x id="INTERPOLATION" equiv-text="{{ count }}"/>家<x id="START_BOLD_TEXT" ctype="x-b" equiv-text="&lt;b&gt;"/>独角兽<x id="CLOSE_BOLD_TEXT" ctype="x-b" equiv-text="&lt;/b&gt;"/>企业</source>
        <context-group purpose="location">
          <context context-type="sourcefile">src/app/app.component.html</context>
          <context context-type="linenumber">5</context>
        </context-group>
      </trans-unit>
      <trans-unit id="lab" datatype="html">
        <source>鹏城实验室发布<x id="INTERPOLATION" equiv-text="{{ item }}"/>新一代超级计算机</source>
        <context-group purpose="location">
          <context context-type="sourcefile">src/app/app.component.html</context>
          <context context-type="linenumber">7</context>
        </context-group>
      </trans-unit>
      <trans-unit id="zone" datatype="html">
        <source>广州南沙获批建设5G应用示范区<x id="INTERPOLATION" equiv-text="{{ icon }}"/></source>
        <target state="new"/>
      </trans-unit>
      <trans-unit id="done" datatype="html">
        <source>鸿蒙操作系统正式发布</source>
        <target state="final">HarmonyOS is out</target>
      </trans-unit>
    </body>
  </file>
</xliff>
"""

# Last release's translated file: the memory learns where the codes go in English.
ANGULAR_TRANSLATED = """<?xml version="1.0" encoding="UTF-8" ?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file source-language="zh-CN" target-language="en" datatype="plaintext" original="ng2.template">
    <body>
      <trans-unit id="welcome" datatype="html">
        <source>欢迎来到南沙，<x id="INTERPOLATION" equiv-text="{{ name }}"/>！</source>
        <target state="translated">Welcome to Nansha, <x id="INTERPOLATION" equiv-text="{{ name }}"/>!</target>
      </trans-unit>
      <trans-unit id="unicorns" datatype="html">
        <source>广州有<x id="INTERPOLATION" equiv-text="{{ count }}"/>家<x id="START_BOLD_TEXT" ctype="x-b" equiv-text="&lt;b&gt;"/>独角兽<x id="CLOSE_BOLD_TEXT" ctype="x-b" equiv-text="&lt;/b&gt;"/>企业</source>
        <target state="translated">Guangzhou's <x id="START_BOLD_TEXT" ctype="x-b" equiv-text="&lt;b&gt;"/>unicorn<x id="CLOSE_BOLD_TEXT" ctype="x-b" equiv-text="&lt;/b&gt;"/> companies number <x id="INTERPOLATION" equiv-text="{{ count }}"/>.</target>
      </trans-unit>
    </body>
  </file>
</xliff>
"""


def test_an_angular_xliff_gets_its_codes_where_the_memory_had_them(tmp_path, memory,
                                                                   run_cli):
    tm, database = memory
    (tmp_path / "messages.en.xlf").write_text(ANGULAR_TRANSLATED, encoding="utf-8")
    tm.add_file(str(tmp_path / "messages.en.xlf"))
    tm.close()
    source = tmp_path / "messages.xlf"
    source.write_text(ANGULAR, encoding="utf-8")
    output = tmp_path / "messages.out.xlf"

    report = pretranslate_cli(run_cli, str(source), "-o", str(output), "--db",
                              str(database))

    after = output.read_text(encoding="utf-8")
    assert_only_xliff_units_changed(ANGULAR, after)
    validate_xliff_1_2(output)
    assert report["kind"] == "XLIFF 1.2"
    assert report["skipped"] == {"translated": 1}
    targets = dict(re.findall(r'<trans-unit id="(\w+)".*?<target[^>]*>(.*?)</target>',
                              after, re.DOTALL))
    states = dict(re.findall(r'<trans-unit id="(\w+)".*?<target( [^>]*)>', after, re.DOTALL))
    # Ids the stored target has go where it had them.
    assert targets["welcome"] == ('Welcome to Nansha, <x id="INTERPOLATION" '
                                  'equiv-text="{{ name }}"/>!')
    assert targets["unicorns"] == (  # in the English order, not the Chinese
        'Guangzhou\'s <x id="START_BOLD_TEXT" ctype="x-b" equiv-text="&lt;b&gt;"/>unicorn'
        '<x id="CLOSE_BOLD_TEXT" ctype="x-b" equiv-text="&lt;/b&gt;"/> companies number '
        '<x id="INTERPOLATION" equiv-text="{{ count }}"/>.')
    assert states["welcome"] == states["unicorns"] == ' state="translated"'
    # A code at the end of the source goes to the end of the target.
    assert targets["zone"] == f'{NANSHA_EN}<x id="INTERPOLATION" equiv-text="{{{{ icon }}}}"/>'
    assert states["zone"].startswith(' state="')  # <target state="new"/> replaced
    assert '<target state="new"/>' not in after
    # The TMX has the sentence without the code: the code in the middle cannot be placed, so
    # it goes to the end and the unit is left for review with a note that says so.
    assert targets["lab"] == f'{LAB_EN}<x id="INTERPOLATION" equiv-text="{{{{ item }}}}"/>'
    assert states["lab"] == ' state="needs-review-translation" state-qualifier="fuzzy-match"'
    lab_notes = re.search(r'<trans-unit id="lab".*?<note from="gdterms">(.*?)</note>', after,
                          re.DOTALL)
    assert lab_notes and "1 inline code(s) of the source could not be placed" in (
        lab_notes.group(1))
    # No code is ever dropped.
    for unit in re.findall(r"<source>(.*?)</source>.*?<target[^>]*>(.*?)</target>", after,
                           re.DOTALL):
        assert sorted(re.findall(r"<x [^>]*/>", unit[0])) == sorted(
            re.findall(r"<x [^>]*/>", unit[1]))


def test_utf16_with_a_bom_and_crlf_is_kept(tmp_path, memory, run_cli):
    """An XLIFF saved by a Windows tool: UTF-16 LE with a byte-order mark, CRLF line ends."""
    _, database = memory
    text = ANGULAR.replace('encoding="UTF-8"', 'encoding="UTF-16"').replace("\n", "\r\n")
    source = tmp_path / "messages.xlf"
    source.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))

    report = pretranslate_cli(run_cli, str(source), "--db", str(database))

    data = source.read_bytes()
    assert data.startswith(b"\xff\xfe")
    after = data[2:].decode("utf-16-le")
    assert after.count("\n") == after.count("\r\n")
    assert_only_xliff_units_changed(text, after)
    assert f"{NANSHA_EN}<x id=" in after
    assert report["filled"]["translated"] >= 1
    validate_xliff_1_2(source)


# --- XLIFF 2.0 with <ph/> and <pc> ---------------------------------------------------------------

XLIFF2 = f"""<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="zh-CN" trgLang="en">
  <file id="f1" original="news.html">
    <unit id="u1">
      <originalData>
        <data id="d1">&lt;br/&gt;</data>
      </originalData>
      <segment id="s1">
        <source>{NANSHA}<ph id="1" dataRef="d1"/></source>
      </segment>
    </unit>
    <unit id="u2">
      <notes>
        <note category="context">headline</note>
      </notes>
      <segment id="s1" state="initial">
        <source><pc id="1" type="fmt" subType="xlf:b">鸿蒙</pc>操作系统正式发布了</source>
        <target></target>
      </segment>
      <segment id="s2">
        <source>{NOTHING}</source>
      </segment>
    </unit>
    <unit id="u3">
      <segment id="s1" state="final">
        <source>{LAB}</source>
        <target>Peng Cheng Lab releases a supercomputer</target>
      </segment>
    </unit>
    <unit id="u4" translate="no">
      <segment id="s1">
        <source>{NANSHA}</source>
      </segment>
    </unit>
    <unit id="u5">
      <notes/>
      <segment id="s1">
        <source><pc id="1" type="fmt" subType="xlf:b">{LAB}</pc></source>
      </segment>
    </unit>
    <group id="g1" translate="no">
      <unit id="u6">
        <segment id="s1">
          <source>{NANSHA}</source>
        </segment>
      </unit>
    </group>
  </file>
</xliff>
"""


def test_an_xliff_2_with_ph_and_pc(tmp_path, memory, run_cli):
    _, database = memory
    source = tmp_path / "news.xlf"
    source.write_text(XLIFF2, encoding="utf-8")

    report = pretranslate_cli(run_cli, str(source), "--db", str(database))

    after = source.read_text(encoding="utf-8")
    assert_only_xliff_units_changed(XLIFF2, after)
    validate_xliff_2(source)
    assert report["kind"] == "XLIFF 2.0"
    assert report["skipped"] == {"not translatable": 2, "translated": 1}  # u4; u6 by its group
    assert report["filled"] == {"translated": 2, "for_review": 1}
    # <ph/> at the end, and a <pc> around the whole source, placed by position.
    assert (f'<segment id="s1" state="translated">\n        <source>{NANSHA}<ph id="1" '
            f'dataRef="d1"/></source>\n        <target>{NANSHA_EN}<ph id="1" dataRef="d1"/>'
            "</target>") in after
    assert (f'<target><pc id="1" type="fmt" subType="xlf:b">{LAB_EN}</pc></target>') in after
    # <pc> around the first word: the TMX's English has no such code, so the pair goes to the
    # end (still well-formed) and the segment stays initial, with notes in the unit's <notes>.
    assert (f'<target>{HARMONY_EN}<pc id="1" type="fmt" subType="xlf:b"></pc></target>'
            in after)
    assert '<segment id="s1" state="initial">' in after
    notes = re.search(r'<unit id="u2">\s*<notes>(.*?)</notes>', after, re.DOTALL)
    assert notes is not None
    assert '<note category="context">headline</note>' in notes.group(1)
    assert "segment s1: gdterms: " in notes.group(1)
    assert "2 inline code(s) of the source could not be placed" in notes.group(1)
    assert re.search(r'<unit id="u5">\s*<notes>\s*<note category="gdterms" '
                     r'appliesTo="target">segment s1: gdterms: 100% exact', after)
    u1 = re.search(r'<unit id="u1">\s*<notes>\s*<note category="gdterms" appliesTo="target">'
                   r"segment s1: gdterms: 100% exact match from [^<]*team\.tmx</note>", after)
    assert u1 is not None


# --- OmegaT's project_save.tmx as the memory -----------------------------------------------------


def omegat_project_save(folder: Path, pairs: list[tuple[str, str]]) -> Path:
    """Have OmegaT 3.6 translate a project and write its own omegat/project_save.tmx."""
    launcher = shutil.which("omegat")
    assert launcher, "OmegaT is required (apt-get install omegat; .ci/run installs it)"
    jar = re.search(r"-jar\s+(\S+\.jar)", Path(launcher).read_text(encoding="utf-8"))
    assert jar, f"{launcher} names no OmegaT jar"
    project = folder / "project"
    for sub in ("source", "omegat", "tm", "glossary", "dictionary", "target"):
        (project / sub).mkdir(parents=True)
    (project / "omegat.project").write_text(
        '<?xml version="1.0" encoding="UTF-8" ?>\n<omegat>\n  <project version="1.0">\n'
        "    <source_dir>__DEFAULT__</source_dir>\n    <target_dir>__DEFAULT__</target_dir>\n"
        "    <tm_dir>__DEFAULT__</tm_dir>\n    <glossary_dir>__DEFAULT__</glossary_dir>\n"
        "    <source_lang>zh-CN</source_lang>\n    <target_lang>en-US</target_lang>\n"
        "    <sentence_seg>true</sentence_seg>\n  </project>\n</omegat>\n", encoding="utf-8")
    (project / "source" / "article.txt").write_text(
        "".join(f"{zh}\n" for zh, _ in pairs), encoding="utf-8")
    (folder / "pairs.tsv").write_text("".join(f"{zh}\t{en}\n" for zh, en in pairs),
                                      encoding="utf-8")
    run([tool("java"), "-Djava.awt.headless=true", "-Dfile.encoding=UTF-8", "-jar",
         jar.group(1), "--mode=console-translate", f"--config-dir={folder / 'config'}",
         "--disable-project-locking", "--no-team",
         f"--script={HERE / 'save_project.groovy'}", str(project)],
        OMT_PAIRS=str(folder / "pairs.tsv"))
    saved = project / "omegat" / "project_save.tmx"
    assert saved.is_file(), "OmegaT wrote no project_save.tmx"
    return saved


def test_omegat_project_save_tmx_as_the_memory(tmp_path, run_cli):
    saved = omegat_project_save(tmp_path, [(f"{NANSHA}。", f"{NANSHA_EN}."),
                                           (f"{HARMONY}。", f"{HARMONY_EN}.")])
    text = saved.read_text(encoding="utf-8")
    assert 'creationtool="OmegaT"' in text and "3.6.0" in text  # OmegaT 3.6's own file
    assert re.search(r'<tuv lang="en-US" changeid="[^"]+" changedate="\d{8}T\d{6}Z"', text)
    database = tmp_path / "omegat.sqlite3"
    with TranslationMemory.open(str(database), shipped=False) as tm:
        assert tm.add_file(str(saved)).added == 2
    catalogue = gettext_catalogue(tmp_path)
    po_text = catalogue.read_text(encoding="utf-8").replace(
        f'msgid "{NANSHA}"', f'msgid "{NANSHA}。"')
    catalogue.write_text(po_text, encoding="utf-8")

    report = pretranslate_cli(run_cli, str(catalogue), "--db", str(database))

    msgfmt_check(catalogue)
    units = {unit["source"]: unit for unit in report["units"]}  # type: ignore[index]
    assert units[f"{NANSHA}。"]["target"] == f"{NANSHA_EN}."
    assert units[f"{NANSHA}。"]["state"] == "translated"
    assert str(units[f"{NANSHA}。"]["origin"]).endswith("project_save.tmx")
    assert units[HARMONY_QUERY]["state"] == "review"


# --- context matches, analysis, CLI ------------------------------------------------------------


def test_context_matches_score_101_and_fill_the_101_band(tmp_path, run_cli):
    """A catalogue translated last time (its entries in file order) is the memory: the same
    entries after the same neighbours are 101, the first one (no neighbour) 100."""
    catalogue = gettext_catalogue(tmp_path)
    untranslated = catalogue.read_text(encoding="utf-8")
    done = polib.pofile(str(catalogue))
    for entry, english in zip([entry for entry in done if not entry.msgid_plural],
                              ("one", "two", "three", "four %d"), strict=True):
        entry.msgstr = english
    done.save(str(tmp_path / "last.po"))
    database = tmp_path / "m.sqlite3"
    with TranslationMemory.open(str(database), shipped=False) as tm:
        tm.add_file(str(tmp_path / "last.po"))

    report = pretranslate_cli(run_cli, str(catalogue), "--db", str(database))

    scores = {unit["source"]: unit["score"] for unit in report["units"]}  # type: ignore[index]
    assert scores == {NANSHA: 100, HARMONY_QUERY: 101, NOTHING: 101, f"{LAB}，共%d台": 101}
    bands = {row["band"]: row for row in report["analysis"]}  # type: ignore[union-attr]
    assert bands["101"] == {"band": "101", "segments": 3, "words": 11 + 6 + 18}
    assert bands["100"] == {"band": "100", "segments": 1, "words": 14}
    assert bands["no match"]["segments"] == 0
    after = catalogue.read_text(encoding="utf-8")
    assert_only_po_units_changed(untranslated, after)
    assert "# gdterms: 101% context match from " in after
    msgfmt_check(catalogue)


def test_the_cli_prints_the_band_analysis(tmp_path, memory, run_cli):
    _, database = memory
    catalogue = gettext_catalogue(tmp_path)
    code, out, _ = run_cli("pretranslate", str(catalogue), "--db", str(database),
                           "--min-score", "50")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith(f"{catalogue} (gettext PO, zh-CN -> en): 1 filled as "
                               "translated")
    assert "left alone: 1 plural" in lines
    rows = {line.split()[0]: line.split()[1:] for line in lines[3:]}
    assert rows["100"] == ["1", "14"]  # 广州南沙获批建设5G应用示范区: 13 characters and 5G
    assert rows["85-94"] == ["1", "11"]
    assert rows["no"] == ["match", "2", str(6 + 18)]
    assert rows["total"] == ["4", str(14 + 11 + 6 + 18)]
    assert "each Chinese character counts as one" in out


def test_bad_input_exits_2_and_says_where(tmp_path, memory, run_cli):
    _, database = memory
    broken = tmp_path / "broken.xlf"
    broken.write_text('<?xml version="1.0"?>\n<xliff version="1.2">\n<file>\n</xliff>\n',
                      encoding="utf-8")
    code, out, err = run_cli("pretranslate", str(broken), "--db", str(database))
    assert (code, out) == (2, "")
    assert f"{broken}:4: not well-formed XML" in err
    code, _, err = run_cli("pretranslate", str(tmp_path / "missing.po"), "--db",
                           str(database))
    assert code == 2 and "missing.po" in err
    code, _, err = run_cli("pretranslate", str(broken), "--min-score", "0")
    assert code == 2 and "must be a score from 1 to 100" in err


def test_the_write_is_atomic(tmp_path, memory, monkeypatch):
    """A write that fails leaves the file as it was and no temporary file behind; one that
    succeeds replaces it whole, with the file's permissions."""
    tm, _ = memory
    catalogue = gettext_catalogue(tmp_path)
    catalogue.chmod(0o640)
    before = catalogue.read_bytes()
    listing = sorted(os.listdir(tmp_path))

    def fail(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        pretranslate_file(str(catalogue), tm)
    assert catalogue.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == listing
    monkeypatch.undo()
    report = pretranslate_file(str(catalogue), tm)
    assert report.written and catalogue.read_bytes() != before
    assert catalogue.stat().st_mode & 0o777 == 0o640
    assert sorted(os.listdir(tmp_path)) == listing


def test_nothing_to_fill_writes_nothing(tmp_path, memory):
    tm, _ = memory
    catalogue = gettext_catalogue(tmp_path)
    text = catalogue.read_text(encoding="utf-8")
    catalogue.write_text(text.replace(f'msgid "{NANSHA}"', 'msgid "无关的句子"').replace(
        f'msgid "{HARMONY_QUERY}"', 'msgid "另一个无关句子"'), encoding="utf-8")
    stamp = catalogue.stat().st_mtime_ns
    report = pretranslate_file(str(catalogue), tm)
    assert not report.filled and not report.written
    assert catalogue.stat().st_mtime_ns == stamp


def test_a_last_line_without_a_newline_stays_without_one(tmp_path, memory):
    """Editors that do not end files with a newline exist; the filled last entry keeps that."""
    tm, _ = memory
    catalogue = tmp_path / "short.po"
    catalogue.write_bytes(('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
                           f'"Language: en\\n"\n\nmsgid "{NANSHA}"\nmsgstr ""').encode())
    pretranslate_file(str(catalogue), tm)
    assert catalogue.read_bytes().endswith(f'msgstr "{NANSHA_EN}"'.encode())
    msgfmt_check(catalogue)


# --- the pure parts ------------------------------------------------------------------------------


def test_words_are_counted_as_cat_tools_count_chinese():
    assert count_words("广州南沙获批建设5G应用示范区") == 14
    assert count_words("鹏城实验室：2024年发布") == 8 + 1
    assert count_words("The Greater Bay Area's 17,000 firms, well-known") == 7
    assert count_words("。，！") == 0


def test_bands():
    assert [band_of(score).label for score in (101, 100, 99, 95, 94, 85, 84, 75, 74, None)] == [
        "101", "100", "95-99", "95-99", "85-94", "85-94", "75-84", "75-84", "no match",
        "no match"]


def code(offset: int, kind: str, ident: str) -> Code:
    return Code(offset, kind, ident, f"<{kind} {ident}>")


def test_codes_go_where_the_stored_target_has_their_ids():
    source = "广州有家独角兽企业"
    codes = [code(3, "x", "N"), code(4, "x", "B"), code(7, "x", "E")]
    target = "Guangzhou has  unicorn companies"
    stored = [code(14, "x", "N"), code(15, "x", "B"), code(22, "x", "E")]
    assert place_codes(source, codes, target, stored) == ([(14, 0), (15, 1), (22, 2)], [])


def test_codes_at_the_edges_follow_the_edges_and_the_rest_is_not_placed():
    source = "欢迎来到南沙"
    codes = [code(0, "g-open", "1"), code(2, "x", "2"), code(6, "g-close", "1"),
             code(6, "x", "3")]
    placed, unplaced = place_codes(source, codes, "Welcome to Nansha", ())
    assert placed == [(0, 0), (17, 2), (17, 3)]
    assert unplaced == [1]


def test_a_wrapper_pair_is_placed_together_or_not_at_all():
    source = "鸿蒙操作系统"
    codes = [code(0, "pc-open", "1"), code(2, "pc-close", "1")]
    assert place_codes(source, codes, "HarmonyOS", ()) == ([], [0, 1])
    # Stored the wrong way round: dropped, so the target stays well-formed.
    stored = [code(5, "pc-open", "1"), code(2, "pc-close", "1")]
    assert place_codes(source, codes, "HarmonyOS", stored) == ([], [0, 1])


def test_crossing_wrappers_are_not_placed():
    source = "一二三四"
    codes = [code(0, "g-open", "a"), code(1, "g-open", "b"), code(2, "g-close", "a"),
             code(4, "g-close", "b")]
    stored = [code(0, "g-open", "a"), code(1, "g-open", "b"), code(2, "g-close", "a"),
              code(4, "g-close", "b")]
    placed, unplaced = place_codes(source, codes, "abcd", stored)
    assert placed == [] and unplaced == [0, 1, 2, 3]

