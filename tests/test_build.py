"""The shipped data is the glossary source, compiled; a stale install is caught here."""

from __future__ import annotations

import json

from conftest import GLOSSARY_DIR, SEEDS_DIR

from guangdong_terms.core import compiled as _records
from guangdong_terms.curation.build import compile_glossary


def test_installed_data_equals_a_fresh_compile():
    fresh = compile_glossary(str(GLOSSARY_DIR), str(SEEDS_DIR))
    with open(_records.DATA_PATH, encoding="utf-8") as handle:
        installed = json.load(handle)
    assert installed == fresh, "stale data: run `pip install -e .` again after editing glossary/"


def test_header_is_checked(tmp_path):
    path = tmp_path / "glossary.json"
    path.write_text('{"format": "something-else", "version": 1, "terms": []}', encoding="utf-8")
    try:
        _records.read_compiled(str(path))
    except _records.DataError as error:
        assert "expected format 'guangdong-terms-glossary' version 1" in str(error)
    else:
        raise AssertionError("a foreign header was accepted")


def test_missing_data_says_how_to_build_it(tmp_path):
    try:
        _records.read_compiled(str(tmp_path / "absent.json"))
    except _records.DataError as error:
        assert "pip install -e ." in str(error)
    else:
        raise AssertionError("a missing file was accepted")
