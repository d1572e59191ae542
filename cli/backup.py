"""``georeg db backup`` and ``georeg db restore``: the registry's database and files in one archive, and back.

Everything they say is in the language of their ``--lang``; without it, in Vietnamese then English
(:data:`LangOrBoth`, :func:`say`: georeg db up's too).

Like every module of ``cli``, this one imports only typer, rich and the standard library at the top.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from cli.ingest import Lang
from cli.out_file import check_readable, written_beside

if TYPE_CHECKING:
    from geo.backup import Files, PutBack
    from geo.said import Said, SaidError

console = Console()
#: What the commands say, in each language (geo.said.fill).
WORDS = {
    "nothing": {"vi": "Không có gì thay đổi:", "en": "Nothing changed:"},
    "backed_up": {
        "vi": "Đã sao lưu cơ sở dữ liệu {database} (lược đồ {revisions}) và các tệp vào {file} ({size} MB)",
        "en": "Backed up database {database} (schema {revisions}) and its files into {file} ({size} MB)",
    },
    "restored": {
        "vi": "Đã khôi phục bản sao lưu lúc {made} (giờ Việt Nam) từ {file}",
        "en": "Restored the backup made at {made} (Vietnam time) from {file}",
    },
    "migrated": {"vi": "Lược đồ đã được nâng lên phiên bản này", "en": "The schema was brought up to this version's"},
    "read_files": {
        "vi": "{what}: {count} tệp ({size} MB) đọc từ {folder}",
        "en": "{what}: {count} file(s) ({size} MB) read from {folder}",
    },
    "brought": {
        "vi": "{what}: {count} tệp của bản sao lưu ({size} MB) trong {folder}",
        "en": "{what}: {count} file(s) of the backup ({size} MB) in {folder}",
    },
    "set_aside": {
        "vi": "{what}: {count} tệp đã có ở đó với nội dung khác bản sao lưu ({size} MB) được chuyển sang {folder}, "
        "không bị xoá: đó là các tệp trước khi khôi phục; hãy chép lại những tệp còn cần, rồi xoá thư mục đó",
        "en": "{what}: {count} file(s) found there with contents other than the backup's ({size} MB) were moved to "
        "{folder}, not deleted: they are the files as they were before the restore; copy back any you still need, "
        "then delete that folder",
    },
    "left": {
        "vi": "{what}: giữ nguyên {count} tệp không có trong bản sao lưu ({size} MB) trong {folder}: của một sổ đăng "
        "ký khác dùng chung thư mục, hoặc ghi sau lần sao lưu; sổ đăng ký đã khôi phục không dùng chúng",
        "en": "{what}: {count} file(s) not in the backup ({size} MB) were left in {folder}: another registry's "
        "sharing the folder, or written after the backup; the restored registry does not use them",
    },
    "uploads_left": {
        "vi": "Các tệp tải lên chưa nạp của cơ sở dữ liệu đã bị thay: giữ nguyên {count} tệp ({size} MB) trong "
        "{folder}; không lần tải lên nào còn trỏ tới chúng: hãy xoá thư mục đó khi không cần nữa",
        "en": "The uploads not yet loaded of the database replaced: {count} file(s) ({size} MB) left in {folder}; "
        "no upload job refers to them any more: delete that folder once you no longer need them",
    },
    "rasters_moved": {
        "vi": "{count} lớp raster nay đọc từ thư mục của máy này (GEOREG_RASTER_DIR)",
        "en": "{count} raster(s) now read from this machine's folders (GEOREG_RASTER_DIR)",
    },
    "rasters_owned": {
        "vi": "{count} tệp raster nay mang tên riêng của sổ đăng ký này trong GEOREG_RASTER_DIR (tên của sổ đăng ký "
        "khác vẫn để nguyên cho nó): gỡ ảnh ở sổ này không xóa tệp của sổ kia",
        "en": "{count} raster file(s) now carry this registry's own name in GEOREG_RASTER_DIR (another registry's "
        "name left to it): a removal in one no longer deletes the other's file",
    },
}
#: --lang of the db commands: without it, everything in both languages (a cron log is read by whoever is on duty).
LangOrBoth = Annotated[
    Lang | None,
    typer.Option(
        help="ngôn ngữ của thông báo: vi hoặc en; không có: tiếng Việt rồi tiếng Anh · the messages' language: vi or "
        "en; without it, Vietnamese then English"
    ),
]


def backup_command(
    file: Annotated[
        Path,
        typer.Argument(help="tệp lưu trữ sẽ ghi · the archive to write, e.g. /srv/backup/georeg-2026-12-05.tar.gz"),
    ],
    lang: LangOrBoth = None,
) -> None:
    """Sao lưu · Back up the database (pg_dump) and the photos, rasters and uploads into one archive FILE."""
    from geo.backup import BackupError, back_up
    from geo.said import fill
    from geo.settings import get_settings

    try:  # its folder said before the dump, not in a traceback after it
        with written_beside(file, _asked(lang), _nothing(lang), "FILE") as part:
            backed_up = back_up(get_settings(), part)
    except BackupError as error:
        fail(error, lang)
    manifest, size = backed_up.manifest, _in_mb(file.stat().st_size)
    revisions = ", ".join(manifest.revisions)
    say(fill(WORDS, "backed_up", database=manifest.database, revisions=revisions, file=file, size=size), lang)
    for files in backed_up.files:
        say(_files_said("read_files", files), lang)


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
    lang: LangOrBoth = None,
) -> None:
    """Khôi phục · Restore the database and the photos, rasters and uploads from FILE (stop georeg serve first)."""
    from geo.backup import BackupError, restore
    from geo.said import Said, fill
    from geo.settings import get_settings
    from geo.vi_format import local_moment

    check_readable(file, _asked(lang), _nothing(lang), "FILE")
    try:
        restored = restore(get_settings(), file, replace=replace, end_sessions=end_sessions)
    except BackupError as error:
        fail(error, lang)
    made = restored.manifest.made_at
    say(fill(WORDS, "restored", made=Said(local_moment(made, "vi"), local_moment(made, "en")), file=file), lang)
    if restored.migrated:
        say(fill(WORDS, "migrated"), lang)
    if restored.rasters_moved:
        say(fill(WORDS, "rasters_moved", count=restored.rasters_moved), lang)
    if restored.rasters_owned:
        say(fill(WORDS, "rasters_owned", count=restored.rasters_owned), lang)
    for put_back in restored.folders:
        _say_put_back(put_back, lang)


def _say_put_back(put_back: PutBack, lang: Lang | None) -> None:
    """What a restore did in one folder: the files it brought, and those it moved aside or left there (a restore
    removes none: geo.backup._put_in_place)."""
    if put_back.replaced_database:
        if put_back.left.count:
            say(_files_said("uploads_left", put_back.left), lang)
        return
    say(_files_said("brought", put_back.brought), lang)
    if put_back.set_aside.count:
        say(_files_said("set_aside", put_back.set_aside), lang, style="yellow")
    if put_back.left.count:
        say(_files_said("left", put_back.left), lang)


def _files_said(key: str, files: Files) -> Said:
    """The line ``key`` of :data:`WORDS` about ``files``: which (the folder's words), how many, how large, where."""
    from geo.backup import FOLDER_WORDS
    from geo.said import Said, fill

    vi, en, _ = FOLDER_WORDS[files.name]
    what = Said(vi[0].upper() + vi[1:], en[0].upper() + en[1:])
    return fill(WORDS, key, what=what, count=files.count, size=_in_mb(files.size_bytes), folder=files.folder)


def _in_mb(size_bytes: int) -> Said:
    from geo.said import Said
    from geo.vi_format import local_number

    size = size_bytes / 1_000_000
    return Said(local_number(size, "vi", 1), local_number(size, "en", 1))


def _asked(lang: Lang | None) -> str | None:
    return lang.value if lang else None


def _nothing(lang: Lang | None) -> str | Said:
    """What a refusal is said after: in ``lang``, or in both languages (cli.out_file says each after its own)."""
    from geo.said import fill

    nothing = fill(WORDS, "nothing")
    return nothing.text(lang.value) if lang else nothing


def say(said: Said, lang: Lang | None, before: Said | None = None, red: bool = False, style: str | None = None) -> None:
    """``said`` in ``lang``, or in Vietnamese then English on a line each; ``before`` it in red (a refusal's "Nothing
    changed:"), or all in ``red`` (or another ``style``: a note in yellow). On lines the terminal wraps: a path cut by
    a line break is not copied whole."""
    for one in (lang.value,) if lang else ("vi", "en"):
        first = f"[red]{escape(before.text(one))}[/red] " if before else ""
        text = f"[red]{escape(said.text(one))}[/red]" if red else escape(said.text(one))
        console.print(f"{first}{text}", highlight=False, soft_wrap=True, style=style)


def in_lang(vi: str, en: str, lang: Lang | None, between: str = " · ") -> str:
    """A word of a table (a heading, a title) in ``lang``; without one, ``vi`` and ``en`` with ``between`` them: a
    table is not printed twice."""
    return {None: f"{vi}{between}{en}", Lang.vi: vi, Lang.en: en}[lang]


def fail(error: SaidError, lang: Lang | None) -> NoReturn:
    """``error`` after "Nothing changed:", exit code 1."""
    from geo.said import fill

    say(error.said, lang, before=fill(WORDS, "nothing"))
    raise typer.Exit(1)
