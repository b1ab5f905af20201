"""JSON and JSON Lines: every field, in the versioned record schema of docs/json-format.md.

JSON is one document ``{"format": "guangdong-terms", "version": 1, "terms": [...], "tm":
[...]}``; JSON Lines is one object per line, ``{"type": "term", ...record}`` or ``{"type":
"segment", ...segment}``, after a first header line ``{"type": "header", "format": ...,
"version": 1}``. Both carry every field the glossary has, so both round-trip exactly.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from ._text import decoding_error, open_text
from ._writing import write_lines
from .base import Format, FormatError

FORMAT = "guangdong-terms"
VERSION = 1

Record = dict[str, Any]


def generate_json(terms: Iterable[Record], segments: Iterable[Record]) -> Iterator[str]:
    """The JSON document, one record per line inside the arrays (diff-friendly, streamable)."""
    yield f'{{"format": "{FORMAT}", "version": {VERSION}, "terms": [\n'
    for index, record in enumerate(terms):
        yield ("," if index else "") + json.dumps(record, ensure_ascii=False) + "\n"
    yield '], "tm": [\n'
    for index, record in enumerate(segments):
        yield ("," if index else "") + json.dumps(record, ensure_ascii=False) + "\n"
    yield "]}\n"


def generate_jsonl(terms: Iterable[Record], segments: Iterable[Record]) -> Iterator[str]:
    """JSON Lines: a header line, then one object per term and per TM segment."""
    yield json.dumps({"type": "header", "format": FORMAT, "version": VERSION}) + "\n"
    for record in terms:
        yield json.dumps({"type": "term", **record}, ensure_ascii=False) + "\n"
    for record in segments:
        yield json.dumps({"type": "segment", **record}, ensure_ascii=False) + "\n"


def write_json(handle: TextIO, terms: Iterable[Record], segments: Iterable[Record]) -> None:
    """Write the JSON document to an open text file."""
    write_lines(handle, generate_json(terms, segments))


def write_jsonl(handle: TextIO, terms: Iterable[Record], segments: Iterable[Record]) -> None:
    """Write JSON Lines to an open text file."""
    write_lines(handle, generate_jsonl(terms, segments))


def read_json(path: str, encoding: str | None = None) -> tuple[list[Record], list[Record]]:
    """(term records, TM segments) of a JSON export; the header and each record's shape are
    checked (what the values say is ``gdterms validate``'s job)."""
    try:
        with open_text(path, encoding) as handle:
            document = json.load(handle)
    except UnicodeDecodeError as error:
        raise decoding_error(path, error) from None
    except json.JSONDecodeError as error:
        raise FormatError(f"{path}:{error.lineno}: not JSON: {error.msg}") from None
    except RecursionError:
        raise FormatError(f"{path}: not JSON we read: nested too deeply") from None
    _check_header(path, 1, document)
    terms, segments = document.get("terms", []), document.get("tm", [])
    if not isinstance(terms, list) or not isinstance(segments, list):
        raise FormatError(f"{path}:1: \"terms\" and \"tm\" must be lists")
    for item in terms:
        _check_term(path, 1, item)
    for item in segments:
        _check_segment(path, 1, item)
    return terms, segments


def read_jsonl(path: str, encoding: str | None = None) -> tuple[list[Record], list[Record]]:
    """(term records, TM segments) of a JSON Lines export."""
    terms: list[Record] = []
    segments: list[Record] = []
    try:
        with open_text(path, encoding) as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    item = json.loads(line)
                except json.JSONDecodeError as error:
                    raise FormatError(f"{path}:{number}: not JSON: {error.msg}") from None
                except RecursionError:
                    raise FormatError(f"{path}:{number}: nested too deeply") from None
                kind = item.pop("type", None) if isinstance(item, dict) else None
                if number == 1:
                    _check_header(path, 1, item)
                elif kind == "term":
                    terms.append(_check_term(path, number, item))
                elif kind == "segment":
                    segments.append(_check_segment(path, number, item))
                else:
                    raise FormatError(f"{path}:{number}: expected \"type\": \"term\" or "
                                      "\"segment\"")
    except UnicodeDecodeError as error:
        raise decoding_error(path, error) from None
    return terms, segments


_TERM_STRINGS = ("id", "zh", "en", "category")
_SEGMENT_FIELDS = {"seed": str, "n": int, "zh": str, "en": str}


def _check_term(path: str, line: int, item: object) -> Record:
    if not isinstance(item, dict) or not all(isinstance(item.get(key), str)
                                             for key in _TERM_STRINGS):
        raise FormatError(f"{path}:{line}: a term must be an object with string "
                          f"{', '.join(_TERM_STRINGS)}")
    return item


def _check_segment(path: str, line: int, item: object) -> Record:
    if not isinstance(item, dict) or not all(isinstance(item.get(key), kind)
                                             for key, kind in _SEGMENT_FIELDS.items()):
        raise FormatError(f"{path}:{line}: a segment must be an object with seed, n, zh and en")
    return item


def _check_header(path: str, line: int, document: object) -> None:
    if not isinstance(document, dict) or (document.get("format"), document.get("version")) != (
            FORMAT, VERSION):
        raise FormatError(f"{path}:{line}: expected format {FORMAT!r} version {VERSION}")


FIELDS = ("id", "zh", "en", "en_alternatives", "en_avoid", "category", "pinyin", "zh_hk", "zh_tw",
          "aliases", "aliases_hk", "aliases_tw", "contexts", "definition", "notes", "en_source", "en_source_quote", "status",
          "checked", "overrides", "related", "short_forms")

JSON = Format("json", (".json",), "JSON document, versioned record schema", carries=FIELDS,
              read_glossary=read_json, write_glossary=write_json)
JSONL = Format("jsonl", (".jsonl",), "JSON Lines, one record per line", carries=FIELDS,
               read_glossary=read_jsonl, write_glossary=write_jsonl)
