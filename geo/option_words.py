"""The words of the options a message names, as where it is read names them: the command line's options
(``--mode upsert``), or the /upload page's boxes and choices, quoted as the page labels them («Cập nhật theo mã»). A
message writes the option as a blank (``{to_update}``) and geo.said.fill puts in the words of the surface it is said
on: the command line's, unless it is said within a load run from the page (:func:`read_on_the_page`). A trial's
officer read "load with --mode upsert" on the page, whose choice is "Cập nhật theo mã" (trial 52).
"""

from __future__ import annotations

import string
from collections.abc import Callable
from contextvars import ContextVar
from functools import wraps
from typing import ParamSpec, TypeVar

COMMAND_LINE, PAGE = "command line", "page"

#: What a message tells its reader to set, per surface (a message's blank named here); a phrase's own blanks ({crs},
#: {code}) are the message's.
OPTIONS: dict[str, dict[str, dict[str, str]]] = {
    COMMAND_LINE: {
        "load_as_raster": {
            "vi": "hãy nạp với --into forest hoặc --into salinity",
            "en": "load it with --into forest or --into salinity",
        },
        "raster_targets": {"vi": "--into {themes}", "en": "--into {themes}"},
        "map_coordinates": {
            "vi": " (hoặc dùng --map lon=CỘT --map lat=CỘT)",
            "en": " (or use --map lon=COLUMN --map lat=COLUMN)",
        },
        "columns_chosen": {"vi": "--map", "en": "--map"},
        "choose_field": {"vi": "chỉ rõ bằng --map trường=cột", "en": "say so with --map field=column"},
        "column_option": {"vi": "--map trường=cột", "en": "--map field=column"},
        "raster_leaves_empty": {
            "vi": "hệ tọa độ (--crs), bảng mã (--encoding) và cột (--map)",
            "en": "--crs, --encoding and --map",
        },
        "in_source": {"vi": "bằng --source", "en": "with --source"},
        "in_year": {"vi": "bằng --year", "en": "with --year"},
        "encoding_option": {"vi": "--encoding", "en": "--encoding"},
        "status_day": {"vi": "--status-as-of", "en": "--status-as-of's day"},
        "give_status_day": {
            "vi": "hãy nạp với --status-as-of 31/12/2025",
            "en": "load it with --status-as-of 31/12/2025",
        },
        "kind_option": {"vi": "--kind", "en": "--kind"},
        "period_option": {"vi": "--period", "en": "--period"},
        "to_update": {"vi": "hãy nạp với --mode upsert để cập nhật", "en": "load with --mode upsert to update"},
        "replace_mode": {"vi": "--mode replace", "en": "--mode replace"},
        "remove_load": {
            "vi": "gỡ lượt cũ: georeg salinity remove --job {job}",
            "en": "remove the old load: georeg salinity remove --job {job}",
        },
        "upsert_mode": {"vi": "--mode upsert", "en": "--mode upsert"},
        "update_or_append": {
            "vi": "hãy nạp với --mode upsert để cập nhật theo mã, hoặc --mode append cho những cái mới",
            "en": "load with --mode upsert to update by code, or --mode append to add new ones",
        },
        "append_or_replace": {
            "vi": "hãy nạp với --mode append để thêm vùng, hoặc --mode replace để thay các vùng cùng kỳ",
            "en": "load with --mode append to add zones, or --mode replace to replace those of the same period",
        },
        "scheme_choice": {
            "vi": "hãy nạp với --scheme pre2025 hoặc --scheme 2025",
            "en": "load with --scheme pre2025 or --scheme 2025",
        },
        "load_communes": {
            "vi": "georeg ingest TỆP --into units --scheme 2025 --kind commune --mode upsert",
            "en": "georeg ingest FILE --into units --scheme 2025 --kind commune --mode upsert",
        },
        "province_option": {"vi": "dùng --province", "en": "--province"},
        "province_code_option": {"vi": "dùng --province {code}", "en": "--province {code}"},
        "province_option_for_zone": {"vi": "bằng --province", "en": "with --province"},
        "crs_option": {"vi": "bằng --crs", "en": "with --crs"},
        "crs_source": {"vi": "tham số --crs", "en": "--crs"},
        "load_again_in_crs": {"vi": "nạp lại với --crs {crs}", "en": "load the file again with --crs {crs}"},
        "load_again_in_zone": {"vi": "nạp lại với --crs EPSG:{epsg}", "en": "load it again with --crs EPSG:{epsg}"},
        "confirm_steps_back": {
            "vi": "hãy nạp với --accept-steps-back để xác nhận",
            "en": "load it with --accept-steps-back to confirm",
        },
        "retire_absent": {
            "vi": "hãy nạp với --retire-absent để rút chúng khỏi danh mục",
            "en": "load it with --retire-absent to retire them",
            "vi_one": "hãy nạp với --retire-absent để rút dự án này khỏi danh mục",
            "en_one": "load the file with --retire-absent to retire it",
        },
        "retire_absent_once_fixed": {
            "vi": "hãy sửa tệp rồi nạp với --retire-absent để rút chúng khỏi danh mục",
            "en": "correct the file, then load it with --retire-absent to retire them",
            "vi_one": "hãy sửa tệp rồi nạp với --retire-absent để rút dự án này khỏi danh mục",
            "en_one": "correct the file, then load it with --retire-absent to retire the project",
        },
        "retire_absent_unchanged": {
            "vi": "hãy nạp với --retire-absent để rút chúng khỏi danh mục",
            "en": "load it with --retire-absent to retire them",
        },
        "clean_borders": {
            "vi": "hãy nạp với --clean-borders: mỗi dải chồng lấn và khe hở hẹp được giao cho một đơn vị, và báo cáo "
            "nêu mỗi đơn vị thay đổi bao nhiêu",
            "en": "load it with --clean-borders: each overlap and thin gap goes to one unit, and the report says how "
            "much each unit changes",
        },
        "clean_option": {"vi": "--clean-borders", "en": "--clean-borders"},
        "tolerance_option": {"vi": "--border-tolerance", "en": "--border-tolerance"},
        "raise_tolerance": {
            "vi": "cho phép mức đó bằng --border-tolerance {needed}",
            "en": "allow it with --border-tolerance {needed}",
        },
        "keep_changed": {
            "vi": "hoặc nạp với --keep-changed: các dự án đã thay đổi được giữ như hệ thống đang có, phần còn lại "
            "được nạp",
            "en": "or load it with --keep-changed: the projects changed are left as the registry has them, the rest "
            "is loaded",
        },
        "keep_changed_once_fixed": {
            "vi": "hoặc, khi đã sửa các lỗi khác, nạp với --keep-changed: các dự án đã thay đổi được giữ như hệ thống "
            "đang có, phần còn lại được nạp",
            "en": "or, once the other errors are mended, load it with --keep-changed: the projects changed are left as "
            "the registry has them, the rest is loaded",
        },
    },
    PAGE: {
        "load_as_raster": {
            "vi": "hãy chọn Nạp vào «Ảnh độ che phủ rừng (GeoTIFF)» hoặc «Vùng / ảnh độ mặn»",
            "en": "choose Load into «Forest-cover raster (GeoTIFF)» or «Salinity zones / raster»",
        },
        "raster_targets": {
            "vi": "«Ảnh độ che phủ rừng (GeoTIFF)» hoặc «Vùng / ảnh độ mặn»",
            "en": "«Forest-cover raster (GeoTIFF)» or «Salinity zones / raster»",
        },
        "map_coordinates": {"vi": "", "en": ""},
        "columns_chosen": {"vi": "các cột đã chọn", "en": "the columns chosen"},
        "choose_field": {
            "vi": "chọn trường cho cột đó ở mục «Cột hệ thống không tự nhận ra»",
            "en": "choose its field under «Columns the registry did not recognise»",
        },
        "column_option": {
            "vi": "chọn trường này cho cột đó ở mục «Cột hệ thống không tự nhận ra»",
            "en": "choose this field for it under «Columns the registry did not recognise»",
        },
        "raster_leaves_empty": {
            "vi": "các ô «Hệ tọa độ», «Bảng mã» và các cột đã chọn",
            "en": "the «CRS» and «Text encoding» boxes and the columns chosen",
        },
        "in_source": {"vi": "vào ô «Nguồn dữ liệu»", "en": "in the «Source of the data» box"},
        "in_year": {"vi": "vào ô «Năm (ảnh raster)»", "en": "in the «Year (rasters)» box"},
        "encoding_option": {"vi": "ở ô «Bảng mã»", "en": "it in the «Text encoding» box"},
        "status_day": {
            "vi": "ghi ở ô «Tình trạng trong tệp tính đến ngày»",
            "en": "the day in the «The file's statuses as of» box",
        },
        "give_status_day": {
            "vi": "hãy điền ngày đó vào ô «Tình trạng trong tệp tính đến ngày» rồi kiểm tra lại",
            "en": "fill in that day in the «The file's statuses as of» box and check the file again",
        },
        "kind_option": {
            "vi": "ô «Loại (dự án) / cấp (đơn vị) / cấp mặn»",
            "en": "the «Kind (projects) / level (units) / class (salinity)» box",
        },
        "period_option": {"vi": "ô «Kỳ (độ mặn)»", "en": "the «Period (salinity)» box"},
        "to_update": {
            "vi": "hãy chọn Cách nạp «Cập nhật theo mã» để cập nhật",
            "en": "choose the Mode «Update by code» to update",
        },
        "replace_mode": {
            "vi": "Cách nạp «Thay thế (độ mặn cùng kỳ)»",
            "en": "The Mode «Replace (salinity of the same period)»",
        },
        "upsert_mode": {"vi": "Cách nạp «Cập nhật theo mã»", "en": "The Mode «Update by code»"},
        "remove_load": {
            "vi": "nhờ quản trị viên gỡ lượt nạp {job} (lệnh georeg salinity remove)",
            "en": "ask an administrator to remove job {job} (command georeg salinity remove)",
        },
        "update_or_append": {
            "vi": "hãy chọn Cách nạp «Cập nhật theo mã» để cập nhật, hoặc «Thêm mới» cho những cái mới",
            "en": "choose the Mode «Update by code» to update, or «Append» to add new ones",
        },
        "append_or_replace": {
            "vi": "hãy chọn Cách nạp «Thêm mới» để thêm vùng, hoặc «Thay thế (độ mặn cùng kỳ)» để thay các vùng "
            "cùng kỳ",
            "en": "choose the Mode «Append» to add zones, or «Replace (salinity of the same period)» to replace those "
            "of the same period",
        },
        "scheme_choice": {
            "vi": "hãy chọn ở ô «Ranh giới (đơn vị hành chính)» rồi kiểm tra lại",
            "en": "choose it in the «Boundary scheme (units)» box and check the file again",
        },
        "load_communes": {
            "vi": "chọn Nạp vào «Đơn vị hành chính», «Ranh giới (đơn vị hành chính)» từ 01/07/2025, cấp xã, Cách nạp "
            "«Cập nhật theo mã»",
            "en": "choose Load into «Administrative units», the «Boundary scheme (units)» from 1 July 2025, the "
            "commune level and the Mode «Update by code»",
        },
        "province_option": {"vi": "chọn tỉnh ở ô «Tỉnh»", "en": "choose it in the «Province» box"},
        "province_code_option": {"vi": "chọn tỉnh {code} ở ô «Tỉnh»", "en": "choose {code} in the «Province» box"},
        "province_option_for_zone": {"vi": "ở ô «Tỉnh»", "en": "in the «Province» box"},
        "crs_option": {"vi": "ở ô «Hệ tọa độ»", "en": "in the «CRS» box"},
        "crs_source": {"vi": "ô «Hệ tọa độ»", "en": "«CRS» box"},
        "load_again_in_crs": {
            "vi": "ghi {crs} vào ô «Hệ tọa độ» rồi kiểm tra lại",
            "en": "write {crs} in the «CRS» box and check the file again",
        },
        "load_again_in_zone": {
            "vi": "ghi EPSG:{epsg} vào ô «Hệ tọa độ» rồi kiểm tra lại",
            "en": "write EPSG:{epsg} in the «CRS» box and check the file again",
        },
        "confirm_steps_back": {
            "vi": "hãy bấm nút Nạp ở cuối trang (màu hổ phách, ghi số dự án lùi lại)",
            "en": "press Load at the foot of the page (amber, naming how many go back)",
        },
        "retire_absent": {
            "vi": "hãy bấm «Nạp và rút {count} dự án này»",
            "en": "press «Load and retire these {count}»",
            "en_one": "press «Load and retire this project»",
        },
        # a refused file: its Load buttons are not shown, the message names none (trial 56)
        "retire_absent_once_fixed": {
            "vi": "hãy sửa tệp rồi kiểm tra lại: khi tệp nạp được, trang cho nạp kèm rút chúng khỏi danh mục",
            "en": "correct the file and check it again: once it can be loaded, the page offers to load it retiring "
            "them",
            "vi_one": "hãy sửa tệp rồi kiểm tra lại: khi tệp nạp được, trang cho nạp kèm rút dự án này khỏi danh mục",
            "en_one": "correct the file and check it again: once it can be loaded, the page offers to load it and "
            "retire the project",
        },
        # a file that changes nothing else and does not say its units: the page loads an export to retire alone
        "retire_absent_unchanged": {
            "vi": "hãy xuất dự án của các đơn vị đó ({export}), xóa dòng của các dự án đã bị bỏ rồi kiểm tra tệp "
            "xuất: trang sẽ cho «Nạp và rút» chúng; hoặc nhờ quản trị viên nạp tệp này bằng dòng lệnh, kèm rút các dự "
            "án không có trong tệp. Tệp này không thay đổi gì khác và không nói là danh mục của đơn vị nào, nên trang "
            "không nạp nó chỉ để rút dự án",
            "en": "export those units' projects ({export}), delete the rows of the projects dropped and check the "
            "export: the page then offers to «Load and retire» them; or have the administrator load this file on the "
            "command line, retiring the projects not in it. This file changes nothing else and does not say which "
            "units it lists, so the page does not load it only to retire projects",
        },
        "clean_borders": {
            "vi": "hãy đánh dấu ô «Làm sạch ranh giới chung giữa các đơn vị» rồi kiểm tra lại: mỗi dải chồng lấn và "
            "khe hở hẹp được giao cho một đơn vị, và báo cáo nêu mỗi đơn vị thay đổi bao nhiêu",
            "en": "tick «Clean the borders shared between units» and check the file again: each overlap and thin gap "
            "goes to one unit, and the report says how much each unit changes",
        },
        "clean_option": {
            "vi": "ô «Làm sạch ranh giới chung giữa các đơn vị»",
            "en": "the «Clean the borders shared between units» box",
        },
        "tolerance_option": {
            "vi": "ô «Mỗi đơn vị thay đổi tối đa (%)»",
            "en": "the «Most a unit may change (%)» box",
        },
        "raise_tolerance": {
            "vi": "ghi {needed} vào ô «Mỗi đơn vị thay đổi tối đa (%)» rồi kiểm tra lại",
            "en": "write {needed} in the «Most a unit may change (%)» box and check the file again",
        },
        "keep_changed": {
            "vi": "hoặc bấm «Nạp phần còn lại, giữ các dự án đã thay đổi»",
            "en": "or press «Load the rest, keeping the projects changed»",
        },
        "keep_changed_once_fixed": {
            "vi": "hoặc, khi đã sửa các lỗi khác và kiểm tra lại tệp, bấm «Nạp phần còn lại, giữ các dự án đã thay "
            "đổi»",
            "en": "or, once the other errors are mended and the file checked again, press «Load the rest, keeping the "
            "projects changed»",
        },
    },
}

#: Where the messages being said are read: the command line's, unless a load from the page (:func:`read_on_the_page`).
_READ_ON: ContextVar[str] = ContextVar("read_on", default=COMMAND_LINE)

P = ParamSpec("P")
R = TypeVar("R")


def read_on_the_page(run: Callable[P, R]) -> Callable[P, R]:
    """``run`` (an upload's check or load) says its messages in the /upload page's words. A context, not an argument:
    the messages are said deep in the checks, which the command line runs alike."""

    @wraps(run)
    def on_the_page(*args: P.args, **kwargs: P.kwargs) -> R:
        token = _READ_ON.set(PAGE)
        try:
            return run(*args, **kwargs)
        finally:
            _READ_ON.reset(token)

    return on_the_page


def options_named(template: str) -> dict[str, dict[str, str]]:
    """The options ``template`` names (its blanks that are options), each with its words in each language where the
    message is being said."""
    words = OPTIONS[_READ_ON.get()]
    return {name: words[name] for _, name, _, _ in string.Formatter().parse(template) if name in words}
