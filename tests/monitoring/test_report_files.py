"""The consolidated report as the planning office files it: every year and format of both plans, and the DOCX and
XLSX opened as a reader would (python-docx, openpyxl): motto, plan number, the entered value, no raw codes."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections import Counter
from contextlib import nullcontext
from datetime import date

import pytest
from docx import Document
from docx.shared import Mm
from openpyxl import load_workbook
from PIL import Image
from printed_sheets import report_map_not_drawn
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from geo.annual_report import annual_report
from geo.annual_report_docx import to_docx
from geo.annual_report_xlsx import to_xlsx
from geo.vietnam_day import vietnam_today
from geo.vocab import BOUNDARY_SCHEMES, PROJECT_KINDS, PROJECT_STATUSES

TV, BL = "1099/QĐ-UBND", "148/QĐ-UBND"
YEARS = {TV: range(2017, vietnam_today().year + 1), BL: range(2023, vietnam_today().year + 1)}
RAW = {t.code for t in PROJECT_STATUSES + PROJECT_KINDS + BOUNDARY_SCHEMES} | {"True", "False", "None"}


def _report(monitoring, plan: str, year: int, fmt: str):
    response = monitoring.client.get("/api/reports/annual", params={"plan": plan, "year": year, "format": fmt})
    assert response.status_code == 200, (plan, year, fmt, response.text[:300])
    return response


@pytest.mark.parametrize("plan", [TV, BL])
def test_every_year_and_format_of_both_plans(monitoring, plan):
    """Every year of the plan as a sheet; as a document and a page its first year, by the districts of the time, and
    this year, by the 2025 communes (2025's are the same layout of other figures; Bạc Liêu's of 2024 and 2025 are read
    below). The printed map, 0.5–0.9 s of CPU a drawing, is drawn once a year: on the first year's page (landscape) and
    this year's document (portrait); the other format of the year carries a white pixel (report_map_not_drawn)."""
    years = YEARS[plan]
    map_drawn = {years[0]: "html", years[-1]: "docx"}
    for year in years:
        formats = ("xlsx", "csv", "docx", "html") if year in map_drawn else ("xlsx", "csv")
        bodies = {fmt: _report_drawn_if(fmt == map_drawn.get(year), monitoring, plan, year, fmt) for fmt in formats}
        assert all(bodies.values()), (plan, year, [fmt for fmt, body in bodies.items() if not body])
        rows = list(csv.reader(io.StringIO(bodies["csv"].decode("utf-8-sig")), delimiter=";"))
        assert rows[0][0] == "Nhiệm vụ số" and len(rows) > 1


def _report_drawn_if(drawn: bool, monitoring, plan: str, year: int, fmt: str) -> bytes:
    with nullcontext() if drawn else report_map_not_drawn():
        return _report(monitoring, plan, year, fmt).content


@pytest.fixture(scope="module")
def bl_2024_docx(monitoring, reported) -> Document:
    """Bạc Liêu's Word report of 2024 with the value and the accepted report, asked once for the tests that only read
    it (each asking drew its printed map again)."""
    return Document(io.BytesIO(_report(monitoring, BL, 2024, "docx").content))


@pytest.fixture(scope="module")
def reported(monitoring):
    """An indicator value and an accepted submission of Bạc Liêu's plan for 2024."""
    headers = monitoring.headers
    value = {"period": "2024", "value": 14426.5, "source": "Cục Thống kê Bạc Liêu"}
    entered = monitoring.client.post("/api/indicators/export_turnover/values", json=value, headers=headers("admin"))
    assert entered.status_code == 201, entered.text
    assign = {"lead": ["BL.SCT"], "partners": [], "from_year": 2024}
    params = {"plan": BL, "action": "8.2"}
    assert (
        monitoring.client.put(
            "/api/plan-actions/agencies", json=assign, params=params, headers=headers("admin")
        ).status_code
        == 200
    )
    body = {
        "plan": BL,
        "action": "8.2",
        "year": 2024,
        "results": "Đã vận hành thêm 2 nhà máy điện gió",
        "obstacles": "Chậm giải phóng mặt bằng",
        "proposals": "Hỗ trợ đấu nối lưới điện",
    }
    draft = monitoring.client.post("/api/submissions", json=body, headers=headers("bl_sct"))
    assert draft.status_code == 201, draft.text
    sid = draft.json()["id"]
    assert monitoring.client.post(f"/api/submissions/{sid}/submit", headers=headers("bl_sct")).status_code == 200
    assert monitoring.client.post(f"/api/submissions/{sid}/accept", headers=headers("cm_stc")).status_code == 200
    return body


def _no_raw_codes(texts: list[str], monitoring) -> None:
    """No code of the registry's vocabularies among the words, the plan's own titles aside (its 7.1 runs "giai đoạn
    2021 - 2025": a year, not the boundary scheme "2025")."""
    tasks = monitoring.client.get("/api/plan-actions", params={"plan": BL}).json()["tasks"]
    titles = {task[key] for task in tasks for key in ("title_vi", "title_en")}
    words = {word.strip(".,;:()") for text in texts if text not in titles for word in text.split()}
    assert not words & RAW, words & RAW


def test_the_docx_has_the_motto_the_plan_number_the_value_and_the_accepted_narrative(
    monitoring, reported, bl_2024_docx
):
    document = bl_2024_docx
    header = [cell.text for cell in document.tables[0].rows[0].cells]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc" in header[1]
    assert header[0].startswith("ỦY BAN NHÂN DÂN TỈNH CÀ MAU\nSỞ TÀI CHÍNH") and "/BC-STC" in header[0]
    assert f"Cà Mau, ngày {vietnam_today().day:02d}" in header[1]
    paragraphs = [p.text for p in document.paragraphs]
    assert any("Quyết định số 148/QĐ-UBND ngày 29/05/2024" in p for p in paragraphs)
    assert reported["results"] in paragraphs and any(reported["obstacles"] in p for p in paragraphs)
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "14.426,5" in cells  # the entered value, written the Vietnamese way
    _no_raw_codes(paragraphs + cells, monitoring)
    assert document.styles["Normal"].font.name == "Times New Roman"
    assert len(document.inline_shapes) == 1 and any(p.startswith("Hình 1. Tiến độ bình quân") for p in paragraphs)
    # the printed progress map, a portrait A4 sheet with its names, scale and legend (the former drawing had none)
    figure = document.inline_shapes[0]
    assert figure.height > figure.width
    sheet = Image.open(
        io.BytesIO(document.part.related_parts[figure._inline.graphic.graphicData.pic.blipFill.blip.embed].blob)
    )
    assert sheet.size[1] > sheet.size[0] > 1000


def test_the_docx_tables_give_their_long_texts_the_width(bl_2024_docx):
    """Rendered (LibreOffice), the indicator table's eight equal columns broke each indicator's name a word a line:
    the numbering narrow, the names wide, every column's longest word whole, the tables the page's text width."""
    for table in bl_2024_docx.tables[1:-1]:  # the data tables, between the header's and the signature's
        columns = [column.width for column in table.columns]
        assert columns[0] == min(columns) and len(set(columns[1:])) > 1, columns  # shared by their texts, not equal
        shortest = min(range(1, len(columns)), key=lambda i: max(len(cell.text) for cell in table.columns[i].cells))
        longest = max(range(1, len(columns)), key=lambda i: max(len(cell.text) for cell in table.columns[i].cells))
        assert columns[longest] > columns[shortest], columns
        assert abs(sum(columns) - Mm(165)) < Mm(1), columns
        assert all(cell.width == width for row in table.rows for cell, width in zip(row.cells, columns, strict=True))


def test_the_xlsx_has_bold_frozen_headers_widths_numbers_words_and_the_value(monitoring, reported):
    book = load_workbook(io.BytesIO(_report(monitoring, BL, 2024, "xlsx").content))
    texts = []
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2" and all(cell.font.bold for cell in sheet[1]), sheet.title
        assert all(sheet.column_dimensions[c].width >= 8 for c in "AB"), sheet.title
        texts += [str(v) for row in sheet.iter_rows(values_only=True) for v in row if isinstance(v, str | bool)]
    _no_raw_codes(texts, monitoring)
    indicators = list(book["Chỉ tiêu"].iter_rows(values_only=True))
    turnover = next(row for row in indicators if row[0] and row[0].startswith("Kim ngạch xuất khẩu"))
    assert 14426.5 in turnover  # a number, not text
    projects = list(book["Dự án"].iter_rows(values_only=True))
    status, percent = projects[0].index("Tình trạng cuối năm"), projects[0].index("Tiến độ (%)")
    assert {"Đang thi công", "Đang vận hành"} <= {row[status] for row in projects[1:]}
    assert all(isinstance(row[percent], float | int) or row[percent] is None for row in projects[1:])
    narrative = list(book["Báo cáo của cơ quan"].iter_rows(values_only=True))
    assert narrative[1][:4] == ("8.2", narrative[1][1], "Sở Công Thương tỉnh Bạc Liêu", reported["results"])
    heading = dict(book["Thông tin"].iter_rows(values_only=True))
    assert heading["Kế hoạch"].startswith("148/QĐ-UBND ngày 29/05/2024")
    assert heading["Đơn vị hành chính"] == "Huyện, thị xã, thành phố (trước 01/07/2025)"


def test_the_xlsx_gives_the_day_of_acceptance_in_vietnam(monitoring, reported):
    """Accepted at 01:15 on 4 December in Vietnam, 18:15 on the 3rd on the server's UTC clock: the trial's sheet said
    the 3rd where the DOCX and HTML said the 4th."""
    engine = create_engine(monitoring.url)
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE submission SET accepted_at = '2026-12-03 18:15+00' WHERE year = 2024 AND status = 'accepted'")
        )
    engine.dispose()
    narrative = list(load_workbook(io.BytesIO(_report(monitoring, BL, 2024, "xlsx").content))["Báo cáo của cơ quan"])
    day = [cell.value for cell in narrative[1]][[cell.value for cell in narrative[0]].index("Ngày tiếp nhận")]
    assert day.date() == date(2026, 12, 4), day


def test_reports_from_2025_are_by_the_2025_communes_and_the_successor_agencies(monitoring):
    book = load_workbook(io.BytesIO(_report(monitoring, TV, 2025, "xlsx").content))
    assert dict(book["Thông tin"].iter_rows(values_only=True))["Đơn vị hành chính"] == "Xã, phường (từ 01/07/2025)"
    actions = list(book["Nhiệm vụ"].iter_rows(values_only=True))[1:]
    unit_codes = {row[3] for row in actions if row[3]}
    assert unit_codes and all(len(code) == 5 for code in unit_codes)  # commune codes, not district codes
    earlier = load_workbook(io.BytesIO(_report(monitoring, TV, 2024, "xlsx").content))
    no_lead = "Kế hoạch không nêu cơ quan chủ trì (trong phần hệ thống đang lưu)"  # the priority projects P1–P10
    # the projects' rows (every action of the plan has one, its leads named: the actions without projects too)
    leads = {row[2] for row in list(earlier["Nhiệm vụ"].iter_rows(values_only=True))[1:] if row[2] and row[5]}
    # the wind farms' lead in 2024; Vĩnh Long's department from July 2025 on
    assert leads == {"Sở Công Thương tỉnh Trà Vinh", no_lead}
    assert {row[2] for row in actions if row[2] and row[5]} == {"Sở Công Thương tỉnh Vĩnh Long", no_lead}


def test_the_crosswalk_sheet_when_asked_shares_each_district_among_communes(monitoring):
    params = {"plan": BL, "year": 2025, "format": "xlsx", "crosswalk": "true"}
    book = load_workbook(io.BytesIO(monitoring.client.get("/api/reports/annual", params=params).content))
    rows = list(book["Đối chiếu huyện - xã"].iter_rows(values_only=True))[1:]
    by_district: dict[str, float] = {}
    for district_code, _, _, _, share, _ in rows:
        by_district[district_code] = by_district.get(district_code, 0) + share
    assert len(by_district) == 7  # Bạc Liêu's former districts
    assert all(abs(total - 100) < 0.1 for total in by_district.values()), by_district
    plain = load_workbook(io.BytesIO(_report(monitoring, BL, 2025, "xlsx").content))
    assert "Đối chiếu huyện - xã" not in plain.sheetnames


def _indicator_rows(monitoring, year: int) -> list[tuple]:
    book = load_workbook(io.BytesIO(_report(monitoring, BL, year, "xlsx").content))
    return list(book["Chỉ tiêu"].iter_rows(values_only=True))


def test_the_years_own_value_wins_over_its_half_year_and_a_half_year_alone_is_said_so(monitoring):
    enter = monitoring.client.post
    for code, period, value in (
        ("export_turnover", "2025-H1", 7.1),
        ("export_turnover", "2025", 15.2),
        ("shrimp_export_turnover", "2025-H1", 0.6),
    ):
        body = {"period": period, "value": value, "source": "Cục Thống kê"}
        done = enter(f"/api/indicators/{code}/values", json=body, headers=monitoring.headers("admin"))
        assert done.status_code == 201, done.text
    rows = _indicator_rows(monitoring, 2025)
    exports = next(r for r in rows if r[0] == "Kim ngạch xuất khẩu hàng hóa trên địa bàn")
    assert 15.2 in exports and "2025" in exports and 7.1 not in exports
    shrimp = next(r for r in rows if r[0] == "Kim ngạch xuất khẩu tôm")
    assert "2025-H1" in shrimp and any("chưa có số liệu cả năm" in str(c) for c in shrimp)


def test_vietnamese_reports_show_vietnamese_units_and_the_entering_agency(monitoring, reported, bl_2024_docx):
    rows = _indicator_rows(monitoring, 2024)
    units = {r[1] for r in rows[1:]}
    assert "tỷ USD" in units and "% GRDP" in units and not units & {"billion USD", "% of GRDP", "%/year"}
    cells = [c.text for t in bl_2024_docx.tables for row in t.rows for c in row.cells]
    assert any("tỷ USD" in c for c in cells) and not any("billion USD" in c for c in cells)
    assert not any("nhập bởi admin" in c for c in cells)


def test_the_action_sheet_has_reported_actions_without_projects_and_names_unlinked_projects(monitoring):
    def action_rows(plan: str = BL) -> list[tuple]:
        book = load_workbook(io.BytesIO(_report(monitoring, plan, 2023, "xlsx").content))
        return list(book["Nhiệm vụ"].iter_rows(values_only=True))[1:]

    with_projects = {row[0] for row in action_rows() if row[5]}
    listed = monitoring.client.get("/api/plan-actions/agencies", params={"plan": BL}).json()["actions"]
    action = next(a["code"] for a in listed if a["code"] not in with_projects and "." in a["code"])
    admin, params = monitoring.headers("admin"), {"plan": BL, "action": action}
    assign = {"lead": ["BL.SCT"], "partners": [], "from_year": 2023}
    assert monitoring.client.put("/api/plan-actions/agencies", json=assign, params=params, headers=admin).is_success
    body = {"plan": BL, "action": action, "year": 2023, "results": "Đã tổ chức 3 lớp tập huấn"}
    sid = monitoring.client.post("/api/submissions", json=body, headers=monitoring.headers("bl_sct")).json()["id"]
    assert monitoring.client.post(f"/api/submissions/{sid}/submit", headers=monitoring.headers("bl_sct")).is_success
    assert monitoring.client.post(f"/api/submissions/{sid}/accept", headers=monitoring.headers("cm_stc")).is_success
    rows = action_rows()
    reported = [row for row in rows if row[0] == action]
    assert len(reported) == 1 and "Đã tổ chức 3 lớp tập huấn" in reported[0] and reported[0][5] == 0
    unlinked = [row[1] for row in action_rows(TV) if row[0] is None]  # Trà Vinh has projects outside its actions
    assert unlinked and set(unlinked) == {"Chưa gắn nhiệm vụ"}


def test_the_html_action_table_says_how_it_counts_and_gives_an_actions_report_once(monitoring):
    """A trial's planner summed "Số dự án" to 22 projects where Bạc Liêu's plan has 13 (a project over several
    communes is counted in each), and read action 13.3's accepted report on each of its eight rows."""
    admin, params = monitoring.headers("admin"), {"plan": BL, "action": "13.3"}
    assign = {"lead": ["BL.SCT"], "partners": [], "from_year": 2025}
    assert monitoring.client.put("/api/plan-actions/agencies", json=assign, params=params, headers=admin).is_success
    said = "Đã chọn được nhà đầu tư cho khu xử lý Châu Hưng"
    body = {"plan": BL, "action": "13.3", "year": 2025, "results": said, "agency": "CM.SCT"}
    made = monitoring.client.post("/api/submissions", json=body, headers=admin)  # for CM.SCT, BL.SCT's successor
    assert made.status_code == 201, made.text
    sid = made.json()["id"]
    assert monitoring.client.post(f"/api/submissions/{sid}/submit", headers=admin).is_success
    assert monitoring.client.post(f"/api/submissions/{sid}/accept", headers=monitoring.headers("cm_stc")).is_success
    rows = [r for r in _csv_tables(_report(monitoring, BL, 2025, "csv").content, ";")[0] if r[0] == "13.3"]
    assert len(rows) > 1 and all(said in r for r in rows)  # the CSV is data: each row whole
    page = _report(monitoring, BL, 2025, "html").text
    assert page.count(said) == 1
    assert "được tính ở mỗi đơn vị có phần của nó" in page and "Số dự án trên địa bàn" in page


def test_a_registry_without_demonstration_data_says_nothing_of_it(monitoring):
    """A real province's registry holds no demonstration statuses: no note, no column, no mark in any format."""
    engine = create_engine(monitoring.url)
    with engine.begin() as conn:  # the history is append-only: its guard set aside for the test, then restored
        conn.execute(text("SET LOCAL session_replication_role = replica"))
        demo = [r[0] for r in conn.execute(text("UPDATE status_event SET is_demo = FALSE WHERE is_demo RETURNING id"))]
    try:  # the words of each format read, not its map (tests/test_map_export.py reads the demonstration line)
        assert demo
        book = load_workbook(io.BytesIO(_report(monitoring, BL, 2024, "xlsx").content))
        assert "Dữ liệu minh họa" not in dict(book["Thông tin"].iter_rows(values_only=True))
        assert "Nguồn tình trạng" not in next(book["Dự án"].iter_rows(values_only=True))
        assert "minh họa" not in _report(monitoring, BL, 2024, "csv").content.decode("utf-8-sig")
        with report_map_not_drawn():
            document = Document(io.BytesIO(_report(monitoring, BL, 2024, "docx").content))
            page = _report(monitoring, BL, 2024, "html").text
        texts = [p.text for p in document.paragraphs] + [
            c.text for t in document.tables for r in t.rows for c in r.cells
        ]
        assert not any("minh họa" in t for t in texts)
        assert "minh họa" not in page
    finally:
        with engine.begin() as conn:
            conn.execute(text("SET LOCAL session_replication_role = replica"))
            conn.execute(text("UPDATE status_event SET is_demo = TRUE WHERE id = ANY(:ids)"), {"ids": demo})
        engine.dispose()


# The report in English (?lang=en), for donors and partners: every format, no Vietnamese heading left. A heading in
# Vietnamese has its diacritics (names of places keep theirs: they are data, not headings).
def _vietnamese(text: str) -> bool:
    return any(unicodedata.normalize("NFD", char) != char or char in "đĐ" for char in text)


def _english(monitoring, plan: str, year: int, fmt: str):
    response = monitoring.client.get(
        "/api/reports/annual", params={"plan": plan, "year": year, "format": fmt, "lang": "en"}
    )
    assert response.status_code == 200, (plan, year, fmt, response.text[:300])
    assert f'_en.{fmt}"' in response.headers["content-disposition"]  # beside the Vietnamese file, not over it
    return response


def test_the_english_docx_is_the_same_report_in_english(monitoring, reported):
    document = Document(io.BytesIO(_english(monitoring, BL, 2024, "docx").content))
    header = [cell.text for cell in document.tables[0].rows[0].cells]
    assert (
        header[0].startswith("PEOPLE'S COMMITTEE OF CÀ MAU PROVINCE\nDEPARTMENT OF FINANCE") and "/BC-STC" in header[0]
    )
    assert "SOCIALIST REPUBLIC OF VIET NAM\nIndependence - Freedom - Happiness" in header[1]
    paragraphs = [p.text for p in document.paragraphs]
    assert any("Decision No. 148/QĐ-UBND of 29 May 2024" in p for p in paragraphs)
    assert any(p.startswith("English version, for information") for p in paragraphs)
    assert reported["results"] in paragraphs  # the agency's own words, as written: visibly Vietnamese, not blank
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "14,426.5" in cells and "14.426,5" not in cells
    assert "VND 15,934 billion" in " ".join(paragraphs)
    assert any(re.search(r"In operation\n\(reported \d{1,2} [A-Z][a-z]{2} \d{4}\)", cell) for cell in cells)
    words = {word.strip(".,;:()") for text in paragraphs + cells for word in text.split()}
    assert not {code for code in RAW if "_" in code or code[0].isupper()} & words  # "wind_farm" (English: "operating")
    headings = [p.text for p in document.paragraphs if p.runs and p.runs[0].bold and re.match(r"[IV]+\. ", p.text)]
    headings += [cell.text for table in document.tables[1:-1] for cell in table.rows[0].cells]
    headings += [p for p in paragraphs if p.startswith("Figure 1.")] + [document.tables[-1].rows[0].cells[1].text]
    assert len(headings) > 30 and not [h for h in headings if _vietnamese(h)], headings
    assert len(document.inline_shapes) == 1


def test_the_english_workbook_and_csv_head_name_and_write_in_english(monitoring, reported):
    engine = create_engine(monitoring.url)
    with engine.begin() as conn:  # a project with no English name: the sheet gives its Vietnamese one, not a blank
        name = conn.scalar(text("UPDATE project SET name_en = '' WHERE code = 'BL-13.9-WASTEWATER' RETURNING name_vi"))
    try:
        book = load_workbook(io.BytesIO(_english(monitoring, BL, 2024, "xlsx").content))
        rows = _csv_tables(_english(monitoring, BL, 2024, "csv").content, ",")[0]  # the action table
    finally:
        with engine.begin() as conn:
            conn.execute(text("UPDATE project SET name_en = 'Wastewater treatment for industrial clusters and towns' "
                              "WHERE code = 'BL-13.9-WASTEWATER'"))  # fmt: skip
        engine.dispose()
    assert book.sheetnames == [
        "About", "Actions", "Projects past due by action", "Agency reports", "Reports of the agencies",
        "Reports not in", "Indicators", "Computed indicators", "Projects", "Budget by action",
    ]  # fmt: skip
    # no salinity sheet: the registry's zones are of 2025, after the report's year
    headers = [cell.value for sheet in book.worksheets for cell in sheet[1]]
    assert not [h for h in headers if _vietnamese(str(h))], headers
    heading = dict(book["About"].iter_rows(values_only=True))
    assert heading["Plan"].startswith("148/QĐ-UBND of 29 May 2024 — Green growth action plan")
    assert heading["Administrative units"] == "Districts, towns and cities (before 1 Jul 2025)"
    turnover = next(r for r in book["Indicators"].iter_rows(values_only=True) if r[0] == "Merchandise export turnover")
    assert 14426.5 in turnover and "billion USD" in turnover
    projects = list(book["Projects"].iter_rows())
    columns = [cell.value for cell in projects[0]]
    statuses = {row[columns.index("Status at year end")].value for row in projects[1:]}
    assert {"Under construction", "In operation"} <= statuses
    assert name in {row[columns.index("Project")].value for row in projects[1:]}
    places = {row[columns.index("Location")].value for row in projects[1:]} - {None}
    assert "Bạc Liêu City" in places and any(place.endswith(" District") for place in places)
    days = [row[columns.index("Latest report")] for row in projects[1:]]
    assert all(day.number_format == "D MMM YYYY" and day.is_date for day in days)  # 29 May 2024
    narrative = list(book["Agency reports"].iter_rows(values_only=True))
    assert narrative[1][2] == "Department of Industry and Trade, Bạc Liêu" and narrative[1][3] == reported["results"]
    assert rows[0][:5] == ["Action", "Action title", "Lead agency", "Unit code", "Administrative unit"]
    assert not [h for h in rows[0] if _vietnamese(h)], rows[0]
    assert any(row[4].endswith(" District") for row in rows[1:])
    statuses = [row[9] for row in rows[1:] if row[5] != "0"]  # an action without a project says so
    assert all(re.fullmatch(r"([A-Z][a-z ]+: \d+(; )?)*", status) for status in statuses), statuses
    assert {row[9] for row in rows[1:] if row[5] == "0"} == {"No project attached to this action"}


def test_the_vietnamese_report_stays_the_default_and_named_as_before(monitoring):
    response = _report(monitoring, BL, 2024, "xlsx")
    assert response.headers["content-disposition"] == 'attachment; filename="bao-cao-148-2024.xlsx"'
    assert load_workbook(io.BytesIO(response.content)).sheetnames[:2] == ["Thông tin", "Nhiệm vụ"]


def test_every_format_says_which_agencies_have_not_sent_their_report(monitoring, reported, bl_2024_docx):
    """Section I listed the one accepted report and nothing of the others still owed: a director read it as complete
    (trial 57: 1 of 35 in). Each file now gives /monitoring's board: the counts, each agency, the reports not in."""
    board = monitoring.client.get("/api/submissions/board", params={"plan": BL, "year": 2024}).json()
    agencies = board["agencies"]
    late = sum(a["late"] for a in agencies)
    owed = late + sum(a["owed"] + a["submitted"] + a["returned"] + a["accepted"] for a in agencies)
    assert sum(a["accepted"] for a in agencies) == 1 and late == owed - 1 > 0  # 2024's due day is past
    summary = f"1 trong {owed} báo cáo các cơ quan phải gửi cho năm 2024 đã được tiếp nhận; {late} chưa gửi ({late} đã"
    document = bl_2024_docx
    paragraphs = [p.text for p in document.paragraphs]
    section_one = paragraphs[paragraphs.index("I. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ") + 1]
    assert section_one.startswith(summary), section_one
    assert "Tình hình báo cáo của các cơ quan" in paragraphs
    tables = {tuple(c.text for c in t.rows[0].cells): t for t in document.tables}
    per_agency = tables[("TT", "Cơ quan", "Số báo cáo phải gửi", "Đã tiếp nhận", "Đã gửi, chờ xem xét",
                         "Trả lại để bổ sung", "Chưa gửi, chưa đến hạn", "Quá hạn, chưa gửi",
                         "Tỷ lệ gửi đúng hạn (%)")]  # fmt: skip
    assert len(per_agency.rows) == 1 + len(agencies)
    not_in = tables[("TT", "Cơ quan", "Nhiệm vụ số", "Tên nhiệm vụ", "Tình trạng báo cáo")]
    states = Counter(row.cells[4].text for row in not_in.rows[1:])
    assert states == {"Quá hạn": late}
    assert ("Sở Công Thương tỉnh Cà Mau", "8.2") not in {(r.cells[1].text, r.cells[2].text) for r in not_in.rows}
    book = load_workbook(io.BytesIO(_report(monitoring, BL, 2024, "xlsx").content))
    assert dict(book["Thông tin"].iter_rows(values_only=True))["Tình hình báo cáo của các cơ quan"].startswith(summary)
    sheet = list(book["Tình hình báo cáo các cơ quan"].iter_rows(values_only=True))
    assert sum(row[1] for row in sheet[1:]) == owed and sum(row[6] for row in sheet[1:]) == late
    assert len(list(book["Báo cáo chưa gửi, quá hạn"].iter_rows())) == 1 + late
    with report_map_not_drawn():  # the pages' words read, not their maps
        page = _report(monitoring, BL, 2024, "html").text
        english = monitoring.client.get(
            "/api/reports/annual", params={"plan": BL, "year": 2024, "format": "html", "lang": "en"}
        ).text
    assert summary in page and page.count(">Quá hạn</td>") == late
    assert f"1 of the {owed} reports the agencies owe for 2024 accepted; {late} not yet sent ({late} late)" in english
    assert "Tình hình báo cáo của các cơ quan”" in section_one  # Word's section I points to the list; the page has it


def _csv_tables(body: bytes, delimiter: str) -> list[list[list[str]]]:
    """The CSV's tables: the runs of rows between blank rows, as a spreadsheet takes each for a region."""
    tables: list[list[list[str]]] = [[]]
    for row in csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=delimiter):
        if row:
            tables[-1].append(row)
        elif tables[-1]:
            tables.append([])
    return tables


@pytest.mark.parametrize(("lang", "delimiter", "decimal"), [("vi", ";", ","), ("en", ",", ".")])
def test_the_csv_gives_the_board_of_the_agencies_reports_under_the_action_table(
    monitoring, reported, lang, delimiter, decimal
):
    """The DOCX, the workbook and the page say who owes which report; the CSV had the action table alone (trial 57):
    its board follows, a blank row apart, with its title and sentence, the workbook's rows, the reports not in."""
    params = {"plan": BL, "year": 2024, "format": "csv", "lang": lang}
    body = monitoring.client.get("/api/reports/annual", params=params).content
    params["format"] = "xlsx"
    book = load_workbook(io.BytesIO(monitoring.client.get("/api/reports/annual", params=params).content))
    actions, board, not_in, *_ = _csv_tables(body, delimiter)
    assert actions[0][0] == book.worksheets[1]["A1"].value  # the action table first, as before
    title, sentence, header, *agencies = board
    assert title == [{"vi": "Tình hình báo cáo của các cơ quan", "en": "Reports of the agencies"}[lang]]
    assert sentence == [dict(book.worksheets[0].iter_rows(values_only=True))[title[0]]]
    sheet = list(book[{"vi": "Tình hình báo cáo các cơ quan", "en": "Reports of the agencies"}[lang]].values)
    assert header == list(sheet[0]) and len(agencies) == len(sheet) - 1
    for row, cells in zip(agencies, sheet[1:], strict=True):
        assert row[:7] == [str(c) for c in cells[:7]]
        rate = cells[7]
        assert row[7] == ("" if rate is None else f"{rate:.1f}".replace(".", decimal))
    assert any(row[7] for row in agencies)  # the agency whose report was accepted has its rate
    late = list(book[{"vi": "Báo cáo chưa gửi, quá hạn", "en": "Reports not in"}[lang]].values)
    assert not_in[1:] == [list(r) for r in late] and len(late) > 1


def test_a_plan_of_many_projects_lists_those_past_due_in_its_document_and_every_one_in_its_workbook(monitoring):
    """A plan of 10,009 projects made a document of some 71,000 paragraphs (trial s72). Over the document's limit
    (here 5: the plan has more, some past due), its table lists the projects past due and says where the rest are."""
    engine = create_engine(monitoring.url)
    with Session(engine) as session:
        report = annual_report(session, TV, 2025, lang="vi")
    engine.dispose()
    late = [p["name"] for p in report.projects if p["schedule_code"] == "past_due"]
    assert 0 < len(late) < len(report.projects) and len(report.projects) > 5
    document = Document(io.BytesIO(to_docx(report, listed_whole=5)))
    said = f"Bảng dưới đây liệt kê {len(late)} dự án quá hạn"
    assert any(
        p.text.startswith(said) and f"danh sách đủ {len(report.projects)} dự án" in p.text for p in document.paragraphs
    )

    def project_rows(document: Document) -> list[str]:  # the table headed as section III's
        [table] = [
            t for t in document.tables if [c.text for c in t.rows[0].cells][1:4] == ["Nhiệm vụ", "Dự án", "Địa bàn"]
        ]
        return [row.cells[2].text for row in table.rows[1:]]

    assert project_rows(document) == late[:5]
    whole = Document(io.BytesIO(to_docx(report)))  # under the limit: every project, nothing said
    assert len(project_rows(whole)) == len(report.projects) and not any(said in p.text for p in whole.paragraphs)


def test_a_text_stored_with_control_characters_gives_files_that_open_saying_it_was_cleaned(monitoring, reported):
    """A submission's results pasted from Word (its line break U+000B) and a stray U+0001: the yearly report's Word
    file would not be written (XML 1.0 forbids them; lxml refused) nor its workbook (openpyxl refused). Stored before
    the API refused them, they are cleaned for the files (Word's line break made a line break), and the notes say which
    text was; the API now refuses such a text with the field named, in the request's language."""
    pasted = "Đã vận hành\x0bthêm 2 nhà máy điện gió\x01"
    engine = create_engine(monitoring.url)
    stored = text("UPDATE submission SET results = :to WHERE results = :was")
    with engine.begin() as connection:
        assert connection.execute(stored, {"to": pasted, "was": reported["results"]}).rowcount == 1
    try:
        with Session(engine) as session:
            report, english = (annual_report(session, BL, 2024, lang=lang) for lang in ("vi", "en"))
        document = Document(io.BytesIO(to_docx(english)))  # no printed map: seconds a drawing
        paragraphs = [p.text for p in document.paragraphs]
        assert "Đã vận hành\nthêm 2 nhà máy điện gió" in paragraphs
        assert any(p.startswith("Note: Characters that are not text") for p in paragraphs)
        assert "“Đã vận hành thêm 2 nhà máy điện gió” (U+0001, U+000B)" in " ".join(paragraphs)
        notes = dict(load_workbook(io.BytesIO(to_xlsx(report))).worksheets[0].iter_rows(values_only=True))
        assert "«Đã vận hành thêm 2 nhà máy điện gió» (U+0001, U+000B)" in notes["Ký tự đã bỏ"]
    finally:
        with engine.begin() as connection:
            connection.execute(stored, {"to": reported["results"], "was": pasted})
        engine.dispose()
    body = {"plan": BL, "action": "8.2", "year": 2025, "results": pasted}
    for lang, said in (("en", "holds characters that are not text (U+0001, U+000B"), ("vi", "có ký tự không phải chữ")):
        headers = monitoring.headers("bl_sct") | {"Accept-Language": lang}
        refused = monitoring.client.post("/api/submissions", json=body, headers=headers)
        assert refused.status_code == 422 and refused.json()["detail"][0]["loc"] == ["body", "results"]
        assert said in refused.json()["detail"][0]["msg"]
