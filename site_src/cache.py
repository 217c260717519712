"""What a build made, kept for the next: an unchanged story is neither read, merged nor rendered again.

Each entry is one step's result, filed under a hash of everything that step reads and of the
generator itself (the package's files, the page templates, Python's and the dependencies'
versions): a story folder as read (by the bytes of its files), a saved web page's reading (by its
bytes), one story's build (its Story and its own pages: by the story as loaded, the outlets' page
templates learnt across stories and the site's settings), each story's lines those templates are
learnt from (by the story as loaded), the shared pages (by every story's build), the search index (by the pages it indexes)
and the page templates' code (Jinja checks it against each template's source). A change to any input gives another name,
so an entry is never stale; none is ever trusted over a build: an entry that is missing,
unreadable, truncated or filed under another name is made again.

Entries are pickles, for a Story is a deep tree of frozen dataclasses. Unpickling runs code named
in the file, so an entry is read only from a folder this user owns and no one else may write to
(as ssh treats its keys), made so by us, and only after its SHA-256 matches: the folder is then as
trusted as the package's own source, which the same user could edit.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import stat
import sys
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Sequence, TypeVar

from .parallel import in_order

Item, Result = TypeVar("Item"), TypeVar("Result")

FOLDER = Path(".cache") / "story-digest"  # beside the content folder; .gitignore keeps it out of git
MAGIC = b"story-digest cache 1\n"  # the format's name and version: another one is not read
PACKAGE_DIR = Path(__file__).resolve().parent
DISTRIBUTION = "story-digest"
DIST_INFO = ".dist-info"  # an installed distribution's metadata folder ends so (PEP 376)
REQUIRES = re.compile(r"^Requires-Dist: *([A-Za-z0-9_.-]+)[^\n]*", re.MULTILINE)  # one dependency a line
PICKLE_PROTOCOL = 5  # fixed, so the same Python writes the same bytes
PRIVATE = 0o700  # the folder: its owner alone reads and writes it
NOT_OWNER = 0o022  # group or others may write: an entry could be anyone's


def cache_folder(content_dir: Path) -> Path:
    """Where the stories of `content_dir` are kept: beside it, never in the output."""
    return content_dir.resolve().parent / FOLDER


def digest_of(files: dict[str, bytes]) -> str:
    """Files by their path, hashed: the name by which a step that reads them is kept."""
    digest = hashlib.sha256()
    for rel in sorted(files):
        digest.update(f"{rel}\0{len(files[rel])}\0".encode("utf-8", "surrogatepass") + files[rel])
    return digest.hexdigest()


@dataclass(frozen=True)
class Shelf:
    """One build's use of the cache folder (`folder` None keeps nothing): the entries it takes and
    files, and the keys it used, so that the folder keeps the last build's entries alone."""

    folder: Path | None
    version: str  # generator_version's, so that another generator's entries are other entries
    used: set[str] = field(default_factory=set, compare=False)
    made: dict[str, object] = field(default_factory=dict, compare=False)  # filed when the build is done

    def key(self, step: str, *inputs: object) -> str:
        """The entry's name: the step's, then what it reads, hashed. reprs of frozen dataclasses,
        tuples and sorted sets are the same in every run; an unordered set would only miss."""
        text = repr((self.version, step, inputs))
        return f"{step}-{hashlib.sha256(text.encode('utf-8', 'surrogatepass')).hexdigest()}"

    def take(self, key: str):
        """The entry of `key`, or None when there is none to trust; either way the key stays."""
        if self.folder is None:
            return None
        self.used.add(key)
        return _read(self.folder, key) if _private(self.folder) else None

    def file(self, key: str, result: object) -> None:
        """`result` to be kept under `key` once the build is done (put_away)."""
        if self.folder is not None:
            self.used.add(key)
            self.made[key] = result

    def kept(self, key: str, make: Callable[[], Result]) -> Result:
        """`make()`, taken from the entry of `key` when there is one, else filed there."""
        found = self.take(key)
        if found is None:
            found = make()
            self.file(key, found)
        return found

    def put_away(self) -> None:
        """Once the build is done (a failed one files nothing, and makes no folder): its new entries
        filed, in a folder made private to this user, and the others removed, so that the folder
        grows with the site, not with its history; another build's entry taken away here is only
        made again."""
        if self.folder is None or not _private(self.folder, make=bool(self.made)):
            return
        for key, result in self.made.items():
            _write(self.folder, key, result)
        try:
            for name in os.listdir(self.folder):
                if name not in self.used:
                    os.unlink(self.folder / name)
        except OSError:  # another build took it first
            pass


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
    installed = _installed()
    for name in _dependencies(installed):
        version = installed[name][0] if name in installed else None
        digest.update(f"{name}={version}\0".encode() if version else f"{name} absent\0".encode())
    return digest.hexdigest()


def _hash_files(digest, root: Path) -> None:
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        data = path.read_bytes()
        digest.update(f"{path.relative_to(root).as_posix()}\0{len(data)}\0".encode() + data)


def _installed() -> dict[str, tuple[str, Path]]:
    """Each distribution Python would import, by its normalised name: its version and metadata
    folder, as the folder's name (`name-version.dist-info`) gives them, the first on the path
    winning as in an import. A listing, not importlib.metadata, which parses every package's
    metadata as mail and costs a build a tenth of a second."""
    found: dict[str, tuple[str, Path]] = {}
    for entry in sys.path:
        try:
            names = sorted(os.listdir(entry or "."))
        except OSError:
            continue
        for name in names:
            if name.endswith(DIST_INFO) and "-" in name:
                project, version = name[:-len(DIST_INFO)].split("-", 1)
                found.setdefault(_normal(project), (version, Path(entry or ".") / name))
    return found


def _dependencies(installed: dict[str, tuple[str, Path]]) -> list[str]:
    """The dependencies the package's metadata requires (extras aside), by normalised name."""
    ours = installed.get(_normal(DISTRIBUTION))
    try:
        metadata = (ours[1] / "METADATA").read_text(encoding="utf-8") if ours else ""
    except OSError:
        metadata = ""
    headers = metadata.split("\n\n", 1)[0]  # the body below is the README
    return sorted({_normal(match.group(1)) for match in REQUIRES.finditer(headers)
                   if "extra ==" not in match.group(0)})


def _normal(name: str) -> str:
    """A distribution's name as PEP 503 compares it: `Foo_Bar` and `foo-bar` are one."""
    return re.sub(r"[-_.]+", "-", name).lower()


@dataclass
class CompiledTemplates:
    """Jinja's bytecode cache (its get_bucket and set_bucket), held as one entry on the shelf:
    compiling the page templates costs a rebuild of one story more than rendering its pages.
    Jinja checks each template's code against its source's checksum before using it."""

    code: dict[str, bytes] = field(default_factory=dict)  # by Jinja's key: the template's name and file

    def get_bucket(self, environment, name: str, filename: str | None, source: str):
        from jinja2.bccache import BytecodeCache, Bucket

        key = BytecodeCache.get_cache_key(self, name, filename)
        bucket = Bucket(environment, key, BytecodeCache.get_source_checksum(self, source))
        if key in self.code:
            bucket.bytecode_from_string(self.code[key])
        return bucket

    def set_bucket(self, bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


def through_cache(work: Callable[[Item], Result], items: Sequence[Item], keys: Sequence[str],
                  shelf: Shelf, jobs: int,
                  done: Callable[[int, int], None] | None = None) -> list[Result]:
    """`in_order(work, items, jobs, done)`, with each result whose key has an entry on `shelf`
    taken from it and each other one filed there."""
    found = [shelf.take(key) for key in keys]
    missing = [index for index, result in enumerate(found) if result is None]
    hits = len(items) - len(missing)
    if done and hits:
        done(hits, len(items))
    made = in_order(work, [items[index] for index in missing], jobs,
                    (lambda so_far, _: done(hits + so_far, len(items))) if done else None)
    for index, result in zip(missing, made):
        found[index] = result
        shelf.file(keys[index], result)
    return found


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
