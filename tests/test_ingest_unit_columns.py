"""Units files as provincial offices make them load without --map: MA_HUYEN/TEN_HUYEN, MaHuyen/TenHuyen, MA_XA, …
give the code and name, the level comes from which columns are there (and the report says so), the level above
gives the parent."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date

import geopandas as gpd
import pyogrio
import pytest
import shapely
from ingest_files import COMMUNES, DISTRICTS, communes_file, districts
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
    geoms[2] = geoms[2].buffer(-0.005)  # a boundary moved by about a kilometre (inwards: grown, it would overlap)
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
    assert before > after > 0 and list(report.changed_fields[codes[2]]) == ["geom"]
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


def test_communes_without_english_names_are_named_in_english_from_their_type_and_a_files_own_names_kept(
    make_registry, tmp_path
):
    """An office's communes without English names stayed Vietnamese on English pages, beside the sample's "An Trạch
    Commune" (trial s73): each is named from its type, as the sample's are, said once; a file's own English name
    wins, and a reload without English names keeps it. In a registry of its own: the communes of Cà Mau it adds, as
    published, overlap their neighbours (the module's registry keeps the sample's shared borders)."""
    engine = create_engine(make_registry("unit_english_names", sample=True))
    published = pyogrio.read_dataframe(COMMUNES)
    chosen = published[published["commune_code"].isin(["32002", "32248", "32025"])].sort_values("commune_code")
    office = gpd.GeoDataFrame(
        {
            "ma_xa": chosen["commune_code"].values,
            "ten_xa": (chosen["commune_type"] + " " + chosen["commune_name"]).values,  # An Xuyên, Tân Thành, Đất Mũi
            "ma_tinh": ["96"] * 3,
            "name_en": [None, "Tân Thành Ward, Cà Mau City", None],
        },
        geometry=chosen.geometry.values,
        crs="EPSG:4326",
    )
    office.to_file(tmp_path / "xa.gpkg", driver="GPKG")
    office.drop(columns="name_en").to_file(tmp_path / "xa_khong_ten_anh.gpkg", driver="GPKG")
    options = Options("units", "upsert", scheme="2025")
    query = text("SELECT code, name_en FROM admin_unit WHERE scheme = '2025' AND code IN ('32002', '32248', '32025')")
    named = {"32002": "An Xuyên Ward", "32025": "Tân Thành Ward, Cà Mau City", "32248": "Đất Mũi Commune"}

    loaded = ingest(engine, IngestRequest(tmp_path / "xa.gpkg", options), get_settings())

    assert loaded.ok, loaded.errors
    with engine.connect() as connection:
        assert dict(connection.execute(query).all()) == named
    (made,) = _told(loaded, "english_names_made")
    assert made.message.startswith(
        "English names made from the Vietnamese (2 units): «Phường An Xuyên» → «An Xuyên Ward»"
    )
    assert made.message_vi.startswith("tên tiếng Anh được tạo từ tên tiếng Việt (2 đơn vị): «Phường An Xuyên»")
    reloaded = ingest(engine, IngestRequest(tmp_path / "xa_khong_ten_anh.gpkg", options), get_settings())
    assert reloaded.ok and not _told(reloaded, "english_names_made"), reloaded.errors
    with engine.connect() as connection:
        assert dict(connection.execute(query).all()) == named
    engine.dispose()


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


def _communes_stored(engine: Engine) -> dict[str, str]:
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT code, md5(ST_AsBinary(geom)) FROM admin_unit WHERE scheme = '2025' AND level = 'commune'")
        ).all()
    return dict(rows)


def _told(report, key: str, kind: str = "warnings") -> list:
    return [problem for problem in getattr(report, kind) if problem.key == key]


def test_a_commune_grown_over_its_neighbours_refuses_the_file_naming_each_overlap_and_nothing_changes(engine, tmp_path):
    """An office's communes with one grown 550 m over its neighbours: loaded, every project there counted in the
    progress of two communes. Each overlap wider than a sliver is an error naming both communes, its area (ha, as each
    language writes it), its width and where; the published borders' own slivers (simplified commune by commune) are
    one warning; nothing is written."""
    path = communes_file(tmp_path, buffered=10)  # Hưng Hội (31906), between Bạc Liêu, Vĩnh Lợi and Vĩnh Trạch
    before = _communes_stored(engine)

    report = ingest(engine, IngestRequest(path, Options("units", "upsert", scheme="2025")), get_settings())

    overlaps = _told(report, "unit_overlap", "errors")
    assert not report.ok and len(overlaps) == len(report.errors) == 3, [str(e) for e in report.errors]
    assert {e.codes[0] for e in overlaps} == {"31906", "31900", "31834"}  # each of the later feature's
    for error in overlaps:
        assert error.field == "geometry" and ("31906" in error.codes or "Hưng Hội, code 31906" in error.message)
        assert re.search(
            r"over \d{1,3}(,\d{3})*\.\d{1,2} ha, up to [5-9]\d\d m wide, around lon 105\.7\d*, lat 9\.\d", str(error)
        )
        assert re.search(
            r"trên \d{1,3}(\.\d{3})*,\d{1,2} ha, rộng tới [5-9]\d\d m, quanh kinh độ 105,7", error.text("vi")
        )
        assert "--clean-borders" in error.message
    (thin,) = _told(report, "unit_borders_thin")
    assert re.search(
        r"leave \d+ thin overlaps \([\d.,]+ ha in all\) and \d+ thin gaps .* none wider than \d\d m", str(thin)
    )
    assert _communes_stored(engine) == before


def test_the_communes_as_published_load_with_their_slivers_warned_and_districts_that_share_borders_with_none(
    engine, tmp_path
):
    """The published communes' borders run side by side, tens of metres apart: a warning, naming the largest sliver
    by its communes, area and place, and how to clean them; they load. The published districts share their borders:
    not a word of them."""
    options = Options("units", "upsert", scheme="2025")

    report = ingest(engine, IngestRequest(communes_file(tmp_path), options, dry_run=True), get_settings())

    assert report.ok, report.errors
    (thin,) = _told(report, "unit_borders_thin")
    overlaps, gaps = map(int, re.search(r"leave (\d+) thin overlaps .* and (\d+) thin gaps", str(thin)).groups())
    assert thin.index is None and f" and {overlaps + gaps - 5:,} more." in str(thin), thin  # the 5 largest named
    assert re.search(
        r"The largest: overlap of feature \d+ \(.+, code \d+\) and feature \d+ \(.+, code \d+\), ", str(thin)
    )
    assert "Lớn nhất: chồng lấn giữa đối tượng " in thin.text(
        "vi"
    ) and f" và {overlaps + gaps - 5} chỗ khác" in thin.text("vi")
    districts_options = Options("units", "upsert", scheme="pre2025", kind="district")
    mapping = {"code": "district_code", "name_vi": "district_name"}
    shared = ingest(engine, IngestRequest(DISTRICTS, districts_options, dry_run=True, mapping=mapping), get_settings())
    assert shared.ok and not [w for w in shared.warnings if w.key and w.key.startswith("unit_")], shared.warnings


def test_clean_borders_gives_the_communes_the_samples_own_borders_and_says_each_ones_change(engine, tmp_path):
    """Cleaned at the load (--clean-borders), the published communes get the borders the sample's loader gives them
    (geo.shared_borders, one way): the reload changes none of the registry's; the report says how much each commune
    changed, the most first, and the stored communes share their borders."""
    options = Options("units", "upsert", scheme="2025", clean_borders=True)

    report = ingest(engine, IngestRequest(communes_file(tmp_path), options), get_settings())

    assert report.ok, report.errors
    assert report.changes == {"new": 0, "updated": 0, "unchanged": 66}, report.changed_fields
    (cleaned,) = _told(report, "unit_borders_cleaned")
    assert re.search(r"by at most 0\.\d+ % of their area \(allowed: 1 %\): feature \d+ \(", str(cleaned)), cleaned
    assert "(cho phép 1 %)" in cleaned.text("vi") and not _told(report, "unit_borders_thin")
    most = max(report.borders_cleaned, key=lambda unit: unit["changed_percent"])
    assert 0 < most["changed_percent"] < 1 and most["area_before_m2"] != most["area_after_m2"]
    assert f"{most['name']}, code {most['code']})" in str(cleaned).split(": feature ", 1)[1].split(";")[0]
    with engine.connect() as connection:
        stored = connection.execute(
            text("SELECT ST_AsBinary(geom) FROM admin_unit WHERE scheme = '2025' AND level = 'commune'")
        ).scalars()
        assert shapely.coverage_is_valid(shapely.from_wkb([bytes(wkb) for wkb in stored]))


def test_a_commune_its_cleaning_would_change_more_than_allowed_refuses_the_file_until_allowed(engine, tmp_path):
    """Cleaned, the commune grown over its neighbours keeps most of what it took: they lose up to 11.6 % of their
    area. Each commune changing more than allowed (1 % unless said) is an error with its areas before and after and
    the tolerance that would take it; allowed 12,5 %, the check passes, the four communes changed said."""
    path = communes_file(tmp_path, buffered=10)

    refused = ingest(
        engine, IngestRequest(path, Options("units", "upsert", scheme="2025", clean_borders=True)), get_settings()
    )
    allowed = Options("units", "upsert", scheme="2025", clean_borders=True, border_tolerance="12,5")
    passed = ingest(engine, IngestRequest(path, allowed, dry_run=True), get_settings())

    too_large = _told(refused, "unit_border_change_too_large", "errors")
    assert len(too_large) == len(refused.errors) == 3 and {e.codes[0] for e in too_large} == {"31825", "31900", "31906"}
    grown = next(e for e in too_large if e.codes == ("31906",))
    assert re.search(
        r"change 5\.\d+ % of Hưng Hội's area \([\d,.]+ ha → [\d,.]+ ha\), more than the 1 % allowed", str(grown)
    )
    assert "--border-tolerance 5.5" in str(grown) and "--border-tolerance 5,5" in grown.text("vi")
    assert passed.ok and passed.changes["updated"] == 4, passed.errors
    assert "(allowed: 12.5 %)" in str(_told(passed, "unit_borders_cleaned")[0])


UNITS_2025 = {"target": "units", "mode": "upsert", "scheme": "2025"}


@pytest.mark.parametrize(
    ("asked", "said"),
    [
        (UNITS_2025 | {"clean_borders": True, "border_tolerance": "một"}, "is not a percentage"),
        (UNITS_2025 | {"clean_borders": True, "border_tolerance": "150"}, "is not a percentage"),
        (UNITS_2025 | {"border_tolerance": "2"}, "give --clean-borders too"),
        ({"target": "projects", "clean_borders": True}, "--clean-borders is for units files only"),
    ],
)
def test_a_cleaning_asked_wrongly_is_refused_saying_what_to_give(engine, tmp_path, asked, said):
    report = ingest(engine, IngestRequest(communes_file(tmp_path), Options(**asked), dry_run=True), get_settings())
    assert not report.ok and said in str(report.errors[0]), report.errors


def test_the_command_line_cleans_the_borders_when_asked_and_otherwise_refuses_the_overlap(
    engine, tmp_path, commands_use
):
    """``georeg ingest … --into units`` says an overlap in the language asked, with the option that cleans it, and exits
    1; with --clean-borders and a tolerance the check passes, each changed commune in its JSON report."""
    commands_use(engine.url.render_as_string(hide_password=False))
    args = ["ingest", str(communes_file(tmp_path, buffered=10)), "--into", "units", "--scheme", "2025"]
    args += ["--mode", "upsert", "--dry-run"]

    refused = CliRunner().invoke(app, args)
    cleaned = CliRunner().invoke(app, [*args, "--clean-borders", "--border-tolerance", "12,5", "--json"])

    told = " ".join(refused.output.split())
    assert refused.exit_code == 1 and "Vĩnh Lợi chồng lên đối tượng 10 (Hưng Hội, mã 31906) trên" in told, told
    assert "hãy nạp với --clean-borders" in told
    assert cleaned.exit_code == 0, cleaned.output
    changed = {unit["code"]: unit for unit in json.loads(cleaned.stdout)["borders_cleaned"]}
    assert (
        11 < changed["31900"]["changed_percent"] < 12
        and changed["31900"]["area_after_m2"] < changed["31900"]["area_before_m2"]
    )
