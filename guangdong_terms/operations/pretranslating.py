"""Pre-translation (``gdterms pretranslate``): fill the untranslated units of a PO or XLIFF file
from the translation memory, and the match-band analysis a project manager quotes from.

Modelled on translate-toolkit's ``pretranslate`` (fill from a memory above 75 %, mark what is
not exact as fuzzy) with what CAT tools add: 101 context matches (the previous unit's source is
passed to the memory), exact matches confirmed and every other one left for review with its
score and origin beside it, inline codes carried into the target, and an analysis in the bands
memoQ and Trados report (101, 100, 95-99, 85-94, 75-84, no match).

The file is never re-serialised. polib and lxml would rewrap, reorder and re-escape a file
another tool wrote, and a translator's version control would show every line changed; instead
the file's own bytes are kept and only the filled units (and a PO's ``PO-Revision-Date``) are
spliced: polib and the XLIFF reader of ``formats`` say what each unit holds, and a line scan
(PO) or expat's byte offsets (XLIFF) say where it is. The output keeps the file's encoding,
byte-order mark and line endings, and is written atomically.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Protocol

from ..core.bilingual import Code, Segment
from ..core.languages import is_chinese, language_of
from ..formats import FormatError
from ..formats._writing import atomic_output, creation_time, xml_attr, xml_text
from ..formats.xliff import CODES, WRAPPERS, read_xliff_segments

__all__ = ["BANDS", "DEFAULT_MIN_SCORE", "Band", "FilledUnit", "MatchLike", "MemoryLike",
           "PretranslateReport", "band_of", "count_words", "place_codes", "pretranslate_file"]

#: translate-toolkit's ``pretranslate`` default, and the lowest band CAT analyses quote.
DEFAULT_MIN_SCORE = 75


class MatchLike(Protocol):
    """What pre-translation reads of a memory match (``guangdong_terms.MemoryMatch``)."""

    @property
    def score(self) -> int: ...  # noqa: D102
    @property
    def target(self) -> str: ...  # noqa: D102
    @property
    def origin(self) -> str: ...  # noqa: D102
    @property
    def reviewed(self) -> bool: ...  # noqa: D102
    @property
    def adapted(self) -> bool: ...  # noqa: D102
    @property
    def via_traditional(self) -> bool: ...  # noqa: D102
    @property
    def target_codes(self) -> tuple[Code, ...]: ...  # noqa: D102
    @property
    def warnings(self) -> tuple[str, ...]: ...  # noqa: D102


class MemoryLike(Protocol):
    """What pre-translation asks of a memory (``guangdong_terms.TranslationMemory``)."""

    def search(self, text: str, *, min_score: int = ..., limit: int = ...,  # noqa: D102
               previous: str | None = ..., source_lang: str = ...,
               target_lang: str = ..., query_codes: Sequence[Code] = ...
               ) -> Sequence[Any]: ...


# --- the analysis ------------------------------------------------------------------------------

class Band(NamedTuple):
    """A match band of the analysis: its label and the scores it takes (inclusive)."""

    label: str
    low: int
    high: int


#: The bands of memoQ's and Trados's analysis reports; anything under 75 is "no match" there
#: even when --min-score lets a lower match fill the unit.
BANDS = (Band("101", 101, 101), Band("100", 100, 100), Band("95-99", 95, 99),
         Band("85-94", 85, 94), Band("75-84", 75, 84), Band("no match", 0, 74))

# Characters a CAT analysis counts one word each: Han ideographs (CJK unified, extension A, the
# compatibility block and the supplementary planes) and kana, as Trados Studio documents
# ("each ideogram is counted as one", docs/pretranslate.md).
_CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
                  "\U00020000-\U0003134f]")
# A word of any other script: letters and digits, joined by an inner hyphen, apostrophe, point
# or comma (two-way, it's, 1.2, 17,000 are one word each).
_WORD = re.compile(r"[^\W_]+(?:[-'’.,][^\W_]+)*")


def count_words(text: str) -> int:
    """Words as CAT tools count them: each Chinese character (and kana) one word, each run of
    letters or digits in any other script one word, punctuation none.

    >>> count_words("广州南沙获批建设5G应用示范区"), count_words("Nansha's 5G pilot zone, 2024")
    (14, 5)
    """
    ideographs = len(_CJK.findall(text))
    return ideographs + len(_WORD.findall(_CJK.sub(" ", text)))


def band_of(score: int | None) -> Band:
    """The analysis band of a best-match score (None: no match at all)."""
    for band in BANDS:
        if score is not None and band.low <= score <= band.high:
            return band
    return BANDS[-1]


# --- the report --------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class FilledUnit:
    """One unit pre-translation filled: where it is, the match, and what the file now says."""

    id: str
    line: int
    source: str
    target: str
    score: int
    origin: str
    confirmed: bool
    notes: tuple[str, ...]


@dataclass(slots=True)
class PretranslateReport:
    """What a run did: the filled units, what it left alone and why, and the analysis.

    ``skipped`` counts the units that were not candidates (already translated, fuzzy, plural,
    obsolete, not translatable); ``unmatched`` the candidates the memory had nothing for;
    ``bands`` maps each band label to [segments, words] over every candidate.
    """

    path: str
    output: str
    kind: str
    source_lang: str
    target_lang: str
    min_score: int
    filled: list[FilledUnit] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    unmatched: int = 0
    bands: dict[str, list[int]] = field(
        default_factory=lambda: {band.label: [0, 0] for band in BANDS})
    written: bool = False

    @property
    def confirmed(self) -> int:
        """Units filled as translated (exact and context matches with every code placed)."""
        return sum(unit.confirmed for unit in self.filled)

    @property
    def for_review(self) -> int:
        """Units filled for review (fuzzy, adapted, or with codes that could not be placed)."""
        return len(self.filled) - self.confirmed

    def as_json(self) -> dict[str, Any]:
        """The report as plain data, for ``--json``."""
        return {
            "file": self.path, "output": self.output, "kind": self.kind,
            "languages": {"source": self.source_lang, "target": self.target_lang},
            "min_score": self.min_score, "written": self.written,
            "filled": {"translated": self.confirmed, "for_review": self.for_review},
            "unmatched": self.unmatched, "skipped": dict(sorted(self.skipped.items())),
            "analysis": [{"band": label, "segments": segments, "words": words}
                         for label, (segments, words) in self.bands.items()],
            "units": [{"id": unit.id, "line": unit.line, "score": unit.score,
                       "origin": unit.origin, "state": "translated" if unit.confirmed
                       else "review", "source": unit.source, "target": unit.target,
                       "notes": list(unit.notes)} for unit in self.filled],
        }


# --- placing inline codes ----------------------------------------------------------------------

def _occurrences(codes: Sequence[Code]) -> Iterator[tuple[tuple[str, str, int], Code]]:
    """Each code keyed by (id, open/close/single, occurrence of that key): Angular repeats an
    id for a second interpolation, and a wrapper's open and close share theirs."""
    seen: Counter[tuple[str, str]] = Counter()
    for code in codes:
        side = "close" if code.kind.endswith("-close") else (
            "open" if code.kind.endswith("-open") else "single")
        seen[code.id, side] += 1
        yield (code.id, side, seen[code.id, side]), code


def place_codes(source: str, codes: Sequence[Code], target: str,
                target_codes: Sequence[Code]) -> tuple[list[tuple[int, int]], list[int]]:
    """Where each of the file's *codes* goes in a match's *target*: ([(offset in target, index
    in codes)] in writing order, [indices that could not be placed]).

    A code whose id the stored target also has goes where the stored target has it; a code at
    the very start or end of the source goes to the start or end of the target; any other is
    not placed. A wrapper's open and close are placed together or not at all, and only where
    the open comes first, so the target stays well-formed.
    """
    stored = {key: code.offset for key, code in _occurrences(target_codes) if code.id}
    order = {key: number for number, (key, _) in enumerate(_occurrences(target_codes))}
    placed: dict[int, tuple[int, int, int]] = {}  # index -> (offset, group, rank)
    keys = [key for key, _ in _occurrences(codes)]
    for index, code in enumerate(codes):
        key = keys[index]
        if code.id and key in stored:
            placed[index] = (min(stored[key], len(target)), 1, order[key])
        elif code.offset == 0:
            placed[index] = (0, 0, index)
        elif code.offset >= len(source):
            placed[index] = (len(target), 2, index)
    # A wrapper pair stays together and in order.
    opens = {key[0:1] + key[2:]: index for index, key in enumerate(keys) if key[1] == "open"}
    for index, key in enumerate(keys):
        if key[1] != "close":
            continue
        partner = opens.get(key[0:1] + key[2:])
        if partner is None:
            continue
        start, end = placed.get(partner), placed.get(index)
        if start is None or end is None or start[:2] > end[:2] or (
                start[:2] == end[:2] and start[2] > end[2]):
            placed.pop(partner, None)
            placed.pop(index, None)
    ordered = sorted(placed, key=lambda index: (*placed[index], index))
    if not _nests(ordered, keys):  # crossing wrappers: none of the pairs is kept
        for index, key in enumerate(keys):
            if key[1] != "single":
                placed.pop(index, None)
        ordered = sorted(placed, key=lambda index: (*placed[index], index))
    return ([(placed[index][0], index) for index in ordered],
            [index for index in range(len(codes)) if index not in placed])


def _nests(ordered: Sequence[int], keys: Sequence[tuple[str, str, int]]) -> bool:
    """Whether the wrappers in *ordered* open and close like brackets."""
    stack: list[tuple[str, int]] = []
    for index in ordered:
        ident, side, number = keys[index]
        if side == "open":
            stack.append((ident, number))
        elif side == "close" and (not stack or stack.pop() != (ident, number)):
            return False
    return not stack


# --- the shared driver -------------------------------------------------------------------------

class _Candidate(NamedTuple):
    """A unit the memory is asked about, as a file kind presents it."""

    id: str
    line: int
    source: str
    previous: str | None
    codes: tuple[Code, ...]


class _Fill(NamedTuple):
    """What a candidate gets: the target's text pieces and codes, its state and notes."""

    pieces: list[tuple[str, int]]  # (text, -1) or ("", index of the file's code)
    text: str
    confirmed: bool
    notes: tuple[str, ...]
    score: int
    origin: str


def _describe(match: MatchLike) -> list[str]:
    """The note a reviewer reads: score, kind of match, origin and what to look out for."""
    kind = ("context" if match.score > 100 else "exact" if match.score == 100 else
            "number-adapted" if match.adapted else "fuzzy")
    notes = [f"gdterms: {match.score}% {kind} match from {match.origin or 'the memory'}"]
    if not match.reviewed:
        notes.append("gdterms: the memory's translation was never confirmed (scored x0.7)")
    if match.via_traditional:
        notes.append("gdterms: matched across Traditional and Simplified Chinese")
    notes.extend(f"gdterms: term warning: {warning}" for warning in match.warnings)
    return notes


def _fill(candidate: _Candidate, match: MatchLike, code_markup: Sequence[str]) -> _Fill:
    """The target for *candidate* from *match*, with the file's own codes put in."""
    notes = _describe(match)
    placements, unplaced = place_codes(candidate.source, candidate.codes, match.target,
                                       match.target_codes)
    pieces: list[tuple[str, int]] = []
    cursor = 0
    for offset, index in placements:
        if offset > cursor:
            pieces.append((match.target[cursor:offset], -1))
            cursor = offset
        pieces.append(("", index))
    pieces.append((match.target[cursor:], -1))
    if unplaced:
        pieces.extend(("", index) for index in unplaced)
        listed = " ".join(code_markup[index] for index in unplaced)
        notes.append(f"gdterms: {len(unplaced)} inline code(s) of the source could not be "
                     f"placed from the match and were put at the end of the target: {listed}")
    confirmed = match.score >= 100 and not unplaced
    return _Fill(pieces, match.target, confirmed, tuple(notes), match.score,
                 match.origin or "")


def _best(memory: MemoryLike, candidate: _Candidate, *, min_score: int, source_lang: str,
          target_lang: str) -> MatchLike | None:
    matches = memory.search(candidate.source, min_score=min_score, limit=1,
                            previous=candidate.previous, source_lang=source_lang,
                            target_lang=target_lang, query_codes=candidate.codes)
    return matches[0] if matches else None


def _analyse(report: PretranslateReport, source: str, score: int | None) -> None:
    counts = report.bands[band_of(score).label]
    counts[0] += 1
    counts[1] += count_words(source)


def _languages(source: str | None, target: str | None, file_source: str,
               file_target: str) -> tuple[str, str]:
    """The pair to search: what the user said, else what the file says, else zh-CN -> en
    (an English source where the file's target is Chinese)."""
    source_lang = language_of(source or file_source)
    target_lang = language_of(target or file_target)
    source_lang = source_lang or ("en" if is_chinese(target_lang) else "zh-CN")
    target_lang = target_lang or ("en" if is_chinese(source_lang) else "zh-CN")
    return source_lang, target_lang


def pretranslate_file(path: str, memory: MemoryLike, *, output: str | None = None,
                      min_score: int = DEFAULT_MIN_SCORE, source_lang: str | None = None,
                      target_lang: str | None = None) -> PretranslateReport:
    """Fill the untranslated units of the PO or XLIFF file *path* from *memory*; write the
    result to *output* (default: *path* itself, replaced atomically).

    FormatError for a file that is neither, or cannot be read as what it is; OSError for one
    that cannot be read or written. The input is untouched unless it is the output and at
    least one unit was filled.
    """
    with open(path, "rb") as handle:
        data = handle.read()
    head = data.lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n")
    if head.startswith(b"<"):
        result, report = _XliffFile(path, data).pretranslate(
            memory, min_score=min_score, source_lang=source_lang, target_lang=target_lang)
    else:
        result, report = _PoFile(path, data).pretranslate(
            memory, min_score=min_score, source_lang=source_lang, target_lang=target_lang)
    report.output = output or path
    if output is not None or result != data:
        atomic_output(report.output, lambda handle: handle.write(result), binary=True)
        report.written = True
    return report


# --- PO ----------------------------------------------------------------------------------------

_CHARSET = re.compile(rb"charset=([A-Za-z0-9_.:-]+)")
_PO_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r",
               "\a": "\\a", "\b": "\\b", "\f": "\\f", "\v": "\\v"}
# Directives msgfmt --check compares between msgid and msgstr, by format flag.
_DIRECTIVES = {
    "c-format": re.compile(r"%(?:\d+\$)?[-+ #0']*(?:\d+|\*)?(?:\.(?:\d+|\*))?"
                           r"(?:hh|h|ll|l|L|q|j|z|Z|t)?[diouxXeEfFgGaAcspn%]"),
    "python-format": re.compile(r"%(?:\([^)]*\))?[-#0 +]*(?:\d+|\*)?(?:\.(?:\d+|\*))?"
                                r"[hlL]?[diouxXeEfFgGcrsa%]"),
    "python-brace-format": re.compile(r"\{[^{}]*\}"),
}


def _po_quote(value: str) -> str:
    return "".join(_PO_ESCAPES.get(char, char) if char in _PO_ESCAPES or char >= " "
                   else f"\\{ord(char):03o}" for char in value)


def _po_string(keyword: str, value: str, newline: str) -> str:
    """``msgstr "..."`` as msgcat writes it: one line, or an empty first string and one line
    per ``\\n`` when the value has several lines."""
    parts = re.split(r"(?<=\n)", value)
    if parts and parts[-1] == "":
        parts.pop()
    if len(parts) <= 1:
        return f'{keyword} "{_po_quote(value)}"{newline}'
    return f'{keyword} ""{newline}' + "".join(f'"{_po_quote(part)}"{newline}'
                                              for part in parts)


def _format_problem(flags: Sequence[str], source: str, target: str) -> str | None:
    """Why msgfmt --check would refuse *target* for *source*, if it would."""
    for flag in flags:
        if not flag.endswith("-format") or flag.startswith("no-"):
            continue
        pattern = _DIRECTIVES.get(flag)
        if pattern is None:
            return f"its {flag} directives cannot be checked here"
        if Counter(pattern.findall(source)) != Counter(pattern.findall(target)):
            return f"its {flag} directives differ from the source's"
    return None


def _same_edges(source: str, target: str) -> str:
    """*target* starting and ending with a newline exactly where *source* does (msgfmt
    --check refuses an entry where they differ)."""
    target = target.strip("\n")
    return ("\n" if source.startswith("\n") else "") + target + (
        "\n" if source.endswith("\n") and source != "\n" else "")


class _PoFile:
    """A PO catalogue as text, its entries as polib reads them, and where each one is."""

    def __init__(self, path: str, data: bytes) -> None:
        self.path = path
        self.bom = b"\xef\xbb\xbf" if data.startswith(b"\xef\xbb\xbf") else b""
        body = data[len(self.bom):]
        declared = _CHARSET.search(body[:8192])
        self.charset = declared.group(1).decode("ascii") if declared else "utf-8"
        if self.charset.upper() == "CHARSET":  # a template's placeholder
            self.charset = "utf-8"
        try:
            text = body.decode(self.charset)
        except LookupError:
            raise FormatError(f"{path}: the header names an unknown charset "
                              f"{self.charset!r}") from None
        except UnicodeDecodeError as error:
            raise FormatError(f"{path}: not in the charset its header names "
                              f"({self.charset}: {error.reason} at byte {error.start})"
                              ) from None
        if text.encode(self.charset) != body:
            raise FormatError(f"{path}: {self.charset} does not give back the file's bytes; "
                              "it cannot be edited in place")
        self.text = text
        self.lines = re.split(r"(?<=\n)", text)
        self.newline = "\r\n" if self.lines[0].endswith("\r\n") else "\n"

    def _catalogue(self) -> Any:  # noqa: ANN401 - a polib catalogue
        """polib's reading of the same text the splice positions come from (not a second
        read of the file, which could differ from the first)."""
        import polib

        try:
            return polib.pofile(self.text, wrapwidth=0)
        except (OSError, ValueError) as error:
            raise FormatError(f"{self.path}: {error}") from None

    def pretranslate(self, memory: MemoryLike, *, min_score: int, source_lang: str | None,
                     target_lang: str | None) -> tuple[bytes, PretranslateReport]:
        """The catalogue with its empty msgstrs filled, and the report."""
        catalogue = self._catalogue()
        source, target = _languages(
            source_lang, target_lang,
            catalogue.metadata.get("X-Source-Language", ""),
            catalogue.metadata.get("Language", ""))
        report = PretranslateReport(self.path, self.path, "gettext PO", source, target,
                                    min_score)
        edits: list[tuple[int, int, list[str]]] = []  # (first line, end line, new lines)
        first_entry = None
        previous: str | None = None
        for entry in catalogue:
            if entry.obsolete:
                report.skipped["obsolete"] += 1
                continue
            if not entry.msgid:  # the header
                continue
            if first_entry is None:
                first_entry = entry.linenum
            this, previous = previous, entry.msgid
            if entry.msgid_plural:
                report.skipped["plural"] += 1
            elif "fuzzy" in entry.flags:
                report.skipped["fuzzy"] += 1
            elif entry.msgstr:
                report.skipped["translated"] += 1
            elif not entry.msgid.strip():
                report.skipped["empty source"] += 1
            else:
                candidate = _Candidate(entry.msgctxt or str(entry.linenum), entry.linenum,
                                       entry.msgid, this, ())
                match = _best(memory, candidate, min_score=min_score, source_lang=source,
                              target_lang=target)
                _analyse(report, entry.msgid, match.score if match else None)
                if match is None:
                    report.unmatched += 1
                    continue
                edit = self._fill(entry, candidate, match, report)
                if edit is not None:
                    edits.append(edit)
        if edits:
            edits.append(self._revision_date(first_entry))
        pieces: list[str] = []
        cursor = 0
        for start, end, new in sorted(edit for edit in edits if edit[0] >= 0):
            pieces += self.lines[cursor:start]
            pieces += new
            cursor = end
        pieces += self.lines[cursor:]
        return self.bom + "".join(pieces).encode(self.charset), report

    def _fill(self, entry: Any, candidate: _Candidate, match: MatchLike,  # noqa: ANN401
              report: PretranslateReport) -> tuple[int, int, list[str]] | None:
        """The lines that replace the entry's comments, flags and empty msgstr."""
        filled = _fill(candidate, match, ())
        target = _same_edges(entry.msgid, filled.text)
        notes = list(filled.notes)
        confirmed = filled.confirmed
        problem = _format_problem(entry.flags, entry.msgid, target)
        if problem:
            notes.append(f"gdterms: left fuzzy because {problem}")
            confirmed = False
        try:
            target.encode(self.charset)
        except UnicodeEncodeError:
            report.skipped[f"not writable in {self.charset}"] += 1
            return None
        start = entry.linenum - 1
        msgstr = flags = None
        position = start
        while position < len(self.lines):
            stripped = self.lines[position].lstrip()
            if stripped.startswith("#,") and msgstr is None and flags is None:
                flags = position
            if stripped.startswith("msgstr"):
                msgstr = position
                break
            position += 1
        if msgstr is None or not re.fullmatch(r'\s*msgstr\s*""\s*', self.lines[msgstr]):
            raise FormatError(f"{self.path}:{entry.linenum}: cannot find the empty msgstr of "
                              f"this entry to fill it")
        end = msgstr + 1
        while end < len(self.lines) and self.lines[end].strip() == '""':
            end += 1
        newline = self.newline
        block = [f"# {note}{newline}" for note in notes]
        block += self.lines[start:msgstr]
        if not confirmed:
            if flags is not None:
                offset = len(block) - (msgstr - flags)
                line = block[offset]
                rest = line.lstrip()[2:].strip()
                block[offset] = f"#, fuzzy, {rest}{newline}" if rest else f"#, fuzzy{newline}"
            else:
                where = next(number for number in range(len(block))
                             if block[number].lstrip().startswith(
                                 ("#|", "msgctxt", "msgid")))
                block.insert(where, f"#, fuzzy{newline}")
        block.append(_po_string("msgstr", target, newline))
        if not self.lines[end - 1].endswith("\n"):  # the file's last line, unterminated
            block[-1] = block[-1].removesuffix(newline)
        report.filled.append(FilledUnit(candidate.id, entry.linenum, entry.msgid, target,
                                        filled.score, filled.origin, confirmed,
                                        tuple(notes)))
        return start, end, block

    def _revision_date(self, first_entry: int | None) -> tuple[int, int, list[str]]:
        """The header's PO-Revision-Date set to now (``SOURCE_DATE_EPOCH`` pins it)."""
        stop = (first_entry or len(self.lines) + 1) - 1
        for number, line in enumerate(self.lines[:stop]):
            found = re.match(r'(\s*")PO-Revision-Date:[^"\\]*((?:\\n)?"\s*)$', line)
            if found:
                now = creation_time().strftime("%Y-%m-%d %H:%M+0000")
                return number, number + 1, [
                    f"{found.group(1)}PO-Revision-Date: {now}{found.group(2)}"]
        return -1, -1, []


# --- XLIFF -------------------------------------------------------------------------------------

@dataclass(slots=True)
class _Container:
    """A 1.2 trans-unit or a 2.x segment, as byte offsets into the UTF-8 text."""

    unit: _Unit
    holder: tuple[int, int] | None = None  # 2.x: the <segment> start tag
    source: tuple[int, int] | None = None  # the whole <source> element
    source_tag: tuple[int, int] | None = None
    target: tuple[int, int] | None = None  # the whole <target> element
    target_tag: tuple[int, int] | None = None
    codes: list[tuple[int, int]] = field(default_factory=list)
    segmented: bool = False  # 1.2 <seg-source>: targets are per <mrk>, not handled
    plural: bool = False  # 1.2 inside translate-toolkit's <group restype="x-gettext-plurals">


@dataclass(slots=True)
class _Unit:
    """A 1.2 trans-unit or 2.x unit: whether it is translatable, and where notes go."""

    start_tag_end: int
    translate: bool
    notes_close: int | None = None  # 2.x: where </notes> starts
    notes_empty: tuple[int, int] | None = None  # 2.x: an empty <notes/>


class _Scanner:
    """expat over the file: where each container, its source, codes and target are."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.version = ""
        self.version2 = False
        self.containers: list[_Container] = []
        self.stack: list[tuple[str, int, int, bool]] = []  # local name, start, tag end, empty
        self.unit: _Unit | None = None
        self.container: _Container | None = None
        self.in_source = 0  # depth inside the current <source>, 0 outside
        self.code_depth = 0  # depth inside an inline code of the source
        self.plurals: list[bool] = []  # for each open <file>, <group>: gettext plural forms?
        self.closed: list[bool] = []  # for each open <file>, <group>: translate="no"?

    def run(self, path: str) -> None:
        import xml.parsers.expat

        parser = xml.parsers.expat.ParserCreate(encoding="UTF-8", namespace_separator=" ")
        parser.StartElementHandler = lambda name, attrs: self.start(
            name, attrs, parser.CurrentByteIndex)
        parser.EndElementHandler = lambda name: self.end(name, parser.CurrentByteIndex)
        try:
            parser.Parse(self.data, True)
        except xml.parsers.expat.ExpatError as error:
            raise FormatError(f"{path}:{error.lineno}: not well-formed XML: "
                              f"{xml.parsers.expat.ErrorString(error.code)}") from None

    def _translatable(self, attrs: dict[str, str]) -> bool:
        """A unit's own translate attribute, or the nearest enclosing one's (both versions
        inherit it)."""
        own = attrs.get("translate")
        return own != "no" if own is not None else not any(self.closed)

    def _tag_end(self, start: int) -> int:
        """The offset just past the start tag at *start* (quotes may hold '>')."""
        quote = 0
        data = self.data
        position = start + 1
        while position < len(data):
            byte = data[position]
            if quote:
                if byte == quote:
                    quote = 0
            elif byte in (0x22, 0x27):
                quote = byte
            elif byte == 0x3E:
                return position + 1
            position += 1
        return len(data)

    def start(self, name: str, attrs: dict[str, str], index: int) -> None:
        local = name.rsplit(" ", 1)[-1]
        tag_end = self._tag_end(index)
        empty = self.data[tag_end - 2:tag_end] == b"/>"
        parent = self.stack[-1][0] if self.stack else ""
        self.stack.append((local, index, tag_end, empty))
        if len(self.stack) == 1:  # the root, <xliff> (read_xliff refuses any other)
            self.version = attrs.get("version", "")
            self.version2 = self.version.startswith("2")
        elif self.in_source:
            self.in_source += 1
            if self.code_depth:
                self.code_depth += 1
            elif local in CODES:
                self.code_depth = 1
            elif local in WRAPPERS and self.container is not None:
                self.container.codes.append((index, tag_end))
        elif local in ("file", "group"):  # translate="no" holds for everything inside
            self.plurals.append(attrs.get("restype") == "x-gettext-plurals")
            self.closed.append(attrs.get("translate") == "no")
        elif local == "trans-unit" and not self.version2:
            self.unit = _Unit(tag_end, self._translatable(attrs))
            self.container = _Container(self.unit, plural=any(self.plurals))
            self.containers.append(self.container)
        elif local == "unit" and self.version2:
            self.unit = _Unit(tag_end, self._translatable(attrs))
        elif local == "segment" and self.version2 and parent == "unit" and self.unit:
            self.container = _Container(self.unit, holder=(index, tag_end))
            self.containers.append(self.container)
        elif self.container is not None and parent in ("trans-unit", "segment"):
            if local == "source" and self.container.source is None:
                self.container.source_tag = (index, tag_end)
                self.in_source = 1
            elif local == "target" and self.container.target is None:
                self.container.target_tag = (index, tag_end)
            elif local == "seg-source":
                self.container.segmented = True

    def _end_of(self, index: int, start_tag_end: int, empty: bool) -> int:
        return start_tag_end if empty else self.data.index(b">", index) + 1

    def end(self, name: str, index: int) -> None:
        local, start, tag_end, empty = self.stack.pop()
        end = self._end_of(index, tag_end, empty)
        parent = self.stack[-1][0] if self.stack else ""
        container = self.container
        if self.in_source:
            self.in_source -= 1
            if self.in_source == 0 and container is not None:
                container.source = (start, end)
            elif self.code_depth:
                self.code_depth -= 1
                if self.code_depth == 0 and container is not None:
                    container.codes.append((start, end))
            elif local in WRAPPERS and container is not None:
                if empty:  # <g id="1"/>: the open is the whole element, the close nothing
                    container.codes.append((end, end))
                else:
                    container.codes.append((index, end))
            return
        if local == "target" and container is not None and parent in ("trans-unit", "segment"):
            if container.target is None and container.target_tag and (
                    container.target_tag[0] == start):
                container.target = (start, end)
        elif local == "notes" and parent == "unit" and self.unit is not None:
            if empty:  # <notes/>: replaced by a <notes> holding ours
                self.unit.notes_empty = (start, end)
            else:
                self.unit.notes_close = index
        elif local in ("trans-unit", "segment"):
            self.container = None
        elif local in ("file", "group") and self.plurals:
            self.plurals.pop()
            self.closed.pop()


def _xml_encoding(data: bytes) -> tuple[bytes, str]:
    """The byte-order mark and the codec of an XML file's bytes (BOM, else the declaration,
    else UTF-8)."""
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"),
                       (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return bom, codec
    declared = re.match(rb"""<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""", data)
    return b"", declared.group(1).decode("ascii").lower() if declared else "utf-8"


class _XliffFile:
    """An XLIFF 1.2 or 2.x file as UTF-8 bytes, its segments as ``formats.xliff`` reads them,
    and where each one is."""

    def __init__(self, path: str, data: bytes) -> None:
        self.path = path
        self.bom, self.codec = _xml_encoding(data)
        body = data[len(self.bom):]
        try:
            text = body.decode(self.codec)
        except (LookupError, UnicodeDecodeError) as error:
            raise FormatError(f"{path}: cannot be read as {self.codec}: {error}") from None
        if text.encode(self.codec) != body:
            raise FormatError(f"{path}: {self.codec} does not give back the file's bytes; it "
                              "cannot be edited in place")
        self.utf8 = text.encode("utf-8")
        self.newline = b"\r\n" if b"\r\n" in self.utf8 else b"\n"
        self._unit_of: dict[int, _Unit] = {}
        self.qualifier = True

    def _indent(self, position: int) -> bytes:
        """The whitespace that starts the line an element at *position* is on."""
        line = self.utf8.rfind(b"\n", 0, position) + 1
        indent = self.utf8[line:position]
        return indent if not indent.strip() else b""

    def pretranslate(self, memory: MemoryLike, *, min_score: int, source_lang: str | None,
                     target_lang: str | None) -> tuple[bytes, PretranslateReport]:
        """The file with its untranslated segments filled, and the report."""
        from ..formats.xliff import read_xliff

        scanner = _Scanner(self.utf8)
        scanner.run(self.path)
        encoding = None if self.codec.startswith("utf") else self.codec
        bilingual = read_xliff(self.path, encoding=encoding)
        source, target = _languages(source_lang, target_lang, bilingual.source_lang,
                                    bilingual.target_lang)
        segments = list(read_xliff_segments(self.path, encoding=encoding))
        containers = [container for container in scanner.containers
                      if container.source is not None]
        if len(segments) != len(containers):
            raise FormatError(f"{self.path}: {len(segments)} segments read but "
                              f"{len(containers)} located; the file cannot be edited in place")
        kind = f"XLIFF {scanner.version or '1.2'}"
        # state-qualifier came with 1.2: a 1.0 or 1.1 file (translate-toolkit's po2xliff
        # writes 1.1) gets the state alone.
        self.qualifier = scanner.version not in ("1.0", "1.1")
        report = PretranslateReport(self.path, self.path, kind, source, target, min_score)
        edits: list[tuple[int, int, int, bytes]] = []
        notes_for: dict[int, list[str]] = {}
        previous: str | None = None
        for number, (segment, container) in enumerate(zip(segments, containers,
                                                          strict=True)):
            this, previous = previous, segment.source
            reason = self._skip(segment, container)
            if reason:
                report.skipped[reason] += 1
                continue
            markup = [self.utf8[start:end].decode("utf-8") for start, end in container.codes]
            if len(markup) != len(segment.source_codes):
                report.skipped["inline codes not located"] += 1
                continue
            candidate = _Candidate(segment.id, segment.line, segment.source, this,
                                   segment.source_codes)
            match = _best(memory, candidate, min_score=min_score, source_lang=source,
                          target_lang=target)
            _analyse(report, segment.source, match.score if match else None)
            if match is None:
                report.unmatched += 1
                continue
            filled = _fill(candidate, match, markup)
            try:
                content = "".join(xml_text(text) if index < 0 else markup[index]
                                  for text, index in filled.pieces)
            except ValueError:  # a character XML 1.0 cannot carry, even escaped
                report.skipped["match not writable in XML"] += 1
                continue
            edits.extend(self._target_edits(container, filled.confirmed, content, number))
            notes = list(filled.notes)
            if scanner.version2:
                prefix = f"segment {segment.id.rpartition('/')[2]}: "
                notes_for.setdefault(id(container.unit), []).extend(
                    prefix + note for note in notes)
                self._unit_of[id(container.unit)] = container.unit
            else:
                edits.append(self._note_1_2(container, notes, number))
            report.filled.append(FilledUnit(segment.id, segment.line, segment.source,
                                            _plain(filled.pieces),
                                            filled.score, filled.origin, filled.confirmed,
                                            tuple(notes)))
        for key, notes in notes_for.items():
            edits.append(self._notes_2(self._unit_of[key], notes))
        pieces: list[bytes] = []
        cursor = 0
        for start, end, _, replacement in sorted(edits, key=lambda edit: edit[:3]):
            pieces += (self.utf8[cursor:start], replacement)
            cursor = end
        pieces.append(self.utf8[cursor:])
        text = b"".join(pieces).decode("utf-8")
        try:
            return self.bom + text.encode(self.codec), report
        except UnicodeEncodeError:
            return self.bom + text.encode(self.codec, "xmlcharrefreplace"), report

    @staticmethod
    def _skip(segment: Segment, container: _Container) -> str | None:
        if not container.unit.translate:
            return "not translatable"
        if container.segmented:
            return "segmented (seg-source)"
        if container.plural:
            return "plural"
        if segment.translated:
            return "translated" if segment.confirmed else "fuzzy"
        if not segment.source.strip():
            return "empty source"
        return None

    def _attribute_tag(self, tag: tuple[int, int], values: dict[str, str],
                       close: bool = False, drop: tuple[str, ...] = ()) -> bytes:
        """The start tag at *tag* with *values* set (replacing any it had) and the attributes
        in *drop* removed; *close* turns an empty-element tag into a start tag."""
        raw = self.utf8[tag[0]:tag[1]].decode("utf-8")
        for name in (*values, *drop):
            raw = re.sub(rf"""\s{re.escape(name)}\s*=\s*("[^"]*"|'[^']*')""", "", raw)
        empty = raw.endswith("/>")
        body = raw[:-2] if empty else raw[:-1]
        body = body.rstrip()
        added = "".join(f' {name}="{xml_attr(value)}"' for name, value in values.items())
        ending = "/>" if empty and not close else ">"
        return f"{body}{added}{ending}".encode()

    def _qualified(self, tag: tuple[int, int], local: str) -> str:
        """*local* with the prefix the element at *tag* is written with (``xlf:target``)."""
        name = re.match(rb"<([^\s/>]+)", self.utf8[tag[0]:tag[1]])
        prefix = name.group(1).decode().rpartition(":")[0] if name else ""
        return f"{prefix}:{local}" if prefix else local

    def _target_edits(self, container: _Container, confirmed: bool, content: str,
                      number: int) -> list[tuple[int, int, int, bytes]]:
        """Edits that put the target in, and its state (1.2: on <target>; 2.x: on
        <segment>)."""
        assert container.source is not None and container.source_tag is not None
        states: dict[str, str] = {}
        if container.holder is None:
            states = {"state": "translated" if confirmed else "needs-review-translation"}
            if not confirmed and self.qualifier:
                states["state-qualifier"] = "fuzzy-match"
        name = self._qualified(container.source_tag, "target")
        edits: list[tuple[int, int, int, bytes]] = []
        if container.target is not None and container.target_tag is not None:
            start_tag = self._attribute_tag(container.target_tag, states, close=True,
                                            drop=("state-qualifier",))
            element = start_tag + content.encode() + f"</{name}>".encode()
            edits.append((container.target[0], container.target[1], number * 4 + 1, element))
        else:
            attributes = "".join(f' {key}="{value}"' for key, value in states.items())
            element = (self.newline + self._indent(container.source[0])
                       + f"<{name}{attributes}>{content}</{name}>".encode())
            edits.append((container.source[1], container.source[1], number * 4 + 1, element))
        if container.holder is not None:
            tag = self._attribute_tag(container.holder,
                                      {"state": "translated" if confirmed else "initial"})
            edits.append((container.holder[0], container.holder[1], number * 4, tag))
        return edits

    def _note_1_2(self, container: _Container, notes: list[str], number: int
                  ) -> tuple[int, int, int, bytes]:
        """A 1.2 ``<note from="gdterms">`` right after the target (where the schema puts
        notes)."""
        assert container.source is not None and container.source_tag is not None
        where = container.target[1] if container.target is not None else container.source[1]
        name = self._qualified(container.source_tag, "note")
        element = (self.newline + self._indent(container.source[0])
                   + f'<{name} from="gdterms">{xml_text(" | ".join(notes))}</{name}>'.encode())
        return where, where, number * 4 + 2, element

    def _notes_2(self, unit: _Unit, notes: list[str]) -> tuple[int, int, int, bytes]:
        """2.x notes belong to the unit, in ``<notes>`` before its segments: appended to the
        unit's ``<notes>``, or a new one as its first child."""
        def lines(indent: bytes) -> bytes:
            return b"".join(
                self.newline + indent + '<note category="gdterms" appliesTo="target">'
                f'{xml_text(note)}</note>'.encode() for note in notes)

        if unit.notes_close is not None:
            where = len(self.utf8[:unit.notes_close].rstrip())
            return where, where, -1, lines(self._indent(unit.notes_close) + b"  ")
        following = self.utf8[unit.start_tag_end:self.utf8.index(b"<", unit.start_tag_end)]
        indent = following.rpartition(b"\n")[2] if not following.strip() else b""
        element = (b"<notes>" + lines(indent + b"  ") + self.newline + indent + b"</notes>")
        if unit.notes_empty is not None:
            return unit.notes_empty[0], unit.notes_empty[1], -1, element
        return (unit.start_tag_end, unit.start_tag_end, -1, self.newline + indent + element)


def _plain(pieces: Sequence[tuple[str, int]]) -> str:
    """The target's text without its codes, for the report."""
    return "".join(text for text, _ in pieces)
