"""TileJSON of the vector layers and the legends of the raster layers."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from api.schemas import Schema


class VectorLayer(Schema):
    id: str
    description: str
    minzoom: int
    maxzoom: int
    fields: dict[str, str] = Field(description="attribute → its label")


class TileJSON(Schema):
    """TileJSON 3.0.0, with the layer's legend."""

    tilejson: str
    name: str
    description: str
    version: str = Field(description="the layer's version token, also in the tile URLs (?v=)")
    scheme: str
    tiles: list[str]
    minzoom: int
    maxzoom: int
    bounds: list[float]
    center: list[float]
    vector_layers: list[VectorLayer]
    legend: dict[str, Any] = Field(description="title, the field coloured by and its colours, in the language asked")
    periods: list[str] | None = Field(
        None,
        description="salinity zones: the periods a tile URL's ?period= takes, oldest first; none for other layers",
    )
    period: str | None = Field(
        None, description="salinity zones: the period the tiles draw (?period=, else the newest by date)"
    )
    style: str = Field(description="the layer's Mapbox GL style (/tiles/{layer}/style.json): QGIS's Style URL")


class MapStyle(Schema):
    """A Mapbox GL style (version 8) of one layer, coloured as the web map: what QGIS loads onto its tiles."""

    version: int = Field(description="8, the style specification's version")
    name: str = Field(description="the layer's title in the language asked")
    sources: dict[str, Any] = Field(description="the layer's tiles, by the URL of their TileJSON")
    layers: list[dict[str, Any]] = Field(
        description="one style layer per class (and geometry type), named with the class's label, in the legend's "
        "order; then the names"
    )


class RasterDataset(Schema):
    id: int
    title: str | None
    year: int | None
    period: str | None
    source: str | None
    is_demo: bool


class RasterClass(Schema):
    min: float | int
    max: float | int | None
    colour: str
    label: str


class RasterLegend(Schema):
    id: str
    title: str
    unit: str | None
    dataset: RasterDataset
    classes: list[RasterClass]
    nodata: str


class DrawnName(Schema):
    label: str
    lon: float
    lat: float


class DrawnNames(Schema):
    """Names the web map writes in a box; ``more`` when the box holds more than were answered."""

    names: list[DrawnName]
    more: bool


class ChosenFeatures(Schema):
    """What the filters choose: what a map cannot draw, and the classes of what it draws (the web map's legend lists
    those only)."""

    matched: int = Field(
        description="how many features the filters choose (as of the date asked), with a geometry or not"
    )
    unlocated: int = Field(description="the features chosen (as of the date asked) that have no geometry")
    drawn: dict[str, list[str]] = Field(
        description="for the layer's colour and outline fields (a project's kind and status), the values among the "
        "features chosen that have a geometry"
    )
