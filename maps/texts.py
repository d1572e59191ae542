"""The labels of the web map and the project and unit pages, in Vietnamese and English (same keys), and the
registry's own names for who recorded a status as each reader says them (its sources: geo.source_labels)."""

from __future__ import annotations

import re
from typing import Any

from geo.annual_report_words import FORMERLY, NO_LEAD, SUCCESSOR_UNCERTAIN
from geo.vi_format import local_number
from geo.vocab import SCHEME_DAYS

MAP_TEXT: dict[str, dict[str, str]] = {
    "vi": {
        "title": "Bản đồ dự án tăng trưởng xanh — georeg",
        "title_of": "Bản đồ dự án tăng trưởng xanh — {provinces}",
        "other_lang": "English",
        "blank": "Biển và tỉnh lân cận (ngoại tuyến)",
        "basemap": "Bản đồ nền của cơ quan (ngoại tuyến)",
        "osm": "OpenStreetMap (cần Internet)",
        "legend": "Chú giải",
        "filters": "Bộ lọc",
        "province": "Tỉnh",
        "unit": "Huyện, xã",
        "unit_outside": "Đã chọn nhưng không thuộc tỉnh đang lọc (vẫn giữ, bỏ chọn nếu không cần): {units}",
        "kind": "Loại dự án",
        "status": "Tình trạng",
        "plan": "Kế hoạch",
        "plan_action": "Nhiệm vụ",
        "agency": "Cơ quan chủ trì",
        "agency_until": "đến",
        "schedule": "Thời hạn",
        "no_report_months": "Không có báo cáo từ",
        "no_report_off": "Không lọc",
        "no_report_for": "Không có báo cáo từ {n} tháng",
        "months": "{n} tháng",
        "months_unreported": "{n} tháng chưa báo cáo",
        "loaded_since": "tình trạng do lượt nạp GIS; báo cáo gần nhất {day}",
        "loaded_never": "tình trạng do lượt nạp GIS; chưa có báo cáo",
        "scheme": "Ranh giới tiến độ",
        "scheme_pre2025": "Huyện (trước 01/07/2025)",
        "scheme_2025": "Xã, phường (từ 01/07/2025)",
        "units_pre2025": "trước 01/07/2025",
        "units_2025": "từ 01/07/2025",
        "as_of": "Tính đến ngày",
        "now": "Hiện tại",
        "search": "Tìm theo tên (không cần dấu)…",
        "no_results": "Không tìm thấy",
        "news_one": "1 thay đổi mới lúc {time}:",
        "news_many": "{n} thay đổi mới lúc {time}:",
        "news_others": "và {n} thay đổi khác",
        # changes the map's filters do not show: counted, not named (trial s71)
        "news_outside": "(Ngoài bộ lọc của bản đồ: thêm {n} thay đổi.)",
        "news_outside_only": "Thay đổi mới lúc {time}, ngoài bộ lọc của bản đồ: {n}.",
        "news_retired": "đã đưa ra khỏi sổ",
        "news_reloaded": "Dữ liệu dự án vừa được nạp lại lúc {time}; bản đồ đã vẽ lại.",
        "news_reloaded_load": "Dữ liệu dự án vừa được nạp lại lúc {time} (lượt nạp {job}, tệp {file}, {who}); bản đồ "
        "đã vẽ lại.",
        "news_command_line": "từ dòng lệnh",
        "news_all": "Mọi thay đổi hôm nay",
        "news_past": "Các thay đổi này ghi nhận sau ngày {day} mà bản đồ đang hiển thị: tình trạng nêu trên là hiện "
        "nay, chưa có trên bản đồ.",
        "news_past_one": "Thay đổi này ghi nhận sau ngày {day} mà bản đồ đang hiển thị: tình trạng nêu trên là hiện "
        "nay, chưa có trên bản đồ.",
        "news_show_today": "Xem bản đồ hôm nay",
        "progress_layer": "Tiến độ theo đơn vị",
        "progress": "Tiến độ",
        "projects": "Số dự án",
        "projects_share": "Phần nằm trong đơn vị",
        "projects_share_one": "{percent} % của dự án",
        "project_part_here": "{percent} % dự án nằm ở đây",
        "projects_share_many": "{part} của {n} dự án",
        "projects_share_note": "dự án trải trên nhiều đơn vị, hoặc chỉ biết vị trí đến huyện, được chia theo phần",
        "no_projects": "Không có dự án",
        "percent": "% hoàn thành",
        "plan_ref": "Kế hoạch, nhiệm vụ",
        "precision": "Độ chính xác vị trí",
        "open_project": "Mở trang dự án",
        "report_project": "Báo cáo tiến độ",
        "report_login": "Cán bộ hiện trường: đăng nhập để báo cáo tiến độ",
        "open_unit": "Mở trang đơn vị",
        # a province's popup: it has no figures of its own on the map, its units have them on /progress
        "province_progress": {"pre2025": "Tiến độ theo huyện của tỉnh", "2025": "Tiến độ theo xã, phường của tỉnh"},
        "merged": "dự án gộp ở mức thu phóng này — phóng to để xem từng dự án",
        "also_here": "Cùng chỗ này còn {count} dự án khác:",
        "reported_on": "Ngày báo cáo",
        "more_found": "Còn nữa: đây là {count} kết quả đầu; gõ thêm tên để thu hẹp.",
        "merged_legend": "Nhiều dự án gần nhau, gộp lại (phóng to để xem từng dự án)",
        "density_legend": (
            "Mật độ dự án: mỗi ô vuông nhỏ gộp các dự án ở đó, càng đậm càng nhiều (phóng to để xem từng dự án)"
        ),
        "outline": "Tình trạng: kiểu nét, điểm rỗng hay đặc",
        "export": "Tải các dự án đã lọc",
        "format_geojson": "GeoJSON",
        "format_xlsx": "Excel",
        "format_gpkg": "GeoPackage",
        "format_shp": "Shapefile (zip)",
        "export_geojson": "Dự án đã lọc (GeoJSON)",
        "export_preparing": "Đang chuẩn bị “{name}”… Lựa chọn lớn có thể mất đến một phút; tệp sẽ tự tải về.",
        "export_ready": "Đã tải về tệp {name}.",
        "export_failed": "Không xuất được tệp: {detail}",
        "export_offline": "không kết nối được tới máy chủ; hãy thử lại khi có mạng.",
        "export_xlsx": "Dự án đã lọc (Excel)",
        "progress_table": "Bảng tiến độ theo đơn vị ({n} đơn vị)",
        "progress_table_unit": "Đơn vị hành chính",
        "progress_table_mean": "Tiến độ bình quân",
        "progress_table_part": "Phần dự án trong đơn vị",
        "progress_table_files": "Tải bảng này",
        "progress_table_none": "Không có đơn vị nào theo bộ lọc.",
        "progress_table_total": "Tổng {unit} ({n} đơn vị)",
        "progress_table_all": "Tổng cộng ({n} đơn vị)",
        "progress_table_demo": "{figure} (minh họa)",
        "progress_table_demo_note": "(minh họa): tiến độ của đơn vị có tính tình trạng dự án lấy từ dữ liệu minh họa, "
        "không phải báo cáo thật.",
        "progress_table_total_note": "Dòng tổng: phần dự án của các đơn vị cộng lại thành số dự án có vị trí của tỉnh "
        "(dự án toàn tỉnh, không có vị trí, không thuộc đơn vị nào); cột số "
        "dự án không cộng được, vì dự án trải trên hai đơn vị được đếm ở cả hai. Tiến độ của dòng tổng là trung bình "
        "của các đơn vị (mỗi đơn vị theo phần dự án trong đó), chỉ gồm dự án có vị trí; trang của tỉnh "
        "(/units/…) là trung bình theo dự án, tính cả dự án toàn tỉnh không có vị trí, nên có thể khác.",
        "export_xlsx_note": "Các dự án theo bộ lọc: trang đầu cho báo cáo (tiếng Việt, chiều dài km, diện tích ha), "
        "sau đó trang dữ liệu đầy đủ (mọi trường, cả tiếng Anh, m và m²).",
        "export_gpkg": "Dự án đã lọc (GeoPackage)",
        "export_shp": "Dự án đã lọc (shapefile, zip)",
        "export_gis_note": "Các dự án theo bộ lọc, cho QGIS hay ArcGIS (WGS 84). Shapefile cắt các văn bản dài quá 254 "
        "byte (tệp README.txt trong zip kê các dự án bị cắt); GeoPackage giữ nguyên.",
        "export_geojson_note": "Mọi dự án theo các bộ lọc (tỉnh, loại, tình trạng, thời hạn, thời gian không có báo "
        "cáo, kế hoạch, nhiệm vụ, cơ quan), cả dự án chưa có vị trí, với tình trạng tính đến ngày đã chọn.",
        "progress_note": "Bộ lọc tình trạng, thời hạn và “Không có báo cáo từ” không áp dụng cho tiến độ. Tiến độ tính "
        "mọi dự án khớp các bộ lọc khác, thuộc kế hoạch nào hay không thuộc kế hoạch nào; chọn một kế hoạch để tính "
        "như báo cáo năm của kế hoạch đó (chỉ dự án của kế hoạch).",
        "weight": "Tiến độ bình quân theo",
        "budget_total": "Vốn",
        "budget_total_said": "{total} tỷ đồng ({funded} trong {n} dự án có số vốn; phần vốn theo tỷ lệ nằm trong đơn "
        "vị)",
        "demo_source": "DỮ LIỆU MINH HỌA",
        "source": "Nguồn",
        "name": "Tên",
        "code": "Mã",
        "layers": "Lớp bản đồ",
        "all": "Tất cả",
        "chosen": "mục đã chọn",
        "date_format": "nn/tt/nnnn",
        "date_problem": "Ngày không hợp lệ: gõ theo dạng ngày/tháng/năm, ví dụ 31/12/2024.",
        "no_such_day": "Không có ngày {day} trong lịch: hãy xem lại ngày và tháng.",
        "date_before_first": "Chưa có báo cáo nào trước {first}: bản đồ ngày đó chưa có dự án.",
        "date_future": "Ngày chưa tới: bản đồ hiện tình trạng hiện tại.",
        "chosen_filters": "Đang lọc",
        "matched": "{n} dự án khớp bộ lọc",
        "matched_one": "1 dự án khớp bộ lọc",
        "counting": "Đang đếm dự án…",
        "unlocated": "Sổ đăng ký có {n} dự án toàn tỉnh (không có vị trí): không vẽ trên bản đồ, nhưng bộ lọc và tệp "
        "“Dự án đã lọc” có tính chúng.",
        "unlocated_chosen": "{n} dự án toàn tỉnh (không có vị trí) khớp bộ lọc: không vẽ trên bản đồ, nhưng tệp "
        "“Dự án đã lọc” có tính chúng.",
        "scheme_of_province": {scheme: day.vi for scheme, day in SCHEME_DAYS.items()},
        "province_formerly": "gồm {names} cũ",
        "province_now_in": "nay thuộc {name}",
        "progress_filters_ignored": "Tiến độ không theo bộ lọc tình trạng, thời hạn, “Không có báo cáo từ” đang chọn: "
        "tính trên mọi dự án.",
        "due_by": "hạn {year}",
        "no_report_by_then": "chưa có báo cáo nào đến ngày này",
        "weighed_by": "Trọng số: {weight}.",
        "nothing_to_weigh": "không dự án nào có số liệu {weight} để tính",
        "none_to_weigh": "Không có dự án, hoặc không dự án nào có số liệu {weight}",
        "progress_uncovered": "Phần tỉnh chưa có ranh giới cấp {level} trong sổ đăng ký (không tính tiến độ)",
        "progress_not_chosen": "Tỉnh khác, không chọn (không tô tiến độ)",
        # a former district or a commune chosen (?unit=): the other units of the progress's boundaries
        "progress_units_not_chosen": {
            "pre2025": "Huyện khác, không chọn (không tô tiến độ)",
            "2025": "Xã, phường khác, không chọn (không tô tiến độ)",
        },
        # its boundary, on the map's legend and the printed sheet's
        "chosen_outline": "Ranh giới {units}",
        "address_problem": "Địa chỉ có giá trị bản đồ không nhận, đã bỏ qua: {values}",
        "address_taken": "bản đồ nhận: {values}",
        # the boundaries the map opens on (geo.queries.scheme_in_force), and the other one a tap away
        # short: a toolbar button (its title says the dates)
        "other_scheme": {"pre2025": "Ranh giới cũ", "2025": "Ranh giới mới"},
        "scheme_not_in_registry": "Sổ đăng ký chưa có đơn vị hành chính đang có hiệu lực hôm nay (từ 01/07/2025): "
        "bản đồ vẽ ranh giới trước 01/07/2025.",
        "scheme_without": "Sổ đăng ký chưa có đơn vị từ 01/07/2025 của {names}: dự án ở đó không có ranh giới xã, "
        "phường; chọn «Ranh giới cũ» để xem huyện.",
        "scheme_fallback": "Sổ đăng ký chưa có đơn vị từ 01/07/2025 của {names}: bản đồ vẽ ranh giới trước 01/07/2025.",
        # a day typed before the boundaries drawn came into force: said over the map, the day's boundaries a tap away
        "day_before_scheme": "Ngày {day} chưa có các tỉnh, xã, phường đang vẽ (có từ {start}); khi đó còn tỉnh, "
        "huyện cũ.",
        "day_scheme_button": "Xem ranh giới ngày {day}",
        "salinity_period": "Kỳ",
        # under the layers list, away from the zones' legend
        "salinity_zones_period": "Kỳ vùng nhiễm mặn",
        # a raster layer of several years (forest cover): in its legend, and under the layers list ({layer}: its title)
        "raster_year": "Năm",
        "raster_year_of": "Năm (lớp {layer})",
        # the 2025 provinces' former parts (maps.context), in the legend
        "former_parts": "Nét đứt: ranh giới tỉnh trước 01/07/2025",
        # {held}: the parts with communes in the registry, the plans' and those an office loaded (trial s73)
        "former_parts_blank": "Sổ đăng ký chỉ có ranh giới xã, phường ở {held}; {others}: để trống, không có xã, "
        "phường.",
        "season": {"dry": "Mùa khô {period}", "rainy": "Mùa mưa {period}"},
        "period_unknown": "Chưa có vùng nhiễm mặn kỳ {period}: bản đồ vẽ kỳ mới nhất ({newest}).",
        # a link's year of a raster layer that has no raster of that year ({years}: those loaded, newest first)
        "raster_year_unknown": "Chưa nạp ảnh “{layer}” năm {year}: bản đồ vẽ năm {drawn}; các năm đã nạp: {years}.",
        "raster_unreadable": "Không đọc được tệp ảnh che phủ rừng năm {year} (ảnh raster {raster}) nên không vẽ được "
        "năm này: bản đồ vẽ năm {drawn}; quản trị viên cần đặt lại tệp ảnh trên máy chủ.",
        "raster_unreadable_none": "Không đọc được tệp ảnh che phủ rừng năm {year} (ảnh raster {raster}) nên lớp rừng "
        "không vẽ được; quản trị viên cần đặt lại tệp ảnh trên máy chủ.",
        "progress_off": "Lớp tiến độ đang tắt: bật lại trong “Lớp bản đồ”.",
        "one_area_fill": "Mỗi lúc chỉ một lớp tô màu các vùng (màu của hai lớp chồng lên nhau không đọc được): "
        "đã tắt “{off}” để hiện “{on}”.",
        "names": "Tên địa danh, dự án",
        "context": "Tỉnh lân cận",
        "zoom_in": "Phóng to",
        "progress_title": "Tiến độ dự án theo đơn vị hành chính",
        "progress_title_of": "Tiến độ dự án theo đơn vị hành chính — {provinces}",
        "zoom_out": "Thu nhỏ",
        "my_location": "Vị trí của tôi",
        "locating": "Đang xác định vị trí của bạn…",
        "you_are_here": "Vị trí của bạn (chấm xanh): {lat}; {lon} (±{accuracy} m). Chạm vào đây để ẩn dòng này.",
        "location_failed": "Không xác định được vị trí của bạn:",
        "location_denied": "trình duyệt chưa được phép dùng vị trí; hãy cho phép trong phần cài đặt của trình duyệt "
        "rồi bấm lại nút.",
        "location_unavailable": "không có tín hiệu vị trí; hãy bật định vị (GPS) rồi bấm lại nút.",
        "location_timeout": "xác định vị trí quá lâu; hãy bấm lại nút, ở nơi thoáng hơn.",
        "location_unsupported": "Trình duyệt này chỉ cho biết vị trí trên trang mở bằng https: hãy mở bản đồ qua "
        "địa chỉ https của sổ đăng ký.",
    },
    "en": {
        "title": "Green-growth project map — georeg",
        "title_of": "Green-growth project map — {provinces}",
        "other_lang": "Tiếng Việt",
        "blank": "Sea and neighbouring provinces (offline)",
        "basemap": "Office basemap (offline)",
        "osm": "OpenStreetMap (needs internet)",
        "legend": "Legend",
        "filters": "Filters",
        "province": "Province",
        "unit": "District, commune",
        "unit_outside": "Chosen but not in the provinces filtered (kept; untick it if not wanted): {units}",
        "kind": "Project kind",
        "status": "Status",
        "plan": "Plan",
        "plan_action": "Plan action",
        "agency": "Lead agency",
        "agency_until": "until",
        "schedule": "Schedule",
        "no_report_months": "No report for",
        "no_report_off": "Not filtered",
        "no_report_for": "No report for {n} months",
        "months": "{n} months",
        "months_unreported": "no report for {n} months",
        "loaded_since": "status set by a GIS load; latest report {day}",
        "loaded_never": "status set by a GIS load; no report yet",
        "scheme": "Progress boundaries",
        "scheme_pre2025": "Districts (before 1 July 2025)",
        "scheme_2025": "Communes (from 1 July 2025)",
        "units_pre2025": "before 1 July 2025",
        "units_2025": "from 1 July 2025",
        "as_of": "As of",
        "now": "Now",
        "search": "Search by name (accents optional)…",
        "no_results": "Nothing found",
        "news_one": "1 new change at {time}:",
        "news_many": "{n} new changes at {time}:",
        "news_others": "and {n} other changes",
        "news_outside": "(Outside the map's filters: {n} more.)",
        "news_outside_only": "New changes at {time}, outside the map's filters: {n}.",
        "news_retired": "retired",
        "news_reloaded": "The projects were loaded again at {time}; the map is redrawn.",
        "news_reloaded_load": "The projects were loaded again at {time} (load {job}, {file}, {who}); the map is "
        "redrawn.",
        "news_command_line": "from the command line",
        "news_all": "All of today's changes",
        "news_past": "These changes were recorded after {day}, the date the map shows: the statuses above are today's, "
        "not on the map.",
        "news_past_one": "This change was recorded after {day}, the date the map shows: the status above is today's, "
        "not on the map.",
        "news_show_today": "Show today's map",
        "progress_layer": "Progress by unit (choropleth)",
        "progress": "Progress",
        "projects": "Projects",
        "projects_share": "Part within the unit",
        "projects_share_one": "{percent} % of the project",
        "project_part_here": "{percent} % of it lies here",
        "projects_share_many": "{part} of the {n} projects",
        "projects_share_note": "a project over several units, or known only to its district, counts by its part",
        "no_projects": "No projects",
        "percent": "% complete",
        "plan_ref": "Plan, action",
        "precision": "Location precision",
        "open_project": "Open the project page",
        "report_project": "Report its progress",
        "report_login": "Field officers: log in to report its progress",
        "open_unit": "Open the unit page",
        "province_progress": {"pre2025": "Progress of its districts", "2025": "Progress of its communes"},
        "merged": "projects merged at this zoom — zoom in to see each",
        "also_here": "{count} more project(s) at this spot:",
        "reported_on": "Reported on",
        "more_found": "More found: these are the first {count}; type more of the name to narrow them.",
        "merged_legend": "Several projects close together, merged (zoom in to see each)",
        "density_legend": (
            "Project density: each small square merges the projects there, darker for more (zoom in to see each)"
        ),
        "outline": "Status: line pattern, hollow or filled point",
        "export": "Download the filtered projects",
        "format_geojson": "GeoJSON",
        "format_xlsx": "Excel",
        "format_gpkg": "GeoPackage",
        "format_shp": "Shapefile (zip)",
        "export_geojson": "Filtered projects (GeoJSON)",
        "export_preparing": "Preparing “{name}”… A large selection can take up to a minute; the file then downloads "
        "by itself.",
        "export_ready": "Downloaded {name}.",
        "export_failed": "The file could not be exported: {detail}",
        "export_offline": "the server could not be reached; try again when you are online.",
        "export_xlsx": "Filtered projects (Excel)",
        "progress_table": "Progress by unit, as a table ({n} units)",
        "progress_table_unit": "Administrative unit",
        "progress_table_mean": "Mean progress",
        "progress_table_part": "Projects' part in the unit",
        "progress_table_files": "Download this table",
        "progress_table_none": "No unit under these filters.",
        "progress_table_total": "Total, {unit} ({n} units)",
        "progress_table_all": "Total ({n} units)",
        "progress_table_demo": "{figure} (demo)",
        "progress_table_demo_note": "(demo): the unit's progress counts project statuses from demonstration data, "
        "not real reports.",
        "progress_table_total_note": "Total rows: the units' parts of projects add up to the province's count of "
        "projects with a site (a province-wide project without one lies in no unit); the projects column does not add "
        "up, as a project across two units counts in each. A total's progress is the mean of its units (each by its "
        "projects' parts in it), of the projects with a site only; the province's own page (/units/…) is a mean by "
        "project that counts its province-wide projects without a site too, so it can differ.",
        "export_xlsx_note": "The projects the filters choose: first a sheet for a report (English, lengths in km, "
        "areas in ha), then the full data sheet (every field, Vietnamese too, m and m²).",
        "export_gpkg": "Filtered projects (GeoPackage)",
        "export_shp": "Filtered projects (shapefile, zip)",
        "export_gis_note": "The projects the filters choose, for QGIS or ArcGIS (WGS 84). A shapefile cuts texts "
        "longer than 254 bytes (the zip's README.txt names their projects); a GeoPackage keeps them whole.",
        "export_geojson_note": "Every project the filters choose (province, kind, status, schedule, time without a "
        "report, plan, plan action, agency), those with no location too, with its status as of the chosen date.",
        "progress_note": "The status, schedule and “No report for” filters do not apply to progress. Progress counts "
        "every project matching the other filters, in a plan or in none; choose a plan to count as that plan's yearly "
        "report does (only the plan's projects).",
        "weight": "Progress averaged by",
        "budget_total": "Budget",
        "budget_total_said": "{total} billion VND ({funded} of {n} projects have a budget figure; the part of each "
        "budget lying in the unit)",
        "demo_source": "DEMO DATA",
        "source": "Source",
        "name": "Name",
        "code": "Code",
        "layers": "Layers",
        "all": "All",
        "chosen": "chosen",
        "date_format": "dd/mm/yyyy",
        "date_problem": "Not a valid date: type day/month/year, e.g. 31/12/2024.",
        "no_such_day": "There is no day {day} in the calendar: check the day and the month.",
        "date_before_first": "No report before {first}: the map of that day has no project yet.",
        "date_future": "A day still to come: the map shows the current statuses.",
        "chosen_filters": "Filtered",
        "matched": "{n} projects match",
        "matched_one": "1 project matches",
        "counting": "Counting projects…",
        "unlocated": "The registry holds {n} province-wide projects (no site): not drawn, but the filters and the "
        "“Filtered projects” download count them.",
        "unlocated_chosen": "{n} province-wide projects (no site) match the filters: not drawn, but the “Filtered "
        "projects” download counts them.",
        "scheme_of_province": {scheme: day.en for scheme, day in SCHEME_DAYS.items()},
        "province_formerly": "includes former {names}",
        "province_now_in": "now in {name}",
        "progress_filters_ignored": "Progress does not follow the status, schedule or “No report for” chosen: it "
        "counts every project.",
        "due_by": "due {year}",
        "no_report_by_then": "no report by this day",
        "weighed_by": "Weighted by {weight}.",
        "nothing_to_weigh": "no project has the {weight} figure to weigh by",
        "none_to_weigh": "No projects, or none with the {weight} figure",
        "progress_uncovered": "Parts of the province with no {level} boundaries in the registry (no progress counted)",
        "progress_not_chosen": "Other provinces, not chosen (not coloured)",
        "progress_units_not_chosen": {
            "pre2025": "Other districts, not chosen (not coloured)",
            "2025": "Other communes, not chosen (not coloured)",
        },
        "chosen_outline": "Boundary of {units}",
        "address_problem": "Left out of the address, values the map does not know: {values}",
        "address_taken": "the map takes: {values}",
        "other_scheme": {"pre2025": "Former boundaries", "2025": "2025 boundaries"},
        "scheme_not_in_registry": "The registry holds no administrative units in force today (from 1 July 2025): "
        "the map draws the boundaries before 1 July 2025.",
        "scheme_without": "The registry holds no units from 1 July 2025 for {names}: its projects are drawn over no "
        "commune boundary; choose “Former boundaries” to see its districts.",
        "scheme_fallback": "The registry holds no units from 1 July 2025 for {names}: the map draws the boundaries "
        "before 1 July 2025.",
        "day_before_scheme": "On {day} the provinces and communes drawn did not exist yet (they date from {start}): "
        "the former provinces and districts were in force.",
        "day_scheme_button": "Show the boundaries of {day}",
        "salinity_period": "Period",
        "salinity_zones_period": "Salinity zones' period",
        "raster_year": "Year",
        "raster_year_of": "Year ({layer})",
        "former_parts": "Dashed: province boundaries before 1 July 2025",
        "former_parts_blank": "The registry holds commune boundaries only in {held}; {others}: left blank, no "
        "communes.",
        "season": {"dry": "Dry season {period}", "rainy": "Rainy season {period}"},
        "period_unknown": "No salinity zones of the period {period}: the map draws the newest ({newest}).",
        "raster_year_unknown": "No “{layer}” raster of {year} is loaded: the map draws {drawn}; years loaded: {years}.",
        "raster_unreadable": "The file of the {year} forest-cover raster (raster {raster}) cannot be read, so "
        "that year cannot be drawn: the map draws {drawn}; an administrator needs to put its file back on the server.",
        "raster_unreadable_none": "The file of the {year} forest-cover raster (raster {raster}) cannot be read, so the "
        "forest layer cannot be drawn; an administrator needs to put its file back on the server.",
        "progress_off": "The progress layer is off: turn it on in “Layers”.",
        "one_area_fill": "One layer colours the areas at a time (two layers' colours over each other cannot be "
        "read): “{off}” turned off to show “{on}”.",
        "names": "Place and project names",
        "context": "Neighbouring provinces",
        "zoom_in": "Zoom in",
        "progress_title": "Project progress by administrative unit",
        "progress_title_of": "Project progress by administrative unit — {provinces}",
        "zoom_out": "Zoom out",
        "my_location": "My location",
        "locating": "Finding your location…",
        "you_are_here": "Your location (the blue dot): {lat}, {lon} (±{accuracy} m). Tap here to hide this line.",
        "location_failed": "Could not find your location:",
        "location_denied": "the browser may not use the location; allow it in the browser's settings, then press the "
        "button again.",
        "location_unavailable": "no location signal; turn location (GPS) on, then press the button again.",
        "location_timeout": "locating took too long; press the button again, somewhere more open.",
        "location_unsupported": "This browser gives the location only to a page opened over https: open the map at "
        "the registry's https address.",
    },
}

#: A former province inside a 2025 one, as the web map names it (maps.context): plain text, as a GIS reads it; the
#: map keeps the name and what follows it on one line as it writes it (web_map.js): "former / Bến Tre", "Bến Tre cũ"
FORMER_PART = {"vi": "{name} cũ", "en": "former {name}"}

PAGE_TEXT: dict[str, dict[str, str]] = {
    "vi": {
        "back": "← Bản đồ",
        "attributes": "Thông tin",
        "code": "Mã",
        "kind": "Loại",
        "status": "Tình trạng",
        "percent": "% hoàn thành",
        "status_date": "Ngày báo cáo",
        "plan": "Kế hoạch",
        "plan_action": "Nhiệm vụ",
        "agency": "Cơ quan chủ trì",
        "agency_ended": "đến {day}; nay là {now}, {code}",
        "no_lead_in_plan": "Nhiệm vụ {action}: " + NO_LEAD.vi,
        "agency_uncertain": SUCCESSOR_UNCERTAIN.vi,
        "agency_formerly": FORMERLY.vi,
        "capacity": "Công suất, quy mô",
        "measured": "Chiều dài, diện tích (đo từ hình học)",
        "budget": "Vốn (tỷ đồng)",
        "funding": "Nguồn vốn",
        "years": "Thời gian",
        "years_from": "từ năm {start}",
        "years_until": "đến năm {end}",
        "schedule": "Thời hạn",
        "due_own": "hạn {year}, năm kết thúc của dự án",
        "due_plan": "hạn {year}, hết thời kỳ của kế hoạch {plan}",
        "precision": "Độ chính xác vị trí",
        "location_note": "Ghi chú vị trí",
        "where": "Địa bàn",
        "nearest_unit": "ngoài ranh giới, cách {km} km",
        "mostly_outside": "phần lớn nằm ngoài ranh giới",
        "partly_outside": "một phần nằm ngoài ranh giới",
        "shared_by_area": "vị trí chỉ biết đến huyện: chia cho các xã theo diện tích",
        "sources": "Nguồn (xuất xứ dữ liệu)",
        "source_file": "tệp dữ liệu",
        "description": "Mô tả",
        "timeline": "Diễn biến tiến độ",
        "history": "Lịch sử báo cáo",
        "history_order": "Ngày báo cáo mới nhất trước; dưới ngày báo cáo là lúc hệ thống ghi nhận (giờ Việt Nam).",
        "record_changes": "Thay đổi hồ sơ dự án khi nạp tệp",
        "record_changes_order": "Mới nhất trước: giá trị trước → sau của mỗi trường một lượt nạp đã đổi (tình trạng "
        "và tiến độ nằm trong lịch sử báo cáo ở trên).",
        "when": "Lúc ghi",
        "changes": "Thay đổi",
        "recorded": "ghi lúc",
        "flag_far": "⚑ gửi cách công trình {distance} (quá {limit} cho phép), người gửi đã xác nhận",
        "flag_rough": "⚑ vị trí người gửi chỉ chính xác đến ±{accuracy} (rộng hơn {limit} cho phép), người gửi đã xác "
        "nhận",
        "position_accuracy": "sai số vị trí ±{accuracy}",
        "over_limit": "quá {limit} cho phép",
        "province_wide_distance": "dự án toàn tỉnh: không có vị trí để đo khoảng cách",
        "sent_from_place": "gửi từ {place}",
        "key_site": "Dự án được báo cáo",
        "key_sent_point": "Nơi gửi báo cáo",
        "key_sent_line": "Gửi từ xa: từ dự án đến nơi gửi",
        "key_sent_commune": "Xã, phường nơi gửi",
        "unreported_title": "Dự án bạn phụ trách chưa có báo cáo từ {months} tháng: {n}",
        "unreported_intro": "Các dự án chưa xong trong phạm vi tài khoản của bạn (dự án cơ quan bạn chủ trì hoặc phối "
        "hợp, và các loại dự án trong đơn vị giao cho tài khoản), lâu nhất chưa báo cáo trước: hãy nhắc cán bộ đến "
        "hiện trường và báo cáo. Lượt nạp tệp GIS không tính là báo cáo: nó cập nhật sổ tại văn phòng, không phải "
        "một lần đến hiện trường.",
        "unreported_none": "Mọi dự án chưa xong bạn phụ trách đều có báo cáo trong {months} tháng qua.",
        # in charge of finished projects only (session 63): "every unfinished one reported on" was true vacuously
        "in_charge_finished": "Cả {n} dự án bạn phụ trách đều đã xong (đang vận hành, hoàn thành) hoặc đã hủy bỏ: "
        "không có dự án nào cần nhắc báo cáo.",
        "in_charge_finished_one": "Dự án duy nhất bạn phụ trách đã xong (đang vận hành, hoàn thành) hoặc đã hủy bỏ: "
        "không có dự án nào cần nhắc báo cáo.",
        # an account in charge of none (trial 68, a department of finance): "every one reported on" was true vacuously
        "in_charge_none": "Bạn chưa phụ trách dự án nào trong sổ đăng ký: không dự án nào do cơ quan của bạn chủ trì "
        "hoặc phối hợp, cũng không dự án nào thuộc loại dự án trong đơn vị giao cho tài khoản, nên không có dự án nào "
        "cần nhắc báo cáo. Bạn vẫn xem được mọi báo cáo từ hiện trường dưới đây (lọc theo cơ quan, người gửi) và "
        'mọi dự án trên <a href="{link}">bản đồ</a>. Nếu bạn phụ trách một dự án, hãy nhờ quản trị viên sổ đăng ký '
        "thêm đơn vị và loại dự án của nó vào tài khoản.",
        # an editor of an agency that writes yearly reports and has no project of its own (session 66): "ask the
        # administrator to add units and kinds" was no work of theirs
        "in_charge_reports": "Cơ quan của bạn không chủ trì hay phối hợp dự án nào trong sổ đăng ký, nên không có "
        "dự án nào cần nhắc báo cáo từ hiện trường. Việc của bạn là báo cáo năm của các nhiệm vụ cơ quan bạn chủ trì "
        '({actions}): viết và gửi trên trang <a href="{link}">Báo cáo hằng năm</a> (/monitoring). Bạn vẫn xem được '
        "mọi báo cáo từ hiện trường dưới đây.",
        "unreported_more": "Còn {n} dự án nữa: xem tất cả trên bản đồ",
        "unreported_log_in": '<a href="{link}">Đăng nhập</a> để xem các dự án bạn phụ trách chưa có báo cáo từ '
        "{months} tháng.",
        "last_report": "Báo cáo gần nhất",
        "never_reported": "chưa có báo cáo nào",
        "state_from_load": "tình trạng do lượt nạp GIS ghi ngày {day}",
        "no_lead_agency": "chưa ghi cơ quan chủ trì",
        "state_unchanged": "không đổi",
        "state_into_history": "ghi vào lịch sử, tình trạng hiện nay giữ nguyên",
        "field_reports_title": "Báo cáo từ hiện trường",
        "sender": "Người gửi",
        "reports_since": "Ghi nhận từ ngày",
        "day_typed": "ngày/tháng/năm",
        "day_refused": "«{typed}» không phải một ngày có thật: gõ ngày/tháng/năm, ví dụ 05/12/2026.",
        "reports_fix_day": "Sửa ngày trong ô «Ghi nhận từ ngày» rồi bấm Lọc để xem các báo cáo.",
        "reports_count": "{n} báo cáo",
        "reports_count_one": "1 báo cáo",
        "reports_newest_of": "{n} báo cáo mới nhất trong {total}: để xem các báo cáo cũ hơn, chọn «Ghi nhận từ ngày», "
        "cơ quan hoặc người gửi",
        "reports_newest_of_one": "Báo cáo mới nhất trong {total}: để xem các báo cáo cũ hơn, chọn «Ghi nhận từ ngày», "
        "cơ quan hoặc người gửi",
        "field_reports_intro": "Các báo cáo tiến độ cán bộ các cơ quan gửi từ hiện trường, mới ghi nhận nhất trước; "
        "tối đa {limit} báo cáo. ⚑: báo cáo gửi từ xa công trình, hoặc từ vị trí chưa chính xác, cần kiểm tra.",
        "field_reports_none": "Không có báo cáo nào từ hiện trường khớp bộ lọc.",
        "reports_day_to_come": "Ngày {day} chưa tới, nên chưa có báo cáo nào: hãy xem lại ngày và tháng.",
        "reports_province": "Tỉnh",
        "changes_title": "Thay đổi từ ngày {day}",
        # the sections in the page's order: the loads, a few rows, first (trial 65, F21)
        "changes_intro": "Những gì sổ đăng ký ghi nhận từ ngày đã chọn (giờ Việt Nam), mới nhất trước: các lượt nạp "
        "vùng nhiễm mặn và ảnh che phủ rừng, các ảnh che phủ rừng được gỡ, tình trạng mới của các dự án (báo cáo từ "
        "hiện trường, nạp từ tệp, nhập lịch sử), dự án được thêm, được đưa ra khỏi sổ, và thông tin dự án được một "
        "lượt nạp sửa. "
        "Dùng để báo cáo “từ lần họp trước”.",
        "changes_since": "Từ ngày",
        "changes_title_typed": "Thay đổi từ một ngày",
        "changes_fix_day": "Sửa ngày trong ô «Từ ngày» rồi bấm Lọc để xem các thay đổi.",
        "to_check": "⚑ cần kiểm tra",
        "see_changes": "Mọi thay đổi từ một ngày, cả các lượt nạp tệp →",
        "changes_statuses_title": "Tình trạng mới",
        "changes_added_title": "Dự án được thêm",
        "changes_retired_title": "Dự án đưa ra khỏi sổ",
        "changes_edited_title": "Thông tin dự án được sửa (khi nạp tệp)",
        "changes_salinity_title": "Vùng nhiễm mặn được nạp",
        "changes_forest_title": "Ảnh che phủ rừng được nạp",
        "changes_forest_removed_title": "Ảnh che phủ rừng được gỡ",
        "changes_removed_by": "Người gỡ",
        "changes_removed": "Đã gỡ",
        "changes_layer": "Lớp dữ liệu",
        "changes_zones": "Số vùng",
        "changes_units": "Số đơn vị hành chính có số liệu che phủ",
        "changes_loaded_by": "Người nạp",
        "changes_outline": "Vùng thay đổi (đường bao)",
        "changes_status": "Trước → nay",
        "changes_reason": "Lý do",
        "changes_more": "… và {n} mục cũ hơn: tệp Excel hay CSV ở trên liệt kê tới {in_file} mục, một bộ lọc hẹp hơn "
        "(một tỉnh, ngày gần hơn) liệt kê ít hơn.",
        "changes_counted_key": "Dự án thay đổi, đếm theo ô vuông khoảng {km} km (càng đậm càng nhiều): đủ {n} dự án "
        "(danh sách dưới đây chỉ ghi {listed} mục mới nhất mỗi loại, tệp Excel tới {in_file})",
        "changes_unsited_key": "{n} dự án không có vị trí (không vẽ)",
        "reports_agency": "Cơ quan người gửi",
        "reports_reporter": "Người gửi",
        "reports_flagged": "Chỉ báo cáo cần kiểm tra (⚑)",
        "reports_filter": "Lọc",
        "reports_unit": "Huyện (cũ) / xã (2025)",
        "reports_unit_pre2025": "Huyện, thị xã, thành phố (trước 1/7/2025)",
        "reports_unit_2025": "Xã, phường (từ 1/7/2025)",
        "reports_download": "Tải danh sách này:",
        "reports_download_xlsx": "Excel (XLSX)",
        "reports_download_csv": "CSV",
        "reports_filters_open": "Bộ lọc",
        "reports_map_open": "Bản đồ nơi gửi",
        "no_review_needed": "không cần xem xét",
        "no_review_needed_why": "gửi tại công trình, vị trí đủ chính xác",
        "no_review_unmeasured": "không đo được khoảng cách đến công trình (dự án toàn tỉnh, hoặc vị trí dự án chỉ là "
        "tâm huyện): không xét theo khoảng cách",
        # the units of the report's day: no districts since 1 July 2025 (trial 64 read "commune or district" in 2026)
        "sent_at_sea_pre2025": "gửi ngoài khơi, cách {place} {distance} (ngoài ranh giới xã, huyện)",
        "sent_at_sea_2025": "gửi ngoài khơi, cách {place} {distance} (ngoài mọi xã/phường)",
        "sent_on_coast": "gửi từ bờ biển {place}",
        "flagged_title": "Báo cáo cần kiểm tra: gửi từ xa công trình hoặc từ vị trí chưa chính xác",
        "flagged_intro": "Các báo cáo tiến độ được nhận dù gửi từ xa công trình hơn khoảng cách cho phép với loại dự "
        "án đó, hoặc từ một vị trí mà điện thoại chỉ biết với sai số rộng hơn khoảng cách ấy, vì người gửi đã xác "
        "nhận: có thể gửi từ văn phòng chứ không phải tại công trình. Hãy kiểm tra với cơ quan đã gửi, rồi ghi kết "
        "luận ở cột Kiểm tra: «Đúng» thì báo cáo được tính; «Bác bỏ» (ghi lý do) thì báo cáo vẫn nằm trong lịch sử "
        "nhưng không được tính, dự án trở lại tình trạng của báo cáo trước đó. Người kiểm tra là tài khoản phụ trách "
        "dự án (đăng nhập ở /login), không phải người gửi. Mới ghi nhận nhất trước; tối đa {limit} báo cáo.",
        "flagged_none": "Không có báo cáo nào cần kiểm tra khớp bộ lọc.",
        "review": "Kiểm tra",
        "review_to_do": "Chưa kiểm tra",
        "reviews_to_do": "{n} báo cáo chưa kiểm tra",
        "reviews_to_do_one": "1 báo cáo chưa kiểm tra",
        "review_confirm": "✓ Đúng, tính báo cáo này",
        "review_reject": "✗ Bác bỏ",
        "review_reason": "Lý do bác bỏ",
        "review_change": "Đổi kết luận",
        "review_confirmed": "✓ Đúng — {who}, {when}",
        "review_rejected": "✗ Bác bỏ — {who}, {when}: {note}",
        "review_offline": "Không gửi được: mất kết nối. Hãy thử lại khi có mạng.",
        "review_own": "Báo cáo của bạn: người khác kiểm tra.",
        "review_replaced": "(thay cho «{verdict}» — {who}, {when})",
        "review_not_yours": "Dự án không thuộc phạm vi của bạn: người phụ trách dự án kiểm tra.",
        "review_log_in": 'Người phụ trách dự án <a href="{link}">đăng nhập</a> để ghi kết luận.',
        "reports_unreviewed": "Chỉ báo cáo chưa kiểm tra",
        "rejected_report": "(không tính vào tình trạng, tiến độ)",
        "photo_rejected": "✗ báo cáo bị bác bỏ, không tính",
        "all": "Tất cả",
        "flagged_link": "Các báo cáo gửi từ xa công trình",
        "project": "Dự án",
        "distance": "Khoảng cách",
        "earlier_reports": "… và {n} báo cáo trước đó: xem toàn bộ lịch sử ở {link}.",
        "earlier_reports_one": "… và 1 báo cáo trước đó: xem toàn bộ lịch sử ở {link}.",
        "report_project": "Báo cáo tiến độ dự án này (cán bộ hiện trường, tại công trình)",
        "report_login": "Cán bộ hiện trường: đăng nhập để báo cáo tiến độ dự án này",
        "date": "Ngày",
        "note": "Ghi chú",
        "source": "Nguồn",
        "photos": "Ảnh",
        "see_photo": "Xem ảnh",
        "photo_of": "Ảnh của báo cáo {report}",
        "demo": "DỮ LIỆU MINH HỌA",
        "retired": "Dự án đã được đưa ra khỏi sổ đăng ký ngày {date}: {reason}",
        "exports": "Tải xuống",
        "progress": "Tiến độ",
        "demo_figure": "{figure} (minh họa)",  # a figure counting demonstration statuses, as the sheets mark it
        "progress_over_time": "Tiến độ cuối mỗi năm (%)",
        "demo_statuses": "{n} dự án có tình trạng lấy từ dữ liệu minh họa, không phải báo cáo thật; tiến độ của đơn vị "
        "có tính chúng.",
        "demo_status": "1 dự án có tình trạng lấy từ dữ liệu minh họa, không phải báo cáo thật; tiến độ của đơn vị có "
        "tính dự án đó.",
        "progress_basis": "<b>Trung bình theo dự án:</b> % hoàn thành bình quân của mọi dự án của đơn vị hôm nay "
        "({day}), thuộc kế hoạch nào hay không thuộc kế hoạch nào, mỗi dự án theo phần nằm trong đơn vị; không theo "
        "bộ lọc hay ngày đang chọn trên bản đồ. Báo cáo năm của một kế hoạch chỉ tính dự án của kế hoạch đó, nên số "
        "dự án, vốn và tiến độ ở đó có thể khác trang này.",
        "progress_basis_province": "Dòng tổng của tỉnh ở trang Tiến độ (/progress) là trung bình của các đơn vị "
        "của tỉnh, chỉ gồm dự án có vị trí trong các đơn vị đó, nên có thể khác số ở đây.",
        "progress_basis_unlocated": "{n} dự án toàn tỉnh không có vị trí được tính ở đây, không tính ở đó.",
        "projects_added": "+{n}",
        "projects_added_note": "“+N” trên một điểm: số dự án được tính thêm từ thời điểm đó. Dự án mới bắt đầu ở "
        "0 %, nên tiến độ bình quân có thể giảm khi nhiều dự án mới vào cùng lúc (ví dụ sau một lần nạp tệp), dù không "
        "dự án nào lùi lại.",
        "by_status": "Số dự án theo tình trạng",
        "map_key": "Chú giải",
        "unlocated_key": "{n} dự án toàn tỉnh, không có vị trí (không vẽ)",
        "unit_too_many_to_draw": "Đơn vị có {n} dự án có vị trí, quá {most} để vẽ trên bản đồ của trang này.",
        "unit_on_web_map": "Xem các dự án trên bản đồ →",
        "projects": "Dự án",
        "folded_projects": "{n} dự án tiếp theo",
        "now": "nay",
        "projects_order": "Xếp theo phần của dự án trong đơn vị, rồi theo vốn đầu tư, từ lớn đến nhỏ",
        "more_projects": "… và {n} dự án khác (bản đồ và tệp xuất có đủ mọi dự án)",
        "share": "Tỷ lệ trong đơn vị",
        "unit_budget": "Vốn: <b>{total} tỷ đồng</b> ({funded} trong {n} dự án có số vốn), trong đó {behind} tỷ đồng "
        "ở dự án chưa khởi công (đề xuất, chuẩn bị đầu tư) hoặc quá hạn.",
        "unit_budget_none": "Vốn: chưa dự án nào có số vốn (0 trong {n} dự án).",
        "unit_no_report": "<b>{n} dự án</b> chưa xong không có báo cáo từ {months} tháng trở lên.",
        "unit_no_report_one": "<b>1 dự án</b> chưa xong không có báo cáo từ {months} tháng trở lên.",
        "unit_no_report_map": "Xem trên bản đồ",
        "unit_budget_behind_unknown": "Chỉ {behind_with_budget} trong {behind} dự án chưa khởi công hoặc quá hạn có "
        "số vốn: phần vốn của các dự án còn lại chưa biết.",
        "unit_budget_basis": "Phần vốn theo tỷ lệ nằm trong đơn vị: dự án trải qua nhiều đơn vị được tính theo phần "
        "nằm ở đây (cột “Tỷ lệ trong đơn vị”); không kể dự án đã hủy.",
        "no_projects": "Không có dự án",
        "indicators": "Chỉ tiêu kế hoạch (số liệu toàn tỉnh {area})",
        "indicators_plain": "Chỉ tiêu kế hoạch (toàn tỉnh)",
        "former_province": "{name} cũ",
        "unreported": "{n} chỉ tiêu chưa có số liệu báo cáo",
        "indicator": "Chỉ tiêu",
        "target": "Mục tiêu",
        "latest": "Giá trị mới nhất",
        "on_track": "Đúng tiến độ",
        # a value the registry computed from a forest raster, withdrawn when the raster was removed (session 63)
        "indicator_withdrawn": "Giá trị năm {period} tính từ «{source}» đã bị rút lại ngày {day}: {who} đã gỡ ảnh "
        "che phủ rừng đó.",
        "indicator_none_held": "Năm {period} chưa có giá trị nào khác.",
        "indicator_held_again": "Giá trị hiện hành lại là giá trị nhập tay: {value} do {by} nhập ngày {day}.",
        "forest": "Che phủ rừng",
        "forest_ha": "Diện tích rừng (ha)",
        "cover": "Tỷ lệ che phủ (%)",
        # the unit's cover when the plan's indicator above gives it (the province's page): said there, once
        "cover_in_indicators": "diện tích rừng này trên diện tích tỉnh: số ở dòng “{indicator}” ({plan}) của bảng "
        "chỉ tiêu trên",
        "partly_covered": "Không có số liệu: ảnh chỉ phủ {share} % diện tích đơn vị này (cần từ 95 %).",
        "forest_of_plan_area": "Tỷ lệ che phủ rừng trong bảng chỉ tiêu ở trên là của toàn tỉnh {area}, không phải "
        "của đơn vị này.",
        "forest_boundaries": "Diện tích rừng trong ranh giới của đơn vị. Ranh giới trước và từ 01/07/2025 khác nhau ở "
        "ven biển (ranh giới các xã, phường mới vươn ra bãi bồi), nên tổng rừng của các xã mới thuộc một tỉnh cũ khác "
        "với số của chính tỉnh cũ đó.",
        "forest_computing": "Đang tính che phủ rừng năm {years} từ ảnh vừa nạp; số liệu sẽ có ở đây khi tính xong.",
        "salinity": "Nhiễm mặn (tỷ lệ diện tích theo cấp ECe, dS/m)",
        "unclassified": "không có số liệu",
        "other_class": "cấp khác ({code})",
        "salinity_read": "Nguồn: {source}, nạp ngày {day}",
        "salinity_others": "Cùng kỳ còn có vùng mặn của: {sources} (không tính vào tỷ lệ trên)",
        "salinity_periods": "Các kỳ khác: {periods}",
        "salinity_all_periods": "Các kỳ có vùng mặn: {periods}",
        "salinity_period_covered": "{period} (phủ {share} %)",
        "salinity_coverage": "Vùng mặn của kỳ này phủ {share} % diện tích đơn vị.",
        "salinity_newest_thin": "Kỳ mới nhất, {period}, chỉ phủ {share} % diện tích đơn vị: trang cho thấy kỳ mới "
        "nhất phủ từ một nửa đơn vị trở lên.",
        "salinity_unknown": "Không có vùng mặn của kỳ {period}: trang cho thấy kỳ {shown}. {said}",
        "area": "Diện tích (ha)",
        "boundary": "Ranh giới",
        "valid": "Hiệu lực",
        "province": "Tỉnh",
        "now_in": "Nay thuộc (từ 01/07/2025)",
        "registry_part": "Trong số các dự án của sổ đăng ký: các dự án của {covered} cũ; sổ đăng ký không theo dõi "
        "{others} cũ.",
        "now_units": "Nay thuộc các xã, phường (phần diện tích của đơn vị này ở mỗi nơi)",
        "formerly_merged": "Trước 01/07/2025 gồm (phần diện tích của tỉnh)",
        "formerly_in": "Trước 01/07/2025 thuộc (phần diện tích của đơn vị này)",
        "export_png": "Xuất ảnh PNG",
        "export_html": "Xuất HTML",
        "yes": "có",
        "no": "không",
    },
    "en": {
        "back": "← Map",
        "attributes": "Attributes",
        "code": "Code",
        "kind": "Kind",
        "status": "Status",
        "percent": "% complete",
        "status_date": "Status date",
        "plan": "Plan",
        "plan_action": "Plan action",
        "agency": "Lead agency",
        "agency_ended": "until {day}; now {now}, {code}",
        "no_lead_in_plan": "Action {action}: " + NO_LEAD.en,
        "agency_uncertain": SUCCESSOR_UNCERTAIN.en,
        "agency_formerly": FORMERLY.en,
        "capacity": "Capacity, size",
        "measured": "Length, area (measured from the geometry)",
        "budget": "Budget (billion VND)",
        "funding": "Funding source",
        "years": "Period",
        "years_from": "from {start}",
        "years_until": "until {end}",
        "schedule": "Schedule",
        "due_own": "due {year}, the project's end year",
        "due_plan": "due {year}, the end of plan {plan}'s period",
        "precision": "Location precision",
        "location_note": "Location note",
        "where": "Administrative units",
        "nearest_unit": "outside its boundary, {km} km off",
        "mostly_outside": "mostly outside its boundary",
        "partly_outside": "part of it lies outside the boundary",
        "shared_by_area": "the site is known only to its district: shared among the communes by area",
        "sources": "Sources (provenance)",
        "source_file": "data file",
        "description": "Description",
        "timeline": "Progress over time",
        "history": "Status history",
        "history_order": "Latest report date first; under each date, when the registry recorded it (Vietnam time).",
        "record_changes": "Changes to the project's record by loads",
        "record_changes_order": "Newest first: each field a load changed, before → after (its status and progress "
        "are in the report history above).",
        "when": "Recorded",
        "changes": "Changes",
        "recorded": "recorded",
        "flag_far": "⚑ sent {distance} from the site (over the {limit} allowed), confirmed by the sender",
        "flag_rough": "⚑ the sender's position was known only to ±{accuracy} (wider than the {limit} allowed), "
        "confirmed by the sender",
        "position_accuracy": "position ±{accuracy}",
        "over_limit": "over the {limit} allowed",
        "province_wide_distance": "province-wide project: no site to measure from",
        "sent_from_place": "sent from {place}",
        "key_site": "Project reported on",
        "key_sent_point": "Where the report was sent from",
        "key_sent_line": "Sent from afar: from the project to the sender",
        "key_sent_commune": "Commune or ward sent from",
        "unreported_title": "Your projects with no report for {months} months: {n}",
        "unreported_intro": "The projects not finished within your account's reach (those your agency leads or "
        "partners, and those of your kinds within your units), the longest without a report first: ask an officer "
        "to visit and report. A GIS file load does not count as a report: it updates the registry from the office, it "
        "is no visit to the site.",
        "unreported_none": "Every unfinished project in your charge has had a report in the last {months} months.",
        "in_charge_finished": "All {n} projects in your charge are finished (in operation, completed) or cancelled: "
        "there is none to chase a report on.",
        "in_charge_finished_one": "The one project in your charge is finished (in operation, completed) or cancelled: "
        "there is none to chase a report on.",
        "in_charge_none": "You are in charge of no project in the registry: none is led or partnered by your agency, "
        "or of your account's kinds within its units, so there is none to chase a report on. You can still read every "
        'field report below (filtered by agency or sender) and every project on the <a href="{link}">map</a>. If a '
        "project is in your charge, ask the registry's administrator to add its unit and kind to your account.",
        "in_charge_reports": "Your agency leads or partners no project in the registry, so there is no field report "
        "to chase. Your work is the yearly reports of the plan actions your agency leads ({actions}): write and send "
        'them on the <a href="{link}">yearly reports</a> page (/monitoring). You can still read every field report '
        "below.",
        "unreported_more": "{n} more: see them all on the map",
        "unreported_log_in": '<a href="{link}">Log in</a> to see the projects in your charge with no report for '
        "{months} months.",
        "last_report": "Latest report",
        "never_reported": "no report yet",
        "state_from_load": "status last set by a GIS load on {day}",
        "no_lead_agency": "no lead agency recorded",
        "state_unchanged": "unchanged",
        "state_into_history": "into the history, the current state stays",
        "field_reports_title": "Reports from the field",
        "sender": "Sender",
        "reports_since": "Recorded since",
        "day_typed": "dd/mm/yyyy",
        "day_refused": "“{typed}” is not a day: type dd/mm/yyyy, e.g. 05/12/2026.",
        "reports_fix_day": "Correct the day in “Recorded since”, then press Filter to see the reports.",
        "reports_count": "{n} reports",
        "reports_count_one": "1 report",
        "reports_newest_of": "The {n} newest of {total} reports: to see the earlier ones, choose “Recorded since”, "
        "an agency or a sender",
        "reports_newest_of_one": "The newest of {total} reports: to see the earlier ones, choose “Recorded since”, "
        "an agency or a sender",
        "field_reports_intro": "The status reports the agencies' officers sent from the field, latest recorded first; "
        "{limit} at most. ⚑: sent from afar, or from a rough position: to check.",
        "field_reports_none": "No report from the field matches the filters.",
        "reports_day_to_come": "{day} has not come yet, so no report is from then: check the day and month.",
        "reports_province": "Province",
        "changes_title": "Changes since {day}",
        "changes_intro": "What the registry recorded since the day chosen (Vietnam time), newest first: the loads of "
        "salinity zones and forest-cover rasters, the forest-cover rasters removed, the projects' new statuses (field "
        "reports, loads from files, imported histories), the projects added, retired, and those whose values a load "
        "changed. "
        "For a briefing's “since the last meeting”.",
        "changes_since": "Since",
        "changes_title_typed": "Changes since a day",
        "changes_fix_day": "Correct the day in “Since”, then press Filter to see the changes.",
        "to_check": "⚑ to check",
        "see_changes": "Every change since a given day, file loads included →",
        "changes_statuses_title": "New statuses",
        "changes_added_title": "Projects added",
        "changes_retired_title": "Projects retired",
        "changes_edited_title": "Project values changed (by loads)",
        "changes_salinity_title": "Salinity zones loaded",
        "changes_forest_title": "Forest-cover rasters loaded",
        "changes_forest_removed_title": "Forest-cover rasters removed",
        "changes_removed_by": "Removed by",
        "changes_removed": "What was removed",
        "changes_layer": "Data layer",
        "changes_zones": "Zones",
        "changes_units": "Administrative units with a cover figure",
        "changes_loaded_by": "Loaded by",
        "changes_outline": "Area changed (outline)",
        "changes_status": "Before → now",
        "changes_reason": "Reason",
        "changes_more": "… and {n} older ones: the Excel or CSV file above lists up to {in_file}, a narrower filter "
        "(one province, a later day) lists fewer.",
        "changes_counted_key": "Projects changed, counted in squares of about {km} km (the darker, the more): all {n} "
        "of them (the lists below give the newest {listed} of each kind, the Excel file up to {in_file})",
        "changes_unsited_key": "{n} projects with no site (not drawn)",
        "reports_agency": "Senders' agency",
        "reports_reporter": "Sender",
        "reports_flagged": "Only the reports to check (⚑)",
        "reports_filter": "Filter",
        "reports_unit": "District (former) / commune (2025)",
        "reports_unit_pre2025": "Districts, towns and cities (before 1/7/2025)",
        "reports_unit_2025": "Communes and wards (from 1/7/2025)",
        "reports_download": "Download this list:",
        "reports_download_xlsx": "Excel (XLSX)",
        "reports_download_csv": "CSV",
        "reports_filters_open": "Filters",
        "reports_map_open": "Map of where reports came from",
        "no_review_needed": "no review needed",
        "no_review_needed_why": "sent at the site, from a position known well enough",
        "no_review_unmeasured": "no distance to the works can be measured (a province-wide project, or a site known "
        "only as its district's centre): not checked for distance",
        "sent_at_sea_pre2025": "sent at sea, {distance} off {place} (outside any commune or district)",
        "sent_at_sea_2025": "sent at sea, {distance} off {place} (outside any commune or ward)",
        "sent_on_coast": "sent on the coast of {place}",
        "flagged_title": "Reports to check: sent from afar or from a rough position",
        "flagged_intro": "The status reports accepted though sent from farther from their site than the project's "
        "kind allows, or from a position their phone knew only more roughly than that, because the sender confirmed: "
        "they may have been filed from the office rather than on site. Check them with the agency that sent them, then "
        "give your verdict in the Review column: «It stands» counts the report; «Reject» (with the reason) keeps it in "
        "the history but leaves it out, the project back at the status of the report before. A reviewer is an "
        "account in charge of the project (log in at /login), not the sender. Latest recorded first; {limit} at most.",
        "flagged_none": "No report to check matches the filters.",
        "review": "Review",
        "review_to_do": "Not reviewed yet",
        "reviews_to_do": "{n} reports not reviewed yet",
        "reviews_to_do_one": "1 report not reviewed yet",
        "review_confirm": "✓ It stands: count it",
        "review_reject": "✗ Reject",
        "review_reason": "Why it is rejected",
        "review_change": "Change the verdict",
        "review_confirmed": "✓ Stands — {who}, {when}",
        "review_rejected": "✗ Rejected — {who}, {when}: {note}",
        "review_offline": "Not sent: no connection. Try again when online.",
        "review_own": "Your report: someone else reviews it.",
        "review_replaced": "(replacing «{verdict}» — {who}, {when})",
        "review_not_yours": "Not a project of yours: those in charge of it review it.",
        "review_log_in": 'Those in charge of the projects <a href="{link}">log in</a> to give their verdicts.',
        "reports_unreviewed": "Only those not reviewed yet",
        "rejected_report": "(not counted in its status, progress)",
        "photo_rejected": "✗ report rejected, not counted",
        "all": "All",
        "flagged_link": "Reports sent from afar",
        "project": "Project",
        "distance": "Distance",
        "earlier_reports": "… and {n} earlier reports: the whole history is in {link}.",
        "earlier_reports_one": "… and 1 earlier report: the whole history is in {link}.",
        "report_project": "Report this project's progress (field officers, at the site)",
        "report_login": "Field officers: log in to report this project's progress",
        "date": "Date",
        "note": "Note",
        "source": "Source",
        "photos": "Photos",
        "see_photo": "See the photo",
        "photo_of": "Photo of the report of {report}",
        "demo": "DEMO DATA",
        "retired": "This project was retired from the registry on {date}: {reason}",
        "exports": "Download",
        "progress": "Progress",
        "demo_figure": "{figure} (demo)",  # a figure counting demonstration statuses, as the sheets mark it
        "progress_over_time": "Progress at each year's end (%)",
        "demo_statuses": "{n} projects have a status from demonstration data, not a real report; the unit's progress "
        "counts them.",
        "demo_status": "1 project has a status from demonstration data, not a real report; the unit's progress counts "
        "it.",
        "progress_basis": "<b>Mean by project:</b> the mean percent complete of every project of the unit today "
        "({day}), in a plan or in none, each project by its part in the unit; not the filters or date chosen on the "
        "map. A plan's yearly report counts only that plan's projects, so its project counts, budgets and progress can "
        "differ from this page's.",
        "progress_basis_province": "The province's total row on the Progress page (/progress) is the mean of its "
        "units, of the projects with a site in them only, so it can differ from the figure here.",
        "progress_basis_unlocated": "{n} province-wide projects with no site are counted here, not there.",
        "projects_added": "+{n}",
        "projects_added_note": "“+N” over a point: the projects counted from that point on. New projects start at "
        "0 %, so the mean progress can fall when many enter at once (after a file is loaded, for instance) though no "
        "project went back.",
        "by_status": "Projects by status",
        "map_key": "Key",
        "unlocated_key": "{n} province-wide projects with no site (not drawn)",
        "unit_too_many_to_draw": "The unit has {n} projects with a site, more than the {most} this page's map draws.",
        "unit_on_web_map": "See them on the map →",
        "projects": "Projects",
        "folded_projects": "The next {n} projects",
        "now": "now",
        "projects_order": "By the project's share in the unit, then its budget, largest first",
        "more_projects": "… and {n} more projects (the map and the exports hold them all)",
        "share": "Share in the unit",
        "unit_budget": "Budget: <b>{total} billion VND</b> ({funded} of {n} projects have a budget figure), of which "
        "{behind} billion VND in projects not started (proposed, investment preparation) or past due.",
        "unit_budget_none": "Budget: no project has a budget figure (0 of {n} projects).",
        "unit_no_report": "<b>{n} projects</b> not finished have had no report for {months} months or more.",
        "unit_no_report_one": "<b>1 project</b> not finished has had no report for {months} months or more.",
        "unit_no_report_map": "Show on the map",
        "unit_budget_behind_unknown": "Only {behind_with_budget} of the {behind} projects not started or late have a "
        "budget figure: the others' part is not known.",
        "unit_budget_basis": "The part of each budget lying in the unit: a project over several units counts by its "
        "share here (the “Share in the unit” column); cancelled projects are left out.",
        "no_projects": "No projects",
        "indicators": "Plan indicators (figures of the whole of {area})",
        "indicators_plain": "Plan indicators (whole province)",
        "former_province": "former {name}",
        "unreported": "{n} indicators with no value reported yet",
        "indicator": "Indicator",
        "target": "Target",
        "latest": "Latest value",
        "on_track": "On track",
        "indicator_withdrawn": "The value of {period} computed from “{source}” was withdrawn on {day}: {who} removed "
        "that forest-cover raster.",
        "indicator_none_held": "No other value is held for {period}.",
        "indicator_held_again": "The value held is again the one entered by hand: {value}, entered by {by} on {day}.",
        "forest": "Forest cover",
        "forest_ha": "Forest (ha)",
        "cover": "Cover (%)",
        "cover_in_indicators": "this forest area over the province's area: the figure in the row “{indicator}” "
        "({plan}) of the indicators above",
        "partly_covered": "No data: the raster covers {share} % of this unit (95 % needed).",
        "forest_of_plan_area": "The forest cover among the plan indicators above is that of the whole of {area}, not "
        "this unit's.",
        "forest_boundaries": "Forest within the unit's boundary. The boundaries before and from 1 July 2025 differ "
        "along the coast (the 2025 communes' reach over the tidal flats), so the forest summed over the 2025 communes "
        "of a former province differs from that province's own figure.",
        "forest_computing": "The forest cover of {years} is being computed from a raster just loaded; its figures "
        "will show here once done.",
        "salinity": "Salinity (share of the area per ECe class, dS/m)",
        "unclassified": "no data",
        "other_class": "other class ({code})",
        "salinity_read": "Source: {source}, loaded on {day}",
        "salinity_others": "Salinity zones of this period also come from: {sources} (not counted in the shares above)",
        "salinity_periods": "Other periods: {periods}",
        "salinity_all_periods": "Periods with salinity zones: {periods}",
        "salinity_period_covered": "{period} (covering {share} %)",
        "salinity_coverage": "This period's zones cover {share} % of the unit.",
        "salinity_newest_thin": "The newest period, {period}, covers only {share} % of the unit: the page shows the "
        "newest period covering at least half of it.",
        "salinity_unknown": "No salinity zones of the period {period}: shown instead, {shown}. {said}",
        "area": "Area (ha)",
        "boundary": "Boundary",
        "valid": "Valid",
        "province": "Province",
        "now_in": "Now part of (from 1 July 2025)",
        "registry_part": "Of the registry's projects: those of former {covered}; the registry does not cover former "
        "{others}.",
        "now_units": "Now in the communes and wards (the share of this unit in each)",
        "formerly_merged": "Formerly, before 1 July 2025 (share of the province)",
        "formerly_in": "Formerly part of, before 1 July 2025 (share of this unit)",
        "export_png": "Export PNG",
        "export_html": "Export HTML",
        "yes": "yes",
        "no": "no",
    },
}


#: The query parameters a page's form sets, by the page's route, and the key of the form's label for each in the page's
#: texts (the web map's for /progress); a parameter with no field on the page (a limit, a level) has none.
_FORM_FIELDS: dict[str, tuple[dict[str, dict[str, Any]], dict[str, str]]] = {
    "/status-reports": (
        PAGE_TEXT,
        {f: f"reports_{f}" for f in ("province", "agency", "reporter", "since", "flagged", "unreviewed")},
    ),
    "/progress": (
        MAP_TEXT,
        {f: f for f in ("province", "kind", "plan", "plan_action", "agency", "scheme", "weight", "as_of")},
    ),
}
_FORM_FIELDS["/status-reports/flagged"] = _FORM_FIELDS["/status-reports"]
_FORM_FIELDS["/changes"] = (PAGE_TEXT, {"since": "changes_since", "province": "reports_province"})

#: A page's query parameter as its form labels it, by language and the page's route: a refusal names the field the
#: user filled in ("Ghi nhận từ ngày: …" on /status-reports, where it read "since: …").
FORM_LABELS: dict[str, dict[str, dict[str, str]]] = {
    lang: {
        route: {parameter: texts[lang][key] for parameter, key in keys.items()}
        for route, (texts, keys) in _FORM_FIELDS.items()
    }
    for lang in ("vi", "en")
}


def value_range(low: float | None, high: float | None, lang: str) -> str:
    """ "29" for a range from 29 to 29, "8–8,5" for one from 8 to 8.5 (Vietnamese), empty for none."""
    ends = [local_number(v, lang, 3) for v in (low, high) if v is not None]
    return "–".join(dict.fromkeys(ends))


#: The Mekong delta's dry season, when salt water comes up the rivers: December to May.
DRY_SEASON_MONTHS = frozenset({12, 1, 2, 3, 4, 5})


def season_period(period: str, lang: str) -> str:
    """A salinity period as the web map offers it: "Mùa khô 2024-03" / "Dry season 2024-03" (a period not written
    YYYY-MM as it is)."""
    found = re.fullmatch(r"\d{4}-(\d{2})", period)
    if not found:
        return period
    season = "dry" if int(found[1]) in DRY_SEASON_MONTHS else "rainy"
    return MAP_TEXT[lang]["season"][season].format(period=period)


#: The line of the pages with a token field that says who the browser is logged in as (maps/page_login.js).
SESSION_WORDS = {
    "vi": {"logged_in": "Đã đăng nhập:", "log_out": "Đăng xuất"},
    "en": {"logged_in": "Logged in as", "log_out": "Log out"},
}

#: The registry's error page (maps.error_page): its title, what to do by the kind of error, its links.
ERROR_PAGE_TEXT: dict[str, dict[str, str]] = {
    "vi": {
        "title": "Không mở được trang này (lỗi {status})",
        "help": "Kiểm tra địa chỉ (hoặc liên kết đã cũ), rồi đi tiếp từ:",
        "title_503": "Sổ đăng ký tạm thời không phục vụ được (lỗi 503)",
        "help_503": "Hãy thử lại sau vài phút. Nếu vẫn không được, hãy báo quản trị viên của hệ thống, kèm mã yêu cầu "
        "dưới đây.",
        "try_again": "Thử lại",
        "request_id": "Mã yêu cầu (để báo quản trị viên): {id}",
        "map": "Bản đồ dự án",
        "progress": "Tiến độ theo đơn vị",
        "other_lang": "English",
    },
    "en": {
        "title": "This page cannot be shown (error {status})",
        "help": "Check the address (or the link may be old), then go on from:",
        "title_503": "The registry cannot serve this page just now (error 503)",
        "help_503": "Try again in a few minutes. If it goes on, tell the registry's administrator, quoting the request "
        "id below.",
        "try_again": "Try again",
        "request_id": "Request id (to quote to the administrator): {id}",
        "map": "The projects map",
        "progress": "Progress by unit",
        "other_lang": "Tiếng Việt",
    },
}
