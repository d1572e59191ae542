"""``georeg audit``: the audit log's newest entries, who changed what and when (every write of the pages, the API and
the command line is there).

One entry is a block: a line saying when, who, what was done to what and from where, then each changed field on a
line of its own, its value wrapped under it. A table of six columns left the changes a column five characters wide
in an 80-column terminal (trial 56).

Like every module of ``cli``, this one imports only typer, rich and the standard library at the top.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console, Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from cli.backup import LangOrBoth, in_lang
from cli.ingest import Lang

if TYPE_CHECKING:
    from geo.models import AuditLogEntry

#: What the command prints around the entries (vi, en).
WORDS = {
    "title": ("nhật ký thay đổi, mới nhất trước (giờ Việt Nam)", "audit log, newest first (Vietnam time)"),
    "none": ("Không có mục nào", "No entries"),
    "from": ("từ", "from"),
    "detail": ("ghi chú", "detail"),
}


def audit_command(
    account: str | None = typer.Option(
        None,
        help="chỉ các mục của tài khoản này (tên đăng nhập, hoặc cli) · only this account's entries (a username, "
        "or cli)",
    ),
    since: str | None = typer.Option(
        None,
        help="chỉ từ ngày này (giờ Việt Nam): 01/12/2026 hoặc 2026-12-01 · only from this day (Vietnam): 01/12/2026 "
        "or 2026-12-01",
    ),
    limit: int = typer.Option(
        50, min=1, help="nhiều nhất bấy nhiêu mục, mới nhất trước · at most this many entries, the newest first"
    ),
    lang: LangOrBoth = None,
) -> None:
    """Nhật ký thay đổi · The audit log: the newest entries first (who, when, what, from where)."""
    from cli.agencies import read_day
    from geo.audit import recent_entries
    from geo.db import get_engine, session_scope

    console = Console()  # made here: it reads the terminal's width (COLUMNS) when the command runs
    day = read_day(since, lang) if since else None
    with session_scope(get_engine()) as session:
        entries = recent_entries(session, actor=account, since=day, limit=limit)
        blocks = [entry_block(entry, lang) for entry in entries]
    if not blocks:
        console.print(in_lang(*WORDS["none"], lang))
        return
    console.print(in_lang(*WORDS["title"], lang, "\n"), style="bold")
    for block in blocks:
        console.print()
        console.print(block)


def entry_block(entry: AuditLogEntry, lang: Lang | None) -> Group:
    """One entry: "10:48 05/12/2026 · an.nguyen · update · account 12 · từ · from 10.0.0.5", then its changes and
    its detail, indented (its time and words in ``lang``; in Vietnamese and both, without one)."""
    from geo.vi_format import local_moment

    what = f"{entry.entity} {entry.entity_id or ''}".strip()
    heading = [local_moment(entry.at, lang.value if lang else "vi"), entry.actor, entry.action, what]
    if entry.remote_addr:
        heading.append(f"{in_lang(*WORDS['from'], lang)} {entry.remote_addr}")
    changes = Table.grid(padding=(0, 1))
    changes.add_column(style="cyan", max_width=24, overflow="fold")
    changes.add_column(overflow="fold")
    # Text, not markup: a value is what was written ("[null, \"BL.STNMT\"]", a note "[tạm]"), and rich took what
    # looks like "[lowercase…]" for a style and dropped it (a trial read "lead_agency:" with nothing after it)
    for field, value in (entry.changes or {}).items():
        changes.add_row(Text(f"{field}:"), Text(_value(value)))
    if entry.detail:
        changes.add_row(Text(f"{in_lang(*WORDS['detail'], lang)}:"), Text(entry.detail))
    return Group(Text(" · ".join(heading), style="bold"), Padding(changes, (0, 0, 0, 2), expand=False))


def _value(value: Any) -> str:
    """A changed value as written: text as it is, anything else as JSON (numbers, lists, a before/after pair)."""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
