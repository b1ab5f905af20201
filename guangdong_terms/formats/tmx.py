"""TMX 1.4b: writing and reading translation units.

Written for the CAT tools as they are (shared/acceptance/omegat/README.md, peers.md): one
language pair per file, region tags (zh-CN, never zh-Hans or zh_CN), every header attribute the
DTD requires plus creationdate, ``<seg>`` holding exactly the segment (no indentation or line
breaks inside; a pretty-printed seg silently fills nothing in OmegaT), UTF-8 without BOM. The
writer is a generator of UTF-8 chunks, so a million units stream in constant memory.

Languages are chosen by tag, never by position (translate-toolkit read the first two TUVs until
3.19.18; peers.md finding 5): the source is the TUV whose primary language equals the header's
``srclang`` (Chinese, by default), the target the first TUV in another language.

Reading has two paths, because the formats issue asks for 8x translate-toolkit's speed on a
million units and no lxml-based reader gets there (docs/decisions.md). Files in exactly the
form this writer produces are read by ``_CanonicalReader``: each 1 MB chunk is checked in C
for everything that would make it not well-formed XML, then cut into fields by one
``re.split``, so it accepts nothing lxml would refuse and reads what it accepts exactly as
lxml does (tests/test_tmx_reader.py holds the two equal). At the first chunk outside that form
(another tool's file, a hand edit, a comment, CDATA) reading passes to lxml, which starts
from the top and skips the units already read, so any TMX is read and a malformed one is
refused with lxml's line number.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import datetime
from itertools import accumulate, islice, repeat
from typing import Any, BinaryIO, TextIO

from ..core.bilingual import Code, Segment, Unit
from ._writing import check_language_tag, creation_time, xml_attr, xml_text
from ._xml import XML_LANG, check_root, inline_content, iterparse, local, primary
from .base import Bilingual, Format, FormatError

_UNITS_PER_CHUNK = 512
_ATTR_SAFE = frozenset('&<>"\t\n\r')  # an id without these needs no escaping
# Bytes XML 1.0 allows below 0x20 are tab and line feed (a raw carriage return would be read
# as a line feed); bytes.translate deletes every allowed byte and leaves the rest, in C.
_ALLOWED_BYTES = bytes([9, 10, *range(0x20, 0x100)])


def generate_tmx(units: Iterable[Unit], *, source_lang: str = "zh-CN", target_lang: str = "en",
                 creationdate: datetime | None = None) -> Iterator[bytes]:
    """The TMX document in UTF-8, a chunk of units at a time.

    The fast reader below recognises exactly this form (_PROLOGUE, _TU); a change here that it
    does not follow makes tests/test_tmx_reader.py fail rather than reading slow unnoticed.
    """
    from ..core.version import __version__

    source_tag = xml_attr(check_language_tag(source_lang))
    target_tag = xml_attr(check_language_tag(target_lang))
    stamp = (creationdate or creation_time()).strftime("%Y%m%dT%H%M%SZ")
    yield ('<?xml version="1.0" encoding="UTF-8"?>\n'
           '<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n<tmx version="1.4">\n'
           f'<header creationtool="guangdong_terms" creationtoolversion="{__version__}" '
           'datatype="plaintext" segtype="sentence" o-tmf="guangdong_terms" adminlang="en" '
           f'srclang="{source_tag}" creationdate="{stamp}"/>\n<body>\n').encode()
    tuvs = f'<tuv xml:lang="{source_tag}"><seg>', f'</seg></tuv><tuv xml:lang="{target_tag}"><seg>'
    remaining = iter(units)
    while chunk := list(islice(remaining, _UNITS_PER_CHUNK)):
        yield _plain_chunk(chunk, *tuvs) or _checked_chunk(chunk, *tuvs)
    yield b"</body>\n</tmx>\n"


def _plain_chunk(chunk: list[Unit], open_source: str, source_to_target: str) -> bytes | None:
    """The chunk's units in UTF-8 if none needs more than &amp; &lt; &gt;, else None.

    A million-unit export spends its time here, so the checks are made once per chunk, in C,
    on the encoded bytes (which are written anyway): characters XML cannot carry, carriage
    returns (which must become &#13;), and ids needing attribute escapes. _checked_chunk
    writes the chunk again, one string at a time, when any of them turns up.
    """
    if not _ATTR_SAFE.isdisjoint("".join([unit.id for unit in chunk])):
        return None
    text = "".join([
        f'<tu tuid="{unit.id}">{_note_and_props(unit) if unit.note or unit.props else ""}'
        f'{open_source}{unit.source.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")}'
        f'{source_to_target}{unit.target.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")}'
        '</seg></tuv></tu>\n' for unit in chunk])
    if "\ufffe" in text or "\uffff" in text:  # faster in str than in UTF-8 bytes
        return None
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: let _checked_chunk name it
        return None
    return None if data.translate(None, _ALLOWED_BYTES) else data


def _checked_chunk(chunk: list[Unit], open_source: str, source_to_target: str) -> bytes:
    """The chunk's units in UTF-8, every string checked and escaped on its own."""
    return "".join([
        f'<tu tuid="{xml_attr(unit.id)}">{_note_and_props(unit)}{open_source}'
        f'{xml_text(unit.source)}{source_to_target}{xml_text(unit.target)}</seg></tuv></tu>\n'
        for unit in chunk]).encode("utf-8")


def _note_and_props(unit: Unit) -> str:
    note = f"<note>{xml_text(unit.note)}</note>" if unit.note else ""
    return note + "".join(f'<prop type="{xml_attr(name)}">{xml_text(value)}</prop>'
                          for name, value in unit.props)


def write_tmx(handle: TextIO, units: Iterable[Unit], *, source_lang: str = "zh-CN",
              target_lang: str = "en", creationdate: datetime | None = None) -> None:
    """Write the TMX document to an open text file, in UTF-8 with "\\n" line ends.

    The bytes go to the file's binary buffer when it has one (the encoding is done already);
    a text-only stream such as StringIO gets them decoded.
    """
    chunks = generate_tmx(units, source_lang=source_lang, target_lang=target_lang,
                          creationdate=creationdate)
    binary = getattr(handle, "buffer", None)
    if binary is None:
        handle.writelines(data.decode("utf-8") for data in chunks)
        return
    handle.flush()
    binary.writelines(chunks)
    binary.flush()


def read_tmx(path: str, source_lang: str | None = None, target_lang: str | None = None,
             encoding: str | None = None) -> Bilingual:
    """Every pair of a TMX, in the language pair asked or the one the file implies.

    The source is *source_lang*, else the header's ``srclang``, else Chinese; the target is
    *target_lang*, else English for a Chinese source, Chinese for an English one, else the
    first other language of the first unit (a TMX with zh, ja and en is read zh -> en). The
    languages returned are the tags the file itself writes for them.
    """
    check_root(path, ("tmx",), encoding=encoding)
    header, tags = _languages(path, encoding)
    source = source_lang or (header if header and header != "*all*" else "") or next(
        (tag for tag in tags if primary(tag) == "zh"), "zh")
    target = target_lang or _default_target(source, tags)
    return Bilingual(_as_written(source, tags), _as_written(target, tags) if target else "",
                     read_tmx_segments(path, source, target or None, encoding=encoding))


def _default_target(source: str, tags: list[str]) -> str:
    others = [tag for tag in tags if primary(tag) != primary(source)]
    for wanted in ("en",) if primary(source) == "zh" else ("zh",) if primary(source) == "en" \
            else ():
        found = next((tag for tag in others if primary(tag) == wanted), None)
        if found:
            return found
    return others[0] if others else ""


def _as_written(asked: str, tags: list[str]) -> str:
    """The file's own tag for a language asked by its primary subtag (zh -> zh-HK)."""
    exact = next((tag for tag in tags if tag.lower() == asked.lower()), None)
    return exact or next((tag for tag in tags if primary(tag) == primary(asked)), asked)


def _languages(path: str, encoding: str | None) -> tuple[str, list[str]]:
    """The header's srclang and the xml:lang of every TUV of the first unit."""
    from lxml import etree

    header, tags = "", []
    wanted = ("header", "{*}header", "tuv", "{*}tuv", "tu", "{*}tu")
    try:
        with open(path, "rb") as handle:  # closed even though the loop stops at the first TU
            for event, element in iterparse(handle, wanted, events=("start", "end"),
                                            encoding=encoding):
                name = local(element.tag)
                if event == "start" and name == "header":
                    header = element.get("srclang") or ""
                elif event == "start" and name == "tuv":
                    tags.append(element.get(XML_LANG) or element.get("lang") or "")
                elif event == "end" and name == "tu":
                    break
    except etree.XMLSyntaxError as error:
        raise FormatError(f"{path}:{error.lineno}: not well-formed XML: {error.msg}") from None
    return header, tags


def read_tmx_segments(path: str, source_lang: str | None = None,
                      target_lang: str | None = None, *,
                      encoding: str | None = None) -> Iterator[Segment]:
    """Stream (tuid, source, target) pairs; TUs without both languages are skipped.

    The source language is *source_lang*, else the header's ``srclang``, else Chinese; the
    target *target_lang*, else the first TUV in another language. A TUV is chosen by its whole
    tag first (zh-TW among zh-CN and zh-TW), else by its primary language. Memory stays flat
    however large the file.
    """
    canonical = _CanonicalReader(path, source_lang, target_lang)
    if encoding is None:
        for segments in canonical.chunks():
            yield from segments
    if not canonical.finished:
        yield from _read_with_lxml(path, source_lang, target_lang, skip=canonical.units_read,
                                   encoding=encoding)


# --- The fast path: files in exactly the form generate_tmx writes --------------------------

# One <tu> as generate_tmx writes it, in a chunk whose references are all &amp; &lt; &gt;.
# What makes the chunk well-formed XML is checked before, in C, on the whole chunk. (A class of
# one character, [^<], is several times faster in `re` than [^<>] on CJK text.)
_LANG = "[A-Za-z0-9-]+"
_TU = re.compile(
    '<tu tuid="([^"<\t\n]*)">((?:<note>[^<]*</note>|<prop type="[^"<\t\n]*">[^<]*</prop>)*)'
    f'<tuv xml:lang="({_LANG})"><seg>([^<]*)</seg></tuv>'
    f'<tuv xml:lang="({_LANG})"><seg>([^<]*)</seg></tuv></tu>\n')
# The same unit in a chunk with other references (&quot;, &#13;...): every text and attribute
# value must be characters and well-formed references; _unescape resolves the captured ones.
_REF = "&(?:amp|lt|gt|quot|apos|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});"
_TEXT = f"[^<&]*(?:{_REF}[^<&]*)*"
_ATTR = f'[^<&"\t\n]*(?:{_REF}[^<&"\t\n]*)*'
_TU_WITH_REFERENCES = re.compile(
    f'<tu tuid="({_ATTR})">((?:<note>{_TEXT}</note>|<prop type="{_ATTR}">{_TEXT}</prop>)*)'
    f'<tuv xml:lang="({_LANG})"><seg>({_TEXT})</seg></tuv>'
    f'<tuv xml:lang="({_LANG})"><seg>({_TEXT})</seg></tuv></tu>\n')
_PROLOGUE = re.compile(
    '<\\?xml version="1\\.0" encoding="UTF-8"\\?>\n<!DOCTYPE tmx SYSTEM "tmx14\\.dtd">\n'
    '<tmx version="1\\.4">\n<header creationtool="guangdong_terms" creationtoolversion='
    '"[0-9A-Za-z.+-]*" datatype="plaintext" segtype="sentence" o-tmf="guangdong_terms" '
    'adminlang="en" srclang="([A-Za-z0-9-]+)" creationdate="[0-9]{8}T[0-9]{6}Z"/>\n<body>\n')
_EPILOGUE = b"</body>\n</tmx>\n"
_END_OF_UNIT = b"</tu>\n"
_OTHER_REFERENCE = re.compile(b"&(?!amp;|lt;|gt;)")  # or a stray '&'
_ENTITY = re.compile("&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_CHUNK_BYTES = 1 << 20


class _NotCanonical(Exception):
    """The file leaves the canonical form here; lxml reads it instead."""


class _CanonicalReader:
    """The segments of a file in generate_tmx's exact form, as far as it is, chunk by chunk.

    Afterwards ``finished`` says whether the whole file was read, and ``units_read`` how many
    ``<tu>`` elements were (yielded or skipped), so that lxml can take over after them. Each
    chunk of the file is checked and read whole before any of its segments is yielded, so a
    chunk that turns out not to be canonical is handed to lxml entire.
    """

    def __init__(self, path: str, source_lang: str | None,
                 target_lang: str | None = None) -> None:
        self.path = path
        self.source_lang = source_lang
        self.target_lang = target_lang
        self.finished = False
        self.units_read = 0

    def chunks(self) -> Iterator[list[Segment]]:
        try:
            with open(self.path, "rb") as handle:
                raw = handle.read(_CHUNK_BYTES)
                while b"<body>\n" not in raw and len(raw) < 4096:  # the prologue is < 1 KB
                    more = handle.read(_CHUNK_BYTES)
                    if not more:
                        break
                    raw += more
                body = raw.find(b"<body>\n") + 7
                prologue = _PROLOGUE.fullmatch(raw[:body].decode("utf-8")) if body > 6 else None
                if prologue is None:
                    return
                wanted = primary(self.source_lang or prologue.group(1))
                target = primary(self.target_lang) if self.target_lang else ""
                line = raw.count(b"\n", 0, body) + 1
                raw = raw[body:]
                while True:
                    end = raw.rfind(_END_OF_UNIT) + len(_END_OF_UNIT)
                    if end >= len(_END_OF_UNIT):
                        chunk, raw = raw[:end], raw[end:]
                        segments, units, lines = _read_chunk(chunk, wanted, target,
                                                             self.units_read, line)
                        yield segments
                        self.units_read += units
                        line += lines
                    more = handle.read(_CHUNK_BYTES)
                    if not more:
                        break
                    raw += more
                self.finished = raw == _EPILOGUE
        except (_NotCanonical, UnicodeDecodeError):
            return


def _read_chunk(chunk: bytes, wanted: str, target: str, number: int,
                line: int) -> tuple[list[Segment], int, int]:
    """The segments of a run of whole units, and how many units and lines there were.

    *number* units precede the chunk, whose first unit starts on *line*. Raises _NotCanonical
    for anything an XML parser would refuse or read differently.

    The work is done a chunk at a time, in C: the checks below, one ``re.split`` that cuts
    the chunk into its units' fields, list slices and ``map``. A loop over units in Python
    costs more than lxml does; this costs less.
    """
    if chunk.translate(None, _ALLOWED_BYTES) or (b"]" in chunk and b"]]>" in chunk):
        raise _NotCanonical  # characters XML 1.0 cannot carry, a raw carriage return, or ']]>'
    text = chunk.decode("utf-8")
    if "\ufffe" in text or "\uffff" in text:  # faster in str than in UTF-8 bytes
        raise _NotCanonical
    # The usual chunk has no reference but &amp; &lt; &gt; (resolved per string below, which
    # is cheaper than on the whole chunk); any other, or a stray '&', needs the strict pattern.
    unit = _TU if _OTHER_REFERENCE.search(chunk) is None else _TU_WITH_REFERENCES
    # [between, tuid, notes and props, lang, text, lang, text, between, tuid, ...]: the units
    # are back to back exactly when every `between` is empty.
    parts = unit.split(text)
    if any(parts[::7]):
        raise _NotCanonical
    ids, heads, firsts, texts_a, seconds, texts_b = (parts[n::7] for n in range(1, 7))
    count = len(ids)
    newlines = chunk.count(b"\n")
    if newlines == count:
        lines: Iterable[int] = range(line, line + count)
    else:  # some text spans lines
        spans = [1 + head.count("\n") + a.count("\n") + b.count("\n")
                 for head, a, b in zip(heads, texts_a, texts_b, strict=True)]
        lines = [line + before for before in accumulate(spans, initial=0)][:count]
    if "" in ids:
        ids = [tuid or str(number + n) for n, tuid in enumerate(ids, 1)]
    if b"&" in chunk and unit is _TU:  # inlined: this is half the time of reading such text
        texts_a, texts_b = (
            [field.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
             if "&" in field else field for field in fields] for fields in (texts_a, texts_b))
        if "&" in "".join(ids):
            ids = [_unescape_plain(tuid) for tuid in ids]
    elif b"&" in chunk:
        ids, texts_a, texts_b = ([_unescape(field) if "&" in field else field
                                  for field in fields] for fields in (ids, texts_a, texts_b))
    pairs = set(zip(firsts, seconds, strict=True))
    if len(pairs) == 1:
        first, second = pairs.pop()
        order = _order(primary(first), primary(second), wanted, target)
        if order == 2:
            return [], count, newlines
        sources, targets = (texts_a, texts_b) if order == 0 else (texts_b, texts_a)
        rows: Iterable[tuple[object, ...]] = zip(ids, lines, sources, targets, repeat(""),
                                                 repeat(()), repeat(()), repeat(""),
                                                 repeat(""), repeat(""))
    else:  # several language pairs in one chunk: decide unit by unit
        orders = {pair: _order(primary(pair[0]), primary(pair[1]), wanted, target)
                  for pair in pairs}
        rows = [(tuid, at, a, b, "", (), (), "", "", "") if orders[first, second] == 0
                else (tuid, at, b, a, "", (), (), "", "", "")
                for tuid, at, first, a, second, b in zip(ids, lines, firsts, texts_a, seconds,
                                                         texts_b, strict=True)
                if orders[first, second] != 2]
    return list(map(tuple.__new__, repeat(Segment), rows)), count, newlines


def _order(first: str, second: str, wanted: str, target: str = "") -> int:
    """As _segment decides: the source is the TUV in the wanted language, the target the other
    (in the *target* language, where one is asked); 2 for a unit without the pair."""
    if first == wanted and second != wanted and target in ("", second):
        return 0
    if second == wanted and first != wanted and target in ("", first):
        return 1
    return 2


def _unescape_plain(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _unescape(text: str) -> str:
    return _ENTITY.sub(_reference, text)


def _reference(match: re.Match[str]) -> str:
    name = match.group(1)
    if name[0] != "#":
        return _NAMED[name]
    digits, base = (name[2:], 16) if name[1] == "x" else (name[1:], 10)
    code = int(digits, base)
    if not (code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD
            or 0x10000 <= code <= 0x10FFFF):
        raise _NotCanonical  # lxml refuses it, with a line number
    return chr(code)


# --- Any TMX: lxml --------------------------------------------------------------------------


def _read_with_lxml(path: str, source_lang: str | None, target_lang: str | None = None,
                    skip: int = 0, encoding: str | None = None) -> Iterator[Segment]:
    """Read any TMX with lxml iterparse, clearing each ``<tu>`` once read; *skip* TUs first."""
    from lxml import etree

    try:
        with open(path, "rb") as handle:  # closed when the caller stops reading, too
            yield from _units(handle, source_lang, target_lang, skip, encoding)
    except etree.XMLSyntaxError as error:
        raise FormatError(f"{path}:{error.lineno}: not well-formed XML: {error.msg}") from None


def _units(handle: BinaryIO, source_lang: str | None, target_lang: str | None, skip: int,
           encoding: str | None) -> Iterator[Segment]:
    source = _Choice(source_lang) if source_lang else None
    target = _Choice(target_lang)
    for number, (_, element) in enumerate(iterparse(handle, ("tu", "{*}tu"),
                                                     encoding=encoding), start=1):
        if number > skip:
            source = source or _Choice(_header_language(element))
            segment = _segment(element, number, source, target)
            if segment is not None:
                yield segment
        element.clear(keep_tail=True)
        parent = element.getparent()
        while element.getprevious() is not None:
            del parent[0]


#: TMX inline elements whose content is native code, not translation (``<sub>`` inside them
#: is); ``<hi>`` and ``<sub>`` are text.
CODES = frozenset({"ph", "bpt", "ept", "it", "ut"})


class _Choice:
    """Which TUV a language asked for picks: the whole tag first, else the primary subtag."""

    __slots__ = ("cache", "primary", "tag")

    def __init__(self, tag: str | None) -> None:
        self.tag = (tag or "").replace("_", "-").lower()
        self.primary = primary(tag) if tag else ""
        self.cache: dict[str | None, int] = {}  # xml:lang -> 2 exact, 1 primary, 0 no

    def rank(self, raw: str | None) -> int:
        found = self.cache.get(raw)
        if found is None:
            lowered = (raw or "").replace("_", "-").lower()
            found = self.cache[raw] = 2 if lowered == self.tag else int(
                primary(raw) == self.primary)
        return found


def _segment(tu: Any, number: int, source_choice: _Choice,  # noqa: ANN401 - an lxml element
             target_choice: _Choice) -> Segment | None:
    best_source = best_target = None
    source_rank = target_rank = 0
    for tuv in tu.iterchildren("tuv", "{*}tuv"):
        raw = tuv.get(XML_LANG) or tuv.get("lang")
        seg = tuv[0] if len(tuv) and tuv[0].tag == "seg" else next(
            tuv.iterchildren("seg", "{*}seg"), None)
        if seg is None:
            continue
        rank = source_choice.rank(raw)
        if rank > source_rank:
            best_source, source_rank = seg, rank
        elif rank == 0:
            other = target_choice.rank(raw) if target_choice.tag else 1
            if other > target_rank:
                best_target, target_rank = seg, other
    if best_source is None or best_target is None:
        return None
    source, source_codes = _content(best_source)
    target, target_codes = _content(best_target)
    target_tuv = best_target.getparent()
    created = (target_tuv.get("changedate") or target_tuv.get("creationdate")
               or tu.get("changedate") or tu.get("creationdate") or "")
    author = (target_tuv.get("changeid") or target_tuv.get("creationid") or tu.get("changeid")
              or tu.get("creationid") or "")
    return Segment(tu.get("tuid") or str(number), tu.sourceline or 0, source, target, "",
                   source_codes, target_codes, created, author, _previous(tu))


#: ``<prop>`` types that hold the source of the segment before a unit: OmegaT's ``prev``
#: (project_save.tmx, alternative translations), and the ``x-`` spellings other tools use.
CONTEXT_PROPS = frozenset({"prev", "x-prev", "x-previous", "x-context-pre", "x-context-prev",
                           "x-contextpre"})


def _previous(tu: Any) -> str:  # noqa: ANN401 - an lxml element
    for prop in tu.iterchildren("prop", "{*}prop"):
        if (prop.get("type") or "").lower() in CONTEXT_PROPS:
            return prop.text or ""
    return ""


def _content(seg: Any) -> tuple[str, tuple[Code, ...]]:  # noqa: ANN401 - an lxml element
    if len(seg) == 0:
        return seg.text or "", ()
    return inline_content(seg, CODES, frozenset())


def _header_language(tu: Any) -> str:  # noqa: ANN401 - an lxml element
    """srclang of the <header> before <body> (read once, at the first TU)."""
    body = tu.getparent()
    header = body.getprevious() if body is not None else None
    while header is not None and local(header.tag) != "header":
        header = header.getprevious()
    srclang = header.get("srclang") if header is not None else None
    return srclang if srclang and srclang != "*all*" else "zh"


def write_tmx_units(handle: TextIO, units: Iterable[Unit], *, source_lang: str, target_lang: str,
                    references: dict[str, str] | None = None) -> None:
    """``write_tmx`` as the registry calls a unit writer (TMX keeps seeds and lines as props)."""
    write_tmx(handle, units, source_lang=source_lang, target_lang=target_lang)


TMX = Format("tmx", (".tmx",), "TMX 1.4b translation memory: terms, contexts, TM segments",
             pairs="any", carries=("zh", "en"), read_segments=read_tmx,
             write_units=write_tmx_units)
