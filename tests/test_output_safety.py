"""The output folder: replaced only when a build can prove it wrote it, and never left half-swapped."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PROJECT_DIR

from site_src.cli import main
from site_src.frontmatter import ContentError
from site_src.write import MANIFEST, FileDigests, claim_output, write_site

# Runs the CLI in a child process that dies abruptly (os._exit: no `except`, no `finally`, as under
# SIGKILL) on the N-th call of one Path method; on a write, after writing half the bytes.
DIE_ON_CALL = """
import os, sys
from pathlib import Path
from site_src.cli import main

method, when, argv = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
real, calls = getattr(Path, method), []
beside = Path(argv[argv.index("--output") + 1]).resolve().parent  # where write puts the site, not a scratch folder

def dying(self, *args, **kwargs):
    if beside not in Path(self).resolve().parents:
        return real(self, *args, **kwargs)
    calls.append(self)
    if len(calls) == when:
        if method == "write_bytes":
            real(self, args[0][:len(args[0]) // 2])
        os._exit(9)
    return real(self, *args, **kwargs)

setattr(Path, method, dying)
main(argv)
"""


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def site(make_content, tmp_path):
    """A content folder, and its site built once into site/output."""
    content = make_content()
    output = tmp_path / "site" / "output"
    assert main(["--content", str(content), "--output", str(output), "--quiet"]) == 0
    return content, output


def rebuild(content: Path, output: Path, capsys) -> tuple[int, str]:
    code = main(["--content", str(content), "--output", str(output), "--quiet"])
    return code, capsys.readouterr().err


def test_the_manifest_lists_every_file_the_build_wrote(site):
    _, output = site
    written = tree(output)
    listed = json.loads(written.pop(MANIFEST))["files"]
    assert listed == {rel: hashlib.sha256(data).hexdigest() for rel, data in written.items()}


def test_a_folder_of_someone_elses_is_refused_even_with_a_nojekyll(make_content, tmp_path, capsys):
    """A GitHub Pages checkout: .nojekyll, pages and .git/. None of it may be lost."""
    content = make_content()
    checkout = tmp_path / "checkout"
    for rel in (".nojekyll", "index.html", ".git/HEAD", ".git/objects/ab/cdef", "docs/notes.md"):
        (checkout / rel).parent.mkdir(parents=True, exist_ok=True)
        (checkout / rel).write_text(rel)
    before = tree(checkout)
    code, err = rebuild(content, checkout, capsys)
    assert code == 1
    assert f"{checkout}: error: holds files that no build wrote (.git/, .nojekyll, docs/ and 1 more;" in err
    assert "move them out, or choose an empty or new folder" in err
    assert tree(checkout) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["checkout", "content"]


@pytest.mark.parametrize("added", [".git/HEAD", "notes.txt", "story-one/sources/extra.html"])
def test_a_file_added_to_the_output_is_refused(site, capsys, added):
    content, output = site
    (output / added).parent.mkdir(parents=True, exist_ok=True)
    (output / added).write_text("mine")
    before = tree(output)
    code, err = rebuild(content, output, capsys)
    assert code == 1 and "holds files that no build wrote" in err
    assert (added.split("/", 1)[0] + "/" if added.startswith(".git") else added) in err
    assert tree(output) == before


def test_an_empty_folder_added_to_the_output_is_refused(site, capsys):
    content, output = site
    (output / "drafts").mkdir()
    code, err = rebuild(content, output, capsys)
    assert code == 1 and "(drafts/;" in err
    assert (output / "drafts").is_dir()


def test_a_page_edited_by_hand_is_refused_rather_than_lost(site, capsys):
    content, output = site
    (output / "index.html").write_text("my edit")
    before = tree(output)
    code, err = rebuild(content, output, capsys)
    assert code == 1
    assert "error: index.html changed since the last build, and building would lose the changes" in err
    assert tree(output) == before


def test_a_file_removed_from_the_output_is_written_again(site, capsys):
    content, output = site
    first = tree(output)
    (output / "404.html").unlink()
    assert rebuild(content, output, capsys)[0] == 0
    assert tree(output) == first


def test_a_file_added_while_the_site_is_written_is_refused_at_the_swap(site):
    """`claim_output` checked the folder when the command started; the swap checks it again."""
    _, output = site
    (output / "notes.txt").write_text("mine")
    with pytest.raises(ContentError, match="notes.txt"):
        write_site({"index.html": b"new"}, output)
    assert (output / "notes.txt").read_text() == "mine"
    assert sorted(p.name for p in output.parent.iterdir()) == ["output"]


def test_an_output_that_is_a_link_stays_a_link_and_leaves_nothing_behind(make_content, tmp_path, capsys):
    content = make_content()
    (tmp_path / "real").mkdir()
    link = tmp_path / "site" / "out-link"
    link.parent.mkdir()
    link.symlink_to(tmp_path / "real")
    for _ in range(2):
        assert rebuild(content, link, capsys)[0] == 0
    assert link.is_symlink() and (tmp_path / "real" / "index.html").is_file()
    assert sorted(p.name for p in link.parent.iterdir()) == ["out-link"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".cache", "content", "real", "site"]  # + stories kept


def die_during(method: str, call: int, content: Path, output: Path) -> None:
    result = subprocess.run([sys.executable, "-c", DIE_ON_CALL, method, str(call), "--content", str(content),
                             "--output", str(output), "--quiet"], cwd=PROJECT_DIR, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 9, result.stderr


def beside(output: Path) -> list[str]:
    return sorted(p.name.rsplit("-", 1)[0] for p in output.parent.iterdir())


def edit(content: Path) -> None:
    """A change to the content, so that the killed build's site differs from the last good one."""
    (content / "story-one" / "story.md").write_text("---\ntitle: A new title\ndate: 2026-01-02\n---\n")


@pytest.mark.parametrize("call", [1, 2, 5])  # the manifest half-written; a page half-written; later
def test_a_build_killed_while_writing_is_cleared_by_the_next(site, capsys, call):
    content, output = site
    last_good = tree(output)
    edit(content)
    die_during("write_bytes", call, content, output)
    assert beside(output) == [".output-new", "output"]
    assert tree(output) == last_good
    assert rebuild(content, output, capsys)[0] == 0
    assert beside(output) == ["output"]
    assert b"A new title" in tree(output)["index.html"]


def test_a_build_killed_between_the_two_renames_gets_the_last_good_site_back(site, capsys):
    content, output = site
    last_good = tree(output)
    edit(content)
    die_during("rename", 2, content, output)  # output/ is retired, the new site not yet in place
    assert beside(output) == [".output-new", ".output-old"]
    (content / "story-one" / "2-beta.md").write_text("no front matter")  # and the next build fails
    assert rebuild(content, output, capsys)[0] == 1
    assert beside(output) == ["output"]
    assert tree(output) == last_good


def test_a_build_killed_while_removing_the_old_site_is_cleared_by_the_next(site, capsys):
    content, output = site
    edit(content)
    die_during("unlink", 2, content, output)
    assert beside(output) == [".output-old", "output"]
    new = tree(output)
    assert b"A new title" in new["index.html"]
    assert rebuild(content, output, capsys)[0] == 0
    assert beside(output) == ["output"]
    assert tree(output) == new


@pytest.mark.parametrize("files", [
    {MANIFEST: '{"files": {}}', "mine.txt": "a person's file"},  # a manifest that does not list it
    {"index.html": "no manifest at all"},
])
def test_a_folder_named_like_a_leftover_but_not_provably_ours_is_kept(site, capsys, files):
    content, output = site
    lookalike = output.with_name(".output-old-abcd1234")
    for rel, text in files.items():
        (lookalike / rel).parent.mkdir(parents=True, exist_ok=True)
        (lookalike / rel).write_text(text)
    assert rebuild(content, output, capsys)[0] == 0
    assert tree(lookalike) == {rel: text.encode() for rel, text in files.items()}


def stamps(root: Path) -> dict[str, tuple[int, int]]:
    """Each file's inode and modification time: what a rewrite changes, even to the same bytes."""
    return {p.relative_to(root).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_a_rebuild_of_the_same_site_touches_nothing(site, capsys):
    content, output = site
    before, folder = stamps(output), output.stat().st_ino
    assert rebuild(content, output, capsys)[0] == 0
    assert stamps(output) == before and output.stat().st_ino == folder


def test_a_rebuild_writes_only_the_pages_whose_bytes_changed(site, capsys):
    content, output = site
    old, before = tree(output), stamps(output)
    edit(content)
    assert rebuild(content, output, capsys)[0] == 0
    new, after = tree(output), stamps(output)
    kept = {rel for rel in new if old.get(rel) == new[rel]}
    assert kept and kept != set(new)
    assert {rel: after[rel] for rel in kept} == {rel: before[rel] for rel in kept}
    assert all(after[rel] != before.get(rel) for rel in set(new) - kept)
    assert beside(output) == ["output"]


def test_a_page_edited_after_the_check_is_refused_at_the_swap_not_published(site):
    """Its file is linked into the new site, not copied; the check before the swap reads it."""
    _, output = site
    files = {rel: data for rel, data in tree(output).items() if rel != MANIFEST}
    files["404.html"] += b"<!-- changed -->"
    (output / "index.html").write_bytes(b"my edit")
    with pytest.raises(ContentError, match="index.html changed since the last build"):
        write_site(files, output)
    assert (output / "index.html").read_bytes() == b"my edit"
    assert beside(output) == ["output"]


def test_a_page_edited_between_the_checks_of_one_build_is_refused_though_it_looks_the_same(site):
    """The build reads each file once for both checks while lstat says the same of it; an edit
    that keeps the size and sets the modification time back still changes the change time."""
    content, output = site
    on_disk = FileDigests(racy_ns=0)  # remember even a file written a moment ago
    claim_output(output, (content,), on_disk)
    index = output / "index.html"
    before = index.stat()
    index.write_bytes(index.read_bytes()[::-1])
    os.utime(index, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (index.stat().st_size, index.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    files = {rel: data for rel, data in tree(output).items() if rel != MANIFEST}
    files["404.html"] += b"<!-- changed -->"
    with pytest.raises(ContentError, match="index.html changed since the last build"):
        write_site(files, output, on_disk)
    assert beside(output) == ["output"]
