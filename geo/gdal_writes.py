"""GDAL stopping midway through a file it writes (a GeoPackage, a shapefile), said as any other file not written.

pyogrio raises its own errors, not an OSError, and GDAL's message says what it was doing when the disk filled up,
not that it did: "sqlite3_exec(COMMIT) failed: disk I/O error", "Extending field 1 (name_vi) from 80 to 86
characters failed". :func:`gdal_writing` turns them into :class:`GdalWriteError`, an OSError, which a command says
with the file's name and what to do (maps.export_refusals.out_refused), GDAL's message kept after it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


class GdalWriteError(OSError):
    """GDAL could not write a file; ``str()`` is GDAL's message."""


@contextmanager
def gdal_writing() -> Iterator[None]:
    """Run GDAL's writing of a file, its failure raised as :class:`GdalWriteError`."""
    from pyogrio.errors import DataLayerError, DataSourceError

    try:
        yield
    except (DataSourceError, DataLayerError) as error:
        raise GdalWriteError(str(error)) from error
