"""axe-core reads every kind of page (home, story, source, quotes, outlets, 404, a one-article
story) in light and dark mode, its folded sections open and its search results shown, and finds
nothing serious or critical: contrast in both modes, names, roles, landmarks, language.

Each page is also photographed at 1280 and 375 px in both modes into `screenshots/` (git-ignored),
to be looked at by a person. One browser serves the module; each mode's page is reused.
Skipped where Playwright, axe-playwright-python or Debian's chromium is missing (browser_kit.py).
"""

from __future__ import annotations

import shutil

import pytest
from browser_kit import NEEDS_CHROMIUM, PagesHandler, launch, served, sync_api
from conftest import EXAMPLE_CONTENT, PROJECT_DIR, write_tree

from site_src.cli import main

axe = pytest.importorskip("axe_playwright_python.sync_playwright")
pytestmark = NEEDS_CHROMIUM

SLUG = "us-cable-ai-distillation"
SINGLE = "one-outlet-so-far"
PAGES = {"home": "", "story": f"{SLUG}/", "source": f"{SLUG}/sources/A.html", "quotes": "quotes/",
         "outlets": "outlets/", "404": "no/such/page.html", "single": f"{SINGLE}/"}
SCHEMES = ("light", "dark")
WIDTHS = {1280: 900, 375: 812}  # the width of a desktop and of a phone, each with its usual height
BLOCKING = {"serious", "critical"}  # axe's two upper impacts; "minor" and "moderate" are advice
# Dark mode changes colours alone, so it is read by the rules about colour; light mode by every rule.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
AXE_OPTIONS = {"light": {"resultTypes": ["violations"]},
               "dark": {"resultTypes": ["violations"], "runOnly": COLOUR_RULES}}
SCREENSHOTS = PROJECT_DIR / "screenshots"
QUERY = "State Department"  # words of the example story, so the search box shows results
SINGLE_STORY = {
    f"{SINGLE}/story.md": "---\ntitle: A council votes on its budget\ndate: 2026-03-02\n---\n",
    f"{SINGLE}/1-the-herald.md": "---\noutlet: The Herald\nauthor: Dana Writer\npublished: 2026-03-02\n---\n"
                                 "The council approved the budget on Monday.\n\n"
                                 "\"We kept every library open,\" the mayor said.\n",
}


@pytest.fixture(scope="module")
def audit(tmp_path_factory):
    """Every page kind in both modes: its serious and critical violations, by rule and element."""
    root = tmp_path_factory.mktemp("a11y")
    content = root / "content"
    shutil.copytree(EXAMPLE_CONTENT, content)
    write_tree(content, SINGLE_STORY)
    assert main(["--content", str(content), "--output", str(root / "output"), "--quiet"]) == 0
    SCREENSHOTS.mkdir(exist_ok=True)
    checker = axe.Axe()
    found: dict[tuple[str, str], list[str]] = {}
    with served(root / "output", PagesHandler) as url, sync_api.sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            for scheme in SCHEMES:
                context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
                page = context.new_page()
                for kind, rel in PAGES.items():
                    page.set_viewport_size({"width": 1280, "height": 900})
                    page.goto(url + rel)
                    page.wait_for_selector(".site-search:not([hidden]) input")  # loaded after the page
                    for width, height in WIDTHS.items():
                        page.set_viewport_size({"width": width, "height": height})
                        page.screenshot(path=SCREENSHOTS / f"{kind}-{scheme}-{width}.png", full_page=True)
                    page.set_viewport_size({"width": 1280, "height": 900})
                    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
                    if kind == "story":  # the search box with its results, over the page
                        page.fill(".site-search input", QUERY)
                        page.wait_for_selector(".pagefind-ui__result mark")
                        page.wait_for_load_state("networkidle")
                        page.screenshot(path=SCREENSHOTS / f"search-{scheme}-1280.png")
                    found[(kind, scheme)] = blocking(checker.run(page, options=AXE_OPTIONS[scheme]).response)
                context.close()
        finally:
            browser.close()
    return found


def blocking(response: dict) -> list[str]:
    return [f"{violation['id']} ({violation['impact']}): {node['target']} {node['failureSummary']}"
            for violation in response["violations"] if violation["impact"] in BLOCKING
            for node in violation["nodes"]]


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("kind", PAGES)
def test_axe_finds_nothing_serious_or_critical(audit, kind, scheme):
    assert audit[(kind, scheme)] == []


def test_every_page_kind_is_photographed_at_both_widths_in_both_modes(audit):
    taken = {path.name for path in SCREENSHOTS.glob("*.png")}
    assert {f"{kind}-{scheme}-{width}.png" for kind in PAGES for scheme in SCHEMES for width in WIDTHS} <= taken
