"""Links between the pages of a paged collection (the API's projects and ingest jobs, the OGC items)."""

from __future__ import annotations

from fastapi import Request

GEOJSON = "application/geo+json"


def page_links(
    request: Request, limit: int, offset: int, matched: int, media_type: str = GEOJSON
) -> list[dict[str, str]]:
    """``self``, and ``next``/``prev`` where there are more matches, as the same URL with another ``offset``."""
    hrefs = {"self": request.url}
    if offset + limit < matched:
        hrefs["next"] = request.url.include_query_params(offset=offset + limit)
    if offset > 0:
        hrefs["prev"] = request.url.include_query_params(offset=max(0, offset - limit))
    return [{"href": str(href), "rel": rel, "type": media_type} for rel, href in hrefs.items()]
