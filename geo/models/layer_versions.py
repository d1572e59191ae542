"""A version number per map layer, bumped by every edit that changes what the layer shows."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, String, func
from sqlalchemy.orm import Mapped, mapped_column

from geo.models.base import Base


class LayerVersion(Base):
    """Tile and feature caches key their entries by this version, so an edit expires them at once.

    It lives in the database (not in one process's memory) so that every worker serving
    tiles sees the edit, whichever process made it.
    """

    __tablename__ = "layer_version"

    layer_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, server_default="1")
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
