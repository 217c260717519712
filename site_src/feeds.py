"""feed.xml (Atom), sitemap.xml and robots.txt: the files that tell machines what the site holds.

Atom and sitemaps need absolute addresses, so the feed and the sitemap are written only when
base_url is one (site.yml, or --base-url, as the Pages workflow sets it). Every date in them is a
story's date: a rebuild of the same content gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from feedgen.feed import FeedGenerator

from .head import absolute

SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
# Characters XML 1.0 cannot hold at all, even escaped (C0 controls but tab and line ends, lone
# surrogates, U+FFFE and U+FFFF); lxml refuses a string with one.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class FeedEntry:
    path: str  # the story page's output path
    title: str
    date: str  # ISO date
    summary: str
    tags: tuple[str, ...]


@dataclass(frozen=True)
class Located:
    """A page the sitemap lists, and the content date it last changed on."""

    path: str
    date: str


def atom_feed(base: str, path: str, title: str, subtitle: str, entries: list[FeedEntry]) -> bytes:
    """The stories, newest first; `path` is the feed's own (its rel="self")."""
    feed = FeedGenerator()
    feed.id(base)
    feed.title(xml_text(title))
    if subtitle:
        feed.subtitle(xml_text(subtitle))
    feed.author(name=xml_text(title))
    feed.link(href=base, rel="alternate")
    feed.link(href=absolute(base, path), rel="self")
    feed.generator("")  # feedgen names itself and its version unless told otherwise
    feed.updated(_midnight(max(entry.date for entry in entries)))
    for entry in entries:
        url = absolute(base, entry.path)
        item = feed.add_entry(order="append")
        item.id(url)
        item.title(xml_text(entry.title))
        item.link(href=url, rel="alternate")
        item.published(_midnight(entry.date))
        item.updated(_midnight(entry.date))
        item.summary(xml_text(entry.summary))
        for tag in entry.tags:
            item.category(term=xml_text(tag))
    return feed.atom_str(pretty=True)


def sitemap(base: str, pages: list[Located]) -> bytes:
    urlset = ET.Element("urlset", xmlns=SITEMAP_NAMESPACE)
    for page in pages:
        url = ET.SubElement(urlset, "url")
        ET.SubElement(url, "loc").text = absolute(base, page.path)
        ET.SubElement(url, "lastmod").text = page.date
    ET.indent(urlset)
    return ET.tostring(urlset, encoding="utf-8", xml_declaration=True) + b"\n"


def robots_txt(sitemap_url: str | None) -> bytes:
    """Everything may be crawled; the sitemap is named when there is one."""
    lines = ["User-agent: *", "Disallow:"] + ([f"Sitemap: {sitemap_url}"] if sitemap_url else [])
    return ("\n".join(lines) + "\n").encode("ascii")


def xml_text(text: str) -> str:
    """Text from content, without the characters no XML document can carry."""
    return NOT_XML.sub("", text)


def _midnight(date: str) -> dt.datetime:
    """A story is dated by day; Atom wants a time, so the day's start in UTC."""
    return dt.datetime.fromisoformat(date).replace(tzinfo=dt.timezone.utc)
