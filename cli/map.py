"""``georeg map export``: a printable map (the projects map or the progress choropleth, PNG or PDF, A4 or A3), or a
unit's page as a standalone HTML file or its map as a PNG, for the yearly report."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

map_app = typer.Typer(help="Bản đồ cho báo cáo năm · Maps for the yearly report.", no_args_is_help=True)
console = Console()


@map_app.command("export")
def export(
    out: Annotated[Path, typer.Option("--out", "-o", help="Output file (.pdf, .png; a unit's page also .html)")],
    what: Annotated[
        str | None, typer.Option(help="map (projects), progress (choropleth); default: unit with --unit, else map")
    ] = None,
    unit: Annotated[str | None, typer.Option(help="A unit's page: its code, e.g. 954 or a 2025 commune code")] = None,
    scheme: Annotated[
        str | None, typer.Option(help="pre2025 or 2025: the boundaries drawn (a unit's, when its code is in both)")
    ] = None,
    format: Annotated[str | None, typer.Option(help="pdf or png; default: from the file's suffix")] = None,
    paper: Annotated[str, typer.Option(help="a4 or a3")] = "a4",
    orientation: Annotated[str, typer.Option(help="landscape or portrait")] = "landscape",
    as_of: Annotated[
        datetime | None, typer.Option("--as-of", formats=["%Y-%m-%d"], help="Statuses as of this date")
    ] = None,
    weight: Annotated[str, typer.Option(help="progress: count, budget or size")] = "count",
    kind: Annotated[list[str] | None, typer.Option(help="Project kind (repeat for more)")] = None,
    status: Annotated[list[str] | None, typer.Option(help="map: project status (repeat for more)")] = None,
    plan: Annotated[list[str] | None, typer.Option(help='Plan code, e.g. "148/QĐ-UBND" (repeat for more)')] = None,
    province: Annotated[list[str] | None, typer.Option(help="map: province code (repeat for more)")] = None,
    bbox: Annotated[
        str | None, typer.Option(help="Print this part: west,south,east,north in degrees (default: the provinces)")
    ] = None,
    salinity: Annotated[
        str | None,
        typer.Option(help='map: draw the salinity zones of this period under the projects ("2025-03", or latest)'),
    ] = None,
    lang: Annotated[str, typer.Option(help="vi or en")] = "vi",
) -> None:
    """Write a printable map (title, as-of date, legend, scale bar, north arrow, source line) to a PDF or PNG file,
    e.g. ``georeg map export --what progress --paper a3 --as-of 2025-06-30 -o progress.pdf``; or, with --unit, the
    unit's page (map, progress, projects, indicators, forest, salinity) to an HTML file, or its map to a PNG."""
    what = what or ("unit" if unit else "map")
    if what == "unit":
        _unit_page(unit, out, scheme, lang)
        return
    from geo.db import get_engine, session_scope
    from geo.progress import ProgressQuery
    from geo.settings import get_settings
    from layers.sources import LayerQueryError
    from maps.map_export import LOWEST_LEVEL, ExportRequestError, MapExport, export_map

    chosen_scheme = scheme or "pre2025"
    filters = {"kind": kind, "status": status, "plan": plan, "province": province}
    request = MapExport(
        what=what,
        format=format or out.suffix.lstrip(".").lower(),
        paper=paper,
        orientation=orientation,
        lang=lang,
        as_of=as_of.date() if as_of else None,
        scheme=chosen_scheme,
        filters={name: values for name, values in filters.items() if values and what == "map"},
        frame=_frame(bbox),
        salinity=salinity,
    )
    if what == "progress" and chosen_scheme in LOWEST_LEVEL:
        level = LOWEST_LEVEL[chosen_scheme]
        request.progress = ProgressQuery(
            scheme=chosen_scheme, level=level, weight=weight, kinds=kind or [], plans=plan or []
        )
    try:
        with session_scope(get_engine()) as session:
            body = export_map(session, request, get_settings())
    except (ExportRequestError, LayerQueryError) as error:
        console.print(f"[red]Nothing written:[/red] {error}")
        raise typer.Exit(1) from error
    out.write_bytes(body)
    written = "Progress map" if what == "progress" else "Project map"
    console.print(f"{written} written to {out} ({request.paper.upper()} {request.orientation}, {len(body):,} bytes)")


def _unit_page(unit: str | None, out: Path, scheme: str | None, lang: str) -> None:
    from geo.db import get_engine, session_scope
    from geo.queries.unit_summary import UnitNotFound, find_unit
    from geo.settings import get_settings
    from maps.assets import inline_assets
    from maps.map_export import export_unit_map
    from maps.pages import unit_page

    fmt = out.suffix.lstrip(".").lower()
    if not unit or fmt not in ("html", "png") or lang not in ("vi", "en"):
        console.print(
            f"[red]Nothing written:[/red] --unit is needed, {out.name} must end in .html or .png and --lang be vi or en"
        )
        raise typer.Exit(1)
    try:
        with session_scope(get_engine()) as session:
            found = find_unit(session, unit, scheme)
            if fmt == "png":
                body = export_unit_map(session, found, lang, get_settings())
            else:
                page = unit_page(session, found, lang, exported=True).get_root().render()
                body = inline_assets(page, get_settings().assets_dir).encode("utf-8")
    except UnitNotFound as error:
        console.print(f"[red]Nothing written:[/red] {error}")
        raise typer.Exit(1) from error
    out.write_bytes(body)
    console.print(f"unit {unit} written to {out}")


def _frame(bbox: str | None) -> tuple[float, float, float, float] | None:
    """``--bbox`` as four degrees; a usage error naming it otherwise."""
    if bbox is None:
        return None
    try:
        west, south, east, north = (float(v) for v in bbox.split(","))
    except ValueError as error:
        raise typer.BadParameter(
            "west,south,east,north in degrees, e.g. 105.6,9.2,105.9,9.4", param_hint="--bbox"
        ) from error
    return west, south, east, north
