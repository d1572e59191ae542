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
