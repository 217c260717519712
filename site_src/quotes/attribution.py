"""One article: its spans with their cues, sentence by sentence, pronouns resolved against who
was named, and each span a quotation or a quoted term.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import cached_property
from ..lexicon import TITLES
from ..model import Article

from .mentions import (
    MASK, PRONOUNS, Reading, Token, author_after, is_name, is_title, named_speaker, np_after, np_before,
    owner_before, people_named, phrase_of, read_sentence, speaker_after, speaker_of_verbs, tokens_between,
)
from .names import (
    POSSESSIVE_PRONOUNS, Genders, compatible, gender_word, kind_of_name, name_head, several_people, without_possessive,
)
from .spans import MARK, NON_SPACE, QuoteSpan, pair_marks
from .vocabulary import (
    ANAPHORS, AUTHORING_VERBS, DETERMINERS, DOCUMENTS, FUNCTION_WORDS, GOVERNMENT_WORDS, LABEL_CUE, LABEL_VERBS, PERSON_ROLES,
    SMALL_WORDS, SPOKEN_NOUNS,
)
from .wording import canonical_tokens, without_gaps

_NOT_LINE_BREAK = re.compile(r"[^\n]")
_NOT_CLOSING = re.compile(r"[^ ”\".,;:!?]")  # what may follow a quotation that stands alone in its paragraph


@dataclass(frozen=True)
class Cue:
    """Who said a quotation, in the words of the outlet, and how that was found."""

    speaker: str | None
    verb: str | None
    how: str  # the attribution labels of QuoteOccurrence
    anaphor: bool = False  # the speaker was a pronoun or "the company", resolved
    answer: bool = False  # the words answer a question ("she replied", "His response:"): its addressee's


NO_CUE = Cue(None, None, "none")


@dataclass(frozen=True)
class _Mention:
    """Someone or something the text has just talked about, for pronouns to point back to."""

    at: int
    paragraph: int
    name: str
    kind: str  # person, people, government, organisation, document, cited document or unknown
    document: str | None = None  # the document ("statement") whose words this author's are
    sentence: int = -1  # the unit it was named in
    salient: bool = False  # a sentence's subject or a speaker, not a name in its clauses


@dataclass(frozen=True)
class _Speech:
    """A sentence that reported somebody's words without quoting them: "Dukes left, saying ..."."""

    at: int
    paragraph: int
    speaker: str
    verb: str


@dataclass(frozen=True)
class Found:
    """One span of one article, attributed and labelled."""

    article: int  # index in the story
    span: QuoteSpan
    text: str
    anchor: str | None  # as QuoteOccurrence.anchor
    paragraph: int
    cue: Cue
    kind: str
    words: tuple[str | None, ...]  # canonical_tokens(text)
    quoted_within: tuple[tuple[str | None, ...], ...] = ()  # canonical_tokens of each quotation nested in it

    @cached_property
    def plain(self) -> tuple[str, ...]:
        """The words without the editorial gaps."""
        return without_gaps(self.words)

    @cached_property
    def vocabulary(self) -> frozenset[str]:
        """The plain words as a set: what two quotations have in common is asked of each with many."""
        return frozenset(self.plain)

    @cached_property
    def content(self) -> tuple[str, ...]:
        """The plain words but the small ones, kept: every quotation of a story is compared with
        those that share its words, which in a long story is each with hundreds."""
        return tuple(w for w in self.plain if w not in SMALL_WORDS)


@dataclass(frozen=True)
class _Unit:
    """A sentence, or a whole headline: the scope in which a quotation's cue is looked for."""

    start: int
    end: int
    anchor: str | None  # the sentence's; None for a headline, which is no sentence
    paragraph: int



_WANTS = {"person": {"person", "addressee"}, "people": {"people"}, "thing": {"government", "organisation", "unknown", "document"},
          "organisation": {"organisation", "unknown"}, "document": {"document", "cited document"}}


# A party's member as a description ("the Ohio Republican"), which names the one the text is about ...
PARTY_MEMBERS = frozenset("republican democrat independent".split())
# ... in a few words: longer, it is a description of its own ("the Ohio Republican who chairs ...").
MAX_EPITHET_WORDS = len("the first-term Ohio Republican".split())

# How far back a pronoun, or a quotation continuing the last one, looks: in news a few sentences,
# so this many mentions, in the same paragraph or the RECENT_PARAGRAPHS before it, are more than enough.
RECENT_MENTIONS = 50
RECENT_PARAGRAPHS = 2


class _Memory:
    """Who the text has named so far, in the order of the text (so in paragraph order), with the
    offsets and paragraphs kept in lists of their own so that a window is found by bisecting them,
    and the sex the text gives each person, for "he" and "she"."""

    __slots__ = ("_mentions", "_ats", "_paragraphs", "genders", "titled")

    def __init__(self) -> None:
        self._mentions: list[_Mention] = []
        self._ats: list[int] = []
        self._paragraphs: list[int] = []
        self.genders = Genders()
        # Per title, as lower-case words ("former vice president") or as its office (_OFFICES), where
        # and whom the text gave it.
        self.titled: dict[tuple[str, ...], list[tuple[int, str]]] = defaultdict(list)

    def add(self, mention: _Mention) -> None:
        """Before any remembered at the same offset, so that the earlier-remembered comes first looking back."""
        at = bisect.bisect_left(self._ats, mention.at)
        self._mentions.insert(at, mention)
        self._ats.insert(at, mention.at)
        self._paragraphs.insert(at, mention.paragraph)

    def between(self, paragraph: int, after: int, before: int) -> range:
        """Where the mentions from `paragraph` on that lie between two offsets are, however long the paragraph."""
        low = max(bisect.bisect_left(self._paragraphs, paragraph), bisect.bisect_right(self._ats, after))
        return range(low, max(low, bisect.bisect_left(self._ats, before)))

    def __getitem__(self, index: int) -> _Mention:
        return self._mentions[index]

    def __iter__(self):
        return iter(self._mentions)


def _resolve(phrase: str, at: int, paragraph: int, memory: _Memory,
             answer: bool = False) -> tuple[str | None, bool]:
    """A speaker as named, or what a pronoun or "the company" points back to; None if nothing fits.

    The one a question was put to is looked at only for an `answer` ("he replied"): after "X
    asked Y ..." a "he said" goes on with X as often as not.
    """
    owner = _ACCOUNT_OWNER.match(phrase)
    if owner:
        return owner.group(1), False  # "Trump's Twitter account tweeted": his words
    words = phrase.lower().split()

    def recent():  # latest first; asked only of an anaphor
        window = memory.between(paragraph - RECENT_PARAGRAPHS, -1, at)[-RECENT_MENTIONS:]
        return (memory[i] for i in reversed(window) if memory[i].name.lower() != phrase.lower()
                and (answer or memory[i].kind != "addressee"))
    if len(words) == 1 and words[0] in PRONOUNS:
        wanted = ANAPHORS.get(words[0])
    elif words[0] in ("the", "its") and len(words) <= len("its parent company".split()) and words[-1] in ANAPHORS:
        wanted = ANAPHORS[words[-1]]
    elif words[0] == "the" and (tuple(words[1:]) in memory.titled or _OFFICES.get(words[-1]) in memory.titled
                                and all(w.islower() for w in phrase.split()[1:])):
        # "the former vice president" by the whole title; "the four-term congressman" by the office alone
        title = tuple(words[1:]) if tuple(words[1:]) in memory.titled else _OFFICES[words[-1]]
        titled = _titled_one(title, at, memory)
        return (titled, True) if titled else (phrase, False)
    elif words[0] == "the" and 3 <= len(words) <= MAX_EPITHET_WORDS \
            and words[-1] in PARTY_MEMBERS and all(w[:1].isupper() for w in phrase.split()[-2:]) \
            and words[-2] not in TITLES:  # a state's, not "the top Senate Democrat", who may be anyone
        wanted = "person"  # "the Ohio Republican said": the one the text is about, whose state and party these are
    elif words[0] == "the" and len(words) == 2 and words[-1] in DOCUMENTS | GOVERNMENT_WORDS:
        # "the cable" is the State Department cable named before, if one was; "the statement" is
        # the words of the one a statement was said to come from.
        same = next((m for m in recent() if m.document == words[-1] or name_head(m.name).lower().split()[-1] == words[-1]
                     and any(w[:1].isupper() for w in m.name.split()[1:])), None)
        return (_definite(same.name), True) if same else (phrase, False)
    else:
        return phrase, False
    if wanted is None:
        return None, True  # we, I: too vague to name anyone
    sex = words[0] if words[0] in ("he", "she") else None  # "she" is no one the text called a man
    fitting = (m for m in recent() if (m.kind in _WANTS[wanted] or wanted == "people" and several_people(m.name))
               and not (wanted == "person" and several_people(m.name))
               and (sex is None or memory.genders.of(m.name) in (None, sex)))
    match = next(fitting, None)
    if match and not match.salient and not (answer and match.kind == "addressee"):
        # The sentence that last named one who fits goes on about its subject or speaker, if that one
        # fits too: "Obama said a task force led by Biden had ... He added:" is Obama.
        same_sentence = itertools.takewhile(lambda m: m.sentence == match.sentence, fitting)
        match = next((m for m in same_sentence if m.salient), match)
    return (_definite(match.name), True) if match else (None, True)


# The office a one-word title or a role noun stands for: "Rep. Roe" is "the congressman".
_OFFICES = {word: ("office", office) for office, words in (
    ("congress", "rep representative congressman congresswoman"), ("senate", "sen senator"),
    ("governor", "gov governor"), ("mayor", "mayor"), ("secretary", "sec secretary"), ("judge", "judge"),
    ("justice", "justice")) for word in words.split()}


# A named owner's account ("Trump’s Twitter account"), whose posts are the owner's words.
_ACCOUNT_OWNER = re.compile(r"^([A-Z][\w.\- ]*?)['’]s (?:[A-Z]\w+ )?account$")


def _titled_one(title: tuple[str, ...], at: int, memory: _Memory) -> str | None:
    """"the former vice president" is the one the text called "former Vice President Dick Cheney"
    before, if everyone it gave that title before may be one person; None if nobody or several."""
    given = [name for where, name in memory.titled[title] if where < at]
    if not given or not all(compatible(a, b) for a in given for b in given):
        return None
    return max(given, key=lambda name: (len(name.split()), len(name)))


def _learn_titles(toks: list[Token], memory: _Memory, text: str) -> None:
    """"former Vice President Dick Cheney": a run of titles (and a "former") before a full name, so
    that "the former vice president" later names him; a lone surname after it ("President Trump")
    names him too. Only where a run of titles starts is looked at: most words are none."""
    titles = [k for k, tok in enumerate(toks) if tok.capitalised and tok.word.strip(".") in TITLES]
    titled = set(titles)
    for k in titles:
        if k - 1 in titled:
            continue  # inside the run of titles before it
        start = k - 1 if k and toks[k - 1].word == "former" else k
        end = k
        while end < len(toks) and toks[end].capitalised and toks[end].word.strip(".") in TITLES:
            end += 1
        last = end
        while last < len(toks) and last - end < MAX_NAME_WORDS and (is_name(toks[last]) or toks[last].possessive) \
                and without_possessive(toks[last].word).strip(".") not in TITLES:
            last += 1
            if toks[last - 1].possessive:
                break  # "President Barack Obama's endorsement": the owner is the whole name
        if last > end:
            title = tuple(t.word.strip(".") for t in toks[start:end])
            name = phrase_of(toks, start, last, text)
            memory.titled[title].append((toks[start].start, name))
            if len(title) == 1 and title[0] in _OFFICES:
                memory.titled[_OFFICES[title[0]]].append((toks[start].start, name))


def _definite(name: str) -> str:
    """"a cable" named again is "the cable"."""
    first, _, rest = name.partition(" ")
    return f"the {rest}" if first.lower() in ("a", "an") and rest else name


def attribute_article(article: Article, index: int) -> tuple[list[Found], list[str]]:
    """Every span of one article with its cue, sentence by sentence, keeping track of who was named;
    and the names of everyone named as a subject or a speaker."""
    text = article.text
    spans = [_closed_by_its_cue(text, s)
             for s in pair_marks(text, [(p.start, p.text, p.kind == "heading") for p in article.paragraphs])]
    top = [s for s in spans if not s.nested]
    masked_text = _masked(text, top)
    article_tokens = tokens_between(masked_text, 0, len(masked_text))
    token_starts = [w.start for w in article_tokens]
    people = people_named(article_tokens)
    units = sorted([_Unit(s.start, s.end, s.anchor, p.number) for p in article.paragraphs for s in p.sentences]
                   + [_Unit(p.start, p.start + len(p.text), None, p.number)
                      for p in article.paragraphs if p.kind == "heading"], key=lambda u: u.start)
    starts = [u.start for u in units]  # units do not overlap: bisecting these finds the one at an offset
    blocks = [(p.start, p.start + len(p.text)) for p in article.paragraphs]
    opened_in: dict[int, list[QuoteSpan]] = defaultdict(list)
    for span in top:
        holder = _unit_at(starts, span.opened)
        if span.opened < units[holder].end:
            opened_in[holder].append(span)
    memory = _Memory()
    _learn_titled_genders(article_tokens, memory.genders)
    _learn_titles(article_tokens, memory, masked_text)
    found: list[Found] = []
    last_quotation: Found | None = None
    cued_until = 0  # where the last quotation's own attribution ends
    speech: _Speech | None = None

    def remember(at: int, paragraph: int, name: str | None, kind: str | None = None,
                 document: str | None = None, salient: bool = True) -> None:
        if name:
            memory.add(_Mention(at, paragraph, name, kind or kind_of_name(name, people), document, number, salient))

    read: dict[str, _Read] = {}  # per sentence as written: an article that repeats one reads it once
    for number, unit in enumerate(units):
        toks = _tokens_within(article_tokens, token_starts, unit.start, unit.end, masked_text)
        sentence = masked_text[unit.start:unit.end]
        known = read.get(sentence)
        facts = known.moved(toks) if known else _read_unit(toks, masked_text, people)
        read.setdefault(sentence, facts)
        reading = facts.reading
        subject = reading.subject
        quoted = opened_in.get(number, [])
        if subject:  # "The executives sent a letter to Pence.": "the letter" is theirs later on
            put_out = facts.written_in if not quoted and not facts.reported else None
            remember(subject[1], unit.paragraph, _resolve(subject[0], subject[1], unit.paragraph, memory)[0],
                     document=put_out)
        for at, name, kind, document in facts.named:
            remember(at, unit.paragraph, name, kind, document, salient=False)
        if facts.sex:
            memory.genders.learn(*facts.sex)
        written_in = facts.written_in if quoted else None
        for span in quoted:
            cue = _cue(span, unit, units, starts, masked_text, facts, people)
            if cue.speaker is not None:
                name, anaphor = _resolve(cue.speaker, span.opened, unit.paragraph, memory,
                                         cue.answer or cue.verb in ANSWERING_WORDS)
                cue = Cue(name, cue.verb, cue.how, anaphor, cue.answer)
            cue = _inherit(cue, span, unit, last_quotation, memory, speech, text, blocks, cued_until)
            kind = _kind_of(text, span, cue, opens=not NON_SPACE.search(masked_text, unit.start, span.opened))
            if kind == "term":
                cue = Cue(None, None, "label") if cue.how == "label" else NO_CUE
            holder = units[_unit_at(starts, span.start)]  # the mark may stand alone
            words = text[span.start:span.end]
            found.append(Found(index, span, words, holder.anchor, holder.paragraph, cue, kind,
                                canonical_tokens(words)))
            if kind == "quotation":
                last_quotation = found[-1]
                # Who the words after the closing mark name belongs to their attribution ("according to").
                cued_until = units[_unit_at(starts, span.closed)].end \
                    if cue.how == "post" and span.closed is not None else span.opened
            remember(span.opened, unit.paragraph, cue.speaker)
            if written_in and cue.speaker and cue.how in ("post", "pre", "sentence"):
                remember(span.opened, unit.paragraph, cue.speaker, document=written_in)
                written_in = None
            if cue.verb in ASKING_VERBS:  # who was asked is who answers: "Her response:", "she replied"
                remember(span.closed if span.closed is not None else span.end, unit.paragraph,
                         _addressee(reading, cue.verb, masked_text), "addressee", salient=False)
        reported = None if quoted else facts.reported
        if reported:
            name, _ = _resolve(reported[0], reported[2], unit.paragraph, memory)
            remember(reported[2], unit.paragraph, name, document=facts.written_in)
            speech = _Speech(reported[2], unit.paragraph, name, reported[1]) if name else None
    # A paragraph of a block quotation with no cue of its own is the speaker's the later paragraphs name.
    for k in range(len(found) - 2, -1, -1):
        piece, following = found[k], found[k + 1]
        if piece.span.goes_on and piece.cue.how == "none" and following.kind == "quotation" and following.cue.speaker:
            found[k] = replace(piece, kind="quotation", cue=replace(following.cue, how="continued"))
    top_starts = [s.start for s in top]
    within: dict[int, list[tuple[str | None, ...]]] = defaultdict(list)  # a top span's start -> what it quotes
    for span in (s for s in spans if s.nested):
        unit = units[_unit_at(starts, span.start)]
        cue = _nested_cue(span, text, top, top_starts)
        kind = _kind_of(text, span, cue)
        words = text[span.start:span.end]
        found.append(Found(index, span, words, unit.anchor, unit.paragraph,
                            cue if kind == "quotation" else NO_CUE, kind, canonical_tokens(words)))
        outer = bisect.bisect_right(top_starts, span.start) - 1
        if outer >= 0 and span.end <= top[outer].end:
            within[top[outer].start].append(found[-1].words)
    found = [replace(f, quoted_within=tuple(within[f.span.start])) if not f.span.nested and f.span.start in within
             else f for f in found]
    names = [m.name for m in memory if m.kind not in ("cited document", "unknown")
             and not several_people(m.name) and m.name.split()[0].lower() not in POSSESSIVE_PRONOUNS]
    return sorted(found, key=lambda f: (f.span.start, f.span.end)), names


# Words of a name after a title or a noun of sex: "Mrs. Ann Marie Kent".
MAX_NAME_WORDS = 4
# Pronouns that point back to a sentence's subject far more often than to anyone else: the
# possessive and the reflexive ("Ann Kent married her partner"), not "she" or "him", which a
# second clause may give to somebody else ("Tom backs it, and she added").
_POSSESSIVE_SEX = {"his": "he", "himself": "he", "her": "she", "herself": "she"}


def _learn_titled_genders(toks: list[Token], genders: Genders) -> None:
    """"Mrs. Ann Kent", "his wife Ann Kent's", "their father, Tom Kent": the full name after a title
    or a noun of sex, or beside it after a comma, is theirs."""
    for k, tok in enumerate(toks[:-1]):
        sex = gender_word(tok.word) if tok.word.strip(".") in TITLES or not tok.capitalised else None
        if sex is None:
            continue
        start = k + 2 if toks[k + 1].text == "," and not tok.capitalised else k + 1
        end = start
        while end < len(toks) and end - start < MAX_NAME_WORDS and (is_name(toks[end]) or toks[end].possessive):
            end += 1
            if toks[end - 1].possessive:
                break
        if end - start >= 2:  # a first name and a surname: "Mrs. Kent" tells nothing of a bare "Kent"
            genders.learn(" ".join(t.text for t in toks[start:end]), sex)


def _is_noun_like(token: Token) -> bool:
    """A lower-case word that may be what "her" possesses ("her partner"), not the verb's next word."""
    return token.text.isalpha() and not token.capitalised and token.word not in FUNCTION_WORDS \
        and not token.word.endswith("ly")


def _pronoun_gender(reading: Reading, people: frozenset[str]) -> tuple[str, str] | None:
    """A sentence about one named person whose possessives outside its quotations are all "his" (or
    all "her") gives that person's sex: "Ann Kent, who married her partner, wrote: ..." """
    subject = reading.subject
    if not subject or kind_of_name(subject[0], people) != "person" or subject[0].lower() in PRONOUNS:
        return None
    own, toks = set(subject[0].split()), reading.toks
    sexes = {_POSSESSIVE_SEX[t.word] for k, t in enumerate(toks) if t.word in _POSSESSIVE_SEX
             and (t.word != "her" or k + 1 < len(toks) and _is_noun_like(toks[k + 1]))}
    others = any(is_name(t) and t.start > subject[1] and t.text not in own and t.word in people
                 for t in reading.toks)
    return (subject[0], sexes.pop()) if len(sexes) == 1 and not others else None


# Words after a quotation's last comma that are its attribution, not its words: ", he wrote." is two.
MAX_CUE_WORDS = 6


def _closed_by_its_cue(text: str, span: QuoteSpan) -> QuoteSpan:
    """A quotation left open whose paragraph ends `, he wrote.` lost its closing mark before that
    comma: it is closed there, the words after it are its cue, and a next paragraph that opens a
    mark is a quotation of its own."""
    if span.closed is not None or span.nested or not text[span.start:span.end].endswith("."):
        return span
    comma = text.rfind(",", span.start, span.end)
    words = tokens_between(text, comma + 1, span.end) if comma > span.start else []
    if not words or len(words) > MAX_CUE_WORDS or MARK.search(text, comma, span.end) \
            or speaker_after(words, text) is None:
        return span
    return replace(span, end=comma + 1, closed=comma, goes_on=False)


def _masked(text: str, spans: list[QuoteSpan]) -> str:
    """The text with the words inside the spans masked, line breaks kept: cues are looked for outside them."""
    pieces, done = [], 0
    for span in sorted(spans, key=lambda s: s.opened):
        start, stop = max(span.opened + 1, done), span.closed if span.closed is not None else span.end
        if stop > start:
            pieces += [text[done:start], _NOT_LINE_BREAK.sub(MASK, text[start:stop])]
            done = stop
    return "".join(pieces) + text[done:]


def _tokens_within(words: list[Token], starts: list[int], start: int, end: int, text: str) -> list[Token]:
    """tokens_between(text, start, end), taken from the whole text's `words` (at `starts`) rather than
    read again, for bounds with a space or a mask on their outer side, as a unit's have: only a run
    of masks crosses them, and is cut there."""
    first, last = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
    inside = words[first:last]
    if first and words[first - 1].start + len(words[first - 1].text) > start:
        inside = tokens_between(text, start, min(words[first - 1].start + len(words[first - 1].text), end)) + inside
    if inside and inside[-1].start + len(inside[-1].text) > end:
        inside[-1:] = tokens_between(text, inside[-1].start, end)
    return inside


def _unit_at(starts: list[int], offset: int) -> int:
    """The index of the last unit that starts at or before `offset`."""
    return bisect.bisect_right(starts, offset) - 1


_Named = tuple[int, str | None, str | None, str | None]  # where, name, kind if known, the document it wrote if any


@dataclass(frozen=True)
class _Read:
    """What a sentence says whatever came before it: worked out once per sentence as written, and
    moved to where the same words stand again."""

    reading: Reading
    named: tuple[_Named, ...]  # as _sentence_mentions
    sex: tuple[str, str] | None  # as _pronoun_gender
    reported: tuple[str, str, int] | None  # its last reporting verb, as speaker_of_verbs
    written_in: str | None  # "X said in a statement": "the statement" is X's words later on
    said_as: tuple[tuple[int, str, str], ...]  # as _said_as: token indices, the same wherever the words stand
    # Who the words after a closing mark name (speaker_after), by the index of their first token,
    # asked of each copy's quotations alike: filled in by _cue as they are asked.
    said_after: dict[int, tuple[str, str] | None] = field(default_factory=dict)

    def moved(self, toks: list[Token]) -> _Read:
        """The same facts of the same words at the offsets of `toks`."""
        shift = toks[0].start - self.reading.toks[0].start if toks else 0
        if not shift:
            return self
        reported = (*self.reported[:2], self.reported[2] + shift) if self.reported else None
        return _Read(self.reading.moved(toks), tuple((at + shift, *rest) for at, *rest in self.named), self.sex,
                     reported, self.written_in, self.said_as, self.said_after)


def _read_unit(toks: list[Token], text: str, people: frozenset[str]) -> _Read:
    reading = read_sentence(toks, text)
    written_in = next((t.word for k, t in enumerate(toks) if t.word in DOCUMENTS and k >= 2
                       and (toks[k - 1].word in DETERMINERS or toks[k - 1].word in POSSESSIVE_PRONOUNS)
                       and (toks[k - 2].word == "in" or toks[k - 2].word in AUTHORING_VERBS)), None)
    return _Read(reading, tuple(_sentence_mentions(reading, text, people)), _pronoun_gender(reading, people),
                 speaker_of_verbs(reading, len(toks)), written_in, _said_as(reading))


def _sentence_mentions(reading: Reading, text: str, people: frozenset[str]) -> list[_Named]:
    """What a sentence names besides its subject before its quotations are attributed: `according
    to`, the documents it cites and their authors ("a statement from John Doe": "the statement" is
    his later), and, when its subject is no person, the titled people it mentions ("That did not
    satisfy Justice Scalia.")."""
    mentions: list[_Named] = []
    toks, subject, according = reading.toks, reading.subject, reading.according
    if according:
        mentions.append((according[1], according[0], None, None))
    person_named = subject is not None and kind_of_name(subject[0], people) == "person"
    for k, tok in enumerate(toks):
        if tok.possessive and k < FIRST_WORDS_OWNER:
            start, owner = owner_before(toks, k, text)
            if start == 0 and kind_of_name(owner, people) == "person":
                mentions.append((toks[0].start, owner, "person", None))
        if tok.word in DOCUMENTS and tok.word not in ANAPHORS and not tok.capitalised:
            author = author_after(toks, k)
            span = np_before(toks, k + 1)
            if author is not None:
                mentions.append((tok.start, phrase_of(toks, author[0], author[1], text), None, tok.word))
            elif span is not None and span[0] < k:
                mentions.append((toks[span[0]].start, phrase_of(toks, span[0], span[1], text), "cited document", None))
        elif not person_named and k + 1 < len(toks) and is_name(toks[k + 1]) \
                and not (k and toks[k - 1].word in ("a", "an")) and (
                    tok.capitalised and tok.word.strip(".") in TITLES
                    or not tok.capitalised and tok.word in PERSON_ROLES and k + 2 < len(toks) and is_name(toks[k + 2])):
            # "Justice Scalia", or the full name after a role: "spokeswoman Victoria Nuland"
            start = k if tok.capitalised else k + 1
            end = np_after(toks, start)
            phrase = phrase_of(toks, start, end, text) if end is not None else None
            if phrase and kind_of_name(phrase, people) not in ("government", "organisation"):  # not "Senate Intelligence Committee"
                mentions.append((tok.start, phrase, "person", None))
    return mentions


# A person named as the owner that opens a sentence ("President Donald Trump’s shutdown",
# "Rollins’ letter") is its topic, so a later "he" may be them, though the phrase the name opens
# is no speaker; an owner further in ("Hirono blasted Roberts’ decision, ... she said") seldom
# is. Such an owner ends within this many words: "Former Defense Secretary James Mattis’".
FIRST_WORDS_OWNER = 8


# The words read after a closing mark for its cue: `,” said X` and `,” X, a ... of ..., told`
# (whose clause is looked for up to MAX_DESCRIPTION_WORDS past the name) end well within them.
AFTER_WORDS = 64
# Words of the writer's that may end a quoted clause before its `, said X` ("” than a shutdown, said").
QUOTE_TAIL_WORDS = 4
# A label cue ("so-called", "the term") ends within this many characters of the opening mark.
LABEL_WINDOW = 40
# A sentence after a closing mark this short is its attribution, split off by the segmenter
# (`...House.” Paul said on Fox.`); longer, it says something of its own.
SPLIT_ATTRIBUTION_WORDS = 12
# A reporting verb within this many words before the opening mark ("X said on Monday: “...”")
# introduces it ("pre"); further back, it is the sentence's ("sentence").
CLOSE_VERB_WORDS = 6


def _cue(span: QuoteSpan, unit: _Unit, units: list[_Unit], starts: list[int], masked: str, facts: _Read,
         people: frozenset[str]) -> Cue:
    """The plainest cue for one quotation: after its closing mark, then before its opening one.

    Each quotation takes a bounded window of words after its closing mark and bisects
    its sentence's reading, so a sentence of many quotations is not read again for each,
    and a sentence repeated has the words after each of its marks read once.
    """
    reading = facts.reading
    if LABEL_CUE.search(masked, max(unit.start, span.opened - LABEL_WINDOW), span.opened):
        return Cue(None, None, "label")
    if span.closed is not None:
        closing = _unit_at(starts, span.closed)
        end = units[closing].end
        following = units[closing + 1] if closing + 1 < len(units) else None
        if not NON_SPACE.search(masked, span.closed + 1, end) and following \
                and following.paragraph == units[closing].paragraph \
                and not MARK.search(masked, following.start, following.end) \
                and len(tokens_between(masked, following.start, following.end)) <= SPLIT_ATTRIBUTION_WORDS:
            end = following.end  # `...House.” Paul said on Fox.`: the segmenter split after the closing mark
        if units[closing] == unit and end == unit.end:  # the words after it are the sentence's own, read once
            first = bisect.bisect_left(reading.starts, span.closed + 1)
            if first not in facts.said_after:
                facts.said_after[first] = speaker_after(reading.toks[first:first + AFTER_WORDS], masked)
            after = facts.said_after[first]
        else:
            after = speaker_after(tokens_between(masked, span.closed + 1, end, AFTER_WORDS), masked)
        if not after:  # `...work better” than a shutdown, said Senator Capito`: the writer ends the clause
            tail = tokens_between(masked, span.closed + 1, end, QUOTE_TAIL_WORDS + 1)
            comma = next((m for m, t in enumerate(tail) if t.text == ","), 0)
            if comma and all(t.text.isalpha() and not t.capitalised for t in tail[:comma]):
                after = speaker_after(tokens_between(masked, tail[comma].start, end, AFTER_WORDS), masked)
        if after and after[1] in ANSWERING_WORDS:
            asker = _asker_before(reading.toks, bisect.bisect_left(reading.starts, span.opened), masked)
            if asker:
                return Cue(asker, "asked", "pre")  # "Asked by Rice’s aide, “Is this final?” Rhodes replied"
        if after:
            return Cue(after[0], after[1], "post")
    toks = reading.toks
    pre = bisect.bisect_left(reading.starts, span.opened)  # the words before the opening mark
    owner = _owner_before_colon(toks, pre, masked)
    if owner:
        return Cue(owner, None, "pre", answer=toks[pre - 2].word in ANSWERING_WORDS)
    if pre >= 2 and toks[pre - 1].text == ":" and np_before(toks, pre - 1) == (0, pre - 1):
        speaker = named_speaker(toks, (0, pre - 1), masked)  # a headline's "Warner: ‘...’"
        if speaker:
            return Cue(speaker, None, "pre")
    before = speaker_of_verbs(reading, pre)
    if before and before[1] in LABEL_VERBS and before[0].lower() in PRONOUNS:
        # "defended what he called “...”": the pronoun is rarely the last one named, so only the
        # sentence's own subject, a person, is taken for it; otherwise the words stay a label.
        subject = reading.subject
        if not (subject and subject[1] < before[2] and kind_of_name(subject[0], people) == "person"):
            return Cue(None, None, "label")
        before = (subject[0], before[1], before[2])
    if before:
        between = pre - bisect.bisect_right(reading.starts, before[2])
        close = toks[pre - 1].text in (",", ":") and between <= CLOSE_VERB_WORDS
        return Cue(before[0], before[1], "pre" if close else "sentence")
    said_as = next(((speaker, verb) for k, speaker, verb in facts.said_as if k < pre), None)
    if said_as:
        return Cue(*said_as, "sentence")
    according = reading.according
    return Cue(according[0], "according to", "according") if according else NO_CUE


# Words between a name and its verb in "as Roberts once famously said".
_AS_SAID_ADVERBS = frozenset("once famously has had have often".split())


def _said_as(reading: Reading) -> tuple[tuple[int, str, str], ...]:
    """"Judges do not, as Chief Justice John Roberts once said, only call “balls and strikes”": the
    words quoted after "as X said" are X's, though the sentence's verb nearest them is another's.
    Each such verb of a sentence, in order: (its token, X, the verb)."""
    found, toks = [], reading.toks
    for v, k in enumerate(reading.verbs):
        at, speaker = reading.settled[v]
        if at != v or not speaker:
            continue
        j = k - 1
        while j >= 0 and (toks[j].word in _AS_SAID_ADVERBS or toks[j].word.endswith("ly")):
            j -= 1
        while j >= 0 and (is_name(toks[j]) or is_title(toks[j])):
            j -= 1
        if 0 <= j < k - 1 and toks[j].word == "as":
            found.append((k, speaker, toks[k].word))
    return tuple(found)


ASKING_VERBS = frozenset("ask asks asked asking pressed questioned".split())
ANSWERING_WORDS = frozenset("""
    reply replies replied replying answer answers answered answering respond responds responded responding
    response retort retorted
""".split())


def _asker_before(toks: list[Token], pre: int, text: str) -> str | None:
    """X of a sentence that opens "Asked by X," right before a quotation: the question is X's."""
    if pre < 3 or toks[0].word != "asked" or toks[1].word != "by" or toks[pre - 1].text != ",":
        return None
    of_one = 2 if toks[2].word == "one" and toks[3].word == "of" else 0  # "one of Ms. Rice’s aides"
    end = np_after(toks, 2 + of_one)
    return named_speaker(toks, (2, end), text) if end else None


def _addressee(reading: Reading, verb: str, text: str) -> str | None:
    """The one a question was put to, named right after its verb: "asked Ann Smith"."""
    toks = reading.toks
    for k in range(len(toks) - 1):
        if toks[k].word == verb and is_name(toks[k + 1]):
            end = np_after(toks, k + 1)
            if end:
                return named_speaker(toks, (k + 1, end), text)
    return None


# Nouns for what somebody said or wrote: "His response:" or "Smith's statement:" needs no verb.
SPEECH_NOUNS = DOCUMENTS | SPOKEN_NOUNS
_POSSESSIVE_SUBJECTS = {"his": "he", "her": "she", "its": "it"}


def _owner_before_colon(toks: list[Token], pre: int, text: str) -> str | None:
    """The speaker of `His response: “...”` or `Smith's statement: “...”`: whose words they are."""
    if pre < 3 or toks[pre - 1].text != ":" or toks[pre - 2].word not in SPEECH_NOUNS:
        return None
    owner = toks[pre - 3]
    if owner.word in _POSSESSIVE_SUBJECTS:
        return _POSSESSIVE_SUBJECTS[owner.word]  # "he" or "she", resolved by the caller
    if not owner.possessive:
        return None
    return owner_before(toks, pre - 3, text)[1]


def _inherit(cue: Cue, span: QuoteSpan, unit: _Unit, last: Found | None, memory: _Memory,
             speech: _Speech | None, text: str, blocks: list[tuple[int, int]], cued_until: int) -> Cue:
    """An uncued quotation continues the paragraph's last one (`last`) or the last paragraph's, when
    it stands alone, or the speech a sentence just reported, unless somebody else was named since
    the end of that quotation's attribution (`cued_until`: "according to the Daily Star" or
    "testified before the House Rules Committee" name nobody else who speaks).

    `blocks` holds each paragraph's (start, end), so that standing alone is asked of the
    characters next to the marks, not of the whole paragraph around each quotation.
    """
    if cue.how != "none":
        return cue
    if last and last.span.goes_on and last.cue.speaker and last.paragraph == unit.paragraph - 1:
        return Cue(last.cue.speaker, last.cue.verb, "continued", last.cue.anaphor)  # the same quotation
    close = span.closed if span.closed is not None else span.end - 1
    _, end = blocks[bisect.bisect_right(blocks, span.end, key=lambda b: b[0]) - 1]  # the paragraph it ends in
    alone = not NON_SPACE.search(text, blocks[unit.paragraph - 1][0], span.opened) \
        and not _NOT_CLOSING.search(text, close + 1, end)
    if last and last.cue.speaker and last.span.closed is not None and (
            last.paragraph == unit.paragraph or last.paragraph == unit.paragraph - 1 and alone):
        since = memory.between(last.paragraph, min(max(last.span.closed, cued_until), span.opened), span.opened)
        if len(since) <= RECENT_MENTIONS and not any(
                memory[i].kind != "cited document" and not compatible(memory[i].name, last.cue.speaker)
                for i in since):
            how = "continued" if last.paragraph == unit.paragraph else "floating"
            return Cue(last.cue.speaker, last.cue.verb, how, last.cue.anaphor)
    if speech and not NON_SPACE.search(text, unit.start, span.opened) and (last is None or last.span.start < speech.at) \
            and (speech.paragraph == unit.paragraph or speech.paragraph == unit.paragraph - 1 and alone):
        return Cue(speech.speaker, speech.verb, "floating")
    return cue


def _nested_cue(span: QuoteSpan, text: str, top: list[QuoteSpan], top_starts: list[int]) -> Cue:
    """Inside somebody's quotation only a named speaker counts: its pronouns are that speaker's."""
    at = bisect.bisect_right(top_starts, span.start) - 1  # top spans do not overlap: only this one can hold it
    outer = top[at] if at >= 0 and span.end <= top[at].end else None
    if outer is None or span.closed is None:
        return NO_CUE
    after = speaker_after(tokens_between(text, span.closed + 1, outer.end, AFTER_WORDS), text)
    if after and _named(after[0]):
        return Cue(after[0], after[1], "post")
    # "The interim report found that ‘...’": the verb before the inner opening mark, within the
    # outer quotation's last NESTED_PRE_CUE_CHARACTERS before it.
    start = max(outer.start, span.opened - NESTED_PRE_CUE_CHARACTERS)
    window = tokens_between(text, start, span.opened)[1 if start > outer.start else 0:]  # not a word cut in two
    before = speaker_of_verbs(read_sentence(window, text), len(window)) if window else None
    if before and _named(before[0]):
        return Cue(before[0], before[1], "sentence")
    return NO_CUE


def _named(speaker: str) -> bool:
    """A speaker given by name, not by a pronoun or "the company", which inside a quotation are its speaker's."""
    return not set(speaker.lower().split()) & (PRONOUNS | set(ANAPHORS))


# The words before a nested quotation read for its cue: a clause, and a bound however long the quotation.
NESTED_PRE_CUE_CHARACTERS = 300


# Capitalised and ending in a full stop, a question or an exclamation mark, closing marks aside;
# the tail stops at the next [.!?], so a run of them is not scanned again from each one.
_SENTENCE = re.compile(r"^\W*[A-Z].*[.!?][^\w.!?]*$", re.DOTALL)
# Title case this short is a name ("Made in China 2025"); longer, a headline-style quotation.
MAX_TITLE_WORDS = 6
# An unattributed phrase this short that is no sentence is a quoted term ("regime change").
MAX_TERM_WORDS = 3


def _kind_of(text: str, span: QuoteSpan, cue: Cue, opens: bool = False) -> str:
    """A quoted term is a label, not somebody's words: introduced as one, a title, or a short
    unattributed phrase that is not a sentence. What `opens` a sentence and is cued after its
    closing mark is said, however short: "“Maybe,” she replied." """
    words = text[span.start:span.end]
    tokens = without_gaps(canonical_tokens(words))
    if cue.how == "label":
        return "term"
    if opens and cue.how == "post" or cue.how == "pre" and words.rstrip(" ”\"'’").endswith((".", "!", "?")):
        return "quotation"  # and what a cue introduces and ends with a stop: "replied with a single word: “Yup.”"
    title_case = all(w[:1].isupper() or w.lower() in SMALL_WORDS or not w[:1].isalpha() for w in words.split())
    if title_case and len(tokens) <= MAX_TITLE_WORDS and not words.rstrip(" ,”\"'’").endswith(("!", "?")):
        return "term"  # "Fox & Friends", "Wal-Mart Way", "Made in China 2025"
    if cue.how != "none":
        return "quotation"  # attributed, even to a "they" nobody can name
    return "term" if len(tokens) <= MAX_TERM_WORDS and not _SENTENCE.match(words) else "quotation"
