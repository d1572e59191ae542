"""Deciding the coordinate reference system of incoming GIS data, and VN-2000 → WGS 84 done right.

GIS files from Bạc Liêu and Trà Vinh come in VN-2000 (the national datum, Decision 83/2000/QĐ-TTg), usually in a
provincial 3° Transverse Mercator zone ("TM-3", k = 0.9999), sometimes in UTM or in degrees, and with .prj files of
every quality: ESRI names, local QGIS definitions ("VN-2000 Hội nhập KTT 105.5 múi 3"), the datum mislabelled as
WGS 84, the zero datum shift of "VN-2000 nội bộ", or no .prj at all. VN-2000 and WGS 84 are about 225 m apart
there and a wrong TM-3 zone moves points by tens of kilometres, so this module decides the CRS explicitly, says how
it decided (``CrsDecision.how``) and what the user should double-check (``CrsDecision.warnings``):

- :func:`recognise_crs` reads a .prj / WKT / PROJ string / EPSG code / local CRS name;
- :func:`infer_crs` guesses from the coordinates when there is no .prj;
- :func:`to_wgs84` / :func:`from_wgs84` transform with exactly the official Decision 05/2007/QĐ-BTNMT parameters
  (EPSG:6960) whatever PROJ would pick at run time;
- :func:`check_in_region` rejects coordinates outside the two provinces' region.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from pyproj import CRS, Geod, Transformer
from pyproj.crs import ProjectedCRS
from pyproj.exceptions import CRSError

WGS84_EPSG = 4326
VN2000_GEOGRAPHIC_EPSG = 4756
VN2000_DATUM_EPSG = 6756
OFFICIAL_TRANSFORMATION_EPSG = 6960

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
    note: str | None = None


#: TM-3 zone per province code (former provinces 95 Bạc Liêu, 84 Trà Vinh; 2025 province 86 Vĩnh Long).
#: 96 (Cà Mau since 2025) is deliberately absent: former Bạc Liêu data are in 105°00' (EPSG:5897) while HCMGIS maps
#: the new Cà Mau to 104°30' (EPSG:9207); the two put the same numbers ~55 km apart, so the user must say which.
PROVINCE_ZONES: dict[str, ProvinceZone] = {
    "95": ProvinceZone(5897, "Bạc Liêu"),
    "84": ProvinceZone(9209, "Trà Vinh"),
    "86": ProvinceZone(
        9209,
        "Vĩnh Long (2025)",
        "data from the former Bến Tre province use TM-3 105°45' (EPSG:9210), ~27 km east of 105°30'",
    ),
}

#: Candidate zones offered when the province does not settle it.
CANDIDATE_ZONES: dict[int, str] = {
    5897: "TM-3 105°00', former Bạc Liêu",
    9209: "TM-3 105°30', former Trà Vinh and Vĩnh Long (new Vĩnh Long)",
    9207: "TM-3 104°30', former Cà Mau (HCMGIS's choice for the new Cà Mau)",
    9210: "TM-3 105°45', former Bến Tre",
    3405: "UTM zone 48N",
}


class CoordinateError(ValueError):
    """Coordinates that cannot be right; the message names the features and values and says what to do.

    ``indexes`` are the (0-based) positions of the offending features, the first few only.
    """

    def __init__(self, message: str, indexes: Sequence[int] = ()) -> None:
        super().__init__(message)
        self.indexes = tuple(indexes)


class AmbiguousCrsError(ValueError):
    """The CRS cannot be decided without the user; ``candidates`` are the EPSG codes to choose from (``--crs``)."""

    def __init__(self, message: str, candidates: Sequence[int] = ()) -> None:
        super().__init__(message)
        self.candidates = tuple(candidates)


@dataclass(frozen=True)
class CrsDecision:
    """The CRS decided for a data set, with the reasoning to show the user.

    ``zero_shift`` marks "VN-2000 nội bộ" data (datum shift 0,0,0,0,0,0,0): ``crs`` keeps that zero shift, which
    places the data ~225 m from official VN-2000, until the user confirms with :meth:`confirm_official` that they are
    real VN-2000 coordinates; ``official_epsg`` is the official CRS they then become.
    """

    crs: CRS
    epsg: int | None
    how: str
    warnings: tuple[str, ...] = ()
    zero_shift: bool = False
    official_epsg: int | None = None

    def confirm_official(self) -> CrsDecision:
        """The decision once the user confirmed that zero-shift ("nội bộ") data are real VN-2000 coordinates."""
        if not self.zero_shift or self.official_epsg is None:
            return self
        return CrsDecision(
            crs=CRS.from_epsg(self.official_epsg),
            epsg=self.official_epsg,
            how=f"{self.how}; confirmed by the user as official VN-2000 → EPSG:{self.official_epsg}",
            warnings=(),
        )


# --- The official datum shift ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HelmertParameters:
    """A 7-parameter similarity transformation in the coordinate-frame convention (EPSG method 9607).

    Rotations are in arc-seconds, the scale difference in parts per million.
    """

    tx: float
    ty: float
    tz: float
    rx: float
    ry: float
    rz: float
    ds_ppm: float

    def proj_step(self) -> str:
        """The PROJ ``helmert`` step, with the convention stated explicitly."""
        return (
            f"proj=helmert x={self.tx!r} y={self.ty!r} z={self.tz!r} rx={self.rx!r} ry={self.ry!r} rz={self.rz!r} "
            f"s={self.ds_ppm!r} convention=coordinate_frame"
        )

    def towgs84(self) -> str:
        """The ``+towgs84=`` value for other software.

        ``+towgs84`` and WKT1 ``TOWGS84`` are position-vector (EPSG 9606): the rotations change sign. Copying the
        coordinate-frame rotations unchanged (as much Vietnamese code and epsg.io's old string do) is ~0.5 m off.
        """
        return ",".join(repr(v) for v in (self.tx, self.ty, self.tz, -self.rx, -self.ry, -self.rz, self.ds_ppm))


#: VN-2000 → WGS 84, Decision 05/2007/QĐ-BTNMT (27 Feb 2007), identical to EPSG:6960 "VN-2000 to WGS 84 (2)":
#: Δx −191.90441429, Δy −39.30318279, Δz −111.45032835 m; ω −0.00928836″, ψ 0.01975479″, ε −0.00427372″;
#: k 1.000000252906278 (0.252906278 ppm). Coordinate-frame convention.
OFFICIAL_VN2000_TO_WGS84 = HelmertParameters(
    tx=-191.90441429,
    ty=-39.30318279,
    tz=-111.45032835,
    rx=-0.00928836,
    ry=0.01975479,
    rz=-0.00427372,
    ds_ppm=0.252906278,
)

#: EPSG:5194 "VN-2000 to WGS 84 (1)" (HCMC University of Technology, Mekong delta only): what PROJ picks by itself
#: for Trà Vinh points, about 0.9 m from the official parameters. Recognised in .prj files, never used.
EPSG_5194_VN2000_TO_WGS84 = HelmertParameters(
    tx=-192.873, ty=-39.382, tz=-111.202, rx=0.00205, ry=0.0005, rz=-0.00335, ds_ppm=0.0188
)

_DATUM_STEPS_FORWARD = (
    "proj=unitconvert xy_in=deg xy_out=rad",
    "proj=push v_3",
    "proj=cart ellps=WGS84",
    OFFICIAL_VN2000_TO_WGS84.proj_step(),
    "inv proj=cart ellps=WGS84",
    "proj=pop v_3",
    "proj=unitconvert xy_in=rad xy_out=deg",
)
_DATUM_STEPS_INVERSE = (
    "proj=unitconvert xy_in=deg xy_out=rad",
    "proj=push v_3",
    "proj=cart ellps=WGS84",
    f"inv {OFFICIAL_VN2000_TO_WGS84.proj_step()}",
    "inv proj=cart ellps=WGS84",
    "proj=pop v_3",
    "proj=unitconvert xy_in=rad xy_out=deg",
)
# Steps that change the datum; the map-projection part taken from PROJ must contain none of them.
_DATUM_CHANGING = {"helmert", "cart", "push", "pop", "hgridshift", "vgridshift", "molodensky", "xyzgridshift"}


def to_wgs84(crs: CRS | int | str) -> Transformer:
    """A transformer from ``crs`` to WGS 84 lon/lat degrees (x = easting/longitude, y = northing/latitude).

    For any VN-2000-based CRS it applies exactly the official Decision 05/2007/QĐ-BTNMT parameters (EPSG:6960).
    Why not ``Transformer.from_crs(crs, 4326)``: PROJ chooses among the known VN-2000 → WGS 84 operations at run
    time, per point, preferring the one with the smallest area of use; for Trà Vinh (inside the Mekong-delta area
    of EPSG:5194) it takes 5194, for Bạc Liêu 6960, ~0.9 m apart, so one data set would be shifted inconsistently,
    and a future EPSG release could change the choice again (its entry for 6960 says "not officially adopted"). So
    the transformer is an explicit PROJ pipeline: PROJ's own inverse map projection (which involves no datum), then
    the official Helmert step written out here with its convention stated, which also avoids the ``+towgs84`` sign
    trap. Other CRSs (WGS 84 based, or the declared zero shift of "nội bộ" data) use PROJ's normal transformation.
    A pipeline transformer carries no ``source_crs`` / ``target_crs``: keep the CRS from the :class:`CrsDecision`.
    """
    source = CRS.from_user_input(crs)
    vn2000 = _as_vn2000(source)
    if vn2000 is None:
        return Transformer.from_crs(source, WGS84_EPSG, always_xy=True)
    projection = Transformer.from_crs(vn2000, VN2000_GEOGRAPHIC_EPSG, always_xy=True)
    return Transformer.from_pipeline(_pipeline([*_steps(projection.definition), *_DATUM_STEPS_FORWARD]))


def from_wgs84(crs: CRS | int | str) -> Transformer:
    """The inverse of :func:`to_wgs84`: WGS 84 lon/lat degrees to ``crs`` (x, y in traditional GIS order)."""
    target = CRS.from_user_input(crs)
    vn2000 = _as_vn2000(target)
    if vn2000 is None:
        return Transformer.from_crs(WGS84_EPSG, target, always_xy=True)
    projection = Transformer.from_crs(VN2000_GEOGRAPHIC_EPSG, vn2000, always_xy=True)
    return Transformer.from_pipeline(_pipeline([*_DATUM_STEPS_INVERSE, *_steps(projection.definition)]))


def is_vn2000(crs: CRS | int | str) -> bool:
    """Whether :func:`to_wgs84` treats ``crs`` as VN-2000 (and so applies the official parameters)."""
    return _as_vn2000(CRS.from_user_input(crs)) is not None


def _pipeline(steps: Sequence[str]) -> str:
    return "proj=pipeline " + " ".join(f"step {s}" for s in steps)


def _steps(definition: str) -> list[str]:
    """The steps of a PROJ operation definition, checked to be free of datum changes."""
    tokens = definition.split()
    if not tokens or tokens[0] == "proj=noop":
        return []
    if tokens[0] != "proj=pipeline":
        steps = [" ".join(tokens)]
    else:
        steps, current = [], None
        for token in tokens[1:]:
            if token == "step":
                current = []
                steps.append(current)
            elif current is None:
                raise ValueError(f"unexpected global option {token!r} in PROJ pipeline {definition!r}")
            else:
                current.append(token)
        steps = [" ".join(s) for s in steps]
    for step in steps:
        names = {t.removeprefix("proj=") for t in step.split() if t.startswith("proj=")}
        if names & _DATUM_CHANGING:
            raise ValueError(f"expected a pure map projection, PROJ gave a datum change: {definition!r}")
    return steps


def _as_vn2000(crs: CRS) -> CRS | None:
    """``crs`` rebuilt on the EPSG VN-2000 datum if it is VN-2000 based, else None.

    VN-2000 based: its datum is VN-2000 (EPSG:6756 or by name), or it is bound to WGS 84 by a VN-2000-like shift
    (the official parameters in either sign convention, EPSG:5194's, or another set within a few metres). A zero
    shift is not: "nội bộ" data keep their declared zero shift until the user confirms (:class:`CrsDecision`).
    """
    base = _horizontal(crs)
    if base.is_bound:
        if _classify_shift(base) not in {"official", "unflipped", "epsg5194", "vn_like"}:
            return None
        base = base.source_crs
    elif not _is_vn2000_datum(base):
        return None
    if not _has_wgs84_ellipsoid(base):
        raise ValueError(f"{base.name!r} claims the VN-2000 datum but not its WGS 84 ellipsoid")
    if base.is_geographic:
        return CRS.from_epsg(VN2000_GEOGRAPHIC_EPSG)
    if not base.is_projected:
        raise ValueError(f"unsupported VN-2000 CRS type: {base.type_name}")
    if (code := base.to_epsg(min_confidence=100)) in VN2000_EPSG_CODES:
        return CRS.from_epsg(code)
    if not _in_metres(base):
        raise ValueError(f"{base.name!r}: only VN-2000 projections in metres are supported")
    return ProjectedCRS(
        conversion=base.coordinate_operation, geodetic_crs=CRS.from_epsg(VN2000_GEOGRAPHIC_EPSG), name=base.name
    )


# --- Recognising a CRS from text ---------------------------------------------------------------------------------

_WKT = re.compile(r"^\s*[A-Za-z_]+\s*\[")
_PROJ = re.compile(r"(^|\s)\+?proj=")
_AUTHORITY = re.compile(r"^\s*(urn:|[A-Za-z]+:\d)")
_WKT_NAME = re.compile(r'^\s*[A-Za-z_]+\s*\[\s*"([^"]*)"')
_VN2000_NAME = re.compile(r"(?<![a-z0-9])(vn|vietnam)[\s_-]*2000(?!\d)")
_VN2000_DATUM_ONLY = re.compile(r"^(d_)?(vn|vietnam)[\s_-]*2000$")
_MERIDIAN_DMS = re.compile(r"(?<![\d.])(1\d\d)\s*(?:°|º|-)\s*(\d{2})(?!\d)")
_MERIDIAN_DECIMAL = re.compile(r"\b(?:ktt|kinh tuyen truc)\s*[:=]?\s*(1\d\d(?:[.,]\d+)?)(?![\d.,])")


def recognise_crs(prj_text: str | None, *, source: str = ".prj") -> CrsDecision | None:
    """Decide the CRS described by a .prj file, WKT, PROJ string, ``EPSG:nnnn`` or a local CRS name.

    ``source`` names where the text came from, for ``how`` (".prj", "--crs"). Returns None for empty input; raises
    ValueError for text that describes no CRS. VN-2000 definitions, however written, become the EPSG CRS with the
    same parameters, so that :func:`to_wgs84` applies the official shift:

    - ESRI / EPSG names and WKT (``VN_2000_TM-3_zone_482``, ``GCS_VN_2000``, ``D_Vietnam_2000``…): as identified;
    - a datum shift (``+towgs84`` / ``TOWGS84``) equal to Decision 05/2007's ("Hội nhập"): the EPSG CRS; the same
      with the rotation signs reversed, EPSG:5194's, or another VN-2000-like set: the EPSG CRS and a warning;
    - datum WGS 84 (``D_WGS_1984``) with TM-3 parameters (k 0.9999, x_0 500 000, a VN-2000 central meridian): VN-2000
      mislabelled, decided VN-2000 with a warning (~225 m otherwise); the same for no datum at all;
    - a zero shift (``+towgs84=0,0,0,0,0,0,0``, "nội bộ"): kept as declared with ``zero_shift`` set and a warning;
      :meth:`CrsDecision.confirm_official` turns it into official VN-2000;
    - local names "VN-2000 [Hội nhập|Nội bộ] KTT 105.5 múi 3" (also without diacritics, or "105°30'").
    """
    if prj_text is None or not prj_text.strip():
        return None
    text = prj_text.strip().lstrip("\ufeff").strip()
    if not (_WKT.match(text) or _PROJ.search(text) or _AUTHORITY.match(text) or text.startswith("{")):
        named = _from_local_name(text, source)
        if named is not None:
            return named
    try:
        crs = CRS.from_user_input(text)
    except CRSError as exc:
        if _VN2000_DATUM_ONLY.match(_fold(text)):
            return CrsDecision(
                crs=CRS.from_epsg(VN2000_GEOGRAPHIC_EPSG),
                epsg=VN2000_GEOGRAPHIC_EPSG,
                how=f"from the {source}: datum name {text!r} only → EPSG:4756 (VN-2000 geographic)",
                warnings=("only a datum was given: the coordinates are taken as VN-2000 longitude/latitude",),
            )
        raise ValueError(
            f"cannot read a coordinate reference system from the {source} text {_snippet(text)!r}: {exc}. "
            "Give a .prj / WKT, a PROJ string or an EPSG code (e.g. --crs EPSG:9209)."
        ) from exc
    return _decide(crs, text, source)


_VN2000_SHIFTS = frozenset({"official", "unflipped", "epsg5194", "vn_like"})


def _decide(crs: CRS, text: str, source: str) -> CrsDecision:
    base = _horizontal(crs)
    label = _describe_source(text, base, source)
    shift = _classify_shift(base) if base.is_bound else None
    geodetic = base.source_crs if base.is_bound else base
    zone = _vn2000_zone(geodetic)
    named_vn = bool(_VN2000_NAME.search(_fold(f"{text} {geodetic.name}")))
    wgs84 = _is_wgs84_datum(geodetic)

    if zone is not None:
        if shift in _VN2000_SHIFTS or (shift is None and _is_vn2000_datum(geodetic)):
            return _official(zone, label + _shift_words(shift), _shift_warnings(base, shift))
        if shift is None and wgs84 and (_is_tm3(geodetic) or named_vn):
            return _official(
                zone,
                f"{label}: datum WGS 84, but the {_projection_words(geodetic)} are VN-2000's",
                (
                    f"the {source} gives the datum as WGS 84 (e.g. D_WGS_1984) but its projection is a VN-2000 "
                    f"zone: decided VN-2000 EPSG:{zone}; taken as WGS 84 the data would sit ~225 m off. If the data "
                    "really are WGS 84, pass --crs with a WGS 84 definition.",
                ),
            )
        if shift is None and not wgs84 and (_is_tm3(geodetic) or named_vn):
            return _official(
                zone,
                f"{label}: no datum, WGS 84 ellipsoid, {_projection_words(geodetic)}",
                (
                    f"the {source} gives no datum shift (as in PROJ strings written from EPSG codes): the VN-2000 "
                    f"parameters imply VN-2000, decided EPSG:{zone}; read as given it would sit ~225 m off.",
                ),
            )
        if shift == "zero" and (_is_tm3(geodetic) or named_vn):
            return _zero_shift(crs, zone, f"{label}: {_projection_words(geodetic)}, datum shift 0,0,0,0,0,0,0")

    epsg = crs.to_epsg(min_confidence=70)
    how = f"{label} → EPSG:{epsg} ({CRS.from_epsg(epsg).name})" if epsg else f"{label} (no EPSG equivalent)"
    warnings: tuple[str, ...] = ()
    if shift == "other":
        values = ", ".join(f"{v:g}" for v in _shift_values(base))
        warnings = (f"the datum shift ({values}) is neither VN-2000's nor zero: used as declared; check on the map",)
    elif _is_vn2000_datum(geodetic) or shift in _VN2000_SHIFTS:
        how += "; VN-2000 with a projection that is not a standard VN-2000 zone"
        warnings = (
            "non-standard VN-2000 projection: check the result against known places",
            *_shift_warnings(base, shift),
        )
    elif not (wgs84 or shift == "zero"):
        warnings = (
            "neither VN-2000 nor WGS 84: transformed with PROJ's default operation; check the result on the map",
        )
    return CrsDecision(crs=CRS.from_epsg(epsg) if epsg else crs, epsg=epsg, how=how, warnings=warnings)


def _official(zone: int, how: str, warnings: Sequence[str] = ()) -> CrsDecision:
    crs = CRS.from_epsg(zone)
    return CrsDecision(crs=crs, epsg=zone, how=f"{how} → EPSG:{zone} ({crs.name})", warnings=tuple(warnings))


def _zero_shift(crs: CRS, zone: int, how: str) -> CrsDecision:
    return CrsDecision(
        crs=crs,
        epsg=None,
        how=f"{how}: VN-2000 'nội bộ' (internal), kept with its zero shift",
        warnings=(
            "datum 'nội bộ' (zero shift, +towgs84=0,0,0,0,0,0,0): read as declared, the coordinates land ~225 m "
            "from where official VN-2000 puts them. Surveyed or cadastral VN-2000 coordinates should be confirmed "
            f"as official VN-2000 (EPSG:{zone}, Decision 05/2007 shift); data digitised over WGS 84 imagery in this "
            "CRS keep the zero shift. They are treated as official VN-2000 only if the user confirms.",
        ),
        zero_shift=True,
        official_epsg=zone,
    )


def _shift_words(shift: str | None) -> str:
    return {
        None: "",
        "official": ", with the official VN-2000 datum shift",
        "unflipped": ", with the VN-2000 datum shift (rotation signs reversed)",
        "epsg5194": ", with the EPSG:5194 VN-2000 datum shift",
        "vn_like": ", with a VN-2000-like datum shift",
    }[shift]


def _shift_warnings(crs: CRS, shift: str | None) -> tuple[str, ...]:
    if shift == "unflipped":
        return (
            "the TOWGS84 rotations have the coordinate-frame signs of Decision 05/2007, but TOWGS84 is "
            "position-vector (a common error, ~0.5 m); the official parameters (EPSG:6960) are used instead",
        )
    if shift == "epsg5194":
        return ("the datum shift is EPSG:5194's (~1 m from the official one); the official EPSG:6960 is used",)
    if shift == "vn_like":
        values = ", ".join(f"{v:g}" for v in _shift_values(crs))
        return (f"unusual VN-2000 datum shift ({values}) replaced by the official EPSG:6960 parameters",)
    return ()


def _describe_source(text: str, crs: CRS, source: str) -> str:
    match = _WKT_NAME.match(text)
    if match:
        name = match.group(1)
        kind = "ESRI name" if _is_esri_wkt(text) else "name"
        return f"from the {source}: {kind} {name}"
    if _PROJ.search(text):
        return f"from the {source}: PROJ string"
    return f"from the {source}: name {text if len(text) < 60 else crs.name}"


def _is_esri_wkt(text: str) -> bool:
    return "D_" in text and "DATUM[" in text.upper() and "AUTHORITY[" not in text.upper()


def _projection_words(crs: CRS) -> str:
    if crs.is_geographic:
        return "geographic coordinates"
    params = _tm_params(crs)
    if params is None:
        return crs.coordinate_operation.method_name if crs.coordinate_operation else crs.type_name
    kind = "TM-3" if math.isclose(params["k"], 0.9999) else "UTM" if math.isclose(params["k"], 0.9996) else "TM"
    return f"{kind} parameters (central meridian {_dms(params['lon_0'])}, k {params['k']:g})"


def _from_local_name(text: str, source: str) -> CrsDecision | None:
    """Local names such as "VN-2000 Hội nhập KTT 105.5 múi 3", "VN-2000 Noi bo KTT 105 mui 3", "VN-2000 105°30'".

    KTT (kinh tuyến trục) is the central meridian, múi 3 / múi 6 the zone width (TM-3 / UTM). "Hội nhập" is VN-2000
    with its datum shift; "nội bộ" ("internal") the zero shift. None when the text is not such a name.
    """
    folded = _fold(text)
    if not _VN2000_NAME.search(folded):
        return None
    if dms := _MERIDIAN_DMS.search(folded):
        lon_0 = int(dms.group(1)) + int(dms.group(2)) / 60
    elif decimal := _MERIDIAN_DECIMAL.search(folded):
        lon_0 = float(decimal.group(1).replace(",", "."))
    else:
        return None
    width = re.search(r"\bmui\s*(3|6)\b", folded)
    utm = (width is not None and width.group(1) == "6") or "utm" in folded
    zone = (VN2000_UTM_ZONES if utm else VN2000_TM3_ZONES).get(round(lon_0, 6))
    if zone is None:
        known = ", ".join(f"{m:g}" for m in (VN2000_UTM_ZONES if utm else VN2000_TM3_ZONES))
        raise ValueError(
            f"{text!r}: no VN-2000 {'UTM' if utm else 'TM-3'} zone has central meridian {lon_0:g}° (known: {known}); "
            "pass an EPSG code instead"
        )
    how = f"from the {source}: local name {text!r} (central meridian {_dms(lon_0)}, {'UTM' if utm else 'TM-3'})"
    if re.search(r"\bnoi\s*bo\b", folded):
        if utm:
            projection = f"+proj=utm +zone={48 if zone == 3405 else 49}"
        else:
            projection = f"+proj=tmerc +lat_0=0 +lon_0={lon_0:g} +k=0.9999 +x_0=500000 +y_0=0"
        crs = CRS.from_proj4(f"{projection} +ellps=WGS84 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs")
        return _zero_shift(crs, zone, how)
    return _official(zone, how)


# --- CRS inspection helpers --------------------------------------------------------------------------------------


def _horizontal(crs: CRS) -> CRS:
    if crs.is_compound:
        return crs.sub_crs_list[0]
    return crs


def _datum_id(crs: CRS) -> int | None:
    datum = crs.datum
    if datum is None:
        return None
    ident = datum.to_json_dict().get("id") or {}
    return int(ident["code"]) if ident.get("authority") == "EPSG" and "code" in ident else None


def _is_vn2000_datum(crs: CRS) -> bool:
    if _datum_id(crs) == VN2000_DATUM_EPSG:
        return True
    return crs.datum is not None and bool(_VN2000_NAME.search(_fold(crs.datum.name)))


def _is_wgs84_datum(crs: CRS) -> bool:
    if _datum_id(crs) == 6326:
        return True
    name = crs.datum.name if crs.datum is not None else ""
    return name.startswith("World Geodetic System 1984") or name.upper() in {"WGS84", "WGS_1984", "D_WGS_1984"}


def _has_wgs84_ellipsoid(crs: CRS) -> bool:
    ellipsoid = crs.ellipsoid
    return (
        ellipsoid is not None
        and math.isclose(ellipsoid.semi_major_metre, 6378137.0, abs_tol=1e-3)
        and math.isclose(ellipsoid.inverse_flattening, 298.257223563, abs_tol=1e-6)
    )


def _in_metres(crs: CRS) -> bool:
    return all(axis.unit_name in {"metre", "meter", "Meter"} for axis in crs.axis_info[:2])


def _tm_params(crs: CRS) -> dict[str, float] | None:
    operation = crs.coordinate_operation
    if not crs.is_projected or operation is None or operation.method_name != "Transverse Mercator":
        return None
    by_code = {p.code: p.value for p in operation.params}
    keys = {"8801": "lat_0", "8802": "lon_0", "8805": "k", "8806": "x_0", "8807": "y_0"}
    if not set(keys) <= set(by_code):
        return None
    return {name: float(by_code[code]) for code, name in keys.items()}


def _vn2000_zone(crs: CRS) -> int | None:
    """The EPSG code of the VN-2000 CRS with the same coordinate system as ``crs`` (datum aside), if any."""
    if not _has_wgs84_ellipsoid(crs):
        return None
    if crs.is_geographic:
        return VN2000_GEOGRAPHIC_EPSG
    params = _tm_params(crs)
    if params is None or not _in_metres(crs):
        return None
    standard = (params["lat_0"], params["x_0"], params["y_0"]) == (0.0, 500000.0, 0.0)
    if not standard:
        return None
    if math.isclose(params["k"], 0.9999):
        return VN2000_TM3_ZONES.get(round(params["lon_0"], 6))
    if math.isclose(params["k"], 0.9996):
        return VN2000_UTM_ZONES.get(round(params["lon_0"], 6))
    return None


def _is_tm3(crs: CRS) -> bool:
    params = _tm_params(crs)
    return params is not None and math.isclose(params["k"], 0.9999)


def _shift_values(crs: CRS) -> tuple[float, ...]:
    """The 7 datum-shift values of a bound CRS in the position-vector convention (as in +towgs84)."""
    operation = crs.coordinate_operation
    by_code = {p.code: p.value for p in operation.params}
    values = [float(by_code.get(code, 0.0)) for code in ("8605", "8606", "8607", "8608", "8609", "8610", "8611")]
    if "coordinate frame" in operation.method_name.lower():
        values[3:6] = [-v for v in values[3:6]]
    return tuple(values)


def _classify_shift(crs: CRS) -> str:
    """zero | official | unflipped | epsg5194 | vn_like | other, for a CRS bound to WGS 84."""
    values = _shift_values(crs)
    if all(abs(v) < 1e-9 for v in values):
        return "zero"

    def matches(params: HelmertParameters, flipped: bool, tol: float) -> bool:
        sign = -1.0 if flipped else 1.0
        expected = (
            params.tx,
            params.ty,
            params.tz,
            sign * params.rx,
            sign * params.ry,
            sign * params.rz,
            params.ds_ppm,
        )
        return all(math.isclose(v, e, abs_tol=tol) for v, e in zip(values, expected, strict=True))

    official = OFFICIAL_VN2000_TO_WGS84
    if matches(official, flipped=True, tol=1e-6):
        return "official"
    if matches(official, flipped=False, tol=1e-6):
        return "unflipped"
    if matches(EPSG_5194_VN2000_TO_WGS84, True, 1e-4) or matches(EPSG_5194_VN2000_TO_WGS84, False, 1e-4):
        return "epsg5194"
    if math.dist(values[:3], (official.tx, official.ty, official.tz)) < 10.0:
        return "vn_like"
    return "other"


def _fold(text: str) -> str:
    """Lower case without Vietnamese diacritics (đ → d), for matching names."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _dms(lon: float) -> str:
    degrees = int(lon)
    minutes = round((lon - degrees) * 60)
    return f"{degrees}°{minutes:02d}′"


def _snippet(text: str, length: int = 80) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= length else one_line[: length - 1] + "…"


# --- Inferring a CRS from the coordinates ------------------------------------------------------------------------

_TM3_EASTING = (400_000.0, 700_000.0)
_TM3_NORTHING = (900_000.0, 1_300_000.0)
_GEOD = Geod(ellps="WGS84")


def infer_crs(xs: Sequence[float], ys: Sequence[float], province_code: str | None) -> CrsDecision:
    """Work out the likely CRS of data without a .prj from the ranges of its coordinates.

    Longitude/latitude degrees in the region → WGS 84 (EPSG:4326), with a warning that they could be VN-2000
    geographic. Metres in the TM-3 ranges (E 400–700 km, N 900–1 300 km) → the province's TM-3 zone
    (:data:`PROVINCE_ZONES`); without a province that settles it, :class:`AmbiguousCrsError` lists the candidates.
    Swapped latitude/longitude columns, and points outside the region once transformed, raise
    :class:`CoordinateError`.
    """
    x = np.asarray(xs, dtype=float)
    y = np.asarray(ys, dtype=float)
    if x.shape != y.shape or x.ndim != 1:
        raise ValueError(f"xs and ys must be two sequences of the same length, got {x.shape} and {y.shape}")
    if x.size == 0:
        raise CoordinateError("no coordinates to infer a CRS from")
    bad = np.flatnonzero(~(np.isfinite(x) & np.isfinite(y)))
    if bad.size:
        raise CoordinateError(
            f"{bad.size} feature(s) have missing or non-numeric coordinates: {_list_indexes(bad, x, y)}; "
            "fix or drop them before import",
            bad[:5].tolist(),
        )
    ranges = f"x {_fmt(x.min())}–{_fmt(x.max())}, y {_fmt(y.min())}–{_fmt(y.max())}"

    swapped = (x >= 8) & (x <= 12) & (y >= 102) & (y <= 110)
    if np.all(swapped):
        raise CoordinateError(
            f"latitude and longitude look swapped ({ranges}: x looks like latitude, y like longitude); swap the "
            "columns, or map x to the longitude column and y to the latitude column",
            range(min(5, x.size)),
        )
    if np.all(np.abs(x) <= 180) and np.all(np.abs(y) <= 90):
        _check_region(x, y, f"read as WGS 84 longitude/latitude ({ranges})")
        return CrsDecision(
            crs=CRS.from_epsg(WGS84_EPSG),
            epsg=WGS84_EPSG,
            how=f"inferred from the coordinate ranges (no .prj): {ranges} are longitude/latitude degrees in the "
            "region → EPSG:4326 (WGS 84 assumed)",
            warnings=(
                "degrees could also be VN-2000 geographic (EPSG:4756), ~225 m from WGS 84; WGS 84 was assumed — "
                "pass --crs EPSG:4756 if the data come from a VN-2000 survey",
            ),
        )

    in_tm3 = (x >= _TM3_EASTING[0]) & (x <= _TM3_EASTING[1]) & (y >= _TM3_NORTHING[0]) & (y <= _TM3_NORTHING[1])
    if not np.all(in_tm3):
        outside = np.flatnonzero(~in_tm3)
        raise CoordinateError(
            f"the coordinates ({ranges}) are neither longitude/latitude degrees in the region nor VN-2000 TM-3 "
            f"metres (E 400–700 km, N 900–1,300 km); first features outside: {_list_indexes(outside, x, y)}. "
            f"Pass the CRS with --crs, or check the x/y columns{_swap_hint(swapped, x, y)}",
            outside[:5].tolist(),
        )

    code = (province_code or "").strip()
    zone = PROVINCE_ZONES.get(code)
    if zone is None:
        candidates = (5897, 9207) if code == "96" else tuple(CANDIDATE_ZONES)
        why = (
            "province 96 (Cà Mau since 2025) mixes former Bạc Liêu data (TM-3 105°00') and former Cà Mau data "
            "(104°30', HCMGIS's choice), ~55 km apart"
            if code == "96"
            else f"no TM-3 zone is known for province {code!r}"
            if code
            else "no province was given"
        )
        raise AmbiguousCrsError(
            f"the coordinates ({ranges}) are VN-2000 TM-3 metres, but the zone cannot be decided: {why}. Pass "
            f"--crs with one of: {_describe_candidates(candidates, x, y)}",
            candidates,
        )
    _check_region_projected(x, y, zone.epsg, ranges)
    warnings = [
        "the zone was inferred, not read: overlay the result on the commune boundaries; another zone moves "
        "points by tens of kilometres, UTM 48N (EPSG:3405) by a few hundred metres",
    ]
    if zone.note:
        warnings.append(zone.note)
    crs = CRS.from_epsg(zone.epsg)
    return CrsDecision(
        crs=crs,
        epsg=zone.epsg,
        how=f"inferred from the coordinate ranges (no .prj): {ranges} are VN-2000 TM-3 metres; province {code} "
        f"({zone.name}) → EPSG:{zone.epsg} ({crs.name})",
        warnings=tuple(warnings),
    )


def check_in_region(lons: Sequence[float], lats: Sequence[float]) -> None:
    """Raise :class:`CoordinateError` if any WGS 84 point is outside :data:`REGION_BOUNDS` (or not a number).

    The message lists the first offending feature indexes, their values and how far out they are.
    """
    _check_region(np.asarray(lons, dtype=float), np.asarray(lats, dtype=float), "")


def _check_region(lons: np.ndarray, lats: np.ndarray, context: str) -> None:
    west, south, east, north = REGION_BOUNDS
    inside = (lons >= west) & (lons <= east) & (lats >= south) & (lats <= north)
    bad = np.flatnonzero(~inside)
    if bad.size == 0:
        return
    distances = _km_outside(lons[bad], lats[bad])
    listed = "; ".join(
        f"#{i} (lon {_fmt(lons[i])}, lat {_fmt(lats[i])}) {_km(d)} out"
        for i, d in zip(bad[:5].tolist(), distances[:5], strict=True)
    )
    more = f" and {bad.size - 5} more" if bad.size > 5 else ""
    swapped = (lats[bad] >= west) & (lats[bad] <= east) & (lons[bad] >= south) & (lons[bad] <= north)
    hint = (
        "latitude and longitude look swapped for some of them: swap the columns"
        if np.any(swapped)
        else "check the CRS (pass --crs) and the x/y columns"
    )
    prefix = f"{context}: " if context else ""
    raise CoordinateError(
        f"{prefix}{bad.size} of {lons.size} features lie outside the Bạc Liêu / Trà Vinh region (lon {west}–{east}, "
        f"lat {south}–{north}), up to {_km(np.nanmax(distances))} out: {listed}{more}; {hint}",
        bad[:5].tolist(),
    )


def _check_region_projected(x: np.ndarray, y: np.ndarray, epsg: int, ranges: str) -> None:
    lons, lats = to_wgs84(epsg).transform(x, y)
    _check_region(np.asarray(lons), np.asarray(lats), f"transformed from EPSG:{epsg} ({ranges})")


def _km_outside(lons: np.ndarray, lats: np.ndarray) -> np.ndarray:
    """Geodesic distance in km from each point to the nearest point of the region box (NaN for non-numbers)."""
    west, south, east, north = REGION_BOUNDS
    lons_c = np.clip(lons, west, east)
    lats_c = np.clip(np.clip(lats, -90, 90), south, north)
    finite = np.isfinite(lons) & np.isfinite(lats) & (np.abs(lats) <= 90)
    out = np.full(lons.shape, np.nan)
    if finite.any():
        _, _, metres = _GEOD.inv(lons_c[finite], lats_c[finite], lons[finite], lats[finite])
        out[finite] = np.asarray(metres) / 1000.0
    return out


def _describe_candidates(candidates: Sequence[int], x: np.ndarray, y: np.ndarray) -> str:
    """Each candidate zone with where the data's centre would land in it."""
    cx, cy = float(np.median(x)), float(np.median(y))
    parts = []
    for code in candidates:
        lon, lat = to_wgs84(code).transform(cx, cy)
        parts.append(f"EPSG:{code} ({CANDIDATE_ZONES[code]}: centre at lon {lon:.3f}, lat {lat:.3f})")
    return "; ".join(parts)


def _swap_hint(swapped: np.ndarray, x: np.ndarray, y: np.ndarray) -> str:
    if not swapped.any():
        return ""
    return f" (latitude and longitude look swapped in {_list_indexes(np.flatnonzero(swapped), x, y)}: swap them)"


def _list_indexes(indexes: np.ndarray, x: np.ndarray, y: np.ndarray, limit: int = 5) -> str:
    listed = ", ".join(f"#{i} ({_fmt(x[i])}, {_fmt(y[i])})" for i in indexes[:limit].tolist())
    return listed + (f" and {indexes.size - limit} more" if indexes.size > limit else "")


def _fmt(value: float) -> str:
    if not math.isfinite(value):
        return str(value)
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.5g}"


def _km(value: float) -> str:
    return "?" if not math.isfinite(value) else f"{value:,.1f} km" if value < 100 else f"{value:,.0f} km"


__all__ = [
    "AmbiguousCrsError",
    "CoordinateError",
    "CrsDecision",
    "HelmertParameters",
    "OFFICIAL_VN2000_TO_WGS84",
    "PROVINCE_ZONES",
    "REGION_BOUNDS",
    "VN2000_TM3_ZONES",
    "check_in_region",
    "from_wgs84",
    "infer_crs",
    "is_vn2000",
    "recognise_crs",
    "to_wgs84",
]
