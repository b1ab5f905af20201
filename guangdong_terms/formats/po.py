"""gettext PO: reading msgid/msgstr pairs (via polib)."""

from __future__ import annotations

from collections.abc import Iterator

from . import FormatError, Segment


def read_po_segments(path: str) -> Iterator[Segment]:
    """Stream translated entries; the id is msgctxt where there is one, else the msgid's line."""
    import polib

    try:
        catalogue = polib.pofile(path, wrapwidth=0)
    except (OSError, ValueError) as error:
        raise FormatError(f"{path}: {error}") from None
    for entry in catalogue:
        if entry.obsolete or not entry.msgstr:
            continue
        yield Segment(entry.msgctxt or str(entry.linenum), entry.linenum or 0, entry.msgid,
                      entry.msgstr)
