"""Chromium reads the example story as a reader would: footnote previews on hover, focus and tap,
footnotes that land on the outlet's sentence and lead back, a phone width that nothing overflows,
dark text readable on its dark paper, and a page short enough to read with every section in reach.

One browser serves the whole module. Skipped where Playwright or Debian's chromium is missing.
"""

from __future__ import annotations

import json
import re
import shutil

import pytest
from conftest import EXAMPLE_CONTENT

from site_src.cli import main

sync_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = shutil.which("chromium")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (apt-get install chromium)")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--host-resolver-rules=MAP * ~NOTFOUND"]
SLUG = "us-cable-ai-distillation"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
MAX_PAGE_HEIGHT = 8000  # px at 1280 wide: the digest first, the apparatus folded beneath it
MIN_CONTRAST = 4.5  # WCAG 2 AA for body text
HIGHLIGHT_TIMEOUT_MS = 3000  # ten times the highlight's fade-in: long enough on a loaded CI machine
EVENT_TIMEOUT_MS = 3000  # for a handler the browser runs as a later task (hashchange): a loaded CI machine is slow
# Text whose contrast is measured: running text, notes, links, the key, and an open preview.
TEXT_SELECTORS = ("body", ".digest > p", ".note", ".muted", ".meta", ".toc a", ".key .outlet", ".glance a",
                  ".fn", ".fn.fn-words", ".tip-text", ".tip-words", ".apparatus > summary .count", "mark",
                  ".fidelity-verbatim", ".fidelity-partial", ".fidelity-altered", ".kind", ".possibly")

CONTRAST = """selectors => {
  const rgb = value => value.match(/[\\d.]+/g).map(Number);
  const luminance = ([r, g, b]) => [r, g, b].map(c => c / 255)
      .map(c => c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)
      .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
  const background = element => {
    for (let node = element; node; node = node.parentElement) {
      const color = rgb(getComputedStyle(node).backgroundColor);
      if (color.length < 4 || color[3] > 0) return color.slice(0, 3);
    }
    return [255, 255, 255];
  };
  return selectors.map(selector => {
    const element = document.querySelector(selector);
    const [a, b] = [luminance(rgb(getComputedStyle(element).color)), luminance(background(element))];
    return [selector, (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)];
  });
}"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    output = tmp_path_factory.mktemp("story-page") / "output"
    assert main(["--content", str(EXAMPLE_CONTENT), "--output", str(output), "--quiet"]) == 0
    return output


@pytest.fixture(scope="module")
def digest(site):
    data = json.loads((site / SLUG / "digest.json").read_text())
    sentences = {s["anchor"]: s["text"] for a in data["articles"] for s in a["sentences"]}
    outlets = {a["sentences"][0]["anchor"].split("-")[0]: a["outlet"] for a in data["articles"]}
    return data, sentences, outlets


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def story_url(site):
    return (site / SLUG / "index.html").as_uri()


def _open_page(browser, url, **options):
    context = browser.new_context(**options)
    page = context.new_page()
    page.goto(url)
    return context, page


def _preview(page, marker):
    return page.locator("#" + marker.get_attribute("aria-describedby"))


def _expect_preview_of(page, marker, digest):
    _, sentences, outlets = digest
    anchor = marker.get_attribute("href").split("#")[1]
    preview = _preview(page, marker)
    assert preview.is_visible()
    assert preview.get_attribute("role") == "tooltip"
    shown = preview.inner_text()
    assert outlets[anchor.split("-")[0]] in shown and sentences[anchor] in shown


def test_a_footnote_preview_opens_on_hover_and_focus_and_escape_closes_it(browser, story_url, digest):
    context, page = _open_page(browser, story_url, viewport=DESKTOP)
    try:
        markers = page.locator("#digest .claim a.fn")
        hovered, focused = markers.nth(1), markers.nth(4)
        assert not _preview(page, hovered).is_visible()
        hovered.hover()
        _expect_preview_of(page, hovered, digest)
        assert hovered.get_attribute("aria-expanded") == "true"
        page.keyboard.press("Escape")
        assert not _preview(page, hovered).is_visible()
        focused.focus()
        _expect_preview_of(page, focused, digest)
        assert page.locator(".tip:not([hidden])").count() == 1
        page.keyboard.press("Escape")
        assert not _preview(page, focused).is_visible()
        assert page.evaluate("document.activeElement.getAttribute('aria-describedby')") == \
            focused.get_attribute("aria-describedby")
    finally:
        context.close()


def test_a_tap_opens_the_preview_and_a_second_tap_follows_the_link(browser, story_url, digest):
    context, page = _open_page(browser, story_url, viewport=PHONE, has_touch=True, is_mobile=True)
    try:
        marker = page.locator("#digest .claim a.fn").nth(2)
        box = marker.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24
        marker.tap()
        _expect_preview_of(page, marker, digest)
        assert page.url == story_url
        preview = _preview(page, marker).bounding_box()
        assert preview["x"] >= 0 and preview["x"] + preview["width"] <= PHONE["width"]
        anchor = marker.get_attribute("href").split("#")[1]
        marker.tap()
        page.wait_for_url(re.compile(f"sources/{anchor[0]}\\.html#{anchor}$"))
    finally:
        context.close()


def test_a_footnote_lands_on_the_marked_sentence_and_its_mark_leads_back(browser, story_url):
    context, page = _open_page(browser, story_url, viewport=DESKTOP)
    try:
        claim = page.locator("#digest .claim").nth(3)
        claim_id = claim.get_attribute("id")
        marker = claim.locator("a.fn").nth(1)
        anchor = marker.get_attribute("href").split("#")[1]
        marker.click()
        page.wait_for_url(re.compile(f"#{anchor}$"))
        target = page.locator(":target")
        assert target.get_attribute("id") == anchor and target.is_visible()
        # The highlight fades in (a 0.3 s transition), so its first frame may still be transparent.
        page.wait_for_function("!['rgba(0, 0, 0, 0)', 'transparent'].includes("
                               "getComputedStyle(document.querySelector(':target')).backgroundColor)",
                               timeout=HIGHLIGHT_TIMEOUT_MS)
        back = page.locator(f"a.fate:has(+ #{anchor})")
        assert back.get_attribute("href") == f"../index.html#{claim_id}"
        back.click()
        page.wait_for_url(re.compile(f"index\\.html#{claim_id}$"))
        assert page.evaluate("document.querySelector(':target').id") == claim_id
        assert page.locator(f"#{claim_id}").is_visible()
    finally:
        context.close()


def test_nothing_overflows_a_phone_with_the_apparatus_folded_or_open(browser, site):
    pages = [site / SLUG / "index.html", *sorted((site / SLUG / "sources").glob("*.html"))]
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        for path in pages:
            page.goto(path.as_uri())
            for state in ("folded", "open"):
                if state == "open":
                    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
                width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
                assert width[0] <= width[1], (path.name, state, width)
                clipped = page.eval_on_selector_all(".table-wrap", "boxes => boxes.filter(box => "
                                                    "box.scrollWidth > box.clientWidth).map(box => box.innerText.slice(0, 40))")
                assert clipped == [], (path.name, state)
    finally:
        context.close()


def test_dark_mode_text_is_readable(browser, story_url):
    context, page = _open_page(browser, story_url, viewport=DESKTOP, color_scheme="dark")
    try:
        page.locator("#digest .claim a.fn.fn-words").first.focus()
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") != "rgb(253, 252, 248)"
        low = [(selector, round(ratio, 2)) for selector, ratio in page.evaluate(CONTRAST, list(TEXT_SELECTORS))
               if ratio < MIN_CONTRAST]
        assert low == []
    finally:
        context.close()


def test_the_page_is_short_and_every_section_is_in_reach(browser, story_url):
    context, page = _open_page(browser, story_url, viewport=DESKTOP)
    try:
        assert page.evaluate("document.documentElement.scrollHeight") < MAX_PAGE_HEIGHT
        targets = page.eval_on_selector_all("nav.toc a", "links => links.map(a => a.getAttribute('href'))")
        assert targets == ["#digest", "#additions", "#disagreements", "#quotes", "#coverage", "#sources"]
        for href in targets:
            page.click(f"nav.toc a[href='{href}']")
            section = page.locator(href)
            # The section opens on the hashchange event, a task the browser runs after the click.
            page.wait_for_function("id => { const e = document.getElementById(id); return e.localName != 'details'"
                                   " || e.open }", arg=href[1:], timeout=EVENT_TIMEOUT_MS)
            assert section.locator("h2").first.is_visible() and section.locator("p:visible, li:visible, table:visible").count(), href
    finally:
        context.close()


def test_without_javascript_a_footnote_is_a_plain_link(browser, story_url):
    context, page = _open_page(browser, story_url, viewport=DESKTOP, java_script_enabled=False)
    try:
        marker = page.locator("#digest .claim a.fn").first
        assert not _preview(page, marker).is_visible()
        anchor = marker.get_attribute("href").split("#")[1]
        marker.click()
        page.wait_for_url(re.compile(f"#{anchor}$"))
        assert page.evaluate("document.querySelector(':target').id") == anchor
    finally:
        context.close()


def test_no_sentence_mark_in_the_margin_covers_another(browser, site):
    context = browser.new_context(viewport=DESKTOP)
    try:
        page = context.new_page()
        for path in sorted((site / SLUG / "sources").glob("*.html")):
            page.goto(path.as_uri())
            boxes = page.eval_on_selector_all(".text a.fate", """marks => marks.map(mark => {
                const box = mark.getBoundingClientRect(); return [box.left, box.top, box.right, box.bottom]; })""")
            covered = [(a, b) for k, a in enumerate(boxes) for b in boxes[k + 1:]
                       if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]]
            assert boxes and covered == [], path.name
            assert min(box[0] for box in boxes) >= 0
    finally:
        context.close()


def test_the_outlet_key_draws_no_rule_of_another_page(browser, story_url):
    """The outlets page's rule under each outlet once fell on the key's outlet links too, and on a
    phone it ran through the wrapped line below them."""
    context, page = _open_page(browser, story_url, viewport=PHONE)
    try:
        borders = page.eval_on_selector_all(
            ".key a.outlet", "links => links.map(a => getComputedStyle(a).borderBottomWidth)")
        assert borders and set(borders) == {"0px"}
    finally:
        context.close()
