"""A version number per map layer, bumped by every edit that changes what the layer shows."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, Float, Identity, Index, String, func
from sqlalchemy.dialects.postgresql import ARRAY
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
    them)."""

    __tablename__ = "tile_expiry"
    __table_args__ = (Index("ix_tile_expiry_layer_id_edit", "layer_id", "edit"),)

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    layer_id: Mapped[str] = mapped_column(String(80))
    edit: Mapped[int] = mapped_column(BigInteger)
    west: Mapped[float] = mapped_column(Float)
    south: Mapped[float] = mapped_column(Float)
    east: Mapped[float] = mapped_column(Float)
    north: Mapped[float] = mapped_column(Float)
    fields: Mapped[list[str] | None] = mapped_column(ARRAY(String(80)), nullable=True)  # changed fields; NULL: any
    feature_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)  # whose fields changed
