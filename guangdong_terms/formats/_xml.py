"""Small helpers shared by the XML readers (TMX, XLIFF)."""

from __future__ import annotations

from typing import Any, BinaryIO

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def local(tag: object) -> str:
    """The local name of an lxml tag, without its namespace."""
    if not isinstance(tag, str):
        return ""
    return tag if tag[0] != "{" else tag.rsplit("}", 1)[-1]


def text_of(element: Any) -> str:  # noqa: ANN401 - an lxml element
    """All text inside an element, inline markup flattened (``<ph>``, ``<g>``, ``<pc>``...)."""
    return "".join(element.itertext())


def primary(lang: str | None) -> str:
    """The primary language subtag, lower case: zh-CN, zh_HK, ZH -> zh."""
    return (lang or "").replace("_", "-").split("-", 1)[0].lower()


def iterparse(path: str | BinaryIO, tags: tuple[str, ...]) -> Any:  # noqa: ANN401 - lxml's iterator
    """lxml iterparse over *tags* (in any namespace), never resolving entities or the network."""
    from lxml import etree

    return etree.iterparse(path, events=("end",), tag=tags, resolve_entities=False,
                           no_network=True, huge_tree=True, remove_comments=True)
