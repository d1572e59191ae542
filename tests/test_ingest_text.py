"""Text that is not text: NUL bytes, lone surrogates and direction overrides are removed from what is stored, with a
warning naming each feature and field, never silently."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine, text

from geo.ingest import IngestRequest, Options, ingest
from geo.ingest.report import Report
from geo.ingest.targets import Rows
from geo.settings import get_settings


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


@pytest.mark.parametrize(("bad", "named"), [("\ud800", "U+D800"), ("\x00", "U+0000")])
def test_a_lone_surrogate_or_a_nul_is_removed_with_a_warning_naming_the_feature(bad, named):
    """Such values reach the checks from readers that pass them on (GDAL itself cuts a NUL and replaces a surrogate)."""
    report = Report("x.gpkg", "units", "append", False)
    rows = Rows({"TEN": ["Xã A", f"Xã {bad}B", f"{bad}"]}, {"name_vi": "TEN"}, report, "layer", offset=10)

    assert [rows.value(i, "name_vi") for i in range(3)] == ["Xã A", "Xã B", None]
    assert [(w.index, w.field, w.value) for w in report.warnings] == [(11, "TEN", "Xã B"), (12, "TEN", None)]
    assert named in report.warnings[0].message
