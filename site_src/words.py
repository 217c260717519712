"""Words as the aligner and its guard compare them: one folding, one stemmer, one set of word lists
(months, weekdays, reporting verbs and titles are every stage's: site_src/lexicon.py).

Outlets write "U.S." and "US", "détente" and "detente", "Grimm's" and "Grimm";
every comparison of two outlets' sentences goes through these functions so
that they agree on what counts as the same word.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Sequence

STOP_WORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have having
he her here hers herself him himself his how i if in into is it its itself just me more most my myself no nor
not of off on once only or other our ours ourselves out over own same she should so some such than that the
their theirs them themselves then there these they this those through to too under until up very was we were
what when where which while who whom why will with would you your yours yourself yourselves said says say
told according also its it's would could may might one two us's mr ms mrs
""".split()) - {"no", "not", "nor"}

ALIASES = {
    "us": "usa", "u.s": "usa", "usa": "usa", "america": "usa", "american": "usa", "americans": "usa",
    "washington": "usa", "uk": "gbr", "britain": "gbr", "british": "gbr", "london": "gbr",
    "china": "chn", "chinese": "chn", "beijing": "chn", "russia": "rus", "russian": "rus", "moscow": "rus",
    "russians": "rus", "kremlin": "rus", "ai": "ai", "a.i": "ai",
    "rep": "representative", "reps": "representatives", "sen": "senator", "sens": "senators",
    "gov": "governor", "gen": "general", "lt": "lieutenant", "col": "colonel", "dr": "doctor",
}
ALIAS_NAMES = frozenset(ALIASES.values())  # what the aliases fold to, as a set: asked of every word
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "dozen": 12, "hundred": 100}
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}

_POSSESSIVE = re.compile(r"(?<=\w)['\u2019]s\b|(?<=s)['\u2019](?!\w)")
_ACRONYM = re.compile(r"\b(?:[A-Za-z]\.){2,}")
WORD = re.compile(r"[^\W\d_][^\W\d_'’]*(?:['’][^\W\d_]+)*|\d+(?:[.,]\d+)*")


def fold(text: str) -> str:
    """U.S. -> US, A.I. -> AI: one spelling for dotted acronyms before tokenising."""
    return _ACRONYM.sub(lambda m: m.group(0).replace(".", ""), text)


def comparable_words(text: str) -> tuple[str, ...]:
    """Words as the aligner compares them: acronyms folded, aliases merged, case and possessives gone."""
    return written_and_comparable(text)[1]


def written_and_comparable(text: str) -> tuple[list[str], tuple[str, ...]]:
    """A text's words as written (acronyms folded) and as comparable_words gives them, split once
    for a reader that needs both: align reads names from the one and terms from the other."""
    written = WORD.findall(fold(text))
    return written, tuple(token(word) for word in written)


@lru_cache(maxsize=65536)
def token(word: str) -> str:
    """Cached: a story repeats its words, and unicode normalisation costs more than the lookup."""
    lower = without_accents(word.casefold().replace("’", "'"))
    if lower.endswith("'s"):
        lower = lower[:-2]
    lower = lower.strip("'")
    return ALIASES.get(lower, lower)


def without_accents(word: str) -> str:
    """détente = detente: outlets differ in accents as often as in spelling."""
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light suffix stripper: enough to meet "instructs" with "instructed", and "charge" with
    "charged" and "charges", whose suffixes take its final "e". Cached, as token is."""
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            return word[: len(word) - len(suffix)] + keep
    if word.endswith("e") and len(word) > 3:
        return word[:-1]
    return word


def shortened(text: str, limit: int) -> str:
    """`text` cut at a word before `limit` characters and marked as cut, wherever a page or a
    message names a fact or a quotation by its first words."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "\u2026"


def folded_words(text: str) -> list[str]:
    """The words a reader would call the same, as pages and the editor's selectors compare them:
    any case, and a possessive as the name itself."""
    return re.findall(r"\w+", _POSSESSIVE.sub("", unicodedata.normalize("NFKC", text).casefold()))


# Words each of two texts may have for an alignment word by word: its time grows with the product of
# their lengths, and news sentences and quotations run to a hundred words or two.
MAX_ALIGNED_WORDS = 1_000


def word_opcodes(a: Sequence, b: Sequence) -> list[tuple[str, int, int, int, int]]:
    """SequenceMatcher's opcodes (autojunk off) of two word sequences of news length. Past
    MAX_ALIGNED_WORDS, the words both open and end with are equal and what lies between them is one
    replacement: a hostile text of thousands of words costs time in proportion to its length."""
    if len(a) <= MAX_ALIGNED_WORDS and len(b) <= MAX_ALIGNED_WORDS:
        return SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    shorter, head, tail = min(len(a), len(b)), 0, 0
    while head < shorter and a[head] == b[head]:
        head += 1
    while tail < shorter - head and a[len(a) - 1 - tail] == b[len(b) - 1 - tail]:
        tail += 1
    end_a, end_b = len(a) - tail, len(b) - tail
    middle = "replace" if head < end_a and head < end_b else "delete" if head < end_a else "insert"
    return [op for op in (("equal", 0, head, 0, head), (middle, head, end_a, head, end_b),
                          ("equal", end_a, len(a), end_b, len(b))) if op[2] > op[1] or op[4] > op[3]]
