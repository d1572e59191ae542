"""The collections of OGC API – Features: one per catalog layer, and one per geometry type of a mixed layer.

QGIS and GDAL give a layer one geometry type, taken from its first features, so a collection mixing points, lines
and polygons shows only one kind. A layer whose ``geometry_kind`` is "any" is therefore also served as
``<id>_points``, ``<id>_lines`` and ``<id>_polygons``, each promoted to its Multi* type so that every feature of
the collection has the same type; the layer's own collection keeps every feature, those without a geometry too.
"""

from __future__ import annotations

from dataclasses import dataclass

from geo.said import Said
from layers.catalog import LAYERS, Layer
from layers.sources import LayerNotFound


@dataclass(frozen=True)
class GeometryFamily:
    suffix: str
    dimension: int
    geometry_type: str
    vi: str
    en: str


FAMILIES = (
    GeometryFamily("points", 0, "MultiPoint", "điểm", "points"),
    GeometryFamily("lines", 1, "MultiLineString", "tuyến", "lines"),
    GeometryFamily("polygons", 2, "MultiPolygon", "vùng", "polygons"),
)


@dataclass(frozen=True)
class Collection:
    """A catalog layer as served by OGC API – Features, or the part of it of one geometry ``family``."""

    layer: Layer
    family: GeometryFamily | None = None

    @property
    def id(self) -> str:
        return f"{self.layer.id}_{self.family.suffix}" if self.family else self.layer.id

    def title(self, lang: str) -> str:
        if self.family is None:
            return self.layer.title(lang)
        return f"{self.layer.title(lang)} ({self.family.vi if lang == 'vi' else self.family.en})"

    @property
    def geometry_type(self) -> str | None:
        """The GeoJSON type of every geometry, None when the collection mixes them. The polygon layers' tables
        (units, salinity zones) hold MultiPolygons only."""
        if self.family:
            return self.family.geometry_type
        return "MultiPolygon" if self.layer.geometry_kind == "polygon" else None

    @property
    def may_lack_geometry(self) -> bool:
        """The projects' collection lists those with no site (its features source); a polygon layer's rows all
        have one, whichever source it lists (the salinity zones': every period)."""
        return self.family is None and self.layer.features_source is not None and self.layer.geometry_kind == "any"

    def source_sql(self) -> str:
        """The SELECT of the collection's rows, as ``src`` (with ``src.geom``)."""
        source = self.layer.features_source or self.layer.source
        if self.family is None:
            return f"({source}) AS src"
        return (
            f"(SELECT rows.*, ST_Multi(rows.geom) AS multi_geom FROM ({source}) AS rows "
            f"WHERE ST_Dimension(rows.geom) = {self.family.dimension}) AS src"
        )

    @property
    def geometry_column(self) -> str:
        return "src.multi_geom" if self.family else "src.geom"


def collections() -> dict[str, Collection]:
    """Every collection, in catalog order: a mixed layer is followed by its one-type parts."""
    found: dict[str, Collection] = {}
    for layer in LAYERS.values():
        found[layer.id] = Collection(layer)
        if layer.geometry_kind == "any":
            found.update((c.id, c) for c in (Collection(layer, family) for family in FAMILIES))
    return found


def find_collection(collection_id: str) -> Collection:
    found = collections().get(collection_id)
    if found is None:
        known = ", ".join(collections())
        raise LayerNotFound(
            Said(
                f"Không có lớp dữ liệu {collection_id!r}; các lớp dữ liệu: {known}",
                f"No collection {collection_id!r}; the collections are: {known}",
            )
        )
    return found
