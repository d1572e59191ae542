"""Salinity zones by class from a raster: a hand-made 4 × 2 pixel raster, and plausibility on the bundled ML raster.

The hand-made raster covers the small world (tests/small_world.py) with four 0.05° columns: 1 dS/m (class 0-2),
3 (2-4), 10 (8-16) and no value. So district A is half 0-2, half 2-4; district B half 8-16, half unclassified.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from fastapi.testclient import TestClient
from small_world import box_m2, make_world, write_raster
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from api.main import create_app
from geo.layer_versions import version_of
from geo.models import RasterDataset, SalinityZone
from geo.salinity import (
    CLASS_CODES,
    ZONES_LAYER,
    SalinityError,
    class_indexes,
    derive_zones,
    project_classes,
    unit_class_shares,
    zone_source,
)
from geo.settings import Settings

PROJECTS = {
    "LINE": "LINESTRING(105.025 9.05, 105.125 9.05)",  # 0.025° in 0-2, 0.05° in 2-4, 0.025° in 8-16
    "DRY": "POINT(105.01 9.05)",
    "NODATA": "POINT(105.17 9.05)",
}


@pytest.fixture(scope="module")
def world(make_registry, tmp_path_factory):
    engine = make_world(make_registry, "salinity", PROJECTS)
    path = write_raster(tmp_path_factory.mktemp("salinity") / "ece.tif", [[1, 3, 10, math.nan]] * 2)
    with Session(engine) as session, session.begin():
        dataset = RasterDataset(
            theme="salinity", title="test", period="2025-03", path=str(path), crs="EPSG:4326", source="hand-made"
        )
        session.add(dataset)
        session.flush()
        written = derive_zones(session, dataset)
    assert written == {"0-2": 2, "2-4": 2, "8-16": 2}
    yield engine
    engine.dispose()


def test_class_boundaries_belong_to_the_upper_class():
    indexes = class_indexes(np.array([0, 1.99, 2, 7.9, 8, 15.99, 16, 40]))
    assert [CLASS_CODES[i] for i in indexes] == [
        "0-2",
        "0-2",
        "2-4",
        "4-8",
        "8-16",
        "8-16",
        "16+",
        "16+",
    ]


def test_each_class_becomes_one_zone_with_the_area_of_its_pixels(world):
    query = "SELECT salinity_class, period, source, ST_Area(geom::geography) AS area_m2 FROM salinity_zone"
    with Session(world) as session:
        zones = {z.salinity_class: z for z in session.execute(text(query))}
    assert set(zones) == {"0-2", "2-4", "8-16"}
    assert zones["0-2"].area_m2 == pytest.approx(box_m2(105.0, 105.05), rel=1e-6)
    assert zones["8-16"].area_m2 == pytest.approx(box_m2(105.1, 105.15), rel=1e-6)
    assert {z.period for z in zones.values()} == {"2025-03"}
    assert all("hand-made" in z.source for z in zones.values())


def test_unit_shares_per_class_and_the_unclassified_rest(world):
    with Session(world) as session:
        units = {u["code"]: u for u in unit_class_shares(session, "pre2025", "district", "2025-03")}
    a, b = units["A"], units["B"]
    assert a["classes"]["0-2"]["share"] == pytest.approx(0.5, abs=1e-3)
    assert a["classes"]["2-4"]["share"] == pytest.approx(0.5, abs=1e-3)
    assert a["unclassified_share"] == pytest.approx(0, abs=1e-3)
    assert b["classes"]["8-16"]["share"] == pytest.approx(0.5, abs=1e-3)
    assert b["unclassified_share"] == pytest.approx(0.5, abs=1e-3)
    assert b["classes"]["8-16"]["area_ha"] == pytest.approx(box_m2(105.1, 105.15) / 10_000, abs=0.1)


def test_projects_by_length_or_containment_and_none_where_the_raster_has_no_value(world):
    with Session(world) as session:
        projects = {p["code"]: p for p in project_classes(session, "2025-03")}
    assert set(projects) == {"LINE", "DRY"}
    line = projects["LINE"]["classes"]
    assert line == {
        "0-2": pytest.approx(0.25, abs=1e-3),
        "2-4": pytest.approx(0.5, abs=1e-3),
        "8-16": pytest.approx(0.25, abs=1e-3),
    }
    assert projects["LINE"]["main_class"] == "2-4" and projects["DRY"]["classes"] == {"0-2": 1.0}


def test_deriving_again_replaces_the_zones_and_expires_the_layer(world):
    with Session(world) as session, session.begin():
        before = version_of(session, ZONES_LAYER)
        derive_zones(session, session.scalars(select(RasterDataset)).one())
        assert session.scalar(select(func.count()).select_from(SalinityZone)) == 3
        assert version_of(session, ZONES_LAYER) == before + 1


def test_a_raster_without_crs_is_refused_and_nothing_changes(world, tmp_path):
    path = write_raster(tmp_path / "no_crs.tif", [[1, 3]], crs=None)
    with Session(world) as session:
        dataset = RasterDataset(
            id=999, theme="salinity", title="x", period="2025-03", path=str(path), crs="", source="x"
        )
        with pytest.raises(SalinityError, match="no CRS"):
            derive_zones(session, dataset)
        session.rollback()
        assert session.scalar(select(func.count()).select_from(SalinityZone)) == 3


@pytest.mark.parametrize(
    ("lon", "lat", "expected"), [(105.75, 9.28, "8-16"), (106.3, 9.7, "0-2")], ids=["TP Bạc Liêu", "inland Trà Vinh"]
)
def test_the_bundled_ml_raster_gives_plausible_classes(sample_engine, lon, lat, expected):
    with sample_engine.connect() as conn:
        found = (
            conn.execute(
                text("SELECT salinity_class FROM salinity_zone WHERE ST_Intersects(geom, ST_Point(:lon, :lat, 4326))"),
                {"lon": lon, "lat": lat},
            )
            .scalars()
            .all()
        )
    assert found == [expected]


def test_the_api_labels_the_source_and_every_unit_adds_up_to_one(client):
    body = client.get("/api/salinity/units", params={"scheme": "2025", "level": "commune"}).json()
    assert body["period"] == "2025-03" and "machine-learning prediction" in body["sources"][0]
    assert len(body["units"]) == 66
    for unit in body["units"]:
        total = sum(c["share"] for c in unit["classes"].values()) + unit["unclassified_share"]
        assert total == pytest.approx(1, abs=2e-3), unit["code"]
    strong = client.get("/api/salinity/projects", params={"salinity_class": "8-16"}).json()["projects"]
    assert strong and all(p["classes"].get("8-16", 0) > 0 for p in strong)
    bad = client.get("/api/salinity/projects", params={"salinity_class": "salty"})
    assert bad.status_code == 422 and "0-2" in bad.text


def test_zones_of_a_second_source_in_the_period_are_kept_apart(world):
    copy_zone = text("""INSERT INTO salinity_zone (salinity_class, period, source, geom)
                        SELECT '4‰', period, 'a loaded file', geom FROM salinity_zone WHERE salinity_class = '8-16'""")
    with world.begin() as conn:
        derived = conn.execute(text("SELECT DISTINCT source FROM salinity_zone")).scalar_one()
        conn.execute(copy_zone)
    try:
        with Session(world) as session:
            units = {u["code"]: u for u in unit_class_shares(session, "pre2025", "district", "2025-03", derived)}
            loaded = {
                u["code"]: u for u in unit_class_shares(session, "pre2025", "district", "2025-03", "a loaded file")
            }
        assert (
            units["B"]["classes"]["8-16"]["share"] == pytest.approx(0.5, abs=1e-3) and "4‰" not in units["B"]["classes"]
        )
        assert loaded["B"]["classes"]["4‰"]["share"] == pytest.approx(0.5, abs=1e-3)
        client = TestClient(create_app(Settings(database_url=world.url.render_as_string(hide_password=False))))
        unasked = client.get("/api/salinity/units")  # was a 422 on stored data (trial 59, F-g)
        assert unasked.status_code == 200, unasked.text
        assert (unasked.json()["sources"], unasked.json()["other_sources"]) == (["a loaded file"], [derived])
        chosen = client.get("/api/salinity/projects", params={"source": "a loaded file"}).json()["projects"]
        assert {p["code"]: p["classes"] for p in chosen} == {"LINE": {"4‰": pytest.approx(0.25, abs=1e-3)}}
    finally:
        with world.begin() as conn:
            conn.execute(text("DELETE FROM salinity_zone WHERE source = 'a loaded file'"))


def test_load_sample_rewords_an_earlier_releases_raster_without_doubling_its_zones(world):
    """The bundled raster's source now says in Vietnamese too that it is a prediction, not measurements: a registry
    that loaded it before gets the new words on its next ``georeg load-sample``, its zones derived once, not twice."""
    from geo.sample import salinity as sample_salinity
    from geo.settings import PROJECT_ROOT

    with Session(world) as session, session.begin():
        sample_salinity.load_sample_salinity(session, PROJECT_ROOT / "data")
        dataset = session.scalars(select(RasterDataset).where(RasterDataset.source == sample_salinity.SOURCE)).one()
        session.execute(text("DELETE FROM salinity_zone WHERE source = :new"), {"new": zone_source(dataset)})
        dataset.source = "a machine-learning prediction (the words of an earlier release)"
        derive_zones(session, dataset)  # as that release derived them
        raster_id = dataset.id
    zones = "SELECT count(*), count(DISTINCT source) FROM salinity_zone WHERE source LIKE '%raster_dataset {id} %'"
    try:
        with world.connect() as conn:
            before = conn.execute(text(zones.format(id=raster_id))).one()
        with Session(world) as session, session.begin():
            sample_salinity.load_sample_salinity(session, PROJECT_ROOT / "data")
        with world.connect() as conn:
            after = conn.execute(text(zones.format(id=raster_id))).one()
            sources = (
                conn.execute(
                    text(f"SELECT DISTINCT source FROM salinity_zone WHERE source LIKE '%raster_dataset {raster_id} %'")
                )
                .scalars()
                .all()
            )
        assert before == after and after[1] == 1 and after[0] > 0
        assert "dự báo bằng học máy, không phải số đo" in sources[0]
    finally:
        with world.begin() as conn:
            conn.execute(
                text("DELETE FROM salinity_zone WHERE source LIKE :like"), {"like": f"%raster_dataset {raster_id} %"}
            )
            conn.execute(text("DELETE FROM raster_dataset WHERE id = :id"), {"id": raster_id})
