"""projects: the kind "aquaculture" (nuôi trồng thủy sản), which the plans name and an office's inventory needs

Revision ID: 0036
Revises: 0035

Bạc Liêu 148/QĐ-UBND (action 12) and Trà Vinh 1099/QĐ-UBND (III.3.3) plan the provinces' aquaculture areas; a Bạc
Liêu inventory's 10,000 aquaculture plots were refused, or loaded as "other" (trial 54).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0036"
down_revision: str | None = "0035"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BEFORE = (
    "sea_dyke", "river_dyke", "embankment", "sluice", "canal", "irrigation", "reservoir", "water_supply", "wind_farm",
    "solar_farm", "biomass_power", "power_line", "substation", "waste_treatment", "landfill", "wastewater_treatment",
    "forest_planting", "bridge", "monitoring_station", "other",
)  # fmt: skip


def _check(codes: tuple[str, ...]) -> None:
    quoted = ", ".join(f"'{code}'" for code in codes)
    op.execute(
        f"ALTER TABLE project DROP CONSTRAINT ck_project_kind, ADD CONSTRAINT ck_project_kind CHECK (kind IN ({quoted}))"
    )


def upgrade() -> None:
    _check((*BEFORE[:17], "aquaculture", *BEFORE[17:]))


def downgrade() -> None:
    op.execute("UPDATE project SET kind = 'other' WHERE kind = 'aquaculture'")
    _check(BEFORE)
