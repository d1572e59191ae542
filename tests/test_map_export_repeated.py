"""Printed sheets drawn again and again in one process, as a server draws them all day: they leave matplotlib's global
state as they found it, and each asks the database for a thing once."""

from __future__ import annotations

from datetime import date

from matplotlib.legend import Legend
from sqlalchemy.orm import Session

from geo.queries.unit_summary import find_unit
from maps.map_export import MapExport, export_map, export_unit_map

TODAY = date(2026, 12, 7)
SHEETS = (
    MapExport(what="map", format="png"),
    MapExport(what="map", format="pdf", scheme="2025", lang="en"),
    MapExport(what="progress", format="png"),
    MapExport(what="progress", format="png", scheme="2025"),
)


def test_sheets_drawn_one_after_another_register_no_legend_handlers(sample_engine, sample_settings):
    """geopandas' polygon plot registered a new class in matplotlib's legend handler map per call: ~27 entries a
    projects sheet, never freed."""
    with Session(sample_engine) as session:
        before = len(Legend.get_default_handler_map())
        for request in (*SHEETS, *SHEETS):
            export_map(session, request, sample_settings, today=TODAY)
        export_unit_map(session, find_unit(session, "84"), "vi", sample_settings, today=TODAY)
    assert len(Legend.get_default_handler_map()) == before
