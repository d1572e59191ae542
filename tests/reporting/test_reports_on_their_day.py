"""/status-reports reads each report as of its day (an administrator's trial, session 71): the senders' agency filter
chooses by the agency each row names, the one the sender reported for that day (an officer moved since to another
agency: his earlier reports stay his former agency's), and a back-dated report's "before" is the status in force on
its day, not the one it was recorded after; in the page, the API and the list's files alike."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from geo.accounts import create_account, create_token, update_account
from geo.audit import record
from geo.models import Project
from geo.status_history import append_status_event
from geo.vietnam_day import vietnam_today

IRRIGATION = "TV-P9-MY-VAN-RUM-SOC-CAI-HOP"  # proposed, 0 % since 2017 in the sample
WIND_FARM = ("TV-WIND-THANG-LONG", 106.275309, 9.884324)  # TV.SCT's, a point no other reporting test reports on


@pytest.fixture(scope="module")
def moved_officer(reporting, reporting_engine) -> str:
    """An officer of Trà Vinh's construction department reports on 01/06/2025, then sends one dated 01/03/2025; moved
    since to Vĩnh Long's department of industry, he reports today."""
    with Session(reporting_engine) as session, session.begin():
        officer = create_account(session, "sxd.moved", role="editor", agency_code="TV.SXD")
        irrigation = session.scalar(select(Project).where(Project.code == IRRIGATION))
        seen = {"reporter_account_id": officer.id, "reporter_name": "sxd.moved", "source": "field report"}
        append_status_event(session, irrigation, status="under_construction", percent=40,
                            reported_at=date(2025, 6, 1), **seen)  # fmt: skip
    with Session(reporting_engine) as session, session.begin():  # recorded after the one of June
        irrigation = session.scalar(select(Project).where(Project.code == IRRIGATION))
        append_status_event(session, irrigation, status="preparing", percent=10, reported_at=date(2025, 3, 1),
                            **seen)  # fmt: skip
    with Session(reporting_engine) as session, session.begin():
        account, moved = update_account(session, "sxd.moved", {"agency": "VL.SCT"})
        record(session, actor="cli", action="update", entity="account", entity_id=account.id, changes=moved)
        irrigation = session.scalar(select(Project).where(Project.code == IRRIGATION))
        append_status_event(session, irrigation, status="under_construction", percent=55,
                            reported_at=vietnam_today(), **seen)  # fmt: skip
    return "sxd.moved"


def _csv(client, lang: str, **chosen: str) -> list[list[str]]:
    answer = client.get("/api/status-reports/table.csv", params=chosen | {"lang": lang})
    return list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig")), delimiter=";" if lang == "vi" else ","))


def test_the_agency_filter_chooses_by_the_agency_of_the_reports_day(moved_officer, reporting_client):
    """The filter chose by the account's agency today: the two reports of 2025 came under VL.SCT, whose row named
    TV.SXD, and TV.SXD found none of them."""
    days = {"TV.SXD": ["2025-03-01", "2025-06-01"], "VL.SCT": [vietnam_today().isoformat()]}
    named = {"TV.SXD": "Sở Xây dựng tỉnh Trà Vinh (TV.SXD)", "VL.SCT": "Sở Công Thương tỉnh Vĩnh Long (VL.SCT)"}
    for agency, reported in days.items():
        chosen = {"reporter": moved_officer, "agency": agency}
        listed = reporting_client.get("/api/status-reports", params=chosen).json()
        assert [(r["reported_at"], r["agency_that_day"]) for r in listed] == [(day, agency) for day in reported]
        assert [row[1] for row in _csv(reporting_client, "en", **chosen)[1:]] == [IRRIGATION] * len(reported)
        page = reporting_client.get("/status-reports", params=chosen | {"lang": "vi"}).text
        assert page.count(f"<small class='agency'>{named[agency]}") == len(reported), page
    page = reporting_client.get("/status-reports", params={"reporter": moved_officer, "lang": "en"}).text
    agencies = page.split('<select name="agency">')[1].split("</select>")[0]  # a former agency offered, with its count
    assert "(TV.SXD) · 2</option>" in agencies and "(VL.SCT) · 1</option>" in agencies, agencies


def test_a_back_dated_reports_before_is_the_status_in_force_on_its_day(moved_officer, reporting_client):
    """The report dated 01/03/2025, sent after the one of 01/06/2025, read "Under construction, 40 % → Investment
    preparation, 10 %": the state of June; on 01/03/2025 the project stood proposed, at 0 %."""
    listed = reporting_client.get("/api/status-reports", params={"reporter": moved_officer}).json()
    before = {r["reported_at"]: (r["status_before"], r["percent_before"]) for r in listed}
    assert before == {
        "2025-03-01": ("proposed", 0),
        "2025-06-01": ("preparing", 10),  # the state on its day, the back-dated report counted
        vietnam_today().isoformat(): ("under_construction", 40),
    }
    rows = _csv(reporting_client, "en", reporter=moved_officer)
    assert [row[6] for row in rows[1:] if row[2] == "1 Mar 2025"] == ["Proposed in the plan, 0 %"], rows
    page = reporting_client.get("/status-reports", params={"reporter": moved_officer, "lang": "vi"}).text
    row = next(r for r in page.split("<tr") if "01/03/2025" in r)
    assert "Đề xuất trong kế hoạch, 0 % →" in row, row


def test_a_report_keeps_its_agency_when_the_account_moves_to_the_successor(
    reporting, reporting_engine, reporting_client
):
    """Trial s73: an officer's account of an agency that had ended (there BL.CCTL, here TV.SCT, ended 30/06/2025)
    reported for its successor (VL.SCT), "account of TV.SCT"; the administrator then moved the account to VL.SCT, as
    the form and the succession advise, and the report lost its note, the API naming VL.SCT as its sender's agency:
    read from the account as it is today. Each event keeps the agency (a single report's, a status file's), as does
    the report's audit entry."""
    code, lon, lat = WIND_FARM
    with Session(reporting_engine) as session, session.begin():
        officer = create_account(session, "tuan.ly", role="editor", agency_code="TV.SCT", display_name="Lý Văn Tuấn")
        token, _ = create_token(session, officer)
        wind_farm = session.scalar(select(Project.id).where(Project.code == code))
    headers = {"Authorization": f"Bearer {token}"}
    sent = {"status": "under_construction", "percent": "40", "lon": lon, "lat": lat, "note": "Trụ tuabin số 3"}
    assert reporting_client.post(f"/api/projects/{wind_farm}/status", data=sent, headers=headers).status_code == 201
    with Session(reporting_engine) as session, session.begin():  # georeg account update tuan.ly --agency VL.SCT
        account, moved = update_account(session, "tuan.ly", {"agency": "VL.SCT"})
        record(session, actor="cli", action="update", entity="account", entity_id=account.id, changes=moved)
    sheet = f"ma,kinh_do,vi_do,trang_thai,tien_do,ghi_chu\n{code},{lon},{lat},under_construction,60,Trụ tuabin số 4\n"
    filed = reporting_client.post(
        "/api/status-imports",
        params={"commit": "true"},
        files={"file": ("tien_do.csv", sheet.encode())},
        headers=headers,
    )
    assert filed.status_code == 201, filed.text

    listed = reporting_client.get("/api/status-reports", params={"reporter": "tuan.ly"}).json()
    named = [(r["note_vi"], r["reporter_agency"], r["agency_that_day"]) for r in listed]
    assert named == [("Trụ tuabin số 4", "VL.SCT", "VL.SCT"), ("Trụ tuabin số 3", "TV.SCT", "VL.SCT")]
    for lang, account_of in (("vi", "tài khoản của TV.SCT"), ("en", "an account of TV.SCT")):
        page = reporting_client.get("/status-reports", params={"reporter": "tuan.ly", "lang": lang}).text
        rows = {note: next(r for r in page.split("<tr") if note in r) for note in ("số 3", "số 4")}
        assert account_of in rows["số 3"] and account_of not in rows["số 4"], rows
    with reporting_engine.connect() as connection:
        audited = connection.scalars(
            text(
                "SELECT l.changes ->> 'agency' FROM audit_log l JOIN account a ON a.id = l.account_id "
                "WHERE a.username = 'tuan.ly' AND l.action = 'report_status' ORDER BY l.id"
            )
        ).all()
    assert audited == ["TV.SCT", "VL.SCT"]
