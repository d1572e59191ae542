"""A load's look-up of new codes that may repeat current projects (geo.ingest.possible_duplicates.find) runs in the
load's transaction, after its earlier chunks are written. In a load into a new registry the project table's
statistics count the few projects analysed before it (or, analysed by autovacuum during the load, only the committed
ones over all the pages the load filled): planned on them, the look-up found each feature's candidates by its site,
or its site and its province's index, reading the projects the load had written there, feature after feature (58 s
for the third 20,000-project chunk of a 100,000-project load, instead of under 1). Each must look its name up.

A first load (a registry of few projects, none of the file's names) looks no feature up: the registry's names are read
before it writes (0.3-0.45 s of the database's CPU per 100,000 projects, session 71)."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session
from test_link_check_plans import plans_told_to

from geo.ingest import possible_duplicates
from geo.ingest.possible_duplicates import PossibleDuplicates, find
from geo.ingest.project_writes import STAGE

#: Projects written earlier in the load (created in its transaction), side by side in one province.
WRITTEN = """
INSERT INTO project (code, name_vi, name_en, kind, province_code, location_precision, sources, geom)
SELECT 'LOADED-' || n, 'Cống ' || n, '', 'sluice', '95', 'surveyed', '[]',
       ST_SetSRID(ST_MakePoint(105.5 + n * 0.0001, 9.3), 4326)
FROM generate_series(1, 3000) AS n
"""
#: The next chunk: new codes at the same sites, under other names.
STAGED = f"""
CREATE TEMP TABLE {STAGE} ON COMMIT DROP AS
SELECT n AS feature, 'NEXT-' || n AS code, 'Kênh ' || n AS name_vi, '95'::text AS province_code,
       ST_SetSRID(ST_MakePoint(105.5 + n * 0.0001, 9.3), 4326) AS geom, false AS existed
FROM generate_series(1, 3000) AS n
"""


def test_a_load_looks_each_feature_up_by_its_name_even_when_the_statistics_count_only_the_registry_before_it(
    sample_engine,
):
    with sample_engine.connect() as conn, sample_engine.connect() as autovacuum:
        conn.execute(text(WRITTEN))
        autovacuum.execute(text("ANALYZE project"))
        autovacuum.commit()
        conn.execute(text(STAGED))
        conn.execute(text(f"ANALYZE {STAGE}"))
        plans = plans_told_to(conn)
        conn.execute(text("SET auto_explain.log_nested_statements = off"))  # not each name folded
        assert find(Session(bind=conn), 1, 0) == (0, [])
        conn.execute(text("SELECT 1"))  # auto_explain tells a plan as it closes the portal: read with the next reply
        look_up = next(p for p in plans if "FROM kept s CROSS JOIN LATERAL" in p)
        assert "Index Cond: (georeg_fold(name_vi) = s.folded)" in look_up, look_up
        assert "ix_project_province_code" not in look_up and "ix_project_geom" not in look_up, look_up
        conn.rollback()


#: A feature of the next chunk at a registered project's site, under its name in capitals and a new code.
REPEATING = f"""
INSERT INTO {STAGE} SELECT 3001, 'NEW-REPEAT', upper(name_vi), province_code, geom, false
FROM project WHERE code = 'TV-WIND-THANG-LONG'
"""
#: Two features of the next chunk at one site under one name: the file's own repeat.
TWICE = f"INSERT INTO {STAGE} SELECT 3002, 'NEXT-AGAIN', 'KÊNH 1', '95', geom, false FROM {STAGE} WHERE feature = 1"


def _noted(conn) -> tuple[PossibleDuplicates, str]:
    """The staged chunk noted as a load's first (its possible repeats), then the file read: what was found, and how
    many times the look-up read the folded names' index (its plan's line, with the rows it read)."""
    plans = plans_told_to(conn)
    for setting in ("log_nested_statements = off", "log_analyze = on", "log_timing = off"):
        conn.execute(text(f"SET auto_explain.{setting}"))
    duplicates = PossibleDuplicates()
    session = Session(bind=conn)
    duplicates.note(session, "kenh")
    duplicates.note_file(session)
    conn.execute(text("SELECT 1"))  # auto_explain tells a plan as it closes the portal: read with the next reply
    look_up = next(p for p in plans if "FROM kept s CROSS JOIN LATERAL" in p)
    return duplicates, next(line for line in look_up.splitlines() if "Index Scan using ix_project_name_folded" in line)


def test_a_first_load_looks_no_feature_up_and_still_finds_the_files_own_repeats(sample_engine):
    """An empty registry (the sample's projects retired): none of the 3,001 new codes is looked up; the two features
    of one name at one site are still warned of."""
    with sample_engine.connect() as conn:
        conn.execute(text("UPDATE project SET retired_at = now()"))
        conn.execute(text(STAGED))
        conn.execute(text(TWICE))
        duplicates, look_up = _noted(conn)
        assert (duplicates.count, duplicates.in_file) == (0, 1)
        assert [(r.feature, r.earlier) for r in duplicates.repeats] == [(3002, 1)]
        assert look_up.endswith("(never executed)"), look_up
        conn.rollback()


@pytest.mark.parametrize("few", [True, False])
def test_a_load_beside_registered_projects_looks_up_the_features_of_their_names(sample_engine, monkeypatch, few):
    """Beside the sample's projects, the feature bearing one's name at its site is warned of, the others not looked
    up; a registry of more than FEW projects (here FEW 0) has each feature looked up, with the same answer."""
    if not few:
        monkeypatch.setattr(possible_duplicates, "FEW", 0)
    with sample_engine.connect() as conn:
        conn.execute(text(STAGED))
        conn.execute(text(REPEATING))
        duplicates, look_up = _noted(conn)
        assert duplicates.count == 1 and duplicates.in_file == 0
        assert [(d.feature, d.code, d.existing, d.metres) for _, d in duplicates.listed] == [
            (3001, "NEW-REPEAT", "TV-WIND-THANG-LONG", 0)
        ]
        assert look_up.endswith("(actual rows=1 loops=1)" if few else "(actual rows=0 loops=3001)"), look_up
        conn.rollback()
