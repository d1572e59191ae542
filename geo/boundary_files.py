"""The bundled boundary files (data/boundaries/) and who made each, as the registry cites them to its readers: a
printed map's source line, a project's source on its page ("drawn from district boundaries before 1 July 2025 —
Government portal gis.chinhphu.vn, via the dvhcvn project", not the file's name). Kept apart from the sample loader
(geo.sample.admin_units), which reads the files, so that the pages' words import no database or geometry library."""

from __future__ import annotations

PROVINCES_PRE2025_FILE = "vn_provinces_pre2025_baclieu_travinh_neighbours.geojson"
DISTRICTS_FILE = "vn_districts_baclieu_travinh.geojson"
PROVINCES_2025_FILE = "vn_provinces_2025_camau_vinhlong.geojson"
COMMUNES_2025_FILE = "vn_communes_2025_camau_vinhlong.geojson"
_GOVERNMENT_PORTAL = {
    "vi": "Cổng thông tin điện tử Chính phủ (gis.chinhphu.vn), qua dự án dvhcvn",
    "en": "Government portal gis.chinhphu.vn, via the dvhcvn project",
}
#: Who made each bundled boundary file (data/MANIFEST.md), as a printed map cites it rather than by the file's name;
#: the 2025 provinces' licence (CC BY-SA 4.0) asks for the attribution.
BOUNDARY_CITATIONS = {
    PROVINCES_PRE2025_FILE: _GOVERNMENT_PORTAL,
    DISTRICTS_FILE: _GOVERNMENT_PORTAL,
    PROVINCES_2025_FILE: {
        "vi": "Open Development Vietnam, “Địa phận tỉnh” (CC BY-SA 4.0), qua TaliaCao/Vietnam-Shape-Map",
        "en": "Open Development Vietnam, “Địa phận tỉnh” (CC BY-SA 4.0), via TaliaCao/Vietnam-Shape-Map",
    },
    COMMUNES_2025_FILE: {
        "vi": "gis.vn và sapnhap.bando.com.vn, qua lamngockhuong/vietnam-3d-map",
        "en": "gis.vn and sapnhap.bando.com.vn, via lamngockhuong/vietnam-3d-map",
    },
}
