"""The field form an officer can trust on a patchy 3G phone (trial 51: a Cà Mau officer): a report kept on the phone
keeps its photo, through a night offline and through logging in again after the session ended; offline, the form says
who is logged in; a slow send says how much it sends; the same report from a second tab is said already recorded.
(A report whose answer was lost: tests/reporting/test_report_form.py.)"""

from __future__ import annotations

import io
import re
from urllib.parse import parse_qs, urlparse

import httpx
import pytest
from late_answers import LateAnswers
from PIL import Image
from playwright.sync_api import expect
from sqlalchemy.orm import Session
from watched_pages import watch

from geo.accounts import create_account, create_token, revoke_token, update_account

SUBSTATION_CAU_NGANG = {"longitude": 106.452081, "latitude": 9.792984}  # project 13, a TV.SCT substation
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
#: What a page may log while its connection is cut or its answer lost on purpose.
CUT = ("ERR_INTERNET_DISCONNECTED", "ERR_FAILED", "Failed to fetch", "401")
#: The substation in the list of projects near, marked as the pasted token's account may report on it.
MARKED_WITH_THE_TOKEN = "() => document.querySelector('button.project[data-id=\"13\"]').project.properties.may_report"


def _phone(browser):
    context = browser.new_context(
        **PHONE, geolocation={**SUBSTATION_CAU_NGANG, "accuracy": 8}, permissions=["geolocation"]
    )
    page = context.new_page()
    return context, page, watch(page)


def _history(server: str) -> dict:
    return httpx.get(f"{server}/api/projects/13/history").json()


def _state_now(server: str, reporting) -> None:
    """The substation's state set by a colleague, so that the officer's report is no step back."""
    where = {"lon": str(SUBSTATION_CAU_NGANG["longitude"]), "lat": str(SUBSTATION_CAU_NGANG["latitude"])}
    sent = httpx.post(
        f"{server}/api/projects/13/status",
        data={"status": "under_construction", "percent": "10", **where},
        headers=reporting.headers("supervisor"),
    )
    assert sent.status_code in (200, 201), sent.text


def _with_token(page, server: str, reporting, lang: str = "vi") -> None:
    page.goto(f"{server}/status-report?lang={lang}&project=13")
    page.fill("#token", reporting.tokens["sct"])
    page.locator("#current").filter(has_text={"vi": "Hiện tại", "en": "Now"}[lang]).wait_for(timeout=15_000)


def _logged_in(page, server: str, reporting, back: str) -> None:
    """Logged in on /login with the agency editor's token, and back on ``back``, as a phone's browser keeps it."""
    page.goto(f"{server}/login?lang=vi&next={back}")
    page.fill("#token", reporting.tokens["sct"])
    with page.expect_navigation():
        page.click("#send")


def _sent_with_its_photo(page, server: str, note: str, photo: str, sent=None) -> None:
    """The kept report reopened with its photo in the field, sent (by ``sent``, else a tap on Send), and recorded with
    it."""
    expect(page.locator("label.file .chosen")).to_have_text(photo)
    (sent or page.locator("#send").tap)()
    page.locator("#message.ok").wait_for(timeout=15_000)
    latest = _history(server)["history"][-1]
    assert latest["note_vi"] == note and len(latest["photos"]) == 1, latest


def _photo(size=(640, 480)) -> bytes:
    """A photo with detail (noise), so that its JPEG has some weight."""
    buffer = io.BytesIO()
    Image.effect_noise(size, 80).convert("RGB").save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def test_a_report_kept_overnight_offline_is_sent_the_next_day_with_its_photo(browser, reporting, reporting_server):
    """Typed offline at the site with a photo, the tab closed: the next day the report was sent without its photo
    unless it was picked again ("Ảnh không được lưu"). The photo, made smaller, is kept with the report."""
    _state_now(reporting_server, reporting)
    context, page, problems = _phone(browser)
    _with_token(page, reporting_server, reporting)
    context.set_offline(True)
    page.fill("#note", "Đã lắp máy biến áp số 2")
    page.set_input_files("#photo", {"name": "may-bien-ap.jpg", "mimeType": "image/jpeg", "buffer": _photo()})
    page.locator("#send").tap()
    expect(page.locator("#message.error")).to_contain_text("(cả ảnh)", timeout=10_000)
    page.wait_for_timeout(500)  # the photo made smaller and kept as it was chosen
    page.close()

    context.set_offline(False)
    page = context.new_page()
    problems += watch(page)
    page.goto(f"{reporting_server}/status-report?lang=vi")
    page.locator("button.project[data-id='13']").wait_for()  # the projects near, listed before the token is pasted
    near = LateAnswers(page, "**/api/projects/near?*")  # asked again with the pasted token: late on a slow line
    history = LateAnswers(page, "**/api/projects/13/history")  # the project's state and version, late too
    page.fill("#token", reporting.tokens["sct"])
    page.dispatch_event("#token", "paste")
    page.locator("#drafts button.draft").tap()
    expect(page.locator("#current")).to_have_text("Đang tải thông tin dự án…")
    expect(page.locator("#send")).to_be_disabled()  # a tap said "could not load the project (no connection?)"
    history.come()
    expect(page.locator("#message")).to_contain_text("kèm ảnh đã chọn", timeout=15_000)

    def sent_as_the_list_comes() -> None:
        """Send tapped at once; the list asked with the token comes while the report is on its way (held too): it
        turned Send on again, and a second tap sent the report again, its answer ("already recorded before") said
        over "recorded"."""
        on_its_way = LateAnswers(page, "**/api/projects/13/status")
        page.locator("#send").tap()
        near.come()
        page.wait_for_function(MARKED_WITH_THE_TOKEN)
        expect(page.locator("#send")).to_be_disabled()
        on_its_way.come()

    _sent_with_its_photo(page, reporting_server, "Đã lắp máy biến áp số 2", "may-bien-ap.jpg", sent_as_the_list_comes)
    assert (
        page.evaluate("""() => new Promise((resolve) => {
        const opened = indexedDB.open("georeg-report-photos");
        opened.onsuccess = () => opened.result.transaction("photos").objectStore("photos").count().onsuccess =
            (e) => resolve(e.target.result);
    })""")
        == 0
    )  # sent: no longer kept
    assert [p for p in problems if not any(c in p for c in CUT)] == []
    context.close()


def test_a_session_ended_says_so_and_logging_in_again_brings_back_the_report_and_its_photo(
    browser, reporting, reporting_server
):
    """The session ended with a photo chosen: Send said "A valid access token is needed. Log in first (page
    /login)…", and following the login link brought the text back without the photo."""
    _state_now(reporting_server, reporting)
    context, page, problems = _phone(browser)
    _logged_in(page, reporting_server, reporting, "%2Fstatus-report%3Flang%3Dvi")
    page.locator("#session").wait_for(timeout=10_000)
    page.locator("button.project[data-id='13']").tap()
    page.locator("#current").filter(has_text="Hiện tại").wait_for(timeout=15_000)
    page.fill("#note", "Đã kéo cáp ngầm 22 kV")
    page.set_input_files("#photo", {"name": "cap-ngam.jpg", "mimeType": "image/jpeg", "buffer": _photo()})
    page.wait_for_timeout(500)
    context.clear_cookies()  # the session's hours are over
    page.locator("#send").tap()
    message = page.locator("#message.error")
    expect(message).to_contain_text("Phiên đăng nhập của bạn đã hết hạn", timeout=10_000)
    assert "/login" not in message.inner_text() and "mã truy cập" not in message.inner_text()
    expect(page.locator("#session")).to_have_count(0)  # no longer "logged in as"
    link = page.locator("#log-in-again")
    expect(link).to_have_text("Đăng nhập lại rồi quay về đây")
    back = parse_qs(urlparse(link.get_attribute("href")).query)["next"][0]
    assert parse_qs(urlparse(back).query)["project"] == ["13"]
    link.tap()
    page.fill("#token", reporting.tokens["sct"])
    with page.expect_navigation():
        page.click("#send")
    expect(page.locator("#note")).to_have_value("Đã kéo cáp ngầm 22 kV", timeout=15_000)
    _sent_with_its_photo(page, reporting_server, "Đã kéo cáp ngầm 22 kV", "cap-ngam.jpg")
    assert [p for p in problems if not any(c in p for c in CUT)] == []
    context.close()


@pytest.mark.parametrize(
    ("ended_by", "said", "link"),
    [
        ("deactivation", "Tài khoản của bạn đã bị ngừng hoạt động", None),
        ("revocation", "bạn dùng để đăng nhập đã bị thu hồi lúc", "Đăng nhập bằng mã mới rồi quay về đây"),
    ],
)
def test_a_session_the_administrator_ended_says_why_on_send_and_keeps_the_report(
    browser, reporting, reporting_server, reporting_engine, ended_by, said, link
):
    """Duc's account deactivated while he was logged in (hạnh's token revoked): Send said "Your login session has
    ended… log in again", which could not work (trial s73). The server's reason is said, the report kept."""
    _state_now(reporting_server, reporting)
    username = f"form.{ended_by}"
    with Session(reporting_engine) as session, session.begin():
        token, row = create_token(session, create_account(session, username, role="editor", agency_code="TV.SCT"))
        token_id = row.id
    context, page, problems = _phone(browser)
    page.goto(f"{reporting_server}/login?lang=vi&next=%2Fstatus-report%3Flang%3Dvi%26project%3D13")
    page.fill("#token", token)
    with page.expect_navigation():
        page.click("#send")
    page.locator("#current").filter(has_text="Hiện tại").wait_for(timeout=15_000)
    page.fill("#note", "Đã lắp máy biến áp")
    with Session(reporting_engine) as session, session.begin():
        if ended_by == "deactivation":
            update_account(session, username, {"is_active": False})
        else:
            revoke_token(session, token_id)
    page.locator("#send").tap()
    message = page.locator("#message.error")
    expect(message).to_contain_text(said, timeout=10_000)
    expect(message).to_contain_text("Báo cáo chưa được gửi; báo cáo (cả ảnh) vẫn được lưu trên máy này")
    assert "hết hạn" not in message.inner_text()
    expect(page.locator("#log-in-again")).to_have_count(0 if link is None else 1)
    if link:
        expect(page.locator("#log-in-again")).to_have_text(link)
    assert [p for p in problems if not any(c in p for c in CUT)] == []
    context.close()


def test_opened_offline_the_form_says_who_is_logged_in_to_be_checked_once_online(browser, reporting, reporting_server):
    """Opened offline from the phone's copy, the form showed the token's field and no "Logged in as" line: it looked
    logged out."""
    context, page, problems = _phone(browser)
    _logged_in(page, reporting_server, reporting, "%2Fstatus-report%3Flang%3Dvi")
    page.locator("#session").wait_for(timeout=10_000)
    expect(page.locator("#reach")).to_be_visible()  # the account's name read
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=15_000)
    context.set_offline(True)
    page.reload()
    kept = page.locator("#session-kept")
    expect(kept).to_have_text(
        "Đã đăng nhập: Sở Công Thương (sct_editor) — đang không có mạng: sẽ kiểm tra lại khi có mạng."
    )
    expect(page.locator("#token")).to_be_hidden()
    expect(page.locator("#login-hint")).to_be_hidden()
    context.set_offline(False)
    page.locator("#session").wait_for(timeout=15_000)  # checked with the server
    expect(kept).to_be_hidden()
    assert [p for p in problems if not any(c in p for c in CUT)] == []
    context.close()


def test_a_slow_send_says_how_much_it_sends_and_the_report_cannot_be_discarded_meanwhile(
    browser, reporting, reporting_server
):
    """On 3G a 2 MB photo took 18,7 s with only "Sending…", and "Discard this unsent report" could be tapped."""
    _state_now(reporting_server, reporting)
    context, page, problems = _phone(browser)
    _with_token(page, reporting_server, reporting, "en")
    page.fill("#note", "Slow signal at the substation")
    page.set_input_files("#photo", {"name": "slow.jpg", "mimeType": "image/jpeg", "buffer": _photo()})
    page.wait_for_timeout(500)
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": 50_000},
    )
    page.locator("#send").tap()
    expect(page.locator("#message")).to_have_text(re.compile(r"^Sending \d+ kB… \d+ %$"), timeout=10_000)
    expect(page.locator("#discard-draft")).to_be_disabled()
    page.locator("#message.ok").wait_for(timeout=30_000)
    assert _history(reporting_server)["history"][-1]["note_vi"] == "Slow signal at the substation"
    assert [p for p in problems if not any(c in p for c in CUT)] == []
    context.close()


def test_the_same_report_sent_from_a_second_tab_is_said_already_recorded_and_not_to_be_sent_again(
    browser, reporting, reporting_server
):
    """Two tabs on one project: the second's Send said "another report of yours was just sent … check, then send
    again", and sending again recorded it twice."""
    _state_now(reporting_server, reporting)
    context, first, problems = _phone(browser)
    second = context.new_page()
    problems += watch(second)
    for tab in (first, second):
        _with_token(tab, reporting_server, reporting)
        tab.fill("#note", "Hai tab: 15 hộ đồng ý")
    first.locator("#send").tap()
    first.locator("#message.ok").wait_for(timeout=15_000)
    second.locator("#send").tap()
    expect(second.locator("#message.ok")).to_contain_text("đã được ghi nhận từ trước", timeout=15_000)
    assert "gửi lại" not in second.inner_text("#message")
    expect(second.locator("#send")).to_be_disabled()
    notes = [e["note_vi"] for e in _history(reporting_server)["history"]]
    assert notes.count("Hai tab: 15 hộ đồng ý") == 1
    assert problems == []
    context.close()


def test_a_reports_answer_goes_to_its_project_not_to_the_one_opened_while_it_was_on_its_way(
    browser, reporting, reporting_server
):
    """Sent, then another project opened before the answer came: the first report's "recorded", or what a colleague's
    report meanwhile changed (read from the other project's history), was written into the other project's form."""
    _state_now(reporting_server, reporting)
    context, page, problems = _phone(browser)
    _with_token(page, reporting_server, reporting)
    page.dispatch_event("#token", "change")  # taken: the projects in the account's charge listed
    code = page.inner_text("#chosen .code")
    other = page.locator("#in-charge-list button.in-charge:not([data-id='13'])").first
    other.wait_for(timeout=15_000)
    away = page.locator("#sent-away")

    def sent_then_another_opened(percent: str, note: str, outcome: str) -> None:
        page.fill("#percent", percent)
        page.fill("#note", note)
        on_its_way = LateAnswers(page, "**/api/projects/13/status")
        page.locator("#send").tap()
        other.tap()
        expect(page.locator("#chosen")).to_contain_text(other.locator("b").inner_text(), timeout=15_000)
        page.locator("#current").filter(has_text="Hiện tại").wait_for(timeout=15_000)
        opened = [page.inner_text(f) for f in ("#chosen", "#current", "#message")] + [page.input_value("#note")]
        on_its_way.come()
        expect(away).to_have_text(re.compile(f"^Báo cáo cho «.+» \\({code}\\) {outcome}"), timeout=15_000)
        assert [page.inner_text(f) for f in ("#chosen", "#current", "#message")] + [page.input_value("#note")] == opened

    # a colleague's report came first: not recorded (412), kept among the reports not sent, to check
    colleague = {"status": "under_construction", "percent": "12", "lon": "106.452081", "lat": "9.792984"}
    headers = reporting.headers("supervisor")
    assert httpx.post(f"{reporting_server}/api/projects/13/status", data=colleague, headers=headers).status_code == 201
    sent_then_another_opened("10", "Đã kéo dây trung thế", "chưa được ghi nhận: Dự án vừa được cập nhật")
    expect(page.locator("#drafts button.draft")).to_contain_text("cần xem lại")
    page.locator("#drafts button.draft").tap()
    expect(page.locator("#note")).to_have_value("Đã kéo dây trung thế", timeout=15_000)
    sent_then_another_opened("15", "Đã kéo dây trung thế xong", "đã được ghi nhận.")
    assert _history(reporting_server)["history"][-1]["note_vi"] == "Đã kéo dây trung thế xong"
    expect(page.locator("#drafts")).to_be_hidden()  # recorded: no longer kept
    assert [p for p in problems if not any(c in p for c in (*CUT, "412"))] == []
    context.close()


def test_a_report_overtaken_by_a_row_of_the_officers_status_file_names_the_file(browser, reporting, reporting_server):
    """Trial: the phone's 412 said "another report of yours … sent from another phone or page" of a row of the
    agency's status file, which the project's history recorded as a field visit."""
    _state_now(reporting_server, reporting)
    context, page, problems = _phone(browser)
    _with_token(page, reporting_server, reporting)
    where = f"{SUBSTATION_CAU_NGANG['longitude']},{SUBSTATION_CAU_NGANG['latitude']}"
    content = f"kinh_do,vi_do,trang_thai,tien_do\n{where},under_construction,30\n".encode()
    sent = httpx.post(
        f"{reporting_server}/api/status-imports",
        params={"commit": "true"},
        files={"file": ("tien_do.csv", content)},
        headers=reporting.headers("sct"),
    )
    assert sent.status_code == 201, sent.text
    page.fill("#percent", "35")
    page.fill("#note", "Sau tệp tình trạng")
    page.locator("#send").tap()
    said = re.compile(rf"của chính bạn \(.+\), từ tệp tình trạng tien_do\.csv \(lượt nhập {sent.json()['import_id']}\)")
    expect(page.locator("#message")).to_contain_text(said, timeout=15_000)
    assert [p for p in problems if "412" not in p] == []
    context.close()
