"""Last stage, write: put a rendered site into `output/` all at once or not at all.

The new site is written into a fresh folder beside `output/` and swapped in
only when every file is there, so a failed build leaves the last good site
untouched and a preview server never sees half a site.

The swap replaces the whole folder, so a build replaces only a folder it can
prove it wrote: every build leaves a manifest in it (MANIFEST, each file's path
and SHA-256), and a folder that holds anything the manifest does not list, or
a file changed since, is refused rather than lost. A build killed halfway
leaves folders beside `output/` named after it and holding its manifest; the
next run removes them, and puts the last good site back if the kill came
between the swap's two renames.

A page whose bytes the last build wrote already is not written again: the new folder takes the
old file as a second link to it, so its modification time stays that of its content, and a
folder that holds exactly the new site is left as it is.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .frontmatter import ContentError
from .model import Problem

MANIFEST = ".site-manifest"  # a dotfile: GitHub Pages publishes it untouched, like .nojekyll
STAGING, RETIRED = "new", "old"  # `.output-new-*` is being written, `.output-old-*` is being removed
NAMED = 3  # entries a refusal names one by one; the rest are counted, so the message stays one line
# A file written this recently is read again at each check: a write in the same tick of the file
# system's clock can leave its times as they were (git's "racy" entries). Two seconds covers the
# coarsest clocks of the file systems a site is built on (FAT's is two seconds).
RACY_NS = 2_000_000_000


class UnsafePath(ValueError):
    """A rendered path that would land outside the output folder."""


class FileDigests:
    """The SHA-256 of files on disk, for the checks one build makes of its output folder (when it
    starts, and again before the swap): each file is read once while `lstat` says the same of it
    (size, modification and change times, inode). Any write changes a file's change time, which
    no one can set back, so an edit made between two checks is still read and refused."""

    def __init__(self, racy_ns: int = RACY_NS) -> None:
        self._racy_ns = racy_ns
        self._known: dict[str, tuple[tuple[int, ...], str]] = {}

    def of(self, path: str, status: os.stat_result) -> str:
        key = (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino, status.st_dev)
        known = self._known.get(path)
        if known is not None and known[0] == key:
            return known[1]
        with open(path, "rb") as file:
            digest = hashlib.file_digest(file, "sha256").hexdigest()
        if time.time_ns() - max(status.st_mtime_ns, status.st_ctime_ns) > self._racy_ns:
            self._known[path] = key, digest
        return digest


def claim_output(output_dir: Path, sources: tuple[Path, ...], on_disk: FileDigests | None = None) -> None:
    """Make sure a build may replace `output_dir`, after clearing what a killed build left.

    Raise ContentError when the folder overlaps `sources` (the content, the templates), before
    anything is touched, or when it holds anything that no build wrote or a file changed since.
    `on_disk` keeps what the check read, for write_site's checks of the same build.
    """
    output = output_dir.resolve()
    for source in sources:
        source = source.resolve()
        if output.is_relative_to(source) or source.is_relative_to(output):
            _refuse(output_dir, f"overlaps {source.name}/, which the build reads, and the output "
                    "folder is replaced whole; write the site to a folder of its own")
    if output.exists() and not output.is_dir():
        _refuse(output_dir, "is a file, not a folder")
    _recover(output)
    _refuse_unless_ours(output, output_dir, on_disk if on_disk is not None else FileDigests())


def write_site(files: dict[str, bytes], output_dir: Path, on_disk: FileDigests | None = None) -> None:
    """Write `files` beside `output_dir`, then swap them in; a link to the folder stays a link.
    A folder that holds these files alone, each unchanged, is this site already: it is kept.
    `on_disk` holds what claim_output read of the folder, so an unchanged file is not read again."""
    output = output_dir.resolve()
    on_disk = on_disk if on_disk is not None else FileDigests()
    digests = {rel: hashlib.sha256(data).hexdigest() for rel, data in files.items()}
    manifest = _manifest(digests)
    if _holds(output, manifest, on_disk):
        return
    written = _read_manifest(output) if output.is_dir() else {}
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}-{STAGING}-", dir=output.parent))
    try:
        (staging / MANIFEST).write_bytes(manifest)  # first: a killed write still says whose it is
        folders = {staging}  # made already: a site's thousand files are in a few hundred folders
        for rel in sorted(files):
            parts = safe_parts(rel)
            target = staging.joinpath(*parts)
            if target.parent not in folders:
                target.parent.mkdir(parents=True, exist_ok=True)
                folders.add(target.parent)
            if written.get(rel) != digests[rel] or not _linked(output.joinpath(*parts), target):
                target.write_bytes(files[rel])
        _make_world_readable(staging)
        _refuse_unless_ours(output, output_dir, on_disk)  # again: a person may have added a file meanwhile
        _swap_in(staging, output)
    except BaseException:
        with contextlib.suppress(OSError):  # the error that brought us here is the one to report
            _remove_own(staging)
        raise


def safe_parts(rel: str) -> tuple[str, ...]:
    """The parts of a rendered path, refused unless it is a plain path inside the site."""
    path = PurePosixPath(rel)
    if rel == MANIFEST:
        raise UnsafePath(f"refusing to write {rel!r}: the build keeps its manifest there")
    if path.is_absolute() or not path.parts or any(p in ("..", ".", "") for p in path.parts) or "\\" in rel:
        raise UnsafePath(f"refusing to write {rel!r}: it is not a plain path inside the output folder")
    return path.parts


def _holds(output: Path, manifest: bytes, on_disk: FileDigests) -> bool:
    """Whether `output` is the site of `manifest` already: that manifest, and every file it lists,
    unchanged, and nothing else (which the audit would otherwise report before the swap)."""
    try:
        if not output.is_dir() or (output / MANIFEST).read_bytes() != manifest:
            return False
    except OSError:
        return False
    return _audit(output, on_disk) == _Audit((), (), complete=True)


def _linked(old: Path, new: Path) -> bool:
    """Whether `new` is now a second link to the last build's `old`. The check before the swap
    reads that same file, so an edit made to it meanwhile is refused, never published. Never a
    link to a link, and never where the file system has none: then the file is written."""
    try:
        if not stat.S_ISREG(os.lstat(old).st_mode):
            return False
        os.link(old, new, follow_symlinks=False)
    except OSError:
        return False
    return True


def _manifest(listing: dict[str, str]) -> bytes:
    """Each file's SHA-256 by its path, sorted and free of dates, so two builds of the same
    content stay byte-identical."""
    about = ("Every file the last build wrote, with its SHA-256. A build replaces this folder only "
             "while it holds these files alone, unchanged.")
    return (json.dumps({"about": about, "files": listing}, indent=1, sort_keys=True) + "\n").encode("ascii")


def _make_world_readable(root: Path) -> None:
    """mkdtemp makes a private folder; a published site must be readable by the web server."""
    for folder, dirs, names in os.walk(root):
        os.chmod(folder, 0o755)
        for name in names:
            os.chmod(os.path.join(folder, name), 0o644)


def _swap_in(staging: Path, output: Path) -> None:
    if not output.exists():
        staging.rename(output)
        return
    retired = output.with_name(f".{output.name}-{RETIRED}-{staging.name.rsplit('-', 1)[-1]}")
    output.rename(retired)
    try:
        staging.rename(output)
    except BaseException:
        retired.rename(output)
        raise
    with contextlib.suppress(OSError):  # the new site is in place; the next run retries the removal
        _remove_own(retired)


def _remove_own(folder: Path) -> None:
    """The manifest goes last, so a removal cut short leaves a folder that still proves it is ours."""
    for entry in folder.iterdir():
        if entry.name == MANIFEST:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    (folder / MANIFEST).unlink(missing_ok=True)
    folder.rmdir()


def _recover(output: Path) -> None:
    """Clear what a build killed halfway left beside `output`: only folders named as a build names
    them and holding nothing their manifest does not list. If the kill came between the swap's two
    renames, `output` is missing and the retired folder is the last good site: it goes back."""
    if not output.parent.is_dir():
        return
    leftover = re.compile(rf"\.{re.escape(output.name)}-({STAGING}|{RETIRED})-[a-z0-9_]+")
    for folder in sorted(output.parent.iterdir()):  # staging (`-new-`) before retired (`-old-`)
        if not leftover.fullmatch(folder.name) or folder.is_symlink() or not folder.is_dir():
            continue
        audit = _audit(folder, FileDigests())
        if audit.foreign:
            continue  # not provably ours: never delete it
        if folder.name.startswith(f".{output.name}-{RETIRED}-") and not output.exists() and audit.complete:
            folder.rename(output)
        else:
            _remove_own(folder)


def _refuse_unless_ours(output: Path, shown: Path, on_disk: FileDigests) -> None:
    audit = _audit(output, on_disk) if output.is_dir() else _Audit((), (), False)
    if audit.foreign:
        _refuse(shown, f"holds files that no build wrote ({_some(audit.foreign)}; a build lists what "
                f"it writes in {MANIFEST}), and building would delete them; move them out, or choose an "
                "empty or new folder (an old build's folder without a manifest can simply be deleted)")
    if audit.changed:
        _refuse(shown, f"{_some(audit.changed)} changed since the last build, and building would lose "
                "the changes; copy them out or undo them (or delete the files), then build again")


def _refuse(shown: Path, reason: str) -> None:
    raise ContentError([Problem(str(shown), None, reason)])


def _some(names: tuple[str, ...]) -> str:
    shown = ", ".join(names[:NAMED])
    return shown if len(names) <= NAMED else f"{shown} and {len(names) - NAMED} more"


@dataclass(frozen=True)
class _Audit:
    """How a folder compares with the manifest in it."""

    foreign: tuple[str, ...]  # entries the manifest does not list (a folder ends in `/`)
    changed: tuple[str, ...]  # listed files whose bytes differ from the build's
    complete: bool  # every listed file is there, unchanged


def _audit(folder: Path, on_disk: FileDigests) -> _Audit:
    listed = _read_manifest(folder)
    folders = {rel[:end] for rel in listed for end in _slashes(rel)}
    foreign: list[str] = []
    changed: list[str] = []
    found = 0

    def refuse_unreadable(error: OSError) -> None:  # a folder we cannot read may hold anything
        raise error

    top = os.fspath(folder)
    for root, dirs, names in os.walk(top, onerror=refuse_unreadable):
        # Strings, not paths: a site of thousands of files is audited twice a build.
        here = root[len(top) + 1:].replace(os.sep, "/") + "/" if root != top else ""
        for name in sorted(dirs):
            rel = here + name
            if rel not in folders or os.path.islink(os.path.join(root, name)):
                foreign.append(rel + "/")
                dirs.remove(name)
        dirs.sort()
        for name in sorted(names):
            rel, path = here + name, os.path.join(root, name)
            status = os.lstat(path)
            regular = stat.S_ISREG(status.st_mode)  # never a link, a pipe or a device
            if rel == MANIFEST and regular:
                continue
            if rel not in listed or not regular:
                foreign.append(rel)
                continue
            found += 1
            if on_disk.of(path, status) != listed[rel]:
                changed.append(rel)
    return _Audit(tuple(sorted(foreign)), tuple(changed), complete=0 < found == len(listed) and not changed)


def _slashes(rel: str) -> list[int]:
    """Where each folder of `rel` ends: `a/b/c.html` has `a` and `a/b`."""
    return [index for index, char in enumerate(rel) if char == "/"]


def _read_manifest(folder: Path) -> dict[str, str]:
    """What the manifest lists, or nothing when it is missing or not one a build wrote."""
    path = folder / MANIFEST
    try:
        if path.is_symlink() or not path.is_file():
            return {}
        files = json.loads(path.read_bytes()).get("files")
    except (OSError, ValueError, AttributeError):
        return {}
    if not isinstance(files, dict):
        return {}
    return {rel: digest for rel, digest in files.items() if isinstance(digest, str)}
