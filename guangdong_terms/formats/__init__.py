"""Exchange formats: one module per format family, and the one registry of them all.

Each module declares its formats as ``Format`` descriptions (``base.py``); ``FORMATS`` below
lists them, in the order ``gdterms export --help`` shows them. ``gdterms check``, ``import``,
``export`` and the CLI's ``--format`` choices ask this registry, never compare a format's name:
adding a format is one new module plus one line here. Readers import their parser (lxml,
polib) only when called, so the registry itself is cheap to import.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from . import jsonfile, po, tabular, tbx, tmx, xliff
from .base import Bilingual, Format, FormatError

__all__ = ["FORMATS", "Bilingual", "Format", "FormatError", "find", "for_path", "names",
           "read_bilingual", "register", "unregister"]

FORMATS: dict[str, Format] = {}


def register(fmt: Format) -> Format:
    """Add *fmt* to the registry (a name may be registered once)."""
    if fmt.name in FORMATS:
        raise ValueError(f"format {fmt.name!r} is registered already")
    FORMATS[fmt.name] = fmt
    return fmt


def unregister(name: str) -> None:
    """Remove a format (for tests that register a toy one)."""
    FORMATS.pop(name, None)


for _fmt in (
    tmx.TMX,
    tbx.TBX,
    tbx.TBX_OMEGAT,
    tabular.OMEGAT,
    po.PO,
    po.POT,
    po.MO,
    tabular.CSV,
    tabular.TSV,
    jsonfile.JSON,
    jsonfile.JSONL,
    xliff.XLIFF,
):
    register(_fmt)


def _checks(fmt: Format) -> bool:
    return fmt.read_segments is not None


def _imports(fmt: Format) -> bool:
    return fmt.imports


def _exports(fmt: Format) -> bool:
    return fmt.writes


#: What each command needs a format to do.
CAPABILITIES: dict[str, Callable[[Format], bool]] = {
    "check": _checks, "import": _imports, "export": _exports}


def names(capability: str) -> list[str]:
    """The formats that can serve *capability* (check, import or export), in registry order."""
    able = CAPABILITIES[capability]
    return [name for name, fmt in FORMATS.items() if able(fmt)]


def find(name: str, capability: str) -> Format:
    """The format called *name*; FormatError if there is none that can serve *capability*."""
    fmt = FORMATS.get(name)
    if fmt is None or not CAPABILITIES[capability](fmt):
        raise FormatError(f"unknown format {name!r}; expected one of "
                          f"{', '.join(names(capability))}")
    return fmt


def for_path(path: str, capability: str) -> Format:
    """The format a file's extension names, among those that can serve *capability*.

    Where two formats share an extension (TBX-Basic and OmegaT's TBX 2), each one's ``sniff``
    is asked about the file's first 4 KiB.
    """
    extension = os.path.splitext(path)[1].lower()
    able = CAPABILITIES[capability]
    candidates = [fmt for fmt in FORMATS.values() if extension in fmt.extensions and able(fmt)]
    if len(candidates) > 1:
        with open(path, "rb") as handle:
            head = handle.read(4096)
        candidates = [fmt for fmt in candidates if fmt.sniff is None or fmt.sniff(head)][:1]
    if not candidates:
        advice = ("pass --format" if capability != "check" else
                  f"use one of: {', '.join(sorted(names(capability)))}")
        raise FormatError(f"{path}: cannot tell the format from the name; {advice}")
    return candidates[0]


def read_bilingual(path: str, fmt: str | None = None, *, source_lang: str | None = None,
                   target_lang: str | None = None, encoding: str | None = None) -> Bilingual:
    """Every pair of any file ``gdterms check`` reads, with its languages; *fmt* names the
    format where the extension does not say, the languages pick a pair in a multilingual
    file, *encoding* reads a file saved in a legacy code page."""
    spec = find(fmt, "check") if fmt else for_path(path, "check")
    assert spec.read_segments is not None
    return spec.read_segments(path, source_lang=source_lang, target_lang=target_lang,
                              encoding=encoding)
