"""load: every validation error names its file and line, exits 1, and never shows a traceback."""

from __future__ import annotations

import datetime as dt
import html
import json
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from site_src.cli import main
from site_src.settings import out_of_range_date
from site_src.html_article import extract_html_article
from site_src.load import load_site, outlet_from_file_name, siglum_for

ARTICLE = "---\noutlet: Gamma Post\n---\nA sentence of news. Another one.\n"

# (case id, overrides of the valid tree, expected `file:line: error:` prefix or file, message part)
ERRORS = [
    ("site.yml missing", {"site.yml": None}, "content/site.yml: error:", "missing"),
    ("site.yml syntax", {"site.yml": "title: x\nbase_url: /\nbad: [unclosed\n"}, "content/site.yml:4: error:",
     "YAML syntax error"),
    ("site.yml no title", {"site.yml": "description: none\n"}, "content/site.yml:1: error:", "`title` is required"),
    ("site.yml title list", {"site.yml": "title:\n  - a\n  - b\n"}, "content/site.yml:1: error:",
     "`title` must be text"),
    ("site.yml bad base_url", {"site.yml": "title: t\nbase_url: repo\n"}, "content/site.yml:2: error:",
     "`base_url` must be"),
    ("site.yml not a mapping", {"site.yml": "- title\n- x\n"}, "content/site.yml:1: error:",
     "must be a mapping"),
    ("story.md missing", {"story-one/story.md": None}, "content/story-one/story.md: error:", "missing"),
    ("story.md no front matter", {"story-one/story.md": "Just an introduction.\n"},
     "content/story-one/story.md:1: error:", "front matter"),
    ("story.md unclosed", {"story-one/story.md": "---\ntitle: x\ndate: 2026-01-01\n"},
     "content/story-one/story.md:1: error:", "never closed"),
    ("story.md bad date", {"story-one/story.md": "---\ntitle: x\ndate: someday\n---\n"},
     "content/story-one/story.md:3: error:", "not a date"),
    ("story.md no date", {"story-one/story.md": "---\ntitle: x\n---\n"},
     "content/story-one/story.md:2: error:", "`date` is required"),
    ("story.md list", {"story-one/story.md": "---\n- a\n- b\n---\n"},
     "content/story-one/story.md:2: error:", "must be a mapping"),
    ("story.md yaml syntax", {"story-one/story.md": "---\ntitle: x\ndate: 2026-01-01\ntags: [a, b\n---\n"},
     "content/story-one/story.md:", "YAML syntax error"),
    ("story.md tags mapping", {"story-one/story.md": "---\ntitle: x\ndate: 2026-01-01\ntags: {a: 1}\n---\n"},
     "content/story-one/story.md:4: error:", "`tags` must be a list"),
    ("min_support zero", {"story-one/story.md": "---\ntitle: x\ndate: 2026-01-01\nsettings:\n  min_support: 0\n---\n"},
     "content/story-one/story.md:5: error:", "`settings.min_support: 0` cannot work; write 2 or more"),
    ("bad pattern", {"story-one/story.md": "---\ntitle: x\ndate: 2026-01-01\nsettings:\n  boilerplate_patterns: ['(unclosed']\n---\n"},
     "content/story-one/story.md:5: error:", "not a valid regular expression"),
    ("article no outlet", {"story-one/2-beta.md": "---\ntitle: t\n---\nText here.\n"},
     "content/story-one/2-beta.md:2: error:", "`outlet` is required"),
    ("article outlet mapping", {"story-one/2-beta.md": "---\ntitle: t\noutlet:\n  name: x\n---\nText.\n"},
     "content/story-one/2-beta.md:3: error:", "`outlet` must be text"),
    ("article no front matter", {"story-one/2-beta.md": "Text with no metadata.\n"},
     "content/story-one/2-beta.md:1: error:", "front matter"),
    ("article empty", {"story-one/2-beta.md": "---\noutlet: Beta\n---\n"},
     "content/story-one/2-beta.md:4: error:", "no text"),
    ("article whitespace", {"story-one/2-beta.md": "---\noutlet: Beta\n---\n  \n\n\t\n"},
     "content/story-one/2-beta.md:4: error:", "no text"),
    ("txt empty", {"story-one/3-gamma.txt": "\n\n"}, "content/story-one/3-gamma.txt:1: error:", "no text"),
    ("latin-1 bytes", {"story-one/3-gamma.txt": "line one\nline two\ncaf\u00e9 line\n".encode("latin-1")},
     "content/story-one/3-gamma.txt:3: error:", "not UTF-8"),
    ("utf-16", {"story-one/3-gamma.txt": "Some news text.\n".encode("utf-16")},
     "content/story-one/3-gamma.txt:1: error:", "UTF-16"),
    ("binary", {"story-one/3-gamma.txt": b"text\n\x00\x01\x02"}, "content/story-one/3-gamma.txt:2: error:",
     "binary"),
    ("duplicate outlet", {"story-one/3-gamma.md": "---\noutlet: alpha  news\n---\nMore text.\n"},
     "content/story-one/3-gamma.md:2: error:", "also the outlet of content/story-one/1-alpha.md:2"),
    ("duplicate key", {"story-one/3-gamma.md": "---\noutlet: Gamma\ntitle: a\ntitle: b\n---\nText.\n"},
     "content/story-one/3-gamma.md:4: error:", "given twice"),
    ("url not http", {"story-one/3-gamma.md": "---\noutlet: Gamma\nurl: javascript:alert(1)\n---\nText.\n"},
     "content/story-one/3-gamma.md:3: error:", "must start with http"),
    ("bad folder name", {"My Story/story.md": "---\ntitle: x\ndate: 2026-01-01\n---\n"},
     "content/My Story: error:", "lowercase letters"),
    ("tab indentation", {"story-one/story.md": "---\ntitle: x\ndate: 2026-01-01\nsettings:\n\tmin_support: 2\n---\n"},
     "content/story-one/story.md:5: error:", "YAML syntax error"),
    ("article unclosed", {"story-one/2-beta.md": "---\noutlet: Beta\n"}, "content/story-one/2-beta.md:1: error:",
     "never closed"),
    ("empty story.md", {"story-one/story.md": ""}, "content/story-one/story.md:1: error:", "front matter"),
    ("story.md empty front matter", {"story-one/story.md": "---\n---\n"}, "content/story-one/story.md:2: error:",
     "`title` is required"),
    ("article front matter a value", {"story-one/2-beta.md": "---\njust some words\n---\nText.\n"},
     "content/story-one/2-beta.md:2: error:", "not a single value"),
    ("title true/false", {"story-one/story.md": "---\ntitle: yes\ndate: 2026-01-01\n---\n"},
     "content/story-one/story.md:2: error:", "`title` must be text, not a true/false value"),
    ("impossible date", {"story-one/story.md": "---\ntitle: x\ndate: 2026-02-30\n---\n"},
     "content/story-one/story.md:3: error:", "`date` cannot be read (day is out of range for month)"),
    ("impossible published date", {"story-one/3-gamma.md": "---\noutlet: Gamma\npublished: 2026-02-30\n---\nText.\n"},
     "content/story-one/3-gamma.md:3: error:", "`published` cannot be read"),
    ("min_support text", {"story-one/story.md": "---\ntitle: x\ndate: 2026-01-01\nsettings:\n  min_support: two\n---\n"},
     "content/story-one/story.md:5: error:", "`settings.min_support` must be a whole number"),
    ("patterns a number", {"story-one/story.md": "---\ntitle: x\ndate: 2026-01-01\nsettings:\n  boilerplate_patterns: 5\n---\n"},
     "content/story-one/story.md:5: error:", "must be a list of regular expressions"),
    ("settings a list", {"story-one/story.md": "---\ntitle: x\ndate: 2026-01-01\nsettings: [a]\n---\n"},
     "content/story-one/story.md:4: error:", "`settings` must be a mapping"),
    ("tags nested", {"story-one/story.md": "---\ntitle: x\ndate: 2026-01-01\ntags: [[a]]\n---\n"},
     "content/story-one/story.md:4: error:", "`tags` must be a list"),
    ("url with a space", {"story-one/2-beta.md": "---\noutlet: Beta\nurl: https://x.org/a b\n---\nText.\n"},
     "content/story-one/2-beta.md:3: error:", "hold no spaces"),
    ("base_url javascript", {"site.yml": "title: t\nbase_url: 'javascript:alert(1)'\n"}, "content/site.yml:2: error:",
     "`base_url` must be"),
    ("key not a name", {"story-one/3-gamma.md": "---\noutlet: Gamma\n? [a, b]\n: c\n---\nText.\n"},
     "content/story-one/3-gamma.md:3: error:", "a key must be a plain name"),
    ("yaml alias", {"story-one/3-gamma.md": "---\noutlet: &o Gamma\ntitle: *o\n---\nText.\n"},
     "content/story-one/3-gamma.md:3: error:", "`title` uses a YAML alias"),
    ("alias to itself", {"story-one/story.md": "---\ntitle: x\ndate: 2026-01-01\nloop: &a [*a]\n---\n"},
     "content/story-one/story.md:4: error:", "`loop` uses a YAML alias"),
    ("billion laughs", {"site.yml": "title: t\na: &a [x, x, x, x, x, x, x, x, x]\n"
                        + "".join(f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi"))},
     "content/site.yml:3: error:", "uses a YAML alias"),
    ("control character in front matter", {"story-one/2-beta.md": "---\noutlet: Beta\ntitle: a\x1fb\n---\nText.\n"},
     "content/story-one/2-beta.md:3: error:", "control character (0x1f)"),
    ("nested too deeply", {"site.yml": "title: t\nx: " + "[" * 2000 + "]" * 2000 + "\n"}, "content/site.yml:1: error:",
     "nested too deeply"),
    ("unicode spaces only", {"story-one/3-gamma.txt": "\u00a0\u3000\u2003\n"}, "content/story-one/3-gamma.txt:1: error:",
     "no text"),
    ("zero-width only", {"story-one/3-gamma.txt": "\u200b\ufeff\u200d\n\n\u2060\n"},
     "content/story-one/3-gamma.txt:1: error:", "no text"),
    ("a BOM only", {"story-one/3-gamma.txt": b"\xef\xbb\xbf"}, "content/story-one/3-gamma.txt:1: error:", "no text"),
    ("utf-16 without BOM", {"story-one/3-gamma.txt": "Some news text.\n".encode("utf-16-le")},
     "content/story-one/3-gamma.txt:1: error:", "binary"),
    ("windows-1252 quotes", {"story-one/3-gamma.txt": "First line.\n\u201cquoted\u201d\n".encode("cp1252")},
     "content/story-one/3-gamma.txt:2: error:", "not UTF-8 (byte 0x93)"),
    ("image saved as .htm", {"story-one/3-x.htm": b"\x89PNG\r\n\x1a\n\x00\x00"}, "content/story-one/3-x.htm:3: error:",
     "binary"),
    ("empty web page", {"story-one/3-x.html": ""}, "content/story-one/3-x.html: error:", "no article text"),
    ("story dated year 1", {"story-one/story.md": "---\ntitle: x\ndate: 0001-01-01\n---\n"},
     "content/story-one/story.md:3: error:", "`0001-01-01` is not a date a news story could have"),
    ("story dated 9999", {"story-one/story.md": "---\ntitle: x\ndate: 9999-12-31\n---\n"},
     "content/story-one/story.md:3: error:", "`9999-12-31` is not a date a news story could have"),
    ("story dated 9999 as text", {"story-one/story.md": "---\ntitle: x\ndate: '9999-12-31'\n---\n"},
     "content/story-one/story.md:3: error:", "`9999-12-31` is not a date a news story could have"),
    ("published year 1", {"story-one/3-gamma.md": "---\noutlet: Gamma\npublished: 0001-01-01\n---\nText.\n"},
     "content/story-one/3-gamma.md:3: error:", "`published`: `0001-01-01` is not a date"),
    ("published 9999", {"story-one/3-gamma.md": "---\noutlet: Gamma\npublished: 9999-12-31\n---\nText.\n"},
     "content/story-one/3-gamma.md:3: error:", "`published`: `9999-12-31` is not a date"),
    ("published 9999 with a time", {"story-one/3-gamma.md": "---\noutlet: Gamma\n"
                                    "published: '9999-12-31T23:59:59-12:00'\n---\nText.\n"},
     "content/story-one/3-gamma.md:3: error:", "is not a date a news story could have"),
    ("outlet of invisible characters", {"story-one/3-gamma.md": "---\noutlet: \"\\u200b\\u202e\"\n---\nText.\n"},
     "content/story-one/3-gamma.md:2: error:", "the outlet's name shows nothing"),
]


@pytest.mark.parametrize("overrides, prefix, message", [c[1:] for c in ERRORS], ids=[c[0] for c in ERRORS])
def test_each_problem_is_one_clear_line(make_content, capsys, overrides, prefix, message):
    content = make_content(overrides)
    code = main(["check", "--content", str(content)])
    err = capsys.readouterr().err
    assert code == 1
    assert "Traceback" not in err
    matching = [line for line in err.splitlines() if line.startswith(prefix)]
    assert matching, err
    assert message in matching[0], err


def test_every_problem_is_reported_at_once(make_content, capsys):
    content = make_content({"story-one/2-beta.md": "---\ntitle: t\n---\nText.\n",
                            "story-one/3-gamma.txt": b"\xff\xfe\x00bad"})
    assert main(["check", "--content", str(content)]) == 1
    err = capsys.readouterr().err
    assert "2-beta.md" in err and "3-gamma.txt" in err


def test_empty_content_folder(tmp_path, capsys):
    content = tmp_path / "content"
    content.mkdir()
    (content / "site.yml").write_text("title: t\n")
    assert main(["check", "--content", str(content)]) == 1
    assert "content: error: no story folders" in capsys.readouterr().err


def test_missing_content_folder(tmp_path, capsys):
    assert main(["check", "--content", str(tmp_path / "nope")]) == 1
    assert "content folder not found" in capsys.readouterr().err


def test_typo_key_warns_and_strict_fails(make_content, capsys):
    content = make_content({"story-one/3-gamma.md": "---\noutlet: Gamma\nautor: Someone\n---\nText.\n"})
    assert main(["check", "--content", str(content)]) == 0
    err = capsys.readouterr().err
    assert "content/story-one/3-gamma.md:3: warning: unknown key `autor`: did you mean `author`?" in err
    assert main(["check", "--strict", "--content", str(content)]) == 1
    assert "content/story-one/3-gamma.md:3: error: unknown key `autor`" in capsys.readouterr().err


def test_provenance_keys_are_kept_without_warning(make_content, capsys):
    content = make_content({"story-one/3-gamma.md": "---\noutlet: Gamma\nsource_repo: a/b\n"
                                                    "triplet_uuid: 1234\nmain_event: null\n---\nText.\n"})
    site = load_site(content)
    gamma = site.stories[0].articles[2]
    assert dict(gamma.metadata) == {"main_event": None, "source_repo": "a/b", "triplet_uuid": 1234}
    assert site.warnings == ()


def test_bom_and_crlf_are_tolerated(make_content):
    content = make_content({"story-one/3-gamma.md": b"\xef\xbb\xbf---\r\noutlet: Gamma\r\n---\r\nLine one.\r\n"})
    gamma = load_site(content).stories[0].articles[2]
    assert gamma.outlet == "Gamma"
    assert gamma.body == "Line one.\n"
    assert gamma.body_line == 4


def test_one_article_story_is_a_warning(make_content, capsys):
    content = make_content({"story-one/2-beta.md": None})
    assert main(["check", "--content", str(content)]) == 0
    assert "has one article" in capsys.readouterr().err


def test_other_files_are_ignored_with_a_warning(make_content):
    content = make_content({"story-one/photo.jpg": b"\x89PNG"})
    site = load_site(content)
    assert [w.message for w in site.warnings] == ["ignored: articles are .md, .txt or .html files"]
    assert len(site.stories[0].articles) == 2


def test_sigla_follow_file_names(make_content):
    content = make_content({"story-one/0-first.txt": "First text.\n", "story-one/9-last.txt": "Last text.\n"})
    articles = load_site(content).stories[0].articles
    assert [(a.siglum, a.outlet) for a in articles] == [
        ("A", "First"), ("B", "Alpha News"), ("C", "Beta Daily"), ("D", "Last")]


def test_siglum_sequence():
    assert [siglum_for(i) for i in (0, 1, 25, 26, 27, 701, 702)] == ["A", "B", "Z", "AA", "AB", "ZZ", "AAA"]


@pytest.mark.parametrize("name, outlet", [
    ("03-fox-news.txt", "Fox News"), ("the_guardian.txt", "The Guardian"), ("2-AP.txt", "AP"),
    ("1.txt", "1"),
])
def test_outlet_from_file_name(name, outlet):
    assert outlet_from_file_name(Path(name)) == outlet


# Ways to write "Fox News" that read as Fox News: each is the same outlet.
FOX_NEWS_ALIKE = [
    ("zero-width space", "Fox\u200b News"),
    ("word joiner", "Fox News\u2060"),
    ("right-to-left override", "\u202eFox News"),
    ("variation selector", "Fox\ufe0f News"),
    ("Cyrillic o", "F\u043ex News"),
    ("Cyrillic capitals", "F\u041e\u0425 NEWS"),
    ("Greek capitals", "F\u039f\u03a7 \u039d\u0395WS"),
    ("Greek omicron", "F\u03bfx news"),
    ("fullwidth letters", "\uff26\uff4f\uff58 \uff2e\uff45\uff57\uff53"),
    ("no-break and doubled spaces", "Fox\u00a0 News"),
    ("capitals", "FOX NEWS"),
]


@pytest.mark.parametrize("outlet", [c[1] for c in FOX_NEWS_ALIKE], ids=[c[0] for c in FOX_NEWS_ALIKE])
def test_an_outlet_written_alike_is_the_same_outlet(make_content, capsys, outlet):
    content = make_content({"story-one/1-alpha.md": "---\noutlet: Fox News\n---\nThe council met on Monday.\n",
                            "story-one/3-gamma.md": f"---\noutlet: \"{outlet}\"\n---\nThe council met.\n"})
    assert main(["check", "--content", str(content)]) == 1
    err = capsys.readouterr().err
    assert "content/story-one/3-gamma.md:2: error: outlet `" in err, err
    assert "is also the outlet of content/story-one/1-alpha.md:2" in err, err
    assert "Traceback" not in err


def test_an_outlet_named_by_its_file_name_is_compared_too(make_content, capsys):
    content = make_content({"story-one/1-alpha.md": "---\noutlet: Fox News\n---\nThe council met on Monday.\n",
                            "story-one/3-f\u043ex-news.txt": "The council met.\n"})
    assert main(["check", "--content", str(content)]) == 1
    err = capsys.readouterr().err
    assert "content/story-one/3-f\u043ex-news.txt: error: outlet `F\u043ex News` is also the outlet of " \
           "content/story-one/1-alpha.md:2 (`Fox News` there" in err, err


@pytest.mark.parametrize("first, second", [
    ("Fox News", "Fox Newz"), ("Channel 1", "Channel l"), ("Radio 10", "Radio IO"),
    ("\u039a\u03b1\u03b8\u03b7\u03bc\u03b5\u03c1\u03b9\u03bd\u03ae", "Kathimerini"),
])
def test_different_outlets_stay_apart(make_content, first, second):
    content = make_content({"story-one/1-alpha.md": f"---\noutlet: {first}\n---\nThe council met on Monday.\n",
                            "story-one/2-beta.md": f"---\noutlet: {second}\n---\nThe council met.\n"})
    assert [a.outlet for a in load_site(content).stories[0].articles] == [first, second]


def test_one_outlet_in_two_cases_of_another_alphabet(make_content, capsys):
    content = make_content({"story-one/1-alpha.md": "---\noutlet: \u03a3\u039a\u0391\u03aa\n---\nThe council met.\n",
                            "story-one/2-beta.md": "---\noutlet: \u03c3\u03ba\u03b1\u03ca\n---\nThe council met.\n"})
    assert main(["check", "--content", str(content)]) == 1
    assert "content/story-one/2-beta.md:2: error: outlet" in capsys.readouterr().err


def test_outlet_names_are_shown_without_invisible_characters(make_content):
    persian = "\u062f\u0646\u06cc\u0627\u06cc\u200c\u0627\u0642\u062a\u0635\u0627\u062f"  # ZWNJ shapes it
    content = make_content({"story-one/1-alpha.md": "---\noutlet: \"\\u202eAlpha\\u200b News\\u2066\"\n---\nText.\n",
                            "story-one/2-beta.md": f"---\noutlet: {persian}\n---\nText.\n",
                            "story-one/3-\u200bgamma\u202e.txt": "Text.\n"})
    assert [a.outlet for a in load_site(content).stories[0].articles] == ["Alpha News", persian, "Gamma"]


def test_dates_at_the_ends_of_the_range_build(make_content, tmp_path):
    """Later stages widen a publication time by a day for time zones: at the bounds that stays in
    the calendar."""
    quote = "\u201cWe did it,\u201d the mayor said. The council approved the budget on Monday.\n"
    content = make_content({
        "story-one/story.md": "---\ntitle: A story\ndate: 1600-01-01\n---\nIntro.\n",
        "story-one/1-alpha.md": f"---\noutlet: Alpha\npublished: 1600-01-01\n---\n{quote}",
        "story-one/2-beta.md": f"---\noutlet: Beta\npublished: '2999-12-31T23:59:59-12:00'\n---\n{quote}",
        "story-one/3-gamma.md": f"---\noutlet: Gamma\npublished: 2999-12-31\n---\n{quote}"})
    assert main(["--content", str(content), "--output", str(tmp_path / "output"), "--quiet"]) == 0


def test_story_fields(make_content):
    content = make_content({"story-one/story.md": "---\ntitle: A story\ndate: 2026-01-02\ntags: [x, y]\n"
                                                  "settings:\n  min_support: 3\n"
                                                  "  boilerplate_patterns: ['^Watch:']\nextra: kept\n---\n# Intro\n",
                            "story-one/3-gamma.txt": "The council met.\n"})
    story = load_site(content).stories[0]
    assert (story.slug, story.title, story.date, story.tags) == ("story-one", "A story", "2026-01-02", ("x", "y"))
    assert story.settings.min_support == 3
    assert [(p.text, p.line) for p in story.settings.boilerplate_patterns] == [("^Watch:", 7)]
    assert story.introduction == "# Intro"
    assert dict(story.metadata) == {"extra": "kept"}


HTML_PAGE = """<!doctype html><html><head>
<title>Ignored | Site</title>
<meta property="og:title" content="Council passes budget">
<meta property="og:site_name" content="Delta Times">
<meta name="author" content="Dana Writer">
<meta property="article:published_time" content="2026-01-02T08:00:00Z">
<link rel="canonical" href="https://delta.example/budget">
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Council passes budget</h1>
<p>The city council approved the budget on Monday after a long debate that lasted well into the night.</p>
<p>The spending plan takes effect in March, officials said, and covers schools, roads and parks.</p>
</article>
<footer>Copyright Delta Times. Subscribe to our newsletter.</footer>
</body></html>"""


def test_html_article_text_and_metadata(make_content):
    content = make_content({"story-one/3-delta.html": HTML_PAGE})
    delta = load_site(content).stories[0].articles[2]
    assert (delta.outlet, delta.title, delta.author, delta.url, delta.published) == (
        "Delta Times", "Council passes budget", "Dana Writer", "https://delta.example/budget",
        "2026-01-02T08:00:00Z")
    assert "approved the budget on Monday" in delta.body
    assert "takes effect in March" in delta.body
    assert "Home" not in delta.body and "newsletter" not in delta.body


def json_ld_page(json_ld: str, head: str = "") -> str:
    """HTML_PAGE with no publication date but one JSON-LD script, on line 2, then `head`."""
    page = HTML_PAGE.replace('<meta property="article:published_time" content="2026-01-02T08:00:00Z">', "")
    return page.replace("<title>", f'<script type="application/ld+json">{json_ld}</script>\n{head}<title>', 1)


UNUSABLE_METADATA = [
    ("JSON-LD date in year 9999", json.dumps({"@type": "NewsArticle", "datePublished": "9999-12-31"}),
     "", "2: warning: the page's publication date `9999-12-31` is not a date a news story could have"),
    ("meta date in year 1", "{}", '<meta property="article:published_time" content="0001-01-01">\n',
     "3: warning: the page's publication date `0001-01-01` is not a date"),
    ("time tag in year 9999", "{}", '<time datetime="9999-12-31T23:59:59+14:00">',
     "3: warning: the page's publication date `9999-12-31T23:59:59+14:00` is not a date"),
    ("@graph null", '{"@graph": null}', "", "2: warning: the page's JSON-LD `@graph` is not a list"),
    ("@graph a number", '{"@graph": 5}', "", "2: warning: the page's JSON-LD `@graph` is not a list"),
    ("JSON-LD lists 1,000 deep", "[" * 1000 + "]" * 1000, "", "2: warning: the page's JSON-LD metadata "
     "is not valid JSON, or is nested too deeply to read"),
    ("JSON-LD objects 1,000 deep", '{"a": ' * 1000 + "1" + "}" * 1000, "", "2: warning: the page's "
     "JSON-LD metadata is not valid JSON, or is nested too deeply to read"),
    ("not JSON", "{'single': 'quotes'}", "", "2: warning: the page's JSON-LD metadata is not valid JSON"),
]


@pytest.mark.parametrize("json_ld, head, message", [c[1:] for c in UNUSABLE_METADATA],
                         ids=[c[0] for c in UNUSABLE_METADATA])
def test_page_metadata_that_cannot_be_used_is_ignored_with_a_warning(make_content, capsys, tmp_path,
                                                                     json_ld, head, message):
    content = make_content({"story-one/3-delta.html": json_ld_page(json_ld, head)})
    assert main(["--content", str(content), "--output", str(tmp_path / "output"), "--quiet"]) == 0
    err = capsys.readouterr().err
    assert f"content/story-one/3-delta.html:{message}" in err, err
    delta = load_site(content).stories[0].articles[2]
    assert (delta.outlet, delta.title, delta.published) == ("Delta Times", "Council passes budget", None)


def test_the_article_object_is_found_in_a_graph(make_content):
    json_ld = json.dumps([{"@type": "WebSite", "name": "x"}, {"@context": "https://schema.org", "@graph": [
        {"@type": "BreadcrumbList"}, {"@type": ["NewsArticle"], "headline": ["not", "text"],
                                      "author": [{"name": "Ann Lee"}, "Bo Ray", 5, [{"name": "deeper"}]],
                                      "publisher": {"@type": "Organization", "name": "Epsilon Post"},
                                      "datePublished": "2026-01-03"}]}])
    page = json_ld_page(json_ld).replace('<meta property="og:site_name" content="Delta Times">', "")
    page = page.replace('<meta name="author" content="Dana Writer">', "")
    epsilon = load_site(make_content({"story-one/3-epsilon.html": page})).stories[0].articles[2]
    assert (epsilon.outlet, epsilon.author, epsilon.published, epsilon.title) == (
        "Epsilon Post", "Ann Lee, Bo Ray", "2026-01-03", "Council passes budget")


# JSON-LD as pages write it, and worse: any JSON value, article-like objects among them.
LD_KEYS = st.sampled_from(["@type", "@graph", "datePublished", "headline", "author", "publisher", "name"])
LD_DATES = st.one_of(st.dates().map(dt.date.isoformat),
                     st.datetimes(timezones=st.sampled_from([None, dt.timezone.utc, dt.timezone(dt.timedelta(hours=14)),
                                                             dt.timezone(-dt.timedelta(hours=23, minutes=59))]))
                     .map(dt.datetime.isoformat),
                     st.text(max_size=12))
LD_SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8) | LD_DATES
LD_VALUES = st.recursive(
    LD_SCALARS | st.sampled_from(["NewsArticle", "Article", ["NewsArticle"]]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(LD_KEYS | st.text(max_size=4), inner, max_size=5),
    max_leaves=25)


@given(json_ld=LD_VALUES.map(json.dumps), published=LD_DATES)
@example(json_ld=json.dumps({"@type": "NewsArticle", "datePublished": "9999-12-31"}), published="0001-01-01")
@example(json_ld='{"@graph": null}', published="9999-12-31T23:59:59-23:59")
@example(json_ld='{"@graph": 5}', published="2026-01-02")
@example(json_ld="[" * 1000 + "]" * 1000, published="")
@example(json_ld='{"@graph": ' * 1000 + "[]" + "}" * 1000, published="")
@settings(max_examples=100, deadline=None)
def test_any_json_ld_and_date_gives_usable_metadata_or_a_warning(json_ld, published):
    page = json_ld_page(json_ld, f'<meta name="date" content="{html.escape(published)}">\n')
    extracted = extract_html_article(page, "content/s/page.html")
    fields = dict(extracted.fields)
    assert all(isinstance(value, str) and value for value in fields.values())
    assert out_of_range_date(fields.get("published", "")) is None
    assert all(w.severity == "warning" and w.path == "content/s/page.html" for w in extracted.warnings)


def test_html_page_without_text(make_content, capsys):
    content = make_content({"story-one/3-delta.html": "<html><body><nav>Home</nav></body></html>"})
    assert main(["check", "--content", str(content)]) == 1
    assert "content/story-one/3-delta.html: error: no article text" in capsys.readouterr().err


def test_example_content_loads_cleanly():
    from conftest import EXAMPLE_CONTENT
    site = load_site(EXAMPLE_CONTENT)
    assert site.warnings == ()
    story = site.stories[0]
    assert [(a.siglum, a.outlet) for a in story.articles] == [
        ("A", "Unnamed outlet 1"), ("B", "Unnamed outlet 2"), ("C", "Noah Wire Services"),
        ("D", "Business Sun"), ("E", "Unnamed AI newsroom")]
    assert all(a.url is None for a in story.articles)


def test_annotations_are_never_dropped_silently(make_content, capsys):
    """A note that is not a mapping (no `on:`, no `note:`) is an error at its line, not a note left out."""
    content = make_content({"story-one/story.md": "---\ntitle: x\ndate: 2026-01-01\nannotations:\n  - note\n---\n"})
    assert main(["check", "--content", str(content)]) == 1
    assert "content/story-one/story.md:4: error: `annotations` must be a list of items" in capsys.readouterr().err
