"""Sentence vectors for the align stage's paraphrase tier: a static embedding table.

Word overlap misses a fact reworded ("siphon off American AI know-how" /
"appropriate intellectual property from U.S. AI research"). A vector per word
piece, distilled from all-MiniLM-L6-v2 (data/paraphrase/README.md says how and
under which licence), averaged over a sentence's pieces, puts such pairs close
at a tiny fraction of the model's cost: no network, no torch, the same numbers
on every run. It is model2vec's encoder, written out so that only `tokenizers`
and numpy are needed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from pathlib import Path

import numpy as np
from tokenizers import Tokenizer

TABLE = Path(__file__).resolve().parent / "data" / "paraphrase"
MAX_PIECES = 512  # a sentence's first word pieces that count, as in model2vec: bounds a hostile one's cost
# Runs read before the tokenizer is asked for a long text's first pieces: a run is usually one
# piece or a few, so this many nearly always hold MAX_PIECES of them.
PREFIX_RUNS = 2 * MAX_PIECES
# A run: one ASCII punctuation mark, or the characters between marks and spaces. The tokenizer
# splits a text at every space and every such mark, so the end of a run is where a prefix may end.
_RUN = re.compile(r"[!-/:-@\[-`{-~]|[^\s!-/:-@\[-`{-~]+")


@dataclass(frozen=True, eq=False)
class Embedding:
    """A tokenizer and one unit-scale row per word piece it can produce."""

    tokenizer: Tokenizer
    vectors: np.ndarray  # float32, (word pieces, dimensions)
    unknown: int | None  # the [UNK] piece, left out of the average as model2vec does

    def encode(self, texts: list[str]) -> np.ndarray:
        """One unit vector per text (zeros for a text with no known piece), float32."""
        unique = list(dict.fromkeys(texts))
        if len(unique) < len(texts):  # a text repeated is encoded once
            row = {text: i for i, text in enumerate(unique)}
            return self.encode(unique)[[row[text] for text in texts]]
        out = np.zeros((len(texts), self.vectors.shape[1]), dtype=np.float32)
        if not texts:
            return out
        pieces = self._pieces(texts)
        flat = np.fromiter(chain.from_iterable(pieces), dtype=np.int64, count=sum(map(len, pieces)))
        row_of = np.repeat(np.arange(len(texts)), [len(ids) for ids in pieces])
        if self.unknown is not None:
            known = flat != self.unknown
            flat, row_of = flat[known], row_of[known]
        lengths = np.bincount(row_of, minlength=len(texts))
        filled = np.flatnonzero(lengths)
        if filled.size == 0:
            return out
        sums = _sums(self.vectors, flat, lengths[filled])
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        out[filled] = sums / np.where(norms == 0, 1, norms)
        return out

    def _pieces(self, texts: list[str]) -> list[list[int]]:
        """Each text's first MAX_PIECES word pieces, read from a prefix where one holds them.

        The tokenizer reads a whole text before it truncates, so a one-sentence megabyte costs
        seconds. A prefix cut where a run ends is split as the text is up to the cut; when the prefix
        alone yields MAX_PIECES pieces, they are the text's first ones. Otherwise (a short text,
        or one whose runs the tokenizer drops) the whole text is read.
        """
        prefixes = [_prefix(text) for text in texts]
        pieces = [e.ids for e in self.tokenizer.encode_batch(prefixes, add_special_tokens=False)]
        short = [i for i, (text, prefix) in enumerate(zip(texts, prefixes))
                 if prefix != text and len(pieces[i]) < MAX_PIECES]
        if short:
            again = self.tokenizer.encode_batch([texts[i] for i in short], add_special_tokens=False)
            for i, encoding in zip(short, again):
                pieces[i] = encoding.ids
        return pieces


def _sums(vectors: np.ndarray, flat: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Each text's piece rows summed, in float64: the texts' k-th pieces added at once, for
    k from the first piece to the longest text's last.

    `np.add.reduceat` costs tens of microseconds per text whatever its length, and gathering every
    piece's row first takes a long story's hundreds of megabytes; this costs one vector addition per
    piece and holds one row per text. Longest texts first, so those still adding are a prefix.
    """
    order = np.argsort(-lengths, kind="stable")
    starts = (np.cumsum(lengths) - lengths)[order]
    negative_lengths = -lengths[order]  # ascending
    sums = vectors[flat[starts]].astype(np.float64)
    for k in range(1, -int(negative_lengths[0])):
        adding = int(np.searchsorted(negative_lengths, -k))  # the texts of more than k pieces
        sums[:adding] += vectors[flat[starts[:adding] + k]]
    unsorted = np.empty_like(sums)
    unsorted[order] = sums
    return unsorted


def _prefix(text: str) -> str:
    """The text up to the end of its PREFIX_RUNS-th run."""
    if len(text) < PREFIX_RUNS:  # fewer characters than runs wanted: the whole text, unread
        return text
    for count, run in enumerate(_RUN.finditer(text), start=1):
        if count == PREFIX_RUNS:
            return text[:run.end()]
    return text


@lru_cache(maxsize=2)
def load_embedding(folder: Path = TABLE) -> Embedding:
    """Read the table once per process: int8 rows times their float32 scales."""
    rows = np.load(folder / "rows.npy", allow_pickle=False)
    scales = np.load(folder / "scales.npy", allow_pickle=False)
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(MAX_PIECES)
    vectors = rows.astype(np.float32) * scales[:, None]
    vectors.setflags(write=False)
    return Embedding(tokenizer, vectors, tokenizer.token_to_id("[UNK]"))
