"""Terminology QA: does a translation use the glossary's English for the terms of its source?

For each segment, every term found in the Chinese source must appear in the English target as
its preferred English or an accepted alternative, and no form to avoid may appear. English is
compared on normalised word sequences, so case, plurals and possessives, hyphens and dashes,
the articles a/an/the, punctuation and line breaks do not matter: "the Guangdong–Hong Kong–Macao
Greater Bay Area's" contains "Guangdong-Hong Kong-Macao Greater Bay Area".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .model import Term, TermIssue

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .recognize import TermHit

__all__ = ["english_words", "issues_for_segment"]

_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
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
    words = [_singular(word) for word in _WORD.findall(text) if word not in _ARTICLES]
    return " " + " ".join(words) + " "


def _contains(haystack: str, needle: str) -> bool:
    return needle.strip() != "" and needle in haystack


def issues_for_segment(hits: list[TermHit], target: str) -> list[TermIssue]:
    """Terminology issues of one segment, given the terms found in its source."""
    target_words = english_words(target)
    # Accepted English of every term in the segment, longest first: a form to avoid for one
    # term may be part of the right English of another ("provincial key laboratory" is wrong
    # for 省实验室, but inside "Guangdong provincial key laboratory", right for 省重点实验室).
    accepted_here = sorted({form for hit in hits for form in hit.term.english_forms},
                           key=len, reverse=True)
    issues: list[TermIssue] = []
    seen: set[str] = set()
    for hit in hits:
        term = hit.term
        if term.id in seen:
            continue
        seen.add(term.id)
        accepted = term.english_forms
        avoided = _avoided(term, hit.text, target_words, target, accepted_here)
        if avoided:
            issues.extend(avoided)
        elif not any(_contains(target_words, english_words(form)) for form in accepted):
            issues.append(TermIssue("missing", term, hit.text, accepted, ""))
    return issues


def _avoided(term: Term, source_form: str, target_words: str, target: str,
             accepted_here: list[str]) -> list[TermIssue]:
    issues = []
    for form in term.en_avoid:
        avoid_words = english_words(form)
        # An avoided form inside a *longer* accepted one ("Greater Bay Area" inside "...
        # Greater Bay Area Development Plan") is not a use of it, so those are blanked first;
        # a shorter accepted form inside the avoided one ("Double First-Class" inside "Double
        # First-Class Construction") does not excuse it.
        remaining = target_words
        twin = False  # an accepted form that normalises to the same words
        for accepted in accepted_here:
            words = english_words(accepted)
            if words == avoid_words:
                twin = True
            elif len(words) > len(avoid_words) and avoid_words.strip() in words:
                remaining = remaining.replace(words, " | ")
        if not _contains(remaining, avoid_words):
            continue
        # "Chinese Academy of Science" and "half an hour research circle" differ from the
        # accepted forms only in what normalisation drops (a plural s, an article): for such
        # twins only the form as written, as whole words, is a use of it.
        if twin and not _appears_as_written(form, target, ignore_case=True):
            continue
        # A one-word form to avoid written with a capital is a name ("Dream" for the drilling
        # ship 梦想号): only that spelling is a use of it, not the ordinary word "dream".
        # Longer forms ("Hongmeng OS") are unambiguous in any case.
        if (form != form.lower() and len(_WORD.findall(form)) == 1
                and not _appears_as_written(form, target)):
            continue
        issues.append(TermIssue("avoid", term, source_form, term.english_forms, form))
    return issues


def _appears_as_written(form: str, target: str, *, ignore_case: bool = False) -> bool:
    """*form* in *target* as whole words (with its capitals unless *ignore_case*), however the
    words are spaced or hyphenated."""
    words = [re.escape(word) for word in _WORD.findall(form)]
    pattern = r"(?<!\w)" + r"[\s\-\u2010-\u2015]+".join(words) + r"(?!\w)"
    flags = re.IGNORECASE if ignore_case else 0
    return re.search(pattern, unicodedata.normalize("NFKC", target), flags) is not None
