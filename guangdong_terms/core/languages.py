"""Language tags, read the one way every reader, writer and check reads them.

Files name languages every way there is: ``zh_CN`` (gettext), ``zh-Hans``, ``zho`` and ``chi``
(ISO 639-2), ``ZH-TW``, ``zh-Hant-HK``. ``language_of`` folds them, case- and
``_``-insensitively, to the few languages this glossary distinguishes: the three Chinese
variants it curates, "either Traditional form" for a bare ``zh-Hant``, and English. The map is
the one the real-world-files issue fixed:

==========================================  ==========
tag                                          meaning
==========================================  ==========
zh, zh-CN, zh-Hans, zh-SG, zho, chi          zh-CN (Simplified)
zh-HK, zh-MO, zh-Hant-HK, zh-Hant-MO         zh-HK
zh-TW, zh-Hant-TW                            zh-TW
zh-Hant                                      zh-Hant (either Traditional form)
en, en-GB, eng ...                           en
==========================================  ==========
"""

from __future__ import annotations

__all__ = ["TRADITIONAL", "VARIANTS", "chinese_variant", "curated_fields", "is_chinese",
           "is_english", "language_of", "primary_language"]

#: Chinese variants we write, by BCP 47 tag, with the Term field holding the curated form.
VARIANTS = {"zh-CN": "zh", "zh-HK": "zh_hk", "zh-TW": "zh_tw"}
#: A Traditional target that names no region: either curated Traditional form is right.
TRADITIONAL = "zh-Hant"

_PRIMARY = {"zho": "zh", "chi": "zh", "eng": "en"}


def language_of(tag: str | None) -> str:
    """zh-CN, zh-HK, zh-TW, zh-Hant or en for a tag this glossary distinguishes; the primary
    subtag, lower case, for any other (``ja``); "" for no tag.

    >>> [language_of(t) for t in ("zho", "zh_Hant_HK", "ZH-tw", "zh-Hant", "zh-SG", "en-GB")]
    ['zh-CN', 'zh-HK', 'zh-TW', 'zh-Hant', 'zh-CN', 'en']
    """
    parts = (tag or "").replace("_", "-").lower().split("-")
    primary = _PRIMARY.get(parts[0], parts[0])
    if primary != "zh":
        return primary
    if "hk" in parts or "mo" in parts:
        return "zh-HK"
    if "tw" in parts:
        return "zh-TW"
    if "hant" in parts:
        return TRADITIONAL
    return "zh-CN"


def primary_language(tag: str | None) -> str:
    """The primary language of a tag, folded as ``language_of`` folds it: zh-CN, zh_HK, ZH,
    zho -> zh; eng -> en.

    >>> primary_language("zh_Hant_HK"), primary_language("eng"), primary_language("ja-JP")
    ('zh', 'en', 'ja')
    """
    return language_of(tag).split("-", 1)[0]


def chinese_variant(tag: str) -> str:
    """The Chinese variant a tag names (as ``language_of``), or "" for a tag that names no
    Chinese at all (no tag; English)."""
    language = language_of(tag)
    return language if is_chinese(language) else ""


def is_chinese(language: str) -> bool:
    """Whether a folded language (``language_of``) is Chinese."""
    return language.startswith("zh")


def is_english(language: str) -> bool:
    """Whether a folded language (``language_of``) is English."""
    return language == "en"


def curated_fields(language: str) -> tuple[str, ...]:
    """The Term fields holding the curated forms a text in *language* should use: the head form
    and aliases in Simplified, the regional forms (and the aliases') in Hong Kong or Taiwan
    text, either Traditional form where a file says only zh-Hant.

    >>> curated_fields("zh-TW")
    ('zh_tw', 'aliases_tw')
    """
    if language == TRADITIONAL:
        return ("zh_hk", "aliases_hk", "zh_tw", "aliases_tw")
    if language == "zh-HK":
        return ("zh_hk", "aliases_hk")
    if language == "zh-TW":
        return ("zh_tw", "aliases_tw")
    return ("zh", "aliases")
