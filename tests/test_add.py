"""`build.py add`: a saved page or a link becomes a `.md` article that the build reads back as
extracted, and every way a page or a server can go wrong is a clear message that writes nothing."""

from __future__ import annotations

import html
import http.server
import json
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest
from conftest import PROJECT_DIR, examples, write_tree
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from test_serve import free_port

from site_src.add import add_article
from site_src.cli import TEMPLATES_DIR, main
from site_src.frontmatter import ContentError
from site_src.html_article import MAX_FIELD_CHARS
from site_src.load import MAX_ARTICLE_BYTES, load_article
from site_src.pipeline import build_site
from site_src.settings import ARTICLE

PAGES = PROJECT_DIR / "tests" / "fixtures" / "pages"
FIELDS = ("outlet", "title", "url", "author", "published")


@pytest.fixture
def story(tmp_path) -> Path:
    """content/ with site.yml and an empty story folder, `footbridge`."""
    return write_tree(tmp_path / "content", {
        "site.yml": "title: Test digests\n",
        "footbridge/story.md": "---\ntitle: Footbridge closed\ndate: 2026-03-03\n---\n"}) / "footbridge"


def read_back(path: Path):
    article, _ = load_article(path, path.name, "A", [])
    return article


def page(*paragraphs: str, head: str = "") -> str:
    body = "".join(f"<p>{html.escape(p)}</p>\n" for p in paragraphs)
    return (f"<!doctype html><html><head><meta charset='utf-8'>\n{head}</head>"
            f"<body><article>\n{body}</article></body></html>")


TEXT = ("The council approved the new budget on Monday after a long debate.",
        "The budget takes effect in March and raises spending on parks by a third.")


# --- what is written reads back --------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(p.name for p in PAGES.glob("*.html")))
def test_the_article_reads_back_as_the_page_does(story, name):
    """Text and metadata: as add reports them, as the build reads the .md, as it reads the page."""
    added = add_article(story.parent, story.name, str(PAGES / name))
    article, as_page = read_back(added.path), read_back(PAGES / name)
    assert added.path.parent == story and added.path.suffix == ".md"
    assert {k: getattr(article, k) for k in FIELDS if getattr(article, k)} == dict(added.fields)
    assert article.body.rstrip("\n") == added.body and article.metadata == ()
    assert article.body.rstrip("\n") == as_page.body
    assert all(getattr(article, k) == getattr(as_page, k) for k in FIELDS if k != "outlet")
    assert [key for key, _ in added.fields] == [k for k in ARTICLE.keys if k in dict(added.fields)]


def test_a_story_of_added_pages_builds_as_the_pages_themselves(tmp_path, story):
    """The digest, quotes and sources of the added .md files are those of the saved pages."""
    declared = [p for p in sorted(PAGES.glob("*.html")) if "og:site_name" in p.read_text()
                or '"publisher"' in p.read_text()]
    assert len(declared) >= 2
    as_pages = write_tree(tmp_path / "as-pages", {"site.yml": "title: Test digests\n",
                                                  "footbridge/story.md": (story / "story.md").read_text()})
    for path in declared:
        shutil.copy(path, as_pages / "footbridge" / path.name)
        add_article(story.parent, story.name, str(path))

    def digest(content: Path) -> dict:
        files = build_site(content, TEMPLATES_DIR).files
        return without_file_places(json.loads(files["footbridge/digest.json"]))

    assert digest(story.parent) == digest(as_pages)


def without_file_places(value):
    """digest.json without file names and file lines, which differ between a page and its .md."""
    if isinstance(value, dict):
        return {k: without_file_places(v) for k, v in value.items() if k not in ("file", "line")}
    if isinstance(value, list):
        return [without_file_places(v) for v in value]
    return value


# Any text but NUL, which makes a saved file binary (refused, tested apart) and no HTML carries.
LINE_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                    min_size=1, max_size=40)


@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.lists(LINE_TEXT, min_size=8, max_size=12), extra=st.lists(LINE_TEXT, max_size=3),
       title=LINE_TEXT, outlet=LINE_TEXT, author=LINE_TEXT)
@example(words=["---"] * 8, extra=["outlet: Evil", "---", "..."], title="2026-01-02", outlet="true",
         author="# not a comment")
@example(words=["line\rbreak\x0b"] * 8, extra=["[a link](javascript:alert(1))"], title="a: b\x01",
         outlet="'q'\u2028", author="- item")
def test_any_page_text_and_metadata_read_back_exactly(story, words, extra, title, outlet, author):
    """Whatever the page says, and however it is written, the front matter holds the schema's keys
    with the page's values, and the text below it is the extracted text."""
    head = "".join(f'<meta {attr}="{name}" content="{html.escape(value)}">\n' for attr, name, value in (
        ("property", "og:title", title), ("property", "og:site_name", outlet), ("name", "author", author)))
    try:
        added = add_article(story.parent, story.name,
                            str(saved(story, page(" ".join(words), *extra, head=head))))
    except ContentError as error:  # no text an extractor would take for an article: nothing to add
        assert "no article text found" in str(error) and not list(story.glob("*.md"))[1:]
        return
    article = read_back(added.path)
    added.path.unlink()
    assert {k: getattr(article, k) for k in FIELDS if getattr(article, k)} == dict(added.fields)
    assert article.body.rstrip("\n") == added.body and article.metadata == ()
    assert all("\n" not in value and len(value) <= MAX_FIELD_CHARS for _, value in added.fields)


def saved(story: Path, text: str, name: str = "page.html") -> Path:
    path = story.parent.parent / name
    path.write_text(text, encoding="utf-8")
    return path


def test_page_text_that_looks_like_markup_stays_text_on_the_site(story):
    """What the page shows as words (front matter lines, a tag, a Markdown link) is words on the
    site; what it had as markup (a link) leaves its words alone."""
    hostile = page("---", "outlet: Evil Corp", "---", *TEXT,
                   "Critics wrote <script>alert(1)</script> and [click](javascript:alert(2)) on the wall.",
                   head='<meta property="og:site_name" content="Alpha News">\n')
    hostile = hostile.replace("</article>", '<p>Read <a href="javascript:alert(3)">the full budget</a> '
                              "online before the vote on Friday at noon.</p></article>")
    added = add_article(story.parent, story.name, str(saved(story, hostile)))
    add_article(story.parent, story.name, str(saved(story, page(*TEXT, head=(
        '<meta property="og:site_name" content="Beta Daily">\n')), "beta.html")))
    article = read_back(added.path)
    assert article.outlet == "Alpha News" and article.metadata == ()
    assert "outlet: Evil Corp" in article.body and "javascript:alert(3)" not in article.body
    pages = {path: data.decode() for path, data in build_site(story.parent, TEMPLATES_DIR).files.items()
             if path.endswith(".html")}
    source = pages["footbridge/sources/A.html"]  # alpha-news.md, before beta-daily.md
    assert "[click](javascript:alert(2))" in source and "&lt;script&gt;alert(1)&lt;/script&gt;" in source
    assert all('href="javascript:' not in text and "<script>alert" not in text
               for path, text in pages.items() if path.endswith(".html"))


def test_metadata_is_one_line_and_an_overlong_value_gives_way(story):
    """A value over the cap is no metadata: the next declaration of the field is taken, with a
    warning naming the page's line."""
    long_title = "Budget " * (MAX_FIELD_CHARS // 7 + 1)
    head = (f'<meta property="og:title" content="{long_title}">\n<title>Council\n passes\tbudget</title>\n'
            '<meta property="og:site_name" content="Alpha\nNews">\n')
    added = add_article(story.parent, story.name, str(saved(story, page(*TEXT, head=head))))
    assert dict(added.fields)["title"] == "Council passes budget"
    assert dict(added.fields)["outlet"] == "Alpha News"
    [warning] = added.warnings
    assert warning.line == 2 and f"over {MAX_FIELD_CHARS}" in warning.message


def test_a_canonical_address_with_a_space_is_no_address(story):
    """The loader refuses such a `url:` in front matter, so the page's is not taken either."""
    head = ('<link rel="canonical" href="https://alpha.example/a b">\n'
            '<meta property="og:site_name" content="Alpha">\n')
    added = add_article(story.parent, story.name, str(saved(story, page(*TEXT, head=head))))
    assert "url" not in dict(added.fields)
    build_site(story.parent, TEMPLATES_DIR)  # one article: builds, with a warning


# --- the outlet and the file's name ------------------------------------------------------------

def test_without_a_site_name_the_outlet_is_the_domain(story):
    added = add_article(story.parent, story.name, str(PAGES / "harbour-gazette.html"))
    assert dict(added.fields)["outlet"] == "harbourgazette.example"
    assert added.path.name == "harbourgazette-example.md"


def test_without_a_site_name_or_an_address_the_outlet_is_the_file_name(story):
    added = add_article(story.parent, story.name, str(saved(story, page(*TEXT), "03-gamma-times.html")))
    assert dict(added.fields)["outlet"] == "Gamma Times" and added.path.name == "gamma-times.md"


@pytest.mark.parametrize("outlets, names", [
    (["Alpha News", "Alpha-News"], ["alpha-news.md", "alpha-news-2.md"]),
    (["Новости", "東京新聞"], ["article.md", "article-2.md"]),
    (["Le Monde diplomatique", "The Daily Example"], ["le-monde-diplomatique.md", "the-daily-example.md"]),
])
def test_the_file_is_named_after_the_outlet_and_numbered_when_taken(story, outlets, names):
    written = [add_article(story.parent, story.name, str(saved(story, page(*TEXT, head=(
        f'<meta property="og:site_name" content="{outlet}">\n'))))).path.name for outlet in outlets]
    assert written == names


@pytest.mark.parametrize("first, second", [("Alpha News", "Alpha News"), ("Alpha News", "ALPHA  news"),
                                           ("Fox News", "F\u043ex News")])
def test_a_second_article_of_one_outlet_is_refused_and_nothing_written(story, first, second):
    def add(outlet):
        head = f'<meta property="og:site_name" content="{outlet}">\n'
        return add_article(story.parent, story.name, str(saved(story, page(*TEXT, head=head))))

    kept = add(first).path
    written = kept.read_bytes()
    with pytest.raises(ContentError, match="already has an article by") as error:
        add(second)
    assert "remove that file first" in str(error.value)
    assert sorted(p.name for p in story.iterdir()) == sorted(["story.md", kept.name])
    assert kept.read_bytes() == written


# --- refusals ----------------------------------------------------------------------------------

def run(capsys, *argv) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().err


def test_a_story_that_does_not_exist_is_refused_offering_new(story, capsys):
    code, err = run(capsys, "add", "--content", str(story.parent), "city-budget",
                    str(PAGES / "valley-post.html"))
    assert code == 1 and "no such story" in err and "python3 build.py new city-budget" in err
    assert not (story.parent / "city-budget").exists()


def test_a_story_name_the_build_refuses_is_refused(story, capsys):
    code, err = run(capsys, "add", "--content", str(story.parent), "../elsewhere",
                    str(PAGES / "valley-post.html"))
    assert code == 1 and "lowercase letters, digits and hyphens" in err


@pytest.mark.parametrize("name, data, message", [
    ("notes.txt", b"The council approved the budget on Monday after a long debate.", "is not a saved web page"),
    ("report.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "is not a saved web page"),
    ("binary.html", b"\x89PNG\r\n\x1a\n\x00\x00", "binary data"),
    ("latin1.html", "<p>Caf\u00e9 au lait</p>".encode("latin-1"), "is not UTF-8"),
    ("menu.html", b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "no article text"),
    ("missing.html", None, "no such file"),
])
def test_a_file_that_is_not_a_news_page_is_refused(story, capsys, name, data, message):
    path = story.parent.parent / name
    if data is not None:
        path.write_bytes(data)
    code, err = run(capsys, "add", "--content", str(story.parent), story.name, str(path))
    assert code == 1 and message in err and str(path) in err
    assert [p.name for p in story.iterdir()] == ["story.md"]


def test_the_command_says_what_it_wrote(story, capsys):
    assert main(["add", "--content", str(story.parent), story.name, str(PAGES / "northern-wire.html")]) == 0
    out = capsys.readouterr().out
    assert f"Added {story / 'northern-wire.md'}: Northern Wire, 6 paragraphs." in out


# --- links: a loopback server ------------------------------------------------------------------

ARTICLE_PAGE = page(*TEXT, head='<meta property="og:site_name" content="Loop News">\n').encode()
SLOW_SECONDS = 1.0  # the handlers' wait, well past the tests' timeout
TIMEOUT = 0.3


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"  # a body without a length ends when the connection closes

    def do_GET(self):
        routes = {
            "/article": lambda: self.send(200, "text/html; charset=utf-8", ARTICLE_PAGE),
            "/latin1": lambda: self.send(200, "text/html; charset=iso-8859-1", page(
                *TEXT, "The caf\u00e9 on the square will stay open all night this week.",
                head='<meta property="og:site_name" content="Loop News">\n').encode("latin-1")),
            "/missing": lambda: self.send(404, "text/html", b"<p>Not here</p>"),
            "/broken": lambda: self.send(500, "text/html", b"<p>Oops</p>"),
            "/report.pdf": lambda: self.send(200, "application/pdf", b"%PDF-1.7\n"),
            "/binary": lambda: self.send(200, "text/html", b"\x89PNG\r\n\x1a\n\x00\x00<p>"),
            "/untyped": lambda: self.send(200, None, ARTICLE_PAGE),
            "/huge-declared": lambda: self.send(200, "text/html", b"<p>", length=MAX_ARTICLE_BYTES + 1),
            "/huge": lambda: self.send(200, "text/html", b"<p>" + b"x" * MAX_ARTICLE_BYTES, length=None),
            "/to-article": lambda: self.redirect("/article"),
            "/to-ftp": lambda: self.redirect("ftp://127.0.0.1/article"),
            "/to-file": lambda: self.redirect("file:///etc/passwd"),
            "/slow": self.slow,
            "/drip": self.drip,
        }
        routes.get(self.path, lambda: self.send(404, "text/plain", b"no route"))()

    def send(self, status, kind, body, length: int | None = -1):
        self.send_response(status)
        if kind:
            self.send_header("Content-Type", kind)
        if length is not None:
            self.send_header("Content-Length", str(len(body) if length == -1 else length))
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location):
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def slow(self):
        time.sleep(SLOW_SECONDS)
        self.send(200, "text/html", ARTICLE_PAGE)

    def drip(self):
        """Each byte well within the timeout, the whole page far past it."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        try:
            for byte in ARTICLE_PAGE[:int(SLOW_SECONDS / TIMEOUT * 20)]:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(TIMEOUT / 10)
        except OSError:  # the client gave up, as it should
            pass

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_a_link_is_fetched_and_its_address_kept(story, server):
    added = add_article(story.parent, story.name, f"{server}/article", timeout=TIMEOUT)
    assert dict(added.fields) == {"outlet": "Loop News", "url": f"{server}/article"}
    assert read_back(added.path).body.rstrip("\n") == added.body == "\n\n".join(TEXT)


def test_a_redirect_is_followed_and_the_final_address_kept(story, server):
    added = add_article(story.parent, story.name, f"{server}/to-article", timeout=TIMEOUT)
    assert dict(added.fields)["url"] == f"{server}/article"


def test_a_page_in_the_charset_its_server_names_is_read_in_it(story, server):
    added = add_article(story.parent, story.name, f"{server}/latin1", timeout=TIMEOUT)
    assert "The caf\u00e9 on the square" in read_back(added.path).body


@pytest.mark.parametrize("path, message", [
    ("/missing", "the server answered 404 Not Found"),
    ("/broken", "the server answered 500"),
    ("/report.pdf", "is not a web page (the server calls it `application/pdf`)"),
    ("/binary", "it holds binary data"),
    ("/untyped", "is not a web page (the server calls it `nothing`)"),
    ("/huge-declared", f"is larger than {MAX_ARTICLE_BYTES // 1_000_000} MB"),
    ("/huge", f"is larger than {MAX_ARTICLE_BYTES // 1_000_000} MB"),
    ("/slow", f"the page did not come within {TIMEOUT:g} s"),
    ("/drip", f"the page did not come within {TIMEOUT:g} s"),
    ("/to-ftp", "redirects to `ftp://127.0.0.1/article`, which is not an http(s) address"),
    ("/to-file", "file:///etc/passwd"),
])
def test_a_link_that_gives_no_news_page_is_refused_and_nothing_written(story, server, path, message):
    started = time.monotonic()
    with pytest.raises(ContentError) as error:
        add_article(story.parent, story.name, f"{server}{path}", timeout=TIMEOUT)
    [problem] = error.value.problems
    assert problem.path.startswith(server) and message in problem.message
    assert time.monotonic() - started < SLOW_SECONDS * 3
    assert [p.name for p in story.iterdir()] == ["story.md"]


def test_only_http_and_https_links_are_fetched(story):
    for address in ("ftp://127.0.0.1/page.html", "file:///etc/hostname", "javascript://alert(1)"):
        with pytest.raises(ContentError, match="only http:// and https:// addresses can be fetched"):
            add_article(story.parent, story.name, address)


def test_offline_says_so(story, monkeypatch):
    def no_network(*args, **kwargs):
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    with pytest.raises(ContentError, match="is this machine offline, or the address mistyped"):
        add_article(story.parent, story.name, "https://news.example/story", timeout=TIMEOUT)


def test_a_server_that_is_not_there_refuses(story):
    port = free_port()  # a port nothing listens on
    with pytest.raises(ContentError, match="the server refused the connection"):
        add_article(story.parent, story.name, f"http://127.0.0.1:{port}/article", timeout=TIMEOUT)
