"""Stage 3, segment: number the paragraphs and split them into located sentences.

Every footnote, quote highlight and cross-outlet link points at a sentence by
character offsets into its article's cleaned text, so the splitter returns
spans, never strings. General-purpose splitters stumble on news text ("Sen.",
"the U.S. But", '"...?" he asked'); the research notes (nlp.md, section 2)
measured them against a regex with abbreviation classes, which won on both
accuracy and speed, so that is what this is.

Rule decisions, beyond the research notes:

- Abbreviations are matched case-sensitively: "No." is the number sign only
  when a digit follows ("No. 2"), and otherwise the word no ("No. He didn't.");
  "v." and "vs." are lower case only.
- A dotted run of letters ("J.K.", "J.R.R.") counts as initials and never ends
  a sentence, unless it is a known acronym that may end one ("U.S.", "D.C.",
  "N.Y.", "Ph.D.").
- AP-style state abbreviations ("Calif.", "Va.") are ordinary words, so they end
  a sentence before any capital: in news they close a place ("in Concord,
  Calif. Dukes is ...") far more often than they precede a name. The dotted
  ones ("N.Y.", "N.J.") are may-end acronyms, so they are not read as initials.
- A quoted question or exclamation followed by a capitalised speaker and a
  speech verb ('“Why?” Justice Breyer asked.') is one sentence, like the
  lower-case '"Why?" he asked.'
- A double quotation that opens and closes inside the paragraph is kept whole,
  even across several sentences; one left open (news continues a quotation in
  the next paragraph) does not hold back splits. Where quotations open and
  close is the quotes stage's reading of the marks (quotes/spans.py), so the two
  stages never disagree on it: a straight quote between spaces (an inch mark,
  a stray key) opens nothing.
"""

from __future__ import annotations

import bisect
import re

from .lexicon import MONTH_ABBREVIATIONS, SPEECH_VERBS, TITLE_ABBREVIATIONS
from .model import Article, CleanArticle, CleanStory, Paragraph, Sentence, Story
from .quotes.spans import closed_quotations

# Titles, months and the like: in news they are followed by the name or number they belong to.
NEVER_END = TITLE_ABBREVIATIONS | frozenset(month.capitalize() for month in MONTH_ABBREVIATIONS) | frozenset("""
    St v vs a.k.a e.g i.e Fig Mt Ft Ave Blvd
""".split())

# Abbreviations only before a number ("No. 2", "p. 4"); before anything else an ordinary word ends there.
NUMBER_SIGNS = frozenset({"No", "Nos", "p", "pp", "Vol", "Art"})

# Abbreviations that sit as often at the end of a sentence as in its middle.
MAY_END = frozenset("""
    Inc Corp Co Cos Ltd Plc LLC LLP Bros Jr Sr etc a.m p.m A.M P.M
    U.S U.S.A U.K U.N E.U D.C A.I Ph.D M.B.A N.H N.J N.M N.Y N.C N.D R.I S.C S.D W.Va
""".split())

# After a may-end abbreviation we split only before one of these closed-class words. None of them
# is a weekday, a month or a time zone, so "5 p.m. Tuesday" and "the U.S. Capitol" stay whole.
SENTENCE_OPENERS = frozenset("""
    The A An It He She They We I You This That These Those There Here But And Or Nor So Yet Still
    In On At By From With Without To Of After Before During Since Until When While If As For Although
    Though Because Once However Meanwhile Earlier Later Now Then Also Instead Indeed Even
    His Her Their Its Our My Your Some Many Most All Both Each Every Neither Either Other Another
    Such No Not Only What Who Whom Whose Why How Where Which Mr Mrs Ms
""".split())

OPENING_MARKS = "\"“‘'(["

# A sentence-ending mark, the closing quotes and brackets after it, the whitespace after those, and
# the next character if it could open a sentence (ASCII lower case is ruled out here, for speed;
# other scripts are judged in Python). A run of marks is entered at its first mark only, so it is not
# scanned again from each of its characters.
_CANDIDATE = re.compile(r"""
    (?<![.?!…])(?P<mark>[.?!…]+)
    (?P<close>[”’"')\]]*)
    (?=\s+(?P<next>[^\sa-z]))
""", re.VERBOSE)

# '“Why now?” Justice Breyer asked.': a named speaker and a speech verb continue the sentence
# (compose reads the same words as the attribution a quotation's sentence was cut from).
ATTRIBUTION = re.compile(r"(?:[A-Z][\w.'’-]*\s+){1,4}(?:%s)\b" % "|".join(sorted(SPEECH_VERBS)))

_QUOTE_CLOSERS = frozenset('”"')

# The abbreviation-shaped token that ends where a period starts. Matching it inside the candidate
# pattern would make the scan try it at every letter, five times slower; instead it is looked up
# in a short window before each candidate, longer than any abbreviation we know.
_WORD_BEFORE = re.compile(r"(?<![\w.])[A-Za-z]+(?:\.[A-Za-z]+)*\Z")
_WORD_WINDOW = 16

_INITIALS = re.compile(r"(?:[A-Z]\.)*[A-Z]")

_NEXT_WORD = re.compile(r"[\"“‘'(\[]*([A-Za-z]+)(?![\w.])")

def split_sentences(text: str) -> tuple[tuple[int, int], ...]:
    """Sentence spans of one paragraph, trimmed, in order, together covering all its non-space text."""
    quotations = closed_quotations(text) if ('"' in text or "“" in text) else []
    starts = [q[0] for q in quotations]
    cuts = [0]
    for match in _CANDIDATE.finditer(text):
        cut = match.end()
        if _ends_sentence(text, match) and not _inside(quotations, starts, cut):
            cuts.append(cut)
    cuts.append(len(text))
    spans = []
    for begin, end in zip(cuts, cuts[1:]):
        piece = text[begin:end]
        stripped = piece.strip()
        if stripped:
            begin += len(piece) - len(piece.lstrip())
            spans.append((begin, begin + len(stripped)))
    return tuple(spans)


def _ends_sentence(text: str, match: re.Match) -> bool:
    """Whether this candidate is a real boundary, judged by the token before it and the word after."""
    nxt = match["next"]
    if not (nxt.isupper() or nxt.isdigit() or nxt in OPENING_MARKS):
        return False
    mark = match["mark"]
    if mark[-1] in "?!":
        quoted = not _QUOTE_CLOSERS.isdisjoint(match["close"])
        return not (quoted and ATTRIBUTION.match(text, match.start("next")))
    if mark != ".":
        return True  # an ellipsis
    at = match.start()
    before = _WORD_BEFORE.search(text, max(0, at - _WORD_WINDOW), at)
    if before is None:
        return True  # a period after a number, a closing mark or an ordinary long word
    word = before[0]
    if word in NEVER_END:
        return False
    if word in NUMBER_SIGNS:
        return not nxt.isdigit()
    if word in MAY_END:
        opener = _NEXT_WORD.match(text, match.start("next"))
        return opener is not None and opener[1] in SENTENCE_OPENERS
    return not _INITIALS.fullmatch(word)  # "Gina M. Raimondo", "J.K. Rowling"


def _inside(quotations: list[tuple[int, int]], starts: list[int], cut: int) -> bool:
    """A cut right after a closing mark is outside: that quotation ended the sentence."""
    i = bisect.bisect_left(starts, cut) - 1
    return i >= 0 and cut < quotations[i][1]


def segment_story(story: CleanStory) -> Story:
    """Headings are numbered like every block but get no sentences: nothing quotes or footnotes them."""
    return Story(source=story.source, articles=tuple(_segment_article(a) for a in story.articles))


def _segment_article(clean: CleanArticle) -> Article:
    """Offsets are taken in the blocks joined by blank lines, which is what `Article.text` rebuilds."""
    siglum = clean.source.siglum
    paragraphs = []
    offset = 0
    for number, block in enumerate(clean.blocks, start=1):
        sentences = () if block.kind == "heading" else tuple(
            Sentence(siglum=siglum, paragraph=number, index=index, text=block.text[start:end],
                     start=offset + start, end=offset + end)
            for index, (start, end) in enumerate(split_sentences(block.text), start=1)
        )
        paragraphs.append(Paragraph(number=number, kind=block.kind, text=block.text, start=offset,
                                    sentences=sentences))
        offset += len(block.text) + 2
    return Article(source=clean.source, paragraphs=tuple(paragraphs), removed=clean.removed,
                   dateline=clean.dateline)
