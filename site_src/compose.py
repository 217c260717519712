"""Stage, compose: from aligned claims to the digest a reader sees.

The digest never writes a sentence: each claim is shown in one outlet's own
wording (the member closest to all the others, preferring one whose quotations
are verbatim), footnoted with every outlet that carried it. The order is the
outlets' consensus; what only one outlet said is credited to it; where close
sentences contradict each other, both versions are shown side by side.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import combinations
from statistics import median

from .align import ALIASES, POSSIBLY, comparable_words
from .model import (Claim, Detail, Digest, Disagreement, OutletCoverage, Sentence, Story, Version)

MAX_PARAGRAPH = 3  # digest sentences per paragraph at most
SHARED_COPY_OVERLAP = 0.75  # share of the smaller article's claims two rewrites of one text have in common
SHARED_COPY_MIN_CLAIMS = 4

_NUMBER = re.compile(r"(?<![\w.$-])(?:US ?)?\$?\d+(?:,\d{3})*(?:\.\d+)?(?:%| percent| (?:thousand|million|billion|trillion))?")
_NAME = re.compile(r"(?<=[\s(“\"‘—-])(?:[A-Z][\w’'.-]*[\w]|[A-Z])(?: (?:of |de |van |the )?[A-Z][\w’'.-]*[\w])*")
QUOTE_MARKS = "\"“”‘’'"
_REFERRING = frozenset("he she it they this these that those his her its their".split())
# "He said" opening the sentence or a clause; after a comma or period only the marks up to the next
# one are crossed, so a run of them is not scanned again from each of its characters.
_REFERRING_SPEAKER = re.compile(r"^\W*(?:he|she|they|it)\s+(?:said|says|told|added|asked|wrote|noted|argued)\b"
                                r"|[,.][^\w,.]*(?:he|she|they|it)\s+(?:said|says|told|added|asked|wrote|noted|argued)\b",
                                re.IGNORECASE)
_CALENDAR_WORDS = frozenset("monday tuesday wednesday thursday friday saturday sunday january february march "
                            "april may june july august september october november december".split())


def compose_story(story: Story) -> Story:
    sentences = {s.anchor: s for article in story.articles for s in article.sentences}
    similarity = {(a, b): score for a, b, score in story.alignment.similarity}
    similarity.update({(b, a): score for (a, b), score in list(similarity.items())})
    order = {a.siglum: i for i, a in enumerate(story.articles)}
    fidelity = _quote_fidelity(story)
    quoted = _quoted_spans(story, sentences)
    near = {anchor: (other, score) for anchor, other, score in story.alignment.near}

    raw_claims = []
    for cluster in story.alignment.clusters:
        members = tuple(sorted((sentences[a] for a in cluster), key=lambda s: order[s.siglum]))
        raw_claims.append(members)

    min_support = story.source.settings.min_support
    digest_members = [m for m in raw_claims if len(m) >= min_support]
    ordered = _consensus_order(digest_members, story)
    rest = sorted((m for m in raw_claims if m not in digest_members),
                  key=lambda m: (order[m[0].siglum], m[0].paragraph, m[0].index))

    claims = []
    for number, members in enumerate(ordered + rest, start=1):
        canonical = _canonical(members, similarity, fidelity, quoted, order)
        possibly = ()
        if len(members) == 1 and members[0].anchor in near and near[members[0].anchor][1] >= POSSIBLY:
            possibly = (sentences[near[members[0].anchor][0]],)
        claims.append(Claim(id=f"c{number}", sentences=members, canonical=canonical,
                            in_digest=number <= len(ordered), details=_details(members, quoted),
                            possibly_also=possibly))
    claims = tuple(claims)
    digest_claims = claims[:len(ordered)]

    digest = Digest(
        claims=claims,
        paragraphs=_paragraphs(digest_claims, story),
        additions=_additions(claims, story),
        disagreements=_disagreements(story, sentences, claims),
        coverage=_coverage(claims, story),
        shared_copy=_shared_copy(claims, story),
    )
    return replace(story, digest=digest)


# --- wording ------------------------------------------------------------------


def _quoted_spans(story: Story, sentences: dict[str, Sentence]) -> dict[str, tuple[tuple[int, int], ...]]:
    """Per sentence, where its quotations' words are (offsets in the sentence), as the quotes stage found them.

    A heading's quotations belong to no sentence, so no claim's wording.
    """
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for quote in story.quotes:
        for occurrence in quote.occurrences:
            if occurrence.anchor is None:
                continue
            sentence = sentences[occurrence.anchor]
            start = max(occurrence.start - sentence.start, 0)
            end = min(occurrence.end - sentence.start, len(sentence.text))
            if start < end:
                spans[occurrence.anchor].append((start, end))
    return {anchor: tuple(sorted(found)) for anchor, found in spans.items()}


def _quotations(sentence: Sentence, quoted) -> list[str]:
    return [sentence.text[start:end] for start, end in quoted.get(sentence.anchor, ())]


def _outside_quotations(sentence: Sentence, quoted) -> str:
    """The sentence with each quotation, marks and all, blanked out."""
    text = sentence.text
    for start, end in reversed(quoted.get(sentence.anchor, ())):
        start -= start > 0 and text[start - 1] in QUOTE_MARKS
        end += end < len(text) and text[end] in QUOTE_MARKS
        text = text[:start] + " " + text[end:]
    return text


def _quote_fidelity(story: Story) -> dict[str, int]:
    """Per sentence, how far its quotations stray: 2 altered, 1 cut to an excerpt, 0 whole."""
    rank = {"verbatim": 0, "partial": 1, "altered": 2}
    worst: dict[str, int] = {}
    for quote in story.quotes:
        for occurrence in quote.occurrences:
            if occurrence.anchor is not None:
                worst[occurrence.anchor] = max(worst.get(occurrence.anchor, 0), rank[occurrence.fidelity])
    return worst


def _canonical(members, similarity, fidelity, quoted, order) -> Sentence:
    """The member closest to all others, after three preferences, strongest first.

    Never an altered quotation; then a sentence that stands on its own; then
    whole quotations over excerpts.
    """
    def key(sentence: Sentence):
        others = [similarity.get((sentence.anchor, o.anchor), 0.0) for o in members if o is not sentence]
        closeness = round(sum(others) / len(others), 4) if others else 0.0
        quoting = fidelity.get(sentence.anchor, 0)
        return (quoting == 2, _dangles(sentence, quoted), quoting, -closeness, order[sentence.siglum])
    return min(members, key=key)


def _dangles(sentence: Sentence, quoted) -> bool:
    """Out of its article the sentence loses its subject: "He said ...", or a bare quotation.

    The digest sets sentences from different outlets side by side, so a sentence
    that leans on the one before it reads as if someone else said it.
    """
    outside_quotes = _outside_quotations(sentence, quoted)
    first = outside_quotes.split()[0].strip("“\"‘(") if outside_quotes.split() else ""
    return first.casefold() in _REFERRING or bool(_REFERRING_SPEAKER.search(outside_quotes)) \
        or len(outside_quotes.split()) < 3


# --- order --------------------------------------------------------------------


def _consensus_order(claims: list[tuple[Sentence, ...]], story: Story) -> list[tuple[Sentence, ...]]:
    """Greedy resolution of the outlets' precedence votes (who tells what before what).

    At each step the next claim is one that the fewest remaining claims precede
    by a majority of the outlets carrying both (none, unless the outlets' orders
    form a cycle); ties go to the earlier median position in the articles.
    """
    position = {}
    for article in story.articles:
        total = max(1, len(article.sentences))
        for rank, sentence in enumerate(article.sentences):
            position[sentence.anchor] = rank / total
    told_by: dict[str, list[tuple[float, int]]] = defaultdict(list)
    for number, members in enumerate(claims):
        for sentence in members:
            told_by[sentence.siglum].append((position[sentence.anchor], number))
    votes: dict[tuple[int, int], int] = defaultdict(int)  # (i, j): outlets that tell i before j
    for told in told_by.values():
        ordered = [number for _, number in sorted(told)]
        for k, earlier in enumerate(ordered):
            for later in ordered[k + 1:]:
                votes[(earlier, later)] += 1
    beats: dict[int, set[int]] = defaultdict(set)  # i -> the claims a majority tells after i
    predecessors = [0] * len(claims)
    for (i, j), count in votes.items():
        if count > votes.get((j, i), 0):
            beats[i].add(j)
            predecessors[j] += 1
    medians = [round(median(position[s.anchor] for s in members), 4) for members in claims]
    remaining = set(range(len(claims)))
    result = []
    while remaining:
        best = min(remaining, key=lambda i: (predecessors[i], medians[i], i))
        remaining.remove(best)
        for later in beats[best]:
            predecessors[later] -= 1
        result.append(claims[best])
    return result


def _paragraphs(claims: tuple[Claim, ...], story: Story) -> tuple[tuple[str, ...], ...]:
    """Consecutive claims share a paragraph where most outlets that carry both put them in one."""
    paragraphs: list[list[str]] = []
    previous = None
    for claim in claims:
        together = previous is not None and len(paragraphs[-1]) < MAX_PARAGRAPH and _same_paragraph(previous, claim)
        if together:
            paragraphs[-1].append(claim.id)
        else:
            paragraphs.append([claim.id])
        previous = claim
    return tuple(tuple(p) for p in paragraphs)


def _same_paragraph(first: Claim, second: Claim) -> bool:
    where_first = {s.siglum: s.paragraph for s in first.sentences}
    both = [(where_first[s.siglum], s.paragraph) for s in second.sentences if s.siglum in where_first]
    return bool(both) and sum(0 <= b - a <= 1 for a, b in both) * 2 > len(both)


# --- what each outlet added ------------------------------------------------------


def _additions(claims: tuple[Claim, ...], story: Story) -> tuple[tuple[str, tuple[str, ...]], ...]:
    own = {a.siglum: [] for a in story.articles}
    for claim in claims:
        if len(claim.sentences) == 1:
            own[claim.outlets[0]].append(claim)
    return tuple((siglum, tuple(c.id for c in sorted(found, key=lambda c: (c.canonical.paragraph, c.canonical.index))))
                 for siglum, found in own.items())


def _details(members: tuple[Sentence, ...], quoted) -> tuple[Detail, ...]:
    """Numbers, names and quoted phrases one member gives and no other member does.

    Each member's words are folded once, and each fact is looked for in every member once: linear
    in the members for each fact, where joining the others anew for every member was quadratic.
    """
    if len(members) < 2:
        return ()
    words = [_comparable(sentence.text) for sentence in members]
    found = []
    for own, sentence in enumerate(members):
        for kind, text in _facts(sentence, quoted):
            fact = _comparable(text)
            if not any(fact in other for k, other in enumerate(words) if k != own):
                found.append(Detail(sentence.siglum, sentence.anchor, kind, text))
    return tuple(found)


def _facts(sentence: Sentence, quoted) -> list[tuple[str, str]]:
    text = sentence.text
    facts = [("quotation", q.strip(" ,.")) for q in _quotations(sentence, quoted) if len(q) >= 3]
    quoted = " ".join(t for _, t in facts)
    facts += [("number", m.group(0).strip()) for m in _NUMBER.finditer(text) if m.group(0) not in quoted]
    for match in _NAME.finditer(" " + text):
        words = match.group(0).split()
        if match.start() <= 1:  # a sentence's first word is capitalised anyway
            words = words[1:]
        name = " ".join(words).rstrip(".,")
        folded = comparable_words(name)
        if folded and name not in quoted and not all(w in ALIASES.values() or w.casefold() in _CALENDAR_WORDS
                                                    or len(w) < 2 for w in folded):
            facts.append(("name", name))
    seen, unique = set(), []
    for fact in facts:
        if fact not in seen:
            seen.add(fact)
            unique.append(fact)
    return unique


def _comparable(text: str) -> str:
    return " " + " ".join(comparable_words(text)) + " "


# --- disagreements ---------------------------------------------------------------


def _disagreements(story: Story, sentences: dict, claims: tuple[Claim, ...]) -> tuple[Disagreement, ...]:
    """Contradicting claims, each outlet's version side by side; then quotations worded differently."""
    by_id = {c.id: c for c in claims}
    claim_of = {s.anchor: c.id for c in claims for s in c.sentences}
    kinds_between: dict[tuple[str, str], set] = defaultdict(set)
    for conflict in story.alignment.conflicts:
        pair = tuple(sorted((claim_of[conflict.first], claim_of[conflict.second]), key=_claim_number))
        kinds_between[pair].update(conflict.kinds)
    found = []
    for (first_id, second_id), kinds in sorted(kinds_between.items(), key=lambda item: tuple(map(_claim_number, item[0]))):
        first, second = by_id[first_id], by_id[second_id]
        versions = tuple(Version(s, _differing_words(s.text, second.canonical.text)[0]) for s in first.sentences) + \
            tuple(Version(s, _differing_words(s.text, first.canonical.text)[0]) for s in second.sentences)
        found.append(Disagreement(kind=sorted(kinds)[0], summary=_summary(sorted(kinds), story, first, second),
                                  versions=versions, claims=(first_id, second_id)))
    for quote in story.quotes:
        if any(o.fidelity == "altered" for o in quote.occurrences):
            versions = tuple(Version(sentences[o.anchor], tuple(words for op, words in o.diff if op == "added"))
                             for o in quote.occurrences if o.anchor is not None)
            found.append(Disagreement(
                kind="quotation",
                summary=f"Outlets word the quotation \u201c{_shorten(quote.text)}\u201d differently",
                versions=versions,
                claims=tuple(dict.fromkeys(claim_of[v.sentence.anchor] for v in versions)),
            ))
    return tuple(found)


def _claim_number(claim_id: str) -> int:
    return int(claim_id[1:])


def _summary(kinds, story, first: Claim, second: Claim) -> str:
    outlets = {a.siglum: a.outlet for a in story.articles}

    def names(claim):
        named = [outlets[s] for s in claim.outlets]
        return named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]
    what = {"number": "different numbers", "name": "different names", "negation": "one denies what the other states",
            "direction": "opposite directions"}
    return f"{names(first)} against {names(second)}: {'; '.join(what[k] for k in kinds)}"


def _differing_words(first: str, second: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The words each side has where the other has something else (for highlighting)."""
    a, b = first.split(), second.split()
    left, right = [], []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, _word_keys(first), _word_keys(second),
                                              autojunk=False).get_opcodes():
        if op in ("replace", "delete"):
            left.extend(a[i1:i2])
        if op in ("replace", "insert"):
            right.extend(b[j1:j2])
    return tuple(left), tuple(right)


@lru_cache(maxsize=4096)
def _word_keys(text: str) -> tuple[str, ...]:
    """Each word of a sentence, folded for comparison; a claim's canonical sentence is compared with
    every version it disagrees with, so it is folded once."""
    return tuple(_comparable(w) for w in text.split())


def _shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "..."


# --- coverage ----------------------------------------------------------------------


def _coverage(claims: tuple[Claim, ...], story: Story) -> tuple[OutletCoverage, ...]:
    digest = [c for c in claims if c.in_digest]
    others = len(story.articles) - 1
    carried = _carried(claims, story)
    widely_carried = [(c.id, set(c.outlets)) for c in digest if len(c.outlets) * 2 > others]
    result = []
    for article in story.articles:
        own = carried[article.siglum]
        in_digest = sum(1 for c in digest if c.id in own)
        result.append(OutletCoverage(
            siglum=article.siglum,
            claims=len(own),
            story_share=round(len(own) / len(claims), 4) if claims else 0.0,
            digest_share=round(in_digest / len(digest), 4) if digest else 0.0,
            left_out=tuple(claim_id for claim_id, outlets in widely_carried if article.siglum not in outlets),
        ))
    return tuple(result)


def _carried(claims: tuple[Claim, ...], story: Story) -> dict[str, set[str]]:
    """Per outlet, the ids of the claims it carried: one pass over the claims' outlets."""
    carried: dict[str, set[str]] = {a.siglum: set() for a in story.articles}
    for claim in claims:
        for siglum in claim.outlets:
            carried[siglum].add(claim.id)
    return carried


def _shared_copy(claims: tuple[Claim, ...], story: Story) -> tuple[tuple[str, ...], ...]:
    """Outlets that rewrite one shared (wire) text carry nearly all the same claims.

    Readers should not count one wire story printed twice as two independent sources.
    """
    carried = _carried(claims, story)
    group = {s: s for s in carried}

    def root(s):
        while group[s] != s:
            s = group[s]
        return s

    for x, y in combinations(sorted(carried), 2):
        shared = len(carried[x] & carried[y])
        smaller = min(len(carried[x]), len(carried[y]))
        if shared >= SHARED_COPY_MIN_CLAIMS and smaller and shared / smaller >= SHARED_COPY_OVERLAP:
            group[max(root(x), root(y))] = min(root(x), root(y))
    groups = defaultdict(list)
    for s in sorted(carried):
        groups[root(s)].append(s)
    return tuple(tuple(g) for _, g in sorted(groups.items()) if len(g) > 1)
