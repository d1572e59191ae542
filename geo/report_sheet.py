"""The projects sheet for a report: the columns a report to a ministry keeps, in the workbook's language only, lengths
in km and areas in ha as the project page and the yearly report say them. A planner deleted ~25 of the data sheet's
43 columns (Vietnamese and English side by side, m and m²) and converted the units by hand (trial 57)."""

from __future__ import annotations

import pandas as pd

from geo.said import Said

#: The sheet's name; the full data sheet follows it in the workbook.
REPORT_SHEET = Said("Dự án (báo cáo)", "Projects (report)")  # not "Dự án" nor "projects", the data sheet's
#: Each column of the sheet: the data sheet's field (``{lang}``: the workbook's language) and its heading.
REPORT_COLUMNS: tuple[tuple[str, Said], ...] = (
    ("code", Said("Mã", "Code")),
    ("name_{lang}", Said("Tên dự án", "Project")),
    ("kind_{lang}", Said("Loại", "Kind")),
    ("communes", Said("Xã, phường (từ 01/07/2025)", "Communes and wards (from 1 Jul 2025)")),
    ("districts", Said("Huyện (trước 01/07/2025)", "Districts (before 1 Jul 2025)")),
    ("plan", Said("Kế hoạch", "Plan")),
    ("plan_action", Said("Nhiệm vụ", "Plan action")),
    ("lead_now_name", Said("Cơ quan chủ trì (hiện nay)", "Lead agency (today)")),
    ("capacity_value", Said("Công suất, quy mô", "Capacity, size")),
    ("capacity_unit", Said("Đơn vị công suất", "Capacity unit")),
    ("budget_vnd_billion", Said("Vốn (tỷ đồng)", "Budget (billion VND)")),
    ("start_year", Said("Năm bắt đầu", "Start year")),
    ("end_year", Said("Năm kết thúc", "End year")),
    ("length_km", Said("Chiều dài (km)", "Length (km)")),
    ("area_ha", Said("Diện tích (ha)", "Area (ha)")),
    ("status_{lang}", Said("Tình trạng", "Status")),
    ("percent", Said("% hoàn thành", "% complete")),
    # the day of the status, a report's or a GIS load's, then the latest report's apart (empty for none): "Ngày báo
    # cáo" over the status's day gave a load's day as a report's, and a list of projects nobody reported on for six
    # months said they had reported today (trial s72)
    ("status_date", Said("Ngày của tình trạng (báo cáo hoặc lần nạp GIS)", "Status date (a report or a GIS load)")),
    ("last_report", Said("Ngày báo cáo gần nhất", "Latest report")),
    ("status_is_demo", Said("Tình trạng từ dữ liệu minh họa", "Status from demonstration data")),
    ("due_year", Said("Hạn hoàn thành (năm)", "Due year")),
    ("schedule_{lang}", Said("Thời hạn", "Schedule")),
)
PROVINCE_WIDE = Said("Toàn tỉnh", "Province-wide")
#: The amounts of the sheet written with a thousands separator (its km and ha too).
REPORT_AMOUNTS = ("capacity_value", "budget_vnd_billion", "length_km", "area_ha", "percent")


def report_table(table: pd.DataFrame, lang: str) -> tuple[pd.DataFrame, list[str]]:
    """The data sheet's ``table`` of projects as the report sheet's columns and headings in ``lang``: km to 2
    decimals (0,01 km = 10 m, the page's precision), ha to 2, a province-wide project's place "Toàn tỉnh", a project
    without an English name named in Vietnamese in English."""
    measured = table.assign(length_km=(table["length_m"] / 1000).round(2), area_ha=(table["area_m2"] / 10_000).round(2))
    wide = table["location_precision"] == "province"  # "Toàn tỉnh" as its page says, not a blank place
    measured.loc[wide, ["communes", "districts"]] = PROVINCE_WIDE.text(lang)
    if lang == "en":  # a project without an English name by its Vietnamese one, as the yearly report and /changes say
        # it: an English chase-up list of 3,708 loaded projects was bare codes (trial s72)
        measured["name_en"] = measured["name_en"].where(measured["name_en"].fillna("") != "", measured["name_vi"])
    fields = [column.format(lang=lang) for column, _ in REPORT_COLUMNS]
    return measured[fields], [heading.text(lang) for _, heading in REPORT_COLUMNS]
