"""Browser sessions, for a registry whose reads need a login (setting ``public_reads`` off).

POST /api/session checks a token and opens a browser session: a random id in an HttpOnly, same-site cookie, kept in
the database only as its hash, with an expiry (setting ``browser_session_hours``, never beyond the token). Reads accept
the cookie; writes accept it only from the registry's own pages (api/auth.py). DELETE /api/session ends the session;
revoking its token, or deactivating its account, ends it too (and GET /api/session then says which). /login asks for
the token. A browser opening a page without a valid session is sent to /login and back (api/main.py).
"""

from __future__ import annotations

import re
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field

from api.auth import SESSION_COOKIE, refusal_said, token_unauthorized
from api.deps import TransactionDep
from api.params import LangParam, Language
from api.schemas.accounts import BrowserSession
from geo.accounts import (
    account_for_browser_session,
    close_browser_session,
    open_browser_session,
    why_browser_session_ended,
    why_token_refused,
)
from maps.login_page import build_login_page

router = APIRouter(tags=["accounts"])


class SessionRequest(BaseModel):
    token: str = Field(min_length=1, description="an access token (georeg token create USERNAME)")


@router.post(
    "/api/session",
    response_model=BrowserSession,
    summary="Log a browser in: a session (random id in an HttpOnly cookie, not the token) that reads accept",
    responses={401: {"description": "the token is unknown, expired or revoked"}},
)
def open_session(request: Request, session: TransactionDep, response: Response, body: SessionRequest) -> dict[str, Any]:
    opened = open_browser_session(session, body.token, request.app.state.settings.browser_session_hours)
    if opened is None:  # said in the login page's language, and a deactivated account said as such
        raise token_unauthorized(request, *why_token_refused(session, body.token))
    session_id, account = opened
    # kept across a browser's restart for the session's length (the server ends it then, or with its token): a field
    # officer whose phone closed the browser was logged out, with a 47-character token to type again on site
    hours = request.app.state.settings.browser_session_hours
    response.set_cookie(
        SESSION_COOKIE,
        session_id,
        max_age=int(hours * 3600),
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return {"username": account.username, "display_name": account.display_name, "role": account.role}


@router.get(
    "/api/session",
    response_model=BrowserSession,
    summary="Who this browser is logged in as ({username: null} when it is not)",
)
def read_session(request: Request, session: TransactionDep) -> dict[str, Any]:
    """A write (the session's last use) in a GET, hence TransactionDep: on the primary, not a replica."""
    cookie = request.cookies.get(SESSION_COOKIE)
    account = account_for_browser_session(session, cookie) if cookie is not None else None
    if account is not None:
        return {"username": account.username, "display_name": account.display_name, "role": account.role}
    why = why_browser_session_ended(session, cookie) if cookie is not None else ("session_ended", None)
    ended = refusal_said(request, *why) if why[0] != "session_ended" else None  # a page opened on it says why
    return {"username": None, "display_name": None, "role": None, "ended": ended}


@router.delete("/api/session", status_code=204, summary="Log a browser out: its session ends at once")
def close_session(request: Request, session: TransactionDep, response: Response) -> None:
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie is not None:
        close_browser_session(session, cookie)
    response.delete_cookie(SESSION_COOKIE, httponly=True, samesite="strict")


@router.get("/login", response_class=HTMLResponse, summary="The login page (?lang=en; ?next=/path to go back to)")
def login_page(
    request: Request,
    lang: LangParam = Language.vi,
    next_path: Annotated[
        str | None, Query(alias="next", description="a path of this site; without it, the page the browser came from")
    ] = None,
) -> HTMLResponse:
    back = _back_to(request, next_path)
    return HTMLResponse(build_login_page(lang.value, back, request.app.state.settings.public_reads))


def _back_to(request: Request, next_path: str | None) -> str:
    """Where logging in goes: ``next`` when it is a path of this site; without it, the page of this site the browser
    came from (its Referer: a field officer who followed a bare /login from the field form was taken to the map, and
    her report with it, trial 51); the map otherwise. Another site's address is never followed."""
    if next_path is not None:
        return next_path if _is_local_path(next_path) else "/"
    came_from = urlsplit(request.headers.get("referer", ""))
    if came_from.netloc != request.url.netloc or came_from.path == "/login":
        return "/"
    path = came_from.path + (f"?{came_from.query}" if came_from.query else "")
    return path if _is_local_path(path) else "/"


LOCAL_PATH = re.compile(r"/(?!/)[A-Za-z0-9._~!$&'()*+,;=:@%/?-]*")


def _is_local_path(target: str) -> bool:
    """Whether ``target`` is a path of this site ("/x?y") written with URL characters only: not "//other.site",
    "/\\other.site", "https://…", nor one carrying markup or spaces (a crafted link must not reach the page)."""
    return LOCAL_PATH.fullmatch(target) is not None and not urlsplit(target).netloc
