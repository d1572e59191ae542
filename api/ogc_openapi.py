"""The OpenAPI 3.0 description of the OGC API – Features service, one path per collection.

Clients read it to learn what the server filters: GDAL's OAPIF driver (3.6, as QGIS 3.22 uses it) looks up the
path ``/collections/<its id>/items`` relative to the landing page, takes every query parameter named after a
property as a filter it may send, and sends CQL only when ``filter-lang`` lists ``cql-text`` (the draft's name,
accepted here beside ``cql2-text``). Without this, GDAL downloads the whole collection and filters it itself.
"""

from __future__ import annotations

from typing import Any

from layers.collections import Collection
from layers.crs import SUPPORTED

FILTER_LANGS = ("cql2-text", "cql-text", "cql2-json")
MAX_LIMIT = 10_000


def _query(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema}


COMMON = {
    "bbox": _query(
        "bbox",
        "west,south,east,north in bbox-crs (CRS84 by default), axes in that CRS's order",
        {"type": "array", "items": {"type": "number"}, "minItems": 4, "maxItems": 4},
    ),
    "bbox-crs": _query("bbox-crs", "the CRS of bbox", {"type": "string", "enum": list(SUPPORTED)}),
    "datetime": _query("datetime", "a date or an interval, e.g. 2025-07-01 or 2024-01-01/..", {"type": "string"}),
    "limit": _query("limit", "features per page", {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT}),
    "offset": _query("offset", "features to skip", {"type": "integer", "minimum": 0}),
    "after": _query(
        "after", "the features with ids above this one (what a next link carries)", {"type": "integer", "minimum": 0}
    ),
    "crs": _query("crs", "the CRS of the geometries returned", {"type": "string", "enum": list(SUPPORTED)}),
    "filter": _query("filter", "a CQL2-text filter, e.g. start_year >= 2020 AND kind IN ('canal')", {"type": "string"}),
    "filter-lang": _query("filter-lang", "the filter's language", {"type": "string", "enum": list(FILTER_LANGS)}),
    "filter-crs": _query(
        "filter-crs", "the CRS of geometries in the filter", {"type": "string", "enum": list(SUPPORTED)}
    ),
    "resultType": _query("resultType", "hits: only numberMatched", {"type": "string", "enum": ["results", "hits"]}),
}
#: The projects' collections only (the layers with a unit filter): a district's polygon as a CQL2 S_INTERSECTS filter
#: is long, and it also finds a neighbour's projects whose site only touches its border.
UNIT = _query(
    "unit",
    "a former district's (849) or 2025 commune's (29536) code: the projects with a part in it; repeat for several",
    {"type": "array", "items": {"type": "string"}},
)
#: The collections of a layer with a province filter, read as the exports' (layers.sources.filter_sql).
PROVINCE = _query(
    "province",
    "a province's code, former (84) or 2025 (86): the projects stored with it, a 2025 province's with its former "
    "ones' codes too; in a units collection, the units lying in it (a former province's 2025 communes: those lying "
    "mostly in it, said in the answer's provinceRead); repeat for several",
    {"type": "array", "items": {"type": "string"}},
)
#: The projects' collections: "not reported on for N months", as the map, the exports and the tiles read it
#: (layers.sources.filter_sql); no property says it, so GDAL's driver takes it from a collection URL's parameters.
NO_REPORT = _query(
    "no_report_months",
    "the projects not finished (proposed, preparing, under construction, suspended) whose latest report is that "
    "many calendar months old or older, or that have none; counted back from today in Vietnam",
    {"type": "integer", "minimum": 1, "maximum": 600},
)
RESPONSES = {"200": {"description": "OK"}, "400": {"description": "A parameter is invalid; the message says which"}}


def _get(summary: str, parameters: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"get": {"summary": summary, "parameters": parameters or [], "responses": RESPONSES}}


def _property_parameters(collection: Collection) -> list[dict[str, Any]]:
    return [
        _query(
            f.key,
            f"features whose {f.en.lower()} equals this",
            {"type": f.type, **({"format": f.format} if f.format else {})},
        )
        for f in collection.layer.fields
    ]


def openapi_document(base: str, collections: list[Collection]) -> dict[str, Any]:
    """The document for the service whose landing page is ``base``."""
    paths: dict[str, Any] = {
        "/": _get("Landing page"),
        "/conformance": _get("Conformance classes"),
        "/collections": _get("The collections"),
    }
    for collection in collections:
        prefix = f"/collections/{collection.id}"
        paths[prefix] = _get(collection.title("en"))
        paths[f"{prefix}/items"] = _get(
            f"Features of {collection.title('en')}",
            [
                *COMMON.values(),
                *([UNIT] if "unit" in collection.layer.filters else []),
                *([PROVINCE] if "province" in collection.layer.filters else []),
                *([NO_REPORT] if "no_report_months" in collection.layer.filters else []),
                *_property_parameters(collection),
            ],
        )
        item = _query("featureId", "the feature's id", {"type": "integer"}) | {"in": "path", "required": True}
        paths[f"{prefix}/items/{{featureId}}"] = _get(f"One feature of {collection.title('en')}", [item, COMMON["crs"]])
        paths[f"{prefix}/queryables"] = _get("Properties usable in filters (JSON Schema)")
        paths[f"{prefix}/schema"] = _get("The schema of the features (JSON Schema)")
    return {
        "openapi": "3.0.3",
        "info": {"title": "georeg — OGC API – Features", "version": "1.0"},
        "servers": [{"url": base}],
        "paths": paths,
    }
