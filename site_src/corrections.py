"""Stage, correct: the editor's corrections and notes, applied to the composed digest.

The editor steers the digest where the comparison got it wrong and adds the context the outlets
did not give, naming each fact (or quotation) by a few of its words, as any outlet's sentence of
it words them. A merge or a split regroups sentences, so the digest is composed again from the
regrouped claims, and its order, wording, footnotes, details, coverage and disagreements follow;
an exclusion, a pin and a speaker then change only what they name. Notes are attached last, to
the corrected digest. Words that name no fact, or more than one, stop the build with the
closest candidates: a correction or a note is never dropped.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field, replace
from functools import lru_cache

from .compose import compose_story, outlet_coverage
from .frontmatter import ContentError
from .model import Alignment, Annotation, Change, Claim, Correction, Digest, EditorNote, Problem, Quote, Sentence, Story
from .settings import FEWEST_OUTLETS
from .words import folded_words, shortened, without_accents

REGROUPING = ("merge", "split")  # the corrections that change which sentences state one fact
CANDIDATES_SHOWN = 3  # closest candidates a message lists: enough to copy from, few enough to read
MATCHES_SHOWN = 5  # of the facts a too-short selector matched
# A selector's word "nearly" matches a misspelt one ("milion") at this similarity (difflib's ratio).
NEAR_WORD = 0.8
LABEL_CHARACTERS = 80  # a fact named in a message: enough to recognise it


@dataclass(frozen=True)
class Target:
    """Something a selector can name: a fact (its sentences) or a quotation (its wordings)."""

    key: str  # a claim id, a quote id, or a position in the list searched
    texts: tuple[str, ...]
    label: str  # how a message names it


def correct_story(story: Story) -> Story:
    """The story with its editor's corrections applied and notes attached; ContentError naming
    story.md's line for each that cannot be."""
    raw = story.source
    if not (raw.corrections or raw.annotations) or len(story.articles) < FEWEST_OUTLETS:
        return story  # a one-article story has no digest to correct (load warns)
    problems: list[Problem] = []
    regrouped, pending = _regroup(story, [c for c in raw.corrections if c.kind in REGROUPING], problems)
    digest = regrouped.digest
    changes = list(pending)
    quotes = regrouped.quotes
    for correction in raw.corrections:
        if correction.kind == "speaker":
            quotes, change = _speaker(quotes, correction, raw.path, problems)
        elif correction.kind in ("exclude", "pin"):
            digest, change = _steer(digest, regrouped, correction, raw.path, problems)
        else:
            continue
        if change is not None:
            changes.append(change)
    notes = tuple(note for note in (_attach(n, digest, quotes, raw.path, problems) for n in raw.annotations)
                  if note is not None)
    if problems:
        raise ContentError(problems)
    return replace(regrouped, quotes=quotes, digest=replace(digest, annotations=notes, changes=tuple(changes)))


# --- finding what a selector names --------------------------------------------------


@lru_cache(maxsize=65536)
def _words(text: str) -> str:
    """A text's words, folded as a reader would say them, between spaces: `in` then finds a run of
    words. Cached: every selector is looked for in every sentence."""
    return " " + " ".join(without_accents(w) for w in folded_words(text)) + " "


def _find(selector: str, targets: list[Target], what: str, key: str, path: str, line: int,
          problems: list[Problem]) -> Target | None:
    """The one target whose words hold the selector's as a run; a problem listing the candidates
    when none or several do."""
    wanted = _words(selector)
    found = [t for t in targets if any(wanted in _words(text) for text in t.texts)]
    if len(found) == 1:
        return found[0]
    written = f"`{key}: \"{selector}\"`"
    if found:
        shown = "; ".join(t.label for t in found[:MATCHES_SHOWN])
        more = f"; and {len(found) - MATCHES_SHOWN} more" if len(found) > MATCHES_SHOWN else ""
        first, _, rest = what.partition(" ")
        problems.append(Problem(path, line, f"{written} matches {len(found)} {first}s{' ' * bool(rest)}{rest} "
                                f"({shown}{more}); "
                                "add words until it matches one"))
    else:
        closest = _closest(wanted.split(), targets)
        hint = f"; the closest: {'; '.join(t.label for t in closest)}" if closest else ""
        problems.append(Problem(path, line, f"{written} matches no {what}{hint}; copy a few words from "
                                "the page"))
    return None


def _closest(words: list[str], targets: list[Target]) -> list[Target]:
    """The targets holding the most of the selector's words, a misspelt word nearly matching."""
    def score(target: Target) -> int:
        vocabulary = set(" ".join(_words(text) for text in target.texts).split())
        return sum(1 for w in words if w in vocabulary or difflib.get_close_matches(w, vocabulary, 1, NEAR_WORD))
    scored = [(score(t), k) for k, t in enumerate(targets)]
    ranked = sorted((pair for pair in scored if pair[0]), key=lambda pair: (-pair[0], pair[1]))
    return [targets[k] for _, k in ranked[:CANDIDATES_SHOWN]]


def _claim_targets(claims: tuple[Claim, ...]) -> list[Target]:
    return [Target(claim.id, tuple(s.text for s in (*claim.sentences, *claim.extra)),
                   f"{claim.id} ({', '.join(claim.outlets)}) \u201c{shortened(claim.text, LABEL_CHARACTERS)}\u201d") for claim in claims]


def _quote_targets(quotes: tuple[Quote, ...]) -> list[Target]:
    return [Target(quote.id, (quote.text, *(o.text for o in quote.occurrences)),
                   f"{quote.id} \u201c{shortened(quote.text, LABEL_CHARACTERS)}\u201d") for quote in quotes]


# --- merge and split: the claims regrouped, the digest composed again ----------------------


def _regroup(story: Story, corrections: list[Correction], problems: list[Problem]) -> tuple[Story, list[Change]]:
    """Merges and splits in the order written, each on the groups of sentences the ones before it
    left; then the digest composed again from the regrouped sentences, if any changed."""
    path = story.source.path
    groups = _Groups([list(c.sentences + c.extra) for c in story.digest.claims],
                     [t.label for t in _claim_targets(story.digest.claims)])
    original = {s.anchor: claim.id for claim in story.digest.claims for s in claim.sentences + claim.extra}
    conflicting = [frozenset(d.claims) for d in story.digest.disagreements if d.kind != "quotation"]
    pending: list[tuple[Correction, str | None, list[str]]] = []  # (correction, sentence taken out, anchors)
    for correction in corrections:
        targets = groups.targets()  # as the corrections before this one left the groups
        chosen = [_find(selector, targets, "fact", correction.kind, path, correction.line, problems)
                  for selector in correction.selectors]
        if None in chosen:
            continue
        picked = [int(t.key) for t in chosen]
        if correction.kind == "merge":
            told = {original[s.anchor] for k in picked for s in groups.sentences[k]}
            refusal = ("two of the merge's selectors name the same fact; name each fact once"
                       if len(set(picked)) < len(picked) else
                       "these facts are listed where the outlets disagree (their numbers, names or negations "
                       "differ), so they stay apart" if any(pair <= told for pair in conflicting) else None)
            if refusal:
                problems.append(Problem(path, correction.line, refusal))
            else:
                pending.append((correction, None, [groups.merge(picked)]))
            continue
        group = groups.sentences[picked[0]]
        if len(group) < 2:
            problems.append(Problem(path, correction.line, "that fact has one sentence; there is nothing to split "
                                    "it from"))
            continue
        sentences = [Target(str(k), (s.text,), f"{s.anchor} \u201c{shortened(s.text, LABEL_CHARACTERS)}\u201d")
                     for k, s in enumerate(group)]
        out = _find(correction.out, sentences, "sentence of that fact", "out", path, correction.line, problems)
        if out is not None:
            pending.append((correction, group[int(out.key)].anchor, groups.split(picked[0], int(out.key))))
    if not pending:
        return story, []
    recomposed = compose_story(replace(story, alignment=groups.alignment(story.alignment), digest=None),
                               shared_copy=story.digest.shared_copy)
    claim_of = {s.anchor: c.id for c in recomposed.digest.claims for s in c.sentences + c.extra}
    for correction, taken, anchors in pending:
        if taken and claim_of[anchors[0]] == claim_of[taken]:  # its outlet has another sentence of the fact
            problems.append(Problem(path, correction.line, f"`out: \"{correction.out}\"` is one of two sentences "
                                    "of its outlet in that fact, and the other keeps it there; take out both"))
    return recomposed, [Change(kind=c.kind, reason=c.reason, sentence=taken, line=c.line,
                               claims=tuple(dict.fromkeys(claim_of[a] for a in anchors)))
                        for c, taken, anchors in pending]


@dataclass
class _Groups:
    """The facts as groups of sentences while merges and splits regroup them (local to _regroup,
    so mutable): each group's sentences, its own outlet's first, and how a message names it."""

    sentences: list[list[Sentence]]
    labels: list[str]
    changed: set[int] = field(default_factory=set)

    def targets(self) -> list[Target]:
        return [Target(str(k), tuple(s.text for s in group), self.labels[k])
                for k, group in enumerate(self.sentences) if group]

    def merge(self, picked: list[int]) -> str:
        """One group of the picked ones' sentences, each outlet's first staying its sentence of the
        fact; the anchor that finds it again."""
        self._add([s for k in picked for s in self.sentences[k]])
        for k in picked:
            self.sentences[k] = []
        self.changed.update(picked)
        return self.sentences[-1][0].anchor

    def split(self, k: int, position: int) -> list[str]:
        """The sentence at `position` taken out of group `k` into a group of its own; the anchors
        that find the two again."""
        taken = self.sentences[k].pop(position)
        self.labels[k] = _group_label(self.sentences[k])
        self.changed.add(k)
        self._add([taken])
        return [self.sentences[k][0].anchor, taken.anchor]

    def _add(self, group: list[Sentence]) -> None:
        self.sentences.append(group)
        self.labels.append(_group_label(group))
        self.changed.add(len(self.sentences) - 1)

    def alignment(self, aligned: Alignment) -> Alignment:
        """The aligner's clusters with every sentence of a changed group taken out and the changed
        groups added as clusters of their own."""
        moved = [tuple(s.anchor for s in self.sentences[k]) for k in sorted(self.changed) if self.sentences[k]]
        taken_out = {anchor for cluster in moved for anchor in cluster}
        kept = (tuple(a for a in cluster if a not in taken_out) for cluster in aligned.clusters)
        return replace(aligned, clusters=tuple(c for c in kept if c) + tuple(moved))


def _group_label(group: list[Sentence]) -> str:
    sigla = ", ".join(dict.fromkeys(s.siglum for s in group))
    return f"({sigla}) \u201c{shortened(group[0].text, LABEL_CHARACTERS)}\u201d"


# --- exclude and pin: a fact out of the digest, or into it --------------------------------------


def _steer(digest: Digest, story: Story, correction: Correction, path: str,
           problems: list[Problem]) -> tuple[Digest, Change | None]:
    found = _find(correction.selectors[0], _claim_targets(digest.claims), "fact", correction.kind, path,
                  correction.line, problems)
    if found is None:
        return digest, None
    claim = next(c for c in digest.claims if c.id == found.key)
    change = Change(kind=correction.kind, reason=correction.reason, claims=(claim.id,), line=correction.line)
    if correction.kind == "exclude":
        if not claim.in_digest:
            problems.append(Problem(path, correction.line, f"{found.label} is not in the digest; there is "
                                    "nothing to exclude"))
            return digest, None
        paragraphs = tuple(p for p in (tuple(i for i in para if i != claim.id) for para in digest.paragraphs) if p)
        corrected = replace(claim, in_digest=False, left_out="editor")
    else:
        if claim.in_digest:
            problems.append(Problem(path, correction.line, f"{found.label} is in the digest already"))
            return digest, None
        paragraphs = _placed(claim, digest)
        corrected = replace(claim, in_digest=True, left_out="")
    return _recounted(digest, story, corrected, paragraphs), change


def _placed(claim: Claim, digest: Digest) -> tuple[tuple[str, ...], ...]:
    """The digest's paragraphs with a pinned claim as a paragraph of its own, after the paragraph of
    the last digest fact its outlets told before it (first, if none)."""
    told = {s.siglum: (s.paragraph, s.index) for s in claim.sentences}
    claims = {c.id: c for c in digest.claims}
    after = -1
    for number, paragraph in enumerate(digest.paragraphs):
        if any(s.siglum in told and (s.paragraph, s.index) < told[s.siglum]
               for i in paragraph for s in claims[i].sentences):
            after = number
    return digest.paragraphs[:after + 1] + ((claim.id,),) + digest.paragraphs[after + 1:]


def _recounted(digest: Digest, story: Story, corrected: Claim, paragraphs: tuple[tuple[str, ...], ...]) -> Digest:
    """The digest with one claim moved in or out: its claims in digest order first, the outlets'
    additions without a pinned fact, and each outlet's coverage counted anew by compose's rule."""
    position = {claim_id: k for k, claim_id in enumerate(i for p in paragraphs for i in p)}
    claims = tuple(corrected if c.id == corrected.id else c for c in digest.claims)
    claims = tuple(sorted(claims, key=lambda c: (c.id not in position, position.get(c.id, 0))))
    source_of = {siglum: group[0] for group in digest.shared_copy for siglum in group}
    additions = tuple((siglum, tuple(i for i in ids if i not in position)) for siglum, ids in digest.additions)
    return replace(digest, claims=claims, paragraphs=paragraphs, coverage=outlet_coverage(claims, story, source_of),
                   additions=additions)


# --- speaker: who spoke a quotation ----------------------------------------------------------


def _speaker(quotes: tuple[Quote, ...], correction: Correction, path: str,
             problems: list[Problem]) -> tuple[tuple[Quote, ...], Change | None]:
    found = _find(correction.selectors[0], _quote_targets(quotes), "quotation", "speaker", path, correction.line,
                  problems)
    if found is None:
        return quotes, None
    quote = next(q for q in quotes if q.id == found.key)
    if quote.speaker == correction.to:
        problems.append(Problem(path, correction.line, f"{found.label} is already {correction.to}'s; "
                                "this correction changes nothing"))
        return quotes, None
    # A speaker makes a quoted term a quotation: someone said it.
    corrected = replace(quote, speaker=correction.to, kind="quotation")
    change = Change(kind="speaker", reason=correction.reason, quote=quote.id, speaker=quote.speaker,
                    line=correction.line)
    return tuple(corrected if q.id == quote.id else q for q in quotes), change


# --- notes ---------------------------------------------------------------------------


def _attach(note: EditorNote, digest: Digest, quotes: tuple[Quote, ...], path: str,
            problems: list[Problem]) -> Annotation | None:
    if note.about == "claim":
        found = _find(note.selector, _claim_targets(digest.claims), "fact", "on", path, note.line, problems)
    else:
        found = _find(note.selector, _quote_targets(quotes), "quotation", "quote", path, note.line, problems)
    if found is None:
        return None
    return Annotation(target=found.key, about=note.about, note=note.note, selector=note.selector,
                      line=note.note_line)
