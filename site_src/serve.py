"""`python build.py serve`: build, serve the site on loopback, rebuild and reload on every edit.

The livereload package does the serving, the browser's websocket and the injected script. Its
measured traps (research notes, C.4) are closed here:

- it looks for changes every 800 ms: our watcher looks every POLL_SECONDS, through the
  `Watcher.start()` hook livereload provides for watchers that schedule themselves;
- it drops any change made within `LiveReloadHandler.DEFAULT_RELOAD_TIME` (3 s) of the last
  reload: set to 0, every save reloads;
- a build that raises tells the browser nothing: ours never raises; its problems replace every
  page, and the reload is sent all the same (the save that mends it reloads too);
- with nothing to watch it watches the working folder, output/ included: we watch the sources
  only, so writing the site never starts a build.

Builds run on the server's one thread, so no request ever sees a half-written site.
"""

from __future__ import annotations

import html
import logging
import os
import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Callable
from urllib.parse import urlsplit

from jinja2 import TemplateError, TemplateSyntaxError
from livereload import Server
from livereload.handlers import LiveReloadHandler, StaticFileHandler
from livereload.watcher import Watcher
from tornado.ioloop import PeriodicCallback
from tornado.web import HTTPError

from .frontmatter import ContentError
from .pipeline import Built, build_site, rebuild_stories
from .render import template_environment
from .write import write_site

POLL_SECONDS = 0.1
EDITOR_TEMP_SUFFIXES = ("~", ".swp", ".swx")


@dataclass(frozen=True)
class _Changes:
    """What edits not yet built touch: the whole site, or only some story folders."""

    everything: bool = False
    stories: frozenset[str] = frozenset()

    def __or__(self, other: _Changes) -> _Changes:
        return _Changes(self.everything or other.everything, self.stories | other.stories)


def serve(content_dir: Path, output_dir: Path, templates_dir: Path, *, host: str = "127.0.0.1",
          port: int = 8000, base_url: str | None = None, strict: bool = False,
          open_browser: bool = False, quiet: bool = False) -> None:
    """Build, then serve `output_dir` until Ctrl-C, rebuilding what each saved edit touches."""
    LiveReloadHandler.DEFAULT_RELOAD_TIME = 0  # else a save within 3 s of the last reload is dropped
    preview = _Preview(content_dir.absolute(), output_dir.absolute(), templates_dir, base_url,
                       strict, quiet)
    server = _PreviewServer(preview, _SourceWatcher(preview.rebuild))
    for sources in (content_dir, templates_dir):
        server.watch(str(sources.absolute()))
    logging.getLogger("livereload").disabled = quiet
    try:
        preview.rebuild([])
        if not quiet:
            print(f"Serving {output_dir}/ at http://{host}:{port}{preview.mount} (Ctrl-C stops)",
                  flush=True)
        server.serve(port=port, host=host, root=str(preview.output_dir),
                     open_url_delay=0 if open_browser else None)
    except KeyboardInterrupt:  # livereload catches the one that stops its loop; this is for the first build
        pass
    except OSError as error:  # the port is taken, or the address is not this machine's
        raise OSError(error.errno, error.strerror, f"{host}:{port}") from None
    if not quiet:
        print("Stopped.", flush=True)


class _Preview:
    """The site being served: the last good build, and the problems shown while an edit breaks it."""

    def __init__(self, content_dir: Path, output_dir: Path, templates_dir: Path,
                 base_url: str | None, strict: bool, quiet: bool) -> None:
        self.content_dir, self.output_dir, self.templates_dir = content_dir, output_dir, templates_dir
        self.base_url, self.strict, self.quiet = base_url, strict, quiet
        self.built: Built | None = None
        self.error_page: bytes | None = None
        self.pending = _Changes(everything=True)

    @property
    def mount(self) -> str:
        """The base URL's path, where GitHub Pages will serve the site too."""
        return urlsplit(self.built.site.config.base_url).path if self.built else "/"

    def rebuild(self, changed: list[str]) -> None:
        """Bring output/ up to date with the sources; never raises, so the server outlives any edit."""
        self.pending |= self._touched(changed)
        started = time.perf_counter()
        try:
            built, what = self._build()
            write_site(built.files, self.output_dir)
        except Exception as error:  # whatever broke, the browser must be told
            problems = _describe(error, self.templates_dir)
            self.error_page = self._error_page(problems)
            print("Build failed; the browser shows this until a save mends it:", *problems,
                  sep="\n", file=sys.stderr, flush=True)
            return
        for warning in built.warnings:
            print(warning, file=sys.stderr, flush=True)
        if not self.quiet:
            print(f"{'Rebuilt' if self.built else 'Built'} {what} in "
                  f"{time.perf_counter() - started:.3f} s", flush=True)
        self.built, self.pending, self.error_page = built, _Changes(), None

    def _touched(self, changed: list[str]) -> _Changes:
        """A file in a story folder touches that story; any other (a template, site.yml) everything."""
        stories = set()
        for path in map(Path, changed):
            parts = path.relative_to(self.content_dir).parts if path.is_relative_to(self.content_dir) else ()
            if len(parts) < 2:
                return _Changes(everything=True)
            stories.add(parts[0])
        return _Changes(stories=frozenset(stories))

    def _build(self) -> tuple[Built, str]:
        stories = self.pending.stories
        known = {story.slug for story in self.built.site.stories} if self.built else set()
        if self.pending.everything or not stories <= known or not all(
                (self.content_dir / slug).is_dir() for slug in stories):
            return (build_site(self.content_dir, self.templates_dir, self.base_url, self.strict),
                    "the whole site")
        return (rebuild_stories(self.built, stories, self.content_dir, self.templates_dir, self.strict),
                ", ".join(sorted(stories)))

    def _error_page(self, problems: list[str]) -> bytes:
        try:
            page = template_environment(self.templates_dir).get_template("error.html")
            return page.render(problems=problems).encode("utf-8")
        except (TemplateError, OSError):  # error.html itself is broken: the problems, plain
            return (f"<!doctype html><html><head><title>Build failed</title></head><body><pre>"
                    f"{html.escape(chr(10).join(problems))}</pre></body></html>").encode("utf-8")


def _describe(error: Exception, templates_dir: Path) -> list[str]:
    """Each problem as `file:line: message`, as `python build.py` prints them."""
    if isinstance(error, ContentError):
        return [str(problem) for problem in error.problems]
    if isinstance(error, TemplateSyntaxError):
        return [f"{templates_dir.name}/{error.name}:{error.lineno}: error: {error.message}"]
    if isinstance(error, OSError) and error.filename:
        return [f"{error.filename}: error: {error.strerror}"]
    traceback.print_exc()
    return [f"internal error: {type(error).__name__}: {error}"]


class _SourceWatcher(Watcher):
    """Compares snapshots of the sources, so one rebuild sees every file changed, added or removed.

    livereload's own examine() stops at a folder's first changed file without saying which, and
    compares modification times alone.
    """

    def __init__(self, on_change: Callable[[list[str]], None]) -> None:
        super().__init__()
        self.on_change = on_change
        self.snapshot: dict[str, tuple[int, int]] = {}

    def watch(self, path, func=None, delay=None, ignore=None) -> None:
        super().watch(path, func, delay, ignore)
        self.snapshot.update(_snapshot(path))

    def start(self, callback) -> bool:
        PeriodicCallback(callback, POLL_SECONDS * 1000).start()
        return True  # livereload starts its own 800 ms poll otherwise

    def examine(self) -> tuple[str | None, None]:
        now: dict[str, tuple[int, int]] = {}
        for root in self._tasks:
            now.update(_snapshot(root))
        changed = sorted(path for path in now.keys() | self.snapshot.keys()
                         if now.get(path) != self.snapshot.get(path))
        self.snapshot = now
        if changed:
            self.on_change(changed)
        # livereload.js swaps stylesheets in place for a .css path, and reloads the page for any other
        self.filepath = next((p for p in changed if not p.endswith(".css")), changed[0]) if changed else None
        return self.filepath, None


def _snapshot(root: str) -> dict[str, tuple[int, int]]:
    """Each source file's modification time and size; hidden and editors' temporary files are not sources."""
    found = {}
    for folder, dirs, names in os.walk(root):
        dirs[:] = [name for name in dirs if not name.startswith(".")]
        for name in names:
            if name.startswith(".") or name.endswith(EDITOR_TEMP_SUFFIXES):
                continue
            path = os.path.join(folder, name)
            try:
                info = os.stat(path)
            except FileNotFoundError:  # removed while we looked
                continue
            found[path] = (info.st_mtime_ns, info.st_size)
    return found


class _PreviewServer(Server):
    """livereload's server, with our handler for the site's files."""

    def __init__(self, preview: _Preview, watcher: Watcher) -> None:
        super().__init__(watcher=watcher)
        self.preview = preview

    def get_web_handlers(self, script):
        return [(r"/(.*)", _SiteHandler, {"path": str(self.preview.output_dir), "preview": self.preview})]


class _SiteHandler(StaticFileHandler):
    """output/ as GitHub Pages serves it: under the base URL's path, with 404.html for what is
    missing; or, while the last edit broke the build, its problems in place of every page.

    livereload's StaticFileHandler never answers 304, so a reload always gets the new page, and
    tornado's refuses any path that leaves output/.
    """

    def initialize(self, path: str, preview: _Preview) -> None:
        super().initialize(path, default_filename="index.html")
        self.preview = preview

    async def get(self, path: str, include_body: bool = True) -> None:
        if self.preview.error_page is not None and _is_page(path):
            self.set_status(500)
            self.finish(self.preview.error_page)
            return
        url_path, mount = "/" + path, self.preview.mount
        if url_path.startswith(mount):
            await super().get(url_path[len(mount):], include_body)
        elif url_path in ("/", mount.rstrip("/")):
            self.redirect(mount)
        else:
            raise HTTPError(404)

    def write_error(self, status_code: int, **kwargs) -> None:
        not_found = self.preview.output_dir / "404.html"
        if status_code == 404 and not_found.is_file():
            self.finish(not_found.read_bytes())
        else:
            super().write_error(status_code, **kwargs)


def _is_page(path: str) -> bool:
    return path.endswith("/") or PurePosixPath(path).suffix in ("", ".html")
