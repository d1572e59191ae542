"""Projects nobody has reported on for months (geo.stalled): a trial's planners found three Bạc Liêu wind farms whose
latest report, of 2019–2020, still said "under construction, 0 %", and nothing in the registry listed the projects
left unreported. ``?no_report_months=N`` lists those not finished whose latest report is N calendar months old or
older, or that have none, in the project API, the exports and the tiles."""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Iterator
from datetime import date

import mapbox_vector_tile
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from api.main import create_app
from geo.accounts import create_account, create_token
from geo.settings import Settings

#: What a planner means by "not finished": a project still to be built or taken up again.
NOT_FINISHED = {"proposed", "preparing", "under_construction", "suspended"}
#: The trial's three wind farms, "under construction, 0 %" since their reports of 2019 and 2020.
WIND_FARMS_LEFT = {"BL-WIND-DONG-HAI-1", "BL-WIND-HOA-BINH-1", "BL-WIND-HOA-BINH-2"}
#: Two substations of Trà Vinh's Department of Industry and Trade, "proposed" since 2017, and where they stand.
LONG_DUC = ("TV-SUB-110KV-LONG-DUC", 106.338181, 9.978182)
CAU_NGANG = ("TV-SUB-110KV-CAU-NGANG", 106.452081, 9.792984)


@pytest.fixture(scope="module")
def registry(make_registry) -> Iterator[tuple[TestClient, object, dict[str, str]]]:
    """The sample, written to by an officer of TV.SCT (the substations' agency) through the field report API."""
    url = make_registry("no_report", sample=True)
    engine = create_engine(url)
    with Session(engine) as session, session.begin():
        officer = create_account(session, "sct_officer", role="editor", agency_code="TV.SCT")
        token = create_token(session, officer)[0]
    yield TestClient(create_app(Settings(database_url=url))), engine, {"Authorization": f"Bearer {token}"}
    engine.dispose()


def _unreported_by_hand(engine, months: int) -> set[str]:
    """The projects not finished whose latest report is on or before the day ``months`` calendar months before today
    in Vietnam (PostgreSQL's own month arithmetic), or that have none: worked out here row by row."""
    with engine.connect() as connection:
        since = connection.scalar(
            text("SELECT ((now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date - make_interval(months => :n))::date"),
            {"n": months},
        )
        rows = connection.execute(text("SELECT code, status, status_date FROM project WHERE retired_at IS NULL"))
        return {code for code, status, day in rows if status in NOT_FINISHED and (day is None or day <= since)}


def _listed(client: TestClient, months: int) -> set[str]:
    body = client.get("/api/projects", params={"no_report_months": months, "limit": 1000}).json()
    assert body["numberMatched"] == len(body["features"])
    return {f["properties"]["code"] for f in body["features"]}


def _exported(client: TestClient, **params) -> list[dict[str, str]]:
    response = client.get("/api/exports/projects.csv", params=params)
    assert response.status_code == 200, response.text
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def _report(client: TestClient, officer: dict[str, str], where: tuple[str, float, float], status: str, **more) -> None:
    code, lon, lat = where
    project = client.get("/api/projects", params={"limit": 1000}).json()["features"]
    project_id = next(f["id"] for f in project if f["properties"]["code"] == code)
    data = {"status": status, "percent": "40", "lon": str(lon), "lat": str(lat), **more}
    response = client.post(f"/api/projects/{project_id}/status", data=data, headers=officer)
    assert response.status_code == 201, response.text


def test_the_projects_left_unreported_for_months_are_those_not_finished_reported_on_that_long_ago(registry):
    client, engine, officer = registry
    left = _unreported_by_hand(engine, 6)
    assert left >= WIND_FARMS_LEFT and LONG_DUC[0] in left and CAU_NGANG[0] in left
    assert _listed(client, 6) == left
    assert {r["code"] for r in _exported(client, no_report_months=6)} == left  # the planner's spreadsheet too
    assert {r["status"] for r in _exported(client, no_report_months=6)} <= NOT_FINISHED
    assert _listed(client, 12) == _unreported_by_hand(engine, 12) <= left

    _report(client, officer, LONG_DUC, "under_construction")  # visited today: reported on, off the list
    # completed, reported on a visit of 2020: finished, so off the list however old its report
    _report(client, officer, CAU_NGANG, "completed", percent="100", reported_at="2020-01-15")
    now = _listed(client, 6)
    assert now == left - {LONG_DUC[0], CAU_NGANG[0]} == _unreported_by_hand(engine, 6)
    assert LONG_DUC[0] not in _listed(client, 3)
    finished = _exported(client, status=["operating", "completed", "cancelled"])
    assert any(date.fromisoformat(r["status_date"]) < date(2025, 1, 1) for r in finished)  # old reports, not listed
    assert not {r["code"] for r in finished} & _listed(client, 6)


def test_a_project_never_reported_on_counts_as_left_unreported(registry):
    client, engine, _ = registry
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO project (code, name_vi, name_en, kind, province_code, location_precision, sources) "
                "VALUES ('BL-NEVER-REPORTED', 'Kè chưa báo cáo', 'Embankment never reported on', 'embankment', '95', "
                "'province', '[]')"
            )
        )
    assert "BL-NEVER-REPORTED" in _listed(client, 12) and "BL-NEVER-REPORTED" in _unreported_by_hand(engine, 12)


def test_as_of_a_day_the_months_are_counted_back_from_it(registry):
    """On 30/06/2021 the two wind farms reported on in 2019 had had no report for 12 months; Hòa Bình 2, reported on
    in July 2020, had (by then)."""
    client, engine, _ = registry
    with engine.connect() as connection:
        then = connection.execute(
            text(
                "SELECT DISTINCT ON (p.id) p.code, e.status, e.reported_at FROM project p JOIN status_event e "
                "ON e.project_id = p.id AND e.reported_at <= '2021-06-30' WHERE p.retired_at IS NULL "
                "ORDER BY p.id, e.reported_at DESC, e.version DESC"
            )
        ).all()
    by_hand = {code for code, status, day in then if status in NOT_FINISHED and day <= date(2020, 6, 30)}
    listed = {r["code"] for r in _exported(client, no_report_months=12, as_of="2021-06-30")}
    assert listed == by_hand
    assert {"BL-WIND-DONG-HAI-1", "BL-WIND-HOA-BINH-1"} <= listed and "BL-WIND-HOA-BINH-2" not in listed


def test_the_map_tiles_of_the_filter_are_drawn_for_the_day(registry):
    """A project's report turns a year old overnight: a tile of "no report for 12 months" is kept for its day, never
    as an unchanging one (a browser kept the others' for a year)."""
    client, engine, _ = registry
    version = client.get("/tiles/projects.json").json()["version"]
    tile = client.get("/tiles/projects/8/203/121.pbf", params={"no_report_months": 12, "v": version})
    assert tile.status_code == 200 and "immutable" not in tile.headers["cache-control"]
    drawn = mapbox_vector_tile.decode(tile.content)["projects"]["features"]
    with engine.connect() as connection:
        codes = dict(connection.execute(text("SELECT id, code FROM project")).all())
    assert drawn and {codes[f["id"]] for f in drawn if "id" in f} <= _unreported_by_hand(engine, 12)
    assert "immutable" in client.get("/tiles/projects/8/203/121.pbf", params={"v": version}).headers["cache-control"]


def test_a_number_of_months_that_is_none_is_refused(client):
    for url in ("/api/projects", "/api/exports/projects.csv", "/tiles/projects/9/406/242.pbf", "/map/export"):
        response = client.get(url, params={"no_report_months": "six"})
        assert response.status_code == 422 and "no_report_months" in response.text, url
        assert client.get(url, params={"no_report_months": 0}).status_code == 422, url


def test_a_units_page_counts_its_projects_left_unreported_and_links_the_map_of_them(client, sample_engine):
    """A unit page counts its projects with no report for 6 months, linked to the map so filtered: the link's
    filters choose those same projects."""
    with sample_engine.connect() as connection:
        unit = connection.execute(
            text(
                "SELECT u.code, u.id FROM admin_unit u JOIN project_unit_share s ON s.unit_id = u.id "
                "JOIN project p ON p.id = s.project_id AND p.code = ANY(:farms) "
                "WHERE u.scheme = 'pre2025' AND u.level = 'district' GROUP BY u.id ORDER BY count(*) DESC LIMIT 1"
            ),
            {"farms": sorted(WIND_FARMS_LEFT)},
        ).one()
        own = set(
            connection.scalars(
                text(
                    "SELECT p.code FROM project_unit_share s JOIN project p ON p.id = s.project_id "
                    "WHERE s.unit_id = :u AND p.retired_at IS NULL"
                ),
                {"u": unit.id},
            )
        )
    left = own & _unreported_by_hand(sample_engine, 6)
    assert left & WIND_FARMS_LEFT
    page = client.get(f"/units/pre2025/{unit.code}", params={"lang": "vi"}).text
    said = re.search(r"<p id='unit-no-report'>(.*?)</p>", page)[1]
    assert f"<b>{len(left)} dự án</b> chưa xong không có báo cáo từ 6 tháng trở lên." in said
    link = html.unescape(re.search(r'href="([^"]+)"', said)[1])
    assert link == f"/?unit={unit.code}&scheme=pre2025&no_report_months=6&lang=vi"  # over the district's boundaries
    asked = dict(pair.split("=") for pair in link.split("?")[1].split("&"))
    query = {name: value for name, value in asked.items() if name not in ("lang", "scheme")}
    assert {r["code"] for r in _exported(client, **query)} == left  # what the map of the link draws and lists
    english = client.get(f"/units/pre2025/{unit.code}", params={"lang": "en"}).text
    assert f"<b>{len(left)} projects</b> not finished have had no report for 6 months or more." in english
