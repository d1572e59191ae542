"""Loading GIS staff's files into the registry (vector and raster), all-or-nothing, with a report.

Modules, one job each: :mod:`sniff` (what a file is), :mod:`archive` (safe unzip, size limits, temp folders),
:mod:`read` (layers, chunks, text encodings), :mod:`mapping` (columns to fields), :mod:`geometry` (checks and
repairs), :mod:`targets` (the tables and how rows are written), :mod:`project_writes` (projects set by set),
:mod:`copy` (binary COPY), :mod:`report`, :mod:`pipeline` (one load), :mod:`jobs` and :mod:`uploads` (background
checks and commits), :mod:`raster` (GeoTIFF → COG).
"""

from geo.ingest.pipeline import IngestRequest, ingest
from geo.ingest.report import Problem, Report
from geo.ingest.targets import Options

__all__ = ["IngestRequest", "Options", "Problem", "Report", "ingest"]
