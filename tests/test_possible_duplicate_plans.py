"""A load's look-up of new codes that may repeat current projects (geo.ingest.possible_duplicates.find) runs in the
load's transaction, after its earlier chunks are written. In a load into a new registry the project table's
statistics count the few projects analysed before it (or, analysed by autovacuum during the load, only the committed
ones over all the pages the load filled): planned on them, the look-up found each feature's candidates by its site,
or its site and its province's index, reading the projects the load had written there, feature after feature (58 s
for the third 20,000-project chunk of a 100,000-project load, instead of under 1). Each must look its name up."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session
from test_link_check_plans import plans_told_to

from geo.ingest.possible_duplicates import find
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
