"""guard: sentences that share a name, a date or a number but assert different things never merge."""

from __future__ import annotations

from conftest import examples
from hypothesis import example, given, settings
from hypothesis import strategies as st
from test_align import story_of, together

from site_src.align import _story_names, comparable_words
from site_src.guard import conflicts, names_among, prepare
from site_src.model import Sentence


def statements(*texts: str):
    names = _story_names(Sentence("A", 1, i, text, 0, len(text)) for i, text in enumerate(texts, start=1))
    return [prepare(text, names) for text in texts]


def test_a_stray_number_of_another_kind_makes_no_match():
    """"6-1" is a tally, "January 1" a date: their shared "1" is not a shared fact."""
    for first, second in (("Council members voted 6-1.", "It takes effect January 1."),
                          ("The council voted 6-1 on the plan.", "The plan takes effect on January 1.")):
        story = story_of(first, second)
        assert not together(story, "A-1-1", "B-1-1")
        assert story.alignment.near == ()


def test_quantities_are_matched_by_kind():
    tally, date, other_tally = statements("The council voted 6-1 on the plan.", "The council plan starts January 1.",
                                          "The council voted 7-2 on the plan.")
    assert "number" not in conflicts(tally, date)  # different kinds neither match nor contradict
    assert "number" in conflicts(tally, other_tally)
    assert {kind for kind, _ in tally.quantities} == {"tally"} and {k for k, _ in date.quantities} == {"date"}


def test_a_date_written_with_a_slash_or_before_a_day_is_read_as_that_date():
    """"9/11" and "Sept. 11" are one date; in "the 19 Sept. 11 hijackers" 19 counts, it is no day."""
    slash, month_first = statements("Fifteen of the 19 hijackers on 9/11 were Saudi citizens.",
                                    "Fifteen of the 19 Sept. 11 hijackers were Saudi nationals.")
    assert ("date", "9/11") in slash.quantities and ("date", "9/11") in month_first.quantities
    assert "number" not in conflicts(slash, month_first)
    assert ("date", "4/24") in statements("It was signed on 24 April 2025.")[0].quantities
    assert "date" not in {kind for kind, _ in statements("The line is open 24/7 now.")[0].quantities}  # no 24th month


def test_the_same_predicate_of_another_subject_is_another_fact():
    story = story_of("The company did not immediately respond to a request for comment.",
                     "The State Department did not immediately respond to a request for comment.")
    assert not together(story, "A-1-1", "B-1-1")
    assert story.alignment.conflicts == ()  # two facts, not a contradiction to show
    assert story.alignment.near == ()


def test_shared_names_alone_are_a_topic_not_a_fact():
    """Two sentences about the same people that say nothing alike of them never merge, however
    much of their weight the shared names carry; a name said with the same words still does."""
    story = story_of("Special Counsel Robert Mueller says Michael Flynn is now cooperating with investigators.",
                     "Michael Flynn pleaded guilty, Special Counsel Robert Mueller said.",
                     "Michael Flynn is cooperating with Special Counsel Robert Mueller, his lawyers say.")
    assert not together(story, "A-1-1", "B-1-1")
    assert together(story, "A-1-1", "C-1-1")
    assert "unsupported" in conflicts(*statements("Michael Flynn pleaded guilty, Robert Mueller said.",
                                                  "Robert Mueller says Michael Flynn is cooperating."))



def test_a_bare_number_both_give_is_no_fact_but_a_measured_one_is():
    """An age in apposition ("Mattis, 68,") is a description like a name; a sum of money is a fact."""
    stay, leave = statements("In his letter Thursday, Mattis, 68, said he would remain in his role for months.",
                             "Mr. Trump said Mr. Mattis, 68, will leave at the end of February.")
    assert "unsupported" in conflicts(stay, leave)
    paid, received = statements("Farenthold paid $84,000 to Greene.", "Greene received $84,000 from Farenthold.")
    assert "unsupported" not in conflicts(paid, received)


def test_swapped_agent_and_patient_is_a_disagreement():
    story = story_of("Senator Lee follows Governor Grant in the line of succession.",
                     "Governor Grant follows Senator Lee in the line of succession.")
    assert not together(story, "A-1-1", "B-1-1")
    assert [c.kinds for c in story.alignment.conflicts] == [("role",)]


def test_the_agent_of_one_acted_on_by_another_in_the_other():
    """Braley apologised to Grassley; Grassley, not Braley, may become chairman."""
    first, second = statements(
        "Mr. Braley apologized to Mr. Grassley in person on Tuesday after Republicans condemned the remarks.",
        "But as the ranking Republican, Mr. Grassley could lead the committee if Republicans win the Senate.")
    assert "subject" in conflicts(first, second)


def test_possibly_also_never_offers_an_opposite():
    story = story_of("Taxes will rise 3% next year in the city, the mayor said.",
                     "Property taxes will not rise next year in the city, the mayor said.")
    assert not together(story, "A-1-1", "B-1-1")
    assert story.alignment.near == ()


def test_direction_is_read_with_what_moves():
    story = story_of("Taxes rose while spending fell in the city last year.",
                     "Taxes fell while spending rose in the city last year.")
    assert not together(story, "A-1-1", "B-1-1")
    same, reordered = statements("Taxes rose while spending fell in the city last year.",
                                 "Spending fell while taxes rose in the city last year.")
    assert "direction" not in conflicts(same, reordered)


def test_a_reported_clause_and_a_passive_keep_their_agent():
    said, plain = statements("The committee said it would delay the vote on the budget.",
                             "The committee would delay the vote on the budget.")
    assert conflicts(said, plain) == frozenset()
    active, passive = statements("Anthropic traced 16 million exchanges to three laboratories.",
                                 "16 million exchanges were traced by Anthropic to three laboratories.")
    assert conflicts(active, passive) == frozenset()


WORDS = st.sampled_from("""
    the a company Department State Lee Grant said not no never rose fell 6-1 7-2 January 1 3% $5 million
    12 firms follows voted approved rejected by was were , “ ” ( ) who which after On Monday he it
""".split())
SENTENCES = st.lists(WORDS, max_size=16).map(" ".join)


@settings(max_examples=examples(200))
@given(SENTENCES, SENTENCES)
@example("Lee follows Grant by 6-1 , he said", "Grant follows Lee by 7-2")
@example("taxes rose and fell", "taxes rose and fell")
def test_the_guard_is_symmetric_and_nothing_conflicts_with_itself(first, second):
    a, b = statements(first, second)
    assert conflicts(a, b) == conflicts(b, a)
    assert conflicts(a, a) == frozenset()


def test_a_name_stands_only_for_a_name_of_its_kind():
    """A description ("Democrats") or an institution ("his party") where the other sentence has a
    person or a party's name is the same fact rewritten; a person for a person is another actor."""
    rewritten = [("The remarks were released Tuesday by Acme Watch, a group which does research on Democrats.",
                  "Acme Watch, a group that vowed to attack Democratic candidates, posted the remarks on YouTube on Tuesday."),
                 ("As the senior Republican, Mr. Grassley could lead the committee if his party takes control of the Senate.",
                  "He said Grassley would likely lead the committee if Republicans take the Senate.")]
    for first, second in rewritten:
        # The story spells the party's name in full elsewhere, so "party" reads as a name.
        read = statements(first, second, "The Republican Party met on Monday.")
        assert not {"name", "other name"} & conflicts(read[0], read[1])
    swapped = statements("The remarks were released Tuesday by Mr. Smith, a lawyer for the group.",
                         "The remarks were released Tuesday by Mr. Jones, a lawyer for the group.")
    assert "name" in conflicts(*swapped)


def test_that_before_a_verb_is_what_is_said_about_not_a_conjunction():
    """ "Mr. Lee said that wasn't a fair test because the agency has rules": Lee speaks in both."""
    first, second = statements("Mr. Lee said that was not the right test.",
                               "Lee said that wasn't a fair test because the agency has federal rules to follow.")
    assert "subject" not in conflicts(first, second)
    assert first.subject == second.subject == {"lee"}


@settings(max_examples=examples(200))
@given(st.lists(st.sampled_from(["U.S.", "A.I.", "Lee's", "Grant", "rock", "’n’", "—", ",", "“", "(", "12", "it's"]
                                + list("ab.,;:\"’'")), max_size=20).map(" ".join))
def test_a_sentences_names_read_from_its_words_alone_are_those_of_its_signature(text):
    """The aligner reads every sentence's names without the rest of its signature."""
    names = _story_names([Sentence("A", 1, 1, text, 0, len(text))]) | {"lee", "grant"}
    assert names_among(comparable_words(text), names) == prepare(text, names).names


# --- word alignments of hostile length -----------------------------------------------------


def _replayed(ops, a, b):
    """The second sequence rebuilt from the first by the opcodes: equal runs must be equal."""
    built = []
    for op, i1, i2, j1, j2 in ops:
        if op == "equal":
            assert list(a[i1:i2]) == list(b[j1:j2])
        built.extend(b[j1:j2])
    return built


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(st.sampled_from("abc"), max_size=40), st.lists(st.sampled_from("abc"), max_size=40),
       st.integers(min_value=0, max_value=3))
def test_word_opcodes_are_the_matchers_for_news_lengths_and_a_true_alignment_past_them(a, b, bound):
    from difflib import SequenceMatcher

    from site_src import words
    assert words.word_opcodes(a, b) == SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    original = words.MAX_ALIGNED_WORDS
    words.MAX_ALIGNED_WORDS = bound  # as if every sequence were of hostile length
    try:
        ops = words.word_opcodes(a, b)
    finally:
        words.MAX_ALIGNED_WORDS = original
    assert _replayed(ops, a, b) == b
    if not a and not b:
        assert ops == []
    else:  # both covered, in order
        assert [(i1, j1) for _, i1, _, j1, _ in ops] == [(0, 0)] + [(i2, j2) for _, _, i2, _, j2 in ops][:-1]
        assert (ops[-1][2], ops[-1][4]) == (len(a), len(b))


def test_two_sentences_of_thousands_of_figures_are_compared_in_linear_time():
    """Two 60 KB sentences of "N seats", one number apart: their differing words took 47 s in
    compose (SequenceMatcher on 12,000 words each), and the guard's alignment the same."""
    from test_quotes import hang_guard

    from site_src.compose import _differing_words
    first = "The council voted " + " ".join(f"{i} seats" for i in range(6_000)) + "."
    second = "The council voted " + " ".join(f"{i + 1} seats" for i in range(6_000)) + "."
    with hang_guard():
        left, right = _differing_words(first, second)
        conflicts(prepare(first, frozenset()), prepare(second, frozenset()))
    assert left[0] == "0" and right[-1] == "6000"


QUANTITY_PIECES = st.sampled_from(["The council", " voted", " 6-1", " on", " Jan.", " 1", " ONE", " dozen", " firms",
                                   " $", "12", " million", " 9/11", " 3rd", " 7 p.m.", " percent", " one", "-", "stone",
                                   "€", "£", " \u0661", " Twelve", " hundredfold", ",", "."])


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(QUANTITY_PIECES, max_size=12).map("".join))
@example("Smith met Jones on Monday.")
@example("The Twelve Apostles and one hundred firms.")
def test_a_sentence_the_quick_test_passes_over_holds_no_quantity(text):
    from site_src import guard
    assert guard._quantities(text, frozenset()) == guard._read_quantities(text, frozenset())
