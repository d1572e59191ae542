"""The registry's data model (GeoAlchemy2). Storage SRID 4326; lengths and areas in metres."""

from geo.models.accounts import Account, AccountUnit, ApiToken, AuditLogEntry, BrowserSession
from geo.models.admin_units import AdminUnit, UnitCrosswalk
from geo.models.base import Base
from geo.models.environment import ForestStatsQueue, ForestUnitStat, RasterDataset, SalinityZone
from geo.models.ingest import IngestJob, IngestJobProgress
from geo.models.layer_versions import (
    FormerProvinceParts,
    LayerVersion,
    TileBand,
    TileBandCell,
    TileBandGroup,
    TileExpiry,
)
from geo.models.plans import (
    Agency,
    AgencySuccession,
    Indicator,
    IndicatorEvidence,
    IndicatorValue,
    Plan,
    PlanAction,
    PlanActionAgency,
    Submission,
    assignment_holds_in_year,
)
from geo.models.project_unit_shares import ProjectShareQueue, ProjectUnitShare
from geo.models.projects import Project, ProjectAgency, StatusEvent, StatusPhoto
from geo.models.status_reports import StatusEventFlag, StatusEventReview
from geo.models.unit_pieces import AdminUnitPiece

__all__ = [
    "Account",
    "AccountUnit",
    "AdminUnit",
    "AdminUnitPiece",
    "Agency",
    "AgencySuccession",
    "ApiToken",
    "AuditLogEntry",
    "Base",
    "BrowserSession",
    "ForestStatsQueue",
    "ForestUnitStat",
    "FormerProvinceParts",
    "Indicator",
    "IndicatorEvidence",
    "IndicatorValue",
    "IngestJob",
    "IngestJobProgress",
    "LayerVersion",
    "Plan",
    "PlanAction",
    "PlanActionAgency",
    "assignment_holds_in_year",
    "Project",
    "ProjectAgency",
    "ProjectShareQueue",
    "ProjectUnitShare",
    "RasterDataset",
    "SalinityZone",
    "StatusEvent",
    "StatusEventFlag",
    "StatusEventReview",
    "StatusPhoto",
    "Submission",
    "TileBand",
    "TileBandCell",
    "TileBandGroup",
    "TileExpiry",
    "UnitCrosswalk",
]
