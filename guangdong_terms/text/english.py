"""English as the glossary compares it: normalised word sequences, and words as written.

Case, plurals and possessives, hyphens and dashes, the articles a/an/the, punctuation and line
breaks do not matter to a term: "the Guangdong–Hong Kong–Macao Greater Bay Area's" contains
"Guangdong-Hong Kong-Macao Greater Bay Area". Used by terminology QA in both directions and by
``validate``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["WORD", "appears_as_written", "english_words"]

#: A word: letters and digits, with inner apostrophes (Guangdong's).
WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
_ARTICLES = frozenset({"a", "an", "the"})


def _singular(word: str) -> str:
    word = word.removesuffix("'s")
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


# Bounded: glossary forms repeat and stay cached, but `gdterms check` also passes every target
# segment of a file through here, which an unbounded cache would keep for the whole run.
@lru_cache(maxsize=16384)
def english_words(text: str) -> str:
    """Normalised words of *text*, space-separated and padded with spaces for whole-word search.

    >>> english_words("the Guangdong–Hong Kong–Macao Greater Bay Area's labs")
    ' guangdong hong kong macao greater bay area lab '
    """
    text = unicodedata.normalize("NFKC", text).replace("’", "'").casefold()
    words = [_singular(word) for word in WORD.findall(text) if word not in _ARTICLES]
    return " " + " ".join(words) + " "


def appears_as_written(form: str, target: str, *, ignore_case: bool = False) -> bool:
    """*form* in *target* as whole words (with its capitals unless *ignore_case*), however the
    words are spaced or hyphenated."""
    words = [re.escape(word) for word in WORD.findall(form)]
    pattern = r"(?<!\w)" + r"[\s\-\u2010-\u2015]+".join(words) + r"(?!\w)"
    flags = re.IGNORECASE if ignore_case else 0
    return re.search(pattern, unicodedata.normalize("NFKC", target), flags) is not None
