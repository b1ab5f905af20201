"""Term notes for a translation-memory match: the glossary terms of the query, and what the
match's target gets wrong about them.

A fuzzy match is another sentence's translation: it may use a form the glossary says to avoid,
or, since the query differs from the stored source, lack a term the query has. CAT tools show
the terms of the segment and the matches side by side and leave the comparison to the
translator; here each match carries it. The check is the one ``check_translation`` runs on a
finished pair (``Glossary.terminology``, over ``core.qa``), applied to the query and the
match's target: so a note at match time and the QA of the finished file never disagree.

Both directions. Chinese to English: the terms found in the Chinese query (Simplified or
Traditional), each with its preferred English; warnings where the target uses a form to avoid
or none of the term's accepted English. English to Chinese: the terms whose English (any form)
is in the query, each with its curated Chinese for the target's variant; warnings where the
target lacks that Chinese or uses a Simplified or other region's form instead.
"""

from __future__ import annotations

from .languages import curated_fields, is_chinese, is_english, language_of
from .model import TermNote

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .glossary import Glossary
    from .model import Term, TermIssue

__all__ = ["TermNote", "term_notes", "warning_for"]


def term_notes(query: str, target: str, *, source_lang: str = "zh-CN", target_lang: str = "en",
               glossary: Glossary | None = None,
               ) -> tuple[tuple[TermNote, ...], tuple[str, ...]]:
    """The glossary terms in *query*, in order of first occurrence, and one warning (an
    English sentence naming the term) per problem of *target* with them.

    ``TermNote.chinese`` is the form as written in a Chinese query, and the curated form for
    *target_lang* when the query is English (the head form, or the alias an English short form
    stands for: Greater Bay Area is 大湾区, 大灣區 in zh-TW); ``english`` is always
    the preferred English. *glossary* defaults to the shipped one. A language pair that is not
    Chinese and English has no notes: the glossary has nothing to say about it.

    >>> notes, warnings = term_notes("鸿蒙操作系统全面商用", "The Hongmeng OS is in full use.")
    >>> [(note.chinese, note.english) for note in notes]
    [('鸿蒙操作系统', 'HarmonyOS')]
    >>> warnings
    ('The target writes "Hongmeng OS", a form to avoid for 鸿蒙操作系统 (harmonyos); use "HarmonyOS".',)
    >>> term_notes("the Greater Bay Area", "大灣區", source_lang="en", target_lang="zh-TW")
    ((TermNote(chinese='大灣區', english='Guangdong-Hong Kong-Macao Greater Bay Area', term_id='guangdong-hong-kong-macao-greater-bay-area'),), ())
    """
    source_language, target_language = language_of(source_lang), language_of(target_lang)
    english_to_chinese = is_english(source_language) and is_chinese(target_language)
    if not english_to_chinese and not (is_chinese(source_language)
                                       and is_english(target_language)):
        return (), ()
    if glossary is None:
        from .api import _shipped

        glossary = _shipped()
    found, issues = glossary.terminology(query, target, source_lang=source_lang,
                                         target_lang=target_lang)
    if english_to_chinese:
        notes = tuple(TermNote(_chinese_for(term, form, target_language), term.en, term.id)
                      for term, form in found)
    else:
        notes = tuple(TermNote(form, term.en, term.id) for term, form in found)
    return notes, tuple(warning_for(issue, target_language) for issue in issues)


def _chinese_for(term: Term, english: str, language: str) -> str:
    """The Chinese to write for *term* in *language*, named in English by *english*: the alias
    whose short form that is (Greater Bay Area -> 大湾区), else the head form."""
    field = curated_fields(language)[0]
    for alias, short in term.short_forms:
        if short == english:
            return term.alias_form(alias, field)
    return str(getattr(term, field))


def _either(forms: tuple[str, ...]) -> str:
    quoted = [f'"{form}"' for form in forms]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def warning_for(issue: TermIssue, target_language: str = "en") -> str:
    """One terminology issue as a sentence a translator reads beside the match: what the
    target has, for which term (as the query writes it, and the entry's id), and what to use.
    """
    term, source, expected = issue.term, issue.source_form, _either(issue.expected)
    # Chinese as it is, English in quotes, as the sentence around it is English.
    named = f"{source} ({term.id})" if not source.isascii() else f'"{source}" ({term.id})'
    if issue.kind == "avoid":
        return (f'The target writes "{issue.found}", a form to avoid for {named}; '
                f'use "{term.en}".')
    if issue.kind == "simplified":
        return (f'The target writes the Simplified "{issue.found}" for {named} in '
                f"{target_language} text; use {expected}.")
    if issue.kind == "variant":
        return (f'The target writes "{issue.found}", another region\'s form, for {named} in '
                f"{target_language} text; use {expected}.")
    language = "Chinese" if is_chinese(target_language) else "English"
    return f"The target has no accepted {language} for {named}: use {expected}."
