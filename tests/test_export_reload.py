"""A GIS officer's quarterly round trip through Excel: the registry's own workbook (the data sheet, or the map's with
its sheet for a report first) loads back by code changing nothing it does not edit. Session 73 found the sample's
export refused (its province column unread: offshore wind farms in no province), and, given the column, 16 lines and
areas turned into the points the sheet writes and 13 percents put back to 0."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.orm import Session

from geo.ingest import IngestRequest, Options, ingest
from geo.layer_export import export_layer
from geo.settings import get_settings

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
