"""XLIFF 1.2 and 2.x: reading source/target pairs.

1.2 keeps pairs in ``<trans-unit id>``; 2.x in ``<unit id>`` / ``<segment id>``. Both are read
by local name, so the namespace (``urn:oasis:names:tc:xliff:document:1.2`` or ``:2.0``) does not
matter. Inline codes are flattened to their text.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..core.bilingual import Segment
from ._xml import iterparse, local, text_of
from .base import Format, FormatError


def read_xliff_segments(path: str) -> Iterator[Segment]:
    """Stream every pair that has a target; units without one are not translated yet."""
    from lxml import etree

    try:
        for _, element in iterparse(path, ("trans-unit", "{*}trans-unit", "unit", "{*}unit")):
            unit_id = element.get("id") or ""
            if local(element.tag) == "trans-unit":
                yield from _pairs(element, unit_id, [element])
            else:
                segments = [child for child in element if local(child.tag) == "segment"]
                yield from _pairs(element, unit_id, segments)
            element.clear(keep_tail=True)
    except etree.XMLSyntaxError as error:
        raise FormatError(f"{path}:{error.lineno}: not well-formed XML: {error.msg}") from None


def _pairs(unit: object, unit_id: str, containers: list[object]) -> Iterator[Segment]:
    for number, container in enumerate(containers, start=1):
        children = list(container)  # type: ignore[call-overload]
        source = next((c for c in children if local(c.tag) == "source"), None)
        target = next((c for c in children if local(c.tag) == "target"), None)
        if source is None or target is None:
            continue
        segment_id = getattr(container, "get", lambda _key: None)("id")
        ident = unit_id if len(containers) == 1 and container is unit else (
            f"{unit_id}/{segment_id or number}")
        yield Segment(ident, getattr(container, "sourceline", 0) or 0, text_of(source),
                      text_of(target))


XLIFF = Format("xliff", (".xlf", ".xliff"), "XLIFF 1.2 or 2.x bilingual file (read only)",
               read_segments=read_xliff_segments)
