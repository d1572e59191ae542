"""A page of the registry that could not be shown (a project or unit not there, a parameter it cannot take, the
registry unavailable), as a page in its language: what went wrong and what to do, instead of the API's JSON
(api.errors decides when), with the request's id to quote to the administrator."""

from __future__ import annotations

from html import escape

from maps.texts import ERROR_PAGE_TEXT

STYLE = (
    "body{font:16px/1.5 system-ui,sans-serif;margin:0 auto;max-width:42rem;padding:1rem;color:#222}"
    "h1{font-size:1.3rem}li{margin:.3rem 0}a{color:#0b5cad}.lang{float:right}"
    ".request-id{color:#555;font-size:.9rem}.request-id code{user-select:all}"
)


def error_page(status: int, messages: list[str], lang: str, other_lang_href: str, request_id: str = "-") -> str:
    """The page: its title with the status, each message (already in ``lang``), what to do — for a 503 try again in
    a few minutes (a link to this page) or tell the administrator; else the links to the map and progress — and
    the request's id."""
    t = ERROR_PAGE_TEXT[lang]
    unavailable = status == 503
    title = t["title_503"] if unavailable else t["title"].format(status=status)
    other = "en" if lang == "vi" else "vi"
    said = "".join(f"<li><strong>{escape(m)}</strong></li>" for m in messages)
    if unavailable:
        go_on = f'<p>{t["help_503"]}</p><p><a href="">{t["try_again"]}</a></p>'
    else:
        go_on = (
            f'<p>{t["help"]}</p><ul><li><a href="/?lang={lang}">{t["map"]}</a></li>'
            f'<li><a href="/progress?lang={lang}">{t["progress"]}</a></li></ul>'
        )
    quoted = t["request_id"].format(id=f"<code>{escape(request_id)}</code>")
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>"
        f'<a class="lang" href="{escape(other_lang_href)}" hreflang="{other}">{t["other_lang"]}</a>'
        f'<h1>{escape(title)}</h1><ul role="alert">{said}</ul>{go_on}'
        f'<p class="request-id">{quoted}</p></body></html>'
    )
