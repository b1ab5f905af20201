"""TMX 1.4b: reading translation units as source/target segments.

Languages are chosen by tag, never by position (translate-toolkit read the first two TUVs until
3.19.18; peers.md finding 5): the source is the TUV whose primary language equals the header's
``srclang`` (Chinese, by default), the target the first TUV in another language.
"""

from __future__ import annotations

from collections.abc import Iterator

from . import FormatError, Segment
from ._xml import XML_LANG, iterparse, local, primary, text_of


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
