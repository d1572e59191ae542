"""The projects an account may report on, for an officer reporting from the office: searchable without diacritics,
sorted by the oldest state or by name, a page at a time (trial: a Vĩnh Long officer found only the projects near his
phone)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from geo.jurisdiction import reachable_count
from geo.models import Account

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


def test_each_account_lists_what_it_may_report_on(reporting, reporting_client):
    dykes = _in_charge(reporting_client, reporting.headers("dykes"), limit=200)["projects"]
    assert any(p["kind"] == "sea_dyke" for p in dykes)  # its kind within its unit, not its agency's alone
    assert _in_charge(reporting_client, reporting.headers("viewer"))["numberMatched"] == 0
    assert _in_charge(reporting_client, reporting.headers("admin"))["numberMatched"] > len(dykes)
    assert reporting_client.get(URL).status_code == 401
    refused = reporting_client.get(URL, params={"order": "newest"}, headers=reporting.headers("officer"))
    assert refused.status_code == 422 and "order" in refused.text
