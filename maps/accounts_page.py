"""The accounts page (/accounts): administrators create, correct and deactivate agency accounts, issue tokens (shown

It talks to the accounts API (api/routers/accounts.py) with the admin's token kept in the browser, like the other
form pages, and loads nothing from outside the app.
"""

from __future__ import annotations

from typing import Any

from geo import vocab
from geo.accounts import ACCOUNT_FIELD_WORDS, ROLE_NAMES, ROLES, WITHOUT_JURISDICTION
from geo.jurisdiction import reach
from geo.unit_names import unit_label
from geo.vi_format import local_date
from geo.vocab import PROJECT_KINDS
from maps.form_pages import checkboxes_html, options_html, render_form_page

#: The account's fields by language, as the form and the list label them and a refusal names them: one source,
#: geo.accounts.ACCOUNT_FIELD_WORDS; and those the list has a column of, in its order.
FIELDS = {lang: {key: words[i] for key, words in ACCOUNT_FIELD_WORDS.items()} for i, lang in enumerate(("vi", "en"))}
LISTED_FIELDS = ("display_name", "role", "agency", "units", "kinds")

LABELS = {
    "vi": {
        "title": "Tài khoản và mã truy cập",
        "other_lang": "English",
        "intro": "Dành cho quản trị viên: tạo và sửa tài khoản cho cán bộ các cơ quan, ngừng tài khoản của người "
        "đã chuyển công tác, cấp mã truy cập (chỉ hiện một lần) và thu hồi mã. Mọi thay đổi được ghi nhật ký.",
        "token": "Mã truy cập (token) của quản trị viên (chỉ cần khi chưa đăng nhập)",
        "accounts": "Tài khoản",
        "new_account": "Tạo tài khoản",
        "username": "Tên đăng nhập (chữ không dấu, số, . _ -)",
        **{key: FIELDS["vi"][key] for key in ("display_name", "role", "agency")},
        "units": f"{FIELDS['vi']['units']} (mã, cách nhau bởi dấu phẩy)",
        "find_unit": "Tìm đơn vị theo tên để thêm mã của nó",
        "find_unit_hint": "ví dụ Duyên Hải",
        # the unit's validity, not the account's: "(đến 30/06/2025)" alone read as the account's expiry (trial 72)
        "former_until": "{level} cũ, đến {day}",
        "levels": {"province": "tỉnh", "district": "huyện", "commune": "xã"},
        "from": "từ",
        "kinds": "Loại dự án được cập nhật trong các đơn vị đó",
        "no_jurisdiction": "Vai trò này không có đơn vị hay loại dự án: quản trị viên báo cáo được mọi dự án.",
        "viewer_reviews": "Người xem không gửi báo cáo nào. Được giao đơn vị và loại dự án, người xem kiểm tra (xác "
        "nhận hay bác bỏ) các báo cáo cần kiểm tra về các dự án đó: vai trò của người giám sát báo cáo hiện trường.",
        "create": "Tạo tài khoản",
        "cancel_edit": "Thôi, không sửa",
        "none": "(không)",
        "js": {
            "load": "Tải danh sách",
            "issue": "Cấp mã",
            "tokens": "Các mã",
            "revoke": "Thu hồi",
            "revoked": "đã thu hồi",
            "valid_until": "còn hạn đến",
            "expired": "đã hết hạn",
            "no_expiry": "không thời hạn",
            "token_columns": ["Mã số", "Tên", "Hiệu lực", "Dùng lần cuối", ""],
            "never_used": "chưa dùng",
            "created": "Đã tạo tài khoản",
            "agency_ended": "đã kết thúc {day}, nay là {now}",
            "issued": "Mã mới của {who} (chỉ hiện lần này; sao chép và gửi cho đúng người này):",
            "copy": "Sao chép mã",
            "copied": "Đã sao chép",
            "revoke_confirm": "Thu hồi mã số {id} của {who}? Người dùng mã này sẽ không làm được gì nữa.",
            "drop_jurisdiction": "Vai trò mới không có đơn vị hay loại dự án: lưu thì {who} mất {what}. Lưu chứ?",
            "revoked_ok": "Đã thu hồi mã số {id} của {who}",
            "login": "Cần mã truy cập của tài khoản quản trị (admin).",
            "not_admin": "Trang này chỉ dành cho quản trị viên (vai trò admin): tài khoản của bạn không tạo, sửa tài "
            "khoản hay cấp mã được. Bạn vẫn có thể gửi báo cáo tình trạng dự án (/status-report) và xem báo cáo hằng "
            "năm (/monitoring) theo vai trò của mình; cần tài khoản hay mã mới cho ai, hãy nhờ quản trị viên.",
            "username_rule": "Tên đăng nhập chỉ gồm chữ không dấu (a–z), chữ số và dấu . _ -, bắt đầu bằng chữ hoặc "
            "số, 2–80 ký tự, ví dụ binh.tran; họ tên có dấu ghi ở ô Họ tên.",
            "no_projects": "(chưa báo cáo được dự án nào: cơ quan của tài khoản không chủ trì hay phối hợp dự án "
            "nào; hãy giao đơn vị và loại dự án)",
            "offline": "Không gửi được, hãy thử lại",
            "active": "hoạt động",
            "inactive": "đã ngừng",
            "edit": "Sửa",
            "editing": "Sửa tài khoản",
            "save": "Lưu thay đổi",
            "saved": "Đã lưu thay đổi của tài khoản",
            "deactivate": "Ngừng",
            "activate": "Cho hoạt động lại",
            "deactivate_confirm": "Ngừng tài khoản {who}? Mọi mã truy cập và phiên đăng nhập của tài khoản này thôi "
            "dùng được ngay, cho đến khi cho hoạt động lại.",
            "deactivated": "Đã ngừng tài khoản",
            "nothing_changed": "Không có gì thay đổi để lưu.",
            "agency_projects": "({n} dự án cơ quan của tài khoản chủ trì hoặc phối hợp)",
            "reaches_none": "0 — chưa báo cáo được dự án nào: xem lại cơ quan, đơn vị và loại dự án",
            "reviews": "(xem xét báo cáo hằng năm của kế hoạch {plans}: cơ quan đầu mối; không báo cáo dự án)",
            "reviews_none": "0 — không báo cáo dự án: tài khoản xem xét báo cáo hằng năm",
            # an editor of an agency of yearly reports (no project of its own): no units and kinds to give it
            "writes_reports": "(viết báo cáo hằng năm của các nhiệm vụ {actions}; không báo cáo dự án)",
            "writes_reports_none": "0 — không báo cáo dự án: tài khoản viết báo cáo hằng năm",
            "reach": {"none": "(chỉ xem, không báo cáo dự án nào)", "all": "(mọi dự án)"},
            "checks_reports": "(không báo cáo; kiểm tra báo cáo về các dự án thuộc loại này trong các đơn vị này)",
            "activated": "Đã cho hoạt động lại tài khoản",
            "columns": [
                "Tên đăng nhập",
                *(FIELDS["vi"][key] for key in LISTED_FIELDS),
                "Số dự án báo cáo được",
                "Trạng thái",
                "",
            ],
        },
    },
    "en": {
        "title": "Accounts and access tokens",
        "other_lang": "Tiếng Việt",
        "intro": "For administrators: create and correct accounts for agency staff, deactivate those of people who "
        "have moved on, issue access tokens (shown once) and revoke them. Every change is written to the audit log.",
        "token": "Administrator's access token (needed only when not logged in)",
        "accounts": "Accounts",
        "new_account": "New account",
        "username": "Username (letters without accents, digits, . _ -)",
        **{key: FIELDS["en"][key] for key in ("display_name", "role", "agency")},
        "units": f"{FIELDS['en']['units']} (codes, comma-separated)",
        "find_unit": "Find a unit by name to add its code",
        "find_unit_hint": "e.g. Duyên Hải",
        "former_until": "former {level}, until {day}",
        "levels": {"province": "province", "district": "district", "commune": "commune"},
        "from": "from",
        "kinds": "Project kinds it may update in those units",
        "no_jurisdiction": "This role has no units or kinds: an administrator reports on every project.",
        "viewer_reviews": "A viewer sends no report. Given units and kinds, it checks (confirms or rejects) the "
        "flagged reports on those projects: the role of a supervisor of field reports.",
        "create": "Create the account",
        "cancel_edit": "Cancel the edit",
        "none": "(none)",
        "js": {
            "load": "Load the list",
            "issue": "Issue a token",
            "tokens": "Tokens",
            "revoke": "Revoke",
            "revoked": "revoked",
            "valid_until": "valid until",
            "expired": "expired on",
            "no_expiry": "no expiry date",
            "token_columns": ["No.", "Name", "Valid", "Last used", ""],
            "never_used": "never used",
            "created": "Account created",
            "agency_ended": "ended {day}, now {now}",
            "issued": "New token of {who} (shown this once; copy it and give it to that person only):",
            "copy": "Copy the token",
            "copied": "Copied",
            "revoke_confirm": "Revoke token no. {id} of {who}? Whoever uses it will no longer be able to do anything.",
            "drop_jurisdiction": "The new role has no units or kinds: saving removes {what} from {who}. Save?",
            "revoked_ok": "Revoked token no. {id} of {who}",
            "login": "An administrator's (admin) token is needed.",
            "not_admin": "This page is for administrators (role admin) only: your account cannot create or change "
            "accounts or issue tokens. You may still send projects' status reports (/status-report) and see the yearly "
            "reports (/monitoring) as your role allows; for a new account or token, ask an administrator.",
            "username_rule": "A username has only letters without accents (a–z), digits and . _ -, begins with a "
            "letter or digit and is 2–80 long, e.g. binh.tran; the name with its accents goes in Full name.",
            "no_projects": "(no projects yet: its agency leads or partners none; give it units and project kinds)",
            "offline": "Could not send; try again",
            "active": "active",
            "inactive": "deactivated",
            "edit": "Edit",
            "editing": "Edit the account",
            "save": "Save the changes",
            "saved": "Changes saved",
            "deactivate": "Deactivate",
            "activate": "Activate again",
            "deactivate_confirm": "Deactivate {who}? Every token and login of this account stops working at once, "
            "until it is activated again.",
            "deactivated": "Account deactivated",
            "nothing_changed": "Nothing changed to save.",
            "agency_projects": "(the {n} projects its agency leads or partners)",
            "reaches_none": "0 — none yet: check its agency, units and project kinds",
            "reviews": "(reviews the yearly reports of plan {plans}: the focal department; reports on no project)",
            "reviews_none": "0 — reports on no project: it reviews yearly reports",
            "writes_reports": "(writes the yearly reports of actions {actions}; reports on no project)",
            "writes_reports_none": "0 — reports on no project: writes yearly reports",
            "reach": {"none": "(reads only, reports on no project)", "all": "(every project)"},
            "checks_reports": "(reports on none; checks the reports on the projects of these kinds in these units)",
            "activated": "Account active again",
            "columns": [
                "Username",
                *(FIELDS["en"][key] for key in LISTED_FIELDS),
                "Projects it may report on",
                "State",
                "",
            ],
        },
    },
}


def unit_choice_label(unit: dict[str, Any], lang: str) -> str:
    """A unit as an administrator tells it from its namesakes: "Huyện Duyên Hải, Trà Vinh (huyện cũ, đến
    30/06/2025)" beside "Thị xã Duyên Hải, Trà Vinh (…)" and "Phường Duyên Hải, Vĩnh Long (từ 01/07/2025)"; the field
    form says the account's units so."""
    words = LABELS[lang]
    name = ", ".join(x for x in (unit_label(unit, lang), unit["parent_name_vi"]) if x)
    if unit["valid_to"]:
        level = words["levels"][unit["level"]]
        return f"{name} ({words['former_until'].format(level=level, day=local_date(unit['valid_to'], lang))})"
    if unit["valid_from"]:
        return f"{name} ({words['from']} {local_date(unit['valid_from'], lang)})"
    return name


def unit_names(units: list[dict[str, Any]], lang: str) -> dict[str, str]:
    """Each unit code (geo.queries.units.unit_choices) with its label; a code of both schemes (a province kept in
    2025) is named once per scheme."""
    names: dict[str, str] = {}
    for unit in units:
        label = unit_choice_label(unit, lang)
        names[unit["code"]] = f"{names[unit['code']]}; {label}" if unit["code"] in names else label
    return names


def build_accounts_page(
    lang: str, agencies: dict[str, str], today_codes: list[str], units: list[dict[str, Any]]
) -> str:
    """The page's HTML in ``lang``; ``agencies`` maps every agency's code to its name (the list names each account's),
    ``today_codes`` are those a new account may be given, ``units`` (geo.queries.units.unit_choices) are offered by
    name for an account's jurisdiction."""
    labels = LABELS[lang]
    kinds = vocab.labels(PROJECT_KINDS, lang)
    names = unit_names(units, lang)
    role_names = {role: ROLE_NAMES[role].text(lang) for role in ROLES}
    agency_choices = {code: f"{code} — {agencies[code]}" for code in today_codes}
    fields = {
        "__OTHER_LANG_URL__": "/accounts?lang=en" if lang == "vi" else "/accounts?lang=vi",
        "__ROLE_OPTIONS__": options_html(role_names),
        "__AGENCY_OPTIONS__": options_html(agency_choices, labels["none"]),
        "__KIND_CHOICES__": checkboxes_html("kind", kinds),
    }
    script_labels = labels["js"] | {key: labels[key] for key in ("new_account", "create")} | {"roles": role_names}
    # the finder's order as a list: an object's numeric keys run in number order in a browser, which put the former
    # district 960 before the 2025 commune 29536 (both "Đông Hải"), and Enter chose it
    script_labels |= {"kinds": kinds, "unit_names": names, "unit_order": list(names), "agency_names": agencies}
    # by role, for the roles whose reach their units do not change (geo.jurisdiction.reach): said in the list, and the
    # form puts their units and kinds away
    script_labels["reach"] = {role: labels["js"]["reach"][reach(role)] for role in ROLES if reach(role) != "own"}
    # the roles given no units or kinds (a viewer's are those whose reports it checks: geo.jurisdiction.reviewable_of)
    script_labels["without_jurisdiction"] = [role for role in ROLES if reach(role) in WITHOUT_JURISDICTION]
    return render_form_page("accounts_page", lang, labels, script_labels, fields)
