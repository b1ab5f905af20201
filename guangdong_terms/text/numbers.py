"""Numbers in a Chinese sentence and its English translation: found as spans, compared by value,
and rewritten in the style a translation already uses.

Two users. The translation-memory check demands that every number of the source survives
translation exactly: 14万亿元 is RMB 14 trillion, 1.7万人 is 17,000 people, 1‰ is 0.1%, 12月3日 is
3 December. And a memory match whose source differs from the query only in numbers is
*adapted*: the stored translation comes back with the query's numbers in it (memoQ and Trados
do this for figures written alike on both sides; here 35亿元 also becomes RMB 4.2 billion).

What counts as a number:

* Chinese: Arabic numerals (with or without thousands separators) with their multipliers
  (万 10^4, 亿 10^8, 万亿 10^12, with 多/余 "more than" allowed between), % and ‰ (a tenth of a
  percent), and month numbers (N月) as months. Numbers written in Chinese characters (三大,
  十四五) are words, not figures, and are left out: their translations vary ("three major",
  "14th Five-Year Plan").
* English: figures with thousands separators and the scale words thousand, million, billion,
  trillion; number words from zero to twenty and the tens, and ordinal words to twentieth;
  ordinal figures (8th); month names written with a capital (lower-case "may" is a verb).

A span's *key* is its kind (number, percent, month) and exact value, so 1.7万 and 17,000 compare
equal, and so do 1‰ and 0.1%.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Context, Decimal, localcontext
from typing import NamedTuple

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["NumberSpan", "adapt_numbers", "chinese_number_spans", "chinese_numbers",
           "differs_only_in_numbers", "english_number_spans", "english_numbers",
           "missing_numbers", "number_spans"]

# A figure: thousands groups of exactly three digits, or plain digits; then a decimal part.
_FIGURE = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
# 多 / 余 ("more than") may stand between a figure and its unit: 2000多亿元 = RMB 200+ billion.
_ZH_NUMBER = re.compile(r"(?P<figure>" + _FIGURE + r")"
                        r"(?:(?P<between>\s*(?:多|余)?\s*)(?P<scale>万亿|亿|万)|(?P<approx>多|余))?")
_ZH_SCALE = {"万": 10**4, "亿": 10**8, "万亿": 10**12}
_ZH_SCALES = (("万亿", 10**12), ("亿", 10**8), ("万", 10**4))
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

_CARDINALS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20,
}
_WORD_OF = {value: word for word, value in _CARDINALS.items()}
_ORDINAL_OF = {value: word for word, value in _ORDINALS.items()}
_EN_SCALE = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_EN_SCALES = (("trillion", 10**12), ("billion", 10**9), ("million", 10**6))
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_EN_NUMBER = re.compile(
    r"(?P<figure>(?P<digits>" + _FIGURE + r")(?:(?P<suffix>st|nd|rd|th)(?![a-z]))?"
    r"|\b(?:" + "|".join([*_CARDINALS, *_ORDINALS]) + r")\b)"
    r"(?:(?P<between>\s*-?\s*)(?P<scale>thousand|million|billion|trillion)\b)?",
    re.IGNORECASE,
)
_EN_MONTH = re.compile(r"\b(?:" + "|".join(_MONTHS) + r")\b", re.IGNORECASE)
_PERCENT_AFTER = ("%", " %", " percent", "percent", " per cent")
_POINTS_AFTER = (" percentage", "percentage")


class NumberSpan(NamedTuple):
    """One number in a text. ``text[start:end]`` is the part adaptation rewrites: the figure,
    what stands between it and its scale word, and the scale word (``2000多亿``, ``3.5
    billion``); a %, ‰ or 月 after it stays.

    ``value`` is exact: the figure times its scale; for kind ``percent`` the percentage (1‰ is
    0.1), for kind ``month`` the month's number.
    """

    start: int
    end: int
    kind: str  # "number", "percent" or "month"
    value: Decimal
    figure: str  # as written: "1,190", "9128", "nine", "3rd", "December"
    between: str  # between figure and scale ("多", " ", "-"), or an approximation ("余") alone
    scale: str  # the scale word as written ("万", "billion"), or ""
    permille: bool = False  # a Chinese figure before ‰ (its value is a tenth of the figure)
    ordinal: bool = False  # 第3, 3rd, third

    @property
    def key(self) -> tuple[str, Decimal]:
        """What alignment compares: kind and value, not how the figure is written."""
        return self.kind, self.value

    @property
    def in_figures(self) -> bool:
        """Written in digits (9, 8th), not as a word (nine, eighth, December)."""
        return self.figure[0].isdigit()

    @property
    def placeholder(self) -> str:
        """What stands for the span when two texts are compared apart from their numbers:
        kind, ordinal and "more than" are not numbers, so they must agree."""
        approximate = "~" if "多" in self.between or "余" in self.between else ""
        return f"\0{self.kind[0]}{approximate}{'o' if self.ordinal else ''}\0"


def _decimal(figure: str) -> Decimal:
    return Decimal(figure.replace(",", ""))


def chinese_number_spans(text: str) -> list[NumberSpan]:
    """The figures of a Chinese text, in order.

    >>> [(s.figure, s.scale, s.kind, f"{s.value.normalize():f}") for s in chinese_number_spans(
    ...     "新增2000多亿元，前1‰，12月3日，1,190家")]
    [('2000', '亿', 'number', '200000000000'), ('1', '', 'percent', '0.1'), ('12', '', 'month', '12'), ('3', '', 'number', '3'), ('1,190', '', 'number', '1190')]
    """
    spans = []
    for match in _ZH_NUMBER.finditer(text):
        figure, scale = match.group("figure"), match.group("scale") or ""
        value = _decimal(figure) * _ZH_SCALE.get(scale, 1)
        after = text[match.end():].lstrip()
        kind, permille = "number", False
        if after[:1] in ("‰", "%", "％"):
            kind, permille = "percent", after[0] == "‰"
            value = value / 10 if permille else value
        elif after[:1] == "月" and not scale:
            kind = "month"
        between = match.group("between") if scale else match.group("approx") or ""
        ordinal = text[max(0, match.start() - 3):match.start()].rstrip().endswith("第")
        spans.append(NumberSpan(match.start(), match.end(), kind, value, figure, between,
                                scale, permille, ordinal))
    return spans


def english_number_spans(text: str) -> list[NumberSpan]:
    """The figures, number words and months of an English text, in order.

    >>> [(s.figure, s.scale, s.kind, f"{s.value.normalize():f}") for s in english_number_spans(
    ...     "RMB 3.5 billion, the top 0.1%, on December 3, for nine years, the 8th")]
    [('3.5', 'billion', 'number', '3500000000'), ('0.1', '', 'percent', '0.1'), ('December', '', 'month', '12'), ('3', '', 'number', '3'), ('nine', '', 'number', '9'), ('8th', '', 'number', '8')]
    """
    spans = []
    for match in _EN_NUMBER.finditer(text):
        figure, scale = match.group("figure"), match.group("scale") or ""
        digits = match.group("digits")
        lowered = figure.lower()
        word = _CARDINALS.get(lowered, _ORDINALS.get(lowered))
        # A letter the pattern matched only by Unicode case folding (ſ, ı) names nothing.
        if (digits is None and word is None) or (scale and scale.lower() not in _EN_SCALE):
            continue
        number = _decimal(digits) if digits is not None else Decimal(word or 0)
        value = number * _EN_SCALE[scale.lower()] if scale else number
        rest = text[match.end():match.end() + 12].lower()
        kind = ("percent" if rest.startswith(_PERCENT_AFTER) and not rest.startswith(_POINTS_AFTER)
                else "number")
        ordinal = lowered in _ORDINALS or match.group("suffix") is not None
        spans.append(NumberSpan(match.start(), match.end(), kind, value, figure,
                                match.group("between") or "", scale, ordinal=ordinal))
    for match in _EN_MONTH.finditer(text):
        month = match.group()
        if month[0].isupper() and month.lower() in _MONTHS:
            spans.append(NumberSpan(match.start(), match.end(), "month",
                                    Decimal(_MONTHS.index(month.lower()) + 1), month, "", ""))
    return sorted(spans)


def number_spans(text: str) -> list[NumberSpan]:
    """The spans of a text in its own language: Chinese if it has a Han character."""
    return chinese_number_spans(text) if _HAN.search(text) else english_number_spans(text)


def _value(number: float) -> str:
    """A canonical text for a value, so 5.0 and 5, or 1.7e4 and 17000, compare equal."""
    return f"{round(number, 6):g}" if abs(number) < 1e15 else f"{number:.6e}"


def chinese_numbers(text: str) -> Counter[str]:
    """The values of the figures in a Chinese text.

    >>> sorted(chinese_numbers("14万亿元，1.7万人，前1‰，12月3日，增长3.6%").elements())
    ['0.1%', '1.4e+13', '17000', '3', '3.6%', 'month:12']
    """
    values: Counter[str] = Counter()
    for span in chinese_number_spans(text):
        if span.kind == "month":
            values[f"month:{int(span.value)}"] += 1
        else:
            values[_value(float(span.value)) + ("%" if span.kind == "percent" else "")] += 1
    return values


def english_numbers(text: str) -> Counter[str]:
    """The values of the figures, number words and months in an English text. A figure before
    "percent" counts as itself and as a percentage, so either Chinese reading finds it.

    >>> sorted(english_numbers("RMB 14 trillion, 17,000 people, the top 0.1%, on 3 December, "
    ...                        "up 3.6 percent, nine years").elements())
    ['0.1', '0.1%', '1.4e+13', '17000', '3', '3.6', '3.6%', '9', 'month:12']
    """
    values: Counter[str] = Counter()
    for span in english_number_spans(text):
        if span.kind == "month":
            values[f"month:{int(span.value)}"] += 1
            continue
        values[_value(float(span.value))] += 1
        if text[span.end:span.end + 9].lower().startswith(_PERCENT_AFTER):
            values[_value(float(span.value)) + "%"] += 1
    return values


def missing_numbers(zh: str, en: str) -> list[str]:
    """Values in *zh* that *en* lacks (with multiplicity), in a stable order."""
    short = chinese_numbers(zh) - english_numbers(en)
    return sorted(short.elements())


# --- adaptation ---------------------------------------------------------------------------


def _skeleton(text: str, spans: list[NumberSpan]) -> str:
    parts, cursor = [], 0
    for span in spans:
        parts += [text[cursor:span.start], span.placeholder]
        cursor = span.end
    return "".join([*parts, text[cursor:]])


def _finder(query: str, source: str) -> Callable[[str], list[NumberSpan]]:
    """How the two source-language texts are read: both alike, as Chinese if either has a Han
    character."""
    chinese = _HAN.search(source) or _HAN.search(query)
    return chinese_number_spans if chinese else english_number_spans


def differs_only_in_numbers(query: str, source: str) -> bool:
    """Whether *query* and *source* are the same text apart from the values of their numbers
    (read in the source's language). The kind of each number (figure, percentage, month), an
    ordinal's suffix and a "more than" (多, 余) must agree; how a value is written need not
    (1.7万 and 17000 are both a number).

    >>> differs_only_in_numbers("累计招收博士后超2.3万人", "累计招收博士后超2.7万人")
    True
    >>> differs_only_in_numbers("累计招收博士后2.3万人", "累计招收博士后超2.7万人")
    False
    """
    finder = _finder(query, source)
    return _skeleton(query, finder(query)) == _skeleton(source, finder(source))


def adapt_numbers(query: str, source: str, target: str) -> str | None:
    """The stored translation *target* of *source* with the numbers replaced by the query's,
    when *query* differs from *source* only in numbers (``differs_only_in_numbers``); None
    when it differs in anything else, or when a changed number cannot be placed.

    Numbers are aligned by value, not position: each source number whose value the query
    changes is looked up by kind and value in the target (35亿元 in the source is "RMB 3.5
    billion" in the target), and that span is rewritten in the target's own style (see
    ``docs/memory-notes.md``: scale words, thousands separators, number words, ordinals, ‰,
    months). Numbers the query leaves alone are not touched, however they are written.

    A value that occurs more than once: the k-th occurrence in the source is the k-th
    occurrence of that value in the target, in text order. Where the target holds the value a
    different number of times than the source (a "third" translating 第三, which is a word, not
    a figure), the occurrences are counted again among numbers of the same ordinality (第3,
    3rd, third), then among those also written alike (figures or words); if no count agrees,
    the pairing would be a guess and nothing is adapted.

    >>> adapt_numbers("金额超42亿元", "金额超35亿元", "worth more than RMB 3.5 billion")
    'worth more than RMB 4.2 billion'
    >>> adapt_numbers("区域创新能力连续10年全国第一", "区域创新能力连续9年全国第一",
    ...               "first in the country for nine consecutive years")
    'first in the country for ten consecutive years'
    >>> adapt_numbers("more than 23,000 researchers", "more than 17,000 researchers",
    ...               "超1.7万名研究人员")
    '超2.3万名研究人员'
    >>> adapt_numbers("金额超42亿元", "金额超35亿元", "worth billions") is None
    True
    """
    # Values are exact: 24 digits times 10^12 and back need 36 places, within these 64.
    with localcontext(Context(prec=64)):
        return _adapt(query, source, target)


def _adapt(query: str, source: str, target: str) -> str | None:
    finder = _finder(query, source)
    query_spans, source_spans = finder(query), finder(source)
    if _skeleton(query, query_spans) != _skeleton(source, source_spans):
        return None
    # Equal skeletons hold as many spans each, so the two lists pair up one to one.
    changed = [index for index, (ours, theirs)
               in enumerate(zip(query_spans, source_spans, strict=True))
               if ours.key != theirs.key or (_too_long(ours) and ours.figure != theirs.figure)]
    if not changed:
        return target
    chinese_target = _HAN.search(target) is not None
    target_spans = (chinese_number_spans if chinese_target else english_number_spans)(target)
    write = _write_chinese if chinese_target else _write_english
    rewrites: list[tuple[NumberSpan, str]] = []
    for index in changed:
        placed = _place(index, source_spans, target_spans)
        if placed is None or _too_long(placed, source_spans[index], query_spans[index]):
            return None
        text = write(placed, query_spans[index])
        if text is None:
            return None
        rewrites.append((placed, text))
    out, cursor = [], 0
    for span, text in sorted(rewrites):
        out += [target[cursor:span.start], text]
        cursor = span.end
    return "".join([*out, target[cursor:]])


def _too_long(*spans: NumberSpan) -> bool:
    """Whether a figure has more digits than a quantity has (24): a longer run of digits is an
    identifier, and its value would not survive the arithmetic exactly."""
    return any(sum(char.isdigit() for char in span.figure) > 24 for span in spans)


def _same_value(one: NumberSpan, other: NumberSpan) -> bool:
    return one.key == other.key


def _same_ordinality(one: NumberSpan, other: NumberSpan) -> bool:
    return one.key == other.key and one.ordinal == other.ordinal


def _same_writing(one: NumberSpan, other: NumberSpan) -> bool:
    return (one.key == other.key and one.ordinal == other.ordinal
            and one.in_figures == other.in_figures)


def _place(index: int, source_spans: list[NumberSpan],
           target_spans: list[NumberSpan]) -> NumberSpan | None:
    """The target span that translates ``source_spans[index]``: the k-th of its value in the
    target for the k-th of its value in the source, where both hold the value equally often;
    failing that, counting only numbers of the same ordinality (12月3日 against "On December 3,
    ... the third"); failing that, of the same ordinality and written alike, figures or words
    (1+2+N against "the first ... 1+2+N"). None where every count differs."""
    old = source_spans[index]
    for alike in (_same_value, _same_ordinality, _same_writing):
        occurrences = [number for number, span in enumerate(source_spans) if alike(span, old)]
        found = [span for span in target_spans if alike(span, old)]
        if len(found) == len(occurrences):
            return found[occurrences.index(index)]
    return None


def _plain(value: Decimal) -> str:
    """An exact decimal without exponent or trailing zeros: 1.7E+4 -> 17000, 3.50 -> 3.5."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _mantissa(value: Decimal, factor: int, query: NumberSpan) -> str:
    """*value* / *factor* as digits: the query's own digits when they are that number (so
    6.0T stays 6.0T), otherwise the shortest exact decimal."""
    mantissa = value / factor
    digits = query.figure.rstrip("stndrhSTNDRH")
    if re.fullmatch(_FIGURE, digits) and _decimal(digits) == mantissa:
        return digits.replace(",", "")
    return _plain(mantissa)


def _grouped(digits: str) -> str:
    whole, dot, fraction = digits.partition(".")
    return f"{int(whole):,}{dot}{fraction}"


def _ordinal_suffix(number: int) -> str:
    if number % 100 in (11, 12, 13):
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")


def _cased_like(word: str, model: str) -> str:
    if len(model) > 1 and model.isupper():
        return word.upper()
    return word.capitalize() if model[:1].isupper() else word


def _whole(value: Decimal) -> int | None:
    return int(value) if value == value.to_integral_value() else None


def _write_english(old: NumberSpan, new: NumberSpan) -> str | None:
    """*new*'s value written where *old* stands in an English text, as *old* is written."""
    if new.kind == "month":
        month = _whole(new.value)
        if month is None or not 1 <= month <= 12:
            return None
        return _cased_like(_MONTHS[month - 1], old.figure)
    value = new.value
    scale, factor = "", 1
    if old.scale and _EN_SCALE[old.scale.lower()] <= value < 1000 * _EN_SCALE[old.scale.lower()]:
        scale, factor = old.scale, _EN_SCALE[old.scale.lower()]
    elif not old.ordinal and new.kind == "number":
        for name, size in _EN_SCALES:
            # A scale word where the target used one, or for millions and more with a short
            # mantissa (RMB 1.25 billion, not RMB 1,250,000,000).
            if value >= size and (old.scale or len(_plain(value / size).partition(".")[2]) <= 3):
                scale, factor = _cased_like(name, old.scale or "x"), size
                break
    digits = _mantissa(value, factor, new)
    number = _whole(Decimal(digits))
    if not old.figure[0].isdigit() and number is not None:
        words = _ORDINAL_OF if old.ordinal else _WORD_OF
        if number in words:
            figure = _cased_like(words[number], old.figure)
            return figure + (old.between or " ") + scale if scale else figure
    if old.ordinal:
        if number is None:
            return None
        digits += _ordinal_suffix(number)
    old_digits = old.figure.rstrip("stndrhSTNDRH")
    # Thousands separators as the target has them; a target figure too short to show any
    # (a target of 36 or nine) gets the English default, a separator from 1,000.
    plain_style = old.figure[0].isdigit() and "," not in old_digits and len(
        old_digits.partition(".")[0]) >= 4
    if not plain_style and not old.ordinal:
        digits = _grouped(digits)
    return digits + (old.between or " ") + scale if scale else digits


def _write_chinese(old: NumberSpan, new: NumberSpan) -> str | None:
    """*new*'s value written where *old* stands in a Chinese text, as *old* is written."""
    if new.kind == "month":
        month = _whole(new.value)
        return str(month) if month is not None and 1 <= month <= 12 else None
    value = new.value * 10 if old.permille else new.value
    scale, factor = "", 1
    old_factor = _ZH_SCALE.get(old.scale, 0)
    if old.scale and old_factor <= value and (old.scale == "万亿" or value < old_factor * 10**4):
        scale, factor = old.scale, old_factor
    elif new.kind == "number":
        for name, size in _ZH_SCALES:
            # 万 only where the target wrote a scale: plain digits stay plain below 1亿.
            if value >= size and (old.scale or size >= 10**8):
                scale, factor = name, size
                break
    digits = _mantissa(value, factor, new)
    if "," in old.figure:
        digits = _grouped(digits)
    if scale:
        return digits + old.between + scale
    return digits + old.between.strip()
