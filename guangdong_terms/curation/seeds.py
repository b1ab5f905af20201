"""The five seed articles, and the plain text a translator would open from them.

The seeds are web captures: HTML emphasis (``<span>``, ``<font>``, ``<strong>``), Markdown
headings, links, images, quotes and rules. Provenance checks ("this context sentence occurs
verbatim in seed 000") are made against the *cleaned* text, so the cleaning rules are part of the
data contract and are documented in docs/curators/seeds.md.

Cleaning works one line at a time, then rejoins the sentences that the web capture broke
across lines, exactly where the manifest records a join (``joins``, with a reason each): a
heuristic would also join headings, list items and captions that merely lack a full stop, and a
translation memory of half-sentences is one nobody signs. Provenance stays in raw lines: every
character of the cleaned text knows the raw line it came from, so a sentence is cited as the
first-last raw lines it spans (``Seed.find_lines``), and a seed without joins keeps line N of the
cleaned text on line N of the raw file.

Standard library only: the build hook and ``gdterms validate`` import this module.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import re
from dataclasses import dataclass
from functools import cache

__all__ = ["Join", "Seed", "clean_line", "clean_text", "load_seeds"]

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
    """Clean a whole seed, line by line, without the manifest's joins: as many lines as *raw*."""
    return "\n".join(clean_line(line) for line in raw.split("\n"))


@dataclass(frozen=True, slots=True)
class Join:
    """A sentence the capture broke across raw lines *first* to *last*, rejoined by cleaning.

    Every non-empty cleaned line of the range is a piece, except the lines in *keep* (a photo
    caption the page placed inside the sentence), which stay lines of their own and follow the
    joined sentence. Pieces are concatenated with nothing between them: the break is the
    capture's, and Chinese puts no space between words (研|发 becomes 研发).
    """

    first: int
    last: int
    reason: str
    keep: tuple[int, ...] = ()


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
    joins: tuple[Join, ...] = ()
    title_line: int | None = None

    @property
    def lines(self) -> tuple[str, ...]:
        """Cleaned lines, joins applied; index 0 is cleaned line 1."""
        return _layout(self.raw, self.chrome_lines, self.joins, self.title_line, self.title)[0]

    def raw_lines(self, line: int, start: int = 0, end: int | None = None) -> tuple[int, int]:
        """(first, last) raw line of characters *start* to *end* of cleaned line *line*.

        Provenance is kept in raw lines because they are what a reader of the seed file sees,
        and they do not move when a join is added or removed.
        """
        pieces = _layout(self.raw, self.chrome_lines, self.joins, self.title_line,
                         self.title)[1][line - 1]
        stop = len(self.lines[line - 1]) if end is None else end
        covered = [raw for offset, raw in pieces if offset <= max(start, stop - 1)]
        first = max((raw for offset, raw in pieces if offset <= start), default=pieces[0][1])
        return first, max(covered, default=first)

    def find_lines(self, fragment: str) -> tuple[int, int] | None:
        """(first, last) raw line of the first occurrence of *fragment*, or None.

        A fragment never spans two cleaned lines, so one with a newline is never found.
        """
        if not fragment or "\n" in fragment:
            return None
        for number, line in enumerate(self.lines, start=1):
            at = line.find(fragment)
            if at >= 0:
                return self.raw_lines(number, at, at + len(fragment))
        return None

    @property
    def text(self) -> str:
        """The cleaned article, what ``gdterms seeds text`` prints."""
        return "\n".join(self.lines)

    def raw_pieces(self, fragment: str) -> list[str]:
        """*fragment* cut where the raw lines it spans meet: the pieces an earlier, unjoined
        cleaning (and a CAT tool opening the raw capture) had; [] if it is not in the text."""
        for number, line in enumerate(self.lines, start=1):
            at = line.find(fragment) if fragment else -1
            if at < 0:
                continue
            pieces = _layout(self.raw, self.chrome_lines, self.joins, self.title_line,
                             self.title)[1][number - 1]
            cuts = [offset - at for offset, _ in pieces if at < offset < at + len(fragment)]
            bounds = [0, *cuts, len(fragment)]
            return [fragment[start:end] for start, end in itertools.pairwise(bounds)]
        return []

    def find_line(self, fragment: str) -> int | None:
        """The raw line (1-based) where the first occurrence of *fragment* starts, or None."""
        found = self.find_lines(fragment)
        return found[0] if found else None


Pieces = tuple[tuple[int, int], ...]  # (offset in the cleaned line, raw line from there on)


@cache
def _layout(raw: str, chrome: frozenset[int], joins: tuple[Join, ...], title_line: int | None,
            title: str) -> tuple[tuple[str, ...], tuple[Pieces, ...]]:
    """The cleaned lines and, for each, where its raw lines begin in it."""
    cleaned = ["" if number in chrome else clean_line(line)
               for number, line in enumerate(raw.split("\n"), start=1)]
    if title_line is not None:
        cleaned[title_line - 1] = title
    starting = {join.first: join for join in joins}
    lines: list[str] = []
    pieces: list[Pieces] = []
    number = 1
    while number <= len(cleaned):
        join = starting.get(number)
        if join is None:
            lines.append(cleaned[number - 1])
            pieces.append(((0, number),))
            number += 1
            continue
        text, where = "", []
        for member in range(join.first, join.last + 1):
            if member not in join.keep and cleaned[member - 1]:
                where.append((len(text), member))
                text += cleaned[member - 1]
        lines.append(text)
        pieces.append(tuple(where))
        for kept in join.keep:
            lines.append(cleaned[kept - 1])
            pieces.append(((0, kept),))
        number = join.last + 1
    return tuple(lines), tuple(pieces)


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
        raw = data.decode("utf-8")
        title_line = record.get("title_line")
        if title_line is not None and (not isinstance(title_line, int) or not
                                       0 < title_line <= raw.count("\n") + 1 or
                                       record["title"] not in raw.split("\n")[title_line - 1]):
            raise SeedError(f"{where}: title_line must be a raw line holding the title verbatim")
        seeds[record["id"]] = Seed(
            raw=raw, chrome_lines=frozenset(chrome),
            joins=_joins(record.get("joins", []), raw, frozenset(chrome), where),
            title_line=title_line, **{name: record[name] for name in fields},
        )
    return seeds


def _joins(records: object, raw: str, chrome: frozenset[int], where: str) -> tuple[Join, ...]:
    """The manifest's joins, checked: each a range of raw lines whose ends hold text, in order,
    not overlapping, and never between two Latin letters or digits (where a space would be
    wanted, which joining never inserts)."""
    if not isinstance(records, list):
        raise SeedError(f"{where}: joins must be a list of {{lines = [first, last], reason}}")
    total = raw.count("\n") + 1
    cleaned = ["" if n in chrome else clean_line(line)
               for n, line in enumerate(raw.split("\n"), start=1)]
    joins: list[Join] = []
    for index, record in enumerate(records):
        at = f"{where}: joins[{index}]"
        lines, reason = (record.get("lines"), record.get("reason")) if isinstance(
            record, dict) else (None, None)
        keep = record.get("keep", []) if isinstance(record, dict) else []
        if (not isinstance(lines, list) or len(lines) != 2
                or not all(isinstance(n, int) for n in lines)
                or not 0 < lines[0] < lines[1] <= total):
            raise SeedError(f"{at}: lines must be [first, last], raw line numbers, first < last")
        if not isinstance(reason, str) or not reason.strip():
            raise SeedError(f"{at}: a join needs its reason")
        first, last = lines
        if (not isinstance(keep, list) or not all(isinstance(n, int) and first < n < last
                                                  for n in keep)):
            raise SeedError(f"{at}: keep must list raw lines inside the range")
        if joins and first <= joins[-1].last:
            raise SeedError(f"{at}: overlaps or precedes the join before it")
        members = [n for n in range(first, last + 1) if n not in keep and cleaned[n - 1]]
        if members[:1] != [first] or members[-1] != last:
            raise SeedError(f"{at}: lines {first} and {last} must both hold text")
        for before, after in itertools.pairwise(members):
            if cleaned[before - 1][-1:].isascii() and cleaned[before - 1][-1:].isalnum() \
                    and cleaned[after - 1][:1].isascii() and cleaned[after - 1][:1].isalnum():
                raise SeedError(f"{at}: lines {before} and {after} meet between Latin letters "
                                "or digits, where joining would need a space")
        joins.append(Join(first, last, reason.strip(), tuple(keep)))
    return tuple(joins)
