"""Part of load: turn a saved web page into article text and metadata.

Main text comes from trafilatura (the best measured extractor on news pages,
see the research notes); metadata comes from the page's own declarations
(Open Graph, JSON-LD, `<link rel=canonical>`), read with BeautifulSoup, because
those are explicit and never guessed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .frontmatter import ContentError
from .model import Problem
from .settings import HTTP_URL, out_of_range_date

if TYPE_CHECKING:
    from bs4 import BeautifulSoup


# Menus and link lists are what an extractor returns from a page with no article.
MIN_PARAGRAPH_WORDS = 8
# A page's article object sits at the top of its JSON-LD, in a list, or in an `@graph` list (one
# of these inside another at most); nothing deeper is the page's own article.
MAX_LD_DEPTH = 3
# Far above any headline, byline or address a news page declares (browsers cap addresses near
# 2,000 characters): a longer value is not metadata, and would fill every page that shows it.
MAX_FIELD_CHARS = 2000


@dataclass(frozen=True)
class ExtractedHtml:
    fields: tuple[tuple[str, str], ...]  # outlet, title, url, author, published: those found
    lines: tuple[tuple[str, int | None], ...]  # the page's line each field was found on
    body: str
    warnings: tuple[Problem, ...] = ()  # metadata the page declares but that cannot be used


def extract_html_article(html: str, rel: str) -> ExtractedHtml:
    """The page's article. trafilatura and bs4 take 0.3 s to import, so they are imported only
    here, where a page is read: a build that takes each page's reading from the cache (whose
    entries hold an ExtractedHtml, so import this module) needs neither."""
    import trafilatura

    body = trafilatura.extract(html, favor_precision=True, include_comments=False,
                               include_tables=False, include_images=False,
                               include_links=False, deduplicate=False) or ""
    if not any(len(line.split()) >= MIN_PARAGRAPH_WORDS for line in body.split("\n")):
        raise ContentError([Problem(rel, None, "no article text found in this web page; "
                                    "paste the article into a .md or .txt file instead")])
    # trafilatura gives one paragraph per line; the cleaner splits on blank lines.
    body = "\n\n".join(line.strip() for line in body.split("\n") if line.strip())
    warnings: list[Problem] = []
    fields, lines = _metadata(html, rel, warnings)
    return ExtractedHtml(fields=tuple(sorted(fields.items())), lines=tuple(sorted(lines.items())),
                         body=body, warnings=tuple(warnings))


def _metadata(html: str, rel: str, warnings: list[Problem]) -> tuple[dict[str, str], dict[str, int | None]]:
    """Each field from the first declaration that gives it as usable text, and that one's line."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    linked, ld_line = _json_ld(soup, rel, warnings)

    def meta(*names: str) -> list[tuple[object, int | None]]:
        tags = (soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
                for name in names)
        return [(tag.get("content"), tag.sourceline) for tag in tags if tag]

    def declared(tag, attribute: str) -> list[tuple[object, int | None]]:
        return [(tag.get(attribute), tag.sourceline)] if tag else []

    title = soup.title
    candidates = {
        "outlet": [*meta("og:site_name", "application-name"), (_ld_name(linked.get("publisher")), ld_line)],
        "title": [*meta("og:title", "twitter:title"), (linked.get("headline"), ld_line),
                  *([(title.get_text(" ", strip=True), title.sourceline)] if title else [])],
        "url": [*declared(soup.find("link", rel="canonical"), "href"), *meta("og:url")],
        "author": [*meta("author", "article:author"), (_ld_name(linked.get("author")), ld_line)],
        "published": [*meta("article:published_time", "date", "dc.date"), (linked.get("datePublished"), ld_line),
                      *declared(soup.find("time", attrs={"datetime": True}), "datetime")],
    }
    fields: dict[str, str] = {}
    lines: dict[str, int | None] = {}
    for key, options in candidates.items():
        for value, line in options:
            text = " ".join(value.split()) if isinstance(value, str) else ""
            if text and _usable(key, text, rel, line, warnings):
                fields[key], lines[key] = text, line
                break
    return fields, lines


def _usable(key: str, text: str, rel: str, line: int | None, warnings: list[Problem]) -> bool:
    """Whether a declared value can be the article's, by the rules its front matter is read by."""
    if len(text) > MAX_FIELD_CHARS:
        warnings.append(Problem(rel, line, f"the page's {key} is {len(text)} characters long, over "
                                f"{MAX_FIELD_CHARS}; it is ignored", "warning"))
        return False
    if key == "url":
        return bool(HTTP_URL.match(text))
    if key == "published" and (problem := out_of_range_date(text)):
        warnings.append(Problem(rel, line, f"the page's publication date {problem}; it is ignored",
                                "warning"))
        return False
    return True


def _json_ld(soup: BeautifulSoup, rel: str, warnings: list[Problem]) -> tuple[dict, int | None]:
    """The first schema.org article object on the page, if any, and its script's line."""
    for script in soup.find_all("script", type="application/ld+json"):
        text = script.string or ""
        if not text.strip():
            continue
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):  # the parser recurses once per level of nesting
            warnings.append(Problem(rel, script.sourceline, "the page's JSON-LD metadata is not "
                                    "valid JSON, or is nested too deeply to read; it is ignored", "warning"))
            continue
        article = _ld_article(data, rel, script.sourceline, warnings)
        if article is not None:
            return article, script.sourceline
    return {}, None


def _ld_article(data: object, rel: str, line: int | None, warnings: list[Problem]) -> dict | None:
    """Walked with a stack, never recursion, and only as deep as an article object sits."""
    stack = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        children = value
        if isinstance(value, dict):
            if _is_article(value):
                return value
            children = value.get("@graph")
            if "@graph" in value and not isinstance(children, list):
                warnings.append(Problem(rel, line, "the page's JSON-LD `@graph` is not a list; "
                                        "it is ignored", "warning"))
        if isinstance(children, list) and depth < MAX_LD_DEPTH:
            stack.extend((child, depth + 1) for child in reversed(children))
    return None


def _is_article(item: dict) -> bool:
    types = item.get("@type")
    types = [types] if isinstance(types, str) else types if isinstance(types, list) else []
    return any(isinstance(kind, str) and "Article" in kind for kind in types)


def _ld_name(value: object) -> str | None:
    """A Person's or Organization's name, or a list of them: schema.org allows either."""
    names = [item.get("name") if isinstance(item, dict) else item
             for item in (value if isinstance(value, list) else [value])]
    return ", ".join(n for n in names if isinstance(n, str) and n.strip()) or None
