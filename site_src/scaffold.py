"""`build.py new <slug>`: start a story folder with a commented story.md."""

from __future__ import annotations

from pathlib import Path

from .frontmatter import ContentError
from .load import story_folder_problem
from .model import Problem

STORY_TEMPLATE = """\
---
# The story's headline, as the digest should show it.
title: "{title}"
# The day the story broke, YYYY-MM-DD. Stories are listed newest first.
date: {date}
# One line on the story, shown under its headline on the index, in the feed and in link previews.
summary: ""
# Optional words to group stories by.
tags: []
settings:
  # A fact enters the digest when at least this many outlets carried it.
  min_support: 2
  # Regular expressions for clutter lines the built-in rules miss, e.g. "^Watch:".
  boilerplate_patterns: []
---
Write your introduction here, in Markdown: why this story, which outlets, what to look for.

Then add one file per outlet's article beside this one:

- `<name>.md` with front matter (`outlet:`, and `title:`, `url:`, `author:`, `published:` where known)
  followed by the article's text;
- `<outlet-name>.txt`, plain text, the outlet taken from the file name;
- `<name>.html`, a saved web page.
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
    story_file.write_text(STORY_TEMPLATE.format(title=title, date=date), encoding="utf-8")
    return story_file
