"""Which projects are late (geo.schedule): past the year they are due (their own end year, else their plan period's
end) and not finished, as the exports, the OGC API, the project API and pages say it, today and as of a day."""

from __future__ import annotations

import csv
import io
from datetime import date

from sqlalchemy import text
from sqlalchemy.orm import Session

from geo.queries.projects import get_project
from geo.vietnam_day import vietnam_today
from layers.catalog import PROJECTS
from layers.sources import chosen_features

#: What a planner means by "not finished": the statuses of a project still to be built or taken up again.
NOT_FINISHED = {"proposed", "preparing", "under_construction", "suspended"}


def _past_due_by_hand(session: Session, day: date) -> set[str]:
    """The codes of the projects past due on ``day``, worked out here row by row from the stored values."""
    rows = session.execute(
        text(
            "SELECT p.code, p.status, p.end_year, pl.period_end FROM project p LEFT JOIN plan pl ON pl.id = p.plan_id "
            "WHERE p.retired_at IS NULL"
        )
    )
    return {
        code
        for code, status, end_year, period_end in rows
        if status in NOT_FINISHED and (end_year or period_end) and (end_year or period_end) < day.year
    }


def _csv_rows(response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_projects_past_due_are_listed_alike_by_the_export_the_ogc_api_and_the_project_api(client, sample_engine):
    with Session(sample_engine) as session:
        expected = _past_due_by_hand(session, vietnam_today())
        plans = dict(
            session.execute(text("SELECT p.code, pl.code FROM project p JOIN plan pl ON pl.id = p.plan_id")).all()
        )
    # the sample: Trà Vinh's 2017–2020 plan is over, its unfinished projects late; Bạc Liêu's runs to 2030
    assert expected and {plans[code] for code in expected} == {"1099/QĐ-UBND"}

    rows = _csv_rows(client.get("/api/exports/projects.csv", params={"schedule": "past_due"}))
    assert {r["code"] for r in rows} == expected
    assert {(r["schedule_vi"], r["schedule_en"]) for r in rows} == {("Quá hạn, chưa xong", "Past due, not finished")}
    assert {r["due_year"] for r in rows if not r["end_year"]} == {"2020"}  # the plan's period's end
    with Session(sample_engine) as session:
        agencies = dict(session.execute(text("SELECT code, name_vi FROM agency")).all())
    led = [r for r in rows if r["lead_agency"]]  # a letter to each: the agency's name beside its code
    assert led and all(r["lead_agency_name"] == agencies[r["lead_agency"]] for r in led)

    items = client.get("/ogc/collections/projects/items", params={"schedule": "past_due", "limit": 1000}).json()
    assert {f["properties"]["code"] for f in items["features"]} == expected
    listed = client.get("/api/projects", params={"schedule": "past_due", "limit": 1000}).json()
    assert {f["properties"]["code"] for f in listed["features"]} == expected
    assert listed["numberMatched"] == len(expected)

    one = next(f for f in items["features"] if not f["properties"]["end_year"])
    project = client.get(f"/api/projects/{one['id']}").json()["properties"]
    assert (project["due_year"], project["schedule"]) == (2020, "past_due")
    page = client.get(f"/projects/{one['id']}?lang=vi").text
    assert '<span class="past_due">Quá hạn, chưa xong</span> (hạn 2020, hết thời kỳ của kế hoạch 1099/QĐ-UBND)' in page

    in_time = _csv_rows(client.get("/api/exports/projects.csv", params={"schedule": "in_time"}))
    assert in_time and {plans[r["code"]] for r in in_time} == {"148/QĐ-UBND"}
    assert {r["status"] for r in in_time} <= NOT_FINISHED
    finished = _csv_rows(client.get("/api/exports/projects.csv", params={"schedule": "closed"}))
    assert finished and {r["status"] for r in finished} <= {"operating", "completed", "cancelled"}


def test_as_of_a_day_the_schedule_is_that_days(client, sample_engine):
    """On 30/06/2019 the 2017–2020 plan still ran: none of its projects was late yet; a year after its end, those
    not finished by then were."""
    during = client.get("/api/exports/projects.geojson", params={"schedule": "past_due", "as_of": "2019-06-30"})
    assert during.status_code == 200 and during.json()["features"] == []
    running = client.get("/api/exports/projects.geojson", params={"schedule": "in_time", "as_of": "2019-06-30"})
    assert running.json()["features"]

    after = client.get("/api/exports/projects.geojson", params={"schedule": "past_due", "as_of": "2021-06-30"})
    late = after.json()["features"]
    assert late and {f["properties"]["plan"] for f in late} == {"1099/QĐ-UBND"}
    assert {f["properties"]["status"] for f in late} <= NOT_FINISHED  # as reported by then


def test_a_projects_own_end_year_comes_before_its_plans(sample_engine):
    with Session(sample_engine) as session:
        project_id, code = session.execute(
            text(
                "SELECT p.id, p.code FROM project p JOIN plan pl ON pl.id = p.plan_id WHERE pl.code = '148/QĐ-UBND' "
                "AND p.status = 'under_construction' AND p.retired_at IS NULL ORDER BY p.id LIMIT 1"
            )
        ).one()
        assert get_project(session, project_id)["properties"]["schedule"] == "in_time"  # due 2030 with its plan
        session.execute(text("UPDATE project SET end_year = 2024 WHERE id = :id"), {"id": project_id})
        properties = get_project(session, project_id)["properties"]
        assert (properties["due_year"], properties["schedule"]) == (2024, "past_due")
        chosen, params = chosen_features(session, PROJECTS, {"schedule": ["past_due"]})
        assert project_id in set(session.scalars(text(chosen), params))
        assert code in _past_due_by_hand(session, vietnam_today())
        session.rollback()


def test_an_unknown_schedule_is_refused_with_the_ones_there_are(client):
    for url in ("/api/exports/projects.csv", "/tiles/projects/9/406/242.pbf"):
        response = client.get(url, params={"schedule": "late"})
        assert response.status_code == 400, url
        assert "expected one of: past_due, in_time, closed, undated" in response.text
    for url in ("/map/export", "/api/projects"):  # as their kind and status: the values offered
        response = client.get(url, params={"schedule": "late"})
        assert response.status_code == 422 and "past_due" in response.text, url


def test_a_projects_schedule_as_of_a_day_is_that_days_and_none_before_its_first_report(client, sample_engine):
    with Session(sample_engine) as session:
        project_id, first = session.execute(
            text(
                "SELECT p.id, min(e.reported_at) FROM project p JOIN plan pl ON pl.id = p.plan_id "
                "JOIN status_event e ON e.project_id = p.id WHERE pl.code = '1099/QĐ-UBND' "
                "AND p.status IN ('proposed', 'preparing', 'under_construction') AND p.end_year IS NULL "
                "GROUP BY p.id HAVING min(e.reported_at) < '2019-01-01' ORDER BY p.id LIMIT 1"
            )
        ).one()

    def schedule(as_of: str | None) -> str | None:
        params = {"as_of": as_of} if as_of else {}
        return client.get(f"/api/projects/{project_id}", params=params).json()["properties"]["schedule"]

    assert schedule(None) == "past_due"
    assert schedule("2019-06-30") == "in_time"
    assert schedule(str(first.replace(year=first.year - 1))) is None  # nothing reported yet: nothing to say
    assert client.get(f"/api/projects/{project_id}", params={"as_of": "31/12/2021"}).status_code == 422
