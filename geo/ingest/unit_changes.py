"""What a units load changes in the units already registered: each unit of the file is new, updated (which fields,
the registry's value and the file's) or unchanged. Read before the unit is written, so that a preview tells it as
its load does: a district reloaded from an office's file with one name corrected says that name, not "16 loaded".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import shapely
from pyproj import CRS, Geod
from sqlalchemy import text
from sqlalchemy.orm import Session

from geo.ingest.messages import said
from geo.ingest.misplaced_sites import Sampled
from geo.ingest.project_writes import NAMED, SAME_PLACE
from geo.ingest.report import Report
from geo.said import figure

#: The unit as registered, and how its boundary compares with the file's (within SAME_PLACE degrees: the same); a
#: boundary moved, how far at most (metres, rounded up to a decimetre, in UTM 48N: the region lies in its zone).
_REGISTERED = """
SELECT name_vi, name_en, unit_type_vi, parent_code, same_place, type, file_type, area_ha, file_area_ha,
       CASE WHEN NOT same_place
            THEN ceil(10 * ST_HausdorffDistance(ST_Transform(geom, 32648), ST_Transform(file_geom, 32648))) / 10 END
            AS moved_m,
       CASE WHEN NOT same_place THEN ST_Distance(centre::geography, file_centre::geography) END AS centre_moved_m,
       ST_AsBinary(centre) AS centre, ST_AsBinary(file_centre) AS file_centre
FROM (
  SELECT u.name_vi, u.name_en, u.unit_type_vi, p.code AS parent_code, u.geom, f.geom AS file_geom,
         ST_Centroid(u.geom) AS centre, ST_Centroid(f.geom) AS file_centre,
         GeometryType(u.geom) AS type, GeometryType(f.geom) AS file_type,
         round((u.area_m2 / 1e4)::numeric, 2) AS area_ha, round((ST_Area(f.geom::geography) / 1e4)::numeric, 2)
         AS file_area_ha,
         u.geom = f.geom OR coalesce(ST_HausdorffDistance(u.geom, f.geom) <= :same, false) AS same_place
  FROM admin_unit u LEFT JOIN admin_unit p ON p.id = u.parent_id,
       (SELECT ST_Multi(ST_GeomFromWKB(:geom, 4326)) AS geom) f
  WHERE u.scheme = :scheme AND u.level = :level AND u.code = :code
) unit
"""
#: The fields a file's unit is compared on (a field the file does not give is kept: geo.ingest.targets).
COMPARED = ("name_vi", "name_en", "unit_type_vi", "parent_code")
#: A registered unit whose centre the file moves farther than this (metres) is most likely read in the wrong CRS: a
#: boundary redrawn from a better survey moves it by hundreds of metres, a file in another VN-2000 TM-3 zone by 55 km.
MOVED_FAR_M = 10_000
#: Within this (metres) of the registered centre, a unit read in another zone lies where the registry has it.
IN_PLACE_M = 1_000
_GEOD = Geod(ellps="WGS84")


@dataclass
class UnitChanges:
    """A units load's changes so far: counts of new, updated and unchanged units, the first codes of the new and the
    updated ones, and the first updated ones' changes field by field (as a projects reload's report has them)."""

    counts: dict[str, int] = field(default_factory=lambda: {"new": 0, "updated": 0, "unchanged": 0})
    codes: dict[str, list[str]] = field(default_factory=lambda: {"new": [], "updated": []})
    fields: dict[str, dict[str, list[Any]]] = field(default_factory=dict)
    #: renamed units whose English name the file does not give: (code, the English name kept)
    english_kept: list[tuple[str, str]] = field(default_factory=list)
    matched: int = 0  # units of the file already registered ...
    moved_far: int = 0  # ... and of those, the ones whose centre the file moves farther than MOVED_FAR_M
    farthest_m: float = 0.0
    sampled: Sampled = field(default_factory=Sampled)  # the first moved far (their centres, as the file has them)
    registered_centres: list[shapely.Point] = field(default_factory=list)  # ... and where the registry has them

    def compare(self, session: Session, scheme: str, unit: dict[str, Any], geom_wkb: bytes, crs: CRS | None) -> str:
        """Count ``unit`` (the file's values, ``parent_code`` among them; None where the file gives none; read in
        ``crs``) before it is written; return what it is: new, updated or unchanged (not written)."""
        key = {"scheme": scheme, "level": unit["level"], "code": unit["code"]}
        registered = session.execute(text(_REGISTERED), key | {"geom": geom_wkb, "same": SAME_PLACE}).mappings().first()
        if registered is None:
            self._count("new", unit["code"])
            return "new"
        self.matched += 1
        if (registered["centre_moved_m"] or 0) > MOVED_FAR_M:
            self.moved_far += 1
            self.farthest_m = max(self.farthest_m, registered["centre_moved_m"])
            if crs is not None and crs.is_projected and not self.sampled.full:
                self.sampled.add(crs, shapely.from_wkb(registered["file_centre"]))
                self.registered_centres.append(shapely.from_wkb(registered["centre"]))
        changed = {
            name: [registered[name], unit[name]]
            for name in COMPARED
            if unit.get(name) is not None and unit[name] != registered[name]
        }
        if not registered["same_place"]:  # as a project's geometry is told: types, metres moved, sizes
            sizes = ["area_ha", float(registered["area_ha"]), float(registered["file_area_ha"])]
            changed["geom"] = [registered["type"], registered["file_type"], float(registered["moved_m"]), sizes]
        if not changed:
            self.counts["unchanged"] += 1
            return "unchanged"
        if "name_vi" in changed and unit.get("name_en") is None and registered["name_en"]:
            self.english_kept.append((unit["code"], registered["name_en"]))
        self._count("updated", unit["code"])
        if len(self.fields) < NAMED:
            self.fields[unit["code"]] = changed
        return "updated"

    def _count(self, change: str, code: str) -> None:
        self.counts[change] += 1
        if len(self.codes[change]) < NAMED:
            self.codes[change].append(code)

    def tell_moved_far(self, report: Report) -> None:
        """Refuse a file that moves most of the registered units it gives far (at least one): read in the wrong CRS,
        it would move every boundary, and every project's share in them, 55 km; the zone that puts them back is
        named when one does."""
        if not self.moved_far or 2 * self.moved_far <= self.matched:
            return
        zone = self.sampled.zone_that_fits(self._in_place)
        what = said("zone_that_fits_units", **zone) if zone else said("give_the_crs")
        farthest = figure(self.farthest_m / 1000, f"{self.farthest_m / 1000:,.1f}", 1)
        told = said("units_moved_far", count=self.moved_far, total=self.matched, farthest=farthest, what=what)
        report.error(told, field="geometry")

    def _in_place(self, points: np.ndarray) -> int:
        """How many of the sampled units' centres, read at ``points``, lie within IN_PLACE_M of the registered."""
        lon, lat = shapely.get_coordinates(points).T
        at_lon, at_lat = shapely.get_coordinates(np.array(self.registered_centres)).T
        _, _, metres = _GEOD.inv(lon, lat, at_lon, at_lat)
        return int(np.count_nonzero(np.asarray(metres) <= IN_PLACE_M))
