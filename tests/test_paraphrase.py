"""paraphrase: the shipped table gives one unit vector per sentence, the same on every run,
and puts a fact reworded closer than another fact of the same kind."""

from __future__ import annotations

import numpy as np

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
