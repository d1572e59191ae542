"""Unpacking uploads safely: zip-slip, absolute paths and zip bombs are refused before anything is written.

Everything is unpacked into a temporary folder that :func:`workspace` always removes.
"""

from __future__ import annotations

import shutil
import stat
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath, PureWindowsPath

from geo.ingest.messages import said
from geo.said import SaidError


class UnsafeArchiveError(SaidError):
    """An archive that would write outside its folder, or expand beyond the allowed size, or does not open."""


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
        raise UnsafeArchiveError(said("over_upload_limit", name=path.name, size=size, limit=limit))


def extract(archive: Path, into: Path, max_uncompressed: int) -> list[Path]:
    """Extract ``archive`` into ``into`` after checking every member; returns the extracted files.

    The declared sizes are summed before extracting anything, and the bytes actually written are counted
    too (a forged header cannot get past the limit).
    """
    try:
        return _extract(archive, into, max_uncompressed)
    except (zipfile.BadZipFile, zlib.error) as exc:  # cut short (no directory at its end), or a member's bytes bad
        raise UnsafeArchiveError(said("archive_damaged", name=archive.name)) from exc


def _extract(archive: Path, into: Path, max_uncompressed: int) -> list[Path]:
    with zipfile.ZipFile(archive) as zf:
        members = [m for m in zf.infolist() if not m.is_dir()]
        for member in members:
            _check_member_name(archive, member.filename)
            if stat.S_ISLNK(member.external_attr >> 16):
                raise UnsafeArchiveError(said("archive_link", archive=archive.name, member=repr(member.filename)))
        declared = sum(m.file_size for m in members)
        if declared > max_uncompressed:
            raise UnsafeArchiveError(
                said("archive_too_large", archive=archive.name, size=declared, limit=max_uncompressed)
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
                            said("archive_understated", archive=archive.name, limit=max_uncompressed)
                        )
                    out.write(chunk)
            paths.append(target)
    return paths


def _check_member_name(archive: Path, name: str) -> None:
    posix = PurePosixPath(name.replace("\\", "/"))
    if posix.is_absolute() or PureWindowsPath(name).drive or name.startswith(("/", "\\")):
        raise UnsafeArchiveError(said("archive_absolute", archive=archive.name, member=repr(name)))
    if ".." in posix.parts:
        raise UnsafeArchiveError(said("archive_outside", archive=archive.name, member=repr(name)))
