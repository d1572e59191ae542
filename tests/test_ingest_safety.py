"""Ingest safety: hostile archives, size limits, content sniffing, temporary files."""

from __future__ import annotations

import json
import re
import tempfile
import zipfile
from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest
import shapely
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from geo.ingest import IngestRequest, Options, ingest
from geo.ingest.archive import UnsafeArchiveError, extract
from geo.models import IngestJob, Project
from geo.settings import Settings, get_settings

GEOJSON = (
    '{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {"type": "Point", '
    '"coordinates": [105.55, 9.3]}, "properties": {"code": "SAFE-1", "name_vi": "Cống an toàn", '
    '"kind": "sluice", "province_code": "95"}}]}'
)


@pytest.fixture(scope="module")
def engine(make_registry):
    url = make_registry("ingest_safety")
    engine = create_engine(url)
    yield engine
    engine.dispose()


def load(engine, path: Path, settings: Settings | None = None):
    return ingest(engine, IngestRequest(path, Options("projects", "upsert")), settings or get_settings())


def make_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


@pytest.mark.parametrize("member", ["../escape.geojson", "a/../../escape.geojson", "/tmp/abs.geojson", "C:/x.geojson"])
def test_members_outside_the_archive_are_refused_and_nothing_is_extracted(tmp_path, member):
    archive = make_zip(tmp_path / "evil.zip", {"ok.geojson": GEOJSON.encode(), member: GEOJSON.encode()})
    into = tmp_path / "out"
    into.mkdir()
    with pytest.raises(UnsafeArchiveError, match="refused"):
        extract(archive, into, 10_000_000)
    assert list(into.rglob("*")) == [] and not (tmp_path / "escape.geojson").exists()


def test_zip_bomb_is_stopped_by_the_size_limit_before_extraction(tmp_path):
    archive = make_zip(tmp_path / "bomb.zip", {"zeros.geojson": b"\0" * 50_000_000})
    assert archive.stat().st_size < 200_000
    into = tmp_path / "out"
    into.mkdir()
    with pytest.raises(UnsafeArchiveError, match="would expand to 50,000,000 bytes") as refused:
        extract(archive, into, 10_000_000)
    assert "khi giải nén sẽ có 50.000.000 byte" in refused.value.vi  # numbers as Vietnamese writes them
    assert list(into.rglob("*")) == []


def test_upload_size_limit_refuses_large_files_and_writes_nothing(engine, tmp_path):
    path = tmp_path / "big.geojson"
    path.write_text(GEOJSON, encoding="utf-8")

    report = load(engine, path, Settings(upload_max_bytes=100))

    assert not report.ok and "over the limit of 100 bytes" in report.errors[0].message
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(Project)) == 0
        assert session.get(IngestJob, report.job_id).state == "failed"


def test_type_comes_from_the_content_not_the_name(engine, tmp_path):
    disguised = tmp_path / "ranh_gioi.zip"
    disguised.write_text(GEOJSON, encoding="utf-8")
    zipped = make_zip(tmp_path / "du_lieu.dat", {"nested/du_an.txt": GEOJSON.encode()})

    assert load(engine, disguised).format == "GeoJSON"
    report = load(engine, zipped)
    assert report.ok and report.format == "ZIP archive of GeoJSON"


def test_unknown_content_is_refused_with_a_clear_message(engine, tmp_path):
    path = tmp_path / "photo.geojson"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    report = load(engine, path)
    assert not report.ok and "not a format the registry reads" in report.errors[0].message


def test_temporary_files_are_removed_after_success_and_failure(engine, tmp_path, monkeypatch):
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    good = make_zip(tmp_path / "good.zip", {"a.geojson": GEOJSON.encode()})
    bad = make_zip(tmp_path / "bad.zip", {"a.geojson": GEOJSON.replace("sluice", "volcano").encode()})

    assert load(engine, good).ok
    assert not load(engine, bad).ok
    assert list(scratch.iterdir()) == []


def test_shapefile_without_its_dbf_is_refused_naming_the_missing_file(engine, tmp_path):
    frame = gpd.GeoDataFrame({"code": ["X"]}, geometry=[shapely.Point(105.5, 9.3)], crs="EPSG:4326")
    frame.to_file(tmp_path / "x.shp")
    (tmp_path / "x.dbf").unlink()
    report = load(engine, tmp_path / "x.shp")
    assert not report.ok and ".dbf file is missing" in report.errors[0].message


def test_a_feature_too_large_for_the_geojson_reader_gets_a_message_saying_what_to_do(engine, tmp_path):
    """GDAL refuses a GeoJSON feature over OGR_GEOJSON_MAX_OBJ_SIZE (200 MB; 1 MB here, so that the file is small)
    with advice about its own settings, which no user can follow."""
    line = [[105.5 + i * 1e-5, 9.3 + i * 1e-6] for i in range(100_000)]
    feature = {"type": "Feature", "geometry": {"type": "LineString", "coordinates": line}, "properties": {}}
    path = tmp_path / "de_bien.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}), encoding="utf-8")
    with Session(engine) as session:
        before = session.scalar(select(func.count()).select_from(Project))
    pyogrio.set_gdal_config_options({"OGR_GEOJSON_MAX_OBJ_SIZE": "1"})
    try:
        report = load(engine, path)
    finally:
        pyogrio.set_gdal_config_options({"OGR_GEOJSON_MAX_OBJ_SIZE": None})
    message = report.errors[0].message
    assert not report.ok and "de_bien.geojson" in message and "(1 MB per feature)" in message
    assert "GeoPackage" in message and "OGR_GEOJSON_MAX_OBJ_SIZE" not in message
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(Project)) == before


def _cut(path: Path, keep: int) -> Path:
    path.write_bytes(path.read_bytes()[:keep])
    return path


def test_damaged_files_are_refused_in_vietnamese_with_what_to_do_not_in_gdals_english(engine, tmp_path):
    """GDAL's messages about the damaged files an office meets most (a copy cut short, a broken .dbf, a GeoPackage
    that is not one, a .geojson that is not GeoJSON, a KML that is not XML) were quoted in English inside the
    Vietnamese refusal ("fread(2230) failed on DBF file."); a .dbf GDAL cannot read was read as no columns at all
    (every feature refused for having no code), a zip cut short as a fault of the registry (BadZipFile)."""
    frame = gpd.GeoDataFrame({"code": ["X"] * 40}, geometry=[shapely.Point(105.5, 9.3)] * 40, crs="EPSG:4326")
    for name in ("cut_dbf", "cut_shx", "bad_dbf"):
        frame.to_file(tmp_path / f"{name}.shp")
    frame.to_file(tmp_path / "cut.gpkg", driver="GPKG")
    (tmp_path / "kml.kml").write_text('<?xml version="1.0"?><kml><Document><Placemark><name>a</nam>', "utf-8")
    (tmp_path / "not.geojson").write_text('{"tên": "không phải GeoJSON"}', "utf-8")
    _cut(tmp_path / "cut_dbf.dbf", 200), _cut(tmp_path / "cut_shx.shx", 50), _cut(tmp_path / "bad_dbf.dbf", 20)
    files = {
        "cut_dbf.shp": "tệp .dbf (bảng thuộc tính) của shapefile bị cắt cụt hoặc hỏng: thiếu các bản ghi cuối",
        "cut_shx.shp": "tệp .shx của shapefile hỏng hoặc không đọc được",
        "bad_dbf.shp": "bad_dbf.shp: tệp .dbf (bảng thuộc tính) của shapefile hỏng, không đọc được cột nào",
        "cut.gpkg": "tệp GeoPackage bị hỏng hoặc bị cắt cụt (có thể chép chưa hết)",
        "kml.kml": "tệp KML sai cú pháp XML ở dòng 1, vị trí 56: thẻ đóng không khớp thẻ mở",
        "not.geojson": "not.geojson: tệp không nạp được: nội dung của tệp không đúng định dạng nó mang",
        "cut.zip": "cut.zip: tệp nén ZIP hỏng hoặc bị cắt cụt",
    }
    _cut(tmp_path / "cut.gpkg", 20_000)
    _cut(make_zip(tmp_path / "cut.zip", {"a.geojson": GEOJSON.encode()}), 100)
    for name, vietnamese in files.items():
        report = load(engine, tmp_path / name)
        (refusal,) = report.errors
        assert not report.ok and vietnamese in refusal.message_vi, (name, refusal.message_vi)
        assert not re.search("fread|corrupt|malformed|mismatched|recognized|Error|BadZip", refusal.message_vi)
