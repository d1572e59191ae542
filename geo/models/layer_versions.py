"""A version number per map layer, bumped by every edit that changes what the layer shows."""

from __future__ import annotations

from datetime import datetime

from geoalchemy2 import Geometry
from sqlalchemy import BigInteger, DateTime, Float, Identity, Index, Integer, SmallInteger, String, Text, func
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from geo.models.base import Base


class LayerVersion(Base):
    """Tile and feature caches key their entries by this version, so an edit expires them at once.

    It lives in the database (not in one process's memory) so that every worker serving
    tiles sees the edit, whichever process made it. ``version`` changes when the whole layer may have changed;
    ``edits`` counts the smaller edits whose footprints are in ``tile_expiry`` (only tiles they touch expire).
    """

    __tablename__ = "layer_version"

    layer_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, server_default="1")
    edits: Mapped[int] = mapped_column(BigInteger, server_default="0")
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class TileExpiry(Base):
    """The bounding box (WGS 84) of one footprint of edit number ``edit`` of a layer: its tiles there expire
    (when the edit changed only ``fields`` of feature ``feature_id``: only tiles drawing it whole or showing one of
    them). No box: the feature has no site (a project without one), named for what changed, expiring no tile."""

    __tablename__ = "tile_expiry"
    __table_args__ = (Index("ix_tile_expiry_layer_id_edit", "layer_id", "edit"),)

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    layer_id: Mapped[str] = mapped_column(String(80))
    edit: Mapped[int] = mapped_column(BigInteger)
    west: Mapped[float | None] = mapped_column(Float, nullable=True)
    south: Mapped[float | None] = mapped_column(Float, nullable=True)
    east: Mapped[float | None] = mapped_column(Float, nullable=True)
    north: Mapped[float | None] = mapped_column(Float, nullable=True)
    fields: Mapped[list[str] | None] = mapped_column(ARRAY(String(80)), nullable=True)  # changed fields; NULL: any
    feature_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)  # the feature edited, where known


class TileBand(Base):
    """A layer's precomputed zoom band (layers.tile_bands): built for layer ``version`` by ``definition`` (a hash of
    the SQL), kept in step with footprint edits by the trigger on ``tile_expiry``, which runs ``refresh_sql`` with
    the edits' boxes when they changed geometry or membership (fields NULL) or the ``colour_field``."""

    __tablename__ = "tile_band"

    layer_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger)
    definition: Mapped[str] = mapped_column(String(40))
    colour_field: Mapped[str | None] = mapped_column(String(80), nullable=True)
    refresh_sql: Mapped[str] = mapped_column(Text)


class TileBandCell(Base):
    """The features of a layer whose centre lies in one 4-pixel cell at zoom ``z``, per colour class: the small ones
    merged (count, mean centre, the lone one's id) and the count of the larger ones (for a tile's crowdedness)."""

    __tablename__ = "tile_band_cell"
    __table_args__ = (Index("ix_tile_band_cell_layer_id_z_cx_cy", "layer_id", "z", "cx", "cy"),)

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    layer_id: Mapped[str] = mapped_column(String(80))
    z: Mapped[int] = mapped_column(SmallInteger)
    cx: Mapped[int] = mapped_column(Integer)
    cy: Mapped[int] = mapped_column(Integer)
    colour: Mapped[str | None] = mapped_column(Text, nullable=True)
    n_small: Mapped[int] = mapped_column(Integer)
    mx: Mapped[float | None] = mapped_column(Float, nullable=True)
    my: Mapped[float | None] = mapped_column(Float, nullable=True)
    lone_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    n_big: Mapped[int] = mapped_column(Integer)


class TileBandGroup(Base):
    """The larger features of a layer whose centre lies in one 16-pixel cell at zoom ``z``, per dimension and
    colour class, gathered into one simplified multi-geometry (EPSG:3857), with their ids and extent."""

    __tablename__ = "tile_band_group"
    __table_args__ = (
        Index("ix_tile_band_group_layer_id_z_gx_gy", "layer_id", "z", "gx", "gy"),
        Index("ix_tile_band_group_extent", "extent", postgresql_using="gist"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    layer_id: Mapped[str] = mapped_column(String(80))
    z: Mapped[int] = mapped_column(SmallInteger)
    gx: Mapped[int] = mapped_column(Integer)
    gy: Mapped[int] = mapped_column(Integer)
    dimension: Mapped[int] = mapped_column(SmallInteger)
    colour: Mapped[str | None] = mapped_column(Text, nullable=True)
    ids: Mapped[list[int]] = mapped_column(ARRAY(BigInteger))
    extent = mapped_column(Geometry(srid=3857, spatial_index=False))
    geom = mapped_column(Geometry(srid=3857, spatial_index=False))


class FormerProvinceParts(Base):
    """The former provinces cut to the registry's 2025 ones (geo.former_parts), kept under ``key``: the versions of
    the province layers they were cut from, and what cut them."""

    __tablename__ = "former_province_parts"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    parts: Mapped[list[dict]] = mapped_column(JSONB)
    made_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
