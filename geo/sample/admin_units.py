"""Admin units of both boundary schemes from ``data/boundaries/``.

Pre-2025 scheme: the provinces Bạc Liêu and Trà Vinh with their 16 districts (valid until
2025-06-30), and the neighbouring provinces as context. 2025 scheme: the provinces Cà Mau
and Vĩnh Long and the 66 communes of the former two provinces (valid from 2025-07-01), and
the neighbouring 2025 provinces (An Giang, Cần Thơ, Đồng Tháp) as context: a map of the 2025
units names its neighbours as they are since the reform, not as the provinces they replaced.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import shapely
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from geo.boundary_files import COMMUNES_2025_FILE, DISTRICTS_FILE, PROVINCES_2025_FILE, PROVINCES_PRE2025_FILE
from geo.models import AdminUnit
from geo.sample.geojson_files import read_features
from geo.sample.upsert import upsert
from geo.shared_borders import share_borders
from geo.unit_names import english_name

PRE2025_END = date(2025, 6, 30)
REFORM_START = date(2025, 7, 1)
TARGET_PROVINCES_PRE2025 = ("95", "84")
PROVINCES_2025 = {"Cà Mau": "96", "Vĩnh Long": "86"}
#: The 2025 neighbours: official code (Decision 19/2025/QĐ-TTg, as the `vietnam-provinces` package lists them) and
#: the unit's type.
NEIGHBOURS_2025 = {
    "An Giang": ("91", "Tỉnh"),
    "Cần Thơ": ("92", "Thành phố"),
    "Đồng Tháp": ("82", "Tỉnh"),
}


def load_admin_units(session: Session, boundaries_dir: Path) -> int:
    """Insert or update every sample unit; returns how many rows were written."""
    rows = [
        *_pre2025_provinces(boundaries_dir / PROVINCES_PRE2025_FILE),
        *_districts(boundaries_dir / DISTRICTS_FILE),
        *_provinces_2025(boundaries_dir / PROVINCES_2025_FILE),
        *_communes_2025(boundaries_dir / COMMUNES_2025_FILE),
    ]
    for row in rows:
        _upsert(session, row)
    return len(rows)


def _unit(
    code: str, scheme: str, level: str, name_vi: str, name_en: str, geometry: str | None, source: str, **extra: Any
) -> dict[str, Any]:
    valid = {"valid_to": PRE2025_END} if scheme == "pre2025" else {"valid_from": REFORM_START}
    return {
        "code": code,
        "scheme": scheme,
        "level": level,
        "name_vi": name_vi,
        "name_en": name_en,
        "geometry": geometry,
        "source": source,
        **valid,
        **extra,
    }


def _pre2025_provinces(path: Path) -> list[dict[str, Any]]:
    return [
        _unit(
            p["province_code"],
            "pre2025",
            "province",
            p["province_name"],
            english_name(p["province_name"], "Tỉnh"),
            geometry,
            f"data/boundaries/{path.name}",
            unit_type_vi="Tỉnh",
            is_context=p["province_code"] not in TARGET_PROVINCES_PRE2025,
        )
        for p, geometry in read_features(path)
    ]


def _districts(path: Path) -> list[dict[str, Any]]:
    return [
        _unit(
            p["district_code"],
            "pre2025",
            "district",
            p["district_name"],
            english_name(p["district_name"], p["district_type"]),
            geometry,
            f"data/boundaries/{path.name}",
            unit_type_vi=p["district_type"],
            parent=("pre2025", "province", p["province_code"]),
        )
        for p, geometry in read_features(path)
        if p["role"] == "target"
    ]


def _provinces_2025(path: Path) -> list[dict[str, Any]]:
    rows = []
    for p, geometry in read_features(path):
        name = p["province_2025"]
        own = name in PROVINCES_2025
        if own or name in NEIGHBOURS_2025:
            code, unit_type = (PROVINCES_2025[name], "Tỉnh") if own else NEIGHBOURS_2025[name]
            source = f"data/boundaries/{path.name}"
            rows.append(
                _unit(
                    code,
                    "2025",
                    "province",
                    name,
                    english_name(name, unit_type),
                    geometry,
                    source,
                    unit_type_vi=unit_type,
                    is_context=not own,
                )
            )
    return rows


def _communes_2025(path: Path) -> list[dict[str, Any]]:
    """The communes of former Bạc Liêu and Trà Vinh, made to share their borders (geo.shared_borders: simplified each
    on its own in the source, neighbours' borders were drawn as two lines)."""
    loaded = [(p, geometry) for p, geometry in read_features(path) if p["in_old_baclieu_or_travinh"]]
    shared = share_borders([shapely.from_geojson(geometry) for _, geometry in loaded])
    return [
        _unit(
            p["commune_code"],
            "2025",
            "commune",
            p["commune_name"],
            english_name(p["commune_name"], p["commune_type"]),
            shapely.to_geojson(geometry),
            f"data/boundaries/{path.name}",
            unit_type_vi=p["commune_type"],
            parent=("2025", "province", p["province_2025_code"]),
        )
        for (p, _), geometry in zip(loaded, shared, strict=True)
    ]


def _upsert(session: Session, row: dict[str, Any]) -> None:
    values = dict(row)
    geometry = values.pop("geometry")
    parent = values.pop("parent", None)
    if parent:
        values["parent_id"] = session.scalar(
            select(AdminUnit.id).filter_by(scheme=parent[0], level=parent[1], code=parent[2])
        )
    # The sources are valid except one context outline (old Vĩnh Long); repair, keep polygons only.
    values["geom"] = func.ST_Multi(
        func.ST_CollectionExtract(func.ST_MakeValid(func.ST_SetSRID(func.ST_GeomFromGeoJSON(geometry), 4326)), 3)
    )
    upsert(session, AdminUnit, ("scheme", "level", "code"), values)
