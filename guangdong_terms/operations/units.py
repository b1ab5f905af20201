"""Our glossary and TM as translation units (``core.bilingual.Unit``), for the unit writers.

Three kinds of unit come from our data, told apart by the id: one unit per glossary entry (the term
id), one per context sentence (``id#context-N``) and one per translation-memory segment
(``seed-NNN-N``).

The Chinese side is written in one variant per file (zh-CN, zh-HK or zh-TW): CAT tools offer
every Chinese TUV of a unit to a Chinese project at full score (peers.md finding 3), so variants
never share a unit. Traditional sentences are made with OpenCC, except that the glossary terms
inside them take their curated Hong Kong / Taiwan forms (an alias its curated alias form), so
a correction made once in the glossary holds in every sentence.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..core.bilingual import Unit
from ..core.glossary import Glossary
from ..core.languages import VARIANTS
from ..core.model import Term

__all__ = ["glossary_units", "tm_units", "to_variant"]


def to_variant(text: str, variant: str, glossary: Glossary) -> str:
    """*text* (Simplified) in *variant*: OpenCC, with glossary terms in their curated forms:
    the head form's zh_hk / zh_tw, an alias's aliases_hk / aliases_tw.

    >>> from guangdong_terms import Glossary
    >>> to_variant("原生鸿蒙操作系统全面商用", "zh-TW", Glossary.load())
    '原生鴻蒙作業系統全面商用'
    >>> to_variant("先进阿秒激光", "zh-TW", Glossary.load())  # s2twp: 先進阿秒雷射
    '先進阿秒激光'
    """
    if variant == "zh-CN":
        return text
    from ..text.chinese import to_hk, to_tw

    convert = to_hk if variant == "zh-HK" else to_tw
    field = VARIANTS[variant]
    pieces, cursor = [], 0
    for hit in glossary.find_terms(text):
        pieces.append(convert(text[cursor:hit.start]))
        term = hit.term
        if hit.text == term.zh:
            curated = getattr(term, field)
        elif hit.text in term.aliases:
            curated = term.alias_form(hit.text, field)
        else:  # another spelling (quotation marks, width), or already Traditional
            curated = convert(hit.text)
        pieces.append(curated)
        cursor = hit.end
    pieces.append(convert(text[cursor:]))
    return "".join(pieces)


def _term_props(term: Term, example: str) -> tuple[tuple[str, str], ...]:
    """What a term unit says beside its pair: a PO file shows these as extracted comments and
    references, a TMX file keeps them as ``<prop>``s."""
    props = [("x-category", term.category), ("x-pinyin", term.pinyin),
             ("x-status", term.status), ("x-en-source", term.en_source)]
    props += [("x-en-alternative", form) for form in term.en_alternatives]
    props += [("x-en-avoid", form) for form in term.en_avoid]
    if term.definition:
        props.append(("x-definition", term.definition))
    if term.contexts:  # one example in the comments; every seed line as a reference
        props += [("x-context", example), ("x-context-en", term.contexts[0].en)]
    for context in term.contexts:
        props.append(("x-seed", context.seed))
        if context.line:
            props.append(("x-line", str(context.line)))
        if context.end_line:
            props.append(("x-line-end", str(context.end_line)))
    return tuple(props)


def glossary_units(glossary: Glossary, *, variant: str = "zh-CN",
                   categories: Iterable[str] = (), contexts: bool = True) -> Iterator[Unit]:
    """A term unit per entry (and a context unit per context sentence), in id order."""
    wanted = set(categories)
    field = VARIANTS[variant]
    for term in glossary:
        if wanted and term.category not in wanted:
            continue
        example = to_variant(term.contexts[0].zh, variant, glossary) if term.contexts else ""
        yield Unit(term.id, getattr(term, field), term.en, _term_props(term, example),
                   term.notes.strip())
        if not contexts:
            continue
        for number, context in enumerate(term.contexts, start=1):
            lines = f"{context.line}-{context.end_line}" if context.end_line else context.line
            where = f"seed {context.seed}" + (f", line {lines}" if context.line else "")
            props: tuple[tuple[str, str], ...] = (("x-term-id", term.id), ("x-seed", context.seed))
            if context.line:
                props += (("x-line", str(context.line)),)
            if context.end_line:
                props += (("x-line-end", str(context.end_line)),)
            yield Unit(f"{term.id}#context-{number}",
                       to_variant(context.zh, variant, glossary), context.en, props, where)


def tm_units(segments: Iterable[dict[str, object]], glossary: Glossary, *,
             variant: str = "zh-CN") -> Iterator[Unit]:
    """A unit per translation-memory segment, ids ``seed-NNN-N``.

    A unit joined from the pieces of a broken sentence names the retired ids of the pieces in
    ``x-replaces`` props, so a tool holding an older memory can follow them to it.
    """
    for row in segments:
        ident = f"seed-{row['seed']}-{row['n']}"
        props: tuple[tuple[str, str], ...] = (("x-seed", str(row["seed"])),
                                              ("x-line", str(row["line"])))
        if row.get("end_line"):
            props += (("x-line-end", str(row["end_line"])),)
        replaces = row.get("replaces") or []
        assert isinstance(replaces, list)
        props += tuple(("x-replaces", str(old)) for old in replaces)
        yield Unit(ident, to_variant(str(row["zh"]), variant, glossary),
                   str(row["en"]), props, str(row.get("note") or ""))
