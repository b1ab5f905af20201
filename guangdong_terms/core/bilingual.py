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

__all__ = ["Segment", "Unit"]


class Segment(NamedTuple):
    """One source/target pair of a bilingual file.

    ``id`` is the file's own identifier (TMX tuid, PO msgctxt, XLIFF unit/segment id) or, where
    there is none, the pair's number; ``line`` is where the pair starts in the file (0 if the
    parser cannot tell).
    """

    id: str
    line: int
    source: str
    target: str


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
