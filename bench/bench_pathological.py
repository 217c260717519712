"""Time against size for the inputs that once made a stage super-linear.

Each shape is one story: an ordinary article beside one article (or many, for `many-articles`)
built from a repeated unit. The story is built at a quarter, a half and the whole of the shape's
full size (or at the sizes `--bytes` asks for), and the CPU seconds of the whole build printed, so
a stage that grows faster than its input shows as a time that more than doubles when the size
doubles. The goal is under 2 s for any article under 1 MB. Every build runs in a child process
with a deadline, so a hang is reported, not waited for.

    python3 bench/bench_pathological.py                 # every shape
    python3 bench/bench_pathological.py cats-apostrophes --deadline 60
    python3 bench/bench_pathological.py unclosed-credits --fractions 1 25   # and near 1 MB
    python3 bench/bench_pathological.py --bytes 250000 500000 1000000      # every shape near 1 MB
    python3 bench/bench_pathological.py one-line-paragraphs --stages      # and seconds per stage
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent

ORDINARY = ("---\noutlet: Ordinary Daily\n---\n"
            "The city council approved the budget on Monday. \"It is a good day,\" said Mayor Jane Smith.\n\n"
            "The plan includes money for 12 new schools. Critics said it did not go far enough.\n")

STORY_MD = "---\ntitle: Pathological input\ndate: 2026-01-02\n---\nA story built to be slow.\n"


def _story_paragraphs(n: int) -> str:
    return "".join(f"Paragraph {i} of the story tells what the council did on Monday in the city hall.\n\n"
                   for i in range(n))


def _surname(i: int) -> str:
    """The i-th of many different made-up surnames: "Baba", "Bebi", ..."""
    syllables = []
    while True:
        i, k = divmod(i, 100)
        syllables.append("bcdfghklmnprstvwxyzj"[k // 5] + "aeiou"[k % 5])
        if not i:
            return "Ba" + "".join(syllables)


# name -> (full size in units, unit count -> {file name: text}); full sizes are those that once
# took 10 s or more, each article under 1 MB.
SHAPES = {
    "editorial-gaps": (2400, lambda n: {"b.md": "---\noutlet: Hostile\n---\n\"" + "a[" * n + "\" he said.\n"}),
    "periods": (16000, lambda n: {"b.md": "---\noutlet: Hostile\n---\nHe said " + "." * n + "\n"}),
    "unclosed-credits": (4500, lambda n: {"b.md": "---\noutlet: Hostile\n---\n" + "(Reuters " * n + "\n"}),
    "footer-triggers": (1000, lambda n: {"b.md": "---\noutlet: Hostile\n---\n" + _story_paragraphs(3) + "".join(
        f"Copyright notice {i}\n\nThe council met again on Monday to talk about the long budget plan.\n\n"
        for i in range(n))}),
    "one-line-paragraphs": (9000, lambda n: {"b.md": "---\noutlet: Hostile\n---\n" + "".join(
        f"Line {i} of the story.\n\n" for i in range(n))}),
    # The opening mark makes every possessive ask whether a closing mark follows it.
    "cats-apostrophes": (60000, lambda n: {"b.md": "---\noutlet: Hostile\n---\n'" + "cats' " * n + "\n"}),
    # One sentence holding thousands of quotations, each asking for its cue.
    "many-quotations-one-sentence": (20000, lambda n: {"b.md": "---\noutlet: Hostile\n---\nHe said " + '"a" ' * n + "\n"}),
    # One speaker quoted again and again in the same words: one quotation of many occurrences.
    "repeated-quoted-sentences": (10000, lambda n: {"b.md": "---\noutlet: Hostile\n---\n" + (
        "\u201cWe will win,\u201d Smith said. " * n) + "\n"}),
    # One paragraph of many sentences, each pronoun looking back over the people named before it.
    "one-paragraph-mentions": (20000, lambda n: {"b.md": "---\noutlet: Hostile\n---\n" + (
        "Mayor Smith spoke. He agreed. " * n) + "\n"}),
    # One paragraph of many unattributed quotations, each asking where its paragraph begins and ends.
    "one-paragraph-quotations": (10000, lambda n: {"b.md": "---\noutlet: Hostile\n---\n" + "".join(
        f"\u201cThe plan number {i} is good.\u201d " for i in range(n)) + "\n"}),
    # Each quotation shares four words with the next: one quotation of thousands of wordings.
    "overlapping-wordings": (3000, lambda n: {"b.md": "---\noutlet: Hostile\n---\n" + "".join(
        "\u201c" + " ".join(f"w{j}" for j in range(i, i + 5)) + ",\u201d Smith said. " for i in range(n)) + "\n"}),
    # The two above, one quotation a paragraph: a paragraph's quotations are bounded, an article's are not.
    "repeated-quoted-paragraphs": (10000, lambda n: {"b.md": "---\noutlet: Hostile\n---\n" + (
        "\u201cWe will win,\u201d Smith said.\n\n" * n)}),
    "overlapping-wording-paragraphs": (3000, lambda n: {"b.md": "---\noutlet: Hostile\n---\n" + "".join(
        "\u201c" + " ".join(f"w{j}" for j in range(i, i + 5)) + ",\u201d Smith said.\n\n" for i in range(n))}),
    # One sentence of thousands of clauses too short to stand alone: each gathered into the one before.
    "short-clauses": (8000, lambda n: {"b.md": "---\noutlet: Hostile\n---\nThe plan" + "; the plan" * n + ".\n"}),
    # One sentence of thousands of figures (links to numbered pages): each figure's frame is read.
    "figures-one-sentence": (10000, lambda n: {"b.md": "---\noutlet: Hostile\n---\n" + "".join(
        f"[the plan {i}](http://example.com/{i}) " for i in range(n)) + "\n"}),
    # Quotations nested thousands deep: each would hold the text of all those inside it.
    "nested-quotations": (5000, lambda n: {"b.md": "---\noutlet: Hostile\n---\nHe said \u201c" + (
        "she said \u2018" * n) + "x" + "\u2019" * n + "\u201d.\n"}),
    # Two outlets' sentences of thousands of figures, one number apart: compared word by word.
    "figures-two-outlets": (6000, lambda n: {
        "b.md": "---\noutlet: Hostile\n---\nThe council voted " + " ".join(f"{i} seats" for i in range(n)) + ".\n",
        "c.md": "---\noutlet: Other\n---\nThe council voted " + " ".join(f"{i + 1} seats" for i in range(n)) + ".\n"}),
    # Thousands of different people, each quoted once in the same words: one quotation of as many
    # speakers, each name compared with the names that may be the same person.
    "many-speakers": (3000, lambda n: {"b.md": "---\noutlet: Hostile\n---\n" + "".join(
        f"Council member Ann {_surname(i)} spoke on Monday. \u201cWe will vote,\u201d said {_surname(i)}.\n\n"
        for i in range(n))}),
    "many-articles": (200, lambda n: {f"{i:03d}.md": f"---\noutlet: Outlet {i}\n---\n" + (
        f"The city council approved the budget on Monday, outlet {i} reports. " * 28) + "\n" for i in range(n)}),
}

FRACTIONS = (0.25, 0.5, 1.0)


def write_story(root: Path, files: dict[str, str]) -> Path:
    content = root / "content"
    story = content / "pathological"
    story.mkdir(parents=True)
    (content / "site.yml").write_text("title: Bench\nbase_url: /\n", encoding="utf-8")
    (story / "story.md").write_text(STORY_MD, encoding="utf-8")
    (story / "a.md").write_text(ORDINARY, encoding="utf-8")
    for name, text in files.items():
        (story / name).write_text(text, encoding="utf-8")
    return content


def shape_bytes(files: dict[str, str]) -> int:
    """The hostile articles' bytes (all of them, for `many-articles`)."""
    return sum(len(text.encode()) for text in files.values())


def units_for_bytes(name: str, size: int) -> int:
    """How many units make `size` bytes of the shape, from the bytes of its full size."""
    full, make = SHAPES[name]
    return max(1, round(full * size / shape_bytes(make(full))))


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_build(files: dict[str, str], deadline: float, stages: bool = False) -> tuple[str, int, str]:
    """(CPU seconds or 'hang' or 'exit N', the hostile articles' bytes, seconds per stage when
    `stages`) of one build in a child process. CPU, not wall-clock, time: a shared machine's other
    work does not count."""
    with tempfile.TemporaryDirectory() as tmp:
        content = write_story(Path(tmp), files)
        size = shape_bytes(files)
        output = str(Path(tmp) / "output")
        command = ([str(PROJECT_DIR / "bench" / "stage_times.py"), str(content), output] if stages else
                   [str(PROJECT_DIR / "build.py"), "--content", str(content), "--output", output, "--quiet"])
        start = _children_cpu()
        try:
            run = subprocess.run([sys.executable, *command], capture_output=True, text=True, timeout=deadline)
        except subprocess.TimeoutExpired:
            return f"> {deadline:.0f} s", size, ""
        elapsed = _children_cpu() - start
        if run.returncode:
            return f"exit {run.returncode}", size, ""
        return f"{elapsed:.2f} s", size, run.stdout.strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("shapes", nargs="*", choices=[[]] + list(SHAPES), default=[], metavar="SHAPE",
                        help=f"some of: {', '.join(SHAPES)} (default: all)")
    parser.add_argument("--deadline", type=float, default=30.0, help="seconds before a build counts as a hang")
    parser.add_argument("--fractions", type=float, nargs="+", default=FRACTIONS, metavar="F",
                        help="sizes to build, as fractions of each shape's full size (default: 0.25 0.5 1)")
    parser.add_argument("--bytes", type=int, nargs="+", metavar="B",
                        help="sizes to build, in bytes of hostile text (instead of --fractions)")
    parser.add_argument("--stages", action="store_true", help="also print the seconds each stage took")
    args = parser.parse_args(argv)
    width = max(map(len, SHAPES))
    print(f"{'shape':<{width}} {'units':>7} {'bytes':>9} {'CPU (whole build)':>19}")
    for name in args.shapes or SHAPES:
        full, make = SHAPES[name]
        sizes = ([units_for_bytes(name, size) for size in args.bytes] if args.bytes else
                 [int(full * fraction) for fraction in args.fractions])
        for units in sizes:
            result, size, stages = time_build(make(units), args.deadline, args.stages)
            print(f"{name:<{width}} {units:>7} {size:>9} {result:>19}  {stages}".rstrip(), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
