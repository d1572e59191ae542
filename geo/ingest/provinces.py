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
    "SELECT u.code, u.name_vi, ST_AsBinary(pc.geom) FROM admin_unit_piece pc JOIN admin_unit u ON u.id = pc.unit_id "
    "WHERE pc.scheme = 'pre2025' AND pc.level = 'province'"
)


class ProvinceFinder:
    """The registry's former provinces, as pieces in a spatial index."""

    def __init__(self, session: Session):
        rows = session.execute(_PIECES).all()
        self.codes = np.array([code for code, _, _ in rows], dtype=object)
        self.names = {code: name for code, name, _ in rows}
        self.pieces = shapely.STRtree(shapely.from_wkb([bytes(wkb) for _, _, wkb in rows]))

    def provinces_of(self, geoms: np.ndarray) -> np.ndarray:
        """The province that holds the point on surface of each geometry (None where none does, or no geometry)."""
        found = np.full(len(geoms), None, dtype=object)
        todo = np.flatnonzero(~shapely.is_missing(geoms))
        if not len(todo):
            return found
        feature, piece = self.pieces.query(shapely.point_on_surface(geoms[todo]), predicate="intersects")
        for i, code in zip(todo[feature], self.codes[piece], strict=True):
            if found[i] is None or code < found[i]:
                found[i] = code
        return found

    def fill(self, codes: np.ndarray, geoms: np.ndarray) -> list[tuple[int, str]]:
        """Set ``codes[i]`` (None) to the province that holds the point on surface of ``geoms[i]``, where one does.

        Returns ``(i, province)`` for each site given one of the registry's provinces that lies in another of them:
        most likely a wrong code or wrong coordinates, said as a warning (a dyke along a border may rightly have its
        point on surface across it)."""
        found = self.provinces_of(geoms)
        missing = np.equal(codes, None)
        codes[missing] = found[missing]
        return [
            (int(i), found[i])
            for i in np.flatnonzero(~missing & ~np.equal(found, None))
            if codes[i] != found[i] and codes[i] in self.names
        ]
