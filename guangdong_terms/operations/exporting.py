"""Export the glossary (and the sentence TM) in every exchange format of the registry.

``export(fmt, path)`` asks ``formats.FORMATS`` for the writer, builds the units or records it
needs, and writes atomically (a temporary file beside the target, then a rename): an export that
fails half-way leaves no half file and no damaged old one. With ``path=None`` text formats go
to standard output.

Language pairs: every format is zh → en by default. Unit formats (TMX, PO/POT/MO) take the
Chinese side in any one variant (``--source-lang zh-HK``), or run en → zh (``--source-lang en
--target-lang zh-TW``), one pair per file. The OmegaT glossaries are zh-CN → en only; TBX,
CSV/TSV and JSON carry every variant in one file, as those formats are meant to.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from ..core import compiled
from ..core.bilingual import Unit
from ..core.glossary import Glossary
from ..core.languages import VARIANTS
from ..formats import Format, FormatError, find
from ..formats._writing import atomic_output, check_language_tag
from .units import glossary_units, tm_units

__all__ = ["ExportError", "export"]


class ExportError(ValueError):
    """The export cannot be made as asked (format, languages, destination)."""


def _pair(fmt: Format, source_lang: str, target_lang: str) -> tuple[str, bool]:
    """(Chinese variant, reversed?) for the languages asked."""
    for tag in (source_lang, target_lang):
        try:
            check_language_tag(tag)
        except ValueError as error:
            raise ExportError(str(error)) from None
    if source_lang == "en" or source_lang.startswith("en-"):
        chinese, reverse = target_lang, True
    else:
        chinese, reverse = source_lang, False
        if not (target_lang == "en" or target_lang.startswith("en-")):
            raise ExportError(f"target language {target_lang!r}: one side must be English")
    if chinese not in VARIANTS:
        raise ExportError(f"Chinese variant {chinese!r}: expected one of {', '.join(VARIANTS)}")
    if fmt.pairs == "zh-CN" and (chinese != "zh-CN" or reverse):
        raise ExportError(f"{fmt.name} is zh-CN -> en only (OmegaT treats every zh-* form as "
                          "a source term)")
    if fmt.pairs == "all" and (chinese != "zh-CN" or reverse):
        raise ExportError(f"{fmt.name} carries every Chinese variant in one file; "
                          "--source-lang and --target-lang do not apply")
    return chinese, reverse


def _units(glossary: Glossary, segments: list[dict[str, Any]], chinese: str,
           categories: tuple[str, ...], reverse: bool) -> Iterator[Unit]:
    units: Iterable[Unit] = glossary_units(glossary, variant=chinese, categories=categories)
    if not categories:
        units = (*units, *tm_units(segments, glossary, variant=chinese))
    for unit in units:
        yield unit._replace(source=unit.target, target=unit.source) if reverse else unit


def _seed_files() -> dict[str, str]:
    """Seed id -> ``seeds/FILE``, for PO ``#:`` references to the lines a term stands on."""
    from ..curation.seeds import load_seeds

    folder = os.path.join(compiled.DATA_DIR, "seeds")
    return {seed.id: f"seeds/{seed.file}" for seed in load_seeds(folder).values()}


def export(fmt: str, path: str | None = None, *, glossary: Glossary | None = None,
           segments: list[dict[str, Any]] | None = None, source_lang: str = "zh-CN",
           target_lang: str = "en", categories: Iterable[str] = (),
           stdout: TextIO | None = None) -> None:
    """Write the glossary (and TM) as *fmt* to *path*, or to standard output if None."""
    try:
        spec = find(fmt, "export")
    except FormatError as error:
        raise ExportError(str(error)) from None
    glossary = glossary or Glossary.load()
    wanted = tuple(categories)
    records = [r for r in glossary.records if not wanted or r["category"] in wanted]
    tm = list(compiled.tm_segments() if segments is None else segments)
    chinese, reverse = _pair(spec, source_lang, target_lang)
    if spec.binary and path is None:
        raise ExportError(f"{spec.name} is binary: give -o FILE")

    def write(handle: Any) -> None:  # noqa: ANN401 - a text or binary file
        if spec.write_units is not None:
            spec.write_units(handle, _units(glossary, tm, chinese, wanted, reverse),
                             source_lang=source_lang, target_lang=target_lang,
                             references=_seed_files())
        elif spec.write_glossary is not None:
            spec.write_glossary(handle, records, [] if wanted else tm)

    atomic_output(path, write, newline=spec.newline, binary=spec.binary, stdout=stdout)
