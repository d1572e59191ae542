"""The accounts page for administrators."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from api.deps import SessionDep
from api.params import LangParam, Language
from geo.agencies import all_agencies, exists_on
from geo.queries.units import unit_choices
from geo.vietnam_day import vietnam_today
from maps.accounts_page import build_accounts_page

router = APIRouter(tags=["accounts"])


@router.get("/accounts", response_class=HTMLResponse, summary="Accounts and tokens page for admins (?lang=en)")
def accounts_page(session: SessionDep, lang: LangParam = Language.vi) -> HTMLResponse:
    today = vietnam_today()  # a new account is of an agency that exists today
    agencies = all_agencies(session)
    names = {a.code: a.name_en if lang == Language.en and a.name_en else a.name_vi for a in agencies}
    today_codes = [a.code for a in agencies if exists_on(a, today)]
    return HTMLResponse(build_accounts_page(lang.value, names, today_codes, unit_choices(session)))
