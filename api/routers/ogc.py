"""OGC API – Features (Parts 1, 2 and 3) over the layer catalog, under /ogc.

A mixed layer is also served one geometry type per collection (layers.collections). Invalid parameters answer
400 with a message naming the parameter, as Part 1 asks (not FastAPI's 422): the parameters are read here.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse

from api.deps import SessionDep
from api.errors import NotFound, Refused, page_language
from api.ogc_openapi import FILTER_LANGS, MAX_LIMIT, openapi_document
from api.paging import GEOJSON, page_links
from api.params import LangParam, Language
from api.schemas.ogc import CollectionDocument, Collections, Conformance, Item, ItemsPage, JsonSchema, Landing
from geo.said import Said
from geo.vi_format import vi_number
from layers.collections import Collection, collections, find_collection
from layers.crs import CRS84, SUPPORTED, UnsupportedCrs, epsg_of, uri_of
from layers.features import ItemsQuery, extent, find_items, get_item
from maps import ogc_pages

router = APIRouter(prefix="/ogc", tags=["OGC API – Features"])

OPENAPI = "application/vnd.oai.openapi+json;version=3.0"
SCHEMA = "application/schema+json"
CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
    "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
    "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
    "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions-plus",
]
ITEMS_PARAMETERS = {
    "bbox",
    "bbox-crs",
    "datetime",
    "limit",
    "offset",
    "after",
    "unit",
    "province",
    "no_report_months",
    "crs",
    "filter",
    "filter-lang",
    "filter-crs",
    "resultType",
    "f",
    "lang",
}


def _link(href: str, rel: str, type_: str = "application/json", title: str | None = None) -> dict[str, str]:
    link = {"href": href, "rel": rel, "type": type_}
    return {**link, "title": title} if title else link


def _wants_html(request: Request) -> bool:
    """``f=html``, or a browser's Accept header without ``f``; ``f=json`` (or GDAL's and QGIS's Accept) gives JSON."""
    wanted = request.query_params.get("f")
    if wanted not in (None, "json", "html"):
        raise Refused(400, Said(f"f {wanted!r}: hãy dùng f=json hoặc f=html", f"f {wanted!r}: use f=json or f=html"))
    return wanted == "html" or wanted is None and "text/html" in request.headers.get("accept", "")


def _page_urls(request: Request, **more: str) -> dict[str, str]:
    other = "vi" if page_language(request) == "en" else "en"
    return {
        "json": str(request.url.include_query_params(f="json")),
        "other": str(request.url.include_query_params(f="html", lang=other)),
        **more,
    }


def _collection_of(collection_id: str) -> Collection:
    return find_collection(collection_id)


@router.get("", response_model=Landing, response_model_exclude_unset=True, summary="Landing page")
def landing(request: Request) -> Any:
    document = {
        "title": "georeg — OGC API – Features",
        "description": "Dự án tăng trưởng xanh Bạc Liêu, Trà Vinh / Green-growth projects of Bạc Liêu and Trà Vinh",
        "links": [
            _link(str(request.url_for("landing")), "self"),
            _link(str(request.url_for("ogc_openapi")), "service-desc", OPENAPI, "OpenAPI 3.0"),
            _link(str(request.url_for("conformance")), "conformance"),
            _link(str(request.url_for("collections")), "data"),
            _link(str(request.url_for("landing").include_query_params(f="html")), "alternate", "text/html"),
        ],
    }
    if _wants_html(request):
        urls = {
            "collections": str(request.url_for("collections")),
            "conformance": str(request.url_for("conformance")),
            "openapi": str(request.url_for("ogc_openapi")),
        }
        return HTMLResponse(ogc_pages.landing_page(document, page_language(request), _page_urls(request, **urls)))
    return document


@router.get("/conformance", response_model=Conformance, summary="Conformance classes")
def conformance() -> dict[str, list[str]]:
    return {"conformsTo": CONFORMANCE}


@router.get(
    "/openapi", name="ogc_openapi", response_model=dict[str, Any], summary="The OpenAPI 3 description of this service"
)
def openapi(request: Request) -> JSONResponse:
    document = openapi_document(str(request.url_for("landing")), list(collections().values()))
    return JSONResponse(document, media_type=OPENAPI)


def _collection(request: Request, session: SessionDep, collection: Collection, lang: str) -> dict[str, Any]:
    layer = collection.layer
    url = {name: str(request.url_for(name, collection_id=collection.id)) for name in ("items", "queryables", "schema")}
    links = [
        _link(str(request.url_for("collection", collection_id=collection.id)), "self"),
        _link(url["items"], "items", GEOJSON, collection.title(lang)),
        _link(url["queryables"], "http://www.opengis.net/def/rel/ogc/1.0/queryables", SCHEMA),
        _link(url["schema"], "describedby", SCHEMA, "JSON Schema"),
        # GDAL 3.6 (QGIS 3.22) matches the relation case-sensitively as "describedBy"
        _link(url["schema"], "describedBy", SCHEMA, "JSON Schema"),
    ]
    if collection.family is None:
        links.append(_link(str(request.url_for("tilejson", layer_id=layer.id)), "related", title="TileJSON"))
    found = {
        "id": collection.id,
        "title": collection.title(lang),
        "description": f"{collection.title('vi')} / {collection.title('en')}",
        "itemType": "feature",
        "extent": extent(session, collection),
        "crs": list(SUPPORTED),
        "storageCrs": CRS84,
        "links": links,
    }
    if collection.geometry_type:
        found["geometryType"] = collection.geometry_type
    return found


@router.get(
    "/collections",
    name="collections",
    response_model=Collections,
    response_model_exclude_unset=True,
    summary="The collections: one per catalog layer, and one per geometry type of a mixed one",
)
def collections_list(request: Request, session: SessionDep, lang: LangParam = Language.vi) -> Any:
    document = {
        "links": [_link(str(request.url_for("collections")), "self")],
        "collections": [_collection(request, session, c, lang) for c in collections().values()],
    }
    if _wants_html(request):
        return HTMLResponse(ogc_pages.collections_page(document, lang.value, _page_urls(request)))
    return document


@router.get(
    "/collections/{collection_id}",
    response_model=CollectionDocument,
    response_model_exclude_unset=True,
    summary="One collection",
)
def collection(collection_id: str, request: Request, session: SessionDep, lang: LangParam = Language.vi) -> Any:
    found = _collection_of(collection_id)
    document = _collection(request, session, found, lang)
    if _wants_html(request):
        first, _ = find_items(session, found, ItemsQuery(limit=500))
        urls = _page_urls(request, items=str(request.url_for("items", collection_id=found.id)))
        features = {"type": "FeatureCollection", "features": [f for f in first["features"] if f["geometry"]]}
        page = ogc_pages.collection_page(
            document,
            _property_schemas(found, lang),
            first["numberMatched"],
            features,
            lang.value,
            urls,
            found.layer,
        )
        return HTMLResponse(page)
    return document


def _property_schemas(collection: Collection, lang: str) -> dict[str, dict[str, str]]:
    return {
        f.key: {
            "title": f.vi if lang == "vi" else f.en,
            "type": f.type,
            **({"format": f.format} if f.format else {}),
            **({"enum": list(f.choices)} if f.choices else {}),
        }
        for f in collection.layer.fields
    }


def _geometry_schema(collection: Collection) -> dict[str, Any]:
    types = [collection.geometry_type] if collection.geometry_type else ["Point", "LineString", "Polygon"]
    if not collection.geometry_type:
        types += [f"Multi{t}" for t in types]
    one_of = [{"$ref": f"https://geojson.org/schema/{t}.json"} for t in types]
    return {"oneOf": [{"type": "null"}, *one_of]} if collection.may_lack_geometry else {"oneOf": one_of}


@router.get(
    "/collections/{collection_id}/queryables", response_model=JsonSchema, summary="Properties usable in filters"
)
def queryables(collection_id: str, request: Request, lang: LangParam = Language.vi) -> JSONResponse:
    found = _collection_of(collection_id)
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": str(request.url),
        "type": "object",
        "title": found.title(lang),
        "properties": {
            **_property_schemas(found, lang),
            "geometry": {"title": "Geometry", **_geometry_schema(found)},
        },
        "additionalProperties": False,
    }
    return JSONResponse(schema, media_type=SCHEMA)


@router.get(
    "/collections/{collection_id}/schema",
    response_model=JsonSchema,
    summary="The schema of the features (GeoJSON, JSON Schema)",
)
def schema(collection_id: str, request: Request, lang: LangParam = Language.vi) -> JSONResponse:
    """A GeoJSON Feature's schema with each property's type, so GDAL and QGIS type integers, numbers and dates."""
    found = _collection_of(collection_id)
    document = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": str(request.url),
        "title": found.title(lang),
        "type": "object",
        "required": ["type", "geometry", "properties"],
        "properties": {
            "type": {"type": "string", "enum": ["Feature"]},
            "id": {"type": "integer"},
            "geometry": _geometry_schema(found),
            "properties": {"type": "object", "properties": _property_schemas(found, lang)},
        },
    }
    return JSONResponse(document, media_type=SCHEMA)


def _whole_number(request: Request, name: str, default: int, low: int, high: int) -> int:
    value = request.query_params.get(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        number = low - 1
    if not low <= number <= high:
        raise Refused(
            400,
            Said(
                f"{name} {value!r}: hãy cho một số nguyên từ {vi_number(low, 0)} đến {vi_number(high, 0)}",
                f"{name} {value!r}: give a whole number from {low} to {high}",
            ),
        )
    return number


def _bbox(value: str | None) -> tuple[float, float, float, float] | None:
    if not value:
        return None
    try:
        numbers = [float(v) for v in value.split(",")]
    except ValueError:
        numbers = []
    if len(numbers) != 4 or numbers[0] > numbers[2] or numbers[1] > numbers[3]:
        raise Refused(
            400,
            Said(
                f"bbox {value!r}: hãy cho 4 số, góc dưới rồi góc trên, theo thứ tự trục của bbox-crs "
                "(CRS84: tây,nam,đông,bắc, ví dụ 105.2,9.0,106.6,10.1)",
                f"bbox {value!r}: give 4 numbers, the lower corner then the upper one in bbox-crs's axis order "
                "(CRS84: west,south,east,north, e.g. 105.2,9.0,106.6,10.1)",
            ),
        )
    return numbers[0], numbers[1], numbers[2], numbers[3]


def _items_query(request: Request) -> ItemsQuery:
    params = request.query_params
    filter_lang = params.get("filter-lang", "cql2-text")
    if filter_lang not in FILTER_LANGS:
        raise Refused(
            400,
            Said(
                f"filter-lang {filter_lang!r} không được hỗ trợ; hãy dùng cql2-text hoặc cql2-json",
                f"filter-lang {filter_lang!r} is not supported; use cql2-text or cql2-json",
            ),
        )
    result_type = params.get("resultType", "results")
    if result_type not in ("results", "hits"):
        raise Refused(
            400,
            Said(
                f"resultType {result_type!r}: hãy dùng results hoặc hits",
                f"resultType {result_type!r}: use results or hits",
            ),
        )
    return ItemsQuery(
        bbox=_bbox(params.get("bbox")),
        bbox_crs=params.get("bbox-crs"),
        datetime=params.get("datetime"),
        properties={k: v for k, v in params.items() if k not in ITEMS_PARAMETERS},
        cql=params.get("filter"),
        cql_json=filter_lang == "cql2-json",
        filter_crs=params.get("filter-crs"),
        crs=params.get("crs"),
        limit=_whole_number(request, "limit", 100, 1, MAX_LIMIT),
        offset=_whole_number(request, "offset", 0, 0, 10**9),
        after=_whole_number(request, "after", 0, 0, 2**62) if "after" in request.query_params else None,
        units=params.getlist("unit"),
        provinces=params.getlist("province"),
        no_report_months=params.getlist("no_report_months"),
        hits_only=result_type == "hits",
    )


def _content_crs(crs: str | None) -> dict[str, str]:
    try:
        return {"Content-Crs": f"<{uri_of(epsg_of(crs))}>"}
    except UnsupportedCrs as error:
        raise Refused(400, Said(f"crs: {error.said.vi}", f"crs: {error.said.en}")) from error


@router.head("/collections/{collection_id}/items", include_in_schema=False)
@router.get(
    "/collections/{collection_id}/items", response_model=ItemsPage, summary="Features of a collection (GeoJSON)"
)
def items(collection_id: str, request: Request, session: SessionDep) -> Any:
    """Paged features; bbox (bbox-crs), datetime, property=value, CQL2 filter (filter-crs), crs, resultType=hits,
    unit=, province= and no_report_months= as the exports read them (a units collection's page then says which units
    in provinceRead). The parameters are described per collection in /ogc/openapi."""
    found = _collection_of(collection_id)
    query = _items_query(request)
    page, start = find_items(session, found, query)
    matched = 0 if query.hits_only else page["numberMatched"]
    last_id = page["features"][-1]["id"] if page["features"] else None
    page["links"] = page_links(request, query.limit, start, matched, last_id=last_id)
    if _wants_html(request):
        item_url = str(request.url_for("item", collection_id=found.id, item_id="0"))[:-1] + "{id}"
        urls, lang = _page_urls(request, item=item_url), page_language(request)
        return HTMLResponse(ogc_pages.items_page(found.title(lang), page, start, lang, urls, found.layer))
    return JSONResponse(page, media_type=GEOJSON, headers=_content_crs(query.crs))


@router.head("/collections/{collection_id}/items/{item_id}", include_in_schema=False)
@router.get("/collections/{collection_id}/items/{item_id}", response_model=Item, summary="One feature (GeoJSON)")
def item(collection_id: str, item_id: str, request: Request, session: SessionDep) -> Any:
    found = _collection_of(collection_id)
    crs = request.query_params.get("crs")
    if not item_id.isdigit():
        raise NotFound(
            Said(
                f"Không có đối tượng {item_id!r} trong lớp {found.id!r}: mã đối tượng là số nguyên",
                f"No feature {item_id!r} in {found.id!r}: feature ids are whole numbers",
            )
        )
    feature = get_item(session, found, int(item_id), crs)
    if feature is None:
        listed = request.url_for("items", collection_id=found.id)
        raise NotFound(
            Said(
                f"Không có đối tượng {item_id} trong lớp {found.id!r}; xem danh sách tại {listed}",
                f"No feature {item_id} in {found.id!r}; list them at {listed}",
            )
        )
    feature["links"] = [
        _link(str(request.url), "self", GEOJSON),
        _link(str(request.url_for("collection", collection_id=found.id)), "collection"),
    ]
    if _wants_html(request):
        lang = page_language(request)
        return HTMLResponse(ogc_pages.item_page(found.title(lang), feature, found.layer, lang, _page_urls(request)))
    return JSONResponse(feature, media_type=GEOJSON, headers=_content_crs(crs))
