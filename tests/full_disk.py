"""A disk that fills up midway through a file, for a command run in the test's process: writes past ``size`` bytes
of a file fail with EFBIG ("File too large") while the limit holds (RLIMIT_FSIZE; Python ignores the SIGXFSZ that
comes with it, a child process such as pg_dump is ended by it). Needs no root and leaves nothing mounted.

Or a real small disk (:func:`small_disk`): a tmpfs of a few hundred kilobytes mounted on a folder, whose writes past
its room fail with ENOSPC ("No space left on device"), as a full disk's do. Needs root (the test is skipped
without)."""

from __future__ import annotations

import resource
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def files_cut_at(size: int) -> Iterator[None]:
    """No file of this process (nor of a child it starts) grows past ``size`` bytes while in the block."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))


@contextmanager
def small_disk(folder: Path, kilobytes: int) -> Iterator[Path]:
    """``folder`` (made if need be) a disk of ``kilobytes`` while in the block, unmounted after."""
    folder.mkdir(parents=True, exist_ok=True)
    mount = ["mount", "-t", "tmpfs", "-o", f"size={kilobytes}k", "tmpfs", str(folder)]
    if subprocess.run(mount, capture_output=True).returncode != 0:
        pytest.skip("a small disk needs root (mount -t tmpfs)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "--lazy", str(folder)], check=True)
