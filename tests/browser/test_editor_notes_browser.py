"""Chromium reads the example's editor's notes: in the margin beside their paragraph on a wide screen,
after it on a phone, never wider than the screen, readable in light and dark, and, in print, gone
from beside the text and listed as endnotes; the editor's changes are in reach of the digest.

Skipped where Playwright or Debian's chromium is missing.
"""

from __future__ import annotations

import pytest
from browser_kit import NEEDS_CHROMIUM, browser, sync_api  # noqa: F401 (browser: a fixture)
from conftest import EXAMPLE_CONTENT

from site_src.cli import main

pytestmark = NEEDS_CHROMIUM
SLUG = "us-cable-ai-distillation"
MIN_CONTRAST = 4.5  # WCAG 2 AA for body text

CONTRAST = """element => {
  const rgb = value => value.match(/[\\d.]+/g).map(Number);
  const luminance = ([r, g, b]) => [r, g, b].map(c => c / 255)
      .map(c => c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)
      .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
  let node = element, back = [255, 255, 255];
  for (; node; node = node.parentElement) {
    const color = rgb(getComputedStyle(node).backgroundColor);
    if (color.length < 4 || color[3] > 0) { back = color.slice(0, 3); break; }
  }
  const [a, b] = [luminance(rgb(getComputedStyle(element).color)), luminance(back)];
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}"""


@pytest.fixture(scope="module")
def story_url(tmp_path_factory):
    output = tmp_path_factory.mktemp("editor-notes") / "output"
    assert main(["--content", str(EXAMPLE_CONTENT), "--output", str(output), "--quiet"]) == 0
    return (output / SLUG / "index.html").as_uri()


def _page(browser, url, width, scheme="light"):
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.goto(url)
    return context, page


def test_on_a_wide_screen_a_note_sits_in_the_margin_beside_its_paragraph(browser, story_url):
    context, page = _page(browser, story_url, 1280)
    try:
        text = page.locator("#digest .annotated > p").first.bounding_box()
        note = page.locator("#digest .annotated .editor-note").first.bounding_box()
        assert note["x"] >= text["x"] + text["width"]
        assert note["x"] + note["width"] <= 1280
        assert text["y"] <= note["y"] < text["y"] + text["height"]
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_on_a_phone_a_note_follows_its_paragraph_and_reads_clearly(browser, story_url, scheme):
    context, page = _page(browser, story_url, 375, scheme)
    try:
        text = page.locator("#digest .annotated > p").first.bounding_box()
        note = page.locator("#digest .annotated .editor-note").first
        box = note.bounding_box()
        assert box["y"] >= text["y"] + text["height"] and box["x"] + box["width"] <= 375
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        for selector in (".editor-note-label", ".editor-note p:not(.editor-note-label)", ".note-mark a"):
            assert page.locator(f"#digest {selector}").first.evaluate(CONTRAST) >= MIN_CONTRAST, (scheme, selector)
        # The editor's words look like nobody else's: not the outlets' running text.
        note_font = note.evaluate("e => getComputedStyle(e).fontFamily")
        assert note_font != page.locator("#digest .annotated > p").first.evaluate("e => getComputedStyle(e).fontFamily")
    finally:
        context.close()


def test_in_print_the_notes_become_endnotes(browser, story_url):
    context, page = _page(browser, story_url, 800)
    try:
        page.emulate_media(media="print")
        assert not page.locator("#digest .editor-note").first.is_visible()
        endnotes = page.locator(".editor-endnotes")
        assert endnotes.is_visible()
        marks = page.locator("#digest .annotated .note-mark").all_inner_texts()
        assert marks and all(mark.startswith("note ") for mark in marks)
        assert endnotes.locator("li").count() == page.locator(".editor-note").count()
        assert page.locator("#editor-changes").is_visible()
    finally:
        context.close()


def test_a_note_mark_leads_to_its_note(browser, story_url):
    context, page = _page(browser, story_url, 375)
    try:
        mark = page.locator("#digest .note-mark a").first
        target = mark.get_attribute("href")
        mark.click()
        assert page.evaluate("location.hash") == target
        sync_api.expect(page.locator(target)).to_be_visible()  # waits for the hashchange that opens its section
    finally:
        context.close()
