"""The status words sheets and the command line take ("Chuẩn bị", "chuan bi", "On hold": geo.coded_words), taken by
the API's and the map's status filters and by a single status report too; a word no status has is refused naming the
parameter, the word and the words taken, in the asker's language."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from painted_map import painted_projects, wait_until_loaded, wait_until_painted
from playwright.sync_api import expect
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session
from watched_pages import watch

from api.main import create_app
from geo.accounts import create_account, create_token
from geo.settings import Settings

#: Words for preparing and suspended, as offices write them, and the codes they name.
WORDS = {"Chuẩn bị": "preparing", "chuan bi": "preparing", "On hold": "suspended", "TẠM DỪNG": "suspended"}


def _codes(client: TestClient, path: str, status: list[str]) -> set[str]:
    answer = client.get(path, params={"status": status} | ({} if "exports" in path else {"limit": 1000}))
    assert answer.status_code == 200, answer.text
    return {feature["properties"]["code"] for feature in answer.json()["features"]}


@pytest.mark.parametrize(
    "path", ["/api/projects", "/api/exports/projects.geojson", "/ogc/collections/projects/items"], ids=str
)
def test_a_status_filter_takes_the_words_a_sheet_takes(client, path):
    """``?status=Chuẩn bị`` was a 422 (the API) or a 400 (OGC) asking for a code: the same projects as the codes."""
    for word, code in WORDS.items():
        assert _codes(client, path, [word]) == _codes(client, path, [code]), word
    assert _codes(client, path, ["chuan bi", "On hold"]) == _codes(client, path, ["preparing", "suspended"])
    assert _codes(client, path, ["preparing"])  # not two empty lists


@pytest.mark.parametrize("path", ["/api/projects", "/api/exports/projects.csv", "/tiles/projects/8/204/122.pbf"])
def test_a_word_no_status_has_is_refused_naming_the_parameter_the_word_and_the_words_taken(client, path):
    english = client.get(path, params={"status": ["chuan bi", "xong"]})
    vietnamese = client.get(path, params={"status": "xong"}, headers={"Accept-Language": "vi"})

    assert english.status_code == vietnamese.status_code == 422
    [problem] = english.json()["detail"]
    assert problem["loc"][:2] == ["query", "status"], problem
    assert problem["msg"].startswith("unknown status 'xong'; the words taken: proposed: Đề xuất trong kế hoạch")
    assert "suspended: Tạm dừng, Suspended, Tạm ngừng, On hold;" in problem["msg"]
    assert problem["msg"].endswith("(any case, with or without accents)")
    [vi] = vietnamese.json()["detail"]
    assert vi["msg"].startswith("không có tình trạng 'xong'; các từ được nhận: proposed: Đề xuất trong kế hoạch")
    assert vi["msg"].endswith("(chữ hoa hay thường, có dấu hay không dấu đều được)")


def test_ogc_refuses_a_word_no_status_has_with_the_words_taken(client):
    """OGC API answers a bad parameter 400, as its standard says, with the words taken in the asker's language."""
    answer = client.get("/ogc/collections/projects/items", params={"status": "xong"}, headers={"Accept": "*/*"})
    assert answer.status_code == 400
    assert "unknown status 'xong'; the words taken: proposed:" in answer.text


@pytest.fixture(scope="module")
def reporting(make_registry) -> Iterator[tuple[TestClient, str, object]]:
    """The app on a registry of its own (reports are written), an administrator's token and the engine."""
    url = make_registry("status_word_reports", sample=True)
    engine = create_engine(url)
    with Session(engine) as session, session.begin():
        token = create_token(session, create_account(session, "admin_words", role="admin"))[0]
    yield TestClient(create_app(Settings(database_url=url))), token, engine
    engine.dispose()


def _site(engine, code: str) -> tuple[int, float, float]:
    with engine.connect() as connection:
        return connection.execute(
            text(
                "SELECT id, ST_X(ST_PointOnSurface(geom)), ST_Y(ST_PointOnSurface(geom)) FROM project WHERE code = :c"
            ),
            {"c": code},
        ).one()


def test_a_status_report_takes_a_word_for_its_status_and_refuses_an_unknown_one_with_the_words_taken(reporting):
    """``POST /api/projects/{id}/status`` with status=Tạm dừng (or "On hold") was a 422 asking for ^[a-z_]+$."""
    client, token, engine = reporting
    project_id, lon, lat = _site(engine, "TV-P8-CON-HO")
    headers = {"Authorization": f"Bearer {token}"}
    form = {"percent": "20", "lon": str(lon), "lat": str(lat)}

    sent = client.post(f"/api/projects/{project_id}/status", data=form | {"status": "Tạm dừng"}, headers=headers)
    again = client.post(f"/api/projects/{project_id}/status", data=form | {"status": "thi cong"}, headers=headers)
    refused = client.post(
        f"/api/projects/{project_id}/status",
        data=form | {"status": "xong"},
        headers=headers | {"Accept-Language": "vi"},
    )

    assert sent.status_code == 201, sent.text
    assert again.status_code == 201, again.text
    with engine.connect() as connection:
        history = connection.execute(
            text("SELECT status FROM status_event WHERE project_id = :p ORDER BY id DESC LIMIT 2"), {"p": project_id}
        ).scalars()
        assert list(history) == ["under_construction", "suspended"]
    assert refused.status_code == 422
    assert refused.json()["detail"]["message"].startswith(
        "không có tình trạng 'xong'; các từ được nhận: proposed: Đề xuất"
    )
    english = client.post(f"/api/projects/{project_id}/status", data=form | {"status": "xong"}, headers=headers)
    assert "unknown status 'xong'; the words taken: proposed:" in english.json()["detail"]["message"]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_map_opened_with_a_status_word_chooses_that_status(browser, live_server, lang):
    """``/?status=Chuẩn bị`` was said "values the map does not know: status=Chuẩn bị" and drew every project; a word no
    status has is said with the words the map takes (trial 71: "status=xong" alone)."""
    page = browser.new_page()
    problems = watch(page)
    page.goto(f"{live_server}/?lang={lang}&status=Chu%E1%BA%A9n%20b%E1%BB%8B&status=on%20hold&status=xong")
    wait_until_painted(page, 0)
    wait_until_loaded(page)

    painted = {project["status"] for project in painted_projects(page)}
    assert painted and painted <= {"preparing", "suspended"}, painted  # the sample's projects suspended are few
    chosen = page.locator('#georeg-filter-status input[type="checkbox"]:checked')
    expect(chosen).to_have_count(2)
    assert sorted(chosen.evaluate_all("boxes => boxes.map((b) => b.value)")) == ["preparing", "suspended"]
    taken = {
        "vi": "status=xong (bản đồ nhận: Đề xuất trong kế hoạch, Chuẩn bị đầu tư, ",
        "en": "status=xong (the map takes: Proposed in the plan, ",
    }[lang]
    expect(page.locator("#georeg-notice")).to_contain_text(taken)
    assert problems == []
    page.close()
