"""The web map's server side: tiles as of a date and by plan action/agency, name search, project and unit pages,
and the unit exports (HTML, PNG) from the page and the command line."""

from __future__ import annotations

import html
import io
import re
from datetime import date, timedelta, timezone

import mapbox_vector_tile
import morecantile
import pytest
from PIL import Image, ImageColor
from sqlalchemy import text
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from cli.main import app
from geo.queries.history import project_history
from geo.queries.projects import get_project
from geo.source_labels import reporter_label
from geo.status_history import LATEST_IS_DEMO
from geo.text_encoding.names import fold
from geo.vi_format import local_percent
from geo.vietnam_day import vietnam_today
from layers.catalog import STATUS_COLOURS
from maps import pages
from maps.assets import inline_assets

WEB_MERCATOR = morecantile.tms.get("WebMercatorQuad")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _rows(engine, sql: str, **params) -> list[dict]:
    with Session(engine) as session:
        return [dict(r) for r in session.execute(text(sql), params).mappings()]


def _tile_features(client, url: str) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200, response.text
    return (
        mapbox_vector_tile.decode(response.content).get("projects", {}).get("features", []) if response.content else []
    )


def _project_with_a_changed_status(engine) -> dict:
    return _rows(
        engine,
        """SELECT p.id, ST_X(ST_Centroid(p.geom)) AS lon, ST_Y(ST_Centroid(p.geom)) AS lat,
                  first.status AS first_status, first.reported_at AS first_date, p.status
           FROM project p JOIN LATERAL (SELECT status, reported_at FROM status_event e WHERE e.project_id = p.id
                                        ORDER BY reported_at, version LIMIT 1) first ON TRUE
           WHERE p.retired_at IS NULL AND GeometryType(p.geom) = 'POINT' AND p.status <> first.status
           ORDER BY p.id LIMIT 1""",
    )[0]


def test_project_tiles_as_of_a_date_show_the_status_then(client, sample_engine):
    project = _project_with_a_changed_status(sample_engine)
    tile = WEB_MERCATOR.tile(project["lon"], project["lat"], 14)
    url = f"/tiles/projects/14/{tile.x}/{tile.y}.pbf"

    def status(**params) -> str | None:
        query = "&".join(f"{k}={v}" for k, v in params.items())
        found = [f for f in _tile_features(client, f"{url}?{query}") if f["id"] == project["id"]]
        return found[0]["properties"]["status"] if found else None

    assert status() == project["status"]
    assert status(as_of=project["first_date"].isoformat()) == project["first_status"]
    assert status(as_of=(project["first_date"] - timedelta(days=1)).isoformat()) is None
    refused = client.get(f"/tiles/units_pre2025_district/8/200/120.pbf?as_of={project['first_date']}")
    assert refused.status_code == 400 and "as_of" in refused.json()["detail"]


def test_project_tiles_filter_by_agency_and_plan_action(client, sample_engine):
    agency = _rows(
        sample_engine,
        """SELECT ag.code, count(*) AS n FROM project p JOIN agency ag ON ag.id = p.lead_agency_id
           WHERE p.geom IS NOT NULL AND p.retired_at IS NULL GROUP BY ag.code ORDER BY n DESC, ag.code LIMIT 1""",
    )[0]
    tile = WEB_MERCATOR.tile(106.0, 9.5, 6)
    features = _tile_features(client, f"/tiles/projects/6/{tile.x}/{tile.y}.pbf?agency={agency['code']}")
    assert sum(f["properties"].get("n_features", 1) for f in features) == agency["n"]
    action = _rows(
        sample_engine,
        """SELECT pa.code, count(*) AS n FROM project p JOIN plan_action pa ON pa.id = p.plan_action_id
           WHERE p.geom IS NOT NULL AND p.retired_at IS NULL GROUP BY pa.code ORDER BY n DESC, pa.code LIMIT 1""",
    )[0]
    features = _tile_features(client, f"/tiles/projects/6/{tile.x}/{tile.y}.pbf?plan_action={action['code']}")
    assert sum(f["properties"].get("n_features", 1) for f in features) == action["n"]


def test_search_ignores_diacritics_case_and_tone_placement(client, sample_engine):
    chau_hung = _rows(sample_engine, "SELECT id FROM project WHERE name_vi LIKE '%Châu Hưng%' ORDER BY id")
    found = client.get("/api/search", params={"q": "chau hung", "limit": 50}).json()["results"]
    assert chau_hung and {r["id"] for r in found if r["type"] == "project"} >= {r["id"] for r in chau_hung}
    old_style = client.get("/api/search", params={"q": "Hoà Bình", "limit": 50}).json()["results"]
    new_style = client.get("/api/search", params={"q": "HÒA BÌNH", "limit": 50}).json()["results"]
    assert old_style and old_style == new_style
    assert client.get("/api/search", params={"q": ""}).status_code == 422
    # a word typed starts a word of the name: "hung" is not in "Phụng" (a trial got the Cồn Phụng power line)
    assert not [r for r in found if "Phụng" in r["name_vi"]], found
    typing = client.get("/api/search", params={"q": "chau hun", "limit": 50}).json()["results"]  # a word half typed
    assert {r["id"] for r in typing if r["type"] == "project"} >= {r["id"] for r in chau_hung}


def test_a_project_found_by_the_search_has_the_status_of_the_day_asked(client, sample_engine):
    """On the map of a past day a found project's row said today's status (the map drew that day's): as of a day, a
    project has its last report's status by then, none before its first, and units are found as ever."""
    reports = _rows(
        sample_engine,
        "SELECT p.id, e.reported_at::date AS day, e.status FROM status_event e JOIN project p ON p.id = e.project_id "
        "WHERE p.name_vi LIKE 'Khu xử lý rác thải Châu Hưng%' ORDER BY e.reported_at, e.version",
    )
    assert len({r["status"] for r in reports}) > 1  # the sample: the site was suspended once, then built again
    project = reports[0]["id"]

    def status_on(day: str | None) -> str | None:
        params = {"q": "khu xu ly rac chau hung"} | ({"as_of": day} if day else {})
        found = client.get("/api/search", params=params).json()["results"]
        return next(r["status"] for r in found if r["id"] == project and r["type"] == "project")

    last_of_day = {r["day"]: r["status"] for r in reports}  # several on one day: the last counts
    for day, status in last_of_day.items():
        assert status_on(day.isoformat()) == status
    assert status_on((reports[0]["day"] - timedelta(days=1)).isoformat()) is None
    assert status_on(None) == _rows(sample_engine, f"SELECT status FROM project WHERE id = {project}")[0]["status"]
    units = client.get("/api/search", params={"q": "Hoà Bình", "as_of": "2021-06-30"}).json()["results"]
    assert any(r["type"] == "unit" for r in units)


def test_search_finds_a_unit_by_its_name_with_its_type_as_the_map_writes_it(client):
    """The map labels "Huyện Hoà Bình" and "Thị xã Duyên Hải" (zoomed out, "TX. Duyên Hải"): typed so, or with the
    type shortened as offices write it, the search found nothing, or only a project whose name said it; the unit
    comes first."""
    shortened = (("TP. Bạc Liêu", "954"), ("tx gia rai", "959"), ("TX.Duyên Hải", "851"), ("H. Hòa Bình", "961"))
    for typed, code in (("huyen hoa binh", "961"), ("thi xa duyen hai", "851"), *shortened):
        results = client.get("/api/search", params={"q": typed}).json()["results"]
        assert results and (results[0]["type"], results[0]["code"]) == ("unit", code), (typed, results)


def test_search_puts_names_starting_with_the_query_first_and_reads_its_words_literally(client):
    """Every result holds each word; names starting with the query (at a word) come first; "Ðông Hải" typed with
    the eth of a cp1252 keyboard finds what "Đông Hải" finds; "%" is a character, not a wildcard."""
    results = client.get("/api/search", params={"q": "Đông Hải", "limit": 50}).json()["results"]
    assert len(results) > 2
    starts = []
    for place in results:
        names = [fold(place["name_vi"]), fold(place["name_en"] or "")]
        assert all(word in " ".join([*names, fold(place["code"])]) for word in ("dong", "hai")), place
        starts.append(any(" dong hai" in f" {name}" for name in names))
    assert starts[0] and starts == sorted(starts, reverse=True)
    assert client.get("/api/search", params={"q": "Ðông Hải", "limit": 50}).json()["results"] == results
    # two communes of 2025 named Đông Hải, told apart by their province
    communes = [r for r in results if r["type"] == "unit" and r["level"] == "commune" and r["name_vi"] == "Đông Hải"]
    provinces = {c["province_vi"] for c in communes}
    assert len(communes) == 2 and len(provinces) == 2 and None not in provinces
    assert client.get("/api/search", params={"q": "%"}).json()["results"] == []


def test_search_puts_the_words_typed_whole_and_in_a_row_before_words_apart_or_only_begun(client):
    """Trial 64: "vinh loi" listed a Trà Vinh irrigation system ("Trà Vinh", "thủy lợi") among the Vĩnh Lợi places,
    "bac phuong" the ward of Bạc Liêu before the Đông Hải 1 (Bắc Phương) wind farm, whose name held it in brackets,
    and "xa don" the communes of Đông Hải (a word only begun) beside Xã Đôn Châu."""

    def names(q: str) -> list[str]:
        found = client.get("/api/search", params={"q": q}).json()["results"]
        return [fold(f"{r.get('unit_type_vi') or ''} {r['name_vi']}") for r in found]

    vinh_loi = names("vinh loi")
    in_a_row = [n for n in vinh_loi if "vinh loi" in re.sub(r"\W+", " ", n)]
    assert len(in_a_row) >= 4 and vinh_loi[: len(in_a_row)] == in_a_row, vinh_loi
    assert vinh_loi[:2] == ["huyen vinh loi", "xa vinh loi"]
    assert names("bac phuong")[0] == "nha may dien gio dong hai 1 (bac phuong)"
    # the words in a name before the same words only in a name's brackets, the place it is at (trial 68)
    assert names("chau hung")[0].startswith("khu xu ly rac thai chau hung"), names("chau hung")
    don = names("xa don")
    assert don[0] == "xa don chau" and "xa dong hai" in don[1:], don


def test_a_number_in_the_search_is_a_whole_word_of_a_name_or_code(client):
    """A planner's "dong hai 1" listed a Bạc Liêu waste site (BL-13.3 holds a 1) before Vĩnh Long's Đông Hải."""
    results = client.get("/api/search", params={"q": "dong hai 1"}).json()["results"]
    assert results and all(
        " 1 " in " " + re.sub(r"\W+", " ", fold(f"{r['name_vi']} {r['code']}")) + " " for r in results
    ), results
    assert {r["code"] for r in results} >= {"TV-WIND-V1-7-DONG-HAI-1"}
    assert not [r for r in results if r["code"].startswith("BL-13")], results
    by_code = client.get("/api/search", params={"q": "29536"}).json()["results"]  # a unit's code, whole
    assert [r["code"] for r in by_code] == ["29536"]


@pytest.mark.parametrize("window", [3, 12, 2000])
def test_a_search_read_among_the_shortest_names_first_finds_what_the_whole_registry_would(client, monkeypatch, window):
    """A word in nearly every name is looked for among the projects of shortest names first (trial 71: "Cống" read
    and ranked all 100,000 names for 10): the same places in the same order as read among all of them (no window),
    whether the words are found as typed in few names of the window or many; units among them."""
    asked = [("nha may", 5), ("nha may dien gio", 4), ("dong hai", 8), ("vinh", 6), ("xa", 10), ("bac lieu", 3)]
    monkeypatch.setattr("geo.queries.search.SHORTEST_WINDOW", 0)  # none of the window's: every name read
    whole = {q: client.get("/api/search", params={"q": q, "limit": n}).json()["results"] for q, n in asked}
    assert all(whole.values())
    monkeypatch.setattr("geo.queries.search.SHORTEST_WINDOW", window)
    for q, limit in asked:
        assert client.get("/api/search", params={"q": q, "limit": limit}).json()["results"] == whole[q], (q, window)


def test_project_page_shows_facts_history_chart_and_exports(client, sample_engine):
    project = _project_with_a_changed_status(sample_engine)
    events = _rows(sample_engine, "SELECT reported_at FROM status_event WHERE project_id = :id", id=project["id"])
    name = _rows(sample_engine, "SELECT name_vi, name_en FROM project WHERE id = :id", id=project["id"])[0]
    page = client.get(f"/projects/{project['id']}")
    assert page.status_code == 200 and name["name_vi"] in page.text
    assert "Độ chính xác vị trí" in page.text and '<svg class="chart wide"' in page.text
    assert all(f"<td>{e['reported_at']:%d/%m/%Y}<br>" in page.text for e in events)  # dd/mm/yyyy
    assert not any(e["reported_at"].isoformat() in page.text for e in events)
    english = client.get(f"/projects/{project['id']}", params={"lang": "en"}).text
    assert all(f"<td>{e['reported_at'].day} {e['reported_at']:%b %Y}<br>" in english for e in events)  # 1 Oct 2025
    assert f'href="/api/projects/{project["id"]}"' in page.text
    assert name["name_en"] in english and "Location precision" in english
    statuses = _rows(sample_engine, "SELECT DISTINCT status FROM status_event WHERE project_id = :id", id=project["id"])
    key = re.search(r"<p class='note' id='status-key'>(.*?)</p>", english).group(1)  # what the dots' colours say
    assert key.count('class="key"') == len(statuses) > 1
    for size in ("wide", "narrow"):  # the desktop's drawing and the phone's
        years = re.findall(
            r'<text x="[\d.]+" y="\d+" font-size="10" text-anchor="middle">(\d{4})</text>', _chart(page.text, size)
        )
        assert years and years == sorted(years)  # the years under the chart
    assert client.get("/projects/999999").status_code == 404


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("vi", "hình học: vẽ theo ranh giới huyện (trước 01/07/2025) — Cổng thông tin điện tử Chính phủ"),
        ("en", "geometry: drawn from district boundaries (before 1 July 2025) — Government portal gis.chinhphu.vn"),
    ],
)
def test_a_projects_sources_say_who_made_the_boundaries_its_geometry_follows(client, sample_engine, lang, said):
    """Trial 67: a planner read "hình học: ranh giới huyện vn_districts_baclieu_travinh.geojson (dvhcvn…)" under
    "Nguồn". The boundaries are said by their kind and who made them; the file, for GIS staff, in a small line under
    them, and as stored in the API's sources."""
    project = _rows(sample_engine, "SELECT id FROM project WHERE code = 'TV-P6-SEA-DYKE-2'")[0]["id"]
    page = client.get(f"/projects/{project}", params={"lang": lang}).text
    sources = page.split("<th>" + {"vi": "Nguồn (xuất xứ dữ liệu)", "en": "Sources (provenance)"}[lang])[1]
    sources = sources.split("</tr>")[0]
    assert said in sources, sources
    words, _, rest = sources.partition('<span class="source-file">')
    assert said in words and ".geojson" not in words and "dvhcvn, from" not in words
    assert rest.startswith({"vi": "tệp dữ liệu", "en": "data file"}[lang] + ": vn_districts_baclieu_travinh.geojson")
    stored = client.get(f"/api/projects/{project}").json()["properties"]["sources"]
    assert any("vn_districts_baclieu_travinh.geojson" in s for s in stored)


@pytest.mark.parametrize(
    ("lang", "source", "mark"), [("vi", "dữ liệu minh họa", "DỮ LIỆU MINH HỌA"), ("en", "demo data", "DEMO DATA")]
)
def test_a_demonstration_report_is_said_to_be_one_once_in_its_projects_history(
    client, sample_engine, lang, source, mark
):
    """Trial 39 read "dữ liệu minh họa (không phải báo cáo thật) — DỮ LIỆU MINH HỌA": a demonstration report whose
    source says so is not marked again; one the source does not name as such still is."""
    project = _rows(sample_engine, "SELECT project_id AS id FROM status_event WHERE is_demo LIMIT 1")[0]["id"]
    page = client.get(f"/projects/{project}", params={"lang": lang}).text
    history = page.split("class='status-history'")[1].split("</table>")[0]
    rows = [r for r in history.split("<tr>") if source in r]
    assert rows and all(mark not in r for r in rows), rows


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_projects_period_says_the_years_the_plan_gives_and_a_dash_for_none(client, sample_engine, lang):
    """A trial's planner read "Thời gian: …–…" on most project pages as a fault of the page: most plans give no
    years. Both years: "2010–2016"; one: from or until it; none: "—", as the page's other facts not given."""
    period = {"vi": "Thời gian", "en": "Period"}[lang]
    sought = {
        "start_year IS NOT NULL AND end_year IS NOT NULL": None,
        "start_year IS NULL AND end_year IS NOT NULL": {"vi": "đến năm {end}", "en": "until {end}"}[lang],
        "start_year IS NULL AND end_year IS NULL": "—",
    }
    for where, expected in sought.items():
        found = _rows(sample_engine, f"SELECT id, start_year, end_year FROM project WHERE {where} ORDER BY id LIMIT 1")
        assert found, where
        p = found[0]
        page = client.get(f"/projects/{p['id']}?lang={lang}").text
        shown = re.search(rf"<th[^>]*>{period}</th>\s*<td[^>]*>([^<]*)</td>", page)
        assert shown, page
        want = f"{p['start_year']}–{p['end_year']}" if expected is None else expected.format(end=p["end_year"])
        assert shown.group(1) == want, where


def test_a_project_page_says_a_lines_length_and_an_areas_size_and_a_description_in_either_language(
    client, sample_engine
):
    """A 5 km dyke's page said "—" under its size (its capacity alone), and the English page "Description —" where
    only the Vietnamese description is written (its name and location note fell back to the Vietnamese)."""
    line = _rows(sample_engine, "SELECT id, length_m FROM project WHERE length_m > 1000 ORDER BY id LIMIT 1")[0]
    area = _rows(sample_engine, "SELECT id, area_m2 FROM project WHERE area_m2 > 0 ORDER BY id LIMIT 1")[0]
    point = _rows(sample_engine, "SELECT id FROM project WHERE ST_GeometryType(geom) = 'ST_Point' ORDER BY id LIMIT 1")[
        0
    ]

    def measured(project_id: int, lang: str) -> str:
        page = client.get(f"/projects/{project_id}?lang={lang}").text
        th = {"vi": "Chiều dài, diện tích (đo từ hình học)", "en": "Length, area (measured from the geometry)"}[lang]
        return re.search(rf"<th[^>]*>{re.escape(th)}</th>\s*<td[^>]*>([^<]*)</td>", page).group(1)

    km = line["length_m"] / 1000
    assert measured(line["id"], "en") == f"{round(km, 2):,} km".replace(",", ",")
    assert measured(line["id"], "vi") == f"{round(km, 2)} km".replace(".", ",")
    assert measured(area["id"], "vi").endswith(" ha") and measured(point["id"], "vi") == "—"

    with Session(sample_engine) as session:  # a project described in Vietnamese only
        project = get_project(session, line["id"])
        history = project_history(session, line["id"])
    project["properties"] |= {"description_vi": "Đê bao chống triều cường", "description_en": None}
    english = pages.project_page(project, history, "en").get_root().render()
    assert re.search(r"<th[^>]*>Description</th>\s*<td[^>]*>Đê bao chống triều cường</td>", english)


def _chart(page: str, size: str) -> str:
    """The first chart of ``page`` drawn for ``size`` screens ("wide": desktops, "narrow": phones)."""
    return re.search(rf'<svg class="chart {size}".*?</svg>', page, re.S).group(0)


@pytest.mark.parametrize(("size", "lang", "now"), [("wide", "en", "now"), ("narrow", "vi", "nay")])
def test_a_units_progress_chart_names_each_years_end_under_its_dot(client, size, lang, now):
    """The years were written in the middle of their spans, between the dots of two year ends, and the first year's
    dot had none: a planner could not tell which dot was which year."""
    chart = _chart(client.get("/units/pre2025/84", params={"lang": lang}).text, size)
    dots = [float(x) for x in re.findall(r'<circle cx="([\d.]+)"', chart)]
    named = re.findall(r'<text x="([\d.]+)" y="\d+" font-size="10" text-anchor="middle">(\d{4}|\w+)</text>', chart)
    years = [(float(x), label) for x, label in named if label.isdigit() or label == now]
    assert len(years) >= 3 and years[-1][1] == now  # the last dot is today's
    assert all(any(abs(x - dot) < 0.2 for dot in dots) for x, _ in years), (years, dots)  # each under a dot
    labels = [label for _, label in years[:-1]]
    assert labels == sorted(labels) and str(min(int(label) for label in labels)) == labels[0]
    assert float(years[0][0]) == pytest.approx(dots[0], abs=0.2) or size == "narrow"  # the first year named too
    # the last year's end named before "now": a phone's read "2024, [unnamed], nay" (trial 42)
    assert years[-2][0] == pytest.approx(dots[-2], abs=0.2), (years, dots)


def test_project_page_lists_its_newest_reports_first_and_counts_the_earlier_ones(client, sample_engine, monkeypatch):
    """A project reported on for years lists what happened lately first; past HISTORY_LISTED reports the page says
    how many earlier ones the JSON history holds."""
    project = _project_with_a_changed_status(sample_engine)
    events = _rows(
        sample_engine,
        "SELECT reported_at FROM status_event WHERE project_id = :id ORDER BY version",
        id=project["id"],
    )
    assert len(events) >= 2
    page = client.get(f"/projects/{project['id']}").text
    dates = [f"<td>{e['reported_at']:%d/%m/%Y}<br>" for e in events]
    assert page.index(dates[-1]) < page.index(dates[0]) and "Ngày báo cáo mới nhất trước;" in page
    monkeypatch.setattr(pages, "HISTORY_LISTED", 1)
    page = client.get(f"/projects/{project['id']}").text
    table = page[page.index("Lịch sử báo cáo") :]
    assert dates[-1] in table and dates[0] not in table.split("</table>")[0]
    assert f"… và {len(events) - 1} báo cáo trước đó" in page
    assert f'href="/api/projects/{project["id"]}/history"' in page


def test_a_project_page_counts_one_earlier_report_in_the_singular(client, sample_engine, monkeypatch):
    """With one report more than the page lists, the English page read "… and 1 earlier reports"."""
    project = _project_with_a_changed_status(sample_engine)
    reports = _rows(sample_engine, "SELECT count(*) AS n FROM status_event WHERE project_id = :id", id=project["id"])
    monkeypatch.setattr(pages, "HISTORY_LISTED", reports[0]["n"] - 1)
    english = client.get(f"/projects/{project['id']}?lang=en").text
    assert "… and 1 earlier report: the whole history is in <a" in english and "1 earlier reports" not in english
    assert "… và 1 báo cáo trước đó: xem toàn bộ lịch sử ở <a" in client.get(f"/projects/{project['id']}").text
    if reports[0]["n"] > 2:  # two or more: the plural, as before
        monkeypatch.setattr(pages, "HISTORY_LISTED", reports[0]["n"] - 2)
        assert "… and 2 earlier reports: " in client.get(f"/projects/{project['id']}?lang=en").text


def test_a_projects_history_tells_reports_of_one_day_apart_by_when_they_were_recorded_and_who_sent_them(
    client, sample_engine
):
    """Fifty reports of one day looked alike (a date, a status, "georeg ingest"): each now says when the registry
    recorded it, in Vietnam's time, and the officer who sent it beside its source."""
    project = _project_with_a_changed_status(sample_engine)
    latest = _rows(
        sample_engine,
        "SELECT recorded_at, reporter_name FROM status_event WHERE project_id = :id ORDER BY version DESC LIMIT 1",
        id=project["id"],
    )[0]
    vietnam = latest["recorded_at"].astimezone(timezone(timedelta(hours=7)))
    page = client.get(f"/projects/{project['id']}").text
    assert f"<small>ghi lúc {vietnam:%H:%M %d/%m/%Y}</small>" in page
    english = client.get(f"/projects/{project['id']}?lang=en").text
    assert f"<small>recorded {vietnam:%H:%M} {vietnam.day} {vietnam:%b %Y}</small>" in english
    history = page.split("Lịch sử báo cáo")[1].split("</table>")[0]
    if latest["reporter_name"]:
        assert html.escape(reporter_label(latest["reporter_name"], "vi")) in history
    # the registry's own names for who recorded a status, in the page's language
    assert "sample data" not in history and "georeg ingest" not in history


def test_a_units_progress_counting_demonstration_statuses_is_marked_so_where_it_is_given(client, sample_engine):
    """Trial 63: Xã Vĩnh Lợi's page headed "Tiến độ: 52,5 %", its note on demonstration statuses thirty lines lower,
    where its printed sheet and the report's map say "52,5 % (minh họa)". The headline is marked as the sheet's is,
    and only where a project counted has a demonstration status."""
    units = _rows(
        sample_engine,
        f"""SELECT u.code, bool_or(COALESCE({LATEST_IS_DEMO}, FALSE)) AS on_demo FROM admin_unit u
            JOIN project_unit_share s ON s.unit_id = u.id JOIN project p ON p.id = s.project_id
            WHERE u.scheme = 'pre2025' AND u.level = 'district' AND p.retired_at IS NULL GROUP BY u.code""",
    )
    assert {u["on_demo"] for u in units} == {True, False}  # the sample has units of both
    for unit in units:
        for lang, mark in (("vi", " (minh họa)</span>"), ("en", " (demo)</span>")):
            headline = re.search(
                r"<span id='unit-progress'>.*?</span>",
                client.get(f"/units/pre2025/{unit['code']}", params={"lang": lang}).text,
            ).group(0)
            assert headline.endswith(mark) == unit["on_demo"], (unit, headline)


def test_unit_page_shows_the_units_progress_and_projects(client, sample_engine):
    unit = _rows(
        sample_engine,
        """SELECT u.id, u.code FROM admin_unit u JOIN project_unit_share s ON s.unit_id = u.id
           WHERE u.scheme = 'pre2025' AND u.level = 'district' GROUP BY u.id ORDER BY count(*) DESC LIMIT 1""",
    )[0]
    projects = _rows(
        sample_engine,
        """SELECT p.name_vi FROM project_unit_share s JOIN project p ON p.id = s.project_id
           WHERE s.unit_id = :id AND p.retired_at IS NULL""",
        id=unit["id"],
    )
    progress = next(u for u in client.get("/api/progress").json()["units"] if u["code"] == unit["code"])
    page = client.get(f"/units/pre2025/{unit['code']}")
    assert page.status_code == 200
    # one decimal always, a decimal comma in Vietnamese (then "(minh họa)" where a status counted is demonstration
    # data: tested below)
    assert f"<span id='unit-progress'>{local_percent(progress['progress_percent'], 'vi')}" in page.text
    english = client.get(f"/units/pre2025/{unit['code']}", params={"lang": "en"}).text
    assert f"<span id='unit-progress'>{local_percent(progress['progress_percent'], 'en')}" in english
    assert (
        f"<b>Mean by project:</b> the mean percent complete of every project of the unit today ({vietnam_today().day} "
        f"{vietnam_today():%b %Y}), in a plan or in none" in english
    )  # its basis
    assert all(p["name_vi"] in page.text for p in projects)
    shares = re.findall(r"<td>([\d,]+) %</td></tr>", page.text)  # each project's share, as a percentage
    assert len(shares) == len(projects) and all(0 < float(v.replace(",", ".")) <= 100 for v in shares)
    salinity = page.text.split("Nhiễm mặn (tỷ lệ diện tích theo cấp ECe, dS/m)", 1)[1]  # its heading on
    assert re.search(r"[\d,]+ %</text>", _chart(salinity, "wide")) and re.search(
        r"[\d,]+ %</text>", _chart(salinity, "narrow")
    )
    assert "dự báo bằng học máy, không phải số đo" in salinity  # what its source is, in the page's language
    assert "machine-learning" not in salinity and "a machine-learning prediction" in english  # not both languages
    assert "RMSE ≈ 2,55 dS/m" in salinity and "RMSE ≈ 2.55 dS/m" in english  # its accuracy in each
    assert "Không mặn (&lt; 2)" in _chart(salinity, "wide") and "raster_dataset" not in salinity  # as the map names

    assert client.get("/units/pre2025/nowhere").status_code == 404
    assert client.get(f"/units/1990/{unit['code']}").status_code == 422


def test_a_provinces_map_key_says_how_many_of_its_projects_have_no_site(client, sample_engine):
    """A province's key counted 9 projects by status where the page lists 13: the 4 province-wide ones, with no site,
    are said in the key."""
    unlocated = _rows(
        sample_engine,
        """SELECT count(*) AS n FROM project_unit_share s JOIN project p ON p.id = s.project_id
           JOIN admin_unit u ON u.id = s.unit_id
           WHERE u.scheme = '2025' AND u.code = '96' AND p.geom IS NULL AND p.retired_at IS NULL""",
    )[0]["n"]
    page = client.get("/units/2025/96").text
    key = re.search(r'<p class="georeg-map-key">(.*?)</p>', page, re.S).group(1)
    assert unlocated > 0 and f"{unlocated} dự án toàn tỉnh, không có vị trí (không vẽ)" in key


def test_a_units_progress_chart_says_how_many_projects_each_point_adds(client, sample_engine):
    """A mean that falls because new projects (at 0 %) enter reads as a setback: each point of the chart says how
    many projects it counts that the one before did not, and the page says why the mean can fall."""
    unit = _rows(
        sample_engine, "SELECT id, code FROM admin_unit WHERE scheme = 'pre2025' AND level = 'province' AND code = '84'"
    )[0]
    first = _rows(sample_engine, "SELECT extract(year FROM min(reported_at))::int AS y FROM status_event")[0]["y"]
    counted = []
    for year in range(first, vietnam_today().year + 1):
        day = min(date(year, 12, 31), vietnam_today())
        counted.append(
            _rows(
                sample_engine,
                """SELECT count(*) AS n FROM project_unit_share s JOIN project p ON p.id = s.project_id
                   WHERE s.unit_id = :id AND (p.retired_at IS NULL OR p.retired_at::date > :day)
                   AND EXISTS (SELECT 1 FROM status_event e WHERE e.project_id = p.id AND e.reported_at <= :day)""",
                id=unit["id"],
                day=day,
            )[0]["n"]
        )
    added = [after - before for before, after in zip([0, *counted], counted, strict=False)]
    expected = [f"+{n}" for n in added if n > 0]
    page = client.get("/units/pre2025/84").text
    for size in ("wide", "narrow"):
        assert re.findall(r'<text class="note"[^>]*>([^<]*)</text>', _chart(page, size)) == expected
    assert len(expected) > 1
    assert "dù không dự án nào lùi lại" in page
    assert "though no project went back" in client.get("/units/pre2025/84", params={"lang": "en"}).text


def test_a_units_page_marks_the_statuses_from_demonstration_data_its_progress_counts(client, sample_engine):
    latest_demo = """SELECT u.code, count(*) AS n FROM admin_unit u JOIN project_unit_share s ON s.unit_id = u.id
        JOIN project p ON p.id = s.project_id AND p.retired_at IS NULL
        WHERE u.scheme = 'pre2025' AND u.level = 'district' AND (SELECT e.is_demo FROM status_event e
              WHERE e.project_id = p.id ORDER BY e.reported_at DESC, e.version DESC LIMIT 1)
        GROUP BY u.code ORDER BY n DESC LIMIT 1"""
    unit = _rows(sample_engine, latest_demo)[0]
    page = client.get(f"/units/pre2025/{unit['code']}").text
    assert f"{unit['n']} dự án có tình trạng lấy từ dữ liệu minh họa" in page
    table = page.split("id='unit-projects'")[1].split("</table>")[0]
    assert table.count("DỮ LIỆU MINH HỌA") == unit["n"]  # beside each such status


def test_a_units_page_lists_its_largest_shares_and_counts_the_others(client, sample_engine, monkeypatch):
    """A district of a province's inventory holds thousands of projects: the page lists the first ones (the largest
    shares) and says how many others there are, in the page's number format."""
    from maps import pages

    unit = _rows(
        sample_engine,
        """SELECT u.code, count(*) AS n FROM admin_unit u JOIN project_unit_share s ON s.unit_id = u.id
           JOIN project p ON p.id = s.project_id AND p.retired_at IS NULL
           WHERE u.scheme = 'pre2025' AND u.level = 'district' GROUP BY u.code ORDER BY count(*) DESC LIMIT 1""",
    )[0]
    monkeypatch.setattr(pages, "UNIT_PROJECTS_LISTED", 3)
    monkeypatch.setattr(pages, "UNIT_PROJECTS_SHOWN", 1)
    page = client.get(f"/units/pre2025/{unit['code']}").text
    table = page[page.index("<table id='unit-projects'") :]
    assert table[: table.index("</table>")].count("<tr>") == 2  # the heading and the first project, in view
    folded = page[page.index("<details id='more-unit-projects'>") :]
    assert "<summary>2 dự án tiếp theo</summary>" in folded  # the next ones, one click away
    assert folded[: folded.index("</details>")].count("<tr>") == 3  # the heading again, and two projects
    assert f"… và {unit['n'] - 3} dự án khác" in page and f"({unit['n']})</h2>" in page


def test_a_units_page_with_more_projects_than_its_map_draws_sends_them_to_the_web_map(client, monkeypatch):
    """Trial 48: a province of 50,000 projects made a unit page of 13.7 MB, 24–48 s to open, its map a solid blob.
    Past the most a page draws, its map draws the unit alone and says where the projects are drawn."""
    from maps import pages

    drawn = client.get("/units/pre2025/961").text
    assert '"id": ' in drawn and "unit-not-drawn" not in drawn  # its few projects, each drawn
    monkeypatch.setattr(pages, "UNIT_MAP_MAX_PROJECTS", 1)
    page = client.get("/units/pre2025/961").text
    assert len(page) < len(drawn) and '"id": ' not in page  # none of them inline
    note = page[page.index("<p id='unit-not-drawn'>") :]
    assert "quá 1 để vẽ trên bản đồ của trang này" in note
    assert 'href="/?unit=961&amp;scheme=pre2025&amp;lang=vi"' in note  # over the district's own boundaries


def test_a_units_page_lists_the_largest_shares_first_then_the_largest_budgets(client, sample_engine):
    """A province's inventory of sluices, each wholly in its district, was listed before the plan's substation (ties
    of 100 % in code order): among equal shares, the larger budget comes first, those with none last."""
    unit = _rows(
        sample_engine,
        """SELECT u.code, u.id FROM admin_unit u JOIN project_unit_share s ON s.unit_id = u.id
           JOIN project p ON p.id = s.project_id AND p.retired_at IS NULL
           WHERE u.scheme = 'pre2025' AND u.level = 'district'
           GROUP BY u.code, u.id HAVING count(*) FILTER (WHERE p.budget_vnd_billion IS NULL) > 0
              AND count(DISTINCT p.budget_vnd_billion) > 1
           ORDER BY count(*) DESC LIMIT 1""",
    )[0]
    page = client.get(f"/units/pre2025/{unit['code']}").text
    table = page[page.index("<table id='unit-projects'") :]
    names = [html.unescape(n) for n in re.findall(r"<tr><td><a [^>]*>([^<]*)</a>", table[: table.index("</table>")])]
    facts = {
        row["name_vi"]: row
        for row in _rows(
            sample_engine,
            f"""SELECT p.name_vi, s.share, p.budget_vnd_billion AS budget FROM project_unit_share s
                JOIN project p ON p.id = s.project_id WHERE s.unit_id = {unit["id"]}""",
        )
    }
    keys = [(-facts[n]["share"], facts[n]["budget"] is None, -(facts[n]["budget"] or 0)) for n in names]
    assert len(names) > 2 and keys == sorted(keys), names
    assert "Xếp theo phần của dự án trong đơn vị, rồi theo vốn đầu tư" in page


def test_unit_exports_are_standalone_html_and_png(client, sample_engine, sample_settings, tmp_path, commands_use):
    code = _rows(sample_engine, "SELECT code FROM admin_unit WHERE scheme = '2025' AND level = 'commune' LIMIT 1")[0]
    html = client.get(f"/units/2025/{code['code']}/export.html")
    assert html.status_code == 200 and "attachment" in html.headers["content-disposition"]
    assert 'src="/assets' not in html.text and 'href="/assets' not in html.text and "L.map(" in html.text
    png = client.get(f"/units/2025/{code['code']}/export.png", params={"lang": "en"})
    assert png.status_code == 200 and png.content.startswith(PNG_SIGNATURE)
    commands_use(sample_settings.database_url)
    out = tmp_path / "unit.html"
    written = CliRunner().invoke(app, ["map", "export", "--unit", code["code"], "--out", str(out)])
    drawn = CliRunner().invoke(app, ["map", "export", "--unit", "961", "--out", str(tmp_path / "961.png")])
    refused = CliRunner().invoke(app, ["map", "export", "--unit", "nowhere", "--out", str(tmp_path / "x.png")])
    assert written.exit_code == 0, written.output
    assert 'src="/assets' not in out.read_text(encoding="utf-8")
    assert drawn.exit_code == 0, drawn.output
    assert Image.open(tmp_path / "961.png").info["Title"] == "Huyện Hoà Bình"
    assert refused.exit_code == 1 and "nowhere" in refused.output and not (tmp_path / "x.png").exists()


def test_a_units_exported_page_opens_from_disk_asking_for_nothing_else(client, browser, tmp_path):
    """Opened with no server: each neighbouring province's name asked for Leaflet's default marker image
    (images/marker-icon.png and its shadow), which failed there."""
    saved = tmp_path / "unit.html"
    saved.write_bytes(client.get("/units/pre2025/961/export.html").content)
    page = browser.new_page()
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(saved.as_uri(), wait_until="load")
    page.wait_for_timeout(300)
    names = page.locator(".georeg-context-name").all_text_contents()  # shown where wholly inside the map
    page.close()
    assert "Tỉnh Sóc Trăng" in names
    assert [url for url in asked if url != saved.as_uri() and not url.startswith("data:")] == []


def test_a_units_png_is_its_printable_map_drawn_without_a_browser(client, sample_engine):
    """An A4 landscape sheet at 150 dpi titled with the unit's name, its projects in their statuses' colours, as its
    page draws them (it coloured them by kind: a unit's page and its printed map told different stories; the
    server has no browser: docs/deployment.md)."""
    png = client.get("/units/pre2025/961/export.png", params={"lang": "en"})
    assert png.status_code == 200 and png.headers["content-type"] == "image/png"
    day = vietnam_today().isoformat()
    # beside the Vietnamese one, and the day's figures beside another day's
    assert f'filename="georeg_unit_pre2025-961_{day}_en.png"' in png.headers["content-disposition"]
    vietnamese = client.get("/units/pre2025/961/export.png").headers["content-disposition"]
    assert f'filename="georeg_unit_pre2025-961_{day}.png"' in vietnamese
    image = Image.open(io.BytesIO(png.content))
    assert image.size == (int(297 / 25.4 * 150), int(210 / 25.4 * 150))  # A4 landscape, 150 dpi
    assert image.info["Title"] == "Hoà Bình District"
    statuses = _rows(
        sample_engine,
        """SELECT DISTINCT p.status FROM project p JOIN project_unit_share s ON s.project_id = p.id
           JOIN admin_unit u ON u.id = s.unit_id WHERE u.code = '961' AND u.scheme = 'pre2025'
           AND p.retired_at IS NULL AND p.geom IS NOT NULL""",
    )
    assert statuses, "the sample has projects in Hoà Bình"
    colours = {colour for _, colour in image.convert("RGB").getcolors(image.width * image.height)}
    for row in statuses:  # each in the legend's swatch at least, drawn with its own colour
        assert ImageColor.getrgb(STATUS_COLOURS[row["status"]]) in colours, row["status"]
    assert client.get("/units/pre2025/nowhere/export.png").status_code == 404


def test_unit_pages_name_the_unit_as_people_do_with_their_numbers_in_the_pages_format(client):
    vi = client.get("/units/pre2025/961").text
    en = client.get("/units/pre2025/961", params={"lang": "en"}).text
    assert "<h1>Huyện Hoà Bình</h1>" in vi and "<h1>Hoà Bình District</h1>" in en
    assert "District Hoà Bình" not in en
    area_vi = re.search(r"<th>Diện tích \(ha\)</th><td>([^<]+)</td>", vi)[1]
    area_en = re.search(r"<th>Area \(ha\)</th><td>([^<]+)</td>", en)[1]
    assert re.fullmatch(r"\d{1,3}(\.\d{3})+,\d", area_vi) and re.fullmatch(r"\d{1,3}(,\d{3})+\.\d", area_en)
    assert area_vi.translate(str.maketrans(",.", ".,")) == area_en


def test_an_inlined_page_carries_its_assets_and_nothing_else_of_the_servers_disk(tmp_path):
    """A map page exported to a file inlines its /assets files (maps.assets.inline_assets);
    a page naming a path out of the assets folder gets nothing from it."""
    assets = tmp_path / "assets"
    (assets / "lib").mkdir(parents=True)
    (assets / "lib" / "map.js").write_text("var end = '</script>';", encoding="utf-8")
    (assets / "lib" / "map.css").write_text(".leaflet { color: red }", encoding="utf-8")
    (tmp_path / "secret.js").write_text("var password = 'x';", encoding="utf-8")
    page = (
        '<link rel="stylesheet" href="/assets/lib/map.css"/><link rel="stylesheet" href="/assets/lib/map.css" />'
        '<script src="/assets/lib/map.js"></script>'
    )
    inlined = inline_assets(page, assets)
    assert inlined == (
        "<style>.leaflet { color: red }</style><style>.leaflet { color: red }</style>"
        "<script>var end = '<\\/script>';</script>"
    )
    with pytest.raises(ValueError, match="outside"):
        inline_assets('<script src="/assets/../secret.js"></script>', assets)


def test_a_units_indicators_with_values_come_first_and_those_without_are_folded_and_counted():
    """A unit page's 24 rows of "—" (no value reported yet) made a phone's page long before any figure."""
    from maps.pages import _indicators_section
    from maps.texts import PAGE_TEXT

    def indicator(name: str, latest: dict | None) -> dict:
        return {
            "name_vi": name,
            "name_en": name,
            "unit": "%",
            "target_min": 45,
            "target_max": 45,
            "target_year": 2030,
            "latest": latest,
            "on_track": None,
            "observed": [],
            "withdrawn": [],
        }

    items = [indicator("Tỷ lệ che phủ rừng", None), indicator("Tỷ lệ thu gom rác", {"value": 87.5, "period": "2024"})]
    items += [indicator(f"Chỉ tiêu {n}", None) for n in range(2, 4)]
    html = _indicators_section({"148/QĐ-UBND": items}, "Bạc Liêu", PAGE_TEXT["vi"], "vi")
    shown, folded = html.split("<details id='unreported-indicators'>")
    assert "Tỷ lệ thu gom rác" in shown and "87,5" in shown and "Tỷ lệ che phủ rừng" not in shown
    assert "<summary>3 chỉ tiêu chưa có số liệu báo cáo</summary>" in folded and "Tỷ lệ che phủ rừng" in folded


def test_a_units_indicator_value_from_demonstration_data_is_marked_so():
    """The forest cover of the demo raster showed as "1,52 % (2024)" in the unit page's indicators, like a measured
    value, while its forest section and the yearly report marked it as demonstration data."""
    from maps.pages import _indicators_section
    from maps.texts import PAGE_TEXT

    indicator = {"target_min": 2.0, "target_max": 2.0, "unit": "%", "target_year": 2030, "on_track": None}
    indicator |= {"name_vi": "Tỷ lệ che phủ rừng", "name_en": "Forest cover", "observed": [], "withdrawn": []}
    for is_demo in (True, False):
        latest = {"value": 1.52, "period": "2024", "is_demo": is_demo}
        values = {"148/QĐ-UBND": [indicator | {"latest": latest}]}
        page = _indicators_section(values, "Bạc Liêu", PAGE_TEXT["vi"], "vi")
        assert ('1,52 % (2024) <span class="demo">DỮ LIỆU MINH HỌA</span>' in page) is is_demo, page
        assert "1,52 % (2024)" in page


def test_a_project_chart_names_the_year_it_ends_in_though_it_has_not_reached_july():
    """A project last reported in March 2026 had a chart whose axis stopped naming years at 2025: the part of 2026
    drawn had no number under it (a year was named only where its 1 July was drawn)."""
    from maps.charts import timeline_svg

    points = [(date(2023, 5, 1), 0.0, "#999"), (date(2024, 9, 1), 40.0, "#999"), (date(2026, 3, 20), 70.0, "#999")]
    chart = timeline_svg(points, "Tiến độ", "vi")
    years = re.findall(r'text-anchor="middle">(\d{4})</text>', chart)
    assert years == ["2023", "2024", "2025", "2026"], years
    short = timeline_svg([(date(2023, 5, 1), 0.0, "#999"), (date(2026, 1, 3), 10.0, "#999")], "Tiến độ", "vi")
    assert re.findall(r'text-anchor="middle">(\d{4})</text>', short)[-2:] == ["2025", "2026"]  # 3 days of 2026


def test_a_phones_project_chart_names_its_last_year_and_a_single_report_its_one_day():
    """On a phone the chart of project P6 (reported on from June 2017 to March 2026) had no "2026" under its last
    dot; a project with a single report had an axis "14/06/2017 … 14/06/2017" (trial 42)."""
    from maps.charts import NARROW, timeline_svg

    points = [(date(2017, 6, 14), 0.0, "#999"), (date(2024, 6, 1), 20.0, "#999"), (date(2026, 3, 1), 60.0, "#999")]
    chart = timeline_svg(points, "Tiến độ", "vi", width=NARROW)
    named = re.findall(r'<text x="([\d.]+)" y="\d+" font-size="10" text-anchor="middle">(\d{4})</text>', chart)
    assert [year for _, year in named][-2:] == ["2025", "2026"], named
    assert float(named[-1][0]) + 14 < NARROW  # written whole inside the drawing
    one = timeline_svg([(date(2017, 6, 14), 10.0, "#999")], "Tiến độ", "vi", width=NARROW)
    assert one.count("14/06/2017") == 2  # once on the axis, once in the dot's tooltip


def _where(page: str) -> str:
    row = re.search(r"<th[^>]*>(?:Địa bàn|Administrative units)</th>\s*<td[^>]*>(.*?)</td>", page, re.S)
    return row.group(1)


def test_a_projects_page_says_which_units_it_lies_in_in_both_schemes(client, sample_engine):
    """Which district is a project in? Only its location note said. The page now names its units, before and after
    the 2025 reform, each linked to its page, with the project's share of each where it spreads over several."""
    shares = _rows(
        sample_engine,
        "SELECT u.scheme, u.level, u.code, s.share, s.method FROM project_unit_share s JOIN admin_unit u "
        "ON u.id = s.unit_id JOIN project p ON p.id = s.project_id WHERE p.code = 'BL-13.3-PHUOC-LONG-HONG-DAN'",
    )
    project_id = _rows(sample_engine, "SELECT id FROM project WHERE code = 'BL-13.3-PHUOC-LONG-HONG-DAN'")[0]["id"]

    where = _where(client.get(f"/projects/{project_id}").text)
    english = _where(client.get(f"/projects/{project_id}?lang=en").text)

    after, before = where.split("<br>")
    assert before.startswith("trước 01/07/2025: ") and after.startswith("từ 01/07/2025: ")
    assert '<a href="/units/pre2025/957?lang=vi">Huyện Phước Long</a> — <a href="/units/pre2025/95?lang=vi">' in before
    communes = sorted((s for s in shares if s["level"] == "commune"), key=lambda s: -s["share"])
    assert len(communes) > 1 and all(s["method"] == "crosswalk" for s in communes)
    # not in Phường Giá Rai (31942), which holds 0,4 % of former Phước Long district (trial 69): its four communes
    assert sorted(s["code"] for s in communes) == ["31867", "31876", "31882", "31885"], communes
    written = re.findall(r'<a href="/units/2025/(\d+)\?lang=vi">[^<]+</a> ([\d,]+) %', after)
    assert [code for code, _ in written] == [s["code"] for s in communes]  # the larger share first
    assert [float(p.replace(",", ".")) for _, p in written] == [
        round(s["share"] * 100, 0 if s["share"] >= 0.01 else 1) for s in communes
    ]
    assert "Tỉnh Cà Mau</a> (vị trí chỉ biết đến huyện: chia cho các xã theo diện tích)" in after
    assert "Phước Long District</a> — " in english and "Cà Mau Province</a>" in english


def test_a_site_off_the_coast_is_told_how_far_off_its_unit_it_lies(client, sample_engine):
    """A work outside every unit belongs to the nearest; the page says it lies outside it, and how far the work itself
    lies (the share's distance is from a point on it: a wind farm touching its district read "2.2 km off")."""
    outside = _rows(
        sample_engine,
        "SELECT p.code, p.id, u.code AS unit, u.scheme, ST_Distance(u.geom::geography, p.geom::geography) AS metres "
        "FROM project_unit_share s JOIN admin_unit u ON u.id = s.unit_id JOIN project p ON p.id = s.project_id "
        "WHERE s.distance_m IS NOT NULL AND u.level <> 'province' AND p.code IN ('BL-WIND-DONG-HAI-1', "
        "'TV-P10-HIEP-THANH')",
    )
    touching = [r for r in outside if r["code"] == "BL-WIND-DONG-HAI-1"]
    apart = [r for r in outside if r["code"] == "TV-P10-HIEP-THANH"]
    assert touching and all(r["metres"] < 50 for r in touching) and apart and all(r["metres"] > 50 for r in apart)

    for row in touching + apart:
        where = _where(client.get(f"/projects/{row['id']}?lang=en").text)
        told = (
            "mostly outside its boundary"
            if row["metres"] < 50
            else f"outside its boundary, {row['metres'] / 1000:.1f} km off"
        )
        assert re.search(rf'/units/{row["scheme"]}/{row["unit"]}\?lang=en">[^<]+</a> \({re.escape(told)}\)', where), (
            where
        )
        assert "Province</a> (" not in where  # said once, of its district or commune, not again of its province


def test_a_sea_dyke_along_the_coast_counts_in_each_commune_it_runs_past_and_says_part_of_it_lies_outside(
    client, sample_engine
):
    """TV-P6-SEA-DYKE-2 is drawn at the land edge of the boundaries, mostly just outside the 2025 communes: it counted
    whole in one ward, "mostly outside its boundary". It now counts in each commune it runs past, by its length off
    each, and its page says of each that part of it lies outside (or how far off the commune the dyke lies)."""
    communes = _rows(
        sample_engine,
        "SELECT u.code, s.share, ST_Distance(u.geom::geography, p.geom::geography) AS metres "
        "FROM project_unit_share s JOIN admin_unit u ON u.id = s.unit_id JOIN project p ON p.id = s.project_id "
        "WHERE p.code = 'TV-P6-SEA-DYKE-2' AND u.scheme = '2025' AND u.level = 'commune'",
    )
    assert len(communes) >= 3 and max(c["share"] for c in communes) < 0.5
    project_id = _rows(sample_engine, "SELECT id FROM project WHERE code = 'TV-P6-SEA-DYKE-2'")[0]["id"]

    for lang, partly, off in (
        ("en", "part of it lies outside the boundary", "outside its boundary, {km} km off"),
        ("vi", "một phần nằm ngoài ranh giới", "ngoài ranh giới, cách {km} km"),
    ):
        where = _where(client.get(f"/projects/{project_id}?lang={lang}").text)
        for commune in communes:
            km = f"{commune['metres'] / 1000:.1f}".replace(".", "," if lang == "vi" else ".")
            told = partly if commune["metres"] < 50 else off.format(km=km)
            link = rf'/units/2025/{commune["code"]}\?lang={lang}">[^<]+</a>'
            assert re.search(rf"{link} [\d,.]+ % \({told}\)", where), where
        assert "mostly outside" not in where and "phần lớn" not in where


def test_a_unit_with_one_demonstration_status_says_it_in_the_singular(client):
    """Vĩnh Lợi's one project with a demonstration status was "1 projects have a status…" in English."""
    english = client.get("/units/pre2025/958?lang=en").text
    vietnamese = client.get("/units/pre2025/958").text

    assert "1 project has a status from demonstration data" in english and "1 projects" not in english
    assert "1 dự án có tình trạng lấy từ dữ liệu minh họa" in vietnamese


def _fact(page: str, label: str) -> str:
    """The value of a unit page's fact whose name starts with ``label`` ("" when the page has none)."""
    found = re.search(rf"<th>{re.escape(label)}[^<]*</th><td>(.*?)</td></tr>", page)
    return found[1] if found else ""


def test_a_former_units_page_says_what_it_became_and_a_2025_units_page_what_it_was_made_of(client, sample_engine):
    """Trà Vinh's page read "Tỉnh: —" and "Hiệu lực: … – 30/06/2025", not that it is now in Vĩnh Long; Duyên Hải
    district's did not list the communes it became, nor Vĩnh Long's (2025) the provinces it was made of."""
    province = client.get("/units/pre2025/84").text
    assert '<a href="/units/2025/86?lang=vi">Tỉnh Vĩnh Long</a></span>' in _fact(province, "Nay thuộc (từ 01/07/2025)")
    assert "<th>Tỉnh</th>" not in province  # a province is in no province: no "Tỉnh: —"
    english = client.get("/units/pre2025/84?lang=en").text
    assert '<a href="/units/2025/86?lang=en">Vĩnh Long Province</a></span>' in _fact(english, "Now part of")

    communes = _rows(
        sample_engine,
        """SELECT t.code, t.unit_type_vi || ' ' || t.name_vi AS name, t.name_en, c.share_of_from AS share
           FROM unit_crosswalk c JOIN admin_unit f ON f.id = c.from_unit_id JOIN admin_unit t ON t.id = c.to_unit_id
           WHERE f.scheme = 'pre2025' AND f.code = '850' ORDER BY c.share_of_from DESC""",
    )
    assert len(communes) > 1
    district = client.get("/units/pre2025/850").text
    assert '<a href="/units/2025/86?lang=vi">Tỉnh Vĩnh Long</a>' in _fact(district, "Nay thuộc (từ 01/07/2025)")
    became = _fact(district, "Nay thuộc các xã, phường")
    assert re.findall(r'href="/units/2025/(\d+)\?lang=vi"', became) == [c["code"] for c in communes]  # largest first
    first = communes[0]
    assert f">{first['name']}</a> ({round(first['share'] * 100)} %)" in became  # its share of the district
    assert f">{communes[-1]['name']}</a> (0,9 %)" in became  # a decimal comma under one percent
    became_en = _fact(client.get("/units/pre2025/850?lang=en").text, "Now in the communes and wards")
    assert f">{first['name_en']}</a> ({round(first['share'] * 100)} %)" in became_en and "(0.9 %)" in became_en

    merged = _fact(client.get("/units/2025/86").text, "Trước 01/07/2025 gồm")
    assert '<a href="/units/pre2025/84?lang=vi">Tỉnh Trà Vinh</a> (38 %)' in merged
    assert "Tỉnh Bến Tre (38 %)" in merged and "/units/pre2025/83" not in merged  # not the registry's: no page
    merged_en = _fact(client.get("/units/2025/86?lang=en").text, "Formerly, before 1 July 2025")
    assert '<a href="/units/pre2025/84?lang=en">Trà Vinh Province</a> (38 %)' in merged_en
    commune = _fact(client.get("/units/2025/29536").text, "Trước 01/07/2025 thuộc")
    assert re.match(
        r'<span class="counterpart"><a href="/units/pre2025/850\?lang=vi">Huyện Duyên Hải</a> \(96 %\)', commune
    )
    english = _fact(client.get("/units/2025/29536?lang=en").text, "Formerly part of")
    assert re.match(
        r'<span class="counterpart"><a href="/units/pre2025/850\?lang=en">Duyên Hải District</a> \(96 %\)', english
    )


def test_a_2025_units_progress_and_projects_say_they_are_those_of_the_former_provinces_the_registry_covers(client):
    """Vĩnh Long (2025) read "Tiến độ: 36,1 %" and "Dự án (23)" as if of the whole province, where the registry holds
    only former Trà Vinh's projects, not Bến Tre's or former Vĩnh Long's."""
    page = client.get("/units/2025/86").text
    said = (
        "Trong số các dự án của sổ đăng ký: các dự án của Trà Vinh cũ; sổ đăng ký không theo dõi Bến Tre, Vĩnh Long cũ."
    )
    progress, projects = page.split("<h2>Tiến độ: ")[1], page.split("<h2>Dự án (")[1]
    assert said in progress.split("<h3>")[0] and said in projects.split("<table")[0]  # under each heading
    english = client.get("/units/2025/86?lang=en").text.split("<h2>Progress: ")[1]
    assert (
        "Of the registry&#x27;s projects: those of former Trà Vinh; the registry does not cover former Bến Tre, "
        in (english.split("<h3>")[0])
    )
    # a unit all of whose former units the registry covers says nothing of it
    assert "sổ đăng ký không theo dõi" not in client.get("/units/pre2025/84").text
    assert "sổ đăng ký không theo dõi" not in client.get("/units/2025/29536").text


def _unit_budget(engine, scheme: str, code: str) -> dict:
    """A unit's budget as the Department of Finance counts it: each project's budget by its share in the unit,
    cancelled projects left out, and the part in projects not started or past due."""
    return _rows(
        engine,
        """SELECT sum(p.budget_vnd_billion * s.share) AS total, count(p.budget_vnd_billion) AS funded, count(*) AS n,
                  coalesce(sum(p.budget_vnd_billion * s.share) FILTER (WHERE p.status IN ('proposed', 'preparing')
                      OR p.status IN ('under_construction', 'suspended')
                      AND coalesce(p.end_year, pl.period_end) < extract(year FROM now())), 0) AS behind,
                  count(*) FILTER (WHERE p.status IN ('proposed', 'preparing')
                      OR p.status IN ('under_construction', 'suspended')
                      AND coalesce(p.end_year, pl.period_end) < extract(year FROM now())) AS behind_n,
                  count(p.budget_vnd_billion) FILTER (WHERE p.status IN ('proposed', 'preparing')
                      OR p.status IN ('under_construction', 'suspended')
                      AND coalesce(p.end_year, pl.period_end) < extract(year FROM now())) AS behind_funded
           FROM project_unit_share s JOIN admin_unit u ON u.id = s.unit_id
           JOIN project p ON p.id = s.project_id AND p.retired_at IS NULL AND p.status <> 'cancelled'
           LEFT JOIN plan pl ON pl.id = p.plan_id
           WHERE u.scheme = :scheme AND u.code = :code""",
        scheme=scheme,
        code=code,
    )[0]


@pytest.mark.parametrize(("scheme", "code"), [("2025", "86"), ("pre2025", "850")])
def test_a_units_page_says_what_its_projects_cost_and_how_much_is_in_those_not_started_or_late(
    client, sample_engine, scheme, code
):
    """A planner of a Department of Finance read the projects sorted "by budget" with no amount: each project's
    budget, and the unit's total by the projects' shares in it, how many have a figure, and the part in projects not
    started or late, in each language's number format (Duyên Hải's projects lie partly in its neighbours)."""
    budget = _unit_budget(sample_engine, scheme, code)
    assert budget["funded"] > 0 and 0 < budget["behind"] < budget["total"]
    page = client.get(f"/units/{scheme}/{code}").text
    said = html.unescape(re.search(r"<p id='unit-budget'>(.*?)</p>", page).group(1))
    total, behind = (pages.local_number(budget[k], "vi", 1) for k in ("total", "behind"))
    unknown = (
        f" Chỉ {budget['behind_funded']} trong {budget['behind_n']} dự án chưa khởi công hoặc quá hạn có số vốn: phần "
        "vốn của các dự án còn lại chưa biết."
        if budget["behind_funded"] < budget["behind_n"]
        else ""
    )
    assert said == (
        f"Vốn: <b>{total} tỷ đồng</b> ({budget['funded']} trong {budget['n']} dự án có số vốn), trong đó {behind} tỷ "
        "đồng ở dự án chưa khởi công (đề xuất, chuẩn bị đầu tư) hoặc quá hạn." + unknown
    )
    assert "Phần vốn theo tỷ lệ nằm trong đơn vị" in page
    english = client.get(f"/units/{scheme}/{code}", params={"lang": "en"}).text
    total, behind = (pages.local_number(budget[k], "en", 1) for k in ("total", "behind"))
    assert f"Budget: <b>{total} billion VND</b> ({budget['funded']} of {budget['n']} projects have a budget" in english
    assert f"of which {behind} billion VND in projects not started" in english
    shown = re.findall(r"<td class='budget'>([^<]*)</td>", page)  # each project's, those in view and those folded
    assert len(shown) == budget["n"] and shown.count("—") == budget["n"] - budget["funded"]
    assert "<th class='budget'>Vốn (tỷ đồng)</th>" in page


def test_a_units_money_in_projects_not_started_is_not_said_to_be_none_when_they_have_no_figure(client, sample_engine):
    """Bạc Liêu's six projects not started have no budget figure: "trong đó 0 tỷ đồng ở dự án chưa khởi công" read as
    no money waiting (trial 47). How many of them have a figure is said."""
    budget = _unit_budget(sample_engine, "pre2025", "95")
    assert budget["behind_n"] > budget["behind_funded"]
    page = html.unescape(client.get("/units/pre2025/95").text)
    counts = f"Chỉ {budget['behind_funded']} trong {budget['behind_n']}"
    assert f"{counts} dự án chưa khởi công hoặc quá hạn có số vốn" in page


def test_a_priority_project_the_plan_names_no_lead_for_says_so_and_a_project_with_a_lead_names_it(
    client, sample_engine
):
    """Plan 1099's priority projects read "Cơ quan chủ trì —", taken for a gap in the registry: the plan names leads
    per section of its tasks, none per priority project (trial 57)."""
    [p1] = _rows(
        sample_engine,
        "SELECT p.id FROM project p JOIN plan_action pa ON pa.id = p.plan_action_id "
        "JOIN plan pl ON pl.id = pa.plan_id WHERE pl.code = '1099/QĐ-UBND' AND pa.code = 'P1'",
    )
    page = client.get(f"/projects/{p1['id']}").text
    assert "Nhiệm vụ P1: Kế hoạch không nêu cơ quan chủ trì (trong phần hệ thống đang lưu)" in page
    assert (
        "Action P1: The plan names no lead agency (in what the registry holds of it)"
        in client.get(f"/projects/{p1['id']}?lang=en").text
    )
    [led] = _rows(
        sample_engine,
        "SELECT p.id FROM project p JOIN agency a ON a.id = p.lead_agency_id WHERE a.code = 'TV.SCT' LIMIT 1",
    )
    assert "Kế hoạch không giao" not in client.get(f"/projects/{led['id']}").text
