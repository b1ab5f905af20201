"""The glossary as a static web site: what ``gdterms site -o DIR`` writes.

Written for people who never open a terminal: a search page, an index by category and one in
pinyin order, one card page per term, and the whole glossary on one page for printing. It
runs from the installed package alone (no documentation tooling) and from ``file://`` with
nothing on the network: the search index is a script (browsers refuse ``fetch`` from a
``file://`` page), fonts are the system's, and no page names another origin except the
articles and official pages it cites as links.

The search keys are not computed in the browser: ``core.search.client_keys`` hands over the
keys ``gdterms search`` compares (pinyin, initials, English words, Traditional forms), and
``site_assets/search.js`` only normalises the query and scores it the way
``core.search.search_records`` does (tests/test_site_search.py compares the two on 50 queries).

``lang`` is set on every piece of Chinese (zh-Hans, zh-Hant-HK, zh-Hant-TW), so browsers pick
the right glyphs for each variant.
"""

from __future__ import annotations

import html
import json
import os
import shutil
import tempfile
import tomllib
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from ..core import compiled
from ..core.compiled import CATEGORIES, Record
from ..core.search import client_keys, toneless, traditional_table
from ..core.version import __version__
from ..text.normalise import FOLD

__all__ = ["MARKER", "SiteError", "write_site"]

ASSETS = os.path.join(os.path.dirname(__file__), "site_assets")
#: The file that marks a folder as one this module wrote, so a rebuild may replace it and
#: nothing else is ever replaced.
MARKER = ".gdterms-site"

_CATEGORY_NAMES = {
    "programme": "Programmes", "facility": "Facilities", "institution": "Institutions",
    "platform": "Platforms", "zone": "Zones", "slogan": "Slogans and policy phrases",
    "product": "Products", "event": "Events", "indicator": "Indicators",
    "organisation": "Organisations",
}
_FIELD_NAMES = {
    "zh": "Simplified", "alias": "alias", "zh_hk": "Hong Kong", "zh_tw": "Taiwan",
    "alias_hk": "alias, Hong Kong", "alias_tw": "alias, Taiwan", "pinyin": "pinyin",
    "alias_pinyin": "alias pinyin", "alias_initials": "alias initials", "initials": "initials",
    "en": "English", "en_alternative": "alternative English", "en_avoid": "English to avoid",
}
_RELATION_NAMES = {"broader": "Broader", "narrower": "Narrower", "related": "Related"}


class SiteError(Exception):
    """The output folder cannot be written (it holds something that is not our site)."""


def write_site(output: str, records: Sequence[Record] | None = None,
               seeds_manifest: str | None = None) -> int:
    """Write the site into *output*, all or nothing, and return how many cards it holds.

    The pages are built in a temporary folder beside *output* and renamed into place, so an
    interrupted build leaves the old site (or nothing). An existing *output* is replaced only
    if it is empty or a site this function wrote (it holds ``MARKER``).
    """
    rows = list(compiled.records() if records is None else records)
    sources = _read_sources(seeds_manifest or os.path.join(compiled.DATA_DIR, "seeds",
                                                           "manifest.toml"))
    target = os.path.abspath(output)
    if os.path.exists(target) and not _replaceable(target):
        raise SiteError(f"{output}: exists and is not a glossary site written by gdterms "
                        f"(no {MARKER} in it); choose an empty or new folder")
    parent = os.path.dirname(target)
    os.makedirs(parent, exist_ok=True)
    staging = tempfile.mkdtemp(prefix=".gdterms-site-", dir=parent)
    try:
        _write_pages(staging, rows, sources)
        _swap_into_place(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return len(rows)


def _replaceable(target: str) -> bool:
    if not os.path.isdir(target):
        return False
    entries = os.listdir(target)
    return not entries or MARKER in entries


def _swap_into_place(staging: str, target: str) -> None:
    """Rename *staging* to *target*; an old site is moved aside first and removed after."""
    if not os.path.exists(target):
        os.rename(staging, target)
        return
    old = tempfile.mkdtemp(prefix=".gdterms-site-old-", dir=os.path.dirname(target))
    os.rmdir(old)
    os.rename(target, old)
    try:
        os.rename(staging, target)
    except OSError:
        os.rename(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)


# --- sources ---------------------------------------------------------------------------------


def _read_sources(manifest: str) -> dict[str, dict[str, str]]:
    """Seed id -> title, publisher, date and address (``url`` starts with http, or is absent)."""
    with open(manifest, "rb") as handle:
        document = tomllib.load(handle)
    found: dict[str, dict[str, str]] = {}
    for seed in document.get("seed", []):
        url = str(seed.get("url", ""))
        found[str(seed["id"])] = {
            "title": str(seed.get("title", "")), "publisher": str(seed.get("publisher", "")),
            "date": str(seed.get("date", "")),
            "url": url if url.startswith(("http://", "https://")) else "",
        }
    return found


# --- pages -----------------------------------------------------------------------------------


def _write_pages(folder: str, rows: Sequence[Record], sources: dict[str, dict[str, str]]) -> None:
    os.makedirs(os.path.join(folder, "terms"))
    for asset in ("site.css", "search.js", "page.js"):
        shutil.copyfile(os.path.join(ASSETS, asset), os.path.join(folder, asset))
    by_id = {row["id"]: row for row in rows}
    _write(folder, "search-index.js", _search_index(rows))
    _write(folder, "index.html", _page("Guangdong science and technology terms", "",
                                       _index_by_category(rows), search=True, current="index"))
    _write(folder, "pinyin.html", _page("Terms in pinyin order", "", _index_by_pinyin(rows),
                                        current="pinyin"))
    cards = "\n".join(
        f'<section aria-labelledby="cat-{cat}"><h2 id="cat-{cat}">{_CATEGORY_NAMES[cat]}</h2>\n'
        + "\n".join(_card(row, sources, by_id, level=3, link=lambda i: f"#{i}", here="")
                    for row in _sorted(r for r in rows if r["category"] == cat))
        + "</section>" for cat in CATEGORIES if any(r["category"] == cat for r in rows))
    _write(folder, "print.html", _page("The whole glossary", "", cards, current="print"))
    for row in rows:
        body = _card(row, sources, by_id, level=1, link=lambda i: f"{i}.html", here="../")
        _write(folder, os.path.join("terms", f"{row['id']}.html"),
               _page(f"{row['zh']} — {row['en']}", "../", body))
    _write(folder, MARKER, f"guangdong_terms {__version__}: written by `gdterms site`; "
                           "a rebuild replaces this folder.\n")


def _write(folder: str, name: str, text: str) -> None:
    with open(os.path.join(folder, name), "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)


def _search_index(rows: Sequence[Record]) -> str:
    index = {
        "version": __version__,
        "fold": {chr(code): value for code, value in FOLD.items()},
        "t2s": traditional_table(rows),
        "fields": _FIELD_NAMES,
        "terms": [{"id": row["id"], "zh": row["zh"], "en": row["en"], "pinyin": row["pinyin"],
                   "category": row["category"], "keys": client_keys(row)} for row in rows],
    }
    payload = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    return ("// The search keys of `gdterms search`, computed at build time by\n"
            "// guangdong_terms.core.search.client_keys; search.js scores queries against them.\n"
            f"window.GDTERMS_INDEX = {payload};\n")


def _sorted(rows: Iterable[Record]) -> list[Record]:
    """Pinyin order: toneless letters first, tone marks and id to break ties."""
    return sorted(rows, key=lambda r: (toneless(r["pinyin"]), r["pinyin"].lower(), r["id"]))


def _term_link(row: Record, href: str) -> str:
    return (f'<a href="{_attr(href)}"><span lang="zh-Hans">{_text(row["zh"])}</span> '
            f'<span class="en" lang="en">{_text(row["en"])}</span> '
            f'<span class="pinyin" lang="zh-Latn-pinyin">{_text(row["pinyin"])}</span></a>')


def _index_by_category(rows: Sequence[Record]) -> str:
    parts = ['<h2 id="by-category">Terms by category</h2>', ('<nav aria-label="Categories">'
             '<ul class="inline">')]
    parts += [f'<li><a href="#cat-{cat}">{_CATEGORY_NAMES[cat]}</a></li>'
              for cat in CATEGORIES if any(r["category"] == cat for r in rows)]
    parts.append("</ul></nav>")
    for cat in CATEGORIES:
        members = _sorted(r for r in rows if r["category"] == cat)
        if not members:
            continue
        parts.append(f'<section aria-labelledby="cat-{cat}"><h3 id="cat-{cat}">'
                     f'{_CATEGORY_NAMES[cat]} ({len(members)})</h3><ul class="terms">')
        parts += [f"<li>{_term_link(r, 'terms/' + r['id'] + '.html')}</li>" for r in members]
        parts.append("</ul></section>")
    return "\n".join(parts)


def _index_by_pinyin(rows: Sequence[Record]) -> str:
    groups: dict[str, list[Record]] = {}
    for row in _sorted(rows):
        letter = (toneless(row["pinyin"])[:1] or "#").upper()
        groups.setdefault(letter if letter.isalpha() else "#", []).append(row)
    parts = ['<nav aria-label="Letters"><ul class="inline">']
    parts += [f'<li><a href="#letter-{letter}">{letter}</a></li>' for letter in groups]
    parts.append("</ul></nav>")
    for letter, members in groups.items():
        parts.append(f'<section aria-labelledby="letter-{letter}"><h2 id="letter-{letter}">'
                     f'{letter}</h2><ul class="terms">')
        parts += [f"<li>{_term_link(r, 'terms/' + r['id'] + '.html')}</li>" for r in members]
        parts.append("</ul></section>")
    return "\n".join(parts)


def _page(title: str, root: str, body: str, *, search: bool = False, current: str = "") -> str:
    def nav_link(name: str, href: str, label: str) -> str:
        mark = ' aria-current="page"' if name == current else ""
        return f'<li><a href="{root}{href}"{mark}>{label}</a></li>'

    search_form = (
        '<form role="search" class="search" onsubmit="return false">'
        '<label for="search">Search the glossary</label>'
        '<input id="search" type="search" autocomplete="off" spellcheck="false" '
        'aria-describedby="search-help" aria-controls="results">'
        '<p id="search-help" class="help">Chinese (Simplified or Traditional), pinyin with or '
        'without tones, initials such as <kbd>dwq</kbd>, or English. Arrow keys move through '
        'the results; Enter opens one.</p></form>'
        '<p id="status" role="status" aria-live="polite"></p>'
        '<ol id="results" class="results" aria-label="Search results"></ol>'
    ) if search else ""
    # On the search page the name is not a link, so the first Tab lands in the search box.
    site_name = ("Guangdong science and technology terms" if search else
                 f'<a href="{root}index.html">Guangdong science and technology terms</a>')
    scripts = (f'<script src="{root}search-index.js"></script>'
               f'<script src="{root}search.js"></script>'
               f'<script src="{root}page.js"></script>') if search else ""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_text(title)}</title>
<link rel="stylesheet" href="{root}site.css">
</head>
<body>
<header>
<p class="site-name">{site_name}</p>
{search_form}
<nav aria-label="Glossary">
<ul class="inline">
{nav_link("index", "index.html", "Search and categories")}
{nav_link("pinyin", "pinyin.html", "Pinyin index")}
{nav_link("print", "print.html", "Whole glossary (for printing)")}
</ul>
</nav>
</header>
<main id="main">
{f"<h1>{_text(title)}</h1>" if current else ""}
{body}
</main>
<footer>
<p>guangdong_terms {_text(__version__)}. The glossary and its English are CC BY 4.0 (credit
“guangdong_terms glossary”); quoted Chinese sentences stay their publishers'.</p>
</footer>
{scripts}
</body>
</html>
"""


def _card(row: Record, sources: dict[str, dict[str, str]], by_id: dict[str, Record], *,
          level: int, link: Callable[[str], str], here: str) -> str:
    """One term's card: every field of the record, in the order a translator reads them."""
    h = f"h{level}"
    sub = f"h{level + 1}"
    rid = _attr(row["id"])
    fields: list[tuple[str, str]] = [
        ("Simplified", f'<span lang="zh-Hans">{_text(row["zh"])}</span>'),
        ("Hong Kong", f'<span lang="zh-Hant-HK">{_text(row["zh_hk"])}</span>'),
        ("Taiwan", f'<span lang="zh-Hant-TW">{_text(row["zh_tw"])}</span>'),
        ("Pinyin", f'<span lang="zh-Latn-pinyin">{_text(row["pinyin"])}</span>'),
        ("Preferred English", f'<strong lang="en">{_text(row["en"])}</strong>'),
    ]
    if row["en_alternatives"]:
        fields.append(("Also acceptable", _list(f'<span lang="en">{_text(f)}</span>'
                                                for f in row["en_alternatives"])))
    if row["en_avoid"]:
        fields.append(("Avoid", _list(
            f'<del lang="en"><span class="visually-hidden">do not write: </span>{_text(f)}</del>'
            for f in row["en_avoid"])))
    if row["aliases"]:
        fields.append(("Other names", _list(
            f'<span lang="zh-Hans">{_text(a)}</span> (Hong Kong <span lang="zh-Hant-HK">'
            f'{_text(hk)}</span>, Taiwan <span lang="zh-Hant-TW">{_text(tw)}</span>)'
            for a, hk, tw in zip(row["aliases"], row["aliases_hk"], row["aliases_tw"],
                                 strict=True))))
    if row["short_forms"]:
        fields.append(("Short forms", _list(
            f'<span lang="zh-Hans">{_text(s["zh"])}</span> — <span lang="en">{_text(s["en"])}'
            "</span>" for s in row["short_forms"])))
    fields.append(("Category", (f'<a href="{here}index.html#cat-{row["category"]}">'
                               f'{_CATEGORY_NAMES[row["category"]]}</a>')))
    parts = [f'<article class="card" id="{rid}" aria-labelledby="{rid}-title">',
             (f'<{h} id="{rid}-title"><span lang="zh-Hans">{_text(row["zh"])}</span> '
             f'<span class="en" lang="en">{_text(row["en"])}</span></{h}>'),
             '<dl class="forms">']
    parts += [f"<dt>{name}</dt><dd>{value}</dd>" for name, value in fields]
    parts.append("</dl>")
    parts.append(f'<{sub} id="{rid}-definition">Definition</{sub}>'
                 f'<p lang="en">{_text(row["definition"])}</p>')
    parts.append(f'<{sub} id="{rid}-contexts">In context</{sub}>')
    for context in row["contexts"]:
        parts.append(f'<figure class="context"><blockquote lang="zh-Hans">'
                     f'{_text(context["zh"])}</blockquote><p lang="en">{_text(context["en"])}</p>'
                     f"<figcaption>{_citation(context, sources)}</figcaption></figure>")
    if row["notes"]:
        parts.append(f'<{sub} id="{rid}-notes">Notes</{sub}><p lang="en">{_text(row["notes"])}'
                     "</p>")
    parts.append(f'<{sub} id="{rid}-source">Source of the English</{sub}>{_english_source(row)}')
    if row["related"]:
        parts.append(f'<{sub} id="{rid}-related">Related terms</{sub}><ul>')
        for rel in row["related"]:
            target = rel["id"]
            name = (f'<span lang="zh-Hans">{_text(rel["zh"])}</span> '
                    f'<span lang="en">{_text(rel["en"])}</span>')
            label = _RELATION_NAMES.get(rel["type"], rel["type"].capitalize())
            linked = f'<a href="{_attr(link(target))}">{name}</a>' if target in by_id else name
            parts.append(f"<li>{label}: {linked}</li>")
        parts.append("</ul>")
    parts.append("</article>")
    return "\n".join(parts)


def _citation(context: dict[str, Any], sources: dict[str, dict[str, str]]) -> str:
    source = sources.get(str(context["seed"]))
    lines = (f'lines {context["line"]}–{context["end_line"]}' if context.get("end_line")
             else f'line {context["line"]}')
    if source is None:
        return f'Seed article {_text(str(context["seed"]))}, {lines}'
    title = f'<cite lang="zh-Hans">{_text(source["title"])}</cite>'
    if source["url"]:
        title = f'<a href="{_attr(source["url"])}">{title}</a>'
    else:
        title += " (the article gives no address)"
    return (f'Source: {title}, {_text(source["publisher"])}, {_text(source["date"])} '
            f'(seed {_text(str(context["seed"]))}, {lines})')


def _english_source(row: Record) -> str:
    source = row["en_source"]
    if source.startswith(("http://", "https://")):
        where = f'<a href="{_attr(source)}" lang="en">{_text(source)}</a>'
    else:
        where = f'<span lang="en">{_text(source)}</span>'
    status = _text(row["status"])
    checked = f", checked {_text(row['checked'])}" if row["checked"] else ""
    parts = [(f'<p>{where}</p><p>Status: <strong class="status-{status}">{status}</strong>'
             f"{checked}</p>")]
    if row["en_source_quote"]:
        parts.append(f'<blockquote lang="en">{_text(row["en_source_quote"])}</blockquote>')
    if row["overrides"]:
        parts.append("<p>Curators' overrides:</p><ul>" + "".join(
            f"<li><code>{_text(name)}</code>: {_text(reason)}</li>"
            for name, reason in row["overrides"].items()) + "</ul>")
    return "".join(parts)


def _list(items: Iterable[str]) -> str:
    return '<ul class="plain">' + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def _text(value: str) -> str:
    return html.escape(value, quote=False)


def _attr(value: str) -> str:
    return html.escape(value, quote=True)

