"""Stage, render: the site as a mapping of output path -> bytes, written by nobody yet.

Templates get plain view values and escape everything (autoescape is on for
every template): article text is untrusted. The editor's Markdown is the one
place HTML is produced from content: raw HTML in it is shown as typed, and what
Markdown makes goes through nh3, an allow-list sanitizer, since an attribute
list (`{: onclick=...}`) can add any attribute.
"""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import markdown
import nh3
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from . import site_pages
from .clean import drop_unshowable
from .dates import human_date
from .export import digest_json
from .feeds import FeedEntry, Located, atom_feed, robots_txt, sitemap
from .frontmatter import ContentError
from .head import Head, absolute, head, site_url, source_head, story_description, story_head
from .model import Article, Claim, Detail, Paragraph, Problem, Quote, QuoteOccurrence, Sentence, Site, Story
from .search import INDEX_DIR
from .settings import FEWEST_OUTLETS
from .words import folded_words, shortened

ALLOWED_TAGS = {"a", "abbr", "b", "blockquote", "br", "code", "em", "h2", "h3", "h4", "hr", "i",
                "li", "ol", "p", "pre", "q", "s", "strong", "sub", "sup", "ul"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "li": {"id"}, "sup": {"id"}}
# Markdown footnotes link `#fn:1` and `#fnref:1`; no other id from content reaches a page, where
# it could take over one of the page's own anchors.
FOOTNOTE_ID = re.compile(r"fn(?:ref\d*)?:[\w.:-]+")
URL_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)
# What a browser drops from an address before it follows it (outer spaces and controls, and any
# tab or newline); it also reads a backslash as a slash.
URL_OUTER_JUNK = "".join(map(chr, range(0x21)))
URL_INNER_JUNK = re.compile(r"[\t\n\r]")
STATIC_DIR = "static"
QUOTES_DIR = "quotes"
OUTLETS_DIR = "outlets"
CNAME = "CNAME"
FEED = "feed.xml"
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
# The names the site's own files take at the top of output/ that a story folder could take
# (case-folded: the folders of macOS and Windows ignore case, so `cname/` would clash with CNAME);
# feed.xml, sitemap.xml and robots.txt hold a dot, which no story folder's name may.
RESERVED_SLUGS = frozenset(name.casefold() for name in (STATIC_DIR, QUOTES_DIR, OUTLETS_DIR, CNAME, INDEX_DIR))


def _single_article_page(story: Story, site: Site, env: Environment, views: dict) -> bytes:
    """A story with one outlet so far has nothing to compare: its page is that article, as
    cleaned, and its quote index, and says why there is no digest."""
    article = story.articles[0]
    notice = (f"No digest yet: a digest compares outlets, and needs at least {FEWEST_OUTLETS} of them. This "
              f"story has one so far, {article.outlet}, so its article is shown as cleaned, with its "
              "quotations. Add another outlet's article to the story's folder to make the digest.")
    claim_of = {s.anchor: c.id for c in story.digest.claims for s in c.sentences}
    return _page(env, site, story_path(story.slug), "single.html",
                 story_head(site.config, story_path(story.slug), story), **views, introduction=_introduction(story),
                 story_date=human_date(story.source.date),
                 article=article, blocks=group_blocks(article.paragraphs), notice=notice,
                 spans=claim_spans(article, claim_of))


# The glyph of each sentence fate on a source page, and what it means, for the marks and the legend.
FATE_LEGEND = (("digest", "\u25cf", "In the digest, in these words"),
               ("digest-member", "\u25d0", "In the digest, in another outlet's words"),
               ("minor", "\u25cb", "Shared, but not in the digest's flow"),
               ("own", "\u25c6", "Only this outlet reported it"))
FATE_MARKS = {kind: mark for kind, mark, _ in FATE_LEGEND}


@dataclass(frozen=True)
class Page:
    """Where a page lives; links from it are made relative so the site works under any sub-path."""

    path: str
    # The base URL's path, for a page served at any address (404.html): its links start with it.
    root: str | None = None

    def link(self, target: str) -> str:
        if self.root is not None:
            return self.root + target
        return _relative(target, self.path)

    def story(self, slug: str) -> str:
        return self.link(story_path(slug))

    def source(self, slug: str, siglum: str) -> str:
        return self.link(source_path(slug, siglum))

    def data(self, slug: str) -> str:
        return self.link(data_path(slug))

    def sentence(self, slug: str, anchor: str) -> str:
        """The link to one sentence (`B-4-2`) on its source page."""
        return f"{self.source(slug, anchor.split('-', 1)[0])}#{anchor}"


@lru_cache(maxsize=4096)
def _relative(target: str, page: str) -> str:
    """A page links to the same few pages thousands of times (each footnote, each quotation)."""
    return posixpath.relpath(target, posixpath.dirname(page) or ".")


def render_site(site: Site, templates_dir: Path) -> dict[str, bytes]:
    env = template_environment(templates_dir)
    files: dict[str, bytes] = {}
    for story in site.stories:
        files.update(render_story(story, site, env))
    files.update(render_shared_pages(site, env, templates_dir))
    return files


def template_environment(templates_dir: Path) -> Environment:
    return Environment(loader=FileSystemLoader(str(templates_dir)), autoescape=True,
                       undefined=StrictUndefined, keep_trailing_newline=True,
                       trim_blocks=True, lstrip_blocks=True)


def render_story(story: Story, site: Site, env: Environment) -> dict[str, bytes]:
    """The pages that depend on this story alone: its page, its sources and its digest.json."""
    digest = story.digest
    claims = {c.id: c for c in digest.claims}
    articles = {a.siglum: a for a in story.articles}
    rows = {q.id: carrier_rows(q) for q in story.quotes}
    here = Page(story_path(story.slug))  # the story's page, and the single article's page in its place
    views = dict(
        story=story,
        claims=claims,
        articles=articles,
        highlight=highlight,
        fates=sentence_fates(story),
        fate_legend=FATE_LEGEND,
        published={a.siglum: human_date(a.source.published) for a in story.articles if a.source.published},
        place=place,
        quote_rows=rows,
        carriers={q.id: carrier_list(q, rows[q.id], story.slug, here, articles) for q in story.quotes},
        **story_quote_index(story),
    )
    views["editor_notes"] = editor_notes(story)
    views["note_marks"] = {target: note_marks(found) for target, found in views["editor_notes"].items()}
    if len(story.articles) < FEWEST_OUTLETS:
        page = _single_article_page(story, site, env, views)
    else:
        notes = {c.id: footnotes(c, articles) for c in digest.claims if len(c.sentences) > 1 or c.in_digest}
        additions = outlet_additions(story)
        labels = {c.id: shortened(c.text, CLAIM_LABEL_CHARACTERS) for c in digest.claims}
        pinned = {i for change in digest.changes if change.kind == "pin" for i in change.claims}
        page = _page(
            env, site, story_path(story.slug), "story.html",
            story_head(site.config, story_path(story.slug), story), **views,
            introduction=_introduction(story),
            story_date=human_date(story.source.date),
            key=outlet_key(story),
            glance=at_a_glance(story),
            notes=notes,
            markers={claim_id: footnote_markers(found, story.slug, here) for claim_id, found in notes.items()},
            labels=labels,
            minor=[c for c in digest.claims if c.left_out == "support"],
            leaning=[c for c in digest.claims if c.left_out == "dangles"],
            excluded=[c for c in digest.claims if c.left_out == "editor"],
            pinned=pinned,
            digest_paragraphs=[(paragraph, tuple(n for i in paragraph for n in views["editor_notes"].get(i, ())))
                               for paragraph in digest.paragraphs],
            changes=change_views(story, labels, here),
            additions=additions,
            new_facts={group.article.siglum: new_fact_items(group.new, story.slug, here, articles,
                                                            views["editor_notes"])
                       for group in additions},
            matrix=coverage_matrix(story),
        )
    files = {story_path(story.slug): page}
    for article in story.articles:
        path = source_path(story.slug, article.siglum)
        files[path] = _page(env, site, path, "source.html",
                            source_head(site.config, path, story, article.source), **views, article=article,
                            file_name=posixpath.basename(article.source.path),
                            blocks=group_blocks(article.paragraphs),
                            marked=marked_sentences(article, views["fates"], Page(path).story(story.slug)))
    files[data_path(story.slug)] = digest_json(story)
    return files


@dataclass(frozen=True)
class Fate:
    """Where a source sentence went, for its mark on the source page."""

    kind: str  # "digest" (its wording shown), "digest-member", "minor" or "own"
    claim: str  # claim id, the mark's link target
    label: str
    mark: str


def sentence_fates(story: Story) -> dict[str, Fate]:
    outlets = {a.siglum: a.outlet for a in story.articles}
    fates = {}
    for claim in story.digest.claims:
        for sentence in claim.sentences + claim.extra:
            if claim.in_digest and (sentence is claim.canonical or sentence is claim.tail):
                kind, label = "digest", "In the digest in these words"
            elif claim.in_digest:
                kind, label = "digest-member", f"In the digest, in the words of {outlets[claim.canonical.siglum]}"
            elif claim.left_out == "editor":
                kind, label = "minor", "Shared, but the editor left it out of the digest (see the editor's changes)"
            elif claim.left_out == "dangles":
                kind, label = "minor", ("Shared, but every outlet's words lean on an earlier sentence the digest "
                                        "does not give")
            elif len(claim.sentences) > 1:
                kind, label = "minor", "Shared with fewer independent outlets than the digest needs"
            else:
                kind, label = "own", "Only this outlet reported it"
            fates[sentence.anchor] = Fate(kind, claim.id, label, FATE_MARKS[kind])
    return fates


def place(anchor: str) -> str:
    """A sentence's address as a reader says it: `B-4-2` is "paragraph 4"."""
    return f"paragraph {anchor.split('-')[1]}"


@dataclass(frozen=True)
class KeyEntry:
    """One outlet in the key at the top of the story: its letter, its name and what it is."""

    siglum: str
    outlet: str
    facts: tuple[str, ...]


def outlet_key(story: Story) -> tuple[KeyEntry, ...]:
    outlets = {a.siglum: a.outlet for a in story.articles}
    copies = {s: group for group in story.digest.shared_copy for s in group}
    entries = []
    for article in story.articles:
        facts = []
        if article.siglum in copies:
            others = [f"{outlets[s]} ({s})" for s in copies[article.siglum] if s != article.siglum]
            facts.append(f"wire copy: the same shared text as {_and(others)}")
        if article.source.author:
            facts.append(f"by {article.source.author}")
        if article.source.published:
            facts.append(human_date(article.source.published).text)
        if not article.source.url:
            facts.append("no web address given")
        entries.append(KeyEntry(article.siglum, article.outlet, tuple(facts)))
    return tuple(entries)


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


@dataclass(frozen=True)
class GlanceItem:
    count: int
    label: str  # already in the number's grammatical number
    href: str


def at_a_glance(story: Story) -> tuple[GlanceItem, ...]:
    """The story's measure in five numbers, each leading to the section that shows them."""
    digest = story.digest
    altered = sum(1 for q in story.quotes if any(o.fidelity == "altered" for o in q.occurrences))
    copied = sum(len(group) for group in digest.shared_copy)
    return (
        GlanceItem(len(story.articles), _plural(len(story.articles), "outlet", "outlets"), "#key"),
        GlanceItem(site_pages.digest_facts(story), _plural(site_pages.digest_facts(story),
                   "fact shared", "facts shared"), "#digest"),
        GlanceItem(len(digest.disagreements), _plural(len(digest.disagreements), "disagreement",
                   "disagreements"), "#disagreements"),
        GlanceItem(copied, _plural(copied, "outlet prints wire copy", "outlets print wire copy"), "#coverage"),
        GlanceItem(altered, _plural(altered, "altered quotation", "altered quotations"), "#quotes"),
    )


def _plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


@dataclass(frozen=True)
class Footnote:
    """One marker after a fact: an outlet that carried it, with its sentences of it in a preview.

    An outlet that told the fact in two sentences is one outlet: one letter, both sentences in
    its preview, so that a reader never counts it twice.
    """

    sentences: tuple[Sentence, ...]  # the marker links to the first
    outlet: str
    words: bool  # the fact is shown in these words
    tip: str  # the id of its preview

    @property
    def sentence(self) -> Sentence:
        return self.sentences[0]

    @property
    def places(self) -> str:
        """Where its sentences stand, as a reader says it: "paragraph 4" or "paragraphs 4 and 7"."""
        numbers = list(dict.fromkeys(place(s.anchor).removeprefix("paragraph ") for s in self.sentences))
        if len(numbers) == 1:
            return f"paragraph {numbers[0]}"
        return f"paragraphs {', '.join(numbers[:-1])} and {numbers[-1]}"


def footnotes(claim: Claim, articles: dict[str, Article]) -> tuple[Footnote, ...]:
    """One per outlet: the one whose words are shown first, its shown sentences first, then the
    others in the key's order."""
    shown = (claim.canonical, claim.tail)

    def is_shown(sentence: Sentence) -> bool:
        return any(sentence is words for words in shown)

    by_outlet: dict[str, list[Sentence]] = {}
    for sentence in claim.footnoted:
        by_outlet.setdefault(sentence.siglum, []).append(sentence)
    notes = []
    for siglum, found in by_outlet.items():
        found.sort(key=lambda s: not is_shown(s))
        notes.append(Footnote(tuple(found), articles[siglum].outlet, is_shown(found[0]), f"tip-{claim.id}-{found[0].anchor}"))
    return tuple(sorted(notes, key=lambda n: not n.words))


# The HTML a page repeats once per sentence or per footnote is built here, not by a Jinja macro
# call each time, which cost a long article seconds. Every value from content goes through
# markupsafe.escape, as the templates' autoescape would have it.


_WORDS_SHOWN = ' <span class="tip-words">(the words shown)</span>'


def _escaped(text: str) -> str:
    """markupsafe.escape of a plain string, as a plain string: a fragment built once per sentence
    escapes several values each time, and escape's Markup for each cost a long article a second."""
    return (text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
            .replace("'", "&#39;").replace('"', "&#34;"))


def _all_escaped(texts: list[str]) -> list[str]:
    """_escaped of each text, in one pass over them all where no text holds a line break (no
    sentence does: a paragraph is one line), each on its own where one does."""
    parts = _escaped("\n".join(texts)).split("\n")
    return parts if len(parts) == len(texts) else [_escaped(text) for text in texts]


def footnote_markers(notes: tuple[Footnote, ...], slug: str, page: Page) -> Markup:
    """The markers after a fact: one letter per outlet that carried it, the one whose words are
    shown first and filled. Each is a plain link to that outlet's (first) sentence; story.js opens
    its preview on hover, focus and tap."""
    parts = []
    for note in notes:
        siglum, outlet, tip = escape(note.sentence.siglum), escape(note.outlet), escape(note.tip)
        kind, label, shown = ("fn fn-words", ": these words", _WORDS_SHOWN) if note.words else ("fn", "", "")
        count = f", in {len(note.sentences)} sentences" if len(note.sentences) > 1 else ""
        texts = " ".join(f'<span class="tip-text">{escape(s.text)}</span>' for s in note.sentences)
        parts.append(
            f'<span class="ref"><a class="{kind}" href="{escape(page.sentence(slug, note.sentence.anchor))}" '
            f'aria-describedby="{tip}" aria-label="{siglum}, {outlet}{label}{count}">{siglum}</a>'
            f'<span class="tip" role="tooltip" id="{tip}" hidden><span class="tip-outlet">{outlet}{shown}</span> '
            f'{texts}</span></span>')
    return Markup(f'<span class="footnotes" data-pagefind-ignore>{"".join(parts)}</span>')


def marked_sentences(article: Article, fates: dict[str, Fate], story_link: str) -> dict[int, Markup]:
    """Each paragraph's sentences on the source page, by paragraph number, each after the mark of
    where it went, which links to its claim on the story page. A mark's class, label and sign are
    those of a few kinds of fate: each is escaped once; the sentences' words, anchors and claims
    are escaped together."""
    link = _escaped(story_link)
    sentences = [s for paragraph in article.paragraphs for s in paragraph.sentences]
    texts = iter(_all_escaped([s.text for s in sentences]))
    anchors = iter(_all_escaped([s.anchor for s in sentences]))
    claims = iter(_all_escaped([fates[s.anchor].claim for s in sentences]))
    kinds: dict[tuple[str, str, str], tuple[str, ...]] = {}
    marked = {}
    for paragraph in article.paragraphs:
        parts = []
        for s in paragraph.sentences:
            fate = fates[s.anchor]
            shown = (fate.kind, fate.label, fate.mark)
            if shown not in kinds:
                kinds[shown] = tuple(map(_escaped, shown))
            kind, label, mark = kinds[shown]
            parts.append(f'<a class="fate fate-{kind}" href="{link}#{next(claims)}" '
                         f'title="{label}" aria-label="{label}">{mark}</a>'
                         f'<span class="sentence" id="{next(anchors)}">{next(texts)}</span>')
        marked[paragraph.number] = Markup(" ".join(parts))
    return marked


def new_fact_items(claims: tuple[Claim, ...], slug: str, page: Page, articles: dict[str, Article],
                   notes: dict[str, tuple[NoteView, ...]]) -> Markup:
    """The list items of the facts one outlet alone reported, each with a link to its sentence and
    to each sentence elsewhere that may report it too, and the editor's notes on it."""
    items = []
    for claim in claims:
        anchor = claim.canonical.anchor
        possibly = "".join(
            f' <span class="possibly">Possibly also reported by {_escaped(articles[near.siglum].outlet)}, '
            f'<a href="{_escaped(page.sentence(slug, near.anchor))}" data-pagefind-ignore>{_escaped(place(near.anchor))}</a></span>'
            for near in claim.possibly_also)
        noted = notes.get(claim.id, ())
        items.append(f'<li id="{_escaped(claim.id)}">{_escaped(claim.text)}{note_marks(noted) if noted else ""} '
                     f'<a class="source-link" href="{_escaped(page.sentence(slug, anchor))}" data-pagefind-ignore>'
                     f'{_escaped(place(anchor))}</a>'
                     f'{possibly}{"".join(n.shown for n in noted)}</li>')
    return Markup("\n".join(items))


# --- the editor's notes and changes -----------------------------------------------------------


@dataclass(frozen=True)
class NoteView:
    """One editor's note, numbered in the page's order, beside what it is about."""

    number: int
    html: Markup
    target: str  # the claim or quote id it is about
    about: str  # that fact or quotation in a few words, for the printed notes

    @property
    def shown(self) -> Markup:
        """The note as the editor's words: labelled, set apart from the outlets' text."""
        return Markup(f'<div class="editor-note" role="note" id="note-{self.number}" '
                      f'aria-labelledby="note-{self.number}-label"><p class="editor-note-label" '
                      f'id="note-{self.number}-label">Editor\u2019s note {self.number}</p>{self.html}</div>')


def editor_notes(story: Story) -> dict[str, tuple[NoteView, ...]]:
    """The notes by claim or quote id, numbered as the page shows them: the digest's facts, the
    other facts, then the quotations."""
    by_target: dict[str, list] = defaultdict(list)
    for note in story.digest.annotations:
        by_target[note.target].append(note)
    about = {c.id: c.text for c in story.digest.claims} | {q.id: q.text for q in story.quotes}
    found, number = {}, 0
    for target in [c.id for c in story.digest.claims] + [q.id for q in story.quotes]:
        views = []
        for note in by_target.get(target, ()):
            number += 1
            html = editor_markdown(note.note, story.source.path, note.line, "this note")
            views.append(NoteView(number, Markup(html), target, shortened(about[target], CLAIM_LABEL_CHARACTERS)))
        if views:
            found[target] = tuple(views)
    return found


def note_marks(notes: tuple[NoteView, ...]) -> Markup:
    """The marks after a fact that lead to the editor's notes on it (and, in print, to the endnotes)."""
    return Markup("".join(f'<span class="note-mark"><a href="#note-{n.number}">note {n.number}</a></span>'
                          for n in notes))


@dataclass(frozen=True)
class ChangeView:
    kind: str  # as the list names it
    what: Markup
    reason: str


CHANGE_KINDS = {"merge": "merged", "split": "split", "exclude": "left out", "pin": "pinned",
                "speaker": "speaker"}


def change_views(story: Story, labels: dict[str, str], page: Page) -> tuple[ChangeView, ...]:
    """Each correction as the page's list of the editor's changes says it, with links to what it changed."""
    articles = {a.siglum: a for a in story.articles}
    quotes = {q.id: q for q in story.quotes}
    claims = {c.id: c for c in story.digest.claims}

    def fact(claim_id: str) -> str:
        return f'<a href="#{escape(claim_id)}">{escape(labels[claim_id])}</a>'
    found = []
    for change in story.digest.changes:
        if change.kind == "merge":
            what = f"Joined into one fact what the comparison kept apart: {fact(change.claims[0])}"
        elif change.kind == "split":
            siglum = change.sentence.split("-", 1)[0]
            taken = (f'{escape(articles[siglum].outlet)}\u2019s sentence (<a href="'
                     f'{escape(page.sentence(story.slug, change.sentence))}" data-pagefind-ignore>{escape(place(change.sentence))}</a>)')
            what = f"Took {taken} out of {fact(change.claims[0])}: it is a fact of its own, {fact(change.claims[-1])}"
        elif change.kind == "exclude":
            what = f"Left out of the digest: {fact(change.claims[0])}"
        elif change.kind == "pin":
            carried = claims[change.claims[0]].independent
            what = (f"Put in the digest, though {carried} independent outlet{'' if carried == 1 else 's'} "
                    f"carried it: {fact(change.claims[0])}")
        else:
            quote = quotes[change.quote]
            before = f"the outlets\u2019 words gave {escape(change.speaker)}" if change.speaker else \
                "the outlets\u2019 words named no speaker"
            what = (f'Named {escape(quote.speaker)} as the speaker of <a href="#{escape(quote.id)}">\u201c'
                    f'{escape(shortened(quote.text, CLAIM_LABEL_CHARACTERS))}\u201d</a> ({before})')
        found.append(ChangeView(CHANGE_KINDS[change.kind], Markup(what), change.reason))
    return tuple(found)


def claim_spans(article: Article, claim_of: dict[str, str]) -> dict[int, Markup]:
    """Each paragraph's sentences on a one-article story page, each under its claim's id."""
    return {p.number: Markup(" ".join(f'<span id="{escape(claim_of[s.anchor])}">{escape(s.text)}</span>'
                                      for s in p.sentences)) for p in article.paragraphs}


CLAIM_LABEL_CHARACTERS = 70  # a fact named in a link: enough words to know it, short enough for a phone
MAX_NAME_WORDS = 6  # longer details (quotations) are only in the digest when their sentence is shown there


@dataclass(frozen=True)
class DetailView:
    """A detail one outlet alone gave, once however often it gave it, with every place it did."""

    kind: str
    text: str
    places: tuple[str, ...]  # the anchors of the sentences that give it


@dataclass(frozen=True)
class OutletAdditions:
    article: Article
    new: tuple[Claim, ...]  # facts nothing in the digest resembles
    near: tuple[tuple[Claim, tuple[str, ...]], ...]  # facts close to these digest facts
    details: tuple[DetailView, ...]


def outlet_additions(story: Story) -> tuple[OutletAdditions, ...]:
    """What each outlet alone says, less what a reader of the digest has already read."""
    digest = story.digest
    claims = {c.id: c for c in digest.claims}
    claim_of = {s.anchor: c.id for c in digest.claims for s in c.sentences + c.extra}
    shown = [claims[i] for paragraph in digest.paragraphs for i in paragraph]
    shown_anchors = {s.anchor for c in shown for s in (c.canonical, c.tail) if s}
    shown_names = _word_runs([w for c in shown for w in folded_words(c.text)], MAX_NAME_WORDS)
    articles = {a.siglum: a for a in story.articles}
    details: dict[str, list[Detail]] = {a.siglum: [] for a in story.articles}
    for claim in digest.claims:
        for detail in claim.details:
            if detail.anchor not in shown_anchors and tuple(folded_words(detail.text)) not in shown_names:
                details[detail.siglum].append(detail)
    found = []
    for siglum, claim_ids in digest.additions:
        new, near = [], []
        for claim in (claims[i] for i in claim_ids):
            resembled = tuple(dict.fromkeys(claim_of[s.anchor] for s in claim.possibly_also
                                            if claims[claim_of[s.anchor]].in_digest))
            (near.append((claim, resembled)) if resembled else new.append(claim))
        found.append(OutletAdditions(articles[siglum], tuple(new), tuple(near),
                                     dedupe_details(details[siglum])))
    return tuple(found)


def _word_runs(words: list[str], longest: int) -> set[tuple[str, ...]]:
    return {tuple(words[i:i + n]) for n in range(1, longest + 1) for i in range(len(words) - n + 1)}


def dedupe_details(details: list[Detail]) -> tuple[DetailView, ...]:
    """`State Department`, `state department` and `State Department's` are one detail, shown in
    the first form the outlet printed, with each of its places."""
    merged: dict[tuple, tuple[Detail, dict[str, None]]] = {}
    for detail in details:
        first, places = merged.setdefault((detail.kind, tuple(folded_words(detail.text))), (detail, {}))
        places[detail.anchor] = None
    return tuple(DetailView(first.kind, first.text, tuple(places)) for first, places in merged.values())


# A table of more outlets than this scrolls sideways on a laptop's screen, and it holds a cell for
# every outlet and fact: a million of them in a story of a thousand outlets, most of them empty.
# Past it, each fact lists the outlets that carried it, which is as long as the story.
MATRIX_MOST_OUTLETS = 20


@dataclass(frozen=True)
class MatrixRow:
    claim: Claim
    cells: tuple[Sentence | None, ...]  # each outlet's sentence of the claim, in the key's order; () when listed
    carried: tuple[tuple[Article, Sentence], ...]  # each outlet that carried it, with its sentence


@dataclass(frozen=True)
class CoverageMatrix:
    shared: tuple[MatrixRow, ...]  # facts several outlets carried
    single: tuple[tuple[str, int], ...]  # (siglum, facts only it carried)
    listed: bool  # too many outlets for a table: each row lists its outlets


def coverage_matrix(story: Story) -> CoverageMatrix:
    """The facts outlets share, one row each; the rest are counted, since the additions list them."""
    listed = len(story.articles) > MATRIX_MOST_OUTLETS
    position = {a.siglum: (k, a) for k, a in enumerate(story.articles)}
    rows = []
    for claim in story.digest.claims:
        if len(claim.sentences) > 1:
            by = {s.siglum: s for s in claim.sentences}
            cells = () if listed else tuple(by.get(a.siglum) for a in story.articles)
            carried = tuple((position[siglum][1], by[siglum]) for siglum in sorted(by, key=lambda s: position[s][0]))
            rows.append(MatrixRow(claim, cells, carried))
    return CoverageMatrix(tuple(rows), tuple((s, len(ids)) for s, ids in story.digest.additions), listed)


@dataclass(frozen=True)
class CarrierRow:
    """One outlet's row in a quotation's entry, however many times it carried the quotation."""

    siglum: str
    occurrences: tuple[QuoteOccurrence, ...]


def carrier_rows(quote: Quote) -> tuple[CarrierRow, ...]:
    rows: dict[str, list[QuoteOccurrence]] = {}
    for occurrence in quote.occurrences:
        rows.setdefault(occurrence.siglum, []).append(occurrence)
    return tuple(CarrierRow(siglum, tuple(found)) for siglum, found in rows.items())


def carrier_list(quote: Quote, rows: tuple[CarrierRow, ...], slug: str, page: Page,
                 articles: dict[str, Article]) -> Markup:
    """A quotation's entry in the story's quote index below its text: each outlet that carried it,
    and each time it did, with its fidelity, its verb, whom it names and a link to its sentence;
    an altered wording's changes, a partial one's excerpt. Built here, not by a Jinja loop, as one
    quotation may be carried thousands of times."""
    parts = ['<ul class="carriers">\n']
    for row in rows:
        outlet = escape(articles[row.siglum].outlet)
        parts.append(f'  <li>\n    <span class="siglum">{escape(row.siglum)}</span> {outlet}\n')
        for o in row.occurrences:
            parts.append(f'    <span class="carried">\n    <span class="fidelity fidelity-{escape(o.fidelity)}">'
                         f'{escape(o.fidelity)}</span>')
            if o.verb:
                parts.append(f' <span class="verb" title="the reporting verb this outlet used">{escape(o.verb)}</span>')
            if o.attribution == "vote":
                parts.append(' <span class="attribution">names no speaker here</span>')
            elif o.speaker and o.speaker != quote.speaker:
                parts.append(f' <span class="attribution">attributes it to {escape(o.speaker)}</span>')
            elif not o.speaker and quote.kind == "quotation":
                parts.append(' <span class="attribution">names no speaker</span>')
            parts.append(f'    · <a href="{escape(page.sentence(slug, o.address))}" data-pagefind-ignore>{escape(place(o.address))}</a>'
                         '\n    </span>\n')
            if o.fidelity == "altered":
                parts.append(f'    <p class="diff" aria-label="{outlet}\'s wording against the quotation above">'
                             + " ".join(_diff_words(op, words, outlet) for op, words in o.diff) + "</p>\n")
            elif o.fidelity == "partial":
                parts.append(f'    <p class="excerpt">\u201c{escape(o.text)}\u201d</p>\n')
        parts.append("  </li>\n")
    parts.append("</ul>\n")
    return Markup("".join(parts))


def _diff_words(op: str, words: str, outlet: Markup) -> str:
    """One run of an altered wording's changes: struck through, underlined or as it is."""
    if op == "dropped":
        return f'<del title="not in {outlet}\'s wording">{escape(words)}</del>'
    if op == "added":
        return f'<ins title="{outlet}\'s own words">{escape(words)}</ins>'
    return str(escape(words))


def highlight(text: str, words: tuple[str, ...]) -> list[tuple[str, bool]]:
    """Split `text` into (piece, marked) runs, marking `words` in order of appearance."""
    pieces: list[tuple[str, bool]] = []
    position = 0
    for word in words:
        found = text.find(word, position)
        if found < 0:
            continue
        if found > position:
            pieces.append((text[position:found], False))
        pieces.append((word, True))
        position = found + len(word)
    if position < len(text):
        pieces.append((text[position:], False))
    return pieces


def render_shared_pages(site: Site, env: Environment, templates_dir: Path) -> dict[str, bytes]:
    """The pages that list every story, the files for machines (feed, sitemap, robots.txt), and
    the static files."""
    config = site.config
    stories = site_pages.newest_first(site.stories)
    outlets = site_pages.outlet_rows(stories)
    rows = site_pages.story_rows(stories, outlets)
    quotes, outlets_page = f"{QUOTES_DIR}/index.html", f"{OUTLETS_DIR}/index.html"
    base = site_url(config)
    files = {
        "index.html": _page(env, site, "index.html", "index.html",
                            head(config, "index.html", config.title, config.description or config.title,
                                 "WebSite", {}), rows=rows),
        "404.html": _page(env, site, Page("404.html", root=urlsplit(config.base_url).path or "/"), "404.html",
                          head(config, "404.html", "Page not found", "There is no page at this address.",
                               "WebPage", {}, indexed=False), rows=rows),
        quotes: _page(env, site, quotes, "quotes.html",
                      head(config, quotes, "Quote index", "Every quotation in the digests, under its speaker, "
                           "with how faithfully each outlet carried it.", "CollectionPage", {}),
                      **site_quote_entries(site_quote_index(stories), Page(quotes))),
        outlets_page: _page(env, site, outlets_page, "outlets.html",
                            head(config, outlets_page, "Outlets", "Each outlet: the stories it covered, the "
                                 "facts it alone reported, and how faithfully it quoted.", "CollectionPage", {}),
                            outlets=outlets),
        ROBOTS: robots_txt(absolute(base, SITEMAP)),
        ".nojekyll": b"",
    }
    if base is not None and stories:  # without a story there is no content date to give them
        files[FEED] = atom_feed(base, FEED, config.title, config.description, [
            FeedEntry(story_path(s.slug), s.source.title, s.source.date, story_description(s), s.source.tags)
            for s in stories])
        newest = stories[0].source.date
        files[SITEMAP] = sitemap(base, [Located(path, newest) for path in ("index.html", quotes, outlets_page)] + [
            Located(path, s.source.date) for s in stories
            for path in [story_path(s.slug)] + [source_path(s.slug, a.siglum) for a in s.articles]])
    if config.cname:
        files[CNAME] = f"{config.cname}\n".encode("ascii")
    static = templates_dir / STATIC_DIR
    for asset in sorted(static.rglob("*")):
        if asset.is_file():
            files[posixpath.join(STATIC_DIR, asset.relative_to(static).as_posix())] = asset.read_bytes()
    return files


def story_quote_index(story: Story) -> dict:
    """A story's quote index grouped once: its speakers in the order first quoted, each with its
    quotations; the unattributed quotations; the quoted terms."""
    by_speaker, unattributed, terms = defaultdict(list), [], []
    for quote in story.quotes:
        if quote.kind == "term":
            terms.append(quote)
        elif quote.speaker is None:
            unattributed.append(quote)
        else:
            by_speaker[quote.speaker].append(quote)
    return dict(quoted_speakers=list(by_speaker.items()), unattributed=unattributed, terms=terms)


@dataclass(frozen=True)
class SiteCarrier:
    """One outlet in a quotation's line of the site's quote index: its letter once, however many
    times it carried the quotation, with each fidelity it did so with, linked to the first."""

    siglum: str
    title: str  # the outlet and where: "Business Sun, D-7-1" or "Business Sun, D-7-1 and 1 more"
    address: str
    fidelities: tuple[str, ...]  # distinct, in the article's order


def site_carriers(quote: Quote, outlets: dict[str, str]) -> tuple[SiteCarrier, ...]:
    carriers = []
    for row in carrier_rows(quote):
        first, more = row.occurrences[0].address, len(row.occurrences) - 1
        title = f"{outlets[row.siglum]}, {first}" + (f" and {more} more" if more else "")
        carriers.append(SiteCarrier(row.siglum, title, first, tuple(dict.fromkeys(o.fidelity for o in row.occurrences))))
    return tuple(carriers)


def site_quote_index(stories: list[Story]) -> dict:
    """The site's quote index grouped once: each speaker's quotations (speakers in alphabetical
    order, a leading "the" or "a" aside), the unattributed ones and the quoted terms, each as
    (story, quote) in the stories' order; and each quotation's carriers, by story and quotation."""
    keyed, by_speaker = [], defaultdict(list)
    unattributed, terms = [], []
    carriers: dict[tuple[str, str], tuple[SiteCarrier, ...]] = {}
    for story in stories:
        outlets = {a.siglum: a.outlet for a in story.articles}
        for quote in story.quotes:
            carriers[story.slug, quote.id] = site_carriers(quote, outlets)
            if quote.kind == "term":
                terms.append((story, quote))
            elif quote.speaker is None:
                unattributed.append((story, quote))
            else:
                words = quote.speaker.split(" ", 1)
                key = words[1] if len(words) > 1 and words[0].lower() in ("the", "a", "an") else quote.speaker
                keyed.append((key.lower(), quote.speaker))
                by_speaker[quote.speaker].append((story, quote))
    speakers = dict.fromkeys(speaker for _, speaker in sorted(keyed))
    return dict(speakers=[(speaker, by_speaker[speaker]) for speaker in speakers], unattributed=unattributed,
                terms=terms, carriers=carriers)


def site_quote_entries(index: dict, page: Page) -> dict:
    """The site's quote index as its page lists it: each quotation's line of the list, made here
    once, since the page holds thousands (100 stories: 0.18 s as a template's macro, 0.06 s so)."""
    carriers = index["carriers"]

    def entry(story: Story, quote: Quote) -> Markup:
        parts = quote.text.split("\n\n")
        said = "".join(f"<p>{'“' if k == 0 else ''}{_escaped(part)}{'”' if k == len(parts) - 1 else ''}</p>"
                       for k, part in enumerate(parts))
        lines = [f'<li class="quote">\n  <blockquote>{said}</blockquote>\n  <p class="quote-meta">\n'
                 f'    <a href="{_escaped(page.story(story.slug))}#{_escaped(quote.id)}">{_escaped(story.source.title)}</a>\n'
                 '    <span class="carried">carried by\n']
        for carrier in carriers[story.slug, quote.id]:
            fidelities = "".join(f' <span class="fidelity fidelity-{_escaped(f)}">{_escaped(f)}</span>'
                                 for f in carrier.fidelities)
            lines.append(f'      <a class="carrier" href="{_escaped(page.sentence(story.slug, carrier.address))}" '
                         f'title="{_escaped(carrier.title)}"><span class="siglum">{_escaped(carrier.siglum)}</span>'
                         f'{fidelities}</a>\n')
        lines.append("    </span>\n  </p>\n</li>\n")
        return Markup("".join(lines))

    return dict(speakers=[(speaker, [entry(*e) for e in entries]) for speaker, entries in index["speakers"]],
                unattributed=[entry(*e) for e in index["unattributed"]], terms=[entry(*e) for e in index["terms"]])


def _page(env: Environment, site: Site, page: str | Page, template: str, head: Head, **values) -> bytes:
    page = page if isinstance(page, Page) else Page(page)
    feed = page.link(FEED) if site_url(site.config) else None
    html = env.get_template(template).render(site=site.config, page=page, head=head, feed=feed, **values)
    return page_text(html).encode("utf-8")


def page_text(html: str) -> str:
    """A page without the characters no page can carry. Clean takes them out of article text; names
    from content (a file name, a web page's title) may still hold them. Taken out of the page as a
    whole, in one pass: every `<`, `&` and quotation mark from content is escaped by then, so
    taking a character out can make no markup."""
    return drop_unshowable(html)


def story_path(slug: str) -> str:
    """Where a story's page lives; its sources and digest.json sit beside it."""
    return f"{slug}/index.html"


def source_path(slug: str, siglum: str) -> str:
    return f"{slug}/sources/{siglum}.html"


def data_path(slug: str) -> str:
    return f"{slug}/digest.json"


def _introduction(story: Story) -> str:
    source = story.source
    return editor_markdown(source.introduction, source.path, source.introduction_line, "the introduction")


def editor_markdown(text: str, path: str, first_line: int, what: str) -> str:
    """The editor's Markdown (the introduction, a note) as safe HTML; ContentError at the line of a
    link that would leave the site while it reads as a path on it."""
    try:
        html, disguised = render_markdown(text)
    except RecursionError:  # Python-Markdown recurses once per level of nested lists and quotes
        raise ContentError([Problem(path, first_line if what != "the introduction" else None,
                                    f"{what} nests lists or quotes too deeply for Markdown; flatten them")]) from None
    if disguised:
        raise ContentError([Problem(path, _line_of(href, text, first_line),
                                    f"the link `{href}` reads as a path on this site, but a browser may take "
                                    "it to another site; write the address in full (`https://...`), or as "
                                    "a path without a leading `//`") for href in disguised])
    return html


def render_markdown(text: str) -> tuple[str, list[str]]:
    """The editor's Markdown as safe HTML, and the links in it that would leave the site while
    they read as a path on it.

    Raw HTML is escaped, never interpreted: prose about `the <style> tag` would otherwise open an
    element that hides every word after it.
    """
    md = markdown.Markdown(extensions=["extra", "sane_lists"], output_format="html")
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    disguised: list[str] = []

    def attribute_filter(tag: str, attribute: str, value: str) -> str | None:
        if attribute == "id":  # see FOOTNOTE_ID
            return value if FOOTNOTE_ID.fullmatch(value) else None
        if attribute == "href":
            href = _honest_link(value)
            if href is None:
                disguised.append(value)
            return href
        return value

    html = nh3.clean(md.convert(text), tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     attribute_filter=attribute_filter, url_schemes={"http", "https", "mailto"},
                     link_rel="noopener noreferrer nofollow")
    return html, disguised


def _honest_link(href: str) -> str | None:
    r"""`href` as the page gives it: a link to another site in full, as a browser will follow it
    (`https:/\x.org` is `https://x.org`); None for one that reads as a path on this site but
    leaves it (`//x.org`, `\\x.org`, `/\x.org`), or leaves it only when the site is served over
    the other scheme (`https:x.org`)."""
    read = URL_INNER_JUNK.sub("", href.strip(URL_OUTER_JUNK)).replace("\\", "/")
    scheme = URL_SCHEME.match(read)
    if scheme is None:
        return None if read.startswith("//") else href
    if scheme.group().lower() in ("http:", "https:"):
        return read if re.match(r"^https?://[^/?#]", read, re.I) else None
    return href  # mailto:, or a scheme nh3 removes


def _line_of(href: str, markdown: str, first_line: int) -> int:
    """The file's line where `href` is first written, as it is or with its backslashes escaped,
    or else the introduction's first line."""
    for written in (href, href.replace("\\", "\\\\")):
        if (found := markdown.find(written)) >= 0:
            return first_line + markdown.count("\n", 0, found)
    return first_line


def group_blocks(paragraphs: tuple[Paragraph, ...]) -> list[tuple[str, list[Paragraph]]]:
    """Consecutive list items become one list; every other block stands alone."""
    groups: list[tuple[str, list[Paragraph]]] = []
    for paragraph in paragraphs:
        if paragraph.kind == "item" and groups and groups[-1][0] == "item":
            groups[-1][1].append(paragraph)
        else:
            groups.append((paragraph.kind, [paragraph]))
    return groups
