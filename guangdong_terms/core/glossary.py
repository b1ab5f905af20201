"""The Glossary store: load, iterate, get by id, filter by category, lookup and search.

A Glossary holds records (plain dicts, the shipped JSON rows) and builds ``Term`` objects on
demand, once per id. This one loads compiled data only: the shipped data or a compiled JSON
file. The public ``guangdong_terms.Glossary`` (``curation.workspace``) adds loading a
``glossary/`` source folder, which needs the curation layer's TOML reader.
"""

from __future__ import annotations

import os

from ..text.normalise import lookup_key
from . import compiled
from .compiled import CATEGORIES, Record, build_index
from .model import GlossaryError, Match, Term, TermIssue

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Self

    from .english import EnglishHit, EnglishTermFinder
    from .recognize import TermFinder, TermHit

__all__ = ["Glossary"]


class Glossary:
    """An ordered, read-only collection of terms (sorted by id)."""

    def __init__(self, records: list[Record]) -> None:
        self._records = records
        self._by_id = {record["id"]: position for position, record in enumerate(records)}
        self._terms: list[Term | None] = [None] * len(records)  # built on first use
        self._index: dict[str, int] | None = None
        self._finder: TermFinder | None = None
        self._english: EnglishTermFinder | None = None

    @classmethod
    def load(cls, path: str | None = None) -> Self:
        """Load the shipped glossary (``path=None``) or a compiled ``.json`` file.

        Raises GlossaryError if the data cannot be used.
        """
        if path is not None and os.path.isdir(path):
            raise GlossaryError(f"{path}: a source folder; compile it with "
                                "guangdong_terms.Glossary.load, which reads glossary/*.toml")
        try:
            return cls(compiled.records() if path is None else compiled.read_compiled(path))
        except compiled.DataError as error:
            raise GlossaryError(str(error)) from None

    @property
    def records(self) -> list[Record]:
        """The underlying JSON records (what ``--json`` prints and the JSON export writes)."""
        return self._records

    def __len__(self) -> int:
        return len(self._records)

    def __iter__(self) -> Iterator[Term]:
        return (self._term_at(position) for position in range(len(self._records)))

    def __contains__(self, term_id: object) -> bool:
        return term_id in self._by_id

    def get(self, term_id: str) -> Term:
        """The term with this id; KeyError if there is none."""
        try:
            return self._term_at(self._by_id[term_id])
        except KeyError:
            raise KeyError(f"no term with id {term_id!r}") from None

    def in_category(self, category: str) -> list[Term]:
        """Every term of *category*; ValueError for a name that is not a category."""
        if category not in CATEGORIES:
            raise ValueError(f"unknown category {category!r}; expected one of "
                             f"{', '.join(CATEGORIES)}")
        return [term for term in self if term.category == category]

    def lookup(self, text: str) -> Term | None:
        """The term one of whose forms equals *text* (see ``guangdong_terms.lookup``)."""
        if self._index is None:
            self._index = build_index(self._records)
        position = self._index.get(lookup_key(text))
        return None if position is None else self._term_at(position)

    def search(self, query: str, limit: int = 10) -> list[Match]:
        """Ranked partial matches (see ``guangdong_terms.search``)."""
        from .search import search_records

        return [Match(self._term_at(hit.position), hit.score, hit.field, hit.text)
                for hit in search_records(self._records, query, limit)]

    def find_terms(self, text: str, *, overlapping: bool = False) -> list[TermHit]:
        """Terms found in *text* (see ``guangdong_terms.find_terms``)."""
        if self._finder is None:
            from .recognize import TermFinder

            self._finder = TermFinder(self._records)
        return self._finder.find_terms(text, self._terms, self._term_at, overlapping=overlapping)

    def find_english(self, text: str) -> list[tuple[Term, EnglishHit]]:
        """Terms whose English (any form, one to avoid included) occurs in an English *text*."""
        if self._english is None:
            from .english import EnglishTermFinder

            self._english = EnglishTermFinder(self._records)
        return [(self._term_at(hit.position), hit) for hit in self._english.find(text)]

    def check_translation(self, source: str, target: str, *, source_lang: str = "zh-CN",
                          target_lang: str = "en") -> list[TermIssue]:
        """Terminology issues of one translated segment, either way round (see
        ``guangdong_terms.check_translation``)."""
        return self.terminology(source, target, source_lang=source_lang,
                                target_lang=target_lang)[1]

    def terminology(self, source: str, target: str, *, source_lang: str = "zh-CN",
                    target_lang: str = "en") -> tuple[list[tuple[Term, str]], list[TermIssue]]:
        """The terms found in *source*, each once with the form that found it (as written in
        Chinese, the glossary's English form in English), and the terminology issues of
        *target* (``check_translation``). One pass serves both QA, which wants the issues, and
        memory matches, which also list the terms (``core.matchnotes``)."""
        from .languages import is_chinese, is_english, language_of
        from .qa import issues_for_chinese_target, issues_for_segment

        source_language, target_language = language_of(source_lang), language_of(target_lang)
        found: dict[str, tuple[Term, str]] = {}
        if is_chinese(source_language) and is_english(target_language):
            hits = self.find_terms(source)
            for hit in hits:
                found.setdefault(hit.term.id, (hit.term, hit.text))
            return list(found.values()), issues_for_segment(hits, target)
        if is_english(source_language) and is_chinese(target_language):
            english = self.find_english(source)
            for term, english_hit in english:
                found.setdefault(term.id, (term, english_hit.form))
            # Every match in the target, nested ones too: 国际大科学计划 stands inside
            # 人类蛋白质组导航国际大科学计划, and the English may name either.
            return list(found.values()), issues_for_chinese_target(
                english, self.find_terms(target, overlapping=True), target, target_language)
        raise ValueError(f"{source_lang} -> {target_lang}: terminology QA compares Chinese "
                         "with English; one side must be each")

    def _term_at(self, position: int) -> Term:
        term = self._terms[position]
        if term is None:
            term = self._terms[position] = Term.from_record(self._records[position])
        return term

