"""Whether the unit codes a user gave are the registry's: the refusal of a filter by a mistyped one.

Apart from geo.queries.units (units as GeoJSON, by the ORM) so that ``georeg export --unit`` checks its codes without
importing the ORM models (the models and GeoAlchemy took 0.3 s of CPU of the command's start).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from geo.said import Said


def _first_unknown(session: Session, codes: list[str], levels: tuple[str, ...]) -> str | None:
    """The first of ``codes`` that no unit of ``levels`` has (either scheme), None when each is one's."""
    query = text("SELECT code FROM admin_unit WHERE level = ANY(:levels) AND code = ANY(:codes)")
    known = set(session.scalars(query, {"levels": list(levels), "codes": list(codes)}))
    return next((code for code in codes if code not in known), None)


def unknown_unit(session: Session, codes: list[str]) -> Said | None:
    """The refusal of the first of ``codes`` that is no former district's nor 2025 commune's (what a unit filter
    takes: of projects, their tiles and exports, and of progress); None when each is one. A mistyped code chose no
    project, and an export of them came as an empty file rather than a refusal."""
    if (code := _first_unknown(session, codes, ("district", "commune"))) is None:
        return None
    return Said(
        f"không có huyện (trước 01/07/2025) hay xã, phường (từ 01/07/2025) mã {code!r}; xem các mã ở "
        "/api/units?level=district và /api/units?scheme=2025&level=commune",
        f"no district (before 1 July 2025) or commune (from 1 July 2025) has the code {code!r}; list the codes at "
        "/api/units?level=district and /api/units?scheme=2025&level=commune",
    )


def unknown_province(session: Session, codes: list[str]) -> Said | None:
    """The refusal of the first of ``codes`` that is no province's, former or 2025 (what a province filter takes: of
    the map, its tiles and the exports); None when each is one. A mistyped code chose no project, and an export of
    them came as an empty file, as a unit's did (:func:`unknown_unit`)."""
    if (code := _first_unknown(session, codes, ("province",))) is None:
        return None
    return Said(
        f"không có tỉnh mã {code!r} (trước hay từ 01/07/2025); xem các mã ở /api/units?level=province và "
        "/api/units?scheme=2025&level=province",
        f"no province (before or from 1 July 2025) has the code {code!r}; list the codes at /api/units?level=province "
        "and /api/units?scheme=2025&level=province",
    )


def province_refused(session: Session, codes: list[str]) -> Said | None:
    """The refusal of the first of ``codes`` that a province filter of the projects (their tiles, OGC items, exports,
    /api/projects) or of /api/units takes nothing by: no province's (:func:`unknown_province`), or a neighbouring
    province's drawn only as background (83, Bến Tre), of which the registry holds no project nor unit; naming the
    registry's provinces. None when each is one of them. A neighbour's code was answered with an empty list, where
    the units layers refused it (layers.sources)."""
    if (refused := unknown_province(session, codes)) is not None:
        return refused
    provinces = provinces_by_code(session)
    neighbours = {p["code"]: p["name_vi"] for p in provinces if p["is_context"]}
    if (code := next((code for code in codes if code in neighbours), None)) is None:
        return None
    own = ", ".join(f"{p['code']} {p['name_vi']}" for p in provinces if not p["is_context"])
    return Said(
        f"tỉnh {neighbours[code]} (mã {code!r}) là tỉnh lân cận, chỉ vẽ làm nền: sổ đăng ký không giữ dự án hay đơn "
        f"vị hành chính nào của tỉnh này; hãy chọn một tỉnh của sổ: {own}",
        f"{neighbours[code]} (code {code!r}) is a neighbouring province, drawn only as background: the registry holds "
        f"none of its projects or units; choose one of its provinces: {own}",
    )


# Each province code with its name from 1 July 2025 where it has one, and before; context only when no province of
# that code is the registry's own (86 is the 2025 Vĩnh Long, though the former Vĩnh Long is a neighbour).
_PROVINCES = """
SELECT code, bool_and(is_context) AS is_context,
       (array_agg(name_vi ORDER BY scheme = '2025' DESC))[1] AS name_vi,
       (array_agg(name_vi ORDER BY scheme = '2025'))[1] AS former_name_vi
FROM admin_unit WHERE level = 'province' GROUP BY code ORDER BY code"""


def provinces_by_code(session: Session) -> list[dict[str, Any]]:
    """Every province code a filter takes (either scheme), with its name (today's), its name before 1 July 2025
    (``former_name_vi``, the same but for a code that named another province: 91, Kiên Giang then An Giang), and
    whether it is only a neighbour drawn for context (``is_context``), whose projects the registry does not hold."""
    return [dict(r) for r in session.execute(text(_PROVINCES)).mappings()]
