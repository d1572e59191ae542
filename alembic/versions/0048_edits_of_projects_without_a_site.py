"""tile_expiry: an edit of a feature without a site names it, without a box

Revision ID: 0048
Revises: 0047

An open page asks which projects changed since its version (geo.queries.projects_changed) by the ids written beside
the edits' footprints; a project without a site has no footprint, so its status reports were counted ("and 1 other
change"), never named. Its edits now write its id with no box (west, south, east and north NULL): no tile expires
for it, and the precomputed zoom bands' trigger leaves such rows out.
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0048"
down_revision: str | None = "0047"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SIDES = ("west", "south", "east", "north")
#: The zoom bands' trigger function (revision s5_i15a), ``{boxed}`` its condition on the rows having a box.
FOLLOW_EDITS = """
CREATE OR REPLACE FUNCTION tile_band_follow_edits() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    target record;
    band record;
BEGIN
    FOR target IN
        SELECT e.layer_id, array_agg(e.west) AS w, array_agg(e.south) AS s, array_agg(e.east) AS e,
               array_agg(e.north) AS n
        FROM edited e JOIN tile_band t ON t.layer_id = e.layer_id
        WHERE (e.fields IS NULL OR t.colour_field = ANY (e.fields)){boxed}
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
"""


def upgrade() -> None:
    for side in SIDES:
        op.alter_column("tile_expiry", side, existing_type=sa.Float(), nullable=True)
    op.execute(FOLLOW_EDITS.format(boxed=" AND e.west IS NOT NULL"))


def downgrade() -> None:
    op.execute("DELETE FROM tile_expiry WHERE west IS NULL")
    for side in SIDES:
        op.alter_column("tile_expiry", side, existing_type=sa.Float(), nullable=False)
    op.execute(FOLLOW_EDITS.format(boxed=""))
