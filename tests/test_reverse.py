"""Our own English -> Chinese exports against our own terminology check (issue 14).

Every English form of a term found in the English side must be matched by the term's curated
Chinese in the Chinese side. Three sentences name a term elliptically (湾区 is any bay area,
科技创新条例 the short title of other regions' regulations too, 广州 in 广州、鹏城国家实验室
the city): a terminologist checked each and recorded why in the segment's
``[segment.exceptions]``, which validate requires and ``gdterms check`` honours for that sentence
and term, in our exports and in another tool's file alike.
"""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(("fmt", "target"), [("tmx", "zh-CN"), ("po", "zh-TW"), ("tmx", "zh-HK")])
def test_a_reverse_export_passes_its_own_check(run_cli, tmp_path, fmt, target):
    path = tmp_path / f"reverse.{fmt}"
    code, _, _ = run_cli("export", "--format", fmt, "--source-lang", "en", "--target-lang",
                         target, "-o", str(path))
    assert code == 0
    code, out, err = run_cli("check", str(path))
    assert code == 0, out
    assert f"(en -> {target}; 0 untranslated, 0 unconfirmed), 0 issue(s)" in err


def test_a_checked_elliptical_naming_is_excused_for_its_term_only(run_cli, tmp_path):
    # seed-000-46: 湾区项目 stands for the Greater Bay Area; tm/000.toml records why.
    from guangdong_terms.core import compiled

    row = next(r for r in compiled.tm_segments() if (r["seed"], r["n"]) == ("000", 46))
    assert "guangdong-hong-kong-macao-greater-bay-area" in row["excused"]
    path = tmp_path / "other-tool.tmx"
    english = row["en"] + " HarmonyOS."  # a term the Chinese does not name: still reported
    path.write_text('<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header '
                    'creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" '
                    'adminlang="en" srclang="en" datatype="plaintext"/><body><tu>'
                    f'<tuv xml:lang="en"><seg>{english}</seg></tuv>'
                    f'<tuv xml:lang="zh-CN"><seg>{row["zh"]}</seg></tuv></tu></body></tmx>',
                    encoding="utf-8")
    code, out, _ = run_cli("check", str(path))
    assert code == 1 and out.count("\n") == 1 and "(harmonyos)" in out


def test_validate_holds_the_tm_to_the_english_to_chinese_check(tmp_path):
    import shutil

    from conftest import REPO

    from guangdong_terms.curation.validation import validate

    for name in ("glossary", "tm"):
        shutil.copytree(REPO / name, tmp_path / name)
    path = tmp_path / "tm" / "000.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index("n = 46\n")
    exceptions = text.index("[segment.exceptions]", start)
    end = text.index("\n\n", exceptions)
    path.write_text(text[:exceptions] + text[end + 2:], encoding="utf-8")
    problems = validate(str(tmp_path / "glossary"), str(REPO / "seeds"), str(tmp_path / "tm"))
    assert any("segment 46: en uses 'Greater Bay Area'" in str(p) for p in problems), problems
