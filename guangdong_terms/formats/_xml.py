"""What the XML readers (TMX, XLIFF, TBX) share: names, languages, a safe parser, the root
check, and the walk that parts a segment's translatable text from its inline codes."""

from __future__ import annotations

from typing import Any, BinaryIO

from ..core.bilingual import Code
from ..core.languages import primary_language
from .base import FormatError

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def local(tag: object) -> str:
    """The local name of an lxml tag, without its namespace ("" for a comment or entity)."""
    if not isinstance(tag, str):
        return ""
    return tag if tag[0] != "{" else tag.rsplit("}", 1)[-1]


def text_of(element: Any) -> str:  # noqa: ANN401 - an lxml element
    """All text inside an element, inline markup flattened (TBX terms and notes)."""
    return "".join(element.itertext())


#: The primary language of an xml:lang (zh-CN, zh_HK, zho -> zh), by the one tag map.
primary = primary_language


def iterparse(path: str | BinaryIO, tags: tuple[str, ...], *, events: tuple[str, ...] = ("end",),
              encoding: str | None = None) -> Any:  # noqa: ANN401 - lxml's iterator
    """lxml iterparse over *tags* (in any namespace), never resolving entities or the network.

    *encoding* overrides what the file declares (``--encoding``, for a file saved in a legacy
    code page without saying so).
    """
    from lxml import etree

    return etree.iterparse(path, events=events, tag=tags, resolve_entities=False,
                           no_network=True, huge_tree=True, remove_comments=True,
                           encoding=encoding)


def check_root(path: str, expected: tuple[str, ...], *, encoding: str | None = None) -> None:
    """FormatError unless the document element is one of *expected*: a TBX handed to the TMX
    reader must not read as an empty memory."""
    from lxml import etree

    try:
        with open(path, "rb") as handle:  # closed even though the loop stops at the root
            for _, element in iterparse(handle, (), events=("start",), encoding=encoding):
                name = local(element.tag)
                if name not in expected:
                    raise FormatError(f"{path}:{element.sourceline or 1}: the root element is "
                                      f"<{name}>, expected <{'> or <'.join(expected)}>")
                return
    except etree.XMLSyntaxError as error:
        raise FormatError(f"{path}:{error.lineno}: not well-formed XML: {error.msg}") from None
    raise FormatError(f"{path}: no root element")


def inline_content(element: Any, codes: frozenset[str], wrappers: frozenset[str]  # noqa: ANN401
                   ) -> tuple[str, tuple[Code, ...]]:
    """The translatable text of a ``<seg>``, ``<source>`` or ``<target>``, and its codes.

    Elements in *codes* (TMX ``ph``, ``bpt``...) are codes whose content is native markup, not
    translation, except a ``<sub>`` inside one, whose text is; elements in *wrappers* (XLIFF
    ``g``, ``pc``) open and close around text that is translation; any other element (TMX
    ``hi``, XLIFF ``mrk``) is transparent. An entity reference left unresolved (we never
    resolve entities) stays in the text as written (``&nbsp;``) and is also listed as an
    ``entity`` code: it could hide any text at all.
    """
    from lxml import etree

    pieces: list[str] = []
    found: list[Code] = []
    size = 0

    def add(text: str | None) -> None:
        nonlocal size
        if text:
            pieces.append(text)
            size += len(text)

    def walk(node: Any, inside_code: bool) -> None:  # noqa: ANN401 - an lxml element
        if not inside_code:
            add(node.text)
        for child in node:
            if isinstance(child, etree._Entity):  # kept as written, and flagged
                found.append(Code(size, "entity", child.name or "", child.text or ""))
                if not inside_code:
                    add(child.text)
            elif not isinstance(child.tag, str):  # a processing instruction
                pass
            else:
                name = local(child.tag)
                ident = child.get("id") or child.get("i") or child.get("x") or ""
                if name in codes:
                    found.append(Code(size, name, ident, _markup(child)))
                    walk(child, True)  # only its <sub> elements carry text
                elif name in wrappers:
                    found.append(Code(size, f"{name}-open", ident, _start_tag(child)))
                    walk(child, False)
                    found.append(Code(size, f"{name}-close", ident, f"</{name}>"))
                elif name == "sub" and inside_code:  # a flow of its own (alt text, a note)
                    add(" ")
                    walk(child, False)
                    add(" ")
                elif not inside_code:
                    walk(child, False)
            if not inside_code:
                add(child.tail)

    walk(element, False)
    return "".join(pieces), tuple(found)


def _markup(element: Any) -> str:  # noqa: ANN401 - an lxml element
    from lxml import etree

    return etree.tostring(element, encoding="unicode", with_tail=False)


def _start_tag(element: Any) -> str:  # noqa: ANN401 - an lxml element
    from xml.sax.saxutils import quoteattr

    attributes = "".join(f" {local(name)}={quoteattr(value)}"
                         for name, value in element.attrib.items())
    return f"<{local(element.tag)}{attributes}>"
