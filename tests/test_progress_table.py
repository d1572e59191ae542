"""The progress per unit as a table (trial 57, F17): under the /progress map and as XLSX or CSV, the same rows as
/api/progress; and the yearly report by former district, linked from /monitoring."""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import parse_qs, urlparse

import openpyxl
import pandas
import pyogrio
import pytest
from painted_map import open_map
from watched_pages import watch

from geo.csv_files import csv_number
from geo.vi_format import local_date, local_number, local_percent
from geo.vietnam_day import vietnam_today

TRA_VINH = {"province": "84"}  # its former districts, Duyên Hải among them with projects under way
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1366, "height": 900}}


def _units(client, **params):
    return client.get("/api/progress", params=params).json()["units"]


def test_the_spreadsheet_has_a_row_per_unit_with_the_figures_of_the_map(client):
    units = _units(client, **TRA_VINH)
    response = client.get("/api/progress/table.xlsx", params=TRA_VINH)
    assert response.status_code == 200
    assert "georeg_progress_pre2025-district_province-84_" in response.headers["content-disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    heading, *rows, total = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert heading == [
        "Đơn vị hành chính",
        "Mã",
        "Số dự án",
        "Phần dự án trong đơn vị",
        "Tiến độ bình quân (%)",
        "Ghi chú",
    ]
    assert [row[1] for row in rows] == [u["code"] for u in units] and total[1] == "84"
    figures = [[u["projects"], u["project_share_sum"], u["progress_percent"]] for u in units]
    assert [row[2:5] for row in rows] == figures
    # a line across two districts counts in each, and its parts in them sum to one (trial 60: the districts' counts
    # summed past the province's)
    assert any(row[3] < row[2] for row in rows) and sum(row[3] for row in rows) < sum(row[2] for row in rows)
    assert rows[[u["code"] for u in units].index("850")][0] == "Huyện Duyên Hải"  # with its type: not the town
    assert sheet.cell(2, 5).number_format == "0.0"


def test_a_mean_counting_demonstration_statuses_is_marked_as_on_the_units_page_and_stays_a_number(client):
    """Trial 65 (F15): /units/pre2025/958 read "52,5 % (minh họa)" and the printed sheet too, while /progress's files
    gave "52,5" with no mark: a planner copying the table lost the caveat. A note says so; the mean stays a number."""
    params = {"scheme": "pre2025", "level": "district", "province": "95"}
    units = {u["code"]: u for u in _units(client, **params)}
    assert units["958"]["progress_is_demo"] and not all(u["progress_is_demo"] for u in units.values())
    for lang, mark in (("vi", "(minh họa)"), ("en", "(demo)")):
        book = client.get("/api/progress/table.xlsx", params=params | {"lang": lang}).content
        heading, *rows = list(openpyxl.load_workbook(io.BytesIO(book)).active.iter_rows(values_only=True))
        assert heading[-1] == {"vi": "Ghi chú", "en": "Note"}[lang]
        for row in rows[:-1]:
            assert row[-1].startswith(mark) == units[row[1]]["progress_is_demo"], row
        assert isinstance(next(r for r in rows if r[1] == "958")[4], float)
        text = client.get("/api/progress/table.csv", params=params | {"lang": lang}).content.decode("utf-8-sig")
        assert mark in next(line for line in text.splitlines() if "958" in line)


def test_a_unit_with_no_mean_has_no_demonstration_note_in_the_files(client):
    """Weighed by budget, Huyện Vĩnh Lợi has no figure (no budget) yet its row's note read "(minh họa) …", a caveat on
    nothing, as the page's table read "— (minh họa)"; the API said ``progress_is_demo`` of it too, in its rows and in
    its GeoJSON, which the web map and the printed sheet read: a unit with no figure is not marked, anywhere."""
    params = {"scheme": "pre2025", "level": "district", "weight": "budget"}
    units = {u["code"]: u for u in _units(client, **params)}
    blank = [code for code, u in units.items() if u["projects"] > 0 and u["progress_percent"] is None]
    assert blank and not any(units[code]["progress_is_demo"] for code in blank)
    collection = client.get("/api/progress", params=params | {"format": "geojson"}).json()
    marked = {f["properties"]["code"]: f["properties"]["progress_is_demo"] for f in collection["features"]}
    assert marked == {code: u["progress_is_demo"] for code, u in units.items()} and any(marked.values())
    book = client.get("/api/progress/table.xlsx", params=params | {"lang": "en"}).content
    heading, *rows = list(openpyxl.load_workbook(io.BytesIO(book)).active.iter_rows(values_only=True))
    notes = {row[1]: row[-1] for row in rows[:-1]}
    assert all(not notes[code] for code in blank), (blank, notes)
    assert all(bool(notes[code]) == u["progress_is_demo"] for code, u in units.items())


def test_the_spreadsheets_total_rows_are_bold_and_its_units_are_not(client):
    """A province's total read as one more unit in a plain row (trial 64): bold, as a printed total row is."""
    params = {"scheme": "2025", "weight": "budget"}
    sheet = openpyxl.load_workbook(io.BytesIO(client.get("/api/progress/table.xlsx", params=params).content)).active
    rows = list(sheet.iter_rows(min_row=2))
    totals = [row for row in rows if str(row[0].value).startswith("Tổng")]
    assert len(totals) == 2 and all(cell.font.b for row in totals for cell in row if cell.value is not None)
    assert totals[0][3].number_format == "#,##0.00##"  # bold, in the column's number format still
    assert not any(cell.font.b for row in rows if row not in totals for cell in row)


def test_the_vietnamese_csv_opens_in_columns_with_decimal_commas_and_the_english_one_is_headed_in_english(client):
    units = _units(client, scheme="2025", weight="budget", **TRA_VINH)
    vi = client.get("/api/progress/table.csv", params={"scheme": "2025", "weight": "budget", **TRA_VINH})
    heading, *rows = list(csv.reader(io.StringIO(vi.content.decode("utf-8-sig")), delimiter=";"))
    assert heading[-2:] == ["Vốn (tỷ đồng, phần trong đơn vị)", "Ghi chú"]
    song_loc = next(u for u in units if u["progress_percent"] and not u["progress_percent"].is_integer())
    row = next(r for r in rows if r[1] == song_loc["code"])
    assert row[4] == local_number(song_loc["progress_percent"], "vi", digits=1) and "," in row[4]
    assert row[5] == csv_number(song_loc["weight_total"], "vi") and "." not in row[5]  # 4331,6284: a number to Excel
    en = client.get("/api/progress/table.csv", params={"lang": "en", **TRA_VINH})
    assert next(csv.reader(io.StringIO(en.content.decode("utf-8-sig")))) == [
        "Administrative unit",
        "Code",
        "Projects",
        "Projects' part in the unit",
        "Mean progress (%)",
        "Note",
    ]
    assert "_en.csv" in en.headers["content-disposition"]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_progress_page_shows_the_units_table_under_the_map_on_a_phone(new_tab, live_server, client, lang):
    units = _units(client, **TRA_VINH)
    page = new_tab(**PHONE)
    problems = watch(page)
    # Trà Vinh's former districts, as its yearly report by district counts them
    open_map(page, f"{live_server}/progress?province=84&lang={lang}&scheme=pre2025")
    table = page.locator("#georeg-progress-table")
    table.locator("tbody tr").first.wait_for()
    names = table.locator("tbody tr:not(.total) th").all_inner_texts()
    assert len(names) == len(units) and ("Huyện Duyên Hải" if lang == "vi" else "Duyên Hải District") in names
    duyen_hai = table.locator("tbody tr", has_text="Thị xã Duyên Hải" if lang == "vi" else "Duyên Hải Town")
    shown = next(u for u in units if u["code"] == "851")
    figure = local_number(shown["progress_percent"], lang, digits=1)
    mark = {"vi": " (minh họa)", "en": " (demo)"}[lang] if shown["progress_is_demo"] else ""
    assert duyen_hai.locator("td.n").last.inner_text() == figure + mark
    # under the map, its heading in sight at the screen's foot, and no wider than the phone
    assert page.locator(".folium-map").bounding_box()["height"] < 844
    assert table.bounding_box()["y"] < 844
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    link = parse_qs(urlparse(table.locator("#georeg-table-xlsx").get_attribute("href")).query)
    assert link["province"] == ["84"] and link["lang"] == [lang] and link["scheme"] == ["pre2025"]
    # weighed by budget, five columns of figures: the table scrolls across, the page stays the phone's width
    open_map(page, f"{live_server}/progress?scheme=2025&lang={lang}&weight=budget")
    table.locator("tr.total").first.wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert problems == []


@pytest.mark.parametrize(
    ("lang", "separator", "total"),
    [("vi", ";", "Tổng Tỉnh Vĩnh Long (41 đơn vị)"), ("en", ",", "Total, Vĩnh Long Province (41 units)")],
)
def test_each_provinces_units_are_followed_by_its_total_whose_parts_add_up_to_its_count(client, lang, separator, total):
    """Trial 62, F17: "that column adds up to the province's count" needed a calculator; a commune's 0,04 of a line
    read 0 beside 1 project."""
    params = {"scheme": "2025", "lang": lang}
    units = _units(client, scheme="2025")
    provinces = {"86", "96"}
    projects = client.get("/api/projects", params={"province": "86", "limit": 1000}).json()["features"]
    sited = [f for f in projects if f["geometry"] is not None]  # a project without a site lies in no commune
    text = client.get("/api/progress/table.csv", params=params).content.decode("utf-8-sig")
    heading, *rows = list(csv.reader(io.StringIO(text), delimiter=separator))
    totals = [n for n, row in enumerate(rows) if row[1] in provinces]
    assert [rows[n][1] for n in totals] == ["86", "96"] and totals[-1] == len(rows) - 1
    vinh_long = rows[: totals[0] + 1]
    assert vinh_long[-1][0] == total and vinh_long[-1][2] == ""  # a project across two communes counts in each
    parts = [u["project_share_sum"] for u in units if u["province_code"] == "86"]
    assert vinh_long[-1][3] == csv_number(round(sum(parts), 2), lang) == csv_number(len(sited), lang)
    ca_mau = client.get("/api/projects", params={"province": "96", "limit": 1000}).json()["features"]
    sited_ca_mau = [f for f in ca_mau if f["geometry"] is not None]  # its parts read "9,0001" summed to 4 decimals
    assert rows[totals[-1]][3] == csv_number(len(sited_ca_mau), lang)
    weighed = [u for u in units if u["province_code"] == "86" and u["progress_percent"] is not None]
    mean = sum(u["progress_percent"] * u["weight_total"] for u in weighed) / sum(u["weight_total"] for u in weighed)
    assert vinh_long[-1][4] == csv_number(mean, lang, 1)
    hoa_thuan = next(row for row in rows if row[1] == "29398")  # Phường Hòa Thuận: 1 project, 0,0393 of it
    assert hoa_thuan[2:4] == ["1", "0,0393" if lang == "vi" else "0.0393"]
    sheet = openpyxl.load_workbook(io.BytesIO(client.get("/api/progress/table.xlsx", params=params).content)).active
    written = {row[1].value: row for row in sheet.iter_rows(min_row=2)}
    assert written["86"][0].value == total and written["86"][2].value is None
    assert written["86"][3].value == pytest.approx(sum(parts), abs=1e-3)
    assert written["29398"][3].value == 0.0393 and written["29398"][3].number_format == "#,##0.00##"


@pytest.mark.parametrize(
    ("lang", "mean_figure", "part_figure", "decimal"),
    [
        ("vi", r"\d{1,3}(\.\d{3})*,\d( \(minh họa\))?|—", r"\d{1,3}(\.\d{3})*,\d\d|< 0,01|—", ","),
        ("en", r"\d{1,3}(,\d{3})*\.\d( \(demo\))?|—", r"\d{1,3}(,\d{3})*\.\d\d|< 0\.01|—", "."),
    ],
)
def test_the_progress_tables_means_have_one_decimal_and_parts_two(
    new_tab, live_server, client, lang, mean_figure, part_figure, decimal
):
    """Trial 67: /progress's table read "20", "26" and "0" beside "53,3" and "92,9" (its CSV "20,0"): each mean
    has one decimal, as the files and the printed sheet write it. Session 66: the projects' part in a unit read "2"
    beside "0,25" where the planners' guide says two decimals: every part has two, a whole one too ("2,00"), in the
    page's language. Both read from one open page."""
    page = new_tab(**DESKTOP)
    problems = watch(page)
    open_map(page, f"{live_server}/progress?province=84&scheme=pre2025&lang={lang}")
    table = page.locator("#georeg-progress-table")
    table.locator("tr.total").first.wait_for()
    cells = "(rows, n) => rows.map(r => r.querySelectorAll('td.n')[n].innerText)"
    means = table.locator("tbody tr").evaluate_all(cells, 2)
    assert len(means) == 10 and all(re.fullmatch(mean_figure, mean) for mean in means), means
    units = _units(client, **TRA_VINH)
    percents = {u["code"]: u["progress_percent"] for u in units}
    whole = next(code for code, mean in percents.items() if mean is not None and mean.is_integer())  # Càng Long's 20
    row = table.locator("tr", has=page.locator("td.code", has_text=whole))
    assert row.locator("td.n").nth(2).inner_text() == local_percent(percents[whole], lang, sign=False)

    parts = table.locator("tbody tr").evaluate_all(cells, 1)
    assert len(parts) == 10 and all(re.fullmatch(part_figure, part) for part in parts), parts
    shares = {u["code"]: u["project_share_sum"] for u in units}
    code = next(code for code, part in shares.items() if part and float(part).is_integer())
    row = table.locator("tr", has=page.locator("td.code", has_text=code))
    assert row.locator("td.n").nth(1).inner_text() == f"{shares[code]:.2f}".replace(".", decimal)
    assert problems == []


@pytest.mark.parametrize(
    ("lang", "part", "total"), [("vi", "0,04", "Tổng Tỉnh Cà Mau"), ("en", "0.04", "Total, Cà Mau Province")]
)
def test_the_progress_table_shows_a_small_part_not_0_and_a_total_row_per_province(
    new_tab, live_server, lang, part, total
):
    page = new_tab(**DESKTOP)
    problems = watch(page)
    open_map(page, f"{live_server}/progress?scheme=2025&lang={lang}")
    table = page.locator("#georeg-progress-table")
    table.locator("tbody tr").first.wait_for()
    hoa_thuan = table.locator("tr", has=page.locator("td.code", has_text="29398"))
    assert hoa_thuan.locator("td.n").nth(1).inner_text() == part  # it read 0 beside "1 project"
    totals = table.locator("tr.total")
    assert totals.count() == 2 and totals.last.locator("th").inner_text().startswith(total)
    assert totals.last.locator("td.n").first.inner_text() == ""  # the projects: a project in two units counts twice
    assert table.locator("tbody").last.locator("tr").last.get_attribute("class") == "total"  # under its units
    assert problems == []


@pytest.mark.parametrize(("lang", "mark"), [("vi", "(minh họa)"), ("en", "(demo)")])
def test_the_progress_tables_mean_counting_demonstration_statuses_is_marked_and_the_mark_explained(
    new_tab, live_server, client, lang, mark
):
    """Trial 65 (F15): "Huyện Vĩnh Lợi 958 2 2 52,5" with no mark, the unit's page saying "52,5 % (minh họa)"."""
    page = new_tab(**DESKTOP)
    problems = watch(page)
    open_map(page, f"{live_server}/progress?scheme=pre2025&province=95&lang={lang}")
    table = page.locator("#georeg-progress-table")
    table.locator("tbody tr").first.wait_for()
    vinh_loi = table.locator("tr", has=page.locator("td.code", has_text="958"))
    assert vinh_loi.locator("td.n").nth(2).inner_text().endswith(mark)
    assert table.locator("p.note", has_text=mark).count() == 1  # what it means, once under the table
    units = _units(client, scheme="pre2025", province="95")
    unmarked = next(u["code"] for u in units if not u["progress_is_demo"] and u["progress_percent"] is not None)
    row = table.locator("tr", has=page.locator("td.code", has_text=unmarked))
    assert mark not in row.inner_text()
    assert problems == []


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_on_a_phone_a_means_demonstration_mark_is_in_sight_without_scrolling_across(new_tab, live_server, lang):
    """The mark stood past the table's right edge on a phone ("43.7 (dem"), read only by scrolling sideways; weighed
    by budget, a unit with no figure read "— (minh họa)", a mark on nothing."""
    page = new_tab(**PHONE)
    problems = watch(page)
    open_map(page, f"{live_server}/progress?scheme=pre2025&lang={lang}")
    table = page.locator("#georeg-progress-table")
    table.locator("tr.total").first.wait_for()
    scroll = table.locator(".scroll")
    assert scroll.evaluate("e => e.scrollWidth <= e.clientWidth")  # nothing to scroll across to
    marks = table.locator(".demo-mark")
    right = scroll.bounding_box()["x"] + scroll.bounding_box()["width"]
    assert marks.count() > 2 and all(
        box["x"] + box["width"] <= right
        for box in marks.evaluate_all(
            "marks => marks.map(m => { const r = m.getBoundingClientRect(); return {x: r.x, width: r.width}; })"
        )
    )
    open_map(page, f"{live_server}/progress?scheme=pre2025&lang={lang}&weight=budget")
    table.locator("tr.total").first.wait_for()
    means = table.locator("tbody tr td.n:nth-child(5)").all_inner_texts()
    assert "—" in means and all(mean == "—" for mean in means if mean.startswith("—")), means
    assert problems == []


def test_the_maps_projects_spreadsheet_is_named_for_what_it_holds(client):
    page = client.get("/progress").text
    assert "Dự án đã lọc (Excel)" in page and "bảng tính (Excel)" not in page


def test_monitoring_links_the_yearly_report_by_former_district_beside_the_commune_one(new_tab, live_server):
    page = new_tab(**DESKTOP)
    page.goto(f"{live_server}/monitoring", wait_until="networkidle")
    page.fill("#year", "2025")
    page.click("#show")
    page.wait_for_function("document.getElementById('report-districts-docx').href.includes('/api/reports/annual')")
    districts = parse_qs(urlparse(page.locator("#report-districts-docx").get_attribute("href")).query)
    communes = parse_qs(urlparse(page.locator("#report-docx").get_attribute("href")).query)
    assert districts["scheme"] == ["pre2025"] and "scheme" not in communes
    assert districts["plan"] == communes["plan"] and districts["year"] == ["2025"]


def test_printed_from_the_browser_the_map_fills_its_page_and_the_table_follows_on_the_next(new_tab, live_server):
    page = new_tab(**DESKTOP)
    open_map(page, f"{live_server}/progress?province=84")
    page.locator("#georeg-progress-table tbody tr").first.wait_for()
    page.emulate_media(media="print")
    height = page.evaluate("document.querySelector('.folium-map').getBoundingClientRect().height")
    assert height == pytest.approx(190 / 25.4 * 96, abs=1)  # the A4 page's printable height, not a strip short
    assert page.evaluate("getComputedStyle(document.getElementById('georeg-progress-table')).breakBefore") == "page"


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "vi",
            [
                "Tính đến ngày: 30/06/2025",
                "Cấp: Xã, phường (ranh giới từ 01/07/2025)",
                "Trọng số: vốn (tỷ đồng)",
                "Tỉnh: Cà Mau (96, từ 01/07/2025)",
            ],
        ),
        (
            "en",
            [
                "As of: 30 Jun 2025",
                "Level: Commune (boundaries from 1 July 2025)",
                "Weight: budget (billion VND)",
                "Province: Cà Mau Province (96, from 1 July 2025)",
            ],
        ),
    ],
)
def test_the_spreadsheet_says_the_day_provinces_weight_and_boundaries_on_a_sheet_after_the_table(
    client, tmp_path, lang, said
):
    """A user trial: a planner opening /progress's workbook a week later could not tell which day, province, weight
    or boundaries its figures were of, nor that some were demonstration figures. /changes' file says such things in
    its first rows; here on a second sheet, as GDAL (QGIS) and pandas read a sheet's first row as its headings: the
    table's sheet, first, reads whole as a table in both."""
    params = {"scheme": "2025", "weight": "budget", "as_of": "2025-06-30", "province": "96", "lang": lang}
    response = client.get("/api/progress/table.xlsx", params=params)
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        {"vi": "Xã, phường", "en": "Commune"}[lang],
        {"vi": "Thông tin tệp", "en": "About this file"}[lang],
    ]
    lines = [row[0] for row in book.worksheets[1].iter_rows(values_only=True)]
    assert (
        lines[0]
        == {"vi": "Tiến độ dự án theo đơn vị hành chính", "en": "Project progress by administrative unit"}[lang]
    )
    assert all(line in lines for line in said), lines
    assert "as-of-2025-06-30" in response.headers["content-disposition"]
    path = tmp_path / "progress.xlsx"
    path.write_bytes(response.content)
    heading = {"vi": "Đơn vị hành chính", "en": "Administrative unit"}[lang]
    for table in (pandas.read_excel(path), pyogrio.read_dataframe(path)):
        assert list(table.columns)[:2] == [heading, {"vi": "Mã", "en": "Code"}[lang]]
        assert str(table.iloc[-1, 1]) == "96"  # the province's total row last, under its communes


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_demonstration_figures_are_said_among_the_spreadsheets_lines_and_the_download_day_when_none_is_asked(
    client, lang
):
    """The units whose mean counts demonstration statuses are counted among the lines (their rows say it in the Note
    column); with no day asked for, the figures are the download day's, and the lines say so."""
    params = {"scheme": "pre2025", "province": "95", "lang": lang}
    demo = sum(u["progress_is_demo"] for u in _units(client, scheme="pre2025", province="95"))
    book = openpyxl.load_workbook(io.BytesIO(client.get("/api/progress/table.xlsx", params=params).content))
    lines = [row[0] for row in book.worksheets[1].iter_rows(values_only=True)]
    today = local_date(vietnam_today(), lang)
    assert {"vi": f"Tính đến ngày: {today} (ngày tải tệp)", "en": f"As of: {today} (the day of the download)"}[
        lang
    ] in lines
    assert any(
        line.startswith(
            {
                "vi": f"Số liệu minh họa: tiến độ của {demo} đơn vị",
                "en": f"Demonstration figures: the progress of {demo} units",
            }[lang]
        )
        for line in lines
    ), lines
    assert {
        "vi": "Tỉnh: Bạc Liêu (95, trước 01/07/2025)",
        "en": "Province: Bạc Liêu Province (95, before 1 July 2025)",
    }[lang] in lines


def test_the_csv_is_the_table_alone_as_gdal_reads_it_its_name_saying_the_weight_and_day(client, tmp_path):
    """Lines over a CSV's headings (as /changes' CSV has) broke GDAL's CSV driver, QGIS's: it took the title for the
    headings, split at its spaces, and read each line as a row (GDAL 3.6 and 3.12; lines starting "#" alike: the
    driver knows no comments). The CSV stays the table, its headings in its first line; what its figures are of that
    its columns do not say, the weight and the day asked for, is in its name."""
    params = {"scheme": "2025", "weight": "budget", "as_of": "2025-06-30", "province": "96", "lang": "en"}
    response = client.get("/api/progress/table.csv", params=params)
    name = "georeg_progress_2025-commune-budget_province-96_as-of-2025-06-30_"
    assert name in response.headers["content-disposition"]
    # every filter named: an unfiltered table of the day overwrote one filtered by kind (trial 73)
    kinds = client.get("/api/progress/table.csv", params={"kind": "waste_treatment", **TRA_VINH})
    assert "_province-84_kind-waste_treatment_" in kinds.headers["content-disposition"]
    path = tmp_path / "progress.csv"
    path.write_bytes(response.content)
    for table in (pyogrio.read_dataframe(path), pandas.read_csv(path, encoding="utf-8-sig", dtype=str)):
        assert list(table.columns)[:2] == ["Administrative unit", "Code"]
        assert table.iloc[-1, 1] == "96"
