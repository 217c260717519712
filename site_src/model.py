"""The data that flows between pipeline stages: plain frozen dataclasses.

Each stage takes the previous stage's value and returns a new one; nothing here
knows how it was produced or how it will be shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .settings import SITE, STORY, STORY_SETTINGS


@dataclass(frozen=True)
class SiteConfig:
    """`content/site.yml`, validated; its keys and defaults are declared in settings.SITE."""

    title: str
    description: str = SITE.default("description")
    language: str = SITE.default("language")
    base_url: str = SITE.default("base_url")
    cname: str | None = SITE.default("cname")  # a custom domain, written to CNAME for GitHub Pages
    search: bool = SITE.default("search")  # the search box and Pagefind's index
    metadata: tuple[tuple[str, object], ...] = ()


@dataclass(frozen=True)
class BoilerplatePattern:
    """One of the editor's regular expressions for clutter lines, with its line in `story.md`."""

    text: str
    line: int


@dataclass(frozen=True)
class StorySettings:
    """Per-story knobs from the `settings:` mapping of `story.md` (settings.STORY_SETTINGS)."""

    min_support: int = STORY_SETTINGS.default("min_support")
    boilerplate_patterns: tuple[BoilerplatePattern, ...] = STORY_SETTINGS.default("boilerplate_patterns")


# --- load -------------------------------------------------------------------


@dataclass(frozen=True)
class EditorNote:
    """One of `story.md`'s `annotations:` as written: what it is about, found by words of the page."""

    selector: str
    about: str  # "claim" (`on:`) or "quote" (`quote:`)
    note: str  # the editor's Markdown
    line: int  # story.md's line of the item
    note_line: int  # ... and of its `note:`


@dataclass(frozen=True)
class Correction:
    """One of `story.md`'s `corrections:` as written (settings.CORRECTION)."""

    kind: str  # "exclude", "pin", "merge", "split" or "speaker"
    selectors: tuple[str, ...]  # the facts (or quotation) it names: two or more for a merge, else one
    reason: str
    line: int  # story.md's line of the item
    out: str | None = None  # split: words of the sentence to take out
    to: str | None = None  # speaker: the name to give


@dataclass(frozen=True)
class RawArticle:
    """One article file as read: metadata plus its body text, untouched."""

    siglum: str
    path: str  # relative to the content folder, for messages and pages
    format: str  # "md", "txt" or "html"
    outlet: str
    body: str
    body_line: int  # the file's line number of the body's first line
    title: str | None = None
    url: str | None = None
    author: str | None = None
    published: str | None = None
    metadata: tuple[tuple[str, object], ...] = ()
    # The outlet's name folded two ways (load's rule): two articles share an outlet when either agrees.
    outlet_keys: tuple[str, ...] = ()


@dataclass(frozen=True)
class RawStory:
    """One story folder as read."""

    slug: str
    path: str
    title: str
    date: str
    introduction: str  # the editor's Markdown, unrendered
    articles: tuple[RawArticle, ...]
    tags: tuple[str, ...] = STORY.default("tags")
    settings: StorySettings = field(default_factory=StorySettings)
    metadata: tuple[tuple[str, object], ...] = ()
    introduction_line: int = 1  # story.md's line of the introduction's first line
    summary: str = STORY.default("summary")  # the editor's one line, for the home page, feeds and link previews
    draft: bool = STORY.default("draft")  # kept out of the published site
    annotations: tuple[EditorNote, ...] = STORY.default("annotations")
    corrections: tuple[Correction, ...] = STORY.default("corrections")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the content, located as precisely as we can."""

    path: str
    line: int | None
    message: str
    severity: str = "error"  # or "warning"

    def __str__(self) -> str:
        where = f"{printable(self.path)}:{self.line}" if self.line else printable(self.path)
        return f"{where}: {self.severity}: {printable(self.message)}"


def printable(text: str) -> str:
    """Names and values from content reach the terminal: escape what could drive it (ESC, CR...)."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


@dataclass(frozen=True)
class LoadedSite:
    config: SiteConfig
    stories: tuple[RawStory, ...]  # those the site publishes
    warnings: tuple[Problem, ...] = ()
    drafts: tuple[str, ...] = ()  # story folders left out as drafts


# --- clean ------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """A unit of cleaned article text: a paragraph, a heading or a list item."""

    kind: str  # "paragraph", "heading" or "item"
    text: str
    line: int  # where it starts in the source file


@dataclass(frozen=True)
class RemovedLine:
    """A line the cleaner dropped, kept so the site can show it."""

    line: int
    text: str
    reason: str


@dataclass(frozen=True)
class CleanArticle:
    source: RawArticle
    blocks: tuple[Block, ...]
    removed: tuple[RemovedLine, ...]
    dateline: str | None = None


@dataclass(frozen=True)
class CleanStory:
    source: RawStory
    articles: tuple[CleanArticle, ...]


# --- segment ----------------------------------------------------------------


@dataclass(frozen=True)
class Sentence:
    """One sentence, located by character offsets in its article's cleaned text."""

    siglum: str
    paragraph: int  # 1-based block number
    index: int  # 1-based position within the block
    text: str
    start: int
    end: int
    # `B-4-2`: made once, since every stage asks for it of every sentence, many times over.
    anchor: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "anchor", f"{self.siglum}-{self.paragraph}-{self.index}")


@dataclass(frozen=True)
class Paragraph:
    number: int  # 1-based
    kind: str  # "paragraph", "heading" or "item"
    text: str
    start: int  # offset of the block in the article's cleaned text
    sentences: tuple[Sentence, ...]  # empty for headings


@dataclass(frozen=True)
class Article:
    """A cleaned, segmented article: what every later stage works on."""

    source: RawArticle
    paragraphs: tuple[Paragraph, ...]
    removed: tuple[RemovedLine, ...]
    dateline: str | None = None

    @property
    def siglum(self) -> str:
        return self.source.siglum

    @property
    def outlet(self) -> str:
        return self.source.outlet

    @property
    def text(self) -> str:
        """The cleaned text that sentence offsets point into."""
        return "\n\n".join(p.text for p in self.paragraphs)

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        return tuple(s for p in self.paragraphs for s in p.sentences)


@dataclass(frozen=True)
class Story:
    """A story as it moves through the stages; each later stage fills in its own part."""

    source: RawStory
    articles: tuple[Article, ...]
    quotes: tuple["Quote", ...] = ()
    alignment: "Alignment | None" = None
    digest: "Digest | None" = None

    @property
    def slug(self) -> str:
        return self.source.slug


@dataclass(frozen=True)
class Site:
    config: SiteConfig
    stories: tuple[Story, ...]


# --- quotes -----------------------------------------------------------------


@dataclass(frozen=True)
class QuoteOccurrence:
    """One outlet's carrying of a quotation, exactly as it printed it."""

    siglum: str
    anchor: str | None  # the sentence that holds it; None in a heading, which has no sentences
    paragraph: int  # the block that holds it, heading or not (1-based, as Paragraph.number)
    text: str  # the words inside the quotation marks, as carried
    start: int  # offsets of `text` in the article's cleaned text
    end: int
    # Who this outlet says spoke it, under the story's name for that speaker; another speaker's
    # name when the outlet attributes it to somebody else; from the other outlets when "vote".
    speaker: str | None
    verb: str | None  # the reporting verb this outlet used ("said", "warned", ...)
    fidelity: str  # "verbatim", "partial" or "altered", against the canonical text
    # Word-level edits from the canonical text to this one, as ("same" | "dropped" | "added", words);
    # empty when verbatim.
    diff: tuple[tuple[str, str], ...] = ()
    # How the speaker was found: "post" (`,” X said`), "pre" (`X said: “`), "sentence" (X's verb
    # earlier in the sentence), "according" (according to X), "continued" (an earlier quotation of
    # the paragraph), "floating" (a quotation-only paragraph after X's), "vote" (the other outlets),
    # "label" (a term introduced as one: so-called, dubbed) or "none".
    attribution: str = "none"

    @property
    def address(self) -> str:
        """Its `id` on the source page: its sentence's, or its heading's (`B-1`)."""
        return self.anchor or f"{self.siglum}-{self.paragraph}"


@dataclass(frozen=True)
class Quote:
    """One quotation (or quoted term) and every outlet that carried it."""

    id: str
    text: str  # canonical: the longest faithful form
    kind: str  # "quotation" or "term"
    speaker: str | None  # unified across outlets; None when unknown
    occurrences: tuple[QuoteOccurrence, ...]
    first_carried_by: str | None = None  # siglum, where publication times are known


# --- align ------------------------------------------------------------------


@dataclass(frozen=True)
class Conflict:
    """Two close sentences of different outlets that contradict each other."""

    first: str  # sentence anchors
    second: str
    kinds: tuple[str, ...]  # "number", "name", "negation", "direction", "role" (guard.SHOWN)
    similarity: float


@dataclass(frozen=True)
class Alignment:
    """Which sentences state the same fact, before any choice of wording or order."""

    # Sentence anchors, one sentence per article at most; a sentence joining two facts is in the claim of each.
    clusters: tuple[tuple[str, ...], ...]
    conflicts: tuple[Conflict, ...]
    near: tuple[tuple[str, str, float], ...]  # (anchor, closest anchor of another claim, similarity)
    similarity: tuple[tuple[str, str, float], ...]  # similarity of the pairs within each cluster


# --- compose ----------------------------------------------------------------


@dataclass(frozen=True)
class Detail:
    """A number, name or quoted phrase only one outlet gave inside a shared claim."""

    siglum: str
    anchor: str
    kind: str  # "number", "name" or "quotation"
    text: str


@dataclass(frozen=True)
class Claim:
    id: str
    sentences: tuple[Sentence, ...]  # one per outlet, in siglum order
    canonical: Sentence  # the wording shown: always one outlet's own sentence
    in_digest: bool
    details: tuple[Detail, ...] = ()
    possibly_also: tuple[Sentence, ...] = ()  # close, but not close enough to merge
    # Outlets that carried it, rewrites of one shared text counted once.
    independent: int = 1
    # Further sentences of outlets already cited: the attribution that completes a member cut
    # off after its closing quotation mark ("Smith said."), or a second sentence restating it.
    extra: tuple[Sentence, ...] = ()
    tail: Sentence | None = None  # the extra sentence that completes the canonical, shown after it
    # Why a fact several outlets carried is not in the digest: "support" (too few independent
    # outlets), "dangles" (every wording leans on a sentence the digest does not give) or "editor"
    # (a correction excluded it); "" else.
    left_out: str = ""

    @property
    def outlets(self) -> tuple[str, ...]:
        return tuple(s.siglum for s in self.sentences)

    @property
    def footnoted(self) -> tuple[Sentence, ...]:
        """Every sentence cited, each outlet's together, in the order of the outlets."""
        rank = {siglum: k for k, siglum in enumerate(self.outlets)}
        return tuple(sorted(self.sentences + self.extra, key=lambda s: (rank[s.siglum], s.paragraph, s.index)))

    @property
    def text(self) -> str:
        """The wording shown: the canonical sentence, with its attribution when cut off from it."""
        return f"{self.canonical.text} {self.tail.text}" if self.tail else self.canonical.text


@dataclass(frozen=True)
class Version:
    """One outlet's side of a disagreement, with the words that differ."""

    sentence: Sentence
    differing: tuple[str, ...]


@dataclass(frozen=True)
class Disagreement:
    kind: str  # "number", "name", "negation", "direction", "role" or "quotation"
    summary: str
    versions: tuple[Version, ...]
    claims: tuple[str, ...] = ()  # ids of the claims involved


@dataclass(frozen=True)
class OutletCoverage:
    siglum: str
    claims: int  # claims this outlet carried
    story_share: float  # of all the story's claims
    digest_share: float  # of the digest's claims
    left_out: tuple[str, ...]  # digest claims most other outlets carried and this one did not


@dataclass(frozen=True)
class Annotation:
    """An editor's note, attached to the claim or quotation its words matched."""

    target: str  # a claim id (`c7`) or a quote id (`q3`)
    about: str  # "claim" or "quote"
    note: str  # Markdown
    selector: str
    line: int  # story.md's line of the note, for messages about its Markdown


@dataclass(frozen=True)
class Change:
    """One correction as applied: what it changed in the digest, and the editor's reason."""

    kind: str  # "exclude", "pin", "merge", "split" or "speaker"
    reason: str
    claims: tuple[str, ...] = ()  # the claims it concerns, as the corrected digest numbers them
    quote: str | None = None  # speaker: the quotation's id
    sentence: str | None = None  # split: the anchor of the sentence taken out
    speaker: str | None = None  # speaker: the name the outlets' words gave, before the editor's
    line: int = 0


@dataclass(frozen=True)
class Digest:
    claims: tuple[Claim, ...]  # every claim, digest ones first in digest order
    paragraphs: tuple[tuple[str, ...], ...]  # claim ids of the digest, paragraph by paragraph
    additions: tuple[tuple[str, tuple[str, ...]], ...]  # siglum -> its own claims, in its order
    disagreements: tuple[Disagreement, ...]
    coverage: tuple[OutletCoverage, ...]
    shared_copy: tuple[tuple[str, ...], ...]  # groups of sigla that rewrite one shared text
    independent: int = 0  # the story's outlets, each group of shared copy counted once
    annotations: tuple[Annotation, ...] = ()  # the editor's notes, in the order written
    changes: tuple[Change, ...] = ()  # the editor's corrections, in the order applied
