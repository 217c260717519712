"""compose: the digest tells each fact once, in an outlet's own words, with true footnotes."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from conftest import EXAMPLE_CONTENT, SHARED_CORPUS, examples, write_tree
from hypothesis import given, settings
from hypothesis import strategies as st
from test_links import check_links
from test_properties import QUOTED_HEADINGS
from test_quotes import hang_guard

from site_src.align import align_story
from site_src.clean import clean_story
from site_src.cli import TEMPLATES_DIR, main
from site_src import compose
from site_src.compose import compose_story
from site_src.model import Claim, RawArticle, RawStory, Sentence, StorySettings
from site_src.pipeline import build_site, build_story
from site_src.load import load_site
from site_src.quotes import extract_quotes
from site_src.segment import segment_story

FIXTURE_CONTENT = Path(__file__).parent / "fixtures" / "content"


@pytest.fixture(scope="module")
def example():
    """The example as compose makes it, before the editor's corrections (test_corrections.py's)."""
    raw = load_site(EXAMPLE_CONTENT).stories[0]
    return build_story(dataclasses.replace(raw, corrections=(), annotations=()), frozenset())


@pytest.fixture(scope="module")
def fixture_story():
    return build_site(FIXTURE_CONTENT, TEMPLATES_DIR).site.stories[0]


def stories():
    yield "example", build_site(EXAMPLE_CONTENT, TEMPLATES_DIR).site.stories[0]
    yield "fixture", build_site(FIXTURE_CONTENT, TEMPLATES_DIR).site.stories[0]
    if SHARED_CORPUS.is_dir():
        for folder in sorted(p for p in SHARED_CORPUS.iterdir() if p.is_dir()):
            from site_src.load import load_articles
            from site_src.model import RawStory
            raw = RawStory(slug=folder.name, path="", title="", date="2000-01-01", introduction="",
                           articles=load_articles(folder, folder.parent, []))
            yield folder.name, build_story(raw, frozenset())


ALL = list(stories())


@pytest.mark.parametrize("name, story", ALL, ids=[n for n, _ in ALL])
def test_digest_properties(name, story):
    digest = story.digest
    sources = {s.anchor: s for a in story.articles for s in a.sentences}
    # Nothing lost: every sentence is in exactly one claim, as a member or a further sentence of its outlet.
    members = [s.anchor for c in digest.claims for s in c.footnoted]
    assert sorted(members) == sorted(sources)
    by_id = {c.id: c for c in digest.claims}
    in_digest = [cid for paragraph in digest.paragraphs for cid in paragraph]
    # No fact twice: each digest claim once, and every digest claim is in the paragraphs.
    assert len(in_digest) == len(set(in_digest))
    assert set(in_digest) == {c.id for c in digest.claims if c.in_digest}
    groups = {siglum: group for group in digest.shared_copy for siglum in group}
    for claim in digest.claims:
        # Never a blend: the shown wording is one member sentence, byte for byte, and its attribution.
        assert claim.canonical in claim.sentences
        assert sources[claim.canonical.anchor].text == claim.canonical.text
        assert claim.tail is None or (claim.tail in claim.extra and claim.tail.siglum == claim.canonical.siglum)
        # Every footnote true: one sentence per cited outlet, each really that outlet's; further
        # sentences only of outlets already cited.
        assert len(claim.outlets) == len(set(claim.outlets))
        assert all(sources[s.anchor] == s for s in claim.footnoted)
        assert {s.siglum for s in claim.extra} <= set(claim.outlets)
        # Rewrites of one shared text count once.
        assert claim.independent == len({groups.get(s, s) for s in claim.outlets})
        if claim.in_digest:
            assert claim.independent >= max(2, story.source.settings.min_support)
        elif len(claim.sentences) > 1:
            assert claim.left_out in ("support", "dangles")
            assert claim.left_out == "dangles" or claim.independent < max(2, story.source.settings.min_support)
    for siglum, claim_ids in digest.additions:
        assert all(by_id[c].outlets == (siglum,) for c in claim_ids)
    assert {c for _, ids in digest.additions for c in ids} == {c.id for c in digest.claims if len(c.sentences) == 1}


def test_example_cable_instruction_cites_all_five(example):
    claim = next(c for c in example.digest.claims if any(s.anchor == "E-2-1" for s in c.sentences))
    assert claim.in_digest and claim.outlets == ("A", "B", "C", "D", "E")
    # Shown as the best-quoting outlets gave the cable's words: not A's altered wording, not C's excerpt.
    assert claim.canonical.siglum in ("B", "D", "E")
    assert "extraction and distillation of U" in claim.canonical.text


def test_example_anthropic_account_is_credited_to_its_one_outlet(example):
    newsroom = dict(example.digest.additions)["E"]
    own = [c for c in example.digest.claims if c.id in newsroom]
    anthropic = [c for c in own if "16 million" in c.canonical.text]
    assert len(anthropic) == 1 and "24,000" in anthropic[0].canonical.text
    assert not any("16 million" in c.canonical.text for c in example.digest.claims if c.in_digest)


def test_example_shared_copy_and_lede(example):
    assert example.digest.shared_copy == (("B", "D"),)
    first = example.digest.claims[0]
    assert first.canonical.text.startswith("The U.S. State Department has directed")
    # No two outlets contradict each other on a fact; they differ only in how they word quotations.
    assert {d.kind for d in example.digest.disagreements} <= {"quotation"}


def test_example_details_only_one_outlet_gave(example):
    details = {(d.siglum, d.kind, d.text) for c in example.digest.claims for d in c.details}
    assert ("E", "number", "24") in details  # the cable's date, "April 24"
    assert ("B", "name", "ChatGPT") in details


def test_fixture_known_answers(fixture_story):
    digest = fixture_story.digest
    shown = [(c.outlets, c.canonical.text) for c in digest.claims if c.in_digest]
    assert shown == [
        (("A", "B", "C", "D"), "The city council approved the budget on Monday after a long debate."),
        (("A", "B", "D"), "The budget includes money for 12 new schools and a new library."),
        (("A", "C", "D"), "The new budget takes effect in July."),
    ]
    # A and D rewrite one text: what only they carried rests on one source, so it stays out.
    assert [(c.outlets, c.left_out) for c in digest.claims if len(c.sentences) == 2] == [
        (("A", "D"), "support"), (("A", "D"), "support")]
    texts = {c.id: c.canonical.text for c in digest.claims}
    additions = {siglum: [texts[c] for c in ids] for siglum, ids in digest.additions}
    assert additions["B"][-1].startswith("Critics said")
    assert additions["C"] == ["Mayor Ellen Park signed the budget on Tuesday morning.",
                              "Protesters gathered outside city hall before the vote, demanding rent control."]
    assert additions["D"] == []
    details = {(d.siglum, d.kind, d.text) for c in digest.claims for d in c.details}
    assert ("B", "number", "$400 million") in details
    kinds = [(d.kind, tuple(v.sentence.siglum for v in d.versions)) for d in digest.disagreements]
    assert kinds == [("number", ("A", "D", "B")), ("name", ("A", "D", "C")), ("negation", ("A", "B"))]
    marked = {v.sentence.siglum: v.differing for v in digest.disagreements[1].versions}
    assert marked == {"A": ("Jane", "Smith"), "D": ("Jane", "Smith"), "C": ("Ellen", "Park")}
    assert digest.shared_copy == (("A", "D"),)
    coverage = {row.siglum: row for row in digest.coverage}
    assert coverage["A"].digest_share == 1.0 and coverage["B"].left_out == ("c3",)


def test_min_support_setting(fixture_story):
    raw = load_site(FIXTURE_CONTENT).stories[0]
    strict = build_story(dataclasses.replace(raw, settings=StorySettings(min_support=3)), frozenset())
    # A and D share copy, so A, B and D are two independent outlets, not three.
    assert [c.outlets for c in strict.digest.claims if c.in_digest] == [("A", "B", "C", "D")]
    assert all(c.independent >= 3 for c in strict.digest.claims if c.in_digest)


def test_quoted_headings_in_two_articles_build(tmp_path):
    """A heading has no sentence: its quotation is indexed, linked to the heading, and no claim's."""
    content = write_tree(tmp_path / "content", QUOTED_HEADINGS)
    assert main(["--content", str(content), "--output", str(tmp_path / "output"), "--quiet"]) == 0
    assert check_links(tmp_path / "output", "/") > 0
    page = (tmp_path / "output" / "story" / "index.html").read_text(encoding="utf-8")
    assert 'href="sources/A.html#A-1"' in page and 'href="sources/B.html#B-1"' in page  # the headings' ids
    import jsonschema
    schema = json.loads((Path(__file__).parents[1] / "docs" / "digest.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(json.loads((tmp_path / "output" / "story" / "digest.json").read_bytes()), schema)


def test_compose_takes_no_heading_quotation_for_a_sentence(tmp_path):
    raw = load_site(write_tree(tmp_path / "content", QUOTED_HEADINGS)).stories[0]
    story = compose_story(align_story(extract_quotes(segment_story(clean_story(raw)))))
    [quote] = story.quotes
    assert [(o.anchor, o.paragraph) for o in quote.occurrences] == [(None, 1), (None, 1)]
    assert not [d for c in story.digest.claims for d in c.details if d.kind == "quotation"]


def _raw(*bodies: str) -> RawStory:
    articles = tuple(RawArticle(siglum=chr(ord("A") + i), path=f"{i}.md", format="md", outlet=f"Outlet {i}",
                                body=body, body_line=1) for i, body in enumerate(bodies))
    return RawStory(slug="s", path="s", title="T", date="2026-01-01", introduction="", articles=articles)


def test_a_run_of_commas_before_no_speaker_is_read_in_one_pass():
    with hang_guard():
        story = build_story(_raw("Smith spoke" + "," * 200_000 + " then left."), frozenset())
    assert len(story.digest.claims) == 1


def test_details_fold_each_member_once(monkeypatch):
    """Each member's words are folded once, and each fact once: not once per pair of members."""
    members = tuple(Sentence(chr(ord("A") + i), 1, 1, f"The council of Town{i} approved 12 schools.", 0, 40)
                    for i in range(20))
    folded = []
    real = compose._comparable
    monkeypatch.setattr(compose, "_comparable", lambda text: folded.append(text) or real(text))
    details = compose._details(members, {})
    assert {(d.siglum, d.text) for d in details} == {(s.siglum, s.text.split()[3]) for s in members}
    facts = sum(len(compose._facts(s, {})) for s in members)
    assert len(folded) == len(members) + facts


def test_coverage_reads_each_claims_outlets_a_bounded_number_of_times(monkeypatch):
    """One pass over the claims, not one per outlet: 40 outlets would have read them 80 times."""
    raw = _raw(*(f"The council approved the budget on Monday. Outlet {i} alone saw the mayor." for i in range(40)))
    story = build_story(raw, frozenset())
    reads = []
    real = Claim.outlets
    monkeypatch.setattr(Claim, "outlets", property(lambda claim: reads.append(claim.id) or real.fget(claim)))
    compose.outlet_coverage(story.digest.claims, story, {})
    assert max(reads.count(c.id) for c in story.digest.claims) <= 4  # whatever the number of outlets


def _story(*bodies: str, min_support: int = 2):
    return build_story(dataclasses.replace(_raw(*bodies), settings=StorySettings(min_support=min_support)),
                       frozenset())


WIRE = ("The council approved the budget on Monday after a long debate. "
        "The budget includes money for twelve new schools and a library. "
        "Mayor Ellen Park praised the vote at a press conference. "
        "Opponents warned that property taxes would rise next spring. "
        "The new budget takes effect in July across the whole county.")


def test_outlets_that_share_copy_count_once():
    """Two rewrites of one wire text are one source: what only they carry is not yet a shared fact."""
    story = _story(WIRE, WIRE.replace("after a long debate", "after a long, heated debate"),
                   "The council approved the budget on Monday after a long debate. "
                   "Parents in the district welcomed the news about the harbor.")
    digest = story.digest
    assert digest.shared_copy == (("A", "B"),) and digest.independent == 2
    shown = {c.text: c for c in digest.claims}
    approved = next(c for text, c in shown.items() if text.startswith("The council approved"))
    assert approved.in_digest and approved.independent == 2 and approved.outlets == ("A", "B", "C")
    schools = next(c for text, c in shown.items() if "twelve new schools" in text)
    assert schools.outlets == ("A", "B") and schools.independent == 1
    assert not schools.in_digest and schools.left_out == "support"
    coverage = {row.siglum: row for row in digest.coverage}
    assert coverage["C"].left_out == ()  # A and B are one source: "most other outlets" is not two of three


def test_an_attribution_cut_off_after_a_quotation_is_never_a_fact_of_its_own():
    quote = "“We will build the new bridge over the river this year.” Jane Doe said."
    story = _story(quote + " The mayor spoke at city hall.", quote + " Work starts in the spring.")
    claims = story.digest.claims
    assert not [c for c in claims if c.text == "Jane Doe said."]
    [bridge] = [c for c in claims if "bridge" in c.text]
    assert bridge.in_digest and bridge.text == quote
    assert [s.text for s in bridge.extra] == ["Jane Doe said.", "Jane Doe said."]
    assert [s.anchor for s in bridge.footnoted] == ["A-1-1", "A-1-2", "B-1-1", "B-1-2"]
    # The quotes stage still reads the split sentences: the speaker comes from the attribution.
    assert [q.speaker for q in story.quotes] == ["Jane Doe"]


def test_a_fact_told_only_as_he_said_stays_out_of_the_flow_without_what_it_leans_on():
    story = _story("Jane Doe opened the harbor bridge on Monday morning. She said the bridge cost less than planned.",
                   "Crowds filled the riverside park for the festival. She said the bridge cost less than planned.")
    [leaning] = [c for c in story.digest.claims if c.text.startswith("She said")]
    assert leaning.outlets == ("A", "B") and not leaning.in_digest and leaning.left_out == "dangles"
    assert story.digest.paragraphs == ()


def test_a_fact_told_only_as_he_said_follows_the_fact_it_leans_on():
    opened = "Jane Doe opened the harbor bridge on Monday morning."
    story = _story(f"{opened} She said the bridge cost less than planned.",
                   f"{opened} She said the bridge cost less than planned.")
    digest = story.digest
    texts = [c.text for c in digest.claims if c.in_digest]
    assert texts == [opened, "She said the bridge cost less than planned."]


def test_a_person_is_first_met_under_the_fullest_name_an_outlet_gives():
    surname = "Smith signed the budget on Tuesday morning at city hall."
    story = _story(f"{surname} Smith said the vote was close.", "Mayor Jane Smith signed the budget on Tuesday morning.",
                   surname)
    first = story.digest.claims[0]
    assert first.in_digest and first.text == "Mayor Jane Smith signed the budget on Tuesday morning."


def test_an_outlets_second_sentence_of_a_fact_is_not_its_addition():
    told = "The council approved the budget on Monday after a long debate."
    story = _story(f"{told} The budget was approved by the council on Monday. "
                   "The council approved the budget on Monday after a long debate over 40 parks.",
                   told)
    digest = story.digest
    [claim] = [c for c in digest.claims if c.in_digest]
    assert [s.text for s in claim.extra] == ["The budget was approved by the council on Monday."]
    assert [s.anchor for s in claim.footnoted] == ["A-1-1", "A-1-2", "B-1-1"]
    own = {c.id: c.text for c in digest.claims}
    # A sentence that gives a number the claim does not is a fact of its own.
    assert [own[c] for c in dict(digest.additions)["A"]] == [
        "The council approved the budget on Monday after a long debate over 40 parks."]


def _quantities_reading_around_each_figure(text: str):
    """compose._quantities as it read before: the words before and after each figure found anew."""
    found = []
    for match in compose._QUANTITY.finditer(text):
        before = [w.casefold() for w in compose._FRAME_WORD.findall(text[:match.start()])]
        after = compose._FRAME_WORD.findall(text[match.end():])
        if before and (before[-1] in compose._HEDGES or " ".join(before[-2:]) in compose._HEDGES):
            continue
        content = [w for w in before if w not in compose.STOP_WORDS]
        if not content:
            continue
        unit = "$" if match.group(0).startswith("$") else ""
        scale = (match.group("scale") or "").casefold()
        frame = (content[-1], after[0].casefold() if after else "", unit + scale)
        found.append((frame, match.group("digits").replace(",", "") + scale, match.group(0).strip()))
    return found


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(st.sampled_from(["pay", "the", "Grimm,", "44,", "$88,000", "for", "up to", "more than", "5", "1.5",
                                 "million", "percent", "it’s", "-", "'", "9/11", "6-1", "of", "Jan.", "x2", ","]),
                max_size=20).map(" ".join))
def test_each_figures_frame_is_read_from_the_sentences_words_once(text):
    assert compose._quantities(text) == _quantities_reading_around_each_figure(text)


def test_a_sentence_of_thousands_of_figures_is_read_once():
    """Each figure read every word before and after it again: 40 KB of links, each with a number,
    took minutes in compose."""
    text = "".join(f"[the plan {i}](http://example.com/{i}) " for i in range(20_000))
    with hang_guard():
        found = compose._quantities(text)
    assert len(found) == 40_000 and found[2:4] == [(("plan", "http", ""), "1", "1"), (("com", "the", ""), "1", "1")]


def test_one_quantity_given_differently_anywhere_is_a_disagreement():
    """Not only in sentences close enough to merge: the same frame, other words mostly shared."""
    story = _story("The state board ordered the restaurant to pay $88,000 for lacking insurance. "
                   "The city hired 12 teachers for the new school year.",
                   "Records show the restaurant, which the congressman owned in Manhattan, was ordered by the state "
                   "board to pay $80,000 for lacking insurance last year. "
                   "The city hired 15 drivers for the new bus routes. "
                   "Anthropic traced more than 16 million exchanges with its chatbot.",
                   "MiniMax alone accounted for 13 million exchanges with the chatbot. "
                   "Donors gave $250,000 to $300,000 in contributions to the campaign.",
                   "Donors gave $250,000 in contributions to the campaign, filings show.")
    assert story.alignment.conflicts == ()
    numbers = [d for d in story.digest.disagreements if d.kind == "number"]
    # Not the teachers and drivers (another frame), the hedged "more than 16 million" or a range
    # that holds the other's figure.
    assert [[(v.sentence.anchor, v.differing) for v in d.versions] for d in numbers] == [
        [("A-1-1", ("$88,000",)), ("B-1-1", ("$80,000",))]]


def test_a_quotation_followed_by_its_speakers_name_does_not_dangle():
    quoted = {"A-1-1": ((1, 30),)}
    named = Sentence("A", 1, 1, "“I want the oil and the ports,” Trump said.", 0, 44)
    leaning = Sentence("A", 1, 2, "“I want the oil and the ports,” he said.", 45, 86)
    assert not compose._dangles(named, quoted)
    assert compose._dangles(leaning, {"A-1-2": ((1, 30),)})


def test_claims_sharing_a_compound_sentence_are_told_once_in_it():
    """The sentence that gives both facts is shown once, footnoted by the outlets of either."""
    from test_align import COMPOUND, story_of
    claims = compose_story(story_of(*COMPOUND)).digest.claims
    shown = [c for c in claims if c.in_digest]
    assert [(c.canonical.anchor, c.outlets) for c in shown] == [("A-1-1", ("A", "B", "C"))]
    assert sum(s.anchor == "A-1-1" for c in claims for s in c.sentences + c.extra) == 1


class _CopyCountingText(str):
    """A sentence's text that counts the characters each slice and join copies, and stays itself."""

    copied = 0

    def __getitem__(self, key):
        piece = str.__getitem__(self, key)
        if isinstance(key, slice):
            _CopyCountingText.copied += len(piece)
        return _CopyCountingText(piece)

    def __add__(self, other):
        _CopyCountingText.copied += len(self) + len(other)
        return _CopyCountingText(str.__add__(self, other))

    def __radd__(self, other):
        _CopyCountingText.copied += len(self) + len(other)
        return _CopyCountingText(str.__add__(other, self))


def test_blanking_a_sentences_quotations_copies_it_a_bounded_number_of_times():
    """One pass, however many quotations the sentence holds: 2,000 of them once copied the sentence 2,000 times."""
    count = 2000
    text = "He said " + '"a" ' * count
    sentence = Sentence("A", 1, 1, _CopyCountingText(text), 0, len(text))
    quoted = {"A-1-1": tuple((9 + 4 * i, 10 + 4 * i) for i in range(count))}
    _CopyCountingText.copied = 0
    blanked = compose._outside_quotations(sentence, quoted)
    assert blanked == "He said " + "  " * count
    assert _CopyCountingText.copied <= 2 * len(text)


def test_a_quotation_inside_another_is_blanked_with_it_and_nothing_after_them():
    text = "He said “it is ‘fine’ now” and left."
    sentence = Sentence("A", 1, 1, text, 0, len(text))
    outer, inner = (text.index("it"), text.index("”")), (text.index("fine"), text.index("’"))
    assert compose._outside_quotations(sentence, {"A-1-1": (outer, inner)}) == "He said   and left."


def test_the_people_a_repeated_sentence_names_are_read_once(monkeypatch):
    """Who a sentence names depends on its words alone: a text the story repeats is read once, and
    each of its sentences names the same people."""
    from site_src.model import Article, Paragraph, RawArticle, RawStory, Story
    read = []
    real = compose._name_marks
    monkeypatch.setattr(compose, "_name_marks", lambda text, *sets: read.append(text) or real(text, *sets))
    texts = ["Mayor Jane Smith spoke.", "Smith said no.", "Mayor Jane Smith spoke.", "Smith said no."]
    sentences = tuple(Sentence("A", 1, i, text, 0, len(text)) for i, text in enumerate(texts, start=1))
    raw = RawArticle("A", "content/s/a.md", "md", "Daily", " ".join(texts), 1)
    article = Article(raw, (Paragraph(1, "paragraph", " ".join(texts), 0, sentences),), ())
    story = Story(RawStory("s", "content/s/story.md", "t", "2026-01-01", "", (raw,)), (article,))
    named = compose._person_mentions(story)
    assert sorted(read) == sorted(set(texts))
    assert named == {"A-1-1": (frozenset({"Smith"}), frozenset()), "A-1-2": (frozenset(), frozenset({"Smith"})),
                     "A-1-3": (frozenset({"Smith"}), frozenset()), "A-1-4": (frozenset(), frozenset({"Smith"}))}


def test_a_claim_of_one_sentence_that_shares_none_is_kept_as_it_is():
    """Most claims of a long article are one sentence each: nothing to fold, so nothing is rebuilt."""
    one, two = (Sentence("A", 1, 1, "One.", 0, 4),), Sentence("B", 1, 1, "Two.", 0, 4)
    shared = Sentence("A", 2, 1, "Both.", 0, 5)
    clusters = [one, (two, shared), (shared,)]
    folded, extra, bridges = compose._fold_shared(clusters, {"A": 0, "B": 1})
    assert folded[0] is one and folded[1] == (shared, two) and len(folded) == 2
    assert not extra and bridges == {1: frozenset({"A-2-1"})}
