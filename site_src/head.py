"""What each page's <head> says about it to search engines, feed readers and link previews:
its title and description, its canonical address, Open Graph tags and schema.org JSON-LD.

Titles and names come from articles, so JSON-LD is made safe for the inside of a <script>
element here, once: nothing in it can close the element or open a comment.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from markupsafe import Markup

from .model import RawArticle, SiteConfig, Story

ABSOLUTE_BASE = re.compile(r"^https?://[^/]+/")
# Inside <script>, `</script` ends the element and `<!--` changes how it ends; `&` is escaped too
# so that the text reads the same to a parser that decodes entities.
SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}
SCHEMA_CONTEXT = "https://schema.org"


@dataclass(frozen=True)
class Head:
    """A page's metadata, ready for base.html."""

    name: str  # the page's own name (og:title)
    title: str  # the <title>: its name and the site's
    description: str
    canonical: str | None  # None when no absolute site address is configured
    og_type: str  # "website" or "article"
    json_ld: Markup
    indexed: bool = True  # False for the 404 page, which is served at addresses that hold nothing


def site_url(config: SiteConfig) -> str | None:
    """The site's absolute address, or None when base_url is a path alone (then no page can say
    where it lives, and the feed and sitemap, which need absolute addresses, are not written)."""
    return config.base_url if ABSOLUTE_BASE.match(config.base_url) else None


def absolute(base: str | None, path: str) -> str | None:
    """A page's public address: a folder's index page is named by its folder (`story/`)."""
    if base is None:
        return None
    folder, _, name = path.rpartition("/")
    return base + (f"{folder}/" if folder else "") + ("" if name == "index.html" else name)


def script_json(data: dict) -> Markup:
    """JSON for a <script> element: sorted keys (reproducible), and no `<`, `>` or `&` left."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Markup(re.sub("[<>&]", lambda m: SCRIPT_ESCAPES[m.group()], text))


def head(config: SiteConfig, path: str, name: str, description: str, kind: str,
         entity: dict, og_type: str = "website", indexed: bool = True) -> Head:
    """The head of the page at `path`; `entity` is its JSON-LD beyond @type, name and address."""
    url = absolute(site_url(config), path)
    data = {"@context": SCHEMA_CONTEXT, "@type": kind, "name": name, "description": description,
            "inLanguage": config.language, **entity}
    if url:
        data["url"] = url
    title = name if name == config.title else f"{name} · {config.title}"
    return Head(name=name, title=title, description=description, canonical=url if indexed else None,
                og_type=og_type, json_ld=script_json(data), indexed=indexed)


def story_description(story: Story) -> str:
    """The editor's summary, or else what the page is: a story's description is never empty."""
    if story.source.summary:
        return story.source.summary
    outlets = [a.outlet for a in story.articles]
    named = outlets[0] if len(outlets) == 1 else f"{', '.join(outlets[:-1])} and {outlets[-1]}"
    return f"The coverage of {named}, merged into one digest, every fact footnoted with its outlets."


def story_head(config: SiteConfig, path: str, story: Story) -> Head:
    """A NewsArticle whose citations are the outlets' articles it was made from."""
    source = story.source
    entity = {"headline": source.title, "datePublished": source.date, "keywords": list(source.tags),
              "publisher": {"@type": "Organization", "name": config.title},
              "citation": [cited_article(a.source) for a in story.articles]}
    return head(config, path, source.title, story_description(story), "NewsArticle", entity, "article")


def source_head(config: SiteConfig, path: str, story: Story, article: RawArticle) -> Head:
    name = f"{article.outlet} · {story.source.title}"
    description = (f"{article.outlet}'s article on {story.source.title}, as cleaned, each sentence "
                   "marked with where it went in the digest.")
    return head(config, path, name, description, "WebPage", {"mainEntity": cited_article(article)})


def cited_article(article: RawArticle) -> dict:
    """One outlet's article as schema.org has it, with what the content says of it and no more."""
    data = {"@type": "NewsArticle", "headline": article.title or article.outlet,
            "publisher": {"@type": "Organization", "name": article.outlet}}
    if article.url:
        data["url"] = article.url
    if article.author:
        data["author"] = {"@type": "Person", "name": article.author}
    if article.published:
        data["datePublished"] = article.published
    return data
