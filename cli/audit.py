"""``georeg audit``: the audit log's newest entries, who changed what and when (every write of the pages, the API and
the command line is there).

Like every module of ``cli``, this one imports only typer, rich and the standard library at the top.
"""

from __future__ import annotations

import json

import typer
from rich.console import Console
from rich.table import Table

console = Console()


def audit_command(
    account: str | None = typer.Option(None, help="only this account's entries (a username, or cli)"),
    since: str | None = typer.Option(None, help="only from this day (Vietnam): 01/12/2026 or 2026-12-01"),
    limit: int = typer.Option(50, min=1, help="at most this many entries, the newest first"),
) -> None:
    """Nhật ký thay đổi · The audit log: the newest entries first (who, when, what, from where)."""
    from cli.agencies import read_day
    from geo.audit import recent_entries
    from geo.db import get_engine, session_scope
    from geo.vi_format import local_moment

    day = read_day(since) if since else None
    headers = ("lúc\nat", "ai\nwho", "việc\naction", "đối tượng\nwhat", "thay đổi\nchanges", "từ\nfrom")
    table = Table(*headers, title="nhật ký thay đổi · audit log (giờ Việt Nam · Vietnam time)")
    with session_scope(get_engine()) as session:
        for entry in recent_entries(session, actor=account, since=day, limit=limit):
            what = f"{entry.entity} {entry.entity_id or ''}".strip()
            changes = json.dumps(entry.changes, ensure_ascii=False) if entry.changes else (entry.detail or "")
            at = local_moment(entry.at, "vi")
            table.add_row(at, entry.actor, entry.action, what, changes, str(entry.remote_addr or ""))
    if table.row_count:
        console.print(table)
    else:
        console.print("Không có mục nào · No entries")
