"""The editor's boilerplate patterns: each one that could hang, crash or empty the build is refused
at its line of story.md, and every search of a real line is bounded."""

from __future__ import annotations

import json

import pytest

from site_src import boilerplate
from site_src.boilerplate import MAX_LINE, refusal
from site_src.cli import main


def story_md(*patterns: str) -> str:
    """story.md with the patterns one a line, from line 6 on (JSON strings are YAML strings)."""
    listed = "".join(f"    - {json.dumps(p)}\n" for p in patterns)
    return f"---\ntitle: A story\ndate: 2026-01-02\nsettings:\n  boilerplate_patterns:\n{listed}---\n"


def check(make_content, capsys, files: dict) -> tuple[int, list[str]]:
    code = main(["check", "--content", str(make_content(files))])
    err = capsys.readouterr().err
    assert "Traceback" not in err and "internal error" not in err, err
    return code, [line for line in err.splitlines() if ": error: " in line]


REFUSED = {
    "nested repetition": ("(a+)+$", "takes over 0.25 s on a line of 2000 characters"),
    "overlapping alternatives": ("(a|aa)+$", "takes over 0.25 s"),
    "overlap in a pair of characters": ("(?:ab|a(?:b))+$", "takes over 0.25 s"),
    "1,000 nested groups": ("(" * 1000 + "a" + ")" * 1000, "nests groups too deeply"),
    "counts unrolled past compiling": ("(?:(?:a{1000}){1000}){1000}", "repeats too much to compile"),
    "count too big": ("a{99999999999}", "repeats too much to compile"),
    "empty": ("", "matches an empty line, so it matches every line"),
    "only optional parts": ("(?:Watch:)?", "matches an empty line"),
    "not a regular expression": ("(unclosed", "is not a valid regular expression"),
}


@pytest.mark.parametrize("pattern, message", REFUSED.values(), ids=REFUSED.keys())
def test_a_pattern_that_cannot_be_bounded_is_refused_at_its_line(make_content, capsys, pattern, message):
    code, lines = check(make_content, capsys, {"story-one/story.md": story_md("^Watch:", pattern)})
    assert code == 1
    assert len(lines) == 1 and lines[0].startswith(
        f"content/story-one/story.md:7: error: boilerplate pattern `{pattern[:60]}"), lines
    assert message in lines[0]


def test_every_refused_pattern_is_reported_at_once(make_content, capsys):
    code, lines = check(make_content, capsys, {"story-one/story.md": story_md("", "(a+)+$")})
    assert code == 1
    assert [line.split(": error:")[0] for line in lines] == ["content/story-one/story.md:6",
                                                             "content/story-one/story.md:7"]


def test_a_pattern_that_matches_every_line_of_an_article_is_refused(make_content, capsys):
    code, lines = check(make_content, capsys, {"story-one/story.md": story_md(r"\bthe\b")})
    assert code == 1
    assert lines == ["content/story-one/story.md:6: error: boilerplate pattern `\\bthe\\b` matches every "
                     "line of content/story-one/1-alpha.md, so it would remove the whole article; make it "
                     "match the clutter alone (anchor it, like `^Watch:`)"]


def test_a_search_past_its_budget_stops_the_build_at_the_pattern(make_content, capsys, monkeypatch):
    """A pattern the probes pass can still meet its worst line in an article: the search stops."""
    pattern = r"^(?:[a-z]\d|[a-z][0-9])+$"  # exponential on `a1a1...`, which no probe spells
    assert refusal(pattern) is None
    monkeypatch.setattr(boilerplate, "SEARCH_BUDGET", 0.05)
    code, lines = check(make_content, capsys, {
        "story-one/story.md": story_md(pattern),
        "story-one/2-beta.md": "---\noutlet: Beta Daily\n---\nThe council met.\n\n" + "a1" * 40 + "!\n"})
    assert code == 1
    assert lines == [f"content/story-one/story.md:6: error: boilerplate pattern `{pattern}` took over 0.05 s on "
                     f"the line at content/story-one/2-beta.md:6; {boilerplate._SIMPLIFY}"]


def test_a_block_longer_than_any_clutter_line_is_not_searched(make_content, capsys):
    long = "Watch: " + "the council met again " * (MAX_LINE // 20)
    code, _ = check(make_content, capsys, {"story-one/story.md": story_md("^Watch:"),
                                           "story-one/2-beta.md": f"---\noutlet: Beta Daily\n---\n{long}\n"})
    assert code == 0


@pytest.mark.parametrize("pattern", ["^Watch:", r"^(?:Photo|Image): .{0,80}$", r"\w+$", r"^By [A-Z]\w+$",
                                     r"(?i)^sponsored by \w+", r"\d{1,2}:\d{2} (?:am|pm)$"])
def test_ordinary_patterns_pass_the_probes(pattern):
    assert refusal(pattern) is None
