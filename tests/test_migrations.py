"""The schema comes only from Alembic migrations, and they go up and down cleanly."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from geoalchemy2 import alembic_helpers
from sqlalchemy import create_engine, inspect

from geo import migrations
from geo.models import Base

SYSTEM_TABLES = {"spatial_ref_sys", "alembic_version"}


def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names()) - SYSTEM_TABLES
    finally:
        engine.dispose()


def test_upgrade_creates_every_model_table_and_downgrade_removes_them(make_database):
    url = make_database("migrations")
    assert _tables(url) == set()
    migrations.upgrade(url)
    assert _tables(url) == set(Base.metadata.tables)
    migrations.downgrade(url)
    assert _tables(url) == set()
    migrations.upgrade(url)
    assert _tables(url) == set(Base.metadata.tables)


def test_migrations_match_the_models(make_database):
    url = make_database("drift")
    migrations.upgrade(url)
    engine = create_engine(url)
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_object": alembic_helpers.include_object, "compare_type": True}
        )
        differences = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert differences == []


def test_spatial_columns_have_gist_indexes(make_database):
    url = make_database("indexes")
    migrations.upgrade(url)
    engine = create_engine(url)
    inspector = inspect(engine)
    for table in ("admin_unit", "project", "salinity_zone"):
        indexed = {tuple(ix["column_names"]) for ix in inspector.get_indexes(table)}
        assert ("geom",) in indexed, table
    engine.dispose()
