"""Two builds of the same content are byte-identical, whatever the process around them.

The second build runs with another hash seed (set and dict order), folders listed in reverse,
another working folder, time zone and locale, SOURCE_DATE_EPOCH set, and a clock that says
2100: a date in the output can only have come from the content. The site has an absolute address,
so the feed and the sitemap, which carry dates, are built too.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLE_CONTENT, PROJECT_DIR
from test_build import tree_digest

BASE_URL = "https://digest.example.org/"
SECOND_STORY = PROJECT_DIR / "tests" / "fixtures" / "content" / "city-budget"

# Runs build.py with every directory listed in reverse name order and the clock set to 2100.
SKEWED = r"""
import datetime, os, runpy, sys, time

LATE = 4102444800.0  # 2100-01-01T00:00:00Z
real_listdir, real_scandir, real_datetime, real_date = os.listdir, os.scandir, datetime.datetime, datetime.date


class Reversed:  # what os.scandir returns, the entries in reverse name order
    def __init__(self, path):
        with real_scandir(path) as entries:
            self.entries = iter(sorted(entries, key=lambda entry: entry.name, reverse=True))

    def __iter__(self):
        return self

    def __next__(self):
        return next(self.entries)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def close(self):
        pass


class LateDatetime(real_datetime):  # its clock gives its own instances, as the real one does
    @classmethod
    def now(cls, tz=None):
        return cls.fromtimestamp(LATE, tz)

    @classmethod
    def today(cls):
        return cls.fromtimestamp(LATE)

    @classmethod
    def utcnow(cls):
        return real_datetime.fromtimestamp(LATE, datetime.timezone.utc).replace(tzinfo=None)


class LateDate(real_date):
    @classmethod
    def today(cls):
        return real_date.fromtimestamp(LATE)


os.listdir = lambda path=".": sorted(real_listdir(path), reverse=True)
os.scandir = Reversed
time.time, time.time_ns = (lambda: LATE), (lambda: int(LATE) * 10**9)
datetime.datetime, datetime.date = LateDatetime, LateDate
assert datetime.date.today().isoformat() == "2100-01-01" and sorted(os.listdir("/")) != os.listdir("/")
sys.argv = sys.argv[1:]
sys.path.insert(0, os.path.dirname(os.path.abspath(sys.argv[0])))  # as `python build.py` would
runpy.run_path(sys.argv[0], run_name="__main__")
"""


@pytest.fixture
def content(tmp_path) -> Path:
    """Two stories, so the order of stories, as well as of articles, is at stake."""
    folder = tmp_path / "project" / "content"
    shutil.copytree(EXAMPLE_CONTENT, folder)
    shutil.copytree(SECOND_STORY, folder / SECOND_STORY.name)
    return folder


def build(*command: str, cwd: Path, env: dict[str, str]) -> None:
    result = subprocess.run([sys.executable, *command], cwd=cwd, capture_output=True, text=True, timeout=120,
                            env={**{k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}, **env})
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def test_builds_are_identical_whatever_the_process_around_them(content, tmp_path):
    project = content.parent
    build(str(PROJECT_DIR / "build.py"), "--content", "content", "--output", "output", "--base-url", BASE_URL,
          "--quiet", cwd=project,
          env={"PYTHONHASHSEED": "1", "TZ": "UTC", "LC_ALL": "C.UTF-8"})

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    skewed = {"PYTHONHASHSEED": "4242", "TZ": "Pacific/Kiritimati", "LC_ALL": "C", "SOURCE_DATE_EPOCH": "4102444800"}
    build("-c", SKEWED, str(PROJECT_DIR / "build.py"), "--content", str(content),
          "--output", str(elsewhere / "output"), "--base-url", BASE_URL, "--quiet", "--no-cache", cwd=elsewhere,
          env=skewed)
    # ... and from the stories the first build kept, under another hash seed than theirs
    build("-c", SKEWED, str(PROJECT_DIR / "build.py"), "--content", str(content),
          "--output", str(elsewhere / "kept"), "--base-url", BASE_URL, "--quiet", cwd=elsewhere, env=skewed)

    first, second = tree_digest(project / "output"), tree_digest(elsewhere / "output")
    assert len(first) > 15 and "feed.xml" in first and "sitemap.xml" in first and first == second
    assert len(list((project / ".cache" / "story-digest").glob("story-*"))) == 2
    assert tree_digest(elsewhere / "kept") == first


def test_every_date_shown_comes_from_the_content(content, tmp_path):
    """No page names today, this year or this build: the clock never reaches the output."""
    build("-c", SKEWED, str(PROJECT_DIR / "build.py"), "--content", str(content), "--output",
          str(tmp_path / "output"), "--base-url", BASE_URL, "--quiet", cwd=tmp_path, env={})
    assert (tmp_path / "output" / "feed.xml").is_file()
    for page in (tmp_path / "output").rglob("*"):
        if page.is_file():
            assert "2100" not in page.read_text(encoding="utf-8", errors="replace"), page
