"""Names: one speaker, several spellings ("Warner", "Sen. Mark Warner"), and what kind of
speaker a name stands for.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

from ..lexicon import FEMININE_WORDS, MASCULINE_WORDS, TITLES
from .vocabulary import (
    CONNECTORS, DETERMINERS, DOCUMENTS, GOVERNMENT_WORDS, NAME_PARTICLES, ORGANISATION_WORDS, PERSON_ROLES,
)


NAME_SUFFIXES = frozenset("jr jr. sr sr. ii iii iv".split())
POSSESSIVE_PRONOUNS = frozenset("his her its their our my your".split())
# A possessive ending, which is no part of the name: "Smith's", "Mattis’".
_POSSESSIVE = re.compile(r"['’]s$|(?<=s)['’]$")
# A given name and a surname: "Chuck Schumer" is a person, whom a lone "Schumer" then names too.
FULL_NAME_WORDS = 2
# Letters of a name's other words compared across spellings: "Mich." and "Michael", "Rob" and "Robert".
STEM_LETTERS = 4
# Names each cache below keeps: a long story names thousands of people, each in several spellings,
# and a cache smaller than those is emptied before a name is asked again.
NAMES_KEPT = 65536


def without_possessive(word: str) -> str:
    """"Trump’s" or "Mattis’" as the name it is."""
    return _POSSESSIVE.sub("", word)


def several_people(name: str) -> bool:
    """"Chuck Schumer and Nancy Pelosi" named together are no "he", nor one speaker to index."""
    return " and " in name


@lru_cache(maxsize=NAMES_KEPT)
def name_head(name: str) -> str:
    """The name without its "of New York" or "in Washington" and without a "Jr."."""
    words = name.split()
    for k, word in enumerate(words[1:], start=1):
        if word.lower() in CONNECTORS:
            words = words[:k]
            break
    while len(words) > 1 and words[-1].lower().strip(",") in NAME_SUFFIXES:
        words = words[:-1]
    return " ".join(words)


@lru_cache(maxsize=NAMES_KEPT)
def name_key(name: str) -> tuple[str, str | None, frozenset[str]]:
    """(head word, first name, stems of the other capitalised words) of a speaker's name.

    The first name is the word before the surname, initials aside ("Steny H.
    Hoyer", "House Minority Whip Steny Hoyer"), unless it is a title.
    """
    head_words = [w.strip(",") for w in name_head(name).split()]
    head = _POSSESSIVE.sub("", head_words[-1]).lower()
    before = [w for w in head_words[:-1] if not re.fullmatch(r"[A-Z]\.", w)]
    first = before[-1].lower().strip(".") if before and before[-1][:1].isupper() else None
    if first in TITLES:
        first = None
    stems = frozenset(_POSSESSIVE.sub("", w).lower()[:STEM_LETTERS] for w in name.split()
                      if w[:1].isupper() and w.lower().strip(".") not in TITLES | DETERMINERS
                      and _POSSESSIVE.sub("", w).lower() != head)
    return head, first, stems


@lru_cache(maxsize=NAMES_KEPT)
def compatible(a: str, b: str) -> bool:
    """Whether two names can be the same speaker: "Warner" and "Sen. Mark Warner" can."""
    if a.lower() == b.lower():
        return True
    (head_a, first_a, stems_a), (head_b, first_b, stems_b) = name_key(a), name_key(b)
    if head_a != head_b:
        # "Warner" is "Sen. Mark Warner", but "Smith" is not "a spokesman for Smith": only the
        # name's own words, before its "for" or "of", count.
        shorter, longer = sorted((a, b), key=lambda n: len(n.split()))
        return len(shorter.split()) == 1 and shorter[:1].isupper() and shorter in name_head(longer).split()
    if "person" in (kind_of_name(a, frozenset()), kind_of_name(b, frozenset())):
        return not (first_a and first_b) or first_a == first_b or (
            first_a[0] == first_b[0] and min(len(first_a), len(first_b)) == 1)
    return stems_a <= stems_b or stems_b <= stems_a


class CompatibleIndex:
    """Values filed under names, found again by any name that may be `compatible` with theirs: the
    same surname, the same words in another case, or one word that is a word of the other's name.
    A name is then compared with those alone, not with every person a long story names."""

    def __init__(self) -> None:
        self._filed: dict[tuple[str, str], set[int]] = defaultdict(set)

    def add(self, name: str, value: int) -> None:
        self._filed["head", name_key(name)[0]].add(value)
        self._filed["lower", name.lower()].add(value)
        for word in name_head(name).split():
            self._filed["word", word].add(value)
        if len(name.split()) == 1:
            self._filed["single", name].add(value)

    def candidates(self, name: str) -> list[int]:
        """The values filed under names that may be compatible with `name`, smallest first."""
        found = self._filed.get(("head", name_key(name)[0]), set()) | self._filed.get(("lower", name.lower()), set())
        if len(name.split()) == 1:
            found |= self._filed.get(("word", name), set())
        for word in name_head(name).split():
            found |= self._filed.get(("single", word), set())
        return sorted(found)


def gender_words(words: list[str] | tuple[str, ...]) -> str | None:
    """"he" or "she" when the words name a man or a woman by title or noun ("Mrs.", "father"), else None."""
    lowered = _bare_words(words)
    male, female = bool(lowered & MASCULINE_WORDS), bool(lowered & FEMININE_WORDS)
    return None if male == female else "he" if male else "she"


@lru_cache(maxsize=8192)
def gender_word(word: str) -> str | None:
    """gender_words of one word, cached: an article asks it of each of its lower-case words."""
    return gender_words((word,))


@lru_cache(maxsize=NAMES_KEPT)
def _name_gender(name: str) -> str | None:
    """gender_words of a name's words, cached: every "he" asks it of each person named before it."""
    return gender_words(name.split())


def _bare_words(words) -> set[str]:
    """The words lower-cased, without the punctuation and possessive ending a name may carry."""
    return {_POSSESSIVE.sub("", w.lower().strip(".,")) for w in words}


class Genders:
    """The sex an article gives each person it names, as it learns it: from titles and nouns ("Mrs.
    Ann Kent", "her sister Ann Kent") or from the pronouns of a sentence about that person alone.
    Kept per surname and first name, so that neither a family's "Mrs. Kent" nor his "Ann Kent"
    tells what a bare "Kent" is; what the article says both ways is not known."""

    __slots__ = ("_known",)
    CONFLICT = "?"

    def __init__(self) -> None:
        self._known: dict[tuple[str, str | None], str] = {}

    def learn(self, name: str, gender: str) -> None:
        key = name_key(name)[:2]
        self._known[key] = gender if self._known.get(key, gender) == gender else self.CONFLICT

    def of(self, name: str) -> str | None:
        """"he", "she" or None (not known, or said both ways)."""
        said = _name_gender(name) or self._known.get(name_key(name)[:2])
        return None if said == self.CONFLICT else said


@lru_cache(maxsize=NAMES_KEPT)
def specificity(name: str) -> tuple[int, int]:
    """How fully a name names: its words after any lower-case description ("presidential nominee
    Donald Trump" names no more than "Donald J. Trump"), then its length."""
    words = name_head(name).split()  # "of New York" places the name, and does not describe it
    lowered = [k for k, word in enumerate(words) if word[:1].islower() and word not in NAME_PARTICLES]
    return len(words) - (lowered[-1] + 1 if lowered else 0), len(name)



@lru_cache(maxsize=NAMES_KEPT)
def kind_of_name(name: str, people: frozenset[str]) -> str:
    """What a name stands for; cached, as every mention of a name asks again."""
    head_part = name_head(name).split()
    head = _POSSESSIVE.sub("", head_part[-1].lower().strip(".,"))
    lowered = _bare_words(name.split())
    if head in DOCUMENTS:
        return "document"
    if head in PERSON_ROLES or name.lower() in ("he", "she"):
        return "people" if head.endswith("s") or head == "people" else "person"  # plural: not "he"
    proper = [w for w in head_part if w[:1].isupper()]
    titled = any(w.lower().strip(".") in TITLES for w in head_part[:-1])
    named = titled or len(proper) >= FULL_NAME_WORDS or head in people
    if head not in GOVERNMENT_WORDS | ORGANISATION_WORDS and named:
        return "person"
    if lowered & GOVERNMENT_WORDS:
        return "government"
    if lowered & ORGANISATION_WORDS:
        return "organisation"
    return "unknown"
