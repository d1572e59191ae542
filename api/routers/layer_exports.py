"""Layer exports: GET /api/exports/{layer}.{format}, e.g. /api/exports/projects.gpkg?crs=EPSG:9209, or the projects
the web map's filters choose, all of them (/api/exports/projects.geojson?kind=sea_dyke&province=84), as they are or
as of a day (&as_of=2021-06-30: each project's status then); a spreadsheet in the asker's language (&lang=en)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from api.auth import public_read
from api.deps import SessionDep
from api.map_filters import LayerFilters
from api.params import AsOf, LangParam, Language, SheetParam, SpreadsheetSheet
from geo.layer_export import FORMATS, MEDIA_TYPES, SUFFIXES, Exported, exported_to_temporary
from layers.sources import chosen_features, find_layer, provinces_said

router = APIRouter(prefix="/api/exports", tags=["exports"], dependencies=[Depends(public_read)])
LayerFormat = StrEnum("LayerFormat", {fmt: fmt for fmt in FORMATS})
CUT_HEADER = "X-Georeg-Texts-Cut"  # a shapefile's fields whose longer texts it cut, and how many
#: How many texts stored before geo.plain_text's rule a GeoJSON or CSV holds without their characters that are not text.
CLEANED_HEADER = "X-Georeg-Texts-Cleaned"


@router.get(
    "/{layer}.{fmt}",
    summary="Download a layer as GeoPackage, zipped shapefile (UTF-8, .cpg, .prj), GeoJSON, CSV or Excel (xlsx)",
    description="A shapefile holds at most 254 bytes of text a field: the header `X-Georeg-Texts-Cut` names the "
    "fields whose longer texts the zip cuts, with how many (`desc_vi=2, loc_note=11`), and the zip's README.txt names "
    "their projects; a GeoPackage keeps them whole. "
    "The Excel workbook is headed in `lang`, its place names in it, with a sheet `fields` giving each heading's field "
    "code; corrected in Excel, it loads back by code (its headings read as their fields, its columns for reading only "
    "said unread); the other formats have the field codes as their columns, whatever `lang`.",
    response_class=FileResponse,
)
def export(
    layer: str,
    fmt: LayerFormat,
    session: SessionDep,
    filters: LayerFilters,
    crs: Annotated[
        str | None, Query(description="output CRS, e.g. EPSG:9209 (VN-2000 TM-3); WGS 84 by default")
    ] = None,
    as_of: AsOf = None,
    lang: LangParam = Language.vi,
    sheet: SheetParam = SpreadsheetSheet.data,
) -> FileResponse:
    """The filters are the map's (projects only; another layer refuses them, 400); ``as_of`` too (another layer
    refuses it, 422)."""
    chosen = chosen_features(session, find_layer(layer), filters, as_of) if any(filters.values()) else None
    provinces = filters.get("province")  # a units file says which units the filter chose (84: its 2025 communes)
    about = provinces_said(session, find_layer(layer), provinces) if provinces else None
    # a file of every project with a part in its units says them, for its reload (geo.layer_export.EXPORT_UNITS); one
    # filtered otherwise too (a kind, a plan) is not those units' whole inventory
    whole = not any(values for name, values in filters.items() if name not in ("unit", "province"))
    units = list(filters.get("unit") or []) if whole else []
    report = sheet is SpreadsheetSheet.report
    asked = (crs, chosen, as_of, lang.value, report, units, about)
    path, exported = exported_to_temporary(session, layer, fmt.value, *asked)  # ExportRefused: api.errors
    return FileResponse(
        path,
        media_type=MEDIA_TYPES[fmt],
        filename=exported.named(layer, as_of, SUFFIXES[fmt], filters),
        headers=_told(exported),
        background=BackgroundTask(path.unlink, missing_ok=True),
    )


def _told(exported: Exported) -> dict[str, str]:
    """The headers saying what the file holds otherwise than stored: texts a shapefile cut, texts cleaned."""
    told = {CUT_HEADER: ", ".join(f"{f}={len(codes)}" for f, codes in exported.cut.items())} if exported.cut else {}
    return told | ({CLEANED_HEADER: str(len(exported.cleaned))} if exported.cleaned else {})
