"""Numbers in a Chinese sentence and its English translation, normalised so they compare.

The translation-memory check demands that every number of the source survives translation
exactly: 14万亿元 is RMB 14 trillion, 1.7万人 is 17,000 people, 1‰ is 0.1%, 12月3日 is
3 December. Both sides are reduced to a multiset of values:

* Chinese: Arabic numerals with their multipliers (万 10^4, 亿 10^8, 万亿 10^12), ‰ as a tenth
  of a percent, and month numbers (N月) as months. Numbers written in Chinese characters
  (三大, 十四五) are words, not figures, and are left out: their translations vary ("three
  major", "14th Five-Year Plan").
* English: figures with thousands separators and the scale words thousand, million, billion,
  trillion; number words from zero to twenty and the tens, and ordinal words to twentieth;
  month names; ordinal suffixes (8th) dropped.

Every Chinese value must appear in the English at least as often; English may have more
(from Chinese-character numbers, or "RMB 1 billion" style restatements).
"""

from __future__ import annotations

import re
from collections import Counter

__all__ = ["chinese_numbers", "english_numbers", "missing_numbers"]

# 多 / 余 ("more than") may stand between a figure and its unit: 2000多亿元 = RMB 200+ billion.
_ZH_NUMBER = re.compile(r"(\d+(?:\.\d+)?)\s*(?:多|余)?\s*(万亿|亿|万)?\s*(‰|%|％)?(月)?")
_ZH_SCALE = {"万": 10**4, "亿": 10**8, "万亿": 10**12, None: 1}

_EN_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20,
}
_EN_SCALE = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_EN_NUMBER = re.compile(
    r"(\d[\d,]*(?:\.\d+)?|\b(?:" + "|".join(_EN_WORDS) + r")\b)"
    r"(?:\s*-?\s*(thousand|million|billion|trillion)\b)?",
    re.IGNORECASE,
)
_EN_MONTH = re.compile(r"\b(" + "|".join(_MONTHS) + r")\b", re.IGNORECASE)


def _value(number: float) -> str:
    """A canonical text for a value, so 5.0 and 5, or 1.7e4 and 17000, compare equal."""
    return f"{round(number, 6):g}" if abs(number) < 1e15 else f"{number:.6e}"


def chinese_numbers(text: str) -> Counter[str]:
    """The values of the figures in a Chinese text.

    >>> sorted(chinese_numbers("14万亿元，1.7万人，前1‰，12月3日，增长3.6%").elements())
    ['0.1%', '1.4e+13', '17000', '3', '3.6%', 'month:12']
    """
    values: Counter[str] = Counter()
    for digits, scale, percent, month in _ZH_NUMBER.findall(text):
        number = float(digits) * _ZH_SCALE[scale or None]
        if month:
            values[f"month:{int(number)}"] += 1
        elif percent == "‰":
            values[_value(number / 10) + "%"] += 1
        elif percent:
            values[_value(number) + "%"] += 1
        else:
            values[_value(number)] += 1
    return values


def english_numbers(text: str) -> Counter[str]:
    """The values of the figures, number words and months in an English text.

    >>> sorted(english_numbers("RMB 14 trillion, 17,000 people, the top 0.1%, on 3 December, "
    ...                        "up 3.6 percent, nine years").elements())
    ['0.1', '0.1%', '1.4e+13', '17000', '3', '3.6', '3.6%', '9', 'month:12']
    """
    values: Counter[str] = Counter()
    for match in _EN_NUMBER.finditer(text):
        word, scale = match.group(1), match.group(2)
        lowered = word.lower()
        number = float(_EN_WORDS[lowered] if lowered in _EN_WORDS else word.replace(",", ""))
        number *= _EN_SCALE[scale.lower()] if scale else 1
        values[_value(number)] += 1
        rest = text[match.end():match.end() + 9].lower()
        if rest.startswith(("%", " %", " percent", "percent", " per cent")):
            values[_value(number) + "%"] += 1
    for month in _EN_MONTH.findall(text):
        values[f"month:{_MONTHS.index(month.lower()) + 1}"] += 1
    return values


def missing_numbers(zh: str, en: str) -> list[str]:
    """Values in *zh* that *en* lacks (with multiplicity), in a stable order."""
    short = chinese_numbers(zh) - english_numbers(en)
    return sorted(short.elements())
