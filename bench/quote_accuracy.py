"""Precision and recall of the quote index against hand-annotated stories.

    python bench/quote_accuracy.py

Each file in tests/fixtures/quotes/ annotates every span in quotation marks of
one story: the outlet (siglum), the exact words inside the marks, whether it is
a quotation or a quoted term, and the names its speaker may go by. A corpus
story is skipped when the shared corpus is not on this machine.

- quotations: an indexed quotation occurrence is right when the annotation has
  a quotation with the same siglum and words (precision over the index, recall
  over the annotation);
- speakers: of the quotations found, those with a speaker named as the
  annotation allows (precision over those the index names a speaker for,
  recall over those the annotation names one for).

Then the stories with gold in bench/gold/ (read from ../shared/basil/) and the
scorer's own gold (../shared/eval/gold/), one table with the scorer's quote
figures (quote_recall, speaker_accuracy, fidelity_accuracy, fabricated), the
stories rules are tuned on and those held out apart, ready to set before and
after a change side by side. `--misses` lists each wrong occurrence of the
tuned-on stories only: the held-out ones are there to be measured, not read.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(PROJECT / "bench"))

from site_src.clean import clean_story, find_templates  # noqa: E402
from site_src.load import load_story  # noqa: E402
from site_src.model import Story  # noqa: E402
from site_src.quotes import extract_quotes  # noqa: E402
from site_src.segment import segment_story  # noqa: E402

FIXTURES = PROJECT / "tests" / "fixtures" / "quotes"
CORPUS = PROJECT.parent / "shared" / "corpus"
SHARED = PROJECT.parent / "shared"
SCORER = SHARED / "eval" / "score.py"


def load_story_folder(folder: Path) -> Story:
    """A story folder, or a corpus cluster (articles without a story.md), through the quotes stage."""
    with tempfile.TemporaryDirectory() as tmp:
        if not (folder / "story.md").is_file():
            copy = Path(tmp) / folder.name
            shutil.copytree(folder, copy)
            (copy / "story.md").write_text("---\ntitle: Corpus story\ndate: 2020-01-01\n---\n", encoding="utf-8")
            folder = copy
        raw = load_story(folder, folder.parent, [])
    return extract_quotes(segment_story(clean_story(raw, find_templates([raw]))))


def fixture_folder(gold: dict) -> Path:
    return (PROJECT / "content" if gold["source"] == "content" else CORPUS) / gold["story"]


def _name(name: str) -> str:
    name = name.casefold().replace("’", "'").strip()
    for article in ("the ", "a ", "an "):
        if name.startswith(article):
            return name[len(article):]
    return name


def score(story: Story, gold: dict) -> dict[str, float | int]:
    predicted = {(o.siglum, o.text): (q.kind, o.speaker) for q in story.quotes for o in q.occurrences}
    annotated = {(g["siglum"], g["text"]): (g["kind"], {_name(s) for s in g["speakers"]})
                 for g in gold["spans"]}
    quotations = {k for k, (kind, _) in predicted.items() if kind == "quotation"}
    expected = {k for k, (kind, _) in annotated.items() if kind == "quotation"}
    found = quotations & expected
    named = [k for k in found if predicted[k][1]]
    right = [k for k in named if _name(predicted[k][1]) in annotated[k][1]]
    to_name = [k for k in expected if annotated[k][1]]
    spans = set(predicted) & set(annotated)
    return {
        "spans": len(annotated),
        "span_precision": len(spans) / len(predicted) if predicted else 1.0,
        "span_recall": len(spans) / len(annotated) if annotated else 1.0,
        "quotations": len(expected),
        "quotation_precision": len(found) / len(quotations) if quotations else 1.0,
        "quotation_recall": len(found) / len(expected) if expected else 1.0,
        "speaker_precision": len(right) / len(named) if named else 1.0,
        "speaker_recall": len(right) / len(to_name) if to_name else 1.0,
    }


def misses(story: Story, gold: dict) -> list[str]:
    """What the index got wrong, for a person to read."""
    predicted = {(o.siglum, o.text): (q.kind, o.speaker) for q in story.quotes for o in q.occurrences}
    lines = []
    for g in gold["spans"]:
        key = (g["siglum"], g["text"])
        if key not in predicted:
            lines.append(f"  missed  {g['siglum']} {g['text'][:60]!r}")
        elif predicted[key][0] != g["kind"]:
            lines.append(f"  kind    {g['siglum']} {g['text'][:60]!r}: {predicted[key][0]}, not {g['kind']}")
        elif g["speakers"] and _name(predicted[key][1] or "") not in {_name(s) for s in g["speakers"]}:
            lines.append(f"  speaker {g['siglum']} {g['text'][:60]!r}: {predicted[key][1]!r}, not {g['speakers'][0]!r}")
    annotated = {(g["siglum"], g["text"]) for g in gold["spans"]}
    lines += [f"  extra   {s} {t[:60]!r}" for s, t in predicted if (s, t) not in annotated]
    return lines


def _scorer():
    """The shared scorer as a module, so its matching and speaker rules are the ones used here."""
    spec = importlib.util.spec_from_file_location("score", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def gold_stories() -> list[tuple[str, str, Path, Path, Path]]:
    """(group, slug, story folder, gold file, the gold's source files) of every story with gold."""
    from score_gold import GOLD_DIR, STORIES_DIR, TUNED
    rows = [("tuned on" if path.stem in TUNED else "held out", path.stem, STORIES_DIR / path.stem, path,
             STORIES_DIR / path.stem) for path in sorted(GOLD_DIR.glob("*.yaml"))]
    for path in sorted((SHARED / "eval" / "gold").glob("*.yaml")):
        example = PROJECT / "content" / path.stem
        rows.append(("eval", path.stem, example if example.is_dir() else CORPUS / path.stem, path,
                     SHARED / "seeds" if example.is_dir() else CORPUS / path.stem))
    return [row for row in rows if row[2].is_dir() and row[4].is_dir()]


def gold_figures(story: Story, gold_path: Path, sources: Path, scorer) -> tuple[dict[str, float], list[str]]:
    """The scorer's quote figures for one story, and a line for each occurrence it counts wrong."""
    import yaml
    gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
    files = scorer.gold_files(sources)
    texts = {a.siglum: set(scorer.words(a.text)) for a in story.articles}
    siglum = {fid: max(texts, key=lambda s: len(set(scorer.words(t)) & texts[s]) / (len(set(scorer.words(t)) | texts[s]) or 1))
              for fid, t in files.items()}
    occurrences = [(o.siglum, o.text, o.speaker or q.speaker, o.fidelity) for q in story.quotes for o in q.occurrences]

    def same(a: str, b: str) -> bool:
        a, b = " ".join(scorer.words(a)), " ".join(scorer.words(b))
        return bool(a and b) and (a == b or (a in b or b in a) and min(len(a), len(b)) / max(len(a), len(b)) >= 0.8)

    taken: set[int] = set()
    found = speakers = speakers_right = fidelities = fidelities_right = 0
    wrong = []
    golds = scorer.gold_quotes(gold)
    for g in golds:
        hit = next((i for i, o in enumerate(occurrences) if o[0] == siglum.get(g["file"]) and same(o[1], g["text"])
                    and i not in taken), None)
        if hit is None:
            wrong.append(f"  missed   {g['file']} {g['text'][:70]!r}")
            continue
        found += 1
        taken.add(hit)
        _, text, speaker, fidelity = occurrences[hit]
        if g["kind"] == "quotation":
            speakers += 1
            if scorer.speaker_ok(speaker, g["speakers"]):
                speakers_right += 1
            else:
                wrong.append(f"  speaker  {g['file']} {text[:70]!r}: {speaker!r}, not {g['speakers'][0]!r}")
        if g.get("fidelity"):
            fidelities += 1
            if str(fidelity).lower() == str(g["fidelity"]).lower():
                fidelities_right += 1
            else:
                wrong.append(f"  fidelity {g['file']} {text[:70]!r}: {fidelity}, not {g['fidelity']}")
    fabricated = sum(" ".join(scorer.words(o[1])) not in " ".join(scorer.words(files.get(f, "")))
                     for o in occurrences for f in [next((k for k, v in siglum.items() if v == o[0]), None)])
    return {"quote_recall": found / len(golds) if golds else 1.0,
            "speaker_accuracy": speakers_right / speakers if speakers else 0.0,
            "fidelity_accuracy": fidelities_right / fidelities if fidelities else 0.0,
            "fabricated": fabricated}, wrong


def gold_table(show_misses: bool) -> None:
    if not SCORER.is_file():
        print("the shared scorer is not beside the project: no gold stories scored")
        return
    scorer, stories = _scorer(), gold_stories()
    names = ("quote_recall", "speaker_accuracy", "fidelity_accuracy", "fabricated")
    print(f"\n{'story':<50}" + "".join(f"{n[:12]:>14}" for n in names))
    for group in ("tuned on", "held out", "eval"):
        members = [row for row in stories if row[0] == group]
        if not members:
            continue
        print(f"-- {group}")
        sums = dict.fromkeys(names, 0.0)
        for _, slug, folder, gold, sources in members:
            figures, wrong = gold_figures(load_story_folder(folder), gold, sources, scorer)
            print(f"{slug:<50}" + "".join(f"{figures[n]:>14.2f}" for n in names))
            if show_misses and group != "held out" and wrong:
                print("\n".join(wrong))
            for n in names:
                sums[n] += figures[n]
        print(f"{'mean':<50}" + "".join(f"{sums[n] / len(members):>14.2f}" for n in names))


def main() -> int:
    totals: dict[str, list[int]] = {}
    for path in sorted(FIXTURES.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        folder = fixture_folder(gold)
        if not folder.is_dir():
            print(f"{path.name}: skipped, {folder} is not here")
            continue
        story = load_story_folder(folder)
        result = score(story, gold)
        print(f"{gold['story']}: {result['spans']} annotated spans, {result['quotations']} quotations")
        print(f"  spans       P {result['span_precision']:.3f}  R {result['span_recall']:.3f}")
        print(f"  quotations  P {result['quotation_precision']:.3f}  R {result['quotation_recall']:.3f}")
        print(f"  speakers    P {result['speaker_precision']:.3f}  R {result['speaker_recall']:.3f}")
        print("\n".join(misses(story, gold)) or "  (no misses)")
        for key in ("quotation_precision", "quotation_recall", "speaker_precision", "speaker_recall"):
            totals.setdefault(key, []).append(result[key])
    if totals:
        print("mean over stories: " + ", ".join(f"{k.replace('_', ' ')} {sum(v) / len(v):.3f}"
                                                for k, v in totals.items()))
    gold_table("--misses" in sys.argv[1:])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
