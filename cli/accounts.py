"""``georeg account …`` and ``georeg token …``: how an agency gets an account and a token.

Like every module of ``cli``, this one imports only typer, rich and the standard library at the top; each command
imports the registry's modules it needs, so ``georeg`` starts fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from cli.backup import LangOrBoth, fail, in_lang, say
from cli.ingest import Lang
from cli.typer_words import SaidTyper

if TYPE_CHECKING:
    from geo.accounts import AccountSummary
    from geo.models import Account

account_app = SaidTyper(help="Tài khoản của cán bộ các cơ quan · Accounts of agency staff.", no_args_is_help=True)
token_app = SaidTyper(
    help="Mã truy cập (token) · Bearer tokens for the API (stored hashed; shown once).", no_args_is_help=True
)
console = Console()
ROLE_HELP = (
    "vai trò: viewer (xem), editor (cập nhật tiến độ), gis (nạp dữ liệu GIS) hoặc admin (quản trị) · the role: "
    "viewer, editor, gis or admin"
)
Username = Annotated[str, typer.Argument(help="tên đăng nhập, vd. binh.tran · the username, e.g. binh.tran")]


def _say(vi: str, en: str, lang: Lang | None, style: str | None = None) -> None:
    """A message of these commands in ``lang``, or in Vietnamese then English (cli.backup.say)."""
    from geo.said import Said

    say(Said(vi, en), lang, style=style)


@account_app.command("create")
def account_create(
    username: Username,
    role: str = typer.Option(
        ...,
        help=ROLE_HELP,
    ),
    agency: str | None = typer.Option(
        None,
        help="mã cơ quan hiện nay, vd. VL.SNNMT hay CM.SNNMT (georeg agency list liệt kê) · today's agency code, e.g. "
        "VL.SNNMT or CM.SNNMT (georeg agency list, GET /api/agencies lists them)",
    ),
    name: str | None = typer.Option(None, help="tên hiển thị, có dấu · display name, e.g. Trần Văn Bình"),
    unit: Annotated[
        list[str] | None,
        typer.Option(
            help="mã đơn vị (bộ ranh giới nào cũng được) trong phạm vi của tài khoản; lặp lại được · code of a unit "
            "(either scheme) in its jurisdiction; repeat"
        ),
    ] = None,
    kind: Annotated[
        list[str] | None,
        typer.Option(
            help="loại dự án được báo cáo trong các đơn vị đó, vd. sea_dyke; lặp lại được · project kind it may update "
            "in its units, e.g. sea_dyke; repeat"
        ),
    ] = None,
    lang: LangOrBoth = None,
) -> None:
    """Tạo tài khoản · Create an account of an agency with its jurisdiction (units and kinds)."""
    from geo.accounts import AccountError, account_as_created, account_summaries, create_account
    from geo.audit import record
    from geo.db import get_engine, session_scope
    from geo.jurisdiction import projects_said

    unit, kind = unit or [], kind or []
    try:
        with session_scope(get_engine()) as session:
            account = create_account(
                session,
                username,
                role=role,
                agency_code=agency,
                display_name=name,
                unit_codes=unit,
                kinds=kind,
            )
            changes = account_as_created(account, agency, unit)
            record(session, actor="cli", action="create", entity="account", entity_id=account.id, changes=changes)
            summary = account_summaries(session, [account.id])[0]
            reachable = projects_said(session, account)
    except AccountError as error:
        fail(error, lang)
    _say(f"Đã tạo tài khoản {username!r} (số {account.id})", f"account {username!r} created (id {account.id})", lang)
    if summary.agency_ended_on is not None:
        _say_agency_ended(summary, lang)
    _say_reach(account, reachable, summary, lang)


def _say_agency_ended(summary: AccountSummary, lang: Lang | None) -> None:
    """A new account's agency has ended: which holds its duties now, to give the account, or, none recorded, how to
    record one and then give it; unless the account is to record the former agency's past work. With no successor
    it read "ended on 30/06/2025, unless the account is only to record its past work", and no advice (trial s73)."""
    from datetime import timedelta

    from geo.vi_format import vi_date

    agency, ended, now = summary.agency, vi_date(summary.agency_ended_on), summary.agency_now
    if now:
        said = (
            f"Lưu ý: cơ quan {agency} đã kết thúc ngày {ended}; nay là {now}: hãy dùng --agency {now}, trừ khi tài "
            "khoản chỉ để ghi việc cũ của nó",
            f"Note: agency {agency} ended on {ended}; it is now {now}: give --agency {now}, unless the account is only "
            "to record its past work",
        )
    else:
        day = vi_date(summary.agency_ended_on + timedelta(days=1))
        succession = f'georeg agency succession {agency} MÃ --on {day} --source "…"'
        move = f"georeg account update {summary.username} --agency"
        said = (
            f"Lưu ý: cơ quan {agency} đã kết thúc ngày {ended} và chưa ghi cơ quan nào nhận nhiệm vụ của nó. Nếu có, "
            f"hãy ghi lại ({succession}) rồi chuyển tài khoản sang cơ quan đó ({move} MÃ). Chỉ giữ {agency} nếu tài "
            "khoản để ghi việc cũ của nó",
            f"Note: agency {agency} ended on {ended} and no agency is recorded as taking over its duties. If one did, "
            f"record it ({succession.replace('MÃ', 'CODE')}) and move the account to it ({move} CODE). Keep "
            f"{agency} only if the account is to record its past work",
        )
    _say(*said, lang, style="yellow")


@account_app.command("update")
def account_update(
    username: Username,
    role: str | None = typer.Option(
        None,
        help=ROLE_HELP,
    ),
    agency: str | None = typer.Option(
        None,
        help="mã cơ quan hiện nay, vd. VL.SNNMT; không thuộc cơ quan nào: --no-agency · today's agency code, e.g. "
        "VL.SNNMT; --no-agency for none",
    ),
    no_agency: bool = typer.Option(
        False, "--no-agency", help="tài khoản không thuộc cơ quan nào · the account belongs to no agency"
    ),
    name: str | None = typer.Option(None, help="tên hiển thị, có dấu · display name, e.g. Trần Văn Bình"),
    unit: Annotated[
        list[str] | None,
        typer.Option(
            help="mã đơn vị trong phạm vi, thay cho các đơn vị cũ; lặp lại được · code of a unit in its jurisdiction, "
            "replacing the former; repeat"
        ),
    ] = None,
    kind: Annotated[
        list[str] | None,
        typer.Option(
            help="loại dự án, thay cho các loại cũ; lặp lại được · project kind, replacing the former; repeat"
        ),
    ] = None,
    no_jurisdiction: bool = typer.Option(
        False,
        "--no-jurisdiction",
        help="bỏ đơn vị và loại dự án: tài khoản báo cáo dự án của cơ quan mình · no units or kinds: it "
        "reports on its agency's projects",
    ),
    active: bool | None = typer.Option(
        None,
        "--active/--inactive",
        help="--inactive: mã truy cập và đăng nhập của tài khoản ngừng ngay, đến khi --active · --inactive: its "
        "tokens and logins stop working at once, until --active",
    ),
    lang: LangOrBoth = None,
) -> None:
    """Sửa tài khoản · Correct an account (role, agency, name, jurisdiction) or deactivate it; the rest stays."""
    from geo.accounts import AccountError, account_summaries, update_account
    from geo.audit import record
    from geo.db import get_engine, session_scope
    from geo.jurisdiction import projects_said

    asked = {"role": role, "display_name": name, "units": unit or None, "kinds": kind or None, "is_active": active}
    asked = {key: value for key, value in asked.items() if value is not None}
    if agency is not None or no_agency:
        asked["agency"] = None if no_agency else agency
    if no_jurisdiction:
        asked |= {"units": [], "kinds": []}
    try:
        with session_scope(get_engine()) as session:
            account, changes = update_account(session, username, asked)
            if changes:
                record(session, actor="cli", action="update", entity="account", entity_id=account.id, changes=changes)
            reachable = projects_said(session, account)
            summary = account_summaries(session, [account.id])[0]
    except AccountError as error:
        fail(error, lang)
    if not changes:
        _say(f"Tài khoản {username!r} không có gì thay đổi", f"account {username!r}: nothing to change", lang)
        return
    _say(f"Đã sửa tài khoản {username!r}:", f"account {username!r} changed:", lang)
    for field, (was, now) in changes.items():
        named = in_lang(*FIELD_WORDS.get(field, (field, field)), lang)
        told = f"  {named}: {_value_said(was, lang)} → {_value_said(now, lang)}"
        console.print(Text(told), style="green")  # a name as typed, "[tạm] An", is no markup
    if REACH_FIELDS & set(changes):
        _say_reach(account, reachable, summary, lang)


#: An account's fields as a change names them (geo.accounts.ACCOUNT_FIELDS), as the list's headers do.
FIELD_WORDS = {
    "role": ("vai trò", "role"),
    "agency": ("cơ quan", "agency"),
    "display_name": ("tên hiển thị", "display name"),
    "units": ("đơn vị", "units"),
    "kinds": ("loại dự án", "kinds"),
    "is_active": ("đang hoạt động", "active"),
}
#: A changed value that is empty, and a yes or no (vi, en).
VALUE_WORDS = {"empty": ("không có", "none"), True: ("có", "yes"), False: ("không", "no")}


def _value_said(value: object, lang: Lang | None) -> str:
    """An account's field as a change says it in ``lang``: "96; 95", "(không có)" for none, "có" for True (both
    languages without one); the guide promises each change "from what to what", and the command printed Python's
    ``[[], ['96']]``."""
    if isinstance(value, bool):
        return in_lang(*VALUE_WORDS[value], lang)
    if value in (None, "", []):
        return f"({in_lang(*VALUE_WORDS['empty'], lang)})"
    return "; ".join(map(str, value)) if isinstance(value, list) else str(value)


#: The changes to an account that change which projects it reports on.
REACH_FIELDS = {"role", "agency", "units", "kinds"}


def _say_reach(account: Account, reachable: int, summary: AccountSummary, lang: Lang | None) -> None:
    """How many projects the account may report on now (``reachable``: geo.jurisdiction.projects_said); none, for an
    editor or a GIS officer, with what to do: its units and kinds to check when it has them (none of its kinds lies
    in its units), to give when it has none. A plan's reviewer (``summary.reviews``) given neither is told what it
    does: reporting is not its work (trial: the guide's own reviewer, --agency CM.STC, was warned to add units and
    kinds); so is an editor of an agency of yearly reports (``summary.writes_reports``, session 66); and a viewer."""
    from geo.jurisdiction import reach
    from geo.vi_format import local_number

    role = account.role
    if reach(role) == "none":
        _say_viewer(account, reachable, lang)
        return
    reviews = summary.reviews
    if summary.writes_reports and not reviews and not reachable and not account.kinds:
        actions = ", ".join(summary.writes_reports)
        _say(
            f"Tài khoản viết báo cáo hằng năm của các nhiệm vụ {actions} (cơ quan của tài khoản chủ trì) và không "
            "báo cáo tiến độ dự án nào (nếu cần báo cáo cả dự án, hãy thêm --unit và --kind)",
            f"It writes the yearly reports of actions {actions} (its agency leads them) and reports on no project's "
            "progress (to report on projects too, give it --unit and --kind)",
            lang,
        )
        return
    if reviews and not reachable and not account.kinds:
        plans = ", ".join(reviews)
        _say(
            f"Tài khoản xem xét báo cáo hằng năm của kế hoạch {plans} (cơ quan đầu mối) và không báo cáo tiến độ dự án "
            "nào (nếu cần báo cáo cả dự án, hãy thêm --unit và --kind)",
            f"It reviews the yearly reports of plan {plans} (its agency is the focal department) and reports on no "
            "project's progress (to report on projects too, give it --unit and --kind)",
            lang,
        )
        return
    if (
        role == "gis" and not reachable and not account.kinds
    ):  # loading files is its work: reporting an extra (trial 58)
        _say(
            "Tài khoản nạp được mọi tệp GIS (nếu cần báo cáo tiến độ dự án nữa, hãy thêm --unit và --kind)",
            "It may load any GIS file (to report projects' progress too, give it --unit and --kind)",
            lang,
        )
        return
    if role == "gis":  # a GIS officer loads files whatever it may report on: the note is of status reports alone
        _say(
            "Tài khoản nạp được mọi tệp GIS; còn báo cáo tiến độ:",
            "It may load any GIS file; as for status reports:",
            lang,
        )
    if reachable:
        vi, en = local_number(reachable, "vi"), local_number(reachable, "en")
        _say(f"Tài khoản báo cáo được {vi} dự án hiện có", f"it may report on {en} of the registry's projects", lang)
        return
    _say(*(NO_PROJECT_IN_ITS_UNITS if account.kinds else NO_PROJECT), lang, style="yellow")


def _say_viewer(account: Account, checked: int, lang: Lang | None) -> None:
    """What a viewer does: it sends no report; given units and kinds, it checks the flagged reports on the ``checked``
    projects of its kinds within its units (geo.jurisdiction.reviewable_of), none with what to check; else it reads
    only, and how to have it check reports. It was told nothing (trial s71), where an editor is told its projects."""
    from geo.vi_format import local_number

    if not account.kinds:
        _say(*VIEWER_READS, lang)
    elif checked:
        vi, en = local_number(checked, "vi"), local_number(checked, "en")
        _say(VIEWER_CHECKS[0].format(n=vi), VIEWER_CHECKS[1].format(n=en), lang)
    else:
        _say(*VIEWER_CHECKS_NONE, lang, style="yellow")


#: What a viewer does, by whether it has units and kinds and whether any project of its kinds lies in its units.
VIEWER_READS = (
    "Tài khoản chỉ xem: không gửi báo cáo nào (để tài khoản kiểm tra — xác nhận hay bác bỏ — các báo cáo cần kiểm "
    "tra về một số dự án, hãy thêm --unit và --kind của các dự án đó)",
    "It reads only and sends no report (to have it check — confirm or reject — the flagged reports on some projects, "
    "give it those projects' --unit and --kind)",
)
VIEWER_CHECKS = (
    "Tài khoản không gửi báo cáo nào; tài khoản kiểm tra (xác nhận hay bác bỏ) các báo cáo cần kiểm tra về {n} dự án "
    "hiện có thuộc các loại dự án của tài khoản trong các đơn vị của tài khoản",
    "It sends no report; it checks (confirms or rejects) the flagged reports on {n} of the registry's projects, those "
    "of its kinds within its units",
)
VIEWER_CHECKS_NONE = (
    "Lưu ý: tài khoản không gửi báo cáo nào, và chưa kiểm tra được báo cáo nào: không dự án nào thuộc các loại dự án "
    "của tài khoản nằm trong các đơn vị của tài khoản; hãy xem lại --unit và --kind (georeg account update)",
    "Note: it sends no report, and checks none yet: no project of its kinds lies within its units; check its --unit "
    "and --kind (georeg account update)",
)
#: Why a new or changed account reports on no project, by whether it has units and kinds (vi, en).
NO_PROJECT = (
    "Lưu ý: tài khoản chưa báo cáo được dự án nào: không dự án nào do cơ quan của tài khoản (hay cơ quan cũ mà cơ "
    "quan ấy đảm nhận) chủ trì hoặc phối hợp, và tài khoản chưa có đơn vị, loại dự án; hãy thêm --unit và --kind, "
    "hoặc ghi cơ quan chủ trì cho các dự án (nạp cập nhật có cột lead_agency)",
    "Note: it may report on no project yet: none is led or partnered by its agency (or a former one whose duties it "
    "holds), and it has no units and kinds; give it --unit and --kind, or give the projects their lead agency (an "
    "update load with a lead_agency column)",
)
NO_PROJECT_IN_ITS_UNITS = (
    "Lưu ý: tài khoản chưa báo cáo được dự án nào: không dự án nào thuộc các loại dự án của tài khoản nằm trong các "
    "đơn vị của tài khoản, và không dự án nào do cơ quan của tài khoản chủ trì hoặc phối hợp; hãy xem lại --unit và "
    "--kind (georeg account update)",
    "Note: it may report on no project yet: no project of its kinds lies within its units, and none is led or "
    "partnered by its agency; check its --unit and --kind (georeg account update)",
)


#: The account list's headings (vi, en).
LIST_HEADERS = (
    ("tài khoản", "account"),
    ("tên", "name"),
    ("vai trò", "role"),
    ("cơ quan", "agency"),
    ("phạm vi", "jurisdiction"),
)


@account_app.command("list")
def account_list(lang: LangOrBoth = None) -> None:
    """Liệt kê tài khoản · List the accounts: role (and whether inactive), agency (and whether it has ended), units
    and kinds."""
    from geo.accounts import account_summaries
    from geo.db import get_engine, session_scope
    from geo.jurisdiction import reachable_counts
    from geo.queries.units import unit_choices
    from geo.vi_format import vi_date
    from maps.accounts_page import unit_names

    with session_scope(get_engine()) as session:
        accounts = account_summaries(session)
        counts = reachable_counts(session)
        names = unit_names(unit_choices(session), lang.value if lang else "vi")
    # five columns, each header Vietnamese over English, to fit an 80-column terminal: seven, with "vai trò · role" on
    # one line, left the agencies and units a few letters a line
    headers = [in_lang(vi, en, lang, "\n") for vi, en in LIST_HEADERS]
    table = Table(*headers, title=in_lang("tài khoản", "accounts", lang))
    table.columns[0].no_wrap = True  # the username is what is typed at a login: never cut
    for column in table.columns[1:]:  # codes (TV.SNNPTNT beside TV.SNNMT) folded onto the next line, not cut with "…"
        column.overflow = "fold"
    if console.width < 120:  # a narrow terminal's width to the agencies and units
        table.columns[1].max_width = table.columns[2].max_width = 14
    for a in accounts:
        agency = a.agency or "—"
        if a.agency_ended_on is not None:
            ended = in_lang("hết", "ended", lang)
            agency += f" ({ended} {vi_date(a.agency_ended_on)}{f' → {a.agency_now}' if a.agency_now else ''})"
        role = a.role if a.is_active else f"{a.role} ({in_lang('ngừng', 'inactive', lang)})"
        units = "; ".join(f"{code} {names.get(code, '')}".strip() for code in a.units)  # namesakes told apart
        units = _reach_said(a, counts.get(a.username, 0), lang) or units
        kinds = f"; {', '.join(a.kinds)}" if a.kinds else ""
        style = None if a.is_active else "dim"
        # escaped: a name or an agency as typed ("[tạm] Lê Hoa") is no markup
        table.add_row(*map(escape, (a.username, a.display_name or "", role, agency, units + kinds)), style=style)
    console.print(table)


def _reach_said(account: AccountSummary, count: int, lang: Lang | None) -> str | None:
    """What an account reports on when its units do not say it, in the words of /accounts' list (the guide says the
    list writes what the page writes): with no units nor kinds, by its role (an administrator, a viewer), or its
    agency's projects, counted, none for a plan's reviewer, none else with what to do. None: its units say it."""
    from geo.jurisdiction import reach
    from geo.vi_format import local_number
    from maps.accounts_page import LABELS

    words = {one: LABELS[one]["js"] for one in ("vi", "en")}
    if account.units or account.kinds:  # a viewer's: those whose reports it checks
        return None
    if reach(account.role) != "own":
        said = {one: words[one]["reach"][reach(account.role)] for one in words}
    elif count:
        said = {one: words[one]["agency_projects"].replace("{n}", local_number(count, one, 0)) for one in words}
    elif account.reviews:
        said = {one: words[one]["reviews"].replace("{plans}", ", ".join(account.reviews)) for one in words}
    elif account.writes_reports:  # an agency of yearly reports: no units and kinds to give it
        actions = ", ".join(account.writes_reports)
        said = {one: words[one]["writes_reports"].replace("{actions}", actions) for one in words}
    else:
        said = {one: words[one]["no_projects"] for one in words}
    return said[lang.value] if lang else f"({said['vi'].strip('()')} · {said['en'].strip('()')})"


@token_app.command("create")
def token_create(
    username: Username,
    days: float = typer.Option(90, help="số ngày đến khi mã hết hạn · days until the token expires"),
    name: str | None = typer.Option(
        None, help="mã dùng cho việc gì, vd. 'điện thoại anh An' · what the token is for, e.g. 'phone of Mr An'"
    ),
    lang: LangOrBoth = None,
) -> None:
    """Cấp mã truy cập · Create a token for USERNAME and print it once (only its hash is kept)."""
    from geo.accounts import AccountError, create_token, find_account, token_as_recorded
    from geo.audit import record
    from geo.db import get_engine, session_scope
    from geo.vi_format import local_moment

    try:
        with session_scope(get_engine()) as session:
            account = find_account(session, username)
            token, row = create_token(session, account, name=name, days=days)
            changes = token_as_recorded(session, row)
            record(session, actor="cli", action="create", entity="api_token", entity_id=row.id, changes=changes)
    except AccountError as error:
        fail(error, lang)
    _say(
        f"Mã số {row.id}, hết hạn {local_moment(row.expires_at, 'vi')} (giờ Việt Nam); hãy giữ bí mật, mã chỉ hiện "
        "một lần này:",
        f"token id {row.id}, expires {local_moment(row.expires_at, 'en')} (Vietnam time); keep it secret, it is "
        "shown this once:",
        lang,
        style="bold",
    )
    print(token)


@token_app.command("revoke")
def token_revoke(
    token_id: Annotated[int, typer.Argument(help="số của mã (in ra khi cấp) · the token's id (printed when made)")],
    lang: LangOrBoth = None,
) -> None:
    """Thu hồi mã · Revoke a token by its id (printed when it was created)."""
    from geo.accounts import AccountError, revoke_token, token_as_recorded
    from geo.audit import record
    from geo.db import get_engine, session_scope

    try:
        with session_scope(get_engine()) as session:
            row = revoke_token(session, token_id)
            changes = token_as_recorded(session, row)
            record(session, actor="cli", action="revoke", entity="api_token", entity_id=row.id, changes=changes)
    except AccountError as error:
        fail(error, lang)
    _say(f"Đã thu hồi mã số {token_id}", f"token {token_id} revoked", lang)


#: The token list's headings (vi, en).
TOKEN_HEADERS = (
    ("số", "id"),
    ("tên", "name"),
    ("hết hạn", "expires"),
    ("thu hồi", "revoked"),
    ("dùng lần cuối", "last used"),
)


@token_app.command("list")
def token_list(username: Username, lang: LangOrBoth = None) -> None:
    """Liệt kê mã · List USERNAME's tokens (ids, names, expiry, revocation, last use; never the tokens themselves)."""
    from geo.accounts import AccountError, find_account, tokens_of
    from geo.db import get_engine, session_scope
    from geo.vi_format import local_moment

    try:
        with session_scope(get_engine()) as session:
            rows = tokens_of(session, find_account(session, username))
    except AccountError as error:
        fail(error, lang)
    headers = [in_lang(vi, en, lang, "\n") for vi, en in TOKEN_HEADERS]
    title = (
        f"{in_lang('mã truy cập của', 'tokens of', lang)} {username} ({in_lang('giờ Việt Nam', 'Vietnam time', lang)})"
    )
    table = Table(*headers, title=title)
    for row in rows:
        when = [
            local_moment(t, lang.value if lang else "vi") for t in (row.expires_at, row.revoked_at, row.last_used_at)
        ]
        table.add_row(str(row.id), escape(row.name or ""), *when)  # a name as typed: "điện thoại [cũ]"
    console.print(table)
