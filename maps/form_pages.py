"""The form pages (/report for agencies, /upload for GIS staff): one template each, with a shared style and script.

A template holds ``__NAME__`` placeholders: ``__LANG__``, ``__LABELS__`` (the labels for its script, as JSON),
``__FORM_STYLE__`` and ``__FORM_SCRIPT__`` (form_page.css and form_page.js: the token kept in the browser, messages,
API errors), one ``__KEY__`` per text label, and the page's own fields.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
FORM_STYLE = (HERE / "form_page.css").read_text(encoding="utf-8")
FORM_SCRIPT = (HERE / "form_page.js").read_text(encoding="utf-8")


def render_form_page(
    template: Path, lang: str, labels: dict[str, Any], script_labels: dict[str, Any], fields: dict[str, str]
) -> str:
    """``template`` in ``lang``: text ``labels`` escaped, ``script_labels`` as JSON, ``fields`` as they are."""
    values = {
        "__LANG__": lang,
        "__FORM_STYLE__": FORM_STYLE,
        "__FORM_SCRIPT__": FORM_SCRIPT,
        "__LABELS__": json.dumps(script_labels, ensure_ascii=False).replace("</", "<\\/"),
        **{f"__{key.upper()}__": html.escape(value) for key, value in labels.items() if isinstance(value, str)},
        **fields,
    }
    page = template.read_text(encoding="utf-8")
    for placeholder, value in values.items():
        page = page.replace(placeholder, value)
    return page
