"""The field status report page (/status-report): a phone-sized form in Vietnamese or English, with no external assets.

The page finds where the reporter stands (browser geolocation), lists the projects nearby,
and sends a report through the same API as any other client (bearer token, If-Match).
"""

from __future__ import annotations

import html

from geo import vocab
from geo.vocab import PROJECT_STATUSES
from maps.form_pages import render_form_page

NEARBY_RADIUS_M = 2000

LABELS = {
    "vi": {
        "title": "Báo cáo tiến độ dự án",
        "other_lang": "English",
        "token": "Mã truy cập (token) của tài khoản — để trống nếu đã đăng nhập",
        "locating": "Đang xác định vị trí…",
        "nearby": "Dự án gần bạn",
        "status": "Tình trạng",
        "percent": "Tiến độ (%)",
        "note": "Ghi chú",
        "photo": "Ảnh hiện trường (JPEG, PNG, WebP)",
        "confirm": "Tôi xác nhận gửi dù đang ở xa dự án",
        "send": "Gửi báo cáo",
        "history": "Lịch sử",
        "js": {
            "none_nearby": f"Không có dự án nào trong bán kính {NEARBY_RADIUS_M} m.",
            "choose_photo": "Chụp hoặc chọn ảnh",
            "no_photo": "chưa có ảnh",
            "about_km": "cách bạn khoảng {km} km",  # a project chosen from afar
            "not_yours": "ngoài phạm vi phụ trách của bạn",
            "now": "Hiện tại",
            "recorded": "Đã ghi nhận, phiên bản",
            "flagged": "đã đánh dấu để kiểm tra (gửi từ xa)",
            "stale": "Dự án vừa được người khác cập nhật; đã tải lại, hãy kiểm tra rồi gửi lại.",
            "too_far": "Bạn đang ở xa dự án.",
            "login": "Cần mã truy cập hợp lệ.",
            "offline": "Không gửi được, hãy thử lại khi có mạng",
            "no_location": "Không xác định được vị trí; hãy bật định vị.",
            # the browser's reasons, by GeolocationPositionError.code (its own message is in English)
            "location_errors": {
                "1": "trình duyệt chưa được phép dùng vị trí",
                "2": "không có tín hiệu định vị",
                "3": "quá thời gian chờ định vị",
            },
            "you_are_at": "Vị trí của bạn:",
        },
    },
    "en": {
        "title": "Project progress report",
        "other_lang": "Tiếng Việt",
        "token": "Your account's access token — empty when logged in",
        "locating": "Finding your location…",
        "nearby": "Projects near you",
        "status": "Status",
        "percent": "Progress (%)",
        "note": "Note",
        "photo": "Site photo (JPEG, PNG, WebP)",
        "confirm": "I confirm sending although I am far from the project",
        "send": "Send report",
        "history": "History",
        "js": {
            "none_nearby": f"No project within {NEARBY_RADIUS_M} m.",
            "choose_photo": "Take or choose a photo",
            "no_photo": "no photo",
            "about_km": "about {km} km from you",
            "not_yours": "not in your jurisdiction",
            "now": "Now",
            "recorded": "Recorded, version",
            "flagged": "flagged for review (sent from afar)",
            "stale": "Someone else has just updated this project; reloaded — check and send again.",
            "too_far": "You are far from the project.",
            "login": "A valid access token is needed.",
            "offline": "Could not send; try again when online",
            "no_location": "Your location is unknown; turn location on.",
            "location_errors": {
                "1": "the browser may not use the location",
                "2": "no location signal",
                "3": "locating took too long",
            },
            "you_are_at": "You are at",
        },
    },
}


def build_status_report_form(lang: str) -> str:
    """The page's HTML in ``lang`` ("vi" or "en")."""
    labels = LABELS[lang]
    statuses = vocab.labels(PROJECT_STATUSES, lang)
    options = "".join(f'<option value="{code}">{html.escape(label)}</option>' for code, label in statuses.items())
    script_labels = {**labels["js"], "statuses": statuses, "radius": NEARBY_RADIUS_M}
    fields = {
        "__OTHER_LANG_URL__": "/status-report?lang=en" if lang == "vi" else "/status-report?lang=vi",
        "__STATUS_OPTIONS__": options,
    }
    return render_form_page("status_report_form", lang, labels, script_labels, fields)
