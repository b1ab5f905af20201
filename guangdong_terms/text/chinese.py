"""The only module that imports pypinyin and OpenCC; each engine loads on first use.

pypinyin costs 150-220 ms to import and an OpenCC converter about 90 ms to build
(design-notes §3), so nothing on the exact-lookup path may reach this module.
Converters are cached per process. We never call pypinyin's ``load_phrases_dict``: the
glossary records its deliberate differences as overrides instead of patching the engine.
"""

from __future__ import annotations

from functools import cache
from typing import Any

__all__ = ["pinyin_syllables", "to_hk", "to_simplified", "to_tw"]


def pinyin_syllables(text: str) -> list[str]:
    """pypinyin's reading of *text*, one item per syllable (non-Han runs kept as they are).

    Tone marks, citation tones (no sandhi), and ü as in the standard.

    >>> pinyin_syllables("粤港澳大湾区")
    ['yuè', 'gǎng', 'ào', 'dà', 'wān', 'qū']
    """
    from pypinyin import Style, lazy_pinyin

    return list(lazy_pinyin(text, style=Style.TONE, strict=True))


@cache
def _converter(config: str) -> Any:  # noqa: ANN401 - opencc ships no type hints
    import opencc

    return opencc.OpenCC(config)


def to_hk(text: str) -> str:
    """OpenCC ``s2hk``: Hong Kong character forms (no vocabulary change).

    >>> to_hk("鸿蒙操作系统")
    '鴻蒙操作系統'
    """
    return str(_converter("s2hk").convert(text))


def to_tw(text: str) -> str:
    """OpenCC ``s2twp``: Taiwan forms *with* Taiwan vocabulary, which can be wrong for names.

    >>> to_tw("鸿蒙操作系统")
    '鴻蒙作業系統'
    """
    return str(_converter("s2twp").convert(text))


def to_simplified(text: str) -> str:
    """OpenCC ``t2s``, used to read Traditional queries (from Hong Kong or Taiwan alike).

    t2s has its own one-to-many errors (昇腾 -> 升腾), which is why lookups try the stored
    zh_hk and zh_tw forms before converting.

    >>> to_simplified("粵港澳大灣區")
    '粤港澳大湾区'
    """
    return str(_converter("t2s").convert(text))
