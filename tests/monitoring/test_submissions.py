"""Yearly submissions: the review cycle, corrections as new versions, the mergers of 2025, the board, assignments."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import Session

from geo.models import Agency, Plan, PlanAction, Submission

TV, BL = "1099/QĐ-UBND", "148/QĐ-UBND"
DATA = Path(__file__).resolve().parents[2] / "data"
ACTION = "A9"  # Trà Vinh: led by the Department of Natural Resources and Environment (TV.STNMT)


def _post(monitoring, who: str, path: str, json: dict | None = None):
    return monitoring.client.post(path, json=json, headers=monitoring.headers(who))


def _draft(monitoring, who: str, year: int, **extra):
    body = {"plan": TV, "action": ACTION, "year": year, "results": "Đã rà soát quy hoạch sử dụng đất", **extra}
    return _post(monitoring, who, "/api/submissions", body)


def test_draft_submitted_returned_submitted_accepted_locked_then_a_correction_is_a_new_version(monitoring):
    draft = _draft(monitoring, "tv_stnmt", 2024, obstacles="Thiếu kinh phí")
    assert draft.status_code == 201, draft.text
    sid = draft.json()["id"]
    steps = [
        ("tv_stnmt", "submit", None, "submitted"),
        ("tv_stnmt", "accept", None, 403),  # the lead does not review itself
        ("vl_stc", "return", {"comment": "Bổ sung số liệu"}, "returned"),  # today's focal: Trà Vinh SKHĐT's successor
        ("tv_stnmt", "submit", None, "submitted"),
        ("vl_stc", "accept", None, "accepted"),
        ("vl_stc", "lock", None, "locked"),
    ]
    for who, step, body, expected in steps:
        if step == "accept" and expected == "accepted":  # a second, stale reviewer's page is told why, and what now
            stale = monitoring.client.post(
                f"/api/submissions/{sid}/lock", headers=monitoring.headers("vl_stc") | {"Accept-Language": "vi"}
            )
            assert stale.status_code == 409
            said = f"Báo cáo về nhiệm vụ {ACTION} năm 2024 đang ở tình trạng “đã gửi”"
            assert stale.json()["detail"].startswith(said)
            in_english = monitoring.client.post(f"/api/submissions/{sid}/lock", headers=monitoring.headers("vl_stc"))
            detail = in_english.json()["detail"]  # who sent it, and when
            assert detail.startswith(f"The report on action {ACTION} for 2024 is submitted (by tv_stnmt at ")
            assert "), so it cannot be locked" in detail
        response = _post(monitoring, who, f"/api/submissions/{sid}/{step}", body)
        if isinstance(expected, int):
            assert response.status_code == expected, (step, response.text)
        else:
            assert response.status_code == 200 and response.json()["status"] == expected, (step, response.text)
    edited = monitoring.client.patch(
        f"/api/submissions/{sid}", json={"results": "x"}, headers=monitoring.headers("tv_stnmt")
    )
    assert edited.status_code == 409
    assert _draft(monitoring, "tv_stnmt", 2024).status_code == 422  # a correction needs a reason
    corrected = _draft(monitoring, "tv_stnmt", 2024, reason="Sai số diện tích")
    assert corrected.status_code == 201 and corrected.json()["version"] == 2
    listed = monitoring.client.get("/api/submissions", params={"plan": TV, "year": 2024}).json()["submissions"]
    assert [(s["version"], s["status"], s["agency"]) for s in listed] == [
        (1, "locked", "TV.STNMT"),
        (2, "draft", "TV.STNMT"),
    ]
    assert listed[0]["review_comment"] is None  # the return's comment was answered; the history keeps it
    steps = monitoring.client.get(f"/api/submissions/{sid}/history").json()["steps"]
    assert [(s["by"], s["action"]) for s in steps] == [
        ("tv_stnmt", "start"),
        ("tv_stnmt", "submitted"),
        ("vl_stc", "returned"),
        ("tv_stnmt", "submitted"),
        ("vl_stc", "accepted"),
        ("vl_stc", "locked"),
    ]
    assert steps[2]["changes"]["comment"] == "Bổ sung số liệu"
    board = monitoring.client.get("/api/submissions/owed", params={"plan": TV, "year": 2024, "agency": "TV.STNMT"})
    assert {d["action"]: d["state"] for d in board.json()["duties"]}[ACTION] == "accepted"  # v1 stands meanwhile


def test_two_officers_on_one_report_neither_writes_over_the_other_unseen(monitoring):
    """Two officers of one department opened the same draft; each saved, and the later send wrote back the first
    one's page as it was, losing the other's proposal without a word. An edit or a send made on a report changed
    since it was read is refused, naming who changed it and what to do."""
    draft = _draft(monitoring, "tv_stnmt", 2023)
    assert draft.status_code == 201, draft.text
    sid, read = draft.json()["id"], draft.json()["updated_at"]
    first = monitoring.client.patch(
        f"/api/submissions/{sid}",
        json={"results": "Đã rà soát 3 huyện", "updated_at": read},
        headers=monitoring.headers("tv_stnmt"),
    )
    assert first.status_code == 200 and first.json()["updated_at"] != read, first.text

    late = monitoring.client.patch(
        f"/api/submissions/{sid}",
        json={"proposals": "Đề nghị hỗ trợ kinh phí", "updated_at": read},  # read before the first save
        headers=monitoring.headers("tv_stnmt_2") | {"Accept-Language": "vi"},
    )
    assert late.status_code == 409
    assert late.json()["detail"].startswith(f"Báo cáo về nhiệm vụ {ACTION} năm 2023 đã được tv_stnmt sửa lúc ")
    assert "hãy đọc bản họ vừa lưu rồi sửa lại phần của bạn" in late.json()["detail"]
    stale_send = _post(monitoring, "tv_stnmt_2", f"/api/submissions/{sid}/submit", {"updated_at": read})
    assert stale_send.status_code == 409 and "was changed by tv_stnmt" in stale_send.json()["detail"]

    sent = _post(monitoring, "tv_stnmt", f"/api/submissions/{sid}/submit", {"updated_at": first.json()["updated_at"]})
    assert sent.status_code == 200 and sent.json()["status"] == "submitted", sent.text
    assert sent.json()["results"] == "Đã rà soát 3 huyện" and sent.json()["proposals"] in ("", None)


def test_a_merged_agencys_old_account_cannot_report_for_the_new_year_and_its_history_stays(monitoring):
    assert _draft(monitoring, "tv_stnmt", 2021).status_code == 201  # its own earlier report (no other test's year)
    refused = _draft(monitoring, "tv_stnmt", 2025)
    assert refused.status_code == 403 and "VL.SNNMT" in refused.text
    assert _draft(monitoring, "vl_snnmt", 2025).status_code == 201
    assert _draft(monitoring, "vl_snnmt", 2023).status_code == 403  # before the merger the duty was TV.STNMT's
    earlier = monitoring.client.get("/api/submissions", params={"plan": TV, "year": 2021, "agency": "TV.STNMT"})
    assert earlier.json()["submissions"], "the 2021 submission stays under the agency that made it"
    agency = monitoring.client.get("/api/agencies/TV.STNMT").json()
    assert agency["valid_to"] == "2025-02-28"
    assert [(link["relation"], link["code"]) for link in agency["links"]] == [("successor", "TV.SNNMT")]


def test_the_board_counts_owed_late_and_accepted_per_agency_with_the_on_time_rate(monitoring):
    draft = _draft(monitoring, "tv_stnmt", 2022).json()["id"]
    _post(monitoring, "tv_stnmt", f"/api/submissions/{draft}/submit")
    _post(monitoring, "admin", f"/api/submissions/{draft}/accept")
    board = monitoring.client.get("/api/submissions/board", params={"plan": TV, "year": 2022}).json()
    stnmt = next(a for a in board["agencies"] if a["agency"] == "TV.STNMT")
    assert board["due"] is None  # Trà Vinh's plan names no day: reports go with the yearly socio-economic report
    # 2022 is over: the reports not sent are late (they read "not sent, not due yet" years after), and count
    assert (stnmt["accepted"], stnmt["late"], stnmt["owed"]) == (1, len(stnmt["duties"]) - 1, 0)
    assert stnmt["on_time_rate"] == round(1 / len(stnmt["duties"]), 4)
    assert board["overdue"] and board["period"] == [2017, 2020]  # the page says 2022 lies outside the plan's period
    during = monitoring.client.get("/api/submissions/board", params={"plan": TV, "year": 2022, "today": "2022-10-01"})
    stnmt = next(a for a in during.json()["agencies"] if a["agency"] == "TV.STNMT")
    assert (stnmt["accepted"], stnmt["owed"], stnmt["late"], stnmt["on_time_rate"]) == (
        1,
        len(stnmt["duties"]) - 1,
        0,
        1.0,
    )  # during the year, not yet
    owed = monitoring.client.get("/api/submissions/owed", params={"plan": TV, "year": 2022, "agency": "TV.STNMT"})
    assert {d["action"]: d["state"] for d in owed.json()["duties"]}[ACTION] == "accepted"
    mistyped = monitoring.client.get(  # refused in the asker's language, as the plan is (in English alone, trial 72)
        "/api/submissions/owed",
        params={"plan": TV, "year": 2022, "agency": "TV.STMNT"},
        headers={"Accept-Language": "vi"},
    )
    timeline = monitoring.client.get("/api/agencies/TV.STMNT", headers={"Accept-Language": "vi"})
    assert [(r.status_code, r.json()["detail"]) for r in (mistyped, timeline)] == [
        (404, "không có cơ quan mã 'TV.STMNT'; xem các mã ở /api/agencies")
    ] * 2


def test_lead_agencies_are_assigned_by_the_focal_agency_and_route_the_reports(monitoring):
    body = {"lead": ["BL.SNNPTNT"], "partners": ["BL.STNMT"], "from_year": 2024}
    params = {"plan": BL, "action": "14.5"}
    put = monitoring.client.put(
        "/api/plan-actions/agencies", json=body, params=params, headers=monitoring.headers("bl_sct")
    )
    assert put.status_code == 403
    put = monitoring.client.put(
        "/api/plan-actions/agencies", json=body, params=params, headers=monitoring.headers("cm_stc")
    )
    assert put.status_code == 200, put.text
    actions = monitoring.client.get("/api/plan-actions/agencies", params={"plan": BL, "year": 2024}).json()["actions"]
    assert {a["code"] for a in next(x for x in actions if x["code"] == "14.5")["agencies"]} == {
        "BL.SNNPTNT",
        "BL.STNMT",
    }
    board = monitoring.client.get("/api/submissions/board", params={"plan": BL, "year": 2024, "today": "2024-11-20"})
    snn = next(a for a in board.json()["agencies"] if a["agency"] == "BL.SNNPTNT")
    assert [(d["action"], d["state"]) for d in snn["duties"]] == [("14.5", "late")]
    assert snn["on_time_rate"] == 0.0


def test_an_assignment_holds_from_its_year_and_the_years_before_keep_who_owed_them(monitoring):
    """A trial's planner assigned a 2025 agency to an action on the page: the 2023 and 2024 boards then said it owed
    those years' reports, though it did not exist."""
    params, cm_stc = {"plan": BL, "action": "14.3"}, monitoring.headers("cm_stc")

    def assign(lead: str, year: int):
        body = {"lead": [lead], "partners": [], "from_year": year}
        put = monitoring.client.put("/api/plan-actions/agencies", json=body, params=params, headers=cm_stc)
        assert put.status_code == 200 and put.json()["from_year"] == year, put.text

    def owing(year: int) -> set[str]:
        board = monitoring.client.get("/api/submissions/board", params={"plan": BL, "year": year})
        return {a["agency"] for a in board.json()["agencies"] if any(d["action"] == "14.3" for d in a["duties"])}

    def listed(year: int) -> set[str]:
        actions = monitoring.client.get("/api/plan-actions/agencies", params={"plan": BL, "year": year}).json()
        return {a["code"] for a in next(x for x in actions["actions"] if x["code"] == "14.3")["agencies"]}

    assign("BL.STNMT", 2023)
    assign("CM.SNNMT", 2026)
    assert owing(2023) == owing(2024) == {"BL.STNMT"} and listed(2024) == {"BL.STNMT"}
    assert owing(2026) == {"CM.SNNMT"} and listed(2026) == {"CM.SNNMT"}
    assign("BL.SNNPTNT", 2024)  # from an earlier year on: the later assignment goes, 2023 keeps its own
    assert owing(2023) == {"BL.STNMT"} and owing(2024) == {"BL.SNNPTNT"} and listed(2026) == {"BL.SNNPTNT"}
    # in 2026 the former department's duty is its successor's, as for the plan's own leads
    assert owing(2026) == {"CM.SNNMT"}


def test_a_refusal_names_the_colleague_by_the_name_the_account_has(monitoring):
    """Messages named people by their login alone ("đã được snnmt_a sửa"): by the account's name, then its login."""
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    from geo.accounts import create_account, known_as

    engine = create_engine(monitoring.url)
    with Session(engine) as session:
        create_account(session, "lan.snnmt", role="editor", display_name="Nguyễn Thị Lan")
        create_account(session, "cuong", role="editor")
        session.flush()
        assert known_as(session, "lan.snnmt") == "Nguyễn Thị Lan (lan.snnmt)"
        assert known_as(session, "cuong") == "cuong" and known_as(session, "sample data") == "sample data"
        session.rollback()
    engine.dispose()


def test_two_focal_officers_assigning_one_action_neither_undoes_the_other_unseen(monitoring):
    """One focal officer added a partner to an action; a second, whose page still showed none, changed the lead, and
    the partner was gone without a word. An assignment made on agencies changed since they were read is refused."""
    params = {"plan": BL, "action": "14.4"}

    def put(who: str, body: dict):
        headers = monitoring.headers(who) | {"Accept-Language": "vi"}
        return monitoring.client.put("/api/plan-actions/agencies", json=body, params=params, headers=headers)

    actions = monitoring.client.get("/api/plan-actions/agencies", params={"plan": BL}).json()["actions"]
    agencies = next(a for a in actions if a["code"] == "14.4")["agencies"]
    read = {"lead": [a["code"] for a in agencies if a["role"] == "lead"], "partners": []}
    assert not [a for a in agencies if a["role"] == "partner"], agencies

    first = put("cm_stc", {"lead": read["lead"], "partners": ["BL.STNMT"], "was": read})
    assert first.status_code == 200, first.text
    second = put("cm_stc_2", {"lead": ["BL.SXD"], "partners": [], "was": read})  # read before the first
    assert second.status_code == 409
    assert second.json()["detail"].startswith("Nhiệm vụ 14.4: cơ quan đã được cm_stc giao lại sau khi bạn mở trang")
    assert "phối hợp BL.STNMT" in second.json()["detail"]
    actions = monitoring.client.get("/api/plan-actions/agencies", params={"plan": BL}).json()["actions"]
    kept = {(a["role"], a["code"]) for a in next(a for a in actions if a["code"] == "14.4")["agencies"]}
    assert ("partner", "BL.STNMT") in kept and ("lead", "BL.SXD") not in kept

    unknown = put("cm_stc", {"lead": ["BL.KHONGCO"], "partners": []})
    assert unknown.status_code == 422 and unknown.json()["detail"].startswith("Không có cơ quan mã BL.KHONGCO;")
    mistyped = put("cm_stc", {"lead": ["BL.SNNPTNTT"], "partners": []})
    assert mistyped.json()["detail"].startswith("Không có cơ quan mã BL.SNNPTNTT (có phải BL.SNNPTNT?)")


def test_reloading_the_plans_keeps_an_assignment_and_the_years_it_closed(monitoring):
    """The plans' own leads are written again on each load of the sample data: over an action a person assigned,
    they came back open beside the person's lead (two leads for the same years)."""
    from sqlalchemy import create_engine, select, text
    from sqlalchemy.orm import Session

    from geo.action_agencies import assign
    from geo.models import Account
    from geo.sample.plans import load_plans

    rows = text(
        "SELECT a.code, paa.from_year, paa.to_year FROM plan_action_agency paa JOIN agency a ON a.id = paa.agency_id "
        "JOIN plan_action pa ON pa.id = paa.plan_action_id WHERE pa.code = 'A2' AND paa.role = 'lead' ORDER BY 2"
    )
    engine = create_engine(monitoring.url)
    with Session(engine) as session:  # rolled back: the module's other tests see the plans as loaded
        admin = session.scalar(select(Account).where(Account.username == "admin"))
        assign(session, admin, TV, "A2", ["VL.STC"], [], 2026)
        assigned = session.execute(rows).all()
        assert assigned == [("TV.SKHDT", 2000, 2025), ("VL.STC", 2026, None)], assigned
        load_plans(session, DATA / "plans", DATA / "agencies")
        assert session.execute(rows).all() == assigned
        session.rollback()
    engine.dispose()


def test_the_account_that_sent_a_report_neither_accepts_nor_returns_it_someone_else_does(monitoring):
    """Trial 50 (B-1): Cà Mau's finance department leads some of plan 148's actions and reviews every report; its
    editor wrote, sent and accepted his own, with no warning. A second pair of eyes, as for the field reports."""
    cm_stc = monitoring.headers("cm_stc")
    body = {"plan": BL, "action": "1", "year": 2025, "results": "Đã rà soát thể chế"}
    made = monitoring.client.post("/api/submissions", json=body, headers=cm_stc)
    assert made.status_code == 201, made.text
    sid = made.json()["id"]
    sent = _post(monitoring, "cm_stc", f"/api/submissions/{sid}/submit")
    assert sent.json()["submitted_by"] == "cm_stc"
    for step, json in (("accept", None), ("return", {"comment": "Bổ sung"})):
        refused = _post(monitoring, "cm_stc", f"/api/submissions/{sid}/{step}", json)
        assert refused.status_code == 403, refused.text
        assert refused.json()["detail"] == (
            "You sent the report on action 1 for 2025: someone else reviews it — another account of Department of "
            "Finance, Cà Mau (CM.STC), the plan's focal department, or an admin."
        )
    in_vietnamese = monitoring.client.post(
        f"/api/submissions/{sid}/accept", headers=cm_stc | {"Accept-Language": "vi"}
    ).json()["detail"]
    assert in_vietnamese.startswith("Bạn là người gửi báo cáo về nhiệm vụ 1 năm 2025: người khác xem xét báo cáo này")
    assert "một tài khoản khác của Sở Tài chính tỉnh Cà Mau (CM.STC)" in in_vietnamese
    rights = monitoring.client.get("/api/submissions/rights", params={"plan": BL, "agency": "CM.STC"}, headers=cm_stc)
    assert rights.json()["account"] == "cm_stc"  # the page compares it with submitted_by, to show no buttons
    accepted = _post(monitoring, "cm_stc_2", f"/api/submissions/{sid}/accept")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted", accepted.text
    # an admin writing for an agency is its sender too
    body = {"plan": BL, "action": "1.1", "year": 2025, "results": "Đã kiến nghị", "agency": "CM.STC"}
    sid = _post(monitoring, "admin", "/api/submissions", body).json()["id"]
    assert _post(monitoring, "admin", f"/api/submissions/{sid}/submit").status_code == 200
    assert _post(monitoring, "admin", f"/api/submissions/{sid}/accept").status_code == 403
    assert _post(monitoring, "cm_stc", f"/api/submissions/{sid}/accept").status_code == 200


def test_the_agencies_owing_a_plan_are_its_years_leads_and_the_agencies_entering_its_indicators(monitoring):
    """Trial 50 (A-4): the page offered every agency under every plan, and kept Vĩnh Long's on Bạc Liêu's plan."""

    def owing(plan: str, year: int) -> dict[str, tuple[int, int]]:
        listed = monitoring.client.get("/api/submissions/agencies", params={"plan": plan, "year": year}).json()
        return {a["agency"]: (a["reports"], a["indicators"]) for a in listed["agencies"]}

    after, before = owing(BL, 2025), owing(TV, 2024)
    assert set(after) and all(code.startswith("CM.") for code in after), after  # today's, after the mergers
    assert after["CM.STC"][0] > 0 and after["CM.SXD"] == (0, 3)  # values only (built land, …): offered too
    assert "TV.STNMT" in before and not any(code.startswith("VL.") for code in before)  # 2024: before the mergers
    later = owing(TV, 2026)  # their duties moved to Vĩnh Long's merged department
    assert later["VL.SNNMT"][0] >= before["TV.STNMT"][0] and "TV.STNMT" not in later


def test_a_draft_started_twice_at_once_is_refused_in_the_askers_language(monitoring):
    """Two officers starting one year's report at the same moment: the one whose draft lost the race was refused in
    English alone ("this submission was started meanwhile…") on the Vietnamese page."""
    engine = create_engine(monitoring.url)
    with Session(engine) as first:  # the other officer's draft, written and not yet committed
        action = first.scalar(select(PlanAction).join(Plan).where(Plan.code == TV, PlanAction.code == ACTION))
        agency = first.scalar(select(Agency.id).where(Agency.code == "TV.STNMT"))
        first.add(Submission(plan_action_id=action.id, agency_id=agency, year=2019, created_by="tv_stnmt_2"))
        first.flush()
        headers = monitoring.headers("tv_stnmt") | {"Accept-Language": "vi"}
        body = {"plan": TV, "action": ACTION, "year": 2019, "results": "Đã rà soát"}
        with ThreadPoolExecutor(1) as pool:
            second = pool.submit(monitoring.client.post, "/api/submissions", json=body, headers=headers)
            _waits_on_a_lock(engine)  # the second draft saw none, and waits on the first's key
            first.commit()
            refused = second.result(timeout=30)
    engine.dispose()
    assert refused.status_code == 409, refused.text
    assert (
        refused.json()["detail"] == "Báo cáo này vừa được người khác lập cùng lúc; hãy tải lại trang để xem bản của họ."
    )


def _waits_on_a_lock(engine) -> None:
    """Returns once a session of the database waits on a lock (up to 30 s)."""
    asked = text(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )
    deadline = time.monotonic() + 30
    with engine.connect() as watch:
        while not watch.execute(asked).scalar():
            assert time.monotonic() < deadline, "the second draft never waited on the first's"
            watch.rollback()  # a fresh snapshot of the activity
            time.sleep(0.02)
