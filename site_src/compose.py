"""Stage, compose: from aligned claims to the digest a reader sees.

The digest never writes a sentence: each claim is shown in one outlet's own
wording (the member closest to all the others, preferring one whose quotations
are verbatim), footnoted with every outlet that carried it. The order is the
outlets' consensus; what only one outlet said is credited to it; where close
sentences contradict each other, both versions are shown side by side.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import replace
from functools import lru_cache
from itertools import combinations
from statistics import median

from .align import MERGE, POSSIBLY
from .segment import ATTRIBUTION
from .model import (Claim, Detail, Digest, Disagreement, OutletCoverage, Sentence, Story, Version)
from .lexicon import PERSONAL_TITLES, SPEECH_VERBS, WEEKDAYS_AND_MONTHS
from .words import ALIAS_NAMES, STOP_WORDS, comparable_words, shortened, word_opcodes

MAX_PARAGRAPH = 3  # digest sentences per paragraph at most
SHARED_COPY_OVERLAP = 0.75  # share of the smaller article's claims two rewrites of one text have in common
SHARED_COPY_MIN_CLAIMS = 4

_NUMBER = re.compile(r"(?<![\w.$-])(?:US ?)?\$?\d+(?:,\d{3})*(?:\.\d+)?(?:%| percent| (?:thousand|million|billion|trillion))?")
_NAME = re.compile(r"(?<=[\s(“\"‘—-])(?:[A-Z][\w’'.-]*[\w]|[A-Z])(?: (?:of |de |van |the )?[A-Z][\w’'.-]*[\w])*")
QUOTE_MARKS = "\"“”‘’'"
# Share of a leftover sentence's content words a claim of its outlet must use for the sentence to
# restate it: a sentence that shares the claim's names but tells of something else uses few.
RESTATES_COVERED = 0.6
FRAGMENT_WORDS = 4  # "Jane Q. Smith said.": longer, an attribution says more than who spoke
# A word that may be a surname ("Braley", "Braley's", "O’Brien,"), and one that may be a given
# name or an initial before it.
_NAME_WORD = re.compile(r"[“\"(‘]*([A-Z][a-z]+(?:[-’'][A-Z][a-z]+)*)(?:[’']s)?[,.;:)”\"’]*")
_GIVEN_NAME = re.compile(r"[“\"(‘]*(?:[A-Z][a-z]+(?:[-’'][A-Z][a-z]+)*|[A-Z]\.)")
_REFERRING = frozenset("he she it they this these that those his her its their".split())
# "He said" opening the sentence or a clause; after a comma or period only the marks up to the next
# one are crossed, so a run of them is not scanned again from each of its characters.
_SPEECH = "|".join(sorted(SPEECH_VERBS))
_REFERRING_SPEAKER = re.compile(rf"^\W*(?:he|she|they|it)\s+(?:{_SPEECH})\b"
                                rf"|[,.][^\w,.]*(?:he|she|they|it)\s+(?:{_SPEECH})\b", re.IGNORECASE)
# A written figure (hedged ones are left out by _quantities), not an ordinal or part of a word.
_QUANTITY = re.compile(r"(?<![\w.$,-])\$?(?P<digits>\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\w%-]|[.,]\d)"
                       r"(?:\s+(?P<scale>thousand|million|billion|trillion)\b)?")
_FRAME_WORD = re.compile(r"[A-Za-z][A-Za-z’'-]*")
_DIGIT = re.compile(r"\d")  # what every _QUANTITY holds
_HEDGES = frozenset("about around nearly almost approximately roughly some over under least up to than "
                    "estimated".split())
DISAGREE_SHARED = 4  # content words two sentences must share to be about the same thing
DISAGREE_OVERLAP = 0.4  # ... and the share of their content words that must match (Jaccard)
MAX_FRAME_SENTENCES = 40  # sentences one frame may gather before it is a formula, not one fact
QUOTATION_NAMED_CHARACTERS = 80  # a quotation named in a disagreement's summary: enough to know it


def compose_story(story: Story, shared_copy: tuple[tuple[str, ...], ...] | None = None) -> Story:
    """`shared_copy`, when given, names the outlets already found to print one text: the editor's
    corrections regroup facts and compose again, and regrouping facts says nothing new about which
    outlets copy which, so the outlets counted as one stay those the articles showed."""
    sentences = {s.anchor: s for article in story.articles for s in article.sentences}
    neighbours: dict[str, dict[str, float]] = {}  # each sentence's scores with those it is in a claim with
    for a, b, score in story.alignment.similarity:
        neighbours.setdefault(a, {})[b] = neighbours.setdefault(b, {})[a] = score
    order = {a.siglum: i for i, a in enumerate(story.articles)}
    fidelity = _quote_fidelity(story)
    quoted = _quoted_spans(story, sentences)
    near = {anchor: (other, score) for anchor, other, score in story.alignment.near}
    previous = _previous_sentences(story)

    hosts = _attribution_hosts(story)
    clusters = []
    for cluster in story.alignment.clusters:
        members = tuple(sorted((sentences[a] for a in cluster if a not in hosts), key=lambda s: order[s.siglum]))
        if members:
            clusters.append(members)
    clusters, extra, bridges = _fold_shared(clusters, order)
    cluster_of = {s.anchor: i for i, members in enumerate(clusters) for s in members + tuple(extra[i])}
    for fragment, host in hosts.items():
        extra[cluster_of[host.anchor]].append(sentences[fragment])
    restated = _restatements(clusters, cluster_of, near, quoted)
    for single, target in restated.items():
        extra[target].append(clusters[single][0])

    shared = (_shared_copy([m for i, m in enumerate(clusters) if i not in restated], story)
              if shared_copy is None else shared_copy)
    source_of = {siglum: group[0] for group in shared for siglum in group}

    def independent(members) -> int:
        return len({source_of.get(s.siglum, s.siglum) for s in members})

    min_support = story.source.settings.min_support
    candidates = [i for i, m in enumerate(clusters) if independent(m) >= min_support]

    attribution_of = {host.anchor: sentences[fragment] for fragment, host in hosts.items()}

    def dangles(sentence: Sentence) -> bool:
        """A bare quotation whose attribution names its speaker ("Smith said.") stands on its own."""
        attribution = attribution_of.get(sentence.anchor)
        return _dangles(sentence, quoted) and (attribution is None
                                               or attribution.text.split()[0].casefold() in _REFERRING)

    closeness: dict[int, dict[str, float]] = {}  # by claim: asked again with each preference

    def canonical(i: int, unnamed=lambda sentence: 0, preferred=frozenset()) -> Sentence:
        if i not in closeness:
            closeness[i] = _closeness(clusters[i], neighbours)
        return _canonical(clusters[i], closeness[i], fidelity, dangles, order, unnamed,
                          preferred or bridges.get(i, frozenset()))

    ordered, antecedent, dangling = _place_dangling(
        _consensus_order([clusters[i] for i in candidates], story, candidates), clusters, cluster_of, previous,
        lambda i: dangles(canonical(i)))
    shown = _first_mentions(ordered, story, antecedent, clusters, cluster_of, previous, canonical)
    placed = set(ordered)
    rest = sorted((i for i in range(len(clusters)) if i not in placed and i not in restated),
                  key=lambda i: (order[clusters[i][0].siglum], clusters[i][0].paragraph, clusters[i][0].index))

    claims = []
    for number, i in enumerate(ordered + rest, start=1):
        members = clusters[i]
        wording = shown.get(i) or canonical(i)
        possibly = ()
        if len(members) == 1 and members[0].anchor in near and near[members[0].anchor][1] >= POSSIBLY:
            possibly = (sentences[near[members[0].anchor][0]],)
        more = tuple(sorted(extra[i], key=lambda s: (order[s.siglum], s.paragraph, s.index)))
        tail = next((s for s in more if hosts.get(s.anchor) is wording), None)
        reason = ("dangles" if i in dangling else "support") if i not in placed and len(members) > 1 else ""
        claims.append(Claim(id=f"c{number}", sentences=members, canonical=wording,
                            in_digest=i in placed, details=_details(members, quoted),
                            possibly_also=possibly, independent=independent(members), extra=more,
                            tail=tail, left_out=reason))
    claims = tuple(claims)
    digest_claims = claims[:len(ordered)]

    digest = Digest(
        claims=claims,
        paragraphs=_paragraphs(digest_claims, story),
        additions=_additions(claims, story),
        disagreements=_disagreements(story, sentences, claims, quoted),
        coverage=outlet_coverage(claims, story, source_of),
        shared_copy=shared,
        independent=len({source_of.get(a.siglum, a.siglum) for a in story.articles}),
    )
    return replace(story, digest=digest)


def _fold_shared(clusters: list[tuple[Sentence, ...]], order: dict[str, int]):
    """Claims that share a sentence become one claim, shown in the sentence they share.

    Align puts a sentence that joins two facts ("..., and ...") in the claim of each: shown for
    one and again in the other's wording, its second fact would be told twice; shown once, it
    tells both, footnoted by every outlet of either. An outlet that gave the two facts in two
    sentences keeps the first as the claim's, the other cited beside it. Claims fold through one
    shared sentence only, so a run of such sentences cannot chain many facts into one claim.
    Returns the claims, each one's further sentences, and the shared sentence of each folded one.
    """
    holders: dict[str, list[int]] = defaultdict(list)
    for i, members in enumerate(clusters):
        for sentence in members:
            holders[sentence.anchor].append(i)
    into: dict[int, int] = {}  # a claim -> the claim it folds into
    bridge: dict[int, str] = {}  # a claim others fold into -> the sentence they share
    for anchor, held in holders.items():
        if len(held) > 1 and not any(i in into or i in bridge for i in held):
            bridge[held[0]] = anchor
            into.update((i, held[0]) for i in held[1:])
    parts: dict[int, list[int]] = defaultdict(list)
    for i in range(len(clusters)):
        parts[into.get(i, i)].append(i)
    folded, extra, bridges = [], defaultdict(list), {}
    for i, group in sorted(parts.items()):
        number = len(folded)
        if len(group) == 1 and len(clusters[i]) == 1:  # most claims of a long article: nothing to fold
            folded.append(clusters[i])
        else:
            kept: dict[str, Sentence] = {}
            cited: set[str] = set()
            for sentence in (s for j in group for s in clusters[j]):
                if sentence.anchor not in cited:
                    cited.add(sentence.anchor)
                    if kept.setdefault(sentence.siglum, sentence) is not sentence:
                        extra[number].append(sentence)
            folded.append(tuple(sorted(kept.values(), key=lambda s: order[s.siglum])))
        if i in bridge:
            bridges[number] = frozenset({bridge[i]})
    return folded, extra, bridges


def _previous_sentences(story: Story) -> dict[str, Sentence]:
    """Each sentence's predecessor in its article: what "He said" leans on."""
    found = {}
    for article in story.articles:
        for before, after in zip(article.sentences, article.sentences[1:]):
            found[after.anchor] = before
    return found


# --- sentences that are not facts on their own ------------------------------------


def _attribution_hosts(story: Story) -> dict[str, Sentence]:
    """Each attribution cut off from its quotation ("Smith said."), and the sentence it completes.

    Segmenting ends a sentence at a quotation's closing mark when a name follows, which the
    quotes stage needs; as a fact of its own it would read "Smith said." in the digest.
    """
    hosts = {}
    for article in story.articles:
        for paragraph in article.paragraphs:
            for before, sentence in zip(paragraph.sentences, paragraph.sentences[1:]):
                if _is_attribution(sentence.text) and before.text.rstrip()[-1:] in QUOTE_MARKS:
                    hosts[sentence.anchor] = before
    return hosts


def _is_attribution(text: str) -> bool:
    words = text.split()
    match = ATTRIBUTION.match(text)
    return len(words) <= FRAGMENT_WORDS and match is not None and text[match.end():].strip() == "."


def _restatements(clusters, cluster_of, near, quoted) -> dict[int, int]:
    """Leftover sentences that restate a claim their own outlet already has a sentence in.

    A claim holds one sentence per outlet, so an outlet's second sentence of one fact is left
    alone; listed as the outlet's own addition, the fact would be told twice. It restates the
    claim when its closest sentence elsewhere is in that claim, close enough to have joined it,
    most of its words are the claim's, and it gives no number, name or quotation that the
    claim's sentences do not.
    """
    found = {}
    for i, members in enumerate(clusters):
        if len(members) != 1 or members[0].anchor not in near:
            continue
        sentence = members[0]
        other, score = near[sentence.anchor]
        target = cluster_of.get(other)
        if target is None or score < MERGE or len(clusters[target]) < 2 \
                or sentence.siglum not in {s.siglum for s in clusters[target]}:
            continue
        told = " ".join(_comparable(s.text) for s in clusters[target])
        words = _context_words(sentence.text)
        covered = words & set(told.split())
        if words and len(covered) / len(words) >= RESTATES_COVERED \
                and all(_comparable(text) in told for _, text in _facts(sentence, quoted)):
            found[i] = target
    return found


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
    """The sentence with each quotation, marks and all, blanked out (one pass: a sentence may hold
    thousands); a quotation inside another is blanked with it."""
    text, spans = sentence.text, quoted.get(sentence.anchor, ())
    starts = [start - (start > 0 and text[start - 1] in QUOTE_MARKS) for start, _ in spans]
    pieces, kept = [], 0  # text[:kept] is in pieces
    for i, (_, end) in enumerate(spans):
        start, following = starts[i], starts[i + 1] if i + 1 < len(spans) else len(text)
        end += end != following and end < len(text) and text[end] in QUOTE_MARKS  # a mark between two is the second's
        if start >= kept:
            pieces += (text[kept:start], " ")
        kept = max(kept, end)
    pieces.append(text[kept:])
    return "".join(pieces)


def _quote_fidelity(story: Story) -> dict[str, int]:
    """Per sentence, how far its quotations stray: 2 altered, 1 cut to an excerpt, 0 whole."""
    rank = {"verbatim": 0, "partial": 1, "altered": 2}
    worst: dict[str, int] = {}
    for quote in story.quotes:
        for occurrence in quote.occurrences:
            if occurrence.anchor is not None:
                worst[occurrence.anchor] = max(worst.get(occurrence.anchor, 0), rank[occurrence.fidelity])
    return worst


def _canonical(members, closeness: dict[str, float], fidelity, dangles, order, unnamed=lambda sentence: 0,
               preferred=frozenset()) -> Sentence:
    """The member closest to all others (`closeness`, by anchor), after five preferences, strongest first.

    Never an altered quotation; then a sentence that stands on its own; then, for one that
    cannot, a sentence that follows what the digest has just said; then one that names in full
    the people the digest has not named yet; then whole quotations over excerpts.
    """
    def key(sentence: Sentence):
        quoting = fidelity.get(sentence.anchor, 0)
        return (quoting == 2, dangles(sentence), bool(preferred) and sentence.anchor not in preferred,
                unnamed(sentence), quoting, -closeness[sentence.anchor], order[sentence.siglum])
    return min(members, key=key)


def _closeness(members, neighbours: dict[str, dict[str, float]]) -> dict[str, float]:
    """Each member's mean score with the others, by anchor. Only the pairs the merge scored are
    read, each member's in the members' order (a pair it did not score adds 0.0, which changes no
    sum), so that a claim of hundreds of outlets costs its scored pairs, not its members squared."""
    places: dict[str, list[int]] = {}
    for k, sentence in enumerate(members):
        places.setdefault(sentence.anchor, []).append(k)
    found = {}
    for sentence in members:
        scored = sorted((k, score) for other, score in neighbours.get(sentence.anchor, {}).items()
                        if other != sentence.anchor for k in places.get(other, ()))
        found[sentence.anchor] = round(sum(score for _, score in scored) / (len(members) - 1), 4) \
            if len(members) > 1 else 0.0
    return found


def _dangles(sentence: Sentence, quoted) -> bool:
    """Out of its article the sentence loses its subject: "He said ...", or a bare quotation.

    The digest sets sentences from different outlets side by side, so a sentence
    that leans on the one before it reads as if someone else said it.
    """
    outside_quotes = _outside_quotations(sentence, quoted)
    first = outside_quotes.split()[0].strip("“\"‘(") if outside_quotes.split() else ""
    if first.casefold() in _REFERRING or _REFERRING_SPEAKER.search(outside_quotes):
        return True
    # A quotation with no more than its speaker's name and verb ("…,” Trump said.) names who spoke.
    return len(outside_quotes.split()) < 3 and ATTRIBUTION.match(outside_quotes.strip(" ,;:—–-")) is None


# --- order --------------------------------------------------------------------


def _consensus_order(claims: list[tuple[Sentence, ...]], story: Story, ids: list[int]) -> list[int]:
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
        result.append(ids[best])
    return result


def _place_dangling(ordered: list[int], clusters, cluster_of, previous, dangles) -> tuple[list[int], dict, set]:
    """A claim told only in words that lean on an earlier sentence ("He said ...") follows the
    claim that states its outlets' earlier sentence, so the digest gives what it leans on.

    Words are never rewritten and a pronoun is never resolved by guess: without that claim in
    the digest, the claim leaves the digest's flow and is listed apart, saying why. Returns the
    order, each placed claim's antecedent, and the claims left out.
    """
    position = {i: rank for rank, i in enumerate(ordered)}
    leaning = {i for i in ordered if dangles(i)}
    antecedent, followers = {}, defaultdict(list)
    for i in ordered:
        if i not in leaning:
            continue
        found = [cluster_of[previous[s.anchor].anchor] for s in clusters[i] if s.anchor in previous]
        found = [a for a in found if a in position and a != i]
        if found:
            antecedent[i] = min(found, key=lambda a: (-found.count(a), position[a]))
            followers[antecedent[i]].append(i)
    result, stack = [], [i for i in reversed(ordered) if i not in leaning]
    while stack:  # each claim, then the claims that lean on it, depth first
        i = stack.pop()
        result.append(i)
        stack.extend(reversed(followers[i]))
    left_out = set(ordered) - set(result)
    return result, {i: a for i, a in antecedent.items() if i not in left_out}, left_out


def _first_mentions(ordered: list[int], story: Story, antecedent: dict, clusters, cluster_of, previous,
                    choose) -> dict[int, Sentence]:
    """Each digest claim's wording, read in order: a person the digest has not named yet is best
    met under the fullest name an outlet gives (outlets name people in full once, then by surname)."""
    mentions = _person_mentions(story)
    named: set[str] = set()
    chosen = {}
    for i in ordered:
        preferred = frozenset(s.anchor for s in clusters[i] if i in antecedent and s.anchor in previous
                              and cluster_of.get(previous[s.anchor].anchor) == antecedent[i])
        sentence = choose(i, lambda s: len(mentions.get(s.anchor, (frozenset(), frozenset()))[1] - named), preferred)
        chosen[i] = sentence
        full, short = mentions.get(sentence.anchor, (frozenset(), frozenset()))
        named |= full | short
    return chosen


def _person_mentions(story: Story) -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """Per sentence, the people it names in full (a given name before the surname) and those it
    names by surname alone.

    A person is a surname the story gives after a given name somewhere and, somewhere, after a
    title or as the one who speaks ("Mr. Braley", "Braley said"): "White House" is no person.
    What a sentence names depends on its text alone, so a text the story repeats is read once.
    """
    marks_of: dict[str, tuple[tuple[str, bool], ...]] = {}
    full_somewhere, personal = set(), set()
    for article in story.articles:
        for sentence in article.sentences:
            if sentence.text not in marks_of:
                marks_of[sentence.text] = _name_marks(sentence.text, full_somewhere, personal)
    people = full_somewhere & personal
    named = {}
    for text, marks in marks_of.items():
        full = frozenset(name for name, given in marks if name in people and given)
        short = frozenset(name for name, given in marks if name in people and not given) - full
        if full or short:
            named[text] = (full, short)
    return {s.anchor: named[s.text] for article in story.articles for s in article.sentences if s.text in named}


def _name_marks(text: str, full_somewhere: set[str], personal: set[str]) -> tuple[tuple[str, bool], ...]:
    """Each capitalised word of a sentence as (surname, whether a given name comes before it);
    those given a given name are added to `full_somewhere`, those after a title or beside a speech
    verb to `personal`."""
    tokens = text.split()
    marks = []
    for k, raw in enumerate(tokens):
        word = _NAME_WORD.fullmatch(raw)
        if word is None:
            continue
        surname = word.group(1)
        before = tokens[k - 1] if k else ""
        after = tokens[k + 1].strip(",.;:”\"").casefold() if k + 1 < len(tokens) else ""
        given = bool(_GIVEN_NAME.fullmatch(before)) and before.rstrip(".").casefold() not in PERSONAL_TITLES \
            and before.casefold() not in STOP_WORDS and before.casefold() not in WEEKDAYS_AND_MONTHS
        titled = before.rstrip(".").casefold() in PERSONAL_TITLES
        speaks = after in SPEECH_VERBS or before.strip(",").casefold() in SPEECH_VERBS
        marks.append((surname, given))
        if given:
            full_somewhere.add(surname)
        if titled or speaks:
            personal.add(surname)
    return tuple(marks)


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
        if folded and name not in quoted and not all(w in ALIAS_NAMES or w.casefold() in WEEKDAYS_AND_MONTHS
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


def _disagreements(story: Story, sentences: dict, claims: tuple[Claim, ...], quoted) -> tuple[Disagreement, ...]:
    """Contradicting claims, each outlet's version side by side; then the same quantity given
    differently anywhere in the articles; then quotations worded differently."""
    by_id = {c.id: c for c in claims}
    claim_of = {s.anchor: c.id for c in claims for s in c.sentences + c.extra}
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
    outlets = {a.siglum: a.outlet for a in story.articles}
    for first, second, numbers in _differing_quantities(story, quoted):
        pair = tuple(sorted((claim_of[first.anchor], claim_of[second.anchor]), key=_claim_number))
        if pair in kinds_between or pair[0] == pair[1]:
            continue
        kinds_between[pair] = {"number"}
        found.append(Disagreement(
            kind="number",
            summary=f"{outlets[first.siglum]} against {outlets[second.siglum]}: "
                    f"{numbers[0]} or {numbers[1]}, in otherwise matching words",
            versions=(Version(first, (numbers[0],)), Version(second, (numbers[1],))),
            claims=pair,
        ))
    for quote in story.quotes:
        if any(o.fidelity == "altered" for o in quote.occurrences):
            versions = tuple(Version(sentences[o.anchor], tuple(words for op, words in o.diff if op == "added"))
                             for o in quote.occurrences if o.anchor is not None)
            found.append(Disagreement(
                kind="quotation",
                summary=f"Outlets word the quotation \u201c{shortened(quote.text, QUOTATION_NAMED_CHARACTERS)}\u201d differently",
                versions=versions,
                claims=tuple(dict.fromkeys(claim_of[v.sentence.anchor] for v in versions)),
            ))
    return tuple(found)


def _differing_quantities(story: Story, quoted) -> list[tuple[Sentence, Sentence, tuple[str, str]]]:
    """Pairs of sentences of different outlets that give one quantity, in one frame, differently.

    A quantity's frame is the content word before it and the word after it ("Grimm, 44,", "pay
    $88,000 for"); two sentences disagree when their frames match, their numbers differ, neither
    gives the other's number, neither hedges ("more than 16 million"), and their other words
    mostly match: a false disagreement misleads like a false footnote, so every test is strict.
    Sentences are met through their frames, so the cost follows the story's length; a frame
    that many sentences share is a formula ("5 percent"), not one fact, and is skipped.
    """
    by_frame: dict[tuple, list[tuple[Sentence, str, str]]] = defaultdict(list)
    figures_of: dict[str, list] = {}
    for article in story.articles:
        for sentence in article.sentences:
            figures_of[sentence.anchor] = _quantities(_outside_quotations(sentence, quoted))
            for frame, value, shown in figures_of[sentence.anchor]:
                by_frame[frame].append((sentence, value, shown))
    found, seen = [], set()
    read: dict[str, tuple[set[str], set[str]]] = {}  # a sentence's words and values, read once for all its frames

    def reading(sentence: Sentence) -> tuple[set[str], set[str]]:
        if sentence.anchor not in read:
            read[sentence.anchor] = _context_words(sentence.text), _values(sentence, figures_of[sentence.anchor])
        return read[sentence.anchor]

    for frame in sorted(by_frame):
        told = by_frame[frame]
        if len(told) > MAX_FRAME_SENTENCES:
            continue
        for (a, value_a, shown_a), (b, value_b, shown_b) in combinations(told, 2):
            if a.siglum == b.siglum or value_a == value_b or (a.anchor, b.anchor) in seen:
                continue
            (words_a, values_a), (words_b, values_b) = reading(a), reading(b)
            shared = words_a & words_b
            if value_a in values_b or value_b in values_a or len(shared) < DISAGREE_SHARED \
                    or len(shared) / len(words_a | words_b) < DISAGREE_OVERLAP:
                continue
            seen.add((a.anchor, b.anchor))
            found.append((a, b, (shown_a, shown_b)))
    return found


def _quantities(text: str) -> list[tuple[tuple[str, str, str], str, str]]:
    """Each unhedged written figure: (its frame, its value, as printed)."""
    if not _DIGIT.search(text):  # most sentences give no figure: their words need no reading
        return []
    found = []
    # The sentence's words are read once: a frame word holds no digit, so none runs into a figure,
    # and the words before a figure are those that end before it.
    words = [(m.start(), m.end(), m.group().casefold()) for m in _FRAME_WORD.finditer(text)]
    starts, ends = [start for start, _, _ in words], [end for _, end, _ in words]
    last_content, content = [], None  # per count of words, the last content word among them
    for _, _, word in words:
        last_content.append(content)
        content = word if word not in STOP_WORDS else content
    last_content.append(content)
    for match in _QUANTITY.finditer(text):
        preceding = bisect_right(ends, match.start())  # how many words come before the figure
        before = [word for _, _, word in words[max(0, preceding - 2):preceding]]
        if before and (before[-1] in _HEDGES or " ".join(before[-2:]) in _HEDGES):
            continue
        if last_content[preceding] is None:
            continue
        following = bisect_left(starts, match.end())
        unit = "$" if match.group(0).startswith("$") else ""
        scale = (match.group("scale") or "").casefold()
        frame = (last_content[preceding], words[following][2] if following < len(words) else "", unit + scale)
        found.append((frame, match.group("digits").replace(",", "") + scale, match.group(0).strip()))
    return found


def _values(sentence: Sentence, figures) -> set[str]:
    """The values of a sentence's `figures` (as _quantities read them outside its quotations), and
    of every figure its text prints, quoted or hedged."""
    return {value for _, value, _ in figures} | \
        {m.group("digits").replace(",", "") + (m.group("scale") or "").casefold()
         for m in _QUANTITY.finditer(sentence.text)}


def _context_words(text: str) -> set[str]:
    return {w for w in comparable_words(text) if w not in STOP_WORDS and not w[0].isdigit()}


def _claim_number(claim_id: str) -> int:
    return int(claim_id[1:])


def _summary(kinds, story, first: Claim, second: Claim) -> str:
    outlets = {a.siglum: a.outlet for a in story.articles}

    def names(claim):
        named = [outlets[s] for s in claim.outlets]
        return named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]
    what = {"number": "different numbers", "name": "different names", "negation": "one denies what the other states",
            "direction": "opposite directions", "role": "who did what to whom is reversed"}
    return f"{names(first)} against {names(second)}: {'; '.join(what[k] for k in kinds)}"


def _differing_words(first: str, second: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The words each side has where the other has something else (for highlighting)."""
    a, b = first.split(), second.split()
    left, right = [], []
    for op, i1, i2, j1, j2 in word_opcodes(_word_keys(first), _word_keys(second)):
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


# --- coverage ----------------------------------------------------------------------


def outlet_coverage(claims: tuple[Claim, ...], story: Story, source_of: dict[str, str]) -> tuple[OutletCoverage, ...]:
    """Each outlet's part; "most others carried it" counts rewrites of one shared text once.
    Public: the editor's corrections count it again after moving a fact in or out."""
    digest = [c for c in claims if c.in_digest]
    sources = {a.siglum: source_of.get(a.siglum, a.siglum) for a in story.articles}
    others = len(set(sources.values())) - 1
    carried = _carried((c.outlets for c in claims), story)
    # Each claim's outlets, and the sources they tell of and how many: "most others" is asked of
    # every outlet and claim, so an outlet's own source is taken off by a count, not a new set.
    by_source = [(c.id, set(c.outlets), told, len(told)) for c in digest for told in [{sources[s] for s in c.outlets}]]
    result = []
    for article in story.articles:
        own = carried[article.siglum]
        in_digest = sum(1 for n in own if claims[n].in_digest)
        mine = sources[article.siglum]
        result.append(OutletCoverage(
            siglum=article.siglum,
            claims=len(own),
            story_share=round(len(own) / len(claims), 4) if claims else 0.0,
            digest_share=round(in_digest / len(digest), 4) if digest else 0.0,
            left_out=tuple(claim_id for claim_id, outlets, told, size in by_source
                           if article.siglum not in outlets and (size - (mine in told)) * 2 > others),
        ))
    return tuple(result)


def _carried(outlets, story: Story) -> dict[str, set[int]]:
    """Per outlet, the positions of the claims it carried, from each claim's outlets: one pass."""
    carried: dict[str, set[int]] = {a.siglum: set() for a in story.articles}
    for number, sigla in enumerate(outlets):
        for siglum in sigla:
            carried[siglum].add(number)
    return carried


def _shared_copy(clusters: list[tuple[Sentence, ...]], story: Story) -> tuple[tuple[str, ...], ...]:
    """Outlets that rewrite one shared (wire) text carry nearly all the same claims.

    Readers should not count one wire story printed twice as two independent sources, and
    neither does the digest, which needs independent outlets for a fact.
    """
    carried = _carried(([s.siglum for s in members] for members in clusters), story)
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
