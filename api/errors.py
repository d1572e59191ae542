"""Errors to HTTP answers, in one place: the registry's domain errors by the table ``DOMAIN_ERRORS`` (or the
``status`` an error carries, as pygeoapi's provider errors do; one naming a query ``parameter`` answers as
FastAPI's own validation errors), the status report's refusals by ``REPORT_REFUSALS``, bad input the database
refuses (400, the parameter named), a database that cannot be reached, and one whose schema is not this code's
(both 503 with Retry-After). Registered by ``register_error_handlers``.

Endpoints check what they know of their parameters; these handlers catch what only the database finds out (a
number too large for its column) and what no endpoint can help (the database is down), so that neither ends as a
500 that also drops the client's connection.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import psycopg
from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from sqlalchemy import exc as sa

from api.params import MAX_ID
from api.request_log import current_request_id
from geo.accounts import AccountChanged, AccountError, AccountExists, AccountNotFound
from geo.annual_report import ReportError
from geo.bulk_status_files import BulkFileError
from geo.indicator_import import ImportFileError
from geo.indicator_values import ValueRefused
from geo.ingest.archive import UnsafeArchiveError
from geo.ingest.uploads import JobNotCommittable, UploadOptionsRefused
from geo.layer_export import ExportRefused
from geo.log_words import logged
from geo.parser_words import json_said
from geo.photos import PhotoError
from geo.plain_text import REFUSED as NOT_TEXT_REFUSED
from geo.progress import ProgressQueryError
from geo.queries.unit_summary import UnitNotFound
from geo.report_reviews import ReviewRefused
from geo.retirement import RetirementError
from geo.said import Said, SaidError
from geo.schema_version import SCHEMA_BEHIND, schema_state
from geo.status_reports import ReportRefused
from geo.vi_format import local_number
from layers.sources import LayerNotFound, LayerQueryError
from maps.error_page import error_page as registry_error_page
from maps.export_refusals import ExportRequestError, SheetNotDrawn
from maps.ogc_pages import error_page
from maps.texts import FORM_LABELS

_log = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 30
OUTAGE = (sa.OperationalError, sa.InterfaceError, sa.TimeoutError, psycopg.OperationalError, psycopg.InterfaceError)
REFUSED_BY_DATABASE = (sa.DataError, psycopg.DataError)


class NotFound(SaidError):
    """What a page or an answer is about is not there (a project id no one has); 404."""


def no_project(project_id: int) -> NotFound:
    """404: no project has ``project_id`` (the API's project, its history)."""
    return NotFound(
        Said(
            f"Không có dự án số {project_id}. Xem danh sách dự án tại /api/projects.",
            f"No project with id {project_id}. List them at /api/projects.",
        )
    )


class Refused(SaidError):
    """A request refused with ``status`` (a draft started twice at once: 409; an OGC API parameter: 400), its message
    in both languages: answered in the asker's (an HTTPException's detail was in English alone)."""

    def __init__(self, status: int, message: Said) -> None:
        super().__init__(message)
        self.status = status


class ParametersRefused(Exception):
    """Query parameters that do not fit together, each named with what is wrong (in both languages); 422, shaped
    as FastAPI's own validation errors."""

    def __init__(self, problems: list[tuple[str, Said]]) -> None:
        super().__init__("; ".join(f"{name}: {said.en}" for name, said in problems))
        self.problems = problems


#: The status each domain error answers with, the most specific class first; the message is the error's own.
DOMAIN_ERRORS: dict[type[Exception], int] = {
    NotFound: 404,
    Refused: 400,  # its own status
    ProgressQueryError: 422,  # names its parameter: answered as a validation error
    AccountExists: 409,
    AccountChanged: 409,  # changed by another since the change was made from it: reload
    AccountNotFound: 404,
    AccountError: 422,
    RetirementError: 409,
    JobNotCommittable: 409,  # a job already loaded, expired, or a command-line check with no file kept
    UploadOptionsRefused: 422,  # a GeoTIFF given a CRS or an encoding
    UnitNotFound: 404,
    LayerNotFound: 404,
    LayerQueryError: 400,
    ImportFileError: 422,
    BulkFileError: 422,
    ReportError: 422,  # the yearly report's parameter, named in the answer
    UnsafeArchiveError: 413,  # an upload over the limit (what checks an archive's content answers 422 itself)
    PhotoError: 415,  # or 413 when it is too large: the error's status
    ExportRequestError: 422,  # a printable map's parameter; the message starts with its name
    SheetNotDrawn: 500,  # matplotlib could not draw a printed sheet (its fonts): said, with what the server needs
    ExportRefused: 422,  # a layer export's format or CRS; its status (404) for a layer not there
    ValueRefused: 422,  # and its kinds (submissions), which carry their own status
    ReviewRefused: 422,  # a verdict on a flagged report: its own status (403 the sender, 404, 409 not flagged)
}

#: The status report's own table: a status report refused, by its reason (geo.status_reports.ReportRefused); the
#: answer carries the refusal's details (e.g. the distance) beside the message.
REPORT_REFUSALS = {"invalid": 422, "not_found": 404, "retired": 409, "forbidden": 403, "too_far": 422}


def invalid_parameter(where: str, name: str, message: str, kind: str = "value_error") -> JSONResponse:
    """A 422 shaped as FastAPI's own validation errors, naming the parameter (``where``: query, path or body)."""
    detail = [{"type": kind, "loc": [where, *name.split(".")] if name else [where], "msg": message}]
    return JSONResponse({"detail": detail}, status_code=422)


#: Said when the database does not answer: to a page, which adds what to do (maps.error_page), and to the API; "nothing
#: was changed" only to a write (a reader of a page was told so, trial 61).
DATABASE_UNREACHABLE = Said(
    "Không kết nối được cơ sở dữ liệu của sổ đăng ký lúc này.", "The registry's database cannot be reached just now."
)
NOTHING_CHANGED = Said("Chưa có gì thay đổi.", "Nothing was changed.")
TRY_AGAIN_LATER = Said("Hãy thử lại sau vài phút.", "Try again in a few minutes.")
#: The log says an outage once per this many seconds, not at every request it refuses.
OUTAGE_LOG_EVERY_S = RETRY_AFTER_SECONDS
_outage_said_at = -float("inf")


def database_unreachable_response(request: Request) -> Response:
    """503: the database does not answer; the client may try again after Retry-After seconds. A page in its
    language for a browser opening a page, else JSON in the request's language."""
    said = DATABASE_UNREACHABLE
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        said = Said(f"{said.vi} {NOTHING_CHANGED.vi}", f"{said.en} {NOTHING_CHANGED.en}")
    to_api = Said(f"{said.vi} {TRY_AGAIN_LATER.vi}", f"{said.en} {TRY_AGAIN_LATER.en}")
    return unavailable_response(request, said, to_api)


def unavailable_response(request: Request, said: Said, said_to_api: Said | None = None) -> Response:
    """503 with Retry-After: a page saying ``said`` (and what to do, with the request's id) when a browser asked
    for one, else JSON saying ``said_to_api`` (or ``said``) in the request's language."""
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    lang = _page_language(request) or _browser_page_language(request)
    if lang is not None:
        page = _as_page(request, 503, [said.text(lang)], lang)
        page.headers.update(headers)
        return page
    detail = in_request_language(request, said_to_api or said)
    return JSONResponse({"detail": detail}, status_code=503, headers=headers)


def log_outage(error: BaseException) -> None:
    """One warning line per :data:`OUTAGE_LOG_EVERY_S` while the database does not answer, with the driver's
    reason (its first line: no traceback, no password)."""
    global _outage_said_at
    now = time.monotonic()
    if now - _outage_said_at >= OUTAGE_LOG_EVERY_S:
        _outage_said_at = now
        _log.warning("%s", logged("unreachable", reason=outage_reason(error)))


def outage_reason(error: BaseException) -> str:
    """The first line of what the driver said of an outage."""
    cause = getattr(error, "orig", None) or error
    return (str(cause).strip().splitlines() or [type(cause).__name__])[0]


async def _domain_error(request: Request, error: Exception) -> Response:
    """The error's own status if it carries one, else the table's for its most specific class."""
    status = getattr(error, "status", None) or next(
        code for kind, code in DOMAIN_ERRORS.items() if isinstance(error, kind)
    )
    said = getattr(error, "said", None) or Said(str(error), str(error))
    parameter = getattr(error, "parameter", None)
    if parameter is not None:
        return await _parameters_refused(request, ParametersRefused([(parameter, said)]))
    lang = _page_language(request)
    if lang is not None:
        return _as_page(request, status, [said.text(lang)], lang)
    message = said.vi if asks_vietnamese(request) else said.en
    # an OGC API page in its own language (a status word refused read in English on the Vietnamese page)
    ogc_page = ogc_error_page(request, status, said.text(page_language(request)))
    return ogc_page or JSONResponse({"detail": message}, status_code=status)


async def _parameters_refused(request: Request, refused: ParametersRefused) -> Response:
    lang = _page_language(request)
    if lang is not None:
        problems = [
            f"{_field_name(request, name.split('.'), lang)}: {said.text(lang)}" for name, said in refused.problems
        ]
        return _as_page(request, 422, problems, lang)
    shown = page_language(request)  # a browser's OGC page refused, in its language ("province: …", not JSON)
    message = "; ".join(f"{name}: {said.text(shown)}" for name, said in refused.problems)
    if (page := ogc_error_page(request, 422, message)) is not None:
        return page
    language = "vi" if asks_vietnamese(request) else "en"
    detail = [
        {"type": "value_error", "loc": ["query", *name.split(".")], "msg": said.text(language)}
        for name, said in refused.problems
    ]
    return JSONResponse({"detail": detail}, status_code=422)


def _field_name(request: Request, loc: list[Any], lang: str) -> str:
    """A refused parameter (``loc``: its name, then the item of a list) as the page's form labels it
    (maps.texts.FORM_LABELS), "Ghi nhận từ ngày" for ``since`` on /status-reports; one the form has no field for by its
    name ("level", "project_id")."""
    labels = FORM_LABELS[lang].get(getattr(request.scope.get("route"), "path", ""), {})
    return labels.get(str(loc[0]), ".".join(str(part) for part in loc)) if loc else ""


def _browser_page_language(request: Request) -> str | None:
    """The language of a page a browser opened at an address outside the API (``?lang=en`` or Vietnamese), even
    when the answer fails before its route is known; None for the API, tiles, OGC API and files."""
    browser = request.method == "GET" and "text/html" in request.headers.get("accept", "")
    return page_language(request) if browser and not request.url.path.startswith(NOT_PAGES) else None


def _page_language(request: Request) -> str | None:
    """The language of the registry page asked for (a route answering HTML, outside the OGC API, which has its
    own), ``?lang=en`` or Vietnamese; None for the API, which answers JSON."""
    route = request.scope.get("route")
    if getattr(route, "response_class", None) is not HTMLResponse or request.url.path.startswith("/ogc"):
        return None
    return page_language(request)


def page_language(request: Request) -> str:
    """A page's language: ``?lang=en``, Vietnamese otherwise."""
    return "en" if request.query_params.get("lang") == "en" else "vi"


def _as_page(request: Request, status: int, messages: list[str], lang: str) -> HTMLResponse:
    other = request.url.include_query_params(lang="vi" if lang == "en" else "en")
    other = f"{other.path}?{other.query}"
    page = registry_error_page(status, messages, lang, other, current_request_id())
    return HTMLResponse(page, status_code=status)


#: Paths whose 404 stays JSON even for a browser: the API, tiles, OGC API (its own pages), files.
NOT_PAGES = ("/api/", "/tiles/", "/ogc", "/assets/", "/raster/", "/map/context")


async def page_not_found(request: Request, detail: str) -> HTMLResponse | None:
    """A 404 of a registry page (its detail as given), or of an address a browser asked that no page has (a link
    mistyped: /progres), as a page; None for the API."""
    lang = _page_language(request)
    if lang is not None:
        return _as_page(request, 404, [detail], lang)
    lang = _browser_page_language(request) if request.scope.get("route") is None else None
    if lang is None:
        return None
    said = Said(f"Không có trang nào ở địa chỉ {request.url.path}.", f"There is no page at {request.url.path}.")
    return _as_page(request, 404, [said.text(lang)], lang)


def asks_vietnamese(request: Request) -> bool:
    """The pages in Vietnamese ask with Accept-Language: vi; API clients get English unless they do too."""
    return request.headers.get("accept-language", "").strip().lower().startswith("vi")


def in_request_language(request: Request, message: Said) -> str:
    """``message`` in the language ``request`` asks for (see :func:`asks_vietnamese`)."""
    return message.vi if asks_vietnamese(request) else message.en


def ogc_error_page(request: Request, status: int, message: str) -> HTMLResponse | None:
    """An OGC API refusal asked by a browser (f=html, or Accept: text/html and no f=json) as a page in its language
    (?lang=en, Vietnamese by default); None for JSON clients (GDAL, QGIS) and the rest of the API."""
    wanted = request.query_params.get("f")
    browser = wanted == "html" or wanted != "json" and "text/html" in request.headers.get("accept", "")
    if not request.url.path.startswith("/ogc") or not browser:
        return None
    lang = page_language(request)
    urls = {
        "collections": str(request.url_for("collections")),
        "json": str(request.url.include_query_params(f="json")),
        "other": str(request.url.include_query_params(f="html", lang="vi" if lang == "en" else "en")),
    }
    return HTMLResponse(error_page(status, message, lang, urls), status_code=status)


#: pydantic's words for a bad field, in Vietnamese, by the error's type (its ``ctx`` fills the blanks), for the pages
#: that ask in Vietnamese; a type not listed keeps its English words.
VALIDATION_VI = {
    "missing": "thiếu trường này",
    "float_parsing": "phải là một số",
    "float_type": "phải là một số",
    "int_parsing": "phải là một số nguyên",
    "int_type": "phải là một số nguyên",
    "int_from_float": "phải là một số nguyên",
    "finite_number": "phải là một số hữu hạn",
    "string_too_short": "không được để trống (ít nhất {min_length} ký tự)",
    "string_too_long": "dài quá {max_length} ký tự",
    "greater_than_equal": "phải lớn hơn hoặc bằng {ge}",
    "greater_than": "phải lớn hơn {gt}",
    "less_than_equal": "phải nhỏ hơn hoặc bằng {le}",
    "less_than": "phải nhỏ hơn {lt}",
    "enum": "phải là một trong các giá trị {expected}",
    "literal_error": "phải là một trong các giá trị {expected}",
    "date_parsing": "phải là một ngày có thật, viết năm-tháng-ngày (ví dụ 2021-02-28)",
    "date_from_datetime_parsing": "phải là một ngày có thật, viết năm-tháng-ngày (ví dụ 2021-02-28)",
    "day_parsing": "phải là một ngày có thật, viết ngày/tháng/năm (ví dụ 28/02/2021) hoặc năm-tháng-ngày (2021-02-28)",
    "bool_parsing": "phải là true hoặc false",
    "percent_parsing": "phải là một phần trăm từ 0 đến 100, viết 17,5, 17.5 hoặc 17,5 %",
    "status_word": "không có tình trạng '{word}'; các từ được nhận: {taken_vi}",
    "code_empty": "{name} để trống: ghi {code_vi}, hoặc bỏ {name} đi để không lọc theo nó",
    "not_text": NOT_TEXT_REFUSED.vi,
}


async def _invalid_request(request: Request, error: RequestValidationError) -> Response:
    """FastAPI's 422, its words in Vietnamese for a request that asks in Vietnamese; a page's as a page."""
    lang = _page_language(request)
    if lang is not None:
        errors = [_in_vietnamese(e) if lang == "vi" else e for e in error.errors()]
        messages = [f"{_field_name(request, e['loc'][1:], lang) or e['loc'][0]}: {e['msg']}" for e in errors]
        return _as_page(request, 422, messages, lang)
    if not asks_vietnamese(request):
        return await request_validation_exception_handler(request, error)
    return JSONResponse({"detail": jsonable_encoder([_in_vietnamese(e) for e in error.errors()])}, status_code=422)


def _in_vietnamese(error: dict[str, Any]) -> dict[str, Any]:
    if error.get("type") == "json_invalid":
        return error | {"msg": _json_invalid(error)}
    template = VALIDATION_VI.get(error.get("type", ""))
    blanks = {k: _vi_blank(v) for k, v in error.get("ctx", {}).items()}
    try:
        return error | {"msg": template.format(**blanks)} if template else error
    except (KeyError, IndexError):  # a blank pydantic did not fill
        return error


def _json_invalid(error: dict[str, Any]) -> str:
    """A body that is not JSON, in Vietnamese: what the json module said (it read "JSON không hợp lệ" alone), and the
    character where (FastAPI keeps its index), counted from 1."""
    at = (error.get("loc") or [None])[-1]
    where = f" ở ký tự {local_number(at + 1, 'vi')}" if isinstance(at, int) else ""
    return f"JSON không hợp lệ{where}: {json_said(str(error.get('ctx', {}).get('error', ''))).vi}"


def _vi_blank(value: Any) -> Any:
    """A blank of pydantic's message as Vietnamese writes it: "100" and "0,5" (it wrote "100.0"), "a hoặc b"."""
    if isinstance(value, str):
        return value.replace(" or ", " hoặc ")
    if isinstance(value, int | float) and not isinstance(value, bool):
        return local_number(value, "vi", 6)
    return value


async def _report_refused(request: Request, refused: ReportRefused) -> JSONResponse:
    body = {"detail": {"message": in_request_language(request, refused.said), **refused.details}}
    return JSONResponse(jsonable_encoder(body), status_code=REPORT_REFUSALS[refused.reason])


async def _database_unreachable(request: Request, error: Exception) -> Response:
    log_outage(error)
    return database_unreachable_response(request)


async def _schema_behind(request: Request, error: Exception) -> Response:
    """503 naming the mend when a table or column is missing because the database was never migrated (or not since
    the code was upgraded); any other such error is the code's own: raised again (500)."""
    try:
        behind = schema_state(request.app.state.engine).name != "current"
    except sa.SQLAlchemyError as unreachable:
        log_outage(unreachable)
        return database_unreachable_response(request)
    if not behind:
        raise error
    return unavailable_response(request, SCHEMA_BEHIND)


#: A value the database refuses where the request does not show which parameter it is.
VALUE_NOT_STORED = Said(
    "Một giá trị trong yêu cầu không lưu hay so sánh được; hãy kiểm tra các tham số.",
    "A value in the request cannot be stored or compared; check the parameters.",
)


def _out_of_range_parameters(request: Request) -> list[tuple[str, str, str]]:
    """(where, name, value) of the request's integer parameters that no PostgreSQL integer column holds."""
    found = []
    for where, params in (("path", request.path_params), ("query", request.query_params)):
        for name, value in params.items():
            text = str(value).strip().lstrip("+-")
            if text.isdigit() and int(text) > MAX_ID:
                found.append((where, name, str(value)))
    return found


async def _refused_by_database(request: Request, error: Exception) -> JSONResponse:
    """400 for a value the database refuses (a number beyond its column, text it cannot store): the parameter named
    where the request shows which one it is."""
    suspects = _out_of_range_parameters(request)
    if suspects:
        where, name, value = suspects[0]
        most = {lang: local_number(MAX_ID, lang) for lang in ("vi", "en")}
        said = Said(
            f"{value} vượt quá giới hạn của {name!r}; số nguyên ở đây lớn nhất là {most['vi']}",
            f"{value} is out of range for {name!r}; integers here are at most {most['en']}",
        )
        message = in_request_language(request, said)
        return JSONResponse({"detail": [{"type": "out_of_range", "loc": [where, name], "msg": message}]}, 400)
    return JSONResponse({"detail": in_request_language(request, VALUE_NOT_STORED)}, 400)


def _document_error_shapes(app: FastAPI) -> None:
    """Say in the OpenAPI document what a 422 really holds: FastAPI's list of field errors, or the one message an
    endpoint gives when it checks a value itself (an unknown role, a kind not in the vocabulary)."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = build()
            error = document.get("components", {}).get("schemas", {}).get("HTTPValidationError")
            if error is not None:
                listed = error["properties"]["detail"]
                error["properties"]["detail"] = {"anyOf": [listed, {"type": "string"}], "title": "Detail"}
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def register_error_handlers(app: FastAPI) -> None:
    """Install the handlers on ``app`` (api.main.create_app), and document the shapes of its 422 answers."""
    _document_error_shapes(app)
    handlers: dict[Any, Any] = {kind: _database_unreachable for kind in OUTAGE}
    handlers.update({kind: _refused_by_database for kind in REFUSED_BY_DATABASE})
    handlers[sa.ProgrammingError] = _schema_behind
    handlers.update({kind: _domain_error for kind in DOMAIN_ERRORS})
    handlers[ReportRefused] = _report_refused
    handlers[ParametersRefused] = _parameters_refused
    handlers[RequestValidationError] = _invalid_request
    for kind, handler in handlers.items():
        app.add_exception_handler(kind, handler)
