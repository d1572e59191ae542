"""``georeg salinity …`` and ``georeg forest …``: zones and zonal statistics from registered rasters."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

from cli.ingest import Lang

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from geo.models import RasterDataset

salinity_app = typer.Typer(help="Vùng nhiễm mặn theo cấp · Soil-salinity zones by class.", no_args_is_help=True)
forest_app = typer.Typer(help="Độ che phủ rừng theo đơn vị · Forest cover per admin unit.", no_args_is_help=True)
console = Console()
RasterOption = Annotated[
    int, typer.Option("--raster", help="số ảnh raster (georeg ingest TỆP.tif in ra) · raster_dataset id")
]
LangOption = Annotated[Lang, typer.Option(help="ngôn ngữ của câu trả lời · the answer's language: vi or en")]


def _dataset(session: Session, raster_id: int) -> RasterDataset:
    from geo.environment_messages import said
    from geo.models import RasterDataset
    from geo.said import SaidError

    dataset = session.get(RasterDataset, raster_id)
    if dataset is None:
        raise SaidError(said("no_raster", raster=str(raster_id)))
    return dataset


@contextmanager
def _refusals(lang: Lang) -> Iterator[None]:
    """A refusal said in ``lang`` (nothing was changed: the transaction is rolled back), exit code 1."""
    from geo.environment_messages import said
    from geo.said import SaidError

    try:
        yield
    except SaidError as error:
        console.print(f"[red]{escape(error.said.text(lang.value))}[/red]", soft_wrap=True)
        raise typer.Exit(1) from error
    except OSError as error:  # the raster's file missing or unreadable
        console.print(
            f"[red]{escape(said('raster_unreadable', detail=str(error)).text(lang.value))}[/red]", soft_wrap=True
        )
        raise typer.Exit(1) from error


@salinity_app.command("zones")
def salinity_zones(raster: RasterOption, lang: LangOption = Lang.vi) -> None:
    """Vùng theo cấp (ECe dS/m) từ một ảnh độ mặn · Derive the zones by class (ECe dS/m) from a registered salinity
    raster, replacing that raster's zones."""
    from geo.db import get_engine, session_scope
    from geo.environment_messages import said
    from geo.salinity import derive_zones
    from geo.vi_format import local_number

    with _refusals(lang), session_scope(get_engine()) as session:
        dataset = _dataset(session, raster)
        written = derive_zones(session, dataset)
        period = dataset.period or str(dataset.year)
    classes = "; ".join(f"{code}: {local_number(pixels, lang.value, 0)}" for code, pixels in written.items())
    console.print(escape(said("zones_written", period=period, classes=classes).text(lang.value)), soft_wrap=True)


@salinity_app.command("remove")
def salinity_remove(
    job: Annotated[int, typer.Option("--job", help="the ingest job whose zones to remove (georeg ingest prints it)")],
    lang: LangOption = Lang.vi,
) -> None:
    """Remove every zone one salinity load wrote, all or nothing (a file loaded by mistake)."""
    from geo.db import get_engine, session_scope
    from geo.ingest.salinity_removal import remove_salinity_load

    with _refusals(lang), session_scope(get_engine()) as session:
        removed = remove_salinity_load(session, job)
    console.print(removed.text(lang.value), soft_wrap=True)


@forest_app.command("stats")
def forest_stats(
    raster: RasterOption,
    threshold: Annotated[
        float,
        typer.Option(
            help="điểm ảnh là rừng khi giá trị ít nhất bằng số này · a pixel is forest from this value (Hansen: 30)"
        ),
    ] = 1,
    lang: LangOption = Lang.vi,
) -> None:
    """Che phủ rừng của từng đơn vị từ một ảnh rừng · Zonal statistics of a registered forest raster for every unit;
    records the forest-cover indicator."""
    from geo.db import get_engine, session_scope
    from geo.forest_stats_queue import compute_stats

    with _refusals(lang), session_scope(get_engine()) as session:  # a raster whose statistics failed: again
        computed = compute_stats(session, _dataset(session, raster), threshold)
    for line in computed[f"lines_{lang.value}"]:
        console.print(escape(line), soft_wrap=True)


@forest_app.command("demo")
def forest_demo(
    year: Annotated[
        int, typer.Option(help="năm gắn cho ảnh minh họa · the year the demo raster is labelled with")
    ] = 2024,
    lang: LangOption = Lang.vi,
) -> None:
    """Ảnh rừng MINH HỌA · Write the SYNTHETIC demo forest raster (a coastal strip) as a COG, register it (is_demo)
    and compute stats."""
    from geo.db import get_engine, session_scope
    from geo.environment_messages import said
    from geo.forest import compute_unit_stats, register_demo_raster
    from geo.settings import get_settings

    with _refusals(lang), session_scope(get_engine()) as session:
        dataset = register_demo_raster(session, get_settings().raster_dir, year)
        units = compute_unit_stats(session, dataset)
        told = said("demo_registered", raster=str(dataset.id), path=dataset.path, count=units)
    console.print(f"[yellow]{escape(told.text(lang.value))}[/yellow]", soft_wrap=True)
