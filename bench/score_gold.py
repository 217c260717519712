"""Score the digest of every story that has gold in bench/gold/, tuned and held-out apart.

The gold describes real three-outlet stories that are not ours to publish; they are read from the
development collection beside the project (`../shared/basil/`), built into a scratch folder, and
scored by its scorer (`../shared/eval/score.py`). Without them the script says so and stops.

    python3 bench/score_gold.py            # tuned and held-out stories
    python3 bench/score_gold.py --tuned    # the tuned ones only: what to look at while changing rules
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
GOLD_DIR = Path(__file__).resolve().parent / "gold"
STORIES_DIR = PROJECT_DIR.parent / "shared" / "basil"
SCORER = PROJECT_DIR.parent / "shared" / "eval" / "score.py"

# Rules are tuned while reading these; the others are read only to be scored. The first three
# were the tuned set from the start; each later group was held out until its figures had been
# reported, and is tuned on since, so that stories written later can be held out instead.
TUNED = ("2014-bruce-braley-apologizes-for-farmer", "2016-trump-and-cruz-argue-over",
         "2014-federal-charges-filed-against-grimm",
         "2012-georgetown-catholics-challenge-paul-ryan", "2013-mary-cheney-criticizes-sister-liz",
         "2017-flynn-pleaded-guilty", "2018-blake-farenthold-resigns-from-congress",
         "2018-james-mattis-quits-as-defense", "2019-democrats-pass-campaign-finance-and",
         "2011-obama-taunts-gop-for-ignoring", "2012-romney-urges-akin-to-drop",
         "2015-chris-christie-announces-bid-for", "2017-republicans-prepare-to-go-nuclear",
         "2019-trump-continues-government-shutdown-for")
FIGURES = ("merge_recall", "footnote_precision_strict", "footnote_recall", "repeated_facts", "unique_found",
           "quote_recall", "speaker_accuracy", "fidelity_accuracy", "fabricated_quotes")


def score(digest: Path, gold: Path, sources: Path) -> dict[str, float]:
    run = subprocess.run([sys.executable, str(SCORER), str(digest), str(gold), str(sources)],
                         capture_output=True, text=True)
    return {m.group(1): float(m.group(2)) for m in re.finditer(r"^(\w+)\s+(-?[\d.]+)\s+bar", run.stdout, re.M)}


def main(argv: list[str]) -> int:
    tuned_only = "--tuned" in argv
    if not (STORIES_DIR.is_dir() and SCORER.is_file()):
        print("the development stories and their scorer are not beside the project; nothing to score")
        return 1
    slugs = sorted(path.stem for path in GOLD_DIR.glob("*.yaml") if path.stem in TUNED or not tuned_only)
    with tempfile.TemporaryDirectory() as scratch:
        content = Path(scratch) / "content"
        content.mkdir()
        (content / "site.yml").write_text("title: Gold\nbase_url: /\n", encoding="utf-8")
        for slug in slugs:
            shutil.copytree(STORIES_DIR / slug, content / slug)
        subprocess.run([sys.executable, str(PROJECT_DIR / "build.py"), "--content", str(content),
                        "--output", str(Path(scratch) / "output"), "--quiet"], check=True)
        rows = {slug: score(Path(scratch) / "output" / slug / "digest.json", GOLD_DIR / f"{slug}.yaml",
                            STORIES_DIR / slug) for slug in slugs}
    print(f"{'story':<50}" + "".join(f"{name[:10]:>11}" for name in FIGURES))
    for title, group in (("tuned on", [s for s in slugs if s in TUNED]),
                         ("held out", [s for s in slugs if s not in TUNED])):
        if not group:
            continue
        print(f"-- {title}")
        for slug in group:
            print(f"{slug:<50}" + "".join(f"{rows[slug].get(name, float('nan')):>11.2f}" for name in FIGURES))
        mean = {name: sum(rows[s].get(name, 0.0) for s in group) / len(group) for name in FIGURES}
        print(f"{'mean':<50}" + "".join(f"{mean[name]:>11.2f}" for name in FIGURES))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
