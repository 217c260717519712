"""The stages run in order: load -> clean -> segment -> render. Nothing is written here."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from .clean import clean_story, find_templates
from .frontmatter import ContentError
from .load import load_site
from .model import Problem, RawStory, Site, Story
from .render import render_site
from .segment import segment_story


@dataclass(frozen=True)
class Built:
    site: Site
    files: dict[str, bytes]
    warnings: tuple[Problem, ...]


def build_site(content_dir: Path, templates_dir: Path, base_url: str | None = None,
               strict: bool = False) -> Built:
    """Everything but writing: raise ContentError on any problem (warnings too, when strict)."""
    loaded = load_site(content_dir)
    if strict and loaded.warnings:
        raise ContentError([replace(w, severity="error") for w in loaded.warnings])
    config = loaded.config
    if base_url is not None:
        config = replace(config, base_url=base_url if base_url.endswith("/") else base_url + "/")
    templates = find_templates(loaded.stories)
    stories = tuple(build_story(story, templates) for story in loaded.stories)
    site = Site(config=config, stories=stories)
    return Built(site=site, files=render_site(site, templates_dir), warnings=loaded.warnings)


def build_story(raw: RawStory, templates: frozenset[tuple[str, str]]) -> Story:
    """One story's stages: a pure function of its folder's contents and the outlets' templates."""
    return segment_story(clean_story(raw, templates))
