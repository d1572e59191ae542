"""/api/progress and the /progress choropleth on the sample data."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from watched_pages import watch

from geo.queries.projects_by_place import PROVINCE_PROJECTS


def test_province_progress_by_count_is_the_mean_percent_of_its_projects(client):
    projects = client.get("/api/projects", params={"province": "95", "limit": 1000}).json()["features"]
    percents = [f["properties"]["percent"] for f in projects if f["properties"]["status"] != "cancelled"]
    units = client.get("/api/progress", params={"scheme": "pre2025", "level": "province"}).json()["units"]
    bac_lieu = next(u for u in units if u["code"] == "95")
    assert bac_lieu["projects"] == len(projects)
    assert bac_lieu["progress_percent"] == pytest.approx(sum(percents) / len(percents), abs=0.01)


def test_a_former_province_counts_its_own_projects_not_those_of_the_2025_province_of_its_code(sample_engine):
    """The former Vĩnh Long (86) and Cà Mau (96) were given Trà Vinh's and Bạc Liêu's projects, which are the 2025
    Vĩnh Long's and Cà Mau's: a former province's code was read as the 2025 province of that code (the provinces'
    progress and a province's page count by these rows)."""
    counted = text(
        f"SELECT u.scheme || ':' || u.code, count(*) FROM {PROVINCE_PROJECTS} pp JOIN admin_unit u ON u.id = pp.unit_id"
        " GROUP BY 1"
    )
    with sample_engine.connect() as connection:
        counts = dict(connection.execute(counted).all())
    assert counts["pre2025:84"] and counts["pre2025:95"], counts
    assert "pre2025:86" not in counts and "pre2025:96" not in counts, counts
    assert counts["2025:86"] == counts["pre2025:84"] and counts["2025:96"] == counts["pre2025:95"], counts


def test_every_district_and_commune_is_listed_and_sited_projects_are_all_apportioned(client):
    districts = client.get("/api/progress").json()["units"]
    communes = client.get("/api/progress", params={"scheme": "2025", "format": "geojson"}).json()
    assert len(districts) == 16 and len(communes["features"]) == 66
    sited = [
        f for f in client.get("/api/projects", params={"limit": 1000}).json()["features"] if f["geometry"] is not None
    ]
    assert sum(u["project_share_sum"] for u in districts) == pytest.approx(len(sited), abs=0.01)
    assert sum(f["properties"]["project_share_sum"] for f in communes["features"]) == pytest.approx(
        len(sited), abs=0.01
    )


def test_filters_narrow_the_figures(client):
    everything = client.get("/api/progress", params={"level": "province"}).json()["units"]
    wind = client.get("/api/progress", params={"level": "province", "kind": "wind_farm"}).json()["units"]
    plan = client.get("/api/progress", params={"level": "province", "plan": "148/QĐ-UBND"}).json()["units"]
    assert 0 < sum(u["projects"] for u in wind) < sum(u["projects"] for u in everything)
    assert next(u for u in plan if u["code"] == "84")["projects"] == 0


def test_bad_parameters_are_named_in_a_422(client):
    response = client.get("/api/progress", params={"scheme": "2025", "level": "district"})
    assert response.status_code == 422 and "level" in response.text
    response = client.get("/api/progress", params={"plan": "999/QĐ-UBND"})
    assert response.status_code == 422 and "148/QĐ-UBND" in response.text
    assert client.get("/api/progress", params={"as_of": "14/11/2024"}).status_code == 422


def test_the_choropleth_page_draws_every_commune_with_its_legend(browser, live_server):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems = watch(page)
    page.goto(live_server + "/progress?scheme=2025&lang=en&as_of=2024-11-14", wait_until="networkidle")
    page.wait_for_function("() => document.querySelectorAll('.leaflet-progress-pane path').length >= 66")
    legend = page.locator("#georeg-legend").inner_text()
    assert "Progress" in legend and "No projects" in legend
    title = page.locator(".georeg-title").inner_text()
    assert "Project progress by administrative unit" in title and "As of: 14 Nov 2024" in title
    # said once, in the title: the toolbar's badge and the legend said it again (three times on a phone's screen)
    assert page.locator("body").inner_text().count("As of: ") == 1
    assert problems == []
    page.close()


def test_communes_asked_without_a_scheme_are_the_2025_ones(client):
    """/progress?level=commune answered a refusal (the default boundaries, before 2025, have no communes): communes
    asked for are those of the boundaries that have them."""
    communes = client.get("/api/progress", params={"level": "commune"})
    assert communes.status_code == 200, communes.text
    units = communes.json()["units"]
    assert len(units) == 66 and {(u["scheme"], u["level"]) for u in units} == {("2025", "commune")}
    assert client.get("/progress", params={"level": "commune"}).status_code == 200
