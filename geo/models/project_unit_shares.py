"""How much of each project lies in each admin unit: the basis of every per-unit overlay."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, Float, Index, Integer, String, func
from sqlalchemy.orm import Mapped, mapped_column

from geo.models.base import Base, in_list_check

SHARE_METHODS = ("length", "area", "point", "nearest", "province", "crosswalk")


class ProjectUnitShare(Base):
    """A project's share of one unit (0–1); a project's shares sum to 1 per scheme and level.

    Written only by geo.apportion.recompute_shares, which the loaders call whenever they
    write a project's geometry. Its links to the project and the unit are checked once per
    statement by triggers (migration s5_i17a), not row by row by foreign keys. ``measure``
    is the length (m) or area (m²) of the project counted with the unit: inside it or, for
    a line along the coast apportioned by its parts, its parts inside it or nearest to it;
    ``distance_m`` is set when a site, or a part of one, outside every unit was given to the
    nearest one (coastal and offshore works): the greatest of their distances.
    """

    __tablename__ = "project_unit_share"
    __table_args__ = (
        CheckConstraint("share > 0 AND share <= 1.000001", name="share"),
        CheckConstraint(in_list_check("method", SHARE_METHODS), name="method"),
        Index("ix_project_unit_share_unit_id", "unit_id"),
    )

    project_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    share: Mapped[float] = mapped_column(Float)
    method: Mapped[str] = mapped_column(String(12))
    measure: Mapped[float | None] = mapped_column(Float)
    distance_m: Mapped[float | None] = mapped_column(Float)


class ProjectShareQueue(Base):
    """A project whose shares wait to be recomputed: a load queues the projects it wrote in its own transaction, and
    their shares are recomputed after its commit (geo.share_queue), so the projects show before their shares do.
    A row left by a process that stopped is finished by the next load or at the app's start.

    No foreign key to the project: projects are never deleted (a trigger refuses it), and a load of 100,000 projects
    would otherwise check 100,000 keys, a second of its transaction."""

    __tablename__ = "project_share_queue"

    project_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    queued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
