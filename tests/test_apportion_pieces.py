"""The apportionment works on units cut into pieces: its short cuts must give what the whole units give.

A round district R (a 1000-vertex circle, cut into many pieces) and a square district S east of it; one province
covers both. Each expected measure is computed here by PostGIS on the whole unit, the plain way. Areas agree to
1e-4 only: cutting a polygon's long edges where it meets the pieces bends them slightly on the ellipsoid. (No
project is drawn exactly along a cut between two pieces: such a line would be counted in both.)
"""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import Session

from geo.apportion import recompute_shares
from geo.models import AdminUnit, Project

ROUND = "ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint(105.0, 9.0), 4326), 0.1, 250))"
SQUARE = "ST_Multi(ST_MakeEnvelope(105.1, 8.9, 105.3, 9.1, 4326))"
PROVINCE = "ST_Multi(ST_MakeEnvelope(104.8, 8.8, 105.4, 9.2, 4326))"
PROJECTS = {  # code: WKT
    "ACROSS_CUTS": "LINESTRING(104.93 8.96, 105.07 9.04)",  # inside R, over several pieces
    "OUT_TO_SEA": "LINESTRING(105.003 9.0, 105.003 9.15)",  # leaves R northwards, into no unit
    "INTO_SQUARE": "LINESTRING(104.95 9.02, 105.2 9.02)",  # from R into S, over R's pieces
    "FIELD": "POLYGON((104.95 8.95, 105.15 8.95, 105.15 8.97, 104.95 8.97, 104.95 8.95))",
    "TWO_PARTS": "MULTILINESTRING((104.95 9.003, 104.97 9.003), (105.15 9.003, 105.2 9.003))",
}


@pytest.fixture(scope="module")
def engine(make_registry):
    url = make_registry("apportion_pieces")
    engine = create_engine(url)
    with Session(engine) as session, session.begin():
        for code, level, geometry in (("R", "district", ROUND), ("S", "district", SQUARE), ("P", "province", PROVINCE)):
            geom = session.scalar(text(f"SELECT ST_AsEWKT({geometry})"))
            session.add(
                AdminUnit(code=code, scheme="pre2025", level=level, name_vi=code, name_en=code, source="t", geom=geom)
            )
        for code, wkt in PROJECTS.items():
            session.add(
                Project(
                    code=code,
                    name_vi=code,
                    name_en=code,
                    kind="sea_dyke",
                    province_code="P",
                    location_precision="surveyed",
                    geom=f"SRID=4326;{wkt}",
                )
            )
        session.flush()
        recompute_shares(session)
    yield engine
    engine.dispose()


def _measures(conn, project: str) -> dict[str, tuple[float, float]]:
    """(stored measure, measure computed on the whole unit) per district."""
    rows = conn.execute(
        text("""
            SELECT u.code, s.measure,
                   CASE ST_Dimension(p.geom) WHEN 1 THEN ST_Length(ST_Intersection(p.geom, u.geom)::geography)
                        ELSE ST_Area(ST_Intersection(p.geom, u.geom)::geography) END
            FROM project_unit_share s JOIN project p ON p.id = s.project_id JOIN admin_unit u ON u.id = s.unit_id
            WHERE p.code = :code AND u.level = 'district'"""),
        {"code": project},
    )
    return {code: (stored, plain) for code, stored, plain in rows}


def test_the_round_district_is_cut_into_pieces_that_cover_it_exactly(engine):
    with engine.connect() as conn:
        pieces, area, unit_area = conn.execute(
            text("""SELECT count(*), ST_Area(ST_Union(pc.geom)::geography), min(u.area_m2)
                    FROM admin_unit_piece pc JOIN admin_unit u ON u.id = pc.unit_id WHERE u.code = 'R'""")
        ).one()
    assert pieces > 10
    assert area == pytest.approx(unit_area, rel=1e-9)


@pytest.mark.parametrize("project", list(PROJECTS))
def test_each_measure_is_the_length_or_area_inside_the_whole_unit(engine, project):
    with engine.connect() as conn:
        measures = _measures(conn, project)
    assert measures
    for stored, plain in measures.values():
        assert stored == pytest.approx(plain, rel=1e-4)


def test_shares_follow_the_measures_and_a_line_into_the_sea_counts_wholly_for_its_district(engine):
    with engine.connect() as conn:
        into = _measures(conn, "INTO_SQUARE")
        shares = dict(
            conn.execute(
                text("""SELECT u.code, s.share FROM project_unit_share s JOIN admin_unit u ON u.id = s.unit_id
                        JOIN project p ON p.id = s.project_id WHERE p.code = :c AND u.level = 'district'"""),
                {"c": "INTO_SQUARE"},
            ).all()
        )
        out = conn.execute(
            text("""SELECT s.share, s.measure < p.length_m FROM project_unit_share s
                    JOIN project p ON p.id = s.project_id JOIN admin_unit u ON u.id = s.unit_id
                    WHERE p.code = 'OUT_TO_SEA' AND u.level = 'district'""")
        ).one()
    assert shares["R"] == pytest.approx(into["R"][0] / (into["R"][0] + into["S"][0]))
    assert tuple(out) == (pytest.approx(1.0), True)


def test_moving_a_units_border_recuts_it_and_the_shares_follow(make_database, engine):
    with Session(engine) as session, session.begin():
        square = session.scalar(select(AdminUnit).where(AdminUnit.code == "S"))
        square.geom = session.scalar(text("SELECT ST_AsEWKT(ST_Multi(ST_MakeEnvelope(105.0, 8.9, 105.3, 9.1, 4326)))"))
        session.execute(
            text("UPDATE admin_unit SET geom = ST_Multi(ST_Difference(geom, :s)) WHERE code = 'R'"), {"s": square.geom}
        )
        session.flush()
        recompute_shares(session)
        measures = _measures(session.connection(), "INTO_SQUARE")
        session.rollback()
    assert measures["R"][0] == pytest.approx(measures["R"][1], rel=1e-7)
    assert measures["S"][0] == pytest.approx(measures["S"][1], rel=1e-7)
    assert measures["R"][0] < measures["S"][0]  # R lost its eastern half to S
