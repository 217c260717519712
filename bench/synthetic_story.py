"""Write a synthetic many-outlet story for benchmarks: `python bench/synthetic_story.py OUT_DIR [ARTICLES]`.

Each article tells a random subset of a pool of facts, each fact reworded by
word swaps and drops, plus sentences of its own. Seeded: the same arguments
give the same files. Word salad, so good for timing and useless for quality.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

WORDS = ("council budget mayor school library vote plan officials city state river bridge tax road park "
         "police court judge report company market price rate bank loan health hospital water energy "
         "power grid storm flood fire station train bus airport port trade deal talks summit treaty "
         "minister leader party election campaign poll voter senator governor agency program data").split()
NAMES = ("Smith Park Jones Garcia Chen Okafor Novak Silva Haddad Kim Rossi Dubois Ivanova Tanaka "
         "Mensah Larsen").split()


def fact(rng: random.Random) -> list[str]:
    words = rng.sample(WORDS, 9) + [rng.choice(NAMES), str(rng.randint(2, 900))]
    rng.shuffle(words)
    return words


def retell(words: list[str], rng: random.Random) -> str:
    told = [w for w in words if rng.random() > 0.12]
    if rng.random() < 0.5:
        i = rng.randrange(len(told))
        told.insert(i, rng.choice(WORDS))
    return " ".join(told).capitalize() + "."


def main(out: Path, articles: int = 500, facts: int = 400, per_article: int = 40) -> None:
    rng = random.Random(20260423)
    pool = [fact(rng) for _ in range(facts)]
    weights = [1 / (rank + 1) for rank in range(facts)]  # Zipf: some facts are everywhere
    story = out / "synthetic"
    story.mkdir(parents=True, exist_ok=True)
    (out / "site.yml").write_text("title: Benchmark\n")
    (story / "story.md").write_text("---\ntitle: Synthetic story\ndate: 2026-01-01\n---\nBenchmark.\n")
    for number in range(articles):
        told = []
        for _ in range(int(per_article * 0.6)):
            told.append(retell(rng.choices(pool, weights)[0], rng))
        for _ in range(per_article - len(told)):
            told.append(retell(fact(rng), rng))
        (story / f"{number:04d}.txt").write_text("\n\n".join(told) + "\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]), *(int(a) for a in sys.argv[2:3]))
