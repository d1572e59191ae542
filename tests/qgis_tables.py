"""QGIS opening a table's file as a GIS officer does (Add Vector Layer, or a drag from its browser), headless.

A test calls :func:`read_in_qgis`, which runs this file with Debian's /usr/bin/python3 (PyQGIS comes from the
python3-qgis package, not from the venv; QGIS 3.22 reads with Debian's GDAL 3.6, not pyogrio's own 3.12):
    QT_QPA_PLATFORM=offscreen /usr/bin/python3 tests/qgis_tables.py FILE...
Each file is opened with the "ogr" provider, a workbook's first sheet (its first layer); it prints one JSON object:
per file its validity, its fields' names and its features' values (NULL as null), as QGIS lists them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

QGIS_PYTHON = "/usr/bin/python3"


def read_in_qgis(paths: list[Path]) -> dict[str, dict]:
    """What QGIS reads of each of ``paths``, by its path; the test skipped where PyQGIS is not installed."""
    import pytest  # here: QGIS's Python, running this file, has none

    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_RUNTIME_DIR": str(paths[0].parent)}
    run = subprocess.run(
        [QGIS_PYTHON, __file__, *map(str, paths)], capture_output=True, text=True, timeout=120, env=environment
    )
    if "No module named 'qgis'" in run.stderr:
        pytest.skip("PyQGIS is not installed (Debian python3-qgis; scripts/setup.sh --test installs it)")
    assert run.returncode == 0, run.stderr[-2000:]
    return json.loads(run.stdout)


def _read(path: str) -> dict:
    from qgis.core import QgsVectorLayer
    from qgis.PyQt.QtCore import QVariant

    layer = QgsVectorLayer(path, "table", "ogr")
    rows = [[None if isinstance(v, QVariant) else str(v) for v in f.attributes()] for f in layer.getFeatures()]
    return {"valid": layer.isValid(), "fields": layer.fields().names(), "rows": rows}


def _main(paths: list[str]) -> dict:
    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    read = {path: _read(path) for path in paths}  # each layer gone before exitQgis, which one left would crash
    app.exitQgis()
    return read


if __name__ == "__main__":
    print(json.dumps(_main(sys.argv[1:]), ensure_ascii=False))
