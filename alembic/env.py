"""Alembic environment: georeg's metadata, and its database URL unless one is passed in."""

from geoalchemy2 import alembic_helpers
from sqlalchemy import create_engine, pool

from alembic import context
from geo.models import Base
from geo.settings import get_settings

config = context.config
url = config.attributes.get("database_url") or get_settings().effective_database_url


def run_migrations_online() -> None:
    engine = create_engine(url, poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            include_object=alembic_helpers.include_object,
            process_revision_directives=alembic_helpers.writer,
            render_item=alembic_helpers.render_item,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
