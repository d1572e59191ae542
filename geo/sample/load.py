"""Loading the bundled sample data in one transaction: all of it, or only its administrative units."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from geo.apportion import recompute_shares
from geo.crosswalk import rebuild_crosswalk
from geo.layer_versions import UNIT_LAYERS, bump
from geo.models import AuditLogEntry
from geo.sample.admin_units import load_admin_units
from geo.sample.plans import load_plans
from geo.sample.projects import load_projects
from geo.sample.salinity import load_sample_salinity


def load_sample(session: Session, data_dir: Path, units_only: bool = False) -> dict[str, int]:
    """Load units, crosswalk, plans, projects and the salinity raster from ``data_dir``; safe to run again.

    Re-running updates rows in place by their codes and appends only status events not
    yet recorded, so nothing is duplicated and no history is lost.

    ``units_only``: the units and the crosswalk alone, for an office that wants the administrative units and none of
    the sample's projects, whose demonstration statuses marked its provinces' figures "(minh họa)" (trial 71); the
    shares of the projects already registered are recomputed in the units loaded.
    """
    counts = {
        "admin_units": load_admin_units(session, data_dir / "boundaries"),
        "crosswalk_pairs": rebuild_crosswalk(session),
    }
    if not units_only:
        counts["plans"] = load_plans(session, data_dir / "plans", data_dir / "agencies")
        counts["projects"], counts["status_events_added"] = load_projects(
            session, data_dir / "projects.geojson", data_dir / "status_events.csv"
        )
        counts["salinity_zones"] = load_sample_salinity(session, data_dir)
    counts["project_unit_shares"] = recompute_shares(session)
    bump(session, "projects", *UNIT_LAYERS)
    session.add(
        AuditLogEntry(
            actor="georeg load-sample", action="load_sample", entity="sample_data", changes=counts, detail=str(data_dir)
        )
    )
    return counts
