"""Terminology QA in both directions: does a translation use the glossary's words?

Chinese to English: every term found in the Chinese source must appear in the English target as
its preferred English or an accepted alternative, and no form to avoid may appear. English is
compared on normalised word sequences (``text.english``), so case, plurals and possessives,
hyphens and dashes, the articles a/an/the, punctuation and line breaks do not matter.

English to Chinese: every term whose English (any form, even one to avoid) is found in the
English source must appear in the Chinese target in the curated form of the target's variant:
its head form or an alias in Simplified, its Hong Kong or Taiwan form in Traditional. A
Simplified form in a Traditional target is an issue of its own (``simplified``), as is the other
region's form (``variant``).
"""

from __future__ import annotations

import re

from ..text.english import WORD, appears_as_written, english_words
from .languages import TRADITIONAL, curated_fields
from .model import Term, TermIssue

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .english import EnglishHit
    from .recognize import TermHit

__all__ = ["chinese_forms", "english_words", "issues_for_chinese_target", "issues_for_segment"]

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
        if twin and not appears_as_written(form, target, ignore_case=True):
            continue
        # A one-word form to avoid written with a capital is a name ("Dream" for the drilling
        # ship 梦想号): only that spelling is a use of it, not the ordinary word "dream".
        # Longer forms ("Hongmeng OS") are unambiguous in any case.
        if (form != form.lower() and len(WORD.findall(form)) == 1
                and not appears_as_written(form, target)):
            continue
        issues.append(TermIssue("avoid", term, source_form, term.english_forms, form))
    return issues


def chinese_forms(term: Term, language: str) -> tuple[str, ...]:
    """The curated forms of *term* that a text in *language* (zh-CN, zh-HK, zh-TW, zh-Hant)
    should use."""
    forms: list[str] = []
    for name in curated_fields(language):
        value = getattr(term, name)
        forms.extend(value if isinstance(value, tuple) else (value,))
    return tuple(dict.fromkeys(forms))


def issues_for_chinese_target(source_terms: list[tuple[Term, EnglishHit]],
                              target_hits: list[TermHit], target: str,
                              language: str) -> list[TermIssue]:
    """Terminology issues of one English -> Chinese segment: each term found in the English
    source, against the terms found in the Chinese *target* (in *language*). A Latin name the
    Chinese text keeps as it is (GDP, eVTOL, 5G-A) counts as the term's Chinese."""
    by_term: dict[str, list[TermHit]] = {}
    for hit in target_hits:
        by_term.setdefault(hit.term.id, []).append(hit)
    traditional = language in ("zh-HK", "zh-TW", TRADITIONAL)
    issues: list[TermIssue] = []
    for term, english in source_terms:
        accepted = chinese_forms(term, language)
        used = by_term.get(term.id, [])
        if any(hit.form in accepted for hit in used) or _kept_in_latin(english.form, target):
            continue
        if not used:
            issues.append(TermIssue("missing", term, english.form, accepted, ""))
            continue
        simplified = ({term.zh, *term.aliases}
                      - {term.zh_hk, term.zh_tw, *term.aliases_hk, *term.aliases_tw})
        wrong = used[0]
        kind = "simplified" if traditional and wrong.form in simplified else "variant"
        issues.append(TermIssue(kind, term, english.form, accepted, wrong.text))
    return issues


def _kept_in_latin(form: str, target: str) -> bool:
    """A Latin name written as it is inside Chinese text (对GDP增长, eVTOL行业): bounded by what
    is not a Latin letter or digit, since Han characters are word characters too."""
    if not form.isascii():
        return False
    pattern = r"(?<![A-Za-z0-9])" + re.escape(form) + r"(?![A-Za-z0-9])"
    return re.search(pattern, target) is not None
