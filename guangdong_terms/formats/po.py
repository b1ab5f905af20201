"""gettext PO, POT and MO (via polib; headers from babel's locale data).

``msgctxt`` is the unit id (term id, ``term#context-N`` or ``seed-NNN-N``), which keeps every
entry unique even where two units share a Chinese form (the key is msgctxt + msgid, peers.md
finding 15). Forward catalogues translate Chinese to English; reverse ones (source language
en) English to zh_CN, zh_HK or zh_TW. Extracted comments (``#.``) carry pinyin, category,
status and notes; references (``#:``) point at the seed file and line.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import partial
from typing import IO, Any

from ..core.bilingual import Segment, Unit
from .base import Bilingual, Format, FormatError


def _load(path: str, *, compiled: bool = False,
          encoding: str | None = None) -> Any:  # noqa: ANN401 - a polib catalogue
    """The polib catalogue of a PO/POT (or, *compiled*, MO) file; FormatError if unreadable.

    polib takes the charset from the file's Content-Type header (a declared GB18030 is read as
    declared); *encoding* overrides it.
    """
    import struct

    import polib

    options: dict[str, Any] = {"encoding": encoding} if encoding else {}
    try:
        if compiled:
            _check_mo_tables(path)
            return polib.mofile(path, **options)
        return polib.pofile(path, wrapwidth=0, **options)
    except struct.error:  # polib reads a truncated MO file past its end
        raise FormatError(f"{path}: not a compiled gettext catalogue (MO file too short)"
                          ) from None
    except UnicodeDecodeError as error:
        raise FormatError(f"{path}: not in the charset its header names ({error.encoding}: "
                          f"{error.reason} at byte {error.start}); pass --encoding") from None
    except (OSError, ValueError) as error:
        raise FormatError(f"{path}: {error}") from None


def _check_mo_tables(path: str) -> None:
    """FormatError unless every string an MO file's tables point at lies inside the file.

    polib trusts the tables and reads whatever length they give: a damaged file with one huge
    length asks for gigabytes (the fuzzing run found it, docs/fuzzing.md).
    """
    import struct

    with open(path, "rb") as handle:
        data = handle.read()
    if len(data) < 28:
        raise FormatError(f"{path}: not a compiled gettext catalogue (MO file too short)")
    magic = data[:4]
    order = {b"\xde\x12\x04\x95": "<", b"\x95\x04\x12\xde": ">"}.get(magic)
    if order is None:
        raise FormatError(f"{path}: not a compiled gettext catalogue (bad magic number)")
    _, count, originals, translations = struct.unpack(order + "4I", data[4:20])
    for table in (originals, translations):
        if table + 8 * count > len(data):
            raise FormatError(f"{path}: not a compiled gettext catalogue (a string table "
                              "runs past the end)")
        for number in range(count):
            length, offset = struct.unpack_from(order + "2I", data, table + 8 * number)
            if offset + length > len(data):
                raise FormatError(f"{path}: not a compiled gettext catalogue (string "
                                  f"{number} runs past the end)")


def read_catalogue(path: str, source_lang: str | None = None, target_lang: str | None = None,
                   encoding: str | None = None, *, compiled: bool = False) -> Bilingual:
    """Every entry of a PO, POT or MO file (*compiled*) with the catalogue's languages.

    Languages are BCP 47 tags: the target from the ``Language`` header, the source from
    ``X-Source-Language`` (Poedit's header, which we write); "" where the file does not say.
    Untranslated entries come with an empty target, fuzzy ones with the state ``fuzzy``, and
    each form of a plural entry as a segment of its own (``id[N]``, the source being
    ``msgid_plural`` from the second form on). Obsolete entries and the header are left out.
    """
    catalogue = _load(path, compiled=compiled, encoding=encoding)
    target = catalogue.metadata.get("Language", "").replace("_", "-")
    source = catalogue.metadata.get("X-Source-Language", "").replace("_", "-")
    return Bilingual(source_lang or source, target_lang or target, list(_entries(catalogue)))


def _entries(catalogue: Any) -> Iterator[Segment]:  # noqa: ANN401 - a polib catalogue
    """The entries as segments; the header's revision date and last translator stand for
    each entry's (PO keeps no date or author per entry), the entry before for its context."""
    revised = catalogue.metadata.get("PO-Revision-Date", "")
    created = "" if revised.startswith("YEAR") else revised
    author = catalogue.metadata.get("Last-Translator", "")
    author = "" if author.startswith("FULL NAME") else author
    previous = ""
    for entry in catalogue:
        if entry.obsolete or not entry.msgid:
            continue
        line = getattr(entry, "linenum", 0) or 0  # an MO file has no lines
        ident = entry.msgctxt or str(line)
        state = "fuzzy" if "fuzzy" in entry.flags else ""
        if entry.msgid_plural:
            for number, form in sorted(entry.msgstr_plural.items()):
                yield Segment(f"{ident}[{number}]", line,
                              entry.msgid if int(number) == 0 else entry.msgid_plural, form,
                              state, created=created, author=author, previous=previous)
            previous = entry.msgid
            continue
        yield Segment(ident, line, entry.msgid, entry.msgstr, state, created=created,
                      author=author, previous=previous)
        previous = entry.msgid


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
    from babel import Locale

    from ..core.version import __version__
    from ._writing import creation_time

    now = creation_time().strftime("%Y-%m-%d %H:%M+0000")
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


def write_catalogue(handle: IO[Any], units: Iterable[Unit], *, source_lang: str,
                    target_lang: str, references: dict[str, str] | None = None,
                    template: bool = False, compiled: bool = False) -> None:
    """A PO (or, *template*, a POT; *compiled*, an MO) catalogue of *units* to an open file
    (binary for an MO)."""
    catalogue = build_catalogue(units, target_lang=target_lang, source_lang=source_lang,
                                template=template, occurrences=references)
    handle.write(catalogue.to_binary() if compiled else str(catalogue))


PO = Format("po", (".po",), "gettext PO catalogue", pairs="any", carries=("zh", "en"),
            read_segments=read_catalogue, write_units=write_catalogue)
POT = Format("pot", (".pot",), "gettext POT template", pairs="any", carries=("zh",),
             read_segments=read_catalogue, write_units=partial(write_catalogue, template=True))
MO = Format("mo", (".mo",), "compiled gettext MO catalogue", pairs="any", carries=("zh", "en"),
            binary=True, read_segments=partial(read_catalogue, compiled=True),
            write_units=partial(write_catalogue, compiled=True))
