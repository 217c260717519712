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
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import markdown
import nh3
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from . import site_pages
from .clean import drop_unshowable
from .export import digest_json
from .feeds import FeedEntry, Located, atom_feed, robots_txt, sitemap
from .frontmatter import ContentError
from .head import Head, absolute, head, site_url, source_head, story_description, story_head
from .model import Paragraph, Problem, Site, Story

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
RESERVED_SLUGS = frozenset(name.casefold() for name in (STATIC_DIR, QUOTES_DIR, OUTLETS_DIR, CNAME))


@dataclass(frozen=True)
class Page:
    """Where a page lives; links from it are made relative so the site works under any sub-path."""

    path: str
    # The base URL's path, for a page served at any address (404.html): its links start with it.
    root: str | None = None

    def link(self, target: str) -> str:
        if self.root is not None:
            return self.root + target
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
    claim_of = {s.anchor: c.id for c in digest.claims for s in c.sentences}
    views = dict(
        story=story,
        claims=claims,
        claim_of=claim_of,
        articles={a.siglum: a for a in story.articles},
        highlight=highlight,
        fates=sentence_fates(story),
    )
    files = {story_path(story.slug): _page(
        env, site, story_path(story.slug), "story.html",
        story_head(site.config, story_path(story.slug), story), **views,
        introduction=_introduction(story),
        minor=[c for c in digest.claims if not c.in_digest and len(c.sentences) > 1],
        details_by_outlet={a.siglum: [d for c in digest.claims for d in c.details if d.siglum == a.siglum]
                           for a in story.articles},
    )}
    for article in story.articles:
        path = source_path(story.slug, article.siglum)
        files[path] = _page(env, site, path, "source.html",
                            source_head(site.config, path, story, article.source), **views, article=article,
                            blocks=group_blocks(article.paragraphs))
    files[data_path(story.slug)] = digest_json(story)
    return files


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
        for sentence in claim.sentences:
            if claim.in_digest and sentence is claim.canonical:
                fate = Fate("digest", claim.id, f"In the digest in these words ({claim.id})")
            elif claim.in_digest:
                fate = Fate("digest-member", claim.id, f"In the digest ({claim.id}), in the words of "
                            f"{outlets[claim.canonical.siglum]}")
            elif len(claim.sentences) > 1:
                fate = Fate("minor", claim.id, f"Shared with fewer outlets than the digest needs ({claim.id})")
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
                      stories=stories),
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
