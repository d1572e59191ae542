"""The upload page (/upload): GIS staff send a file, read the preview report, then commit it. Vietnamese or English.

The page talks to the same API as any client (POST /api/uploads, POST /api/jobs/{id}/commit) with the bearer token
kept in the browser, like the field status report form (/status-report); it loads nothing from outside the app.
"""

from __future__ import annotations

from typing import Any

from geo import vocab
from geo.accounts import LOADER_ROLES, ROLE_NAMES
from geo.field_titles import project_field_titles
from geo.ingest.messages import WHERE
from geo.ingest.report import STEPS_BACK_TOLD
from geo.ingest.sniff import FORMAT_NAMES
from geo.ingest.targets import TARGETS
from geo.said import LANGS, and_more
from geo.vocab import BOUNDARY_SCHEMES, PROJECT_KINDS, SCHEME_DAYS, UNIT_LEVELS
from layers.catalog import SALINITY_ZONES, UNIT_FIELDS
from maps.form_pages import options_html, render_form_page
from maps.status_import_page import STATUS_FILE_PAGE
from maps.texts import MAP_TEXT, PAGE_TEXT

SALINITY_CLASSES = ("0-2", "2-4", "4-8", "8-16", "16+")
ENCODINGS = {"utf-8": "UTF-8", "cp1258": "Windows-1258 (cp1258)", "tcvn3": "TCVN3 (ABC)", "vni": "VNI-Windows"}

#: What a file of features takes (not a GeoTIFF: it has its own CRS, no text, and is registered, not appended or
#: updated): the mode, a kind (level, class) for features without one, the province (whose TM-3 zone a file without
#: a .prj is read in; a project's where the file names none), the CRS, the encoding, whether "nội bộ" data are
#: official.
VECTOR_BOXES = ("mode", "kind", "province", "crs", "encoding", "official_vn2000")
#: The form's boxes each target takes, besides the file and «Nạp vào» (every target's): the page shows and sends
#: these alone. The others would be ignored (a scheme, a year or a source for projects), or refused (a status day
#: for units or salinity, a CRS for a forest raster). A trial's officer scrolled past every target's boxes on a phone.
#: Salinity takes zones and rasters alike, so the boxes of both; a forest raster, a raster's alone (year, title and
#: source: geo.ingest.raster).
TARGET_BOXES = {
    "projects": (*VECTOR_BOXES, "status_as_of"),
    "units": (*VECTOR_BOXES, "scheme", "source", "clean_borders", "border_tolerance"),
    "salinity": (*VECTOR_BOXES, "period", "year", "title", "source"),
    "forest": ("year", "title", "source"),
}

LABELS = {
    "vi": {
        "title": "Tải dữ liệu GIS lên",
        "other_lang": "English",
        "intro": "Shapefile (nén .zip), GeoPackage, GeoJSON, KML, CSV hoặc Excel (.xlsx) có cột tọa độ, bảng tình "
        "trạng (CSV, .xlsx) hoặc GeoTIFF. Tệp được kiểm tra "
        "trước (không ghi gì); xem báo cáo rồi bấm Nạp dữ liệu. Cần tài khoản vai trò gis.",
        "token": "Mã truy cập (token) — để trống nếu đã đăng nhập",
        "file": "Tệp",
        "into": "Nạp vào",
        "mode": "Cách nạp",
        "kind": "Loại (dự án) / cấp (đơn vị) / cấp mặn",
        "scheme": "Ranh giới (đơn vị hành chính)",
        "province": "Tỉnh",
        "period": "Kỳ (độ mặn)",
        "status_as_of": "Tình trạng trong tệp tính đến ngày (dự án; bỏ trống: hôm nay)",
        "year": "Năm (ảnh raster)",
        "raster_title": "Tên ảnh (ảnh raster; bỏ trống: theo tên tệp)",
        "source": "Nguồn dữ liệu",
        "crs": "Hệ tọa độ (bỏ trống: tự nhận)",
        "encoding": "Bảng mã (bỏ trống: tự nhận)",
        "official_vn2000": 'Dữ liệu "nội bộ" (không dịch chuyển) là VN-2000 chính thức',
        "clean_borders": "Làm sạch ranh giới chung giữa các đơn vị",
        "clean_borders_hint": "mỗi dải chồng lấn, khe hở hẹp (dưới ~110 m) giữa các đơn vị liền kề được giao cho một "
        "đơn vị; báo cáo nêu mỗi đơn vị thay đổi bao nhiêu",
        "border_tolerance": "Mỗi đơn vị thay đổi tối đa (%)",
        "preview": "Kiểm tra tệp",
        "samples": "Dòng mẫu (như sẽ lưu)",
        "samples_stored": "Dòng mẫu (như đã lưu)",
        "samples_refused": "Dòng mẫu (như đọc từ tệp; không lưu gì)",
        "changed": "Những gì thay đổi ở các dự án cập nhật",
        "fields_changed": "Trong cả tệp, số dự án thay đổi theo trường: {fields}",
        "warnings": "Cảnh báo",
        "errors": "Lỗi",
        "commit": "Nạp dữ liệu",
        "recheck": "Kiểm tra lại tệp",
        "keep_changed": "Nạp phần còn lại, giữ các dự án đã thay đổi",
        "column_choices": "Cột hệ thống không tự nhận ra",
        "column_choices_intro": "Cột nào chứa một trường của hệ thống dưới tên khác thì chọn trường đó (như --map của "
        "dòng lệnh), rồi kiểm tra lại; cột để «không nạp» thì bỏ qua.",
        "recheck_columns": "Kiểm tra lại với các cột đã chọn",
        "waiting": "Tệp đã kiểm tra, chờ nạp",
        "auto": "(tự nhận)",
        "any": "(không chọn)",
        "targets": {
            "projects": "Dự án",
            "units": "Đơn vị hành chính",
            "salinity": "Vùng / ảnh độ mặn",
            "forest": "Ảnh độ che phủ rừng (GeoTIFF)",
        },
        "modes": {"append": "Thêm mới", "upsert": "Cập nhật theo mã", "replace": "Thay thế (độ mặn cùng kỳ)"},
        "js": {
            "formats": FORMAT_NAMES["vi"],
            "choose_file": "Chọn tệp",
            "no_file": "chưa chọn tệp",
            **WHERE["vi"],  # where a problem is: "lớp x, đối tượng 3, …", as geo.ingest.report says it
            "and_more": and_more("{count}").vi,
            "none": "Không có",
            "show_rest": "Xem {count} mục còn lại",
            # an account that loads no files, logged in: said at once, with where its reports go (trial s71)
            "not_loader": "Tài khoản của bạn có vai trò {role}: trang này nạp tệp GIS, việc của vai trò gis hoặc quản "
            "trị (hỏi quản trị viên nếu bạn cần). Báo cáo tiến độ một dự án:",
            "report_form": "biểu mẫu báo cáo tiến độ",
            "status_file": "; nhiều dự án cùng lúc theo vị trí, từ một tệp CSV hoặc Excel:",
            "job": "Lượt nạp",
            "format": "Định dạng",
            "layers": "Lớp",
            "header_row": "Dòng tiêu đề",
            "columns_read": "Cột → trường",
            "column_not_loaded": "(không nạp)",
            "crs": "Hệ tọa độ",
            "encoding": "Bảng mã",
            "provinces_read": "Mã tỉnh",
            "sites_kept": "Vị trí",
            "features": "Số đối tượng",
            "written": "Đã ghi",
            "changes": "Dự án",
            "changes_if_loaded": "Dự án, nếu nạp",
            "named_new": "Dự án mới",
            "named_updated": "Dự án cập nhật",
            "changed_first": "{shown} dự án đầu tiên trong tệp trong {total} dự án cập nhật; dự án lùi lại trước, rồi "
            "theo mã",
            "changed_all": "dự án cập nhật: {total}; dự án lùi lại trước, rồi theo mã",
            "now": "hiện có",
            "in_file": "trong tệp",
            "empty": "(trống)",
            "geometry_types": {
                "POINT": "điểm",
                "MULTIPOINT": "nhiều điểm",
                "LINESTRING": "tuyến",
                "MULTILINESTRING": "nhiều tuyến",
                "POLYGON": "vùng",
                "MULTIPOLYGON": "nhiều vùng",
            },
            "changes_told": "{new} mới · {updated} cập nhật "
            "({status_changed} đổi tình trạng hoặc %) · {unchanged} không đổi",
            # a file of an earlier day's statuses, added to the projects' history: counted apart, where there are any
            "changes_told_history": "{new} mới · {updated} cập nhật ({status_changed} đổi tình trạng hoặc %) · "
            "{history_added} thêm vào lịch sử (tình trạng hiện tại mới hơn, giữ nguyên) · {unchanged} không đổi",
            # ... in the bar of Load, on two lines of a phone (trial 72: four); the report's facts say it whole
            "changes_told_history_bar": "{new} mới · {updated} cập nhật · {history_added} vào lịch sử · "
            "{unchanged} không đổi",
            # a units load's words where a projects load's name projects (the report's rows, the changes' heading)
            "of_units": {
                "changes": "Đơn vị",
                "changes_if_loaded": "Đơn vị, nếu nạp",
                "named_new": "Đơn vị mới",
                "named_updated": "Đơn vị cập nhật",
                "changed": "Những gì thay đổi ở các đơn vị cập nhật",
                "changed_first": "{shown} đơn vị đầu tiên trong tệp trong {total} đơn vị cập nhật, theo mã",
                "changed_all": "đơn vị cập nhật: {total}, theo mã",
                "changes_told": "{new} mới · {updated} cập nhật · {unchanged} không đổi",
            },
            "theme": "Chủ đề ảnh",
            "themes": {"forest_cover": "Che phủ rừng", "salinity": "Độ mặn"},
            "raster_title": "Tên ảnh",
            "forest_stats": "Che phủ rừng theo đơn vị",
            "year": "Năm / kỳ",
            "status_as_of": "Tình trạng tính đến ngày",
            "source": "Nguồn",
            # a raster's size and its pixels' (trial 64: "725 × 549,0", "0 đối tượng", "Ảnh thu nhỏ: 2, 4")
            "size": "Kích thước",
            "pixels_told": "{width} × {height} điểm ảnh, {bands} kênh",
            "pixel_size": "Kích thước một điểm ảnh",
            "units": {"metre": "m", "degree": "độ", "US survey foot": "ft"},
            "overviews": "Ảnh thu nhỏ (overview)",
            "overviews_told": "{factors} ({count} mức)",
            "checking": "Đang kiểm tra tệp…",
            "would_load": "Tệp hợp lệ: xem báo cáo rồi bấm Nạp dữ liệu. Chưa có gì được ghi.",
            # every project the file puts back, where the warning names the first five (trial s71: 5 of 258)
            "steps_back_list": "Tải danh sách đủ (CSV)",
            # a file that puts projects back: valid, but Load is their confirmation (trial 72: said in green)
            "would_load_back": "Tệp hợp lệ, nhưng đưa {count} dự án lùi lại, cần bạn xác nhận: xem cảnh báo đầu tiên; "
            "nếu tệp đúng, bấm «Nạp, đưa … lùi lại» ở cuối trang. Chưa có gì được ghi.",
            "nothing_to_load": "Không có gì để nạp: mọi đối tượng trong tệp đều giống như đang lưu trong hệ thống. "
            "Chưa có gì được ghi.",
            "refused": "Tệp không nạp được: sửa các lỗi bên dưới rồi tải lại. Không có gì thay đổi.",
            "refused_stale": "Tệp xuất đã cũ nên không nạp nguyên tệp được (xem bên dưới). Không có gì thay đổi.",
            "loading": "Đang nạp…",
            "waiting_for_load": "Đang chờ lượt nạp trước xong…",
            # a stale export refused: what «Nạp phần còn lại…» would do, before it is chosen (trial 59)
            "refused_otherwise": "Nạp phần còn lại, giữ nguyên {kept} dự án đã thay đổi như hệ thống đang có, sẽ "
            "cho: {changes}.",
            "refused_otherwise_one": "Nạp phần còn lại, giữ nguyên 1 dự án đã thay đổi như hệ thống đang có, sẽ "
            "cho: {changes}.",
            "changed_otherwise": "Những gì nạp phần còn lại sẽ thay đổi (các dự án đã thay đổi được giữ nguyên)",
            # a check whose file a later job loaded or checked again: not to be loaded (trial 59: still «chờ nạp»)
            "loaded_by": "đã nạp bằng lượt nạp {job} lúc {when}, {who}; không còn chờ nạp",
            "replaced_by": "đã được thay bằng lượt kiểm tra mới hơn của cùng tệp, lượt nạp {job}",
            # said at once in the tab whose check was replaced, with the newer one to open (trial 62: "press Load",
            # no Load shown, the officer waited two minutes)
            "replaced_check": "Lượt kiểm tra này đã được thay bằng lượt kiểm tra mới hơn của cùng tệp (lượt nạp {job}, "
            "ở thẻ khác hoặc của đồng nghiệp): hãy mở lượt đó để nạp. Lượt này không được nạp.",
            # pressed Load after the other tab loaded it: not "refused, press «Load the rest…»" (trial 64)
            "loaded_check": "Tệp này đã được nạp bằng lượt nạp {job} — một lượt kiểm tra khác của cùng tệp (ở thẻ khác "
            "hoặc của đồng nghiệp) — lúc {when}, {who}. Không cần nạp lại: lượt kiểm tra này không nạp gì và không còn "
            "chờ nạp. Bấm «Mở lượt nạp {job}» để xem những gì đã nạp.",
            "loaded_by_account": "do {account} nạp",
            "loaded_by_command_line": "nạp từ dòng lệnh",
            "open_job": "Mở lượt nạp {job}",
            "no_longer_waiting": "Không còn chờ nạp: đã nạp hoặc đã kiểm tra lại ({count})",
            # Load of a file that puts projects back says so and asks first (trial s73: a green Load over 9,779
            # projects put back to 0 %, the amber words at the top of a long report)
            "commit_back": "Nạp, đưa {count} dự án lùi lại",
            "back_confirm": "Nạp tệp sẽ đưa {count} dự án lùi lại so với tình trạng hiện nay ({codes}{more}): "
            "giai đoạn trước đó hoặc % hoàn thành thấp hơn, ghi thành báo cáo của lần nạp. Danh sách đủ: cảnh báo đầu "
            "tiên. Nạp?",
            "commit_retiring": "Nạp và rút {count} dự án này",
            "commit_retiring_one": "Nạp và rút 1 dự án này",
            "retire_confirm": "Nạp tệp và rút khỏi danh mục {count} dự án {scope} không có trong tệp ({codes}{more})? "
            "Chúng sẽ không còn trên bản đồ, danh sách và báo cáo; chỉ quản trị viên khôi phục được từng dự án.",
            "retire_confirm_one": "Nạp tệp và rút khỏi danh mục 1 dự án {scope} không có trong tệp ({codes}{more})? "
            "Dự án này sẽ không còn trên bản đồ, danh sách và báo cáo; chỉ quản trị viên khôi phục được.",
            "retire_confirm_more": " và {count} dự án khác",
            "retire_careful": "Chú ý: {count} dự án trong số này do người khác nạp hôm nay: xem cảnh báo chữ đỏ ở "
            "trên và hỏi người đã nạp trước khi rút",
            "retire_careful_one": "Chú ý: 1 dự án trong số này do người khác nạp hôm nay: xem cảnh báo chữ đỏ ở "
            "trên và hỏi người đã nạp trước khi rút",
            "retire_scope_units": "của các đơn vị mà tệp bao gồm (mã {codes})",
            "retire_scope_provinces": "của tỉnh {codes}",
            "loaded": "Đã nạp {count} đối tượng ({job} {id}).",
            "loaded_reload": "Đã nạp tệp ({features} đối tượng): ghi {count} đối tượng mới hoặc thay đổi, các đối "
            "tượng khác giữ nguyên ({job} {id}).",
            "registered": "Đã đăng ký ảnh «{title}» (ảnh raster số {id}, {job} {job_id}).",
            # a forest raster's statistics follow its commit (geo.forest_stats_queue), as a projects load's shares do
            "forest_computing": "Đang tính che phủ rừng của các đơn vị từ ảnh này…",
            "forest_computed": "Đã tính che phủ rừng năm {year} cho {count} đơn vị: xem trang đơn vị và báo cáo năm.",
            "forest_still": "Che phủ rừng của các đơn vị vẫn đang được tính; trang đơn vị sẽ có số liệu khi tính xong.",
            # a raster job's heading when its figures could not be computed, not "đã nạp" alone (trial 65, F2)
            "committed_no_forest": "đã nạp, nhưng không tính được che phủ rừng",
            "not_loaded": "Không nạp, không có gì thay đổi:",
            "login": "Cần mã truy cập hợp lệ của tài khoản gis.",
            "offline": "Không gửi được, hãy thử lại",
            "features_done": "đối tượng",
            "feature_one": "đối tượng",
            "geometry": "Hình học (WKT)",
            "level": "Cấp đơn vị",
            "parent_code": "Mã đơn vị cấp trên",
            "stepped_back": "↩ lùi lại",
            "stepped_back_title": "Tệp đưa dự án này lùi lại so với hệ thống: giai đoạn trước đó, hoặc % thấp hơn "
            "(xem cảnh báo)",
            "warnings_told": "{count} cảnh báo",
            "warning_told": "1 cảnh báo",
            "duplicates": "Có thể trùng",
            "duplicates_told": "{count} có thể trùng dự án đã có",
            "repeats_told": "{count} có thể trùng đối tượng trước đó của tệp",
            "about_features": "{features} đối tượng có cảnh báo riêng",
            "about_feature": "1 đối tượng có cảnh báo riêng",
            "samples_wide": "{count} cột: kéo ngang trong bảng để xem hết; cột mã đứng yên",
            "open": "Mở",
            "discard": "Bỏ",
            "discard_title": "Bỏ tệp đã kiểm tra này (không nạp): ví dụ khi đã kiểm tra lại với lựa chọn khác",
            "discarded": "Đã bỏ lượt nạp {id}: tệp đã xóa, không nạp gì.",
            "discard_confirm": "Bỏ lượt nạp {id} ({file})? Tệp đã tải lên sẽ bị xóa; muốn nạp thì phải tải lên lại.",
            "checked_unchanged": "đã kiểm tra: tệp không thay đổi gì, không có gì để nạp",
            "states": {
                "pending": "đang chờ",
                "running": "đang kiểm tra",
                "previewed": "đã kiểm tra, chờ nạp",
                "checked": "đã kiểm tra, không có gì để nạp (chạy thử bằng dòng lệnh, hoặc tệp không thay đổi gì): "
                "không giữ tệp",
                "committing": "đang nạp",
                "committed": "đã nạp",
                "failed": "không nạp được",
                "expired": "hết hạn, tệp đã được xóa",
            },
        },
    },
    "en": {
        "title": "Upload GIS data",
        "other_lang": "Tiếng Việt",
        "intro": "Zipped shapefile, GeoPackage, GeoJSON, KML, CSV or Excel (.xlsx) with coordinate columns, status "
        "sheets (CSV, .xlsx) or GeoTIFF. The file is "
        "checked first (nothing is written); read the report, then press Load. Needs an account with the gis role.",
        "token": "Access token — empty when logged in",
        "file": "File",
        "into": "Load into",
        "mode": "Mode",
        "kind": "Kind (projects) / level (units) / class (salinity)",
        "scheme": "Boundary scheme (units)",
        "province": "Province",
        "period": "Period (salinity)",
        "status_as_of": "The file's statuses as of (projects; empty: today)",
        "year": "Year (rasters)",
        "raster_title": "Title (rasters; blank: from the file's name)",
        "source": "Source of the data",
        "crs": "CRS (empty: detected)",
        "encoding": "Text encoding (empty: detected)",
        "official_vn2000": '"Nội bộ" (zero-shift) data are official VN-2000',
        "clean_borders": "Clean the borders shared between units",
        "clean_borders_hint": "each overlap and thin gap (under ~110 m) between neighbours goes to one unit; the "
        "report says how much each unit changes",
        "border_tolerance": "Most a unit may change (%)",
        "preview": "Check the file",
        "samples": "Sample rows (as they will be stored)",
        "samples_stored": "Sample rows (as stored)",
        "samples_refused": "Sample rows (as read from the file; nothing stored)",
        "changed": "What changes in the updated projects",
        "fields_changed": "In the whole file, projects changed by field: {fields}",
        "warnings": "Warnings",
        "errors": "Errors",
        "commit": "Load",
        "recheck": "Check the file again",
        "keep_changed": "Load the rest, keeping the projects changed",
        "column_choices": "Columns the registry did not recognise",
        "column_choices_intro": "Where a column holds a registry field under another name, choose that field (as the "
        "command line's --map), then check again; a column left «not loaded» is skipped.",
        "recheck_columns": "Check again with these columns",
        "waiting": "Checked files waiting to be loaded",
        "auto": "(detect)",
        "any": "(none)",
        "targets": {
            "projects": "Projects",
            "units": "Administrative units",
            "salinity": "Salinity zones / raster",
            "forest": "Forest-cover raster (GeoTIFF)",
        },
        "modes": {"append": "Append", "upsert": "Update by code", "replace": "Replace (salinity of the same period)"},
        "js": {
            "formats": FORMAT_NAMES["en"],
            "choose_file": "Choose a file",
            "no_file": "no file chosen",
            **WHERE["en"],  # where a problem is: "lớp x, đối tượng 3, …", as geo.ingest.report says it
            "and_more": and_more("{count}").en,
            "not_loader": "Your account's role is {role}: this page loads GIS files, which is for the gis role or an "
            "administrator (ask the administrator if you need it). To report a project's progress:",
            "report_form": "the status report form",
            "status_file": "; many projects at once by location, from a CSV or Excel file:",
            "none": "None",
            "show_rest": "Show the other {count}",
            "job": "Job",
            "format": "Format",
            "layers": "Layers",
            "header_row": "Header row",
            "columns_read": "Columns → fields",
            "column_not_loaded": "(not loaded)",
            "crs": "CRS",
            "encoding": "Text encoding",
            "provinces_read": "Province codes",
            "sites_kept": "Sites",
            "features": "Features",
            "written": "Written",
            "changes": "Projects",
            "changes_if_loaded": "Projects, if loaded",
            "named_new": "New projects",
            "named_updated": "Updated projects",
            "changed_first": "the file's first {shown} of {total} updated projects; those put back first, then by code",
            "changed_all": "updated projects: {total}; those put back first, then by code",
            "now": "now",
            "in_file": "in the file",
            "empty": "(empty)",
            "geometry_types": {
                "POINT": "point",
                "MULTIPOINT": "multipoint",
                "LINESTRING": "line",
                "MULTILINESTRING": "multiline",
                "POLYGON": "polygon",
                "MULTIPOLYGON": "multipolygon",
            },
            "changes_told": "{new} new · {updated} updated "
            "({status_changed} with another status or percent) · {unchanged} unchanged",
            "changes_told_history": "{new} new · {updated} updated ({status_changed} with another status or percent) · "
            "{history_added} added to history (the current status, newer, stays) · {unchanged} unchanged",
            "changes_told_history_bar": "{new} new · {updated} updated · {history_added} to history · "
            "{unchanged} unchanged",
            "of_units": {
                "changes": "Units",
                "changes_if_loaded": "Units, if loaded",
                "named_new": "New units",
                "named_updated": "Updated units",
                "changed": "What changes in the updated units",
                "changed_first": "the file's first {shown} of {total} updated units, by code",
                "changed_all": "updated units: {total}, by code",
                "changes_told": "{new} new · {updated} updated · {unchanged} unchanged",
            },
            "theme": "Raster theme",
            "themes": {"forest_cover": "Forest cover", "salinity": "Salinity"},
            "raster_title": "Title",
            "forest_stats": "Forest cover per unit",
            "year": "Year / period",
            "status_as_of": "Statuses as of",
            "source": "Source",
            "size": "Size",
            "pixels_told": "{width} × {height} pixels, {bands} bands",
            "pixels_told_one": "{width} × {height} pixels, 1 band",
            "pixel_size": "Pixel size",
            "units": {"metre": "m", "degree": "degrees", "US survey foot": "ft"},
            "overviews": "Overviews",
            "overviews_told": "{factors} ({count} levels)",
            "overviews_told_one": "{factors} (1 level)",
            "checking": "Checking the file…",
            "would_load": "The file would load: read the report, then press Load. Nothing has been written yet.",
            "steps_back_list": "Download the whole list (CSV)",
            "would_load_back": "The file is valid, but it puts {count} projects back, which needs your confirmation: "
            "read the first warning; if the file is right, press «Load, putting … back» at the foot. Nothing has been "
            "written yet.",
            "would_load_back_one": "The file is valid, but it puts 1 project back, which needs your confirmation: read "
            "the first warning; if the file is right, press «Load, putting 1 project back» at the foot. Nothing has "
            "been written yet.",
            "nothing_to_load": "Nothing to load: everything in the file is as the registry has it. Nothing has been "
            "written.",
            "refused": "The file cannot be loaded: fix the errors below and upload it again. Nothing changed.",
            "refused_stale": "The export is stale, so it cannot be loaded whole (see below). Nothing changed.",
            "loading": "Loading…",
            "waiting_for_load": "Waiting for the load before it…",
            "refused_otherwise": "Loading the rest, keeping the {kept} projects changed as the registry has them, "
            "would make: {changes}.",
            "refused_otherwise_one": "Loading the rest, keeping the project changed as the registry has it, would "
            "make: {changes}.",
            "changed_otherwise": "What loading the rest would change (the projects changed are kept as they are)",
            "loaded_by": "loaded by job {job} at {when}, {who}; no longer waiting",
            "replaced_by": "replaced by a newer check of the same file, job {job}",
            "replaced_check": "This check was replaced by a newer check of the same file (job {job}, in another tab "
            "or a colleague's): open that one to load it. This one is not loaded.",
            "loaded_check": "This file was already loaded by job {job} — another check of the same file (in another "
            "tab or a colleague's) — at {when}, {who}. No need to load it again: this check loads nothing and is no "
            "longer waiting. Press «Open job {job}» to see what was loaded.",
            "loaded_by_account": "by {account}",
            "loaded_by_command_line": "from the command line",
            "open_job": "Open job {job}",
            "no_longer_waiting": "No longer waiting: loaded or checked again ({count})",
            "commit_retiring": "Load and retire these {count}",
            "commit_retiring_one": "Load and retire this project",
            "commit_back": "Load, putting {count} projects back",
            "commit_back_one": "Load, putting 1 project back",
            "back_confirm_one": "Loading the file puts 1 project back from its state now ({codes}{more}): an "
            "earlier stage or a lower percent, recorded as the load's report. Load?",
            "back_confirm": "Loading the file puts {count} projects back from their state now ({codes}{more}): an "
            "earlier stage or a lower percent, recorded as the load's report. The whole list: the first warning. "
            "Load?",
            "retire_confirm": "Load the file and retire {count} projects {scope} not in it ({codes}{more})? They will "
            "be off the maps, lists and reports; only the administrator can restore them, one by one.",
            "retire_confirm_one": "Load the file and retire 1 project {scope} not in it ({codes}{more})? It will be "
            "off the maps, lists and reports; only the administrator can restore it.",
            "retire_confirm_more": " and {count} more",
            "retire_careful": "Careful: {count} of them were loaded today by someone else: read the warning in red "
            "above and ask who loaded them before retiring them",
            "retire_careful_one": "Careful: 1 of them was loaded today by someone else: read the warning in red above "
            "and ask who loaded it before retiring it",
            "retire_scope_units": "of the units the file covers (codes {codes})",
            "retire_scope_provinces": "of province {codes}",
            "loaded": "Loaded {count} features ({job} {id}).",
            "loaded_reload": "Loaded the file ({features} features): {count} new or changed written, the others left "
            "as they were ({job} {id}).",
            "registered": "Registered the raster «{title}» (raster {id}, {job} {job_id}).",
            "forest_computing": "Computing the units' forest cover from it…",
            "forest_computed": "Forest cover of {year} computed for {count} units: see the unit pages and the yearly "
            "report.",
            "forest_still": "The units' forest cover is still being computed; the unit pages will show it once done.",
            "committed_no_forest": "loaded, but the forest cover could not be computed",
            "not_loaded": "Not loaded, nothing changed:",
            "login": "A valid token of a gis account is needed.",
            "offline": "Could not send; try again",
            "features_done": "features",
            "feature_one": "feature",  # "1 feature", not "1 features" (trial 65, F10)
            "geometry": "Geometry (WKT)",
            "level": "Unit level",
            "parent_code": "Parent unit code",
            "stepped_back": "↩ back",
            "stepped_back_title": "The file puts this project back from the registry's state: an earlier stage, or a "
            "lower percent (see the warning)",
            "warnings_told": "{count} warnings",
            "warning_told": "1 warning",
            "duplicates": "May repeat",
            "duplicates_told": "{count} may repeat registered projects",
            "duplicate_told": "1 may repeat a registered project",
            "repeats_told": "{count} may repeat an earlier feature of the file",
            "about_features": "{features} features with warnings of their own",
            "about_feature": "1 feature with warnings of its own",
            "samples_wide": "{count} columns: scroll the table sideways to see them all; the code column stays",
            "open": "Open",
            "discard": "Discard",
            "discard_title": "Discard this checked file (nothing is loaded): e.g. once it was checked again with other "
            "choices",
            "discarded": "Discarded job {id}: its file removed, nothing loaded.",
            "discard_confirm": "Discard job {id} ({file})? The uploaded file is removed; to load it, upload it again.",
            "checked_unchanged": "checked: the file changes nothing, nothing to load",
            "states": {
                "pending": "waiting",
                "running": "being checked",
                "previewed": "checked, waiting to be loaded",
                "checked": "checked, nothing to load (a command-line --dry-run, or a file that changes nothing): no "
                "file kept",
                "committing": "being loaded",
                "committed": "loaded",
                "failed": "not loaded",
                "expired": "expired, the file was removed",
            },
        },
    },
}


def _kinds(lang: str) -> dict[str, dict[str, str]]:
    """What the kind box suggests for each target: project kinds, unit levels, salinity classes."""
    return {
        "projects": vocab.labels(PROJECT_KINDS, lang),
        "units": vocab.labels(UNIT_LEVELS, lang),
        "salinity": {c: f"{c} dS/m" for c in SALINITY_CLASSES},
    }


# The sample table's most useful columns first (the codes, names and vocabularies), the others after them.
FIRST_COLUMNS = (
    *("code", "name_vi", "kind", "status", "percent", "province_code", "location_precision"),
    *("level", "salinity_class", "period"),
)


def sample_columns(lang: str) -> dict[str, dict[str, str]]:
    """The sample table's headers per target, in the order they are shown: a project's field titles
    (geo.field_titles, as a load's messages name the fields), the layer catalog's for units and salinity zones, and
    the upload page's own for the rest. The command line's sample table (cli.ingest) is headed the same."""
    page, js = PAGE_TEXT[lang], LABELS[lang]["js"]
    project = project_field_titles(lang)
    del project["geom"]  # the sample rows give it as "geometry", its text
    unit = {f.key: getattr(f, lang) for f in UNIT_FIELDS} | {"level": js["level"], "parent_code": js["parent_code"]}
    unit["source"] = page["sources"]  # it was headed by its field name alone, on a Vietnamese page too
    salinity = SALINITY_ZONES.field_labels(lang)
    columns = {"projects": project, "units": unit, "salinity": salinity}
    for target, labels in columns.items():
        labels["geometry"] = js["geometry"]
        ordered = [k for k in FIRST_COLUMNS if k in labels] + [k for k in labels if k not in FIRST_COLUMNS]
        columns[target] = {k: labels[k] for k in ordered}
    return columns


def change_titles(lang: str, target: str = "projects") -> dict[str, str]:
    """The titles of the fields a reload's changes name (geo.ingest.project_writes.what_changes for projects,
    geo.ingest.unit_changes for units), as the sample table heads them."""
    columns, page = sample_columns(lang), PAGE_TEXT[lang]
    if target == "units":
        return columns["units"] | {"geom": page["boundary"]}
    return project_field_titles(lang)


def field_choices(lang: str) -> dict[str, dict[str, str]]:
    """The fields a column may be chosen for, per target (geo.ingest.targets), titled as the sample table heads them
    with the field's own name after it (as ``--map`` and the report name it): "Tên · name_vi"."""
    salinity = sample_columns(lang)["salinity"]
    titles = {"projects": change_titles(lang), "units": change_titles(lang, "units"), "salinity": salinity}
    titles["units"].setdefault("source", salinity["source"])
    return {
        target: {field: f"{titles[target][field]} · {field}" for field in kind.fields}
        for target, kind in TARGETS.items()
    }


def words_for(lang: str, target: str) -> dict[str, Any]:
    """The page's words for a report of a load into ``target``: a units load's own where they differ."""
    words = LABELS[lang]["js"] | {"changed": LABELS[lang]["changed"]}
    return words | (words["of_units"] if target == "units" else {})


def fields_changed_told(fields_changed: dict[str, list], target: str, lang: str) -> str:
    """Each field a reload changes over the whole file, by its title, with how many projects and the first codes:
    "Tên 26 (BL-1, BL-2…); Vị trí 22 (…)" ("" for none): a rename among thousands of status changes (trial 60). The
    command line prints it; /api/jobs gives it in both languages (:func:`report_for_the_page`) for /upload to show."""
    from geo.vi_format import local_number

    titles = change_titles(lang, target)
    order = [*titles, *sorted(set(fields_changed) - set(titles))]
    counted = [(name, *fields_changed[name]) for name in order if name in fields_changed]
    if not counted:
        return ""
    summary = "; ".join(
        f"{titles.get(name, name)} {local_number(count, lang, 0)} ({', '.join(codes)}{'…' * (count > len(codes))})"
        for name, count, codes in counted
    )
    return LABELS[lang]["fields_changed"].format(fields=summary)


def report_for_the_page(report: dict[str, Any] | None) -> dict[str, Any] | None:
    """A job's report as /upload shows it: with its per-field counts told in both languages (fields_changed_told),
    said once here for the page and the command line alike; without the whole list of the projects it puts back,
    which /api/jobs/{id}/steps-back.csv gives (a reload putting 22,500 back answered 7 MB at each read of its job)."""
    if not report:
        return report
    fields, target = report.get("fields_changed") or {}, report.get("target") or "projects"
    shown = {name: value for name, value in report.items() if name != "steps_back_list"}
    return shown | {"fields_changed_told": {lang: fields_changed_told(fields, target, lang) for lang in LANGS}}


def warnings_told(lang: str, count: int, features: int | None) -> str:
    """How many warnings (each one message of one feature or many, as listed), "12 warnings, 100,000 features with
    warnings of their own", and how many features a warning names by its number (a warning of the whole file, such as
    the statuses it lacks, names none), as the command line, /upload and its list of waiting files all say it
    (``features`` None: an older job's report, which did not count them). The page's script says it so
    (warningsTold); /api/jobs gives both numbers (warning_count, features_warned)."""
    from geo.vi_format import local_number

    words = LABELS[lang]["js"]
    told = words["warning_told" if count == 1 else "warnings_told"].format(count=local_number(count, lang, 0))
    if not features:
        return told
    about = words["about_feature" if features == 1 else "about_features"]
    return f"{told}, {about.format(features=local_number(features, lang, 0))}"


def duplicates_told(lang: str, count: int, in_file: int = 0) -> str:
    """How many of the file's new codes may repeat registered projects, and how many earlier features of the file
    (geo.ingest.possible_duplicates), "3 có thể trùng dự án đã có, 2 …", as the command line and /upload
    (duplicatesTold) say it in the summary; each said only if some may."""
    from geo.vi_format import local_number

    words = LABELS[lang]["js"]
    told = words.get("duplicate_told", words["duplicates_told"]) if count == 1 else words["duplicates_told"]
    parts = [told.format(count=local_number(count, lang, 0))] if count else []
    if in_file:
        parts.append(words["repeats_told"].format(count=local_number(in_file, lang, 0)))
    return ", ".join(parts)


def build_upload_page(lang: str, provinces: list[dict[str, Any]]) -> str:
    """The page's HTML in ``lang`` ("vi" or "en"); ``provinces``: the registry's (geo.queries.map_choices), offered
    for a file that names none."""
    province_options = {
        p["code"]: f"{p['name_vi']} ({p['code']}, {SCHEME_DAYS[p['scheme']].text(lang)})" for p in provinces
    }
    labels = LABELS[lang]
    script_labels = {
        **labels["js"],
        "kinds": _kinds(lang),
        "target_boxes": TARGET_BOXES,
        "targets": labels["targets"],
        "modes": labels["modes"],
        "columns": sample_columns(lang),
        "fields": field_choices(lang),
        "changed": labels["changed"],
        "commit": labels["commit"],  # Load's words again, once a file putting projects back changed them
        "loader_roles": LOADER_ROLES,
        "steps_back_told": STEPS_BACK_TOLD,  # the messages linking to the whole list of the projects put back
        "role_names": {role: ROLE_NAMES[role].text(lang) for role in ROLE_NAMES},
        "report_form_url": "/status-report" if lang == "vi" else "/status-report?lang=en",
        "status_file_page": STATUS_FILE_PAGE[lang],  # an editor's many reports at once (maps/status_import_page.py)
        "status_file_url": f"/status-imports?lang={lang}",
        "change_titles": change_titles(lang),
        "unit_change_titles": change_titles(lang, "units"),
        # the coded values of the sample rows, shown with their labels (the code stays in the cell's title)
        "terms": {field: vocab.labels(terms, lang) for field, terms in vocab.CODED_FIELDS.items()},
    }
    fields = {
        "__OTHER_LANG_URL__": "/upload?lang=en" if lang == "vi" else "/upload?lang=vi",
        "__INTO_OPTIONS__": options_html(labels["targets"]),
        "__MODE_OPTIONS__": options_html(labels["modes"]),
        "__SCHEME_OPTIONS__": options_html(vocab.labels(BOUNDARY_SCHEMES, lang), labels["any"]),
        "__PROVINCE_OPTIONS__": options_html(province_options, labels["any"]),
        "__ENCODING_OPTIONS__": options_html(ENCODINGS, labels["auto"]),
        "__DAY_FORMAT__": MAP_TEXT[lang]["date_format"],  # as the map's date box writes it
    }
    return render_form_page("upload_page", lang, labels, script_labels, fields)
