"""Relations between entries (``[[term.related]]``): validation, the compiled record, lookup and
the formats that carry them. The bad single-entry cases (a missing target, the entry itself, an
unknown type) are fixtures in data/bad/."""

from __future__ import annotations

import pickle
import subprocess
import sys

from conftest import DATA, REPO, SEEDS_DIR

from guangdong_terms import Glossary, validate
from guangdong_terms.core.model import Relation, Term
from guangdong_terms.curation.source import dump_entry, normalise, read_source
from guangdong_terms.formats import jsonfile, tabular, tbx

GOOD = (DATA / "good" / "product.toml").read_text(encoding="utf-8")
VALIDATE = REPO.parent / "shared" / "schemas" / "validate.py"
NATIVE = (GOOD.split("\n", 2)[2]
          .replace('id = "harmonyos"', 'id = "native-harmonyos"')
          .replace('zh = "鸿蒙操作系统"', 'zh = "原生鸿蒙操作系统"')
          .replace('en = "HarmonyOS"', 'en = "native HarmonyOS"')
          .replace('zh_hk = "鴻蒙操作系統"', 'zh_hk = "原生鴻蒙操作系統"')
          .replace('zh_tw = "鴻蒙作業系統"', 'zh_tw = "原生鴻蒙作業系統"')
          .replace('pinyin = "Hóngméng', 'pinyin = "Yuánshēng Hóngméng'))


def _relation(kind: str, target: str) -> str:
    return f'\n[[term.related]]\ntype = "{kind}"\nid = "{target}"\n'


def _problems(make_glossary, harmonyos: str, native: str) -> list[str]:
    folder = make_glossary({"product": GOOD + harmonyos + "\n" + NATIVE + native})
    return [str(problem) for problem in validate(str(folder), str(SEEDS_DIR))]


def test_a_relation_stated_once_or_as_inverses_is_valid(make_glossary):
    assert _problems(make_glossary, "", _relation("broader", "harmonyos")) == []
    assert _problems(make_glossary, _relation("narrower", "native-harmonyos"),
                     _relation("broader", "harmonyos")) == []
    assert _problems(make_glossary, _relation("related", "native-harmonyos"),
                     _relation("related", "harmonyos")) == []


def test_relations_that_contradict_each_other_are_reported(make_glossary):
    messages = _problems(make_glossary, _relation("broader", "native-harmonyos"),
                         _relation("broader", "harmonyos"))
    assert any("broader 'harmonyos', but 'harmonyos' states broader 'native-harmonyos' "
               "(expected narrower)" in m for m in messages), messages
    messages = _problems(make_glossary, _relation("narrower", "native-harmonyos"),
                         _relation("related", "harmonyos"))
    assert any("(expected related)" in m for m in messages), messages


def test_a_relation_is_stated_once(make_glossary):
    messages = _problems(make_glossary, "", _relation("broader", "harmonyos")
                         + _relation("related", "harmonyos"))
    assert any("'harmonyos' is related twice" in m for m in messages), messages


def test_the_problem_points_at_the_relation(make_glossary):
    text = GOOD + _relation("related", "harmony-os")
    folder = make_glossary({"product": text})
    (problem,) = validate(str(folder), str(SEEDS_DIR))
    assert problem.line == text.split("\n").index('id = "harmony-os"') + 1
    assert "did you mean 'harmonyos'?" in problem.message


def test_source_keeps_type_and_id_and_writes_them_back(make_glossary):
    folder = make_glossary({"product": GOOD + "\n" + NATIVE + _relation("broader", "harmonyos")})
    entries, problems = read_source(str(folder))
    assert problems == []
    record = normalise({**entries[1].record, "related": [
        {"type": "broader", "id": "harmonyos", "zh": "鸿蒙操作系统", "en": "HarmonyOS"}]})
    assert record["related"] == [{"type": "broader", "id": "harmonyos"}]
    assert dump_entry(record).endswith(_relation("broader", "harmonyos").lstrip("\n"))


def test_the_shipped_record_names_the_target_and_round_trips():
    glossary = Glossary.load()
    term = glossary.get("gba-comprehensive-national-science-center-pilot-zone")
    assert term is not None
    assert term.related == (Relation("broader", "guangdong-hong-kong-macao-greater-bay-area",
                                     "粤港澳大湾区", "Guangdong-Hong Kong-Macao Greater Bay Area"),)
    assert Term.from_record(term.to_record()) == term
    assert pickle.loads(pickle.dumps(term)) == term
    for record in glossary.records:
        assert Term.from_record(record).to_record() == record


def test_lookup_shows_the_related_line(run_cli):
    code, out, _ = run_cli("lookup", "大湾区综合性国家科学中心先行启动区")
    assert code == 0
    assert ("  related   broader: 粤港澳大湾区 (Guangdong-Hong Kong-Macao Greater Bay Area)"
            in out.splitlines())


def test_json_and_table_exports_round_trip_relations(tmp_path):
    terms = [record for record in Glossary.load().records if record["related"]]
    assert terms
    path = tmp_path / "x.json"
    with path.open("w", encoding="utf-8") as handle:
        jsonfile.write_json(handle, terms, [])
    assert jsonfile.read_json(str(path))[0] == terms
    path = tmp_path / "x.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        tabular.write_table(handle, terms, [])
    got, _ = tabular.read_table(str(path))
    assert [r["related"] for r in got] == [[{"type": x["type"], "id": x["id"]}
                                            for x in r["related"]] for r in terms]


def test_tbx_writes_cross_references_that_validate(tmp_path):
    records = Glossary.load().records
    path = tmp_path / "all.tbx"
    with path.open("w", encoding="utf-8") as handle:
        tbx.write_tbx(handle, records)
    text = path.read_text(encoding="utf-8")
    assert ('<ref type="crossReference" target="t-guangdong-hong-kong-macao-greater-bay-area">'
            "broader: 粤港澳大湾区</ref>") in text
    result = subprocess.run([sys.executable, str(VALIDATE), str(path), "tbx"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    got = {record["id"]: record["related"] for record in tbx.read_tbx(str(path))}
    assert got == {r["id"]: [{"type": x["type"], "id": x["id"]} for x in r["related"]]
                   for r in records}


def test_tbx_of_some_entries_notes_a_relation_whose_target_is_absent(tmp_path):
    records = [r for r in Glossary.load().records
               if r["id"] == "gba-comprehensive-national-science-center-pilot-zone"]
    path = tmp_path / "one.tbx"
    with path.open("w", encoding="utf-8") as handle:
        tbx.write_tbx(handle, records)
    text = path.read_text(encoding="utf-8")
    assert "crossReference" not in text
    assert "<note>related broader: guangdong-hong-kong-macao-greater-bay-area</note>" in text
    result = subprocess.run([sys.executable, str(VALIDATE), str(path), "tbx"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert tbx.read_tbx(str(path))[0]["related"] == [
        {"type": "broader", "id": "guangdong-hong-kong-macao-greater-bay-area"}]


def test_harmonyos_next_is_its_own_entry_related_to_harmonyos(run_cli):
    glossary = Glossary.load()
    native, harmonyos = glossary.get("harmonyos-next"), glossary.get("harmonyos")
    assert (native.zh, native.en) == ("原生鸿蒙", "HarmonyOS NEXT")
    assert "原生鸿蒙" not in harmonyos.chinese_forms
    assert "HarmonyOS NEXT" not in harmonyos.english_forms
    assert [(r.type, r.id) for r in native.related] == [("related", "harmonyos")]
    assert all("HarmonyOS NEXT" in context.en for context in native.contexts)
    code, out, _ = run_cli("lookup", "原生鸿蒙")
    assert code == 0 and "  related   related: 鸿蒙操作系统 (HarmonyOS)" in out.splitlines()
    assert glossary.check_translation("原生鸿蒙终端规模超3600万台",
                                      "HarmonyOS NEXT devices number over 36 million") == []


def test_short_forms_pair_an_alias_with_an_english_alternative(make_glossary):
    text = GOOD.replace('aliases = []\naliases_hk = []\naliases_tw = []',
                        'aliases = ["鸿蒙"]\naliases_hk = ["鴻蒙"]\naliases_tw = ["鴻蒙"]')
    assert 'aliases = ["鸿蒙"]' in text
    pair = '\n[[term.short_forms]]\nzh = "{}"\nen = "{}"\n'
    for zh, en, message in [("鸿蒙", "Harmony", "en 'Harmony' is not one of en_alternatives"),
                            ("鸿蒙系统", "HarmonyOS", "zh '鸿蒙系统' is not one of the aliases")]:
        folder = make_glossary({"product": text + pair.format(zh, en)})
        messages = [str(p) for p in validate(str(folder), str(SEEDS_DIR))]
        assert any(message in m for m in messages), messages


def test_the_bay_area_short_form_is_shipped_shown_and_exported(run_cli, tmp_path):
    glossary = Glossary.load()
    term = glossary.get("guangdong-hong-kong-macao-greater-bay-area")
    assert term.short_forms == (("大湾区", "Greater Bay Area"),)
    assert Term.from_record(term.to_record()) == term
    assert pickle.loads(pickle.dumps(term)) == term
    code, out, _ = run_cli("lookup", "大湾区")
    assert code == 0 and "  short     大湾区 = Greater Bay Area" in out.splitlines()
    path = tmp_path / "gba.tbx"
    with path.open("w", encoding="utf-8") as handle:
        tbx.write_tbx(handle, [term.to_record()])
    text = path.read_text(encoding="utf-8")
    assert ("<term>大湾区</term><termNote type=\"partOfSpeech\">noun</termNote>"
            "<termNote type=\"termType\">shortForm</termNote>") in text
    assert ("<term>Greater Bay Area</term><termNote type=\"partOfSpeech\">noun</termNote>"
            "<termNote type=\"termType\">shortForm</termNote>") in text
    result = subprocess.run([sys.executable, str(VALIDATE), str(path), "tbx"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert tbx.read_tbx(str(path))[0]["short_forms"] == [{"zh": "大湾区",
                                                          "en": "Greater Bay Area"}]
