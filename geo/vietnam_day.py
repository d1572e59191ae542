"""The registry's today: the day in Vietnam (UTC+7), whatever the server's clock zone.

Servers run on UTC: from 00:00 to 07:00 in Vietnam, ``vietnam_today()`` there is still yesterday, so a report was
"today" on one page and tomorrow on the next, and on 1 January the new year's values were refused.
"""

from __future__ import annotations

from datetime import date, datetime

from geo.vi_format import VIETNAM_TIME


def vietnam_today(now: datetime | None = None) -> date:
    """Today's date in Vietnam (at ``now``, a moment with its zone; by default this one)."""
    return (now or datetime.now(VIETNAM_TIME)).astimezone(VIETNAM_TIME).date()
