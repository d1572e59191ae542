"""The yearly reporting page (/monitoring) and its script and style files."""

from __future__ import annotations

import re

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from api.deps import SessionDep
from api.params import LangParam, Language
from geo.agencies import all_agencies, exists_on, plans_of_agencies
from geo.models import Agency
from geo.queries.field_reports import reports_to_review
from geo.queries.projects import provinces_today
from geo.queries.units import provinces
from geo.submissions import reporting_years
from geo.vi_format import vi_sort_key
from geo.vietnam_day import vietnam_today
from maps.monitoring_page import SCRIPT, STYLE, AgencyChoice, build_monitoring_page

router = APIRouter(tags=["submissions"])


@router.get("/monitoring", response_class=HTMLResponse, summary="Yearly reports: owed, writing, review (?lang=en)")
def monitoring_page(session: SessionDep, lang: LangParam = Language.vi) -> HTMLResponse:
    today = vietnam_today()
    names_of = {u.code: u.name_vi if lang is Language.vi else u.name_en for u in provinces(session)}
    plans_of = plans_of_agencies(session)  # an agency of no plan's province (a former Cà Mau one) is not offered
    choices = {
        a.code: AgencyChoice(
            _with_province(a, lang, names_of), plans_of[a.code], a.valid_from, a.valid_to, exists_on(a, today)
        )
        for a in all_agencies(session)
        if a.code in plans_of
    }
    # today's agencies first, then the former ones (for their past reports), each by name
    names = dict(sorted(choices.items(), key=lambda choice: (not choice[1].current, vi_sort_key(choice[1].name))))
    # a plan's province and the 2025 one it was merged into: a Cà Mau agency owing nothing opens on Bạc Liêu's plan
    plans = {}
    for code, (year, province) in reporting_years(session, today).items():
        codes = provinces_today(session, province) if province else []
        plans[code] = (year, codes, [_short(names_of.get(c, c)) for c in codes])
    return HTMLResponse(build_monitoring_page(lang.value, plans, names, reports_to_review(session)))


def _with_province(agency: Agency, lang: Language, provinces: dict[str, str]) -> str:
    """The agency's name, followed by its province unless the name says it ("Sở Tài chính – Bạc Liêu")."""
    name = agency.name_vi if lang is Language.vi else agency.name_en
    province = _short(provinces.get(agency.province_code or "", ""))
    return name if not province or province in name else f"{name} – {province}"


def _short(province: str) -> str:
    """A province's name without its kind: "Bạc Liêu" for "Tỉnh Bạc Liêu" or "Bạc Liêu Province"."""
    return re.sub(r"^(Tỉnh|Thành phố)\s+|\s+(Province|City)$", "", province)


@router.get("/monitoring/page.js", include_in_schema=False)
def monitoring_script() -> Response:
    return Response(SCRIPT, media_type="text/javascript; charset=utf-8")


@router.get("/monitoring/page.css", include_in_schema=False)
def monitoring_style() -> Response:
    return Response(STYLE, media_type="text/css; charset=utf-8")
