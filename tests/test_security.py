"""Hostile content: nothing from it runs on a page, and no name from it writes outside output/.

The XSS corpus (tests/xss_corpus.py) puts every known vector in every field of the content; here
the written HTML is checked, and tests/browser/test_xss_browser.py loads it in Chromium.
"""

from __future__ import annotations

import ast
import hashlib
import html
import os
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import VALID_TREE, without_own_script, write_tree
from page_head import split_json_ld
from test_links import check_links
from xss_corpus import VECTORS

from site_src import render
from site_src.cli import TEMPLATES_DIR, main
from site_src.search import INDEX_DIR
from site_src.render import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, render_markdown
from site_src.write import MANIFEST, UnsafePath, write_site

SAFE_SCHEMES = {"", "http", "https", "mailto"}
CONTROLS_AND_SPACE = "".join(map(chr, range(0x21)))
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "background", "xlink:href"}


def page_vocabulary() -> tuple[set[str], set[str]]:
    """The tags and attributes a page may hold: those the templates and render.py write, and the
    sanitizer's.

    error.html is the preview server's page for a failed build, never part of a site.
    """
    source = "\n".join([path.read_text(encoding="utf-8") for path in sorted(TEMPLATES_DIR.glob("*.html"))
                        if path.name != "error.html"] + [render_markup()])
    source = re.sub(r"\{\{ page.link\('(static/\w+\.js)'\) \}\}", r"\1", source)  # the site's own scripts, by address
    source = without_own_script(source)
    source = re.sub(r"\{[{%#].*?[}%#]\}", " ", source, flags=re.S)  # Jinja, not markup
    # A page's JSON-LD (split_json_ld) and the site's own script (without_own_script) are taken out before it is checked.
    tags = (set(re.findall(r"<([a-z][a-z0-9]*)", source)) - {"script"}) | ALLOWED_TAGS
    attributes = {name for tag in re.findall(r"<[a-z][^>]*>", source)
                  for name in re.findall(r"\s([a-z][a-z-]*)(?==|\s|>)", tag)}
    return tags, attributes | {a for names in ALLOWED_ATTRIBUTES.values() for a in names} | {"rel"}


def render_markup() -> str:
    """The HTML render.py builds itself: its string literals, each f-string whole (a `{...}` in
    it read as a word), docstrings aside, since they only talk about markup."""
    tree = ast.parse((Path(render.__file__)).read_text(encoding="utf-8"))
    skipped = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                and isinstance(body[0].value, ast.Constant):
            skipped.add(id(body[0].value))
    literals = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            skipped.update(id(part) for part in node.values)
            literals.append("".join(part.value if isinstance(part, ast.Constant) else "x" for part in node.values))
    literals += [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant)
                 and isinstance(node.value, str) and id(node) not in skipped]
    return "\n".join(literals)


def url_scheme(value: str) -> str:
    """The scheme a browser sees: it strips outer controls and spaces, and drops tabs and newlines."""
    return urlsplit(re.sub(r"[\t\n\r]", "", value.strip(CONTROLS_AND_SPACE))).scheme.lower()


def markup_problems(html: str, tags: set[str], attributes: set[str]) -> list[str]:
    """Everything in a page that could run a script or load something content chose."""
    html = without_own_script(html)
    found = [f"raw {marker!r}" for marker in ("<script", "<iframe", "<svg", "<object", "<embed")
             if marker in html.lower()]
    for tag in BeautifulSoup(html, "html.parser").find_all(True):
        if tag.name not in tags:
            found.append(f"<{tag.name}>")
        for name, value in tag.attrs.items():
            if name not in attributes or name.startswith("on"):
                found.append(f"<{tag.name} {name}=...>")
            if name in URL_ATTRIBUTES and url_scheme(value) not in SAFE_SCHEMES:
                found.append(f"<{tag.name} {name}={value!r}>")
    return found


# --- 1. Inert content --------------------------------------------------------------------------


AFTER_THE_VECTOR = "after-the-vector"  # a word that must stay visible after a vector


def naive_pages(vector: str):
    """The vector as a careless site would put it on a page: raw, in attributes, in a link, as
    Markdown, and once decoded (entities, percent-escapes, backslash-escapes)."""
    for text in dict.fromkeys([vector, html.unescape(vector), unquote(vector),
                               vector.encode("ascii", "backslashreplace").decode("unicode_escape")]):
        yield f"<p>{text} {AFTER_THE_VECTOR}</p>"
        yield f'<p><a title="{text}">{AFTER_THE_VECTOR}</a></p>'
        yield f"<p><a title='{text}'>{AFTER_THE_VECTOR}</a></p>"
        yield f'<p><a href="{text}">{AFTER_THE_VECTOR}</a></p>'
        yield markdown.markdown(f"{text}\n\n{AFTER_THE_VECTOR}", extensions=["extra"])


def test_every_vector_is_caught_by_these_checks_when_left_unescaped():
    """The checks below can fail: each vector, put on a page without care, is seen running
    markup or hiding the text after it (lxml parses as a browser does)."""
    tags, attributes = page_vocabulary()
    missed = [vector for vector in VECTORS if not any(
        markup_problems(page, tags, attributes)
        or AFTER_THE_VECTOR not in BeautifulSoup(page, "lxml").get_text() for page in naive_pages(vector))]
    assert missed == []


def test_every_vector_is_shown_as_text(hostile_site):
    """The vectors did reach the pages, as the very text the content holds, never as markup."""
    for number, vector in enumerate(VECTORS, start=1):
        story = BeautifulSoup((hostile_site / f"v{number:02d}" / "index.html").read_text(), "html.parser")
        assert story.h1.get_text() == vector
        # A vector of many lines makes the three articles near copies, which count as one source:
        # their shared facts are then listed under the digest rather than in it.
        assert story.select("#digest .claim, #digest .claims li") and story.select(".disagreement") \
            and story.select("#quotes .quote")
        source = BeautifulSoup((hostile_site / f"v{number:02d}" / "sources" / "A.html").read_text(), "html.parser")
        assert source.select_one(".kicker").get_text() == f"A {vector} News"
        assert source.select_one("dl.facts dd").get_text() == vector  # the author
        shown = " ".join(source.select_one("div.text").get_text().split())
        assert all(" ".join(line.split()) in shown for line in vector.split("\n")), vector


def test_no_script_or_handler_from_content_reaches_a_page(hostile_site):
    tags, attributes = page_vocabulary()
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) == 4 * len(VECTORS) + 4  # each story, its three sources; index, quotes, outlets, 404
    problems = {page.relative_to(hostile_site).as_posix(): found for page in pages
                if (found := markup_problems(split_json_ld(page.read_text(encoding="utf-8"))[1], tags, attributes))}
    assert problems == {}


def test_the_check_catches_what_it_looks_for():
    tags, attributes = page_vocabulary()
    assert markup_problems('<p title="&lt;script&gt;">ok</p><a href="https://x.org/">x</a>', tags, attributes) == []
    for html in ("<script>x</script>", "<img src=x>", '<p onclick="x">', '<a href="java\tscript:x">',
                 '<a href=" JAVASCRIPT:x">', "<p style=x>", '<a href="data:text/html,x">'):
        assert markup_problems(html, tags, attributes), html


@pytest.mark.parametrize("markdown, kept, dropped", [
    ("[a](https://ok.org/x) [b](http://ok.org) [c](mailto:a@b.org) [d](../other/) [e](#digest)",
     ['href="https://ok.org/x"', 'href="http://ok.org"', 'href="mailto:a@b.org"', 'href="../other/"',
      'href="#digest"'], []),
    ("[a](javascript:alert(1)) [b](JaVaScRiPt:alert(1)) [c](vbscript:x) [d](data:text/html,x)",
     ["<a"], ["href", "script:", "data:"]),
    ('para\n{: onclick="alert(1)" style="color:red" id="digest" }', ["<p>para</p>"],
     ["onclick", "style", "digest"]),
    ('[a](https://ok.org/){: href="javascript:alert(1)" }', ["<a"], ["href"]),
])
def test_the_introduction_keeps_safe_markup_only(markdown, kept, dropped):
    html, _ = render_markdown(markdown)
    assert all(part in html for part in kept), html
    assert not any(part in html for part in dropped), html


@pytest.mark.parametrize("tag", ["style", "script", "textarea", "title", "xmp", "noscript", "iframe",
                                 "plaintext", "img src=x onerror=alert(1)", "a href=\"//evil.example/\"",
                                 "!--", "p id=\"digest\" class=\"x\""])
def test_raw_html_in_the_introduction_is_shown_as_typed(tag):
    """Prose about HTML is prose: an element the sanitizer removed, or a browser reads as raw text,
    would hide every word after it."""
    markdown = f"Mind the <{tag}> tag, and the words after it.\n\nA second paragraph.\n"
    html, _ = render_markdown(markdown)
    tree = BeautifulSoup(html, "html.parser")
    assert [element.name for element in tree.find_all(True)] == ["p", "p"], html
    assert [p.get_text() for p in tree.find_all("p")] == [f"Mind the <{tag}> tag, and the words after it.",
                                                         "A second paragraph."]


# Link destinations as written in the Markdown, where `\\` is one backslash.
@pytest.mark.parametrize("written, shown", [
    ("https://ok.org/x", "https://ok.org/x"), ("HTTP://ok.org", "HTTP://ok.org"),
    (r"https:/\evil.example/", "https://evil.example/"), (r"http:\\\\evil.example", "http://evil.example"),
    ("../other/", "../other/"), ("#digest", "#digest"), ("mailto:a@b.org", "mailto:a@b.org"),
    ("/%5Cevil.example", "/%5Cevil.example"), (r"\\evil.example", "\\evil.example"),
])
def test_links_in_the_introduction_show_where_they_go(written, shown):
    html, disguised = render_markdown(f"[a link]({written})")
    link = BeautifulSoup(html, "html.parser").a
    assert (link["href"], link["rel"], disguised) == (shown, ["noopener", "noreferrer", "nofollow"], [])


@pytest.mark.parametrize("written", ["//evil.example/", r"\\\\evil.example/", r"/\evil.example/", " //evil.example",
                                     "<\t//evil.example>", "https:evil.example", "http:/evil.example",
                                     r"http:\\evil.example"])
def test_a_link_that_leaves_the_site_while_reading_as_a_path_on_it_is_refused(make_content, capsys, written):
    content = make_content({"story-one/story.md": "---\ntitle: A story\ndate: 2026-01-02\n---\n\n"
                                                  f"The editor's introduction.\n\nSee [the cable]({written}).\n"})
    assert main(["check", "--content", str(content)]) == 1
    err = capsys.readouterr().err
    assert "content/story-one/story.md:8: error: the link `" in err, err
    assert "reads as a path on this site, but a browser may take it to another site" in err, err


def test_footnotes_in_the_introduction_link_to_their_notes(make_content, tmp_path):
    content = make_content({"story-one/story.md": "---\ntitle: A story\ndate: 2026-01-02\n---\n"
                                                  "Why this story[^1] matters[^why].\n\n[^1]: One.\n[^why]: Two.\n"})
    assert main(["--content", str(content), "--output", str(tmp_path / "output"), "--quiet"]) == 0
    page = (tmp_path / "output" / "story-one" / "index.html").read_text()
    assert 'href="#fn:1"' in page and 'id="fn:1"' in page and 'href="#fnref:why"' in page
    assert check_links(tmp_path / "output", "/") > 10


# --- 2. Confinement ----------------------------------------------------------------------------


def snapshot(root: Path) -> dict[str, str]:
    """Every file, folder and link under `root`, links not followed: what a build may not touch."""
    found = {}
    for folder, dirs, names in os.walk(root):
        for name in dirs + names:
            path = Path(folder, name)
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                found[rel] = "-> " + os.readlink(path)
            elif path.is_file():
                found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                found[rel] = "folder"
    return found


@pytest.fixture
def workspace(tmp_path) -> Path:
    """A valid content folder, a last good output/ beside it, and a secret outside both."""
    write_tree(tmp_path / "content", VALID_TREE)
    assert main(["--content", str(tmp_path / "content"), "--output", str(tmp_path / "output"), "--quiet"]) == 0
    write_tree(tmp_path / "outside", {
        "secret.md": "---\noutlet: Secret\n---\nA secret sentence that must never be published.\n",
        "story.md": "---\ntitle: Secret story\ndate: 2026-01-01\n---\nSecret introduction.\n",
        "site.yml": "title: Secret site\n"})
    return tmp_path


def copy_story(content: Path, name: str) -> None:
    shutil.copytree(content / "story-one", content / name)


def link(target: str):
    """A setup that replaces (or adds) `content/<path>` with a link to `target`."""
    def setup(root: Path, path: str) -> None:
        where = root / "content" / path
        if where.exists() or where.is_symlink():
            shutil.rmtree(where) if where.is_dir() and not where.is_symlink() else where.unlink()
        where.symlink_to(target.replace("ROOT", str(root)))
    return setup


# (case id, what to do to the content, the content path it concerns, message)
REFUSED = [
    ("folder with capitals", lambda root, path: copy_story(root / "content", path), "Story-Two", "lowercase letters"),
    ("folder with a space", lambda root, path: copy_story(root / "content", path), "story two", "lowercase letters"),
    ("folder with dots", lambda root, path: copy_story(root / "content", path), "a..b", "lowercase letters"),
    ("folder with a backslash", lambda root, path: copy_story(root / "content", path), "a\\..\\b", "lowercase letters"),
    ("folder ending in a newline", lambda root, path: copy_story(root / "content", path), "story-two\n",
     "lowercase letters"),
    ("folder with an encoded dot-dot", lambda root, path: copy_story(root / "content", path), "%2e%2e",
     "lowercase letters"),
    ("folder leading hyphen", lambda root, path: copy_story(root / "content", path), "-x", "lowercase letters"),
    ("folder of 81 letters", lambda root, path: copy_story(root / "content", path), "x" * 81, "lowercase letters"),
    ("folder named like the quote index", lambda root, path: copy_story(root / "content", path), "quotes",
     "the site's own files take the names"),
    ("folder named like the static files", lambda root, path: copy_story(root / "content", path), "static",
     "the site's own files take the names"),
    ("story folder linked out", link("ROOT/outside"), "story-two", "link out of the content folder"),
    ("story folder linked within", link("story-one"), "story-two", "link out of the content folder"),
    ("article linked out", link("ROOT/outside/secret.md"), "story-one/3-gamma.md", "outside the content folder"),
    ("article linked to an absolute path", link("/etc/passwd"), "story-one/3-gamma.txt", "outside the content folder"),
    ("article linked up and out", link("../../outside/secret.md"), "story-one/3-gamma.md",
     "outside the content folder"),
    ("article linked to nothing", link("no-such-file.md"), "story-one/3-gamma.md", "or to no file at all"),
    ("article linked to itself", link("3-gamma.md"), "story-one/3-gamma.md", "or to no file at all"),
    ("story.md linked out", link("ROOT/outside/story.md"), "story-one/story.md", "outside the content folder"),
    ("site.yml linked out", link("ROOT/outside/site.yml"), "site.yml", "outside the content folder"),
]


@pytest.mark.parametrize("setup, path, message", [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_names_and_links_that_leave_or_clash_are_refused(workspace, capsys, setup, path, message):
    setup(workspace, path)
    before = snapshot(workspace)
    assert main(["--content", str(workspace / "content"), "--output", str(workspace / "output")]) == 1
    err = capsys.readouterr().err
    shown = path.replace("\n", "\\n")  # names from content reach the terminal escaped
    assert f"content/{shown}: error: " in err and message in err, err
    assert "Secret" not in err and "Traceback" not in err
    assert snapshot(workspace) == before


def test_names_from_front_matter_never_become_paths(workspace):
    hostile = {"outlet": "../../../escaped", "title": "/etc/passwd", "author": "..\\..\\escaped",
               "published": "../../2026", "url": "https://x.org/../../escaped"}
    write_tree(workspace / "content", {"story-one/3-gamma.md": f"---\n{yaml.safe_dump(hostile)}---\nA sentence of news.\n",
                                       "story-one/4-..-..-escaped.txt": "Another sentence of news.\n"})
    def outside_the_build() -> dict[str, str]:  # all but the output and the story cache, the build's own
        return {rel: d for rel, d in snapshot(workspace).items() if not rel.startswith(("output", ".cache"))}

    outside = outside_the_build()
    assert main(["--content", str(workspace / "content"), "--output", str(workspace / "output"), "--quiet"]) == 0
    assert outside_the_build() == outside
    cached = [Path(rel) for rel in snapshot(workspace) if rel.startswith(".cache/")]
    assert cached and all(rel.parent == Path(".cache/story-digest") or rel == Path(".cache/story-digest")
                          for rel in cached)
    written = {p.relative_to(workspace / "output").as_posix() for p in (workspace / "output").rglob("*") if p.is_file()
               and not p.relative_to(workspace / "output").as_posix().startswith(f"{INDEX_DIR}/")}  # the search index
    assert written == {MANIFEST, ".nojekyll", "404.html", "index.html", "quotes/index.html", "outlets/index.html",
                       "robots.txt", "static/style.css", "static/story.js", "static/search.js", "static/site-pages.css",
                       "static/favicon.svg",
                       "story-one/index.html", "story-one/digest.json",
                       *(f"story-one/sources/{siglum}.html" for siglum in "ABCD")}


@pytest.mark.parametrize("slug", ["../escaped", "/tmp/escaped", "a/b", "story\n", ".hidden", "C:\\escaped"])
def test_new_refuses_a_name_that_is_not_a_slug(workspace, capsys, slug):
    before = snapshot(workspace)
    assert main(["new", slug, "--content", str(workspace / "content")]) == 1
    assert "lowercase letters, digits and hyphens" in capsys.readouterr().err
    assert snapshot(workspace) == before


@pytest.mark.parametrize("output, message", [
    ("content", "overlaps content/"),
    (".", "overlaps content/"),
    ("content/site", "overlaps content/"),
    ("outside", "holds files that no build wrote"),
    ("outside/secret.md", "is a file, not a folder"),
])
def test_the_output_folder_never_swallows_other_files(workspace, capsys, output, message):
    """A build replaces its output folder whole: one that holds anything else is refused."""
    before = snapshot(workspace)
    code = main(["--content", str(workspace / "content"), "--output", str(workspace / output)])
    assert code == 1 and message in capsys.readouterr().err
    assert snapshot(workspace) == before


@pytest.mark.parametrize("rel", ["../escaped.html", "/tmp/escaped.html", "a/../../escaped.html", "a\\b.html", ""])
def test_the_writer_refuses_a_path_outside_the_output(workspace, rel):
    before = snapshot(workspace)
    with pytest.raises(UnsafePath):
        write_site({"index.html": b"ok", rel: b"escaped"}, workspace / "output")
    assert snapshot(workspace) == before
