"""What every writer shares: XML escaping, language tags, atomic file output."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any, TextIO

__all__ = ["atomic_output", "check_language_tag", "creation_time", "xml_attr", "xml_text"]

# Characters XML 1.0 cannot carry at all, even as references (and lone surrogates, which are
# not characters: UTF-8 cannot encode them).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# In attributes, parsers normalise tab, newline and carriage return to spaces unless escaped.
_ATTR = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\t": "&#9;",
                       "\n": "&#10;", "\r": "&#13;"})


def _check_xml(value: str) -> str:
    bad = _NOT_XML.search(value)
    if bad:
        raise ValueError(f"U+{ord(bad.group()):04X} cannot be written in XML 1.0: {value[:40]!r}")
    return value


def xml_text(value: str) -> str:
    """Escape element content; a carriage return survives as &#13;."""
    # str.replace chains run in C and beat str.translate on non-ASCII text by ~3x; this is the
    # inner loop of every XML export (benchmarks/tmx_million.py).
    escaped = _check_xml(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return escaped.replace("\r", "&#13;") if "\r" in escaped else escaped


def xml_attr(value: str) -> str:
    """Escape an attribute value (for double quotes)."""
    checked = _check_xml(value)
    if _ATTR_SPECIAL.search(checked) is None:
        return checked
    return checked.translate(_ATTR)


_ATTR_SPECIAL = re.compile("[&<>\"\t\n\r]")
_TAG = re.compile(r"[a-z]{2,3}(?:-[A-Z]{2})?")


def check_language_tag(tag: str) -> str:
    """A BCP 47 language[-REGION] tag that babel knows (zh-CN, zh-HK, zh-TW, en, en-US).

    Script tags (zh-Hans), underscores (zh_CN) and three-letter codes (zho) are refused: OmegaT
    3.6 reads zh_CN and zho as not Chinese at all (shared/acceptance/omegat/README.md).
    """
    from babel import Locale, UnknownLocaleError

    if not _TAG.fullmatch(tag):
        raise ValueError(f"language tag {tag!r}: expected language[-REGION] such as zh-CN, "
                         "zh-HK, zh-TW or en")
    try:
        Locale.parse(tag, sep="-")
    except (UnknownLocaleError, ValueError) as error:
        raise ValueError(f"language tag {tag!r}: {error}") from None
    return tag


def creation_time() -> datetime:
    """The time an export says it was made: now, or ``SOURCE_DATE_EPOCH`` when it is set.

    TMX and PO headers carry a creation date, so without this two exports of the same data
    differ; reproducible-builds.org's variable lets packagers and tests pin it.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), UTC)
        except (ValueError, OverflowError, OSError):
            raise ValueError(f"SOURCE_DATE_EPOCH={epoch!r}: expected whole seconds since "
                             "1970-01-01") from None
    return datetime.now(UTC)


def atomic_output(path: str | None, write: Callable[[Any], None], *, newline: str = "\n",
                  binary: bool = False, stdout: TextIO | None = None) -> None:
    """Run *write* on *path* atomically (temp file + rename), or on *stdout* when path is None.

    A reader never sees half a file, and a failed export leaves any old file untouched. With
    *binary* the file is opened for bytes (an MO catalogue). The file gets the mode any new file
    gets (0666 less the umask) or, replacing one, that file's mode: tempfile's temporary files
    are 0600, which made every export unreadable to the rest of a team.
    """
    if path is None:
        import sys

        write(stdout or sys.stdout)
        return
    folder = os.path.dirname(os.path.abspath(path))
    try:
        mode: int | None = os.stat(path).st_mode & 0o7777
    except FileNotFoundError:
        mode = None
    while True:
        temporary = os.path.join(folder, f".gdterms-{os.urandom(6).hex()}.tmp")
        try:
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            break
        except FileExistsError:  # pragma: no cover - 48 random bits
            continue
    try:
        if mode is not None:
            os.chmod(temporary, mode)
        options: dict[str, Any] = {} if binary else {"encoding": "utf-8", "newline": newline}
        with open(descriptor, "wb" if binary else "w", **options) as handle:
            write(handle)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def write_lines(handle: TextIO, pieces: Iterable[str]) -> None:
    """Write an iterable of strings, in chunks, without building the whole output."""
    buffer: list[str] = []
    size = 0
    for piece in pieces:
        buffer.append(piece)
        size += len(piece)
        if size > 1 << 16:
            handle.write("".join(buffer))
            buffer.clear()
            size = 0
    handle.write("".join(buffer))
