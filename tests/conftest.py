"""Shared fixtures: small content trees written into tmp_path, and the example story."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests are deterministic by default: the same examples on every run and every machine,
# none replayed from a local database, so the suite is green or red by the code alone. A long
# exploratory run with fresh random examples is `python3 -m pytest --hypothesis-profile=explore`;
# a failure it finds is kept as an explicit @example() of its test. Neither has a per-example
# deadline: a test is red for what the code does, never for how busy the machine was (speed is
# measured in bench/).
settings.register_profile("deterministic", derandomize=True, database=None, print_blob=True, deadline=None)
settings.register_profile("explore", max_examples=2000, derandomize=False, database=None, print_blob=True,
                          deadline=None)
settings.load_profile("deterministic")
DEFAULT_EXAMPLES = 100  # hypothesis's own default, the base that examples() scales from


def examples(count: int) -> int:
    """A test's number of examples, scaled by the chosen profile (×20 under `explore`)."""
    return count * settings.default.max_examples // DEFAULT_EXAMPLES

PROJECT_DIR = Path(__file__).resolve().parent.parent
EXAMPLE_CONTENT = PROJECT_DIR / "content"
EXAMPLE_STORY = EXAMPLE_CONTENT / "us-cable-ai-distillation"
SHARED_CORPUS = PROJECT_DIR.parent / "shared" / "corpus"

# The scripts a page may hold: the site's own files in static/, loaded by address (relative, or from
# the base URL's path on the 404 page), with no code inline.
OWN_SCRIPT = re.compile(r'<script src="(?:(?:\.\./)*|/(?:[^"<>]*/)?)static/(?:story|search)\.js"></script>')


def without_own_script(html: str) -> str:
    """A page as the checks for scripts from content see it: the site's own script taken out."""
    return OWN_SCRIPT.sub("", html)

VALID_TREE = {
    "site.yml": "title: Test digests\nbase_url: /\n",
    "story-one/story.md": "---\ntitle: A story\ndate: 2026-01-02\n---\nThe editor's *introduction*.\n",
    "story-one/1-alpha.md": "---\noutlet: Alpha News\ntitle: Alpha's take\n---\n"
                            "The council approved the budget on Monday. It takes effect in March.\n",
    "story-one/2-beta.md": "---\noutlet: Beta Daily\n---\n"
                           "On Monday the council approved the budget. Critics objected.\n",
}


def write_tree(root: Path, files: dict[str, str | bytes | None]) -> Path:
    """Write a content tree; a None value deletes that file from the valid base."""
    for rel, data in files.items():
        path = root / rel
        if data is None:
            if path.exists():
                path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    return root


@pytest.fixture
def make_content(tmp_path):
    """make_content({...overrides}) -> a content folder: the valid tree plus overrides."""

    def make(overrides: dict | None = None, base: dict | None = None) -> Path:
        root = tmp_path / "content"
        write_tree(root, dict(VALID_TREE if base is None else base))
        write_tree(root, overrides or {})
        return root

    return make



HOSTILE_BUILD_WAIT = 600  # seconds a worker waits for another to build the hostile site: a hang, past that


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> Path:
    """The site built from tests/xss_corpus.py: known XSS vectors in every field of the content.

    Its 87 stories take seconds to build, so the suite's workers (pytest-xdist) build it once
    between them: the first to make the run's folder builds, the others wait for it. Read only.
    """
    from site_src.cli import main
    from xss_corpus import hostile_tree

    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    root = (tmp_path_factory.getbasetemp().parent / f"hostile-{run}" if run
            else tmp_path_factory.getbasetemp() / "hostile")
    done, failed = root / "built", root / "failed"
    try:
        root.mkdir()
    except FileExistsError:  # another worker builds it
        for _ in range(HOSTILE_BUILD_WAIT * 10):
            if done.exists() or failed.exists():
                break
            time.sleep(0.1)
        assert done.exists(), "the worker that built the hostile site failed or hung"
        return root / "output"
    try:
        content = write_tree(root / "content", hostile_tree())
        assert main(["--content", str(content), "--output", str(root / "output"), "--quiet"]) == 0
    except BaseException:
        failed.touch()
        raise
    done.touch()
    return root / "output"
