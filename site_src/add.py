"""`build.py add <story> <page.html | URL>`: an outlet's article from a saved web page or a link.

The page goes through the extraction the build gives a saved `.html` article (html_article.py),
and what it finds is written as a `.md` article the editor can read and correct before building:
the keys of the article schema in its front matter, the text below it. An article's text is
plain text wherever the site reads it (never Markdown, never HTML, always escaped on the page),
and its front matter ends at its first `---` line, so the page's words are written as they are:
what the build reads back is what was extracted.
"""

from __future__ import annotations

import http.client
import re
import socket
import time
import unicodedata
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from .frontmatter import ContentError
from .load import (ARTICLE_SUFFIXES, MAX_ARTICLE_BYTES, load_article, outlet_from_file_name, outlet_keys,
                   read_text, shown_name, siglum_for, story_folder_problem)
from .model import Problem
from .settings import ARTICLE, HTTP_URL

# A news site that has sent nothing for this long, or not the whole page in this long, is down.
FETCH_TIMEOUT_SECONDS = 20.0
# What a server says a web page is; anything else (a PDF, an image, JSON) has no article to extract.
WEB_PAGE_TYPES = ("text/html", "application/xhtml+xml")
# Some news sites refuse Python's own name for itself; this says what is asking, as browsers do.
USER_AGENT = "Mozilla/5.0 (compatible; story-digests; +build.py add)"
READ_CHUNK_BYTES = 65_536
# A file name a terminal shows whole; outlets' names are far shorter.
MAX_NAME_CHARS = 60
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


@dataclass(frozen=True)
class Added:
    path: Path  # the article file written
    fields: tuple[tuple[str, str], ...]  # its front matter, in the schema's order
    body: str  # its text, as the build reads it
    warnings: tuple[Problem, ...]  # metadata the page declares but that could not be used


@dataclass(frozen=True)
class _Page:
    html: str
    where: str  # the file or the address, for messages
    address: str | None  # the address it was fetched from, after redirects
    file: Path | None  # the saved file it was read from


def add_article(content_dir: Path, story: str, source: str,
                timeout: float = FETCH_TIMEOUT_SECONDS) -> Added:
    """Write `source` (a saved page's path or an http(s) address) as a new article of `story`;
    never overwrite a file, nor give the story a second article of one outlet."""
    from .html_article import extract_html_article  # trafilatura and bs4 take 0.2 s to import

    folder = _story_folder(content_dir, story)
    page = _fetched(source, timeout) if SCHEME.match(source) else _saved(Path(source))
    extracted = extract_html_article(page.html, page.where)
    fields = dict(extracted.fields)
    if not fields.get("url") and page.address and HTTP_URL.match(page.address):
        fields["url"] = page.address  # the page declares none: where it was fetched from
    if not shown_name(fields.get("outlet", "")):
        fields["outlet"] = (_outlet_of(fields["url"]) if fields.get("url")
                            else outlet_from_file_name(page.file))
    fields = {key: fields[key] for key in ARTICLE.keys if fields.get(key)}
    _refuse_a_second_article(folder, fields["outlet"], page.where)
    path = _write_new(folder, _file_stem(fields["outlet"]), _article_file(fields, extracted.body))
    return Added(path=path, fields=tuple(fields.items()), body=extracted.body, warnings=extracted.warnings)


def _story_folder(content_dir: Path, story: str) -> Path:
    folder = content_dir / story
    where = str(folder)
    if refusal := story_folder_problem(story):
        raise ContentError([Problem(where, None, refusal)])
    if not (folder / "story.md").is_file():
        raise ContentError([Problem(where, None, "no such story; start it with "
                                    f"`python3 build.py new {story}`, then add its articles")])
    return folder


def _saved(path: Path) -> _Page:
    where = str(path)
    if not path.is_file():
        raise ContentError([Problem(where, None, "no such file; give a saved web page (.html) or an "
                                    "http(s) address")])
    if path.suffix.lower() not in (".html", ".htm"):
        raise ContentError([Problem(where, None, "is not a saved web page (.html or .htm); an article "
                                    "already in .md or .txt goes into the story folder as it is")])
    if path.stat().st_size > MAX_ARTICLE_BYTES:
        raise ContentError([Problem(where, None, f"is larger than {MAX_ARTICLE_BYTES // 1_000_000} MB; "
                                    "check this is the article's page")])
    return _Page(html=read_text(path, where), where=where, address=None, file=path)


def _fetched(address: str, timeout: float) -> _Page:
    """The page at `address`, within `timeout` seconds and MAX_ARTICLE_BYTES; every way it can
    fail is a ContentError naming the address."""
    from bs4 import UnicodeDammit

    def refuse(message: str) -> ContentError:
        return ContentError([Problem(address, None, message)])

    if urlsplit(address).scheme.lower() not in ("http", "https"):
        raise refuse("only http:// and https:// addresses can be fetched; save the page and add the file")
    request = urllib.request.Request(address, headers={"User-Agent": USER_AGENT})
    opener = urllib.request.build_opener(_WebRedirects)
    deadline = time.monotonic() + timeout
    try:
        with opener.open(request, timeout=timeout) as response:
            kind = response.headers.get_content_type()
            if response.headers.get("Content-Type") is None or kind not in WEB_PAGE_TYPES:
                raise refuse(f"is not a web page (the server calls it "
                             f"`{response.headers.get('Content-Type', 'nothing')}`); add an HTML page")
            data = _limited(response, deadline, refuse)
            charset = response.headers.get_content_charset()
            final = response.geturl()
    except urllib.error.HTTPError as error:
        raise refuse(f"the server answered {error.code} {error.reason}; check the address, or save "
                     "the page from a browser and add the file") from None
    except urllib.error.URLError as error:
        raise refuse(_unreachable(error.reason, timeout)) from None
    except TimeoutError as error:  # waiting for the answer, or for the rest of the page
        raise refuse(_unreachable(error, timeout)) from None
    except (http.client.HTTPException, OSError, ValueError) as error:
        raise refuse(f"cannot be fetched ({type(error).__name__}: {error}); save the page from a "
                     "browser and add the file") from None
    html = UnicodeDammit(data, known_definite_encodings=[charset] if charset else [],
                         is_html=True).unicode_markup
    if html is None or "\x00" in html:  # as a saved page with one is refused
        raise refuse("is not text in any encoding the page declares (it holds binary data); check "
                     "this is the article's page")
    return _Page(html=html, where=address, address=final, file=None)


def _limited(response, deadline: float, refuse) -> bytes:
    """The response's body, refused past MAX_ARTICLE_BYTES or the deadline."""
    too_large = refuse(f"is larger than {MAX_ARTICLE_BYTES // 1_000_000} MB; check this is the "
                       "article's page")
    if (length := response.headers.get("Content-Length", "")).isdigit() and int(length) > MAX_ARTICLE_BYTES:
        raise too_large
    chunks, size = [], 0
    while chunk := response.read(READ_CHUNK_BYTES):
        size += len(chunk)
        if size > MAX_ARTICLE_BYTES:
            raise too_large
        if time.monotonic() > deadline:
            raise TimeoutError
        chunks.append(chunk)
    return b"".join(chunks)


class _WebRedirects(urllib.request.HTTPRedirectHandler):
    """Redirects to http(s) addresses only: urllib's own would follow one to ftp://."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(newurl).scheme.lower() not in ("http", "https"):
            raise ContentError([Problem(req.full_url, None, f"redirects to `{newurl}`, which is not an "
                                        "http(s) address; it is not followed")])
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _unreachable(reason: object, timeout: float) -> str:
    if isinstance(reason, socket.gaierror):
        return ("cannot find this address's server: is this machine offline, or the address "
                "mistyped? Without a network, save the page from a browser and add the file")
    if isinstance(reason, TimeoutError):
        return (f"the page did not come within {timeout:g} s; try again later, or save it from a browser "
                "and add the file")
    if isinstance(reason, ConnectionRefusedError):
        return "the server refused the connection; check the address"
    return f"cannot be fetched ({reason}); save the page from a browser and add the file"


def _outlet_of(address: str) -> str:
    """The site's own name for itself, when the page gives none: its domain."""
    host = urlsplit(address).hostname or address
    return host.removeprefix("www.")


def _refuse_a_second_article(folder: Path, outlet: str, where: str) -> None:
    """One article per outlet, by the build's rule for names that read alike; a file the build
    cannot read is left for the build to report."""
    keys = set(outlet_keys(shown_name(outlet)))
    for path in sorted(folder.iterdir()):
        if (path.name == "story.md" or path.name.startswith(".")
                or path.suffix.lower() not in ARTICLE_SUFFIXES):
            continue
        try:
            article, _ = load_article(path, str(path), siglum_for(0), [])
        except (ContentError, OSError):
            continue
        if keys & set(article.outlet_keys):
            raise ContentError([Problem(where, None, f"the story already has an article by "
                                        f"`{article.outlet}`, {path}; each outlet gives one article per "
                                        "story (remove that file first to replace it)")])


def _file_stem(outlet: str) -> str:
    """`The Daily Example` -> `the-daily-example`; a name with no Latin letters -> `article`."""
    ascii_name = unicodedata.normalize("NFKD", outlet).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:MAX_NAME_CHARS].strip("-")
    return stem or "article"


def _article_file(fields: dict[str, str], body: str) -> str:
    """Front matter by YAML's own writer, which quotes what would read back as another value
    (`2026-01-02`, `true`, `#`); one line per key, however long."""
    front = yaml.safe_dump(fields, sort_keys=False, allow_unicode=True, width=float("inf"))
    return f"---\n{front}---\n{body}\n"


def _write_new(folder: Path, stem: str, text: str) -> Path:
    """`<stem>.md`, or `<stem>-2.md` and on when taken: created, never overwritten."""
    number = 1
    while True:
        path = folder / (f"{stem}.md" if number == 1 else f"{stem}-{number}.md")
        try:
            with path.open("x", encoding="utf-8") as file:
                file.write(text)
            return path
        except FileExistsError:
            number += 1
