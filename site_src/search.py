"""Stage, index: the site's search index, made by Pagefind from the rendered pages.

Pagefind reads the pages whose body is marked `data-pagefind-body` (the stories, the quote
index, the outlets page) and writes a static index that the pages' search box reads in the
browser, from the site itself: nothing is fetched from anywhere else, at build time or after.
The index is returned as more of the site's files, so write lists it in the manifest and swaps
it in with the rest, and the preview serves it like any page.

Pagefind is a program (`pagefind_bin`, from PyPI); where it is missing the site is built without
search, and the pages show no search box.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from pathlib import Path

from .write import safe_parts

INDEX_DIR = "pagefind"  # where the index lives in the site, beside static/
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


def search_index(files: dict[str, bytes], language: str, binary: Path) -> dict[str, bytes]:
    """The index of the rendered pages in `files`, in the site's `language`, as files under `pagefind/`.

    Pagefind reads a folder, so the pages are copied into a private one first; it runs there,
    with no configuration file and no PAGEFIND_ setting from around it, so that only the pages
    decide the index, and two builds of the same pages give the same bytes.
    """
    with tempfile.TemporaryDirectory() as folder:
        site, index = Path(folder) / "site", Path(folder) / "index"
        for rel, data in indexed_pages(files).items():
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
        return {f"{INDEX_DIR}/{path.relative_to(index).as_posix()}": path.read_bytes()
                for path in sorted(index.rglob("*")) if path.is_file()}
