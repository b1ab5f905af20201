"""TMX 1.4b: writing and reading translation units.

Written for the CAT tools as they are (shared/acceptance/omegat/README.md, peers.md): one
language pair per file, region tags (zh-CN, never zh-Hans or zh_CN), every header attribute the
DTD requires plus creationdate, ``<seg>`` holding exactly the segment (no indentation or line
breaks inside; a pretty-printed seg silently fills nothing in OmegaT), UTF-8 without BOM. The
writer is a generator of strings, so a million units stream in constant memory.

Languages are chosen by tag, never by position (translate-toolkit read the first two TUVs until
3.19.18; peers.md finding 5): the source is the TUV whose primary language equals the header's
``srclang`` (Chinese, by default), the target the first TUV in another language.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any, TextIO

from . import FormatError, Segment
from ._writing import check_language_tag, write_lines, xml_attr, xml_text
from ._xml import XML_LANG, iterparse, local, primary, text_of

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..units import Unit


def generate_tmx(units: Iterable[Unit], *, source_lang: str = "zh-CN", target_lang: str = "en",
                 creationdate: datetime | None = None) -> Iterator[str]:
    """The TMX document, piece by piece."""
    from .. import __version__

    source = xml_attr(check_language_tag(source_lang))
    target = xml_attr(check_language_tag(target_lang))
    stamp = (creationdate or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    yield ('<?xml version="1.0" encoding="UTF-8"?>\n'
           '<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n<tmx version="1.4">\n'
           f'<header creationtool="guangdong_terms" creationtoolversion="{__version__}" '
           'datatype="plaintext" segtype="sentence" o-tmf="guangdong_terms" adminlang="en" '
           f'srclang="{source}" creationdate="{stamp}"/>\n<body>\n')
    for unit in units:
        # One f-string per unit: this loop is the whole cost of a million-unit export.
        note = f"<note>{xml_text(unit.note)}</note>" if unit.note else ""
        props = "".join(f'<prop type="{xml_attr(name)}">{xml_text(value)}</prop>'
                        for name, value in unit.props) if unit.props else ""
        yield (f'<tu tuid="{xml_attr(unit.id)}">{note}<prop type="x-kind">{unit.kind}</prop>'
               f'{props}<tuv xml:lang="{source}"><seg>{xml_text(unit.source)}</seg></tuv>'
               f'<tuv xml:lang="{target}"><seg>{xml_text(unit.target)}</seg></tuv></tu>\n')
    yield "</body>\n</tmx>\n"


def write_tmx(handle: TextIO, units: Iterable[Unit], *, source_lang: str = "zh-CN",
              target_lang: str = "en", creationdate: datetime | None = None) -> None:
    """Write the TMX document to an open text file (UTF-8, newline "\\n")."""
    write_lines(handle, generate_tmx(units, source_lang=source_lang, target_lang=target_lang,
                                     creationdate=creationdate))


def read_tmx_segments(path: str, source_lang: str | None = None) -> Iterator[Segment]:
    """Stream (tuid, source, target) pairs; TUs without both languages are skipped.

    The source language is *source_lang*, else the header's ``srclang``, else Chinese.
    Memory stays flat: each ``<tu>`` is cleared and unlinked once read.
    """
    from lxml import etree

    wanted = primary(source_lang) if source_lang else None
    number = 0
    languages: dict[str | None, str] = {}  # xml:lang -> primary subtag, computed once each
    try:
        for _, element in iterparse(path, ("tu", "{*}tu")):
            number += 1
            source = target = None
            for tuv in element.iterchildren("tuv", "{*}tuv"):
                raw = tuv.get(XML_LANG) or tuv.get("lang")
                lang = languages.get(raw)
                if lang is None:
                    lang = languages[raw] = primary(raw)
                    wanted = wanted or _header_language(element)
                seg = tuv[0] if len(tuv) and tuv[0].tag == "seg" else next(
                    tuv.iterchildren("seg", "{*}seg"), None)
                if seg is None:
                    continue
                text = (seg.text or "") if len(seg) == 0 else text_of(seg)
                if lang == wanted:
                    source = text if source is None else source
                elif target is None:
                    target = text
            if source is not None and target is not None:
                yield Segment(element.get("tuid") or str(number), element.sourceline or 0,
                              source, target)
            element.clear(keep_tail=True)
            parent = element.getparent()
            while element.getprevious() is not None:
                del parent[0]
    except etree.XMLSyntaxError as error:
        raise FormatError(f"{path}:{error.lineno}: not well-formed XML: {error.msg}") from None


def _header_language(tu: Any) -> str:  # noqa: ANN401 - an lxml element
    """srclang of the <header> before <body> (read once, at the first TU)."""
    body = tu.getparent()
    header = body.getprevious() if body is not None else None
    while header is not None and local(header.tag) != "header":
        header = header.getprevious()
    srclang = header.get("srclang") if header is not None else None
    return primary(srclang) if srclang and srclang != "*all*" else "zh"
