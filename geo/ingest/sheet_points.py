"""Rows of an update by code whose sheet gives a point on the project's registered line or area.

A sheet locates a site by x/y (or lon/lat) columns: one point. The registry's own workbook writes a point on each
site there (geo.layer_export: a dyke's line, a forest's area), so a reload of it turned 16 lines and areas of the
sample into points (session 73). A registered line or area with the sheet's point on it (within
:data:`ON_THE_SITE`) keeps its geometry: said once as a count in the report's summary, as the rows giving no site are
(geo.ingest.siteless_rows). A point away from it is a site moved, loaded as the file gives it (and said so:
project_writes.what_changes). A WKT column or a GIS file gives the whole geometry, and is loaded as given.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from geo.ingest import project_writes
from geo.ingest.messages import said
from geo.ingest.report import Report
from geo.said import beyond_shown

if TYPE_CHECKING:
    from geo.ingest.targets import ColumnRecords

#: How far (metres) a sheet's point may lie from a registered line or area to be a point on it: an export writes it
#: to 8 decimals of a degree (about a millimetre), a VN-2000 sheet to the millimetre; an officer who moves a site
#: moves it further.
ON_THE_SITE = 1.0


@dataclass
class SheetPoints:
    """The file's rows, over its chunks, whose sheet point lies on their registered project's line or area."""

    kept: int = 0
    off: int = 0  # rows whose point lies away from their project's line or area: it would become that point
    off_codes: list[str] = field(default_factory=list)  # ... the first of them

    def note(self, session: Session, records: ColumnRecords) -> None:
        """Keep the registered lines and areas under the staged chunk's sheet points; count them, and the points
        away from theirs."""
        if records.sheet_points:
            kept, off, codes = project_writes.keep_sites_under_points(session, ON_THE_SITE)
            self.kept, self.off = self.kept + kept, self.off + off
            self.off_codes += codes[: project_writes.SHOWN - len(self.off_codes)]

    def tell(self, report: Report) -> None:
        """Say how many rows kept their project's line or area, beside the rows that kept their sites; warn of the
        lines and areas that would become points (a reload's site changes said them only in the list of fields)."""
        if self.kept:
            told = said("sheet_points_kept", count=self.kept)
            report.sites_kept = "; ".join(t for t in (report.sites_kept, told.en) if t)
            report.sites_kept_vi = "; ".join(t for t in (report.sites_kept_vi, told.vi) if t)
        if self.off:
            more = beyond_shown(self.off, len(self.off_codes))
            report.warn(said("sheet_points_off", count=self.off, codes=", ".join(self.off_codes), more=more))
