"""Accounts and tokens over the API: admins only, the same rules as the CLI, audited, tokens shown once."""

from __future__ import annotations

from sqlalchemy import select

from geo.models import AuditLogEntry

NEW = {"username": "khanh.tran", "role": "editor", "agency": "TV.SNNPTNT", "units": ["84"], "kinds": ["sea_dyke"]}


def test_an_admin_creates_an_account_issues_a_token_that_works_and_revokes_it(
    reporting, reporting_client, reporting_engine
):
    admin = reporting.headers("admin")

    created = reporting_client.post("/api/accounts", json=NEW, headers=admin)

    assert created.status_code == 201, created.text
    # its agency merged away in 2025: the answer says when, and which holds its duties now
    ended = {"agency_ended_on": "2025-02-28", "agency_now": "VL.SNNMT"}
    assert created.json() | {"id": 0} == {**NEW, "id": 0, "display_name": "khanh.tran", "is_active": True, **ended}
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
    }
    listed = reporting_client.get("/api/accounts/khanh.tran/tokens", headers=admin).json()
    assert [t["name"] for t in listed] == ["điện thoại"] and all("token" not in t for t in listed)

    revoked = reporting_client.post(f"/api/tokens/{issued.json()['id']}/revoke", headers=admin)

    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    assert reporting_client.post("/api/session", json={"token": token}).status_code == 401
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
