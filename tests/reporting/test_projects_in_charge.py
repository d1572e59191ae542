"""The projects an account may report on, for an officer reporting from the office: searchable without diacritics,
sorted by the oldest state or by name, a page at a time (trial: a Vĩnh Long officer found only the projects near his
phone)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from geo.accounts import create_account, create_token
from geo.jurisdiction import changeable, may_change, not_in_charge, reachable_count, reviewable_of
from geo.models import Account, Project
from geo.queries import in_charge
from geo.queries.in_charge import projects_in_charge
from geo.schedule import OPEN_STATUSES
from geo.stalled import months_before
from geo.vi_format import local_date
from geo.vietnam_day import vietnam_today

URL = "/api/account/projects"


def _in_charge(client, headers, **params):
    answer = client.get(URL, params=params, headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_an_officer_lists_every_project_of_his_agency_a_page_at_a_time(reporting, reporting_client, reporting_engine):
    officer = reporting.headers("officer")
    every = _in_charge(reporting_client, officer, order="name", limit=200)
    with Session(reporting_engine) as session:
        account = session.scalar(select(Account).where(Account.username == "hien.le"))
        assert every["numberMatched"] == reachable_count(session, account) == len(every["projects"]) > 10
    codes = {p["code"] for p in every["projects"]}
    assert {"TV-SUB-110KV-LONG-DUC", "TV-WIND-THANG-LONG"} <= codes and not any(c.startswith("BL-") for c in codes)
    pages = [_in_charge(reporting_client, officer, order="name", limit=4, offset=start)["projects"] for start in (0, 4)]
    assert [p["id"] for p in pages[0] + pages[1]] == [p["id"] for p in every["projects"][:8]]


def test_a_search_without_diacritics_finds_the_projects_by_name_or_code(reporting, reporting_client):
    officer = reporting.headers("officer")
    found = _in_charge(reporting_client, officer, q="nha may dien gio")
    assert found["numberMatched"] == len(found["projects"]) >= 5
    assert all(p["name_vi"].startswith("Nhà máy điện gió") for p in found["projects"])
    assert [p["code"] for p in _in_charge(reporting_client, officer, q="dong hai 1")["projects"]] == [
        "TV-WIND-V1-7-DONG-HAI-1"
    ]
    assert [p["code"] for p in _in_charge(reporting_client, officer, q="tv-sub-110kv-cau")["projects"]] == [
        "TV-SUB-110KV-CAU-NGANG"
    ]
    # another agency's projects are not his, whatever their name
    assert _in_charge(reporting_client, officer, q="bac lieu")["numberMatched"] == 0


def test_the_projects_reported_on_longest_ago_come_first(reporting, reporting_client):
    projects = _in_charge(reporting_client, reporting.headers("officer"), limit=200)["projects"]
    days = [p["status_date"] or "" for p in projects]  # never reported on: first
    assert days == sorted(days) and days[0] < days[-1]
    names = [p["name_vi"] for p in _in_charge(reporting_client, reporting.headers("officer"), order="name")["projects"]]
    assert names.index("Nhà máy điện gió Đông Hải 1 (vị trí V1-7)") < names.index(
        "Nhà máy điện gió Hiệp Thạnh (vị trí V1-5, V1-6)"
    )


def test_the_names_are_in_the_order_people_read_them(reporting_engine):
    """Numbers in a name by their value, Vietnamese letters in Vietnamese order (D before Đ): sorted as text, "… số
    67" came before "… số 7" (user trial 72)."""
    names = ["Cống Dừa", "Cống Đa Lộc", "Trạm bơm số 7", "Trạm bơm số 67"]
    with Session(reporting_engine) as session:  # rolled back: the names are this test's
        account = session.scalar(select(Account).where(Account.username == "hien.le"))
        ids = [p["id"] for p in projects_in_charge(session, account, limit=4)["projects"]]
        for project_id, name in zip(ids, reversed(names), strict=True):
            session.execute(update(Project).where(Project.id == project_id).values(name_vi=name))
        listed = projects_in_charge(session, account, order="name", limit=500)["projects"]
        assert [p["name_vi"] for p in listed if p["id"] in ids] == names


def test_in_english_the_list_by_name_is_in_the_order_of_the_names_it_shows(
    reporting, reporting_client, reporting_engine, monkeypatch
):
    """The English form's "By name" listed the projects in the order of their Vietnamese names ("Boat lock" before "Ba
    Dong embankment", as "Âu thuyền" before "Bờ kè"): in English, by the English name where there is one, else the
    Vietnamese, numbers by their value; two of one shown name by their ids. A large account's page is read along the
    English names of those that have one and the Vietnamese of the others (migration 0054), merged: in the same
    order, by name as by the oldest report first."""
    names = [
        ("Bờ kè Ba Động", "Ba Dong embankment"),
        ("Âu thuyền Vàm Buôn", "Boat lock of Vam Buon"),
        ("Cống Dừa", ""),  # no English name
        ("Cống Dừa (cũ)", "Cống Dừa"),  # the name another shows: the two by their ids
        ("Trạm bơm số 7", "Pumping station no. 7"),
        ("Trạm bơm số 67", "Pumping station no. 67"),
    ]
    with Session(reporting_engine) as session:  # rolled back: the names are this test's
        account = session.scalar(select(Account).where(Account.username == "hien.le"))
        ids = [p["id"] for p in projects_in_charge(session, account, limit=len(names))["projects"]]
        for project_id, (vi, en) in zip(ids, reversed(names), strict=True):
            session.execute(update(Project).where(Project.id == project_id).values(name_vi=vi, name_en=en))
        listed = projects_in_charge(session, account, order="name", limit=500, lang="en")["projects"]
        shown = [(p["name_en"] or p["name_vi"], p["id"]) for p in listed if p["id"] in ids]
        assert [name for name, _ in shown] == [
            "Ba Dong embankment",
            "Boat lock of Vam Buon",
            "Cống Dừa",
            "Cống Dừa",
            *(f"Pumping station no. {n}" for n in (7, 67)),
        ]
        assert shown[2][1] < shown[3][1]
        oldest_first = projects_in_charge(session, account, limit=500, lang="en")["projects"]
        monkeypatch.setattr(in_charge, "WALKED_FROM", 0)  # a page read along the indexes of names
        walked = projects_in_charge(session, account, order="name", limit=500, lang="en")["projects"]
        assert [p["id"] for p in walked] == [p["id"] for p in listed]
        walked = projects_in_charge(session, account, limit=500, lang="en")["projects"]
        assert [p["id"] for p in walked] == [p["id"] for p in oldest_first]
    officer = reporting.headers("officer")
    english = _in_charge(reporting_client, officer, order="name", limit=200, lang="en")["projects"]
    with Session(reporting_engine) as session:
        account = session.scalar(select(Account).where(Account.username == "hien.le"))
        in_process = projects_in_charge(session, account, order="name", limit=200, lang="en")["projects"]
    assert [p["id"] for p in english] == [p["id"] for p in in_process]
    assert english != _in_charge(reporting_client, officer, order="name", limit=200)["projects"]


def test_each_account_lists_what_it_may_report_on(reporting, reporting_client):
    dykes = _in_charge(reporting_client, reporting.headers("dykes"), limit=200)["projects"]
    assert any(p["kind"] == "sea_dyke" for p in dykes)  # its kind within its unit, not its agency's alone
    assert _in_charge(reporting_client, reporting.headers("viewer"))["numberMatched"] == 0
    assert _in_charge(reporting_client, reporting.headers("admin"))["numberMatched"] > len(dykes)
    assert reporting_client.get(URL).status_code == 401
    refused = reporting_client.get(URL, params={"order": "newest"}, headers=reporting.headers("officer"))
    assert refused.status_code == 422 and "order" in refused.text


def _unreported_for_six_months(client, headers):
    return _in_charge(client, headers, no_report_months=6, limit=200)


def test_a_supervisor_lists_the_agencys_projects_nobody_reported_on_for_six_months(reporting, reporting_client):
    """Trial 51's supervisor had only the map's filter and a spreadsheet mixing other agencies' projects."""
    supervisor = reporting.headers("supervisor")
    found = _unreported_for_six_months(reporting_client, supervisor)["projects"]
    mine = {p["id"] for p in _in_charge(reporting_client, supervisor, limit=200)["projects"]}
    six_months_ago = months_before(vietnam_today(), 6)
    assert found and {p["id"] for p in found} <= mine  # the account's own projects only
    assert all(p["status"] in OPEN_STATUSES for p in found)  # nobody owes a report on a finished one
    assert all(p["status_date"] is None or date.fromisoformat(p["status_date"]) <= six_months_ago for p in found)
    days = [p["status_date"] or "" for p in found]
    assert days == sorted(days)  # the longest without a report first (never reported on before any)
    assert {p["lead_agency_code"] for p in found} >= {"TV.SCT"}
    # the agency holding the lead today beside the one the plan named, which ended in the 2025 mergers
    leads = {(p["lead_agency_code"], p["lead_now_code"], p["lead_agency_ended"]) for p in found}
    assert ("TV.SCT", "VL.SCT", "2025-06-30") in leads, leads
    reported = found[0]
    sent = reporting_client.post(
        f"/api/projects/{reported['id']}/status",
        data={"status": reported["status"], "percent": str(reported["percent"] or 0), "lon": "106.34", "lat": "9.98"}
        | {"confirm_distance": "true"},
        headers=reporting.headers("officer"),
    )
    assert sent.status_code == 201, sent.text
    assert reported["id"] not in {p["id"] for p in _unreported_for_six_months(reporting_client, supervisor)["projects"]}


PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1366, "height": 900}}


@pytest.mark.parametrize(("lang", "device"), [("vi", PHONE), ("en", DESKTOP)])
def test_the_supervisor_reads_them_on_the_reports_page_the_longest_first(
    reporting, reporting_client, reporting_server, browser, lang, device
):
    """On /status-reports, where the supervisor reviews the reports: logged in, the projects in the account's charge
    with no report for 6 months, each with its state, latest report's day and lead agency; not logged in, how to."""
    context = browser.new_context(**device, locale="vi-VN" if lang == "vi" else "en-US")
    page = context.new_page()
    page.goto(f"{reporting_server}/status-reports?lang={lang}")
    page.locator("p.unreported a").click()  # "Log in to see the projects in your charge…"
    page.fill("#token", reporting.tokens["supervisor"])
    page.click("#send")
    page.wait_for_url(re.compile(r"/status-reports(\?lang=en)?$"))  # back on the page, in its language
    listed = _unreported_for_six_months(reporting_client, reporting.headers("supervisor"))
    title = {"vi": "Dự án bạn phụ trách chưa có báo cáo từ 6 tháng", "en": "Your projects with no report for 6 months"}
    expect(page.locator("details.unreported summary")).to_have_text(f"{title[lang]}: {listed['numberMatched']}")
    rows = page.locator("table.unreported tr:has(td)")
    expect(rows).to_have_count(min(listed["numberMatched"], 30))
    first, cells = listed["projects"][0], rows.first.locator("td")
    expect(cells.nth(0)).to_contain_text(first["code"])
    never = {"vi": "chưa có báo cáo nào", "en": "no report yet"}[lang]
    day = first["status_date"] and local_date(date.fromisoformat(first["status_date"]), lang)
    expect(cells.nth(2)).to_contain_text(day or never)
    if page.locator("details.unreported").get_attribute("open") is None:  # folded on a phone: the list first
        page.locator("details.unreported summary").click()
    agencies = rows.locator("td:nth-child(4)").all_inner_texts()
    today = {  # Trà Vinh's department of industry ended on 30/06/2025: the one in charge now first
        "vi": "Sở Công Thương tỉnh Vĩnh Long (VL.SCT)\n"
        "trước đây là Sở Công Thương tỉnh Trà Vinh (TV.SCT), đến 30/06/2025",
        "en": "Department of Industry and Trade, Vĩnh Long (VL.SCT)\n"
        "formerly Department of Industry and Trade, Trà Vinh (TV.SCT), until 30 Jun 2025",
    }[lang]
    assert today in agencies, agencies
    assert page.evaluate("document.documentElement.scrollWidth") <= device["viewport"]["width"]
    context.close()


def test_an_account_in_charge_of_no_project_reads_so_not_that_every_one_was_reported_on(
    reporting, reporting_server, reporting_engine, browser
):
    """Trial 68: a department of finance, in charge of no project, read on /status-reports "every unfinished project
    in your charge has had a report in the last 6 months", true only because there are none. It reads that it is in
    charge of none, and what it can read instead. (A department leading plan actions reads what it does instead:
    below; this one, Cà Mau's industry and trade, leads none in the sample.)"""
    with Session(reporting_engine) as session, session.begin():
        finance = create_account(
            session, "trade.cm", role="editor", agency_code="CM.SCT", display_name="Sở Công Thương"
        )
        token = create_token(session, finance)[0]
        assert reachable_count(session, finance) == 0
    context = browser.new_context(**PHONE)
    page = context.new_page()
    assert page.request.post(f"{reporting_server}/api/session", data={"token": token}).ok  # logged in, as at /login
    for lang, said, the_map in (
        ("vi", "Bạn chưa phụ trách dự án nào", "bản đồ"),
        ("en", "You are in charge of no", "map"),
    ):
        page.goto(f"{reporting_server}/status-reports?lang={lang}")
        unreported = page.locator("p.unreported")
        expect(unreported).to_contain_text(said)
        expect(unreported).not_to_contain_text("6")  # no "report in the last 6 months" of projects there are not
        expect(unreported.get_by_role("link", name=the_map)).to_have_attribute("href", f"/?lang={lang}")
    context.close()


@pytest.mark.parametrize(
    ("lang", "said", "link"),
    [
        ("vi", "Việc của bạn là báo cáo năm", "Báo cáo hằng năm"),
        ("en", "Your work is the yearly reports", "yearly reports"),
    ],
)
def test_an_editor_of_an_agency_of_yearly_reports_alone_reads_its_work_not_to_be_given_units_and_kinds(
    reporting, reporting_server, reporting_engine, browser, lang, said, link
):
    """Session 66: an editor of Cà Mau's department of education (plan 148's actions 2, 2.1 and 2.2; no project) read
    on /status-reports to ask the administrator for units and kinds, which such an agency is never given. It reads
    that its work is the yearly reports of the actions it leads, named, on /monitoring."""
    with Session(reporting_engine) as session, session.begin():
        education = create_account(session, f"education.{lang}", role="editor", agency_code="CM.SGDDT")
        token = create_token(session, education)[0]
        assert reachable_count(session, education) == 0
    context = browser.new_context(**PHONE)
    page = context.new_page()
    assert page.request.post(f"{reporting_server}/api/session", data={"token": token}).ok

    page.goto(f"{reporting_server}/status-reports?lang={lang}")

    unreported = page.locator("p.unreported")
    expect(unreported).to_contain_text(said)
    expect(unreported).to_contain_text("(148/QĐ-UBND 2, 148/QĐ-UBND 2.1, 148/QĐ-UBND 2.2)")
    expect(unreported).not_to_contain_text("quản trị viên" if lang == "vi" else "administrator")
    expect(unreported.get_by_role("link", name=link)).to_have_attribute("href", f"/monitoring?lang={lang}")
    context.close()


def test_an_account_in_charge_of_finished_projects_only_reads_so_not_that_every_unfinished_one_was_reported_on(
    reporting, reporting_server, reporting_engine, browser
):
    """Session 63: an account whose projects are all finished read "every unfinished project in your charge has had
    a report in the last 6 months", true only because there is none. It reads that they are finished."""
    with Session(reporting_engine) as session, session.begin():
        landfill = create_account(  # Bạc Liêu's Tân Tạo landfill alone: in operation
            session, "landfill.cm", role="editor", agency_code="CM.STC", unit_codes=["95"], kinds=["landfill"]
        )
        token = create_token(session, landfill)[0]
        assert reachable_count(session, landfill) == 1 and reachable_count(session, landfill, unfinished=True) == 0
    context = browser.new_context(**PHONE)
    page = context.new_page()
    assert page.request.post(f"{reporting_server}/api/session", data={"token": token}).ok
    for lang, said in (
        ("vi", "Dự án duy nhất bạn phụ trách đã xong (đang vận hành, hoàn thành) hoặc đã hủy bỏ"),
        ("en", "The one project in your charge is finished (in operation, completed) or cancelled"),
    ):
        page.goto(f"{reporting_server}/status-reports?lang={lang}")
        unreported = page.locator("p.unreported")
        expect(unreported).to_contain_text(said)
        expect(unreported).not_to_contain_text("6")  # no "report in the last 6 months" of projects there are not
        page.screenshot(path=f"/tmp/e6_finished_{lang}.png", full_page=False)
    context.close()


def test_an_account_reaches_its_agencys_projects_and_those_of_its_kinds_in_its_units_and_no_other(
    reporting_engine, monkeypatch
):
    """The jurisdiction read as one set (trial 71: project by project, an account of five districts waited 15 s for
    its count at a province's volume): its agency's projects wherever they lie; those of its kinds whose site meets
    one of its units (Duyên Hải, a former district); every one of its kinds of a former province merged into its 2025
    province (Cà Mau: Bạc Liêu's freshwater reservoir, which has no site); not one of another kind in its unit, nor
    one of its kinds elsewhere. Each way of asking gives the same projects."""
    with Session(reporting_engine) as session:  # rolled back: the accounts are this test's
        account = create_account(
            session,
            "reach.mixed",
            role="editor",
            agency_code="TV.SCT",
            unit_codes=["851", "96"],
            kinds=["embankment", "reservoir"],
        )
        viewer = create_account(session, "reach.viewer", role="viewer", unit_codes=["851", "96"], kinds=["embankment"])
        ids = dict(session.execute(select(Project.code, Project.id)).all())
        agencys = {
            "TV-SUB-110KV-LONG-DUC",  # in Châu Thành, none of its units
            "TV-WIND-V1-5-6-HIEP-THANH",  # a wind farm in Duyên Hải, not of its kinds
        }
        in_its_units = {"TV-P10-HIEP-THANH", "BL-14.4-FRESHWATER-STORAGE"}  # an embankment's line; by its province
        not_its = {
            "TV-P6-SEA-DYKE-2",  # in Duyên Hải, a sea dyke
            "TV-P8-CON-HO",  # an embankment in Càng Long
            "TV-LANG-THE-RESERVOIR",  # a reservoir in Càng Long and Châu Thành
            "BL-13.4-TAN-TAO-LANDFILL",  # in Bạc Liêu (Cà Mau since 2025), a landfill
        }
        reached = changeable(session, account, list(ids.values()))
        assert {ids[code] for code in agencys | in_its_units} <= reached
        assert not {ids[code] for code in not_its} & reached
        listed = projects_in_charge(session, account, order="name", limit=500)
        assert (
            {p["id"] for p in listed["projects"]}
            == reached
            == {i for i in ids.values() if may_change(session, account, i)}
        )
        assert listed["numberMatched"] == reachable_count(session, account) == len(reached)
        monkeypatch.setattr(in_charge, "WALKED_FROM", 0)  # a page read along the names, each project tested
        walked = projects_in_charge(session, account, order="name", limit=500)
        assert [p["id"] for p in walked["projects"]] == [p["id"] for p in listed["projects"]]
        province = create_account(session, "reach.province", role="editor", unit_codes=["96"], kinds=["reservoir"])
        its_own = changeable(session, province, list(ids.values()))  # counted one by one: a province alone
        assert ids["BL-14.4-FRESHWATER-STORAGE"] in its_own and reachable_count(session, province) == len(its_own)
        assert (
            "it lies in none of your units"
            in not_in_charge(session, account, session.get(Project, ids["TV-P8-CON-HO"])).en
        )
        its_checks = reviewable_of(session, viewer, list(ids.values()))  # its agency, none, counts for nothing
        assert its_checks == {ids["TV-P10-HIEP-THANH"]}
