"""gdterms import: adds new entries, reports conflicts, never overwrites, all or nothing."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import DATA, GLOSSARY_DIR, REPO, SEEDS_DIR

from guangdong_terms.core import compiled as _records
from guangdong_terms.operations.exporting import export


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    shutil.copytree(GLOSSARY_DIR, tmp_path / "glossary")
    return tmp_path


@pytest.fixture
def workspace_with_tm(workspace: Path) -> Path:
    """A workspace whose glossary/ has the repository's tm/ beside it, as imports expect."""
    shutil.copytree(REPO / "tm", workspace / "tm")
    return workspace


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _import(run_cli, workspace: Path, path: Path, *extra: str):
    return run_cli("import", str(path), "--into", str(workspace / "glossary"), "--seeds",
                   str(SEEDS_DIR), *extra)


# Every export, in every direction it can be written, reads back as "unchanged": term units
# against the glossary, context units against their sentence, segments against tm/.
EVERY_EXPORT = [("json", {}), ("jsonl", {}), ("csv", {}), ("tsv", {}), ("tbx", {}),
                ("tbx-omegat", {}), ("omegat", {}), ("tmx", {}),
                ("tmx", {"source_lang": "zh-HK"}), ("tmx", {"source_lang": "zh-TW"}),
                ("tmx", {"source_lang": "en", "target_lang": "zh-TW"}),
                ("po", {}), ("pot", {}), ("mo", {}),
                ("po", {"source_lang": "zh-HK"}), ("mo", {"source_lang": "zh-TW"}),
                ("po", {"source_lang": "en", "target_lang": "zh-CN"}),
                ("po", {"source_lang": "en", "target_lang": "zh-HK"}),
                ("mo", {"source_lang": "en", "target_lang": "zh-TW"})]
SUFFIX = {"tbx-omegat": ".omegat.tbx", "omegat": ".utf8"}


@pytest.mark.parametrize(("fmt", "languages"), EVERY_EXPORT,
                         ids=[f"{f}-{'-'.join(k.values()) or 'default'}" for f, k in EVERY_EXPORT])
def test_reimporting_an_export_changes_nothing(run_cli, workspace_with_tm, shipped, fmt,
                                               languages):
    workspace = workspace_with_tm
    path = workspace / f"all{SUFFIX.get(fmt, '.' + fmt)}"
    export(fmt, str(path), **languages)
    before = _snapshot(workspace / "glossary")
    code, out, err = _import(run_cli, workspace, path)
    assert code == 0, out + err
    assert out == ""  # no conflict, and no "not imported" line: every unit was recognised
    contexts = sum(len(term.contexts) for term in shipped)
    segments = len(_records.tm_segments())
    expected = {"json": len(shipped) + segments, "omegat": len(shipped)}
    expected["jsonl"] = expected["csv"] = expected["tsv"] = expected["json"]
    expected["tbx"] = expected["tbx-omegat"] = expected["omegat"]
    assert f"would add 0, unchanged {expected.get(fmt, len(shipped) + contexts + segments)}," in err
    assert _snapshot(workspace / "glossary") == before


def test_new_entry_is_added_and_validated(run_cli, workspace):
    good = (DATA / "good" / "product.toml").read_text(encoding="utf-8")
    (workspace / "glossary" / "product.toml").unlink()
    new = workspace / "new.json"
    import tomllib

    record = tomllib.loads(good)["term"][0]
    new.write_text(json.dumps({"format": "guangdong-terms", "version": 1, "terms": [record],
                               "tm": []}, ensure_ascii=False), encoding="utf-8")
    code, _, err = _import(run_cli, workspace, new, "--dry-run")
    assert code == 0 and "would add 1" in err
    assert not (workspace / "glossary" / "product.toml").exists()
    code, out, err = _import(run_cli, workspace, new)
    assert code == 0, out + err
    assert "added 1" in err
    assert 'id = "harmonyos"' in (workspace / "glossary" / "product.toml").read_text("utf-8")


def test_conflicts_are_reported_and_nothing_is_written(run_cli, workspace):
    path = workspace / "all.json"
    export("json", str(path))
    document = json.loads(path.read_text(encoding="utf-8"))
    document["terms"][0]["en"] = "Something Else"
    extra = dict(document["terms"][1], id="fresh-entry", zh="全新术语", en="Brand new")
    document["terms"].append(extra)
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    before = _snapshot(workspace / "glossary")
    code, out, err = _import(run_cli, workspace, path)
    assert code == 1
    assert f"conflict: {document['terms'][0]['id']}: en: glossary has" in out
    assert "nothing was written" in err
    assert _snapshot(workspace / "glossary") == before


def test_invalid_new_entry_is_refused_whole(run_cli, workspace):
    path = workspace / "all.json"
    export("json", str(path))
    document = json.loads(path.read_text(encoding="utf-8"))
    # A new term whose context sentence does not contain it: validation fails, nothing lands.
    extra = dict(document["terms"][1], id="fresh-entry", zh="全新术语", en="Brand new",
                 aliases=[], aliases_hk=[], aliases_tw=[], en_alternatives=[],
                 zh_hk="全新術語", zh_tw="全新術語",
                 pinyin="quánxīn shùyǔ")
    document["terms"] = [extra]
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    before = _snapshot(workspace / "glossary")
    code, out, _ = _import(run_cli, workspace, path, "--dry-run")  # a dry run validates too
    assert code == 1 and "problem:" in out and "neither zh nor any alias" in out
    code, out, _ = _import(run_cli, workspace, path)
    assert code == 1 and "problem:" in out and "neither zh nor any alias" in out
    assert _snapshot(workspace / "glossary") == before
    # Problems point at the imported file (line of the entry), never at the scratch copy.
    assert f"problem: {path}:1: fresh-entry: " in out and "gdterms-import-" not in out


def test_problems_of_an_import_point_at_the_file_and_line_the_user_has(run_cli, workspace):
    path = workspace / "new.jsonl"
    export("jsonl", str(path), categories=["product"])
    lines = path.read_text(encoding="utf-8").splitlines()
    term = json.loads(lines[1])
    clash = dict(term, id="zz-clash", zh="全新产品", en="Brand New Product", aliases=[],
                 aliases_hk=[], aliases_tw=[], en_alternatives=[], definition="no full stop")  # keeps zh_hk and zh_tw
    path.write_text("\n".join([*lines, json.dumps(clash, ensure_ascii=False)]) + "\n",
                    encoding="utf-8")
    code, out, _ = _import(run_cli, workspace, path)
    assert code == 1 and "gdterms-import-" not in out
    line = len(lines) + 1
    assert f"problem: {path}:{line}: zz-clash: definition must be one sentence" in out
    # The entry it clashes with is named where it is in glossary/, not in the scratch copy.
    header = (workspace / "glossary" / "product.toml").read_text(encoding="utf-8").split(
        "\n").index(f'id = "{term["id"]}"')  # 0-based line of id = the [[term]] line's number
    assert f"already names {term['id']!r} ({workspace / 'glossary' / 'product.toml'}:{header})" in out


def test_an_unknown_category_names_no_file(run_cli, workspace):
    path = workspace / "evil.json"
    export("json", str(path), categories=["product"])
    document = json.loads(path.read_text(encoding="utf-8"))
    document["terms"] = [dict(document["terms"][0], id="evil", zh="恶意", en="Evil",
                              aliases=[], aliases_hk=[], aliases_tw=[], en_alternatives=[],
                              category="../../escaped")]
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    code, out, _ = _import(run_cli, workspace, path)
    assert code == 1 and "unknown category '../../escaped'" in out
    assert not list(workspace.parent.rglob("escaped.toml"))


def test_pair_formats_are_checked_not_imported(run_cli, workspace):
    path = workspace / "all.tmx"
    export("tmx", str(path))
    code, out, err = _import(run_cli, workspace, path)
    assert code == 0 and "conflicts 0" in err
    # No tm/ beside this glossary: the segments are named once as unchecked, not line by line.
    assert out.count("not imported:") == 1
    assert "translation-memory segments: no tm/ folder beside the glossary" in out
    text = path.read_text(encoding="utf-8").replace("<seg>HarmonyOS</seg>", "<seg>Hongmeng</seg>")
    path.write_text(text, encoding="utf-8")
    code, out, _ = _import(run_cli, workspace, path)
    assert code == 1 and "conflict: harmonyos: en: glossary has 'HarmonyOS'" in out


def test_unreadable_input_exits_2(run_cli, workspace):
    bad = workspace / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    assert _import(run_cli, workspace, bad)[0] == 2
    assert _import(run_cli, workspace, workspace / "x.docx")[0] == 2
    for name, content in (("short.mo", b"hi"), ("wrong.mo", b"\0" * 64),
                          ("broken.pot", b'msgid "x"\nmsgstr'), ("broken.tmx", b"<tmx>")):
        (workspace / name).write_bytes(content)
        code, _, err = _import(run_cli, workspace, workspace / name)
        assert code == 2 and err.startswith(f"gdterms: {workspace / name}"), err


def test_tm_segments_are_checked_against_tm(run_cli, workspace_with_tm):
    workspace = workspace_with_tm
    path = workspace / "all.tmx"
    export("tmx", str(path))
    code, _, err = _import(run_cli, workspace, path)
    assert code == 0 and "conflicts 0" in err
    text = path.read_text(encoding="utf-8")
    changed = text.replace("Strongest Brain", "Smartest Brain", 1)
    assert changed != text
    path.write_text(changed, encoding="utf-8")
    code, out, _ = _import(run_cli, workspace, path)
    assert code == 1 and "conflict: seed-000-1: en: tm has" in out


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_reverse_catalogue_is_compared_with_the_regional_forms(run_cli, workspace):
    path = workspace / "en-zh_TW.po"
    export("po", str(path), source_lang="en", target_lang="zh-TW")
    _edit(path, 'msgstr "鴻蒙作業系統"', 'msgstr "鴻蒙操作系統"')
    code, out, _ = _import(run_cli, workspace, path)
    assert code == 1
    assert "conflict: harmonyos: zh_tw: glossary has '鴻蒙作業系統', file has '鴻蒙操作系統'" in out
    assert out.count("conflict:") == 1


def test_compiled_and_template_catalogues_are_checked(run_cli, workspace, tmp_path):
    import polib

    source = tmp_path / "g.po"
    export("po", str(source))
    _edit(source, 'msgstr "HarmonyOS"', 'msgstr "Hongmeng OS"')
    compiled = workspace / "g.mo"
    polib.pofile(str(source)).save_as_mofile(str(compiled))
    code, out, _ = _import(run_cli, workspace, compiled)
    assert code == 1 and "conflict: harmonyos: en: glossary has 'HarmonyOS'" in out
    # A fuzzy entry's translation is unconfirmed: it is not compared (its Chinese still is).
    catalogue = polib.pofile(str(source))
    catalogue.find("鸿蒙操作系统", msgctxt="harmonyos").flags.append("fuzzy")
    catalogue.save()
    code, out, _ = _import(run_cli, workspace, source)
    assert code == 0 and "conflict" not in out, out
    template = workspace / "g.pot"
    export("pot", str(template))
    _edit(template, 'msgid "鸿蒙操作系统"', 'msgid "鸿蒙系统"')
    code, out, _ = _import(run_cli, workspace, template)
    assert code == 1 and "conflict: harmonyos: zh: glossary has '鸿蒙操作系统'" in out


def test_context_units_are_checked_against_their_sentence(run_cli, workspace):
    path = workspace / "all.tmx"
    export("tmx", str(path))
    # The first <seg> holding the sentence is a context unit (term units come first, the TM last).
    _edit(path, "operating system entered full commercial use.</seg>",
          "operating system went live.</seg>")
    code, out, _ = _import(run_cli, workspace, path)
    assert code == 1 and out.count("conflict:") == 1
    assert "#context-" in out and ": contexts.en: glossary has" in out and "went live" in out


def test_omegat_glossary_alias_rows_are_recognised(run_cli, workspace):
    path = workspace / "g.utf8"
    export("omegat", str(path))
    assert "\n青年基金\tYoung Scientists Fund\t" in path.read_text(encoding="utf-8")
    code, out, _ = _import(run_cli, workspace, path)
    assert code == 0 and out == "", out
    _edit(path, "青年基金\tYoung Scientists Fund", "青年基金\tYouth Fund")
    code, out, _ = _import(run_cli, workspace, path)
    assert code == 1 and "conflict: young-scientists-fund: en:" in out


def test_a_cat_tools_own_memory_is_checked_sentence_by_sentence(run_cli, workspace_with_tm):
    """OmegaT's project_save.tmx: no tuids, its own header; sentences are matched by text."""
    from guangdong_terms.curation.tm_source import read_tm

    workspace = workspace_with_tm
    files, _ = read_tm(str(workspace / "tm"))
    first, second = (segment for _, _, segment, _ in files["000"][:2])
    units = [(first["zh"], first["en"]), (second["zh"], "Industry and tech, both stronger!")]
    body = "".join(f'<tu><tuv lang="ZH-CN"><seg>{zh}</seg></tuv>'
                   f'<tuv lang="EN-US"><seg>{en}</seg></tuv></tu>' for zh, en in units)
    path = workspace / "project_save.tmx"
    path.write_text('<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header '
                    'creationtool="OmegaT" creationtoolversion="3.6" segtype="sentence" '
                    'o-tmf="OmegaT TMX" adminlang="EN-US" srclang="ZH-CN" datatype="plaintext"/>'
                    f"<body>{body}</body></tmx>", encoding="utf-8")
    code, out, err = _import(run_cli, workspace, path)
    assert code == 1 and out.count("conflict:") == 1
    assert f"conflict: seed-000-{second['n']}: en: tm has {second['en']!r}" in out
    assert "unchanged 1," in err and "not imported" not in out


def test_a_catalogue_that_does_not_name_its_variant_may_use_any_curated_form(run_cli,
                                                                             workspace_with_tm):
    import polib

    workspace = workspace_with_tm
    path = workspace / "hk.po"
    export("po", str(path), source_lang="zh-HK")
    catalogue = polib.pofile(str(path))
    del catalogue.metadata["X-Source-Language"]  # as another tool, or an older export, writes it
    catalogue.save()
    code, out, _ = _import(run_cli, workspace, path)
    assert code == 0 and out == "", out
    _edit(path, 'msgid "鴻蒙操作系統"', 'msgid "鴻蒙系統"')
    code, out, _ = _import(run_cli, workspace, path)
    assert code == 1 and "conflict: harmonyos: zh: glossary has '鸿蒙操作系统', file has '鴻蒙系統'" in out


def test_a_retired_segment_id_is_compared_with_its_successor(run_cli, workspace_with_tm):
    """A TMX from the first release holds seed-001-51..65, the pieces of the 成绩单 sentence
    the capture set in 15 short lines; they are retired, joined into seed-001-105."""
    from guangdong_terms.curation.tm_source import read_tm

    workspace = workspace_with_tm
    files, _ = read_tm(str(workspace / "tm"))
    joined = next(segment for _, _, segment, _ in files["001"] if segment["n"] == 105)
    units = [("seed-001-51", "2025年广东省政府工作报告提到，2024年，预计全省研",
              "The 2025 Guangdong Provincial Government Work Report noted that in 2024, R&D"),
             ("seed-001-52", joined["zh"], joined["en"]),
             ("seed-001-53", "不在这句话里", "Not in this sentence")]
    body = "".join(f'<tu tuid="{ident}"><tuv xml:lang="zh-CN"><seg>{zh}</seg></tuv>'
                   f'<tuv xml:lang="en"><seg>{en.replace("&", "&amp;")}</seg></tuv></tu>'
                   for ident, zh, en in units)
    path = workspace / "first-release.tmx"
    path.write_text('<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header '
                    'creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" '
                    'adminlang="en" srclang="zh-CN" datatype="plaintext"/>'
                    f"<body>{body}</body></tmx>", encoding="utf-8")
    code, out, _ = _import(run_cli, workspace, path)
    assert "retired: seed-001-51: retired, a piece of seed-001-105" in out
    assert "retired: seed-001-52: retired; compared with its successor seed-001-105" in out
    # The whole sentence under an old id agrees; a sentence that is not the successor's is a
    # conflict on the successor, never "no such segment".
    assert "not imported" not in out
    assert out.count("conflict:") == 2 and "conflict: seed-001-105: zh: tm has" in out
    assert "conflict: seed-001-105: en: tm has" in out and "Not in this sentence" in out
    assert code == 1


def test_a_cat_tools_memory_of_the_raw_capture_finds_the_retired_pieces(run_cli,
                                                                        workspace_with_tm):
    """An OmegaT project memory made on the raw capture of the first release: no tuids, and the
    broken sentence in pieces (seed 003, 科|技 broken across lines 27 and 29)."""
    first = ("阴和俊指出,科技部将会同有关部门及粤港澳三地高水平推动粤港澳大湾区国际科技创新中心建设,强化广东牵头推进"
             "作用,支持港澳深度融入国际科")
    units = [(first, "Yin Hejun pointed out that the ministry will"),
             ("技创新中心建设大局,将广东产业创新优势与港澳科教资源优势相结合,产生协同倍增效应。",
              "and combine strengths to multiply the effect.")]
    body = "".join(f'<tu><tuv lang="ZH-CN"><seg>{zh}</seg></tuv>'
                   f'<tuv lang="EN-US"><seg>{en}</seg></tuv></tu>' for zh, en in units)
    path = workspace_with_tm / "project_save.tmx"
    path.write_text('<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header '
                    'creationtool="OmegaT" creationtoolversion="3.6" segtype="sentence" '
                    'o-tmf="OmegaT TMX" adminlang="EN-US" srclang="ZH-CN" datatype="plaintext"/>'
                    f"<body>{body}</body></tmx>", encoding="utf-8")
    code, out, _ = _import(run_cli, workspace_with_tm, path)
    assert "retired: seed-003-26: retired, a piece of seed-003-73" in out
    assert "retired: seed-003-27: retired, a piece of seed-003-73" in out
    assert "not imported" not in out and "conflict" not in out and code == 0


def test_a_new_entry_from_an_export_without_alias_forms_is_a_problem_not_a_crash(run_cli,
                                                                                 workspace):
    # Exports written before aliases_hk / aliases_tw existed lack them (as older ones lack
    # definition): a new entry from such a file is refused with the problem, never a traceback.
    path = workspace / "old.json"
    export("json", str(path), categories=["zone"])
    document = json.loads(path.read_text(encoding="utf-8"))
    old = {key: value for key, value in document["terms"][0].items()
           if key not in ("aliases_hk", "aliases_tw")}
    document["terms"] = [dict(old, id="zz-new", zh="全新区域", en="Brand New Zone",
                              zh_hk="全新區域", zh_tw="全新區域", aliases=["新区"],
                              en_alternatives=[])]
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    code, out, _ = _import(run_cli, workspace, path, "--dry-run")
    assert code == 1
    assert "zz-new: aliases_hk must give one form per alias" in out
    assert "zz-new: aliases_tw must give one form per alias" in out


# --- all or nothing across files, whatever stops the import (curation/journal.py) -----------


def _two_file_import(workspace: Path) -> tuple[Path, dict[str, bytes], dict[str, bytes]]:
    """An import that creates product.toml and replaces event.toml: the export of the whole
    glossary into a workspace lacking product.toml and event.toml's last entry. Returns the
    file and the old and new snapshots of glossary/ (new is the repository's glossary)."""
    path = workspace / "all.json"
    export("json", str(path))
    glossary = workspace / "glossary"
    (glossary / "product.toml").unlink()
    event = glossary / "event.toml"
    event.write_text("\n[[term]]\n".join(event.read_text(encoding="utf-8").split(
        "\n[[term]]\n")[:-1]) + "\n", encoding="utf-8")
    return path, _snapshot(glossary), _snapshot(GLOSSARY_DIR)


class _Crash(BaseException):
    """Stands in for a kill at a step: nothing catches it, so no clean-up runs."""


def _crash_at(at: int, labels: list[str]):
    def hook(label: str) -> None:
        labels.append(label)
        if len(labels) == at:
            raise _Crash(label)
    return hook


def test_an_import_stopped_at_any_step_is_recovered_by_the_next_command(run_cli, workspace,
                                                                         monkeypatch):
    from guangdong_terms import Glossary, import_file
    from guangdong_terms.curation import journal

    path, old, new = _two_file_import(workspace)
    glossary = workspace / "glossary"
    steps: list[str] = []
    monkeypatch.setattr(journal, "fault_hook", _crash_at(0, steps))
    assert import_file(str(path), str(glossary), str(SEEDS_DIR)).written
    assert _snapshot(glossary) == new and len(steps) > 10
    # The next command recovers first: an import, stats/annotate/check (Glossary.load of a
    # folder), or validate --recover; plain validate refuses, naming the journal.
    recoverers = [lambda: Glossary.load(str(glossary)),
                  lambda: _import(run_cli, workspace, path, "--dry-run"),
                  lambda: run_cli("stats", "--glossary", str(glossary)),
                  lambda: run_cli("validate", "--recover", "--glossary", str(glossary),
                                  "--seeds", str(SEEDS_DIR), "--tm", str(workspace / "no-tm"))]
    outcomes = []
    for at in range(1, len(steps) + 1):
        for name in os.listdir(glossary):
            (glossary / name).unlink()
        for name, data in old.items():
            (glossary / name).write_bytes(data)
        monkeypatch.setattr(journal, "fault_hook", _crash_at(at, []))
        with pytest.raises(_Crash):
            import_file(str(path), str(glossary), str(SEEDS_DIR))
        monkeypatch.setattr(journal, "fault_hook", None)
        if journal.pending(str(glossary)):
            code, _, err = run_cli("validate", "--glossary", str(glossary), "--seeds",
                                   str(SEEDS_DIR))
            assert code == 2 and journal.pending(str(glossary)) in err
        recovered = journal.pending(str(glossary))
        result = recoverers[at % len(recoverers)]()
        if recovered and at % len(recoverers) == 1:  # the import says what it recovered
            assert f"gdterms: {recovered}: " in result[2], result
        after = _snapshot(glossary)
        assert after in (old, new), f"stopped before {steps[at - 1]!r}: a mix, or a file left"
        outcomes.append(after == new)
    point = steps.index("rename .gdterms-import.journal (committed)") + 1
    assert outcomes == [False] * point + [True] * (len(steps) - point)


def test_a_killed_import_is_recovered_by_the_next_command(workspace):
    """A real SIGKILL in a subprocess, before and after the commit point."""
    import signal
    import subprocess
    import sys

    from guangdong_terms.curation import journal

    path, old, new = _two_file_import(workspace)
    glossary = workspace / "glossary"
    steps: list[str] = []
    journal.fault_hook = _crash_at(0, steps)
    try:
        from guangdong_terms import import_file

        import_file(str(path), str(glossary), str(SEEDS_DIR), dry_run=False)
    finally:
        journal.fault_hook = None
    for name, data in old.items():
        (glossary / name).write_bytes(data)
    (glossary / "product.toml").unlink()
    command = [sys.executable, "-m", "guangdong_terms", "import", str(path), "--into",
               str(glossary), "--seeds", str(SEEDS_DIR)]
    scratch = workspace / "tmp"  # a killed import cannot remove its scratch folder: keep it here
    scratch.mkdir()
    for label, expected in (("rename product.toml", new), ("write .event.toml.gdterms-new", old)):
        env = dict(os.environ, GDTERMS_FAULT_KILL_AT=str(steps.index(label) + 1),
                   TMPDIR=str(scratch))
        killed = subprocess.run(command, env=env, capture_output=True, check=False)
        assert killed.returncode == -signal.SIGKILL, killed.stderr
        assert journal.pending(str(glossary))
        done = subprocess.run([sys.executable, "-m", "guangdong_terms", "stats", "--glossary",
                               str(glossary)], capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
        assert _snapshot(glossary) == expected
        for name in os.listdir(glossary):
            (glossary / name).unlink()
        for name, data in old.items():
            (glossary / name).write_bytes(data)


def test_the_build_refuses_a_glossary_with_a_pending_import(workspace):
    from guangdong_terms.core.model import GlossaryError
    from guangdong_terms.curation.build import compile_glossary
    from guangdong_terms.curation.journal import JOURNAL_NAME

    (workspace / "glossary" / JOURNAL_NAME).write_text("{}", encoding="utf-8")
    with pytest.raises(GlossaryError, match=JOURNAL_NAME):
        compile_glossary(str(workspace / "glossary"), str(SEEDS_DIR))


def _scratch_folders() -> list[str]:
    import tempfile

    return [name for name in os.listdir(tempfile.gettempdir())
            if name.startswith("gdterms-import-")]


def test_scratch_folders_are_removed_whatever_happens(run_cli, workspace, monkeypatch):
    import tempfile

    from guangdong_terms.curation import journal

    scratch = workspace / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    path, old, _ = _two_file_import(workspace)
    # a conflict, a problem (an invalid entry), an exception while writing, a success
    conflicting = workspace / "conflict.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    document["terms"][0]["en"] = "Something Else"
    conflicting.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    assert _import(run_cli, workspace, conflicting)[0] == 1
    invalid = workspace / "invalid.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    document["terms"] = [dict(document["terms"][1], id="fresh-entry", zh="全新术语",
                              en="Brand new", aliases=[], en_alternatives=[])]
    invalid.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    code, out, _ = _import(run_cli, workspace, invalid)
    assert code == 1 and "problem:" in out
    assert _scratch_folders() == []

    def fail(label: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(journal, "fault_hook", fail)
    code, _, err = _import(run_cli, workspace, path)
    assert code == 2 and "No space left on device" in err
    assert _snapshot(workspace / "glossary") == old and _scratch_folders() == []
    monkeypatch.setattr(journal, "fault_hook", None)
    assert _import(run_cli, workspace, path)[0] == 0
    assert _scratch_folders() == [] and os.listdir(scratch) == []


# --- the report: repeats once with a count, not-imported units counted ------------------------


def _tmx(units: list[tuple[str, str, str]]) -> str:
    body = "".join(f'<tu tuid="{tuid}"><tuv xml:lang="zh-CN"><seg>{zh}</seg></tuv>'
                   f'<tuv xml:lang="en"><seg>{en}</seg></tuv></tu>' for tuid, zh, en in units)
    return ('<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header creationtool="t" '
            'creationtoolversion="1" segtype="phrase" o-tmf="t" adminlang="en" srclang="zh-CN" '
            f'datatype="plaintext"/><body>{body}</body></tmx>')


def test_a_repeated_conflict_is_printed_once_with_a_count(run_cli, workspace):
    path = workspace / "big.tmx"
    units = ([("harmonyos", "鸿蒙操作系统", "Hongmeng OS")] * 3000
             + [("unknown-term", "未知术语", "Unknown")] * 40
             + [("harmonyos", "鸿蒙操作系统", "HarmonyOS")])
    path.write_text(_tmx(units), encoding="utf-8")
    code, out, err = _import(run_cli, workspace, path)
    assert code == 1
    assert out.splitlines() == [
        "conflict (×3000): harmonyos: en: glossary has 'HarmonyOS', file has 'Hongmeng OS'",
        ("not imported: unknown-term: tmx carries no pinyin, category or context; add new "
         "terms from json, csv or tbx")]
    assert "conflicts 3000, problems 0, not imported 40" in err


def test_the_report_stays_bounded(run_cli, workspace, monkeypatch):
    from guangdong_terms.cli import commands

    monkeypatch.setattr(commands, "MAX_DISTINCT_LINES", 5)
    path = workspace / "many.tmx"
    path.write_text(_tmx([("harmonyos", "鸿蒙操作系统", f"Hongmeng {n}") for n in range(12)]
                         * 2), encoding="utf-8")
    code, out, err = _import(run_cli, workspace, path)
    assert code == 1 and len(out.splitlines()) == 6
    assert out.splitlines()[0].startswith("conflict (×2): harmonyos: en: ")
    assert out.splitlines()[-1] == "conflict: ... and 7 more distinct, 24 in all"
    assert "conflicts 24," in err


def test_an_import_keeps_the_mode_of_a_replaced_file_and_gives_a_new_one_the_umask(workspace):
    import stat

    from guangdong_terms import import_file

    path, _, new = _two_file_import(workspace)
    glossary = workspace / "glossary"
    (glossary / "event.toml").chmod(0o640)
    (glossary / "zone.toml").chmod(0o600)  # unchanged by the import: not rewritten at all
    old_umask = os.umask(0o022)
    try:
        assert import_file(str(path), str(glossary), str(SEEDS_DIR)).written
    finally:
        os.umask(old_umask)
    assert _snapshot(glossary) == new
    modes = {name: stat.S_IMODE((glossary / name).stat().st_mode)
             for name in ("event.toml", "zone.toml", "product.toml")}
    assert modes == {"event.toml": 0o640, "zone.toml": 0o600, "product.toml": 0o644}
