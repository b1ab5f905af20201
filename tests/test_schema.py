"""docs/glossary.schema.json (for editors) agrees with the model and accepts the real data."""

from __future__ import annotations

import json
import tomllib

import jsonschema
from conftest import GLOSSARY_DIR, REPO

from guangdong_terms.core.compiled import CATEGORIES
from guangdong_terms.curation.source import CONTEXT_FIELDS, FIELDS, OPTIONAL, OVERRIDABLE

SCHEMA = json.loads((REPO / "docs" / "glossary.schema.json").read_text(encoding="utf-8"))
TERM = SCHEMA["properties"]["term"]["items"]


def test_schema_fields_equal_the_model():
    assert list(TERM["properties"]) == list(FIELDS)
    assert set(TERM["required"]) == set(FIELDS) - OPTIONAL
    assert TERM["properties"]["category"]["enum"] == list(CATEGORIES)
    context = TERM["properties"]["contexts"]["items"]
    assert list(context["properties"]) == list(CONTEXT_FIELDS)
    assert list(TERM["properties"]["overrides"]["properties"]) == list(OVERRIDABLE)


def test_every_glossary_file_matches_the_schema():
    files = sorted(GLOSSARY_DIR.glob("*.toml"))
    assert files
    for path in files:
        with path.open("rb") as handle:
            jsonschema.validate(tomllib.load(handle), SCHEMA)
