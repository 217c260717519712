"""The settings schema: every rule of every key gives its own `file:line` message, every default is
declared once, and README's table is the schema's own."""

from __future__ import annotations

import dataclasses
import re

import pytest
from conftest import PROJECT_DIR

from site_src.cli import main
from site_src.frontmatter import parse_yaml_mapping, read_schema
from site_src.load import load_site
from site_src.model import RawStory, SiteConfig, StorySettings
from site_src.scaffold import new_story
from site_src.settings import ANNOTATION, ARTICLE, CORRECTION, SCHEMAS, SITE, STORY, STORY_SETTINGS, settings_table

STORY_HEAD = "---\ntitle: x\ndate: 2026-01-01\n"
NOTES, FIXES = "annotations:\n", "corrections:\n"
GAMMA = "story-one/3-gamma.md"

# (schema, key, rule, overrides of the valid tree, `file:line: severity:`, message part)
RULES = [
    (SITE, "title", "required", {"site.yml": "description: d\n"}, "content/site.yml:1: error:",
     "`title` is required; add `title: My digests`"),
    (SITE, "title", "text", {"site.yml": "title: [a, b]\n"}, "content/site.yml:1: error:",
     "`title` must be text, not a list"),
    (SITE, "description", "text", {"site.yml": "title: t\ndescription: {a: 1}\n"}, "content/site.yml:2: error:",
     "`description` must be text, not a mapping"),
    (SITE, "language", "text", {"site.yml": "title: t\nlanguage: true\n"}, "content/site.yml:2: error:",
     "`language` must be text, not a true/false value"),
    (SITE, "base_url", "path or URL", {"site.yml": "title: t\nbase_url: repo\n"}, "content/site.yml:2: error:",
     "`base_url` must be a path like `/repo/`"),
    (SITE, "cname", "domain", {"site.yml": "title: t\ncname: https://x.org/\n"}, "content/site.yml:2: error:",
     "`cname: https://x.org/` is not a domain name"),
    (SITE, "search", "true or false", {"site.yml": "title: t\nsearch: maybe\n"}, "content/site.yml:2: error:",
     "`search` must be `true` or `false`, not `maybe`"),
    (SITE, "title", "did you mean", {"site.yml": "title: t\ntitel: u\n"}, "content/site.yml:2: warning:",
     "unknown key `titel`: did you mean `title`?"),
    (STORY, "title", "required", {"story-one/story.md": "---\ndate: 2026-01-01\n---\n"},
     "content/story-one/story.md:2: error:", "`title` is required; add `title: What happened`"),
    (STORY, "date", "required", {"story-one/story.md": "---\ntitle: x\n---\n"},
     "content/story-one/story.md:2: error:", "`date` is required; add `date: 2026-01-02`"),
    (STORY, "date", "a date", {"story-one/story.md": "---\ntitle: x\ndate: soon\n---\n"},
     "content/story-one/story.md:3: error:", "`date: soon` is not a date; write YYYY-MM-DD"),
    (STORY, "date", "years", {"story-one/story.md": "---\ntitle: x\ndate: 1500-01-01\n---\n"},
     "content/story-one/story.md:3: error:", "`1500-01-01` is not a date a news story could have"),
    (STORY, "summary", "length", {"story-one/story.md": STORY_HEAD + "summary: " + "x" * 301 + "\n---\n"},
     "content/story-one/story.md:4: error:", "`summary` has 301 characters; keep it to one line of at most 300"),
    (STORY, "summary", "text", {"story-one/story.md": STORY_HEAD + "summary: [a]\n---\n"},
     "content/story-one/story.md:4: error:", "`summary` must be text, not a list"),
    (STORY, "tags", "words", {"story-one/story.md": STORY_HEAD + "tags: [true]\n---\n"},
     "content/story-one/story.md:4: error:", "`tags` must be a list of words"),
    (STORY, "draft", "true or false", {"story-one/story.md": STORY_HEAD + "draft: maybe\n---\n"},
     "content/story-one/story.md:4: error:", "`draft` must be `true` or `false`, not `maybe`"),
    (STORY, "settings", "mapping", {"story-one/story.md": STORY_HEAD + "settings: 2\n---\n"},
     "content/story-one/story.md:4: error:", "`settings` must be a mapping"),
    (STORY, "summary", "did you mean", {"story-one/story.md": STORY_HEAD + "sumary: one line\n---\n"},
     "content/story-one/story.md:4: warning:", "unknown key `sumary`: did you mean `summary`?"),
    (STORY_SETTINGS, "min_support", "2 or more",
     {"story-one/story.md": STORY_HEAD + "settings:\n  boilerplate_patterns: []\n  min_support: 1\n---\n"},
     "content/story-one/story.md:6: error:", "`settings.min_support: 1` cannot work; write 2 or more"),
    (STORY_SETTINGS, "min_support", "whole number",
     {"story-one/story.md": STORY_HEAD + "settings:\n  min_support: 2.5\n---\n"},
     "content/story-one/story.md:5: error:", "`settings.min_support` must be a whole number, like `min_support: 2`"),
    (STORY_SETTINGS, "min_support", "at most the outlets",
     {"story-one/story.md": STORY_HEAD + "settings:\n  min_support: 3\n---\n"},
     "content/story-one/story.md:5: error:", "`settings.min_support: 3` cannot work: the story has 2 outlets"),
    (STORY_SETTINGS, "boilerplate_patterns", "list",
     {"story-one/story.md": STORY_HEAD + "settings:\n  boilerplate_patterns: {a: 1}\n---\n"},
     "content/story-one/story.md:5: error:", "`settings.boilerplate_patterns` must be a list of regular expressions"),
    (STORY_SETTINGS, "boilerplate_patterns", "a regular expression",
     {"story-one/story.md": STORY_HEAD + "settings:\n  boilerplate_patterns:\n    - '^Watch:'\n    - '(a'\n---\n"},
     "content/story-one/story.md:7: error:", "boilerplate pattern `(a` is not a valid regular expression"),
    (STORY_SETTINGS, "min_support", "did you mean",
     {"story-one/story.md": STORY_HEAD + "settings:\n  min_suport: 2\n---\n"},
     "content/story-one/story.md:5: warning:", "unknown key `settings.min_suport`: did you mean `settings.min_support`?"),
    (STORY, "annotations", "a list", {"story-one/story.md": STORY_HEAD + "annotations: 3\n---\n"},
     "content/story-one/story.md:4: error:", "`annotations` must be a list of items"),
    (STORY, "corrections", "a list", {"story-one/story.md": STORY_HEAD + "corrections: [budget]\n---\n"},
     "content/story-one/story.md:4: error:", "`corrections` must be a list of items"),
    (ANNOTATION, "on", "matches a fact", {"story-one/story.md": STORY_HEAD + NOTES + "  - on: council rejected\n"
                                                                                   "    note: n\n---\n"},
     "content/story-one/story.md:5: error:", '`on: "council rejected"` matches no fact; the closest: c1 (A, B)'),
    (ANNOTATION, "quote", "one of on and quote",
     {"story-one/story.md": STORY_HEAD + NOTES + "  - on: budget\n    quote: budget\n    note: n\n---\n"},
     "content/story-one/story.md:5: error:", "a note needs exactly one of `on`, `quote` (it has `on` and `quote`)"),
    (ANNOTATION, "note", "required", {"story-one/story.md": STORY_HEAD + NOTES + "  - on: budget\n---\n"},
     "content/story-one/story.md:5: error:", "`note` is required"),
    (ANNOTATION, "note", "did you mean",
     {"story-one/story.md": STORY_HEAD + NOTES + "  - on: budget\n    nte: n\n---\n"},
     "content/story-one/story.md:6: error:", "unknown key `nte`: did you mean `note`?"),
    (CORRECTION, "exclude", "in the digest", {"story-one/story.md": STORY_HEAD + FIXES + "  - exclude: Critics objected\n"
                                                                                         "    reason: r\n---\n"},
     "content/story-one/story.md:5: error:", "is not in the digest; there is nothing to exclude"),
    (CORRECTION, "pin", "not in the digest", {"story-one/story.md": STORY_HEAD + FIXES + "  - pin: council approved\n"
                                                                                         "    reason: r\n---\n"},
     "content/story-one/story.md:5: error:", "is in the digest already"),
    (CORRECTION, "merge", "a list", {"story-one/story.md": STORY_HEAD + FIXES + "  - merge: budget\n    reason: r\n---\n"},
     "content/story-one/story.md:5: error:", "`merge` must be a list of 2 or more selectors"),
    (CORRECTION, "split", "two sentences", {"story-one/story.md": STORY_HEAD + FIXES + "  - split: Critics objected\n"
                                                                                       "    out: Critics\n    reason: r\n---\n"},
     "content/story-one/story.md:5: error:", "that fact has one sentence; there is nothing to split it from"),
    (CORRECTION, "out", "with split", {"story-one/story.md": STORY_HEAD + FIXES + "  - exclude: council approved\n"
                                                                                   "    out: council\n    reason: r\n---\n"},
     "content/story-one/story.md:6: error:", "`out` goes with `split`, which this item does not have"),
    (CORRECTION, "speaker", "a quotation", {"story-one/story.md": STORY_HEAD + FIXES + "  - speaker: taxes rise\n"
                                                                                       "    to: Ann\n    reason: r\n---\n"},
     "content/story-one/story.md:5: error:", '`speaker: "taxes rise"` matches no quotation'),
    (CORRECTION, "to", "needed", {"story-one/story.md": STORY_HEAD + FIXES + "  - speaker: budget\n    reason: r\n---\n"},
     "content/story-one/story.md:5: error:", "`speaker` needs `to`"),
    (CORRECTION, "reason", "required", {"story-one/story.md": STORY_HEAD + FIXES + "  - exclude: council approved\n---\n"},
     "content/story-one/story.md:5: error:", "`reason` is required"),
    (CORRECTION, "reason", "not a key", {"story-one/story.md": STORY_HEAD + FIXES + "  - exclude: council approved\n"
                                                                                    "    reason: r\n    because: x\n---\n"},
     "content/story-one/story.md:7: error:", "a correction has no key `because`"),
    (ARTICLE, "outlet", "required", {GAMMA: "---\ntitle: t\n---\nText.\n"}, f"content/{GAMMA}:2: error:",
     "`outlet` is required; add `outlet: Name of the outlet`"),
    (ARTICLE, "title", "text", {GAMMA: "---\noutlet: G\ntitle: [a]\n---\nText.\n"}, f"content/{GAMMA}:3: error:",
     "`title` must be text, not a list"),
    (ARTICLE, "url", "http", {GAMMA: "---\noutlet: G\nurl: ftp://x.org/a\n---\nText.\n"}, f"content/{GAMMA}:3: error:",
     "`url` must start with http:// or https://"),
    (ARTICLE, "author", "text", {GAMMA: "---\noutlet: G\nauthor: {a: 1}\n---\nText.\n"}, f"content/{GAMMA}:3: error:",
     "`author` must be text, not a mapping"),
    (ARTICLE, "published", "years", {GAMMA: "---\noutlet: G\npublished: 3000-01-01\n---\nText.\n"},
     f"content/{GAMMA}:3: error:", "`published`: `3000-01-01` is not a date a news story could have"),
    (ARTICLE, "author", "did you mean", {GAMMA: "---\noutlet: G\nautor: A\n---\nText.\n"},
     f"content/{GAMMA}:3: warning:", "unknown key `autor`: did you mean `author`?"),
]


@pytest.mark.parametrize("overrides, prefix, message", [r[3:] for r in RULES],
                         ids=[f"{r[0].name} {r[1]}: {r[2]}" for r in RULES])
def test_each_rule_names_its_file_and_line(make_content, capsys, overrides, prefix, message):
    content = make_content(overrides)
    code = main(["check", "--strict", "--content", str(content)])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    severity = prefix.rsplit(" ", 1)[1]
    matching = [line for line in err.splitlines() if line.startswith(prefix.replace(severity, "error:"))]
    assert matching and message in matching[0], err


def test_every_declared_key_has_its_rules_tested():
    tested = {(schema.name, key) for schema, key, *_ in RULES}
    assert tested == {(schema.name, s.key) for schema in SCHEMAS for s in schema.settings}


def test_min_support_1_is_refused_and_never_shown(make_content, tmp_path, capsys):
    """It used to be accepted, treated as 2, and shown as "at least 1 outlets"."""
    content = make_content({"story-one/story.md": STORY_HEAD + "settings:\n  min_support: 1\n---\n"})
    assert main(["--content", str(content), "--output", str(tmp_path / "out")]) == 1
    assert "content/story-one/story.md:5: error: `settings.min_support: 1` cannot work" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_the_page_shows_the_parsed_min_support(make_content, tmp_path):
    content = make_content({"story-one/story.md": STORY_HEAD + "settings:\n  min_support: 3\n---\n",
                            "story-one/3-gamma.txt": "The council approved the budget on Monday.\n"})
    assert main(["--content", str(content), "--output", str(tmp_path / "out"), "--quiet"]) == 0
    page = (tmp_path / "out" / "story-one" / "index.html").read_text()
    assert "at least 3 independent outlets" in page and "at least 2 " not in page


# --- every default is declared once ------------------------------------------------------


def test_an_absent_key_reads_as_its_declared_default():
    for schema in SCHEMAS:
        values, problems = read_schema(parse_yaml_mapping("", "x"), schema, "x")
        for setting in schema.settings:
            assert values[setting.key] == (None if setting.required else setting.default), setting.key
        assert [p.message for p in problems] == [f"`{s.key}` is required; add `{s.required}`"
                                                 for s in schema.settings if s.required]


def test_the_model_takes_its_defaults_from_the_schema():
    """A dataclass default that differs from the schema's would be a second, silent default."""
    fields = {(cls, f.name): f for cls in (SiteConfig, StorySettings, RawStory) for f in dataclasses.fields(cls)}
    pairs = [(SiteConfig, SITE), (StorySettings, STORY_SETTINGS), (RawStory, STORY)]
    checked = 0
    for cls, schema in pairs:
        for setting in schema.settings:
            field = fields.get((cls, setting.key))
            if field is None or setting.required or field.default is dataclasses.MISSING:
                continue
            assert field.default == setting.default, (cls.__name__, setting.key)
            checked += 1
    assert checked >= 8


def test_a_minimal_site_loads_with_the_declared_defaults(make_content):
    site = load_site(make_content({"site.yml": "title: t\n", "story-one/story.md": STORY_HEAD + "---\n"}))
    config, story = site.config, site.stories[0]
    for setting in SITE.settings:
        if not setting.required:
            assert getattr(config, setting.key) == setting.default, setting.key
    assert story.settings.min_support == STORY_SETTINGS.default("min_support")
    assert (story.tags, story.summary, story.draft) == (STORY.default("tags"), STORY.default("summary"),
                                                        STORY.default("draft"))


def test_new_writes_the_declared_defaults(tmp_path):
    story_md = new_story(tmp_path, "city-budget", "2026-02-03").read_text()
    front = story_md.split("---\n")[1]
    mapping = parse_yaml_mapping(front, "story.md", 2)
    values, problems = read_schema(mapping, STORY, "story.md")
    knobs, _ = read_schema(mapping.within("settings"), STORY_SETTINGS, "story.md")
    assert problems == []
    assert values["draft"] == STORY.default("draft")
    assert knobs == {s.key: s.default for s in STORY_SETTINGS.settings}
    for setting in (*STORY.settings, *STORY_SETTINGS.settings):
        assert setting.help in story_md, setting.key


def test_readme_holds_the_schema_table(capsys):
    readme = (PROJECT_DIR / "README.md").read_text()
    table = re.search(r"<!-- settings table: `python3 build.py settings` -->\n(.*?)<!-- end of settings table -->",
                      readme, re.S)
    assert table, "README has no settings table"
    assert table.group(1) == settings_table()
    assert main(["settings"]) == 0
    assert capsys.readouterr().out == settings_table()
