"""paraphrase: the shipped table gives one unit vector per sentence, the same on every run,
and puts a fact reworded closer than another fact of the same kind."""

from __future__ import annotations

import numpy as np
from hypothesis import example, given
from hypothesis import strategies as st

from site_src import paraphrase
from site_src.paraphrase import load_embedding

REWORDED = ("Police arrested the suspect near the train station late on Sunday.",
            "Officers detained the suspect close to the railway station on Sunday night.")
UNRELATED = ("Police arrested the suspect near the train station late on Sunday.",
             "The orchestra will tour four countries in the spring.")


def test_shape_and_unit_length():
    vectors = load_embedding().encode(list(REWORDED) + ["budget " * 5000, "Été à Zürich — 12%."])
    assert vectors.shape == (4, 128) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-5)


def test_nothing_to_encode():
    embedding = load_embedding()
    assert embedding.encode([]).shape == (0, 128)
    assert not embedding.encode(["", "   "]).any()  # no word piece: a zero vector, never NaN


def test_deterministic_and_independent_of_the_batch():
    embedding = load_embedding()
    together = embedding.encode(list(REWORDED) + list(UNRELATED))
    alone = np.vstack([embedding.encode([text]) for text in list(REWORDED) + list(UNRELATED)])
    assert np.array_equal(together, alone)
    assert np.array_equal(together, embedding.encode(list(REWORDED) + list(UNRELATED)))


def test_loaded_once():
    assert load_embedding() is load_embedding()


def test_a_rewording_is_closer_than_an_unrelated_sentence():
    embedding = load_embedding()
    first, second = embedding.encode(list(REWORDED))
    third, fourth = embedding.encode(list(UNRELATED))
    assert float(first @ second) > 0.8 > 0.4 > float(third @ fourth)


def test_a_repeated_text_gets_the_vector_it_gets_alone():
    """Repeated texts are encoded once: each row is still its own text's vector, in order."""
    texts = ["The council met.", "", "Smith spoke.", "The council met.", "", "Smith spoke.", "New words."]
    embedding = load_embedding()
    vectors = embedding.encode(texts)
    assert vectors.dtype == np.float32 and vectors.shape[0] == len(texts)
    for row, text in zip(vectors, texts):
        assert np.array_equal(row, embedding.encode([text])[0])


# Long texts whose first word pieces a prefix must give exactly: words, brackets and apostrophes
# that split into several pieces, runs the tokenizer drops (zero-width, control, combining marks),
# and a long word the tokenizer gives up on.
LONG_TEXTS = ("a[ " * 4000, "cats' " * 3000, "word " * 3000 + "tail", "\u200b " * 3000 + "real words here",
              "\x07 \u0301 " * 2000 + "late words", "x" * 5000 + " next " * 1500, "Zürich—12%. " * 1500)


@given(st.lists(st.sampled_from(["budget", "a[", "[", "'", "\u0301", "\u200b", "\x07", "x" * 120, "Été", "—",
                                 "12%", " ", "\n"]), max_size=3000), st.sampled_from(["", " "]))
@example(["\u200b", " "] * 1500 + ["budget"], "")
@example(["a[", "\u0301"] * 1500, "")
def test_a_long_text_is_read_as_far_as_its_first_pieces(words, glue):
    """A prefix is read instead of the whole text only when it yields the same first pieces."""
    embedding = load_embedding()
    texts = list(LONG_TEXTS) + [glue.join(words), "\"" + "a[" * 3000 + "\" he said."]
    whole = [e.ids for e in embedding.tokenizer.encode_batch(texts, add_special_tokens=False)]
    assert embedding._pieces(texts) == whole


def test_a_long_text_is_not_read_to_its_end():
    """The tokenizer is asked for a prefix: a megabyte of one sentence costs what its start does."""
    text = "budget " * 150_000
    assert len(paraphrase._prefix(text)) < 10_000 and paraphrase._prefix("two words") == "two words"


@given(st.lists(st.lists(st.integers(0, 99), min_size=1, max_size=12), min_size=1, max_size=30))
@example([[1], [2, 3, 4, 5], [6, 7]])
def test_each_texts_rows_are_summed_alone_whatever_the_lengths_beside_it(pieces):
    vectors = np.random.default_rng(0).random((100, 4), dtype=np.float32)
    flat = np.array([piece for text in pieces for piece in text])
    sums = paraphrase._sums(vectors, flat, np.array([len(text) for text in pieces]))
    for row, text in zip(sums, pieces):
        assert np.allclose(row, vectors[text].astype(np.float64).sum(axis=0), rtol=1e-12)


def test_a_long_storys_pieces_are_summed_without_gathering_every_pieces_row():
    """Gathering each piece's row before summing held a long story's hundreds of megabytes; the
    sums hold one row per text (and one per text being added)."""
    import tracemalloc
    texts = [" ".join(f"council{i} plan{j}" for j in range(200)) for i in range(200)]
    embedding = load_embedding()
    pieces = embedding._pieces(texts)
    tracemalloc.start()
    try:
        embedding.encode(texts)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    gathered = sum(map(len, pieces)) * embedding.vectors.shape[1] * 4
    assert peak < gathered / 4
