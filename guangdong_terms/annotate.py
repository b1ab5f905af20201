"""Render term hits: a table, JSON, or the text annotated inline as Markdown or HTML."""

from __future__ import annotations

import html
import json
from bisect import bisect_right

from .model import TermHit

__all__ = ["render_hits"]


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts += [index + 1 for index, char in enumerate(text) if char == "\n"]
    return starts


def _records(text: str, hits: list[TermHit]) -> list[dict[str, object]]:
    starts = _line_starts(text)
    rows = []
    for hit in hits:
        line = bisect_right(starts, hit.start)
        rows.append({"start": hit.start, "end": hit.end, "line": line,
                     "column": hit.start - starts[line - 1] + 1, "text": hit.text,
                     "form": hit.form, "id": hit.term.id, "en": hit.term.en,
                     "pinyin": hit.term.pinyin, "category": hit.term.category})
    return rows


def _inline(text: str, hits: list[TermHit], mark: str) -> str:
    pieces: list[str] = []
    cursor = 0
    escape = html.escape if mark == "html" else (lambda s: s)
    for hit in hits:
        pieces.append(escape(text[cursor:hit.start]))
        if mark == "html":
            title = html.escape(f"{hit.term.en} · {hit.term.pinyin}")
            pieces.append(f'<abbr class="gdterm" title="{title}" data-id="{hit.term.id}">'
                          f"{html.escape(hit.text)}</abbr>")
        else:
            pieces.append(f"**{hit.text}** ({hit.term.en})")
        cursor = hit.end
    pieces.append(escape(text[cursor:]))
    return "".join(pieces)


def render_hits(text: str, hits: list[TermHit], fmt: str) -> str:
    """*hits* of *text* in the format named: table, json, markdown or html."""
    if fmt == "json":
        return json.dumps(_records(text, hits), ensure_ascii=False, indent=2) + "\n"
    if fmt == "markdown":
        return _inline(text, hits, "markdown")
    if fmt == "html":
        body = _inline(text, hits, "html").replace("\n", "<br>\n")
        return ("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
                "<title>gdterms annotate</title><style>abbr.gdterm{text-decoration:underline "
                "dotted;cursor:help}</style></head>\n<body><p>" + body + "</p></body></html>\n")
    rows = _records(text, hits)
    lines = [f"{row['line']}:{row['column']}\t{row['start']}-{row['end']}\t{row['text']}\t"
             f"{row['en']}\t{row['id']}" for row in rows]
    return "".join(line + "\n" for line in lines)
