"""How the CRS and the text encoding were decided, in the report's language: ``georeg ingest --lang vi`` and the
report's JSON (what /upload shows) say it in Vietnamese, with Vietnamese numbers; English stays as it was."""

from __future__ import annotations

import json
import re
import string
import unicodedata
from pathlib import Path

import geopandas as gpd
import pytest
from ingest_files import districts, legacy_shapefile, to_crs
from typer.testing import CliRunner

import cli.ingest
import geo.coordinates.messages
import geo.environment_messages
import geo.text_encoding.messages
from cli.main import app

runner = CliRunner()
POINTS = "ma,ten,loai,kinh_do,vi_do\nVI-1,Kè Gành Hào,embankment,105.42,9.03\nVI-2,Cống Láng Trâm,sluice,105.5,9.1\n"


@pytest.fixture
def database(make_registry, monkeypatch, commands_use):
    url = make_registry("decision_language", plans=True)
    commands_use(url)
    monkeypatch.setattr(cli.ingest.console, "width", 2000)  # the report's table on one line per fact
    return url


def ingest(path: Path, lang: str, *more: str) -> str:
    command = ["ingest", str(path), "--into", "projects", "--province", "95", "--dry-run", "--lang", lang, *more]
    result = runner.invoke(app, command)
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())


@pytest.fixture
def points(tmp_path) -> Path:
    sheet = tmp_path / "ke.csv"
    sheet.write_text(POINTS, encoding="utf-8")
    return sheet


@pytest.fixture
def tcvn3_tm3_shapefile(tmp_path) -> Path:
    """Bạc Liêu's districts in VN-2000 TM-3 105°00' without a .prj, their names in TCVN3."""
    frame = districts("95").head(3)
    source = gpd.GeoDataFrame(
        {
            "MA_DA": [f"VI-{c}" for c in frame["district_code"]],
            "TEN_DA": [f"Trồng rừng {n}" for n in frame["district_name"]],
            "LOAI": "Trồng rừng phòng hộ",
        },
        geometry=to_crs(frame.geometry.values, 5897),
        crs=None,
    )
    return legacy_shapefile(tmp_path, source, "tcvn3", prj=None, name="rung")


def test_lon_lat_points_say_in_vietnamese_that_they_may_be_vn2000_degrees(database, points):
    said = ingest(points, "vi")

    assert (
        "hệ tọa độ │ EPSG:4326 (WGS 84): suy ra từ khoảng giá trị của tọa độ (không có tệp .prj): x 105,42–105,5, "
        "y 9,03–9,1 là kinh độ/vĩ độ (độ) trong vùng → EPSG:4326 (giả định WGS 84)" in said
    )
    assert (
        "Cảnh báo: lớp ke: tọa độ theo độ cũng có thể là tọa độ địa lý VN-2000 (EPSG:4756), lệch ~225 m so với "
        "WGS 84; hệ thống đã giả định WGS 84 — hãy chọn EPSG:4756 bằng --crs nếu dữ liệu lấy từ đo đạc VN-2000" in said
    )
    assert re.search(
        r"bảng mã │ utf-8: UTF-8 hợp lệ, có \d+ ký tự nhiều byte, trong đó \d+ ký tự thuộc khối chữ Việt", said
    )
    assert "từ có dấu là âm tiết tiếng Việt khi đọc theo UTF-8" in said
    assert "degrees" not in said and "detected" not in said and "valid UTF-8" not in said


def test_lon_lat_points_in_english_as_before(database, points):
    said = ingest(points, "en")

    assert (
        "inferred from the coordinate ranges (no .prj): x 105.42–105.5, y 9.03–9.1 are longitude/latitude degrees "
        "in the region → EPSG:4326 (WGS 84 assumed)" in said
    )
    assert (
        "Warning: layer ke: degrees could also be VN-2000 geographic (EPSG:4756), ~225 m from WGS 84; WGS 84 was "
        "assumed — give EPSG:4756 with --crs if the data come from a VN-2000 survey" in said
    )
    assert re.search(r"valid UTF-8 with \d+ multibyte characters, \d+ of them in the Vietnamese block", said)


def test_the_json_report_carries_both_languages_of_each_decision(database, points):
    report = json.loads(runner.invoke(app, ["ingest", str(points), "--into", "projects", "--dry-run", "--json"]).stdout)

    assert report["crs_how"].startswith("inferred from the coordinate ranges (no .prj): x 105.42–105.5")
    assert report["crs_how_vi"].startswith("suy ra từ khoảng giá trị của tọa độ (không có tệp .prj): x 105,42–105,5")
    assert report["encoding_how"].startswith("valid UTF-8 with ")
    assert report["encoding_how_vi"].startswith("UTF-8 hợp lệ, có ")
    warning = next(w for w in report["warnings"] if "4756" in w["message"])
    assert warning["message_vi"].startswith("tọa độ theo độ cũng có thể là tọa độ địa lý VN-2000 (EPSG:4756)")


def test_a_tcvn3_shapefile_in_tm3_metres_says_its_zone_and_encoding_in_vietnamese(database, tcvn3_tm3_shapefile):
    said = ingest(tcvn3_tm3_shapefile, "vi")

    # a zone EPSG names by its number (482) is said with its meridian too, as 105°30' is (trial 60)
    crs = re.search(r"hệ tọa độ │ EPSG:5897 \(VN-2000 / TM-3 zone 482, 105°00'\): (.*?) │", said)
    assert crs, said
    assert re.fullmatch(
        r"suy ra từ khoảng giá trị của tọa độ \(không có tệp \.prj\): x \d{3}\.\d{3}–\d{3}\.\d{3}, "
        r"y 1\.\d{3}\.\d{3}–1\.\d{3}\.\d{3} là tọa độ mét VN-2000 TM-3; tỉnh 95 \(Bạc Liêu\) → EPSG:5897 "
        r"\(VN-2000 / TM-3 zone 482, 105°00'\)",
        crs[1],
    )
    assert "Cảnh báo: lớp rung: múi chiếu được suy ra, không đọc từ tệp: hãy chồng kết quả lên ranh giới xã" in said
    encoding = re.search(r"bảng mã │ tcvn3: (.*?) │", said)
    assert encoding, said
    assert re.fullmatch(
        r"nhận biết từ các byte: \d+ mã chữ TCVN3 \(.*\)(, trong đó \d+ mã 0xAD = ư \(dấu gạch nối mềm trong "
        r"Latin-1\))?; (\d+) trên \2 từ có dấu là âm tiết tiếng Việt khi đọc theo TCVN3 \(xếp sau là .*: \d+ trên "
        r"\d+\)(; đã loại: .*)?",
        encoding[1],
    )


def test_a_tcvn3_shapefile_in_tm3_metres_in_english_as_before(database, tcvn3_tm3_shapefile):
    said = ingest(tcvn3_tm3_shapefile, "en")

    assert re.search(
        r"inferred from the coordinate ranges \(no \.prj\): x \d{3},\d{3}–\d{3},\d{3}, y 1,\d{3},\d{3}–1,\d{3},\d{3} "
        r"are VN-2000 TM-3 metres; province 95 \(Bạc Liêu\) → EPSG:5897",
        said,
    )
    assert "Warning: layer rung: the zone was inferred, not read: overlay the result on the commune boundaries" in said
    assert re.search(r"encoding │ tcvn3: detected from the bytes: \d+ TCVN3 letter codes", said)


@pytest.mark.parametrize(
    "table", [geo.coordinates.messages.MESSAGES, geo.text_encoding.messages.MESSAGES, geo.environment_messages.MESSAGES]
)
def test_every_decision_text_has_a_vietnamese_and_an_english_text_with_the_same_blanks(table):
    for key, texts in table.items():
        assert set(texts) == {"vi", "en"}, key
        blanks = [{name for _, name, _, _ in string.Formatter().parse(texts[lang]) if name} for lang in ("vi", "en")]
        assert blanks[0] == blanks[1], key
        assert unicodedata.is_normalized("NFC", texts["vi"]), key
