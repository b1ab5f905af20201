"""Terminology QA: tolerant English matching, forms to avoid, every bilingual reader, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import DATA, SEEDS_DIR

from guangdong_terms import Glossary
from guangdong_terms.formats import FormatError, read_bilingual
from guangdong_terms.text.english import english_words

TINY = str(DATA / "good")
BILINGUAL = sorted((DATA / "bilingual").iterdir())


@pytest.fixture(scope="module")
def tiny() -> Glossary:
    return Glossary.load(TINY, seeds_dir=str(SEEDS_DIR))


@pytest.mark.parametrize("target", [
    "Native HarmonyOS is in commercial use.",
    "native harmonyos",                     # case
    "the HarmonyOS's native\nversion",      # possessive, article, line break
    "NATIVE HARMONYOS.",                    # upper case, punctuation
])
def test_accepted_english_in_any_shape_passes(tiny, target):
    assert tiny.check_translation("原生鸿蒙操作系统全面商用", target) == []


def test_missing_and_avoided_forms_are_reported(tiny):
    (missing,) = tiny.check_translation("鸿蒙操作系统", "Harmony system")
    assert (missing.kind, missing.expected, missing.found) == ("missing", ("HarmonyOS",), "")
    (avoided,) = tiny.check_translation("鸿蒙操作系统", "Hongmeng-OS")
    assert (avoided.kind, avoided.found) == ("avoid", "Hongmeng OS")


def test_avoided_forms_in_any_case_unless_a_one_word_name(tiny):
    (issue,) = tiny.check_translation("鸿蒙操作系统", "hongmeng os")
    assert issue.kind == "avoid"
    from guangdong_terms.text.english import appears_as_written as _appears_as_written

    assert _appears_as_written("Dream", "the drilling ship Dream")
    assert not _appears_as_written("Dream", "a dream come true")


def test_text_without_terms_has_no_issues(tiny):
    assert tiny.check_translation("今天天气很好", "Nice weather today") == []


def test_english_words_normalisation():
    assert english_words("The Labs’ studies—boxes") == " lab study box "
    assert english_words("Guangdong-Hong Kong-Macao") == english_words("guangdong–hong  kong—macao")


@pytest.mark.parametrize("path", BILINGUAL, ids=lambda p: p.name)
def test_every_reader_yields_pairs(path: Path):
    segments = [s for s in read_bilingual(str(path)).segments if s.translated]
    assert len(segments) == 2, segments
    good, bad = segments
    assert "鸿蒙操作系统" in good.source and "HarmonyOS" in good.target
    assert "鸿蒙操作系统" in bad.source and "Hongmeng OS" in bad.target
    assert bad.line > 1


@pytest.mark.parametrize("path", BILINGUAL, ids=lambda p: p.name)
def test_check_command_catches_the_broken_segment_only(run_cli, path: Path):
    code, out, err = run_cli("check", str(path), "--glossary", TINY)
    assert code == 1, err
    lines = out.splitlines()
    assert len(lines) == 1 and f"{path}:" in lines[0] and 'avoided form "Hongmeng OS"' in lines[0]
    assert "(zh-CN -> en; " in err and "1 issue(s) in 1 segment(s)" in err
    code, out, _ = run_cli("check", str(path), "--glossary", TINY, "--json")
    report = json.loads(out)
    totals = report["totals"]
    assert totals["segments"] - totals["untranslated"] == 2
    assert (totals["segments_with_issues"], totals["issues"]) == (1, 1)
    assert report["issues"][0]["term"] == "harmonyos"


def test_check_reports_unreadable_input_with_exit_2(run_cli, tmp_path):
    broken = tmp_path / "broken.tmx"
    broken.write_text("<tmx><body><tu>", encoding="utf-8")
    code, _, err = run_cli("check", str(broken), "--glossary", TINY)
    assert code == 2 and "broken.tmx:1: not well-formed XML" in err
    one_column = tmp_path / "one.csv"
    one_column.write_text("鸿蒙操作系统\n", encoding="utf-8")
    with pytest.raises(FormatError, match=r"one\.csv:1: expected at least 2 columns"):
        list(read_bilingual(str(one_column)).segments)
    assert run_cli("check", str(tmp_path / "x.docx"), "--glossary", TINY)[0] == 2


def test_annotate_formats(run_cli, tmp_path, tiny):
    text = tmp_path / "in.txt"
    text.write_text("原生鴻蒙作業系統全面商用。\n“鸿蒙操作系统”<b>", encoding="utf-8")
    code, out, _ = run_cli("annotate", str(text), "--glossary", TINY, "--format", "json")
    rows = json.loads(out)
    assert code == 0
    assert [(r["line"], r["column"], r["text"], r["en"]) for r in rows] == [
        (1, 3, "鴻蒙作業系統", "HarmonyOS"), (2, 2, "鸿蒙操作系统", "HarmonyOS")]
    code, out, _ = run_cli("annotate", str(text), "--glossary", TINY, "--format", "html")
    assert '<abbr class="gdterm" title="HarmonyOS · Hóngméng Cāozuò Xìtǒng"' in out
    assert "&lt;b&gt;" in out  # the text's own markup is escaped
    code, out, _ = run_cli("annotate", str(text), "--glossary", TINY, "--format", "markdown")
    assert out.startswith("原生**鴻蒙作業系統** (HarmonyOS)全面商用。")
    assert run_cli("annotate", str(text), "--all", "--format", "html")[0] == 2


# --- the proof on real data: the seed TM is clean, and every deliberate break is caught ------


def _tm_pairs(shipped: Glossary) -> list[tuple[str, str, str]]:
    from guangdong_terms.core import compiled as _records

    return [(f"seed-{row['seed']}-{row['n']}", row["zh"], row["en"])
            for row in _records.tm_segments()]


def test_seed_tm_has_no_terminology_issue(shipped, run_cli, tmp_path):
    from guangdong_terms.operations.exporting import export

    tmx = tmp_path / "tm.tmx"
    export("tmx", str(tmx))
    code, out, err = run_cli("check", str(tmx))
    assert (code, out) == (0, ""), out
    assert " 0 issue(s)" in err


def test_every_deliberate_break_is_caught_and_nothing_else(shipped, tmp_path, run_cli):
    # Break every segment that uses a term: swap its English for a form to avoid where the
    # entry has one, else delete it. Leave the other segments alone. The checker must flag
    # exactly the broken segments.
    import csv

    broken_ids, rows = set(), []
    for ident, zh, en in _tm_pairs(shipped):
        hits = shipped.find_terms(zh)
        term = next((h.term for h in hits if h.term.en in en), None)
        if term is not None and len(broken_ids) < 80:
            replacement = term.en_avoid[0] if term.en_avoid else "[deleted]"
            en = en.replace(term.en, replacement)
            broken_ids.add(ident)
        rows.append((ident, zh, en))
    assert len(broken_ids) >= 40
    path = tmp_path / "broken.tsv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t")
        writer.writerow(["source", "target"])
        lines = {}
        for number, (ident, zh, en) in enumerate(rows, start=2):
            writer.writerow([zh, en])
            lines[str(number)] = ident
    code, out, _ = run_cli("check", str(path), "--json")
    report = json.loads(out)
    flagged = {lines[issue["segment"]] for issue in report["issues"]}
    assert code == 1
    assert flagged == broken_ids
