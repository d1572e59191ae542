"""``georeg project retire|restore|shares``: a project leaves the registry's maps and lists (never deleted), or comes
back; the shares of loaded projects still waiting for them are recomputed.

Like every module of ``cli``, this one imports only typer, rich, the standard library and other ``cli`` modules
at the top.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from cli.ingest import Lang, recompute_queued_shares
from cli.typer_words import SaidTyper

project_app = SaidTyper(
    help="Dự án: rút khỏi danh mục, khôi phục, tính lại phần theo đơn vị · Projects: retire one (off maps, lists, "
    "progress; kept) or restore it; recompute waiting shares.",
    no_args_is_help=True,
)
console = Console()
MessageLang = Annotated[
    Lang, typer.Option(help="ngôn ngữ của thông báo: vi hoặc en · the message's language: vi or en")
]


@project_app.command("retire")
def retire_command(
    codes: Annotated[
        list[str],
        typer.Argument(
            help="mã các dự án, vd. TV-P3 (nhiều mã: tất cả hoặc không dự án nào) · the projects' codes, e.g. TV-P3 "
            "(several: all or none)"
        ),
    ],
    reason: str = typer.Option(
        ...,
        help="lý do: trùng mã khác, kế hoạch bỏ, gộp vào … · why: duplicate of another code, dropped by the "
        "plan, merged into …",
    ),
    lang: MessageLang = Lang.vi,
) -> None:
    """Rút dự án khỏi danh mục · Retire projects: from now on they are off the maps, lists, progress and reports;
    their history stays."""
    _change(codes, reason, lang.value)


@project_app.command("shares")
def shares_command(lang: MessageLang = Lang.vi) -> None:
    """Tính lại phần của dự án trong các đơn vị · Recompute the shares in the units (progress per unit) of the
    projects waiting for them: those of a load run with --shares background, or left by a load that stopped."""
    recompute_queued_shares(lang.value, after_a_load=False)


@project_app.command("restore")
def restore_command(
    codes: Annotated[
        list[str],
        typer.Argument(
            help="mã các dự án (nhiều mã: tất cả hoặc không dự án nào) · the projects' codes (several: all or none)"
        ),
    ],
    lang: MessageLang = Lang.vi,
) -> None:
    """Khôi phục dự án đã rút · Undo projects' retirement (those a load retired with --retire-absent, say, listed
    in its job's report)."""
    _change(codes, None, lang.value)


#: What the command says, in each language: nothing changed (an error's message after it), or what it did.
_SAID = {
    "vi": {"refused": "Không có gì thay đổi:", "retired": "đã rút khỏi danh mục", "restored": "đã khôi phục"},
    "en": {"refused": "Nothing changed:", "retired": "retired", "restored": "restored"},
}


def _change(codes: list[str], reason: str | None, lang: str) -> None:
    """Retire (with ``reason``) or restore every project of ``codes`` in one transaction: all, or none when one
    cannot be (a trial restored six projects a click had retired one command, 3.5 s, at a time)."""
    from geo.db import get_engine, session_scope
    from geo.retirement import RetirementError, project_to_change, restore_project, retire_project

    words = _SAID[lang]
    try:
        with session_scope(get_engine()) as session:
            for code in dict.fromkeys(codes):
                project = project_to_change(session, code)
                if reason is None:
                    restore_project(session, project, "cli")
                else:
                    retire_project(session, project, reason, "cli")
    except RetirementError as error:
        console.print(f"[red]{words['refused']}[/red] {escape(error.said.text(lang))}")
        raise typer.Exit(1) from error
    done = words["restored" if reason is None else "retired"]
    console.print(f"{', '.join(dict.fromkeys(codes))}: {done}", markup=False)
