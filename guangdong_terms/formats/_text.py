"""Opening the text files translators really have: UTF-8 with or without a BOM, UTF-16 and
UTF-32 with one; any other encoding only when the user names it.

Excel on Chinese Windows saves CSV as GB18030/GBK or Big5 (Big5-HKSCS in Hong Kong), and no
file says which. Detectors confuse GBK with Big5 on short Chinese texts, so a reader never
decodes from a guess: without ``--encoding`` such a file is refused with one line that names
what charset-normalizer, a maintained detector, takes it for.
"""

from __future__ import annotations

import codecs
from typing import TextIO

from .base import FormatError

__all__ = ["decoding_error", "open_text", "sniff_encoding"]

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))


def sniff_encoding(head: bytes) -> str:
    """The encoding a file's byte-order mark names, else UTF-8 (UTF-32 LE is tested before
    UTF-16 LE, whose BOM it begins with)."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding
    return "utf-8"


def open_text(path: str, encoding: str | None = None, *, newline: str | None = None) -> TextIO:
    """*path* opened for reading text: in *encoding* where the user named one, else in the
    encoding its BOM names, else strict UTF-8 (a decoding error is turned into a FormatError by
    ``decoding_error``)."""
    if encoding is None:
        with open(path, "rb") as handle:
            encoding = sniff_encoding(handle.read(4))
    try:
        return open(path, encoding=encoding, newline=newline)
    except LookupError:
        raise FormatError(f"--encoding {encoding!r}: no such encoding (try gb18030, big5, "
                          "big5hkscs, utf-16)") from None


def decoding_error(path: str, error: UnicodeDecodeError) -> FormatError:
    """The one line a user gets for a file that is not in the encoding it was read in."""
    if error.encoding.replace("-", "").replace("_", "").lower() not in ("utf8", "utf8sig"):
        return FormatError(f"{path}: not {error.encoding} ({error.reason} at byte "
                           f"{error.start})")
    return FormatError(f"{path}: not UTF-8 ({error.reason} at byte {error.start}); "
                       f"{_guess(path)} pass --encoding to read it")


def _guess(path: str) -> str:
    from charset_normalizer import from_bytes

    with open(path, "rb") as handle:
        best = from_bytes(handle.read(1 << 16)).best()
    if best is None:
        return "charset-normalizer cannot tell its encoding;"
    return f"charset-normalizer guesses {best.encoding} (a guess: check it),"

