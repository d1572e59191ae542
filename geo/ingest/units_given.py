"""The district or commune a projects file gives each site (MA_HUYEN, MA_XA), against where the site lies.

Offices' files often carry each site's district (before July 2025) or commune (since). The registry does not store
them (a project's units follow from its site: geo.apportion), but a site lying outside the unit its row names has
wrong coordinates or a wrong code, and a file whose sites mostly do was read in the wrong CRS. They tell what the
province cannot: once the former Cà Mau's districts are loaded, a Bạc Liêu file read in the former Cà Mau's zone
lands among them, "in province 96 as its code says", and only its districts say it is 55 km off (trial 43).

Only codes of units the registry holds are judged: a district of a province it has no boundaries for says nothing.
A cell may give several units, joined by ";" (a projects export writes those of a line or area over several, the
larger share first): the site is judged against each, and lies where its row says when it lies in one of them.
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


#: How a cell gives several units (an export's site over several, the larger share first: "959; 960").
SEVERAL = "; "


def unit_code(value: Any) -> str | None:
    """A unit's code as a file writes it, as the registry does: 959 (a number column), "959", "0959" -> "959"; the
    codes of several joined by ";" each so ("0959;960" -> "959; 960")."""
    if value is None or value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    codes = [code.lstrip("0") or code if code.isdigit() else code for code in map(str.strip, str(value).split(";"))]
    return SEVERAL.join(code for code in codes if code) or None


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
        """Of the sites (``geoms``, WGS 84, None without one) given ``codes`` of ``field``'s level (unit_code's:
        one, or several): those judged (a site, and a unit the registry holds), and of them those lying far from
        their unit, or from each of their units (geo.ingest.provinces: 3 km into another unit, 16 km at sea)."""
        points = shapely.point_on_surface(geoms)
        site, given = self._held(field, codes, ~shapely.is_missing(points))
        judged = np.unique(site)
        if not len(judged):
            return judged, []
        tree, at = self._pieces[field], points[site]
        landed = np.zeros(len(site), dtype=bool)
        on_land, _ = tree.query(at, predicate="intersects")
        landed[on_land] = True
        far = np.zeros(len(site), dtype=bool)
        far[far_from_given(tree, self._codes[field], np.arange(len(site)), given, landed, at)] = True
        near = set(site[~far].tolist())  # near one of its units
        return judged, [int(i) for i in judged if i not in near]

    def _held(self, field: str, codes: np.ndarray, located: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Each site (``located``: having one) given units of ``field``'s level the registry holds, once per such
        unit: the sites and the units' codes."""
        held = self.names[field]
        pairs = [
            (i, code)
            for i, given in enumerate(codes.tolist())
            if given and located[i]
            for code in given.split(SEVERAL)
            if code in held
        ]
        return np.array([i for i, _ in pairs], dtype=int), np.array([code for _, code in pairs], dtype=object)

    def name_of(self, field: str, codes: str) -> str:
        """The names of the units ``codes`` gives (unit_code's), as the codes are joined: "Giá Rai; Đông Hải"."""
        return SEVERAL.join(self.names[field].get(code, code) for code in codes.split(SEVERAL))

    def holding(self, field: str, geoms: np.ndarray) -> list[str | None]:
        """The unit of ``field``'s level each site's point on surface lies in (None: in none of the registry's)."""
        points = shapely.point_on_surface(geoms)
        found: list[str | None] = [None] * len(points)
        site, piece = self._pieces[field].query(points, predicate="intersects")
        for i, k in zip(site.tolist(), piece.tolist(), strict=True):
            found[i] = found[i] or self._codes[field][k]
        return found
