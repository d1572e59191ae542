"""Crowded low-zoom tiles read from the precomputed band equal what the live SQL draws, after a load, a status
report, a retirement and a moved geometry; the next fetch after each shows it (layers.tile_bands)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date

import mapbox_vector_tile
import morecantile
import pytest
from fastapi.testclient import TestClient
from ingest_files import project_mix
from shapely.geometry import shape
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.orm import Session

from api.main import create_app
from geo.ingest import IngestRequest, Options, ingest
from geo.layer_versions import expire_projects, project_footprints
from geo.models import Project
from geo.retirement import project_to_change, retire_project
from geo.settings import Settings, get_settings
from geo.status_history import append_status_event
from layers import tile_bands
from layers.cache import TileCache
from layers.catalog import PROJECTS
from layers.vector_tiles import BuiltTile, build_tile

WEB_MERCATOR = morecantile.tms.get("WebMercatorQuad")
LOADED = 10_000  # enough for the z7 and z8 tiles over the provinces to be crowded (over 5,000 features)


@pytest.fixture(scope="module")
def engine(make_registry, tmp_path_factory) -> Iterator[Engine]:
    """The sample registry (these tests write) with LOADED projects more, loaded as a GIS officer would."""
    url = make_registry("tile_bands", sample=True)
    engine = create_engine(url)
    path = tmp_path_factory.mktemp("bands") / "projects.gpkg"
    project_mix(LOADED, "BAND").to_file(path, driver="GPKG")
    ingest(engine, IngestRequest(path, Options("projects", mode="upsert")), get_settings())
    yield engine
    engine.dispose()


def crowded_tiles(session: Session) -> list[tuple[int, int, int]]:
    """Every tile of the band's zooms over the projects that the band draws (crowded ones)."""
    west, south, east, north = session.execute(
        text("SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM (SELECT ST_Extent(geom) e FROM project) p")
    ).one()
    found = []
    for z in tile_bands.band_zooms(PROJECTS):
        for tile in WEB_MERCATOR.tiles(west, south, east, north, [z]):
            if isinstance(tile_bands.band_tile(session, PROJECTS, z, tile.x, tile.y), BuiltTile):
                found.append((z, tile.x, tile.y))
    return found


def drawn(tile: BuiltTile | bytes) -> Counter:
    """What a tile draws: each feature's id, properties (counts of merged ones included) and geometry."""
    body = tile.body if isinstance(tile, BuiltTile) else tile
    decoded = mapbox_vector_tile.decode(body) if body else {}
    return Counter(
        (f.get("id"), tuple(sorted(f["properties"].items())), shape(f["geometry"]).normalize().wkt)
        for f in decoded.get("projects", {}).get("features", [])
    )


def assert_band_equals_live(engine: Engine) -> list[tuple[int, int, int]]:
    with Session(engine) as session:
        tiles = crowded_tiles(session)
        assert {z for z, _, _ in tiles} >= {7, 8}, "the loaded projects make the z7 and z8 tiles crowded"
        for z, x, y in tiles:
            band = tile_bands.band_tile(session, PROJECTS, z, x, y)
            live = build_tile(session, PROJECTS, z, x, y, {})
            assert drawn(band) == drawn(live), (z, x, y)
            assert set(band.whole_ids) == set(live.whole_ids), (z, x, y)
    return tiles


def rebuilt(engine: Engine) -> None:
    with Session(engine) as session, session.begin():
        assert tile_bands.rebuild(session, PROJECTS)


def test_after_a_load_the_band_is_stale_until_rebuilt_then_equals_the_live_tiles(engine):
    with Session(engine) as session:
        assert tile_bands.band_tile(session, PROJECTS, 7, 101, 60) == tile_bands.STALE
    rebuilt(engine)
    tiles = assert_band_equals_live(engine)
    with Session(engine) as session:
        merged = sum(
            n
            for z, x, y in tiles
            for (_, props, _), n in drawn(build_tile(session, PROJECTS, z, x, y, {})).items()
            if dict(props).get("n_features")
        )
    assert merged > 0, "the crowded tiles merge features into counted points and groups"


def test_the_web_map_s_next_fetch_after_a_load_shows_the_load(engine, tmp_path):
    rebuilt(engine)
    app = create_app(Settings(database_url=engine.url.render_as_string(hide_password=False)))
    app.state.tile_cache = TileCache(0)
    client = TestClient(app)
    with Session(engine) as session:
        z, x, y = crowded_tiles(session)[0]
    url = f"/tiles/projects/{z}/{x}/{y}.pbf"
    before = client.get(url).content

    path = tmp_path / "more.gpkg"
    project_mix(300, "MORE", seed=5).to_file(path, driver="GPKG")
    ingest(engine, IngestRequest(path, Options("projects", mode="upsert")), get_settings())

    after = client.get(url).content  # the band is stale: rebuilt on the primary, or drawn live
    with Session(engine) as session:
        assert tile_bands.is_current(session, PROJECTS)
        assert drawn(after) == drawn(build_tile(session, PROJECTS, z, x, y, {})) != drawn(before)


def lone_in_band(engine: Engine) -> list[int]:
    """Projects a crowded band tile draws whole (alone in their cell or group), lowest zoom first."""
    with Session(engine) as session:
        tiles = crowded_tiles(session)
        return [i for z, x, y in tiles for i in tile_bands.band_tile(session, PROJECTS, z, x, y).whole_ids]


def test_a_status_report_shows_in_the_band_s_tiles_at_once(engine):
    rebuilt(engine)
    project_id = lone_in_band(engine)[0]
    with Session(engine) as session, session.begin():
        project = session.get(Project, project_id)
        new_status = "suspended" if project.status != "suspended" else "operating"
        append_status_event(session, project, status=new_status, percent=40, reported_at=date(2026, 11, 30))
    with Session(engine) as session:
        assert tile_bands.is_current(session, PROJECTS), "a status report leaves the band current"
        z, x, y = next(
            t for t in crowded_tiles(session) if project_id in tile_bands.band_tile(session, PROJECTS, *t).whole_ids
        )
        shown = [
            dict(props)
            for (fid, props, _), _ in drawn(tile_bands.band_tile(session, PROJECTS, z, x, y)).items()
            if fid == project_id
        ]
    assert shown and shown[0]["status"] == new_status
    assert_band_equals_live(engine)


def test_a_retirement_and_a_moved_geometry_keep_the_band_in_step(engine):
    rebuilt(engine)
    lone = lone_in_band(engine)
    with Session(engine) as session:
        merged_one = session.scalar(
            text(
                "SELECT id FROM project WHERE retired_at IS NULL AND code LIKE 'BAND-%' AND NOT id = ANY(:lone) "
                "ORDER BY id LIMIT 1"
            ),
            {"lone": lone},
        )
    retired, moved = lone[1], merged_one
    with Session(engine) as session, session.begin():
        project = project_to_change(session, session.get(Project, retired).code)
        retire_project(session, project, "trùng với dự án khác", actor="test")
    with Session(engine) as session, session.begin():
        old = project_footprints(session, [moved])
        session.execute(text("UPDATE project SET geom = ST_Translate(geom, 0.2, 0.1) WHERE id = :id"), {"id": moved})
        expire_projects(session, [moved], *old.values())
    with Session(engine) as session:
        assert tile_bands.is_current(session, PROJECTS), "edits of a few projects keep the band current"
    tiles = assert_band_equals_live(engine)
    with Session(engine) as session:
        assert all(retired not in tile_bands.band_tile(session, PROJECTS, *t).whole_ids for t in tiles)


def test_filtered_and_as_of_tiles_are_drawn_by_the_live_sql(engine):
    rebuilt(engine)
    with Session(engine) as session:
        z, x, y = crowded_tiles(session)[0]
        filters = {"status": ["operating"]}
        filtered = tile_bands.draw_tile(session, PROJECTS, z, x, y, filters)
        assert drawn(filtered) == drawn(build_tile(session, PROJECTS, z, x, y, filters))
        assert drawn(filtered) != drawn(tile_bands.band_tile(session, PROJECTS, z, x, y))
