"""Recognising the CRS a .prj file, WKT, PROJ string, EPSG code or local VN-2000 name describes."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from pyproj import CRS
from pyproj.exceptions import CRSError

from geo.coordinates.crs_properties import (
    VN2000_NAME,
    horizontal,
    is_tm3,
    is_vn2000_datum,
    is_wgs84_datum,
    tm_params,
    vn2000_zone,
)
from geo.coordinates.datum_shift import (
    classify_shift,
    shift_values,
)
from geo.coordinates.zones import (
    VN2000_GEOGRAPHIC_EPSG,
    VN2000_TM3_ZONES,
    VN2000_UTM_ZONES,
    CrsDecision,
)
from geo.text_encoding import fold

_WKT = re.compile(r"^\s*[A-Za-z_]+\s*\[")
_PROJ = re.compile(r"(^|\s)\+?proj=")
_AUTHORITY = re.compile(r"^\s*(urn:|[A-Za-z]+:\d)")
_WKT_NAME = re.compile(r'^\s*[A-Za-z_]+\s*\[\s*"([^"]*)"')
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
        if _VN2000_DATUM_ONLY.match(fold(text)):
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
    base = horizontal(crs)
    label = _describe_source(text, base, source)
    shift = classify_shift(base) if base.is_bound else None
    geodetic = base.source_crs if base.is_bound else base
    zone = vn2000_zone(geodetic)
    named_vn = bool(VN2000_NAME.search(fold(f"{text} {geodetic.name}")))
    wgs84 = is_wgs84_datum(geodetic)

    if zone is not None:
        if shift in _VN2000_SHIFTS or (shift is None and is_vn2000_datum(geodetic)):
            return _official(zone, label + _shift_words(shift), _shift_warnings(base, shift))
        if shift is None and wgs84 and (is_tm3(geodetic) or named_vn):
            return _official(
                zone,
                f"{label}: datum WGS 84, but the {_projection_words(geodetic)} are VN-2000's",
                (
                    f"the {source} gives the datum as WGS 84 (e.g. D_WGS_1984) but its projection is a VN-2000 "
                    f"zone: decided VN-2000 EPSG:{zone}; taken as WGS 84 the data would sit ~225 m off. If the data "
                    "really are WGS 84, pass --crs with a WGS 84 definition.",
                ),
            )
        if shift is None and not wgs84 and (is_tm3(geodetic) or named_vn):
            return _official(
                zone,
                f"{label}: no datum, WGS 84 ellipsoid, {_projection_words(geodetic)}",
                (
                    f"the {source} gives no datum shift (as in PROJ strings written from EPSG codes): the VN-2000 "
                    f"parameters imply VN-2000, decided EPSG:{zone}; read as given it would sit ~225 m off.",
                ),
            )
        if shift == "zero" and (is_tm3(geodetic) or named_vn):
            return _zero_shift(crs, zone, f"{label}: {_projection_words(geodetic)}, datum shift 0,0,0,0,0,0,0")

    epsg = crs.to_epsg(min_confidence=70)
    how = f"{label} → EPSG:{epsg} ({CRS.from_epsg(epsg).name})" if epsg else f"{label} (no EPSG equivalent)"
    warnings: tuple[str, ...] = ()
    if shift == "other":
        values = ", ".join(f"{v:g}" for v in shift_values(base))
        warnings = (f"the datum shift ({values}) is neither VN-2000's nor zero: used as declared; check on the map",)
    elif is_vn2000_datum(geodetic) or shift in _VN2000_SHIFTS:
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
        values = ", ".join(f"{v:g}" for v in shift_values(crs))
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
    params = tm_params(crs)
    if params is None:
        return crs.coordinate_operation.method_name if crs.coordinate_operation else crs.type_name
    kind = "TM-3" if math.isclose(params["k"], 0.9999) else "UTM" if math.isclose(params["k"], 0.9996) else "TM"
    return f"{kind} parameters (central meridian {_dms(params['lon_0'])}, k {params['k']:g})"


def _from_local_name(text: str, source: str) -> CrsDecision | None:
    """Local names such as "VN-2000 Hội nhập KTT 105.5 múi 3", "VN-2000 Noi bo KTT 105 mui 3", "VN-2000 105°30'".

    KTT (kinh tuyến trục) is the central meridian, múi 3 / múi 6 the zone width (TM-3 / UTM). "Hội nhập" is VN-2000
    with its datum shift; "nội bộ" ("internal") the zero shift. None when the text is not such a name.
    """
    folded = fold(text)
    if not VN2000_NAME.search(folded):
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


def _dms(lon: float) -> str:
    degrees = int(lon)
    minutes = round((lon - degrees) * 60)
    return f"{degrees}°{minutes:02d}′"


def _snippet(text: str, length: int = 80) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= length else one_line[: length - 1] + "…"
