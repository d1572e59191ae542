"""Vector tiles and TileJSON of the catalog layers: content, filters, generalisation, cache expiry by edits."""

from __future__ import annotations

from datetime import date

import geopandas as gpd
import mapbox_vector_tile
import morecantile
import pytest
import shapely
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import Session

from api.main import create_app
from geo.ingest import IngestRequest, Options, ingest
from geo.models import Project
from geo.settings import Settings
from geo.status_history import append_status_event
from layers.catalog import Field, Layer, register, unregister

WEB_MERCATOR = morecantile.tms.get("WebMercatorQuad")


def _features(response, layer_id: str) -> list[dict]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/vnd.mapbox-vector-tile"
    decoded = mapbox_vector_tile.decode(response.content) if response.content else {}
    return decoded.get(layer_id, {}).get("features", [])


def _point_project(engine) -> dict:
    with Session(engine) as session:
        row = session.execute(
            text(
                "SELECT id, kind, status, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM project "
                "WHERE GeometryType(geom) = 'POINT' AND retired_at IS NULL ORDER BY id LIMIT 1"
            )
        ).mappings()
        return dict(row.one())


def _tile_url(layer_id: str, lon: float, lat: float, z: int) -> str:
    tile = WEB_MERCATOR.tile(lon, lat, z)
    return f"/tiles/{layer_id}/{z}/{tile.x}/{tile.y}.pbf"


def test_a_detailed_tile_holds_the_project_with_its_attributes(client, sample_engine):
    project = _point_project(sample_engine)
    features = _features(client.get(_tile_url("projects", project["lon"], project["lat"], 14)), "projects")
    found = [f for f in features if f["id"] == project["id"]]
    assert len(found) == 1
    assert found[0]["properties"]["kind"] == project["kind"]
    assert found[0]["properties"]["status"] == project["status"]
    assert "n_features" not in found[0]["properties"]


def test_filters_and_merging_keep_every_matching_feature_counted(client, sample_engine):
    with Session(sample_engine) as session:
        wind = session.scalar(
            text("SELECT count(*) FROM project WHERE kind = 'wind_farm' AND geom IS NOT NULL AND retired_at IS NULL")
        )
    tile = WEB_MERCATOR.tile(106.0, 9.5, 6)
    assert tile == WEB_MERCATOR.tile(105.3, 9.0, 6) == WEB_MERCATOR.tile(106.7, 10.1, 6)  # both provinces
    features = _features(client.get(f"/tiles/projects/6/{tile.x}/{tile.y}.pbf?kind=wind_farm"), "projects")
    assert wind > 0 and {f["properties"]["kind"] for f in features} == {"wind_farm"}
    assert sum(f["properties"].get("n_features", 1) for f in features) == wind


def test_bad_tile_requests_say_what_to_change(client):
    assert client.get("/tiles/nope/8/203/121.pbf").status_code == 404
    wrong = client.get("/tiles/units_2025_commune/8/203/121.pbf?kind=wind_farm")
    assert wrong.status_code == 400 and "province" in wrong.json()["detail"]
    assert "wind_farm" in client.get("/tiles/projects/8/203/121.pbf?kind=windmill").json()["detail"]
    assert "0 to 255" in client.get("/tiles/projects/8/256/121.pbf").json()["detail"]


def test_tilejson_describes_the_layer(client, sample_engine):
    tilejson = client.get("/tiles/projects.json?kind=wind_farm").json()
    assert "/tiles/projects/{z}/{x}/{y}.pbf?kind=wind_farm&v=" in tilejson["tiles"][0]
    assert {"kind", "status", "n_features"} <= set(tilejson["vector_layers"][0]["fields"])
    with Session(sample_engine) as session:
        extent = session.execute(text("SELECT ST_XMin(e), ST_XMax(e) FROM (SELECT ST_Extent(geom) e FROM project) b"))
        west, east = extent.one()
    assert tilejson["bounds"][0] == pytest.approx(west) and tilejson["bounds"][2] == pytest.approx(east)
    assert any(c["code"] == "wind_farm" for c in tilejson["legend"]["colours"])


def test_head_of_a_tilejson_answers_what_get_would_without_the_body(client):
    got = client.get("/tiles/projects.json?kind=wind_farm&lang=en")
    head = client.head("/tiles/projects.json?kind=wind_farm&lang=en")
    assert head.status_code == 200 and head.content == b""
    for header in ("content-type", "content-length", "cache-control"):
        assert head.headers[header] == got.headers[header]
    assert client.head("/tiles/no_such_layer.json").status_code == 404


@pytest.fixture(scope="module")
def edit_db(make_registry):
    """A database of its own: these tests write."""
    url = make_registry("tiles_edit", sample=True)
    engine = create_engine(url)
    yield url, engine
    engine.dispose()


def test_a_status_report_shows_on_the_next_tile_fetch(edit_db):
    url, engine = edit_db
    app_client = TestClient(create_app(Settings(database_url=url)))
    project = _point_project(engine)
    tile_url = _tile_url("projects", project["lon"], project["lat"], 14)
    first = app_client.get(tile_url)
    etag = first.headers["etag"]
    assert "must-revalidate" in first.headers["cache-control"]
    assert app_client.get(tile_url, headers={"If-None-Match": etag}).status_code == 304
    new_status = "suspended" if project["status"] != "suspended" else "operating"
    with Session(engine) as session, session.begin():
        row = session.scalars(select(Project).where(Project.id == project["id"])).one()
        append_status_event(session, row, status=new_status, percent=40, reported_at=date(2026, 11, 20))
    second = app_client.get(tile_url, headers={"If-None-Match": etag})
    assert second.status_code == 200 and second.headers["etag"] != etag
    [feature] = [f for f in _features(second, "projects") if f["id"] == project["id"]]
    assert feature["properties"]["status"] == new_status


def test_a_layer_added_at_run_time_is_served_without_restart(client, sample_engine):
    project = _point_project(sample_engine)
    layer = Layer(
        id="same_kind_test",
        title_vi="Cùng loại",
        title_en="Same kind",
        source=f"SELECT id, geom, kind FROM project WHERE kind = '{project['kind']}'",
        geometry_kind="any",
        fields=(Field("kind", "Loại", "Kind"),),
    )
    assert client.get("/tiles/same_kind_test.json").status_code == 404
    register(layer)
    try:
        assert client.get("/tiles/same_kind_test.json").status_code == 200
        features = _features(client.get(_tile_url(layer.id, project["lon"], project["lat"], 14)), layer.id)
        assert project["id"] in {f["id"] for f in features}
        assert layer.id in {c["id"] for c in client.get("/ogc/collections").json()["collections"]}
    finally:
        unregister(layer.id)


def test_a_low_zoom_tile_of_many_features_is_generalised_and_high_zoom_is_whole(edit_db):
    url, engine = edit_db
    tile = morecantile.Tile(203, 121, 8)
    west, south, east, north = WEB_MERCATOR.bounds(tile)
    with Session(engine) as session, session.begin():
        session.execute(
            text("CREATE TABLE synthetic (id serial PRIMARY KEY, kind text, geom geometry(Geometry, 4326))")
        )
        session.execute(
            text(
                "INSERT INTO synthetic (kind, geom) SELECT (ARRAY['a', 'b', 'c'])[1 + i % 3], CASE WHEN i % 2 = 0 "
                "THEN ST_Point(:w + random() * :dx, :s + random() * :dy, 4326) "
                "ELSE ST_Buffer(ST_Point(:w + random() * :dx, :s + random() * :dy, 4326), 0.0003, 4) END "
                "FROM generate_series(1, 40000) AS i"
            ),
            {"w": west + 0.05, "s": south + 0.05, "dx": east - west - 0.1, "dy": north - south - 0.1},
        )
    layer = register(
        Layer(
            id="synthetic_test",
            title_vi="Tổng hợp",
            title_en="Synthetic",
            source="SELECT id, geom, kind FROM synthetic",
            geometry_kind="any",
            fields=(Field("kind", "Loại", "Kind"),),
            colour_by="kind",
        )
    )
    try:
        app_client = TestClient(create_app(Settings(database_url=url)))
        overview = app_client.get(f"/tiles/{layer.id}/8/{tile.x}/{tile.y}.pbf")
        features = _features(overview, layer.id)
        assert len(overview.content) < 500_000 and len(features) < 40_000 / 2
        assert sum(f["properties"].get("n_features", 1) for f in features) == 40_000
        assert {f["properties"]["kind"] for f in features} == {"a", "b", "c"}
        with Session(engine) as session:
            lon, lat = session.execute(text("SELECT ST_X(geom), ST_Y(geom) FROM synthetic WHERE id = 2")).one()
        detail = _features(app_client.get(_tile_url(layer.id, lon, lat, 14)), layer.id)
        assert 2 in {f["id"] for f in detail} and not any("n_features" in f["properties"] for f in detail)
    finally:
        unregister(layer.id)


def test_a_project_alone_in_its_cell_at_low_zoom_keeps_its_code_name_and_status(client, sample_engine):
    """Below zoom 13 point projects are merged per 4-pixel cell and kind; a cell holding one project gives that
    project (its id, code, name and status: the web map's popup and link), not a point counting 1."""
    z = 10
    cell = 4 * 40075016.685578488 / 2**z / 256
    with Session(sample_engine) as session:
        # point projects with no other located project of their kind within two cells (so alone in their cell)
        alone = (
            session.execute(
                text(
                    "SELECT p.id, p.code, p.name_vi, p.status, ST_X(p.geom) AS lon, ST_Y(p.geom) AS lat FROM project p "
                    "WHERE GeometryType(p.geom) = 'POINT' AND p.retired_at IS NULL AND NOT EXISTS ("
                    "  SELECT 1 FROM project q WHERE q.id <> p.id AND q.kind = p.kind AND q.retired_at IS NULL"
                    "  AND ST_DWithin(ST_Transform(q.geom, 3857), ST_Transform(p.geom, 3857), :d))"
                    " ORDER BY p.id LIMIT 3"
                ),
                {"d": 2 * cell},
            )
            .mappings()
            .all()
        )
    assert alone, "the sample data has point projects standing alone at zoom 10"
    for project in alone:
        features = _features(client.get(_tile_url("projects", project["lon"], project["lat"], z)), "projects")
        [found] = [f for f in features if f.get("id") == project["id"]]
        assert "n_features" not in found["properties"]
        assert found["properties"]["code"] == project["code"]
        assert found["properties"]["name_vi"] == project["name_vi"]
        assert found["properties"]["status"] == project["status"]


def test_a_cell_of_one_feature_gives_the_feature_and_a_cell_of_several_a_count(edit_db):
    """The same on a layer drawn without a stored Web Mercator geometry (reprojected per tile)."""
    url, engine = edit_db
    tile = morecantile.Tile(813, 483, 10)
    west, south, east, north = WEB_MERCATOR.bounds(tile)
    lon, lat = (west + east) / 2, (south + north) / 2
    pixel = (east - west) / 256
    with Session(engine) as session, session.begin():
        session.execute(text("CREATE TABLE lone_test (id integer PRIMARY KEY, code text, kind text, geom geometry)"))
        session.execute(
            text(
                "INSERT INTO lone_test VALUES (1, 'Đ-01', 'sluice', ST_Point(:w + :px * 10, :s + :px * 10, 4326)), "
                "(2, 'Đ-02', 'sluice', ST_Point(:lon, :lat, 4326)), (3, 'Đ-03', 'sluice', "
                "ST_Point(:lon + :px / 4, :lat + :px / 4, 4326))"
            ),
            {"w": west, "s": south, "px": pixel, "lon": lon + pixel / 2, "lat": lat + pixel / 2},
        )
    layer = register(
        Layer(
            id="lone_test",
            title_vi="Một mình",
            title_en="Alone",
            source="SELECT id, geom, code, kind FROM lone_test",
            geometry_kind="point",
            fields=(Field("code", "Mã", "Code"), Field("kind", "Loại", "Kind")),
            colour_by="kind",
        )
    )
    try:
        app_client = TestClient(create_app(Settings(database_url=url)))
        features = _features(app_client.get(f"/tiles/{layer.id}/10/{tile.x}/{tile.y}.pbf"), layer.id)
        lone = [f for f in features if "n_features" not in f["properties"]]
        merged = [f for f in features if "n_features" in f["properties"]]
        assert [(f["id"], f["properties"]["code"]) for f in lone] == [(1, "Đ-01")]
        assert [(f["properties"]["n_features"], f["properties"].get("code")) for f in merged] == [(2, None)]
    finally:
        unregister(layer.id)


def test_a_tile_goes_gzipped_to_clients_that_accept_it_with_an_etag_of_its_own(client, sample_engine):
    project = _point_project(sample_engine)
    url = _tile_url("projects", project["lon"], project["lat"], 8)
    plain = client.get(url, headers={"Accept-Encoding": "identity"})
    packed = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert len(plain.content) >= 1000 and "content-encoding" not in plain.headers
    assert packed.headers["content-encoding"] == "gzip" and packed.content == plain.content  # httpx unzips it
    assert packed.headers["etag"] != plain.headers["etag"] and "Accept-Encoding" in packed.headers["vary"]
    for headers, etag in ((plain.headers, "identity"), (packed.headers, "gzip")):
        again = client.get(url, headers={"Accept-Encoding": etag, "If-None-Match": headers["etag"]})
        assert again.status_code == 304


def test_the_map_draws_the_newest_salinity_period_and_ogc_lists_every_period(edit_db, tmp_path):
    """A second dry season's zones loaded beside the first were drawn over them, in mixed colours, under a legend
    citing only the newest: the tiles draw the newest period; OGC API – Features and a printed map of an older period
    still have the older zones."""
    url, engine = edit_db
    app_client = TestClient(create_app(Settings(database_url=url)))
    with Session(engine) as session:
        newest = session.scalar(text("SELECT max(period) FROM salinity_zone"))
    older = f"{int(newest[:4]) - 1}{newest[4:]}"
    zone = shapely.box(105.55, 9.2, 105.75, 9.35)  # part of Bạc Liêu, very strongly saline that year
    sheet = tmp_path / "man_cu.geojson"
    gpd.GeoDataFrame({"cap_man": ["16+"]}, geometry=[zone], crs="EPSG:4326").to_file(sheet)
    options = Options("salinity", mode="append", period=older, source="Chi cục Thủy lợi (đo mặn)")
    assert ingest(engine, IngestRequest(sheet, options), Settings(database_url=url)).ok

    drawn = _features(app_client.get(_tile_url("salinity_zones", 105.65, 9.28, 9)), "salinity_zones")
    listed = app_client.get("/ogc/collections/salinity_zones/items", params={"limit": 100}).json()["features"]
    printed = app_client.get("/map/export", params={"salinity": older, "format": "png"})

    assert drawn and {f["properties"]["period"] for f in drawn} == {newest}
    assert {f["properties"]["period"] for f in listed} == {newest, older}
    assert all(f["geometry"] for f in listed)
    assert printed.status_code == 200


def test_tiles_draw_the_newest_period_by_date_or_the_one_asked_for(make_registry, tmp_path):
    """Trial 58: a zone with the period "Mùa khô 2024" (loaded before periods were checked) sorted after "2025-03" and
    was the only one the map, QGIS's vector tiles and the unit pages showed, with no way to pick a season. The tiles
    draw the newest period by date, or the one ?period= asks for; TileJSON lists the periods, frames the one drawn."""
    url = make_registry("tiles_periods", sample=True)
    engine = create_engine(url)
    with Session(engine) as session, session.begin():
        newest = session.scalar(text("SELECT max(period) FROM salinity_zone"))
        session.execute(
            text(
                "INSERT INTO salinity_zone (salinity_class, period, source, geom) VALUES "
                "('8-16', 'Mùa khô 2024', 'cũ', ST_Multi(ST_MakeEnvelope(105.36, 9.02, 105.83, 9.32, 4326))), "
                "('16+', '2024-03', 'đo mặn', ST_Multi(ST_MakeEnvelope(105.55, 9.2, 105.75, 9.35, 4326)))"
            )
        )
    engine.dispose()
    client = TestClient(create_app(Settings(database_url=url)))
    tile = _tile_url("salinity_zones", 105.65, 9.28, 9)

    drawn = _features(client.get(tile), "salinity_zones")
    asked = _features(client.get(tile, params={"period": "2024-03"}), "salinity_zones")
    tilejson = client.get("/tiles/salinity_zones.json", params={"period": "2024-03"}).json()
    unknown = client.get(tile, params={"period": "2023-03"})

    assert drawn and {f["properties"]["period"] for f in drawn} == {newest}
    assert [f["properties"]["period"] for f in asked] == ["2024-03"]
    assert tilejson["periods"] == ["Mùa khô 2024", "2024-03", newest] and tilejson["period"] == "2024-03"
    assert "period=2024-03" in tilejson["tiles"][0]
    assert [round(b, 2) for b in tilejson["bounds"]] == [105.55, 9.2, 105.75, 9.35]  # the zone drawn, framed
    assert client.get("/tiles/salinity_zones.json").json()["period"] == newest
    assert unknown.status_code == 400 and "2024-03" in unknown.json()["detail"], unknown.text
    # the unit pages' and the API's "latest" is the same newest by date
    assert client.get("/api/salinity/units", params={"scheme": "pre2025", "level": "district"}).json()["period"] == (
        newest
    )
