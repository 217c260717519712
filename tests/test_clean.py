"""clean: on the example story exactly the clutter goes, and every line of story text stays."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import EXAMPLE_CONTENT, PROJECT_DIR, SHARED_CORPUS

from site_src import clean
from site_src.clean import clean_article, clean_story, find_templates, normalize_text
from site_src.load import load_site
from site_src.load import load_articles
from site_src.model import BoilerplatePattern, RawArticle, RawStory, StorySettings

# siglum -> [(line in the file, reason, start of the removed text)]
EXPECTED_REMOVED = {
    "A": [],
    "B": [],
    "C": [
        (16, "reference map", "Source Reference Map"),
        (18, "reference map", "Inspired by headline at: [1]"),
        (20, "reference map", "Sources by paragraph:"),
        (22, "reference map", "Source: Noah Wire Services"),
    ],
    "D": [
        (8, "byline", "Anabelle Colaco"),
        (9, "timestamp", "28 Apr 2026, 11:30 GMT+10"),
        (25, "newsletter pitch", "Get a daily dose of Business Sun news"),
        (26, "submit-your-news pitch", "Publish news of your business"),
        *[(line, "teaser list of other stories", "") for line in range(27, 39)],
    ],
    "E": [
        (52, "disclosure about the outlet", "As an AI newsroom reporting on the geopolitics of AI"),
        (54, "list of sources", "Sources"),
    ],
}


@pytest.fixture(scope="module")
def example():
    site = load_site(EXAMPLE_CONTENT)
    return clean_story(site.stories[0], find_templates(site.stories))


def test_removed_lines_are_exactly_the_clutter(example):
    for article in example.articles:
        got = [(r.line, r.reason) for r in article.removed]
        want = [(line, reason) for line, reason, _ in EXPECTED_REMOVED[article.source.siglum]]
        assert got == want, article.source.siglum
        for removed, (_, _, start) in zip(article.removed, EXPECTED_REMOVED[article.source.siglum]):
            assert removed.text.startswith(start)


def test_teaser_list_lines_are_all_gone(example):
    business_sun = example.articles[3]
    kept = " ".join(b.text for b in business_sun.blocks)
    assert "Goldman Sachs" not in kept and "Visakhapatnam" not in kept and "More Information" not in kept


def test_every_story_line_is_kept(example):
    """Each line of the file that is not clutter is in the cleaned text (a dateline aside)."""
    for article in example.articles:
        removed_lines = {r.line for r in article.removed}
        kept_text = "\n".join(b.text for b in article.blocks)
        body = normalize_text(article.source.body).split("\n")
        for offset, line in enumerate(body):
            number = article.source.body_line + offset
            text = line.strip().lstrip("-").strip()
            if not text or number in removed_lines:
                continue
            if article.dateline and text.startswith(article.dateline):
                text = text[len(article.dateline):].strip()
            assert text in kept_text, (article.source.siglum, number, text)


def test_dateline_is_metadata_not_text(example):
    business_sun = example.articles[3]
    assert business_sun.dateline == "WASHINGTON, D.C.:"
    assert business_sun.blocks[0].text.startswith("The U.S. State Department has directed")


def test_section_headings_and_list_items(example):
    newsroom = example.articles[4]
    headings = [b.text for b in newsroom.blocks if b.kind == "heading"]
    assert headings == ["What Distillation Actually Means", "The Timing Is Not Coincidental",
                        "Beijing Pushes Back", "An Uncomfortable Complication"]
    outlet_two = example.articles[1]
    assert [b.kind for b in outlet_two.blocks[-4:]] == ["heading", "item", "item", "item"]
    assert outlet_two.blocks[-3].text.startswith("U.S. diplomatic channels")


def article(body: str, **fields) -> RawArticle:
    return RawArticle(siglum="A", path="content/s/a.md", format="md", outlet=fields.pop("outlet", "Outlet"),
                      body=body, body_line=1, **fields)


@pytest.mark.parametrize("raw, clean", [
    ("a\u00a0b", "a b"), ("\u201equote\u201f", "\u201cquote\u201c"), ("wait\u2026", "wait..."),
    ("one -- two", "one \u2014 two"), ("x\u2015y", "x\u2014y"), ("soft\u00adhyphen", "softhyphen"),
    ("zero\u200bwidth", "zerowidth"), ("\u00abnon\u00bb", "\u201cnon\u201d"), ("e\u0301", "\u00e9"),
    ("a  b", "a b"), (". . .", "..."),
])
def test_normalize_text(raw, clean):
    assert normalize_text(raw) == clean


@pytest.mark.parametrize("line, reason", [
    ("By Jane Smith", "byline"),
    ("By Jane Smith and John Doe, Reuters", "byline"),
    ("Reporting by Jane Smith; Editing by Tom Brown", "byline"),
    ("Brooke Singman is a Reporter for Fox News. Follow her on Twitter at @brookefoxnews.",
     "reporter's biography"),
    ("Updated: March 3, 2024 10:15 a.m. ET", "timestamp"),
    ("28 Apr 2026, 11:30 GMT+10", "timestamp"),
    ("Sign up for our morning newsletter to get the news first.", "newsletter pitch"),
    ("Send us your news tips.", "submit-your-news pitch"),
    ("Advertisement", "advertisement"),
    ("Related: Five things to know about the budget", "link to other coverage"),
    ("Disclosure: the owner of this site invests in the company.", "disclosure about the outlet"),
    ("Photo: John Doe / Agency", "photo credit"),
    ("Crowds gathered outside the hall on Monday morning. (Reuters/Jane Doe)", "photo credit"),
])
def test_line_rules(line, reason):
    body = "The council met on Monday evening to vote on the plan.\n\n" + line + "\n\nThe vote passed."
    cleaned = clean_article(article(body))
    assert [(r.text, r.reason) for r in cleaned.removed] == [(line, reason)]


@pytest.mark.parametrize("line", [
    "By the end of the day, the council had approved the budget.",
    "Sign language interpreters were present at the meeting.",
    "\u201cWe will submit a news release tomorrow,\u201d the mayor said, and did.",
    "Updated figures show the deficit grew by 4 percent in 2024, officials said.",
])
def test_story_lines_that_look_like_clutter_stay(line):
    cleaned = clean_article(article("The council met on Monday.\n\n" + line + "\n\nThe vote passed."))
    assert cleaned.removed == ()


def test_a_credit_left_open_is_story_text():
    line = "The council met (Reuters " * 3 + "and voted."
    assert clean_article(article("The council met on Monday.\n\n" + line)).removed == ()


def test_closing_hashes_of_a_heading_go():
    blocks = clean_article(article("## The vote ##\n\nThe council met.")).blocks
    assert [(b.kind, b.text) for b in blocks] == [("heading", "The vote"), ("paragraph", "The council met.")]


def test_the_tail_after_footer_lines_is_judged_once(monkeypatch):
    """Footer lines between story paragraphs: each block is judged tail-like once, however many
    footer lines come before it, so the footer scan is linear in the article."""
    judged = []
    tail_like = clean._tail_like
    monkeypatch.setattr(clean, "_tail_like", lambda text: judged.append(text) or tail_like(text))
    pairs = 200
    body = "One.\n\nTwo.\n\nThree.\n\n" + "".join(
        f"Copyright notice {i}\n\nThe council met again on Monday to talk about the long budget plan.\n\n"
        for i in range(pairs))
    assert clean_article(article(body)).removed == ()
    assert len(judged) < 3 + 2 * pairs


# Lines on which a rule once backtracked, or a scan re-read the article, for each block or start:
# minutes at these sizes then, well under a second now. The timeout only guards against a hang.
FORMER_HANGS = {
    "unclosed credits": "(Reuters " * 20_000,
    "closing hashes": "# a" + "#" * 200_000 + "b",
    "one-line paragraphs": "".join(f"Line {i} of the story.\n\n" for i in range(40_000)),
}


@pytest.mark.parametrize("body", FORMER_HANGS.values(), ids=FORMER_HANGS.keys())
def test_former_hangs_finish(body):
    script = ("import sys; from site_src.clean import clean_article; from site_src.model import RawArticle; "
              "clean_article(RawArticle(siglum='A', path='a.md', format='md', outlet='O', "
              "body=sys.stdin.read(), body_line=1))")
    subprocess.run([sys.executable, "-c", script], input=body, text=True, cwd=PROJECT_DIR, check=True,
                   timeout=120)


def test_footer_needs_story_before_it_and_little_after():
    early = "Sources\n\nThe council met.\n\nIt voted.\n\nThe plan passed easily after a long debate."
    assert clean_article(article(early)).removed == ()
    body = "One.\n\nTwo.\n\nThree.\n\nMore Information\n\n" + "\n".join(
        f"CITY, State: Teaser number {i} about something else entirely, cut off..." for i in range(5))
    cleaned = clean_article(article(body))
    assert len(cleaned.removed) == 6 and {r.reason for r in cleaned.removed} == {"teaser list of other stories"}


def test_hard_wrapped_lines_are_joined():
    body = ("The council approved the budget on Monday after a debate that\nlasted well into the night, "
            "officials said.\nIt takes effect in March.")
    blocks = clean_article(article(body)).blocks
    assert [b.text for b in blocks] == [
        "The council approved the budget on Monday after a debate that lasted well into the night, "
        "officials said.", "It takes effect in March."]


def test_headline_repeated_as_first_paragraph():
    cleaned = clean_article(article("Council Passes Budget\n\nThe council passed it.", title="Council passes budget"))
    assert [(r.text, r.reason) for r in cleaned.removed] == [("Council Passes Budget", "headline repeated in the text")]


@pytest.mark.parametrize("first, dateline", [
    ("WASHINGTON \u2014 The court met.", "WASHINGTON \u2014"),
    ("Denver (AP) \u2013 The court met.", "Denver (AP) \u2013"),
    ("LONDON (Reuters) - The court met.", "LONDON (Reuters) -"),
    ("ALEXANDRIA, Va. \u2014 The court met.", "ALEXANDRIA, Va. \u2014"),
    ("WASHINGTON \u2015House Majority Whip spoke.", "WASHINGTON \u2014"),
    ("U.S. officials said the court met.", None),
    ("NATO allies met on Monday.", None),
])
def test_datelines(first, dateline):
    cleaned = clean_article(article(first + "\n\nMore text."))
    assert cleaned.dateline == dateline
    if dateline:
        assert not cleaned.blocks[0].text.startswith(dateline)


def test_story_patterns_remove_matching_lines():
    story = RawStory(slug="s", path="content/s/story.md", title="t", date="2026-01-01", introduction="",
                     articles=(article("News text here.\n\nWatch: a video about it"),),
                     settings=StorySettings(boilerplate_patterns=(BoilerplatePattern("^Watch:", 5),)))
    cleaned = clean_story(story).articles[0]
    assert [r.reason for r in cleaned.removed] == ["matches the story's pattern `^Watch:`"]


def test_template_lines_repeated_by_one_outlet_across_stories():
    footer = "Copyrighted material of the Example Gazette, all reuse subject to terms."
    stories = [RawStory(slug=f"s{i}", path="", title="t", date="2026-01-01", introduction="",
                        articles=(article(f"Story {i} text is here.\n\n{footer}", outlet="Gazette"),))
               for i in range(3)]
    templates = find_templates(stories)
    cleaned = clean_story(stories[0], templates).articles[0]
    assert [r.reason for r in cleaned.removed] == ["repeated in other stories from Gazette"]
    assert find_templates(stories[:2]) == frozenset()


@pytest.mark.skipif(not SHARED_CORPUS.is_dir(), reason="the shared corpus is not beside this clone")
def test_real_corpus_clutter():
    """The real clusters: headlines pasted as first paragraphs and a reporter box go, and nothing else."""
    removed = {}
    for folder in sorted(p for p in SHARED_CORPUS.iterdir() if p.is_dir()):
        raw = RawStory(slug=folder.name, path="", title="", date="2000-01-01", introduction="",
                       articles=load_articles(folder, folder.parent, []))
        for a in clean_story(raw).articles:
            for r in a.removed:
                removed[(folder.name[:4], a.source.outlet)] = r.reason
    assert removed == {
        ("2014", "Fox News"): "headline repeated in the text",
        ("2014", "HuffPost"): "headline repeated in the text",
        ("2017", "Fox News"): "reporter's biography",
        ("2018", "Fox News"): "headline repeated in the text",
        ("2018", "The New York Times"): "headline repeated in the text",
    }


def test_an_article_is_split_into_blocks_once_for_templates_and_cleaning(monkeypatch):
    """find_templates and clean_article read the same blocks: a long article is split once a build."""
    from site_src import clean
    split = []
    real = clean._blocks
    monkeypatch.setattr(clean, "_blocks", lambda lines: split.append(len(lines)) or real(lines))
    clean._article_blocks.cache_clear()
    article = RawArticle(siglum="A", path="s/a.md", format="md", outlet="Daily", body="One line.\n\nTwo lines here.\n",
                         body_line=4)
    story = RawStory(slug="s", path="s", title="T", date="2026-01-01", introduction="", articles=(article,))
    templates = clean.find_templates([story])
    cleaned = clean.clean_story(story, templates)
    assert [b.text for b in cleaned.articles[0].blocks] == ["One line.", "Two lines here."]
    assert [b.line for b in cleaned.articles[0].blocks] == [4, 6] and len(split) == 1
