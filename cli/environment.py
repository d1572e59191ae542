"""``georeg salinity …`` and ``georeg forest …``: zones and zonal statistics from registered rasters."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from geo.models import RasterDataset

salinity_app = typer.Typer(help="Vùng nhiễm mặn theo cấp · Soil-salinity zones by class.", no_args_is_help=True)
forest_app = typer.Typer(help="Độ che phủ rừng theo đơn vị · Forest cover per admin unit.", no_args_is_help=True)
console = Console()
RasterOption = Annotated[int, typer.Option("--raster", help="raster_dataset id (georeg ingest FILE.tif prints it)")]


def _dataset(session: Session, raster_id: int) -> RasterDataset:
    from geo.models import RasterDataset

    dataset = session.get(RasterDataset, raster_id)
    if dataset is None:
        raise ValueError(f"no raster_dataset {raster_id}; register the GeoTIFF with georeg ingest FILE.tif --into …")
    return dataset


@salinity_app.command("zones")
def salinity_zones(raster: RasterOption) -> None:
    """Derive the zones by class (ECe dS/m) from a registered salinity raster, replacing that raster's zones."""
    from geo.db import get_engine, session_scope
    from geo.salinity import SalinityError, derive_zones

    try:
        with session_scope(get_engine()) as session:
            written = derive_zones(session, _dataset(session, raster))
    except (SalinityError, ValueError, OSError) as error:
        console.print(f"[red]No zones written, nothing changed:[/red] {error}")
        raise typer.Exit(1) from error
    console.print(f"zones written per class (pixels): {written}")


@salinity_app.command("remove")
def salinity_remove(
    job: Annotated[int, typer.Option("--job", help="the ingest job whose zones to remove (georeg ingest prints it)")],
    lang: Annotated[str, typer.Option(help="vi or en: the language of the answer")] = "vi",
) -> None:
    """Remove every zone one salinity load wrote, all or nothing (a file loaded by mistake)."""
    from geo.db import get_engine, session_scope
    from geo.ingest.salinity_removal import remove_salinity_load
    from geo.said import SaidError

    try:
        with session_scope(get_engine()) as session:
            removed = remove_salinity_load(session, job)
    except SaidError as error:
        console.print(f"[red]{error.said.text(lang)}[/red]")
        raise typer.Exit(1) from error
    console.print(removed.text(lang))


@forest_app.command("stats")
def forest_stats(
    raster: RasterOption,
    threshold: Annotated[
        float, typer.Option(help="a pixel is forest when its value is at least this (Hansen: 30)")
    ] = 1,
) -> None:
    """Zonal statistics of a registered forest raster for every unit; records the forest-cover indicator."""
    from geo.db import get_engine, session_scope
    from geo.forest import ForestError, compute_unit_stats

    try:
        with session_scope(get_engine()) as session:
            units = compute_unit_stats(session, _dataset(session, raster), threshold)
    except (ForestError, ValueError, OSError) as error:
        console.print(f"[red]No statistics written, nothing changed:[/red] {error}")
        raise typer.Exit(1) from error
    console.print(f"forest statistics for {units} units")


@forest_app.command("demo")
def forest_demo(year: Annotated[int, typer.Option(help="the year the demo raster is labelled with")] = 2024) -> None:
    """Write the SYNTHETIC demo forest raster (a coastal strip) as a COG, register it (is_demo) and compute stats."""
    from geo.db import get_engine, session_scope
    from geo.forest import ForestError, compute_unit_stats, register_demo_raster
    from geo.settings import get_settings

    try:
        with session_scope(get_engine()) as session:
            dataset = register_demo_raster(session, get_settings().raster_dir, year)
            units = compute_unit_stats(session, dataset)
    except (ForestError, OSError) as error:
        console.print(f"[red]No demo raster registered, nothing changed:[/red] {error}")
        raise typer.Exit(1) from error
    console.print(f"[yellow]SYNTHETIC DEMO[/yellow] forest raster {dataset.id} at {dataset.path}; {units} units")
