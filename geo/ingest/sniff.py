"""What a file is, decided from its first bytes rather than its name.

GIS offices rename files freely ("ranh_gioi.dat", a .zip saved as .rar); the extension is
only used to tell apart text formats that share a first byte.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from geo.ingest.messages import said
from geo.said import SaidError

FORMAT_LABELS = {
    "zip": "ZIP archive",
    "shapefile": "ESRI Shapefile",
    "gpkg": "GeoPackage",
    "geojson": "GeoJSON",
    "kml": "KML",
    "csv": "CSV sheet",
    "xlsx": "Excel workbook (.xlsx)",
    "geotiff": "GeoTIFF",
}
#: Each format's name in the report's languages, and the word joining a ZIP to what it holds.
FORMAT_NAMES = {
    "en": FORMAT_LABELS | {"holding": "of"},
    "vi": FORMAT_LABELS
    | {"zip": "Tệp nén ZIP", "shapefile": "Shapefile ESRI", "csv": "Bảng CSV", "holding": "chứa"}
    | {"xlsx": "Bảng tính Excel (.xlsx)"},
}


def format_name(codes: list[str], lang: str) -> str:
    """The name of a file's format in ``lang`` from its format codes (a ZIP's first, then those of its members)."""
    names = FORMAT_NAMES[lang]
    outer, *inner = [names.get(code, code) for code in codes]
    return f"{outer} {names['holding']} {', '.join(inner)}" if inner else outer


_SHAPEFILE_MAGIC = b"\x00\x00\x27\x0a"
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an Excel 97-2003 workbook (.xls), a Word .doc


class UnknownFormatError(SaidError):
    """The file's content is none of the formats the registry reads, or not as the registry reads it."""


def sniff(path: Path) -> str:
    """The format code of ``path`` (a key of :data:`FORMAT_LABELS`), from its content."""
    with open(path, "rb") as handle:
        head = handle.read(4096)
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "xlsx" if _is_workbook(path) else "zip"
    if head.startswith(_OLE2_MAGIC):
        raise UnknownFormatError(said("old_office_file", name=path.name))
    if head.startswith(b"SQLite format 3\x00"):
        return "gpkg"
    if head.startswith(_SHAPEFILE_MAGIC):
        return "shapefile"
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return "geotiff"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"{"):
        return "geojson"
    if text.startswith(b"<") and b"<kml" in text:
        return "kml"
    if _looks_like_csv(head):
        return "csv"
    raise UnknownFormatError(said("not_a_format", name=path.name, head=repr(head[:16])))


def _is_workbook(path: Path) -> bool:
    """Whether a zip is an Excel workbook (.xlsx), which is a zip of XML parts, ``xl/workbook.xml`` among them."""
    try:
        with zipfile.ZipFile(path) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except zipfile.BadZipFile:  # a damaged zip: said as such where it is extracted
        return False


def _looks_like_csv(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    first_line = head.splitlines()[0] if head.strip() else b""
    return any(sep in first_line for sep in (b",", b";", b"\t"))
