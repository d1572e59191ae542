"""Printed sheets drawn one after another in one process, as a server draws them all day: they leave matplotlib's
global state as they found it, and each asks the database for a thing once."""

from __future__ import annotations

from collections import Counter
from datetime import date

from matplotlib.legend import Legend
from sqlalchemy import event
from sqlalchemy.orm import Session

from maps.map_export import MapExport, export_map

TODAY = date(2026, 12, 7)
SHEETS = (
    MapExport(what="map", format="pdf", scheme="2025", lang="en", filters={"plan": ["148/QĐ-UBND"]}),
    MapExport(what="progress", format="png"),
    MapExport(what="map", format="png"),
)


def test_sheets_one_after_another_register_no_legend_handlers_and_read_each_thing_once(sample_engine, sample_settings):
    """geopandas' polygon plot registered a new class in matplotlib's global legend handler map per call, ~27 a
    projects sheet, never freed; the plans, the registry's provinces and the projects' demonstration statuses were
    each read twice a sheet."""
    asked: Counter[tuple[str, str]] = Counter()

    def count(conn, cursor, statement, parameters, context, executemany) -> None:
        asked[(statement, repr(parameters))] += 1

    handlers = len(Legend.get_default_handler_map())
    event.listen(sample_engine, "before_cursor_execute", count)
    try:
        with Session(sample_engine) as session:
            for request in SHEETS:
                asked.clear()
                export_map(session, request, sample_settings, today=TODAY)
                assert asked and [s[:80] for (s, _), n in asked.items() if n > 1] == [], request
    finally:
        event.remove(sample_engine, "before_cursor_execute", count)
    assert len(Legend.get_default_handler_map()) == handlers
