"""The glossary site in a real browser: headless Chromium (Debian's ``chromium`` package),
driven by Playwright through its executable path (never ``playwright install``).

Pages are opened from ``file://`` and any request to anything else fails the test. Searches by
pinyin, English, Traditional Chinese and a typo must put the right card first; a nonsense query
shows nothing; a search is walked by keyboard alone with the focus visible; axe-core finds no
serious or critical violation with every rule on; the printed glossary (PDF, read back with
``pdftotext``) holds every term. Screenshots of a card and a search, and the PDF, are kept in
``build/artefacts/`` (git-ignored; .ci/run says so).

The user guide (built strictly, as CI does) is checked too: axe on its pages (Material's footer,
link and code colours are raised to pass in docs/stylesheets/extra.css), and its link to the
glossary leads to a working search, offline.

Chromium, pdftotext and Node.js's npm (for axe-core, installed at test time into a cache folder
outside the repository, ``$GDTERMS_TEST_CACHE`` or ``~/.cache/gdterms-tests``) are required:
these tests fail, never skip, without them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

from guangdong_terms.core import compiled
from guangdong_terms.operations.site import write_site

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTEFACTS = REPO / "build" / "artefacts"
GBA = "guangdong-hong-kong-macao-greater-bay-area"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("browser") / "glossary"
    write_site(str(folder))
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def browser():
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: apt-get install chromium"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    """A page that may load file:// URLs only: anything else is aborted and fails the test."""
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    foreign: list[str] = []

    def guard(route):
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            foreign.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    opened = context.new_page()
    opened.on("request", lambda request: None if request.url.startswith("file://")
              else foreign.append(request.url))
    yield opened
    context.close()
    assert foreign == [], f"requests beyond file://: {foreign}"


@pytest.fixture(scope="module")
def axe_script() -> Path:
    cache = Path(os.environ.get("GDTERMS_TEST_CACHE", Path.home() / ".cache" / "gdterms-tests"))
    script = cache / "axe" / "node_modules" / "axe-core" / "axe.min.js"
    if not script.exists():
        npm = shutil.which("npm")
        assert npm, "npm is required to fetch axe-core for the accessibility test"
        (cache / "axe").mkdir(parents=True, exist_ok=True)
        subprocess.run([npm, "install", "--no-audit", "--no-fund", "--silent",
                        "--prefix", str(cache / "axe"), "axe-core@4"], check=True, timeout=300)
    assert script.exists(), script
    return script


def url(site: Path, name: str) -> str:
    return (site / name).as_uri()


def search_for(page, site, query):
    page.goto(url(site, "index.html"))
    page.fill("#search", query)
    page.wait_for_function("document.getElementById('status').textContent !== ''")
    return page.locator("#results a.hit")


@pytest.mark.parametrize(("query", "term_id"), [
    ("dawanqu", GBA),                          # pinyin of an alias
    ("HarmonyOS", "harmonyos"),                # English
    ("鴻蒙", "harmonyos"),                     # Traditional Chinese
    ("guangzou", "guangzhou-laboratory"),      # a typo
])
def test_search_puts_the_right_card_first_and_opens_it(page, site, query, term_id):
    hits = search_for(page, site, query)
    assert hits.count() >= 1
    assert hits.first.get_attribute("data-id") == term_id
    hits.first.click()
    page.wait_for_url(f"**/terms/{term_id}.html")
    record = next(r for r in compiled.records() if r["id"] == term_id)
    assert page.locator("h1").inner_text().startswith(record["zh"])


def test_nonsense_finds_nothing_and_says_so(page, site):
    hits = search_for(page, site, "qqzxv")
    assert hits.count() == 0
    assert page.locator("#status").inner_text() == "No term matches “qqzxv”."


def _focus_is_visible(page) -> bool:
    style = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
        return [s.outlineStyle, parseFloat(s.outlineWidth)]; }""")
    return style[0] != "none" and style[1] >= 2


def test_keyboard_alone_searches_and_opens_a_card_with_visible_focus(page, site):
    page.goto(url(site, "index.html"))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "search"
    assert _focus_is_visible(page)
    page.keyboard.type("dawanqu")
    page.wait_for_selector("#results a.hit")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.dataset.id") == GBA
    assert _focus_is_visible(page)
    page.keyboard.press("ArrowDown")
    second = page.evaluate("document.activeElement.dataset.id")
    assert second not in (None, GBA)
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.dataset.id") == GBA
    page.screenshot(path=str(ARTEFACTS / "search.png"))
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/terms/{GBA}.html")


# print.html is the same cards as terms/*.html, 358 of them: axe takes 90 s over it for nothing.
@pytest.mark.parametrize("name", ["index.html", "pinyin.html", "terms/harmonyos.html",
                                  f"terms/{GBA}.html"])
def test_axe_finds_no_serious_or_critical_violation(page, site, axe_script, name):
    page.goto(url(site, name))
    if name == "index.html":
        page.fill("#search", "dawanqu")  # the results list is checked too
        page.wait_for_selector("#results a.hit")
    page.add_script_tag(path=str(axe_script))
    result = page.evaluate("() => axe.run(document)")
    assert result["passes"], "axe ran no rule"
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
           for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert bad == []


def test_a_card_shows_every_script_in_its_own_glyphs(page, site):
    page.goto(url(site, "terms/harmonyos.html"))
    fonts = page.evaluate("""() => ['zh-Hans', 'zh-Hant-HK', 'zh-Hant-TW'].map(lang =>
        getComputedStyle(document.querySelector(`dd [lang="${lang}"]`)).fontFamily)""")
    assert [f.split(",")[0] for f in fonts] == [
        '"Noto Sans CJK SC"', '"Noto Sans CJK HK"', '"Noto Sans CJK TC"']
    struck = page.locator("del").first
    assert "line-through" in struck.evaluate("e => getComputedStyle(e).textDecorationLine")
    page.screenshot(path=str(ARTEFACTS / "card.png"), full_page=True)


def test_the_printed_glossary_holds_every_term(page, site):
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext is required: apt-get install poppler-utils"
    page.goto(url(site, "print.html"))
    pdf = ARTEFACTS / "glossary.pdf"
    page.pdf(path=str(pdf), format="A4")
    text = subprocess.run([pdftotext, "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    flat = "".join(text.split())
    missing = [r["zh"] for r in compiled.records() if "".join(r["zh"].split()) not in flat]
    assert missing == []


@pytest.fixture(scope="module")
def guide(tmp_path_factory) -> Path:
    """The user guide as CI builds it (strict), with the glossary pages inside."""
    folder = tmp_path_factory.mktemp("guide") / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d",
                             str(folder)], cwd=REPO, capture_output=True, text=True, env=env,
                            check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    return folder


@pytest.mark.parametrize("name", ["index.html", "glossary.html", "tour.html", "cat-tools.html",
                                  "reference/api.html", "reference/cli.html"])
def test_axe_finds_no_serious_or_critical_violation_in_the_guide(page, guide, axe_script, name):
    page.goto(url(guide, name))
    page.add_script_tag(path=str(axe_script))
    result = page.evaluate("() => axe.run(document)")
    assert result["passes"], "axe ran no rule"
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
           for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert bad == []


def test_the_guide_leads_to_a_working_glossary_offline(page, guide):
    page.goto(url(guide, "index.html"))
    page.locator("article").get_by_role("link", name="Browse the glossary").click()
    page.wait_for_url("**/glossary.html")
    page.get_by_role("link", name="Open the glossary").click()
    page.wait_for_url("**/glossary/index.html")
    page.fill("#search", "鴻蒙")
    page.wait_for_selector("#results a.hit")
    assert page.locator("#results a.hit").first.get_attribute("data-id") == "harmonyos"
