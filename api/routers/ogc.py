"""OGC API – Features (Parts 1, 2 and 3 basics) over the layer catalog, under /ogc."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import JSONResponse

from api.deps import SessionDep
from api.paging import GEOJSON, page_links
from layers.catalog import LAYERS, Layer
from layers.crs import CRS84, SUPPORTED, epsg_of, uri_of
from layers.features import ItemsQuery, find_items, get_item
from layers.sources import LayerNotFound, LayerQueryError, find_layer, layer_bounds

router = APIRouter(prefix="/ogc", tags=["OGC API – Features"])

OPENAPI = "application/vnd.oai.openapi+json;version=3.0"
CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
    "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
]
RESERVED = {
    "bbox",
    "bbox-crs",
    "datetime",
    "limit",
    "offset",
    "crs",
    "filter",
    "filter-lang",
    "filter-crs",
    "f",
    "lang",
}


def _link(href: str, rel: str, type_: str = "application/json", title: str | None = None) -> dict[str, str]:
    link = {"href": href, "rel": rel, "type": type_}
    return {**link, "title": title} if title else link


def _layer(collection_id: str) -> Layer:
    try:
        return find_layer(collection_id)
    except LayerNotFound as error:
        raise HTTPException(404, str(error)) from error


@router.get("", summary="Landing page")
def landing(request: Request) -> dict[str, Any]:
    return {
        "title": "georeg — OGC API – Features",
        "description": "Dự án tăng trưởng xanh Bạc Liêu, Trà Vinh / Green-growth projects of Bạc Liêu and Trà Vinh",
        "links": [
            _link(str(request.url_for("landing")), "self"),
            _link(str(request.url_for("openapi")), "service-desc", OPENAPI, "OpenAPI 3.0"),
            _link(str(request.url_for("conformance")), "conformance"),
            _link(str(request.url_for("collections")), "data"),
        ],
    }


@router.get("/conformance", summary="Conformance classes")
def conformance() -> dict[str, list[str]]:
    return {"conformsTo": CONFORMANCE}


@router.get("/openapi", summary="The OpenAPI 3 description of this service")
def openapi(request: Request) -> JSONResponse:
    return JSONResponse(request.app.openapi(), media_type=OPENAPI)


def _collection(request: Request, session: SessionDep, layer: Layer, lang: str) -> dict[str, Any]:
    bounds = layer_bounds(session, layer)
    items = str(request.url_for("items", collection_id=layer.id))
    return {
        "id": layer.id,
        "title": layer.title(lang),
        "description": f"{layer.title_vi} / {layer.title_en}",
        "itemType": "feature",
        "extent": {"spatial": {"bbox": [list(bounds)] if bounds else [[-180, -90, 180, 90]], "crs": CRS84}},
        "crs": list(SUPPORTED),
        "storageCrs": CRS84,
        "links": [
            _link(str(request.url_for("collection", collection_id=layer.id)), "self"),
            _link(items, "items", GEOJSON, layer.title(lang)),
            _link(
                str(request.url_for("queryables", collection_id=layer.id)),
                "http://www.opengis.net/def/rel/ogc/1.0/queryables",
                "application/schema+json",
            ),
            _link(str(request.url_for("tilejson", layer_id=layer.id)), "describedby", "application/json", "TileJSON"),
        ],
    }


@router.get("/collections", summary="The collections: one per catalog layer")
def collections(request: Request, session: SessionDep, lang: str = "vi") -> dict[str, Any]:
    return {
        "links": [_link(str(request.url_for("collections")), "self")],
        "collections": [_collection(request, session, layer, lang) for layer in list(LAYERS.values())],
    }


@router.get("/collections/{collection_id}", summary="One collection")
def collection(collection_id: str, request: Request, session: SessionDep, lang: str = "vi") -> dict[str, Any]:
    return _collection(request, session, _layer(collection_id), lang)


@router.get("/collections/{collection_id}/queryables", summary="Properties usable in filters")
def queryables(collection_id: str, request: Request, lang: str = "vi") -> JSONResponse:
    layer = _layer(collection_id)
    properties = {f.key: {"title": f.vi if lang == "vi" else f.en, "type": f.type} for f in layer.fields}
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": str(request.url),
        "type": "object",
        "title": layer.title(lang),
        "properties": properties,
        "additionalProperties": False,
    }
    return JSONResponse(schema, media_type="application/schema+json")


@router.get("/collections/{collection_id}/items", summary="Features of a collection (GeoJSON)")
def items(
    collection_id: str,
    request: Request,
    session: SessionDep,
    bbox: Annotated[str | None, Query(description="west,south,east,north in CRS84")] = None,
    datetime: Annotated[
        str | None, Query(description="a date or an interval, e.g. 2025-07-01 or 2024-01-01/..")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
    crs: Annotated[str | None, Query(description=f"output CRS, one of: {', '.join(SUPPORTED)}")] = None,
    filter: Annotated[str | None, Query(description="CQL2-text, e.g. kind = 'wind_farm' AND percent > 10")] = None,  # noqa: A002
    filter_lang: Annotated[str, Query(alias="filter-lang")] = "cql2-text",
) -> JSONResponse:
    layer = _layer(collection_id)
    if filter_lang != "cql2-text":
        raise HTTPException(400, f"filter-lang {filter_lang!r} is not supported; use cql2-text")
    query = ItemsQuery(
        bbox=_bbox(bbox),
        datetime=datetime,
        properties={k: v for k, v in request.query_params.items() if k not in RESERVED},
        cql=filter,
        crs=crs,
        limit=limit,
        offset=offset,
    )
    try:
        page = find_items(session, layer, query)
    except LayerQueryError as error:
        raise HTTPException(400, str(error)) from error
    page["links"] = page_links(request, limit, offset, page["numberMatched"])
    return JSONResponse(page, media_type=GEOJSON, headers={"Content-Crs": f"<{uri_of(epsg_of(crs))}>"})


@router.get("/collections/{collection_id}/items/{item_id}", summary="One feature (GeoJSON)")
def item(
    collection_id: str, item_id: int, request: Request, session: SessionDep, crs: str | None = None
) -> JSONResponse:
    layer = _layer(collection_id)
    try:
        found = get_item(session, layer, item_id, crs)
    except LayerQueryError as error:
        raise HTTPException(400, str(error)) from error
    if found is None:
        raise HTTPException(
            404,
            f"No feature {item_id} in {layer.id!r}; list them at {request.url_for('items', collection_id=layer.id)}",
        )
    found["links"] = [
        _link(str(request.url), "self", GEOJSON),
        _link(str(request.url_for("collection", collection_id=layer.id)), "collection"),
    ]
    return JSONResponse(found, media_type=GEOJSON, headers={"Content-Crs": f"<{uri_of(epsg_of(crs))}>"})


def _bbox(value: str | None) -> tuple[float, float, float, float] | None:
    if not value:
        return None
    try:
        numbers = [float(v) for v in value.split(",")]
    except ValueError:
        numbers = []
    if len(numbers) != 4 or numbers[0] > numbers[2] or numbers[1] > numbers[3]:
        raise HTTPException(400, f"bbox {value!r}: give west,south,east,north in degrees, e.g. 105.2,9.0,106.6,10.1")
    return numbers[0], numbers[1], numbers[2], numbers[3]
