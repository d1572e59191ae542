"""Forest cover per admin unit and year (zonal statistics of the registered forest rasters)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.deps import SessionDep
from api.errors import NotFound
from api.params import DEFAULT_SCHEME, SchemeParam, UnitLevel, unit_level
from api.schemas.unit_figures import ForestCover
from geo.forest import latest_dataset, unit_forest
from geo.forest_stats_queue import stats_failed, years_computing
from geo.said import Said

router = APIRouter(prefix="/api/forest", tags=["forest cover"])


@router.get(
    "",
    response_model=ForestCover,
    summary="Forest ha and cover % per admin unit for a year (the dataset says whether it is a demo)",
)
def forest_cover(
    session: SessionDep,
    scheme: SchemeParam = DEFAULT_SCHEME,
    level: Annotated[UnitLevel | None, Query(description="default: district (pre2025) or commune (2025)")] = None,
    year: Annotated[int | None, Query(description="year of the forest raster; the latest if unset")] = None,
) -> dict[str, Any]:
    chosen = unit_level(scheme, level)
    dataset = latest_dataset(session, year)
    failed = stats_failed(session, year)
    if dataset is None:
        vi, en = (f"của năm {year}", f"for {year}") if year else ("nào", "at all")
        none = f"chưa có lớp rừng (raster) {vi} có số liệu thống kê", f"no forest raster with statistics {en}"
        computing = years_computing(session)
        if year in computing if year else computing:  # a raster just loaded: its statistics follow its load
            raise NotFound(Said(f"{none[0]}: số liệu đang được tính", f"{none[1]} yet: they are being computed"))
        if failed:  # not "being computed" for ever (trial 64)
            raise NotFound(Said(f"{none[0]}: {failed[0]['message_vi']}", f"{none[1]}: {failed[0]['message_en']}"))
        raise NotFound(
            Said(
                f"{none[0]}; hãy nạp một lớp ở trang /upload (hoặc chạy georeg forest demo)",
                f"{none[1]}; load one on /upload (or run georeg forest demo)",
            )
        )
    newer = [f for f in failed if f["year"] > dataset.year]  # the latest year's figures are not these (trial 64)
    return unit_forest(session, dataset, scheme.value, chosen) | {"not_computed": newer}
