"""Chromium opens one page of each kind (home, story, source, quotes, outlets, 404) with no
console error, no script error and no failed request: the stylesheets and the favicon load.

Skipped where Playwright or Debian's chromium is missing (browser_kit.py).
"""

from __future__ import annotations

import pytest
from browser_kit import NEEDS_CHROMIUM, PagesHandler, launch, served, sync_api
from conftest import EXAMPLE_CONTENT

from site_src.cli import main

pytestmark = NEEDS_CHROMIUM
SLUG = "us-cable-ai-distillation"
PAGES = ("", f"{SLUG}/", f"{SLUG}/sources/A.html", "quotes/", "outlets/", "404.html")
MISSING = "no/such/story/page.html"  # GitHub Pages answers it with 404.html, as the server below does


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    output = tmp_path_factory.mktemp("site") / "output"
    assert main(["--content", str(EXAMPLE_CONTENT), "--output", str(output), "--quiet"]) == 0
    with served(output, PagesHandler) as url:
        yield url


def visit(browser, address: str) -> tuple[int, list[str], list[str], str]:
    """Open `address` in a fresh page: its status, what went wrong, what it fetched, its <h1>."""
    page = browser.new_page()
    problems: list[str] = []
    fetched: list[str] = []

    def note_response(response) -> None:
        fetched.append(response.url)
        if response.status >= 400 and response.url != address:
            problems.append(f"{response.status} {response.url}")

    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on("requestfailed", lambda request: problems.append(f"failed {request.url}"))
    page.on("response", note_response)
    try:
        status = page.goto(address, wait_until="networkidle").status
        return status, problems, fetched, page.inner_text("h1")
    finally:
        page.close()


def test_every_kind_of_page_loads_cleanly(site_url):
    found: dict[str, list[str]] = {}
    with sync_api.sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            for rel in (*PAGES, MISSING):
                status, problems, fetched, heading = visit(browser, site_url + rel)
                if rel == MISSING:  # Chromium reports the document's own 404 as a console error
                    assert status == 404 and heading == "Page not found"
                    problems = [p for p in problems if not p.startswith("Failed to load resource: the "
                                                                        "server responded with a status of 404")]
                else:
                    assert status == 200, rel
                if not any(url.endswith("static/favicon.svg") for url in fetched):
                    problems.append("no favicon fetched")
                if problems:
                    found[rel or "index.html"] = problems
        finally:
            browser.close()
    assert found == {}
