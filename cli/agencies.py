"""``georeg agency …``: the agencies over time. The 2025 mergers come with the sample data
(``data/agencies/changes-2025.yaml``), some of their successions marked uncertain; an administrator confirms or
corrects one, and adds an agency the data do not hold.

Like every module of ``cli``, this one imports only typer, rich and the standard library at the top.
"""

from __future__ import annotations

from datetime import date

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from cli.accounts import _say
from cli.backup import LangOrBoth, fail, in_lang
from cli.ingest import Lang
from cli.typer_words import SaidTyper

agency_app = SaidTyper(
    help="Cơ quan theo thời gian · Agencies over time: list them, record who took over from whom, add one.",
    no_args_is_help=True,
)
console = Console()


#: The agency list's headings (vi, en).
LIST_HEADERS = (("mã", "code"), ("tên", "name"), ("hiệu lực", "valid"), ("kế thừa", "taken over by"))


@agency_app.command("list")
def agency_list(
    on: str | None = typer.Option(
        None,
        help="chỉ các cơ quan tồn tại ngày này: 01/07/2025 hoặc 2025-07-01 · only the agencies existing that day: "
        "01/07/2025 or 2025-07-01",
    ),
    lang: LangOrBoth = None,
) -> None:
    """Liệt kê cơ quan, mỗi cơ quan với ngày hiệu lực và cơ quan kế thừa (⚠: cơ quan kế thừa chưa chắc chắn) · The
    agencies, each with its days and who took over from it (⚠: successor not certain)."""
    from geo.agencies import agencies_with_successors
    from geo.annual_report_words import SUCCESSOR_UNCERTAIN
    from geo.db import get_engine, session_scope
    from geo.vi_format import vi_date

    table = Table(*(in_lang(vi, en, lang) for vi, en in LIST_HEADERS))
    with session_scope(get_engine()) as session:
        for agency, successors in agencies_with_successors(session, read_day(on, lang) if on else None):
            valid = f"{vi_date(agency.valid_from) or '…'}–{vi_date(agency.valid_to) or '…'}"
            taken = ", ".join(f"{code}{'' if certain else ' ⚠'}" for code, certain in successors)
            name = agency.name_en if lang == Lang.en else agency.name_vi  # as typed at agency add: no markup
            table.add_row(escape(agency.code), escape(name or ""), valid, escape(taken))
    console.print(table)
    if any("⚠" in taken for taken in table.columns[3].cells):
        _say(f"⚠ {SUCCESSOR_UNCERTAIN.vi}", f"⚠ {SUCCESSOR_UNCERTAIN.en}", lang)


@agency_app.command("succession")
def agency_succession(
    predecessor: str = typer.Argument(help="cơ quan được kế thừa, vd. TV.SGTVT · the agency taken over, e.g. TV.SGTVT"),
    successor: str = typer.Argument(
        help="cơ quan nhận nhiệm vụ của nó, vd. VL.SXD · the agency taking over its duties, e.g. VL.SXD"
    ),
    on: str = typer.Option(
        ...,
        help="ngày đầu tiên cơ quan kế thừa giữ nhiệm vụ: 01/07/2025 hoặc 2025-07-01 · the first day the successor "
        "holds them: 01/07/2025 or 2025-07-01",
    ),
    certain: bool = typer.Option(
        True, "--certain/--uncertain", help="có quyết định xác nhận hay chưa · whether a decision settles it"
    ),
    source: str = typer.Option(
        ..., help="quyết định hay văn bản nói vậy · the decision or document that says so, e.g. Quyết định 123/QĐ-UBND"
    ),
    lang: LangOrBoth = None,
) -> None:
    """Ghi hoặc sửa việc kế thừa · Record, or correct, who took over an agency's duties from a day: its one
    successor (another recorded for it is replaced); its last day the day before. Loading the sample data again
    keeps it."""
    from geo.agencies import AgencyError, active_accounts_of, record_succession
    from geo.annual_report_words import SUCCESSOR_UNCERTAIN
    from geo.db import get_engine, session_scope
    from geo.vi_format import vi_date

    day = read_day(on, lang)
    try:
        with session_scope(get_engine()) as session:
            replaced = record_succession(session, predecessor, successor, day, certain=certain, source=source, by="cli")
            still_on = active_accounts_of(session, predecessor)
    except AgencyError as error:
        fail(error, lang)
    doubt = ("", "") if certain else (f" ({SUCCESSOR_UNCERTAIN.vi})", f" ({SUCCESSOR_UNCERTAIN.en})")
    _say(
        f"Từ {vi_date(day)} nhiệm vụ của {predecessor} do {successor} giữ{doubt[0]}",
        f"From {vi_date(day)} {successor} holds {predecessor}'s duties{doubt[1]}",
        lang,
    )
    if replaced:
        _say(f"Thay cho: {', '.join(replaced)}", f"Replacing: {', '.join(replaced)}", lang, style="yellow")
    if still_on:
        who, first = ", ".join(still_on), still_on[0]
        _say(
            f"⚠ {len(still_on)} tài khoản còn hoạt động vẫn thuộc {predecessor} ({who}): họ vẫn gửi được báo cáo, "
            f"ghi là của cơ quan đã kết thúc. Hãy chuyển họ sang cơ quan hiện nay, vd. georeg account update {first} "
            f"--agency {successor}",
            f"⚠ {len(still_on)} active account(s) are still given {predecessor} ({who}): they can still send reports, "
            f"recorded as of an agency that has ended. Move them to today's agency, e.g. georeg account update {first} "
            f"--agency {successor}",
            lang,
            style="yellow",
        )


@agency_app.command("add")
def agency_add(
    code: str = typer.Argument(
        help="mã mới, vd. VL.SNV (tiền tố tỉnh, rồi cơ quan) · a new code, e.g. VL.SNV (province prefix, then the "
        "agency)"
    ),
    name_vi: str = typer.Option(
        ..., "--name-vi", help="tên tiếng Việt, vd. Sở Nội vụ tỉnh Vĩnh Long · its name in Vietnamese"
    ),
    name_en: str = typer.Option(
        ..., "--name-en", help="tên tiếng Anh · its name in English, e.g. Vinh Long Department of Home Affairs"
    ),
    province: str | None = typer.Option(
        None,
        help="mã tỉnh (mã từ 2025: 86 Vĩnh Long, 96 Cà Mau) · its province code (2025 codes: 86 Vĩnh Long, 96 Cà Mau)",
    ),
    since: str | None = typer.Option(
        None, help="ngày đầu tiên: 01/07/2025 hoặc 2025-07-01 · its first day: 01/07/2025 or 2025-07-01"
    ),
    until: str | None = typer.Option(
        None, help="ngày cuối cùng, với cơ quan cũ: 30/06/2025 · its last day, for a former agency: 30/06/2025"
    ),
    lang: LangOrBoth = None,
) -> None:
    """Thêm cơ quan · Add an agency the data do not hold: formed since, or a former one (--until), such as the
    former Cà Mau's Sở TN&MT before 1 March 2025, then record who took it over (succession)."""
    from geo.agencies import AgencyError, add_agency
    from geo.db import get_engine, session_scope

    try:
        with session_scope(get_engine()) as session:
            days = (read_day(since, lang) if since else None, read_day(until, lang) if until else None)
            add_agency(session, code, name_vi, name_en, province, days, by="cli")
    except AgencyError as error:
        fail(error, lang)
    _say(f"Đã thêm cơ quan {code}", f"agency {code} added", lang)


def read_day(typed: str, lang: Lang | None) -> date:
    """The day typed in an option, or the command stops saying how to write it (in ``lang``, or both)."""
    from geo.said import SaidError
    from geo.vi_format import typed_day

    try:
        return typed_day(typed)
    except ValueError:
        fail(
            SaidError(
                f"the day {typed!r} does not read; write 01/07/2025 or 2025-07-01",
                f"ngày {typed!r} không đọc được; hãy viết 01/07/2025 hoặc 2025-07-01",
            ),
            lang,
        )
