"""Text that is not text: NUL bytes, lone surrogates and direction overrides are removed from what is stored, with a
warning naming each feature and field, never silently."""

from __future__ import annotations

from collections.abc import Iterator

import geopandas as gpd
import numpy as np
import pyogrio
import pytest
import shapely
from ingest_files import districts, esri_prj
from sqlalchemy import Engine, create_engine, text

from geo.ingest import IngestRequest, Options, ingest
from geo.ingest.report import Report
from geo.ingest.targets import Rows
from geo.settings import get_settings
from geo.text_encoding import encode


@pytest.fixture(scope="module")
def engine(make_registry) -> Iterator[Engine]:
    url = make_registry("ingest_text")
    engine = create_engine(url)
    yield engine
    engine.dispose()


def test_direction_overrides_are_removed_from_a_sheet_with_a_warning_per_feature(engine, tmp_path):
    path = tmp_path / "du_an.csv"
    path.write_bytes(
        "ma;ten;loai;kinh_do;vi_do\n"
        "TX-1;Cống \u2067Ninh Quới\u2069;sluice;105.55;9.3\n"
        "TX-2;Cống \u202eiớuQ hniN\u202c;sluice;105.56;9.3\n"
        "TX-3;Cống Cầu Sập;sluice;105.57;9.3\n".encode()
    )

    report = ingest(engine, IngestRequest(path, Options("projects", province="95")), get_settings())

    assert report.ok, report.errors
    warned = [(w.index, w.field) for w in report.warnings if "not text" in w.message]
    assert warned == [(0, "ten"), (1, "ten")]
    said = [w.message for w in report.warnings if "not text" in w.message]
    assert "U+2067, U+2069" in said[0] and "U+202C, U+202E" in said[1]
    with engine.connect() as connection:
        names = connection.execute(text("SELECT code, name_vi FROM project WHERE code LIKE 'TX-%' ORDER BY code"))
        assert names.all() == [("TX-1", "Cống Ninh Quới"), ("TX-2", "Cống iớuQ hniN"), ("TX-3", "Cống Cầu Sập")]


@pytest.mark.parametrize(
    ("bad", "named"), [("\ud800", "U+D800"), ("\x00", "U+0000"), ("\x01", "U+0001"), ("\x08", "U+0008")]
)
def test_a_lone_surrogate_a_nul_or_a_control_character_is_removed_with_a_warning_naming_the_feature(bad, named):
    """Such values reach the checks from readers that pass them on (GDAL itself cuts a NUL and replaces a surrogate);
    a control character other than tab and line breaks makes a Word or Excel file written with the text unreadable
    (XML 1.0 forbids it)."""
    report = Report("x.gpkg", "units", "append", False)
    rows = Rows({"TEN": ["Xã A", f"Xã {bad}B", f"{bad}"]}, {"name_vi": "TEN"}, report, "layer", offset=10)

    assert [rows.value(i, "name_vi") for i in range(3)] == ["Xã A", "Xã B", None]
    assert [(w.index, w.field, w.value) for w in report.warnings] == [(11, "TEN", "Xã B"), (12, "TEN", None)]
    assert named in report.warnings[0].message


def test_words_line_break_pasted_into_a_cell_is_kept_as_a_line_break_with_a_warning():
    """A note pasted from Word carries its manual line break as U+000B (a vertical tab), which XML 1.0 forbids: the
    line break is kept as one, not the two lines run together."""
    report = Report("x.csv", "projects", "append", False)
    rows = Rows({"TEN": ["Đê biển\x0bđoạn 2"]}, {"name_vi": "TEN"}, report, "layer", offset=0)

    assert rows.value(0, "name_vi") == "Đê biển\nđoạn 2"
    assert [(w.index, w.field) for w in report.warnings] == [(0, "TEN")] and "U+000B" in report.warnings[0].message


@pytest.mark.parametrize(("pasted", "encoding"), [("Cèng Gµnh Hµo", "TCVN3"), ("Coáng Gaønh Haøo", "VNI-Windows")])
def test_a_cell_of_legacy_text_in_a_unicode_shapefile_is_refused_with_its_reading(engine, tmp_path, pasted, encoding):
    """A name in TCVN3 (or VNI) pasted into one cell of a UTF-8 shapefile loaded as garbage, without a word. It is
    refused, for that feature and field, with the text as it probably should read; the file's ordinary texts, in
    Vietnamese, English or with a unit like µg/m³, pass."""
    ordinary = ["Cống Cái Cùng", "Trà Vinh", "Cầu Kè"]
    path = tmp_path / "cong.shp"
    gpd.GeoDataFrame(
        {
            "MA_DA": ["CG-1", "CG-2", "CG-3"],
            "TEN_DA": [ordinary[0], pasted, ordinary[2]],
            "TEN_EN": ["Cai Cung sluice", "Ganh Hao sluice", "Cau Ke sluice"],
            "GHI_CHU": ["PM2.5 dưới 25 µg/m³", "62 × 4 MW, giai đoạn 1–2", "Kè đá"],
            "LOAI": ["sluice"] * 3,
        },
        geometry=shapely.points([(105.55, 9.3), (105.56, 9.3), (105.57, 9.3)]),
        crs="EPSG:4326",
    ).to_file(path, encoding="UTF-8")

    report = ingest(engine, IngestRequest(path, Options("projects", province="95"), dry_run=True), get_settings())

    assert not report.ok and [(e.index, e.field, e.value) for e in report.errors] == [(1, "TEN_DA", pasted)]
    assert "“Cống Gành Hào”" in report.errors[0].message and encoding in report.errors[0].message
    assert "load again" in report.errors[0].message and "rồi nạp lại" in report.errors[0].message_vi
    gpd.read_file(path).assign(TEN_DA=ordinary).to_file(path, encoding="UTF-8")
    fixed = ingest(engine, IngestRequest(path, Options("projects", province="95"), dry_run=True), get_settings())
    assert fixed.ok and fixed.changes["new"] == 3, fixed.errors


def test_a_utf8_name_in_a_tcvn3_file_is_an_error_of_its_feature_and_field(engine, tmp_path):
    """A TCVN3 district file with one name edited in a newer tool (UTF-8) stored "Phặ̀ỏằỚc Long" and was said to
    load (trial 58, F11): the cell is refused with how it reads as UTF-8, nothing loaded."""
    frame = districts("95")
    odd = int(np.flatnonzero(frame["district_name"] == "Phước Long")[0])
    names = [
        (n.encode("utf-8") if i == odd else encode(n, "tcvn3")).decode("latin-1")
        for i, n in enumerate(frame["district_name"])
    ]
    shapefile = tmp_path / "ranh_huyen.shp"
    table = gpd.GeoDataFrame({"MA_HUYEN": frame["district_code"], "TEN_HUYEN": names}, geometry=frame.geometry.values)
    pyogrio.write_dataframe(table, shapefile, encoding="latin1")
    shapefile.with_suffix(".cpg").unlink(missing_ok=True)
    shapefile.with_suffix(".prj").write_text(esri_prj(4326), encoding="utf-8")

    options = Options("units", mode="upsert", scheme="pre2025", kind="district")
    report = ingest(engine, IngestRequest(shapefile, options, dry_run=True), get_settings())

    assert report.encoding == "tcvn3" and not report.ok
    (told,) = [e for e in report.errors if e.field == "TEN_HUYEN"]
    assert told.index == odd and "reads as UTF-8 “Phước Long”" in told.message and "one encoding" in told.message
    assert "đọc theo UTF-8 nó là “Phước Long”" in told.message_vi
