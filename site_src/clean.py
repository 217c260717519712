"""Stage 2, clean: normalise the text and set aside what is not the story.

Articles arrive as pasted text with whatever the collection caught around them:
bylines, datelines, newsletter pitches, teaser lists, reference maps. Rules
written for pasted plain text do this job (no extractor library handles it; see
the research notes). Nothing is thrown away: every removed line is kept with its
reason, and a dateline is kept as metadata.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from .model import Block, CleanArticle, CleanStory, RawArticle, RawStory, RemovedLine

if TYPE_CHECKING:
    from .boilerplate import StoryPattern

# --- Unicode normalisation ---------------------------------------------------

_CHARACTERS = str.maketrans({
    **dict.fromkeys("\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t", " "),
    **dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff\u00ad", ""),
    **dict.fromkeys("\u2012\u2015\u2e3a\u2e3b", "\u2014"),  # figure dash, horizontal bar -> em dash
    **dict.fromkeys("\u2010\u2011\u2212", "-"),
    **dict.fromkeys("\u201e\u201f\u00ab", "\u201c"),  # low-9 and guillemet openers -> “
    "\u00bb": "\u201d",
    **dict.fromkeys("\u201a\u201b", "\u2018"),
    "\u2026": "...",
})


# Characters that show no text and that no HTML page can carry (a parse error, shown as nothing or
# a box): C0 controls but tab, line feed, form feed and carriage return; DEL and the C1 controls;
# the noncharacters. Those of the planes above the first are looked for only in a text that has a
# character that high, since a class of so many single characters is several times slower to search.
UNSHOWABLE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")
HIGH_PLANES = re.compile("[\U0001fffe-\U0010ffff]")
HIGH_NONCHARACTERS = re.compile("[" + "".join(f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}"
                                              for plane in range(0x10000, 0x110000, 0x10000)) + "]")


def drop_unshowable(text: str) -> str:
    text = UNSHOWABLE.sub("", text)
    return HIGH_NONCHARACTERS.sub("", text) if HIGH_PLANES.search(text) else text


def normalize_text(text: str) -> str:
    """One spelling for each quote, dash, space and ellipsis, so later stages compare like with
    like; none of the characters that show nothing, so a page shows a sentence as its text holds it."""
    text = drop_unshowable(unicodedata.normalize("NFC", text)).translate(_CHARACTERS)
    text = re.sub(r"\.[ ]\.[ ]\.", "...", text)
    text = re.sub(r"(?<=\w) ?--+ ?(?=\w|[\"“‘])", " \u2014 ", text)
    return re.sub(r" {2,}", " ", text)


# --- Line rules --------------------------------------------------------------

_NAME = r"[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3}"
_MONTH = (r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?")

# (reason, pattern) checked against every block; a match removes the block.
LINE_RULES: tuple[tuple[str, re.Pattern], ...] = tuple((reason, re.compile(pattern, re.IGNORECASE)) for reason, pattern in (
    ("byline", rf"^by {_NAME}(?:(?:,| and) {_NAME})*(?:,? [\w ]{{0,40}})?$"),
    ("byline", r"^(?:reporting|writing|editing|additional reporting|compiled) by\b.{0,200}$"),
    ("reporter's biography", r"\bis an? (?:[\w-]+ ){0,3}(?:reporter|correspondent|writer|editor|producer|contributor)\b.{0,60}\bfor\b.{0,200}$"),
    ("reporter's biography", r"^.{0,120}\bfollow (?:him|her|them|us|me) on (?:twitter|x|instagram|facebook|threads|bluesky)\b.{0,80}$"),
    ("timestamp", rf"^(?:(?:updated|published|posted|last updated)\b:?\s*)?(?:\w+day,? )?(?:\d{{1,2}} {_MONTH}|{_MONTH} \d{{1,2}}),? \d{{4}}(?:,? (?:at )?\d{{1,2}}[:.]\d{{2}}\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{{2,5}}(?:[+-]\d{{1,2}})?)?)?$"),
    ("timestamp", r"^(?:updated|published|posted|last updated)\b:?.{0,40}\d{4}.{0,20}$"),
    ("newsletter pitch", r"\b(?:sign up for|subscribe to|our (?:daily |weekly |free )?(?:email|newsletter)|daily dose of .{0,40}news|delivered (?:straight )?to your inbox)\b.{0,300}$"),
    ("submit-your-news pitch", r"\b(?:publish news of your|submit(?:ting)? (?:a |your )?news(?: release)?|send us your (?:news|story|tips?))\b.{0,300}$"),
    ("disclosure about the outlet", r"^(?:disclosure:|as an? .{0,60}\b(?:newsroom|publication|news outlet|news organi[sz]ation)\b.{0,200}\bwe\b)"),
    ("advertisement", r"^(?:advertisement|sponsored(?: content)?|story continues below(?: advertisement)?)$"),
    ("link to other coverage", r"^(?:related|read more|see also|more coverage|watch|listen)\s*:.{0,200}$"),
    ("link to other coverage", r"^(?:click here|share (?:this|on)|read the full story)\b.{0,120}$"),
    # The agency's parentheses hold no other: `[^)]*` would scan to the line's end from every
    # unclosed `(Reuters`, time quadratic in the line.
    ("photo credit", r"^(?:\(?photo(?:graph)?s?(?: by)?:|image(?: credit)?:|credit:).{0,160}$|\((?:getty images|ap photo|reuters)[^()]*\)$"),
))

# A line like these, after some story text, starts the page's tail: all that follows goes.
FOOTER_TRIGGERS: tuple[tuple[str, re.Pattern], ...] = tuple((reason, re.compile(pattern, re.IGNORECASE)) for reason, pattern in (
    ("reference map", r"^(?:source reference map|sources by paragraph|inspired by headline at)"),
    ("list of sources", r"^(?:sources?|references)\s*:?$"),
    ("teaser list of other stories", r"^(?:more information|related (?:articles|stories|coverage|news)|more from|recommended(?: for you)?|you may also like|most (?:read|popular)|top stories|trending)"),
    ("copyright notice", r"^(?:copyright|\u00a9|all rights reserved)"),
))

DATELINE = re.compile(
    r"^(?:[A-Z][A-Z.'-]{2,}(?: [A-Z][A-Z.'-]+)*|[A-Z][a-z]+(?= \())"  # WASHINGTON / Denver (AP)
    r"(?:, [A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+)*)?"  # , D.C. / , Va.
    r"(?: \((?:AP|Reuters|AFP|UPI|Bloomberg|dpa|ANI|CNN)\))?"
    r"\s*(?::|\u2014|\u2013|-)\s*(?=\S)")

_TERMINAL = tuple(".!?:;,\"“”’'…)]")

MIN_STORY_BEFORE_FOOTER = 3  # blocks of story kept before a footer line can end the article
FOOTER_TAIL_SHARE = 0.6  # share of the blocks after a footer line that must look like a page's tail
SAME_RATIO = 0.9  # a byline or headline pasted again differs from the metadata by a little punctuation
STORY_PARAGRAPH_WORDS = 8  # a paragraph this long is story text: bylines and headlines sit above it


@dataclass(frozen=True)
class _Line:
    number: int
    text: str


def clean_story(story: RawStory, templates: frozenset[tuple[str, str]] = frozenset()) -> CleanStory:
    """Clean every article of a story; `templates` comes from `find_templates`."""
    from .boilerplate import story_patterns  # the regex package: not for a build that only counts lines

    patterns = story_patterns(story.settings.boilerplate_patterns, story.path)
    return CleanStory(source=story, articles=tuple(
        clean_article(article, patterns, templates) for article in story.articles))


def find_templates(stories: Iterable[RawStory], min_stories: int = 3) -> frozenset[tuple[str, str]]:
    """Lines one outlet repeats across several stories are its page template, not news.

    Inside one story a line shared by different outlets is wire copy, so only
    repetition by the same outlet across different stories counts.
    """
    return templates_among((template_lines(story) for story in stories), min_stories)


def template_lines(story: RawStory) -> frozenset[tuple[str, str]]:
    """Each (outlet, line) of a story, once: what find_templates counts. A build keeps each story's,
    so that after an edit only the edited story is read again to learn the templates."""
    return frozenset((_outlet_key(a.outlet), _line_key(block.text))
                     for a in story.articles for block in _article_blocks(a.body, a.body_line))


def templates_among(lines_of_stories: Iterable[frozenset[tuple[str, str]]],
                    min_stories: int = 3) -> frozenset[tuple[str, str]]:
    """find_templates of the stories whose template_lines these are."""
    seen: Counter = Counter()
    for lines in lines_of_stories:
        seen.update(lines)
    return frozenset(key for key, count in seen.items() if count >= min_stories and key[1])


def clean_article(article: RawArticle, patterns: tuple[StoryPattern, ...] = (),
                  templates: frozenset[tuple[str, str]] = frozenset()) -> CleanArticle:
    blocks = _article_blocks(article.body, article.body_line)
    for pattern in patterns:
        if blocks and all(pattern.matches(block.text, f"{article.path}:{block.line}") for block in blocks):
            raise pattern.refused(f"matches every line of {article.path}, so it would remove the whole "
                                  "article; make it match the clutter alone (anchor it, like `^Watch:`)")
    tail_after = _tail_like_after(blocks)
    removed: list[RemovedLine] = []
    kept: list[Block] = []
    tail_reason = None
    at_top = True  # no story paragraph kept yet
    for position, block in enumerate(blocks):
        if tail_reason is None and len(kept) >= MIN_STORY_BEFORE_FOOTER:
            tail_reason = _footer_reason(block, len(blocks) - position - 1, tail_after[position])
        reason = tail_reason or _removal_reason(article, block, kept, at_top, patterns, templates)
        if reason:
            removed.append(RemovedLine(block.line, block.text, reason))
        else:
            kept.append(block)
            at_top = at_top and not (block.kind == "paragraph"
                                     and len(block.text.split()) >= STORY_PARAGRAPH_WORDS)
    kept, dateline = _strip_dateline(kept)
    kept = [_as_heading(block, is_last=i == len(kept) - 1) for i, block in enumerate(kept)]
    return CleanArticle(source=article, blocks=tuple(kept), removed=tuple(removed), dateline=dateline)


# Articles whose blocks are kept between finding the site's templates and cleaning: every article
# of a large site, so that each is split into blocks once per build, not twice.
KEPT_ARTICLES = 4096


@lru_cache(maxsize=KEPT_ARTICLES)
def _article_blocks(body: str, body_line: int) -> tuple[Block, ...]:
    """An article's blocks, as find_templates and clean_article both read them: made once."""
    return tuple(_blocks(_lines(body, body_line)))


def _lines(body: str, body_line: int) -> list[_Line]:
    text = normalize_text(body)
    return [_Line(body_line + i, line.strip()) for i, line in enumerate(text.split("\n"))]


def _blocks(lines: list[_Line]) -> list[Block]:
    """Paragraphs end at blank lines, and at line ends that end a thought.

    Pasted pages put one paragraph per line; hard-wrapped text breaks inside
    sentences. A line that does not end in punctuation and is followed by a
    lowercase word is a wrapped line.
    """
    blocks: list[Block] = []
    current: list[_Line] = []

    def flush():
        if current:
            blocks.append(_make_block(current))
            current.clear()

    for line in lines:
        if not line.text:
            flush()
            continue
        if current and not _continues(current[-1].text, line.text):
            flush()
        current.append(line)
    flush()
    return blocks


def _continues(previous: str, line: str) -> bool:
    if _bullet(line) or previous.startswith("#") or previous.endswith(_TERMINAL):
        return False
    return line[:1].islower() or (len(previous) >= 60 and not line.startswith("#"))


def _bullet(line: str) -> str | None:
    match = re.match(r"^[-*\u2022]\s+(\S.*)$", line)
    return match.group(1) if match else None


def _make_block(lines: list[_Line]) -> Block:
    first = lines[0].text
    heading = re.match(r"#{1,6}\s+", first)
    if heading and len(lines) == 1:  # closing hashes go, stripped here: `(.*?)\s*#*$` is quadratic in them
        return Block("heading", first[heading.end():].rstrip("#").rstrip(), lines[0].number)
    item = _bullet(first)
    if item is not None:
        return Block("item", " ".join([item] + [l.text for l in lines[1:]]), lines[0].number)
    return Block("paragraph", " ".join(l.text for l in lines), lines[0].number)


def _footer_reason(block: Block, after: int, tail_like_after: int) -> str | None:
    """A trigger line ends the article when little story comes after it."""
    if after and tail_like_after < FOOTER_TAIL_SHARE * after:
        return None
    return next((reason for reason, pattern in FOOTER_TRIGGERS if pattern.search(block.text)), None)


def _tail_like_after(blocks: list[Block]) -> list[int]:
    """For each block, how many of those after it look like a page's tail: one pass from the end,
    so that a trigger line does not count the rest of the article again."""
    counts = [0] * len(blocks)
    for position in range(len(blocks) - 2, -1, -1):
        counts[position] = counts[position + 1] + _tail_like(blocks[position + 1].text)
    return counts


def _tail_like(text: str) -> bool:
    """Teasers, links and labels: short, cut off with an ellipsis, or opening with a dateline."""
    return (len(text.split()) < 12 or text.endswith("...") or bool(DATELINE.match(text))
            or any(p.search(text) for _, p in LINE_RULES + FOOTER_TRIGGERS))


def _removal_reason(article: RawArticle, block: Block, kept: list[Block], at_top: bool,
                    patterns: tuple[StoryPattern, ...], templates: frozenset) -> str | None:
    text = block.text
    for pattern in patterns:
        if pattern.matches(text, f"{article.path}:{block.line}"):
            return f"matches the story's pattern `{pattern.setting.text}`"
    quotes_someone = any(mark in text for mark in '"\u201c\u201d')
    for reason, pattern in LINE_RULES:
        if not quotes_someone and pattern.search(text):
            return reason
    if at_top and article.author and _same(text, article.author):
        return "byline"
    if at_top and re.fullmatch(r"[A-Z][a-z'’-]+(?: [A-Z]\.?)?(?: [A-Z][a-z'’-]+){1,2}", text) and len(kept) < 2 \
            and not article.title:
        return "byline"
    if not kept and article.title and _same(text, article.title):
        return "headline repeated in the text"
    if templates and (_outlet_key(article.outlet), _line_key(text)) in templates:
        return f"repeated in other stories from {article.outlet}"
    return None


def _strip_dateline(blocks: list[Block]) -> tuple[list[Block], str | None]:
    """`WASHINGTON, D.C.:` belongs to no sentence: keep it aside as metadata."""
    for i, block in enumerate(blocks):
        if block.kind != "paragraph":
            continue
        match = DATELINE.match(block.text)
        if not match:
            return blocks, None
        rest = block.text[match.end():]
        blocks = blocks[:i] + [Block(block.kind, rest, block.line)] + blocks[i + 1:]
        return blocks, match.group(0).strip()
    return blocks, None


def _as_heading(block: Block, is_last: bool) -> Block:
    """A short line with no closing punctuation, followed by more text, is a section heading."""
    text = block.text
    if block.kind != "paragraph" or is_last or len(text.split()) > 10 or text.endswith(_TERMINAL):
        return block
    if not re.search(r"[A-Za-z]", text) or re.search(r"[\"“”]", text):
        return block
    return Block("heading", text, block.line)


def _same(a: str, b: str) -> bool:
    """Nearly the same words; the length bound and the letter count, each linear, come first."""
    matcher = difflib.SequenceMatcher(None, _line_key(a), _line_key(b))
    return all(ratio() >= SAME_RATIO for ratio in (matcher.real_quick_ratio, matcher.quick_ratio, matcher.ratio))


def _line_key(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def _outlet_key(outlet: str) -> str:
    return " ".join(outlet.casefold().split())
