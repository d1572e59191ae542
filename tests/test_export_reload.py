"""A GIS officer's quarterly round trip through Excel: the registry's own workbook (the data sheet, or the map's with
its sheet for a report first) loads back by code changing nothing it does not edit. Session 73 found the sample's
export refused (its province column unread: offshore wind farms in no province), and, given the column, 16 lines and
areas turned into the points the sheet writes and 13 percents put back to 0."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
import shapely
from sqlalchemy import Engine, create_engine, select, text
from sqlalchemy.orm import Session

from geo.ingest import IngestRequest, Options, ingest
from geo.layer_export import export_layer
from geo.models import Project
from geo.settings import get_settings
from geo.status_history import append_status_event
from geo.vietnam_day import vietnam_today

#: What a reload may change of a project, as the registry holds it.
STATE = (
    "SELECT code, name_vi, name_en, kind, province_code, plan_id, plan_action_id, lead_agency_id, capacity_value, "
    "capacity_unit, budget_vnd_billion, funding_source, start_year, end_year, description_vi, description_en, "
    "location_precision, location_note_vi, location_note_en, sources, status, percent, ST_AsEWKB(geom) AS geom "
    "FROM project ORDER BY code"
)


@pytest.fixture(scope="module")
def engine(make_registry) -> Iterator[Engine]:
    engine = create_engine(make_registry("export_reload", sample=True))
    yield engine
    engine.dispose()


def _workbook(engine: Engine, out: Path, lang: str, for_report: bool = False, crs: str | None = None) -> Path:
    with Session(engine) as session:
        return export_layer(session, "projects", "xlsx", out, crs, lang=lang, for_report=for_report).path


def _reload(engine: Engine, path: Path, dry_run: bool = True):
    return ingest(engine, IngestRequest(path, Options("projects", "upsert"), dry_run), get_settings())


def _state(engine: Engine) -> dict[str, dict]:
    with engine.connect() as conn:
        return {row["code"]: dict(row) for row in conn.execute(text(STATE)).mappings()}


def _said(report) -> list[str]:
    return [w.message for w in report.warnings] + [e.text("en") for e in report.errors]


@pytest.mark.parametrize(
    ("lang", "for_report", "crs"),
    [("vi", False, None), ("en", False, None), ("vi", True, None), ("en", True, None), ("en", False, "EPSG:9209")],
)
def test_the_samples_workbook_loads_back_by_code_changing_nothing(engine, tmp_path, lang, for_report, crs):
    """Every project unchanged: no site turned into the sheet's point, no percent put back, no name taken from the
    English report sheet's "Project" (a Vietnamese name where a project has no English one); a VN-2000 sheet's
    eastings and northings read in the CRS their headings name."""
    projects = len(_state(engine))
    report = _reload(engine, _workbook(engine, tmp_path / f"projects_{lang}.xlsx", lang, for_report, crs))
    said = _said(report)
    assert report.ok, said
    assert report.changes["unchanged"] == projects and report.changes["updated"] == 0, (report.changes, said)
    assert not report.fields_changed and not report.steps_back, (report.fields_changed, report.steps_back)
    assert not report.unused_columns, report.unused_columns  # each column read, or said to be for reading only
    if for_report:  # the sheet the officer sees first is read, and said to be; it has no site
        assert any(m.startswith("the workbook's first sheet is the registry's sheet for a report") for m in said)
        assert report.sites_kept.startswith(f"{projects} rows give no site"), report.sites_kept
    else:
        assert "Mã tỉnh (trước 01/07/2025) → province_code" in report.columns or lang == "en", report.columns
        assert "% complete → percent" in report.columns or lang == "vi", report.columns
        assert "16 rows give a point on their project's registered line or area" in report.sites_kept
        assert report.crs.startswith(crs or "EPSG:4326"), report.crs


def test_a_percent_and_a_name_edited_in_the_workbook_are_loaded_and_nothing_else(engine, tmp_path):
    """The status in words edited instead of its code is said not loaded, as of a GeoPackage's status_vi."""
    path = _workbook(engine, tmp_path / "projects.xlsx", "vi")
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    column = {cell.value: cell.column - 1 for cell in sheet[1]}
    row = next(r for r in sheet.iter_rows(min_row=2) if r[column["Chiều dài (m, trên elipxoit)"]].value)  # a line
    code = row[column["Mã"]].value
    row[column["% hoàn thành"]].value = 47.5
    row[column["Tên (tiếng Việt)"]].value = "Tên đã sửa"
    row[column["Tình trạng (tiếng Việt)"]].value = "Hoàn thành"  # its words, not its code: said, not loaded
    book.save(path)
    before = _state(engine)
    report = _reload(engine, path, dry_run=False)
    assert report.ok, _said(report)
    edited = [w for w in report.warnings if w.field == "Tình trạng (tiếng Việt)" and w.value == "Hoàn thành"]
    assert len(edited) == 1 and "is for reading only and is not loaded" in edited[0].message, _said(report)
    after = _state(engine)
    assert (after[code]["name_vi"], after[code]["percent"]) == ("Tên đã sửa", 47.5)
    assert after[code]["geom"] == before[code]["geom"]  # the line, not the sheet's point on it
    changed = {field for field, value in after[code].items() if value != before[code][field]}
    assert changed == {"name_vi", "percent", "sources"}, changed  # its sources: the load's own added
    assert {c: p for c, p in after.items() if c != code} == {c: p for c, p in before.items() if c != code}
    assert (report.changes["updated"], report.changes["unchanged"]) == (1, len(before) - 1), report.changes


def test_a_sheet_point_away_from_a_registered_area_is_said(engine, tmp_path):
    path = _workbook(engine, tmp_path / "projects.xlsx", "vi")
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    column = {cell.value: cell.column - 1 for cell in sheet[1]}
    row = next(r for r in sheet.iter_rows(min_row=2) if r[column["Diện tích (m², trên elipxoit)"]].value)  # an area
    code = row[column["Mã"]].value
    row[column["Kinh độ"]].value += 0.02  # 2 km east
    book.save(path)
    report = _reload(engine, path)
    said = " ".join(_said(report))
    assert f"1 row gives a point away from its project's registered line or area ({code}): loaded, the line" in said
    assert report.changes["updated"] == 1, report.changes


def test_a_mistyped_code_in_the_report_sheet_is_said_as_a_code_not_in_the_registry(engine, tmp_path):
    """Trial s73: "BL-D1-000057" typed for BL-DI-000057 in the map's workbook (a sheet without sites) was told "a
    province-wide project (no site) needs its province: add a province_code column", sending the officer to add a
    column the row did not need."""
    path = _workbook(engine, tmp_path / "projects_report.xlsx", "en", for_report=True)
    book = openpyxl.load_workbook(path)
    cell = book.worksheets[0]["A2"]
    typed = cell.value.replace("-", "_", 1)
    cell.value = typed
    book.save(path)
    report = _reload(engine, path)
    error = report.errors[0]  # then that a new code needs a name: "check the code (a typing slip?)"
    assert error.text("en").endswith(
        f"code {typed}, field Code: this code is not in the registry, so the row would "
        "be a new project the file gives no site: if it is a registered project's code mistyped, correct it; if it "
        "is a new province-wide project, add a province_code column or --province"
    ), error.text("en")
    assert "mã này chưa có trong sổ đăng ký" in error.text("vi")


def _edited(path: Path, code: str, percent: float) -> Path:
    """The workbook at ``path`` with the percent of ``code``'s row set to ``percent`` in its first sheet."""
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    column = {cell.value: cell.column - 1 for cell in sheet[1]}
    row = next(r for r in sheet.iter_rows(min_row=2) if r[column["Mã"]].value == code)
    row[column["% hoàn thành"]].value = percent
    book.save(path)
    return path


def test_an_older_workbook_is_refused_naming_the_projects_changed_since_and_keep_changed_loads_the_rest(
    engine, tmp_path
):
    """Trial s73: a workbook exported before a colleague's load and report, edited and loaded back, put back her
    renames unsaid and her percents as steps back. Both sheets (the data sheet, the map's sheet for a report) carry
    when each project last changed, and are refused as an older GIS export is; keeping those, the rest loads."""
    renamed, reported, edited = "TV-P8-NINH-THOI", "BL-13.9-WASTEWATER", "TV-P6-SEA-DYKE-2"
    data = _edited(_workbook(engine, tmp_path / "du_an.xlsx", "vi"), edited, 85.0)
    report = _edited(_workbook(engine, tmp_path / "bao_cao.xlsx", "vi", for_report=True), edited, 85.0)
    names = tmp_path / "doi_ten.csv"
    names.write_text(f"code,name_vi\n{renamed},Kè Ninh Thới (đã sửa tên)\n", encoding="utf-8")
    colleague = _reload(engine, names, dry_run=False)
    assert colleague.ok, _said(colleague)
    with Session(engine) as session, session.begin():
        project = session.scalar(select(Project).where(Project.code == reported))
        append_status_event(
            session, project, status="under_construction", percent=46.0, reported_at=vietnam_today(),
            reporter_name="Hạnh",
        )  # fmt: skip
    for path in (data, report):
        refused = _reload(engine, path)
        told = " | ".join(e.text("en") for e in refused.errors)
        assert "a stale export: 2 projects changed after this file was exported" in told, (path.name, told)
        assert f"{renamed}: the file has it as of" in told and f"load job {colleague.job_id} (doi_ten.csv)" in told
        assert f"{reported}: the file has it as of" in told and "by Hạnh" in told, told
        assert edited not in told, told

    rest = ingest(engine, IngestRequest(data, Options("projects", "upsert"), False, keep_changed=True), get_settings())
    assert rest.ok and rest.changed_codes["updated"] == [edited], (_said(rest), rest.changed_codes)
    after = _state(engine)
    assert after[renamed]["name_vi"] == "Kè Ninh Thới (đã sửa tên)" and after[reported]["percent"] == 46.0
    assert after[edited]["percent"] == 85.0


#: A canal and a forest of Bạc Liêu on its border with Sóc Trăng, each with its point on surface across it.
ACROSS_THE_BORDER = {
    "BL-KENH-RANH-GIOI": ("canal", shapely.LineString([(105.7126, 9.3909), (105.7036, 9.3969), (105.7006, 9.4029)])),
    "BL-RUNG-RANH-GIOI": (
        "forest_planting",
        shapely.Polygon([(105.697, 9.397), (105.706, 9.391), (105.711, 9.395), (105.700, 9.403)]),
    ),
}


def test_lines_and_areas_across_the_border_are_not_warned_again_one_by_one_by_an_unchanged_workbook(engine, tmp_path):
    """Trial s73: an unedited workbook's reload warned of each line and area whose sheet point lay in a neighbouring
    province (~164, "up to 501 m outside" measured from the point), though the load keeps the registered site. Said
    once, as a GIS export's are, measured from the site. Last in the module: it adds two projects to the registry."""
    features = [
        {"type": "Feature", "geometry": shapely.geometry.mapping(site), "properties": {"code": code, "kind": kind,
         "name_vi": f"Dự án ranh giới {code}", "province_code": "95"}}
        for code, (kind, site) in ACROSS_THE_BORDER.items()
    ]  # fmt: skip
    path = tmp_path / "ranh_gioi.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    loaded = _reload(engine, path, dry_run=False)
    assert loaded.ok and sum("up to 916 m outside" in m for m in _said(loaded)) == 1, _said(loaded)
    said = _said(_reload(engine, _workbook(engine, tmp_path / "du_an.xlsx", "vi")))
    assert not [m for m in said if m.startswith("the site lies in the neighbouring province")], said
    grouped = "already in the registry with these very sites: BL-KENH-RANH-GIOI, BL-RUNG-RANH-GIOI (2), up to 916 m"
    assert any(grouped in m for m in said), said
