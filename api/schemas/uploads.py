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


class JobReplacement(Schema):
    job: int = Field(
        description="the later job of the same file into the same target: the same content, or the "
        "same name uploaded by the same account"
    )
    loaded: bool = Field(description="whether that job loaded the file (else it is a newer check of it, waiting)")
    at: str = Field(description="when that job ended (ISO 8601; when it began, while it is still being loaded)")
    account: str | None = Field(description="who ran that job: the account's display name; null from the command line")


class RasterShape(Schema):
    size: list[int] = Field(description="the raster's width and height, in pixels")
    bands: int | None = Field(description="its bands; null for a raster checked before they were counted")


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
    changes: dict[str, int] | None = Field(
        description="projects: what the load did (would do) with them: new, updated, status_changed, "
        "history_added (a status of an earlier day than the project's latest, added to its history), unchanged"
    )
    error_count: int = Field(description="errors found, each feature's counted (a problem listed once may be many's)")
    warning_count: int = Field(
        description="warnings found: each one message, field and value, of one feature or many (features_warned), as "
        "the command line and /upload count them"
    )
    features_warned: int | None = Field(
        description="the features a warning names, each counted once (a warning of the whole file names none); null "
        "for a job checked before they were counted"
    )
    account_id: int | None
    account: str | None = Field(description="who loaded or checked it: the account's display name")
    created_at: str
    finished_at: str | None
    replaced_by: JobReplacement | None = Field(
        description="a check waiting to be loaded whose file a later job loaded, or checked again: it is not to be "
        "loaded (no commit link); null otherwise"
    )
    raster: RasterShape | None = Field(description="a GeoTIFF's size (it has pixels, not features); null otherwise")
    links: dict[str, str] = Field(
        description="self (follow it), and commit for a preview or a failed commit (retried if its file is kept)"
    )


class Job(JobSummary):
    progress: JobProgress | None
    waiting: bool = Field(
        description="a commit waiting for another load into its target to end (loads into a target run one at a time)"
    )
    report: dict[str, Any] | None = Field(description="what was detected and every problem found, once checked")


class Jobs(Schema):
    jobs: list[JobSummary]
    numberMatched: int
    numberReturned: int
    links: list[Link]
