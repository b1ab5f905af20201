"""Provenance and language checks on the glossary source.

Structural checks live in ``_source`` (standard library only, run at build time too). Here:

* provenance, against the seeds: each context sentence occurs verbatim in the cleaned text of
  its seed, the term (or an alias) occurs in the sentence, and the English sentence uses the
  entry's preferred English (compared as ``gdterms check`` compares: case, plurals, articles
  and hyphenation aside), or, where only an alias names the term, the preferred English or an
  accepted alternative;
* language, against pypinyin and OpenCC: the pinyin agrees syllable by syllable with pypinyin,
  and zh_hk / zh_tw equal OpenCC ``s2hk`` / ``s2twp``, unless a recorded override gives the
  reason. An override that is no longer needed is reported too, so reasons never go stale.

Each check is a small function yielding Problems, collected in ``CHECKS`` (babel's checkers).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from ..core.model import Problem
from ..text.normalise import lookup_key
from .seeds import Seed, SeedError, load_seeds
from .source import SourceEntry, read_source

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..core.glossary import Glossary

__all__ = ["check_language", "check_provenance", "validate"]


def check_provenance(entry: SourceEntry, seeds: dict[str, Seed]) -> Iterator[Problem]:
    """Contexts are real: verbatim in their seed, naming the term, translated with its English."""
    record = entry.record
    forms = [lookup_key(form) for form in (record["zh"], *record["aliases"])]
    from ..text.english import english_words

    preferred = english_words(record["en"])
    accepted = [preferred, *(english_words(form) for form in record["en_alternatives"])]
    canonical = lookup_key(record["zh"])
    aliases = [(alias, lookup_key(alias)) for alias in record["aliases"]]
    for number, context in enumerate(record["contexts"]):
        where = f"contexts.{number}"
        seed = seeds.get(context["seed"])
        if seed is None:
            known = ", ".join(sorted(seeds))
            yield entry.problem(f"context {number + 1}: unknown seed {context['seed']!r} "
                                f"(known: {known})", f"{where}.seed", where)
            continue
        if seed.find_line(context["zh"]) is None:
            yield entry.problem(
                f"context {number + 1}: not found verbatim in the cleaned text of seed "
                f"{seed.id} ({seed.file}); copy it from `gdterms seeds text {seed.id}`",
                f"{where}.zh", where)
        sentence = lookup_key(context["zh"])
        if not any(form in sentence for form in forms):
            yield entry.problem(f"context {number + 1}: neither zh nor any alias occurs in the "
                                "sentence", f"{where}.zh", where)
        from .tm_source import style_problems

        for message in style_problems(context["en"]):
            yield entry.problem(f"context {number + 1}: style: {message}", f"{where}.en", where)
        english = english_words(context["en"])
        if canonical in sentence or not any(key in sentence for _, key in aliases):
            if preferred.strip() and preferred not in english:
                yield entry.problem(f"context {number + 1}: the English sentence does not use "
                                    f"the preferred English {record['en']!r}", f"{where}.en",
                                    where)
            continue
        # Only aliases name the term here. An alias is the same concept with the same English,
        # the preferred form or an accepted alternative (a short form's English is one); a
        # sentence that renders it otherwise shows a form with its own English, which is its
        # own entry linked by a relation (as 原生鸿蒙 became HarmonyOS NEXT).
        if not any(form.strip() and form in english for form in accepted):
            named = ", ".join(repr(alias) for alias, key in aliases if key in sentence)
            wanted = " or ".join(repr(form) for form in (record["en"],
                                                          *record["en_alternatives"]))
            yield entry.problem(
                f"context {number + 1}: alias {named} is translated with neither the preferred "
                f"English nor an accepted alternative ({wanted}); an alias must have the "
                "entry's English, or become its own entry linked by a relation",
                f"{where}.en", where)


_TONE_DIGIT = re.compile(r"[a-zü][1-5]\b", re.IGNORECASE)


def _letters(pinyin: str) -> str:
    """Pinyin reduced to what pypinyin can be compared on: letters and digits, lower case."""
    text = unicodedata.normalize("NFC", pinyin).lower()
    return "".join(char for char in text if char.isalnum())


def check_pinyin(entry: SourceEntry) -> Iterator[Problem]:
    """Our pinyin spells pypinyin's syllables (orthography aside), or says why not."""
    from ..text.chinese import pinyin_syllables

    record = entry.record
    ours = record["pinyin"]
    if _TONE_DIGIT.search(ours):
        yield entry.problem(f"pinyin {ours!r} uses tone numbers; write tone marks", "pinyin")
    if "  " in ours:
        yield entry.problem("pinyin has a double space", "pinyin")
    syllables = pinyin_syllables(record["zh"])
    expected = _letters("".join(syllables))
    overridden = "pinyin" in record.get("overrides", {})
    if _letters(ours) != expected and not overridden:
        yield entry.problem(
            f"pinyin {ours!r} differs from pypinyin {' '.join(syllables)!r}; fix it, or record "
            "[term.overrides] pinyin = \"reason\"", "pinyin")
    elif _letters(ours) == expected and overridden:
        yield entry.problem("overrides.pinyin is not needed: pypinyin agrees; remove it",
                            "overrides.pinyin")


def check_traditional(entry: SourceEntry) -> Iterator[Problem]:
    """zh_hk / zh_tw equal OpenCC s2hk / s2twp, or say why not."""
    from ..text.chinese import to_hk, to_tw

    record = entry.record
    for field, convert, config in (("zh_hk", to_hk, "s2hk"), ("zh_tw", to_tw, "s2twp")):
        generated = convert(record["zh"])
        overridden = field in record.get("overrides", {})
        if record[field] != generated and not overridden:
            yield entry.problem(
                f"{field} {record[field]!r} differs from OpenCC {config} {generated!r}; fix it, "
                f"or record [term.overrides] {field} = \"reason\"", field)
        elif record[field] == generated and overridden:
            yield entry.problem(f"overrides.{field} is not needed: OpenCC {config} gives the "
                                "same; remove it", f"overrides.{field}")
    yield from check_traditional_aliases(entry)


def check_traditional_aliases(entry: SourceEntry) -> Iterator[Problem]:
    """aliases_hk / aliases_tw equal OpenCC s2hk / s2twp of each alias, or say why not.

    The same rule as the head form's, alias by alias; an override is keyed by the list and
    the Simplified alias (``"aliases_tw.大湾区" = "reason"``).
    """
    from ..text.chinese import to_hk, to_tw

    record = entry.record
    overrides = record.get("overrides", {})
    for field, convert, config in (("aliases_hk", to_hk, "s2hk"),
                                   ("aliases_tw", to_tw, "s2twp")):
        for alias, form in zip(record["aliases"], record[field], strict=True):
            generated = convert(alias)
            key = f"{field}.{alias}"
            if form != generated and key not in overrides:
                yield entry.problem(
                    f"{field} differs from OpenCC {config} for alias {alias!r}: {form!r}, not "
                    f"{generated!r}; fix it, or record [term.overrides] \"{key}\" = \"reason\"",
                    field)
            elif form == generated and key in overrides:
                yield entry.problem(f"overrides.{key} is not needed: OpenCC {config} gives the "
                                    "same alias form; remove it", f"overrides.{key}", "overrides")


def check_language(entry: SourceEntry) -> Iterator[Problem]:
    """Pinyin and Traditional forms against pypinyin and OpenCC."""
    yield from check_pinyin(entry)
    yield from check_traditional(entry)


def validate(glossary_dir: str = "glossary", seeds_dir: str = "seeds",
             tm_dir: str | None = None, *, candidates: bool = False) -> list[Problem]:
    """Every problem in the glossary source: structure, provenance, pinyin, Traditional forms;
    and, given *tm_dir*, in the translation memory: coverage, numbers, terminology. With
    *candidates*, every candidate term in the seeds (curation/candidates.py) that is neither
    in the glossary nor recorded as not a term in ``seeds/not-terms.toml``, and every recorded
    decision that no longer names a candidate.

    Language and provenance checks run only on structurally sound data, since they assume the
    fields exist with the right types. A folder with an interrupted import pending
    (curation/journal.py) is refused with that one problem: its files may be half old, half new.
    """
    from .journal import pending, refusal

    refused = refusal(glossary_dir)
    if refused:
        return [Problem(pending(glossary_dir) or glossary_dir, 0, None, refused)]
    entries, problems = read_source(glossary_dir)
    try:
        seeds = load_seeds(seeds_dir)
    except SeedError as error:
        return [*problems, Problem(seeds_dir, 0, None, str(error))]
    broken = {(problem.path, problem.term_id) for problem in problems}
    for entry in entries:
        if (entry.path, entry.id) in broken:
            continue
        problems.extend(check_provenance(entry, seeds))
        problems.extend(check_language(entry))
    # One glossary (one term automaton) serves the context and the TM terminology checks,
    # and only a glossary that is itself clean is worth checking against.
    glossary = None if problems else _glossary_of(entries)
    if glossary is not None:
        problems.extend(check_context_terminology(entries, glossary))
    if tm_dir is not None:
        from .tm_source import check_tm, read_tm

        files, tm_problems = read_tm(tm_dir)
        problems += tm_problems + check_tm(files, seeds, None if problems else glossary)
        if glossary is not None:  # like the terminology checks: only on a sound glossary
            segments = {segment["zh"]: (path, segment["en"])
                        for entries_of_seed in files.values()
                        for path, _, segment, _ in entries_of_seed
                        if isinstance(segment.get("zh"), str)
                        and isinstance(segment.get("en"), str)}
            problems.extend(check_one_translation_per_sentence(entries, segments))
    if candidates:
        problems.extend(check_candidates(seeds_dir, seeds, glossary))
    return sorted(problems, key=lambda p: (p.path, p.line))


def check_candidates(seeds_dir: str, seeds: dict[str, Seed],
                     glossary: Glossary | None) -> Iterator[Problem]:
    """Every candidate term of the seeds is decided: an entry, or a recorded not-term; and
    every recorded not-term is still a candidate (else the decision is stale)."""
    import os

    from .candidates import DECISIONS_FILE, find_candidates, read_decisions

    path = os.path.join(seeds_dir, DECISIONS_FILE)
    decisions, problems = read_decisions(seeds_dir)
    for line, message in problems:
        yield Problem(path, line, None, message)
    if glossary is None:  # candidates are judged against a sound glossary only
        return
    found = find_candidates({seed_id: seed.text for seed_id, seed in seeds.items()}, glossary)
    for candidate in found:
        if candidate.text in decisions:
            continue
        seed = seeds[candidate.source]
        raw = seed.raw_lines(candidate.line)[0]
        yield Problem(os.path.join(seeds_dir, seed.file), raw, None,
                      f"undecided candidate term {candidate.text!r} ({candidate.category}, "
                      f"{candidate.count}x): add a glossary entry, or record it in {path} "
                      "with the reason it is not a term")
    texts = {candidate.text for candidate in found}
    for text, (_, line) in decisions.items():
        if text not in texts:
            yield Problem(path, line, None, f"{text}: no longer a candidate in the seeds; "
                          "remove this stale decision")


def check_one_translation_per_sentence(entries: list[SourceEntry],
                                       segments: dict[str, tuple[str, str]]) -> Iterator[Problem]:
    """A Chinese sentence has one English everywhere: in every entry that cites it and in the TM.

    Exports hold a unit per context sentence and per TM segment, so two translations of one
    sentence reach a CAT tool as two different full matches.
    """
    first: dict[str, tuple[str, str]] = {}  # context sentence -> (entry id, its English)
    for entry in entries:
        for number, context in enumerate(entry.record["contexts"]):
            zh, en = context["zh"], context["en"]
            if zh in segments:
                path, tm_en = segments[zh]
                if en != tm_en:
                    yield entry.problem(f"context {number + 1}: this sentence is a segment of "
                                        f"{path}, whose English differs; use the same English",
                                        f"contexts.{number}.en", f"contexts.{number}")
            elif zh in first and first[zh][1] != en:
                yield entry.problem(f"context {number + 1}: the same sentence in {first[zh][0]} "
                                    "has different English; use the same English",
                                    f"contexts.{number}.en", f"contexts.{number}")
            first.setdefault(zh, (entry.id or "?", en))


def _glossary_of(entries: list[SourceEntry]) -> Glossary:
    from ..core.glossary import Glossary
    from .source import normalise

    return Glossary([normalise(entry.record) for entry in entries])


def check_context_terminology(entries: list[SourceEntry],
                              glossary: Glossary) -> Iterator[Problem]:
    """Every context sentence renders *every* glossary term in it with that term's English.

    Per-entry checks only see the entry's own term; this one sees the others too, so that a
    rendering decided in one entry is used in every other entry's examples.
    """
    for entry in entries:
        for number, context in enumerate(entry.record["contexts"]):
            for issue in glossary.check_translation(context["zh"], context["en"]):
                if issue.term.id == entry.id:
                    continue  # check_provenance already reports the entry's own term
                wanted = " or ".join(repr(form) for form in issue.expected)
                found = f", not the form to avoid {issue.found!r}" if issue.kind == "avoid" else ""
                yield entry.problem(
                    f"context {number + 1}: {issue.source_form} ({issue.term.id}) must be "
                    f"rendered {wanted}{found}", f"contexts.{number}.en", f"contexts.{number}")

