"""Stage, align: group sentences from different outlets that state the same fact into claims.

Outlets reword one another ("U.S." / "US", "dated Friday" / "dated April 24",
reordered clauses, an added aside), so sentences are compared as weighted
content terms, not strings: TF-IDF over the story, names and numbers weighted
up, abbreviations and country aliases folded. No similarity score alone tells
"the same fact reworded" from "the same topic, a different fact" (12 Chinese
firms vs 12 Russian firms), so every merge is guarded by a reading of what
each sentence asserts (guard.py); a guarded pair that is otherwise close
becomes a disagreement, never a merge and never a silent split.

Word overlap misses a fact reworded with other words ("siphon off American AI
know-how" / "appropriate intellectual property from U.S. AI research"), so a
second tier compares sentence vectors from a static embedding table
(paraphrase.py); a pair's score is the higher of its TF-IDF cosine and a blend
of the two, and candidates are each sentence's closest TF-IDF pairs plus its
closest vectors: a bounded number per sentence, never every pair of a large
story. A merge that needs a pair left out scores it again from the vectors.
The vectors tip pairs that share words into a merge; on their own they only
make a "possibly also reported by".

Clusters are grown by average link, which cannot chain two different facts
through one bridging sentence, and hold at most one sentence per article.
An outlet may join two facts in one sentence ("..., and ...") where another
gives each its own, so clauses are what is compared and clustered, and a
sentence whose clauses join two claims is in both. Sentences that carry one
speaker's same quoted words are a candidate pair whatever their other words.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field, replace

import numpy as np
from scipy import sparse

from .guard import SHOWN, Statement, names_among, prepare
from .guard import conflicts as _conflicts
from .model import Alignment, Conflict, Sentence, Story
from .paraphrase import Embedding, load_embedding
from .lexicon import WEEKDAYS_AND_MONTHS
from .words import SCALES, STOP_WORDS, comparable_words, written_and_comparable
from .words import stem as _stem

# Thresholds on cosine similarity, rounded to 1e-4 so that float noise never flips a decision.
STEPS = 10_000  # steps of 1e-4 in a score of 1
MERGE = 0.30  # average similarity a sentence needs to join a claim
POSSIBLY = 0.15  # best match below MERGE but above this: "possibly also reported by"
CONFLICT = 0.6  # a guarded pair whose other words overlap this much (Jaccard) is a disagreement
MIN_SHARED_CONTEXT = 3  # ... and at least this many of them: short sentences are too thin to judge
NAME_BOOST = 1.6
NUMBER_BOOST = 2.0
# The paraphrase tier. Same-topic sentences of one story sit near 0.7 in the table's cosine and
# restatements spread from 0.4 to 1, so the cosine alone never merges: it is blended with TF-IDF.
COSINE_FLOOR = 0.6  # a cosine at or below this adds nothing: most same-topic pairs of a story score here
LEXICAL_SHARE = 0.7  # TF-IDF's weight in the blend: the cosine only tips a pair that already shares words
TOP_K = 10  # closest vectors in later articles kept per sentence: bounds the pairs at n * TOP_K
# Word-sharing pairs kept per sentence, the closest first: bounds the pairs a story of many outlets
# holds at n * LEXICAL_TOP_K. Real three-to-five-outlet stories give a sentence at most 22 such
# pairs, so this keeps all of theirs; a pair left out is scored again when a merge needs it.
LEXICAL_TOP_K = 64
BLOCK_ROWS = 256  # sentences per dense product: one product per short article costs more in overhead
# ... and at most this many cosines in one (16 MB, and as much again for each of the few arrays read
# from it): a story of thousands of outlets compares a sentence with tens of thousands of texts.
BLOCK_CELLS = 1 << 21
PAIRS_AT_ONCE = 1 << 16  # pairs whose shared context words are counted in one sparse product: bounds its memory
# Quotation links. Two outlets' sentences that quote one speaker's same words state one fact about
# them, however differently each frames the quotation; a shared run this long is a phrase, not a
# quoted term ("coward", "spill the beans").
QUOTED_RUN = 4
QUOTED = MERGE  # a linked pair's least score: enough to merge, and still guarded
# A sentence this much of whose characters are one speaker's quoted words reports what was said:
# another such sentence that quotes other words says another thing, whatever words they share.
QUOTED_SHARE = 0.5
_OTHER_WORDS = frozenset({"other words"})  # the guard's kind for two such sentences
# ... unless they are this close: then they are one quotation reworded, which the quotes stage
# missed ("takes power from the elites" / "grabs power away from the elites").
REWORDED = 0.5
# Compound sentences. One outlet joins two facts in a sentence where another gives each its own,
# and a claim holds one sentence per article; so each clause is compared on its own, and a
# sentence whose clauses join two claims belongs to both.
_JOINS = re.compile(r"; |, and |, while | but ")
# Content words a clause needs to stand as a fact of its own. Shorter clauses lean on the rest of
# their sentence ("and he denied it"); at 5 the cut merged more on the stories it was tuned on but
# brought false footnotes and repeated facts to the others, so only long clauses are cut apart.
MIN_PART_WORDS = 12

# A figure written in digits, with its scale word ("4.5 billion").
_FIGURE = re.compile(r"(?<![\w.])(\d[\d,]*(?:\.\d+)?)(?:\s*(thousand|million|billion|trillion)\b)?", re.IGNORECASE)


@dataclass(frozen=True)
class _Unit:
    """A sentence prepared for comparison."""

    sentence: Sentence
    article: int  # index of its article in the story
    terms: tuple[str, ...]
    names: frozenset[str]  # the story's names it holds (its guard signature's, read only for pairs)
    context: frozenset[str]  # terms other than names and numbers: a sentence's setting


def align_story(story: Story, embedding: Embedding | None = None) -> Story:
    """`embedding` defaults to the table shipped in site_src/data/paraphrase/, read once."""
    parts = [(index, part) for index, article in enumerate(story.articles)
             for sentence in article.sentences for part in _parts(sentence)]
    sentences = dict.fromkeys(s.text for article in story.articles for s in article.sentences)
    clauses = dict.fromkeys(part.text for _, part in parts)
    # A text's words are split once, for the story's names and for its reading; a reading depends
    # on the text alone, so a text the story repeats is read once.
    words = {text: written_and_comparable(text) for text in {**sentences, **clauses}}
    names = _names_of(words[text] for text in sentences)
    readings = {text: _read(text, names, words[text][1]) for text in clauses}
    units = [_Unit(part, index, *readings[part.text]) for index, part in parts]
    pairs = _similarities(units, embedding or load_embedding()).linked(_quotation_links(story, units))
    numbered: dict[Statement, int] = {}  # each signature once: many texts read alike
    statements: list[Statement] = []  # ... by number
    signatures: dict[str, int] = {}  # text -> the number of its signature
    of_unit: list[int | None] = [None] * len(units)  # each unit's, once read
    guards: dict[tuple[int, int], frozenset[str]] = {}

    def signature(unit: int) -> int:
        number = of_unit[unit]
        if number is None:
            text = units[unit].sentence.text
            if text not in signatures:
                statement = prepare(text, names)
                signatures[text] = numbered.setdefault(statement, len(numbered))
                if signatures[text] == len(statements):
                    statements.append(statement)
            number = of_unit[unit] = signatures[text]
        return number

    said = _quoted(story, units)

    def guard(a: int, b: int) -> frozenset[str]:
        """The guard is the costly check, so it runs only on pairs that could merge or be shown,
        and once per pair of signatures: it reads them alone, each read only when a pair needs it
        (most sentences of a long article are in none). A claim of hundreds of outlets asks it of
        each pair of its members as it grows, so a repeated question costs two lookups."""
        key = (signature(a), signature(b))
        kinds = guards.get(key)
        if kinds is None:
            kinds = guards[key] = _conflicts(statements[key[0]], statements[key[1]])
        if a in said and b in said and said[a].isdisjoint(said[b]) \
                and pairs.score_of(a * pairs.total + b) < REWORDED:
            return kinds | _OTHER_WORDS
        return kinds

    clusters = _by_sentence(units, _cluster(units, pairs, guard))
    apart = _apart(units, clusters, pairs)
    first, second = pairs.first(), pairs.second()
    within = {}
    for a, b, score in zip(first[~apart].tolist(), second[~apart].tolist(), pairs.score[~apart].tolist()):
        pair = (units[a].sentence.anchor, units[b].sentence.anchor)
        within[pair] = max(score, within.get(pair, 0.0))
    conflicts = {}
    shown = np.flatnonzero(apart & pairs.worded)
    shown = shown[_same_setting(units, first[shown], second[shown])]
    for a, b, score in zip(first[shown].tolist(), second[shown].tolist(), pairs.score[shown].tolist()):
        pair = (units[a].sentence.anchor, units[b].sentence.anchor)
        if pair not in conflicts:
            kinds = tuple(sorted(guard(a, b) & SHOWN))
            if kinds:
                conflicts[pair] = Conflict(*pair, kinds, score)
    alignment = Alignment(
        clusters=tuple(clusters),
        conflicts=tuple(sorted(conflicts.values(), key=lambda c: (-c.similarity, c.first, c.second))),
        near=_near_matches(units, pairs, apart, guard),
        similarity=tuple((a, b, score) for (a, b), score in within.items()),
    )
    return replace(story, alignment=alignment)


def _by_sentence(units: list[_Unit], clusters: list[tuple[int, ...]]) -> list[tuple[str, ...]]:
    """Claims of clauses as claims of sentences: a sentence whose clauses joined two claims is in
    both; one whose clauses joined none is a claim of its own, once."""
    placed = {units[i].sentence.anchor for members in clusters if len(members) > 1 for i in members}
    found = []
    for members in clusters:
        anchors = tuple(units[i].sentence.anchor for i in members)
        if len(anchors) > 1 or anchors[0] not in placed:
            found.append(anchors)
            placed.add(anchors[0])
    return found


# --- preparing sentences ------------------------------------------------------


def _story_names(sentences) -> frozenset[str]:
    """Words the story capitalises mid-sentence are names, also where they open a sentence."""
    return _names_of(written_and_comparable(text) for text in dict.fromkeys(sentence.text for sentence in sentences))


def _names_of(texts) -> frozenset[str]:
    """_story_names of the sentences whose words, as written_and_comparable gives them, are `texts`,
    each text once."""
    names = set()
    for written, tokens in texts:
        for position, (word, token) in enumerate(zip(written, tokens)):
            if position > 0 and word[:1].isupper() and token not in STOP_WORDS and len(token) > 1:
                names.add(token)
    return frozenset(names - WEEKDAYS_AND_MONTHS)


def _parts(sentence: Sentence) -> list[Sentence]:
    """The sentence's clauses, each under its anchor, with the offsets of its words.

    A cut inside a quotation would split the speaker's words; a clause too short to state
    a fact of its own stays joined to its neighbour.
    """
    text = sentence.text
    if not _JOINS.search(text):
        return [sentence]
    inside, depth = bytearray(len(text)), 0
    for k, mark in enumerate(text):
        depth = depth + 1 if mark == "“" else max(depth - 1, 0) if mark == "”" else depth ^ 1 if mark == '"' else depth
        inside[k] = depth > 0
    pieces, begin = [], 0
    for match in _JOINS.finditer(text):
        if not inside[match.start()]:
            pieces.append((begin, match.start(), match.end()))
            begin = match.end()
    pieces.append((begin, len(text), len(text)))
    spans = []  # (start, end, content words) of each clause in the sentence
    for start, end, _ in pieces:
        # A clause's content words are its pieces' (the joins between them are stop words), so
        # each piece is counted once, however many short ones a clause gathers.
        words = _content(text[start:end])
        if spans and (spans[-1][2] < MIN_PART_WORDS or words < MIN_PART_WORDS):
            spans[-1] = (spans[-1][0], end, spans[-1][2] + words)
        else:
            spans.append((start, end, words))
    if len(spans) == 1:
        return [sentence]
    return [replace(sentence, text=text[start:end], start=sentence.start + start, end=sentence.start + end)
            for start, end, _ in spans]


def _content(text: str) -> int:
    return sum(1 for t in comparable_words(text) if t not in STOP_WORDS)


def _read(text: str, story_names: frozenset[str],
          tokens: tuple[str, ...] | None = None) -> tuple[tuple[str, ...], frozenset[str], frozenset[str]]:
    """A sentence's terms, its names and its context, as _Unit holds them; `tokens` are its
    comparable_words, where they are already known."""
    tokens = comparable_words(text) if tokens is None else tokens
    names = names_among(tokens, story_names)
    terms = tuple(_stem(t) for t in tokens if t not in STOP_WORDS and not t[0].isdigit() and len(t) > 1)
    # Written figures are strong evidence of the same fact; "two" or "a dozen" are everyday words.
    terms += tuple(f"#{_format_number(n)}" for n in sorted(frozenset(_figures(text))))
    context = frozenset(t for t in terms if not t.startswith("#") and t not in names)
    return terms, names, context


def _figures(text: str) -> list[float]:
    found = []
    for match in _FIGURE.finditer(text):
        digits, scale = match.groups()
        try:
            value = float(digits.replace(",", ""))
        except ValueError:
            continue
        found.append(value * SCALES.get((scale or "").casefold(), 1))
    return found


def _format_number(value: float) -> str:
    return f"{value:.6g}"


# --- similarity --------------------------------------------------------------


@dataclass(frozen=True)
class _Pairs:
    """Scored pairs of units from different articles, in order of their keys (first * units + second).

    A story of many outlets telling one pool of facts pairs most sentences of a
    fact with one another, so the pairs are held as arrays, not one by one.
    """

    key: np.ndarray
    score: np.ndarray  # rounded to 1e-4
    worded: np.ndarray  # whether shared words alone reach POSSIBLY, or one quotation links the pair
    total: int  # units in the story
    vectors: _Vectors | None = None  # what scores a pair left out of them, when a merge asks for it

    def first(self) -> np.ndarray:
        return self.key // self.total

    def second(self) -> np.ndarray:
        return self.key % self.total

    def linked(self, links: frozenset[tuple[int, int]]) -> _Pairs:
        """With the pairs of quotation links, each worded and scoring at least QUOTED."""
        linked = np.array(sorted(a * self.total + b for a, b in links), dtype=np.int64)
        new = linked[~_among(linked, self.key)]
        key = np.concatenate([self.key, new])
        order = np.argsort(key, kind="stable")
        key = key[order]
        score = np.concatenate([self.score, np.zeros(len(new))])[order]
        worded = np.concatenate([self.worded, np.ones(len(new), dtype=bool)])[order]
        is_link = _among(key, linked)
        return _Pairs(key, np.where(is_link, np.maximum(score, QUOTED), score), worded | is_link, self.total,
                      self.vectors)

    def score_of(self, key: int) -> float:
        """`scores_of` one pair, without the cost of arrays of one."""
        if not len(self.key):
            return 0.0
        at = int(self.key.searchsorted(key))
        if at < len(self.key) and self.key[at] == key:
            return float(self.score[at])
        if self.vectors is None:
            return 0.0
        return self.vectors.score(int(self.vectors.text[key // self.total]), int(self.vectors.text[key % self.total]))

    def scores_of(self, keys: np.ndarray) -> np.ndarray:
        """The score of each pair; one not among them is scored from its vectors, 0 below POSSIBLY."""
        if not len(self.key):
            return np.zeros(len(keys))
        at = np.minimum(np.searchsorted(self.key, keys), len(self.key) - 1)
        held = self.key[at] == keys
        scores = np.where(held, self.score[at], 0.0)
        if self.vectors is not None and not held.all():
            missing = np.flatnonzero(~held)
            scores[missing] = self.vectors.scores(self.vectors.text[keys[missing] // self.total],
                                                  self.vectors.text[keys[missing] % self.total])
        return scores


@dataclass(frozen=True)
class _Vectors:
    """Each text's TF-IDF row and embedding vector: a pair that only LEXICAL_TOP_K left out is
    scored again as `_similarities` scored it, so a claim of hundreds of outlets can still grow
    while the story holds a bounded number of pairs per sentence."""

    terms: sparse.csr_matrix  # one unit-length row per text
    dense: np.ndarray  # one unit-length row per text, float64
    text: np.ndarray  # each unit's text
    scored: dict[int, float] = field(default_factory=dict)  # text * texts + text -> its score, once asked
    rows: dict[int, tuple[list, dict]] = field(default_factory=dict)  # text -> its weights, as _shared reads them

    def scores(self, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        """The scores of pairs of texts that are not closest vectors, 0 below POSSIBLY. The pairs of
        two claims repeat a few texts many times, and a claim is asked again as it grows, so each
        pair of texts is scored once: a sparse product per merge costs more in overhead."""
        count = self.terms.shape[0]
        codes = (left * count + right).tolist()
        new = [code for code in dict.fromkeys(codes) if code not in self.scored]
        if new:
            a, b = np.divmod(np.array(new, dtype=np.int64), count)
            words = np.round(np.array([self._shared(x, y) for x, y in zip(a.tolist(), b.tolist())]), 4)
            words = np.where(words >= POSSIBLY, words, 0.0)
            cosine = np.einsum("ij,ij->i", self.dense[a], self.dense[b])
            self.scored.update(zip(new, np.where(words > 0, np.round(np.maximum(words, _blend(words, cosine)), 4),
                                                 0.0).tolist()))
        return np.array([self.scored[code] for code in codes], dtype=np.float64)

    def score(self, left: int, right: int) -> float:
        """`scores` of one pair of texts."""
        code = left * self.terms.shape[0] + right
        if code not in self.scored:
            self.scores(np.array([left]), np.array([right]))
        return self.scored[code]

    def _shared(self, a: int, b: int) -> float:
        """The TF-IDF cosine of two texts, its terms summed in the order the sparse product of
        `_lexical` sums them, so that it is the same float."""
        words, other = 0.0, self._row(b)[1]
        for column, value in self._row(a)[0]:
            if column in other:
                words += value * other[column]
        return words

    def _row(self, text: int) -> tuple[list, dict]:
        """A text's weights in their stored order and by column, read out of the matrix once: a
        text of a claim of hundreds is in thousands of the pairs scored again."""
        if text not in self.rows:
            start, end = self.terms.indptr[text], self.terms.indptr[text + 1]
            weights = list(zip(self.terms.indices[start:end].tolist(), self.terms.data[start:end].tolist()))
            self.rows[text] = weights, dict(weights)
        return self.rows[text]


def _steps(scores: np.ndarray) -> np.ndarray:
    """Rounded scores as whole steps of 1e-4, which join other numbers in one sort key."""
    return np.rint(scores * STEPS).astype(np.int64)


def _among(keys: np.ndarray, ordered: np.ndarray) -> np.ndarray:
    """Whether each of `keys` is one of the sorted `ordered`: a binary search each, where numpy's
    isin would first sort or hash both."""
    if not len(ordered):
        return np.zeros(len(keys), dtype=bool)
    return ordered[np.minimum(np.searchsorted(ordered, keys), len(ordered) - 1)] == keys


def _similarities(units: list[_Unit], embedding: Embedding) -> _Pairs:
    """Every candidate pair from different articles whose score reaches POSSIBLY,
    and which of them reach POSSIBLY on their shared words alone.

    Only those worded pairs can start a merge or be shown as a disagreement: a
    vector that is close but shares few words makes a "possibly also reported"
    at most, since a false footnote is worse than a missing one, and a story of
    many near-identical articles then costs no guard check per closest pair.

    Pairs travel as one integer each (first * n + second), so that joining and
    sorting the two tiers' candidates is numpy's work, not Python's.
    """
    total = len(units)
    if total < 2:
        return _Pairs(np.zeros(0, dtype=np.int64), np.zeros(0), np.zeros(0, dtype=bool), total)
    spans = _article_spans(units)
    article_end = np.empty(total, dtype=np.int64)
    for start, end in spans:
        article_end[start:end] = end
    texts = _Texts.of(units)
    terms = _term_matrix(units, texts)
    lexical_keys, lexical_scores = _lexical(terms, spans, texts)
    # In float64 a product's rounding error (~1e-15) cannot move a score across a 1e-4 step,
    # whatever the machine's BLAS kernels or block shapes; the pairs a merge scores again share it.
    vectors = embedding.encode([units[i].sentence.text for i in texts.firsts]).astype(np.float64)
    lexical_cosines, closest_keys, closest_cosines = _dense(vectors, texts, article_end, lexical_keys)
    extra = ~_among(closest_keys, lexical_keys)
    keys = np.concatenate([lexical_keys, closest_keys[extra]])
    order = np.argsort(keys, kind="stable")
    keys = keys[order]
    words = np.concatenate([lexical_scores, np.zeros(int(extra.sum()))])[order]
    cosine = np.concatenate([lexical_cosines, closest_cosines[extra]])[order]
    scores = np.round(np.maximum(words, _blend(words, cosine)), 4)
    keep = scores >= POSSIBLY
    return _Pairs(keys[keep], scores[keep], words[keep] >= POSSIBLY, total, _Vectors(terms, vectors, texts.ids))


def _blend(words: np.ndarray, cosine: np.ndarray) -> np.ndarray:
    return LEXICAL_SHARE * words + (1 - LEXICAL_SHARE) * np.clip((cosine - COSINE_FLOOR) / (1 - COSINE_FLOOR), 0, 1)


def _term_matrix(units: list[_Unit], texts: _Texts) -> sparse.csr_matrix:
    """One unit-length TF-IDF row per text, names and numbers weighted up."""
    vocabulary = sorted({t for u in units for t in u.terms})
    column = {t: i for i, t in enumerate(vocabulary)}
    frequency = Counter(t for u in units for t in set(u.terms))
    total = len(units)
    rarity = {term: math.log((1 + total) / (1 + n)) + 1 for term, n in frequency.items()}  # once a term
    rows, cols, values = [], [], []
    for row, unit in enumerate(units[i] for i in texts.firsts):
        for term, count in sorted(Counter(unit.terms).items()):
            weight = (1 + math.log(count)) * rarity[term]
            if term.startswith("#"):
                weight *= NUMBER_BOOST
            elif term in unit.names:
                weight *= NAME_BOOST
            rows.append(row)
            cols.append(column[term])
            values.append(weight)
    matrix = sparse.csr_matrix((values, (rows, cols)), shape=(len(texts.firsts), len(vocabulary)), dtype=np.float64)
    norms = np.sqrt(matrix.multiply(matrix).sum(axis=1)).A.ravel()
    norms[norms == 0] = 1.0
    return (sparse.diags(1.0 / norms) @ matrix).tocsr()


def _lexical(matrix: sparse.csr_matrix, spans, texts: _Texts) -> tuple[np.ndarray, np.ndarray]:
    """Pair keys and TF-IDF cosines of the pairs from different articles that share a term and reach
    POSSIBLY: each sentence's LEXICAL_TOP_K closest in later articles, ties by position.

    A sparse product only visits pairs that share a term, which keeps the cost
    far below all-pairs on real stories. A text the story repeats is one row,
    whatever the number of its sentences: its cosines are computed once and
    handed to the sentences that carry the two texts, the first LEXICAL_TOP_K
    past the article of each, which are all a sentence's closest can hold.
    """
    total = len(texts.ids)
    keys, scores = [np.zeros(0, dtype=np.int64)], [np.zeros(0)]
    for start, end in spans:
        # One article's texts against those of every later article: no pair within an article is
        # ever computed, so one long article costs in proportion to its length, not its square.
        mine, later = np.unique(texts.ids[start:end]), np.flatnonzero(texts.last >= end)
        product = (matrix[mine] @ matrix[later].T).tocoo()
        rounded = np.round(product.data, 4)
        keep = rounded >= POSSIBLY
        first, second, score = mine[product.row[keep]], later[product.col[keep]], rounded[keep]
        of_pair, b = texts.carriers(second, end, total, LEXICAL_TOP_K)
        first, score = first[of_pair], score[of_pair]
        order = np.lexsort((b, -score, first))  # by text, the closest first, ties by position
        first, b, score = first[order], b[order], score[order]
        closest = np.arange(len(first)) - np.searchsorted(first, first) < LEXICAL_TOP_K  # rank within its text
        of_first, a = texts.carriers(first[closest], start, end)
        keys.append(a * total + b[closest][of_first])
        scores.append(score[closest][of_first])
    keys, scores = np.concatenate(keys), np.concatenate(scores)
    order = np.argsort(keys, kind="stable")
    return keys[order], scores[order]


@dataclass(frozen=True)
class _Texts:
    """The units' texts, each once: a text the story repeats is compared once, whatever the number
    of its sentences, and its scores handed to each of them."""

    ids: np.ndarray  # each unit's text, numbered in the order the texts first come
    firsts: list[int]  # each text's first unit
    last: np.ndarray  # each text's last unit
    by_text: np.ndarray  # the units, each text's together and in order
    placed: np.ndarray  # ... as sorted keys, text * units + unit: where a text's units past a point begin

    @staticmethod
    def of(units: list[_Unit]) -> _Texts:
        number: dict[str, int] = {}
        firsts = []
        for i, unit in enumerate(units):
            if number.setdefault(unit.sentence.text, len(number)) == len(firsts):
                firsts.append(i)
        ids = np.fromiter((number[unit.sentence.text] for unit in units), dtype=np.int64, count=len(units))
        last = np.zeros(len(firsts), dtype=np.int64)
        last[ids] = np.arange(len(units))
        by_text = np.argsort(ids, kind="stable")
        return _Texts(ids, firsts, last, by_text, ids[by_text] * len(units) + by_text)

    def carriers(self, texts: np.ndarray, begin: int | np.ndarray, end: int | np.ndarray,
                 most: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Every unit from `begin` to `end` (one bound for all, or one per text) that carries one of
        `texts`, or only the first `most` of each, with the position in `texts` of the text it carries."""
        total = len(self.ids)
        low = np.searchsorted(self.placed, texts * total + begin)
        sizes = np.searchsorted(self.placed, texts * total + end) - low
        if most is not None:
            sizes = np.minimum(sizes, most)
        which = np.repeat(np.arange(len(texts)), sizes)
        offset = np.arange(len(which)) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        return which, self.by_text[low[which] + offset]


def _dense(vectors: np.ndarray, texts: _Texts, article_end: np.ndarray, lexical_keys: np.ndarray):
    """Table cosines of the lexical pairs, and each sentence's TOP_K closest sentences of later articles.

    `vectors` holds one float64 row per text. Rows go BLOCK_ROWS sentences at a time (fewer
    where that passes BLOCK_CELLS cosines) against every text of a later sentence, which a
    story that repeats its sentences makes far fewer than its sentences. A closest pair must
    reach POSSIBLY on its cosine alone and be among its row's TOP_K values; each sentence
    carries one text, so the texts among a row's TOP_K closest hold its TOP_K closest
    sentences, and only their first TOP_K sentences past the row's article are ranked, by
    cosine then by position. A story of many same-topic articles so costs one pass per row
    and yields at most TOP_K pairs per sentence.
    Returns the lexical pairs' cosines, then the closest pairs' keys and cosines.
    """
    least = COSINE_FLOOR + POSSIBLY * (1 - COSINE_FLOOR) / (1 - LEXICAL_SHARE)
    total = len(texts.ids)
    lexical_cosines = np.zeros(len(lexical_keys))
    keys, cosines = [np.zeros(0, dtype=np.int64)], [np.zeros(0)]
    # The last article's rows have no later article: a block stops before them, or a short
    # article's block would take in thousands of them, each masked out.
    paired = int(np.searchsorted(article_end, total))
    last = 0
    while last < paired:
        first = last
        present = np.flatnonzero(texts.last >= article_end[first])  # the texts of a later article
        last = min(first + max(1, min(BLOCK_ROWS, BLOCK_CELLS // len(present))), paired)
        block = vectors[texts.ids[first:last]] @ vectors[present].T
        low, high = np.searchsorted(lexical_keys, [first * total, last * total])
        pairs = lexical_keys[low:high]
        column = np.searchsorted(present, texts.ids[pairs % total])
        lexical_cosines[low:high] = block[pairs // total - first, column]
        ends = article_end[first:last]
        later = np.where(texts.last[present][None, :] >= ends[:, None], block, -np.inf)
        if later.shape[1] > TOP_K:  # each row's TOP_K-th value, found without sorting the row
            least_of_row = np.maximum(least, -np.partition(-later, TOP_K - 1, axis=1)[:, TOP_K - 1:TOP_K])
        else:
            least_of_row = least
        rows, columns = np.nonzero(later >= least_of_row)
        which, cols = texts.carriers(present[columns], ends[rows], total, TOP_K)
        rows, values = rows[which], block[rows, columns][which]
        order = np.lexsort((cols, -values, rows))  # by row, the closest first, ties by position
        rows, cols, values = rows[order], cols[order], values[order]
        keep = np.arange(len(rows)) - np.searchsorted(rows, rows) < TOP_K  # rank within its row
        keys.append((first + rows[keep].astype(np.int64)) * total + cols[keep])
        cosines.append(values[keep])
    return lexical_cosines, np.concatenate(keys), np.concatenate(cosines)


def _quotation_links(story: Story, units: list[_Unit]) -> frozenset[tuple[int, int]]:
    """Pairs of sentences of different articles that carry one quotation under one speaker and
    share QUOTED_RUN of its words in a row (an excerpt of it, or all of it).

    The quotes stage has already found which occurrences are one quotation; an excerpt may be
    another part of it than the other outlet's, hence the shared run. Each occurrence is compared
    with the first TOP_K occurrences of TOP_K other articles at most, so a quotation that every
    outlet carries, or one article repeats, costs n * TOP_K² checks, not n².
    """
    clauses: dict[str, list[tuple[int, int]]] = {}  # anchor -> (start, unit) of each of its clauses
    for i, unit in enumerate(units):
        clauses.setdefault(unit.sentence.anchor, []).append((unit.sentence.start, i))

    def unit_of(occurrence) -> int:
        """A clause is never cut inside a quotation, so one clause holds each."""
        found = clauses[occurrence.anchor]
        return next((i for start, i in reversed(found) if start <= occurrence.start), found[0][1])

    links = set()
    for quote in story.quotes:
        if quote.kind != "quotation":
            continue
        carried: dict[str, dict[str, list]] = {}  # speaker -> siglum -> (occurrence, its runs)
        for o in quote.occurrences:
            if o.anchor is not None and o.speaker:
                carried.setdefault(o.speaker, {}).setdefault(o.siglum, []).append((o, _runs(o.text)))
        for by_article in carried.values():
            sigla = sorted(by_article)
            for k, siglum in enumerate(sigla):
                for first, runs in by_article[siglum]:
                    for other in sigla[k + 1:k + 1 + TOP_K]:
                        for second, shared in by_article[other][:TOP_K]:
                            if runs & shared:
                                a, b = unit_of(first), unit_of(second)
                                links.add((min(a, b), max(a, b)))
    return frozenset(links)


def _quoted(story: Story, units: list[_Unit]) -> dict[int, frozenset[str]]:
    """The units that are mostly somebody's quoted words, with the quotations they carry: two of
    them that carry different quotations report two things said, however many words they share
    ("compromise is somehow a dirty word" / "believed that compromise was a dirty word")."""
    at: dict[str, list[int]] = {}
    for i, unit in enumerate(units):
        at.setdefault(unit.sentence.anchor, []).append(i)
    quoted: dict[int, list[tuple[int, int, str]]] = {}
    for quote in story.quotes:
        if quote.kind != "quotation":
            continue
        for o in quote.occurrences:
            for i in at.get(o.anchor, ()) if o.anchor is not None else ():
                sentence = units[i].sentence
                start, end = max(o.start, sentence.start), min(o.end, sentence.end)
                if start < end:
                    quoted.setdefault(i, []).append((start, end, quote.id))
    found = {}
    for i, spans in quoted.items():
        sentence = units[i].sentence
        if sum(end - start for start, end, _ in spans) >= QUOTED_SHARE * (sentence.end - sentence.start):
            found[i] = frozenset(quote for _, _, quote in spans)
    return found


def _runs(text: str) -> frozenset[tuple[str, ...]]:
    words = comparable_words(text)
    return frozenset(tuple(words[i:i + QUOTED_RUN]) for i in range(len(words) - QUOTED_RUN + 1))


def _article_spans(units: list[_Unit]) -> list[tuple[int, int]]:
    """(first, last + 1) of each article's units, which come in article order."""
    starts = [i for i, unit in enumerate(units) if i == 0 or unit.article != units[i - 1].article]
    return list(zip(starts, starts[1:] + [len(units)]))


# --- the guard's call sites --------------------------------------------------


def _same_setting(units: list[_Unit], first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """For each pair, whether the two sentences say the same thing but for their names and numbers.

    Plain similarity is the wrong test for a contradiction: the differing names
    and numbers are exactly what pulls it down.
    """
    column: dict[str, int] = {}
    cells = [[column.setdefault(term, len(column)) for term in unit.context] for unit in units]
    sizes = np.array([len(terms) for terms in cells], dtype=np.int64)
    contexts = sparse.csr_matrix((np.ones(int(sizes.sum())), np.array([c for terms in cells for c in terms], dtype=np.int64),
                                  np.concatenate([[0], np.cumsum(sizes)])), shape=(len(units), max(len(column), 1)))
    shared = np.zeros(len(first), dtype=np.int64)
    for start in range(0, len(first), PAIRS_AT_ONCE):
        end = start + PAIRS_AT_ONCE
        both = contexts[first[start:end]].multiply(contexts[second[start:end]])
        shared[start:end] = np.asarray(both.sum(axis=1)).ravel()
    union = np.maximum(sizes[first] + sizes[second] - shared, 1)
    return (shared >= MIN_SHARED_CONTEXT) & (shared / union >= CONFLICT)


# --- clustering --------------------------------------------------------------


def _cluster(units: list[_Unit], pairs: _Pairs, guard) -> list[tuple[int, ...]]:
    """Average-link agglomeration from unguarded worded pairs, strongest first, one sentence per article.

    Every member must also be at least a "possibly" match for every other, so a
    sentence that joins two facts cannot bridge their claims into one.
    Clusters only grow, so two that share an article or hold a guarded pair stay
    apart for good, and two too far apart on average stay so until one of them
    grows: neither is compared again, which in a story of many outlets telling
    one fact spares most of its edges.
    """
    cluster_of = list(range(len(units)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(units))}
    articles = {i: {unit.article} for i, unit in enumerate(units)}
    grown = [0] * len(units)  # merges into each cluster so far
    short = set()  # (cluster, grown, cluster, grown) of two clusters found too far apart
    guarded: dict[int, set[int]] = {}  # cluster -> the clusters it holds a guarded pair with
    edges = np.flatnonzero((pairs.score >= MERGE) & pairs.worded)
    edges = edges[np.argsort((STEPS - _steps(pairs.score[edges])) * pairs.total ** 2 + pairs.key[edges])]
    for a, b in zip(pairs.first()[edges].tolist(), pairs.second()[edges].tolist()):
        ca, cb = cluster_of[a], cluster_of[b]
        if ca == cb or cb in guarded.get(ca, ()) or not articles[ca].isdisjoint(articles[cb]):
            continue
        state = (min(ca, cb), grown[min(ca, cb)], max(ca, cb), grown[max(ca, cb)])
        if state in short:
            continue
        left, right = np.array(members[ca]), np.array(members[cb])
        lower, upper = np.minimum.outer(left, right).ravel(), np.maximum.outer(left, right).ravel()
        scores = pairs.scores_of(lower * pairs.total + upper)
        if scores.min() < POSSIBLY or round(sum(scores.tolist()) / len(scores), 4) < MERGE:
            short.add(state)
            continue
        if any(guard(i, j) for i, j in zip(lower.tolist(), upper.tolist())):
            guarded.setdefault(ca, set()).add(cb)
            guarded.setdefault(cb, set()).add(ca)
            continue
        keep, gone = (ca, cb) if len(left) >= len(right) else (cb, ca)
        members[keep] = sorted(members[ca] + members[cb])
        articles[keep] |= articles.pop(gone)
        grown[keep] += 1
        for i in members.pop(gone):
            cluster_of[i] = keep
        for other in guarded.pop(gone, ()):
            guarded[other].discard(gone)
            guarded[other].add(keep)
            guarded.setdefault(keep, set()).add(other)
    return [tuple(m) for m in sorted(members.values())]


def _apart(units: list[_Unit], clusters: list[tuple[str, ...]], pairs: _Pairs) -> np.ndarray:
    """For each pair, whether its sentences are in no claim together."""
    claims_of: dict[str, set[int]] = {}
    for c, anchors in enumerate(clusters):
        for anchor in anchors:
            claims_of.setdefault(anchor, set()).add(c)
    # A sentence in one claim is told by that claim's number; one whose clauses joined two, by -1.
    claim = np.array([min(claims_of[u.sentence.anchor]) if len(claims_of[u.sentence.anchor]) == 1 else -1
                      for u in units], dtype=np.int64)
    first, second = pairs.first(), pairs.second()
    apart = claim[first] != claim[second]
    joined = np.flatnonzero((claim[first] < 0) | (claim[second] < 0))
    for k, a, b in zip(joined.tolist(), first[joined].tolist(), second[joined].tolist()):
        apart[k] = not claims_of[units[a].sentence.anchor] & claims_of[units[b].sentence.anchor]
    return apart


def _near_matches(units: list[_Unit], pairs: _Pairs, apart: np.ndarray, guard) -> tuple[tuple[str, str, float], ...]:
    """For each sentence, the closest sentence of another claim in another article, when it is close.

    A guarded pair is never offered: "possibly also reported by" must not point at an opposite.
    A sentence's closest is that of the closest of its clauses. Each clause's candidates are
    ranked at once, the closest first, and only the guarded ones at their head are read past.
    """
    first, second, score = pairs.first()[apart], pairs.second()[apart], pairs.score[apart]
    x, y, score = np.concatenate([first, second]), np.concatenate([second, first]), np.concatenate([score, score])
    order = np.argsort((x * (STEPS + 1) + STEPS - _steps(score)) * len(units) + y)  # the closest first, ties by position
    x, y, score = x[order], y[order], score[order]
    at = np.flatnonzero(np.r_[True, x[1:] != x[:-1]]) if len(x) else np.zeros(0, dtype=np.int64)
    end = np.r_[at[1:], len(x)]
    closest = []  # the place of each clause's closest unguarded candidate
    while len(at):
        free = np.array([not guard(min(a, b), max(a, b)) for a, b in zip(x[at].tolist(), y[at].tolist())], dtype=bool)
        closest.extend(at[free].tolist())
        at, end = at[~free] + 1, end[~free]
        at, end = at[at < end], end[at < end]
    best: dict[str, tuple[float, int, str]] = {}
    for k in closest:
        a, b, found = int(x[k]), int(y[k]), -float(score[k])
        anchor, candidate = units[a].sentence.anchor, (found, a, units[b].sentence.anchor)
        best[anchor] = min(best.get(anchor, candidate), candidate)
    return tuple((anchor, other, -score) for anchor, (score, _, other) in sorted(best.items(), key=lambda e: e[1][1]))
