"""Accounts and tokens over the API: admins only, the same rules as the CLI, audited, tokens shown once."""

from __future__ import annotations

import json
import re
import threading
from concurrent.futures import ThreadPoolExecutor

from fastapi.testclient import TestClient
from sqlalchemy import event, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from geo.accounts import create_account, update_account
from geo.models import AuditLogEntry

VI = {"Accept-Language": "vi"}
NEW = {"username": "khanh.tran", "role": "editor", "agency": "TV.SNNPTNT", "units": ["84"], "kinds": ["sea_dyke"]}


def test_an_admin_creates_an_account_issues_a_token_that_works_and_revokes_it(
    reporting, reporting_client, reporting_engine
):
    admin = reporting.headers("admin")

    created = reporting_client.post("/api/accounts", json=NEW, headers=admin)

    assert created.status_code == 201, created.text
    # its agency merged away in 2025: the answer says when, and which holds its duties now
    ended = {"agency_ended_on": "2025-02-28", "agency_now": "VL.SNNMT"}
    # an agency that reviews no plan's yearly reports: it reports on projects (reviews: [])
    expected = {
        **NEW,
        "id": 0,
        "display_name": "khanh.tran",
        "is_active": True,
        **ended,
        "reviews": [],
        "writes_reports": [],
    }
    assert created.json() | {"id": 0} == expected
    issued = reporting_client.post(
        "/api/accounts/khanh.tran/tokens", json={"name": "điện thoại", "days": 7}, headers=admin
    )
    assert issued.status_code == 201 and issued.json()["token"].startswith("grt_")
    token = issued.json()["token"]
    session = reporting_client.post("/api/session", json={"token": token})
    assert session.status_code == 200 and session.json() == {
        "username": "khanh.tran",
        "display_name": "khanh.tran",
        "role": "editor",
        "ended": None,  # a session that ended would say why (deactivated, token revoked)
    }
    listed = reporting_client.get("/api/accounts/khanh.tran/tokens", headers=admin).json()
    assert [t["name"] for t in listed] == ["điện thoại"] and all("token" not in t for t in listed)

    revoked = reporting_client.post(f"/api/tokens/{issued.json()['id']}/revoke", headers=admin)

    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    assert reporting_client.post("/api/session", json={"token": token}).status_code == 401
    again = reporting_client.post(f"/api/tokens/{issued.json()['id']}/revoke", headers=admin)
    assert again.status_code == 409 and "was already revoked at" in again.json()["detail"], again.text
    with reporting_engine.connect() as connection:
        entries = connection.execute(
            select(AuditLogEntry.action, AuditLogEntry.entity, AuditLogEntry.actor, AuditLogEntry.changes)
            .where(AuditLogEntry.entity.in_(("account", "api_token")))
            .order_by(AuditLogEntry.id.desc())
            .limit(3)
        ).all()
    actions = [(e.action, e.entity) for e in entries]
    assert actions == [("revoke", "api_token"), ("create", "api_token"), ("create", "account")]
    assert {e.actor for e in entries} == {"admin"}
    assert all(token not in str(e.changes) for e in entries)
    # whose token was revoked, which and since when; whom the account created is (trial s73: "changes": {})
    assert entries[0].changes == entries[1].changes
    assert entries[0].changes["account"] == "khanh.tran" and entries[0].changes["name"] == "điện thoại"
    assert set(entries[0].changes) == {"account", "name", "created_at", "expires_at"}
    assert entries[2].changes["username"] == entries[2].changes["display_name"] == "khanh.tran"


def test_only_admins_manage_accounts_and_bad_requests_are_named(reporting, reporting_client):
    for who in ("sct", "viewer"):
        assert reporting_client.get("/api/accounts", headers=reporting.headers(who)).status_code == 403
        refused = reporting_client.post("/api/accounts", json=NEW | {"username": "x.y"}, headers=reporting.headers(who))
        assert refused.status_code == 403
    assert reporting_client.get("/api/accounts").status_code == 401
    admin = reporting.headers("admin")
    taken = reporting_client.post("/api/accounts", json=NEW | {"username": "sct_editor"}, headers=admin)
    no_agency = reporting_client.post("/api/accounts", json=NEW | {"username": "a.b", "agency": "XX"}, headers=admin)
    no_role = reporting_client.post("/api/accounts", json=NEW | {"username": "c.d", "role": "boss"}, headers=admin)
    assert taken.status_code == 409 and "already exists" in taken.json()["detail"]
    assert no_agency.status_code == 422 and "no agency with code 'XX'" in no_agency.json()["detail"]
    assert no_role.status_code == 422 and "unknown role" in no_role.json()["detail"]
    assert reporting_client.post("/api/accounts/nobody/tokens", json={}, headers=admin).status_code == 404
    assert reporting_client.post("/api/tokens/999999/revoke", headers=admin).status_code == 404
    usernames = {a["username"] for a in reporting_client.get("/api/accounts", headers=admin).json()}
    assert "a.b" not in usernames and "c.d" not in usernames


def test_an_admin_corrects_an_account_and_its_former_values_are_audited(reporting, reporting_client, reporting_engine):
    """A trial's administrator gave an officer the wrong units and had no way to correct them but a new account."""
    admin = reporting.headers("admin")
    made = reporting_client.post("/api/accounts", json=NEW | {"username": "hoa.le"}, headers=admin)
    assert made.status_code == 201, made.text
    changes = {"display_name": "Lê Thị Hoa", "agency": "VL.SNNMT", "units": ["29536"], "kinds": ["sea_dyke", "sluice"]}

    changed = reporting_client.patch("/api/accounts/hoa.le", json=changes, headers=admin)

    assert changed.status_code == 200, changed.text
    assert {key: changed.json()[key] for key in changes} == changes and changed.json()["role"] == "editor"
    with reporting_engine.connect() as connection:
        entry = connection.execute(
            select(AuditLogEntry.actor, AuditLogEntry.changes)
            .where(AuditLogEntry.entity == "account", AuditLogEntry.action == "update")
            .order_by(AuditLogEntry.id.desc())
            .limit(1)
        ).one()
    assert entry.actor == "admin"
    assert entry.changes["units"] == [["84"], ["29536"]] and entry.changes["agency"] == ["TV.SNNPTNT", "VL.SNNMT"]
    assert "role" not in entry.changes  # only what changed
    no_agency = reporting_client.patch("/api/accounts/hoa.le", json={"agency": None}, headers=admin)
    assert no_agency.status_code == 200 and no_agency.json()["agency"] is None


def test_a_deactivated_accounts_tokens_and_logins_stop_at_once_and_work_again_when_it_is_activated(
    reporting, reporting_client
):
    admin = reporting.headers("admin")
    assert reporting_client.post("/api/accounts", json=NEW | {"username": "moved.on"}, headers=admin).status_code == 201
    token = reporting_client.post("/api/accounts/moved.on/tokens", json={}, headers=admin).json()["token"]
    browser = TestClient(reporting_client.app)
    assert browser.post("/api/session", json={"token": token}).status_code == 200

    off = reporting_client.patch("/api/accounts/moved.on", json={"is_active": False}, headers=admin)

    assert off.status_code == 200 and off.json()["is_active"] is False
    assert reporting_client.post("/api/session", json={"token": token}).status_code == 401
    assert browser.get("/api/session").json()["username"] is None  # the browser logged in before is out too
    told = reporting_client.get("/api/accounts", headers={"Authorization": f"Bearer {token}"} | VI)
    assert told.status_code == 401 and "đang bị ngừng" in told.json()["detail"]  # not "ask for a new token"
    refused = reporting_client.post("/api/accounts/moved.on/tokens", json={}, headers=admin)
    assert refused.status_code == 422 and "is deactivated" in refused.json()["detail"]  # a new one would not work
    assert reporting_client.patch("/api/accounts/moved.on", json={"is_active": True}, headers=admin).status_code == 200
    assert reporting_client.post("/api/session", json={"token": token}).status_code == 200  # the token works again
    assert browser.get("/api/session").json()["username"] is None  # a browser left logged in is not, again


def test_corrections_that_would_break_an_account_or_lock_administrators_out_are_refused_and_change_nothing(
    reporting, reporting_client
):
    admin = reporting.headers("admin")
    assert reporting_client.post("/api/accounts", json=NEW | {"username": "kept.as"}, headers=admin).status_code == 201
    half = reporting_client.patch("/api/accounts/kept.as", json={"kinds": []}, headers=admin | VI)
    assert half.status_code == 422 and "có đơn vị mà không có loại dự án" in half.json()["detail"], half.text
    assert "loại Đê biển, mã sea_dyke" in half.json()["detail"]  # the kind as the page's boxes name it
    own = reporting_client.patch("/api/accounts/admin", json={"is_active": False}, headers=admin)
    assert own.status_code == 422 and "cannot demote or deactivate their own account" in own.json()["detail"]
    demoted = reporting_client.patch("/api/accounts/admin", json={"role": "editor"}, headers=admin)
    assert demoted.status_code == 422
    assert reporting_client.patch("/api/accounts/nobody", json={"role": "viewer"}, headers=admin).status_code == 404
    assert reporting_client.patch("/api/accounts/kept.as", json={"role": "boss"}, headers=admin).status_code == 422
    by_editor = reporting_client.patch(
        "/api/accounts/kept.as", json={"role": "admin"}, headers=reporting.headers("sct")
    )
    assert by_editor.status_code == 403
    listed = {a["username"]: a for a in reporting_client.get("/api/accounts", headers=admin).json()}
    assert listed["kept.as"]["kinds"] == ["sea_dyke"] and listed["kept.as"]["role"] == "editor"
    assert listed["admin"]["role"] == "admin" and listed["admin"]["is_active"]


def test_a_username_the_login_would_refuse_is_refused_in_the_requests_language(reporting, reporting_client):
    """Pydantic's English ("String should match pattern …") reached the Vietnamese page."""
    refused = reporting_client.post(
        "/api/accounts", json=NEW | {"username": "Bình Trần"}, headers=reporting.headers("admin") | VI
    )
    assert refused.status_code == 422
    assert "tên đăng nhập 'Bình Trần' không hợp lệ" in refused.json()["detail"], refused.text


def test_a_change_made_from_values_another_admin_changed_since_is_refused_and_saves_nothing(
    reporting, reporting_client
):
    """A trial's two administrators edited one account at once: the later save put back the units the earlier had
    changed, and neither was told."""
    admin = reporting.headers("admin")
    assert (
        reporting_client.post("/api/accounts", json=NEW | {"username": "two.admins"}, headers=admin).status_code == 201
    )
    first = {"units": ["29536"], "was": {"units": ["84"]}}
    assert reporting_client.patch("/api/accounts/two.admins", json=first, headers=admin).status_code == 200

    stale_units = {"units": ["850"], "was": {"units": ["84"]}}
    stale = reporting_client.patch("/api/accounts/two.admins", json=stale_units, headers=admin | VI)

    assert stale.status_code == 409 and "đã được người khác sửa" in stale.json()["detail"], stale.text
    for lang, asked in (("vi", VI), ("en", {})):  # the field named as /accounts' list heads it (one source of both)
        refused = reporting_client.patch("/api/accounts/two.admins", json=stale_units, headers=admin | asked)
        named = re.search(r": (.+?) \(«", refused.json()["detail"])[1]
        page = reporting_client.get("/accounts", params={"lang": lang}).text
        assert named[0].upper() + named[1:] in json.loads(re.search(r'"columns": (\[.*?\])', page)[1]), named
    listed = {a["username"]: a for a in reporting_client.get("/api/accounts", headers=admin).json()}
    assert listed["two.admins"]["units"] == ["29536"]
    unknown = reporting_client.patch("/api/accounts/two.admins", json={"username": "renamed"}, headers=admin)
    loose = reporting_client.patch("/api/accounts/two.admins", json={"is_active": "no"}, headers=admin)
    assert unknown.status_code == 422 and loose.status_code == 422


def test_two_administrators_demoting_each_other_at_once_leave_one(reporting, reporting_client, reporting_engine):
    """Both answered 200 in a trial, five times out of five, and the registry was left with no administrator."""
    with reporting_engine.begin() as connection:  # these two the only administrators, whatever tests ran before
        connection.execute(text("UPDATE account SET is_active = false WHERE role = 'admin' AND username <> 'admin'"))
    admin = reporting.headers("admin")
    made = reporting_client.post("/api/accounts", json={"username": "admin.two", "role": "admin"}, headers=admin)
    issued = reporting_client.post("/api/accounts/admin.two/tokens", json={}, headers=admin)
    assert made.status_code == 201 and issued.status_code == 201
    other = {"Authorization": f"Bearer {issued.json()['token']}"}
    start = threading.Barrier(2)

    def demote(target: str, headers: dict) -> int:
        start.wait()
        return reporting_client.patch(f"/api/accounts/{target}", json={"role": "editor"}, headers=headers).status_code

    with ThreadPoolExecutor(2) as pool:
        answers = sorted(pool.map(demote, ["admin.two", "admin"], [admin, other]))
    with reporting_engine.connect() as connection:
        left = (
            connection.execute(
                text("SELECT username FROM account WHERE role = 'admin' AND is_active ORDER BY username")
            )
            .scalars()
            .all()
        )
    with Session(reporting_engine) as session, session.begin():  # the suite's admin stays the admin
        update_account(session, "admin", {"role": "admin"})
        update_account(session, "admin.two", {"is_active": False})
    assert answers[0] == 200 and answers[1] in (401, 403, 422), answers
    assert left and set(left) <= {"admin", "admin.two"} and len(set(left) & {"admin", "admin.two"}) == 1, left


def test_usernames_that_begin_with_a_dot_or_dash_or_differ_only_by_case_are_refused(reporting, reporting_client):
    admin = reporting.headers("admin")
    for name in ("..", "--help", "-x", ".an"):
        refused = reporting_client.post("/api/accounts", json=NEW | {"username": name}, headers=admin)
        assert refused.status_code == 422 and "beginning with a letter or digit" in refused.json()["detail"], name
    assert reporting_client.post("/api/accounts", json=NEW | {"username": "hoa.pham"}, headers=admin).status_code == 201
    twin = reporting_client.post("/api/accounts", json=NEW | {"username": "HOA.PHAM"}, headers=admin)
    assert twin.status_code == 409 and "'hoa.pham' already exists" in twin.json()["detail"]
    twice = reporting_client.post(
        "/api/accounts", json=NEW | {"username": "unit.twice", "units": ["850", "850"], "kinds": ["sluice"] * 2},
        headers=admin,
    )  # fmt: skip
    assert twice.status_code == 201 and (twice.json()["units"], twice.json()["kinds"]) == (["850"], ["sluice"])


def test_an_account_reads_what_it_may_report_on_in_the_language_asked(reporting, reporting_client):
    dykes = reporting_client.get("/api/account", params={"lang": "en"}, headers=reporting.headers("dykes"))
    assert dykes.status_code == 200, dykes.text
    body = dykes.json()
    assert (body["username"], body["role"], body["reports_on"]) == ("donghai_dykes", "editor", "own")
    assert body["agency"]["code"] == "TV.SNNPTNT" and body["kinds"] == [{"code": "sea_dyke", "name": "Sea dyke"}]
    assert [unit["code"] for unit in body["units"]] == ["29536"] and "Đông Hải" in body["units"][0]["name"]
    in_vietnamese = reporting_client.get("/api/account", headers=reporting.headers("dykes")).json()
    assert in_vietnamese["kinds"] == [{"code": "sea_dyke", "name": "Đê biển"}]
    assert reporting_client.get("/api/account", headers=reporting.headers("admin")).json()["reports_on"] == "all"
    assert reporting_client.get("/api/account", headers=reporting.headers("viewer")).json()["reports_on"] == "none"
    assert reporting_client.get("/api/account").status_code == 401


def test_an_account_of_todays_agency_is_told_it_reports_for_the_former_one_it_took_over(reporting, reporting_client):
    """Vĩnh Long's department of industry holds Trà Vinh's duties since 1 July 2025: its officer reports on projects
    labelled TV.SCT, and is told so."""
    admin = reporting.headers("admin")
    made = reporting_client.post(
        "/api/accounts", json={"username": "vl.sct", "role": "editor", "agency": "VL.SCT"}, headers=admin
    )
    token = reporting_client.post("/api/accounts/vl.sct/tokens", json={}, headers=admin)
    assert made.status_code == 201 and token.status_code == 201, (made.text, token.text)
    body = reporting_client.get("/api/account", headers={"Authorization": f"Bearer {token.json()['token']}"}).json()
    assert body["agency"]["code"] == "VL.SCT" and [a["code"] for a in body["agencies_held"]] == ["TV.SCT"]
    assert reporting_client.get("/api/account", headers=reporting.headers("dykes")).json()["agencies_held"] == []


def test_an_account_of_an_agency_that_has_ended_is_told_whose_its_reports_are_read_as_and_to_be_moved(
    reporting, reporting_client
):
    """An officer of Trà Vinh's department of industry (ended 30/06/2025) sent reports without a word (trial s71):
    his account and each report's answer say that the report is recorded, his, and listed as that of Vĩnh Long's
    department, which holds the duties, and name the administrator's command; a viewer (it sends none) and an
    account of no agency are told nothing."""
    said = {
        "vi": "Tài khoản của bạn vẫn thuộc Sở Công Thương tỉnh Trà Vinh (TV.SCT), cơ quan đã kết thúc ngày 30/06/2025: "
        "báo cáo của bạn vẫn được ghi nhận, mang tên bạn, là của cơ quan giữ nhiệm vụ của nó vào ngày báo cáo — nay "
        "là Sở Công Thương tỉnh Vĩnh Long (VL.SCT).",
        "en": "Your account still belongs to Department of Industry and Trade, Trà Vinh (TV.SCT), which ended on 30 "
        "Jun 2025: your reports are recorded, under your name, as of the agency holding its duties on their day — now "
        "Department of Industry and Trade, Vĩnh Long (VL.SCT).",
    }
    for lang in ("vi", "en"):
        note = reporting_client.get("/api/account", params={"lang": lang}, headers=reporting.headers("sct")).json()
        assert note["agency_note"].startswith(said[lang]), note
        assert note["agency_note"].endswith("georeg account update sct_editor --agency VL.SCT."), note
        sent = reporting_client.post(
            "/api/projects/14/status",  # TV-LINE-CON-BAN-CHAT, TV.SCT's, reported on its line
            data={"status": "proposed", "percent": "0", "lon": "106.019885", "lat": "9.863338"},
            headers=reporting.headers("sct") | ({"Accept-Language": "vi"} if lang == "vi" else {}),
        )
        assert sent.status_code in (200, 201) and sent.json()["agency_note"] == note["agency_note"], sent.text
    for who in ("viewer", "admin"):
        assert reporting_client.get("/api/account", headers=reporting.headers(who)).json()["agency_note"] is None


def test_an_officer_of_ca_mau_is_told_the_bac_lieu_departments_it_holds_not_its_own_before_the_merger(
    reporting, reporting_client
):
    """Trial 61: a CM.SNNMT officer's form listed "Sở Nông nghiệp và Môi trường tỉnh Cà Mau (trước hợp nhất)" beside
    its own department, one body said as two. The former Cà Mau's department is its own, said once; Bạc Liêu's are
    listed, and their projects and the former one's are all reached."""
    admin = reporting.headers("admin")
    made = reporting_client.post(
        "/api/accounts", json={"username": "cm.snnmt", "role": "editor", "agency": "CM.SNNMT"}, headers=admin
    )
    token = reporting_client.post("/api/accounts/cm.snnmt/tokens", json={}, headers=admin)
    assert made.status_code == 201 and token.status_code == 201, (made.text, token.text)
    for lang, named in (
        ("vi", "Sở Nông nghiệp và Môi trường tỉnh Bạc Liêu"),
        ("en", "Agriculture and Environment, Bạc"),
    ):
        body = reporting_client.get(
            "/api/account", params={"lang": lang}, headers={"Authorization": f"Bearer {token.json()['token']}"}
        ).json()
        assert [a["code"] for a in body["agencies_held"]] == ["BL.SNNMT", "BL.SNNPTNT", "BL.STNMT"], body
        assert named in body["agencies_held"][0]["name"]
    before = [link["code"] for link in reporting_client.get("/api/agencies/CM.SNNMT").json()["links"]]
    assert "CMC.SNNMT" in before  # it holds the former one's duties, but is not told so: it is its own


def test_the_account_list_answers_while_an_account_is_created(reporting, reporting_client, reporting_engine):
    """CI: the accounts page's list answered 500 (KeyError 'lan.pham'): the account its admin had just created was
    committed between the list's two reads, the accounts and their projects' counts. Created there on purpose: the
    list answers, the new account in it or not, none without its count."""
    created = []

    def create_between(conn, cursor, statement, parameters, context, executemany):
        if "array_agg" in statement and "account" in statement and not created:
            created.append("giua.chung")  # first: the account's own statements pass through here too
            with Session(reporting_engine) as other, other.begin():
                create_account(other, created[0], role="viewer")

    event.listen(Engine, "before_cursor_execute", create_between)
    try:
        listed = reporting_client.get("/api/accounts", headers=reporting.headers("admin"))
    finally:
        event.remove(Engine, "before_cursor_execute", create_between)
        with reporting_engine.begin() as connection:
            connection.execute(text("DELETE FROM account WHERE username = 'giua.chung'"))
    assert created and listed.status_code == 200, listed.text
    assert all(isinstance(account["projects_in_charge"], int) for account in listed.json())
