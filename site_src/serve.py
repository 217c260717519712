"""`python3 build.py serve`: build, serve the site on loopback, rebuild and reload on every edit.

livereload provides the browser's half: livereload.js, its websocket protocol and the script
injected into each page. Its measured traps (research notes, C.4) are closed here:

- it looks for changes every 800 ms: our watcher looks every POLL_SECONDS, through the
  `Watcher.start()` hook livereload provides for watchers that schedule themselves;
- it runs each build on the server's one thread, so a slow build stalls every request, and it
  drops any change made within 3 s of the last reload: ours run one at a time on a worker
  thread while the last good site is served, the saves made meanwhile gather into one following
  rebuild, and each finished rebuild reloads the browser once its site is swapped in;
- a build that raises tells the browser nothing: ours never raises; its problems replace every
  page, and the reload is sent all the same (the save that mends it reloads too);
- with nothing to watch it watches the working folder, output/ included: we watch the sources
  only, so writing the site never starts a build;
- its websocket takes any web page's connection and names each saved file's path on disk, its
  `/forcereload` lets any web page reload every preview, and it answers whatever the Host header
  says (DNS rebinding): ours takes only the preview's own pages and Host names, names site paths
  only, and has no /forcereload.

Pages are served from the last good build's files in memory, which are exactly what output/
holds: a request can only ever get a file the build made, whatever its path says (`..`, `%00`).
"""

from __future__ import annotations

import html
import ipaddress
import logging
import mimetypes
import os
import re
import socket
import sys
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Callable
from urllib.parse import urlsplit

from jinja2 import TemplateError, TemplateSyntaxError
from livereload import Server
from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from livereload.server import LiveScriptInjector
from livereload.watcher import Watcher
from tornado.ioloop import IOLoop, PeriodicCallback
from tornado.web import Application, HTTPError, RequestHandler

from .frontmatter import ContentError
from .pipeline import Built, build_site, rebuild_stories
from .render import template_environment
from .write import write_site

POLL_SECONDS = 0.1
EDITOR_TEMP_SUFFIXES = ("~", ".swp", ".swx")
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "[::1]"})  # the Host of a page on this machine
EVERY_INTERFACE = frozenset({"0.0.0.0", "::"})  # --host values that open the server to every network
HOST_HEADER = re.compile(r"(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::([0-9]{1,5}))?")  # a name or address, a port
HTTP_PORT = 80  # what a Host header without a port means
REFUSED_HOST = ("403 Forbidden: the Host header names another server; open the address that "
                "`build.py serve` printed.\n")
# Loaded from the page's own host and port; the port is given too, since a page on port 80 names none.
LIVE_SCRIPT = '<script src="/livereload.js?port={port}"></script>'


@dataclass(frozen=True)
class _Changes:
    """What edits not yet built touch: the whole site, or only some story folders."""

    everything: bool = False
    stories: frozenset[str] = frozenset()

    def __or__(self, other: _Changes) -> _Changes:
        return _Changes(self.everything or other.everything, self.stories | other.stories)

    def __bool__(self) -> bool:
        return self.everything or bool(self.stories)


@dataclass(frozen=True)
class _Sources:
    """What every rebuild reads and where it writes."""

    content_dir: Path
    output_dir: Path
    templates_dir: Path
    base_url: str | None
    strict: bool
    drafts: bool = False  # build the drafts too
    cache: Path | None = None  # where whole-site builds keep each story (pipeline.build_site)


@dataclass(frozen=True)
class _Outcome:
    """A rebuild's result: the new site, or the problems that stopped it."""

    built: Built | None
    problems: tuple[str, ...]
    what: str
    seconds: float


def serve(content_dir: Path, output_dir: Path, templates_dir: Path, *, host: str = "127.0.0.1",
          port: int = 8000, base_url: str | None = None, strict: bool = False,
          open_browser: bool = False, quiet: bool = False, drafts: bool = False,
          cache: Path | None = None) -> None:
    """Build, then serve `output_dir` until Ctrl-C, rebuilding what each saved edit touches."""
    sources = _Sources(content_dir.absolute(), output_dir.absolute(), templates_dir, base_url, strict, drafts,
                       cache)
    preview = _Preview(sources, quiet)
    server = _PreviewServer(preview, _SourceWatcher(preview.changed), _Audience.listening_at(host, port))
    for folder in (content_dir, templates_dir):
        server.watch(str(folder.absolute()))
    logging.getLogger("livereload").disabled = quiet
    try:
        preview.build_first()
        if not quiet:
            print(f"Serving {output_dir}/ at http://{host}:{port}{preview.mount} (Ctrl-C stops)",
                  flush=True)
        server.serve(port=port, host=host, open_url_delay=0 if open_browser else None)
    except KeyboardInterrupt:  # livereload catches the one that stops its loop; this is for the first build
        pass
    except OSError as error:  # the port is taken, or the address is not this machine's
        raise OSError(error.errno, error.strerror, f"{host}:{port}") from None
    finally:
        preview.worker.shutdown(wait=False, cancel_futures=True)
    if not quiet:
        print("Stopped.", flush=True)


class _Preview:
    """The site being served, and the rebuilds that replace it.

    Used on the server's thread only; the rebuilds run on `worker`, one at a time, and hand back
    an _Outcome, so a request is always answered from one complete site.
    """

    def __init__(self, sources: _Sources, quiet: bool) -> None:
        self.sources, self.quiet = sources, quiet
        self.built: Built | None = None
        self.error_page: bytes | None = None
        self.waiting = _Changes()  # saves that no rebuild has started on
        self.unbuilt = _Changes()  # what failed rebuilds tried: the next one must try it again
        self.rebuilding = False
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="rebuild")

    @property
    def mount(self) -> str:
        """The base URL's path, where GitHub Pages will serve the site too."""
        return urlsplit(self.built.site.config.base_url).path if self.built else "/"

    def build_first(self) -> None:
        """The build before the server listens: nobody waits for a page yet."""
        everything = _Changes(everything=True)
        self._swap_in(everything, _rebuild(None, everything, self.sources))

    def changed(self, paths: list[str]) -> None:
        """Saved edits: rebuild now, or, if a rebuild is running, together with every save after it."""
        self.waiting |= self._touched(paths)
        if not self.rebuilding:
            self._start()

    def _start(self) -> None:
        changes, self.waiting = self.waiting | self.unbuilt, _Changes()
        self.rebuilding = True
        future = IOLoop.current().run_in_executor(self.worker, _rebuild, self.built, changes, self.sources)
        future.add_done_callback(lambda done: self._finish(changes, done.result()))

    def _finish(self, changes: _Changes, outcome: _Outcome) -> None:
        self.rebuilding = False
        self._swap_in(changes, outcome)
        if self.waiting:
            self._start()

    def _swap_in(self, changes: _Changes, outcome: _Outcome) -> None:
        """Serve what a rebuild made (or its problems), then tell the browsers."""
        before = self.built.files if self.built else {}
        if outcome.built is None:
            self.unbuilt, self.error_page = changes, self._error_page(outcome.problems)
            print("Build failed; the browser shows this until a save mends it:", *outcome.problems,
                  sep="\n", file=sys.stderr, flush=True)
        else:
            for warning in outcome.built.warnings:
                print(warning, file=sys.stderr, flush=True)
            if not self.quiet:
                print(f"{'Rebuilt' if self.built else 'Built'} {outcome.what} in {outcome.seconds:.3f} s",
                      flush=True)
            self.built, self.unbuilt, self.error_page = outcome.built, _Changes(), None
        _ReloadSocket.reload_pages(_reload_path(before, self.built.files if self.built else {}, self.mount))

    def _touched(self, changed: list[str]) -> _Changes:
        """A file in a story folder touches that story; any other (a template, site.yml) everything."""
        content_dir = self.sources.content_dir
        stories = set()
        for path in map(Path, changed):
            parts = path.relative_to(content_dir).parts if path.is_relative_to(content_dir) else ()
            if len(parts) < 2:
                return _Changes(everything=True)
            stories.add(parts[0])
        return _Changes(stories=frozenset(stories))

    def _error_page(self, problems: tuple[str, ...]) -> bytes:
        try:
            page = template_environment(self.sources.templates_dir).get_template("error.html")
            return page.render(problems=problems).encode("utf-8")
        except (TemplateError, OSError):  # error.html itself is broken: the problems, plain
            return (f"<!doctype html><html><head><title>Build failed</title></head><body><pre>"
                    f"{html.escape(chr(10).join(problems))}</pre></body></html>").encode("utf-8")


def _rebuild(previous: Built | None, changes: _Changes, sources: _Sources) -> _Outcome:
    """Build what `changes` touch and write it to output/; never raises, so the server outlives any edit."""
    started = time.perf_counter()
    try:
        built, what = _build(previous, changes, sources)
        write_site(built.files, sources.output_dir)
    except Exception as error:  # whatever broke, the browser must be told
        return _Outcome(None, tuple(_describe(error, sources.templates_dir)), "",
                        time.perf_counter() - started)
    return _Outcome(built, (), what, time.perf_counter() - started)


def _build(previous: Built | None, changes: _Changes, sources: _Sources) -> tuple[Built, str]:
    stories = changes.stories
    known = {story.slug for story in previous.site.stories} if previous else set()
    if changes.everything or not stories <= known or not all(
            (sources.content_dir / slug).is_dir() for slug in stories):
        return (build_site(sources.content_dir, sources.templates_dir, sources.base_url, sources.strict,
                           sources.drafts, cache=sources.cache),
                "the whole site")
    return (rebuild_stories(previous, stories, sources.content_dir, sources.templates_dir, sources.strict,
                            sources.drafts),
            ", ".join(sorted(stories)))


def _describe(error: Exception, templates_dir: Path) -> list[str]:
    """Each problem as `file:line: message`, as `python3 build.py` prints them."""
    if isinstance(error, ContentError):
        return [str(problem) for problem in error.problems]
    if isinstance(error, TemplateSyntaxError):
        return [f"{templates_dir.name}/{error.name}:{error.lineno}: error: {error.message}"]
    if isinstance(error, OSError) and error.filename:
        return [f"{error.filename}: error: {error.strerror}"]
    traceback.print_exc()
    return [f"internal error: {type(error).__name__}: {error}"]


def _reload_path(before: dict[str, bytes], after: dict[str, bytes], mount: str) -> str:
    """The site path a reload message names (never a file on disk): livereload.js swaps a
    stylesheet in place when only stylesheets changed, and reloads the page for any other path."""
    changed = sorted(path for path in before.keys() | after.keys() if before.get(path) != after.get(path))
    if changed and all(path.endswith(".css") for path in changed):
        return mount + changed[0]
    return mount


class _SourceWatcher(Watcher):
    """Compares snapshots of the sources, so one rebuild sees every file changed, added or removed.

    livereload's own examine() stops at a folder's first changed file without saying which, and
    compares modification times alone; and its poll would reload the browser before the rebuild
    is done, so ours hands the changes to the preview, which reloads once it has swapped them in.
    """

    def __init__(self, on_change: Callable[[list[str]], None]) -> None:
        super().__init__()
        self.on_change = on_change
        self.snapshot: dict[str, tuple[int, int]] = {}

    def watch(self, path, func=None, delay=None, ignore=None) -> None:
        super().watch(path, func, delay, ignore)
        self.snapshot.update(_snapshot(path))

    def start(self, callback) -> bool:
        PeriodicCallback(self.poll, POLL_SECONDS * 1000).start()
        return True  # livereload starts its own 800 ms poll otherwise

    def poll(self) -> None:
        now: dict[str, tuple[int, int]] = {}
        for root in self._tasks:
            now.update(_snapshot(root))
        changed = sorted(path for path in now.keys() | self.snapshot.keys()
                         if now.get(path) != self.snapshot.get(path))
        self.snapshot = now
        if changed:
            self.on_change(changed)


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


@dataclass(frozen=True)
class _Audience:
    """The Host headers the server answers: its own names, on its own port.

    A web page whose name an attacker points at this machine (DNS rebinding) sends its own name
    as the Host, so it is refused. Opened to a network (`--host`), the server answers that host
    and the machine's name too, and, listening on every interface, any IP address: only a name
    can be rebound.
    """

    names: frozenset[str]
    port: int
    any_address: bool

    @classmethod
    def listening_at(cls, host: str, port: int) -> _Audience:
        name = f"[{host.lower()}]" if ":" in host else host.lower()
        if name in LOOPBACK_NAMES or _is_address(name) and ipaddress.ip_address(name.strip("[]")).is_loopback:
            return cls(LOOPBACK_NAMES | {name}, port, any_address=False)
        return cls(LOOPBACK_NAMES | {name, socket.gethostname().lower()}, port,
                   any_address=host in EVERY_INTERFACE)

    def accepts(self, host_header: str) -> bool:
        match = HOST_HEADER.fullmatch(host_header.lower())
        if not match:
            return False
        name, port = match.group(1), int(match.group(2) or HTTP_PORT)
        return port == self.port and (name in self.names or self.any_address and _is_address(name))


def _is_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name.strip("[]"))
    except ValueError:
        return False
    return True


class _Guarded(RequestHandler):
    """The first check of every request: a Host header not this server's is refused."""

    def prepare(self) -> None:
        if not self.settings["audience"].accepts(self.request.headers.get("Host", "")):
            self.set_status(403)
            self.set_header("Content-Type", "text/plain; charset=utf-8")
            self.finish(REFUSED_HOST)

    def write_error(self, status_code: int, **kwargs) -> None:
        """A short plain answer: no traceback, nothing the request said."""
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(f"{status_code} {self._reason}\n")


class _ReloadSocket(_Guarded, LiveReloadHandler):
    """livereload's websocket, for the preview's own pages only.

    Its reload messages name the pages, so any other web page that could listen would learn
    nothing but when a save happened; it is refused all the same. Tornado compares Origin with
    Host itself, and asks here only about an Origin that looks like another site.
    """

    def check_origin(self, origin: str) -> bool:
        # A client without an Origin is let in by tornado: browsers always send one on websockets,
        # so such a client is a program, which could read the site (or its sources) as well.
        return origin.lower() == f"http://{self.request.headers.get('Host', '').lower()}"

    @classmethod
    def reload_pages(cls, path: str) -> None:
        """Tell every connected page to reload; `path` is a site path, such as a changed stylesheet's."""
        for page in tuple(cls.waiters):
            page.send_message({"command": "reload", "path": path, "liveCSS": True, "liveImg": True})


class _ScriptHandler(_Guarded, LiveReloadJSHandler):
    """livereload.js, which each page loads."""


class _SiteHandler(_Guarded):
    """The last good build as GitHub Pages serves it: under the base URL's path, with 404.html for
    what is missing; or, while the last edit broke the build, its problems in place of every page.

    Every page comes from the build's own list of files, so no path can reach anything else.
    """

    def initialize(self, preview: _Preview) -> None:
        self.preview = preview

    def head(self, path: str) -> None:
        self.get(path)  # tornado sends the headers alone

    def get(self, path: str) -> None:
        preview, url_path = self.preview, "/" + path
        if preview.error_page is not None and _is_page(path):
            self.set_status(500)
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.finish(preview.error_page)
            return
        files, mount = preview.built.files if preview.built else {}, preview.mount
        if not url_path.startswith(mount):
            if url_path not in ("/", mount.rstrip("/")):
                raise HTTPError(404)
            self.redirect(mount)
            return
        rel = url_path[len(mount):]
        if f"{rel}/index.html" in files:  # a folder asked for without its slash
            self.redirect(f"{mount}{rel}/")
            return
        rel += "index.html" if rel == "" or rel.endswith("/") else ""
        if rel not in files:
            raise HTTPError(404)
        self.set_header("Content-Type", mimetypes.guess_type(rel)[0] or "application/octet-stream")
        self.finish(files[rel])

    def write_error(self, status_code: int, **kwargs) -> None:
        not_found = self.preview.built.files.get("404.html") if self.preview.built else None
        if status_code == 404 and not_found is not None:
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.finish(not_found)
        else:
            super().write_error(status_code, **kwargs)


def _is_page(path: str) -> bool:
    return path.endswith("/") or PurePosixPath(path).suffix in ("", ".html")


def _application(preview: _Preview, audience: _Audience) -> Application:
    """The preview's routes: the site, and livereload's socket and script (but not its
    /forcereload, which would let any web page reload every preview)."""

    class ScriptInjector(LiveScriptInjector):
        script = LIVE_SCRIPT.format(port=audience.port).encode()

    return Application([(r"/livereload", _ReloadSocket), (r"/livereload\.js", _ScriptHandler),
                        (r"/(.*)", _SiteHandler, {"preview": preview})],
                       transforms=[ScriptInjector], audience=audience)


class _PreviewServer(Server):
    """livereload's server loop, serving our application."""

    def __init__(self, preview: _Preview, watcher: Watcher, audience: _Audience) -> None:
        super().__init__(watcher=watcher)
        self.preview, self.audience = preview, audience

    def application(self, port, host, liveport=None, debug=None, live_css=True) -> None:
        LiveReloadHandler.watcher = self.watcher  # livereload starts it through this
        _application(self.preview, self.audience).listen(port, address=host)
