"""``georeg map export``: a unit's page as a standalone HTML file or a PNG, for the yearly report."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

map_app = typer.Typer(help="Maps for the yearly report.", no_args_is_help=True)
console = Console()


@map_app.command("export")
def export(
    unit: Annotated[str, typer.Option(help="Unit code, e.g. 954 (a former district) or a 2025 commune code")],
    out: Annotated[Path, typer.Option(help="Output file: .html (standalone) or .png")],
    scheme: Annotated[str | None, typer.Option(help="pre2025 or 2025, when the code is in both")] = None,
    lang: Annotated[str, typer.Option(help="vi or en")] = "vi",
) -> None:
    """Write the unit's page (map, progress, projects, indicators, forest, salinity) to an HTML or PNG file."""
    from geo.db import get_engine, session_scope
    from geo.queries.unit_summary import UnitNotFound, find_unit
    from geo.settings import get_settings
    from maps.page_export import png_of, standalone_html
    from maps.pages import unit_page

    fmt = out.suffix.lstrip(".").lower()
    if fmt not in ("html", "png") or lang not in ("vi", "en"):
        console.print(f"[red]Nothing written:[/red] {out.name} must end in .html or .png and --lang be vi or en")
        raise typer.Exit(1)
    try:
        with session_scope(get_engine()) as session:
            page = unit_page(session, find_unit(session, unit, scheme), lang, exported=True)
            html = standalone_html(page, get_settings().assets_dir)
    except UnitNotFound as error:
        console.print(f"[red]Nothing written:[/red] {error}")
        raise typer.Exit(1) from error
    if fmt == "png":
        out.write_bytes(png_of(html))
    else:
        out.write_text(html, encoding="utf-8")
    console.print(f"unit {unit} written to {out}")
