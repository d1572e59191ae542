"""The links of status events and shares to their project are checked once per statement by triggers (migrations
0020, s5_i17a). Autovacuum may ANALYZE the project table while a load's transaction is writing to it: it counts only
the committed projects, over all the pages the load has filled. Planned on those statistics, the checks once joined
the new rows to a materialised scan of every project: 7.8 s for 20,000 events over 23,000 projects, 20-45 s per
chunk of a 100,000-project load, 72 s for a load's shares (migration 0021). Each must look a project up by its key.

So must the shares through the crosswalk (geo.apportion): planned on those statistics, they read every share of each
pre-2025 unit and looked each one's project up through the whole index of folded names (0049): 24 ms a share, the
first batch of 10,000 after a 100,000-project load 13 minutes and more."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from geo.apportion import recompute_shares

ADD_PROJECTS = text("""
INSERT INTO project (code, name_vi, name_en, kind, province_code, location_precision, sources)
SELECT 'LINK-' || n, 'Cống ' || n, '', 'sluice', '95', 'province', '[]' FROM generate_series(1, 3000) AS n
RETURNING id
""")
ADD_LINKED = {
    "status events": """
        INSERT INTO status_event (project_id, version, status, percent, reported_at, source, is_demo)
        SELECT id, 1, 'operating', 100, current_date, 'test', false FROM unnest(CAST(:ids AS int[])) AS id""",
    "shares": """
        INSERT INTO project_unit_share (project_id, unit_id, share, method)
        SELECT id, (SELECT min(id) FROM admin_unit), 1, 'province' FROM unnest(CAST(:ids AS int[])) AS id""",
}


def plans_told_to(conn) -> list[str]:
    """The plans auto_explain reports to this session for its statements, those run inside triggers too."""
    plans: list[str] = []
    conn.connection.driver_connection.add_notice_handler(lambda notice: plans.append(notice.message_primary or ""))
    conn.execute(text("LOAD 'auto_explain'"))
    for setting in ("auto_explain.log_min_duration = 0", "auto_explain.log_nested_statements = on"):
        conn.execute(text(f"SET {setting}"))
    conn.execute(text("SET client_min_messages = log"))
    return plans


@pytest.mark.parametrize("linked", ADD_LINKED)
def test_the_link_check_probes_the_project_key_even_after_an_analyze_during_a_load(sample_engine, linked):
    with sample_engine.connect() as conn, sample_engine.connect() as autovacuum:
        plans = plans_told_to(conn)
        ids = list(conn.scalars(ADD_PROJECTS))
        autovacuum.execute(text("ANALYZE project"))
        autovacuum.commit()
        conn.execute(text(ADD_LINKED[linked]), {"ids": ids})
        check = next(p for p in plans if "Query Text: SELECT" in p and "project p WHERE p.id" in p)
        assert "Index Cond: (id = " in check, check
        assert "Materialize" not in check and "Seq Scan on project" not in check, check
        conn.rollback()


def test_the_shares_through_the_crosswalk_look_each_project_up_by_its_key_even_after_an_analyze_during_a_load(
    sample_engine,
):
    with sample_engine.connect() as conn, sample_engine.connect() as autovacuum:
        plans = plans_told_to(conn)
        ids = list(conn.scalars(ADD_PROJECTS))  # province-wide programmes: their shares go through the crosswalk
        autovacuum.execute(text("ANALYZE project"))
        autovacuum.commit()
        recompute_shares(Session(bind=conn), ids)
        crosswalk = next(p for p in plans if "FROM unit_crosswalk" in p)
        indexes = set(re.findall(r"Index (?:Only )?Scan (?:using|on) (\w+)", crosswalk))
        by_other_keys = {index for index in indexes if index.startswith(("ix_project", "uq_project"))}
        assert "pk_project" in indexes and not by_other_keys, crosswalk
        assert "Seq Scan on project" not in crosswalk, crosswalk
        conn.rollback()
