"""Links between the pages of a paged collection (the API's projects and ingest jobs, the OGC items)."""

from __future__ import annotations

from fastapi import Request

GEOJSON = "application/geo+json"


def page_links(
    request: Request,
    limit: int,
    offset: int,
    matched: int,
    media_type: str = GEOJSON,
    last_id: int | None = None,
) -> list[dict[str, str]]:
    """``self``, and ``next``/``prev`` where there are more matches. ``offset`` is the position of the page's first
    match. With ``last_id`` (the id of the page's last item, for collections ordered by id), ``next`` carries it as
    ``after`` — the database seeks to it by the id's index instead of reading and skipping ``offset`` rows, so a
    deep page costs what the first does; otherwise, and for ``prev``, the same URL with another ``offset``."""
    hrefs = {"self": request.url}
    if offset + limit < matched:
        if last_id is None:
            hrefs["next"] = request.url.include_query_params(offset=offset + limit)
        else:
            hrefs["next"] = request.url.remove_query_params("offset").include_query_params(after=last_id)
    if offset > 0:
        hrefs["prev"] = request.url.remove_query_params("after").include_query_params(offset=max(0, offset - limit))
    return [{"href": str(href), "rel": rel, "type": media_type} for rel, href in hrefs.items()]
