"""The module-level functions of the public API, over the shipped glossary."""

from __future__ import annotations

from . import compiled
from .glossary import Glossary
from .model import Term

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing costs ~9 ms to import
if TYPE_CHECKING:
    from .model import Match, TermIssue
    from .recognize import TermHit

__all__ = ["check_translation", "find_terms", "lookup", "search"]


_glossary: Glossary | None = None


def _shipped() -> Glossary:
    """The shipped glossary, loaded once per process (not by ``functools.cache``, whose import
    ``lookup()`` would pay for)."""
    global _glossary
    if _glossary is None:
        _glossary = Glossary.load()
    return _glossary


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
    # The build-time index and one line of the data, not the whole glossary: a script that
    # looks one term up should not pay for parsing 350 records (benchmarks/startup.py).
    record = compiled.lookup_record(text)
    return None if record is None else Term.from_record(record)


def search(query: str, limit: int = 10) -> list[Match]:
    """Terms matching part of *query*, best first, at most *limit* of them.

    The query may be Simplified or Traditional Chinese (converted with OpenCC where the stored
    Traditional forms do not match), pinyin with or without tones and spaces (``dawanqu``,
    ``da4 wan1 qu1``, ``Dàwānqū``), pinyin initials (``dwq``), or English words; articles,
    possessives, spacing and tone marks do not matter (``the Greater Bay Area's``, ``Open
    Harmony``), and a misspelt word is corrected (``guangzou``).

    Scores run from 0 to 100: 100 is an exact form, a hit that needed a typo corrected scores
    a quarter of the corrected query's score (25 at most) and so ranks below every hit as
    typed. Precision threshold: ordinary English words that are in no form score 30 at most.

    >>> search("dawanqu")[0].term.en
    'Guangdong-Hong Kong-Macao Greater Bay Area'
    """
    return _shipped().search(query, limit)


def find_terms(text: str, *, overlapping: bool = False) -> list[TermHit]:
    """Every glossary term in a Chinese *text*, Simplified or Traditional.

    Full-width and half-width letters, digits and punctuation are alike, and quotation marks
    inside a name may be present or not. By default hits are leftmost-longest and do not
    overlap; ``overlapping=True`` returns every match, nested ones included.

    >>> [(hit.start, hit.text, hit.en) for hit in find_terms("鴻蒙作業系統全面商用")]
    [(0, '鴻蒙作業系統', 'HarmonyOS')]

    Traditional aliases are found as the Simplified ones (原生鴻蒙 as 原生鸿蒙, leftmost first):

    >>> [(hit.start, hit.text, hit.form) for hit in find_terms("原生鴻蒙作業系統全面商用")]
    [(0, '原生鴻蒙', '原生鴻蒙')]
    """
    return _shipped().find_terms(text, overlapping=overlapping)


def check_translation(source: str, target: str, *, source_lang: str = "zh-CN",
                      target_lang: str = "en") -> list[TermIssue]:
    """Terminology issues of one segment.

    Chinese to English (the default): for every term found in *source*, *target* must use its
    preferred English or an accepted alternative, and no form to avoid; case, plurals, hyphens,
    articles and line breaks in the English do not matter. English to Chinese
    (``source_lang="en"``, ``target_lang`` a Chinese tag): for every term whose English is found
    in *source*, *target* must use its curated Chinese for that variant; a Simplified form in a
    zh-HK or zh-TW target is an issue of kind ``simplified``.

    >>> check_translation("原生鸿蒙操作系统全面商用", "HarmonyOS NEXT is in full commercial use.")
    []
    >>> [(issue.kind, issue.found) for issue in check_translation(
    ...     "鸿蒙操作系统全面商用", "The Hongmeng OS is in full use.")]
    [('avoid', 'Hongmeng OS')]
    >>> [(issue.kind, issue.found) for issue in check_translation(
    ...     "the Greater Bay Area", "大湾区", source_lang="en", target_lang="zh-TW")]
    [('simplified', '大湾区')]
    """
    return _shipped().check_translation(source, target, source_lang=source_lang,
                                        target_lang=target_lang)
