"""The compiled glossary as shipped in the package, and the exact-match index over it.

This module is on the path of every ``gdterms lookup``, so it imports nothing heavier than
``json`` and ``unicodedata``: no dataclasses, no pathlib, no pypinyin or OpenCC (design-notes §3
measured each of those at 10-200 ms of start-up).

File format of ``guangdong_terms/data/glossary.json`` (written by ``_source.compile_glossary``
at build time)::

    {"format": "guangdong-terms-glossary", "version": 1, "terms": [RECORD, ...]}

A RECORD is a JSON object with exactly the keys of docs/glossary-format.md, in this order:
id, zh, en, en_alternatives, en_avoid, category, pinyin, zh_hk, zh_tw, aliases, contexts,
definition, notes, en_source, en_source_quote, status, overrides. ``contexts`` is a list of
``{"zh", "seed", "en", "line"}`` objects (plus ``"end_line"`` for a sentence the capture broke
across raw lines), ``overrides`` an object of field name -> reason.
Readers reject any other format name or version rather than guess.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from functools import cache

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing costs ~6 ms to import
if TYPE_CHECKING:
    from typing import Any, TypeAlias

    Record: TypeAlias = dict[str, Any]
else:
    Record = dict

FORMAT = "guangdong-terms-glossary"
INDEX_FORMAT = "guangdong-terms-lookup"
VERSION = 1

#: The ten categories, in the order reports list them.
CATEGORIES: tuple[str, ...] = (
    "programme",
    "facility",
    "institution",
    "platform",
    "zone",
    "slogan",
    "product",
    "event",
    "indicator",
    "organisation",
)
STATUSES: tuple[str, ...] = ("verified", "unverified")

DATA_PATH = os.path.join(os.path.dirname(__file__), "data", "glossary.json")
INDEX_PATH = os.path.join(os.path.dirname(__file__), "data", "lookup.json")

#: A Han character (CJK Unified Ideographs, Extension A and Extensions B onwards). Kept as a
#: pattern: compiling it costs ~2 ms, which the lookup path must not pay; users compile it.
HAN_PATTERN = r"[\u3400-\u9fff\U00020000-\U0003134f]"

# Marks that users type or omit at will around names: “梦想”号, 《条例》, 'quoted'.
_QUOTES = dict.fromkeys(map(ord, "“”‘’\"'「」『』《》〈〉"), None)
_DASHES = re.compile(r"[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D-]")
_SPACE = re.compile(r"\s+")


def lookup_key(text: str) -> str:
    """Normalise a form for exact lookup.

    NFKC folds full-width letters and digits (９１０Ｃ -> 910C) and Roman-numeral characters
    (Ⅲ -> III); quotation and title marks are dropped; dashes of every width become "-";
    case is folded and runs of white space become one space.

    >>> lookup_key("“梦想”号") == lookup_key("梦想号")
    True
    >>> lookup_key("鹏城云脑Ⅲ")
    '鹏城云脑iii'
    >>> lookup_key("  Greater   Bay Area ")
    'greater bay area'
    """
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = _DASHES.sub("-", text)
    return _SPACE.sub(" ", text).strip().casefold()


class DataError(Exception):
    """The shipped data file is missing or not in the expected format."""


def read_compiled(path: str) -> list[Record]:
    """Read a compiled glossary file and check its header."""
    try:
        with open(path, encoding="utf-8") as handle:
            document = json.load(handle)
    except FileNotFoundError:
        raise DataError(
            f"{path}: compiled glossary not found. It is written when the package is built; "
            "in a source checkout run `pip install -e .` (again after editing glossary/)."
        ) from None
    except (OSError, ValueError) as error:
        raise DataError(f"{path}: unreadable compiled glossary: {error}") from None
    if not isinstance(document, dict) or (document.get("format"), document.get("version")) != (
        FORMAT,
        VERSION,
    ):
        header = {key: document.get(key) for key in ("format", "version")} if isinstance(
            document, dict
        ) else type(document).__name__
        raise DataError(f"{path}: expected format {FORMAT!r} version {VERSION}, found {header}")
    terms = document.get("terms")
    if not isinstance(terms, list):
        raise DataError(f"{path}: 'terms' must be a list")
    return terms


@cache
def records() -> list[Record]:
    """The shipped records, read once per process."""
    return read_compiled(DATA_PATH)


def build_index(rows: list[Record]) -> dict[str, int]:
    """Map each lookup key to the position of its record.

    Chinese forms are entered before English ones and earlier rows before later ones, so if two
    entries ever shared a key (``gdterms validate`` reports that) the result is still stable.
    """
    index: dict[str, int] = {}
    for position, row in enumerate(rows):
        for form in (row["zh"], *row["aliases"], row["zh_hk"], row["zh_tw"]):
            index.setdefault(lookup_key(form), position)
    for position, row in enumerate(rows):
        for form in (row["en"], *row["en_alternatives"]):
            index.setdefault(lookup_key(form), position)
    return index


@cache
def index() -> dict[str, int]:
    return build_index(records())


@cache
def _lookup_index() -> dict[str, Any] | None:
    """The build-time index (``_source.write_lookup_index``), or None if there is none."""
    try:
        with open(INDEX_PATH, encoding="utf-8") as handle:
            document: dict[str, Any] = json.load(handle)
    except FileNotFoundError:
        return None
    if (document.get("format"), document.get("version")) != (INDEX_FORMAT, VERSION):
        return None
    return document


def lookup_record(text: str) -> Record | None:
    """The shipped record whose Chinese or English form equals *text*, or None.

    With the build-time index this reads one line of the glossary; without it (a bare source
    checkout that was never built cannot get here) it falls back to the full records.
    """
    key = lookup_key(text)
    found = _lookup_index()
    if found is None:
        position = index().get(key)
        return None if position is None else records()[position]
    position = found["keys"].get(key)
    if position is None:
        return None
    start, end = found["offsets"][position]
    with open(DATA_PATH, "rb") as handle:
        handle.seek(start)
        record: Record = json.loads(handle.read(end - start))
    return record


TM_PATH = os.path.join(os.path.dirname(__file__), "data", "tm.json")
TM_FORMAT = "guangdong-terms-tm"


@cache
def tm_segments() -> list[Record]:
    """The shipped translation-memory segments (seed, n, line, zh, en, note); [] if none."""
    if not os.path.exists(TM_PATH):
        return []
    with open(TM_PATH, encoding="utf-8") as handle:
        document = json.load(handle)
    if (document.get("format"), document.get("version")) != (TM_FORMAT, VERSION):
        raise DataError(f"{TM_PATH}: expected format {TM_FORMAT!r} version {VERSION}")
    segments: list[Record] = document["segments"]
    return segments
