"""Loading all the bundled sample data in one transaction."""

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


def load_sample(session: Session, data_dir: Path) -> dict[str, int]:
    """Load units, crosswalk, plans, projects and the salinity raster from ``data_dir``; safe to run again.

    Re-running updates rows in place by their codes and appends only status events not
    yet recorded, so nothing is duplicated and no history is lost.
    """
    counts = {
        "admin_units": load_admin_units(session, data_dir / "boundaries"),
        "crosswalk_pairs": rebuild_crosswalk(session),
        "plans": load_plans(session, data_dir / "plans", data_dir / "agencies"),
    }
    counts["projects"], counts["status_events_added"] = load_projects(
        session, data_dir / "projects.geojson", data_dir / "status_events.csv"
    )
    counts["project_unit_shares"] = recompute_shares(session)
    counts["salinity_zones"] = load_sample_salinity(session, data_dir)
    bump(session, "projects", *UNIT_LAYERS)
    session.add(
        AuditLogEntry(
            actor="georeg load-sample", action="load_sample", entity="sample_data", changes=counts, detail=str(data_dir)
        )
    )
    return counts
