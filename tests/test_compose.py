"""compose: the digest tells each fact once, in an outlet's own words, with true footnotes."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from conftest import EXAMPLE_CONTENT, SHARED_CORPUS, write_tree
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
    return build_site(EXAMPLE_CONTENT, TEMPLATES_DIR).site.stories[0]


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
    # Nothing lost: every sentence is in exactly one claim.
    members = [s.anchor for c in digest.claims for s in c.sentences]
    assert sorted(members) == sorted(sources)
    by_id = {c.id: c for c in digest.claims}
    in_digest = [cid for paragraph in digest.paragraphs for cid in paragraph]
    # No fact twice: each digest claim once, and every digest claim is in the paragraphs.
    assert len(in_digest) == len(set(in_digest))
    assert set(in_digest) == {c.id for c in digest.claims if c.in_digest}
    for claim in digest.claims:
        # Never a blend: the shown wording is one member sentence, byte for byte.
        assert claim.canonical in claim.sentences
        assert sources[claim.canonical.anchor].text == claim.canonical.text
        # Every footnote true: one sentence per cited outlet, each really that outlet's.
        assert len(claim.outlets) == len(set(claim.outlets))
        assert all(sources[s.anchor] == s for s in claim.sentences)
        assert claim.in_digest == (len(claim.sentences) >= max(2, story.source.settings.min_support))
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
        (("A", "D"), "The vote was 7 to 2, with two members opposed."),
        (("A", "D"), "Mayor Jane Smith signed the budget on Tuesday morning."),
        (("A", "C", "D"), "The new budget takes effect in July."),
    ]
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
    assert coverage["A"].digest_share == 1.0 and coverage["B"].left_out == ("c3", "c4", "c5")


def test_min_support_setting(fixture_story):
    raw = load_site(FIXTURE_CONTENT).stories[0]
    strict = build_story(dataclasses.replace(raw, settings=StorySettings(min_support=3)), frozenset())
    assert [c.outlets for c in strict.digest.claims if c.in_digest] == [("A", "B", "C", "D"), ("A", "B", "D"),
                                                                        ("A", "C", "D")]
    assert all(len(c.sentences) >= 3 for c in strict.digest.claims if c.in_digest)


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
    compose._coverage(story.digest.claims, story)
    compose._shared_copy(story.digest.claims, story)
    assert max(reads.count(c.id) for c in story.digest.claims) <= 4  # whatever the number of outlets
