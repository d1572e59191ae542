"""The officers' reports of /status-reports as a table a supervisor sends the director (XLSX or CSV), headed and
written in the reader's language (trial 61: the page had nothing to download; the director asked for a spreadsheet):
the list as filtered, a table GDAL (QGIS) and pandas read as /changes' (geo.listed_tables), the filter said on the
workbook's second sheet and in the files' names."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from geo.listed_tables import ONE_DECIMAL, first_rows, listed_csv, listed_file_name, listed_xlsx
from geo.said import Said
from geo.vi_format import local_date, local_moment, local_number
from geo.vocab import PROJECT_STATUSES, REVIEW_VERDICTS, labels
from geo.workbook_layout import SHEET_DATES, SHEET_MOMENTS

HEADINGS = (
    Said("Dự án", "Project"),
    Said("Mã dự án", "Project code"),
    Said("Ngày báo cáo", "Report of"),
    Said("Ghi nhận lúc", "Recorded at"),
    Said("Tình trạng", "Status"),
    Said("Tiến độ (%)", "Progress (%)"),
    Said("Trước báo cáo", "Before the report"),
    Said("Ghi chú", "Note"),
    Said("Người gửi", "Sender"),
    Said("Cơ quan người gửi", "Sender's agency"),
    Said("Cách công trình (m)", "From the site (m)"),
    Said("Gửi từ", "Sent from"),
    Said("Xem xét", "Review"),
)
TITLE = Said("Báo cáo từ hiện trường", "Field reports")
NO_FILTER = Said("không lọc: mọi báo cáo", "none: every report")
LISTED = Said("{n} báo cáo, mới ghi nhận trước", "{n} reports, latest recorded first")
#: Each filter's name among the workbook's lines, in :func:`filter_lines`' order.
FILTER_NAMES = {
    "province": Said("Tỉnh", "Province"),
    "unit": Said("Huyện (cũ) / xã (2025)", "District (former) / commune (2025)"),
    "agency": Said("Cơ quan người gửi", "Sender's agency"),
    "reporter": Said("Người gửi", "Sender"),
    "since": Said("Ghi nhận từ ngày", "Recorded since"),
    "flagged": Said("Chỉ báo cáo cần kiểm tra (⚑)", "Only reports to check (⚑)"),
    "unreviewed": Said("Chỉ báo cáo chưa kiểm tra", "Only reports not reviewed yet"),
}
NO_REVIEW = Said("không cần xem xét", "no review needed")
TO_REVIEW = Said("chưa kiểm tra", "not reviewed yet")
AT_SEA = Said("ngoài khơi, cách {place} {distance}", "at sea, {distance} off {place}")
#: An agency merged since the report, with the one holding its duties today; the agency the sender's account belonged
#: to when it was recorded, where it is neither (:func:`agency_lines`): an account of an agency that had ended.
AGENCY_NOW = Said("nay là {now}", "now {now}")
ACCOUNT_OF = Said("tài khoản của {code}", "an account of {code}")
ON_COAST = Said("bờ biển {place}", "on the coast of {place}")


def filter_lines(chosen: dict[str, Any], choices: dict[str, list[dict[str, Any]]], listed: int, lang: str) -> list[str]:
    """What the list was filtered by, a line each ("Tỉnh: Tỉnh Bạc Liêu (95)"), a code named by ``choices``
    (geo.queries.field_reports.report_choices), or "none"; then how many reports are ``listed``, and when: the
    workbook's lines (geo.listed_tables.first_rows)."""
    lines = []
    for name, heading in FILTER_NAMES.items():
        value = chosen.get(name)
        if not value:
            continue
        if name in choices:
            named = {c["code"]: c["name_en" if lang == "en" else "name_vi"] for c in choices[name]}
            value = f"{named[value]} ({value})" if value in named else value
        elif isinstance(value, date):
            value = local_date(value, lang)
        lines.append(heading.text(lang) + ("" if value is True else f": {value}"))
    return first_rows(TITLE, lines, NO_FILTER, LISTED.text(lang).format(n=local_number(listed, lang)), lang)


def report_rows(reports: Sequence[dict[str, Any]], lang: str) -> list[list[Any]]:
    """The rows of ``reports`` (geo.queries.field_reports' rows), in :data:`HEADINGS`' order."""
    status = labels(PROJECT_STATUSES, lang)
    return [
        [
            (r["name_en"] or r["name_vi"]) if lang == "en" else r["name_vi"],
            r["code"],
            r["reported_at"],
            r["recorded_at"],
            status.get(r["status"], r["status"]),
            r["percent"],
            _before(r, status, lang),
            r["note_vi"] or "",
            r["reporter_name"] or r["reporter_username"],
            "; ".join(agency_lines(r, lang)),
            r["distance_m"],
            _sent_from(r, lang),
            _review(r, lang),
        ]
        for r in reports
    ]


def _before(report: dict[str, Any], status: dict[str, str], lang: str) -> str:
    if report["status_before"] is None:
        return ""
    return f"{status.get(report['status_before'])}, {local_number(report['percent_before'], lang, 1)} %"


def agency_lines(report: dict[str, Any], lang: str) -> list[str]:
    """The agency the sender reported for, by its name and code on the report's day (its name today named a report
    of March 2025 by the successor of July); then, where they differ, the agency holding its duties today and the
    agency the account belonged to when the report was recorded (a Trà Vinh department's account reporting in 2026,
    for Vĩnh Long's; kept when the account is moved since, trial s73). The page's lines, the files' cell."""
    if not report["agency_that_day"]:
        return []

    def named(agency: str) -> str:
        return f"{report[f'{agency}_en' if lang == 'en' else f'{agency}_vi']} ({report[agency]})"

    lines = [named("agency_that_day")]
    if report["agency_now"] != report["agency_that_day"]:
        lines.append(AGENCY_NOW.text(lang).format(now=named("agency_now")))
    if report["reporter_agency"] not in (report["agency_that_day"], report["agency_now"]):
        lines.append(ACCOUNT_OF.text(lang).format(code=report["reporter_agency"]))
    return lines


def _sent_from(report: dict[str, Any], lang: str) -> str:
    if report.get("shore_m") is not None:  # outside the units: on the coast, or at sea
        place = report["shore_en" if lang == "en" else "shore_vi"]
        if report["on_coast"]:
            return ON_COAST.text(lang).format(place=place)
        return AT_SEA.text(lang).format(place=place, distance=f"{local_number(report['shore_m'] / 1000, lang, 1)} km")
    return report["sent_from_en" if lang == "en" else "sent_from_vi"] or ""


def _review(report: dict[str, Any], lang: str) -> str:
    if not report["reason"]:
        return NO_REVIEW.text(lang)
    if not report["review_verdict"]:
        return TO_REVIEW.text(lang)
    verdict = labels(REVIEW_VERDICTS, lang)[report["review_verdict"]]
    who = f"{report['reviewer_name']}, {local_moment(report['reviewed_at'], lang)}"
    return f"{verdict} — {who}" + (f": {report['review_note']}" if report["review_note"] else "")


def reports_xlsx(rows: list[list[Any]], about: list[str], lang: str) -> bytes:
    """The reports as a workbook: their table on its first sheet from A1, the lines ``about`` it
    (:func:`filter_lines`) on a second (geo.listed_tables); the report's day a date cell, the moment it was recorded
    a date-time cell in Vietnam's time (it sorts and filters), the progress and the distance with one decimal (80,0)."""
    days = [SHEET_DATES[lang], SHEET_MOMENTS[lang]]
    formats = [None, None, *days, None, ONE_DECIMAL, None, None, None, None, ONE_DECIMAL, None, None]
    return listed_xlsx(TITLE.text(lang), [h.text(lang) for h in HEADINGS], rows, formats, about, lang)


def reports_csv(rows: list[list[Any]], lang: str) -> bytes:
    """The reports as CSV an Excel in the reader's language opens in columns (Vietnamese: ";" and 80,0; days
    31/12/2024): the table alone, the filter in its name (:func:`reports_file_name`)."""
    return listed_csv([h.text(lang) for h in HEADINGS], rows, lang)


def reports_file_name(chosen: dict[str, Any], day: date, fmt: str, lang: str) -> str:
    """georeg_field-reports_province-95_agency-CM.SCT_flagged_2026-12-05.csv (``_en`` before the dot in English):
    the filters ``chosen`` by their codes, in :data:`FILTER_NAMES`' order, as the CSV says them nowhere else (and two
    lists of one day had one name); ASCII, a code's other characters written "-"."""
    named = [_in_a_name(name, chosen[name]) for name in FILTER_NAMES if chosen.get(name)]
    return listed_file_name("_".join(["field-reports", *named]), day, fmt, lang)


def _in_a_name(name: str, value: Any) -> str:
    if value is True:
        return name
    written = value.isoformat() if isinstance(value, date) else str(value)
    return f"{name}-{re.sub(r'[^0-9A-Za-z.]+', '-', written)}"
