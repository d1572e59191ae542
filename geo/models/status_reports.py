"""Flags on status reports that were accepted although something about them was unusual."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, Float, ForeignKey, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from geo.models.base import Base, in_list_check
from geo.vocab import VERDICT_CODES


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


class StatusEventReview(Base):
    """A reviewer's verdict on a flagged report (geo.report_reviews): the latest stands; each is in the audit log.

    The report itself is never changed (status events are append-only): a rejected one is left out of every reading
    of a project's state (geo.status_history.COUNTED)."""

    __tablename__ = "status_event_review"
    __table_args__ = (CheckConstraint(in_list_check("verdict", VERDICT_CODES), name="verdict"),)

    event_id: Mapped[int] = mapped_column(ForeignKey("status_event.id"), primary_key=True)
    verdict: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text, doc="the reviewer's reason; required for a rejection")
    reviewer_account_id: Mapped[int] = mapped_column(ForeignKey("account.id"))
    reviewer_name: Mapped[str] = mapped_column(String(200), doc="as colleagues know the reviewer, when reviewed")
    reviewed_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.clock_timestamp(), nullable=False
    )
    # the verdict it replaced, if one was changed: a colleague's overturned, or one's own mistaken tap (trial 49)
    previous_verdict: Mapped[str | None] = mapped_column(String(20))
    previous_reviewer_name: Mapped[str | None] = mapped_column(String(200))
    previous_reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
