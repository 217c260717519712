"""Chromium loads the pages of the hostile site (tests/xss_corpus.py): no dialog opens, no script
from content runs, no global appears, and nothing is fetched from anywhere but the site.

Every vector reaches the browser on each kind of page: the site's own pages (which carry all of
them), its story's page, and its story's source pages. Each source page costs a fifth of a second
in Chromium, so of a story's three sources it loads the one written with front matter (the vector
in every field a source page shows) and one of the other two, the plain-text and the saved web
page taking turns from vector to vector. tests/test_security.py reads every page's HTML.

Skipped where Playwright or Debian's chromium is missing (browser_kit.py).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser_kit import NEEDS_CHROMIUM, launch, served, sync_api
from xss_corpus import HOSTILE_BASE_URL, VECTORS

pytestmark = NEEDS_CHROMIUM

# The site's own scripts, from its root: the footnote previews, the search box and Pagefind's interface.
OWN_SCRIPTS = ["static/story.js", "static/search.js", "pagefind/pagefind-ui.js"]
OWN_GLOBALS = ["PagefindUI", "__svelte"]  # Pagefind's interface (a Svelte app) names itself and its runtime
# What a script from content would leave behind, looked at from inside the page.
PROBE = """([known, own]) => ({
  globals: Object.keys(window).filter(name => !known.includes(name)),
  xss: typeof window.__xss,
  scripts: [...document.scripts].filter(script => script.type !== 'application/ld+json'
      && (script.text || !own.includes(script.src))).length,
  data: document.querySelectorAll('script[type="application/ld+json"]').length,
  frames: window.frames.length,
  handlers: [...document.querySelectorAll('*')].flatMap(element => [...element.attributes]
      .filter(attribute => attribute.name.startsWith('on')).map(attribute => element.localName + ' ' + attribute.name)),
  schemes: [...document.links].map(link => link.protocol).filter(p => !['http:', 'https:', 'mailto:'].includes(p)),
})"""
# Words of the vectors: each search finds pages whose titles and excerpts carry them.
SEARCHES = ("script alert", "img onerror", "svg onload", "iframe javascript")
# A page's one script element is its JSON-LD, data that never runs.
CLEAN = {"globals": [], "xss": "undefined", "scripts": 0, "data": 1, "frames": 0, "handlers": [], "schemes": []}


@pytest.fixture(scope="module")
def site_url(hostile_site: Path):
    with served(hostile_site) as url:
        yield url


def pages_to_load(site: Path) -> list[str]:
    """The site's pages, each story's page, and two of its three source pages (see above)."""
    pages = sorted(page.relative_to(site).as_posix() for page in site.rglob("*.html"))
    assert len(pages) == 4 * len(VECTORS) + 4  # each story, its three sources; index, quotes, outlets, 404
    stories = sorted({page.split("/")[0] for page in pages if "/sources/" in page})
    taking_turns = {story: ("B.html", "C.html")[number % 2] for number, story in enumerate(stories)}
    loaded = [page for page in pages if "/sources/" not in page
              or page.endswith("/A.html") or page.endswith("/" + taking_turns[page.split("/")[0]])]
    assert len(loaded) == 3 * len(VECTORS) + 4
    return loaded


def test_no_page_runs_anything_from_content(hostile_site, site_url):
    pages = pages_to_load(hostile_site)
    with sync_api.sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            context = browser.new_context()
            elsewhere: list[str] = []

            def note_request(request) -> None:
                if not request.url.startswith(site_url):
                    elsewhere.append(request.url)

            context.on("request", note_request)
            context.route(site_url + "blank", lambda route: route.fulfill(
                body="<!doctype html><title>blank</title>", content_type="text/html"))
            page = context.new_page()
            events: list[str] = []

            def note_dialog(dialog) -> None:
                events.append(f"dialog: {dialog.message}")
                dialog.dismiss()

            page.on("dialog", note_dialog)
            page.on("pageerror", lambda error: events.append(f"script error: {error}"))
            page.goto(site_url + "blank")
            known = page.evaluate("Object.keys(window)") + OWN_GLOBALS
            # 404.html, served at any depth, links from the base URL's path
            own = [root + path for root in (site_url, site_url + urlsplit(HOSTILE_BASE_URL).path[1:])
                   for path in OWN_SCRIPTS]

            found = {}
            for rel in pages:
                page.goto(site_url + rel)
                seen = page.evaluate(PROBE, [known, own])
                if seen != CLEAN or events:
                    found[rel] = (seen, list(events))
                    events.clear()
            # Pagefind's results show the vectors' words as text too: its excerpts mark the words found.
            for query in SEARCHES:
                page.fill(".site-search input", query)
                page.wait_for_selector(".pagefind-ui__result mark")
                page.wait_for_load_state("networkidle")
                seen = page.evaluate(PROBE, [known, own])
                if seen != CLEAN or events:
                    found[f"search {query!r}"] = (seen, list(events))
                    events.clear()
        finally:
            browser.close()
    assert found == {}
    assert elsewhere == []
