"""Export the glossary (and the sentence TM) in every exchange format.

``export(fmt, path)`` picks the writer from ``FORMATS``, builds the units or records it needs,
and writes atomically (a temporary file beside the target, then a rename): an export that fails
half-way leaves no half file and no damaged old one. With ``path=None`` text formats go to
standard output.

Language pairs: every format is zh → en by default. TMX and PO/POT/MO take the Chinese side
in any one variant (``--source-lang zh-HK``), or run en → zh (``--source-lang en
--target-lang zh-TW``), one pair per file. The OmegaT glossaries are zh-CN → en only; TBX,
CSV/TSV and JSON carry every variant in one file, as those formats are meant to.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TextIO

from .formats._writing import atomic_output, check_language_tag
from .glossary import Glossary
from .units import VARIANTS, Unit, glossary_units, tm_units

__all__ = ["FORMATS", "ExportError", "export"]


@dataclass(frozen=True, slots=True)
class Format:
    """What the CLI and docs need to know of a format."""

    name: str
    extension: str
    description: str
    pairs: str  # "any" (zh variant <-> en), "zh-CN" (zh-CN -> en only), "all" (every variant)


FORMATS = {f.name: f for f in (
    Format("tmx", ".tmx", "TMX 1.4b translation memory: terms, contexts, TM segments", "any"),
    Format("tbx", ".tbx", "TBX-Basic (ISO 30042:2019), every variant", "all"),
    Format("tbx-omegat", ".tbx", "TBX 2 martif for OmegaT / translate-toolkit", "zh-CN"),
    Format("omegat", ".utf8", "OmegaT tab-separated glossary", "zh-CN"),
    Format("po", ".po", "gettext PO catalogue", "any"),
    Format("pot", ".pot", "gettext POT template", "any"),
    Format("mo", ".mo", "compiled gettext MO catalogue", "any"),
    Format("csv", ".csv", "CSV, one row per term, every field (RFC 4180)", "all"),
    Format("tsv", ".tsv", "TSV, one row per term, every field", "all"),
    Format("json", ".json", "JSON document, versioned record schema", "all"),
    Format("jsonl", ".jsonl", "JSON Lines, one record per line", "all"),
)}


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
    from .seeds import load_seeds

    folder = os.path.join(os.path.dirname(__file__), "data", "seeds")
    return {seed.id: f"seeds/{seed.file}" for seed in load_seeds(folder).values()}


def export(fmt: str, path: str | None = None, *, glossary: Glossary | None = None,
           segments: list[dict[str, Any]] | None = None, source_lang: str = "zh-CN",
           target_lang: str = "en", categories: Iterable[str] = (),
           stdout: TextIO | None = None) -> None:
    """Write the glossary (and TM) as *fmt* to *path*, or to standard output if None."""
    from . import _records

    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    spec = FORMATS[fmt]
    glossary = glossary or Glossary.load()
    wanted = tuple(categories)
    records = [r for r in glossary.records if not wanted or r["category"] in wanted]
    tm = list(_records.tm_segments() if segments is None else segments)
    tm_rows = [] if wanted else tm
    chinese, reverse = _pair(spec, source_lang, target_lang)

    if fmt == "mo":
        if path is None:
            raise ExportError("mo is binary: give -o FILE")
        _write_mo(path, _units(glossary, tm, chinese, wanted, reverse), source_lang,
                  target_lang, reverse)
        return

    def write(handle: TextIO) -> None:
        from .formats import jsonfile, tabular, tbx, tmx

        if fmt == "tmx":
            tmx.write_tmx(handle, _units(glossary, tm, chinese, wanted, reverse),
                          source_lang=source_lang, target_lang=target_lang)
        elif fmt == "tbx":
            tbx.write_tbx(handle, records)
        elif fmt == "tbx-omegat":
            tbx.write_tbx_omegat(handle, records)
        elif fmt == "omegat":
            tabular.write_omegat(handle, records)
        elif fmt in ("csv", "tsv"):
            tabular.write_table(handle, records, tm_rows, "," if fmt == "csv" else "\t")
        elif fmt == "json":
            jsonfile.write_json(handle, records, tm_rows)
        elif fmt == "jsonl":
            jsonfile.write_jsonl(handle, records, tm_rows)
        else:  # po, pot
            catalogue = _catalogue(_units(glossary, tm, chinese, wanted, reverse), source_lang,
                                   target_lang, reverse, template=fmt == "pot")
            handle.write(str(catalogue))

    atomic_output(path, write, newline="" if fmt in ("csv", "tsv") else "\n", stdout=stdout)


def _catalogue(units: Iterable[Unit], source_lang: str, target_lang: str, reverse: bool,
               template: bool) -> Any:  # noqa: ANN401 - a polib.POFile
    from .formats.po import build_catalogue

    return build_catalogue(units, target_lang=target_lang, source_lang=source_lang,
                           template=template,
                           occurrences=_seed_files())


def _write_mo(path: str, units: Iterable[Unit], source_lang: str, target_lang: str,
              reverse: bool) -> None:
    catalogue = _catalogue(units, source_lang, target_lang, reverse, template=False)
    folder = os.path.dirname(os.path.abspath(path))
    temporary = os.path.join(folder, f".gdterms-{os.getpid()}.mo.tmp")
    try:
        catalogue.save_as_mofile(temporary)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
