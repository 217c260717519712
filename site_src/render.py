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

from .export import details_by_outlet, digest_json
from .frontmatter import ContentError
from .model import Paragraph, Problem, Site, Story
from .settings import FEWEST_OUTLETS

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
CNAME = "CNAME"
# The names the site's own files take at the top of output/, which a story folder must not take
# (case-folded: the folders of macOS and Windows ignore case, so `cname/` would clash with CNAME).
RESERVED_SLUGS = frozenset(name.casefold() for name in (STATIC_DIR, QUOTES_DIR, CNAME))


@dataclass(frozen=True)
class Page:
    """Where a page lives; links from it are made relative so the site works under any sub-path."""

    path: str

    def link(self, target: str) -> str:
        return _relative(target, posixpath.dirname(self.path) or ".")

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
def _relative(target: str, start: str) -> str:
    """A page links to the same few pages thousands of times (each footnote, each quotation)."""
    return posixpath.relpath(target, start)


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
    claim_of = {s.anchor: c.id for c in digest.claims for s in c.sentences + c.extra}
    views = dict(
        story=story,
        claims=claims,
        claim_of=claim_of,
        articles={a.siglum: a for a in story.articles},
        highlight=highlight,
        fates=sentence_fates(story),
        **story_quote_index(story),
    )
    if len(story.articles) < FEWEST_OUTLETS:
        page = _single_article_page(story, site, env, views)
    else:
        page = _page(
            env, site, story_path(story.slug), "story.html", **views,
            introduction=_introduction(story),
            minor=[c for c in digest.claims if c.left_out == "support"],
            leaning=[c for c in digest.claims if c.left_out == "dangles"],
            # Each outlet's first sentence of a claim: the one the matrix links.
            carriers={c.id: {s.siglum: s for s in reversed(c.sentences)} for c in digest.claims},
            details_by_outlet=details_by_outlet(story),
        )
    files = {story_path(story.slug): page}
    for article in story.articles:
        path = source_path(story.slug, article.siglum)
        files[path] = _page(env, site, path, "source.html", **views, article=article,
                            blocks=group_blocks(article.paragraphs))
    files[data_path(story.slug)] = digest_json(story)
    return files


def _single_article_page(story: Story, site: Site, env: Environment, views: dict) -> bytes:
    """A story with one outlet so far has nothing to compare: its page is that article, as
    cleaned, and its quote index, and says why there is no digest."""
    article = story.articles[0]
    notice = (f"No digest yet: a digest compares outlets, and needs at least {FEWEST_OUTLETS} of them. This "
              f"story has one so far, {article.outlet}, so its article is shown as cleaned, with its "
              "quotations. Add another outlet's article to the story's folder to make the digest.")
    return _page(env, site, story_path(story.slug), "single.html", **views, introduction=_introduction(story),
                 article=article, blocks=group_blocks(article.paragraphs), notice=notice)


@dataclass(frozen=True)
class Fate:
    """Where a source sentence went, for its mark on the source page."""

    kind: str  # "digest" (its wording shown), "digest-member", "minor" or "own"
    claim: str  # claim id
    label: str


def sentence_fates(story: Story) -> dict[str, Fate]:
    outlets = {a.siglum: a.outlet for a in story.articles}
    fates = {}
    for claim in story.digest.claims:
        for sentence in claim.sentences + claim.extra:
            if claim.in_digest and (sentence is claim.canonical or sentence is claim.tail):
                fate = Fate("digest", claim.id, f"In the digest in these words ({claim.id})")
            elif claim.in_digest:
                fate = Fate("digest-member", claim.id, f"In the digest ({claim.id}), in the words of "
                            f"{outlets[claim.canonical.siglum]}")
            elif claim.left_out == "dangles":
                fate = Fate("minor", claim.id, f"Shared, but every outlet's words lean on an earlier sentence "
                            f"the digest does not give ({claim.id})")
            elif len(claim.sentences) > 1:
                fate = Fate("minor", claim.id, f"Shared with fewer independent outlets than the digest needs "
                            f"({claim.id})")
            else:
                fate = Fate("own", claim.id, f"Only this outlet reported it ({claim.id})")
            fates[sentence.anchor] = fate
    return fates


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
    """The pages that list every story, and the static files."""
    stories = sorted(site.stories, key=lambda s: (s.source.date, s.slug), reverse=True)
    files = {
        "index.html": _page(env, site, "index.html", "index.html", stories=stories),
        "404.html": _page(env, site, "404.html", "404.html", root=urlsplit(site.config.base_url).path or "/"),
        f"{QUOTES_DIR}/index.html": _page(env, site, f"{QUOTES_DIR}/index.html", "quotes.html",
                                          **site_quote_index(stories)),
        ".nojekyll": b"",
    }
    if site.config.cname:
        files[CNAME] = f"{site.config.cname}\n".encode("ascii")
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


def site_quote_index(stories: list[Story]) -> dict:
    """The site's quote index grouped once: each speaker's quotations (speakers in alphabetical
    order, a leading "the" or "a" aside), the unattributed ones and the quoted terms, each as
    (story, quote) in the stories' order; and each story's outlets by siglum."""
    keyed, by_speaker = [], defaultdict(list)
    unattributed, terms = [], []
    for story in stories:
        for quote in story.quotes:
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
                terms=terms, outlets={s.slug: {a.siglum: a.outlet for a in s.articles} for s in stories})


def _page(env: Environment, site: Site, path: str, template: str, **values) -> bytes:
    html = env.get_template(template).render(site=site.config, page=Page(path), **values)
    return html.encode("utf-8")


def story_path(slug: str) -> str:
    """Where a story's page lives; its sources and digest.json sit beside it."""
    return f"{slug}/index.html"


def source_path(slug: str, siglum: str) -> str:
    return f"{slug}/sources/{siglum}.html"


def data_path(slug: str) -> str:
    return f"{slug}/digest.json"


def _introduction(story: Story) -> str:
    source = story.source
    try:
        html, disguised = render_markdown(source.introduction)
    except RecursionError:  # Python-Markdown recurses once per level of nested lists and quotes
        raise ContentError([Problem(source.path, None, "the introduction nests lists or quotes "
                                    "too deeply for Markdown; flatten them")]) from None
    if disguised:
        raise ContentError([Problem(source.path, _line_of(href, source.introduction, source.introduction_line),
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
