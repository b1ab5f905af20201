"""TBX in the two forms the world actually reads.

* ``tbx``: ISO 30042:2019 TBX-Basic, DCA style (``<tbx type="TBX-Basic">``, conceptEntry /
  langSec / termSec), valid against the RELAX NG and Schematron in ../shared/schemas. One
  conceptEntry per term; langSecs zh-CN, zh-HK, zh-TW and en; preferred, admitted (aliases,
  in zh-HK and zh-TW their Hong Kong and Taiwan forms, in the order of the zh-CN aliases;
  English alternatives) and deprecated (forms to avoid) terms carry ``administrativeStatus``;
  contexts are ``descrip type="context"`` with their seed as ``admin type="source"``; the
  English langSec opens with the entry's ``descrip type="definition"``. A relation to another
  entry is a ``ref type="crossReference"`` at the conceptEntry, its target the other
  conceptEntry's id and its text ``TYPE: zh`` (TBX-Basic's cross-reference has no relation
  type, so the type leads the text, where the reader takes it back); a relation to an entry
  that is not in the file (an export of some categories) would be a dangling IDREF, so it
  travels as a ``related TYPE: ID`` note instead. A short form (an alias and the English
  alternative paired with it) has ``termType`` shortForm in both langSecs, and a
  ``short form ZH: EN`` note keeps the pairing.
* ``tbx-omegat``: the TBX 2 ``martif`` that OmegaT 3.6 and translate-toolkit read (they reject
  TBX 3), zh-CN → en only. OmegaT offers *every* target term as a translation and ignores
  administrativeStatus (peers.md finding 2), so forms to avoid stay out of the terms and go
  into the note, after the definition and with pinyin and the Traditional forms.

What TBX-Basic has no data category for (pinyin, verification status, overrides) travels in
``<note>`` elements of the form ``key: value``, which the reader parses back.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from ..core.bilingual import Segment
from ._writing import write_lines, xml_attr, xml_text
from ._xml import XML_LANG, check_root, iterparse, local, primary, text_of
from .base import Bilingual, Format, FormatError

TBX_NS = "urn:iso:std:iso:30042:ed-2"
Record = dict[str, Any]
_STATUS = {"preferred": "preferredTerm-admn-sts", "admitted": "admittedTerm-admn-sts",
           "deprecated": "deprecatedTerm-admn-sts"}


def _term_sec(term: str, status: str, pos: str, contexts: Iterable[tuple[str, str]] = (),
              term_type: str | None = None) -> str:
    parts = [f"<termSec><term>{xml_text(term)}</term>",
             f'<termNote type="partOfSpeech">{pos}</termNote>']
    if term_type:
        parts.append(f'<termNote type="termType">{term_type}</termNote>')
    parts.append(f'<termNote type="administrativeStatus">{_STATUS[status]}</termNote>')
    parts += [f'<descripGrp><descrip type="context">{xml_text(text)}</descrip>'
              f'<admin type="source">{xml_text(source)}</admin></descripGrp>'
              for text, source in contexts]
    parts.append("</termSec>")
    return "".join(parts)


def _context_source(context: dict[str, Any]) -> str:
    line = context.get("line")
    if line and context.get("end_line"):  # a sentence rejoined from several raw lines
        line = f"{line}-{context['end_line']}"
    return f"seed {context['seed']}" + (f", line {line}" if line else "")


def _relation(relation: Record, present: set[str]) -> str:
    """A cross-reference to a conceptEntry of the file, else a note (no dangling IDREF)."""
    kind, target = xml_text(relation["type"]), relation["id"]
    if target not in present:
        return f"<note>related {kind}: {xml_text(target)}</note>"
    return (f'<ref type="crossReference" target="t-{xml_attr(target)}">'
            f'{kind}: {xml_text(relation.get("zh") or target)}</ref>')


def generate_tbx(terms: Iterable[Record]) -> Iterator[str]:
    """TBX-Basic (TBX 3, DCA) document, one conceptEntry per term."""
    from ..core.version import __version__

    yield ('<?xml version="1.0" encoding="UTF-8"?>\n'
           f'<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="{TBX_NS}">\n'
           "<tbxHeader><fileDesc><sourceDesc><p>guangdong_terms "
           f"{__version__}: Guangdong science-and-technology terms, Chinese-English"
           "</p></sourceDesc></fileDesc></tbxHeader>\n<text><body>\n")
    terms = list(terms)
    present = {record["id"] for record in terms}
    for record in terms:
        pos = "other" if record["category"] == "slogan" else "noun"
        contexts = record["contexts"]
        zh_contexts = [(c["zh"], _context_source(c)) for c in contexts]
        en_contexts = [(c["en"], _context_source(c)) for c in contexts]
        parts = [f'<conceptEntry id="t-{xml_attr(record["id"])}">',
                 f'<descrip type="subjectField">{xml_text(record["category"])}</descrip>',
                 f'<admin type="source">{xml_text(record["en_source"])}</admin>']
        notes = [("status", record["status"]), ("pinyin", record["pinyin"])]
        if record["en_source_quote"]:
            notes.append(("en_source_quote", record["en_source_quote"]))
        if record.get("checked"):
            notes.append(("checked", record["checked"]))
        notes += [(f"override {k}", v) for k, v in sorted(record["overrides"].items())]
        short = record.get("short_forms", ())
        notes += [(f"short form {pair['zh']}", pair["en"]) for pair in short]
        short_zh = {pair["zh"] for pair in short}
        short_en = {pair["en"] for pair in short}
        if record["notes"]:
            notes.append(("notes", record["notes"]))
        parts += [f"<note>{xml_text(key)}: {xml_text(value)}</note>" for key, value in notes]
        parts += [_relation(relation, present) for relation in record.get("related", ())]
        parts.append('<langSec xml:lang="zh-CN">')
        parts.append(_term_sec(record["zh"], "preferred", pos, zh_contexts, "fullForm"))
        parts += [_term_sec(alias, "admitted", pos,
                            term_type="shortForm" if alias in short_zh else "variant")
                  for alias in record["aliases"]]
        parts.append("</langSec>")
        for tag, field, aliases in (("zh-HK", "zh_hk", "aliases_hk"),
                                    ("zh-TW", "zh_tw", "aliases_tw")):
            parts.append(f'<langSec xml:lang="{tag}">{_term_sec(record[field], "preferred", pos)}')
            parts += [_term_sec(alias, "admitted", pos, term_type="variant")
                      for alias in record[aliases]]
            parts.append("</langSec>")
        parts.append('<langSec xml:lang="en">')
        if record["definition"]:
            parts.append(f'<descrip type="definition">{xml_text(record["definition"])}</descrip>')
        parts.append(_term_sec(record["en"], "preferred", pos, en_contexts, "fullForm"))
        parts += [_term_sec(form, "admitted", pos,
                            term_type="shortForm" if form in short_en else None)
                  for form in record["en_alternatives"]]
        parts += [_term_sec(form, "deprecated", pos) for form in record["en_avoid"]]
        parts.append("</langSec></conceptEntry>\n")
        yield "".join(parts)
    yield "</body></text>\n</tbx>\n"


def write_tbx(handle: TextIO, terms: Iterable[Record], segments: Iterable[Record] = ()) -> None:
    """Write TBX-Basic to an open text file."""
    write_lines(handle, generate_tbx(terms))


def _note_for_omegat(record: Record) -> str:
    parts = [record["definition"]] if record["definition"] else []
    parts += [f"pinyin: {record['pinyin']}", f"zh-HK: {record['zh_hk']}",
              f"zh-TW: {record['zh_tw']}"]
    if record["en_avoid"]:
        parts.append("avoid: " + "; ".join(record["en_avoid"]))
    parts.append(f"{record['category']}; {record['status']}; source: {record['en_source']}")
    if record["notes"]:
        parts.append(" ".join(record["notes"].split()))
    return " | ".join(parts)


def generate_tbx_omegat(terms: Iterable[Record]) -> Iterator[str]:
    """TBX 2 ``martif`` (no namespace), zh-CN → en, for OmegaT 3.6 and translate-toolkit."""
    from ..core.version import __version__

    yield ('<?xml version="1.0" encoding="UTF-8"?>\n'
           '<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">\n'
           '<martif type="TBX" xml:lang="en">\n<martifHeader><fileDesc><sourceDesc><p>'
           f"guangdong_terms {__version__}</p></sourceDesc></fileDesc></martifHeader>\n"
           "<text><body>\n")
    for record in terms:
        parts = [f'<termEntry id="t-{xml_attr(record["id"])}">',
                 f'<descrip type="subjectField">{xml_text(record["category"])}</descrip>',
                 f"<note>{xml_text(_note_for_omegat(record))}</note>",
                 '<langSet xml:lang="zh-CN">']
        parts += [f"<tig><term>{xml_text(form)}</term></tig>"
                  for form in dict.fromkeys([record["zh"], *record["aliases"]])]
        parts.append('</langSet><langSet xml:lang="en">')
        parts += [f"<tig><term>{xml_text(form)}</term></tig>"
                  for form in [record["en"], *record["en_alternatives"]]]
        parts.append("</langSet></termEntry>\n")
        yield "".join(parts)
    yield "</body></text>\n</martif>\n"


def write_tbx_omegat(handle: TextIO, terms: Iterable[Record],
                     segments: Iterable[Record] = ()) -> None:
    """Write the OmegaT-readable TBX 2 to an open text file."""
    write_lines(handle, generate_tbx_omegat(terms))


# --- reading ---------------------------------------------------------------------------------


def read_tbx(path: str, encoding: str | None = None) -> list[Record]:
    """Term records from a TBX-Basic file written by ``write_tbx`` (or a compatible one).

    Languages are chosen by tag, never by position; termSecs by administrativeStatus.
    """
    from lxml import etree

    check_root(path, ("tbx",), encoding=encoding)
    records = []
    try:
        with open(path, "rb") as handle:  # closed however the parse ends
            for _, entry in iterparse(handle, ("conceptEntry", "{*}conceptEntry"),
                                      encoding=encoding):
                records.append(_read_concept(path, entry))
                entry.clear(keep_tail=True)
    except etree.XMLSyntaxError as error:
        raise FormatError(f"{path}:{error.lineno}: not well-formed XML: {error.msg}") from None
    return records


def _children(element: Any, name: str) -> list[Any]:  # noqa: ANN401 - lxml elements
    return [child for child in element if local(child.tag) == name]


def _read_concept(path: str, entry: Any) -> Record:  # noqa: ANN401 - an lxml element
    ident = (entry.get("id") or "").removeprefix("t-")
    record: Record = {"id": ident, "zh": "", "en": "", "en_alternatives": [], "en_avoid": [],
                      "category": "", "pinyin": "", "zh_hk": "", "zh_tw": "", "aliases": [],
                      "aliases_hk": [], "aliases_tw": [], "contexts": [], "definition": "", "notes": "", "en_source": "",
                      "en_source_quote": "",
                      "status": "", "checked": "", "overrides": {}, "related": [],
                      "short_forms": []}
    for child in entry:
        name, kind = local(child.tag), child.get("type")
        if name == "descrip" and kind == "subjectField":
            record["category"] = text_of(child)
        elif definition := _definition(child):
            record["definition"] = record["definition"] or definition
        elif name == "ref" and kind == "crossReference":
            relation = text_of(child).partition(": ")[0]
            target = (child.get("target") or "").removeprefix("t-")
            record["related"].append({"type": relation, "id": target})
        elif name == "admin" and kind == "source":
            record["en_source"] = text_of(child)
        elif name == "note":
            key, _, value = text_of(child).partition(": ")
            if key.startswith("override "):
                record["overrides"][key.removeprefix("override ")] = value
            elif key.startswith("short form "):
                record["short_forms"].append({"zh": key.removeprefix("short form "),
                                              "en": value})
            elif key.startswith("related "):
                record["related"].append({"type": key.removeprefix("related "), "id": value})
            elif key in ("status", "pinyin", "en_source_quote", "checked", "notes"):
                record[key] = value
    sections = {}
    for sec in _children(entry, "langSec"):
        sections[sec.get(XML_LANG)] = _read_terms(sec)
        if sec.get(XML_LANG) == "en":  # ours is here; other tools may put it on the concept
            record["definition"] = next(
                (text for d in sec if (text := _definition(d))), record["definition"])
    if "zh-CN" not in sections or "en" not in sections:
        line = entry.sourceline
        raise FormatError(f"{path}:{line}: conceptEntry {ident!r} needs zh-CN and en langSecs")
    zh, en = sections["zh-CN"], sections["en"]
    record["zh"] = _first(zh, "preferred")
    record["aliases"] = [term for term, status, _ in zh if status == "admitted"]
    record["en"] = _first(en, "preferred")
    record["en_alternatives"] = [term for term, status, _ in en if status == "admitted"]
    record["en_avoid"] = [term for term, status, _ in en if status == "deprecated"]
    record["zh_hk"] = _first(sections.get("zh-HK", []), "preferred")
    record["zh_tw"] = _first(sections.get("zh-TW", []), "preferred")
    for tag, field in (("zh-HK", "aliases_hk"), ("zh-TW", "aliases_tw")):
        record[field] = [term for term, status, _ in sections.get(tag, []) if status == "admitted"]
    zh_contexts = next((c for t, s, c in zh if s == "preferred"), [])
    en_contexts = next((c for t, s, c in en if s == "preferred"), [])
    for (zh_text, source), (en_text, _) in zip(zh_contexts, en_contexts, strict=False):
        seed = source.removeprefix("seed ").split(",", 1)[0]
        record["contexts"].append({"zh": zh_text, "seed": seed, "en": en_text})
    return record


def _definition(element: Any) -> str:  # noqa: ANN401 - an lxml element
    """The text of a definition descrip, bare or inside a descripGrp ("" for anything else)."""
    if local(element.tag) == "descripGrp":
        return next((_definition(child) for child in element if _definition(child)), "")
    is_definition = local(element.tag) == "descrip" and element.get("type") == "definition"
    return text_of(element) if is_definition else ""


def _first(terms: list[tuple[str, str, list[tuple[str, str]]]], status: str) -> str:
    return next((term for term, found, _ in terms if found == status), "")


def _read_terms(section: Any) -> list[tuple[str, str, list[tuple[str, str]]]]:  # noqa: ANN401
    reverse = {value: key for key, value in _STATUS.items()}
    found = []
    for sec in _children(section, "termSec"):
        term = next((text_of(c) for c in sec if local(c.tag) == "term"), "")
        status = next((reverse.get(text_of(c), "admitted") for c in sec
                       if local(c.tag) == "termNote" and c.get("type") == "administrativeStatus"),
                      "admitted")
        contexts = []
        for group in _children(sec, "descripGrp"):
            text = next((text_of(c) for c in group if c.get("type") == "context"), "")
            source = next((text_of(c) for c in group if c.get("type") == "source"), "")
            contexts.append((text, source))
        found.append((term, status, contexts))
    return found


def read_tbx_omegat(path: str, encoding: str | None = None
                    ) -> list[tuple[str, list[str], list[str], str]]:
    """(entry id, zh terms, en terms, note) of each martif termEntry; languages by tag."""
    from lxml import etree

    check_root(path, ("martif",), encoding=encoding)
    entries = []
    try:
        with open(path, "rb") as handle:  # closed however the parse ends
            for _, entry in iterparse(handle, ("termEntry",), encoding=encoding):
                terms: dict[str, list[str]] = {"zh": [], "en": []}
                for lang_set in _children(entry, "langSet"):
                    lang = primary(lang_set.get(XML_LANG))
                    for holder in lang_set:
                        for term in holder.iter("term"):
                            terms.setdefault(lang, []).append(text_of(term))
                note = " ".join(text_of(n) for n in _children(entry, "note"))
                entries.append(((entry.get("id") or "").removeprefix("t-"), terms["zh"],
                                terms["en"], note))
                entry.clear(keep_tail=True)
    except etree.XMLSyntaxError as error:
        raise FormatError(f"{path}:{error.lineno}: not well-formed XML: {error.msg}") from None
    return entries


def read_tbx_glossary(path: str, encoding: str | None = None
                      ) -> tuple[list[Record], list[Record]]:
    """``read_tbx`` as the registry calls a glossary reader: a termbase holds no TM."""
    return read_tbx(path, encoding), []


def read_tbx_omegat_segments(path: str, source_lang: str | None = None,
                             target_lang: str | None = None, encoding: str | None = None
                             ) -> Bilingual:
    """Each Chinese form with each English form of an entry, as zh-CN -> en pairs."""
    return Bilingual(source_lang or "zh-CN", target_lang or "en", [
        Segment(ident, 0, zh, en)
        for ident, zh_forms, en_forms, _ in read_tbx_omegat(path, encoding)
        for zh in zh_forms or [""] for en in en_forms or [""]])


def _is_martif(head: bytes) -> bool:
    return b"<martif" in head


TBX = Format("tbx", (".tbx",), "TBX-Basic (ISO 30042:2019), every variant",
             carries=("id", "zh", "en", "en_alternatives", "en_avoid", "category", "pinyin",
                      "zh_hk", "zh_tw", "aliases", "aliases_hk", "aliases_tw", "contexts",
                      "definition", "notes", "en_source", "en_source_quote", "status",
                      "checked", "overrides", "related", "short_forms"),
             read_glossary=read_tbx_glossary, write_glossary=write_tbx,
             sniff=lambda head: not _is_martif(head))
TBX_OMEGAT = Format("tbx-omegat", (".tbx",), "TBX 2 martif for OmegaT / translate-toolkit",
                    pairs="zh-CN", carries=("zh", "en"), read_segments=read_tbx_omegat_segments,
                    write_glossary=write_tbx_omegat, sniff=_is_martif)
