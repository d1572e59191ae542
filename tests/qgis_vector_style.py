"""QGIS 3.22 as a GIS officer connects to the registry's vector tiles, headless: the connection's Style URL set to the
layer's /tiles/{layer}/style.json, as the GIS officer's guide says. Reports each layer's renderer styles (name,
geometry type, colour, filter) and its labels in vi and en, and the colours the first layer's tiles render in.

Run with Debian's /usr/bin/python3 (PyQGIS comes from python3-qgis, not from the venv):
    QT_QPA_PLATFORM=offscreen /usr/bin/python3 tests/qgis_vector_style.py BASE_URL PNG WEST,SOUTH,EAST,NORTH LAYER...
"""

from __future__ import annotations

import json
import sys
from collections import Counter

from qgis.core import (
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsMapRendererParallelJob,
    QgsMapSettings,
    QgsProject,
    QgsRectangle,
    QgsVectorTileLayer,
)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor


def connect(base: str, layer_id: str, lang: str) -> QgsVectorTileLayer:
    """The layer as a QGIS "Vector Tiles" connection with the style URL gives it (QGIS reads the style on load)."""
    tiles = f"{base}/tiles/{layer_id}/{{z}}/{{x}}/{{y}}.pbf"
    style = f"{base}/tiles/{layer_id}/style.json?lang={lang}"
    layer = QgsVectorTileLayer(f"type=xyz&url={tiles}&zmin=0&zmax=14&styleUrl={style}", layer_id)
    layer.loadDefaultStyle()
    return layer


def describe(layer: QgsVectorTileLayer) -> dict:
    styles = layer.renderer().styles()
    labels = layer.labeling().styles() if layer.labeling() else []
    return {
        "valid": layer.isValid(),
        "styles": [
            {
                "name": s.styleName(),
                "geometry": s.geometryType(),
                "colour": s.symbol().color().name() if s.symbol() else None,
                "filter": s.filterExpression(),
            }
            for s in styles
        ],
        "labels": [{"name": s.styleName(), "field": s.labelSettings().fieldName} for s in labels],
    }


def rendered_colours(layer: QgsVectorTileLayer, png: str, bounds: list[float]) -> dict[str, int]:
    """The colours filling the rendered tiles (pixels sampled every 2 px; white, edges and outlines left out: colours
    of fewer than 50 pixels), the most frequent first."""
    web_mercator = QgsCoordinateReferenceSystem("EPSG:3857")
    to_mercator = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4326"), web_mercator, QgsProject.instance())
    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setBackgroundColor(QColor(255, 255, 255))
    settings.setOutputSize(QSize(600, 600))
    settings.setDestinationCrs(web_mercator)
    settings.setExtent(to_mercator.transformBoundingBox(QgsRectangle(*bounds)))
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    image.save(png, "PNG")
    colours = Counter(
        QColor(image.pixel(x, y)).name() for y in range(0, image.height(), 2) for x in range(0, image.width(), 2)
    )
    colours.pop("#ffffff", None)
    return {colour: n for colour, n in colours.most_common() if n >= 50}


def main(base: str, png: str, bounds: list[float], layer_ids: list[str]) -> dict:
    app = QgsApplication([], False)
    app.initQgis()
    report = {lang: {lid: describe(connect(base, lid, lang)) for lid in layer_ids} for lang in ("vi", "en")}
    report["rendered"] = rendered_colours(connect(base, layer_ids[0], "vi"), png, bounds)
    app.exitQgis()
    return report


if __name__ == "__main__":
    west_south_east_north = [float(v) for v in sys.argv[3].split(",")]
    print(json.dumps(main(sys.argv[1], sys.argv[2], west_south_east_north, sys.argv[4:]), ensure_ascii=False))
