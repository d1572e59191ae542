"""Flags on status reports that were accepted although something about them was unusual."""

from __future__ import annotations

from sqlalchemy import Float, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from geo.models.base import Base


class StatusEventFlag(Base):
    """A report made farther from its project than the kind's threshold, or from a position whose stated accuracy
    is wider than it, accepted because the reporter confirmed.

    Reviewers list these to check reports that may have been filed from the office rather than on site.
    """

    __tablename__ = "status_event_flag"

    event_id: Mapped[int] = mapped_column(ForeignKey("status_event.id"), primary_key=True)
    reason: Mapped[str] = mapped_column(
        String(40), doc='"beyond_distance", or "position_uncertain" (the phone\'s accuracy wider than the threshold)'
    )
    distance_m: Mapped[float] = mapped_column(Float)
    threshold_m: Mapped[float] = mapped_column(Float)
