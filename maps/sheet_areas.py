"""Areas (polygons) drawn on a printed sheet as one matplotlib PatchCollection per call, not with GeoSeries.plot.

geopandas 1.2's ``plot`` of polygons defines a new PatchCollection subclass on every call and registers it in
matplotlib's legend handler map, which is global and never emptied: the map grew by some 27 entries per projects
sheet (40, 67, 94 over three), memory a long-running server never got back, and each new class cost matplotlib
~7 ms of CPU (``Artist.__init_subclass__``: 0.18 s a sheet). The patches are those geopandas makes (a compound path
per geometry, holes as its inner rings), so the sheet is drawn the same.
"""

from __future__ import annotations

import numpy as np
import shapely
from geopandas import GeoDataFrame, GeoSeries
from matplotlib.axes import Axes
from matplotlib.collections import PatchCollection
from matplotlib.patches import PathPatch
from matplotlib.path import Path
from shapely.geometry.base import BaseGeometry

AREAS = ("Polygon", "MultiPolygon")


def draw_areas(axes: Axes, areas: GeoDataFrame | GeoSeries, **style: object) -> None:
    """The polygons of ``areas`` on ``axes`` in ``style`` (a Collection's: facecolor, edgecolor, linewidth, alpha,
    hatch, linestyle, zorder); other geometries are not areas and are left out."""
    # normalised as geopandas draws them: each ring in one order from one vertex, so that holes stay holes (a path's
    # winding) and a dashed outline's dashes start where they did
    normalised = shapely.normalize(areas.geometry.values)
    patches = [PathPatch(_area_path(area)) for area in normalised if area is not None and _is_area(area)]
    if patches:
        axes.add_collection(PatchCollection(patches, **style), autolim=False)


def _is_area(geometry: BaseGeometry) -> bool:
    return geometry.geom_type in AREAS and not geometry.is_empty


def _area_path(area: BaseGeometry) -> Path:
    """A (multi)polygon as one path: each part's outer ring, then its holes."""
    parts = area.geoms if area.geom_type == "MultiPolygon" else [area]
    rings = [ring for part in parts for ring in (part.exterior, *part.interiors)]
    return Path.make_compound_path(*(Path(np.asarray(ring.coords)[:, :2], closed=True) for ring in rings))
