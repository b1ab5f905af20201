"""Exchange formats: each validates against its schema or reference tool, and round-trips.

Schema and tool checks run on the real glossary export. Round trips are property-based:
hypothesis makes records full of XML specials, quotes, tabs, newlines, emoji, CJK Extension B
characters and right-to-left marks, and every format that carries a field must return it.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from babel.messages.pofile import read_po
from conftest import REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guangdong_terms import Glossary
from guangdong_terms.core.bilingual import Unit
from guangdong_terms.curation.seeds import clean_line
from guangdong_terms.formats import FORMATS, FormatError, jsonfile, names, tabular, tbx, tmx
from guangdong_terms.formats.po import build_catalogue, read_catalogue
from guangdong_terms.operations.exporting import ExportError, export

VALIDATE = REPO.parent / "shared" / "schemas" / "validate.py"


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("exports")
    for name in names("export"):
        export(name, str(folder / f"glossary{FORMATS[name].extensions[0]}".replace(
            ".tbx", ".omegat.tbx" if name == "tbx-omegat" else ".tbx")))
    export("tmx", str(folder / "zh-HK.tmx"), source_lang="zh-HK")
    export("tmx", str(folder / "zh-TW.tmx"), source_lang="zh-TW")
    export("po", str(folder / "reverse-zh_TW.po"), source_lang="en", target_lang="zh-TW")
    return folder


def _validate(path: Path, kind: str) -> str:
    result = subprocess.run([sys.executable, str(VALIDATE), str(path), kind],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_cli_format_list_matches_the_registry():
    from guangdong_terms.cli.parser import build_parser

    export_parser = build_parser("export")._subparsers._group_actions[0].choices["export"]
    choices = next(a.choices for a in export_parser._actions if a.dest == "format")
    assert choices == names("export") == ["tmx", "tbx", "tbx-omegat", "omegat", "po", "pot",
                                          "mo", "csv", "tsv", "json", "jsonl"]


@pytest.mark.parametrize("name", ["glossary.tmx", "zh-HK.tmx", "zh-TW.tmx"])
def test_tmx_is_valid_against_the_tmx14_dtd(exports, name):
    assert _validate(exports / name, "tmx").strip().endswith("valid")


def test_tmx_has_one_pair_and_region_tags(exports):
    text = (exports / "zh-TW.tmx").read_text(encoding="utf-8")
    assert 'srclang="zh-TW"' in text and 'xml:lang="zh-CN"' not in text
    assert not text.startswith("\ufeff")
    assert "<seg>\n" not in text and "<seg> " not in text


def test_tbx_basic_is_valid_against_rng_and_schematron(exports):
    assert _validate(exports / "glossary.tbx", "tbx").strip().endswith("valid")


@pytest.mark.parametrize("name", ["glossary.po", "reverse-zh_TW.po"])
def test_po_passes_msgfmt_check(exports, name):
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "GNU gettext's msgfmt is required (apt-get install gettext)"
    result = subprocess.run([msgfmt, "--check-format", "--check-header", "-o", "/dev/null",
                             str(exports / name)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_po_reads_back_with_babel_and_polib(exports, shipped):
    with (exports / "glossary.po").open("rb") as handle:
        catalogue = read_po(handle)
    assert catalogue.locale is not None and str(catalogue.locale) == "en"
    term = shipped.get("harmonyos")
    assert catalogue.get(term.zh, context=term.id).string == term.en
    reverse = polib.pofile(str(exports / "reverse-zh_TW.po"))
    assert reverse.metadata["Language"] == "zh_TW"
    assert reverse.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    assert reverse.find(term.en, msgctxt=term.id).msgstr == term.zh_tw


def test_po_term_entries_carry_pinyin_category_context_and_seed_references(exports, shipped):
    catalogue = polib.pofile(str(exports / "glossary.po"))
    assert catalogue.metadata["X-Source-Language"] == "zh_CN"
    for term in shipped:
        entry = catalogue.find(term.zh, msgctxt=term.id)
        comments = entry.comment.splitlines()
        assert f"pinyin: {term.pinyin}" in comments and f"category: {term.category}" in comments
        assert f"context: {term.contexts[0].zh}" in comments
        assert f"context-en: {term.contexts[0].en}" in comments
        # Every reference names a real line of a shipped seed, and that line (markup removed,
        # as `gdterms seeds text` shows it) holds the context sentence, or, for a sentence the
        # capture broke across lines, its start: the line ends with the sentence's first words.
        assert len(entry.occurrences) == len(term.contexts)
        for (path, line), context in zip(entry.occurrences, term.contexts, strict=True):
            raw = clean_line((REPO / path).read_text(encoding="utf-8").splitlines()[int(line) - 1])
            if context.end_line is None:
                assert context.zh in raw, (term.id, path, line)
            else:
                assert int(line) < context.end_line
                assert any(context.zh.startswith(raw[start:]) for start in range(len(raw))), (
                    term.id, path, line)


def test_mo_compiles_and_loads_with_gettext(exports, shipped):
    import gettext

    with (exports / "glossary.mo").open("rb") as handle:
        translations = gettext.GNUTranslations(handle)
    term = shipped.get("harmonyos")
    assert translations.pgettext(term.id, term.zh) == term.en


def test_translate_toolkit_reads_identical_tmx_pairs(exports):
    from translate.storage import tmx as tt_tmx

    store = tt_tmx.tmxfile.parsefile(str(exports / "glossary.tmx"))
    theirs = {(unit.source, unit.target) for unit in store.units}
    ours = {(s.source, s.target) for s in tmx.read_tmx_segments(str(exports / "glossary.tmx"))}
    assert theirs == ours and ours


def test_export_refuses_bad_language_tags_and_pairs(tmp_path):
    for source, target in (("zh_CN", "en"), ("zh-Hans", "en"), ("zho", "en"), ("zh-CN", "fr")):
        with pytest.raises(ExportError):
            export("tmx", str(tmp_path / "x.tmx"), source_lang=source, target_lang=target)
    with pytest.raises(ExportError, match="zh-CN -> en only"):
        export("omegat", str(tmp_path / "x.utf8"), source_lang="zh-TW")
    assert not list(tmp_path.iterdir())  # nothing half-written


def test_failed_export_leaves_the_old_file(tmp_path):
    target = tmp_path / "out.tmx"
    target.write_text("old", encoding="utf-8")
    bad = Unit("x", "中\x01", "en")
    with pytest.raises(ValueError, match="U\\+0001"):
        from guangdong_terms.formats._writing import atomic_output

        atomic_output(str(target), lambda handle: tmx.write_tmx(handle, [bad]))
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.tmx"]


# --- round trips -----------------------------------------------------------------------------

# Text a curator or an import could put in a field: XML specials, quotes, tab, newline,
# carriage return, emoji, CJK Extension B, right-to-left mark. (XML 1.0 cannot carry other C0
# controls, U+FFFE or U+FFFF at all; writers refuse them, see
# test_failed_export_leaves_the_old_file and test_tmx_reader.py.)
SPECIAL = st.sampled_from(list("<>&\"'\t\n\r😀𠀋\u200f中文 ab"))
text = st.text(SPECIAL | st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"],
                                         exclude_characters="\ufffe\uffff"),
               min_size=1, max_size=20)
one_line = text.map(lambda s: s.replace("\n", " ").replace("\r", " ").strip() or "x")


@st.composite
def records(draw: st.DrawFn) -> dict[str, object]:
    aliases = draw(st.lists(one_line, max_size=2, unique=True))
    parallel = st.lists(one_line, min_size=len(aliases), max_size=len(aliases))  # may repeat
    return {
        "id": draw(st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True)),
        "zh": draw(one_line), "en": draw(one_line),
        "en_alternatives": draw(st.lists(one_line, max_size=2, unique=True)),
        "en_avoid": draw(st.lists(one_line, max_size=2, unique=True)),
        "category": draw(st.sampled_from(["programme", "slogan", "zone"])),
        "pinyin": draw(one_line), "zh_hk": draw(one_line), "zh_tw": draw(one_line),
        "aliases": aliases, "aliases_hk": draw(parallel), "aliases_tw": draw(parallel),
        "contexts": [{"zh": draw(one_line), "seed": "000", "en": draw(one_line)}],
        "definition": draw(one_line),
        "notes": draw(text), "en_source": draw(one_line), "en_source_quote": draw(one_line),
        "status": draw(st.sampled_from(["verified", "unverified"])),
        "checked": draw(st.one_of(st.just(""), one_line)),
        "overrides": draw(st.dictionaries(st.sampled_from(["pinyin", "zh_tw",
                                                           "aliases_tw.“人工智能+”行动"]),
                                          one_line, max_size=3)),
        "related": draw(st.lists(st.fixed_dictionaries({
            "type": st.sampled_from(["broader", "narrower", "related"]),
            "id": st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True)}),
            max_size=2)),
        "short_forms": draw(st.lists(st.fixed_dictionaries({
            "zh": st.text(alphabet="大湾区鸿蒙深圳", min_size=1, max_size=4),
            "en": one_line}), max_size=2, unique_by=lambda pair: pair["zh"])),
    }


ROUND_TRIP = settings(max_examples=60, deadline=None,
                      suppress_health_check=[HealthCheck.function_scoped_fixture])


@ROUND_TRIP
@given(terms=st.lists(records(), max_size=3))
@pytest.mark.parametrize("kind", ["json", "jsonl", "csv", "tsv", "tbx"])
def test_full_record_formats_round_trip(kind, terms, tmp_path):
    path = tmp_path / f"x.{kind}"
    segments = [{"seed": "000", "n": 1, "line": 2, "zh": "中", "en": "x", "note": ""}]
    with path.open("w", encoding="utf-8", newline="" if kind in ("csv", "tsv") else "\n") as h:
        if kind in ("json", "jsonl"):
            getattr(jsonfile, f"write_{kind}")(h, terms, segments)
        elif kind in ("csv", "tsv"):
            tabular.write_table(h, terms, segments, "," if kind == "csv" else "\t")
        else:
            tbx.write_tbx(h, terms)
    if kind in ("json", "jsonl"):
        got, got_segments = getattr(jsonfile, f"read_{kind}")(str(path))
    elif kind in ("csv", "tsv"):
        got, got_segments = tabular.read_table(str(path), delimiter="," if kind == "csv" else "\t")
    else:
        got, got_segments = tbx.read_tbx(str(path)), segments
    assert got == terms
    assert got_segments == segments


@ROUND_TRIP
@given(pairs=st.lists(st.tuples(text, text), min_size=1, max_size=4))
def test_tmx_and_po_round_trip_units(pairs, tmp_path):
    units = [Unit(f"u{n}", zh, en) for n, (zh, en) in enumerate(pairs)]
    path = tmp_path / "x.tmx"
    with path.open("w", encoding="utf-8") as handle:
        tmx.write_tmx(handle, units)
    assert [(s.id, s.source, s.target) for s in tmx.read_tmx_segments(str(path))] == [
        (u.id, u.source, u.target) for u in units]
    po_path = tmp_path / "x.po"
    po_path.write_text(str(build_catalogue(units, target_lang="en")), encoding="utf-8")
    assert [(s.id, s.source, s.target) for s in read_catalogue(str(po_path)).segments] == [
        (u.id, u.source, u.target) for u in units]


@ROUND_TRIP
@given(pairs=st.lists(st.tuples(text, text), min_size=1, max_size=4),
       reverse=st.booleans(), variant=st.sampled_from(["zh-CN", "zh-HK", "zh-TW"]))
def test_catalogues_round_trip_both_ways_as_po_pot_and_mo(pairs, reverse, variant, tmp_path):
    source_lang, target_lang = ("en", variant) if reverse else (variant, "en")
    units = [Unit(f"u{n}", a, b) for n, (a, b) in enumerate(pairs)]
    catalogue = build_catalogue(units, source_lang=source_lang, target_lang=target_lang)
    catalogue.save_as_mofile(str(tmp_path / "x.mo"))
    catalogue.save(str(tmp_path / "x.po"))
    template = build_catalogue(units, source_lang=source_lang, target_lang=target_lang,
                               template=True)
    template.save(str(tmp_path / "x.pot"))
    expected = [(u.id, u.source, u.target) for u in units]
    for name in ("x.po", "x.mo"):
        got_source, got_target, entries, _ = read_catalogue(str(tmp_path / name),
                                                            compiled=name.endswith(".mo"))
        assert (got_source, got_target) == (source_lang, target_lang)
        assert [(e.id, e.source, e.target) for e in entries] == expected
    got_source, got_target, entries, _ = read_catalogue(str(tmp_path / "x.pot"))
    assert (got_source, got_target) == (source_lang, "")
    assert [(e.id, e.source, e.target) for e in entries] == [(i, s, "") for i, s, _ in expected]


def _one_line(value: str) -> str:
    return " ".join(value.split())


@ROUND_TRIP
@given(terms=st.lists(records(), max_size=3))
def test_omegat_glossaries_round_trip_every_form(terms, tmp_path):
    martif = tmp_path / "x.tbx"
    with martif.open("w", encoding="utf-8") as handle:
        tbx.write_tbx_omegat(handle, terms)
    assert [entry[:3] for entry in tbx.read_tbx_omegat(str(martif))] == [
        (t["id"], list(dict.fromkeys([t["zh"], *t["aliases"]])), [t["en"], *t["en_alternatives"]])
        for t in terms]
    # The tab glossary keeps each form on one line, trimmed: OmegaT reads it so.
    sheet = tmp_path / "x.utf8"
    writable = [t for t in terms
                if not any(_one_line(form).startswith("#") for form in [t["zh"], *t["aliases"]])]
    with sheet.open("w", encoding="utf-8") as handle:
        tabular.write_omegat(handle, writable)
    assert [row[:2] for row in tabular.read_omegat(str(sheet))] == [
        (source, _one_line(target)) for t in writable
        for source in dict.fromkeys(_one_line(s) for s in [t["zh"], *t["aliases"]])
        for target in [t["en"], *t["en_alternatives"]]]


def test_omegat_glossary_refuses_a_source_omegat_would_skip(tmp_path):
    record = {"id": "hash", "zh": "#话题", "aliases": [], "en": "hashtag",
              "en_alternatives": [], "en_avoid": [], "pinyin": "huàtí", "zh_hk": "#話題",
              "zh_tw": "#話題", "category": "slogan", "status": "unverified",
              "en_source": "translated here"}
    with (tmp_path / "x.utf8").open("w", encoding="utf-8") as handle, \
            pytest.raises(FormatError, match="hash: '#话题': OmegaT skips"):
        tabular.write_omegat(handle, [record])


@ROUND_TRIP
@given(cell=text)
def test_spreadsheet_formulas_are_neutralised_and_restored(cell):
    written = tabular.neutralise(cell)
    assert not written.startswith(("=", "+", "-", "@"))
    assert tabular.restore(written) == cell


def test_omegat_glossary_keeps_avoided_forms_out_of_targets(exports, shipped):
    rows = tabular.read_omegat(str(exports / "glossary.utf8"))
    for term in shipped:
        # A form to avoid for one term may be another term's right English ("provincial key
        # laboratory" is wrong for 省实验室, right for 省重点实验室), so compare per term.
        targets = {target for source, target, _ in rows if source in (term.zh, *term.aliases)}
        assert term.en in targets
        assert not set(term.en_avoid) & targets
    assert (exports / "glossary.utf8").read_text(encoding="utf-8").startswith("# ")


def test_every_format_carries_the_definition(exports, shipped):
    from lxml import etree

    tbx_ns = {"t": tbx.TBX_NS}
    document = etree.parse(str(exports / "glossary.tbx"))
    for term in shipped:
        (definition,) = document.xpath(
            f'//t:conceptEntry[@id="t-{term.id}"]/t:langSec[@xml:lang="en"]'
            '/t:descrip[@type="definition"]', namespaces=tbx_ns)
        assert definition.text == term.definition and term.definition.endswith(".")
    notes = {ident: note for ident, _, _, note in
             tbx.read_tbx_omegat(str(exports / "glossary.omegat.tbx"))}
    catalogue = polib.pofile(str(exports / "glossary.po"))
    comments = {(zh, en): comment for zh, en, comment in
                tabular.read_omegat(str(exports / "glossary.utf8"))}
    for term in shipped:
        assert notes[term.id].startswith(term.definition + " | ")
        assert comments[term.zh, term.en].startswith(_one_line(term.definition) + " | ")
        entry = catalogue.find(term.zh, msgctxt=term.id)
        assert f"definition: {term.definition}" in entry.comment.splitlines()


def test_tbx_reader_takes_a_definition_at_concept_or_language_level(tmp_path):
    # Other termbase tools (MultiTerm, memoQ) put the definition on the concept, often in a
    # descripGrp; ours sits in the English langSec and wins where both are present.
    concept = ('<conceptEntry id="t-{id}">{outer}<langSec xml:lang="zh-CN"><termSec><term>{zh}'
               '</term></termSec></langSec><langSec xml:lang="en">{inner}<termSec><term>{en}'
               "</term></termSec></langSec></conceptEntry>")
    body = concept.format(id="a", zh="甲", en="A", inner="", outer=(
        '<descripGrp><descrip type="definition">On the concept.</descrip></descripGrp>'))
    body += concept.format(id="b", zh="乙", en="B",
                           outer='<descrip type="definition">On the concept.</descrip>',
                           inner='<descrip type="definition">In English.</descrip>')
    path = tmp_path / "other.tbx"
    path.write_text(f'<tbx type="TBX-Basic" style="dca" xmlns="{tbx.TBX_NS}"><text><body>'
                    f"{body}</body></text></tbx>", encoding="utf-8")
    assert [(r["id"], r["definition"]) for r in tbx.read_tbx(str(path))] == [
        ("a", "On the concept."), ("b", "In English.")]


def test_tbx_for_omegat_is_martif_without_avoided_forms(exports, shipped):
    entries = tbx.read_tbx_omegat(str(exports / "glossary.omegat.tbx"))
    assert len(entries) == len(shipped)
    for ident, zh, en, note in entries:
        term = shipped.get(ident)
        assert zh[0] == term.zh and en[0] == term.en
        assert not set(term.en_avoid) & set(en)
        assert all(form in note for form in term.en_avoid)


def test_every_format_exports_to_stdout_or_file(exports):
    names = {p.name for p in exports.iterdir()}
    assert {"glossary.tmx", "glossary.tbx", "glossary.omegat.tbx", "glossary.utf8",
            "glossary.po", "glossary.pot", "glossary.mo", "glossary.csv", "glossary.tsv",
            "glossary.json", "glossary.jsonl"} <= names


def test_export_command(run_cli, tmp_path):
    code, out, _ = run_cli("export", "--format", "json")
    assert code == 0 and out.startswith('{"format": "guangdong-terms"')
    code, _, err = run_cli("export", "--format", "tmx", "--category", "nonsense")
    assert code == 2 and "unknown category" in err
    code, _, err = run_cli("export", "--format", "mo")
    assert code == 2 and "give -o FILE" in err
    code, _, _ = run_cli("export", "--format", "csv", "-o", str(tmp_path / "g.csv"),
                         "--category", "product")
    assert code == 0 and (tmp_path / "g.csv").read_bytes().count(b"\r\n") >= 2
    assert Glossary.load() is not None


@pytest.fixture
def umask_022():
    """A known umask for mode tests, restored afterwards."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_a_new_export_follows_the_umask_and_a_replaced_one_keeps_its_mode(tmp_path, umask_022):
    fresh = tmp_path / "fresh.tmx"
    export("tmx", str(fresh))
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o644  # not tempfile's 0600
    os.umask(0o077)
    private = tmp_path / "private.tmx"
    export("tmx", str(private))
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    for mode in (0o644, 0o640, 0o664):
        kept = tmp_path / f"kept-{mode:o}.po"
        kept.write_text("old", encoding="utf-8")
        kept.chmod(mode)
        export("po", str(kept))
        assert stat.S_IMODE(kept.stat().st_mode) == mode
        assert kept.read_text(encoding="utf-8") != "old"
    assert not list(tmp_path.glob(".gdterms-*"))  # no temporary file left behind
