"""Loading GIS staff's files into the registry (vector and raster), all-or-nothing, with a report.

Modules, one job each: :mod:`sniff` (what a file is), :mod:`archive` (safe unzip, size limits, temp folders),
:mod:`read` (layers, chunks, text encodings), :mod:`mapping` (columns to fields), :mod:`geometry` (checks and
repairs), :mod:`targets` (the tables and how rows are written), :mod:`project_writes` (projects set by set),
:mod:`copy` (binary COPY), :mod:`report`, :mod:`pipeline` (one load), :mod:`jobs` and :mod:`uploads` (background
checks and commits), :mod:`raster` (GeoTIFF → COG).

The names below are imported when first asked for (PEP 562), not with the package: an export reads :mod:`mapping`
(the shapefile's field names) and imported the whole pipeline with it, the jobs and every table's model, a second
of a ``georeg export`` that loads nothing (trial 62, F7).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from geo.ingest.pipeline import IngestRequest, ingest
    from geo.ingest.report import Problem, Report
    from geo.ingest.targets import Options

__all__ = ["IngestRequest", "Options", "Problem", "Report", "ingest"]
_MODULES = {
    "IngestRequest": "geo.ingest.pipeline",
    "ingest": "geo.ingest.pipeline",
    "Problem": "geo.ingest.report",
    "Report": "geo.ingest.report",
    "Options": "geo.ingest.targets",
}


def __getattr__(name: str) -> Any:
    """``from geo.ingest import ingest`` and the like: the name from its module, imported now."""
    if name not in _MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(_MODULES[name]), name)
