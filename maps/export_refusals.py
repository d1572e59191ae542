"""Why a printable map is not drawn (maps.map_export), in Vietnamese and English (geo.said): the API answers in the
language asked (api.errors), ``georeg map export`` in its ``--lang``. A planner running ``--lang vi`` was refused in
English only (session 61). Each message starts with the parameter's name, as the API and the command line name it.

Also why the file a command writes is not written (:func:`out_refused`: ``--out`` of georeg export, map export and
report annual, the archive of georeg db backup), or the one it reads not read (:func:`read_refused`: georeg ingest's
file, georeg db restore's archive): said with what to do, not in the system's English ("[Errno 2] No such file or
directory")."""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Any

from geo.gdal_writes import GdalWriteError
from geo.said import Said, SaidError, fill
from geo.vocab import SCHEME_DAYS

MESSAGES: dict[str, dict[str, str]] = {
    "not_offered": {
        "vi": "{name}: {value} không phải một trong {offered}",
        "en": "{name}: {value} is not one of {offered}",
    },
    "bbox_order": {
        "vi": "bbox: {frame} không phải tây,nam,đông,bắc theo độ (WGS 84): tây trước đông, nam trước bắc",
        "en": "bbox: {frame} is not west,south,east,north in degrees (WGS 84)",
    },
    "bbox_numbers": {
        "vi": "bbox: {given} không phải bốn số tây,nam,đông,bắc theo độ, vd. 105.6,9.2,105.9,9.4",
        "en": "bbox: {given} is not four numbers west,south,east,north in degrees, e.g. 105.6,9.2,105.9,9.4",
    },
    "not_a_filter": {
        "vi": "{name}: không phải bộ lọc của bản đồ; các bộ lọc là {filters}",
        "en": "{name}: not a filter of the map; its filters are {filters}",
    },
    "unknown_province": {
        "vi": "province: không có tỉnh mã {code}; chọn một trong {known}",
        "en": "province: unknown province {code}; expected one of {known}",
    },
    "no_units_in_province": {
        "vi": "province: sổ đăng ký không có {units} nào nằm trong {province}; hãy chọn ranh giới {other} "
        "(scheme {scheme}) hoặc tỉnh khác",
        "en": "province: the registry holds no {units} lying in {province}; choose the boundaries "
        "{other} (scheme {scheme}) or another province",
    },
    "no_units_in_any_boundaries": {
        "vi": "province: sổ đăng ký không có {units} nào nằm trong {province}; hãy chọn một tỉnh của sổ: {known}",
        "en": "province: the registry holds no {units} lying in {province}; choose one of its provinces: {known}",
    },
    "province_named": {"vi": "tỉnh {name} ({code})", "en": "{name} ({code})"},
    "province_coded": {"vi": "tỉnh mã {code}", "en": "province {code}"},
    "units_of_both_schemes": {
        "vi": "unit: {units} thuộc hai bộ ranh giới khác nhau; bản đồ vẽ ranh giới của đơn vị được chọn, hãy chọn các "
        "đơn vị của một bộ (hoặc xuất từng bản đồ)",
        "en": "unit: {units} belong to two different boundary sets; a map is drawn in its units' own boundaries, "
        "choose units of one set (or export one map each)",
    },
    "unknown_plan": {
        "vi": "plan: không có kế hoạch {code}; chọn một trong {known}",
        "en": "plan: unknown plan {code}; expected one of {known}",
    },
    "no_salinity": {
        "vi": "salinity: không có vùng nhiễm mặn của kỳ {period}; các kỳ đã nạp: {loaded}",
        "en": "salinity: no salinity zones of period {period}; loaded: {loaded}",
    },
    # the file a command writes or reads: {name} and {option}, as the command line names it (out, --out; file, FILE);
    # {name_vi}: «tệp --out», «tệp FILE»
    "no_folder": {
        "vi": "{name_vi}: chưa có thư mục {folder}; hãy tạo thư mục đó hoặc chọn {option} khác",
        "en": "{name}: there is no folder {folder}; create it or choose another {option}",
    },
    "not_a_folder": {
        "vi": "{name_vi}: {folder} là một tệp, không phải thư mục; hãy chọn {option} khác",
        "en": "{name}: {folder} is a file, not a folder; choose another {option}",
    },
    "is_a_folder": {
        "vi": "{name_vi}: {path} là một thư mục; hãy ghi cả tên tệp sau nó",
        "en": "{name}: {path} is a folder; give the file's name after it",
    },
    "not_writable": {
        "vi": "{name_vi}: không được phép ghi vào thư mục {folder}; hãy chọn {option} trong một thư mục của bạn",
        "en": "{name}: writing in the folder {folder} is not allowed; choose a folder of yours for {option}",
    },
    "in_use": {
        "vi": "{name_vi}: không ghi đè được {path}: tệp đang mở trong một ứng dụng khác (Excel, Word, trình đọc PDF…) "
        "hoặc bị khóa; hãy đóng tệp đó rồi chạy lại, hoặc chọn {option} khác",
        "en": "{name}: {path} cannot be overwritten: it is open in another application (Excel, Word, a PDF reader…) "
        "or locked; close it and run again, or choose another {option}",
    },
    "disk_full": {
        "vi": "{name_vi}: không đủ chỗ trên đĩa để ghi {path}; hãy giải phóng chỗ hoặc chọn {option} trên ổ đĩa khác",
        "en": "{name}: not enough room on the disk to write {path}; free some or choose another disk for {option}",
    },
    "too_large": {
        "vi": "{name_vi}: {path} lớn hơn mức một tệp được phép trên ổ đĩa đó (ổ USB định dạng FAT32 chỉ giữ tệp tới "
        "4 GB) hoặc của tài khoản này (ulimit -f); hãy chọn {option} trên ổ đĩa khác",
        "en": "{name}: {path} is larger than a file may be on that disk (a USB stick formatted FAT32 holds files of "
        "up to 4 GB) or for this user (ulimit -f); choose another disk for {option}",
    },
    "gdal_stopped": {
        "vi": "{name_vi}: GDAL dừng giữa chừng khi ghi {path}, thường vì ổ đĩa đã đầy hoặc tệp lớn hơn mức ổ đĩa cho "
        "phép; hãy giải phóng chỗ trên ổ đĩa rồi chạy lại, hoặc chọn {option} trên ổ đĩa khác. GDAL báo: {reason}",
        "en": "{name}: GDAL stopped midway through writing {path}, most often because the disk is full or the file "
        "larger than the disk takes; free some room on the disk and run again, or choose another disk for {option}. "
        "GDAL says: {reason}",
    },
    "not_written": {
        "vi": "{name_vi}: không ghi được {path} (hệ thống báo: {reason}); hãy chọn {option} khác",
        "en": "{name}: {path} could not be written (the system says: {reason}); choose another {option}",
    },
    "not_drawn": {
        "vi": "không vẽ được bản đồ (matplotlib báo: {reason}); phông chữ của bản đồ được giữ trong {fonts}: hãy xoá "
        "thư mục đó (phông được tạo lại) và xem ổ đĩa của nó còn chỗ không, rồi chạy lại",
        "en": "the map could not be drawn (matplotlib says: {reason}); the map's fonts are kept in {fonts}: delete "
        "that folder (they are made again) and check its disk has room, then run again",
    },
    "not_readable": {
        "vi": "{name_vi}: không được phép đọc {path}; hãy nhờ người sở hữu tệp cho phép đọc, hoặc chạy lệnh bằng tài "
        "khoản được đọc tệp đó",
        "en": "{name}: reading {path} is not allowed; ask its owner to let you read it, or run the command as a user "
        "who may",
    },
    "not_read": {
        "vi": "{name_vi}: không đọc được {path} (hệ thống báo: {reason}); hãy kiểm tra tệp, hoặc chọn {option} khác",
        "en": "{name}: {path} could not be read (the system says: {reason}); check the file, or give another {option}",
    },
}
#: The refusal of a file to write by the system's error; another error is "not_written", with the system's words.
OUT_ERRORS = {
    errno.ENOENT: "no_folder",
    errno.ENOTDIR: "not_a_folder",
    errno.EISDIR: "is_a_folder",
    errno.EACCES: "not_writable",
    errno.EPERM: "not_writable",
    errno.EROFS: "not_writable",
    errno.EBUSY: "in_use",
    errno.ETXTBSY: "in_use",
    errno.ENOSPC: "disk_full",
    errno.EDQUOT: "disk_full",
    errno.EFBIG: "too_large",
}
#: The refusal of a file to read by the system's error; another error is "not_read", with the system's words.
READ_ERRORS = {errno.EACCES: "not_readable", errno.EPERM: "not_readable", errno.EISDIR: "is_a_folder"}
#: The neighbouring provinces in a list of those a map may be filtered by (:func:`provinces_listed`).
NEIGHBOURS = Said(
    "tỉnh lân cận, chỉ vẽ làm nền (sổ đăng ký không giữ dự án của các tỉnh này)",
    "neighbouring provinces, drawn only as background (the registry holds none of their projects)",
)
#: The periods loaded, when there are none.
NO_PERIOD = Said("chưa có (lệnh georeg salinity zones nạp vùng)", "none (georeg salinity zones loads them)")


class ExportRequestError(SaidError):
    """A parameter of an export that cannot be drawn; the message starts with the parameter's name."""


class SheetNotDrawn(SaidError):
    """A printed sheet matplotlib could not draw (its fonts unreadable, their folder full): the server's fault, not
    the request's (api.errors answers 500 with it)."""


def not_drawn(error: Exception, fonts: Path) -> SheetNotDrawn:
    """Why a sheet was not drawn, matplotlib's (or the system's) words kept, and what to do: the fonts it reads from
    ``fonts`` made again."""
    reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
    return SheetNotDrawn(fill(MESSAGES, "not_drawn", reason=reason, fonts=str(fonts)))


def refused(key: str, **blanks: Any) -> ExportRequestError:
    """The refusal ``key`` of :data:`MESSAGES`, its blanks filled."""
    return ExportRequestError(fill(MESSAGES, key, **blanks))


def file_refused(key: str, path: Path, option: str = "--out", reason: str = "") -> ExportRequestError:
    """The refusal ``key`` of the file ``path`` a command writes or reads, given as ``option`` ("--out", or "FILE" for
    an argument) and named by it ("out", "file"), with the system's ``reason``."""
    name = option.lstrip("-").lower()
    # Vietnamese names the file by the command line's word for it: "file:" read as an English word (trial s70)
    where = {"name": name, "name_vi": f"tệp {option}", "option": option}
    return refused(key, **where, path=str(path), folder=str(path.parent), reason=reason)


def out_refused(out: Path, error: OSError, replacing: bool = False, option: str = "--out") -> ExportRequestError:
    """Why the file ``out`` was not written, from the system's ``error``. ``replacing``: it came as the file written
    took the place of the one there, which Windows refuses while another application has that file open."""
    key = "gdal_stopped" if isinstance(error, GdalWriteError) else OUT_ERRORS.get(error.errno or 0, "not_written")
    if replacing and key == "not_writable":
        key = "in_use"
    return file_refused(key, out, option, error.strerror or str(error))


def read_refused(path: Path, error: OSError, option: str) -> ExportRequestError:
    """Why the file ``path`` given as ``option`` cannot be read, from the system's ``error``."""
    return file_refused(READ_ERRORS.get(error.errno or 0, "not_read"), path, option, error.strerror or str(error))


def refused_as(name: str, said: Said) -> ExportRequestError:
    """A refusal said elsewhere (an unknown unit, a progress query's), named by the export's parameter ``name``."""
    return ExportRequestError(Said(f"{name}: {said.vi}", f"{name}: {said.en}"))


def provinces_listed(provinces: list[dict[str, Any]]) -> Said:
    """The province codes a map may be filtered by (geo.queries.unit_codes.provinces_by_code), each with its name
    ("96 Cà Mau"; a code that named another province before the 2025 reform with that one too), the registry's
    first, then the neighbours, said to be so: a planner refused "--province 99" read bare codes, the neighbours'
    among them."""
    said = {}
    for lang in ("vi", "en"):
        named = {
            context: ", ".join(_named(p, lang) for p in provinces if p["is_context"] == context)
            for context in (False, True)
        }
        neighbours = f"; {NEIGHBOURS.text(lang)}: {named[True]}" if named[True] else ""
        said[lang] = named[False] + neighbours
    return Said(**said)


def _named(province: dict[str, Any], lang: str) -> str:
    named = f"{province['code']} {province['name_vi']}"
    if province["former_name_vi"] == province["name_vi"]:
        return named
    return f"{named} ({SCHEME_DAYS['pre2025'].text(lang)}: {province['former_name_vi']})"
