"""`python build.py serve` against hostile requests, hostile web pages and a hostile editing pace.

Requests that try to leave output/ get nothing, and malformed ones a clean 400 or 404; another web
page can neither listen to the reload socket nor force a reload, nor reach the server through a
name of its own (DNS rebinding); a burst of saves and deletions never kills the server nor shows
a half-written page; a slow rebuild never holds up a request; a file deleted in the middle of a
rebuild is a problem shown in the browser, and the next poll mends it. (That the server listens
on 127.0.0.1 alone by default is checked in tests/test_serve.py.)
"""

from __future__ import annotations

import asyncio
import json
import re
import socket
import threading
import time

import pytest
from conftest import PROJECT_DIR
from test_serve import (SLUG, STORY_PAGE, TITLE_LINE, LiveReloadClient, fetch, raw_get, save,
                        start_server, stop, tree, wait_until)
from test_serve import server, site_root  # noqa: F401  (fixtures: pytest finds them here)
from tornado.httpclient import HTTPClientError, HTTPRequest
from tornado.websocket import websocket_connect

import site_src.load
from site_src.cli import TEMPLATES_DIR
from site_src.serve import _Audience, _Changes, _rebuild, _reload_path, _Sources

SECRET = "a-secret-token-beside-output"

LEAVING = [
    "/../secret.txt", "/../content/site.yml", "/%2e%2e/secret.txt", "/%2E%2E/%2E%2E/etc/passwd",
    "/..%2fsecret.txt", "/%2e%2e%2fsecret.txt", "/..%5csecret.txt", "/%2e%2e%5csecret.txt",
    "/static/../../secret.txt", "/static/%2e%2e/%2e%2e/secret.txt", "/.%2e/secret.txt", "/%252e%252e/secret.txt",
    "/%c0%ae%c0%ae/secret.txt", "/..;/secret.txt", "//etc/passwd", "/%2fetc%2fpasswd", "///etc/passwd",
    "/static//etc/passwd", "/../../../../../../../../etc/passwd", "/%00/../secret.txt", "/secret.txt",
    "/..", "/.",
]


def absolute_targets(port: int) -> list[str]:
    """Request targets in absolute form, which a proxy would send."""
    return [f"http://127.0.0.1:{port}/../secret.txt", f"http://127.0.0.1:{port}/%2e%2e/secret.txt",
            "file:///etc/passwd"]


def test_requests_never_leave_output(server):
    (server.root / "secret.txt").write_text(SECRET)
    answers = {path: raw_get(server, path) for path in LEAVING + absolute_targets(server.port)}
    leaked = {path: status for path, (status, body) in answers.items()
              if status not in (301, 302, 400, 403, 404) or SECRET in body or "root:" in body or "base_url" in body}
    assert leaked == {}
    assert server.process.poll() is None


def complete(page: str) -> bool:
    return page.count("<html") == 1 and page.rstrip().endswith("</html>")


def test_a_burst_of_saves_and_deletions(server):
    """100 saves in about a second, an article deleted and restored among them, pages read all along."""
    story_md = server.content / SLUG / "story.md"
    article = server.content / SLUG / "3-noah-wire-services.md"
    story_text, article_bytes = story_md.read_text(), article.read_bytes()
    titles = {"U.S. cable tells diplomats to warn allies about Chinese AI distillation"}
    read: list[tuple[int, str]] = []
    done = threading.Event()

    def reader() -> None:
        for _ in range(1000):
            if done.is_set():
                return
            try:
                read.append(fetch(server.url(STORY_PAGE)))
            except OSError as error:  # the server stopped answering
                read.append((0, repr(error)))

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for number in range(100):
            save(story_md, story_text.replace(TITLE_LINE, f'title: "Burst {number}"'))
            titles.add(f"Burst {number}")
            if number % 10 == 3:
                article.unlink()
            elif number % 10 == 6:
                save(article, article_bytes)
            time.sleep(0.01)
    finally:
        done.set()
        thread.join(timeout=60)

    wait_until(lambda: "<h1>Burst 99</h1>" in fetch(server.url(STORY_PAGE))[1], 30, "the last save to be served")
    assert server.process.poll() is None
    assert read and all(status in (200, 500) and complete(page) for status, page in read)
    for status, page in read:
        if status == 200:
            assert set(re.findall(r"<h1>(.*?)</h1>", page)) <= titles
    assert stop(server) == 0 and "Traceback" not in server.log("stderr")


def test_the_error_page_shows_hostile_names_as_text(server):
    vector = "<script>parent.__xss=1</script>"
    for name in ("6-one.md", "7-two.md"):  # one outlet twice: the message names it
        save(server.content / SLUG / name, f'---\noutlet: "{vector}"\n---\nA sentence.\n')
    wait_until(lambda: fetch(server.url(STORY_PAGE))[0] == 500, 30, "the error page")
    status, page = fetch(server.url(STORY_PAGE))
    assert "&lt;script&gt;parent.__xss=1&lt;/script&gt;" in page and vector not in page
    assert page.count("<script") == 1 and "livereload.js" in page  # livereload's own, nothing else


def test_a_file_deleted_in_the_middle_of_a_rebuild(site_root, monkeypatch):
    """Deterministically: the folder is listed, then an article vanishes before it is read. (The
    editor's notes and corrections are set aside: some name the vanishing outlet's sentences.)"""
    content, output = site_root / "content", site_root / "output"
    story_md = content / SLUG / "story.md"
    story_md.write_text(re.sub(r"^(?:annotations|corrections):\n(?:  .*\n)*", "", story_md.read_text(), flags=re.M))
    sources = _Sources(content, output, TEMPLATES_DIR, None, False)
    first = _rebuild(None, _Changes(everything=True), sources)
    last_good = tree(output)
    victim = content / SLUG / "3-noah-wire-services.md"
    read_text = site_src.load.read_text

    def read_then_delete(path, rel):
        if path.name == "2-unnamed-outlet-2.md":  # the folder is listed by now; the next article goes
            victim.unlink()
        return read_text(path, rel)

    monkeypatch.setattr(site_src.load, "read_text", read_then_delete)
    story = _Changes(stories=frozenset({SLUG}))
    broken = _rebuild(first.built, story, sources)
    assert broken.built is None
    assert f"content/{SLUG}/3-noah-wire-services.md: error: cannot be read" in "\n".join(broken.problems)
    assert tree(output) == last_good

    monkeypatch.undo()
    mended = _rebuild(first.built, story, sources)  # what the next poll's rebuild does
    assert mended.built is not None and mended.problems == ()
    assert sorted(p.name for p in (output / SLUG / "sources").iterdir()) == ["A.html", "B.html", "C.html", "D.html"]


def request(server, target: str, host: str | None = "own", headers: dict[str, str] | None = None
            ) -> tuple[int, str]:
    """A request exactly as written, Host header and all (None sends none): its status and body."""
    lines = [f"GET {target} HTTP/1.1"]
    if host is not None:
        lines.append(f"Host: {f'127.0.0.1:{server.port}' if host == 'own' else host}")
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as connection:
        connection.sendall("\r\n".join(lines + ["Connection: close", "", ""]).encode("latin-1"))
        answer = b""
        while chunk := connection.recv(65536):  # the server closes when done; the timeout bounds it
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    return int(head.split()[1]) if head else 0, body.decode("utf-8", "replace")


async def open_socket(server, headers: dict[str, str]):
    return await websocket_connect(HTTPRequest(f"ws://127.0.0.1:{server.port}/livereload", headers=headers))


def test_only_the_previews_own_pages_may_open_the_reload_socket(server):
    own, port = f"127.0.0.1:{server.port}", server.port
    refused = [{"Origin": "http://evil.example"}, {"Origin": "null"}, {"Origin": f"http://127.0.0.1:{port + 1}"},
               {"Origin": "http://evil.example", "Sec-Fetch-Site": "cross-site"},
               {"Origin": f"http://localhost:{port}", "Sec-Fetch-Site": "same-site"},
               {"Origin": f"http://evil.example:{port}", "Host": f"evil.example:{port}"}]  # rebound
    allowed = [{"Origin": f"http://{own}"}, {"Origin": f"http://{own}", "Sec-Fetch-Site": "same-origin"},
               {"Origin": f"http://localhost:{port}", "Host": f"localhost:{port}"},
               {}]  # no Origin: no browser opens a websocket without one

    async def scenario() -> None:
        for headers in refused:
            with pytest.raises(HTTPClientError) as refusal:
                (await open_socket(server, headers)).close()
            assert refusal.value.code == 403, headers
        for headers in allowed:
            connection = await open_socket(server, headers)
            await connection.write_message(json.dumps(
                {"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}))
            assert json.loads(await asyncio.wait_for(connection.read_message(), 5))["command"] == "hello"
            connection.close()

    asyncio.run(scenario())
    assert server.process.poll() is None


def test_a_host_header_not_this_servers_is_refused(server):
    """DNS rebinding: a page of evil.example whose name now points at 127.0.0.1 sends Host: evil.example."""
    port = server.port
    for host in (f"evil.example:{port}", "evil.example", f"127.0.0.1:{port + 1}", "127.0.0.1",
                 f"localhost.evil.example:{port}", f"127.0.0.1:{port}@evil.example", f"127.0.0.2:{port}",
                 f"192.168.1.20:{port}", "", None):
        for target in ("/", STORY_PAGE, "/index.html", "/livereload.js", "/livereload"):
            status, body = request(server, target, host)
            assert status in (400, 403), (host, target, status)
            assert len(body) < 200 and "<" not in body, body  # a short plain message, no page
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST:{port}", f"[::1]:{port}"):
        assert request(server, "/index.html", host)[0] == 200, host
    assert "Traceback" not in server.log("stderr")


def test_the_hosts_answered_when_opened_to_a_network():
    """--host: loopback names alone for a loopback address; a network address adds itself and the
    machine's name; every interface (0.0.0.0) adds any IP address, since only a name can be rebound."""
    machine = socket.gethostname().lower()
    loopback = _Audience.listening_at("127.0.0.1", 8000)
    assert [loopback.accepts(h) for h in ("localhost:8000", "[::1]:8000", "127.0.0.1:8000", f"{machine}:8000",
                                          "192.168.1.20:8000", "localhost:8001", "localhost")] == [
        True, True, True, machine == "localhost", False, False, False]
    assert _Audience.listening_at("127.0.0.1", 80).accepts("localhost")  # a Host names no port 80

    one = _Audience.listening_at("192.168.1.20", 8000)
    assert [one.accepts(h) for h in ("192.168.1.20:8000", f"{machine}:8000", "localhost:8000",
                                     "10.0.0.7:8000", "evil.example:8000")] == [True, True, True, False, False]
    every = _Audience.listening_at("0.0.0.0", 8000)
    assert [every.accepts(h) for h in ("192.168.1.20:8000", "10.0.0.7:8000", "[fe80::1]:8000", f"{machine}:8000",
                                       "evil.example:8000", "10.0.0.7:9000", "10.0.0.7:8000@evil.example")] == [
        True, True, True, True, False, False, False]


def test_no_web_page_can_force_a_reload(server):
    async def scenario() -> None:
        client = LiveReloadClient(server)
        await client.connect()
        for headers in ({"Origin": "http://evil.example", "Sec-Fetch-Site": "cross-site"},
                        {"Referer": "http://evil.example/"}, {}):
            status, _ = request(server, "/forcereload?path=/", headers=headers)
            assert status == 404, headers
        await client.silence(0.5)
        client.socket.close()

    asyncio.run(scenario())


MALFORMED = [
    "/%00", "/%00/", "/index.html%00", "/index.html%00.css", f"/{SLUG}/%00", f"/{SLUG}%00/", "/static/%00style.css",
    "/%ff", "/%c3", "/%c0%ae%c0%ae/", "/%ed%a0%80", "/" + "%ff" * 1000, "/%2500", "/..%2f", "/..%2f..%2fetc%2fpasswd",
    "/a\\b", "/%5c..%5cetc", "\\index.html", "//", "///", "//index.html", f"//{SLUG}/", "/" + "a" * 60_000,
    "/" + "../" * 5000, "/a\x00b", "/%0d%0aSet-Cookie:%20x=1", f"/{SLUG}%0d%0aLocation:%20http://evil.example",
]


def test_malformed_paths_get_a_clean_answer(server):
    for target in MALFORMED:
        status, body = request(server, target)
        assert status in (400, 404), (target[:60], status)
        assert "Traceback" not in body and "Set-Cookie" not in body, target[:60]
    assert server.process.poll() is None and raw_get(server, STORY_PAGE)[0] == 200
    err = server.log("stderr")
    assert "Traceback" not in err and "Uncaught exception" not in err


SLOW_REBUILDS = """\
import pathlib, sys, time
sys.path.insert(0, {project!r})
import site_src.pipeline

rebuild_stories = site_src.pipeline.rebuild_stories


def slow_rebuild(*args, **kwargs):
    # Each rebuild is noted; the first waits until the test lets it go.
    with open("rebuilds.log", "a") as log:
        log.write("rebuild\\n")
    for _ in range(3000):  # a guard of 30 s: the test lets it go long before
        if pathlib.Path("go").exists():
            break
        time.sleep(0.01)
    return rebuild_stories(*args, **kwargs)


site_src.pipeline.rebuild_stories = slow_rebuild
from site_src.cli import main
sys.exit(main())
"""


def test_requests_are_served_while_a_slow_rebuild_runs(site_root):
    """The last good site is served while a rebuild runs; saves made meanwhile are built together,
    in one rebuild after it; each reload comes once its rebuild is swapped in."""
    program = site_root / "slow_serve.py"
    program.write_text(SLOW_REBUILDS.format(project=str(PROJECT_DIR)))
    server = start_server(site_root, program=program)
    story_md, rebuilds = server.content / SLUG / "story.md", site_root / "rebuilds.log"
    story = story_md.read_text()

    def title(page: str) -> str:
        return re.search(r"<h1>(.*?)</h1>", page).group(1)

    async def scenario() -> None:
        client = LiveReloadClient(server)
        await client.connect()
        save(story_md, story.replace(TITLE_LINE, 'title: "Slow edit one"'))
        wait_until(rebuilds.exists, 10, "the rebuild to start")

        status, page = fetch(server.url(STORY_PAGE))  # meanwhile: the last good site
        assert status == 200 and title(page) == TITLE_LINE.split('"')[1]
        assert fetch(server.url("/static/style.css"))[0] == 200
        for number in ("two", "three"):
            save(story_md, story.replace(TITLE_LINE, f'title: "Slow edit {number}"'))
            time.sleep(0.3)  # a few of the watcher's polls, so each save is seen on its own
        assert rebuilds.read_text() == "rebuild\n"  # nothing else started while it ran

        (site_root / "go").touch()
        await client.reload(timeout=30)  # once the first rebuild is swapped in
        assert title(fetch(server.url(STORY_PAGE))[1]) in ("Slow edit one", "Slow edit three")
        await client.reload(timeout=30)  # once the one rebuild for both later saves is
        assert title(fetch(server.url(STORY_PAGE))[1]) == "Slow edit three"
        await client.silence(0.7)
        client.socket.close()

    try:
        asyncio.run(scenario())
    finally:
        (site_root / "go").touch()
        code = stop(server)
    assert rebuilds.read_text() == "rebuild\n" * 2
    assert code == 0 and "Traceback" not in server.log("stderr")


def test_a_reload_names_a_site_path():
    """livereload.js swaps a stylesheet in place when the path says .css, and reloads the page otherwise."""
    before = {"index.html": b"<p>old</p>", "static/style.css": b"p {}", "a/index.html": b"<p>a</p>"}
    restyled = {**before, "static/style.css": b"p { color: red }"}
    assert _reload_path(before, restyled, "/repo/") == "/repo/static/style.css"
    assert _reload_path(before, {**restyled, "index.html": b"<p>new</p>"}, "/repo/") == "/repo/"
    assert _reload_path(before, {k: v for k, v in before.items() if k != "a/index.html"}, "/") == "/"
    assert _reload_path(before, before, "/") == "/"  # a failed build: its error page replaces the page
