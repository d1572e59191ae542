"""GeoJSON (RFC 7946) features and collections, and the links of paged answers, as the API returns them."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from api.schemas import Schema


class Link(Schema):
    href: str
    rel: str = Field(description="self, next, prev, alternate, …")
    type: str | None = None
    title: str | None = None


class Geometry(Schema):
    type: str = Field(description="Point, LineString, Polygon or their Multi… forms")
    coordinates: list[Any] = Field(description="longitude, latitude (WGS 84) nested as the type says")


class Feature(Schema):
    type: Literal["Feature"]
    id: int | str | None = None
    geometry: Geometry | None
    properties: dict[str, Any] | None


class FeatureCollection(Schema):
    type: Literal["FeatureCollection"]
    features: list[Feature]


class FeaturePage(FeatureCollection):
    """A page of features: how many match over every page, how many are here, and the links between pages."""

    numberMatched: int
    numberReturned: int
    links: list[Link]


class MapContext(FeatureCollection):
    """What the maps draw under the registry's layers: the sea (``kind`` "sea"), the registry's provinces
    ("province") and their neighbours ("neighbour") with ``code``, ``label`` and ``label_at`` [lon, lat]; on the 2025
    boundaries, the former provinces inside the registry's ("former_part": ``former_code``, the 2025 ``province``,
    ``held`` when the registry holds its units, ``name``, the former province's name, ``label``, ``label_at``); labels
    are plain NFC text, without the no-break spaces the web map writes them with."""

    attribution: str = Field(description="the credit the sea's source asks for")
    land: str = Field(description="the colour of land outside the registry's provinces")
    styles: dict[str, dict[str, Any]] = Field(description="kind → Leaflet path style")
    bbox: list[float] | None = Field(
        description="west, south, east, north of what the context covers (the sea is cut to it); null with no units"
    )
