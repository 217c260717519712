"""The progress bar: drawn on a terminal, never when quiet, in CI, or into a file or pipe."""

from __future__ import annotations

import io

import pytest

from site_src import progress
from site_src.progress import StoryBar


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture(autouse=True)
def at_once(monkeypatch):
    monkeypatch.setattr(progress, "SHOW_AFTER", 0)  # the bar waits a second; a test need not
    monkeypatch.delenv("CI", raising=False)


def draw(bar: StoryBar) -> None:
    for done in (1, 2, 3):
        bar(done, 3)
    bar.close()


def test_a_terminal_sees_the_stories_counted():
    terminal = Terminal()
    draw(StoryBar(quiet=False, stream=terminal))
    assert "Building" in terminal.getvalue() and "/3 " in terminal.getvalue()


@pytest.mark.parametrize("ci", ["true", "1", "yes"])
def test_ci_sees_no_bar(monkeypatch, ci):
    monkeypatch.setenv("CI", ci)
    terminal = Terminal()
    draw(StoryBar(quiet=False, stream=terminal))
    assert terminal.getvalue() == ""


def test_ci_switched_off_is_a_terminal_again(monkeypatch):
    monkeypatch.setenv("CI", "false")
    terminal = Terminal()
    draw(StoryBar(quiet=False, stream=terminal))
    assert "Building" in terminal.getvalue()


def test_quiet_and_a_file_see_no_bar():
    terminal, log = Terminal(), io.StringIO()
    draw(StoryBar(quiet=True, stream=terminal))
    draw(StoryBar(quiet=False, stream=log))
    assert terminal.getvalue() == "" and log.getvalue() == ""
