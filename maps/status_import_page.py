"""The status file page (/status-imports): an agency's officer sends a status file (CSV or .xlsx, one report a row)
from the browser, reads its dry run and sends it. Vietnamese or English.

The page talks to the API any client uses (POST /api/status-imports, without then with ``commit``) with the
browser's session, as the other form pages do (maps/page_login.js); each row's message is the API's own, in the
page's language. Its title is the words the other pages link to it by (the upload page's note to an editor, the status
report form, the monitoring page's header).
"""

from __future__ import annotations

from geo import vocab
from geo.accounts import ROLE_NAMES, WRITER_ROLES
from geo.coordinates.zones import CANDIDATE_ZONES
from geo.vocab import PROJECT_STATUSES
from maps.form_pages import options_html, render_form_page

LABELS = {
    "vi": {
        "title": "Gửi tệp tình trạng",
        "other_lang": "English",
        "intro": "Cập nhật nhiều dự án cùng lúc: mỗi dòng của tệp CSV hoặc Excel (.xlsx) là một báo cáo, với kinh độ, "
        "vĩ độ của dự án, tình trạng, % hoàn thành, và nếu có: mã dự án (ma), ngày báo cáo, ghi chú. Bấm Kiểm tra "
        "để xem mỗi dòng sẽ ghi vào dự án nào (chưa ghi gì), rồi bấm Gửi.",
        "token": "Mã truy cập (token) — để trống nếu đã đăng nhập",
        "file": "Tệp tình trạng (.csv, .xlsx)",
        "crs": "Hệ tọa độ của các cột kinh độ, vĩ độ",
        "wgs84": "WGS 84 (độ thập phân, như GPS)",
        "radius": "Dòng không có mã: tìm dự án trong vòng (m, radius_m) quanh điểm của nó",
        "check": "Kiểm tra",
        "summary": "Kết quả kiểm tra",
        "to_fix": "Các dòng cần sửa",
        "steps_back": "Các dòng đưa dự án lùi lại",
        "history_only": "Các dòng chỉ ghi vào lịch sử",
        "send": "Gửi",
        "js": {
            "choose_file": "Chọn tệp",
            "no_file": "chưa chọn tệp",
            "not_logged_in": "Chưa đăng nhập: hãy đăng nhập bằng tài khoản của cơ quan để gửi tệp tình trạng.",
            "log_in": "Đăng nhập",
            "not_writer": "Tài khoản của bạn có vai trò {role}: vai trò này chỉ xem, không gửi được báo cáo tình trạng "
            "(cần vai trò Cập nhật tiến độ, gis hoặc quản trị; hỏi quản trị viên nếu bạn cần).",
            "empty_file": "{file}: tệp trống; hãy chọn tệp có dòng tiêu đề và mỗi dòng một báo cáo.",
            "wrong_type": "{file}: hãy chọn một tệp .csv hoặc .xlsx.",
            "checking": "Đang kiểm tra tệp…",
            "sending": "Đang gửi…",
            "offline": "Không gửi được (mất kết nối?); hãy thử lại. Chưa có gì được ghi.",
            "no_rows": "Tệp không có dòng nào dưới dòng tiêu đề: không có gì để gửi.",
            "must_fix": "Chưa gửi được: {count} dòng cần sửa (xem bên dưới). Sửa tệp rồi bấm Kiểm tra lại. Chưa có gì "
            "được ghi.",
            "ready": "Tệp hợp lệ: {count} dòng sẽ được ghi khi bấm Gửi. Chưa có gì được ghi.",
            "ready_back": "Tệp hợp lệ: {count} dòng sẽ được ghi, trong đó {back} dòng đưa dự án lùi lại: xem và đánh "
            "dấu xác nhận trước khi bấm Gửi. Chưa có gì được ghi.",
            "counts": {
                "matched": "Khớp đúng một dự án, sẽ được ghi",
                "unmatched": "Không khớp dự án nào",
                "ambiguous": "Khớp nhiều dự án",
                "invalid": "Giá trị không đọc được",
                "not_in_charge": "Dự án ngoài phạm vi phụ trách của tài khoản",
                "steps_back": "Đưa dự án lùi lại (cần xác nhận)",
                "history_only": "Chỉ ghi vào lịch sử (trước báo cáo mới nhất)",
            },
            "row": "Dòng {row}",
            "candidates": "Các dự án gần điểm:",
            "confirm_back": "Tôi xác nhận {count} dự án này lùi lại như trên",
            "confirm_back_one": "Tôi xác nhận dự án này lùi lại như trên",
            "sent": "Đã ghi {count} dòng của {file} (lượt nhập {id}).",
            "sent_history": "{count} dòng trong số đó chỉ vào lịch sử dự án.",
            "sent_history_one": "1 dòng trong số đó chỉ vào lịch sử dự án.",
            "already": "{count} dòng đã được ghi từ trước (tệp gửi lại), không ghi lần nữa.",
            "already_one": "1 dòng đã được ghi từ trước (tệp gửi lại), không ghi lần nữa.",
            "quoted": "«{name}»",
            "see_changes": "Xem thay đổi hôm nay",
            "written": "Các dòng đã ghi",
            "check_again": "Bấm Kiểm tra để xem lại tệp với sổ đăng ký như hiện nay.",
        },
    },
    "en": {
        "title": "Send a status file",
        "other_lang": "Tiếng Việt",
        "intro": "Update many projects at once: each row of a CSV or Excel (.xlsx) file is one report, with the "
        "project's longitude and latitude, its status and percent complete, and where you have them its code (ma), "
        "the report's date and a note. Press Check to see which project each row goes to (nothing is written), then "
        "Send.",
        "token": "Access token — empty when logged in",
        "file": "Status file (.csv, .xlsx)",
        "crs": "Coordinate system of the longitude and latitude columns",
        "wgs84": "WGS 84 (decimal degrees, as GPS)",
        "radius": "A row without a code: look for its project within (m, radius_m) of its point",
        "check": "Check",
        "summary": "What the check found",
        "to_fix": "Rows to correct",
        "steps_back": "Rows putting a project back",
        "history_only": "Rows going into the history only",
        "send": "Send",
        "js": {
            "choose_file": "Choose a file",
            "no_file": "no file chosen",
            "not_logged_in": "Not logged in: log in with your agency's account to send a status file.",
            "log_in": "Log in",
            "not_writer": "Your account's role is {role}: it reads, and cannot send status reports (that needs the "
            "Editor, gis or administrator role; ask the administrator if you need it).",
            "empty_file": "{file}: the file is empty; choose a file with a header row and one report a row.",
            "wrong_type": "{file}: choose a .csv or an .xlsx file.",
            "checking": "Checking the file…",
            "sending": "Sending…",
            "offline": "Could not send (no connection?); try again. Nothing was written.",
            "no_rows": "The file has no row under its header: nothing to send.",
            "must_fix": "Cannot be sent yet: {count} rows to correct (see below). Correct the file, then press Check "
            "again. Nothing was written.",
            "must_fix_one": "Cannot be sent yet: 1 row to correct (see below). Correct the file, then press Check "
            "again. Nothing was written.",
            "ready": "The file is valid: {count} rows will be written when you press Send. Nothing was written yet.",
            "ready_one": "The file is valid: 1 row will be written when you press Send. Nothing was written yet.",
            "ready_back": "The file is valid: {count} rows will be written, {back} of which put a project back: read "
            "them and tick the confirmation before you press Send. Nothing was written yet.",
            "ready_back_one": "The file is valid: 1 row will be written, and it puts a project back: read it and tick "
            "the confirmation before you press Send. Nothing was written yet.",
            "counts": {
                "matched": "Match exactly one project, will be written",
                "unmatched": "Match no project",
                "ambiguous": "Match several projects",
                "invalid": "Values that cannot be read",
                "not_in_charge": "Projects outside the account's care",
                "steps_back": "Put a project back (to confirm)",
                "history_only": "History only (before the latest report)",
            },
            "row": "Row {row}",
            "candidates": "Projects near the point:",
            "confirm_back": "I confirm these {count} projects go back as listed",
            "confirm_back_one": "I confirm this project goes back as listed",
            "sent": "Written: {count} rows of {file} (import {id}).",
            "sent_one": "Written: 1 row of {file} (import {id}).",
            "sent_history": "{count} of them went into the projects' history only.",
            "sent_history_one": "1 of them went into its project's history only.",
            "already": "{count} rows had already been recorded (the file sent again): not written twice.",
            "already_one": "1 row had already been recorded (the file sent again): not written twice.",
            "quoted": "“{name}”",
            "see_changes": "See today's changes",
            "written": "Rows written",
            "check_again": "Press Check to see the file against the registry as it is now.",
        },
    },
}


#: The words the other pages link to this one by: its title.
STATUS_FILE_PAGE = {lang: words["title"] for lang, words in LABELS.items()}


def _crs_options(lang: str) -> str:
    """WGS 84 first (what a phone gives), then the region's VN-2000 zones as the API takes them (``crs=EPSG:…``)."""
    zones = {f"EPSG:{code}": f"VN-2000 {said.text(lang)} (EPSG:{code})" for code, said in CANDIDATE_ZONES.items()}
    return options_html(zones, LABELS[lang]["wgs84"])


def build_status_import_page(lang: str) -> str:
    """The page's HTML in ``lang`` ("vi" or "en")."""
    labels = LABELS[lang]
    script_labels = {
        **labels["js"],
        "writer_roles": WRITER_ROLES,
        "role_names": {role: ROLE_NAMES[role].text(lang) for role in ROLE_NAMES},
        "statuses": vocab.labels(PROJECT_STATUSES, lang),
    }
    fields = {
        "__OTHER_LANG_URL__": "/status-imports?lang=en" if lang == "vi" else "/status-imports?lang=vi",
        "__CRS_OPTIONS__": _crs_options(lang),
    }
    return render_form_page("status_import_page", lang, labels, script_labels, fields)
