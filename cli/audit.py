"""``georeg audit``: the audit log's newest entries, who changed what and when (every write of the pages, the API and
the command line is there).

One entry is a block: a line saying when, who, what was done to what and from where, then each changed field on a
line of its own, its value wrapped under it. A table of six columns left the changes a column five characters wide
in an 80-column terminal (trial 56). Values are said as the rest of the command line says them: a change "from → to",
"(trống)" for nothing, numbers and days in the reader's formats (1.234,5 and 05/12/2026 in Vietnamese); ``--json``
prints the entries as stored, for a script.

Like every module of ``cli``, this one imports only typer, rich and the standard library at the top.
"""

from __future__ import annotations

import json
import re
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
    "entry": ("mục", "entry"),
    "empty": ("(trống)", "(empty)"),
    "of": ("của", "of"),
    True: ("có", "yes"),
    False: ("không", "no"),
}
#: The actions whose changes are pairs, what a field was and what it became: an account's update, a load's edit of a
#: project (geo.vocab.RECORD_CHANGED); the others' are the values written.
PAIRED_ACTIONS = frozenset({"update", "load_update"})
#: Whole numbers said as written, not as a quantity (2025, not 2.025): years, versions, ids.
_NOT_A_QUANTITY = re.compile(r"(year|version|id)$")
#: A day or a moment as JSON holds them: "2026-12-05", "2026-12-05T10:48:00+07:00".
_DAY = re.compile(r"\d{4}-\d\d-\d\d")
_MOMENT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)?")


def audit_command(
    account: str | None = typer.Option(
        None,
        help="chỉ các mục tài khoản này làm và các mục về tài khoản này, các mã truy cập của nó (tên đăng nhập); cli: "
        "các mục của dòng lệnh · only what this account did and what was done to it and its tokens (a username); "
        "cli: the command line's entries",
    ),
    since: str | None = typer.Option(
        None,
        help="chỉ từ ngày này (giờ Việt Nam): 01/12/2026 hoặc 2026-12-01 · only from this day (Vietnam): 01/12/2026 "
        "or 2026-12-01",
    ),
    limit: int = typer.Option(
        50, min=1, help="nhiều nhất bấy nhiêu mục, mới nhất trước · at most this many entries, the newest first"
    ),
    as_json: bool = typer.Option(
        False, "--json", help="in các mục dạng JSON, như đã lưu · print the entries as JSON, as stored"
    ),
    lang: LangOrBoth = None,
) -> None:
    """Nhật ký thay đổi · The audit log: the newest entries first (who, when, what, from where)."""
    from cli.agencies import read_day
    from geo.audit import recent_entries, subjects
    from geo.db import get_engine, session_scope

    console = Console()  # made here: it reads the terminal's width (COLUMNS) when the command runs
    day = read_day(since, lang) if since else None
    with session_scope(get_engine()) as session:
        entries = recent_entries(session, actor=account, since=day, limit=limit)
        about = subjects(session, entries)
        if as_json:
            print(json.dumps([_stored(entry, about.get(entry.id)) for entry in entries], ensure_ascii=False, indent=1))
            return
        blocks = [entry_block(entry, about.get(entry.id), lang) for entry in entries]
    if not blocks:
        console.print(in_lang(*WORDS["none"], lang))
        return
    console.print(in_lang(*WORDS["title"], lang, "\n"), style="bold")
    for block in blocks:
        console.print()
        console.print(block)


def entry_block(entry: AuditLogEntry, about: dict[str, Any] | None, lang: Lang | None) -> Group:
    """One entry: "10:48 05/12/2026 · an.nguyen · update · account 12 Trần Văn Đức (duc.tran) · từ · from 10.0.0.5 ·
    mục · entry 731", then its changes and its detail, indented (its time and words in ``lang``; in Vietnamese and
    both, without one). ``about``: whom an entry on an account or a token is about (geo.audit.subjects). The entry's
    number is what a status file's rows name as their import ("tệp tình trạng, lượt nhập 731")."""
    from geo.vi_format import local_moment

    what = f"{entry.entity} {entry.entity_id or ''}".strip()
    if about:
        what += f" {_about_said(about, lang)}"
    heading = [local_moment(entry.at, lang.value if lang else "vi"), entry.actor, entry.action, what]
    if entry.remote_addr:
        heading.append(f"{in_lang(*WORDS['from'], lang)} {entry.remote_addr}")
    heading.append(f"{in_lang(*WORDS['entry'], lang)} {entry.id}")
    changes = Table.grid(padding=(0, 1))
    changes.add_column(style="cyan", max_width=24, overflow="fold")
    changes.add_column(overflow="fold")
    # Text, not markup: a value is what was written ("[null, \"BL.STNMT\"]", a note "[tạm]"), and rich took what
    # looks like "[lowercase…]" for a style and dropped it (a trial read "lead_agency:" with nothing after it)
    paired = entry.action in PAIRED_ACTIONS
    for field, value in (entry.changes or {}).items():
        changes.add_row(Text(f"{field}:"), Text(_change(field, value, lang) if paired else _value(field, value, lang)))
    if entry.detail:
        changes.add_row(Text(f"{in_lang(*WORDS['detail'], lang)}:"), Text(entry.detail))
    return Group(Text(" · ".join(heading), style="bold"), Padding(changes, (0, 0, 0, 2), expand=False))


def _about_said(about: dict[str, Any], lang: Lang | None) -> str:
    """An account as colleagues know it, "Trần Văn Đức (duc.tran)" (its username alone where that is its name); a
    token, "“điện thoại” của · of Trần Văn Đức (duc.tran)"."""
    name, username = about["display_name"], about["username"]
    account = f"{name} ({username})" if name and name != username else username
    if "token_name" not in about:
        return account
    named = f"“{about['token_name']}” " if about["token_name"] else ""
    return f"{named}{in_lang(*WORDS['of'], lang)} {account}"


def _change(field: str, pair: Any, lang: Lang | None) -> str:
    """A field's change, "from → to" (a site's: its shapes, and how far it moved)."""
    if not isinstance(pair, list) or len(pair) < 2:
        return _value(field, pair, lang)
    said = f"{_value(field, pair[0], lang)} → {_value(field, pair[1], lang)}"
    if field == "geom" and len(pair) > 2 and isinstance(pair[2], int | float):
        from geo.vi_format import local_number

        vi, en = (local_number(pair[2], written, 0) for written in ("vi", "en"))
        said += f" ({in_lang(f'dời {vi} m', f'moved {en} m', lang)})"
    return said


def _value(field: str, value: Any, lang: Lang | None) -> str:
    """A value as the command line says it: "(trống)" for nothing, có/không, a number and a day in the reader's
    formats (Vietnamese ones without ``lang``), a list's items between semicolons."""
    number_lang = lang.value if lang else "vi"
    if value is None or value == "" or value == [] or value == {}:
        return in_lang(*WORDS["empty"], lang)
    if isinstance(value, bool):
        return in_lang(*WORDS[value], lang)
    if isinstance(value, int | float):
        from geo.vi_format import local_number

        as_written = isinstance(value, int) and _NOT_A_QUANTITY.search(field)
        return str(value) if as_written else local_number(value, number_lang)
    if isinstance(value, list):
        return "; ".join(_value(field, item, lang) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {_value(key, item, lang)}" for key, item in value.items())
    return _day_said(str(value), number_lang)


def _day_said(text: str, lang: str) -> str:
    """A day or a moment stored as ISO text, in the reader's format; any other text as it is."""
    from geo.vi_format import local_date, local_moment

    if _MOMENT.fullmatch(text):
        return local_moment(text, lang)
    return local_date(text, lang) if _DAY.fullmatch(text) else text


def _stored(entry: AuditLogEntry, about: dict[str, Any] | None) -> dict[str, Any]:
    """An entry as ``--json`` prints it: its members as stored, its moment in ISO 8601, and ``about``: whom an entry on
    an account or a token is about, as the registry holds them now (null for others)."""
    return {
        "at": entry.at.isoformat(),
        "actor": entry.actor,
        "action": entry.action,
        "entity": entry.entity,
        "entity_id": entry.entity_id,
        "remote_addr": str(entry.remote_addr) if entry.remote_addr else None,
        "changes": entry.changes or {},
        "detail": entry.detail,
        "about": about,
    }
