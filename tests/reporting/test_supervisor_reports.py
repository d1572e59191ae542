"""What trials 59, 61 and 62's supervisor missed on /status-reports: a file of the list for the director, a filter by
district or commune, offshore reports' "sent from", rows that say why no review is needed, the sender's agency by
name, agency choices that sent reports, and the list's first rows on a phone's first screen."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime, timedelta

import openpyxl
import pandas
import pyogrio
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from watched_pages import watch

from geo.accounts import create_account, create_token, update_account
from geo.audit import record
from geo.field_reports_table import HEADINGS, TITLE
from geo.listed_tables import ABOUT
from geo.models import Project
from geo.status_history import append_status_event
from geo.vi_format import VIETNAM_TIME, local_date
from geo.vietnam_day import vietnam_today

WIND_DONG_HAI = 36  # BL-WIND-DONG-HAI-1, offshore: no commune holds its site
WIND_BAC_LIEU_1_2 = 32  # in Phường Hiệp Thành (2025), Thành phố Bạc Liêu (954)
SEA_DYKE_2 = 6  # TV-P6-SEA-DYKE-2, drawn along Trà Vinh's coast
WIND_V1_1 = 16  # TV-WIND-V1-1, at sea 4 km off the coast of Duyên Hải
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}


@pytest.fixture(scope="module")
def wind_reports(reporting, reporting_app_client, reporting_engine) -> dict[str, str]:
    """A Cà Mau department's officer reports on two wind farms, one offshore (from its site, at sea), one on land;
    an agency with an account sends nothing."""
    with Session(reporting_engine) as session, session.begin():
        officer = create_account(
            session, "thang.cm", role="editor", agency_code="CM.SCT", display_name="Phạm Văn Thắng",
            unit_codes=["95"], kinds=["wind_farm"],
        )  # fmt: skip
        create_account(session, "idle.bl", role="editor", agency_code="BL.SXD")
        token = create_token(session, officer)[0]
    for project, lon, lat, percent in (
        (WIND_DONG_HAI, 105.5553, 9.1023, "80"),
        (WIND_BAC_LIEU_1_2, 105.8048, 9.2351, "60"),
    ):
        sent = reporting_app_client.post(
            f"/api/projects/{project}/status",
            data={"status": "under_construction", "percent": percent, "lon": str(lon), "lat": str(lat), "note": "gió"},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert sent.status_code == 201, sent.text
    return {"token": token}


def test_reports_are_filtered_by_a_former_district_or_a_2025_commune_kept_in_the_address(
    wind_reports, reporting_client
):
    """`?unit=` answered 422 (trial 61): the list of a district's or a commune's projects, on the API and the page."""
    district = reporting_client.get("/api/status-reports", params={"unit": "954"})
    assert district.status_code == 200 and {r["project_id"] for r in district.json()} == {WIND_BAC_LIEU_1_2}
    commune = reporting_client.get("/api/status-reports", params={"unit": "31975"}).json()  # Xã Đông Hải, 2025
    assert {r["project_id"] for r in commune} == {WIND_DONG_HAI}
    page = reporting_client.get("/status-reports", params={"lang": "vi", "unit": "954"})
    assert page.status_code == 200 and '<option value="954" selected>Thành phố Bạc Liêu (954) · 1</option>' in page.text
    assert '<optgroup label="Xã, phường (từ 1/7/2025)">' in page.text
    assert "Nhà máy điện gió Đông Hải 1" not in page.text.split("<table class='flagged'>")[1]
    assert 'href="/status-reports?lang=en&amp;unit=954"' in page.text  # the other language keeps it


def test_the_list_downloads_as_filtered_in_the_pages_language_the_filter_said_in_the_workbook_and_the_name(
    wind_reports, reporting_client
):
    """Nothing to send the director (trial 61): the list as filtered, as CSV (Vietnamese ";", 80,0, 31/12/2024) and
    as a workbook, which says the filter on its second sheet; both name it."""
    page = reporting_client.get("/status-reports", params={"lang": "vi", "agency": "CM.SCT"}).text
    link = "/api/status-reports/table.csv?agency=CM.SCT&amp;limit=200&amp;lang=vi"
    assert f'href="{link}"' in page
    answer = reporting_client.get(link.replace("&amp;", "&"))
    assert answer.status_code == 200 and "attachment" in answer.headers["content-disposition"]
    assert (
        f'"georeg_field-reports_agency-CM.SCT_{vietnam_today().isoformat()}.csv"'
        in answer.headers["content-disposition"]
    )
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig")), delimiter=";"))
    listed = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    offshore = next(r for r in listed if r["Mã dự án"] == "BL-WIND-DONG-HAI-1")
    assert offshore["Tiến độ (%)"] == "80,0" and offshore["Ngày báo cáo"] == f"{vietnam_today():%d/%m/%Y}"
    assert offshore["Gửi từ"].startswith("ngoài khơi, cách Xã Đông Hải") and offshore["Xem xét"] == "không cần xem xét"
    assert {r["Cơ quan người gửi"] for r in listed} == {"Sở Công Thương tỉnh Cà Mau (CM.SCT)"}
    book = reporting_client.get("/api/status-reports/table.xlsx", params={"unit": "954", "lang": "en"})
    assert "georeg_field-reports_unit-954_" in book.headers["content-disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(book.content))
    about = [row[0] for row in workbook.worksheets[1].iter_rows(values_only=True)]
    assert workbook.sheetnames == ["Field reports", "About this file"]
    assert about[:3] == ["Field reports", "Filters:", "District (former) / commune (2025): Bạc Liêu City (954)"]
    sheet = workbook.worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][:2] == ("Project", "Project code") and [row[1] for row in values[1:]] == ["BL-WIND-BAC-LIEU-1-2"]
    assert sheet.cell(2, 3).number_format == "D MMM YYYY" and sheet.freeze_panes == "A2"


#: The reports' files' columns, as the page's language heads them (geo.field_reports_table.HEADINGS).
COLUMNS = {lang: [heading.text(lang) for heading in HEADINGS] for lang in ("vi", "en")}
#: The Vietnamese CSV is for an Excel set to Vietnamese: ";" between columns, a decimal comma (geo.csv_files).
READ_CSV = {"vi": {"sep": ";", "decimal": ","}, "en": {}}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_reports_files_are_read_as_tables_by_gdal_and_pandas_the_filter_on_a_second_sheet(
    wind_reports, reporting_client, tmp_path, lang
):
    """Session 63: the files' first rows said the filter, and GDAL (QGIS) read them as rows of Field1…Field13 (the
    CSV's title as headings cut at its spaces: "Báo", "cáo", "từ"…), pandas as rows under "Unnamed: 1"… or not at all
    (read_csv: "Expected 1 fields in line 5, saw 13"). Each file is the table the page lists, its headings its first
    row; the workbook says the filter on a second sheet, as /changes' and /progress's do."""
    chosen = {"agency": "CM.SCT"}
    listed = [report["code"] for report in reporting_client.get("/api/status-reports", params=chosen).json()]
    assert len(listed) >= 2
    for fmt in ("xlsx", "csv"):
        path = tmp_path / f"reports_{lang}.{fmt}"
        path.write_bytes(
            reporting_client.get(f"/api/status-reports/table.{fmt}", params=chosen | {"lang": lang}).content
        )
        pandas_read = pandas.read_excel(path) if fmt == "xlsx" else pandas.read_csv(path, **READ_CSV[lang])
        for table in (pyogrio.read_dataframe(path, layer=0), pandas_read):
            assert list(table.columns) == COLUMNS[lang], (fmt, list(table.columns))
            assert table[COLUMNS[lang][1]].tolist() == listed, (fmt, table)
    assert [name for name, _ in pyogrio.list_layers(path.with_suffix(".xlsx"))] == [
        TITLE.text(lang),
        ABOUT.text(lang),
    ]
    assert str(pyogrio.read_info(path.with_suffix(".xlsx"), layer=0)["dtypes"][3]).startswith("datetime64")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_list_of_no_report_downloads_as_the_headings_gdal_and_pandas_read_as_its_columns(
    wind_reports, reporting_client, tmp_path, lang
):
    """A filter that leaves no report (an officer who has sent none): GDAL read the workbook's headings as a row of
    Field1, Field2… (it takes a sheet's first row for headings only when the second holds a cell not text), pandas the
    filter's lines as rows. Both read the headings as the columns: pandas no row, GDAL one, empty (it reads every row
    after the first: geo.workbook_layout.write_laid_out); the CSV no row in either."""
    chosen = {"reporter": "idle.bl"}
    assert reporting_client.get("/api/status-reports", params=chosen).json() == []
    for fmt in ("xlsx", "csv"):
        path = tmp_path / f"none_{lang}.{fmt}"
        path.write_bytes(
            reporting_client.get(f"/api/status-reports/table.{fmt}", params=chosen | {"lang": lang}).content
        )
        by_gdal = pyogrio.read_dataframe(path, layer=0)
        by_pandas = pandas.read_excel(path) if fmt == "xlsx" else pandas.read_csv(path, **READ_CSV[lang])
        assert list(by_gdal.columns) == list(by_pandas.columns) == COLUMNS[lang], fmt
        assert by_pandas.empty and by_gdal.isna().all(axis=None) and len(by_gdal) == (fmt == "xlsx"), (fmt, by_gdal)


@pytest.mark.parametrize(
    ("lang", "recorded_at", "written"),
    [("vi", "Ghi nhận lúc", "DD/MM/YYYY HH:MM"), ("en", "Recorded at", "D MMM YYYY HH:MM")],
)
def test_the_workbook_says_when_a_report_was_recorded_as_a_date_time_in_vietnam(
    wind_reports, reporting_client, lang, recorded_at, written
):
    """Trial 62 F13: "Recorded at" was the text "06:01 06/12/2026", which Excel sorts as text (by the hour, whatever
    the day) and cannot filter by date: now a date-time cell, in Vietnam's time, shown 06/12/2026 06:01."""
    (report,) = reporting_client.get("/api/status-reports", params={"unit": "954"}).json()
    in_vietnam = datetime.fromisoformat(report["recorded_at"]).astimezone(VIETNAM_TIME).replace(tzinfo=None)
    book = reporting_client.get("/api/status-reports/table.xlsx", params={"unit": "954", "lang": lang})
    sheet = openpyxl.load_workbook(io.BytesIO(book.content)).active
    heading = next(row for row in sheet.iter_rows() if row[0].value in ("Dự án", "Project"))
    column = next(cell.column for cell in heading if cell.value == recorded_at)
    cell = sheet.cell(heading[0].row + 1, column)
    assert isinstance(cell.value, datetime) and cell.number_format == written
    assert abs(cell.value - in_vietnam) < timedelta(milliseconds=1)


@pytest.mark.parametrize(("lang", "separator", "number"), [("vi", ";", r"\d+,\d"), ("en", ",", r"\d+\.\d")])
def test_the_lists_csv_writes_its_numbers_as_every_csv_of_the_registry(
    wind_reports, reporting_client, lang, separator, number
):
    """One decimal always, the reader's decimal sign, no thousands separator (geo.csv_files): the CSVs wrote "80,0"
    here, "80" and "1.234,5" in /progress's."""
    answer = reporting_client.get("/api/status-reports/table.csv", params={"agency": "CM.SCT", "lang": lang})
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig")), delimiter=separator))
    heading = next(n for n, row in enumerate(rows) if row[1:2] in (["Mã dự án"], ["Project code"]))
    progress, distance = rows[heading][5], rows[heading][10]
    listed = [dict(zip(rows[heading], row, strict=True)) for row in rows[heading + 1 :]]
    written = [row[progress] for row in listed] + [row[distance] for row in listed if row[distance]]
    assert len(written) > len(listed) and all(re.fullmatch(number, cell) for cell in written), written


def test_a_row_says_where_an_offshore_report_came_from_why_no_review_and_the_agencys_name(
    wind_reports, reporting_client
):
    """Trial 61 #14: an offshore wind farm's report had no "sent from"; "—" where no review is needed; "CM.SCT"."""
    for lang, at_sea, no_review, agency in (
        (
            "vi",
            "gửi ngoài khơi, cách Xã Đông Hải (Cà Mau) 2 km",  # Vĩnh Long has one too (trial 65, F22)
            "không cần xem xét",
            "Sở Công Thương tỉnh Cà Mau (CM.SCT)",
        ),
        (
            "en",
            "sent at sea, 2 km off Đông Hải Commune (Cà Mau Province)",
            "no review needed",
            "Department of Industry and Trade, Cà Mau",
        ),
    ):
        page = reporting_client.get("/status-reports", params={"lang": lang, "agency": "CM.SCT"}).text
        row = next(r for r in page.split("<tr") if "BL-WIND-DONG-HAI-1" in r)
        assert at_sea in row and no_review in row and agency in row, row
        assert "<td class='review'>—</td>" not in page


def test_the_agency_filter_lists_only_the_agencies_that_sent_reports_with_how_many(wind_reports, reporting_client):
    """Trial 59: the sender's agency filter offered an agency that had sent nothing."""
    page = reporting_client.get("/status-reports", params={"lang": "vi", "province": "95"}).text
    agencies = page.split('<select name="agency">')[1].split("</select>")[0]
    assert "(CM.SCT) · 2</option>" in agencies
    assert "BL.SXD" not in agencies and "TV.SCT" not in agencies  # an account, no report; reports of Trà Vinh only


def test_on_a_phone_the_lists_first_rows_are_on_the_first_screen(wind_reports, reporting_server, browser):
    """Trial 61: title, map, overdue list and filters filled a phone's first screen; the docs said the list starts
    there. The filters fold (their summary counts those chosen) and can be opened; the choice is kept."""
    page = browser.new_page(**PHONE)
    page.goto(f"{reporting_server}/status-reports?lang=vi&agency=CM.SCT", wait_until="networkidle")
    first_row = page.locator("table.flagged tr").nth(1).bounding_box()
    assert first_row["y"] + 60 < 844, first_row
    summary = page.locator("details.report-filters-box summary")
    assert summary.text_content() == "Bộ lọc (1)"
    summary.click()
    assert page.locator("select[name=unit]").is_visible()
    page.close()


def test_a_note_with_template_braces_is_shown_as_typed_not_run(wind_reports, reporting_client):
    """The pages' HTML was compiled as a Jinja template: an officer's note "{{ 7*7 }}" read "49" on the supervisor's
    list and the project's page (and "{{ … }}" ran whatever it named)."""
    note = "Lắp {{ 7*7 }} trụ {% raw %}"
    sent = reporting_client.post(
        f"/api/projects/{WIND_DONG_HAI}/status",
        data={"status": "under_construction", "percent": "81", "lon": "105.5553", "lat": "9.1023", "note": note},
        headers={"Authorization": f"Bearer {wind_reports['token']}"},
    )
    assert sent.status_code == 201, sent.text
    for path in ("/status-reports", f"/projects/{WIND_DONG_HAI}"):
        page = reporting_client.get(path, params={"lang": "vi"})
        assert page.status_code == 200 and "Lắp {{ 7*7 }} trụ {% raw %}" in page.text, path


@pytest.fixture(scope="module")
def coast_reports(reporting, reporting_app_client, reporting_engine) -> None:
    """A Vĩnh Long officer's reports from outside every unit: one standing on the sea dyke (9 m from its line, 9 m off
    the former district and 195 m off the 2025 commune), two from a boat at the same point of a wind farm, before and
    after the reform of 1 July 2025."""
    with Session(reporting_engine) as session, session.begin():
        officer = create_account(
            session,
            "coast.vl",
            role="editor",
            agency_code="VL.SNNMT",
            unit_codes=["84"],
            kinds=["sea_dyke", "wind_farm"],
        )
        token = create_token(session, officer)[0]
    for project, lon, lat, day in (
        (SEA_DYKE_2, 106.5703, 9.7311, "2026-01-15"),
        (WIND_V1_1, 106.5939, 9.6060, "2025-06-01"),
        (WIND_V1_1, 106.5939, 9.6060, "2025-08-01"),
    ):
        sent = reporting_app_client.post(
            f"/api/projects/{project}/status",
            data={
                "status": "under_construction",
                "percent": "80",
                "lon": str(lon),
                "lat": str(lat),
                "reported_at": day,
            },
            headers={"Authorization": f"Bearer {token}"},
        )
        assert sent.status_code == 201, sent.text


def test_a_report_from_the_coast_says_so_and_at_sea_names_the_unit_of_the_reports_day(coast_reports, reporting_client):
    """Trial 62 (F12): a report standing on the sea dyke read "sent at sea, 0 m off Duyên Hải", and one from a boat in
    2026 named the former district, abolished in 2025. On the coast below 500 m, and the unit in force that day: the
    2025 commune from 1 July 2025, the former district before; on the page and in both files, in vi and en."""
    said = {
        "vi": (
            "gửi từ bờ biển Xã Long Hữu (Vĩnh Long)",
            "cách Thị xã Duyên Hải (Trà Vinh) 4 km",
            "cách Phường Trường Long Hòa (Vĩnh Long) 4 km",
        ),
        "en": (
            "sent on the coast of Long Hữu Commune (Vĩnh Long Province)",
            "4 km off Duyên Hải Town (Trà Vinh Province)",
            "4 km off Trường Long Hòa Ward (Vĩnh Long Province)",
        ),
    }
    for lang, (coast, before, after) in said.items():
        page = reporting_client.get("/status-reports", params={"lang": lang, "reporter": "coast.vl"}).text
        days = [local_date(date.fromisoformat(day), lang) for day in ("2026-01-15", "2025-06-01", "2025-08-01")]
        on_dyke, from_boat, from_boat_later = (next(r for r in page.split("<tr") if f"<td>{d}<" in r) for d in days)
        assert coast in on_dyke and " 0 m" not in on_dyke.split("sent-from")[1], on_dyke
        assert before in from_boat and after in from_boat_later, (from_boat, from_boat_later)
    table = reporting_client.get("/api/status-reports/table.csv", params={"reporter": "coast.vl", "lang": "vi"})
    rows = list(csv.reader(io.StringIO(table.content.decode("utf-8-sig")), delimiter=";"))
    sent_from = {r[2]: r[11] for r in rows if len(r) > 11 and r[1].startswith("TV-")}
    assert sent_from == {
        "15/01/2026": "bờ biển Xã Long Hữu (Vĩnh Long)",
        "01/06/2025": "ngoài khơi, cách Thị xã Duyên Hải (Trà Vinh) 4 km",
        "01/08/2025": "ngoài khơi, cách Phường Trường Long Hòa (Vĩnh Long) 4 km",
    }
    book = reporting_client.get("/api/status-reports/table.xlsx", params={"reporter": "coast.vl", "lang": "en"})
    values = list(openpyxl.load_workbook(io.BytesIO(book.content)).active.iter_rows(values_only=True))
    on_the_dyke = [row[11] for row in values if row[1] == "TV-P6-SEA-DYKE-2"]
    assert "on the coast of Long Hữu Commune (Vĩnh Long Province)" in on_the_dyke
    listed = reporting_client.get("/api/status-reports", params={"reporter": "coast.vl"}).json()
    assert [r["on_coast"] for r in listed if r["project_id"] == SEA_DYKE_2] == [True]


def test_at_sea_since_the_reform_a_report_is_outside_any_commune_or_ward_not_district(coast_reports, reporting_client):
    """Trial 64: a report from a boat in 2026 read "(outside any commune or district)": there are no districts since 1
    July 2025, communes and wards report to the province. Before that day, the former scheme's words."""
    said = {
        "vi": ("(ngoài ranh giới xã, huyện)", "(ngoài mọi xã/phường)", "huyện"),
        "en": ("(outside any commune or district)", "(outside any commune or ward)", "district"),
    }
    for lang, (before, after, district) in said.items():
        page = reporting_client.get("/status-reports", params={"lang": lang, "reporter": "coast.vl"}).text
        days = [local_date(date.fromisoformat(day), lang) for day in ("2025-06-01", "2025-08-01")]
        from_boat, from_boat_later = (next(r for r in page.split("<tr") if f"<td>{d}<" in r) for d in days)
        assert before in from_boat, from_boat
        later = from_boat_later.split("sent-from")[1]
        assert after in later and district not in later.lower(), later
    listed = reporting_client.get("/api/status-reports", params={"reporter": "coast.vl"}).json()
    schemes = {r["reported_at"]: r["shore_scheme"] for r in listed if r["project_id"] == WIND_V1_1}
    assert schemes == {"2025-06-01": "pre2025", "2025-08-01": "2025"}, schemes


def test_the_lists_map_fetches_the_sea_and_provinces_the_browser_keeps(wind_reports, reporting_server, browser):
    """Trial 64: the sea and provinces under the list's map were half of its 357 kB, sent again at each visit. The
    page fetches them (an address with an ETag) and draws them under its shapes, the neighbours named."""
    page = browser.new_page(**PHONE)
    problems = watch(page)
    fetched = []
    page.on("response", lambda r: fetched.append(r.status) if "/map/context.geojson" in r.url else None)
    page.goto(f"{reporting_server}/status-reports?lang=vi&agency=CM.SCT", wait_until="networkidle")
    page.locator(".leaflet-georeg-context-pane path").first.wait_for(timeout=10_000)
    names = page.locator(".georeg-context-name").all_text_contents()  # shown where wholly inside the map
    context, shapes = (
        page.evaluate(f"() => Number(getComputedStyle(document.querySelector('.leaflet-{pane}-pane')).zIndex)")
        for pane in ("georeg-context", "overlay")
    )
    page.close()
    assert fetched == [200] and "Thành phố Cần Thơ" in names, (fetched, names)
    assert context < shapes  # under the reports' sites and lines
    assert problems == []


def test_a_report_before_the_reform_names_the_former_district_not_the_ward_of_july_2025(
    wind_reports, reporting_app_client, reporting_client
):
    """Trial 65 (F16): a report of May 2025 from 45 m outside former Thành phố Bạc Liêu, inside today's Phường Hiệp
    Thành, read "sent from Phường Hiệp Thành", a ward of July 2025: as the guide says, the unit in force on its day."""
    sent = reporting_app_client.post(
        f"/api/projects/{WIND_BAC_LIEU_1_2}/status",
        data={"status": "under_construction", "percent": "55", "lon": "105.8050", "lat": "9.2353",
              "reported_at": "2025-05-10"},
        headers={"Authorization": f"Bearer {wind_reports['token']}"},
    )  # fmt: skip
    assert sent.status_code == 201, sent.text
    for lang, said in (("vi", "gửi từ bờ biển Thành phố Bạc Liêu"), ("en", "sent on the coast of Bạc Liêu City")):
        page = reporting_client.get("/status-reports", params={"lang": lang, "reporter": "thang.cm"}).text
        row = next(r for r in page.split("<tr") if f"<td>{local_date(date(2025, 5, 10), lang)}<" in r)
        assert said in row and "Hiệp Thành" not in row, row


def test_a_list_cut_at_its_limit_says_how_many_match_and_how_to_see_the_rest(wind_reports, reporting_client):
    """Trial 65 (F17): 228 reports listed as "200 báo cáo", as if there were no more. Cut at the limit, the count says
    the newest of how many and how to see the earlier ones; not cut, just how many."""
    for lang, said in (("vi", "Báo cáo mới nhất trong "), ("en", "The newest of ")):  # one listed: no "The 1 newest"
        page = reporting_client.get("/status-reports", params={"lang": lang, "agency": "CM.SCT", "limit": 1}).text
        count = re.search(rf"<b>{said}(\d+)", page)
        assert count and int(count.group(1)) >= 2, page
        assert ("«Ghi nhận từ ngày»" if lang == "vi" else "“Recorded since”") in page
        whole = reporting_client.get("/status-reports", params={"lang": lang, "agency": "CM.SCT"}).text
        assert f"<b>{count.group(1)} {'báo cáo' if lang == 'vi' else 'reports'}</b>" in whole


def test_a_report_names_the_agency_its_sender_reported_for_on_its_day_and_the_one_holding_its_duties_today(
    reporting_engine, reporting_client
):
    """The list and its files named the sender's agency as of today: a report of January 2025 by an officer of Trà
    Vinh's Department of Natural Resources and Environment (TV.STNMT, merged in March 2025 and again in July), the
    account moved since to Vĩnh Long's Department of Agriculture and Environment, read as that department's. As a
    status sheet's step back names it (geo.agencies.REPORTERS_AGENCY), with the agency holding its duties today."""
    with Session(reporting_engine) as session, session.begin():
        officer = create_account(session, "stnmt.tv", role="editor", agency_code="TV.STNMT")
        forest = session.scalar(select(Project).where(Project.code == "TV-P7-COASTAL-FOREST"))  # 35 % in Dec 2024
        seen = {"reporter_account_id": officer.id, "reporter_name": "stnmt.tv", "source": "field report"}
        append_status_event(session, forest, status="under_construction", percent=40, reported_at=date(2025, 1, 11),
                            **seen)  # fmt: skip
    with Session(reporting_engine) as session, session.begin():  # later: an administrator moves the account
        account, moved = update_account(session, "stnmt.tv", {"agency": "VL.SNNMT"})
        record(session, actor="cli", action="update", entity="account", entity_id=account.id, changes=moved)
    that_day = {"vi": "Sở Tài nguyên và Môi trường tỉnh Trà Vinh (TV.STNMT)",
                "en": "Department of Natural Resources and Environment, Trà Vinh (TV.STNMT)"}  # fmt: skip
    now = {"vi": "nay là Sở Nông nghiệp và Môi trường tỉnh Vĩnh Long (VL.SNNMT)",
           "en": "now Department of Agriculture and Environment, Vĩnh Long (VL.SNNMT)"}  # fmt: skip
    for lang in ("vi", "en"):
        page = reporting_client.get("/status-reports", params={"lang": lang, "reporter": "stnmt.tv"}).text
        agency = page.split("<small class='agency'>")[1].split("</small>")[0]
        assert agency == f"{that_day[lang]}<br>{now[lang]}", agency
        table = reporting_client.get("/api/status-reports/table.csv", params={"reporter": "stnmt.tv", "lang": lang})
        rows = list(csv.reader(io.StringIO(table.content.decode("utf-8-sig")), delimiter=";" if lang == "vi" else ","))
        assert [row[9] for row in rows[1:]] == [f"{that_day[lang]}; {now[lang]}"], rows
    book = reporting_client.get("/api/status-reports/table.xlsx", params={"reporter": "stnmt.tv", "lang": "vi"})
    values = list(openpyxl.load_workbook(io.BytesIO(book.content)).active.iter_rows(values_only=True))
    assert values[1][9] == f"{that_day['vi']}; {now['vi']}", values
