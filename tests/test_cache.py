"""The story cache: a build that takes stories from it is the build without it, byte for byte."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from conftest import EXAMPLE_STORY, PROJECT_DIR
from test_build import tree_digest
from test_parallel import SECOND_STORY, content  # noqa: F401  (two stories, as the workers build them)

from site_src import clean, load, pipeline, render
from site_src.cache import cache_folder
from site_src.cli import main
from site_src.pipeline import build_site
from site_src.serve import _build, _Changes, _Sources


@pytest.fixture
def templates(tmp_path) -> Path:
    folder = tmp_path / "templates"
    shutil.copytree(PROJECT_DIR / "templates", folder)
    return folder


@pytest.fixture
def merged(monkeypatch) -> list[str]:
    """The slugs of the stories merged, in order: those the cache did not give."""
    slugs: list[str] = []
    real = pipeline.build_story

    def counted(raw, templates):
        slugs.append(raw.slug)
        return real(raw, templates)

    monkeypatch.setattr(pipeline, "build_story", counted)
    return slugs


# Two story folders as read, their lines the outlets' templates are learnt from, two stories built,
# the shared pages, the index (its main bundle and the one shard of two stories), the page
# templates' code.
KEPT = {"load": 2, "lines": 2, "story": 2, "shared": 1, "index": 2, "compiled": 1}


def steps(cache: Path) -> dict[str, int]:
    """The cache's entries by step, as each entry's name begins."""
    return dict(Counter(entry.name.split("-", 1)[0] for entry in cache.iterdir()))


def counting(monkeypatch, module, name: str) -> list:
    """The calls of `module.name` from now on, each call's first argument."""
    calls: list = []
    real = getattr(module, name)

    def counted(*args, **kwargs):
        calls.append(args[0] if args else None)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def built(content: Path, templates: Path, cache: Path | None, **options) -> dict[str, bytes]:
    return build_site(content, templates, cache=cache, **options).files


def test_an_unchanged_story_is_not_merged_again_and_the_site_is_the_same(content, templates, tmp_path, merged,
                                                                             monkeypatch):
    cache = tmp_path / "cache"
    cold = built(content, templates, cache)
    assert sorted(merged) == sorted([EXAMPLE_STORY.name, SECOND_STORY.name])
    merged.clear()
    assert built(content, templates, cache) == cold
    assert merged == []

    article = next((content / SECOND_STORY.name).glob("*.md"))
    article.write_text(article.read_text() + "\nThe council will vote again in May.\n")
    merged.clear()
    read_for_templates = counting(monkeypatch, clean, "template_lines")
    warm = built(content, templates, cache)
    assert merged == [SECOND_STORY.name]
    assert [raw.slug for raw in read_for_templates] == [SECOND_STORY.name]  # the others' lines are kept
    assert warm == built(content, templates, None) and warm != cold
    assert steps(cache) == KEPT  # the story as it was, and as it was read, are gone

    story_page = templates / "story.html"
    story_page.write_text(story_page.read_text() + "<!-- edited -->\n")
    merged.clear()
    warm = built(content, templates, cache)
    assert sorted(merged) == sorted([EXAMPLE_STORY.name, SECOND_STORY.name])
    assert warm == built(content, templates, None)


def test_the_site_settings_are_part_of_what_is_kept(content, templates, tmp_path, merged):
    cache = tmp_path / "cache"
    built(content, templates, cache)
    merged.clear()
    elsewhere = built(content, templates, cache, base_url="https://digest.example.org/news/")
    assert len(merged) == 2
    assert elsewhere == built(content, templates, None, base_url="https://digest.example.org/news/")


@pytest.mark.parametrize("spoil", ["truncated", "flipped", "foreign", "empty"])
def test_a_spoilt_entry_is_built_again(content, templates, tmp_path, merged, spoil):
    cache = tmp_path / "cache"
    cold = built(content, templates, cache)
    entries = sorted(cache.glob("story-*"))
    assert len(entries) == 2
    first, second = (entry.read_bytes() for entry in entries)
    middle = len(first) // 2
    spoilt = {"truncated": first[:middle], "flipped": first[:middle] + bytes([first[middle] ^ 1]) + first[middle + 1:],
              "foreign": second, "empty": b""}[spoil]
    entries[0].write_bytes(spoilt)
    merged.clear()
    assert built(content, templates, cache) == cold
    assert len(merged) == 1
    merged.clear()
    assert built(content, templates, cache) == cold and merged == []  # built again and kept again


def test_a_folder_others_may_write_to_is_not_read(content, templates, tmp_path, merged):
    cache = tmp_path / "cache"
    cold = built(content, templates, cache)
    os.chmod(cache, 0o777)
    merged.clear()
    assert built(content, templates, cache) == cold
    assert len(merged) == 2


def test_the_command_line_keeps_its_cache_beside_the_content_and_out_of_the_output(content, tmp_path, capsys):
    cold, warm = tmp_path / "cold", tmp_path / "warm"
    assert main(["build", "--content", str(content), "--output", str(cold), "--quiet", "--no-cache"]) == 0
    assert not (tmp_path / ".cache").exists()
    assert main(["build", "--content", str(content), "--output", str(warm), "--quiet"]) == 0
    assert main(["build", "--content", str(content), "--output", str(warm), "--quiet"]) == 0
    assert steps(cache_folder(content)) == KEPT
    assert cache_folder(content) == tmp_path / ".cache" / "story-digest"
    assert tree_digest(warm) == tree_digest(cold)
    assert not any(".cache" in path for path in tree_digest(warm))


def test_no_cache_inside_the_output_folder(content, tmp_path):
    """The output folder holds the site alone, so a cache folder inside it is not kept."""
    cold, output = tmp_path / "cold", tmp_path / ".cache"
    assert main(["build", "--content", str(content), "--output", str(cold), "--quiet", "--no-cache"]) == 0
    assert main(["build", "--content", str(content), "--output", str(output), "--quiet"]) == 0
    assert tree_digest(output) == tree_digest(cold)


def test_the_preview_starts_from_the_stories_kept(content, templates, tmp_path, merged):
    """serve's whole-site builds (its first, and after an edit of a template) take them too."""
    sources = _Sources(content, tmp_path / "output", templates, None, False, cache=tmp_path / "cache")
    first, _ = _build(None, _Changes(everything=True), sources)
    merged.clear()
    again, _ = _build(None, _Changes(everything=True), sources)
    assert merged == [] and again.files == first.files


def test_a_warm_build_reads_no_story_renders_no_shared_page_and_runs_no_pagefind(content, templates, tmp_path,
                                                                                  monkeypatch):
    cache = tmp_path / "cache"
    cold = built(content, templates, cache)
    loads = counting(monkeypatch, load, "load_story")
    shared = counting(monkeypatch, render, "render_shared_pages")
    indexed = counting(monkeypatch, pipeline, "search_index")
    assert built(content, templates, cache) == cold
    assert (loads, shared, indexed) == ([], [], [])

    article = next((content / SECOND_STORY.name).glob("*.md"))
    article.write_text(article.read_text() + "\nThe council will vote again in May.\n")
    warm = built(content, templates, cache)
    assert [folder.name for folder in loads] == [SECOND_STORY.name]
    assert len(shared) == 1
    # The edited story's shard is indexed again, and the main bundle, since the pages that list
    # every story changed with it.
    assert sorted(f"{SECOND_STORY.name}/index.html" in pages for pages in indexed) == [False, True]
    assert warm == built(content, templates, None)


def test_a_warm_build_opens_no_story_until_one_is_read(content, templates, tmp_path, monkeypatch):
    """The stories stay pickled in their entries: a build that takes every page from the cache
    needs none of them, and one read later is the story a cold build made, opened once."""
    cache = tmp_path / "cache"
    cold = build_site(content, templates, cache=cache)
    opened = counting(monkeypatch, pipeline, "_opened")
    warm = build_site(content, templates, cache=cache)
    assert warm.files == cold.files and opened == []
    assert [raw.slug for raw in warm.sources] == [story.slug for story in cold.site.stories]
    assert warm.site == cold.site and warm.site is warm.site and len(opened) == 1


def test_a_story_merged_here_is_pickled_only_to_be_filed(content, templates, tmp_path, monkeypatch):
    """A story merged in this process is read as it is: without a cache it is never pickled, with
    one it is pickled once, for its entry; the site is the same either way."""
    from site_src.model import Story

    pickled = []
    real = pipeline.pickle.dumps
    monkeypatch.setattr(pipeline.pickle, "dumps", lambda value, *a, **k: (
        isinstance(value, Story) and pickled.append(value.slug)) or real(value, *a, **k))
    alone = build_site(content, templates)
    assert alone.site.stories and pickled == []
    filed = build_site(content, templates, cache=tmp_path / "cache")
    assert sorted(pickled) == sorted([EXAMPLE_STORY.name, SECOND_STORY.name])
    assert filed.files == alone.files and filed.site == alone.site


def test_an_index_is_kept_by_the_pages_it_reads_alone(content, templates, tmp_path, monkeypatch):
    """Under another base path only the 404 page, which Pagefind does not read, changes: every
    story is built again, and the index is the last build's."""
    cache = tmp_path / "cache"
    first = built(content, templates, cache)
    indexed = counting(monkeypatch, pipeline, "search_index")
    elsewhere = built(content, templates, cache, base_url="/elsewhere/")
    assert indexed == [] and elsewhere != first
    assert elsewhere == built(content, templates, None, base_url="/elsewhere/")
    assert len(indexed) == 2  # the build without a cache made both of its bundles


def test_an_edit_while_the_folder_is_read_is_not_kept(content, templates, tmp_path, monkeypatch):
    """The entry would be filed under the folder's bytes before the edit, holding those after it."""
    cache = tmp_path / "cache"
    article = next((content / SECOND_STORY.name).glob("*.md"))
    real = load.load_story

    def edited_meanwhile(story_dir, *args, **kwargs):
        story = real(story_dir, *args, **kwargs)
        if story_dir.name == SECOND_STORY.name:
            article.write_text(article.read_text() + "\nThe council will vote again in May.\n")
        return story

    original = article.read_text()
    monkeypatch.setattr(load, "load_story", edited_meanwhile)
    built(content, templates, cache)
    monkeypatch.setattr(load, "load_story", real)
    article.write_text(original)  # the folder's bytes are again those the entry would be named by
    loads = counting(monkeypatch, load, "load_story")
    warm = built(content, templates, cache)
    assert [folder.name for folder in loads] == [SECOND_STORY.name]
    assert warm == built(content, templates, None)


def test_a_story_read_again_brings_its_warnings_again(content, templates, tmp_path):
    (content / SECOND_STORY.name / "notes.pdf").write_bytes(b"%PDF")
    cache = tmp_path / "cache"
    cold = build_site(content, templates, cache=cache).warnings
    warm = build_site(content, templates, cache=cache).warnings
    assert any("notes.pdf" in str(warning) for warning in cold) and warm == cold


def test_a_warm_build_imports_no_stage_nor_the_web_page_reader(content, tmp_path):
    """scipy, numpy (align), trafilatura (a saved page's text), Jinja (render) and regex (clean)
    cost a warm build most of its time to import."""
    shutil.copy(PROJECT_DIR / "tests" / "fixtures" / "pages" / "valley-post.html", content / SECOND_STORY.name)
    output = tmp_path / "output"
    assert main(["build", "--content", str(content), "--output", str(output), "--quiet"]) == 0
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys; from site_src.cli import main; "
         f"main(['build', '--content', {str(content)!r}, '--output', {str(output)!r}, '--quiet']); "
         "print(sorted({'scipy', 'numpy', 'trafilatura', 'bs4', 'jinja2', 'regex', 'site_src.align'} & set(sys.modules)))"],
        cwd=PROJECT_DIR, capture_output=True, text=True, check=True)
    assert loaded.stdout == "[]\n", loaded.stderr


def test_a_new_process_takes_the_templates_code_from_the_cache(content, templates, tmp_path, monkeypatch):
    """Compiling the page templates costs a rebuild of one story more than rendering its pages."""
    from jinja2 import Environment

    cache = tmp_path / "cache"
    built(content, templates, cache)
    article = next((content / SECOND_STORY.name).glob("*.md"))
    article.write_text(article.read_text() + "\nThe council will vote again in May.\n")
    pipeline._kept_environment.cache_clear()  # as in the next build's own process
    compiled = counting(monkeypatch, Environment, "compile")
    warm = built(content, templates, cache)
    assert compiled == [] and warm == built(content, templates, None)

    story_page = templates / "story.html"
    story_page.write_text(story_page.read_text() + "<!-- edited -->\n")
    pipeline._kept_environment.cache_clear()
    compiled.clear()
    assert built(content, templates, cache) == built(content, templates, None)
    assert compiled  # the edited template, compiled again


def test_the_shared_pages_are_kept_by_the_settings_too_with_no_story_published(content, templates, tmp_path):
    for story in content.glob("*/story.md"):
        story.write_text(story.read_text().replace("---\n", "---\ndraft: true\n", 1))
    cache = tmp_path / "cache"
    built(content, templates, cache)
    elsewhere = built(content, templates, cache, base_url="https://digest.example.org/news/")
    assert elsewhere == built(content, templates, None, base_url="https://digest.example.org/news/")


def test_an_edited_story_reads_again_only_its_saved_pages_that_changed(content, templates, tmp_path, monkeypatch):
    """A saved web page costs trafilatura a tenth of a second, and its import a third more."""
    from site_src import html_article

    shutil.copy(PROJECT_DIR / "tests" / "fixtures" / "pages" / "valley-post.html", content / SECOND_STORY.name)
    cache = tmp_path / "cache"
    built(content, templates, cache)
    article = next((content / SECOND_STORY.name).glob("*.md"))
    article.write_text(article.read_text() + "\nThe council will vote again in May.\n")
    pages = counting(monkeypatch, html_article, "extract_html_article")
    warm = built(content, templates, cache)
    assert pages == [] and warm == built(content, templates, None)
    assert len(pages) == 1  # the build without a cache read it

    built(content, templates, cache)  # the story taken as read: its page's reading is kept with it
    story = content / SECOND_STORY.name / "story.md"
    story.write_text(story.read_text() + "\nAn introduction edited twice.\n")
    pages.clear()
    built(content, templates, cache)
    assert pages == []
