"""End to end: `python build.py` on the example story and on broken content."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import EXAMPLE_CONTENT, PROJECT_DIR, without_own_script
from page_head import split_json_ld

from site_src.cli import main

SLUG = "us-cable-ai-distillation"


def run(*args: str, cwd: Path = PROJECT_DIR) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(PROJECT_DIR / "build.py"), *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def tree_digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def example_site(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("site") / "output"
    result = run("--content", str(EXAMPLE_CONTENT), "--output", str(output))
    assert result.returncode == 0, result.stderr
    assert "Built 1 story from 5 articles" in result.stdout
    return output


def pages(root: Path) -> list[Path]:
    return sorted(root.rglob("*.html"))


def test_pages_exist(example_site):
    expected = ["index.html", "404.html", ".nojekyll", "static/style.css", f"{SLUG}/index.html",
                *[f"{SLUG}/sources/{s}.html" for s in "ABCDE"]]
    for rel in expected:
        assert (example_site / rel).is_file(), rel


def test_sentence_anchors_are_unique_and_complete(example_site):
    from site_src.pipeline import build_site
    from site_src.cli import TEMPLATES_DIR
    story = build_site(EXAMPLE_CONTENT, TEMPLATES_DIR).site.stories[0]
    for article in story.articles:
        soup = BeautifulSoup((example_site / SLUG / "sources" / f"{article.siglum}.html").read_text(), "html.parser")
        ids = [tag["id"] for tag in soup.find_all(id=True)]
        assert len(ids) == len(set(ids)), article.siglum
        spans = {span["id"]: span.get_text() for span in soup.select("span.sentence")}
        assert spans == {s.anchor: s.text for s in article.sentences}


def test_404_links_are_rooted_at_the_base_url(tmp_path):
    output = tmp_path / "out"
    assert run("--content", str(EXAMPLE_CONTENT), "--output", str(output), "--base-url",
               "https://user.github.io/repo").returncode == 0
    soup = BeautifulSoup((output / "404.html").read_text(), "html.parser")
    links = [t.get("href") or t.get("src") for t in soup.find_all(["a", "link"])]
    # A fragment (the skip link) stays on the page, at whatever address it is served.
    assert links and all(link.startswith(("/repo/", "#")) for link in links)
    assert "/repo/static/favicon.svg" in links


def test_two_builds_are_byte_identical(example_site, tmp_path):
    again = tmp_path / "again"
    assert run("--content", str(EXAMPLE_CONTENT), "--output", str(again), cwd=tmp_path).returncode == 0
    assert tree_digest(again) == tree_digest(example_site)


def test_broken_article_keeps_the_last_good_output(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(EXAMPLE_CONTENT, content)
    output = tmp_path / "output"
    assert run("--content", str(content), "--output", str(output)).returncode == 0
    before = tree_digest(output)
    (content / SLUG / "3-noah-wire-services.md").write_text("---\noutlet: [unclosed\n---\ntext\n")
    result = run("--content", str(content), "--output", str(output))
    assert result.returncode == 1
    assert "content/us-cable-ai-distillation/3-noah-wire-services.md:2: error: YAML syntax error" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_digest(output) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".cache", "content", "output"]  # the stories kept


def test_rebuild_replaces_stale_files(make_content, tmp_path):
    content = make_content({"story-two/story.md": "---\ntitle: B\ndate: 2026-01-03\n---\n",
                            "story-two/1-alpha.md": "---\noutlet: Alpha News\n---\nThe vote was close.\n",
                            "story-two/2-beta.md": "---\noutlet: Beta Daily\n---\nThe vote was close.\n"})
    output = tmp_path / "output"
    assert main(["--content", str(content), "--output", str(output), "--quiet"]) == 0
    shutil.rmtree(content / "story-two")  # the earlier build's pages of it are stale now
    assert main(["--content", str(content), "--output", str(output), "--quiet"]) == 0
    assert (output / "story-one").is_dir() and not (output / "story-two").exists()
    assert oct((output / "index.html").stat().st_mode & 0o777) == "0o644"
    assert oct(output.stat().st_mode & 0o777) == "0o755"


def test_check_writes_nothing(tmp_path):
    result = run("check", "--content", str(EXAMPLE_CONTENT), "--output", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert "is fine: 1 stories, 5 articles, 0 warnings" in result.stdout
    assert not (tmp_path / "out").exists()


def test_quiet_and_verbose(tmp_path, capsys):
    assert main(["--content", str(EXAMPLE_CONTENT), "--output", str(tmp_path / "q"), "--quiet"]) == 0
    assert capsys.readouterr().out == ""
    assert main(["build", "--content", str(EXAMPLE_CONTENT), "--output", str(tmp_path / "v"), "-v"]) == 0
    out = capsys.readouterr().out
    assert "content/us-cable-ai-distillation/4-business-sun.md: [D] Business Sun:" in out
    assert "16 lines removed" in out


def test_new_scaffolds_a_story_that_builds(tmp_path, capsys):
    content = tmp_path / "content"
    shutil.copytree(EXAMPLE_CONTENT, content)
    assert main(["new", "city-budget", "--content", str(content), "--date", "2026-02-03"]) == 0
    story_md = content / "city-budget" / "story.md"
    assert story_md.is_file()
    (content / "city-budget" / "alpha.txt").write_text("The council approved the budget.\n")
    (content / "city-budget" / "beta.txt").write_text("The budget passed on Monday.\n")
    assert main(["--content", str(content), "--output", str(tmp_path / "out"), "--strict"]) == 0, capsys.readouterr().err
    assert (tmp_path / "out" / "city-budget" / "sources" / "B.html").is_file()
    assert main(["new", "city-budget", "--content", str(content)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert main(["new", "../escape", "--content", str(content)]) == 1
    assert not (tmp_path / "escape").exists()


@pytest.mark.parametrize("args", [["--help"], ["build", "--help"], ["check", "--help"], ["new", "--help"]])
def test_help(args):
    result = run(*args)
    assert result.returncode == 0 and "usage:" in result.stdout


@pytest.mark.parametrize("args", [["--no-such-flag"], ["new"], ["new", "x", "--date", "soon"]])
def test_usage_errors_exit_2(args, tmp_path):
    result = run(*args, "--content", str(tmp_path))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr


def test_article_text_and_editor_markdown_are_inert(make_content, tmp_path):
    content = make_content({
        "story-one/story.md": "---\ntitle: \"<script>alert(1)</script>\"\ndate: 2026-01-01\n---\n"
                              "Hi <script>alert(2)</script> [x](javascript:alert(3)) <img src=x onerror=alert(4)>\n",
        "story-one/3-evil.md": "---\noutlet: \"<b onmouseover=alert(5)>Evil</b>\"\n---\n"
                               "Text <script>alert(6)</script> and <iframe src=x></iframe>.\n",
    })
    output = tmp_path / "out"
    assert main(["--content", str(content), "--output", str(output)]) == 0
    for page in pages(output):
        html = without_own_script(split_json_ld(page.read_text())[1])
        assert "<script" not in html and "<iframe" not in html and "javascript:" not in html, page
        soup = BeautifulSoup(html, "html.parser")
        for tag in soup.find_all(True):
            assert not [a for a in tag.attrs if a.startswith("on")], (page, tag)
    assert "&lt;script&gt;alert(6)&lt;/script&gt;" in (output / "story-one" / "sources" / "C.html").read_text()


def test_digest_json_follows_its_schema(example_site):
    import json

    import jsonschema
    schema = json.loads((PROJECT_DIR / "docs" / "digest.schema.json").read_text())
    data = json.loads((example_site / SLUG / "digest.json").read_text())
    jsonschema.validate(data, schema)
    sentences = {s["anchor"]: s["text"] for a in data["articles"] for s in a["sentences"]}
    for claim in data["claims"]:
        assert claim["text"] == sentences[claim["canonical"]]
        assert set(claim["outlets"]) == {anchor.split("-")[0] for anchor in claim["sentences"]}


def test_digest_footnotes_link_to_member_sentences(example_site):
    import json
    data = json.loads((example_site / SLUG / "digest.json").read_text())
    members = {c["id"]: set(c["sentences"]) for c in data["claims"]}
    soup = BeautifulSoup((example_site / SLUG / "index.html").read_text(), "html.parser")
    claims = soup.select("#digest span.claim")
    assert len(claims) == sum(len(p) for p in data["digest"])
    texts = {s["anchor"]: s["text"] for a in data["articles"] for s in a["sentences"]}
    for span in claims:
        anchors = [a["href"].split("#")[1] for a in span.select("a.fn")]
        outlets = [x.split("-")[0] for x in anchors]
        assert len(outlets) == len(set(outlets)) == len({m.split("-")[0] for m in members[span["id"]]})
        assert set(anchors) <= members[span["id"]]
        assert [a.get_text() for a in span.select("a.fn")] == outlets
        # each outlet's preview holds its every sentence of the fact
        previewed = [t.get_text() for t in span.select(".tip-text")]
        assert sorted(previewed) == sorted(texts[m] for m in members[span["id"]])


def test_source_pages_mark_each_sentence_fate(example_site):
    soup = BeautifulSoup((example_site / SLUG / "sources" / "E.html").read_text(), "html.parser")
    sentences = soup.select("span.sentence")
    marks = [s.find_previous_sibling("a") for s in sentences]
    assert sentences and all(any(c.startswith("fate-") for c in mark["class"]) for mark in marks)
    anthropic = soup.find(id="E-7-1").find_previous_sibling("a")
    assert "fate-own" in anthropic["class"] and anthropic["aria-label"] == "Only this outlet reported it"
    assert anthropic["href"].startswith("../index.html#c")


@pytest.mark.parametrize("base_url", ["repo", "javascript:alert(1)", "/a b/", "https://x.org/\"onload"])
def test_bad_base_url_option_is_a_usage_error(base_url, tmp_path):
    result = run("--content", str(EXAMPLE_CONTENT), "--output", str(tmp_path / "out"), "--base-url", base_url)
    assert result.returncode == 2 and "is not a path like /repo/" in result.stderr
    assert not (tmp_path / "out").exists()


def test_problems_never_print_control_characters(make_content, capsys):
    content = make_content({"story-one/3-evil.md": "---\noutlet: \"Evil\\e[31m\\r News\"\ntitle: x\n---\nText.\n",
                            "story-one/4-other.md": "---\noutlet: \"Evil\\e[31m\\r News\"\n---\nText.\n"})
    assert main(["check", "--content", str(content)]) == 1
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\r" not in err
    assert "\\x1b[31m" in err


def test_digest_json_data_and_details_are_those_of_asdict_and_of_filtering_each_outlet():
    """export's own dataclass walk and its one-pass grouping give what asdict and a filter per outlet gave."""
    from dataclasses import asdict

    from site_src.export import _data, details_by_outlet
    from site_src.pipeline import build_site

    story = build_site(EXAMPLE_CONTENT, PROJECT_DIR / "templates").site.stories[0]
    assert story.quotes and any(c.details for c in story.digest.claims)
    # asdict keeps tuples, which JSON writes as lists
    assert [_data(q) for q in story.quotes] == [json.loads(json.dumps(asdict(q))) for q in story.quotes]
    assert details_by_outlet(story) == {a.siglum: [d for c in story.digest.claims for d in c.details
                                                   if d.siglum == a.siglum] for a in story.articles}


def test_digest_json_reads_a_dataclass_fields_once_per_type(monkeypatch):
    """A long article's thousands of quotations and details are one type each: its fields are asked
    once, not once per value."""
    from dataclasses import dataclass

    from site_src import export

    @dataclass(frozen=True)
    class Point:
        x: int
        tags: tuple[str, ...]

    asked = []
    monkeypatch.setattr(export, "fields", lambda kind: asked.append(kind) or __import__("dataclasses").fields(kind))
    export._field_names.cache_clear()
    assert [export._data(Point(i, ("a", "b"))) for i in range(3)] == [{"x": i, "tags": ["a", "b"]} for i in range(3)]
    assert asked == [Point]


def test_a_story_without_articles_warns_and_the_others_build(tmp_path):
    """`new` and then a build: the half-started story waits, every other story publishes."""
    content = tmp_path / "content"
    shutil.copytree(EXAMPLE_CONTENT, content)
    assert main(["new", "city-budget", "--content", str(content), "--quiet"]) == 0
    result = run("--content", str(content), "--output", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("content/city-budget: warning: no articles yet, so the story is left out")
    assert "Built 1 story from 5 articles" in result.stdout
    assert (tmp_path / "out" / SLUG / "index.html").is_file() and not (tmp_path / "out" / "city-budget").exists()
    assert run("--content", str(content), "--output", str(tmp_path / "out"), "--strict").returncode == 1


def test_a_one_article_story_shows_its_text_and_quotes_and_says_why_no_digest(make_content, tmp_path):
    from test_links import check_links

    content = make_content({"story-one/2-beta.md": None, "story-one/1-alpha.md":
                            "---\noutlet: Alpha News\n---\nThe council approved the budget on Monday.\n\n"
                            "\u201cWe did it,\u201d the mayor said.\n"})
    output = tmp_path / "out"
    assert main(["--content", str(content), "--output", str(output), "--quiet"]) == 0
    soup = BeautifulSoup((output / "story-one" / "index.html").read_text(), "html.parser")
    notice = soup.select_one("p.no-digest").get_text(" ", strip=True)
    assert "a digest compares outlets, and needs at least 2 of them" in notice and "Alpha News" in notice
    assert soup.select_one("#digest") is None and soup.select_one("#coverage") is None
    text = soup.select_one("#article .text").get_text(" ", strip=True)
    assert "The council approved the budget on Monday." in text and "the mayor said" in text
    quote = soup.select_one("#quotes li.quote")
    assert "We did it," in quote.get_text() and "The mayor" in soup.select_one("#quotes h3").get_text()
    assert check_links(output, "/") > 0  # the source page's marks land on the story page's sentences


def test_digest_json_is_one_compact_line_of_sorted_keys(example_site):
    """Written by the json module's C encoder (no indent): the same data, one line, keys in order."""
    body = (example_site / SLUG / "digest.json").read_bytes()
    data = json.loads(body)
    assert body == (json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n").encode()
    assert body.count(b"\n") == 1
