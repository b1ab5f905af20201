"""``TranslationMemory``: open a memory, import files into it, search it, export it.

Everything here is shared by every backend: reading files through the format registry,
turning segments into keyed units, the shipped data, and scoring (``scoring.py``). A backend
(``backend.py``) only stores and retrieves, so SQLite and PostgreSQL give the same matches.
"""

from __future__ import annotations

import hashlib
import json
import os
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from itertools import islice
from types import TracebackType
from typing import TYPE_CHECKING, Self

from ..core.bilingual import Code, Segment, Unit
from ..text.numbers import adapt_numbers
from . import keys
from .model import ImportReport, MemoryMatch, Origin
from .records import (
    CandidateQuery,
    ClaimRecord,
    MemoryStats,
    MemoryStoreError,
    OriginRecord,
    StoredUnit,
    UnitRecord,
)
from .scoring import (
    ADAPT_FLOOR,
    Scored,
    diff_spans,
    length_window,
    numbers_of,
    score,
    similarities,
)

if TYPE_CHECKING:
    from .backend import MemoryBackend

__all__ = ["DEFAULT_SCOPE", "ENVIRONMENT", "SHIPPED_SCOPE", "TranslationMemory",
           "default_location"]

#: The environment variable naming the default memory (tests point it at a temporary file).
ENVIRONMENT = "GDTERMS_MEMORY"
DEFAULT_SCOPE = "shared"
#: The scope of the shipped segments and glossary pairs, which ``shipped=False`` leaves out.
SHIPPED_SCOPE = "shipped"
SHIPPED_PREFIX = "guangdong_terms "
_BATCH = 2000
# How many candidates the index hands to the scorer: enough that the best match is among
# them when it shares most of the query's rarest grams (docs/memory.md measures it).
_CANDIDATES = 40


def default_location() -> str:
    """$GDTERMS_MEMORY, else ``memory.sqlite3`` in platformdirs' user data folder."""
    chosen = os.environ.get(ENVIRONMENT)
    if chosen:
        return chosen
    import platformdirs

    return os.path.join(platformdirs.user_data_dir("guangdong_terms", appauthor=False),
                        "memory.sqlite3")


def _backend_for(location: str) -> MemoryBackend:
    """The backend a location names: a PostgreSQL URL (issue 16) or a SQLite file."""
    if location.startswith(("postgresql://", "postgres://")):
        from .postgres import PostgresBackend

        return PostgresBackend(location)
    from .sqlite import SQLiteBackend

    return SQLiteBackend(location)


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _file_sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _codes_json(codes: Sequence[Code]) -> str:
    return json.dumps([list(code) for code in codes], ensure_ascii=False) if codes else ""


def _codes_of(text: str) -> tuple[Code, ...]:
    return tuple(Code(*item) for item in json.loads(text)) if text else ()


class _Counts:
    """What the stream of an import saw, filled in as it is consumed."""

    __slots__ = ("segments", "unreviewed", "untranslated")

    def __init__(self) -> None:
        self.segments = self.untranslated = self.unreviewed = 0


def _unit_records(segments: Iterable[Segment], source_lang: str, target_lang: str,
                  counts: _Counts) -> Iterator[UnitRecord]:
    """Segments as keyed unit records, a batch at a time (one OpenCC call per batch)."""
    stream = iter(segments)
    while batch := list(islice(stream, _BATCH)):
        counts.segments += len(batch)
        kept = [segment for segment in batch if segment.translated]
        counts.untranslated += len(batch) - len(kept)
        sources = [keys.normalise(segment.source) for segment in kept]
        previous = [keys.normalise(segment.previous) for segment in kept]
        folded = keys.fold_keys(sources + previous, source_lang)
        for number, segment in enumerate(kept):
            source, key = sources[number], folded[number]
            if not source:
                counts.untranslated += 1
                continue
            # The key normalises white space; the stored target keeps the file's own (NFC
            # only), since its inline codes' offsets count that white space: a code between two
            # spaces, or after a trailing one, would otherwise come back characters late.
            target = unicodedata.normalize("NFC", segment.target)
            reviewed = segment.confirmed
            counts.unreviewed += not reviewed
            yield UnitRecord(
                keys.unit_digest(source, keys.normalise(target), source_lang, target_lang),
                source, target,
                source_lang, target_lang, key, keys.trigrams(key),
                _codes_json(segment.source_codes), _codes_json(segment.target_codes),
                segment.id, segment.line, segment.created, segment.author,
                folded[len(kept) + number], reviewed)


class TranslationMemory:
    """A translation memory: units with their origins, an index, CAT-style fuzzy search.

    >>> tm = TranslationMemory.open(":memory:", shipped=False)
    >>> tm.stats().units
    0
    >>> tm.close()
    """

    def __init__(self, backend: MemoryBackend, *, shipped: bool = True) -> None:
        self.backend = backend
        self.shipped = shipped
        try:
            backend.migrate()
            if shipped:
                self._refresh_shipped()
        except BaseException:
            backend.close()  # a store refused (newer schema, no privilege) leaves nothing open
            raise

    @classmethod
    def open(cls, location: str | os.PathLike[str] | None = None, *,
             shipped: bool = True) -> TranslationMemory:
        """Open (creating, migrating) the memory at *location*: a file path, ":memory:", a
        PostgreSQL URL; by default $GDTERMS_MEMORY or the user data folder's memory.

        With *shipped* (the default) the package's TM segments and glossary pairs are in it
        as the origin ``guangdong_terms <version>``, refreshed when the version changes;
        ``shipped=False`` leaves them out of every search, concordance and export.
        """
        where = os.fspath(location) if location is not None else default_location()
        return cls(_backend_for(where), shipped=shipped)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Close the store."""
        self.backend.close()

    @property
    def _excluded(self) -> tuple[str, ...] | None:
        return None if self.shipped else (SHIPPED_SCOPE,)

    # --- the shipped data --------------------------------------------------------------------

    def _refresh_shipped(self) -> None:
        from ..core.version import __version__

        current = f"{SHIPPED_PREFIX}{__version__}"
        present = [name for name, _ in self.backend.origin_names(SHIPPED_SCOPE)]
        if present == [current]:
            return
        for name in present:
            if name != current:
                self.backend.delete_origin(name, SHIPPED_SCOPE)
        counts = _Counts()
        origin = OriginRecord(current, SHIPPED_SCOPE, "", _now(), "zh-CN", "en")
        self.backend.add_units(origin, _unit_records(_shipped_segments(), "zh-CN", "en",
                                                     counts))

    # --- importing ---------------------------------------------------------------------------

    def add_file(self, path: str | os.PathLike[str], format: str | None = None,
                 source_lang: str | None = None, target_lang: str | None = None,
                 encoding: str | None = None, scope: str = DEFAULT_SCOPE) -> ImportReport:
        """Import every translated pair of a TMX, PO, XLIFF, CSV or TSV file, in one
        transaction: a file that fails part-way (FormatError, with its line) adds nothing.

        Importing a file again replaces its earlier claims. Untranslated pairs are skipped
        and counted; unconfirmed ones (PO fuzzy, XLIFF states before translated) are stored
        as unreviewed. The file's languages are used unless *source_lang*/*target_lang*
        say otherwise; a file that names none (CSV) is read as zh-CN -> en.
        """
        from ..formats import read_bilingual

        name = os.path.abspath(os.fspath(path))
        if scope == SHIPPED_SCOPE:
            raise MemoryStoreError(f"the scope {SHIPPED_SCOPE!r} is kept for the shipped data")
        try:
            sha256 = _file_sha256(name)
        except OSError as error:
            raise MemoryStoreError(f"{name}: {error.strerror or error}") from None
        bilingual = read_bilingual(name, format, source_lang=source_lang,
                                   target_lang=target_lang, encoding=encoding)
        notes = list(bilingual.notes)
        source = keys.language_tag(bilingual.source_lang or source_lang or "zh-CN")
        target = keys.language_tag(bilingual.target_lang or target_lang or "en")
        if not bilingual.source_lang or not bilingual.target_lang:
            notes.append(f"the file names no language pair; read as {source} -> {target}")
        counts = _Counts()
        origin = OriginRecord(name, scope, sha256, _now(), source, target)
        added, claimed, duplicates = self.backend.add_units(
            origin, _unit_records(bilingual.segments, source, target, counts))
        return ImportReport(name, scope, sha256, source, target, counts.segments, added,
                            claimed, duplicates, counts.untranslated, counts.unreviewed,
                            tuple(notes))

    def delete_origin(self, name: str | os.PathLike[str], scope: str | None = None) -> int:
        """Remove one origin's claims (a file as imported, or ``guangdong_terms <version>``),
        and the units no other origin claims; the number of claims removed."""
        text = os.fspath(name)
        known = {found for found, _ in self.backend.origin_names(scope)}
        chosen = text if text in known else os.path.abspath(text)
        return self.backend.delete_origin(chosen, scope)

    # --- searching ---------------------------------------------------------------------------

    def search(self, text: str, *, min_score: int = 70, limit: int = 5,
               previous: str | None = None, source_lang: str = "zh-CN",
               target_lang: str = "en", scopes: Sequence[str] | None = None,
               query_codes: Sequence[Code] = ()) -> list[MemoryMatch]:
        """The best stored units for *text*, scored as CAT tools score (``scoring.py``).

        *previous* is the segment before *text* in the document: an exact match whose unit
        followed the same segment scores 101. A Traditional query finds Simplified units
        (``via_traditional``). Results are ordered by score, then source, target and origin,
        so the same memory always answers the same way.
        """
        query = keys.normalise(text)
        if not query:
            return []
        language = keys.language_tag(source_lang)
        query_key, previous_key = keys.fold_keys(
            [query, keys.normalise(previous or "")], language)
        traditional = query_key != query
        pair = keys.pair_of(language, keys.language_tag(target_lang))
        chosen = tuple(scopes) if scopes is not None else None
        units: dict[int, StoredUnit] = {
            unit.id: unit for unit in self.backend.exact(
                query_key, pair, scopes=chosen, excluded_scopes=self._excluded)}
        grams = keys.trigrams(query_key)
        if grams and min_score < 100:
            low, high = length_window(len(query_key), min_score, language)
            for unit in self.backend.candidates(CandidateQuery(
                    query_key, grams, pair, low, high, max(_CANDIDATES, limit * 8), chosen,
                    self._excluded, min_score)):
                units.setdefault(unit.id, unit)
        # One live unit per pair: the backend's calls are separate reads, so while another
        # client deletes an origin and re-imports the pair, the exact lookup and the candidates
        # may see the pair under its old and its new row id. The newer row stands for both.
        newest: dict[tuple[str, str, str], StoredUnit] = {}
        for unit in sorted(units.values(), key=lambda unit: unit.id):
            newest[unit.key, unit.target, unit.target_lang] = unit
        units = {unit.id: unit for unit in newest.values()}
        exact_ids = [unit.id for unit in units.values() if unit.key == query_key]
        contexts = self.backend.claims(exact_ids) if previous_key and exact_ids else {}
        # The plain similarity first, for every candidate at once in C; number adaptation and
        # the penalties (which only lower a score) for those that can still reach the minimum.
        pool = list(units.values())
        floor = min(min_score, ADAPT_FLOOR)
        plains = similarities(query_key, [unit.key for unit in pool], language, floor)
        scored: list[tuple[Scored, StoredUnit, str | None]] = []
        for unit, plain in zip(pool, plains, strict=True):
            exact = unit.key == query_key
            adapted = None
            if not exact and plain >= floor and numbers_of(query_key) != numbers_of(unit.key):
                adapted = adapt_numbers(query_key, unit.key, unit.target)
            if plain < min_score and not exact and adapted is None:
                continue
            context = any(claim.previous_key == previous_key
                          for claim in contexts.get(unit.id, ()))
            result = score(query, query_key, unit.source, unit.key, language,
                           reviewed=unit.reviewed, context=context, query_codes=query_codes,
                           unit_codes=_codes_of(unit.source_codes) if query_codes else (),
                           plain=plain, adapted=adapted is not None)
            if result.score >= min_score:
                scored.append((result, unit, adapted))
        scored.sort(key=lambda row: (-row[0].score, row[1].source, row[2] or row[1].target,
                                     row[1].id))
        # Origins decide ties after source and target: read them for the tied tail too.
        best = scored[:limit * 2 + 10]
        claims = self.backend.claims([unit.id for _, unit, _ in best])
        matches = [self._match(result.score, result.similarity,
                               unit if adapted is None else unit._replace(target=adapted),
                               claims[unit.id], query_key if traditional else query,
                               traditional and keys.normalise(unit.source) != query,
                               adapted=adapted is not None)
                   for result, unit, adapted in best]
        matches.sort(key=lambda match: (-match.score, match.source, match.target,
                                        match.origin))
        return [self._with_notes(match, text, source_lang, target_lang)
                for match in matches[:limit]]

    @staticmethod
    def _with_notes(match: MemoryMatch, query: str, source_lang: str,
                    target_lang: str) -> MemoryMatch:
        """The glossary terms of the query and the warnings on the match's target."""
        from dataclasses import replace

        from ..core.matchnotes import term_notes

        terms, warnings = term_notes(query, match.target, source_lang=source_lang,
                                     target_lang=target_lang)
        return replace(match, terms=terms, warnings=warnings) if terms or warnings else match

    def _match(self, value: int, plain: float, unit: StoredUnit, claims: list[ClaimRecord],
               query: str, via_traditional: bool, *, adapted: bool = False) -> MemoryMatch:
        origins = tuple(sorted(
            (Origin(claim.origin, claim.sha256, claim.unit_id, claim.line, claim.created,
                    claim.author, claim.imported_at, claim.scope, claim.reviewed)
             for claim in claims if self.shipped or claim.scope != SHIPPED_SCOPE),
            key=lambda origin: (not origin.reviewed, origin.scope == SHIPPED_SCOPE,
                                _descending(origin.imported_at), origin.name)))
        return MemoryMatch(
            score=value, source=unit.source, target=unit.target,
            source_lang=unit.source_lang, target_lang=unit.target_lang, origins=origins,
            reviewed=unit.reviewed, adapted=adapted,
            via_traditional=via_traditional,
            source_codes=_codes_of(unit.source_codes),
            target_codes=_codes_of(unit.target_codes),
            diff=diff_spans(query, unit.source), similarity=round(plain, 2))

    def concordance(self, phrase: str, *, limit: int = 20, source_lang: str = "zh-CN",
                    target_lang: str = "en") -> list[MemoryMatch]:
        """Units whose source or target contains *phrase* (a Traditional phrase finds
        Simplified sources), in the order they were stored; ``diff`` marks where the phrase
        stands in the source. Phrases of three characters or more are found through the
        index; shorter ones by a scan that stops at *limit*."""
        text = keys.normalise(phrase)
        if not text:
            return []
        language = keys.language_tag(source_lang)
        folded = keys.fold_keys([text], language)[0]
        pair = keys.pair_of(language, keys.language_tag(target_lang))
        units = self.backend.concordance(folded, keys.trigrams(folded), pair, limit=limit,
                                         excluded_scopes=self._excluded)
        claims = self.backend.claims([unit.id for unit in units])
        matches = []
        for unit in units:
            match = self._match(0, 0.0, unit, claims[unit.id], folded, folded != text)
            at = unit.key.find(folded)
            spans = ((at, at + len(folded)),) if at >= 0 and len(unit.key) == len(
                unit.source) else ()
            matches.append(MemoryMatch(
                score=0, source=match.source, target=match.target,
                source_lang=match.source_lang, target_lang=match.target_lang,
                origins=match.origins, reviewed=match.reviewed,
                via_traditional=folded != text, source_codes=match.source_codes,
                target_codes=match.target_codes, diff=spans))
        return matches

    # --- reporting ---------------------------------------------------------------------------

    def stats(self) -> MemoryStats:
        """Counts of units, claims, origins and unreviewed units, by pair and origin."""
        return self.backend.stats()

    def export(self, path: str | os.PathLike[str], format: str = "tmx",
               *, source_lang: str = "zh-CN", target_lang: str = "en") -> int:
        """Write every unit of the language pair to *path* through the format registry's
        writer (TMX by default), atomically; the number of units written. Unreviewed units
        carry an ``x-reviewed: no`` property."""
        from ..formats import find

        writer = find(format, "export").write_units
        if writer is None:
            raise MemoryStoreError(f"the format {format!r} cannot write units")
        pair = keys.pair_of(source_lang, target_lang)
        target = os.path.abspath(os.fspath(path))
        temporary = f"{target}.{os.getpid()}.tmp"
        written = 0

        def units() -> Iterator[Unit]:
            nonlocal written
            for unit in self.backend.iter_units(pair):
                if not self.shipped and self._only_shipped(unit.id):
                    continue
                written += 1
                yield Unit(str(unit.id), unit.source, unit.target,
                           () if unit.reviewed else (("x-reviewed", "no"),))

        try:
            with open(temporary, "w", encoding="utf-8", newline="\n") as handle:
                writer(handle, units(), source_lang=source_lang, target_lang=target_lang,
                       references=None)
            os.replace(temporary, target)
        finally:
            if os.path.exists(temporary):
                os.remove(temporary)
        return written

    def _only_shipped(self, unit: int) -> bool:
        return all(claim.scope == SHIPPED_SCOPE for claim in self.backend.claims([unit])[unit])


def _descending(stamp: str) -> str:
    """An ISO timestamp turned so that sorting ascending puts the newest first."""
    return "".join(chr(0x10FFFF - ord(char)) for char in stamp)


def _shipped_segments() -> Iterator[Segment]:
    """The shipped TM segments (each knowing the one before it in its seed article) and the
    glossary's pairs (Simplified head form -> preferred English)."""
    from ..core.compiled import records, tm_segments

    previous, seed = "", None
    for row in sorted(tm_segments(), key=lambda row: (str(row["seed"]), int(row["n"]))):
        if row["seed"] != seed:
            previous, seed = "", row["seed"]
        yield Segment(f"seed-{row['seed']}-{row['n']}", int(row["line"]), str(row["zh"]),
                      str(row["en"]), previous=previous)
        previous = str(row["zh"])
    for record in records():
        yield Segment(str(record["id"]), 0, str(record["zh"]), str(record["en"]))
