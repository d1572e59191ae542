"""The schema comes only from Alembic migrations, and they go up and down cleanly."""

from __future__ import annotations

import json

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from geoalchemy2 import alembic_helpers
from sqlalchemy import create_engine, inspect, text
from test_link_check_plans import plans_told_to

from geo import migrations
from geo.models import Base

SYSTEM_TABLES = {"spatial_ref_sys", "alembic_version"}


def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names()) - SYSTEM_TABLES
    finally:
        engine.dispose()


def test_upgrade_creates_every_model_table_and_downgrade_removes_them(make_database):
    url = make_database("migrations")
    assert _tables(url) == set()
    migrations.upgrade(url)
    assert _tables(url) == set(Base.metadata.tables)
    migrations.downgrade(url)
    assert _tables(url) == set()
    migrations.upgrade(url)
    assert _tables(url) == set(Base.metadata.tables)


def test_migrations_match_the_models(make_database):
    url = make_database("drift")
    migrations.upgrade(url)
    engine = create_engine(url)
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_object": alembic_helpers.include_object, "compare_type": True}
        )
        differences = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert differences == []


def test_spatial_columns_have_gist_indexes(make_database):
    url = make_database("indexes")
    migrations.upgrade(url)
    engine = create_engine(url)
    inspector = inspect(engine)
    for table in ("admin_unit", "project", "salinity_zone"):
        indexed = {tuple(ix["column_names"]) for ix in inspector.get_indexes(table)}
        assert ("geom",) in indexed, table
    engine.dispose()


#: A project's site of each kind a file may give, with the length and area it measures on the ellipsoid.
SITES = {
    "point": "POINT(105.7 9.3)",
    "multipoint": "MULTIPOINT((105.7 9.3), (105.71 9.31))",
    "line": "LINESTRING(105.7 9.3, 105.72 9.31)",
    "multiline": "MULTILINESTRING((105.7 9.3, 105.72 9.31), (105.8 9.2, 105.8 9.25))",
    "polygon": "POLYGON((105.7 9.3, 105.71 9.3, 105.71 9.31, 105.7 9.31, 105.7 9.3))",
    "multipolygon": "MULTIPOLYGON(((105.7 9.3, 105.71 9.3, 105.71 9.31, 105.7 9.3)), "
    "((105.8 9.2, 105.81 9.2, 105.81 9.21, 105.8 9.2)))",
    "collection": "GEOMETRYCOLLECTION(LINESTRING(105.7 9.3, 105.72 9.31), "
    "POLYGON((105.7 9.3, 105.71 9.3, 105.71 9.31, 105.7 9.31, 105.7 9.3)), POINT(105.6 9.2))",
    "empty line": "LINESTRING EMPTY",
    "province-wide": None,
}


def test_a_projects_length_and_area_are_its_sites_on_the_ellipsoid_before_and_after_0037(make_database):
    """0037 gives a point's, a line's area's and a polygon's length's 0 from the geometry's type instead of measuring
    it: every project keeps the length and area it had, and a new one gets what PostGIS measures."""
    url = make_database("measures")
    migrations.upgrade(url, "0036")
    engine = create_engine(url)
    write = (
        "INSERT INTO project (code, name_vi, name_en, kind, province_code, geom, location_precision, sources) "
        "VALUES (:code, 'Dự án', '', 'other', '95', ST_GeomFromText(:site, 4326), "
        "CASE WHEN CAST(:site AS text) IS NULL THEN 'province' ELSE 'surveyed' END, '[]')"
    )
    measured = (
        "SELECT code, length_m, area_m2, ST_Length(geom::geography), ST_Area(geom::geography) FROM project "
        "WHERE code LIKE :kind ORDER BY code"
    )
    with engine.begin() as connection:
        for kind, site in SITES.items():
            connection.execute(text(write), {"code": f"before {kind}", "site": site})
        before = connection.execute(text(measured), {"kind": "before %"}).all()
    migrations.upgrade(url)
    with engine.begin() as connection:
        for kind, site in SITES.items():
            connection.execute(text(write), {"code": f"after {kind}", "site": site})
        kept = connection.execute(text(measured), {"kind": "before %"}).all()
        after = connection.execute(text(measured), {"kind": "after %"}).all()
    engine.dispose()
    assert kept == before
    assert [row[1:] for row in after] == [row[1:] for row in before]
    for code, length, area, on_the_ellipsoid, area_on_it in after:
        assert (length, area) == (on_the_ellipsoid, area_on_it), code
    assert {code: (length > 0, area > 0) for code, length, area, *_ in after if length is not None} == {
        "after collection": (True, True),
        "after empty line": (False, False),
        "after line": (True, False),
        "after multiline": (True, False),
        "after multipoint": (False, False),
        "after multipolygon": (False, True),
        "after point": (False, False),
        "after polygon": (False, True),
    }


def test_0054_indexes_the_english_name_order_of_the_projects_with_an_english_name_alone_and_back(make_database):
    """A project without an English name is listed in English by its Vietnamese name, the key ix_project_name_vi
    holds: 0051's index of the English order held it again, and a load of a file without English names wrote each
    name into both (0.7-1 s of the database's CPU per 100,000 projects, docs/ingest-at-volume.md, session 71). From
    0054 it holds the projects with an English name alone; downgraded, every project again."""
    url = make_database("english_order")
    migrations.upgrade(url, "0053")
    engine = create_engine(url)
    write = (
        "INSERT INTO project (code, name_vi, name_en, kind, province_code, location_precision, sources) "
        "VALUES (:code, :vi, :en, 'other', '95', 'province', '[]')"
    )
    names = [("Cống Dừa", ""), ("Bờ kè Ba Động", "Ba Dong embankment"), ("Trạm bơm số 7", "Pumping station no. 7")]
    with engine.begin() as connection:
        for n, (vi, en) in enumerate(names):
            connection.execute(text(write), {"code": f"EN-{n}", "vi": vi, "en": en})

    def held() -> int:
        """The projects the index holds, as its build counted them."""
        with engine.connect() as connection:
            return connection.scalar(text("SELECT reltuples FROM pg_class WHERE relname = 'ix_project_name_en'"))

    with engine.connect() as connection:  # built again, it counts what it holds
        connection.execute(text("REINDEX INDEX ix_project_name_en"))
        connection.commit()
    before = held()
    migrations.upgrade(url)
    after = held()
    migrations.downgrade(url, "0053")
    back = held()
    engine.dispose()
    assert (before, after, back) == (3, 2, 3)


#: Values of one period as 0044 kept them: entered by, source, reason (the registry's two English sentences).
REASONS_0044 = (
    ("bl.snn", "Niên giám 2021", None),
    ("registry", "Che phủ rừng 2021", "recomputed: Che phủ rừng 2021"),
    ("bl.snn", "Kiểm kê 2021", "entered after the value before was withdrawn"),
    ("bl.snn", "Kiểm kê 2021, bản sửa", "recomputed: Che phủ rừng 2021"),  # typed by a person: kept
)


def test_0045_gives_each_withdrawal_its_removal_and_0047_the_registrys_reasons_codes_and_back(make_database):
    """0044 kept why a value was withdrawn as an English sentence, and a removal's login under "by": 0045 points the
    withdrawal at its removal (its sentence emptied) and moves the login to "login"; downgraded, both come back. So
    were why the registry recorded a value over another: 0047 makes them codes (geo.value_reasons), leaving a reason
    a person typed as it was, and back."""
    url = make_database("withdrawal_removal")
    migrations.upgrade(url, "0044")
    engine = create_engine(url)
    removal = {"year": 2023, "title": "Che phủ rừng 2023", "path": "/srv/rung.tif", "units": 3, "by": "root"}
    with engine.begin() as connection:
        plan = connection.execute(text(
            "INSERT INTO plan (code, province_code, title_vi, title_en, issued_on, period_start, period_end, source) "
            "VALUES ('148/QĐ-UBND', '95', 'Kế hoạch', 'Plan', '2024-01-01', 2024, 2030, 'QĐ') RETURNING id"
        )).scalar()  # fmt: skip
        indicator = connection.execute(text(
            "INSERT INTO indicator (plan_id, code, name_vi, name_en, unit, direction) "
            "VALUES (:plan, 'forest_cover', 'Tỷ lệ che phủ rừng', 'Forest cover', '%', 'increase') RETURNING id"
        ), {"plan": plan}).scalar()  # fmt: skip
        for raster in (7, 8):  # 8 withdrew nothing
            connection.execute(text(
                "INSERT INTO audit_log (actor, action, entity, entity_id, changes) "
                "VALUES ('cli', 'remove_forest_raster', 'raster_dataset', :raster, CAST(:changes AS jsonb))"
            ), {"raster": str(raster), "changes": json.dumps(removal)})  # fmt: skip
        computed = connection.execute(text(
            "INSERT INTO indicator_value (indicator_id, period, value, source, entered_by, is_demo) "
            "VALUES (:indicator, '2023', 2.5, 'Che phủ rừng 2023', 'registry', FALSE) RETURNING id"
        ), {"indicator": indicator}).scalar()  # fmt: skip
        connection.execute(text(
            "INSERT INTO indicator_value (indicator_id, period, value, source, entered_by, supersedes_id, reason, "
            "is_withdrawal, is_demo) VALUES (:indicator, '2023', NULL, 'Che phủ rừng 2023', 'registry', :computed, "
            "'forest-cover raster 7 removed by root (georeg forest remove)', TRUE, FALSE)"
        ), {"indicator": indicator, "computed": computed})  # fmt: skip
        insert = text(
            "INSERT INTO indicator_value (indicator_id, period, value, source, entered_by, supersedes_id, reason, "
            "is_demo) VALUES (:indicator, '2021', 4.5, :source, :by, :before, :reason, FALSE) RETURNING id"
        )
        before = None
        for by, source, reason in REASONS_0044:  # each supersedes the one before
            values = {"indicator": indicator, "source": source, "by": by, "before": before, "reason": reason}
            before = connection.execute(insert, values).scalar()
    reasons = "SELECT reason FROM indicator_value WHERE period = '2021' ORDER BY id"
    withdrawal = "SELECT v.reason, a.entity_id FROM indicator_value v LEFT JOIN audit_log a ON a.id = v.removal_id"
    removals = "SELECT entity_id, changes FROM audit_log ORDER BY entity_id"
    migrations.upgrade(url)
    with engine.connect() as connection:
        assert connection.execute(text(f"{withdrawal} WHERE v.is_withdrawal")).all() == [(None, "7")]
        assert connection.execute(text(removals)).all() == [
            (raster, {**removal, "by": None, "login": "root"}) for raster in ("7", "8")
        ]
        assert connection.scalars(text(reasons)).all() == [
            None, "registry:recomputed", "registry:after-withdrawal", "recomputed: Che phủ rừng 2021"
        ]  # fmt: skip
    migrations.downgrade(url, "0044")
    with engine.connect() as connection:
        reason = "forest-cover raster 7 removed by root (georeg forest remove)"
        assert connection.execute(text("SELECT reason FROM indicator_value WHERE is_withdrawal")).all() == [(reason,)]
        assert connection.execute(text(removals)).all() == [(raster, removal) for raster in ("7", "8")]
        assert connection.scalars(text(reasons)).all() == [reason for _, _, reason in REASONS_0044]
    engine.dispose()


#: Names as files give them: accents, Đ/đ, case, a tone mark placed either way ("Hoà", "Hòa"), digits.
FOLDED_NAMES = ("Cống Đa Lộc số 7", "Kênh HOÀ BÌNH", "kênh hòa bình", "Trạm bơm Ấp Đông", "Dyke no. 67")


def test_0053_folds_each_name_as_before_without_a_query_per_name_and_back(make_database):
    """0053 makes georeg_fold PL/pgSQL: each name folded as 0049's SQL function folded it (its index is kept as it
    is), but not by a query of its own, which a load paid for each project it wrote and each new code it looked up
    (docs/ingest-at-volume.md, session 70); downgraded, the SQL function is back."""
    url = make_database("fold")
    migrations.upgrade(url, "0052")
    engine = create_engine(url)

    def folds() -> tuple[list[str], int]:
        """Each name folded, and the queries the folding ran besides the statement (auto_explain's nested plans)."""
        with engine.connect() as conn:
            plans = plans_told_to(conn)
            folded = conn.scalars(
                text("SELECT georeg_fold(n) FROM unnest(CAST(:names AS text[])) n"), {"names": list(FOLDED_NAMES)}
            ).all()
            conn.execute(
                text("SELECT 1")
            )  # auto_explain tells a plan as it closes the portal: read with the next reply
            return folded, sum("unaccent" in plan for plan in plans if "FROM unnest" not in plan)

    before = folds()
    migrations.upgrade(url)
    after = folds()
    migrations.downgrade(url, "0052")
    back = folds()
    engine.dispose()
    assert before == (["cong da loc so 7", "kenh hoa binh", "kenh hoa binh", "tram bom ap dong", "dyke no. 67"], 5)
    assert after == (before[0], 0)
    assert back == before


#: 0056's and 0057's data: two agencies, an officer of TV.SCT moved to VL.SCT (the audit log's entry, as the command
#: line writes it), one never moved, a load's event and a value the registry computed.
MOVED_OFFICER_0055 = """
INSERT INTO agency (code, name_vi, name_en, valid_to) VALUES ('TV.SCT', 'Sở Công Thương tỉnh Trà Vinh',
    'Department of Industry and Trade, Trà Vinh', '2025-06-30');
INSERT INTO agency (code, name_vi, name_en, valid_from) VALUES ('VL.SCT', 'Sở Công Thương tỉnh Vĩnh Long',
    'Department of Industry and Trade, Vĩnh Long', '2025-07-01');
INSERT INTO account (username, display_name, agency_id, role, kinds, is_active, created_at)
    SELECT u, u, (SELECT id FROM agency WHERE code = 'VL.SCT'), 'editor', '{}', true, now()
    FROM unnest(ARRAY['tuan.ly', 'hien.le']) u;
INSERT INTO project (code, name_vi, name_en, kind, province_code, location_precision, sources)
    VALUES ('TV-WIND', 'Điện gió Thăng Long', '', 'wind_farm', '84', 'province', '[]');
INSERT INTO status_event (project_id, version, status, percent, reported_at, recorded_at, reporter_account_id,
    reporter_name, is_demo)
    SELECT p.id, v, 'under_construction', 10 * v, '2025-08-01',
        timestamptz '2025-08-01 09:00+07' + v * interval '1 day', (SELECT id FROM account WHERE username = who), who,
        false
    FROM project p, (VALUES (1, 'tuan.ly'), (2, NULL), (3, 'tuan.ly'), (4, 'hien.le')) e(v, who);
INSERT INTO plan (code, province_code, title_vi, title_en, issued_on, period_start, period_end, source)
    VALUES ('1099/QĐ-UBND', '84', 'Kế hoạch', 'Plan', '2017-01-01', 2017, 2030, 'QĐ');
INSERT INTO indicator (plan_id, code, name_vi, name_en, unit, direction)
    SELECT id, 'export_turnover', 'Kim ngạch xuất khẩu', 'Export turnover', 'billion USD', 'increase' FROM plan;
INSERT INTO indicator_value (indicator_id, period, value, source, entered_by, account_id, entered_at, is_demo)
    SELECT i.id, (2020 + v)::text, v, 'Cục Thống kê', COALESCE(who, 'registry'),
        (SELECT id FROM account WHERE username = who), timestamptz '2025-08-01 09:00+07' + v * interval '1 day', false
    FROM indicator i, (VALUES (1, 'tuan.ly'), (2, NULL), (3, 'tuan.ly'), (4, 'hien.le')) e(v, who);
INSERT INTO audit_log (at, actor, action, entity, entity_id, changes)
    SELECT '2025-08-02 12:00+07', 'cli', 'update', 'account', id, '{"agency": ["TV.SCT", "VL.SCT"]}'
    FROM account WHERE username = 'tuan.ly';
"""


def test_0056_and_0057_give_each_officers_report_and_value_the_agency_its_account_belonged_to_then_and_back(
    make_database,
):
    """From 0056 each status event keeps its sender's agency as it was recorded, from 0057 each indicator value its
    enterer's (trial s73: the account moved, its past reports and values named the new agency). They fill those
    recorded before as /status-reports read them: the agency the account was moved from after the report or value (the
    audit log), else its own today; a load's event and the registry's value have none."""
    url = make_database("reporter_agency")
    migrations.upgrade(url, "0055")
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text(MOVED_OFFICER_0055))
    migrations.upgrade(url)
    with engine.connect() as connection:
        filled = {
            table: connection.execute(
                text(f"SELECT g.code FROM {table} r LEFT JOIN agency g ON g.id = r.{column} ORDER BY r.{order}")
            )
            .scalars()
            .all()
            for table, column, order in (
                ("status_event", "reporter_agency_id", "version"),
                ("indicator_value", "entered_by_agency_id", "period"),
            )
        }
    migrations.downgrade(url, "0055")
    kept = {table: inspect(engine).get_columns(table) for table in filled}
    engine.dispose()
    assert filled == {table: ["TV.SCT", None, "VL.SCT", "VL.SCT"] for table in filled}
    assert "reporter_agency_id" not in {column["name"] for column in kept["status_event"]}
    assert "entered_by_agency_id" not in {column["name"] for column in kept["indicator_value"]}
