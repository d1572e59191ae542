"""Admin units cut into small pieces: what the apportionment intersects projects with."""

from __future__ import annotations

from geoalchemy2 import Geometry
from sqlalchemy import ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from geo.models.base import Base

# The (scheme, level) pairs projects are apportioned to (geo.apportion).
PIECE_LEVELS = (("pre2025", "district"), ("pre2025", "province"), ("2025", "commune"), ("2025", "province"))


class AdminUnitPiece(Base):
    """One piece of a unit (``ST_Subdivide``, at most 64 vertices), with the unit's border near it.

    Containment and intersection tests against a small piece are far cheaper than against
    a whole district. ``border`` is the unit's boundary clipped to the piece's box (a
    little widened): a project meeting no border of a unit lies wholly inside or wholly
    outside it. The table follows admin_unit by itself: a trigger (migration 0009) recuts
    a unit whenever it is inserted or its geometry, scheme, level or context flag change;
    context units get no pieces.
    """

    __tablename__ = "admin_unit_piece"
    __table_args__ = (
        Index("ix_admin_unit_piece_geom", "geom", postgresql_using="gist"),
        *(  # the nearest unit of one level is found through that level's own index
            Index(
                f"ix_admin_unit_piece_geom_{scheme}_{level}",
                "geom",
                postgresql_using="gist",
                postgresql_where=text(f"scheme = '{scheme}' AND level = '{level}'"),
            )
            for scheme, level in PIECE_LEVELS
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("admin_unit.id", ondelete="CASCADE"), index=True)
    scheme: Mapped[str] = mapped_column(String(16))
    level: Mapped[str] = mapped_column(String(16))
    geom = mapped_column(Geometry("GEOMETRY", srid=4326, spatial_index=False), nullable=False)
    border = mapped_column(Geometry("GEOMETRY", srid=4326, spatial_index=False), nullable=False)
