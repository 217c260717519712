"""render: the values the story and source pages show are prepared for a reader: details once,
dates as people write them, every fact named by its words and never by an id."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from conftest import EXAMPLE_CONTENT, write_tree

from site_src.cli import TEMPLATES_DIR
from site_src.model import Detail
from site_src.pipeline import build_site
from site_src.dates import human_date
from site_src.render import MATRIX_MOST_OUTLETS, carrier_rows, coverage_matrix, dedupe_details, folded_words, footnotes, outlet_additions

SLUG = "us-cable-ai-distillation"
BARE_ID = re.compile(r"(?:c|q)\d+|[A-Z]+-\d+(?:-\d+)?")


@pytest.fixture(scope="module")
def built():
    return build_site(EXAMPLE_CONTENT, TEMPLATES_DIR)


@pytest.fixture(scope="module")
def story(built):
    return next(s for s in built.site.stories if s.slug == SLUG)


@pytest.mark.parametrize("value, text, machine", [
    ("2026-04-28T11:30:00+10:00", "28 April 2026, 11:30 (UTC+10:00)", "2026-04-28T11:30:00+10:00"),
    ("2026-04-28", "28 April 2026", "2026-04-28"),
    ("2026-01-02T09:05:00Z", "2 January 2026, 09:05 (UTC)", "2026-01-02T09:05:00Z"),
    ("2026-12-31T23:59:00-05:30", "31 December 2026, 23:59 (UTC-5:30)", "2026-12-31T23:59:00-05:30"),
    ("2026-03-04T08:00", "4 March 2026, 08:00", "2026-03-04T08:00"),
    ("last Tuesday", "last Tuesday", None),  # not ISO: shown as given, with no machine date
])
def test_dates_read_as_people_write_them(value, text, machine):
    date = human_date(value)
    assert (date.text, date.machine) == (text, machine)


def test_a_name_in_any_case_or_possessive_is_one_detail():
    details = [Detail("B", "B-4-1", "name", "State Department"), Detail("B", "B-6-2", "name", "State Department"),
               Detail("B", "B-9-1", "name", "state department"), Detail("B", "B-13-1", "name", "State Department's"),
               Detail("B", "B-14-1", "name", "State Department\u2019s"), Detail("B", "B-2-1", "name", "Departments"),
               Detail("B", "B-3-1", "quotation", "State Department")]
    merged = dedupe_details(details)
    assert [(d.kind, d.text) for d in merged] == [("name", "State Department"), ("name", "Departments"),
                                                  ("quotation", "State Department")]
    assert merged[0].places == ("B-4-1", "B-6-2", "B-9-1", "B-13-1", "B-14-1")
    assert folded_words("the States\u2019 rights") == ["the", "states", "rights"]


def test_details_leave_out_what_the_digest_says_and_repeat_nothing(story):
    claims = {c.id: c for c in story.digest.claims}
    shown = " ".join(claims[i].canonical.text for p in story.digest.paragraphs for i in p)
    shown_words = " ".join(folded_words(shown))
    for group in outlet_additions(story):
        keys = [(d.kind, tuple(folded_words(d.text))) for d in group.details]
        assert len(keys) == len(set(keys)), group.article.siglum
        for detail in group.details:
            assert " ".join(folded_words(detail.text)) not in shown_words or detail.kind == "quotation", detail
    outlet_b = next(g for g in outlet_additions(story) if g.article.siglum == "B")
    assert "state department" in shown_words
    assert not [d for d in outlet_b.details if folded_words(d.text) == ["state", "department"]]


def test_every_single_outlet_fact_is_listed_once_new_or_near_the_digest(story):
    for group, (siglum, claim_ids) in zip(outlet_additions(story), story.digest.additions):
        listed = [c.id for c in group.new] + [c.id for c, _ in group.near]
        assert sorted(listed) == sorted(claim_ids), siglum
        in_digest = {c.id for c in story.digest.claims if c.in_digest}
        assert all(resembled and set(resembled) <= in_digest for _, resembled in group.near)


def test_the_outlet_whose_words_are_shown_comes_first(story):
    articles = {a.siglum: a for a in story.articles}
    for claim in story.digest.claims:
        if len(claim.sentences) > 1:
            notes = footnotes(claim, articles)
            shown = [s for s in (claim.canonical, claim.tail) if s]
            assert list(notes[0].sentences[:len(shown)]) == shown and notes[0].words
            assert not any(n.words for n in notes[1:])
            assert sorted(s.anchor for n in notes for s in n.sentences) == sorted(s.anchor for s in claim.footnoted)


def test_an_outlet_that_told_a_fact_in_two_sentences_has_one_marker(story):
    """The example's embassy fact: two outlets tell it in two sentences each."""
    articles = {a.siglum: a for a in story.articles}
    twice = [c for c in story.digest.claims if c.in_digest and len(c.footnoted) > len({s.siglum for s in c.footnoted})]
    assert twice
    for claim in twice:
        notes = footnotes(claim, articles)
        assert [n.sentence.siglum for n in notes] == list(dict.fromkeys(n.sentence.siglum for n in notes))
        assert {n.sentence.siglum for n in notes} == {s.siglum for s in claim.footnoted}
        assert any(len(n.sentences) > 1 and n.places.startswith("paragraph") for n in notes)


def test_the_matrix_rows_are_the_shared_facts_and_the_rest_are_counted(story):
    matrix = coverage_matrix(story)
    assert [r.claim.id for r in matrix.shared] == [c.id for c in story.digest.claims if len(c.sentences) > 1]
    assert sum(count for _, count in matrix.single) == sum(1 for c in story.digest.claims if len(c.sentences) == 1)


def test_a_story_of_more_outlets_than_a_table_holds_lists_each_facts_outlets(tmp_path, story):
    """A table of facts against outlets holds a cell for each pair: past MATRIX_MOST_OUTLETS outlets
    each fact lists those that carried it, so the page grows as the story does, not as its square."""
    outlets = MATRIX_MOST_OUTLETS + 4
    files = {"site.yml": "title: Wide\n", "wide/story.md": "---\ntitle: Budget\ndate: 2026-03-02\n---\n"}
    for k in range(outlets):
        own = f"Councillor Number{k} asked for {k + 3} more parks in ward {k + 40}."
        shared = ("The city council approved the budget of 400 million dollars on Monday after a long debate."
                  if k % 2 else "On Monday the city council approved a budget of 400 million dollars after a long debate.")
        files[f"wide/{k:02d}.md"] = f"---\noutlet: Outlet {k}\n---\n{shared}\n\n{own}\n"
    built = build_site(write_tree(tmp_path / "content", files), TEMPLATES_DIR)
    [wide] = built.site.stories
    matrix = coverage_matrix(wide)
    assert matrix.listed and matrix.shared
    [row] = matrix.shared
    assert row.cells == () and [a.siglum for a, _ in row.carried] == [a.siglum for a in wide.articles]
    page = BeautifulSoup(built.files["wide/index.html"].decode(), "html.parser")
    assert page.select_one("table.matrix") is None
    links = page.select("ul.coverage-list li a[title]")
    assert [a.get_text() for a in links] == [a.siglum for a in wide.articles]
    assert all(a["href"].endswith(f"#{sentence.anchor}") for a, (_, sentence) in zip(links, row.carried))
    narrow = coverage_matrix(story)
    assert not narrow.listed and all(len(r.cells) == len(story.articles) for r in narrow.shared)


def test_an_outlet_that_carried_a_quotation_twice_has_one_row(story):
    for quote in story.quotes:
        rows = carrier_rows(quote)
        assert len(rows) == len({o.siglum for o in quote.occurrences})
        assert [o for row in rows for o in row.occurrences] == sorted(
            quote.occurrences, key=lambda o: [r.siglum for r in rows].index(o.siglum))
    assert any(len(row.occurrences) > 1 for quote in story.quotes for row in carrier_rows(quote))


def test_no_link_on_the_story_page_is_named_by_a_bare_id(built):
    soup = BeautifulSoup(built.files[f"{SLUG}/index.html"].decode(), "html.parser")
    bare = [a.get_text(strip=True) for a in soup.find_all("a") if BARE_ID.fullmatch(a.get_text(strip=True))]
    assert bare == []
    assert soup.select("#coverage a") and soup.select("#additions a")


def test_source_pages_name_the_file_not_a_path_on_the_editors_disk(built):
    page = BeautifulSoup(built.files[f"{SLUG}/sources/B.html"].decode(), "html.parser")
    assert [dd.get_text() for dd in page.select("dl.facts dd code")] == ["2-unnamed-outlet-2.md"]
    assert "content/" not in page.get_text()


def test_published_dates_are_shown_as_words_with_the_machine_date_kept(built):
    page = BeautifulSoup(built.files[f"{SLUG}/sources/D.html"].decode(), "html.parser")
    time = page.select_one("dl.facts time")
    assert time["datetime"] == "2026-04-28T11:30:00+10:00" and time.get_text() == "28 April 2026, 11:30 (UTC+10:00)"
    story_page = BeautifulSoup(built.files[f"{SLUG}/index.html"].decode(), "html.parser")
    assert story_page.select_one(".meta time")["datetime"] == "2026-04-28"
    assert "2026-04-28T11:30" not in story_page.get_text()
