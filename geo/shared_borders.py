"""Neighbouring units made to share their borders: one line where two units meet, not two.

The 2025 communes of the sample (gis.vn polygons, via vietnam-3d-map) were simplified each on its own: two
neighbours' borders run side by side a few to tens of metres apart, one crossing the other, so that they overlap in
places and leave thin gaps in others (about 2 km² of overlaps over 155 pairs, 190 gaps). Close in (zoom 14–15) the
map drew every commune border twice, two lines a few pixels apart (trial 67); the units' areas, the project shares
and the crosswalk counted the overlaps twice too.

GEOS's coverage cleaner (``shapely.coverage_clean``) gives each overlap and each gap narrower than ``GAP_WIDTH_DEG``
to the neighbour along most of its edge, and makes shared edges the same vertices. It leaves gaps open to the
outside of the units, as the wedge between two coastal communes (4 km long between Hưng Hội and Vĩnh Trạch): the
part of such a gap narrower than ``GAP_WIDTH_DEG`` that lies between two units or more is closed off from the
outside first, so that the cleaner treats it as the gaps inside. A bay of one unit's edge is left as it is.
"""

from __future__ import annotations

from collections.abc import Sequence

import shapely
from shapely.geometry.base import BaseGeometry

#: A gap between units narrower than this (degrees, about 110 m in Vietnam) is an artefact of the units'
#: generalisation, given to a neighbour; the sample's are at most 40 m wide.
GAP_WIDTH_DEG = 0.001


def share_borders(units: Sequence[BaseGeometry]) -> list[BaseGeometry]:
    """``units`` (polygons, lon/lat) made a coverage without overlaps nor thin gaps, in the same order."""
    outside = _outside(units)
    cleaned = shapely.coverage_clean([*units, outside], gap_width=GAP_WIDTH_DEG)
    return list(cleaned[: len(units)])


def _outside(units: Sequence[BaseGeometry]) -> BaseGeometry:
    """A polygon round the units, up to their edge but for the thin gaps between units open to the outside."""
    whole = shapely.union_all(units)
    reach = GAP_WIDTH_DEG / 2
    closed = whole.buffer(reach).buffer(-reach)
    pieces = shapely.get_parts(closed.difference(whole))
    touched = shapely.STRtree(units).query(pieces, predicate="dwithin", distance=1e-9)[0]
    between = [piece for i, piece in enumerate(pieces) if (touched == i).sum() >= 2]
    frame = shapely.box(*whole.buffer(10 * GAP_WIDTH_DEG).bounds)
    return frame.difference(shapely.union_all([whole, *between]))
