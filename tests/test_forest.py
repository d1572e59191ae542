"""Forest cover per unit from a raster: a hand-made raster covering half of district A, and the synthetic demo.

The small world (tests/small_world.py): province 95 = districts A (105.0–105.1) and B (105.1–105.2), lat 9.0–9.1.
"""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient
from rio_cogeo.cogeo import cog_validate
from small_world import GEOD, NORTH, SOUTH, make_world, write_raster
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.main import create_app
from geo.forest import DEMO_STRIP_M, ForestError, compute_unit_stats, register_demo_raster, unit_forest
from geo.models import Agency, Indicator, IndicatorValue, Plan, RasterDataset
from geo.settings import Settings


@pytest.fixture(scope="module")
def world(make_registry, tmp_path_factory):
    engine = make_world(make_registry, "forest")
    with Session(engine) as session, session.begin():
        plan = Plan(
            code="1/QĐ-UBND",
            province_code="95",
            title_vi="Kế hoạch thử",
            title_en="Test plan",
            issued_on=date(2024, 1, 1),
            period_start=2023,
            period_end=2030,
            source="test",
        )
        session.add(plan)
        session.flush()
        session.add(
            Indicator(
                plan_id=plan.id,
                code="forest_cover",
                name_vi="Tỷ lệ che phủ rừng",
                name_en="Forest cover",
                unit="%",
                direction="increase",
                target_min=1.7,
                target_max=1.8,
                target_year=2030,
            )
        )
    engine.folder = tmp_path_factory.mktemp("forest")
    yield engine
    engine.dispose()


def _register(session: Session, path, year: int) -> RasterDataset:
    dataset = RasterDataset(
        theme="forest_cover", title=f"test {year}", year=year, path=str(path), crs="EPSG:4326", source="hand-made"
    )
    session.add(dataset)
    session.flush()
    return dataset


def _cover(session: Session, dataset: RasterDataset) -> dict[str, tuple[float, float]]:
    rows = (
        unit_forest(session, dataset, "pre2025", "district")["units"]
        + unit_forest(session, dataset, "pre2025", "province")["units"]
    )
    return {r["code"]: (r["forest_ha"], r["cover_percent"]) for r in rows}


def test_a_raster_covering_the_province_gives_each_unit_its_cover_and_the_province_indicator(world):
    path = write_raster(world.folder / "whole.tif", [[1, 0, 0, 0], [1, 0, 0, 0]], dtype="uint8", nodata=255)
    with Session(world) as session, session.begin():
        dataset = _register(session, path, 2024)
        assert compute_unit_stats(session, dataset) == 3
        cover = _cover(session, dataset)
        found = session.scalars(select(IndicatorValue)).one()
        value = (found.period, found.value, found.is_demo)
    assert cover["A"][1] == pytest.approx(50, abs=0.01)
    assert cover["B"][1] == 0 and cover["95"][1] == pytest.approx(25, abs=0.01)
    assert cover["A"][0] == pytest.approx(cover["95"][0])
    assert value == ("2024", pytest.approx(25, abs=0.01), False)


def test_a_raster_covering_part_of_a_unit_gives_it_no_figure_but_the_share_covered(world):
    """A raster of a quarter of Bạc Liêu gave the province 8,33 % and the plan's indicator, Giá Rai 0 ha at 17 %
    covered (trial 59, F-j): a unit covered by less than 95 % has no figures, and the indicator no value."""
    path = write_raster(world.folder / "half.tif", [[1, 0, 0, 0], [1, 0, 255, 255]], dtype="uint8", nodata=255)
    with Session(world) as session, session.begin():
        dataset = _register(session, path, 2024)
        before = session.scalar(select(func.coalesce(func.max(IndicatorValue.id), 0)))
        assert compute_unit_stats(session, dataset) == 1
        units = {r["code"]: r for r in unit_forest(session, dataset, "pre2025", "district")["units"]}
        province = unit_forest(session, dataset, "pre2025", "province")["units"][0]
        indicator_values = session.scalars(select(IndicatorValue.value).where(IndicatorValue.id > before)).all()
        session.rollback()
    district_b = units["B"]
    assert (district_b["forest_ha"], district_b["cover_percent"], district_b["no_data"]) == (
        None,
        None,
        "partly_covered",
    )
    assert units["B"]["covered_percent"] == pytest.approx(50, abs=0.1)
    assert (province["cover_percent"], province["no_data"]) == (None, "partly_covered")
    assert province["covered_percent"] == pytest.approx(75, abs=0.1)
    assert units["A"]["cover_percent"] == pytest.approx(50, abs=0.01) and units["A"]["covered_percent"] == 100
    assert indicator_values == []


def test_a_unit_the_raster_does_not_cover_has_no_data_not_zero_forest(world):
    """A raster of one province's coast gave the other province and its districts 0 ha, 0 % (trial 58, F9)."""
    path = write_raster(world.folder / "west.tif", [[1, 0, 255, 255], [1, 0, 255, 255]], dtype="uint8", nodata=255)
    with Session(world) as session, session.begin():
        dataset = _register(session, path, 2019)
        assert compute_unit_stats(session, dataset) == 1  # A; the province is half covered
        units = {r["code"]: r for r in unit_forest(session, dataset, "pre2025", "district")["units"]}
        session.rollback()
    assert (units["B"]["forest_ha"], units["B"]["cover_percent"], units["B"]["no_data"]) == (None, None, "not_covered")
    assert units["A"]["cover_percent"] == pytest.approx(50, abs=0.01) and units["A"]["no_data"] is None


def test_a_hansen_like_percent_raster_counts_pixels_at_or_above_the_threshold(world):
    path = write_raster(world.folder / "treecover.tif", [[30, 29, 0, 0], [80, 10, 0, 0]], dtype="uint8")
    with Session(world) as session, session.begin():
        dataset = _register(session, path, 2020)
        compute_unit_stats(session, dataset, threshold=30)
        assert _cover(session, dataset)["A"][1] == pytest.approx(50, abs=0.01)
        session.rollback()


def test_a_salinity_raster_or_one_without_year_is_refused(world):
    with Session(world) as session:
        with pytest.raises(ForestError, match="no year"):
            compute_unit_stats(
                session, RasterDataset(id=1, theme="forest_cover", title="x", path="x", crs="", source="x")
            )
        with pytest.raises(ForestError, match="not forest cover"):
            compute_unit_stats(
                session, RasterDataset(id=1, theme="salinity", year=2024, title="x", path="x", crs="", source="x")
            )


def test_the_demo_raster_is_a_flagged_cog_with_a_coastal_strip_of_the_stated_width(world):
    with Session(world) as session, session.begin():
        dataset = register_demo_raster(session, world.folder, 2025)
        compute_unit_stats(session, dataset)
        cover = _cover(session, dataset)
        value = session.scalars(select(IndicatorValue).where(IndicatorValue.period == "2025")).one()
        flags = (dataset.is_demo, value.is_demo, "SYNTHETIC DEMO" in dataset.source, dataset.path)
    assert flags[:3] == (True, True, True)
    assert cog_validate(flags[3], quiet=True)[0]
    # no neighbouring province is loaded here, so the whole outline of the box is "coast"
    width = GEOD.inv(105.0, (SOUTH + NORTH) / 2, 105.2, (SOUTH + NORTH) / 2)[2]
    height = GEOD.inv(105.1, SOUTH, 105.1, NORTH)[2]
    strip = 1 - (width - 2 * DEMO_STRIP_M) * (height - 2 * DEMO_STRIP_M) / (width * height)
    assert cover["95"][1] == pytest.approx(100 * strip, rel=0.03)


def test_the_api_serves_the_latest_year_and_says_whether_it_is_a_demo(world):
    client = TestClient(create_app(Settings(database_url=world.url.render_as_string(hide_password=False))))
    body = client.get("/api/forest", params={"level": "province"}).json()
    assert body["dataset"]["year"] == 2025 and body["dataset"]["is_demo"] is True
    assert client.get("/api/forest", params={"year": 2024}).json()["dataset"]["is_demo"] is False
    indicator = client.get("/api/indicators", params={"plan": "1/QĐ-UBND"}).json()["indicators"][0]
    assert indicator["latest"]["period"] == "2025" and indicator["latest"]["is_demo"] is True
    value = indicator["latest"]["value"]  # judged against the target 1,7–1,8: inside it met, above it outside
    assert indicator["met"] is (1.7 <= value <= 1.8) and indicator["above"] is (value > 1.8)
    missing = client.get("/api/forest", params={"year": 1990})
    assert missing.status_code == 404 and "forest demo" in missing.json()["detail"]


def test_the_agency_owing_the_indicator_reads_the_value_the_registry_computed(world):
    """The forest cover computed from a raster is of the plan's province; the agency answering for the indicator was
    shown no value for the year and asked to type one (trial 50): it reads the registry's, with its source."""
    path = write_raster(world.folder / "owed.tif", [[1, 1, 0, 0], [1, 1, 0, 0]], dtype="uint8", nodata=255)
    with Session(world) as session, session.begin():
        agency = Agency(code="T.SNNPTNT", name_vi="Sở Nông nghiệp thử", name_en="Test Agriculture Department")
        session.add(agency)
        session.flush()
        session.scalars(
            select(Indicator).where(Indicator.code == "forest_cover")
        ).one().responsible_agency_id = agency.id
        compute_unit_stats(session, _register(session, path, 2022))
    client = TestClient(create_app(Settings(database_url=world.url.render_as_string(hide_password=False))))
    owed = client.get(
        "/api/indicators/owed", params={"plan": "1/QĐ-UBND", "period": "2022", "agency": "T.SNNPTNT", "lang": "en"}
    )
    assert owed.status_code == 200, owed.text
    (forest,) = owed.json()["indicators"]
    assert forest["value"] == pytest.approx(50, abs=0.01)
    assert forest["source"] == "test 2022" and forest["entered_by"] == "registry"  # the raster's title
    assert (
        client.get(
            "/api/indicators/owed", params={"plan": "1/QĐ-UBND", "period": "2021", "agency": "T.SNNPTNT"}
        ).json()["indicators"][0]["value"]
        is None
    )  # a year the registry has no raster of: still owed
