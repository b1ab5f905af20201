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
from typing import TextIO

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
        parts = [f'<tu tuid="{xml_attr(unit.id)}">']
        if unit.note:
            parts.append(f"<note>{xml_text(unit.note)}</note>")
        parts.append(f'<prop type="x-kind">{unit.kind}</prop>')
        parts += [f'<prop type="{xml_attr(name)}">{xml_text(value)}</prop>'
                  for name, value in unit.props]
        parts.append(f'<tuv xml:lang="{source}"><seg>{xml_text(unit.source)}</seg></tuv>')
        parts.append(f'<tuv xml:lang="{target}"><seg>{xml_text(unit.target)}</seg></tuv>')
        parts.append("</tu>\n")
        yield "".join(parts)
    yield "</body>\n</tmx>\n"


def write_tmx(handle: TextIO, units: Iterable[Unit], *, source_lang: str = "zh-CN",
              target_lang: str = "en", creationdate: datetime | None = None) -> None:
    """Write the TMX document to an open text file (UTF-8, newline "\\n")."""
    write_lines(handle, generate_tmx(units, source_lang=source_lang, target_lang=target_lang,
                                     creationdate=creationdate))


def read_tmx_segments(path: str, source_lang: str = "zh") -> Iterator[Segment]:
    """Stream (tuid, source, target) pairs; TUs without both languages are skipped."""
    from lxml import etree

    wanted = primary(source_lang)
    number = 0
    try:
        for _, element in iterparse(path, ("header", "{*}header", "tu", "{*}tu")):
            if local(element.tag) == "header":
                wanted = primary(element.get("srclang")) if element.get(
                    "srclang", "*all*") != "*all*" else wanted
                continue
            number += 1
            source = target = None
            for tuv in element:
                if local(tuv.tag) != "tuv":
                    continue
                lang = primary(tuv.get(XML_LANG) or tuv.get("lang"))
                seg = next((child for child in tuv if local(child.tag) == "seg"), None)
                if seg is None:
                    continue
                if lang == wanted and source is None:
                    source = text_of(seg)
                elif lang != wanted and target is None:
                    target = text_of(seg)
            if source is not None and target is not None:
                yield Segment(element.get("tuid") or str(number), element.sourceline or 0,
                              source, target)
            element.clear(keep_tail=True)
    except etree.XMLSyntaxError as error:
        raise FormatError(f"{path}:{error.lineno}: not well-formed XML: {error.msg}") from None
