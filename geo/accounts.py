"""Accounts of agency staff and their bearer tokens.

A token is shown once, when created; only its SHA-256 is stored. A token is 32 random
bytes, so a plain hash is as safe as a slow one and lets a request be checked with one
indexed lookup. A browser that logs in with a token gets a session of its own (a random id
in its cookie, stored hashed the same way), which ends on logout, with the token, or when its account is
deactivated (:func:`why_browser_session_ended` tells which).
"""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Select, delete, func, or_, select, update
from sqlalchemy.orm import Session

from geo.agencies import duties_held, duty_holder, exists_on, focal_plans, goes_on_as
from geo.jurisdiction import reach
from geo.models import Account, AccountUnit, AdminUnit, Agency, ApiToken, BrowserSession
from geo.said import LANGS, Said, SaidError
from geo.vi_format import local_date, local_moment
from geo.vietnam_day import vietnam_today
from geo.vocab import KIND_CODES

ROLES = ("viewer", "editor", "gis", "admin")
#: The roles that may change data, status reports of a project's progress among it (a viewer reads only).
WRITER_ROLES = ("editor", "gis", "admin")
#: The roles that load files (/upload, georeg ingest through the API): GIS staff and the administrator.
LOADER_ROLES = ("gis", "admin")
#: Each role as the pages and the refusals name it (the Vietnamese with the code the command line takes).
ROLE_NAMES = {
    "viewer": Said("Xem (viewer)", "Viewer"),
    "editor": Said("Cập nhật tiến độ (editor)", "Editor (status reports)"),
    "gis": Said("Nạp dữ liệu GIS (gis)", "GIS (loads data)"),
    "admin": Said("Quản trị (admin)", "Administrator"),
}
TOKEN_PREFIX = "grt_"
SESSION_PREFIX = "grs_"


class AccountError(SaidError):
    """A request about accounts or tokens that cannot be carried out; the message says why, in both languages for the
    pages that ask in Vietnamese (api.errors)."""


class AccountExists(AccountError):
    """The username is taken."""


class AccountNotFound(AccountError, LookupError):
    """No account or token of that name or id."""


class AccountChanged(AccountError):
    """The account was changed by someone else since the values the change was made from were read."""


class TokenAlreadyRevoked(AccountChanged):
    """The token to revoke was revoked before (by another administrator, or a command run twice): said with when."""


#: The transaction-level advisory lock taken before an administrator is demoted or deactivated.
ADMINISTRATORS_LOCK = 0x6765_6F72_6567_0001


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


#: A username: 2–80 unaccented letters, digits, ".", "_" or "-", beginning with a letter or digit (typed at a login on
#: any keyboard, in URLs, and after a command: "..", or "--help", could not be).
USERNAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{1,79}")
#: What an administrator may change of an account (update_account); its username is what its people log in with.
ACCOUNT_FIELDS = ("role", "agency", "display_name", "units", "kinds", "is_active")


def create_account(
    session: Session,
    username: str,
    *,
    role: str,
    agency_code: str | None = None,
    display_name: str | None = None,
    unit_codes: list[str] | None = None,
    kinds: list[str] | None = None,
) -> Account:
    """A new account of an agency, with the units (codes of either scheme) and kinds it looks after."""
    _check_role(role)
    if not USERNAME.fullmatch(username):
        raise AccountError(
            f"username {username!r} is not valid: 2–80 unaccented letters, digits, '.', '_' or '-', beginning with a "
            "letter or digit (e.g. binh.tran); the name as people read it goes in the display name",
            f"tên đăng nhập {username!r} không hợp lệ: 2–80 ký tự gồm chữ không dấu, chữ số, '.', '_' hoặc '-', bắt "
            "đầu bằng chữ hoặc số (ví dụ binh.tran); tên đầy đủ có dấu ghi ở tên hiển thị",
        )
    taken = session.scalar(select(Account.username).where(func.lower(Account.username) == username.lower()))
    if taken is not None:  # "HOA.PHAM" beside "hoa.pham" would be two people to the eye, or one typed twice
        raise AccountExists(f"an account named {taken!r} already exists", f"đã có tài khoản tên {taken!r}")
    unit_codes, kinds = _once(unit_codes), _once(kinds)
    _check_jurisdiction(role, unit_codes, kinds)
    account = Account(
        username=username,
        display_name=unicodedata.normalize("NFC", display_name or username),
        agency_id=_agency_id(session, agency_code),
        role=role,
        kinds=kinds,
    )
    session.add(account)
    session.flush()
    _set_units(session, account, unit_codes)
    return account


def account_as_created(account: Account, agency_code: str | None, unit_codes: list[str]) -> dict[str, Any]:
    """A new account as its audit entry keeps it: whom (username, display name) besides the values it was given (its
    entry named "role, agency, units, kinds" and no one, trial s73)."""
    return {
        "username": account.username,
        "display_name": account.display_name,
        "role": account.role,
        "agency": agency_code,
        "units": _once(unit_codes),
        "kinds": account.kinds,
    }


def _once(codes: list[str] | None) -> list[str]:
    """Codes each once, in the order given: a unit pasted and also chosen by name is one unit."""
    return list(dict.fromkeys(codes or []))


def update_account(
    session: Session,
    username: str,
    changes: dict[str, Any],
    *,
    by: Account | None = None,
    was: dict[str, Any] | None = None,
) -> tuple[Account, dict[str, list]]:
    """Change what ``changes`` names of an account (keys of ACCOUNT_FIELDS; ``agency`` None for none, ``units`` and
    ``kinds`` replace the former), checked as at its creation; returns the account and each changed field's former and
    new value, for the audit log. ``by``, the administrator changing it, may not take away their own administration, and
    no one may leave the registry without an active administrator. ``was``, the values the changer read (of the
    fields changed), refuses the change (AccountChanged) if another changed them since: two administrators editing the
    same account do not undo each other unseen. A deactivated account's tokens stop working at once, and work again if
    it is activated (revoke a token to end it for good); its browser sessions end."""
    account = find_account(session, username)
    unknown = sorted(set(changes) - set(ACCOUNT_FIELDS))
    if unknown:
        raise AccountError(f"cannot change {', '.join(unknown)}", f"không sửa được {', '.join(unknown)}")
    changes = {key: _once(value) if key in ("units", "kinds") else value for key, value in changes.items()}
    if account.role == "admin" and (changes.get("role") not in (None, "admin") or changes.get("is_active") is False):
        # one administrator demoted or deactivated at a time: two doing it to each other at once left none
        session.execute(select(func.pg_advisory_xact_lock(ADMINISTRATORS_LOCK)))
        session.refresh(account)
    before = asdict(account_summaries(session, [account.id])[0])
    _check_unchanged(username, before, was or {})
    role, active = changes.get("role", account.role), changes.get("is_active", account.is_active)
    _check_role(role)
    units = changes.get("units", before["units"])
    # an account made before roles were checked against units keeps them through changes to its other fields
    touched = {"role", "units", "kinds"} & set(changes)
    _check_jurisdiction(role if touched else None, units, changes.get("kinds", account.kinds))
    if account.role == "admin" and (role != "admin" or not active):
        _keep_an_administrator(session, account, by)
    account.role, account.is_active = role, active
    if "agency" in changes:
        account.agency_id = _agency_id(session, changes["agency"])
    if "display_name" in changes:
        account.display_name = unicodedata.normalize("NFC", changes["display_name"] or account.username)
    if "kinds" in changes:
        account.kinds = list(changes["kinds"])
    if "units" in changes:
        session.execute(delete(AccountUnit).where(AccountUnit.account_id == account.id))
        _set_units(session, account, units)
    if not active:  # a browser left logged in (a shared office computer, a lost phone) is not so again if reactivated
        tokens = select(ApiToken.id).where(ApiToken.account_id == account.id)
        session.execute(
            update(BrowserSession)
            .where(BrowserSession.token_id.in_(tokens), BrowserSession.revoked_at.is_(None))
            .values(revoked_at=datetime.now(UTC))
        )
    session.flush()
    after = asdict(account_summaries(session, [account.id])[0])
    return account, {key: [before[key], after[key]] for key in ACCOUNT_FIELDS if before[key] != after[key]}


def _check_unchanged(username: str, now: dict[str, Any], was: dict[str, Any]) -> None:
    """Refuse when a value the changer read is no longer the account's (units and kinds compared as sets)."""

    def comparable(key: str, value: Any) -> Any:
        return sorted(value) if key in ("units", "kinds") else value

    moved = [
        key
        for key, value in was.items()
        if key in ACCOUNT_FIELDS and comparable(key, value) != comparable(key, now[key])
    ]
    if moved:
        fields = {lang: ", ".join(_field_change(key, was[key], now[key], lang) for key in moved) for lang in LANGS}
        raise AccountChanged(
            f"account {username!r} was changed since you read it: {fields['en']}; nothing was saved. Reload it and "
            "make your change again",
            f"tài khoản {username!r} đã được người khác sửa sau khi bạn mở: {fields['vi']}; chưa lưu gì. Hãy tải lại "
            "rồi sửa lại",
        )


#: An account's fields as the accounts page labels them (vi, en), its form's and list's headings taken from here
#: (maps.accounts_page); a refusal names them so, in lower case: it named them by their API keys ("display_name ('Lê
#: Thị Mai' → …)", trial s70).
ACCOUNT_FIELD_WORDS = {
    "display_name": ("Họ tên", "Full name"),
    "role": ("Vai trò", "Role"),
    "agency": ("Cơ quan", "Agency"),
    "units": ("Đơn vị phụ trách", "Units in its care"),
    "kinds": ("Loại dự án", "Project kinds"),
    "is_active": ("Hoạt động", "Active"),
}


def _field_change(key: str, was: Any, now: Any, lang: str) -> str:
    vi = lang == "vi"
    none, no_yes = ("(không)", ("không", "có")) if vi else ("(none)", ("no", "yes"))

    def said(value: Any) -> str:
        if isinstance(value, bool):
            return no_yes[value]
        if isinstance(value, list | tuple):
            value = ", ".join(map(str, value))
        return f"«{value}»" if value else none

    label = ACCOUNT_FIELD_WORDS[key][0 if vi else 1]
    return f"{label[0].lower()}{label[1:]} ({said(was)} → {said(now)})"


def _keep_an_administrator(session: Session, account: Account, by: Account | None) -> None:
    """Refuse to demote or deactivate ``account``, an administrator, when it is ``by`` itself or the last active one."""
    if by is not None and by.id == account.id:
        raise AccountError(
            "an administrator cannot demote or deactivate their own account: another administrator can, or the "
            "command line (georeg account update)",
            "quản trị viên không tự hạ vai trò hay ngừng tài khoản của chính mình được: một quản trị viên khác làm "
            "được, hoặc dùng dòng lệnh (georeg account update)",
        )
    others = select(func.count()).where(Account.role == "admin", Account.is_active.is_(True), Account.id != account.id)
    if not session.scalar(others):
        raise AccountError(
            f"{account.username!r} is the registry's last active administrator: make another account admin first",
            f"{account.username!r} là quản trị viên cuối cùng còn hoạt động: hãy cho một tài khoản khác vai trò "
            "quản trị (admin) trước",
        )


def _check_role(role: str) -> None:
    if role not in ROLES:
        roles = ", ".join(ROLES)
        raise AccountError(
            f"unknown role {role!r}; expected one of {roles}", f"vai trò {role!r} không có; hãy chọn một trong {roles}"
        )


#: Why units and kinds mean nothing to a role whose reach (geo.jurisdiction) is every project. An administrator who
#: gave them would believe the account limited where it is not. (A viewer's are the projects whose flagged reports it
#: checks, sending none: geo.jurisdiction.reviewable_of.)
WITHOUT_JURISDICTION = {
    "all": ("an administrator reports on every project", f"vai trò {ROLE_NAMES['admin'].vi} báo cáo được mọi dự án"),
}


def _check_jurisdiction(role: str | None, unit_codes: list[str], kinds: list[str]) -> None:
    """Known kinds, and units with kinds or neither, and neither for a role they mean nothing to: geo.jurisdiction
    gives an editor or a GIS officer the projects of its kinds within its units."""
    if role is not None and reach(role) in WITHOUT_JURISDICTION and (unit_codes or kinds):
        said, said_vi = WITHOUT_JURISDICTION[reach(role)]
        raise AccountError(
            f"units and kinds are for editors and GIS officers (and viewers, who check the reports on them): {said}. "
            "Give no units or kinds (to remove an account's: account update --no-jurisdiction), or another role",
            f"đơn vị và loại dự án chỉ dành cho vai trò {ROLE_NAMES['editor'].vi} và {ROLE_NAMES['gis'].vi} (và "
            f"{ROLE_NAMES['viewer'].vi}, để kiểm tra báo cáo về chúng): {said_vi}. Đừng ghi đơn vị hay loại dự án "
            "(muốn bỏ của một tài khoản: account update --no-jurisdiction), hoặc chọn vai trò khác",
        )
    unknown_kinds = sorted(set(kinds) - set(KIND_CODES))
    if unknown_kinds:
        unknown, known = ", ".join(unknown_kinds), ", ".join(KIND_CODES)
        raise AccountError(
            f"unknown kind(s) {unknown}; expected some of {known}",
            f"loại dự án không có: {unknown}; hãy chọn trong {known}",
        )
    if bool(unit_codes) != bool(kinds):
        raise AccountError(_half_jurisdiction(role, missing="kinds" if unit_codes else "units"))


#: What an account's units and kinds are for, by role: a GIS officer making an account for loading files read "units
#: without kinds give the account no project" and could not tell what was missing, nor why (trial 66).
JURISDICTION_FOR = {
    "gis": Said(
        "tài khoản GIS nạp được mọi tệp GIS, dù có đơn vị và loại dự án hay không; hai thứ đó chỉ quy định dự án nào "
        "nó được báo cáo tiến độ: các dự án thuộc các loại đã ghi, nằm trong các đơn vị đã ghi",
        "a GIS account loads any GIS file whatever its units and kinds; they only say which projects' progress it may "
        "report: those of its kinds within its units",
    ),
    "viewer": Said(
        "tài khoản xem (viewer) không gửi báo cáo; đơn vị và loại dự án quy định tài khoản này kiểm tra báo "
        "cáo bị gắn cờ của dự án nào: các dự án thuộc các loại đã ghi, nằm trong các đơn vị đã ghi",
        "a viewer sends no reports; its units and kinds say whose flagged reports it checks: those on the projects "
        "of its kinds within its units",
    ),
}
#: An editor's (and an account's whose role is not being changed).
REPORTS_IN_JURISDICTION = Said(
    "tài khoản báo cáo các dự án thuộc các loại đã ghi, nằm trong các đơn vị đã ghi",
    "the account reports on the projects of its kinds within its units",
)
_MISSING = {
    "kinds": Said("thiếu loại dự án (có đơn vị mà không có loại dự án)", "project kinds missing (units without kinds)"),
    "units": Said("thiếu đơn vị (có loại dự án mà không có đơn vị)", "units missing (kinds without units)"),
}


def _half_jurisdiction(role: str | None, missing: str) -> Said:
    """Units without kinds, or kinds without units: which is missing, why both, for the role asked, and what to do."""
    why = JURISDICTION_FOR.get(role or "", REPORTS_IN_JURISDICTION)
    neither = (
        Said("khi đó nó không kiểm tra báo cáo nào", "it then checks no reports")
        if role == "viewer"
        else Said(
            "khi đó nó báo cáo các dự án do cơ quan của mình chủ trì hoặc phối hợp",
            "it then reports on the projects its agency leads or partners",
        )
    )
    return Said(
        f"{_MISSING[missing].vi}: {why.vi}. Hãy ghi cả hai (ví dụ đơn vị 29536 với loại Đê "
        f"biển, mã sea_dyke), hoặc không ghi cả hai ({neither.vi})",
        f"{_MISSING[missing].en}: {why.en}. Give both (e.g. unit 29536 with kind Sea dyke, "
        f"sea_dyke), or neither ({neither.en})",
    )


def _agency_id(session: Session, agency_code: str | None) -> int | None:
    if agency_code is None:
        return None
    agency_id = session.scalar(select(Agency.id).where(Agency.code == agency_code))
    if agency_id is None:
        raise AccountError(
            f"no agency with code {agency_code!r} (GET /api/agencies lists them; give today's, e.g. VL.SNNMT "
            "or CM.SNNMT)",
            f"không có cơ quan nào mang mã {agency_code!r} (GET /api/agencies liệt kê các cơ quan; hãy ghi cơ quan "
            "hiện nay, ví dụ VL.SNNMT hay CM.SNNMT)",
        )
    return agency_id


def _set_units(session: Session, account: Account, unit_codes: list[str]) -> None:
    for unit_id in _unit_ids(session, unit_codes):
        session.add(AccountUnit(account_id=account.id, unit_id=unit_id))
    session.flush()


@dataclass(frozen=True)
class AccountSummary:
    """An account as its administrator sees it: role, agency and jurisdiction by codes."""

    id: int
    username: str
    display_name: str | None
    role: str
    agency: str | None
    units: list[str]
    kinds: list[str]
    is_active: bool
    agency_ended_on: date | None = None  # its agency no longer exists (the mergers of 2025): the day it ended ...
    agency_now: str | None = None  # ... and the agency holding its duties today (geo.agencies.duty_holder)
    #: the plans whose yearly reports it reviews, as an editor of each plan's focal agency today: it need report on
    #: no project (geo.agencies.focal_plans)
    reviews: list[str] = field(default_factory=list)
    #: an editor's: the plan actions whose yearly reports its agency writes this year (geo.submissions.actions_led),
    #: its work when it reports on no project
    writes_reports: list[str] = field(default_factory=list)


def account_summaries(session: Session, account_ids: list[int] | None = None) -> list[AccountSummary]:
    """Every account (or those of ``account_ids``) by username, with its agency's and units' codes, in one query."""
    unit_codes = (
        select(func.array_agg(func.distinct(AdminUnit.code)))
        .join(AccountUnit, AccountUnit.unit_id == AdminUnit.id)
        .where(AccountUnit.account_id == Account.id)
        .scalar_subquery()
    )
    query = (
        select(Account, Agency, unit_codes).outerjoin(Agency, Agency.id == Account.agency_id).order_by(Account.username)
    )
    if account_ids is not None:
        query = query.where(Account.id.in_(account_ids))
    from geo.submissions import actions_led  # geo.submissions imports this module

    reviewed = focal_plans(session, vietnam_today())
    led = actions_led(session, vietnam_today())
    return [
        AccountSummary(
            id=account.id,
            username=account.username,
            display_name=account.display_name,
            role=account.role,
            agency=agency.code if agency else None,
            units=sorted(units or []),
            kinds=list(account.kinds or []),
            is_active=account.is_active,
            **_agency_ended(session, agency),
            reviews=reviewed.get(account.agency_id, []) if account.role == "editor" else [],
            writes_reports=led.get(agency.code, []) if agency and account.role == "editor" else [],
        )
        for account, agency, units in session.execute(query)
    ]


def _agency_ended(session: Session, agency: Agency | None) -> dict[str, Any]:
    """When an account's agency ended before today (merged in 2025), that day and who holds its duties now: an
    administrator gives new accounts today's agency, and sees which accounts are still of a former one."""
    today = vietnam_today()
    if agency is None or exists_on(agency, today):
        return {}
    holder = duty_holder(session, agency.id, today)
    return {"agency_ended_on": agency.valid_to, "agency_now": holder.code if holder.code != agency.code else None}


#: What an account of an agency that has ended is told when it reports (:func:`ended_agency_note`), by whether an
#: agency holds its duties today (vi, en).
ENDED_AGENCY_NOTE = {
    "held": (
        "Tài khoản của bạn vẫn thuộc {agency}, cơ quan đã kết thúc ngày {day}: báo cáo của bạn vẫn được ghi nhận, "
        "mang tên bạn, là của cơ quan giữ nhiệm vụ của nó vào ngày báo cáo — nay là {now}. Hãy nhờ quản trị viên "
        "chuyển tài khoản: georeg account update {username} --agency {code}.",
        "Your account still belongs to {agency}, which ended on {day}: your reports are recorded, under your name, "
        "as of the agency holding its duties on their day — now {now}. Ask your administrator to move your account: "
        "georeg account update {username} --agency {code}.",
    ),
    "none": (
        "Tài khoản của bạn vẫn thuộc {agency}, cơ quan đã kết thúc ngày {day}, và chưa ghi cơ quan nào giữ nhiệm vụ "
        "của nó: báo cáo của bạn vẫn được ghi nhận, mang tên bạn và cơ quan ấy. Hãy nhờ quản trị viên chuyển tài khoản "
        "sang cơ quan hiện nay (georeg account update {username} --agency MÃ) hoặc ghi cơ quan nhận nhiệm vụ (georeg "
        "agency succession).",
        "Your account still belongs to {agency}, which ended on {day}, and no agency is recorded as holding its "
        "duties: your reports are recorded, under your name and that agency's. Ask your administrator to move your "
        "account to today's agency (georeg account update {username} --agency CODE) or to record who took over "
        "(georeg agency succession).",
    ),
}


def ended_agency_note(session: Session, account: Account) -> Said | None:
    """What an account still of an agency that has ended (merged in 2025) is told on the field form and in the API's
    answer to each report, or None: its reports are recorded as sent, its own, and read as the agency's that held the
    duties on each one's day (geo.agencies.REPORTERS_AGENCY); and the administrator should move it. Such an account
    sent reports without a word (trial s71). Refusing them would lose an officer's visits for an administrator's
    delay; recording them as the successor's account would change whose report it is."""
    agency = agency_of(session, account)
    today = vietnam_today()
    if agency is None or exists_on(agency, today) or reach(account.role) == "none":  # a viewer sends no report
        return None
    holder = duty_holder(session, agency.id, today)
    said = ENDED_AGENCY_NOTE["held" if holder.code != agency.code else "none"]

    def named(name_vi: str, name_en: str | None, code: str, lang: str) -> str:
        return f"{name_en or name_vi if lang == 'en' else name_vi} ({code})"

    return Said(
        *(
            template.format(
                agency=named(agency.name_vi, agency.name_en, agency.code, lang),
                day=local_date(agency.valid_to, lang),
                now=named(holder.name_vi, holder.name_en, holder.code, lang),
                code=holder.code,
                username=account.username,
            )
            for template, lang in zip(said, LANGS, strict=True)
        )
    )


def _unit_ids(session: Session, codes: list[str]) -> list[int]:
    ids = []
    for code in codes:
        found = list(
            session.scalars(select(AdminUnit.id).where(AdminUnit.code == code, AdminUnit.is_context.is_(False)))
        )
        if not found:
            raise AccountError(
                f"no admin unit with code {code!r} (list them at /api/units)",
                f"không có đơn vị hành chính nào mang mã {code!r} (danh sách ở /api/units)",
            )
        ids.extend(found)
    return ids


def known_as(session: Session, username: str) -> str:
    """A user as colleagues know them, in a message: "Lê Văn Cường (stc_a)"; the login alone where it is the name
    (or no account has it: the command line, the sample data)."""
    name = session.scalar(select(Account.display_name).where(Account.username == username))
    return f"{name} ({username})" if name and name != username else username


def find_account(session: Session, username: str) -> Account:
    account = session.scalar(select(Account).where(Account.username == username))
    if account is None:
        raise AccountNotFound(f"no account named {username!r}", f"không có tài khoản nào tên {username!r}")
    return account


def create_token(
    session: Session, account: Account, *, name: str | None = None, days: float = 90
) -> tuple[str, ApiToken]:
    """A new bearer token for ``account``, valid for ``days``; returns the token text (shown once) and its row."""
    if not account.is_active:
        raise AccountError(
            f"account {account.username!r} is deactivated: its tokens do not work. Activate it first "
            f"(georeg account update {account.username} --active), or make the person a new account",
            f"tài khoản {account.username!r} đang bị ngừng: mã của nó không dùng được. Hãy cho hoạt động lại trước "
            f"(georeg account update {account.username} --active), hoặc tạo tài khoản mới cho người đó",
        )
    if days <= 0:
        raise AccountError(
            f"a token must be valid for a positive number of days, got {days}",
            f"mã truy cập phải có hiệu lực một số ngày dương, nhưng nhận được {days}",
        )
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(
        account_id=account.id,
        token_hash=hash_token(token),
        name=name,
        expires_at=datetime.now(UTC) + timedelta(days=days),
    )
    session.add(row)
    session.flush()
    return token, row


def token_as_recorded(session: Session, row: ApiToken) -> dict[str, Any]:
    """A token as its audit entries keep it, issued or revoked: whose, its name, since and until when (never the
    token; a revocation kept nothing, and "api_token 3" named no one, trial s73)."""
    return {
        "account": session.get(Account, row.account_id).username,
        "name": row.name,
        "created_at": row.created_at.isoformat(),
        "expires_at": row.expires_at.isoformat() if row.expires_at else None,
    }


def tokens_of(session: Session, account: Account) -> list[ApiToken]:
    return list(session.scalars(select(ApiToken).where(ApiToken.account_id == account.id).order_by(ApiToken.id)))


def revoke_token(session: Session, token_id: int) -> ApiToken:
    """Revoke a token by its id (tokens are never deleted, so the audit log keeps its meaning)."""
    row = session.get(ApiToken, token_id)
    if row is None:
        raise AccountNotFound(f"no token with id {token_id}", f"không có mã truy cập nào số {token_id}")
    if row.revoked_at is not None:
        raise TokenAlreadyRevoked(
            f"token {token_id} was already revoked at {local_moment(row.revoked_at, 'en')}; nothing to do",
            f"mã truy cập số {token_id} đã bị thu hồi lúc {local_moment(row.revoked_at, 'vi')}; không cần làm gì",
        )
    row.revoked_at = datetime.now(UTC)
    session.flush()
    return row


def _valid_token_account(now: datetime) -> Select:
    """Accounts with their token's id, where the token is unrevoked and unexpired and the account active."""
    return (
        select(Account, ApiToken.id)
        .join(ApiToken, ApiToken.account_id == Account.id)
        .where(
            ApiToken.revoked_at.is_(None),
            or_(ApiToken.expires_at.is_(None), ApiToken.expires_at > now),
            Account.is_active.is_(True),
        )
    )


#: How old a token's "last used" mark may get before a request with it writes it again: a write on every request
#: made each read a write (the token's row rewritten, a WAL record, a lock) for a mark the token list shows to the
#: minute (docs/security.md).
LAST_USED_EVERY = timedelta(minutes=5)


def _marking_used(query: Select, now: datetime) -> Select:
    """``query`` (:func:`_valid_token_account`'s, narrowed to one token) that also marks that token used ``now``
    where its mark is older than :data:`LAST_USED_EVERY` or missing: in the same statement (a data-modifying WITH),
    where a read of the token and then an update of its mark took two."""
    token = query.with_only_columns(ApiToken.id).scalar_subquery()
    stale = or_(ApiToken.last_used_at.is_(None), ApiToken.last_used_at < now - LAST_USED_EVERY)
    marked = update(ApiToken).where(ApiToken.id == token, stale).values(last_used_at=now).cte("marked")
    return query.add_cte(marked)


def why_token_refused(session: Session, token: str) -> tuple[str, datetime | None]:
    """Why ``token`` opens nothing, and since when: "token_revoked" or "token_expired" with the moment, then
    "account_inactive" (a valid token of a deactivated account: a new token would not help either), else
    "token_refused" (no such token: mistyped, or cut short when pasted). A field officer told only "unknown, expired
    or revoked" could not tell whether to ask for a new token or paste it again (trial 39)."""
    row = session.execute(
        select(ApiToken.revoked_at, ApiToken.expires_at, Account.is_active)
        .join(Account, Account.id == ApiToken.account_id)
        .where(ApiToken.token_hash == hash_token(token))
    ).one_or_none()
    if row is None:
        return "token_refused", None
    revoked, expires, active = row
    if revoked is not None:
        return "token_revoked", revoked
    if expires is not None and expires <= datetime.now(UTC):
        return "token_expired", expires
    return ("account_inactive" if not active else "token_refused"), None


def account_for_token(session: Session, token: str) -> Account | None:
    """The active account a valid (known, unexpired, unrevoked) token belongs to, or None."""
    now = datetime.now(UTC)
    found = _valid_token_account(now).where(ApiToken.token_hash == hash_token(token))
    row = session.execute(_marking_used(found, now)).one_or_none()
    return row[0] if row else None


def open_browser_session(session: Session, token: str, hours: float) -> tuple[str, Account] | None:
    """A new browser session on a valid ``token`` (None if it is not), lasting ``hours`` at most and never beyond
    the token; returns the session's id (for the cookie only; the database keeps its hash) and the account."""
    now = datetime.now(UTC)
    found = _valid_token_account(now).add_columns(ApiToken.expires_at).where(ApiToken.token_hash == hash_token(token))
    row = session.execute(_marking_used(found, now)).one_or_none()
    if row is None:
        return None
    account, token_id, token_expires = row
    session_id = SESSION_PREFIX + secrets.token_urlsafe(32)
    expires = min(now + timedelta(hours=hours), token_expires or now + timedelta(hours=hours))
    session.add(BrowserSession(id_hash=hash_token(session_id), token_id=token_id, expires_at=expires))
    session.flush()
    return session_id, account


def account_for_browser_session(session: Session, session_id: str) -> Account | None:
    """The account of a browser session still open (not expired, not logged out, its token still valid), or None."""
    now = datetime.now(UTC)
    found = (
        _valid_token_account(now)
        .join(BrowserSession, BrowserSession.token_id == ApiToken.id)
        .where(
            BrowserSession.id_hash == hash_token(session_id),
            BrowserSession.revoked_at.is_(None),
            BrowserSession.expires_at > now,
        )
    )
    row = session.execute(_marking_used(found, now)).one_or_none()
    return row[0] if row else None


def why_browser_session_ended(session: Session, session_id: str) -> tuple[str, datetime | None]:
    """Why the browser session ``session_id`` opens nothing: "session_account_inactive" (its account deactivated:
    logging in again would not help until it is active again), "session_token_revoked" with the moment (logging in
    needs the new token the administrator gives), else "session_ended" (logged out, expired, or no such session).
    What holds now is said, not what ended it first: a session that had expired before its token was revoked still
    needs the new token. Officers told "your session has ended" logged in again with the same token and were refused
    (trial 73)."""
    row = session.execute(
        select(Account.is_active, ApiToken.revoked_at)
        .join(ApiToken, ApiToken.account_id == Account.id)
        .join(BrowserSession, BrowserSession.token_id == ApiToken.id)
        .where(BrowserSession.id_hash == hash_token(session_id))
    ).one_or_none()
    if row is not None and not row.is_active:
        return "session_account_inactive", None
    if row is not None and row.revoked_at is not None:
        return "session_token_revoked", row.revoked_at
    return "session_ended", None


def close_browser_session(session: Session, session_id: str) -> None:
    """Log a browser session out: it stops opening anything at once (an unknown id changes nothing)."""
    session.execute(
        update(BrowserSession)
        .where(BrowserSession.id_hash == hash_token(session_id), BrowserSession.revoked_at.is_(None))
        .values(revoked_at=datetime.now(UTC))
    )


def agency_of(session: Session, account: Account) -> Agency | None:
    """The agency an account is of (a former one, since the mergers, stays its own until an administrator moves it)."""
    return session.get(Agency, account.agency_id) if account.agency_id is not None else None


def former_agencies_held(session: Session, account: Account) -> list[Agency]:
    """The former agencies whose duties the account's agency holds today (the mergers of 2025), by code: their
    projects are the account's too (geo.jurisdiction); but for the agency itself before the merger, under its name
    (geo.agencies.goes_on_as), which would list one department twice."""
    if account.agency_id is None:
        return []
    own = session.get(Agency, account.agency_id)
    held = duties_held(session, account.agency_id, vietnam_today()) - {account.agency_id}
    formers = session.scalars(select(Agency).where(Agency.id.in_(held)).order_by(Agency.code))
    return [former for former in formers if not goes_on_as(former, own)]
