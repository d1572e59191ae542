"""admin unit pieces for fast apportionment, kept in step with admin_unit by a trigger; as-of index on status_event

Revision ID: 0009
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from geoalchemy2 import Geometry

from alembic import op

revision: str = "0009"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LEVELS = (("pre2025", "district"), ("pre2025", "province"), ("2025", "commune"), ("2025", "province"))
# Recut a unit into pieces whenever it is written (geo.models.unit_pieces explains the border margin: 1e-7° ≈ 1 cm).
CUT_FUNCTION = """
CREATE FUNCTION georeg_cut_unit() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    outline geometry := ST_Boundary(NEW.geom);
BEGIN
    DELETE FROM admin_unit_piece WHERE unit_id = NEW.id;
    IF NOT NEW.is_context THEN
        INSERT INTO admin_unit_piece (unit_id, scheme, level, geom, border)
        SELECT NEW.id, NEW.scheme, NEW.level, piece, ST_ClipByBox2D(outline, ST_Expand(piece::box2d, 1e-7))
        FROM ST_Subdivide(NEW.geom, 64) AS piece;
    END IF;
    RETURN NULL;
END $$
"""
CUT_TRIGGER = (
    "CREATE TRIGGER admin_unit_cut AFTER INSERT OR UPDATE OF geom, scheme, level, is_context ON admin_unit "
    "FOR EACH ROW EXECUTE FUNCTION georeg_cut_unit()"
)


def _geometry() -> Geometry:
    return Geometry(srid=4326, dimension=2, spatial_index=False, from_text="ST_GeomFromEWKT", name="geometry")


def upgrade() -> None:
    op.create_table(
        "admin_unit_piece",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("scheme", sa.String(length=16), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("geom", _geometry(), nullable=False),
        sa.Column("border", _geometry(), nullable=False),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["admin_unit.id"], name=op.f("fk_admin_unit_piece_unit_id_admin_unit"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_admin_unit_piece")),
    )
    op.create_index(op.f("ix_admin_unit_piece_unit_id"), "admin_unit_piece", ["unit_id"], unique=False)
    op.create_geospatial_index(
        "ix_admin_unit_piece_geom", "admin_unit_piece", ["geom"], unique=False, postgresql_using="gist"
    )
    for scheme, level in LEVELS:
        op.create_index(
            f"ix_admin_unit_piece_geom_{scheme}_{level}",
            "admin_unit_piece",
            ["geom"],
            unique=False,
            postgresql_using="gist",
            postgresql_where=sa.text(f"scheme = '{scheme}' AND level = '{level}'"),
        )
    op.execute(CUT_FUNCTION)
    op.execute(CUT_TRIGGER)
    op.execute("UPDATE admin_unit SET geom = geom")  # cut the units already loaded
    op.create_index(
        "ix_status_event_project_latest",
        "status_event",
        ["project_id", sa.text("reported_at DESC"), sa.text("version DESC")],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_status_event_project_latest", table_name="status_event")
    op.execute("DROP TRIGGER admin_unit_cut ON admin_unit")
    op.execute("DROP FUNCTION georeg_cut_unit()")
    for scheme, level in LEVELS:
        op.drop_index(f"ix_admin_unit_piece_geom_{scheme}_{level}", table_name="admin_unit_piece")
    op.drop_geospatial_index(
        "ix_admin_unit_piece_geom", table_name="admin_unit_piece", postgresql_using="gist", column_name="geom"
    )
    op.drop_index(op.f("ix_admin_unit_piece_unit_id"), table_name="admin_unit_piece")
    op.drop_table("admin_unit_piece")
