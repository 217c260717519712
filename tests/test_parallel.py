"""Stories built in worker processes: the same site byte for byte, and the same clear errors."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import EXAMPLE_CONTENT, PROJECT_DIR
from test_build import tree_digest

from site_src.cli import main
from site_src.parallel import in_order, start_method

SECOND_STORY = PROJECT_DIR / "tests" / "fixtures" / "content" / "city-budget"
EVERY_LINE = "\\w"  # matches every paragraph of an article: refused by clean, inside a worker


@pytest.fixture
def content(tmp_path) -> Path:
    """Two stories, so two workers each build one and their order is at stake."""
    folder = tmp_path / "content"
    shutil.copytree(EXAMPLE_CONTENT, folder)
    shutil.copytree(SECOND_STORY, folder / SECOND_STORY.name)
    return folder


def test_two_workers_write_the_site_one_writes(content, tmp_path, capsys):
    assert main(["build", "--content", str(content), "--output", str(tmp_path / "one"), "--jobs", "1",
                 "--no-cache"]) == 0
    assert main(["build", "--content", str(content), "--output", str(tmp_path / "two"), "--jobs", "2",
                 "--no-cache"]) == 0
    one, two = tree_digest(tmp_path / "one"), tree_digest(tmp_path / "two")
    assert len(one) > 15 and one == two
    assert "Built 2 stories" in capsys.readouterr().out


def test_an_error_in_a_worker_names_its_line_and_writes_nothing(content, tmp_path, capsys):
    output = tmp_path / "output"
    assert main(["build", "--content", str(content), "--output", str(output), "--quiet"]) == 0
    before = tree_digest(output)
    story = content / SECOND_STORY.name / "story.md"
    front, body = story.read_text().split("---\n", 2)[1:]
    story.write_text(f"---\n{front}settings:\n  boilerplate_patterns: ['{EVERY_LINE}']\n---\n{body}")
    line = front.count("\n") + 3  # the pattern's own line
    code = main(["build", "--content", str(content), "--output", str(output), "--jobs", "2", "--no-cache"])
    err = capsys.readouterr().err
    assert code == 1, err
    assert f"city-budget/story.md:{line}: error:" in err and "matches every line of" in err
    assert "nothing was written" in err and "internal error" not in err
    assert tree_digest(output) == before


def test_jobs_must_be_a_count(capsys):
    with pytest.raises(SystemExit) as exit:
        main(["build", "--jobs", "0"])
    assert exit.value.code == 2 and "--jobs" in capsys.readouterr().err


def test_a_process_with_threads_starts_its_workers_afresh():
    """A fork would copy the other thread's locks mid-step; the results keep their order either way.

    A process of its own is the one running no other thread (a test runner's worker runs some).
    """
    alone = subprocess.run([sys.executable, "-c", "from site_src.parallel import start_method; print(start_method())"],
                           capture_output=True, text=True, check=True, cwd=PROJECT_DIR)
    assert alone.stdout.strip() == "fork"
    words = ["one", "two", "three", "four"]
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert start_method() == "spawn"
        assert in_order(str.upper, words, 2) == ["ONE", "TWO", "THREE", "FOUR"]
    finally:
        stop.set()
        other.join()
    told = []
    assert in_order(str.upper, words, 2, lambda done, total: told.append((done, total))) == \
        ["ONE", "TWO", "THREE", "FOUR"]
    assert told == [(1, 4), (2, 4), (3, 4), (4, 4)]


def collector_thresholds(_: object) -> tuple[int, ...]:
    import gc
    return gc.get_threshold()


def test_workers_started_afresh_collect_garbage_as_seldom_as_the_build():
    """A fresh worker would otherwise run Python's default thresholds (700), not the build's."""
    import gc
    kept = gc.get_threshold()
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)  # a thread of its own: the workers are spawned
    other.start()
    try:
        gc.set_threshold(12_345, *kept[1:])
        assert start_method() == "spawn"
        assert in_order(collector_thresholds, [1, 2], 2) == [(12_345, *kept[1:])] * 2
    finally:
        gc.set_threshold(*kept)
        stop.set()
        other.join()
