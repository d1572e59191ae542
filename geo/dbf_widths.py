"""A shapefile's text fields as wide as their longest value: GDAL writes each 80 bytes wide, or wider up to 254 where
a value needs more, so a .dbf of 17,291 projects was 64 MB where the same GeoPackage is 11.7 MB (trial 60).

GDAL's own ``RESIZE=YES`` narrows the integer fields too, to their longest value: a year column empty in a district's
file would come one digit wide, and a year an officer types into it in QGIS is not written. So the texts alone are
narrowed here, in the .dbf GDAL wrote: each ``C`` field to the bytes of its longest value as written (UTF-8 for the
exports), never above GDAL's width (at most 254), the records' other bytes as they were. A field keeps at least
:data:`ROOM_TO_TYPE` bytes: an officer adding an English name or a note to a column the export left empty (one byte
wide) in a tool that keeps a field's width could type a single letter. QGIS does not keep it (trial 64, checked with
QGIS 3.22 headless): saving a longer text widens the field to fit, up to 254 bytes, and past that cuts the text
silently (docs/gis-officer.md).
"""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np

_HEADER = 32  # the file's header, then one descriptor of 32 bytes for each field, ended by 0x0D
_SPACE = 0x20  # a dBASE text is padded with spaces after its end
_END_OF_FILE = b"\x1a"
#: The least width of a text field: a few words of Vietnamese (2–3 bytes a letter with its marks) typed into one.
ROOM_TO_TYPE = 50


def fit_text_fields(dbf: Path) -> None:
    """Rewrite ``dbf`` with each text field as wide as its longest value."""
    data = dbf.read_bytes()
    count, header_size, record_size = struct.unpack_from("<IHH", data, 4)
    records = np.frombuffer(data, np.uint8, count * record_size, header_size).reshape(count, record_size)
    header = bytearray(data[:header_size])
    columns, start = [records[:, :1]], 1  # each record's deletion flag, then its fields
    for at in range(_HEADER, header_size - 1, _HEADER):
        if header[at] == 0x0D:
            break
        width = header[at + 16]
        column = records[:, start : start + width]
        start += width
        if header[at + 11] == ord("C"):
            header[at + 16] = min(width, max(ROOM_TO_TYPE, _longest(column)))
            column = column[:, : header[at + 16]]
        columns.append(column)
    struct.pack_into("<H", header, 10, sum(column.shape[1] for column in columns))
    dbf.write_bytes(bytes(header) + np.hstack(columns).tobytes() + _END_OF_FILE)


def _longest(column: np.ndarray) -> int:
    """The bytes of the longest text in ``column`` (one row a record), its padding left out; 0 for none."""
    written = column != _SPACE
    lengths = np.where(written.any(axis=1), column.shape[1] - written[:, ::-1].argmax(axis=1), 0)
    return int(lengths.max(initial=0))
