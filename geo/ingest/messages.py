"""The ingest report's texts in Vietnamese and English, one entry per message: each says what is wrong and what to
do, in the same words in both languages. :func:`said` fills a message's blanks; numbers are written as each
language writes them (geo.vi_format: 1.234 in Vietnamese, 1,234 in English).
"""

from __future__ import annotations

from typing import Any

from geo.said import Said, fill, joined

__all__ = ["MESSAGES", "WHERE", "Said", "loads_since_check", "said"]

MESSAGES: dict[str, dict[str, str]] = {
    "not_a_format": {
        "vi": "{name}: nội dung không thuộc định dạng nào hệ thống đọc được (shapefile nén zip, .shp, GeoPackage, "
        "GeoJSON, KML, CSV hoặc Excel .xlsx có tọa độ, GeoTIFF); các byte đầu {head}",
        "en": "{name}: the content is not a format the registry reads (zipped shapefile, .shp, GeoPackage, GeoJSON, "
        "KML, CSV or Excel .xlsx with coordinates, GeoTIFF); first bytes {head}",
    },
    "geotiff_not_vector": {
        "vi": "{name} là ảnh raster GeoTIFF: {load_as_raster}",
        "en": "{name} is a GeoTIFF raster: {load_as_raster}",
    },
    "archive_without_layers": {
        "vi": "{name}: tệp nén ZIP không chứa shapefile, GeoPackage, GeoJSON, KML hay CSV nào; hãy nén các tệp "
        "dữ liệu vào đó, hoặc gửi riêng tệp dữ liệu",
        "en": "{name}: the ZIP archive holds no shapefile, GeoPackage, GeoJSON, KML or CSV; put the data files in it, "
        "or send the data file on its own",
    },
    "old_office_file": {
        "vi": "{name} là tệp Excel 97-2003 (.xls) hoặc tệp Office cũ, hệ thống không đọc được; hãy mở trong Excel và "
        "lưu thành Excel Workbook (.xlsx) hoặc CSV UTF-8 rồi nạp lại",
        "en": "{name} is an Excel 97-2003 (.xls) or older Office file, which the registry does not read; open it in "
        "Excel, save it as an Excel Workbook (.xlsx) or CSV UTF-8 and load that",
    },
    "workbook_unreadable": {
        "vi": "{name}: không đọc được bảng tính Excel ({detail}); hãy mở trong Excel, lưu lại thành .xlsx hoặc "
        "CSV UTF-8 rồi nạp lại",
        "en": "{name}: the Excel workbook cannot be read ({detail}); open it in Excel, save it again as .xlsx or "
        "CSV UTF-8 and load that",
    },
    "header_first_row": {
        "vi": "dòng đầu tiên có giá trị, có tên cột mà hệ thống nhận ra",
        "en": "the first row holding a value, with column names the registry recognises",
    },
    "header_below_title": {
        "vi": "dòng đầu tiên có tên cột mà hệ thống nhận ra; dòng {rows} phía trên nó (tiêu đề) không được đọc",
        "en": "the first row with column names the registry recognises; row {rows} above it (a title) not read",
    },
    "header_unrecognised": {
        "vi": "dòng đầu tiên có giá trị: trong {rows} dòng đầu không dòng nào có tên cột mà hệ thống nhận ra",
        "en": "the first row holding a value: none of the first {rows} rows has a column name the registry recognises",
    },
    "shp_misnamed": {
        "vi": "{name} là tệp .shp của một shapefile: hãy đặt tên .shp cho nó, cạnh các tệp .dbf/.shx",
        "en": "{name} is a shapefile .shp: give it the .shp name next to its .dbf/.shx",
    },
    "shapefile_part_missing": {
        "vi": "{name}: thiếu tệp {needed} của shapefile; hãy gửi đủ các tệp của nó",
        "en": "{name}: the shapefile's {needed} file is missing; send all its files",
    },
    "dbf_unreadable": {
        "vi": "{name}: tệp .dbf (bảng thuộc tính) của shapefile hỏng, không đọc được cột nào; hãy chép hoặc nén lại "
        "tệp từ bản gốc, hoặc xuất lại lớp từ phần mềm GIS",
        "en": "{name}: the shapefile's .dbf file (its attribute table) is damaged: not one column reads; copy or zip "
        "the file again from the original, or export the layer again from the GIS software",
    },
    "archive_damaged": {
        "vi": "{name}: tệp nén ZIP hỏng hoặc bị cắt cụt (có thể tải lên hay chép chưa hết), không mở được; hãy nén "
        "lại các tệp rồi gửi lại",
        "en": "{name}: the ZIP archive is damaged or cut short (perhaps uploaded or copied only in part) and does not "
        "open; zip the files again and send it again",
    },
    "geojson_feature_too_large": {
        "vi": "một đối tượng của tệp GeoJSON ({where}) lớn hơn mức trình đọc GeoJSON nhận ({limit} MB mỗi đối "
        "tượng): hãy tách hoặc đơn giản hóa đối tượng đó (vd. QGIS: Véc-tơ › Công cụ hình học › Đơn giản hóa hoặc "
        "Tách đường), hoặc gửi lớp dạng GeoPackage (.gpkg) hay shapefile nén, không có giới hạn này",
        "en": "a feature of this GeoJSON (at {where}) is larger than the GeoJSON reader takes ({limit} MB per "
        "feature): split or simplify that feature (e.g. QGIS: Vector › Geometry Tools › Simplify or Explode Lines), "
        "or send the layer as a GeoPackage (.gpkg) or a zipped shapefile, which have no such limit",
    },
    "geojson_at": {"vi": "ở dòng {line}, ký tự {column}", "en": "line {line}, character {column}"},
    "geojson_somewhere": {"vi": "ở một chỗ trong tệp", "en": "some point in the file"},
    "no_coordinate_columns": {
        "vi": "{name}: không thấy cột tọa độ trong {columns}; hãy đặt tên cột kinh_do/vi_do, lon/lat hoặc x/y"
        "{map_coordinates}, hoặc ghi hình học vào một cột wkt",
        "en": "{name}: no coordinate columns found among {columns}; name them kinh_do/vi_do, lon/lat or x/y"
        "{map_coordinates}, or give the geometry in a wkt column",
    },
    "northing_first": {
        "vi": "cột {northing} chứa tọa độ X (hướng bắc) và cột {easting} tọa độ Y (hướng đông), theo cách ghi của "
        "bảng tọa độ đo đạc VN-2000: đã đọc {northing} là X bắc, {easting} là Y đông; hãy kiểm tra vị trí trên bản đồ",
        "en": "column {northing} holds the northings (X) and column {easting} the eastings (Y), as VN-2000 survey "
        "sheets write them: read {northing} as the northing and {easting} as the easting; check the places on the map",
    },
    "not_wkt": {
        "vi": "{name}: dòng {row} (đối tượng {index}), cột {column}: không đọc được hình học WKT {value}; "
        "hãy sửa ô đó (ví dụ POINT (106.3 9.9)) hoặc để trống",
        "en": "{name}: row {row} (feature {index}), column {column}: {value} is not a WKT geometry; "
        "correct that cell (e.g. POINT (106.3 9.9)) or leave it empty",
    },
    "file_refused": {
        "vi": "{name}: tệp không nạp được: {detail}",
        "en": "{name}: {detail}",
    },
    "over_upload_limit": {
        "vi": "{name} có {size} byte, vượt giới hạn {limit} byte (thiết lập GEOREG_UPLOAD_MAX_BYTES); hãy chia nhỏ "
        "tệp hoặc nhờ quản trị viên nâng giới hạn",
        "en": "{name} is {size} bytes, over the limit of {limit} bytes (setting GEOREG_UPLOAD_MAX_BYTES); split the "
        "file or ask the administrator to raise the limit",
    },
    "upload_over_limit": {
        "vi": "{name} vượt giới hạn tải lên {limit} byte (thiết lập GEOREG_UPLOAD_MAX_BYTES); hãy chia nhỏ tệp hoặc "
        "nhờ quản trị viên",
        "en": "{name} is over the upload limit of {limit} bytes (setting GEOREG_UPLOAD_MAX_BYTES); split it or ask "
        "the administrator",
    },
    "archive_link": {
        "vi": "{archive}: {member} là liên kết tượng trưng (symbolic link); tệp nén chứa liên kết bị từ chối",
        "en": "{archive}: {member} is a symbolic link; links are refused",
    },
    "archive_too_large": {
        "vi": "{archive} khi giải nén sẽ có {size} byte, vượt giới hạn {limit} byte (thiết lập "
        "GEOREG_ARCHIVE_MAX_UNCOMPRESSED_BYTES); chưa giải nén gì",
        "en": "{archive} would expand to {size} bytes, over the limit of {limit} (setting "
        "GEOREG_ARCHIVE_MAX_UNCOMPRESSED_BYTES); nothing was extracted",
    },
    "archive_understated": {
        "vi": "{archive} giải nén vượt giới hạn {limit} byte (phần đầu tệp khai kích thước nhỏ hơn thực tế); đã dừng "
        "giải nén",
        "en": "{archive} expands beyond the limit of {limit} bytes (its headers understate the sizes); extraction "
        "stopped",
    },
    "archive_absolute": {
        "vi": "{archive}: thành phần {member} có đường dẫn tuyệt đối; tệp nén bị từ chối",
        "en": "{archive}: member {member} has an absolute path; the archive is refused",
    },
    "archive_outside": {
        "vi": "{archive}: thành phần {member} trỏ ra ngoài tệp nén (..); bị từ chối",
        "en": "{archive}: member {member} points outside the archive (..); refused",
    },
    "map_missing_columns": {
        "vi": "{columns_chosen} ghi cột {missing} mà tệp không có; các cột của tệp: {columns}",
        "en": "{columns_chosen} name(s) column(s) {missing} that the file does not have; its columns are {columns}",
    },
    "map_unknown_fields": {
        "vi": "{columns_chosen} ghi trường {unknown} không có; các trường của bảng này: {fields}",
        "en": "{columns_chosen} name(s) field(s) {unknown}; the fields of this target are {fields}",
    },
    "map_malformed": {
        "vi": "--map {item}: hãy viết trường=cột, vd. --map name_vi=TEN_DA",
        "en": "--map {item}: write it as field=column, e.g. --map name_vi=TEN_DA",
    },
    "raster_options": {
        "vi": "hệ tọa độ của tệp GeoTIFF được đọc từ chính tệp và tệp không có chữ hay cột: hãy bỏ trống "
        "{raster_leaves_empty} (tệp GeoTIFF chưa có hệ tọa độ: thêm bằng gdal_edit.py -a_srs "
        "EPSG:... rồi nạp lại)",
        "en": "a GeoTIFF's CRS is read from the file and it has no text or columns: leave {raster_leaves_empty} "
        "empty (a GeoTIFF without a CRS: add one with gdal_edit.py -a_srs EPSG:... and load it again)",
    },
    "raster_into": {
        "vi": "ảnh raster chỉ nạp vào {raster_targets}, không phải {into}",
        "en": "rasters load into {raster_targets}, not {into}",
    },
    "raster_source": {
        "vi": "hãy ghi nguồn của ảnh raster {in_source}",
        "en": "say where the raster comes from {in_source}",
    },
    "forest_year": {
        "vi": "hãy ghi năm mà ảnh rừng thể hiện {in_year}: che phủ rừng của các đơn vị được tính theo năm",
        "en": "give the year the forest raster shows {in_year}: the units' forest cover is computed per year",
    },
    "not_geotiff": {
        "vi": "nội dung tệp không phải GeoTIFF",
        "en": "the content is not a GeoTIFF",
    },
    "cog_invalid": {
        "vi": "tệp GeoTIFF tối ưu cho đám mây (COG) tạo ra không hợp lệ: {errors}",
        "en": "the Cloud-Optimised GeoTIFF did not validate: {errors}",
    },
    "raster_no_crs": {
        "vi": "tệp GeoTIFF không có hệ tọa độ; hãy thêm (gdal_edit.py -a_srs EPSG:...) rồi nạp lại",
        "en": "the GeoTIFF has no CRS; add one (gdal_edit.py -a_srs EPSG:...) and load it again",
    },
    "raster_in_wrong_zone": {
        "vi": "{count} trong {total} điểm ảnh có giá trị đã thử nằm ngoài các tỉnh của hệ thống khi đọc theo {crs}, "
        "còn đọc theo EPSG:{epsg} ({zone}) thì {fit} trong số đó nằm trong tỉnh: hệ tọa độ ghi trong GeoTIFF nhiều "
        "khả năng sai (múi TM-3 VN-2000 khác lệch 50–60 km). Nếu ảnh được lập ở múi đó, hãy sửa "
        "(gdal_edit.py -a_srs EPSG:{epsg} {name}) rồi nạp lại; chưa đăng ký gì",
        "en": "{count} of the {total} valued pixels tried lie outside the registry's provinces read in {crs}, and "
        "read in EPSG:{epsg} ({zone}) {fit} of them lie in its provinces: the GeoTIFF's CRS is most likely wrong "
        "(another VN-2000 TM-3 zone lands 50–60 km away). If it was made in that zone, mend it "
        "(gdal_edit.py -a_srs EPSG:{epsg} {name}) and load it again; nothing was registered",
    },
    "raster_outside_region": {
        "vi": "ảnh raster phủ kinh độ {west}–{east}, vĩ độ {south}–{north}, nằm ngoài vùng của sổ đăng ký "
        "(tỉnh Cà Mau, Vĩnh Long, gồm Bạc Liêu, Trà Vinh cũ; kinh độ {lon0}–{lon1}, vĩ độ {lat0}–{lat1}); hãy kiểm "
        "tra hệ tọa độ của nó ({crs})",
        "en": "the raster covers lon {west}–{east}, lat {south}–{north}, outside the registry's region (lon "
        "{lon0}–{lon1}, lat {lat0}–{lat1}); check its CRS ({crs})",
    },
    "matched_changed_since_check": {
        "vi": "các dự án mà tệp này khớp đã thay đổi từ khi tệp được kiểm tra (tệp vẫn sẽ thêm {new_now} dự án mới, "
        "cập nhật {updated_now}{updated_codes}, giữ nguyên {unchanged_now}). Để không ghi đè những gì "
        "đã thay đổi từ đó, hãy kiểm tra lại tệp (tải lên lại) rồi mới nạp; {keep_changed}",
        "en": "the projects this file matches changed since it was checked (it would still add {new_now} projects, "
        "update {updated_now}{updated_codes} and leave {unchanged_now} as they are). So as not to overwrite what "
        "changed since, check the file again (upload it again), then load it; {keep_changed}",
    },
    "changed_since_check_at_once": {  # said before the file is read again (geo.ingest.project_writes)
        "vi": "các dự án mà tệp này khớp đã thay đổi từ khi tệp được kiểm tra. Để không ghi đè những gì đã "
        "thay đổi từ đó, hãy kiểm tra lại tệp (tải lên lại) để xem việc nạp bây giờ sẽ làm gì, rồi mới nạp; "
        "{keep_changed}",
        "en": "the projects this file matches changed since it was checked. So as not to overwrite what "
        "changed since, check the file again (upload it again) to see what loading it would do now, then load it; "
        "{keep_changed}",
    },
    "changed_since_check": {
        "vi": "các dự án đã thay đổi từ khi tệp này được kiểm tra: khi đó tệp sẽ thêm {new_checked} dự án mới, "
        "cập nhật {updated_checked}, giữ nguyên {unchanged_checked}; bây giờ sẽ thêm {new_now}, cập nhật "
        "{updated_now}{updated_codes}, giữ nguyên {unchanged_now}. Để không ghi đè những gì đã thay đổi từ đó, "
        "hãy kiểm tra lại tệp (tải lên lại) rồi mới nạp; {keep_changed}",
        "en": "the projects changed since this file was checked: then it would have added {new_checked} projects, "
        "updated {updated_checked} and left {unchanged_checked} as they were; now it would add {new_now}, update "
        "{updated_now}{updated_codes} and leave {unchanged_now}. So as not to overwrite what changed since, check "
        "the file again (upload it again), then load it; {keep_changed}",
    },
    "stopped_pending": {
        "vi": "máy chủ đã dừng trước khi bắt đầu kiểm tra tệp tải lên này; không có gì được nạp: hãy tải tệp lên lại",
        "en": "the server stopped before the check of this upload started; nothing was loaded: upload it again",
    },
    "stopped_running": {
        "vi": "máy chủ đã dừng trong lúc kiểm tra; không có gì được nạp: hãy tải tệp lên lại hoặc chạy lại lệnh nạp",
        "en": "the server stopped during the check; nothing was loaded: upload the file again or re-run the load",
    },
    "stopped_committing": {
        "vi": "máy chủ đã dừng trong lúc nạp; không có gì được nạp: hãy nạp lại lượt này (tệp vẫn được giữ)",
        "en": "the server stopped during the commit; nothing was loaded: commit the job again (its file is kept)",
    },
    "check_failed": {
        "vi": "{name}: việc kiểm tra dừng vì một lỗi không lường trước ({detail}); không có gì được nạp",
        "en": "{name}: the check stopped on an unexpected error ({detail}); nothing was loaded",
    },
    "commit_failed": {
        "vi": "việc nạp dừng vì một lỗi không lường trước ({detail}); không có gì được nạp",
        "en": "the load stopped on an unexpected error ({detail}); nothing was loaded",
    },
    "database_refused": {
        "vi": "{name}: cơ sở dữ liệu từ chối dữ liệu: {detail}",
        "en": "{name}: the database refused the data: {detail}",
    },
    "same_for_layers": {
        "vi": "; tương tự với lớp {layers}",
        "en": "; the same for layer(s) {layers}",
    },
    "prj_file": {
        "vi": "tệp {name}",
        "en": "{name} file",
    },
    "crs_in_headings": {
        "vi": "tiêu đề các cột tọa độ của bảng tính",
        "en": "workbook's coordinate headings",
    },
    "prj_empty": {
        "vi": "{source} trống, không ghi hệ tọa độ nào: tệp được đọc như không có tệp .prj",
        "en": "the {source} is empty and names no CRS: the file is read as one without a .prj",
    },
    "own_crs": {
        "vi": "hệ tọa độ lưu trong tệp {format}",
        "en": "{format}'s own CRS",
    },
    "encoding_given": {
        "vi": "do người dùng chọn ({encoding_option})",
        "en": "given with {encoding_option}",
    },
    "stores_utf8": {
        "vi": "tệp {format} luôn lưu chữ ở dạng UTF-8",
        "en": "{format} stores UTF-8",
    },
    "kml_wgs84": {
        "vi": "tọa độ KML luôn là WGS 84 (EPSG:4326)",
        "en": "KML coordinates are always WGS 84 (EPSG:4326)",
    },
    "no_coordinates": {
        "vi": "lớp không có tọa độ: các dòng không có vị trí",
        "en": "no coordinates in the layer: rows without a location",
    },
    "file_no_features": {
        "vi": "{name}: tệp không có đối tượng nào (mọi lớp đều trống), không có gì để nạp: hãy kiểm tra đã chọn đúng "
        "tệp, đúng lớp (và bộ lọc khi xuất) chưa, rồi nạp lại",
        "en": "{name}: the file has no features (each of its layers is empty), nothing to load: check that it is the "
        "right file, with the right layer (and filter, if it was exported), and load again",
    },
    "no_features": {
        "vi": "lớp không có đối tượng nào",
        "en": "the layer has no features",
    },
    "encoding_uncertain": {
        "vi": "không chắc về bảng mã chữ ({how}); hãy xem các dòng mẫu hoặc chọn bảng mã ({encoding_option})",
        "en": "the text encoding is uncertain ({how}); check the sample rows or give {encoding_option}",
    },
    "columns_unused": {
        "vi": "các cột không được nạp (không ứng với trường nào của hệ thống): {columns}; nếu một cột chứa một trường "
        "của hệ thống dưới tên khác, hãy {choose_field} rồi kiểm tra lại, còn không thì bỏ qua cảnh báo này",
        "en": "columns not loaded (no registry field): {columns}; if one holds a registry field under another name, "
        "{choose_field} and check again; otherwise nothing is to be done",
    },
    "export_columns_unused": {
        "vi": "các cột chỉ để xem của tệp xuất không được nạp ({columns}): ngày và dấu minh họa của tình trạng "
        "(status_date, status_is_demo; shapefile: stat_date, stat_demo), ngày báo cáo gần nhất (last_report; "
        "shapefile: last_rep), tên gọi của loại, tình trạng (kind_vi, kind_en, "
        "status_vi, status_en), tên cơ quan chủ trì (lead_agency_name; shapefile: agency_nm), hạn hoàn thành và "
        "thời hạn do hệ thống tính (due_year, schedule, schedule_vi, schedule_en; shapefile: sched_vi, sched_en), "
        "chiều dài và diện tích đo từ hình học (length_m, area_m2), tên các huyện, xã và tỉnh mới (2025) chứa dự "
        "án (district_names, commune_names, province_2025_codes, province_2025_names; shapefile: dist_names, "
        "comm_names, prov25code, prov25name): hệ thống tự xác định đơn vị theo vị trí, còn mã huyện, mã xã thì được "
        "đọc để kiểm tra vị trí; tình trạng ghi trong tệp, nếu khác, được ghi thành "
        "báo cáo hôm nay (hoặc của ngày {status_day}), muốn đổi loại hay tình trạng thì sửa cột "
        "kind hay status, và hạn hoàn thành thì sửa cột end_year; ở bảng Excel, tên tỉnh, huyện, xã, chiều dài, "
        "diện tích, tên cơ quan và nguồn (ghi bằng chữ theo ngôn ngữ của bảng) cũng chỉ để xem (mã tỉnh, mã cơ quan "
        "thì được nạp; nguồn đang lưu được giữ nguyên)",
        "en": "an export's columns for reading only are not loaded ({columns}): the status day and demonstration mark "
        "(status_date, status_is_demo; shapefile: stat_date, stat_demo), the latest report's day (last_report; "
        "shapefile: last_rep), the kind and status in words (kind_vi, "
        "kind_en, status_vi, status_en), the lead agency's name (lead_agency_name; shapefile: agency_nm), and the "
        "year due and schedule the registry works out (due_year, schedule, schedule_vi, schedule_en; shapefile: "
        "sched_vi, sched_en), the length and area measured from the geometry (length_m, area_m2), the names of the "
        "districts, communes and 2025 province a project lies in (district_names, commune_names, province_2025_codes, "
        "province_2025_names; shapefile: dist_names, comm_names, prov25code, prov25name): the registry places each "
        "site in its units itself, and reads the district and commune codes to check the sites; a status the file "
        "changes is recorded as a report of today (or of {status_day}), a kind or status is changed "
        "in the kind or status column, and the year due in end_year; in an Excel workbook, the names of the province, "
        "districts and communes, the length, area, agency names and sources (worded in the workbook's language) are "
        "for reading too (the province and agency codes are loaded; the sources stored are kept)",
    },
    "report_sheet_read": {
        "vi": "trang đầu của bảng tính là trang cho báo cáo của hệ thống («{sheet}»): chỉ trang này được đọc — mã, "
        "tên (của trang tiếng Việt), loại và tình trạng (ghi bằng chữ), % hoàn thành, kế hoạch, nhiệm vụ, công suất, "
        "vốn, năm bắt đầu và kết thúc, thời điểm mỗi dự án thay đổi lần cuối trong sổ đăng ký (bảng tính xuất trước "
        "một thay đổi trong sổ thì bị từ chối như tệp xuất GIS cũ); trang này không ghi vị trí nên các dự án giữ vị "
        "trí đang có; trang dữ liệu sau nó (tọa độ, mô tả, mã tỉnh, mã cơ quan…) không được đọc: muốn nạp những gì đã "
        "sửa ở trang dữ liệu, hãy xóa trang báo cáo (hoặc chuyển trang dữ liệu lên đầu), lưu rồi nạp lại",
        "en": "the workbook's first sheet is the registry's sheet for a report («{sheet}»): it alone is read — the "
        "code, the name (of a Vietnamese sheet), kind and status (in words), percent complete, plan, plan action, "
        "capacity, budget, start and end year, and when each last changed in the registry (a workbook exported before "
        "a change in the registry is refused as an older GIS export is); it gives no sites, so the projects keep "
        "theirs; the data sheet after it (coordinates, descriptions, province and agency codes…) is not read: to load "
        "what was edited there, delete the report sheet (or move the data sheet first), save, and load it again",
    },
    "report_sheet_name_unread": {
        "vi": "cột «{column}» của trang cho báo cáo bằng tiếng Anh không được nạp: dự án chưa có tên tiếng Anh được "
        "ghi tên tiếng Việt ở đó; tên tiếng Anh được nạp từ cột «Name (English)» của trang dữ liệu",
        "en": "the «{column}» column of an English sheet for a report is not loaded: a project without an English "
        "name has its Vietnamese one there; English names are loaded from the data sheet's «Name (English)» column",
    },
    "export_columns_unused_units": {
        "vi": "các cột chỉ để xem của tệp xuất không được nạp: loại đơn vị, hiệu lực và diện tích (unit_type_vi, "
        "valid_from, valid_to, area_m2; shapefile: unit_type); loại đơn vị đọc từ tên (“Thị xã Giá Rai”), hiệu lực "
        "theo hệ đơn vị đã chọn, diện tích theo ranh giới",
        "en": "an export's columns for reading only are not loaded: the unit's type, validity and area (unit_type_vi, "
        "valid_from, valid_to, area_m2; shapefile: unit_type); a type is read from the name (“Thị xã Giá Rai”), the "
        "validity is the scheme's, the area the boundary's",
    },
    "label_not_its_code": {
        "vi": "cột {column} không còn là tên gọi của giá trị cột {field}: cột {column} chỉ để xem, không được nạp; "
        "muốn đổi {what} thì sửa cột {field} (ghi mã hoặc tên gọi), còn không thì bỏ qua cảnh báo này",
        "en": "the {column} column is no longer the name of the {field} column's value: {column} is for reading only "
        "and is not loaded; to change the {what}, change the {field} column (a code or a name), otherwise nothing "
        "is to be done",
    },
    "level_from_columns": {
        "vi": "đơn vị cấp {level}, theo các cột ({used}); chọn {kind_option} nếu không phải vậy",
        "en": "units of level {level}, as the columns say ({used}); give {kind_option} to say otherwise",
    },
    "column_as": {"vi": "{column} làm {field}", "en": "{column} as {field}"},
    "unit_type_in_name": {
        "vi": "tên bắt đầu bằng loại đơn vị “{unit_type}”: lưu loại riêng và tên không có loại, như các đơn vị đã có "
        "(trang và bản đồ vẫn ghi “{unit_type} …”)",
        "en": "the name begins with the unit's type “{unit_type}”: stored as the type and the name without it, as the "
        "registry's units are (pages and maps still write “{unit_type} …”)",
    },
    "no_parent_column": {
        "vi": "tệp không có cột mã đơn vị cấp trên (như MA_TINH, ma_cha): đơn vị đã có giữ nguyên cấp trên của nó, "
        "đơn vị mới không có cấp trên",
        "en": "the file has no column of the parent unit's code (such as MA_TINH, ma_cha): units already in the "
        "registry keep their parent, new ones have none",
    },
    "z_dropped": {
        "vi": "{count} đối tượng có giá trị Z/M, đã bỏ (hệ thống chỉ lưu 2 chiều); đầu tiên: {first}",
        "en": "{count} feature(s) had Z/M values, dropped (the registry is 2-D); first: {first}",
    },
    "no_geometry": {
        "vi": "đối tượng không có hình học; hãy vẽ hoặc bỏ đối tượng khỏi tệp",
        "en": "the feature has no geometry; draw it or leave the feature out",
    },
    "empty_geometry": {
        "vi": "hình học rỗng; hãy vẽ hoặc bỏ đối tượng khỏi tệp",
        "en": "the geometry is empty; draw it or leave the feature out",
    },
    "non_finite": {
        "vi": "hình học có tọa độ không hữu hạn (NaN hoặc vô cực); hãy sửa trong tệp nguồn",
        "en": "the geometry has non-finite (NaN or infinite) coordinates; fix them in the source",
    },
    "repaired": {
        "vi": "hình học không hợp lệ ({reason}) {repair}; hãy kiểm tra hình dạng",
        "en": "invalid geometry ({reason}) {repair}; check the shape",
    },
    "repair_to_come": {
        "vi": "sẽ được sửa bằng make_valid khi nạp tệp",
        "en": "will be repaired with make_valid when the file is loaded",
    },
    "repair_done": {"vi": "đã được sửa bằng make_valid", "en": "was repaired with make_valid"},
    "province_from_column": {
        "vi": "múi của tỉnh {code}, tỉnh ghi ở cột {column} của tệp",
        "en": "the zone of province {code}, as the file's {column} column gives",
    },
    "collapsed": {
        "vi": "hình học không hợp lệ ({reason}): sửa bằng make_valid thì {was} thành {now}, nên không nạp; hãy sửa "
        "các đỉnh của nó trong tệp (ví dụ một đường có các đỉnh trùng nhau), hoặc ghi nó là {now}",
        "en": "invalid geometry ({reason}): make_valid would make the {was} a {now}, so it is not loaded; correct its "
        "vertices in the file (e.g. a line whose vertices are all the same point), or give it as a {now}",
    },
    "thin_polygon": {
        "vi": "vùng gần như dẹt: diện tích {area} m², rộng trung bình {width}, chu vi {perimeter} m; có lẽ do số hóa "
        "sai (các đỉnh gần như thẳng hàng, hoặc một vùng vẽ thay cho một đường): hãy kiểm tra việc số hóa trong tệp; "
        "khi tệp được chấp nhận, đối tượng được nạp đúng như trong tệp",
        "en": "a near-flat polygon: {area} m² in area, {width} wide on average, {perimeter} m around; most likely a "
        "digitising slip (vertices almost in line, or a polygon drawn for a line): check the digitising in the file; "
        "once the file is accepted, the feature is loaded as the file has it",
    },
    "parts_dropped": {
        "vi": "các đường/điểm còn lại sau khi sửa {dropped}",
        "en": "lines/points left by the repair {dropped}",
    },
    "parts_to_drop": {"vi": "sẽ được bỏ", "en": "will be dropped"},
    "parts_drop_done": {"vi": "đã được bỏ", "en": "were dropped"},
    "polygon_needed": {
        "vi": "cần một vùng (polygon) ở đây, đối tượng này là {kind}",
        "en": "a polygon is needed here, the feature is a {kind}",
    },
    "not_text": {
        "vi": "đã xóa các ký tự không phải chữ ({found}: ký tự điều khiển, surrogate lẻ hoặc ký tự đổi chiều viết; "
        "ngắt dòng của Word thành xuống dòng); hãy kiểm tra giá trị được lưu",
        "en": "characters that are not text removed ({found}: control character, lone surrogate or direction "
        "override; Word's line break made a line break); check the value stored",
    },
    "legacy_text_in_cell": {
        "vi": "chữ này là chữ {encoding} bị đọc sai bảng mã (thường do dán từ một tệp cũ vào tệp Unicode); đọc theo "
        "{encoding} nó là “{reading}”: hãy sửa ô này thành chữ Unicode (ví dụ bằng Unikey, chuyển mã {encoding} → "
        "Unicode) rồi nạp lại",
        "en": "this text is {encoding} text read in the wrong encoding (most often pasted from an old file into a "
        "Unicode one); read as {encoding} it is “{reading}”: correct the cell to Unicode text (e.g. with Unikey, "
        "converting {encoding} → Unicode) and load again",
    },
    "not_number": {
        "vi": "không phải là số; hãy sửa hoặc để trống ô",
        "en": "not a number; correct or empty the cell",
    },
    "number_read_by_its_column": {
        "vi": "đọc là {read}, theo cách các ô khác của cột viết số ({how}); nếu ô này là {other}, hãy viết {plain}",
        "en": "read as {read}, as the column's other cells write numbers ({how}); if this cell means {other}, write "
        "{plain}",
    },
    "decimal_mark_vi": {"vi": "dấu phẩy thập phân", "en": "a decimal comma"},
    "decimal_mark_en": {"vi": "dấu chấm thập phân", "en": "a decimal point"},
    "ambiguous_number": {
        "vi": "số đọc được hai cách: {as_vi} theo cách viết Việt Nam, {as_en} theo cách viết tiếng Anh, và các ô khác "
        "của cột không cho biết cột viết theo cách nào; hãy viết số không có dấu ngăn hàng nghìn (ví dụ 2500) hoặc "
        "ghi đủ phần thập phân (ví dụ 2,50)",
        "en": "a number that reads two ways: {as_vi} as Vietnamese writes numbers, {as_en} as English does, and the "
        "column's other cells do not say which it uses; write it without a thousands separator (e.g. 2500) or with "
        "more decimals (e.g. 2.50)",
    },
    "not_whole_number": {
        "vi": "không phải là số nguyên; hãy sửa hoặc để trống ô",
        "en": "not a whole number; correct or empty the cell",
    },
    "reported_since_check": {
        "vi": "Các dự án có báo cáo tình trạng mới của cán bộ từ khi kiểm tra: {codes}.",
        "en": "Projects with an officer's status report recorded since the check: {codes}.",
    },
    "loaded_since_check": {  # each code with the load that wrote it (:func:`loads_since_check`)
        "vi": "Các dự án đã được một lượt nạp khác ghi từ khi kiểm tra (mã dự án (lượt nạp, tệp, ai nạp)): {codes}.",
        "en": "Projects written by another load since the check (code (job, file, who loaded it)): {codes}.",
    },
    "loaded_on_the_web": {
        "vi": "{code} ({job}, {file}, {who} nạp qua trang web)",
        "en": "{code} ({job}, {file}, {who} on the web)",
    },
    "loaded_from_command_line": {  # a command-line load has no account: "who" is where it came from
        "vi": "{code} ({job}, {file}, nạp từ dòng lệnh)",
        "en": "{code} ({job}, {file}, from the command line)",
    },
    "assumed_no_status": {
        "vi": "{count} dự án mới không có tình trạng trong tệp ({codes}{more}): được ghi là “Đề xuất trong kế hoạch”, "
        "0 %, tính từ ngày nạp; nếu không đúng, hãy ghi tình trạng (và % hoàn thành) của chúng vào cột {status_column} "
        "(và {percent_column}) rồi nạp lại",
        "en": "{count} new projects have no status in the file ({codes}{more}): they are recorded as “Proposed in "
        "the plan”, 0 %, as of the day of the load; if that is wrong, give their status (and percent) in the "
        "{status_column} (and {percent_column}) column and load again",
        "en_one": "1 new project has no status in the file ({codes}{more}): it is recorded as “Proposed in the "
        "plan”, 0 %, as of the day of the load; if that is wrong, give its status (and percent) in the "
        "{status_column} (and {percent_column}) column and load again",
    },
    "assumed_no_percent": {
        "vi": "{count} dự án có tình trạng nhưng không có % hoàn thành trong tệp ({codes}{more}): % được ghi là 0; "
        "nếu không đúng, hãy điền cột {percent_column} rồi nạp lại",
        "en": "{count} projects have a status but no percent in the file ({codes}{more}): their percent is recorded "
        "as 0; if that is wrong, fill the {percent_column} column and load again",
        "en_one": "1 project has a status but no percent in the file ({codes}{more}): its percent is recorded as 0; "
        "if that is wrong, fill the {percent_column} column and load again",
    },
    "step_back_set_by": {  # a project's state the file puts back, as a field officer's report set it (trial 72)
        "vi": "theo báo cáo của {officer}, {agency}, ngày {day}",
        "en": "set by the report of {officer}, {agency}, on {day}",
    },
    "step_back_set_by_officer": {  # ... by an officer's account of no agency
        "vi": "theo báo cáo của {officer} ngày {day}",
        "en": "set by the report of {officer} on {day}",
    },
    "steps_back_confirmed": {
        "vi": "tệp đã đưa {count} dự án lùi lại so với tình trạng trước đó, như bạn đã xác nhận ({changes}{more})",
        "en": "the file put {count} projects back from their former state, as you confirmed ({changes}{more})",
        "en_one": "the file put 1 project back from its former state, as you confirmed ({changes}{more})",
    },
    "steps_back_since_check": {  # a preview's commit refused for what changed since: nothing was put back (trial 73)
        "vi": "nạp tệp bây giờ sẽ đưa {count} dự án lùi lại so với tình trạng hiện có ({changes}{more}); chưa dự án "
        "nào bị đưa lùi: hãy kiểm tra lại tệp và xem lại các dự án này trước khi nạp",
        "en": "loading the file now would put {count} projects back from their state ({changes}{more}); none was put "
        "back: check the file again and review them before you load it",
        "en_one": "loading the file now would put 1 project back from its state ({changes}{more}); it was not put "
        "back: check the file again and review it before you load it",
    },
    "steps_back": {
        "vi": "tệp đưa {count} dự án lùi lại so với tình trạng hiện có ({changes}{more}): một giai đoạn trước, hoặc % "
        "hoàn thành thấp hơn; tệp có thể cũ hơn các báo cáo tình trạng đã ghi. Hãy xem lại: nếu tệp đúng, "
        "{confirm_steps_back}; nếu không, sửa các dòng đó, hoặc bỏ {columns} (mỗi dự án giữ tình "
        "trạng của mình) rồi nạp lại",
        "en": "the file puts {count} projects back from their state ({changes}{more}): an earlier stage, or a lower "
        "percent; the file may be older than the status reports recorded since. Check them: if the file is right, "
        "{confirm_steps_back}; if not, correct those rows, or leave out {columns} (each "
        "project keeps its own) and load again",
        "en_one": "the file puts 1 project back from its state ({changes}{more}): an earlier stage, or a lower "
        "percent; the file may be older than the status reports recorded since. Check it: if the file is right, "
        "{confirm_steps_back}; if not, correct that row, or leave out {columns} (each project "
        "keeps its own) and load again",
    },
    "status_columns": {  # the file's columns of statuses and percents, as it heads them
        "vi": "hai cột {status} và {percent}",
        "en": "the {status} and {percent} columns",
    },
    "status_column": {"vi": "cột {column}", "en": "the {column} column"},
    "steps_back_not_accepted": {  # a load (not a dry run) that puts projects back, not confirmed: nothing written
        "vi": "chưa nạp: {warning}",
        "en": "not loaded: {warning}",
    },
    "changed_since_export": {
        "vi": "tệp xuất đã cũ: {count} dự án đã thay đổi sau khi tệp được xuất, nạp tệp sẽ xóa mất những thay đổi "
        "đó ({projects}{more}); không có gì được ghi. Hãy xuất lại tệp (bản mới) và sửa lại trên đó, hoặc xóa các "
        "dòng đó khỏi tệp, rồi nạp lại; {keep_changed}",
        "en": "a stale export: {count} projects changed after this file was exported, and loading it would undo those "
        "changes ({projects}{more}); nothing was written. Export the file again and redo your edits in it, or remove "
        "those rows from the file, then load it again; {keep_changed}",
        "en_one": "a stale export: 1 project changed after this file was exported, and loading it would undo that "
        "change ({projects}{more}); nothing was written. Export the file again and redo your edits in it, or remove "
        "that row from the file, then load it again; {keep_changed}",
    },
    "changed_since_export_project": {  # one project of changed_since_export
        "vi": "{code}: trong tệp là bản lúc {exported}; sau đó {since}{undone}",
        "en": "{code}: the file has it as of {exported}; since then {since}{undone}",
    },
    "changed_since_undone": {  # what loading the file would write over, field by field (geo.ingest.changed_since)
        "vi": "; nạp tệp sẽ ghi: {fields}",
        "en": "; loading it would write: {fields}",
    },
    "undone_field": {
        "vi": "{field}: {now} (hiện có) → {file} (trong tệp)",
        "en": "{field}: {now} (now) → {file} (file)",
    },
    "undone_site": {
        "vi": "{field}: trong tệp cách vị trí hiện có {metres} m",
        "en": "{field}: the file's is {metres} m from the one now",
    },
    # a reload's change list: how far a site moved, a reshaped area's or line's size before and after
    # (geo.ingest.change_list)
    "site_moved": {"vi": "dời {metres} m", "en": "moved {metres} m"},
    "boundary_moved": {"vi": "ranh giới dời nhiều nhất {metres} m", "en": "boundary moved {metres} m at most"},
    "boundary_off_by_datum_parameters": {
        "vi": "ranh giới lệch nhiều nhất {metres} m: cỡ chênh lệch giữa các bộ tham số VN-2000 → WGS 84, không phải "
        "ranh giới vẽ lại (hệ thống dùng tham số của QĐ 05/2007/QĐ-BTNMT, EPSG:6960, quy ước coordinate-frame; "
        "tệp chiếu bằng +towgs84 giữ nguyên dấu các góc xoay lệch ~0,5 m)",
        "en": "boundary off by {metres} m at most: the size of a difference between VN-2000 → WGS 84 parameter "
        "sets, not a redrawn boundary (the registry applies Decision 05/2007/QĐ-BTNMT's, EPSG:6960, coordinate "
        "frame; a file projected with +towgs84 and the rotations' signs unchanged is ~0.5 m off)",
    },
    "site_area_ha": {"vi": "diện tích {before} → {after} ha", "en": "area {before} → {after} ha"},
    "site_length_m": {"vi": "chiều dài {before} → {after} m", "en": "length {before} → {after} m"},
    "undone_area_ha": {"vi": "diện tích (ha)", "en": "area (ha)"},
    "undone_length_m": {"vi": "chiều dài (m)", "en": "length (m)"},
    "undone_empty": {"vi": "(trống)", "en": "(empty)"},
    "changed_since_by_report": {
        "vi": "báo cáo hiện trường ngày {day} của {who}",
        "en": "a field report of {day} by {who}",
    },
    "changed_since_by_rejected_report": {  # a reviewer rejected it: it is kept in the history, it does not count
        "vi": "báo cáo hiện trường ngày {day} của {who} (đã bị bác bỏ, không được tính)",
        "en": "a field report of {day} by {who} (rejected: it does not count)",
    },
    "changed_since_by_load": {"vi": "lượt nạp {job} ({file}) của {who}", "en": "load job {job} ({file}) by {who}"},
    "changed_since_by_cli": {"vi": "dòng lệnh", "en": "the command line"},
    "changed_since_other": {"vi": "thay đổi lúc {moment}", "en": "a change at {moment}"},
    "changed_at_ahead": {
        "vi": "{count} dự án trong tệp có thời điểm thay đổi (changed_at) muộn hơn lần thay đổi cuối cùng hệ thống "
        "ghi ({projects}{more}): điều đó không thể có với tệp xuất từ hệ thống này; tệp được xuất từ một hệ thống "
        "khác, hoặc cột changed_at đã bị sửa. Hãy xuất lại tệp từ hệ thống này và sửa lại trên đó",
        "en": "{count} projects in the file say they changed (changed_at) later than the registry last changed them "
        "({projects}{more}): that cannot be for a file exported from this registry; the file was exported from "
        "another one, or its changed_at column was edited. Export the file again from this registry and redo your "
        "edits in it",
        "en_one": "1 project in the file says it changed (changed_at) later than the registry last changed it "
        "({projects}{more}): that cannot be for a file exported from this registry; the file was exported from "
        "another one, or its changed_at column was edited. Export the file again from this registry and redo your "
        "edits in it",
    },
    "changed_at_ahead_project": {
        "vi": "{code}: tệp ghi {exported}, hệ thống {changed}",
        "en": "{code}: the file says {exported}, the registry {changed}",
    },
    "changed_at_unreadable": {
        "vi": "cột changed_at là thời điểm dự án thay đổi lần cuối do tệp xuất ghi (vd. "
        "2026-05-12T13:10:08.123+07:00), chỉ để đọc: hãy để nguyên như khi xuất, hoặc để trống ở dòng của dự án mới",
        "en": "the changed_at column is when the project last changed, as an export writes it (e.g. "
        "2026-05-12T13:10:08.123+07:00), for reading only: leave it as exported, or empty in a new project's row",
    },
    "status_dated_today": {
        "vi": "tệp cho {count} dự án một tình trạng mới hoặc khác với hệ thống, và chưa nói tình trạng đó là của ngày "
        "nào: chúng sẽ được ghi là báo cáo ngày {today} (ngày nạp), kể cả dự án đã hoàn thành từ lâu. Nếu tình trạng "
        "trong tệp là của ngày khác (vd. kiểm kê 31/12/2025), {give_status_day}",
        "en": "the file gives {count} projects a status new to the registry or other than its own, and does not say "
        "of which day: they will be recorded as reported on {today} (the day of the load), even projects completed "
        "long ago. If the file's statuses are of another day (e.g. an inventory of 31/12/2025), {give_status_day}",
        "en_one": "the file gives 1 project a status new to the registry or other than its own, and does not say "
        "of which day: it will be recorded as reported on {today} (the day of the load), even if it was completed "
        "long ago. If the file's status is of another day (e.g. an inventory of 31/12/2025), {give_status_day}",
    },
    "status_dated_when_loaded": {
        "vi": "{count} dòng của tệp ghi tình trạng mà chưa nói là của ngày nào: khi tệp nạp được, tình trạng mới hoặc "
        "khác với hệ thống sẽ được ghi là báo cáo ngày nạp (hôm nay là {today}), kể cả dự án đã hoàn thành từ lâu. Nếu "
        "tình trạng trong tệp là của ngày khác (vd. kiểm kê 31/12/2025), {give_status_day}",
        "en": "{count} rows of the file give a status without saying of which day: once the file loads, the statuses "
        "new to the registry or other than its own will be recorded as reported on the day of the load (today is "
        "{today}), even projects completed long ago. If the file's statuses are of another day (e.g. an inventory of "
        "31/12/2025), {give_status_day}",
        "en_one": "1 row of the file gives a status without saying of which day: once the file loads, a status new to "
        "the registry or other than its own will be recorded as reported on the day of the load (today is {today}), "
        "even if the project was completed long ago. If the file's status is of another day (e.g. an inventory of "
        "31/12/2025), {give_status_day}",
    },
    "of_the_rows_without_errors": {
        "vi": "trong các dòng không có lỗi: {told}",
        "en": "of the rows without errors: {told}",
    },
    "office_unit_names_unused": {
        "vi": "các cột tên đơn vị hành chính của tệp ({columns}) chỉ để đọc, không được nạp: huyện, xã của mỗi dự án "
        "theo vị trí của nó (cột mã như MA_HUYEN được đọc để kiểm tra vị trí)",
        "en": "the file's columns of unit names ({columns}) are for reading only and are not loaded: a project's "
        "district and commune follow its site (code columns such as MA_HUYEN are read to check the site)",
    },
    "status_history_added": {
        "vi": "tình trạng trong tệp của {count} dự án được thêm vào lịch sử của chúng, tính đến ngày {day}; tình trạng "
        "hiện tại của chúng, mới hơn, được giữ nguyên ({states}{more}); không phải thay đổi tình trạng",
        "en": "the file's status of {count} projects is added to their history as of {day}; their current status, "
        "newer, stays ({states}{more}); not a change of status",
        "en_one": "the file's status of 1 project is added to its history as of {day}; its current status, newer, "
        "stays ({states}{more}); not a change of status",
    },
    "status_overtaken": {
        "vi": "tình trạng trong tệp không được ghi cho {count} dự án vì trong lúc tệp đang được nạp, một báo cáo "
        "tình trạng hoặc một lượt nạp khác đã thay đổi chúng ({reports}{more}); thay đổi đó mới hơn tệp nên được giữ "
        "(các trường khác của tệp vẫn được nạp); hãy xem lại các dự án này, và nạp lại tệp nếu tình trạng trong tệp "
        "mới là đúng",
        "en": "the file's status was not set on {count} projects: a status report, or another load, changed them "
        "while the file was loading ({reports}{more}); that change is newer than the file and is kept (the file's "
        "other fields were loaded); check these projects, and load the file again if its status is the right one",
        "en_one": "the file's status was not set on 1 project: a status report, or another load, changed it while the "
        "file was loading ({reports}{more}); that change is newer than the file and is kept (the file's other fields "
        "were loaded); check this project, and load the file again if its status is the right one",
    },
    "report_kept": {  # a project a report came in on while a load ran: its state kept, the file's not set (trial s71)
        "vi": "{code}: {state} được giữ, tình trạng {file} của tệp không được ghi",
        "en": "{code}: {state} kept, the file's {file} was not set",
    },
    "report_of_no_name": {"vi": "theo một báo cáo ngày {day}", "en": "set by a report on {day}"},
    "kept_changed": {
        "vi": "{count} dự án đã thay đổi trong hệ thống sau khi tệp được kiểm tra hoặc được xuất (báo cáo tình trạng "
        "của cán bộ, một lượt nạp khác) được giữ nguyên như hệ thống đang có, các dòng của chúng trong tệp không được "
        "nạp ({codes}{more}); hãy xem lại các dự án này, và nạp lại các dòng đó nếu tệp mới là đúng",
        "en": "{count} projects changed in the registry after the file was checked or exported (an officer's status "
        "report, another load) were left as the registry has them, their rows in the file not loaded ({codes}{more}); "
        "check these projects, and load those rows again if the file is the right one",
        "en_one": "1 project changed in the registry after the file was checked or exported (an officer's status "
        "report, another load) was left as the registry has it, its row in the file not loaded ({codes}{more}); "
        "check it, and load that row again if the file is the right one",
    },
    "not_in_file": {
        "vi": "{count} dự án đang có trong hệ thống, {scope}, không có trong tệp ({codes}{more}): chúng được giữ "
        "nguyên. {how_to_retire}",
        "en": "{count} projects in the registry, {scope}, are not in the file ({codes}{more}): they stay as they are. "
        "{how_to_retire}",
        "en_one": "1 project in the registry, {scope}, is not in the file ({codes}{more}): it stays as it is. "
        "{how_to_retire}",
        "vi_one": "1 dự án đang có trong hệ thống, {scope}, không có trong tệp ({codes}{more}): dự án này được giữ "
        "nguyên. {how_to_retire}",
    },
    # how the projects not in the file came (geo.ingest.absent_origins; trial 69: 200 of 222 a colleague's load of
    # ten minutes before, unsaid)
    "absent_origins": {
        "vi": "Nguồn gốc của các dự án không có trong tệp: {origins}",
        "en": "Where the projects not in the file came from: {origins}",
    },
    "absent_loaded_today": {
        "vi": "{count} dự án do {by} nạp hôm nay lúc {time} (lượt nạp {job}, tệp {file})",
        "en": "{count} projects loaded by {by} today at {time} (ingest job {job}, file {file})",
        "en_one": "1 project loaded by {by} today at {time} (ingest job {job}, file {file})",
    },
    "absent_loaded": {
        "vi": "{count} dự án do {by} nạp lúc {at} (lượt nạp {job}, tệp {file})",
        "en": "{count} projects loaded by {by} at {at} (ingest job {job}, file {file})",
        "en_one": "1 project loaded by {by} at {at} (ingest job {job}, file {file})",
    },
    # a load from the command line (no account; who ran it is not recorded): not a colleague's web load
    "absent_command_line_today": {
        "vi": "{count} dự án nạp bằng dòng lệnh (georeg ingest) hôm nay lúc {time} (lượt nạp {job}, tệp {file})",
        "en": "{count} projects loaded from the command line (georeg ingest) today at {time} (ingest job {job}, file "
        "{file})",
        "en_one": "1 project loaded from the command line (georeg ingest) today at {time} (ingest job {job}, file "
        "{file})",
    },
    "absent_command_line": {
        "vi": "{count} dự án nạp bằng dòng lệnh (georeg ingest) lúc {at} (lượt nạp {job}, tệp {file})",
        "en": "{count} projects loaded from the command line (georeg ingest) at {at} (ingest job {job}, file {file})",
        "en_one": "1 project loaded from the command line (georeg ingest) at {at} (ingest job {job}, file {file})",
    },
    "absent_from_sample": {
        "vi": "{count} dự án của kế hoạch, có từ dữ liệu mẫu (georeg load-sample)",
        "en": "{count} of the plan's own projects, from the sample data (georeg load-sample)",
        "en_one": "1 of the plan's own projects, from the sample data (georeg load-sample)",
    },
    "absent_by_hand": {
        "vi": "{count} dự án nhập tay hoặc qua API, không qua lượt nạp tệp nào",
        "en": "{count} projects entered by hand or through the API, by no load of a file",
        "en_one": "1 project entered by hand or through the API, by no load of a file",
    },
    "absent_loaded_today_by_another": {
        "vi": "Chú ý: {count} dự án không có trong tệp vừa được một người khác nạp hôm nay: {loads}. Tệp của bạn có "
        "thể cũ hơn lượt nạp đó hoặc là danh mục của đơn vị khác: hãy hỏi người đã nạp trước khi rút các dự án này",
        "en": "Careful: {count} projects not in the file were loaded today by someone else: {loads}. Your file may be "
        "older than that load, or another office's inventory: ask who loaded them before retiring them",
        "en_one": "Careful: 1 project not in the file was loaded today by someone else: {loads}. Your file may be "
        "older than that load, or another office's inventory: ask who loaded it before retiring it",
        "vi_one": "Chú ý: 1 dự án không có trong tệp vừa được một người khác nạp hôm nay: {loads}. Tệp của bạn có "
        "thể cũ hơn lượt nạp đó hoặc là danh mục của đơn vị khác: hãy hỏi người đã nạp trước khi rút dự án này",
    },
    # scope of not_in_file: the part of the registry the file is an inventory of
    "scope_provinces": {
        "vi": "cùng tỉnh (và kế hoạch) với các dự án của tệp (tỉnh {codes})",
        "en": "of the provinces (and plans) of the file's projects (province {codes})",
    },
    "scope_districts": {
        "vi": "thuộc {count} huyện cũ mà tệp bao gồm ({names})",
        "en": "of the {count} former districts the file covers ({names})",
        "en_one": "of the former district the file covers ({names})",
    },
    # a file that says the units it was exported for (geo.layer_export.EXPORT_UNITS): its projects with a part in them
    "scope_exported_for": {
        "vi": "có phần trong {count} đơn vị mà tệp được xuất cho ({names})",
        "en": "with a part in the {count} units the file was exported for ({names})",
        "en_one": "with a part in the unit the file was exported for ({names})",
    },
    # how_to_retire of not_in_file: a file that can be loaded, or one refused, whose Load buttons are not shown
    "how_to_retire": {
        "vi": "Nếu tệp là toàn bộ danh mục của đơn vị và các dự án này đã bị bỏ, {retire_absent}",
        "en": "If the file is the office's whole inventory and these projects were dropped, {retire_absent}",
        "en_one": "If the file is the office's whole inventory and this project was dropped, {retire_absent}",
        "vi_one": "Nếu tệp là toàn bộ danh mục của đơn vị và dự án này đã bị bỏ, {retire_absent}",
    },
    "how_to_retire_once_fixed": {
        "vi": "Nếu tệp là toàn bộ danh mục của đơn vị và các dự án này đã bị bỏ, {retire_absent_once_fixed}",
        "en": "If the file is the office's whole inventory and these projects were dropped, {retire_absent_once_fixed}",
        "en_one": "If the file is the office's whole inventory and this project was dropped, "
        "{retire_absent_once_fixed}",
        "vi_one": "Nếu tệp là toàn bộ danh mục của đơn vị và dự án này đã bị bỏ, {retire_absent_once_fixed}",
    },
    # an office's own file that changes nothing else: the page keeps no file to load only to retire (a check of a
    # file the registry has is not left waiting, trial 58), so its warning names what can be done (trial 62)
    "how_to_retire_unchanged": {
        "vi": "Nếu tệp là toàn bộ danh mục của đơn vị và các dự án này đã bị bỏ, {retire_absent_unchanged}",
        "en": "If the file is the office's whole inventory and these projects were dropped, {retire_absent_unchanged}",
        "en_one": "If the file is the office's whole inventory and it was dropped, {retire_absent_unchanged}",
    },
    "not_in_file_kept": {
        "vi": "{count} dự án không có trong tệp đã thay đổi sau khi tệp được kiểm tra nên không bị rút khỏi danh "
        "mục ({codes}{more}); hãy xem lại",
        "en": "{count} projects not in the file changed after the file was checked and were not retired "
        "({codes}{more}); check them",
        "en_one": "1 project not in the file changed after the file was checked and was not retired ({codes}{more}); "
        "check it",
    },
    # a status sheet loaded asking to retire the projects it leaves out (geo.ingest.targets.STATUS_SHEET_FIELDS)
    "status_sheet_retires_nothing": {
        "vi": "tệp là bảng tình trạng (mã, tình trạng, tiến độ, không có vị trí): nó không nói gì về các dự án không "
        "có trong tệp, nên không rút dự án nào; muốn rút dự án, hãy nạp danh mục dự án của đơn vị (có vị trí) hoặc "
        "nhờ quản trị viên rút từng dự án",
        "en": "the file is a status sheet (codes, statuses, percents, no site): it says nothing of the projects it "
        "leaves out, so none is retired; to retire projects, load the office's inventory (with its sites) or ask the "
        "administrator to retire each",
    },
    "retired_not_in_file": {
        "vi": "không có trong tệp {file} (lượt nạp {job}), được rút khi nạp",
        "en": "not in the file {file} (ingest job {job}), retired by that load",
    },
    "retired_not_in_file_told": {
        "vi": "đã rút khỏi danh mục {count} dự án không có trong tệp ({codes}{more}), như rút bằng tay: chúng "
        "không còn trên bản đồ, danh sách, tiến độ và báo cáo; lịch sử được giữ, và quản trị viên có thể khôi phục "
        "từng dự án",
        "en": "{count} projects not in the file were retired ({codes}{more}), as by hand: they are off the maps, "
        "lists, progress and reports; their history is kept, and the administrator can restore any of them",
        "en_one": "1 project not in the file was retired ({codes}{more}), as by hand: it is off the maps, lists, "
        "progress and reports; its history is kept, and the administrator can restore it",
    },
    "would_retire_not_in_file": {
        "vi": "nạp tệp sẽ rút khỏi danh mục {count} dự án không có trong tệp ({codes}{more}), như rút bằng tay",
        "en": "loading the file would retire {count} projects not in the file ({codes}{more}), as by hand",
        "en_one": "loading the file would retire 1 project not in the file ({codes}{more}), as by hand",
    },
    "duplicate_code": {
        "vi": "đối tượng {first} có cùng mã; mỗi dự án chỉ ghi một lần trong tệp",
        "en": "feature {first} has the same code; give each project once in the file",
    },
    "duplicate_code_in_layer": {
        "vi": "đối tượng {first} của lớp {layer} có cùng mã; mỗi dự án chỉ ghi một lần trong tệp",
        "en": "feature {first} of layer {layer} has the same code; give each project once in the file",
    },
    "required": {
        "vi": "{field} là bắt buộc; hãy điền, hoặc chỉ ra cột chứa nó: {choose_field}",
        "en": "{field} is required; fill it in, or say which column holds it: {choose_field}",
    },
    "required_cell_empty": {
        "vi": "ô {column} ({title}) của đối tượng này để trống; hãy điền {column} cho đối tượng này",
        "en": "this feature's {column} ({title}) is empty; fill in {column} for this feature",
    },
    "required_cell_empty_named": {
        "vi": "ô {column} ({title}) của đối tượng «{name}» ({name_column}) để trống; hãy điền {column} cho đối tượng "
        "này",
        "en": "{column} ({title}) is empty for the feature «{name}» ({name_column}); fill in {column} for this feature",
    },
    "unknown_kind": {
        "vi": "loại dự án không rõ hoặc bị thiếu; ghi vào cột mã hoặc tên loại ({kinds}); {kind_option} chỉ dùng "
        "cho tệp không có cột loại",
        "en": "unknown or missing project kind; write a kind code or label in the column ({kinds}); {kind_option} is "
        "for a file without a kind column",
    },
    "no_replace_for_projects": {
        "vi": "{replace_mode} không dùng cho dự án: dự án chỉ được cho thôi, không bao giờ bị xóa; {update_or_append}",
        "en": "{replace_mode} is not offered for projects: projects are retired, never deleted; {update_or_append}",
    },
    "no_replace_for_units": {
        "vi": "{replace_mode} không dùng cho đơn vị hành chính: đơn vị được đóng lại (valid_to), không bao giờ bị xóa; "
        "{update_or_append}",
        "en": "{replace_mode} is not offered for units: units are closed (valid_to), never deleted; {update_or_append}",
    },
    "no_update_for_salinity": {
        "vi": "{upsert_mode} không dùng cho vùng độ mặn: vùng không có mã để cập nhật theo; {append_or_replace}",
        "en": "{upsert_mode} is not offered for salinity zones: they have no code to update by; {append_or_replace}",
    },
    "units_need_scheme": {
        "vi": "nạp đơn vị hành chính cần biết ranh giới của chúng: trước 01/07/2025 (tỉnh, huyện) hay từ 01/07/2025 "
        "(tỉnh, xã); {scheme_choice}",
        "en": "loading units needs their boundary scheme: before 1 July 2025 (provinces, districts) or from 1 July "
        "2025 (provinces, communes); {scheme_choice}",
    },
    "parent_unit_missing": {
        "vi": "đơn vị cấp trên {code} ({level}, {scheme}) chưa có trong hệ thống: hãy nạp cấp đó trước",
        "en": "the parent unit {code} ({level}, {scheme}) is not in the registry: load that level first",
    },
    "projects_exist": {
        "vi": "{named}{more}: dự án đã có trong hệ thống; {to_update}",
        "en": "{named}{more}: the project already exists; {to_update}",
    },
    "province_neighbouring": {
        "vi": "vị trí nằm trong tỉnh lân cận {found} ({name}, {scheme}), ra ngoài các tỉnh của sổ đăng ký xa nhất "
        "{outside} m; dự án được lưu với mã tỉnh {stored}: nếu công trình không vượt ranh giới tỉnh, hãy kiểm tra tọa "
        "độ (hoặc hệ tọa độ)",
        "en": "the site lies in the neighbouring province {found} ({name}, {scheme}), up to {outside} m outside the "
        "registry's provinces; the project is stored with province {stored}: unless the work crosses "
        "the province border, check the coordinates (or the CRS)",
    },
    "neighbouring_unchanged": {
        "vi": "dự án nằm trong tỉnh lân cận đã có trong sổ đăng ký với đúng vị trí này: {codes}{more} ({count}), ra "
        "ngoài các tỉnh của sổ đăng ký xa nhất {outside} m; vị trí không đổi nên không nhắc lại từng dự án",
        "en": "projects in a neighbouring province already in the registry with these very sites: {codes}{more} "
        "({count}), up to {outside} m outside the registry's provinces; their sites unchanged, they are not told "
        "again one by one",
    },
    "offshore_2025_given": {
        "vi": "mã tỉnh {given} là tỉnh từ 01/07/2025 có vùng biển nơi dự án nằm, ngoài khơi tỉnh {found} cũ ({name}): "
        "dự án được lưu với mã tỉnh {found}, vì sổ đăng ký ghi tỉnh trước 01/07/2025 (như các kế hoạch), và được tính "
        "vào tiến độ",
        "en": "province code {given} is the province from 1 July 2025 off whose coast the site lies, off former "
        "province {found} ({name}): the project is stored with province {found}, as the registry records the "
        "provinces before 1 July 2025 (as the plans do), and counts in the progress",
    },
    "no_province_holds_off": {
        "vi": "không tỉnh nào chứa vị trí của dự án (kinh độ {lon}, vĩ độ {lat}): vị trí ở ngoài biển, cách tỉnh "
        "{name} ({code}) {km} km; nếu là dự án ngoài khơi của tỉnh đó, thêm cột mã tỉnh (province_code) hoặc "
        "{province_code_option}; nếu không, hãy kiểm tra tọa độ",
        "en": "no province holds the project's site (lon {lon}, lat {lat}): it lies at sea, {km} km off {name} "
        "({code}); if it is that province's offshore project, add a province_code column or {province_code_option}; "
        "if not, check its coordinates",
    },
    "province_far_at_sea": {
        "vi": "vị trí ở ngoài biển, cách tỉnh {name} ({code}) {km} km, xa hơn các công trình ngoài khơi của các tỉnh "
        "(vài km); dự án vẫn được lưu với mã tỉnh {given} như tệp ghi: hãy kiểm tra tọa độ (và hệ tọa độ)",
        "en": "the site lies at sea, {km} km off {name} ({code}), farther out than the provinces' offshore works (a "
        "few km); the project is stored with province {given} as the file says: check its coordinates (and CRS)",
    },
    "province_2025_read": {
        "vi": "{count} dự án ghi mã tỉnh {given} (tỉnh từ 01/07/2025) nằm trong tỉnh {found} cũ ({name}): được lưu với "
        "mã tỉnh {found}, vì sổ đăng ký ghi tỉnh trước 01/07/2025 (như các kế hoạch); bộ lọc tỉnh {found}, tệp xuất và "
        "tiến độ của tỉnh đều tính các dự án này",
        "en": "{count} projects given province code {given} (the province from 1 July 2025) lie in former province "
        "{found} ({name}): stored with province {found}, as the registry records the provinces before 1 July 2025 (as "
        "the plans do); the province filter {found}, its exports and its progress count them",
        "en_one": "1 project given province code {given} (the province from 1 July 2025) lies in former province "
        "{found} ({name}): stored with province {found}, as the registry records the provinces before 1 July 2025 (as "
        "the plans do); the province filter {found}, its exports and its progress count it",
    },
    "province_neighbouring_as_given": {
        "vi": "vị trí nằm trong tỉnh {found} ({name}, {scheme}) như mã tỉnh đã ghi, ngoài các tỉnh mà sổ đăng ký có "
        "ranh giới huyện, xã: dự án được lưu với mã tỉnh {stored}; không được tính vào tiến độ của đơn vị nào",
        "en": "the site lies in province {found} ({name}, {scheme}) as its code says, outside the provinces whose "
        "districts and communes the registry holds: the project is stored with province {stored}; it counts in no "
        "unit's progress",
    },
    "province_part_of_2025": {
        "vi": "vị trí nằm trong tỉnh {province} ({province_name}, từ 01/07/2025), ở phần trước 01/07/2025 là tỉnh "
        "{found} ({name}), mà sổ đăng ký chưa có các xã: dự án được lưu với mã tỉnh {found} (tỉnh cũ, như mọi dự án) "
        "và chỉ được tính vào tiến độ của tỉnh {province} ({province_name}, từ 01/07/2025), không vào tỷ lệ hay tiến "
        "độ của xã hoặc huyện cũ nào. Nếu vị trí đúng, muốn tính theo xã thì hãy nạp các xã (từ 01/07/2025) của tỉnh "
        "{name} cũ: {load_communes}; nếu không, hãy kiểm tra tọa độ (hoặc hệ tọa độ)",
        "en": "the site lies in province {province} ({province_name}, from 1 July 2025), in its part that was "
        "province {found} ({name}) before that day, whose communes the registry does not hold: the project is stored "
        "with province {found} (its former province, as every project is) and counts in the progress of province "
        "{province} ({province_name}, from 1 July 2025) alone, in no commune's or former district's share or "
        "progress. If the site is right and you want it counted by commune, load the communes (from 1 July 2025) of "
        "former {name}: {load_communes}; if not, check the coordinates (or the CRS)",
    },
    "site_fell_near": {
        "vi": "cách tỉnh gần nhất của sổ đăng ký, {near_name} ({near}), {km} km",
        "en": "{km} km from the registry's nearest province, {near_name} ({near})",
    },
    "site_fell_in": {
        "vi": "trong tỉnh {name} ({code}, {scheme}), cách tỉnh gần nhất của sổ đăng ký, {near_name} ({near}), {km} km",
        "en": "in {name} ({code}, {scheme}), {km} km from the registry's nearest province, {near_name} ({near})",
    },
    "province_beyond": {
        "vi": "vị trí nằm trong tỉnh {name} ({found}, {scheme}), ngoài các tỉnh của sổ đăng ký: hãy kiểm tra tọa độ "
        "(hoặc hệ tọa độ); nếu đúng là dự án của tỉnh này, thêm cột mã tỉnh (province_code) hoặc {province_option}",
        "en": "the site lies in {name} ({found}, {scheme}), outside the registry's provinces: check the coordinates "
        "(or the CRS); if the project is truly one of the registry's, add a province_code column or {province_option}",
    },
    "province_elsewhere": {
        "vi": "mã tỉnh {given} nhưng vị trí nằm trong tỉnh {found} ({name}); dự án được lưu với mã tỉnh {given}: hãy "
        "kiểm tra mã tỉnh hoặc tọa độ",
        "en": "province code {given}, but the site lies in province {found} ({name}); the project is stored with "
        "province {given}: check the province code or the coordinates",
    },
    "sites_mostly_in_neighbours": {
        "vi": "{count} trong {total} đối tượng không ghi mã tỉnh lại nằm trong tỉnh lân cận, không thuộc các tỉnh của "
        "hệ thống: tọa độ của tệp nhiều khả năng thuộc một hệ tọa độ khác với hệ đã dùng (tệp ở múi TM-3 VN-2000 khác "
        "lệch 50–60 km). {what}; chưa nạp gì",
        "en": "{count} of the {total} features given no province lie in neighbouring provinces, not in the "
        "registry's: the file's coordinates are most likely in another CRS than the one used (a file in another "
        "VN-2000 TM-3 zone lands 50–60 km away). {what}; nothing was loaded",
    },
    "provinces_mostly_far": {
        "vi": "{count} trong {total} đối tượng có mã tỉnh lại nằm cách xa tỉnh đó (sâu hơn 3 km trong tỉnh khác, hoặc "
        "ngoài biển cách hơn 16 km): tọa độ của tệp nhiều khả năng thuộc một hệ tọa độ khác với hệ đã dùng (tệp ở "
        "múi TM-3 VN-2000 khác lệch 50–60 km). {what}; chưa nạp gì",
        "en": "{count} of the {total} features given a province lie far from it (over 3 km into another province, or "
        "16 km out at sea): the file's coordinates are most likely in another CRS than the one used (a file in "
        "another VN-2000 TM-3 zone lands 50–60 km away). {what}; nothing was loaded",
    },
    "sites_mostly_outside": {
        "vi": "{count} trong {total} đối tượng không ghi mã tỉnh lại nằm ngoài các tỉnh của hệ thống (ở tỉnh lân cận "
        "hoặc ngoài biển): tọa độ của tệp nhiều khả năng thuộc một hệ tọa độ khác với hệ đã dùng (tệp ở múi TM-3 "
        "VN-2000 khác lệch 50–60 km). {what}; chưa nạp gì",
        "en": "{count} of the {total} features given no province lie outside the registry's provinces (in "
        "neighbouring ones, or at sea): the file's coordinates are most likely in another CRS than the one used (a "
        "file in another VN-2000 TM-3 zone lands 50–60 km away). {what}; nothing was loaded",
    },
    "sites_mostly_outside_as_given": {
        "vi": "{count} trong {total} đối tượng có mã tỉnh nằm trong tỉnh của mã đó nhưng ngoài các tỉnh mà hệ thống "
        "có ranh giới huyện, xã, còn đọc theo múi khác thì chúng nằm trong các tỉnh của hệ thống: hệ tọa độ của tệp "
        "(tệp .prj) nhiều khả năng sai (tệp ở múi TM-3 VN-2000 khác lệch 50–60 km; từ 01/07/2025 mã 96 của Cà Mau "
        "gồm cả Bạc Liêu ở múi 105°00' lẫn Cà Mau cũ ở múi 104°30'). {what}. Nếu các vị trí quả thật ở đó, hãy "
        "{load_again_in_crs} (hệ tọa độ của tệp) để xác nhận; chưa nạp gì",
        "en": "{count} of the {total} features given a province lie in it but outside the provinces whose districts "
        "and communes the registry holds, and read in another zone they lie in the registry's: the file's CRS (its "
        ".prj) is most likely wrong (a file in another VN-2000 TM-3 zone lands 50–60 km away; since 1 July 2025 Cà "
        "Mau's code 96 holds Bạc Liêu, in zone 105°00', and the former Cà Mau, in 104°30'). {what}. If the sites "
        "really lie there, {load_again_in_crs} (its own CRS) to confirm it; nothing was loaded",
    },
    "zone_that_fits": {
        "vi": "Đọc theo EPSG:{epsg} ({zone}) thì {fit} trong {checked} vị trí đã thử nằm đúng tỉnh: nếu tệp được lập "
        "ở múi đó, hãy {load_again_in_zone}",
        "en": "Read in EPSG:{epsg} ({zone}), {fit} of the {checked} sites tried lie in their provinces: if the file "
        "was made in that zone, {load_again_in_zone}",
    },
    "site_outside_unit_given": {
        "vi": "vị trí nằm ngoài {level} {code} ({name}) mà cột {column} ghi, cách hơn 3 km (hoặc hơn 16 km ngoài "
        "biển): hãy kiểm tra mã {level} hoặc tọa độ; dự án vẫn được nạp theo tọa độ",
        "en": "the site lies outside {level} {code} ({name}) that column {column} gives, by over 3 km (or 16 km at "
        "sea): check the {level} code or the coordinates; the project is loaded where its coordinates put it",
    },
    "site_in_another_unit": {
        "vi": "vị trí nằm ngoài {level} {code} ({name}) mà cột {column} ghi, cách hơn 3 km, mà nằm trong {level} "
        "{found} ({found_name}): hãy kiểm tra mã {level} hoặc tọa độ; dự án vẫn được nạp theo tọa độ",
        "en": "the site lies outside {level} {code} ({name}) that column {column} gives, by over 3 km, in {level} "
        "{found} ({found_name}): check the {level} code or the coordinates; the project is loaded where its "
        "coordinates put it",
    },
    "sites_mostly_outside_units_given": {
        "vi": "{count} trong {total} đối tượng có mã {levels} lại nằm ngoài {levels} đó, cách hơn 3 km, còn đọc theo "
        "múi khác thì chúng nằm đúng {levels} của mình: hệ tọa độ của tệp ({crs}) nhiều khả năng sai (tệp ở múi TM-3 "
        "VN-2000 khác lệch 50–60 km, vẫn có thể rơi vào đúng tỉnh ghi trong tệp: từ 01/07/2025 Cà Mau gồm cả Bạc "
        "Liêu ở múi 105°00' lẫn Cà Mau cũ ở múi 104°30'). {what}. Nếu các vị trí quả thật ở đó, hãy "
        "{load_again_in_crs} để xác nhận; chưa nạp gì",
        "en": "{count} of the {total} features given a {levels} lie outside it, by over 3 km, and read in another "
        "zone they lie in theirs: the file's CRS ({crs}) is most likely wrong (a file in another VN-2000 TM-3 zone "
        "lands 50–60 km away, and may still land in the province it gives: since 1 July 2025 Cà Mau holds Bạc Liêu "
        "in zone 105°00' and the former Cà Mau in zone 104°30'). {what}. If the sites do lie there, "
        "{load_again_in_crs} to confirm it; nothing was loaded",
    },
    "zone_that_fits_sites_units": {
        "vi": "Đọc theo EPSG:{epsg} ({zone}) thì {fit} trong {checked} vị trí đã thử nằm đúng huyện, xã của chúng: "
        "nếu tệp được lập ở múi đó, hãy {load_again_in_zone}",
        "en": "Read in EPSG:{epsg} ({zone}), {fit} of the {checked} sites tried lie in their districts or communes: if "
        "the file was made in that zone, {load_again_in_zone}",
    },
    "give_the_crs": {
        "vi": "Hãy chỉ rõ hệ tọa độ {crs_option}",
        "en": "Give its CRS {crs_option}",
    },
    "give_the_crs_or_provinces": {
        "vi": "Hãy chỉ rõ hệ tọa độ {crs_option}, hoặc sửa cột mã tỉnh",
        "en": "Give its CRS {crs_option}, or mend the province column",
    },
    "zone_wgs84_utm": {"vi": "WGS 84 / UTM múi 48N", "en": "WGS 84 / UTM zone 48N"},
    "units_moved_far": {
        "vi": "{count} trong {total} đơn vị đã có trong hệ thống mà tệp có sẽ bị dời tâm hơn 10 km (xa nhất {farthest} "
        "km): tọa độ của tệp nhiều khả năng thuộc một hệ tọa độ khác với hệ đã dùng (tệp ở múi TM-3 VN-2000 khác lệch "
        "50–60 km), và nạp vào sẽ dời mọi ranh giới, cùng phần dự án trong đó. {what}; chưa nạp gì",
        "en": "{count} of the {total} units of the file already in the registry would have their centre moved more "
        "than 10 km ({farthest} km at most): the file's coordinates are most likely in another CRS than the one used "
        "(a file in another VN-2000 TM-3 zone lands 50–60 km away), and loading it would move every boundary, and the "
        "projects' shares in them. {what}; nothing was loaded",
    },
    "zone_that_fits_units": {
        "vi": "Đọc theo EPSG:{epsg} ({zone}) thì {fit} trong {checked} đơn vị đã thử nằm đúng chỗ hệ thống đang có "
        "(tâm lệch dưới 1 km): nếu tệp được lập ở múi đó, hãy "
        "{load_again_in_zone}",
        "en": "Read in EPSG:{epsg} ({zone}), {fit} of the {checked} units tried lie where the registry has them "
        "(centres within 1 km): if the file was made in that zone, "
        "{load_again_in_zone}",
    },
    "zone_holds_sites": {
        "vi": "đọc theo EPSG:{epsg} ({zone}) thì {fit} trong {checked} vị trí đầu tiên của tệp nằm trong các tỉnh của "
        "hệ thống, nên nhiều khả năng là hệ đó (hoặc chọn tỉnh {province_option_for_zone}, để hệ thống chọn múi của "
        "tỉnh)",
        "en": "read in EPSG:{epsg} ({zone}), {fit} of the file's first {checked} sites lie in the registry's "
        "provinces, so most likely that one (or give the province {province_option_for_zone}, for its "
        "zone)",
    },
    "crs_over_file": {
        "vi": "thay cho hệ tọa độ tệp ghi ({crs})",
        "en": "instead of the CRS the file gives ({crs})",
    },
    "units_exist": {
        "vi": "trường mã (code): {codes}{more}: đơn vị đã có trong hệ thống; {to_update}",
        "en": "field code: {codes}{more}: the units already exist; {to_update}",
    },
    # a units file's borders (geo.ingest.unit_borders)
    "unit_named": {
        "vi": "đối tượng {index} ({name}, mã {code})",
        "en": "feature {index} ({name}, code {code})",
    },
    "unit_overlap": {
        "vi": "{name} chồng lên {other} trên {area}, rộng tới {width} m, quanh kinh độ {lon}, vĩ độ {lat}: dự án nằm ở "
        "đó sẽ được tính vào tiến độ của cả hai đơn vị; hãy sửa ranh giới trong tệp, hoặc {clean_borders}",
        "en": "{name} overlaps {other} over {area}, up to {width} m wide, around lon {lon}, lat {lat}: a project there "
        "would count in the progress of both units; correct the borders in the file, or {clean_borders}",
    },
    "thin_overlaps": {
        "vi": "{count} dải chồng lấn hẹp (tổng {area})",
        "en": "{count} thin overlaps ({area} in all)",
        "en_one": "1 thin overlap ({area})",
    },
    "thin_gaps": {
        "vi": "{count} khe hở hẹp (tổng {area})",
        "en": "{count} thin gaps ({area} in all)",
        "en_one": "1 thin gap ({area})",
    },
    "thin_overlap_named": {
        "vi": "chồng lấn giữa {units}, {area} quanh kinh độ {lon}, vĩ độ {lat}",
        "en": "overlap of {units}, {area} around lon {lon}, lat {lat}",
    },
    "thin_gap_named": {
        "vi": "khe hở giữa {units}, {area} quanh kinh độ {lon}, vĩ độ {lat}",
        "en": "gap between {units}, {area} around lon {lon}, lat {lat}",
    },
    "unit_borders_thin": {
        "vi": "ranh giới các {level} trong tệp để lại {found} giữa các đơn vị liền kề, không chỗ nào rộng quá "
        "{width} m, như khi ranh giới được đơn giản hóa riêng từng đơn vị: dự án nằm trên dải chồng lấn được tính "
        "vào cả hai đơn vị, nằm trong khe hở thì không vào đơn vị nào. Lớn nhất: {largest}{more}. Để các đơn vị liền "
        "kề dùng chung một đường ranh giới, {clean_borders}",
        "en": "the borders of the file's {level} units leave {found} between neighbours, none wider than {width} m, as "
        "borders simplified unit by unit do: a project on an overlap counts in both units, one in a gap in none. The "
        "largest: {largest}{more}. To have neighbours share one border, {clean_borders}",
    },
    "unit_gap": {
        "vi": "không {level} nào trong tệp phủ {area} (rộng tới {width} m) quanh kinh độ {lon}, vĩ độ {lat}, giữa "
        "{units}: dự án nằm ở đó không được tính vào {level} nào; nếu tệp thiếu đơn vị ở đó, hãy bổ sung",
        "en": "no {level} of the file covers {area} (up to {width} m wide) around lon {lon}, lat {lat}, between "
        "{units}: a project there counts in no {level}; if the file lacks a unit there, add it",
    },
    "more_places": {"vi": " và {count} chỗ khác", "en": " and {count} more"},
    "unit_change_named": {
        "vi": "{unit} {before} → {after}, đổi {changed} diện tích",
        "en": "{unit} {before} → {after}, {changed} of its area changed",
    },
    "unit_borders_cleaned": {
        "vi": "làm sạch ranh giới các {level} ({clean_option}) cho các đơn vị liền kề dùng chung một đường ranh giới, "
        "mỗi dải chồng lấn và khe hở hẹp thuộc về một đơn vị: {count} trong {total} đơn vị thay đổi, nhiều nhất "
        "{most} diện tích (cho phép {tolerance}): {units}{more}",
        "en": "cleaning the borders of the {level} units ({clean_option}) makes neighbours share one border, each "
        "overlap and thin gap going to one unit: {count} of the {total} units change, by at most {most} of their "
        "area (allowed: {tolerance}): {units}{more}",
        "en_one": "cleaning the borders of the {level} units ({clean_option}) makes neighbours share one border, "
        "each overlap and thin gap going to one unit: 1 of the {total} units changes, by {most} of its area "
        "(allowed: {tolerance}): {units}{more}",
    },
    "unit_border_change_too_large": {
        "vi": "làm sạch ranh giới sẽ đổi {changed} diện tích của {name} ({before} → {after}), quá mức cho phép "
        "{tolerance}: hãy sửa ranh giới của đơn vị này trong tệp, hoặc {raise_tolerance}",
        "en": "cleaning the borders would change {changed} of {name}'s area ({before} → {after}), more than the "
        "{tolerance} allowed: correct its borders in the file, or {raise_tolerance}",
    },
    "clean_borders_units_only": {
        "vi": "{clean_option} chỉ dùng khi nạp đơn vị hành chính",
        "en": "{clean_option} is for units files only",
    },
    "border_tolerance_without_cleaning": {
        "vi": "{tolerance_option} là mức một đơn vị được thay đổi khi làm sạch ranh giới: hãy dùng kèm "
        "{clean_option}, hoặc bỏ nó đi",
        "en": "{tolerance_option} is how much a unit may change when the borders are cleaned: give {clean_option} "
        "too, or leave it out",
    },
    "border_tolerance_unreadable": {
        "vi": "mức thay đổi tối đa {value} không phải một tỷ lệ phần trăm: hãy ghi một số lớn hơn 0 và không quá "
        "100, ví dụ 1 hoặc 2,5",
        "en": "the most a unit may change, {value}, is not a percentage: write a number above 0 and at most 100, "
        "e.g. 1 or 2.5",
    },
    "projects_in_other_units": {
        "vi": "{count} dự án nay thuộc đơn vị khác vì ranh giới đã đổi ({codes}{more}): phần của chúng trong các đơn "
        "vị (tiến độ theo huyện, xã) đã được tính lại; hãy xem lại các dự án này",
        "vi_one": "1 dự án nay thuộc đơn vị khác vì ranh giới đã đổi ({codes}{more}): phần của dự án này trong các "
        "đơn vị (tiến độ theo huyện, xã) đã được tính lại; hãy xem lại dự án này",
        "en": "{count} projects are now in other units, as the boundaries moved ({codes}{more}): their shares in the "
        "units (progress per district and commune) were recomputed; check them",
        "en_one": "1 project is now in another unit, as the boundaries moved ({codes}{more}): its shares in the units "
        "(progress per district and commune) were recomputed; check it",
    },
    "projects_would_be_in_other_units": {
        "vi": "{count} dự án sẽ thuộc đơn vị khác vì ranh giới đổi ({codes}{more}): nạp tệp này sẽ tính lại phần của "
        "chúng trong các đơn vị (tiến độ theo huyện, xã); hãy xem lại các dự án này trước khi nạp",
        "vi_one": "1 dự án sẽ thuộc đơn vị khác vì ranh giới đổi ({codes}{more}): nạp tệp này sẽ tính lại phần của "
        "dự án này trong các đơn vị (tiến độ theo huyện, xã); hãy xem lại dự án này trước khi nạp",
        "en": "{count} projects would be in other units, as the boundaries move ({codes}{more}): loading the file "
        "recomputes their shares in the units (progress per district and commune); check them before loading",
        "en_one": "1 project would be in another unit, as the boundaries move ({codes}{more}): loading the file "
        "recomputes its shares in the units (progress per district and commune); check it before loading",
    },
    "english_names_made": {  # a units file without English names (geo.unit_names.english_name)
        "vi": "tên tiếng Anh được tạo từ tên tiếng Việt ({count} đơn vị): «{name_vi}» → «{name_en}»; muốn tự đặt tên "
        "thì thêm cột name_en",
        "en": "English names made from the Vietnamese ({count} units): «{name_vi}» → «{name_en}»; give a name_en "
        "column to set your own",
        "en_one": "English name made from the Vietnamese (1 unit): «{name_vi}» → «{name_en}»; give a name_en column "
        "to set your own",
    },
    "english_name_kept": {
        "vi": "đơn vị {code}: tên tiếng Việt đổi nhưng tệp không có tên tiếng Anh, nên tên tiếng Anh cũ “{name_en}” "
        "được giữ; thêm cột name_en nếu tên đó cũng phải đổi",
        "en": "unit {code}: its Vietnamese name changes but the file has no English name, so the former one "
        "“{name_en}” is kept; add a name_en column if it must change too",
    },
    "no_site_province_wide": {
        "vi": "không có vị trí (hình học trống): dự án mới được lưu là dự án toàn tỉnh, không vẽ trên bản đồ (dự án đã "
        "có vị trí thì khi cập nhật theo mã vẫn giữ vị trí đó); nếu là công trình hay khu đất, hãy nhập tọa độ của "
        "nó; nếu đúng là toàn tỉnh, ghi {field} là «province» (Toàn tỉnh) để khẳng định",
        "en": "no site (empty geometry): a new project is stored as province-wide, not drawn on the map (one already "
        "registered with a site keeps it when updated by code); if it is a structure or a plot, give its "
        "coordinates; if it is province-wide, write {field} 'province' to say so",
    },
    "possible_duplicate": {
        "vi": "có thể trùng dự án đã có {existing} «{name}»: cùng tên, cùng tỉnh, cách {metres} m; mã của đối tượng "
        "này chưa có trong hệ thống nên nó sẽ được nạp thành một dự án mới. Nếu là cùng một dự án, hãy dùng mã "
        "{existing} để cập nhật nó, hoặc bỏ đối tượng này khỏi tệp",
        "en": "may repeat the registered project {existing} “{name}”: same name, same province, {metres} m away; this "
        "feature's code is not in the registry, so it would load as a new project. If it is the same project, use "
        "the code {existing} to update it, or remove the feature from the file",
    },
    "possible_duplicates_more": {
        "vi": "{count} đối tượng khác cũng có thể trùng dự án đã có (cùng tên, cùng tỉnh, cách dưới {near} m), ngoài "
        "{listed} đối tượng được nêu ở trên; hãy dùng mã của dự án đã có để cập nhật chúng, hoặc bỏ chúng khỏi tệp",
        "en": "{count} more features may repeat registered projects (same name, same province, under {near} m away) "
        "besides the {listed} named above; use the registered projects' codes to update them, or remove them from the "
        "file",
        "en_one": "1 more feature may repeat a registered project (same name, same province, under {near} m away) "
        "besides the {listed} named above; use the registered project's code to update it, or remove it from the file",
    },
    "possible_repeat_in_file": {
        "vi": "có thể trùng đối tượng {earlier} của cùng tệp, mã {code} «{name}»: cùng tên, cùng tỉnh, cách {metres} "
        "m; cả hai mã đều chưa có trong hệ thống nên sẽ được nạp thành hai dự án. Nếu là cùng một dự án, hãy bỏ một "
        "trong hai đối tượng khỏi tệp",
        "en": "may repeat feature {earlier} of the same file, code {code} “{name}”: same name, same province, {metres} "
        "m away; neither code is in the registry, so they would load as two projects. If they are the same project, "
        "remove one of the two features from the file",
    },
    "possible_repeats_in_file_more": {
        "vi": "{count} đối tượng khác cũng có thể trùng một đối tượng trước đó của tệp (cùng tên, cùng tỉnh, cách dưới "
        "{near} m), ngoài {listed} đối tượng được nêu ở trên; nếu là cùng một dự án, hãy chỉ giữ một đối tượng",
        "en": "{count} more features may repeat an earlier feature of the file (same name, same province, under "
        "{near} m away) besides the {listed} named above; where they are the same project, keep one feature of it",
        "en_one": "1 more feature may repeat an earlier feature of the file (same name, same province, under {near} m "
        "away) besides the {listed} named above; if they are the same project, keep one feature of it",
    },
    "sites_kept": {
        "vi": "{count} dòng không ghi vị trí: dự án đã đăng ký của các dòng này giữ vị trí (hoặc phạm vi toàn tỉnh) "
        "đang có trong hệ thống",
        "vi_one": "1 dòng không ghi vị trí: dự án đã đăng ký của dòng này giữ vị trí (hoặc phạm vi toàn tỉnh) đang có "
        "trong hệ thống",
        "en": "{count} rows give no site: their registered projects keep the sites (or province-wide places) the "
        "registry has",
        "en_one": "1 row gives no site: its registered project keeps the site (or province-wide place) the "
        "registry has",
    },
    "sheet_points_kept": {
        "vi": "{count} dòng ghi một điểm nằm trên tuyến hoặc vùng đã đăng ký của dự án, như bảng Excel do hệ thống "
        "xuất ghi vị trí (một điểm trên đó): tuyến hoặc vùng đã đăng ký được giữ nguyên; muốn sửa một tuyến hay một "
        "vùng, hãy nạp tệp GIS hoặc tệp CSV có cột WKT",
        "vi_one": "1 dòng ghi một điểm nằm trên tuyến hoặc vùng đã đăng ký của dự án, như bảng Excel do hệ thống xuất "
        "ghi vị trí (một điểm trên đó): tuyến hoặc vùng đã đăng ký được giữ nguyên; muốn sửa một tuyến hay một vùng, "
        "hãy nạp tệp GIS hoặc tệp CSV có cột WKT",
        "en": "{count} rows give a point on their project's registered line or area, as an Excel export writes a "
        "site (a point on it): the line or area registered is kept; to change a line or an area, load a GIS file or "
        "a CSV with a WKT column",
        "en_one": "1 row gives a point on its project's registered line or area, as an Excel export writes a site (a "
        "point on it): the line or area registered is kept; to change a line or an area, load a GIS file or a CSV "
        "with a WKT column",
    },
    "sheet_points_off": {
        "vi": "{count} dòng ghi một điểm cách xa tuyến hoặc vùng đã đăng ký của dự án ({codes}{more}): nếu nạp, tuyến "
        "hoặc vùng đó bị thay bằng điểm này (mất chiều dài, diện tích và phần của dự án trong các đơn vị theo tuyến, "
        "vùng); nếu vị trí không dời, hãy ghi lại tọa độ đã xuất; muốn sửa một tuyến hay một vùng, hãy nạp tệp GIS "
        "hoặc tệp CSV có cột WKT",
        "vi_one": "1 dòng ghi một điểm cách xa tuyến hoặc vùng đã đăng ký của dự án ({codes}{more}): nếu nạp, "
        "tuyến hoặc vùng đó bị thay bằng điểm này (mất chiều dài, diện tích và phần của dự án trong các đơn vị theo "
        "tuyến, vùng); nếu vị trí không dời, hãy ghi lại tọa độ đã xuất; muốn sửa một tuyến hay một vùng, hãy nạp "
        "tệp GIS hoặc tệp CSV có cột WKT",
        "en": "{count} rows give a point away from their project's registered line or area ({codes}{more}): loaded, "
        "the line or area becomes that point (its length, area and shares of the units along it are lost); if the "
        "site did not move, put back the coordinates exported; to change a line or an area, load a GIS file or a "
        "CSV with a WKT column",
        "en_one": "1 row gives a point away from its project's registered line or area ({codes}{more}): loaded, the "
        "line or area becomes that point (its length, area and shares of the units along it are lost); if the site "
        "did not move, put back the coordinates exported; to change a line or an area, load a GIS file or a CSV with "
        "a WKT column",
    },
    "new_project_needs_kind": {
        "vi": "mã mới cần loại dự án: tệp không có cột loại chỉ cập nhật dự án đã đăng ký; thêm cột kind ({kinds}) "
        "hoặc {kind_option}",
        "en": "a new code needs a project kind: a file with no kind column only updates registered projects; add a "
        "kind column ({kinds}) or {kind_option}",
    },
    "new_project_needs_name": {
        "vi": "mã mới cần tên dự án: tệp không có cột tên chỉ cập nhật dự án đã đăng ký; kiểm tra lại mã (có thể gõ "
        "sai), hoặc thêm cột name_vi (tên tiếng Việt) cho dự án mới",
        "en": "a new code needs a project name: a file with no name column only updates registered projects; check the "
        "code (a typing slip?), or add a name_vi column (the Vietnamese name) for the new project",
    },
    # an update by code's row without a site whose code the registry does not have: a new project, or a typing slip
    # (trial s73: "BL-D1-000057" for BL-DI-000057 was sent to add a province column)
    "new_code_without_site": {
        "vi": "mã này chưa có trong sổ đăng ký, nên dòng này sẽ là một dự án mới mà tệp không ghi vị trí: nếu đó là mã "
        "của một dự án đã có mà gõ sai, hãy sửa mã; nếu đúng là dự án mới của cả tỉnh, thêm cột mã tỉnh "
        "(province_code) hoặc {province_option}",
        "en": "this code is not in the registry, so the row would be a new project the file gives no site: if it is "
        "a registered project's code mistyped, correct it; if it is a new province-wide project, add a province_code "
        "column or {province_option}",
    },
    "province_wide_needs_province": {
        "vi": "dự án toàn tỉnh (không có vị trí) cần mã tỉnh: thêm cột mã tỉnh (province_code) hoặc {province_option}",
        "en": "a province-wide project (no site) needs its province: add a province_code column or {province_option}",
    },
    "no_province_contains": {
        "vi": "không tỉnh nào chứa vị trí của dự án (kinh độ {lon}, vĩ độ {lat}; trên biển?); thêm cột mã tỉnh "
        "(province_code) hoặc {province_option}",
        "en": "no province holds the project's site (lon {lon}, lat {lat}; at sea?); add a province_code column or "
        "{province_option}",
    },
    "texts_at_limit": {
        "vi": "{count} văn bản lấp đầy trường của shapefile ({limit} byte UTF-8; chữ có dấu chiếm 2–3 byte), có thể "
        "đã bị cắt (tệp xuất dạng shapefile cắt văn bản dài hơn): {where}{kept}. Văn bản như trong tệp được lưu, trừ "
        "khi đó "
        "là phần đầu của văn bản đang lưu của dự án (nạp lại thì văn bản đầy đủ được giữ) — hãy dùng GeoPackage để "
        "giữ nguyên văn bản dài",
        "en": "{count} texts fill their shapefile field ({limit} bytes of UTF-8; a Vietnamese letter with its marks "
        "takes 2-3) and may have been cut (a shapefile export cuts longer ones): {where}{kept}. Each is stored as in "
        "the file unless it is the start of the project's stored text (a reload keeps the whole stored text) — use "
        "a GeoPackage to keep long texts whole",
    },
    "texts_at_limit_where": {
        "vi": "lớp {layer}, trường {column}: đối tượng {features}",
        "en": "layer {layer}, field {column}: features {features}",
    },
    "texts_at_limit_stored": {
        "vi": "; {stored} trong số đó là văn bản đang lưu của dự án (bị cắt thì văn bản đầy đủ được giữ)",
        "en": "; {stored} of them are their projects' stored texts (whole ones kept where cut)",
    },
    "texts_kept_whole": {
        "vi": "{count} văn bản trong tệp là văn bản đang lưu bị shapefile cắt ở {limit} byte ({fields}): văn bản đầy "
        "đủ đang lưu được giữ, không bị thay bằng bản đã cắt",
        "en": "{count} texts in the file are the stored ones cut by the shapefile at {limit} bytes ({fields}): the "
        "whole stored texts are kept, not replaced by the cut ones",
    },
    "feature_in_sheet": {"vi": "{index} (dòng {row})", "en": "{index} (row {row})"},  # a CSV's feature, its row
    "sheet_row": {"vi": "dòng {row}", "en": "row {row}"},
    "feature_index": {"vi": "đối tượng {index}", "en": "feature {index}"},
    "feature_of_layer": {"vi": "{feature} của lớp {layer}", "en": "{feature} of layer {layer}"},
    "feature_code": {"vi": "đối tượng {index} ({code!r})", "en": "feature {index} ({code!r})"},
    "unknown_status": {
        "vi": "không phải một tình trạng; các từ được nhận: {statuses}",
        "en": "not a status; the words taken: {statuses}",
    },
    "percent_range": {
        "vi": "tỷ lệ phần trăm phải từ 0 đến 100",
        "en": "percent must be between 0 and 100",
    },
    "unknown_precision": {
        "vi": "độ chính xác vị trí không rõ; dùng mã hoặc tên của nó ({precisions})",
        "en": "unknown location precision; use a precision code or its label ({precisions})",
    },
    "geometry_needed": {
        "vi": "cần có hình học, trừ khi độ chính xác vị trí là 'province'",
        "en": "a geometry is needed unless 'province'",
    },
    "unknown_plan": {
        "vi": "không có kế hoạch nào mang mã này trong hệ thống; mã kế hoạch là số quyết định, ví dụ 148/QĐ-UBND",
        "en": "no plan with this code in the registry; a plan's code is its decision's number, e.g. 148/QĐ-UBND",
    },
    "unknown_plan_action": {
        "vi": "kế hoạch {plan} (cột {plan_column}) không có nhiệm vụ nào mang mã này; các mã nhiệm vụ của kế hoạch: "
        "{codes}; hãy ghi mã nhiệm vụ như trong kế hoạch",
        "en": "plan {plan} (column {plan_column}) has no action with this code; the plan's action codes: {codes}; "
        "give the action's code as the plan numbers it",
    },
    "plan_action_without_plan": {
        "vi": "dòng không ghi kế hoạch, mà mã nhiệm vụ chỉ có nghĩa trong kế hoạch của nó: hãy ghi số quyết định của "
        "kế hoạch (vd. 1099/QĐ-UBND) ở cột {plan_column}",
        "en": "the row names no plan, and an action's code means something only in its plan: give the plan's "
        "decision number (e.g. 1099/QĐ-UBND) in the {plan_column} column",
    },
    "plan_codes_more": {
        "vi": "{codes} … ({count} mã)",
        "en": "{codes} … ({count} codes in all)",
    },
    "unknown_lead_agency": {
        "vi": "không có cơ quan nào mang mã hoặc tên này trong hệ thống; hãy ghi mã cơ quan (ví dụ BL.STNMT, VL.SNNMT) "
        "hoặc đúng tên của cơ quan: /api/agencies liệt kê các mã cùng tên cơ quan",
        "en": "no agency with this code or name in the registry; give the agency's code (e.g. BL.STNMT, VL.SNNMT) or "
        "its exact name: /api/agencies lists the codes with the agencies' names",
    },
    "shared_agency_name": {
        "vi": "nhiều cơ quan mang tên này ({codes}): hãy ghi mã của cơ quan thay cho tên",
        "en": "several agencies have this name ({codes}): give the agency's code instead of its name",
    },
    "unit_level": {
        "vi": "cấp đơn vị phải là một trong {levels} (cột hoặc {kind_option})",
        "en": "unit level must be one of {levels} (column or {kind_option})",
    },
    "salinity_class_missing": {
        "vi": "thiếu cấp mặn: hãy gán một cột cấp mặn hoặc chọn {kind_option}",
        "en": "salinity class missing: map a class column or give {kind_option}",
    },
    "period_missing": {
        "vi": "thiếu kỳ: hãy gán một cột kỳ hoặc chọn {period_option}",
        "en": "period missing: map a period column or give {period_option}",
    },
    "salinity_class_unknown": {
        "vi": "cấp mặn phải là một trong các mã {classes} (độ dẫn điện ECe của đất, dS/m, như lớp raster độ mặn); "
        "hãy ghi lại cột cấp mặn theo các mã đó (số liệu ‰ của đường đẳng mặn cần quy đổi trước); chưa nạp gì",
        "en": "the salinity class must be one of the codes {classes} (soil ECe in dS/m, as the salinity raster's); "
        "write the class column in those codes (‰ isohaline figures need converting first); nothing was loaded",
    },
    "period_form": {
        "vi": "kỳ phải viết dạng năm-tháng YYYY-MM (ví dụ 2024-03 cho mùa khô tháng 3/2024); hãy sửa cột kỳ hoặc "
        "{period_option}; chưa nạp gì",
        "en": "the period must be written year-month, YYYY-MM (e.g. 2024-03 for the dry season of March 2024); mend "
        "the period column or {period_option}; nothing was loaded",
    },
    "period_conflict": {
        "vi": "cột {column} ghi kỳ {in_file} còn {period_option} là {given}: hệ thống không chọn thay; hãy bỏ "
        "{period_option} (để dùng cột) hoặc sửa cột; chưa nạp gì",
        "en": "column {column} gives period {in_file} and {period_option} says {given}: the registry does not choose "
        "for you; drop {period_option} (to use the column) or mend the column; nothing was loaded",
    },
    "replace_will_remove": {
        "vi": "thay thế kỳ {period}: sẽ xóa {count} vùng đang có của kỳ này, mọi nguồn ({sources})",
        "en": "replacing period {period}: will remove its {count} registered zones, of every source ({sources})",
    },
    "replace_removed": {
        "vi": "thay thế kỳ {period}: đã xóa {count} vùng trước đó của kỳ này ({sources})",
        "en": "replacing period {period}: removed its {count} earlier zones ({sources})",
    },
    "zones_from_source": {"vi": "{count} từ {source}", "en": "{count} from {source}"},
    "salinity_job_unknown": {
        "vi": "lượt nạp {job} không phải lượt nạp vùng độ mặn còn vùng trong hệ thống (xem /api/jobs); chưa xóa gì",
        "en": "job {job} is not a salinity load with zones still registered (see /api/jobs); nothing was removed",
    },
    "salinity_job_already_removed": {
        "vi": "các vùng độ mặn của lượt nạp {job} ({file}) đã được xóa rồi, lúc {at}, {by} ({count} vùng, kỳ "
        "{periods}); không còn gì để xóa",
        "en": "the salinity zones of job {job} ({file}) were already removed, at {at}, {by} ({count} zones, period "
        "{periods}); nothing is left to remove",
    },
    "removed_by_cli": {"vi": "bằng dòng lệnh", "en": "from the command line"},
    "replaced_by_job": {
        "vi": "do lượt nạp {job} ({file}) thay thế kỳ đó",
        "en": "by job {job} ({file}), which replaced that period",
    },
    "salinity_job_removed": {
        "vi": "đã xóa {count} vùng độ mặn của lượt nạp {job} ({file}; kỳ {periods})",
        "en": "removed the {count} salinity zones of job {job} ({file}; period {periods})",
    },
    "utf8_cell_in_legacy": {
        "vi": "tệp được đọc theo {encoding} nhưng ô này là chữ UTF-8: đọc theo UTF-8 nó là “{text}”; hãy lưu cả tệp "
        "theo một bảng mã (ví dụ chuyển ô này về {encoding}, hoặc cả tệp sang Unicode bằng Unikey) rồi nạp lại; "
        "chưa nạp gì",
        "en": "the file is read as {encoding} but this cell is UTF-8: it reads as UTF-8 “{text}”; save the whole file "
        "in one encoding (this cell in {encoding}, or the whole file in Unicode, e.g. with Unikey) and load it "
        "again; nothing was loaded",
    },
    "forest_needs_geotiff": {
        "vi": "độ che phủ rừng chỉ nạp từ ảnh GeoTIFF (1 là rừng, 0 là không), không nạp từ vùng vector; hãy raster "
        "hóa các vùng rừng, ví dụ gdal_rasterize -burn 1 -init 0 -tr 10 10 -ot Byte -a_srs EPSG:5897 rung.shp "
        "rung.tif, rồi nạp tệp .tif",
        "en": "forest cover is loaded from a GeoTIFF (1 forest, 0 not), not from vector zones; rasterise the forest "
        "zones, e.g. gdal_rasterize -burn 1 -init 0 -tr 10 10 -ot Byte -a_srs EPSG:5897 rung.shp rung.tif, then "
        "load the .tif",
    },
    "load_into": {
        "vi": "hãy nạp vào một trong {targets}, với chế độ là một trong {modes}",
        "en": "load into one of {targets} with a mode among {modes}",
    },
    "zone_same_as": {
        "vi": "vùng trùng hệt đối tượng {first} (cùng kỳ {period}): hãy xóa bản sao khỏi tệp; chưa nạp gì",
        "en": "the zone is the very same as feature {first} (same period {period}): remove the copy from the file; "
        "nothing was loaded",
    },
    "zones_overlap": {
        "vi": "vùng chồng lên đối tượng {first} (cùng kỳ {period}) trên {percent} % diện tích vùng nhỏ hơn: các vùng "
        "một kỳ phải không chồng nhau, nếu không diện tích bị tính hai lần; hãy sửa ranh giới; chưa nạp gì",
        "en": "the zone overlaps feature {first} (same period {period}) over {percent} % of the smaller one's area: "
        "zones of one period must not overlap, or their area is counted twice; mend the boundaries; nothing was "
        "loaded",
    },
    "zone_same_as_stored": {
        "vi": "vùng trùng hệt một vùng cùng kỳ {period} đã nạp ở lượt nạp {job} ({file}): nạp thêm sẽ tính diện tích "
        "hai lần; nếu tệp này thay tệp cũ, hãy chọn {replace_mode} hoặc {remove_load}; chưa nạp gì",
        "en": "the zone is the very same as a zone of period {period} loaded as job {job} ({file}): appending it "
        "would count its area twice; if this file replaces that one, use {replace_mode} or "
        "{remove_load}; nothing was loaded",
    },
    "zone_overlaps_stored": {
        "vi": "vùng chồng lên một vùng cùng kỳ {period} đã nạp ở lượt nạp {job} ({file}): các vùng một kỳ phải không "
        "chồng nhau, nếu không diện tích bị tính hai lần; nếu tệp này thay tệp cũ, hãy chọn {replace_mode} hoặc "
        "{remove_load}; chưa nạp gì",
        "en": "the zone overlaps a zone of period {period} loaded as job {job} ({file}): zones of one period must "
        "not overlap, or their area is counted twice; if this file replaces that one, use {replace_mode} or "
        "{remove_load}; nothing was loaded",
    },
    "forest_file_loaded_before": {
        "vi": "tệp này (cùng mã SHA-256) đã được đăng ký là ảnh raster {raster} năm {year} ở lượt nạp {job} ({file}): "
        "nạp lại sẽ đăng ký ảnh thứ hai giống hệt cho cùng năm; chưa nạp gì",
        "en": "this very file (same SHA-256) is registered already as raster {raster} of {year}, job {job} ({file}): "
        "loading it again would register a second, identical raster of the same year; nothing was loaded",
    },
    "forest_year_loaded_before": {
        "vi": "năm {year} đã có ảnh che phủ rừng (ảnh raster {raster}, «{title}», lượt nạp {job}): nạp tệp này sẽ có "
        "hai ảnh cùng năm, cả hai đều được giữ; trang đơn vị, bản đồ và báo cáo năm sẽ lấy số liệu từ ảnh nạp sau "
        "(tệp này)",
        "en": "a forest-cover raster of {year} is registered already (raster {raster}, “{title}”, job {job}): "
        "loading this file makes two rasters of that year, both kept; the unit pages, the map and the yearly report "
        "will take their figures from the one loaded last (this file)",
    },
    "salinity_file_loaded_before": {
        "vi": "tệp này (cùng mã SHA-256) đã được nạp ở lượt nạp {job} ({file}, {zones} vùng còn trong hệ thống): nạp "
        "thêm lần nữa sẽ tính diện tích hai lần; nếu muốn nạp lại, hãy chọn {replace_mode}; chưa nạp gì",
        "en": "this very file (same SHA-256) was loaded as job {job} ({file}, {zones} zones still registered): "
        "appending it again would count its area twice; to load it again, use {replace_mode}; nothing was loaded",
    },
    "salinity_zones_in_wrong_zone": {
        "vi": "{count} trong {total} vùng độ mặn nằm ngoài các tỉnh của hệ thống (ngoài biển hoặc tỉnh lân cận) khi "
        "đọc theo {crs}: hệ tọa độ của tệp (tệp .prj) nhiều khả năng sai (tệp ở múi TM-3 VN-2000 khác lệch 50–60 km). "
        "{what}; chưa nạp gì",
        "en": "{count} of the {total} salinity zones lie outside the registry's provinces (at sea or in a "
        "neighbouring province) read in {crs}: the file's CRS (its .prj) is most likely wrong (a file in another "
        "VN-2000 TM-3 zone lands 50–60 km away). {what}; nothing was loaded",
    },
    "salinity_zones_outside": {
        "vi": "{count} trong {total} vùng độ mặn nằm ngoài các tỉnh của hệ thống khi đọc theo {crs}, và không múi nào "
        "khác đưa chúng về: hãy kiểm tra hệ tọa độ trên bản đồ",
        "en": "{count} of the {total} salinity zones lie outside the registry's provinces read in {crs}, and no other "
        "zone puts them back: check the CRS on the map",
    },
    "status_as_of_unreadable": {
        "vi": "ngày của tình trạng “{value}” không đọc được: hãy viết theo dạng ngày/tháng/năm, ví dụ 31/12/2025 "
        "(hoặc 2025-12-31)",
        "en": "the statuses' date '{value}' cannot be read: write it as day/month/year, e.g. 31/12/2025 (or "
        "2025-12-31)",
    },
    "status_as_of_outside": {
        "vi": "ngày của tình trạng {day} nằm ngoài khoảng sổ đăng ký nhận (01/01/2000 đến hôm nay, {today}): tình "
        "trạng trong tệp phải là tình trạng đã có vào một ngày đã qua",
        "en": "the statuses' date {day} is outside what the registry takes (1 January 2000 to today, {today}): the "
        "statuses in the file are those of a day that has come",
    },
    "status_as_of_projects_only": {
        "vi": "ngày của tình trạng chỉ dùng khi nạp dự án; hãy để trống",
        "en": "a date for the statuses is for loads of projects only; leave it empty",
    },
    "job_checked_only": {
        "vi": "lượt nạp {job} chỉ là một lần kiểm tra (chạy thử bằng dòng lệnh --dry-run, hoặc tệp không thay đổi gì "
        "so với hệ thống): không giữ tệp nào để nạp; hãy chạy lại đúng lệnh georeg ingest đó mà không có --dry-run, "
        "hoặc tải tệp lên",
        "en": "job {job} was only a check (a command-line --dry-run, or a file that changes nothing in the registry): "
        "no file was kept to load; run the same georeg ingest without --dry-run, or upload the file",
    },
    "job_expired": {
        "vi": "tệp của lượt nạp {job} đã bị xóa mà chưa nạp (bản xem trước đã hết hạn); hãy tải tệp lên lại",
        "en": "the file of job {job} was removed unloaded (its preview expired); upload it again",
    },
    "job_outdated": {
        "vi": "lượt nạp {job} đã bị từ chối vì các dự án của tệp đã thay đổi từ khi kiểm tra: nạp lại như cũ sẽ bị từ "
        "chối lần nữa; hãy kiểm tra lại tệp, hoặc nạp phần còn lại, giữ các dự án đã thay đổi (keep_changed=true)",
        "en": "job {job} was refused because the file's projects changed since the check: loaded as it was, it would "
        "be refused again; check the file again, or load the rest, keeping the projects changed (keep_changed=true)",
    },
    "job_file_gone": {
        "vi": "tệp của lượt nạp {job} không còn được giữ; hãy tải tệp lên lại",
        "en": "the file of job {job} is no longer kept; upload it again",
    },
    "job_not_discardable": {
        "vi": "lượt nạp {job} không phải tệp đã kiểm tra đang chờ nạp (đã nạp, đang nạp, hết hạn hoặc đã bỏ): không có "
        "gì để bỏ",
        "en": "job {job} is not a checked file waiting to be loaded (loaded, being loaded, expired or discarded): "
        "nothing to discard",
    },
    # a check a later job of the same file replaced: not loaded beside it (trial 62: a stale tab's Load)
    "job_replaced": {
        "vi": "lượt nạp {job} đã được thay bằng lượt kiểm tra mới hơn của cùng tệp, lượt nạp {by}: hãy nạp lượt đó",
        "en": "job {job} was replaced by a newer check of the same file, job {by}: load that one",
    },
    # a check whose file a later job loaded: not loaded again (trial 64: refused as outdated, «press Load the rest»)
    "job_loaded_by_another": {
        "vi": "tệp của lượt nạp {job} đã được nạp bằng lượt nạp {by} (một lượt kiểm tra khác của cùng tệp, ở thẻ khác "
        "hoặc của đồng nghiệp), lúc {when}, do {who}: không cần nạp lại, lượt này không nạp gì; hãy mở lượt nạp {by} "
        "để xem những gì đã nạp",
        "en": "the file of job {job} was already loaded by job {by} (another check of the same file, in another tab or "
        "a colleague's), at {when}, by {who}: no need to load it again, this one loads nothing; open job {by} to see "
        "what was loaded",
    },
    "job_loaded_from_command_line": {
        "vi": "tệp của lượt nạp {job} đã được nạp bằng lượt nạp {by} (nạp từ dòng lệnh), lúc {when}: không cần nạp "
        "lại, lượt này không nạp gì; hãy mở lượt nạp {by} để xem những gì đã nạp",
        "en": "the file of job {job} was already loaded by job {by} (from the command line), at {when}: no need to "
        "load it again, this one loads nothing; open job {by} to see what was loaded",
    },
    "job_not_waiting": {
        "vi": "lượt nạp {job} không phải bản xem trước đang chờ nạp (có thể đã được nạp, hoặc đang nạp)",
        "en": "job {job} is not a preview waiting to be committed (it may be loaded, or being loaded)",
    },
}

#: A stale export's refusal beside another error: the load of the rest is offered once the others are mended (it
#: was offered at once, and on /upload named a button the page hid: the load would be refused again).
MESSAGES["changed_since_export_among_errors"] = {
    lang: text.replace("{keep_changed}", "{keep_changed_once_fixed}")
    for lang, text in MESSAGES["changed_since_export"].items()
}

#: How a problem's place is named: "lớp x, đối tượng 3, trường code, giá trị «P1»".
WHERE = {
    "vi": {
        "layer": "lớp",
        "index": "đối tượng",
        "indexes": "đối tượng",
        "row": "dòng",  # of a CSV sheet
        "rows": "dòng",
        "code": "mã",  # of the feature: "đối tượng 18, mã VL-KE-01"
        "codes": "mã",
        "field": "trường",
        "value": "giá trị",
    },
    "en": {
        "layer": "layer",
        "index": "feature",
        "indexes": "features",
        "row": "row",
        "rows": "rows",
        "code": "code",
        "codes": "codes",
        "field": "field",
        "value": "value",
    },
}


def said(key: str, **blanks: Any) -> Said:
    """The message ``key`` with its blanks filled (the options it names in the words of where it is read:
    geo.option_words); whole numbers and decimals written as each language writes them."""
    return fill(MESSAGES, key, **blanks)


def loads_since_check(loaded: list[list[Any]]) -> Said:
    """The projects another load wrote since a preview's check, each ``[code, job, file, colleague]`` with who loaded
    it: the colleague on the web, or the command line (which has no account): a trial's officer, refused, read
    "TV-CAU-00017 (6, tracu.gpkg)" under "who loaded it on the web" and could not tell who had (trial 52)."""
    named = [
        said("loaded_on_the_web", code=code, job=str(job), file=file, who=who)
        if who
        else said("loaded_from_command_line", code=code, job=str(job), file=file)
        for code, job, file, who in loaded
    ]
    return said("loaded_since_check", codes=joined(named, ", ", ", "))
