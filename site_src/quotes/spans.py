"""Quotation marks to spans: where each quotation opens and closes, paragraph by paragraph.

The one reading of the marks in the project: segment asks it too, so that a sentence is never cut
inside a quotation the quotes stage sees, nor kept whole across one it does not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass



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
MARK = re.compile(r"[\"“”‘’']")
_DOUBLE_MARK = re.compile(r"[\"“”]")
NON_SPACE = re.compile(r"\S")  # searched for rather than stripping a slice: found in the first few characters
_OPENS_AFTER = "([{—–-/“\"‘"
# A paragraph of more double quotations than this is a list or a hoax, not prose a reader can check
# quotation by quotation (a news paragraph holds a handful): its later marks are read as text, and
# segment and the quotes stage, which pair marks here alike, both stop at the same mark.
MAX_QUOTATIONS_PER_PARAGRAPH = 200
# Single-quoted spans open inside one another at most this deep: news nests a quotation a level or
# two (“he told me ‘she wrote ‘no’ twice’”); a deeper opening is read as text, so a paragraph of
# thousands of nested quotations, each holding all the deeper ones, cannot index their square.
MAX_NESTED_SINGLES = 3
_ELISION = re.compile(r"(?:\d|n['’]|(?:em|til|cause|tis|twas|bout)\b)", re.IGNORECASE)


def find_quote_spans(text: str, headings: frozenset[int] = frozenset()) -> tuple[QuoteSpan, ...]:
    """Spans of a text whose paragraphs are separated by blank lines (as `Article.text` is).

    `headings` holds the 0-based numbers of headline paragraphs, where single
    quotes are quotation marks.
    """
    paragraphs, offset = [], 0
    for number, paragraph in enumerate(text.split("\n\n")):
        paragraphs.append((offset, paragraph, number in headings))
        offset += len(paragraph) + len("\n\n")
    return pair_marks(text, paragraphs)


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


def closed_quotations(paragraph: str) -> list[tuple[int, int]]:
    """(opening mark, closing mark + 1) of each double quotation that opens and closes in one
    paragraph, in order: what the segmenter keeps whole, paired as every span here is paired."""
    return [(opened, closed + 1) for opened, closed, *_ in _pairs(paragraph, [(0, paragraph, False)], _DOUBLE_MARK)
            if closed is not None]


def pair_marks(text: str, paragraphs: list[tuple[int, str, bool]]) -> tuple[QuoteSpan, ...]:
    """The spans of (offset, paragraph, is a headline) paragraphs of `text` that hold a word, in order."""
    spans = (_span(text, *pair) for pair in _pairs(text, paragraphs))
    return tuple(sorted((s for s in spans if s.end > s.start), key=lambda s: (s.start, s.end)))


def _pairs(text: str, paragraphs: list[tuple[int, str, bool]],
           marks_of: re.Pattern = MARK) -> list[tuple[int, int | None, int | None, bool, bool]]:
    """Every pair of marks as _span takes it (opened, closed, end, nested, goes_on), in the order
    each closes; only the marks `marks_of` finds are read."""
    spans: list[tuple[int, int | None, int | None, bool, bool]] = []
    carried: int | None = None  # the opening mark of a quotation continued from an earlier paragraph
    resumes = 0  # the paragraph that closes it: those before it, without a mark, are inside it
    for index, (offset, paragraph, heading) in enumerate(paragraphs):
        if index < resumes:
            continue
        marks = [(offset + m.start(), kind) for m in marks_of.finditer(paragraph)
                 if (kind := _classify(text, offset + m.start())) is not None]
        single_top = heading or not any(kind in (_OPEN_D, _CLOSE_D) for _, kind in marks)
        double, carried = carried, None  # a quotation whose closing mark is in this paragraph, unopened
        singles: list[int] = []
        # Where the paragraph's last single closing mark is, so each possessive asks in O(1) whether one follows.
        last_closing = max((p for p, (_, k) in enumerate(marks) if k in (_CLOSE_S, _POSSESSIVE)), default=-1)
        quotations = 0
        for position, (at, kind) in enumerate(marks):
            if kind == _OPEN_D:
                if double is not None:  # never closed before another opens: to its last sentence's end
                    spans.append((double, None, _last_sentence_end(text, double, at), False, False))
                    quotations += 1
                    if quotations == MAX_QUOTATIONS_PER_PARAGRAPH:
                        double = None
                        break
                double, singles = at, []
            elif kind == _CLOSE_D and double is not None:
                spans.append((double, at, None, False, False))
                double, singles = None, []
                quotations += 1
                if quotations == MAX_QUOTATIONS_PER_PARAGRAPH:
                    break
            elif kind == _OPEN_S and (double is not None or single_top) and len(singles) < MAX_NESTED_SINGLES:
                singles.append(at)
            elif kind in (_CLOSE_S, _POSSESSIVE) and singles:
                if kind == _POSSESSIVE and position < last_closing:
                    continue  # the workers’ union
                opened = singles.pop()
                spans.append((opened, at, None, double is not None, False))
        if double is not None:
            how, ahead = None, index + 1
            while how is None and ahead < min(len(paragraphs), index + 1 + MAX_RUN_ON_PARAGRAPHS):
                how = _continues(text, paragraphs[ahead])
                ahead += 1 if how is None else 0
            if how == "closes":
                carried, resumes = double, ahead
            else:
                spans.append((double, None, offset + len(paragraph), False, how == "reopens" and ahead == index + 1))
    return spans


_SENTENCE_END = re.compile(r"[.!?][\s)]+(?=\S)")


def _last_sentence_end(text: str, opened: int, before: int) -> int:
    """Where a quotation opened at `opened` and never closed ends, short of the mark at `before`: after
    the last full stop between them ("...doesn’t happen again. He added: “My starting point"), or at it."""
    ends = [m.start() + 1 for m in _SENTENCE_END.finditer(text, opened + 1, before)]
    return ends[-1] if ends else before


# Paragraphs without a mark that a quotation left open may run over before one closes it: a post
# or a statement quoted a line at a time; further on, the mark more likely never closes.
MAX_RUN_ON_PARAGRAPHS = 4


def _continues(text: str, paragraph: tuple[int, str, bool]) -> str | None:
    """How a paragraph goes on with a quotation left open before it: "reopens" it with a mark
    first (a block quotation, indexed paragraph by paragraph: each can be another outlet's
    excerpt), "closes" it without opening one (the same span, run over the break), "opens" another
    later in the paragraph, or None when it has no double mark."""
    offset, body, _ = paragraph
    for match in MARK.finditer(body):
        kind = _classify(text, offset + match.start())
        if kind == _OPEN_D:
            return "reopens" if match.start() == len(body) - len(body.lstrip()) else "opens"
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
