"""Plan indicators: targets, observed values (entered by agencies, never overwritten) and progress to target."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, File, Path, Query, Request, UploadFile
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy.exc import IntegrityError

from api.auth import Editor
from api.deps import SessionDep, TransactionDep, client_address
from api.errors import NotFound, ParametersRefused
from api.params import (
    DEFAULT_SCHEME,
    EvidenceId,
    IndicatorValueId,
    LangParam,
    Language,
    PlainText,
    PlanCode,
    PlanCodeIfRepeated,
    SchemeParam,
    default_level,
)
from api.request_checks import read_file_part
from api.schemas.monitoring import (
    AddedEvidence,
    ComputedIndicators,
    EnteredValue,
    IndicatorValues,
    OwedIndicators,
    PlanIndicators,
    ValueImport,
)
from geo import audit
from geo.agencies import agency_id
from geo.computed_indicators import computed_indicators, salinity_areas
from geo.indicator_import import import_values, read_value_rows
from geo.indicator_values import (
    NewValue,
    ValueRefused,
    attach_evidence,
    check_period,
    find_indicator,
    indicators_owed,
    record_value,
    refuse_unless_may_enter,
    value_history,
)
from geo.indicators import indicator_progress
from geo.models import IndicatorEvidence
from geo.queries.projects import plan_by_code, plan_codes, unknown_plan
from geo.removal_words import withdrawal_said
from geo.said import Said
from geo.source_labels import source_label
from geo.vietnam_day import vietnam_today

router = APIRouter(prefix="/api/indicators", tags=["indicators"])
ValuesAsOf = Annotated[datetime | None, Query(description="values as known at this moment (ISO 8601); default now")]


class ValueIn(BaseModel):
    period: str = Field(description='a year "2025", or "2025-H1" / "2025-Q3"', examples=["2025"])
    unit: str | None = Field(None, description="admin unit code of either scheme; null for the whole province")
    value: float
    source: PlainText = Field(min_length=1, max_length=400, description="where the value comes from")
    method: PlainText | None = Field(None, max_length=2000, description="how it was measured or computed")
    evidence: PlainText | None = Field(None, max_length=400, description="file name or link of the evidence")
    reason: PlainText | None = Field(None, max_length=2000, description="required to correct an existing value")


@router.get(
    "",
    response_model=PlanIndicators,
    response_model_exclude_unset=True,
    summary="Indicators of a plan: target range, baseline, latest observed value, progress, on track",
)
def list_indicators(
    session: SessionDep,
    plan: PlanCode,
    unit: Annotated[str | None, Query(description="Admin unit code; default: the plan's province")] = None,
    as_of: ValuesAsOf = None,
) -> dict[str, Any]:
    _known_plan(session, plan)
    return {"plan": plan, "unit": unit, "as_of": as_of, "indicators": indicator_progress(session, plan, unit, as_of)}


def _known_plan(session: SessionDep, plan: str) -> None:
    """422 naming ``plan`` when no plan has that code, with the codes there are, in the asker's language."""
    known = plan_codes(session)
    if plan not in known:
        raise ParametersRefused([("plan", unknown_plan(plan, known))])


@router.get(
    "/computed",
    response_model=ComputedIndicators,
    summary="Indicators computed from the registry's projects and zones, with their sources",
)
def computed(
    session: SessionDep,
    plan: PlanCode,
    day: Annotated[date | None, Query(description="as of this day (project statuses then); default today")] = None,
    scheme: SchemeParam = DEFAULT_SCHEME,
) -> dict[str, Any]:
    """Renewable MW in operation, km of sea dyke upgraded, share of planned waste zones operating, and each unit's
    area in each salinity class; ``sources`` says what each project added."""
    _known_plan(session, plan)
    province = plan_by_code(session, plan).province_code
    level = default_level(scheme)
    return {
        "plan": plan,
        "day": day or vietnam_today(),
        "indicators": computed_indicators(session, plan, day or vietnam_today()),
        "salinity": salinity_areas(session, province, scheme.value, level),
    }


@router.get(
    "/owed",
    response_model=OwedIndicators,
    summary="The indicators an agency enters for a plan and period, with the values entered",
)
def owed(
    session: SessionDep,
    plan: PlanCode,
    period: Annotated[str, Query(description='"2025", "2025-H1" …')],
    agency: Annotated[str, Query(description="agency code, e.g. BL.SNNPTNT")],
    lang: LangParam = Language.vi,
) -> dict[str, Any]:
    found, agency_found = plan_by_code(session, plan), agency_id(session, agency)
    if found is None or agency_found is None:
        raise NotFound(
            Said(
                f"Không có kế hoạch {plan!r} hoặc không có cơ quan {agency!r} (xem /api/agencies).",
                f"No plan {plan!r} or no agency {agency!r} (see /api/agencies).",
            )
        )
    owed_now = indicators_owed(session, found, period, agency_found)
    return {
        "plan": plan,
        "period": period,
        "agency": agency,
        "indicators": [
            i
            | {
                "source_said": source_label(i["source"], lang.value) or None,
                "withdrawn_said": withdrawal_said(i["withdrawn"], lang.value) if i["withdrawn"] else None,
            }
            for i in owed_now
        ],
    }


@router.post(
    "/values/{value_id}/evidence",
    status_code=201,
    response_model=AddedEvidence,
    summary="Attach an evidence file to a value (same rights as entering it)",
    responses={401: {}, 403: {}, 404: {}, 413: {}, 422: {}},
)
def add_evidence(
    request: Request,
    session: TransactionDep,
    account: Editor,
    value_id: IndicatorValueId,
    file: Annotated[
        UploadFile, File(description="the table, report or scan the value comes from (GEOREG_EVIDENCE_MAX_BYTES)")
    ],
) -> dict[str, Any]:
    content = read_file_part(request, file)
    row = attach_evidence(session, account, value_id, file.filename or "evidence", file.content_type, content)
    audit.record(
        session,
        actor=account,
        action="add_evidence",
        entity="indicator_value",
        entity_id=value_id,
        changes={"file": row.filename, "sha256": row.sha256},
        remote_addr=client_address(request),
    )
    return {
        "id": row.id,
        "value": value_id,
        "filename": row.filename,
        "sha256": row.sha256,
        "url": f"/api/indicators/evidence/{row.id}",
    }


@router.get("/evidence/{evidence_id}", response_class=Response, summary="An evidence file, as uploaded")
def evidence(session: SessionDep, evidence_id: EvidenceId) -> Response:
    row = session.get(IndicatorEvidence, evidence_id)
    if row is None:
        raise NotFound(Said(f"Không có tệp minh chứng số {evidence_id}.", f"No evidence file with id {evidence_id}."))
    disposition = f"attachment; filename*=UTF-8''{quote(row.filename)}"
    return Response(row.content, media_type=row.media_type, headers={"Content-Disposition": disposition})


@router.get(
    "/{code}/values",
    response_model=IndicatorValues,
    summary="Every value of an indicator, corrections included, and which is current",
)
def values(
    session: SessionDep,
    code: Annotated[str, Path(max_length=60)],
    plan: PlanCodeIfRepeated = None,
    as_of: ValuesAsOf = None,
) -> dict[str, Any]:
    indicator = find_indicator(session, code, plan)
    return {"indicator": code, "as_of": as_of, "values": value_history(session, indicator, as_of)}


@router.post(
    "/{code}/values",
    status_code=201,
    response_model=EnteredValue,
    summary="Enter an observed value (editor of the responsible agency, or admin); a correction needs a reason",
    responses={401: {}, 403: {}, 404: {}, 409: {}, 422: {}},
)
def enter_value(
    request: Request,
    session: TransactionDep,
    account: Editor,
    code: Annotated[str, Path(max_length=60)],
    body: ValueIn,
    plan: PlanCodeIfRepeated = None,
) -> JSONResponse:
    """Values are never overwritten: a second value for the same period and unit must carry a ``reason`` and is
    kept as a correction; the earlier one stays readable (GET …/values?as_of=)."""
    indicator = find_indicator(session, code, plan)
    check_period(body.period)
    refuse_unless_may_enter(session, account, indicator, body.period)
    try:
        row = record_value(
            session, indicator, NewValue(**body.model_dump()), entered_by=account.username, account_id=account.id
        )
    except IntegrityError:  # the same key entered at the same moment by someone else (seen at the flush): one wins
        raise ValueRefused(
            409,
            f"{code}: another value for this period was entered meanwhile; reload and, to correct it, send a reason.",
            f"{code}: người khác vừa nhập một giá trị cho kỳ này cùng lúc; hãy tải lại, và nếu cần sửa thì gửi kèm lý "
            "do.",
        ) from None
    audit.record(
        session,
        actor=account,
        action="enter_value",
        entity="indicator_value",
        entity_id=row.id,
        changes=body.model_dump(),
        remote_addr=client_address(request),
    )
    return JSONResponse(
        jsonable_encoder(
            {
                "id": row.id,
                "indicator": code,
                **body.model_dump(),
                "supersedes": row.supersedes_id,
                "entered_by": row.entered_by,
            }
        ),
        201,
    )


@router.post(
    "/values/import",
    response_model=ValueImport,
    summary="Many values from a CSV or XLSX: a dry run that checks every row, then commit=true to add them all",
    responses={401: {}, 403: {}, 413: {}, 422: {}},
)
def import_file(
    request: Request,
    session: SessionDep,
    account: Editor,
    file: Annotated[
        UploadFile, File(description="columns: indicator, period, unit, value, source[, method, evidence, reason]")
    ],
    plan: PlanCodeIfRepeated = None,
    commit: Annotated[bool, Query(description="add the rows (only when every row is accepted)")] = False,
) -> JSONResponse:
    """All rows or none: the dry run (the default) says for each row what would happen or why it is refused."""
    raw = read_file_part(request, file)
    rows = read_value_rows(file.filename or "upload", raw)
    result = import_values(session, account, rows, plan, commit=commit)
    if result["committed"]:
        audit.record(
            session,
            actor=account,
            action="import_values",
            entity="indicator_value",
            changes={"file": file.filename, "rows": len(rows)},
            remote_addr=client_address(request),
        )
        session.commit()
    else:  # a dry run, or a refused row: nothing stays
        session.rollback()
    status = 201 if result["committed"] else 422 if commit else 200
    return JSONResponse(jsonable_encoder(result), status_code=status)
