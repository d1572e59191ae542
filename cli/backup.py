"""``georeg db backup`` and ``georeg db restore``: the registry's database and files in one archive, and back.

Like every module of ``cli``, this one imports only typer, rich and the standard library at the top.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from cli.out_file import check_readable, written_beside

console = Console()
#: What a refusal is said after, in each language.
NOTHING_CHANGED = ("Không có gì thay đổi:", "Nothing changed:")


def backup_command(
    file: Annotated[
        Path,
        typer.Argument(help="tệp lưu trữ sẽ ghi · the archive to write, e.g. /srv/backup/georeg-2026-12-05.tar.gz"),
    ],
) -> None:
    """Sao lưu · Back up the database (pg_dump) and the photos, rasters and uploads into one archive FILE."""
    from geo.backup import BackupError, back_up
    from geo.said import Said
    from geo.settings import get_settings
    from geo.vi_format import local_number

    try:  # its folder said before the dump, not in a traceback after it
        with written_beside(file, None, Said(*NOTHING_CHANGED), "FILE") as part:
            manifest = back_up(get_settings(), part)
    except BackupError as error:
        _fail(error)
    size = file.stat().st_size / 1_000_000
    console.print(
        f"Đã sao lưu cơ sở dữ liệu {manifest.database} (lược đồ {', '.join(manifest.revisions)}) và các tệp vào "
        f"{file} ({local_number(size, 'vi', 1)} MB)\nBacked up database {manifest.database} (schema "
        f"{', '.join(manifest.revisions)}) and its files into {file} ({local_number(size, 'en', 1)} MB)",
        highlight=False,
    )


def restore_command(
    file: Annotated[
        Path,
        typer.Argument(
            exists=True, dir_okay=False, help="tệp do georeg db backup tạo · an archive made by georeg db backup"
        ),
    ],
    replace: bool = typer.Option(
        False, help="thay sổ đăng ký đang có · replace the registry the database holds (what was written since is lost)"
    ),
    end_sessions: bool = typer.Option(
        False, help="ngắt các phiên đang kết nối · end the sessions still connected to the database"
    ),
) -> None:
    """Khôi phục · Restore the database and the photos, rasters and uploads from FILE (stop georeg serve first)."""
    from geo.backup import BackupError, restore
    from geo.said import Said
    from geo.settings import get_settings
    from geo.vi_format import local_moment

    check_readable(file, None, Said(*NOTHING_CHANGED), "FILE")
    try:
        restored = restore(get_settings(), file, replace=replace, end_sessions=end_sessions)
    except BackupError as error:
        _fail(error)
    made = restored.manifest.made_at
    console.print(
        f"Đã khôi phục bản sao lưu lúc {local_moment(made, 'vi')} (giờ Việt Nam) từ {file}\n"
        f"Restored the backup made at {local_moment(made, 'en')} (Vietnam time) from {file}",
        highlight=False,
    )
    if restored.migrated:
        console.print("Lược đồ đã được nâng lên phiên bản này · The schema was brought up to this version's")
    if restored.rasters_moved:
        moved = restored.rasters_moved
        console.print(
            f"{moved} lớp raster nay đọc từ thư mục của máy này (GEOREG_RASTER_DIR) · "
            f"{moved} raster(s) now read from this machine's folders (GEOREG_RASTER_DIR)",
            highlight=False,
        )


def _fail(error) -> None:
    """``error`` in both languages, each on lines the terminal wraps (a path cut by a line break is not copied
    whole)."""
    vi, en = NOTHING_CHANGED
    console.print(f"[red]{vi}[/red] {error.vi}\n[red]{en}[/red] {error}", highlight=False, soft_wrap=True)
    raise typer.Exit(1)
