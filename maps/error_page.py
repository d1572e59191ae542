"""A page of the registry that could not be shown (a project or unit not there, a parameter it cannot take), as a
page in its language: what went wrong and where to go on, instead of the API's JSON (api.errors decides when)."""

from __future__ import annotations

from html import escape

TEXT = {
    "vi": {
        "title": "Không mở được trang này (lỗi {status})",
        "help": "Kiểm tra địa chỉ (hoặc liên kết đã cũ), rồi đi tiếp từ:",
        "map": "Bản đồ dự án",
        "progress": "Tiến độ theo đơn vị",
        "other_lang": "English",
    },
    "en": {
        "title": "This page cannot be shown (error {status})",
        "help": "Check the address (or the link may be old), then go on from:",
        "map": "The projects map",
        "progress": "Progress by unit",
        "other_lang": "Tiếng Việt",
    },
}
STYLE = (
    "body{font:16px/1.5 system-ui,sans-serif;margin:0 auto;max-width:42rem;padding:1rem;color:#222}"
    "h1{font-size:1.3rem}li{margin:.3rem 0}a{color:#0b5cad}.lang{float:right}"
)


def error_page(status: int, messages: list[str], lang: str, other_lang_href: str) -> str:
    """The page: its title with the status, each message (already in ``lang``), links to the map and progress."""
    t = TEXT[lang]
    title = t["title"].format(status=status)
    other = "en" if lang == "vi" else "vi"
    said = "".join(f"<li><strong>{escape(m)}</strong></li>" for m in messages)
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>"
        f'<a class="lang" href="{escape(other_lang_href)}" hreflang="{other}">{t["other_lang"]}</a>'
        f'<h1>{escape(title)}</h1><ul role="alert">{said}</ul><p>{t["help"]}</p>'
        f'<ul><li><a href="/?lang={lang}">{t["map"]}</a></li>'
        f'<li><a href="/progress?lang={lang}">{t["progress"]}</a></li></ul></body></html>'
    )
