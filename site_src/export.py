"""digest.json: a story's digest as data, for editors' tools. Its schema is docs/digest.schema.json.

Keys are sorted and floats rounded, so the file is byte-for-byte reproducible. It is written
without indentation: `indent` makes the json module fall back from its C encoder to pure Python,
which costs seconds on a long article's thousands of sentences and quotations.
"""

from __future__ import annotations

import json
from dataclasses import fields, is_dataclass
from functools import lru_cache

from .model import Claim, Detail, Story

SCHEMA_VERSION = 1


def digest_json(story: Story) -> bytes:
    digest = story.digest
    details = details_by_outlet(story)
    data = {
        "schema_version": SCHEMA_VERSION,
        "story": {"slug": story.slug, "title": story.source.title, "date": story.source.date,
                  "summary": story.source.summary,
                  "tags": list(story.source.tags), "min_support": story.source.settings.min_support},
        "articles": [{
            "siglum": a.siglum, "outlet": a.outlet, "title": a.source.title, "url": a.source.url,
            "author": a.source.author, "published": a.source.published, "file": a.source.path,
            "dateline": a.dateline,
            "sentences": [{"anchor": s.anchor, "text": s.text, "start": s.start, "end": s.end}
                          for s in a.sentences],
        } for a in story.articles],
        "claims": [_claim(c) for c in digest.claims],
        "digest": [list(paragraph) for paragraph in digest.paragraphs],
        "additions": {siglum: {
            "claims": list(claim_ids),
            "details": [_data(d) for d in details[siglum]],
        } for siglum, claim_ids in digest.additions},
        "disagreements": [{
            "kind": d.kind, "summary": d.summary, "claims": list(d.claims),
            "versions": [{"siglum": v.sentence.siglum, "anchor": v.sentence.anchor, "text": v.sentence.text,
                          "differing": list(v.differing)} for v in d.versions],
        } for d in digest.disagreements],
        "coverage": {
            "outlets": [_data(row) for row in digest.coverage],
            "shared_copy": [list(group) for group in digest.shared_copy],
            "independent": digest.independent,
        },
        "quotes": [_data(q) for q in story.quotes],
        "annotations": [_data(a) for a in digest.annotations],
        "corrections": [_data(c) for c in digest.changes],
        "boilerplate": {a.siglum: [_data(r) for r in a.removed] for a in story.articles},
    }
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n").encode("utf-8")


def details_by_outlet(story: Story) -> dict[str, list[Detail]]:
    """Each outlet's details within shared facts, in the claims' order: one pass over the claims."""
    found: dict[str, list[Detail]] = {a.siglum: [] for a in story.articles}
    for claim in story.digest.claims:
        for detail in claim.details:
            found[detail.siglum].append(detail)
    return found


def _claim(claim: Claim) -> dict:
    return {
        "id": claim.id,
        "text": claim.text,
        "canonical": claim.canonical.anchor,
        "sentences": [s.anchor for s in claim.footnoted],
        "outlets": list(claim.outlets),
        "independent": claim.independent,
        "in_digest": claim.in_digest,
        "left_out": claim.left_out or None,
        "possibly_also": [s.anchor for s in claim.possibly_also],
    }


def _data(value):
    """dataclasses.asdict without its deep copy, which immutable values do not need: a story's
    quotations and details are thousands of dataclasses, and their values mostly strings and numbers."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    names = _field_names(kind)
    if names is not None:
        return {name: _data(getattr(value, name)) for name in names}
    if isinstance(value, (tuple, list)):
        return [_data(item) for item in value]
    return value


_SCALARS = frozenset({str, int, float, bool, type(None)})  # written as they are: asked first, as most values are


@lru_cache(maxsize=None)
def _field_names(kind: type) -> tuple[str, ...] | None:
    """A dataclass's field names, or None for any other type: asked once per type, not per value."""
    return tuple(field.name for field in fields(kind)) if is_dataclass(kind) else None
