"""The form pages (/status-report for agencies, /upload for GIS staff): a shared head, style and script around
each page.

A page is ``NAME.html`` (what goes in its body) and ``NAME.css`` (its own style, after form_page.css). The body holds
``__NAME__`` placeholders: ``__LABELS__`` (the labels for its script, as JSON), ``__FORM_SCRIPT__`` (form_page.js:
the token kept in the browser, messages, API errors), one ``__KEY__`` per text label, and the page's own fields.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

from maps.texts import SESSION_WORDS

HERE = Path(__file__).parent
FORM_STYLE = "".join((HERE / name).read_text(encoding="utf-8") for name in ("form_page.css", "file_picker.css"))
FORM_SCRIPT = "".join(
    (HERE / name).read_text(encoding="utf-8")
    for name in ("static/dates_as_written.js", "form_page.js", "page_login.js", "file_picker.js")
)


HEAD = """<!doctype html>
<html lang="__LANG__">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>__TITLE__</title>
<style>
"""


def render_form_page(
    name: str, lang: str, labels: dict[str, Any], script_labels: dict[str, Any], fields: dict[str, str]
) -> str:
    """Page ``name`` in ``lang``: text ``labels`` escaped, ``script_labels`` as JSON, ``fields`` as they are."""
    style = FORM_STYLE + (HERE / f"{name}.css").read_text(encoding="utf-8")
    body = (HERE / f"{name}.html").read_text(encoding="utf-8")
    page = f"{HEAD}{style}</style>\n</head>\n<body>\n{body}</body>\n</html>\n"
    values = {
        "__LANG__": lang,
        "__FORM_SCRIPT__": FORM_SCRIPT,
        # no "<" at all inside the script: "<!--" or "<script" in a value would change how the page is parsed
        "__LABELS__": json.dumps(script_labels | {"session": SESSION_WORDS[lang]}, ensure_ascii=False).replace(
            "<", "\\u003c"
        ),
        **{f"__{key.upper()}__": html.escape(value) for key, value in labels.items() if isinstance(value, str)},
        **fields,
    }
    for placeholder, value in values.items():
        page = page.replace(placeholder, value)
    return page


def options_html(choices: dict[str, str], empty: str | None = None) -> str:
    """``<option>`` elements for a select: code → label, after an empty choice labelled ``empty`` if given."""
    first = f'<option value="">{html.escape(empty)}</option>' if empty is not None else ""
    return first + "".join(
        f'<option value="{html.escape(code)}">{html.escape(label)}</option>' for code, label in choices.items()
    )


def checkboxes_html(name: str, choices: dict[str, str]) -> str:
    """One labelled checkbox per choice (code → label), all named ``name``: several are chosen by taps, where a
    multiple select drops the others at a click without Ctrl."""
    return "".join(
        f'<label class="choice"><input type="checkbox" name="{html.escape(name)}" value="{html.escape(code)}"> '
        f"{html.escape(label)}</label>"
        for code, label in choices.items()
    )
