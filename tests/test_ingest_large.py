"""A large salinity load: the zones' spatial index is rebuilt once after the COPY, and still covers every zone; each
zone's link to its ingest job holds (checked per statement by triggers instead of a foreign key, see migration 0011)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from ingest_files import WINDOW, salinity_squares
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import IntegrityError

from geo.ingest import IngestRequest, Options, ingest
from geo.ingest.targets import INDEX_AFTER_MIN_FEATURES
from geo.settings import get_settings


@pytest.fixture(scope="module")
def engine(make_registry) -> Iterator[Engine]:
    url = make_registry("ingest_large")
    engine = create_engine(url)
    yield engine
    engine.dispose()


def zones_state(engine: Engine) -> tuple[int, int | None, str | None]:
    """Zones stored, zones found in WINDOW through the GiST index alone, and the index definition."""
    with engine.begin() as connection:
        total = connection.scalar(text("SELECT count(*) FROM salinity_zone"))
        definition = connection.scalar(
            text("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_salinity_zone_geom'")
        )
        connection.execute(text("SET LOCAL enable_seqscan = off"))
        found = connection.scalar(
            text("SELECT count(*) FROM salinity_zone WHERE geom && ST_MakeEnvelope(:w, :s, :e, :n, 4326)"),
            dict(zip("wsen", WINDOW, strict=True)),
        )
    return total, found, definition


def load(engine: Engine, path: Path):
    """Chunks of 2,000 features: the bad feature of a file comes after zones were already written."""
    settings = get_settings().model_copy(update={"ingest_chunk_size": 2000})
    return ingest(engine, IngestRequest(path, Options("salinity", source="test")), settings)


def test_a_large_load_keeps_every_zone_findable_through_the_spatial_index(engine, tmp_path):
    path, in_window = salinity_squares(tmp_path, INDEX_AFTER_MIN_FEATURES + 500)

    report = load(engine, path)

    assert report.ok, report.errors
    total, found, definition = zones_state(engine)
    assert total == INDEX_AFTER_MIN_FEATURES + 500
    assert found == in_window > 0
    assert "USING gist (geom)" in definition


def test_a_large_load_with_one_bad_feature_changes_nothing_and_keeps_the_index(engine, tmp_path):
    before = zones_state(engine)
    path, _ = salinity_squares(tmp_path, INDEX_AFTER_MIN_FEATURES + 1000, outside=True)

    report = load(engine, path)

    assert not report.ok and len(report.errors) == 1
    assert report.errors[0].index == INDEX_AFTER_MIN_FEATURES + 999 and "outside" in report.errors[0].message
    assert zones_state(engine) == before and before[2] is not None


ZONE = text(
    "INSERT INTO salinity_zone (salinity_class, period, source, ingest_job_id, geom) "
    "VALUES ('x', 'p', 's', :job, ST_Multi(ST_MakeEnvelope(105.5, 9.2, 105.501, 9.201, 4326)))"
)


def test_a_zone_must_name_an_existing_ingest_job(engine, tmp_path):
    report = load(engine, salinity_squares(tmp_path, 10, period="2024-01")[0])
    assert report.ok, report.errors
    with engine.connect() as connection:
        missing = connection.scalar(text("SELECT coalesce(max(id), 0) + 1000 FROM ingest_job"))
        with pytest.raises(IntegrityError, match=f"ingest_job_id {missing} is not an ingest job"):
            connection.execute(ZONE, {"job": missing})
        connection.rollback()
        with pytest.raises(IntegrityError, match="is not an ingest job"):
            connection.execute(text("UPDATE salinity_zone SET ingest_job_id = :job"), {"job": missing})
        connection.rollback()
        connection.execute(ZONE, {"job": None})  # zones derived from a raster have no job
        connection.execute(ZONE, {"job": report.job_id})
        connection.rollback()


def test_an_ingest_job_with_zones_cannot_be_deleted_or_renumbered(engine, tmp_path):
    report = load(engine, salinity_squares(tmp_path, 10, period="2024-02")[0])
    assert report.ok, report.errors
    with engine.connect() as connection:
        for statement in ("DELETE FROM ingest_job WHERE id = :job", "UPDATE ingest_job SET id = -id WHERE id = :job"):
            with pytest.raises(IntegrityError, match=f"ingest job {report.job_id} has salinity zones"):
                connection.execute(text(statement), {"job": report.job_id})
            connection.rollback()
        connection.execute(text("UPDATE ingest_job SET state = state WHERE id = :job"), {"job": report.job_id})
        connection.rollback()
