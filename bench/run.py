"""The speed benchmark: `python bench/run.py [--quick]` prints one Markdown table.

On a corpus of bench/news_corpus.py (100 stories by 8 outlets), it times a cold full build, a
rebuild with nothing changed, a rebuild after one sentence of one story changed, then one story
told by 250, 500, 1,000 and 2,000 outlets (with --quick: 12 stories, then 50 and 100 articles).
Beside each cold build it runs Pelican on the same articles as plain pages (each article's text
as a Markdown page), installed by this script into a throwaway virtual environment, and gives
the ratio of the two wall times. Every build is a fresh process, as a person runs it; peak
memory is the largest sum of the proportional set sizes of the build's processes (workers and
Pagefind included; a page they share counted once), sampled every 50 ms; a build over the
deadline or the memory cap is stopped and shown as over it, and the larger single stories after
it are not run.

The machine is shared and noisy: CPU seconds (the build's processes, workers included) vary
less than wall seconds.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.news_corpus import CorpusStory, corpus, write  # noqa: E402

PELICAN = "pelican[markdown]==4.12.0"  # the version of the first measurement
SAMPLE_EVERY = 0.05  # seconds between memory samples: short builds are over in a second
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


@dataclass(frozen=True)
class Plan:
    stories: int
    outlets: int
    single: tuple[int, ...]  # one story told by this many outlets
    deadline: float  # seconds one build may take
    memory_cap: int  # bytes of resident memory one build may hold


FULL = Plan(stories=100, outlets=8, single=(250, 500, 1000, 2000), deadline=300, memory_cap=8 << 30)
QUICK = Plan(stories=12, outlets=8, single=(50, 100), deadline=30, memory_cap=2 << 30)


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float
    peak_memory: int
    pages: int
    over: str = ""  # why it was stopped, when it was


def measure(command: list[str], output: Path, plan: Plan, env: dict | None = None) -> Run:
    """Run one build to its end (or the plan's limits) and say what it cost."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, start_new_session=True)
    peak, over = 0, ""
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        peak = max(peak, tree_memory(process.pid))
        elapsed = time.perf_counter() - started
        if elapsed > plan.deadline or peak > plan.memory_cap:
            over = f"> {plan.deadline:.0f} s" if elapsed > plan.deadline else f"> {plan.memory_cap >> 30} GB"
            os.killpg(process.pid, signal.SIGKILL)
            pid, status, usage = os.wait4(process.pid, 0)
            break
        time.sleep(SAMPLE_EVERY)
    wall = time.perf_counter() - started
    errors = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    if not over and os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{errors}")
    pages = sum(1 for _ in output.rglob("*.html")) if output.exists() and not over else 0
    return Run(wall=wall, cpu=usage.ru_utime + usage.ru_stime, peak_memory=peak, pages=pages, over=over)


def tree_memory(root: int) -> int:
    """Memory of a process and all its descendants, read from /proc: the sum of their proportional
    set sizes, so that a page two of them share (a forked worker's, or a child's in the instant
    between its fork and its exec) counts once, as the machine holds it once."""
    total, pending = 0, [root]
    while pending:
        pid = pending.pop()
        try:
            total += _proportional(pid)
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as children:
                    pending.extend(int(child) for child in children.read().split())
        except (OSError, ValueError):
            continue  # it ended meanwhile
    return total


def _proportional(pid: int) -> int:
    """One process's PSS in bytes (its resident size where the kernel gives no PSS)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except FileNotFoundError:
        pass
    with open(f"/proc/{pid}/statm") as statm:
        return int(statm.read().split()[1]) * PAGE_SIZE


def ours(content: Path, output: Path, plan: Plan, extra: tuple[str, ...]) -> Run:
    return measure([sys.executable, "build.py", "--content", str(content), "--output", str(output),
                    "--quiet", *extra], output, plan)


def install_pelican(folder: Path) -> Path:
    """A virtual environment with Pelican in it; where `venv` lacks pip (Debian without
    python3-venv), `virtualenv` from PyPI brings its own."""
    started = time.perf_counter()
    try:
        subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True, capture_output=True)
    except subprocess.CalledProcessError:
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--target", str(folder / "tool"),
                        "virtualenv"], check=True)
        subprocess.run([sys.executable, str(folder / "tool" / "virtualenv"), str(folder)], check=True,
                       env={**os.environ, "PYTHONPATH": str(folder / "tool")}, capture_output=True)
    pip = subprocess.run([str(folder / "bin" / "python"), "-m", "pip", "install", "--quiet",
                          "--disable-pip-version-check", PELICAN], capture_output=True, text=True)
    if pip.returncode:
        raise SystemExit(f"could not install {PELICAN}:\n{pip.stdout}{pip.stderr}")
    print(f"Pelican installed into a throwaway environment in {time.perf_counter() - started:.0f} s",
          file=sys.stderr)
    return folder / "bin" / "pelican"


def pelican_site(stories: list[CorpusStory], folder: Path) -> Path:
    """The same articles for Pelican: each one a Markdown page, no feeds."""
    pages = folder / "content" / "pages"
    pages.mkdir(parents=True)
    for story in stories:
        for article in story.articles:
            body = "\n\n".join(article.top + article.paragraphs + article.bottom)
            (pages / f"{story.slug}-{article.file_stem}.md").write_text(
                f"Title: {article.title}\nDate: {article.published}\nAuthor: {article.author}\n"
                f"Slug: {story.slug}-{article.file_stem}\n\n{body}\n")
    settings = folder / "pelicanconf.py"
    settings.write_text("SITENAME = 'Benchmark'\nTIMEZONE = 'UTC'\nDEFAULT_LANG = 'en'\n"
                        "FEED_ALL_ATOM = CATEGORY_FEED_ATOM = TRANSLATION_FEED_ATOM = None\n"
                        "AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None\nRELATIVE_URLS = True\n"
                        "CACHE_CONTENT = LOAD_CONTENT_CACHE = False\n")
    return settings


def pelican(binary: Path, stories: list[CorpusStory], folder: Path, plan: Plan) -> Run:
    settings = pelican_site(stories, folder)
    output = folder / "output"
    return measure([str(binary), str(folder / "content"), "-o", str(output), "-s", str(settings), "-q"],
                   output, plan)


def change_one_sentence(content: Path) -> None:
    """One word of the first article of the first story, as an editor's fix would."""
    story = sorted(p for p in content.iterdir() if p.is_dir())[0]
    first = sorted(p for p in story.iterdir() if p.suffix == ".md" and p.name != "story.md")[0]
    text = first.read_text()
    first.write_text(re.sub(r"\bthe\b", "a", text, count=1))


class Rows(list):
    """The table's rows, each also said on stderr as it is measured: a long run shows its way."""

    def append(self, row) -> None:
        super().append(row)
        print(f"{row[0]}: {row[2]}, Pelican {row[3]}", file=sys.stderr, flush=True)


def table(plan: Plan, jobs: tuple[str, ...]) -> str:
    rows = Rows()
    with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
        scratch = Path(scratch)
        binary = install_pelican(scratch / "venv")
        stories = corpus(plan.stories, plan.outlets)
        content, output = scratch / "content", scratch / "output"
        write(stories, content)
        label = f"{plan.stories} stories × {plan.outlets}"
        articles = plan.stories * plan.outlets
        rows.append((f"cold full build, {label}", articles, ours(content, output, plan, jobs),
                     pelican(binary, stories, scratch / "pelican-full", plan)))
        rows.append(("no-change rebuild", articles, ours(content, output, plan, jobs), None))
        change_one_sentence(content)
        rows.append(("one story changed, rebuild", articles, ours(content, output, plan, jobs), None))
        for size in plan.single:
            if rows[-1][2].over:  # a larger story would be over it too
                rows.append((f"one story × {size:,} articles", size, None, None))
                continue
            one = corpus(1, size)
            folder = scratch / f"single-{size}"
            write(one, folder / "content")
            rows.append((f"one story × {size:,} articles", size,
                         ours(folder / "content", folder / "output", plan, jobs),
                         pelican(binary, one, folder / "pelican", plan)))
            shutil.rmtree(folder)
    return render(rows)


def render(rows) -> str:
    lines = ["| build | articles | wall s | CPU s | pages | pages/s | peak memory | Pelican wall s | "
             "Pelican CPU s | Pelican pages/s | ours ÷ Pelican, wall (CPU) | ×2 articles costs |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    previous = None
    for name, articles, run, theirs in rows:
        if run is None:
            lines.append(f"| {name} | {articles:,} | not run: the size before was over the limit |" + " |" * 9)
            continue
        growth = ""
        if name.startswith("one story ×"):
            if previous and not run.over and not previous[1].over and articles == 2 * previous[0]:
                growth = f"×{run.wall / previous[1].wall:.2f}"
            previous = (articles, run)
        wall = run.over or f"{run.wall:.2f}"
        cpu = "" if run.over else f"{run.cpu:.2f}"
        rate = "" if run.over else f"{run.pages / run.wall:.0f}"
        pages = "" if run.over else f"{run.pages:,}"
        memory = f"{'> ' if run.over else ''}{run.peak_memory / 2**20:,.0f} MB"
        their_wall = their_cpu = their_rate = ratio = ""
        if theirs is not None:
            their_wall = theirs.over or f"{theirs.wall:.2f}"
            their_cpu = "" if theirs.over else f"{theirs.cpu:.2f}"
            their_rate = "" if theirs.over else f"{theirs.pages / theirs.wall:.0f}"
            ratio = "" if run.over or theirs.over else f"{run.wall / theirs.wall:.2f} ({run.cpu / theirs.cpu:.2f})"
        lines.append(f"| {name} | {articles:,} | {wall} | {cpu} | {pages} | {rate} | "
                     f"{memory} | {their_wall} | {their_cpu} | {their_rate} | {ratio} | {growth} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a smaller corpus, done in under two minutes")
    parser.add_argument("--jobs", help="passed to the build (default: the build's own default)")
    args = parser.parse_args()
    plan = QUICK if args.quick else FULL
    started = time.perf_counter()
    print(table(plan, ("--jobs", args.jobs) if args.jobs else ()))
    print(f"\n`python3 bench/run.py{' --quick' if args.quick else ''}` on {os.cpu_count()} cores, "
          f"{time.perf_counter() - started:.0f} s in all.")


if __name__ == "__main__":
    main()
