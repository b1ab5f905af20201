"""The typed view of the glossary: Term, Context, Match, TermIssue, Problem and GlossaryError.

The shipped data are plain JSON records (see ``compiled``); these frozen value classes are what
the library hands to callers. ``Term.from_record`` and ``Term.to_record`` convert between the
two and round-trip exactly, so the record schema in docs/glossary-format.md is the one source of
truth.

They are written by hand on one small base, not with ``@dataclass``: ``lookup()`` builds a
Term, and importing dataclasses (with typing and inspect) cost more than the whole rest of
``import guangdong_terms`` plus a lookup (benchmarks/startup.py). The base gives what
``@dataclass(frozen=True, slots=True)`` gave: equality and hashing by field, a field-by-field
repr, no assignment after construction, pickling.
"""

from __future__ import annotations

from types import MappingProxyType

from .compiled import CATEGORIES, STATUSES, Record

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing costs ~9 ms to import
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any, Literal, TypeAlias

    Status: TypeAlias = Literal["verified", "unverified"]

__all__ = [
    "CATEGORIES",
    "STATUSES",
    "Context",
    "GlossaryError",
    "Match",
    "Problem",
    "Relation",
    "Term",
    "TermIssue",
    "TermNote",
]


class _Frozen:
    """Value semantics over ``__slots__``, in slot order (which is also ``__init__``'s)."""

    __slots__ = ()
    #: Fields left out of the hash (a mapping cannot be hashed).
    _unhashed: tuple[str, ...] = ()

    def _names(self) -> tuple[str, ...]:
        return self.__slots__  # every subclass gives a tuple

    def _values(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self._names())

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, _Frozen)
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(tuple(getattr(self, name) for name in self._names()
                          if name not in self._unhashed))

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._names())
        return f"{type(self).__name__}({fields})"

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r}: {type(self).__name__} is frozen")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}: {type(self).__name__} is frozen")

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        return type(self), self._values()

    def _set(self, **values: object) -> None:
        for name, value in values.items():
            object.__setattr__(self, name, value)


class Context(_Frozen):
    """A sentence from a seed article that uses the term, with its English translation.

    ``line`` is the raw line of the seed file where the sentence starts (1-based), or None when
    the data were loaded without the seeds; ``end_line`` the raw line where it ends, set only
    for a sentence the capture broke across lines, so a reader can find all of it in the file.
    """

    __slots__ = ("zh", "seed", "en", "line", "end_line")  # noqa: RUF023 - constructor order
    zh: str
    seed: str
    en: str
    line: int | None
    end_line: int | None

    def __init__(self, zh: str, seed: str, en: str, line: int | None = None,
                 end_line: int | None = None) -> None:
        self._set(zh=zh, seed=seed, en=en, line=line, end_line=end_line)

    def to_record(self) -> dict[str, Any]:
        """The JSON form, as in the compiled data."""
        record: dict[str, Any] = {"zh": self.zh, "seed": self.seed, "en": self.en}
        if self.line is not None:
            record["line"] = self.line
        if self.end_line is not None:
            record["end_line"] = self.end_line
        return record


class Relation(_Frozen):
    """A relation from one entry to another: ``type`` is broader, narrower or related (as
    stated in the source, never derived), ``id`` the other entry's id; ``zh`` and ``en`` are
    its names, filled in by the build ("" where the data were not compiled)."""

    __slots__ = ("type", "id", "zh", "en")  # noqa: RUF023 - constructor order
    type: str
    id: str
    zh: str
    en: str

    def __init__(self, type: str, id: str, zh: str = "", en: str = "") -> None:
        self._set(type=type, id=id, zh=zh, en=en)

    def to_record(self) -> dict[str, Any]:
        """The JSON form, as in the compiled data."""
        record: dict[str, Any] = {"type": self.type, "id": self.id}
        if self.zh or self.en:
            record.update(zh=self.zh, en=self.en)
        return record


_NO_OVERRIDES: Mapping[str, str] = MappingProxyType({})


class Term(_Frozen):
    """One glossary entry. Field meanings are documented in docs/glossary-format.md."""

    __slots__ = ("id", "zh", "en", "category", "pinyin", "zh_hk", "zh_tw", "en_source",  # noqa: RUF023 - constructor order
                 "status", "en_alternatives", "en_avoid", "aliases", "contexts", "definition",
                 "notes", "en_source_quote", "aliases_hk", "aliases_tw", "checked", "overrides",
                 "related", "short_forms")
    _unhashed = ("overrides",)
    id: str
    zh: str
    en: str
    category: str
    pinyin: str
    zh_hk: str
    zh_tw: str
    en_source: str
    status: Status
    en_alternatives: tuple[str, ...]
    en_avoid: tuple[str, ...]
    aliases: tuple[str, ...]
    contexts: tuple[Context, ...]
    definition: str
    notes: str
    en_source_quote: str
    #: The Hong Kong and Taiwan form of each alias, in the order of ``aliases``.
    aliases_hk: tuple[str, ...]
    aliases_tw: tuple[str, ...]
    #: The outcome of the last re-check of the English (``DATE: outcome``), or "".
    checked: str
    #: Field name -> reason, for deliberate differences from pypinyin / OpenCC.
    overrides: Mapping[str, str]
    #: Relations to other entries, as stated in this entry's source.
    related: tuple[Relation, ...]
    #: (Chinese alias, English alternative) pairs: the alias's short form in English.
    short_forms: tuple[tuple[str, str], ...]

    def __init__(self, id: str, zh: str, en: str, category: str, pinyin: str,
                 zh_hk: str, zh_tw: str, en_source: str, status: Status,
                 en_alternatives: tuple[str, ...] = (), en_avoid: tuple[str, ...] = (),
                 aliases: tuple[str, ...] = (), contexts: tuple[Context, ...] = (),
                 definition: str = "", notes: str = "", en_source_quote: str = "",
                 aliases_hk: tuple[str, ...] = (), aliases_tw: tuple[str, ...] = (),
                 checked: str = "", overrides: Mapping[str, str] = _NO_OVERRIDES,
                 related: tuple[Relation, ...] = (),
                 short_forms: tuple[tuple[str, str], ...] = ()) -> None:
        self._set(id=id, zh=zh, en=en, category=category, pinyin=pinyin, zh_hk=zh_hk,
                  zh_tw=zh_tw, en_source=en_source, status=status,
                  en_alternatives=en_alternatives, en_avoid=en_avoid, aliases=aliases,
                  contexts=contexts, definition=definition, notes=notes,
                  en_source_quote=en_source_quote, aliases_hk=aliases_hk,
                  aliases_tw=aliases_tw, checked=checked,
                  overrides=overrides if isinstance(overrides, MappingProxyType)
                  else MappingProxyType(dict(overrides)), related=related,
                  short_forms=short_forms)

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        # A mappingproxy cannot be pickled; its dict can, and __init__ wraps it again.
        return Term, (*self._values()[:-3], dict(self.overrides), self.related,
                      self.short_forms)

    def __repr__(self) -> str:
        return f"Term(id={self.id!r}, zh={self.zh!r}, en={self.en!r})"

    @property
    def chinese_forms(self) -> tuple[str, ...]:
        """Every Chinese form that names this term, head form first, without repeats: the
        Simplified forms, then the Hong Kong and Taiwan head forms, then the aliases' Hong Kong
        and Taiwan forms."""
        return tuple(dict.fromkeys((self.zh, *self.aliases, self.zh_hk, self.zh_tw,
                                    *self.aliases_hk, *self.aliases_tw)))

    def alias_form(self, alias: str, field: str) -> str:
        """The curated form of *alias* in *field* (``zh_hk`` or ``zh_tw``, as for the head
        form); *alias* itself for ``zh`` or for a form that is not an alias."""
        forms = {"zh_hk": self.aliases_hk, "zh_tw": self.aliases_tw}.get(field)
        if forms is None or alias not in self.aliases:
            return alias
        return forms[self.aliases.index(alias)]

    @property
    def english_forms(self) -> tuple[str, ...]:
        """The preferred English, then the accepted alternatives."""
        return (self.en, *self.en_alternatives)

    @classmethod
    def from_record(cls, record: Record) -> Term:
        """Build a Term from a compiled JSON record (the inverse of ``to_record``)."""
        return cls(
            id=record["id"],
            zh=record["zh"],
            en=record["en"],
            category=record["category"],
            pinyin=record["pinyin"],
            zh_hk=record["zh_hk"],
            zh_tw=record["zh_tw"],
            en_source=record["en_source"],
            status=record["status"],
            en_alternatives=tuple(record["en_alternatives"]),
            en_avoid=tuple(record["en_avoid"]),
            aliases=tuple(record["aliases"]),
            aliases_hk=tuple(record["aliases_hk"]),
            aliases_tw=tuple(record["aliases_tw"]),
            contexts=tuple(Context(**context) for context in record["contexts"]),
            definition=record["definition"],
            notes=record["notes"],
            en_source_quote=record["en_source_quote"],
            checked=record.get("checked", ""),
            overrides=MappingProxyType(dict(record["overrides"])),
            related=tuple(Relation(**relation) for relation in record.get("related", ())),
            short_forms=tuple((pair["zh"], pair["en"]) for pair in record.get("short_forms", ())),
        )

    def to_record(self) -> dict[str, Any]:
        """The JSON record, keys in the documented order."""
        return {
            "id": self.id,
            "zh": self.zh,
            "en": self.en,
            "en_alternatives": list(self.en_alternatives),
            "en_avoid": list(self.en_avoid),
            "category": self.category,
            "pinyin": self.pinyin,
            "zh_hk": self.zh_hk,
            "zh_tw": self.zh_tw,
            "aliases": list(self.aliases),
            "aliases_hk": list(self.aliases_hk),
            "aliases_tw": list(self.aliases_tw),
            "contexts": [context.to_record() for context in self.contexts],
            "definition": self.definition,
            "notes": self.notes,
            "en_source": self.en_source,
            "en_source_quote": self.en_source_quote,
            "status": self.status,
            "checked": self.checked,
            "overrides": dict(self.overrides),
            "related": [relation.to_record() for relation in self.related],
            "short_forms": [{"zh": zh, "en": en} for zh, en in self.short_forms],
        }


class Match(_Frozen):
    """A search hit: the term, a score from 0 to 100, and why it matched.

    ``field`` is one of zh, alias, zh_hk, zh_tw, alias_hk, alias_tw, pinyin, initials,
    alias_pinyin, alias_initials, en, en_alternative, en_avoid; ``text`` is the form of the term that matched.
    """

    __slots__ = ("term", "score", "field", "text")  # noqa: RUF023 - constructor order
    term: Term
    score: float
    field: str
    text: str

    def __init__(self, term: Term, score: float, field: str, text: str) -> None:
        self._set(term=term, score=score, field=field, text=text)


class TermIssue(_Frozen):
    """A terminology problem in one translated segment.

    ``kind`` is ``missing`` (no accepted English for a term of the source) or ``avoid`` (a form
    to avoid appears in the target). ``expected`` lists the accepted forms, ``found`` what the
    target has instead (the avoided form, or "" when nothing was recognised).
    """

    __slots__ = ("kind", "term", "source_form", "expected", "found")  # noqa: RUF023 - constructor order
    kind: str
    term: Term
    source_form: str
    expected: tuple[str, ...]
    found: str

    def __init__(self, kind: str, term: Term, source_form: str, expected: tuple[str, ...],
                 found: str) -> None:
        self._set(kind=kind, term=term, source_form=source_form, expected=expected,
                  found=found)


class TermNote(_Frozen):
    """A glossary term found in a translation-memory query, shown beside each match: the
    Chinese to use or as written (``core.matchnotes.term_notes`` says which), the preferred
    English, and the entry's id."""

    __slots__ = ("chinese", "english", "term_id")
    chinese: str
    english: str
    term_id: str

    def __init__(self, chinese: str, english: str, term_id: str) -> None:
        self._set(chinese=chinese, english=english, term_id=term_id)

    def to_record(self) -> dict[str, str]:
        """The JSON form (what a ``--json`` listing of matches prints)."""
        return {"chinese": self.chinese, "english": self.english, "term_id": self.term_id}


class Problem(_Frozen):
    """One problem found in the glossary source, located to a file and line."""

    __slots__ = ("path", "line", "term_id", "message")  # noqa: RUF023 - constructor order
    path: str
    line: int
    term_id: str | None
    message: str

    def __init__(self, path: str, line: int, term_id: str | None, message: str) -> None:
        self._set(path=path, line=line, term_id=term_id, message=message)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.term_id or '-'}: {self.message}"


class GlossaryError(ValueError):
    """The glossary data could not be loaded or compiled; ``problems`` says where and why."""

    def __init__(self, message: str, problems: tuple[Problem, ...] = ()) -> None:
        super().__init__(message)
        self.problems = problems

    def __str__(self) -> str:
        head = super().__str__()
        if not self.problems:
            return head
        return "\n".join([head, *(str(problem) for problem in self.problems)])
