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
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from site_src.clean import clean_story, find_templates  # noqa: E402
from site_src.load import load_story  # noqa: E402
from site_src.model import Story  # noqa: E402
from site_src.quotes import extract_quotes  # noqa: E402
from site_src.segment import segment_story  # noqa: E402

FIXTURES = PROJECT / "tests" / "fixtures" / "quotes"
CORPUS = PROJECT.parent / "shared" / "corpus"


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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
