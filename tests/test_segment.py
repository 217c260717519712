"""Sentence splitting on the news text that trips general-purpose splitters, and the offsets the site relies on."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import examples
from hypothesis import given, settings
from hypothesis import strategies as st

from site_src.model import Block, CleanArticle, CleanStory, RawArticle, RawStory
from site_src.segment import segment_story, split_sentences

CASES = [
    # Dotted acronyms: mid-sentence, and at a sentence end before a closed-class opener.
    ("The U.S. Capitol was closed on Thursday.", ["The U.S. Capitol was closed on Thursday."]),
    ("Troops left the U.S. But they will return.", ["Troops left the U.S.", "But they will return."]),
    ("The deal was signed in the U.K. The pound rose.", ["The deal was signed in the U.K.", "The pound rose."]),
    ("The U.N. Security Council met. It adjourned.", ["The U.N. Security Council met.", "It adjourned."]),
    ("Aid came from the U.N. But it was not enough.", ["Aid came from the U.N.", "But it was not enough."]),
    ("Firms are racing to adopt A.I. The risks are real.", ["Firms are racing to adopt A.I.", "The risks are real."]),
    ("New A.I. Tools were shown.", ["New A.I. Tools were shown."]),
    ("He flew to Washington, D.C. The meeting began at noon.",
     ["He flew to Washington, D.C.", "The meeting began at noon."]),
    ("The D.C. Council voted 7-6.", ["The D.C. Council voted 7-6."]),
    ("Ties between the U.S. and the E.U. Commission frayed.", ["Ties between the U.S. and the E.U. Commission frayed."]),
    # Titles.
    ("Gen. Mark Milley spoke. Sen. Rand Paul objected.", ["Gen. Mark Milley spoke.", "Sen. Rand Paul objected."]),
    ("Rep. Brad Wenstrup, R-Ohio, and Gov. Jared Polis met.", ["Rep. Brad Wenstrup, R-Ohio, and Gov. Jared Polis met."]),
    ("Lt. Col. Alexander Vindman testified. Dr. Fauci did not.",
     ["Lt. Col. Alexander Vindman testified.", "Dr. Fauci did not."]),
    ("The parade ended in St. Louis. Sens. Warren and Markey marched.",
     ["The parade ended in St. Louis.", "Sens. Warren and Markey marched."]),
    ("Mr. Trump and Ms. Pelosi spoke with Prof. Tribe and Capt. Lee.",
     ["Mr. Trump and Ms. Pelosi spoke with Prof. Tribe and Capt. Lee."]),
    # Companies and suffixes.
    ("Apple Inc. Shares rose 3 percent.", ["Apple Inc. Shares rose 3 percent."]),
    ("The suit named Walmart Stores Inc. The company denied it.",
     ["The suit named Walmart Stores Inc.", "The company denied it."]),
    ("Ford Motor Co. Chief Executive Jim Farley and Exxon Mobil Corp. Vice President Jane Doe spoke.",
     ["Ford Motor Co. Chief Executive Jim Farley and Exxon Mobil Corp. Vice President Jane Doe spoke."]),
    ("Barclays Plc. 40 million shares changed hands.", ["Barclays Plc. 40 million shares changed hands."]),
    ("The speech honored Martin Luther King Jr. He died in 1968.",
     ["The speech honored Martin Luther King Jr.", "He died in 1968."]),
    ("Robert Downey Jr. Productions filed it.", ["Robert Downey Jr. Productions filed it."]),
    # Numbers, money, decimals.
    ("He was ranked No. 2 in the poll. No. He was third.", ["He was ranked No. 2 in the poll.", "No.", "He was third."]),
    ("Growth was 3.4 percent. Prices rose 1.5 pct. to a record.",
     ["Growth was 3.4 percent.", "Prices rose 1.5 pct. to a record."]),
    ("The deal is worth $1.5 billion. It closes in 2025.", ["The deal is worth $1.5 billion.", "It closes in 2025."]),
    ("Version 2.0.1 is out. See www.example.com or mail press@example.com. Thanks.",
     ["Version 2.0.1 is out.", "See www.example.com or mail press@example.com.", "Thanks."]),
    ("He wrote (see p. 4) that it was true.", ["He wrote (see p. 4) that it was true."]),
    ("Turnout fell in 2020. 2024 was different.", ["Turnout fell in 2020.", "2024 was different."]),
    # Initials.
    ("Commerce Secretary Gina M. Raimondo said so.", ["Commerce Secretary Gina M. Raimondo said so."]),
    ("Author J.K. Rowling replied. George W. Bush did not.", ["Author J.K. Rowling replied.", "George W. Bush did not."]),
    ("The novel by J. R. R. Tolkien sold well.", ["The novel by J. R. R. Tolkien sold well."]),
    # Months and times.
    ("The hearing is on Jan. 15 in Denver. It was set on Sept. 3.",
     ["The hearing is on Jan. 15 in Denver.", "It was set on Sept. 3."]),
    ("Polls close at 8 p.m. Tuesday in most states.", ["Polls close at 8 p.m. Tuesday in most states."]),
    ("The vote starts at 9 a.m. Eastern time.", ["The vote starts at 9 a.m. Eastern time."]),
    ("The vote ended at 5 p.m. The results came later.", ["The vote ended at 5 p.m.", "The results came later."]),
    ("The office opens at 9 a.m.", ["The office opens at 9 a.m."]),
    # Law.
    ("The court cited Smith v. Jones. It also cited Roe v. Wade.",
     ["The court cited Smith v. Jones.", "It also cited Roe v. Wade."]),
    ("It was Wal-Mart Stores Inc. vs. Dukes. The justices ruled 5-4.",
     ["It was Wal-Mart Stores Inc. vs. Dukes.", "The justices ruled 5-4."]),
    # Quotations.
    ('He said "go." Then he left.', ['He said "go."', "Then he left."]),
    ("She said “no.” Then the vote began.", ["She said “no.”", "Then the vote began."]),
    ('"Did you see that?" he asked. Nobody answered.', ['"Did you see that?" he asked.', "Nobody answered."]),
    ("“Why now?” Justice Stephen G. Breyer asked. No one replied.",
     ["“Why now?” Justice Stephen G. Breyer asked.", "No one replied."]),
    # Every verb the stages take for speech beside a quotation (the shared lexicon) holds it to its speaker.
    ("“Is that fair?” Senator Warner noted. Nobody answered.", ["“Is that fair?” Senator Warner noted.", "Nobody answered."]),
    ("“Stop!” she shouted. The crowd stopped.", ["“Stop!” she shouted.", "The crowd stopped."]),
    ("“We are ready. We have been ready for years,” she said.",
     ["“We are ready. We have been ready for years,” she said."]),
    ("“We are ready. We have been ready for years.” The crowd cheered.",
     ["“We are ready. We have been ready for years.”", "The crowd cheered."]),
    ('The hospital said Scalise "underwent surgery. He remains in critical condition." Doctors are hopeful.',
     ['The hospital said Scalise "underwent surgery. He remains in critical condition."', "Doctors are hopeful."]),
    ("He said: “A. B. C.”", ["He said: “A. B. C.”"]),
    ("“We will not back down. This is our fight. And we will win.",
     ["“We will not back down.", "This is our fight.", "And we will win."]),
    ("He spoke. “It is over,” he said. \"Done.\" She agreed.",
     ["He spoke.", "“It is over,” he said.", '"Done."', "She agreed."]),
    ("“It's the 'best' deal. Really,\" he said. 'Maybe.' The end.",
     ["“It's the 'best' deal. Really,\" he said.", "'Maybe.'", "The end."]),
    ("The sign read “Closed.” \"Open\" was crossed out.", ["The sign read “Closed.”", '"Open" was crossed out.']),
    # Ellipses.
    ("He paused... and then he went on.", ["He paused... and then he went on."]),
    ("It was over... The crowd went home.", ["It was over...", "The crowd went home."]),
    ("It was over… Nobody stayed.", ["It was over…", "Nobody stayed."]),
    # Parentheses and brackets.
    ("Smith was not reached. (He declined to comment.) The talks continue.",
     ["Smith was not reached.", "(He declined to comment.)", "The talks continue."]),
    ("Steve Scalise (R-La.) was hurt. [Editor's note: updated.] He is stable.",
     ["Steve Scalise (R-La.) was hurt.", "[Editor's note: updated.]", "He is stable."]),
    # Places.
    ("They met in Alexandria, Va. He said it was safe.", ["They met in Alexandria, Va.", "He said it was safe."]),
    ("She works in Concord, Calif. Dukes works in Pittsburg, Calif.",
     ["She works in Concord, Calif.", "Dukes works in Pittsburg, Calif."]),
    ("Rep. Jared Polis (D-Colo.) and Sen. Chuck Schumer (D-N.Y.) agreed. They met in Albany, N.Y. The talks failed.",
     ["Rep. Jared Polis (D-Colo.) and Sen. Chuck Schumer (D-N.Y.) agreed.", "They met in Albany, N.Y.",
      "The talks failed."]),
    ("He lives on Fifth Ave. With his dog.", ["He lives on Fifth Ave. With his dog."]),
    # Other openers and marks.
    ("Why now? Officials would not say! 3 people were hurt.",
     ["Why now?", "Officials would not say!", "3 people were hurt."]),
    ("They won. Élise Dupont, the coach, cried.", ["They won.", "Élise Dupont, the coach, cried."]),
    ("He earned a Ph.D. The thesis was on trade.", ["He earned a Ph.D.", "The thesis was on trade."]),
    ("Apples, pears, etc. The list was long.", ["Apples, pears, etc.", "The list was long."]),
    ("Some states, e.g. Texas, objected. Others, i.e. Ohio, did not.",
     ["Some states, e.g. Texas, objected.", "Others, i.e. Ohio, did not."]),
    ("See Fig. 3 for details. Mt. Everest is tall.", ["See Fig. 3 for details.", "Mt. Everest is tall."]),
]


def _sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


@pytest.mark.parametrize(("paragraph", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_split_sentences(paragraph: str, expected: list[str]) -> None:
    assert _sentences(paragraph) == expected


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 45


def test_spans_are_trimmed_and_in_order() -> None:
    text = "  First one.   Second one?\n Third one!  "
    spans = split_sentences(text)
    assert [text[a:b] for a, b in spans] == ["First one.", "Second one?", "Third one!"]
    assert list(spans) == sorted(spans)
    assert all(not text[a].isspace() and not text[b - 1].isspace() for a, b in spans)


# Where segment and quotes once read the marks differently; both now ask quotes/spans.py.
MARK_CASES = [
    # A straight quote between spaces (an inch mark) opens nothing, so no later mark closes it.
    ('The 12 " pipe burst. Crews came. The 8" valve held.',
     ['The 12 " pipe burst.', "Crews came.", 'The 8" valve held.'], []),
    # A straight quote just inside a curly one opens a quotation within it, not closes one.
    ('\u201c"Go. Now," he said.\u201d Then he left.', ['\u201c"Go. Now," he said.\u201d', "Then he left."],
     ["Go. Now,"]),
]


@pytest.mark.parametrize(("paragraph", "expected", "quoted"), MARK_CASES, ids=[c[0][:30] for c in MARK_CASES])
def test_segment_reads_quotation_marks_as_the_quotes_stage_does(paragraph, expected, quoted) -> None:
    from site_src.quotes.spans import find_quote_spans
    assert _sentences(paragraph) == expected
    spans = [s for s in find_quote_spans(paragraph) if s.closed is not None and paragraph[s.opened] in '"\u201c']
    assert [paragraph[s.start:s.end] for s in spans] == quoted


def test_blank_paragraph_has_no_sentences() -> None:
    assert split_sentences("") == ()
    assert split_sentences(" \n ") == ()


@settings(max_examples=examples(300), deadline=None)
@given(st.one_of(
    st.text(),
    st.lists(st.sampled_from(list("aZ. ?!\"“”‘’'()[]…\n9-Ié") + ["U.S.", "Mr.", "No.", "Inc.", "The", "..."]))
    .map("".join),
))
def test_spans_cover_every_character(text: str) -> None:
    spans = split_sentences(text)
    previous_end = 0
    covered = set()
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        covered.update(range(start, end))
        previous_end = end
    assert {i for i, c in enumerate(text) if not c.isspace()} <= covered


def _article(siglum: str, blocks: list[Block]) -> CleanArticle:
    raw = RawArticle(siglum=siglum, path=f"{siglum}.md", format="md", outlet=siglum, body="", body_line=1)
    return CleanArticle(source=raw, blocks=tuple(blocks), removed=())


def test_segment_story_offsets_point_into_article_text() -> None:
    story = CleanStory(
        source=RawStory(slug="s", path="s", title="S", date="2024-01-01", introduction="", articles=()),
        articles=(
            _article("A", [
                Block("heading", "Senate Votes. Again.", 1),
                Block("paragraph", "  The U.S. Senate voted. But Sen. Smith did not.  ", 3),
                Block("item", "First point. Second point.", 5),
                Block("paragraph", "“We are ready. We have been ready,” she said. It passed.", 7),
            ]),
            _article("B", [Block("paragraph", "One. Two.", 1)]),
        ),
    )
    result = segment_story(story)
    assert result.source is story.source
    assert [a.siglum for a in result.articles] == ["A", "B"]
    article = result.articles[0]
    assert [p.number for p in article.paragraphs] == [1, 2, 3, 4]
    assert [p.kind for p in article.paragraphs] == ["heading", "paragraph", "item", "paragraph"]
    assert article.paragraphs[0].sentences == ()
    for paragraph in article.paragraphs:
        assert article.text[paragraph.start:paragraph.start + len(paragraph.text)] == paragraph.text
    for sentence in article.sentences:
        assert article.text[sentence.start:sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip()
    assert [s.anchor for s in article.sentences] == ["A-2-1", "A-2-2", "A-3-1", "A-3-2", "A-4-1", "A-4-2"]
    assert [s.text for s in article.sentences] == [
        "The U.S. Senate voted.", "But Sen. Smith did not.", "First point.", "Second point.",
        "“We are ready. We have been ready,” she said.", "It passed.",
    ]
    anchors = [s.anchor for a in result.articles for s in a.sentences]
    assert len(anchors) == len(set(anchors))


CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def test_real_articles_are_never_cut_inside_a_word() -> None:
    if not CORPUS.is_dir():
        pytest.skip("no shared corpus next to the project")
    files = sorted(CORPUS.glob("*/*.md"))
    assert files
    for path in files:
        body = path.read_text(encoding="utf-8").split("---\n", 2)[2]
        for paragraph in re.split(r"\n\s*\n", body):
            spans = split_sentences(paragraph)
            for start, end in spans:
                assert start == 0 or not (paragraph[start - 1].isalnum() and paragraph[start].isalnum()), path
                assert end == len(paragraph) or not (paragraph[end - 1].isalnum() and paragraph[end].isalnum()), path


def test_a_run_of_periods_is_split_in_one_pass():
    from test_quotes import hang_guard
    with hang_guard():
        assert split_sentences("He said " + "." * 1_000_000) == ((0, 1_000_008),)


def test_a_sentence_anchor_is_made_once_from_its_place_and_follows_a_replace():
    """The anchor is stored, not a property, yet stays what the place says, and no part of equality."""
    from dataclasses import replace

    from site_src.model import Sentence
    sentence = Sentence("B", 4, 2, "Text.", 0, 5)
    assert sentence.anchor == "B-4-2" and "anchor" in vars(sentence)
    assert replace(sentence, paragraph=7).anchor == "B-7-2"
    assert sentence == Sentence("B", 4, 2, "Text.", 0, 5) and "anchor" not in repr(sentence)
