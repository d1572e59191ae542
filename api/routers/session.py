"""Browser sessions, for a registry whose reads need a login (setting ``public_reads`` off).

POST /api/session checks a token and keeps it in an HttpOnly, same-site cookie, which reads accept (writes still need
the Authorization header); DELETE /api/session forgets it; /login asks for the token. A browser opening a page
without a valid session is sent to /login and back (api/main.py).
"""

from __future__ import annotations

import re
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field

from api.auth import SESSION_COOKIE, account_of_token
from api.params import Language
from maps.login_page import build_login_page

router = APIRouter(tags=["accounts"])


class SessionRequest(BaseModel):
    token: str = Field(min_length=1, description="an access token (georeg token create USERNAME)")


@router.post("/api/session", summary="Log a browser in: its token kept in an HttpOnly cookie that reads accept")
def open_session(request: Request, response: Response, body: SessionRequest) -> dict[str, Any]:
    account = account_of_token(request, body.token)
    response.set_cookie(
        SESSION_COOKIE, body.token, httponly=True, samesite="strict", secure=request.url.scheme == "https"
    )
    return {"username": account.username, "role": account.role}


@router.delete("/api/session", status_code=204, summary="Log a browser out (forget the session cookie)")
def close_session(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, httponly=True, samesite="strict")


@router.get("/login", response_class=HTMLResponse, summary="The login page (?lang=en; ?next=/path to go back to)")
def login_page(
    lang: Annotated[Language, Query()] = Language.vi, next_path: Annotated[str, Query(alias="next")] = "/"
) -> HTMLResponse:
    return HTMLResponse(build_login_page(lang.value, next_path if _is_local_path(next_path) else "/"))


LOCAL_PATH = re.compile(r"/(?!/)[A-Za-z0-9._~!$&'()*+,;=:@%/?-]*")


def _is_local_path(target: str) -> bool:
    """Whether ``target`` is a path of this site ("/x?y") written with URL characters only: not "//other.site",
    "/\\other.site", "https://…", nor one carrying markup or spaces (a crafted link must not reach the page)."""
    return LOCAL_PATH.fullmatch(target) is not None and not urlsplit(target).netloc
