"""Search projects and admin units by name (diacritics and tone placement ignored)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.deps import SessionDep
from api.params import AsOf
from api.schemas.projects import SearchResults
from geo.queries.search import search_places

router = APIRouter(prefix="/api/search", tags=["search"])


@router.get(
    "",
    response_model=SearchResults,
    response_model_exclude_unset=True,
    summary='Projects and units by name: "chau hung" finds "Châu Hưng", "Hoà" and "Hòa" are the same',
)
def search(
    session: SessionDep,
    q: Annotated[str, Query(min_length=1, max_length=200, description="words of the name or code")],
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
    as_of: AsOf = None,
) -> dict[str, Any]:
    """A project's status is today's, or with ``as_of`` that of its last report by then (null before its first),
    as the web map of that day draws it."""
    return {"query": q, "results": search_places(session, q, limit, as_of)}
