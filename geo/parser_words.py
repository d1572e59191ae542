"""What a library said of text it could not read, said in Vietnamese too: Python's json module and GEOS's WKT reader
write English ("Expecting value: line 1 column 5", "ParseException: Expected number but encountered ')'"), which read
as a fault of the registry inside a Vietnamese refusal. Their known messages are said in Vietnamese, with where
("dòng 1, cột 5", counted from 1 as the user counts); one not known is quoted as the library's own words, marked so.
"""

from __future__ import annotations

import json
import re

from geo.said import Said

#: The json module's messages (json.decoder, json.scanner), in Vietnamese.
JSON_VI = {
    "Expecting value": "cần một giá trị (số, chuỗi trong dấu nháy kép, true, false, null, [ hay {)",
    "Expecting property name enclosed in double quotes": "cần tên một thuộc tính trong dấu nháy kép",
    "Expecting ':' delimiter": "cần dấu ':' sau tên thuộc tính",
    "Expecting ',' delimiter": "cần dấu ',' giữa hai phần tử",
    "Unterminated string starting at": "chuỗi mở dấu nháy kép ở đây mà không đóng",
    "Invalid control character at": "ký tự điều khiển (như dấu tab, xuống dòng) nằm trong chuỗi",
    "Invalid \\escape": "dấu \\ không đi với ký tự nào được phép sau nó",
    "Invalid \\uXXXX escape": "\\u cần đúng 4 chữ số hệ 16 theo sau",
    "Extra data": "còn dữ liệu sau khi giá trị JSON đã hết",
    "Illegal trailing comma before end of object": "dấu ',' thừa trước dấu '}'",
    "Illegal trailing comma before end of array": "dấu ',' thừa trước dấu ']'",
}

#: GEOS's WKT reader's messages, by a pattern of their words (its found thing in ``found``), in Vietnamese.
GEOS_VI = (
    (re.compile(r"Expected number but encountered (?P<found>.+)"), "cần một số, gặp {found}"),
    (re.compile(r"Expected word but encountered (?P<found>.+)"), "cần một từ, dấu ngoặc hoặc dấu phẩy, gặp {found}"),
    (re.compile(r"Unexpected token: (?P<found>.+)"), "gặp {found} ở chỗ không được có"),
    (re.compile(r"Unexpected text after end of geometry"), "còn chữ sau khi hình học đã kết thúc"),
    (
        re.compile(r"Points of LinearRing do not form a closed linestring"),
        "một vòng (LinearRing) không khép kín: điểm cuối phải trùng điểm đầu",
    ),
    (
        re.compile(r"Invalid number of points in LinearRing found (?P<found>\d+).*"),
        "một vòng (LinearRing) có {found} điểm, cần ít nhất 4 (điểm cuối trùng điểm đầu)",
    ),
    (re.compile(r"point array must contain 0 or >1 elements"), "một đường cần ít nhất 2 điểm"),
)
#: What GEOS says it found ("word: 'a'"), in Vietnamese.
_FOUND_WORDS = {"word": "từ", "number": "số"}


def json_detail(error: json.JSONDecodeError) -> Said:
    """What ``error`` says and where: "cần dấu ':' sau tên thuộc tính (dòng 1, cột 6)", "Expecting ':' delimiter
    (line 1, column 6)"."""
    where = Said(f"dòng {error.lineno}, cột {error.colno}", f"line {error.lineno}, column {error.colno}")
    return Said(f"{_json_vi(error.msg)} ({where.vi})", f"{error.msg} ({where.en})")


def json_said(message: str) -> Said:
    """The json module's ``message`` (FastAPI's body error keeps it alone) in both languages."""
    return Said(_json_vi(message), message)


def _json_vi(message: str) -> str:
    return JSON_VI.get(message) or f"chi tiết của thư viện json (nguyên văn tiếng Anh): «{message}»"


def geos_detail(error: Exception) -> Said:
    """GEOS's ``error`` about a WKT (or shapely's about a GeoJSON geometry) it could not read, in Vietnamese where its
    words are known ("cần một số, gặp ')'"), else quoted as the library's; in English as the library wrote it."""
    text = str(error).strip()
    words = re.sub(r"^\w+Exception: ", "", text)  # "ParseException: …", "IllegalArgumentException: …"
    for pattern, vi in GEOS_VI:
        matched = pattern.fullmatch(words)
        if matched:
            found = matched.groupdict().get("found")
            return Said(vi.format(found=_found_vi(found) if found else ""), text)
    return Said(f"chi tiết của thư viện hình học (shapely/GEOS, nguyên văn tiếng Anh): «{text}»", text)


def _found_vi(found: str) -> str:
    """What GEOS found, in Vietnamese: "chỗ hết chuỗi", "từ 'a'", "số '1'", "')'"."""
    if found == "end of stream":
        return "chỗ hết chuỗi"
    kind, _, value = found.partition(": ")
    return f"{_FOUND_WORDS[kind]} {value}" if kind in _FOUND_WORDS and value else found


#: What to do about a damaged file, said after each of GDAL's known messages about one.
_SEND_AGAIN = Said(
    "hãy chép hoặc nén lại tệp từ bản gốc, hoặc xuất lại lớp từ phần mềm GIS (vd. QGIS: Xuất › Lưu đối tượng thành…)",
    "copy or zip the file again from the original, or export the layer again from the GIS software "
    "(e.g. QGIS: Export › Save Features As…)",
)
#: XML errors (expat's, in GDAL's KML reader), in Vietnamese.
_XML_VI = {
    "mismatched tag": "thẻ đóng không khớp thẻ mở",
    "not well-formed (invalid token)": "có ký tự không hợp lệ (như dấu & chưa viết thành &amp;)",
    "unclosed token": "một thẻ chưa đóng",
    "no element found": "tệp hết trước khi các thẻ được đóng (tệp bị cắt cụt?)",
    "junk after document element": "còn chữ sau thẻ đóng cuối cùng",
}
#: json-c's errors (in GDAL's GeoJSON reader), in Vietnamese.
_GEOJSON_VI = {
    "Unterminated object": "một đối tượng { chưa đóng } (tệp bị cắt cụt?)",
    "Unterminated array": "một danh sách [ chưa đóng ] (tệp bị cắt cụt?)",
    "Unexpected state": "thiếu dấu ',' hay ':' giữa hai phần tử",
}
#: GDAL's messages (through pyogrio or rasterio) about the files an office sends most, by a pattern of their words:
#: what they mean in Vietnamese and in English; {part} etc. are the pattern's groups.
GDAL_SAID = (
    (
        r"\.(?P<part>shp|shx|dbf) file is unreadable, or corrupt\.?",
        "tệp .{part} của shapefile hỏng hoặc không đọc được",
        "the shapefile's .{part} file is damaged or unreadable",
    ),
    (
        r"fread\(\d+\) failed on DBF file\.?",
        "tệp .dbf (bảng thuộc tính) của shapefile bị cắt cụt hoặc hỏng: thiếu các bản ghi cuối",
        "the shapefile's .dbf file (its attribute table) is cut short or damaged: its last records are missing",
    ),
    (
        r"Error in fread\(\) reading object of size \d+ at offset (?P<offset>\d+) from \.shp file",
        "tệp .shp của shapefile bị cắt cụt hoặc hỏng (hỏng từ byte {offset})",
        "the shapefile's .shp file is cut short or damaged (from byte {offset})",
    ),
    (
        r"sqlite3_prepare_v2\(.*\) failed: file is not a database.*",
        "tệp không phải một GeoPackage đọc được (không phải cơ sở dữ liệu SQLite, hoặc đã hỏng)",
        "the file is not a readable GeoPackage (not an SQLite database, or damaged)",
    ),
    (
        r".*database disk image is malformed.*",
        "tệp GeoPackage bị hỏng hoặc bị cắt cụt (có thể chép chưa hết)",
        "the GeoPackage is damaged or cut short (perhaps copied only in part)",
    ),
    (
        r"Failed to read GeoJSON data; At line (?P<line>\d+), character (?P<column>\d+): (?P<reason>.+)",
        "tệp GeoJSON sai cú pháp ở dòng {line}, ký tự {column}: {reason}",
        "the GeoJSON does not read at line {line}, character {column}: {reason}",
    ),
    (
        r"ERROR parsing kml .* :(?P<reason>.+) on line (?P<line>\d+) at offset (?P<column>\d+)",
        "tệp KML sai cú pháp XML ở dòng {line}, vị trí {column}: {reason}",
        "the KML is not well-formed XML at line {line}, position {column}: {reason}",
    ),
    (
        r"'.+' not recognized as being in a supported file format\..*",  # its path: on a server, a temporary one
        'nội dung của tệp không đúng định dạng nó mang (vd. một .geojson không có "type": "FeatureCollection"), '
        "thư viện GDAL không đọc được",
        'the file\'s content is not the format it bears (e.g. a .geojson without "type": "FeatureCollection"): GDAL '
        "cannot read it",
    ),
    (
        r"Layer '(?P<name>.+)' could not be opened",
        "không mở được lớp «{name}» của tệp",
        "the file's layer «{name}» could not be opened",
    ),
)


def gdal_detail(error: Exception) -> Said:
    """GDAL's ``error`` about a file it could not read (".shx file is unreadable, or corrupt."), in Vietnamese and
    English where its words are known, with what to do; else quoted as the library's own words."""
    text = " ".join(str(error).split())
    for pattern, vi, en in GDAL_SAID:
        matched = re.fullmatch(pattern, text)
        if matched:
            blanks = matched.groupdict()
            reason = blanks.get("reason", "")
            vi_blanks = blanks | {"reason": _XML_VI.get(reason) or _GEOJSON_VI.get(reason) or _quoted_vi(reason)}
            return Said(f"{vi.format(**vi_blanks)}; {_SEND_AGAIN.vi}", f"{en.format(**blanks)}; {_SEND_AGAIN.en}")
    return Said(f"chi tiết của thư viện GDAL (nguyên văn tiếng Anh): «{text}»", text)


def _quoted_vi(reason: str) -> str:
    return f"«{reason}» (nguyên văn của thư viện)" if reason else ""
