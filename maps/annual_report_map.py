"""The progress choropleth of the yearly report as a PNG for the Word document (drawn with Pillow: a document
carries no script, and drawing a few dozen polygons needs no browser)."""

from __future__ import annotations

import io
import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from shapely.geometry import shape
from sqlalchemy.orm import Session

from geo.annual_report import LEVEL_OF_SCHEME, AnnualReport
from geo.computed_indicators import units_in_province
from geo.progress import ProgressQuery, unit_progress_geojson
from maps.progress_map import CLASSES, NO_DATA_COLOUR, colour_of

WIDTH, HEIGHT, MARGIN, LEGEND = 1200, 900, 20, 260
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
LABELS = ("< 20 %", "20–40 %", "40–60 %", "60–80 %", "80–100 %")


def progress_map_png(session: Session, report: AnnualReport) -> bytes:
    """Units of the report's scheme within the plan's former province, coloured by the plan's mean percent
    complete at the end of the year."""
    query = ProgressQuery(
        scheme=report.scheme, level=LEVEL_OF_SCHEME[report.scheme], as_of=report.year_end, plans=[report.plan["code"]]
    )
    inside = units_in_province(session, report.plan["province_code"], query.scheme, query.level)
    features = [f for f in unit_progress_geojson(session, query)["features"] if f["properties"]["code"] in inside]
    shapes = [(shape(f["geometry"]), colour_of(f["properties"]["progress_percent"])) for f in features]
    west, south, east, north = _bounds([geometry for geometry, _ in shapes])
    squeeze = math.cos(math.radians((south + north) / 2))  # degrees of longitude are shorter than of latitude
    scale = min((WIDTH - LEGEND - 2 * MARGIN) / ((east - west) * squeeze), (HEIGHT - 2 * MARGIN) / (north - south))

    def pixel(lon: float, lat: float) -> tuple[float, float]:
        return MARGIN + (lon - west) * squeeze * scale, MARGIN + (north - lat) * scale

    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    for geometry, colour in shapes:
        for polygon in getattr(geometry, "geoms", [geometry]):
            draw.polygon([pixel(x, y) for x, y in polygon.exterior.coords], fill=colour, outline="#555555")
    _legend(draw)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _bounds(geometries: list) -> tuple[float, float, float, float]:
    boxes = [g.bounds for g in geometries]
    return min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)


def _legend(draw: ImageDraw.ImageDraw) -> None:
    font = ImageFont.truetype(str(FONT), 22) if FONT.exists() else ImageFont.load_default(22)
    left, top = WIDTH - LEGEND + 10, MARGIN
    draw.text((left, top), "Tiến độ bình quân", fill="black", font=font)
    entries = [*zip(LABELS, (colour for _, colour in CLASSES), strict=True), ("Không có dự án", NO_DATA_COLOUR)]
    for index, (label, colour) in enumerate(entries, start=1):
        y = top + index * 36
        draw.rectangle((left, y, left + 28, y + 24), fill=colour, outline="#555555")
        draw.text((left + 38, y), label, fill="black", font=font)
