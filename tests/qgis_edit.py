"""QGIS editing a GeoPackage as a GIS officer does, headless: delete some projects, rename one, save, then save the
layers as a new GeoPackage ("Export → Save Features As…").

Run with Debian's /usr/bin/python3 (PyQGIS comes from the python3-qgis package, not from the venv):
    QT_QPA_PLATFORM=offscreen /usr/bin/python3 tests/qgis_edit.py IN.gpkg OUT.gpkg RENAMED_CODE DELETED_CODE...
Prints one JSON object: per layer, the features left and its field names as QGIS reads them.
"""

from __future__ import annotations

import json
import sys

from qgis.core import QgsApplication, QgsCoordinateTransformContext, QgsVectorFileWriter, QgsVectorLayer

LAYERS = ("projects_point", "projects_line", "projects_polygon")


def edit(layer: QgsVectorLayer, renamed: str, deleted: list[str]) -> None:
    """Delete the features coded ``deleted``, rename the one coded ``renamed``, and save (commit) the layer."""
    layer.startEditing()
    name = layer.fields().indexOf("name_vi")
    for feature in list(layer.getFeatures()):
        if feature["code"] in deleted:
            layer.deleteFeature(feature.id())
        elif feature["code"] == renamed:
            layer.changeAttributeValue(feature.id(), name, f"{feature['name_vi']} (sửa trong QGIS)")
    if not layer.commitChanges():
        raise SystemExit(f"QGIS could not save {layer.name()}: {layer.commitErrors()}")


def save_as(layer: QgsVectorLayer, out: str, first: bool) -> None:
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName, options.layerName = "GPKG", layer.name()
    if not first:
        options.actionOnExistingFile = QgsVectorFileWriter.CreateOrOverwriteLayer
    error = QgsVectorFileWriter.writeAsVectorFormatV3(layer, out, QgsCoordinateTransformContext(), options)
    if error[0] != QgsVectorFileWriter.NoError:
        raise SystemExit(f"QGIS could not save {layer.name()} as {out}: {error}")


def main(path: str, out: str, renamed: str, deleted: list[str]) -> dict:
    app = QgsApplication([], False)
    app.initQgis()
    told = {}
    for i, name in enumerate(LAYERS):
        layer = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
        edit(layer, renamed, deleted)
        save_as(layer, out, first=i == 0)
        told[name] = {"features": layer.featureCount(), "fields": layer.fields().names()}
        del layer  # before QGIS exits: a layer freed after it crashes the interpreter
    app.exitQgis()
    return told


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:])))
