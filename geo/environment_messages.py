"""What ``georeg forest …`` and ``georeg salinity …`` say, in Vietnamese and English (geo.said): their refusals
(geo.forest, geo.salinity) and their answers. The forest statistics spoke English only (session 56's engineers)."""

from __future__ import annotations

from typing import Any

from geo.said import Said, fill

MESSAGES: dict[str, dict[str, str]] = {
    "no_raster": {
        "vi": "không có ảnh raster số {raster}; hãy đăng ký tệp GeoTIFF bằng georeg ingest TỆP.tif --into … (lệnh đó "
        "in số của ảnh); chưa thay đổi gì",
        "en": "no raster_dataset {raster}; register the GeoTIFF with georeg ingest FILE.tif --into … (it prints the "
        "number); nothing was changed",
    },
    "not_forest": {
        "vi": "ảnh raster {raster} là ảnh {theme}, không phải ảnh che phủ rừng; hãy chọn --raster của một ảnh nạp "
        "--into forest; chưa thay đổi gì",
        "en": "raster {raster} is a {theme} raster, not forest cover; give the --raster of one loaded --into forest; "
        "nothing was changed",
    },
    "not_salinity": {
        "vi": "ảnh raster {raster} là ảnh {theme}, không phải ảnh độ mặn; hãy chọn --raster của một ảnh nạp "
        "--into salinity; chưa thay đổi gì",
        "en": "raster {raster} is a {theme} raster, not a salinity raster; give the --raster of one loaded "
        "--into salinity; nothing was changed",
    },
    "forest_no_year": {
        "vi": "ảnh raster {raster} không có năm; hãy đăng ký lại với --year; chưa thay đổi gì",
        "en": "raster {raster} has no year; register it again with --year; nothing was changed",
    },
    "salinity_no_period": {
        "vi": "ảnh raster {raster} không có kỳ hay năm; hãy đăng ký lại với --period hoặc --year; chưa thay đổi gì",
        "en": "raster {raster} has no period or year; register it again with --period or --year; nothing was changed",
    },
    "no_provinces": {
        "vi": "chưa nạp tỉnh cũ nào để {what}; hãy chạy georeg load-sample trước; chưa thay đổi gì",
        "en": "no former province is loaded to {what}; run georeg load-sample first; nothing was changed",
    },
    "raster_no_crs": {
        "vi": "{name}: ảnh raster không có hệ tọa độ; hãy thêm (gdal_edit.py -a_srs EPSG:...) rồi nạp lại; chưa "
        "thay đổi gì",
        "en": "{name}: the raster has no CRS; add one (gdal_edit.py -a_srs EPSG:...) and load it again; nothing was "
        "changed",
    },
    "raster_unreadable": {
        "vi": "không đọc được ảnh raster: {detail}; chưa thay đổi gì",
        "en": "the raster cannot be read: {detail}; nothing was changed",
    },
    "derived_zone_overlaps_load": {
        "vi": "vùng cấp {zone_class} lấy từ ảnh raster {raster} chồng lên một vùng cùng kỳ {period} đã nạp ở lượt nạp "
        "{job} ({file}): các vùng một kỳ phải không chồng nhau, nếu không diện tích bị tính hai lần; nếu ảnh này thay "
        "tệp đó, hãy gỡ lượt nạp đó (georeg salinity remove --job {job}) rồi chạy lại; chưa ghi vùng nào",
        "en": "the {zone_class} zone derived from raster {raster} overlaps a zone of period {period} loaded as job "
        "{job} ({file}): zones of one period must not overlap, or their area is counted twice; if this raster "
        "replaces that file, remove that load (georeg salinity remove --job {job}) and run this again; no zone was "
        "written",
    },
    "zones_written": {
        "vi": "đã ghi vùng mặn kỳ {period} theo cấp (số điểm ảnh): {classes}",
        "en": "salinity zones of period {period} written per class (pixels): {classes}",
    },
    "forest_stats_written": {
        "vi": "đã tính che phủ rừng năm {year} (ảnh raster {raster}); số đơn vị có số liệu: {count}",
        "en": "forest cover of {year} computed (raster {raster}); units with figures: {count}",
    },
    "forest_stats_failed": {
        "vi": "không tính được che phủ rừng năm {year} (ảnh raster {raster}): {reason}; quản trị viên có thể chạy "
        "georeg forest stats --raster {raster}",
        "en": "the forest cover of {year} could not be computed (raster {raster}): {reason}; an administrator can run "
        "georeg forest stats --raster {raster}",
    },
    "province_cover": {
        "vi": "{name}: rừng {forest_ha} ha, che phủ {cover} %",
        "en": "{name}: forest {forest_ha} ha, cover {cover} %",
    },
    "province_partly_covered": {
        "vi": "{name}: không có số liệu, ảnh chỉ phủ {covered} % diện tích",
        "en": "{name}: no data, the raster covers {covered} % of it",
    },
    "province_not_covered": {
        "vi": "{name}: không có số liệu, ảnh không phủ tỉnh này",
        "en": "{name}: no data, the raster does not cover it",
    },
    "demo_registered": {
        "vi": "ảnh rừng MINH HỌA (tổng hợp, không quan trắc) số {raster} tại {path}; số đơn vị có số liệu: {count}",
        "en": "SYNTHETIC DEMO forest raster {raster} at {path}; units with figures: {count}",
    },
    "forest_remove_which": {
        "vi": "hãy nói gỡ ảnh nào: --raster SỐ (georeg forest list in số của các ảnh) hoặc --year NĂM, một trong hai; "
        "chưa thay đổi gì",
        "en": "say which raster to remove: --raster ID (georeg forest list prints them) or --year YEAR, one of the "
        "two; nothing was changed",
    },
    "forest_raster_unknown": {
        "vi": "không có ảnh che phủ rừng số {raster}; georeg forest list liệt kê các ảnh đã nạp và số của chúng; chưa "
        "thay đổi gì",
        "en": "no forest-cover raster {raster} is loaded; georeg forest list lists those loaded with their ids; "
        "nothing was changed",
    },
    "forest_year_none": {
        "vi": "không có ảnh che phủ rừng nào của năm {year}; georeg forest list liệt kê các ảnh đã nạp; chưa thay đổi "
        "gì",
        "en": "no forest-cover raster of {year} is loaded; georeg forest list lists those loaded; nothing was changed",
    },
    "forest_year_several": {
        "vi": "năm {year} có {count} ảnh che phủ rừng: {rasters}; hãy chọn một bằng --raster SỐ; chưa thay đổi gì",
        "en": "{year} has {count} forest-cover rasters: {rasters}; choose one with --raster ID; nothing was changed",
    },
    "forest_raster_named": {
        "vi": "ảnh {raster} ({title}, nạp lúc {at})",
        "en": "raster {raster} ({title}, loaded at {at})",
    },
    "forest_by_blank": {
        "vi": '--by: hãy ghi tên của bạn (hoặc tên tài khoản của bạn trong sổ đăng ký), ví dụ --by "Nguyễn Thị Lan"; '
        "chưa gỡ gì",
        "en": '--by: give your name (or your account in the registry), e.g. --by "Nguyen Thi Lan"; nothing was removed',
    },
    "forest_by_long": {
        "vi": "--by: tên dài {count} ký tự, quá {most}; hãy ghi tên của bạn, không ghi chú thích; chưa gỡ gì",
        "en": "--by: the name is {count} characters long, more than {most}; give your name, not a note; nothing was "
        "removed",
    },
    "forest_year_removed": {
        "vi": "không còn ảnh che phủ rừng nào của năm {year}: {removed}; không còn gì để gỡ",
        "en": "no forest-cover raster of {year} is left: {removed}; nothing is left to remove",
    },
    "forest_removal_named": {
        "vi": "ảnh {raster} ({title}) đã được gỡ lúc {at}, bằng dòng lệnh ({by})",
        "en": "raster {raster} ({title}) was removed at {at}, from the command line ({by})",
    },
    "forest_already_removed": {
        "vi": "ảnh che phủ rừng {raster} ({title}; năm {year}) đã được gỡ rồi, lúc {at}, bằng dòng lệnh ({by}); "
        "không còn gì để gỡ",
        "en": "forest-cover raster {raster} ({title}; year {year}) was already removed, at {at}, from the command line "
        "({by}); nothing is left to remove",
    },
    "forest_to_remove": {
        "vi": "sẽ gỡ ảnh che phủ rừng {raster}: {title}; năm {year}, nạp lúc {at}, cùng số liệu che phủ của {count} "
        "đơn vị; {file}",
        "en": "this removes forest-cover raster {raster}: {title}; year {year}, loaded at {at}, with the cover "
        "figures of {count} units; {file}",
    },
    "forest_file_ours": {
        "vi": "tệp {path} do sổ đăng ký chép vào thư mục ảnh, sẽ bị xóa",
        "en": "its file {path}, which the registry copied into its raster folder, is deleted",
    },
    "forest_file_not_ours": {
        "vi": "tệp {path} được giữ nguyên: sổ đăng ký không ghi tệp này",
        "en": "its file {path} is kept: the registry did not write it",
    },
    "forest_file_not_named_ours": {
        "vi": "tệp {path} được giữ nguyên: tên tệp không mang tên sổ đăng ký này ({mark}), nên có thể một sổ đăng ký "
        "khác dùng chung thư mục ảnh cũng đăng ký nó (tệp nạp trước khi mỗi sổ đăng ký có tên tệp riêng); khi mọi "
        "sổ đăng ký dùng thư mục này đều đã gỡ ảnh này (georeg forest list ở từng sổ), hãy tự xóa tệp",
        "en": "its file {path} is kept: its name does not carry this registry's ({mark}), so another registry "
        "sharing the raster folder may register it too (loaded before each registry named its own files); once "
        "every registry using this folder has removed this raster (georeg forest list in each), delete it by hand",
    },
    "forest_file_shared": {
        "vi": "tệp {path} được giữ nguyên: ảnh raster {other} cũng dùng tệp này",
        "en": "its file {path} is kept: raster {other} uses it too",
    },
    "forest_removed": {
        "vi": "đã gỡ ảnh che phủ rừng {raster} ({title}; năm {year}) cùng số liệu che phủ của {count} đơn vị",
        "en": "removed forest-cover raster {raster} ({title}; year {year}) with the cover figures of {count} units",
    },
    "forest_map_draws": {
        "vi": "lớp che phủ rừng của bản đồ giờ vẽ năm {year} (ảnh {raster})",
        "en": "the map's forest-cover layer now draws {year} (raster {raster})",
    },
    "forest_map_empty": {
        "vi": "bản đồ không còn ảnh che phủ rừng nào để vẽ",
        "en": "the map has no forest-cover raster left to draw",
    },
    "forest_value_from": {
        "vi": "giá trị che phủ rừng năm {year} của kế hoạch {plan} giờ lấy từ ảnh {raster} còn lại của năm đó",
        "en": "plan {plan}'s forest-cover value of {year} now comes from raster {raster}, the one left for that year",
    },
    "forest_value_withdrawn": {
        "vi": "giá trị che phủ rừng năm {year} của kế hoạch {plan} tính từ ảnh này đã bị rút lại (lịch sử chỉ tiêu "
        "ghi lại việc này); năm {year} không còn giá trị nào: hãy nhập giá trị đúng trên trang /monitoring, hoặc nạp "
        "ảnh đúng của năm đó",
        "en": "plan {plan}'s forest-cover value of {year} computed from it is withdrawn (the indicator's history "
        "records it); {year} holds no value now: enter the right one on /monitoring, or load the year's right raster",
    },
    "forest_value_restored": {
        "vi": "giá trị che phủ rừng năm {year} của kế hoạch {plan} tính từ ảnh này đã bị rút lại (lịch sử chỉ tiêu "
        "ghi lại việc này); giá trị hiện hành lại là {value} do {by} nhập lúc {at}",
        "en": "plan {plan}'s forest-cover value of {year} computed from it is withdrawn (the indicator's history "
        "records it); the current value is again {value}, entered by {by} at {at}",
    },
    "forest_file_deleted": {
        "vi": "đã xóa tệp {path}",
        "en": "deleted the file {path}",
    },
    "forest_file_not_deleted": {
        "vi": "không xóa được tệp {path} ({detail}); ảnh đã được gỡ, có thể xóa tệp bằng tay",
        "en": "the file {path} could not be deleted ({detail}); the raster is removed, the file can be deleted by hand",
    },
}


#: A raster's theme as the messages name it.
THEMES = {"salinity": Said("độ mặn", "salinity"), "forest_cover": Said("che phủ rừng", "forest cover")}


def said(key: str, **blanks: Any) -> Said:
    """The message ``key`` with its blanks filled, numbers written as each language writes them."""
    return fill(MESSAGES, key, **blanks)
