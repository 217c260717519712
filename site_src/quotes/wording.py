"""A quotation's words as outlets are compared on: canonical tokens and excerpts."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache



GAP = None
# An editor's [insertion] with the word it sits in, an (aside), an ellipsis. Linear in the text: a
# word is entered at its start only, and a bracket or parenthesis ends at the next one of its kind,
# so no run of marks is scanned again from each of its characters.
_EDITORIAL = re.compile(r"(?<!\S)\S*\[[^\[\]]*\]\S*|\([^()]*\)|\.\.\.+|…")
# An editor's own words in a quotation, [bracketed] or (parenthesised); an ellipsis only leaves words out.
_INSERTION = re.compile(r"\[[^\[\]]*\]|\([^()]*\)")
_ELLIPSIS = re.compile(r"\.\.\.|…")
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
    if "'" in folded:  # every contraction has one; most quotations none
        for pattern, replacement in _CONTRACTIONS:
            folded = pattern.sub(replacement, folded)
    tokens: list[str | None] = []
    for match in _CANONICAL_TOKEN.finditer(folded):
        token = match.group()
        if token == "\x00":
            if tokens and tokens[-1] is GAP:
                continue
            tokens.append(GAP)
        else:
            tokens.append(token.replace(".", ""))
    return tuple(tokens)


def insertions(text: str) -> frozenset[str]:
    """The editor's words a quotation carries: "occur[red]" or "these (local) supervisors" change the
    speaker's words, where an ellipsis, bracketed or not ("[…]"), only leaves some out."""
    inserted = (" ".join(without_gaps(canonical_tokens(m.group()[1:-1]))) for m in _INSERTION.finditer(text))
    return frozenset(words for words in inserted if words)


def leaves_out(text: str) -> bool:
    """An ellipsis, bracketed or not, says words were left out; "[and]" only puts an editor's in."""
    return _ELLIPSIS.search(text) is not None


def spelt_together(tokens: tuple[str | None, ...]) -> str:
    """The words' letters with no space between: "work force" and "workforce", "e-mail" and "email"
    are the same words said, written two ways."""
    return "".join(t if t is not GAP else "\x00" for t in tokens)


def without_gaps(tokens: tuple[str | None, ...]) -> tuple[str, ...]:
    """The words alone; most quotations have no gap, and are their own words."""
    return tuple(t for t in tokens if t is not GAP) if GAP in tokens else tokens


def excerpt_of(short: tuple[str | None, ...], long: tuple[str | None, ...]) -> bool:
    """The shorter's words appear in the longer in order, contiguous except across its gaps."""
    segments, current = [], []
    for token in short:
        if token is GAP:
            if current:
                segments.append(current)
            current = []
        else:
            current.append(token)
    if current:
        segments.append(current)
    words, position = list(without_gaps(long)), 0
    if not segments or not set(without_gaps(short)) <= set(words):
        return False
    for segment in segments:
        size = len(segment)
        at = next((i for i in range(position, len(words) - size + 1) if words[i:i + size] == segment), None)
        if at is None:
            return False
        position = at + size
    return True
