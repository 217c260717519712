"""Chromium shows the editor's introduction as written: prose about HTML elements hides no word
after it, and a link to another site is marked as one.

Skipped where Playwright or Debian's chromium is missing (browser_kit.py).
"""

from __future__ import annotations

from browser_kit import NEEDS_CHROMIUM, launch, sync_api
from conftest import VALID_TREE, write_tree

from site_src.cli import main

pytestmark = NEEDS_CHROMIUM

# Elements a browser reads as raw text up to their end tag (or to the end of the page), or that a
# sanitizer removes with their content: written as prose, each would swallow the words after it.
RAW_TEXT_ELEMENTS = ("style", "script", "textarea", "title", "xmp", "noscript", "iframe", "plaintext")


def test_the_introduction_reads_as_written(tmp_path):
    prose = [f"The <{tag}> element comes before the words after {tag}." for tag in RAW_TEXT_ELEMENTS]
    introduction = "\n\n".join(prose) + ("\n\nRead [the cable](https://ok.invalid/cable) and "
                                         "[the digest](#digest).\n\nThe last words.\n")
    content = write_tree(tmp_path / "content", {**VALID_TREE, "story-one/story.md":
                                                "---\ntitle: A story\ndate: 2026-01-02\n---\n" + introduction})
    assert main(["--content", str(content), "--output", str(tmp_path / "output"), "--quiet"]) == 0
    with sync_api.sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            page = browser.new_page()
            page.goto((tmp_path / "output" / "story-one" / "index.html").as_uri())
            shown = page.inner_text(".introduction")
            markers = page.eval_on_selector_all(".introduction a", """links => links.map(link =>
                [link.textContent, getComputedStyle(link, '::after').content])""")
        finally:
            browser.close()
    assert all(sentence in shown for sentence in prose), shown
    assert "The last words." in shown
    assert markers == [["the cable", '"\u2197"'], ["the digest", "none"]]
