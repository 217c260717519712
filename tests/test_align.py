"""align: the same fact reworded becomes one claim; a different fact never does."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from conftest import EXAMPLE_CONTENT, SHARED_CORPUS, examples
from hypothesis import given, settings
from hypothesis import strategies as st

from site_src import align
from site_src.align import align_story, comparable_words
from site_src.clean import clean_story
from site_src.load import load_site
from site_src.model import RawArticle, RawStory, Sentence
from site_src.quotes import extract_quotes
from site_src.segment import segment_story
from site_src.words import stem

FIXTURE_CONTENT = Path(__file__).parent / "fixtures" / "content"


def aligned(content: Path, slug: str | None = None):
    site = load_site(content)
    raw = next(s for s in site.stories if slug in (None, s.slug))
    return align_story(segment_story(clean_story(raw)))


def segmented_story_of(*texts: str, sigla=None):
    """A story with one single-paragraph article per text, as segment leaves it; the articles'
    sigla are A, B, C... unless given."""
    sigla = sigla or [chr(65 + i) for i in range(len(texts))]
    articles = tuple(RawArticle(siglum=siglum, path=f"content/s/{i}.txt", format="txt", outlet=f"Outlet {i}",
                                body=text, body_line=1) for i, (siglum, text) in enumerate(zip(sigla, texts)))
    raw = RawStory(slug="s", path="content/s/story.md", title="t", date="2026-01-01", introduction="",
                   articles=articles)
    return segment_story(clean_story(raw))


def story_of(*texts: str, quotes: bool = False):
    """A story with one single-paragraph article per text; through the quotes stage when `quotes`."""
    segmented = segmented_story_of(*texts)
    return align_story(extract_quotes(segmented) if quotes else segmented)


def clusters_of(story) -> list[set[str]]:
    return [set(c) for c in story.alignment.clusters]


def together(story, *anchors: str) -> bool:
    return any(set(anchors) <= c for c in clusters_of(story))


def test_an_e_word_meets_its_inflections():
    """"charge" / "charged" / "charges": one term, as "instructs" / "instructed" are."""
    assert stem("charge") == stem("charged") == stem("charges") == stem("charging")
    assert stem("settle") == stem("settled") and stem("fire") == stem("fired")
    assert stem("see") == "see"  # a word this short keeps its letters


def test_folding():
    assert comparable_words("U.S. A.I. rules") == comparable_words("US AI rules") == ("usa", "ai", "rules")
    assert comparable_words("American firms")[0] == comparable_words("Washington")[0] == "usa"


@pytest.mark.parametrize("first, second", [
    ("The cable, dated Friday, tells U.S. diplomats to raise A.I. concerns with counterparts.",
     "The cable, dated April 24, tells US diplomats to raise AI concerns with foreign counterparts."),
    ("Officials approved the new budget for schools on Monday.",
     "On Monday, officials approved the new budget for schools, after a debate."),
    ("Anthropic traced 16 million exchanges to three Chinese laboratories.",
     "More than 16 million exchanges were traced by Anthropic to three Chinese laboratories."),
])
def test_rewordings_merge(first, second):
    assert together(story_of(first, second), "A-1-1", "B-1-1")


@pytest.mark.parametrize("first, second, kind", [
    ("The report names 12 Chinese firms accused of copying the models.",
     "The report names 12 Russian firms accused of copying the models.", "name"),
    ("Investigators had evidence that the firms copied the models.",
     "Investigators had no evidence that the firms copied the models.", "negation"),
    ("The company spent $400 million on the new data centre last year.",
     "The company spent $5 billion on the new data centre last year.", "number"),
    ("The share price rose sharply after the announcement on Tuesday.",
     "The share price fell sharply after the announcement on Tuesday.", "direction"),
])
def test_same_topic_different_fact_is_a_disagreement_not_a_merge(first, second, kind):
    story = story_of(first, second)
    assert not together(story, "A-1-1", "B-1-1")
    assert [(c.first, c.second, c.kinds) for c in story.alignment.conflicts] == [("A-1-1", "B-1-1", (kind,))]


# Two outlets' short reports of one council meeting, the middle sentence of each compared.
COUNCIL = ("The city council met on Tuesday evening. {} Residents packed the hall for the debate.",
           "Several members arrived late to the session. {} A vote on the parks plan was delayed.")


def test_a_fact_reworded_with_few_shared_words_merges():
    """Arrested / detained, near / close to, train / railway: the paraphrase tier's pair."""
    story = story_of(COUNCIL[0].format("Police arrested the suspect near the train station late on Sunday."),
                     COUNCIL[1].format("Officers detained the suspect close to the railway station on Sunday night."))
    assert together(story, "A-1-2", "B-1-2")


def test_another_fact_of_the_same_kind_does_not_merge():
    story = story_of(COUNCIL[0].format("Police arrested the suspect near the train station late on Sunday."),
                     COUNCIL[1].format("Officers searched the suspect's apartment on Monday morning."))
    assert not together(story, "A-1-2", "B-1-2")


def test_close_vectors_with_few_shared_words_only_make_a_possible_match():
    """Thirty outlets' one sentence, each naming its own figure: the figure is what TF-IDF weighs
    most, so the pairs share too few words to be judged, though their vectors all but coincide.
    They are never a merge and not hundreds of disagreements; and since the guard reads each
    figure as a different count, not even "possibly" the same report."""
    story = story_of(*(f"The city council approved the budget on Monday, outlet {i} reports." for i in range(30)))
    assert len(story.alignment.clusters) == 30
    assert story.alignment.conflicts == ()
    assert story.alignment.near == ()


def test_unrelated_sentences_stay_apart_without_disagreement():
    story = story_of("The mayor opened a new library downtown.", "Rain is expected across the region tomorrow.")
    assert clusters_of(story) == [{"A-1-1"}, {"B-1-1"}]
    assert story.alignment.conflicts == ()
    assert story.alignment.near == ()


def test_one_sentence_per_article_per_claim():
    story = story_of("The council approved the budget. The council approved the budget on Monday.",
                     "The council approved the budget on Monday.")
    for cluster in story.alignment.clusters:
        sigla = [anchor.split("-")[0] for anchor in cluster]
        assert len(sigla) == len(set(sigla))


def test_no_chaining_through_a_bridge():
    """A sentence that joins two facts must not glue the two facts' claims together."""
    story = story_of("The council approved the budget on Monday.",
                     "The council approved the budget on Monday, and the mayor resigned on Friday.",
                     "The mayor resigned on Friday.")
    assert not together(story, "A-1-1", "C-1-1")


def test_fixture_story_known_answers():
    story = aligned(FIXTURE_CONTENT)
    assert together(story, "A-1-1", "B-1-1", "C-1-1", "D-1-1")  # approved on Monday, four wordings
    assert together(story, "A-2-1", "B-4-1", "D-2-1")  # 12 new schools
    assert together(story, "A-3-1", "D-3-1") and not together(story, "A-3-1", "B-2-1")  # 7-2 vs 6-3
    assert together(story, "A-4-1", "D-4-1") and not together(story, "A-4-1", "C-2-1")  # Smith vs Park
    assert not together(story, "A-5-1", "B-3-1")  # evidence vs no evidence
    assert {"B-5-1"} in clusters_of(story) and {"C-3-1"} in clusters_of(story)  # only one outlet each
    kinds = {(c.first, c.second): c.kinds for c in story.alignment.conflicts}
    assert kinds[("A-3-1", "B-2-1")] == ("number",)
    assert kinds[("A-4-1", "C-2-1")] == ("name",)
    assert kinds[("A-5-1", "B-3-1")] == ("negation",)


def test_example_story_cable_instruction_is_one_claim_of_five():
    story = aligned(EXAMPLE_CONTENT)
    instruction = next(c for c in story.alignment.clusters if "E-2-1" in c)
    assert sorted(a.split("-")[0] for a in instruction) == ["A", "B", "C", "D", "E"]
    assert story.alignment.conflicts == ()


def test_deterministic():
    assert aligned(EXAMPLE_CONTENT) == aligned(EXAMPLE_CONTENT)


@pytest.mark.skipif(not SHARED_CORPUS.is_dir(), reason="the shared corpus is not beside this clone")
@pytest.mark.parametrize("folder, pairs", [
    ("2018-putin-summit-indictments", [("A-7-1", "C-7-3")]),  # Warner's "no one-on-one meeting", two wordings
    ("2017-congressional-baseball-shooting", []),
])
def test_real_corpus_pairs(folder, pairs, tmp_path):
    from site_src.load import load_articles
    path = SHARED_CORPUS / folder
    raw = RawStory(slug=folder, path="", title="", date="2000-01-01", introduction="",
                   articles=load_articles(path, path.parent, []))
    story = align_story(segment_story(clean_story(raw)))
    for pair in pairs:
        assert together(story, *pair)
    assert story.alignment.conflicts == ()


def test_no_pair_within_one_article_is_ever_scored(monkeypatch):
    """A long article beside a short one costs its length, not its square: only pairs of
    sentences from different articles reach the similarity product."""
    import site_src.align as align
    scored = []
    real_round = align.np.round
    monkeypatch.setattr(align.np, "round", lambda values, digits: scored.append(len(values)) or
                        real_round(values, digits))
    long_article = " ".join(f"The council met on day {i} to vote on the budget." for i in range(300))
    story_of(long_article, "The council met to vote on the budget.")
    assert max(scored) <= 300  # never the 300 * 299 / 2 pairs within the long article


# One speaker's quotation, framed by each outlet in other words.
QUOTED = ("Mayor Ann Lane spoke at the city hall on Monday. She told the council that the housing plan passed "
          "last spring \"puts every family at risk\" and urged members to repeal the measure before the budget vote.",
          "Protesters gathered outside on Monday. \"It puts every family at risk,\" {} said of the proposal in an "
          "interview, adding that developers stand to gain most.")


def test_sentences_quoting_the_same_words_of_one_speaker_merge():
    story = story_of(QUOTED[0], QUOTED[1].format("Lane"), quotes=True)
    assert together(story, "A-1-2", "B-1-2")


def test_the_same_words_under_another_speaker_link_nothing():
    story = story_of(QUOTED[0], QUOTED[1].format("Tom Reed, a developer,"), quotes=True)
    assert not together(story, "A-1-2", "B-1-2")


def test_two_outlets_quoting_different_words_of_one_speaker_report_two_things_said():
    """Both quote Christie on compromise as a dirty word, but in two different sentences of his
    speech: what each says he said is not one fact, however many words the two share."""
    first = ("“Both parties have failed our country, and led us to believe that compromise is somehow a dirty "
             "word,” Christie said.")
    second = ("“If Washington and Jefferson believed that compromise was a dirty word, our country would still "
              "be under the crown of England,” Christie said.")
    assert not together(story_of(first, second, quotes=True), "A-1-1", "B-1-1")
    assert together(story_of(first, second), "A-1-1", "B-1-1")  # on their words alone, they merge


def test_one_quotation_reworded_by_another_outlet_still_merges():
    """The quotes stage may miss a rewording ("takes power" / "grabs power"): a pair this close is
    one quotation, not two things said."""
    story = story_of("The For The People Act “takes power from the elites, special interests and the 1 percent "
                     "and gives it to the American people,” Rep. Zoe Lofgren said.",
                     "To Rep. Zoe Lofgren, the bill \"grabs power away from the elites and the power brokers and "
                     "gives it to the people.\"", quotes=True)
    assert len(story.quotes) == 2 and together(story, "A-1-1", "B-1-1")


# One outlet joins two facts in a sentence; each other outlet gives one of them.
COMPOUND = ("City officials said the county council approved the new public school budget for the coming year "
            "on Monday evening, and the veteran police chief of the eastern district announced her early "
            "retirement after twenty long years of public service.",
            "The county council approved the new public school budget for the coming year on Monday evening "
            "after a long debate.",
            "The veteran police chief of the eastern district announced her early retirement after twenty long "
            "years of public service to the city.")


def test_each_clause_of_a_compound_sentence_joins_the_claim_of_its_fact():
    story = story_of(*COMPOUND)
    assert together(story, "A-1-1", "B-1-1") and together(story, "A-1-1", "C-1-1")
    assert not together(story, "B-1-1", "C-1-1")


def test_a_sentence_is_cut_between_clauses_never_inside_a_quotation_or_into_a_fragment():
    from site_src.align import _parts
    text = ('"We approved the new school budget on Monday evening, and the police chief will retire next '
            'spring," the mayor said, and thanked them.')
    assert [p.text for p in _parts(Sentence("A", 1, 1, text, 10, 10 + len(text)))] == [text]
    first, second = _parts(Sentence("A", 1, 1, COMPOUND[0], 10, 10 + len(COMPOUND[0])))
    assert COMPOUND[0][first.start - 10:first.end - 10] == first.text and first.text.endswith("evening")
    assert second.text.startswith("the veteran police chief") and second.end - 10 == len(COMPOUND[0])


def test_a_sentence_of_thousands_of_short_clauses_counts_each_once(monkeypatch):
    """Short clauses gather into one; its words were counted again at each one it took in (80 KB of
    "; the plan" took a minute), and are now the sum of its pieces'."""
    from site_src.align import _parts
    counted = []
    original = align._content
    monkeypatch.setattr(align, "_content", lambda text: counted.append(len(text)) or original(text))
    last = "the county council approved the new public school budget for the coming year on Monday evening " \
        "after a long and bitter debate"
    text = "The plan" + "; the plan" * 8_000 + "; " + last
    parts = _parts(Sentence("A", 1, 1, text, 0, len(text)))
    assert [p.text for p in parts][1:] == [last]
    assert sum(counted) <= len(text)  # every character counted once


def _parts_counting_each_clause_anew(text: str) -> list[str]:
    """_parts as it read before: each gathered clause's words counted from its text."""
    from site_src.align import _JOINS, MIN_PART_WORDS, _content
    spans, begin = [], 0
    pieces = [(m.start(), m.end()) for m in _JOINS.finditer(text)] + [(len(text), len(text))]
    for cut, after in pieces:
        if spans and (_content(text[spans[-1][0]:spans[-1][1]]) < MIN_PART_WORDS
                      or _content(text[begin:cut]) < MIN_PART_WORDS):
            spans[-1] = (spans[-1][0], cut)
        else:
            spans.append((begin, cut))
        begin = after
    return [text[start:end] for start, end in spans]


@settings(max_examples=examples(200), deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["; ", ", and ", ", while ", " but "]),
                          st.lists(st.sampled_from(["the", "plan", "council", "U.S.", "voted", "a", "don't", "12"]),
                                   min_size=1, max_size=16).map(" ".join)), min_size=1, max_size=8))
def test_a_clause_counts_the_words_its_pieces_count(pieces):
    from site_src.align import _parts
    text = "Then" + "".join(join + words for join, words in pieces)
    assert [p.text for p in _parts(Sentence("A", 1, 1, text, 0, len(text)))] == _parts_counting_each_clause_anew(text)


def _closest_by_brute_force(vectors, article_end, least):
    """Every row against every row of a later article: each row's TOP_K closest reaching `least`."""
    from site_src.align import TOP_K
    total = len(vectors)
    keys, cosines = [], []
    for row in range(total):
        found = sorted((-float(vectors[row] @ vectors[col]), col) for col in range(int(article_end[row]), total))
        for value, col in [f for f in found if -f[0] >= least][:TOP_K]:
            keys.append(row * total + col)
            cosines.append(-value)
    return keys, cosines


@pytest.mark.parametrize("lengths, repeats", [((3, 600), 1), ((1, 1, 300), 1), ((300, 2), 1), ((5,), 1),
                                              ((3, 600), 40), ((30, 30, 30, 2), 3), ((1, 1, 300), 7)])
@pytest.mark.parametrize("block_cells", [align.BLOCK_CELLS, 500])
def test_closest_pairs_are_those_of_every_row_against_every_later_article(lengths, repeats, block_cells, monkeypatch):
    """The block products, which skip the last article's rows, take each repeated text once and
    shrink to fit BLOCK_CELLS, find what all rows by brute force find: ties between the sentences
    of one text go by position."""
    import numpy as np

    from site_src.align import COSINE_FLOOR, LEXICAL_SHARE, POSSIBLY, _dense, _Texts
    monkeypatch.setattr(align, "BLOCK_CELLS", block_cells)
    rng = np.random.default_rng(7)
    total = sum(lengths)
    ids = rng.integers(0, max(total // repeats, 1), size=total) if repeats > 1 else np.arange(total)
    text_vectors = rng.normal(size=(int(ids.max()) + 1, 8))
    text_vectors /= np.linalg.norm(text_vectors, axis=1, keepdims=True)
    units = [align._Unit(Sentence("A", 1, i + 1, f"text {ids[i]}", 0, 1), 0, (), frozenset(), frozenset())
             for i in range(total)]
    texts = _Texts.of(units)
    vectors = np.zeros((len(texts.firsts), 8))
    vectors[texts.ids] = text_vectors[ids]
    article_end = np.repeat(np.cumsum(lengths), lengths)
    _, keys, cosines = _dense(vectors, texts, article_end, np.zeros(0, dtype=np.int64))
    least = COSINE_FLOOR + POSSIBLY * (1 - COSINE_FLOOR) / (1 - LEXICAL_SHARE)
    expected_keys, expected_cosines = _closest_by_brute_force(text_vectors[ids], article_end, least)
    assert keys.tolist() == expected_keys
    assert np.allclose(cosines, expected_cosines)
    if repeats > 1:
        assert len(texts.firsts) < total and len(keys)


def test_a_text_read_and_guarded_once_however_often_the_story_repeats_it(monkeypatch):
    """Readings and guard checks are functions of the texts alone: a text repeated in every
    article is read once, and each pair of texts guarded once; the claims are the same."""
    import site_src.align as align
    read, guarded = [], []
    real_read, real_conflicts = align._read, align._conflicts
    monkeypatch.setattr(align, "_read", lambda text, names, *words: read.append(text) or real_read(text, names, *words))
    monkeypatch.setattr(align, "_conflicts", lambda a, b: guarded.append((a, b)) or real_conflicts(a, b))
    said = "The council approved the budget of 12 million dollars on Monday."
    other = "The council approved the budget of 14 million dollars on Monday."
    story = story_of(f"{said} {said} {said}", f"{other} {other}", said)
    assert sorted(read) == sorted({said, other})
    assert 0 < len(guarded) == len({(id(a), id(b)) for a, b in guarded}) <= 3
    assert clusters_of(story) == [{"A-1-1", "C-1-1"}, {"A-1-2"}, {"A-1-3"}, {"B-1-1"}, {"B-1-2"}]


def test_a_sentence_in_no_candidate_pair_is_never_read_by_the_guard(monkeypatch):
    """The guard's reading of a sentence is the costly one: a long article's sentences that match
    nothing in another article are not read, so its cost follows the pairs, not the sentences."""
    read = []
    real = align.prepare
    monkeypatch.setattr(align, "prepare", lambda text, names: read.append(text) or real(text, names))
    long_article = " ".join(f"Line {i} tells of item number {i} in the long list." for i in range(200))
    story = story_of("The council approved the budget for new schools on Monday.",
                     "On Monday the council approved the budget for new schools. " + long_article)
    assert together(story, "A-1-1", "B-1-1")
    assert 0 < len(read) <= 4


def test_a_repeated_text_is_one_row_of_the_tf_idf_product_and_its_pairs_are_every_carriers(monkeypatch):
    """Many outlets' sentences in the same words cost one row of the sparse product each text, not
    each sentence; every pair of sentences from different articles that carry two close texts is
    still found, with the cosine of those texts, as when each sentence had its own row."""
    import numpy as np

    def unit(article, index, text):
        sentence = Sentence(chr(65 + article), 1, index, text, 0, len(text))
        return align._Unit(sentence, article, *align._read(text, frozenset()))

    said, other = "The council approved the budget on Monday.", "The council approved the new budget plan."
    units = [unit(0, 1, said), unit(0, 2, other), unit(0, 3, said),
             unit(1, 1, said), unit(1, 2, said), unit(2, 1, other), unit(2, 2, said)]
    shapes = []
    real = align.sparse.csr_matrix
    monkeypatch.setattr(align.sparse, "csr_matrix", lambda *a, **k: shapes.append(k["shape"]) or real(*a, **k))
    texts = align._Texts.of(units)
    keys, scores = align._lexical(align._term_matrix(units, texts), align._article_spans(units), texts)
    assert shapes == [(2, len({t for u in units for t in u.terms}))]
    total, same = len(units), {(a, b) for a in range(7) for b in range(7)
                               if units[a].article < units[b].article and units[a].terms == units[b].terms}
    found = dict(zip(((k // total, k % total) for k in keys.tolist()), scores.tolist()))
    assert same <= set(found) and {found[pair] for pair in same} == {1.0}
    assert all(units[a].article < units[b].article for a, b in found) and list(found) == sorted(found)


def test_openblas_runs_one_thread_unless_told_otherwise():
    """align's small products gain nothing from OpenBLAS's threads, whose waiting costs CPU; one
    who sets the thread count keeps it."""
    import os
    import subprocess
    import sys
    read = "import site_src, os; print(os.environ['OPENBLAS_NUM_THREADS'])"
    root = str(Path(__file__).resolve().parent.parent)
    plain = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    for env, expected in ((plain, "1"), ({**plain, "OPENBLAS_NUM_THREADS": "3"}, "3")):
        ran = subprocess.run([sys.executable, "-c", read], cwd=root, env=env, capture_output=True, text=True)
        assert ran.stdout.strip() == expected, ran.stderr


def test_a_text_is_split_into_words_once_for_the_names_and_the_reading(monkeypatch):
    """The story's names and each sentence's reading come from one split of its words."""
    split = []
    real = align.written_and_comparable
    monkeypatch.setattr(align, "written_and_comparable", lambda text: split.append(text) or real(text))
    said = "The council approved the budget of 12 million dollars on Monday, Mayor Jane Smith said."
    story = story_of(f"{said} {said}", "The plan includes money for 12 new schools.")
    assert sorted(split) == sorted({said, "The plan includes money for 12 new schools."})
    assert story.alignment.clusters


def test_a_fact_told_by_more_outlets_than_a_sentence_keeps_pairs_is_still_one_claim():
    """Each sentence keeps its LEXICAL_TOP_K closest word-sharing pairs, so a story of many outlets
    holds pairs in proportion to its sentences, not their square; a merge that needs a pair left
    out scores it again, so one fact told by every outlet is still one claim."""
    outlets = 2 * align.LEXICAL_TOP_K + 10
    said = "The council approved the budget of 12 million dollars for new schools on Monday."
    story = align_story(segmented_story_of(*[said] * outlets, sigla=[f"S{i}" for i in range(outlets)]))
    assert clusters_of(story) == [{f"S{i}-1-1" for i in range(outlets)}]
    held = len(story.alignment.similarity)
    assert held <= outlets * align.LEXICAL_TOP_K < outlets * (outlets - 1) // 2


def test_a_pair_left_out_is_scored_again_as_it_was_scored_when_held():
    """The score a merge computes for a pair LEXICAL_TOP_K left out is the very float the story's
    pairs give it when held: the same terms summed in the same order, the same blend."""
    import numpy as np

    from site_src.paraphrase import load_embedding
    texts = ["The council approved the budget of 12 million dollars for new schools on Monday.",
             "On Monday the city council approved a 12 million dollar budget for schools.",
             "Mayor Dana Lee said the schools budget would be spent by the end of next year.",
             "The budget for new schools, 12 million dollars, was approved by the council.",
             "Lee said the money would be spent on three new schools by next year."]
    story = segmented_story_of(*(" ".join(texts[i:] + texts[:i]) for i in range(len(texts))))
    names = align._names_of(align.written_and_comparable(s.text) for a in story.articles for s in a.sentences)
    units = [align._Unit(s, i, *align._read(s.text, names, align.written_and_comparable(s.text)[1]))
             for i, article in enumerate(story.articles) for s in article.sentences]
    pairs = align._similarities(units, load_embedding())
    worded = np.flatnonzero(pairs.worded)
    assert len(worded) > 20
    first, second = pairs.first()[worded], pairs.second()[worded]
    again = pairs.vectors.scores(pairs.vectors.text[first], pairs.vectors.text[second])
    assert again.tolist() == pairs.score[worded].tolist()


def test_one_pairs_score_is_the_score_the_pairs_arrays_give_it(monkeypatch):
    """The guard asks one pair's score at a time; it must be the score the clustering reads."""
    seen = []
    real_cluster = align._cluster
    monkeypatch.setattr(align, "_cluster", lambda units, pairs, guard: seen.append(pairs) or
                        real_cluster(units, pairs, guard))
    story_of("The council approved the budget on Monday. \"It is fair,\" Mayor Ann Lane said.",
             "On Monday the council passed the city budget. Lane called it \"fair\".",
             "The budget passed. Critics said the vote came too fast.", quotes=True)
    pairs = seen[0]
    keys = [a * pairs.total + b for a in range(pairs.total) for b in range(a + 1, pairs.total)]
    assert set(pairs.key.tolist()) < set(keys)
    apart = replace(pairs, vectors=replace(pairs.vectors, scored={}))  # each scores the missing pairs afresh
    assert [pairs.score_of(key) for key in keys] == apart.scores_of(np.array(keys)).tolist()
