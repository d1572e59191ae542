"""A full share recompute drops and rebuilds the table's keys for speed: they must come back exactly as migrated."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError

from geo import migrations

_KEYS = text("""
SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'project_unit_share'::regclass
UNION ALL
SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
WHERE i.indrelid = 'project_unit_share'::regclass ORDER BY 1, 2
""")


def test_after_a_full_recompute_the_keys_are_as_migrated_and_enforced(make_database, sample_engine):
    fresh = create_engine(make_database("share_keys"))
    migrations.upgrade(fresh.url.render_as_string(hide_password=False))
    with fresh.connect() as conn:
        migrated = conn.execute(_KEYS).all()
    fresh.dispose()
    with sample_engine.connect() as conn:  # the sample loader ran a full recompute
        assert conn.execute(_KEYS).all() == migrated
        assert conn.scalar(text("SELECT count(*) FROM project_unit_share")) > 0
        with pytest.raises(IntegrityError, match="fk_project_unit_share_project_id_project"):
            conn.execute(
                text("INSERT INTO project_unit_share VALUES (-1, (SELECT min(id) FROM admin_unit), 1, 'point')")
            )
        conn.rollback()
