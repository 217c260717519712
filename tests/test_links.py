"""The built site as GitHub Pages serves it: at a domain's root or under a project's sub-path.

The link checker resolves every `href` and `src` of every page the way a browser does, from the
page's own address with the site mounted at its base URL, and requires a file in output/ (and,
for a fragment, an element with that id). A link hard-coding `/` fails under `/repo/`.
"""

from __future__ import annotations

import stat
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import EXAMPLE_CONTENT

from site_src.cli import main

STAND_IN_ORIGIN = "https://user.github.io"  # for a base URL that is a path alone
MISSING_PAGE = "no/such/story/page.html"  # where Pages serves 404.html, deeper than any page


def check_links(output: Path, base_url: str) -> int:
    """Raise AssertionError at the first link that does not resolve; return how many were checked."""
    parts = urlsplit(base_url)
    origin = f"{parts.scheme}://{parts.netloc}" if parts.netloc else STAND_IN_ORIGIN
    site = origin + parts.path
    pages = {page.relative_to(output).as_posix(): page for page in sorted(output.rglob("*.html"))}
    assert pages, "no pages built"
    checked = 0
    ids: dict[str, set[str]] = {}  # of each page, read once however many links point into it
    for rel, page in pages.items():
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        ids[rel] = {tag["id"] for tag in soup.find_all(id=True)}
        links = [tag.get("href") for tag in soup.find_all(href=True)] + [tag.get("src") for tag in soup.find_all(src=True)]
        for address in [site + rel] + ([site + MISSING_PAGE] if rel == "404.html" else []):
            for link in links:
                if link.startswith("#"):  # this page, at whatever address it is served
                    assert link[1:] in ids[rel], f"{rel}: {link!r}: no such id"
                    checked += 1
                    continue
                target = urlsplit(urljoin(address, link))
                if f"{target.scheme}://{target.netloc}" != origin:
                    assert target.scheme in ("http", "https", "mailto"), (rel, link)
                    continue
                assert target.path.startswith(parts.path), f"{rel}: {link!r} leaves the site at {site}"
                file = unquote(target.path[len(parts.path):])
                file = file + "index.html" if file.endswith("/") or not file else file
                assert (output / file).is_file(), f"{rel}: {link!r} from {address} names no file ({file})"
                if target.fragment:
                    if file not in ids:
                        target_soup = BeautifulSoup((output / file).read_text(encoding="utf-8"), "html.parser")
                        ids[file] = {tag["id"] for tag in target_soup.find_all(id=True)}
                    assert target.fragment in ids[file], f"{rel}: {link!r}: no such id in {file}"
                checked += 1
    return checked


def build(output: Path, *args: str, content: Path = EXAMPLE_CONTENT) -> Path:
    assert main(["--content", str(content), "--output", str(output), "--quiet", *args]) == 0
    return output


@pytest.mark.parametrize("base_url", ["/", "/repo/", "https://user.github.io/repo/", "https://digest.example.org/"])
def test_every_link_resolves_where_the_site_is_published(tmp_path, base_url):
    output = build(tmp_path / "output", "--base-url", base_url)
    assert check_links(output, base_url) > 20


def test_the_checker_catches_a_link_hard_coding_the_root(tmp_path):
    (tmp_path / "index.html").write_text('<a href="/index.html">home</a>')
    assert check_links(tmp_path, "/") == 1
    with pytest.raises(AssertionError, match="leaves the site"):
        check_links(tmp_path, "/repo/")


def test_pages_files_are_written_and_world_readable(tmp_path):
    output = build(tmp_path / "output")
    assert (output / ".nojekyll").read_bytes() == b""
    assert "Page not found" in (output / "404.html").read_text()
    assert not (output / "CNAME").exists()
    for path in [output, *output.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o755 if path.is_dir() else 0o644), (path, oct(mode))


def test_a_custom_domain_writes_cname(make_content, tmp_path):
    content = make_content({"site.yml": "title: Test digests\nbase_url: https://digest.example.org/\n"
                                        "cname: Digest.Example.org\n"})
    output = build(tmp_path / "output", "--strict", content=content)
    assert (output / "CNAME").read_text() == "digest.example.org\n"
    assert check_links(output, "https://digest.example.org/") > 5


@pytest.mark.parametrize("cname", ["https://digest.example.org", "digest.example.org/news", "localhost", "a b.org"])
def test_a_cname_that_is_not_a_domain_is_an_error(make_content, tmp_path, capsys, cname):
    content = make_content({"site.yml": f"title: Test digests\ncname: {cname}\n"})
    assert main(["--content", str(content), "--output", str(tmp_path / "output")]) == 1
    assert "content/site.yml:2: error: `cname: " in capsys.readouterr().err
    assert not (tmp_path / "output").exists()


def test_a_custom_domain_under_a_sub_path_is_warned_about(make_content, tmp_path, capsys):
    content = make_content({"site.yml": "title: Test digests\nbase_url: /repo/\ncname: digest.example.org\n"})
    assert main(["--content", str(content), "--output", str(tmp_path / "output")]) == 0
    assert "content/site.yml:2: warning: a custom domain serves the site at its root" in capsys.readouterr().err
