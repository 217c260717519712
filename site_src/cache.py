"""Stories kept from one build to the next: an unchanged story is neither merged nor rendered again.

Each entry is one story's build (its Story and its own pages), filed under a hash of everything
that build reads: the story as loaded (every field the loader took from its folder), the outlets'
page templates learnt across stories, the site's settings, and the generator itself (the
package's files, the page templates, Python's and the dependencies' versions). A change to any of
them gives another name, so an entry is never stale; none is ever trusted over a build: an entry
that is missing, unreadable, truncated or filed under another name is built again.

Entries are pickles, for a Story is a deep tree of frozen dataclasses. Unpickling runs code named
in the file, so an entry is read only from a folder this user owns and no one else may write to
(as ssh treats its keys), made so by us, and only after its SHA-256 matches: the folder is then as
trusted as the package's own source, which the same user could edit.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import pickle
import re
import stat
import sys
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Callable, Sequence, TypeVar

from .parallel import in_order

Item, Result = TypeVar("Item"), TypeVar("Result")

FOLDER = Path(".cache") / "story-digest"  # beside the content folder; .gitignore keeps it out of git
MAGIC = b"story-digest cache 1\n"  # the format's name and version: another one is not read
PACKAGE_DIR = Path(__file__).resolve().parent
DISTRIBUTION = "story-digest"
PICKLE_PROTOCOL = 5  # fixed, so the same Python writes the same bytes
PRIVATE = 0o700  # the folder: its owner alone reads and writes it
NOT_OWNER = 0o022  # group or others may write: an entry could be anyone's


def cache_folder(content_dir: Path) -> Path:
    """Where the stories of `content_dir` are kept: beside it, never in the output."""
    return content_dir.resolve().parent / FOLDER


def story_key(version: str, raw: object, *context: object) -> str:
    """The entry's name: what one story's build reads, hashed. reprs of frozen dataclasses,
    tuples and sorted sets are the same in every run; an unordered set would only miss."""
    return hashlib.sha256(repr((version, raw, context)).encode("utf-8", "surrogatepass")).hexdigest()


def generator_version(templates_dir: Path) -> str:
    """The generator's fingerprint: a change to the code, the templates or a dependency is
    another version, whose entries are other entries. Templates are read on each build (`serve`
    renders an edited one at once); the code is that of this process, read once."""
    digest = hashlib.sha256(_running_code().encode())
    _hash_files(digest, templates_dir)
    return digest.hexdigest()


@lru_cache(maxsize=1)
def _running_code() -> str:
    """The code this process imported at its start, its Python and its dependencies: a running
    `serve` keeps them whatever is saved under site_src/ meanwhile."""
    digest = hashlib.sha256(MAGIC + sys.version.encode())
    _hash_files(digest, PACKAGE_DIR)
    for name in _dependencies():
        try:
            digest.update(f"{name}={importlib.metadata.version(name)}\0".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"{name} absent\0".encode())
    return digest.hexdigest()


def _hash_files(digest, root: Path) -> None:
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        data = path.read_bytes()
        digest.update(f"{path.relative_to(root).as_posix()}\0{len(data)}\0".encode() + data)


def _dependencies() -> list[str]:
    try:
        required = importlib.metadata.requires(DISTRIBUTION) or []
    except importlib.metadata.PackageNotFoundError:  # run from a checkout never installed
        return []
    return sorted({re.match(r"[A-Za-z0-9_.-]+", line).group() for line in required if "extra ==" not in line})


def through_cache(work: Callable[[Item], Result], items: Sequence[Item], keys: Sequence[str],
                  folder: Path | None, jobs: int,
                  done: Callable[[int, int], None] | None = None) -> list[Result]:
    """`in_order(work, items, jobs, done)`, with each result whose key has an entry in `folder`
    taken from it and each other one filed there; `folder` None keeps nothing."""
    readable = folder is not None and _private(folder)
    found = [_read(folder, key) if readable else None for key in keys]
    missing = [index for index, result in enumerate(found) if result is None]
    hits = len(items) - len(missing)
    if done and hits:
        done(hits, len(items))
    made = in_order(work, [items[index] for index in missing], jobs,
                    (lambda so_far, _: done(hits + so_far, len(items))) if done else None)
    for index, result in zip(missing, made):
        found[index] = result
    if folder is not None and _private(folder, make=True):  # only now: a failed build leaves no folder
        for index in missing:
            _write(folder, keys[index], found[index])
        _keep_only(folder, set(keys))
    return found


def _keep_only(folder: Path, keys: set[str]) -> None:
    """The folder holds the last build's stories alone, so it grows with the site, not with its
    history; another build's entry taken away here is only built again."""
    try:
        for name in os.listdir(folder):
            if name not in keys:
                os.unlink(folder / name)
    except OSError:  # another build took it first
        pass


def _private(folder: Path, make: bool = False) -> bool:
    """Usable only when ours alone (on a system with user ids); made so when `make`."""
    try:
        if make:
            folder.mkdir(mode=PRIVATE, parents=True, exist_ok=True)
        status = folder.stat(follow_symlinks=False)
    except OSError:
        return False
    owner = getattr(os, "getuid", None)
    ours = owner is None or (status.st_uid == owner() and not status.st_mode & NOT_OWNER)
    return stat.S_ISDIR(status.st_mode) and ours


def _read(folder: Path, key: str):
    """The entry's result, or None for anything but a whole entry of this key."""
    try:
        data = (folder / key).read_bytes()
    except OSError:
        return None
    head = _head(key)
    digest_end = len(head) + hashlib.sha256().digest_size
    if not data.startswith(head) or hashlib.sha256(data[digest_end:]).digest() != data[len(head):digest_end]:
        return None
    try:
        return pickle.loads(data[digest_end:])
    except Exception:  # not from an entry of ours, whose digest matched; still, nothing read stops a build
        return None


def _head(key: str) -> bytes:
    """An entry's first line: the format and its own key, so an entry under another name is refused."""
    return MAGIC + key.encode() + b"\n"


def _write(folder: Path, key: str, result: object) -> None:
    """Whole or not at all (a new file renamed over), so a reader never sees half an entry; a full
    disk or a read-only folder costs the next build its speed, never this build."""
    payload = pickle.dumps(result, protocol=PICKLE_PROTOCOL)
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".new-")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(_head(key) + hashlib.sha256(payload).digest() + payload)
            os.replace(temporary, folder / key)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError:
        pass
