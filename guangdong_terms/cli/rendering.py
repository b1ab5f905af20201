"""What the CLI prints: a term as a translator reads it, term hits (a table, JSON, or the text
annotated inline as Markdown or HTML), JSON for scripts, and error lines.

``render_record`` works on the compiled JSON record, not a ``Term``: ``gdterms lookup`` prints a
term without building one (benchmarks/startup.py).
"""

from __future__ import annotations

import sys

from ..core.compiled import Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..core.recognize import TermHit

__all__ = ["print_error", "print_json", "render_hits", "render_record"]


def print_error(message: str) -> None:
    """One line on standard error, prefixed with the command's name."""
    print(f"gdterms: {message}", file=sys.stderr)


def print_json(value: object) -> None:
    """*value* as indented JSON, Chinese as itself (not \\u escapes)."""
    import json

    print(json.dumps(value, ensure_ascii=False, indent=2))


def _alias(alias: str, hk: str, tw: str) -> str:
    """An alias with its Hong Kong and Taiwan forms, where they are not the alias itself."""
    if hk == tw:
        return alias if hk == alias else f"{alias} (zh-HK, zh-TW {hk})"
    return f"{alias} (zh-HK {hk}, zh-TW {tw})"


def _relation(relation: Record) -> str:
    """``broader: 粤港澳大湾区 (Guangdong-Hong Kong-Macao Greater Bay Area)``; the id where the
    record was not compiled with the target's names."""
    if relation.get("zh"):
        return f"{relation['type']}: {relation['zh']} ({relation['en']})"
    return f"{relation['type']}: {relation['id']}"


def render_record(record: Record) -> str:
    """A term as a translator reads it: forms, English, one context, notes."""
    source = record["en_source"]
    rows = [
        ("pinyin", record["pinyin"]),
        ("zh-HK", record["zh_hk"]),
        ("zh-TW", record["zh_tw"]),
        ("aliases", "; ".join(_alias(alias, hk, tw) for alias, hk, tw in zip(
            record["aliases"], record["aliases_hk"], record["aliases_tw"], strict=True))),
        ("also", "; ".join(record["en_alternatives"])),
        ("short", "; ".join(f"{pair['zh']} = {pair['en']}"
                            for pair in record.get("short_forms", ()))),
        ("avoid", "; ".join(record["en_avoid"])),
        ("category", record["category"]),
        ("related", "; ".join(_relation(relation) for relation in record.get("related", ()))),
        ("source", f"{record['status']}: {source}"),
    ]
    lines = [f"{record['zh']}  {record['en']}"]
    if record.get("definition"):
        lines.append(f"  {'means':<9} {record['definition']}")
    lines += [f"  {name:<9} {value}" for name, value in rows if value]
    if record["contexts"]:
        context = record["contexts"][0]
        span = (f"{context['line']}-{context['end_line']}" if "end_line" in context
                else context.get("line"))
        where = f"seed {context['seed']}" + (f", line {span}" if "line" in context else "")
        lines += [f"  {'context':<9} {context['zh']}  [{where}]", f"  {'':<9} {context['en']}"]
    if record["notes"]:
        lines += [f"  {'notes':<9} {line}" if i == 0 else f"  {'':<9} {line}"
                  for i, line in enumerate(record["notes"].strip().splitlines())]
    return "\n".join(lines)




def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts += [index + 1 for index, char in enumerate(text) if char == "\n"]
    return starts


def _hit_rows(text: str, hits: list[TermHit]) -> list[dict[str, object]]:
    from bisect import bisect_right

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
    import html

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
        import json

        return json.dumps(_hit_rows(text, hits), ensure_ascii=False, indent=2) + "\n"
    if fmt == "markdown":
        return _inline(text, hits, "markdown")
    if fmt == "html":
        body = _inline(text, hits, "html").replace("\n", "<br>\n")
        return ("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
                "<title>gdterms annotate</title><style>abbr.gdterm{text-decoration:underline "
                "dotted;cursor:help}</style></head>\n<body><p>" + body + "</p></body></html>\n")
    rows = _hit_rows(text, hits)
    lines = [f"{row['line']}:{row['column']}\t{row['start']}-{row['end']}\t{row['text']}\t"
             f"{row['en']}\t{row['id']}" for row in rows]
    return "".join(line + "\n" for line in lines)
