"""``georeg ingest`` and ``georeg export`` from the command line (JSON report, exit codes)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time

import pytest
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from cli import ingest as ingest_command
from cli.main import app

runner = CliRunner()
CSV = "ma,ten,loai,kinh_do,vi_do\nCLI-1,Kè Gành Hào,embankment,105.42,9.03\n"


@pytest.fixture
def database(make_registry, commands_use):
    url = make_registry("cli_ingest", plans=True)
    commands_use(url)
    return url


def test_ingest_prints_a_json_report_and_export_writes_the_loaded_layer(database, tmp_path):
    sheet = tmp_path / "ke.csv"
    sheet.write_text(CSV, encoding="utf-8")

    dry = runner.invoke(app, ["ingest", str(sheet), "--into", "projects", "--province", "95", "--dry-run", "--json"])
    loaded = runner.invoke(app, ["ingest", str(sheet), "--into", "projects", "--province", "95", "--json"])
    out = tmp_path / "projects.geojson"
    exported = runner.invoke(app, ["export", "projects", "--format", "geojson", "--out", str(out)])

    assert dry.exit_code == 0 and json.loads(dry.stdout)["written_count"] == 0
    assert loaded.exit_code == 0, loaded.output
    assert json.loads(loaded.stdout)["written_count"] == 1
    assert exported.exit_code == 0, exported.output
    features = json.loads(out.read_text(encoding="utf-8"))["features"]
    assert [f["properties"]["name_vi"] for f in features] == ["Kè Gành Hào"]
    before = runner.invoke(
        app, ["export", "projects", "--format", "geojson", "--out", str(out), "--as-of", "31/12/2020"]
    )
    assert before.exit_code == 0, before.output  # loaded today: not in the registry as of 2020
    assert "tính đến 31/12/2020" in before.output
    assert json.loads(out.read_text(encoding="utf-8"))["features"] == []
    units = ["export", "salinity_zones", "--format", "geojson", "--out", str(out), "--as-of", "2020-12-31"]
    refused = runner.invoke(app, units)
    assert refused.exit_code == 1 and "as_of" in refused.output
    nowhere = runner.invoke(app, ["export", "projects", "--out", str(tmp_path / "exp" / "p.gpkg"), "--lang", "en"])
    assert nowhere.exit_code == 1 and "there is no folder" in nowhere.output and "Traceback" not in nowhere.output


def test_a_file_that_may_not_be_read_is_said_in_the_language_asked_and_nothing_loaded(database, unreadable_file):
    """A file the officer may not read (in another user's folder) was a traceback ending in PermissionError, raised
    as its format was sniffed: said in --lang with what to do."""
    said = {
        "vi": f"không nạp, không có gì thay đổi: tệp PATH: không được phép đọc {unreadable_file}; hãy nhờ người sở hữu",
        "en": f"not loaded, nothing changed: path: reading {unreadable_file} is not allowed; ask its owner",
    }
    for lang, other in (("vi", "en"), ("en", "vi")):
        refused = runner.invoke(app, ["ingest", str(unreadable_file), "--into", "projects", "--lang", lang])
        output = " ".join(refused.output.split())
        assert refused.exit_code == 1 and isinstance(refused.exception, SystemExit), output
        assert said[lang] in output and said[other] not in output, output


def test_a_dry_run_report_names_the_format_and_shows_the_sample_rows_in_the_language_asked(
    database, tmp_path, monkeypatch
):
    """The printed report is for people: the format in Vietnamese, and the rows as they will be stored in a table
    of the fields they fill, coded values with their label (not a Python dict of every field, None included)."""
    sheet = tmp_path / "ke.csv"  # with its sources: a list in the stored row
    sheet.write_text(CSV.replace("vi_do\n", "vi_do,nguon\n").replace("9.03\n", "9.03,Sở NN&PTNT Bạc Liêu\n"))
    command = ["ingest", str(sheet), "--into", "projects", "--province", "95", "--dry-run"]

    monkeypatch.setattr(ingest_command.console, "width", 200)  # a wide terminal: each row on one line
    vietnamese = runner.invoke(app, command)
    english = runner.invoke(app, [*command, "--lang", "en"])

    assert vietnamese.exit_code == english.exit_code == 0, vietnamese.output
    assert "Bảng CSV" in vietnamese.output and "CSV sheet" in english.output  # with or without coordinates
    assert "Dòng mẫu (như sẽ lưu)" in vietnamese.output
    assert "embankment — Kè chống sạt lở" in vietnamese.output and "embankment — Erosion embankment" in english.output
    assert "Sở NN&PTNT Bạc Liêu" in vietnamese.output
    assert "Kè Gành Hào" in vietnamese.output and "None" not in vietnamese.output and "{" not in vietnamese.output
    assert "budget_vnd_billion" not in vietnamese.output  # a field no sample row fills


def test_a_files_text_in_square_brackets_is_printed_as_typed(database, tmp_path, monkeypatch):
    """Trial 64: an edited name "… (Công Lý) [tôi]" was printed "… (Công Lý) " in the command's report: the terminal
    printer read "[tôi]" as its own markup and dropped it. The sample row and a refusal's value show it as typed."""
    sheet = tmp_path / "ke[2026].csv"
    sheet.write_text(CSV.replace("Kè Gành Hào", "Kè Gành Hào [tôi]"), encoding="utf-8")
    monkeypatch.setattr(ingest_command.console, "width", 200)
    shown = runner.invoke(app, ["ingest", str(sheet), "--into", "projects", "--province", "95", "--dry-run"])
    assert shown.exit_code == 0, shown.output
    assert "Kè Gành Hào [tôi]" in shown.output and "ke[2026].csv" in shown.output
    refused = tmp_path / "bad.csv"
    refused.write_text(CSV.replace("embankment", "[red]volcano"), encoding="utf-8")
    said = runner.invoke(app, ["ingest", str(refused), "--into", "projects", "--province", "95", "--lang", "en"])
    assert said.exit_code == 1 and "value '[red]volcano'" in " ".join(said.output.split()), said.output


def test_the_sample_table_heads_every_field_as_upload_does_and_writes_numbers_as_the_language_does(
    database, tmp_path, monkeypatch
):
    sheet = tmp_path / "von.csv"
    sheet.write_text(CSV.replace("vi_do\n", "vi_do,von\n").replace("9.03\n", "9.03,1234.5\n"), encoding="utf-8")
    command = ["ingest", str(sheet), "--into", "projects", "--province", "95", "--dry-run"]
    command += ["--map", "budget_vnd_billion=von"]

    monkeypatch.setattr(ingest_command.console, "width", 200)
    vietnamese = runner.invoke(app, command)
    english = runner.invoke(app, [*command, "--lang", "en"])

    assert vietnamese.exit_code == english.exit_code == 0, vietnamese.output
    assert "Vốn (tỷ đồng)" in vietnamese.output and "1.234,5" in vietnamese.output
    assert "1,234.5" in english.output


def test_on_an_80_column_terminal_the_sample_table_keeps_the_columns_that_fit_and_names_the_others(
    database, tmp_path, monkeypatch
):
    """A GIS officer's terminal: the most useful columns whole (not one letter a line), the others named."""
    sheet = tmp_path / "rong.csv"
    columns = "ma,ten,loai,kinh_do,vi_do,tinh_trang,tien_do,von,nam_bat_dau,nam_ket_thuc,mo_ta"
    row = "CLI-9,Kè Gành Hào,embankment,105.42,9.03,operating,100,12.5,2019,2021,Kè bê tông bảo vệ bờ biển"
    long_code = "BL-13.3-GIA-RAI-DONG-HAI-2"  # 26 characters: it was cut in two, "BL-13.3-GIA-RAI-D" over "ONG-HAI-2"
    sheet.write_text(f"{columns}\n{row}\n{row.replace('CLI-9', long_code)}\n", encoding="utf-8")
    command = ["ingest", str(sheet), "--into", "projects", "--province", "95", "--dry-run", "--lang", "en"]
    command += ["--map", "budget_vnd_billion=von", "--map", "start_year=nam_bat_dau", "--map", "end_year=nam_ket_thuc"]
    command += ["--map", "description_vi=mo_ta"]

    monkeypatch.setattr(ingest_command.console, "width", 80)
    result = runner.invoke(app, command)

    assert result.exit_code == 0, result.output
    assert max(map(len, result.output.splitlines())) <= 80
    assert "│ CLI-9 " in result.output and "Kè Gành Hào" in result.output  # code and name whole, on their line
    assert f"│ {long_code} │" in result.output
    said = " ".join(result.output.split())
    assert "no room for the columns" in said and "budget_vnd_billion" in said and "--json has them all" in said


def test_a_refused_load_exits_non_zero_and_says_nothing_changed_in_the_language_asked(database, tmp_path):
    sheet = tmp_path / "bad.csv"
    sheet.write_text(CSV.replace("embankment", "volcano"), encoding="utf-8")
    command = ["ingest", str(sheet), "--into", "projects", "--province", "95"]

    vietnamese = runner.invoke(app, command)
    english = runner.invoke(app, [*command, "--lang", "en"])

    assert vietnamese.exit_code == english.exit_code == 1
    said = " ".join(vietnamese.output.split())
    # a CSV's row first, as a spreadsheet shows it, then the feature's code
    where = "Lỗi: lớp bad, dòng 2 (đối tượng 0), mã CLI-1, trường loai"
    assert f"{where}, giá trị 'volcano': loại dự án không rõ hoặc bị thiếu" in said
    assert "embankment (Kè chống sạt lở), sluice (Cống, công trình điều tiết nước)" in said  # what it could be
    assert "--kind chỉ dùng cho tệp không có cột loại" in said  # not advice that cannot help
    assert "không nạp, không có gì thay đổi: 1 lỗi" in said
    said = " ".join(english.output.split())
    assert (
        "Error: layer bad, row 2 (feature 0), code CLI-1, field loai, value 'volcano': unknown or missing project kind"
        in said
    )
    assert "embankment (Erosion embankment)" in said
    warned = r"(1 warning|\d+ warnings)(, \d+ features? with warnings of (its|their) own)?"
    assert re.search(rf"nothing changed: 1 error\(s\), {warned}$", said), said


def test_a_refusal_counts_the_errors_listed_and_says_how_many_counting_each_features(database, tmp_path):
    """A trial's 4-feature file ended "5 error(s) in 5 feature(s)": one feature had two."""
    sheet = tmp_path / "bad_many.csv"
    rows = [f"CLI-{i},Kè {i},volcano,105.4{i},9.03" for i in range(3)] + ["CLI-3,Kè 3,lake,105.43,9.03"]
    sheet.write_text("ma,ten,loai,kinh_do,vi_do\n" + "\n".join(rows) + "\n", encoding="utf-8")

    said = " ".join(runner.invoke(app, ["ingest", str(sheet), "--into", "projects", "--province", "95"]).output.split())

    # "volcano" in three features is listed once, "lake" once: two listed, four counting each feature's
    assert "không nạp, không có gì thay đổi: 2 lỗi được liệt kê (4 lượt nếu tính riêng từng đối tượng)" in said, said


def test_a_load_says_the_projects_are_in_then_recomputes_their_shares_and_empties_the_queue(database, tmp_path):
    sheet = tmp_path / "ke.csv"
    sheet.write_text(CSV, encoding="utf-8")

    result = runner.invoke(app, ["ingest", str(sheet), "--into", "projects", "--province", "95", "--lang", "en"])

    assert result.exit_code == 0, result.output
    loaded = result.output.index("loaded 1 feature (job")  # not "1 features" (trial 65)
    assert loaded < result.output.index("projects loaded; recomputing their shares")
    assert "shares of 1 project(s) recomputed" in result.output
    with create_engine(database).connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM project_share_queue")) == 0


def test_a_load_with_shares_in_the_background_ends_at_the_commit_and_a_process_of_its_own_finishes_them(
    database, tmp_path
):
    sheet = tmp_path / "ke.csv"
    sheet.write_text(CSV, encoding="utf-8")
    engine = create_engine(database)

    result = runner.invoke(
        app, ["ingest", str(sheet), "--into", "projects", "--province", "95", "--lang", "en", "--shares", "background"]
    )

    assert result.exit_code == 0, result.output
    assert "their shares in the units are being recomputed in the background" in " ".join(result.output.split())
    assert "project(s) recomputed" not in result.output  # the command did not wait for them
    deadline = time.monotonic() + 60
    with engine.connect() as connection:
        while connection.scalar(text("SELECT count(*) FROM project_share_queue")) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert connection.scalar(text("SELECT count(*) FROM project_share_queue")) == 0  # done by the process
    engine.dispose()


def test_georeg_project_shares_recomputes_what_a_stopped_load_left_queued(database, tmp_path):
    sheet = tmp_path / "ke.csv"
    sheet.write_text(CSV, encoding="utf-8")
    assert runner.invoke(app, ["ingest", str(sheet), "--into", "projects", "--province", "95"]).exit_code == 0
    engine = create_engine(database)
    with engine.begin() as connection:  # as a load that stopped after its commit leaves them
        connection.execute(text("INSERT INTO project_share_queue (project_id) SELECT id FROM project"))

    result = runner.invoke(app, ["project", "shares", "--lang", "en"])

    assert result.exit_code == 0, result.output
    assert "shares of 1 project(s) recomputed" in result.output
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM project_share_queue")) == 0
    engine.dispose()


def test_shares_another_process_is_recomputing_meanwhile_are_said_so_not_left_out_of_the_count(database, tmp_path):
    """Trial 71: a load's command said "50.200/100.000" then "shares of 50.200 projects recomputed" — the app had taken
    the other batches meanwhile (SKIP LOCKED), which read as half of them lost."""
    sheet = tmp_path / "ke.csv"
    sheet.write_text(CSV + "CLI-2,Kè Nhà Mát,embankment,105.75,9.21\n", encoding="utf-8")
    assert runner.invoke(app, ["ingest", str(sheet), "--into", "projects", "--province", "95"]).exit_code == 0
    engine = create_engine(database)
    said = {}
    for lang in ("vi", "en"):
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO project_share_queue (project_id) SELECT id FROM project"))
            held = connection.scalar(text("SELECT min(project_id) FROM project_share_queue"))
        with engine.connect() as another_process:  # holds one queued project, as a process recomputing it does
            another_process.execute(
                text("SELECT project_id FROM project_share_queue WHERE project_id = :id FOR UPDATE"), {"id": held}
            )
            said[lang] = " ".join(runner.invoke(app, ["project", "shares", "--lang", lang]).output.split())
            another_process.rollback()
        with engine.begin() as connection:
            connection.execute(text("DELETE FROM project_share_queue"))
    engine.dispose()

    others = {
        "vi": "; 1 dự án khác trong hàng chờ do một tiến trình khác tính cùng lúc (ứng dụng, hoặc một lượt nạp khác): "
        "còn 1 dự án đang tính, bản đồ tiến độ ghi 'đang tính lại' cho đến khi xong",
        "en": "; 1 other queued project(s) by another process at the same time (the app, or another load): 1 still "
        "being recomputed, the progress map says 'recomputing' until done",
    }
    for lang, words in others.items():
        assert words in said[lang], said
    assert re.search(r"shares of [1-9][\d,]* project\(s\) recomputed in", said["en"]), said


def test_a_project_no_province_contains_is_refused_in_the_language_asked(database, tmp_path):
    sheet = tmp_path / "ke.csv"
    sheet.write_text(CSV, encoding="utf-8")  # no province column, and this database holds no provinces

    vietnamese = runner.invoke(app, ["ingest", str(sheet), "--into", "projects"])
    english = runner.invoke(app, ["ingest", str(sheet), "--into", "projects", "--lang", "en"])

    assert vietnamese.exit_code == english.exit_code == 1
    said = " ".join(vietnamese.output.split())
    assert (
        "dòng 2 (đối tượng 0), mã CLI-1, trường Mã tỉnh (trước 01/07/2025): không tỉnh nào chứa vị trí của dự án "
        "(kinh độ 105,42, vĩ độ 9,03;" in said
    )
    english_said = " ".join(english.output.split())
    where = "row 2 (feature 0), code CLI-1, field Province code (before 1 July 2025)"  # its title (trial 56)
    assert f"{where}: no province holds the project's site (lon 105.42, lat 9.03;" in english_said


def test_a_point_outside_the_region_is_named_by_its_own_feature_number_once(database, tmp_path):
    points = [("CLI-1", "embankment", 105.42, 9.03), ("CLI-2", "reservoir", 105.85, 21.03)]  # Hà Nội: far out
    features = [
        {
            "type": "Feature",
            "properties": {"ma": c, "ten": c, "loai": k},
            "geometry": {"type": "Point", "coordinates": [x, y]},
        }
        for c, k, x, y in points
    ]
    path = tmp_path / "ha_noi.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")

    result = runner.invoke(app, ["ingest", str(path), "--into", "projects", "--province", "95", "--lang", "en"])

    said = " ".join(result.output.split())
    assert result.exit_code == 1
    assert "feature 1" in said and "lies outside the registry's region" in said, said
    assert "lon 105.85, lat 21.03" in said and "correct this feature's coordinates" in said
    assert " of " not in said.split("lies outside")[0][-20:]  # one feature's problem, not "1 of 1 features"


def test_the_ingest_help_says_each_option_in_vietnamese_then_english(monkeypatch):
    monkeypatch.setattr("typer.rich_utils.MAX_WIDTH", 200)
    result = runner.invoke(app, ["ingest", "--help"], env={"COLUMNS": "200"})
    said = " ".join(result.output.split())
    assert result.exit_code == 0
    assert "Nạp một tệp GIS, tất cả hoặc không gì" in said and "Load a GIS file, all or nothing" in said
    assert "chạy thử: kiểm tra và báo cáo, không ghi gì · check and report, write nothing" in said
    assert "Tùy chọn · Options" in said and "[bắt buộc · required]" in said  # typer's own words too


def test_a_load_from_the_command_line_imports_no_data_frame_library(database, tmp_path):
    """pyogrio would import pandas and geopandas (0.2 s of every load's start); a load reads raw arrays."""
    sheet = tmp_path / "ke.csv"
    sheet.write_text(CSV, encoding="utf-8")
    run = (
        "import sys; from cli.main import app\n"
        "try:\n    app()\nexcept SystemExit as end:\n    code = end.code\n"
        "print('imported:', sorted(m for m in ('pandas', 'geopandas') if sys.modules.get(m)), 'exit:', code)"
    )
    command = ["ingest", str(sheet), "--into", "projects", "--province", "95", "--dry-run"]
    done = subprocess.run(
        [sys.executable, "-c", run, *command],
        env=os.environ | {"GEOREG_DATABASE_URL": database},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "imported: [] exit: 0" in done.stdout, done.stdout + done.stderr


def test_a_geotiff_is_reported_in_the_language_asked(database, tmp_path, monkeypatch):
    """A raster's refusal and its success line follow --lang, as a vector file's report does."""
    import numpy as np
    import rasterio

    monkeypatch.setattr(ingest_command.console, "width", 200)
    without_crs, in_region = tmp_path / "khong_crs.tif", tmp_path / "rung.tif"
    profile = {"driver": "GTiff", "width": 8, "height": 8, "count": 1, "dtype": "uint8"}
    with rasterio.open(without_crs, "w", **profile) as dst:
        dst.write(np.ones((1, 8, 8), dtype="uint8"))
    place = rasterio.transform.from_origin(105.5, 9.4, 0.01, 0.01)
    with rasterio.open(in_region, "w", crs="EPSG:4326", transform=place, **profile) as dst:
        dst.write(np.ones((1, 8, 8), dtype="uint8"))
    command = ["ingest", "--into", "forest", "--source", "thử", "--year", "2024", "--dry-run"]  # writes no raster

    refused_vi = runner.invoke(app, [*command, str(without_crs)])
    refused_en = runner.invoke(app, [*command, str(without_crs), "--lang", "en"])
    checked_vi = runner.invoke(app, [*command, str(in_region)])
    with_crs = runner.invoke(app, [*command, str(without_crs), "--crs", "EPSG:4326"])

    assert refused_vi.exit_code == refused_en.exit_code == 1
    assert "Lỗi: khong_crs.tif: tệp không nạp được: tệp GeoTIFF không có hệ tọa độ" in refused_vi.output
    assert "Error: khong_crs.tif: the GeoTIFF has no CRS" in refused_en.output
    assert checked_vi.exit_code == 0, checked_vi.output
    assert "chạy thử: ảnh raster sẽ đăng ký được (forest_cover, EPSG:4326); chưa ghi gì" in checked_vi.output
    assert with_crs.exit_code == 2 and "hãy bỏ trống hệ tọa độ (--crs)" in " ".join(with_crs.output.split())


def test_a_malformed_map_is_refused_in_the_language_asked(database, tmp_path):
    sheet = tmp_path / "ke.csv"
    sheet.write_text(CSV, encoding="utf-8")
    command = ["ingest", str(sheet), "--into", "projects", "--province", "95", "--map", "ten"]

    vietnamese = runner.invoke(app, command)
    english = runner.invoke(app, [*command, "--lang", "en"])

    assert vietnamese.exit_code == english.exit_code == 2
    assert "--map 'ten': hãy viết trường=cột" in vietnamese.output
    assert "--map 'ten': write it as field=column" in english.output


def test_a_reload_of_a_long_text_cut_shows_where_the_two_differ(database, tmp_path, monkeypatch):
    """A shapefile export cuts a long description at 254 bytes: reloaded, the change showed both texts cut at their
    start, alike; each is shown around where they first differ."""
    long = "Kè bảo vệ bờ biển đoạn xung yếu; " * 12  # some 400 characters
    first, cut = tmp_path / "dai.csv", tmp_path / "cat.csv"
    first.write_text(f"ma,ten,loai,mo_ta,kinh_do,vi_do\nLONG-1,Kè A,embankment,{long}X,105.42,9.03\n", encoding="utf-8")
    cut.write_text(
        f"ma,ten,loai,mo_ta,kinh_do,vi_do\nLONG-1,Kè A,embankment,{long[:250]},105.42,9.03\n", encoding="utf-8"
    )
    assert runner.invoke(app, ["ingest", str(first), "--into", "projects", "--province", "95"]).exit_code == 0

    command = ["ingest", str(cut), "--into", "projects", "--province", "95", "--mode", "upsert", "--dry-run"]
    monkeypatch.setattr(ingest_command.console, "width", 400)  # each change on one line
    said = runner.invoke(app, [*command, "--lang", "en"]).output

    line = next(line for line in said.splitlines() if "→" in line and "Kè bảo vệ" in line)
    before, after = line.split(": ", 1)[1].split(" → ")
    assert before.startswith("…") and after.startswith("…") and before != after, line


def test_a_reload_says_it_loaded_the_whole_file_and_wrote_what_changed(database, tmp_path):
    """A reload writes only its new and changed projects: the closing line counted those alone as "loaded", as if the
    rest of the file had been left out."""
    rows = "ma,ten,loai,kinh_do,vi_do\n" + "".join(f"RE-{n},Cống {n},sluice,105.4{n},9.03\n" for n in range(3))
    first, second = tmp_path / "cong.csv", tmp_path / "cong_sua.csv"
    first.write_text(rows, encoding="utf-8")
    second.write_text(rows.replace("Cống 2,", "Cống số 2,") + "RE-9,Cống 9,sluice,105.49,9.03\n", encoding="utf-8")
    assert runner.invoke(app, ["ingest", str(first), "--into", "projects", "--province", "95"]).exit_code == 0

    reload = ["ingest", str(second), "--into", "projects", "--province", "95", "--mode", "upsert"]
    vietnamese = runner.invoke(app, [*reload, "--shares", "background"]).output
    english = runner.invoke(app, [*reload, "--lang", "en", "--shares", "background"]).output

    told = "đã nạp tệp (4 đối tượng): ghi 2 đối tượng mới hoặc thay đổi, các đối tượng khác giữ nguyên (lượt nạp"
    assert told in " ".join(vietnamese.split()), vietnamese
    assert "loaded the file (4 features): 0 new or changed written, the others left as they were" in " ".join(
        english.split()
    ), english


def test_a_load_run_from_a_script_logs_its_progress_in_lines(database, tmp_path):
    """Run with standard error not a terminal (a script's log, a scheduled task), rich's bar draws nothing: the load
    says how far it has got in plain lines, in the language asked, the report still on standard output."""
    rows = "ma,ten,loai,kinh_do,vi_do\n" + "".join(f"LOG-{n},Cống {n},sluice,105.4{n},9.03\n" for n in range(4))
    sheet = tmp_path / "cong[v2].csv"  # its name as it is: rich took "[v2]" for its markup and dropped it
    sheet.write_text(rows, encoding="utf-8")
    georeg = [sys.executable, "-c", "from cli.main import app; app()"]
    command = [*georeg, "ingest", str(sheet), "--into", "projects", "--province", "95", "--dry-run"]
    env = os.environ | {"GEOREG_DATABASE_URL": database}

    ran = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120, check=False)
    english = subprocess.run([*command, "--lang", "en"], capture_output=True, text=True, env=env, timeout=120)

    assert ran.returncode == 0, ran.stderr
    # a dry run says it checks, not that it loads (a trial's GIS officer read "đang nạp" and thought it was loading)
    assert "đang kiểm tra cong[v2].csv (chạy thử): 4/4 đối tượng" in ran.stderr, ran.stderr
    assert "đang nạp" not in ran.stderr + ran.stdout
    assert "checking cong[v2].csv (dry run): 4 of 4 features" in english.stderr and "chạy thử" in ran.stdout
    loaded = subprocess.run(command[:-1], capture_output=True, text=True, env=env, timeout=120, check=False)
    assert loaded.returncode == 0 and "đang nạp cong[v2].csv: 4/4 đối tượng" in loaded.stderr, loaded.stderr


def test_a_json_load_logs_its_progress_and_its_shares_on_standard_error_and_only_the_report_on_standard_output(
    database, tmp_path
):
    """A 100,000-project load with --json said nothing for 93 s, and never "projects loaded; recomputing their
    shares…" (trial 54): both go to standard error, the JSON report alone to standard output, with how long the
    shares took."""
    rows = "ma,ten,loai,kinh_do,vi_do\n" + "".join(f"JSON-{n},Cống {n},sluice,105.4{n},9.03\n" for n in range(4))
    sheet = tmp_path / "cong_json.csv"
    sheet.write_text(rows, encoding="utf-8")
    command = [sys.executable, "-c", "from cli.main import app; app()", "ingest", str(sheet), "--into", "projects"]
    env = os.environ | {"GEOREG_DATABASE_URL": database}

    ran = subprocess.run([*command, "--province", "95", "--json"], capture_output=True, text=True, env=env, timeout=120)

    assert ran.returncode == 0, ran.stderr
    report = json.loads(ran.stdout)  # nothing else on standard output
    assert report["written_count"] == 4 and report["seconds"]["shares_after_commit"] >= 0
    said = ran.stderr.splitlines()
    loading, recomputing = (
        said.index("đang nạp cong_json.csv: 4/4 đối tượng"),
        said.index("đã nạp các dự án; đang tính lại phần của chúng trong các đơn vị (tiến độ theo đơn vị)…"),
    )
    assert loading < recomputing and re.fullmatch(r"đã tính lại phần của 4 dự án trong \d+(,\d)? giây", said[-1]), said
    with create_engine(database).connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM project_share_queue")) == 0


def test_a_json_load_says_how_far_its_shares_have_got_on_standard_error(database, tmp_path):
    """Trial 55/56: after "recomputing their shares…" a 100,000-project load said nothing for 20 s; it now says how
    many projects of how many are done, at each tenth, the last line still the time they took."""
    rows = "".join(
        f"SH-{n},Cống {n},sluice,{105.40 + n % 40 * 0.001:.3f},{9.03 + n // 40 * 0.001:.3f}\n" for n in range(1_500)
    )
    sheet = tmp_path / "cong_many.csv"
    sheet.write_text("ma,ten,loai,kinh_do,vi_do\n" + rows, encoding="utf-8")
    command = [sys.executable, "-c", "from cli.main import app; app()", "ingest", str(sheet), "--into", "projects"]
    env = os.environ | {"GEOREG_DATABASE_URL": database}

    ran = subprocess.run([*command, "--province", "95", "--json"], capture_output=True, text=True, env=env, timeout=300)

    assert ran.returncode == 0, ran.stderr
    assert json.loads(ran.stdout)["written_count"] == 1_500
    said = ran.stderr.splitlines()
    recomputing = said.index("đã nạp các dự án; đang tính lại phần của chúng trong các đơn vị (tiến độ theo đơn vị)…")
    told = [re.fullmatch(r"đang tính lại phần trong các đơn vị: ([\d.]+)/1\.500 dự án", line) for line in said]
    done = [int(match[1].replace(".", "")) for match in told if match]
    assert len(done) >= 5 and done == sorted(done) and done[-1] < 1_500, said
    where = [index for index, match in enumerate(told) if match]
    assert recomputing < where[0] and where[-1] == len(said) - 2, said  # between "recomputing…" and the time taken
    assert re.fullmatch(r"đã tính lại phần của 1\.500 dự án trong \d+(,\d)? giây", said[-1]), said


def test_aquaculture_plots_load_as_their_own_kind_whatever_the_office_calls_them(database, tmp_path):
    """A Bạc Liêu inventory's 10,000 "Nuôi trồng thủy sản" rows were refused: no kind but "other" (trial 54)."""
    kinds = ["Nuôi trồng thủy sản", "Nuôi trồng thuỷ sản", "Nuôi tôm", "aquaculture"]
    rows = "".join(f"AQ-{n},Ao nuôi {n},{kind},105.4{n},9.2\n" for n, kind in enumerate(kinds))
    sheet = tmp_path / "ao_nuoi.csv"
    sheet.write_text("ma,ten,loai,kinh_do,vi_do\n" + rows, encoding="utf-8")

    loaded = runner.invoke(app, ["ingest", str(sheet), "--into", "projects", "--province", "95"])

    assert loaded.exit_code == 0, loaded.output
    with create_engine(database).connect() as connection:
        stored = connection.execute(text("SELECT code, kind FROM project WHERE code LIKE 'AQ-%' ORDER BY code")).all()
    assert stored == [(f"AQ-{n}", "aquaculture") for n in range(4)]


def test_a_reload_says_a_site_of_the_same_kind_moved_by_how_far_not_point_to_point(database, tmp_path):
    """The change list said "Location: point → point (moved 98 m)" (trial 56 read "~~vùng~~ → vùng" on /upload): a
    site of the same kind moved is said by how far."""
    first, moved = tmp_path / "first.csv", tmp_path / "moved.csv"
    first.write_text("ma,ten,loai,kinh_do,vi_do\nMV-1,Cống Ninh Quới,sluice,105.45,9.30\n", encoding="utf-8")
    moved.write_text("ma,ten,loai,kinh_do,vi_do\nMV-1,Cống Ninh Quới,sluice,105.451,9.30\n", encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(first), "--into", "projects", "--province", "95"]).exit_code == 0
    command = ["ingest", str(moved), "--into", "projects", "--province", "95", "--mode", "upsert", "--dry-run"]
    said = " ".join(runner.invoke(app, [*command, "--lang", "en"], env={"COLUMNS": "200"}).output.split())
    assert "Location: moved 110 m" in said and "point → point" not in said, said
