"""Chromium searches the example site served under a sub-path (`/repo/`, as a GitHub project page
is): a speaker's name finds the quote index, under that speaker's heading, and the result leads
there; every request stays on the site. Without JavaScript, or opened from disk, no search box
shows and nothing fails.

One browser serves the module. Skipped where Playwright, Debian's chromium or Pagefind is missing.
"""

from __future__ import annotations

import re

import pytest
from browser_kit import NEEDS_CHROMIUM, browser, served  # noqa: F401 (browser: a fixture)
from conftest import EXAMPLE_CONTENT

from site_src.cli import main
from site_src.search import pagefind_binary

pytestmark = [NEEDS_CHROMIUM, pytest.mark.skipif(pagefind_binary() is None, reason="needs Pagefind")]
SUB_PATH = "repo"
SLUG = "us-cable-ai-distillation"
STORY_WORD = "distillation"  # a word of the example's digest
SPEAKER = "Guo Jiakun"  # a speaker the example quotes, named in one heading of the quote index


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    served_root = tmp_path_factory.mktemp("search")
    output = served_root / SUB_PATH
    assert main(["--content", str(EXAMPLE_CONTENT), "--output", str(output), "--base-url", f"/{SUB_PATH}/",
                 "--quiet"]) == 0
    return served_root


def quiet_page(context) -> tuple[object, list[str]]:
    """A page of `context`, and the failed requests and console errors it meets."""
    page, problems = context.new_page(), []
    page.on("requestfailed", lambda request: problems.append(f"failed {request.url}"))
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    return page, problems


def test_a_speakers_name_finds_their_quotations_from_a_sub_path(site, browser):
    with served(site) as url:
        context = browser.new_context()
        try:
            page, problems = quiet_page(context)
            requests: list[str] = []
            page.on("request", lambda request: requests.append(request.url))
            page.goto(f"{url}{SUB_PATH}/{SLUG}/sources/A.html")
            page.fill(".site-search input", SPEAKER)
            result = page.locator(".pagefind-ui__result", has_text="Quote index")
            heading = result.locator(".pagefind-ui__result-nested a", has_text=SPEAKER)
            heading.wait_for()
            assert re.fullmatch(rf"/{SUB_PATH}/quotes/#speaker-\d+-name", heading.get_attribute("href"))
            heading.click()
            page.wait_for_url(re.compile(rf"/{SUB_PATH}/quotes/#speaker-\d+-name$"))
            assert SPEAKER in page.locator(":target").inner_text()
            assert problems == []
            assert requests and all(request.startswith(f"{url}{SUB_PATH}/") for request in requests)
        finally:
            context.close()


def test_a_word_of_the_story_is_found_in_its_shard_and_leads_to_the_story(site, browser):
    """The story's page is indexed in a shard of its own, which the box merges into the main index."""
    with served(site) as url:
        context = browser.new_context()
        try:
            page, problems = quiet_page(context)
            page.goto(f"{url}{SUB_PATH}/quotes/")
            page.fill(".site-search input", STORY_WORD)
            story = page.locator(f'.pagefind-ui__result-link[href="/{SUB_PATH}/{SLUG}/"]')
            story.wait_for()
            story.click()
            page.wait_for_url(re.compile(rf"/{SUB_PATH}/{SLUG}/$"))
            assert problems == []
        finally:
            context.close()


def test_without_javascript_there_is_no_search_box(site, browser):
    context = browser.new_context(java_script_enabled=False)
    try:
        page, problems = quiet_page(context)
        with served(site) as url:
            page.goto(f"{url}{SUB_PATH}/{SLUG}/", wait_until="networkidle")
            assert page.locator(".site-search").count() == 1 and not page.locator(".site-search").is_visible()
        assert problems == []
    finally:
        context.close()


def test_a_page_opened_from_disk_shows_no_search_box_and_fetches_nothing_for_it(site, browser):
    """A browser will not let a page from disk read the index, so the box would only fail there."""
    context = browser.new_context()
    try:
        page, problems = quiet_page(context)
        page.goto((site / SUB_PATH / SLUG / "index.html").as_uri(), wait_until="networkidle")
        assert not page.locator(".site-search").is_visible() and page.locator(".pagefind-ui").count() == 0
        assert problems == []
    finally:
        context.close()
