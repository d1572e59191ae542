"""The yearly report's words in Vietnamese and English (geo.said's pairs): the tables' columns, the workbook's sheets
and the Word document's phrases, and those it says as /monitoring does (a task's lead agencies, or that the plan as
held names none). The Vietnamese report is the one the department files (its Word document follows Decree
30/2020/NĐ-CP); the English one, word for word the same document, is for donors and international partners. A column
is ``(key, Said)``: the key names the report row's value, :func:`columns_in` gives the names in a language.
"""

from __future__ import annotations

from geo.said import Said

Columns = tuple[tuple[str, Said], ...]

#: A task the plan's text, as the registry holds it, gives no lead agency, as /monitoring and the report say it: plan
#: 148 names its groups' agencies in an Appendix I the registry does not hold (its section V.1 gives groups 1, 2 and 4
#: theirs), and "the plan assigns no lead for this action" in the report was untrue of groups 3 and 5–18 (trial 68).
NO_LEAD = Said(
    "Kế hoạch không nêu cơ quan chủ trì (trong phần hệ thống đang lưu)",
    "The plan names no lead agency (in what the registry holds of it)",
)
#: /monitoring's section where the focal agency enters the agencies of the plan's actions.
ASSIGN_LEADS = Said("Giao cơ quan chủ trì, phối hợp cho các nhiệm vụ", "Assign the actions' lead and partner agencies")
#: The agency the plan named, merged away since, beneath the one holding its duties (/monitoring, the projects in
#: one's charge, the Word report's list of tasks and the HTML's action table).
FORMERLY = Said("trước đây là {name} ({code}), đến {day}", "formerly {name} ({code}), until {day}")
#: An agency holding a duty through a succession of the 2025 mergers that no decision settles yet, said after its name
#: in the yearly report, /monitoring, a project's page and ``georeg agency`` alike (it was worded four ways).
SUCCESSOR_UNCERTAIN = Said("cơ quan kế thừa chưa chắc chắn", "successor not certain")

#: The plan and the action's number as text ("148/QĐ-UBND 13.10"), after the other columns of each table with an action
#: in the workbook and the CSV: pandas reads "Nhiệm vụ số" as numbers however the cell is written (text cells, text
#: format "@", a quote prefix: '13.10' read 13.1, another action, '2' read 2.0), so grouping or joining by it was
#: wrong (trial 68); GDAL reads both as text.
ACTION_KEY = ("action_key", Said("Mã nhiệm vụ (văn bản)", "Action key (text)"))
ACTION_KEY_NOTE = Said(
    "Kế hoạch và số nhiệm vụ viết thành văn bản (như “148/QĐ-UBND 13.10”), ở cột cuối mỗi bảng có cột “Nhiệm vụ số”: "
    "pandas (read_excel, read_csv) đọc cột “Nhiệm vụ số” thành số, 13.10 thành 13,1 (một nhiệm vụ khác) và 2 thành "
    "2,0, dù ô là văn bản; cột này pandas và GDAL (QGIS) đều đọc là văn bản: dùng nó để nhóm hay nối các bảng theo "
    'nhiệm vụ (hoặc đọc bằng pandas với dtype={"Nhiệm vụ số": str}).',
    "The plan and the action's number as text (such as “148/QĐ-UBND 13.10”), in the last column of each table with an "
    "“Action” column: pandas (read_excel, read_csv) reads the “Action” column as numbers, 13.10 as 13.1 (another "
    "action) and 2 as 2.0, though its cells are text; pandas and GDAL (QGIS) both read this one as text: group or "
    'join the tables by action with it (or read with pandas\' dtype={"Action": str}).',
)
ACTION_COLUMNS: Columns = (
    ("action", Said("Nhiệm vụ số", "Action")),
    ("action_title", Said("Tên nhiệm vụ", "Action title")),
    ("agency_name", Said("Cơ quan chủ trì", "Lead agency")),
    ("unit_code", Said("Mã đơn vị hành chính", "Unit code")),
    ("unit_name", Said("Đơn vị hành chính", "Administrative unit")),
    ("projects", Said("Số dự án trên địa bàn", "Projects in the unit")),
    ("status_changes", Said("Số lần cập nhật tình trạng trong năm", "Status updates in the year")),
    (  # "Demo status updates in the year (not counted before)" was not understood (trial 50)
        "demo_changes",
        Said(
            "Số lần cập nhật từ dữ liệu minh họa trong năm (không phải báo cáo thật, không tính là lần cập nhật)",
            "Updates from demonstration data in the year (not real reports, not counted as updates)",
        ),
    ),
    ("percent", Said("Tiến độ bình quân cuối năm (%)", "Mean progress at year end (%)")),
    ("statuses", Said("Tình trạng dự án cuối năm", "Project statuses at year end")),
    (
        "demo_statuses",
        Said(
            "Số dự án có tình trạng cuối năm từ dữ liệu minh họa",
            "Projects whose year-end status comes from demonstration data",
        ),
    ),
    ("results", Said("Kết quả thực hiện", "Results")),
    ("obstacles", Said("Khó khăn, vướng mắc", "Obstacles")),
    ("proposals", Said("Đề xuất giải pháp", "Proposed solutions")),
)
#: How the action table counts (a trial's planner summed its projects, 22 of Bạc Liêu's 13): said under it.
ACTIONS_COUNTED = Said(
    "Một dự án trải trên nhiều đơn vị hành chính được tính ở mỗi đơn vị có phần của nó, nên cộng cột “Số dự án trên "
    "địa bàn” thì lớn hơn số dự án của kế hoạch; tiến độ bình quân tính theo phần của dự án trong đơn vị.",
    "A project over several units is counted in each unit holding part of it, so the column “Projects in the unit” "
    "adds up to more than the plan's projects; the mean progress weighs each project by its part in the unit.",
)
#: What a report says of a plan that sets no quantitative targets (Trà Vinh's 1099/QĐ-UBND), where its indicators'
#: table would be.
NO_TARGETS = Said("Kế hoạch không đặt chỉ tiêu định lượng.", "The plan sets no quantitative targets.")
INDICATOR_COLUMNS: Columns = (
    ("name", Said("Chỉ tiêu", "Indicator")),
    ("unit", Said("Đơn vị tính", "Unit")),
    ("target_min", Said("Mục tiêu (từ)", "Target (from)")),
    ("target_max", Said("Mục tiêu (đến)", "Target (to)")),
    ("target_year", Said("Năm đạt mục tiêu", "Target year")),
    ("baseline", Said("Giá trị năm gốc", "Baseline")),
    ("latest_period", Said("Kỳ số liệu", "Period")),
    ("latest_value", Said("Giá trị thực hiện", "Value")),
    ("progress_percent", Said("Mức hoàn thành mục tiêu (%)", "Share of target reached (%)")),
    ("assessment", Said("Đánh giá", "Assessment")),
    ("provenance", Said("Nguồn số liệu", "Source")),
)
COMPUTED_COLUMNS: Columns = (
    ("name", Said("Chỉ số tính từ cơ sở dữ liệu", "Indicator computed from the database")),
    ("unit", Said("Đơn vị tính", "Unit")),
    ("value", Said("Giá trị cuối năm", "Value at year end")),
    ("demo", Said("Nguồn giá trị", "Value source")),
    ("situation", Said("Dự án được tính", "Projects counted")),
    ("sources", Said("Các dự án đóng góp", "Contributing projects")),
)
#: What a computed indicator's value stands on: no project of its kind, or how many of those registered count. A blank
#: in one plan's report and "0 km" in another's for the same case, and "0 MW — no project" beside five wind farms
#: none operating (trial 59).
COMPUTED_SITUATION = {
    "none": {"vi": "Không có dự án loại này trong cơ sở dữ liệu", "en": "No project of this kind in the registry"},
    "none_done": {
        "vi": "{registered} đã đăng ký, chưa dự án nào {done}",
        "en": "{registered} registered, none {done} yet",
    },
    "some_done": {"vi": "{done_n} trong {registered} {done}", "en": "{done_n} of {registered} {done}"},
    "project": {"vi": "dự án {kind}", "en": "{kind} project"},
    "projects": {"vi": "dự án {kind}", "en": "{kind} projects"},
}
#: What makes a project count towards each computed indicator.
COMPUTED_DONE = {
    "renewable_mw_operating": Said("đang vận hành", "operating"),
    "sea_dyke_km_upgraded": Said("đã bắt đầu nâng cấp", "started"),
    "waste_zones_operating_share": Said("đang vận hành", "operating"),
}
PROJECT_COLUMNS: Columns = (
    ("action", Said("Nhiệm vụ số", "Action")),
    ("name", Said("Tên dự án", "Project")),
    ("kind", Said("Loại công trình", "Kind")),
    ("units", Said("Địa bàn", "Location")),
    ("capacity_value", Said("Quy mô", "Capacity")),
    ("capacity_unit", Said("Đơn vị quy mô", "Capacity unit")),
    ("budget", Said("Vốn (tỷ đồng)", "Budget (VND billion)")),
    ("status", Said("Tình trạng cuối năm", "Status at year end")),
    ("schedule", Said("Thời hạn cuối năm", "Schedule at year end")),
    ("demo", Said("Nguồn tình trạng", "Status source")),
    ("percent", Said("Tiến độ (%)", "Progress (%)")),
    ("reported_at", Said("Ngày báo cáo gần nhất", "Latest report")),
)
#: The money of each plan action (and of the plan, last): projects, how many have a budget figure, their total.
BUDGET_COLUMNS: Columns = (
    ("action", Said("Nhiệm vụ số", "Action")),
    ("action_title", Said("Tên nhiệm vụ", "Action title")),
    ("projects", Said("Số dự án", "Projects")),
    ("with_budget", Said("Số dự án có số vốn", "Projects with a budget figure")),
    ("budget", Said("Tổng vốn (tỷ đồng)", "Total budget (VND billion)")),
)
#: The budget table as read (the page, the Word document): the total and how many projects it covers.
BUDGET_SHOWN: Columns = (
    ("action", Said("Nhiệm vụ số", "Action")),
    ("action_title", Said("Tên nhiệm vụ", "Action title")),
    ("budget", Said("Tổng vốn (tỷ đồng)", "Total budget (VND billion)")),
    ("known", Said("Số dự án có số vốn", "Projects with a budget figure")),
)
#: Per agency, the reports it owes for the year and where they stand (/monitoring's board, in the report).
BOARD_COLUMNS: Columns = (
    ("agency", Said("Cơ quan", "Agency")),
    ("owed_total", Said("Số báo cáo phải gửi", "Reports owed")),
    ("accepted", Said("Đã tiếp nhận", "Accepted")),
    ("submitted", Said("Đã gửi, chờ xem xét", "Sent, awaiting review")),
    ("returned", Said("Trả lại để bổ sung", "Returned for revision")),
    ("owed", Said("Chưa gửi, chưa đến hạn", "Not sent, not yet due")),
    ("late", Said("Quá hạn, chưa gửi", "Late, not sent")),
    ("on_time_percent", Said("Tỷ lệ gửi đúng hạn (%)", "On-time rate (%)")),
)
#: Each report not in, by agency and action: whom the director chases.
NOT_IN_COLUMNS: Columns = (
    ("agency", Said("Cơ quan", "Agency")),
    ("action", Said("Nhiệm vụ số", "Action")),
    ("action_title", Said("Tên nhiệm vụ", "Action title")),
    ("state", Said("Tình trạng báo cáo", "Report state")),
)
CROSSWALK_COLUMNS: Columns = (
    ("district_code", Said("Mã huyện (trước 01/07/2025)", "District code (before 1 Jul 2025)")),
    ("district", Said("Huyện, thị xã, thành phố", "District, town or city")),
    ("commune_code", Said("Mã xã, phường (từ 01/07/2025)", "Commune code (from 1 Jul 2025)")),
    ("commune", Said("Xã, phường", "Commune or ward")),
    ("share_of_district", Said("Tỷ lệ diện tích của huyện (%)", "Share of the district's area (%)")),
    ("share_of_commune", Said("Tỷ lệ diện tích của xã (%)", "Share of the commune's area (%)")),
)
NARRATIVE_COLUMNS: Columns = (
    ("action", Said("Nhiệm vụ số", "Action")),
    ("action_title", Said("Tên nhiệm vụ", "Action title")),
    ("agency_name", Said("Cơ quan báo cáo", "Reporting agency")),
    ("results", Said("Kết quả thực hiện", "Results")),
    ("obstacles", Said("Khó khăn, vướng mắc", "Obstacles")),
    ("proposals", Said("Đề xuất giải pháp", "Proposals")),
    ("version", Said("Lần báo cáo", "Version")),
    ("accepted_at", Said("Ngày tiếp nhận", "Accepted on")),
    ("submission", Said("Số hiệu báo cáo", "Report id")),
)
#: An indicator's verdict: whether its latest value meets the target, then, not met, whether the pace since the
#: baseline is enough (geo.indicators.assess). Without a baseline the pace cannot be judged, but the value against the
#: target can: forest cover 1,52 % under a 1,7–1,8 % target read "not enough data to judge" (trial 63).
VERDICTS = {
    "met": Said("Đạt mục tiêu", "Target met"),
    "on_track": Said("Chưa đạt mục tiêu, đúng tiến độ", "Target not met yet, on track"),
    "behind": Said("Chưa đạt mục tiêu, chậm so với tiến độ", "Target not met yet, behind schedule"),
    "pace_unknown": Said(
        "Chưa đạt mục tiêu (chưa có giá trị năm gốc để đánh giá tiến độ)",
        "Target not met yet (no baseline to judge the pace)",
    ),
    "outside": Said("Ngoài khoảng mục tiêu", "Outside the target range"),
}
#: How the report judges its indicators, said in its notes (the XLSX's first sheet, the HTML's top, the document).
VERDICTS_NOTE = Said(
    "“Đạt mục tiêu”: giá trị mới nhất bằng hoặc vượt mức mục tiêu (chỉ tiêu giảm: mức giảm; chỉ tiêu là một khoảng: "
    "nằm trong khoảng). Chưa đạt: “đúng tiến độ” hay “chậm so với tiến độ” so phần đã đạt từ giá trị năm gốc với phần "
    "thời gian đã qua đến năm mục tiêu; chưa có giá trị năm gốc thì chỉ ghi “chưa đạt mục tiêu”. Mục tiêu có mức "
    "từ–đến: nằm trong khoảng là đạt, vượt mức trên là “Ngoài khoảng mục tiêu”. “Mức hoàn thành mục tiêu” tính theo "
    "mức dưới của khoảng; để trống khi giá trị vượt khoảng, khi giá trị gốc đã bằng hoặc vượt mục tiêu, hoặc khi chưa "
    "có giá trị gốc.",
    "“Target met”: the latest value at or past the target (a decrease: its size; a range: inside it). Not met: "
    "“on track” or “behind schedule” compares the part reached since the baseline with the share of time elapsed to "
    "the target year; without a baseline, only “target not met yet”. A from–to target: inside it is met, above its "
    "upper end “Outside the target range”. The “share of target reached” is measured against the range's lower end; "
    "blank when the value is above the range, when the starting value was already at or past the target, or when "
    "there is no starting value.",
)
#: Added to VERDICTS_NOTE where an indicator's value is marked as demonstration data (a real province's has none).
DEMO_VALUES_NOTE = Said(
    "Giá trị ghi “(minh họa)” lấy từ dữ liệu minh họa (ảnh rừng tổng hợp…), không phải số đo.",
    "A value marked “(demonstration)” comes from demonstration data (a synthetic forest raster…), not a measurement.",
)
VERDICTS_TITLE = Said("Đánh giá chỉ tiêu", "Indicators' assessment")
#: Said in the notes of a report holding texts stored with characters that are not text (geo.plain_text), which a
#: Word or Excel file cannot hold: {texts}, each text's beginning with the characters removed.
CLEANED_NOTE = Said(
    "Đã bỏ các ký tự không phải chữ (ký tự điều khiển, thường do dán từ Word hoặc PDF) khỏi {count} văn bản đã lưu "
    "để tệp mở được (ngắt dòng của Word thành xuống dòng): {texts}. Hãy sửa các văn bản này trong sổ đăng ký.",
    "Characters that are not text (control characters, often pasted from Word or a PDF) were removed from {count} "
    "stored texts so that the file opens (Word's line breaks made line breaks): {texts}. Correct these texts in the "
    "registry.",
)
CLEANED_TITLE = Said("Ký tự đã bỏ", "Characters removed")
#: What an English report says of itself: the texts kept as written, and which report is filed.
IN_ENGLISH = (
    "English version, for information: the report the department files is the Vietnamese one. Texts with no English "
    "version (the agencies' reports as they wrote them, names without an English one) are given in Vietnamese."
)


def columns_in(columns: Columns, lang: str) -> tuple[tuple[str, str], ...]:
    """``columns`` with their names in ``lang`` (vi or en)."""
    return tuple((key, name.text(lang)) for key, name in columns)
