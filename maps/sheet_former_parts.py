"""The former provinces inside a 2025 province on a printed sheet of the 2025 boundaries, as the web map draws them
(maps.context's "former_part" features): each outlined dashed and named ("Cà Mau cũ"), the parts whose communes the
registry does not hold hatched, and said so in the legend in the web map's words.

A sheet of Cà Mau (96) was framed on former Bạc Liêu's communes: former Cà Mau, the larger part of the province, was
cut at the sheet's edge, white, unnamed, and a Committee member read the figures as the whole province's (trial 68).
"""

from __future__ import annotations

from collections.abc import Collection

import geopandas as gpd
import numpy as np
from shapely.geometry import Point, box
from shapely.geometry.base import BaseGeometry

from maps.context import STYLES
from maps.map_sheet import LegendRow, Sheet
from maps.sheet_areas import draw_areas
from maps.texts import FORMER_PART, MAP_TEXT, PAGE_TEXT

#: The parts with no communes in the registry: hatched the other way from the progress sheet's units with no projects
#: ("////" over grey), over the province's white, so that the two differ in a grey print too.
UNHELD_HATCH = "\\\\\\"
UNHELD_HATCH_COLOUR = "#b3a69d"
OUTLINE_COLOUR = STYLES["former_part"]["color"]
NAME_COLOUR = "#5d4d43"  # as the web map writes them (web_map.css .georeg-name.former_part)
NAME_SIZE = 9.0
PLACES_MM = 3.0  # how far apart the places tried for a held part's name are on the sheet
#: Under the units' fills and lines, over the provinces' white (maps.map_export._draw_context: 0.1–0.3).
HATCH_ZORDER, OUTLINE_ZORDER = 1.0, 4.6
DASHES = (0, (4, 2.5))
OUTLINE_WIDTH = 1.2
TEXT = {
    "vi": {
        "figures_held": "Số liệu của các xã, phường của {held}; sổ đăng ký chưa có xã, phường của {others} (phần gạch "
        "chéo)",
    },
    "en": {
        "figures_held": "Figures of the communes of {held} only; the registry holds no communes of {others} (hatched)",
    },
}


def former_parts(context: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The former provinces inside the registry's 2025 ones, among a sheet's ``context`` (none on the former
    boundaries)."""
    if "kind" not in context or "held" not in context:
        return context.iloc[0:0]
    parts = context[context["kind"] == "former_part"].copy()
    parts["held"] = parts["held"].astype(bool)
    return parts


def parts_of(parts: gpd.GeoDataFrame, provinces: Collection[str]) -> gpd.GeoDataFrame:
    """The former parts of the 2025 ``provinces`` chosen (none for a former province's code): a sheet of one is framed
    on all of them."""
    return parts[parts["province"].isin(list(provinces))] if len(parts) and provinces else parts.iloc[0:0]


def draw_former_parts(sheet: Sheet, parts: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The parts with no communes in the registry hatched, every part's boundary dashed; the parts in the sheet's
    frame."""
    if not len(parts):
        return parts
    unheld = parts[~parts["held"]]
    if len(unheld):
        draw_areas(
            sheet.map_axes,
            unheld,
            facecolor="none",
            edgecolor=UNHELD_HATCH_COLOUR,
            hatch=UNHELD_HATCH,
            linewidth=0,
            zorder=HATCH_ZORDER,
        )
    draw_areas(
        sheet.map_axes,
        parts,
        facecolor="none",
        edgecolor=OUTLINE_COLOUR,
        linewidth=sheet.pt(OUTLINE_WIDTH),
        linestyle=DASHES,
        zorder=OUTLINE_ZORDER,
    )
    (west, east), (south, north) = sheet.map_axes.get_xlim(), sheet.map_axes.get_ylim()
    return parts[parts.intersects(box(west, south, east, north))]


def name_former_parts(sheet: Sheet, parts: gpd.GeoDataFrame, per_mm: float, held: bool) -> None:
    """Each part's name ("Cà Mau cũ", "former Cà Mau") inside it: the parts with no units in the registry (``held``
    false) at their inside point, before the units' names, as the web map gives them their own room; those it holds
    (``held``) after the units', nearest their inside point where no name is ("Bạc Liêu cũ" written first took a
    commune's room, and the commune's name and figure became a number)."""
    if not len(parts):
        return
    for _, part in parts[parts["held"] == held].iterrows():
        for at in _places(part.geometry, per_mm) if held else [part.geometry.representative_point()]:
            if sheet.label(at.x, at.y, part["label"], NAME_SIZE, per_mm, color=NAME_COLOUR, fontstyle="italic"):
                break


def _places(part: BaseGeometry, per_mm: float) -> list[Point]:
    """Points inside ``part`` every few millimetres of the sheet, its inside point first, then nearest it first."""
    at = part.representative_point()
    west, south, east, north = part.bounds
    step = PLACES_MM * per_mm
    grid = (Point(x, y) for x in np.arange(west, east, step) for y in np.arange(south, north, step))
    return [at, *sorted((p for p in grid if part.contains(p)), key=at.distance)]


def outline_rows(shown: gpd.GeoDataFrame, lang: str) -> list[LegendRow]:
    """The legend's row of the dashed boundary of the parts ``shown`` (draw_former_parts), in the web map's words."""
    if not len(shown):
        return []
    label = MAP_TEXT[lang]["former_parts"]
    return [LegendRow(label, "outline", colour=OUTLINE_COLOUR, linestyle=DASHES, linewidth=OUTLINE_WIDTH)]


def hatched_in(shown: gpd.GeoDataFrame) -> bool:
    """Whether some of the parts ``shown`` (draw_former_parts) are hatched: the registry holds none of their units."""
    return bool(len(shown)) and not shown["held"].all()


def uncovered_row(lang: str, level: str, hatched: bool) -> LegendRow:
    """The parts of a 2025 province with no units of ``level`` in the registry, as the web map's legend says it:
    hatched where the former parts are drawn, else white."""
    label = MAP_TEXT[lang]["progress_uncovered"].format(level=level)
    hatch = {"hatch": UNHELD_HATCH, "hatch_colour": UNHELD_HATCH_COLOUR} if hatched else {}
    return LegendRow(label, "patch", colour="#ffffff", edge="#555555", **hatch)


def held_only_said(parts: gpd.GeoDataFrame, lang: str, progress: bool) -> str | None:
    """Under the title of a sheet of 2025 provinces (their ``parts``) of which the registry holds some former ones:
    that its figures are those of the communes held ("Số liệu của các xã, phường của Bạc Liêu cũ; …"), or on a
    projects sheet that its projects are (as the unit's page says it); None when it holds them all."""
    held = list(dict.fromkeys(parts.loc[parts["held"], "name"])) if len(parts) else []
    others = list(dict.fromkeys(parts.loc[~parts["held"], "name"])) if len(parts) else []
    if not (held and others):
        return None
    if not progress:
        return PAGE_TEXT[lang]["registry_part"].format(covered=", ".join(held), others=", ".join(others))
    former = FORMER_PART[lang]
    named = {
        key: ", ".join(former.format(name=name) for name in names)
        for key, names in (("held", held), ("others", others))
    }
    return TEXT[lang]["figures_held"].format(**named)
