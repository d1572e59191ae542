"""Plans, their actions, the agencies that carry them out, and indicators with targets."""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Date, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from geo.models.base import Base


class Agency(Base):
    __tablename__ = "agency"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name_vi: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str] = mapped_column(String(300))
    province_code: Mapped[str | None] = mapped_column(String(8))


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


class PlanActionAgency(Base):
    __tablename__ = "plan_action_agency"
    __table_args__ = (CheckConstraint("role IN ('lead', 'partner')", name="role"),)

    plan_action_id: Mapped[int] = mapped_column(ForeignKey("plan_action.id", ondelete="CASCADE"), primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(10), primary_key=True)


class Indicator(Base):
    """A plan target, e.g. forest cover 1.7–1.8 % by 2030."""

    __tablename__ = "indicator"
    __table_args__ = (
        UniqueConstraint("plan_id", "code"),
        CheckConstraint("direction IN ('increase', 'decrease', 'range')", name="direction"),
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


class IndicatorValue(Base):
    """An observed value of an indicator for a unit (or the whole plan area) and period."""

    __tablename__ = "indicator_value"
    __table_args__ = (UniqueConstraint("indicator_id", "unit_id", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("admin_unit.id"))
    period: Mapped[str] = mapped_column(String(20), doc='a year "2024" or a range "2024-H1"')
    value: Mapped[float] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(400))
    is_demo: Mapped[bool] = mapped_column(default=False)
