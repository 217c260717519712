"""What the command line shows: the same site and the same names however it is called."""

from __future__ import annotations

from pathlib import Path

from site_src.cli import main


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_the_site_is_the_same_however_the_content_folder_is_spelled(make_content, tmp_path, monkeypatch):
    """Pages and digest.json show each article's file: never through the path typed to reach it."""
    content = make_content()
    for cwd, spelling, output in ((tmp_path, "content", "root"), (content, ".", "inside"),
                                  (content / "story-one", "..", "below")):
        monkeypatch.chdir(cwd)
        assert main(["--content", spelling, "--output", str(tmp_path / output), "--quiet"]) == 0
    root = tree(tmp_path / "root")
    assert b"content/story-one/1-alpha.md" in root["story-one/digest.json"]
    assert tree(tmp_path / "inside") == root and tree(tmp_path / "below") == root
