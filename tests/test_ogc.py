"""OGC API – Features over the layer catalog: the API itself, CRS output, CQL2 filters, and GDAL as a client."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from geo.coordinates import from_wgs84
from layers.catalog import LAYERS

EPSG = "http://www.opengis.net/def/crs/EPSG/0/{}"


def _count(engine, sql: str) -> int:
    with Session(engine) as session:
        return session.scalar(text(sql))


def test_landing_conformance_and_collections_link_up(client):
    landing = client.get("/ogc").json()
    rels = {link["rel"]: link["href"] for link in landing["links"]}
    assert {"service-desc", "conformance", "data"} <= set(rels)
    assert client.get(rels["service-desc"]).json()["paths"]["/collections/projects/items"]
    conforms = client.get(rels["conformance"]).json()["conformsTo"]
    assert "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core" in conforms
    collections = client.get(rels["data"]).json()["collections"]
    assert {c["id"] for c in collections} == set(LAYERS) | {f"projects_{t}" for t in ("points", "lines", "polygons")}
    assert all(any(link["rel"] == "items" for link in c["links"]) for c in collections)


def test_items_page_with_number_matched_and_next_links(client, sample_engine):
    total = _count(sample_engine, "SELECT count(*) FROM admin_unit WHERE scheme = '2025' AND level = 'commune'")
    page = client.get("/ogc/collections/units_2025_commune/items?limit=10&offset=10")
    assert page.headers["content-type"] == "application/geo+json"
    body = page.json()
    assert body["numberMatched"] == total and body["numberReturned"] == 10
    next_href = next(link["href"] for link in body["links"] if link["rel"] == "next")
    following = client.get(next_href).json()
    assert not {f["id"] for f in following["features"]} & {f["id"] for f in body["features"]}
    one = body["features"][0]
    assert (
        client.get(f"/ogc/collections/units_2025_commune/items/{one['id']}").json()["properties"] == one["properties"]
    )
    assert client.get("/ogc/collections/units_2025_commune/items/999999").status_code == 404


def test_bbox_datetime_and_property_filters(client, sample_engine):
    wind = _count(sample_engine, "SELECT count(*) FROM project WHERE kind = 'wind_farm' AND geom IS NOT NULL")
    assert client.get("/ogc/collections/projects/items?kind=wind_farm").json()["numberMatched"] == wind
    in_box = _count(
        sample_engine,
        "SELECT count(*) FROM project WHERE ST_Intersects(geom, ST_MakeEnvelope(105.2, 9.0, 105.8, 9.5, 4326))",
    )
    assert client.get("/ogc/collections/projects/items?bbox=105.2,9.0,105.8,9.5").json()["numberMatched"] == in_box
    before = client.get("/ogc/collections/units_pre2025_district/items?datetime=2024-05-01").json()
    after = client.get("/ogc/collections/units_pre2025_district/items?datetime=2025-08-01").json()
    assert before["numberMatched"] == 16 and after["numberMatched"] == 0
    assert client.get("/ogc/collections/projects/items?bbox=1,2,3").status_code == 400
    assert "colour" in client.get("/ogc/collections/projects/items?colour=red").json()["detail"]


def test_cql2_text_filter(client, sample_engine):
    expected = _count(
        sample_engine,
        "SELECT count(*) FROM project WHERE geom IS NOT NULL AND (kind = 'wind_farm' OR name_vi LIKE 'Đê%') "
        "AND percent >= 0 AND status <> 'cancelled'",
    )
    cql = "(kind = 'wind_farm' OR name_vi LIKE 'Đê%') AND percent >= 0 AND NOT status = 'cancelled'"
    response = client.get("/ogc/collections/projects/items", params={"filter": cql, "limit": 1000})
    assert response.status_code == 200 and response.json()["numberMatched"] == expected > 0
    for bad, hint in (
        ("kind = ", "ends"),
        ("kind = 'x'; DROP TABLE project", "cannot read"),
        ("owner = 'me'", "unknown property 'owner'"),
        ("percent = 'ten'", "a number"),
    ):
        answer = client.get("/ogc/collections/projects/items", params={"filter": bad})
        assert answer.status_code == 400 and hint in answer.json()["detail"]
    assert _count(sample_engine, "SELECT count(*) FROM project") > 0


def test_vn2000_output_uses_the_official_transformation(client):
    wgs84 = client.get("/ogc/collections/projects/items?limit=1&kind=wind_farm").json()["features"][0]
    for epsg in (5897, 9209):
        response = client.get(f"/ogc/collections/projects/items/{wgs84['id']}", params={"crs": EPSG.format(epsg)})
        assert response.headers["content-crs"] == f"<{EPSG.format(epsg)}>"
        got = _first_position(response.json()["geometry"]["coordinates"])
        lon, lat = _first_position(wgs84["geometry"]["coordinates"])
        assert got == pytest.approx(from_wgs84(epsg).transform(lon, lat), abs=0.01)
    lat_first = client.get(f"/ogc/collections/projects/items/{wgs84['id']}", params={"crs": EPSG.format(4326)})
    assert _first_position(lat_first.json()["geometry"]["coordinates"]) == pytest.approx((lat, lon))
    assert client.get("/ogc/collections/projects/items?crs=EPSG:3857").status_code == 400


def _first_position(coordinates):
    while isinstance(coordinates[0], list | tuple):
        coordinates = coordinates[0]
    return tuple(coordinates[:2])


def _gdal(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True, timeout=60).stdout


@pytest.mark.skipif(shutil.which("ogr2ogr") is None, reason="GDAL's tools (Debian gdal-bin) are not installed")
def test_gdal_reads_every_collection_with_the_right_counts(live_server, sample_engine):
    endpoint = f"OAPIF:{live_server}/ogc"
    listed = re.findall(r"^\d+: (\S+)", _gdal("ogrinfo", "-ro", "-so", endpoint), re.MULTILINE)
    assert set(listed) == set(LAYERS)
    for layer in LAYERS.values():
        expected = _count(sample_engine, f"SELECT count(*) FROM ({layer.source}) AS src")
        summary = _gdal("ogrinfo", "-ro", "-so", endpoint, layer.id)
        assert f"Feature Count: {expected}" in summary, layer.id
        copied = json.loads(_gdal("ogr2ogr", "-f", "GeoJSON", "/vsistdout/", endpoint, layer.id))
        assert len(copied["features"]) == expected, layer.id
