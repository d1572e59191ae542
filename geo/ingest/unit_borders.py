"""A units file's borders, checked once every feature is read and before any is written: the units of one level
that overlap count a project there in the progress of both, and the gaps between them leave it in none.

An overlap wider than a sliver refuses the file, naming both units, its area and where; slivers (overlaps and gaps
narrower than geo.shared_borders.GAP_WIDTH_DEG, about 110 m: borders simplified unit by unit) are warned of once,
the largest named; a wider gap is warned of (a unit missing from the file, or a partial file). Asked to
(``--clean-borders``, /upload's box), the units are made to share their borders with the sample's own helper
(geo.shared_borders.share_borders) and each unit's change is told; a unit it would change by more than the
tolerance (``--border-tolerance``, a percentage of its area) refuses the file. Nothing is altered unasked.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely

from geo.ingest.messages import said
from geo.ingest.provinces import metres
from geo.ingest.report import Report
from geo.said import LANGS, Said, SaidError, beyond_shown, figure, joined
from geo.shared_borders import BorderFault, areas_m2, border_faults, share_borders
from geo.vi_format import local_number, parse_decimal
from geo.vocab import UNIT_LEVELS, labels

#: The most a unit may change when its borders are cleaned, as a percentage of its area, unless the user says
#: otherwise: the sample's communes change by 0.64 % at most.
DEFAULT_TOLERANCE = 1.0
#: How many faults, or changed units, a message names; the others are counted.
NAMED = 5
#: How many units a gap's message names.
UNITS_NAMED = 5


@dataclass
class FileUnit:
    """A unit of the file as checked: where it is in the file, its code and name as the file writes them, and the
    row the load writes (its geometry replaced where its borders are cleaned)."""

    layer: str
    index: int
    code: str
    name: str
    record: dict[str, Any]

    @property
    def said(self) -> Said:
        """ "đối tượng 3 (Phường 3, mã 29460)", "feature 3 (Phường 3, code 29460)"."""
        return said("unit_named", index=self.index, name=self.name, code=self.code)


def border_tolerance(typed: str | None) -> float:
    """The tolerance typed (``--border-tolerance``, /upload's box: "2", "1,5", "0.5 %"), a percentage above 0 and at
    most 100; the default where none is. SaidError otherwise."""
    if typed is None or not str(typed).strip():
        return DEFAULT_TOLERANCE
    try:
        value = parse_decimal(str(typed).replace("%", ""))
    except ValueError:
        value = -1.0
    if not 0 < value <= 100:
        raise SaidError(said("border_tolerance_unreadable", value=str(typed)))
    return value


def check_borders(units: Sequence[FileUnit], report: Report, clean: bool, tolerance: float) -> None:
    """Tell the overlaps and gaps between the file's ``units`` of each level; where ``clean``, make them share their
    borders (each record's geometry replaced), telling each unit's change, or refusing those that change more than
    ``tolerance`` (%)."""
    started = time.perf_counter()
    levels: dict[str, list[FileUnit]] = defaultdict(list)
    for unit in units:
        levels[unit.record["level"]].append(unit)
    for level, group in levels.items():
        if len(group) < 2:
            continue
        words = _level_words(level)
        if clean:
            _clean(group, words, report, tolerance)
        faults = border_faults([unit.record["geom"] for unit in group])
        _tell_overlaps(group, [overlap for overlap in faults.overlaps if not overlap.thin], report)
        thin = [f for f in faults.overlaps if f.thin], [f for f in faults.gaps if f.thin]
        if (thin[0] or thin[1]) and not clean:  # cleaned, a sliver left is one the cleaner could not mend
            _tell_thin(group, *thin, words, report)
        _tell_gaps(group, [gap for gap in faults.gaps if not gap.thin], words, report)
    report.seconds["unit_borders"] = round(time.perf_counter() - started, 2)


def _level_words(level: str) -> Said:
    return Said(*(labels(UNIT_LEVELS, lang)[level].lower() for lang in LANGS))


def _tell_overlaps(units: Sequence[FileUnit], overlaps: list[BorderFault], report: Report) -> None:
    """Each overlap wider than a sliver: an error of the later of its two units, naming the other."""
    for overlap in overlaps:
        one, other = (units[i] for i in overlap.units)
        told = said("unit_overlap", name=other.name, other=one.said, **_measures(overlap))
        report.error(told, index=other.index, field="geometry", layer=other.layer, codes=(other.code,))


def _tell_thin(
    units: Sequence[FileUnit], overlaps: list[BorderFault], gaps: list[BorderFault], level: Said, report: Report
) -> None:
    """The slivers, in one warning: how many and how large in all, the widest, and the largest named."""
    found = []
    if overlaps:
        found.append(said("thin_overlaps", count=len(overlaps), area=_area(sum(f.area_m2 for f in overlaps))))
    if gaps:
        found.append(said("thin_gaps", count=len(gaps), area=_area(sum(f.area_m2 for f in gaps))))
    largest = sorted([*overlaps, *gaps], key=lambda fault: -fault.area_m2)[:NAMED]
    named = [
        said(
            "thin_overlap_named" if fault in overlaps else "thin_gap_named",
            units=_units(units, fault),
            **_measures(fault),
        )
        for fault in largest
    ]
    widest = max(f.width_m for f in [*overlaps, *gaps])
    told = said(
        "unit_borders_thin",
        level=level,
        found=joined(found, " và ", " and "),
        width=metres(widest),
        largest=joined(named, "; ", "; "),
        more=_more_places(len(overlaps) + len(gaps), len(named)),
    )
    report.warn(told, field="geometry")


def _tell_gaps(units: Sequence[FileUnit], gaps: list[BorderFault], level: Said, report: Report) -> None:
    """Each gap wider than a sliver, where no unit of the file lies: a warning naming the units around it."""
    for gap in gaps:
        report.warn(said("unit_gap", level=level, units=_units(units, gap), **_measures(gap)), field="geometry")


def _clean(units: Sequence[FileUnit], level: Said, report: Report, tolerance: float) -> None:
    """The units made to share their borders (geo.shared_borders.share_borders, as the sample's communes are): each
    record's geometry replaced, each unit changed more than ``tolerance`` (% of its area) an error, the others'
    changes told in one warning, the most changed first."""
    before = [unit.record["geom"] for unit in units]
    after = share_borders(before)
    areas = areas_m2(np.array([*before, *after, *shapely.symmetric_difference(before, after)])).reshape(3, -1)
    changed = 100 * areas[2] / np.maximum(areas[0], 1.0)
    for unit, geom in zip(units, after, strict=True):
        unit.record["geom"] = _multipolygon(geom)
    report.borders_cleaned += [
        {"layer": u.layer, "index": u.index, "code": u.code, "name": u.name, "area_before_m2": round(float(a), 1)}
        | {"area_after_m2": round(float(b), 1), "changed_percent": round(float(c), 3)}
        for u, a, b, c in zip(units, areas[0], areas[1], changed, strict=True)
        if c >= 0.001
    ]
    for i in np.flatnonzero((changed > tolerance) | (areas[1] == 0)):  # a unit left with nothing, whatever allowed
        unit = units[i]
        told = said(
            "unit_border_change_too_large",
            name=unit.name,
            changed=_percent(changed[i]),
            before=_area(areas[0][i]),
            after=_area(areas[1][i]),
            tolerance=_percent(tolerance),
            needed=_percent(np.ceil(changed[i] * 10) / 10, sign=False),
        )
        report.error(told, index=unit.index, field="geometry", layer=unit.layer, codes=(unit.code,))
    moved = [i for i in np.argsort(-changed) if changed[i] >= 0.001]
    if not moved:
        return
    named = [
        said(
            "unit_change_named",
            unit=units[i].said,
            before=_area(areas[0][i]),
            after=_area(areas[1][i]),
            changed=_percent(changed[i]),
        )
        for i in moved[:NAMED]
    ]
    told = said(
        "unit_borders_cleaned",
        level=level,
        count=len(moved),
        total=len(units),
        most=_percent(changed[moved[0]]),
        tolerance=_percent(tolerance),
        units=joined(named, "; ", "; "),
        more=beyond_shown(len(moved), len(named)),
    )
    report.warn(told, field="geometry")


def _measures(fault: BorderFault) -> dict[str, Said]:
    """A fault's blanks: its area, its width and where it lies."""
    where = {axis: figure(value, f"{value:.5f}", 5) for axis, value in (("lon", fault.lon), ("lat", fault.lat))}
    return {"area": _area(fault.area_m2), "width": metres(fault.width_m)} | where


def _units(units: Sequence[FileUnit], fault: BorderFault) -> Said:
    """The units about a fault, the first UNITS_NAMED by feature, code and name, then how many more."""
    named = [units[i].said for i in fault.units[:UNITS_NAMED]]
    if len(fault.units) > UNITS_NAMED:
        return _after(joined(named, ", ", ", "), beyond_shown(len(fault.units), UNITS_NAMED))
    return joined([joined(named[:-1], ", ", ", "), named[-1]], " và ", " and ") if len(named) > 1 else named[0]


def _more_places(count: int, named: int) -> Said | str:
    """ "and N more" after the first overlaps and gaps named."""
    return said("more_places", count=count - named) if count > named else ""


def _area(m2: float) -> Said:
    """An area as each language writes it: "8.500 m²" under a hectare, "1.234,56 ha" (Vietnamese), "1,234.56 ha"."""
    if m2 < 10_000:
        return _after(_figures(m2, 0), " m²")
    return _after(_figures(m2 / 10_000, 2), " ha")


def _percent(value: float, sign: bool = True) -> Said:
    """A share of a unit's area: "0,36 %" (Vietnamese), "0.36 %"; without the sign for an option to type."""
    return _after(_figures(value, 2 if value < 10 else 1), " %" if sign else "")


def _figures(value: float, digits: int) -> Said:
    return Said(*(local_number(value, lang, digits) for lang in LANGS))


def _after(said_: Said, more: Said | str) -> Said:
    """``said_`` followed by ``more`` (the same in both languages where a text)."""
    more = more if isinstance(more, Said) else Said(more, more)
    return Said(said_.vi + more.vi, said_.en + more.en)


def _multipolygon(geom: Any) -> Any:
    """A cleaned unit as the registry stores units (a MultiPolygon; an empty one where the cleaner left nothing)."""
    parts = shapely.get_parts(shapely.get_parts(geom))
    return shapely.multipolygons(parts[shapely.get_type_id(parts) == 3])
