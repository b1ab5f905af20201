"""The five seed articles, and the plain text a translator would open from them.

The seeds are web captures: HTML emphasis (``<span>``, ``<font>``, ``<strong>``), Markdown
headings, links, images, quotes and rules. Provenance checks ("this context sentence occurs
verbatim in seed 000") are made against the *cleaned* text, so the cleaning rules are part of the
data contract and are documented in docs/seeds.md.

Cleaning works one line at a time and never joins or splits lines, so line N of the cleaned text
is line N of the raw file. That keeps the mapping back to the raw seed trivial: a reference
``seed 000, line 17`` means the same line in both.

Standard library only: the build hook and ``gdterms validate`` import this module.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from functools import cache

__all__ = ["Seed", "clean_line", "clean_text", "load_seeds"]

_TAG = re.compile(r"<[^<>]*>")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
# A line that is only a thematic break: ---, ***, ___ (three or more).
_RULE = re.compile(r"^\s*([-*_])(?:\s*\1){2,}\s*$")
# Block markers at the start of a line: headings, block quotes, list bullets. "●" and "•"
# bullets are typed into the seed texts as plain characters but play the same part.
_LEADER = re.compile(r"^(?:#{1,6}\s+|>\s?|[-*+]\s+|[●•]\s*)+")
# str.strip() already removes U+3000 IDEOGRAPHIC SPACE, the Chinese paragraph indent.


def clean_line(line: str) -> str:
    """Return the plain text of one raw seed line.

    >>> clean_line('　　广东加快构建<font color="#ff0000">全过程创新链</font>，')
    '广东加快构建全过程创新链，'
    >>> clean_line('> 广东发布微信公众号 [原文链接](https://mp.weixin.qq.com/s/x)')
    '广东发布微信公众号 原文链接'
    >>> clean_line('------')
    ''
    """
    if _RULE.match(line):
        return ""
    text = _TAG.sub("", line)
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _BOLD.sub(r"\1", text)
    text = text.strip()
    text = _LEADER.sub("", text)
    return text.strip()


def clean_text(raw: str) -> str:
    """Clean a whole seed, line by line; the result has exactly as many lines as *raw*."""
    return "\n".join(clean_line(line) for line in raw.split("\n"))


@dataclass(frozen=True, slots=True)
class Seed:
    """One seed article: its manifest record, its raw text and its cleaned lines."""

    id: str
    file: str
    title: str
    publisher: str
    date: str
    url: str
    sha256: str
    raw: str
    chrome_lines: frozenset[int] = frozenset()

    @property
    def lines(self) -> tuple[str, ...]:
        """Cleaned lines; index 0 is line 1."""
        return _clean_lines(self.raw, self.chrome_lines)

    @property
    def text(self) -> str:
        """The cleaned article, what ``gdterms seeds text`` prints."""
        return "\n".join(self.lines)

    def find_line(self, fragment: str) -> int | None:
        """Line number (1-based) of the first cleaned line containing *fragment*, or None.

        Context sentences never span lines, so a fragment with a newline is never found.
        """
        if not fragment or "\n" in fragment:
            return None
        for number, line in enumerate(self.lines, start=1):
            if fragment in line:
                return number
        return None


@cache
def _clean_lines(raw: str, chrome: frozenset[int]) -> tuple[str, ...]:
    return tuple("" if number in chrome else clean_line(line)
                 for number, line in enumerate(raw.split("\n"), start=1))


class SeedError(ValueError):
    """The seeds folder or its manifest is unusable."""


def load_seeds(seeds_dir: str) -> dict[str, Seed]:
    """Read ``manifest.toml`` and every seed it lists, checking each file's sha256."""
    import tomllib

    manifest_path = os.path.join(seeds_dir, "manifest.toml")
    try:
        with open(manifest_path, "rb") as handle:
            manifest = tomllib.load(handle)
    except FileNotFoundError:
        raise SeedError(f"{manifest_path}: no seed manifest here") from None
    except tomllib.TOMLDecodeError as error:
        raise SeedError(f"{manifest_path}: {error}") from None
    seeds: dict[str, Seed] = {}
    for index, record in enumerate(manifest.get("seed", [])):
        where = f"{manifest_path}: seed[{index}]"
        fields = ("id", "file", "title", "publisher", "date", "url", "sha256")
        missing = [name for name in fields if not isinstance(record.get(name), str)]
        if missing:
            raise SeedError(f"{where}: missing or non-string field(s) {', '.join(missing)}")
        path = os.path.join(seeds_dir, record["file"])
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError as error:
            raise SeedError(f"{where}: cannot read {path}: {error.strerror}") from None
        digest = hashlib.sha256(data).hexdigest()
        if digest != record["sha256"]:
            raise SeedError(f"{path}: sha256 is {digest}, manifest says {record['sha256']}")
        chrome = record.get("chrome_lines", [])
        if not isinstance(chrome, list) or not all(isinstance(n, int) for n in chrome):
            raise SeedError(f"{where}: chrome_lines must be a list of line numbers")
        seeds[record["id"]] = Seed(
            raw=data.decode("utf-8"), chrome_lines=frozenset(chrome),
            **{name: record[name] for name in fields},
        )
    return seeds
