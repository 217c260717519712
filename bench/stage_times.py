"""CPU seconds per stage of one build: `python bench/stage_times.py CONTENT OUTPUT`.

Runs what `build.py` runs, stage by stage, and prints one line of `stage seconds` pairs
(each story stage summed over the stories): import, load, each story stage, render, write.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

started = time.process_time()
from site_src.clean import find_templates  # noqa: E402
from site_src.cli import TEMPLATES_DIR, collect_garbage_seldom  # noqa: E402
from site_src.load import load_site  # noqa: E402
from site_src.model import Site  # noqa: E402
from site_src.pipeline import story_stages  # noqa: E402
from site_src.render import render_site  # noqa: E402
from site_src.write import write_site  # noqa: E402

IMPORTED = time.process_time() - started


def stage_times(content: Path, output: Path) -> dict[str, float]:
    collect_garbage_seldom()  # as build.py's main does
    times = {"import": IMPORTED}

    def timed(name, run, *args):
        start = time.process_time()
        result = run(*args)
        times[name] = times.get(name, 0.0) + time.process_time() - start
        return result

    loaded = timed("load", load_site, content)
    templates = timed("load", find_templates, loaded.stories)
    stories = []
    for story in loaded.stories:
        for name, stage in story_stages(templates):
            story = timed(name, stage, story)
        stories.append(story)
    files = timed("render", render_site, Site(config=loaded.config, stories=tuple(stories)), TEMPLATES_DIR)
    timed("write", write_site, files, output)
    return times


if __name__ == "__main__":
    print(" ".join(f"{name} {seconds:.2f}" for name, seconds in stage_times(Path(sys.argv[1]), Path(sys.argv[2])).items()))
