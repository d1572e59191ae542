"""What a salinity file is checked for before its zones are loaded (trial 58): a class among the registry's codes and
a period written YYYY-MM; no two zones of one period in the file overlapping (their area was counted twice: shares
of 149 %); zones lying in the registry's provinces (a .prj of another TM-3 zone put them 55 km out at sea); and not
the very file already loaded (appending it again doubled every share)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

import numpy as np
import shapely
from pyproj import CRS
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from geo.ingest.messages import said
from geo.ingest.misplaced_sites import Sampled
from geo.ingest.provinces import ProvinceFinder
from geo.ingest.report import Report
from geo.models import IngestJob, SalinityZone
from geo.said import Said, joined
from geo.salinity import CLASS_CODES, OVERLAP, cited_source, loads_overlapped

PERIOD_FORM = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
_DASHES = str.maketrans({"–": "-", "—": "-", "‑": "-", " ": ""})


def salinity_code(value: object) -> str | None:
    """The registry's class code a cell gives ("4–8" and "4 - 8" are "4-8"); None when it gives none of them."""
    code = str(value).translate(_DASHES)
    return code if code in CLASS_CODES else None


def allowed_classes() -> str:
    return ", ".join(CLASS_CODES)


@dataclass
class ZonesOfTheFile:
    """The file's zones as checked, for the checks of the whole file: overlaps within a period, and where they lie."""

    features: list[tuple[str, int, str]] = field(default_factory=list)  # (layer, feature index, period)
    geoms: list[shapely.Geometry] = field(default_factory=list)  # WGS 84
    sampled: Sampled = field(default_factory=Sampled)  # a point of each of the first zones, in the CRS read

    def add(self, layer: str, index: int, period: str, geom: shapely.Geometry, crs: CRS | None) -> None:
        self.features.append((layer, index, period))
        self.geoms.append(geom)
        if crs is not None and crs.is_projected:
            self.sampled.add(crs, shapely.point_on_surface(geom))

    def tell_overlaps(self, report: Report) -> None:
        """Each zone that repeats or overlaps an earlier zone of its period, as an error of the later feature."""
        geoms = np.array(self.geoms, dtype=object)
        periods = np.array([period for _, _, period in self.features], dtype=object)
        later, earlier = shapely.STRtree(geoms).query(geoms, predicate="intersects")
        pairs = sorted(
            {(int(a), int(b)) for a, b in zip(earlier, later, strict=True) if a < b and periods[a] == periods[b]}
        )
        for first, second in pairs:
            layer, index, period = self.features[second]
            one, other = geoms[first], geoms[second]
            if shapely.equals(one, other):
                report.error(
                    said("zone_same_as", first=self.features[first][1], period=period),
                    index=index,
                    field="geometry",
                    layer=layer,
                )
                continue
            share = shapely.area(shapely.intersection(one, other)) / min(shapely.area(one), shapely.area(other))
            if share > OVERLAP:
                told = said("zones_overlap", first=self.features[first][1], period=period, percent=round(100 * share))
                report.error(told, index=index, field="geometry", layer=layer)

    def tell_where(self, report: Report, finder: ProvinceFinder) -> None:
        """Most zones outside the registry's provinces: refused when read in another zone they lie in them (the one
        that fits is named), else warned of."""
        geoms = np.array(self.geoms, dtype=object)
        held = np.not_equal(finder.holding(shapely.point_on_surface(geoms)), None)
        outside = int(np.count_nonzero(~held))
        if 2 * outside <= len(geoms) or not self.sampled.points:
            return
        crs = f"EPSG:{self.sampled.crss[0].to_epsg()}"
        zone = self.sampled.zone_that_fits(functools.partial(_held, finder))
        blanks = {"count": outside, "total": len(geoms), "crs": crs}
        if zone is None:
            report.warn(said("salinity_zones_outside", **blanks), field="geometry")
        else:
            report.error(
                said("salinity_zones_in_wrong_zone", **blanks, what=said("zone_that_fits", **zone)), field="geometry"
            )


def _held(finder: ProvinceFinder, points: np.ndarray) -> int:
    return int(np.count_nonzero(np.not_equal(finder.holding(points), None)))


def tell_loaded_before(session: Session, job: IngestJob, report: Report) -> bool:
    """Refuse appending a file whose very bytes (SHA-256) an earlier load put zones in the registry from; whether
    it was."""
    earlier = session.execute(
        select(IngestJob.id, IngestJob.file_name, func.count(SalinityZone.id))
        .join(SalinityZone, SalinityZone.ingest_job_id == IngestJob.id)
        .where(IngestJob.file_sha256 == job.file_sha256, IngestJob.target == "salinity", IngestJob.id != job.id)
        .group_by(IngestJob.id)
        .order_by(IngestJob.id.desc())
        .limit(1)
    ).first()
    if earlier is not None:
        report.error(said("salinity_file_loaded_before", job=str(earlier.id), file=earlier.file_name, zones=earlier[2]))
    return earlier is not None


def tell_stored_overlaps(session: Session, job: IngestJob, zones: ZonesOfTheFile, report: Report) -> None:
    """Refuse appending zones that repeat or overlap zones of their period another file's load holds: their area was
    counted twice, silently (trial 59, F-g). Each such zone is an error naming that load, with how to replace it."""
    periods = [period for _, _, period in zones.features]
    for overlap in loads_overlapped(session, zones.geoms, periods, job.id):
        layer, index, period = zones.features[overlap.zone]
        told = said(
            "zone_same_as_stored" if overlap.same else "zone_overlaps_stored",
            job=str(overlap.job),
            file=overlap.file,
            period=period,
        )
        report.error(told, index=index, field="geometry", layer=layer)


_REPLACED = """
SELECT period, source, count(*) AS zones FROM salinity_zone WHERE period = ANY(:periods)
GROUP BY period, source ORDER BY period, zones DESC, source
"""


def zones_replaced(session: Session, periods: set[str]) -> list[tuple[str, str, int]]:
    """The registered zones a replace of ``periods`` removes: (period, source, how many), every source of them (the
    raster-derived zones too: the replace removed them unannounced, trial 58)."""
    return [tuple(row) for row in session.execute(text(_REPLACED), {"periods": sorted(periods)})]


def tell_replaced(report: Report, replaced: list[tuple[str, str, int]]) -> None:
    """One warning per period replaced, counting its zones removed by source: in a preview, what the load will do."""
    for period in dict.fromkeys(period for period, _, _ in replaced):
        mine = [(source, zones) for p, source, zones in replaced if p == period]
        sources = joined(
            [said("zones_from_source", count=zones, source=_cited(source)) for source, zones in mine], "; ", "; "
        )
        count = sum(zones for _, zones in mine)
        told = said(
            "replace_will_remove" if report.dry_run else "replace_removed", period=period, count=count, sources=sources
        )
        report.warn(told)


def _cited(source: str) -> Said:
    return Said(cited_source(source, "vi"), cited_source(source, "en"))
