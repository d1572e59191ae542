"""Layer versions move with the edits that change a layer, and only when they commit."""

from __future__ import annotations

from datetime import date

from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from geo import migrations
from geo.layer_versions import bump, url_version, version_of
from geo.models import Project
from geo.sample.load import load_sample
from geo.settings import get_settings
from geo.status_history import append_status_event
from layers.catalog import PROVINCES_2025


def _version(engine, layer_id: str) -> int:
    with Session(engine) as session:
        return version_of(session, layer_id)


def _token(engine, layer_ids=("projects",)) -> str:
    with Session(engine) as session:
        return url_version(session, layer_ids)


def _report(engine, status: str, percent: float, commit: bool) -> None:
    with Session(engine) as session:
        project = session.scalars(select(Project).order_by(Project.id)).first()
        append_status_event(session, project, status=status, percent=percent, reported_at=date(2026, 11, 1))
        session.commit() if commit else session.rollback()


def test_edits_bump_their_layers_only_when_committed(make_database):
    url = make_database("layer_versions")
    migrations.upgrade(url)
    engine = create_engine(url)
    assert _version(engine, "projects") == 1
    with Session(engine) as session, session.begin():
        load_sample(session, get_settings().data_dir)
    loaded = _version(engine, "projects")
    assert loaded > 1 and _version(engine, "units_2025_commune") > 1
    assert _version(engine, "units_2025_province") > 1  # the former provinces on the map are keyed by it too
    provinces_2025 = _token(engine, PROVINCES_2025.version_ids)
    with Session(engine) as session, session.begin():
        bump(session, "units_2025_province")  # as a load of 2025 provinces does (geo.ingest.targets.UnitsTarget)
    assert _token(engine, PROVINCES_2025.version_ids) != provinces_2025  # their tiles were keyed by the communes'
    before = _token(engine)
    _report(engine, "under_construction", 10, commit=True)
    reported = _token(engine)
    assert reported != before and _version(engine, "projects") == loaded  # a report expires tiles by footprint
    _report(engine, "completed", 100, commit=False)
    assert _token(engine) == reported
    engine.dispose()
