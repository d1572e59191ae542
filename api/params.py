"""The query and path parameters several routers share, each defined once (as tipg's ``dependencies.py``), and
the text a user sends in a body or a form (:data:`PlainText`).

Routers import their parameter types from here, never from one another.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from enum import Enum, StrEnum
from typing import Annotated, Any

from fastapi import Depends, Path, Query
from fastapi.exceptions import RequestValidationError
from pydantic import AfterValidator, BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from geo.coded_words import read_status, words_taken
from geo.ingest.numbers import read_percent
from geo.plain_text import NOT_TEXT, not_text_in
from geo.plain_text import REFUSED as NOT_TEXT_REFUSED
from geo.progress import ProgressQuery, check_query
from geo.queries.projects_changed import parse_version
from geo.vi_format import typed_day, written_period
from geo.vocab import KIND_CODES, LEVEL_CODES, PROJECT_STATUSES, SCHEDULE_CODES, SCHEME_CODES

#: The largest id PostgreSQL's ``integer`` holds: larger ids are refused before they reach the database.
MAX_ID = 2_147_483_647
#: Where a page of a list starts: how many of its items come before it.
PageOffset = Annotated[int, Query(ge=0, description="how many items come before the page")]


class Language(StrEnum):
    vi = "vi"
    en = "en"


LangParam = Annotated[Language, Query(description="vi (default) or en")]


class ProjectColouring(StrEnum):
    kind = "kind"
    status = "status"


ColouringParam = Annotated[
    ProjectColouring | None,
    Query(description="the projects' style: coloured by kind (the default, as the web map) or by status"),
]

BoundaryScheme = Enum("BoundaryScheme", {f"s{code}": code for code in SCHEME_CODES}, type=str)
UnitLevel = Enum("UnitLevel", {code: code for code in LEVEL_CODES}, type=str)
ProjectKind = Enum("ProjectKind", {code: code for code in KIND_CODES}, type=str)


def _status_word(word: Any) -> str:
    """A status's code from its code or a word for it, as sheets and the command line read it (geo.coded_words:
    "Chuẩn bị", "chuan bi", "On hold"); the API and the map took the codes alone (session 66)."""
    code = read_status(word)
    if code is None:
        taken = words_taken(PROJECT_STATUSES)
        blanks = {"word": str(word), "taken": taken.en, "taken_vi": taken.vi}
        raise PydanticCustomError("status_word", "unknown status '{word}'; the words taken: {taken}", blanks)
    return code


#: A project's status as a filter or a report gives it: its code or a word for it, read as its code.
StatusWord = Annotated[str, BeforeValidator(_status_word)]
STATUS_WORDS_SAID = 'a project status: its code or a word for it ("Chuẩn bị", "chuan bi", "On hold")'
#: Projects of these statuses (any, none given).
StatusFilter = Annotated[list[StatusWord], Query(description=f"{STATUS_WORDS_SAID}; repeat for several")]


def _id_in_path(of: str) -> Any:
    """A row's id in the path: 1 to MAX_ID, so a larger number is a 422 naming it rather than a database error."""
    return Path(ge=1, le=MAX_ID, description=f"the {of}'s id")


ProjectId = Annotated[int, _id_in_path("project")]
SubmissionId = Annotated[int, _id_in_path("submission")]
IndicatorValueId = Annotated[int, _id_in_path("indicator value")]
EvidenceId = Annotated[int, _id_in_path("evidence file")]
TokenId = Annotated[int, _id_in_path("token")]
JobId = Annotated[int, _id_in_path("upload job")]
KeepChanged = Annotated[
    bool,
    Query(
        description="projects, update by code: those changed since the file was checked (or exported) are left as "
        "the registry has them and listed, the rest is loaded; a commit refused for them is retried so"
    ),
]
RetireAbsent = Annotated[
    bool,
    Query(
        description="projects, update by code: retire (as by hand) the registry's projects of the file's provinces "
        "and plans (only the units it was exported for, its export_units column, or the former districts it covers, "
        "where it covers some of a province's) that the file does not name; never by default"
    ),
]


def _given(name: str, code: str, code_vi: str) -> AfterValidator:
    """A repeatable filter's code refused when empty (``?agency=``, a box left empty), naming the parameter, what to
    give and what leaving it out does: an empty agency or plan action chose no project, and /map/export and
    /progress/export printed the registry's whole map under a filter of nothing, where an empty province, plan or unit
    was refused by its own check of the codes (each still refuses a code that is not one)."""
    blanks = {"name": name, "code": code, "code_vi": code_vi}

    def given(value: str) -> str:
        if not value.strip():
            raise PydanticCustomError(
                "code_empty", "{name} is empty: give {code}, or leave {name} out for no filter by it", blanks
            )
        return value

    return AfterValidator(given)


PLAN_EXAMPLE = 'e.g. "148/QĐ-UBND"'
PlanCode = Annotated[str, Query(description=f"the plan's code, {PLAN_EXAMPLE}")]
PlanCodes = Annotated[
    list[Annotated[str, _given("plan", "a plan's code (148/QĐ-UBND)", "mã một kế hoạch (148/QĐ-UBND)")]],
    Query(description=f"plan codes, {PLAN_EXAMPLE}; repeat for several"),
]
PlanCodeIfRepeated = Annotated[
    str | None, Query(description=f"the plan's code ({PLAN_EXAMPLE}), when indicator codes repeat across plans")
]
Year = Annotated[int, Query(ge=2000, le=2100, description="the reporting year")]
AsOf = Annotated[date | None, Query(description="status as reported on or before this date (YYYY-MM-DD)")]


class SpreadsheetSheet(StrEnum):
    """What a projects spreadsheet opens on: its data sheet, or a sheet for a report before it (geo.report_sheet)."""

    data = "data"
    report = "report"


SheetParam = Annotated[
    SpreadsheetSheet,
    Query(
        description="projects.xlsx only: report = first a sheet for a report (the workbook's language only, km and "
        "ha), then the data sheet; data (default) = the data sheet alone"
    ),
]


#: Projects nobody has reported on for months (geo.stalled): not finished, their latest report that old or older.
NoReportMonths = Annotated[
    int | None,
    Query(
        ge=1,
        le=600,
        description="no report for this many months: the projects not finished (proposed, preparing, under "
        "construction, suspended) whose latest report is that many calendar months old or older (6 on 5 December: "
        "reported on 5 June or earlier; counted back from today in Vietnam, or from as_of), or that have none",
    ),
]


#: The projects of plan actions, of lead agencies and with a part in units: the map's, the exports', the printed
#: map's and /api/projects' filters alike.
PlanActionCodes = Annotated[
    list[
        Annotated[
            str,
            _given(
                "plan_action",
                "a plan action's code (13.3; the codes at /api/plan-actions)",
                "mã một nhiệm vụ của kế hoạch (13.3; xem các mã ở /api/plan-actions)",
            ),
        ]
    ],
    Query(description='plan action code, e.g. "13.3"; repeat for several'),
]
AgencyCodes = Annotated[
    list[
        Annotated[
            str,
            _given(
                "agency",
                "a lead agency's code (TV.SCT; the codes at /api/agencies)",
                "mã một cơ quan chủ trì (TV.SCT; xem các mã ở /api/agencies)",
            ),
        ]
    ],
    Query(
        description="lead agency code (TV.SCT); today's agency (VL.SCT) also finds the projects of the former ones "
        "whose duties it holds; repeat for several"
    ),
]
ProjectUnitCodes = Annotated[
    list[
        Annotated[
            str,
            _given(
                "unit",
                "a former district's or 2025 commune's code (850, 29536; the codes at /api/units)",
                "mã một huyện cũ hay một xã từ 2025 (850, 29536; xem các mã ở /api/units)",
            ),
        ]
    ],
    Query(
        description="a former district's (850) or 2025 commune's (29536) code: the projects with a part in it; "
        "repeat for several"
    ),
]


ProvinceCodeGiven = Annotated[
    str, _given("province", "a province's code (95, 84 or 2025's 96, 86)", "mã một tỉnh (95, 84 hay từ 2025 96, 86)")
]


#: A project kind's or schedule's code: refused when empty here, when unknown by the route (the layers' with 400
#: as OGC API – Features answers, the others with 422: api.map_filters), listed in the API's schema.
KindCode = Annotated[
    str,
    _given("kind", "a project kind's code (sea_dyke, wind_farm…)", "mã một loại dự án (sea_dyke, wind_farm…)"),
    WithJsonSchema({"type": "string", "enum": list(KIND_CODES)}),
]
ScheduleCode = Annotated[
    str,
    _given("schedule", "past_due, in_time, closed or undated", "past_due, in_time, closed hoặc undated"),
    WithJsonSchema({"type": "string", "enum": list(SCHEDULE_CODES)}),
]
KindFilter = Annotated[list[KindCode], Query(description="project kind code; repeat for several")]
ScheduleFilter = Annotated[
    list[ScheduleCode],
    Query(description="past_due, in_time, closed or undated (against the year due, in as_of's year or this one)"),
]
ProvinceFilter = Annotated[
    list[ProvinceCodeGiven], Query(description="province code, former (95, 84) or 2025 (96, 86); repeat for several")
]


SalinityPeriod = Annotated[
    str | None,
    Query(
        description='salinity zones\' period, e.g. "2024-03" (TileJSON\'s periods; "03/2024" and "3/2024" read '
        "as it); the newest by date if unset"
    ),
    AfterValidator(lambda typed: written_period(typed) if typed else typed),  # as a planner writes a month
]


def _seen_version(value: str | None) -> str | None:
    if value and parse_version(value) is None:
        raise PydanticCustomError("version_parsing", "should be the projects' version the last answer gave, as 3.17")
    return value or None


#: The projects' version a page holds (what changed since: /api/changes/projects).
SeenVersion = Annotated[
    str | None,
    AfterValidator(_seen_version),
    Query(
        description="the projects' version the page holds (``version`` of the last answer, as 3.17); none: the "
        "version now, nothing listed"
    ),
]


DAY_REFUSED = "should be a day that exists, dd/mm/yyyy or YYYY-MM-DD"


def _typed_day(value: Any) -> Any:
    """A day as an office types it in a page's box, ``05/12/2026`` (day first, as Vietnam writes dates), or as the
    API writes it, ``2026-12-05`` (geo.vi_format.typed_day); an empty box is no day. A browser's own date box wrote
    the browser's order, which on an English-language computer put the month first."""
    if value == "" or value is None:
        return None
    try:
        return typed_day(str(value))
    except ValueError:
        raise PydanticCustomError("day_parsing", DAY_REFUSED) from None


#: A day from a page's box or the API: ``dd/mm/yyyy`` or ``YYYY-MM-DD``.
TypedDay = Annotated[date | None, BeforeValidator(_typed_day)]


PERCENT_REFUSED = "should be a percent from 0 to 100, written as 17,5, 17.5 or 17,5 %"


def _typed_percent(value: Any) -> Any:
    """A percent as officers write it, read as the report form and a status import read it
    (geo.ingest.numbers.read_percent: "17,5", "17.5", "17,5 %"); a number stays as it is. The API refused "17,5"
    that both took (422 "float_parsing")."""
    try:
        if isinstance(value, bool):  # JSON's true, which a float field reads as 1
            raise TypeError(value)
        return read_percent(value)
    except (TypeError, ValueError):
        raise PydanticCustomError("percent_parsing", PERCENT_REFUSED) from None


#: A percent complete, 0–100: a number, or text as officers write it (a form's field, a JSON string).
TypedPercent = Annotated[
    float,
    BeforeValidator(_typed_percent),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "minimum": 0, "maximum": 100},
                {"type": "string", "examples": ["17,5", "17.5", "17,5 %"]},
            ],
            "description": "percent complete, 0–100: a number, or as officers write it (17,5 · 17.5 · 17,5 %)",
        }
    ),
]


#: The day from which changes are listed (/changes, /api/changes).
ChangedSince = Annotated[
    TypedDay, Query(description="recorded on or after this day (in Vietnam): dd/mm/yyyy or YYYY-MM-DD; today if none")
]


@dataclass(frozen=True)
class SinceTyped:
    """A "since" day from a page's box: the day, or what was typed that is not one (31/02/2026), which the page keeps
    in its box to be corrected (``typed``)."""

    day: date | None
    typed: str | None = None


def since_form(
    since: Annotated[
        str | None, Query(description="recorded on or after this day (in Vietnam): dd/mm/yyyy or YYYY-MM-DD")
    ] = None,
) -> SinceTyped:
    try:
        return SinceTyped(_typed_day(since))
    except PydanticCustomError:
        return SinceTyped(None, since)


#: The day /changes lists from, as its form sends it: a day that is not one is kept as typed.
ChangedSinceForm = Annotated[SinceTyped, Depends(since_form)]
#: One province's projects: a former code, or a 2025 one for the former provinces merged into it.
ProvinceCode = Annotated[str | None, Query(description="former (95, 84) or 2025 (96, 86) province code")]


class TableFormat(StrEnum):
    """A table's file: a workbook, or CSV as an Excel in the reader's language opens it."""

    xlsx = "xlsx"
    csv = "csv"


TABLE_MEDIA = {
    TableFormat.xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    TableFormat.csv: "text/csv; charset=utf-8",
}


@dataclass(frozen=True)
class FieldReportsQuery:
    """Which officers' reports to list (geo.queries.field_reports), for the API and the page alike; ``since_typed``,
    a day typed that is not one (31/02/2026), which the page keeps in its box to be corrected."""

    province: str | None
    agency: str | None
    reporter: str | None
    since: date | None
    flagged: bool
    limit: int
    since_typed: str | None = None
    unreviewed: bool = False
    unit: str | None = None

    def filters(self) -> dict[str, Any]:
        """The filters as geo.queries.field_reports takes them."""
        return {k: v for k, v in asdict(self).items() if k != "since_typed"}


def field_reports_form(
    day: Annotated[SinceTyped, Depends(since_form)],
    province: Annotated[str | None, Query(description="former (95, 84) or 2025 (96, 86) province code")] = None,
    agency: Annotated[
        str | None,
        Query(
            description="the code of the agency the senders reported for on the reports' days (agency_that_day: "
            "TV.STNMT finds the reports of 2025 by an officer moved since to VL.SNNMT)"
        ),
    ] = None,
    reporter: Annotated[str | None, Query(description="the sender's username")] = None,
    flagged: Annotated[bool, Query(description="only the reports accepted though flagged")] = False,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    unreviewed: Annotated[bool, Query(description="only the flagged reports no reviewer has checked yet")] = False,
    unit: Annotated[
        str | None, Query(description="a former district's (954) or 2025 commune's (31825) code: its projects' reports")
    ] = None,
) -> FieldReportsQuery:
    """The filters as /status-reports' form sends them: a day that is not one is kept as typed (``since_typed``)."""
    chosen = province or None, agency or None, reporter or None, day.day, flagged or unreviewed, limit, day.typed
    return FieldReportsQuery(*chosen, unreviewed, unit or None)


def field_reports_query(query: Annotated[FieldReportsQuery, Depends(field_reports_form)]) -> FieldReportsQuery:
    """The filters as the API takes them: a day that is not one is refused (422, naming ``since``)."""
    if query.since_typed is not None:
        raise RequestValidationError(
            [{"type": "day_parsing", "loc": ("query", "since"), "msg": DAY_REFUSED, "input": query.since_typed}]
        )
    return query


FieldReportsForm = Annotated[FieldReportsQuery, Depends(field_reports_form)]
FieldReportsFilters = Annotated[FieldReportsQuery, Depends(field_reports_query)]


BBOX_PATTERN = r"^-?\d+(\.\d+)?(,-?\d+(\.\d+)?){3}$"


def _corners(bbox: str) -> tuple[float, float, float, float]:
    west, south, east, north = (float(v) for v in bbox.split(","))
    return west, south, east, north


def bounding_box(
    bbox: Annotated[str, Query(pattern=BBOX_PATTERN, description="west,south,east,north in WGS 84")],
) -> tuple[float, float, float, float]:
    return _corners(bbox)


BoundingBox = Annotated[tuple[float, float, float, float], Depends(bounding_box)]


def print_frame(
    bbox: Annotated[
        str | None,
        Query(
            pattern=BBOX_PATTERN,
            description="print this part of the map (west,south,east,north in WGS 84: the web map's view) rather "
            "than the provinces",
        ),
    ] = None,
) -> tuple[float, float, float, float] | None:
    return None if bbox is None else _corners(bbox)


PrintFrame = Annotated[tuple[float, float, float, float] | None, Depends(print_frame)]

#: The plans report per district, so pages and figures default to the districts' scheme.
DEFAULT_SCHEME = BoundaryScheme("pre2025")
SchemeParam = Annotated[
    BoundaryScheme, Query(description="boundaries: pre2025 (provinces, districts) or 2025 (provinces, communes)")
]
#: The scheme where a level settles it when none is given: communes are only in the 2025 boundaries.
SchemeOrLevels = Annotated[
    BoundaryScheme | None,
    Query(
        description="boundaries: pre2025 (provinces, districts; the default) or 2025 (provinces, communes; the "
        "default when level=commune)"
    ),
]


def default_level(scheme: BoundaryScheme) -> str:
    """The scheme's lowest level: districts before the 2025 reform, communes after it."""
    return "district" if scheme.value == "pre2025" else "commune"


def unit_level(scheme: BoundaryScheme, level: UnitLevel | None) -> str:
    """The level asked for, or the scheme's lowest; a 422 naming ``level`` if the scheme has no such level."""
    chosen = level.value if level else default_level(scheme)
    check_query(ProgressQuery(scheme=scheme.value, level=chosen))  # ProgressQueryError: api.errors names the level
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


@dataclass
class SheetChoice:
    """How a printable map is printed: file format, paper, orientation and language (the export routes' shared
    query parameters)."""

    format: FormatParam = SheetFormat.pdf
    paper: PaperParam = Paper.a4
    orientation: OrientationParam = Orientation.landscape
    lang: LangParam = Language.vi

    def sheet(self) -> dict[str, str]:
        """As maps.map_export.MapExport's fields."""
        return {k: getattr(self, k).value for k in ("format", "paper", "orientation", "lang")}


SheetDep = Annotated[SheetChoice, Depends()]


def _plain_text(value: str | None) -> str | None:
    """``value``, or pydantic's error "not_text" (said in Vietnamese by api.errors.VALIDATION_VI)."""
    if value is not None and NOT_TEXT.search(value):
        raise PydanticCustomError("not_text", NOT_TEXT_REFUSED.en, {"found": not_text_in(value)})
    return value


#: A text a user writes (a note, a submission's results, a source), refused with the field named when it holds
#: characters the registry does not keep (geo.plain_text): a Word file of the yearly report could not hold them.
PlainText = Annotated[str, AfterValidator(_plain_text)]
