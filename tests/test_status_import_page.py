"""/status-imports: an agency's officer sends a status file from the browser, as the API takes it (POST
/api/status-imports): the check names each row to correct in the page's language, a project put back is sent only
once the officer ticks it, the answer links to today's changes; a viewer is told, a visitor asked to log in, a bad file
said so. An editor of a Department logged in on /upload was told to use the API with curl."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from live_servers import serving
from playwright.sync_api import Page, expect
from shared_tabs import tabs
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from geo.accounts import create_account, create_token
from geo.settings import Settings
from geo.vietnam_day import vietnam_today

PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
DESKTOP = {"viewport": {"width": 1366, "height": 900}}
SUBSTATION_LONG_DUC = (12, 106.338181, 9.978182)
SUBSTATION_CAU_NGANG = (13, 106.452081, 9.792984)
LINE_CON_BAN_CHAT = (14, 106.084655, 9.878653)  # a vertex of the line
HEADER = "ma,kinh_do,vi_do,trang_thai,tien_do,ngay_bao_cao\n"
BACK = f",{SUBSTATION_CAU_NGANG[1]},{SUBSTATION_CAU_NGANG[2]},Chuẩn bị đầu tư,10,\n"  # from 45 % under construction
EARLIER = f",{SUBSTATION_LONG_DUC[1]},{SUBSTATION_LONG_DUC[2]},under_construction,20,05/01/2026\n"  # history only
AT_SEA = ",107.5,8.9,operating,100,\n"


@pytest.fixture(scope="module")
def site(make_registry, tmp_path_factory):
    """The app on its own sample registry, served; the tokens of a Department's editor and viewer."""
    url = make_registry("status_import_page", sample=True)
    engine = create_engine(url)
    with Session(engine) as session, session.begin():
        tokens = {
            role: create_token(session, create_account(session, f"sct_{role}", role=role, agency_code="TV.SCT"))[0]
            for role in ("editor", "viewer")
        }
    engine.dispose()
    with serving(Settings(database_url=url, photo_dir=tmp_path_factory.mktemp("photos"))) as server:
        yield server, tokens


@pytest.fixture
def open_page(devices, site) -> Iterator[Callable[..., Page]]:
    """A factory of /status-imports tabs in a language, on a device, logged in as ``who`` (none: a visitor)."""
    server, tokens = site

    def opened(lang: str, device: dict, who: str | None = None) -> Page:
        page = new_tab(**device)
        if who:
            assert page.request.post(f"{server}/api/session", data={"token": tokens[who]}).ok
        page.goto(f"{server}/status-imports?lang={lang}")
        return page

    with tabs(devices) as new_tab:
        yield opened


def _reported(page: Page, server: str, project: tuple[int, float, float], status: str, percent: int) -> None:
    """The officer's own report from the field form (the project's state the file is judged against)."""
    pid, lon, lat = project
    form = {"status": status, "percent": str(percent), "lon": str(lon), "lat": str(lat)}
    own = {"X-Requested-With": "georeg"}  # the session's requests say they are the site's own, as the pages' do
    sent = page.request.post(f"{server}/api/projects/{pid}/status", multipart=form, headers=own)
    assert sent.ok, sent.text()


def _file(folder: Path, name: str, rows: str) -> str:
    path = folder / name
    path.write_text(HEADER + rows, encoding="utf-8")
    return str(path)


def test_an_editor_corrects_the_rows_named_confirms_the_step_back_and_sends(open_page, site, tmp_path):
    """On a phone, in Vietnamese: the row at sea named with the API's message, the step back with from → to; nothing
    to send until the file is corrected; Send waits for the tick; the rows sent are in the projects' history."""
    server, _ = site
    page = open_page("vi", PHONE, "editor")
    _reported(page, server, SUBSTATION_CAU_NGANG, "under_construction", 45)
    _reported(page, server, SUBSTATION_LONG_DUC, "under_construction", 60)
    expect(page.locator("#session")).to_contain_text("sct_editor")
    expect(page.locator("#token")).to_be_hidden()  # logged in: an empty token box read as something still to fill

    page.set_input_files("#file", _file(tmp_path, "tien_do.csv", BACK + AT_SEA + EARLIER))
    page.tap("#check")
    expect(page.locator("#message.error")).to_contain_text("Chưa gửi được: 1 dòng cần sửa")
    expect(page.locator("#fix li")).to_have_count(1)
    expect(page.locator("#fix li")).to_contain_text("Dòng 3: Không có dự án nào trong vòng 100 m quanh điểm 107.5")
    expect(page.locator("#back li")).to_have_text(
        "Dòng 2 · TV-SUB-110KV-CAU-NGANG «Trạm biến áp 110 kV Cầu Ngang và đường dây đấu nối»: "
        "Đang thi công 45 % → Chuẩn bị đầu tư 10 %."
    )
    expect(page.locator("#history li")).to_contain_text("Dòng 4 · TV-SUB-110KV-LONG-DUC: Ngày 05/01/2026 trước báo")
    expect(page.locator("#count-unmatched")).to_have_text("1")
    expect(page.locator("#send")).to_be_hidden()
    page.fill("#radius", "2000")  # what the message asks: "a larger radius_m (at most 2,000 m)"
    page.tap("#check")
    expect(page.locator("#fix li")).to_contain_text("Dòng 3: Không có dự án nào trong vòng 2.000 m quanh điểm 107.5")

    page.set_input_files("#file", _file(tmp_path, "tien_do_sua.csv", BACK + EARLIER))
    page.tap("#check")
    expect(page.locator("#message.warn")).to_contain_text("1 dòng đưa dự án lùi lại")
    expect(page.locator("#confirm-back-text")).to_have_text("Tôi xác nhận dự án này lùi lại như trên")
    expect(page.locator("#send")).to_be_disabled()
    page.tap("#confirm-back")
    _reported(page, server, SUBSTATION_CAU_NGANG, "under_construction", 50)  # since the check: not what was ticked
    page.tap("#send")
    expect(page.locator("#message.error")).to_contain_text("không còn là những dự án bạn đã xác nhận")
    expect(page.locator("#back li")).to_contain_text("Đang thi công 50 % → Chuẩn bị đầu tư 10 %")
    page.tap("#check")
    page.tap("#confirm-back")
    page.tap("#send")
    expect(page.locator("#message.ok")).to_contain_text("Đã ghi 2 dòng của tien_do_sua.csv")
    expect(page.locator("#message.ok")).to_contain_text("1 dòng trong số đó chỉ vào lịch sử dự án")
    expect(page.locator("#see-changes")).to_have_attribute("href", f"/changes?since={vietnam_today()}&lang=vi")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    back = page.request.get(f"{server}/api/projects/13/history").json()
    assert (back["status"], back["percent"]) == ("preparing", 10)
    assert back["history"][-1]["source"].startswith("tien_do_sua.csv (status import ")
    earlier = page.request.get(f"{server}/api/projects/12/history").json()
    assert earlier["percent"] == 60
    assert ("2026-01-05", 20) in [(e["reported_at"], e["percent"]) for e in earlier["history"]]


def test_a_viewer_is_told_and_a_visitor_asked_to_log_in(open_page, site):
    viewer = open_page("en", DESKTOP, "viewer")
    expect(viewer.locator("#who")).to_contain_text("Your account's role is Viewer: it reads, and cannot send")
    expect(viewer.locator("#check-form")).to_be_hidden()
    expect(viewer.locator("#token")).to_be_visible()  # a colleague's token typed shows the form

    visitor = open_page("vi", PHONE)
    expect(visitor.locator("#who")).to_contain_text("Chưa đăng nhập")
    expect(visitor.locator("#who a")).to_have_attribute("href", "/login?lang=vi&next=%2Fstatus-imports%3Flang%3Dvi")
    expect(visitor.locator("#check-form")).to_be_hidden()


def test_a_bad_file_is_said_so_in_the_page(open_page, tmp_path):
    """An empty file and one of another kind said before anything is sent; one without the columns, in the API's
    words (which file, which columns), not as raw JSON."""
    page = open_page("en", DESKTOP, "editor")
    for name, content, said in (
        ("empty.csv", "", "empty.csv: the file is empty"),
        ("tien_do.txt", "x", "tien_do.txt: choose a .csv or an .xlsx file"),
        ("columns.csv", "ma,ten\nA,B\n", "columns.csv: no column for lat, lon, percent, status (found: ma, ten)"),
    ):
        (tmp_path / name).write_text(content, encoding="utf-8")
        page.set_input_files("#file", str(tmp_path / name))
        page.click("#check")
        expect(page.locator("#message.error")).to_contain_text(said)
        expect(page.locator("#outcome")).to_be_hidden()


def test_a_commit_refused_since_the_check_names_its_row_in_the_page(open_page, site, tmp_path):
    """A phone report sent between Check and Send makes the file's row a step back: the commit is refused (422) and
    the page says so in its language, naming the row, and lists it with its from → to (not raw JSON)."""
    server, _ = site
    page = open_page("en", DESKTOP, "editor")
    pid, lon, lat = LINE_CON_BAN_CHAT
    page.set_input_files("#file", _file(tmp_path, "line.csv", f",{lon},{lat},under_construction,30,\n"))
    page.click("#check")
    expect(page.locator("#message.ok")).to_have_text(
        "The file is valid: 1 row will be written when you press Send. Nothing was written yet."
    )
    _reported(page, server, LINE_CON_BAN_CHAT, "under_construction", 50)
    page.click("#send")
    refused = page.locator("#message.error")
    expect(refused).to_contain_text("line.csv: nothing recorded: 1 row puts")
    expect(refused).to_contain_text("Press Check to see the file against the registry as it is now.")
    expect(refused).not_to_contain_text("Nothing was written")  # said once, by the API's words
    expect(refused).to_contain_text("(row 2 (TV-LINE-CON-BAN-CHAT: Under construction 50 %")
    expect(page.locator("#back li")).to_contain_text("Under construction 50 % → Under construction 30 %")
    expect(page.locator("#send")).to_be_hidden()
    expect(page.locator("#confirm-back")).to_be_hidden()  # nothing to confirm before the file is checked again
    assert page.request.get(f"{server}/api/projects/{pid}/history").json()["percent"] == 50
