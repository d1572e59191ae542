"""The progress per unit as a table a planner sends on (XLSX or CSV): the rows of /api/progress (geo.progress), so
the same numbers as the /progress map and its table, headed in the reader's language and written in their formats
(trial 57: the ministry's "Huyện Duyên Hải 53,3 %" had to be read off the JSON)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from typing import Any

from geo.csv_files import PERCENT_DECIMALS, csv_file, csv_number
from geo.progress import ProgressQuery
from geo.said import Said
from geo.sheet_rows import RowsWorkbook
from geo.unit_names import unit_label
from geo.vi_format import local_number
from geo.vocab import UNIT_LEVELS, labels
from geo.workbook_layout import amount_format, write_laid_out

#: A mean progress as the map writes it, with one decimal: 53,3 (the cell keeps the figure: 53,31).
PERCENT_FORMAT = "0.0"
#: A part with up to four decimals, as kept: a line's 0,0432 of a commune read "0,0" (trial 62, F17).
PART_FORMAT = "#,##0.0###"

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


def table_xlsx(headings: list[str], rows: list[list], totals: list[int], query: ProgressQuery, lang: str) -> bytes:
    """The table as a workbook of one sheet, named for the units' level, laid out as the registry's others
    (geo.workbook_layout), its rows of indices ``totals`` bold (trial 64: read as one more unit)."""
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
    """georeg_progress_pre2025-district_province-84_2026-12-05.xlsx (``_en`` before the dot in English), ASCII."""
    chosen = "".join(f"_province-{code}" for code in query.provinces)
    chosen += "".join(f"_unit-{code}" for code in query.units)
    english = "_en" if lang == "en" else ""
    return f"georeg_progress_{query.scheme}-{query.level}{chosen}_{day.isoformat()}{english}.{fmt}"
