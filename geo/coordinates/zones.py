"""The CRSs of the region: VN-2000 EPSG codes, TM-3 zones by province, the region's bounds, and the decision
returned to callers (CrsDecision) with the errors they may get."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pyproj import CRS

from geo.coordinates.messages import said
from geo.said import Said, SaidError

WGS84_EPSG = 4326
VN2000_GEOGRAPHIC_EPSG = 4756
VN2000_DATUM_EPSG = 6756

#: The region of the two provinces (former Bạc Liêu and Trà Vinh, with the 2025 provinces Cà Mau and Vĩnh Long
#: around them): (min lon, min lat, max lon, max lat), degrees WGS 84.
REGION_BOUNDS = (104.4, 8.4, 107.0, 10.6)

#: VN-2000 / TM-3 zones by central meridian (lat_0 0, k 0.9999, x_0 500 000, y_0 0), current EPSG codes only
#: (6956–6959 are deprecated duplicates).
VN2000_TM3_ZONES: dict[float, int] = {
    102.0: 5896,
    103.0: 9205,
    104.0: 9206,
    104.5: 9207,
    104.75: 9208,
    105.0: 5897,
    105.5: 9209,
    105.75: 9210,
    106.0: 9211,
    106.25: 9212,
    106.5: 9213,
    107.0: 9214,
    107.25: 9215,
    107.5: 9216,
    107.75: 5899,
    108.0: 5898,
    108.25: 9217,
    108.5: 9218,
}

#: VN-2000 / UTM zones (k 0.9996) by central meridian.
VN2000_UTM_ZONES: dict[float, int] = {105.0: 3405, 111.0: 3406}

VN2000_EPSG_CODES = frozenset({VN2000_GEOGRAPHIC_EPSG, *VN2000_TM3_ZONES.values(), *VN2000_UTM_ZONES.values()})


@dataclass(frozen=True)
class ProvinceZone:
    """The TM-3 zone used for a province's legacy data, and what to watch out for."""

    epsg: int
    name: str
    note: Said | None = None


#: TM-3 zone per province code (former provinces 95 Bạc Liêu, 84 Trà Vinh; 2025 province 86 Vĩnh Long).
#: 96 (Cà Mau since 2025) is deliberately absent: former Bạc Liêu data are in 105°00' (EPSG:5897) while HCMGIS maps
#: the new Cà Mau to 104°30' (EPSG:9207); the two put the same numbers ~55 km apart, so the user must say which.
PROVINCE_ZONES: dict[str, ProvinceZone] = {
    "95": ProvinceZone(5897, "Bạc Liêu"),
    "84": ProvinceZone(9209, "Trà Vinh"),
    "86": ProvinceZone(
        9209,
        "Vĩnh Long (2025)",
        said("former_ben_tre"),
    ),
}

#: Candidate zones offered when the province does not settle it.
CANDIDATE_ZONES: dict[int, Said] = {code: said(f"zone_{code}") for code in (5897, 9209, 9207, 9210, 3405)}


class CoordinateError(SaidError):
    """Coordinates that cannot be right; the message (in both languages) names the features and values and says
    what to do.

    ``indexes`` are the (0-based) positions of the offending features, the first few only.
    """

    def __init__(self, message: Said, indexes: Sequence[int] = ()) -> None:
        super().__init__(message)
        self.indexes = tuple(indexes)


class AmbiguousCrsError(SaidError):
    """The CRS cannot be decided without the user; ``candidates`` are the EPSG codes to choose from (``--crs``)."""

    def __init__(self, message: Said, candidates: Sequence[int] = ()) -> None:
        super().__init__(message)
        self.candidates = tuple(candidates)


@dataclass(frozen=True)
class CrsDecision:
    """The CRS decided for a data set, with the reasoning to show the user (``how`` and ``warnings`` in both
    languages).

    ``zero_shift`` marks "VN-2000 nội bộ" data (datum shift 0,0,0,0,0,0,0): ``crs`` keeps that zero shift, which
    places the data ~225 m from official VN-2000, until the user confirms with :meth:`confirm_official` that they are
    real VN-2000 coordinates; ``official_epsg`` is the official CRS they then become.

    ``strays`` are the features of an inferred decision whose coordinates do not fit the reading most of them fit
    (their positions among the coordinates given, with what is wrong with each): a few swapped or mistyped rows are
    the rows' own errors, told with the file's other errors, not a reason to refuse the whole file unread.
    """

    crs: CRS
    epsg: int | None
    how: Said
    warnings: tuple[Said, ...] = ()
    zero_shift: bool = False
    official_epsg: int | None = None
    strays: tuple[tuple[int, Said], ...] = ()

    def confirm_official(self) -> CrsDecision:
        """The decision once the user confirmed that zero-shift ("nội bộ") data are real VN-2000 coordinates."""
        if not self.zero_shift or self.official_epsg is None:
            return self
        return CrsDecision(
            crs=CRS.from_epsg(self.official_epsg),
            epsg=self.official_epsg,
            how=self.how.then(said("confirmed_official", epsg=str(self.official_epsg))),
            warnings=(),
        )


def crs_title(crs: CRS) -> str:
    """A CRS's name as the registry says it: one named by a zone number given its central meridian too, "VN-2000 /
    TM-3 zone 482, 105°00'". EPSG names VN-2000's 105°00' by its old zone number and 105°30' by its meridian ("TM-3
    105-30"): an officer saw the two named two ways (trial 60)."""
    meridian = _central_meridian(crs)
    return f"{crs.name}, {meridian}" if meridian and "zone" in crs.name else crs.name


def _central_meridian(crs: CRS) -> str | None:
    """A transverse Mercator CRS's central meridian as surveyors write it ("105°00'"), else None."""
    operation = crs.coordinate_operation
    if operation is None or "Transverse Mercator" not in operation.method_name:
        return None
    longitude = next((p.value for p in operation.params if p.name == "Longitude of natural origin"), None)
    if longitude is None:
        return None
    degrees, minutes = divmod(round(longitude * 60), 60)
    return f"{degrees}°{minutes:02}'"
