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
from geo.coordinates.messages import said
from geo.coordinates.zones import (
    VN2000_GEOGRAPHIC_EPSG,
    VN2000_TM3_ZONES,
    VN2000_UTM_ZONES,
    CrsDecision,
    crs_title,
)
from geo.said import Said, SaidError, figure, joined
from geo.text_encoding import fold

_WKT = re.compile(r"^\s*[A-Za-z_]+\s*\[")
_PROJ = re.compile(r"(^|\s)\+?proj=")
_AUTHORITY = re.compile(r"^\s*(urn:|[A-Za-z]+:\d)")
_WKT_NAME = re.compile(r'^\s*[A-Za-z_]+\s*\[\s*"([^"]*)"')
_VN2000_DATUM_ONLY = re.compile(r"^(d_)?(vn|vietnam)[\s_-]*2000$")
_MERIDIAN_DMS = re.compile(r"(?<![\d.])(1\d\d)\s*(?:°|º|-)\s*(\d{2})(?!\d)")
_MERIDIAN_DECIMAL = re.compile(r"\b(?:ktt|kinh tuyen truc)\s*[:=]?\s*(1\d\d(?:[.,]\d+)?)(?![\d.,])")


def recognise_crs(prj_text: str | None, *, source: Said | str = ".prj") -> CrsDecision | None:
    """Decide the CRS described by a .prj file, WKT, PROJ string, ``EPSG:nnnn`` or a local CRS name.

    ``source`` names where the text came from, for ``how`` (".prj", "--crs", or a :class:`Said` naming it in both
    languages). Returns None for empty input; raises ValueError (a :class:`SaidError`) for text that describes no
    CRS. VN-2000 definitions, however written, become the EPSG CRS with the
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
    source = _source_words(source)
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
                how=said("datum_only", source=source, text=text),
                warnings=(said("datum_only_warning"),),
            )
        raise SaidError(said("unreadable", source=source, text=_snippet(text), reason=str(exc))) from exc
    return _decide(crs, text, source)


_VN2000_SHIFTS = frozenset({"official", "unflipped", "epsg5194", "vn_like"})


def _decide(crs: CRS, text: str, source: Said) -> CrsDecision:
    base = horizontal(crs)
    label = _describe_source(text, base, source)
    shift = classify_shift(base) if base.is_bound else None
    geodetic = base.source_crs if base.is_bound else base
    zone = vn2000_zone(geodetic)
    named_vn = bool(VN2000_NAME.search(fold(f"{text} {geodetic.name}")))
    wgs84 = is_wgs84_datum(geodetic)

    if zone is not None:
        if shift in _VN2000_SHIFTS or (shift is None and is_vn2000_datum(geodetic)):
            return _official(zone, _with_shift(label, shift), _shift_warnings(base, shift))
        if shift is None and wgs84 and (is_tm3(geodetic) or named_vn):
            how = said("wgs84_datum_vn2000_projection", label=label, projection=_projection_words(geodetic))
            return _official(zone, how, (said("wgs84_datum_warning", source=source, zone=str(zone)),))
        if shift is None and not wgs84 and (is_tm3(geodetic) or named_vn):
            how = said("no_datum", label=label, projection=_projection_words(geodetic))
            return _official(zone, how, (said("no_datum_warning", source=source, zone=str(zone)),))
        if shift == "zero" and (is_tm3(geodetic) or named_vn):
            how = said("zero_shift_parameters", label=label, projection=_projection_words(geodetic))
            return _zero_shift(crs, zone, how)
    return _as_declared(crs, base, label, shift, wgs84=wgs84)


def _as_declared(crs: CRS, base: CRS, label: Said, shift: str | None, *, wgs84: bool) -> CrsDecision:
    """A CRS that is no VN-2000 zone (or not said to be one): its EPSG equivalent, or itself, with what to check."""
    geodetic = base.source_crs if base.is_bound else base
    epsg = crs.to_epsg(min_confidence=70)
    how = (
        said("to_epsg", label=label, epsg=str(epsg), crs=crs_title(CRS.from_epsg(epsg)))
        if epsg
        else said("no_epsg", label=label)
    )
    warnings: tuple[Said, ...] = ()
    if shift == "other":
        warnings = (said("other_shift", values=_shift_values(base)),)
    elif is_vn2000_datum(geodetic) or shift in _VN2000_SHIFTS:
        how = how.then(said("non_standard_zone"))
        warnings = (said("non_standard_warning"), *_shift_warnings(base, shift))
    elif not (wgs84 or shift == "zero"):
        warnings = (said("neither_vn2000_nor_wgs84"),)
    return CrsDecision(crs=CRS.from_epsg(epsg) if epsg else crs, epsg=epsg, how=how, warnings=warnings)


def _official(zone: int, how: Said, warnings: Sequence[Said] = ()) -> CrsDecision:
    crs = CRS.from_epsg(zone)
    how = said("to_epsg", label=how, epsg=str(zone), crs=crs_title(crs))
    return CrsDecision(crs=crs, epsg=zone, how=how, warnings=tuple(warnings))


def _zero_shift(crs: CRS, zone: int, how: Said) -> CrsDecision:
    return CrsDecision(
        crs=crs,
        epsg=None,
        how=said("kept_zero_shift", how=how),
        warnings=(said("zero_shift_warning", zone=str(zone)),),
        zero_shift=True,
        official_epsg=zone,
    )


def _with_shift(label: Said, shift: str | None) -> Said:
    if shift is None:
        return label
    words = said(f"shift_{shift}")
    return Said(label.vi + words.vi, label.en + words.en)


def _shift_warnings(crs: CRS, shift: str | None) -> tuple[Said, ...]:
    if shift == "unflipped":
        return (said("unflipped_warning", metres=figure(0.5, "0.5", 1)),)
    if shift == "epsg5194":
        return (said("epsg5194_warning"),)
    if shift == "vn_like":
        return (said("vn_like_warning", values=_shift_values(crs)),)
    return ()


def _shift_values(crs: CRS) -> Said:
    """The seven parameters of a datum shift: "1.5, -2" in English, "1,5; -2" in Vietnamese."""
    return joined([figure(v, f"{v:g}", 8) for v in shift_values(crs)], "; ", ", ")


def _source_words(source: Said | str) -> Said:
    """Where a CRS text came from, in both languages (".prj" and "--crs" have their Vietnamese names)."""
    if isinstance(source, Said):
        return source
    return {".prj": said("source_prj"), "--crs": said("source_crs_option")}.get(source, Said(source, source))


def _describe_source(text: str, crs: CRS, source: Said) -> Said:
    match = _WKT_NAME.match(text)
    if match:
        return said("wkt_esri_name" if _is_esri_wkt(text) else "wkt_name", source=source, name=match.group(1))
    if _PROJ.search(text):
        return said("proj_string", source=source)
    return said("wkt_name", source=source, name=text if len(text) < 60 else crs.name)


def _is_esri_wkt(text: str) -> bool:
    return "D_" in text and "DATUM[" in text.upper() and "AUTHORITY[" not in text.upper()


def _projection_words(crs: CRS) -> Said:
    if crs.is_geographic:
        return said("geographic")
    params = tm_params(crs)
    if params is None:
        method = crs.coordinate_operation.method_name if crs.coordinate_operation else crs.type_name
        return Said(method, method)
    kind = "TM-3" if math.isclose(params["k"], 0.9999) else "UTM" if math.isclose(params["k"], 0.9996) else "TM"
    k = figure(params["k"], f"{params['k']:g}", 6)
    return said("tm_parameters", kind=kind, meridian=_dms(params["lon_0"]), k=k)


def _from_local_name(text: str, source: Said) -> CrsDecision | None:
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
        known = joined([figure(m, f"{m:g}", 6) for m in (VN2000_UTM_ZONES if utm else VN2000_TM3_ZONES)], "; ", ", ")
        meridian = figure(lon_0, f"{lon_0:g}", 6)
        kind = "UTM" if utm else "TM-3"
        raise SaidError(said("unknown_meridian", text=text, kind=kind, meridian=meridian, known=known))
    how = said("local_name", source=source, text=text, meridian=_dms(lon_0), kind="UTM" if utm else "TM-3")
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
