"""Tiles expire by the footprints of edits (old and new, at every zoom); versioned URLs for HTTP caches and CDNs."""

from __future__ import annotations

from datetime import date

import mapbox_vector_tile
import morecantile
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from api.main import create_app
from geo.layer_versions import expire_projects, project_footprints
from geo.models import Project
from geo.settings import Settings
from geo.status_history import append_status_event
from layers.cache import TileCache

WEB_MERCATOR = morecantile.tms.get("WebMercatorQuad")
ZOOMS = range(8, 15)


@pytest.fixture(scope="module")
def registry(make_registry):
    """A database of its own (these tests write) and a client of an app with its own tile cache."""
    url = make_registry("tile_expiry", sample=True)
    engine = create_engine(url)
    yield TestClient(create_app(Settings(database_url=url))), engine
    engine.dispose()


def _points(engine) -> list[dict]:
    with Session(engine) as session:
        rows = session.execute(
            text(
                "SELECT id, status, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM project "
                "WHERE GeometryType(geom) = 'POINT' AND retired_at IS NULL ORDER BY id"
            )
        )
        return [dict(row) for row in rows.mappings()]


def _url(lon: float, lat: float, z: int) -> str:
    tile = WEB_MERCATOR.tile(lon, lat, z)
    return f"/tiles/projects/{z}/{tile.x}/{tile.y}.pbf"


def _ids(response) -> dict[int, dict]:
    assert response.status_code == 200, response.text
    decoded = mapbox_vector_tile.decode(response.content) if response.content else {}
    return {f["id"]: f["properties"] for f in decoded.get("projects", {}).get("features", []) if "id" in f}


def _report(engine, project_id: int, status: str) -> None:
    with Session(engine) as session, session.begin():
        project = session.get(Project, project_id)
        append_status_event(session, project, status=status, percent=50, reported_at=date(2026, 11, 25))


def _warm(client: TestClient, urls: list[str]) -> None:
    for url in urls:
        client.get(url)
        assert client.get(url).headers["x-cache"] == "HIT", url


def test_a_status_report_expires_the_tiles_that_show_it_and_leaves_the_others_cached(registry):
    client, engine = registry
    points = _points(engine)
    edited = points[0]
    other = max(points, key=lambda p: abs(p["lon"] - edited["lon"]) + abs(p["lat"] - edited["lat"]))
    edited_urls = [_url(edited["lon"], edited["lat"], z) for z in ZOOMS]
    other_urls = [_url(other["lon"], other["lat"], z) for z in (11, 14)]
    _warm(client, edited_urls + other_urls)

    new_status = "suspended" if edited["status"] != "suspended" else "operating"
    _report(engine, edited["id"], new_status)

    fresh = _fresh_tiles(client, edited_urls)
    for url in edited_urls:
        served = client.get(url)
        assert served.content == fresh[url], url
        # drawn whole (with its status) the tile is rebuilt; merged into a point showing its kind (z < 13), the
        # status does not show, so the tile stays cached
        assert served.headers["x-cache"] == ("MISS" if edited["id"] in _ids(served) else "HIT"), url
    assert _ids(client.get(edited_urls[-1]))[edited["id"]]["status"] == new_status
    for url in other_urls:
        assert client.get(url).headers["x-cache"] == "HIT", url
    for url in edited_urls:
        assert client.get(url).headers["x-cache"] == "HIT", url


def test_a_status_report_expires_merged_tiles_filtered_by_status(registry):
    client, engine = registry
    edited = _points(engine)[4]
    url = _url(edited["lon"], edited["lat"], 8) + "?status=" + edited["status"]
    _warm(client, [url])
    _report(engine, edited["id"], "cancelled" if edited["status"] != "cancelled" else "operating")
    served = client.get(url)
    assert served.headers["x-cache"] == "MISS" and served.content == _fresh_tiles(client, [url])[url]


def _fresh_tiles(client: TestClient, urls: list[str]) -> dict[str, bytes]:
    """The tiles as built now, by an app of the same database without a cache."""
    app = create_app(Settings(database_url=str(client.app.state.engine.url.render_as_string(hide_password=False))))
    app.state.tile_cache = TileCache(0)
    fresh = TestClient(app)
    return {url: fresh.get(url).content for url in urls}


def test_a_moved_geometry_expires_the_tiles_of_its_old_and_new_place(registry):
    client, engine = registry
    moved = _points(engine)[1]
    lon, lat = moved["lon"] + 0.05, moved["lat"] + 0.05
    old_url, new_url = _url(moved["lon"], moved["lat"], 14), _url(lon, lat, 14)
    _warm(client, [old_url, new_url])
    assert moved["id"] in _ids(client.get(old_url)) and moved["id"] not in _ids(client.get(new_url))

    with Session(engine) as session, session.begin():
        old = project_footprints(session, [moved["id"]])
        point = {"lon": lon, "lat": lat, "id": moved["id"]}
        session.execute(text("UPDATE project SET geom = ST_Point(:lon, :lat, 4326) WHERE id = :id"), point)
        expire_projects(session, [moved["id"]], *old.values())

    gone, came = client.get(old_url), client.get(new_url)
    assert gone.headers["x-cache"] == came.headers["x-cache"] == "MISS"
    assert moved["id"] not in _ids(gone) and moved["id"] in _ids(came)


def test_an_edit_rolled_back_expires_nothing(registry):
    client, engine = registry
    project = _points(engine)[2]
    url = _url(project["lon"], project["lat"], 13)
    _warm(client, [url])
    with Session(engine) as session:
        append_status_event(
            session, session.get(Project, project["id"]), status="cancelled", percent=0, reported_at=date(2026, 11, 26)
        )
        session.rollback()
    assert client.get(url).headers["x-cache"] == "HIT"


def test_tilejson_hands_out_versioned_urls_cacheable_until_the_next_edit(registry):
    client, engine = registry
    project = _points(engine)[3]
    tile = WEB_MERCATOR.tile(project["lon"], project["lat"], 14)
    template = client.get("/tiles/projects.json?kind=" + "&kind=".join(["wind_farm", "reservoir"])).json()["tiles"][0]
    assert "kind=wind_farm&kind=reservoir&v=" in template
    template = client.get("/tiles/projects.json").json()["tiles"][0]
    versioned = template.format(z=14, x=tile.x, y=tile.y)

    kept = client.get(versioned)
    cache_control = kept.headers["cache-control"]
    assert "public" in cache_control and "immutable" in cache_control
    assert int(cache_control.split("max-age=")[1].split(",")[0]) >= 86400
    head = client.head(versioned)
    assert head.status_code == 200 and head.content == b"" and head.headers["etag"] == kept.headers["etag"]
    assert head.headers["x-cache"] == "HIT"

    plain = client.get(f"/tiles/projects/14/{tile.x}/{tile.y}.pbf")
    assert "must-revalidate" in plain.headers["cache-control"] and plain.headers["etag"] == kept.headers["etag"]
    revalidated = client.get(
        f"/tiles/projects/14/{tile.x}/{tile.y}.pbf", headers={"If-None-Match": plain.headers["etag"]}
    )
    assert revalidated.status_code == 304

    new_status = "completed" if project["status"] != "completed" else "suspended"
    _report(engine, project["id"], new_status)
    now = client.get("/tiles/projects.json").json()["tiles"][0]
    assert now != template
    stale = client.get(versioned)
    assert "immutable" not in stale.headers["cache-control"] and stale.headers["etag"] != kept.headers["etag"]
    assert _ids(stale)[project["id"]]["status"] == new_status
    assert "immutable" in client.get(now.format(z=14, x=tile.x, y=tile.y)).headers["cache-control"]
