"""A printable map as an HTTP answer: the file, its media type, and a download name saying what and which day."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from geo.vietnam_day import vietnam_today
from maps.map_export import MEDIA_TYPES, MapExport, export_map


def sheet_response(http: Request, session: Session, export: MapExport) -> Response:
    """``export`` drawn (maps.map_export) and answered as an attachment named for it."""
    body = export_map(session, export, http.app.state.settings)
    headers = {"Content-Disposition": f'attachment; filename="{export.filename(vietnam_today())}"'}
    return Response(body, media_type=MEDIA_TYPES[export.format], headers=headers)
