"""Unpacking uploads safely: zip-slip, absolute paths and zip bombs are refused before anything is written.

Everything is unpacked into a temporary folder that :func:`workspace` always removes.
"""

from __future__ import annotations

import shutil
import stat
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath, PureWindowsPath


class UnsafeArchiveError(ValueError):
    """An archive that would write outside its folder, or expand beyond the allowed size."""


@contextmanager
def workspace() -> Iterator[Path]:
    """A private temporary folder, removed on exit whatever happens."""
    folder = Path(tempfile.mkdtemp(prefix="georeg-ingest-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def check_size(path: Path, limit: int) -> None:
    """Refuse a file larger than ``limit`` bytes (the upload size limit)."""
    size = path.stat().st_size
    if size > limit:
        raise UnsafeArchiveError(
            f"{path.name} is {size:,} bytes, over the limit of {limit:,} bytes (setting GEOREG_UPLOAD_MAX_BYTES); "
            "split the file or ask the administrator to raise the limit"
        )


def extract(archive: Path, into: Path, max_uncompressed: int) -> list[Path]:
    """Extract ``archive`` into ``into`` after checking every member; returns the extracted files.

    The declared sizes are summed before extracting anything, and the bytes actually written are counted
    too (a forged header cannot get past the limit).
    """
    with zipfile.ZipFile(archive) as zf:
        members = [m for m in zf.infolist() if not m.is_dir()]
        for member in members:
            _check_member_name(archive, member.filename)
            if stat.S_ISLNK(member.external_attr >> 16):
                raise UnsafeArchiveError(f"{archive.name}: {member.filename!r} is a symbolic link; links are refused")
        declared = sum(m.file_size for m in members)
        if declared > max_uncompressed:
            raise UnsafeArchiveError(
                f"{archive.name} would expand to {declared:,} bytes, over the limit of {max_uncompressed:,} "
                "(setting GEOREG_ARCHIVE_MAX_UNCOMPRESSED_BYTES); nothing was extracted"
            )
        written, paths = 0, []
        for member in members:
            target = into / PurePosixPath(member.filename.replace("\\", "/"))
            target.parent.mkdir(parents=True, exist_ok=True)
            with zf.open(member) as source, open(target, "wb") as out:
                while chunk := source.read(1 << 20):
                    written += len(chunk)
                    if written > max_uncompressed:
                        raise UnsafeArchiveError(
                            f"{archive.name} expands beyond the limit of {max_uncompressed:,} bytes (its headers "
                            "understate the sizes); extraction stopped"
                        )
                    out.write(chunk)
            paths.append(target)
    return paths


def _check_member_name(archive: Path, name: str) -> None:
    posix = PurePosixPath(name.replace("\\", "/"))
    if posix.is_absolute() or PureWindowsPath(name).drive or name.startswith(("/", "\\")):
        raise UnsafeArchiveError(f"{archive.name}: member {name!r} has an absolute path; the archive is refused")
    if ".." in posix.parts:
        raise UnsafeArchiveError(f"{archive.name}: member {name!r} points outside the archive (..); refused")
