"""The compiled glossary as shipped in the package, and the exact-match index over it.

This module is on the path of every ``gdterms lookup``, so it imports nothing but ``os`` and
``marshal`` at the top: no dataclasses, typing, pathlib, functools, pypinyin or OpenCC
(design-notes §3 measured each of those at 3-200 ms of start-up), and ``json`` (7 ms, with the
``re`` it pulls in) only where the fast index cannot serve.

File format of ``guangdong_terms/data/glossary.json`` (written by
``curation.build.compile_glossary`` at build time)::

    {"format": "guangdong-terms-glossary", "version": 1, "terms": [RECORD, ...]}

A RECORD is a JSON object with exactly the keys of docs/curators/glossary-format.md, in this order:
id, zh, en, en_alternatives, en_avoid, category, pinyin, zh_hk, zh_tw, aliases, aliases_hk,
aliases_tw, contexts, definition, notes, en_source, en_source_quote, status, checked, overrides,
related, short_forms.
``aliases_hk`` and ``aliases_tw`` are parallel to ``aliases`` (one form each, same order).
``contexts`` is a list of ``{"zh", "seed", "en", "line"}`` objects (plus ``"end_line"`` for a
sentence the capture broke across raw lines), ``overrides`` an object of field name -> reason,
``related`` a list of ``{"type", "id", "zh", "en"}`` objects (type broader, narrower or
related; the other entry's id, and its zh and en filled in by the build for display),
``short_forms`` a list of ``{"zh", "en"}`` objects (an alias and the English alternative that
is its short form).
Readers reject any other format name or version rather than guess.
"""

from __future__ import annotations

import marshal
import os
import sys

from ..text.normalise import lookup_key

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing costs ~6 ms to import
if TYPE_CHECKING:
    from typing import Any, TypeAlias

    Record: TypeAlias = dict[str, Any]
else:
    Record = dict

FORMAT = "guangdong-terms-glossary"
INDEX_FORMAT = "guangdong-terms-lookup"
EXPORT_FORMAT = "guangdong-terms"  # formats/jsonfile.py writes it
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

#: Where the build hook writes the compiled data: ``guangdong_terms/data/``.
DATA_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "data")
DATA_PATH = os.path.join(DATA_DIR, "glossary.json")
INDEX_PATH = os.path.join(DATA_DIR, "lookup.json")
FAST_INDEX_PATH = os.path.join(DATA_DIR, "lookup.marshal")
TM_PATH = os.path.join(DATA_DIR, "tm.json")

class DataError(Exception):
    """The shipped data file is missing or not in the expected format."""


def read_compiled(path: str) -> list[Record]:
    """Read a compiled glossary file and check its header."""
    import json

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
    # A compiled glossary, or our own JSON export (``gdterms export --format json``), which
    # carries the same records.
    if not isinstance(document, dict) or (document.get("format"), document.get("version")) not in (
            (FORMAT, VERSION), (EXPORT_FORMAT, VERSION)):
        header = {key: document.get(key) for key in ("format", "version")} if isinstance(
            document, dict
        ) else type(document).__name__
        raise DataError(f"{path}: expected format {FORMAT!r} version {VERSION}, found {header}")
    terms = document.get("terms")
    if not isinstance(terms, list):
        raise DataError(f"{path}: 'terms' must be a list")
    return terms


# Read once per process. Module-level slots, not functools.cache: functools costs ~3 ms to
# import, which the lookup path would pay for nothing else.
_records: list[Record] | None = None
_index: dict[str, int] | None = None
_json_index: dict[str, Any] | None = None
_fast_index: tuple[dict[str, int], list[bytes]] | None = None
_fast_index_read = False


def records() -> list[Record]:
    """The shipped records, read once per process."""
    global _records
    if _records is None:
        _records = read_compiled(DATA_PATH)
    return _records


def build_index(rows: list[Record]) -> dict[str, int]:
    """Map each lookup key to the position of its record.

    Chinese forms are entered before English ones and earlier rows before later ones, so if two
    entries ever shared a key (``gdterms validate`` reports that) the result is still stable.
    """
    index: dict[str, int] = {}
    for position, row in enumerate(rows):
        for form in (row["zh"], *row["aliases"], row["zh_hk"], row["zh_tw"],
                     *row["aliases_hk"], *row["aliases_tw"]):
            index.setdefault(lookup_key(form), position)
    for position, row in enumerate(rows):
        for form in (row["en"], *row["en_alternatives"]):
            index.setdefault(lookup_key(form), position)
    return index


def index() -> dict[str, int]:
    """The exact-lookup index of the shipped records, built once per process."""
    global _index
    if _index is None:
        _index = build_index(records())
    return _index


def fast_index_blob(keys: dict[str, int], rows: list[Record]) -> bytes:
    """The fast index: lookup keys and each record, in ``marshal`` form.

    A cache of ``lookup.json`` and ``glossary.json`` for the lookup path, which then needs no
    ``json`` (nor the ``re`` it imports): marshal is built into the interpreter. marshal's
    format may change between Python versions, so the blob names the version that wrote it
    and any other version reads the JSON instead.
    """
    return marshal.dumps((INDEX_FORMAT, VERSION, tuple(sys.version_info[:2]), keys,
                          [marshal.dumps(row) for row in rows]))


def _read_fast_index() -> tuple[dict[str, int], list[bytes]] | None:
    """(keys, records) of the fast index; None where it is missing, damaged or another
    Python's, once per process."""
    global _fast_index, _fast_index_read
    if not _fast_index_read:
        _fast_index_read = True
        try:
            with open(FAST_INDEX_PATH, "rb") as handle:
                fields = marshal.loads(handle.read())
        except (OSError, ValueError, EOFError, TypeError):
            return None
        if (isinstance(fields, tuple) and len(fields) == 5
                and fields[:3] == (INDEX_FORMAT, VERSION, tuple(sys.version_info[:2]))):
            _fast_index = (fields[3], fields[4])
    return _fast_index


def _lookup_index() -> dict[str, Any] | None:
    """The build-time index (``curation.build.write_lookup_index``), or None if there is none."""
    global _json_index
    if _json_index is None:
        import json

        try:
            with open(INDEX_PATH, encoding="utf-8") as handle:
                document: dict[str, Any] = json.load(handle)
        except FileNotFoundError:
            return None
        if (document.get("format"), document.get("version")) != (INDEX_FORMAT, VERSION):
            return None
        _json_index = document
    return _json_index


def lookup_record(text: str) -> Record | None:
    """The shipped record whose Chinese or English form equals *text*, or None.

    With the build-time index this reads one line of the glossary; without it (a bare source
    checkout that was never built cannot get here) it falls back to the full records.
    """
    key = lookup_key(text)
    fast = _read_fast_index()
    if fast is not None:
        keys, blobs = fast
        place = keys.get(key)
        if place is None:
            return None
        row: Record = marshal.loads(blobs[place])
        return row
    found = _lookup_index()
    if found is None:
        position = index().get(key)
        return None if position is None else records()[position]
    position = found["keys"].get(key)
    if position is None:
        return None
    start, end = found["offsets"][position]
    import json

    with open(DATA_PATH, "rb") as handle:
        handle.seek(start)
        record: Record = json.loads(handle.read(end - start))
    return record


TM_FORMAT = "guangdong-terms-tm"


_tm_segments: list[Record] | None = None


def tm_segments() -> list[Record]:
    """The shipped translation-memory segments (seed, n, line, zh, en, note); [] if none."""
    global _tm_segments
    if _tm_segments is None:
        if not os.path.exists(TM_PATH):
            return []
        import json

        with open(TM_PATH, encoding="utf-8") as handle:
            document = json.load(handle)
        if (document.get("format"), document.get("version")) != (TM_FORMAT, VERSION):
            raise DataError(f"{TM_PATH}: expected format {TM_FORMAT!r} version {VERSION}")
        _tm_segments = document["segments"]
    return _tm_segments
