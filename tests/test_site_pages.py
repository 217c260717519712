"""The pages about the whole site (the story list, outlets, 404), the files for machines (feed.xml,
sitemap.xml, robots.txt) and what every page's <head> says about it."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import html5lib
import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import EXAMPLE_CONTENT, PROJECT_DIR, VALID_TREE, without_own_script, write_tree
from page_head import split_json_ld
from xss_corpus import HOSTILE_BASE_URL, VECTORS

from site_src.cli import TEMPLATES_DIR, main
from site_src.dates import human_date
from site_src.pipeline import build_site

BASE = "https://digest.example.org/news/"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SECOND_STORY = PROJECT_DIR / "tests" / "fixtures" / "content" / "city-budget"
# A headline that would end a <script> element, open a comment or start an entity if written raw.
HOSTILE_TITLE = '</script><script>alert(1)</script><!-- & "quoted" \u2028 \x85 end'


@pytest.fixture(scope="module")
def two_stories(tmp_path_factory) -> Path:
    content = tmp_path_factory.mktemp("two") / "content"
    shutil.copytree(EXAMPLE_CONTENT, content)
    # The example without its editor's corrections (and the notes that name facts they merged):
    # their merges leave no fact resting on its two wire rewrites alone, and such facts are what
    # shows that the index counts wire copies once.
    story_md = content / "us-cable-ai-distillation" / "story.md"
    _, front, body = story_md.read_text(encoding="utf-8").split("---\n", 2)
    data = yaml.safe_load(front)
    del data["corrections"], data["annotations"]
    story_md.write_text("---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n" + body,
                        encoding="utf-8")
    shutil.copytree(SECOND_STORY, content / SECOND_STORY.name)
    return content


@pytest.fixture(scope="module")
def published(two_stories, tmp_path_factory) -> Path:
    """The two stories built for an absolute address."""
    output = tmp_path_factory.mktemp("published") / "output"
    assert main(["--content", str(two_stories), "--output", str(output), "--base-url", BASE, "--quiet"]) == 0
    return output


@pytest.fixture(scope="module")
def stories(two_stories):
    return {s.slug: s for s in build_site(two_stories, TEMPLATES_DIR, base_url=BASE).site.stories}


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def html_pages(output: Path) -> list[Path]:
    return sorted(output.rglob("*.html"))


def test_the_index_lists_each_story_with_its_date_outlets_summary_and_counts(published, stories):
    rows = soup_of(published / "index.html").select(".story-row")
    assert [row.select_one("h2 a")["href"] for row in rows] == [
        "us-cable-ai-distillation/index.html", "city-budget/index.html"]  # newest first
    for row in rows:
        story = stories[row.select_one("h2 a")["href"].split("/")[0]]
        assert row.select_one("h2").get_text(strip=True) == story.source.title
        time = row.select_one("time")
        assert time["datetime"] == story.source.date and time.get_text() == human_date(story.source.date).text
        assert [a.get_text() for a in row.select(".story-outlets a")] == [a.outlet for a in story.articles]
        meta = " ".join(row.select_one(".meta").get_text().split())
        shared = sum(c.in_digest for c in story.digest.claims)  # wire copies count once, as in the digest
        quotations = sum(q.kind == "quotation" for q in story.quotes)
        assert f"{shared} facts shared" in meta and f"{quotations} quotation" in meta
        summary = row.select_one(".story-summary")
        assert (summary.get_text() if summary else "") == story.source.summary
    assert rows[0].select_one(".story-summary").get_text().startswith("A State Department cable")
    assert stories["us-cable-ai-distillation"].digest.claims and "0 facts shared" not in rows[0].get_text()
    example = stories["us-cable-ai-distillation"].digest.claims  # its two wire rewrites alone carry some facts
    assert sum(c.in_digest for c in example) < sum(len(c.sentences) > 1 for c in example)


def test_human_dates_name_the_month_whatever_the_locale():
    assert human_date("2026-04-28").text == "28 April 2026" and human_date("1605-01-09").text == "9 January 1605"


def test_every_outlet_link_of_the_index_lands_on_its_row(published):
    ids = {tag["id"] for tag in soup_of(published / "outlets" / "index.html").select("li.outlet")}
    links = [a["href"] for a in soup_of(published / "index.html").select(".story-outlets a")]
    assert links and all(link.split("#")[0] == "outlets/index.html" and link.split("#")[1] in ids for link in links)


def outlet_site(make_content, tmp_path) -> Path:
    """Alpha in two stories, spelled two ways (case and a Cyrillic look-alike): one outlet."""
    content = make_content({
        "story-two/story.md": "---\ntitle: Second story\ndate: 2026-02-01\n---\nIntro.\n",
        "story-two/1-alpha.md": "---\noutlet: \u0410LPHA NEWS\n---\n"
                                "\u201cWe will build the bridge,\u201d Mayor Jo Smith said on Tuesday. "
                                "The bridge opens in May.\n",
        "story-two/2-gamma.md": "---\noutlet: Gamma Post\n---\n"
                                "\u201cWe will build the bridge now,\u201d Mayor Jo Smith said on Tuesday. "
                                "The council met on Friday.\n",
    })
    output = tmp_path / "output"
    assert main(["--content", str(content), "--output", str(output), "--quiet"]) == 0
    return output


def test_the_outlets_page_gathers_an_outlet_across_stories(make_content, tmp_path):
    output = outlet_site(make_content, tmp_path)
    built = {s.slug: s for s in build_site(tmp_path / "content", TEMPLATES_DIR).site.stories}
    rows = {row.h2.get_text(): row for row in soup_of(output / "outlets" / "index.html").select("li.outlet")}
    assert sorted(rows) == ["Alpha News", "Beta Daily", "Gamma Post"]  # ties go to the first name in order
    alpha = rows["Alpha News"]
    assert "\u0410LPHA NEWS" in alpha.select_one(".meta").get_text()  # the other spelling is named
    covered = [a["href"] for a in alpha.select(".outlet-stories li > a")]
    assert covered == ["../story-two/index.html", "../story-one/index.html"]
    alone = sum(len(dict(s.digest.additions)["A"]) for s in built.values())
    figures = {dt.get_text(" ", strip=True): " ".join(dd.get_text().split()) for dt, dd in
               zip(alpha.select(".outlet-figures dt"), alpha.select(".outlet-figures dd"))}
    fidelity = [o.fidelity for q in built["story-two"].quotes if q.kind == "quotation"
                for o in q.occurrences if o.siglum == "A"]
    assert fidelity, "the fixture's quotation was not found"
    quoted = " ".join(f"{fidelity.count(kind)} {kind}" for kind in ("verbatim", "partial", "altered"))
    assert figures == {"Stories": "2", "Facts it alone reported": str(alone), "How it quoted": quoted}
    beta = rows["Beta Daily"].select_one(".outlet-figures").get_text(" ", strip=True)
    assert "no quotation another outlet carried" in beta  # Beta carried no quotation at all


def test_the_404_page_lists_every_story_from_the_site_root(published, stories):
    soup = soup_of(published / "404.html")
    links = [a["href"] for a in soup.select(".story-row h2 a")]
    assert sorted(links) == sorted(f"/news/{slug}/index.html" for slug in stories)
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert soup.find("link", rel="canonical") is None


def test_the_feed_lists_the_stories_newest_first_with_dates_from_the_content(published, stories):
    feed = ET.parse(published / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed" and feed.findtext(f"{ATOM}id") == BASE
    assert [link.get("href") for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self"] == [BASE + "feed.xml"]
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}id") for e in entries] == [BASE + "us-cable-ai-distillation/", BASE + "city-budget/"]
    for entry in entries:
        story = stories[entry.findtext(f"{ATOM}id")[len(BASE):-1]]
        assert entry.findtext(f"{ATOM}title") == story.source.title
        assert entry.findtext(f"{ATOM}updated") == f"{story.source.date}T00:00:00+00:00"
        assert entry.findtext(f"{ATOM}summary")
    assert feed.findtext(f"{ATOM}updated") == "2026-04-28T00:00:00+00:00"
    assert feed.find(f"{ATOM}generator") is None  # no package version in the output
    head = soup_of(published / "city-budget" / "index.html")
    assert head.find("link", rel="alternate", type="application/atom+xml")["href"] == "../feed.xml"


def test_the_sitemap_lists_every_page_but_the_404_at_its_absolute_address(published):
    urls = ET.parse(published / "sitemap.xml").getroot().findall(f"{SITEMAP}url")
    listed = {u.findtext(f"{SITEMAP}loc"): u.findtext(f"{SITEMAP}lastmod") for u in urls}
    expected = {BASE + rel.removesuffix("index.html") for rel in
                (p.relative_to(published).as_posix() for p in html_pages(published)) if rel != "404.html"}
    assert set(listed) == expected
    assert listed[BASE + "city-budget/sources/A.html"] == "2026-03-02"
    assert (published / "robots.txt").read_text() == f"User-agent: *\nDisallow:\nSitemap: {BASE}sitemap.xml\n"


def test_without_an_absolute_address_no_feed_sitemap_or_canonical_is_written(tmp_path):
    output = tmp_path / "output"
    assert main(["--content", str(EXAMPLE_CONTENT), "--output", str(output), "--quiet"]) == 0
    assert not (output / "feed.xml").exists() and not (output / "sitemap.xml").exists()
    assert (output / "robots.txt").read_text() == "User-agent: *\nDisallow:\n"
    for page in html_pages(output):
        soup = soup_of(page)
        assert soup.find("link", rel="canonical") is None and soup.find("link", rel="alternate") is None
        assert "url" not in split_json_ld(page.read_text(encoding="utf-8"))[0]


def test_every_page_has_a_title_description_canonical_address_and_open_graph(published):
    for page in html_pages(published):
        rel = page.relative_to(published).as_posix()
        soup = soup_of(page)
        assert soup.title.get_text(), rel
        assert soup.find("meta", attrs={"name": "description"})["content"], rel
        og = {m["property"]: m["content"] for m in soup.find_all("meta", property=True)}
        assert og["og:title"] and og["og:description"] and og["og:type"] and og["og:site_name"], rel
        assert soup.find("link", rel="icon")["href"].endswith("static/favicon.svg")
        if rel != "404.html":
            canonical = soup.find("link", rel="canonical")["href"]
            assert canonical == og["og:url"] == BASE + rel.removesuffix("index.html")


def test_json_ld_says_what_each_page_is(published, stories):
    home, _ = split_json_ld((published / "index.html").read_text())
    assert home["@type"] == "WebSite" and home["url"] == BASE and home["@context"] == "https://schema.org"
    for slug, story in stories.items():
        data, _ = split_json_ld((published / slug / "index.html").read_text())
        assert data["@type"] == "NewsArticle" and data["headline"] == story.source.title
        assert data["datePublished"] == story.source.date and data["url"] == f"{BASE}{slug}/"
        assert [c["publisher"]["name"] for c in data["citation"]] == [a.outlet for a in story.articles]
        source, _ = split_json_ld((published / slug / "sources" / "A.html").read_text())
        assert source["mainEntity"] == data["citation"][0]
    assert {split_json_ld(p.read_text())[0]["@type"] for p in html_pages(published)} == {
        "WebSite", "NewsArticle", "WebPage", "CollectionPage"}


def test_json_ld_and_the_head_survive_a_hostile_headline(make_content, tmp_path):
    content = make_content({"story-one/story.md": "---\ntitle: " + json.dumps(HOSTILE_TITLE)
                            + "\nsummary: " + json.dumps(HOSTILE_TITLE) + "\ndate: 2026-01-02\n---\nIntro.\n"})
    output = tmp_path / "output"
    assert main(["--content", str(content), "--output", str(output), "--base-url", BASE, "--quiet"]) == 0
    shown = HOSTILE_TITLE.replace("\x85", "")  # a C1 control no page can carry
    page = (output / "story-one" / "index.html").read_text()
    data, rest = split_json_ld(page)
    assert data["headline"] == shown and data["description"] == " ".join(HOSTILE_TITLE.split())
    assert "<script" not in without_own_script(rest)
    soup = BeautifulSoup(page, "html.parser")
    assert soup.find("meta", property="og:title")["content"] == shown
    assert soup.title.get_text() == f"{shown} · Test digests"
    feed = ET.parse(output / "feed.xml").getroot()
    assert feed.find(f"{ATOM}entry").findtext(f"{ATOM}title") == HOSTILE_TITLE  # XML 1.0 can carry U+0085


def test_the_hostile_corpus_reaches_the_feed_and_the_outlets_page_as_text(hostile_site):
    feed = ET.parse(hostile_site / "feed.xml").getroot()
    titles = {e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")}
    assert titles == set(VECTORS)
    locs = {u.findtext(f"{SITEMAP}loc") for u in ET.parse(hostile_site / "sitemap.xml").getroot()}
    assert f"{HOSTILE_BASE_URL}v01/sources/C.html" in locs
    # Names that fold alike (`javascript:` and `JaVaScRiPt:`) are one outlet: the others are "also written".
    shown = " ".join(soup_of(hostile_site / "outlets" / "index.html").select_one("main").get_text().split())
    assert all(" ".join(f"{vector} News".split()) in shown for vector in VECTORS)


@pytest.mark.parametrize("site", ["published", "hostile_site"])
def test_every_page_parses_without_an_error_under_html5lib_strict(site, request):
    output = request.getfixturevalue(site)
    failed = {}
    for page in html_pages(output):
        parser = html5lib.HTMLParser(strict=True)
        try:
            parser.parse(page.read_bytes())
        except html5lib.html5parser.ParseError:
            failed[page.relative_to(output).as_posix()] = parser.errors[:3]
    assert failed == {}


def test_characters_no_page_can_carry_are_left_out(make_content, tmp_path):
    """A .txt file's name is its outlet, and a web page's `&#14;` an article's character."""
    content = make_content({"story-one/3-esc\x1bape\x7fnews.txt": "The council approved the \x0e budget.\n"})
    output = tmp_path / "output"
    assert main(["--content", str(content), "--output", str(output), "--quiet"]) == 0
    for page in html_pages(output):
        html5lib.HTMLParser(strict=True).parse(page.read_bytes())


@pytest.mark.parametrize("summary, problem", [
    ("x" * 301, "`summary` has 301 characters; keep it to one line of at most 300"),
    ("[a, list]", "`summary` must be text, not a list"),
])
def test_a_summary_is_one_line_of_text(make_content, tmp_path, capsys, summary, problem):
    content = make_content({"story-one/story.md": f"---\ntitle: A story\ndate: 2026-01-02\nsummary: {summary}\n---\nHi.\n"})
    assert main(["check", "--content", str(content)]) == 1
    assert f"story-one/story.md:4: error: {problem}" in capsys.readouterr().err


def test_a_summary_written_over_lines_is_one_line(make_content):
    content = make_content({"story-one/story.md": "---\ntitle: A story\ndate: 2026-01-02\n"
                            "summary: |\n  Two lines\n  of summary.\n---\nHi.\n"})
    story = build_site(content, TEMPLATES_DIR).site.stories[0]
    assert story.source.summary == "Two lines of summary."
    assert json.loads(story_digest(content))["story"]["summary"] == "Two lines of summary."


def story_digest(content: Path) -> bytes:
    return build_site(content, TEMPLATES_DIR).files["story-one/digest.json"]


@pytest.mark.parametrize("slug", ["outlets", "quotes", "static", "cname"])
def test_a_story_folder_cannot_take_a_name_the_site_uses(make_content, capsys, slug):
    content = make_content({f"{slug}/{name.split('/', 1)[1]}": text
                            for name, text in VALID_TREE.items() if name.startswith("story-one/")})
    assert main(["check", "--content", str(content)]) == 1
    assert f"content/{slug}: error: the site's own files take the names" in capsys.readouterr().err


def test_new_story_files_have_a_summary_line(tmp_path):
    content = write_tree(tmp_path / "content", {"site.yml": VALID_TREE["site.yml"]})
    assert main(["new", "story-two", "--content", str(content), "--quiet"]) == 0
    assert 'summary: ""' in (content / "story-two" / "story.md").read_text()


def test_a_digest_sentence_with_a_control_character_is_shown_as_its_text_holds_it(make_content):
    """A C1 control (cp1252's apostrophe, mis-decoded) shows nothing: clean drops it, so the page,
    which can carry none, shows the sentence exactly as the digest's text holds it."""
    sentence = "The council\x92s budget passed on Monday after a long debate."
    content = make_content({"story-one/1-alpha.md": f"---\noutlet: Alpha News\n---\n{sentence}\n",
                            "story-one/2-beta.md": f"---\noutlet: Beta Daily\n---\n{sentence} Critics objected.\n"})
    built = build_site(content, TEMPLATES_DIR)
    claims = {c.id: c for c in built.site.stories[0].digest.claims}
    page = built.files["story-one/index.html"].decode("utf-8")
    spans = BeautifulSoup(page, "html.parser").select("#digest span.claim")
    assert spans and all(span.contents[0] == claims[span["id"]].canonical.text for span in spans)
    assert claims[spans[0]["id"]].canonical.text == sentence.replace("\x92", "")
    html5lib.HTMLParser(strict=True).parse(page)
