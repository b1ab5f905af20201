"""Ranked search over the glossary: partial Chinese, Traditional, pinyin, initials, English.

The ranking is a plain score from 0 to 100, highest first, ties broken by id, so results are
stable and explainable (each hit says which field matched). Exact matches on any form score
100; partial matches score by how much of the form the query covers.

Pinyin is matched without tones, case, spaces, hyphens or apostrophes, so ``dawanqu``,
``da4 wan1 qu1`` and ``Dàwānqū`` all find 大湾区. Initials are read off our curated pinyin (not
pypinyin's), split into syllables with the table below. Traditional queries are converted with
OpenCC ``t2s``, and only when the stored zh_hk / zh_tw forms (and the aliases' aliases_hk /
aliases_tw) do not already match, so a
Simplified or stored-Traditional query never pays for loading OpenCC.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from ..text.normalise import HAN_PATTERN, lookup_key
from .compiled import Record

__all__ = ["Hit", "pinyin_initials", "search_records", "split_syllables", "toneless"]

# Every toneless Mandarin syllable (from pypinyin's character table, interjections such as
# hm / ng left out so they never split a word wrongly). ü is written u, as users type it.
_SYLLABLES = frozenset("""
a ai an ang ao ba bai ban bang bao bei ben beng bi bian biang biao bie bin bing bo bu ca cai can
cang cao ce cei cen ceng cha chai chan chang chao che chen cheng chi chong chou chu chua chuai chuan
chuang chui chun chuo ci cong cou cu cuan cui cun cuo da dai dan dang dao de dei den deng di dia
dian diao die din ding diu dong dou du duan dui dun duo e ei en eng er fa fan fang fei fen feng
fiao fo fou fu ga gai gan gang gao ge gei gen geng gong gou gu gua guai guan guang gui gun guo ha
hai han hang hao he hei hen heng hong hou hu hua huai huan huang hui hun huo ji jia jian jiang jiao
jie jin jing jiong jiu ju juan jue jun ka kai kan kang kao ke kei ken keng kong kou ku kua kuai
kuan kuang kui kun kuo la lai lan lang lao le lei len leng li lia lian liang liao lie lin ling liu
lo long lou lu luan lue lun luo ma mai man mang mao me mei men meng mi mian miao mie min ming miu
mo mou mu na nai nan nang nao ne nei nen neng ni nia nian niang niao nie nin ning niu nong nou nu
nuan nue nun nuo o ou pa pai pan pang pao pei pen peng pi pian piao pie pin ping po pou pu qi qia
qian qiang qiao qie qin qing qiong qiu qu quan que qun ran rang rao re ren reng ri rong rou ru rua
ruan rui run ruo sa sai san sang sao se sen seng sha shai shan shang shao she shei shen sheng shi
shou shu shua shuai shuan shuang shui shun shuo si song sou su suan sui sun suo ta tai tan tang tao
te tei teng ti tian tiao tie ting tong tou tu tuan tui tun tuo wa wai wan wang wei wen weng wo wu
xi xia xian xiang xiao xie xin xing xiong xiu xu xuan xue xun ya yan yang yao ye yi yin ying yo
yong you yu yuan yue yun za zai zan zang zao ze zei zen zeng zha zhai zhan zhang zhao zhe zhei zhen
zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo zi zong zou zu zuan zui zun zuo
""".split())
_LONGEST = max(map(len, _SYLLABLES))
_CJK = re.compile(HAN_PATTERN)
_TONE_NUMBER = re.compile(r"(?<=[a-zü])[1-5]", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+")


def toneless(pinyin: str) -> str:
    """Lower-case letters and digits only, tone marks removed, ü and v written u.

    >>> toneless("Yuè-Gǎng-Ào Dàwānqū")
    'yuegangaodawanqu'
    >>> toneless("da4 wan1 qu1")
    'dawanqu'
    """
    text = _TONE_NUMBER.sub("", unicodedata.normalize("NFD", pinyin))
    text = "".join(char for char in text if not unicodedata.combining(char)).lower()
    return "".join(char for char in text if char.isalnum()).replace("v", "u")


def split_syllables(word: str) -> list[str] | None:
    """Split one toneless pinyin word into syllables, fewest syllables first; None if it can't.

    >>> split_syllables("dawanqu")
    ['da', 'wan', 'qu']
    >>> split_syllables("xian")
    ['xian']
    """
    best: list[list[str] | None] = [[]] + [None] * len(word)
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - _LONGEST), end):
            head = best[start]
            piece = word[start:end]
            if head is not None and piece in _SYLLABLES:
                candidate = [*head, piece]
                current = best[end]
                if current is None or len(candidate) < len(current):
                    best[end] = candidate
    return best[len(word)]


def pinyin_initials(pinyin: str) -> str:
    """First letter of each syllable; a run of digits or Latin letters that is not pinyin
    counts as one token.

    >>> pinyin_initials("Yuè-Gǎng-Ào Dàwānqū")
    'ygadwq'
    >>> pinyin_initials("Shēngténg 910C Xīnpiàn")
    'st9xp'
    """
    initials: list[str] = []
    for chunk in re.split(r"[\s'’\-–—]+", pinyin):
        for token in re.findall(r"[^\W\d_]+|\d+[A-Za-z]*", chunk):
            flat = toneless(token)
            syllables = split_syllables(flat) if flat.isalpha() else None
            if syllables:
                initials.extend(syllable[0] for syllable in syllables)
            else:
                initials.append(flat[:1])
    return "".join(initials)


@dataclass(frozen=True, slots=True)
class _Keys:
    """What search compares against for one record, computed once."""

    chinese: tuple[tuple[str, str], ...]  # (field, lookup_key(form))
    english: tuple[tuple[str, str, str], ...]  # (field, form, lookup_key(form))
    pinyin: str
    pinyin_marked: str
    initials: str
    alias_pinyin: tuple[tuple[str, str, str], ...]  # (toneless pinyin, initials, alias)


@cache
def _keys(
    zh: str,
    aliases: tuple[str, ...],
    zh_hk: str,
    zh_tw: str,
    english: tuple[tuple[str, str], ...],
    pinyin: str,
    aliases_hk: tuple[str, ...] = (),
    aliases_tw: tuple[str, ...] = (),
) -> _Keys:
    """Derived search keys, cached by content (records do not change once loaded)."""
    chinese = [("zh", zh)] + [("alias", a) for a in aliases] + [("zh_hk", zh_hk), ("zh_tw", zh_tw)]
    chinese += [("alias_hk", a) for a in aliases_hk] + [("alias_tw", a) for a in aliases_tw]
    marked = "".join(c for c in unicodedata.normalize("NFC", pinyin).lower() if c.isalnum())
    return _Keys(
        chinese=tuple((field, lookup_key(form)) for field, form in chinese),
        english=tuple((field, form, lookup_key(form)) for field, form in english),
        pinyin=toneless(pinyin),
        pinyin_marked=marked,
        initials=pinyin_initials(pinyin),
        alias_pinyin=_alias_pinyin(zh, aliases, pinyin),
    )


def _syllables(pinyin: str) -> list[str] | None:
    """Our curated pinyin as toneless syllables, or None if a piece is not pinyin."""
    found: list[str] = []
    for chunk in re.split(r"[\s'’\-–—]+", pinyin):
        flat = toneless(chunk)
        if not flat:
            continue
        pieces = split_syllables(flat) if flat.isalpha() else None
        if pieces is None:
            return None
        found += pieces
    return found


def _alias_pinyin(zh: str, aliases: tuple[str, ...], pinyin: str
                  ) -> tuple[tuple[str, str, str], ...]:
    """Pinyin for aliases that are a run of the head form's characters (大湾区 in 粤港澳大湾区),
    read off our curated syllables, so ``dawanqu`` finds the entry whose alias is 大湾区."""
    syllables = _syllables(pinyin)
    if syllables is None or len(syllables) != len(zh):
        return ()
    found = []
    for alias in aliases:
        start = zh.find(alias)
        if start >= 0 and alias:
            run = syllables[start:start + len(alias)]
            found.append(("".join(run), "".join(s[0] for s in run), alias))
    return tuple(found)


def _record_keys(record: Record) -> _Keys:
    english = [("en", record["en"])]
    english += [("en_alternative", form) for form in record["en_alternatives"]]
    english += [("en_avoid", form) for form in record["en_avoid"]]
    return _keys(record["zh"], tuple(record["aliases"]), record["zh_hk"], record["zh_tw"],
                 tuple(english), record["pinyin"], tuple(record["aliases_hk"]),
                 tuple(record["aliases_tw"]))


@dataclass(frozen=True, slots=True)
class Hit:
    """A raw search result over records (``Glossary.search`` wraps it as a Match)."""

    position: int
    score: float
    field: str
    text: str


def _coverage_score(base: float, span: float, part: int, whole: int) -> float:
    return round(min(99.0, base + span * part / max(whole, 1)), 1)


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)} or {text}


def _score_chinese(query: str, keys: _Keys, record: Record) -> tuple[float, str, str] | None:
    """Exact 100; a substring by coverage (50-99); else shared character bigrams (Dice
    coefficient of at least 0.4, scoring 20-50), so 鸿蒙系统 still finds 鸿蒙操作系统."""
    best: tuple[float, str, str] | None = None
    query_bigrams = _bigrams(query)
    for field, form in keys.chinese:
        if query == form:
            return (100.0, field, _form_text(record, field, form))
        if query in form:
            score = _coverage_score(50, 45, len(query), len(form)) + (3 if form.startswith(
                query) else 0)
        else:
            form_bigrams = _bigrams(form)
            dice = 2 * len(query_bigrams & form_bigrams) / (len(query_bigrams) + len(form_bigrams))
            if dice < 0.4:
                continue
            score = round(20 + 30 * dice, 1)
        if best is None or score > best[0]:
            best = (min(score, 99.0), field, _form_text(record, field, form))
    return best


def _form_text(record: Record, field: str, key: str) -> str:
    """The stored spelling of the form whose lookup key is *key*."""
    candidates: list[str] = {"zh": [record["zh"]], "alias": record["aliases"],
                             "zh_hk": [record["zh_hk"]], "zh_tw": [record["zh_tw"]],
                             "alias_hk": record["aliases_hk"],
                             "alias_tw": record["aliases_tw"]}[field]
    return next((form for form in candidates if lookup_key(form) == key), candidates[0])


def _score_pinyin(query: str, marked: str, keys: _Keys) -> tuple[float, str, str] | None:
    flat = toneless(query)
    if len(flat) < 2:
        return None
    if flat == keys.pinyin:
        return (98.0 if marked == keys.pinyin_marked else 95.0, "pinyin", "")
    for alias_pinyin, alias_initials, alias in keys.alias_pinyin:
        if flat == alias_pinyin:
            return (94.0, "alias_pinyin", alias)
        if flat == alias_initials and len(flat) >= 2:
            return (84.0, "alias_initials", alias)
    if flat in keys.pinyin:
        bonus = 5 if marked and marked != flat and marked in keys.pinyin_marked else 0
        bonus += 8 if keys.pinyin.startswith(flat) else 0
        return (_coverage_score(40 + bonus, 50, len(flat), len(keys.pinyin)), "pinyin", "")
    if flat.isalpha() and flat in keys.initials and len(flat) >= 2:
        if flat == keys.initials:
            return (85.0, "initials", "")
        return (_coverage_score(30, 45, len(flat), len(keys.initials)), "initials", "")
    return None


def _score_english(query: str, keys: _Keys) -> tuple[float, str, str] | None:
    words = _WORD.findall(query)
    if not words:
        return None
    best: tuple[float, str, str] | None = None
    for field, form, key in keys.english:
        if query == key:
            score = 100.0 if field != "en_avoid" else 80.0
            return (score, field, form)
        form_words = _WORD.findall(key)
        if not all(any(w.startswith(q) for w in form_words) for q in words):
            continue
        letters = sum(len(w) for w in form_words)
        score = _coverage_score(35, 55, sum(map(len, words)), letters)
        if query in key:
            score = min(99.0, score + 5)
        if field == "en_avoid":
            score = round(score * 0.8, 1)
        if best is None or score > best[0]:
            best = (score, field, form)
    return best


def search_records(records: Sequence[Record], query: str, limit: int = 10) -> list[Hit]:
    """Score every record against *query* and return the best *limit* hits, best first."""
    key = lookup_key(query)
    if not key or limit <= 0:
        return []
    is_chinese = bool(_CJK.search(key))
    marked = "".join(c for c in unicodedata.normalize("NFC", query).lower() if c.isalnum())
    hits: list[Hit] = []
    for position, record in enumerate(records):
        keys = _record_keys(record)
        scored = [_score_chinese(key, keys, record)] if is_chinese else [
            _score_chinese(key, keys, record), _score_pinyin(query, marked, keys),
            _score_english(key, keys)]
        best = max((s for s in scored if s is not None), default=None, key=lambda s: s[0])
        if best is not None:
            text = best[2] or record["pinyin"]
            hits.append(Hit(position, best[0], best[1], text))
    if is_chinese:
        hits = _add_traditional_hits(records, key, hits)
    hits.sort(key=lambda hit: (-hit.score, records[hit.position]["id"]))
    return hits[:limit]


def _add_traditional_hits(records: Sequence[Record], key: str, hits: list[Hit]) -> list[Hit]:
    """Convert a Traditional query with OpenCC t2s when stored forms found nothing exact."""
    if any(hit.score == 100.0 for hit in hits):
        return hits
    from ..text.chinese import to_simplified

    simplified = lookup_key(to_simplified(key))
    if simplified == key:
        return hits
    found = {hit.position: hit for hit in hits}
    for position, record in enumerate(records):
        scored = _score_chinese(simplified, _record_keys(record), record)
        if scored is None:
            continue
        score = round(scored[0] * 0.97, 1)  # converted, so a shade less certain than stored
        if position not in found or found[position].score < score:
            found[position] = Hit(position, score, scored[1], scored[2])
    return list(found.values())
