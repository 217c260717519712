"""The editor's corrections and notes: each named by words of the page, each applied where the digest,
digest.json, the page's counts and the quote index all see it, each refused at its line when its
words name no fact or several."""

from __future__ import annotations

import dataclasses
import json
import re

import pytest
from conftest import EXAMPLE_CONTENT, examples, write_tree
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from site_src.cli import TEMPLATES_DIR, main
from site_src.corrections import correct_story
from site_src.frontmatter import ContentError
from site_src.load import load_site
from site_src.model import EditorNote
from site_src.pipeline import build_site, build_story

HEAD = "---\ntitle: Budget\ndate: 2026-01-02\n"
# Three outlets on one budget vote: the tax rise told twice in different words (the comparison
# keeps them apart), a quotation two outlets share, and a fact each outlet alone reported.
TREE = {
    "site.yml": "title: T\n",
    "s/story.md": HEAD + "---\nIntro.\n",
    "s/1-alpha.md": "---\noutlet: Alpha News\n---\nThe city council approved the budget on Monday after a long "
                    "debate.\n\nMayor Jane Smith praised the vote. \u201cIt keeps every library open,\u201d Smith "
                    "said.\n\nProperty taxes will rise by 2 percent next year.\n\nThe budget takes effect in July.\n",
    "s/2-beta.md": "---\noutlet: Beta Daily\n---\nOn Monday the city council approved the budget after a long "
                   "debate.\n\n\u201cIt keeps every library open,\u201d the mayor said of the plan.\n\nThe plan also "
                   "pays for 12 new schools across the city.\n\nThe budget takes effect in July, officials said.\n",
    "s/3-gamma.md": "---\noutlet: Gamma Times\n---\nThe city council passed its budget on Monday after a long "
                    "debate.\n\nHomeowners will pay more: the levy on property goes up two percent in the coming "
                    "year.\n\nThe new budget takes effect in July.\n",
}
TAXES, LEVY = "Property taxes will rise", "levy on property goes up"


def built(tmp_path, front: str = ""):
    """The story built from TREE with `front` in its story.md, its page and its digest.json."""
    content = write_tree(tmp_path / "content", {**TREE, "s/story.md": HEAD + front + "---\nIntro.\n"})
    output = tmp_path / "out"
    assert main(["--content", str(content), "--output", str(output), "--quiet"]) == 0
    story = build_site(content, TEMPLATES_DIR).site.stories[0]
    return (story, (output / "s" / "index.html").read_text(),
            json.loads((output / "s" / "digest.json").read_text()))


def claim_with(story, text: str):
    return next(c for c in story.digest.claims if any(text in s.text for s in c.sentences + c.extra))


def test_without_corrections_the_comparison_keeps_the_tax_rise_apart(tmp_path):
    """What the corrections below change: checked here, so they cannot pass by themselves."""
    story, page, data = built(tmp_path)
    assert claim_with(story, TAXES) is not claim_with(story, LEVY)
    assert not claim_with(story, TAXES).in_digest and data["corrections"] == [] and data["annotations"] == []
    assert "editor-changes" not in page and "Editor\u2019s note" not in page


def test_a_merge_makes_one_fact_that_enters_the_digest(tmp_path):
    story, page, data = built(tmp_path, f'corrections:\n  - merge: ["{TAXES}", "{LEVY}"]\n'
                                        '    reason: "Both tell the 2 percent rise."\n')
    merged = claim_with(story, TAXES)
    assert merged is claim_with(story, LEVY) and merged.outlets == ("A", "C") and merged.in_digest
    assert merged.id in {i for p in story.digest.paragraphs for i in p}
    assert merged.id not in dict(story.digest.additions)["A"] + dict(story.digest.additions)["C"]
    exported = next(c for c in data["claims"] if c["id"] == merged.id)
    assert exported["outlets"] == ["A", "C"] and exported["in_digest"]
    assert data["corrections"] == [{"kind": "merge", "reason": "Both tell the 2 percent rise.", "claims": [merged.id],
                                    "quote": None, "sentence": None, "speaker": None, "line": 5}]
    assert f'id="{merged.id}"' in page and "Both tell the 2 percent rise." in page
    # The page's count of shared facts is the corrected digest's.
    assert re.search(r"<strong>4</strong> facts shared", page)


def test_a_split_takes_one_outlet_sentence_out_of_a_fact(tmp_path):
    story, page, data = built(tmp_path, 'corrections:\n  - split: "keeps every library open"\n'
                                        '    out: "the mayor said of the plan"\n    reason: "Beta quotes the plan."\n')
    kept, taken = claim_with(story, "Smith said"), claim_with(story, "mayor said of the plan")
    assert kept is not taken and kept.outlets == ("A",) and taken.outlets == ("B",)
    assert not kept.in_digest and not taken.in_digest
    assert data["corrections"][0]["sentence"] == "B-2-1"
    assert data["corrections"][0]["claims"] == [kept.id, taken.id]
    assert "Took Beta Daily\u2019s sentence" in page


def test_exclude_takes_a_fact_out_and_every_count_follows(tmp_path):
    story, page, data = built(tmp_path, 'corrections:\n  - exclude: "takes effect in July"\n'
                                        '    reason: "Not news."\n')
    july = claim_with(story, "takes effect in July")
    assert not july.in_digest and july.left_out == "editor"
    assert july.id not in [i for p in data["digest"] for i in p]
    assert story.digest.claims[:2] == tuple(c for c in story.digest.claims if c.in_digest)
    shares = {row.siglum: row.digest_share for row in story.digest.coverage}
    assert shares == {"A": 1.0, "B": 1.0, "C": 0.5}
    assert re.search(r"<strong>2</strong> facts shared", page) and "Left out by the editor" in page
    source = (tmp_path / "out" / "s" / "sources" / "C.html").read_text()
    assert "the editor left it out of the digest" in source


def test_pin_puts_one_outlets_fact_in_the_digest_after_what_it_told_before(tmp_path):
    story, page, data = built(tmp_path, 'corrections:\n  - pin: "12 new schools"\n    reason: "The schools matter."\n')
    schools = claim_with(story, "12 new schools")
    assert schools.in_digest and schools.outlets == ("B",)
    assert [list(p) for p in story.digest.paragraphs] == [["c1", "c2"], [schools.id], ["c3"]]
    assert schools.id not in dict(story.digest.additions)["B"]
    assert "pinned by the editor" in page and f'href="sources/B.html#B-3-1"' in page
    assert data["corrections"][0]["kind"] == "pin" and data["corrections"][0]["claims"] == [schools.id]


def test_speaker_files_a_quotation_under_the_editors_name(tmp_path):
    story, page, data = built(tmp_path, 'corrections:\n  - speaker: "keeps every library open"\n'
                                        '    to: "The mayor\'s office"\n    reason: "It was a statement."\n')
    assert [q.speaker for q in story.quotes] == ["The mayor's office"]
    assert data["quotes"][0]["speaker"] == "The mayor's office"
    assert data["corrections"][0]["speaker"] == "Mayor Jane Smith"
    assert ">The mayor&#39;s office</h3>" in page  # the speaker's heading in the quote index


def test_notes_are_shown_beside_what_they_are_about_as_the_editors(tmp_path):
    story, page, data = built(tmp_path, 'annotations:\n  - on: "12 new schools"\n'
                                        '    note: "The city has *40* schools.\\n{: onclick=x}'
                                        '\\n\\n<script>alert(1)</script>"\n'
                                        '  - quote: "every library"\n    note: "Seven branches."\n')
    schools = claim_with(story, "12 new schools")
    assert [(a["target"], a["about"]) for a in data["annotations"]] == [(schools.id, "claim"), ("q1", "quote")]
    note = re.search(r'<div class="editor-note" role="note" id="note-1".*?</div>', page, re.S).group(0)
    assert "Editor\u2019s note 1" in note and "<em>40</em>" in note
    assert "<script>" not in page.replace('<script src="../static/story.js"></script>', "")
    assert not re.search(r"<[^>]*onclick", page)
    assert "&lt;script&gt;" in note
    quote_entry = page[page.index('<li id="q1" class="quote">'):page.index("Seven branches.")]
    assert "</li>\n</ol>" not in quote_entry  # inside the quotation's own entry
    assert 'href="#note-1">note 1</a>' in page  # its mark beside the fact, for print's endnotes too


def test_a_note_on_a_digest_fact_sits_in_the_margin_block_of_its_paragraph(tmp_path):
    _, page, _ = built(tmp_path, 'annotations:\n  - on: "approved the budget"\n    note: "After three votes."\n')
    block = re.search(r'<div class="annotated">\s*<p>(.*?)</p>\s*<div class="side-notes">(.*?)</div></div>',
                      page, re.S)
    assert block and 'id="c1"' in block.group(1) and "After three votes." in block.group(2)


@pytest.mark.parametrize("front, message", [
    ('annotations:\n  - on: "council rejected"\n    note: n\n',
     'story.md:5: error: `on: "council rejected"` matches no fact; the closest: c1 (A, B, C)'),
    ('annotations:\n  - on: "budget"\n    note: n\n',
     'story.md:5: error: `on: "budget"` matches 2 facts (c1 (A, B, C)'),
    ('corrections:\n  - merge: ["Property taxs will rise", "levy"]\n    reason: r\n',
     "matches no fact; the closest: c5 (A) \u201cProperty taxes will rise by 2 percent next year.\u201d"),
    ('corrections:\n  - merge: ["approved the budget", "council passed its budget"]\n    reason: r\n',
     "two of the merge's selectors name the same fact"),
    ('corrections:\n  - split: "approved the budget"\n    out: "budget"\n    reason: r\n',
     '`out: "budget"` matches 3 sentences of that fact'),
    ('corrections:\n  - speaker: "keeps every library open"\n    to: Mayor Jane Smith\n    reason: r\n',
     "is already Mayor Jane Smith's; this correction changes nothing"),
    ('annotations:\n  - on: "12 new schools"\n    note: "[see](//evil.example)"\n',
     "story.md:6: error: the link `//evil.example` reads as a path on this site"),
    # An item holds no metadata: a misspelt key is an error there, named once, and so is a stray one.
    ('annotations:\n  - on: "12 new schools"\n    note: n\n    qoute: q\n',
     "story.md:7: error: unknown key `qoute`: did you mean `quote`?\n1 problem found"),
    ('annotations:\n  - on: "12 new schools"\n    note: n\n    colour: red\n',
     "story.md:7: error: a note has no key `colour`; its keys are"),
])
def test_words_that_name_no_fact_or_several_stop_the_build_at_their_line(tmp_path, capsys, front, message):
    content = write_tree(tmp_path / "content", {**TREE, "s/story.md": HEAD + front + "---\nIntro.\n"})
    assert main(["--content", str(content), "--output", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_merging_facts_the_outlets_disagree_on_is_refused(tmp_path, capsys):
    """A merge would hide the disagreement: both numbers would be one fact's."""
    tree = {**TREE, "s/3-gamma.md": TREE["s/3-gamma.md"].replace(
        "Homeowners will pay more: the levy on property goes up two percent in the coming year.",
        "Property taxes will rise by 3 percent next year.")}
    content = write_tree(tmp_path / "content", tree)
    story = build_site(content, TEMPLATES_DIR).site.stories[0]
    pair = [d for d in story.digest.disagreements if d.kind != "quotation"]
    assert pair, "the fixture needs the two numbers listed as a disagreement"
    write_tree(content, {"s/story.md": HEAD + 'corrections:\n  - merge: ["by 2 percent", "by 3 percent"]\n'
                                              "    reason: r\n---\nIntro.\n"})
    assert main(["check", "--content", str(content)]) == 1
    assert "story.md:5: error: these facts are listed where the outlets disagree" in capsys.readouterr().err


def test_the_example_digest_carries_its_editors_changes():
    """The example's corrections reach its digest: the two sentences of the cable's warning on
    safeguards are one fact, and its notes are attached."""
    story = build_site(EXAMPLE_CONTENT, TEMPLATES_DIR).site.stories[0]
    warning = claim_with(story, "deliberately strip security protocols")
    assert warning is claim_with(story, "strip away safety protections") and warning.in_digest
    assert len(story.digest.changes) == len(story.source.corrections)
    assert len(story.digest.annotations) == len(story.source.annotations) >= 3


def test_corrections_leave_which_outlets_print_one_text_as_the_articles_show():
    """Joining facts says they are one fact, not that their outlets copy each other: the outlets
    counted as one stay those found before the editor's changes, and so does the digest's support."""
    raw = load_site(EXAMPLE_CONTENT).stories[0]
    assert raw.corrections
    uncorrected = build_story(dataclasses.replace(raw, corrections=()), frozenset()).digest
    corrected = build_story(raw, frozenset()).digest
    assert corrected.shared_copy == uncorrected.shared_copy
    assert corrected.independent == uncorrected.independent
    taken_out = {change.sentence for change in corrected.changes if change.sentence}
    in_digest = {s.anchor for c in uncorrected.claims if c.in_digest for s in c.sentences} - taken_out
    assert in_digest <= {s.anchor for c in corrected.claims if c.in_digest for s in c.sentences + c.extra}


@pytest.fixture(scope="module")
def composed():
    return build_story(load_site(EXAMPLE_CONTENT).stories[0], frozenset())


@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(min_size=1, max_size=40))
@example("\u201cgroundless\u201d")
@example("U.S. A.I.")
def test_any_selector_attaches_to_one_target_or_names_its_line(composed, selector):
    raw = dataclasses.replace(composed.source, corrections=(), annotations=(
        EditorNote(selector, "claim", "n", 7, 8), EditorNote(selector, "quote", "n", 9, 10)))
    story = dataclasses.replace(composed, source=raw)
    try:
        corrected = correct_story(story)
    except ContentError as error:
        assert error.problems and all(p.line in (7, 9) and p.path == raw.path for p in error.problems)
        return
    ids = {c.id for c in corrected.digest.claims} | {q.id for q in corrected.quotes}
    assert [a.target in ids for a in corrected.digest.annotations] == [True, True]


def test_a_correction_on_a_one_article_story_waits_with_a_warning(tmp_path, capsys):
    tree = {**TREE, "s/2-beta.md": None, "s/3-gamma.md": None,
            "s/story.md": HEAD + 'corrections:\n  - exclude: "budget"\n    reason: r\n---\n'}
    content = write_tree(tmp_path / "content", tree)
    assert main(["check", "--content", str(content)]) == 0
    assert "its annotations and corrections wait for the digest" in capsys.readouterr().err
