"""The command line: `python3 build.py [build|check|new|add|serve|settings] ...`.

Exit codes: 0 success, 1 a problem with the content (or the output folder),
2 a usage error. Problems are printed one per line as `file:line: message`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import io
import sys
import time
import traceback
from pathlib import Path

from .cache import cache_folder
from .frontmatter import ContentError
from .load import is_base_url
from .model import printable
from .parallel import cores
from .pipeline import build_site
from .progress import StoryBar
from .scaffold import new_story
from .settings import settings_table
from .write import FileDigests, claim_output, write_site

PROJECT_DIR = Path(__file__).resolve().parent.parent
TEMPLATES_DIR = PROJECT_DIR / "templates"
COMMANDS = ("build", "check", "new", "add", "serve", "settings")

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2
# A build makes millions of small objects (tokens, sentences, quotations) and frees almost none in
# cycles; the collector's default, a pass every 700 new objects, costs a long article a sixth of
# its time. A pass every this many still frees what cycles there are.
GC_NEW_OBJECTS = 10_000


def collect_garbage_seldom() -> None:
    """The collector's youngest generation examined every GC_NEW_OBJECTS new objects, not 700."""
    gc.set_threshold(GC_NEW_OBJECTS, *gc.get_threshold()[1:])


def main(argv: list[str] | None = None) -> int:
    _escape_what_the_terminal_cannot_show()
    collect_garbage_seldom()
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help")):
        argv.insert(0, "build")
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except ContentError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        errors = sum(p.severity == "error" for p in error.problems)
        print(f"{errors} problem{'s' if errors != 1 else ''} found; nothing was written.", file=sys.stderr)
        return EXIT_CONTENT
    except OSError as error:
        where = f"{error.strerror or error}: {error.filename or ''}".rstrip(": ")
        print(printable(f"error: {where}"), file=sys.stderr)
        return EXIT_CONTENT
    except Exception as error:  # a bug of ours: say so plainly, never a bare traceback
        if getattr(args, "verbose", False):
            traceback.print_exc()
        print(f"internal error: {type(error).__name__}: {printable(str(error))} (run with --verbose for "
              "details, and please report it)", file=sys.stderr)
        return EXIT_CONTENT


def _escape_what_the_terminal_cannot_show() -> None:
    """Under an ASCII locale (LC_ALL=C) a name like `café` would stop the build mid-print."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--content", type=Path, default=Path("content"),
                        help="the content folder (default: content)")
    common.add_argument("--output", type=Path, default=Path("output"),
                        help="where the site is written (default: output)")
    common.add_argument("--base-url", type=_base_url, help="where the site will be published, e.g. /repo/ or "
                        "https://user.github.io/repo/ (default: base_url in site.yml)")
    common.add_argument("--strict", action="store_true", help="treat warnings as errors")
    loudness = common.add_mutually_exclusive_group()
    loudness.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    loudness.add_argument("-v", "--verbose", action="store_true", help="print what each stage did")
    drafting = argparse.ArgumentParser(add_help=False)
    drafting.add_argument("--drafts", action="store_true",
                          help="include the stories marked `draft: true` (never for publishing)")
    caching = argparse.ArgumentParser(add_help=False)
    caching.add_argument("--no-cache", action="store_true", help="build every story afresh, and keep none "
                         "(by default each is kept in .cache/ beside the content folder for the next build)")
    building = argparse.ArgumentParser(add_help=False)
    building.add_argument("--jobs", type=_jobs, default=cores(),
                          help=f"build this many stories at once (default: one per core, {cores()} here)")

    parser = argparse.ArgumentParser(
        prog="build.py", description="Merge several outlets' articles about one story into an "
        "annotated digest site.", epilog="Exit codes: 0 success, 1 content error, 2 usage error.")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    build = commands.add_parser("build", parents=[common, drafting, building, caching],
                                help="build the site (the default)",
                                description="Build content/ into output/. The old output stays "
                                "until the new site is complete.")
    build.set_defaults(run=run_build)
    check = commands.add_parser("check", parents=[common, drafting, building, caching],
                                help="validate the content, write no site",
                                description="Run the whole build without writing the site (the story cache "
                                            "is kept, as by a build); report every problem.")
    check.set_defaults(run=run_check)
    new = commands.add_parser("new", parents=[common], help="start a story folder",
                              description="Create content/<slug>/story.md from a commented template.")
    new.add_argument("slug", help="the story's folder name: lowercase letters, digits, hyphens")
    new.add_argument("--date", default=None, help="the story's date, YYYY-MM-DD (default: today)")
    new.set_defaults(run=run_new)
    add = commands.add_parser("add", parents=[common], help="add an article from a saved web page or a link",
                              description="Extract the article's text and metadata from a saved web page "
                              "(.html) or an http(s) address into <story>/<outlet>.md, to read over "
                              "before building. Never overwrites a file.")
    add.add_argument("story", help="the story's folder name, as `new` made it")
    add.add_argument("page", help="a saved web page (.html, .htm) or its http:// or https:// address")
    add.set_defaults(run=run_add)
    serve = commands.add_parser("serve", parents=[common, drafting, caching],
                                help="build, serve, rebuild on every edit",
                                description="Build, then serve output/ with live reload: each saved "
                                "edit rebuilds what it touches and the open browser reloads. A broken "
                                "edit shows its problems in the browser until fixed. Ctrl-C stops.")
    serve.add_argument("--host", default="127.0.0.1",
                       help="the address to listen on (default: 127.0.0.1, this machine only)")
    serve.add_argument("--port", type=_port, default=8000, help="the port (default: 8000)")
    serve.add_argument("--open", action="store_true", help="open the site in a web browser")
    serve.set_defaults(run=run_serve)
    settings = commands.add_parser("settings", help="list every key of site.yml, story.md and articles",
                                   description="Print the settings schema as Markdown tables: each "
                                   "key's kind, default, allowed values and meaning.")
    settings.set_defaults(run=run_settings)
    return parser


def _port(text: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (1-65535)")
    return int(text)


def _jobs(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of processes (1 or more)")
    return int(text)


def _base_url(value: str) -> str:
    if not is_base_url(value):
        raise argparse.ArgumentTypeError(f"{value!r} is not a path like /repo/ or a URL like "
                                         "https://user.github.io/repo/")
    return value


def run_build(args) -> int:
    started = time.perf_counter()
    on_disk = FileDigests()  # the output's files, read once by the check and again only if changed
    _check_output(args, on_disk)
    built = _build(args)
    write_site(built.files, args.output, on_disk)
    if not args.quiet:
        pages = sum(1 for path in built.files if path.endswith(".html"))
        articles = sum(len(s.articles) for s in built.sources)
        print(f"Built {len(built.sources)} stor{'y' if len(built.sources) == 1 else 'ies'} "
              f"from {articles} articles: {pages} pages in {printable(str(args.output))}/ "
              f"({time.perf_counter() - started:.2f} s). Open {printable(str(args.output / 'index.html'))}."
              f"{_drafts_left_out(built)}")
    return EXIT_OK


def run_check(args) -> int:
    built = _build(args)
    if not args.quiet:
        print(f"{printable(str(args.content))}/ is fine: {len(built.sources)} stories, "
              f"{sum(len(s.articles) for s in built.sources)} articles, "
              f"{len(built.warnings)} warnings.{_drafts_left_out(built)}")
    return EXIT_OK


def _drafts_left_out(built) -> str:
    if not built.drafts:
        return ""
    return (f" Left out {len(built.drafts)} draft{'s' if len(built.drafts) != 1 else ''}: "
            f"{printable(', '.join(built.drafts))} (--drafts shows them).")


def run_settings(args) -> int:
    print(settings_table(), end="")
    return EXIT_OK


def run_new(args) -> int:
    date = args.date or dt.date.today().isoformat()
    try:
        dt.date.fromisoformat(date)
    except ValueError:
        print(f"error: --date {date!r} is not YYYY-MM-DD", file=sys.stderr)
        return EXIT_USAGE
    story_file = new_story(args.content, args.slug, date)
    if not args.quiet:
        print(f"Created {printable(str(story_file))}. Add the outlets' articles beside it, "
              "then run `python3 build.py`.")
    return EXIT_OK


def run_add(args) -> int:
    from .add import add_article  # its network modules only for this command

    added = add_article(args.content, args.story, args.page)
    for warning in added.warnings:
        print(warning, file=sys.stderr)
    if not args.quiet:
        outlet, paragraphs = dict(added.fields)["outlet"], len(added.body.split("\n\n"))
        print(f"Added {printable(str(added.path))}: {printable(outlet)}, {paragraphs} paragraphs. Read it "
              "over (the outlet, title, author and date are the page's own), then run `python3 build.py`.")
    return EXIT_OK


def run_serve(args) -> int:
    from .serve import serve  # livereload and tornado take 0.15 s to import; only serve needs them

    _check_output(args)
    serve(args.content, args.output, TEMPLATES_DIR, host=args.host, port=args.port,
          base_url=args.base_url, strict=args.strict, open_browser=args.open, quiet=args.quiet,
          drafts=args.drafts, cache=_cache(args))
    return EXIT_OK


def _check_output(args, on_disk: FileDigests | None = None) -> None:
    claim_output(args.output, (args.content, TEMPLATES_DIR), on_disk)


def _cache(args) -> Path | None:
    """The cache folder, unless turned off or inside the output folder (which holds the site alone)."""
    folder = cache_folder(args.content)
    return None if args.no_cache or folder.is_relative_to(args.output.resolve()) else folder


def _build(args):
    bar = StoryBar(args.quiet)
    try:
        built = build_site(args.content, TEMPLATES_DIR, base_url=args.base_url, strict=args.strict,
                           drafts=args.drafts, progress=bar, jobs=args.jobs, cache=_cache(args))
    finally:
        bar.close()  # before any message, so none lands on the bar's line
    for warning in built.warnings:
        print(warning, file=sys.stderr)
    if args.verbose:
        for story in built.site.stories:
            for article in story.articles:
                print(f"{printable(article.source.path)}: [{article.siglum}] {printable(article.outlet)}: "
                      f"{len(article.paragraphs)} blocks, {len(article.sentences)} sentences, "
                      f"{len(article.removed)} lines removed")
    return built
