"""The login page (/login): a token opens a browser session (an HttpOnly cookie; the page keeps nothing), so that map
pages and their tiles can be read when the setting ``public_reads`` is off (a browser cannot add a header to a page
load or an image tile), and the form pages can send without the token typed again. A browser logged in is told as whom,
with "log out" to end it."""

from __future__ import annotations

import html
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from maps.form_pages import render_form_page

LABELS = {
    "vi": {
        "title": "Đăng nhập georeg",
        "other_lang": "English",
        "intro": "Sổ đăng ký này chỉ cho người có tài khoản xem. Nhập mã truy cập (token) của bạn: "
        "mã bắt đầu bằng grt_, do quản trị viên của sổ đăng ký cấp cho bạn.",
        "intro_open": "Ai cũng xem được sổ đăng ký; đăng nhập để báo cáo tình trạng, tải dữ liệu GIS lên, nhập số liệu "
        "hay quản lý tài khoản. Nhập mã truy cập (token) của bạn: mã bắt đầu bằng grt_, do quản trị viên của sổ "
        "đăng ký cấp cho bạn.",
        "token": "Mã truy cập (token)",
        "login": "Đăng nhập",
        "js": {
            "refused": "Mã truy cập không đúng, đã hết hạn hoặc đã bị thu hồi.",
            "offline": "Không gửi được, hãy thử lại",
        },
    },
    "en": {
        "title": "Log in to georeg",
        "other_lang": "Tiếng Việt",
        "intro": "This registry is readable with an account only. Enter your access token: it begins with grt_, and "
        "the registry's administrator gives it to you.",
        "intro_open": "Anyone may read this registry; log in to report a status, upload GIS data, enter values or "
        "manage accounts. Enter your access token: it begins with grt_, and the registry's administrator gives it to "
        "you.",
        "token": "Access token",
        "login": "Log in",
        "js": {
            "refused": "The token is unknown, expired or revoked.",
            "offline": "Could not send; try again",
        },
    },
}


def build_login_page(lang: str, next_path: str, open_reads: bool) -> str:
    """The page's HTML in ``lang``; after logging in it goes to ``next_path`` (a path of this site) in the same
    language: whoever logs in on the English page is not sent back to the Vietnamese map. Its introduction says
    whether reading needs an account (``open_reads``: the setting public_reads)."""
    other = "en" if lang == "vi" else "vi"
    labels = LABELS[lang] | {"intro": LABELS[lang]["intro_open" if open_reads else "intro"]}
    return render_form_page(
        "login_page",
        lang,
        labels,
        {**LABELS[lang]["js"], "next": in_language(next_path, lang)},
        {"__OTHER_LANG_URL__": html.escape(f"/login?lang={other}&next={quote(next_path, safe='')}")},
    )


def in_language(path: str, lang: str) -> str:
    """``path`` (with its query) asking for its page in ``lang``: ``lang=en``, or no ``lang`` for Vietnamese, the
    pages' own language."""
    parts = urlsplit(path)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "lang"]
    query += [("lang", lang)] if lang != "vi" else []
    return urlunsplit(parts._replace(query=urlencode(query)))
