"""Accounts, tokens and jurisdiction: who may report on which project, and the audit log of what they did."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from cli.main import app
from geo.audit import command_line_actor
from geo.models import AuditLogEntry
from geo.vi_format import VIETNAM_TIME, vi_date
from geo.vietnam_day import vietnam_today

SUBSTATION_LONG_DUC = 12  # lead agency TV.SCT, a point
SEA_DYKE_2 = 6  # a 42 km line through the commune Đông Hải (29536)
WIND_DONG_HAI_1 = 20  # a wind farm of TV.SCT, also in Đông Hải


def _report(client, project_id, headers, lon, lat, **fields):
    data = {"status": "under_construction", "percent": "40", "lon": str(lon), "lat": str(lat), **fields}
    return client.post(f"/api/projects/{project_id}/status", data=data, headers=headers)


def _at_substation(client, headers, **fields):
    return _report(client, SUBSTATION_LONG_DUC, headers, 106.338181, 9.978182, **fields)


def _version(client, project_id):
    return client.get(f"/api/projects/{project_id}/history").json()["version"]


def test_writes_without_a_valid_token_are_refused_with_401_and_change_nothing(reporting, reporting_client):
    before = _version(reporting_client, SUBSTATION_LONG_DUC)
    for headers in (
        {},
        {"Authorization": "Bearer grt_not-a-token"},
        reporting.headers("expired"),
        reporting.headers("revoked"),
    ):
        response = _at_substation(reporting_client, headers)
        assert response.status_code == 401, headers
        assert response.headers["WWW-Authenticate"] == "Bearer"
    assert _version(reporting_client, SUBSTATION_LONG_DUC) == before


def test_a_refused_token_says_whether_it_expired_was_revoked_or_is_not_one(reporting, reporting_client):
    """A trial's officer read "unknown, expired or revoked" for each and could not tell whether to ask for a new token
    or paste it again: each is said with its day, in the asker's language."""
    for who, vi, en in (
        ("expired", "Mã truy cập (token) này đã hết hạn lúc", "This token expired at"),
        ("revoked", "Mã truy cập (token) này đã bị thu hồi lúc", "This token was revoked at"),
    ):
        said_vi = _at_substation(reporting_client, reporting.headers(who, **{"Accept-Language": "vi"})).json()
        said_en = _at_substation(reporting_client, reporting.headers(who)).json()
        assert re.match(re.escape(vi) + r" \d\d:\d\d \d\d/\d\d/\d{4};", said_vi["detail"]), said_vi  # hour, day
        assert said_en["detail"].startswith(en), said_en
    mistyped = _at_substation(reporting_client, {"Authorization": "Bearer grt_cut-short"}).json()
    assert mistyped["detail"].startswith("There is no such token: check that the whole token was pasted")


def test_a_viewer_may_read_but_not_report(reporting, reporting_client):
    response = _at_substation(reporting_client, reporting.headers("viewer"))
    assert response.status_code == 403
    assert response.json()["detail"] == (
        "Your role (Viewer) may not do this; it needs one of: Editor (status reports), GIS (loads data), Administrator."
    )


def test_the_vietnamese_pages_are_told_to_log_in_and_refused_a_role_in_vietnamese(reporting, reporting_client):
    """The pages ask in their language (Accept-Language): a field officer's phone in Vietnamese reads why."""
    vi = {"Accept-Language": "vi"}
    for headers, said in (
        ({}, "Hãy đăng nhập trước"),
        ({"Authorization": "Bearer grt_not-a-token"}, "Không có mã truy cập (token) này: hãy kiểm tra đã dán đủ"),
        (
            reporting.headers("viewer"),
            "Vai trò Xem (viewer) của bạn không được làm việc này; cần một trong các vai trò: Cập nhật tiến độ "
            "(editor), Nạp dữ liệu GIS (gis), Quản trị (admin).",
        ),
    ):
        answer = _at_substation(reporting_client, headers | vi)
        assert said in answer.json()["detail"], answer.json()
        assert "Log in" not in answer.json()["detail"] and "may not" not in answer.json()["detail"]
    assert "Log in first" in _at_substation(reporting_client, {}).json()["detail"]  # API clients: English
    page = _at_substation(reporting_client, vi | {"X-Requested-With": "georeg"}).json()["detail"]
    assert page.startswith("Hãy đăng nhập trước (trang /login)") and "Authorization" not in page  # a person's words
    wind = _report(reporting_client, WIND_DONG_HAI_1, reporting.headers("dykes") | vi, 106.4556, 9.5256)
    assert wind.status_code == 403
    said = wind.json()["detail"]["message"]
    assert "không thuộc phạm vi phụ trách của tài khoản" in said and "hãy báo cho cơ quan chủ trì dự án" in said


def test_an_agency_reports_on_its_own_project_but_not_on_another_agencys(reporting, reporting_client):
    assert _at_substation(reporting_client, reporting.headers("sct")).status_code == 201
    refused = _at_substation(reporting_client, reporting.headers("dykes"))
    assert refused.status_code == 403
    assert "jurisdiction" in refused.json()["detail"]["message"]


def test_units_and_kinds_give_jurisdiction_by_geometry(reporting, reporting_client):
    """The Đông Hải commune account may report on the sea dyke crossing its commune, not on a wind farm there."""
    dyke = _report(reporting_client, SEA_DYKE_2, reporting.headers("dykes"), 106.3785, 9.5300)
    assert dyke.status_code == 201, dyke.text
    wind = _report(reporting_client, WIND_DONG_HAI_1, reporting.headers("dykes"), 106.4556, 9.5256)
    assert wind.status_code == 403
    # why, in the account's own terms, and whose it is (trial 51: "not in your jurisdiction" told neither)
    said = wind.json()["detail"]["message"]
    assert "your agency neither leads nor partners it; its kind, “Wind farm”, is not among your account's kinds" in said
    substation = _at_substation(reporting_client, reporting.headers("dykes") | {"Accept-Language": "vi"})
    said = substation.json()["detail"]["message"]
    assert "loại “Trạm biến áp” không có trong các loại dự án giao cho tài khoản" in said
    assert "Cơ quan chủ trì dự án: Sở Công Thương tỉnh Vĩnh Long." in said  # Trà Vinh's, whose duties it holds now


def test_every_write_is_audited_with_who_what_and_where_and_no_token(reporting, reporting_client, reporting_engine):
    response = _at_substation(reporting_client, reporting.headers("sct"), note="Đã lắp máy biến áp")
    assert response.status_code == 201
    version = response.json()["version"]
    with reporting_engine.connect() as connection:
        entry = connection.execute(
            select(AuditLogEntry)
            .where(AuditLogEntry.entity_id == str(SUBSTATION_LONG_DUC))
            .order_by(AuditLogEntry.id.desc())
        ).first()
        everything = connection.execute(text("SELECT string_agg(audit_log::text, ' ') FROM audit_log")).scalar()
    assert entry.actor == "sct_editor" and entry.action == "report_status"
    assert entry.changes["version"] == version and entry.changes["note"] == "Đã lắp máy biến áp"
    assert entry.at.date() >= date.today().replace(day=1)
    assert all(token not in everything for token in reporting.tokens.values())


def test_reads_are_public_unless_the_setting_says_otherwise(reporting, reporting_client):
    from fastapi.testclient import TestClient

    from api.main import create_app

    assert reporting_client.get("/api/projects/near?lon=106.34&lat=9.98").status_code == 200
    closed = TestClient(create_app(reporting.settings.model_copy(update={"public_reads": False})))
    assert closed.get("/api/projects/near?lon=106.34&lat=9.98").status_code == 401
    assert closed.get("/api/projects").status_code == 401
    assert closed.get("/health").status_code == 200
    assert closed.get("/api/projects/near?lon=106.34&lat=9.98", headers=reporting.headers("viewer")).status_code == 200


@pytest.fixture
def georeg(reporting, commands_use):
    """Run the georeg command line in-process against the writable test database."""
    commands_use(reporting.settings.effective_database_url)
    return lambda *args: CliRunner().invoke(app, list(args))


def test_cli_creates_an_account_and_a_token_that_works_until_revoked(georeg, reporting_client):
    made = georeg("account", "create", "tv_sct_field", "--role", "editor", "--agency", "TV.SCT")
    assert made.exit_code == 0, made.output
    issued = georeg("token", "create", "tv_sct_field", "--days", "30", "--name", "phone")
    assert issued.exit_code == 0, issued.output
    token = issued.stdout.strip().splitlines()[-1]
    token_id = issued.stdout.split("token id ")[1].split(",")[0]
    said = " ".join(issued.stdout.split())
    shown = re.search(r"hết hạn (\d\d:\d\d \d\d/\d\d/\d{4}) \(giờ Việt Nam\)", said)  # it said UTC
    expiry = (datetime.now(UTC) + timedelta(days=30)).astimezone(VIETNAM_TIME)
    assert shown and abs(datetime.strptime(shown[1], "%H:%M %d/%m/%Y") - expiry.replace(tzinfo=None)) < timedelta(
        minutes=2
    ), said
    headers = {"Authorization": f"Bearer {token}"}
    assert _at_substation(reporting_client, headers).status_code == 201
    listed = georeg("token", "list", "tv_sct_field")
    assert listed.exit_code == 0 and token_id in listed.output and "phone" in listed.output
    assert token not in listed.output
    assert georeg("token", "revoke", token_id).exit_code == 0
    assert _at_substation(reporting_client, headers).status_code == 401


def test_cli_revoking_a_token_again_says_when_it_was_revoked_and_fails(georeg):
    """A trial's administrator revoked a token twice and read "token 6 revoked" twice, with success: a script could not
    tell that the token it meant had been revoked long before (another token, perhaps, was the one to end)."""
    assert georeg("account", "create", "twice.revoked", "--role", "viewer").exit_code == 0
    token_id = georeg("token", "create", "twice.revoked").stdout.split("token id ")[1].split(",")[0]
    assert georeg("token", "revoke", token_id).exit_code == 0
    again = georeg("token", "revoke", token_id)
    said = " ".join(again.output.split())
    assert again.exit_code == 1, said
    assert re.search(rf"token {token_id} was already revoked at \d\d:\d\d \d+ \w+ \d{{4}}", said), said
    assert f"mã truy cập số {token_id} đã bị thu hồi lúc" in said


def test_cli_audit_shows_the_newest_entries_of_an_account_or_since_a_day(georeg):
    """The guide says every change goes to the audit log, but a trial's administrator had to read it with psql."""
    assert georeg("account", "create", "audit.seen", "--role", "viewer").exit_code == 0
    assert georeg("account", "update", "audit.seen", "--inactive").exit_code == 0
    shown = georeg("audit", "--account", "cli", "--since", vi_date(vietnam_today()), "--limit", "2")
    assert shown.exit_code == 0, shown.output
    headings = [line.split(" · ") for line in shown.output.splitlines() if f" · {command_line_actor()} · " in line]
    assert [heading[2] for heading in headings] == ["update", "create"], shown.output  # newest first
    numbers = [int(heading[-1].split()[-1]) for heading in headings]  # "entry 731": a status import's number
    assert numbers[0] > numbers[1] and all(heading[-2:-1] == ["mục"] for heading in headings)
    nobody = georeg("audit", "--account", "no.such.person")
    assert nobody.exit_code == 0 and "No entries" in nobody.output


def test_cli_audit_fits_an_80_column_terminal_with_every_field_of_each_entry(georeg, monkeypatch):
    """Trial 56: in 80 columns the table's changes column was five characters wide, one value in pieces per line."""
    kinds = ("sea_dyke", "embankment", "sluice", "wind_farm", "forest_planting")
    made = georeg(
        "account",
        "create",
        "audit.narrow",
        "--role",
        "editor",
        "--agency",
        "CM.SNNMT",
        "--unit",
        "95",
        *(option for kind in kinds for option in ("--kind", kind)),
    )
    assert made.exit_code == 0, made.output
    renamed = georeg("account", "update", "audit.narrow", "--name", "Nguyễn Thị Thanh Hương, cán bộ hiện trường")
    assert renamed.exit_code == 0, renamed.output
    monkeypatch.setenv("COLUMNS", "80")
    shown = georeg("audit", "--account", "cli", "--limit", "2")
    assert shown.exit_code == 0, shown.output
    lines = shown.output.splitlines()
    assert max(len(line) for line in lines) <= 80, shown.output
    said = " ".join(shown.output.split())
    assert re.search(r"\d\d:\d\d \d\d/\d\d/\d{4} · cli \(\S+\) · update · account \d+", said), said
    assert re.search(r"\d\d:\d\d \d\d/\d\d/\d{4} · cli \(\S+\) · create · account \d+", said), said
    for field in ("role: editor", "agency: CM.SNNMT", "units: 95", "display_name:", "Thanh Hương, cán bộ"):
        assert field in said, (field, shown.output)
    assert "; ".join(kinds) in said, said


def test_cli_says_when_the_agency_of_a_new_account_no_longer_exists_and_which_holds_its_duties(georeg):
    """A trial's administrator followed the guide's example, --agency TV.SNNPTNT: that department ended on 28/02/2025
    (merged, then into Vĩnh Long's in July), and the account was made without a word."""
    made = georeg("account", "create", "tv_nn_field", "--role", "editor", "--agency", "TV.SNNPTNT")
    assert made.exit_code == 0, made.output
    said = " ".join(made.output.split())
    assert "agency TV.SNNPTNT ended on 28/02/2025; it is now VL.SNNMT: give --agency VL.SNNMT" in said, said
    assert "cơ quan TV.SNNPTNT đã kết thúc ngày 28/02/2025; nay là VL.SNNMT" in said
    current = georeg("account", "create", "vl_nn_field", "--role", "editor", "--agency", "VL.SNNMT")
    assert current.exit_code == 0 and "ended" not in current.output


def test_cli_says_what_to_do_for_a_new_account_of_an_agency_that_ended_with_no_successor_recorded(georeg):
    """Trial s73 read "Note: agency BL.CCTL ended on 30/06/2025, unless the account is only to record its past work":
    no advice. It says how to record who took over and to move the account there, or to keep it for past work."""
    added = georeg(
        "agency", "add", "BL.CCTLX", "--name-vi", "Chi cục Thủy lợi", "--name-en", "Irrigation Sub-Department",
        "--until", "30/06/2025",
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    made = georeg("account", "create", "cctl.field", "--role", "editor", "--agency", "BL.CCTLX")
    said = " ".join(made.output.split())
    assert made.exit_code == 0, said
    assert (
        "Note: agency BL.CCTLX ended on 30/06/2025 and no agency is recorded as taking over its duties. If one did, "
        'record it (georeg agency succession BL.CCTLX CODE --on 01/07/2025 --source "…") and move the account to it '
        "(georeg account update cctl.field --agency CODE). Keep BL.CCTLX only if the account is to record its past "
        "work" in said
    ), said
    assert "chưa ghi cơ quan nào nhận nhiệm vụ của nó. Nếu có, hãy ghi lại (georeg agency succession BL.CCTLX" in said


def test_cli_audit_names_whom_each_entry_is_about_and_lists_what_was_done_to_an_account(
    georeg, reporting, reporting_client, monkeypatch
):
    """Trial s73: an entry named "account 4" (that it was duc.tran, nowhere), a token's revocation kept nothing (whose,
    which, since when), and `--account duc.tran` listed only what duc did: "when was duc deactivated, and by whom?"
    had no answer. Each entry on an account or a token names it, and --account lists what was done to it."""
    monkeypatch.setenv("COLUMNS", "250")
    made = georeg("account", "create", "duc.tran", "--role", "viewer", "--name", "Trần Văn Đức")
    assert made.exit_code == 0, made.output
    account_id = re.search(r"\(id (\d+)\)", made.output)[1]
    token_id = georeg("token", "create", "duc.tran", "--name", "điện thoại").stdout.split("token id ")[1].split(",")[0]
    assert georeg("account", "create", "not.duc", "--role", "viewer").exit_code == 0  # not about duc
    revoked = reporting_client.post(f"/api/tokens/{token_id}/revoke", headers=reporting.headers("admin"))
    assert revoked.status_code == 200, revoked.text
    assert georeg("account", "update", "duc.tran", "--inactive").exit_code == 0
    shown = georeg("audit", "--account", "duc.tran", "--lang", "en")
    blocks = [" ".join(block.split()) for block in shown.output.split("\n\n")[1:]]
    duc, token = "Trần Văn Đức (duc.tran)", f"api_token {token_id} “điện thoại” of Trần Văn Đức (duc.tran)"
    heads = [block.split(" · ", 1)[1].rsplit(" · entry", 1)[0] for block in blocks]
    cli = command_line_actor()
    assert heads == [
        f"{cli} · update · account {account_id} {duc}",
        f"admin · revoke · {token}",
        f"{cli} · create · {token}",
        f"{cli} · create · account {account_id} {duc}",
    ], shown.output
    assert "is_active: yes → no" in blocks[0], blocks[0]
    assert "account: duc.tran" in blocks[1] and "name: điện thoại" in blocks[1], blocks[1]
    assert re.search(r"created_at: \d\d:\d\d \d+ \w{3} \d{4}", blocks[1]), blocks[1]  # since when
    assert "username: duc.tran" in blocks[3] and "display_name: Trần Văn Đức" in blocks[3], blocks[3]
    stored = json.loads(georeg("audit", "--account", "duc.tran", "--json").stdout)
    assert stored[1]["changes"]["account"] == "duc.tran" and stored[1]["changes"]["name"] == "điện thoại"
    assert stored[1]["about"] == {
        "username": "duc.tran",
        "display_name": "Trần Văn Đức",
        "token_name": "điện thoại",
        "token_created_at": stored[1]["changes"]["created_at"],
    }
    assert stored[0]["about"] == {"username": "duc.tran", "display_name": "Trần Văn Đức"}
    vi = " ".join(georeg("audit", "--account", "duc.tran", "--limit", "2", "--lang", "vi").output.split())
    assert f"api_token {token_id} “điện thoại” của Trần Văn Đức (duc.tran)" in vi, vi


def test_the_audit_log_names_the_login_that_ran_a_command_and_cli_lists_old_entries_too(
    georeg, reporting_engine, monkeypatch
):
    """Every command's entry said "cli": which person at the server did it was not kept (trial s73). It says the
    login ("cli (root)"), the one sudo was run from first; --account cli lists them, and the entries of before."""
    import getpass

    login = getpass.getuser()
    with Session(reporting_engine) as session, session.begin():
        session.add(AuditLogEntry(actor="cli", action="create", entity="account", entity_id="0", changes={}))
    monkeypatch.setenv("SUDO_USER", "an.server")
    assert georeg("account", "create", "by.sudo", "--role", "viewer").exit_code == 0
    shown = georeg("audit", "--account", "cli", "--limit", "2", "--json")
    assert [entry["actor"] for entry in json.loads(shown.stdout)] == [f"cli (an.server, sudo {login})", "cli"]
    monkeypatch.delenv("SUDO_USER")
    assert georeg("account", "update", "by.sudo", "--name", "Bởi Sudo").exit_code == 0
    mine = json.loads(georeg("audit", "--account", f"cli ({login})", "--limit", "1", "--json").stdout)
    assert [(entry["actor"], entry["action"]) for entry in mine] == [(f"cli ({login})", "update")]


def test_todays_agency_reports_on_the_projects_of_the_former_agency_whose_duties_it_holds(georeg, reporting_client):
    """Trà Vinh's department of industry (TV.SCT) became part of Vĩnh Long's (VL.SCT) on 1 July 2025. The guide gives
    new accounts today's agency, but a VL.SCT account was refused on the substations TV.SCT leads; it now reports on
    them, as the duties it holds. Another department (VL.SNNMT) still may not."""
    for username, agency in (("vl_sct_field", "VL.SCT"), ("vl_nn_other", "VL.SNNMT")):
        assert georeg("account", "create", username, "--role", "editor", "--agency", agency).exit_code == 0
    tokens = {}
    for username in ("vl_sct_field", "vl_nn_other"):
        issued = georeg("token", "create", username)
        tokens[username] = issued.stdout.strip().splitlines()[-1]
    before = _version(reporting_client, SUBSTATION_LONG_DUC)
    other = _at_substation(reporting_client, {"Authorization": f"Bearer {tokens['vl_nn_other']}"})
    assert other.status_code == 403 and _version(reporting_client, SUBSTATION_LONG_DUC) == before
    holder = _at_substation(reporting_client, {"Authorization": f"Bearer {tokens['vl_sct_field']}"})
    assert holder.status_code == 201, holder.text


def test_cli_says_how_many_projects_a_new_or_changed_account_may_report_on(georeg, reporting_engine):
    """A trial's officer, made with an agency that leads none of the sample's Bạc Liêu projects (they have no lead
    agency), found out in the field that every one was "not in your jurisdiction". The administrator is told as the
    account is made, with what to do; the count follows a change of its units and kinds."""
    with reporting_engine.connect() as connection:
        led = connection.scalar(
            text(
                "SELECT count(*) FROM project p JOIN agency a ON a.id = p.lead_agency_id "
                "WHERE a.code IN ('TV.SCT', 'VL.SCT') AND p.retired_at IS NULL"
            )
        )
    assert led > 0
    holder = georeg("account", "create", "vl_sct_counted", "--role", "editor", "--agency", "VL.SCT")
    assert f"it may report on {led} of the registry's projects" in " ".join(holder.output.split()), holder.output
    none = georeg("account", "create", "bl_nn_counted", "--role", "editor", "--agency", "CM.SNNMT")
    said = " ".join(none.output.split())
    assert none.exit_code == 0 and "Note: it may report on no project yet" in said, said
    assert "give it --unit and --kind, or give the projects their lead agency" in said
    assert "tài khoản chưa báo cáo được dự án nào" in said
    widened = georeg("account", "update", "bl_nn_counted", "--unit", "95", "--kind", "wind_farm")
    counted = re.search(r"it may report on (\d+) of the registry's projects", " ".join(widened.output.split()))
    assert widened.exit_code == 0 and counted and int(counted[1]) > 0, widened.output
    renamed = georeg("account", "update", "bl_nn_counted", "--name", "Nguyễn An")
    assert "may report on" not in renamed.output  # its reach did not change
    loader = " ".join(
        georeg("account", "create", "bl_gis_counted", "--role", "gis", "--agency", "CM.SNNMT").output.split()
    )
    # a GIS account reporting on nothing is told what it may do, not warned of a reporting gap (trial 58)
    assert "It may load any GIS file (to report projects' progress too, give it --unit and --kind)" in loader, loader
    assert "Note: it may report on no project yet" not in loader and "chưa báo cáo được" not in loader, loader
    assert "It may load" not in said  # an editor loads nothing


def test_cli_tells_an_account_whose_units_hold_none_of_its_kinds_to_check_them_not_to_give_them(georeg):
    """An account given --unit and --kind that together hold no project was told "it has no units and kinds; give it
    --unit and --kind", and a GIS account "to report projects' progress too, give it --unit and --kind": it has them."""
    made = georeg("account", "create", "no_match", "--role", "editor", "--unit", "95", "--kind", "other")
    said = " ".join(made.output.split())
    assert made.exit_code == 0 and "Note: it may report on no project yet: no project of its kinds lies within" in said
    assert "không dự án nào thuộc các loại dự án của tài khoản nằm trong các đơn vị của tài khoản" in said, said
    assert "it has no units and kinds" not in said and "chưa có đơn vị" not in said, said
    loader = " ".join(georeg("account", "update", "no_match", "--role", "gis").output.split())
    assert "It may load any GIS file; as for status reports:" in loader and "check its --unit and --kind" in loader
    assert "give it --unit and --kind" not in loader, loader


def test_cli_says_what_a_new_or_changed_viewer_does(georeg, reporting_engine):
    """`account create` of a viewer said nothing, where an editor is told how many projects it reports on (trial
    s71): a viewer sends no report; given units and kinds it checks the flagged reports on those projects, counted,
    or none, with what to check; without, it reads only, and how to have it check reports."""
    reads = " ".join(
        georeg("account", "create", "reads.only", "--role", "viewer", "--agency", "VL.SNNMT").output.split()
    )
    assert "Tài khoản chỉ xem: không gửi báo cáo nào (để tài khoản kiểm tra" in reads, reads
    assert "It reads only and sends no report (to have it check — confirm or reject — the flagged reports" in reads
    with reporting_engine.connect() as connection:
        dykes = connection.scalar(
            text(
                "SELECT count(*) FROM project p JOIN admin_unit u ON u.code = '29536' "
                "AND ST_Intersects(u.geom, p.geom) WHERE p.kind = 'sea_dyke' AND p.retired_at IS NULL"
            )
        )
    assert dykes > 0
    checks = georeg("account", "update", "reads.only", "--unit", "29536", "--kind", "sea_dyke")
    said = " ".join(checks.output.split())
    assert (
        f"It sends no report; it checks (confirms or rejects) the flagged reports on {dykes} of the registry's" in said
    )
    assert f"kiểm tra (xác nhận hay bác bỏ) các báo cáo cần kiểm tra về {dykes} dự án hiện có" in said, said
    none = " ".join(georeg("account", "update", "reads.only", "--unit", "95", "--kind", "other").output.split())
    assert "Note: it sends no report, and checks none yet: no project of its kinds lies within its units" in none, none


def test_cli_refuses_an_unknown_agency_and_creates_nothing(georeg):
    made = georeg("account", "create", "ghost", "--role", "editor", "--agency", "XX.NOPE")
    assert made.exit_code == 1
    assert "XX.NOPE" in made.output
    assert georeg("token", "create", "ghost").exit_code == 1


@pytest.mark.parametrize(("unit", "allowed"), [("84", True), ("86", True), ("96", False), ("29536", False)])
def test_a_province_wide_project_is_in_the_province_it_lies_in_under_either_scheme(reporting_engine, unit, allowed):
    """Trà Vinh's province-wide canal dredging (former province 84, no site) is the work of an account of Trà Vinh
    (84), or of Vĩnh Long (86), the 2025 province Trà Vinh merged into; not of Cà Mau (96), nor of a commune."""
    from sqlalchemy.orm import Session

    from geo.accounts import create_account
    from geo.jurisdiction import may_change
    from geo.models import Project

    with Session(reporting_engine) as session:
        canal = session.scalar(select(Project).where(Project.code == "TV-P2-CANAL-DREDGING"))
        assert canal.geom is None and canal.province_code == "84"
        account = create_account(session, f"canals_{unit}", role="editor", unit_codes=[unit], kinds=["canal"])
        session.flush()
        assert may_change(session, account, canal.id) is allowed
        session.rollback()


@pytest.mark.parametrize(("unit", "allowed"), [("95", True), ("96", True), ("84", False), ("954", False)])
def test_an_offshore_wind_farm_is_its_provinces_whose_accounts_report_on_it(reporting_engine, unit, allowed):
    """Bạc Liêu's wind farm stands in the sea, in no unit: an account of Bạc Liêu (95), or of Cà Mau (96), the 2025
    province Bạc Liêu merged into, was refused it (403); a district's or another province's account still is."""
    from sqlalchemy.orm import Session

    from geo.accounts import create_account
    from geo.jurisdiction import may_change
    from geo.models import Project

    with Session(reporting_engine) as session:
        wind = session.scalar(select(Project).where(Project.code == "BL-WIND-BAC-LIEU-1-2"))
        assert wind.geom is not None and wind.province_code == "95"
        account = create_account(session, f"wind_{unit}", role="editor", unit_codes=[unit], kinds=["wind_farm"])
        session.flush()
        assert may_change(session, account, wind.id) is allowed
        session.rollback()


def test_a_form_page_asking_in_vietnamese_gets_fastapis_field_errors_in_vietnamese(reporting, reporting_client):
    """A blank or wrong percent from the Vietnamese field form: the field named, what is wrong said in Vietnamese."""
    vi = reporting.headers("sct") | {"Accept-Language": "vi"}
    wrong = "phải là một phần trăm từ 0 đến 100, viết 17,5, 17.5 hoặc 17,5 %"  # the field form's own forms
    for percent, said in (("", "thiếu trường này"), ("bốn mươi", wrong)):
        data = {"status": "under_construction", "percent": percent, "lon": "106.338181", "lat": "9.978182"}
        refused = reporting_client.post(f"/api/projects/{SUBSTATION_LONG_DUC}/status", data=data, headers=vi)
        assert refused.status_code == 422
        assert [(e["loc"][-1], e["msg"]) for e in refused.json()["detail"]] == [("percent", said)]
    data = {"status": "under_construction", "percent": "bốn mươi", "lon": "106.338181", "lat": "9.978182"}
    english = reporting_client.post(
        f"/api/projects/{SUBSTATION_LONG_DUC}/status", data=data, headers=reporting.headers("sct")
    )
    assert "should be a percent from 0 to 100" in english.json()["detail"][0]["msg"]


def test_projects_near_say_which_the_caller_may_report_on(reporting, reporting_client):
    """The field form marks the projects nearby that are not the account's: the Đông Hải dyke account may report on
    the sea dyke, not on the wind farm beside it; without a token nothing is marked, and a wrong one costs no read."""
    near = {"lon": 106.4556, "lat": 9.5256, "radius_m": 5000}

    def marks(headers):
        answer = reporting_client.get("/api/projects/near", params=near, headers=headers)
        assert answer.status_code == 200
        return {f["id"]: f["properties"].get("may_report") for f in answer.json()["features"]}

    dykes = marks(reporting.headers("dykes"))
    assert dykes[SEA_DYKE_2] is True and dykes[WIND_DONG_HAI_1] is False
    assert set(marks({}).values()) == {None} == set(marks({"Authorization": "Bearer grt_wrong"}).values())

    def mark(headers):  # one project, as the form reads one chosen from afar (a map's popup)
        answer = reporting_client.get(f"/api/projects/{WIND_DONG_HAI_1}", headers=headers)
        assert answer.status_code == 200
        return answer.json()["properties"].get("may_report")

    assert (mark(reporting.headers("dykes")), mark(reporting.headers("sct")), mark({})) == (False, True, None)


@pytest.mark.parametrize("half", [("--unit", "29536"), ("--kind", "sea_dyke")])
def test_units_without_kinds_or_kinds_without_units_are_refused_and_nothing_is_made(georeg, half):
    """A trial's administrator made a commune's account with --unit and no --kind: it was made without a word, and
    could report on nothing in its commune (jurisdiction is the projects of its kinds within its units)."""
    made = georeg("account", "create", "half_jurisdiction", "--role", "editor", *half)
    assert made.exit_code == 1
    said = " ".join(made.output.split())
    assert "Nothing changed" in said and "the account reports on the projects of its kinds within" in said, said
    assert "Hãy ghi cả hai" in said and "Give both" in said, said
    assert "half_jurisdiction" not in georeg("account", "list").output


def test_a_gis_account_with_a_unit_and_no_kind_is_told_what_is_missing_and_why_in_both_languages(georeg):
    """A GIS officer making an account for loading files, with --unit 96 and no --kind, read that units without kinds
    "give the account no project" (trial 66): it is told the kinds are missing, that the account loads any file
    whatever they are, and that they say only which projects' progress it reports."""
    refused = georeg("account", "create", "gis_cm", "--role", "gis", "--unit", "96")
    said = " ".join(refused.output.split())
    assert refused.exit_code == 1, said
    assert "Không có gì thay đổi: thiếu loại dự án (có đơn vị mà không có loại dự án): tài khoản GIS nạp được" in said
    assert "Nothing changed: project kinds missing (units without kinds): a GIS account loads any GIS file" in said
    assert "chỉ quy định dự án nào nó được báo cáo tiến độ" in said and "which projects' progress it may report" in said
    viewer = " ".join(georeg("account", "create", "viewer_cm", "--role", "viewer", "--kind", "sea_dyke").output.split())
    assert "thiếu đơn vị (có loại dự án mà không có đơn vị): tài khoản xem (viewer) không gửi báo cáo" in viewer
    assert "units missing (kinds without units): a viewer sends no reports" in viewer
    made = georeg("account", "create", "gis_cm", "--role", "gis")
    said = " ".join(made.output.split())
    assert made.exit_code == 0 and "Đã tạo tài khoản 'gis_cm' (số" in said and "account 'gis_cm' created (id" in said
    assert "Tài khoản nạp được mọi tệp GIS" in said and "It may load any GIS file" in said, said


@pytest.mark.parametrize("role", ["admin"])
def test_units_and_kinds_for_a_role_they_mean_nothing_to_are_refused(georeg, monkeypatch, role):
    """A trial's administrator gave an administrator units and kinds: it was made, and read as limited to them, while
    it reports on everything. Refused at creation and when the role changes to it. (A viewer's are the projects whose
    reports it checks: test_report_reviews.)"""
    from cli.accounts import console

    monkeypatch.setattr(console, "width", 250)
    jurisdiction = ("--unit", "29536", "--kind", "sea_dyke")
    made = georeg("account", "create", f"{role}.units", "--role", role, *jurisdiction)
    said = " ".join(made.output.split())
    assert made.exit_code == 1 and "units and kinds are for editors and GIS officers (and viewers" in said, said
    assert (
        "chỉ dành cho vai trò Cập nhật tiến độ (editor)" in said
        and f"{role}.units" not in georeg("account", "list").output
    )
    assert georeg("account", "create", f"{role}.later", "--role", "editor", *jurisdiction).exit_code == 0
    moved = georeg("account", "update", f"{role}.later", "--role", role)
    assert moved.exit_code == 1 and "--no-jurisdiction" in moved.output, moved.output
    row = next(line for line in georeg("account", "list").output.splitlines() if f"{role}.later" in line)
    assert "editor" in row and "29536" in row, row  # nothing changed
    cleared = georeg("account", "update", f"{role}.later", "--role", role, "--no-jurisdiction")
    assert cleared.exit_code == 0, cleared.output
    row = next(line for line in georeg("account", "list").output.splitlines() if f"{role}.later" in line)
    assert (
        "(mọi dự án · every project)"
        if role == "admin"
        else "(chỉ xem, không báo cáo dự án nào · reads only, reports on no project)"
    ) in row, row
    assert georeg("account", "update", f"{role}.later", "--inactive").exit_code == 0  # no second admin left for others


def test_the_accounts_are_listed_with_their_jurisdiction_and_an_ended_agency_said(georeg, monkeypatch):
    from cli.accounts import console

    monkeypatch.setattr(console, "width", 250)  # an administrator's terminal: each account on one line
    made = georeg(
        "account",
        "create",
        "dh_dykes_list",
        "--role",
        "editor",
        "--unit",
        "29536",
        "--kind",
        "sea_dyke",
        "--agency",
        "TV.SNNPTNT",
    )
    assert made.exit_code == 0, made.output
    listed = georeg("account", "list")
    assert listed.exit_code == 0, listed.output
    row = next(line for line in listed.output.splitlines() if "dh_dykes_list" in line)
    assert "editor" in row and "29536" in row and "sea_dyke" in row and "TV.SNNPTNT" in row, row
    assert "28/02/2025" in listed.output and "VL.SNNMT" in listed.output  # the agency ended, and who holds its duties


def test_the_account_list_reads_in_an_80_column_terminal(georeg, monkeypatch):
    """A trial's administrator, in an 80-column terminal, read the agencies and units a few letters a line
    ("agency'" over "s"): the list's codes and words stay whole."""
    from cli.accounts import console

    monkeypatch.setattr(console, "width", 80)
    made = georeg(
        "account",
        "create",
        "narrow_list",
        "--role",
        "editor",
        "--agency",
        "TV.SNNPTNT",
        *("--unit", "29536", "--kind", "sea_dyke"),
    )
    assert made.exit_code == 0, made.output
    listed = georeg("account", "list").output
    assert max(len(line) for line in listed.splitlines()) <= 80, listed
    assert all(whole in listed for whole in ("TV.SNNPTNT", "28/02/2025", "partners)", "01/07/2025")), listed
    assert georeg("account", "update", "narrow_list", "--inactive").exit_code == 0


def test_a_username_the_login_would_refuse_is_refused_by_the_command_line_too(georeg):
    """A trial's administrator made "Bình Trần" from the command line, which the API and /accounts refuse: it could
    be given a token, and no command could correct it."""
    made = georeg("account", "create", "Bình Trần", "--role", "editor", "--agency", "VL.SNNMT")
    assert made.exit_code == 1
    said = " ".join(made.output.split())
    assert "username 'Bình Trần' is not valid" in said and "tên đầy đủ có dấu ghi ở tên hiển thị" in said, said
    assert georeg("token", "create", "Bình Trần").exit_code == 1


def test_cli_corrects_an_account_deactivates_it_and_says_what_changed(georeg, monkeypatch):
    from cli.accounts import console

    monkeypatch.setattr(console, "width", 250)
    assert georeg("account", "create", "cli.fixed", "--role", "viewer", "--agency", "VL.SNNMT").exit_code == 0
    fixed = georeg(
        "account", "update", "cli.fixed", "--role", "editor", "--name", "Trần Văn Bình",
        "--unit", "29536", "--kind", "sea_dyke", "--inactive",
    )  # fmt: skip
    assert fixed.exit_code == 0, fixed.output
    assert "vai trò · role: viewer → editor" in fixed.output and "đang hoạt động · active: có · yes → không · no" in (
        fixed.output
    )
    row = next(line for line in georeg("account", "list").output.splitlines() if "cli.fixed" in line)
    assert "Trần Văn Bình" in row and "29536 Xã Đông Hải, Vĩnh Long" in row and "(ngừng · inactive)" in row, row
    cleared = georeg("account", "update", "cli.fixed", "--no-jurisdiction", "--no-agency", "--active")
    assert cleared.exit_code == 0 and "đơn vị · units: 29536 → (không có · none)" in cleared.output, cleared.output
    again = georeg("account", "update", "cli.fixed", "--active")
    assert again.exit_code == 0 and "nothing to change" in again.output
    refused = georeg("account", "update", "cli.fixed", "--kind", "sluice")
    assert refused.exit_code == 1 and "kinds without units" in " ".join(refused.output.split())
    assert "sluice" not in next(line for line in georeg("account", "list").output.splitlines() if "cli.fixed" in line)


def test_cli_says_each_change_of_an_account_from_what_to_what_in_the_language_asked(georeg):
    """The guide promises each change "from what to what"; the command printed Python's pairs ("units: [] →
    ['96']"), and a name typed in brackets lost them to rich's markup."""
    assert georeg("account", "create", "from.to", "--role", "editor", "--agency", "CM.SNNMT").exit_code == 0
    changed = georeg(
        "account", "update", "from.to", "--unit", "96", "--kind", "wind_farm", "--kind", "landfill",
        "--name", "[tạm] Lê Hoa", "--inactive", "--lang", "en",
    )  # fmt: skip
    assert changed.exit_code == 0, changed.output
    for line in (
        "units: (none) → 96",
        "kinds: (none) → wind_farm; landfill",
        "display name: from.to → [tạm] Lê Hoa",  # its name was its username
        "active: yes → no",
    ):
        assert line in changed.output, (line, changed.output)
    back = georeg("account", "update", "from.to", "--no-jurisdiction", "--active", "--lang", "vi")
    assert "đơn vị: 96 → (không có)" in back.output and "đang hoạt động: không → có" in back.output, back.output


def test_cli_audit_prints_each_value_as_stored_though_it_looks_like_markup(georeg, monkeypatch):
    """A trial's administrator read "lead_agency:" with nothing after it, the database holding [null, "BL.STNMT"]:
    rich took the value for a style and dropped it, as any change from nothing to a value, and a note in brackets."""
    monkeypatch.setenv("COLUMNS", "200")
    assert georeg("account", "create", "audit.markup", "--role", "viewer").exit_code == 0
    named = georeg("account", "update", "audit.markup", "--name", "[tạm] Lê Hoa", "--agency", "CM.SNNMT")
    assert named.exit_code == 0, named.output
    shown = georeg("audit", "--account", "cli", "--limit", "1", "--lang", "en")
    said = " ".join(shown.output.split())
    assert "agency: (empty) → CM.SNNMT" in said and "display_name: audit.markup → [tạm] Lê Hoa" in said, said


def test_cli_audit_says_changes_from_to_with_numbers_and_days_as_each_reader_writes_them(georeg, reporting_engine):
    """`georeg audit` printed the stored JSON: a load's edit as ["Kè A", "Kè B"], nothing as null, a percent as 45.5
    and a report's moment as "2026-12-05T03:48:10+00:00", where the rest of the command line says "from → to",
    "(trống)" and 45,5. ``--json`` keeps the entries as stored, for a script."""
    from geo.audit import record

    report = {"percent": 45.5, "distance_m": 1234.5, "reported_at": "2026-12-05T03:48:10+00:00", "note": None}
    edit = {"name_vi": ["Kè A", "Kè B"], "budget_vnd_billion": [1200.5, None], "end_year": [2025, 2026]}
    edit["geom"] = ["POINT", "POINT", 1234, None]
    with Session(reporting_engine) as session, session.begin():
        record(session, actor="audit.said", action="report_status", entity="project", entity_id=3, changes=report)
        record(session, actor="audit.said", action="load_update", entity="project", entity_id=3, changes=edit)
    vi = " ".join(georeg("audit", "--account", "audit.said", "--lang", "vi").output.split())
    for said in (
        "name_vi: Kè A → Kè B",
        "budget_vnd_billion: 1.200,5 → (trống)",
        "end_year: 2025 → 2026",
        "geom: POINT → POINT (dời 1.234 m)",
        "percent: 45,5",
        "distance_m: 1.234,5",
        "reported_at: 10:48 05/12/2026",
        "note: (trống)",
    ):
        assert said in vi, (said, vi)
    en = " ".join(georeg("audit", "--account", "audit.said", "--lang", "en").output.split())
    for said in ("budget_vnd_billion: 1,200.5 → (empty)", "moved 1,234 m", "reported_at: 10:48 5 Dec 2026"):
        assert said in en, (said, en)
    stored = json.loads(georeg("audit", "--account", "audit.said", "--json").stdout)
    assert [entry["changes"] for entry in stored] == [edit, report], stored


def test_the_account_and_token_lists_print_names_as_typed(georeg, monkeypatch):
    """A name in brackets ("[tạm]", "[cũ]") was taken by rich for markup and left out of the lists."""
    from cli.accounts import console

    monkeypatch.setattr(console, "width", 250)
    assert georeg("account", "create", "bracketed", "--role", "viewer", "--name", "[tạm] Lê Hoa").exit_code == 0
    assert georeg("token", "create", "bracketed", "--name", "điện thoại [cũ]").exit_code == 0
    row = next(line for line in georeg("account", "list").output.splitlines() if "bracketed" in line)
    assert "[tạm] Lê Hoa" in row, row
    assert "điện thoại [cũ]" in georeg("token", "list", "bracketed").output


def test_cli_tells_a_plans_reviewer_what_it_does_not_that_it_reports_on_nothing(georeg, monkeypatch):
    """The guide's own focal reviewer (`--role editor --agency CM.STC`) was warned "it may report on no project yet…
    give it --unit and --kind": reviewing plan 148's yearly reports is its work. The list says it as /accounts does,
    and an account of an agency leading no project is still told what to check, in the page's words (the list wrote
    "(its agency's projects)" for it)."""
    from cli.accounts import console

    monkeypatch.setattr(console, "width", 400)
    made = georeg("account", "create", "c.editor", "--role", "editor", "--agency", "CM.STC", "--lang", "en")
    said = " ".join(made.output.split())
    assert made.exit_code == 0 and "Note:" not in said and "give it --unit and --kind, or" not in said, said
    assert "It reviews the yearly reports of plan 148/QĐ-UBND (its agency is the focal department)" in said, said
    vi = " ".join(georeg("account", "update", "c.editor", "--role", "gis", "--lang", "vi").output.split())
    assert "Lưu ý" not in vi and "It may load" not in vi and "nạp được mọi tệp GIS" in vi, (
        vi
    )  # a GIS officer reviews none
    assert georeg("account", "update", "c.editor", "--role", "editor").exit_code == 0
    assert georeg("account", "create", "leads.nothing", "--role", "editor", "--agency", "CM.SNNMT").exit_code == 0
    # an agency of yearly reports (session 66): told what it writes, not to be given units and kinds
    made = georeg("account", "create", "education.cli", "--role", "editor", "--agency", "CM.SGDDT", "--lang", "en")
    said = " ".join(made.output.split())
    assert "It writes the yearly reports of actions 148/QĐ-UBND 2, 148/QĐ-UBND 2.1, 148/QĐ-UBND 2.2" in said, said
    assert "Note:" not in said, said
    rows = [line for line in georeg("account", "list", "--lang", "en").output.splitlines() if "│" in line]
    listed = {row.split("│")[1].strip(): row for row in rows}
    assert (
        "(reviews the yearly reports of plan 148/QĐ-UBND: the focal department; reports on no project)"
        in (listed["c.editor"])
    )
    assert (
        "(no projects yet: its agency leads or partners none; give it units and project kinds)"
        in (listed["leads.nothing"])
    )
    writes = "(writes the yearly reports of actions 148/QĐ-UBND 2, 148/QĐ-UBND 2.1, 148/QĐ-UBND 2.2; reports on no"
    assert writes in listed["education.cli"], listed["education.cli"]
    assert re.search(r"\(the \d+ projects its agency leads or partners\)", listed["sct_editor"]), listed["sct_editor"]


def test_the_last_active_administrator_cannot_be_demoted_or_deactivated(reporting_engine):
    from geo.accounts import AccountError, update_account

    with Session(reporting_engine) as session:
        session.execute(text("UPDATE account SET is_active = false WHERE role = 'admin' AND username <> 'admin'"))
        for change in ({"role": "gis"}, {"is_active": False}):
            with pytest.raises(AccountError, match="last active administrator"):
                update_account(session, "admin", change)
        session.rollback()


def test_the_account_token_and_audit_commands_say_everything_in_the_language_asked_alone(georeg, monkeypatch):
    """`georeg account`, `token` and `audit` had no --lang, which the db commands, load-sample and serve take: they
    said everything in Vietnamese then English. Asked, each says its messages, refusals, notes and tables in that
    language alone (without it, both, as before)."""
    from cli.accounts import console

    monkeypatch.setattr(console, "width", 250)

    def said(*args: str, code: int = 0) -> str:
        result = georeg(*args)
        assert result.exit_code == code, result.output
        return " ".join(result.output.split())

    made = said("account", "create", "lang.asked", "--role", "editor", "--agency", "VL.SNNMT", "--lang", "en")
    assert "account 'lang.asked' created (id" in made and "Đã tạo" not in made and "Lưu ý" not in made, made
    listed = said("account", "list", "--lang", "vi")
    assert "┃ tài khoản ┃ tên ┃ vai trò ┃ cơ quan ┃ phạm vi ┃" in listed and "jurisdiction" not in listed, listed
    issued = said("token", "create", "lang.asked", "--lang", "en")
    assert "keep it secret" in issued and "bí mật" not in issued and "(Vietnam time)" in issued, issued
    token_id = issued.split("token id ")[1].split(",")[0]
    tokens = said("token", "list", "lang.asked", "--lang", "vi")
    assert "mã truy cập của lang.asked (giờ Việt Nam)" in tokens and "last used" not in tokens, tokens
    revoked = said("token", "revoke", token_id, "--lang", "vi")
    assert revoked == f"Đã thu hồi mã số {token_id}", revoked
    again = said("token", "revoke", token_id, "--lang", "en", code=1)
    assert again.startswith(f"Nothing changed: token {token_id} was already revoked") and "thu hồi" not in again
    audit = said("audit", "--account", "cli", "--limit", "1", "--lang", "en")
    assert audit.startswith("audit log, newest first (Vietnam time)") and "nhật ký" not in audit, audit
    assert re.search(r"\d\d:\d\d \d+ \w{3} \d{4} · cli \(\S+\) · revoke · api_token", audit), audit  # English date
    day = said("audit", "--since", "31/02/2026", "--lang", "vi", code=1)
    assert day == "Không có gì thay đổi: ngày '31/02/2026' không đọc được; hãy viết 01/07/2025 hoặc 2025-07-01", day


def test_a_text_option_with_control_characters_is_refused_naming_it_and_nothing_is_written(georeg, reporting_engine):
    """The API and the forms refuse a control character or a direction override (geo.plain_text), but the command
    line stored them: a name pasted from Word with its line break (U+000B) went into the accounts, a retirement's
    reason into the project, where the yearly report's Word file cannot hold them."""
    named = georeg("account", "create", "ctl.named", "--role", "viewer", "--name", "Lê\x0bHoa", "--lang", "en")
    said = _unboxed(named.output)
    assert named.exit_code == 2, said
    assert "--name holds characters that are not text (U+000B: control characters" in said, said
    assert "remove them and run the command again; nothing was written" in said and "ký tự" not in said, said
    user = georeg("account", "create", "ctl\x07user", "--role", "viewer", "--lang", "vi")
    said = _unboxed(user.output)
    assert user.exit_code == 2 and "USERNAME có ký tự không phải chữ (U+0007: ký tự điều khiển" in said, said
    assert "hãy xóa chúng rồi chạy lại lệnh; chưa ghi gì" in said and "nothing was written" not in said, said
    reason = georeg("project", "retire", "TV-P3-NAM-MANG-THIT", "--reason", "trùng mã\u202eTV-P4")
    said = _unboxed(reason.output)
    assert reason.exit_code == 2 and "--reason có ký tự không phải chữ (U+202E" in said, said  # both languages
    assert "--reason holds characters that are not text (U+202E" in said, said
    assert georeg("account", "create", "ctl.token", "--role", "viewer").exit_code == 0
    token = georeg("token", "create", "ctl.token", "--name", "điện thoại\x1b[cũ]", "--lang", "en")
    assert token.exit_code == 2 and "--name holds characters that are not text (U+001B" in _unboxed(token.output)
    kept = georeg("account", "update", "ctl.token", "--name", "Lê Hoa\tcán bộ\nhiện trường", "--lang", "en")
    assert kept.exit_code == 0, kept.output  # a tab and a line break are text
    with reporting_engine.connect() as connection:
        accounts = connection.execute(text("SELECT username FROM account WHERE username LIKE 'ctl%'")).scalars()
        assert list(accounts) == ["ctl.token"]
        assert connection.execute(text("SELECT count(*) FROM api_token WHERE strpos(name, chr(27)) > 0")).scalar() == 0
        retired = connection.execute(text("SELECT retired_at FROM project WHERE code = 'TV-P3-NAM-MANG-THIT'")).one()
        assert retired == (None,)


def _unboxed(output: str) -> str:
    """A command's output on one line, without the frame of its error's panel."""
    return " ".join(output.replace("│", " ").split())
