"""Plans, their actions, the agencies that carry them out, and indicators with targets."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    ARRAY,
    CheckConstraint,
    ColumnElement,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    and_,
    false,
    func,
    or_,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from geo.models.base import Base, created_at_column, in_list_check
from geo.vocab import ROLLUP_RULES, SUBMISSION_STATUS_CODES


class Agency(Base):
    __tablename__ = "agency"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name_vi: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str] = mapped_column(String(300))
    province_code: Mapped[str | None] = mapped_column(String(8))
    valid_from: Mapped[date | None] = mapped_column(Date, doc="first day the agency existed (None: before the data)")
    valid_to: Mapped[date | None] = mapped_column(Date, doc="last day the agency existed (None: still exists)")


class AgencySuccession(Base):
    """An agency taken over by another on a day (the 2025 mergers); ``certain`` is False where the sources do not
    settle which agency took over the duty."""

    __tablename__ = "agency_succession"

    predecessor_id: Mapped[int] = mapped_column(ForeignKey("agency.id", ondelete="CASCADE"), primary_key=True)
    successor_id: Mapped[int] = mapped_column(ForeignKey("agency.id", ondelete="CASCADE"), primary_key=True)
    effective_on: Mapped[date] = mapped_column(Date)
    certain: Mapped[bool] = mapped_column(default=True)
    source: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[str | None] = mapped_column(Text, doc="who recorded it (georeg agency); None: the data files")


class Plan(Base):
    __tablename__ = "plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True, doc='e.g. "148/QĐ-UBND"')
    province_code: Mapped[str] = mapped_column(String(8))
    title_vi: Mapped[str] = mapped_column(Text)
    title_en: Mapped[str] = mapped_column(Text)
    issued_on: Mapped[date] = mapped_column(Date)
    period_start: Mapped[int] = mapped_column(Integer)
    period_end: Mapped[int] = mapped_column(Integer)
    reporting_note_vi: Mapped[str | None] = mapped_column(Text)
    reporting_note_en: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(400))
    report_due_month: Mapped[int | None] = mapped_column(SmallInteger, doc="yearly report due before this day")
    report_due_day: Mapped[int | None] = mapped_column(SmallInteger)
    focal_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"), doc="consolidates the reports")

    actions: Mapped[list[PlanAction]] = relationship(back_populates="plan", order_by="PlanAction.id")


class PlanAction(Base):
    """A task group, task or priority action of a plan, e.g. "13.3" of 148/QĐ-UBND."""

    __tablename__ = "plan_action"
    __table_args__ = (UniqueConstraint("plan_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(20))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("plan_action.id"))
    section_vi: Mapped[str | None] = mapped_column(Text)
    title_vi: Mapped[str] = mapped_column(Text)
    title_en: Mapped[str] = mapped_column(Text)
    expected_output_vi: Mapped[str | None] = mapped_column(Text)
    expected_output_en: Mapped[str | None] = mapped_column(Text)
    period: Mapped[str | None] = mapped_column(String(40))

    plan: Mapped[Plan] = relationship(back_populates="actions")


#: The first reporting year the registry knows: an assignment from it holds from the plan's start.
FIRST_REPORTING_YEAR = 2000


class PlanActionAgency(Base):
    """An agency leading or taking part in a plan action for the reporting years ``from_year`` to ``to_year`` (None:
    still). An assignment holds from a year on and closes the one it replaces, so that the years before keep the
    agencies that owed their reports (an assignment made for 2026 had made a 2025 agency owe 2023's)."""

    __tablename__ = "plan_action_agency"
    __table_args__ = (
        CheckConstraint("role IN ('lead', 'partner')", name="role"),
        CheckConstraint("to_year IS NULL OR to_year >= from_year", name="years"),
    )

    plan_action_id: Mapped[int] = mapped_column(ForeignKey("plan_action.id", ondelete="CASCADE"), primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(10), primary_key=True)
    from_year: Mapped[int] = mapped_column(
        Integer, primary_key=True, default=FIRST_REPORTING_YEAR, server_default=str(FIRST_REPORTING_YEAR)
    )
    to_year: Mapped[int | None] = mapped_column(Integer)
    assigned_by: Mapped[str | None] = mapped_column(String(200), doc="None: as written in the plan's data")

    @classmethod
    def holds_in(cls, year: int) -> ColumnElement[bool]:
        """The assignments holding in the reporting year ``year`` (as :func:`assignment_holds_in_year`)."""
        return and_(cls.from_year <= year, or_(cls.to_year.is_(None), cls.to_year >= year))


def assignment_holds_in_year(alias: str) -> str:
    """SQL: the assignment (a ``plan_action_agency`` row named ``alias``) holds in the reporting year bound to
    ``:year``: assigned from it or before, not closed before it."""
    return f"{alias}.from_year <= :year AND ({alias}.to_year IS NULL OR {alias}.to_year >= :year)"


class Indicator(Base):
    """A plan target, e.g. forest cover 1.7–1.8 % by 2030."""

    __tablename__ = "indicator"
    __table_args__ = (
        UniqueConstraint("plan_id", "code"),
        CheckConstraint("direction IN ('increase', 'decrease', 'range')", name="direction"),
        CheckConstraint(in_list_check("rollup", ROLLUP_RULES), name="rollup"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(60))
    name_vi: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str] = mapped_column(Text)
    unit: Mapped[str] = mapped_column(String(40))
    direction: Mapped[str] = mapped_column(String(10))
    target_min: Mapped[float | None] = mapped_column(Float)
    target_max: Mapped[float | None] = mapped_column(Float)
    target_year: Mapped[int | None] = mapped_column(Integer)
    baseline_value: Mapped[float | None] = mapped_column(Float)
    baseline_year: Mapped[int | None] = mapped_column(Integer)
    scope_note_vi: Mapped[str | None] = mapped_column(Text)
    scope_note_en: Mapped[str | None] = mapped_column(Text)
    plan_section: Mapped[str | None] = mapped_column(String(20))
    rollup: Mapped[str] = mapped_column(String(20), server_default="province_only", doc="geo.vocab.ROLLUP_RULES")
    responsible_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"))


class IndicatorValue(Base):
    """An observed value of an indicator for a unit (or the whole plan area) and period.

    Never updated: a correction is a new row that ``supersedes`` the value it corrects, with a reason; the first
    value of an indicator, unit and period supersedes nothing (one such value per key). A *withdrawal* supersedes a
    value the registry computed from a forest raster since removed (geo.forest_rasters): it holds no value, names
    the raster's ``removal`` (the audit log's entry: which raster, who removed it; each reader words it) and
    ``restores`` the one entered by hand before it, if any (geo.indicator_values.withdraw_computed).
    """

    __tablename__ = "indicator_value"
    __table_args__ = (
        Index(
            "uq_indicator_value_first",
            "indicator_id",
            text("COALESCE(unit_id, 0)"),
            "period",
            unique=True,
            postgresql_where=text("supersedes_id IS NULL"),
        ),
        CheckConstraint("supersedes_id IS NULL OR reason IS NOT NULL OR is_withdrawal", name="correction_reason"),
        CheckConstraint(
            "(value IS NULL) = is_withdrawal AND (restores_id IS NULL OR is_withdrawal) "
            "AND (NOT is_withdrawal OR supersedes_id IS NOT NULL) AND (removal_id IS NOT NULL) = is_withdrawal "
            "AND (reason IS NULL OR NOT is_withdrawal)",
            name="withdrawal",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("admin_unit.id"))
    period: Mapped[str] = mapped_column(String(20), doc='a year "2024" or a range "2024-H1"')
    value: Mapped[float | None] = mapped_column(Float, doc="none on a withdrawal")
    source: Mapped[str] = mapped_column(String(400), doc="a withdrawal's: that of the value it withdraws")
    is_demo: Mapped[bool] = mapped_column(default=False)
    method: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[str | None] = mapped_column(Text, doc="a file name or link the value can be checked against")
    entered_by: Mapped[str] = mapped_column(String(200), server_default="sample data")
    account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    entered_by_agency_id: Mapped[int | None] = mapped_column(
        ForeignKey("agency.id"),
        doc="the agency the entering account belonged to when the value was entered (geo.status_history."
        "accounts_agency; migration 0057): moving the account later leaves the values entered before their agency "
        "(trial s73). None for the registry's rows, sample data and an account of no agency (an admin)",
    )
    entered_at: Mapped[datetime] = created_at_column()
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("indicator_value.id"), unique=True)
    reason: Mapped[str | None] = mapped_column(Text)
    is_withdrawal: Mapped[bool] = mapped_column(default=False, server_default=false())
    restores_id: Mapped[int | None] = mapped_column(
        ForeignKey("indicator_value.id"), doc="a withdrawal's: the value current again (none: the period holds none)"
    )
    removal_id: Mapped[int | None] = mapped_column(
        ForeignKey("audit_log.id"), doc="a withdrawal's: the removal of the forest raster (its audit log entry)"
    )


class IndicatorEvidence(Base):
    """A file backing an indicator value (a statistical table, a survey report), kept with it in the database."""

    __tablename__ = "indicator_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    value_id: Mapped[int] = mapped_column(ForeignKey("indicator_value.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(120))
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    uploaded_by: Mapped[str] = mapped_column(String(200))
    uploaded_at: Mapped[datetime] = created_at_column()


class Submission(Base):
    """A lead agency's yearly report on one plan action; a correction of an accepted one is a new version."""

    __tablename__ = "submission"
    __table_args__ = (
        UniqueConstraint("plan_action_id", "agency_id", "year", "version"),
        CheckConstraint(in_list_check("status", SUBMISSION_STATUS_CODES), name="status"),
        CheckConstraint("version = 1 OR reason IS NOT NULL", name="correction_reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_action_id: Mapped[int] = mapped_column(ForeignKey("plan_action.id", ondelete="CASCADE"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    year: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(10), default="draft")
    results: Mapped[str] = mapped_column(Text, default="")
    obstacles: Mapped[str] = mapped_column(Text, default="")
    proposals: Mapped[str] = mapped_column(Text, default="")
    project_ids: Mapped[list[int]] = mapped_column(ARRAY(Integer), default=list)
    value_ids: Mapped[list[int]] = mapped_column(ARRAY(Integer), default=list)
    reason: Mapped[str | None] = mapped_column(Text, doc="why a new version corrects the accepted one")
    review_comment: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = created_at_column()
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), doc="first submitted")
    submitted_by: Mapped[str | None] = mapped_column(
        String(200), doc="the account that sent it last: it does not accept or return it (someone else reviews it)"
    )
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
