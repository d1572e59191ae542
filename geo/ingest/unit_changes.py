"""What a units load changes in the units already registered: each unit of the file is new, updated (which fields,
the registry's value and the file's) or unchanged. Read before the unit is written, so that a preview tells it as
its load does: a district reloaded from an office's file with one name corrected says that name, not "16 loaded".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from geo.ingest.project_writes import NAMED, SAME_PLACE

#: The unit as registered, and how its boundary compares with the file's (within SAME_PLACE degrees: the same); a
#: boundary moved, how far at most (metres, rounded up, in UTM 48N: the region lies in its zone).
_REGISTERED = """
SELECT name_vi, name_en, unit_type_vi, parent_code, same_place, type, file_type, area_ha, file_area_ha,
       CASE WHEN NOT same_place
            THEN ceil(ST_HausdorffDistance(ST_Transform(geom, 32648), ST_Transform(file_geom, 32648))) END AS moved_m
FROM (
  SELECT u.name_vi, u.name_en, u.unit_type_vi, p.code AS parent_code, u.geom, f.geom AS file_geom,
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


@dataclass
class UnitChanges:
    """A units load's changes so far: counts of new, updated and unchanged units, the first codes of the new and the
    updated ones, and the first updated ones' changes field by field (as a projects reload's report has them)."""

    counts: dict[str, int] = field(default_factory=lambda: {"new": 0, "updated": 0, "unchanged": 0})
    codes: dict[str, list[str]] = field(default_factory=lambda: {"new": [], "updated": []})
    fields: dict[str, dict[str, list[Any]]] = field(default_factory=dict)
    #: renamed units whose English name the file does not give: (code, the English name kept)
    english_kept: list[tuple[str, str]] = field(default_factory=list)

    def compare(self, session: Session, scheme: str, unit: dict[str, Any], geom_wkb: bytes) -> str:
        """Count ``unit`` (the file's values, ``parent_code`` among them; None where the file gives none) before it
        is written; return what it is: new, updated or unchanged (not written)."""
        key = {"scheme": scheme, "level": unit["level"], "code": unit["code"]}
        registered = session.execute(text(_REGISTERED), key | {"geom": geom_wkb, "same": SAME_PLACE}).mappings().first()
        if registered is None:
            self._count("new", unit["code"])
            return "new"
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
