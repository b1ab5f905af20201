"""The typed view of the glossary: Term, Context, Match, Problem and GlossaryError.

The shipped data are plain JSON records (see ``_records``); these frozen dataclasses are what the
library hands to callers. ``Term.from_record`` and ``Term.to_record`` convert between the two and
round-trip exactly, so the record schema in docs/glossary-format.md is the one source of truth.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal, NamedTuple

from ._records import CATEGORIES, STATUSES, Record

__all__ = [
    "CATEGORIES",
    "STATUSES",
    "Context",
    "GlossaryError",
    "Match",
    "Problem",
    "Term",
    "TermHit",
    "TermIssue",
]

Status = Literal["verified", "unverified"]


@dataclass(frozen=True, slots=True)
class Context:
    """A sentence from a seed article that uses the term, with its English translation.

    ``line`` is the raw line of the seed file where the sentence starts (1-based), or None when
    the data were loaded without the seeds; ``end_line`` the raw line where it ends, set only
    for a sentence the capture broke across lines, so a reader can find all of it in the file.
    """

    zh: str
    seed: str
    en: str
    line: int | None = None
    end_line: int | None = None

    def to_record(self) -> dict[str, Any]:
        """The JSON form, as in the compiled data."""
        record: dict[str, Any] = {"zh": self.zh, "seed": self.seed, "en": self.en}
        if self.line is not None:
            record["line"] = self.line
        if self.end_line is not None:
            record["end_line"] = self.end_line
        return record


@dataclass(frozen=True, slots=True)
class Term:
    """One glossary entry. Field meanings are documented in docs/glossary-format.md."""

    id: str
    zh: str
    en: str
    category: str
    pinyin: str
    zh_hk: str
    zh_tw: str
    en_source: str
    status: Status
    en_alternatives: tuple[str, ...] = ()
    en_avoid: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    contexts: tuple[Context, ...] = ()
    definition: str = ""
    notes: str = ""
    en_source_quote: str = ""
    # Field name -> reason, for deliberate differences from pypinyin / OpenCC.
    overrides: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}), hash=False)

    def __repr__(self) -> str:
        return f"Term(id={self.id!r}, zh={self.zh!r}, en={self.en!r})"

    @property
    def chinese_forms(self) -> tuple[str, ...]:
        """Every Chinese form that names this term, head form first, without repeats."""
        return tuple(dict.fromkeys((self.zh, *self.aliases, self.zh_hk, self.zh_tw)))

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
            contexts=tuple(Context(**context) for context in record["contexts"]),
            definition=record["definition"],
            notes=record["notes"],
            en_source_quote=record["en_source_quote"],
            overrides=MappingProxyType(dict(record["overrides"])),
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
            "contexts": [context.to_record() for context in self.contexts],
            "definition": self.definition,
            "notes": self.notes,
            "en_source": self.en_source,
            "en_source_quote": self.en_source_quote,
            "status": self.status,
            "overrides": dict(self.overrides),
        }


@dataclass(frozen=True, slots=True)
class Match:
    """A search hit: the term, a score from 0 to 100, and why it matched.

    ``field`` is one of zh, alias, zh_hk, zh_tw, pinyin, initials, alias_pinyin,
    alias_initials, en, en_alternative, en_avoid; ``text`` is the form of the term that matched.
    """

    term: Term
    score: float
    field: str
    text: str


class TermHit(NamedTuple):
    """A glossary term found in a text: ``text[start:end]`` is ``text``, a spelling of ``form``.

    Offsets count characters (Python string indexes), not bytes. A named tuple rather than a
    dataclass: term recognition makes one per hit, and a frozen dataclass costs several times
    as much to build (benchmarks/recognize.py).
    """

    start: int
    end: int
    text: str
    form: str
    term: Term

    @property
    def en(self) -> str:
        """The preferred English of the term found."""
        return self.term.en


@dataclass(frozen=True, slots=True)
class TermIssue:
    """A terminology problem in one translated segment.

    ``kind`` is ``missing`` (no accepted English for a term of the source) or ``avoid`` (a form
    to avoid appears in the target). ``expected`` lists the accepted forms, ``found`` what the
    target has instead (the avoided form, or "" when nothing was recognised).
    """

    kind: str
    term: Term
    source_form: str
    expected: tuple[str, ...]
    found: str


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem found in the glossary source, located to a file and line."""

    path: str
    line: int
    term_id: str | None
    message: str

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
