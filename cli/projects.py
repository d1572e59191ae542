"""``georeg project retire|restore|shares``: a project leaves the registry's maps and lists (never deleted), or comes
back; the shares of loaded projects still waiting for them are recomputed.

Like every module of ``cli``, this one imports only typer, rich, the standard library and other ``cli`` modules
at the top.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from cli.ingest import Lang, recompute_queued_shares

project_app = typer.Typer(
    help="Dự án: rút khỏi danh mục, khôi phục, tính lại phần theo đơn vị · Projects: retire one (off maps, lists, "
    "progress; kept) or restore it; recompute waiting shares.",
    no_args_is_help=True,
)
console = Console()


@project_app.command("retire")
def retire_command(
    code: str = typer.Argument(help="the project's code, e.g. TV-P3"),
    reason: str = typer.Option(..., help="why: duplicate of another code, dropped by the plan, merged into …"),
) -> None:
    """Retire a project: from now on it is off the maps, lists, progress and reports; its history stays."""
    _change(code, reason)


@project_app.command("shares")
def shares_command(lang: Annotated[Lang, typer.Option(help="the message's language: vi or en")] = Lang.vi) -> None:
    """Recompute the shares in the units (progress per unit) of the projects waiting for them: those of a load run
    with --shares background, or left by a load that stopped."""
    recompute_queued_shares(lang.value, after_a_load=False)


@project_app.command("restore")
def restore_command(code: str = typer.Argument(help="the project's code")) -> None:
    """Undo a project's retirement."""
    _change(code, None)


def _change(code: str, reason: str | None) -> None:
    from geo.db import get_engine, session_scope
    from geo.retirement import RetirementError, project_to_change, restore_project, retire_project

    try:
        with session_scope(get_engine()) as session:
            project = project_to_change(session, code)
            if reason is None:
                restore_project(session, project, "cli")
            else:
                retire_project(session, project, reason, "cli")
    except RetirementError as error:
        console.print(f"[red]Nothing changed:[/red] {error}")
        raise typer.Exit(1) from error
    console.print(f"project {code} {'restored' if reason is None else 'retired'}")
