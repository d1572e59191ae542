"""Rows of an update by code that give no site (a sheet of codes and statuses, a table without geometry).

A registered project keeps the site the registry has (geo.ingest.project_writes.keep_what_the_file_leaves_out):
nothing to warn of, said once as a count in the report's summary. A new code is stored province-wide, not drawn on
the map: warned of by its row and code. A status sheet warned every registered project "no site… stored
province-wide", a warning a row that hid the file's real ones (trial 69).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import shapely
from sqlalchemy.orm import Session

from geo.ingest import project_writes
from geo.ingest.messages import said
from geo.ingest.report import Report

if TYPE_CHECKING:
    from geo.ingest.targets import ColumnRecords


@dataclass
class SitelessRows:
    """The file's rows giving no site (nor calling their project province-wide), over its chunks."""

    kept: int = 0  # rows of registered projects: each keeps its site
    new: list[tuple[str, int, str, str]] = field(default_factory=list)  # new codes: layer, feature, code, column

    def note(self, session: Session, records: ColumnRecords) -> None:
        """Sort a chunk's rows without a site into registered projects' and new codes'."""
        columns = records.columns
        siteless = shapely.is_missing(columns["geom"]) & ~np.asarray(columns["drops_site"], dtype=bool)
        found = zip(columns["feature"][siteless], columns["code"][siteless], strict=True)
        rows = tuple((int(feature), str(code)) for feature, code in found)
        if not rows:
            return
        registered = {code for _, code in project_writes.registered(session, rows)}
        self.kept += sum(code in registered for _, code in rows)
        column = records.precision_column
        self.new += [(records.layer, feature, code, column) for feature, code in rows if code not in registered]

    def tell(self, report: Report) -> None:
        """Warn of each new code without a site; say how many rows kept their projects' sites."""
        for layer, feature, code, column in self.new:
            report.warn(said("no_site_province_wide", field=column), index=feature, layer=layer, code=code)
        if self.kept:
            told = said("sites_kept", count=self.kept)
            report.sites_kept, report.sites_kept_vi = told.en, told.vi
