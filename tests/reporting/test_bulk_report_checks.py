"""What a bulk status file's dry run says before anything is recorded, and what its commit refuses: rows putting a
project back, rows of an earlier day, rows matching no project or several, rows the account may not report on
(a trial of an agency's officer sending 300 rows by location while a phone officer reported)."""

from __future__ import annotations

import io
import uuid

from openpyxl import Workbook
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from geo import bulk_status_reports
from geo.coordinates import from_wgs84
from geo.models import Project
from geo.status_history import append_status_event
from geo.vietnam_day import vietnam_today

SUBSTATION_LONG_DUC = (12, 106.338181, 9.978182)
SUBSTATION_CAU_NGANG = (13, 106.452081, 9.792984)
WIND_V1_SHARED_SITE = (106.5865, 9.6482)  # three wind-farm phases drawn on one polygon
DYKE_BY_ITS_FOREST = (106.3785, 9.5300)  # the Đông Hải sea dyke (6), within 300 m of other projects
SEA = (107.5, 8.9)
HEADER = "ma,kinh_do,vi_do,trang_thai,tien_do,ngay_bao_cao\n"


def _send(client, headers, content, name="tien_do.csv", **params):
    return client.post("/api/status-imports", params=params, files={"file": (name, content)}, headers=headers)


def _phone(client, headers, project, status, percent):
    """The officer's own report from the field form, a note of its own (never "already received")."""
    pid, lon, lat = project
    data = {"status": status, "percent": str(percent), "lon": str(lon), "lat": str(lat), "note": uuid.uuid4().hex}
    answer = client.post(f"/api/projects/{pid}/status", data=data, headers=headers)
    assert answer.status_code == 201, answer.text
    return answer.json()["version"]


def _state(client, pid):
    found = client.get(f"/api/projects/{pid}/history").json()
    return found["version"], found["status"], found["percent"]


def test_a_row_putting_a_project_back_is_listed_and_recorded_only_when_accepted(reporting, reporting_client):
    """Trial: a file's 33 % row overwrote the officer's own phone report of 45 % sent minutes before, a row taking a
    project from "under construction 56 %" to "preparing 10 %" was listed as plain "matched"."""
    headers = reporting.headers("sct", **{"Accept-Language": "vi"})
    pid, lon, lat = SUBSTATION_CAU_NGANG
    _phone(reporting_client, headers, SUBSTATION_CAU_NGANG, "under_construction", 45)
    content = (HEADER + f",{lon},{lat},Chuẩn bị đầu tư,10,{vietnam_today():%d/%m/%Y}\n").encode()

    dry = _send(reporting_client, headers, content).json()
    [back] = dry["steps_back"]
    assert back | {"row": 2, "id": pid, "from": {"status": "under_construction", "percent": 45}} == back
    assert back["to"] == {"status": "preparing", "percent": 10}
    english = reporting_client.get(f"/api/projects/{pid}").json()["properties"]["name_en"]
    assert english and back["name_en"] == english  # the English page names it in English (it gave name_vi alone)
    assert "từ Đang thi công 45 % về Chuẩn bị đầu tư 10 %" in back["message_vi"]
    assert "from Under construction 45 % to Investment preparation 10 %" in back["message"]

    before = _state(reporting_client, pid)
    refused = _send(reporting_client, headers, content, commit="true")
    assert refused.status_code == 422 and refused.json()["committed"] is False
    assert (
        "1 dòng đưa dự án lùi lại" in refused.json()["detail"] and "accept_steps_back=true" in refused.json()["detail"]
    )
    assert _state(reporting_client, pid) == before

    # a report between the check and the confirmed commit: the step back confirmed (from 45 %) is no longer the
    # file's (from 50 %), and the confirmation does not cover it (it was overwritten "as you confirmed")
    _phone(reporting_client, headers, SUBSTATION_CAU_NGANG, "under_construction", 50)
    before = _state(reporting_client, pid)
    seen = dry["steps_back_key"]
    changed = _send(reporting_client, headers, content, commit="true", accept_steps_back="true", steps_back_seen=seen)
    assert changed.status_code == 409 and "không còn là những dự án bạn đã xác nhận" in changed.json()["detail"]
    assert "Đang thi công 50 % → Chuẩn bị đầu tư 10 %" in changed.json()["detail"]
    assert _state(reporting_client, pid) == before
    seen = _send(reporting_client, headers, content).json()["steps_back_key"]
    assert seen != dry["steps_back_key"]

    accepted = _send(reporting_client, headers, content, commit="true", accept_steps_back="true", steps_back_seen=seen)
    assert accepted.status_code == 201, accepted.text
    assert _state(reporting_client, pid) == (before[0] + 1, "preparing", 10)
    # recorded as coming from the file, as a load's rows name theirs: not as a field visit (trial)
    last = reporting_client.get(f"/api/projects/{pid}/history").json()["history"][-1]
    assert last["source"] == f"tien_do.csv (status import {accepted.json()['import_id']})"
    page = reporting_client.get(f"/projects/{pid}?lang=vi").text
    assert f"tien_do.csv (tệp tình trạng, lượt nhập {accepted.json()['import_id']})" in page


def test_a_row_dated_before_the_latest_report_goes_into_the_history_and_leaves_the_state(reporting, reporting_client):
    headers = reporting.headers("sct")
    pid, lon, lat = SUBSTATION_LONG_DUC
    _phone(reporting_client, headers, SUBSTATION_LONG_DUC, "under_construction", 60)
    content = (HEADER + f",{lon},{lat},under_construction,20,05/01/2026\n").encode()

    dry = _send(reporting_client, headers, content).json()
    assert dry["steps_back"] == [] and [row["row"] for row in dry["history_only"]] == [2]
    assert "5 Jan 2026 is before the latest report" in dry["history_only"][0]["message"]
    assert "05/01/2026" in dry["history_only"][0]["message_vi"]

    version = _state(reporting_client, pid)[0]
    assert _send(reporting_client, headers, content, commit="true").status_code == 201
    assert _state(reporting_client, pid) == (version + 1, "under_construction", 60)
    history = reporting_client.get(f"/api/projects/{pid}/history").json()["history"]
    assert [(e["reported_at"], e["percent"]) for e in history if e["version"] == version + 1] == [("2026-01-05", 20)]


def test_rows_matching_no_project_or_several_say_which_and_what_to_do(reporting, reporting_client):
    _, lon, lat = SUBSTATION_LONG_DUC
    content = (
        HEADER
        + f",{WIND_V1_SHARED_SITE[0]},{WIND_V1_SHARED_SITE[1]},operating,100,\n"
        + f",{SEA[0]},{SEA[1]},operating,100,\n"
        + f"TV-SUB-110KV-LONG-DUC,{lon + 0.004},{lat},operating,100,\n"
        + f"KHONG-CO,{lon},{lat},operating,100,\n"
    ).encode()
    headers = reporting.headers("sct")

    dry = _send(reporting_client, headers, content).json()

    [several] = dry["ambiguous"]
    assert several["row"] == 2 and {"code", "name_vi", "name_en", "kind", "distance_m"} <= set(several["candidates"][0])
    assert several["message"].startswith("row 2: 3 projects within 100 m (") and "add a column ma" in several["message"]
    assert (
        several["message_vi"].startswith("dòng 2: 3 dự án trong vòng 100 m (") and "điện gió" in several["message_vi"]
    )
    sea, far, unknown = dry["unmatched"]
    assert sea["message"].startswith("row 3: no project within 100 m of 107.5, 8.9; add a column ma")
    assert (
        far["message"].startswith("row 4: the code TV-SUB-110KV-LONG-DUC is “")
        and "439 m from the point" in far["message"]
    )
    assert "radius_m=439" in far["message"] and "cách điểm 439 m" in far["message_vi"]
    assert unknown["message"].startswith("row 5: no project has the code KHONG-CO")

    refused = _send(reporting_client, headers | {"Accept-Language": "vi"}, content, commit="true")
    assert refused.status_code == 422
    assert refused.json()["detail"].startswith("tien_do.csv: chưa ghi dòng nào: 4 dòng chưa khớp đúng một dự án (")


def test_among_projects_near_a_row_the_only_one_the_account_may_report_on_is_matched_and_said(
    reporting, reporting_client
):
    lon, lat = DYKE_BY_ITS_FOREST
    content = (HEADER + f",{lon},{lat},under_construction,70,\n").encode()

    dry = _send(reporting_client, reporting.headers("dykes"), content, radius_m=300).json()

    [row] = dry["matched"]
    assert row["id"] == 6 and dry["ambiguous"] == []
    assert row["message"].startswith(f"row 2: matched {row['code']} “") and "the only one of the" in row["message"]


def test_the_dry_run_lists_every_row_the_account_may_not_report_on_and_the_refusal_names_them_all(
    reporting, reporting_client
):
    """Trial: the dry run checked no jurisdiction; the commit, refused after 12 s, named its first row only."""
    rows = "".join(f",{lon},{lat},operating,100,\n" for _, lon, lat in (SUBSTATION_LONG_DUC, SUBSTATION_CAU_NGANG))
    lon, lat = DYKE_BY_ITS_FOREST
    content = (HEADER + f",{lon},{lat},under_construction,70,\n" + rows).encode()
    headers = reporting.headers("dykes")

    dry = _send(reporting_client, headers, content, radius_m=300).json()
    assert [(row["row"], row["id"]) for row in dry["not_in_charge"]] == [(3, 12), (4, 13)]
    assert dry["not_in_charge"][0]["message"].startswith("row 3: Project TV-SUB-110KV-LONG-DUC is not in your")

    refused = _send(reporting_client, headers, content, radius_m=300, commit="true")
    assert refused.status_code == 403
    assert (
        "2 rows are on projects you may not report on (row 3 (TV-SUB-110KV-LONG-DUC), row 4 ("
        in refused.json()["detail"]
    )


def test_a_field_report_on_a_project_the_file_does_not_touch_goes_through_while_the_file_is_recorded(
    reporting, reporting_client, reporting_engine, monkeypatch
):
    """Trial: a report on a project not in the file waited 4.2 s for a 6.3 s commit (on a phone 12.8 s): each row
    took the projects layer's edit counter, held to the file's commit. It is now taken once, at the end."""
    _, lon, lat = SUBSTATION_CAU_NGANG
    content = (HEADER + f",{lon},{lat},operating,100,\n").encode()
    record_rows, reported = bulk_status_reports.record_rows, []

    def report_meanwhile(*args, **kwargs):
        recorded = record_rows(*args, **kwargs)
        with Session(reporting_engine) as other, other.begin():
            other.execute(text("SET LOCAL lock_timeout = '2s'"))
            project = other.scalars(select(Project).where(Project.id == 6)).one()
            append_status_event(other, project, status="under_construction", percent=71, reported_at=vietnam_today())
        reported.append(6)
        return recorded

    monkeypatch.setattr(bulk_status_reports, "record_rows", report_meanwhile)
    answer = _send(reporting_client, reporting.headers("sct"), content, commit="true")

    assert answer.status_code == 201, answer.text
    assert reported == [6]


def test_a_workbook_of_vn2000_metres_with_days_written_day_first_is_read_in_the_crs_given(reporting, reporting_client):
    """Trial: .xlsx was refused ("send a .csv or a .geojson file") though /upload takes Excel status sheets, VN-2000
    X/Y metres were refused ("convert them first"), 05/12/2026 was "not a date like 2026-11-21"."""
    pid, lon, lat = SUBSTATION_CAU_NGANG
    easting, northing = from_wgs84("EPSG:9209").transform(lon, lat)
    book = Workbook()
    for row in (
        ["x", "y", "Tình trạng", "Tiến độ", "Ngày báo cáo"],  # X the northing, as a survey sheet writes it
        [round(northing, 2), round(easting, 2), "Đang vận hành", 100, "05/11/2026"],
        [round(northing, 2), round(easting, 2), "Đang vận hành", 100, "2026/31/12"],
    ):
        book.active.append(row)
    sheet = io.BytesIO()
    book.save(sheet)

    dry = _send(reporting_client, reporting.headers("sct"), sheet.getvalue(), "tien_do.xlsx", crs="EPSG:9209").json()

    [row] = dry["matched"]
    assert (row["row"], row["id"], row["reported_at"]) == (2, pid, "2026-11-05") and row["distance_m"] < 1
    [refused] = dry["invalid"]
    assert refused["row"] == 3 and "write it day/month/year as 21/11/2026" in refused["message"]


def test_a_file_with_no_rows_is_refused_saying_so(reporting, reporting_client):
    refused = _send(reporting_client, reporting.headers("sct"), HEADER.encode(), commit="true")
    assert refused.status_code == 422
    assert refused.json()["detail"] == (
        "tien_do.csv: nothing recorded: the file has no row under its header; give one report a row and send it again"
    )


def test_a_refused_commit_names_every_kind_of_problem_of_the_file_at_once(reporting, reporting_client):
    """Trial: a refusal named one kind of problem (rows outside the account's care, then rows matching nothing, then
    steps back): an officer corrected the file, sent it again and met the next."""
    _, sub_lon, sub_lat = SUBSTATION_LONG_DUC
    lon, lat = DYKE_BY_ITS_FOREST
    content = (
        HEADER
        + f",{lon},{lat},Chuẩn bị đầu tư,10,\n"  # the dyke, under construction: put back
        + f",{sub_lon},{sub_lat},operating,100,\n"  # a substation: not the dyke account's
        + f",{SEA[0]},{SEA[1]},operating,100,\n"
    ).encode()
    headers = reporting.headers("dykes")
    before = _state(reporting_client, 6)

    refused = _send(reporting_client, headers, content, radius_m=300, commit="true")
    assert refused.status_code == 422
    detail = refused.json()["detail"]
    assert detail.startswith("tien_do.csv: nothing recorded: 1 row does not match exactly one project (row 4)")
    assert "1 row is on a project you may not report on (row 3 (TV-SUB-110KV-LONG-DUC))" in detail
    assert "1 row puts its project back" in detail and "(row 2 (" in detail
    vi = _send(reporting_client, headers | {"Accept-Language": "vi"}, content, radius_m=300, commit="true")
    detail = vi.json()["detail"]
    assert "1 dòng chưa khớp đúng một dự án (dòng 4)" in detail
    assert "1 dòng về dự án ngoài phạm vi phụ trách của tài khoản (dòng 3 (TV-SUB-110KV-LONG-DUC))" in detail
    assert "1 dòng đưa dự án lùi lại" in detail and "accept_steps_back=true" in detail
    assert _state(reporting_client, 6) == before
