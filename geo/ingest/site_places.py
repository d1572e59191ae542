"""Where the sites refused for lying outside the registry's region fell: the province any unit the registry knows
holds each in, else none, and how far (on the ellipsoid) the registry's nearest province is. A trial's site was said
to lie "7.9 km" from the region, a longitude/latitude box; it lay 37.5 km from the 2025 Vĩnh Long (trial 69). One
query for a chunk's refused sites, not one a site."""

from __future__ import annotations

import numpy as np
from sqlalchemy import text
from sqlalchemy.orm import Session

from geo.ingest.messages import said
from geo.said import Said, figure
from geo.vocab import SCHEME_DAYS

#: Sites placed a chunk, the first refused: a file read in the wrong CRS is refused whole, and its thousand sites
#: each measured against the provinces' outlines would take long for a refusal.
PLACED = 100

_PLACES = text(
    "SELECT held.scheme, held.code, held.name_vi, near.code, near.name_vi, near.metres "
    "FROM unnest(CAST(:lons AS float8[]), CAST(:lats AS float8[])) WITH ORDINALITY AS site(lon, lat, i) "
    "CROSS JOIN LATERAL (SELECT ST_SetSRID(ST_MakePoint(site.lon, site.lat), 4326) AS geom) AS point "
    "LEFT JOIN LATERAL (SELECT u.scheme, u.code, u.name_vi FROM admin_unit u WHERE u.level = 'province' "
    "  AND ST_Intersects(u.geom, point.geom) ORDER BY u.scheme = '2025' DESC, u.code LIMIT 1) AS held ON true "
    "LEFT JOIN LATERAL (SELECT u.code, u.name_vi, ST_Distance(u.geom::geography, point.geom::geography) AS metres "
    "  FROM admin_unit u WHERE u.level = 'province' AND u.scheme = '2025' AND NOT u.is_context "
    "  AND u.geom IS NOT NULL ORDER BY 3 LIMIT 1) AS near ON true "
    "ORDER BY site.i"
)


def where_sites_fell(session: Session, lons: np.ndarray, lats: np.ndarray) -> list[Said | None]:
    """Where each site (WGS 84 degrees) lies, as a refusal says it: "in province 82 (Đồng Tháp, from 1 July 2025),
    12.3 km from the registry's nearest province, Vĩnh Long (86)"; None for a site with nothing to say (a registry
    without its provinces' outlines)."""
    rows = session.execute(_PLACES, {"lons": [float(v) for v in lons], "lats": [float(v) for v in lats]}).all()
    return [_place(*row) for row in rows]


def _place(
    scheme: str | None, code: str | None, name: str | None, near: str | None, near_name: str | None, metres: float
) -> Said | None:
    if near is None:
        return None
    km, digits = metres / 1000, 1 if metres < 100_000 else 0  # 37.5 km; 1,184 km to Hà Nội
    far = {"near": near, "near_name": near_name, "km": figure(km, f"{km:,.{digits}f}", digits)}
    if code is None:
        return said("site_fell_near", **far)
    return said("site_fell_in", code=code, name=name, scheme=SCHEME_DAYS[scheme], **far)
