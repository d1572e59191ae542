"""Figures per admin unit: progress, salinity classes, forest cover; and the admin units themselves."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import Field

from api.schemas import Schema
from api.schemas.geojson import Feature, FeatureCollection


class UnitProgress(Schema):
    id: int
    code: str
    scheme: str
    level: str
    name_vi: str
    name_en: str | None
    unit_type_vi: str | None = Field(
        description='Huyện, Thị xã, Xã, Phường…: written before name_vi ("Huyện Càng Long")'
    )
    valid_from: date | None
    valid_to: date | None
    area_m2: float | None
    province_code: str | None = Field(description="the province the unit lies in, of its own scheme (totals)")
    progress_percent: float | None = Field(description="Σ weight·share·percent / Σ weight·share; null without projects")
    projects: float = Field(description="projects counted by their share of the unit")
    project_share_sum: float
    weighted_projects: float
    weight_total: float
    projects_by_status: dict[str, float] = Field(description="status → projects (by share)")
    carried_from_scheme: str | None = Field(description="the scheme computed in, carried over by the crosswalk")
    progress_is_demo: bool = Field(
        description='its progress figure counts a project status from demonstration data: "52,5 (minh họa)" in the '
        "table; false where there is no figure (progress_percent null)"
    )


class ProvinceTotal(Schema):
    """A province's units taken together (geo.progress.province_totals): the total row under them in /progress's
    table and its files; at the province level one total of all the units, its code and names null."""

    code: str | None
    name_vi: str | None
    name_en: str | None
    unit_type_vi: str | None = Field(description='Tỉnh or Thành phố: written before name_vi ("Tỉnh Trà Vinh")')
    units: int = Field(description="how many of the units listed lie in it")
    project_share_sum: float = Field(
        description="the sum of the units' parts of projects: the province's count where its projects lie in its "
        "units (a project across two units counts in each, so their projects do not add up)"
    )
    progress_percent: float | None = Field(description="the units' mean progress taken together; null without projects")
    weight_total: float = Field(description="the sum of the units' weight_total")
    progress_is_demo: bool = Field(description="any of its units' progress_is_demo")


class UnitProject(Schema):
    id: int
    code: str
    name_vi: str
    name_en: str | None
    kind: str
    status: str
    percent: float
    status_date: date | None
    last_report: date | None = Field(
        description="the day of its latest report from the field or an agency (a GIS load's status is not one)"
    )
    plan: str | None
    share: float = Field(description="the project's share of the unit (0–1): its part there, by length or area")
    status_is_demo: bool
    status_is_flagged: bool = Field(
        description="the current status comes from a report sent from afar or a rough position, to check "
        "(/api/status-reports/flagged)"
    )
    budget: float | None = Field(description="the project's whole budget, billion VND (its part here: × share)")
    schedule: str = Field(description="past_due, in_time, closed or undated: against the year it is due, today")


class SharesState(Schema):
    """Whether every project's shares are counted: "recomputing" right after a large load, until they are."""

    state: str = Field(description="current or recomputing")
    projects_waiting: int
    message_vi: str | None
    message_en: str | None


class ProgressFigures(Schema):
    scheme: str
    level: str
    weight: str = Field(description="count, budget or size")
    as_of: date | None
    via: str | None
    units: list[UnitProgress]
    totals: list[ProvinceTotal] = Field(description="each province's units taken together, in code order")
    shares: SharesState


class ProgressCollection(FeatureCollection):
    """The same figures (as ``properties``, progress_is_demo too) with each unit's polygon."""

    weight: str
    weight_unit: str
    scheme: str
    level: str
    as_of: str | None
    shares: SharesState


class SalinityClass(Schema):
    code: str
    min_dS_m: float | int
    max_dS_m: float | int | None
    vi: str
    en: str


class ClassArea(Schema):
    area_ha: float
    share: float


class UnitSalinity(Schema):
    id: int
    code: str
    name_vi: str
    name_en: str | None
    unit_type_vi: str | None = Field(None, description='what the unit is called ("Phường", "Xã", "Huyện")')
    area_m2: float | None
    classes: dict[str, ClassArea] = Field(description="by salinity class code")
    unclassified_share: float | None


class SalinityOfUnits(Schema):
    scheme: str
    level: str
    period: str
    sources: list[str]
    other_sources: list[str] = Field(
        [],
        description="the period's other sources, whose zones are not counted here (zones of two sources overlap): "
        "give source= to read one of them; the figures come from the source registered last unless source= is given",
    )
    classes: list[SalinityClass]
    units: list[UnitSalinity]


class ProjectSalinity(Schema):
    id: int
    code: str
    name_vi: str
    name_en: str | None
    kind: str
    classes: dict[str, float] = Field(description="class code → share of the project in it")
    main_class: str | None


class SalinityOfProjects(Schema):
    period: str
    sources: list[str]
    other_sources: list[str] = Field(
        [],
        description="the period's other sources, whose zones are not counted here (zones of two sources overlap): "
        "give source= to read one of them; the figures come from the source registered last unless source= is given",
    )
    classes: list[SalinityClass]
    projects: list[ProjectSalinity]


class ForestDataset(Schema):
    id: int
    title: str | None
    year: int | None
    source: str | None
    is_demo: bool


class UnitForest(Schema):
    id: int
    code: str
    name_vi: str
    name_en: str | None
    forest_ha: float | None
    unit_ha: float | None
    cover_percent: float | None
    covered_percent: float | None = Field(
        None,
        description="the share of the unit (%) the raster has values (forest or not) over; null when it covers none",
    )
    no_data: str | None = Field(
        None,
        description="why forest_ha and cover_percent are null: 'not_covered', the raster has no values over the unit "
        "(a raster of another province); 'partly_covered', it covers less than 95 % of it (covered_percent says how "
        "much: a raster of a coast); null when they are given",
    )


class ForestNotComputed(Schema):
    raster_id: int = Field(description="the forest raster whose statistics could not be computed")
    year: int | None = Field(description="the year it shows")
    failed_at: datetime = Field(description="when computing them failed")
    reason_vi: str = Field(description="why, in Vietnamese")
    reason_en: str = Field(description="why, in English")
    message_vi: str = Field(
        description="what to tell of it, in Vietnamese: why, and the command that computes it again"
    )
    message_en: str = Field(
        description="what to tell of it, in English: 'the forest cover of 2031 could not be computed (raster 7): "
        "<reason>; an administrator can run georeg forest stats --raster 7'"
    )


class ForestCover(Schema):
    dataset: ForestDataset
    scheme: str
    level: str
    units: list[UnitForest]
    not_computed: list[ForestNotComputed] = Field(
        [],
        description="the forest rasters of a later year than dataset's whose statistics could not be computed (the "
        "figures are dataset's, not theirs), the latest first",
    )


class UnitProperties(Schema):
    code: str
    scheme: str
    level: str
    name_vi: str
    name_en: str | None
    unit_type_vi: str | None
    label_vi: str = Field(
        description="the name to list it by: with its kind where another unit of its level has the same name "
        '("Huyện Duyên Hải", "Thị xã Duyên Hải"), and its province where the kind is the same too ("Xã Đông Hải, '
        'Cà Mau", "Xã Đông Hải, Vĩnh Long"), else name_vi'
    )
    parent_code: str | None
    parent_name_vi: str | None
    valid_from: date | None
    valid_to: date | None
    is_context: bool = Field(description="a neighbouring province drawn for context")
    area_m2: float | None
    source: str | None


class UnitFeature(Feature):
    id: int
    properties: UnitProperties


class Units(FeatureCollection):
    features: list[UnitFeature]
    numberMatched: int
    numberReturned: int
