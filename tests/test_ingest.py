"""Loading GIS staff's files: VN-2000 shapefiles with legacy text, CSV sheets, repairs, all-or-nothing, re-loads."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import pytest
import shapely
from fastapi.testclient import TestClient
from ingest_files import BUNDLED_DATA, DISTRICTS, districts, esri_prj, legacy_shapefile, project_mix, to_crs
from pyproj import CRS
from sqlalchemy import Engine, create_engine, func, select, text
from sqlalchemy.orm import Session

from api.main import create_app
from geo.coordinates import from_wgs84
from geo.ingest import IngestRequest, Options, ingest
from geo.ingest.mapping import parse_map_options
from geo.layer_versions import version_of
from geo.models import IngestJob, Project, StatusEvent
from geo.option_words import read_on_the_page
from geo.settings import Settings, get_settings


@pytest.fixture(scope="module")
def engine(make_registry) -> Iterator[Engine]:
    url = make_registry("ingest", sample=True)
    engine = create_engine(url)
    yield engine
    engine.dispose()


def run(engine: Engine, path: Path, target: str = "projects", *, settings: Settings | None = None, **kwargs):
    options = Options(
        target, **{k: kwargs.pop(k) for k in ("mode", "kind", "scheme", "province", "period", "source") if k in kwargs}
    )
    return ingest(engine, IngestRequest(path, options, **kwargs), settings or get_settings())


def project_count(engine: Engine) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(Project))


def stored(engine: Engine, code: str) -> Project:
    with Session(engine, expire_on_commit=False) as session:
        return session.scalar(select(Project).where(Project.code == code))


def stored_shape(engine: Engine, code: str):
    with Session(engine) as session:
        wkb = session.scalar(select(func.ST_AsBinary(Project.geom)).where(Project.code == code))
    return shapely.from_wkb(bytes(wkb))


def district_projects(province: str, prefix: str) -> gpd.GeoDataFrame:
    """Districts dressed as forest-planting projects: code, name (legacy text later), kind."""
    frame = districts(province)
    return gpd.GeoDataFrame(
        {
            "MA_DA": [f"{prefix}-{c}" for c in frame["district_code"]],
            "TEN_DA": [f"Trồng rừng {n}" for n in frame["district_name"]],
            "LOAI": "Trồng rừng phòng hộ",
        },
        geometry=frame.geometry.values,
        crs="EPSG:4326",
    )


@pytest.mark.parametrize(("encoding", "province", "epsg"), [("tcvn3", "95", 5897), ("vni", "84", 9209)])
def test_vn2000_tm3_shapefile_with_legacy_text_lands_in_place_with_its_names(
    engine, tmp_path, encoding, province, epsg
):
    source = district_projects(province, f"T-{encoding}")
    projected = source.set_geometry(to_crs(source.geometry.values, epsg), crs=None)
    shp = legacy_shapefile(tmp_path, projected, encoding, esri_prj(epsg))

    report = run(engine, shp)

    assert report.ok, report.errors
    assert report.encoding == encoding and "detected from the bytes" in report.encoding_how
    assert f"EPSG:{epsg}" in report.crs and ".prj" in report.crs_how
    assert report.written_count == len(source)
    for code, name, shape in zip(source["MA_DA"], source["TEN_DA"], source.geometry, strict=True):
        project = stored(engine, code)
        assert project.name_vi == name and project.kind == "forest_planting"
        assert project.province_code == province
        assert shapely.hausdorff_distance(stored_shape(engine, code), shape) < 1e-5  # ~1 m


def test_cp1258_without_prj_is_placed_by_inferring_the_province_zone_and_says_so(engine, tmp_path):
    source = district_projects("84", "T-cp1258")
    projected = source.set_geometry(to_crs(source.geometry.values, 9209), crs=None)
    shp = legacy_shapefile(tmp_path, projected, "cp1258", prj=None)

    report = run(engine, shp, province="84", dry_run=True)

    assert report.ok, report.errors
    assert report.encoding == "cp1258"
    assert report.crs.startswith("EPSG:9209") and "inferred" in report.crs_how
    assert any("inferred" in w.message for w in report.warnings)
    assert report.sample_rows[0]["name_vi"] == source["TEN_DA"][0]


def test_without_prj_or_province_the_zone_is_asked_for_and_nothing_is_written(engine, tmp_path):
    source = district_projects("84", "T-noprj")
    shp = legacy_shapefile(tmp_path, source.set_geometry(to_crs(source.geometry.values, 9209), crs=None), "utf-8", None)
    before = project_count(engine)

    report = run(engine, shp)

    assert not report.ok
    assert "--crs" in report.errors[0].message and "9209" in report.errors[0].message
    assert project_count(engine) == before
    # the zones offered are tried on the sites: the one that puts them in the registry's provinces is named (five
    # were listed untried, and an officer picking one could guess wrong)
    fits = (
        f"read in EPSG:9209 (TM-3 105°30', former Trà Vinh and Vĩnh Long (new Vĩnh Long)), {len(source)} of the file's"
    )
    assert fits in report.errors[0].message and "--province" in report.errors[0].message, report.errors[0].message
    assert "đọc theo EPSG:9209" in report.errors[0].message_vi


def test_an_empty_prj_is_read_as_none_and_said_not_a_crash(engine, tmp_path):
    """Trial 63: a .prj holding only a line break (what a failed `gdalsrsinfo` or some tools write for an unknown CRS)
    stopped the check with "AttributeError: 'NoneType' object has no attribute 'zero_shift'". It is read as no .prj:
    the province given decides the zone, and the report says the .prj was empty."""
    source = district_projects("84", "T-emptyprj")
    shp = legacy_shapefile(tmp_path, source.set_geometry(to_crs(source.geometry.values, 9209), crs=None), "utf-8", "\n")

    report = run(engine, shp, province="84", dry_run=True)

    assert report.ok, report.errors
    assert report.crs.startswith("EPSG:9209") and "inferred" in report.crs_how
    said = [w for w in report.warnings if "data.prj file is empty" in w.message]
    assert len(said) == 1 and "data.prj trống" in said[0].message_vi
    refused = run(engine, shp, dry_run=True)  # no province: the zones are offered, as for a file without a .prj
    assert not refused.ok and "--crs" in refused.errors[0].message and "9209" in refused.errors[0].message


def test_without_prj_the_zone_comes_from_the_province_column_when_the_file_gives_one(engine, tmp_path):
    """A trial's shapefile without a .prj, its MA_TINH 95 (and once 94, a typo), was refused as giving no province."""
    source = district_projects("95", "T-matinh").assign(MA_TINH="95")
    shp = legacy_shapefile(tmp_path, source.set_geometry(to_crs(source.geometry.values, 5897), crs=None), "utf-8", None)

    report = run(engine, shp, dry_run=True)

    assert report.ok, report.errors
    assert (
        report.crs.startswith("EPSG:5897") and "the zone of province 95, as the file's MA_TINH column" in report.crs_how
    )
    typo = source.assign(MA_TINH=["94"] + ["95"] * (len(source) - 1))  # a neighbour's code: warned of, zone kept
    folder = tmp_path / "typo"
    folder.mkdir()
    shp = legacy_shapefile(folder, typo.set_geometry(to_crs(typo.geometry.values, 5897), crs=None), "utf-8", None)
    warned = run(engine, shp, dry_run=True)
    assert warned.ok and warned.crs.startswith("EPSG:5897"), warned.errors
    assert any("province code 94, but the site lies in province 95" in w.message for w in warned.warnings)
    mixed = source.assign(MA_TINH=["95", "84"] * (len(source) // 2) + ["95"] * (len(source) % 2))
    folder = tmp_path / "mixed"
    folder.mkdir()
    shp = legacy_shapefile(folder, mixed.set_geometry(to_crs(mixed.geometry.values, 5897), crs=None), "utf-8", None)
    refused = run(engine, shp, dry_run=True)  # two provinces of two zones: the zone is still asked for
    assert not refused.ok and "--crs" in refused.errors[0].message


def test_noi_bo_prj_is_warned_about_and_can_be_confirmed_as_official(engine, tmp_path):
    source = district_projects("84", "T-noibo")
    projected = source.set_geometry(to_crs(source.geometry.values, 9209), crs=None)
    zero_shift = (
        "+proj=tmerc +lat_0=0 +lon_0=105.5 +k=0.9999 +x_0=500000 +y_0=0 +ellps=WGS84 +towgs84=0,0,0,0,0,0,0 +units=m"
    )
    shp = legacy_shapefile(tmp_path, projected, "utf-8", CRS.from_proj4(zero_shift).to_wkt("WKT1_GDAL"))

    as_declared = run(engine, shp, dry_run=True)
    confirmed = run(engine, shp, dry_run=True, official_vn2000=True)

    assert any("225 m" in w.message for w in as_declared.warnings)
    assert confirmed.crs.startswith("EPSG:9209")
    first_vertex = shapely.get_coordinates(source.geometry[0])[0]
    assert np.allclose(sample_vertex(confirmed), first_vertex, atol=2e-6)
    offset_deg = np.abs(sample_vertex(as_declared) - first_vertex).max()
    assert offset_deg > 1e-3  # the zero shift is ~225 m (~0.002°) off


def sample_vertex(report) -> np.ndarray:
    """The first vertex of the first sample row (its geometry is shown as WKT, shortened)."""
    x, y = re.search(r"\(+([-\d.]+) ([-\d.]+)", report.sample_rows[0]["geometry"]).groups()
    return np.array([float(x), float(y)])


def write_csv(path: Path, text: str, encoding: str = "utf-8-sig") -> Path:
    path.write_text(text, encoding=encoding)
    return path


def test_a_sheets_numbers_are_read_in_the_writing_their_column_uses_and_an_ambiguous_one_is_refused(engine, tmp_path):
    """A sheet writes "2.500" (2500 in Vietnamese, 2.5 in English): read as 2.5, a budget was stored a thousand
    times too small. The column's other cells say which writing it uses; where none does, the cell is refused with
    both readings, and nothing is written."""
    vietnamese = write_csv(
        tmp_path / "von_vn.csv",
        "ma_du_an;ten;loai;x;y;tong_von;cong_suat\n"
        "NUM-1;Cống A;sluice;105,62;9,35;2.500;12,5\n"
        "NUM-2;Cống B;sluice;105,63;9,36;1.216,67;3\n",
    )
    report = run(engine, vietnamese, province="95", dry_run=True)
    assert report.ok, report.errors
    assert [(r["budget_vnd_billion"], r["capacity_value"]) for r in report.sample_rows] == [(2500, 12.5), (1216.67, 3)]

    english = write_csv(
        tmp_path / "von_en.csv",
        "ma_du_an,ten,loai,x,y,tong_von\nNUM-3,Cống C,sluice,105.62,9.35,2.500\nNUM-4,Cống D,sluice,105.63,9.36,0.75\n",
    )
    report = run(engine, english, province="95", dry_run=True)
    assert report.ok and [r["budget_vnd_billion"] for r in report.sample_rows] == [2.5, 0.75]
    # the column shows its decimal point alone ("0.75"): a sheet filled from two sources may mean 2500, so it is said
    (warned,) = [w for w in report.warnings if w.field == "tong_von"]
    assert (warned.index, warned.value) == (0, "2.500")
    assert "read as 2.5, as the column's other cells write numbers (a decimal point)" in warned.message
    assert "if this cell means 2,500, write 2500" in warned.message
    assert "đọc là 2,5" in warned.message_vi and "nếu ô này là 2.500, hãy viết 2500" in warned.message_vi
    grouped = write_csv(
        tmp_path / "von_en_nhom.csv",
        "ma_du_an,ten,loai,x,y,tong_von\nNUM-7,Cống G,sluice,105.62,9.35,2.500\n"
        'NUM-8,Cống H,sluice,105.63,9.36,"1,216.67"\n',
    )
    report = run(engine, grouped, province="95", dry_run=True)  # thousands grouped by commas: "2.500" is 2.5
    assert report.ok and [r["budget_vnd_billion"] for r in report.sample_rows] == [2.5, 1216.67]
    assert not [w for w in report.warnings if w.field == "tong_von"]

    unsaid = write_csv(
        tmp_path / "von.csv",
        "ma_du_an,ten,loai,x,y,tong_von\nNUM-5,Cống E,sluice,105.62,9.35,2.500\nNUM-6,Cống F,sluice,105.63,9.36,300\n",
    )
    before = project_count(engine)
    report = run(engine, unsaid, province="95")
    assert not report.ok and project_count(engine) == before
    (error,) = report.errors
    assert (error.index, error.field, error.value) == (0, "tong_von", "2.500")
    assert "reads two ways: 2,500 as Vietnamese writes numbers, 2.5 as English does" in error.message
    assert "2.500 theo cách viết Việt Nam, 2,5 theo cách viết tiếng Anh" in error.message_vi


def test_csv_with_vietnamese_columns_loads_points_and_status(engine, tmp_path):
    csv = write_csv(
        tmp_path / "du_an.csv",
        "Mã dự án;Tên dự án;Loại;Kinh độ;Vĩ độ;Trạng thái;Tiến độ\n"
        "CSV-1;Trạm bơm Vĩnh Lợi;Khác;105,62;9,35;Đang thi công;40\n"
        "CSV-2;Cống Cầu Sập;sluice;105.55;9.38;;\n",
    )
    report = run(engine, csv, province="95", mode="upsert")

    assert report.ok, report.errors
    assert "CSV" in report.format and report.written_count == 2
    first, second = stored(engine, "CSV-1"), stored(engine, "CSV-2")
    assert (first.status, first.percent, first.kind) == ("under_construction", 40, "other")
    assert (second.status, second.kind, second.province_code) == ("proposed", "sluice", "95")
    # The new sites count in the progress overlays at once: each point has its unit in both schemes.
    with Session(engine) as session:
        shares = session.execute(
            text(
                "SELECT u.scheme, sum(s.share) FROM project_unit_share s JOIN admin_unit u ON u.id = s.unit_id "
                "WHERE s.project_id = :id AND u.level IN ('district', 'commune') GROUP BY u.scheme"
            ),
            {"id": first.id},
        ).all()
    assert dict(shares) == {"pre2025": pytest.approx(1.0), "2025": pytest.approx(1.0)}


def test_a_sheet_with_camelcase_office_columns_loads_them_all(engine, tmp_path):
    """A trial's GhiChu column was not loaded beside MaCT and TenCT, which were."""
    csv = write_csv(
        tmp_path / "camel.csv",
        "MaCT,TenCT,LoaiCT,KinhDo,ViDo,GhiChu,MoTa,NguonVon\n"
        "CC-1,Cống Láng Trâm,Cống,105.5,9.3,Cạnh chợ Láng Trâm,Cống ngăn mặn,Ngân sách tỉnh\n",
    )

    report = run(engine, csv, province="95")

    assert report.ok, report.errors
    assert not [w for w in report.warnings if w.message.startswith("columns not loaded")], report.warnings
    stored_project = stored(engine, "CC-1")
    assert (stored_project.location_note_vi, stored_project.description_vi, stored_project.funding_source) == (
        "Cạnh chợ Láng Trâm",
        "Cống ngăn mặn",
        "Ngân sách tỉnh",
    )


def test_a_sheet_names_its_plan_action_agency_and_precision_as_offices_do(engine, tmp_path):
    """KE_HOACH, NHIEM_VU and CQ_CHU_TRI were not taken for the plan, action and lead agency, nor DO_CHINH_X (a
    shapefile's cut of DO_CHINH_XAC) for the precision: a reload of the office's own file would have blanked them."""
    csv = write_csv(
        tmp_path / "office.csv",
        "MA_DA,TEN_DA,LOAI,KINH_DO,VI_DO,KE_HOACH,NHIEM_VU,CQ_CHU_TRI,DO_CHINH_X\n"
        "OF-1,Cống Cái Cùng,Cống,105.5,9.3,148/QĐ-UBND,1.1,VL.SNNMT,approximate\n"
        "OF-2,Cống Cái Tràm,Cống,105.51,9.31,148/QĐ-UBND,1.1,VL.SNNMT,Đo đạc\n"
        "OF-3,Cống Cái Keo,Cống,105.52,9.32,148/QĐ-UBND,1.1,VL.SNNMT,Theo xã\n",
    )

    report = run(engine, csv, province="95")

    assert report.ok, report.errors
    assert not [w for w in report.warnings if w.message.startswith("columns not loaded")], report.warnings
    with Session(engine) as session:
        rows = session.execute(
            text(
                "SELECT pl.code, pa.code, ag.code, p.location_precision FROM project p "
                "JOIN plan pl ON pl.id = p.plan_id JOIN plan_action pa ON pa.id = p.plan_action_id "
                "JOIN agency ag ON ag.id = p.lead_agency_id "
                "WHERE p.code LIKE 'OF-%' ORDER BY p.code"
            )
        ).all()
    assert [tuple(r) for r in rows] == [  # the precision as offices write it too: "Đo đạc", "Theo xã"
        ("148/QĐ-UBND", "1.1", "VL.SNNMT", precision) for precision in ("approximate", "surveyed", "commune")
    ]


def test_an_unknown_plan_action_names_the_files_plan_column_the_plan_and_the_plans_codes(engine, tmp_path):
    """Trial 69: "P99" was refused as "the plan in the plan column has no action with this code (e.g. A4)", where the
    officer's plan column is KE_HOACH and plan 1099/QĐ-UBND numbers its actions P1–P10 and A1–A22. A row with no plan
    is told to give one."""
    csv = write_csv(
        tmp_path / "cong_caungang.csv",
        "MA_DA,TEN_DA,LOAI,KINH_DO,VI_DO,KE_HOACH,NHIEM_VU\n"
        "CN-057,Cống Cầu Ngang,Cống,106.45,9.8,1099/QĐ-UBND,P99\n"
        "CN-058,Cống Mỹ Long,Cống,106.46,9.8,,A4\n",
    )

    report = run(engine, csv, province="84", dry_run=True)

    unknown, without_plan = [e for e in report.errors if e.field == "NHIEM_VU"]
    assert (unknown.value, unknown.rows, without_plan.rows) == ("P99", (2,), (3,))
    assert unknown.message == (
        "plan 1099/QĐ-UBND (column KE_HOACH) has no action with this code; the plan's action codes: P1–P10, A1–A22; "
        "give the action's code as the plan numbers it"
    )
    assert unknown.message_vi.startswith("kế hoạch 1099/QĐ-UBND (cột KE_HOACH) không có nhiệm vụ nào mang mã này")
    assert "give the plan's decision number (e.g. 1099/QĐ-UBND) in the KE_HOACH column" in without_plan.message


def test_csv_with_latitude_and_longitude_swapped_is_refused_clearly(engine, tmp_path):
    csv = write_csv(
        tmp_path / "swapped.csv", "ma,ten,loai,x,y\nSW-1,Kè,embankment,9.35,105.62\nSW-2,Kè 2,embankment,9.4,105.7\n"
    )
    before = project_count(engine)

    report = run(engine, csv, province="95")

    assert not report.ok and "swapped" in report.errors[0].message
    assert project_count(engine) == before


@pytest.mark.parametrize(
    ("prefix", "crs", "mapping"),
    [("SVI", None, {}), ("SVC", "EPSG:5897", {}), ("SVM", None, parse_map_options(["longitude=Y", "vi_do=X"]))],
)
def test_a_survey_sheet_with_x_the_northing_loads_its_sites_where_they_are(engine, tmp_path, prefix, crs, mapping):
    """A trial's GIS officer loaded a VN-2000 sheet written the survey way (X the northing, about 1,028 km, Y the
    easting, 560 km): it was refused as "neither degrees nor TM-3 metres", and with --crs EPSG:5897 every site lay
    480 km out at sea; --map longitude=Y was refused as naming a column the file did not have."""
    sites = {f"{prefix}-1": (105.45, 9.30), f"{prefix}-2": (105.62, 9.24)}
    eastings, northings = from_wgs84(5897).transform(*zip(*sites.values(), strict=True))
    rows = "".join(
        f"{i},{code},Cống {i},Cống,{northing:.3f},{easting:.3f}\n"
        for i, (code, easting, northing) in enumerate(zip(sites, eastings, northings, strict=True), start=1)
    )
    csv = write_csv(tmp_path / "cong_trinh_XY.csv", "STT,Mã CT,Tên công trình,Loại công trình,X,Y\n" + rows)

    report = run(engine, csv, province="95", crs=crs, mapping=mapping)

    assert report.ok, [e.message for e in report.errors]
    said = " ".join(w.message for w in report.warnings)
    assert ("column X holds the northings" in said) == (not mapping), said  # mapped: the officer said it
    assert report.crs.startswith("EPSG:5897"), report.crs
    assert report.columns.startswith("Y → lon, X → lat, Mã CT → code"), report.columns  # where the sites came from
    for code, (lon, lat) in sites.items():
        point = stored_shape(engine, code)
        assert abs(point.x - lon) < 1e-6 and abs(point.y - lat) < 1e-6, (code, point.wkt)


def test_an_agency_is_found_by_its_name_where_no_other_agency_has_it(engine, tmp_path):
    """A trial's officer mapped a column of agency names to lead_agency and read, on every row, only that no agency
    had "this code". A name one agency alone has is that agency, written in any case or spacing; a name several have
    ("Sở Tài nguyên và Môi trường" was Bạc Liêu's and Trà Vinh's) is refused with their codes, to choose from."""
    header = "ma,ten,loai,kinh_do,vi_do,lead_agency\n"
    unique = "AG-1,Cống A,sluice,105.5,9.3,sở khoa học và  công nghệ tỉnh Bạc Liêu\n"
    shared = "AG-2,Cống B,sluice,105.5,9.3,Sở Tài nguyên và Môi trường\n"
    unknown = "AG-3,Cống C,sluice,105.5,9.3,Sở Tài nguyên\n"
    before = project_count(engine)

    report = run(engine, write_csv(tmp_path / "co_quan.csv", header + unique + shared + unknown), province="95")

    assert not report.ok and project_count(engine) == before
    told = {error.value: error.message for error in report.errors if error.field == "lead_agency"}
    assert set(told) == {"Sở Tài nguyên và Môi trường", "Sở Tài nguyên"}, report.errors
    assert (
        "several agencies have this name (BL.STNMT, TV.STNMT): give the agency's code"
        in told["Sở Tài nguyên và Môi trường"]
    )
    assert "no agency with this code or name" in told["Sở Tài nguyên"] and "/api/agencies" in told["Sở Tài nguyên"]

    report = run(engine, write_csv(tmp_path / "co_quan_mot.csv", header + unique), province="95")

    assert report.ok, [e.message for e in report.errors]
    with engine.connect() as connection:
        agency = connection.scalar(
            text("SELECT a.code FROM project p JOIN agency a ON a.id = p.lead_agency_id WHERE p.code = 'AG-1'")
        )
    assert agency == "BL.SKHCN"


def test_a_column_not_loaded_is_said_once_for_a_files_layers(engine, tmp_path):
    """A trial's zip of points, lines and areas, each with a DV_QL column, said "columns not loaded: DV_QL" three
    times."""
    path = tmp_path / "hai_lop.gpkg"
    for layer, geometry in (
        ("diem", shapely.Point(105.5, 9.3)),
        ("tuyen", shapely.LineString([(105.5, 9.3), (105.6, 9.3)])),
    ):
        frame = {"ma": [f"UNU-{layer}"], "ten": ["Công trình"], "loai": ["sluice"], "DV_QL": ["Chi cục Thủy lợi"]}
        gpd.GeoDataFrame(frame, geometry=[geometry], crs="EPSG:4326").to_file(path, layer=layer)

    report = run(engine, path, province="95", dry_run=True)

    assert report.ok, report.errors
    said = [w for w in report.warnings if w.message.startswith("columns not loaded")]
    assert len(said) == 1 and "DV_QL" in said[0].message, said
    assert said[0].layer is None  # of the file: it named the first layer alone, as if the other loaded DV_QL


def test_a_zip_of_layers_with_the_same_crs_says_how_each_was_read(engine, tmp_path):
    """A trial's zip of three shapefiles, each with its .prj, said "from the DuAn_Vung.prj file" alone."""
    archive = tmp_path / "du_an.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for name, geometry in (
            ("diem", shapely.Point(105.5, 9.3)),
            ("tuyen", shapely.LineString([(105.5, 9.3), (105.6, 9.3)])),
        ):
            frame = gpd.GeoDataFrame(
                {"ma": [f"ZL-{name}"], "ten": ["Cống"], "loai": ["sluice"]}, geometry=[geometry], crs=4326
            )
            frame.to_crs(5897).to_file(tmp_path / f"{name}.shp", encoding="utf-8")
            for part in tmp_path.glob(f"{name}.*"):
                zf.write(part, part.name)

    report = run(engine, archive, province="95", dry_run=True)

    assert report.ok, report.errors
    assert report.crs.startswith("EPSG:5897") and "diem.prj" in report.crs_how, report.crs_how
    assert report.crs_how.endswith("; the same for layer(s) tuyen"), report.crs_how


def test_invalid_polygon_is_repaired_and_reported_for_that_feature(engine, tmp_path):
    bowtie = shapely.Polygon([(105.6, 9.3), (105.7, 9.4), (105.7, 9.3), (105.6, 9.4), (105.6, 9.3)])
    good = shapely.box(105.5, 9.2, 105.55, 9.25)
    frame = gpd.GeoDataFrame(
        {"code": ["FIX-1", "FIX-2"], "name_vi": ["Rừng A", "Rừng B"], "kind": "forest_planting"},
        geometry=[good, bowtie],
        crs="EPSG:4326",
    )
    path = tmp_path / "repair.gpkg"
    frame.to_file(path)
    frame.assign(kind=["forest_planting", "volcano"]).to_file(tmp_path / "refused.gpkg")

    checked, refused, report = (
        run(engine, path, dry_run=True),
        run(engine, tmp_path / "refused.gpkg"),
        run(engine, path),
    )

    assert checked.ok and not refused.ok and report.ok, report.errors
    for told in (checked, refused):  # nothing written: the repair is to come, not done (it read as done in a check)
        (repair,) = [w for w in told.warnings if "make_valid" in w.message]
        assert (
            "(Self-intersection[105.65 9.35]) will be repaired with make_valid when the file is loaded"
            in repair.message
        )
        assert "sẽ được sửa bằng make_valid khi nạp tệp; hãy kiểm tra hình dạng" in repair.message_vi
    repaired = [w for w in report.warnings if "make_valid" in w.message]
    assert [(w.index, w.field) for w in repaired] == [(1, "geometry")]
    assert "invalid geometry (Self-intersection[105.65 9.35]) was repaired with make_valid" in repaired[0].message
    assert "(Self-intersection[105.65 9.35]) đã được sửa bằng make_valid" in repaired[0].message_vi
    assert shapely.is_valid(stored_shape(engine, "FIX-2"))


def test_a_line_that_repair_would_make_a_point_is_refused_not_stored_as_a_point(engine, tmp_path):
    """A trial's canal, a line whose two vertices were the same point, was "repaired" into a point with only "check
    the shape" said: the canal would have been stored as a point."""
    canal = shapely.LineString([(105.45, 9.3), (105.45, 9.3)])
    frame = gpd.GeoDataFrame(
        {"code": ["COL-1", "COL-2"], "name_vi": ["Kênh A", "Kênh B"], "kind": "canal"},
        geometry=[shapely.LineString([(105.4, 9.3), (105.5, 9.3)]), canal],
        crs="EPSG:4326",
    )
    path = tmp_path / "kenh.gpkg"
    frame.to_file(path)
    before = project_count(engine)

    report = run(engine, path)

    assert not report.ok and project_count(engine) == before
    (error,) = report.errors
    assert (error.index, error.field) == (1, "geometry"), error
    assert "make_valid would make the line a point, so it is not loaded" in error.message, error.message
    assert "sửa bằng make_valid thì đường thành điểm" in error.message_vi, error.message_vi


def test_one_file_with_bad_features_writes_nothing_and_lists_every_problem(engine, tmp_path):
    frame = gpd.GeoDataFrame(
        {
            "code": ["BAD-1", "BAD-2", "BAD-3", "BAD-4"],
            "name_vi": ["Đê A", "Đê B", None, "Đê D"],
            "kind": ["sea_dyke", "volcano", "sea_dyke", "sea_dyke"],
            "percent": [10, 20, 30, 250],
        },
        geometry=[
            shapely.box(105.5, 9.2, 105.6, 9.3),
            shapely.box(105.5, 9.2, 105.6, 9.3),
            shapely.Point(105.6, 9.3),
            shapely.Point(120, 9),
        ],
        crs="EPSG:4326",
    )
    path = tmp_path / "bad.geojson"
    frame.to_file(path, driver="GeoJSON")
    before = project_count(engine)
    with Session(engine) as session:
        version = version_of(session, "projects")

    report = run(engine, path)

    assert not report.ok
    problems = {(e.index, e.field) for e in report.errors}
    assert problems == {(1, "kind"), (2, "name_vi"), (3, "geometry")}
    assert project_count(engine) == before
    with Session(engine) as session:
        assert version_of(session, "projects") == version
        job = session.get(IngestJob, report.job_id)
        assert job.state == "failed" and len(job.errors) == 3


def test_reloading_upserts_by_code_without_duplicates_and_records_status_changes(engine, tmp_path):
    def load(status: str):
        frame = gpd.GeoDataFrame(
            {"ma": ["UP-1"], "ten": ["Điện gió Đông Hải 9"], "loai": ["wind_farm"], "trang_thai": [status]},
            geometry=[shapely.Point(105.55, 9.3)],
            crs="EPSG:4326",
        )
        path = tmp_path / f"{status}.geojson"
        frame.to_file(path, driver="GeoJSON")
        return run(engine, path, mode="upsert")

    with Session(engine) as session:
        version = version_of(session, "projects")
    assert load("preparing").ok and load("preparing").ok and load("operating").ok
    with Session(engine) as session:
        project = session.scalar(select(Project).where(Project.code == "UP-1"))
        events = session.scalars(
            select(StatusEvent.status).where(StatusEvent.project_id == project.id).order_by(StatusEvent.version)
        ).all()
        assert session.scalar(select(func.count()).select_from(Project).where(Project.code == "UP-1")) == 1
        assert events == ["preparing", "operating"] and project.status == "operating"
        assert version_of(session, "projects") > version
        job = session.scalar(select(IngestJob).where(IngestJob.state == "committed").order_by(IngestJob.id.desc()))
        assert job.written_count == 1 and job.file_sha256 and job.detected_crs.startswith("EPSG:4326")


def test_kml_with_3d_points_loads_in_wgs84_with_z_dropped_and_noted(engine, tmp_path):
    frame = gpd.GeoDataFrame(
        {"Name": ["KML-1"], "ten_du_an": ["Trạm biến áp Hòa Bình"], "loai": ["substation"]},
        geometry=[shapely.Point(105.62, 9.28, 3.5)],
        crs="EPSG:4326",
    )
    path = tmp_path / "tram.kml"
    frame.to_file(path, driver="KML")

    report = run(engine, path, dry_run=True, mapping={"code": "Name"})

    assert report.ok, report.errors
    assert report.format == "KML" and report.crs.startswith("EPSG:4326")
    assert any("Z/M values, dropped" in w.message for w in report.warnings)
    assert report.sample_rows[0]["geometry"] == "POINT (105.62 9.28)"
    assert report.sample_rows[0]["name_vi"] == "Trạm biến áp Hòa Bình"


def test_units_upsert_by_code_keeps_one_row_per_unit_and_expires_the_layer(engine):
    from geo.models import AdminUnit, UnitCrosswalk

    def districts_in_registry(session):
        query = select(func.count()).select_from(AdminUnit).filter_by(scheme="pre2025", level="district")
        return session.scalar(query)

    with Session(engine) as session:
        before, version = districts_in_registry(session), version_of(session, "units_pre2025_district")

    report = run(
        engine,
        DISTRICTS,
        "units",
        scheme="pre2025",
        kind="district",
        mode="upsert",
        mapping={"code": "district_code", "name_vi": "district_name", "name_en": "district_name"},
    )

    assert report.ok, report.errors
    assert report.written_count == 16
    with Session(engine) as session:
        assert districts_in_registry(session) == before
        assert version_of(session, "units_pre2025_district") > version
        assert session.scalar(select(func.count()).select_from(UnitCrosswalk)) > 0
        unit = session.scalar(select(AdminUnit).filter_by(scheme="pre2025", level="district", code="842"))
        assert unit.name_vi == "Trà Vinh" and unit.geom is not None


def test_a_units_file_read_in_the_wrong_zone_is_refused_naming_the_zone_that_fits(engine, tmp_path):
    """Bạc Liêu's districts in VN-2000 metres of its zone (105°00'), in a GeoPackage whose CRS says Trà Vinh's
    (105°30'): an update by code said "boundary moved 54,930 m at most" of each and loaded, moving every boundary,
    and every project's share in them, 55 km east. It is refused, naming the zone that puts them back; read in
    that zone the same file changes nothing."""
    frame = districts("95").rename(columns={"district_code": "ma_huyen", "district_name": "ten_huyen"})
    frame = frame[["ma_huyen", "ten_huyen", "geometry"]]
    path = tmp_path / "huyen_bac_lieu.gpkg"
    frame.set_geometry(to_crs(frame.geometry.values, 5897), crs="EPSG:9209").to_file(path, driver="GPKG")
    with Session(engine) as session:
        before = session.execute(text("SELECT code, ST_AsText(geom) FROM admin_unit WHERE code = '954'")).one()

    report = run(engine, path, "units", scheme="pre2025", mode="upsert")

    refused = [e for e in report.errors if "centre moved more than 10 km" in e.message]
    assert not report.ok and len(refused) == 1, report.errors
    assert re.match(rf"{len(frame)} of the {len(frame)} units", refused[0].message), refused[0].message
    assert "Read in EPSG:5897 (TM-3 105°00', former Bạc Liêu)" in refused[0].message
    assert "--crs EPSG:5897" in refused[0].message and "Đọc theo EPSG:5897" in refused[0].message_vi
    with Session(engine) as session:
        assert session.execute(text("SELECT code, ST_AsText(geom) FROM admin_unit WHERE code = '954'")).one() == before
    # both provinces' districts: Trà Vinh's, 55 km east, fall outside the region, each an error; the zone is still
    # named (those errors were all the file was told)
    both = pyogrio.read_dataframe(DISTRICTS).rename(columns={"district_code": "ma_huyen", "district_name": "ten_huyen"})
    both_path = tmp_path / "huyen_hai_tinh.gpkg"
    both = both[["ma_huyen", "ten_huyen", "geometry"]]
    both.set_geometry(to_crs(both.geometry.values, 5897), crs="EPSG:9209").to_file(both_path, driver="GPKG")
    refused_both = run(engine, both_path, "units", scheme="pre2025", mode="upsert")
    assert any(e.field == "geometry" and e.index is not None for e in refused_both.errors), refused_both.errors
    named = [e for e in refused_both.errors if "centre moved more than 10 km" in e.message]
    assert len(named) == 1 and "--crs EPSG:5897" in named[0].message, [e.message for e in refused_both.errors]
    again = run(engine, path, "units", scheme="pre2025", mode="upsert", crs="EPSG:5897")
    assert again.ok and again.changes == {"new": 0, "updated": 0, "unchanged": len(frame)}, again.errors
    # its sample rows as the registry keeps them: the English name and type the file has no column for (shown empty,
    # as if the reload blanked them)
    with Session(engine) as session:
        kept = session.execute(
            text("SELECT name_en, unit_type_vi FROM admin_unit WHERE scheme = 'pre2025' AND code = :c"),
            {"c": again.sample_rows[0]["code"]},
        ).one()
    assert (again.sample_rows[0]["name_en"], again.sample_rows[0]["unit_type_vi"]) == tuple(kept) and kept[0]


def test_salinity_replace_swaps_the_zones_of_the_same_period(engine, tmp_path):
    from geo.models import SalinityZone

    frame = districts("95")[["geometry"]]
    frame["cap_man"] = ["0-2", "2-4", "4-8", "8-16", "16+", "4-8", "2-4"][: len(frame)]
    path = tmp_path / "man.gpkg"
    frame.to_file(path)

    first = run(engine, path, "salinity", period="2024-02", mode="replace", source="test")
    second = run(engine, path, "salinity", period="2024-02", mode="replace", source="test")

    assert first.ok and second.ok, (first.errors, second.errors)
    with Session(engine) as session:
        zones = session.scalars(select(SalinityZone).filter_by(period="2024-02")).all()
        assert len(zones) == len(frame) and {z.ingest_job_id for z in zones} == {second.job_id}
        assert {z.salinity_class for z in zones} == set(frame["cap_man"])


def test_a_reload_says_what_is_new_updated_or_unchanged_and_leaves_unchanged_projects_as_they_are(engine, tmp_path):
    """GIS staff reload last year's inventory with a few edits: the preview and the load say how many projects are
    new, updated (of those, with another status or percent) and unchanged; an unchanged project is not rewritten and
    still names the load that wrote it."""

    def inventory(name: str, rows: list[tuple[str, str, str]]) -> Path:
        frame = gpd.GeoDataFrame(
            {
                "ma": [r[0] for r in rows],
                "ten": [r[1] for r in rows],
                "loai": ["sluice"] * len(rows),
                "trang_thai": [r[2] for r in rows],
            },
            geometry=[shapely.Point(105.5 + i / 100, 9.3) for i in range(len(rows))],
            crs="EPSG:4326",
        )
        path = tmp_path / f"{name}.geojson"
        frame.to_file(path, driver="GeoJSON")
        return path

    first = run(
        engine,
        inventory(
            "2025", [("RL-1", "Cống A", "operating"), ("RL-2", "Cống B", "preparing"), ("RL-3", "Cống C", "preparing")]
        ),
        mode="upsert",
    )
    assert first.ok and first.changes["new"] == 3
    with Session(engine) as session:
        row_versions = dict(session.execute(text("SELECT code, xmin::text FROM project WHERE code LIKE 'RL-%'")).all())
    edited = inventory(
        "2026",
        [
            ("RL-1", "Cống A", "operating"),
            ("RL-2", "Cống B (mở rộng)", "preparing"),
            ("RL-3", "Cống C", "under_construction"),
            ("RL-4", "Cống D", "proposed"),
        ],
    )

    preview = run(engine, edited, mode="upsert", dry_run=True)
    report = run(engine, edited, mode="upsert")

    expected = {"new": 1, "updated": 2, "status_changed": 1, "history_added": 0, "unchanged": 1}
    assert preview.ok and preview.changes == expected and preview.written_count == 0
    assert report.ok and report.changes == expected and report.written_count == 3
    assert preview.changed_codes == report.changed_codes == {"new": ["RL-4"], "updated": ["RL-2", "RL-3"]}
    unchanged, renamed = stored(engine, "RL-1"), stored(engine, "RL-2")
    assert unchanged.sources == [f"2025.geojson (ingest job {first.job_id})"]
    assert renamed.name_vi == "Cống B (mở rộng)" and renamed.sources == [f"2026.geojson (ingest job {report.job_id})"]
    assert stored(engine, "RL-3").status == "under_construction"
    with Session(engine) as session:
        after = dict(session.execute(text("SELECT code, xmin::text FROM project WHERE code LIKE 'RL-%'")).all())
    assert after["RL-1"] == row_versions["RL-1"] and after["RL-2"] != row_versions["RL-2"]


def test_a_kind_written_as_offices_write_it_loads_as_its_code(engine, tmp_path):
    """Offices write "Cống", not "Cống, công trình điều tiết nước", and "Kè": the short names load as their kind."""
    sheet = tmp_path / "ten_ngan.csv"
    sheet.write_text(
        "ma,ten,loai,kinh_do,vi_do\n"
        "SHORT-1,Cống Láng Trâm,Cống,105.42,9.28\n"
        "SHORT-2,Kênh Hộ Phòng,kênh,105.43,9.27\n"
        "SHORT-3,Hồ chứa nước Vĩnh Lợi,Ho chua,105.44,9.29\n"
        "SHORT-4,Kè Gành Hào,Kè,105.45,9.28\n",
        encoding="utf-8",
    )

    report = run(engine, sheet, province="95")

    assert report.ok, report.errors
    assert [stored(engine, f"SHORT-{i}").kind for i in (1, 2, 3, 4)] == ["sluice", "canal", "reservoir", "embankment"]


def test_one_wrong_value_in_many_features_is_one_error_naming_the_first_features_and_counting_all(engine, tmp_path):
    """A sheet whose 749 rows all say "Cong tron" (no such kind) and one says "Ke đá": two errors, not 750 each with
    the whole list of kinds; the first names ten features and counts the others, in both languages."""
    rows = [f"GROUP-{i},Cống số {i},{'Ke đá' if i == 5 else 'Cong tron'},105.42,9.28" for i in range(750)]
    sheet = tmp_path / "cung_loi.csv"
    sheet.write_text("ma,ten,loai,kinh_do,vi_do\n" + "\n".join(rows) + "\n", encoding="utf-8")

    report = run(engine, sheet, province="95")

    assert not report.ok and report.error_count == 750
    assert [(p.value, p.index, p.count) for p in report.errors] == [("Cong tron", 0, 749), ("Ke đá", 5, 1)]
    assert report.errors[0].also == (1, 2, 3, 4, 6, 7, 8, 9, 10)
    named = "rows 2, 3, 4, 5, 6, 8, 9, 10, 11, 12 (features 0, 1, 2, 3, 4, 6, 7, 8, 9, 10) and 739 more"
    assert f"{named}, field loai, value 'Cong tron':" in report.errors[0].text("en")
    named_vi = "dòng 2, 3, 4, 5, 6, 8, 9, 10, 11, 12 (đối tượng 0, 1, 2, 3, 4, 6, 7, 8, 9, 10) và 739 đối tượng khác"
    assert f"{named_vi}, trường loai" in report.errors[0].text("vi")
    assert "layer cung_loi, row 7 (feature 5), code GROUP-5, field loai, value 'Ke đá':" in report.errors[1].text("en")


def test_a_sheets_problems_name_the_row_a_spreadsheet_shows_blank_rows_and_line_breaks_in_cells_counted(
    engine, tmp_path
):
    """GIS staff mend a CSV in a spreadsheet: "feature 2" (from 0, blank rows skipped) had them count rows by hand,
    and a name with a line break in it shifted every row below it. A problem names the sheet's row first."""
    sheet = tmp_path / "hang.csv"
    sheet.write_text(
        "ma,ten,loai,kinh_do,vi_do\n"
        "\n"
        "ROW-1,Cống A,sluice,105.42,9.28\n"
        'ROW-2,"Cống B\n(hai dòng)",Cong tron,105.42,9.28\n'
        "ROW-3,Cống C,Cong tron,105.42,9.28\n",
        encoding="utf-8",
    )
    report = run(engine, sheet, province="95")

    assert [(p.index, p.also, p.rows) for p in report.errors] == [(1, (2,), (4, 5))]
    where = "layer hang, rows 4, 5 (features 1, 2), codes ROW-2, ROW-3, field loai, value 'Cong tron':"
    assert where in report.errors[0].text("en")
    assert "lớp hang, dòng 4, 5 (đối tượng 1, 2), mã ROW-2, ROW-3, trường loai" in report.errors[0].text("vi")
    assert project_count_like(engine, "ROW-%") == 0
    assert project_count_like(engine, "GROUP-%") == 0


def project_count_like(engine: Engine, pattern: str) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(Project).where(Project.code.like(pattern)))


def test_a_percent_out_of_range_is_named_with_the_value_the_file_holds(engine, tmp_path):
    sheet = tmp_path / "tien_do.csv"
    sheet.write_text("ma,ten,loai,tien_do,kinh_do,vi_do\nPCT-1,Kè,embankment,120,105.42,9.28\n", encoding="utf-8")

    report = run(engine, sheet, province="95")

    assert [(p.field, p.value) for p in report.errors] == [("tien_do", "120")]  # not "120.0"


def test_a_percent_written_with_its_sign_or_a_decimal_comma_is_read_as_a_status_import_reads_it(engine, tmp_path):
    """Trial 69: "15%" was refused ("not a number") in a sheet loaded, while /api/status-imports takes "55%"; one
    reading for both (geo.ingest.numbers.read_percent), the sign spaced or not, a decimal comma too."""
    cells = ("15 %", '"15,5%"', "55%")  # the sample rows: the first three
    sheet = tmp_path / "tien_do_dau.csv"
    sheet.write_text(
        "ma,ten,loai,tinh_trang,tien_do,kinh_do,vi_do\n"
        + "".join(f"PCT-{i},Kè {i},embankment,Đang thi công,{cell},105.4{i},9.28\n" for i, cell in enumerate(cells)),
        encoding="utf-8",
    )

    report = run(engine, sheet, province="95", dry_run=True)

    assert report.ok, report.errors
    assert [row["percent"] for row in report.sample_rows] == [15, 15.5, 55]


def test_a_csv_with_a_wkt_column_loads_lines_and_polygons_and_refuses_a_cell_that_is_not_wkt(engine, tmp_path):
    """The registry's CSV export (and GDAL's GEOMETRY=AS_WKT) holds each geometry in a wkt column beside a point on
    it in x/y: the geometry loads as it is, not the point; a cell that is not WKT refuses the file, naming its row."""
    sheet = tmp_path / "wkt.csv"
    sheet.write_text(
        "code,name_vi,kind,x,y,wkt\n"
        'WKT-1,Kênh Hộ Phòng,canal,105.43,9.27,"LINESTRING (105.42 9.26, 105.44 9.28)"\n'
        'WKT-2,Rừng phòng hộ,forest_planting,105.43,9.27,"POLYGON ((105.42 9.26, 105.44 9.26, 105.44 9.28, '
        '105.42 9.26))"\n'
        'WKT-3,Cống,sluice,105.43,9.27,"MULTIPOINT ((105.45 9.29))"\n',
        encoding="utf-8",
    )
    report = run(engine, sheet, province="95")

    assert report.ok, report.errors
    assert not any(w.field == "x" or "wkt" in w.message for w in report.warnings), report.warnings
    assert stored_shape(engine, "WKT-1").geom_type == "LineString"
    assert stored_shape(engine, "WKT-2").geom_type == "Polygon"
    assert stored_shape(engine, "WKT-3").wkt == "POINT (105.45 9.29)"  # a one-point MultiPoint is the point it is

    sheet.write_text(sheet.read_text().replace("WKT-", "BADWKT-").replace("LINESTRING (", "LINESTRNG ("))
    report = run(engine, sheet, province="95")
    assert not report.ok and project_count_like(engine, "BADWKT-%") == 0
    assert "row 2 (feature 0), column wkt: 'LINESTRNG (105.42" in report.errors[0].text("en")
    assert "dòng 2 (đối tượng 0), cột wkt: không đọc được hình học WKT" in report.errors[0].text("vi")


def test_a_csv_whose_sites_lie_outside_the_region_names_their_rows(engine, tmp_path):
    """A spreadsheet's sites far out of the region refuse the file, naming each by the row its officer finds in the
    sheet ("row 2"), not by an index that starts at zero ("#0")."""
    sheet = tmp_path / "ha_noi.csv"
    sheet.write_text(
        "code,name_vi,kind,lon,lat\nHN-1,Cống Hà Nội,sluice,105.85,21.03\nHN-2,Cống Hà Nội 2,sluice,105.86,21.04\n",
        encoding="utf-8",
    )
    report = run(engine, sheet)
    assert not report.ok and project_count_like(engine, "HN-%") == 0
    message = report.errors[0]
    assert "row 2 (lon 105.85, lat 21.03)" in message.text("en") and "row 3 (lon 105.86" in message.text("en")
    assert "dòng 2 (kinh độ 105,85, vĩ độ 21,03)" in message.text("vi") and "#" not in message.text("vi")


def test_a_location_precision_not_known_is_an_error_of_its_feature_and_a_label_loads_as_its_code(engine, tmp_path):
    sheet = tmp_path / "do_chinh_xac.csv"
    sheet.write_text(
        "ma,ten,loai,location_precision,kinh_do,vi_do\n"
        "PREC-1,Cống Láng Trâm,sluice,Gần đúng,105.42,9.28\n"
        "PREC-2,Cống Gành Hào,sluice,exact,105.43,9.28\n",
        encoding="utf-8",
    )
    report = run(engine, sheet, province="95")

    assert not report.ok and project_count_like(engine, "PREC-%") == 0
    [error] = report.errors
    assert (error.index, error.field, error.value) == (1, "location_precision", "exact")
    assert "surveyed (" in error.text("en") and "độ chính xác vị trí không rõ" in error.text("vi")

    sheet.write_text(sheet.read_text().replace("exact", "district"), encoding="utf-8")
    assert run(engine, sheet, province="95").ok
    assert [stored(engine, c).location_precision for c in ("PREC-1", "PREC-2")] == ["approximate", "district"]


def test_a_fault_of_the_registry_during_a_load_is_told_and_its_job_recorded_failed(engine, tmp_path, monkeypatch):
    """A bug met while loading (here: the geometry check breaks) is not a traceback and a load left unrecorded: the
    report refuses the file with the fault, the job is failed with it, nothing is written."""
    from geo.ingest import geometry

    def broken(*args, **kwargs):
        raise TypeError("unhashable type: 'numpy.ndarray'")

    monkeypatch.setattr(geometry, "check", broken)
    sheet = tmp_path / "loi.csv"
    sheet.write_text("ma,ten,loai,kinh_do,vi_do\nFAULT-1,Cống,sluice,105.42,9.28\n", encoding="utf-8")

    report = run(engine, sheet, province="95")

    assert not report.ok and project_count_like(engine, "FAULT-%") == 0
    assert "unexpected error (TypeError: unhashable type" in report.errors[0].text("en")
    with Session(engine) as session:
        job = session.get(IngestJob, report.job_id)
        assert job.state == "failed" and "TypeError" in job.errors[0]["message"]


def test_a_reload_says_what_changes_in_its_first_updated_projects_field_by_field(engine, tmp_path):
    """Before loading last year's inventory again, GIS staff see what it would change in each updated project: the
    registry's value, then the file's; the same when it is loaded. At most the first ten, in the file's order."""
    header = "ma,ten,loai,trang_thai,tien_do,nguon_von,kinh_do,vi_do\n"
    rows = [f"DIFF-{i:02},Cống số {i},sluice,proposed,0,Ngân sách tỉnh,105.42,9.28" for i in range(14)]
    sheet = tmp_path / "kiem_ke.csv"
    sheet.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    assert run(engine, sheet, province="95").ok
    edited = list(rows)
    edited[1] = edited[1].replace("Cống số 1,", "Cống Láng Trâm,")
    edited[2] = edited[2].replace("105.42,9.28", "105.43,9.28")  # some 1.1 km east
    edited[3] = edited[3].replace("proposed,0", "under_construction,40")
    edited[4] = edited[4].replace("Ngân sách tỉnh", "ODA")
    for i in range(5, 14):
        edited[i] = edited[i].replace(f"Cống số {i},", f"Cống số {i} (sửa),")
    sheet.write_text(header + "\n".join(edited) + "\n", encoding="utf-8")

    preview = run(engine, sheet, province="95", mode="upsert", dry_run=True)
    loaded = run(engine, sheet, province="95", mode="upsert")

    assert preview.changed_fields == loaded.changed_fields and loaded.changes["updated"] == 13
    changed = loaded.changed_fields
    assert list(changed) == [f"DIFF-{i:02}" for i in range(1, 11)]  # the first ten; DIFF-00 is unchanged
    assert changed["DIFF-01"] == {"name_vi": ["Cống số 1", "Cống Láng Trâm"]}
    assert changed["DIFF-02"]["geom"][:2] == ["POINT", "POINT"] and 1000 < changed["DIFF-02"]["geom"][2] < 1200
    assert changed["DIFF-03"] == {"status": ["proposed", "under_construction"], "percent": [0, 40]}
    assert changed["DIFF-04"] == {"funding_source": ["Ngân sách tỉnh", "ODA"]}
    again = run(engine, sheet, province="95", mode="upsert", dry_run=True)
    assert again.changed_fields == {} and again.changes["updated"] == 0
    assert changed["DIFF-02"]["geom"][3] is None  # a point has no size


def test_a_reshaped_area_or_line_says_its_size_before_and_after_not_only_how_far_it_moved(engine, tmp_path):
    """A planting area grown by a fifth each way "moved 4 m" (its point on surface barely moves): the change says
    its area before and after; a canal lengthened, its length."""
    from shapely import affinity

    area, canal = shapely.box(105.50, 9.30, 105.52, 9.32), shapely.LineString([(105.50, 9.30), (105.52, 9.31)])
    frame = gpd.GeoDataFrame(
        {"ma": ["SIZE-1", "SIZE-2"], "ten": ["Rừng A", "Kênh B"], "loai": ["forest_planting", "canal"]},
        geometry=[area, canal],
        crs="EPSG:4326",
    )
    frame.to_file(tmp_path / "v1.gpkg")
    assert run(engine, tmp_path / "v1.gpkg", province="95").ok
    frame.geometry = [affinity.scale(area, 1.2, 1.2), shapely.LineString([(105.50, 9.30), (105.53, 9.31)])]
    frame.to_file(tmp_path / "v2.gpkg")

    changed = run(engine, tmp_path / "v2.gpkg", province="95", mode="upsert", dry_run=True).changed_fields

    measure, before, after = changed["SIZE-1"]["geom"][3]
    assert measure == "area_ha" and after == pytest.approx(before * 1.44, rel=0.01) and before > 400
    measure, before, after = changed["SIZE-2"]["geom"][3]
    assert measure == "length_m" and after > before * 1.3


def test_a_zip_with_a_sheet_says_its_whole_total_from_the_start(engine, tmp_path):
    """A zip of a shapefile and a CSV (as an export writes the projects without a site): the CSV's rows were counted
    only once read, so the progress went "4/28 … 36/36"; the total is known from the start."""
    points = gpd.GeoDataFrame(
        {"code": [f"ZP-{n}" for n in range(6)], "name_vi": "Cống", "kind": "sluice"},
        geometry=[shapely.Point(105.42 + n / 100, 9.27) for n in range(6)],
        crs="EPSG:4326",
    )
    points.to_file(tmp_path / "points.shp", engine="pyogrio")
    (tmp_path / "no_site.csv").write_text(
        'code,name_vi,kind,province_code,x,y\nZP-7,"Kế hoạch\nchưa có vị trí",other,95,,\n\nZP-8,Khác,other,95,,\n',
        encoding="utf-8",
    )
    with zipfile.ZipFile(tmp_path / "both.zip", "w") as archive:
        for member in tmp_path.iterdir():
            if member.suffix in (".shp", ".shx", ".dbf", ".prj", ".cpg", ".csv"):
                archive.write(member, member.name)
    said: list[tuple[int, int]] = []
    options = Options("projects", province="95")
    request = IngestRequest(tmp_path / "both.zip", options, dry_run=True)

    report = ingest(engine, request, get_settings(), progress=lambda done, total: said.append((done, total)))

    assert report.ok and report.feature_count == 8, report.errors
    assert said[-1] == (8, 8) and {total for _, total in said} == {8}, said


def test_an_appended_file_names_its_first_new_projects_as_a_reload_does(engine, tmp_path):
    """A reload's report (and --json) named its first new and updated codes; an appended file's named none, so a
    script could not tell which projects it had just added."""
    frame = gpd.GeoDataFrame(
        {"code": [f"AP-{n:02d}" for n in range(12)], "name_vi": "Cống", "kind": "sluice"},
        geometry=[shapely.Point(105.5 + n / 100, 9.31) for n in range(12)],
        crs="EPSG:4326",
    )
    path = tmp_path / "them_moi.geojson"
    frame.to_file(path, driver="GeoJSON")

    preview = run(engine, path, province="95", dry_run=True)
    report = run(engine, path, province="95")

    first_ten = [f"AP-{n:02d}" for n in range(10)]
    assert preview.changed_codes == report.changed_codes == {"new": first_ten, "updated": []}
    assert report.changes["new"] == 12


@pytest.mark.parametrize("name", ["du_an.geojson", "du_an.gpkg", "du_an.csv"])
def test_a_file_with_no_features_is_refused_as_such_not_said_to_load(engine, tmp_path, name):
    """A projects file with no feature was previewed as one that "would load" (nothing): it is refused, saying the
    file has no features, previewed or loaded."""
    path = tmp_path / name
    if name.endswith(".csv"):
        path.write_text("ma;ten;loai;kinh_do;vi_do\n", encoding="utf-8")
    else:
        gpd.GeoDataFrame({"MA_DA": [], "TEN_DA": [], "LOAI": []}, geometry=[], crs="EPSG:4326").to_file(path)

    for dry_run in (True, False):
        report = ingest(
            engine, IngestRequest(path, Options("projects", province="95"), dry_run=dry_run), get_settings()
        )
        assert not report.ok and [e.message for e in report.errors] == [
            f"{name}: the file has no features (each of its layers is empty), nothing to load: check that it is the "
            "right file, with the right layer (and filter, if it was exported), and load again"
        ]
        assert report.errors[0].message_vi.startswith(f"{name}: tệp không có đối tượng nào")


# Last of the module: it renames a province, which no test after it reads.
def test_the_maps_former_provinces_are_cut_again_after_a_load_of_provinces_and_only_then(engine, tmp_path):
    """The former provinces inside the 2025 ones were cut (0.2 s of the database's time) at every load of every web
    map. They are kept in the database under the provinces' versions: another server process reads them there, and
    a load of provinces changes the key, so the next map shows the province as loaded."""
    settings = Settings(database_url=engine.url.render_as_string(hide_password=False))
    app = TestClient(create_app(settings))
    url = "/map/context.geojson?scheme=2025"

    def labels(answer) -> set[str]:
        return {f["properties"]["label"] for f in answer.json()["features"] if f["properties"]["kind"] == "former_part"}

    first = app.get(url)
    assert first.headers["x-cache"] == "MISS" and "Bến Tre cũ" in labels(first)
    again = app.get(url, headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.headers["x-cache"] == "HIT"
    with Session(engine) as session, session.begin():  # what is kept is what another process reads: not cut again
        (key,) = session.execute(text("SELECT key FROM former_province_parts")).scalars().all()
        session.execute(
            text("UPDATE former_province_parts SET parts = replace(parts::text, '\"Bến Tre\"', '\"Kept\"')::jsonb")
        )
    assert "Kept cũ" in labels(TestClient(create_app(settings)).get(url))

    provinces = pyogrio.read_dataframe(
        BUNDLED_DATA / "boundaries" / "vn_provinces_pre2025_baclieu_travinh_neighbours.geojson"
    )
    ben_tre = provinces[provinces["province_code"] == "83"].assign(province_name="Bến Tre mới")
    path = tmp_path / "tinh_ben_tre.geojson"
    ben_tre.to_file(path, driver="GeoJSON")
    loaded = run(
        engine,
        path,
        "units",
        scheme="pre2025",
        kind="province",
        mode="upsert",
        mapping={"code": "province_code", "name_vi": "province_name"},
    )
    assert loaded.ok, loaded.errors

    after = app.get(url)
    assert (
        after.headers["x-cache"] == "MISS" and "Bến Tre mới cũ" in labels(after) and "Bến Tre cũ" not in labels(after)
    )
    with Session(engine) as session:
        (cut_again,) = session.execute(text("SELECT key FROM former_province_parts")).scalars().all()
    assert cut_again != key

    def held(answer) -> dict[str, bool]:
        parts = [f["properties"] for f in answer.json()["features"] if f["properties"]["kind"] == "former_part"]
        return {p["former_code"]: p["held"] for p in parts}

    assert held(after)["96"] is False  # former Cà Mau: no commune of it in the registry, its part blank
    communes = pyogrio.read_dataframe(BUNDLED_DATA / "boundaries" / "vn_communes_2025_camau_vinhlong.geojson")
    ca_mau = communes[(communes["province_2025_code"] == "96") & ~communes["in_old_baclieu_or_travinh"]].head(3)
    path = tmp_path / "xa_ca_mau_cu.geojson"
    ca_mau[["commune_code", "commune_name", "province_2025_code", "geometry"]].rename(
        columns={"commune_code": "MA_XA", "commune_name": "TEN_XA", "province_2025_code": "MA_TINH"}
    ).to_file(path, driver="GeoJSON")
    assert run(engine, path, "units", scheme="2025", mode="upsert").ok
    # an office's communes of former Cà Mau loaded: the legend no longer says its part is blank (trial s73)
    assert held(app.get(url))["96"] is True


def test_an_empty_code_is_told_as_the_cell_to_fill_in_and_the_column_to_choose_only_when_none_was_found(
    engine, tmp_path
):
    """Trial s69: "field MA_DA: code is required; fill it in, or say which column holds it: choose its field under
    «Columns the registry did not recognise»" of one empty cell of MA_DA, recognised as the code, on a page with no
    such section. The cell to fill in is said, with the feature's name; the column to choose only for a file whose
    code column was not recognised, in the words of where it is read."""
    frame = project_mix(3, "EC")
    frame.loc[1, "MA_DA"] = None
    path = tmp_path / "empty_code.gpkg"
    frame.to_file(path, driver="GPKG")
    (error,) = run(engine, path, dry_run=True).errors
    assert error.text("en") == (
        "layer empty_code, feature 1, field MA_DA: MA_DA (Code) is empty for the feature «Công trình số 1» "
        "(TEN_DA); fill in MA_DA for this feature"
    )
    assert error.text("vi").endswith(
        ": ô MA_DA (Mã) của đối tượng «Công trình số 1» (TEN_DA) để trống; hãy điền MA_DA cho đối tượng này"
    )

    frame.rename(columns={"MA_DA": "KY_HIEU"}).to_file(path, driver="GPKG")
    errors = read_on_the_page(run)(engine, path, dry_run=True).errors
    assert errors and "choose its field under «Columns the registry did not recognise»" in errors[0].text("en")


def _near_flat(prefix: str) -> gpd.GeoDataFrame:
    """Two projects, the first a "Reservoir" 660 m long and 1.5 mm wide."""
    frame = project_mix(2, prefix)
    x, y = frame.geometry[0].centroid.coords[0]
    long = 660 / 109_600  # 660 m east, in degrees at 10° N
    frame.loc[0, "geometry"] = shapely.Polygon([(x, y), (x + long, y), (x + long, y + 1.5e-3 / 110_600), (x, y)])
    frame.loc[0, "LOAI"] = "reservoir"
    return frame


def test_a_near_flat_polygon_is_loaded_with_a_warning_naming_it_and_its_figures(engine, tmp_path):
    """Trial s69: a "Reservoir" 660 m long and 1.5 mm wide was stored with area_m2 = 0 and not a word (an exactly
    flat one is refused). It is loaded, and its feature warned of with its area and width: check the digitising."""
    path = tmp_path / "sliver.gpkg"
    _near_flat("SL").to_file(path, driver="GPKG")
    report = run(engine, path)
    assert report.ok, [str(e) for e in report.errors]
    (thin,) = [w for w in report.warnings if "near-flat" in w.text("en")]
    en, vi = thin.text("en"), thin.text("vi")
    assert en.startswith("layer sliver, feature 0, code SL-000000, field geometry: a near-flat polygon: 0.5 m² in area")
    assert "0.8 mm wide on average" in en and "check the digitising in the file; once the file is accepted" in en
    assert "diện tích 0,5 m², rộng trung bình 0,8 mm" in vi and "hãy kiểm tra việc số hóa" in vi
    assert stored(engine, "SL-000000") is not None
    assert not [w for w in report.warnings if w.index == 1]  # a 200 m square is not thin


def test_a_refused_preview_warns_of_a_near_flat_polygon_as_loaded_once_the_file_is_accepted(engine, tmp_path):
    """A preview refused for another reason (here a code left empty) said of its near-flat polygon "the feature is
    loaded as the file has it", and nothing was loaded: it will be, once the file is accepted."""
    frame = _near_flat("SR")
    frame.loc[1, "MA_DA"] = None
    path = tmp_path / "sliver_refused.gpkg"
    frame.to_file(path, driver="GPKG")
    report = run(engine, path, dry_run=True)
    (thin,) = [w for w in report.warnings if "near-flat" in w.text("en")]
    assert [e.field for e in report.errors] == ["MA_DA"], [str(e) for e in report.errors]
    assert thin.text("en").endswith("once the file is accepted, the feature is loaded as the file has it")
    assert thin.text("vi").endswith("khi tệp được chấp nhận, đối tượng được nạp đúng như trong tệp")
    assert stored(engine, "SR-000000") is None
