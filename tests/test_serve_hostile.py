"""`python build.py serve` against hostile requests and a hostile editing pace.

Requests that try to leave output/ get nothing; a burst of saves and deletions never kills the
server nor shows a half-written page; a file deleted in the middle of a rebuild is a problem
shown in the browser, and the next poll mends it. (That the server listens on 127.0.0.1 alone by
default is checked in tests/test_serve.py.)
"""

from __future__ import annotations

import re
import threading
import time

from test_serve import SLUG, STORY_PAGE, TITLE_LINE, fetch, raw_get, save, stop, tree, wait_until
from test_serve import server, site_root  # noqa: F401  (fixtures: pytest finds them here)

import site_src.load
from site_src.cli import TEMPLATES_DIR
from site_src.serve import _Preview

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
    """Deterministically: the folder is listed, then an article vanishes before it is read."""
    content, output = site_root / "content", site_root / "output"
    preview = _Preview(content, output, TEMPLATES_DIR, None, False, True)
    preview.rebuild([])
    last_good = tree(output)
    victim = content / SLUG / "3-noah-wire-services.md"
    read_text = site_src.load.read_text

    def read_then_delete(path, rel):
        if path.name == "2-unnamed-outlet-2.md":  # the folder is listed by now; the next article goes
            victim.unlink()
        return read_text(path, rel)

    monkeypatch.setattr(site_src.load, "read_text", read_then_delete)
    preview.rebuild([str(content / SLUG / "story.md")])
    assert preview.error_page is not None
    assert f"content/{SLUG}/3-noah-wire-services.md: error: cannot be read" in preview.error_page.decode()
    assert tree(output) == last_good

    monkeypatch.undo()
    preview.rebuild([str(victim)])  # what the next poll reports
    assert preview.error_page is None
    assert sorted(p.name for p in (output / SLUG / "sources").iterdir()) == ["A.html", "B.html", "C.html", "D.html"]
