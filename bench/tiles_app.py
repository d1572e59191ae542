"""The georeg app with the benchmark's synthetic layer registered (uvicorn --factory bench.tiles_app:create_app)."""

from __future__ import annotations

from fastapi import FastAPI

from api.main import create_app as create_georeg_app
from layers.catalog import Field, Layer, register

SYNTHETIC = Layer(
    id="synthetic",
    title_vi="Lớp tổng hợp (benchmark)",
    title_en="Synthetic layer (benchmark)",
    source="SELECT id, geom, geom_3857, kind, status FROM synthetic",
    geometry_kind="any",
    web_mercator=True,
    precomputed=True,
    fields=(Field("kind", "Loại", "Kind"), Field("status", "Tình trạng", "Status")),
    colour_by="kind",
    outline_by="status",
)


def create_app() -> FastAPI:
    register(SYNTHETIC)
    return create_georeg_app()
