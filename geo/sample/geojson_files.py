"""Reading the bundled GeoJSON files: features as (properties, geometry JSON) with NFC text."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any


def nfc(value: Any) -> Any:
    """``value`` with every string in it normalised to NFC (lists and dicts walked)."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [nfc(v) for v in value]
    if isinstance(value, dict):
        return {k: nfc(v) for k, v in value.items()}
    return value


def read_features(path: Path) -> Iterator[tuple[dict[str, Any], str | None]]:
    """Each feature's NFC properties and its geometry as a GeoJSON string (None if null)."""
    with open(path, encoding="utf-8") as handle:
        collection = json.load(handle)
    for feature in collection["features"]:
        geometry = feature.get("geometry")
        yield nfc(feature.get("properties") or {}), json.dumps(geometry) if geometry else None
