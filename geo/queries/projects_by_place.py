"""Which projects a province's or a unit's filter chooses, in SQL: one rule for the list, the map, the exports and
the progress.

Apart from geo.queries.projects (the list's ORM query) so that a reader of these alone, such as ``georeg export``,
imports no ORM model (the models and GeoAlchemy took 0.3 s of CPU of the command's start).
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session


def former_province_codes(code: str) -> str:
    """SQL: the array of the pre-2025 province codes the province code ``code`` (an SQL expression) stands for:
    itself, and those of the former provinces merged into it if it is a 2025 province, each once."""
    return f"""ARRAY(
    SELECT {code} UNION
    SELECT f.code FROM unit_crosswalk c JOIN admin_unit f ON f.id = c.from_unit_id
    JOIN admin_unit t ON t.id = c.to_unit_id AND t.scheme = '2025' AND t.level = 'province' AND t.code = {code})"""


#: Each province of either scheme (``unit_id``) with each code its projects are stored with (``province_code``):
#: a 2025 province's :func:`former_province_codes`, a former province's own code alone (the former Vĩnh Long, 86,
#: was counted with Trà Vinh's projects, which are the 2025 Vĩnh Long's). What the provinces' progress counts by
#: (:data:`PROVINCE_PROJECTS`) and the exports' 2025 province is (geo.layer_export); the province filter of the list,
#: the map and the exports reads a code by the same SQL (:func:`former_provinces`): one rule, one count.
PROVINCE_CODES = f"""
SELECT u.id AS unit_id, c.code AS province_code
FROM admin_unit u CROSS JOIN LATERAL unnest(
    CASE WHEN u.scheme = '2025' THEN {former_province_codes("u.code")} ELSE ARRAY[u.code] END) c(code)
WHERE u.level = 'province'"""
#: The projects of each province (``unit_id``, one of either scheme) as :data:`PROVINCE_CODES` reads its code, each
#: counted whole (``share`` 1). The province's progress counted the sites its outline holds, 140 more than the filter
#: found in a trial (trial 54).
PROVINCE_PROJECTS = f"""(
SELECT p.id AS project_id, pc.unit_id, 1.0::float AS share
FROM ({PROVINCE_CODES}) pc JOIN project p ON p.province_code = pc.province_code)"""


def unit_shares(level: str) -> str:
    """The projects' shares of the units of ``level`` in SQL (``project_id``, ``unit_id``, ``share``): a province's
    projects are those its filter finds (:data:`PROVINCE_PROJECTS`), a district's or commune's the parts of the sites
    lying in it (geo.apportion)."""
    return PROVINCE_PROJECTS if level == "province" else "project_unit_share"


def former_provinces(session: Session, code: str) -> list[str]:
    """Pre-2025 province codes a province code stands for: itself, or those merged into a 2025 province (the same SQL
    as the provinces' progress: :data:`PROVINCE_PROJECTS`)."""
    return list(session.scalar(text(f"SELECT {former_province_codes('CAST(:code AS text)')}"), {"code": code}))


def with_a_part_in(units: str) -> str:
    """The ids of the projects with a part in one of the former districts or 2025 communes coded ``units`` (an SQL
    array), in SQL: what the map's unit filter and a district's export choose (layers.sources.UNIT_FILTER), the
    field reports' filter by unit (geo.queries.field_reports), and the projects a reload of that export is the
    inventory of (geo.ingest.project_writes.not_in_the_file)."""
    return (
        "SELECT s.project_id FROM project_unit_share s JOIN admin_unit u ON u.id = s.unit_id "
        f"WHERE u.level IN ('district', 'commune') AND u.code = ANY({units})"
    )
