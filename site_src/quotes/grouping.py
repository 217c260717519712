"""One quotation, many outlets: occurrences joined, the canonical wording and speaker chosen,
each occurrence's fidelity to it, and one name per speaker across the story.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace
from datetime import datetime, timedelta, timezone

from ..model import Quote, QuoteOccurrence, Story
from ..words import word_opcodes
from .attribution import Cue, Found, attribute_article
from .names import (POSSESSIVE_PRONOUNS, CompatibleIndex, compatible, kind_of_name, name_key, several_people,
                    specificity)
from .vocabulary import SMALL_WORDS
from .wording import canonical_tokens, excerpt_of, insertions, leaves_out, spelt_together, without_gaps

# Words in order that count as shared with another wording: one common word ("the") proves nothing.
MIN_RUN = 2
# Shorter than this, the same words may be anybody's ("unacceptable"): joined only when speakers agree.
MIN_ANYBODYS_WORDS = 3
# From this many words, an excerpt or an alteration is one quotation whoever the outlets name.
MIN_LONG_WORDS = 4
# Share of the shorter wording's words that an alteration keeps in order ...
SHARED_SHARE = 0.6
# ... and of the longer's, when the outlets do not agree on the speaker.
SHARED_SHARE_UNAGREED = 0.5
# A word or pair carried by more wordings than this, or than one in COMMON_FEATURE_SHARE of them, tells
# nothing of which go together.
COMMON_FEATURE = 50
COMMON_FEATURE_SHARE = 10
# Pairs of consecutive words a long wording shares with another before the two are compared.
MIN_SHARED_PAIRS = 2
# The furthest a local time is from UTC (UTC+14): a bare date or time is anywhere within it.
UTC_OFFSET_HOURS = 14


def _shared_words(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    """Words the two have in common, in order, in runs of two or more."""
    return sum(i2 - i1 for op, i1, i2, _, _ in word_opcodes(a, b) if op == "equal" and i2 - i1 >= MIN_RUN)


def _different_people(a: str | None, b: str | None) -> bool:
    """Two speakers each named by a first name and a surname, who cannot be one person: "Mary
    Cheney" and "former Vice President Dick Cheney", but not "Smith" and "John Smith"."""
    return a is not None and b is not None and name_key(a)[1] is not None and name_key(b)[1] is not None \
        and not compatible(a, b)


def _person_and_document(a: str | None, b: str | None) -> bool:
    """One speaker a person, the other a document ("Father Reese", "the letter"): what one says in
    other words than the other is not the same quotation reworded."""
    kinds = {kind_of_name(a, frozenset()), kind_of_name(b, frozenset())} if a and b else set()
    return kinds == {"person", "document"}


def _same_quotation(a: Found, b: Found) -> bool:
    """Identical, an excerpt, or mostly the same words in order: one quotation.

    Short ones (a word or three) are matched only when their speakers agree,
    since two people may well say "unacceptable"; other words are another's
    only when the outlets name two different people.
    """
    if a.article == b.article and a.span.start < b.span.end and b.span.start < a.span.end:
        return False
    pa, pb = a.plain, b.plain
    shorter = min(len(pa), len(pb))
    agree = a.cue.speaker is not None and b.cue.speaker is not None and compatible(a.cue.speaker, b.cue.speaker)
    if pa == pb:
        unattributed = a.cue.speaker is None and b.cue.speaker is None and a.kind == b.kind
        return shorter >= MIN_ANYBODYS_WORDS or agree or unattributed
    if _different_people(a.cue.speaker, b.cue.speaker):
        return False  # Dick Cheney's "I think that freedom means freedom for everyone" is not his daughter's
    common = len(a.vocabulary & b.vocabulary)
    if common == len(a.vocabulary if len(pa) <= len(pb) else b.vocabulary) and (
            excerpt_of(a.words, b.words) or excerpt_of(b.words, a.words)):
        short, long = (a, b) if excerpt_of(a.words, b.words) else (b, a)
        if any(excerpt_of(short.words, inner) for inner in long.quoted_within):
            return False  # "reaffirming that 'In God We Trust' is our motto" quotes the motto, not its speaker
        return shorter >= MIN_LONG_WORDS or agree
    if a.article == b.article and a.paragraph == b.paragraph:
        return False  # one paragraph's two sentences that share words are two things said, not one reworded
    if a.content == b.content and len(a.content) >= MIN_LONG_WORDS:
        return True  # "a rationale gutting government programs" and "rationale for gutting ...": altered
    if common < MIN_LONG_WORDS or common < SHARED_SHARE * shorter:
        return False  # too few words in common for the alignment below to find enough
    if _person_and_document(a.cue.speaker, b.cue.speaker):
        return False  # Father Reese's words reworded are not the letter's that echo them
    shared = _shared_words(pa, pb)
    return shared >= MIN_LONG_WORDS and shared >= SHARED_SHARE * shorter and (
        agree or shared >= SHARED_SHARE_UNAGREED * max(len(pa), len(pb)))


def _clusters(found: list[Found]) -> list[list[Found]]:
    """Occurrences of one quotation, joined.

    Identical copies (wire copy repeats itself) are joined first and compared
    once. Quotations of four words or more are then joined to those sharing a
    pair of consecutive words with them; a shorter one (with its copies)
    joins the one quotation it most plainly belongs to (see _likeliest_home),
    and never more than one: "priority" must not bridge two of Warner's sentences.
    Two short ones join only as the same words: "coward" may be a word of
    "sniveling coward" or of a whole tweet, and must not bridge the two.
    """
    parent = list(range(len(found)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(i: int, j: int) -> None:
        parent[root(j)] = root(i)

    copies: dict[tuple, int] = {}
    distinct: list[int] = []
    for i, item in enumerate(found):
        key = (item.words,) if len(item.plain) >= MIN_ANYBODYS_WORDS else (item.words, item.cue.speaker, item.kind)
        if key in copies and _same_quotation(found[copies[key]], item):
            join(copies[key], i)
        else:
            copies.setdefault(key, i)
            distinct.append(i)
    long = {i: len(found[i].plain) >= MIN_LONG_WORDS for i in distinct}

    made: dict[tuple[int, bool], set] = {}

    def features(i: int, pairs: bool) -> set:
        """Asked of each occurrence when it is indexed and again for its candidates: made once."""
        if (i, pairs) not in made:
            words = found[i].plain
            made[i, pairs] = set(zip(words, words[1:])) if pairs else set(words) - SMALL_WORDS
        return made[i, pairs]

    def index(members: list[int], pairs: bool) -> dict:
        postings: dict = defaultdict(list)
        for i in members:
            for feature in features(i, pairs):
                postings[feature].append(i)
        return postings

    def candidates(i: int, postings: dict, pairs: bool) -> list[int]:
        """Those sharing a word (two pairs of words, for long ones: an excerpt or an alteration
        worth the name shares at least that), ignoring features so common they tell nothing."""
        limit = max(COMMON_FEATURE, len(distinct) // COMMON_FEATURE_SHARE)
        shared = Counter(j for f in features(i, pairs) if len(postings.get(f, ())) <= limit
                         for j in postings.get(f, ()) if j != i)
        return sorted(j for j, count in shared.items() if count >= (MIN_SHARED_PAIRS if pairs and long[j] else 1))

    longs = [i for i in distinct if long[i]]
    shorts = [i for i in distinct if not long[i]]
    for members, pairs in ((longs, True), (shorts, False)):
        postings = index(members, pairs)
        for i in members:
            for j in candidates(i, postings, pairs):
                if j > i and root(i) != root(j) and (pairs or found[i].plain == found[j].plain) \
                        and _same_quotation(found[i], found[j]):
                    join(i, j)
    long_words = index(longs, pairs=False)
    # Each short group asks for its home once per speaker its copies give: a copy joined for its
    # words alone may be the one whose speaker agrees with the home's.
    short_groups: dict[int, dict[tuple, int]] = defaultdict(dict)
    for i, item in enumerate(found):
        if len(item.plain) < MIN_LONG_WORDS:
            short_groups[root(i)].setdefault((item.words, item.cue.speaker), i)
    held_by: dict[int, list[int]] = defaultdict(list)  # each home's long members, copies too; joins below keep them
    for i, item in enumerate(found):
        if len(item.plain) >= MIN_LONG_WORDS:
            held_by[root(i)].append(i)
    for members in (list(group.values()) for group in short_groups.values()):
        homes = set()
        for i in members:
            for j in candidates(i, long_words, False):
                # A short quotation is one with a long one only as an excerpt of it: every word of
                # it in the long one is the cheap half of _same_quotation's test, asked first.
                if root(j) not in homes and found[i].vocabulary <= found[j].vocabulary \
                        and _same_quotation(found[i], found[j]):  # a home is found once
                    homes.add(root(j))
        if homes:
            join(_likeliest_home(found, members[0], {home: held_by[home] for home in homes}), members[0])
    groups: dict[int, list[Found]] = defaultdict(list)
    for i, item in enumerate(found):
        groups[root(i)].append(item)
    return sorted(groups.values(), key=lambda g: min((f.article, f.span.start) for f in g))


def _likeliest_home(found: list[Found], short: int, homes: dict[int, list[int]]) -> int:
    """Of the quotations a fragment's speaker said that hold its words (`homes`: each one's long
    members), the one its own outlet quotes it from, then the one most outlets word it in (so
    likely its canonical wording does), then the first: "very badly" is the sentence the outlet
    quotes whole, not another outlet's rewording of another sentence that adds "very"."""
    item = found[short]

    def plainness(home: int) -> tuple[int, int, int, int]:
        holders = [j for j in homes[home] if excerpt_of(item.words, found[j].words)]
        article, start = min((found[j].article, found[j].span.start) for j in homes[home])
        return sum(found[j].article == item.article for j in holders), len(holders), -article, -start

    return max(homes, key=plainness)


# How plainly each way of attributing names the speaker: beside the marks, in the sentence, carried over.
_WEIGHTS = {"post": 3, "pre": 3, "sentence": 2, "according": 2, "continued": 1, "floating": 1}


def _cue_weight(cue: Cue) -> int:
    return _WEIGHTS.get(cue.how, 0) - cue.anaphor if cue.speaker is not None else 0


def _vote(group: list[Found]) -> str | None:
    """The speaker most outlets name, weighted by how plainly each names it.

    A class keeps each of its names once, so a speaker quoted a thousand times
    is compared with the names, not with every occurrence.
    """
    classes: list[tuple[dict[str, None], list[int]]] = []
    holding = CompatibleIndex()  # each class under its names: a speaker is compared with the classes it may join
    for item in group:
        speaker = item.cue.speaker
        if speaker is None:
            continue
        weight = max(1, _cue_weight(item.cue))
        home = next((k for k in holding.candidates(speaker)
                     if speaker in classes[k][0] or all(compatible(speaker, n) for n in classes[k][0])), None)
        if home is None:
            classes.append(({speaker: None}, [weight]))
            holding.add(speaker, len(classes) - 1)
        else:
            if speaker not in classes[home][0]:
                holding.add(speaker, home)
            classes[home][0][speaker] = None
            classes[home][1].append(weight)
    if not classes:
        return None
    _, (names, _) = max(enumerate(classes), key=lambda c: (sum(c[1][1]), max(c[1][1]), -c[0]))
    return max(names, key=lambda name: (not several_people(name), specificity(name)))  # Long, not "Long and Bosma"


def _fidelity(tokens: tuple, canonical: tuple) -> str:
    if tokens == canonical or spelt_together(tokens) == spelt_together(canonical):
        return "verbatim"
    return "partial" if excerpt_of(tokens, canonical) else "altered"


def _fidelity_of(item: Found, canonical: Found) -> str:
    """As _fidelity, and an editor's insertion the canonical text does not carry alters the words:
    the gap it leaves is filled with words the speaker did not say."""
    fidelity = _fidelity(item.words, canonical.words)
    if fidelity != "altered" and not insertions(item.text) <= insertions(canonical.text):
        return "altered"
    return fidelity


def _diff(text: str, canonical: str) -> tuple[tuple[str, str], ...]:
    """Word-level edits from the canonical wording to this one: same, dropped and added words."""
    ours, theirs = text.split(), canonical.split()
    keys_ours = [canonical_tokens(w) or (w,) for w in ours]
    keys_theirs = [canonical_tokens(w) or (w,) for w in theirs]
    ops: list[tuple[str, str]] = []

    def add(op: str, words: list[str]) -> None:
        if not words:
            return
        if ops and ops[-1][0] == op:
            ops[-1] = (op, ops[-1][1] + " " + " ".join(words))
        else:
            ops.append((op, " ".join(words)))

    for tag, i1, i2, j1, j2 in word_opcodes(keys_theirs, keys_ours):
        if tag == "equal":
            add("same", ours[j1:j2])
        else:
            add("dropped", theirs[i1:i2])
            add("added", ours[j1:j2])
    return tuple(ops)


def _published(value: object) -> tuple[datetime, datetime] | None:
    """The window a publication time stands for, in UTC: a bare date is a whole day anywhere."""
    if value is None:
        return None
    raw = str(value).strip()
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        return None
    slack = timedelta(hours=UTC_OFFSET_HOURS)
    if len(raw) <= len("2020-01-01"):  # a date without a time
        moment = moment.replace(tzinfo=timezone.utc)
        return moment - slack, moment + timedelta(days=1) + slack
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
        return moment - slack, moment + slack
    return moment, moment


def _first_carrier(sigla: list[str], windows: dict[str, tuple[datetime, datetime] | None]) -> str | None:
    """The outlet that published first, when every carrier's time is known and one is surely first."""
    carriers = sorted(set(sigla))
    if any(windows[s] is None for s in carriers):
        return None
    for siglum in carriers:
        if all(windows[siglum][1] < windows[other][0] for other in carriers if other != siglum):
            return siglum
    return None


def _unify_speakers(quotes: list[Quote], named: set[str]) -> list[Quote]:
    """Across a story, a speaker's name becomes the one most specific name it is compatible with,
    among the speakers and the people the articles name ("Dukes" is "Betty Dukes")."""
    names = _most_specific_first({q.speaker for q in quotes if q.speaker and not several_people(q.speaker)
                                  and q.speaker.split()[0].lower() not in POSSESSIVE_PRONOUNS} | named)
    index = CompatibleIndex()
    for position, name in enumerate(names):
        index.add(name, position)
    best: dict[str, str] = {}
    for name in names:
        # A first name is kept: "Mary Cheney" never becomes "Vice President Cheney", whose first
        # name is not given and who may as well be Liz or Dick.
        first = name_key(name)[1]
        near = [names[k] for k in index.candidates(name)]
        fuller = [n for n in near if specificity(n) > specificity(name) and compatible(n, name) and _proper(n)
                  and (first is None or name_key(n)[1] is not None)]
        maximal = [n for n in fuller if not any(specificity(m) > specificity(n) and compatible(m, n)
                                                for m in fuller)]
        if len(maximal) == 1 or maximal and all(compatible(a, b) for a in maximal for b in maximal):
            best[name] = max(maximal, key=specificity)
    return [_named_as(q, best.get(q.speaker, q.speaker)) for q in quotes]


def _most_specific_first(names: set[str]) -> list[str]:
    """Equally specific names ("Investigation officials" at a sentence's start, "investigation
    officials" within one) in the order of their letters: a set's order changes with the hash seed
    of the process, and the first of them is the name a speaker is given."""
    return sorted(names, key=lambda name: (specificity(name), name), reverse=True)


# Shorter words ending in -ed or -ing are seldom verbs' forms: "red", "seed", "king".
MIN_VERB_FORM_LETTERS = 5


def _proper(name: str) -> bool:
    """A name others may be called by: "the question facing Democrats" or "the scholars corrected
    Mr. Ryan" is a clause a sentence's reading took for one, and names nobody."""
    return not any(word.islower() and word.endswith(("ing", "ed")) and len(word) >= MIN_VERB_FORM_LETTERS
                   for word in name.split()[1:])


def _named_as(quote: Quote, speaker: str | None) -> Quote:
    """The quote under its unified speaker; an outlet that names the same speaker otherwise
    ("the cable") is shown under that name too, and one that names somebody else keeps its own."""
    if speaker is None:
        return quote
    occurrences = tuple(replace(o, speaker=speaker) if o.speaker and o.speaker != speaker
                        and compatible(o.speaker, speaker) else o for o in quote.occurrences)
    return replace(quote, speaker=speaker, occurrences=occurrences)


# Wordings of one quotation that may become its canonical text: outlets word a quotation a few
# ways, so this many are all of them, and weighing only these keeps a chain of thousands of
# overlapping wordings from being compared each with each.
MAX_WORDINGS = 64


def _faithful_counts(wordings: Counter, candidates: list[tuple]) -> dict[tuple, int]:
    """Per candidate wording, how many occurrences are faithful to it (the same, or an excerpt).

    An excerpt's words are all the candidate's, so each wording is filed under its rarest word
    and a candidate asks only those filed under one of its own words: not every wording for
    each of the candidates.
    """
    frequency = Counter(word for words in wordings for word in set(without_gaps(words)))
    filed: dict[str, list[tuple]] = defaultdict(list)
    for words in wordings:
        plain = set(without_gaps(words))
        if plain:  # a wording of gaps alone is faithful to itself only
            filed[min(plain, key=lambda w: (frequency[w], w))].append(words)
    counts = {}
    for own in candidates:
        near = {words for word in set(without_gaps(own)) for words in filed.get(word, ())}
        counts[own] = wordings[own] + sum(wordings[words] for words in near
                                          if words != own and excerpt_of(words, own))
    return counts


def _canonical(group: list[Found], own_excerpts: bool = False) -> Found | None:
    """The wording most occurrences are faithful to, then one that leaves nothing out, then the
    fullest, then the one whose outlet says most plainly who spoke it (so likely quoted with most
    care); with `own_excerpts`, only one that another wording is an excerpt of (None if there is
    none). `group` is in the text's order."""
    wordings = Counter(f.words for f in group)
    if len(wordings) == 1:
        return None if own_excerpts else group[0]  # the first occurrence, as the weighing below would find
    faithful = _faithful_counts(wordings, [own for own, _ in wordings.most_common(MAX_WORDINGS)])
    if own_excerpts:
        faithful = {words: n for words, n in faithful.items() if n > wordings[words]}
    return max((f for f in group if f.words in faithful), default=None,
               key=lambda f: (faithful[f.words], not leaves_out(f.text), len(f.plain), _cue_weight(f.cue),
                              -f.article, -f.span.start))


# Forms of one quotation's words given as quotations of their own: a speaker repeating himself
# is quoted in two or three forms; more would be one outlet's alterations.
MAX_FORMS = 3
# A word several outlets each quote alone from one statement is a term of their own: one outlet
# cutting a sentence short to "whipsawed" has quoted part of it, while three that each call the
# claims "groundless" quote that word, whole. A phrase they share ("legitimate rape") stays a part.
MIN_TERM_OUTLETS = 2
TERM_WORDS = 1


def _forms(group: list[Found]) -> list[tuple[Found, list[Found]]]:
    """One quotation's occurrences as (canonical, occurrences) per form of the words.

    What is faithful to the canonical wording is one quotation. Among what is
    not, a wording another passage quotes part of is a second form of the
    words ("Flynn lied and they destroyed his life" said twice in different
    words, each form excerpted): a quotation of its own, not an alteration of
    the first. What is faithful to neither stays with the first, altered.
    """
    group = sorted(group, key=lambda f: (f.article, f.span.start))
    canonical = _canonical(group)
    faithful, rest = _split_altered(group, canonical)
    terms = _shared_terms(faithful, canonical)
    faithful = [f for f in faithful if spelt_together(f.words) not in terms]
    forms = [(canonical, faithful)]
    while rest and len(forms) < MAX_FORMS:
        other = _canonical(rest, own_excerpts=True)
        if other is None:
            break
        kept, rest = _split_altered(rest, other)
        forms.append((other, kept))
    forms[0] = (canonical, sorted(faithful + rest, key=lambda f: (f.article, f.span.start)))
    return forms + [(items[0], items) for items in terms.values()]


def _shared_terms(faithful: list[Found], canonical: Found) -> dict[str, list[Found]]:
    """The one-word excerpts of the canonical wording that MIN_TERM_OUTLETS outlets or more quote
    alone, each with its occurrences (in order): quotations of their own, verbatim."""
    whole = spelt_together(canonical.words)
    terms: dict[str, list[Found]] = defaultdict(list)
    for item in faithful:
        if len(item.plain) <= TERM_WORDS and spelt_together(item.words) != whole:
            terms[spelt_together(item.words)].append(item)
    return {key: items for key, items in terms.items() if len({item.article for item in items}) >= MIN_TERM_OUTLETS}


def _split_altered(group: list[Found], canonical: Found) -> tuple[list[Found], list[Found]]:
    """The occurrences faithful to the canonical wording, and those that alter it, each in order:
    each wording is compared once, however many occurrences carry it."""
    altered = {words: _fidelity(words, canonical.words) == "altered" for words in {f.words for f in group}}
    return [f for f in group if not altered[f.words]], [f for f in group if altered[f.words]]


def _quote(number: int, canonical: Found, group: list[Found], story: Story,
           windows: dict[str, tuple[datetime, datetime] | None]) -> Quote:
    """One quotation under its canonical wording, with each occurrence's fidelity to it."""
    speaker = _vote(group)
    occurrences = []
    compared: dict[tuple, tuple[str, tuple]] = {}  # (words, text) -> fidelity and diff: one per wording
    for item in group:
        article = story.articles[item.article]
        wording = (item.words, item.text)
        if wording not in compared:
            fidelity = _fidelity_of(item, canonical)
            compared[wording] = fidelity, () if fidelity == "verbatim" else _diff(item.text, canonical.text)
        fidelity, diff = compared[wording]
        cue = item.cue
        if cue.speaker is None and speaker is not None:
            cue = Cue(speaker, None, "vote")
        occurrences.append(QuoteOccurrence(
            siglum=article.siglum, anchor=item.anchor, paragraph=item.paragraph, text=item.text,
            start=item.span.start, end=item.span.end, speaker=cue.speaker, verb=cue.verb, fidelity=fidelity,
            diff=diff, attribution=cue.how))
    kind = "quotation" if any(f.kind == "quotation" for f in group) else "term"
    return Quote(id=f"q{number}", text=canonical.text, kind=kind, speaker=speaker,
                 occurrences=tuple(occurrences),
                 first_carried_by=_first_carrier([o.siglum for o in occurrences], windows))


def extract_quotes(story: Story) -> Story:
    """The story with its quote index: every quotation and quoted term, grouped across outlets."""
    found, named = [], set()
    for index, article in enumerate(story.articles):
        article_found, article_named = attribute_article(article, index)
        found += article_found
        named.update(article_named)
    found = [f for f in found if f.plain]
    windows = {a.siglum: _published(a.source.published) for a in story.articles}
    forms = sorted((form for group in _clusters(found) for form in _forms(group)),
                   key=lambda form: (form[1][0].article, form[1][0].span.start))
    quotes = [_quote(n, canonical, group, story, windows) for n, (canonical, group) in enumerate(forms, start=1)]
    return replace(story, quotes=tuple(_unify_speakers(quotes, named)))
