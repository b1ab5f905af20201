"""The module-level functions of the public API, over the shipped glossary."""

from __future__ import annotations

from functools import cache

from .glossary import Glossary
from .model import Match, Term

__all__ = ["lookup", "search"]


@cache
def _shipped() -> Glossary:
    return Glossary.load()


def lookup(text: str) -> Term | None:
    """The term whose Simplified form, alias, Hong Kong or Taiwan form, or English (preferred or
    accepted alternative) equals *text*; None if there is none.

    Comparison ignores case, quotation and title marks (“梦想”号 = 梦想号), full-width
    letters and digits, and the width of dashes. Forms to avoid are not looked up here: search
    finds them and points at the right term.

    >>> lookup("Greater Bay Area").zh
    '粤港澳大湾区'
    >>> lookup("no such term") is None
    True
    """
    return _shipped().lookup(text)


def search(query: str, limit: int = 10) -> list[Match]:
    """Terms matching part of *query*, best first, at most *limit* of them.

    The query may be Simplified or Traditional Chinese (converted with OpenCC where the stored
    Traditional forms do not match), pinyin with or without tones and spaces (``dawanqu``,
    ``da4 wan1 qu1``, ``Dàwānqū``), pinyin initials (``dwq``), or English words.

    >>> search("dawanqu")[0].term.en
    'Guangdong-Hong Kong-Macao Greater Bay Area'
    """
    return _shipped().search(query, limit)
