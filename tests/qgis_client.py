"""QGIS as a GIS officer uses it, headless: load OGC API collections, report what QGIS sees, render a PNG.

Run with Debian's /usr/bin/python3 (PyQGIS comes from the python3-qgis package, not from the venv):
    QT_QPA_PLATFORM=offscreen /usr/bin/python3 tests/qgis_client.py BASE_URL PNG COLLECTION...
Each collection is loaded twice, as QGIS offers: with its own "OAPIF" provider (Data Source Manager → WFS / OGC API
– Features), which types fields from the first 10 features, and with the "ogr" provider (Add Vector Layer →
Protocol → OGC API – Features), which is GDAL's driver and reads the collection's JSON schema.
Prints one JSON object: per collection and provider its validity, geometry type, feature count, how many features
have a geometry QGIS can draw, each field's QGIS type name, the start years and every distinct name_vi; the PNG's size
and how many of its (sampled) pixels are not the white background; and former Trà Vinh's (84) 2025 communes as QGIS
reads them from the OGC API (its own provider, the province filter on the service's address) and from a GeoPackage
export (their codes, and the description the file gives its layer).
"""

from __future__ import annotations

import json
import sys
import urllib.request
from pathlib import Path

from qgis.core import (
    QgsApplication,
    QgsMapRendererSequentialJob,
    QgsMapSettings,
    QgsRectangle,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QSize, QVariant
from qgis.PyQt.QtGui import QColor


def plain(value: object) -> object:
    """A QGIS attribute as JSON: NULL (a QVariant) as None."""
    return None if isinstance(value, QVariant) else value


def describe(layer: QgsVectorLayer) -> dict:
    features = list(layer.getFeatures())
    drawable = [f for f in features if f.hasGeometry() and not f.geometry().isEmpty()]
    names = layer.fields().names()
    return {
        "valid": layer.isValid(),
        "geometry_type": QgsWkbTypes.displayString(layer.wkbType()),
        "feature_count": layer.featureCount(),
        "features": len(features),
        "drawable": len(drawable),
        "drawable_types": sorted({QgsWkbTypes.displayString(f.geometry().wkbType()) for f in drawable}),
        "field_types": {f.name(): f.typeName() for f in layer.fields()},
        "start_years": [plain(f["start_year"]) for f in features] if "start_year" in names else [],
        "names_vi": sorted({plain(f["name_vi"]) or "" for f in features}) if "name_vi" in names else [],
    }


def render(layers: list[QgsVectorLayer], png: str) -> dict:
    settings = QgsMapSettings()
    settings.setLayers(layers)
    settings.setBackgroundColor(QColor(255, 255, 255))
    settings.setOutputSize(QSize(600, 600))
    extent = QgsRectangle()
    for layer in layers:
        extent.combineExtentWith(layer.extent())
    settings.setDestinationCrs(layers[0].crs())
    settings.setExtent(extent.buffered(0.01))
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    image.save(png, "PNG")
    white = QColor(255, 255, 255).rgb()
    drawn = sum(
        1 for y in range(0, image.height(), 2) for x in range(0, image.width(), 2) if image.pixel(x, y) != white
    )
    return {"width": image.width(), "height": image.height(), "drawn_pixels_sampled": drawn}


def former_tra_vinh(base: str, folder: Path) -> dict:
    """Province 84's 2025 communes, loaded as a GIS officer does: the OGC collection with QGIS's provider, the
    province filter on the service's address (which it passes on to every page), and the layer's GeoPackage export."""
    served = QgsVectorLayer(f"url='{base}/ogc?province=84' typename='units_2025_commune'", "tra_vinh", "OAPIF")
    gpkg = folder / "units_2025_commune_province-84.gpkg"
    urllib.request.urlretrieve(f"{base}/api/exports/units_2025_commune.gpkg?province=84", gpkg)
    exported = QgsVectorLayer(str(gpkg), "tra_vinh", "ogr")
    return {
        name: {
            "valid": layer.isValid(),
            "codes": sorted(f["code"] for f in layer.getFeatures()),
            "description": layer.metadata().abstract(),
        }
        for name, layer in (("ogc", served), ("gpkg", exported))
    }


def main(base: str, png: str, collection_ids: list[str]) -> dict:
    app = QgsApplication([], False)
    app.initQgis()
    layers = {cid: QgsVectorLayer(f"url='{base}/ogc' typename='{cid}'", cid, "OAPIF") for cid in collection_ids}
    report = {"collections": {cid: describe(layer) for cid, layer in layers.items()}}
    for cid in collection_ids:
        through_gdal = f"OAPIF:{base}/ogc|layername={cid}"
        report["collections"][cid]["ogr"] = describe(QgsVectorLayer(through_gdal, cid, "ogr"))
    drawn = [layer for cid, layer in layers.items() if cid.startswith("projects_") and layer.isValid()]
    report["render"] = render(drawn, png) if drawn else None
    report["former_tra_vinh"] = former_tra_vinh(base, Path(png).parent)
    drawn.clear()
    layers.clear()  # before exitQgis: a layer outliving its data provider's library crashes Python at exit
    app.exitQgis()
    return report


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], sys.argv[2], sys.argv[3:]), ensure_ascii=False))
