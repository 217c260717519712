"""Time each stage of one story's build: `python bench/bench_merge.py [ARTICLES ...]`.

Uses one story of bench/news_corpus.py, told by that many outlets.
Prints one line per size; not a test, a number for notes.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.news_corpus import write_story  # noqa: E402
from site_src.align import align_story  # noqa: E402
from site_src.clean import clean_story  # noqa: E402
from site_src.compose import compose_story  # noqa: E402
from site_src.load import load_site  # noqa: E402
from site_src.segment import segment_story  # noqa: E402


def measure(articles: int) -> str:
    with tempfile.TemporaryDirectory() as folder:
        write_story(Path(folder), articles)
        started = time.perf_counter()
        raw = load_site(Path(folder)).stories[0]
        loaded = time.perf_counter()
        story = segment_story(clean_story(raw))
        segmented = time.perf_counter()
        aligned = align_story(story)
        done_align = time.perf_counter()
        composed = compose_story(aligned)
        done = time.perf_counter()
    sentences = sum(len(a.sentences) for a in story.articles)
    return (f"{articles} articles, {sentences} sentences: load {loaded - started:.2f} s, "
            f"clean+segment {segmented - loaded:.2f} s, align {done_align - segmented:.2f} s, "
            f"compose {done - done_align:.2f} s; {len(composed.digest.claims)} claims")


if __name__ == "__main__":
    for size in [int(a) for a in sys.argv[1:]] or [10, 50, 100]:
        print(measure(size), flush=True)
