"""Stage, quotes: every quotation and quoted term, who said it, and how each outlet carried it.

Readers distrust digests that pin altered words on real people, so the index
shows, for each quotation, who said it according to each outlet and how each
outlet worded it. Following the research notes (nlp.md, section 1) it is all
surface rules: no parser model can be installed, and news quotation is
formulaic enough that rules over the marks, the capitalisation and a list of
reporting verbs do well, with the outlets' redundancy as the safety net.

1. Marks to spans, paragraph by paragraph. A straight double quote opens after
   a space, a bracket or a dash and closes elsewhere; single quotes count only
   inside a double quotation (or in a headline, or in a paragraph that uses no
   double quotes at all); an apostrophe between letters, a possessive `s’`
   and an elision (’90s, rock ’n’ roll) never count. A quotation left open at a
   paragraph's end runs on when the next paragraph closes it without opening
   one, and otherwise ends with its paragraph: a block quotation, each of whose
   paragraphs reopens the mark, is indexed paragraph by paragraph, so each piece
   can be matched with other outlets' excerpts.
2. Speakers, sentence by sentence. Cues in priority order: right after the
   closing mark (`,” Warner said`, `,” said Walters`), then the last reporting
   verb before the opening mark with its subject (`X said:`, `X warned that
   ...`, `the cable instructs staff to convey “...”`), then `according to X`,
   then the previous quotation of the same paragraph (or of the previous one,
   for a paragraph that is only a quotation). Pronouns, "the company" and "the
   document" resolve to the salient entity of the same kind in the last
   sentences; what cannot be resolved stays unknown. Speakers are read by
   role: the subject of the reporting verb (never a noun after "in" or "to"),
   the name beside a description ("the organizer, Rep. Jane Roe"), the person a
   statement comes from ("the statement from Smith's lawyer, John Doe"), the
   one a question was put to for its answer; a spokesman is not his principal,
   and "a President X would ..." is nobody.
3. Quotation or term: a span introduced by "so-called", "dubbed" and the like,
   or a short unattributed phrase that is not a sentence, or an unattributed
   Title-Case name ("Wal-Mart Way"), is a quoted term; everything else is a
   quotation.
4. One quotation, many outlets: occurrences with the same words (compared on
   canonical tokens: case, punctuation, "U.S."/"US", contractions and editorial
   gaps do not count), one an excerpt of the other, or most words shared in
   order are one quotation. The canonical text is the occurrence most others
   agree with (then the longest); each occurrence is verbatim, partial (an
   exact excerpt, editorial […] and ... allowed) or altered, with a word diff.
   The outlets vote on the speaker, weighted by how plainly each attributes it.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from difflib import SequenceMatcher
from functools import cached_property, lru_cache

from .model import Article, Quote, QuoteOccurrence, Story

# --- Word lists -----------------------------------------------------------------------------

# Reporting verbs, every form that news uses after a speaker ("X said") or before one ("said X").
REPORTING_VERBS = frozenset("""
    say says said saying tell tells told telling add adds added adding note notes noted noting
    write writes wrote writing argue argues argued arguing ask asks asked asking
    state states stated stating declare declares declared declaring warn warns warned warning
    insist insists insisted insisting acknowledge acknowledges acknowledged acknowledging
    admit admits admitted admitting announce announces announced announcing
    claim claims claimed claiming recall recalls recalled recalling reply replies replied replying
    respond responds responded responding tweet tweets tweeted tweeting posted quipped
    concede concedes conceded conceding caution cautions cautioned cautioning
    urge urges urged urging predict predicts predicted predicting complain complains complained
    stress stresses stressed stressing counter counters countered countering
    testify testifies testified testifying shouted yelled exclaimed
    explain explains explained explaining call calls called calling
    describe describes described describing emphasize emphasizes emphasized emphasizing
    emphasise emphasises emphasised instruct instructs instructed instructing
    direct directs directed directing find finds found conclude concludes concluded concluding
    allege alleges alleged alleging accuse accuses accused accusing agree agrees agreed agreeing
    suggest suggests suggested suggesting reiterate reiterates reiterated reiterating
    maintain maintains maintained maintaining contend contends contended contending
    observe observes observed remarked reports reported
    demand demands demanded demanding pledged vowed promised boasted dismissed rejected
    deny denies denied denying echoed labeled labelled termed characterized characterised
    characterizing branded assert asserts asserted asserting confirm confirms confirmed
    pleaded touted hailed criticized criticised slammed blasted read reads continued went pointed
    released issued
""".split())

# Between a speaker and the verb: auxiliaries and adverbs ("has previously stated").
SKIP_WORDS = frozenset("""
    has have had was were is are be been would will could did does do also then later previously
    already once simply again only not just still reportedly repeatedly separately tersely
    quickly swiftly further even never often long quoted as continues continued to
    himself herself themselves itself
""".split())

# Titles and roles that precede a name and are not a first name.
TITLES = frozenset("""
    mr mrs ms miss dr sen senator rep representative gov governor lt col gen sgt capt adm maj
    pres president vice justice chief judge secretary minister speaker leader prof professor rev
    ambassador deputy attorney general mayor prince princess king queen pope sir dame lord lady
    chairman chairwoman chair director spokesperson spokesman spokeswoman commissioner
    sheriff officer detective agent inspector prime foreign press prosecutor counsel special
    majority minority house senate democratic republican democrat
""".split())

# Heads of a noun phrase that can speak: people by role, bodies, and documents.
PERSON_ROLES = frozenset("""
    official officials spokesperson spokesman spokeswoman spokespeople source sources aide aides
    adviser advisers advisor advisors analyst analysts expert experts lawyer lawyers attorney
    attorneys secretary minister senator senators lawmaker lawmakers leader leaders president
    chairman chairwoman founder fellow executive executives director researcher researchers
    prosecutor prosecutors investigator investigators diplomat diplomats officer officers
    insider insiders critic critics supporter supporters employee employees worker workers
    scientist scientists economist economists observer observers witness witnesses resident
    residents person people professor judge justice justices manager managers representative
    representatives member members democrats republicans governor mayor ambassador
    congressman congresswoman congressmen legislator legislators candidate candidates nominee
    host anchor reporter reporters voter voters activist activists protester protesters
    commentator commentators columnist editor publisher strategist pollster organizer organizers
    woman women man men mother father veteran veterans student students teacher teachers
""".split())
GOVERNMENT_WORDS = frozenset("""
    embassy ministry department government administration kremlin pentagon congress senate
    parliament court police military army navy agency commission committee council office
    bureau house state
""".split())
ORGANISATION_WORDS = frozenset("""
    company companies firm firms startup start-up corp inc ltd group institution institute
    university foundation association union party bank lab labs laboratory campaign
    organization organisation network newspaper agency hospital school center centre club team
    church project coalition alliance
""".split())
DOCUMENTS = frozenset("""
    cable report memorandum memo document letter study indictment statement filing complaint suit
    lawsuit ruling order survey poll review audit brief briefing paper guidance directive
    analysis assessment
""".split())
ROLE_NOUNS = PERSON_ROLES | GOVERNMENT_WORDS | ORGANISATION_WORDS | DOCUMENTS

# Anaphors that need an antecedent: alone they name no one.
ANAPHORS = {"he": "person", "she": "person", "it": "thing", "company": "organisation",
            "firm": "organisation", "startup": "organisation", "start-up": "organisation",
            "document": "document"}

# Capitalised words that open sentences or name days, not people.
NOT_NAMES = frozenset("""
    but and or so then also however meanwhile still yet in on at by from with for to of after
    before during since until when while if as although though because once now instead indeed
    even the a an this that these those there here his her their its our my your some many most
    all both each every neither either other another such no not only what who why how where
    which despite given among under within without dated according earlier later i
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december
""".split())

DETERMINERS = frozenset("the a an its his her their one two three".split())
# Words after which a reporting verb's form is a noun: "of the reports", "that claims", "new reports".
NOUN_MARKERS = frozenset("""
    that of in for at from with on by about these those such this regarding concerning over amid
    following after before against among under without despite into upon new recent earlier
    previous media press news many some several all other more no
""".split())
CONNECTORS = frozenset("of for at in from".split())
# Before a noun phrase they make it a place or a recipient, never the subject of the verb that
# follows it ("in Libya, saying"); "with", "by" and "from" may introduce one ("with a memo ..., accusing").
PREPOSITIONS = frozenset("in at to on for about against into onto over under toward towards".split())
NAME_PARTICLES = frozenset("de van von der bin al la le du da".split())
FUNCTION_WORDS = NOT_NAMES | DETERMINERS | frozenset("""
    is are was were be been has have had who whom which that and or but not to said says
""".split())
PARTY_LABEL = re.compile(r"^(?:[DRI]-[A-Z][\w.]*|(?:Republican|Democrat|Independent)(?: of .*)?)$")

# Verbs that name a thing as well as report words: "he called it “a war of choice”".
LABEL_VERBS = frozenset("called named termed dubbed labeled labelled".split())
# What precedes a quoted label rather than a quotation.
LABEL_CUE = re.compile(r"(?:\bso-called|\bdubbed|\bknown as|\btermed|\bnicknamed|\blabell?ed|"
                       r"\b(?:the|a) (?:word|term|phrase|label|slogan|hashtag|name|title)s?|"
                       r"\b(?!(?:he|she|they|we|i|you|who)\b)[a-z]+ (?:called|named|titled))\s*$")

# --- 1. Quotation marks to spans --------------------------------------------------------------


@dataclass(frozen=True)
class QuoteSpan:
    """The words between a pair of quotation marks, as offsets into the text they were found in."""

    start: int
    end: int
    opened: int  # offset of the opening mark
    closed: int | None  # offset of the closing mark; None when left open at a paragraph's end
    nested: bool = False  # a single-quoted span inside a double quotation
    goes_on: bool = False  # the quotation goes on in the next paragraph's first span


_OPEN_D, _CLOSE_D, _OPEN_S, _CLOSE_S, _POSSESSIVE = range(5)
_MARK = re.compile(r"[\"“”‘’']")
_NON_SPACE = re.compile(r"\S")  # searched for rather than stripping a slice: found in the first few characters
_NOT_CLOSING = re.compile(r"[^ ”\".,;:!?]")  # what may follow a quotation that stands alone in its paragraph
_OPENS_AFTER = "([{—–-/“\"‘"
_ELISION = re.compile(r"(?:\d|n['’]|(?:em|til|cause|tis|twas|bout)\b)", re.IGNORECASE)


def find_quote_spans(text: str, headings: frozenset[int] = frozenset()) -> tuple[QuoteSpan, ...]:
    """Spans of a text whose paragraphs are separated by blank lines (as `Article.text` is).

    `headings` holds the 0-based numbers of headline paragraphs, where single
    quotes are quotation marks.
    """
    paragraphs, offset = [], 0
    for number, paragraph in enumerate(text.split("\n\n")):
        paragraphs.append((offset, paragraph, number in headings))
        offset += len(paragraph) + 2
    return _pair_marks(text, paragraphs)


def _classify(text: str, at: int) -> int | None:
    """What the mark at `at` is, from the characters around it; None for an apostrophe."""
    mark = text[at]
    before = text[at - 1] if at else " "
    after = text[at + 1] if at + 1 < len(text) else " "
    if mark == "“":
        return _OPEN_D
    if mark == "”":
        return _CLOSE_D
    opening = (before.isspace() or before in _OPENS_AFTER) and not after.isspace()
    if mark == '"':
        return _OPEN_D if opening else _CLOSE_D if not before.isspace() else None
    if before.isalnum() and after.isalnum():
        return None  # it's, don't
    if mark in "‘'" and opening:
        return None if _ELISION.match(text, at + 1) else _OPEN_S
    if mark == "‘":
        return None
    if before.isspace() or after.isalnum():
        return None  # ’90s, ’em
    if before in "nN" and text[at - 2:at - 1] in ("'", "’"):
        return None  # rock ’n’ roll
    return _POSSESSIVE if before in "sS" and after == " " else _CLOSE_S


def _pair_marks(text: str, paragraphs: list[tuple[int, str, bool]]) -> tuple[QuoteSpan, ...]:
    spans: list[QuoteSpan] = []
    carried: int | None = None  # the opening mark of a quotation continued from the last paragraph
    for index, (offset, paragraph, heading) in enumerate(paragraphs):
        marks = [(offset + m.start(), kind) for m in _MARK.finditer(paragraph)
                 if (kind := _classify(text, offset + m.start())) is not None]
        single_top = heading or not any(kind in (_OPEN_D, _CLOSE_D) for _, kind in marks)
        double, carried = carried, None  # a quotation whose closing mark is in this paragraph, unopened
        singles: list[int] = []
        # Where the paragraph's last single closing mark is, so each possessive asks in O(1) whether one follows.
        last_closing = max((p for p, (_, k) in enumerate(marks) if k in (_CLOSE_S, _POSSESSIVE)), default=-1)
        for position, (at, kind) in enumerate(marks):
            if kind == _OPEN_D:
                double, singles = at, []
            elif kind == _CLOSE_D and double is not None:
                spans.append(_span(text, double, at))
                double, singles = None, []
            elif kind == _OPEN_S and (double is not None or single_top):
                singles.append(at)
            elif kind in (_CLOSE_S, _POSSESSIVE) and singles:
                if kind == _POSSESSIVE and position < last_closing:
                    continue  # the workers’ union
                opened = singles.pop()
                spans.append(_span(text, opened, at, nested=double is not None))
        if double is not None:
            following = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
            how = _continues(text, following) if following else None
            if how == "closes":
                carried = double
            else:
                spans.append(_span(text, double, None, end=offset + len(paragraph), goes_on=how == "reopens"))
    return tuple(sorted((s for s in spans if s.end > s.start), key=lambda s: (s.start, s.end)))


def _continues(text: str, paragraph: tuple[int, str, bool]) -> str | None:
    """How a paragraph goes on with a quotation left open before it: "reopens" it with a mark
    first (a block quotation, indexed paragraph by paragraph: each can be another outlet's
    excerpt), "closes" it without opening one (the same span, run over the break), or None."""
    offset, body, _ = paragraph
    for match in _MARK.finditer(body):
        kind = _classify(text, offset + match.start())
        if kind == _OPEN_D:
            return "reopens" if match.start() == len(body) - len(body.lstrip()) else None
        if kind == _CLOSE_D:
            return "closes"
    return None


def _span(text: str, opened: int, closed: int | None, end: int | None = None,
          nested: bool = False, goes_on: bool = False) -> QuoteSpan:
    """Trimmed of spaces so that the span's text starts and ends with a word or a mark."""
    start, stop = opened + 1, closed if closed is not None else end
    inner = text[start:stop]
    start += len(inner) - len(inner.lstrip())
    stop -= len(inner) - len(inner.rstrip())
    if not any(c.isalnum() for c in text[start:stop]):
        stop = start
    return QuoteSpan(start=start, end=stop, opened=opened, closed=closed, nested=nested, goes_on=goes_on)


# --- 2. Speakers ------------------------------------------------------------------------------

_TOKEN = re.compile(r"•+|[^\W_][\w’'.&-]*|[^\w\s]")
_MASK = "•"  # stands in for the words inside other quotations while cues are looked for
PRONOUNS = frozenset("he she it they we i".split())
ABBREVIATIONS = frozenset("""
    jr. sr. inc. corp. co. ltd. bros. mr. mrs. ms. dr. sen. sens. rep. reps. gov. gen. lt. col. st.
    sgt. capt. adm. maj. prof. rev.
""".split())


@dataclass(frozen=True)
class _Token:
    text: str
    start: int

    @cached_property
    def word(self) -> str:
        """Lower case, without a sentence's final period (kept on initials and abbreviations).

        Cached: the cue search asks each token for its word many times."""
        text = self.text.lower()
        if text.endswith(".") and text not in ABBREVIATIONS and "." not in text[:-1] and len(text) > 2:
            return text[:-1]
        return text

    @cached_property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()

    @property
    def possessive(self) -> bool:
        return self.capitalised and self.text.endswith(("’s", "'s"))


@dataclass(frozen=True)
class _Cue:
    """Who said a quotation, in the words of the outlet, and how that was found."""

    speaker: str | None
    verb: str | None
    how: str  # the attribution labels of QuoteOccurrence
    anaphor: bool = False  # the speaker was a pronoun or "the company", resolved
    answer: bool = False  # the words answer a question ("she replied", "His response:"): its addressee's


_NO_CUE = _Cue(None, None, "none")


def _tokens(text: str, start: int, end: int, limit: int | None = None) -> list[_Token]:
    """The words between two offsets, or only the first `limit` of them."""
    return [_Token(m.group(), m.start()) for m in itertools.islice(_TOKEN.finditer(text, start, end), limit)]


def _is_name(token: _Token) -> bool:
    return token.capitalised and not token.possessive and token.word not in NOT_NAMES


def _is_role(token: _Token) -> bool:
    return token.word in ROLE_NOUNS


def _is_modifier(token: _Token) -> bool:
    """A lower-case word that may sit inside a noun phrase: "a senior administration source"."""
    return token.text.isalpha() and not token.capitalised and token.word not in FUNCTION_WORDS \
        and token.word not in REPORTING_VERBS and not _skippable(token)


def _verb_at(toks: list[_Token], k: int) -> bool:
    """A reporting verb, not the noun it can also be ("claims of theft", "said claims")."""
    word = toks[k]
    if word.capitalised or word.word not in REPORTING_VERBS:
        return False
    if word.word == "went":
        return k + 1 < len(toks) and toks[k + 1].word == "on"  # "Managers, he went on, “are...”"
    before = toks[k - 1] if k else None
    return before is None or not (before.word in DETERMINERS or before.possessive
                                  or before.word in REPORTING_VERBS or before.word in NOUN_MARKERS)


def _skippable(token: _Token) -> bool:
    return not token.capitalised and (token.word in SKIP_WORDS or token.word.endswith("ly"))


def _participle(token: _Token) -> bool:
    return token.word.endswith("ing")


def _np_before(toks: list[_Token], end: int) -> tuple[int, int] | None:
    """The noun phrase that ends just before toks[end] (a parenthesis aside), if it can speak."""
    j, stop = end - 1, end
    if j >= 0 and toks[j].text == ")":  # "Rep. Ted Lieu (D-Calif.)"
        opening = next((k for k in range(j - 1, max(j - 8, -1), -1) if toks[k].text == "("), None)
        if opening is None:
            return None
        j, stop = opening - 1, opening
    if j < 0:
        return None
    if toks[j].word in PRONOUNS:
        return j, stop
    if not (_is_name(toks[j]) or _is_role(toks[j])):
        return None
    i, lowercase = j, 0
    while i > 0:
        word, right = toks[i - 1], toks[i]
        left = toks[i - 2] if i >= 2 else None
        if _is_name(word) or word.possessive or (word.word in NAME_PARTICLES and _is_name(right)):
            i, lowercase = i - 1, 0
        elif word.word in DETERMINERS:
            i -= 1
            break
        elif word.word in CONNECTORS and left and (_is_name(right) or right.word == "the") \
                and (_is_name(left) or _is_role(left)):
            i -= 1  # "the Chinese Embassy in Washington", "a fellow at the Brookings Institution"
        elif word.word == "the" and left and left.word in CONNECTORS:
            i -= 1
        elif word.word == "and" and left and _is_name(left) and _is_name(right):
            i -= 1  # "Nebraska and Oklahoma"
        elif _is_modifier(word) and lowercase < 3 and (_is_role(toks[j]) or _is_role(word)):
            i, lowercase = i - 1, lowercase + 1  # "a senior administration source", "spokesperson Guo"
        else:
            break
    while i < j and toks[i].word not in DETERMINERS and (
            toks[i].capitalised and toks[i].word in NOT_NAMES
            or not toks[i].capitalised and not _is_role(toks[i])):
        i += 1  # "But Justice Scalia"; a stray modifier with no determiner
    return (i, stop) if toks[i].word not in CONNECTORS else None


def _np_after(toks: list[_Token], i: int) -> int | None:
    """The end of the noun phrase that starts at toks[i], if it can speak.

    Lower-case words may describe a role ("a senior administration source")
    but not a name: "the same day Chinese AI startup DeepSeek" is no speaker.
    """
    if i >= len(toks):
        return None
    if toks[i].word in PRONOUNS:
        return i + 1
    k = i + 1 if toks[i].word in DETERMINERS else i
    last, lowercase = None, 0
    while k < len(toks):
        word = toks[k]
        following = toks[k + 1] if k + 1 < len(toks) else None
        if _is_name(word) or _is_role(word):
            last, lowercase = k, 0
        elif word.possessive:
            lowercase = 0
        elif word.word in CONNECTORS and last == k - 1 and following \
                and (_is_name(following) or following.word == "the"):
            pass
        elif word.word == "the" and toks[k - 1].word in CONNECTORS:
            pass
        elif (word.word in NAME_PARTICLES or word.word == "and") and last == k - 1 and following \
                and _is_name(following) and _is_name(toks[k - 1]):
            pass
        elif _is_modifier(word) and lowercase < 3 and not any(_is_name(t) for t in toks[i:k]):
            lowercase += 1  # before the name only: "said Ann Smith following President Kent's speech"
        else:
            break
        k += 1
    if last is None or not _is_role(toks[last]) and any(
            _is_modifier(t) and not _is_role(t) for t in toks[i:last]):
        return None
    return last + 1


def _phrase(toks: list[_Token], start: int, stop: int, text: str) -> str:
    """The speaker's words as printed, without a sentence's final period, a leading "The" lowered."""
    last = toks[stop - 1]
    phrase = text[toks[start].start:last.start + len(last.text)]
    if phrase.endswith(".") and last.word != last.text.lower():
        phrase = phrase[:-1]
    first, _, rest = phrase.partition(" ")
    return f"{first.lower()} {rest}" if first in ("The", "A", "An") and rest else phrase


def _hypothetical(phrase: str) -> bool:
    """"a President Kent would ...": a titled name under an indefinite article is nobody who spoke
    ("a Stanford University report" and "a Democratic senator" are somebody)."""
    words = phrase.split()
    return len(words) >= 3 and words[0].lower() in ("a", "an") and words[1].lower().strip(".") in TITLES \
        and all(w[:1].isupper() for w in words[1:]) and words[-1].lower() not in ROLE_NOUNS


def _valid_speaker(phrase: str) -> bool:
    return not PARTY_LABEL.match(phrase) and phrase.lower() not in NOT_NAMES and not _hypothetical(phrase)


def _named(toks: list[_Token], span: tuple[int, int] | None, text: str) -> str | None:
    if span is None:
        return None
    phrase = _phrase(toks, span[0], span[1], text)
    return phrase if _valid_speaker(phrase) else None


# Auxiliaries and adverbs looked past between a verb and its subject: "was also later quoted as" is five.
MAX_SKIPPED = 6


def _subject_before(toks: list[_Token], end: int) -> tuple[int, int] | None:
    """The noun phrase before toks[end] unless a preposition makes it an object: "an e-mail to
    party members saying", "the war in Libya, saying" name no speaker."""
    span = _np_before(toks, end)
    return None if span and span[0] and toks[span[0] - 1].word in PREPOSITIONS else span


def _speaker_before_verb(toks: list[_Token], verb: int, text: str) -> str | None | bool:
    """The subject of the verb at toks[verb]; False when the verb is coordinated ("and warned")."""
    j = verb
    while j > 0 and verb - j < MAX_SKIPPED and _skippable(toks[j - 1]):
        j -= 1
    if j > 0 and toks[j - 1].word in ("and", "but", "or"):
        return False
    if j == 0 or toks[j - 1].text != ",":
        span = _subject_before(toks, j)
        if span and _hypothetical(_phrase(toks, span[0], span[1], text)):
            return False  # "warned that a President Kent would say": the clause is the warning's
        return _named(toks, span, text)
    # "X, an appositive, said": back over comma-separated segments to the one that names X; a
    # segment that is all one described role ("Then, the congressman, speaking ..., said") is the
    # subject when no name comes before it.
    end, described = j - 1, None
    for _ in range(4):
        begin = end
        while begin > 0 and toks[begin - 1].text not in (",", "“", "”", '"', ":", ";") \
                and toks[begin - 1].text[0] != _MASK and end - begin < 30:
            begin -= 1
        if begin == end:
            return described
        first = toks[begin]
        segment = text[first.start:toks[end - 1].start + len(toks[end - 1].text)]
        if first.capitalised or not first.text.isalpha():
            if not PARTY_LABEL.match(segment):
                return _named(toks, _subject_before(toks, end), text) or described
        elif first.word in DETERMINERS and _is_role(toks[end - 1]) and _np_before(toks, end) == (begin, end):
            described = _named(toks, (begin, end), text)
        if begin == 0 or toks[begin - 1].text != ",":
            return described
        end = begin - 1
    return described


def _speaker_after(toks: list[_Token], text: str) -> tuple[str, str] | None:
    """`,” X said` or `,” said X` right after a closing mark: (speaker, verb).

    Right after a closing mark the clause is so constrained that a verb not in
    the list still reports ("summarized Lee", "Lee quipped") when it names a
    speaker by name or role, and a known reporting verb's subject may be any
    noun ("said the organizer", "the advertisement says").
    """
    i = 0
    while i < len(toks) and toks[i].text in (",", "—", "–"):
        i += 1
    if i >= len(toks):
        return None
    if (_verb_at(toks, i) or _unlisted_verb(toks, i)) and not _participle(toks[i]):  # ", saying the bill is"
        span = _subject_after_verb(toks, i + 1, loose=_verb_at(toks, i))
        speaker = _named(toks, span, text)
        return (speaker, toks[i].word) if speaker else None
    end = _np_after(toks, i)
    strict = end is not None
    if not strict:
        loose = _loose_np_after(toks, i)
        if loose is None:
            return None
        i, end = loose
    k = end
    if k < len(toks) and toks[k].text == "(":
        k = next((m + 1 for m in range(k, min(k + 8, len(toks))) if toks[m].text == ")"), k)
    if k < len(toks) and toks[k].text == ",":  # "Warner, D-Va., told", "Doyle, D-Pa., manager of ..., told"
        for m in range(k + 1, min(k + 40, len(toks))):
            if toks[m].text[0] in _MASK + "“”\"":
                break
            if toks[m].text == "," and _next_is_verb(toks, m + 1):
                k = m + 1
                break
    while k < len(toks) and _skippable(toks[k]) and not (_verb_at(toks, k) and not _next_is_verb(toks, k + 1)):
        k += 1  # "has previously stated", but "he continued." reports
    if k < len(toks) and (_verb_at(toks, k) or strict and _unlisted_verb(toks, k, clause_end=True)):
        speaker = _named(toks, (i, end), text)
        return (speaker, toks[k].word) if speaker else None
    return None


# The shortest word taken for a reporting verb that is not in the list: "added" is five letters.
MIN_UNLISTED_VERB = 5
_CLAUSE_ENDS = frozenset(". , ; ! ? — –".split()) | CONNECTORS | frozenset("on to before during after about".split())


def _unlisted_verb(toks: list[_Token], k: int, clause_end: bool = False) -> bool:
    """A past-tense word right by the closing mark and a speaker, in the place of a reporting verb;
    after the speaker (`clause_end`) it must end the clause: "Lee quipped.", not "Lee passed the bill"."""
    word = toks[k] if k < len(toks) else None
    if word is None or not word.word.isalpha() or word.capitalised or len(word.word) < MIN_UNLISTED_VERB \
            or not word.word.endswith("ed") or word.word in FUNCTION_WORDS:
        return False
    return not clause_end or k + 1 == len(toks) or toks[k + 1].text in _CLAUSE_ENDS or toks[k + 1].word in _CLAUSE_ENDS


def _loose_np_after(toks: list[_Token], i: int) -> tuple[int, int] | None:
    """A determiner and up to three lower-case words ("the organizer", "an angry crowd"), or a name
    after them ("an emotional Mr. Kent"): (start, end) of the speaker's words, or None."""
    if i >= len(toks) or toks[i].word not in DETERMINERS or toks[i].possessive:
        return None
    k = i + 1
    while k < len(toks) and k - i <= 3 and _is_modifier(toks[k]):
        k += 1
    if k < len(toks) and _is_name(toks[k]) and k > i + 1:
        end = _np_after(toks, k)
        return (k, end) if end else None
    return (i, k) if k > i + 1 else None


def _subject_after_verb(toks: list[_Token], i: int, loose: bool) -> tuple[int, int] | None:
    """The speaker of `,” said X`: a name or role; with a listed verb also any noun ("said the
    organizer"); "said the statement from X" is X's words."""
    end = _np_after(toks, i)
    span = (i, end) if end else _loose_np_after(toks, i) if loose else None
    if span is None:
        return None
    return _author_after(toks, span[1] - 1) or _apposed_name(toks, span)


def _apposed_name(toks: list[_Token], span: tuple[int, int]) -> tuple[int, int]:
    """A description gives way to the name set beside it: "the organizer, Rep. Jane Roe" and
    "Smith's lawyer, John Doe" are Roe and Doe (Doe's words are his, not his client's)."""
    start, end = span
    described = toks[start].word in DETERMINERS or toks[start].possessive
    if described and end + 1 < len(toks) and toks[end].text == "," and _is_name(toks[end + 1]) \
            and not any(t.capitalised and not t.possessive for t in toks[start + 1:end]):
        after = _np_after(toks, end + 1)
        if after and (after == len(toks) or toks[after].text in _CLAUSE_ENDS or toks[after].word in _CLAUSE_ENDS):
            return end + 1, after
    return span


def _author_after(toks: list[_Token], k: int) -> tuple[int, int] | None:
    """Whose words the document at toks[k] carries: "the statement from Smith's lawyer, John Doe"
    is Doe's; None when it names no person ("a cable from the State Department" speaks itself)."""
    if toks[k].word not in DOCUMENTS or k + 2 >= len(toks) or toks[k + 1].word not in ("from", "by"):
        return None
    end = _np_after(toks, k + 2)
    author = _apposed_name(toks, (k + 2, end)) if end else None
    words = " ".join(t.text for t in toks[author[0]:author[1]]) if author else ""
    return author if author and _kind(words, frozenset()) in ("person", "people") else None


def _next_is_verb(toks: list[_Token], k: int) -> bool:
    while k < len(toks) and _skippable(toks[k]):
        k += 1
    return k < len(toks) and _verb_at(toks, k)


@dataclass(frozen=True)
class _Reading:
    """What one sentence says about who speaks, read once however many quotations it holds."""

    toks: list[_Token]
    starts: list[int]  # the tokens' offsets, for bisecting
    subject: tuple[str, int] | None  # as _subject
    according: tuple[str, int] | None  # as _according_to
    verbs: list[int]  # the indices of its reporting verbs
    settled: list[tuple[int, str | None | bool]]  # per verb: where the search back from it ends (an index
    # into verbs) and the subject found there


def _read(toks: list[_Token], text: str) -> _Reading:
    """A coordinated verb ("and accused") or a participle ("..., stating that") takes the subject of
    the verb before it, so the search for a verb's subject goes back from verb to verb; each verb's
    answer is the one before it or its own, so one pass settles them all."""
    verbs = [k for k in range(len(toks)) if _verb_at(toks, k)]
    settled: list[tuple[int, str | None | bool]] = []
    for v, k in enumerate(verbs):
        speaker = _speaker_before_verb(toks, k, text)
        if speaker and _participle(toks[k]) and not any(w[:1].isupper() for w in speaker.split()[1:]) \
                and speaker.split()[0].lower() in DETERMINERS:
            speaker = None
        if speaker or not (speaker is False or _participle(toks[k])):
            settled.append((v, speaker))
        else:
            settled.append(settled[-1] if settled else (0, speaker))
    return _Reading(toks, [t.start for t in toks], _subject(toks, text), _according_to(toks, text),
                    verbs, settled)


def _speaker_of_verbs(reading: _Reading, stop: int) -> tuple[str, str, int] | None:
    """The last reporting verb before toks[stop] and its subject: (speaker, verb, where the verb is).

    The sentence's first verb, or a participle, with no subject of its own
    takes the sentence's subject ("Lawmakers at the scene described", "issued
    a statement saying").
    """
    count = bisect.bisect_left(reading.verbs, stop)
    if not count:
        return None
    toks, last = reading.toks, reading.verbs[count - 1]
    settled, speaker = reading.settled[count - 1]
    if not speaker and (_participle(toks[last]) or settled == 0):
        subject = reading.subject
        speaker = subject[0] if subject and subject[1] < toks[reading.verbs[settled]].start else None
    return (speaker, toks[last].word, toks[last].start) if speaker else None


def _according_to(toks: list[_Token], text: str) -> tuple[str, int] | None:
    """`according to X` anywhere in the sentence: (X, where X starts)."""
    for i in range(len(toks) - 2):
        if toks[i].word == "according" and toks[i + 1].word == "to":
            end = _np_after(toks, i + 2)
            speaker = _named(toks, (i + 2, end) if end else None, text)
            if speaker:
                return speaker, toks[i + 2].start
    return None


def _subject(toks: list[_Token], text: str) -> tuple[str, int] | None:
    """The noun phrase a sentence opens with, after a conjunction or an introductory phrase."""
    i = 0
    while i < len(toks) and toks[i].word in ("but", "and", "so", "yet", "still", "however", ","):
        i += 1
    if i < len(toks) and toks[i].capitalised and toks[i].word in NOT_NAMES \
            and toks[i].word not in DETERMINERS:
        comma = next((k for k in range(i, min(i + 25, len(toks))) if toks[k].text == ","), None)
        if comma is None:
            return None
        i = comma + 1
    end = _np_after(toks, i)
    speaker = _named(toks, _apposed_name(toks, (i, end)) if end else None, text)
    return (speaker, toks[i].start) if speaker else None


# --- 3. Names: one speaker, several spellings -------------------------------------------------

_SUFFIXES = frozenset("jr jr. sr sr. ii iii iv".split())
_POSSESSIVE_PRONOUNS = frozenset("his her its their our my your".split())


def _head_part(name: str) -> str:
    """The name without its "of New York" or "in Washington" and without a "Jr."."""
    words = name.split()
    for k, word in enumerate(words[1:], start=1):
        if word.lower() in CONNECTORS:
            words = words[:k]
            break
    while len(words) > 1 and words[-1].lower().strip(",") in _SUFFIXES:
        words = words[:-1]
    return " ".join(words)


@lru_cache(maxsize=4096)
def _name_key(name: str) -> tuple[str, str | None, frozenset[str]]:
    """(head word, first name, stems of the other capitalised words) of a speaker's name.

    The first name is the word before the surname, initials aside ("Steny H.
    Hoyer", "House Minority Whip Steny Hoyer"), unless it is a title.
    """
    head_words = [w.strip(",") for w in _head_part(name).split()]
    head = re.sub(r"['’]s$", "", head_words[-1]).lower()
    before = [w for w in head_words[:-1] if not re.fullmatch(r"[A-Z]\.", w)]
    first = before[-1].lower().strip(".") if before and before[-1][:1].isupper() else None
    if first in TITLES:
        first = None
    stems = frozenset(re.sub(r"['’]s$", "", w).lower()[:4] for w in name.split()
                      if w[:1].isupper() and w.lower().strip(".") not in TITLES | DETERMINERS
                      and re.sub(r"['’]s$", "", w).lower() != head)
    return head, first, stems


@lru_cache(maxsize=4096)
def _compatible(a: str, b: str) -> bool:
    """Whether two names can be the same speaker: "Warner" and "Sen. Mark Warner" can."""
    if a.lower() == b.lower():
        return True
    (head_a, first_a, stems_a), (head_b, first_b, stems_b) = _name_key(a), _name_key(b)
    if head_a != head_b:
        # "Warner" is "Sen. Mark Warner", but "Smith" is not "a spokesman for Smith": only the
        # name's own words, before its "for" or "of", count.
        shorter, longer = sorted((a, b), key=lambda n: len(n.split()))
        return len(shorter.split()) == 1 and shorter[:1].isupper() and shorter in _head_part(longer).split()
    if "person" in (_kind(a, frozenset()), _kind(b, frozenset())):
        return not (first_a and first_b) or first_a == first_b or (
            first_a[0] == first_b[0] and min(len(first_a), len(first_b)) == 1)
    return stems_a <= stems_b or stems_b <= stems_a


def _specificity(name: str) -> tuple[int, int]:
    return len(name.split()), len(name)


# --- 4. One article: spans, cues, anaphora, kinds --------------------------------------------


@dataclass(frozen=True)
class _Mention:
    """Someone or something the text has just talked about, for pronouns to point back to."""

    at: int
    paragraph: int
    name: str
    kind: str  # person, people, government, organisation, document, cited document or unknown
    document: str | None = None  # the document ("statement") whose words this author's are


@dataclass(frozen=True)
class _Speech:
    """A sentence that reported somebody's words without quoting them: "Dukes left, saying ..."."""

    at: int
    paragraph: int
    speaker: str
    verb: str


@dataclass(frozen=True)
class _Found:
    """One span of one article, attributed and labelled."""

    article: int  # index in the story
    span: QuoteSpan
    text: str
    anchor: str | None  # as QuoteOccurrence.anchor
    paragraph: int
    cue: _Cue
    kind: str
    words: tuple[str | None, ...]  # canonical_tokens(text)

    @cached_property
    def plain(self) -> tuple[str, ...]:
        """The words without the editorial gaps."""
        return _plain(self.words)


@dataclass(frozen=True)
class _Unit:
    """A sentence, or a whole headline: the scope in which a quotation's cue is looked for."""

    start: int
    end: int
    anchor: str | None  # the sentence's; None for a headline, which is no sentence
    paragraph: int


@lru_cache(maxsize=4096)
def _kind(name: str, people: frozenset[str]) -> str:
    """What a name stands for; cached, as every mention of a name asks again."""
    head_part = _head_part(name).split()
    head = re.sub(r"['’]s$", "", head_part[-1].lower().strip(".,"))
    lowered = {re.sub(r"['’]s$", "", w.lower().strip(".,")) for w in name.split()}
    if head in DOCUMENTS:
        return "document"
    if head in PERSON_ROLES or name.lower() in ("he", "she"):
        return "people" if head.endswith("s") or head == "people" else "person"  # plural: not "he"
    proper = [w for w in head_part if w[:1].isupper()]
    titled = any(w.lower().strip(".") in TITLES for w in head_part[:-1])
    if head not in GOVERNMENT_WORDS | ORGANISATION_WORDS and (titled or len(proper) >= 2 or head in people):
        return "person"
    if lowered & GOVERNMENT_WORDS:
        return "government"
    if lowered & ORGANISATION_WORDS:
        return "organisation"
    return "unknown"


def _people(toks: list[_Token]) -> frozenset[str]:
    """Surnames the article gives in full ("Chuck Schumer", "Sen. Warner"): a lone "Schumer" is a person."""
    found = set()
    k = 0
    while k < len(toks):
        end = k
        while end < len(toks) and (_is_name(toks[end]) or toks[end].word.strip(".") in TITLES
                                   and toks[end].capitalised):
            end += 1
        run = [t.word.strip(".") for t in toks[k:end] if t.word not in _SUFFIXES]
        titled = bool(run) and run[0] in TITLES
        while run and run[0] in TITLES:
            run = run[1:]
        if (len(run) >= 2 or titled and run) and not set(run) & (GOVERNMENT_WORDS | ORGANISATION_WORDS | DOCUMENTS):
            found.add(run[-1])
        k = max(end, k + 1)
    return frozenset(found)


_WANTS = {"person": {"person", "addressee"}, "thing": {"government", "organisation", "unknown", "document"},
          "organisation": {"organisation", "unknown"}, "document": {"document", "cited document"}}


# How far back a pronoun, or a quotation continuing the last one, looks: in news a few sentences,
# so this many mentions, in the same paragraph or the two before it, are more than enough.
RECENT_MENTIONS = 50


def _between(memory: list[_Mention], paragraph: int, after: int, before: int) -> range:
    """Where in memory (kept in the order of the text) the mentions from `paragraph` on that lie
    between two offsets are: found by bisection, however long the paragraph."""
    low = max(bisect.bisect_left(memory, paragraph, key=lambda m: m.paragraph),
              bisect.bisect_right(memory, after, key=lambda m: m.at))
    return range(low, max(low, bisect.bisect_left(memory, before, key=lambda m: m.at)))


def _resolve(phrase: str, at: int, paragraph: int, memory: list[_Mention],
             answer: bool = False) -> tuple[str | None, bool]:
    """A speaker as named, or what a pronoun or "the company" points back to; None if nothing fits.

    The one a question was put to is looked at only for an `answer` ("he replied"): after "X
    asked Y ..." a "he said" goes on with X as often as not.
    """
    words = phrase.lower().split()
    window = _between(memory, paragraph - 2, -1, at)[-RECENT_MENTIONS:]
    recent = (memory[i] for i in reversed(window) if memory[i].name.lower() != phrase.lower()
              and (answer or memory[i].kind != "addressee"))  # latest first
    if len(words) == 1 and words[0] in PRONOUNS:
        wanted = ANAPHORS.get(words[0])
    elif words[0] in ("the", "its") and len(words) <= 3 and words[-1] in ANAPHORS:
        wanted = ANAPHORS[words[-1]]
    elif words[0] == "the" and len(words) == 2 and words[-1] in DOCUMENTS | GOVERNMENT_WORDS:
        # "the cable" is the State Department cable named before, if one was; "the statement" is
        # the words of the one a statement was said to come from.
        same = next((m for m in recent if m.document == words[-1] or _head_part(m.name).lower().split()[-1] == words[-1]
                     and any(w[:1].isupper() for w in m.name.split()[1:])), None)
        return (_definite(same.name), True) if same else (phrase, False)
    else:
        return phrase, False
    if wanted is None:
        return None, True  # they, we, I: too vague to name anyone
    match = next((m for m in recent if m.kind in _WANTS[wanted]), None)
    return (_definite(match.name), True) if match else (None, True)


def _definite(name: str) -> str:
    """"a cable" named again is "the cable"."""
    first, _, rest = name.partition(" ")
    return f"the {rest}" if first.lower() in ("a", "an") and rest else name


def _attribute_article(article: Article, index: int) -> tuple[list[_Found], list[str]]:
    """Every span of one article with its cue, sentence by sentence, keeping track of who was named;
    and the names of everyone named as a subject or a speaker."""
    text = article.text
    spans = _pair_marks(text, [(p.start, p.text, p.kind == "heading") for p in article.paragraphs])
    top = [s for s in spans if not s.nested]
    masked = list(text)
    for span in top:
        for i in range(span.opened + 1, span.closed if span.closed is not None else span.end):
            if masked[i] != "\n":
                masked[i] = _MASK
    masked_text = "".join(masked)
    people = _people(_tokens(masked_text, 0, len(masked_text)))
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
    memory: list[_Mention] = []  # in the order of the text, so in paragraph order
    found: list[_Found] = []
    last_quotation: _Found | None = None
    cued_until = 0  # where the last quotation's own attribution ends
    speech: _Speech | None = None

    def remember(at: int, paragraph: int, name: str | None, kind: str | None = None,
                 document: str | None = None) -> None:
        if name:
            # Before any remembered at the same offset, so that the earlier-remembered comes first looking back.
            bisect.insort_left(memory, _Mention(at, paragraph, name, kind or _kind(name, people), document),
                               key=lambda m: m.at)

    for number, unit in enumerate(units):
        reading = _read(_tokens(masked_text, unit.start, unit.end), masked_text)
        for at, name, kind, document in _sentence_mentions(reading, unit, masked_text, people, memory):
            remember(at, unit.paragraph, name, kind, document)
        quoted = opened_in.get(number, [])
        # "X said in a statement": "the statement" is X's words later on; remembered once a sentence.
        written_in = next((t.word for k, t in enumerate(reading.toks) if quoted and t.word in DOCUMENTS and k >= 2
                           and reading.toks[k - 1].word in DETERMINERS and reading.toks[k - 2].word == "in"), None)
        for span in quoted:
            cue = _cue(span, unit, units, starts, masked_text, reading)
            if cue.speaker is not None:
                name, anaphor = _resolve(cue.speaker, span.opened, unit.paragraph, memory,
                                         cue.answer or cue.verb in ANSWERING_WORDS)
                cue = replace(cue, speaker=name, anaphor=anaphor)
            cue = _inherit(cue, span, unit, last_quotation, memory, speech, text, blocks, cued_until)
            kind = _kind_of(text, span, cue, opens=not _NON_SPACE.search(masked_text, unit.start, span.opened))
            if kind == "term":
                cue = _Cue(None, None, "label") if cue.how == "label" else _NO_CUE
            holder = units[_unit_at(starts, span.start)]  # the mark may stand alone
            words = text[span.start:span.end]
            found.append(_Found(index, span, words, holder.anchor, holder.paragraph, cue, kind,
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
                         _addressee(reading, cue.verb, masked_text), "addressee")
        reported = None if quoted else _speaker_of_verbs(reading, len(reading.toks))
        if reported:
            name, _ = _resolve(reported[0], reported[2], unit.paragraph, memory)
            remember(reported[2], unit.paragraph, name)
            speech = _Speech(reported[2], unit.paragraph, name, reported[1]) if name else None
    # A paragraph of a block quotation with no cue of its own is the speaker's the later paragraphs name.
    for k in range(len(found) - 2, -1, -1):
        piece, following = found[k], found[k + 1]
        if piece.span.goes_on and piece.cue.how == "none" and following.kind == "quotation" and following.cue.speaker:
            found[k] = replace(piece, kind="quotation", cue=replace(following.cue, how="continued"))
    top_starts = [s.start for s in top]
    for span in (s for s in spans if s.nested):
        unit = units[_unit_at(starts, span.start)]
        cue = _nested_cue(span, text, top, top_starts)
        kind = _kind_of(text, span, cue)
        words = text[span.start:span.end]
        found.append(_Found(index, span, words, unit.anchor, unit.paragraph,
                            cue if kind == "quotation" else _NO_CUE, kind, canonical_tokens(words)))
    names = [m.name for m in memory if m.kind not in ("cited document", "unknown")
             and " and " not in m.name and m.name.split()[0].lower() not in _POSSESSIVE_PRONOUNS]
    return sorted(found, key=lambda f: (f.span.start, f.span.end)), names


def _unit_at(starts: list[int], offset: int) -> int:
    """The index of the last unit that starts at or before `offset`."""
    return bisect.bisect_right(starts, offset) - 1


def _sentence_mentions(reading: _Reading, unit: _Unit, text: str, people: frozenset[str],
                       memory: list[_Mention]) -> list[tuple[int, str | None, str | None, str | None]]:
    """What a sentence names before its quotations are attributed, as (where, name, kind if known,
    the document it wrote if any): its subject, `according to`, the documents it cites and their
    authors ("a statement from John Doe": "the statement" is his later), and, when its subject is
    no person, the titled people it mentions ("That did not satisfy Justice Scalia.")."""
    mentions: list[tuple[int, str | None, str | None, str | None]] = []
    toks, subject, according = reading.toks, reading.subject, reading.according
    if subject:
        mentions.append((subject[1], _resolve(subject[0], subject[1], unit.paragraph, memory)[0], None, None))
    if according:
        mentions.append((according[1], according[0], None, None))
    person_named = subject is not None and _kind(subject[0], people) == "person"
    for k, tok in enumerate(toks):
        if tok.word in DOCUMENTS and tok.word not in ANAPHORS and not tok.capitalised:
            author = _author_after(toks, k)
            span = _np_before(toks, k + 1)
            if author is not None:
                mentions.append((tok.start, _phrase(toks, author[0], author[1], text), None, tok.word))
            elif span is not None and span[0] < k:
                mentions.append((toks[span[0]].start, _phrase(toks, span[0], span[1], text), "cited document", None))
        elif not person_named and tok.capitalised and tok.word.strip(".") in TITLES \
                and k + 1 < len(toks) and _is_name(toks[k + 1]) and not (k and toks[k - 1].word in ("a", "an")):
            end = _np_after(toks, k)
            phrase = _phrase(toks, k, end, text) if end is not None else None
            if phrase and _kind(phrase, people) not in ("government", "organisation"):  # not "Senate Intelligence Committee"
                mentions.append((tok.start, phrase, "person", None))
    return mentions


# The words read after a closing mark for its cue: `,” said X` and `,” X, a ... of ..., told`
# (whose clause is looked for up to 40 words past the name) end well within them.
AFTER_WORDS = 64


def _cue(span: QuoteSpan, unit: _Unit, units: list[_Unit], starts: list[int], masked: str,
         reading: _Reading) -> _Cue:
    """The plainest cue for one quotation: after its closing mark, then before its opening one.

    Each quotation takes a bounded window of words after its closing mark and bisects
    its sentence's reading, so a sentence of many quotations is not read again for each.
    """
    if LABEL_CUE.search(masked, max(unit.start, span.opened - 40), span.opened):
        return _Cue(None, None, "label")
    if span.closed is not None:
        closing = _unit_at(starts, span.closed)
        end = units[closing].end
        following = units[closing + 1] if closing + 1 < len(units) else None
        if not _NON_SPACE.search(masked, span.closed + 1, end) and following \
                and following.paragraph == units[closing].paragraph \
                and not _MARK.search(masked, following.start, following.end) \
                and len(_tokens(masked, following.start, following.end)) <= 12:
            end = following.end  # `...House.” Paul said on Fox.`: the segmenter split after the closing mark
        if units[closing] == unit and end == unit.end:  # the words after it are the sentence's own, read once
            first = bisect.bisect_left(reading.starts, span.closed + 1)
            words = reading.toks[first:first + AFTER_WORDS]
        else:
            words = _tokens(masked, span.closed + 1, end, AFTER_WORDS)
        after = _speaker_after(words, masked)
        if after:
            return _Cue(after[0], after[1], "post")
    toks = reading.toks
    pre = bisect.bisect_left(reading.starts, span.opened)  # the words before the opening mark
    owner = _owner_before_colon(toks, pre, masked)
    if owner:
        return _Cue(owner, None, "pre", answer=toks[pre - 2].word in ANSWERING_WORDS)
    if pre >= 2 and toks[pre - 1].text == ":" and _np_before(toks, pre - 1) == (0, pre - 1):
        speaker = _named(toks, (0, pre - 1), masked)  # a headline's "Warner: ‘...’"
        if speaker:
            return _Cue(speaker, None, "pre")
    before = _speaker_of_verbs(reading, pre)
    if before and before[1] in LABEL_VERBS and before[0].lower() in PRONOUNS:
        # "defended what he called “...”": the pronoun is rarely the last one named, so only the
        # sentence's own subject, a person, is taken for it; otherwise the words stay a label.
        subject = reading.subject
        if not (subject and subject[1] < before[2] and _kind(subject[0], frozenset()) == "person"):
            return _Cue(None, None, "label")
        before = (subject[0], before[1], before[2])
    if before:
        close = toks[pre - 1].text in (",", ":") and pre - bisect.bisect_right(reading.starts, before[2]) <= 6
        return _Cue(before[0], before[1], "pre" if close else "sentence")
    according = reading.according
    return _Cue(according[0], "according to", "according") if according else _NO_CUE


ASKING_VERBS = frozenset("ask asks asked asking pressed questioned".split())
ANSWERING_WORDS = frozenset("""
    reply replies replied replying answer answers answered answering respond responds responded responding
    response retort retorted
""".split())


def _addressee(reading: _Reading, verb: str, text: str) -> str | None:
    """The one a question was put to, named right after its verb: "asked Ann Smith"."""
    toks = reading.toks
    for k in range(len(toks) - 1):
        if toks[k].word == verb and _is_name(toks[k + 1]):
            end = _np_after(toks, k + 1)
            if end:
                return _named(toks, (k + 1, end), text)
    return None


# Nouns for what somebody said or wrote: "His response:" or "Smith's statement:" needs no verb.
SPEECH_NOUNS = DOCUMENTS | frozenset("""
    response answer reply reaction retort message words remarks comment comments tweet post explanation
""".split())
_POSSESSIVE_SUBJECTS = {"his": "he", "her": "she", "its": "it"}


def _owner_before_colon(toks: list[_Token], pre: int, text: str) -> str | None:
    """The speaker of `His response: “...”` or `Smith's statement: “...”`: whose words they are."""
    if pre < 3 or toks[pre - 1].text != ":" or toks[pre - 2].word not in SPEECH_NOUNS:
        return None
    owner = toks[pre - 3]
    if owner.word in _POSSESSIVE_SUBJECTS:
        return _POSSESSIVE_SUBJECTS[owner.word]  # "he" or "she", resolved by the caller
    if not owner.possessive:
        return None
    start = pre - 3
    while start > 0 and (_is_name(toks[start - 1]) or toks[start - 1].word.strip(".") in TITLES
                         and toks[start - 1].capitalised):
        start -= 1
    phrase = _phrase(toks, start, pre - 2, text)
    return re.sub(r"['’]s$", "", phrase)


def _inherit(cue: _Cue, span: QuoteSpan, unit: _Unit, last: _Found | None, memory: list[_Mention],
             speech: _Speech | None, text: str, blocks: list[tuple[int, int]], cued_until: int) -> _Cue:
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
        return _Cue(last.cue.speaker, last.cue.verb, "continued", last.cue.anaphor)  # the same quotation
    close = span.closed if span.closed is not None else span.end - 1
    _, end = blocks[bisect.bisect_right(blocks, span.end, key=lambda b: b[0]) - 1]  # the paragraph it ends in
    alone = not _NON_SPACE.search(text, blocks[unit.paragraph - 1][0], span.opened) \
        and not _NOT_CLOSING.search(text, close + 1, end)
    if last and last.cue.speaker and last.span.closed is not None and (
            last.paragraph == unit.paragraph or last.paragraph == unit.paragraph - 1 and alone):
        since = _between(memory, last.paragraph, min(max(last.span.closed, cued_until), span.opened), span.opened)
        if len(since) <= RECENT_MENTIONS and not any(
                memory[i].kind != "cited document" and not _compatible(memory[i].name, last.cue.speaker)
                for i in since):
            how = "continued" if last.paragraph == unit.paragraph else "floating"
            return _Cue(last.cue.speaker, last.cue.verb, how, last.cue.anaphor)
    if speech and not _NON_SPACE.search(text, unit.start, span.opened) and (last is None or last.span.start < speech.at) \
            and (speech.paragraph == unit.paragraph or speech.paragraph == unit.paragraph - 1 and alone):
        return _Cue(speech.speaker, speech.verb, "floating")
    return cue


def _nested_cue(span: QuoteSpan, text: str, top: list[QuoteSpan], top_starts: list[int]) -> _Cue:
    """Inside somebody's quotation only a named speaker counts: its pronouns are that speaker's."""
    at = bisect.bisect_right(top_starts, span.start) - 1  # top spans do not overlap: only this one can hold it
    outer = top[at] if at >= 0 and span.end <= top[at].end else None
    if outer is None or span.closed is None:
        return _NO_CUE
    after = _speaker_after(_tokens(text, span.closed + 1, outer.end, AFTER_WORDS), text)
    if after and not set(after[0].lower().split()) & (PRONOUNS | set(ANAPHORS)):
        return _Cue(after[0], after[1], "post")
    return _NO_CUE


# Capitalised and ending in a full stop, a question or an exclamation mark, closing marks aside;
# the tail stops at the next [.!?], so a run of them is not scanned again from each one.
_SENTENCE = re.compile(r"^\W*[A-Z].*[.!?][^\w.!?]*$", re.DOTALL)
_STOPWORDS = frozenset("a an the of in on at to for and or but with by from as is".split())


def _kind_of(text: str, span: QuoteSpan, cue: _Cue, opens: bool = False) -> str:
    """A quoted term is a label, not somebody's words: introduced as one, a title, or a short
    unattributed phrase that is not a sentence. What `opens` a sentence and is cued after its
    closing mark is said, however short: "“Maybe,” she replied." """
    words = text[span.start:span.end]
    tokens = _plain(canonical_tokens(words))
    if cue.how == "label":
        return "term"
    if opens and cue.how == "post":
        return "quotation"
    title_case = all(w[:1].isupper() or w.lower() in _STOPWORDS or not w[:1].isalpha() for w in words.split())
    if title_case and len(tokens) <= 6 and not words.rstrip(" ,”\"'’").endswith(("!", "?")):
        return "term"  # "Fox & Friends", "Wal-Mart Way", "Made in China 2025"
    if cue.how != "none":
        return "quotation"  # attributed, even to a "they" nobody can name
    return "term" if len(tokens) <= 3 and not _SENTENCE.match(words) else "quotation"


# --- 5. One quotation, many outlets -----------------------------------------------------------

_GAP = None
# An editor's [insertion] with the word it sits in, an (aside), an ellipsis. Linear in the text: a
# word is entered at its start only, and a bracket or parenthesis ends at the next one of its kind,
# so no run of marks is scanned again from each of its characters.
_EDITORIAL = re.compile(r"(?<!\S)\S*\[[^\[\]]*\]\S*|\([^()]*\)|\.\.\.+|…")
_CONTRACTIONS = [(re.compile(p), r) for p, r in (
    (r"\bcan't\b", "can not"), (r"\bwon't\b", "will not"), (r"\bshan't\b", "shall not"),
    (r"\bain't\b", "is not"), (r"n't\b", " not"), (r"'re\b", " are"), (r"'ve\b", " have"),
    (r"'ll\b", " will"), (r"'d\b", " would"), (r"\bi'm\b", "i am"), (r"\blet's\b", "let us"),
    (r"\b(it|that|there|what|he|she|who|here|where)'s\b", r"\1 is"))]
_CANONICAL_TOKEN = re.compile(r"\x00|[^\W_]+(?:[.'][^\W_]+)*")


@lru_cache(maxsize=65536)
def canonical_tokens(text: str) -> tuple[str | None, ...]:
    """The words of a quotation as compared across outlets; None marks an editorial gap.

    Case, punctuation, curly or straight marks, "U.S." or "US", and "don't" or
    "do not" never make two quotations differ; […], (…) and ... are gaps.
    """
    folded = unicodedata.normalize("NFKC", text).casefold().replace("’", "'").replace("‘", "'")
    folded = _EDITORIAL.sub(" \x00 ", folded)
    for pattern, replacement in _CONTRACTIONS:
        folded = pattern.sub(replacement, folded)
    tokens: list[str | None] = []
    for match in _CANONICAL_TOKEN.finditer(folded):
        token = match.group()
        if token == "\x00":
            if tokens and tokens[-1] is _GAP:
                continue
            tokens.append(_GAP)
        else:
            tokens.append(token.replace(".", ""))
    return tuple(tokens)


def _plain(tokens: tuple[str | None, ...]) -> tuple[str, ...]:
    return tuple(t for t in tokens if t is not _GAP)


def _excerpt_of(short: tuple[str | None, ...], long: tuple[str | None, ...]) -> bool:
    """The shorter's words appear in the longer in order, contiguous except across its gaps."""
    segments, current = [], []
    for token in short:
        if token is _GAP:
            if current:
                segments.append(current)
            current = []
        else:
            current.append(token)
    if current:
        segments.append(current)
    words, position = list(_plain(long)), 0
    if not segments or not set(_plain(short)) <= set(words):
        return False
    for segment in segments:
        size = len(segment)
        at = next((i for i in range(position, len(words) - size + 1) if words[i:i + size] == segment), None)
        if at is None:
            return False
        position = at + size
    return True


def _shared_words(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    """Words the two have in common, in order, in runs of two or more."""
    blocks = SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
    return sum(block.size for block in blocks if block.size >= 2)


def _same_quotation(a: _Found, b: _Found) -> bool:
    """Identical, an excerpt, or mostly the same words in order: one quotation.

    Short ones (a word or three) are matched only when their speakers agree,
    since two people may well say "unacceptable".
    """
    if a.article == b.article and a.span.start < b.span.end and b.span.start < a.span.end:
        return False
    pa, pb = a.plain, b.plain
    shorter = min(len(pa), len(pb))
    agree = a.cue.speaker is not None and b.cue.speaker is not None and _compatible(a.cue.speaker, b.cue.speaker)
    if pa == pb:
        return shorter >= 3 or agree or (a.cue.speaker is None and b.cue.speaker is None and a.kind == b.kind)
    common = len(set(pa) & set(pb))
    if common == len(set(pa if len(pa) <= len(pb) else pb)) and (
            _excerpt_of(a.words, b.words) or _excerpt_of(b.words, a.words)):
        return shorter >= 4 or agree
    if common < 4 or common < 0.6 * shorter:
        return False  # too few words in common for the alignment below to find enough
    shared = _shared_words(pa, pb)
    return shared >= 4 and shared >= 0.6 * shorter and (agree or shared >= 0.5 * max(len(pa), len(pb)))


def _clusters(found: list[_Found]) -> list[list[_Found]]:
    """Occurrences of one quotation, joined.

    Identical copies (wire copy repeats itself) are joined first and compared
    once. Quotations of four words or more are then joined to those sharing a
    pair of consecutive words with them; a shorter one (with its copies)
    joins the one quotation it belongs to, and stays apart when it could
    belong to several: "priority" must not bridge two of Warner's sentences.
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
        key = (item.words,) if len(item.plain) >= 3 else (item.words, item.cue.speaker, item.kind)
        if key in copies and _same_quotation(found[copies[key]], item):
            join(copies[key], i)
        else:
            copies.setdefault(key, i)
            distinct.append(i)
    long = {i: len(found[i].plain) >= 4 for i in distinct}

    def features(i: int, pairs: bool) -> set:
        words = found[i].plain
        return set(zip(words, words[1:])) if pairs else set(words) - _STOPWORDS

    def index(members: list[int], pairs: bool) -> dict:
        postings: dict = defaultdict(list)
        for i in members:
            for feature in features(i, pairs):
                postings[feature].append(i)
        return postings

    def candidates(i: int, postings: dict, pairs: bool) -> list[int]:
        """Those sharing a word (two pairs of words, for long ones: an excerpt or an alteration
        worth the name shares at least that), ignoring features so common they tell nothing."""
        limit = max(50, len(distinct) // 10)
        shared = Counter(j for f in features(i, pairs) if len(postings.get(f, ())) <= limit
                         for j in postings.get(f, ()) if j != i)
        return sorted(j for j, count in shared.items() if count >= (2 if pairs and long[j] else 1))

    longs = [i for i in distinct if long[i]]
    shorts = [i for i in distinct if not long[i]]
    for members, pairs in ((longs, True), (shorts, False)):
        postings = index(members, pairs)
        for i in members:
            for j in candidates(i, postings, pairs):
                if j > i and root(i) != root(j) and _same_quotation(found[i], found[j]):
                    join(i, j)
    long_words = index(longs, pairs=False)
    short_groups: dict[int, list[int]] = defaultdict(list)
    for i in shorts:
        short_groups[root(i)].append(i)
    for members in short_groups.values():
        homes = {root(j) for i in members for j in candidates(i, long_words, False)
                 if _same_quotation(found[i], found[j])}
        if len(homes) == 1:
            join(homes.pop(), members[0])
    groups: dict[int, list[_Found]] = defaultdict(list)
    for i, item in enumerate(found):
        groups[root(i)].append(item)
    return sorted(groups.values(), key=lambda g: min((f.article, f.span.start) for f in g))


_WEIGHTS = {"post": 3, "pre": 3, "sentence": 2, "according": 2, "continued": 1, "floating": 1}


def _vote(group: list[_Found]) -> str | None:
    """The speaker most outlets name, weighted by how plainly each names it.

    A class keeps each of its names once, so a speaker quoted a thousand times
    is compared with the names, not with every occurrence.
    """
    classes: list[tuple[dict[str, None], list[int]]] = []
    for item in group:
        speaker = item.cue.speaker
        if speaker is None:
            continue
        weight = max(1, _WEIGHTS.get(item.cue.how, 1) - item.cue.anaphor)
        home = next((c for c in classes if speaker in c[0] or all(_compatible(speaker, n) for n in c[0])), None)
        if home is None:
            classes.append(({speaker: None}, [weight]))
        else:
            home[0][speaker] = None
            home[1].append(weight)
    if not classes:
        return None
    names, _ = max(classes, key=lambda c: (sum(c[1]), max(c[1]), -classes.index(c)))
    return max(names, key=_specificity)


def _fidelity(tokens: tuple, canonical: tuple) -> str:
    if tokens == canonical:
        return "verbatim"
    return "partial" if _excerpt_of(tokens, canonical) else "altered"


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

    for tag, i1, i2, j1, j2 in SequenceMatcher(None, keys_theirs, keys_ours, autojunk=False).get_opcodes():
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
    slack = timedelta(hours=14)
    if len(raw) <= 10:
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
    names = sorted({q.speaker for q in quotes if q.speaker and " and " not in q.speaker
                    and q.speaker.split()[0].lower() not in _POSSESSIVE_PRONOUNS} | named,
                   key=_specificity, reverse=True)
    best: dict[str, str] = {}
    for name in names:
        # A first name is kept: "Mary Cheney" never becomes "Vice President Cheney", whose first
        # name is not given and who may as well be Liz or Dick.
        first = _name_key(name)[1]
        fuller = [n for n in names if _specificity(n) > _specificity(name) and _compatible(n, name)
                  and (first is None or _name_key(n)[1] is not None)]
        maximal = [n for n in fuller if not any(_specificity(m) > _specificity(n) and _compatible(m, n)
                                                for m in fuller)]
        if len(maximal) == 1 or maximal and all(_compatible(a, b) for a in maximal for b in maximal):
            best[name] = max(maximal, key=_specificity)
    return [_named_as(q, best.get(q.speaker, q.speaker)) for q in quotes]


def _named_as(quote: Quote, speaker: str | None) -> Quote:
    """The quote under its unified speaker; an outlet that names the same speaker otherwise
    ("the cable") is shown under that name too, and one that names somebody else keeps its own."""
    if speaker is None:
        return quote
    occurrences = tuple(replace(o, speaker=speaker) if o.speaker and _compatible(o.speaker, speaker) else o
                        for o in quote.occurrences)
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
    frequency = Counter(word for words in wordings for word in set(_plain(words)))
    filed: dict[str, list[tuple]] = defaultdict(list)
    for words in wordings:
        plain = set(_plain(words))
        if plain:  # a wording of gaps alone is faithful to itself only
            filed[min(plain, key=lambda w: (frequency[w], w))].append(words)
    counts = {}
    for own in candidates:
        near = {words for word in set(_plain(own)) for words in filed.get(word, ())}
        counts[own] = wordings[own] + sum(wordings[words] for words in near
                                          if words != own and _excerpt_of(words, own))
    return counts


def _quote(number: int, group: list[_Found], story: Story,
           windows: dict[str, tuple[datetime, datetime] | None]) -> Quote:
    """The canonical wording is the one most occurrences are faithful to, then the fullest."""
    group = sorted(group, key=lambda f: (f.article, f.span.start))

    wordings = Counter(f.words for f in group)
    faithful = _faithful_counts(wordings, [own for own, _ in wordings.most_common(MAX_WORDINGS)])
    canonical = max((f for f in group if f.words in faithful),
                    key=lambda f: (faithful[f.words], _GAP not in f.words, len(f.plain), -f.article, -f.span.start))
    speaker = _vote(group)
    occurrences = []
    for item in group:
        article = story.articles[item.article]
        fidelity = _fidelity(item.words, canonical.words)
        cue = item.cue
        if cue.speaker is None and speaker is not None:
            cue = _Cue(speaker, None, "vote")
        occurrences.append(QuoteOccurrence(
            siglum=article.siglum, anchor=item.anchor, paragraph=item.paragraph, text=item.text,
            start=item.span.start, end=item.span.end, speaker=cue.speaker, verb=cue.verb, fidelity=fidelity,
            diff=() if fidelity == "verbatim" else _diff(item.text, canonical.text),
            attribution=cue.how))
    kind = "quotation" if any(f.kind == "quotation" for f in group) else "term"
    return Quote(id=f"q{number}", text=canonical.text, kind=kind, speaker=speaker,
                 occurrences=tuple(occurrences),
                 first_carried_by=_first_carrier([o.siglum for o in occurrences], windows))


def extract_quotes(story: Story) -> Story:
    """The story with its quote index: every quotation and quoted term, grouped across outlets."""
    found, named = [], set()
    for index, article in enumerate(story.articles):
        article_found, article_named = _attribute_article(article, index)
        found += article_found
        named.update(article_named)
    found = [f for f in found if f.plain]
    windows = {a.siglum: _published(a.source.published) for a in story.articles}
    quotes = [_quote(n, group, story, windows) for n, group in enumerate(_clusters(found), start=1)]
    return replace(story, quotes=tuple(_unify_speakers(quotes, named)))
