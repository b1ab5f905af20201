"""The human-edited glossary source (``glossary/*.toml``): reading, structural checks, writing.

Standard library only: the build hook imports this module inside an isolated build environment
that has nothing but hatchling, and it refuses to package a glossary with structural problems.
The format is specified in docs/curators/glossary-format.md; the language checks that need pypinyin and
OpenCC live in ``validation``, and compiling for the package in ``build``.

``tomllib`` gives values but no positions, so a small line scanner records where each
``[[term]]``, ``[[term.contexts]]``, ``[[term.related]]`` and ``key =`` stands. That is why the format allows only
those table headers and bare keys: with no inline tables for entries, every value has a line.
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..core.compiled import CATEGORIES, STATUSES, Record
from ..core.model import Problem
from ..text.normalise import HAN_PATTERN, lookup_key

__all__ = [
    "FIELDS",
    "SourceEntry",
    "check_structure",
    "dump_file",
    "normalise",
    "read_source",
    "toml_problem",
    "toml_string",
]

#: Entry fields in file order, with their TOML type. Every one is required except ``checked``
#: (the outcome of the last re-check of the English, when there was one) and overrides.
FIELDS: dict[str, type] = {
    "id": str,
    "zh": str,
    "en": str,
    "en_alternatives": list,
    "en_avoid": list,
    "category": str,
    "pinyin": str,
    "zh_hk": str,
    "zh_tw": str,
    "aliases": list,
    "aliases_hk": list,
    "aliases_tw": list,
    "definition": str,
    "notes": str,
    "en_source": str,
    "en_source_quote": str,
    "status": str,
    "checked": str,
    "contexts": list,
    "related": list,
    "short_forms": list,
    "overrides": dict,
}
OPTIONAL = frozenset({"checked", "overrides", "related", "short_forms"})
#: Keys of a ``[[term.short_forms]]`` table: a Chinese alias and the English alternative that
#: is its short form in English (大湾区 -> "Greater Bay Area"), as termbases pair short forms.
SHORT_FORM_FIELDS = ("zh", "en")
CONTEXT_FIELDS = ("zh", "seed", "en")
#: Keys of a ``[[term.related]]`` table, and the relation types (those of SKOS and of
#: termbases' concept relations: broader and narrower generic, and associative).
RELATION_FIELDS = ("type", "id")
RELATION_TYPES = ("broader", "narrower", "related")
#: The relation the other entry must state back, where it states one.
INVERSE = {"broader": "narrower", "narrower": "broader", "related": "related"}
#: Fields whose generated value (pypinyin, OpenCC) an entry may deliberately differ from.
OVERRIDABLE = ("pinyin", "zh_hk", "zh_tw")
#: Lists parallel to ``aliases`` (one form per alias, same order), with the head-form field
#: each mirrors. Their overrides are keyed ``LIST.ALIAS`` by the Simplified alias, in quotes
#: (``"aliases_tw.大湾区" = "reason"``).
ALIAS_FORMS = {"aliases_hk": "zh_hk", "aliases_tw": "zh_tw"}
TRANSLATED_HERE = "translated here"

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_SEED_ID = re.compile(r"\d{3}")
_CHECKED = re.compile(r"\d{4}-\d{2}-\d{2}: \S.*")
_TERM_HEADER = re.compile(r"\s*\[\[\s*term\s*\]\]\s*(?:#.*)?")
_CONTEXT_HEADER = re.compile(r"\s*\[\[\s*term\.contexts\s*\]\]\s*(?:#.*)?")
_RELATED_HEADER = re.compile(r"\s*\[\[\s*term\.related\s*\]\]\s*(?:#.*)?")
_SHORT_HEADER = re.compile(r"\s*\[\[\s*term\.short_forms\s*\]\]\s*(?:#.*)?")
_OVERRIDES_HEADER = re.compile(r"\s*\[\s*term\.overrides\s*\]\s*(?:#.*)?")
_KEY = re.compile(r'\s*([A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*")\s*=')
_TOML_POSITION = re.compile(r"\(at line (\d+), column \d+\)")
SCHEMA_LINE = "#:schema ../docs/glossary.schema.json"


@dataclass
class SourceEntry:
    """One ``[[term]]`` table as read from a source file, with the line of each value.

    ``lines`` maps "" to the ``[[term]]`` header, a field name to its ``key =`` line,
    ``contexts.N`` (``related.N``) to the N-th context (relation) header and
    ``contexts.N.KEY`` / ``related.N.KEY`` / ``overrides.KEY`` inside.
    """

    path: str
    record: Record
    lines: dict[str, int] = field(default_factory=dict)

    @property
    def id(self) -> str | None:
        """The entry's id, or None where it has none (yet) or not a string."""
        value = self.record.get("id")
        return value if isinstance(value, str) else None

    def line(self, *keys: str) -> int:
        """The line of the first of *keys* that was seen, else the entry's header line."""
        for key in keys:
            if key in self.lines:
                return self.lines[key]
        return self.lines.get("", 1)

    def problem(self, message: str, *keys: str) -> Problem:
        """A Problem of this entry, at the line of the first of *keys* that was seen."""
        return Problem(self.path, self.line(*keys), self.id, message)


def _scan_positions(text: str) -> list[dict[str, int]]:
    """Record the line of every table header and key, per ``[[term]]`` table."""
    tables: list[dict[str, int]] = []
    prefix = ""
    contexts = related = short = -1
    in_multiline = False
    for number, line in enumerate(text.split("\n"), start=1):
        if in_multiline:
            in_multiline = line.count('"""') % 2 == 0
            continue
        if _TERM_HEADER.fullmatch(line):
            tables.append({"": number})
            prefix, contexts, related, short = "", -1, -1, -1
        elif _CONTEXT_HEADER.fullmatch(line) and tables:
            contexts += 1
            prefix = f"contexts.{contexts}."
            tables[-1].setdefault("contexts", number)
            tables[-1][f"contexts.{contexts}"] = number
        elif _RELATED_HEADER.fullmatch(line) and tables:
            related += 1
            prefix = f"related.{related}."
            tables[-1].setdefault("related", number)
            tables[-1][f"related.{related}"] = number
        elif _SHORT_HEADER.fullmatch(line) and tables:
            short += 1
            prefix = f"short_forms.{short}."
            tables[-1].setdefault("short_forms", number)
            tables[-1][f"short_forms.{short}"] = number
        elif _OVERRIDES_HEADER.fullmatch(line) and tables:
            prefix = "overrides."
            tables[-1]["overrides"] = number
        else:
            key = _KEY.match(line)
            if key and tables:
                tables[-1].setdefault(prefix + _key_name(key.group(1)), number)
        in_multiline = in_multiline or line.count('"""') % 2 == 1
    return tables


def _key_name(key: str) -> str:
    """A TOML key as ``tomllib`` reads it: bare, or a quoted basic string unescaped."""
    if not key.startswith('"'):
        return key
    try:
        return str(tomllib.loads(f"k = {key}")["k"])
    except tomllib.TOMLDecodeError:
        return key


def toml_problem(path: str, error: tomllib.TOMLDecodeError) -> Problem:
    """A TOML syntax error as a located Problem (tomllib puts the line in its message)."""
    position = _TOML_POSITION.search(str(error))
    line = int(position.group(1)) if position else 1
    message = _TOML_POSITION.sub("", str(error)).strip()
    return Problem(path, line, None, f"TOML syntax: {message}")


def read_file(path: str) -> tuple[list[SourceEntry], list[Problem]]:
    """Parse one glossary source file into entries with positions."""
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except UnicodeDecodeError as error:
        return [], [Problem(path, 1, None, f"not UTF-8: {error.reason} at byte {error.start}")]
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return [], [toml_problem(path, error)]
    problems = [
        Problem(path, 1, None, f"unexpected top-level key {key!r}: only [[term]] tables belong here")
        for key in document
        if key != "term"
    ]
    terms = document.get("term", [])
    if not isinstance(terms, list):
        return [], [*problems, Problem(path, 1, None, "'term' must be an array of [[term]] tables")]
    positions = _scan_positions(text)
    if len(positions) != len(terms):
        problems.append(
            Problem(path, 1, None, f"found {len(terms)} terms but {len(positions)} [[term]] "
                    "headers: write each entry as a [[term]] table, not inline")
        )
        positions = [{} for _ in terms]
    entries = [
        SourceEntry(path, record, lines)
        for record, lines in zip(terms, positions, strict=True)
    ]
    return entries, problems


def read_source(glossary_dir: str) -> tuple[list[SourceEntry], list[Problem]]:
    """Read every ``*.toml`` file of *glossary_dir* (sorted by name) and check its structure."""
    if not os.path.isdir(glossary_dir):
        return [], [Problem(glossary_dir, 0, None, "glossary folder not found")]
    entries: list[SourceEntry] = []
    problems: list[Problem] = []
    names = sorted(name for name in os.listdir(glossary_dir) if name.endswith(".toml"))
    if not names:
        problems.append(Problem(glossary_dir, 0, None, "no *.toml files in the glossary folder"))
    for name in names:
        file_entries, file_problems = read_file(os.path.join(glossary_dir, name))
        entries.extend(file_entries)
        problems.extend(file_problems)
    problems.extend(check_structure(entries))
    return entries, problems


# --- structural checks: each yields Problems for one concern ------------------------------


def _check_fields(entry: SourceEntry) -> Iterator[Problem]:
    record = entry.record
    for key in record:
        if key not in FIELDS:
            guess = difflib.get_close_matches(key, FIELDS, n=1)
            hint = f"; did you mean {guess[0]!r}?" if guess else ""
            yield entry.problem(f"unknown field {key!r}{hint}", key)
    for key, kind in FIELDS.items():
        if key not in record:
            if key not in OPTIONAL:
                yield entry.problem(f"missing required field {key!r}")
            continue
        value = record[key]
        if not isinstance(value, kind):
            yield entry.problem(
                f"field {key!r} must be {_TOML_TYPE[kind]}, not {_toml_type_of(value)}", key
            )
        elif isinstance(value, str):
            yield from _check_string(entry, key, value, allow_empty=key in _MAY_BE_EMPTY)
        elif isinstance(value, list) and key not in ("contexts", "related", "short_forms"):
            # A parallel list may repeat: two aliases can share one Traditional form.
            yield from _check_string_list(entry, key, value, repeats=key in ALIAS_FORMS)


_MAY_BE_EMPTY = frozenset({"notes", "en_source_quote"})
_TOML_TYPE: dict[type, str] = {str: "a string", list: "an array", dict: "a table"}


def _toml_type_of(value: object) -> str:
    names = {str: "a string", list: "an array", dict: "a table", bool: "a boolean",
             int: "an integer", float: "a float"}
    return names.get(type(value), type(value).__name__)


def _check_string(
    entry: SourceEntry, key: str, value: str, *, allow_empty: bool, line_key: str = ""
) -> Iterator[Problem]:
    where = line_key or key
    if not value and not allow_empty:
        yield entry.problem(f"{key!r} must not be empty", where)
    elif value != value.strip():
        yield entry.problem(f"{key!r} has leading or trailing white space", where)
    elif "\n" in value and key != "notes":
        yield entry.problem(f"{key!r} must be on one line", where)


def _check_string_list(entry: SourceEntry, key: str, values: list[Any], *,
                       repeats: bool = False) -> Iterator[Problem]:
    seen: set[str] = set()
    for value in values:
        if not isinstance(value, str):
            yield entry.problem(f"{key!r} must hold only strings, found {_toml_type_of(value)}",
                                key)
            continue
        yield from _check_string(entry, key, value, allow_empty=False)
        if value in seen and not repeats:
            yield entry.problem(f"{key!r} lists {value!r} twice", key)
        seen.add(value)


def _check_values(entry: SourceEntry) -> Iterator[Problem]:
    record = entry.record
    entry_id, category = record.get("id"), record.get("category")
    if isinstance(entry_id, str) and entry_id and not _SLUG.fullmatch(entry_id):
        yield entry.problem(
            f"id {entry_id!r} is not a slug (lower-case ASCII letters and digits joined by "
            "single hyphens)", "id")
    if isinstance(category, str) and category not in CATEGORIES:
        guess = difflib.get_close_matches(category, CATEGORIES, n=1)
        hint = f"; did you mean {guess[0]!r}?" if guess else ""
        yield entry.problem(f"unknown category {category!r}{hint} (expected one of "
                            f"{', '.join(CATEGORIES)})", "category")
    stem = os.path.splitext(os.path.basename(entry.path))[0]
    if isinstance(category, str) and category in CATEGORIES and category != stem:
        yield entry.problem(f"category {category!r} belongs in glossary/{category}.toml, "
                            f"not {os.path.basename(entry.path)}", "category")
    yield from _check_status(entry)
    yield from _check_english_lists(entry)
    yield from _check_definition(entry)


def _check_status(entry: SourceEntry) -> Iterator[Problem]:
    record = entry.record
    status, source, quote = (record.get(k) for k in ("status", "en_source", "en_source_quote"))
    if isinstance(status, str) and status not in STATUSES:
        yield entry.problem(f"unknown status {status!r} (expected verified or unverified)",
                            "status")
    if not isinstance(source, str) or not source:
        return
    is_url = source.startswith(("https://", "http://"))
    if not is_url and source != TRANSLATED_HERE:
        yield entry.problem(f"en_source must be an http(s) address or {TRANSLATED_HERE!r}, "
                            f"not {source!r}", "en_source")
    if status == "verified" and not (is_url and quote):
        yield entry.problem("status 'verified' needs the address read (en_source) and the words "
                            "found there (en_source_quote)", "status")
    if source == TRANSLATED_HERE and status == "verified":
        yield entry.problem("English 'translated here' cannot have status 'verified'", "status")
    checked = record.get("checked")
    if isinstance(checked, str) and checked and not _CHECKED.fullmatch(checked):
        yield entry.problem("checked must read 'YYYY-MM-DD: outcome' (the date of the re-check, "
                            f"then what it found), not {checked!r}", "checked")


def _check_english_lists(entry: SourceEntry) -> Iterator[Problem]:
    record = entry.record
    english = [record.get("en"), *_strings(record.get("en_alternatives"))]
    accepted = {lookup_key(form) for form in english if isinstance(form, str)}
    for avoid in _strings(record.get("en_avoid")):
        if lookup_key(avoid) in accepted:
            yield entry.problem(f"{avoid!r} is both accepted and to be avoided", "en_avoid")


_HAN = re.compile(HAN_PATTERN)


def _check_definition(entry: SourceEntry) -> Iterator[Problem]:
    """The TBX definition: one English sentence saying what the concept is."""
    definition = entry.record.get("definition")
    if not isinstance(definition, str) or not definition.strip():
        return  # missing, wrong type or empty: reported by _check_fields
    if not definition.endswith("."):
        yield entry.problem("definition must be one sentence ending with a full stop",
                            "definition")
    if _HAN.search(definition):
        yield entry.problem("definition must be English: Chinese forms belong in zh, aliases "
                            "and notes", "definition")
    en = entry.record.get("en")
    if isinstance(en, str) and en and definition.casefold().startswith(en.casefold() + " "):
        yield entry.problem("definition must say what the concept is without naming it first "
                            f"(it starts with {en!r})", "definition")


def _strings(value: object) -> list[str]:
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _sub_tables(entry: SourceEntry, key: str, noun: str, fields: tuple[str, ...]
                ) -> Iterator[tuple[int, str, dict[str, object] | None, list[Problem]]]:
    """Each ``[[term.KEY]]`` of an entry: its number, its line key, the table (None when it
    is not one) and the problems of its shape, which contexts and relations share."""
    tables = entry.record.get(key)
    if not isinstance(tables, list):
        return
    for number, table in enumerate(tables):
        where = f"{key}.{number}"
        if not isinstance(table, dict):
            yield number, where, None, [entry.problem(
                f"{noun} {number + 1} must be a [[term.{key}]] table", where)]
            continue
        yield number, where, table, [
            entry.problem(f"unknown {noun} field {name!r} (expected {', '.join(fields)})",
                          f"{where}.{name}", where)
            for name in table if name not in fields]


def _check_contexts(entry: SourceEntry) -> Iterator[Problem]:
    if entry.record.get("contexts") == []:
        yield entry.problem("at least one [[term.contexts]] is required", "contexts")
    for number, where, context, problems in _sub_tables(entry, "contexts", "context",
                                                        CONTEXT_FIELDS):
        yield from problems
        if context is None:
            continue
        for key in CONTEXT_FIELDS:
            value = context.get(key)
            if not isinstance(value, str):
                yield entry.problem(f"context {number + 1}: {key!r} must be a string", where)
                continue
            yield from _check_string(entry, key, value, allow_empty=False,
                                     line_key=f"{where}.{key}")
        seed = context.get("seed")
        if isinstance(seed, str) and seed and not _SEED_ID.fullmatch(seed):
            yield entry.problem(f"context {number + 1}: seed must be a three-digit seed id such "
                                f"as \"000\", not {seed!r}", f"{where}.seed")


def _check_related(entry: SourceEntry) -> Iterator[Problem]:
    """Each ``[[term.related]]`` table: a known type and an id that is not the entry's own."""
    seen: set[tuple[object, object]] = set()
    for number, where, relation, problems in _sub_tables(entry, "related", "relation",
                                                         RELATION_FIELDS):
        yield from problems
        if relation is None:
            continue
        kind, target = relation.get("type"), relation.get("id")
        if not isinstance(kind, str) or not isinstance(target, str):
            yield entry.problem(f"relation {number + 1}: 'type' and 'id' must be strings", where)
            continue
        if kind not in RELATION_TYPES:
            yield entry.problem(f"relation {number + 1}: unknown type {kind!r} (expected one of "
                                f"{', '.join(RELATION_TYPES)})", f"{where}.type", where)
        if target == entry.id:
            yield entry.problem(f"relation {number + 1}: an entry cannot be related to itself",
                                f"{where}.id", where)
        if target in {other for _, other in seen}:
            yield entry.problem(f"relation {number + 1}: {target!r} is related twice",
                                f"{where}.id", where)
        seen.add((kind, target))


def _check_short_forms(entry: SourceEntry) -> Iterator[Problem]:
    """Each ``[[term.short_forms]]`` pairs one of the aliases with one of en_alternatives."""
    short_forms = entry.record.get("short_forms")
    if not isinstance(short_forms, list):
        return
    aliases = _strings(entry.record.get("aliases"))
    alternatives = _strings(entry.record.get("en_alternatives"))
    seen: set[str] = set()
    for number, pair in enumerate(short_forms):
        where = f"short_forms.{number}"
        if not isinstance(pair, dict) or set(pair) != set(SHORT_FORM_FIELDS) or not all(
                isinstance(pair[key], str) for key in SHORT_FORM_FIELDS):
            yield entry.problem(f"short form {number + 1} must be a [[term.short_forms]] table "
                                "with the strings zh and en", where)
            continue
        if pair["zh"] not in aliases:
            yield entry.problem(f"short form {number + 1}: zh {pair['zh']!r} is not one of the "
                                "aliases", f"{where}.zh", where)
        if pair["en"] not in alternatives:
            yield entry.problem(f"short form {number + 1}: en {pair['en']!r} is not one of "
                                "en_alternatives", f"{where}.en", where)
        if pair["zh"] in seen:
            yield entry.problem(f"short form {number + 1}: {pair['zh']!r} is paired twice",
                                f"{where}.zh", where)
        seen.add(pair["zh"])


def _check_alias_forms(entry: SourceEntry) -> Iterator[Problem]:
    """aliases_hk and aliases_tw hold one form per alias, in the order of aliases."""
    aliases = entry.record.get("aliases")
    if not isinstance(aliases, list):
        return
    for key in ALIAS_FORMS:
        forms = entry.record.get(key)
        if isinstance(forms, list) and len(forms) != len(aliases):
            yield entry.problem(f"{key} must give one form per alias, in the order of aliases "
                                f"({len(aliases)} aliases, {len(forms)} forms)", key)


def _check_overrides(entry: SourceEntry) -> Iterator[Problem]:
    overrides = entry.record.get("overrides")
    if not isinstance(overrides, dict):
        return
    aliases = _strings(entry.record.get("aliases"))
    for key, reason in overrides.items():
        field, _, alias = key.partition(".")
        if field in ALIAS_FORMS and isinstance(reason, dict):
            yield entry.problem(f"overrides.{key}: write the key in quotes, "
                                f"\"{field}.ALIAS\" = \"reason\", so that TOML does not read a "
                                "table", f"overrides.{key}")
        elif field in ALIAS_FORMS and alias not in aliases:
            yield entry.problem(f"overrides.{key}: {alias!r} is not one of the aliases; key an "
                                f"alias override as \"{field}.ALIAS\" with the Simplified alias",
                                f"overrides.{key}")
        elif key not in OVERRIDABLE and field not in ALIAS_FORMS:
            yield entry.problem(f"overrides.{key}: only {', '.join(OVERRIDABLE)} and "
                                f"{', '.join(f'{name}.ALIAS' for name in ALIAS_FORMS)} can be "
                                "overridden", f"overrides.{key}")
        elif not isinstance(reason, str) or not reason.strip():
            yield entry.problem(f"overrides.{key} must give the reason as a non-empty string",
                                f"overrides.{key}")


def _check_order(entries: list[SourceEntry]) -> Iterator[Problem]:
    by_file: dict[str, list[SourceEntry]] = {}
    for entry in entries:
        by_file.setdefault(entry.path, []).append(entry)
    for file_entries in by_file.values():
        ids = [entry.id or "" for entry in file_entries]
        for previous, entry in zip(ids, file_entries[1:], strict=False):
            if entry.id is not None and entry.id < previous:
                yield entry.problem(f"entries must be sorted by id: {entry.id!r} comes after "
                                    f"{previous!r}", "id")
                break


def _check_relation_targets(entries: list[SourceEntry]) -> Iterator[Problem]:
    """Each relation names an existing entry, and where both entries state their relation
    to each other the two agree (broader one way, narrower the other; related both ways).
    The inverse is not derived: an entry states only the relations written in it."""
    by_id = {entry.id: entry for entry in entries if entry.id is not None}
    stated = {(entry.id, relation.get("id")): relation.get("type")
              for entry in entries for relation in _relations(entry)}
    for entry in entries:
        for number, relation in enumerate(_relations(entry)):
            kind, target = relation.get("type"), relation.get("id")
            where = (f"related.{number}.id", f"related.{number}")
            if target not in by_id:
                guess = difflib.get_close_matches(str(target), [str(i) for i in by_id], n=1)
                hint = f"; did you mean {guess[0]!r}?" if guess else ""
                yield entry.problem(f"relation {number + 1}: no entry has the id "
                                    f"{target!r}{hint}", *where)
                continue
            back = stated.get((target, entry.id))
            if back is not None and kind in INVERSE and back != INVERSE[kind]:
                yield entry.problem(f"relation {number + 1}: {kind} {target!r}, but {target!r} "
                                    f"states {back} {entry.id!r} (expected {INVERSE[kind]})",
                                    f"{where[1]}.type", where[1])


def _relations(entry: SourceEntry) -> list[dict[str, Any]]:
    related = entry.record.get("related")
    if not isinstance(related, list):
        return []
    return [relation for relation in related if isinstance(relation, dict)
            and isinstance(relation.get("id"), str) and isinstance(relation.get("type"), str)]


def _check_unique(entries: list[SourceEntry]) -> Iterator[Problem]:
    """Ids must be unique, and no lookup key may lead to two entries."""
    first_id: dict[str, SourceEntry] = {}
    owners: dict[tuple[str, str], SourceEntry] = {}
    for entry in entries:
        if entry.id is None:
            continue
        if entry.id in first_id:
            other = first_id[entry.id]
            yield entry.problem(f"duplicate id (first at {other.path}:{other.line()})", "id")
            continue
        first_id[entry.id] = entry
        record = entry.record
        keyed = [("zh", record.get("zh")), ("en", record.get("en"))]
        keyed += [(name, form) for name in ("aliases", "en_alternatives")
                  for form in _strings(record.get(name))]
        keyed += [(name, record.get(name)) for name in ("zh_hk", "zh_tw")]
        keyed += [(name, form) for name in ALIAS_FORMS for form in _strings(record.get(name))]
        seen_here: set[tuple[str, str]] = set()
        for name, form in keyed:
            if not isinstance(form, str) or not form:
                continue
            space = "en" if name in ("en", "en_alternatives") else "zh"
            key = (space, lookup_key(form))
            if key in seen_here:
                continue
            seen_here.add(key)
            if key in owners:
                other = owners[key]
                yield entry.problem(f"{name} {form!r} already names {other.id!r} "
                                    f"({other.path}:{other.line()}); lookups would be ambiguous",
                                    name)
            else:
                owners[key] = entry


ENTRY_CHECKS = (_check_fields, _check_values, _check_contexts, _check_related,
                _check_short_forms, _check_alias_forms, _check_overrides)
GLOBAL_CHECKS = (_check_order, _check_unique, _check_relation_targets)


def check_structure(entries: list[SourceEntry]) -> list[Problem]:
    """All structural problems of the given entries, in file and line order."""
    problems = [problem for entry in entries for check in ENTRY_CHECKS
                for problem in check(entry)]
    problems += [problem for check in GLOBAL_CHECKS for problem in check(entries)]
    return sorted(problems, key=lambda p: (p.path, p.line))


# --- normalising and writing ------------------------------------------------------------------


def normalise(record: Record) -> Record:
    """A source record as the shipped record: every field present, in the documented order."""
    result = {key: record.get(key) for key in FIELDS
              if key not in ("contexts", "overrides", "related", "short_forms")}
    result["contexts"] = [{key: context[key] for key in CONTEXT_FIELDS}
                          for context in record.get("contexts", [])]
    # The build adds the target's zh and en for display; the source keeps type and id.
    result["related"] = [{key: relation[key] for key in RELATION_FIELDS}
                         for relation in record.get("related") or []]
    result["short_forms"] = [{key: pair[key] for key in SHORT_FORM_FIELDS}
                             for pair in record.get("short_forms") or []]
    result["checked"] = record.get("checked") or ""  # "" when never re-checked
    result["overrides"] = dict(record.get("overrides", {}))
    # Documented order: contexts after aliases, as in model.Term.to_record.
    order = ["id", "zh", "en", "en_alternatives", "en_avoid", "category", "pinyin", "zh_hk",
             "zh_tw", "aliases", "aliases_hk", "aliases_tw", "contexts", "definition", "notes",
             "en_source", "en_source_quote", "status", "checked", "overrides", "related",
             "short_forms"]
    return {key: result[key] for key in order}


# Control characters TOML basic strings cannot hold raw (tab and newline are handled apart).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def toml_string(value: str) -> str:
    """*value* as a TOML string: basic where it fits one line, multi-line where it does not."""
    if "\n" in value:
        body = value.replace("\\", "\\\\").replace('"""', '""\\"')
        body = _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", body)
        # A backslash at the end of the last line trims the newline before the closing quotes.
        return f'"""\n{body}"""' if value.endswith("\n") else f'"""\n{body}\\\n"""'
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    escaped = _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", escaped)
    return f'"{escaped.replace(chr(9), chr(92) + "t")}"'


def _toml_value(value: object) -> str:
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, list):
        items = [toml_string(item) for item in value]
        one_line = f"[{', '.join(items)}]"
        if len(one_line) <= 80:
            return one_line
        return "[\n" + "".join(f"    {item},\n" for item in items) + "]"
    raise TypeError(f"cannot write {type(value).__name__} here")


def _toml_key(key: str) -> str:
    """A bare key where TOML allows one, else quoted (``"aliases_tw.大湾区"``)."""
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else toml_string(key)


def dump_entry(record: Record) -> str:
    """One entry as canonical TOML: fixed key order, contexts, relations, then overrides."""
    lines = ["[[term]]"]
    for key, kind in FIELDS.items():
        if key in ("contexts", "overrides", "related", "short_forms"):
            continue
        value = record.get(key)
        if key in OPTIONAL and not value:  # optional and empty: left out of the source
            continue
        if value is None:  # missing (an import from an older export): empty, for validate
            value = "" if kind is str else []
        lines.append(f"{key} = {_toml_value(value)}")
    for context in record.get("contexts", []):
        lines += ["", "[[term.contexts]]"]
        lines += [f"{key} = {toml_string(context[key])}" for key in CONTEXT_FIELDS]
    for relation in record.get("related") or []:
        lines += ["", "[[term.related]]"]
        lines += [f"{key} = {toml_string(relation[key])}" for key in RELATION_FIELDS]
    for pair in record.get("short_forms") or []:
        lines += ["", "[[term.short_forms]]"]
        lines += [f"{key} = {toml_string(pair[key])}" for key in SHORT_FORM_FIELDS]
    overrides = record.get("overrides") or {}
    if overrides:
        lines += ["", "[term.overrides]"]
        lines += [f"{_toml_key(key)} = {toml_string(reason)}"
                  for key, reason in sorted(overrides.items())]
    return "\n".join(lines) + "\n"


def dump_file(category: str, records: Iterable[Record]) -> str:
    """A whole category file: schema line, header comment, entries sorted by id."""
    head = [
        SCHEMA_LINE,
        f"# guangdong_terms glossary: category {category!r}. One [[term]] table per entry,",
        "# sorted by id. The format is specified in docs/curators/glossary-format.md; check edits with",
        "# `gdterms validate`.",
    ]
    body = [dump_entry(record) for record in sorted(records, key=lambda r: r["id"])]
    return "\n".join(head) + "\n\n" + "\n".join(body)
