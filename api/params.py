"""The query and path parameters several routers share, each defined once (as tipg's ``dependencies.py``).

Routers import their parameter types from here, never from one another.
"""

from __future__ import annotations

from enum import Enum, StrEnum
from typing import Annotated

from fastapi import Path, Query
from fastapi.exceptions import RequestValidationError

from geo.progress import ProgressQuery, check_query
from geo.vocab import KIND_CODES, LEVEL_CODES, SCHEME_CODES, STATUS_CODES

#: The largest id PostgreSQL's ``integer`` holds: larger ids are refused before they reach the database.
MAX_ID = 2_147_483_647


class Language(StrEnum):
    vi = "vi"
    en = "en"


LangParam = Annotated[Language, Query(description="vi (default) or en")]

BoundaryScheme = Enum("BoundaryScheme", {f"s{code}": code for code in SCHEME_CODES}, type=str)
UnitLevel = Enum("UnitLevel", {code: code for code in LEVEL_CODES}, type=str)
ProjectKind = Enum("ProjectKind", {code: code for code in KIND_CODES}, type=str)
ProjectStatus = Enum("ProjectStatus", {code: code for code in STATUS_CODES}, type=str)

ProjectId = Annotated[int, Path(ge=1, le=MAX_ID, description="the project's id")]

#: The plans report per district, so pages and figures default to the districts' scheme.
DEFAULT_SCHEME = BoundaryScheme("pre2025")


def default_level(scheme: BoundaryScheme) -> str:
    """The scheme's lowest level: districts before the 2025 reform, communes after it."""
    return "district" if scheme.value == "pre2025" else "commune"


def unit_level(scheme: BoundaryScheme, level: UnitLevel | None) -> str:
    """The level asked for, or the scheme's lowest; a 422 naming ``level`` if the scheme has no such level."""
    chosen = level.value if level else default_level(scheme)
    try:
        check_query(ProgressQuery(scheme=scheme.value, level=chosen))
    except ValueError as error:
        raise RequestValidationError([{"type": "value_error", "loc": ("query", "level"), "msg": str(error)}]) from error
    return chosen


class SheetFormat(StrEnum):
    png = "png"
    pdf = "pdf"


class Paper(StrEnum):
    a4 = "a4"
    a3 = "a3"


class Orientation(StrEnum):
    landscape = "landscape"
    portrait = "portrait"


FormatParam = Annotated[SheetFormat, Query(description="png (150 dpi) or pdf")]
PaperParam = Annotated[Paper, Query(description="a4 or a3")]
OrientationParam = Annotated[Orientation, Query(description="landscape or portrait")]
