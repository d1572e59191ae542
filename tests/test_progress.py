"""Apportionment and per-unit progress on hand-checkable units and projects, and on the sample.

The hand-made world: a former province "99" of two districts A (lon 105.0–105.1) and
B (105.1–105.2), lat 9.0–9.1; a 2025 province "98" of the same extent with two communes
C1 (105.0–105.15) and C2 (105.15–105.2). So A lies wholly in C1 and B half in C1, half
in C2; C1 is two thirds A, one third B. The coast is the south edge, lat 9.0: a degree of longitude there is
109.95 km, one of latitude 110.6 km.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import Session

from geo.apportion import NEIGHBOUR_LAND_MARGIN_M, PART_M, PROGRESS_LAYER, recompute_shares
from geo.crosswalk import rebuild_crosswalk
from geo.layer_versions import version_of
from geo.models import AdminUnit, Project
from geo.progress import ProgressQuery, unit_progress
from geo.status_history import append_status_event


def _box(x0: float, x1: float, y0: float = 9.0, y1: float = 9.1) -> str:
    return f"SRID=4326;MULTIPOLYGON((({x0} {y0},{x1} {y0},{x1} {y1},{x0} {y1},{x0} {y0})))"


UNITS = (  # code, scheme, level, name, box
    ("99", "pre2025", "province", "Tỉnh Thử", _box(105.0, 105.2)),
    ("A", "pre2025", "district", "Huyện A", _box(105.0, 105.1)),
    ("B", "pre2025", "district", "Huyện B", _box(105.1, 105.2)),
    ("98", "2025", "province", "Tỉnh Mới", _box(105.0, 105.2)),
    ("C1", "2025", "commune", "Xã C1", _box(105.0, 105.15)),
    ("C2", "2025", "commune", "Xã C2", _box(105.15, 105.2)),
)
PROJECTS = {  # code: (kind, precision, geometry WKT or None, budget)
    "LINE": ("sea_dyke", "surveyed", "LINESTRING(105.07 9.05, 105.17 9.05)", None),
    "HALF": (
        "forest_planting",
        "surveyed",
        "POLYGON((105.08 9.04,105.12 9.04,105.12 9.06,105.08 9.06,105.08 9.04))",
        None,
    ),
    "COAST": ("wind_farm", "approximate", "POINT(105.05 8.98)", None),
    "FAR": ("wind_farm", "approximate", "POINT(105.05 8.5)", None),
    # a dyke drawn 440 m off the coast past A and B, then inland along B's edge: 19 % of it inside the units
    "SHORE": ("sea_dyke", "approximate", "LINESTRING(105.02 8.996, 105.16 8.996, 105.16 9.003, 105.19 9.003)", None),
    # a mangrove belt 220 m wide at sea along the coast of both districts
    "BELT": (
        "forest_planting",
        "approximate",
        "POLYGON((105.02 8.9965,105.18 8.9965,105.18 8.9985,105.02 8.9985,105.02 8.9965))",
        None,
    ),
    # a wind farm's block of sea off A and B (6.6 × 5.8 km), its edge 200 m over the coast of both
    "FARM": (
        "wind_farm",
        "approximate",
        "POLYGON((105.06 8.95,105.12 8.95,105.12 9.002,105.06 9.002,105.06 8.95))",
        None,
    ),
    # an outfall along the coast off A and B, then 32 km out to sea off B: its last 22 km are over 10 km from land
    "OUTFALL": ("wastewater_treatment", "approximate", "LINESTRING(105.05 8.99, 105.15 8.99, 105.15 8.7)", None),
    "X1": ("waste_treatment", "surveyed", "POINT(105.03 9.05)", 100.0),
    "X2": ("waste_treatment", "surveyed", "POINT(105.04 9.05)", 300.0),
    "T": ("reservoir", "surveyed", "POINT(105.18 9.05)", None),
    "D": ("sluice", "district", "POINT(105.16 9.05)", None),
    "WIDE": ("water_supply", "province", None, None),
    # on the land of a neighbouring province the registry keeps as context (west of A): 5.5 km in, and 550 m in
    "INLAND": ("sluice", "surveyed", "POINT(104.95 9.05)", None),
    "ON_BORDER": ("sluice", "surveyed", "POINT(104.995 9.05)", None),
}
#: A neighbouring province, context only (its units are not the registry's): west of Tỉnh Thử.
NEIGHBOUR = ("97", "pre2025", "province", "Tỉnh Bên", _box(104.8, 105.0))
EVENTS = {  # code: [(reported_at, status, percent)]
    "X1": [(date(2024, 3, 1), "under_construction", 50)],
    "X2": [(date(2024, 3, 1), "under_construction", 10)],
    "T": [(date(2024, 1, 1), "under_construction", 20), (date(2024, 12, 31), "under_construction", 60)],
}


@pytest.fixture(scope="module")
def engine(make_registry):
    url = make_registry("progress_hand")
    engine = create_engine(url)
    with Session(engine) as session, session.begin():
        ids = {}
        for code, scheme, level, name, box in UNITS:
            unit = AdminUnit(code=code, scheme=scheme, level=level, name_vi=name, name_en=name, source="test", geom=box)
            session.add(unit)
            session.flush()
            ids[code] = unit.id
        code, scheme, level, name, box = NEIGHBOUR
        session.add(
            AdminUnit(code=code, scheme=scheme, level=level, name_vi=name, name_en=name, source="test", geom=box,
                      is_context=True)
        )  # fmt: skip
        session.execute(text("UPDATE admin_unit SET parent_id = :p WHERE code IN ('A', 'B')"), {"p": ids["99"]})
        rebuild_crosswalk(session)
        for code, (kind, precision, wkt, budget) in PROJECTS.items():
            project = Project(
                code=code,
                name_vi=code,
                name_en=code,
                kind=kind,
                province_code="99",
                location_precision=precision,
                budget_vnd_billion=budget,
                geom=f"SRID=4326;{wkt}" if wkt else None,
            )
            session.add(project)
            session.flush()
            for reported_at, status, percent in EVENTS.get(code, []):
                append_status_event(session, project, status=status, percent=percent, reported_at=reported_at)
        recompute_shares(session)
    yield engine
    engine.dispose()


def _shares(engine, project: str, scheme: str, level: str) -> dict[str, tuple[float, str, float | None]]:
    with engine.connect() as conn:
        rows = conn.execute(
            text("""
                SELECT u.code, s.share, s.method, s.distance_m FROM project_unit_share s
                JOIN admin_unit u ON u.id = s.unit_id JOIN project p ON p.id = s.project_id
                WHERE p.code = :project AND u.scheme = :scheme AND u.level = :level"""),
            {"project": project, "scheme": scheme, "level": level},
        )
        return {code: (share, method, distance) for code, share, method, distance in rows}


def _progress(engine, **query) -> dict[str, dict]:
    with Session(engine) as session:
        return {row["code"]: row for row in unit_progress(session, ProgressQuery(**query))}


def test_a_line_split_30_70_by_a_boundary_counts_by_length(engine):
    shares = _shares(engine, "LINE", "pre2025", "district")
    assert shares["A"][0] == pytest.approx(0.3, abs=1e-4) and shares["B"][0] == pytest.approx(0.7, abs=1e-4)
    assert {method for _, method, _ in shares.values()} == {"length"}


def test_a_polygon_half_in_each_unit_counts_half_in_each(engine):
    shares = _shares(engine, "HALF", "pre2025", "district")
    assert shares["A"][0] == pytest.approx(0.5, abs=1e-4) and shares["B"][0] == pytest.approx(0.5, abs=1e-4)
    assert _shares(engine, "HALF", "2025", "commune") == {"C1": (pytest.approx(1.0), "area", None)}


def test_a_coastal_point_goes_to_the_nearest_unit_and_a_far_one_to_none(engine):
    share, method, distance = _shares(engine, "COAST", "pre2025", "district")["A"]
    assert (share, method) == (1.0, "nearest")
    assert distance == pytest.approx(0.02 * 110_610, rel=0.01)  # 0.02° of latitude near 9° N
    assert _shares(engine, "FAR", "pre2025", "district") == {}


def test_a_site_on_a_neighbours_land_counts_in_no_unit_unless_at_the_border(engine):
    """Trial 48: 1,213 sites in former Cà Mau, 5–10 km from Bạc Liêu's districts, counted in Giá Rai and Phước Long
    by the rule for works at sea, though the load said they would count in none."""
    for level in (("pre2025", "district"), ("2025", "commune")):
        assert _shares(engine, "INLAND", *level) == {}
    share, method, distance = _shares(engine, "ON_BORDER", "pre2025", "district")["A"]
    assert (share, method) == (1.0, "nearest") and distance < NEIGHBOUR_LAND_MARGIN_M


def test_a_line_along_the_coast_counts_in_each_unit_by_its_length_off_each(engine):
    """A sea dyke drawn just off the coast counted whole in one unit, placed at a point on it; it counts in each
    unit it runs past by its length there or off it (to within half a part at each end of a unit's stretch)."""
    off_a, off_b = 0.08 * 109.95, 0.06 * 109.95 + 0.007 * 110.6 + 0.03 * 109.95  # km
    within_half_a_part = PART_M / 2000 / (off_a + off_b)
    districts = _shares(engine, "SHORE", "pre2025", "district")
    assert districts["A"][0] == pytest.approx(off_a / (off_a + off_b), abs=within_half_a_part)
    assert districts["B"][0] == pytest.approx(off_b / (off_a + off_b), abs=within_half_a_part)
    assert {method for _, method, _ in districts.values()} == {"nearest"}
    communes = _shares(engine, "SHORE", "2025", "commune")
    off_c1 = 0.13 * 109.95
    assert communes["C1"][0] == pytest.approx(off_c1 / (off_a + off_b), abs=within_half_a_part)


def test_a_belt_along_the_coast_counts_in_each_unit_by_its_area_off_each(engine):
    """A mangrove belt at sea is a strip: shared as a dyke is, by squares about a part wide (to within half of one)."""
    within_half_a_part = PART_M / 2000 / (0.16 * 109.95)
    districts = _shares(engine, "BELT", "pre2025", "district")
    assert {code: share for code, (share, _, _) in districts.items()} == {
        "A": pytest.approx(0.5, abs=within_half_a_part),
        "B": pytest.approx(0.5, abs=within_half_a_part),
    }
    assert _shares(engine, "BELT", "2025", "commune")["C2"][0] == pytest.approx(0.03 / 0.16, abs=within_half_a_part)


def test_a_compact_site_at_sea_counts_whole_in_the_nearest_unit(engine):
    """A wind farm's block of sea, though off two districts, is one site: not shared as a belt along the coast is, but
    placed at a point on it (105.09 E, 8.976 N, off A)."""
    at_point = pytest.approx(0.024 * 110_600, rel=0.01)
    assert _shares(engine, "FARM", "pre2025", "district") == {"A": (1.0, "nearest", at_point)}
    assert list(_shares(engine, "FARM", "2025", "commune")) == ["C1"]


def test_the_parts_of_a_line_too_far_from_every_unit_are_left_out(engine):
    off_a = 0.05 * 109.95
    kept_off_b = 0.05 * 109.95 + (8.99 - (9.0 - 10 / 110.6)) * 110.6  # km: along the coast, then out to 10 km
    shares = _shares(engine, "OUTFALL", "pre2025", "district")
    assert shares["A"][0] == pytest.approx(off_a / (off_a + kept_off_b), abs=PART_M / 1000 / (off_a + kept_off_b))
    assert max(distance for _, _, distance in shares.values()) <= 10_000


def test_budget_weighting_weighs_each_project_by_its_budget(engine):
    by_count = _progress(engine, kinds=["waste_treatment"])["A"]
    by_budget = _progress(engine, kinds=["waste_treatment"], weight="budget")["A"]
    assert by_count["progress_percent"] == pytest.approx((50 + 10) / 2)
    assert by_budget["progress_percent"] == pytest.approx((100 * 50 + 300 * 10) / 400)
    assert by_budget["weight_total"] == pytest.approx(400) and by_count["projects_by_status"] == {
        "under_construction": 2
    }


def test_as_of_a_date_between_two_events_takes_the_earlier(engine):
    assert _progress(engine, kinds=["reservoir"], as_of=date(2024, 11, 14))["B"]["progress_percent"] == 20
    assert _progress(engine, kinds=["reservoir"])["B"]["progress_percent"] == 60
    before = _progress(engine, kinds=["reservoir"], as_of=date(2023, 12, 31))["B"]
    assert (before["progress_percent"], before["projects"]) == (None, 0)


def test_crosswalk_spreads_district_figures_to_communes_and_back(engine):
    d_shares = _shares(engine, "D", "2025", "commune")
    assert {code: round(share, 4) for code, (share, _, _) in d_shares.items()} == {"C1": 0.5, "C2": 0.5}
    forward = _progress(engine, scheme="2025", level="commune", kinds=["reservoir"], via="pre2025")
    assert forward["C1"]["progress_percent"] == 60 and forward["C2"]["progress_percent"] == 60
    assert forward["C1"]["projects"] == pytest.approx(0.5, abs=1e-3)
    back = _progress(engine, scheme="pre2025", level="district", kinds=["waste_treatment"], via="2025")
    assert back["A"]["projects"] == pytest.approx(2 * 2 / 3, abs=1e-3)
    assert back["B"]["projects"] == pytest.approx(2 * 1 / 3, abs=1e-3)
    assert back["B"]["progress_percent"] == pytest.approx(30)


def test_province_wide_programmes_count_for_their_province_in_both_schemes(engine):
    assert _shares(engine, "WIDE", "pre2025", "province") == {"99": (1.0, "province", None)}
    assert _shares(engine, "WIDE", "2025", "province") == {"98": (pytest.approx(1.0), "province", None)}
    assert _shares(engine, "WIDE", "pre2025", "district") == {}


def test_every_project_shares_sum_to_one_per_level(engine):
    with engine.connect() as conn:
        sums = conn.execute(
            text("""SELECT SUM(s.share) FROM project_unit_share s JOIN admin_unit u ON u.id = s.unit_id
                    GROUP BY s.project_id, u.scheme, u.level""")
        ).scalars()
        assert all(total == pytest.approx(1.0) for total in sums)


def test_moving_a_geometry_and_recomputing_moves_the_share_and_expires_the_layer(make_database, engine):
    with Session(engine) as session, session.begin():
        before = version_of(session, PROGRESS_LAYER)
        line = session.scalar(select(Project).where(Project.code == "LINE"))
        line.geom = "SRID=4326;LINESTRING(105.12 9.05, 105.17 9.05)"
        session.flush()
        recompute_shares(session, [line.id])
        assert version_of(session, PROGRESS_LAYER) == before + 1
        session.flush()
        moved = {code: share for code, (share, _, _) in _shares_in(session, line.id).items()}
        session.rollback()
    assert moved == {"B": pytest.approx(1.0)}


def _shares_in(session: Session, project_id: int) -> dict:
    rows = session.execute(
        text("""SELECT u.code, s.share, s.method, s.distance_m FROM project_unit_share s
                JOIN admin_unit u ON u.id = s.unit_id WHERE s.project_id = :p AND u.level = 'district'"""),
        {"p": project_id},
    )
    return {code: (share, method, distance) for code, share, method, distance in rows}
