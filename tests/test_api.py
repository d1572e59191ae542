"""The HTTP API: health, projects with filters and paging, units, clear errors."""

from __future__ import annotations

import gc

import pytest
from fastapi.testclient import TestClient

from api import schema_check
from api.main import create_app
from geo import migrations
from geo.settings import Settings


def _codes(response) -> set[str]:
    assert response.status_code == 200, response.text
    return {f["properties"]["code"] for f in response.json()["features"]}


def test_health_checks_the_database(client):
    body = client.get("/health").json()
    assert body["status"] == "ok" and body["postgis"].startswith("3.")


def test_health_reports_an_unreachable_database():
    app = create_app(Settings(database_url="postgresql+psycopg://nobody@127.0.0.1:1/none"))
    response = TestClient(app).get("/health")
    assert response.status_code == 503 and response.json()["database"] == "unreachable"


def test_a_database_never_migrated_is_said_with_its_mend_not_as_500s(make_database):
    """Served over a database created but not migrated, every page and answer was a bare 500 while /health said
    ok: /health, the API and the pages answer 503 saying that the database needs `georeg db migrate`."""
    url = make_database("never_migrated")
    client = TestClient(create_app(Settings(database_url=url)))
    health = client.get("/health")
    assert health.status_code == 503 and health.json()["schema"] == "missing"
    answer = client.get("/api/projects", headers={"Accept-Language": "vi"})
    assert answer.status_code == 503 and "georeg db migrate" in answer.json()["detail"]
    assert answer.headers["Retry-After"]
    page = client.get("/?lang=en", headers={"Accept": "text/html"})
    assert page.status_code == 503 and "brought up to date" in page.text and "georeg db migrate" in page.text


def test_a_database_made_by_createdb_alone_is_said_unmigrated_not_unreachable(make_database, cluster):
    """A database made with createdb (no PostGIS yet) answered /health with "unreachable": the version query asked
    PostGIS, which is not there before the first migration."""
    url = make_database("createdb_alone")
    with cluster.connect(url.rsplit("/", 1)[-1]) as connection:
        connection.execute("DROP EXTENSION postgis")
    health = TestClient(create_app(Settings(database_url=url))).get("/health")
    assert health.status_code == 503 and health.json()["database"] == "ok" and health.json()["schema"] == "missing"
    assert health.json()["postgis"] is None


def test_a_database_one_migration_behind_is_said_behind(make_database, monkeypatch):
    """Only /health said so: the API and the pages answered from (and wrote into) the old schema (trial 55). Every
    answer is a 503 naming the mend until `georeg db migrate` is run, which the running app sees by itself."""
    url = make_database("behind")
    migrations.upgrade(url)
    migrations.downgrade(url, "-1")
    monkeypatch.setattr(schema_check, "SCHEMA_RECHECK_S", 0.0)
    client = TestClient(create_app(Settings(database_url=url)))
    assert client.get("/health").json()["schema"] == "behind"
    for path in ("/api/projects", "/api/units", "/api/agencies", "/api/status-reports"):
        answer = client.get(path, headers={"Accept-Language": "vi"})
        assert answer.status_code == 503 and "georeg db migrate" in answer.json()["detail"], (path, answer.text)
    refused = client.post("/api/accounts", json={"username": "upg.admin", "role": "admin"})
    assert refused.status_code == 503 and "georeg db migrate" in refused.json()["detail"]
    for path in ("/?lang=en", "/progress", "/accounts", "/status-report"):
        page = client.get(path, headers={"Accept": "text/html"})
        assert page.status_code == 503 and "georeg db migrate" in page.text, path
    assert client.get("/assets/georeg/web_map.css").status_code == 200  # the pages' files are not refused
    migrations.upgrade(url)
    assert client.get("/health").json() | {"status": "ok", "schema": "current"} == client.get("/health").json()
    assert client.get("/api/projects").status_code == 200


def test_at_startup_the_app_keeps_its_imports_out_of_the_garbage_collectors_walks(sample_settings):
    gc.unfreeze()
    with TestClient(create_app(sample_settings)) as started:
        assert started.get("/health").status_code == 200
        assert gc.get_freeze_count() > 100_000


def test_projects_are_a_feature_collection(client):
    body = client.get("/api/projects", params={"limit": 1000}).json()
    assert body["type"] == "FeatureCollection"
    assert body["numberMatched"] == body["numberReturned"] == len(body["features"]) >= 25
    feature = body["features"][0]
    assert feature["type"] == "Feature" and isinstance(feature["id"], int)
    assert {"code", "name_vi", "kind", "status", "percent", "location_precision"} <= set(feature["properties"])


def test_province_filter_accepts_former_and_2025_codes(client):
    bac_lieu = _codes(client.get("/api/projects", params={"province": "95", "limit": 1000}))
    tra_vinh = _codes(client.get("/api/projects", params={"province": "84", "limit": 1000}))
    ca_mau_2025 = _codes(client.get("/api/projects", params={"province": "96", "limit": 1000}))
    both = _codes(client.get("/api/projects", params=[("province", "95"), ("province", "84"), ("limit", "1000")]))
    assert bac_lieu and tra_vinh and not bac_lieu & tra_vinh
    assert ca_mau_2025 == bac_lieu
    assert both == bac_lieu | tra_vinh


def test_kind_status_and_plan_filters(client):
    wind = client.get("/api/projects", params={"kind": "wind_farm", "limit": 1000}).json()["features"]
    assert wind and all(f["properties"]["kind"] == "wind_farm" for f in wind)
    operating = client.get("/api/projects", params={"status": "operating", "limit": 1000}).json()["features"]
    assert operating and all(f["properties"]["status"] == "operating" for f in operating)
    plan = client.get("/api/projects", params={"plan": "1099/QĐ-UBND", "limit": 1000}).json()["features"]
    assert plan and all(f["properties"]["plan"] == "1099/QĐ-UBND" for f in plan)
    combined = _codes(client.get("/api/projects", params={"kind": "wind_farm", "province": "84", "limit": 1000}))
    assert combined == {f["properties"]["code"] for f in wind} & _codes(
        client.get("/api/projects", params={"province": "84", "limit": 1000})
    )


@pytest.mark.parametrize(
    "filters",
    [
        {"agency": "VL.SCT"},  # today's agency: the projects of Trà Vinh's whose duties it took over
        {"unit": "961"},
        {"plan_action": "13.3"},
        {"agency": "TV.SCT", "schedule": "past_due", "kind": "wind_farm"},
    ],
)
def test_the_projects_api_takes_the_maps_filters_and_chooses_what_the_download_does(client, filters):
    """A consultant's /api/projects?agency=VL.SCT and ?unit=961 were refused ("this route takes no such parameter")
    while the map, its download and the progress took them (trial 50): the same filters choose the same projects."""
    found = client.get("/api/projects", params={**filters, "limit": 1000})
    assert found.status_code == 200, found.text
    downloaded = client.get("/api/exports/projects.geojson", params=filters).json()["features"]
    assert downloaded and found.json()["numberMatched"] == len(downloaded)
    assert _codes(found) == {f["properties"]["code"] for f in downloaded}


@pytest.mark.parametrize(
    ("parameter", "value", "said"), [("agency", "VL.SXX", "/api/agencies"), ("unit", "99999", "/api/units")]
)
def test_the_projects_api_refuses_an_agency_or_unit_no_one_has_saying_where_the_codes_are(
    client, parameter, value, said
):
    refused = client.get("/api/projects", params={parameter: value})
    assert refused.status_code == 422
    detail = refused.json()["detail"][0]
    assert detail["loc"] == ["query", parameter] and repr(value) in detail["msg"] and said in detail["msg"]


def test_paging_with_next_links(client):
    total = client.get("/api/projects", params={"limit": 1000}).json()["numberMatched"]
    first = client.get("/api/projects", params={"limit": 5}).json()
    assert first["numberReturned"] == 5 and first["numberMatched"] == total
    next_href = next(link["href"] for link in first["links"] if link["rel"] == "next")
    second = client.get(next_href).json()
    assert {f["id"] for f in first["features"]}.isdisjoint({f["id"] for f in second["features"]})
    last = client.get("/api/projects", params={"limit": 5, "offset": total - 1}).json()
    assert last["numberReturned"] == 1 and all(link["rel"] != "next" for link in last["links"])


def test_single_project_with_history(client):
    some = client.get("/api/projects", params={"limit": 1}).json()["features"][0]
    project = client.get(f"/api/projects/{some['id']}").json()
    assert project["properties"]["code"] == some["properties"]["code"]
    history = project["properties"]["history"]
    assert [e["version"] for e in history] == list(range(1, project["properties"]["version"] + 1))


def test_unknown_project_is_a_404_with_a_message(client):
    response = client.get("/api/projects/999999")
    assert response.status_code == 404 and "999999" in response.json()["detail"]


def test_bad_query_values_are_422_naming_the_parameter(client):
    for params, name in (
        ({"kind": "castle"}, "kind"),
        ({"status": "done"}, "status"),
        ({"province": "99"}, "province"),
        ({"plan": "1/QĐ"}, "plan"),
        ({"limit": "0"}, "limit"),
        ({"offset": "-1"}, "offset"),
    ):
        response = client.get("/api/projects", params=params)
        assert response.status_code == 422, params
        assert any(error["loc"][:2] == ["query", name] for error in response.json()["detail"]), response.text
    response = client.get("/api/units", params={"scheme": "1990"})
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["query", "scheme"]


def test_units_per_scheme_and_level(client):
    districts = client.get("/api/units", params={"scheme": "pre2025", "level": "district"}).json()
    communes = client.get("/api/units", params={"scheme": "2025", "level": "commune"}).json()
    assert len(districts["features"]) == 16 and len(communes["features"]) == 66
    assert {f["properties"]["parent_code"] for f in districts["features"]} == {"95", "84"}
    assert {f["properties"]["parent_code"] for f in communes["features"]} == {"96", "86"}
    assert districts["features"][0]["geometry"]["type"] == "MultiPolygon"
    context = client.get(
        "/api/units", params={"scheme": "pre2025", "level": "province", "include_context": "true"}
    ).json()
    assert len(context["features"]) == 8


def test_openapi_documents_the_endpoints(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/health", "/api/projects", "/api/projects/{project_id}", "/api/units", "/"} <= set(paths)
    assert client.get("/docs").status_code == 200


def test_next_links_carry_a_key_and_walk_every_project_once_old_offset_links_still_work(client):
    """Deep pages: ``next`` seeks by id (``after``) instead of skipping ``offset`` rows; an offset link of before
    gives the same page as the key that leads to it."""
    everything = [
        f["id"] for f in client.get("/api/projects", params={"province": "84", "limit": 1000}).json()["features"]
    ]
    seen, href = [], "/api/projects?province=84&limit=3"
    while href:
        page = client.get(href).json()
        seen += [f["id"] for f in page["features"]]
        href = next((link["href"] for link in page["links"] if link["rel"] == "next"), None)
        assert href is None or ("after=" in href and "offset=" not in href and "province=84" in href)
    assert len(everything) > 6 and seen == everything
    by_offset = client.get("/api/projects", params={"province": "84", "limit": 3, "offset": 3}).json()
    by_key = client.get("/api/projects", params={"province": "84", "limit": 3, "after": everything[2]}).json()
    assert by_offset["features"] == by_key["features"] and by_key["numberMatched"] == len(everything)
    prev = next(link["href"] for link in by_key["links"] if link["rel"] == "prev")
    assert [f["id"] for f in client.get(prev).json()["features"]] == everything[:3]


def test_no_body_of_former_bac_lieu_or_tra_vinh_goes_on_after_the_merger(client):
    """A trial's administrator was offered Trà Vinh's health and education departments on /accounts as today's (they
    had no end date), though the province ended on 30/06/2025: each has ended, the merged province's body its
    successor; only the business community the Bạc Liêu plan names (not a state body) goes on."""
    after = {a["code"] for a in client.get("/api/agencies", params={"on": "2025-07-01"}).json()["agencies"]}
    assert {code for code in after if code.startswith(("TV.", "BL."))} == {"BL.DOANH_NGHIEP"}
    health = client.get("/api/agencies/TV.SYT").json()
    assert health["valid_to"] == "2025-06-30"
    assert [(link["relation"], link["code"], link["certain"]) for link in health["links"]] == [
        ("successor", "VL.SYT", True)
    ]
    labour = client.get("/api/agencies/TV.SLDTBXH").json()  # its duties went to home affairs in March, uncertain
    assert labour["valid_to"] == "2025-02-28" and labour["links"][0]["code"] == "TV.SNV"


@pytest.mark.parametrize(
    ("asked", "vi", "en"),
    [
        ("/api/projects/999999", "Không có dự án số 999999", "No project with id 999999"),
        ("/api/projects/999999/history", "Không có dự án số 999999", "No project with id 999999"),
        (f"/api/photos/{'0' * 64}", "Không có ảnh nào có mã băm", "No photo with hash"),
        ("/api/projects?plan=nope", "không có kế hoạch 'nope'", "unknown plan 'nope'"),
        ("/api/indicators?plan=nope", "không có kế hoạch 'nope'", "unknown plan 'nope'"),
        ("/api/indicators/evidence/999999", "Không có tệp minh chứng số 999999", "No evidence file with id 999999"),
        ("/api/salinity/units?period=1999-01", "không có vùng nhiễm mặn nào của kỳ", "no salinity zones of period"),
        ("/api/salinity/projects?salinity_class=x", "không có cấp nhiễm mặn", "unknown salinity class"),
        ("/api/forest?year=1990", "chưa có lớp rừng (raster) của năm 1990", "no forest raster with statistics for"),
        ("/map/basemap.pmtiles", "Không có bản đồ nền", "No basemap"),
        ("/ogc/collections/projects/items?limit=0", "hãy cho một số nguyên từ 1 đến", "give a whole number from 1 to"),
        ("/ogc/collections/projects/items?crs=EPSG:1", "crs: không cung cấp hệ tọa độ", "crs: crs 'EPSG:1' is not"),
        ("/ogc/collections/projects/items/x", "Không có đối tượng 'x'", "No feature 'x'"),
        # the map layers' (layers/) and a number beyond the database's (api.errors._refused_by_database)
        (
            "/tiles/projects/30/0/0.pbf",
            "mức thu phóng 30 nằm ngoài phạm vi; dùng 0–",
            "zoom 30 is out of range; use 0–",
        ),
        ("/tiles/projects/2/9/0.pbf", "không có ô 2/9/0; ở mức thu phóng 2", "tile 2/9/0 does not exist; at zoom 2"),
        ("/tiles/nope/1/0/0.pbf", "Không có lớp 'nope'; các lớp:", "No layer 'nope'; the layers are:"),
        (
            "/api/exports/units_pre2025_district.geojson?kind=sea_dyke",
            "lớp 'units_pre2025_district' không lọc được theo 'kind'; các bộ lọc của nó:",
            "layer 'units_pre2025_district' cannot be filtered by 'kind'; its filters are:",
        ),
        ("/ogc/collections/nope", "Không có lớp dữ liệu 'nope'", "No collection 'nope'"),
        ("/ogc/collections/projects/items?nope=1", "không có tham số 'nope'", "unknown parameter 'nope'"),
        # a CQL2 filter the parser cannot read (layers.cql2, cql2_json): where and why, its own words as written
        (
            "/ogc/collections/projects/items?filter=kind =",
            "filter: bộ lọc hết sau ký tự 6, ở chỗ cần một giá trị",
            "filter: the filter ends after character 6, where a value was expected",
        ),
        # ... its characters counted from 1, as its user counts them ("at character 0" read as before the filter)
        (
            "/ogc/collections/projects/items?filter=code = 'x' AND nope = 1",
            "filter: không có thuộc tính 'nope' (ở ký tự 16); các thuộc tính lọc được: code,",
            "filter: unknown property 'nope' at character 16; queryable: code,",
        ),
        (
            "/ogc/collections/projects/items?filter=percent BETWEEN 10 OR 20",
            "filter: cần AND giữa hai giá trị của BETWEEN ở ký tự 20, gặp 'OR'",
            "filter: AND (between BETWEEN's two values) expected at character 20, found 'OR'",
        ),
        # ... and what GEOS or the json module said of it in Vietnamese too, with where (it read in English)
        (
            "/ogc/collections/projects/items?filter=S_INTERSECTS(geometry, POINT(106))",
            "filter: hình học ở ký tự 24 không phải WKT hợp lệ: cần một số, gặp ')'",
            "filter: the geometry at character 24 is not valid WKT: ParseException: Expected number but",
        ),
        (
            '/ogc/collections/projects/items?filter-lang=cql2-json&filter={"op" "="}',
            "filter: bộ lọc không phải JSON: cần dấu ':' sau tên thuộc tính (dòng 1, cột 7)",
            "filter: the filter is not JSON: Expecting ':' delimiter (line 1, column 7)",
        ),
        (
            '/ogc/collections/projects/items?filter-lang=cql2-json&filter={"op": "near", "args": []}',
            "filter: không có phép toán 'near' với 0 đối số; hãy dùng and, or,",
            "filter: operation 'near' with 0 argument(s) is not offered; use and, or,",
        ),
        (
            "/raster/forest_cover/legend?dataset=99999999999",
            "99999999999 vượt quá giới hạn của 'dataset'; số nguyên ở đây lớn nhất là 2.147.483.647",
            "99999999999 is out of range for 'dataset'; integers here are at most 2,147,483,647",
        ),
    ],
)
def test_a_refusal_is_said_in_the_askers_language(client, asked, vi, en):
    """These answered in English alone whatever the asker's language (an HTTPException's detail written out)."""
    for lang, said in (("vi", vi), ("en", en)):
        answer = client.get(asked, headers={"Accept-Language": lang, "Accept": "application/json"})
        assert answer.status_code in (400, 404, 422) and said in answer.text, (lang, answer.status_code, answer.text)


def test_a_body_that_is_not_json_is_said_in_vietnamese_with_the_json_modules_words_and_where(client):
    """A Vietnamese refusal said "JSON không hợp lệ" alone; English keeps FastAPI's answer, the json module's words."""
    sent = {"content": '{"username" "x"}', "headers": {"Content-Type": "application/json", "Accept-Language": "vi"}}
    (said,) = client.post("/api/accounts", **sent).json()["detail"]
    assert said["msg"] == "JSON không hợp lệ ở ký tự 13: cần dấu ':' sau tên thuộc tính", said
    sent["headers"]["Accept-Language"] = "en"
    (said,) = client.post("/api/accounts", **sent).json()["detail"]
    assert said["ctx"] == {"error": "Expecting ':' delimiter"}, said
