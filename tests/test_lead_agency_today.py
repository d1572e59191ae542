"""The lead agency after the 2025 mergers: who holds the lead today, on the project page, in the map's filter, the
exports and the progress map (trial 42: a planner asking "which agency is responsible now" read Trà Vinh's ended
department everywhere but the annual report, and a filter by today's department found nothing)."""

from __future__ import annotations

import csv
import html
import io
import json
import re

from sqlalchemy import select, text
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from cli.main import app
from geo.agencies import duty_holder
from geo.annual_report import _lead_holders
from geo.annual_report_words import SUCCESSOR_UNCERTAIN
from geo.models import Plan
from geo.vietnam_day import vietnam_today
from maps.pages import _lead_agency
from maps.texts import PAGE_TEXT

LONG_DUC = "TV-SUB-110KV-LONG-DUC"  # a Trà Vinh substation the plan gives its department of industry (TV.SCT)


def _project_id(engine, code: str) -> int:
    with engine.connect() as connection:
        return connection.scalar(text("SELECT id FROM project WHERE code = :c"), {"c": code})


def test_a_project_page_names_the_agency_holding_the_lead_today(client, sample_engine):
    page = client.get(f"/projects/{_project_id(sample_engine, LONG_DUC)}", params={"lang": "vi"}).text
    lead = re.search(r"Cơ quan chủ trì</th><td>([^<]*)", page)[1]
    assert lead == "Sở Công Thương tỉnh Trà Vinh (đến 30/06/2025; nay là Sở Công Thương tỉnh Vĩnh Long, VL.SCT)", lead
    english = client.get(f"/projects/{_project_id(sample_engine, LONG_DUC)}", params={"lang": "en"}).text
    assert "(until 30 Jun 2025; now Department of Industry and Trade, Vĩnh Long, VL.SCT)" in english
    listed = client.get(f"/api/projects/{_project_id(sample_engine, LONG_DUC)}").json()["properties"]
    assert (listed["lead_agency"], listed["lead_now"], listed["lead_now_certain"]) == ("TV.SCT", "VL.SCT", True)


def test_todays_agency_finds_the_projects_of_the_one_it_took_over(client, sample_engine):
    def codes(agency: str) -> set[str]:
        exported = client.get("/api/exports/projects.csv", params={"agency": agency, "lang": "vi"}).text
        return {row["code"] for row in csv.DictReader(io.StringIO(exported.lstrip("\ufeff")))}

    former, today = codes("TV.SCT"), codes("VL.SCT")
    assert LONG_DUC in former and today == former  # it found none
    rows = list(csv.DictReader(io.StringIO(client.get("/api/exports/projects.csv", params={"agency": "VL.SCT"}).text)))
    assert {(r["lead_agency"], r["lead_now"]) for r in rows} == {("TV.SCT", "VL.SCT")}
    progress = client.get("/api/progress", params={"scheme": "pre2025", "level": "province", "agency": "VL.SCT"})
    tra_vinh = next(u for u in progress.json()["units"] if u["code"] == "84")
    assert tra_vinh["projects"] == len(today)
    # the map offers today's department beside the former one, which it names with its last day
    page = client.get("/", params={"lang": "vi"}).text
    agencies = {a["code"]: a["ended"] for a in _choices(page)}
    assert agencies["TV.SCT"] == "2025-06-30" and agencies["VL.SCT"] is None


def test_the_database_and_the_code_agree_on_who_holds_a_duty(sample_engine):
    """geo.agencies.duty_holder asks the database's georeg_duty_holder: an uncertain succession is said so."""
    with Session(sample_engine) as session:
        ids = dict(session.execute(text("SELECT code, id FROM agency")).all())
        transport = duty_holder(session, ids["TV.SGTVT"], vietnam_today())
        assert (transport.code, transport.certain) == ("VL.SXD", False)  # marked uncertain in changes-2025.yaml
        assert duty_holder(session, ids["VL.SCT"], vietnam_today()).code == "VL.SCT"


def _choices(page: str) -> list[dict]:
    found = re.search(r'"agencies": (\[.*?\])', page)
    return json.loads(found[1])


def test_the_former_ca_maus_departments_are_in_the_data_with_their_own_codes_listed_on_their_days(client):
    """Trial 61: the data started CM.SNNMT on 01/07/2025 and held nothing before it, so an administrator invented a code
    and a name for the former Cà Mau's department. Each is in the data until 30/06/2025, taken over by today's of the
    same name, and a list of a day names the one of that day, the former marked "(trước 07/2025)"."""

    def listed(on: str) -> dict[str, str]:
        agencies = client.get("/api/agencies", params={"on": on}).json()["agencies"]
        return {a["code"]: a["name_vi"] for a in agencies if a["code"].split(".")[0] in ("CM", "CMC")}

    before, after = listed("2025-05-01"), listed("2026-01-01")
    assert (
        before["CMC.SNNMT"] == "Sở Nông nghiệp và Môi trường tỉnh Cà Mau (trước 07/2025)" and "CM.SNNMT" not in before
    )
    assert after["CM.SNNMT"] == "Sở Nông nghiệp và Môi trường tỉnh Cà Mau" and "CMC.SNNMT" not in after
    assert {code.split(".")[1] for code in before} <= {code.split(".")[1] for code in after}  # each goes on today
    links = client.get("/api/agencies/CMC.SCT").json()["links"]
    assert [(link["relation"], link["code"], link["certain"]) for link in links] == [("successor", "CM.SCT", True)]


def test_a_succession_not_certain_is_said_in_the_same_words_on_every_surface(
    client, sample_engine, sample_url, commands_use
):
    """The yearly report, /monitoring, a project's page and ``georeg agency`` worded it four ways ("successor
    uncertain", "chưa chắc chắn cơ quan kế thừa", "uncertain"…): one phrase, geo.annual_report_words'."""
    long_duc = client.get(f"/api/projects/{_project_id(sample_engine, LONG_DUC)}").json()["properties"]
    with Session(sample_engine) as session:
        plan = session.scalar(select(Plan).where(Plan.code == "1099/QĐ-UBND"))
        for lang in ("vi", "en"):
            said = f"({SUCCESSOR_UNCERTAIN.text(lang)})"
            transport = _lead_holders(session, plan, 2025, {"TV.SGTVT"}, lang)["TV.SGTVT"]["name"]
            assert transport.endswith(f" {said}"), transport  # the Word, HTML, sheets' lead agency
            monitoring = html.unescape(client.get("/monitoring", params={"lang": lang}).text)
            assert f"⚠ {SUCCESSOR_UNCERTAIN.text(lang)}" in monitoring  # its note, under a task or agency (trial 69)
            # the sample's projects are all led by a certain succession's agency: LONG_DUC as if it were not
            lead = _lead_agency(long_duc | {"lead_now_certain": False}, PAGE_TEXT[lang], lang)
            assert lead.endswith(f", VL.SCT; {SUCCESSOR_UNCERTAIN.text(lang)})"), lead
    commands_use(sample_url)
    listed = CliRunner().invoke(app, ["agency", "list"]).output
    assert f"⚠ {SUCCESSOR_UNCERTAIN.vi}\n⚠ {SUCCESSOR_UNCERTAIN.en}" in listed, listed
