"""Real clients of OGC API – Features: QGIS 3.22 (PyQGIS, headless) and OWSLib, against a live server."""

from __future__ import annotations

import json
import os
import subprocess
import unicodedata
from pathlib import Path

import pytest
from owslib.ogcapi.features import Features
from sqlalchemy.orm import Session

from geo.queries.units_in_provinces import units_in_provinces
from layers.collections import collections

QGIS_PYTHON = "/usr/bin/python3"  # Debian's, where python3-qgis installs PyQGIS; the venv has no PyQGIS
CLIENT = Path(__file__).with_name("qgis_client.py")


def _has_pyqgis() -> bool:
    probe = subprocess.run([QGIS_PYTHON, "-c", "import qgis.core"], capture_output=True, timeout=60)
    return probe.returncode == 0


@pytest.fixture(scope="module")
def qgis_report(live_server, tmp_path_factory):
    if not _has_pyqgis():
        pytest.skip("PyQGIS is not installed (Debian python3-qgis; scripts/setup.sh --test installs it)")
    png = tmp_path_factory.mktemp("qgis") / "projects.png"
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_RUNTIME_DIR": str(png.parent)}
    run = subprocess.run(
        [QGIS_PYTHON, str(CLIENT), live_server, str(png), *collections()],
        capture_output=True,
        text=True,
        timeout=300,
        env=environment,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    return json.loads(run.stdout), png


def _all_items(client, collection_id: str) -> list[dict]:
    return client.get(f"/ogc/collections/{collection_id}/items?limit=10000").json()["features"]


def test_qgis_loads_every_collection_and_draws_every_located_project_in_a_layer_of_its_type(qgis_report, client):
    report, _ = qgis_report
    for collection in collections().values():
        seen, served = report["collections"][collection.id], _all_items(client, collection.id)
        assert seen["valid"] and seen["features"] == len(served), collection.id
        assert seen["drawable"] == sum(1 for f in served if f["geometry"]), collection.id
        if collection.geometry_type:
            assert seen["geometry_type"] == collection.geometry_type, collection.id
            assert seen["drawable_types"] == [collection.geometry_type], collection.id
    parts = sum(report["collections"][f"projects_{kind}"]["drawable"] for kind in ("points", "lines", "polygons"))
    whole = _all_items(client, "projects")
    assert parts == report["collections"]["projects"]["drawable"] == sum(1 for f in whole if f["geometry"])
    assert report["collections"]["projects"]["features"] == len(
        client.get("/api/projects?limit=1000").json()["features"]
    )


def test_qgis_keeps_vietnamese_text_and_reads_integers_and_dates_through_the_schema(qgis_report, client):
    report, _ = qgis_report
    for kind in ("points", "lines", "polygons"):
        served = _all_items(client, f"projects_{kind}")
        native, through_gdal = (
            report["collections"][f"projects_{kind}"],
            report["collections"][f"projects_{kind}"]["ogr"],
        )
        names = sorted({f["properties"]["name_vi"] for f in served})
        assert native["names_vi"] == through_gdal["names_vi"] == names
        assert all(unicodedata.is_normalized("NFC", name) for name in native["names_vi"])
        types = through_gdal["field_types"]
        assert (types["start_year"], types["end_year"], types["status_date"]) == ("Integer", "Integer", "Date")
        assert through_gdal["start_years"] == [f["properties"]["start_year"] for f in served]
        assert all(isinstance(year, int) for year in through_gdal["start_years"] if year is not None)
        if native["field_types"]["start_year"] == "Integer":  # the native provider types from the first 10 features
            assert native["start_years"] == through_gdal["start_years"]


def test_qgis_renders_the_projects(qgis_report):
    report, png = qgis_report
    assert png.read_bytes().startswith(b"\x89PNG")
    assert report["render"]["width"] == 600 and report["render"]["drawn_pixels_sampled"] > 100


def test_qgis_reads_former_tra_vinhs_2025_communes_from_the_ogc_api_and_from_an_export(qgis_report, sample_engine):
    """Province 84 on the 2025 communes gave QGIS nothing: their own province is 86. Through QGIS's OGC provider and
    in the GeoPackage export, the communes lying in former Trà Vinh, and the export says so in its description."""
    report, _ = qgis_report
    with Session(sample_engine) as session:
        communes = units_in_provinces(session, ["84"], "2025", "commune")
    seen = report["former_tra_vinh"]
    assert communes and seen["ogc"]["valid"] and seen["ogc"]["codes"] == communes == seen["gpkg"]["codes"]
    assert seen["gpkg"]["description"].startswith(
        "Xã, phường (từ 01/07/2025) có phần lớn diện tích trong tỉnh Trà Vinh"
    )


def test_owslib_pages_through_every_collection_once(live_server, client):
    api = Features(f"{live_server}/ogc")
    listed = {c["id"] for c in api.collections()["collections"]}
    assert listed == set(collections())
    for collection_id in listed:
        seen, offset = [], 0
        while True:
            page = api.collection_items(collection_id, limit=7, offset=offset)
            seen += [f["id"] for f in page["features"]]
            offset += 7
            if not any(link["rel"] == "next" for link in page["links"]):
                break
        assert len(seen) == len(set(seen)) == page["numberMatched"], collection_id
        assert sorted(seen) == sorted(f["id"] for f in _all_items(client, collection_id))
