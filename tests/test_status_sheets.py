"""Sheets of codes and statuses loaded by code (no geometry): each registered project keeps its site, unwarned; a
new code without a site is warned of by its row and code; every status word of the table is taken, and an unknown
one is refused naming its row, column, the word and the words taken."""

from __future__ import annotations

import json
import time
import unicodedata
import zipfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from live_servers import serving
from openpyxl import Workbook
from playwright.sync_api import expect
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.orm import Session
from typer.testing import CliRunner
from watched_pages import watch

from cli.main import app
from geo.accounts import create_account, create_token
from geo.ingest import IngestRequest, Options, ingest
from geo.settings import Settings, get_settings

#: Registered sample projects with a point, a polygon, a line, and one province-wide (no site)
SITED = ("TV-P8-CON-HO", "BL-13.3-CHAU-HUNG", "TV-P6-SEA-DYKE-2", "TV-P5-RIVER-DYKES")
SITES = "SELECT code, md5(ST_AsBinary(geom)), location_precision FROM project WHERE code = ANY(:codes) ORDER BY code"


@pytest.fixture(scope="module")
def url(make_registry) -> str:
    return make_registry("status_sheets", sample=True)


@pytest.fixture(scope="module")
def engine(url) -> Iterator[Engine]:
    engine = create_engine(url)
    yield engine
    engine.dispose()


def sites(engine: Engine) -> list[tuple]:
    with engine.connect() as connection:
        return connection.execute(text(SITES), {"codes": list(SITED)}).all()


def statuses(engine: Engine, codes: list[str]) -> dict[str, tuple[str, float]]:
    with engine.connect() as connection:
        found = connection.execute(text("SELECT code, status, percent FROM project WHERE code = ANY(:c)"), {"c": codes})
        return {code: (status, percent) for code, status, percent in found}


def load(engine: Engine, sheet, dry_run: bool = False):
    return ingest(engine, IngestRequest(sheet, Options("projects", mode="upsert"), dry_run=dry_run), get_settings())


def test_a_status_sheet_keeps_every_registered_site_warns_of_none_and_says_how_many_kept_theirs(
    engine, tmp_path, commands_use
):
    """Trial 69: a status sheet warned every registered project "no site (empty geometry): a new project is stored as
    province-wide", a warning a row hiding the file's real ones. Each keeps its site and precision, byte for byte,
    unwarned; the summary says how many rows kept theirs, in both languages, on the command line too."""
    before = sites(engine)
    sheet = tmp_path / "tinh_trang.csv"
    words = ("Chuẩn bị", "Đang thi công", "Hoàn thành", "Tạm dừng")
    rows = zip(SITED, words, ("0", "15", "100 %", "15,5%"), strict=True)
    sheet.write_text("Mã dự án,Tình trạng,Tiến độ (%)\n" + "".join(f'{c},{s},"{p}"\n' for c, s, p in rows))

    report = load(engine, sheet)

    assert report.ok, report.errors
    assert [w for w in report.warnings if w.key == "no_site_province_wide"] == []
    assert report.sites_kept == (
        "4 rows give no site: their registered projects keep the sites (or province-wide places) the registry has"
    )
    assert report.sites_kept_vi.startswith("4 dòng không ghi vị trí: dự án đã đăng ký của các dòng này giữ vị trí")
    assert sites(engine) == before  # never dropped nor moved: a status sheet is no site
    assert statuses(engine, list(SITED)) == {
        "TV-P8-CON-HO": ("preparing", 0),
        "BL-13.3-CHAU-HUNG": ("under_construction", 15),
        "TV-P6-SEA-DYKE-2": ("completed", 100),
        "TV-P5-RIVER-DYKES": ("suspended", 15.5),
    }

    commands_use(engine.url.render_as_string(hide_password=False))
    printed = CliRunner().invoke(
        app, ["ingest", str(sheet), "--into", "projects", "--mode", "upsert", "--dry-run", "--lang", "vi"]
    )
    assert printed.exit_code == 0, printed.output
    said = " ".join(printed.stdout.replace("│", " ").split())
    assert "vị trí 4 dòng không ghi vị trí" in said and "không có vị trí (hình học trống)" not in said, said


def test_a_new_code_without_a_site_in_an_update_is_warned_of_once_by_its_row_and_code(engine, tmp_path):
    """Among registered projects given no site, the new code alone is warned of: it is stored province-wide."""
    sheet = tmp_path / "moi.csv"
    sheet.write_text(
        "code,name_vi,kind,province_code,status,percent\n"
        "TV-P8-NINH-THOI,Kè Ninh Thới,embankment,84,Đang thi công,10\n"
        "TV-STATUS-NEW,Cống mới,sluice,84,chuan bi,0\n"
        "TV-SUB-110KV-CAU-NGANG,Trạm 110 kV Cầu Ngang,substation,84,proposed,0\n"
    )

    report = load(engine, sheet, dry_run=True)

    warned = [w for w in report.warnings if w.key == "no_site_province_wide"]
    assert report.ok, report.errors
    assert [(w.rows, w.codes, w.count) for w in warned] == [((3,), ("TV-STATUS-NEW",), 1)]
    assert "row 3 (feature 1), code TV-STATUS-NEW" in warned[0].text("en")
    assert "dòng 3 (đối tượng 1), mã TV-STATUS-NEW" in warned[0].text("vi")
    assert report.sites_kept.startswith("2 rows give no site")


def test_a_status_sheet_takes_each_word_of_the_status_table_with_or_without_accents(engine, tmp_path):
    """Trial 69: "Chuẩn bị" and "chuan bi" (preparing) were refused; the sheet takes the words of geo.vocab's table,
    in any case, with or without accents."""
    words = {
        "TV-P9-MY-VAN-RUM-SOC-CAI-HOP": ("Chuẩn bị", "preparing"),
        "TV-P8-NINH-THOI": ("chuan bi", "preparing"),
        "TV-P1-FLOOD-LAKE": ("ĐANG XÂY DỰNG", "under_construction"),
        "TV-SUB-110KV-LONG-DUC": ("van hanh", "operating"),
        "TV-P2-CANAL-DREDGING": ("Tạm ngừng", "suspended"),
        "TV-P3-NAM-MANG-THIT": ("Huỷ", "cancelled"),
        "TV-P4-SEA-DYKE-BRIDGES": ("On hold", "suspended"),
    }
    sheet = tmp_path / "tu.csv"
    sheet.write_text("ma,tinh_trang,tien_do\n" + "".join(f"{c},{w},0\n" for c, (w, _) in words.items()))

    report = load(engine, sheet, dry_run=True)

    assert report.ok, report.errors
    assert {code: fields["status"][1] for code, fields in report.changed_fields.items()} == {
        code: status for code, (_, status) in words.items()
    }


def test_an_unknown_status_word_is_refused_naming_row_column_word_and_the_words_taken(engine, tmp_path):
    before = statuses(engine, ["TV-P8-CON-HO", "TV-P10-HIEP-THANH"])
    sheet = tmp_path / "sai.csv"
    sheet.write_text("Mã dự án,Tình trạng,Tiến độ (%)\nTV-P8-CON-HO,Chuẩn bị,5\nTV-P10-HIEP-THANH,xong,100\n")

    report = load(engine, sheet)

    assert [(e.rows, e.field, e.value) for e in report.errors] == [((3,), "Tình trạng", "xong")]
    english, vietnamese = report.errors[0].text("en"), report.errors[0].text("vi")
    assert "row 3 (feature 1), code TV-P10-HIEP-THANH, field Tình trạng, value 'xong': not a status" in english
    assert "preparing: Chuẩn bị đầu tư, Investment preparation, Chuẩn bị, Preparing, Preparation;" in english
    assert english.endswith("(any case, with or without accents)")
    assert "dòng 3 (đối tượng 1), mã TV-P10-HIEP-THANH, trường Tình trạng, giá trị 'xong'" in vietnamese
    assert "không phải một tình trạng; các từ được nhận: proposed: Đề xuất trong kế hoạch" in vietnamese
    assert statuses(engine, ["TV-P8-CON-HO", "TV-P10-HIEP-THANH"]) == before


def test_a_status_sheet_is_warned_of_by_its_own_columns_on_the_command_line_and_in_the_report(
    url, tmp_path, commands_use
):
    """Trial 71: a sheet headed "Tình trạng", "Tiến độ (%)" putting a project back (operating → under construction)
    was told to "leave out the status and percent columns", its warning's field "status", and a row without a percent
    to "fill the percent column". Each names the file's own column, in both languages, on the command line (its label
    a label: "Cảnh báo: …") and in the report's JSON (what /upload shows)."""
    sheet = tmp_path / "lui_lai.csv"
    sheet.write_text("Mã dự án,Tình trạng,Tiến độ (%)\nTV-WIND-V1-1,Đang thi công,60\nTV-LINE-CON-PHUNG,Chuẩn bị,\n")
    commands_use(url)
    command = ["ingest", str(sheet), "--into", "projects", "--mode", "upsert", "--dry-run", "--lang"]
    printed = {lang: CliRunner().invoke(app, [*command, lang]) for lang in ("vi", "en")}
    said = {lang: " ".join(result.stdout.replace("│", " ").split()) for lang, result in printed.items()}
    told = {
        "vi": [
            "Cảnh báo: trường Tình trạng: tệp đưa 1 dự án lùi lại",
            "hoặc bỏ hai cột Tình trạng và Tiến độ (%) (mỗi dự án giữ tình trạng của mình)",
            "Cảnh báo: trường Tiến độ (%): 1 dự án có tình trạng nhưng không có % hoàn thành",
            "hãy điền cột Tiến độ (%) rồi nạp lại",
        ],
        "en": [
            "Warning: field Tình trạng: the file puts 1 project back",
            "or leave out the Tình trạng and Tiến độ (%) columns (each project keeps its own)",
            "Warning: field Tiến độ (%): 1 project has a status but no percent",
            "fill the Tiến độ (%) column and load again",
        ],
    }
    for lang, parts in told.items():
        assert printed[lang].exit_code == 1, printed[lang].output  # its load is refused until confirmed (trial 72)
        assert [part for part in parts if part not in said[lang]] == [], said[lang]
    as_json = CliRunner().invoke(app, [*command, "en", "--json"])
    report = json.loads(as_json.stdout)
    fields = {w["key"]: w["field"] for w in report["warnings"] if w["key"] in ("steps_back", "assumed_no_percent")}
    assert fields == {"steps_back": "Tình trạng", "assumed_no_percent": "Tiến độ (%)"}
    # the JSON says what the exit code does: not "ok": true beside 1 (a script reads either), and why
    assert (as_json.exit_code, report["ok"], report["needs_confirmation"]) == (1, False, ["steps_back"])
    confirmed = CliRunner().invoke(app, [*command, "en", "--json", "--accept-steps-back"])
    report = json.loads(confirmed.stdout)
    assert (confirmed.exit_code, report["ok"], report["needs_confirmation"]) == (0, True, [])


def test_a_status_sheet_saved_as_excel_loads_as_the_same_sheet_as_csv(engine, tmp_path):
    """Trial 72: tinh_trang.xlsx was refused as "an archive holding no shapefile, GeoPackage, …". A workbook's first
    sheet is read as the same sheet saved as CSV: its header as written (NFC), its numbers as Excel stores them (15,5
    typed in a Vietnamese Excel is the number 15.5) but a percent cell as shown (0.455 formatted "0.0%" is 45,5%, not
    0.455 %), the same preview and the same statuses and percents stored."""
    codes = ("BL-13.10-AIR-MONITORING", "BL-13.9-WASTEWATER", "BL-14.4-FRESHWATER-STORAGE")
    rows = list(zip(codes, ("Chuẩn bị", "Đang thi công", "Hoàn thành"), (5, 45.5, 100), strict=True))
    workbook = Workbook()
    workbook.active.title = "Tình trạng"
    workbook.active.append([unicodedata.normalize("NFD", h) for h in ("Mã dự án", "Tình trạng", "Tiến độ (%)")])
    for row in rows:
        workbook.active.append(row)
    workbook.active["C3"].value, workbook.active["C3"].number_format = 0.455, "0.0%"  # shown "45,5%", as in the CSV
    workbook.create_sheet("Ghi chú").append(["not a status sheet"])  # a later sheet is not read
    book = tmp_path / "tinh_trang.xlsx"
    workbook.save(book)
    sheet = tmp_path / "tinh_trang.csv"
    sheet.write_text(
        "Mã dự án,Tình trạng,Tiến độ (%)\n" + "".join(f'{c},{s},"{str(p).replace(".", ",")}"\n' for c, s, p in rows)
    )

    previews = [load(engine, path, dry_run=True) for path in (book, sheet)]

    assert previews[0].ok, previews[0].errors
    seen = [(p.feature_count, p.changes, p.columns, sorted(w.key for w in p.warnings)) for p in previews]
    assert seen[0] == seen[1]
    assert previews[0].layers == ["Tình trạng"]  # the first sheet, named in the report
    loaded = load(engine, book)
    assert loaded.ok, loaded.errors
    stored = statuses(engine, list(codes))
    assert stored == {
        "BL-13.10-AIR-MONITORING": ("preparing", 5),
        "BL-13.9-WASTEWATER": ("under_construction", 45.5),
        "BL-14.4-FRESHWATER-STORAGE": ("completed", 100),
    }
    assert load(engine, sheet).changes == {"unchanged": 3} | {k: 0 for k in previews[0].changes if k != "unchanged"}
    assert statuses(engine, list(codes)) == stored


def test_a_workbook_whose_header_is_below_a_blank_row_names_its_rows_as_excel_numbers_them(engine, tmp_path):
    """An office's sheet whose first row was emptied (a title deleted) has its header on row 2: it was read from the
    blank row 1, and every row refused as giving no code. The header is the first row holding a value, and a wrong
    status on row 4 is said to be on row 4, where the officer looks for it."""
    workbook = Workbook()
    for row, values in enumerate(
        (("Mã dự án", "Tình trạng"), ("BL-13.9-WASTEWATER", "Thi công"), ("BL-13.10-AIR-MONITORING", "đang bàn")),
        start=2,
    ):
        for column, value in enumerate(values, start=1):
            workbook.active.cell(row, column, value)
    book = tmp_path / "tinh_trang_dong_2.xlsx"
    workbook.save(book)

    report = load(engine, book, dry_run=True)

    assert [(problem.field, problem.rows) for problem in report.errors] == [("Tình trạng", (4,))], report.errors


#: A status sheet of two projects, the second's status not one the registry knows.
TWO_STATUSES = (("Mã dự án", "Tình trạng"), ("BL-13.9-WASTEWATER", "Thi công"), ("BL-13.10-AIR-MONITORING", "x"))


def _stated_size(tmp_path: Path, name: str, size: str) -> Path:
    """:data:`TWO_STATUSES` saved as workbook ``name`` whose sheet states its size as ``size`` (it holds A1:B3), as a
    program writing workbooks may state it wrong."""
    workbook = Workbook()
    for values in TWO_STATUSES:
        workbook.active.append(values)
    written = tmp_path / "written.xlsx"
    workbook.save(written)
    book = tmp_path / name
    with zipfile.ZipFile(written) as source, zipfile.ZipFile(book, "w") as out:
        for member in source.infolist():
            part = source.read(member)
            out.writestr(member, part.replace(b'<dimension ref="A1:B3"/>', f'<dimension ref="{size}"/>'.encode()))
    return book


def test_a_workbook_whose_size_is_written_wrong_is_read_to_its_last_row(engine, tmp_path):
    """A workbook states its sheet's size, and a program that writes workbooks may state it wrong ("A1"): the sheet was
    read to that size, its first cell alone, and refused as a file with no features. It is read to its last cell."""
    book = _stated_size(tmp_path, "kich_thuoc_sai.xlsx", "A1")

    report = load(engine, book, dry_run=True)

    assert [(problem.field, problem.rows) for problem in report.errors] == [("Tình trạng", (3,))], report.errors


def test_a_workbook_with_a_title_above_its_header_is_read_from_its_header_and_says_its_row(engine, tmp_path):
    """An office's sheet has its title in row 1 ("DANH MỤC DỰ ÁN …"), a blank row, then its header: the title was
    read as the header, and every row refused as giving no code. The header is the first row with column names the
    registry recognises; the report says which ("Dòng tiêu đề: 3") and that the title above it was not read, and a
    wrong status on row 5 is said to be on row 5."""
    workbook = Workbook()
    workbook.active["A1"] = "DANH MỤC DỰ ÁN TĂNG TRƯỞNG XANH TỈNH BẠC LIÊU NĂM 2025"
    for values in TWO_STATUSES:
        workbook.active.append(values)
    workbook.active.move_range("A2:B4", rows=1)  # row 2 left blank
    book = tmp_path / "danh_muc.xlsx"
    workbook.save(book)

    report = load(engine, book, dry_run=True)

    assert [(problem.field, problem.rows) for problem in report.errors] == [("Tình trạng", (5,))], report.errors
    assert report.header_row == "3"
    assert (
        report.how("header_row", "vi")
        == "dòng đầu tiên có tên cột mà hệ thống nhận ra; dòng 1 phía trên nó (tiêu đề) không được đọc"
    )


def test_a_workbooks_first_progress_counts_its_rows_as_read_not_as_its_size_states(engine, tmp_path):
    """A workbook states its sheet's size, which may be wrong (here 50 rows for 2): the load's first progress said
    2 of 49. It counts the rows read."""
    book = _stated_size(tmp_path, "kich_thuoc_lon.xlsx", "A1:B50")
    said = []
    request = IngestRequest(book, Options("projects", mode="upsert"), dry_run=True)

    ingest(engine, request, get_settings(), progress=lambda done, total: said.append((done, total)))

    assert said == [(2, 2)]


def test_a_file_the_registry_cannot_read_is_said_plainly_and_the_command_exits_non_zero(url, tmp_path, commands_use):
    """Trial 72: a refused file must not let a script go on as if it had loaded. An Excel 97-2003 workbook is told
    to be saved as .xlsx or CSV (no "archive" said of it), and the command line exits 1, dry run or not."""
    old = tmp_path / "tinh_trang.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    commands_use(url)
    for dry_run in (["--dry-run"], []):
        command = ["ingest", str(old), "--into", "projects", "--mode", "upsert", *dry_run, "--lang", "vi"]
        printed = CliRunner().invoke(app, command)
        said = " ".join(printed.stdout.replace("│", " ").split())
        assert printed.exit_code == 1, said
        assert "Excel 97-2003 (.xls)" in said and "lưu thành Excel Workbook (.xlsx) hoặc CSV UTF-8" in said, said
        assert "tệp nén" not in said, said


@pytest.fixture(scope="module")
def site(url, engine, tmp_path_factory) -> Iterator[tuple[str, str]]:
    """The app on the module's registry, and a GIS officer's token."""
    with Session(engine) as session, session.begin():
        token = create_token(session, create_account(session, "gis_status", role="gis"))[0]
    with serving(Settings(database_url=url, upload_dir=tmp_path_factory.mktemp("uploads"))) as server:
        yield server, token


def status_sheet(folder: Path, percent: int = 40) -> Path:
    """Two Trà Vinh projects' new statuses, as an office writes them: no site, no kind, no province."""
    sheet = folder / "tinh_trang_tra_vinh.csv"
    sheet.write_text(
        f"Mã dự án,Tình trạng,Tiến độ (%)\nTV-P8-CON-HO,Thi công,{percent}\nTV-P10-HIEP-THANH,chuan bi,5\n"
    )
    return sheet


def inventory(engine: Engine, folder: Path, percent: int = 40) -> Path:
    """The same two projects as an office's inventory: names, kinds and their sites' points."""
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT code, name_vi, kind, ST_X(ST_PointOnSurface(geom)), ST_Y(ST_PointOnSurface(geom)) "
                "FROM project WHERE code IN ('TV-P8-CON-HO', 'TV-P10-HIEP-THANH') ORDER BY code"
            )
        ).all()
    sheet = folder / "danh_muc_tra_vinh.csv"
    lines = [f'{code},"{name}",{kind},Thi công,{percent},{lon},{lat}' for code, name, kind, lon, lat in rows]
    sheet.write_text("code,name_vi,kind,status,percent,lon,lat\n" + "\n".join(lines) + "\n")
    return sheet


def checked(server: str, token: str, sheet: Path) -> dict:
    """``sheet`` sent to /api/uploads to be updated by code, once checked: its job."""
    headers = {"Authorization": f"Bearer {token}"}
    files = {"file": (sheet.name, sheet.read_bytes(), "text/csv")}
    sent = httpx.post(
        f"{server}/api/uploads", files=files, data={"into": "projects", "mode": "upsert"}, headers=headers
    )
    assert sent.status_code in (200, 201, 202), sent.text
    for _ in range(300):
        job = httpx.get(f"{server}/api/jobs/{sent.json()['id']}", headers=headers).json()
        if job["state"] not in ("pending", "running", "committing"):
            return job
        time.sleep(0.1)
    raise AssertionError("the check did not end")


def retired(engine: Engine) -> int:
    with engine.connect() as connection:
        return connection.scalar(text("SELECT count(*) FROM project WHERE retired_at IS NOT NULL"))


def test_a_status_sheet_by_the_api_offers_to_retire_nothing_an_inventory_does(engine, site, tmp_path):
    """Trial 70: a status sheet of two projects listed the province's other projects "not in the file" and offered
    to retire them; a status sheet says nothing of the projects it leaves out. An inventory of the same two still
    says the rest of its province is not in it. Asked to retire anyway (the API's retire_absent), the sheet's load
    retires nothing and says why."""
    server, token = site
    headers = {"Authorization": f"Bearer {token}"}

    job = checked(server, token, status_sheet(tmp_path))

    assert job["state"] == "previewed", job
    assert not job["report"]["not_in_file"].get("count"), job["report"]["not_in_file"]
    assert not [w for w in job["report"]["warnings"] if "not in the file" in w["message"]]
    listed = checked(server, token, inventory(engine, tmp_path))
    assert listed["report"]["not_in_file"]["count"] > 0  # the rest of its districts' projects
    httpx.post(f"{server}/api/jobs/{listed['id']}/discard", headers=headers)

    committed = httpx.post(f"{server}/api/jobs/{job['id']}/commit?retire_absent=true", headers=headers)
    assert committed.status_code < 300, committed.text
    for _ in range(300):
        done = httpx.get(f"{server}/api/jobs/{job['id']}", headers=headers).json()
        if done["state"] not in ("pending", "running", "committing", "previewed"):
            break
        time.sleep(0.1)
    assert done["state"] == "committed", done
    assert retired(engine) == 0
    assert statuses(engine, ["TV-P8-CON-HO", "TV-P10-HIEP-THANH"]) == {
        "TV-P8-CON-HO": ("under_construction", 40),
        "TV-P10-HIEP-THANH": ("preparing", 5),
    }
    said = [w["message"] for w in done["report"]["warnings"]]
    assert any(m.startswith("the file is a status sheet (codes, statuses, percents, no site)") for m in said), said


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_upload_offers_no_retirement_for_a_status_sheet_and_keeps_it_for_an_inventory(
    new_tab, engine, site, tmp_path, lang
):
    """/upload, update by code: a status sheet shows Load and no «Load and retire these N» (a click retired them);
    the inventory of the same projects still shows it."""
    server, token = site
    percent = {"vi": 41, "en": 42}[lang]  # a change, whichever ran before
    for sheet, offered in ((status_sheet(tmp_path, percent), False), (inventory(engine, tmp_path, percent), True)):
        page = new_tab()
        problems = watch(page)
        page.goto(f"{server}/upload?lang={lang}")
        page.fill("#token", token)
        page.select_option("#into", "projects")
        page.select_option("#mode", "upsert")
        page.set_input_files("#file", str(sheet))
        page.click("#preview")
        page.locator("#message.ok, #message.warn, #message.error").wait_for(timeout=60_000)
        expect(page.locator("#commit")).to_be_visible()
        expect(page.locator("#commit-retiring")).to_be_visible(visible=offered)
        assert ("Nạp và rút" in page.inner_text("#warnings")) == (offered and lang == "vi")
        assert problems == []
    assert retired(engine) == 0
