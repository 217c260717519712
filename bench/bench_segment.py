"""Sentence-splitter speed on real news paragraphs: `python bench/bench_segment.py [SENTENCES]`.

Paragraphs come from the example story (and the shared corpus when it sits
beside the project), repeated with a unique prefix until there are about
SENTENCES sentences (default 20,000). Prints sentences per second.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from site_src.segment import split_sentences  # noqa: E402


def paragraphs() -> list[str]:
    files = sorted((ROOT / "content").glob("*/*.md")) + sorted((ROOT.parent / "shared" / "corpus").glob("*/*.md"))
    found = []
    for path in files:
        body = path.read_text(encoding="utf-8").split("---", 2)[-1]
        found += [p.strip() for p in body.split("\n\n") if p.strip()]
    return found


def main(target: int = 20_000) -> None:
    sample = paragraphs()
    per_round = sum(len(split_sentences(p)) for p in sample)
    work = [f"{i} {p}" for i in range(target // per_round + 1) for p in sample]
    started = time.perf_counter()
    total = sum(len(split_sentences(p)) for p in work)
    elapsed = time.perf_counter() - started
    print(f"{total} sentences in {elapsed:.2f} s: {total / elapsed:,.0f} sentences/s")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:2]))
