"""The district or commune a projects file gives each site (MA_HUYEN, MA_XA), against where the site lies.

Offices' files often carry each site's district (before July 2025) or commune (since). The registry does not store
them (a project's units follow from its site: geo.apportion), but a site lying outside the unit its row names has
wrong coordinates or a wrong code, and a file whose sites mostly do was read in the wrong CRS. They tell what the
province cannot: once the former Cà Mau's districts are loaded, a Bạc Liêu file read in the former Cà Mau's zone
lands among them, "in province 96 as its code says", and only its districts say it is 55 km off (trial 43).

Only codes of units the registry holds are judged: a district of a province it has no boundaries for says nothing.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import shapely
from sqlalchemy import text
from sqlalchemy.orm import Session

from geo.ingest.provinces import far_from_given
from geo.said import Said

#: The file's fields for a site's unit, and the registry's units each names.
SITE_UNIT_FIELDS = {"district_code": ("pre2025", "district"), "commune_code": ("2025", "commune")}
#: How the messages name each field's level.
LEVEL_NAMES = {"district_code": Said("huyện", "district"), "commune_code": Said("xã, phường", "commune")}

_PIECES = text(
    "SELECT pc.scheme, pc.level, u.code, u.name_vi, ST_AsBinary(pc.geom) FROM admin_unit_piece pc "
    "JOIN admin_unit u ON u.id = pc.unit_id "
    "WHERE (pc.scheme, pc.level) IN (('pre2025', 'district'), ('2025', 'commune')) ORDER BY u.code"
)


def unit_code(value: Any) -> str | None:
    """A unit's code as a file writes it, as the registry does: 959 (a number column), "959", "0959" -> "959"."""
    if value is None or value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    code = str(value).strip()
    return code.lstrip("0") or code if code.isdigit() else code


class GivenUnits:
    """The registry's districts (before 2025) and communes (since), as pieces in a spatial index per level."""

    def __init__(self, session: Session):
        rows = session.execute(_PIECES).all()
        self.names: dict[str, dict[str, str]] = {}
        self._codes: dict[str, np.ndarray] = {}
        self._pieces: dict[str, shapely.STRtree] = {}
        for field, key in SITE_UNIT_FIELDS.items():
            mine = [row for row in rows if (row[0], row[1]) == key]
            self.names[field] = {code: name for _, _, code, name, _ in mine}
            self._codes[field] = np.array([code for _, _, code, _, _ in mine], dtype=object)
            self._pieces[field] = shapely.STRtree(shapely.from_wkb([bytes(wkb) for *_, wkb in mine]))

    def judge(self, field: str, codes: np.ndarray, geoms: np.ndarray) -> tuple[np.ndarray, list[int]]:
        """Of the sites (``geoms``, WGS 84, None without one) given ``codes`` of ``field``'s level: those judged (a
        site, and a unit the registry holds), and of them those lying far from their unit (geo.ingest.provinces:
        3 km into another unit, 16 km at sea)."""
        points = shapely.point_on_surface(geoms)
        judged = np.flatnonzero(np.isin(codes, list(self.names[field])) & ~shapely.is_missing(points))
        if not len(judged):
            return judged, []
        tree = self._pieces[field]
        landed = np.zeros(len(points), dtype=bool)
        on_land, _ = tree.query(points[judged], predicate="intersects")
        landed[judged[on_land]] = True
        return judged, far_from_given(tree, self._codes[field], judged, codes, landed, points)

    def holding(self, field: str, geoms: np.ndarray) -> list[str | None]:
        """The unit of ``field``'s level each site's point on surface lies in (None: in none of the registry's)."""
        points = shapely.point_on_surface(geoms)
        found: list[str | None] = [None] * len(points)
        site, piece = self._pieces[field].query(points, predicate="intersects")
        for i, k in zip(site.tolist(), piece.tolist(), strict=True):
            found[i] = found[i] or self._codes[field][k]
        return found
