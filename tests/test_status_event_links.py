"""A status event's link to its project is checked once per statement by a trigger (migration 0020), not by a
foreign key: it must refuse what the key refused."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

ADD_EVENTS = text("""
INSERT INTO status_event (project_id, version, status, percent, reported_at, source, is_demo)
SELECT id, 1000 + n, 'operating', 100, current_date, 'test', false
FROM unnest(CAST(:ids AS int[])) WITH ORDINALITY AS i (id, n)
""")


def test_an_event_of_an_unknown_project_is_refused_and_its_statement_writes_nothing(sample_engine):
    with sample_engine.connect() as conn:
        known = conn.scalar(text("SELECT min(id) FROM project"))
        before = conn.scalar(text("SELECT count(*) FROM status_event"))
        with pytest.raises(IntegrityError, match="status_event.project_id -7 is not a project"):
            conn.execute(ADD_EVENTS, {"ids": [known, -7, known + 1]})
        conn.rollback()
        assert conn.scalar(text("SELECT count(*) FROM status_event")) == before
        conn.execute(ADD_EVENTS, {"ids": [known]})  # a known project's event is accepted
        assert conn.scalar(text("SELECT count(*) FROM status_event")) == before + 1
        conn.rollback()


def test_a_project_with_events_keeps_its_id(sample_engine):
    with sample_engine.connect() as conn:
        project = conn.scalar(text("SELECT min(project_id) FROM status_event"))
        with pytest.raises(IntegrityError, match=f"project {project} has status events; its id stays"):
            conn.execute(text("UPDATE project SET id = -project.id WHERE id = :id"), {"id": project})
        conn.rollback()
