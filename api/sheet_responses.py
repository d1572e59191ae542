"""A printable map, or a table's file (XLSX or CSV), as an HTTP answer: the file, its media type, and a download name
saying what and which day."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from api.params import TABLE_MEDIA, TableFormat
from geo.vietnam_day import vietnam_today
from maps.map_export import MEDIA_TYPES, MapExport, export_map


def sheet_response(http: Request, session: Session, export: MapExport) -> Response:
    """``export`` drawn (maps.map_export) and answered as an attachment named for it."""
    body = export_map(session, export, http.app.state.settings)
    headers = {"Content-Disposition": f'attachment; filename="{export.filename(vietnam_today())}"'}
    return Response(body, media_type=MEDIA_TYPES[export.format], headers=headers)


#: What a table's route answers, for its OpenAPI document.
TABLE_FILES = {200: {"content": {TABLE_MEDIA[TableFormat.xlsx]: {}, "text/csv": {}}}}


def table_response(body: bytes, format: TableFormat, name: str) -> Response:
    """A table's file answered as an attachment ``name``d (/progress's, /status-reports', /changes')."""
    return Response(
        body, media_type=TABLE_MEDIA[format], headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )
