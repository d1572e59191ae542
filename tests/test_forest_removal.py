"""``georeg forest remove``: a GIS officer who loaded the wrong forest file for 2024 had no way to take it out but SQL
(session 61). A removal takes the raster and its figures away in one transaction, the map then draws the newest year
left, and its file goes only when the registry wrote it.

The sample registry, with forest rasters of Bạc Liêu and Trà Vinh: the demo of 2022; one of 2024 lying where a GIS
officer put it (registered in place, not copied); a GeoTIFF of Đông Hải loaded for 2024 (its COG copied into the raster
folder); and the demo of 2024, the last loaded.
"""

from __future__ import annotations

import getpass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from ingest_files import forest_tif
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from api.main import create_app
from cli.main import app
from geo.audit import command_line_actor
from geo.forest import compute_unit_stats, raster_footprint, register_demo_raster, write_demo_raster
from geo.forest_rasters import REMOVED
from geo.ingest.raster import RasterRequest, register_raster
from geo.layer_versions import version_of
from geo.models import AuditLogEntry, ForestUnitStat, Indicator, IndicatorValue, Plan, RasterDataset
from geo.settings import Settings

OFFICERS_TITLE = "Che phủ rừng 2024 của Chi cục Kiểm lâm"


@pytest.fixture(scope="module")
def forest_registry(make_registry, tmp_path_factory):
    """The registry's URL, raster folder, and its rasters' ids by name: demo_2022, in_place_2024, dong_hai_2024,
    demo_2024."""
    url = make_registry("forest_removal", sample=True)
    folder = tmp_path_factory.mktemp("forest_removal")
    settings = Settings(database_url=url, raster_dir=folder / "rasters")
    engine = create_engine(url)
    ids = {}
    with Session(engine) as session, session.begin():
        ids["demo_2022"] = _with_figures(session, register_demo_raster(session, settings.raster_dir, 2022))
        ids["in_place_2024"] = _with_figures(session, _in_place(session, folder / "officer" / "rung_2024.tif"))
    request = RasterRequest(forest_tif(folder / "rung_dong_hai.tif", 5897), "forest", "Chi cục Kiểm lâm", 2024)
    ids["dong_hai_2024"] = register_raster(engine, request, settings).raster_id
    with Session(engine) as session, session.begin():
        ids["demo_2024"] = _with_figures(session, register_demo_raster(session, settings.raster_dir, 2024))
    engine.dispose()
    return url, settings, ids


def _with_figures(session: Session, dataset: RasterDataset) -> int:
    compute_unit_stats(session, dataset)
    return dataset.id


def _in_place(session: Session, path: Path) -> RasterDataset:
    """A forest raster of 2024 registered where it lies, outside the raster folder (as the sample's salinity one)."""
    write_demo_raster(session, path)
    dataset = RasterDataset(
        theme="forest_cover", title=OFFICERS_TITLE, year=2024, path=str(path), crs="EPSG:4326",
        source="Chi cục Kiểm lâm", footprint=raster_footprint(path),
    )  # fmt: skip
    session.add(dataset)
    session.flush()
    return dataset


@pytest.fixture
def forest_cli(forest_registry, commands_use, monkeypatch):
    """The command line on the registry, its raster folder that of the registry's loads."""
    url, settings, ids = forest_registry
    monkeypatch.setenv("GEOREG_RASTER_DIR", str(settings.raster_dir))
    commands_use(url)
    runner = CliRunner()
    return lambda *args, **kwargs: runner.invoke(app, ["forest", *args], **kwargs)


def _state(url: str) -> tuple[list[int], int, int]:
    """The forest rasters' ids, their statistics and the forest layer's version."""
    engine = create_engine(url)
    with Session(engine) as session:
        rasters = list(session.scalars(select(RasterDataset.id).filter_by(theme="forest_cover").order_by("id")))
        stats = session.scalar(select(func.count()).select_from(ForestUnitStat))
        version = version_of(session, "raster_forest_cover")
    engine.dispose()
    return rasters, stats, version


def _said(output: str) -> str:
    return " ".join(output.split())


def _current_2024_value(url: str) -> IndicatorValue:
    """The plan 148/QĐ-UBND's current forest-cover value of 2024."""
    engine = create_engine(url)
    with Session(engine) as session:
        superseded = select(IndicatorValue.supersedes_id).where(IndicatorValue.supersedes_id.is_not(None))
        value = session.scalars(
            select(IndicatorValue)
            .join(Indicator)
            .join(Plan)
            .where(Indicator.code == "forest_cover", IndicatorValue.period == "2024")
            .where(Plan.code == "148/QĐ-UBND", IndicatorValue.id.not_in(superseded))
        ).one()
        session.expunge(value)
    engine.dispose()
    return value


def test_a_year_of_several_rasters_an_unknown_id_and_a_salinity_raster_are_refused_and_nothing_changes(
    forest_registry, forest_cli
):
    """Also a --by that names nobody (blank) or is a note rather than a name: refused before anything is asked."""
    url, _, ids = forest_registry
    before = _state(url)
    several = forest_cli("remove", "--year", "2024")
    assert several.exit_code == 1, several.output
    said = _said(several.output)
    assert said.startswith("năm 2024 có 3 ảnh che phủ rừng: ") and "hãy chọn một bằng --raster SỐ" in said, said
    for name in ("demo_2024", "dong_hai_2024", "in_place_2024"):
        assert f"ảnh {ids[name]} (" in said
    assert f"ảnh {ids['demo_2022']} (" not in said and OFFICERS_TITLE in said

    unknown = forest_cli("remove", "--raster", "999", "--lang", "en")
    assert unknown.exit_code == 1 and _said(unknown.output) == (
        "no forest-cover raster 999 is loaded; georeg forest list lists those loaded with their ids; nothing was "
        "changed"
    )
    engine = create_engine(url)
    with Session(engine) as session:
        salinity = session.scalar(select(RasterDataset.id).filter_by(theme="salinity"))
    engine.dispose()
    not_forest = forest_cli("remove", "--raster", str(salinity))
    assert not_forest.exit_code == 1 and "không phải ảnh che phủ rừng" in _said(not_forest.output)
    blank = forest_cli("remove", "--raster", str(ids["demo_2024"]), "--by", "  ", "--yes", "--lang", "en")
    assert blank.exit_code == 1 and _said(blank.output) == (
        '--by: give your name (or your account in the registry), e.g. --by "Nguyen Thi Lan"; nothing was removed'
    )
    rambling = forest_cli("remove", "--raster", str(ids["demo_2024"]), "--by", "Lan " * 30, "--yes")
    assert rambling.exit_code == 1 and "--by: tên dài 119 ký tự, quá 100;" in _said(rambling.output)
    neither = forest_cli("remove", "--lang", "en")
    assert neither.exit_code == 1 and "say which raster to remove: --raster ID" in _said(neither.output)
    declined = forest_cli("remove", "--raster", str(ids["demo_2024"]), "--lang", "en", input="n\n")
    assert declined.exit_code == 1 and "Remove this raster? [y/N]" in declined.output
    assert _state(url) == before


def test_a_removed_raster_takes_its_figures_and_its_copied_file_and_the_map_draws_the_year_left(
    forest_registry, forest_cli
):
    """The demo of 2024 removed: its statistics and its COG go, the layer's version moves (tiles refresh), the map
    and the plan's indicator read the newest raster of 2024 left, the audit log says when and who — the name given
    with --by (NFC, its spaces once), beside the system login: session 62 kept the login alone, often root — and so
    does /changes; removed again, it says so, naming them."""
    url, settings, ids = forest_registry
    rasters, stats, version = _state(url)
    raster = ids["demo_2024"]
    (cog,) = settings.raster_dir.glob("forest_cover_2024_synthetic_demo.*.tif")  # the registry's own name
    assert cog.exists() and _current_2024_value(url).source != OFFICERS_TITLE

    removed = forest_cli(
        "remove", "--raster", str(raster), "--by", " Nguye\u0302\u0303n  Thị Lan ", "--lang", "en", input="y\n"
    )

    said = _said(removed.output)
    assert removed.exit_code == 0, said
    assert "which the registry copied into its raster folder, is deleted Remove this raster? [y/N]: y" in said
    assert f"removed forest-cover raster {raster} (Forest cover DEMONSTRATION" in said
    assert f"the map's forest-cover layer now draws 2024 (raster {ids['dong_hai_2024']})" in said
    assert f"deleted the file {cog}" in said and not cog.exists()
    after, stats_after, version_after = _state(url)
    assert after == [r for r in rasters if r != raster] and version_after > version
    engine = create_engine(url)
    with Session(engine) as session:
        assert session.scalar(select(func.count()).where(ForestUnitStat.raster_id == raster)) == 0
        entry = session.scalars(select(AuditLogEntry).filter_by(action=REMOVED, entity_id=str(raster))).one()
    engine.dispose()
    assert stats_after < stats and entry.actor == command_line_actor() and entry.changes["file"] == "deleted"
    assert (entry.changes["by"], entry.changes["login"]) == ("Nguyễn Thị Lan", getpass.getuser())
    # Đông Hải's raster gives the province no figure: the plan's value comes from the officer's, left for 2024
    assert f"plan 148/QĐ-UBND's forest-cover value of 2024 now comes from raster {ids['in_place_2024']}" in said
    assert _current_2024_value(url).source == OFFICERS_TITLE

    client = TestClient(create_app(settings))
    legend = client.get("/raster/forest_cover/legend").json()["dataset"]
    assert (legend["id"], legend["year"]) == (ids["dong_hai_2024"], 2024)
    changes = client.get("/api/changes").json()
    listed = [row["raster_id"] for row in changes["forest"]["rows"]]
    assert raster not in listed and ids["dong_hai_2024"] in listed
    (removal,) = [row for row in changes["forest_removed"]["rows"] if row["raster_id"] == raster]
    assert (removal["removed_by"], removal["login"]) == ("Nguyễn Thị Lan", getpass.getuser())

    again = forest_cli("remove", "--raster", str(raster))
    assert again.exit_code == 1, again.output
    assert f"ảnh che phủ rừng {raster} (Che phủ rừng MINH HỌA" in _said(again.output)
    assert "đã được gỡ rồi, lúc " in _said(again.output) and "bằng dòng lệnh (Nguyễn Thị Lan)" in _said(again.output)


def test_a_file_the_registry_did_not_write_is_kept_and_the_last_raster_of_a_year_removed_by_it(
    forest_registry, forest_cli
):
    """The officer's own file of 2024 (registered where it lay) stays on disk; with Đông Hải's gone too, 2024 has
    no raster left, the map draws 2022 and the plan's value of 2024, computed from the officer's raster, is withdrawn
    (session 62: it stayed current, as if nothing had happened), none entered by hand before it."""
    url, settings, ids = forest_registry
    officer = ids["in_place_2024"]
    for name in ("demo_2024", "dong_hai_2024"):  # the one a test before removed, said so
        forest_cli("remove", "--raster", str(ids[name]), "--yes")
    engine = create_engine(url)
    with Session(engine) as session:
        path = Path(session.get(RasterDataset, officer).path)
    engine.dispose()

    removed = forest_cli("remove", "--year", "2024", "--yes", "--lang", "en")

    said = _said(removed.output)
    assert removed.exit_code == 0, said
    assert f"its file {path} is kept: the registry did not write it" in said and path.exists()
    assert "Remove this raster?" not in said and "deleted the file" not in said
    assert f"the map's forest-cover layer now draws 2022 (raster {ids['demo_2022']})" in said
    assert "plan 148/QĐ-UBND's forest-cover value of 2024 computed from it is withdrawn" in said
    assert "2024 holds no value now: enter the right one on /monitoring" in said
    withdrawal = _current_2024_value(url)
    assert (withdrawal.is_withdrawal, withdrawal.value, withdrawal.restores_id) == (True, None, None)
    assert withdrawal.reason is None  # its removal says why, worded by each reader: the command gave no --by
    history = TestClient(create_app(settings)).get("/api/indicators/forest_cover/values").json()["values"]
    (removal,) = [v["removal"] for v in history if v["id"] == withdrawal.id]
    assert (removal["removed_by"], removal["login"]) == (None, getpass.getuser())
    assert removal["reason_en"] == (
        f"forest-cover raster {officer} removed by system login “{getpass.getuser()}” (georeg forest remove)"
    )
    assert _state(url)[0] == [ids["demo_2022"]]
    listed = forest_cli("list", "--lang", "en")
    assert listed.exit_code == 0 and "DEMONSTRATION" in listed.output and "2024" not in listed.output
