"""``georeg agency``: an administrator confirms or corrects a succession the 2025 data leave uncertain, and adds an
agency the data do not hold (trial 42: the guide said nothing of how, and the only way was to edit a file inside the
program's folder and load the sample data again, which would also have put the file's guess back)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from cli.main import app
from geo.agencies import duty_holder
from geo.audit import command_line_actor
from geo.models import Agency
from geo.sample.load import load_sample
from geo.settings import get_settings

TODAY = date(2026, 12, 5)


@pytest.fixture
def registry(make_registry, commands_use):
    url = make_registry("agency_commands", sample=True)
    commands_use(url)
    engine = create_engine(url)
    yield engine
    engine.dispose()


def georeg(*args: str):
    return CliRunner().invoke(app, list(args))


def _holder(engine, code: str, on: date = TODAY):
    with Session(engine) as session:
        return duty_holder(session, session.scalar(select(Agency.id).where(Agency.code == code)), on)


def test_a_succession_left_uncertain_is_corrected_and_stays_so_when_the_sample_is_loaded_again(registry):
    before = _holder(registry, "TV.SGTVT")
    assert (before.code, before.certain) == ("VL.SXD", False)  # the data's guess, through Trà Vinh's Sở Xây dựng
    made = georeg("account", "create", "sgtvt.officer", "--role", "editor", "--agency", "TV.SGTVT")
    assert made.exit_code == 0, made.output

    done = georeg(
        "agency", "succession", "TV.SGTVT", "TV.SCT", "--on", "01/03/2025", "--source", "Quyết định 12/QĐ-UBND"
    )

    assert done.exit_code == 0, done.output
    assert "Từ 01/03/2025 nhiệm vụ của TV.SGTVT do TV.SCT giữ" in done.output and "Thay cho: TV.SXD" in done.output
    told = " ".join(done.output.split())  # its account goes on reporting as the ended agency's: said (trial s70)
    assert "1 tài khoản còn hoạt động vẫn thuộc TV.SGTVT (sgtvt.officer)" in told, told
    assert "georeg account update sgtvt.officer --agency TV.SCT" in told, told
    after = _holder(registry, "TV.SGTVT")
    assert (after.code, after.certain) == ("VL.SCT", True)  # on, through Trà Vinh's Sở Công Thương to Vĩnh Long's
    with Session(registry) as session:
        load_sample(session, get_settings().data_dir)  # as an upgrade might
        session.commit()
        entry = session.execute(
            text("SELECT actor, changes FROM audit_log WHERE action = 'record_succession' AND entity_id = 'TV.SGTVT'")
        ).one()
    assert _holder(registry, "TV.SGTVT").code == "VL.SCT"  # the file's guess is not put back
    assert entry.actor == command_line_actor() and entry.changes["replaced"] == ["TV.SXD"]
    listed = [line.split("│")[1].strip() for line in georeg("agency", "list", "--on", "2025-02-01").output.splitlines()
              if line.startswith("│")]  # fmt: skip
    assert "TV.SGTVT" in listed and "TV.SCT" in listed and "VL.SCT" not in listed  # those existing that day


def test_a_succession_that_cannot_be_is_refused_saying_why_and_changes_nothing(registry):
    refused = {
        ("TV.SGTVT", "VL.XX"): "no agency coded VL.XX",
        ("TV.SCT", "TV.SCT"): "an agency does not succeed itself",
        ("TV.SGTVT", "TV.SCT", "01/08/2025"): "agency TV.SCT does not exist on 01/08/2025 (valid …–30/06/2025)",
        ("VL.SCT", "BL.DOANH_NGHIEP", "01/01/2025"): "agency VL.SCT began on 01/07/2025",
    }
    for (predecessor, successor, *day), why in refused.items():
        told = georeg("agency", "succession", predecessor, successor, "--on", *(day or ["01/03/2025"]), "--source", "x")
        assert told.exit_code == 1 and "Nothing changed" in told.output, told.output
        assert why in " ".join(told.output.split()), told.output
    # a cycle: Vĩnh Long's Sở Xây dựng taken over by its Sở Công Thương in June, then the other way from January
    assert georeg("agency", "succession", "VL.SXD", "VL.SCT", "--on", "01/06/2026", "--source", "x").exit_code == 0
    back = georeg("agency", "succession", "VL.SCT", "VL.SXD", "--on", "01/01/2026", "--source", "x")
    assert back.exit_code == 1 and "VL.SXD's duties already pass (through successions) to VL.SCT" in " ".join(
        back.output.split()
    )
    assert _holder(registry, "VL.SCT").code == "VL.SCT"
    assert georeg("agency", "succession", "TV.SGTVT", "VL.SXD", "--on", "31/02/2025", "--source", "x").exit_code == 1


def test_an_agency_the_data_do_not_hold_is_added_and_can_take_over(registry):
    added = georeg(
        "agency", "add", "VL.TTPVHCC", "--name-vi", "Trung tâm Phục vụ hành chính công tỉnh Vĩnh Long",
        "--name-en", "Public Administration Service Centre, Vĩnh Long", "--province", "86", "--since", "01/07/2025",
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    assert georeg("agency", "add", "VL.TTPVHCC", "--name-vi", "x", "--name-en", "x").exit_code == 1  # once
    # trial 44: a lower-case copy, empty names, a code with spaces and accents, a province of none were all kept
    for bad, why in (
        (("vl.sct", "--name-vi", "x", "--name-en", "x"), "is not one"),
        (("VL.MOI", "--name-vi", " ", "--name-en", "x"), "give its Vietnamese and English names"),
        (("VL.Sở Mới", "--name-vi", "x", "--name-en", "x"), "is not one"),
        (
            ("VL.MOI", "--name-vi", "x", "--name-en", "x", "--province", "99"),
            "no province (before or from 1 July 2025) has the code '99'",
        ),
        (  # a former province's agency added without its last day was taken as existing today (trial s70)
            ("TV.BQLKKT", "--name-vi", "x", "--name-en", "x", "--province", "84"),
            "(84) ended on 30/06/2025: an agency of it ended by then; give --until 30/06/2025",
        ),
    ):
        refused = georeg("agency", "add", *bad)
        assert refused.exit_code == 1 and why in " ".join(refused.output.split()), refused.output
    assert (
        georeg("agency", "succession", "TV.TTXTDT", "VL.TTPVHCC", "--on", "01/07/2025", "--source", "x").exit_code == 0
    )
    assert _holder(registry, "TV.TTXTDT").name_vi == "Trung tâm Phục vụ hành chính công tỉnh Vĩnh Long"
    # a former Cà Mau department, before the merger (trial 43: there was no way to record one), taken over by today's
    former = ("agency", "add", "CM96.SCT", "--name-vi", "Sở Công Thương tỉnh Cà Mau (cũ)", "--name-en", "x")
    assert georeg(*former, "--province", "96", "--until", "30/06/2025").exit_code == 0
    assert georeg("agency", "succession", "CM96.SCT", "CM.SCT", "--on", "01/07/2025", "--source", "x").exit_code == 0
    assert _holder(registry, "CM96.SCT").code == "CM.SCT" and _holder(registry, "CM96.SCT", date(2025, 1, 1)).code == (
        "CM96.SCT"
    )


def test_the_agency_commands_say_everything_in_the_language_asked_alone(registry, monkeypatch):
    """`georeg agency` had no --lang: its list, its records and its refusals were in Vietnamese then English. Asked,
    each is in that language alone (the list's names too); without it, both, as before."""
    from cli.agencies import console

    monkeypatch.setattr(console, "width", 250)  # a row a line
    listed = " ".join(georeg("agency", "list", "--on", "01/07/2025", "--lang", "en").output.split())
    assert "code ┃ name ┃ valid ┃ taken over by" in listed and "kế thừa" not in listed, listed
    assert "Department of Agriculture and Environment" in listed and "Sở Nông nghiệp" not in listed, listed
    added = georeg("agency", "add", "VL.MOI", "--name-vi", "Sở Mới", "--name-en", "New Department", "--lang", "vi")
    assert " ".join(added.output.split()) == "Đã thêm cơ quan VL.MOI", added.output
    # a name as typed, brackets and all: rich took "[tạm]" for its markup and left it out of the list
    interim = ("VL.BQLTAM", "--name-vi", "Ban quản lý dự án [tạm]", "--name-en", "Projects board [interim]")
    assert georeg("agency", "add", *interim).exit_code == 0
    assert "Ban quản lý dự án [tạm]" in georeg("agency", "list", "--lang", "vi").output
    refused = georeg("agency", "succession", "TV.SCT", "TV.SCT", "--on", "01/03/2025", "--source", "x", "--lang", "en")
    said = " ".join(refused.output.split())
    assert refused.exit_code == 1 and said.startswith("Nothing changed: an agency does not succeed itself"), said
    assert "Không" not in said
