"""The former province of projects given without one, found from their geometry beside the checks.

A project lies in the province its point on surface lies in: among the registry's own provinces, through their small
pieces (geo.models.unit_pieces), the lowest code of the pieces containing the point — what the database's lookup
(geo.ingest.project_writes.fill_provinces) finds, here done by the reading process, which has time to spare while the
database writes the previous chunk. What is left (a site outside the registry's provinces, which may lie in a
neighbouring one) is still looked up by the database.
"""

from __future__ import annotations

import numpy as np
import shapely
from sqlalchemy import text
from sqlalchemy.orm import Session

_PIECES = text(
    "SELECT u.code, ST_AsBinary(pc.geom) FROM admin_unit_piece pc JOIN admin_unit u ON u.id = pc.unit_id "
    "WHERE pc.scheme = 'pre2025' AND pc.level = 'province'"
)


class ProvinceFinder:
    """The registry's former provinces, as pieces in a spatial index."""

    def __init__(self, session: Session):
        rows = session.execute(_PIECES).all()
        self.codes = np.array([code for code, _ in rows], dtype=object)
        self.pieces = shapely.STRtree(shapely.from_wkb([bytes(wkb) for _, wkb in rows]))

    def fill(self, codes: np.ndarray, geoms: np.ndarray) -> None:
        """Set ``codes[i]`` (None) to the province that holds the point on surface of ``geoms[i]``, where one does."""
        todo = np.flatnonzero(np.equal(codes, None) & ~shapely.is_missing(geoms))
        if not len(todo):
            return
        feature, piece = self.pieces.query(shapely.point_on_surface(geoms[todo]), predicate="intersects")
        for i, code in zip(todo[feature], self.codes[piece], strict=True):
            if codes[i] is None or code < codes[i]:
                codes[i] = code
