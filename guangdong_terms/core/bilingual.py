"""The source/target pairs that exchange formats read and write.

A ``Segment`` is what a reader gets from a bilingual file (TMX, PO, XLIFF, CSV) for checking or
importing; a ``Unit`` is what a writer is given to put into one, after translate-toolkit's
TranslationUnit, reduced to what our data has. They live in the core, below the formats, so
that QA and the operations can speak of pairs without importing a format.

Named tuples: a reader of a 200 MB TMX makes millions of segments and an export of a million
units as many units, and a frozen dataclass costs several times as much to construct
(benchmarks/tmx_million.py).
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["UNCONFIRMED", "Code", "Segment", "Unit"]

#: States of a translation that nobody has confirmed: PO ``fuzzy``; XLIFF 1.2 states before
#: ``translated``; XLIFF 2 ``initial``.
UNCONFIRMED = frozenset({"fuzzy", "new", "needs-translation", "needs-adaptation", "needs-l10n",
                         "needs-review-translation", "needs-review-adaptation",
                         "needs-review-l10n", "initial"})


class Code(NamedTuple):
    """An inline code of a segment: markup that is not translation (TMX ``ph``, ``bpt``...,
    XLIFF ``x``, ``ph``, ``sc``...), or an entity reference nobody resolved.

    ``offset`` is where it stands in the segment's plain text (``Segment.source`` or
    ``target``), so that a tool can put it back; ``kind`` is the element's local name (``g`` and
    ``pc``, whose content is text, give an ``-open`` and a ``-close`` code; an unresolved entity
    is ``entity``); ``markup`` the code as the file writes it.
    """

    offset: int
    kind: str
    id: str
    markup: str


class Segment(NamedTuple):
    """One source/target pair of a bilingual file.

    ``id`` is the file's own identifier (TMX tuid, PO msgctxt, XLIFF unit/segment id) or, where
    there is none, the pair's number; ``line`` is where the pair starts in the file (0 if the
    parser cannot tell). ``source`` and ``target`` are the translatable text only: inline codes
    are kept apart, in ``source_codes`` and ``target_codes``. An empty ``target`` is
    untranslated; ``state`` is the file's word for the translation's status ("" where it has
    none), and ``confirmed`` says whether anyone has stood by it.

    The trailing fields are what a translation memory keeps of a pair's history, "" where the
    file does not say: ``created`` (a date as the file writes it: TMX ``creationdate``, the
    PO header's ``PO-Revision-Date``), ``author`` (TMX ``creationid``, the PO
    ``Last-Translator``) and ``previous``, the source of the segment before it (PO and XLIFF
    by file order; TMX only through a context property such as OmegaT's ``prev``), which a
    memory needs for 101% context matches.
    """

    id: str
    line: int
    source: str
    target: str
    state: str = ""
    source_codes: tuple[Code, ...] = ()
    target_codes: tuple[Code, ...] = ()
    created: str = ""
    author: str = ""
    previous: str = ""

    @property
    def confirmed(self) -> bool:
        """False for a fuzzy or not-yet-translated state."""
        return self.state not in UNCONFIRMED

    @property
    def translated(self) -> bool:
        """Whether the target has any text."""
        return bool(self.target.strip())


class Unit(NamedTuple):
    """One source/target pair as a writer sees it, with what the format keeps beside it.

    ``props`` become TMX ``<prop>``s or PO comments and references; ``note`` a TMX note or a
    PO translator comment.
    """

    id: str
    source: str
    target: str
    props: tuple[tuple[str, str], ...] = ()
    note: str = ""
