"""Settings, read from the environment (prefix ``GEOREG_``) or a ``.env`` file."""

from __future__ import annotations

import json
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

from dotenv import dotenv_values
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url

SOURCE_TREE = Path(__file__).resolve().parent.parent
# In a checkout, files live beside the code; an installed package (site-packages) keeps them in the working
# directory instead (the Docker image's /app), each overridable by its setting.
PROJECT_ROOT = SOURCE_TREE if (SOURCE_TREE / "pyproject.toml").is_file() else Path.cwd()


class Settings(BaseSettings):
    """Where the database is, where the app listens, and where its files live.

    When ``database_url`` is not set the registry uses its project-local PostGIS
    cluster (``georeg db up``), reached on ``local_db_port``.
    """

    model_config = SettingsConfigDict(env_prefix="GEOREG_", env_file=".env", extra="ignore")

    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL, e.g. postgresql+psycopg://user:pw@host:5432/georeg"
    )
    local_db_dir: Path = Field(
        default=PROJECT_ROOT / ".pgdata", description="where the project-local cluster keeps its files (git-ignored)"
    )
    local_db_port: int = Field(default=54329, description="port of the project-local cluster (127.0.0.1 only)")
    local_db_name: str = Field(default="georeg", description="database of the project-local cluster")
    local_db_user: str = Field(default="georeg", description="role the app uses in the project-local cluster")
    local_db_fsync: bool = Field(
        default=True,
        description="false: `georeg db up` starts the project-local cluster without fsync and full_page_writes, for a "
        "throwaway cluster such as the test suite's (`make test`); faster, but a crash of the machine can corrupt it. "
        "A later start without it is durable again",
    )
    host: str = Field(default="127.0.0.1", description="address `georeg serve` listens on")
    port: int = Field(default=8000, description="port `georeg serve` listens on")
    data_dir: Path = Field(default=PROJECT_ROOT / "data", description="the bundled sample data `load-sample` reads")
    assets_dir: Path = Field(
        default=PROJECT_ROOT / "node_modules", description="the map's front-end assets, installed from npm at setup"
    )
    context_dir: Path = Field(
        default=PROJECT_ROOT / "var" / "context",
        description="the sea around the registry's provinces, cut once from the npm package (git-ignored)",
    )
    basemap_pmtiles: Path | None = Field(
        default=None,
        description="a PMTiles file (vector or raster) the web map offers as an offline basemap, and the pages' maps "
        "draw; unset: none",
    )
    upload_max_bytes: int = Field(default=500_000_000, description="largest file ingest or an upload accepts")
    archive_max_uncompressed_bytes: int = Field(
        default=2_000_000_000, description="a zip expanding beyond this is refused before extraction (zip bombs)"
    )
    ingest_chunk_size: int = Field(default=20_000, description="features read and checked at a time (bounded memory)")
    raster_dir: Path = Field(default=PROJECT_ROOT / "var" / "rasters", description="registered COGs (git-ignored)")
    upload_dir: Path = Field(
        default=PROJECT_ROOT / "var" / "uploads",
        description="uploads awaiting commit, in a folder per database (its name, its cluster's identifier and its"
        " own): registries served from one checkout, or a database made again under the same name, keep theirs apart",
    )
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
    photo_max_bytes: int = Field(default=8_000_000, description="largest report photo accepted (else 413)")
    table_file_max_bytes: int = Field(
        default=5_000_000, description="largest CSV/XLSX of status reports or indicator values accepted (else 413)"
    )
    evidence_max_bytes: int = Field(default=10_000_000, description="largest evidence file of an indicator value")
    tile_cache_mb: float = Field(
        default=256.0, description="size of the in-memory tile cache per process; 0 turns it off"
    )
    changes_poll_seconds: float = Field(
        default=5,
        gt=0,
        description="how often an open web map or /progress asks which projects others changed (a status report "
        "shows there within this, named in a notice)",
    )
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

    read_database_urls: str = Field(
        default="",
        description="streaming replicas for reads (GET pages, APIs, tiles, OGC), comma-separated SQLAlchemy URLs",
    )
    replica_max_lag_seconds: float = Field(default=10.0, description="a replica further behind is left out")
    log_lang: Literal["vi", "en"] | None = Field(
        default=None,
        description="the language of the server's own log lines: vi or en (`georeg serve --lang` sets it); unset: "
        "Vietnamese then English on each line",
    )

    @property
    def read_urls(self) -> list[str]:
        return [url.strip() for url in self.read_database_urls.split(",") if url.strip()]

    @property
    def local_database_url(self) -> str:
        return f"postgresql+psycopg://{self.local_db_user}@127.0.0.1:{self.local_db_port}/{self.local_db_name}"

    @property
    def effective_database_url(self) -> str:
        return self.database_url or self.local_database_url

    @property
    def shown_database_url(self) -> str:
        """The database's URL as commands print it: its password masked (a terminal or a service's log may be
        shared)."""
        return shown_url(self.effective_database_url)

    @property
    def local_cluster_database(self) -> str | None:
        """The database the registry uses in the project-local cluster: ``local_db_name``, or the one
        ``database_url`` names when it points at this machine's ``local_db_port``; None when it is another server's
        (``georeg db up`` then starts nothing)."""
        if not self.database_url:
            return self.local_db_name
        url = make_url(self.database_url)
        on_this_machine = url.host in ("127.0.0.1", "localhost", "::1")
        return url.database if on_this_machine and url.port == self.local_db_port else None


@lru_cache
def get_settings() -> Settings:
    return Settings()


#: Settings whose values may hold a password: shown with it masked.
_URLS = ("database_url", "read_database_urls")
#: A URL's query parameter holding a secret (``?password=…``, ``sslpassword``, a token), its value masked.
_SECRET_IN_QUERY = re.compile(r"([?&][^=&]*(?:password|passwd|token|secret)[^=&]*=)[^&]*", re.IGNORECASE)


def shown_url(url: str) -> str:
    """A database URL as it is printed (a terminal or a service's log may be shared): its password masked, and any
    query parameter that holds a secret."""
    return _SECRET_IN_QUERY.sub(r"\1***", make_url(url).render_as_string(hide_password=True))


def in_effect(settings: Settings) -> list[tuple[str, str, str]]:
    """Every setting as ``settings`` has it (``georeg settings``): its variable, its value (passwords masked) and
    where it came from: "environment", ".env" (the working folder's) or "default". Read by the code that runs, not a
    ``python -c`` in another folder, which imported that folder's geo/ and named its files (a trial's)."""
    env_file = Path(Settings.model_config["env_file"])
    from_file = {name.upper() for name in dotenv_values(env_file)} if env_file.is_file() else set()
    from_environment = {name.upper() for name in os.environ}
    rows = []
    for name in Settings.model_fields:
        variable = f"GEOREG_{name.upper()}"
        source = "environment" if variable in from_environment else ".env" if variable in from_file else "default"
        rows.append((variable, _shown(name, getattr(settings, name)), source))
    return rows


def _shown(name: str, value: object) -> str:
    if name in _URLS and value:
        return ", ".join(shown_url(url.strip()) for url in str(value).split(","))
    if isinstance(value, dict):
        return json.dumps(value)
    return "" if value is None else str(value)
