"""The Chinese variants we curate, and which of them a file's language tag means.

One map for every reader and writer, so an export and an import of the same file agree on what
``zh_TW`` or ``zh-Hant-HK`` is.
"""

from __future__ import annotations

__all__ = ["VARIANTS", "chinese_variant"]

#: Chinese variants we write, by BCP 47 tag, with the Term field holding the curated form.
VARIANTS = {"zh-CN": "zh", "zh-HK": "zh_hk", "zh-TW": "zh_tw"}


def chinese_variant(tag: str) -> str:
    """zh-CN, zh-HK or zh-TW for any Chinese tag a file may carry (zh_TW, zh-Hant, zh-Hant-HK);
    "" for a tag that does not tell (a bare "zh", no tag at all).

    >>> chinese_variant("zh_Hant_HK"), chinese_variant("zh-Hans"), chinese_variant("zh")
    ('zh-HK', 'zh-CN', '')
    """
    parts = tag.replace("_", "-").lower().split("-")
    if "hk" in parts or "mo" in parts:
        return "zh-HK"
    if "tw" in parts or "hant" in parts:
        return "zh-TW"
    if "cn" in parts or "sg" in parts or "hans" in parts:
        return "zh-CN"
    return ""
