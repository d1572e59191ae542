"""The accounts page for administrators."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse
from sqlalchemy import select

from api.deps import SessionDep
from api.params import Language
from geo.models import Agency
from maps.accounts_page import build_accounts_page

router = APIRouter(tags=["accounts"])


@router.get("/accounts", response_class=HTMLResponse, summary="Accounts and tokens page for admins (?lang=en)")
def accounts_page(session: SessionDep, lang: Annotated[Language, Query()] = Language.vi) -> HTMLResponse:
    agencies = dict(session.execute(select(Agency.code, Agency.name_vi).order_by(Agency.code)).all())
    return HTMLResponse(build_accounts_page(lang.value, agencies))
