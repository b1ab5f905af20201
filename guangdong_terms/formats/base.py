"""What every format module declares, and the error every reader raises.

A format module (``tmx``, ``po`` ...) describes each format it implements with a ``Format``: its
name and file extensions, which of the four capabilities it has, and which glossary fields
survive a write and a read. ``formats/__init__.py`` lists them; ``gdterms check``, ``import``,
``export`` and the CLI's ``--format`` choices ask the list, never a format's name
(translate-toolkit's ``storage`` factory, reduced to what we need).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

from ..core.bilingual import Segment

__all__ = ["Bilingual", "Format", "FormatError", "Record"]

Record = dict[str, Any]


class FormatError(ValueError):
    """A file could not be read (or written) as its format: ``path:line: what``."""


class Bilingual(NamedTuple):
    """Every pair of a bilingual file with the file's languages ("" where it does not say), as
    the file writes them, and anything the reader decided that the user should hear (which
    columns of a table it took)."""

    source_lang: str
    target_lang: str
    segments: Iterable[Segment]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Format:
    """One exchange format: what it is called and what it can do.

    The capabilities, each a function or None:

    * ``read_segments(path, source_lang=None, target_lang=None, encoding=None)``: every
      source/target pair (untranslated ones with an empty target) and the file's languages,
      for ``gdterms check`` and for importing a file that carries pairs only; the languages
      pick the pair in a multilingual file;
    * ``read_glossary(path, encoding=None)``: whole records and TM segments, for an import that
      can add entries;
    * ``write_glossary(handle, records, segments)``: the glossary (and TM) as records;
    * ``write_units(handle, units, source_lang=, target_lang=, references=)``: the glossary and
      TM as source/target units, one language pair per file; *references* maps a seed id to
      the file a PO ``#:`` reference names.

    ``pairs`` says which language pairs a writer takes: "any" (one Chinese variant and English,
    either way round), "zh-CN" (zh-CN -> en only), "all" (every variant in one file).
    ``carries`` names the record fields that survive a write and a read (the contract tests
    check each). ``sniff`` tells this format from another with the same extension by the
    file's first bytes.
    """

    name: str
    extensions: tuple[str, ...]
    description: str
    pairs: str = "all"
    carries: tuple[str, ...] = ()
    binary: bool = False
    newline: str = "\n"
    read_segments: Callable[..., Bilingual] | None = None
    read_glossary: Callable[..., tuple[list[Record], list[Record]]] | None = None
    write_glossary: Callable[[Any, list[Record], list[Record]], None] | None = None
    write_units: Callable[..., None] | None = None
    sniff: Callable[[bytes], bool] | None = None

    @property
    def writes(self) -> bool:
        """Whether ``gdterms export`` can write it."""
        return self.write_glossary is not None or self.write_units is not None

    @property
    def imports(self) -> bool:
        """Whether ``gdterms import`` can read it."""
        return self.read_glossary is not None or self.read_segments is not None

