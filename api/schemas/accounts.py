"""Accounts, tokens and browser sessions, as administrators and the login page see them."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import Field

from api.schemas import Schema


class AccountOut(Schema):
    id: int
    username: str
    display_name: str | None
    role: str = Field(description="viewer, editor, gis or admin")
    agency: str | None
    units: list[str] = Field(description="codes of the units of its jurisdiction")
    kinds: list[str] = Field(description="project kinds it may update there")
    is_active: bool
    agency_ended_on: date | None = Field(
        None, description="its agency no longer exists (the mergers of 2025): the day it ended"
    )
    agency_now: str | None = Field(None, description="then, the code of the agency that holds its duties today")
    reviews: list[str] = Field(
        [],
        description="the plans whose yearly reports it reviews (an editor of the plan's focal agency today): such "
        "an account need report on no project",
    )
    writes_reports: list[str] = Field(
        [],
        description="an editor's: the plan actions whose yearly reports its agency writes this year (\"148/QĐ-UBND "
        '2.1"), its work when it reports on no project',
    )


class ListedAccount(AccountOut):
    """An account as the list of accounts gives it: with how many projects it reaches."""

    projects_in_charge: int = Field(description="how many of the registry's current projects it may report on")


class TokenOut(Schema):
    """A token as listed: never the token itself."""

    id: int
    name: str | None
    expires_at: str | None = Field(description="ISO 8601")
    revoked_at: str | None
    last_used_at: str | None


class IssuedToken(TokenOut):
    token: str = Field(description="shown this once; only its hash is kept")


class BrowserSession(Schema):
    username: str | None = Field(description="null when the browser is not logged in")
    display_name: str | None = Field(default=None, description="the name colleagues know the account by")
    role: str | None
    ended: str | None = Field(
        default=None,
        description="why this browser's session ended, when its account was deactivated or its token revoked (in the "
        "language asked by Accept-Language); null otherwise",
    )


class NamedCode(Schema):
    code: str
    name: str = Field(description="in the language asked (?lang); an agency in Vietnamese, with its code")


class AccountReach(Schema):
    """Who the caller is, and which projects they may report on (geo.jurisdiction), for the field form."""

    username: str
    display_name: str | None
    role: str
    reports_on: str = Field(
        description="all (an administrator), none (a viewer), or own: the projects its agency leads or partners, and "
        "those of its kinds within its units"
    )
    agency: NamedCode | None
    agencies_held: list[NamedCode] = Field(
        description="former agencies whose duties its agency holds today (the mergers of 2025): their projects are "
        "its too"
    )
    units: list[NamedCode] = Field(
        description="2025 units first, named as /accounts names them: with their province, and the day a former "
        "unit ended or a new one began"
    )
    kinds: list[NamedCode]
    agency_note: str | None = Field(
        None,
        description="in ?lang, where its agency has ended (merged in 2025): that its reports are still recorded, "
        "under its name, as of the agency holding those duties on each report's day, and that the administrator "
        "should move the account (the command); null otherwise",
    )


class ProjectInCharge(Schema):
    """A project the caller may report on, with its current state (no geometry: the form reads it once chosen)."""

    id: int
    code: str
    name_vi: str
    name_en: str | None
    kind: str
    status: str | None
    percent: float | None
    status_date: date | None = Field(description="the day of the report its state is of (none before a first)")
    last_report: date | None = Field(
        description="the day of its latest report from the field or an agency (none before a first): a GIS load's "
        "status is not one, so a later status_date is a load's; what 'no report for months' counts from"
    )
    lead_agency_code: str | None = Field(description="its lead agency's code, as the registry names it (or none)")
    lead_agency_vi: str | None = Field(description="its lead agency's name in Vietnamese")
    lead_agency_en: str | None = Field(description="its lead agency's name in English")
    lead_now_code: str | None = Field(
        description="the agency holding its lead today: the lead agency, or its successor after the 2025 mergers"
    )
    lead_now_vi: str | None = Field(description="the agency holding its lead today, its name in Vietnamese")
    lead_now_en: str | None = Field(description="the agency holding its lead today, its name in English")
    lead_agency_ended: date | None = Field(
        description="the lead agency's last day, when it has ended (none while it is)"
    )


class ProjectsInCharge(Schema):
    """A page of the projects the caller may report on (the field form's list for reporting from afar)."""

    numberMatched: int = Field(description="how many projects match, over every page")
    projects: list[ProjectInCharge]


class RejectedReport(Schema):
    """One of the caller's own reports a reviewer rejected, with nothing sent on its project by the caller since."""

    project_id: int
    code: str
    name_vi: str
    name_en: str | None
    version: int = Field(description="the report's version in the project's history")
    status: str
    percent: float
    reported_at: date = Field(description="the day the report was of")
    reviewer_name: str = Field(description="who rejected it, as colleagues know them")
    reviewed_at: datetime
    note: str | None = Field(description="the reviewer's reason")
