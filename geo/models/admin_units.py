"""Administrative units of both boundary schemes and the crosswalk between them."""

from __future__ import annotations

from datetime import date

from geoalchemy2 import Geometry
from sqlalchemy import CheckConstraint, Computed, Date, Float, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from geo.models.base import Base, in_list_check
from geo.vocab import LEVEL_CODES, SCHEME_CODES


class AdminUnit(Base):
    """A province, district or commune as it stood under one boundary scheme.

    Units are never deleted when abolished: ``valid_to`` closes them, so a history
    reported per former district stays readable.
    """

    __tablename__ = "admin_unit"
    __table_args__ = (
        UniqueConstraint("scheme", "level", "code"),
        CheckConstraint(in_list_check("scheme", SCHEME_CODES), name="scheme"),
        CheckConstraint(in_list_check("level", LEVEL_CODES), name="level"),
        Index("ix_admin_unit_geom", "geom", postgresql_using="gist"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16))
    scheme: Mapped[str] = mapped_column(String(16))
    level: Mapped[str] = mapped_column(String(16))
    name_vi: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    unit_type_vi: Mapped[str | None] = mapped_column(String(40))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("admin_unit.id"))
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    is_context: Mapped[bool] = mapped_column(default=False, doc="neighbouring unit shown only as context")
    source: Mapped[str] = mapped_column(String(400))
    geom = mapped_column(Geometry("MULTIPOLYGON", srid=4326, spatial_index=False), nullable=False)
    area_m2: Mapped[float] = mapped_column(Float, Computed("ST_Area(geom::geography)", persisted=True))

    parent: Mapped[AdminUnit | None] = relationship(remote_side=[id])


class UnitCrosswalk(Base):
    """How much of a unit of one scheme lies in a unit of the other, by area.

    ``share_of_from`` sums to 1 over the pairs of one ``from_unit`` (after sliver
    handling, see geo.sample.crosswalk), so a figure reported per former district can be
    split across communes and back.
    """

    __tablename__ = "unit_crosswalk"
    __table_args__ = (CheckConstraint("share_of_from > 0 AND share_of_from <= 1", name="share"),)

    from_unit_id: Mapped[int] = mapped_column(ForeignKey("admin_unit.id", ondelete="CASCADE"), primary_key=True)
    to_unit_id: Mapped[int] = mapped_column(ForeignKey("admin_unit.id", ondelete="CASCADE"), primary_key=True)
    overlap_m2: Mapped[float] = mapped_column(Float)
    share_of_from: Mapped[float] = mapped_column(Float)
    share_of_to: Mapped[float] = mapped_column(Float)
