"""A file's statuses as of the day they were true (``--status-as-of``, the upload form's "statuses as of"): an
inventory of last year loaded now is on the map of last year, as a trial's GIS officer expected (every status was
dated the day of the load, and the map of 30/06/2024 left the 30 projects out)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from ingest_files import project_mix, salinity_squares
from sqlalchemy import Engine, create_engine, select, text
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from api.main import create_app
from cli.main import app
from geo.accounts import create_account
from geo.ingest import IngestRequest, Options, ingest, project_writes
from geo.models import Project
from geo.settings import Settings, get_settings
from geo.status_history import append_status_event
from geo.vietnam_day import vietnam_today

COUNT = 12


@pytest.fixture(scope="module")
def url(make_registry) -> str:
    return make_registry("ingest_status_date", sample=True)


@pytest.fixture(scope="module")
def engine(url: str) -> Iterator[Engine]:
    engine = create_engine(url)
    yield engine
    engine.dispose()


def _events(engine: Engine, prefix: str) -> list[tuple]:
    """Each project's events, oldest first: code, version, status, day, and the project's own state."""
    with engine.connect() as connection:
        return connection.execute(
            text(
                "SELECT p.code, e.version, e.status, e.reported_at, p.status, p.status_date FROM status_event e "
                "JOIN project p ON p.id = e.project_id WHERE p.code LIKE :like ORDER BY p.code, e.reported_at, "
                "e.version"
            ),
            {"like": f"{prefix}-%"},
        ).all()


def _load(engine: Engine, path: Path, mode: str = "append", status_as_of: str | None = None):
    return ingest(
        engine, IngestRequest(path, Options("projects", mode=mode, status_as_of=status_as_of)), get_settings()
    )


def test_a_files_statuses_are_dated_the_day_given_and_the_map_of_that_day_has_them(engine, url, tmp_path):
    frame = project_mix(COUNT, "SD")
    path = tmp_path / "inventory.gpkg"
    frame.to_file(path, driver="GPKG")
    report = _load(engine, path, status_as_of="31/12/2024")
    assert report.ok, report.errors
    events = _events(engine, "SD")
    assert len(events) == COUNT and {e[3] for e in events} == {date(2024, 12, 31)}
    assert {e[5] for e in events} == {date(2024, 12, 31)}  # the projects' status date too

    client = TestClient(create_app(Settings(database_url=url)))
    that_day = client.get("/api/exports/projects.geojson", params={"as_of": "2024-12-31"}).json()["features"]
    assert {f["properties"]["code"] for f in that_day} >= set(frame["MA_DA"])
    before = client.get("/api/exports/projects.geojson", params={"as_of": "2024-12-30"}).json()["features"]
    assert not {f["properties"]["code"] for f in before} & set(frame["MA_DA"])

    # A revision of mid-2025 changes some statuses: the change is dated then, the 2024 events stay as they were.
    revised = frame.copy()
    revised.loc[revised.index % 2 == 0, "TRANG_THAI"] = "completed"
    revised.loc[revised.index % 2 == 0, "TIEN_DO"] = 100.0
    revised.to_file(path, driver="GPKG")
    assert _load(engine, path, "upsert", "2025-06-30").ok
    after = _events(engine, "SD")
    changed = [e for e in after if e[3] == date(2025, 6, 30)]
    assert changed and all(e[2] == "completed" == e[4] for e in changed)
    assert [e[:4] for e in after if e[3] == date(2024, 12, 31)] == [e[:4] for e in events]  # as they were


def test_a_status_older_than_the_projects_latest_goes_into_its_history_without_undoing_it(engine, tmp_path):
    """A file of 2023 loaded after a report of 2025: its status is history, the project still the 2025 one's."""
    frame = project_mix(2, "SH")
    path = tmp_path / "now.gpkg"
    frame.assign(TRANG_THAI="under_construction", TIEN_DO=40.0).to_file(path, driver="GPKG")
    assert _load(engine, path, status_as_of="01/03/2025").ok
    frame.assign(TRANG_THAI="proposed", TIEN_DO=0.0).to_file(path, driver="GPKG")
    assert _load(engine, path, "upsert", "15/06/2023").ok
    for code in frame["MA_DA"]:
        rows = [e for e in _events(engine, "SH") if e[0] == code]
        assert [(e[2], e[3]) for e in rows] == [
            ("proposed", date(2023, 6, 15)),
            ("under_construction", date(2025, 3, 1)),
        ]
        assert (rows[-1][4], rows[-1][5]) == ("under_construction", date(2025, 3, 1))  # still the latest


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("31/13/2024", "ngày của tình trạng “31/13/2024” không đọc được"),
        ("2024/12/31", "ngày của tình trạng “2024/12/31” không đọc được"),
        ("tomorrow", "nằm ngoài khoảng sổ đăng ký nhận"),
        ("01/01/1999", "nằm ngoài khoảng sổ đăng ký nhận"),
    ],
)
def test_a_status_date_that_cannot_be_is_refused_and_nothing_is_written(
    engine, url, commands_use, tmp_path, typed, said
):
    if typed == "tomorrow":
        typed = (vietnam_today() + timedelta(days=1)).strftime("%d/%m/%Y")
    path = tmp_path / "bad_day.gpkg"
    project_mix(3, "SX").to_file(path, driver="GPKG")
    commands_use(url)
    result = CliRunner().invoke(app, ["ingest", str(path), "--into", "projects", "--status-as-of", typed])
    assert result.exit_code == 1, result.output
    assert said in " ".join(result.output.split())
    assert _events(engine, "SX") == []


def test_a_status_date_is_refused_for_a_load_other_than_projects(engine, tmp_path):
    path, _ = salinity_squares(tmp_path, 2)
    report = ingest(
        engine,
        IngestRequest(path, Options("salinity", period="2025-03", status_as_of="31/12/2024")),
        get_settings(),
    )
    assert not report.ok
    assert "a date for the statuses is for loads of projects only" in " ".join(str(e) for e in report.errors)


def _report_meanwhile(monkeypatch, engine: Engine, code: str) -> None:
    """An officer's report on ``code`` commits while the next reload runs: after it read the projects, before it
    locked them to write (then a report waits for its commit)."""
    lock = project_writes.lock_what_changes

    def reported_meanwhile(session, *args):
        with Session(engine) as other, other.begin():
            other.execute(text("SET LOCAL lock_timeout = '10s'"))
            project = other.scalar(select(Project).where(Project.code == code))
            append_status_event(other, project, status="suspended", percent=10, reported_at=vietnam_today())
        return lock(session, *args)

    monkeypatch.setattr(project_writes, "lock_what_changes", reported_meanwhile)


def test_a_report_recorded_while_a_reload_runs_keeps_its_status_and_the_load_says_so(engine, tmp_path, monkeypatch):
    """A status report (or another load) that changes a project while a reload by code runs is newer than the file:
    the file's status is not set on it, the load says so (it said "a status report" of another load too), and counts
    it as left as it was."""
    frame = project_mix(4, "OT").assign(TRANG_THAI="proposed", TIEN_DO=0.0)
    first, again = tmp_path / "first.gpkg", tmp_path / "again.gpkg"
    frame.to_file(first, driver="GPKG")
    frame.assign(TRANG_THAI="under_construction", TIEN_DO=30.0).to_file(again, driver="GPKG")
    assert _load(engine, first).ok
    _report_meanwhile(monkeypatch, engine, "OT-000000")
    report = _load(engine, again, mode="upsert")

    assert report.ok, [e.message for e in report.errors]
    told = [w for w in report.warnings if "while the file was loading" in w.message]
    assert (
        len(told) == 1
        and "OT-000000" in told[0].message
        and "báo cáo tình trạng hoặc một lượt nạp khác" in (told[0].message_vi)
    )
    with engine.connect() as connection:
        states = dict(connection.execute(text("SELECT code, status FROM project WHERE code LIKE 'OT-%'")).all())
    assert states == {"OT-000000": "suspended", **{f"OT-{i:06d}": "under_construction" for i in range(1, 4)}}
    assert (report.changes["status_changed"], report.changes["unchanged"]) == (3, 1)
    # the lists agree with the counts: the kept project is not among the updated ones, nor its status among the
    # changes (trial s69: "5 updated" beside 6 codes, and "Status: … → Completed" on the one a report kept)
    updated = [f"OT-{i:06d}" for i in range(1, 4)]
    assert report.changed_codes["updated"] == updated and list(report.changed_fields) == updated
    assert {name: counted[0] for name, counted in report.fields_changed.items()} == {"status": 3, "percent": 3}
    assert all("OT-000000" not in codes for _, codes in report.fields_changed.values())
    assert "OT-000000" not in [row["code"] for row in report.sample_rows]  # "as stored": it is not


def test_a_report_recorded_after_a_reload_began_but_before_it_read_that_project_keeps_its_status(engine, tmp_path):
    """Trial 54: an officer reported "completed" on a project while a 100,000-row reload ran, before the load had
    reached that project's rows; the load then wrote the file's "operating" over it, and said nothing. A report
    recorded after the load began is newer than the file, wherever the load is in the file: kept, and said."""
    frame = project_mix(6, "BG").assign(TRANG_THAI="under_construction", TIEN_DO=50.0)
    first, again = tmp_path / "first.gpkg", tmp_path / "again.gpkg"
    frame.to_file(first, driver="GPKG")
    frame.assign(TRANG_THAI="operating", TIEN_DO=100.0).to_file(again, driver="GPKG")
    assert _load(engine, first).ok
    reported = []

    def report_on_a_later_row(done: int, total: int) -> None:  # the load has read 2 of 6 rows; BG-000004 is ahead
        if reported:
            return
        with Session(engine) as other, other.begin():
            project = other.scalar(select(Project).where(Project.code == "BG-000004"))
            append_status_event(other, project, status="completed", percent=100, reported_at=vietnam_today())
        reported.append(done)

    settings = get_settings().model_copy(update={"ingest_chunk_size": 2})
    request = IngestRequest(again, Options("projects", mode="upsert"))
    report = ingest(engine, request, settings, report_on_a_later_row)

    assert report.ok and reported == [2], [e.message for e in report.errors]
    with engine.connect() as connection:
        states = dict(connection.execute(text("SELECT code, status FROM project WHERE code LIKE 'BG-%'")).all())
    assert states == {**{f"BG-{i:06d}": "operating" for i in range(6)}, "BG-000004": "completed"}
    told = [w for w in report.warnings if "while the file was loading" in w.message]
    assert len(told) == 1 and "BG-000004" in told[0].message, [w.message for w in report.warnings]
    assert report.changes["status_changed"] == 5


#: The day of a field report on a project a file then puts back, and the state it set as the file's warning says it.
REPORTED = date(2025, 3, 12)
FIRST_NOW = {
    "vi": "Đang thi công, 60\u00a0% (theo báo cáo của Nguyễn Văn An, Sở Công Thương tỉnh Trà Vinh, ngày 12/03/2025)",
    "en": "Under construction, 60\u00a0% (set by the report of Nguyễn Văn An, Department of Industry and Trade, "
    "Trà Vinh, on 12 Mar 2025)",
}


def _steps_back(report) -> list:
    return [w for w in report.warnings if "puts" in w.text("en") and "back from their state" in w.text("en")]


def test_a_reload_that_puts_projects_back_names_them_in_its_preview_and_its_load(engine, tmp_path):
    """An office's file older than the field reports since (trial 48: it moved statuses back silently): its preview
    and its load name each project it puts back, an earlier stage or a lower percent, with its state and the file's;
    a project it moves forward, cancels or leaves as it is is not named, nor one whose file is of an earlier day."""
    frame = project_mix(5, "SB")
    path = tmp_path / "inventory.gpkg"
    frame.assign(TRANG_THAI="under_construction", TIEN_DO=60.0).to_file(path, driver="GPKG")
    assert _load(engine, path, status_as_of="01/03/2025").ok
    with Session(engine) as session, session.begin():  # the first one's state, as a field officer's report says it
        officer = create_account(
            session, "an.nguyen", role="editor", agency_code="TV.SCT", display_name="Nguyễn Văn An"
        )
        project = session.scalar(select(Project).where(Project.code == frame["MA_DA"][0]))
        seen = {"reporter_account_id": officer.id, "reporter_name": officer.display_name, "source": "field report"}
        append_status_event(session, project, status="under_construction", percent=60, reported_at=REPORTED, **seen)
    statuses = ["preparing", "under_construction", "under_construction", "completed", "cancelled"]
    older = frame.assign(TRANG_THAI=statuses, TIEN_DO=[10.0, 35.5, 60.0, 100.0, 20.0])
    older.to_file(path, driver="GPKG")
    request = IngestRequest(path, Options("projects", mode="upsert"), dry_run=True)
    preview = ingest(engine, request, get_settings())
    (warning,) = _steps_back(preview)
    first, second = frame["MA_DA"][0], frame["MA_DA"][1]
    # the state a field report set, with that report: the sheet may be older than the field's word (trial 72); one
    # a load set, as it is
    assert f"{first}: {FIRST_NOW['vi']} → Chuẩn bị đầu tư, 10\u00a0%" in warning.text("vi")
    assert f"{first}: {FIRST_NOW['en']} → Investment preparation, 10\u00a0%" in warning.text("en")
    assert f"{second}: Under construction, 60\u00a0% → Under construction, 35.5\u00a0%" in warning.text("en")
    assert "tệp đưa 2 dự án lùi lại" in warning.text("vi")
    assert warning.field == "TRANG_THAI"  # the file's column of statuses, as it heads it (trial 71)
    assert not any(code in warning.text("en") for code in frame["MA_DA"][2:])

    # loaded without confirming: stopped before anything is written, with the warning and how to confirm (trial 52)
    stopped = _load(engine, path, "upsert")
    (refused,) = [e.text("en") for e in stopped.errors]
    told = warning.text("en").removeprefix("field TRANG_THAI: ")
    assert not stopped.ok and refused == f"field TRANG_THAI: not loaded: {told}"
    assert "if the file is right, load it with --accept-steps-back to confirm; if not" in refused  # one instruction
    request = IngestRequest(path, Options("projects", mode="upsert"), accept_steps_back=True)
    loaded = ingest(engine, request, get_settings())
    # confirmed, the load says what it did, and asks nothing more (trial 56: "load it with --accept-steps-back to
    # confirm" after the load confirmed)
    (done,) = [w for w in loaded.warnings if "as you confirmed" in w.text("en")]
    assert loaded.ok and not _steps_back(loaded)
    told_done = done.text("en").removeprefix("field TRANG_THAI: ")
    assert told_done.startswith("the file put 2 projects back from their former state, as you confirmed (")
    assert f"{first}: {FIRST_NOW['vi']} → Chuẩn bị đầu tư, 10\u00a0%" in done.text("vi")
    assert "--accept-steps-back" not in done.text("en") + done.text("vi")

    # The same file of an earlier day goes into the projects' history: it puts nothing back
    frame.assign(TRANG_THAI="proposed", TIEN_DO=0.0).to_file(path, driver="GPKG")
    assert not _steps_back(_load(engine, path, "upsert", "15/06/2023"))


def test_a_step_back_names_the_reporters_agency_as_it_was_named_on_the_reports_day(engine, url, commands_use, tmp_path):
    """The agency named with the report a file undoes was the reporter's account's today: an officer of Trà Vinh's
    Department of Natural Resources and Environment (TV.STNMT) who reported in January 2025, moved since to Vĩnh
    Long's Department of Agriculture and Environment, read as of the latter; and an account left of TV.STNMT,
    renamed (merged) into TV.SNNMT from 1 March 2025, read as of the department ended before its report. Each is
    named as it was on the report's day."""
    frame = project_mix(2, "AG")
    path = tmp_path / "inventory.gpkg"
    frame.assign(TRANG_THAI="proposed", TIEN_DO=0.0).to_file(path, driver="GPKG")
    assert _load(engine, path, status_as_of="01/01/2025").ok
    with Session(engine) as session, session.begin():
        reports = (
            ("moved.officer", "AG-000000", date(2025, 1, 11)),
            ("stayed.officer", "AG-000001", date(2025, 4, 15)),
        )
        for username, code, on in reports:
            officer = create_account(session, username, role="editor", agency_code="TV.STNMT", display_name=username)
            project = session.scalar(select(Project).where(Project.code == code))
            seen = {"reporter_account_id": officer.id, "reporter_name": username, "source": "field report"}
            append_status_event(session, project, status="under_construction", percent=60, reported_at=on, **seen)
    commands_use(url)  # the administrator moves one to today's agency, as the accounts page asks
    moved = CliRunner().invoke(app, ["account", "update", "moved.officer", "--agency", "VL.SNNMT"])
    assert moved.exit_code == 0, moved.output
    frame.assign(TRANG_THAI="preparing", TIEN_DO=10.0).to_file(path, driver="GPKG")
    request = IngestRequest(path, Options("projects", mode="upsert"), dry_run=True)
    (warning,) = _steps_back(ingest(engine, request, get_settings()))

    told = warning.text("en")
    assert "moved.officer, Department of Natural Resources and Environment, Trà Vinh, on 11 Jan 2025" in told, told
    assert "stayed.officer, Department of Agriculture and Environment, Trà Vinh, on 15 Apr 2025" in told, told
    assert "theo báo cáo của moved.officer, Sở Tài nguyên và Môi trường tỉnh Trà Vinh, ngày 11/01/2025" in (
        warning.text("vi")
    )


def test_a_dry_run_that_puts_projects_back_says_the_file_loads_only_once_they_are_confirmed(
    engine, url, commands_use, tmp_path
):
    """A dry run ended "the file would load" for a file whose load is refused until its steps back are confirmed
    (trial 60: exit 1 after "would load"), and exited 0 (trial 72); confirmed in the dry run too, it would load."""
    frame = project_mix(2, "DB")
    path = tmp_path / "inventory.gpkg"
    frame.assign(TRANG_THAI="under_construction", TIEN_DO=60.0).to_file(path, driver="GPKG")
    assert _load(engine, path).ok
    frame.assign(TRANG_THAI="preparing", TIEN_DO=10.0).to_file(path, driver="GPKG")
    commands_use(url)
    command = ["ingest", str(path), "--into", "projects", "--mode", "upsert", "--dry-run", "--lang", "en"]
    asked = CliRunner().invoke(app, command)
    said = " ".join(asked.output.split())
    assert "dry run: the file would load only once you confirm the projects it puts back" in said, said
    assert asked.exit_code == 1  # as the same load would: a script checking its files first can tell (trial 72)
    confirmed = CliRunner().invoke(app, [*command, "--accept-steps-back"])
    assert "dry run: the file would load; nothing was written" in " ".join(confirmed.output.split())
    assert confirmed.exit_code == 0


def test_a_refused_reload_writes_every_project_it_puts_back_beside_the_file_and_its_json_lists_them_all(
    engine, url, commands_use, tmp_path
):
    """A reload that would put 258 projects back named 5 of them, --json's steps_back 4 (of the updated listed), and
    the rest were nowhere (trial s71). Every one is in a CSV beside the file (code, name, status now and in the
    file), the refusal says where, and --json's steps_back_list holds them all."""
    frame = project_mix(7, "LS")
    path = tmp_path / "du_an_v3.gpkg"
    frame.assign(TRANG_THAI="under_construction", TIEN_DO=60.0).to_file(path, driver="GPKG")
    assert _load(engine, path).ok
    frame.assign(TRANG_THAI="under_construction", TIEN_DO=50.0).to_file(path, driver="GPKG")
    commands_use(url)
    command = ["ingest", str(path), "--into", "projects", "--mode", "upsert", "--lang", "vi"]

    refused = CliRunner().invoke(app, command)

    listed = tmp_path / "du_an_v3_lui_lai.csv"
    said = " ".join(refused.output.split())
    assert refused.exit_code == 1 and "Danh sách đủ 7 dự án bị đưa lùi lại" in said and str(listed) in said, said
    rows = listed.read_text(encoding="utf-8-sig").splitlines()
    assert rows[0].startswith('"Mã dự án";"Tên dự án";"Tình trạng hiện có";"Tiến độ hiện có (%)"')
    assert rows[1:] == [f"LS-{i:06d};Công trình số {i};Đang thi công;60,0;Đang thi công;50,0;;;" for i in range(7)]
    as_json = CliRunner().invoke(app, [*command, "--json", "--steps-back-list", str(tmp_path / "list.csv")])
    report = json.loads(as_json.stdout)
    assert [row["code"] for row in report["steps_back_list"]] == [f"LS-{i:06d}" for i in range(7)]
    assert (tmp_path / "list.csv").exists()


def test_a_refused_reload_does_not_say_the_files_other_fields_were_loaded(engine, tmp_path, monkeypatch):
    """A report recorded while a reload ran, and the reload then refused (a step back not confirmed): it said "the
    file's status was not set … (the file's other fields were loaded)", then that nothing was loaded (trial 60)."""
    frame = project_mix(2, "RF").assign(TRANG_THAI="under_construction", TIEN_DO=60.0)
    first, again = tmp_path / "first.gpkg", tmp_path / "again.gpkg"
    frame.to_file(first, driver="GPKG")
    frame.assign(TRANG_THAI="under_construction", TIEN_DO=[70.0, 10.0]).to_file(again, driver="GPKG")
    assert _load(engine, first).ok
    _report_meanwhile(monkeypatch, engine, "RF-000000")
    report = _load(engine, again, mode="upsert")
    assert not report.ok  # RF-000001 put back, not confirmed
    assert not [w for w in report.warnings if "other fields were loaded" in w.text("en")], report.warnings


def _history_told(report) -> list:
    return [w for w in report.warnings if "added to their history" in w.text("en")]


def test_a_file_of_an_earlier_day_is_told_as_history_added_not_as_a_change(engine, url, commands_use, tmp_path):
    """A file of 31/12/2025 loaded after reports of 01/03/2026 (session 66's trial: "1.836 cập nhật", "Tình trạng:
    Đang thi công → Chuẩn bị đầu tư" listed as a change, "Đã ghi 1.836", while the current statuses stayed): its
    preview, the command line's and its load tell its statuses added to the history as of that day, the current
    ones, newer, kept; counted apart from changes, none listed as one, and the projects' current state as it was."""
    frame = project_mix(3, "HA")
    path = tmp_path / "inventory.gpkg"
    frame.assign(TRANG_THAI="under_construction", TIEN_DO=60.0).to_file(path, driver="GPKG")
    assert _load(engine, path, status_as_of="01/03/2026").ok
    frame.assign(TRANG_THAI="preparing", TIEN_DO=0.0).to_file(path, driver="GPKG")
    expected = {"new": 0, "updated": 0, "status_changed": 0, "history_added": 3, "unchanged": 0}

    request = IngestRequest(path, Options("projects", mode="upsert", status_as_of="31/12/2025"), dry_run=True)
    preview = ingest(engine, request, get_settings())
    assert preview.ok and preview.changes == expected
    assert not preview.changed_fields and not preview.writes_nothing
    (told,) = _history_told(preview)
    assert "added to their history as of 31/12/2025; their current status, newer, stays" in told.text("en")
    assert "HA-000000: Chuẩn bị đầu tư, 0\u00a0% — hiện tại Đang thi công, 60\u00a0% (ngày 01/03/2026)" in told.text(
        "vi"
    )
    commands_use(url)
    command = ["ingest", str(path), "--into", "projects", "--mode", "upsert", "--status-as-of", "31/12/2025"]
    printed = CliRunner().invoke(app, [*command, "--dry-run", "--lang", "en"]).output
    said = " ".join(printed.replace("│", " ").split())  # a table's cell wrapped on its next rows
    told = "0 new · 0 updated (0 with another status or percent) · 3 added to history (the current status, newer, "
    assert told + "stays) · 0 unchanged" in said, said

    loaded = _load(engine, path, "upsert", "31/12/2025")
    assert loaded.ok and loaded.changes == expected and _history_told(loaded)
    for code in frame["MA_DA"]:
        rows = [e for e in _events(engine, "HA") if e[0] == code]
        assert [(e[2], e[3]) for e in rows] == [
            ("preparing", date(2025, 12, 31)),
            ("under_construction", date(2026, 3, 1)),
        ]
        assert (rows[-1][4], rows[-1][5]) == ("under_construction", date(2026, 3, 1))  # the current state stays


def test_the_same_file_reloaded_adds_no_event_again_and_says_unchanged(engine, tmp_path):
    """Session 66's trial: an inventory of 31/12/2025, newer reports, then the same file reloaded by code, twice:
    each reload added the file's events again ("31/12/2025 Chuẩn bị đầu tư 0,0 nạp từ tệp" twice on the project's
    page) and said "1.836 updated". An event the project's history already holds (status, percent and day, whichever
    load or report told it) is not added again: the reload changes nothing and says so."""
    frame = project_mix(4, "HR")
    path = tmp_path / "inventory.gpkg"
    frame.assign(TRANG_THAI="preparing", TIEN_DO=0.0).to_file(path, driver="GPKG")
    assert _load(engine, path, status_as_of="31/12/2025").ok
    newer = tmp_path / "reports.gpkg"
    frame[:2].assign(TRANG_THAI="under_construction", TIEN_DO=60.0).to_file(newer, driver="GPKG")
    assert _load(engine, newer, "upsert", "01/03/2026").ok
    before = _events(engine, "HR")
    unchanged = {"new": 0, "updated": 0, "status_changed": 0, "history_added": 0, "unchanged": 4}
    for _ in range(2):
        request = IngestRequest(path, Options("projects", mode="upsert", status_as_of="31/12/2025"), dry_run=True)
        preview = ingest(engine, request, get_settings())
        assert preview.changes == unchanged and preview.changes_nothing and not _history_told(preview)
        reloaded = _load(engine, path, "upsert", "31/12/2025")
        assert reloaded.ok and reloaded.changes == unchanged
        assert _events(engine, "HR") == before

    # a file of an earlier day adds its events once: reloaded, nothing more
    earlier = tmp_path / "mid_year.gpkg"
    frame.assign(TRANG_THAI="proposed", TIEN_DO=0.0).to_file(earlier, driver="GPKG")
    first = _load(engine, earlier, "upsert", "30/06/2025")
    assert first.changes["history_added"] == 4 and first.changes["updated"] == 0
    added = _events(engine, "HR")
    assert len(added) == len(before) + 4
    again = _load(engine, earlier, "upsert", "30/06/2025")
    assert again.changes == unchanged and _events(engine, "HR") == added
