"""Bearer-token authentication for the API: ``Depends(require_role("editor", "admin"))``.

The token logic lives in geo.accounts; this module only reads the Authorization header, or the browser session's
cookie set by POST /api/session, and turns the outcome into 401 (no, unknown, expired or revoked token or session) or
403 (a role that may not do this). Reads take the cookie alone (pages and image tiles cannot send a header); writes
take it only with the header ``X-Requested-With: georeg``, which the registry's own pages send and which no other
site can make a browser send (a custom header needs a CORS preflight this app never allows; the cookie is also
SameSite=strict).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from api.errors import in_request_language
from geo.accounts import (
    LOADER_ROLES,
    ROLE_NAMES,
    WRITER_ROLES,
    account_for_browser_session,
    account_for_token,
    why_browser_session_ended,
    why_token_refused,
)
from geo.models import Account
from geo.said import fill, joined
from geo.vi_format import local_moment

bearer = HTTPBearer(
    auto_error=False,
    description="A token from `georeg token create USERNAME` (ask the registry's administrator for an account).",
)
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
SESSION_COOKIE = "georeg_session"
PAGE_HEADER, PAGE_HEADER_VALUE = "X-Requested-With", "georeg"
#: The refusals, said in the language the request asks for (the pages in Vietnamese ask in Vietnamese).
REFUSALS = {
    "no_token": {
        "vi": "Hãy đăng nhập trước: gửi 'Authorization: Bearer <token>' (georeg token create TÊN_TÀI_KHOẢN).",
        "en": "Log in first: send 'Authorization: Bearer <token>' (georeg token create USERNAME).",
    },
    "page_no_login": {
        "vi": "Hãy đăng nhập trước (trang /login), hoặc dán mã truy cập (token) của tài khoản vào ô mã truy cập.",
        "en": "Log in first (the /login page), or paste your account's access token into the token field.",
    },
    "no_session": {
        "vi": "Hãy đăng nhập trước: gửi 'Authorization: Bearer <token>', hoặc đăng nhập tại /login trong trình duyệt.",
        "en": "Log in first: send 'Authorization: Bearer <token>', or log in at /login in a browser.",
    },
    "token_refused": {
        "vi": "Không có mã truy cập (token) này: hãy kiểm tra đã dán đủ cả mã (bắt đầu bằng grt_, không thừa dấu "
        "cách), hoặc xin quản trị viên sổ đăng ký mã mới.",
        "en": "There is no such token: check that the whole token was pasted (it begins with grt_, no spaces around "
        "it), or ask the registry's administrator for a new one.",
    },
    "token_expired": {
        "vi": "Mã truy cập (token) này đã hết hạn lúc {when_vi}; hãy xin quản trị viên sổ đăng ký mã mới.",
        "en": "This token expired at {when_en}; ask the registry's administrator for a new one.",
    },
    "token_revoked": {
        "vi": "Mã truy cập (token) này đã bị thu hồi lúc {when_vi}; hãy xin quản trị viên sổ đăng ký mã mới.",
        "en": "This token was revoked at {when_en}; ask the registry's administrator for a new one.",
    },
    "account_inactive": {
        "vi": "Tài khoản của mã truy cập này đang bị ngừng; hãy hỏi quản trị viên sổ đăng ký (mã mới cũng không dùng "
        "được cho đến khi tài khoản được cho hoạt động lại).",
        "en": "The account of this token is deactivated; ask the registry's administrator (a new token would not "
        "work either until the account is active again).",
    },
    "session_ended": {
        "vi": "Phiên đăng nhập đã kết thúc (đã đăng xuất hoặc hết hạn); hãy đăng nhập lại tại /login.",
        "en": "Your session has ended (logged out or expired); log in again at /login.",
    },
    # a session ended by the administrator, said as such: "log in again" did not work (trial 73)
    "session_account_inactive": {
        "vi": "Tài khoản của bạn đã bị ngừng hoạt động, nên phiên đăng nhập đã kết thúc; hãy hỏi quản trị viên sổ đăng "
        "ký (đăng nhập lại cũng không được cho đến khi tài khoản được cho hoạt động lại).",
        "en": "Your account has been deactivated, so your login session has ended; ask the registry's administrator "
        "(logging in again will not work until the account is active again).",
    },
    "session_token_revoked": {
        "vi": "Mã truy cập (token) bạn dùng để đăng nhập đã bị thu hồi lúc {when_vi}, nên phiên đăng nhập đã kết thúc; "
        "hãy đăng nhập lại (/login) bằng mã mới mà quản trị viên sổ đăng ký cấp cho bạn.",
        "en": "The token you logged in with was revoked at {when_en}, so your login session has ended; log in again "
        "(/login) with the new token the registry's administrator gives you.",
    },
    "role": {
        "vi": "Vai trò {role} của bạn không được làm việc này; cần một trong các vai trò: {roles}.",
        "en": "Your role ({role}) may not do this; it needs one of: {roles}.",
    },
}


#: The header of a 401 to a browser's session that has ended, naming why: "session_ended" (logged out or expired),
#: "session_account_inactive" or "session_token_revoked"; the pages say the last two in the server's words.
SESSION_ENDED_HEADER = "Session-Ended"


def unauthorized(request: Request, refusal: str, **blanks: str) -> HTTPException:
    said = fill(REFUSALS, refusal, **blanks)
    ended = {SESSION_ENDED_HEADER: refusal} if refusal.startswith("session_") else {}
    headers = {"WWW-Authenticate": "Bearer"} | ended
    return HTTPException(401, in_request_language(request, said), headers=headers)


def token_unauthorized(request: Request, refusal: str, since: datetime | None) -> HTTPException:
    """The 401 for a token (or a browser session) that opens nothing, saying why (geo.accounts.why_token_refused,
    why_browser_session_ended) and since when."""
    return unauthorized(request, refusal, **_moments(since))


def refusal_said(request: Request, refusal: str, since: datetime | None) -> str:
    """A refusal's message, in the request's language, without refusing: what GET /api/session says of an ended
    session."""
    return in_request_language(request, fill(REFUSALS, refusal, **_moments(since)))


def _moments(since: datetime | None) -> dict[str, str]:
    return {"when_vi": local_moment(since, "vi"), "when_en": local_moment(since, "en")} if since else {}


def authenticate(request: Request, credentials: HTTPAuthorizationCredentials | None) -> Account:
    """The account of the request's bearer token, or of its browser session when one of the registry's pages sends
    it; 401 when there is none or it is not valid."""
    if credentials is not None:
        return account_of_token(request, credentials.credentials)
    if (cookie := _pages_session(request)) is not None:
        return account_of_browser_session(request, cookie)
    raise unauthorized(request, "page_no_login" if _from_a_page(request) else "no_token")  # a person at a page


def _from_a_page(request: Request) -> bool:
    """Whether one of the registry's own pages sends ``request`` (with PAGE_HEADER)."""
    return request.headers.get(PAGE_HEADER) == PAGE_HEADER_VALUE


def _pages_session(request: Request) -> str | None:
    """The browser session's cookie of a request one of the registry's pages sends."""
    return request.cookies.get(SESSION_COOKIE) if _from_a_page(request) else None


def optional_account(request: Request, credentials: Credentials) -> Account | None:
    """The caller's account, or None when the request carries neither a token nor the pages' browser session (a
    token or session that is not valid still answers 401)."""
    if credentials is None and _pages_session(request) is None:
        return None
    return authenticate(request, credentials)


def known_account(request: Request, credentials: Credentials) -> Account | None:
    """The caller's account if its token or browser session is valid, else None: for reads that only mark what the
    caller may do (a wrong token does not cost them the read)."""
    try:
        return optional_account(request, credentials)
    except HTTPException:
        return None


def account_of_token(request: Request, token: str) -> Account:
    """The account ``token`` belongs to; 401 when it is unknown, expired or revoked."""
    with Session(request.app.state.engine, expire_on_commit=False) as session, session.begin():
        account = account_for_token(session, token)
        why = why_token_refused(session, token) if account is None else None
    if why is not None:
        raise token_unauthorized(request, *why)
    return account


def account_of_browser_session(request: Request, session_id: str) -> Account:
    """The account of the browser session ``session_id``; 401 when it has ended, saying why (its account deactivated,
    its token revoked, else logged out or expired)."""
    with Session(request.app.state.engine, expire_on_commit=False) as session, session.begin():
        account = account_for_browser_session(session, session_id)
        why = why_browser_session_ended(session, session_id) if account is None else None
    if why is not None:
        raise token_unauthorized(request, *why)
    return account


def require_role(*roles: str) -> Callable[..., Account]:
    """A dependency that returns the caller's Account if its role is one of ``roles`` (any role if none given)."""

    def dependency(request: Request, credentials: Credentials) -> Account:
        account = authenticate(request, credentials)
        if roles and account.role not in roles:
            needed = joined([ROLE_NAMES[role] for role in roles], ", ", ", ")
            said = fill(REFUSALS, "role", role=ROLE_NAMES[account.role], roles=needed)
            raise HTTPException(403, in_request_language(request, said))
        return account

    return dependency


def page_reader(request: Request) -> Account | None:
    """Who reads a page, by the browser's session alone (a page's navigation sends no header; reading who it is
    writes nothing), else None: for a page that shows each reader the buttons they may use."""
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie is None:
        return None
    try:
        return account_of_browser_session(request, cookie)
    except HTTPException:
        return None


def public_read(request: Request, credentials: Credentials) -> Account | None:
    """Reads are open when the setting ``public_reads`` is on (the default); otherwise a valid bearer token or
    browser session (pages and image tiles cannot send a header)."""
    if request.app.state.settings.public_reads:
        return None
    if credentials is not None:
        return account_of_token(request, credentials.credentials)
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie is None:
        raise unauthorized(request, "no_session")
    return account_of_browser_session(request, cookie)


# One alias per set of roles a route admits, named for who may call it (docs/design.md lists them).
Caller = Annotated[Account | None, Depends(optional_account)]
"""Anyone: the account of a valid token or browser session, None for a caller with neither (401 for one not valid)."""
KnownCaller = Annotated[Account | None, Depends(known_account)]
"""Anyone: the account of a valid token or browser session, else None."""
PageReader = Annotated[Account | None, Depends(page_reader)]
"""Who reads a page: the account of the browser's valid session, else None."""
Someone = Annotated[Account, Depends(require_role())]
"""Any account, of a valid token or browser session (401 without one): what it is and may do."""
Admin = Annotated[Account, Depends(require_role("admin"))]
"""The administrator alone: accounts, tokens, retiring projects."""
EDITOR_ROLES = ("editor", "admin")
Editor = Annotated[Account, Depends(require_role(*EDITOR_ROLES))]
"""An agency's editor (or the administrator): indicator values, yearly submissions, a plan action's agencies."""
GisStaff = Annotated[Account, Depends(require_role(*LOADER_ROLES))]
"""GIS staff (or the administrator): loading files."""
Writer = Annotated[Account, Depends(require_role(*WRITER_ROLES))]
"""Anyone who may change data: status reports and their photos."""
