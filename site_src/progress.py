"""The progress bar of a build: how many stories are built, on a terminal only.

tqdm draws it: one small package with no dependencies of its own (rich would bring pygments and
markdown-it-py for a bar). It is left out when the build is quiet, in CI (the `CI` variable
every CI service sets), and when stderr is not a terminal (a log, a pipe), and it shows only once
a build has run for a second, so a quick rebuild prints its summary line alone.
"""

from __future__ import annotations

import os
import sys
from typing import TextIO

SHOW_AFTER = 1.0  # seconds: a build quicker than this needs no bar
OFF_IN_CI = ("", "0", "false", "no")  # values of CI that mean no CI


class StoryBar:
    """Called with (stories built, stories in all) as each story is done; `close` wipes the bar."""

    def __init__(self, quiet: bool, stream: TextIO | None = None):
        self.stream = stream or sys.stderr
        self.shown = (not quiet and os.environ.get("CI", "").strip().lower() in OFF_IN_CI
                      and self.stream.isatty())
        self._bar = None

    def __call__(self, done: int, total: int) -> None:
        if not self.shown:
            return
        if self._bar is None:
            from tqdm import tqdm  # only a build on a terminal draws a bar

            self._bar = tqdm(total=total, unit="story", desc="Building", file=self.stream,
                             delay=SHOW_AFTER, leave=False, dynamic_ncols=True)
        self._bar.update(done - self._bar.n)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
