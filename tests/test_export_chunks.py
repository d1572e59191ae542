"""A layer exported a few rows at a time (geo.layer_chunks) is the file exported at once: the same layers, fields,
types, widths, CRS, rows and the same texts found cut, in every format."""

from __future__ import annotations

import gc
import weakref
import zipfile
from pathlib import Path

import pyogrio
import pytest
from pandas.testing import assert_frame_equal
from sqlalchemy.orm import Session

from geo import layer_chunks
from geo.layer_export import export_layer

SUFFIX = {"gpkg": ".gpkg", "shp": ".zip", "csv": ".csv", "geojson": ".geojson", "xlsx": ".xlsx"}
#: The sample's 35 projects in chunks of 3 (its 4 salinity zones in 2): each family's rows and cut texts over several.
FEW = 3


def _exported(engine, layer: str, fmt: str, out: Path, **asked) -> dict[str, list[str]]:
    with Session(engine) as session:
        crs = None if fmt == "geojson" else "EPSG:9209"
        return export_layer(session, layer, fmt, out, crs=crs, **asked).cut


def _same_layer(path: Path, other: Path, layer: str | None = None) -> None:
    """The same fields, types, geometry type, count, CRS and rows, feature for feature and field for field."""
    info, other_info = pyogrio.read_info(path, layer=layer), pyogrio.read_info(other, layer=layer)
    for key in ("fields", "dtypes", "geometry_type", "features", "crs"):
        assert str(info[key]) == str(other_info[key]), (path.name, layer, key)
    assert_frame_equal(pyogrio.read_dataframe(path, layer=layer), pyogrio.read_dataframe(other, layer=layer))


def _same_zip(path: Path, other: Path, tmp_path: Path) -> None:
    """The same files; each shapefile and CSV the same layer, and the same bytes otherwise: a .dbf's header (its
    fields' widths), .prj, .cpg, .csvt, README.txt."""
    with zipfile.ZipFile(path) as zipped, zipfile.ZipFile(other) as other_zipped:
        assert zipped.namelist() == other_zipped.namelist()
        zipped.extractall(tmp_path / "a")
        other_zipped.extractall(tmp_path / "b")
    for name in zipped.namelist():
        mine, theirs = tmp_path / "a" / name, tmp_path / "b" / name
        if mine.suffix in (".shp", ".csv"):
            _same_layer(mine, theirs)
        elif mine.suffix == ".dbf":
            header = int.from_bytes(mine.read_bytes()[8:10], "little")
            assert mine.read_bytes()[:header] == theirs.read_bytes()[:header]
        elif mine.suffix != ".shx":
            assert mine.read_bytes() == theirs.read_bytes(), name


def _same_workbook(path: Path, other: Path) -> None:
    with zipfile.ZipFile(path) as book, zipfile.ZipFile(other) as other_book:
        parts = [n for n in book.namelist() if not n.startswith("docProps/")]  # its moment of writing
        assert parts == [n for n in other_book.namelist() if not n.startswith("docProps/")]
        for part in parts:
            assert book.read(part) == other_book.read(part), part


@pytest.mark.parametrize("fmt", ["gpkg", "shp", "csv", "geojson", "xlsx"])
@pytest.mark.parametrize("layer", ["projects", "salinity_zones"])
def test_an_export_in_chunks_is_the_export_at_once(sample_engine, tmp_path, monkeypatch, layer, fmt):
    at_once, in_chunks = tmp_path / f"once{SUFFIX[fmt]}", tmp_path / f"chunks{SUFFIX[fmt]}"
    cut = _exported(sample_engine, layer, fmt, at_once)
    chunks = []  # the chunks read: the rows of each
    made = layer_chunks._frame
    monkeypatch.setattr(layer_chunks, "_frame", lambda rows, *args: chunks.append(len(rows)) or made(rows, *args))
    assert _exported(sample_engine, layer, fmt, in_chunks, chunk_rows=FEW) == cut
    if fmt != "geojson":  # written from the rows as the database gives them, one by one
        assert len(chunks) > 1 and max(chunks) <= FEW
    if fmt == "shp":
        assert cut  # the sample's long descriptions and notes, found in every chunk
        _same_zip(at_once, in_chunks, tmp_path)
    elif fmt == "gpkg":
        assert [list(x) for x in pyogrio.list_layers(at_once)] == [list(x) for x in pyogrio.list_layers(in_chunks)]
        for name, _ in pyogrio.list_layers(at_once):
            _same_layer(at_once, in_chunks, name)
    elif fmt == "xlsx":
        _same_workbook(at_once, in_chunks)
    else:
        assert at_once.read_bytes() == in_chunks.read_bytes()


def test_a_spreadsheet_holds_one_chunk_of_the_layer_at_a_time(sample_engine, tmp_path, monkeypatch):
    """A workbook was written from the whole layer gathered in one frame (100,036 projects: its export's peak 625 MB
    against 330 MB now, docs/benchmarks.md): its chunks are measured and kept on disk as they are read, then written
    from there one at a time, so that no chunk read is still held when the next is read."""
    read, held = [], []  # each chunk read (a weak reference); how many of those read before are held at each read
    made = layer_chunks._frame

    def frame(rows, *args):
        gc.collect()
        held.append(sum(chunk() is not None for chunk in read))
        chunk = made(rows, *args)
        read.append(weakref.ref(chunk))
        return chunk

    monkeypatch.setattr(layer_chunks, "_frame", frame)
    _exported(sample_engine, "projects", "xlsx", tmp_path / "projects.xlsx", chunk_rows=FEW)
    assert len(held) > 3 and max(held) <= 1, held
