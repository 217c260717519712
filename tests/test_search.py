"""The search index: Pagefind's files join the site's (in the manifest, swapped in with the rest),
index the stories, the quote index and the outlets page, come out the same from the same pages,
and the site is whole without them: `search: false`, or Pagefind missing, leaves no search box.

Tests that run Pagefind skip where it is not installed (`pip install pagefind-bin`).
"""

from __future__ import annotations

import json
import math
import re
import shutil

import pytest
from conftest import EXAMPLE_CONTENT, VALID_TREE, write_tree

import site_src.load
import site_src.search
from site_src import pipeline
from site_src.cli import TEMPLATES_DIR, main
from site_src.pipeline import build_site, rebuild_stories
from site_src.search import INDEX_DIR, SHARDS_LIST, STORIES_PER_SHARD, bundles_of, pagefind_binary, search_index
from site_src.write import MANIFEST

NEEDS_PAGEFIND = pytest.mark.skipif(pagefind_binary() is None, reason="needs Pagefind (pip install pagefind-bin)")
SEARCHED = ("us-cable-ai-distillation/index.html", "quotes/index.html", "outlets/index.html")
REPEATS = 4  # Pagefind's maps are seeded afresh each run: an order they leak shows within a few


@pytest.fixture(scope="module")
def example_build():
    return build_site(EXAMPLE_CONTENT, TEMPLATES_DIR)


def index_files(files: dict[str, bytes]) -> dict[str, bytes]:
    return {path: data for path, data in files.items() if path.startswith(f"{INDEX_DIR}/")}


@NEEDS_PAGEFIND
def test_the_index_covers_the_pages_marked_for_it_and_is_listed_in_the_manifest(example_build, tmp_path):
    index = index_files(example_build.files)
    marked = [path for path, data in example_build.files.items()
              if path.endswith(".html") and b"<main id=\"main\" data-pagefind-body>" in data]
    assert sorted(marked) == sorted(SEARCHED)
    # The pages that list every story are the main bundle's; the story's page is in a shard.
    shards = json.loads(index[f"{INDEX_DIR}/{SHARDS_LIST}"])
    assert shards == ["shards/0/"]
    assert page_count(index, f"{INDEX_DIR}/") == 2 and page_count(index, f"{INDEX_DIR}/shards/0/") == 1
    assert f"{INDEX_DIR}/pagefind-ui.js" in index
    assert not any(path.startswith(f"{INDEX_DIR}/shards/0/") and path.endswith((".js", ".css", ".pagefind"))
                   for path in index)  # the main bundle's interface and stemmer search the shards too

    assert main(["--content", str(EXAMPLE_CONTENT), "--output", str(tmp_path / "output"), "--quiet"]) == 0
    listed = json.loads((tmp_path / "output" / MANIFEST).read_text())["files"]
    assert set(index) <= set(listed)
    assert all((tmp_path / "output" / path).read_bytes() == data for path, data in index.items())


def page_count(index: dict[str, bytes], folder: str) -> int:
    return json.loads(index[f"{folder}pagefind-entry.json"])["languages"]["en"]["page_count"]


@NEEDS_PAGEFIND
def test_the_same_pages_give_the_same_index(example_build):
    """Pagefind writes its filter and metadata maps in a different order each run (they are hash
    maps), so the pages use none of its filters: every file must come out the same."""
    pages = {path: data for path, data in example_build.files.items() if path == "quotes/index.html"}
    first = search_index(pages, "en", pagefind_binary())
    for _ in range(REPEATS):
        assert search_index(pages, "en", pagefind_binary()) == first
    assert build_site(EXAMPLE_CONTENT, TEMPLATES_DIR).files == example_build.files


def test_the_stories_are_shared_out_among_a_power_of_two_of_shards_that_grows_with_them():
    """A story stays in its shard while the site grows, until the number of shards doubles, and
    the pages that list every story stay in the main bundle."""
    def bundles(count: int) -> dict[str, dict[str, bytes]]:
        pages = {f"story-{n}/index.html": b"" for n in range(count)}
        pages.update({"quotes/index.html": b"", "outlets/index.html": b""})
        return bundles_of(pages, frozenset(f"story-{n}" for n in range(count)))

    def shard_of(found: dict[str, dict[str, bytes]]) -> dict[str, str]:
        return {page: name for name, pages in found.items() if name for page in pages}

    for count in (1, STORIES_PER_SHARD, 10 * STORIES_PER_SHARD):
        found = bundles(count)
        assert set(found[""]) == {"quotes/index.html", "outlets/index.html"}
        assert sum(len(pages) for name, pages in found.items() if name) == count
        shards = 1 << max(0, math.ceil(math.log2(count / STORIES_PER_SHARD)))
        assert {int(name.split("/")[1]) for name in found if name} <= set(range(shards))
    grown, fewer = shard_of(bundles(10 * STORIES_PER_SHARD + 1)), shard_of(bundles(10 * STORIES_PER_SHARD))
    assert all(grown[page] == name for page, name in fewer.items())
    assert len(set(shard_of(bundles(10 * STORIES_PER_SHARD)).values())) > 8


@NEEDS_PAGEFIND
def test_an_edited_story_is_indexed_again_in_its_shard_alone(make_content, tmp_path, monkeypatch):
    """One shard a story: an edit re-runs Pagefind on that story's page and on the pages that list
    every story, not on the other stories'; and the index is the one a fresh build gives."""
    monkeypatch.setattr(site_src.search, "STORIES_PER_SHARD", 1)
    content = make_content()
    shutil.copytree(content / "story-one", content / "story-four")  # "story-four" hashes to the other shard
    before = build_site(content, TEMPLATES_DIR)
    assert len(json.loads(before.files[f"{INDEX_DIR}/{SHARDS_LIST}"])) == 2
    indexed = []
    real = pipeline.search_index
    monkeypatch.setattr(pipeline, "search_index", lambda pages, *a, **k: indexed.append(set(pages)) or real(pages, *a, **k))
    write_tree(content, {"story-four/2-beta.md": "---\noutlet: Beta Daily\n---\n"
                                                "On Monday the council approved the zucchini budget.\n"})
    rebuilt = rebuild_stories(before, frozenset({"story-four"}), content, TEMPLATES_DIR)
    assert sorted(map(sorted, indexed)) == [["outlets/index.html", "quotes/index.html"], ["story-four/index.html"]]
    assert index_files(rebuilt.files) == index_files(build_site(content, TEMPLATES_DIR).files)
    assert index_files(rebuilt.files) != index_files(before.files)


def test_every_page_offers_search_only_with_an_index(example_build, tmp_path):
    pages = [data.decode() for path, data in example_build.files.items() if path.endswith(".html")]
    assert all('class="site-search"' in page and "static/search.js" in page for page in pages)

    content = tmp_path / "content"
    shutil.copytree(EXAMPLE_CONTENT, content)
    (content / "site.yml").write_text((content / "site.yml").read_text() + "search: false\n")
    built = build_site(content, TEMPLATES_DIR)
    assert index_files(built.files) == {} and built.warnings == ()
    assert not any(b"site-search" in data or b"search.js" in data for path, data in built.files.items()
                   if path.endswith(".html"))


def test_without_pagefind_the_site_is_built_without_search_and_says_so(make_content, tmp_path, capsys,
                                                                       monkeypatch):
    monkeypatch.setattr(site_src.load, "pagefind_binary", lambda: None)
    content = make_content()
    assert main(["--content", str(content), "--output", str(tmp_path / "output"), "--quiet"]) == 0
    assert "content/site.yml:1: warning: Pagefind is not installed" in capsys.readouterr().err
    assert not (tmp_path / "output" / INDEX_DIR).exists()
    assert "site-search" not in (tmp_path / "output" / "story-one" / "index.html").read_text()
    assert main(["--content", str(content), "--output", str(tmp_path / "output"), "--strict"]) == 1


@NEEDS_PAGEFIND
def test_a_rebuild_after_an_edit_indexes_the_edited_story(tmp_path):
    content = write_tree(tmp_path / "content", VALID_TREE)
    before = build_site(content, TEMPLATES_DIR)
    write_tree(content, {"story-one/2-beta.md": "---\noutlet: Beta Daily\n---\n"
                                                "On Monday the council approved the zucchini budget.\n"})
    rebuilt = rebuild_stories(before, frozenset({"story-one"}), content, TEMPLATES_DIR)
    assert index_files(rebuilt.files) == index_files(build_site(content, TEMPLATES_DIR).files)
    assert index_files(rebuilt.files) != index_files(before.files)


def test_no_story_can_take_the_index_folder(make_content, tmp_path, capsys):
    content = make_content()
    shutil.copytree(content / "story-one", content / INDEX_DIR)
    assert main(["--content", str(content), "--output", str(tmp_path / "output"), "--quiet"]) == 1
    assert "the site's own files take the names" in capsys.readouterr().err


def test_the_source_links_are_not_indexed_as_words(example_build):
    """"paragraph 4" after a fact tells a searcher nothing and costs the index its size: each such
    link, on every indexed page, is left out of it."""
    from bs4 import BeautifulSoup

    links = []
    for path in SEARCHED:
        page = BeautifulSoup(example_build.files[path], "html.parser")
        links += [a for a in page.find_all("a") if re.fullmatch(r"paragraphs? [\d, and]+", a.get_text())]
    assert links
    ignored = {id(a) for a in links if a.has_attr("data-pagefind-ignore")
               or any(parent.has_attr("data-pagefind-ignore") for parent in a.parents)}
    assert [str(a) for a in links if id(a) not in ignored] == []
