"""``gdterms site``: the static glossary site, its cards, indexes and offline rules.

What a browser does with it is tests/test_site_browser.py; that its search ranks as
``gdterms search`` does is tests/test_site_search.py.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest

from guangdong_terms.core import compiled
from guangdong_terms.core.search import toneless
from guangdong_terms.operations.site import MARKER, write_site


class _Page(HTMLParser):
    """Collects what the tests ask of a page: every tag's attributes, and its text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse(path):
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("site") / "glossary"
    assert write_site(str(folder)) == len(compiled.records())
    return folder


def test_one_card_per_term_with_every_field(site):
    records = compiled.records()
    assert sorted(p.stem for p in (site / "terms").glob("*.html")) == sorted(
        r["id"] for r in records)
    record = next(r for r in records if r["id"] == "harmonyos")
    page = (site / "terms" / "harmonyos.html").read_text(encoding="utf-8")
    for value in (record["zh"], record["zh_hk"], record["zh_tw"], record["pinyin"], record["en"],
                  record["definition"], record["en_source"], record["status"]):
        assert html.escape(value, quote=False) in page, value
    for avoided in record["en_avoid"]:  # struck through, with words a screen reader says
        assert (f'<del lang="en"><span class="visually-hidden">do not write: </span>'
                f'{html.escape(avoided)}</del>') in page
    for context in record["contexts"]:
        assert html.escape(context["zh"], quote=False) in page
        assert html.escape(context["en"], quote=False) in page
    assert '<span lang="zh-Hant-HK">鴻蒙操作系統</span>' in page
    assert '<span lang="zh-Hant-TW">鴻蒙作業系統</span>' in page


def test_contexts_link_their_source_article(site):
    # Seed 002 gives its address; the card links it. Seeds without one say so.
    record = next(r for r in compiled.records()
                  if any(c["seed"] == "002" for c in r["contexts"]))
    page = (site / "terms" / f"{record['id']}.html").read_text(encoding="utf-8")
    assert '<a href="http://www.guangzhou.gov.cn/202501/16/156098_54775961.htm">' in page
    record = next(r for r in compiled.records()
                  if any(c["seed"] == "001" for c in r["contexts"]))
    page = (site / "terms" / f"{record['id']}.html").read_text(encoding="utf-8")
    assert "(the article gives no address)" in page


def test_related_terms_and_short_forms_link_and_show(site):
    records = compiled.records()
    related = next(r for r in records if r["related"])
    page = parse(site / "terms" / f"{related['id']}.html")
    hrefs = {attrs.get("href") for tag, attrs in page.tags if tag == "a"}
    assert all(f"{rel['id']}.html" in hrefs for rel in related["related"])
    short = next(r for r in records if r["short_forms"])
    text = (site / "terms" / f"{short['id']}.html").read_text(encoding="utf-8")
    assert all(html.escape(s["en"], quote=False) in text for s in short["short_forms"])


def test_indexes_list_every_term(site):
    records = compiled.records()
    for name in ("index.html", "pinyin.html"):
        page = parse(site / name)
        hrefs = [attrs["href"] for tag, attrs in page.tags if tag == "a"
                 and (attrs.get("href") or "").startswith("terms/")]
        assert sorted(hrefs) == sorted(f"terms/{r['id']}.html" for r in records), name
    # the pinyin index runs in toneless pinyin order
    page = parse(site / "pinyin.html")
    ids = [attrs["href"][6:-5] for tag, attrs in page.tags if tag == "a"
           and (attrs.get("href") or "").startswith("terms/")]
    by_id = {r["id"]: r for r in records}
    flat = [toneless(by_id[i]["pinyin"]) for i in ids]
    assert flat == sorted(flat) and flat[0] < flat[-1]
    print_page = (site / "print.html").read_text(encoding="utf-8")
    assert all(f'id="{r["id"]}"' in print_page for r in records)


def test_nothing_is_loaded_from_another_origin(site):
    for path in site.rglob("*.html"):
        page = parse(path)
        for tag, attrs in page.tags:
            if tag in ("script", "link", "img", "iframe", "source", "audio", "video"):
                ref = attrs.get("src") or attrs.get("href") or ""
                assert not re.match(r"[a-z]+:|//", ref), (path.name, tag, ref)
    css = (site / "site.css").read_text(encoding="utf-8")
    assert "@import" not in css and "url(" not in css and "@font-face" not in css
    assert '"Noto Sans CJK SC"' in css and '"Noto Sans CJK HK"' in css
    assert (site / "search-index.js").read_text(encoding="utf-8").startswith("//")


def test_every_chinese_span_has_a_language(site):
    page = parse(site / "terms" / "harmonyos.html")
    langs = {attrs.get("lang") for _tag, attrs in page.tags}
    assert {"en", "zh-Hans", "zh-Hant-HK", "zh-Hant-TW"} <= langs
    assert page.tags[0] == ("html", {"lang": "en"})


def test_cli_writes_and_rewrites_a_site_and_refuses_other_folders(run_cli, tmp_path):
    out = tmp_path / "site"
    code, _, err = run_cli("site", "-o", str(out))
    assert code == 0 and f"wrote {len(compiled.records())} term cards" in err
    assert (out / MARKER).exists() and (out / "index.html").exists()
    (out / "stale.html").write_text("old", encoding="utf-8")
    assert run_cli("site", "-o", str(out))[0] == 0
    assert not (out / "stale.html").exists()  # replaced whole, not merged
    other = tmp_path / "mine"
    other.mkdir()
    (other / "notes.txt").write_text("keep", encoding="utf-8")
    code, _, err = run_cli("site", "-o", str(other))
    assert code == 2 and "is not a glossary site written by gdterms" in err
    assert [p.name for p in other.iterdir()] == ["notes.txt"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".gdterms")] == []
