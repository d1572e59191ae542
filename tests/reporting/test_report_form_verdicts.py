"""The field form after a supervisor's verdict on an officer's report sent from afar (trial 49): the form listed a
rejected report as any other while its state silently went back, a form left open said a step back from the rejected
state or called the rejection "someone else's update", and the box to send from afar went after each report."""

from __future__ import annotations

import re
from urllib.parse import quote

import httpx
from playwright.sync_api import expect
from watched_pages import watch

from geo.vietnam_day import vietnam_today

#: A wind farm of TV.SCT, reported on from within 3 km (trial 49's), and its department's office in Trà Vinh city,
#: 9.4 km away. No other test reports on it: a rejection bumps its version with no report of that version.
THANG_LONG = {"id": 22, "lon": "106.275309", "lat": "9.884324"}
OFFICE = {"longitude": 106.3440, "latitude": 9.9350}
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True, "has_touch": True}
REASON = "Ảnh chụp ở văn phòng, chưa ra hiện trường."  # ended by its stop: the form's sentences drop it ("trường..")
CLAUSE = REASON.rstrip(".")
MAI = "Trần Thị Mai (mai.tran)"


def _state(server: str) -> dict:
    return httpx.get(f"{server}/api/projects/{THANG_LONG['id']}/history").json()


def _on_site(server: str, reporting, status: str, percent: int) -> None:
    """The supervisor's report from the site: the project's state before the officer's."""
    where = {"lon": THANG_LONG["lon"], "lat": THANG_LONG["lat"]}
    sent = httpx.post(
        f"{server}/api/projects/{THANG_LONG['id']}/status",
        data={"status": status, "percent": str(percent), **where},
        headers=reporting.headers("supervisor"),
    )
    assert sent.status_code == 201 and not sent.json()["flagged"], sent.text


def _from_the_office(server: str, reporting, status: str, percent: int, note: str) -> int:
    """The officer's report sent from the office, 9.4 km away, confirmed: flagged. The version it made."""
    where = {"lon": str(OFFICE["longitude"]), "lat": str(OFFICE["latitude"])}
    data = {"status": status, "percent": str(percent), "note": note, **where, "confirm_distance": "true"}
    sent = httpx.post(
        f"{server}/api/projects/{THANG_LONG['id']}/status", data=data, headers=reporting.headers("officer")
    )
    assert sent.status_code == 201 and sent.json()["flagged"], sent.text
    return _state(server)["version"]


def _verdict(server: str, reporting, version: int, verdict: str, note: str | None = None) -> None:
    """The supervisor's verdict, through the API as the list of reports to check sends it."""
    body = {"verdict": verdict, **({"note": note} if note else {})}
    said = httpx.post(
        f"{server}/api/projects/{THANG_LONG['id']}/status/{version}/review",
        json=body,
        headers=reporting.headers("supervisor"),
    )
    assert said.status_code == 200, said.text


def _form(browser, server: str, reporting, lang: str = "vi", who: str = "officer"):
    """The form on the officer's phone at the office, logged in, opened on the Thăng Long wind farm (a project
    page's link), its history read."""
    context = browser.new_context(**PHONE, geolocation={**OFFICE, "accuracy": 8}, permissions=["geolocation"])
    page = context.new_page()
    problems = watch(page)
    form = f"/status-report?project={THANG_LONG['id']}&lang={lang}"
    page.goto(f"{server}/login?lang={lang}&next={quote(form, safe='')}")
    page.fill("#token", reporting.tokens[who])
    page.click("#send")
    page.wait_for_url(re.compile(rf"/status-report\?project={THANG_LONG['id']}"))
    expect(page.locator("#reach")).to_contain_text({"vi": "Bạn báo cáo được", "en": "You may report on"}[lang])
    page.locator("#history li").first.wait_for(timeout=15_000)
    return context, page, problems


def test_the_form_shows_a_rejected_report_as_not_counted_and_tells_its_sender_why(browser, reporting, reporting_server):
    """Trial 49: the officer's rejected "Hoàn thành, 100 % ⚑" was listed as any report, "Hiện tại" had gone back
    with no word why. The form says each verdict under its report, in the project page's words, greys and strikes a
    rejected one, and tells its sender by the project's state that it was rejected, and why."""
    _on_site(reporting_server, reporting, "under_construction", 20)
    confirmed = _from_the_office(reporting_server, reporting, "under_construction", 40, "Đã dựng xong móng trụ")
    _verdict(reporting_server, reporting, confirmed, "confirmed")
    rejected = _from_the_office(reporting_server, reporting, "completed", 100, "Đã hoàn thành.")
    _verdict(reporting_server, reporting, rejected, "rejected", REASON)
    today = vietnam_today()

    context, page, problems = _form(browser, reporting_server, reporting)
    expect(page.locator("#current")).to_have_text(f"Hiện tại: Đang thi công, 40\u00a0% ({today:%d/%m/%Y})")
    expect(page.locator("#rejected-notice")).to_have_text(
        f"Báo cáo của bạn ngày {today:%d/%m/%Y} (Hoàn thành, 100\u00a0%) đã bị {MAI} bác bỏ: {CLAUSE}. "
        "Tình trạng hiện tại là theo báo cáo trước đó. Hãy gửi báo cáo đúng, tốt nhất là từ hiện trường."
    )
    latest, before = page.locator("#history li").nth(0), page.locator("#history li").nth(1)
    assert "Hoàn thành, 100\u00a0% — Đã hoàn thành." in latest.inner_text()
    assert re.search(
        rf"\n✗ Bác bỏ — Trần Thị Mai \(mai\.tran\), \d\d:\d\d {today:%d/%m/%Y}: {re.escape(REASON)}$",
        latest.inner_text(),
    )
    expect(latest).to_have_class("rejected")  # greyed and struck: it does not count
    assert latest.locator(".report").evaluate("e => getComputedStyle(e).textDecorationLine") == "line-through"
    assert "⚑" not in latest.inner_text()  # checked: its verdict, no longer "to check"
    assert re.search(rf"\n✓ Đúng — Trần Thị Mai \(mai\.tran\), \d\d:\d\d {today:%d/%m/%Y}$", before.inner_text())
    expect(before).not_to_have_class("rejected")
    # the project's part of the page: its state, what the officer is told, the form and the history
    page.locator("#report").screenshot(path="docs/screenshots/status_report_rejected_phone_vi.png")
    assert problems == []
    context.close()

    context, page, problems = _form(browser, reporting_server, reporting, "en")
    expect(page.locator("#rejected-notice")).to_have_text(
        f"Your report of {today.day} {today:%b %Y} (Completed, 100\u00a0%) was rejected by {MAI}: {CLAUSE}. "
        "The project's current state is that of the report before it. Send the right report, from the site if you can."
    )
    expect(page.locator("#history li").first).to_contain_text(f"✗ Rejected — {MAI}, ")
    expect(page.locator("#history li").nth(1)).to_contain_text(f"✓ Stands — {MAI}, ")
    page.locator("#report").screenshot(path="docs/screenshots/status_report_rejected_phone_en.png")
    assert problems == []
    context.close()

    # a colleague of the agency reads the verdicts too, but is not told the report is his
    context, page, problems = _form(browser, reporting_server, reporting, who="sct")
    expect(page.locator("#history li").first).to_contain_text(f"✗ Bác bỏ — {MAI}")
    expect(page.locator("#rejected-notice")).to_be_hidden()
    expect(page.locator("#rejected")).to_be_hidden()
    assert problems == []
    context.close()


def test_the_forms_first_screen_says_the_officers_rejected_reports_until_one_is_sent_again(
    browser, reporting, reporting_server
):
    """Trial 51: chị Hạnh learned of a rejection only by opening its project. The form's first screen lists her own
    reports rejected (the project, the report, who, why), a tap opens the project; a report sent on it since takes
    it off the list."""
    _on_site(reporting_server, reporting, "under_construction", 30)
    rejected = _from_the_office(reporting_server, reporting, "operating", 100, "Đã phát điện")
    _verdict(reporting_server, reporting, rejected, "rejected", REASON)
    today = vietnam_today()
    listed = httpx.get(f"{reporting_server}/api/account/rejected-reports", headers=reporting.headers("officer"))
    assert [(r["project_id"], r["version"], r["note"]) for r in listed.json()][:1] == [
        (THANG_LONG["id"], rejected, REASON)
    ]

    context = browser.new_context(**PHONE, geolocation={**OFFICE, "accuracy": 8}, permissions=["geolocation"])
    page = context.new_page()
    problems = watch(page)
    page.goto(f"{reporting_server}/login?lang=vi&next={quote('/status-report?lang=vi', safe='')}")
    page.fill("#token", reporting.tokens["officer"])
    page.click("#send")
    item = page.locator("#rejected-list button").first
    expect(item).to_contain_text(f"Đang vận hành, 100 % ({today:%d/%m/%Y}) — bị {MAI} bác bỏ: {CLAUSE}. Chạm để mở")
    item.tap()
    expect(page.locator("#rejected-notice")).to_be_visible()  # the project opened, with why
    page.select_option("#status", "under_construction")
    page.fill("#percent", "35")
    page.check("#confirm")  # from the office, 9.4 km away
    page.locator("#send").tap()
    page.locator("#message.ok").wait_for(timeout=10_000)
    expect(page.locator("#rejected")).to_be_hidden()  # answered: it stayed on the first screen till a reload (s70)
    assert problems == []
    context.close()

    listed = httpx.get(f"{reporting_server}/api/account/rejected-reports", headers=reporting.headers("officer"))
    assert all(r["project_id"] != THANG_LONG["id"] for r in listed.json())


def test_a_step_back_is_checked_against_the_project_as_a_rejection_left_it(browser, reporting, reporting_server):
    """Trial 49: the officer corrected his "Hoàn thành, 100 %" to "Đang thi công, 60 %" as it was rejected; Send said
    the report put the project back from 100 % and sent nothing, though the project was back at 20 %. Send reads the
    project again before it says so: the rejection is said, and 60 % after 20 % is no step back."""
    _on_site(reporting_server, reporting, "under_construction", 20)
    version = _from_the_office(reporting_server, reporting, "completed", 100, "Đã hoàn thành.")
    context, page, problems = _form(browser, reporting_server, reporting)
    expect(page.locator("#current")).to_contain_text("Hoàn thành, 100")
    page.select_option("#status", "under_construction")
    page.fill("#percent", "60")
    _verdict(reporting_server, reporting, version, "rejected", REASON)
    page.locator("#send").tap()
    today = f"{vietnam_today():%d/%m/%Y}"
    expect(page.locator("#message.error")).to_have_text(
        f"Báo cáo của bạn ngày {today} (Hoàn thành, 100\u00a0%) vừa bị {MAI} bác bỏ: {CLAUSE}; dự án hiện là Đang "
        f"thi công, 20\u00a0% ({today}). Đã tải lại: hãy kiểm tra rồi gửi lại."
    )
    expect(page.locator("#confirm-back-row")).to_be_hidden()  # no step back from 20 %
    expect(page.locator("#current")).to_contain_text("Đang thi công, 20")
    expect(page.locator("#rejected-notice")).to_be_visible()
    expect(page.locator("#percent")).to_have_value("60")  # what he typed, kept
    page.check("#confirm")  # still 9.4 km away
    page.locator("#send").tap()
    page.locator("#message.ok").wait_for(timeout=10_000)
    assert (_state(reporting_server)["status"], _state(reporting_server)["percent"]) == ("under_construction", 60)
    assert problems == []
    context.close()


def test_a_report_refused_as_stale_after_a_rejection_says_the_rejection_not_someone_else(
    browser, reporting, reporting_server
):
    """Trial 49: sent as his report was being rejected, the form said "Dự án vừa được người khác cập nhật (Đang thi
    công, 20 %, 05/12/2026, Lê Văn Hiện)": himself, and the rejected state. It says the rejection and the project as
    it is now; "someone else" only for another person's report."""
    _on_site(reporting_server, reporting, "under_construction", 20)
    version = _from_the_office(reporting_server, reporting, "under_construction", 50, "Đã kéo dây")
    context, page, problems = _form(browser, reporting_server, reporting)
    page.fill("#percent", "30")  # back from his 50 %
    page.locator("#send").tap()
    expect(page.locator("#confirm-back-row")).to_be_visible()
    page.check("#confirm-back")
    page.check("#confirm")
    _verdict(reporting_server, reporting, version, "rejected", REASON)
    page.locator("#send").tap()  # with the version read before the rejection: refused as stale
    today = f"{vietnam_today():%d/%m/%Y}"
    expect(page.locator("#message.error")).to_have_text(
        f"Báo cáo của bạn ngày {today} (Đang thi công, 50\u00a0%) vừa bị {MAI} bác bỏ: {CLAUSE}; dự án hiện là Đang "
        f"thi công, 20\u00a0% ({today}). Đã tải lại: hãy kiểm tra rồi gửi lại."
    )
    assert _state(reporting_server)["percent"] == 20
    page.locator("#send").tap()  # checked: sent against the project as it is now
    page.locator("#message.ok").wait_for(timeout=10_000)
    assert _state(reporting_server)["percent"] == 30
    # his own report from another phone meanwhile is not "someone else's"
    _from_the_office(reporting_server, reporting, "under_construction", 40, "Gửi từ máy khác")
    page.fill("#percent", "35")
    page.check("#confirm")
    page.locator("#send").tap()
    expect(page.locator("#message.error")).to_contain_text(
        f"Dự án vừa có một báo cáo khác của chính bạn (Đang thi công, 40\u00a0%, {today}, Lê Văn Hiện), gửi từ máy "
        "hay trang khác. Đã tải lại: hãy kiểm tra rồi gửi lại."
    )
    assert "người khác" not in page.inner_text("#message")
    assert [p for p in problems if "412" not in p] == []
    context.close()


def test_the_box_to_send_from_afar_stays_for_the_next_report_from_the_same_place(browser, reporting, reporting_server):
    """Trial 49: after a report sent from the office, the box "Tôi xác nhận gửi dù đang ở xa…" went, and the next
    report from the same place was refused as too far before it came back. It stays, unticked."""
    _on_site(reporting_server, reporting, "under_construction", 10)
    context, page, problems = _form(browser, reporting_server, reporting)
    expect(page.locator("#confirm-row")).to_be_visible()
    page.select_option("#status", "under_construction")
    page.fill("#percent", "20")
    page.check("#confirm")
    page.locator("#send").tap()
    expect(page.locator("#message.ok")).to_contain_text("đã đánh dấu để kiểm tra")
    expect(page.locator("#confirm-row")).to_be_visible()
    expect(page.locator("#confirm")).not_to_be_checked()  # each report from afar is confirmed anew
    page.fill("#percent", "25")
    page.check("#confirm")
    page.locator("#send").tap()
    expect(page.locator("#message.ok")).to_contain_text("đã đánh dấu để kiểm tra")
    assert _state(reporting_server)["percent"] == 25
    assert problems == []
    context.close()
