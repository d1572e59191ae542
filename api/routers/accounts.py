"""Accounts and tokens over the API, for the registry's administrators (role admin); the same rules as
``georeg account`` / ``georeg token`` (geo.accounts), and every change in the audit log. A token is shown once, when
it is created; only its hash is kept."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, ConfigDict, Field, StrictBool
from sqlalchemy.orm import Session

from api.auth import Admin, Someone
from api.deps import SessionDep, TransactionDep, client_address
from api.params import LangParam, Language, NoReportMonths, PageOffset, PlainText, TokenId
from api.schemas.accounts import (
    AccountOut,
    AccountReach,
    IssuedToken,
    ListedAccount,
    ProjectsInCharge,
    RejectedReport,
    TokenOut,
)
from geo import vocab
from geo.accounts import (
    USERNAME,
    account_as_created,
    account_summaries,
    agency_of,
    create_account,
    create_token,
    ended_agency_note,
    find_account,
    former_agencies_held,
    revoke_token,
    token_as_recorded,
    tokens_of,
    update_account,
)
from geo.audit import record
from geo.jurisdiction import reach, reachable_counts
from geo.models import Account, Agency, ApiToken
from geo.queries.in_charge import Order, projects_in_charge
from geo.queries.units import account_units
from geo.report_reviews import rejected_unanswered
from geo.vocab import PROJECT_KINDS
from maps.accounts_page import unit_choice_label

router = APIRouter(tags=["accounts"])


class NewAccount(BaseModel):
    # checked by geo.accounts (USERNAME), whose refusal is said in the request's language, not pydantic's English
    username: str = Field(description=f"2–80 unaccented letters, digits, '.', '_' or '-' ({USERNAME.pattern})")
    role: str = Field(description="viewer, editor, gis or admin")
    agency: str | None = Field(None, description="agency code, e.g. TV.SNNPTNT")
    display_name: PlainText | None = None
    units: list[str] = Field(default_factory=list, description="codes of units (either scheme) in its jurisdiction")
    kinds: list[str] = Field(default_factory=list, description="project kinds it may update in those units")


class AccountChanges(BaseModel):
    """What to change of an account; a field left out stays as it is."""

    model_config = ConfigDict(extra="forbid")  # {"username": …} is refused, not ignored: a username is not changed

    role: str | None = Field(None, description="viewer, editor, gis or admin")
    agency: str | None = Field(None, description="agency code; null for none")
    display_name: PlainText | None = None
    units: list[str] | None = Field(None, description="codes of units, replacing the former; give kinds with them")
    kinds: list[str] | None = Field(None, description="project kinds, replacing the former")
    is_active: StrictBool | None = Field(
        None, description="false: its tokens stop working at once (until it is active again), its browser sessions end"
    )
    was: dict[str, Any] | None = Field(
        None,
        description="the values of the fields changed as the changer read them: refused (409) if another changed "
        "them since, so that no one's change is undone unseen",
    )


class NewToken(BaseModel):
    name: PlainText | None = Field(None, description="what it is for, e.g. 'phone of Mr An'")
    days: float = Field(90, gt=0, le=3650, description="days until it expires")


def _account_body(session: Session, account: Account) -> dict[str, Any]:
    return asdict(account_summaries(session, [account.id])[0])


def _token_body(row: ApiToken) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "expires_at": row.expires_at.isoformat() if row.expires_at else None,
        "revoked_at": row.revoked_at.isoformat() if row.revoked_at else None,
        "last_used_at": row.last_used_at.isoformat() if row.last_used_at else None,
    }


@router.get(
    "/api/account",
    response_model=AccountReach,
    summary="The caller's own account (token or browser login) and the projects it may report on",
    responses={401: {"description": "no token or login, or one not valid"}},
)
def own_account(session: SessionDep, account: Someone, lang: LangParam = Language.vi) -> dict[str, Any]:
    agency = agency_of(session, account)
    kinds = vocab.labels(PROJECT_KINDS, lang.value)
    return {
        "username": account.username,
        "display_name": account.display_name,
        "role": account.role,
        "reports_on": reach(account.role),
        # in the asker's language (an English form read the agencies in Vietnamese, trial 40), with the code that
        # says its province
        "agency": _named_agency(agency, lang.value) if agency else None,
        "agencies_held": [_named_agency(former, lang.value) for former in former_agencies_held(session, account)],
        "units": [
            {"code": unit["code"], "name": unit_choice_label(unit, lang.value)}
            for unit in account_units(session, account.id)
        ],
        "kinds": [{"code": kind, "name": kinds.get(kind, kind)} for kind in account.kinds or []],
        "agency_note": note.text(lang.value) if (note := ended_agency_note(session, account)) else None,
    }


@router.get(
    "/api/account/projects",
    response_model=ProjectsInCharge,
    summary="The projects the caller may report on, searchable by name or code, a page at a time",
    responses={401: {"description": "no token or login, or one not valid"}},
)
def own_projects(
    session: SessionDep,
    account: Someone,
    q: Annotated[str, Query(max_length=200, description='words of the name or code: "nha may dien gio" too')] = "",
    order: Annotated[
        Order, Query(description="oldest_report: the state reported longest ago first (never reported first); name")
    ] = "oldest_report",
    limit: Annotated[int, Query(ge=1, le=200)] = 30,
    offset: PageOffset = 0,
    no_report_months: NoReportMonths = None,
    lang: Annotated[
        Language, Query(description="the language the list is shown in: by name, the English name where there is one")
    ] = Language.vi,
) -> dict[str, Any]:
    """What an officer reporting from afar (the office) picks from: the field form lists these beside the projects
    near the phone, by name as it shows them (``lang``). With ``no_report_months``, those nobody has reported on for
    so long: the supervisor's list on /status-reports."""
    return projects_in_charge(session, account, q, order, limit, offset, no_report_months, lang.value)


@router.get(
    "/api/account/rejected-reports",
    response_model=list[RejectedReport],
    summary="The caller's own reports a reviewer rejected, on projects the caller has sent nothing on since",
    responses={401: {"description": "no token or login, or one not valid"}},
)
def own_rejected_reports(session: SessionDep, account: Someone) -> list[dict[str, Any]]:
    """What the field form says on its first screen, newest verdict first (at most 20): an officer learned of a
    rejection only by opening its project (trial 51)."""
    return rejected_unanswered(session, account)


def _named_agency(agency: Agency, lang: str) -> dict[str, str]:
    name = agency.name_en if lang == "en" and agency.name_en else agency.name_vi
    return {"code": agency.code, "name": f"{name} ({agency.code})"}


@router.get(
    "/api/accounts",
    response_model=list[ListedAccount],
    summary="The accounts, with their role, agency and jurisdiction (admin)",
)
def list_accounts(session: SessionDep, admin: Admin) -> list[dict[str, Any]]:
    # the accounts read first, their counts after: an account created between the two reads was listed with no count
    # (500, KeyError; an administrator's page creating one while it listed them, CI)
    summaries = account_summaries(session)
    counts = reachable_counts(session)
    return [asdict(summary) | {"projects_in_charge": counts.get(summary.username, 0)} for summary in summaries]


@router.post(
    "/api/accounts",
    status_code=201,
    response_model=AccountOut,
    summary="Create an agency's account with its jurisdiction (admin)",
)
def new_account(request: Request, session: TransactionDep, body: NewAccount, admin: Admin) -> dict[str, Any]:
    account = create_account(
        session,
        body.username,
        role=body.role,
        agency_code=body.agency,
        display_name=body.display_name,
        unit_codes=body.units,
        kinds=body.kinds,
    )
    changes = account_as_created(account, body.agency, body.units)
    _audit(session, request, admin, "create", "account", account.id, changes)
    return _account_body(session, account)


@router.patch(
    "/api/accounts/{username}",
    response_model=AccountOut,
    summary="Correct an account: role, agency, name, jurisdiction, or deactivate it (admin)",
)
def change_account(
    request: Request, session: TransactionDep, username: str, body: AccountChanges, admin: Admin
) -> dict[str, Any]:
    asked = body.model_dump(exclude_unset=True, exclude={"was"})
    for field in ("role", "units", "kinds", "is_active"):  # none of these can be "none"
        if field in asked and asked[field] is None:
            del asked[field]
    account, changes = update_account(session, username, asked, by=admin, was=body.was)
    _audit(session, request, admin, "update", "account", account.id, changes)
    return _account_body(session, account)


@router.get(
    "/api/accounts/{username}/tokens",
    response_model=list[TokenOut],
    summary="An account's tokens, never the tokens themselves (admin)",
)
def list_tokens(session: SessionDep, username: str, admin: Admin) -> list[dict[str, Any]]:
    return [_token_body(row) for row in tokens_of(session, find_account(session, username))]


@router.post(
    "/api/accounts/{username}/tokens",
    status_code=201,
    response_model=IssuedToken,
    summary="Issue a token, shown once (admin)",
)
def new_token(request: Request, session: TransactionDep, username: str, body: NewToken, admin: Admin) -> dict[str, Any]:
    account = find_account(session, username)
    token, row = create_token(session, account, name=body.name, days=body.days)
    _audit(session, request, admin, "create", "api_token", row.id, token_as_recorded(session, row))
    return _token_body(row) | {"token": token}


@router.post(
    "/api/tokens/{token_id}/revoke", response_model=TokenOut, summary="Revoke a token (admin); it stops working at once"
)
def revoke(request: Request, session: TransactionDep, token_id: TokenId, admin: Admin) -> dict[str, Any]:
    row = revoke_token(session, token_id)
    _audit(session, request, admin, "revoke", "api_token", row.id, token_as_recorded(session, row))
    return _token_body(row)


def _audit(
    session: Session, request: Request, admin: Account, action: str, entity: str, entity_id: int, changes: dict
) -> None:
    record(
        session,
        actor=admin,
        action=action,
        entity=entity,
        entity_id=entity_id,
        changes=changes,
        remote_addr=client_address(request),
    )
