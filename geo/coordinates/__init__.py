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
- :func:`feature_outside_region` says what is wrong with a feature outside the two provinces' region;
  :func:`placed_outside_region` says it with where the feature lies, once the registry has told it.

The package, one job per module: ``zones`` (EPSG codes, provinces' TM-3 zones, the region, :class:`CrsDecision`),
``crs_properties`` (questions asked of a pyproj CRS), ``datum_shift`` (the official transformation), ``recognise``
(from text) and ``infer`` (from coordinates).
"""

from geo.coordinates.datum_shift import (
    OFFICIAL_VN2000_TO_WGS84,
    HelmertParameters,
    from_wgs84,
    is_vn2000,
    to_wgs84,
)
from geo.coordinates.infer import (
    OUTSIDE_REGION,
    feature_outside_region,
    in_region,
    infer_crs,
    northing_first,
    placed_outside_region,
)
from geo.coordinates.recognise import recognise_crs
from geo.coordinates.zones import (
    PROVINCE_ZONES,
    REGION_BOUNDS,
    VN2000_TM3_ZONES,
    AmbiguousCrsError,
    CoordinateError,
    CrsDecision,
    crs_title,
)

__all__ = [
    "OFFICIAL_VN2000_TO_WGS84",
    "PROVINCE_ZONES",
    "REGION_BOUNDS",
    "VN2000_TM3_ZONES",
    "AmbiguousCrsError",
    "CoordinateError",
    "CrsDecision",
    "HelmertParameters",
    "crs_title",
    "OUTSIDE_REGION",
    "feature_outside_region",
    "placed_outside_region",
    "in_region",
    "from_wgs84",
    "infer_crs",
    "northing_first",
    "is_vn2000",
    "recognise_crs",
    "to_wgs84",
]
