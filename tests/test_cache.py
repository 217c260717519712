"""The story cache: a build that takes stories from it is the build without it, byte for byte."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLE_STORY, PROJECT_DIR
from test_build import tree_digest
from test_parallel import SECOND_STORY, content  # noqa: F401  (two stories, as the workers build them)

from site_src import pipeline
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


def built(content: Path, templates: Path, cache: Path | None, **options) -> dict[str, bytes]:
    return build_site(content, templates, cache=cache, **options).files


def test_an_unchanged_story_is_not_merged_again_and_the_site_is_the_same(content, templates, tmp_path, merged):
    cache = tmp_path / "cache"
    cold = built(content, templates, cache)
    assert sorted(merged) == sorted([EXAMPLE_STORY.name, SECOND_STORY.name])
    merged.clear()
    assert built(content, templates, cache) == cold
    assert merged == []

    article = next((content / SECOND_STORY.name).glob("*.md"))
    article.write_text(article.read_text() + "\nThe council will vote again in May.\n")
    merged.clear()
    warm = built(content, templates, cache)
    assert merged == [SECOND_STORY.name]
    assert warm == built(content, templates, None) and warm != cold
    assert len(list(cache.iterdir())) == 2  # the story as it was is gone

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
    entries = sorted(cache.iterdir())
    assert len(entries) == 2
    first, second = (entry.read_bytes() for entry in entries)
    middle = len(first) // 2
    spoilt = {"truncated": first[:middle], "flipped": first[:middle] + bytes([first[middle] ^ 1]) + first[middle + 1:],
              "foreign": second, "empty": b""}[spoil]
    entries[0].write_bytes(spoilt)
    merged.clear()
    assert built(content, templates, cache) == cold
    assert len(merged) == 1
    assert entries[0].read_bytes() == first  # built again and kept again


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
    assert len(list(cache_folder(content).iterdir())) == 2
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
