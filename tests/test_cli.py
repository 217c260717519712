"""What the command line shows: the same site and the same names however it is called."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLE_CONTENT, PROJECT_DIR

from site_src.cli import TEMPLATES_DIR, main
from site_src.load import SLUG
from site_src.model import Site, SiteConfig
from site_src.pipeline import build_site
from site_src.render import RESERVED_SLUGS, render_shared_pages, template_environment


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_the_site_is_the_same_however_the_content_folder_is_spelled(make_content, tmp_path, monkeypatch):
    """Pages and digest.json show each article's file: never through the path typed to reach it."""
    content = make_content()
    for cwd, spelling, output in ((tmp_path, "content", "root"), (content, ".", "inside"),
                                  (content / "story-one", "..", "below")):
        monkeypatch.chdir(cwd)
        assert main(["--content", spelling, "--output", str(tmp_path / output), "--quiet"]) == 0
    root = tree(tmp_path / "root")
    assert b"content/story-one/1-alpha.md" in root["story-one/digest.json"]
    assert tree(tmp_path / "inside") == root and tree(tmp_path / "below") == root


# An ASCII terminal: under the C locale Python 3.7+ turns on its UTF-8 mode by itself, so
# PYTHONUTF8=0 stands for a system (or a user) that keeps the locale's own ASCII.
LOCALES = {"utf-8": {"LC_ALL": "C.UTF-8"}, "C": {"LC_ALL": "C", "LANG": "C"},
           "ascii": {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0"}}


def test_a_file_name_beyond_ascii_builds_the_same_site_under_any_locale(make_content, tmp_path):
    content = make_content({"story-one/3-café.txt": "The council approved the budget on Monday.\n"})
    sites = {}
    for name, locale in LOCALES.items():
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("LC_", "LANG")) and k not in ("PYTHONIOENCODING", "PYTHONUTF8")}
        result = subprocess.run([sys.executable, str(PROJECT_DIR / "build.py"), "--content", str(content),
                                 "--output", str(tmp_path / name), "--verbose"], capture_output=True,
                                env={**env, **locale}, timeout=120)
        assert result.returncode == 0 and b"Traceback" not in result.stderr, result.stderr
        assert re.search(rb"3-caf(\xc3\xa9|\\xe9)\.txt: \[C\] Caf(\xc3\xa9|\\xe9):", result.stdout), result.stdout
        sites[name] = tree(tmp_path / name)
    assert "Café".encode() in sites["utf-8"]["story-one/sources/C.html"]
    assert sites["C"] == sites["utf-8"] and sites["ascii"] == sites["utf-8"]


@pytest.mark.parametrize("slug", ["quotes", "static", "cname", "my-story", "x" * 80, "x" * 81, "Upper", "a_b", "-x"])
def test_new_accepts_exactly_the_story_names_the_build_accepts(make_content, tmp_path, capsys, slug):
    content = make_content()
    accepted_by_new = main(["new", "--content", str(content), "--quiet", "--", slug]) == 0
    shutil.rmtree(content / slug, ignore_errors=True)
    shutil.copytree(content / "story-one", content / slug)
    accepted_by_build = main(["--content", str(content), "--output", str(tmp_path / "output"), "--quiet"]) == 0
    assert accepted_by_new == accepted_by_build, capsys.readouterr().err


def test_every_name_the_site_takes_at_its_top_is_reserved():
    """With an absolute address and a story, so the feed and the sitemap are among them."""
    config = SiteConfig(title="t", cname="digest.example.org", base_url="https://digest.example.org/")
    built = build_site(EXAMPLE_CONTENT, TEMPLATES_DIR)
    shared = render_shared_pages(Site(config=config, stories=built.site.stories), template_environment(TEMPLATES_DIR),
                                 TEMPLATES_DIR)
    top = {path.split("/", 1)[0].casefold() for path in (*shared, *built.files)} - {built.site.stories[0].slug}
    assert {"feed.xml", "sitemap.xml", "robots.txt", "outlets"} <= top
    assert {name for name in top if SLUG.match(name)} == RESERVED_SLUGS


def test_names_the_cli_prints_never_carry_control_characters(make_content, tmp_path, capsys):
    """A file name is content: its ESC or CR must not drive the terminal, whichever line shows it."""
    content = make_content({"story-one/3-\x1b[2Jred\rnews.txt": "The council approved the budget on Monday.\n"})
    hostile = content.rename(tmp_path / "con\x1b]0;tent")
    assert main(["build", "--content", str(hostile), "--output", str(tmp_path / "out\x1b[31m"), "-v"]) == 0
    assert main(["check", "--content", str(hostile)]) == 0
    assert main(["new", "story-two", "--content", str(hostile)]) == 0
    printed = capsys.readouterr()
    assert "\x1b" not in printed.out + printed.err and "\r" not in printed.out + printed.err
    assert "story-one/3-\\x1b[2Jred\\rnews.txt: [C] \\x1b[2jred News:" in printed.out
    assert "out\\x1b[31m/" in printed.out and "con\\x1b]0;tent/ is fine" in printed.out
    assert "con\\x1b]0;tent/story-two/story.md" in printed.out


DRAFT = {"story-two/story.md": "---\ntitle: Work in progress\ndate: 2026-01-03\ndraft: true\n---\n",
         "story-two/1-alpha.md": "---\noutlet: Alpha News\n---\nThe vote was close on Tuesday.\n",
         "story-two/2-beta.md": "---\noutlet: [half written\n"}  # a draft's articles are not read


def test_a_draft_is_left_out_and_drafts_shows_it(make_content, tmp_path, capsys):
    content = make_content(DRAFT)
    assert main(["--content", str(content), "--output", str(tmp_path / "out")]) == 0
    printed = capsys.readouterr()
    assert "Left out 1 draft: story-two (--drafts shows them)." in printed.out and printed.err == ""
    assert not (tmp_path / "out" / "story-two").exists()
    assert b"Work in progress" not in (tmp_path / "out" / "index.html").read_bytes()
    assert main(["check", "--content", str(content)]) == 0
    assert "Left out 1 draft: story-two" in capsys.readouterr().out

    assert main(["--content", str(content), "--output", str(tmp_path / "out"), "--drafts"]) == 1
    assert "story-two/2-beta.md:1: error: front matter opened with `---` is never closed" in capsys.readouterr().err
    (content / "story-two" / "2-beta.md").write_text("---\noutlet: Beta Daily\n---\nThe vote was close.\n")
    assert main(["--content", str(content), "--output", str(tmp_path / "out"), "--drafts", "--quiet"]) == 0
    assert b"Work in progress" in (tmp_path / "out" / "story-two" / "index.html").read_bytes()
    assert b"Work in progress" in (tmp_path / "out" / "index.html").read_bytes()


def test_serve_drafts_previews_them_and_follows_an_edit_to_draft(make_content, tmp_path):
    from site_src.serve import _Changes, _rebuild, _Sources

    content = make_content({**DRAFT, "story-two/2-beta.md": "---\noutlet: Beta Daily\n---\nThe vote was close.\n"})
    published = _Sources(content, tmp_path / "published", TEMPLATES_DIR, None, False)
    preview = _Sources(content, tmp_path / "preview", TEMPLATES_DIR, None, False, drafts=True)
    assert "story-two/index.html" not in _rebuild(None, _Changes(everything=True), published).built.files
    first = _rebuild(None, _Changes(everything=True), preview).built
    assert "story-two/index.html" in first.files
    (content / "story-one" / "story.md").write_text("---\ntitle: A story\ndate: 2026-01-02\ndraft: true\n---\n")
    edited = _rebuild(first, _Changes(stories=frozenset({"story-one"})), preview).built
    assert "story-one/index.html" in edited.files  # still shown: drafts are previewed
    after = _rebuild(_rebuild(None, _Changes(everything=True), published).built,
                     _Changes(stories=frozenset({"story-one"})), published).built
    assert not any(path.startswith(("story-one/", "story-two/")) for path in after.files)
    assert after.drafts == ("story-one", "story-two")
    assert b"A story" not in after.files["index.html"]


def test_an_empty_draft_warns_only_when_drafts_are_built(make_content, tmp_path, capsys):
    content = make_content({"story-two/story.md": "---\ntitle: B\ndate: 2026-01-03\ndraft: true\n---\n"})
    assert main(["check", "--content", str(content)]) == 0
    printed = capsys.readouterr()
    assert printed.err == "" and "Left out 1 draft: story-two" in printed.out
    assert main(["check", "--drafts", "--content", str(content)]) == 0
    printed = capsys.readouterr()
    assert "content/story-two: warning: no articles yet" in printed.err and "Left out" not in printed.out


def test_the_command_line_collects_garbage_seldom():
    """A build's millions of small objects hold almost no cycles: the collector's default pass every
    700 new objects cost a long article a sixth of its build."""
    import gc
    from site_src.cli import GC_NEW_OBJECTS
    before = gc.get_threshold()
    try:
        gc.set_threshold(700, *before[1:])
        assert main(["settings"]) == 0
        assert gc.get_threshold() == (GC_NEW_OBJECTS, *before[1:])
    finally:
        gc.set_threshold(*before)
