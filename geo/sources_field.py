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


def sources_text_sql(sources: str) -> str:
    """:func:`sources_text` in SQL, of the jsonb array ``sources``: the database writes the text, so that an export
    of 20,000 projects does not decode 20,000 JSON arrays in Python to join them again (docs/benchmarks.md). A ";"
    in the array's JSON text can only be inside a source."""
    return (
        f"CASE WHEN {sources}::text LIKE '%;%' THEN {sources}::text "
        f"ELSE array_to_string(ARRAY(SELECT jsonb_array_elements_text({sources})), '; ') END"
    )


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
