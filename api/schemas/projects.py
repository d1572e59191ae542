"""Projects, their status history and the field's status reports, and the search by name."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Generic, Literal, TypeVar

from pydantic import Field

from api.schemas import Schema
from api.schemas.geojson import Feature, FeatureCollection, FeaturePage, Geometry
from geo.queries.field_reports import COAST_M

_IS_REPORT = (
    "whether it counts as a report, from the field or an agency, for 'no report for N months': a GIS load's status "
    "and a rejected report do not"
)


class StatusStep(Schema):
    """One status event of a project, as its page lists them."""

    version: int
    status: str
    percent: float
    reported_at: date
    note_vi: str | None
    note_en: str | None
    source: str | None
    is_demo: bool
    review_verdict: str | None = Field(
        description='a report flagged to check: "confirmed", or "rejected" (not counted in the project\'s state)'
    )
    is_report: bool = Field(description=_IS_REPORT)


class ProjectProperties(Schema):
    code: str
    name_vi: str
    name_en: str | None
    kind: str
    province_code: str | None
    plan: str | None
    plan_action: str | None
    plan_action_title_vi: str | None
    plan_action_title_en: str | None = None
    lead_agency: str | None
    lead_agency_name_vi: str | None
    lead_agency_name_en: str | None = None
    lead_agency_ended: date | None = Field(None, description="the lead agency's last day, when it has ended (2025)")
    lead_now: str | None = Field(None, description="the agency holding the lead today: the lead, or its successor")
    lead_now_name_vi: str | None = None
    lead_now_name_en: str | None = None
    lead_now_certain: bool | None = Field(None, description="false where the sources leave the successor uncertain")
    plan_names_lead: bool | None = Field(
        None, description="false where the plan names no lead for the project's action (null: outside its actions)"
    )
    capacity_value: float | None
    capacity_unit: str | None = Field(description="MW, km, ha, t/day, m³ …")
    budget_vnd_billion: float | None
    start_year: int | None
    end_year: int | None
    due_year: int | None = Field(description="the year it is due: its end year, else its plan period's end")
    schedule: str | None = Field(
        description="today against due_year: past_due (not finished), in_time, closed (finished or cancelled) or "
        "undated"
    )
    status: str
    percent: float | None
    status_date: date | None
    status_is_demo: bool | None = Field(description="the current status comes from demonstration data")
    version: int = Field(description="for If-Match on a status report")
    retired_at: datetime | None
    retired_reason: str | None
    location_precision: str | None = Field(description="surveyed, approximate, commune or district")
    location_note_vi: str | None
    location_note_en: str | None
    length_m: float | None
    area_m2: float | None
    sources: list[str] | None
    description_vi: str | None
    description_en: str | None


class ProjectFeature(Feature):
    id: int
    properties: ProjectProperties


class ProjectWithHistoryProperties(ProjectProperties):
    history: list[StatusStep]
    may_report: bool | None = Field(
        None, description="whether the caller (token or browser session) may report on it; absent without either"
    )
    not_yours: str | None = Field(
        None,
        description="when the caller may not report on it: why (the account's agency, kinds or units) and its lead "
        "agency today, as a report would be refused, in the language of Accept-Language (vi or en)",
    )


class ProjectWithHistory(ProjectFeature):
    """One project, with its status history, oldest first."""

    properties: ProjectWithHistoryProperties


class ProjectPage(FeaturePage):
    features: list[ProjectFeature]


class NearProperties(Schema):
    code: str
    name_vi: str
    name_en: str | None
    kind: str
    status: str
    percent: float | None
    status_date: date | None
    version: int
    distance_m: float = Field(description="metres to the nearest part of the project's geometry")
    location_precision: str = Field(
        description="how well its geometry gives its site; a district's centre ('district') is a stand-in, whose "
        "distance means nothing (geo.status_reports.STAND_IN_SITES)"
    )
    may_report: bool | None = Field(
        None, description="whether the caller (token or browser session) may report on it; absent without either"
    )


class NearFeature(Feature):
    id: int
    geometry: Geometry | None
    properties: NearProperties


class NearProjects(FeatureCollection):
    """The projects within the radius, nearest first."""

    features: list[NearFeature]
    numberMatched: int = Field(description="how many current projects the radius holds, over every page")
    numberReturned: int


class ProjectState(Schema):
    """A project's current state, from its latest status event."""

    id: int
    code: str
    name_vi: str
    name_en: str | None
    kind: str
    status: str
    percent: float | None
    status_date: date | None
    version: int
    retired_at: datetime | None


class Photo(Schema):
    sha256: str
    content_type: str
    size_bytes: int
    url: str


class Reviewed(Schema):
    """A reviewer's verdict on a report flagged to check (POST /api/projects/{id}/status/{version}/review); all null
    when there is none."""

    review_verdict: str | None = Field(
        description='"confirmed" (it stands) or "rejected" (kept in the history, left out of the project\'s state and '
        "progress)"
    )
    review_note: str | None = Field(description="the reviewer's reason")
    reviewer_name: str | None = Field(description="the reviewer, as colleagues know them")
    reviewed_at: datetime | None
    previous_verdict: str | None = Field(description="the verdict this one replaced, when one was changed")
    previous_reviewer_name: str | None
    previous_reviewed_at: datetime | None


class StatusEvent(Reviewed):
    is_report: bool = Field(description=_IS_REPORT)
    version: int
    status: str
    percent: float
    reported_at: date
    recorded_at: datetime
    note_vi: str | None
    note_en: str | None
    reporter_name: str | None
    distance_m: float | None = Field(description="from where the reporter stood to the project")
    reporter_accuracy_m: float | None = Field(description="the accuracy the reporter's phone stated for its position")
    source: str | None
    load_job: int | None = Field(None, description="the load (ingest job) that recorded it; null for a report")
    load_file: str | None = Field(None, description="that load's file")
    loaded_by: str | None = Field(
        None, description="who ran that load (the account's name); null for a report, or a load from the command line"
    )
    is_demo: bool
    flag: str | None = Field(
        description='why the report was flagged: "beyond_distance" (sent from afar), "position_uncertain" (the '
        "phone's accuracy wider than the kind allows)"
    )
    flag_distance_m: float | None = Field(description="a report flagged as sent from afar: metres from the site")
    flag_threshold_m: float | None = Field(description="a report flagged as sent from afar: metres its kind allows")
    photos: list[Photo]


class RecordChange(Schema):
    """A change a load made to the project's values (its status changes are status events)."""

    at: datetime
    source: str | None = Field(description="the load: its file and job")
    changes: dict[str, list[Any]] = Field(
        description="field -> [before, after]; geom -> [type before, type after, metres moved, sizes]"
    )


class ProjectHistory(ProjectState):
    """The state (its version is the ETag) and every status event, oldest first; the changes loads made to its
    values, oldest first."""

    history: list[StatusEvent]
    record_changes: list[RecordChange]


class RecordedReport(Schema):
    version: int = Field(
        description="the version the report made (the project's new version; for a report already "
        "received, that of its first sending)"
    )
    distance_m: float | None
    flagged: bool
    photo_sha256: str | None
    recorded_at: datetime = Field(description="when the report was recorded (its first sending, if already received)")
    already_received: bool = Field(
        description="the same report from the same account was already recorded (a double tap, a resend after a "
        "lost answer): answered 200 with that event, nothing recorded twice"
    )
    project: ProjectState
    agency_note: str | None = Field(
        None,
        description="in the request's language (Accept-Language), where the sender's agency has ended (merged in "
        "2025): that the report is recorded, under the sender's name, as of the agency holding those duties on its "
        "day, and that the administrator should move the account (the command); null otherwise",
    )


class FieldReport(Reviewed):
    """An officer's status report from the field; ``reason`` when it was accepted though flagged (the sender
    confirmed)."""

    project_id: int
    code: str
    name_vi: str
    name_en: str | None
    province_code: str | None
    version: int
    status: str
    percent: float
    status_before: str | None = Field(
        description="the project's status on the report's day, before it: of the reports that count, the latest dated "
        "before it (a report dated 01/03/2025 sent after one of 01/06/2025 follows the status of 01/03/2025)"
    )
    percent_before: float | None
    reported_at: date
    recorded_at: datetime
    note_vi: str | None
    reporter_name: str | None
    reporter_username: str = Field(description="the sender's login")
    reporter_agency: str | None = Field(
        description="the code of the agency the sender's account belonged to when the report was recorded (moving "
        "the account to another agency since does not change it)"
    )
    agency_that_day: str | None = Field(
        description="the code of the agency the sender reported for, as it was on the report's day: the account's "
        "agency then (an administrator may have moved the account since), or the one holding its duties that day "
        "where it had ended (TV.STNMT for a report of March 2025, TV.SNNMT from its merger)"
    )
    agency_that_day_vi: str | None = Field(description="that agency's name in Vietnamese, as it was named then")
    agency_that_day_en: str | None = Field(description="that agency's name in English")
    source: str | None
    distance_m: float | None = Field(description="metres from the project's site it was sent from")
    location_precision: str = Field(
        description="how well the project's geometry gives its site now; a district's centre ('district') is a "
        "stand-in: the distance to it means nothing, and no report is flagged for it"
    )
    reporter_accuracy_m: float | None = Field(description="the accuracy the sender's phone stated for its position")
    reason: str | None = Field(
        description='why it is flagged: "beyond_distance" (sent from afar) or "position_uncertain" (the phone\'s '
        "accuracy wider than the kind allows); null when it is not"
    )
    threshold_m: float | None = Field(description="a flagged report: metres the project's kind allows")
    photo_urls: list[str]
    geometry: dict[str, Any] | None = Field(description="the project's site (GeoJSON), null for a province-wide one")
    sent_from_vi: str | None = Field(
        description="the commune (2025) the sender stood in, else the former district (each with its province), else "
        'the province: "Phường An Xuyên (Cà Mau)"; null when the report has no position or it lies in no unit the '
        "registry holds"
    )
    sent_from_en: str | None = Field(description="the same in English")
    agency_now: str | None = Field(
        description="the code of the agency holding today the duties of agency_that_day (VL.SCT for TV.SCT, "
        "merged in 2025); the same code where it still exists"
    )
    agency_now_vi: str | None = Field(description="that agency's name in Vietnamese")
    agency_now_en: str | None = Field(description="that agency's name in English")
    shore_vi: str | None = Field(
        description="sent from no unit the registry holds (on the coast, or at sea: an offshore wind farm), the "
        "nearest unit in force on the report's day: a 2025 commune from 1 July 2025, a former district before; "
        "null otherwise"
    )
    shore_en: str | None = Field(description="the same in English")
    shore_m: float | None = Field(description="metres from that unit (to the nearest 100 m), at sea the coast's")
    on_coast: bool | None = Field(
        description=f"sent from no unit, but closer than {COAST_M} m to that one: on its coast (the boundaries' "
        "coastline cannot tell nearer from the shore); false at sea; null when sent from a unit or from nowhere known"
    )
    shore_scheme: str | None = Field(
        description="the boundary scheme of that unit: 2025 (communes and wards, no districts) or pre2025 (former "
        "districts); null when sent from a unit or from nowhere known"
    )


class BulkReport(Schema):
    """What each row of a bulk status file matched (dry run) or did (commit)."""

    file: str
    radius_m: float
    matched: list[dict[str, Any]]
    ambiguous: list[dict[str, Any]]
    unmatched: list[dict[str, Any]]
    invalid: list[dict[str, Any]]
    not_in_charge: list[dict[str, Any]] = Field(description="matched rows on projects the account may not report on")
    steps_back: list[dict[str, Any]] = Field(
        description="matched rows putting their project back (an earlier stage, a lower percent): recorded only with "
        "accept_steps_back=true"
    )
    history_only: list[dict[str, Any]] = Field(
        description="matched rows dated before the project's latest report: into its history, its state stays"
    )
    steps_back_key: str | None = Field(
        None, description="what the steps back are: send it as steps_back_seen with accept_steps_back=true"
    )
    committed: bool
    counts: dict[str, int]
    import_id: int | None = Field(
        None, description="committed: the import's id; its rows' source is \"FILE (status import ID)\""
    )
    detail: str | None = Field(None, description="a refused commit: why, naming the rows")


class Place(Schema):
    """A project (with its kind) or an admin unit (with its level and scheme) found by name."""

    type: Literal["project", "unit"]
    id: int
    code: str
    name_vi: str
    name_en: str | None
    scheme: str | None
    kind: str | None = Field(None, description="projects only")
    level: str | None = Field(None, description="units only")
    unit_type_vi: str | None = Field(None, description='units only: what the unit is called ("Thị xã", "Phường")')
    province_vi: str | None = Field(
        None, description="the province it is in (Vietnamese): a unit's, or a project's former province"
    )
    province_en: str | None = Field(None, description="the same in English")
    status: str | None = Field(
        None, description="projects only: its status today, or as of the day asked (null before its first report)"
    )
    bbox: list[float] | None = Field(description="west, south, east, north (WGS 84)")


class SearchResults(Schema):
    query: str
    results: list[Place]


class ChangedProject(Schema):
    """A project as a change names it."""

    project_id: int
    code: str
    name_vi: str
    name_en: str | None
    province_code: str | None


class StatusChange(ChangedProject, Reviewed):
    """A status recorded since the day, with the one before it."""

    status: str
    percent: float
    status_before: str
    percent_before: float
    reported_at: date = Field(description="the day the status was true, as reported")
    recorded_at: datetime
    source: str | None = Field(description="what recorded it: a field report, a load (its file), an import")
    reporter_name: str | None
    is_demo: bool
    rejected: bool = Field(
        description="a reviewer rejected this report: it is not counted (status_before is the one that stands)"
    )
    to_check: bool = Field(description="flagged to check (sent from afar or from a rough position), not reviewed yet")
    history_only: bool = Field(
        description="recorded after a report of a later day: it went into the project's history, its state stayed"
    )


class AddedProject(ChangedProject):
    kind: str
    status: str
    percent: float
    created_at: datetime
    source: str | None = Field(description="the last of its sources: the load that added it, or a citation")


class RetiredProject(ChangedProject):
    retired_at: datetime
    retired_reason: str | None


class EditedProject(ChangedProject):
    at: datetime
    source: str | None = Field(description="the load that changed its values")
    changes: dict[str, Any] = Field(description="each field changed: [its value before, after]")


class LayerLoad(Schema):
    """A load of an environment layer since the day: who, when, and the outline of what it covers."""

    loaded_at: datetime
    loaded_by: str | None = Field(description="the account that uploaded it; null: loaded on the command line")
    source: str = Field(description="the source the load cites")
    outline: dict[str, Any] | None = Field(
        description="GeoJSON of the area that changed: the zones', or the units' with a figure, merged and simplified"
    )


class SalinityLoad(LayerLoad):
    period: str = Field(description='the period of the zones loaded ("2026-03")')
    zones: int = Field(description="how many zones it wrote (in the province chosen)")


class ForestLoad(LayerLoad):
    year: int | None
    title: str = Field(description="the raster's title")
    is_demo: bool = Field(description="a synthetic demonstration raster (georeg forest demo), not observed")
    units: int = Field(description="how many units (both boundaries; in the province chosen) have a cover figure")
    raster_id: int = Field(description="the raster's number (georeg forest stats --raster ID)")
    computing: bool = Field(description="its units' cover figures are being computed")
    not_computed: bool = Field(description="its units' cover figures could not be computed: failure_vi/_en say why")
    failure_vi: str | None = Field(description="why its figures could not be computed, in Vietnamese")
    failure_en: str | None = Field(description="why its figures could not be computed, in English")


class ForestRemoval(Schema):
    """A forest raster removed (georeg forest remove), as the audit log keeps it."""

    raster_id: int = Field(description="the number the raster had")
    year: int | None
    title: str = Field(description="the raster's title")
    source: str | None = Field(
        description="the raster's source (none: it had none, or it was removed before the update of 6 Dec 2026, "
        "which began keeping it: then loaded_at is none too)"
    )
    is_demo: bool = Field(description="a synthetic demonstration raster (georeg forest demo), not observed")
    removed_at: datetime
    removed_by: str | None = Field(
        description="who removed it, as they said (georeg forest remove --by); none: they gave no name"
    )
    login: str | None = Field(description="the system login that ran georeg forest remove")
    loaded_at: datetime | None = Field(
        description="when the raster had been loaded (none: removed before the update of 6 Dec 2026, which began "
        "keeping it)"
    )
    units: int | None = Field(description="how many units' cover figures went with it")
    withdrawn: list[str] = Field(description="the plans whose forest-cover value of its year was withdrawn")


ChangeRow = TypeVar("ChangeRow")


class ChangesOf(Schema, Generic[ChangeRow]):
    count: int = Field(description="how many there are; ``rows`` lists the newest 500")
    rows: list[ChangeRow]


class StatusChanges(ChangesOf[StatusChange]):
    rejected: int = Field(description="how many of them a reviewer rejected (listed, not counted in the state)")


class SampleLeftOut(Schema):
    statuses: int = Field(description="the sample's statuses recorded since the day")
    added: int = Field(description="the projects the sample added since the day")


class Changes(Schema):
    """What changed since a day (geo.queries.changes), newest first."""

    since: date
    province: str | None
    statuses: StatusChanges
    added: ChangesOf[AddedProject]
    retired: ChangesOf[RetiredProject]
    edited: ChangesOf[EditedProject]
    salinity: ChangesOf[SalinityLoad] = Field(description="the loads of salinity zones, one a period and source")
    forest: ChangesOf[ForestLoad] = Field(description="the forest-cover rasters loaded")
    forest_removed: ChangesOf[ForestRemoval] = Field(
        description="the forest-cover rasters removed (with provinces chosen: those whose footprint touches them, "
        "and those registered before footprints were kept)"
    )
    sample_left_out: SampleLeftOut = Field(
        description="what a sample load (georeg load-sample) recorded since the day: not news, left out of the lists"
    )


class RecordedReview(Schema):
    """The verdict recorded and the project's state after it."""

    project_id: int
    report_version: int = Field(description="the version the reviewed report made")
    verdict: str
    note: str | None
    reviewer_name: str
    reviewed_at: datetime
    project_version: int = Field(description="the project's version now (its ETag); bumped when its state changed")
    status: str
    percent: float
    status_date: date
    state_changed: bool = Field(description="whether the verdict changed the project's status, percent or day")


class ProjectChanged(Schema):
    """A project changed since a page's version, as it stands now."""

    project_id: int
    code: str
    name_vi: str
    name_en: str | None
    status: str
    percent: float
    retired: bool = Field(description="taken out of the registry (retired)")
    changed_at: datetime = Field(description="when it last changed")


class ProjectsLoad(Schema):
    """The projects' latest load, which changed their version: what the map's notice names."""

    job: int = Field(description="the load's job (its report: /api/jobs/{job})")
    file: str = Field(description="the file loaded")
    loaded_by: str | None = Field(description="the account that loaded it; null: from the command line")
    at: datetime = Field(description="when it was committed")


class ProjectsChanged(Schema):
    """What changed in the projects since the version a page holds (geo.queries.projects_changed)."""

    version: str = Field(description="the projects' version now (as in their tile URLs, v=): the next poll's after")
    reloaded: bool = Field(description="the projects were loaded again as a whole (or too much changed to say)")
    count: int = Field(description="how many projects changed; ``projects`` names the latest 5")
    unlisted: int = Field(description="changes of projects without a site, counted, not named")
    outside: int = Field(description="with the map's filters: the projects changed that they do not show, counted")
    projects: list[ProjectChanged]
    load: ProjectsLoad | None = Field(None, description="with ``reloaded`` after a load: the latest load of projects")
