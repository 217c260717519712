"""Last stage, write: put a rendered site into `output/` all at once or not at all.

The new site is written into a fresh folder beside `output/` and swapped in
only when every file is there, so a failed build (or a crash mid-write) leaves
the last good site untouched and a preview server never sees half a site.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path, PurePosixPath

MARKER = ".nojekyll"  # render.py writes it into every build


class UnsafePath(ValueError):
    """A rendered path that would land outside the output folder."""


def unsafe_output(output_dir: Path, sources: tuple[Path, ...]) -> str | None:
    """Why a build must not replace `output_dir`, or None.

    The build swaps the whole folder, so anything in it that no build wrote would be deleted:
    the content itself (`--output content`, `--output .`), or a folder such as `docs/`.
    """
    output = output_dir.resolve()
    for source in sources:
        source = source.resolve()
        if output.is_relative_to(source) or source.is_relative_to(output):
            return (f"overlaps {source.name}/, which the build reads, and the output folder is "
                    "replaced whole; write the site to a folder of its own")
    if output.exists() and not output.is_dir():
        return "is a file, not a folder"
    if output.is_dir() and not (output / MARKER).is_file() and any(output.iterdir()):
        return (f"holds files that no build wrote (every build writes {MARKER}), and building would "
                "delete them; choose an empty or new folder")
    return None


def write_site(files: dict[str, bytes], output_dir: Path) -> None:
    output_dir = output_dir.absolute()
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output_dir.name}-new-", dir=output_dir.parent))
    try:
        for rel in sorted(files):
            target = staging.joinpath(*_safe_parts(rel))
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(files[rel])
        _make_world_readable(staging)
        _swap_in(staging, output_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _safe_parts(rel: str) -> tuple[str, ...]:
    path = PurePosixPath(rel)
    if path.is_absolute() or not path.parts or any(p in ("..", ".", "") for p in path.parts) or "\\" in rel:
        raise UnsafePath(f"refusing to write {rel!r}: it is not a plain path inside the output folder")
    return path.parts


def _make_world_readable(root: Path) -> None:
    """mkdtemp makes a private folder; a published site must be readable by the web server."""
    for folder, dirs, names in os.walk(root):
        os.chmod(folder, 0o755)
        for name in names:
            os.chmod(os.path.join(folder, name), 0o644)


def _swap_in(staging: Path, output_dir: Path) -> None:
    if not output_dir.exists():
        staging.rename(output_dir)
        return
    retired = output_dir.with_name(f".{output_dir.name}-old-{staging.name.rsplit('-', 1)[-1]}")
    output_dir.rename(retired)
    try:
        staging.rename(output_dir)
    except BaseException:
        retired.rename(output_dir)
        raise
    shutil.rmtree(retired, ignore_errors=True)
