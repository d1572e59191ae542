"""A disk that fills up midway through a file, for a command run in the test's process: writes past ``size`` bytes
of a file fail with EFBIG ("File too large") while the limit holds (RLIMIT_FSIZE; Python ignores the SIGXFSZ that
comes with it, a child process such as pg_dump is ended by it). Needs no root and leaves nothing mounted."""

from __future__ import annotations

import resource
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def files_cut_at(size: int) -> Iterator[None]:
    """No file of this process (nor of a child it starts) grows past ``size`` bytes while in the block."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
