"""Why the merge stage misses facts that several outlets carried, story by story.

    python3 bench/merge_misses.py [SLUG ...]

For a story with gold (the tuned-on stories of bench/gold/ and the scorer's own gold in
../shared/eval/gold/), builds it and lists:

- each gold fact carried by two or more outlets that no digest claim merges, with each outlet's
  evidence sentence and the claim holding it, and for every pair of them from different outlets
  their score (the higher of TF-IDF and the paraphrase blend), whether the shared words alone
  reach POSSIBLY, and the guard's conflict kinds, then why they stayed apart;
- each false footnote (the scorer's strict figure): a digest claim citing an outlet through a
  sentence that does not state the claim's fact;
- each repeated fact: two digest claims shown in sentences that state one gold fact.

The held-out stories are refused: they are there to be measured, not read.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(PROJECT / "bench"))

from score_gold import GOLD_DIR, STORIES_DIR, TUNED  # noqa: E402

from site_src import align  # noqa: E402
from site_src.clean import find_templates  # noqa: E402
from site_src.export import digest_json  # noqa: E402
from site_src.guard import conflicts, prepare  # noqa: E402
from site_src.load import load_story  # noqa: E402
from site_src.paraphrase import load_embedding  # noqa: E402
from site_src.pipeline import build_story  # noqa: E402

SHARED = PROJECT.parent / "shared"
SCORER = SHARED / "eval" / "score.py"
CORPUS = SHARED / "corpus"


def stories() -> dict[str, tuple[Path, Path, Path]]:
    """slug -> (story folder, gold file, the gold's source files), of the stories one may read."""
    found = {slug: (STORIES_DIR / slug, GOLD_DIR / f"{slug}.yaml", STORIES_DIR / slug) for slug in TUNED}
    for gold in sorted((SHARED / "eval" / "gold").glob("*.yaml")):
        example = PROJECT / "content" / gold.stem
        found[gold.stem] = (example, gold, SHARED / "seeds") if example.is_dir() else \
            (CORPUS / gold.stem, gold, CORPUS / gold.stem)
    return {slug: row for slug, row in found.items() if row[0].is_dir() and row[2].is_dir()}


def _scorer():
    spec = importlib.util.spec_from_file_location("score", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build(folder: Path):
    """The story through every stage, and its digest.json as the scorer reads it."""
    with tempfile.TemporaryDirectory() as tmp:
        if not (folder / "story.md").is_file():
            copy = Path(tmp) / folder.name
            copy.mkdir()
            for article in sorted(folder.glob("0*.md")):
                shutil.copy(article, copy)
            (copy / "story.md").write_text(f'---\ntitle: "{folder.name}"\ndate: 2000-01-01\n---\n', encoding="utf-8")
            folder = copy
        raw = load_story(folder, folder.parent, [])
        story = build_story(raw, find_templates([raw]))
        digest = Path(tmp) / "digest.json"
        digest.write_bytes(digest_json(story))
        return story, _scorer().load_digest(digest)


def pair_scores(story):
    """Align's own view of two sentences: the score of their closest clauses, whether their words
    alone reach POSSIBLY (or one quotation links them), and how the guard reads those clauses."""
    names = align._story_names(s for article in story.articles for s in article.sentences)
    parts = [(index, part) for index, article in enumerate(story.articles)
             for sentence in article.sentences for part in align._parts(sentence)]
    units = [align._Unit(part, index, *align._read(part.text, names)) for index, part in parts]
    held = align._similarities(units, load_embedding())
    held_pairs = list(zip(held.first().tolist(), held.second().tolist()))
    similarity = dict(zip(held_pairs, held.score.tolist()))
    worded = {pair for pair, is_worded in zip(held_pairs, held.worded.tolist()) if is_worded}
    links = align._quotation_links(story, units)
    clauses: dict[str, list[int]] = {}
    for i, unit in enumerate(units):
        clauses.setdefault(unit.sentence.anchor, []).append(i)

    def explain(first: str, second: str) -> tuple[float, bool, frozenset[str]]:
        pairs = [tuple(sorted((a, b))) for a in clauses[first] for b in clauses[second]]
        best = max(pairs, key=lambda p: (max(similarity.get(p, 0.0), align.QUOTED if p in links else 0.0), p))
        score = max(similarity.get(best, 0.0), align.QUOTED if best in links else 0.0)
        return score, best in worded or best in links, conflicts(*(prepare(units[i].sentence.text, names) for i in best))
    return explain


def report(slug: str, folder: Path, gold_path: Path, sources: Path) -> list[str]:
    import yaml
    scorer = _scorer()
    story, (_, sentences, by_siglum, claims, _, _, _) = build(folder)
    gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
    fmap = scorer.match_articles(scorer.gold_files(sources), sentences, by_siglum)
    evidence = {g["id"]: {str(f): scorer.find_sentences(t, fmap.get(str(f)), sentences, by_siglum)
                          for f, t in (g.get("evidence") or {}).items()} for g in gold.get("claims", [])}
    digest = {cid: c for cid, c in claims.items() if c["in_digest"]}
    claim_of = {a: cid for cid, c in claims.items() for a in c["members"]}
    explain = pair_scores(story)
    lines = [f"== {slug}"]
    multi = [g for g in gold.get("claims", []) if len(g.get("files", [])) >= 2]
    missed = 0
    for g in multi:
        per_file = evidence[g["id"]]
        if any(len({f for f, found in per_file.items() if set(found) & set(c["members"])}) >= 2
               for c in digest.values()):
            continue
        missed += 1
        lines.append(f"-- {g['id']} not merged ({', '.join(map(str, g['files']))}): {g.get('text', '')[:100]}")
        anchors = sorted({a for found in per_file.values() for a in found})
        for f, found in per_file.items():
            for a in found:
                where = claim_of.get(a, "-")
                state = "digest" if where in digest else "not in digest"
                lines.append(f"   {f:<20} {a:<10} [{where}, {state}] {sentences[a][1][:150]}")
            if not found:
                lines.append(f"   {f:<20} (no sentence carries the evidence)")
        for i, first in enumerate(anchors):
            for second in anchors[i + 1:]:
                if sentences[first][0] == sentences[second][0]:
                    continue
                score, worded, kinds = explain(first, second)
                shown = f"score {score:.3f}{'' if worded else ' (vector only)'}" if score else "no candidate pair"
                lines.append(f"   {first} ~ {second}: {shown}, "
                             f"guard {sorted(kinds) or '-'}, {_why(score, worded, kinds, claim_of, first, second)}")
    lines.append(f"   {missed} of {len(multi)} multi-outlet facts not merged")
    lines += false_footnotes(gold, evidence, digest, sentences)
    lines += repeated(multi, evidence, digest, sentences)
    return lines


def repeated(multi, evidence, digest, sentences) -> list[str]:
    """The scorer's repeated facts: two digest claims shown in sentences that state one fact."""
    lines = []
    for g in multi:
        anchors = {a for found in evidence[g["id"]].values() for a in found}
        told = [(cid, c) for cid, c in digest.items() if c["canonical"] in anchors]
        if len(told) >= 2:
            lines.append(f"-- repeated {g['id']}: {g.get('text', '')[:100]}")
            lines += [f"   {cid} shown as {c['canonical']}, members {' '.join(c['members'])}: "
                      f"{sentences[c['canonical']][1][:120]}" for cid, c in told]
    return lines


def _why(score: float, worded: bool, kinds, claim_of, first: str, second: str) -> str:
    if claim_of.get(first) == claim_of.get(second):
        return "merged"
    if kinds:
        return "blocked by the guard"
    if score < align.MERGE or not worded:
        return "below MERGE"
    return "kept apart by the clustering (another member, or its outlet already there)"


def false_footnotes(gold, evidence, digest, sentences) -> list[str]:
    """The scorer's strict footnotes that link a sentence not stating the claim's fact."""
    lines = []
    for cid, c in digest.items():
        facts = [g for g in gold.get("claims", [])
                 if c["canonical"] in {a for found in evidence[g["id"]].values() for a in found}]
        if not facts:
            continue
        good = {a for g in facts for found in evidence[g["id"]].values() for a in found}
        by_outlet: dict[str, list[str]] = {}
        for a in c["members"]:
            by_outlet.setdefault(sentences[a][0], []).append(a)
        for siglum, members in by_outlet.items():
            if not set(members) & good:
                lines.append(f"-- false footnote {cid} ({'/'.join(g['id'] for g in facts)}), canonical "
                             f"{c['canonical']}: {sentences[c['canonical']][1][:110]}")
                lines += [f"   {siglum} {a}: {sentences[a][1][:150]}" for a in members]
    return lines


def main(argv: list[str]) -> int:
    if not SCORER.is_file():
        print("the shared scorer is not beside the project: nothing to diagnose")
        return 1
    readable = stories()
    slugs = argv or sorted(readable)
    refused = [slug for slug in slugs if slug not in readable]
    if refused:
        print(f"not diagnosed (held out, or not here): {', '.join(refused)}")
        return 1
    for slug in slugs:
        print("\n".join(report(slug, *readable[slug])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
