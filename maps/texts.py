"""The labels of the web map and the project and unit pages, in Vietnamese and English (same keys), and the few
phrases the registry itself writes into its data (a status report's source, a plan citation) as each reader says
them."""

from __future__ import annotations

import re
from typing import Any

from geo.vi_format import local_number
from geo.vocab import LOAD_REPORTER, SAMPLE_REPORTER, SCHEME_DAYS

MAP_TEXT: dict[str, dict[str, str]] = {
    "vi": {
        "title": "Bản đồ dự án tăng trưởng xanh — Bạc Liêu, Trà Vinh",
        "title_of": "Bản đồ dự án tăng trưởng xanh — {provinces}",
        "other_lang": "English",
        "blank": "Biển và tỉnh lân cận (ngoại tuyến)",
        "basemap": "Bản đồ nền của cơ quan (ngoại tuyến)",
        "osm": "OpenStreetMap (cần Internet)",
        "legend": "Chú giải",
        "filters": "Bộ lọc",
        "province": "Tỉnh",
        "kind": "Loại dự án",
        "status": "Tình trạng",
        "plan": "Kế hoạch",
        "plan_action": "Nhiệm vụ",
        "agency": "Cơ quan chủ trì",
        "agency_until": "đến",
        "schedule": "Thời hạn",
        "scheme": "Ranh giới tiến độ",
        "scheme_pre2025": "Huyện (trước 01/07/2025)",
        "scheme_2025": "Xã, phường (từ 01/07/2025)",
        "units_pre2025": "trước 01/07/2025",
        "units_2025": "từ 01/07/2025",
        "as_of": "Tính đến ngày",
        "now": "Hiện tại",
        "search": "Tìm theo tên (không cần dấu)…",
        "no_results": "Không tìm thấy",
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
        "open_unit": "Mở trang đơn vị",
        "merged": "dự án gộp ở mức thu phóng này — phóng to để xem từng dự án",
        "also_here": "Cùng chỗ này còn {count} dự án khác:",
        "reported_on": "Ngày báo cáo",
        "more_found": "Còn nữa: đây là {count} kết quả đầu; gõ thêm tên để thu hẹp.",
        "merged_legend": "Nhiều dự án gần nhau, gộp lại (phóng to để xem từng dự án)",
        "outline": "Tình trạng: kiểu nét, điểm rỗng hay đặc",
        "export": "Tải xuống",
        "export_geojson": "Dự án đã lọc (GeoJSON)",
        "export_xlsx": "bảng tính (Excel)",
        "export_gpkg": "Tất cả dự án (GeoPackage)",
        "export_geojson_note": "Mọi dự án theo các bộ lọc (tỉnh, loại, tình trạng, thời hạn, kế hoạch, nhiệm vụ, cơ "
        "quan), cả dự án chưa có vị trí, với tình trạng tính đến ngày đã chọn.",
        "progress_note": "Bộ lọc tình trạng, thời hạn không áp dụng cho tiến độ",
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
        "unlocated": "Sổ đăng ký có {n} dự án toàn tỉnh (không có vị trí): không vẽ trên bản đồ, nhưng bộ lọc và tệp "
        "“Dự án đã lọc” có tính chúng.",
        "unlocated_chosen": "{n} dự án toàn tỉnh (không có vị trí) khớp bộ lọc: không vẽ trên bản đồ, nhưng tệp "
        "“Dự án đã lọc” có tính chúng.",
        "scheme_of_province": {scheme: day.vi for scheme, day in SCHEME_DAYS.items()},
        "province_formerly": "gồm {names} cũ",
        "province_now_in": "nay thuộc {name}",
        "progress_filters_ignored": "Tiến độ không theo bộ lọc tình trạng, thời hạn đang chọn: tính trên mọi dự án.",
        "due_by": "hạn {year}",
        "no_report_by_then": "chưa có báo cáo nào đến ngày này",
        "weighed_by": "Trọng số: {weight}.",
        "nothing_to_weigh": "không dự án nào có số liệu {weight} để tính",
        "progress_uncovered": "Phần tỉnh chưa có ranh giới cấp {level} trong sổ đăng ký (không tính tiến độ)",
        "progress_not_chosen": "Tỉnh khác, không chọn (không tô tiến độ)",
        "address_problem": "Địa chỉ có giá trị bản đồ không nhận, đã bỏ qua: {values}",
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
        "title": "Green-growth project map — Bạc Liêu, Trà Vinh",
        "title_of": "Green-growth project map — {provinces}",
        "other_lang": "Tiếng Việt",
        "blank": "Sea and neighbouring provinces (offline)",
        "basemap": "Office basemap (offline)",
        "osm": "OpenStreetMap (needs internet)",
        "legend": "Legend",
        "filters": "Filters",
        "province": "Province",
        "kind": "Project kind",
        "status": "Status",
        "plan": "Plan",
        "plan_action": "Plan action",
        "agency": "Lead agency",
        "agency_until": "until",
        "schedule": "Schedule",
        "scheme": "Progress boundaries",
        "scheme_pre2025": "Districts (before 1 July 2025)",
        "scheme_2025": "Communes (from 1 July 2025)",
        "units_pre2025": "before 1 July 2025",
        "units_2025": "from 1 July 2025",
        "as_of": "As of",
        "now": "Now",
        "search": "Search by name (accents optional)…",
        "no_results": "Nothing found",
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
        "open_unit": "Open the unit page",
        "merged": "projects merged at this zoom — zoom in to see each",
        "also_here": "{count} more project(s) at this spot:",
        "reported_on": "Reported on",
        "more_found": "More found: these are the first {count}; type more of the name to narrow them.",
        "merged_legend": "Several projects close together, merged (zoom in to see each)",
        "outline": "Status: line pattern, hollow or filled point",
        "export": "Download",
        "export_geojson": "Filtered projects (GeoJSON)",
        "export_xlsx": "spreadsheet (Excel)",
        "export_gpkg": "All projects (GeoPackage)",
        "export_geojson_note": "Every project the filters choose (province, kind, status, schedule, plan, plan action, "
        "agency), "
        "those with no location too, with its status as of the chosen date.",
        "progress_note": "The status and schedule filters do not apply to progress",
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
        "unlocated": "The registry holds {n} province-wide projects (no site): not drawn, but the filters and the "
        "“Filtered projects” download count them.",
        "unlocated_chosen": "{n} province-wide projects (no site) match the filters: not drawn, but the “Filtered "
        "projects” download counts them.",
        "scheme_of_province": {scheme: day.en for scheme, day in SCHEME_DAYS.items()},
        "province_formerly": "includes former {names}",
        "province_now_in": "now in {name}",
        "progress_filters_ignored": "Progress does not follow the status or schedule chosen: it counts every project.",
        "due_by": "due {year}",
        "no_report_by_then": "no report by this day",
        "weighed_by": "Weighted by {weight}.",
        "nothing_to_weigh": "no project has the {weight} figure to weigh by",
        "progress_uncovered": "Parts of the province with no {level} boundaries in the registry (no progress counted)",
        "progress_not_chosen": "Other provinces, not chosen (not coloured)",
        "address_problem": "Left out of the address, values the map does not know: {values}",
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
        "agency_uncertain": "— chưa chắc chắn cơ quan kế thừa",
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
        "shared_by_area": "vị trí chỉ biết đến huyện: chia cho các xã theo diện tích",
        "sources": "Nguồn (xuất xứ dữ liệu)",
        "description": "Mô tả",
        "timeline": "Diễn biến tiến độ",
        "history": "Lịch sử báo cáo",
        "history_order": "Ngày báo cáo mới nhất trước; dưới ngày báo cáo là lúc hệ thống ghi nhận (giờ Việt Nam).",
        "record_changes": "Thay đổi hồ sơ dự án khi nạp tệp",
        "record_changes_order": "Mới nhất trước: giá trị trước → sau của mỗi trường một lượt nạp đã đổi (tình trạng "
        "và tiến độ nằm trong lịch sử báo cáo ở trên).",
        "when": "Lúc ghi",
        "changes": "Thay đổi",
        "site": "Vị trí",
        "moved": "dời {m} m",
        "recorded": "ghi lúc",
        "flag_far": "⚑ gửi cách công trình {distance} (quá {limit} cho phép), người gửi đã xác nhận",
        "flag_rough": "⚑ vị trí người gửi chỉ chính xác đến ±{accuracy} (rộng hơn {limit} cho phép), người gửi đã xác "
        "nhận",
        "position_accuracy": "sai số vị trí ±{accuracy}",
        "field_reports_title": "Báo cáo từ hiện trường",
        "sender": "Người gửi",
        "reports_since": "Ghi nhận từ ngày",
        "day_typed": "ngày/tháng/năm",
        "reports_count": "{n} báo cáo",
        "reports_count_one": "1 báo cáo",
        "field_reports_intro": "Các báo cáo tiến độ cán bộ các cơ quan gửi từ hiện trường, mới ghi nhận nhất trước; "
        "tối đa {limit} báo cáo. ⚑: báo cáo gửi từ xa công trình, hoặc từ vị trí chưa chính xác, cần kiểm tra.",
        "field_reports_none": "Không có báo cáo nào từ hiện trường khớp bộ lọc.",
        "reports_province": "Tỉnh",
        "reports_agency": "Cơ quan người gửi",
        "reports_reporter": "Người gửi",
        "reports_flagged": "Chỉ báo cáo cần kiểm tra (⚑)",
        "reports_filter": "Lọc",
        "flagged_title": "Báo cáo cần kiểm tra: gửi từ xa công trình hoặc từ vị trí chưa chính xác",
        "flagged_intro": "Các báo cáo tiến độ được nhận dù gửi từ xa công trình hơn khoảng cách cho phép với loại dự "
        "án đó, hoặc từ một vị trí mà điện thoại chỉ biết với sai số rộng hơn khoảng cách ấy, vì người gửi đã xác "
        "nhận: có thể gửi từ văn phòng chứ không phải tại công trình. Hãy kiểm tra với cơ quan đã gửi. Mới ghi nhận "
        "nhất trước; tối đa {limit} báo cáo.",
        "flagged_none": "Không có báo cáo nào cần kiểm tra khớp bộ lọc.",
        "all": "Tất cả",
        "flagged_link": "Các báo cáo gửi từ xa công trình",
        "project": "Dự án",
        "distance": "Khoảng cách",
        "earlier_reports": "… và {n} báo cáo trước đó: xem toàn bộ lịch sử ở {link}.",
        "report_project": "Báo cáo tiến độ dự án này (cán bộ hiện trường, tại công trình)",
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
        "progress_over_time": "Tiến độ cuối mỗi năm (%)",
        "demo_statuses": "{n} dự án có tình trạng lấy từ dữ liệu minh họa, không phải báo cáo thật; tiến độ của đơn vị "
        "có tính chúng.",
        "demo_status": "1 dự án có tình trạng lấy từ dữ liệu minh họa, không phải báo cáo thật; tiến độ của đơn vị có "
        "tính dự án đó.",
        "progress_basis": "Hôm nay ({day}), mọi dự án của đơn vị: bình quân % hoàn thành theo số dự án, mỗi dự án "
        "theo phần nằm trong đơn vị; không theo bộ lọc hay ngày đang chọn trên bản đồ.",
        "projects_added": "+{n}",
        "projects_added_note": "“+N” trên một điểm: số dự án được tính thêm từ thời điểm đó. Dự án mới bắt đầu ở "
        "0 %, nên tiến độ bình quân có thể giảm khi nhiều dự án mới vào cùng lúc (ví dụ sau một lần nạp tệp), dù không "
        "dự án nào lùi lại.",
        "by_status": "Số dự án theo tình trạng",
        "map_key": "Chú giải",
        "unlocated_key": "{n} dự án toàn tỉnh, không có vị trí (không vẽ)",
        "projects": "Dự án",
        "folded_projects": "{n} dự án tiếp theo",
        "now": "nay",
        "projects_order": "Xếp theo phần của dự án trong đơn vị, rồi theo vốn đầu tư, từ lớn đến nhỏ",
        "more_projects": "… và {n} dự án khác (bản đồ và tệp xuất có đủ mọi dự án)",
        "share": "Tỷ lệ trong đơn vị",
        "no_projects": "Không có dự án",
        "indicators": "Chỉ tiêu kế hoạch (toàn tỉnh)",
        "unreported": "{n} chỉ tiêu chưa có số liệu báo cáo",
        "indicator": "Chỉ tiêu",
        "target": "Mục tiêu",
        "latest": "Giá trị mới nhất",
        "on_track": "Đúng tiến độ",
        "forest": "Che phủ rừng",
        "forest_ha": "Diện tích rừng (ha)",
        "cover": "Tỷ lệ che phủ (%)",
        "salinity": "Nhiễm mặn (tỷ lệ diện tích theo cấp ECe, dS/m)",
        "unclassified": "không có số liệu",
        "area": "Diện tích (ha)",
        "boundary": "Ranh giới",
        "valid": "Hiệu lực",
        "province": "Tỉnh",
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
        "agency_uncertain": "— successor uncertain",
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
        "shared_by_area": "the site is known only to its district: shared among the communes by area",
        "sources": "Sources (provenance)",
        "description": "Description",
        "timeline": "Progress over time",
        "history": "Status history",
        "history_order": "Latest report date first; under each date, when the registry recorded it (Vietnam time).",
        "record_changes": "Changes to the project's record by loads",
        "record_changes_order": "Newest first: each field a load changed, before → after (its status and progress "
        "are in the report history above).",
        "when": "Recorded",
        "changes": "Changes",
        "site": "Site",
        "moved": "moved {m} m",
        "recorded": "recorded",
        "flag_far": "⚑ sent {distance} from the site (over the {limit} allowed), confirmed by the sender",
        "flag_rough": "⚑ the sender's position was known only to ±{accuracy} (wider than the {limit} allowed), "
        "confirmed by the sender",
        "position_accuracy": "position ±{accuracy}",
        "field_reports_title": "Reports from the field",
        "sender": "Sender",
        "reports_since": "Recorded since",
        "day_typed": "dd/mm/yyyy",
        "reports_count": "{n} reports",
        "reports_count_one": "1 report",
        "field_reports_intro": "The status reports the agencies' officers sent from the field, latest recorded first; "
        "{limit} at most. ⚑: sent from afar, or from a rough position: to check.",
        "field_reports_none": "No report from the field matches the filters.",
        "reports_province": "Province",
        "reports_agency": "Senders' agency",
        "reports_reporter": "Sender",
        "reports_flagged": "Only the reports to check (⚑)",
        "reports_filter": "Filter",
        "flagged_title": "Reports to check: sent from afar or from a rough position",
        "flagged_intro": "The status reports accepted though sent from farther from their site than the project's "
        "kind allows, or from a position their phone knew only more roughly than that, because the sender confirmed: "
        "they may have been filed from the office rather than on site. Check them with the agency that sent them. "
        "Latest recorded first; {limit} at most.",
        "flagged_none": "No report to check matches the filters.",
        "all": "All",
        "flagged_link": "Reports sent from afar",
        "project": "Project",
        "distance": "Distance",
        "earlier_reports": "… and {n} earlier reports: the whole history is in {link}.",
        "report_project": "Report this project's progress (field officers, at the site)",
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
        "progress_over_time": "Progress at each year's end (%)",
        "demo_statuses": "{n} projects have a status from demonstration data, not a real report; the unit's progress "
        "counts them.",
        "demo_status": "1 project has a status from demonstration data, not a real report; the unit's progress counts "
        "it.",
        "progress_basis": "Today ({day}), every project of the unit: the mean percent complete by project count, each "
        "project by its part in the unit; not the filters or date chosen on the map.",
        "projects_added": "+{n}",
        "projects_added_note": "“+N” over a point: the projects counted from that point on. New projects start at "
        "0 %, so the mean progress can fall when many enter at once (after a file is loaded, for instance) though no "
        "project went back.",
        "by_status": "Projects by status",
        "map_key": "Key",
        "unlocated_key": "{n} province-wide projects with no site (not drawn)",
        "projects": "Projects",
        "folded_projects": "The next {n} projects",
        "now": "now",
        "projects_order": "By the project's share in the unit, then its budget, largest first",
        "more_projects": "… and {n} more projects (the map and the exports hold them all)",
        "share": "Share in the unit",
        "no_projects": "No projects",
        "indicators": "Plan indicators (whole province)",
        "unreported": "{n} indicators with no value reported yet",
        "indicator": "Indicator",
        "target": "Target",
        "latest": "Latest value",
        "on_track": "On track",
        "forest": "Forest cover",
        "forest_ha": "Forest (ha)",
        "cover": "Cover (%)",
        "salinity": "Salinity (share of the area per ECe class, dS/m)",
        "unclassified": "no data",
        "area": "Area (ha)",
        "boundary": "Boundary",
        "valid": "Valid",
        "province": "Province",
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
        {f: f"reports_{f}" for f in ("province", "agency", "reporter", "since", "flagged")},
    ),
    "/progress": (
        MAP_TEXT,
        {f: f for f in ("province", "kind", "plan", "plan_action", "agency", "scheme", "as_of")},
    ),
}
_FORM_FIELDS["/status-reports/flagged"] = _FORM_FIELDS["/status-reports"]

#: A page's query parameter as its form labels it, by language and the page's route: a refusal names the field the
#: user filled in ("Ghi nhận từ ngày: …" on /status-reports, where it read "since: …").
FORM_LABELS: dict[str, dict[str, dict[str, str]]] = {
    lang: {
        route: {parameter: texts[lang][key] for parameter, key in keys.items()}
        for route, (texts, keys) in _FORM_FIELDS.items()
    }
    for lang in ("vi", "en")
}


#: What the registry writes as a source (English, the stored form) and how a Vietnamese page says it.
SOURCE_PHRASES_VI = (
    (re.compile(r"^field report$"), "báo cáo hiện trường"),
    (re.compile(r"^demo data \(illustrative, not a real report\)$"), "dữ liệu minh họa (không phải báo cáo thật)"),
    (re.compile(r"^listed in plan "), "nêu trong kế hoạch "),
    (re.compile(r" \(ingest job (\d+)\)$"), r" (lượt nạp \1)"),  # a load's provenance (geo.ingest.jobs.provenance)
    (re.compile(r"\bsection (\w+), sub-task ([\w.]+)"), r"mục \1, nhiệm vụ \2"),
    (re.compile(r"\bsection (\w+) \(priority action (\d+)\)"), r"mục \1 (hành động ưu tiên số \2)"),
    (
        re.compile(r"^lead: section ([\w.]+) of (\S+) \((.+) implements ([\w.]+)\)$"),
        r"chủ trì: mục \1 của \2 (\3 thực hiện \4)",
    ),
    (re.compile(r"\bsection ([\w.]+)"), r"mục \1"),
    (re.compile(r"^geometry: "), "hình học: "),
    (re.compile(r"\bdistrict boundaries (\S+) \((\w+), from ([\w.]+)\)"), r"ranh giới huyện \1 (\2, lấy từ \3)"),
    (re.compile(r"\b(\d{4}) commune boundaries "), r"ranh giới xã \1 "),
    (
        re.compile(
            r"a machine-learning prediction of soil salinity ECe \(dS/m\), not measured and not official isohalines "
            r"\(test R ≈ (\d+)\.(\d+), RMSE ≈ (\d+)\.(\d+) dS/m\)"
        ),
        r"độ mặn đất ECe (dS/m) dự báo bằng học máy, không phải số đo, không phải đường đẳng mặn chính thức "
        r"(kiểm định: R ≈ \1,\2, RMSE ≈ \3,\4 dS/m)",
    ),
)


#: The registry's own names for who recorded a status (a load, the sample), as each language's readers say them; an
#: officer's name stays as written.
SYSTEM_REPORTERS = {
    LOAD_REPORTER: {"vi": "nạp từ tệp", "en": "loaded from a file"},
    SAMPLE_REPORTER: {"vi": "dữ liệu mẫu", "en": "sample data"},
}


def reporter_label(reporter: str, lang: str) -> str:
    """Who recorded a status, as the page's readers say it (:data:`SYSTEM_REPORTERS`)."""
    return SYSTEM_REPORTERS.get(reporter, {}).get(lang, reporter)


def source_label(source: str | None, lang: str) -> str:
    """A source as the page's readers say it: "field report" is "báo cáo hiện trường" on a Vietnamese page; a
    citation (a newspaper, a file) stays as written."""
    text = source or ""
    if lang == "vi":
        for pattern, vietnamese in SOURCE_PHRASES_VI:
            text = pattern.sub(vietnamese, text)
    return text


def value_range(low: float | None, high: float | None, lang: str) -> str:
    """ "29" for a range from 29 to 29, "8–8,5" for one from 8 to 8.5 (Vietnamese), empty for none."""
    ends = [local_number(v, lang, 3) for v in (low, high) if v is not None]
    return "–".join(dict.fromkeys(ends))


def month_year(period: str) -> str:
    """A period as people write it: "2025-03" is "03/2025" (other periods as they are)."""
    found = re.fullmatch(r"(\d{4})-(\d{2})", period)
    return f"{found[2]}/{found[1]}" if found else period


#: The line of the pages with a token field that says who the browser is logged in as (maps/page_login.js).
SESSION_WORDS = {
    "vi": {"logged_in": "Đã đăng nhập:", "log_out": "Đăng xuất"},
    "en": {"logged_in": "Logged in as", "log_out": "Log out"},
}
