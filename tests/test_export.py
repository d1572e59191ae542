"""Exports (GeoPackage, zipped UTF-8 shapefile, GeoJSON, CSV; WGS 84 or VN-2000 TM-3); export → ingest round trips."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import subprocess
import tempfile
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Iterator
from functools import partial
from html import unescape
from pathlib import Path

import geopandas as gpd
import openpyxl
import pandas as pd
import pyogrio
import pytest
import shapely
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import Engine, create_engine, func, select, text
from sqlalchemy.orm import Session

from geo.dbf_widths import ROOM_TO_TYPE
from geo.ingest import IngestRequest, Options, ingest
from geo.ingest.mapping import cut_in_a_shapefile
from geo.ingest.read import open_layers
from geo.layer_export import DATA_SHEETS, LAYERS, MEDIA_TYPES, export_layer
from geo.models import Agency, Plan, PlanAction, Project
from geo.progress import ProgressQuery, unit_progress
from geo.settings import get_settings
from geo.source_labels import source_label
from geo.sources_field import sources_list, sources_text, sources_text_sql
from geo.status_history import LATEST_IS_DEMO
from geo.vocab import PROJECT_STATUSES, labels

COMPARED = ("code", "name_vi", "name_en", "kind", "province_code", "location_precision", "status", "percent")


@pytest.fixture(scope="module")
def empty_registry(make_registry):
    """A registry with the plans and agencies but no projects, to load exports into."""
    engine = create_engine(make_registry("export_roundtrip", plans=True))
    yield engine
    engine.dispose()


def projects_of(engine) -> dict[str, dict]:
    with Session(engine) as session:
        rows = session.execute(
            select(
                Project,
                func.ST_AsBinary(Project.geom),
                Plan.code,
                PlanAction.code,
                Agency.code,
            )
            .outerjoin(Plan, Plan.id == Project.plan_id)
            .outerjoin(PlanAction, PlanAction.id == Project.plan_action_id)
            .outerjoin(Agency, Agency.id == Project.lead_agency_id)
        ).all()
    return {
        p.code: {f: getattr(p, f) for f in COMPARED}
        | {"plan": plan, "action": action, "agency": agency, "geom": shapely.from_wkb(bytes(g)) if g else None}
        for p, g, plan, action, agency in rows
    }


def assert_same_projects(loaded: dict, original: dict, tolerance_deg: float) -> None:
    assert loaded.keys() == original.keys()
    for code, before in original.items():
        after = loaded[code]
        assert {k: v for k, v in after.items() if k != "geom"} == {k: v for k, v in before.items() if k != "geom"}
        if before["geom"] is None:
            assert after["geom"] is None
        else:
            # exports promote each layer to its Multi* type, as one type per layer needs
            assert after["geom"].geom_type.removeprefix("Multi") == before["geom"].geom_type.removeprefix("Multi")
            assert shapely.hausdorff_distance(after["geom"], before["geom"]) < tolerance_deg


def test_geopackage_export_loads_back_as_the_same_projects(sample_engine, empty_registry, tmp_path):
    out = tmp_path / "projects.gpkg"
    with Session(sample_engine) as session:
        export_layer(session, "projects", "gpkg", out)

    report = ingest(empty_registry, IngestRequest(out, Options("projects", "upsert")), get_settings())

    assert report.ok, report.errors
    assert_same_projects(projects_of(empty_registry), projects_of(sample_engine), 1e-9)


def test_vn2000_shapefile_export_is_utf8_with_prj_and_loads_back_in_place(sample_engine, empty_registry, tmp_path):
    out = tmp_path / "projects_tm3.zip"
    with Session(sample_engine) as session:
        export_layer(session, "projects", "shp", out, "EPSG:9209")
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
        assert {n.rsplit(".", 1)[1] for n in names} == {"shp", "shx", "dbf", "prj", "cpg", "csv", "csvt", "txt"}
        assert "README.txt" in names  # the sample's long texts cut, listed
        # deflated, the .dbf's padded texts shrink (a 50,000-project zip was 165 MB stored, trial 48)
        dbf = zf.getinfo("projects_point.dbf")
        assert dbf.compress_type == zipfile.ZIP_DEFLATED and dbf.compress_size < dbf.file_size / 3
        assert {n.rsplit(".", 1)[0] for n in names} == {
            *(f"projects_{t}" for t in ("point", "line", "polygon", "no_geometry")),
            "README",
        }
        assert all(zf.read(n) == b"UTF-8" for n in names if n.endswith(".cpg"))
        assert all(b"VN-2000_TM-3_105-30" in zf.read(n) for n in names if n.endswith(".prj"))

    report = ingest(empty_registry, IngestRequest(out, Options("projects", "upsert")), get_settings())

    assert report.ok, report.errors
    assert report.crs.startswith("EPSG:9209") and report.encoding == "utf-8"
    assert_same_projects(projects_of(empty_registry), projects_of(sample_engine), 1e-7)  # ~1 cm


def test_api_exports_layers_in_each_format(client):
    geojson = client.get("/api/exports/projects.geojson")
    assert geojson.status_code == 200 and geojson.headers["content-type"].startswith("application/geo+json")
    assert len(geojson.json()["features"]) == len(client.get("/api/projects?limit=1000").json()["features"])

    shp = client.get("/api/exports/units_pre2025_district.shp", params={"crs": "EPSG:5897"})
    assert shp.status_code == 200
    # named with its CRS: a VN-2000 download no longer overwrites the WGS 84 one in the Downloads folder
    assert 'filename="units_pre2025_district_epsg5897.zip"' in shp.headers["content-disposition"]
    wgs84 = client.get("/api/exports/units_pre2025_district.shp")
    assert 'filename="units_pre2025_district.zip"' in wgs84.headers["content-disposition"]
    with zipfile.ZipFile(io.BytesIO(shp.content)) as zf:
        prj = zf.read("units_pre2025_district_polygon.prj").decode()
        assert "105" in prj and "VN_2000" in prj

    csv = client.get("/api/exports/projects.csv")
    assert csv.status_code == 200 and "Bạc Liêu" in csv.content.decode("utf-8-sig")

    cut = client.get("/api/exports/projects.shp").headers["X-Georeg-Texts-Cut"]  # the sample's long notes
    assert "loc_note=" in cut and "X-Georeg-Texts-Cut" not in client.get("/api/exports/projects.gpkg").headers


def test_the_projects_export_takes_the_maps_filters_and_holds_every_project_they_choose(client, sample_engine):
    """The web map's "Filtered projects" download: all the projects its filters choose (those with no site too), in
    any format; a layer that has no such filters refuses them."""
    with sample_engine.connect() as connection:
        expected = (
            connection.execute(
                text(
                    "SELECT p.code FROM project p JOIN plan pl ON pl.id = p.plan_id WHERE p.retired_at IS NULL "
                    "AND p.kind IN ('sea_dyke', 'wind_farm') AND p.province_code = '84' AND pl.code = '1099/QĐ-UBND'"
                )
            )
            .scalars()
            .all()
        )
        every = connection.execute(text("SELECT count(*) FROM project WHERE retired_at IS NULL")).scalar_one()
    params = [("kind", "sea_dyke"), ("kind", "wind_farm"), ("province", "84"), ("plan", "1099/QĐ-UBND")]
    geojson = client.get("/api/exports/projects.geojson", params=params)
    assert geojson.status_code == 200
    codes = sorted(f["properties"]["code"] for f in geojson.json()["features"])
    assert codes == sorted(expected) and 0 < len(codes) < every
    gpkg = client.get("/api/exports/projects.gpkg", params=params)
    # named by its filters: a filtered download no longer overwrites the whole layer's in Downloads
    named = 'filename="projects_kind-sea_dyke-wind_farm_plan-1099-qd-ubnd_province-84.gpkg"'
    assert named in gpkg.headers["content-disposition"], gpkg.headers["content-disposition"]
    with tempfile.NamedTemporaryFile(suffix=".gpkg") as written:
        written.write(gpkg.content)
        written.flush()
        layers = [name for name, _ in pyogrio.list_layers(written.name)]
        in_layers = [code for name in layers for code in pyogrio.read_dataframe(written.name, layer=name)["code"]]
        assert sorted(in_layers) == sorted(expected)
    assert len(client.get("/api/exports/projects.geojson").json()["features"]) == every
    refused = client.get("/api/exports/units_pre2025_district.geojson", params={"kind": "sea_dyke"})
    assert refused.status_code == 400 and "cannot be filtered by 'kind'" in refused.text
    assert client.get("/api/exports/projects.geojson", params={"kind": "castle"}).status_code == 400


AS_OF_STATES = """
SELECT p.code, s.status, s.percent, s.reported_at, s.is_demo FROM project p JOIN (
    SELECT DISTINCT ON (project_id) project_id, status, percent, reported_at, is_demo FROM status_event
    WHERE reported_at <= :day
    ORDER BY project_id, reported_at DESC, version DESC
) s ON s.project_id = p.id WHERE p.retired_at IS NULL OR p.retired_at::date > :day
"""


def test_the_projects_export_as_of_a_day_holds_their_statuses_of_that_day(client, sample_engine):
    """The web map's download with its date: the projects reported by that day (not those begun later), with the
    status and percent of their latest report by then; its status filter is that day's."""
    day = "2021-06-30"
    with sample_engine.connect() as connection:
        reports = connection.execute(text(AS_OF_STATES), {"day": day}).all()
        then = {code: (status, percent) for code, status, percent, _, _ in reports}
        now = dict(connection.execute(text("SELECT code, status FROM project WHERE retired_at IS NULL")).all())
    assert any(now[code] != status for code, (status, _) in then.items()) and len(then) < len(now)
    exported = client.get("/api/exports/projects.geojson", params={"as_of": day})
    assert exported.status_code == 200 and f"projects_as_of_{day}.geojson" in exported.headers["content-disposition"]
    assert exported.json()["as_of"] == day  # said inside the file too, which may be renamed
    gpkg = client.get("/api/exports/projects.gpkg", params={"as_of": day})
    with tempfile.NamedTemporaryFile(suffix=".gpkg") as written:
        written.write(gpkg.content)
        written.flush()
        with sqlite3.connect(written.name) as described:
            said = {d for (d,) in described.execute("SELECT description FROM gpkg_contents")}
    assert said == {f"tính đến · as of {day}"}
    rows = {f["properties"]["code"]: f["properties"] for f in exported.json()["features"]}
    assert {code: (r["status"], r["percent"]) for code, r in rows.items()} == then
    # each status says the day of its report and whether it is demonstration data, as the pages mark it
    assert {c: (r["status_date"], r["status_is_demo"]) for c, r in rows.items()} == {
        code: (reported.isoformat(), demo) for code, _, _, reported, demo in reports
    }
    preparing = client.get("/api/exports/projects.csv", params={"as_of": day, "status": "preparing"})
    codes = sorted(row["code"] for row in csv.DictReader(io.StringIO(preparing.content.decode("utf-8-sig"))))
    assert codes == sorted(code for code, (status, _) in then.items() if status == "preparing") != []
    refused = client.get("/api/exports/salinity_zones.gpkg", params={"as_of": day})
    assert refused.status_code == 422 and "as_of" in refused.text
    assert client.get("/api/exports/projects.geojson", params={"as_of": "2021-02-31"}).status_code == 422


def test_a_selection_of_no_project_is_an_empty_layer_of_each_family_in_every_format(client):
    """A filter or date that chooses nothing writes files GIS software opens (it answered 500, or an empty zip),
    with the layers a QGIS project expects: projects_point, _line and _polygon, each with the projects' fields."""
    nothing = {"as_of": "2000-01-01"}  # before any report
    gpkg = client.get("/api/exports/projects.gpkg", params=nothing)
    assert gpkg.status_code == 200
    with tempfile.NamedTemporaryFile(suffix=".gpkg") as written:
        written.write(gpkg.content)
        written.flush()
        layers = dict(pyogrio.list_layers(written.name))
        assert layers == {
            "projects_point": "MultiPoint",
            "projects_line": "MultiLineString",
            "projects_polygon": "MultiPolygon",
        }
        fields = pyogrio.read_info(written.name, layer="projects_point")["fields"]
        assert {"code", "name_vi", "status", "percent"} <= set(fields)
    zipped = client.get("/api/exports/projects.shp", params=nothing)
    with zipfile.ZipFile(io.BytesIO(zipped.content)) as archive:
        assert {n for n in archive.namelist() if n.endswith(".shp")} == {
            "projects_point.shp",
            "projects_line.shp",
            "projects_polygon.shp",
        }
    header = client.get("/api/exports/projects.csv", params=nothing).content.decode("utf-8-sig").splitlines()
    assert header[0].startswith("code,name_vi") and len(header) == 1
    assert client.get("/api/exports/projects.geojson", params=nothing).json()["features"] == []


@pytest.mark.parametrize("asked", [{"province": "95"}, {"kind": "wind_farm"}, {"status": "completed"}])
def test_a_shapefile_export_of_a_filtered_few_has_its_empty_layers_too(client, asked):
    """Bạc Liêu's projects as shapefiles answered 500 (a layer of the zip with no rows: its count of cut texts summed
    to a text); every layer is there, the empty ones too, and the rows are those asked for."""
    zipped = client.get("/api/exports/projects.shp", params=asked)
    assert zipped.status_code == 200, zipped.text
    with tempfile.TemporaryDirectory() as folder:
        with zipfile.ZipFile(io.BytesIO(zipped.content)) as archive:
            archive.extractall(folder)
            shapefiles = {n for n in archive.namelist() if n.endswith(".shp")}
        assert shapefiles == {"projects_point.shp", "projects_line.shp", "projects_polygon.shp"}
        rows = [pyogrio.read_dataframe(f"{folder}/{name}") for name in sorted(shapefiles)]
    field, value = next(iter(asked.items()))
    values = {str(v) for frame in rows for v in frame[field]}
    assert sum(len(frame) for frame in rows) > 0 and values == {value}


@pytest.mark.parametrize("fmt", ["gpkg", "shp"])
def test_a_year_column_empty_in_every_project_chosen_is_still_an_integer(client, sample_engine, tmp_path, fmt):
    """The projects past due (none with a start year) came as a GeoPackage and shapefile whose start_year and
    end_year were text, integers in the whole layer's download: a GIS officer merging the two files met both."""
    with Session(sample_engine) as session:
        yearless = session.scalar(text("SELECT count(*) FROM project WHERE retired_at IS NULL AND end_year IS NULL"))
    chosen = client.get(f"/api/exports/projects.{fmt}", params={"schedule": "past_due"})
    assert chosen.status_code == 200 and yearless > 0
    out = tmp_path / ("late.gpkg" if fmt == "gpkg" else "late.zip")
    out.write_bytes(chosen.content)
    dataset = str(out) if fmt == "gpkg" else f"/vsizip/{out}"
    info = pyogrio.read_info(dataset, layer="projects_point")
    types = dict(zip(info["fields"], info["dtypes"], strict=True))
    frame = pyogrio.read_dataframe(dataset, layer="projects_point")
    assert frame["start_year"].isna().all() and len(frame)  # every one empty here
    assert (types["start_year"], types["end_year"], types["due_year"]) == ("int32", "int32", "int32")

    # an amount too (trial 52: a district's file had its capacity as text, the province's as a real)
    waste = client.get(f"/api/exports/projects.{fmt}", params={"kind": "waste_treatment"})  # none has a capacity
    out.write_bytes(waste.content)
    info = pyogrio.read_info(dataset, layer="projects_point")
    types = dict(zip(info["fields"], info["dtypes"], strict=True))
    capacity, budget = ("capacity_value", "budget_vnd_billion") if fmt == "gpkg" else ("capacity", "budget_bn")
    assert pyogrio.read_dataframe(dataset, layer="projects_point")[capacity].isna().all()
    assert types[capacity] == types[budget] == types["length_m"] == "float64"


def _workbook(content: bytes) -> tuple[Worksheet, list[str], list[dict]]:
    """A spreadsheet export's first sheet, its field codes (as its sheet "Các trường", in English "fields", pairs them
    with the headings, in order) and its rows keyed by field code."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    fields = book["Các trường" if "Các trường" in book.sheetnames else "fields"]
    codes = [code for code, _ in fields.iter_rows(min_row=2, values_only=True)]
    sheet = book.worksheets[0]
    assert [heading for _, heading in fields.iter_rows(min_row=2, values_only=True)] == [c.value for c in sheet[1]]
    rows = [dict(zip(codes, row, strict=True)) for row in sheet.iter_rows(min_row=2, values_only=True)]
    return sheet, codes, rows


def test_the_filtered_projects_come_as_an_excel_workbook_a_planner_opens_as_it_is(client, sample_engine):
    """A CSV opened in an Excel set to Vietnamese (list separator ";") lands in one column: the map's "spreadsheet"
    link gives a workbook, its words in Vietnamese as stored, its days as 31/12/2024, its years as numbers."""
    answer = client.get("/api/exports/projects.xlsx", params={"schedule": "past_due", "lang": "vi"})
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == MEDIA_TYPES["xlsx"]
    assert 'filename="projects_schedule-past_due.xlsx"' in answer.headers["content-disposition"]
    sheet, codes, rows = _workbook(answer.content)
    with Session(sample_engine) as session:
        names = dict(session.execute(text("SELECT code, name_vi FROM project")).all())
    late = client.get("/api/exports/projects.geojson", params={"schedule": "past_due"}).json()["features"]
    assert (sheet.title, sheet.freeze_panes) == ("Dự án", "A2")
    assert {r["code"] for r in rows} == {f["properties"]["code"] for f in late}
    assert all(r["name_vi"] == names[r["code"]] for r in rows)  # diacritics as stored
    assert {r["schedule_vi"] for r in rows} == {"Quá hạn, chưa xong"} and {r["due_year"] for r in rows} == {2020}
    day = sheet.cell(row=2, column=codes.index("status_date") + 1)
    assert day.number_format == "DD/MM/YYYY" and day.value.year >= 2017
    assert "wkt" not in codes and {"x", "y"} <= set(codes)  # a point to look at; the geometry is for GIS files
    # with no geometry in the sheet, a dyke's length and a site's area are the only sizes a planner sees there
    with Session(sample_engine) as session:
        sizes = {
            code: (length, area)
            for code, length, area in session.execute(
                text(
                    "SELECT code, coalesce(round(CAST(length_m AS numeric), 1)::float8, 0), "
                    "coalesce(round(area_m2)::bigint, 0) FROM project"
                )
            )
        }
    assert any(r["length_m"] for r in rows) and any(r["area_m2"] for r in rows)
    assert all((r["length_m"] or 0.0, r["area_m2"] or 0) == sizes[r["code"]] for r in rows)  # empty where none


def test_a_spreadsheet_is_headed_in_the_askers_language_and_laid_out_to_read(client):
    """A planner's trial found the workbook a database dump: English field names for headings (``lang=vi`` refused),
    8-character columns, no filter. Now its headings are in the language asked (Vietnamese by default), bold, frozen
    and filtered, each column as wide as its texts (at most 60 characters, a longer text wrapping), and the sheet
    "fields" keeps each heading's field code for GIS staff."""
    vi = client.get("/api/exports/projects.xlsx", params={"lang": "vi"})
    en = client.get("/api/exports/projects.xlsx", params={"lang": "en"})
    assert vi.status_code == en.status_code == 200, (vi.text, en.text)
    assert 'filename="projects_en.xlsx"' in en.headers["content-disposition"]  # not over the Vietnamese one
    sheet, codes, rows = _workbook(vi.content)
    english, english_codes, _ = _workbook(en.content)
    unasked, _, _ = _workbook(client.get("/api/exports/projects.xlsx").content)
    assert [c.value for c in unasked[1]] == [c.value for c in sheet[1]]  # Vietnamese unless asked otherwise
    headings = dict(zip(codes, (c.value for c in sheet[1]), strict=True))
    in_english = dict(zip(english_codes, (c.value for c in english[1]), strict=True))
    assert codes == english_codes and len(set(headings.values())) == len(codes)
    assert all(h == unicodedata.normalize("NFC", h) and h != code for code, h in headings.items())
    shown = ("name_vi", "kind_vi", "province_code", "status_date", "last_report", "percent", "x")
    assert [headings[c] for c in shown] == [
        "Tên (tiếng Việt)",
        "Loại (tiếng Việt)",
        "Mã tỉnh (trước 01/07/2025)",
        "Ngày của tình trạng (báo cáo hoặc lần nạp GIS)",  # a GIS load's day when a load set it last
        "Ngày báo cáo gần nhất",
        "% hoàn thành",
        "Kinh độ",
    ]
    assert [in_english[c] for c in shown] == [
        "Name (Vietnamese)",
        "Kind (Vietnamese)",
        "Province code (before 1 July 2025)",
        "Status date (a report or a GIS load)",
        "Latest report",
        "% complete",
        "Longitude",
    ]
    day = english.cell(row=2, column=english_codes.index("status_date") + 1)
    assert day.number_format == "D MMM YYYY" and day.is_date  # 29 May 2024, as the English pages write it
    assert sheet.auto_filter.ref == f"A1:{get_column_letter(len(codes))}{len(rows) + 1}" and sheet.freeze_panes == "A2"
    assert all(cell.font.b for cell in sheet[1])

    def width(field: str) -> float:
        return sheet.column_dimensions[get_column_letter(codes.index(field) + 1)].width

    longest = max(len(r["name_vi"]) for r in rows)
    assert longest > 60 and width("name_vi") == 62  # the longest name would pass the cap: wrapped
    assert width("code") == max(len(r["code"]) for r in rows) + 2 and width("percent") < 20
    wrapped = sheet.cell(row=2, column=codes.index("description_vi") + 1).alignment
    assert wrapped.wrap_text and not sheet.cell(row=2, column=1).alignment.wrap_text


def test_a_spreadsheet_names_the_province_and_the_units_a_project_lies_in(client, sample_engine):
    """The trial's planner could not sort or group by district: beside ``province_code`` ("95") the sheet names the
    province, and the districts (before 1 July 2025), 2025 province and communes a project lies in, as /progress
    places it — in the sheet's language."""
    with sample_engine.connect() as connection:
        in_one_district = connection.execute(  # each project lying in one district: its name in each language
            text(
                "SELECT p.code, min(concat_ws(' ', d.unit_type_vi, d.name_vi)), min(d.name_en) FROM project p "
                "JOIN project_unit_share s ON s.project_id = p.id JOIN admin_unit d ON d.id = s.unit_id "
                "WHERE d.scheme = 'pre2025' AND d.level = 'district' AND p.retired_at IS NULL "
                "GROUP BY p.code HAVING count(*) = 1"
            )
        ).all()
    assert {"Huyện Duyên Hải", "Thị xã Duyên Hải"} <= {vi for _, vi, _ in in_one_district}  # told apart by type
    for lang, province in (("vi", "Tỉnh Bạc Liêu"), ("en", "Bạc Liêu Province")):
        _, _, rows = _workbook(client.get("/api/exports/projects.xlsx", params={"lang": lang}).content)
        districts = {r["code"]: r["districts"] for r in rows}
        assert {r["province_name"] for r in rows if r["province_code"] == "95"} == {province}
        assert districts == {**districts, **{code: {"vi": vi, "en": en}[lang] for code, vi, en in in_one_district}}
        assert all(r["province_2025"] and r["communes"] for r in rows if r["location_precision"] != "province")
    # and its lead agency: a second trial found "Sở Công Thương" in the English sheet
    with sample_engine.connect() as connection:
        sql = "SELECT p.code, a.name_en FROM project p JOIN agency a ON a.id = p.lead_agency_id"
        agencies = dict(connection.execute(text(sql)).all())
    assert agencies and {r["code"]: r["lead_agency_name"] for r in rows if r["code"] in agencies} == agencies
    csv_rows = csv.DictReader(io.StringIO(client.get("/api/exports/projects.csv?lang=en").content.decode("utf-8-sig")))
    assert all(r["lead_agency_name"].startswith("Sở ") for r in csv_rows if r["code"] in agencies)  # loads back as is
    units, codes, rows = _workbook(client.get("/api/exports/units_pre2025_district.xlsx").content)
    assert units.cell(row=1, column=codes.index("parent_name") + 1).value == "Đơn vị cấp trên"
    assert {r["parent_name"] for r in rows} == {"Tỉnh Bạc Liêu", "Tỉnh Trà Vinh"}


def _filled_cells(sheet: Worksheet, codes: list[str], field: str) -> list:
    column = codes.index(field) + 1
    return [c for (c,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column) if c.value is not None]


def test_a_spreadsheets_amounts_paste_into_a_briefing_and_its_yes_or_no_is_in_words(client, sample_engine):
    """A planner briefing her department pasted "5217" (General format) and read TRUE/FALSE under "Tình trạng từ dữ
    liệu minh họa": amounts have a thousands separator (Excel writes it as its reader's: 5.217 in Vietnamese), whole
    numbers without a dangling decimal mark, years and coordinates as they are; the demonstration column says Có/Không
    (Yes/No in English)."""
    with Session(sample_engine) as session:
        sql = f"SELECT code, {LATEST_IS_DEMO} FROM project p WHERE retired_at IS NULL"
        demo = dict(session.execute(text(sql)).all())
    for lang, yes, no in (("vi", "Có", "Không"), ("en", "Yes", "No")):
        sheet, codes, rows = _workbook(client.get("/api/exports/projects.xlsx", params={"lang": lang}).content)
        cells = partial(_filled_cells, sheet, codes)
        budgets = cells("budget_vnd_billion")
        assert budgets and {c.number_format for c in budgets} == {"#,##0"}  # the sample's budgets are whole
        assert {c.number_format for c in cells("length_m")} >= {"#,##0.0##"}  # 500.1 m
        assert {c.number_format for c in cells("area_m2") + cells("percent")} == {"#,##0"}
        assert {c.number_format for c in cells("end_year") + cells("x")} == {"General"}
        assert {r["code"]: r["status_is_demo"] for r in rows} == {c: yes if d else no for c, d in demo.items()}
        width = sheet.column_dimensions[get_column_letter(codes.index("area_m2") + 1)].width
        assert width >= max(len(f"{c.value:,}") for c in cells("area_m2")) + 2  # 70.952.213, not ########
    stored = csv.DictReader(io.StringIO(client.get("/api/exports/projects.csv").content.decode("utf-8-sig")))
    assert {r["status_is_demo"] for r in stored} <= {"true", "false", "True", "False"}  # loads back as is


def test_a_spreadsheets_sources_are_joined_one_way_in_every_row(client, sample_engine):
    """The trial found a project's sources as a JSON array (``["148/QĐ-UBND, …", …]``) and every other's joined by
    "; ": the GIS formats write a list holding a ";" as JSON so that a reload splits it back exactly; a sheet is
    read, so every row's are joined by "; ". A CSV, which loads back, keeps the JSON array."""
    with Session(sample_engine) as session:
        stored = dict(session.execute(select(Project.code, Project.sources).where(Project.retired_at.is_(None))).all())
    holding = [code for code, sources in stored.items() if any(";" in s for s in sources or [])]
    for lang in ("vi", "en"):
        _, _, rows = _workbook(client.get("/api/exports/projects.xlsx", params={"lang": lang}).content)
        assert holding and {r["code"]: r["sources"] or "" for r in rows} == {
            code: "; ".join(source_label(s, lang) for s in sources or []) for code, sources in stored.items()
        }
    sheet = csv.DictReader(io.StringIO(client.get("/api/exports/projects.csv").content.decode("utf-8-sig")))
    assert {r["code"]: r["sources"] for r in sheet}[holding[0]] == sources_text(stored[holding[0]])


@pytest.mark.parametrize(
    "sources",
    [[], ["QĐ 148/QĐ-UBND"], ["Sở TN&MT", "Kế hoạch 2024"], ["a; b", 'c "d"\n'], ["Điều 3; khoản 2", "x"]],
)
def test_the_gis_formats_sources_are_the_same_text_written_by_the_database(sample_engine, sources):
    """The GIS formats' sources are written by the database (a 20,000-project export decoded each JSON array in
    Python): the text geo.sources_field.sources_text writes and a reload reads back, a list holding a ";" as JSON."""
    with sample_engine.connect() as connection:
        written = connection.scalar(
            text(f"SELECT {sources_text_sql('CAST(:sources AS jsonb)')}"), {"sources": json.dumps(sources)}
        )
    assert written == sources_text(sources)
    assert sources_list(written) == sources


def test_a_vietnamese_spreadsheet_says_the_sources_as_the_project_page_does(client):
    """The Vietnamese sheet's "Nguồn (xuất xứ dữ liệu)" read "1099/QĐ-UBND, section II.3.1; lead: section IV.5 …;
    geometry: …" where the project page says "mục II.3.1", "chủ trì", "hình học" (trial 42); the English sheet keeps the
    registry's words, and the CSV, which loads back, the stored ones."""
    sheets = {
        lang: _workbook(client.get("/api/exports/projects.xlsx", params={"lang": lang}).content)[2]
        for lang in ("vi", "en")
    }
    vi = {r["code"]: r["sources"] or "" for r in sheets["vi"]}
    en = {r["code"]: r["sources"] or "" for r in sheets["en"]}
    assert any("section" in sources for sources in en.values())
    assert not [sources for sources in vi.values() if re.search(r"\b(section|lead|geometry)\b", sources)]
    assert any("mục II.3.1" in sources for sources in vi.values())
    project = unescape(client.get("/projects/6").text)  # TV-P6-SEA-DYKE-2: a plan's section, its geometry's source
    said = vi["TV-P6-SEA-DYKE-2"].split("; ")
    assert f"{said[0]}<br>" in project and said[1].startswith("hình học: vẽ theo ranh giới huyện")
    stored = csv.DictReader(io.StringIO(client.get("/api/exports/projects.csv").content.decode("utf-8-sig")))
    assert any("section" in r["sources"] for r in stored)


def test_every_layer_comes_as_a_spreadsheet_headed_in_words(client, tmp_path):
    """Each exportable layer's sheet has a heading in words for every column, in either language; a Vietnamese
    workbook's sheets are named in Vietnamese (trial 72: "projects", "fields"), as Excel allows a sheet's name, and
    a reload (georeg ingest) reads its first sheet whole, by whatever name, as it reads an English one."""
    for layer in LAYERS:
        for lang in ("vi", "en"):
            answer = client.get(f"/api/exports/{layer}.xlsx", params={"lang": lang})
            assert answer.status_code == 200, (layer, lang, answer.text)
            sheet, codes, _ = _workbook(answer.content)
            headings = [c.value for c in sheet[1]]
            assert all(h and h != code for code, h in zip(codes, headings, strict=True)), (layer, lang, headings)
            names = sheet.parent.sheetnames
            assert names == ([DATA_SHEETS[layer], "Các trường"] if lang == "vi" else [layer, "fields"]), names
            if layer == "projects":
                (tmp_path / f"{lang}.xlsx").write_bytes(answer.content)
                _, (read,) = open_layers(tmp_path / f"{lang}.xlsx", tmp_path, 10**9)
                assert (read.name, read.feature_count) == (names[0], sheet.max_row - 1)
            assert all(len(name) <= 31 and not set(name) & set("[]:*?/\\") for name in names), names


def test_a_units_export_takes_its_province_filter(client, sample_engine):
    with sample_engine.connect() as connection:
        districts = dict(
            connection.execute(
                text(
                    "SELECT p.code, count(*) FROM admin_unit d JOIN admin_unit p ON p.id = d.parent_id "
                    "WHERE d.scheme = 'pre2025' AND d.level = 'district' GROUP BY p.code"
                )
            ).all()
        )
    for province, count in districts.items():
        rows = client.get("/api/exports/units_pre2025_district.csv", params={"province": province})
        parents = [r["parent_code"] for r in csv.DictReader(io.StringIO(rows.content.decode("utf-8-sig")))]
        assert parents == [province] * count
    assert len(districts) == 2


def test_a_units_export_gives_each_units_type_validity_and_area_and_loads_back(client, make_registry, tmp_path):
    """A trial's district GeoPackage had no unit type or area, which the OGC collection has; loaded back, what an
    export adds for reading is said once, not listed as columns not loaded."""
    out = tmp_path / "units_pre2025_district.gpkg"
    out.write_bytes(client.get("/api/exports/units_pre2025_district.gpkg").content)
    info = pyogrio.read_info(out)
    fields = dict(zip(info["fields"], info["dtypes"], strict=True))
    assert {"unit_type_vi", "valid_from", "valid_to", "area_m2"} <= set(fields), fields
    # dates, even a column empty in every row (QGIS read valid_from as text), and whole square metres
    assert fields["valid_from"] == fields["valid_to"] == "datetime64[D]", fields
    assert fields["area_m2"] in ("int32", "int64"), fields
    frame = pyogrio.read_dataframe(out)
    assert set(frame["unit_type_vi"]) >= {"Huyện", "Thị xã"} and (frame["area_m2"] > 1e7).all()
    assert (frame["valid_to"].dt.strftime("%Y-%m-%d") == "2025-06-30").all()
    shp = client.get("/api/exports/units_pre2025_district.shp")
    with zipfile.ZipFile(io.BytesIO(shp.content)) as zf:
        zf.extractall(tmp_path / "shp")
    assert "unit_type" in pyogrio.read_info(tmp_path / "shp" / "units_pre2025_district_polygon.shp")["fields"]

    registry = create_engine(make_registry("export_units", sample=True))
    options = Options("units", "upsert", scheme="pre2025")
    report = ingest(registry, IngestRequest(out, options), get_settings())
    registry.dispose()

    assert report.ok, report.errors
    said = [w.message for w in report.warnings]
    assert any(m.startswith("an export's columns for reading only are not loaded: the unit's type") for m in said)
    assert not any(m.startswith("columns not loaded") for m in said), said
    assert report.changes == {"new": 0, "updated": 0, "unchanged": len(frame)}  # the same units, as registered


def test_api_export_refuses_unknown_layers_and_geojson_outside_wgs84(client):
    assert client.get("/api/exports/roads.gpkg").status_code == 404
    unknown_format = client.get("/api/exports/projects.ods")
    assert unknown_format.status_code == 422 and unknown_format.json()["detail"][0]["loc"] == ["path", "fmt"]
    refused = client.get("/api/exports/projects.geojson", params={"crs": "EPSG:9209"})
    assert refused.status_code == 422 and "RFC 7946" in refused.json()["detail"]
    vi = client.get("/api/exports/projects.gpkg", params={"crs": "EPSG:0"}, headers={"Accept-Language": "vi"})
    assert vi.status_code == 422 and "không nhận ra hệ tọa độ 'EPSG:0'" in vi.json()["detail"]


def test_the_export_command_says_what_it_refuses_in_the_language_asked(sample_url, tmp_path, commands_use):
    """A shapefile export is a zip: named otherwise it is refused, not written as a zip under a .shp name."""
    from typer.testing import CliRunner

    from cli.main import app

    commands_use(sample_url)
    runner = CliRunner()
    shp = runner.invoke(app, ["export", "projects", "--format", "shp", "--out", str(tmp_path / "y.shp")])
    assert shp.exit_code == 1 and not (tmp_path / "y.shp").exists()
    assert "bản xuất shapefile là một tệp nén zip" in shp.output and "y.zip" in shp.output
    roads = runner.invoke(app, ["export", "roads", "--out", str(tmp_path / "r.gpkg"), "--lang", "en"])
    assert roads.exit_code == 1 and "unknown layer 'roads'; one of projects" in " ".join(roads.output.split())


#: An --out the export cannot write, and what it says of it in each language ({path}, {folder}: the --out's).
OUT_REFUSED = [
    ("/sys/p", "không được phép ghi vào thư mục /sys; hãy chọn --out", "writing in the folder /sys is not allowed"),
    ("{tmp}/none/p", "chưa có thư mục {folder}; hãy tạo thư mục đó", "there is no folder {folder}; create it or"),
    ("{tmp}/folder", "{path} là một thư mục; hãy ghi cả tên tệp", "{path} is a folder; give the file's name"),
]  # fmt: skip


@pytest.mark.parametrize("fmt", ["csv", "geojson", "xlsx", "gpkg", "shp"])
def test_the_export_command_says_why_its_out_cannot_be_written_in_the_language_asked(
    sample_url, tmp_path, commands_use, fmt
):
    """An --out in a folder the user may not write in was a traceback (PermissionError, and GDAL's DataSourceError
    for a GeoPackage), one that is a folder an IsADirectoryError: said in --lang with what to do, as georeg map export
    says it, before the export, and nothing left behind (the file is written beside it and put in its place)."""
    from typer.testing import CliRunner

    from cli.main import app

    commands_use(sample_url)
    suffix = ".zip" if fmt == "shp" else f".{fmt}"
    (tmp_path / f"folder{suffix}").mkdir()
    for where, vi, en in OUT_REFUSED:
        out = Path(where.format(tmp=tmp_path) + suffix)
        for lang, expected, other in (("vi", vi, en), ("en", en, vi)):
            args = ["export", "projects", "--format", fmt, "--out", str(out), "--lang", lang]
            refused = CliRunner().invoke(app, args)
            said, unsaid = (words.format(path=out, folder=out.parent) for words in (expected, other))
            output = " ".join(refused.output.split())
            assert refused.exit_code == 1 and isinstance(refused.exception, SystemExit), (out, lang, output)
            assert output.startswith({"vi": "không xuất được: tệp --out:", "en": "not exported: out:"}[lang]), output
            assert said in output and unsaid not in output and "Errno" not in output, (out, lang, output)
    assert [path.name for path in tmp_path.iterdir()] == [f"folder{suffix}"]
    assert not list((tmp_path / f"folder{suffix}").iterdir())


#: An export stopped midway by a full disk, in each format, and what it says after "not exported: out:" / "không xuất
#: được: tệp --out:" ({out}: the --out asked for).
STOPPED_MIDWAY = [
    # a GeoPackage's chunks kept beside it (geo.layer_chunks, 93 kB of the sample) fit, the GeoPackage (250 kB) not
    ("gpkg", "en", 150_000, "GDAL stopped midway through writing {out}, most often because the disk is full or the "
     "file larger than the disk takes; free some room on the disk and run again, or choose another disk for --out. "
     "GDAL says: Error while writing"),
    # a shapefile zip's chunks kept beside it are larger than its files: they stop first, the zip named
    ("shp", "vi", 20_000, "{out} lớn hơn mức một tệp được phép trên ổ đĩa đó"),
    ("csv", "en", 20_000, "{out} is larger than a file may be on that disk (a USB stick formatted FAT32 holds files of "
     "up to 4 GB) or for this user (ulimit -f); choose another disk for --out"),
]  # fmt: skip


def test_an_export_stopped_midway_by_a_full_disk_says_which_file_and_why_and_leaves_the_one_there(
    sample_url, tmp_path, commands_use
):
    """A GeoPackage or a shapefile GDAL could not finish (the disk full, the file larger than it takes) was a
    traceback of pyogrio's DataLayerError, "sqlite3_exec(COMMIT) failed: disk I/O error" or "Extending field 1
    (name_vi) from 80 to 86 characters failed"; a CSV said "the system says: File too large". Each says the file
    asked for, GDAL's words after its own, what to do, and the file there before is left as it was."""
    from full_disk import files_cut_at
    from typer.testing import CliRunner

    from cli.main import app

    commands_use(sample_url)
    for fmt, lang, size, expected in STOPPED_MIDWAY:
        out = tmp_path / f"projects.{'zip' if fmt == 'shp' else fmt}"
        out.write_text("an earlier export")
        args = ["export", "projects", "--format", fmt, "--out", str(out), "--lang", lang]
        with files_cut_at(size):
            stopped = CliRunner().invoke(app, args)
        said = " ".join(stopped.output.split())
        assert stopped.exit_code == 1 and isinstance(stopped.exception, SystemExit), (fmt, said)
        nothing = {"vi": "không xuất được: tệp --out:", "en": "not exported: out:"}[lang]
        assert said.startswith(f"{nothing} {expected.format(out=out)}"), (fmt, said)
        assert out.read_text() == "an earlier export" and list(tmp_path.iterdir()) == [out], fmt
        out.unlink()


def test_the_export_command_heads_a_spreadsheet_in_the_language_asked(sample_url, tmp_path, commands_use):
    """``georeg export … --format xlsx``: Vietnamese headings, English ones with ``--lang en``."""
    from typer.testing import CliRunner

    from cli.main import app

    commands_use(sample_url)
    for asked, heading in (([], "Tên (tiếng Việt)"), (["--lang", "en"], "Name (Vietnamese)")):
        out = tmp_path / f"projects_{len(asked)}.xlsx"
        done = CliRunner().invoke(app, ["export", "projects", "--format", "xlsx", "--out", str(out), *asked])
        assert done.exit_code == 0, done.output
        sheet, codes, _ = _workbook(out.read_bytes())
        assert sheet.cell(row=1, column=codes.index("name_vi") + 1).value == heading


def test_mixed_layers_export_one_layer_per_geometry_type_and_unlocated_rows_apart(sample_engine, tmp_path):
    """GeoPackage 1.2 (read by GDAL 3.6 without a warning), one Multi* layer per type, no shape at 0,0."""
    gpkg, shp = tmp_path / "projects.gpkg", tmp_path / "projects.zip"
    with Session(sample_engine) as session:
        export_layer(session, "projects", "gpkg", gpkg)
        export_layer(session, "projects", "shp", shp)
        unlocated = session.scalar(select(func.count()).where(Project.geom.is_(None), Project.retired_at.is_(None)))
        located = session.scalar(select(func.count()).where(Project.geom.isnot(None), Project.retired_at.is_(None)))
    with sqlite3.connect(gpkg) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 10200
    layers = dict(pyogrio.list_layers(gpkg))
    assert layers == {
        "projects_point": "MultiPoint",
        "projects_line": "MultiLineString",
        "projects_polygon": "MultiPolygon",
        "projects_no_geometry": None,
    }
    assert pyogrio.read_info(gpkg, layer="projects_no_geometry")["features"] == unlocated > 0
    info = subprocess.run(["ogrinfo", "-so", "-al", str(gpkg)], capture_output=True, text=True, check=True)
    assert "Warning" not in info.stderr, info.stderr
    assert "start_year: Integer" in info.stdout and "start_year: Real" not in info.stdout  # as OGC's schema says
    assert "status_date: Date" in info.stdout  # a day QGIS filters as a date (it was text)
    assert (
        sum(pyogrio.read_info(gpkg, layer=f"projects_{t}")["features"] for t in ("point", "line", "polygon")) == located
    )
    with zipfile.ZipFile(shp) as zf:
        zf.extractall(tmp_path / "shp")
    points = pyogrio.read_dataframe(tmp_path / "shp" / "projects_point.shp")
    assert points.geometry.notna().all() and (points.geometry.bounds.minx > 100).all()  # nothing in the Gulf of Guinea
    typed = pyogrio.read_info(tmp_path / "shp" / "projects_no_geometry.csv")  # GDAL, as QGIS opens it: its .csvt
    types = dict(zip(typed["fields"], typed["dtypes"], strict=True))
    assert (types["start_year"], types["budget_bn"], types["stat_date"]) == ("int32", "float64", "datetime64[D]")
    with open(tmp_path / "shp" / "projects_no_geometry.csv", encoding="utf-8-sig") as table:
        rows = list(csv.DictReader(table))
    assert len(rows) == unlocated and all(not row["x"] and not row["wkt"] for row in rows)


def test_an_export_reloaded_by_code_into_the_registry_it_came_from_changes_nothing(make_registry, tmp_path):
    """GIS staff export the projects, edit a few rows, load the file back: the rows they left alone are unchanged,
    though the export writes each one-site project of a layer as a one-point MultiPoint (one type per layer), and
    sources holding a ";" as a JSON array. A shapefile cuts texts at 254 bytes: each text that fills its field is
    warned of, and where it begins the project's stored text the whole stored one is kept. Its reload updated every
    project with a long text, storing the cut texts; now it changes nothing either."""
    engine = create_engine(make_registry("export_reload", sample=True))
    with Session(engine) as session:
        projects = session.scalars(select(Project)).all()
        # the rows without a site go to a CSV in the zip, which holds any text
        long = {p.code for p in projects if p.geom is not None and any(map(cut_in_a_shapefile, _texts(p)))}
        exports = {  # file -> (format, CRS): the office's VN-2000 comes back a tenth of a millimetre away
            "projects.gpkg": ("gpkg", "EPSG:4326"),
            "projects.geojson": ("geojson", "EPSG:4326"),  # sources as arrays
            "projects.csv": ("csv", "EPSG:4326"),  # lines and polygons in its wkt column
            "projects_vn2000.gpkg": ("gpkg", "EPSG:9209"),
            "projects_vn2000.csv": ("csv", "EPSG:9209"),  # a CSV records no CRS: reloaded with --crs
            "projects.zip": ("shp", "EPSG:4326"),
        }
        for name, (fmt, crs) in exports.items():
            exported = export_layer(session, "projects", fmt, tmp_path / name, crs)
    assert long and sum(map(len, exported.cut.values())) >= len(long)  # the sample has long descriptions and notes
    with open(tmp_path / "projects_vn2000.csv", encoding="utf-8-sig") as sheet:  # x/y to the millimetre, for sheets
        xs = [row["x"] for row in csv.DictReader(sheet) if row["x"]]
    assert xs and all(len(x.partition(".")[2]) <= 3 for x in xs), xs[:3]

    reloads = {}
    for name in exports:
        crs = exports[name][1] if name.endswith(".csv") else None
        request = IngestRequest(tmp_path / name, Options("projects", "upsert"), dry_run=True, crs=crs)
        reloads[name] = ingest(engine, request, get_settings())
        assert reloads[name].ok, (name, reloads[name].errors)
    total = len(projects)
    for name in exports:
        unchanged = {"new": 0, "updated": 0, "status_changed": 0, "history_added": 0, "unchanged": total}
        assert reloads[name].changes == unchanged, (name, reloads[name].changed_codes)
    shapefile = reloads["projects.zip"]
    assert not [w for w in shapefile.warnings if "fill their shapefile field" in w.message]  # each is a stored one
    kept = [w.message for w in shapefile.warnings if "the whole stored texts are kept" in w.message]
    assert len(kept) == 1 and kept[0].startswith(
        f"{sum(map(len, exported.cut.values()))} texts in the file are the stored"
    )
    # the export's own status day and demo mark are said once, as such (it was once a layer, as unknown columns)
    told = [w.message for w in shapefile.warnings if "stat_" in w.message or "status_date" in w.message]
    assert len(told) == 1 and told[0].startswith("an export's columns for reading only are not loaded"), told
    assert "code → code" in shapefile.columns and "cap_unit → capacity_unit" in shapefile.columns
    for name, reload in reloads.items():  # the export's own columns are not said unknown (lead_now, agency_now)
        assert not [w.message for w in reload.warnings if w.message.startswith("columns not loaded")], name
    engine.dispose()


def test_an_export_of_sites_finer_than_it_writes_reloads_unmoved_and_a_metre_moved(make_registry, tmp_path):
    """A Vĩnh Long officer's sites came from a VN-2000 file (coordinates of 15 decimals); a GeoJSON export writes 6
    (8 cm at most), and its reload said every such site "moved 0 m" (trial 52). An export in each GIS format reloads
    with nothing moved; a name edited in it leaves the stored site as it was (not rounded); a site moved a metre in it
    is said moved a metre."""
    engine = create_engine(make_registry("export_reload_finer", sample=True))
    with Session(engine) as session, session.begin():  # sites of full precision, as converted from VN-2000
        session.execute(text("UPDATE project SET geom = ST_Translate(geom, 3.7e-7, -4.6e-7) WHERE geom IS NOT NULL"))
    exports = {  # GeoJSON is WGS 84 to 6 decimals; the others as an office asks for them
        "projects.geojson": ("geojson", None),
        "projects.gpkg": ("gpkg", "EPSG:9209"),
        "projects.zip": ("shp", "EPSG:9209"),
        "projects.csv": ("csv", None),  # lines and polygons in its wkt column
    }
    with Session(engine) as session:
        for name, (fmt, crs) in exports.items():
            export_layer(session, "projects", fmt, tmp_path / name, crs)
        stored = dict(session.execute(select(Project.code, func.ST_AsBinary(Project.geom))).all())

    for name in exports:
        reload = ingest(
            engine, IngestRequest(tmp_path / name, Options("projects", "upsert"), dry_run=True), get_settings()
        )
        assert reload.ok, (name, reload.errors)
        assert reload.changes["updated"] == reload.changes["new"] == 0, (name, reload.changed_fields)
        assert reload.changes["unchanged"] > 20, name

    collection = json.loads((tmp_path / "projects.geojson").read_text(encoding="utf-8"))
    points = [f for f in collection["features"] if (f["geometry"] or {}).get("type") == "Point"]
    lines = [
        f for f in collection["features"] if (f["geometry"] or {}).get("type") in ("LineString", "MultiLineString")
    ]
    moved, renamed = points[0]["properties"]["code"], lines[0]["properties"]["code"]
    points[0]["geometry"]["coordinates"][1] += 9e-6  # a metre north
    lines[0]["properties"]["name_en"] = "Renamed in QGIS"
    (tmp_path / "edited.geojson").write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")

    edited = ingest(engine, IngestRequest(tmp_path / "edited.geojson", Options("projects", "upsert")), get_settings())

    assert edited.ok, edited.errors
    assert edited.changes["updated"] == 2 and set(edited.changed_codes["updated"]) == {moved, renamed}
    assert edited.changed_fields[moved]["geom"][2] == 1  # metres
    assert list(edited.changed_fields[renamed]) == ["name_en"]
    with Session(engine) as session:
        now = dict(session.execute(select(Project.code, func.ST_AsBinary(Project.geom))).all())
    assert bytes(now[renamed]) == bytes(stored[renamed])  # the stored line, not the file's rounded one
    assert shapely.from_wkb(bytes(now[moved])).y == pytest.approx(
        shapely.from_wkb(bytes(stored[moved])).y + 9e-6, abs=1e-6
    )
    engine.dispose()


def test_a_shapefile_export_edited_in_qgis_and_reloaded_keeps_its_long_texts_whole(make_registry, tmp_path):
    """An officer exports the projects as shapefiles, changes one project's percent and loads the file back: the
    reload stored every description, note and source the shapefile had cut at 254 bytes, 18 projects "updated" for
    one percent. Now the one project's status is the only change; every stored text stays whole."""
    engine = create_engine(make_registry("export_shapefile_edit", sample=True))
    with Session(engine) as session:
        exported = export_layer(session, "projects", "shp", tmp_path / "projects.zip", "EPSG:4326")
        before = {p.code: (*_texts(p), p.sources) for p in session.scalars(select(Project))}
    assert sum(map(len, exported.cut.values())) >= 10
    folder = tmp_path / "unzipped"
    with zipfile.ZipFile(tmp_path / "projects.zip") as archive:
        archive.extractall(folder)
    points = folder / "projects_point.shp"
    frame = pyogrio.read_dataframe(points)
    edited = frame["code"].iloc[0]
    frame.loc[0, "percent"] = 42.0
    pyogrio.write_dataframe(frame, points, encoding="UTF-8")  # as QGIS saves the layer
    with zipfile.ZipFile(tmp_path / "edited.zip", "w") as archive:
        for member in folder.iterdir():
            archive.write(member, member.name)

    report = ingest(engine, IngestRequest(tmp_path / "edited.zip", Options("projects", "upsert")), get_settings())

    assert report.ok, report.errors
    assert report.changes["updated"] == 1 and report.changes["status_changed"] == 1, report.changed_codes
    assert report.changed_codes["updated"] == [edited]
    with Session(engine) as session:
        after = {p.code: (*_texts(p), p.sources) for p in session.scalars(select(Project))}
        assert session.scalar(select(Project.percent).where(Project.code == edited)) == 42.0
    assert after == before
    engine.dispose()


def test_texts_filling_their_shapefile_field_that_are_not_stored_are_one_warning(make_registry, tmp_path):
    """A shapefile's texts that fill their field were a warning per layer and field, most of them saying the same of
    texts the reload kept whole: one warning now names, by layer and field, those stored as the file has them."""
    engine = create_engine(make_registry("export_full_texts", sample=True))
    points = _points_of_a_shapefile_export(engine, tmp_path)
    frame = pyogrio.read_dataframe(points)
    full = [i for i, text in enumerate(frame["desc_vi"]) if isinstance(text, str) and len(text.encode()) >= 251]
    assert full, "the sample has a point whose description fills its field"
    frame.loc[full[0], "desc_vi"] = "Đã sửa: " + frame.loc[full[0], "desc_vi"][8:]  # edited, as long
    pyogrio.write_dataframe(frame, points, encoding="UTF-8")
    for name in ("edited.zip", "new.zip"):
        with zipfile.ZipFile(tmp_path / name, "w") as archive:
            for member in points.parent.iterdir():
                archive.write(member, member.name)

    reload = ingest(engine, IngestRequest(tmp_path / "edited.zip", Options("projects", "upsert")), get_settings())
    told = [w for w in reload.warnings if "fill their shapefile field" in w.message]
    assert reload.ok and len(told) == 1, told
    count = int(told[0].message.split(" ", 1)[0])  # all that fill their field; all but the edited one are stored
    assert f"; {count - 1} of them are their projects' stored texts" in told[0].message
    assert f"layer projects_point, field desc_vi: features {full[0]}" in told[0].message
    assert "lớp projects_point, trường desc_vi: đối tượng" in told[0].message_vi

    fresh = create_engine(make_registry("export_full_texts_new", plans=True))
    new = ingest(fresh, IngestRequest(tmp_path / "new.zip", Options("projects"), dry_run=True), get_settings())
    told = [w for w in new.warnings if "fill their shapefile field" in w.message]
    layers = {layer for layer in ("projects_point", "projects_line", "projects_polygon") if layer in told[0].message}
    assert len(told) == 1 and len(layers) == 3 and "stored texts" not in told[0].message, told
    engine.dispose()
    fresh.dispose()


def test_an_edited_export_reloaded_twice_changes_nothing_the_second_time(make_registry, tmp_path):
    """An export names the load that wrote each project among its sources; reloading the edited export kept that name as
    a citation, beside the new load's, and every later reload of the same file "updated" the project again."""
    engine = create_engine(make_registry("export_reload_twice", sample=True))

    def edited(name: str, english: str) -> tuple[IngestRequest, str]:
        """The points exported, the first one's English name changed in QGIS."""
        with Session(engine) as session:
            export_layer(session, "projects", "gpkg", tmp_path / f"{name}.gpkg", "EPSG:4326")
        frame = pyogrio.read_dataframe(tmp_path / f"{name}.gpkg", layer="projects_point")
        frame.loc[0, "name_en"] = english
        pyogrio.write_dataframe(frame, tmp_path / f"{name}_edited.gpkg", layer="projects_point")
        return IngestRequest(tmp_path / f"{name}_edited.gpkg", Options("projects", "upsert")), frame.loc[0, "code"]

    request, code = edited("first", "Renamed once")
    assert ingest(engine, request, get_settings()).changes["updated"] == 1  # its sources now end with this load's
    request, _ = edited("second", "Renamed twice")  # an export of it: that load among its sources

    once, twice = ingest(engine, request, get_settings()), ingest(engine, request, get_settings())

    assert once.changes["updated"] == 1 and twice.changes["updated"] == 0, (once.changed_fields, twice.changed_fields)
    with Session(engine) as session:
        sources = session.scalar(select(Project.sources).where(Project.code == code))
    assert [s for s in sources if "(ingest job" in s] == [sources[-1]]  # one provenance: the load that wrote it
    engine.dispose()


def test_projects_exports_name_each_kind_and_status_in_words_beside_its_code(client, sample_engine):
    """GIS staff style and label the layer in QGIS by kind or status in Vietnamese or English: every format carries
    ``kind_vi``, ``kind_en``, ``status_vi``, ``status_en`` beside the codes (before, codes only: ``wind_farm``)."""
    with Session(sample_engine) as session:
        stored = dict(session.execute(select(Project.code, Project.kind).where(Project.retired_at.is_(None))).all())
    wind = next(code for code, kind in stored.items() if kind == "wind_farm")
    for fmt, layer in (("gpkg", "projects_point"), ("shp", "projects_point"), ("geojson", None), ("csv", None)):
        response = client.get(f"/api/exports/projects.{fmt}")
        assert response.status_code == 200, (fmt, response.text)
        suffix = {"shp": ".zip"}.get(fmt, f".{fmt}")
        with tempfile.NamedTemporaryFile(suffix=suffix) as written:
            written.write(response.content)
            written.flush()
            path = f"/vsizip/{written.name}/projects_point.shp" if fmt == "shp" else written.name
            frame = pyogrio.read_dataframe(path, layer=None if fmt == "shp" else layer)
        rows = {r["code"]: r for r in frame.to_dict("records")}
        assert wind in rows, fmt
        words = {k: rows[wind][k] for k in ("kind", "kind_vi", "kind_en", "status", "status_vi", "status_en")}
        assert words["kind_vi"] == "Điện gió" and words["kind_en"] == "Wind farm", (fmt, words)
        assert words["status_vi"] == labels(PROJECT_STATUSES, "vi")[words["status"]], (fmt, words)
        assert words["status_en"] == labels(PROJECT_STATUSES, "en")[words["status"]], (fmt, words)
        assert all(r["kind_vi"] and r["kind_en"] for r in rows.values()), fmt


def test_a_kind_edited_in_words_only_is_warned_of_and_not_loaded(make_registry, tmp_path):
    """An officer changes a wind farm's ``kind_vi`` to "Điện mặt trời" in QGIS, leaving ``kind``: the words are for
    reading only, so the load keeps the kind and warns of that feature, saying to change the kind column; the rows
    left alone give no such warning."""
    engine = create_engine(make_registry("export_words_edited", sample=True))
    with Session(engine) as session:
        export_layer(session, "projects", "gpkg", tmp_path / "projects.gpkg")
    frame = pyogrio.read_dataframe(tmp_path / "projects.gpkg", layer="projects_point")
    frame.loc[1, "kind_vi"] = "Điện mặt trời"
    pyogrio.write_dataframe(frame, tmp_path / "edited.gpkg", layer="projects_point")

    report = ingest(engine, IngestRequest(tmp_path / "edited.gpkg", Options("projects", "upsert")), get_settings())

    assert report.ok and report.changes["updated"] == 0, report.changed_fields
    edited = [w for w in report.warnings if "no longer the name" in w.message]
    assert len(edited) == 1 and edited[0].index == 1 and edited[0].field == "kind_vi", edited
    assert edited[0].value == "Điện mặt trời" and "change the kind column" in edited[0].message
    assert "muốn đổi loại dự án thì sửa cột kind" in edited[0].message_vi
    with Session(engine) as session:
        kind = session.scalar(select(Project.kind).where(Project.code == frame.loc[1, "code"]))
    assert kind == frame.loc[1, "kind"]
    engine.dispose()


def _points_of_a_shapefile_export(engine: Engine, tmp_path: Path) -> Path:
    """The projects exported as zipped shapefiles (WGS 84) and unzipped: the points' .shp, as QGIS opens it."""
    with Session(engine) as session:
        export_layer(session, "projects", "shp", tmp_path / "projects.zip", "EPSG:4326")
    with zipfile.ZipFile(tmp_path / "projects.zip") as archive:
        archive.extractall(tmp_path / "unzipped")
    return tmp_path / "unzipped" / "projects_point.shp"


def _texts(project: Project) -> list[str | None]:
    """The texts of a project as an export writes them."""
    fields = ("name_vi", "name_en", "capacity_unit", "funding_source", "description_vi", "description_en")
    notes = ("location_note_vi", "location_note_en")
    return [getattr(project, f) for f in (*fields, *notes)] + [sources_text(project.sources)]


def test_a_shapefile_holds_reals_as_written_and_sites_as_points_unless_one_has_several(sample_engine, tmp_path):
    """QGIS showed a capacity of 698.29 from a shapefile export as 698.289999999999964 (GDAL writes a real with 15
    places), and every site as a MultiPoint, which field apps and GPS units do not take."""
    with Session(sample_engine) as session:
        code = session.scalar(
            text(
                "UPDATE project SET capacity_value = 698.29, budget_vnd_billion = 1216.675 WHERE id = "
                "(SELECT min(id) FROM project WHERE GeometryType(geom) = 'POINT') RETURNING code"
            )
        )
        export_layer(session, "projects", "shp", tmp_path / "single.zip")
        session.execute(
            text(
                "UPDATE project SET geom = ST_Collect(geom, ST_Translate(geom, 0.01, 0)) WHERE id = "
                "(SELECT max(id) FROM project WHERE GeometryType(geom) = 'POINT')"
            )
        )
        export_layer(session, "projects", "shp", tmp_path / "multi.zip")
        session.rollback()
    for name in ("single", "multi"):
        with zipfile.ZipFile(tmp_path / f"{name}.zip") as zf:
            zf.extractall(tmp_path / name)
    points = tmp_path / "single" / "projects_point.shp"
    assert pyogrio.read_info(points)["geometry_type"] == "Point"
    assert pyogrio.read_info(tmp_path / "multi" / "projects_point.shp")["geometry_type"] == "MultiPoint"
    info = subprocess.run(["ogrinfo", "-so", str(points), "projects_point"], capture_output=True, text=True).stdout
    assert "capacity: Real (21.6)" in info and "budget_bn: Real (21.6)" in info  # room for what an office types
    assert "start_year: Integer (9.0)" in info and "stat_date: Date" in info  # not Integer64 (18.0), not text
    row = pyogrio.read_dataframe(points, where=f"code = '{code}'").iloc[0]
    assert (row["capacity"], row["budget_bn"]) == (698.29, 1216.675)
    dbf = points.with_suffix(".dbf").read_bytes()
    assert b" 698.290000" in dbf and b"6982899" not in dbf.replace(b".", b"")


def test_a_budget_typed_with_two_decimals_into_an_exported_shapefile_loads_as_typed(make_registry, tmp_path):
    """An officer typed a budget of 12.35 into a shapefile export in QGIS: its field, sized to the values exported
    (7 wide, 1 decimal), kept 12.3, and the reload said the project was unchanged. Now it loads as typed, and so does
    a capacity wider than any exported."""
    engine = create_engine(make_registry("export_typed_decimals", sample=True))
    points = _points_of_a_shapefile_export(engine, tmp_path)
    code = pyogrio.read_dataframe(points, read_geometry=False)["code"].iloc[0]
    typed = f"UPDATE projects_point SET budget_bn = 12.35, capacity = 1234567.125 WHERE code = '{code}'"
    subprocess.run(["ogrinfo", str(points), "-dialect", "SQLite", "-sql", typed], check=True, capture_output=True)
    with zipfile.ZipFile(tmp_path / "edited.zip", "w") as archive:  # QGIS edits the file in place, as GDAL does
        for member in points.parent.iterdir():
            archive.write(member, member.name)

    report = ingest(engine, IngestRequest(tmp_path / "edited.zip", Options("projects", "upsert")), get_settings())

    assert report.ok, report.errors
    assert report.changed_codes["updated"] == [code], report.changed_fields
    with Session(engine) as session:
        stored = session.execute(select(Project.budget_vnd_billion, Project.capacity_value).where(Project.code == code))
        assert tuple(stored.one()) == (12.35, 1234567.125)
    engine.dispose()


#: The units of a point in one district, of a line over two (the larger share first) and of a site at sea (none but
#: the 2025 province of its province, which counts it), as the GIS formats write them: by code and by name, before
#: 2025 (districts) and since (province, communes).
PLACED = {
    "TV-P8-CON-HO": {
        "district_codes": "844",
        "district_names": "Huyện Càng Long",
        "province_2025_codes": "86",
        "province_2025_names": "Tỉnh Vĩnh Long",
        "commune_codes": "29302",
        "commune_names": "Xã Nhị Long",
    },
    "TV-LINE-CON-PHUNG": {
        "district_codes": "848; 847",
        "district_names": "Huyện Cầu Ngang; Huyện Châu Thành",
        "province_2025_codes": "86",
        "province_2025_names": "Tỉnh Vĩnh Long",
        "commune_codes": "29431; 29374; 29413",
        "commune_names": "Xã Vinh Kim; Xã Châu Thành; Xã Long Hòa",
    },
    "TV-AT-SEA": dict.fromkeys(("district_codes", "district_names", "commune_codes", "commune_names"))
    | {"province_2025_codes": "86", "province_2025_names": "Tỉnh Vĩnh Long"},  # as counted, though in no unit
}
#: Their names in a shapefile, whose fields hold 10 characters.
SHAPEFILE_UNIT_FIELDS = {
    "district_codes": "dist_codes",
    "district_names": "dist_names",
    "province_2025_codes": "prov25code",
    "province_2025_names": "prov25name",
    "commune_codes": "comm_codes",
    "commune_names": "comm_names",
}


@pytest.fixture(scope="module")
def placed_registry(make_registry, tmp_path_factory) -> Iterator[Engine]:
    """The sample with a wind mast 28 km off Trà Vinh (at sea: in no unit) and a power line zigzagging over 17 of its
    2025 communes (their names pass a shapefile's 254 bytes), loaded as GIS staff load them."""
    engine = create_engine(make_registry("export_units", sample=True))
    path = tmp_path_factory.mktemp("placed") / "du_an.geojson"
    sea, line = (
        shapely.Point(106.75, 9.45),
        shapely.LineString([(105.95, 10.1), (106.25, 9.75), (106.2, 9.95), (106.6, 9.58)]),
    )
    gpd.GeoDataFrame(
        {"code": ["TV-AT-SEA", "TV-LONG-LINE"], "name_vi": ["Cột đo gió", "Đường dây 110 kV"]}
        | {"kind": ["monitoring_station", "power_line"], "province_code": ["84", "84"]},
        geometry=[sea, line],
        crs="EPSG:4326",
    ).to_file(path, driver="GeoJSON")
    loaded = ingest(engine, IngestRequest(path, Options("projects")), get_settings())
    assert loaded.ok, loaded.errors
    yield engine
    engine.dispose()


def _gis_rows(path: Path) -> dict[str, dict]:
    """The rows of a GIS export as GDAL reads them (every layer of a GeoPackage or zip of shapefiles), by code."""
    source = f"/vsizip/{path}" if path.suffix == ".zip" else str(path)
    layers = (
        [name for name, kind in pyogrio.list_layers(source) if kind is not None] if path.suffix != ".csv" else [None]
    )
    rows = {}
    for layer in layers:
        frame = pyogrio.read_dataframe(source, layer=layer, read_geometry=False)
        rows |= {row["code"]: row for row in frame.astype(object).where(frame.notna(), None).to_dict("records")}
    return rows


def test_the_gis_exports_say_the_units_each_project_lies_in_by_code_and_name(placed_registry, tmp_path):
    """The trial's GIS officer could not symbolise or filter the projects by huyện or xã in QGIS, nor hand a district
    office its own: each GIS format now has the districts (before 2025), the 2025 province and communes of each
    project, by code and by name, those of a line over two joined by "; " the larger share first, none at sea;
    GDAL reads them, and a shapefile's fields are named in 10 characters."""
    cut = {}
    with Session(placed_registry) as session:
        for name, fmt in (("p.gpkg", "gpkg"), ("p.zip", "shp"), ("p.geojson", "geojson"), ("p.csv", "csv")):
            cut[fmt] = export_layer(session, "projects", fmt, tmp_path / name).cut
            rows = _gis_rows(tmp_path / name)
            named = SHAPEFILE_UNIT_FIELDS if fmt == "shp" else {field: field for field in SHAPEFILE_UNIT_FIELDS}
            for code, units in PLACED.items():
                written = {field: rows[code][column] or None for field, column in named.items()}
                assert written == units, (name, code)
    assert cut["shp"].get("comm_names") == ["TV-LONG-LINE"]  # the power line's 17 communes by name, cut at 254 bytes
    with zipfile.ZipFile(tmp_path / "p.zip") as zf:
        zf.extractall(tmp_path / "shp")
    fields = pyogrio.read_info(tmp_path / "shp" / "projects_line.shp")["fields"]
    assert set(SHAPEFILE_UNIT_FIELDS.values()) <= set(fields)
    assert rows["TV-LONG-LINE"]["commune_codes"].count("; ") == 16


def test_the_exports_2025_province_of_each_project_is_the_one_progress_and_the_map_count_it_in(
    placed_registry, tmp_path
):
    """A province's projects in the exports' province_2025 columns are those /progress counts in it and its filter
    finds (geo.queries.projects_by_place.PROVINCE_CODES): the wind mast 28 km off Trà Vinh, in no unit, is Vĩnh
    Long's in both; read from the shares, it had no 2025 province in the files, and the two counts of Vĩnh Long
    differed."""
    with Session(placed_registry) as session:
        counted = {
            unit["code"]: unit["projects"]
            for unit in unit_progress(session, ProgressQuery(scheme="2025", level="province"))
            if unit["projects"]
        }
        export_layer(session, "projects", "gpkg", tmp_path / "p.gpkg")
        export_layer(session, "projects", "xlsx", tmp_path / "p.xlsx")
    layers = [
        pyogrio.read_dataframe(tmp_path / "p.gpkg", layer=name) for name, _ in pyogrio.list_layers(tmp_path / "p.gpkg")
    ]
    rows = pd.concat(layers).set_index("code")  # the province-wide programmes' table too
    assert rows["province_2025_codes"].value_counts().to_dict() == counted
    assert rows.loc["TV-AT-SEA", "province_2025_names"] == "Tỉnh Vĩnh Long"
    sheet = openpyxl.load_workbook(tmp_path / "p.xlsx", read_only=True)["Dự án"]
    heading, *values = sheet.iter_rows(values_only=True)
    named = Counter(row[heading.index("Tỉnh (từ 01/07/2025)")] for row in values)
    assert named == {"Tỉnh Vĩnh Long": counted["86"], "Tỉnh Cà Mau": counted["96"]}, named


def test_an_export_with_its_units_loads_back_checking_each_site_against_them(placed_registry, tmp_path):
    """The units an export writes load back without a word (no "unknown columns"), each site checked against the
    district and commune codes its row gives — fine when it lies in any of them — and the projects are as they were;
    a district code edited to another district is warned of. A commune list a shapefile cut is not a text to warn of."""
    before = projects_of(placed_registry)
    with Session(placed_registry) as session:
        for name, fmt in (("p.gpkg", "gpkg"), ("p.zip", "shp"), ("p.geojson", "geojson"), ("p.csv", "csv")):
            export_layer(session, "projects", fmt, tmp_path / name)
    for name in ("p.gpkg", "p.zip", "p.geojson", "p.csv"):
        reload = ingest(
            placed_registry, IngestRequest(tmp_path / name, Options("projects", "upsert"), dry_run=True), get_settings()
        )
        assert reload.ok and reload.changes["unchanged"] == len(before), (name, reload.errors, reload.changes)
        codes = "dist_codes" if name == "p.zip" else "district_codes"
        assert f"{codes} → district_code" in reload.columns, name
        unit_columns = {*SHAPEFILE_UNIT_FIELDS, *SHAPEFILE_UNIT_FIELDS.values()}
        assert not [w for w in reload.warnings if w.field in unit_columns], (name, reload.warnings)
        assert not [w.message for w in reload.warnings if w.message.startswith("columns not loaded")], name
        assert not [w.message for w in reload.warnings if "fill their shapefile field" in w.message], name
    loaded = ingest(placed_registry, IngestRequest(tmp_path / "p.gpkg", Options("projects", "upsert")), get_settings())
    assert loaded.ok and loaded.written_count == 0, loaded.errors
    assert_same_projects(projects_of(placed_registry), before, 1e-9)

    edited = tmp_path / "edited.gpkg"
    for layer in ("projects_point", "projects_line"):
        frame = gpd.read_file(tmp_path / "p.gpkg", layer=layer)
        frame.loc[frame["code"] == "TV-P8-CON-HO", "district_codes"] = "849"  # 25 km from the site
        frame.loc[frame["code"] == "TV-SUB-110KV-LONG-DUC", "district_codes"] = "851; 849"  # in neither
        frame.loc[frame["code"] == "TV-LINE-CON-PHUNG", "district_codes"] = "851; 847"  # in the second
        frame.to_file(edited, layer=layer, driver="GPKG")
    checked = ingest(
        placed_registry, IngestRequest(edited, Options("projects", "upsert"), dry_run=True), get_settings()
    )
    warned = [w for w in checked.warnings if w.field == "district_codes"]
    assert checked.ok and sorted(w.value for w in warned) == ["849", "851; 849"], warned
    assert {"outside district 849 (Trà Cú) that", "outside district 851; 849 (Duyên Hải; Trà Cú) that"} == {
        re.search(r"outside district .*\) that", w.message)[0] for w in warned
    }


def test_the_report_sheet_keeps_a_loads_day_apart_from_the_latest_report(make_registry, tmp_path):
    """The day of a status a GIS load set was headed "Ngày báo cáo": a list of projects nobody had reported on for six
    months said they had reported on the day of the load (trial s72). The status's day keeps its data-sheet title
    ("a report or a GIS load"); the latest report is its own column, empty for a project only loaded. In English, a
    project loaded without an English name is named by its Vietnamese one (its name was blank)."""
    engine = create_engine(make_registry("export_report_dates", plans=True))
    loaded = tmp_path / "mot_du_an.geojson"
    feature = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [106.3, 9.9]}}
    feature["properties"] = {"code": "TV-LOADED", "name_vi": "Cống", "kind": "sluice", "status": "preparing"}
    feature["properties"]["province_code"] = "84"
    loaded.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}), encoding="utf-8")
    report = ingest(engine, IngestRequest(loaded, Options("projects")), get_settings())
    assert report.ok, report.errors
    with Session(engine) as session:
        export_layer(session, "projects", "xlsx", tmp_path / "bao_cao.xlsx", lang="vi", for_report=True)
        export_layer(session, "projects", "xlsx", tmp_path / "report.xlsx", lang="en", for_report=True)
    engine.dispose()
    english = list(openpyxl.load_workbook(tmp_path / "report.xlsx")["Projects (report)"].iter_rows(values_only=True))
    assert dict(zip(english[0], english[1], strict=True))["Project"] == "Cống"  # no English name: its own, not blank
    sheet = list(openpyxl.load_workbook(tmp_path / "bao_cao.xlsx")["Dự án (báo cáo)"].iter_rows(values_only=True))
    row = dict(zip(sheet[0], sheet[1], strict=True))
    assert row["Ngày của tình trạng (báo cáo hoặc lần nạp GIS)"] and row["Ngày báo cáo gần nhất"] is None
    assert "Ngày báo cáo" not in row


@pytest.mark.parametrize(
    ("lang", "sheets", "length", "area"),
    [
        ("vi", ["Dự án (báo cáo)", "Dự án", "Các trường"], "Chiều dài (km)", "Diện tích (ha)"),
        ("en", ["Projects (report)", "projects", "fields"], "Length (km)", "Area (ha)"),
    ],
)
def test_the_maps_spreadsheet_opens_on_a_sheet_for_a_report_in_one_language_in_km_and_ha(
    client, sample_engine, lang, sheets, length, area
):
    """The map's "bảng tính (Excel)" was a 43-column dump, Vietnamese and English side by side, m and m²: a planner
    cut ~25 columns and converted the units by hand for the ministry (trial 57). Its first sheet is for a report, in
    the page's language, km and ha; the data sheet follows, unchanged; a GIS export has no such sheet."""
    answer = client.get("/api/exports/projects.xlsx", params={"province": "84", "lang": lang, "sheet": "report"})
    assert answer.status_code == 200, answer.text
    book = openpyxl.load_workbook(io.BytesIO(answer.content))
    assert book.sheetnames == sheets  # a Vietnamese workbook's sheets named in Vietnamese (trial 72: "projects")
    report = list(book[sheets[0]].iter_rows(values_only=True))
    headings, rows = report[0], [dict(zip(report[0], row, strict=True)) for row in report[1:]]
    # and, last, when each project last changed in the registry, read back by its reload (test_export_reload)
    assert len(headings) <= 23 and length in headings and area in headings
    assert not any("tiếng Anh" in h or "English" in h or "(m" in h for h in headings), headings
    if lang == "en":  # an English heading says its dates in English (trial s69: "(from 01/07/2025)")
        assert not any(re.search(r"\d\d/\d\d/\d{4}", h) for h in headings), headings
    with sample_engine.connect() as conn:
        sizes = dict(conn.execute(text("SELECT code, length_m FROM project WHERE province_code = '84'")).all())
    code = "Mã" if lang == "vi" else "Code"
    assert all(r[length] == (round(sizes[r[code]] / 1000, 2) if sizes[r[code]] else None) for r in rows)
    assert any(r[length] for r in rows)
    wide = {"vi": "Toàn tỉnh", "en": "Province-wide"}[lang]  # P2–P5, province-wide, had a blank place (F22)
    assert sum(r[headings[3]] == wide for r in rows) == 4 and all(r[headings[3]] for r in rows)
    data = list(book[sheets[1]].iter_rows(values_only=True))
    assert len(data[0]) > 40 and len(data) == len(report)  # the full data sheet, every project
    refused = client.get("/api/exports/projects.gpkg", params={"sheet": "report"})
    assert refused.status_code == 422 and "sheet" in refused.text


#: A Vietnamese description whose 254th byte falls inside a letter ("ữ" takes 3 bytes in UTF-8).
LONG_DESCRIPTION = "Gia cố kè " + "bờ kè chống sạt lở, giữ đất cho người dân ven biển; " * 6


def test_a_shapefile_says_which_projects_texts_it_cut_and_a_reload_keeps_them_whole(
    make_registry, tmp_path, commands_use
):
    """A shapefile's text field holds 254 bytes: a long Vietnamese description is cut there, at a letter's start
    (never inside its 2–3 bytes). The export command names the projects whose texts it cut, field by field, and the
    zip's README.txt lists them all, in Vietnamese and English, saying the GeoPackage keeps them whole; loading the zip
    back keeps the whole stored description, with a warning. Before, the command and the download said only how many
    texts of each field, so an officer could not tell which projects to read in the GeoPackage."""
    from typer.testing import CliRunner

    from cli.main import app

    url = make_registry("shapefile_cut", sample=True)
    engine = create_engine(url)
    with Session(engine) as session, session.begin():
        project = session.scalars(select(Project).where(Project.geom.is_not(None)).order_by(Project.code)).first()
        project.description_vi, code = LONG_DESCRIPTION, project.code
    encoded = LONG_DESCRIPTION.encode()
    assert len(encoded) > 254 and (encoded[254] & 0xC0) == 0x80  # byte 255 continues a letter begun before it
    commands_use(url)
    zipped = tmp_path / "projects.zip"
    done = CliRunner().invoke(app, ["export", "projects", "--format", "shp", "--out", str(zipped), "--lang", "en"])
    assert done.exit_code == 0, done.output
    said = " ".join(done.output.split())
    assert re.search(rf"desc_vi \d+: [^;]*{re.escape(code)}", said) and "README.txt" in said, said

    with zipfile.ZipFile(zipped) as zf:
        readme = zf.read("README.txt").decode()
        zf.extractall(tmp_path / "shp")
    assert readme == unicodedata.normalize("NFC", readme)
    vi, en = readme.split("TEXTS CUT IN THESE SHAPEFILES")
    for words, kept in ((vi, "GeoPackage (định dạng gpkg) giữ nguyên"), (en, "GeoPackage export (format gpkg) keeps")):
        cut_line = next(line for line in words.splitlines() if line.startswith("- desc_vi:"))
        assert code in cut_line.split(", ") or cut_line.endswith(code) or f" {code}," in cut_line, cut_line
        assert kept in words
    frames = [pyogrio.read_dataframe(path) for path in (tmp_path / "shp").glob("*.shp")]
    written = next(f.loc[f["code"] == code, "desc_vi"].iloc[0] for f in frames if code in set(f["code"]))
    assert LONG_DESCRIPTION.startswith(written) and 251 <= len(written.encode()) <= 254  # whole letters only

    report = ingest(engine, IngestRequest(zipped, Options("projects", "upsert")), get_settings())
    assert report.ok and report.changes["updated"] == 0, report.changes
    assert [w for w in report.warnings if "the whole stored texts are kept" in w.message]
    with Session(engine) as session:
        assert session.scalar(select(Project.description_vi).where(Project.code == code)) == LONG_DESCRIPTION
    engine.dispose()


def test_a_shapefiles_text_fields_are_as_wide_as_their_longest_text_and_long_names_stay_whole(sample_engine, tmp_path):
    """A province's points came as a 64 MB .dbf for 17,291 projects, every text field 80 bytes wide or more however
    short its texts (trial 60). Each is now as wide as its longest text in UTF-8 bytes, 254 at most, with room to type
    a few words into a short or empty one in QGIS: a long Vietnamese name comes whole, a longer description is cut and
    listed in README.txt, the years keep their room."""
    name = (
        "Dự án thử nghiệm kè chống sạt lở bờ biển kết hợp trồng rừng ngập mặn và đường giao thông ven biển xã Vĩnh Hậu"
    )
    with Session(sample_engine) as session:
        code = session.scalar(
            text(
                "UPDATE project SET name_vi = :name, description_vi = repeat('Đê biển ', 40) WHERE id = "
                "(SELECT min(id) FROM project WHERE GeometryType(geom) = 'POINT') RETURNING code"
            ),
            {"name": name},
        )
        exported = export_layer(session, "projects", "shp", tmp_path / "projects.zip")
        session.rollback()
    with zipfile.ZipFile(tmp_path / "projects.zip") as zf:
        zf.extractall(tmp_path)
        readme = zf.read("README.txt").decode()
    points = tmp_path / "projects_point.shp"
    frame = pyogrio.read_dataframe(points)
    info = subprocess.run(["ogrinfo", "-so", str(points), "projects_point"], capture_output=True, text=True).stdout
    widths = {f: int(w) for f, kind, w in re.findall(r"^(\w+): (\w+) \((\d+)\.\d+\)$", info, re.M) if kind == "String"}
    longest = {f: max([0, *(len(v.encode()) for v in frame[f] if isinstance(v, str))]) for f in widths}
    flags = {f for f, w in widths.items() if w < ROOM_TO_TYPE}  # a one-letter mark GDAL writes one byte wide
    assert flags == {"stat_demo"}
    assert {f: w for f, w in widths.items() if f not in flags} == {
        f: max(ROOM_TO_TYPE, n) for f, n in longest.items() if f not in flags
    }
    assert len(widths) > 30
    assert widths["province"] == ROOM_TO_TYPE and widths["desc_vi"] == 254 and len(name.encode()) > 80
    assert "start_year: Integer (9.0)" in info  # room for a year an officer types into an empty one
    row = frame[frame["code"] == code].iloc[0]
    assert row["name_vi"] == name and unicodedata.is_normalized("NFC", row["name_vi"])
    assert code in exported.cut["desc_vi"] and code in readme and code not in exported.cut.get("name_vi", [])


def test_an_export_the_servers_disk_has_no_room_for_answers_507_in_the_language_asked(client, tmp_path, monkeypatch):
    """/api/exports on a server whose temporary folder's disk was full answered 500 ("Internal Server Error"): it says
    the server's disk is full and what to do, in the request's language, 507, and leaves no part of the file there."""
    from full_disk import small_disk

    with small_disk(tmp_path / "disk", 16) as disk:
        monkeypatch.setattr(tempfile, "tempdir", str(disk))  # the server's TMPDIR
        answers = [
            client.get(f"/api/exports/projects.{fmt}", headers={"Accept-Language": lang})
            for fmt, lang in (("geojson", "vi"), ("gpkg", "en"))
        ]
        left = list(disk.iterdir())
    assert [a.status_code for a in answers] == [507, 507], [a.text for a in answers]
    vi, en = (a.json()["detail"] for a in answers)
    assert vi.startswith("máy chủ không còn chỗ trên ổ đĩa để ghi tệp xuất này (thư mục tạm của nó đã đầy)"), vi
    assert en.startswith("the server has no room left on its disk to write this export's file"), en
    assert "tell the registry's administrator" in en and not left


def test_a_geojson_or_csv_of_texts_stored_before_the_rule_holds_no_character_a_form_refuses(
    make_registry, commands_use, tmp_path
):
    """A name stored before geo.plain_text's rule (Word's line break U+000B, a direction override U+202E) went into
    the GeoJSON (escaped, \\u000b) and the CSV as stored, characters the API and the forms now refuse, and the CSV's
    reader in Excel saw a name reading otherwise than stored. The files hold them cleaned, and say so."""
    from fastapi.testclient import TestClient
    from typer.testing import CliRunner

    from api.main import create_app
    from cli.main import app
    from geo.plain_text import NOT_TEXT
    from geo.settings import Settings

    url = make_registry("export_cleaned", sample=True)
    engine = create_engine(url)
    renamed = "UPDATE project SET name_vi = 'Kè A' || chr(11) || 'đoạn 2' || chr(8238) || 'B' WHERE code = :code"
    with engine.begin() as connection:
        connection.execute(text(renamed), {"code": "TV-P3-NAM-MANG-THIT"})
    engine.dispose()
    commands_use(url)
    for fmt in ("geojson", "csv"):
        out = tmp_path / f"projects.{fmt}"
        done = CliRunner().invoke(app, ["export", "projects", "--format", fmt, "--out", str(out), "--lang", "en"])
        said = " ".join(done.output.split())
        assert done.exit_code == 0, said
        assert "1 of its texts held characters that are not text" in said and "«Kè A đoạn 2B» (U+000B, U+202E)" in said
        written = out.read_text(encoding="utf-8")
        if fmt == "geojson":
            names = {feature["properties"]["name_vi"] for feature in json.loads(written)["features"]}
        else:
            names = {row["name_vi"] for row in csv.DictReader(io.StringIO(written.lstrip("\ufeff")))}
        assert "Kè A\nđoạn 2B" in names, names
        assert not NOT_TEXT.search(written) and "\\u000b" not in written and "\\u202e" not in written
    answer = TestClient(create_app(Settings(database_url=url))).get("/api/exports/projects.csv")
    assert answer.status_code == 200 and answer.headers["X-Georeg-Texts-Cleaned"] == "1", answer.headers
    assert not NOT_TEXT.search(answer.text)
