"""A full share recompute drops and rebuilds the table's keys for speed: they must come back exactly as migrated, and
the shares' links to projects and units (checked per statement by triggers) stay enforced."""

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
        with pytest.raises(IntegrityError, match="project_unit_share.project_id -1 is not a project"):
            conn.execute(
                text("INSERT INTO project_unit_share VALUES (-1, (SELECT min(id) FROM admin_unit), 1, 'point')")
            )
        conn.rollback()


def test_shares_refuse_unknown_units_and_go_with_a_deleted_unit(sample_engine):
    with sample_engine.connect() as conn:
        unit = conn.scalar(
            text(
                "SELECT s.unit_id FROM project_unit_share s WHERE NOT EXISTS "
                "(SELECT 1 FROM admin_unit c WHERE c.parent_id = s.unit_id) GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
            )
        )
        with pytest.raises(IntegrityError, match="project_unit_share.unit_id -1 is not an admin unit"):
            conn.execute(text("INSERT INTO project_unit_share VALUES ((SELECT min(id) FROM project), -1, 1, 'point')"))
        conn.rollback()
        conn.execute(text("DELETE FROM admin_unit WHERE id = :unit"), {"unit": unit})
        assert conn.scalar(text("SELECT count(*) FROM project_unit_share WHERE unit_id = :unit"), {"unit": unit}) == 0
        conn.rollback()
        assert conn.scalar(text("SELECT count(*) FROM project_unit_share WHERE unit_id = :unit"), {"unit": unit}) > 0
