"""Exchange formats: one module per format, each with a reader (and, for exports, a writer).

``read_segments(path)`` reads any bilingual file that ``gdterms check`` accepts (TMX, PO,
XLIFF 1.2 and 2.x, two-column CSV/TSV) as a stream of ``Segment``s, picking the reader by
extension. Readers import their parser (lxml, polib) only when called.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import NamedTuple

__all__ = ["BILINGUAL_EXTENSIONS", "FormatError", "Segment", "read_segments"]


class Segment(NamedTuple):
    """One source/target pair of a bilingual file (a named tuple: readers make millions).

    ``id`` is the file's own identifier (TMX tuid, PO msgctxt, XLIFF unit/segment id) or, where
    there is none, the pair's number; ``line`` is where the pair starts in the file (0 if the
    parser cannot tell).
    """

    id: str
    line: int
    source: str
    target: str


class FormatError(ValueError):
    """A file could not be read as the format its name says: ``path:line: what``."""


BILINGUAL_EXTENSIONS = {
    ".tmx": "tmx",
    ".po": "po",
    ".pot": "po",
    ".xlf": "xliff",
    ".xliff": "xliff",
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".txt": "tsv",
}


def read_segments(path: str, fmt: str | None = None) -> Iterator[Segment]:
    """Stream the segments of a bilingual file; *fmt* overrides the guess from the extension."""
    kind = fmt or BILINGUAL_EXTENSIONS.get(os.path.splitext(path)[1].lower())
    if kind == "tmx":
        from .tmx import read_tmx_segments

        return read_tmx_segments(path)
    if kind == "po":
        from .po import read_po_segments

        return read_po_segments(path)
    if kind == "xliff":
        from .xliff import read_xliff_segments

        return read_xliff_segments(path)
    if kind in ("csv", "tsv"):
        from .tabular import read_tabular_segments

        return read_tabular_segments(path, delimiter="," if kind == "csv" else "\t")
    known = ", ".join(sorted(set(BILINGUAL_EXTENSIONS.values())))
    raise FormatError(f"{path}: cannot tell the format from the name; use one of: {known}")
