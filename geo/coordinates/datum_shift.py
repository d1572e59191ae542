"""VN-2000 ↔ WGS 84 with exactly the official Decision 05/2007/QĐ-BTNMT parameters (EPSG:6960), whatever PROJ would
pick at run time; and what the datum shift written in a .prj is."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from pyproj import CRS, Transformer
from pyproj.crs import ProjectedCRS

from geo.coordinates.crs_properties import (
    has_wgs84_ellipsoid,
    horizontal,
    in_metres,
    is_vn2000_datum,
)
from geo.coordinates.messages import said
from geo.coordinates.zones import (
    VN2000_EPSG_CODES,
    VN2000_GEOGRAPHIC_EPSG,
    WGS84_EPSG,
)
from geo.said import SaidError


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
    base = horizontal(crs)
    if base.is_bound:
        if classify_shift(base) not in {"official", "unflipped", "epsg5194", "vn_like"}:
            return None
        base = base.source_crs
    elif not is_vn2000_datum(base):
        return None
    if not has_wgs84_ellipsoid(base):
        raise SaidError(said("vn2000_not_wgs84_ellipsoid", name=base.name))
    if base.is_geographic:
        return CRS.from_epsg(VN2000_GEOGRAPHIC_EPSG)
    if not base.is_projected:
        raise SaidError(said("vn2000_type", kind=base.type_name))
    if (code := base.to_epsg(min_confidence=100)) in VN2000_EPSG_CODES:
        return CRS.from_epsg(code)
    if not in_metres(base):
        raise SaidError(said("vn2000_units", name=base.name))
    return ProjectedCRS(
        conversion=base.coordinate_operation, geodetic_crs=CRS.from_epsg(VN2000_GEOGRAPHIC_EPSG), name=base.name
    )


def shift_values(crs: CRS) -> tuple[float, ...]:
    """The 7 datum-shift values of a bound CRS in the position-vector convention (as in +towgs84)."""
    operation = crs.coordinate_operation
    by_code = {p.code: p.value for p in operation.params}
    values = [float(by_code.get(code, 0.0)) for code in ("8605", "8606", "8607", "8608", "8609", "8610", "8611")]
    if "coordinate frame" in operation.method_name.lower():
        values[3:6] = [-v for v in values[3:6]]
    return tuple(values)


def classify_shift(crs: CRS) -> str:
    """zero | official | unflipped | epsg5194 | vn_like | other, for a CRS bound to WGS 84."""
    values = shift_values(crs)
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
