"""Indicators and their values, yearly submissions and their board, agencies and the agencies of plan actions."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import Field

from api.schemas import Schema
from api.schemas.unit_figures import UnitSalinity

# -- indicators


class RasterRemoval(Schema):
    """The removal of a forest raster (georeg forest remove) that withdrew a value the registry computed from it."""

    raster_id: int = Field(description="the number the raster had")
    removed_by: str | None = Field(description="who removed it, as they said (--by); none: they gave no name")
    login: str | None = Field(description="the system login that ran the command")
    reason_vi: str = Field(description="why the value was withdrawn, in Vietnamese")
    reason_en: str = Field(description="why the value was withdrawn, in English")


class WithdrawnValue(Schema):
    """A period's value withdrawn: the forest raster it was computed from removed."""

    period: str
    source: str = Field(description="the source of the value withdrawn (the raster's title)")
    withdrawn_at: datetime
    removal: RasterRemoval
    unit_code: str | None = None
    scheme: str | None = None
    level: str | None = None


class ObservedValue(Schema):
    """A value as the progress reads it: entered (an id), or rolled up from units' values (``rolled_up_from``)."""

    id: int | None
    period: str
    value: float
    source: str | None
    method: str | None
    is_demo: bool
    unit_code: str | None
    indicator_id: int | None = None
    entered_by: str | None = None
    entered_at: datetime | None = None
    is_correction: bool | None = None
    scheme: str | None = None
    level: str | None = None
    area_m2: float | None = None
    entered_by_agency: str | None = Field(
        None,
        description="the agency that entered it: the one the entering account belonged to when the value was entered "
        "(moving the account since does not change it); none for an admin's and the registry's",
    )
    entered_by_agency_en: str | None = Field(None, description="the agency that entered it, in English")
    rolled_up_from: list[int] | None = Field(None, description="ids of the unit values summed or averaged")
    current_again: WithdrawnValue | None = Field(
        None,
        description="the withdrawal that made it current again: the value the registry computed for its period from "
        "a forest raster since removed, which had superseded it",
    )


class IndicatorProgress(Schema):
    id: int
    code: str
    name_vi: str
    name_en: str | None
    unit: str
    unit_vi: str
    direction: str = Field(description="increase, decrease or range")
    target_min: float | None
    target_max: float | None
    target_year: int | None
    baseline_value: float | None
    baseline_year: int | None
    plan_section: str | None
    period_start: int | None
    plan: str
    province_code: str | None
    rollup: str | None
    responsible_agency: str | None
    responsible_agency_name: str | None
    observed: list[ObservedValue]
    withdrawn: list[WithdrawnValue] = Field(
        description="the periods whose value was withdrawn and that hold none since, apart from those observed (a "
        "value held again after a withdrawal is observed, with its current_again)"
    )
    latest: ObservedValue | None
    met: bool | None
    progress_share: float | None
    expected_share: float | None
    on_track: bool | None
    above: bool = Field(
        description="the latest value lies above a from–to target (or a range): outside it, so not met and no share"
    )


class PlanIndicators(Schema):
    plan: str
    unit: str | None
    as_of: datetime | None
    indicators: list[IndicatorProgress]


class ComputedSource(Schema):
    project: int
    code: str
    name_vi: str
    name_en: str
    status: str
    status_is_demo: bool = Field(description="the status comes from the sample's demonstration data, not a report")
    adds: float | int = Field(description="what the project adds to the value")


class ComputedIndicator(Schema):
    code: str
    name_vi: str
    name_en: str
    unit: str
    value: float | int | None = Field(
        description="0 when projects of its kind exist and none counts yet; null when there is no such project"
    )
    method: str
    sources: list[ComputedSource] = Field(description="every project of its kind counted, with what it adds")
    registered: dict[str, int] = Field(description="project kind → how many projects of it the value counts")
    done: int = Field(description="how many of them add to the value (in operation, under way)")
    from_demo: bool = Field(
        description="the value rests, wholly or partly, on demonstration statuses (any counted project's, even one "
        "adding 0)"
    )


class ReportedUnitSalinity(UnitSalinity):
    covered: bool = Field(description="False for a unit no zone of the period reaches: its figures unknown, not 0 ha")


class SalinityAreas(Schema):
    period: str = Field(
        description="the newest period with zones; for a year's report, the period the province's unit page leads "
        "with among those of the year or before (the newest covering half the province, else the newest)"
    )
    classes: dict[str, str] = Field(description="class code → Vietnamese label")
    units: list[ReportedUnitSalinity]
    coverage: float = Field(description="the share (0–1) of the plan's former province the period's zones cover")
    newest: str | None = Field(description="the newest period of the years considered (another when passed over)")
    newest_coverage: float = Field(description="the share (0–1) of the province the newest period's zones cover")
    source: str = Field(description="the one source of the period the figures are read from (the last loaded)")
    loaded_at: datetime = Field(description="when that source's zones of the period were loaded")
    prediction: bool = Field(description="whether the source says its zones are a prediction, not measured")


class ComputedIndicators(Schema):
    plan: str
    day: date
    indicators: list[ComputedIndicator]
    salinity: SalinityAreas | None = Field(description="null when no salinity zones are loaded")


class OwedIndicator(Schema):
    code: str
    name_vi: str
    name_en: str | None
    unit: str
    unit_vi: str
    value: float | None
    source: str | None = Field(description="as entered (or as the registry wrote it)")
    source_said: str | None = Field(
        description="the source as the reader of ?lang says it: the registry's own phrases (a forest raster's "
        "'ảnh raster 2: …') in that language, a citation as written"
    )
    entered_by: str | None
    withdrawn: WithdrawnValue | None = Field(description="the period's value withdrawn, when none is held since")
    withdrawn_said: str | None = Field(description="that withdrawal as the reader of ?lang is told it")


class OwedIndicators(Schema):
    plan: str
    period: str
    agency: str
    indicators: list[OwedIndicator]


class EvidenceFile(Schema):
    id: int
    filename: str
    sha256: str
    uploaded_by: str | None


class IndicatorValue(Schema):
    id: int
    period: str
    unit_code: str | None
    unit_name: str | None
    value: float | None = Field(description="none on a withdrawal")
    source: str | None
    method: str | None
    evidence: str | None
    entered_by: str | None
    entered_at: datetime
    supersedes_id: int | None
    reason: str | None = Field(
        description="why a correction was entered, as stored: as typed, or the registry's own code "
        "(registry:recomputed, registry:after-withdrawal); none on a withdrawal"
    )
    reason_vi: str | None = Field(description="the reason in Vietnamese (a code worded, a typed one as is)")
    reason_en: str | None = Field(description="the reason in English (a code worded, a typed one as is)")
    is_demo: bool
    is_withdrawal: bool = Field(
        description="it withdraws the value it supersedes, which the registry computed from a forest raster since "
        "removed; it holds no value"
    )
    restores_id: int | None = Field(description="a withdrawal's: the value it makes current again (none: none held)")
    removal: RasterRemoval | None = Field(description="a withdrawal's: the forest raster's removal, which is why")
    is_current: bool = Field(
        description="the value its period holds (as of the time asked): no later value corrects it, or a withdrawal "
        "made it current again; a withdrawal is current when it made none current"
    )
    evidence_files: list[EvidenceFile]


class IndicatorValues(Schema):
    indicator: str
    as_of: datetime | None
    values: list[IndicatorValue]


class EnteredValue(Schema):
    id: int
    indicator: str
    period: str
    unit: str | None
    value: float
    source: str
    method: str | None
    evidence: str | None
    reason: str | None
    supersedes: int | None = Field(description="the value this one corrects")
    entered_by: str


class AddedEvidence(Schema):
    id: int
    value: int
    filename: str
    sha256: str
    url: str


class ImportedRow(Schema):
    row: int = Field(description="line of the file (the header is line 1)")
    indicator: str | None = None
    period: str | None = None
    unit: str | None = None
    value: float | None = None
    action: str | None = Field(None, description="new or correction")
    refused: str | None = Field(None, description="why the row is refused")
    refused_vi: str | None = Field(None, description="the same in Vietnamese")
    status: int | None = Field(None, description="the status a single entry of the row would get")


class ValueImport(Schema):
    rows: list[ImportedRow]
    refused: int
    committed: bool


# -- submissions


class SubmissionOut(Schema):
    id: int
    year: int
    version: int
    status: str = Field(description="draft, submitted, returned, accepted or locked")
    results: str | None
    obstacles: str | None
    proposals: str | None
    project_ids: list[int] | None
    value_ids: list[int] | None
    reason: str | None
    review_comment: str | None
    created_by: str | None
    written_by: str | None = Field(description="who wrote it, as colleagues know them: 'Lê Văn Cường (lead_t)'")
    created_at: datetime
    submitted_at: datetime | None
    submitted_by: str | None = Field(
        None, description="the account (username) that sent it last: it may not accept or return it"
    )
    accepted_at: datetime | None
    updated_at: datetime = Field(description="last change; send it back (updated_at) with an edit or a send")
    action: str
    action_title: str | None
    agency: str
    agency_name: str | None


class Submissions(Schema):
    plan: str
    year: int
    submissions: list[SubmissionOut]


class Duty(Schema):
    action: str
    title_vi: str | None
    title_en: str | None
    state: str = Field(description="owed, late, submitted, returned or accepted")
    submission: int | None
    version: int | None
    submitted_at: datetime | None
    first_sent_at: datetime | None = Field(description="when its first version was sent: what on_time is judged by")
    on_time: bool
    certain: bool = Field(description="false when the duty passed through an uncertain agency succession")


class AgencyDuties(Schema):
    agency: str
    name_vi: str | None
    name_en: str | None
    duties: list[Duty]
    owed: int
    late: int
    submitted: int
    returned: int
    accepted: int
    on_time: int
    on_time_rate: float | None


class SubmissionBoard(Schema):
    plan: str
    year: int
    due: date | None
    overdue: bool = Field(description="past the due day; for a plan naming none, the year is over")
    period: list[int] = Field(description="the plan's first and last year")
    agencies: list[AgencyDuties]


class OwedSubmissions(Schema):
    plan: str
    year: int
    due: date | None
    overdue: bool = Field(description="past the due day; for a plan naming none, the year is over")
    period: list[int] = Field(description="the plan's first and last year")
    agency: str
    duties: list[Duty]


class SubmissionRights(Schema):
    review: bool = Field(description="may return, accept and lock (the focal agency), and assign agencies")
    report: bool = Field(description="may write for the agency")
    own_agency: str | None = Field(None, description="the caller's own agency (its code), which the page opens on")
    account: str | None = Field(
        None, description="the caller's username: a report it sent (submitted_by) is reviewed by someone else"
    )


class OwingAgency(Schema):
    agency: str = Field(description="the agency's code")
    name_vi: str
    name_en: str | None
    reports: int = Field(description="yearly reports it owes: the actions it leads on the year's due day")
    indicators: int = Field(description="indicators whose values it enters: those it answers for on 31 December")


class OwingAgencies(Schema):
    plan: str
    year: int
    agencies: list[OwingAgency] = Field(description="by code; the agencies /monitoring offers for the plan and year")


class SubmissionStep(Schema):
    at: datetime
    by: str | None
    action: str
    changes: dict[str, Any] | None


class SubmissionHistory(Schema):
    submission: int
    steps: list[SubmissionStep]


# -- agencies


class AgencyOut(Schema):
    code: str
    name_vi: str
    name_en: str | None
    province_code: str | None
    valid_from: date | None
    valid_to: date | None


class Agencies(Schema):
    agencies: list[AgencyOut]


class AgencyLink(Schema):
    relation: str = Field(description="predecessor or successor")
    code: str
    name_vi: str
    name_en: str | None
    effective_on: date | None
    certain: bool
    source: str | None


class AgencyTimeline(AgencyOut):
    links: list[AgencyLink]


class ActionAgency(Schema):
    role: str = Field(description="lead or partner")
    code: str
    name_vi: str
    name_en: str | None
    assigned_by: str | None
    held_by: str | None = Field(
        None, description="the agency holding its duties in the year asked, when another (merged away in 2025)"
    )


class ActionWithAgencies(Schema):
    code: str
    title_vi: str | None
    title_en: str | None
    parent: str | None
    agencies: list[ActionAgency]


class PlanActionAgencies(Schema):
    plan: str
    year: int = Field(description="the reporting year whose agencies these are")
    actions: list[ActionWithAgencies]


class FormerAgency(Schema):
    code: str
    name_vi: str
    name_en: str | None
    until: date | None = Field(description="its last day")


class TaskAgency(Schema):
    """An agency of a task by the one holding its duties today, with the agencies the plan named, merged away."""

    code: str
    name_vi: str
    name_en: str | None
    certain: bool = Field(description="whether every succession to it from the agencies named is certain")
    formerly: list[FormerAgency] = Field(description="the agencies the plan (or an assignment) named, merged away")


class TaskReport(Schema):
    agency: str
    name_vi: str
    name_en: str | None
    state: str = Field(description="owed, late, submitted, returned or accepted")


class TaskStatus(Schema):
    status: str
    name_vi: str
    name_en: str
    projects: int = Field(description="how many of the task's projects are in it")


class PlanTask(Schema):
    code: str
    task_group: str | None = Field(description="the task group a sub-task belongs to (plan 148's 13 for 13.3)")
    title_vi: str
    title_en: str | None
    expected_output_vi: str | None
    expected_output_en: str | None
    leads: list[TaskAgency]
    partners: list[TaskAgency]
    from_group: str | None = Field(description="the group whose agencies a task without its own takes")
    projects: int = Field(description="the registry's projects of the task (not retired)")
    statuses: list[TaskStatus] = Field(description="their current statuses, in the life cycle's order")
    past_due: int = Field(
        description="how many of them are past due on schedule_on: not finished (proposed, being prepared, under "
        "construction, suspended) after the year due, their own end year or their plan's last; the map lists them "
        "(/?plan=…&plan_action=…&schedule=past_due)"
    )
    in_time: int = Field(description="how many are not finished and still within the year due")
    closed: int = Field(description="how many are operating, completed or cancelled")
    undated: int = Field(description="how many are not finished and have no year due (neither theirs nor their plan's)")
    reports: list[TaskReport] = Field(description="the year's reports owed on the task and where each stands")


class PlanTasks(Schema):
    plan: str
    year: int = Field(description="the reporting year whose agencies and reports these are")
    named_on: date = Field(description="the day the agencies are named as (today)")
    schedule_on: date = Field(
        description="the day the projects' schedules are judged on (today in Vietnam), by their status now, as the "
        "map's schedule filter judges them"
    )
    tasks: list[PlanTask]


class AssignedAgencies(Schema):
    plan: str
    action: str
    lead: list[str]
    partners: list[str]
    from_year: int = Field(description="the first reporting year the assignment holds for; earlier years keep theirs")
