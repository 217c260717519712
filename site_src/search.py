"""Stage, index: the site's search index, made by Pagefind from the rendered pages.

Pagefind reads the pages whose body is marked `data-pagefind-body` (the stories, the quote
index, the outlets page) and writes a static index that the pages' search box reads in the
browser, from the site itself: nothing is fetched from anywhere else, at build time or after.
The index is returned as more of the site's files, so write lists it in the manifest and swaps
it in with the rest, and the preview serves it like any page.

Pagefind cannot add one page to an index: it reads every page again (about 15 ms a story page).
So the stories' pages are indexed in shards, a few stories each, beside the main index of the
pages that list every story; a changed story costs its shard and the main index, not the site.
The search box merges the shards listed in `shards.json` into the main index in the browser.

Pagefind is a program (`pagefind_bin`, from PyPI); where it is missing the site is built without
search, and the pages show no search box.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import tempfile
from pathlib import Path

from .write import safe_parts

INDEX_DIR = "pagefind"  # where the index lives in the site, beside static/
SHARDS_DIR = "shards"  # ... and the stories' shards, under it
SHARDS_LIST = "shards.json"  # the shards, for the search box to merge
# Story pages a shard holds on average: a changed story re-indexes this many (~15 ms each), and a
# search reads one more small index per shard (100 stories: 16 shards).
STORIES_PER_SHARD = 8
# What a shard keeps of Pagefind's bundle: its index alone (the main bundle's interface and word
# stemmer, the wasm, search it).
SHARD_FILES = re.compile(r"pagefind-entry\.json|[^/]+\.pf_meta|(?:index|fragment|filter)/.+")
# A page marks its body for search (the others Pagefind would skip, so only these are copied for it).
INDEXED = b"data-pagefind-body"
# Pagefind indexes thousands of pages in seconds; one that hangs must not hang the build.
TIMEOUT_S = 300
# A language tag's first part (`pt` of `pt-BR`) names Pagefind's word stemmer and its index file;
# Pagefind takes it from the pages' `lang` unless told, and fails on one that is not a tag.
PRIMARY_LANGUAGE = re.compile(r"([a-z]{2,3})(?:-[a-z0-9]{1,8})*", re.IGNORECASE)
UNKNOWN_LANGUAGE = "unknown"  # Pagefind's own name for text it stems by no language's rules
MISSING_PAGEFIND = ("Pagefind is not installed, so the site is built without its search box; "
           "`pip install pagefind-bin` adds it, and `search: false` leaves search out without this warning")


def pagefind_binary() -> Path | None:
    """The Pagefind program the `pagefind-bin` package ships, or None where it is missing."""
    try:
        from pagefind_bin import get_executable
        return get_executable()
    except (ImportError, OSError):
        return None


def indexed_pages(files: dict[str, bytes]) -> dict[str, bytes]:
    """The pages of `files` Pagefind reads, by path: they alone decide the index."""
    return {rel: data for rel, data in files.items() if rel.endswith(".html") and INDEXED in data}


def bundles_of(pages: dict[str, bytes], stories: frozenset[str]) -> dict[str, dict[str, bytes]]:
    """The indexed `pages` by the bundle that indexes them, named by its folder under INDEX_DIR:
    the main one ("") those outside the `stories`' folders, each story's a shard of a power of
    two of them, chosen by a hash of its folder's name, so that a story added moves no other
    until their number doubles. A site without such pages has one bundle."""
    main: dict[str, bytes] = {}
    by_story: dict[str, dict[str, bytes]] = {}
    for rel, data in pages.items():
        folder = rel.split("/", 1)[0]
        (by_story.setdefault(folder, {}) if folder in stories and "/" in rel else main)[rel] = data
    if not main:
        return {"": dict(pages)} if pages else {}
    count = 1
    while count * STORIES_PER_SHARD < len(by_story):
        count *= 2
    bundles = {"": main}
    for folder in sorted(by_story):
        shard = int.from_bytes(hashlib.sha256(folder.encode("utf-8", "surrogatepass")).digest()[:8], "big") % count
        bundles.setdefault(f"{SHARDS_DIR}/{shard}", {}).update(by_story[folder])
    return bundles


def shards_list(bundles) -> bytes:
    """`shards.json`: each shard's folder, relative to the main bundle's."""
    shards = sorted((name for name in bundles if name), key=lambda name: int(name.rsplit("/", 1)[1]))
    return json.dumps([f"{name}/" for name in shards]).encode()


def bundle_folder(name: str) -> str:
    return f"{INDEX_DIR}/{name}/" if name else f"{INDEX_DIR}/"


def search_index(pages: dict[str, bytes], language: str, binary: Path, main: bool = True) -> dict[str, bytes]:
    """The index of `pages` (rendered pages by path) in the site's `language`: Pagefind's bundle by
    path within it, whole when `main`, else a shard's index alone (SHARD_FILES).

    Pagefind reads a folder, so the pages are copied into a private one first; it runs there,
    with no configuration file and no PAGEFIND_ setting from around it, so that only the pages
    decide the index, and two builds of the same pages give the same bytes.
    """
    with tempfile.TemporaryDirectory() as folder:
        site, index = Path(folder) / "site", Path(folder) / "index"
        for rel, data in pages.items():
            target = site.joinpath(*safe_parts(rel))
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        environment = {name: value for name, value in os.environ.items() if not name.startswith("PAGEFIND_")}
        tag = PRIMARY_LANGUAGE.fullmatch(language)
        run = subprocess.run([str(binary), "--site", str(site), "--output-path", str(index), "--silent",
                              "--force-language", tag.group(1).lower() if tag else UNKNOWN_LANGUAGE],
                             cwd=folder, env=environment, stdin=subprocess.DEVNULL, capture_output=True,
                             timeout=TIMEOUT_S)
        if run.returncode != 0:
            said = (run.stderr or run.stdout).decode("utf-8", "replace").strip()
            raise RuntimeError(f"Pagefind could not index the site (exit {run.returncode}): {said}")
        return {rel: path.read_bytes() for path in sorted(index.rglob("*")) if path.is_file()
                for rel in [path.relative_to(index).as_posix()] if main or SHARD_FILES.fullmatch(rel)}
