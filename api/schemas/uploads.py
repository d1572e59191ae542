"""Upload jobs: their state, progress and report."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from api.schemas import Schema
from api.schemas.geojson import Link


class JobProgress(Schema):
    done: int
    total: int | None
    updated_at: str


class JobSummary(Schema):
    id: int
    file_name: str
    target: str
    mode: str
    state: str = Field(
        description="pending, running, previewed (an upload checked, waiting to be committed), checked (a command-line "
        "--dry-run: nothing kept to commit), committing, committed, failed or expired"
    )
    feature_count: int | None
    written_count: int | None
    error_count: int
    warning_count: int
    account_id: int | None
    created_at: str
    finished_at: str | None
    links: dict[str, str] = Field(
        description="self (follow it), and commit for a preview or a failed commit (retried if its file is kept)"
    )


class Job(JobSummary):
    progress: JobProgress | None
    report: dict[str, Any] | None = Field(description="what was detected and every problem found, once checked")


class Jobs(Schema):
    jobs: list[JobSummary]
    numberMatched: int
    numberReturned: int
    links: list[Link]
