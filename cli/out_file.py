"""The file a command writes (``--out`` of georeg export, georeg map export and georeg report annual; the archive of
georeg db backup) or reads (georeg ingest's file, georeg db restore's archive), and its refusals: the folder checked
before the work (a sheet or a report takes seconds to draw, a backup minutes), the file written whole or not at all,
and why it could not be written or read said with what to do (maps.export_refusals), in the command's ``--lang`` or,
for a command that says everything in both languages, in Vietnamese then English — not in the system's English
("[Errno 2] No such file or directory", a traceback).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

if TYPE_CHECKING:
    from geo.said import Said, SaidError

console = Console()


def refuse(nothing: str, said: str, error: BaseException | None = None) -> NoReturn:
    """What was not done (``nothing``: "Không ghi gì:"), then why, and exit code 1; on one line the terminal wraps
    (a path cut by a line break is not copied whole)."""
    console.print(f"[red]{nothing}[/red] {escape(said)}", highlight=False, soft_wrap=True)
    raise typer.Exit(1) from error


def _refuse(nothing: str | Said, refusal: SaidError, lang: str | None, error: BaseException | None = None) -> NoReturn:
    """``refusal`` after ``nothing``, in ``lang``; with ``lang`` None (a command without --lang, as georeg db backup)
    in Vietnamese, then in English, ``nothing`` then a Said."""
    if lang is None:
        console.print(f"[red]{nothing.vi}[/red] {escape(refusal.said.vi)}", highlight=False, soft_wrap=True)
        refuse(nothing.en, refusal.said.en, error)
    refuse(nothing, refusal.said.text(lang), error)


def check_folder(out: Path, lang: str | None, nothing: str | Said, option: str = "--out") -> None:
    """Refuse an ``out`` whose folder is not there, is a file or may not be written in, or that is a folder itself,
    before the work."""
    if not out.parent.is_dir() or out.is_dir():
        from maps.export_refusals import file_refused

        key = "is_a_folder" if out.parent.is_dir() else "not_a_folder" if out.parent.exists() else "no_folder"
        _refuse(nothing, file_refused(key, out, option), lang)
    try:  # the system's word: root may not write in /sys, which its permissions would allow
        os.rmdir(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    except OSError as error:
        from maps.export_refusals import out_refused

        _refuse(nothing, out_refused(out, error, option=option), lang, error)


def check_readable(path: Path, lang: str | None, nothing: str | Said, option: str) -> None:
    """Refuse a file to read that the system will not open for the command (one in a folder that is not its user's),
    before the work; typer has said one that is not there, or is a folder."""
    try:
        with path.open("rb"):
            pass
    except OSError as error:
        from maps.export_refusals import read_refused

        _refuse(nothing, read_refused(path, error, option), lang, error)


@contextmanager
def written_beside(out: Path, lang: str | None, nothing: str | Said, option: str = "--out") -> Iterator[Path]:
    """Where to write ``out``: a path of the same name (GDAL's drivers and a shapefile's zip go by its suffix) in a
    folder made beside it at once, so that a folder the command may not write in is said before the work. Once
    written whole it takes the place of ``out``; a disk filling up midway, or any failure, leaves the file there as it
    was. The folder beside is removed whatever happens."""
    check_folder(out, lang, nothing, option)
    beside = out.with_name(f".{out.name}.{os.getpid()}.part")
    replacing = False
    try:
        beside.mkdir()
        yield beside / out.name
        replacing = True
        os.replace(beside / out.name, out)
    except OSError as error:
        from maps.export_refusals import out_refused

        _refuse(nothing, out_refused(out, error, replacing, option), lang, error)
    finally:
        shutil.rmtree(beside, ignore_errors=True)


def write(out: Path, body: bytes, lang: str, nothing: str) -> None:
    """``body`` into ``out``, written beside it (:func:`written_beside`). A refusal is said in ``lang`` after
    ``nothing``."""
    with written_beside(out, lang, nothing) as part:
        part.write_bytes(body)
