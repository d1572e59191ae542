"""A layer's rows read for an export a chunk at a time, so that its memory stays that of a chunk, whatever the layer's
size (a 100,000-project GeoPackage held the whole result as one frame: 837 MB, docs/benchmarks.md).

The rows come from a server-side cursor, :data:`CHUNK_ROWS` at a time, each chunk a GeoDataFrame typed as the whole
layer's would be. What a file's fields take from the whole layer — an integer column's width (32 or 64 bits), a
shapefile's single or multi type and each real's decimal places per geometry family, the families present — is
found in a first pass (:class:`Spool`), which keeps the chunks on disk beside the file for the second, the writing.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import shapely
from pyproj import CRS
from sqlalchemy import text
from sqlalchemy.orm import Session

from geo.coordinates import from_wgs84

#: Rows a chunk: a 10,000-project chunk is some tens of MB as a frame.
CHUNK_ROWS = 10_000
NO_GEOMETRY = "no_geometry"
#: The family of each of shapely's geometry type ids, after one for none (-1): Point, LineString, LinearRing, Polygon,
#: MultiPoint, MultiLineString, MultiPolygon, GeometryCollection.
_FAMILY_OF_TYPE = np.array([NO_GEOMETRY, "point", "line", "line", "polygon", "point", "line", "polygon", "polygon"])
_SINGLE = {"point": "Point", "line": "LineString", "polygon": "Polygon"}
_POSTGRES_DATE = 1082  # the type OID of date
_POSTGRES_MOMENT = 1184  # timestamptz
_POSTGRES_INTEGERS = (20, 21, 23)  # bigint, smallint, integer
_POSTGRES_REALS = (700, 701, 1700)  # real, double precision, numeric


def geometry_families(geoms: np.ndarray) -> np.ndarray:
    """Each geometry's family (point, line, polygon; a collection's polygon), NO_GEOMETRY where there is none."""
    return _FAMILY_OF_TYPE[shapely.get_type_id(geoms) + 1]


def read_chunks(
    session: Session,
    sql: str,
    params: dict[str, Any],
    crs: CRS,
    chunk_rows: int = CHUNK_ROWS,
    sources: Callable[[list[str] | None], str] | None = None,
) -> Iterator[gpd.GeoDataFrame]:
    """The rows of ``sql`` (its geometry a blank) in ``crs``, ``chunk_rows`` at a time, at least one chunk (an empty
    selection is an empty layer, with its columns); the ``sources`` lists written by ``sources`` (a sheet's), when
    given. Integer columns are Int64 here: :meth:`Spool.typed` narrows them as the whole layer allows."""
    statement = text(sql.format(geom="ST_AsBinary", args="")).execution_options(yield_per=chunk_rows)
    result = session.execute(statement, params)  # a server-side cursor, read chunk_rows at a time
    description = result.cursor.description  # read before the rows, as the cursor closes once they are all fetched
    names = [c.name for c in description]
    types = {c.name: c.type_code for c in description}
    transform = None if crs.to_epsg() == 4326 else from_wgs84(crs)
    with result:
        read = 0
        for rows in result.partitions(chunk_rows):
            read += 1
            yield _frame(rows, names, types, crs, transform, sources)
        if not read:
            yield _frame([], names, types, crs, transform, sources)


def _frame(
    rows: list[tuple],
    names: list[str],
    types: dict[str, int],
    crs: CRS,
    transform: Any,
    sources: Callable[[list[str] | None], str] | None,
) -> gpd.GeoDataFrame:
    """One chunk's rows as a frame, each column typed by the database's type, whatever its values."""
    at = names.index("geometry")
    geoms = shapely.from_wkb([row[at] for row in rows])
    columns = dict(zip(names, map(list, zip(*rows, strict=True)), strict=True)) if rows else {}
    columns.pop("geometry", None)
    table = pd.DataFrame(columns, columns=[n for n in names if n != "geometry"])
    if transform is not None:
        geoms = shapely.transform(geoms, lambda xy: np.column_stack(transform.transform(xy[:, 0], xy[:, 1])))
    if sources is not None and "sources" in table:
        table["sources"] = [sources(s) for s in table["sources"]]
    for column in _of_type(types, _POSTGRES_DATE):  # a day column empty in every row is still a date (QGIS: text)
        table[column] = pd.array(table[column], dtype=pd.ArrowDtype(pa.date32()))
    for column in _of_type(types, _POSTGRES_MOMENT):  # in UTC, to the millisecond (CHANGED_AT)
        table[column] = pd.to_datetime(table[column], utc=True).dt.floor("ms")
    for column in _of_type(types, *_POSTGRES_REALS):  # a capacity empty in every row is still a number
        table[column] = table[column].astype("float64")
    for column in _of_type(types, *_POSTGRES_INTEGERS):  # a year stays 2020 (Integer), not 2020.0, some empty
        table[column] = table[column].astype("Int64")
    return gpd.GeoDataFrame(table.drop(columns=["id"], errors="ignore"), geometry=geoms, crs=crs)


def _of_type(types: dict[str, int], *type_codes: int) -> list[str]:
    """The columns the database gives in one of these types (PostgreSQL's type OIDs), but the rows' id."""
    return [name for name, code in types.items() if code in type_codes and name not in ("id", "geometry")]


@dataclass
class Spool:
    """A layer's chunks kept on disk (``path``), with what the files take from the whole layer: the integer columns
    needing 64 bits, the rows of each geometry family, those of a single type (a shapefile of single points), and
    (``measure_reals``) each family's reals' most decimal places and digits before the mark (a shapefile's decimal
    fields)."""

    path: Path
    measure_reals: bool = False
    chunks: int = 0
    wide: set[str] = field(default_factory=set)
    rows: dict[str, int] = field(default_factory=dict)
    singles: dict[str, int] = field(default_factory=dict)
    reals: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)
    texts: dict[str, pa.DataType] = field(default_factory=dict)
    crs: str | None = None  # as GDAL is told it: "EPSG:9209", else WKT

    def keep(self, chunk: gpd.GeoDataFrame) -> None:
        """Note what ``chunk`` adds to the whole layer, and keep it for :meth:`frames`."""
        self.wide |= wide_integers(chunk)
        if chunk.crs and not self.crs:
            self.crs = f"EPSG:{chunk.crs.to_epsg()}" if chunk.crs.to_epsg() else chunk.crs.to_wkt("WKT1_GDAL")
        for column in chunk.columns[(chunk.dtypes == "object").to_numpy()].drop(chunk.geometry.name, errors="ignore"):
            if column not in self.texts and chunk[column].notna().any():  # its type where it has values
                self.texts[column] = pa.Schema.from_pandas(chunk[[column]], preserve_index=False).field(column).type
        found = geometry_families(chunk.geometry.values)
        kinds = chunk.geometry.geom_type.to_numpy()
        for family in set(found.tolist()):
            mine = found == family
            self.rows[family] = self.rows.get(family, 0) + int(mine.sum())
            self.singles[family] = self.singles.get(family, 0) + int((kinds[mine] == _SINGLE.get(family)).sum())
            for column in chunk.columns[(chunk.dtypes == "float64").to_numpy()] if self.measure_reals else []:
                places, digits = decimals_of(chunk[column].to_numpy()[mine])
                known = self.reals.get((family, column), (0, 1))
                self.reals[(family, column)] = (max(known[0], places), max(known[1], digits))
        with self.path.open("ab") as spooled:
            pickle.dump(chunk, spooled, protocol=pickle.HIGHEST_PROTOCOL)
        self.chunks += 1

    def frames(self) -> Iterator[gpd.GeoDataFrame]:
        """The chunks kept, in their order, each :meth:`typed`."""
        with self.path.open("rb") as spooled:
            for _ in range(self.chunks):
                yield self.typed(pickle.load(spooled))

    def typed(self, chunk: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
        """``chunk``'s integers in 32 bits where the whole layer's fit."""
        return narrowed(chunk, self.wide)

    def arrow_rows(self, family: str, geometry_type: str | None) -> pa.RecordBatchReader:
        """The rows of ``family`` (NO_GEOMETRY: those without one) as Arrow, a chunk at a time, typed alike in every
        chunk (a column empty in one chunk is still the type its values have in others; empty in all, text), their
        geometries as WKB of ``geometry_type`` (Point → MultiPoint …): what GDAL writes in one go, building a
        GeoPackage's spatial index once at the end, where each chunk appended updated it row by row (3–4× slower)."""
        first = next(iter(self._arrow_parts(family, geometry_type)))
        schema = pa.schema(
            f.with_type(self.texts.get(f.name, pa.string())) if pa.types.is_null(f.type) else f for f in first.schema
        )
        batches = (b for t in self._arrow_parts(family, geometry_type) for b in t.cast(schema).to_batches())
        return pa.RecordBatchReader.from_batches(schema, batches)

    def _arrow_parts(self, family: str, geometry_type: str | None) -> Iterator[pa.Table]:
        """Each chunk's rows of ``family`` as an Arrow table, the first even when it has none (the layer's columns)."""
        for number, chunk in enumerate(self.frames()):
            part = chunk[geometry_families(chunk.geometry.values) == family]
            if number and part.empty:
                continue
            table = pa.Table.from_pandas(pd.DataFrame(part.drop(columns=part.geometry.name)), preserve_index=False)
            if family == NO_GEOMETRY:
                yield table
            else:
                wkb = shapely.to_wkb(_multi(part.geometry.values, geometry_type))
                yield table.append_column("geometry", pa.array(wkb, type=pa.binary()))

    def all_single(self, family: str) -> bool:
        """Whether every row of ``family`` is of its single type (a point layer of Points), and there are some."""
        return 0 < self.rows.get(family, 0) == self.singles.get(family, 0)


#: A family's multi type, its single type's shapely type id, and what makes one of the other.
_MADE_MULTI = {
    "MultiPoint": (0, shapely.multipoints),
    "MultiLineString": (1, shapely.multilinestrings),
    "MultiPolygon": (3, shapely.multipolygons),
}


def _multi(geoms: np.ndarray, geometry_type: str) -> np.ndarray:
    """``geoms`` of a family with each single one made the ``geometry_type`` of one part (MultiPoint …)."""
    single_type, make = _MADE_MULTI[geometry_type]
    single = np.flatnonzero(shapely.get_type_id(geoms) == single_type)
    out = geoms.copy()
    if single.size:
        out[single] = make(geoms[single], indices=np.arange(single.size))
    return out


def wide_integers(frame: pd.DataFrame) -> set[str]:
    """The integer columns of ``frame`` holding a value past 32 bits."""
    integers = frame.columns[(frame.dtypes == "Int64").to_numpy()]
    return {c for c in integers if frame[c].notna().any() and frame[c].dropna().abs().max() >= 2**31}


def narrowed(frame: gpd.GeoDataFrame, wide: set[str]) -> gpd.GeoDataFrame:
    """``frame``'s integer columns but those ``wide`` in 32 bits (a shapefile field of 9 digits, not 18)."""
    narrow = [c for c in frame.columns[(frame.dtypes == "Int64").to_numpy()] if c not in wide]
    return frame.astype(dict.fromkeys(narrow, "Int32")) if narrow else frame


@dataclass
class TableSpool:
    """Tables kept on disk (``path``) in their order, for a writer that reads a layer's rows twice, a chunk at a time:
    a workbook, whose columns' widths come before its rows."""

    path: Path
    count: int = 0

    def keep(self, table: pd.DataFrame) -> None:
        with self.path.open("ab") as spooled:
            pickle.dump(table, spooled, protocol=pickle.HIGHEST_PROTOCOL)
        self.count += 1

    def tables(self) -> Iterator[pd.DataFrame]:
        """The tables kept, in their order."""
        with self.path.open("rb") as spooled:
            for _ in range(self.count):
                yield pickle.load(spooled)


@contextmanager
def spooled(chunks: Iterator[gpd.GeoDataFrame], beside: Path, measure_reals: bool = False) -> Iterator[Spool]:
    """The ``chunks`` read into a :class:`Spool` in a temporary folder ``beside`` the file written (on its disk: a
    disk filling up is the one the refusal names), deleted after; ``measure_reals``: their decimals too (a
    shapefile's)."""
    with tempfile.TemporaryDirectory(prefix="georeg-export-", dir=beside) as work:
        spool = Spool(Path(work) / "chunks.pickle", measure_reals)
        for chunk in chunks:
            spool.keep(chunk)
        yield spool


def decimals_of(values: np.ndarray) -> tuple[int, int]:
    """The most decimal places and digits before the mark (at least 1) of ``values`` written each as the shortest
    decimal that reads back as the same number; (0, 1) when all are empty."""
    written = [Decimal(np.format_float_positional(v, trim="-")) for v in values if not np.isnan(v)]
    places = max([0, *(-d.as_tuple().exponent for d in written)])
    return places, max([1, *(d.adjusted() + 1 for d in written)])
