"""The file a command writes (``--out`` of ``georeg map export`` and ``georeg report annual``) and its refusals: the
folder checked before the work (a sheet or a report takes seconds to draw), the file written whole or not at all,
and why it could not be said in the command's ``--lang`` with what to do (maps.export_refusals.out_refused), not
in the system's English ("[Errno 2] No such file or directory", a traceback).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NoReturn

import typer
from rich.console import Console
from rich.markup import escape

console = Console()


def refuse(nothing: str, said: str, error: BaseException | None = None) -> NoReturn:
    """What was not done (``nothing``: "Không ghi gì:"), then why, and exit code 1; on one line the terminal wraps
    (a path cut by a line break is not copied whole)."""
    console.print(f"[red]{nothing}[/red] {escape(said)}", highlight=False, soft_wrap=True)
    raise typer.Exit(1) from error


def check_folder(out: Path, lang: str, nothing: str) -> None:
    """Refuse an ``out`` whose folder is not there, or is a file, before the work."""
    from maps.export_refusals import refused

    if not out.parent.is_dir():
        key = "not_a_folder" if out.parent.exists() else "no_folder"
        refuse(nothing, refused(key, folder=str(out.parent)).said.text(lang))


def write(out: Path, body: bytes, lang: str, nothing: str) -> None:
    """``body`` into ``out``, through a file beside it that takes its place once written: a disk filling up midway
    leaves the file there as it was, not a report cut short. A refusal is said in ``lang`` after ``nothing``."""
    from maps.export_refusals import out_refused

    part = out.with_name(f".{out.name}.{os.getpid()}.part")
    replacing = False
    try:
        part.write_bytes(body)
        replacing = True
        os.replace(part, out)
    except OSError as error:
        part.unlink(missing_ok=True)
        refuse(nothing, out_refused(out, error, replacing).said.text(lang), error)
