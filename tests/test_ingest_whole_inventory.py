"""An office reloading its whole inventory while its officers report (trial 54): the registry's projects of the file's
provinces that the file no longer names are said, and retired only when asked; an export loaded back after one
officer's report loads the rest when asked to keep the projects changed since."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from ingest_files import project_mix
from sqlalchemy import Engine, create_engine, select, text
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from cli.main import app
from geo.audit import command_line_actor
from geo.ingest import IngestRequest, Options, ingest
from geo.layer_export import export_layer
from geo.models import Project
from geo.settings import get_settings
from geo.status_history import append_status_event
from geo.vietnam_day import vietnam_today

PREFIX = "WI"
QGIS_PYTHON = "/usr/bin/python3"  # Debian's, where python3-qgis installs PyQGIS; the venv has no PyQGIS


@pytest.fixture(scope="module")
def url(make_registry) -> str:
    return make_registry("ingest_whole_inventory")


@pytest.fixture(scope="module")
def engine(url: str) -> Iterator[Engine]:
    engine = create_engine(url)
    yield engine
    engine.dispose()


def _inventory(count: int, prefix: str, province: str = "95", lon: float = 105.5) -> gpd.GeoDataFrame:
    frame = project_mix(count, prefix).assign(TRANG_THAI="under_construction", TIEN_DO=40.0, province=province)
    frame["geometry"] = [shapely.Point(lon + i / 100, 9.3 if province == "95" else 9.9) for i in range(count)]
    return frame


def _load(engine: Engine, path: Path, mode: str = "append") -> None:
    assert ingest(engine, IngestRequest(path, Options("projects", mode)), get_settings()).ok


def _retired(engine: Engine) -> dict[str, str | None]:
    with engine.connect() as connection:
        return dict(
            connection.execute(text("SELECT code, retired_reason FROM project WHERE retired_at IS NOT NULL")).all()
        )


def _said(output: str) -> str:
    return " ".join(output.split())


def test_a_reload_without_some_projects_names_them_and_retires_them_only_when_asked(
    engine, url, tmp_path, commands_use
):
    """Eight Bạc Liêu projects and three of Trà Vinh registered; the office's new inventory of Bạc Liêu lacks two. Its
    preview and its load say so, naming them (not the Trà Vinh ones: another province), and leave them; loaded with
    --retire-absent, they are retired as by hand (reason, audit entry, version), the others not."""
    frame = _inventory(8, PREFIX)
    first, tra_vinh, reload = tmp_path / "first.gpkg", tmp_path / "tv.gpkg", tmp_path / "du_an_v2.gpkg"
    frame.to_file(first, driver="GPKG")
    _inventory(3, "TVX", province="84", lon=106.3).to_file(tra_vinh, driver="GPKG")
    _load(engine, first)
    _load(engine, tra_vinh)
    frame.iloc[:6].to_file(reload, driver="GPKG")
    runner = CliRunner()
    commands_use(url)
    args = ["ingest", str(reload), "--into", "projects", "--mode", "upsert", "--lang", "en"]

    for extra in (["--dry-run"], []):
        told = runner.invoke(app, [*args, *extra])
        assert told.exit_code == 0, told.output
        said = _said(told.output)
        assert (
            "2 projects in the registry, of the provinces (and plans) of the file's projects (province 95), are not in "
            "the file "
            "(WI-000006, WI-000007): they stay as they are." in said
        ), said
        assert "load it with --retire-absent to retire them" in said and "TVX" not in said
        assert _retired(engine) == {}

    vi = _said(runner.invoke(app, [*args[:-2], "--dry-run"]).output)
    assert "2 dự án đang có trong hệ thống, cùng tỉnh (và kế hoạch) với các dự án của tệp (tỉnh 95), không có" in vi
    assert "hãy nạp với --retire-absent để rút chúng khỏi danh mục" in vi

    would = _said(runner.invoke(app, [*args, "--dry-run", "--retire-absent"]).output)
    assert "loading the file would retire 2 projects not in the file (WI-000006, WI-000007)" in would
    assert _retired(engine) == {}

    retired = runner.invoke(app, [*args, "--retire-absent"])
    assert retired.exit_code == 0, retired.output
    assert "2 projects not in the file were retired (WI-000006, WI-000007), as by hand" in _said(retired.output)
    reasons = _retired(engine)
    assert sorted(reasons) == ["WI-000006", "WI-000007"]
    assert "not in the file du_an_v2.gpkg (ingest job" in reasons["WI-000006"]
    with engine.connect() as connection:
        audit = connection.execute(
            text(
                "SELECT p.code, a.actor, a.changes ->> 'retired_reason', p.version FROM audit_log a "
                "JOIN project p ON a.entity_id = p.id::text WHERE a.entity = 'project' AND a.action = 'retire' "
                "ORDER BY p.code"
            )
        ).all()
    assert [(code, actor, reason, version) for code, actor, reason, version in audit] == [
        ("WI-000006", command_line_actor(), reasons["WI-000006"], 2),
        ("WI-000007", command_line_actor(), reasons["WI-000007"], 2),
    ]
    again = _said(runner.invoke(app, [*args, "--dry-run"]).output)
    assert "not in the file" not in again  # retired: no longer the registry's current projects


def test_an_export_loaded_back_after_a_report_loads_the_rest_when_asked_to_keep_what_changed(
    engine, url, tmp_path, commands_use
):
    """Exported, then an officer reports on one project; the office renames every project in the export. Loaded
    back, the file is refused whole (as before); with --keep-changed the reported project is left as the registry
    has it (its report, its name) and named, the others renamed."""
    frame = _inventory(4, "KC")
    first = tmp_path / "kc.gpkg"
    frame.to_file(first, driver="GPKG")
    _load(engine, first)
    with Session(engine) as session:
        chosen = ("SELECT id FROM project WHERE code LIKE 'KC-%'", {})
        export = export_layer(session, "projects", "gpkg", tmp_path / "export.gpkg", None, chosen).path
    with Session(engine) as session, session.begin():
        project = session.scalar(select(Project).where(Project.code == "KC-000002"))
        append_status_event(
            session, project, status="completed", percent=100.0, reported_at=vietnam_today(), reporter_name="Bình"
        )
    edited = gpd.read_file(export, layer="projects_point")
    edited["name_vi"] = edited["name_vi"] + " (đã sửa)"
    renamed = tmp_path / "renamed.gpkg"
    edited.to_file(renamed, driver="GPKG")
    runner = CliRunner()
    commands_use(url)
    args = ["ingest", str(renamed), "--into", "projects", "--mode", "upsert", "--lang", "en"]

    refused = runner.invoke(app, args)
    assert refused.exit_code == 1 and "or load it with --keep-changed" in _said(refused.output), refused.output
    kept = runner.invoke(app, [*args, "--keep-changed"])
    assert kept.exit_code == 0, kept.output
    said = _said(kept.output)
    assert "1 project changed in the registry after the file was checked or exported" in said
    assert "was left as the registry has it, its row in the file not loaded (KC-000002)" in said
    with engine.connect() as connection:
        states = dict(
            connection.execute(text("SELECT code, name_vi || ' ' || status FROM project WHERE code LIKE 'KC-%'")).all()
        )
    assert states["KC-000002"] == "Công trình số 2 completed"
    assert all(states[f"KC-00000{i}"].endswith("(đã sửa) under_construction") for i in (0, 1, 3)), states
    with engine.connect() as connection:  # the job counts what it wrote: three renamed, not the one kept (trial 59)
        job = connection.execute(text("SELECT written_count, report FROM ingest_job ORDER BY id DESC LIMIT 1")).one()
    assert job.written_count == 3 == job.report["changes"]["updated"], job


@pytest.fixture(scope="module")
def sample_url(make_registry) -> str:
    return make_registry("ingest_whole_inventory_sample", sample=True)


def _export(runner: CliRunner, out: Path, *scope: str) -> Path:
    told = runner.invoke(app, ["export", "projects", "--out", str(out), *scope])
    assert told.exit_code == 0, told.output
    return out


def test_a_districts_file_retires_nothing_of_the_provinces_other_districts(sample_url, tmp_path, commands_use):
    """Trial 59: the export of 4 of Bạc Liêu's 7 former districts, loaded back with --retire-absent, retired 6
    projects of the other 3. It is the inventory of its districts only: nothing is said absent or retired; a project
    cut from it (its district column too: its sites tell) is said absent, of those districts, and retired. An export
    of the whole province, one project cut from it, still names that project (as of the province) and retires it."""
    runner = CliRunner()
    commands_use(sample_url)
    districts = _export(runner, tmp_path / "4_huyen.gpkg", *(f"--unit={u}" for u in ("954", "961", "958", "959")))
    args = ["ingest", str(districts), "--into", "projects", "--mode", "upsert", "--lang", "en"]
    loaded = runner.invoke(app, [*args, "--retire-absent"])
    assert loaded.exit_code == 0, loaded.output
    assert "not in the file" not in _said(loaded.output)
    engine = create_engine(sample_url)
    assert _retired(engine) == {}

    with closing(sqlite3.connect(districts)) as gpkg, gpkg:  # the office dropped a project, and the columns
        cut = gpkg.execute("DELETE FROM projects_polygon WHERE fid = 1 RETURNING code").fetchone()[0]
        for layer in ("projects_point", "projects_polygon"):
            gpkg.execute(f"ALTER TABLE {layer} DROP COLUMN district_codes")
            gpkg.execute(f"ALTER TABLE {layer} DROP COLUMN export_units")  # the units it was exported for
    said = _said(runner.invoke(app, [*args, "--dry-run"]).output)
    assert (
        "1 project in the registry, of the 4 former districts the file covers (954 Bạc Liêu City, 958 Vĩnh Lợi "
        f"District, 959 Giá Rai Town, 961 Hoà Bình District), is not in the file ({cut})" in said
    ), said
    vi = _said(runner.invoke(app, [*args[:-2], "--dry-run"]).output)
    assert (
        "1 dự án đang có trong hệ thống, thuộc 4 huyện cũ mà tệp bao gồm (954 Thành phố Bạc Liêu, 958 Huyện Vĩnh " in vi
    ), vi
    assert runner.invoke(app, [*args, "--retire-absent"]).exit_code == 0
    assert list(_retired(engine)) == [cut]
    first_cut = cut

    province = _export(runner, tmp_path / "tinh.gpkg", "--province=95")
    with closing(sqlite3.connect(province)) as gpkg, gpkg:  # one project cut from the file
        cut = gpkg.execute("DELETE FROM projects_point WHERE fid = 1 RETURNING code").fetchone()[0]
    args = ["ingest", str(province), "--into", "projects", "--mode", "upsert", "--lang", "en"]
    said = _said(runner.invoke(app, [*args, "--dry-run"]).output)
    assert (
        "1 project in the registry, of the provinces (and plans) of the file's projects (province 95), is not in the "
        f"file ({cut})" in (said)
    ), said
    assert runner.invoke(app, [*args, "--retire-absent"]).exit_code == 0
    assert sorted(_retired(engine)) == sorted([first_cut, cut])
    engine.dispose()


#: A canal from Bạc Liêu City (954) into Vĩnh Lợi (958), a sixth of it in the first: its larger share is Vĩnh Lợi's.
CANAL = shapely.LineString([(105.75295, 9.29406), (105.73005, 9.34246)])
VINH_LOI = ["BL-13.3-CHAU-HUNG", "BL-13.4-TAN-TAO-LANDFILL"]  # the sample's projects of Vĩnh Lợi (958) alone


@pytest.fixture(scope="module")
def canal_url(make_registry, tmp_path_factory) -> str:
    """The sample data and the canal (WI-KENH-954-958) of plan 148, as the province's other projects."""
    url = make_registry("ingest_whole_inventory_canal", sample=True)
    path = tmp_path_factory.mktemp("canal") / "kenh.geojson"
    gpd.GeoDataFrame(
        {"code": ["WI-KENH-954-958"], "name_vi": ["Kênh nối Bạc Liêu – Vĩnh Lợi"], "kind": ["canal"]}
        | {"plan": ["148/QĐ-UBND"]},
        geometry=[CANAL],
        crs="EPSG:4326",
    ).to_file(path, driver="GeoJSON")
    engine = create_engine(url)
    _load(engine, path)
    with engine.connect() as connection:  # placed as the files say it: mostly in Vĩnh Lợi
        shares = dict(
            connection.execute(
                text(
                    "SELECT u.code, s.share FROM project_unit_share s JOIN admin_unit u ON u.id = s.unit_id "
                    "JOIN project p ON p.id = s.project_id WHERE p.code = 'WI-KENH-954-958' AND u.level = 'district'"
                )
            ).all()
        )
    engine.dispose()
    assert set(shares) == {"954", "958"} and shares["958"] > 0.75, shares
    return url


def test_a_districts_file_with_a_canal_running_on_into_a_neighbour_retires_nothing_of_the_neighbour(
    canal_url, tmp_path, commands_use
):
    """A district's export holds a canal lying mostly in the neighbour district (its district_codes "958; 954"): the
    reload took the neighbour for covered, and --retire-absent retired its two projects. The file says it was exported
    for 954: nothing is absent, nothing retired, and the message and question name the unit by code."""
    runner = CliRunner()
    commands_use(canal_url)
    exported = _export(runner, tmp_path / "tp_bac_lieu.gpkg", "--unit=954")
    with closing(sqlite3.connect(exported)) as gpkg:
        assert gpkg.execute("SELECT DISTINCT export_units FROM projects_line").fetchall() == [("954",)]
        assert gpkg.execute("SELECT district_codes FROM projects_line").fetchall() == [("958; 954",)]
    args = ["ingest", str(exported), "--into", "projects", "--mode", "upsert", "--lang", "en", "--retire-absent"]
    loaded = runner.invoke(app, args)
    assert loaded.exit_code == 0, loaded.output
    assert "not in the file" not in _said(loaded.output)
    engine = create_engine(canal_url)
    assert _retired(engine) == {}

    with closing(sqlite3.connect(exported)) as gpkg, gpkg:  # one of its wind farms cut from the file
        gpkg.execute("DELETE FROM projects_point WHERE code = 'BL-WIND-BAC-LIEU-3'")
    said = _said(runner.invoke(app, [*args[:-1], "--dry-run"]).output)
    assert (
        "1 project in the registry, with a part in the unit the file was exported for (954 Bạc Liêu City), is not in "
        "the file (BL-WIND-BAC-LIEU-3)" in said
    ), said
    vi = _said(runner.invoke(app, [*args[:-3], "--dry-run"]).output)
    assert "1 dự án đang có trong hệ thống, có phần trong 1 đơn vị mà tệp được xuất cho (954 Thành phố Bạc Liêu)" in vi
    engine.dispose()


def _qgis_edited(exported: Path, out: Path, renamed: str, deleted: list[str]) -> dict:
    """The export edited in QGIS (tests/qgis_edit.py): ``deleted`` deleted, ``renamed`` renamed, saved, then saved as
    ``out``; what QGIS says of each layer."""
    probe = subprocess.run([QGIS_PYTHON, "-c", "import qgis.core"], capture_output=True, timeout=60)
    if probe.returncode != 0:
        pytest.skip("PyQGIS is not installed (Debian python3-qgis; scripts/setup.sh --test installs it)")
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_RUNTIME_DIR": str(out.parent)}
    script = Path(__file__).with_name("qgis_edit.py")
    run = subprocess.run(
        [QGIS_PYTHON, str(script), str(exported), str(out), renamed, *deleted],
        capture_output=True,
        text=True,
        timeout=300,
        env=environment,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    return json.loads(run.stdout)


def test_a_district_whose_every_project_was_deleted_in_qgis_is_still_the_files_and_its_projects_retired(
    canal_url, tmp_path, commands_use
):
    """The export of 954 and 958; in QGIS the office deletes Vĩnh Lợi's two projects and the canal, renames a wind
    farm, saves, and saves the layers as a new GeoPackage. No row of the file lies in 958 any more: the reload took it
    for no district of the file's, and --retire-absent retired the canal alone. The file still says it was exported
    for 954 and 958 (QGIS keeps the column): the three are absent, named with both units, and retired."""
    runner = CliRunner()
    commands_use(canal_url)
    exported = _export(runner, tmp_path / "hai_huyen.gpkg", "--unit=954", "--unit=958")
    saved = tmp_path / "hai_huyen_qgis.gpkg"
    told = _qgis_edited(exported, saved, "BL-WIND-BAC-LIEU-3", [*VINH_LOI, "WI-KENH-954-958"])
    assert all("export_units" in layer["fields"] for layer in told.values()), told
    assert sum(layer["features"] for layer in told.values()) == 2, told  # the two wind farms of 954

    for edited in (exported, saved):  # saved in place, and saved as
        args = ["ingest", str(edited), "--into", "projects", "--mode", "upsert", "--lang", "en", "--dry-run"]
        said = _said(runner.invoke(app, [*args, "--retire-absent"]).output)
        assert (
            "loading the file would retire 3 projects not in the file (BL-13.3-CHAU-HUNG, BL-13.4-TAN-TAO-LANDFILL, "
            "WI-KENH-954-958)" in said
        ), said
    args = ["ingest", str(exported), "--into", "projects", "--mode", "upsert", "--retire-absent"]
    loaded = runner.invoke(app, args)
    assert loaded.exit_code == 0, loaded.output
    engine = create_engine(canal_url)
    assert sorted(_retired(engine)) == [*VINH_LOI, "WI-KENH-954-958"]
    engine.dispose()


def test_a_site_on_a_neighbouring_provinces_land_makes_no_district_covered(canal_url, tmp_path, commands_use):
    """A file without a district column: its districts are where its sites count, by the shares' rule. A site on
    former Cà Mau's land 5.3 km from Phước Long (957) counts in no unit (geo.apportion: farther than 1 km into a
    neighbour's land), but the districts' own nearest-unit SQL took Phước Long for covered, and offered its project
    for retirement beside Giá Rai's."""
    path = tmp_path / "hai_du_an.gpkg"
    gpd.GeoDataFrame(
        {"code": ["WI-GR-1", "WI-CM-1"], "name_vi": ["Cống Giá Rai", "Cống ven ranh Cà Mau"], "kind": ["sluice"] * 2}
        | {"province": ["95", "95"]},
        geometry=[shapely.Point(105.3646, 9.2508), shapely.Point(105.20, 9.33)],
        crs="EPSG:4326",
    ).to_file(path, driver="GPKG")
    commands_use(canal_url)
    args = ["ingest", str(path), "--into", "projects", "--mode", "upsert", "--lang", "en", "--dry-run"]
    said = _said(CliRunner().invoke(app, args).output)
    assert (
        "1 project in the registry, of the former district the file covers (959 Giá Rai Town), is not in the file "
        "(BL-13.3-GIA-RAI-DONG-HAI)" in said
    ), said
