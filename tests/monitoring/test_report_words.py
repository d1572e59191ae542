"""The yearly report's words as a planner (Vietnamese) and a donor (English) read them, in each format (trial 50): the
sources the registry itself composes in the report's language, units named with their type, amounts written as the
layers' sheets write them, and the demonstration column said plainly."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable
from itertools import takewhile

import lxml.html
import pytest
from docx import Document
from httpx2 import Response
from openpyxl import load_workbook
from printed_sheets import drawn_once
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from geo.forest import compute_unit_stats, register_demo_raster

BL = "148/QĐ-UBND"


@pytest.fixture(scope="module")
def registry(monitoring, tmp_path_factory):
    """The sample with the demonstration forest raster of 2024 (its cover a value the registry records) and the
    export turnover of 2024 given by two former districts only (the province's figure rolled up from them); its
    ``client.get``, each path and parameters asked once."""
    engine = create_engine(monitoring.url)
    with Session(engine) as session, session.begin():
        compute_unit_stats(session, register_demo_raster(session, tmp_path_factory.mktemp("forest"), 2024))
    engine.dispose()
    for unit, value in (("954", 100.0), ("956", 25.5)):
        body = {"period": "2024", "unit": unit, "value": value, "source": "Chi cục Thống kê"}
        entered = monitoring.client.post(
            "/api/indicators/export_turnover/values", json=body, headers=monitoring.headers("admin")
        )
        assert entered.status_code == 201, entered.text
    return drawn_once(monitoring.client)


def _report(registry: Callable[..., Response], year: int, fmt: str, lang: str, **more) -> bytes:
    """The report as asked of the registry, each file once a module (printed_sheets.drawn_once): the tests only read
    them, and a Word document or page draws its printed map, seconds a time."""
    params = {"plan": BL, "year": year, "format": fmt, "lang": lang, **more}
    response = registry("/api/reports/annual", params=params)
    assert response.status_code == 200, (year, fmt, lang, response.text[:300])
    return response.content


def _tables(registry: Callable[..., Response], year: int, fmt: str, lang: str, **more) -> list[list[list[str]]]:
    """Every table of the report in ``fmt`` as rows of texts, its header first; a workbook's sheets and a CSV as
    tables."""
    body = _report(registry, year, fmt, lang, **more)
    if fmt == "docx":
        return [[[c.text for c in row.cells] for row in t.rows] for t in Document(io.BytesIO(body)).tables]
    if fmt == "xlsx":  # a sheet's table ends at its first empty row (the salinity sheet's period and source follow)
        return [
            [["" if v is None else str(v) for v in row] for row in takewhile(any, sheet.iter_rows(values_only=True))]
            for sheet in load_workbook(io.BytesIO(body)).worksheets
        ]
    if fmt == "csv":
        return [list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";" if lang == "vi" else ","))]
    page = lxml.html.fromstring(body.decode())
    return [[[c.text_content() for c in tr.xpath("td|th")] for tr in t.iter("tr")] for t in page.iter("table")]


def _column(tables: list[list[list[str]]], heading: str) -> list[str]:
    """The cells under ``heading`` in every table having it."""
    return [row[t[0].index(heading)] for t in tables if heading in t[0] for row in t[1:] if len(row) == len(t[0])]


def _row(tables: list[list[list[str]]], name: str) -> str:
    """The first row with a cell beginning with ``name``, its cells joined."""
    return next(" | ".join(r) for t in tables for r in t if any(cell.startswith(name) for cell in r))


def _vietnamese(text: str) -> bool:
    return any(unicodedata.normalize("NFD", char) != char or char in "đĐ" for char in text)


SOURCES = {  # the forest cover's and the rolled-up export turnover's, as each reader says them
    "vi": (
        "Tỷ lệ che phủ rừng",
        # the raster by its title, not "ảnh raster 2: …" (trial 63)
        re.compile(r"(?<!ảnh raster \d: )Che phủ rừng MINH HỌA .*2024; thống kê vùng của ảnh rừng trên toàn tỉnh;"),
        "Kim ngạch xuất khẩu hàng hóa trên địa bàn",
        "tổng giá trị của 2 huyện (trước 01/07/2025): 954, 956; cộng từ các đơn vị",
    ),
    "en": (
        "Forest cover",
        re.compile(r"(?<!raster \d: )Forest cover DEMONSTRATION .*2024; zonal statistics of the forest raster over"),
        "Merchandise export turnover",
        "sum of the values of 2 districts (before 1 Jul 2025): 954, 956",
    ),
}
RENEWABLES = {"vi": "Công suất điện tái tạo đang vận hành", "en": "Renewable capacity in operation"}
WIND_FARM = {"vi": "Nhà máy điện gió Bạc Liêu giai đoạn 1–2 (Công Lý) (Đang vận hành)", "en": "Bạc Liêu wind farm"}


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("fmt", ["docx", "xlsx", "html"])
def test_the_registrys_own_sources_are_in_the_reports_language(registry, fmt, lang):
    """The English report gave the forest cover's source in Vietnamese ("ảnh raster 2: Che phủ rừng MINH HỌA …") and
    the Vietnamese one a rolled-up figure's in English ("sum of 2 district values (pre2025)")."""
    tables = _tables(registry, 2024, fmt, lang)
    forest, forest_source, exports, exports_source = SOURCES[lang]
    assert forest_source.search(_row(tables, forest)), _row(tables, forest)
    assert exports_source in _row(tables, exports)
    computed = _row(tables, RENEWABLES[lang])
    assert WIND_FARM[lang] in computed  # the contributing projects by their names in the report's language
    if lang == "en":
        said = [_row(tables, forest), _row(tables, exports), computed]
        places = re.compile("Bạc Liêu|Công Lý|Hòa Bình|Đông Hải|Bắc Phương")  # the wind farms' names, operating or not
        assert not [text for text in said if _vietnamese(places.sub("", text))], said
    else:
        assert not re.search(r"\b(sum|values|districts|roll-up|raster \d)\b", _row(tables, exports))


#: The crosswalk sheet is the workbook's alone (the other formats are the same files without the parameter).
CROSSWALK = {"xlsx": {"crosswalk": "true"}, "docx": {}, "html": {}, "csv": {}}
TYPED_VI = re.compile(r"^(Phường|Xã|Đặc khu|Thành phố|Thị xã|Huyện) \S")
TYPED_EN = re.compile(r"\S (Ward|Commune|Special Zone|City|Town|District)$")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_units_are_named_with_their_type_in_every_format(registry, lang):
    """The Word report's "Địa bàn" and the workbook's sheets wrote "Bạc Liêu, Hiệp Thành, Vĩnh Trạch", where Bạc Liêu
    is Phường Bạc Liêu and reads as the province; "Hòa Bình", "Vĩnh Lợi" are former districts' names too."""
    typed = TYPED_VI if lang == "vi" else TYPED_EN
    location, unit = ("Địa bàn", "Đơn vị hành chính") if lang == "vi" else ("Location", "Administrative unit")
    province_wide = "Toàn tỉnh" if lang == "vi" else "Province-wide"
    for year in (2024, 2025):  # the districts of the time, then the 2025 communes
        for fmt in ("docx", "xlsx", "html", "csv"):
            tables = _tables(registry, year, fmt, lang, **CROSSWALK[fmt])
            places = [p for cell in _column(tables, location) for p in cell.split(", ") if p and p != province_wide]
            units = [u for u in _column(tables, unit) if u and u != province_wide]
            assert (units or fmt == "docx") and (places or fmt == "csv"), (year, fmt)
            assert not [name for name in places + units if not typed.search(name)], (year, fmt, places + units)
    phase_3 = "Nhà máy điện gió Công Lý giai đoạn 3" if lang == "vi" else "Công Lý wind farm, phase 3"
    for fmt in ("docx", "xlsx", "html"):
        row = _row(_tables(registry, 2025, fmt, lang, **CROSSWALK[fmt]), phase_3)
        assert ("Phường Bạc Liêu" if lang == "vi" else "Bạc Liêu Ward") in row, (fmt, row)
    book = load_workbook(io.BytesIO(_report(registry, 2025, "xlsx", lang, crosswalk="true")))
    salinity, crosswalk = book.worksheets[-1], book.worksheets[-2]
    units = list(takewhile(bool, (c.value for c in salinity["A"][1:])))  # the table, above its period and source
    assert units and all(typed.search(unit) for unit in units)
    names = [c.value for column in ("B", "D") for c in crosswalk[column][1:]]
    assert names and all(typed.search(name) for name in names), names


def _formats(sheet, heading: str) -> dict[float, str]:
    """Each value under ``heading`` and its cell's number format."""
    column = [c.value for c in sheet[1]].index(heading)
    return {row[column].value: row[column].number_format for row in sheet.iter_rows(min_row=2) if row[column].value}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_workbooks_amounts_are_written_as_the_layers_sheets_write_them(registry, lang):
    """Budgets in "#,##0.0" showed 5.217,0, a mean percent 100,0; hectares (11644,7) and capacities had no thousands
    separator: a whole amount is 5.217, a decimal one 11.644,7 (the layers' projects.xlsx)."""
    book = load_workbook(io.BytesIO(_report(registry, 2025, "xlsx", lang)))
    vi = lang == "vi"
    projects = book["Dự án" if vi else "Projects"]
    budgets = _formats(projects, "Vốn (tỷ đồng)" if vi else "Budget (VND billion)")
    assert budgets[5217] == "#,##0", budgets
    capacities = _formats(projects, "Quy mô" if vi else "Capacity")
    assert capacities[99.2] == "#,##0.0##" and capacities[141] == "#,##0", capacities
    mean = "Tiến độ bình quân cuối năm (%)" if vi else "Mean progress at year end (%)"
    percents = _formats(book["Nhiệm vụ" if vi else "Actions"], mean)
    assert percents[100] == "#,##0", percents  # not 100,0
    totals = _formats(book["Vốn theo nhiệm vụ" if vi else "Budget by action"], BUDGET[lang])
    assert set(totals.values()) == {"#,##0"}, totals
    salinity = book["Diện tích theo độ mặn" if vi else "Area by salinity class"]
    # the table, above the period and source written under it
    table = takewhile(lambda row: row[0].value is not None, salinity.iter_rows(min_row=2, min_col=2))
    hectares = {c.value: c.number_format for row in table for c in row}
    large = {ha: f for ha, f in hectares.items() if ha >= 1000}
    assert large and all(f.startswith("#,##0") for f in large.values()), large


BUDGET = {"vi": "Tổng vốn (tỷ đồng)", "en": "Total budget (VND billion)"}
DEMO_HEADINGS = {
    "vi": ("dữ liệu minh họa", "không phải báo cáo thật", "không tính là lần cập nhật"),
    "en": ("demonstration data", "not real reports", "not counted as updates"),
}


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx", "html"])
def test_the_action_tables_demonstration_column_says_what_it_counts(registry, fmt, lang):
    """ "Demo status updates in the year (not counted before)" was not understood: updates from demonstration data,
    not real reports, not counted as the year's updates."""
    headers = [h for t in _tables(registry, 2024, fmt, lang) for h in t[0]]
    demo = [h for h in headers if DEMO_HEADINGS[lang][0] in h and ("cập nhật" in h or "Updates" in h)]
    assert len(demo) == 1 and all(words in demo[0] for words in DEMO_HEADINGS[lang]), demo
