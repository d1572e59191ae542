"""Projects, their append-only status history and the photos attached to reports."""

from __future__ import annotations

from datetime import date, datetime

from geoalchemy2 import Geometry
from sqlalchemy import (
    CheckConstraint,
    Computed,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from geo.models.base import Base, created_at_column, in_list_check
from geo.vocab import KIND_CODES, PRECISION_CODES, STATUS_CODES


class Project(Base):
    """A project or named site of a plan.

    ``status``, ``percent`` and ``status_date`` mirror the latest status event and are
    only written together with a new event (geo.status_history); ``version`` counts
    those writes for optimistic concurrency. Projects are retired, never deleted.
    """

    __tablename__ = "project"
    __table_args__ = (
        CheckConstraint(in_list_check("kind", KIND_CODES), name="kind"),
        CheckConstraint(in_list_check("status", STATUS_CODES), name="status"),
        CheckConstraint(in_list_check("location_precision", PRECISION_CODES), name="location_precision"),
        CheckConstraint("(geom IS NULL) = (location_precision = 'province')", name="geom_or_province_wide"),
        CheckConstraint("percent BETWEEN 0 AND 100", name="percent"),
        Index("ix_project_geom", "geom", postgresql_using="gist"),
        # the order of the list of an account's projects, as people read the names (geo.queries.in_charge): name_vi
        # in the collation georeg_vi (migration 0050), which reflection reads as the bare column
        Index("ix_project_name_vi", "name_vi", "id"),
        # and in English, the projects with an English name alone (migrations 0051, 0054): those without one show
        # their Vietnamese name, in ix_project_name_vi's order
        Index("ix_project_name_en", "name_en", "id", postgresql_where=text("name_en <> ''")),
        # a file's possible repeats of registered projects, by folded name (geo.ingest.possible_duplicates)
        Index("ix_project_name_folded", text("georeg_fold(name_vi)"), "id"),
        # and statistics st_project_dimension on ST_Dimension(geom) (migration 0033), which SQLAlchemy cannot
        # declare: the planner's share of points, lines and polygons for the one-type OGC collections
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    name_vi: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(30), index=True)
    province_code: Mapped[str] = mapped_column(String(8), index=True, doc="former (pre-2025) province")
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plan.id"), index=True)
    plan_action_id: Mapped[int | None] = mapped_column(ForeignKey("plan_action.id"))
    lead_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"))
    capacity_value: Mapped[float | None] = mapped_column(Float)
    capacity_unit: Mapped[str | None] = mapped_column(String(20))
    budget_vnd_billion: Mapped[float | None] = mapped_column(Float)
    funding_source: Mapped[str | None] = mapped_column(Text)
    start_year: Mapped[int | None] = mapped_column(Integer)
    end_year: Mapped[int | None] = mapped_column(Integer)
    description_vi: Mapped[str | None] = mapped_column(Text)
    description_en: Mapped[str | None] = mapped_column(Text)
    geom = mapped_column(Geometry("GEOMETRY", srid=4326, spatial_index=False), nullable=True)
    # on the ellipsoid; 0 without a geometry's measuring (a point's length and area, a line's area, a polygon's
    # length), given by its type rather than cast and measured (migration 0037)
    length_m: Mapped[float | None] = mapped_column(
        Float,
        Computed(
            "CASE WHEN GeometryType(geom) IN ('POINT', 'MULTIPOINT', 'POLYGON', 'MULTIPOLYGON') THEN 0 "
            "ELSE ST_Length(geom::geography) END",
            persisted=True,
        ),
    )
    area_m2: Mapped[float | None] = mapped_column(
        Float,
        Computed(
            "CASE WHEN GeometryType(geom) IN ('POINT', 'MULTIPOINT', 'LINESTRING', 'MULTILINESTRING') THEN 0 "
            "ELSE ST_Area(geom::geography) END",
            persisted=True,
        ),
    )
    # the same geometry in Web Mercator, for vector tiles (layers.vector_tiles): no reprojection per tile
    geom_3857 = mapped_column(
        Geometry("GEOMETRY", srid=3857, spatial_index=False), Computed("ST_Transform(geom, 3857)", persisted=True)
    )
    location_precision: Mapped[str] = mapped_column(String(20))
    location_note_vi: Mapped[str | None] = mapped_column(Text)
    location_note_en: Mapped[str | None] = mapped_column(Text)
    sources: Mapped[list[str]] = mapped_column(JSONB, default=list)
    status: Mapped[str] = mapped_column(String(30), index=True, server_default="proposed")
    percent: Mapped[float] = mapped_column(Float, server_default="0")
    status_date: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, server_default="0")
    changed_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True),
        server_default=text("date_trunc('milliseconds', clock_timestamp())"),
        doc="when the row last changed, to the millisecond: set by a trigger on every update (migration 0035); a GIS "
        "export writes it and its reload compares it (geo.ingest.project_writes.changed_since_export)",
    )
    retired_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    retired_reason: Mapped[str | None] = mapped_column(Text, doc="why it left the registry (duplicate, cancelled …)")
    created_at: Mapped[datetime] = created_at_column()

    plan = relationship("Plan")
    plan_action = relationship("PlanAction")
    lead_agency = relationship("Agency")
    events: Mapped[list[StatusEvent]] = relationship(
        back_populates="project",
        primaryjoin="Project.id == foreign(StatusEvent.project_id)",
        order_by="StatusEvent.version",
    )


class ProjectAgency(Base):
    """Partner agencies of a project (the lead is on the project itself)."""

    __tablename__ = "project_agency"

    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id", ondelete="CASCADE"), primary_key=True)


class StatusEvent(Base):
    """One report of a project's status. Append-only: corrections are new events."""

    __tablename__ = "status_event"
    __table_args__ = (
        CheckConstraint(in_list_check("status", STATUS_CODES), name="status"),
        CheckConstraint("percent BETWEEN 0 AND 100", name="percent"),
        Index("ix_status_event_project_version", "project_id", "version", unique=True),
        Index("ix_status_event_reported_at", "reported_at"),
        # each project's latest event by a date, read without sorting (progress as of a date; migration 0009)
        Index("ix_status_event_project_latest", "project_id", text("reported_at DESC"), text("version DESC")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # No foreign key: the link is checked once per statement by a trigger (migration 0020), so that a load's
    # 100,000 first events do not check and lock their projects one by one.
    project_id: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer, doc="the project version this event produced")
    status: Mapped[str] = mapped_column(String(30))
    percent: Mapped[float] = mapped_column(Float)
    note_vi: Mapped[str | None] = mapped_column(Text)
    note_en: Mapped[str | None] = mapped_column(Text)
    reported_at: Mapped[date] = mapped_column(Date)
    # when the event was written (after its project's row was locked), not when its transaction began: a load's
    # events follow the reports recorded while it ran (migration 0025); the writers give it the project's changed_at
    # of that moment, so that a reload of an export names as "since" only the reports after it (trial 53)
    recorded_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.clock_timestamp(), nullable=False
    )
    reporter_account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    # the agency the reporter's account belonged to when the event was recorded (geo.status_history.accounts_agency;
    # migration 0056): an administrator moving the account later changes its agency, not its past reports' (trial
    # s73). None for a load's events and for an account of no agency
    reporter_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"))
    reporter_name: Mapped[str | None] = mapped_column(String(200))
    reporter_location = mapped_column(Geometry("POINT", srid=4326, spatial_index=False), nullable=True)
    # the phone's stated accuracy of reporter_location (the radius, m), when it gave one (migration 0027)
    reporter_accuracy_m: Mapped[float | None] = mapped_column(Float)
    distance_m: Mapped[float | None] = mapped_column(Float)
    source: Mapped[str | None] = mapped_column(Text)
    is_demo: Mapped[bool] = mapped_column(default=False)

    project: Mapped[Project] = relationship(
        back_populates="events", primaryjoin="foreign(StatusEvent.project_id) == Project.id"
    )
    photos: Mapped[list[StatusPhoto]] = relationship(back_populates="event")


class StatusPhoto(Base):
    __tablename__ = "status_photo"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("status_event.id"))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    content_type: Mapped[str] = mapped_column(String(40))
    size_bytes: Mapped[int] = mapped_column(Integer)
    path: Mapped[str] = mapped_column(String(400))

    event: Mapped[StatusEvent] = relationship(back_populates="photos")
