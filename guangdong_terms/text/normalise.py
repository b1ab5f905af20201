"""The normal form two spellings of a name are compared in, and the Han character class.

On the path of every exact lookup, so it imports nothing but ``unicodedata``: not even ``re``,
which costs about 6 ms to import (benchmarks/startup.py).
"""

from __future__ import annotations

import unicodedata

__all__ = ["FOLD", "HAN_PATTERN", "lookup_key"]

#: A Han character (CJK Unified Ideographs, Extension A and Extensions B onwards). Kept as a
#: pattern: compiling it costs ~2 ms, which the lookup path must not pay; users compile it.
HAN_PATTERN = r"[\u3400-\u9fff\U00020000-\U0003134f]"

#: Marks that users type or omit at will around names: “梦想”号, 《条例》, 'quoted'; and every
#: width of dash, which becomes "-". (The glossary site's search script receives this table.)
FOLD = {**dict.fromkeys(map(ord, "“”‘’\"'「」『』《》〈〉"), None),
        **dict.fromkeys([*range(0x2010, 0x2016), 0x2212, 0xFE58, 0xFE63, 0xFF0D], "-")}


def lookup_key(text: str) -> str:
    """Normalise a form for exact lookup.

    NFKC folds full-width letters and digits (９１０Ｃ -> 910C) and Roman-numeral characters
    (Ⅲ -> III); quotation and title marks are dropped; dashes of every width become "-";
    case is folded and runs of white space become one space.

    >>> lookup_key("“梦想”号") == lookup_key("梦想号")
    True
    >>> lookup_key("鹏城云脑Ⅲ")
    '鹏城云脑iii'
    >>> lookup_key("  Greater   Bay Area ")
    'greater bay area'
    """
    text = unicodedata.normalize("NFKC", text).translate(FOLD)
    return " ".join(text.split()).casefold()
