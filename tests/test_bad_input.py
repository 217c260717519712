"""Broken input through `python build.py`, as an editor meets it: one clear message, the right exit
code, no traceback, and the last good output/ untouched, byte for byte.

tests/test_load.py holds the full table of bad inputs, checked in-process; a representative subset
of it runs here through build.py, with the cases only a whole build shows: warnings, the
oddities that are tolerated without a word, a 20 MB article and an empty content folder.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import VALID_TREE, write_tree
from test_build import run, tree_digest
from test_load import ERRORS

from site_src.cli import main

FROM_THE_LOAD_TABLE = {
    "site.yml syntax", "story.md list", "site.yml not a mapping", "article outlet mapping", "title true/false",
    "story.md missing", "article whitespace", "zero-width only", "binary", "latin-1 bytes", "utf-16",
    "duplicate outlet", "impossible published date", "billion laughs", "empty web page",
}
CRLF_ARTICLE = b"---\r\noutlet: Gamma\r\n---\r\nThe council met on Monday.\r\nIt approved the budget.\r\n"

# (case id, overrides of the valid tree, exit code, `file:line: severity:` of the one message, message part);
# None for the message: the build says nothing but its summary.
CASES = [(name, overrides, 1, prefix, message) for name, overrides, prefix, message in ERRORS
         if name in FROM_THE_LOAD_TABLE] + [
    ("misspelled key", {"story-one/3-gamma.md": "---\noutlet: Gamma\nautor: Someone\n---\nText.\n"}, 0,
     "content/story-one/3-gamma.md:3: warning:", "did you mean `author`?"),
    ("misspelled site key", {"site.yml": "title: t\nbase_ulr: /repo/\n"}, 0, "content/site.yml:2: warning:",
     "did you mean `base_url`?"),
    ("one article", {"story-one/2-beta.md": None}, 0, "content/story-one/story.md: warning:", "has one article"),
    ("story without articles", {"empty-story/story.md": "---\ntitle: x\ndate: 2026-01-01\n---\n"}, 0,
     "content/empty-story: warning:", "no articles yet, so the story is left out of the site"),
    ("other files", {"story-one/notes.docx": b"PK\x03\x04"}, 0, "content/story-one/notes.docx: warning:", "ignored"),
    ("a BOM", {"story-one/3-gamma.md": b"\xef\xbb\xbf---\noutlet: Gamma\n---\nThe council met on Monday.\n"}, 0,
     None, None),
    ("CRLF line endings", {"story-one/3-gamma.md": CRLF_ARTICLE}, 0, None, None),
    ("old Mac line endings", {"story-one/3-gamma.md": CRLF_ARTICLE.replace(b"\r\n", b"\r")}, 0, None, None),
    ("BOM and CRLF everywhere", {"site.yml": b"\xef\xbb\xbftitle: Test digests\r\nbase_url: /\r\n",
                                 "story-one/story.md": b"\xef\xbb\xbf---\r\ntitle: A story\r\ndate: 2026-01-02\r\n"
                                                       b"---\r\nThe introduction.\r\n",
                                 "story-one/3-gamma.md": b"\xef\xbb\xbf" + CRLF_ARTICLE}, 0, None, None),
]


@pytest.fixture(scope="module")
def last_good_output(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("good")
    content = write_tree(root / "content", VALID_TREE)
    assert main(["--content", str(content), "--output", str(root / "output"), "--quiet"]) == 0
    return root / "output"


@pytest.fixture
def project(tmp_path, last_good_output) -> Path:
    """A folder as an editor has it: valid content and the output/ its last build wrote."""
    write_tree(tmp_path / "content", VALID_TREE)
    shutil.copytree(last_good_output, tmp_path / "output")
    return tmp_path


def build_in(project: Path) -> tuple[int, list[str]]:
    result = run("--content", "content", "--output", "output", "--quiet", cwd=project)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    kept = [] if result.returncode else [".cache"]  # a build that succeeds keeps its stories for the next
    assert sorted(p.name for p in project.iterdir()) == [*kept, "content", "output"]  # nothing else beside
    return result.returncode, result.stderr.splitlines()


@pytest.mark.parametrize("overrides", [row[1] for row in ERRORS], ids=[row[0] for row in ERRORS])
def test_no_bad_input_of_the_load_table_touches_the_last_good_site(project, overrides, capsys):
    """Every row of the load table, built in-process: exit 1, and output/ byte for byte as it was."""
    write_tree(project / "content", overrides)
    before = tree_digest(project / "output")
    assert main(["--content", str(project / "content"), "--output", str(project / "output"), "--quiet"]) == 1
    assert "internal error" not in capsys.readouterr().err
    assert tree_digest(project / "output") == before
    assert sorted(p.name for p in project.iterdir()) == ["content", "output"]


@pytest.mark.parametrize("overrides, code, prefix, message", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_one_clear_message_and_the_last_good_site_kept(project, overrides, code, prefix, message):
    write_tree(project / "content", overrides)
    before = tree_digest(project / "output")
    returncode, lines = build_in(project)
    assert returncode == code, lines
    problems = [line for line in lines if ": error: " in line or ": warning: " in line]
    if prefix is None:
        assert lines == []
    else:
        assert len(problems) == 1 and problems[0].startswith(prefix) and message in problems[0], lines
    if code:
        assert lines[-1] == "1 problem found; nothing was written."
        assert tree_digest(project / "output") == before


def test_tolerated_oddities_leave_no_trace_in_the_site(project):
    write_tree(project / "content", {"story-one/3-gamma.md": b"\xef\xbb\xbf" + CRLF_ARTICLE})
    assert build_in(project) == (0, [])
    page = (project / "output" / "story-one" / "sources" / "C.html").read_text(encoding="utf-8")
    assert "<span class=\"sentence" in page and "The council met on Monday." in page
    assert "\r" not in page and "\ufeff" not in page


def test_a_20_mb_article_is_refused_unread(project):
    with open(project / "content" / "story-one" / "3-huge.txt", "wb") as huge:
        for _ in range(20):
            huge.write(b"The council approved the budget on Monday. " * 23_810)  # 1 MB
    before = tree_digest(project / "output")
    code, lines = build_in(project)
    assert code == 1
    assert lines == ["content/story-one/3-huge.txt: error: is larger than 5 MB; an article is text: "
                     "check this is the right file", "1 problem found; nothing was written."]
    assert tree_digest(project / "output") == before


@pytest.mark.parametrize("kept, message", [
    ({}, "content/site.yml: error: missing"),
    ({"site.yml": VALID_TREE["site.yml"]}, "content: error: no story folders"),
])
def test_an_empty_content_folder(project, kept, message):
    before = tree_digest(project / "output")
    shutil.rmtree(project / "content")
    write_tree(project / "content", kept).mkdir(exist_ok=True)
    code, lines = build_in(project)
    assert code == 1 and len(lines) == 2 and lines[0].startswith(message), lines
    assert tree_digest(project / "output") == before


def test_a_missing_content_folder(project):
    shutil.rmtree(project / "content")
    result = run("--content", "content", "--output", "output", cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("content: error: content folder not found")
