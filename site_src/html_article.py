"""Part of load: turn a saved web page into article text and metadata.

Main text comes from trafilatura (the best measured extractor on news pages,
see the research notes); metadata comes from the page's own declarations
(Open Graph, JSON-LD, `<link rel=canonical>`), read with BeautifulSoup, because
those are explicit and never guessed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import trafilatura
from bs4 import BeautifulSoup

from .frontmatter import ContentError
from .model import Problem


# Menus and link lists are what an extractor returns from a page with no article.
MIN_PARAGRAPH_WORDS = 8


@dataclass(frozen=True)
class ExtractedHtml:
    fields: tuple[tuple[str, str], ...]  # outlet, title, url, author, published: those found
    body: str


def extract_html_article(html: str, rel: str) -> ExtractedHtml:
    body = trafilatura.extract(html, favor_precision=True, include_comments=False,
                               include_tables=False, include_images=False,
                               include_links=False, deduplicate=False) or ""
    if not any(len(line.split()) >= MIN_PARAGRAPH_WORDS for line in body.split("\n")):
        raise ContentError([Problem(rel, None, "no article text found in this web page; "
                                    "paste the article into a .md or .txt file instead")])
    # trafilatura gives one paragraph per line; the cleaner splits on blank lines.
    body = "\n\n".join(line.strip() for line in body.split("\n") if line.strip())
    return ExtractedHtml(fields=tuple(sorted(_metadata(html).items())), body=body)


def _metadata(html: str) -> dict[str, str]:
    soup = BeautifulSoup(html, "html.parser")
    linked = _json_ld(soup)

    def meta(*names: str) -> str | None:
        for name in names:
            tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
            if tag and tag.get("content", "").strip():
                return tag["content"].strip()
        return None

    canonical = soup.find("link", rel="canonical")
    found = {
        "outlet": meta("og:site_name", "application-name") or _ld_name(linked.get("publisher")),
        "title": meta("og:title", "twitter:title") or linked.get("headline")
        or (soup.title.get_text(" ", strip=True) if soup.title else None),
        "url": (canonical.get("href") if canonical else None) or meta("og:url"),
        "author": meta("author", "article:author") or _ld_name(linked.get("author")),
        "published": meta("article:published_time", "date", "dc.date") or linked.get("datePublished")
        or _time_tag(soup),
    }
    if found["url"] and not re.match(r"^https?://", found["url"]):
        found["url"] = None
    return {key: " ".join(str(value).split()) for key, value in found.items() if value}


def _json_ld(soup: BeautifulSoup) -> dict:
    """The first schema.org article object on the page, if any."""
    for script in soup.find_all("script", type="application/ld+json"):
        try:
            data = json.loads(script.string or "")
        except ValueError:
            continue
        for item in data if isinstance(data, list) else data.get("@graph", [data]) if isinstance(data, dict) else []:
            if isinstance(item, dict) and "Article" in str(item.get("@type", "")):
                return item
    return {}


def _ld_name(value: object) -> str | None:
    if isinstance(value, list):
        names = [_ld_name(v) for v in value]
        return ", ".join(n for n in names if n) or None
    if isinstance(value, dict):
        return value.get("name")
    return value if isinstance(value, str) else None


def _time_tag(soup: BeautifulSoup) -> str | None:
    tag = soup.find("time", attrs={"datetime": True})
    return tag["datetime"] if tag else None
