"""The former provinces inside the registry's 2025 ones, cut once per change of the provinces, not per map load.

Cutting them (geo.queries.map_places.former_parts: five intersections of detailed outlines) took 0.2–0.27 s of the
database's time, and every web map on the 2025 boundaries asks for them (/map/context.geojson). They depend only on
the provinces of both schemes, whose layers' versions (geo.layer_versions) every write of units changes: they are
kept in ``former_province_parts`` under a key of those versions and of what cuts them (the query, its tolerance), so
every server process reads the same row and a release that cuts them otherwise cuts them again. A read that finds
none for its key cuts them and hands them to its ``keep`` (the API keeps them on the primary: it may read a replica).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from geo.layer_versions import url_version
from geo.queries.map_places import FORMER_PARTS, former_parts

#: The layers the parts are cut from, and whose communes say a part is held: every write of a province of either
#: scheme, or of a 2025 commune, changes one of them.
PROVINCE_LAYERS = ("units_pre2025_province", "units_2025_province", "units_2025_commune")

Parts = list[dict[str, Any]]
Keep = Callable[[str, Parts], None]

_KEPT = text("SELECT parts FROM former_province_parts WHERE key = :key")
_KEEP = text(
    "INSERT INTO former_province_parts (key, parts) VALUES (:key, CAST(:parts AS jsonb)) ON CONFLICT (key) DO NOTHING"
)
_DROP_OTHERS = text("DELETE FROM former_province_parts WHERE key <> :key")


def parts_key(session: Session, tolerance: float) -> str:
    """What the parts cut now would be kept under: the province layers' versions, and a hash of the cut."""
    cut = hashlib.blake2b(f"{FORMER_PARTS}|{tolerance}".encode(), digest_size=8).hexdigest()
    return f"{url_version(session, PROVINCE_LAYERS)}:{cut}"


def current_former_parts(session: Session, tolerance: float, keep: Keep | None = None) -> Parts:
    """The former provinces in each of the registry's 2025 provinces (as map_places.former_parts says them): those
    kept for the provinces as they are, else cut now and handed to ``keep`` with their key.

    The key is read before the cut, so parts cut after a concurrent write are kept under the key before it, which no
    later read asks for, never the reverse."""
    key = parts_key(session, tolerance)
    kept = session.execute(_KEPT, {"key": key}).scalar()
    if kept is not None:
        return kept
    parts = former_parts(session, tolerance)
    if keep is not None:
        keep(key, parts)
    return parts


def keep_parts(session: Session, key: str, parts: Parts) -> None:
    """Keep ``parts`` under ``key`` in ``session``'s transaction (the caller commits), dropping those of older keys
    (another process that cut them at once keeps the same)."""
    session.execute(_KEEP, {"key": key, "parts": json.dumps(parts, ensure_ascii=False)})
    session.execute(_DROP_OTHERS, {"key": key})
