"""tiles: precomputed zoom bands (tile_band, tile_band_cell, tile_band_group) kept in step with footprint edits

Revision ID: s5_i15a
Revises: 0017

A low-zoom tile of a crowded layer reads a few thousand precomputed cells and groups instead of every feature under
it (layers.tile_bands). The statement-level trigger on ``tile_expiry`` refreshes, in the edit's own transaction,
the cells and groups that the edit's boxes touch, using each layer's ``refresh_sql`` (written by the app): every
edit that expires tiles by footprint — whatever process makes it — keeps the band in step. A whole-layer edit
(``layer_version.version`` changes) leaves the band stale; tiles then use the live SQL until it is rebuilt.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from geoalchemy2 import Geometry
from sqlalchemy.dialects import postgresql

from alembic import op

revision: str = "s5_i15a"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FOLLOW_EDITS = """
CREATE FUNCTION tile_band_follow_edits() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    target record;
    band record;
BEGIN
    FOR target IN
        SELECT e.layer_id, array_agg(e.west) AS w, array_agg(e.south) AS s, array_agg(e.east) AS e,
               array_agg(e.north) AS n
        FROM edited e JOIN tile_band t ON t.layer_id = e.layer_id
        WHERE e.fields IS NULL OR t.colour_field = ANY (e.fields)
        GROUP BY e.layer_id ORDER BY e.layer_id
    LOOP
        -- waits for a rebuild of the band in progress; edits of the layer already commit in order
        SELECT * INTO band FROM tile_band WHERE layer_id = target.layer_id FOR UPDATE;
        IF band.version = (SELECT coalesce(max(version), 1) FROM layer_version WHERE layer_id = target.layer_id) THEN
            EXECUTE band.refresh_sql USING target.w, target.s, target.e, target.n;
        END IF;
    END LOOP;
    RETURN NULL;
END
$$;
CREATE FUNCTION tile_band_refresh(layer text, w float8[], s float8[], e float8[], n float8[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE (SELECT refresh_sql FROM tile_band WHERE layer_id = layer) USING w, s, e, n;
END
$$;
CREATE TRIGGER tile_band_follow_edits AFTER INSERT ON tile_expiry REFERENCING NEW TABLE AS edited
    FOR EACH STATEMENT EXECUTE FUNCTION tile_band_follow_edits();
"""


def upgrade() -> None:
    op.create_table(
        "tile_band",
        sa.Column("layer_id", sa.String(length=80), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("definition", sa.String(length=40), nullable=False),
        sa.Column("colour_field", sa.String(length=80), nullable=True),
        sa.Column("refresh_sql", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("layer_id", name=op.f("pk_tile_band")),
    )
    op.create_table(
        "tile_band_cell",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("layer_id", sa.String(length=80), nullable=False),
        sa.Column("z", sa.SmallInteger(), nullable=False),
        sa.Column("cx", sa.Integer(), nullable=False),
        sa.Column("cy", sa.Integer(), nullable=False),
        sa.Column("colour", sa.Text(), nullable=True),
        sa.Column("n_small", sa.Integer(), nullable=False),
        sa.Column("mx", sa.Float(), nullable=True),
        sa.Column("my", sa.Float(), nullable=True),
        sa.Column("lone_id", sa.BigInteger(), nullable=True),
        sa.Column("n_big", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tile_band_cell")),
    )
    op.create_index("ix_tile_band_cell_layer_id_z_cx_cy", "tile_band_cell", ["layer_id", "z", "cx", "cy"])
    op.create_table(
        "tile_band_group",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("layer_id", sa.String(length=80), nullable=False),
        sa.Column("z", sa.SmallInteger(), nullable=False),
        sa.Column("gx", sa.Integer(), nullable=False),
        sa.Column("gy", sa.Integer(), nullable=False),
        sa.Column("dimension", sa.SmallInteger(), nullable=False),
        sa.Column("colour", sa.Text(), nullable=True),
        sa.Column("ids", postgresql.ARRAY(sa.BigInteger()), nullable=False),
        sa.Column("extent", Geometry(srid=3857, spatial_index=False, from_text="ST_GeomFromEWKT", name="geometry")),
        sa.Column("geom", Geometry(srid=3857, spatial_index=False, from_text="ST_GeomFromEWKT", name="geometry")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tile_band_group")),
    )
    op.create_index("ix_tile_band_group_layer_id_z_gx_gy", "tile_band_group", ["layer_id", "z", "gx", "gy"])
    op.create_index("ix_tile_band_group_extent", "tile_band_group", ["extent"], postgresql_using="gist")
    op.execute(FOLLOW_EDITS)


def downgrade() -> None:
    op.execute("DROP TRIGGER tile_band_follow_edits ON tile_expiry")
    op.execute("DROP FUNCTION tile_band_follow_edits()")
    op.execute("DROP FUNCTION tile_band_refresh(text, float8[], float8[], float8[], float8[])")
    op.drop_table("tile_band_group")
    op.drop_table("tile_band_cell")
    op.drop_table("tile_band")
