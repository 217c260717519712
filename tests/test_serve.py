"""`python build.py serve`: a real server on a free loopback port, a livereload client, and edits.

Each of livereload's measured traps has its check here: the 800 ms poll, the 3 s reload throttle,
the silent failed build, and watching output/ (or the working folder) instead of the sources.
"""

from __future__ import annotations

import asyncio
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import EXAMPLE_CONTENT, PROJECT_DIR, write_tree
from tornado.websocket import websocket_connect

from site_src import clean
from site_src.cli import TEMPLATES_DIR
from site_src.pipeline import build_site, rebuild_stories

SLUG = "us-cable-ai-distillation"
STORY_PAGE = f"/{SLUG}/"
TITLE_LINE = 'title: "U.S. cable tells diplomats to warn allies about Chinese AI distillation"'


@dataclass(frozen=True)
class Server:
    process: subprocess.Popen
    port: int
    root: Path  # holds content/, output/ and the server's logs; also its working folder

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def output(self) -> Path:
        return self.root / "output"

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def log(self, stream: str) -> str:
        return (self.root / f"{stream}.log").read_text()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := condition():
            return result
        time.sleep(0.02)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def raw_get(server: Server, path: str) -> tuple[int, str]:
    """A request sent exactly as written: no client tidies `..` away."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def start_server(root: Path, *args: str, env: dict | None = None,
                 program: Path = PROJECT_DIR / "build.py") -> Server:
    """`program serve` in `root`; `program` is build.py, or a script that alters it for a test."""
    port = free_port()
    with open(root / "stdout.log", "w") as out, open(root / "stderr.log", "w") as err:
        process = subprocess.Popen(
            [sys.executable, str(program), "serve", "--content", "content",
             "--output", "output", "--port", str(port), *args],
            cwd=root, stdout=out, stderr=err, env={**os.environ, **(env or {})})
    server = Server(process, port, root)

    def up() -> bool:
        assert process.poll() is None, server.log("stderr")
        try:
            return raw_get(server, "/")[0] in (200, 302)
        except OSError:
            return False

    wait_until(up, 30, "the server to answer")
    return server


# Seconds a stopped server may take to exit: a rebuild under way finishes first, and a loaded
# two-core machine can take several seconds for one.
STOP_WAIT = 30
# Seconds to wait for the reload after an edit: one rebuild of the example, on the same busy machine.
RELOAD_WAIT = 30.0


def stop(server: Server) -> int:
    server.process.send_signal(signal.SIGINT)
    try:
        return server.process.wait(timeout=STOP_WAIT)
    finally:
        if server.process.poll() is None:
            server.process.kill()
            server.process.wait()


@pytest.fixture
def site_root(tmp_path) -> Path:
    shutil.copytree(EXAMPLE_CONTENT, tmp_path / "content")
    return tmp_path


@pytest.fixture
def server(site_root):
    running = start_server(site_root)
    yield running
    if running.process.poll() is None:
        stop(running)


class LiveReloadClient:
    """A browser's livereload.js, as the server sees it: the handshake, then reload messages."""

    def __init__(self, server: Server):
        self.server = server
        self.socket = None

    async def connect(self) -> None:
        self.socket = await websocket_connect(f"ws://127.0.0.1:{self.server.port}/livereload")
        await self.socket.write_message(json.dumps(
            {"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}))
        assert json.loads(await asyncio.wait_for(self.socket.read_message(), 5))["command"] == "hello"
        await self.socket.write_message(json.dumps(
            {"command": "info", "url": self.server.url(STORY_PAGE), "plugins": {}}))
        wait_until(lambda: "Browser Connected" in self.server.log("stderr"), 5, "the server to register the client")

    async def reload(self, timeout: float = RELOAD_WAIT) -> dict:
        """The next message, which must be a reload."""
        try:
            text = await asyncio.wait_for(self.socket.read_message(), timeout)
        except asyncio.TimeoutError:
            raise AssertionError(f"no reload message within {timeout} s; the server said:\n"
                                 f"{self.server.log('stdout')}{self.server.log('stderr')}") from None
        assert str(self.server.root) not in text, text  # any web page could read where the files are
        message = json.loads(text)
        assert message["command"] == "reload", message
        return message

    async def silence(self, seconds: float) -> None:
        try:
            message = await asyncio.wait_for(self.socket.read_message(), seconds)
        except asyncio.TimeoutError:
            return
        raise AssertionError(f"unexpected message from the server: {message}")


def save(path: Path, text: str | bytes) -> None:
    """Saved whole in one step, as editors save: a poll that fell inside a plain write would see
    the file half written, rebuild twice and send a second reload the scenario would miscount."""
    content = next(folder for folder in path.parents if folder.name == "content")
    draft = content.parent / f".{path.name}.saving"  # beside content/, which is watched
    if isinstance(text, bytes):
        draft.write_bytes(text)
    else:
        draft.write_text(text, encoding="utf-8")
    os.replace(draft, path)


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_edits_reload_the_browser_and_a_broken_edit_shows_its_error(server):
    story_md = server.content / SLUG / "story.md"
    article = server.content / SLUG / "3-noah-wire-services.md"
    original_story, original_article = story_md.read_text(), article.read_bytes()
    assert TITLE_LINE in original_story

    status, page = fetch(server.url(STORY_PAGE))
    assert status == 200 and "livereload.js" in page  # the script that connects the browser

    async def scenario():
        client = LiveReloadClient(server)
        await client.connect()

        # A one-story edit: that story is rebuilt and the browser told.
        save(story_md, original_story.replace(TITLE_LINE, 'title: "Preview edit one"'))
        message = await client.reload()
        assert message["path"] == "/"  # a site path: the file saved is no business of the page's
        assert "Preview edit one" in fetch(server.url(STORY_PAGE))[1]

        # A second save right after the reload (on a quiet machine, well inside livereload's
        # DEFAULT_RELOAD_TIME, which would drop it) is rebuilt and reloaded too. How soon is
        # measured by bench/, not asserted here.
        save(story_md, original_story.replace(TITLE_LINE, 'title: "Preview edit two"'))
        await client.reload()
        status, page = fetch(server.url(STORY_PAGE))
        assert status == 200 and "Preview edit two" in page

        # A broken edit: the browser is still told, and gets the error where the site was.
        good_output = tree(server.output)
        save(article, "---\noutlet: [unclosed\n---\ntext\n")
        await client.reload()
        status, page = fetch(server.url(STORY_PAGE))
        assert status == 500
        assert f"content/{SLUG}/3-noah-wire-services.md:2: error: YAML syntax error" in page
        assert "livereload.js" in page  # so the fix reloads it too
        assert fetch(server.url("/static/style.css"))[0] == 200
        assert tree(server.output) == good_output

        # Another breakage, a file that is not text at all.
        save(article, b"---\noutlet: X\n---\nbinary \x00 data\n")
        await client.reload()
        assert "3-noah-wire-services.md:4: error: contains binary data" in fetch(server.url(STORY_PAGE))[1]

        # Mended: the site is back, with both earlier edits.
        save(article, original_article)
        await client.reload()
        status, page = fetch(server.url(STORY_PAGE))
        assert status == 200 and "Preview edit two" in page

        # Writing the site is no edit: nothing under output/ is watched (nor the working folder).
        (server.output / "stray.html").write_text("<p>not a source</p>")
        await client.silence(0.7)  # several of the server's polls
        (server.output / "stray.html").unlink()  # no build wrote it, so the next one would refuse output/

        # The site file touches every page.
        site_yml = server.content / "site.yml"
        save(site_yml, site_yml.read_text().replace('title: "Story Digests"', 'title: "Renamed digests"'))
        await client.reload()
        assert "Renamed digests" in fetch(server.url("/"))[1]

        client.socket.close()

    asyncio.run(scenario())

    assert stop(server) == 0
    out, err = server.log("stdout"), server.log("stderr")
    assert f"Rebuilt {SLUG} in " in out and "Rebuilt the whole site in " in out
    assert f"content/{SLUG}/3-noah-wire-services.md:2: error: YAML syntax error" in err
    assert out.rstrip().endswith("Stopped.") and "Traceback" not in err


def test_serves_output_only_on_loopback_under_the_base_url(site_root):
    opened = site_root / "opened.txt"
    browser = site_root / "browser"
    browser.write_text(f"#!{sys.executable}\nimport sys, pathlib\npathlib.Path({str(opened)!r}).write_text(sys.argv[1])\n")
    browser.chmod(0o755)
    server = start_server(site_root, "--base-url", "/repo/", "--open", env={"BROWSER": str(browser)})
    try:
        if Path("/proc/net/tcp").exists():
            listening = [line.split()[1] for line in Path("/proc/net/tcp").read_text().splitlines()[1:]
                         if line.split()[3] == "0A" and int(line.split()[1].split(":")[1], 16) == server.port]
            assert listening == [f"0100007F:{server.port:04X}"]  # 127.0.0.1 only

        assert fetch(server.url("/"))[1] == fetch(server.url("/repo/"))[1]  # redirected to the base URL
        status, index = fetch(server.url("/repo/"))
        assert status == 200 and "Story Digests" in index
        for path in ("/repo/../content/site.yml", "/repo/%2e%2e/content/site.yml", "/repo/../stdout.log",
                     "/content/site.yml", "/repo//etc/passwd"):
            status, body = raw_get(server, path)
            assert status in (403, 404) and "base_url" not in body and "root:" not in body, path
        status, missing = fetch(server.url("/repo/no/such/page.html"))
        assert status == 404 and "Page not found" in missing and 'href="/repo/index.html"' in missing
        # The browser writes the address after creating the file: wait for the address itself.
        wait_until(lambda: opened.exists() and opened.read_text(), 5, "--open to open a browser")
        assert opened.read_text() == f"http://127.0.0.1:{server.port}"
    finally:
        code = stop(server)
    assert code == 0 and "Traceback" not in server.log("stderr")
    with socket.socket() as again:  # nothing listens there any more (as a server binds: reusing TIME_WAIT)
        again.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        again.bind(("127.0.0.1", server.port))
        again.listen()


def test_a_second_server_on_a_taken_port_says_so(server, tmp_path):
    result = subprocess.run([sys.executable, str(PROJECT_DIR / "build.py"), "serve", "--content",
                             str(server.content), "--output", str(tmp_path / "other"), "--port",
                             str(server.port)], capture_output=True, text=True, timeout=30)
    assert result.returncode == 1
    assert f"Address already in use: 127.0.0.1:{server.port}" in result.stderr
    assert "Traceback" not in result.stderr


ALPHA_FOOTER = "Alpha News is read by millions every day across the region."


def alpha_stories(footers: int) -> dict[str, str]:
    """Three stories from Alpha News; the first `footers` end with Alpha's own footer line."""
    files = {"site.yml": "title: Test digests\nbase_url: /\n"}
    for number, name in enumerate(("one", "two", "three")):
        footer = f"\n\n{ALPHA_FOOTER}\n" if number < footers else "\n"
        files[f"story-{name}/story.md"] = f"---\ntitle: Story {name}\ndate: 2026-01-0{number + 1}\n---\nIntro.\n"
        files[f"story-{name}/1-alpha.md"] = (f"---\noutlet: Alpha News\n---\nThe council met on day {name}. "
                                             f"It voted on the {name} budget.{footer}")
        files[f"story-{name}/2-beta.md"] = f"---\noutlet: Beta Daily\n---\nOn day {name} the council voted.\n"
    return files


def test_rebuilding_one_story_gives_what_a_full_build_gives(tmp_path, monkeypatch):
    content = write_tree(tmp_path / "content", alpha_stories(footers=2))
    previous = build_site(content, TEMPLATES_DIR)

    write_tree(content, {"story-two/2-beta.md": "---\noutlet: Beta Daily\n---\nBeta's new sentence.\n"})
    read_for_templates = []
    real_lines = clean.template_lines
    monkeypatch.setattr(clean, "template_lines", lambda raw: read_for_templates.append(raw.slug) or real_lines(raw))
    rebuilt = rebuild_stories(previous, frozenset({"story-two"}), content, TEMPLATES_DIR)
    assert read_for_templates == ["story-two"]  # the outlets' templates count the others' lines as kept
    monkeypatch.undo()
    assert rebuilt.files == build_site(content, TEMPLATES_DIR).files
    assert "Beta&#39;s new sentence." in rebuilt.files["story-two/sources/B.html"].decode()
    kept = {s.slug: s for s in previous.site.stories}
    assert {s.slug: s is kept[s.slug] for s in rebuilt.site.stories} == {
        "story-one": True, "story-two": False, "story-three": True}


def test_an_edit_that_teaches_an_outlet_template_rebuilds_every_story(tmp_path):
    content = write_tree(tmp_path / "content", alpha_stories(footers=2))
    previous = build_site(content, TEMPLATES_DIR)
    assert ALPHA_FOOTER in previous.files["story-one/sources/A.html"].decode()

    write_tree(content, alpha_stories(footers=3))  # now Alpha repeats it in three stories
    rebuilt = rebuild_stories(previous, frozenset({"story-three"}), content, TEMPLATES_DIR)
    assert rebuilt.files == build_site(content, TEMPLATES_DIR).files
    assert rebuilt.files["story-one/sources/A.html"] != previous.files["story-one/sources/A.html"]


def test_serve_help():
    result = subprocess.run([sys.executable, str(PROJECT_DIR / "build.py"), "serve", "--help"],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 0 and "--port" in result.stdout and "--open" in result.stdout
