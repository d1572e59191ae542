"""A GIS load that sets a project's status is no report (geo.stalled): trial 56's GIS officer reloaded a district from
the office, and the supervisor's list of projects with no report for 6 months lost a landfill nobody had visited
since 2024. Every surface of the rule says the same: the project API, the supervisor's list and page, the map's
layers (an export of the filtered map) and a unit's page; a field report takes it off them all."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import openpyxl
import pyogrio
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, select, text
from sqlalchemy.orm import Session

from api.main import create_app
from geo.accounts import create_account, create_token
from geo.ingest import IngestRequest, Options, ingest
from geo.layer_export import export_layer
from geo.models import Project
from geo.settings import Settings, get_settings
from geo.stalled import last_report_sql
from geo.vi_format import local_date
from geo.vietnam_day import vietnam_today

#: A wind farm "under construction, 0 %" since its report of 2019 (the sample).
FARM = "BL-WIND-DONG-HAI-1"
#: The former district it lies in, whose page counts it.
DISTRICT = (
    "SELECT u.code FROM project p JOIN project_unit_share s ON s.project_id = p.id JOIN admin_unit u ON u.id = "
    "s.unit_id WHERE p.code = :code AND u.scheme = 'pre2025' AND u.level = 'district' ORDER BY s.share DESC LIMIT 1"
)


@pytest.fixture(scope="module")
def registry(make_registry) -> Iterator[tuple[TestClient, Engine, dict[str, str]]]:
    url = make_registry("no_report_after_load", sample=True)
    engine = create_engine(url)
    with Session(engine) as session, session.begin():
        token = create_token(session, create_account(session, "bay.gs", role="admin"))[0]
        district = session.scalar(text(DISTRICT), {"code": FARM})
    client = TestClient(create_app(Settings(database_url=url)))
    client.district = district
    yield client, engine, {"Authorization": f"Bearer {token}"}
    engine.dispose()


def _unreported(client: TestClient, **params) -> set[str]:
    found = client.get("/api/projects", params={"no_report_months": 6, "limit": 1000, **params}).json()
    return {f["properties"]["code"] for f in found["features"]}


def _everywhere(client: TestClient, headers: dict[str, str]) -> dict[str, bool]:
    """Whether the wind farm is among the projects with no report for 6 months, as each surface says it (the unit
    page by its count: the district's others, which the API lists, and the farm)."""
    mine = client.get("/api/account/projects", params={"no_report_months": 6, "limit": 200}, headers=headers).json()
    exported = client.get("/api/exports/projects.csv", params={"no_report_months": 6})
    rows = csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig")))
    return {
        "api": FARM in _unreported(client),
        "supervisor": FARM in {p["code"] for p in mine["projects"]},
        "map": FARM in {r["code"] for r in rows},
        "unit": _unit_page_count(client) == len(_unreported(client, unit=client.district) | {FARM}),
    }


def _unit_page_count(client: TestClient) -> int:
    """How many projects of the wind farm's former district its page says have had no report for 6 months."""
    page = client.get(f"/units/pre2025/{client.district}", params={"lang": "en"}).text
    said = re.search(r"<b>(\d+) projects?</b> not finished", page)
    return int(said[1]) if said else 0  # none: not said


def _reload_with_percent(engine: Engine, folder: Path, percent: float, code: str = FARM) -> None:
    """The GIS officer's export of the wind farm (or the project ``code``), its percent changed in the file, loaded
    back from the office."""
    with Session(engine) as session:
        chosen = ("SELECT id FROM project WHERE code = :code", {"code": code})
        path = export_layer(session, "projects", "gpkg", folder / "farm.gpkg", None, chosen).path
    frames = [pyogrio.read_dataframe(path, layer=name) for name, _ in pyogrio.list_layers(path)]
    frame = next(f for f in frames if "code" in f and code in set(f["code"]))
    frame = frame[frame["code"] == code].assign(percent=percent)
    edited = folder / "edited.gpkg"
    frame.to_file(edited, driver="GPKG")
    report = ingest(engine, IngestRequest(edited, Options("projects", "upsert")), get_settings())
    assert report.ok, [e.text("en") for e in report.errors]


def test_a_gis_load_is_no_report_and_a_field_report_is(registry, tmp_path):
    client, engine, headers = registry
    assert _everywhere(client, headers) == dict.fromkeys(("api", "supervisor", "map", "unit"), True)
    before = client.get("/api/account/projects", params={"q": FARM}, headers=headers).json()["projects"][0]

    _reload_with_percent(engine, tmp_path, 15.0)
    with Session(engine) as session:
        project = session.scalar(select(Project).where(Project.code == FARM))
        assert (project.percent, project.status_date) == (15.0, vietnam_today())  # the load set its state today
    assert _everywhere(client, headers) == dict.fromkeys(("api", "supervisor", "map", "unit"), True)
    listed = client.get("/api/account/projects", params={"q": FARM}, headers=headers).json()["projects"][0]
    assert listed["last_report"] == before["last_report"] == before["status_date"] < "2020-01-01"
    assert listed["status_date"] == vietnam_today().isoformat()
    # the map's popup reads which events are reports from the project's history: the load's is not
    for url in (f"/api/projects/{listed['id']}/history", f"/api/projects/{listed['id']}"):
        answer = client.get(url).json()
        events = answer.get("history") or answer["properties"]["history"]
        assert [e["is_report"] for e in events][-2:] == [True, False], url

    # the supervisor's page: the latest report's day, and the day the load set the status since
    assert client.post("/api/session", json={"token": headers["Authorization"][7:]}).status_code == 200
    for lang, said in (("vi", "tình trạng do lượt nạp GIS ghi ngày"), ("en", "status last set by a GIS load on")):
        page = client.get("/status-reports", params={"lang": lang}).text
        row = re.search(rf"<tr>(?:(?!</tr>).)*{FARM}.*?</tr>", page, re.S)[0]
        last = local_date(date.fromisoformat(before["last_report"]), lang)
        assert last in row and f"{said} {local_date(vietnam_today(), lang)}" in row

    sent = client.post(
        f"/api/projects/{listed['id']}/status",
        data={
            "status": "under_construction",
            "percent": "20",
            "lon": "105.5",
            "lat": "9.2",
            "confirm_distance": "true",
        },
        headers=headers,
    )
    assert sent.status_code == 201, sent.text
    assert _everywhere(client, headers) == dict.fromkeys(("api", "supervisor", "map", "unit"), False)


#: A project being built with a site, less than 17 % done, reported on before 2024 and not since (the sample), other
#: than the wind farm above.
_REPORTED_LONG_AGO = f"""
SELECT p.code, {last_report_sql("p.id")} AS last_report FROM project p
WHERE p.geom IS NOT NULL AND p.retired_at IS NULL AND p.code <> :farm AND p.status = 'under_construction'
  AND p.percent < 17 AND {last_report_sql("p.id")} < '2024-01-01'
ORDER BY p.code LIMIT 1"""


def _exported_days(session: Session, code: str, folder: Path) -> dict[str, tuple[str, str]]:
    """The project's status day and latest report's day in each export format, as ISO days."""
    chosen = ("SELECT id FROM project WHERE code = :code", {"code": code})
    days = {}
    for fmt, name in (("gpkg", "p.gpkg"), ("shp", "p.zip"), ("geojson", "p.geojson"), ("csv", "p.csv")):
        path = export_layer(session, "projects", fmt, folder / name, None, chosen).path
        frames = [pyogrio.read_dataframe(path, layer=layer) for layer, _ in pyogrio.list_layers(path)]
        row = next(f[f["code"] == code] for f in frames if "code" in f and code in set(f["code"])).iloc[0]
        status_day, last = (
            (row["stat_date"], row["last_rep"]) if fmt == "shp" else (row["status_date"], row["last_report"])
        )
        days[fmt] = (str(status_day)[:10], str(last)[:10])
    sheet = openpyxl.load_workbook(export_layer(session, "projects", "xlsx", folder / "p.xlsx", None, chosen).path)
    heads, *rows = sheet["Dự án"].iter_rows(values_only=True)
    row = dict(zip(heads, next(r for r in rows if code in r), strict=True))
    days["xlsx"] = tuple(
        str(row[h])[:10] for h in ("Ngày của tình trạng (báo cáo hoặc lần nạp GIS)", "Ngày báo cáo gần nhất")
    )
    return days


def test_exports_say_the_latest_report_beside_a_loads_status_day_and_a_reload_reads_it_not(registry, tmp_path):
    """After a GIS load set a project's status, its exports' status_date is the load's day; each format also gives
    last_report, the day of its latest report (geo.stalled), which a supervisor chasing reports reads; a reload of
    the export takes it for one of the export's columns for reading only, not an unknown column."""
    client, engine, _ = registry
    with Session(engine) as session:
        code, reported = session.execute(text(_REPORTED_LONG_AGO), {"farm": FARM}).one()
    _reload_with_percent(engine, tmp_path, 17.0, code)
    with Session(engine) as session:
        days = _exported_days(session, code, tmp_path)
    today = vietnam_today().isoformat()
    assert days == dict.fromkeys(("gpkg", "shp", "geojson", "csv", "xlsx"), (today, reported.isoformat())), days
    for name in ("p.gpkg", "p.zip", "p.geojson", "p.csv"):
        report = ingest(
            engine, IngestRequest(tmp_path / name, Options("projects", "upsert"), dry_run=True), get_settings()
        )
        assert report.ok and report.changes["updated"] == 0, (name, report.changes)
        assert not [w.message for w in report.warnings if w.message.startswith("columns not loaded")], name
        told = [w.message for w in report.warnings if "last_report" in w.message]
        assert len(told) == 1 and told[0].startswith("an export's columns for reading only"), (name, told)
