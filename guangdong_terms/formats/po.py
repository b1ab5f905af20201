"""gettext PO, POT and MO (via polib; headers from babel's locale data).

``msgctxt`` is the unit id (term id, ``term#context-N`` or ``seed-NNN-N``), which keeps every
entry unique even where two units share a Chinese form (the key is msgctxt + msgid, peers.md
finding 15). Forward catalogues translate Chinese to English; reverse ones (source language
en) English to zh_CN, zh_HK or zh_TW. Extracted comments (``#.``) carry pinyin, category,
status and notes; references (``#:``) point at the seed file and line.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from . import FormatError, Segment

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..units import Unit


def _load(path: str, *, compiled: bool = False) -> Any:  # noqa: ANN401 - a polib catalogue
    """The polib catalogue of a PO/POT (or, *compiled*, MO) file; FormatError if unreadable."""
    import struct

    import polib

    try:
        return polib.mofile(path) if compiled else polib.pofile(path, wrapwidth=0)
    except struct.error:  # polib reads a truncated MO file past its end
        raise FormatError(f"{path}: not a compiled gettext catalogue (MO file too short)"
                          ) from None
    except (OSError, ValueError) as error:
        raise FormatError(f"{path}: {error}") from None


def read_po_segments(path: str) -> Iterator[Segment]:
    """Stream translated entries; the id is msgctxt where there is one, else the msgid's line."""
    for entry in _load(path):
        if entry.obsolete or not entry.msgstr:
            continue
        yield Segment(entry.msgctxt or str(entry.linenum), entry.linenum or 0, entry.msgid,
                      entry.msgstr)


def read_catalogue(path: str, *, compiled: bool = False) -> tuple[str, str, list[Segment]]:
    """(source language, target language, every entry) of a PO, POT or MO file, for import.

    Unlike ``read_po_segments`` this keeps untranslated entries (a POT has nothing else) and
    reads compiled MO files (*compiled*) too. Languages are BCP 47 tags: the target from the
    ``Language`` header, the source from ``X-Source-Language`` (Poedit's header, which we
    write); "" where the file does not say.
    """
    catalogue = _load(path, compiled=compiled)
    target = catalogue.metadata.get("Language", "").replace("_", "-")
    source = catalogue.metadata.get("X-Source-Language", "").replace("_", "-")
    entries = []
    for entry in catalogue:
        if entry.obsolete or not entry.msgid:
            continue
        line = getattr(entry, "linenum", 0) or 0  # an MO file has no lines
        # A fuzzy translation is a translator's unconfirmed guess: read it as untranslated.
        translation = "" if "fuzzy" in entry.flags else entry.msgstr
        entries.append(Segment(entry.msgctxt or str(line), line, entry.msgid, translation))
    return source, target, entries


# --- writing: PO, POT, MO ----------------------------------------------------------------------

def gettext_language(tag: str) -> str:
    """BCP 47 (zh-CN) to gettext's ll_CC (zh_CN); glibc knows no zh_Hans, so regions only."""
    return tag.replace("-", "_")


def plural_forms(tag: str) -> str:
    """Plural-Forms from babel's CLDR data: 'nplurals=1; plural=0;' for Chinese."""
    from babel.messages.plurals import get_plural

    rule = get_plural(tag.replace("-", "_"))
    return f"nplurals={rule.num_plurals}; plural={rule.plural_expr};"


def _header(source_lang: str, target_lang: str, template: bool) -> dict[str, str]:
    from datetime import UTC, datetime

    from babel import Locale

    from .. import __version__

    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M+0000")
    language = Locale.parse(target_lang, sep="-")
    return {
        "Project-Id-Version": f"guangdong_terms {__version__}",
        "Report-Msgid-Bugs-To": "https://github.com/guangdong-terms/guangdong_terms/issues",
        "POT-Creation-Date": now,
        "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE" if template else now,
        "Last-Translator": "guangdong_terms curators <curators@guangdong-terms.invalid>",
        "Language-Team": f"{language.english_name} <curators@guangdong-terms.invalid>",
        "Language": "" if template else gettext_language(target_lang),
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": plural_forms(target_lang),
        # Poedit's header: says which Chinese variant the msgids of a forward catalogue are in
        # (and that a reverse one's are English), so an import compares the right forms.
        "X-Source-Language": gettext_language(source_lang),
    }


def _references(props: Iterable[tuple[str, str]], files: dict[str, str]
                ) -> list[tuple[str, str]]:
    """``#:`` references: each ``x-seed`` prop (with the ``x-line`` after it) as file:line.

    A sentence rejoined from several raw lines is referred to by its first line (``x-line``):
    gettext references are file:line, and editors jump to the line where it starts.
    """
    refs: list[tuple[str, str]] = []
    seed = None
    for name, value in props:
        if name == "x-seed":
            seed = value
            if seed in files:
                refs.append((files[seed], ""))
        elif name == "x-line" and refs and seed in files:
            refs[-1] = (refs[-1][0], value)
    return refs


def build_catalogue(units: Iterable[Unit], *, target_lang: str, source_lang: str = "zh-CN",
                    template: bool = False,
                    occurrences: dict[str, str] | None = None) -> Any:  # noqa: ANN401 - polib
    """A polib catalogue: msgctxt = unit id, msgid = source, msgstr = target, extracted
    comments from the unit's note and properties, references from its seed and line."""
    import polib

    files = occurrences or {}
    catalogue = polib.POFile(wrapwidth=0)
    catalogue.metadata = _header(source_lang, target_lang, template)
    for unit in units:
        source, target = unit.source, unit.target
        comments = [f"{name.removeprefix('x-')}: {value}" for name, value in unit.props
                    if name not in ("x-seed", "x-line", "x-line-end")]
        if unit.note:
            comments.append(unit.note)
        catalogue.append(polib.POEntry(
            msgctxt=unit.id, msgid=source, msgstr="" if template else target,
            comment="\n".join(comments), occurrences=_references(unit.props, files)))
    return catalogue
