"""/status-reports with the 200 reports it lists at most: trial 64 measured 357 kB. Half was the sea and provinces
under its map, sent inline at each visit (now fetched from /map/context.geojson, which the browser keeps), and each
row repeated its explanations ("sent at the site, from a position known well enough"; a stand-in site's line twice),
now said once in a key above the list, the rows carrying a mark."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from api.main import create_app
from geo.accounts import create_account, create_token
from geo.settings import Settings

#: A row is 530–600 bytes (the project's name, link and code, the day and when recorded, the statuses, the note, the
#: sender and source, how far and whence, the review's words: measured on this page), and the page round the rows
#: about 30 kB (its style, filters, map key and the map's shapes): 200 rows of at most 700 bytes and 40 kB make
#: 180 kB, half of the 325–357 kB of the page before.
PAGE_LIMIT = 180_000
#: (project, longitude, latitude) of each kind of report in turn: on a site placed at its district's centre (a
#: stand-in), at a substation, from 24 km off the other one, and at sea at an offshore wind farm.
SENT = ((1, 106.33704, 9.99), (12, 106.338181, 9.978182), (13, 106.338181, 9.978182), (16, 106.5939, 9.6060))


@pytest.fixture(scope="module")
def two_hundred_reports(make_registry) -> TestClient:
    url = make_registry("reports_page_size", sample=True)
    engine = create_engine(url)
    with Session(engine) as session, session.begin():
        officer = create_account(session, "size.tv", role="admin", display_name="Nguyễn Văn Thử")
        token = create_token(session, officer)[0]
    engine.dispose()
    client = TestClient(create_app(Settings(database_url=url)))
    for n in range(200):
        project, lon, lat = SENT[n % len(SENT)]
        sent = client.post(
            f"/api/projects/{project}/status",
            data={"status": "under_construction", "percent": str(n % 100), "lon": str(lon), "lat": str(lat),
                  "note": f"Đã kiểm tra hiện trường lần {n}", "confirm_distance": "true"},
            headers={"Authorization": f"Bearer {token}"},
        )  # fmt: skip
        assert sent.status_code == 201, sent.text
    return client


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_200_reports_make_a_page_under_180_kb_each_explanation_said_once(two_hundred_reports, lang):
    page = two_hundred_reports.get("/status-reports", params={"lang": lang})
    rows = page.text.split("<table class='flagged'>")[1].split("</table>")[0].count("<tr") - 1
    assert rows == 200 and len(page.content) < PAGE_LIMIT, (rows, len(page.content))
    why = {"vi": "gửi tại công trình, vị trí đủ chính xác", "en": "sent at the site, from a position known well"}
    assert page.text.count(why[lang]) == 1  # in the key of the marks, not in each row
    assert "/map/context.geojson?lang=" + lang in page.text and '"kind": "sea"' not in page.text
