"""``georeg salinity …`` and ``georeg forest …``: zones and zonal statistics from registered rasters."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

from cli.ingest import Lang
from cli.typer_words import SaidTyper

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from geo.models import RasterDataset

salinity_app = SaidTyper(help="Vùng nhiễm mặn theo cấp · Soil-salinity zones by class.", no_args_is_help=True)
forest_app = SaidTyper(help="Độ che phủ rừng theo đơn vị · Forest cover per admin unit.", no_args_is_help=True)
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
    job: Annotated[
        int,
        typer.Option(
            "--job",
            help="số lần nạp có các vùng cần gỡ (georeg ingest in ra) · the ingest job whose zones to remove "
            "(georeg ingest prints it)",
        ),
    ],
    lang: LangOption = Lang.vi,
) -> None:
    """Gỡ các vùng mặn của một lần nạp · Remove every zone one salinity load wrote, all or nothing (a file loaded
    by mistake)."""
    from geo.db import get_engine, session_scope
    from geo.ingest.salinity_removal import remove_salinity_load

    with _refusals(lang), session_scope(get_engine()) as session:
        removed = remove_salinity_load(session, job)
    console.print(escape(removed.text(lang.value)), soft_wrap=True)


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


#: The columns of ``georeg forest list``, and what a raster's figures are, in each language.
_LIST_WORDS = {
    "vi": {
        "title": "Ảnh che phủ rừng đã nạp, năm mới nhất trước",
        "columns": ("số", "năm", "tên", "nạp lúc", "người nạp", "số liệu"),
        "units": "{units} đơn vị",
        "computing": "đang tính",
        "failed": "không tính được",
        "cli": "dòng lệnh",
        "none": "Chưa nạp ảnh che phủ rừng nào.",
    },
    "en": {
        "title": "Forest-cover rasters loaded, the newest year first",
        "columns": ("id", "year", "title", "loaded at", "loaded by", "figures"),
        "units": "{units} units",
        "computing": "being computed",
        "failed": "could not be computed",
        "cli": "command line",
        "none": "No forest-cover raster is loaded.",
    },
}


@forest_app.command("list")
def forest_list(
    year: Annotated[int | None, typer.Option(help="chỉ ảnh của năm này · only the rasters of this year")] = None,
    lang: LangOption = Lang.vi,
) -> None:
    """Các ảnh rừng đã nạp · The forest rasters loaded, with their id (for --raster).

    Năm, tên, lúc nạp, người nạp, số liệu · Their year, title, when and by whom loaded, their units' figures."""
    from rich.table import Table

    from geo.db import get_engine, session_scope
    from geo.forest_rasters import loaded_rasters
    from geo.source_labels import source_label
    from geo.vi_format import local_moment

    words = _LIST_WORDS[lang.value]
    with session_scope(get_engine()) as session:
        rows = loaded_rasters(session, year)
    if not rows:
        console.print(words["none"])
        return
    table = Table(*words["columns"], title=words["title"])
    for row in rows:
        table.add_row(
            str(row["id"]),
            str(row["year"] or "—"),
            escape(source_label(row["title"], lang.value)),
            local_moment(row["loaded_at"], lang.value),
            escape(row["loaded_by"] or words["cli"]),
            _figures(row, words),
        )
    console.print(table)


def _figures(row: dict, words: dict[str, str]) -> str:
    """A listed raster's figures: how many units have one, or that they are computing or could not be computed."""
    if row["failed"] or row["computing"]:
        return words["failed" if row["failed"] else "computing"]
    return words["units"].format(units=row["units"])


@forest_app.command("remove")
def forest_remove(
    raster: Annotated[
        int | None, typer.Option("--raster", help="số ảnh (georeg forest list in ra) · the raster's id")
    ] = None,
    year: Annotated[
        int | None, typer.Option(help="năm, khi năm đó chỉ có một ảnh · the year, when it has one raster only")
    ] = None,
    by: Annotated[
        str | None,
        typer.Option(
            "--by",
            help="tên của bạn (hoặc tài khoản của bạn trong sổ đăng ký), ghi là người gỡ; không có: ghi tài khoản hệ "
            "thống chạy lệnh · your name (or your account in the registry), recorded as who removed it; without it: "
            "the system login running the command",
        ),
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", help="không hỏi xác nhận · do not ask to confirm")] = False,
    lang: LangOption = Lang.vi,
) -> None:
    """Gỡ một ảnh rừng nạp nhầm · Remove a forest raster loaded by mistake, with its figures.

    Tất cả hoặc không gì cả · All or nothing; its file is deleted only if the registry copied it into its raster
    folder (never a file the registry did not write)."""
    from geo.audit import system_login
    from geo.db import get_engine, session_scope
    from geo.forest_rasters import delete_file, raster_to_remove, remove_raster, removers_name, what_is_removed
    from geo.settings import get_settings

    raster_dir = get_settings().raster_dir
    with _refusals(lang), session_scope(get_engine()) as session:
        by = removers_name(by)
        dataset = raster_to_remove(session, raster, year)
        raster, told = dataset.id, what_is_removed(session, dataset, raster_dir)
    console.print(escape(told.text(lang.value)), soft_wrap=True)
    if not yes:
        typer.confirm("Gỡ ảnh này?" if lang == Lang.vi else "Remove this raster?", abort=True)
    with _refusals(lang), session_scope(get_engine()) as session:  # removed by another meanwhile: said so
        removal = remove_raster(session, raster_to_remove(session, raster), raster_dir, by, system_login())
    told = removal.told + ([delete_file(removal.file_to_delete)] if removal.file_to_delete else [])
    for line in told:
        console.print(escape(line.text(lang.value)), soft_wrap=True)
