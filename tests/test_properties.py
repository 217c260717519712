"""Property tests: random Unicode text and random multi-article stories, built end to end.

However the content is made, the build never raises anything but a content error, and it
invents nothing: every sentence shown (the digest's among them) is, byte for byte, a span of its
article's cleaned text, which holds nothing the file did not (cleaning aside); every quotation is
a span of a source; every footnote and anchor link on the written pages resolves.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import yaml
from bs4 import BeautifulSoup
from conftest import examples, write_tree
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from test_links import check_links

from site_src.cli import TEMPLATES_DIR
from site_src.clean import normalize_text
from site_src.frontmatter import ContentError
from site_src.load import load_site
from site_src.model import Story
from site_src.pipeline import build_site
from site_src.write import write_site

STORY_EXAMPLES = 60  # whole stories built, written and link-checked; the explore profile runs many more
FILE_EXAMPLES = 300  # random files through the loader

# Any text a file can hold: every Unicode character but NUL (refused as binary) and the surrogates.
UNICODE = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=80)

# Sentences outlets share, so that claims, disagreements, details and quotations form, and lines
# the cleaner must recognise; each may be varied and mixed with random text.
NEWS = [
    "The city council approved the budget on Monday after a long debate.",
    "The plan includes money for 12 new schools and a library.",
    "Mayor Jane Smith said the vote was a victory for families.",
    "\u201cWe will not raise taxes this year,\u201d Smith told reporters.",
    "\"It is a good day,\" said Sen. John Doe, R-Texas.",
    "Critics said the plan did not go far enough.",
    "The U.S. Senate did not vote on the bill, officials said.",
    "Shares rose 3.5% to $42.10 in New York on Tuesday.",
    "WASHINGTON (AP) \u2014 The State Department sent the cable on Friday.",
    "The so-called \u201cfamily plan\u201d costs $2 million.",
    "By Dana Writer",
    "Advertisement",
    "Related: Council delays budget vote",
    "Sign up for our daily newsletter.",
    "- A first point of the list.",
    "# A heading",
    "Copyright 2026 The Daily Example. All rights reserved.",
]


@st.composite
def sentences(draw) -> str:
    sentence = draw(st.sampled_from(NEWS))
    if draw(st.booleans()):
        sentence = re.sub(r"\d+", lambda _: str(draw(st.integers(0, 99))), sentence)
    if draw(st.booleans()):
        sentence = sentence.replace(" did ", " did not ").replace(" will not ", " will ")
    return sentence


# Text made of what the cleaner, the splitter and the quotation finder look for.
MARKS = st.lists(st.sampled_from(list(".?!\"“”‘’'()[]…—–-,;: \n\t") + [
    "U.S.", "Mr.", "No. 2", " said ", " Smith", " 12", " $3.5 million", " not ", "--", "...", "# ", "- ", "* ",
    "WASHINGTON — ", "By ", "\u00a0", "\u200b", "A.I.", " he asked."]), max_size=40).map("".join)
PARAGRAPHS = st.lists(st.one_of(sentences(), sentences(), UNICODE, MARKS), min_size=1, max_size=3).map(" ".join)


@st.composite
def bodies(draw) -> str:
    paragraphs = draw(st.lists(PARAGRAPHS, min_size=1, max_size=6))
    joined = "".join(p + draw(st.sampled_from(["\n\n", "\n", "\n \n\n"])) for p in paragraphs)
    return joined if draw(st.booleans()) else joined.replace("\n", "\r\n")


@st.composite
def content_trees(draw) -> dict[str, str | bytes]:
    """A site of one story with one to four outlets, every field random."""
    outlets = draw(st.integers(1, 4))
    knobs = {"min_support": draw(st.integers(2, max(2, outlets)))}  # more than the outlets is refused
    if draw(st.booleans()):
        knobs["boilerplate_patterns"] = ["^Sponsored by " + re.escape(draw(UNICODE))]  # never every line
    files: dict[str, str | bytes] = {
        "site.yml": _yaml({"title": "Site " + draw(UNICODE), "description": draw(UNICODE)}),
        "story/story.md": f"---\n{_yaml({'title': 'Story ' + draw(UNICODE), 'date': '2026-01-02', 'settings': knobs, 'tags': [draw(UNICODE)]})}"
                          f"---\n{draw(UNICODE)}\n",
    }
    for number in range(outlets):
        body = draw(bodies()) + "Text."  # never blank: blank articles are refused (tests/test_load.py)
        if draw(st.booleans()):
            files[f"story/{number}-outlet-{number}.txt"] = body
        else:
            front = {"outlet": f"Outlet {number}", "title": draw(UNICODE), "author": draw(UNICODE),
                     "published": draw(UNICODE)}
            text = f"---\n{_yaml(front)}---\n{body}"
            files[f"story/{number}.md"] = ("\ufeff" + text if draw(st.booleans()) else text).encode("utf-8")
    return files


def _yaml(fields: dict) -> str:
    return yaml.safe_dump(fields, sort_keys=False)


def collapse(text: str) -> str:
    return " ".join(text.split())


def assert_nothing_invented(story: Story) -> None:
    articles = {article.siglum: article for article in story.articles}
    raw = {article.siglum: collapse(normalize_text(article.body)) for article in story.source.articles}
    for article in story.articles:
        text = article.text
        for paragraph in article.paragraphs:
            assert text[paragraph.start:paragraph.start + len(paragraph.text)] == paragraph.text
            assert collapse(paragraph.text) in raw[article.siglum]
            for sentence in paragraph.sentences:
                assert sentence.text and text[sentence.start:sentence.end] == sentence.text
                assert sentence.text in paragraph.text
    shown = {s.anchor: s for article in story.articles for s in article.sentences}
    min_support = story.source.settings.min_support
    for claim in story.digest.claims:
        assert claim.canonical in claim.sentences
        assert all(shown[s.anchor] == s for s in claim.sentences)
        assert len(set(claim.outlets)) == len(claim.outlets)
        assert not claim.in_digest or len(claim.sentences) >= min_support
        assert all(d.text in shown[d.anchor].text for d in claim.details)
    for disagreement in story.digest.disagreements:
        assert all(shown[v.sentence.anchor] == v.sentence for v in disagreement.versions)
    for quote in story.quotes:
        assert quote.text in {o.text for o in quote.occurrences}
        for occurrence in quote.occurrences:
            assert articles[occurrence.siglum].text[occurrence.start:occurrence.end] == occurrence.text


def assert_digest_shown_verbatim(story: Story, page: str) -> None:
    """Each digest sentence on the page reads exactly as its outlet wrote it, once unescaped."""
    claims = {claim.id: claim for claim in story.digest.claims}
    spans = BeautifulSoup(page, "html.parser").select("#digest span.claim")
    assert len(spans) == sum(len(paragraph) for paragraph in story.digest.paragraphs)
    for span in spans:
        assert span.contents[0] == claims[span["id"]].canonical.text


# Headings have no sentences: a quotation in one must not be looked up as a sentence's.
QUOTED_HEADINGS = {
    "site.yml": "title: Site\n",
    "story/story.md": "---\ntitle: Story\ndate: 2026-01-02\n---\nIntro.\n",
    "story/0.md": "---\noutlet: Outlet 0\n---\n# Mayor calls it a \"family plan\"\n\nText.",
    "story/1.md": "---\noutlet: Outlet 1\n---\n# Mayor calls it a \"family plan\"\n\nText.",
}


@settings(max_examples=examples(STORY_EXAMPLES), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(content_trees())
@example(QUOTED_HEADINGS)
def test_random_stories_build_and_invent_nothing(tree):
    with tempfile.TemporaryDirectory() as folder:
        content = write_tree(Path(folder) / "content", tree)
        built = build_site(content, TEMPLATES_DIR)
        story = built.site.stories[0]
        assert_nothing_invented(story)
        assert_digest_shown_verbatim(story, built.files["story/index.html"].decode("utf-8"))
        write_site(built.files, Path(folder) / "output")
        assert check_links(Path(folder) / "output", "/") > 0


@settings(max_examples=examples(FILE_EXAMPLES), deadline=None)
@given(st.sampled_from(["story/story.md", "story/1.md", "story/2.txt", "story/3.html", "site.yml"]),
       st.one_of(st.binary(max_size=300), UNICODE.map(str.encode),
                 st.lists(st.sampled_from(["---", "\n", "outlet: x", "title: [", "date: 2026-02-30", ": ", "&a", "*a",
                                           "- ", "\r\n", "\ufeff", "<p>", "\t", "'", "Text."]), max_size=20)
                 .map(lambda parts: "".join(parts).encode("utf-8"))))
def test_any_bytes_in_any_file_load_or_say_why(path, data):
    with tempfile.TemporaryDirectory() as folder:
        content = write_tree(Path(folder) / "content", {
            "site.yml": "title: t\n", "story/story.md": "---\ntitle: t\ndate: 2026-01-02\n---\n",
            "story/0.txt": "The council approved the budget.\n", path: data})
        try:
            load_site(content)
        except ContentError as error:
            assert error.problems and all(str(p).startswith("content/") for p in error.problems)
