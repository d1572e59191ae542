"""The progress per unit as a table a planner sends on (XLSX or CSV): the rows of /api/progress (geo.progress), so
the same numbers as the /progress map and its table, headed in the reader's language and written in their formats
(trial 57: the ministry's "Huyện Duyên Hải 53,3 %" had to be read off the JSON). The workbook says what the figures
are of — the day, the units and boundaries, the weight, the provinces and filters — on a sheet after the table's, in
the lines /changes' workbook says too (geo.listed_tables); the CSV is the table alone, what it is of in its name."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from geo.agencies import all_agencies
from geo.csv_files import PERCENT_DECIMALS, csv_file, csv_number
from geo.layer_export import filters_named
from geo.listed_tables import about_sheet, first_rows
from geo.progress import ProgressQuery, progress_filters
from geo.queries.map_choices import registry_provinces, unit_outlines
from geo.said import Said, fill
from geo.sheet_rows import RowsWorkbook
from geo.unit_names import unit_label
from geo.vi_format import local_date, local_number
from geo.vocab import PROGRESS_WEIGHTS, PROJECT_KINDS, SCHEME_DAYS, UNIT_LEVELS, labels
from geo.workbook_layout import amount_format, write_laid_out

#: A mean progress as the map writes it, with one decimal: 53,3 (the cell keeps the figure: 53,31).
PERCENT_FORMAT = "0.0"
#: A part with two decimals, as the page writes it (2,00; 0,25), and up to four, as kept: a line's 0,0432 of a commune
#: read "0,0" (trial 62, F17).
PART_FORMAT = "#,##0.00##"

#: The sum a unit's mean is weighed by, as a column's heading (none for the project count: it is the projects').
WEIGHT_HEADINGS = {
    "budget": Said("Vốn (tỷ đồng, phần trong đơn vị)", "Budget (billion VND, the part in the unit)"),
    "size": Said("Quy mô (MW, km hoặc ha, phần trong đơn vị)", "Size (MW, km or ha, the part in the unit)"),
}
UNIT = Said("Đơn vị hành chính", "Administrative unit")
CODE = Said("Mã", "Code")
PROJECTS = Said("Số dự án", "Projects")
#: A project across two units counts in each (PROJECTS); its part in each, by length or area (geo.apportion), sums to
#: one, so this column adds up to the province's count where every project lies in its districts (trial 60: the
#: districts' counts summed to 20,087 against the province's 20,024).
PART = Said("Phần dự án trong đơn vị", "Projects' part in the unit")
PROGRESS = Said("Tiến độ bình quân (%)", "Mean progress (%)")
MEAN_COLUMN = 4  # the mean progress, written with one decimal as the map writes it
#: A province's total row, under its units (geo.progress.province_totals): its projects' count is left blank, as a
#: project across two units counts in each; the parts add up to the province's count (trial 62, F17).
TOTAL = Said("Tổng {province} ({n} đơn vị)", "Total, {province} ({n} units)")
ALL_UNITS = Said("Tổng cộng ({n} đơn vị)", "Total ({n} units)")
#: A column where a unit's progress counts demonstration statuses (the mean stays a number in its cell), as the unit's
#: page and its printed sheet say "52,5 % (minh họa)" (trial 65, F15).
NOTE = Said("Ghi chú", "Note")
DEMO = Said(
    "(minh họa) tiến độ có tính tình trạng lấy từ dữ liệu minh họa", "(demo) counts statuses from demonstration data"
)

#: The lines the workbook says of its figures (:func:`progress_first_rows`): a planner opening the file a week later
#: could tell neither their day, provinces, weight nor boundaries (a user trial).
TITLE = Said("Tiến độ dự án theo đơn vị hành chính", "Project progress by administrative unit")
AS_OF = Said("Tính đến ngày: {day}", "As of: {day}")
AS_OF_DOWNLOAD = Said("Tính đến ngày: {day} (ngày tải tệp)", "As of: {day} (the day of the download)")
LEVEL = Said("Cấp: {level} (ranh giới {scheme})", "Level: {level} (boundaries {scheme})")
VIA = Said(
    "tính theo ranh giới {scheme}, chuyển qua bảng tương ứng",
    "computed in the boundaries {scheme}, carried over the crosswalk",
)
WEIGHT = Said("Trọng số: {weight}", "Weight: {weight}")
#: Each filter of the query (its field in geo.progress.ProgressQuery) as the lines name it, in their order.
FILTER_NAMES = {
    "provinces": Said("Tỉnh", "Province"),
    "units": Said("Huyện (cũ) / xã (2025)", "District (former) / commune (2025)"),
    "kinds": Said("Loại dự án", "Project kind"),
    "plans": Said("Kế hoạch", "Plan"),
    "plan_actions": Said("Nhiệm vụ", "Plan action"),
    "agencies": Said("Cơ quan chủ trì", "Lead agency"),
}
EVERY_PROVINCE = Said("không lọc, mọi tỉnh trong sổ đăng ký", "not filtered, every province in the registry")
IN_THE_TABLE = Said("không lọc; các tỉnh trong bảng: {provinces}", "not filtered; those in the table: {provinces}")
#: filled by geo.said.fill
LISTED = {
    "units": {
        "vi": "{count} đơn vị, ở trang “{sheet}”",
        "en": "{count} units, on the sheet “{sheet}”",
        "en_one": "1 unit, on the sheet “{sheet}”",
    },
    "demo": {
        "vi": "Số liệu minh họa: tiến độ của {count} đơn vị (ghi “(minh họa)” ở cột Ghi chú) có tính tình trạng lấy từ "
        "dữ liệu minh họa, không phải báo cáo thật",
        "en": "Demonstration figures: the progress of {count} units (marked “(demo)” in the Note column) counts "
        "statuses from demonstration data, not real reports",
        "en_one": "Demonstration figures: the progress of 1 unit (marked “(demo)” in the Note column) counts statuses "
        "from demonstration data, not real reports",
    },
}


def progress_table(
    units: Sequence[dict[str, Any]], totals: Sequence[dict[str, Any]], query: ProgressQuery, lang: str
) -> tuple[list[str], list[list], list[int]]:
    """The headings and rows (unit, code, projects, their part in it, mean progress, and the sum weighed by unless a
    count) of ``units`` (geo.progress.unit_progress's rows) in ``lang``, each province's units followed by its row of
    ``totals`` (geo.progress.province_totals), and the indices of those total rows."""
    headings = [UNIT.text(lang), CODE.text(lang), PROJECTS.text(lang), PART.text(lang), PROGRESS.text(lang)]
    weighed = query.weight in WEIGHT_HEADINGS
    if weighed:
        headings.append(WEIGHT_HEADINGS[query.weight].text(lang))
    noted = any(total["progress_is_demo"] for total in totals)
    if noted:
        headings.append(NOTE.text(lang))
    rows, total_rows = [], []
    for total in totals:
        mine = [u for u in units if query.level == "province" or u["province_code"] == total["code"]]
        for unit in [*mine, total]:
            rows.append([_label(unit, total, lang), unit["code"], unit.get("projects"), unit["project_share_sum"]])
            rows[-1] += [unit["progress_percent"], *([unit["weight_total"]] if weighed else [])]
            rows[-1] += [DEMO.text(lang) if unit["progress_is_demo"] else ""] if noted else []
        total_rows.append(len(rows) - 1)
    return headings, rows, total_rows


def _label(row: dict[str, Any], total: dict[str, Any], lang: str) -> str:
    """A unit's name, or the total's: "Tổng Tỉnh Trà Vinh (8 đơn vị)"."""
    if row is not total:
        return unit_label(row, lang)
    n = local_number(row["units"], lang)
    if row["code"] is None:
        return ALL_UNITS.text(lang).format(n=n)
    return TOTAL.text(lang).format(province=unit_label(row, lang), n=n)


def chosen_names(session: Session, query: ProgressQuery, lang: str) -> dict[str, dict[str, str]]:
    """The query's provinces, units, kinds and agencies chosen, each by its code, as :func:`progress_first_rows` names
    them in ``lang``: "Cà Mau (96, từ 01/07/2025)", "Huyện Hoà Bình (961)", "Kè chống sạt lở"; nothing read for a
    filter not chosen."""
    provinces = registry_provinces(session) if query.provinces else []
    units = unit_outlines(session, query.units) if query.units else []
    agencies = all_agencies(session) if query.agencies else []
    name = "name_en" if lang == "en" else "name_vi"
    return {
        "provinces": {
            p["code"]: f"{p[name] or p['name_vi']} ({p['code']}, {SCHEME_DAYS[p['scheme']].text(lang)})"
            for p in provinces
            if p["code"] in query.provinces
        },
        "units": {u["code"]: f"{unit_label(u, lang)} ({u['code']})" for u in units},
        "kinds": labels(PROJECT_KINDS, lang),
        "agencies": {a.code: f"{getattr(a, name) or a.name_vi} ({a.code})" for a in agencies},
    }


def progress_first_rows(
    query: ProgressQuery,
    units: Sequence[dict[str, Any]],
    totals: Sequence[dict[str, Any]],
    named: dict[str, dict[str, str]],
    today: date,
    lang: str,
) -> list[str]:
    """What the workbook's figures are of, in the lines /changes' workbook says (geo.listed_tables.first_rows):
    the day (``today``, the download's, when the query has none), the level and boundaries, the weight, the provinces
    (those of ``totals`` when none was chosen) and the other filters by the names of :func:`chosen_names`, how many
    ``units`` and on which sheet; and, where some count demonstration statuses, that they do."""
    day = (AS_OF if query.as_of else AS_OF_DOWNLOAD).text(lang).format(day=local_date(query.as_of or today, lang))
    level = labels(UNIT_LEVELS, lang)[query.level]
    said = LEVEL.text(lang).format(level=level, scheme=SCHEME_DAYS[query.scheme].text(lang))
    if query.via:
        said += f"; {VIA.text(lang).format(scheme=SCHEME_DAYS[query.via].text(lang))}"
    weight = WEIGHT.text(lang).format(weight=labels(PROGRESS_WEIGHTS, lang)[query.weight])
    chosen = [day, said, weight, *_filter_lines(query, totals, named, lang)]
    listed = fill(LISTED, "units", count=len(units), sheet=level).text(lang)
    rows = first_rows(TITLE, chosen, EVERY_PROVINCE, listed, lang)
    demo = sum(1 for unit in units if unit["progress_is_demo"])
    return [*rows, fill(LISTED, "demo", count=demo).text(lang)] if demo else rows


def _filter_lines(
    query: ProgressQuery, totals: Sequence[dict[str, Any]], named: dict[str, dict[str, str]], lang: str
) -> list[str]:
    """A line a filter chosen ("Loại dự án: Đê biển; Kênh, nạo vét kênh": parted by ";", as labels have commas), and
    the provinces' always: with none chosen, those whose units the table holds (``totals``), named."""
    lines = []
    for field, heading in FILTER_NAMES.items():
        codes = getattr(query, field)
        if codes:
            lines.append(f"{heading.text(lang)}: {'; '.join(named.get(field, {}).get(c, c) for c in codes)}")
        elif field == "provinces":
            held = "; ".join(f"{unit_label(t, lang)} ({t['code']})" for t in totals if t["code"])
            said = IN_THE_TABLE.text(lang).format(provinces=held) if held else EVERY_PROVINCE.text(lang)
            lines.append(f"{heading.text(lang)}: {said}")
    return lines


def table_xlsx(
    headings: list[str], rows: list[list], totals: list[int], query: ProgressQuery, lang: str, about: list[str]
) -> bytes:
    """The table as a workbook, on a first sheet named for the units' level, laid out as the registry's others
    (geo.workbook_layout), its rows of indices ``totals`` bold (trial 64: read as one more unit); the lines ``about``
    it (:func:`progress_first_rows`) on a second sheet (geo.listed_tables.about_sheet)."""
    buffer = io.BytesIO()
    book = RowsWorkbook(buffer)
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in headings]
    longest = [
        max((len(local_number(v, "en") if isinstance(v, float) else str(v or "")) for v in c), default=0)
        for c in columns
    ]
    formats = [None, None, amount_format, PART_FORMAT, PERCENT_FORMAT] + [amount_format] * (len(headings) - 5)
    if headings[-1] == NOTE.text(lang):
        formats[-1] = None
    write_laid_out(book, labels(UNIT_LEVELS, lang)[query.level], headings, columns, longest, formats, totals=totals)
    about_sheet(book, about, lang)
    book.close()
    return buffer.getvalue()


def table_csv(headings: list[str], rows: list[list], lang: str) -> bytes:
    """The table as CSV an Excel in the reader's language opens in columns (geo.csv_files), the mean progress with one
    decimal as the map writes it (53,3)."""
    written = [
        row[:MEAN_COLUMN] + [csv_number(row[MEAN_COLUMN], lang, PERCENT_DECIMALS)] + row[MEAN_COLUMN + 1 :]
        for row in rows
    ]
    return csv_file([headings, *written], lang)


def table_file_name(query: ProgressQuery, day: date, fmt: str, lang: str) -> str:
    """georeg_progress_pre2025-district_province-84_kind-sluice_2026-12-05.xlsx (``_en`` before the dot in English),
    ASCII; a weight other than the count after the level, as the printed sheet's name has it ("2025-commune-budget"),
    every filter as the printed sheet's and the projects' downloads name them (an unfiltered table of the day
    overwrote one filtered by kind: trial 73), and a day asked for before the download's ("_as-of-2025-06-30"): the
    CSV says them nowhere else."""
    weight = f"-{query.weight}" if query.weight != "count" else ""
    chosen = filters_named(progress_filters(query))
    as_of = f"_as-of-{query.as_of.isoformat()}" if query.as_of else ""
    english = "_en" if lang == "en" else ""
    return f"georeg_progress_{query.scheme}-{query.level}{weight}{chosen}{as_of}_{day.isoformat()}{english}.{fmt}"
