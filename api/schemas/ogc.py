"""OGC API – Features documents: landing page, conformance, collections (items are GeoJSON, api.schemas.geojson)."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from api.schemas import Schema
from api.schemas.geojson import Feature, FeaturePage, Link


class Landing(Schema):
    title: str
    description: str
    links: list[Link]


class Conformance(Schema):
    conformsTo: list[str]


class CollectionDocument(Schema):
    id: str
    title: str
    description: str
    itemType: str
    extent: dict[str, Any] = Field(description="spatial (bbox, crs) and temporal (interval, trs)")
    crs: list[str]
    storageCrs: str
    links: list[Link]
    geometryType: str | None = Field(None, description="the one geometry type of a collection split by type")


class Collections(Schema):
    links: list[Link]
    collections: list[CollectionDocument]


class Item(Feature):
    links: list[Link]


class JsonSchema(Schema):
    """A JSON Schema document (queryables, or the schema of the features)."""

    schema_: str = Field(alias="$schema")
    id_: str = Field(alias="$id")
    title: str
    type: str
    properties: dict[str, Any]
    required: list[str] | None = Field(None, description="the schema of the features: type, geometry, properties")
    additionalProperties: bool | None = Field(None, description="queryables: false, only these may be filtered on")


class InBothLanguages(Schema):
    vi: str
    en: str


class ItemsPage(FeaturePage):
    """A page of a collection's features; filtered by ``province`` in a units collection, which units it chose."""

    provinceRead: InBothLanguages | None = Field(
        None,
        description="a units collection filtered by province: the units chosen, in Vietnamese and English (a former "
        "province's 2025 communes are those lying mostly in it: province=84 gives communes whose province_code is 86)",
    )
