"""The yearly report as an HTML page: its tables, with the printed progress map as an image in the page (one file
that opens from disk, prints, and carries no script)."""

from __future__ import annotations

import base64
import html
from datetime import date

from geo.annual_report import (
    ACTION_COLUMNS,
    ACTIONS_COUNTED,
    COMPUTED_COLUMNS,
    INDICATOR_COLUMNS,
    NO_TARGETS,
    PROJECT_COLUMNS,
    AnnualReport,
    heading,
)
from geo.vi_format import vi_date, vi_number


def to_html(report: AnnualReport, map_png: bytes) -> bytes:
    """The report as a page with the progress map (``map_png``) in it."""
    parts = [
        f"<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'><title>{_e(report.plan['code'])} "
        f"{report.year}</title><style>body{{font:14px sans-serif;margin:16px}}table{{border-collapse:collapse;"
        f"margin:8px 0 24px}}td,th{{border:1px solid #999;padding:3px 6px;vertical-align:top}}</style></head><body>",
        f"<h1>Báo cáo tình hình thực hiện / Implementation report {report.year}</h1>",
        _table([("", "")], [{"": k, "_": v} for k, v in heading(report)], keys=("", "_"), header=False),
        "<h2>Bản đồ tiến độ / Progress map</h2>",
        f"<img id='progress-map' style='width:100%;max-width:1400px;border:1px solid #999' "
        f"alt='Bản đồ tiến độ / Progress map' src='data:image/png;base64,{base64.b64encode(map_png).decode()}'>",
        "<h2>Nhiệm vụ / Actions</h2>",
        f"<p>{_e(ACTIONS_COUNTED)} / A project over several units is counted in each unit holding part of it, so the "
        "column adds up to more than the plan's projects; the mean progress weighs each project by its part in the "
        "unit.</p>",
        _table(ACTION_COLUMNS, _narrative_once(report.actions)),
        "<h2>Chỉ tiêu / Indicators</h2>",
        _table(INDICATOR_COLUMNS, report.indicators, none=f"{NO_TARGETS} / The plan sets no quantitative targets."),
        "<h2>Chỉ số tính từ cơ sở dữ liệu / Computed indicators</h2>",
        _table(COMPUTED_COLUMNS, report.computed),
        "<h2>Dự án / Projects</h2>",
        _table(PROJECT_COLUMNS, report.projects),
        "</body></html>",
    ]
    return "".join(parts).encode("utf-8")


def _narrative_once(rows: list[dict]) -> list[dict]:
    """The action table's rows with an action's reported results, obstacles and proposals in its first row only (a
    trial read the same text on every unit's row of the action; the CSV and XLSX keep it on each, as data)."""
    shown, once = set(), []
    for row in rows:
        first = row["action"] not in shown
        shown.add(row["action"])
        once.append(row if first else row | {key: "" for key in ("results", "obstacles", "proposals")})
    return once


def _e(value: object) -> str:
    if isinstance(value, float):  # ints are years and counts, written plainly
        return vi_number(value)
    if isinstance(value, date):
        return vi_date(value)
    return html.escape("" if value is None else str(value))


def _table(columns, rows, keys=None, header: bool = True, none: str = "Không có / None.") -> str:
    """The rows under their columns' names; ``none`` said where there are no rows (not the names over nothing)."""
    if not rows:
        return f"<p>{_e(none)}</p>"
    keys = keys or [key for key, _ in columns]
    head = "<tr>" + "".join(f"<th>{_e(label)}</th>" for _, label in columns) + "</tr>" if header else ""
    body = "".join("<tr>" + "".join(f"<td>{_e(row[k])}</td>" for k in keys) + "</tr>" for row in rows)
    return f"<table>{head}{body}</table>"
