"""Soil-salinity zones by class, derived from a registered salinity raster, and what lies in each class.

A zone is the part of the two former provinces (Bạc Liêu, Trà Vinh: the pre-2025 provinces that are not context)
where the raster's value falls in one class of :data:`SALINITY_CLASSES` (ECe in dS/m, FAO classes). The pixels are
vectorised as they are (no smoothing): with the bundled 1 km raster the zone edges are 1 km steps. Pixels without a
value (NaN or the raster's nodata) belong to no zone.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely
from shapely.geometry import shape
from sqlalchemy import text
from sqlalchemy.orm import Session

from geo.environment_messages import THEMES, said
from geo.said import Said, SaidError

if TYPE_CHECKING:
    from geo.models import RasterDataset

ZONES_LAYER = "salinity_zones"


@dataclass(frozen=True)
class SalinityClass:
    """ECe from ``low`` (included) to ``high`` (excluded), in dS/m; the raster layer's legend uses these too."""

    code: str
    low: float
    high: float
    vi: str
    en: str


SALINITY_CLASSES = (
    SalinityClass("0-2", 0, 2, "Không mặn (< 2)", "Non-saline (< 2)"),
    SalinityClass("2-4", 2, 4, "Mặn nhẹ (2–4)", "Slightly saline (2–4)"),
    SalinityClass("4-8", 4, 8, "Mặn vừa (4–8)", "Moderately saline (4–8)"),
    SalinityClass("8-16", 8, 16, "Mặn nhiều (8–16)", "Strongly saline (8–16)"),
    SalinityClass("16+", 16, float("inf"), "Mặn rất nhiều (≥ 16)", "Very strongly saline (≥ 16)"),
)
CLASS_CODES = tuple(c.code for c in SALINITY_CLASSES)
# A value v is in class i when BREAKS[i-1] <= v < BREAKS[i]; negative values count as the lowest class.
_BREAKS = np.array([c.high for c in SALINITY_CLASSES[:-1]])

_CLIP = """
SELECT ST_AsBinary(ST_Union(geom)) FROM admin_unit WHERE scheme = 'pre2025' AND level = 'province' AND NOT is_context
"""
_INSERT_ZONE = """
INSERT INTO salinity_zone (salinity_class, period, source, geom)
SELECT :code, :period, :source, ST_Multi(ST_CollectionExtract(ST_MakeValid(
           ST_Intersection(ST_GeomFromWKB(:zone, 4326), ST_GeomFromWKB(:clip, 4326))), 3)) AS geom
WHERE NOT ST_IsEmpty(ST_CollectionExtract(ST_Intersection(ST_GeomFromWKB(:zone, 4326), ST_GeomFromWKB(:clip, 4326)), 3))
"""


class SalinityError(SaidError):
    """A salinity raster or query that cannot be used; the message says what to do, in Vietnamese and English."""


def class_indexes(values: np.ndarray) -> np.ndarray:
    """The index in CLASS_CODES of each ECe value (dS/m); a value on a boundary belongs to the upper class."""
    return np.digitize(values, _BREAKS).astype("uint8")


def derive_zones(session: Session, dataset: RasterDataset) -> dict[str, int]:
    """Replace the zones of ``dataset.period`` from this raster with one multipolygon per class present; refused
    (SalinityError, nothing written once the caller rolls back) where one overlaps a file's zone of that period.

    Returns the zones written: class code → its number of pixels in the provinces' bounding box.
    """
    from geo.layer_versions import bump  # here, not above: the layers' SQL of this module is read without the models

    if dataset.theme != "salinity":
        raise SalinityError(
            said("not_salinity", raster=str(dataset.id), theme=THEMES.get(dataset.theme, dataset.theme))
        )
    period = dataset.period or (str(dataset.year) if dataset.year else None)
    if period is None:
        raise SalinityError(said("salinity_no_period", raster=str(dataset.id)))
    clip = session.execute(text(_CLIP)).scalar()
    if clip is None:
        raise SalinityError(said("no_provinces", what=Said("cắt vùng mặn theo", "clip the zones to")))
    polygons, pixels = _class_polygons(Path(dataset.path), shapely.from_wkb(clip).bounds)
    source = zone_source(dataset)
    session.execute(
        text("DELETE FROM salinity_zone WHERE period = :period AND source = :source"),
        {"period": period, "source": source},
    )
    written = {}
    for code, parts in polygons.items():
        zone = shapely.to_wkb(shapely.union_all(parts))
        params = {"code": code, "period": period, "source": source, "zone": zone, "clip": clip}
        if session.execute(text(_INSERT_ZONE), params).rowcount:
            written[code] = pixels[code]
    _refuse_overlapping_loads(session, dataset, period, source)
    bump(session, ZONES_LAYER)
    return written


#: Two zones of one period overlapping over more than this share of the smaller one are refused, whether from a file
#: or derived from a raster (less: a digitising sliver).
OVERLAP = 0.01
# The stored zones of a file's load (other than ``job``) each of the zones given repeats or overlaps, same period: the
# first such of each zone, the very same zone first (trial 59, F-g).
_LOADS_OVERLAPPED = f"""
WITH mine AS (
    SELECT i, period, ST_GeomFromWKB(wkb, 4326) AS geom
    FROM unnest(CAST(:wkbs AS bytea[]), CAST(:periods AS text[])) WITH ORDINALITY f(wkb, period, i)
)
SELECT DISTINCT ON (m.i) m.i - 1 AS zone, z.ingest_job_id AS job, j.file_name AS file, ST_Equals(m.geom, z.geom) AS same
FROM mine m JOIN salinity_zone z ON z.period = m.period AND z.ingest_job_id IS DISTINCT FROM CAST(:job AS int)
     AND ST_Intersects(m.geom, z.geom)
JOIN ingest_job j ON j.id = z.ingest_job_id
WHERE ST_Equals(m.geom, z.geom) OR ST_Area(ST_Intersection(m.geom, z.geom))
      > {OVERLAP} * LEAST(ST_Area(m.geom), ST_Area(z.geom))
ORDER BY m.i, ST_Equals(m.geom, z.geom) DESC, z.ingest_job_id DESC
"""


def loads_overlapped(
    session: Session, zones: list[shapely.Geometry], periods: list[str], job: int | None = None
) -> list[Any]:
    """For each of ``zones`` (WGS 84; of ``periods``) that repeats or overlaps a stored zone of its period loaded from
    a file, other than by ``job``: its index (``zone``), that load's ``job`` and ``file``, and whether it is the very
    same zone (``same``). The one rule for a file's zones and a raster's (a raster's zones overlapping a file's were
    not refused: session 56)."""
    params = {"wkbs": [shapely.to_wkb(g) for g in zones], "periods": periods, "job": job}
    return list(session.execute(text(_LOADS_OVERLAPPED), params))


def _refuse_overlapping_loads(session: Session, dataset: RasterDataset, period: str, source: str) -> None:
    """Refuse the zones just derived from ``dataset`` where one overlaps a file's zone of ``period``."""
    query = "SELECT salinity_class, ST_AsBinary(geom) FROM salinity_zone WHERE period = :period AND source = :source"
    derived = session.execute(text(query), {"period": period, "source": source}).all()
    zones = [shapely.from_wkb(bytes(wkb)) for _, wkb in derived]
    found = loads_overlapped(session, zones, [period] * len(zones))
    if found:
        first = found[0]
        blanks = {"raster": str(dataset.id), "period": period, "job": str(first.job), "file": first.file}
        raise SalinityError(said("derived_zone_overlaps_load", zone_class=derived[first.zone][0], **blanks))


def zone_source(dataset: RasterDataset) -> str:
    """The source of the zones derived from ``dataset``: its own, and which raster they come from."""
    return f"{dataset.source}{_DERIVED.format(id=dataset.id, title=dataset.title)}"


_DERIVED = " — raster_dataset {id} ({title}), classes of ECe in dS/m"
_DERIVED_TAIL = re.compile(r" — raster_dataset \d+ \(.*\), classes of ECe in dS/m$", re.S)


#: A source saying its zones are predicted, not measured (the sample's machine-learning raster says "dự báo" and
#: "prediction"): the yearly report says so beside its salinity figures (trial 63, finding 3).
_PREDICTED = re.compile(r"\bprediction\b|\bdự báo\b", re.IGNORECASE)


def is_prediction(source: str) -> bool:
    """Whether zones of ``source`` are a prediction rather than measured or mapped."""
    return bool(_PREDICTED.search(source))


def cited_sources(sources: list[str], lang: str) -> str:
    """The zones' ``sources`` as a page in ``lang`` cites them, joined: the unit pages' and the map legend's words."""
    return "; ".join(cited_source(source, lang) for source in sources)


def cited_source(source: str, lang: str) -> str:
    """What a page in ``lang`` cites of zones' ``source``: the raster's own source, without the registry's note of
    which raster they were derived from (:func:`zone_source`). A source written in both languages as the registry
    writes them ("citation: Vietnamese words · English words", as the sample's) is cited in the page's."""
    cited = _DERIVED_TAIL.sub("", source)
    citation, colon, words = cited.partition(": ")
    vi, both, en = words.partition(" · ")
    return f"{citation}: {vi if lang == 'vi' else en}" if colon and both and " · " not in en else cited


def _class_polygons(path: Path, bounds: tuple[float, ...]) -> tuple[dict[str, list], dict[str, int]]:
    """Pixel polygons (lon/lat) per class over the window of ``bounds``; and the pixel count per class."""
    import rasterio  # here, not above: the layers' SQL of this module is read by commands that need no raster
    from rasterio.features import shapes
    from rasterio.warp import transform_bounds, transform_geom
    from rasterio.windows import Window, from_bounds

    with rasterio.open(path) as src:
        if src.crs is None:
            raise SalinityError(said("raster_no_crs", name=path.name))
        window = from_bounds(*transform_bounds("EPSG:4326", src.crs, *bounds), transform=src.transform)
        window = window.round_offsets().round_lengths().intersection(Window(0, 0, src.width, src.height))
        values = src.read(1, window=window, masked=True).astype("float64")
        valid = ~np.ma.getmaskarray(values) & np.isfinite(values.filled(np.nan))
        classes = class_indexes(values.filled(0))
        polygons: dict[str, list] = defaultdict(list)
        for geometry, index in shapes(classes, mask=valid, transform=src.window_transform(window)):
            if src.crs.to_epsg() != 4326:
                geometry = transform_geom(src.crs, "EPSG:4326", geometry)
            polygons[CLASS_CODES[int(index)]].append(shape(geometry))
    pixels = {CLASS_CODES[i]: int(n) for i, n in enumerate(np.bincount(classes[valid], minlength=len(CLASS_CODES)))}
    return polygons, pixels


def has_salinity_zones(session: Session) -> bool:
    """Whether any salinity zone is registered (the web map offers the layer only then)."""
    return session.execute(text("SELECT EXISTS (SELECT 1 FROM salinity_zone)")).scalar_one()


#: A period written YYYY-MM, as the zones' periods are: those order by date.
_DATED = "period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'"
#: The newest period: of those written YYYY-MM first, so that a period loaded before periods were checked ("Mùa khô
#: 2024" sorts after "2025-03") is not taken for the newest by the map, its tiles and the unit pages (trial 58).
NEWEST_PERIOD = f"SELECT period FROM salinity_zone ORDER BY {_DATED} DESC, period DESC LIMIT 1"


def latest_period(session: Session) -> str | None:
    return session.execute(text(NEWEST_PERIOD)).scalar()


def zone_periods(session: Session) -> list[str]:
    """The periods that have salinity zones, oldest first (by date; any not written YYYY-MM first of all)."""
    query = f"SELECT period FROM salinity_zone GROUP BY period ORDER BY {_DATED}, period"
    return list(session.execute(text(query)).scalars())


def zone_sources(session: Session, period: str) -> list[str]:
    """Where the zones of ``period`` come from (the ML raster is labelled as a prediction there)."""
    query = "SELECT DISTINCT source FROM salinity_zone WHERE period = :period ORDER BY source"
    return list(session.execute(text(query), {"period": period}).scalars())


@dataclass(frozen=True)
class PeriodRead:
    """What a period's figures are read from: one ``source`` (zones of several sources overlap, and their areas
    summed would count a place twice), loaded at ``loaded_at``; the period's ``other_sources``, not counted."""

    period: str
    source: str
    loaded_at: datetime
    other_sources: list[str]


_LOADS_OF_PERIOD = """
SELECT source, max(loaded_at) AS loaded_at FROM salinity_zone WHERE period = :period
GROUP BY source ORDER BY max(loaded_at) DESC, max(id) DESC
"""


def period_read(session: Session, period: str, source: str | None = None) -> PeriodRead | None:
    """The one rule by which /api/salinity/units and the unit pages read ``period``: from ``source``, else from the
    source loaded last (the unit page summed every source's zones where the API read one: session 56). None when the
    period has no zones (of ``source``)."""
    loads = session.execute(text(_LOADS_OF_PERIOD), {"period": period}).all()
    chosen = next((load for load in loads if source in (None, load.source)), None)
    if chosen is None:
        return None
    others = sorted(load.source for load in loads if load.source != chosen.source)
    return PeriodRead(period, chosen.source, chosen.loaded_at, others)


# The zones of a class are merged in each unit before their area is taken: two zones of one class overlapping (a
# copy, two loads of one source) count their common part once, so a unit's share stays within 1 (trial 58: 149 %).
_UNIT_SHARES = """
SELECT u.id AS unit_id, z.salinity_class,
       ST_Area(ST_Union(ST_Intersection(u.geom, z.geom))::geography) AS area_m2
FROM admin_unit u JOIN salinity_zone z ON z.period = :period AND ST_Intersects(u.geom, z.geom)
     AND (CAST(:source AS text) IS NULL OR z.source = :source)
WHERE u.scheme = :scheme AND u.level = :level AND NOT u.is_context
GROUP BY u.id, z.salinity_class
"""
_UNITS = """
SELECT id, code, name_vi, name_en, unit_type_vi, area_m2 FROM admin_unit
WHERE scheme = :scheme AND level = :level AND NOT is_context ORDER BY code
"""


def unit_class_shares(
    session: Session, scheme: str, level: str, period: str, source: str | None = None
) -> list[dict[str, Any]]:
    """Per unit: the area (ha) and share of the unit in each class; ``unclassified`` is the rest (no zone).

    Zones of one period from several sources overlap: give ``source`` then (see :func:`zone_sources`). Classes other
    than :data:`CLASS_CODES` (zones loaded from a file) are listed after them.
    """
    params = {"scheme": scheme, "level": level, "period": period, "source": source}
    areas: dict[int, dict[str, float]] = defaultdict(dict)
    for row in session.execute(text(_UNIT_SHARES), params).mappings():
        areas[row["unit_id"]][row["salinity_class"]] = row["area_m2"]
    rows = []
    for unit in session.execute(text(_UNITS), params).mappings():
        found = areas.get(unit["id"], {})
        classes = {
            code: {
                "area_ha": round(found.get(code, 0.0) / 10_000, 1),
                "share": round(found.get(code, 0.0) / unit["area_m2"], 4),
            }
            for code in CLASS_CODES + tuple(sorted(set(found) - set(CLASS_CODES)))
        }
        unclassified = max(0.0, 1 - sum(found.values()) / unit["area_m2"])
        rows.append(dict(unit) | {"classes": classes, "unclassified_share": round(unclassified, 4)})
    return rows


# Each period's share of one unit its zones cover, read as period_read reads a period (the source loaded last) and as
# _UNIT_SHARES sums it (a class's zones merged first).
_UNIT_COVERAGE = """
WITH chosen AS (
    SELECT DISTINCT ON (period) period, source FROM salinity_zone
    GROUP BY period, source ORDER BY period, max(loaded_at) DESC, max(id) DESC
), classes AS (
    SELECT z.period, ST_Area(ST_Union(ST_Intersection(u.geom, z.geom))::geography) AS area_m2, u.area_m2 AS unit_m2
    FROM admin_unit u JOIN salinity_zone z ON ST_Intersects(u.geom, z.geom)
    JOIN chosen c ON c.period = z.period AND c.source = z.source
    WHERE u.id = :unit_id
    GROUP BY z.period, z.salinity_class, u.area_m2
)
SELECT period, least(1.0, sum(area_m2) / min(unit_m2)) AS share FROM classes GROUP BY period
"""


def unit_coverage(session: Session, unit_id: int) -> dict[str, float]:
    """The share (0–1) of the unit that each period's zones cover; a period whose zones miss it is left out. A
    period's figures of a unit its zones barely touch describe little of it (trial 63: 2.5 %)."""
    rows = session.execute(text(_UNIT_COVERAGE), {"unit_id": unit_id}).all()
    return {row.period: round(row.share, 4) for row in rows}


#: The share of a unit a period's zones must cover for the unit page and the yearly report to lead with it: the
#: newest period's zones covering 2.5 % of a unit led its page, their classes read as the unit's (trial 63); 1 % of
#: the province led the yearly report's salinity sheet (trial 65).
MEANINGFUL_COVERAGE = 0.5


def leading_period(periods: list[str], coverage: dict[str, float]) -> str:
    """The newest of ``periods`` (oldest first) whose zones cover at least half the unit; else the newest."""
    covering = [p for p in periods if coverage.get(p, 0.0) >= MEANINGFUL_COVERAGE]
    return (covering or periods)[-1]


# A project's share in a class: by length (lines), area (polygons) or the fraction of its points.
_PROJECT_SHARES = """
WITH p AS (
    SELECT p.id, p.code, p.name_vi, p.name_en, p.kind, p.geom, ST_Dimension(p.geom) AS dim, p.length_m, p.area_m2,
           ST_NumGeometries(p.geom) AS parts
    FROM project p LEFT JOIN plan pl ON pl.id = p.plan_id
    WHERE p.geom IS NOT NULL AND p.retired_at IS NULL {where}
)
SELECT p.id, p.code, p.name_vi, p.name_en, p.kind, z.salinity_class,
       CASE p.dim WHEN 0 THEN ST_NumGeometries(ST_Intersection(p.geom, z.geom))::float / p.parts
                  WHEN 1 THEN ST_Length(ST_Intersection(p.geom, z.geom)::geography) / NULLIF(p.length_m, 0)
                  ELSE ST_Area(ST_Intersection(p.geom, z.geom)::geography) / NULLIF(p.area_m2, 0) END AS share
FROM p JOIN salinity_zone z ON z.period = :period AND ST_Intersects(p.geom, z.geom)
     AND (CAST(:source AS text) IS NULL OR z.source = :source)
ORDER BY p.code, z.salinity_class
"""


def project_classes(
    session: Session,
    period: str,
    kinds: list[str] | None = None,
    plans: list[str] | None = None,
    source: str | None = None,
) -> list[dict[str, Any]]:
    """Each project touching a zone, with the share of it (length, area or points) in each class."""
    where = "".join(
        sql for value, sql in ((kinds, " AND p.kind = ANY(:kinds)"), (plans, " AND pl.code = ANY(:plans)")) if value
    )
    found: dict[int, dict[str, Any]] = {}
    params = {"period": period, "kinds": kinds, "plans": plans, "source": source}
    for row in session.execute(text(_PROJECT_SHARES.format(where=where)), params).mappings():
        project = found.setdefault(
            row["id"], {k: row[k] for k in ("id", "code", "name_vi", "name_en", "kind")} | {"classes": {}}
        )
        if row["share"]:
            project["classes"][row["salinity_class"]] = round(row["share"], 4)
    for project in found.values():
        project["main_class"] = max(project["classes"], key=project["classes"].get, default=None)
    return [p for p in found.values() if p["classes"]]
