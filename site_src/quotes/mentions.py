"""Noun phrases and cues within one sentence: who a reporting verb's subject is, who is named
after a closing mark, who a sentence opens with, and who it says something is according to.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import NamedTuple

from ..lexicon import REPORTING_VERBS, SAYING_VERBS, TITLE_ABBREVIATIONS, TITLES
from .names import FULL_NAME_WORDS, NAME_SUFFIXES, kind_of_name, without_possessive
from .vocabulary import (
    CONNECTORS, DETERMINERS, DOCUMENTS, FUNCTION_WORDS, GOVERNMENT_WORDS, NAME_PARTICLES, NOT_NAMES, NOUN_MARKERS,
    ORGANISATION_WORDS, PARTY_LABEL, PERSON_ROLES, PREPOSITIONS, ROLE_NOUNS, SKIP_WORDS, SPOKEN_NOUNS,
)


_TOKEN = re.compile(r"•+|[^\W_][\w’'.&-]*|[^\w\s]")
MASK = "•"  # stands in for the words inside other quotations while cues are looked for
PRONOUNS = frozenset("he she it they we i".split())
# Tokens whose period is part of the word, not a sentence's end.
ABBREVIATIONS = frozenset(f"{title.lower()}." for title in TITLE_ABBREVIATIONS) | frozenset(
    "jr. sr. inc. corp. co. ltd. bros. st.".split())


class Token(NamedTuple):
    """A word or a mark of a sentence, read once: the cue search asks each token about itself many
    times, so what it asks is worked out when the token is made."""

    text: str
    start: int
    word: str  # lower case, without a sentence's final period (kept on initials and abbreviations)
    capitalised: bool
    possessive: bool  # "Smith's"


@lru_cache(maxsize=65536)
def _features(text: str) -> tuple[str, bool, bool]:
    """A token's word, capitalisation and possessive: cached, as a story repeats its words."""
    word = text.lower()
    initial = len(word) <= len("j.")
    if word.endswith(".") and word not in ABBREVIATIONS and "." not in word[:-1] and not initial:
        word = word[:-1]
    capitalised = text[:1].isupper()
    return word, capitalised, capitalised and text.endswith(("’s", "'s", "s’", "s'"))  # "Mattis’ letter"


def tokens_between(text: str, start: int, end: int, limit: int | None = None) -> list[Token]:
    """The words between two offsets, or only the first `limit` of them."""
    return [_token((m.group(), m.start(), *_features(m.group())))
            for m in itertools.islice(_TOKEN.finditer(text, start, end), limit)]


_token = partial(tuple.__new__, Token)  # a Token of its fields' tuple, without the Python-level Token.__new__


def is_name(token: Token) -> bool:
    return token.capitalised and not token.possessive and token.word not in NOT_NAMES


def _is_role(token: Token) -> bool:
    """A role noun, prefixed or not: "co-founder", "then-spokesman"."""
    return token.word in ROLE_NOUNS or "-" in token.word and token.word.rsplit("-", 1)[1] in ROLE_NOUNS


def _is_modifier(token: Token) -> bool:
    """A lower-case word that may sit inside a noun phrase: "a senior administration source"."""
    return token.text.replace("-", "").isalpha() and not token.capitalised and token.word not in FUNCTION_WORDS \
        and token.word not in REPORTING_VERBS and not _skippable(token)  # "the four-term congressman"


# Before a passive whose agent follows ("was described by Smith as"), which reports Smith's words.
_PASSIVE_AUXILIARIES = frozenset("is are was were be been being".split())


def _verb_at(toks: list[Token], k: int) -> bool:
    """A reporting verb, not the noun it can also be ("claims of theft", "said claims")."""
    word = toks[k]
    if word.capitalised or word.word not in REPORTING_VERBS:
        return False
    if word.word == "went":
        return k + 1 < len(toks) and toks[k + 1].word == "on"  # "Managers, he went on, “are...”"
    if word.word == "put":
        return k + 1 < len(toks) and toks[k + 1].word == "it"  # "Smith put it bluntly: “...”"
    before = toks[k - 1] if k else None
    if before is not None and before.word == "of" and _participle(word) and k >= 2 and is_name(toks[k - 2]):
        return True  # "accused Kent of telling her": Kent's words
    if before is not None and before.word not in _PASSIVE_AUXILIARIES and k + 1 < len(toks) \
            and toks[k + 1].word == "by" and word.word.endswith("ed"):
        return False  # "said the interactions described by the White House “...”": a noun's description
    return before is None or not (before.word in DETERMINERS or before.possessive
                                  or before.word in REPORTING_VERBS or before.word in NOUN_MARKERS)


def _skippable(token: Token) -> bool:
    return not token.capitalised and (token.word in SKIP_WORDS or token.word.endswith("ly"))


def _participle(token: Token) -> bool:
    return token.word.endswith("ing")


def _infinitive(toks: list[Token], k: int) -> bool:
    return k > 0 and toks[k - 1].word == "to"


def _nonfinite(toks: list[Token], k: int) -> bool:
    """A participle, or an infinitive of saying ("using an interview to claim"), whose subject is the
    clause's before it; not "refuses to describe X as “...”", whose words the subject does not use."""
    return _participle(toks[k]) or _infinitive(toks, k) and toks[k].word in SAYING_VERBS


def np_before(toks: list[Token], end: int) -> tuple[int, int] | None:
    """The noun phrase that ends just before toks[end] (a parenthesis aside), if it can speak."""
    j, stop = end - 1, end
    if j >= 0 and toks[j].text == ")":  # "Rep. Ted Lieu (D-Calif.)"
        opening = next((k for k in range(j - 1, max(j - ASIDE_TOKENS, -1), -1) if toks[k].text == "("), None)
        if opening is None:
            return None
        j, stop = opening - 1, opening
    if j < 0:
        return None
    if toks[j].word in PRONOUNS:
        return j, stop
    if not (is_name(toks[j]) or _is_role(toks[j])):
        return None
    i, lowercase = j, 0
    while i > 0:
        word, right = toks[i - 1], toks[i]
        left = toks[i - 2] if i >= 2 else None
        if is_name(word) or word.possessive or (word.word in NAME_PARTICLES and is_name(right)):
            i, lowercase = i - 1, 0
        elif word.word in DETERMINERS:
            i -= 1
            break
        elif word.word in CONNECTORS and left and (is_name(right) or right.word == "the") \
                and (is_name(left) or _is_role(left)):
            i -= 1  # "the Chinese Embassy in Washington", "a fellow at the Brookings Institution"
        elif word.word == "the" and left and left.word in CONNECTORS:
            i -= 1
        elif word.word == "and" and left and is_name(left) and is_name(right):
            i -= 1  # "Nebraska and Oklahoma"
        elif _is_modifier(word) and lowercase < MAX_MODIFIERS and (_is_role(toks[j]) or _is_role(word)):
            i, lowercase = i - 1, lowercase + 1  # "a senior administration source", "spokesperson Guo"
        else:
            break
    while i < j and toks[i].word not in DETERMINERS and (
            toks[i].capitalised and toks[i].word in NOT_NAMES
            or not toks[i].capitalised and not _is_role(toks[i])):
        i += 1  # "But Justice Scalia"; a stray modifier with no determiner
    return (i, stop) if toks[i].word not in CONNECTORS else None


def np_after(toks: list[Token], i: int) -> int | None:
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
        if is_name(word) or _is_role(word):
            last, lowercase = k, 0
        elif word.possessive and following is not None and following.word in SPOKEN_NOUNS:
            last = k  # "Mr. Braley’s apology noted": the owner's words, so the owner speaks
            break
        elif word.possessive:
            last, lowercase = None, 0  # an owner, not the phrase: "Trump’s lawyer", "Trump’s partial shutdown"
        elif word.word in CONNECTORS and last == k - 1 and following \
                and (is_name(following) or following.word == "the"):
            pass
        elif word.word == "the" and toks[k - 1].word in CONNECTORS:
            pass
        elif (word.word in NAME_PARTICLES or word.word == "and") and last == k - 1 and following \
                and is_name(following) and is_name(toks[k - 1]):
            pass
        elif _is_modifier(word) and lowercase < MAX_MODIFIERS and not any(is_name(t) for t in toks[i:k]):
            lowercase += 1  # before the name only: "said Ann Smith following President Kent's speech"
        else:
            break
        k += 1
    if last is None:
        return None
    # A role's description is a person's ("every former secretary of the Department"), and so is a
    # title's ("freshman Rep. Max Rose", "former Gov. Kent"), but not a name's.
    role = last if _is_role(toks[last]) else max(
        (m for m in range(i, last) if toks[m].word in PERSON_ROLES), default=i - 1)
    if any(_is_modifier(t) and not _is_role(t) and not _titled(toks, m + 1) and t.word not in NAME_PARTICLES
           for m, t in enumerate(toks[role + 1:last], start=role + 1)):
        return None
    return last + 1


def _titled(toks: list[Token], k: int) -> bool:
    return k < len(toks) and is_title(toks[k])


def is_title(token: Token) -> bool:
    return token.capitalised and token.word.strip(".") in TITLES


def owner_before(toks: list[Token], k: int, text: str) -> tuple[int, str]:
    """The name that owns toks[k], a possessive ("President Donald Trump’s"): where it starts,
    and the name without its mark."""
    start = k
    while start > 0 and (is_name(toks[start - 1]) or is_title(toks[start - 1])):
        start -= 1
    return start, phrase_of(toks, start, k + 1, text)


def phrase_of(toks: list[Token], start: int, stop: int, text: str) -> str:
    """The speaker's words as printed, without a sentence's final period, a leading "The" lowered."""
    last = toks[stop - 1]
    phrase = text[toks[start].start:last.start + len(last.text)]
    if last.possessive:  # an owner: "Mr. Braley’s" apology
        phrase = without_possessive(phrase)
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


def named_speaker(toks: list[Token], span: tuple[int, int] | None, text: str) -> str | None:
    if span is None:
        return None
    phrase = phrase_of(toks, span[0], span[1], text)
    return phrase if _valid_speaker(phrase) else None


# Auxiliaries and adverbs looked past between a verb and its subject: "was also later quoted as" is five.
MAX_SKIPPED = 6
# A parenthesis beside a name ("Rep. Ted Lieu (D-Calif.)") closes within this many tokens.
ASIDE_TOKENS = 8
# Lower-case words a noun phrase may hold before its head: "a senior administration source" has two.
MAX_MODIFIERS = 3
# Comma-separated segments looked back over for a verb's subject ("X, a Democrat, of Ohio, said").
MAX_APPOSITIVES = 4
# ... and the words of one segment: longer, it is a clause of its own, not a description of X.
MAX_APPOSITIVE_WORDS = 30
# Words of a description after a name before its verb: ",” Doyle, D-Pa., manager of ..., told".
MAX_DESCRIPTION_WORDS = 40
# Words an introductory phrase runs before its comma ("In a statement on Monday, ...").
MAX_INTRODUCTION_WORDS = 25


def _subject_before(toks: list[Token], end: int) -> tuple[int, int] | None:
    """The noun phrase before toks[end] unless a preposition makes it an object: "an e-mail to
    party members saying", "the war in Libya, saying" name no speaker."""
    span = np_before(toks, end)
    return None if span and span[0] and toks[span[0] - 1].word in PREPOSITIONS else span


def _speaker_before_verb(toks: list[Token], verb: int, text: str) -> str | None | bool:
    """The subject of the verb at toks[verb]; False when the verb is coordinated ("and warned")."""
    if _infinitive(toks, verb) and not (verb >= 2 and _skippable(toks[verb - 2])):
        return None  # an infinitive's subject is its clause's ("using an interview with a TV ad to claim"),
        # but "Trump continues to describe" is Trump's
    j = verb
    while j > 0 and verb - j < MAX_SKIPPED and _skippable(toks[j - 1]):
        j -= 1
    if j > 0 and toks[j - 1].word in ("and", "but", "or"):
        return False
    if j > 1 and toks[j - 1].word in ("who", "which") and toks[j - 2].text == ",":
        return named_speaker(toks, _subject_before(toks, j - 2), text)  # "the Conference, which wrote"
    if j > 1 and toks[j - 1].word == "of" and _participle(toks[verb]):  # "accused Kent of saying": Kent's
        span = np_before(toks, j - 1)
        return named_speaker(toks, span, text) if span and is_name(toks[span[1] - 1]) else None
    if j == 0 or toks[j - 1].text != ",":
        span = _subject_before(toks, j)
        if span and _hypothetical(phrase_of(toks, span[0], span[1], text)):
            return False  # "warned that a President Kent would say": the clause is the warning's
        return named_speaker(toks, span, text)
    # "X, an appositive, said": back over comma-separated segments to the one that names X; a
    # segment that is all one described role ("Then, the congressman, speaking ..., said") is the
    # subject when no name comes before it.
    end, described = j - 1, None
    for _ in range(MAX_APPOSITIVES):
        begin = end
        while begin > 0 and toks[begin - 1].text not in (",", "“", "”", '"', ":", ";") \
                and toks[begin - 1].text[0] != MASK and end - begin < MAX_APPOSITIVE_WORDS:
            begin -= 1
        if begin == end:
            return described
        first = toks[begin]
        segment = text[first.start:toks[end - 1].start + len(toks[end - 1].text)]
        if first.capitalised or not first.text.isalpha():
            if not PARTY_LABEL.match(segment):
                span = _subject_before(toks, end)
                if span and span[0] != begin and _participle(toks[verb]) and end == j - 1:
                    return None  # "X denied it to Y, telling ...": a clause's object is not the teller
                return named_speaker(toks, span, text) or described
        elif first.word in DETERMINERS and _is_role(toks[end - 1]) and np_before(toks, end) == (begin, end):
            described = named_speaker(toks, (begin, end), text)
        if begin == 0 or toks[begin - 1].text != ",":
            return described
        end = begin - 1
    return described


def speaker_after(toks: list[Token], text: str) -> tuple[str, str] | None:
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
        speaker = named_speaker(toks, span, text)
        return (speaker, toks[i].word) if speaker else None
    end = np_after(toks, i)
    strict = end is not None
    if strict:
        titled = next((k for k in range(i, end) if toks[k].capitalised), end)
        i = titled if _titled(toks, titled) else i  # "an emotional Mr. Kent" is Mr. Kent
    else:
        loose = _loose_np_after(toks, i)
        if loose is None:
            return None
        i, end = loose
    k = end
    if k < len(toks) and toks[k].text == "(":
        k = next((m + 1 for m in range(k, min(k + ASIDE_TOKENS, len(toks))) if toks[m].text == ")"), k)
    if k < len(toks) and toks[k].text == ",":  # "Warner, D-Va., told", "Doyle, D-Pa., manager of ..., told"
        for m in range(k + 1, min(k + MAX_DESCRIPTION_WORDS, len(toks))):
            if toks[m].text[0] in MASK + "“”\"":
                break
            if toks[m].text == "," and _next_is_verb(toks, m + 1):
                k = m + 1
                break
    while k < len(toks) and _skippable(toks[k]) and not (_verb_at(toks, k) and not _next_is_verb(toks, k + 1)):
        k += 1  # "has previously stated", but "he continued." reports
    if k < len(toks) and (_verb_at(toks, k) or strict and _unlisted_verb(toks, k, clause_end=True)):
        speaker = named_speaker(toks, _apposed_name(toks, (i, end)), text)  # ",” his spokesman, Al Roe, said"
        return (speaker, toks[k].word) if speaker else None
    return None


# The shortest word taken for a reporting verb that is not in the list: "added" is five letters.
MIN_UNLISTED_VERB = 5
_CLAUSE_ENDS = frozenset(". , ; ! ? — –".split()) | CONNECTORS | frozenset("on to before during after about".split())


def _unlisted_verb(toks: list[Token], k: int, clause_end: bool = False) -> bool:
    """A past-tense word right by the closing mark and a speaker, in the place of a reporting verb;
    after the speaker (`clause_end`) it must end the clause: "Lee quipped.", not "Lee passed the bill"."""
    word = toks[k] if k < len(toks) else None
    if word is None or not word.word.isalpha() or word.capitalised or len(word.word) < MIN_UNLISTED_VERB \
            or not word.word.endswith("ed") or word.word in FUNCTION_WORDS:
        return False
    return not clause_end or k + 1 == len(toks) or toks[k + 1].text in _CLAUSE_ENDS or toks[k + 1].word in _CLAUSE_ENDS


def _loose_np_after(toks: list[Token], i: int) -> tuple[int, int] | None:
    """A determiner and up to three lower-case words ("the organizer", "an angry crowd"), or a name
    after them ("an emotional Mr. Kent"): (start, end) of the speaker's words, or None."""
    if i >= len(toks) or toks[i].word not in DETERMINERS or toks[i].possessive:
        return None
    k = i + 1
    while k < len(toks) and k - i <= MAX_MODIFIERS and _is_modifier(toks[k]):
        k += 1
    if k < len(toks) and is_name(toks[k]) and k > i + 1:
        end = np_after(toks, k)
        return (k, end) if end else None
    return (i, k) if k > i + 1 else None


def _subject_after_verb(toks: list[Token], i: int, loose: bool) -> tuple[int, int] | None:
    """The speaker of `,” said X`: a name or role; with a listed verb also any noun ("said the
    organizer"); "said the statement from X" is X's words."""
    end = np_after(toks, i)
    span = (i, end) if end else _loose_np_after(toks, i) if loose else None
    if span is None:
        return None
    return author_after(toks, span[1] - 1) or _apposed_name(toks, span)


def _apposed_name(toks: list[Token], span: tuple[int, int]) -> tuple[int, int]:
    """A description gives way to the name set beside it: "the organizer, Rep. Jane Roe" and
    "Smith's lawyer, John Doe" are Roe and Doe (Doe's words are his, not his client's)."""
    start, end = span
    described = toks[start].word in DETERMINERS or toks[start].possessive
    if described and end + 1 < len(toks) and toks[end].text == "," and is_name(toks[end + 1]) \
            and (_is_role(toks[end - 1]) or not any(t.capitalised and not t.possessive for t in toks[start + 1:end])):
        after = np_after(toks, end + 1)
        if after and (after == len(toks) or toks[after].text in _CLAUSE_ENDS or toks[after].word in _CLAUSE_ENDS):
            return end + 1, after
    return span


def author_after(toks: list[Token], k: int) -> tuple[int, int] | None:
    """Whose words the document at toks[k] carries: "the statement from Smith's lawyer, John Doe"
    is Doe's; None when it names no person ("a cable from the State Department" speaks itself)."""
    if toks[k].word not in DOCUMENTS or k + 2 >= len(toks) or toks[k + 1].word not in ("from", "by"):
        return None
    end = np_after(toks, k + 2)
    author = _apposed_name(toks, (k + 2, end)) if end else None
    words = " ".join(t.text for t in toks[author[0]:author[1]]) if author else ""
    return author if author and kind_of_name(words, frozenset()) in ("person", "people") else None


def _next_is_verb(toks: list[Token], k: int) -> bool:
    while k < len(toks) and _skippable(toks[k]):
        k += 1
    return k < len(toks) and _verb_at(toks, k)


@dataclass(frozen=True)
class Reading:
    """What one sentence says about who speaks, read once however many quotations it holds."""

    toks: list[Token]
    starts: list[int]  # the tokens' offsets, for bisecting
    subject: tuple[str, int] | None  # as _subject
    according: tuple[str, int] | None  # as _according_to
    verbs: list[int]  # the indices of its reporting verbs
    settled: list[tuple[int, str | None | bool]]  # per verb: where the search back from it ends (an index
    # into verbs) and the subject found there

    def moved(self, toks: list[Token]) -> Reading:
        """The same reading of the same words at the offsets of `toks`."""
        shift = toks[0].start - self.toks[0].start

        def move(found: tuple[str, int] | None) -> tuple[str, int] | None:
            return found and (found[0], found[1] + shift)
        return Reading(toks, [t.start for t in toks], move(self.subject), move(self.according), self.verbs, self.settled)


def read_sentence(toks: list[Token], text: str) -> Reading:
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
        if speaker or not (speaker is False or _nonfinite(toks, k)):
            settled.append((v, speaker))
        else:
            # past a verb that named nobody ("the one who wrote it, saying"), to the last that did
            settled.append(next((s for s in reversed(settled) if s[1]), settled[-1]) if settled else (0, speaker))
    return Reading(toks, [t.start for t in toks], _subject(toks, text), _according_to(toks, text),
                    verbs, settled)


def speaker_of_verbs(reading: Reading, stop: int) -> tuple[str, str, int] | None:
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
    if not speaker and (_nonfinite(toks, last) or settled == 0):
        # The subject before the verb the search back ended at; or, when that verb lies in an opening
        # phrase before it ("In a pair of evening tweets, Mr. Trump ..., writing:"), before the participle.
        subject, first = reading.subject, toks[reading.verbs[settled]].start
        if subject and subject[1] > first and _nonfinite(toks, last):
            first = toks[last].start
        speaker = subject[0] if subject and subject[1] < first else None
    return (speaker, toks[last].word, toks[last].start) if speaker else None


def _according_to(toks: list[Token], text: str) -> tuple[str, int] | None:
    """`according to X` anywhere in the sentence: (X, where X starts)."""
    for i in range(len(toks) - 2):
        if toks[i].word == "according" and toks[i + 1].word == "to":
            end = np_after(toks, i + 2)
            speaker = named_speaker(toks, (i + 2, end) if end else None, text)
            if speaker:
                return speaker, toks[i + 2].start
    return None


def _subject(toks: list[Token], text: str) -> tuple[str, int] | None:
    """The noun phrase a sentence opens with, after a conjunction or an introductory phrase."""
    i = 0
    while i < len(toks) and toks[i].word in ("but", "and", "so", "yet", "still", "however", ","):
        i += 1
    if i < len(toks) and toks[i].capitalised and toks[i].word in NOT_NAMES \
            and toks[i].word not in DETERMINERS:
        comma = next((k for k in range(i, min(i + MAX_INTRODUCTION_WORDS, len(toks))) if toks[k].text == ","), None)
        if comma is None:
            return None
        i = comma + 1
    end = np_after(toks, i)
    span = _apposed_name(toks, (i, end)) if end else _loose_np_after(toks, i)
    if not end and span and not all(is_name(t) for t in toks[span[0]:span[1]]):
        span = None  # "An angry Trump" opens with Trump; "The new rules", "The same day AI startup X" nobody
    speaker = named_speaker(toks, span, text)
    return (speaker, toks[span[0]].start) if speaker else None


def people_named(toks: list[Token]) -> frozenset[str]:
    """Surnames the article gives in full ("Chuck Schumer", "Sen. Warner"): a lone "Schumer" is a person."""
    found: dict[tuple[str, ...], str | None] = {}  # per run of words, its surname: an article repeats its names
    k = 0
    while k < len(toks):
        if not toks[k].capitalised:  # no run of names starts here: the common case, kept cheap
            k += 1
            continue
        end = k
        while end < len(toks) and (is_name(toks[end]) or is_title(toks[end]) or toks[end].possessive) \
                and toks[end].word not in PRONOUNS:
            end += 1
            if toks[end - 1].possessive or toks[end - 1].text.endswith(".") and not toks[end - 1].word.endswith("."):
                break  # "President Donald Trump’s shutdown", "said Ann Smith. It was": the name ends there
        words = tuple(without_possessive(t.word) for t in toks[k:end])
        if words not in found:
            found[words] = _surname(words)
        k = max(end, k + 1)
    return frozenset(name for name in found.values() if name)


def _surname(words: tuple[str, ...]) -> str | None:
    """The surname of a run of names, if it is a full name or a titled one."""
    run = [word.strip(".") for word in words if word not in NAME_SUFFIXES]
    titled = bool(run) and run[0] in TITLES
    while run and run[0] in TITLES:
        run = run[1:]
    full = len(run) >= FULL_NAME_WORDS or titled and run
    return run[-1] if full and not set(run) & (GOVERNMENT_WORDS | ORGANISATION_WORDS | DOCUMENTS) else None
