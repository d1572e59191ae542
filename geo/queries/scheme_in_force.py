"""Which boundaries the maps open on: the scheme whose units are in force on a day, read from the units' validity
dates in the registry (not a constant), and the registry's former provinces it holds no units of that scheme for.

Since the July 2025 reform the 2025 provinces and communes are in force, but a registry loaded before it, or one
that has not loaded a province's 2025 units yet, holds only the former ones there: the maps fall back to those and
say so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

#: The scheme the plans report in, drawn when the registry holds no units in force on the day.
FORMER_SCHEME = "pre2025"

_VALID_ON = "(u.valid_from IS NULL OR u.valid_from <= :day) AND (u.valid_to IS NULL OR u.valid_to >= :day)"

# the scheme of the registry's own provinces valid on the day; of two (a registry without closing dates), the newer
_IN_FORCE = f"""
SELECT u.scheme FROM admin_unit u
WHERE u.level = 'province' AND NOT u.is_context AND {_VALID_ON}
GROUP BY u.scheme ORDER BY max(u.valid_from) DESC NULLS LAST LIMIT 1"""

# the former provinces of the registry no province of ``scheme`` in force on the day lies over
_NOT_COVERED = f"""
SELECT f.code, f.name_vi, f.name_en FROM admin_unit f
WHERE f.scheme = '{FORMER_SCHEME}' AND f.level = 'province' AND NOT f.is_context
  AND NOT EXISTS (SELECT 1 FROM admin_unit u
                  WHERE u.scheme = :scheme AND u.level = 'province' AND NOT u.is_context AND {_VALID_ON}
                    AND ST_Intersects(u.geom, ST_PointOnSurface(f.geom)))
ORDER BY f.code"""

# the schemes the registry holds these provinces in (its own, not the neighbours drawn for context)
_SCHEMES_OF_PROVINCES = """
SELECT DISTINCT scheme FROM admin_unit WHERE level = 'province' AND NOT is_context AND code = ANY(:codes)"""


# the first day of each scheme's provinces in the registry (its own; units without a date left out)
_SCHEME_STARTS = """
SELECT scheme, min(valid_from) FROM admin_unit
WHERE level = 'province' AND NOT is_context AND valid_from IS NOT NULL GROUP BY scheme"""


@dataclass(frozen=True)
class SchemeInForce:
    """``scheme``: the boundaries the maps open on; ``in_registry``: False when the registry holds no units in force
    on the day (the former ones are drawn); ``without``: the former provinces the registry holds no units of
    ``scheme`` for (their projects are drawn over no boundary of it)."""

    scheme: str
    in_registry: bool = True
    without: list[dict[str, Any]] = field(default_factory=list)


def scheme_in_force(session: Session, day: date) -> SchemeInForce:
    """The boundaries in force on ``day`` by the registry's units, or the former ones when it holds none."""
    scheme = session.execute(text(_IN_FORCE), {"day": day}).scalar()
    if scheme is None:
        return SchemeInForce(FORMER_SCHEME, in_registry=False)
    if scheme == FORMER_SCHEME:
        return SchemeInForce(scheme)
    without = session.execute(text(_NOT_COVERED), {"day": day, "scheme": scheme}).mappings()
    return SchemeInForce(scheme, without=[dict(row) for row in without])


def scheme_of_provinces(session: Session, provinces: list[str]) -> str | None:
    """The boundaries the registry holds ``provinces`` in, when all in one (Cà Mau, 96: 2025; Trà Vinh, 84: the
    former ones); None otherwise. A sheet of Cà Mau printed former Bạc Liêu's districts (trial 66)."""
    schemes = set(session.scalars(text(_SCHEMES_OF_PROVINCES), {"codes": provinces}))
    return schemes.pop() if len(schemes) == 1 else None


def scheme_starts(session: Session) -> dict[str, date]:
    """The day each scheme's provinces came into force by the registry's units (2025: 1 July 2025): a map of an
    earlier day on them draws units that did not exist then, and says so."""
    return dict(session.execute(text(_SCHEME_STARTS)).all())
