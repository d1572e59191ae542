"""Settings, read from the environment (prefix ``GEOREG_``) or a ``.env`` file."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Where the database is, where the app listens, and where its files live.

    When ``database_url`` is not set the registry uses its project-local PostGIS
    cluster (``georeg db up``), reached on ``local_db_port``.
    """

    model_config = SettingsConfigDict(env_prefix="GEOREG_", env_file=".env", extra="ignore")

    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL, e.g. postgresql+psycopg://user:pw@host:5432/georeg"
    )
    local_db_dir: Path = PROJECT_ROOT / ".pgdata"
    local_db_port: int = 54329
    local_db_name: str = "georeg"
    local_db_user: str = "georeg"
    host: str = "127.0.0.1"
    port: int = 8000
    data_dir: Path = PROJECT_ROOT / "data"
    assets_dir: Path = PROJECT_ROOT / "node_modules"
    page_size_max: int = 1000
    upload_max_bytes: int = Field(default=500_000_000, description="largest file ingest or an upload accepts")
    archive_max_uncompressed_bytes: int = Field(
        default=2_000_000_000, description="a zip expanding beyond this is refused before extraction (zip bombs)"
    )
    ingest_chunk_size: int = Field(default=20_000, description="features read and checked at a time (bounded memory)")
    raster_dir: Path = Field(default=PROJECT_ROOT / "var" / "rasters", description="registered COGs (git-ignored)")
    upload_dir: Path = Field(default=PROJECT_ROOT / "var" / "uploads", description="uploads awaiting commit")
    upload_max_age_hours: float = Field(
        default=72, description="previewed uploads never committed are removed after this, when another one arrives"
    )
    public_reads: bool = Field(default=True, description="reads of public endpoints need no login")
    browser_session_hours: float = Field(
        default=12, description="a browser's login (/login) lasts this long at most, and never beyond its token"
    )
    photo_dir: Path = Field(
        default=PROJECT_ROOT / "var" / "photos", description="where report photos are stored (git-ignored)"
    )
    photo_max_bytes: int = 8_000_000
    json_body_max_bytes: int = Field(
        default=1_000_000, description="largest request body other than a form with a file (JSON); larger gets 413"
    )
    form_overhead_bytes: int = Field(
        default=100_000, description="what a form may send beside its file (an upload, a photo) before it gets 413"
    )
    report_distance_m: dict[str, float] = Field(
        default={"default": 500, "wind_farm": 3000, "sea_dyke": 1000, "river_dyke": 1000, "forest_planting": 1000},
        description="how far (m) from a project's geometry a report may be made, per kind; farther needs confirming",
    )

    @property
    def local_database_url(self) -> str:
        return f"postgresql+psycopg://{self.local_db_user}@127.0.0.1:{self.local_db_port}/{self.local_db_name}"

    @property
    def effective_database_url(self) -> str:
        return self.database_url or self.local_database_url


@lru_cache
def get_settings() -> Settings:
    return Settings()
