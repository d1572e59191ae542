"""Salinity zones, registered rasters (forest cover, salinity) and per-unit raster statistics."""

from __future__ import annotations

from datetime import datetime

from geoalchemy2 import Geometry
from sqlalchemy import (
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from geo.models.base import Base, created_at_column


class SalinityZone(Base):
    """A mapped salinity zone. Its link to the ingest job is checked by statement-level triggers, not a foreign key,
    and it stores no area: both cost a bulk load most of its database time (see migration 0011)."""

    __tablename__ = "salinity_zone"
    __table_args__ = (Index("ix_salinity_zone_geom", "geom", postgresql_using="gist"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    salinity_class: Mapped[str] = mapped_column(String(40), doc="e.g. a ‰ threshold or an ECe class")
    period: Mapped[str] = mapped_column(String(40), doc='e.g. "2025-03" or "dry season 2024"')
    source: Mapped[str] = mapped_column(Text)
    ingest_job_id: Mapped[int | None] = mapped_column(Integer)
    zone_code: Mapped[str | None] = mapped_column(Text, doc="the file's own code of the zone (MA_VUNG)")
    zone_name: Mapped[str | None] = mapped_column(Text, doc="the file's own name of the zone (TEN_VUNG)")
    loaded_at: Mapped[datetime] = created_at_column()
    geom = mapped_column(Geometry("MULTIPOLYGON", srid=4326, spatial_index=False), nullable=False)


class RasterDataset(Base):
    """A registered Cloud-Optimised GeoTIFF (forest cover or salinity) with year and source."""

    __tablename__ = "raster_dataset"
    __table_args__ = (CheckConstraint("theme IN ('forest_cover', 'salinity')", name="theme"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    theme: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(Text)
    year: Mapped[int | None] = mapped_column(Integer)
    period: Mapped[str | None] = mapped_column(String(40))
    path: Mapped[str] = mapped_column(String(400))
    crs: Mapped[str] = mapped_column(String(40))
    source: Mapped[str] = mapped_column(Text)
    is_demo: Mapped[bool] = mapped_column(default=False)
    ingest_job_id: Mapped[int | None] = mapped_column(ForeignKey("ingest_job.id"))
    created_at: Mapped[datetime] = created_at_column()
    #: The box of its extent in WGS 84 (geo.forest.raster_footprint): the provinces it touches before it has figures
    #: (/changes); none for a raster registered before migration 0043.
    footprint = mapped_column(Geometry("POLYGON", srid=4326, spatial_index=False), nullable=True)


class ForestStatsQueue(Base):
    """A forest raster whose statistics wait to be computed: its load queues it in its own transaction, and they are
    computed after the commit (geo.forest_stats_queue); a row left by a process that stopped is finished by the app
    at its start and every few minutes. One whose computing raised stays with when and why (``failed_at``,
    ``failure_vi``, ``failure_en``), not tried again until ``georeg forest stats --raster ID``."""

    __tablename__ = "forest_stats_queue"

    raster_id: Mapped[int] = mapped_column(ForeignKey("raster_dataset.id", ondelete="CASCADE"), primary_key=True)
    queued_at: Mapped[datetime] = created_at_column()
    failed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    failure_vi: Mapped[str | None] = mapped_column(Text)
    failure_en: Mapped[str | None] = mapped_column(Text)


class ForestUnitStat(Base):
    """Zonal statistics of one forest raster over one admin unit."""

    __tablename__ = "forest_unit_stat"
    __table_args__ = (UniqueConstraint("raster_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    raster_id: Mapped[int] = mapped_column(ForeignKey("raster_dataset.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("admin_unit.id", ondelete="CASCADE"))
    forest_m2: Mapped[float | None] = mapped_column(Float)  # None: the raster covers too little of the unit
    unit_m2: Mapped[float] = mapped_column(Float)
    cover_percent: Mapped[float | None] = mapped_column(Float)
    covered_m2: Mapped[float | None] = mapped_column(Float)  # the area the raster has values (forest or not) over
