"""`build.py new <slug>`: start a story folder with a commented story.md."""

from __future__ import annotations

from pathlib import Path

from .frontmatter import ContentError
from .load import story_folder_problem
from .model import Problem
from .settings import STORY, STORY_SETTINGS

STORY_TEMPLATE = """\
---
# {title_help}
title: "{title}"
# {date_help}
date: {date}
# {summary_help}
summary: ""
# {tags_help}
tags: []
# {draft_help}
draft: {draft}
# {settings_help}
settings:
  # {min_support_help}
  min_support: {min_support}
  # {boilerplate_patterns_help}
  boilerplate_patterns: []
# {annotations_help}
# Each is `- on: "words of the fact"` (or `quote: "words of the quotation"`) and `note: "..."`.
annotations: []
# {corrections_help}
# Each is one of `exclude:`, `pin:`, `merge: [..., ...]`, `split:` with `out:`, `speaker:` with
# `to:`, and its `reason:`; `python3 build.py settings` explains each key.
corrections: []
---
Write your introduction here, in Markdown: why this story, which outlets, what to look for.

Then add one file per outlet's article beside this one:

- `<name>.md` with front matter (`outlet:`, and `title:`, `url:`, `author:`, `published:` where known)
  followed by the article's text;
- `<outlet-name>.txt`, plain text, the outlet taken from the file name;
- `<name>.html`, a saved web page.

`python3 build.py add {slug} <page.html | URL>` writes the `.md` from a saved page or a link.
"""


def new_story(content_dir: Path, slug: str, date: str) -> Path:
    """Create content/<slug>/story.md; refuse a name the build would refuse, and never overwrite."""
    refusal = story_folder_problem(slug)
    if refusal:
        raise ContentError([Problem(slug, None, refusal)])
    folder = content_dir / slug
    if folder.exists():
        raise ContentError([Problem(str(Path(content_dir.resolve().name) / slug), None,
                                    "already exists; choose another name")])
    folder.mkdir(parents=True)
    story_file = folder / "story.md"
    title = slug.replace("-", " ").capitalize()
    helps = {f"{s.key}_help": s.help for schema in (STORY, STORY_SETTINGS) for s in schema.settings}
    text = STORY_TEMPLATE.format(slug=slug, title=title, date=date, draft=str(STORY.default("draft")).lower(),
                                 min_support=STORY_SETTINGS.default("min_support"), **helps)
    story_file.write_text(text, encoding="utf-8")
    return story_file
