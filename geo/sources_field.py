"""A project's sources in one text field of a file (a shapefile or sheet has no lists): joined by "; ", or, when a
source holds a ";" itself, as a JSON array; read back into the list either way, so an export loads back unchanged."""

from __future__ import annotations

import json
from typing import Any


def sources_text(sources: list[str] | None) -> str:
    """The field's text for ``sources``."""
    sources = sources or []
    if any(";" in source for source in sources):
        return json.dumps(sources, ensure_ascii=False)
    return "; ".join(sources)


def sources_list(value: Any) -> list[str]:
    """The sources a field holds: a list as it is (GeoJSON), a JSON array of texts, else the parts between ";"."""
    if isinstance(value, list):
        return value
    text = str(value or "").strip()
    if text.startswith("["):
        try:
            parsed = json.loads(text)
        except ValueError:
            parsed = None
        if isinstance(parsed, list) and all(isinstance(source, str) for source in parsed):
            return parsed
    return [part.strip() for part in text.split(";") if part.strip()]
