"""OGC API – Features over the layer catalog: the API itself, CRS output, CQL2 filters, and GDAL as a client."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import httpx
import pyogrio
import pytest
import shapely
from live_servers import serving
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session

from geo.coordinates import from_wgs84
from geo.ingest import IngestRequest, Options, ingest
from geo.settings import Settings, get_settings
from geo.vocab import PROJECT_KINDS, PROJECT_STATUSES
from layers.catalog import LAYERS
from layers.collections import collections, find_collection
from layers.cql2 import CqlError, to_sql
from layers.features import ItemsQuery, find_items

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
    misspelt = client.get("/ogc/collections/projects_points/items?statos=operating").json()["detail"]
    assert "'statos'" in misspelt and "'projects_points'" in misspelt  # the collection asked, not its layer
    not_a_status = client.get("/ogc/collections/projects/items?status=complet")
    assert not_a_status.status_code == 400
    said = not_a_status.json()["detail"]  # with the words a status is given in (session 66), codes first
    assert said.startswith("unknown status 'complet'; the words taken: proposed:") and "completed: Hoàn thành" in said
    assert client.get("/ogc/collections/projects/items?kind=windfarm").status_code == 400


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


@pytest.mark.parametrize(
    ("cql", "vi", "en"),
    [
        (
            "status IS NUL",
            "cần NULL sau IS ở ký tự 11, gặp 'NUL'",
            "NULL (after IS) expected at character 11, found 'NUL'",
        ),
        (
            "status IS NOT",
            "bộ lọc hết sau ký tự 13, ở chỗ cần NULL sau IS NOT",
            "the filter ends after character 13, where NULL (after IS NOT) was expected",
        ),
        (
            "start_year BETWEEN 2020",
            "bộ lọc hết sau ký tự 23, ở chỗ cần AND giữa hai giá trị của BETWEEN",
            "the filter ends after character 23, where AND (between BETWEEN's two values) was expected",
        ),
        (
            "start_year BETWEEN 2020 AN 2025",
            "cần AND giữa hai giá trị của BETWEEN ở ký tự 25, gặp 'AN'",
            "AND (between BETWEEN's two values) expected at character 25, found 'AN'",
        ),
        (
            "start_year BETWEEN 2020 AND ",
            "bộ lọc hết sau ký tự 27, ở chỗ cần một giá trị",
            "the filter ends after character 27, where a value was expected",
        ),
    ],
)
def test_a_missing_or_misspelt_word_of_is_null_or_between_is_said_where_it_is_missing(cql, vi, en):
    """They were said at the property ("NULL expected after IS at character 1"), or nowhere ("the filter ends where a
    value was expected"): an officer looked for the fault at the filter's start."""
    with pytest.raises(CqlError) as refused:
        to_sql(cql, {"status": "string", "start_year": "integer"})
    assert (refused.value.said.vi, refused.value.said.en) == (vi, en)


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


GDAL = pytest.mark.skipif(shutil.which("ogr2ogr") is None, reason="GDAL's tools (Debian gdal-bin) are not installed")
GEOMETRY_NAMES = {"MultiPoint": "Multi Point", "MultiLineString": "Multi Line String", "MultiPolygon": "Multi Polygon"}


def _expected_count(engine, collection) -> int:
    return _count(engine, f"SELECT count(*) FROM {collection.source_sql()}")


@GDAL
def test_gdal_reads_every_collection_with_its_type_and_count(live_server, sample_engine):
    endpoint = f"OAPIF:{live_server}/ogc"
    listed = re.findall(r"^\d+: (\S+)", _gdal("ogrinfo", "-ro", "-so", endpoint), re.MULTILINE)
    assert set(listed) == set(collections())
    for collection in collections().values():
        expected = _expected_count(sample_engine, collection)
        summary = _gdal("ogrinfo", "-ro", "-so", endpoint, collection.id)
        assert f"Feature Count: {expected}" in summary, collection.id
        if collection.geometry_type:
            assert f"Geometry: {GEOMETRY_NAMES[collection.geometry_type]}" in summary, collection.id
        copied = json.loads(_gdal("ogr2ogr", "-f", "GeoJSON", "/vsistdout/", endpoint, collection.id))
        assert len(copied["features"]) == expected, collection.id
    typed = _gdal("ogrinfo", "-ro", "-so", endpoint, "projects_polygons")
    assert "start_year: Integer" in typed and "status_date: Date" in typed and "percent: Real" in typed


@GDAL
def test_gdal_gets_each_projects_kind_and_status_in_words_and_filters_by_them(live_server, sample_engine):
    """A trial's GIS officer styled an OGC layer in QGIS by kind and got "wind_farm": the exports have the words
    ("Điện gió") beside the codes, the OGC collections had not. Now they do, in both languages, and filter by them."""
    endpoint = f"OAPIF:{live_server}/ogc"
    copied = json.loads(_gdal("ogr2ogr", "-f", "GeoJSON", "/vsistdout/", endpoint, "projects"))["features"]
    kinds, statuses = ({t.code: t for t in terms} for terms in (PROJECT_KINDS, PROJECT_STATUSES))
    for feature in copied:
        p = feature["properties"]
        assert (p["kind_vi"], p["kind_en"]) == (kinds[p["kind"]].vi, kinds[p["kind"]].en), p["code"]
        assert (p["status_vi"], p["status_en"]) == (statuses[p["status"]].vi, statuses[p["status"]].en), p["code"]
    wind = _gdal("ogrinfo", "-ro", "-al", "-q", endpoint, "projects_points", "-where", "kind_vi = 'Điện gió'")
    expected = _count(
        sample_engine,
        "SELECT count(*) FROM project WHERE retired_at IS NULL AND kind = 'wind_farm' AND ST_Dimension(geom) = 0",
    )
    assert len(re.findall(r"^OGRFeature\(projects_points\)", wind, re.MULTILINE)) == expected > 0


def _items_requests(debug: str) -> list[str]:
    return re.findall(r"Fetch\((\S+/items\?\S*)\)", debug)


@GDAL
def test_gdal_sends_where_and_spat_to_the_server(live_server, sample_engine):
    """ogrinfo -where/-spat: GDAL's log says nothing is left to the client, and it fetches only the matches."""
    endpoint = f"OAPIF:{live_server}/ogc"
    where = "start_year >= 2020 AND kind <> 'forest_planting'"
    expected = _count(
        sample_engine,
        "SELECT count(*) FROM project WHERE retired_at IS NULL AND ST_Dimension(geom) = 2 "
        "AND start_year >= 2020 AND kind <> 'forest_planting' "
        "AND ST_Intersects(geom, ST_MakeEnvelope(105.2, 9.0, 106.8, 10.0, 4326))",
    )
    run = subprocess.run(
        ["ogrinfo", "--debug", "on", "-ro", "-al", "-q", endpoint, "projects_polygons", "-where", where]
        + ["-spat", "105.2", "9.0", "106.8", "10.0", "--config", "CPL_CURL_VERBOSE", "NO"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    debug = run.stderr + run.stdout
    assert "CQL text detected" in debug and "client side" not in debug
    fetched = [url for url in _items_requests(debug) if "limit=" in url and "resultType" not in url]
    assert fetched and all("filter=" in url and "bbox=" in url for url in fetched[1:])
    assert len(re.findall(r"^OGRFeature\(projects_polygons\)", run.stdout, re.MULTILINE)) == expected > 0
    whole = _count(sample_engine, "SELECT count(*) FROM project WHERE ST_Dimension(geom) = 2")
    assert len(fetched) - 1 <= -(-expected // 10) < -(-whole // 10)  # pages of 10: the matches, not the collection


def test_projects_split_by_geometry_type_and_the_whole_collection_keeps_unlocated_ones(client, sample_engine):
    listed = client.get("/api/projects?limit=1000").json()["features"]
    whole = client.get("/ogc/collections/projects/items?limit=1000").json()
    assert whole["numberMatched"] == len(listed) == len(whole["features"])
    unlocated = [f for f in whole["features"] if f["geometry"] is None]
    assert len(unlocated) == _count(sample_engine, "SELECT count(*) FROM project WHERE geom IS NULL") > 0
    parts = {
        kind: client.get(f"/ogc/collections/projects_{kind}/items?limit=1000").json()
        for kind in ("points", "lines", "polygons")
    }
    for kind, geometry_type in (("points", "MultiPoint"), ("lines", "MultiLineString"), ("polygons", "MultiPolygon")):
        assert {f["geometry"]["type"] for f in parts[kind]["features"]} == {geometry_type}
        collection = client.get(f"/ogc/collections/projects_{kind}").json()
        assert collection["geometryType"] == geometry_type
    assert sum(p["numberMatched"] for p in parts.values()) + len(unlocated) == whole["numberMatched"]
    temporal = client.get("/ogc/collections/projects").json()["extent"]["temporal"]["interval"][0]
    dates = sorted(f["properties"]["status_date"] for f in whole["features"] if f["properties"]["status_date"])
    assert temporal == [dates[0], dates[-1]]


BOTH_PROVINCES = "105.2,9.0,106.6,10.1"
DIMENSIONS = {"points": 0, "lines": 1, "polygons": 2}


def _pages(client, href: str) -> tuple[list[int], int]:
    """The ids of every page, following the next links, and the first page's numberMatched."""
    ids, matched = [], None
    while href:
        body = client.get(href).json()
        matched = body["numberMatched"] if matched is None else matched
        ids += [f["id"] for f in body["features"]]
        href = next((link["href"] for link in body["links"] if link["rel"] == "next"), None)
    return ids, matched


def test_a_bbox_on_a_one_type_collection_answers_as_the_whole_collection_filtered_by_type(client):
    """QGIS reads projects_points page by page within the view: the same projects, in the same order, counted the
    same, as the whole projects collection with dimension=0."""
    for kind, dimension in DIMENSIONS.items():
        one_type = _pages(client, f"/ogc/collections/projects_{kind}/items?bbox={BOTH_PROVINCES}&limit=3")
        whole = _pages(client, f"/ogc/collections/projects/items?bbox={BOTH_PROVINCES}&dimension={dimension}&limit=3")
        assert one_type == whole and one_type[1] > 3, kind


def _plans(session: Session, collection_id: str, bbox: tuple[float, float, float, float]) -> list[dict]:
    """The plans of the statements an items page of the collection within ``bbox`` runs (EXPLAIN, not run): its
    numberMatched's, then its page's."""
    statements = []

    def keep(conn, cursor, statement, parameters, context, executemany):
        statements.append((statement, parameters))

    event.listen(session.get_bind(), "before_cursor_execute", keep)
    try:
        find_items(session, find_collection(collection_id), ItemsQuery(bbox=bbox))
    finally:
        event.remove(session.get_bind(), "before_cursor_execute", keep)
    cursor = session.connection().connection.cursor()
    plans = []
    for statement, parameters in statements[1:]:  # after the SET LOCAL jit = off
        cursor.execute(f"EXPLAIN (FORMAT JSON) {statement}", parameters)
        plans.append(cursor.fetchone()[0][0]["Plan"])
    return plans


def _nodes(plan: dict) -> list[dict]:
    return [plan, *(node for child in plan.get("Plans", []) for node in _nodes(child))]


def test_a_bbox_on_a_one_type_collection_reads_the_projects_through_the_spatial_index(sample_engine):
    """A GIS officer's bbox page of projects_points at 50,000 projects took 2.9 s (projects: 0.1 s): the filter was
    on ST_Multi(geom), which no index holds, and the planner expected 0.5 % of the projects to be points."""
    bbox = (105.2, 9.0, 106.6, 10.1)
    with Session(sample_engine) as session:
        session.execute(text("ANALYZE project"))
        session.execute(text("SET LOCAL enable_seqscan = off"))  # a registry's size, where a scan of all costs most
        for kind, dimension in DIMENSIONS.items():
            found = _count(
                sample_engine,
                f"SELECT count(*) FROM project WHERE retired_at IS NULL AND ST_Dimension(geom) = {dimension} "
                f"AND ST_Intersects(geom, ST_MakeEnvelope({', '.join(map(str, bbox))}, 4326))",
            )
            count, page = (_nodes(plan) for plan in _plans(session, f"projects_{kind}", bbox))
            assert any(node.get("Index Name") == "ix_project_geom" for node in count), kind  # all the matches
            for nodes in (count, page):  # planned for as many as there are: no one-by-one joins, no sort of all
                expected = next(n["Plan Rows"] for n in nodes if n.get("Relation Name") == "project")
                assert found / 2 <= expected <= found * 2, (kind, expected, found)


def test_a_bbox_page_of_a_province_counts_once_and_compiles_nothing(client, sample_engine):
    """QGIS's first draw of a province (18 bbox pages of 1,000 at 20,000 projects) took 35.5 s: each page counted
    its matches twice (numberMatched, then the page's position for the links), and PostgreSQL compiled each count
    (JIT, about 1 s) because a bbox lifts the planner's estimate past jit_optimize_above_cost. The page's statements,
    run again in their order with JIT's thresholds at 0 (as a province's volume lifts the estimates above them),
    compile nothing."""
    seen = []

    def keep(conn, cursor, statement, parameters, context, executemany):
        seen.append((conn.connection.dbapi_connection, statement, parameters))

    first = client.get("/ogc/collections/projects_points/items?bbox=105.2,9.0,106.6,10.1&limit=3").json()
    after = first["features"][-1]["id"]
    event.listen(Engine, "before_cursor_execute", keep)
    try:
        page = client.get(f"/ogc/collections/projects_points/items?bbox=105.2,9.0,106.6,10.1&limit=3&after={after}")
    finally:
        event.remove(Engine, "before_cursor_execute", keep)
    assert page.status_code == 200 and page.json()["numberReturned"] == 3
    # the page's own connection's statements: the app's schema check (every 5 s, on a connection of its own) landed
    # among them on a slow machine, and it sets no JIT threshold
    counted = next(connection for connection, statement, _ in seen if "count(*)" in statement)
    statements = [(statement, parameters) for connection, statement, parameters in seen if connection is counted]
    assert sum("count(*)" in statement for statement, _ in statements) == 1
    with Session(sample_engine) as session:
        cursor = session.connection().connection.cursor()
        cursor.execute("SET LOCAL jit_above_cost = 0; SET LOCAL jit_optimize_above_cost = 0")
        for statement, parameters in statements:
            if not statement.lstrip().upper().startswith("SELECT"):
                cursor.execute(statement, parameters)
                continue
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {statement}", parameters)
            assert "JIT" not in cursor.fetchone()[0][0], statement[:80]


def test_a_former_districts_projects_by_unit_code(client, sample_engine):
    """A GIS officer asks QGIS for the projects of one former district (huyện Duyên Hải, 850): the collections carry
    no district field, and the district's polygon as a CQL2 filter was refused as too long."""
    in_850 = _count(
        sample_engine,
        "SELECT count(DISTINCT p.id) FROM project p JOIN project_unit_share s ON s.project_id = p.id "
        "JOIN admin_unit u ON u.id = s.unit_id WHERE u.level = 'district' AND u.code = '850' "
        "AND p.retired_at IS NULL",
    )
    page = client.get("/ogc/collections/projects/items?unit=850&limit=1").json()
    assert 0 < in_850 == page["numberMatched"]
    if in_850 > 1:
        assert "unit=850" in next(link["href"] for link in page["links"] if link["rel"] == "next")
    both = client.get("/ogc/collections/projects/items?unit=850&unit=851&resultType=hits").json()
    assert (
        both["numberMatched"]
        > client.get("/ogc/collections/projects/items?unit=851&resultType=hits").json()["numberMatched"]
    )
    unknown = client.get("/ogc/collections/projects_points/items?unit=8500")
    assert unknown.status_code in (400, 422) and "/api/units" in unknown.text
    units = client.get("/ogc/collections/units_pre2025_district/items?unit=850")
    assert units.status_code == 400 and "unit" in units.text
    described = client.get("/ogc/openapi").json()["paths"]["/collections/projects_points/items"]["get"]
    assert "unit" in {parameter["name"] for parameter in described["parameters"]}


@GDAL
def test_gdal_opens_the_projects_nobody_reported_on_for_six_months_as_api_projects_counts_them(live_server, client):
    """A GIS officer opened "the unreported set" in QGIS: ``no_report_months`` was refused as an unknown parameter,
    while the map, /api/projects, the exports and the tiles take it. GDAL's driver passes a collection URL's
    parameters on to every page; the count is /api/projects' (geo.stalled, from today in Vietnam)."""
    listed = client.get("/api/projects", params={"no_report_months": 6, "limit": 1}).json()["numberMatched"]
    every = client.get("/api/projects", params={"limit": 1}).json()["numberMatched"]
    unreported = f"OAPIF:{live_server}/ogc/collections/projects?no_report_months=6"
    summary = _gdal("ogrinfo", "-ro", "-so", unreported, "projects")
    assert f"Feature Count: {listed}" in summary and 0 < listed < every
    described = client.get("/ogc/openapi").json()["paths"]["/collections/projects/items"]["get"]["parameters"]
    assert "no_report_months" in {parameter["name"] for parameter in described}
    refused = client.get("/ogc/collections/projects/items?no_report_months=six")
    assert refused.status_code == 400 and "no_report_months" in refused.text
    assert client.get("/ogc/collections/salinity_zones/items?no_report_months=6").status_code == 400


def test_a_former_districts_boundary_as_a_cql2_filter(client, live_server, sample_engine):
    """The longest former district's boundary as the OGC API serves it (huyện Duyên Hải, 850: 35,490 characters as WKT)
    is read as an S_INTERSECTS filter, and a filter just under the limit passes the real server's request line as QGIS
    sends it (uvicorn's own limits, not only the app's); beyond the limit, the refusal names unit=."""
    district = client.get("/ogc/collections/units_pre2025_district/items?code=850").json()["features"][0]
    boundary = shapely.geometry.shape(district["geometry"]).wkt
    assert len(boundary) > 10_000
    found = client.get("/ogc/collections/projects/items", params={"filter": f"S_INTERSECTS(geometry, {boundary})"})
    assert found.status_code == 200, found.text
    expected = _count(
        sample_engine,
        "SELECT count(*) FROM project p, admin_unit u WHERE u.level = 'district' AND u.code = '850' "
        "AND p.retired_at IS NULL AND ST_Intersects(p.geom, u.geom)",
    )
    assert abs(found.json()["numberMatched"] - expected) <= 1  # the 7 decimals may move a site on the border
    longest = f"S_INTERSECTS(geometry, {boundary}) AND code <> '{'x' * (59_900 - len(boundary))}'"
    served = httpx.get(f"{live_server}/ogc/collections/projects/items", params={"filter": longest}, timeout=120)
    assert served.status_code == 200, served.text
    assert served.json()["numberMatched"] == found.json()["numberMatched"]
    too_long = client.get("/ogc/collections/projects/items", params={"filter": f"code = '{'x' * 60_000}'"})
    assert too_long.status_code == 400 and "unit=" in too_long.text


def test_schema_and_queryables_type_every_property(client):
    collection = client.get("/ogc/collections/projects_points").json()
    described = next(link["href"] for link in collection["links"] if link["rel"] == "describedby")
    schema = client.get(described)
    assert schema.headers["content-type"] == "application/schema+json"
    properties = schema.json()["properties"]["properties"]["properties"]
    assert properties["start_year"]["type"] == "integer" and properties["percent"]["type"] == "number"
    assert properties["status_date"] == {"title": "Ngày của tình trạng", "type": "string", "format": "date"}
    queryables = client.get("/ogc/collections/projects_points/queryables?lang=en").json()["properties"]
    assert queryables["end_year"]["type"] == "integer" and "geometry" in queryables


def test_bbox_crs_and_filter_crs_in_vn2000_and_lat_lon_order(client):
    point = client.get("/ogc/collections/projects_points/items?kind=wind_farm&limit=1").json()["features"][0]
    lon, lat = point["geometry"]["coordinates"][0]
    x, y = from_wgs84(9209).transform(lon, lat)
    items = "/ogc/collections/projects_points/items"
    vn2000 = {"bbox": f"{x - 50},{y - 50},{x + 50},{y + 50}", "bbox-crs": EPSG.format(9209)}
    assert [f["id"] for f in client.get(items, params=vn2000).json()["features"]] == [point["id"]]
    lat_lon = {"bbox": f"{lat - 0.0005},{lon - 0.0005},{lat + 0.0005},{lon + 0.0005}", "bbox-crs": EPSG.format(4326)}
    assert [f["id"] for f in client.get(items, params=lat_lon).json()["features"]] == [point["id"]]
    lon_lat_misread = {
        "bbox": f"{lon - 0.0005},{lat - 0.0005},{lon + 0.0005},{lat + 0.0005}",
        "bbox-crs": EPSG.format(4326),
    }
    assert client.get(items, params=lon_lat_misread).json()["numberMatched"] == 0
    square = f"POLYGON(({x - 50} {y - 50}, {x + 50} {y - 50}, {x + 50} {y + 50}, {x - 50} {y + 50}, {x - 50} {y - 50}))"
    spatial = {"filter": f"S_INTERSECTS(geometry, {square})", "filter-crs": EPSG.format(9209)}
    assert [f["id"] for f in client.get(items, params=spatial).json()["features"]] == [point["id"]]
    assert client.get(items, params={"bbox": "1,2,3,4", "bbox-crs": "EPSG:3857"}).status_code == 400


def test_cql2_advanced_comparisons_dates_and_spatial(client, sample_engine):
    def matched(cql: str) -> int:
        response = client.get("/ogc/collections/projects/items", params={"filter": cql, "resultType": "hits"})
        assert response.status_code == 200, response.text
        return response.json()["numberMatched"]

    def expected(where: str) -> int:
        return _count(sample_engine, f"SELECT count(*) FROM project WHERE retired_at IS NULL AND {where}")

    assert matched("kind IN ('wind_farm', 'canal')") == expected("kind IN ('wind_farm', 'canal')") > 0
    assert matched("start_year BETWEEN 2018 AND 2022") == expected("start_year BETWEEN 2018 AND 2022") > 0
    assert matched("name_vi NOT LIKE 'Đê%'") == expected("name_vi NOT LIKE 'Đê%'") > 0
    assert matched("status_date >= DATE('2025-01-01')") == expected("status_date >= '2025-01-01'") > 0
    assert matched("status_date < TIMESTAMP('2025-01-01T00:00:00Z')") == expected("status_date < '2025-01-01'") > 0
    box = "ST_MakeEnvelope(105.2, 9.0, 105.8, 9.5, 4326)"
    assert matched("S_INTERSECTS(geometry, BBOX(105.2, 9.0, 105.8, 9.5))") == expected(f"ST_Intersects(geom, {box})")
    for bad, hint in (
        ("start_year BETWEEN 2018", "where AND (between BETWEEN's two values) was expected"),
        ("status_date > DATE('soon')", "not a date"),
    ):
        answer = client.get("/ogc/collections/projects/items", params={"filter": bad})
        assert answer.status_code == 400 and hint in answer.json()["detail"]
    conforms = client.get("/ogc/conformance").json()["conformsTo"]
    assert "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators" in conforms


def test_invalid_paging_is_a_400_with_the_parameter_named_and_head_answers(client):
    for query, name in (("limit=abc", "limit"), ("limit=0", "limit"), ("offset=-1", "offset")):
        response = client.get(f"/ogc/collections/projects/items?{query}")
        assert response.status_code == 400 and response.json()["detail"].startswith(name)
    head = client.head("/ogc/collections/projects_points/items")
    assert head.status_code == 200 and head.headers["content-type"] == "application/geo+json"
    one = client.get("/ogc/collections/projects_points/items?limit=1").json()["features"][0]
    assert client.head(f"/ogc/collections/projects_points/items/{one['id']}").status_code == 200
    assert client.head("/ogc/collections/projects_points/items/999999").status_code == 404


def test_cql2_json_filters_match_their_text_form(client):
    def matched(cql: str, lang: str) -> int:
        params = {"filter": cql, "filter-lang": lang, "resultType": "hits"}
        response = client.get("/ogc/collections/projects/items", params=params)
        assert response.status_code == 200, response.text
        return response.json()["numberMatched"]

    pairs = (
        (
            {
                "op": "and",
                "args": [
                    {"op": "in", "args": [{"property": "kind"}, ["wind_farm", "canal", "sea_dyke"]]},
                    {"op": ">=", "args": [{"property": "status_date"}, {"date": "2020-01-01"}]},
                ],
            },
            "kind IN ('wind_farm', 'canal', 'sea_dyke') AND status_date >= DATE('2020-01-01')",
        ),
        (
            {
                "op": "s_intersects",
                "args": [
                    {"property": "geometry"},
                    {"type": "Polygon", "coordinates": [[[105.2, 9.0], [105.8, 9.0], [105.8, 9.5], [105.2, 9.0]]]},
                ],
            },
            "S_INTERSECTS(geometry, POLYGON((105.2 9, 105.8 9, 105.8 9.5, 105.2 9)))",
        ),
        (
            {"op": "not", "args": [{"op": "like", "args": [{"property": "name_vi"}, "Đê%"]}]},
            "NOT name_vi LIKE 'Đê%'",
        ),
    )
    for as_json, as_text in pairs:
        assert matched(json.dumps(as_json), "cql2-json") == matched(as_text, "cql2-text") > 0
    for bad, hint in (("{", "not JSON"), ('{"op": "near", "args": []}', "not offered")):
        answer = client.get("/ogc/collections/projects/items", params={"filter": bad, "filter-lang": "cql2-json"})
        assert answer.status_code == 400 and hint in answer.json()["detail"]


def test_next_links_seek_by_id_and_old_offset_links_still_work(client, sample_engine):
    total = _count(sample_engine, "SELECT count(*) FROM admin_unit WHERE scheme = '2025' AND level = 'commune'")
    seen, href = [], "/ogc/collections/units_2025_commune/items?limit=20"
    while href:
        body = client.get(href).json()
        seen += [f["id"] for f in body["features"]]
        href = next((link["href"] for link in body["links"] if link["rel"] == "next"), None)
        assert href is None or ("after=" in href and "offset=" not in href)
    assert len(seen) == total > 40 and seen == sorted(set(seen))
    by_offset = client.get("/ogc/collections/units_2025_commune/items?limit=20&offset=20").json()
    by_key = client.get(f"/ogc/collections/units_2025_commune/items?limit=20&after={seen[19]}").json()
    assert by_offset["features"] == by_key["features"]
    html = client.get(f"/ogc/collections/units_2025_commune/items?limit=20&after={seen[19]}&f=html&lang=en").text
    assert f"Showing 21–40 of {total:,}" in html  # the page says where it is, as with offset=20


@GDAL
def test_a_copy_taken_through_the_ogc_api_reloads_as_no_change_and_a_moved_site_as_one(make_registry, tmp_path):
    """An officer copied the project layers with ogr2ogr from the OGC API (coordinates rounded to 7 decimals, about a
    centimetre) and loaded the copy back: every project was "updated", "Location: point → point, 0 m". A change under
    a centimetre is none; a site moved a metre still is."""
    url = make_registry("ogc_reload", sample=True)
    engine = create_engine(url)
    with Session(engine) as session, session.begin():  # sites of full precision, as converted from VN-2000
        session.execute(text("UPDATE project SET geom = ST_Translate(geom, 4.4e-8, -4.6e-8) WHERE geom IS NOT NULL"))
        located = session.scalar(text("SELECT count(*) FROM project WHERE retired_at IS NULL AND geom IS NOT NULL"))
    copy = tmp_path / "copy.gpkg"
    with serving(Settings(database_url=url)) as server:
        layers = ("projects_points", "projects_lines", "projects_polygons")
        _gdal("ogr2ogr", "-f", "GPKG", str(copy), f"OAPIF:{server}/ogc", *layers, "-oo", "PAGE_SIZE=1000")

    reload = ingest(engine, IngestRequest(copy, Options("projects", "upsert"), dry_run=True), get_settings())

    assert reload.ok, reload.errors
    assert reload.changes == {"new": 0, "updated": 0, "status_changed": 0, "history_added": 0, "unchanged": located}, (
        reload.changed_fields
    )
    points = pyogrio.read_dataframe(copy, layer="projects_points")
    points.loc[0, "geometry"] = shapely.affinity.translate(points.loc[0, "geometry"], yoff=9e-6)  # a metre north
    pyogrio.write_dataframe(points, copy, layer="projects_points")
    moved = ingest(engine, IngestRequest(copy, Options("projects", "upsert"), dry_run=True), get_settings())
    assert moved.changes["updated"] == 1 and moved.changed_codes["updated"] == [points.loc[0, "code"]]
    assert moved.changed_fields[points.loc[0, "code"]]["geom"][2] == 1  # metres
    engine.dispose()
