"""A district's or a province's GIS export (trial 52: a district's file, ?unit=849, took as long as the province's, and
`georeg export` had neither --unit nor --province, so a district office's file came only from the API by curl)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyogrio
import pytest
from ingest_files import project_mix
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from cli.main import app
from geo.ingest import IngestRequest, Options, ingest
from geo.layer_export import export_layer
from geo.settings import get_settings
from layers.sources import chosen_features, find_layer

DISTRICT = "848"  # Cầu Ngang (Trà Vinh)
SHARES_READ = (
    "SELECT coalesce(sum(seq_tup_read), 0) + coalesce(sum(idx_tup_fetch), 0) FROM pg_stat_xact_user_tables "
    "WHERE relname = 'project_unit_share'"
)


@pytest.fixture(scope="module")
def url(make_registry, tmp_path_factory) -> str:
    """The sample and 800 projects over both provinces' districts, loaded as GIS staff load them."""
    url = make_registry("export_by_unit", sample=True)
    path = tmp_path_factory.mktemp("inventory") / "inventory.gpkg"
    project_mix(800, "EU").to_file(path, driver="GPKG")
    engine = create_engine(url)
    assert ingest(engine, IngestRequest(path, Options("projects")), get_settings()).ok
    engine.dispose()
    return url


@pytest.fixture(scope="module")
def engine(url: str) -> Iterator[Engine]:
    engine = create_engine(url)
    yield engine
    engine.dispose()


def _rows(path: Path) -> dict[str, dict]:
    """Each project of a GeoPackage export as GDAL reads it, by code."""
    rows = {}
    for layer, _kind in pyogrio.list_layers(path):
        frame = pyogrio.read_dataframe(path, layer=layer, read_geometry=False)
        rows |= {row["code"]: row for row in frame.astype(object).where(frame.notna(), None).to_dict("records")}
    return rows


def _district_projects(engine: Engine) -> set[str]:
    with Session(engine) as session:
        query = (
            "SELECT p.code FROM project p JOIN project_unit_share s ON s.project_id = p.id "
            "JOIN admin_unit u ON u.id = s.unit_id WHERE u.level = 'district' AND u.code = :code"
        )
        return set(session.scalars(text(query), {"code": DISTRICT}))


def test_a_districts_export_holds_its_projects_as_the_provinces_does_reading_only_their_units(engine, tmp_path):
    """The district office's file holds the projects with a part in the district, each row as the province's file
    has it (the unit columns too), and the export looks up the units of those projects only: the other projects'
    shares are not read, so a district's file costs its share of the province's time."""
    filters = {"unit": [DISTRICT]}  # the map filtered by the district alone
    with Session(engine) as session:
        export_layer(session, "projects", "gpkg", tmp_path / "all.gpkg")
    with Session(engine) as session:
        chosen = chosen_features(session, find_layer("projects"), filters)
        before = session.scalar(text(SHARES_READ))
        session.execute(text(chosen[0]), chosen[1]).all()
        choosing = session.scalar(text(SHARES_READ)) - before  # the district's shares, to choose its projects
        export_layer(session, "projects", "gpkg", tmp_path / "district.gpkg", chosen=chosen)
        exporting = session.scalar(text(SHARES_READ)) - before - choosing
        every_share = session.scalar(text("SELECT count(*) FROM project_unit_share"))

    province, district = _rows(tmp_path / "all.gpkg"), _rows(tmp_path / "district.gpkg")
    assert set(district) == _district_projects(engine) and 20 < len(district) < len(province) / 4
    assert all(district[code] == province[code] for code in district)
    assert exporting - choosing < every_share / 4, (choosing, exporting, every_share)  # (a lateral read them all)


def test_the_export_command_takes_a_unit_or_a_province_as_the_api_does_and_refuses_unknown_codes(
    engine, url, tmp_path, commands_use
):
    commands_use(url)
    runner = CliRunner()
    district = runner.invoke(app, ["export", "projects", "--unit", DISTRICT, "--out", str(tmp_path / "d.gpkg")])
    assert district.exit_code == 0, district.output
    assert f"đã ghi lớp projects (--unit {DISTRICT}) vào" in " ".join(district.output.split())
    assert set(_rows(tmp_path / "d.gpkg")) == _district_projects(engine)

    args = ["export", "projects", "--province", "84", "--format", "csv", "--out", str(tmp_path / "p.csv")]
    assert runner.invoke(app, args).exit_code == 0
    with Session(engine) as session:
        travinh = set(session.scalars(text("SELECT code FROM project WHERE province_code = '84'")))
    assert set(pyogrio.read_dataframe(tmp_path / "p.csv")["code"]) == travinh

    for option, code, said in (
        ("--unit", "8480", "no district (before 1 July 2025) or commune (from 1 July 2025) has the code '8480'"),
        ("--province", "48", "no province (before or from 1 July 2025) has the code '48'"),
    ):
        out = tmp_path / f"refused{option}.gpkg"
        refused = runner.invoke(app, ["export", "projects", option, code, "--out", str(out), "--lang", "en"])
        assert refused.exit_code == 1 and not out.exists()
        assert f"not exported: {said}" in " ".join(refused.output.split())
    vi = runner.invoke(app, ["export", "projects", "--unit", "8480", "--out", str(tmp_path / "x.gpkg")])
    assert "không xuất được: không có huyện (trước 01/07/2025) hay xã, phường" in " ".join(vi.output.split())
    units = ["export", "units_pre2025_district", "--unit", DISTRICT, "--out", str(tmp_path / "u.gpkg")]
    refused = runner.invoke(app, [*units, "--lang", "en"])
    assert refused.exit_code == 1 and "cannot be filtered by --unit; it can by: --province" in " ".join(
        refused.output.split()
    )


def test_the_api_refuses_an_unknown_province_as_it_does_an_unknown_unit(client):
    """A mistyped province code chose no project: the download was an empty file, not a refusal."""
    answer = client.get("/api/exports/projects.gpkg?province=48")
    assert answer.status_code == 422, answer.status_code
    assert "no province (before or from 1 July 2025) has the code '48'" in answer.text


def test_a_neighbours_province_is_refused_by_the_projects_and_the_units_as_the_units_layers_refuse_it(client):
    """83 (Bến Tre), a neighbour drawn only as background, chose no project: the projects' tiles, OGC items, exports
    and /api/projects, and /api/units, answered an empty list where the units layers refused it (422 naming the
    provinces that have some). They refuse it, in the request's language, naming the registry's provinces."""
    own = "84 Trà Vinh, 86 Vĩnh Long, 95 Bạc Liêu, 96 Cà Mau"
    for asked in (
        "/api/exports/projects.gpkg",
        "/ogc/collections/projects/items",
        "/tiles/projects/8/203/121.pbf",
        "/api/projects",
        "/api/units",
    ):
        answer = client.get(asked, params={"province": "83"}, headers={"Accept-Language": "en"})
        assert answer.status_code == 422, (asked, answer.status_code)
        said = "Bến Tre (code '83') is a neighbouring province, drawn only as background: the registry holds none of"
        assert said in answer.text and f"choose one of its provinces: {own}" in answer.text, (asked, answer.text)
    vi = client.get("/api/units", params={"province": "83"}, headers={"Accept-Language": "vi"})
    assert "tỉnh Bến Tre (mã '83') là tỉnh lân cận, chỉ vẽ làm nền" in vi.text, vi.text
    units_layer = client.get("/ogc/collections/units_2025_commune/items", params={"province": "83"})
    assert units_layer.status_code == 422  # as before
    assert client.get("/api/units", params={"province": "86", "level": "province"}).json()["features"]


def test_a_units_download_says_the_units_it_was_exported_for_and_one_filtered_otherwise_too_does_not(client, tmp_path):
    """A district office's file from the API (?unit=) says on each row which units it holds the projects of, as
    `georeg export --unit` does, so that its reload retires nothing outside them; a file of one kind of project in a
    district is no inventory of the district, and says none."""
    district = client.get("/api/exports/projects.gpkg?unit=954&unit=958")
    assert district.status_code == 200, district.text
    (tmp_path / "huyen.gpkg").write_bytes(district.content)
    rows = _rows(tmp_path / "huyen.gpkg")
    assert rows and {row["export_units"] for row in rows.values()} == {"954; 958"}, rows
    shapefile = client.get("/api/exports/projects.shp?unit=954")
    (tmp_path / "huyen.zip").write_bytes(shapefile.content)
    frame = pyogrio.read_dataframe(f"/vsizip/{tmp_path / 'huyen.zip'}/projects_point.shp", read_geometry=False)
    assert set(frame["exp_units"]) == {"954"}
    kind = client.get("/api/exports/projects.gpkg?unit=954&kind=wind_farm")
    (tmp_path / "gio.gpkg").write_bytes(kind.content)
    assert rows.keys() > _rows(tmp_path / "gio.gpkg").keys()
    assert all("export_units" not in row for row in _rows(tmp_path / "gio.gpkg").values())
