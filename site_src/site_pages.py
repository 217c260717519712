"""The view values of the pages about the whole site: the story list and the outlets page.

An outlet is one across stories by the rule that makes it one within a story (load's folded
names: two names are one outlet when either folding agrees), so `Fox News` and `FOX NEWS` share
a row.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from .dates import human_date
from .model import Article, Story

FIDELITIES = ("verbatim", "partial", "altered")


@dataclass(frozen=True)
class OutletLink:
    name: str
    anchor: str  # its id on the outlets page


@dataclass(frozen=True)
class StoryRow:
    """One story on the index and the 404 page."""

    slug: str
    title: str
    date: str  # ISO, for <time datetime>
    shown_date: str  # "28 April 2026"
    summary: str
    outlets: tuple[OutletLink, ...]  # in siglum order
    shared_facts: int  # the digest's facts: carried by enough independent outlets
    quotations: int


@dataclass(frozen=True)
class Coverage:
    """One outlet's article in one story."""

    slug: str
    title: str
    date: str
    shown_date: str
    siglum: str
    alone: int  # facts only this outlet reported in this story


@dataclass(frozen=True)
class OutletRow:
    name: str
    anchor: str
    other_names: tuple[str, ...]  # other spellings the articles used
    stories: tuple[Coverage, ...]  # newest first
    alone: int
    # Of the quotations another outlet carried too: how this one printed them, in FIDELITIES order;
    # empty when it carried none of those.
    fidelity: tuple[tuple[str, int], ...]


def newest_first(stories: tuple[Story, ...]) -> list[Story]:
    return sorted(stories, key=lambda s: (s.source.date, s.slug), reverse=True)


def outlet_groups(stories: list[Story]) -> dict[tuple[str, str], int]:
    """Each article (slug, siglum) -> its outlet's group number: union-find over the folded names,
    in the stories' order, so the numbering is reproducible."""
    parent: list[int] = []
    by_key: dict[str, int] = {}

    def root(group: int) -> int:
        while parent[group] != group:
            parent[group] = parent[parent[group]]
            group = parent[group]
        return group

    first_group: dict[tuple[str, str], int] = {}
    for story in stories:
        for article in story.articles:
            groups = {root(by_key[key]) for key in article.source.outlet_keys if key in by_key}
            group = min(groups) if groups else len(parent)
            if not groups:
                parent.append(group)
            for other in groups:
                parent[other] = group
            by_key.update(dict.fromkeys(article.source.outlet_keys, group))
            first_group[(story.slug, article.siglum)] = group
    return {article: root(group) for article, group in first_group.items()}


def outlet_rows(stories: list[Story]) -> list[OutletRow]:
    """Every outlet, by name, with the stories it covered and how it quoted."""
    groups = outlet_groups(stories)
    members: dict[int, list[tuple[Story, Article]]] = {}
    for story in stories:
        for article in story.articles:
            members.setdefault(groups[(story.slug, article.siglum)], []).append((story, article))
    quoted = {story.slug: _shared_quotations(story) for story in stories}
    rows = []
    for covered in members.values():
        names = Counter(article.outlet for _, article in covered)
        name = min(names, key=lambda n: (-names[n], n))
        fidelity = Counter()
        coverage = []
        for story, article in covered:
            alone = len(dict(story.digest.additions).get(article.siglum, ()))
            coverage.append(Coverage(story.slug, story.source.title, story.source.date,
                                     human_date(story.source.date).text, article.siglum, alone))
            fidelity.update(quoted[story.slug].get(article.siglum, Counter()))
        rows.append(OutletRow(name=name, anchor="", other_names=tuple(sorted(set(names) - {name})),
                              stories=tuple(coverage), alone=sum(c.alone for c in coverage),
                              fidelity=tuple((kind, fidelity[kind]) for kind in FIDELITIES) if fidelity else ()))
    rows.sort(key=lambda row: (row.name.casefold(), row.name))
    anchors = _anchors([row.name for row in rows])
    return [replace(row, anchor=anchor) for row, anchor in zip(rows, anchors)]


def _shared_quotations(story: Story) -> dict[str, Counter]:
    """Each outlet's fidelity counts over the quotations another outlet carried too: one pass
    over the story's quotations, whatever the number of outlets."""
    counts: dict[str, Counter] = {}
    for quote in story.quotes:
        if quote.kind == "quotation" and len({o.siglum for o in quote.occurrences}) > 1:
            for occurrence in quote.occurrences:
                counts.setdefault(occurrence.siglum, Counter())[occurrence.fidelity] += 1
    return counts


def _anchors(names: list[str]) -> list[str]:
    """An id for each name, readable where the name is Latin, unique whatever the names."""
    taken: set[str] = set()
    anchors = []
    for name in names:
        base = "outlet-" + (re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-") or "x")
        anchor, number = base, 1
        while anchor in taken:
            number += 1
            anchor = f"{base}-{number}"
        taken.add(anchor)
        anchors.append(anchor)
    return anchors


def story_rows(stories: list[Story], outlets: list[OutletRow]) -> list[StoryRow]:
    """The stories as listed, each outlet linked to its row on the outlets page."""
    anchor_of = {(c.slug, c.siglum): row.anchor for row in outlets for c in row.stories}
    return [StoryRow(
        slug=story.slug, title=story.source.title, date=story.source.date,
        shown_date=human_date(story.source.date).text, summary=story.source.summary,
        outlets=tuple(OutletLink(a.outlet, anchor_of[(story.slug, a.siglum)]) for a in story.articles),
        shared_facts=digest_facts(story),
        quotations=sum(q.kind == "quotation" for q in story.quotes),
    ) for story in stories]


def digest_facts(story: Story) -> int:
    """The facts the digest tells: the one count of "facts shared" every page shows, so that wire
    copies count once there as they do in the digest."""
    return sum(map(len, story.digest.paragraphs))
