"""Keys and trigrams: how a memory compares a source with a query, shared by every backend.

Three forms of a text:

* ``normalise``: NFC and white space collapsed to one space, ends stripped. A unit's identity
  (``unit_digest``) is its source, target and languages in this form.
* the *key* (``fold_keys``): the normalised source with Traditional characters folded to
  Simplified by OpenCC's t2s, for Chinese sources. It is what the index holds and what a
  query is compared with, so that a Traditional query finds a Simplified unit.
* trigram ids (``trigrams``): each run of three characters of a key as one integer, the three
  code points side by side in 21 bits each (63 bits: a SQLite integer, a PostgreSQL bigint),
  so an index needs no table of gram strings and no lookup to find a gram's id.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Sequence

from ..core.languages import language_of, primary_language

__all__ = ["GRAM", "fold_keys", "key_hash", "language_tag", "normalise", "pair_of", "trigrams",
           "unit_digest"]

#: The length of a gram: character trigrams select far better than bigrams in Chinese
#: (../shared/design/peers.md, Addendum: 8.6x against 3.4x at a million segments).
GRAM = 3


def normalise(text: str) -> str:
    """NFC, and every run of white space one space, ends stripped.

    >>> normalise(" 广州\\u3000 科技\\n创新 ")
    '广州 科技 创新'
    """
    text = unicodedata.normalize("NFC", text)
    return " ".join(text.split())


def language_tag(tag: str) -> str:
    """The tag a memory stores: the variant ``language_of`` folds it to (zh-CN, zh-HK, zh-TW,
    zh-Hant, en), or the primary subtag of any other language.

    >>> language_tag("zh_Hans"), language_tag("en-GB"), language_tag("ja-JP")
    ('zh-CN', 'en', 'ja')
    """
    return language_of(tag)


def pair_of(source_lang: str, target_lang: str) -> str:
    """The language pair units are searched in: the two primary languages ("zh>en"), so
    that a zh-HK unit answers a zh-CN query (the keys are folded to Simplified).

    >>> pair_of("zh-TW", "en-US")
    'zh>en'
    """
    return f"{primary_language(source_lang)}>{primary_language(target_lang)}"


def fold_keys(texts: Sequence[str], source_lang: str) -> list[str]:
    """The keys of already normalised *texts* in *source_lang*: Chinese folded to Simplified.

    OpenCC is called once for the whole batch (the texts joined by line feeds, which no
    normalised text contains), since a call costs far more than the characters in it.
    """
    if primary_language(source_lang) != "zh" or not texts:
        return list(texts)
    if all(text.isascii() for text in texts):
        return list(texts)
    from ..text.chinese import to_simplified

    folded = to_simplified("\n".join(texts)).split("\n")
    if len(folded) != len(texts):  # never seen; keep the batch aligned whatever OpenCC did
        return [to_simplified(text) for text in texts]
    return folded


def trigrams(key: str) -> tuple[int, ...]:
    """The distinct trigram ids of *key*, in order of first appearance.

    >>> trigrams("广州市") == ((ord("广") << 42) | (ord("州") << 21) | ord("市"),)
    True
    >>> trigrams("广州")
    ()
    """
    codes = [ord(char) for char in key]
    grams = [(a << 42) | (b << 21) | c for a, b, c in zip(codes, codes[1:], codes[2:],
                                                           strict=False)]
    return tuple(dict.fromkeys(grams))


def key_hash(key: str) -> int:
    """A signed 64-bit hash of a key, for exact lookup by an integer index."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(),
                          "big", signed=True)


def unit_digest(source: str, target: str, source_lang: str, target_lang: str) -> bytes:
    """A unit's identity: 16 bytes of BLAKE2b over its normalised source and target and its
    languages (as ``language_tag`` stores them)."""
    text = f"{source}\x1f{target}\x1f{source_lang}\x1f{target_lang}"
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()
