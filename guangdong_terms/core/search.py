"""Ranked search over the glossary: partial Chinese, Traditional, pinyin, initials, English.

The ranking is a plain score from 0 to 100, highest first, ties broken by id, so results are
stable and explainable (each hit says which field matched). Of a term's English forms the
closest counts (exact, then same words, then same letters, then partial), so typing a form to
avoid exactly reports that form. The scale:

===========  ============================================================================
100          a form exactly (case, width, quotation marks and dashes aside)
98           English with the same words apart from articles (a, an, the before a word),
             possessives ('s), tone marks and punctuation: "the Greater Bay Area's"; the
             curated pinyin with its tone marks (95 without: ``yuegangao dawanqu``)
96           English with the same letters apart from spacing: "Open Harmony" (OpenHarmony)
94, 85, 84   an alias's pinyin (大湾区: ``dawanqu``), all initials, an alias's initials (``dwq``)
28-99        part of a form: Chinese substrings and shared character pairs, pinyin from a
             syllable start, initials, English words or word beginnings, by how much of
             the form the query covers; a form to avoid scores 80 % of the same match
0-25         a typo: misspelt words corrected (see below); a quarter of what the corrected
             query would score, so a typo hit always ranks below every hit of the query as
             typed
===========  ============================================================================

Typos: an alphabetic word of the query (English, or pinyin as a word or run together) that
matches nothing as typed may differ from a word of the form, or from the whole toneless pinyin,
by one edit when the shorter of the two has 4 to 7 letters and by two edits from 8 letters
(``guangzou`` finds Guangzhou); an edit inserts, deletes or replaces a letter or swaps two
neighbours (optimal string alignment distance, computed by rapidfuzz, imported only when a
query needs it). Words of 3 letters or fewer and words with digits (910C, 5G) must match as
typed.

Ordinary English words that are in no form score 30 at most (tests/test_search.py holds 20 of
them to it): only a typo correction can find them, and a typo scores 25 at most.

Pinyin is matched without tones, case, spaces, hyphens or apostrophes, so ``dawanqu``,
``da4 wan1 qu1`` and ``Dàwānqū`` all find 大湾区, and only from the start of a syllable
(``gba`` is not the middle of Kēchuàngbǎn). Initials are read off our curated pinyin (not
pypinyin's), one per syllable, split with the table below. Traditional queries are converted
with OpenCC ``t2s``, and only when the stored zh_hk / zh_tw forms (and the aliases' aliases_hk /
aliases_tw) do not already match, so a
Simplified or stored-Traditional query never pays for loading OpenCC.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, partial

from ..text.normalise import HAN_PATTERN, lookup_key
from .compiled import Record

TYPE_CHECKING = False  # typing is not imported at run time, as in compiled.py
if TYPE_CHECKING:
    from typing import Any

__all__ = ["EnglishForm", "Hit", "SearchKeys", "client_keys", "english_words", "pinyin_initials",
           "record_keys", "search_records", "split_syllables", "toneless", "traditional_table"]

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
_PINYIN_SEPARATORS = re.compile(r"[\s'’\-–—]+")
_PINYIN_WORDS = re.compile(r"[\s\-–—]+")
_PINYIN_TOKEN = re.compile(r"[^\W\d_]+|\d+[A-Za-z]*")
# A possessive 's, or the apostrophe after a plural's s (members'), as English search drops it.
_POSSESSIVE = re.compile(r"(?<=[^\W_])['’]s\b|(?<=s)['’](?!\w)")
# Dropped before another word; a last "a" is a name's letter (Class A), not an article.
_ARTICLES = frozenset({"a", "an", "the"})
# What a typo hit scores of the corrected query's score: 25 at most, below the 28 that the
# weakest hit as typed scores (a form to avoid, 80 % of 35), so typos always rank last.
_TYPO_SHARE = 0.25


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
    found = _split(word)
    return None if found is None else list(found)


@cache
def _split(word: str) -> tuple[str, ...] | None:
    """split_syllables, cached: the same words (chuangxin, zhongxin) recur across entries."""
    best: list[tuple[str, ...] | None] = [()] + [None] * len(word)
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - _LONGEST), end):
            head = best[start]
            piece = word[start:end]
            if head is not None and piece in _SYLLABLES:
                current = best[end]
                if current is None or len(head) + 1 < len(current):
                    best[end] = (*head, piece)
    return best[len(word)]


def _pinyin_units(pinyin: str) -> list[str]:
    """Toneless syllables of *pinyin* in order; a run of digits or Latin letters that is not
    pinyin counts as one unit. Joined, they normally make ``toneless(pinyin)``."""
    units: list[str] = []
    for chunk in _PINYIN_SEPARATORS.split(pinyin):
        for token in _PINYIN_TOKEN.findall(chunk):
            flat = toneless(token)
            syllables = _split(flat) if flat.isalpha() else None
            units.extend(syllables or [flat])
    return [unit for unit in units if unit]


def pinyin_initials(pinyin: str) -> str:
    """First letter of each syllable; a run of digits or Latin letters that is not pinyin
    counts as one token.

    >>> pinyin_initials("Yuè-Gǎng-Ào Dàwānqū")
    'ygadwq'
    >>> pinyin_initials("Shēngténg 910C Xīnpiàn")
    'st9xp'
    """
    return "".join(unit[0] for unit in _pinyin_units(pinyin))


def english_words(text: str) -> tuple[str, ...]:
    """The words English is compared by: tone marks, possessives, punctuation and articles
    before a word dropped, case folded.

    >>> english_words("the Greater Bay Area's")
    ('greater', 'bay', 'area')
    >>> english_words("Péngchéng Laboratory"), english_words("5G-A"), english_words("Class A")
    (('pengcheng', 'laboratory'), ('5g', 'a'), ('class', 'a'))
    """
    text = _POSSESSIVE.sub("", unicodedata.normalize("NFKC", text))
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    tokens = lookup_key(text).split(" ")
    kept = [token for i, token in enumerate(tokens)
            if token not in _ARTICLES or i == len(tokens) - 1]
    return tuple(word for token in kept for word in _WORD.findall(token))


def _typo_allowance(length: int) -> int:
    """Edits forgiven in a word of *length* letters: none below 4, one to 7, two from 8."""
    return 0 if length < 4 else 1 if length < 8 else 2


@dataclass(frozen=True, slots=True)
class EnglishForm:
    """One English form as search compares it (and as the glossary site's scorer receives it)."""

    field: str
    form: str
    key: str  # lookup_key(form)
    words: tuple[str, ...]  # english_words(form)
    compact: str  # the words run together
    starts: frozenset[int]  # where each word starts in compact


@dataclass(frozen=True, slots=True)
class SearchKeys:
    """What search compares against for one record, computed once; ``client_keys`` hands the
    same keys to the glossary site's scorer in the browser."""

    chinese: tuple[tuple[str, str], ...]  # (field, lookup_key(form) without spaces)
    english: tuple[EnglishForm, ...]
    pinyin: str
    pinyin_marked: str
    starts: frozenset[int] | None  # syllable starts in pinyin; None: could not split
    pinyin_words: frozenset[str]  # toneless words of the pinyin, for typos
    initials: str
    alias_pinyin: tuple[tuple[str, str, str], ...]  # (toneless pinyin, initials, alias)
    typo_words: frozenset[str]  # every word a typo may be corrected to


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
) -> SearchKeys:
    """Derived search keys, cached by content (records do not change once loaded)."""
    chinese = [("zh", zh)] + [("alias", a) for a in aliases] + [("zh_hk", zh_hk), ("zh_tw", zh_tw)]
    chinese += [("alias_hk", a) for a in aliases_hk] + [("alias_tw", a) for a in aliases_tw]
    marked = "".join(c for c in unicodedata.normalize("NFC", pinyin).lower() if c.isalnum())
    flat = toneless(pinyin)
    units = _pinyin_units(pinyin)
    starts = _starts(units) if "".join(units) == flat else None
    english_keys = tuple(_english(field, form) for field, form in english)
    pinyin_words = frozenset(w for w in map(toneless, _PINYIN_WORDS.split(pinyin)) if w)
    alias_pinyin = _alias_pinyin(zh, aliases, pinyin)
    typo_words = {flat, *pinyin_words, *(entry[0] for entry in alias_pinyin)}
    typo_words.update(word for entry in english_keys for word in entry.words)
    return SearchKeys(
        chinese=tuple((field, lookup_key(form).replace(" ", "")) for field, form in chinese),
        english=english_keys,
        pinyin=flat,
        pinyin_marked=marked,
        starts=starts,
        pinyin_words=pinyin_words,
        initials="".join(unit[0] for unit in units),
        alias_pinyin=alias_pinyin,
        typo_words=frozenset(w for w in typo_words if len(w) >= 4 and w.isalpha()),
    )


def _starts(pieces: Sequence[str]) -> frozenset[int]:
    offsets, at = [], 0
    for piece in pieces:
        offsets.append(at)
        at += len(piece)
    return frozenset(offsets)


def _english(field: str, form: str) -> EnglishForm:
    words = english_words(form)
    return EnglishForm(field, form, lookup_key(form), words, "".join(words), _starts(words))


def _syllables(pinyin: str) -> list[str] | None:
    """Our curated pinyin as toneless syllables, or None if a piece is not pinyin."""
    found: list[str] = []
    for chunk in _PINYIN_SEPARATORS.split(pinyin):
        flat = toneless(chunk)
        if not flat:
            continue
        pieces = _split(flat) if flat.isalpha() else None
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


def record_keys(record: Record) -> SearchKeys:
    """The keys search compares *record* by (cached by content)."""
    english = [("en", record["en"])]
    english += [("en_alternative", form) for form in record["en_alternatives"]]
    english += [("en_avoid", form) for form in record["en_avoid"]]
    return _keys(record["zh"], tuple(record["aliases"]), record["zh_hk"], record["zh_tw"],
                 tuple(english), record["pinyin"], tuple(record["aliases_hk"]),
                 tuple(record["aliases_tw"]))


def client_keys(record: Record) -> dict[str, Any]:
    """*record*'s search keys as JSON, for the glossary site's scorer (operations/site.py).

    The browser cannot run pypinyin or OpenCC, and a second spelling of how a form becomes a
    key would drift from this one; so the site ships the keys this module computes, and its
    script only normalises the query and scores (tests/test_site_search.py compares the two
    on 50 queries).
    """
    keys = record_keys(record)
    return {
        "chinese": [[field, key, _form_text(record, field, key)] for field, key in keys.chinese],
        "english": [[form.field, form.form, form.key, list(form.words), form.compact,
                     sorted(form.starts)] for form in keys.english],
        "pinyin": keys.pinyin,
        "marked": keys.pinyin_marked,
        "starts": None if keys.starts is None else sorted(keys.starts),
        "pinyinWords": sorted(keys.pinyin_words),
        "initials": keys.initials,
        "aliasPinyin": [list(entry) for entry in keys.alias_pinyin],
        "typoWords": sorted(keys.typo_words),
    }


def traditional_table(records: Sequence[Record]) -> dict[str, str]:
    """Traditional character -> Simplified (OpenCC ``t2s``, one character at a time) for every
    character of the stored Hong Kong and Taiwan forms: what the site's scorer converts a
    Traditional query with, where ``search_records`` converts the whole query with OpenCC."""
    from ..text.chinese import to_simplified

    characters = {char for record in records
                  for form in (record["zh_hk"], record["zh_tw"], *record["aliases_hk"],
                               *record["aliases_tw"])
                  for char in form if _CJK.match(char)}
    table = {char: to_simplified(char) for char in sorted(characters)}
    return {char: simple for char, simple in table.items() if simple != char}


@dataclass(frozen=True, slots=True)
class Hit:
    """A raw search result over records (``Glossary.search`` wraps it as a Match)."""

    position: int
    score: float
    field: str
    text: str


@dataclass(frozen=True, slots=True)
class _Query:
    """The query in every form the scorers compare, computed once per search."""

    key: str  # lookup_key(query)
    marked: str  # letters and digits with their tone marks
    flat: str  # toneless(query)
    words: tuple[str, ...]  # english_words(query)
    pinyin_words: tuple[str, ...]  # toneless words, split at spaces and hyphens

    @classmethod
    def of(cls, query: str, key: str) -> _Query:
        marked = "".join(c for c in unicodedata.normalize("NFC", query).lower() if c.isalnum())
        pinyin_words = tuple(w for w in map(toneless, _PINYIN_WORDS.split(query)) if w)
        return cls(key, marked, toneless(query), english_words(query), pinyin_words)


_Scored = tuple[float, str, str]  # (score, field, text of the form that matched)


def _coverage_score(base: float, span: float, part: int, whole: int) -> float:
    return round(min(99.0, base + span * part / max(whole, 1)), 1)


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)} or {text}


def _score_chinese(query: str, keys: SearchKeys, record: Record) -> _Scored | None:
    """Exact 100; a substring by coverage (50-99); else shared character bigrams (Dice
    coefficient of at least 0.4, scoring 20-50), so 鸿蒙系统 still finds 鸿蒙操作系统."""
    best: _Scored | None = None
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
    """The stored spelling of the form whose lookup key (spaces removed) is *key*."""
    candidates: list[str] = {"zh": [record["zh"]], "alias": record["aliases"],
                             "zh_hk": [record["zh_hk"]], "zh_tw": [record["zh_tw"]],
                             "alias_hk": record["aliases_hk"],
                             "alias_tw": record["aliases_tw"]}[field]
    return next((form for form in candidates if lookup_key(form).replace(" ", "") == key),
                candidates[0])


def _at_start(part: str, whole: str, starts: frozenset[int] | None) -> int | None:
    """Where *part* occurs in *whole* at one of *starts* (anywhere if None), else None."""
    at = whole.find(part)
    while at >= 0:
        if starts is None or at in starts:
            return at
        at = whole.find(part, at + 1)
    return None


def _score_pinyin(flat: str, marked: str, keys: SearchKeys) -> _Scored | None:
    if len(flat) < 2:
        return None
    if flat == keys.pinyin:
        return (98.0 if marked == keys.pinyin_marked else 95.0, "pinyin", "")
    for alias_pinyin, alias_initials, alias in keys.alias_pinyin:
        if flat == alias_pinyin:
            return (94.0, "alias_pinyin", alias)
        if flat == alias_initials:
            return (84.0, "alias_initials", alias)
    at = _at_start(flat, keys.pinyin, keys.starts)
    if at is not None:
        bonus = 5 if marked and marked != flat and marked in keys.pinyin_marked else 0
        bonus += 8 if at == 0 else 0
        return (_coverage_score(40 + bonus, 50, len(flat), len(keys.pinyin)), "pinyin", "")
    if flat.isalpha() and flat in keys.initials:
        if flat == keys.initials:
            return (85.0, "initials", "")
        return (_coverage_score(30, 45, len(flat), len(keys.initials)), "initials", "")
    return None


def _score_english_form(words: Sequence[str], key: str, form: EnglishForm
                        ) -> tuple[int, float] | None:
    """How closely query *words* (lookup key *key*) match one English form: the tier (3 exact,
    2 same words, 1 same letters, 0 partial) and the score, 80 % of it for a form to avoid.

    Partial: every query word begins a word of the form, or the query's letters run from
    the start of a form word, across spaces the form lacks or has (``harmony os next``),
    to the end of one (one typed word must not end inside the next form word: ``goods`` is
    not ``good start``)."""
    compact = "".join(words)
    if key == form.key:
        tier, score = 3, 100.0
    elif tuple(words) == form.words:
        tier, score = 2, 98.0
    elif compact == form.compact:
        tier, score = 1, 96.0
    elif all(_starts_a_word(form.words, q) for q in words):
        tier, score = 0, _coverage_score(35, 55, len(compact), len(form.compact))
        if f" {' '.join(words)}" in f" {' '.join(form.words)}":
            score = min(99.0, score + 5)
    elif _spans_words(compact, len(words) > 1, form):
        tier, score = 0, _coverage_score(35, 55, len(compact), len(form.compact))
    else:
        return None
    return (tier, round(score * 0.8, 1) if form.field == "en_avoid" else score)


def _spans_words(compact: str, spaced: bool, form: EnglishForm) -> bool:
    """*compact* runs from the start of a form word to the end of one (or anywhere, when the
    query was typed as several words)."""
    ends = {*form.starts, len(form.compact)}
    return any(form.compact.startswith(compact, start)
               and (spaced or start + len(compact) in ends) for start in form.starts)


def _score_english(query: _Query, keys: SearchKeys) -> _Scored | None:
    """The record's closest English form: a higher tier wins whatever the scores (so typing
    a form to avoid exactly reports that form), then the higher score."""
    if not query.words:
        return None
    best: tuple[int, float, str, str] | None = None
    for form in keys.english:
        scored = _score_english_form(query.words, query.key, form)
        if scored is not None and (best is None or scored > best[:2]):
            best = (*scored, form.field, form.form)
    return None if best is None else (best[1], best[2], best[3])


def _typo_neighbours(query: _Query, all_keys: Sequence[SearchKeys]) -> dict[str, dict[str, int]]:
    """For each alphabetic query word (and the query run together as pinyin) of 4 letters or
    more, the words of any form within its edit allowance, with their distance."""
    asked = {w for w in (*query.words, *query.pinyin_words, query.flat)
             if len(w) >= 4 and w.isalpha()}
    if not asked:
        return {}
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    vocabulary = sorted(frozenset().union(*(keys.typo_words for keys in all_keys)))
    found: dict[str, dict[str, int]] = {}
    for word in asked:
        close = process.extract(word, vocabulary, scorer=OSA.distance, limit=None,
                                score_cutoff=_typo_allowance(len(word)))
        found[word] = {w: int(d) for w, d, _ in close
                       if 0 < d <= _typo_allowance(min(len(word), len(w)))}
    return found


def _corrected(words: Sequence[str], found: Sequence[str], neighbours: dict[str, dict[str, int]],
               matches: Callable[[str], bool]) -> list[str] | None:
    """*words* with each word that does not match as typed replaced by its nearest word of
    *found*; None if some word matches neither way or none needed correcting."""
    out: list[str] = []
    changed = False
    for word in words:
        if matches(word):
            out.append(word)
            continue
        close = neighbours.get(word, {})
        candidates = [w for w in found if w in close]
        if not candidates:
            return None
        out.append(min(candidates, key=lambda w: (close[w], w)))
        changed = True
    return out if changed else None


def _starts_a_word(words: Sequence[str], part: str) -> bool:
    return any(word.startswith(part) for word in words)


def _score_typo(query: _Query, keys: SearchKeys, neighbours: dict[str, dict[str, int]]
                ) -> _Scored | None:
    """A quarter of the score of the query with its misspelt words corrected to this record's."""
    candidates: list[_Scored] = []
    for form in keys.english:
        fixed = _corrected(query.words, form.words, neighbours, partial(_starts_a_word, form.words))
        if fixed is not None:
            scored = _score_english_form(fixed, " ".join(fixed), form)
            if scored is not None:
                candidates.append((scored[1], form.field, form.form))
    close = neighbours.get(query.flat, {})
    wholes = [keys.pinyin] + [entry[0] for entry in keys.alias_pinyin]
    pinyin_fix: list[str] | None = [w for w in wholes if w in close][:1] or _corrected(
        query.pinyin_words, sorted(keys.pinyin_words), neighbours,
        lambda q: _at_start(q, keys.pinyin, keys.starts) is not None)
    if pinyin_fix is not None:
        pinyin_scored = _score_pinyin("".join(pinyin_fix), "", keys)
        if pinyin_scored is not None:
            candidates.append(pinyin_scored)
    if not candidates:
        return None
    score, field, text = max(candidates, key=lambda c: c[0])
    return (round(score * _TYPO_SHARE, 1), field, text)


def search_records(records: Sequence[Record], query: str, limit: int = 10) -> list[Hit]:
    """Score every record against *query* and return the best *limit* hits, best first."""
    key = lookup_key(query)
    if not key or limit <= 0:
        return []
    is_chinese = bool(_CJK.search(key))
    if is_chinese:
        key = key.replace(" ", "")
    parsed = _Query.of(query, key)
    hits: list[Hit] = []
    missed: list[tuple[int, SearchKeys]] = []
    all_keys = [record_keys(record) for record in records]
    for position, (record, keys) in enumerate(zip(records, all_keys, strict=True)):
        scored = [_score_chinese(key, keys, record)] if is_chinese else [
            _score_chinese(key, keys, record), _score_pinyin(parsed.flat, parsed.marked, keys),
            _score_english(parsed, keys)]
        best = max((s for s in scored if s is not None), default=None, key=lambda s: s[0])
        if best is not None:
            hits.append(Hit(position, best[0], best[1], best[2] or record["pinyin"]))
        else:
            missed.append((position, keys))
    if is_chinese:
        hits = _add_traditional_hits(records, key, hits)
    elif len(hits) < limit and missed:  # typo hits rank below every other: only to fill up
        neighbours = _typo_neighbours(parsed, all_keys)
        for position, keys in missed if neighbours else ():
            typo = _score_typo(parsed, keys, neighbours)
            if typo is not None:
                hits.append(Hit(position, typo[0], typo[1], typo[2] or records[position]["pinyin"]))
    hits.sort(key=lambda hit: (-hit.score, records[hit.position]["id"]))
    return hits[:limit]


def _add_traditional_hits(records: Sequence[Record], key: str, hits: list[Hit]) -> list[Hit]:
    """Convert a Traditional query with OpenCC t2s when stored forms found nothing exact."""
    if any(hit.score == 100.0 for hit in hits):
        return hits
    from ..text.chinese import to_simplified

    simplified = lookup_key(to_simplified(key)).replace(" ", "")
    if simplified == key:
        return hits
    found = {hit.position: hit for hit in hits}
    for position, record in enumerate(records):
        scored = _score_chinese(simplified, record_keys(record), record)
        if scored is None:
            continue
        score = round(scored[0] * 0.97, 1)  # converted, so a shade less certain than stored
        if position not in found or found[position].score < score:
            found[position] = Hit(position, score, scored[1], scored[2])
    return list(found.values())
