"""Ingest jobs: every load of a file, with what was detected and what went wrong."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from geo.models.base import Base, created_at_column, in_list_check

if TYPE_CHECKING:
    from geo.models.accounts import Account

# pending → running → previewed (→ committing → committed or failed, or expired when its file is removed unloaded)
# or failed; a dry run whose file is not kept to be committed (the command line's --dry-run) ends checked
JOB_STATES = ("pending", "running", "previewed", "checked", "committing", "committed", "failed", "expired")


class IngestJob(Base):
    __tablename__ = "ingest_job"
    __table_args__ = (CheckConstraint(in_list_check("state", JOB_STATES), name="state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    file_name: Mapped[str] = mapped_column(Text)
    file_sha256: Mapped[str | None] = mapped_column(String(64))
    target: Mapped[str] = mapped_column(String(20), doc="projects, units, salinity or forest")
    mode: Mapped[str] = mapped_column(String(10), default="append")
    state: Mapped[str] = mapped_column(String(12), default="pending")
    detected_format: Mapped[str | None] = mapped_column(Text)
    detected_crs: Mapped[str | None] = mapped_column(Text, doc="per layer where a file's layers differ")
    crs_reason: Mapped[str | None] = mapped_column(Text)
    detected_encoding: Mapped[str | None] = mapped_column(Text)
    encoding_reason: Mapped[str | None] = mapped_column(Text)
    feature_count: Mapped[int | None] = mapped_column(Integer)
    written_count: Mapped[int | None] = mapped_column(Integer)
    warnings: Mapped[list[dict]] = mapped_column(JSONB, default=list)
    errors: Mapped[list[dict]] = mapped_column(JSONB, default=list)
    report: Mapped[dict] = mapped_column(JSONB, default=dict)
    checked_rows: Mapped[list[list[int]] | None] = mapped_column(
        JSONB,
        deferred=True,
        doc="a preview's: the projects its check matched, each [id, row version], which its Load looks at first "
        "(geo.ingest.pipeline); read only there",
    )
    account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    account: Mapped[Account | None] = relationship()  # who loaded or checked it, as lists name them
    created_at: Mapped[datetime] = created_at_column()
    started_at: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True), doc="when its check or its commit started (geo.ingest.jobs.fail_dead_jobs)"
    )
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class IngestJobProgress(Base):
    """How far a running job has got, written outside the load's transaction so that it is seen while it runs.

    A row of its own, not columns of ingest_job: the load holds its job row locked until it commits.
    """

    __tablename__ = "ingest_job_progress"

    job_id: Mapped[int] = mapped_column(ForeignKey("ingest_job.id", ondelete="CASCADE"), primary_key=True)
    done: Mapped[int] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = created_at_column()
