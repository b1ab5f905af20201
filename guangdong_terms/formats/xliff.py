"""XLIFF 1.2 and 2.x: reading source/target pairs, their states and their inline codes.

1.2 keeps pairs in ``<trans-unit id>`` (languages on ``<file>``, the state on ``<target>``);
2.x in ``<unit id>`` / ``<segment id>`` (languages on ``<xliff>``, the state on
``<segment>``). Both are read by local name, so the namespace
(``urn:oasis:names:tc:xliff:document:1.2`` or ``:2.0``) does not matter. Inline codes (1.2
``x``, ``bx``, ``ex``, ``ph``, ``bpt``, ``ept``, ``it``; 2.x ``ph``, ``sc``, ``ec``) are kept
apart from the text; the content of 1.2 ``g`` and 2.x ``pc`` (codes that wrap text) and of
``mrk`` is text.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO

from ..core.bilingual import Segment
from ._xml import check_root, inline_content, iterparse, local
from .base import Bilingual, Format, FormatError

CODES = frozenset({"x", "bx", "ex", "ph", "bpt", "ept", "it", "sc", "ec"})
WRAPPERS = frozenset({"g", "pc"})
_UNITS = ("trans-unit", "{*}trans-unit", "unit", "{*}unit")


def read_xliff(path: str, source_lang: str | None = None, target_lang: str | None = None,
               encoding: str | None = None) -> Bilingual:
    """Every pair of an XLIFF file, untranslated ones included (an empty target), with the
    file's languages unless *source_lang* and *target_lang* say otherwise."""
    check_root(path, ("xliff",), encoding=encoding)
    source, target = _languages(path, encoding)
    return Bilingual(source_lang or source, target_lang or target,
                     read_xliff_segments(path, encoding=encoding))


def _languages(path: str, encoding: str | None) -> tuple[str, str]:
    from lxml import etree

    try:
        with open(path, "rb") as handle:  # closed even though the loop stops early
            for _, element in iterparse(handle, ("xliff", "{*}xliff", "file", "{*}file"),
                                        events=("start",), encoding=encoding):
                if local(element.tag) == "xliff" and element.get("srcLang"):
                    return element.get("srcLang") or "", element.get("trgLang") or ""
                if local(element.tag) == "file":
                    return (element.get("source-language") or "",
                            element.get("target-language") or "")
    except etree.XMLSyntaxError as error:
        raise FormatError(f"{path}:{error.lineno}: not well-formed XML: {error.msg}") from None
    return "", ""


def read_xliff_segments(path: str, *, encoding: str | None = None) -> Iterator[Segment]:
    """Stream every pair; memory stays flat however large the file (each unit is dropped from
    the tree once read, with its finished siblings)."""
    from lxml import etree

    try:
        with open(path, "rb") as handle:  # closed when the caller stops reading, too
            yield from _units(handle, encoding)
    except etree.XMLSyntaxError as error:
        raise FormatError(f"{path}:{error.lineno}: not well-formed XML: {error.msg}") from None


def _units(handle: BinaryIO, encoding: str | None) -> Iterator[Segment]:
    previous = ""  # the source of the segment before, in file order (for context matches)
    for _, element in iterparse(handle, _UNITS, encoding=encoding):
        unit_id = element.get("id") or ""
        if local(element.tag) == "trans-unit":
            containers = [element]
        else:
            containers = [child for child in element if local(child.tag) == "segment"]
        for segment in _pairs(element, unit_id, containers):
            yield segment._replace(previous=previous)
            previous = segment.source
        element.clear(keep_tail=True)
        parent = element.getparent()
        if parent is not None:
            while element.getprevious() is not None:
                del parent[0]


def _pairs(unit: Any, unit_id: str, containers: list[Any]  # noqa: ANN401 - lxml elements
           ) -> Iterator[Segment]:
    for number, container in enumerate(containers, start=1):
        source = target = None
        for child in container:
            name = local(child.tag)
            if name == "source" and source is None:
                source = child
            elif name == "target" and target is None:
                target = child
        if source is None:
            continue
        ident = unit_id if container is unit else f"{unit_id}/{container.get('id') or number}"
        text, codes = inline_content(source, CODES, WRAPPERS)
        translation, target_codes = ("", ()) if target is None else inline_content(
            target, CODES, WRAPPERS)
        # 1.2 keeps the state on <target>, 2.x on <segment>; where absent it is unknown, "".
        holder = container if container is not unit else target
        state = (holder.get("state") if holder is not None else "") or ""
        yield Segment(ident, container.sourceline or 0, text, translation, state, codes,
                      target_codes)


XLIFF = Format("xliff", (".xlf", ".xliff"), "XLIFF 1.2 or 2.x bilingual file (read only)",
               read_segments=read_xliff)
