"""Bearer-token authentication for the API: ``Depends(require_role("editor", "admin"))``.

The token logic lives in geo.accounts; this module only reads the Authorization header (or, for reads, the session
cookie set by POST /api/session) and turns the outcome into 401 (no, unknown, expired or revoked token) or 403 (a
role that may not do this). Writes take the header only, so that no other site can make a browser write with its
cookie.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from geo.accounts import account_for_token
from geo.models import Account

bearer = HTTPBearer(
    auto_error=False,
    description="A token from `georeg token create USERNAME` (ask the registry's administrator for an account).",
)
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
SESSION_COOKIE = "georeg_session"


def _unauthorized(message: str) -> HTTPException:
    return HTTPException(401, message, headers={"WWW-Authenticate": "Bearer"})


def authenticate(request: Request, credentials: HTTPAuthorizationCredentials | None) -> Account:
    """The account of the request's bearer token; 401 when there is none or it is not valid."""
    if credentials is None:
        raise _unauthorized("Log in first: send 'Authorization: Bearer <token>' (georeg token create USERNAME).")
    return account_of_token(request, credentials.credentials)


def account_of_token(request: Request, token: str) -> Account:
    """The account ``token`` belongs to; 401 when it is unknown, expired or revoked."""
    with Session(request.app.state.engine, expire_on_commit=False) as session, session.begin():
        account = account_for_token(session, token)
    if account is None:
        raise _unauthorized("The token is unknown, expired or revoked; ask for a new one (georeg token create).")
    return account


def require_role(*roles: str) -> Callable[..., Account]:
    """A dependency that returns the caller's Account if its role is one of ``roles`` (any role if none given)."""

    def dependency(request: Request, credentials: Credentials) -> Account:
        account = authenticate(request, credentials)
        if roles and account.role not in roles:
            raise HTTPException(
                403, f"Your role {account.role!r} may not do this; it needs one of: {', '.join(roles)}."
            )
        return account

    return dependency


def public_read(request: Request, credentials: Credentials) -> Account | None:
    """Reads are open when the setting ``public_reads`` is on (the default); otherwise any valid token, sent as a
    bearer token or kept in the session cookie (pages and image tiles cannot send a header)."""
    if request.app.state.settings.public_reads:
        return None
    token = credentials.credentials if credentials else request.cookies.get(SESSION_COOKIE)
    if token is None:
        raise _unauthorized("Log in first: send 'Authorization: Bearer <token>', or log in at /login in a browser.")
    return account_of_token(request, token)


WRITERS = ("editor", "gis", "admin")
Writer = Annotated[Account, Depends(require_role(*WRITERS))]
