"""Units files as provincial offices make them load without --map: MA_HUYEN/TEN_HUYEN, MaHuyen/TenHuyen, MA_XA, …
give the code and name, the level comes from which columns are there (and the report says so), the level above
gives the parent."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import geopandas as gpd
import pytest
import shapely
from ingest_files import districts
from pyproj import CRS
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from cli.main import app
from geo.apportion import PROGRESS_LAYER, recompute_shares
from geo.ingest import IngestRequest, Options, ingest
from geo.ingest.mapping import office_unit_columns
from geo.layer_versions import bump
from geo.settings import get_settings


@pytest.fixture(scope="module")
def engine(make_registry) -> Iterator[Engine]:
    url = make_registry("unit_columns", sample=True)
    engine = create_engine(url)
    yield engine
    engine.dispose()


@pytest.mark.parametrize(
    "names",
    [("MA_TINH", "TEN_TINH", "MA_HUYEN", "TEN_HUYEN"), ("MaTinh", "TenTinh", "MaHuyen", "TenHuyen")],
)
def test_a_district_shapefile_of_an_office_loads_as_districts_with_their_province(engine, tmp_path, names):
    frame = districts("84")
    values = [frame["province_code"], "Trà Vinh", frame["district_code"], frame["district_name"]]
    office = gpd.GeoDataFrame(
        dict(zip(names, values, strict=True)),
        geometry=frame.geometry.values,
        crs="EPSG:4326",
    )
    path = tmp_path / "ranh_gioi_huyen.shp"
    office.to_file(path, encoding="utf-8")

    report = ingest(engine, IngestRequest(path, Options("units", mode="upsert", scheme="pre2025")), get_settings())

    assert report.ok, report.errors
    said = [w.message for w in report.warnings if "level district" in w.message]
    assert said and f"{names[2]} as code" in said[0] and f"{names[0]} as parent_code" in said[0]
    with engine.connect() as connection:
        stored = connection.execute(
            text(
                "SELECT u.code, u.name_vi, p.code FROM admin_unit u JOIN admin_unit p ON p.id = u.parent_id "
                "WHERE u.scheme = 'pre2025' AND u.level = 'district' AND u.code = ANY(:codes) ORDER BY u.code"
            ),
            {"codes": list(frame["district_code"])},
        ).all()
    assert stored == sorted(zip(frame["district_code"], frame["district_name"], frame["province_code"], strict=True))


@pytest.mark.parametrize(
    ("columns", "scheme", "expected"),
    [
        (["MAXA", "TENXA", "MAHUYEN", "MATINH"], "pre2025", ("commune", "MAXA", "TENXA", "MAHUYEN")),
        (["Ma_Phuong", "Ten_Phuong", "Ma_Huyen", "Ma_Tinh"], "2025", ("commune", "Ma_Phuong", "Ten_Phuong", "Ma_Tinh")),
        (["ma_qh", "ten_qh"], "pre2025", ("district", "ma_qh", "ten_qh", None)),
        (["MA_TINH", "TEN_TINH"], "2025", ("province", "MA_TINH", "TEN_TINH", None)),
    ],
)
def test_the_level_is_the_lowest_one_with_a_code_column_and_the_parent_the_one_above(columns, scheme, expected):
    mapping, level = office_unit_columns(columns, scheme)
    assert (level, mapping["code"], mapping["name_vi"], mapping.get("parent_code")) == expected


def test_columns_that_name_no_level_leave_the_level_to_the_user():
    assert office_unit_columns(["code", "name", "ma", "ten"], "pre2025") == ({}, None)


def test_a_reload_without_english_names_or_province_column_keeps_them_and_names_are_stored_as_the_registrys(
    engine, tmp_path
):
    """An office's district file often writes "Huyện Càng Long" and has no English name or province column: the
    reload keeps each district's English name and province, stores the type apart (the pages still write "Huyện
    Càng Long", not "Huyện Huyện Càng Long"), and says both in its report."""
    frame = districts("84")
    query = text(
        "SELECT u.code, u.name_vi, u.name_en, u.unit_type_vi, p.code FROM admin_unit u "
        "LEFT JOIN admin_unit p ON p.id = u.parent_id "
        "WHERE u.scheme = 'pre2025' AND u.level = 'district' AND u.code = ANY(:codes) ORDER BY u.code"
    )
    codes = {"codes": list(frame["district_code"])}
    with engine.connect() as connection:
        before = connection.execute(query, codes).all()
    office = gpd.GeoDataFrame(
        {"MA_HUYEN": frame["district_code"], "TEN_HUYEN": frame["district_type"] + " " + frame["district_name"]},
        geometry=frame.geometry.values,
        crs="EPSG:4326",
    )
    path = tmp_path / "huyen_khong_tinh.shp"
    office.to_file(path, encoding="utf-8")

    report = ingest(engine, IngestRequest(path, Options("units", mode="upsert", scheme="pre2025")), get_settings())

    assert report.ok, report.errors
    with engine.connect() as connection:
        after = connection.execute(query, codes).all()
    assert after == before and all(row[2] and row[4] == "84" for row in after)  # English names and province kept
    warned = [w.message for w in report.warnings]
    assert any("no column of the parent unit's code" in m for m in warned)
    typed = [w for w in report.warnings if "begins with the unit's type" in w.message]
    types = {"Huyện", "Thành phố", "Thị xã"} & {t for t in frame["district_type"]}
    assert len(typed) == len(types) and sum(w.count for w in typed) == len(frame)  # one a type, naming its features
    assert any("begins with the unit's type “Huyện”" in w.message and w.count > 1 for w in typed)


def test_a_units_reload_says_which_units_it_changes_and_how(engine, tmp_path):
    """A reload of an office's districts with one name corrected and one boundary moved says so, field by field (the
    registry's value, the file's), and counts the rest unchanged; the same districts as registered change nothing."""
    frame = districts("84")
    names = list(frame["district_name"])
    geoms = list(frame.geometry.values)
    names[1] = names[1] + " Mới"  # a corrected name
    geoms[2] = geoms[2].buffer(0.01)  # a boundary moved by about a kilometre
    office = gpd.GeoDataFrame(
        {"MA_HUYEN": frame["district_code"], "TEN_HUYEN": names, "MA_TINH": frame["province_code"]},
        geometry=geoms,
        crs="EPSG:4326",
    )
    path = tmp_path / "huyen_sua.shp"
    office.to_file(path, encoding="utf-8")
    options = Options("units", mode="upsert", scheme="pre2025")

    report = ingest(engine, IngestRequest(path, options, dry_run=True), get_settings())

    assert report.ok, report.errors
    codes = list(frame["district_code"])
    assert report.changes == {"new": 0, "updated": 2, "unchanged": len(codes) - 2}
    assert report.changed_codes["updated"] == [codes[1], codes[2]]
    assert report.changed_fields[codes[1]] == {"name_vi": [frame["district_name"][1], names[1]]}
    # a boundary told as a project's geometry is: its type before and after, how far it moved at most, its area
    (was, now, moved, (measure, before, after), told) = report.changed_fields[codes[2]]["geom"]
    assert (was, now, measure) == ("MULTIPOLYGON", "MULTIPOLYGON", "area_ha") and 1000 < moved < 3000, moved
    assert told["en"].startswith(f"boundary moved {round(moved):,} m at most; area ")  # as both surfaces say it
    assert after > before > 0 and list(report.changed_fields[codes[2]]) == ["geom"]
    same = tmp_path / "huyen.shp"
    office.assign(TEN_HUYEN=frame["district_name"], geometry=frame.geometry.values).to_file(same, encoding="utf-8")
    again = ingest(engine, IngestRequest(same, options), get_settings())  # loaded: rewrites none, says none written
    assert again.ok and again.changes == {"new": 0, "updated": 0, "unchanged": len(codes)}
    assert again.written_count == 0, again.written_count  # it said "wrote 41" of 1 changed in a trial


def test_appending_units_already_registered_names_the_first_and_counts_them_all(engine, tmp_path):
    """An office's file loaded without --mode upsert over the registry's districts: the refusal named the first code
    alone; it names the first five and counts the rest, and nothing is written."""
    frame = districts("84")
    office = gpd.GeoDataFrame(
        {"MA_HUYEN": frame["district_code"], "TEN_HUYEN": frame["district_name"]}, geometry=frame.geometry.values
    ).set_crs("EPSG:4326")
    path = tmp_path / "huyen_them.shp"
    office.to_file(path, encoding="utf-8")

    report = ingest(engine, IngestRequest(path, Options("units", scheme="pre2025")), get_settings())

    (refusal,) = report.errors
    codes = list(frame["district_code"])
    assert not report.ok and report.written_count == 0 and refusal.count == len(codes)
    assert refusal.message.startswith(f"field code: {', '.join(codes[:5])} and {len(codes) - 5} more: the units")
    assert "--mode upsert" in refusal.message and "đơn vị đã có trong hệ thống" in refusal.message_vi


def test_a_renamed_unit_whose_file_has_no_english_name_is_warned_that_its_english_name_stays(engine, tmp_path):
    frame = districts("84")
    names = list(frame["district_name"])
    names[0] = names[0] + " Mới"
    office = gpd.GeoDataFrame(
        {"MA_HUYEN": frame["district_code"], "TEN_HUYEN": names}, geometry=frame.geometry.values
    ).set_crs("EPSG:4326")
    path = tmp_path / "huyen_doi_ten.shp"
    office.to_file(path, encoding="utf-8")

    report = ingest(
        engine, IngestRequest(path, Options("units", mode="upsert", scheme="pre2025"), dry_run=True), get_settings()
    )

    kept = [w for w in report.warnings if w.field == "name_en"]
    assert report.ok and len(kept) == 1, report.warnings
    assert kept[0].message.startswith(f"unit {frame['district_code'][0]}: its Vietnamese name changes")
    assert "is kept; add a name_en column" in kept[0].message


#: Decision 05/2007/QĐ-BTNMT's seven values as +towgs84 (position vector): its rotations' signs flipped (as EPSG:6960,
#: coordinate frame, has them), and unflipped as trial 58's office file was projected with (and much Vietnamese code).
_OFFICIAL_TOWGS84 = "-191.90441429,-39.30318279,-111.45032835,0.00928836,-0.01975479,0.00427372,0.252906278"
_UNFLIPPED_TOWGS84 = "-191.90441429,-39.30318279,-111.45032835,-0.00928836,0.01975479,-0.00427372,0.252906278"


@pytest.mark.parametrize("towgs84", [_OFFICIAL_TOWGS84, _UNFLIPPED_TOWGS84])
def test_a_district_file_off_only_by_the_datum_parameters_is_not_told_as_moved(engine, tmp_path, towgs84):
    """Bạc Liêu's registered districts projected to VN-2000 TM-3 105°00' with the official parameters are unchanged;
    projected with the rotations' signs unflipped they are ~0.5 m off, and the report says that is the size of a
    difference of parameter sets (naming the registry's, EPSG:6960), not "boundary moved 1 m" (trial 58)."""
    frame = districts("95")
    tm3 = f"+proj=tmerc +lat_0=0 +lon_0=105 +k=0.9999 +x_0=500000 +y_0=0 +ellps=WGS84 +towgs84={towgs84} +units=m"
    office = gpd.GeoDataFrame(
        {"MA_HUYEN": frame["district_code"], "TEN_HUYEN": frame["district_name"]}, geometry=frame.geometry.values
    ).set_crs("EPSG:4326")
    path = tmp_path / "ranh_huyen_BL.shp"
    office.to_crs(tm3).set_crs(None, allow_override=True).to_file(path, encoding="utf-8")
    path.with_suffix(".prj").write_text(CRS.from_epsg(5897).to_wkt("WKT1_ESRI"))  # as ArcGIS writes VN-2000 TM-3

    report = ingest(
        engine, IngestRequest(path, Options("units", mode="upsert", scheme="pre2025"), dry_run=True), get_settings()
    )

    assert report.ok, report.errors
    if towgs84 == _OFFICIAL_TOWGS84:
        assert report.changes == {"new": 0, "updated": 0, "unchanged": len(frame)}, report.changed_fields
        return
    assert report.changes == {"new": 0, "updated": len(frame), "unchanged": 0}
    for code, fields in report.changed_fields.items():
        (_, _, off, _, told) = fields["geom"]
        assert 0.4 < off <= 0.7, (code, off)
        assert told["en"].startswith(f"boundary off by {off:.1f} m at most: the size of a difference between VN-2000")
        assert "EPSG:6960" in told["en"] and "moved" not in told["en"], told
        assert (
            told["vi"].startswith(f"ranh giới lệch nhiều nhất {off:.1f}".replace(".", ",")) and "dời" not in told["vi"]
        )


def _named(engine: Engine, district: str, lang: str) -> str:
    """A former district as a units load names it: "Huyện Trà Cú (842)" ("Trà Cú District (842)")."""
    name = (
        "COALESCE(NULLIF(name_en, ''), concat_ws(' ', unit_type_vi, name_vi))"
        if lang == "en"
        else ("concat_ws(' ', unit_type_vi, name_vi)")
    )
    with engine.connect() as connection:
        found = connection.scalar(
            text(f"SELECT {name} FROM admin_unit WHERE scheme = 'pre2025' AND code = :c"), {"c": district}
        )
    return f"{found} ({district})"


def _districts_giving_a_corner(engine: Engine, tmp_path) -> tuple[str, str, str, gpd.GeoDataFrame]:
    """Trà Vinh's districts with a corner of one given to another, around one project's site (a point wholly in the
    giver): the project's code, the giver's and the taker's codes, and the districts as an office's file writes them
    (saved as huyen_ranh_moi.gpkg)."""
    frame = districts("84")
    codes = list(frame["district_code"])
    with engine.connect() as connection:
        code, giver = connection.execute(
            text(
                "SELECT p.code, u.code FROM project p JOIN project_unit_share s ON s.project_id = p.id "
                "JOIN admin_unit u ON u.id = s.unit_id AND u.scheme = 'pre2025' AND u.level = 'district' "
                "WHERE GeometryType(p.geom) = 'POINT' AND s.share = 1 AND u.code = ANY(:codes) ORDER BY p.code LIMIT 1"
            ),
            {"codes": codes},
        ).one()
        site = shapely.from_wkb(
            bytes(connection.scalar(text("SELECT ST_AsBinary(geom) FROM project WHERE code = :c"), {"c": code}))
        )
    taker = next(c for c in codes if c != giver)
    corner = site.buffer(0.0005)  # some 50 m around the site
    geoms = list(frame.geometry.values)
    geoms[codes.index(giver)] = geoms[codes.index(giver)].difference(corner)
    geoms[codes.index(taker)] = geoms[codes.index(taker)].union(corner)
    office = gpd.GeoDataFrame(
        {"MA_HUYEN": codes, "TEN_HUYEN": frame["district_name"], "MA_TINH": frame["province_code"]},
        geometry=geoms,
        crs="EPSG:4326",
    )
    office.to_file(tmp_path / "huyen_ranh_moi.gpkg", driver="GPKG")
    return code, giver, taker, office


def test_a_units_load_that_moves_a_project_into_another_district_names_it_with_its_districts_before_and_after(
    engine, tmp_path, commands_use
):
    """Trial 60: a districts reload recomputed 20,000 projects' shares and said nothing of the projects its boundaries
    put in other districts. A corner of one district given to another, around one project's site: the load names that
    project and its districts before and after, in the language asked, and the registry places it so."""
    frame = districts("84")
    codes = list(frame["district_code"])
    code, giver, taker, office = _districts_giving_a_corner(engine, tmp_path)
    path = tmp_path / "huyen_ranh_moi.gpkg"
    unchanged = next(c for c in codes if c not in (giver, taker))
    with engine.begin() as connection:  # validities the load does not give: the rewritten unit's is its scheme's
        connection.execute(
            text("UPDATE admin_unit SET valid_to = '2024-12-31' WHERE scheme = 'pre2025' AND code = ANY(:codes)"),
            {"codes": [giver, unchanged]},
        )
    commands_use(engine.url.render_as_string(hide_password=False))
    args = ["ingest", str(path), "--into", "units", "--scheme", "pre2025", "--mode", "upsert"]

    loaded = CliRunner().invoke(app, [*args, "--lang", "en"])

    assert loaded.exit_code == 0, loaded.output
    said = " ".join(loaded.output.split())
    assert "now in another unit, as the boundaries moved" in said or "now in other units" in said, said
    assert f"{code}: {_named(engine, giver, 'en')} → {_named(engine, taker, 'en')}" in said, said
    assert "(progress per district and commune) were recomputed" in said
    with engine.connect() as connection:
        placed = connection.scalars(
            text(
                "SELECT u.code FROM project_unit_share s JOIN project p ON p.id = s.project_id JOIN admin_unit u "
                "ON u.id = s.unit_id WHERE p.code = :c AND u.scheme = 'pre2025' AND u.level = 'district'"
            ),
            {"c": code},
        ).all()
        valid_to = dict(
            connection.execute(
                text("SELECT code, valid_to FROM admin_unit WHERE scheme = 'pre2025' AND code = ANY(:codes)"),
                {"codes": [giver, unchanged]},
            ).all()
        )
    assert placed == [taker]
    assert valid_to == {giver: date(2025, 6, 30), unchanged: date(2024, 12, 31)}  # as the guide says
    back = tmp_path / "huyen.gpkg"
    office.assign(geometry=frame.geometry.values).to_file(back, driver="GPKG")
    restored = " ".join(CliRunner().invoke(app, ["ingest", str(back), *args[2:]]).output.split())
    assert f"{code}: {_named(engine, taker, 'vi')} → {_named(engine, giver, 'vi')}" in restored, restored
    assert "vì ranh giới đã đổi" in restored


def test_a_units_dry_run_names_the_projects_its_boundaries_would_move_and_moves_none(engine, tmp_path, commands_use):
    """Trial 64: a dry run of a districts file said nothing of the projects its boundaries would put in other
    districts; only the load named them, once done. The dry run names them with their districts before and after, as
    the load does, in either language, and leaves every project where it was."""
    code, giver, taker, _ = _districts_giving_a_corner(engine, tmp_path)
    commands_use(engine.url.render_as_string(hide_password=False))
    args = ["ingest", str(tmp_path / "huyen_ranh_moi.gpkg"), "--into", "units", "--scheme", "pre2025"]
    args += ["--mode", "upsert", "--dry-run"]

    told = {lang: CliRunner().invoke(app, [*args, "--lang", lang]) for lang in ("en", "vi")}

    assert all(result.exit_code == 0 for result in told.values()), {k: r.output for k, r in told.items()}
    en, vi = (" ".join(told[lang].output.split()) for lang in ("en", "vi"))
    assert "1 project would be in another unit, as the boundaries move" in en, en
    moved = {lang: f"{code}: {_named(engine, giver, lang)} → {_named(engine, taker, lang)}" for lang in ("vi", "en")}
    assert moved["en"] in en and "check it before loading" in en, en  # by name: 842 and 848 are looked up (trial 65)
    assert "1 dự án sẽ thuộc đơn vị khác vì ranh giới đổi" in vi and moved["vi"] in vi, vi
    with engine.connect() as connection:
        placed = connection.scalars(
            text(
                "SELECT u.code FROM project_unit_share s JOIN project p ON p.id = s.project_id JOIN admin_unit u "
                "ON u.id = s.unit_id WHERE p.code = :c AND u.scheme = 'pre2025' AND u.level = 'district'"
            ),
            {"c": code},
        ).all()
    assert placed == [giver]


def test_a_checks_recompute_of_the_shares_holds_nothing_a_reader_or_a_status_report_waits_on(engine):
    """A units check recomputes every project's shares in the savepoint it rolls back, to name the projects that would
    move. Truncating the shares or bumping the progress layer there held, until the rollback, what /progress reads
    and what every status report writes (issue 17: a preview locks nothing others need)."""
    with Session(engine) as check, check.begin():
        recompute_shares(check, for_a_check=True)
        with engine.connect() as other:
            other.execute(text("SET lock_timeout = '2s'"))
            shares = other.execute(text("SELECT count(*) FROM project_unit_share")).scalar_one()
            with Session(bind=other) as reporter:
                bump(reporter, PROGRESS_LAYER)  # as a status report does
                reporter.rollback()
        check.rollback()
    assert shares > 0
