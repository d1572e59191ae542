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
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import numpy as np

_HEADER = 32  # the file's header, then one descriptor of 32 bytes for each field, ended by 0x0D
_SPACE = 0x20  # a dBASE text is padded with spaces after its end
_END_OF_FILE = b"\x1a"
#: The least width of a text field: a few words of Vietnamese (2–3 bytes a letter with its marks) typed into one.
ROOM_TO_TYPE = 50


def fit_text_fields(dbf: Path, block: int = 10_000) -> None:
    """Rewrite ``dbf`` with each text field as wide as its longest value, ``block`` records at a time: a province's
    .dbf is hundreds of MB before it is narrowed (read whole, 54,000 polygons' took 800 MB)."""
    with dbf.open("rb") as read:
        head = read.read(_HEADER)
        count, header_size, record_size = struct.unpack_from("<IHH", head, 4)
        header = bytearray(head + read.read(header_size - _HEADER))
        fields = _fields(header)
        longest = dict.fromkeys((at for at, *_ in fields if header[at + 11] == ord("C")), 0)
        for records in _blocks(read, header_size, count, record_size, block):
            for at, start, width in fields:
                if at in longest:
                    longest[at] = max(longest[at], _longest(records[:, start : start + width]))
        for at, most in longest.items():
            header[at + 16] = min(header[at + 16], max(ROOM_TO_TYPE, most))
        kept = [slice(0, 1)] + [slice(start, start + header[at + 16]) for at, start, _ in fields]
        struct.pack_into("<H", header, 10, sum(part.stop - part.start for part in kept))
        narrowed = dbf.with_suffix(".dbf.narrowed")
        with narrowed.open("wb") as written:
            written.write(bytes(header))
            for records in _blocks(read, header_size, count, record_size, block):
                written.write(np.hstack([records[:, part] for part in kept]).tobytes())
            written.write(_END_OF_FILE)
    narrowed.replace(dbf)


def _blocks(read: BinaryIO, header_size: int, count: int, record_size: int, block: int) -> Iterator[np.ndarray]:
    """The records of the .dbf open in ``read``, ``block`` of them at a time, each a row of bytes."""
    read.seek(header_size)
    for first in range(0, count, block):
        rows = min(block, count - first)
        yield np.frombuffer(read.read(rows * record_size), np.uint8).reshape(rows, record_size)


def _fields(header: bytearray) -> list[tuple[int, int, int]]:
    """Each field's descriptor's place in ``header``, its first byte in a record (after the deletion flag) and its
    width."""
    fields, start = [], 1
    for at in range(_HEADER, len(header) - 1, _HEADER):
        if header[at] == 0x0D:
            break
        fields.append((at, start, header[at + 16]))
        start += header[at + 16]
    return fields


def _longest(column: np.ndarray) -> int:
    """The bytes of the longest text in ``column`` (one row a record), its padding left out; 0 for none."""
    written = column != _SPACE
    lengths = np.where(written.any(axis=1), column.shape[1] - written[:, ::-1].argmax(axis=1), 0)
    return int(lengths.max(initial=0))
