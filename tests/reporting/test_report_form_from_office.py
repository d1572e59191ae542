"""The field form from the office (trial: a Vĩnh Long department's officer and supervisors): the agency's projects
listed, searched without diacritics, on a phone; a report sent twice said "already received", recorded once; the
distance to a project written as the list of reports writes it."""

from __future__ import annotations

import re

import httpx
from playwright.sync_api import expect
from watched_pages import watch

from geo.status_reports import distance_as_read

OFFICE = {"longitude": 106.3421, "latitude": 9.9347}  # the department's office in Trà Vinh city, far from its sites
DONG_HAI_3 = 21  # a TV.SCT wind farm, about 45 km from the office
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


def _at_the_office(browser, server, reporting, lang):
    context = browser.new_context(**PHONE, geolocation={**OFFICE, "accuracy": 15}, permissions=["geolocation"])
    page = context.new_page()
    problems = watch(page)
    page.goto(f"{server}/status-report?lang={lang}")
    page.fill("#token", reporting.tokens["officer"])
    page.dispatch_event("#token", "change")
    page.locator("button.in-charge").first.wait_for(timeout=15_000)
    return context, page, problems


def _server_distance(server: str, reporting, project: int) -> float:
    """How far from the office the server measures the project, as a report's row on /status-reports says it: from
    its refusal of a report from afar not confirmed (nothing recorded)."""
    data = {"status": "preparing", "percent": "0", "lon": OFFICE["longitude"], "lat": OFFICE["latitude"]}
    refused = httpx.post(f"{server}/api/projects/{project}/status", data=data, headers=reporting.headers("officer"))
    assert refused.status_code == 422, refused.text
    return refused.json()["detail"]["distance_m"]


def test_an_officer_at_the_office_finds_his_agencys_project_by_a_search_without_diacritics(
    browser, reporting, reporting_server
):
    context, page, problems = _at_the_office(browser, reporting_server, reporting, "vi")
    total = httpx.get(f"{reporting_server}/api/account/projects", headers=reporting.headers("officer")).json()
    expect(page.locator("#in-charge-count")).to_have_text(
        f"Đang hiện {total['numberMatched']} trên {total['numberMatched']} dự án"
    )
    # many at once from a file: the status file page, under the list's heading (an editor was told to use curl)
    expect(page.locator("#status-file-page")).to_have_attribute("href", "/status-imports?lang=vi")
    expect(page.locator("#status-file-page")).to_be_visible()
    page.fill("#in-charge-search", "nha may dien gio")
    expect(page.locator("#in-charge-count")).not_to_have_text(re.compile(rf"trên {total['numberMatched']} "))
    listed = page.locator("button.in-charge").all_inner_texts()
    assert listed and all(text.startswith("Nhà máy điện gió") for text in listed), listed
    project = page.locator(f"button.in-charge[data-id='{DONG_HAI_3}']")
    assert project.bounding_box()["height"] >= 48  # a thumb's tap on a phone
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["viewport"]["width"]
    project.tap()
    expect(page.locator("#chosen")).to_contain_text("Đông Hải 3")
    # as far as the list of reports would write it (it said "khoảng 45 km" there, "44,6 km" on /status-reports)
    away = distance_as_read(_server_distance(reporting_server, reporting, DONG_HAI_3)).vi
    assert re.search(r",\d km$", away), away
    head = page.locator("button.project").first
    expect(head).to_have_attribute("data-id", str(DONG_HAI_3))
    expect(head).to_contain_text(f"cách bạn khoảng {away}")
    expect(page.locator("#message")).to_contain_text(f"Bạn đang cách dự án khoảng {away}")
    expect(page.locator("#confirm-row")).to_be_visible()
    assert problems == []
    context.close()


def test_the_english_form_lists_the_projects_in_charge_by_name(browser, reporting, reporting_server):
    """By the English names it shows: "Grid extension to Cồn Bàn Chát" came first, as "Lưới điện qua Cồn Bàn Chát"
    does in Vietnamese, before "110 kV …"."""
    context, page, problems = _at_the_office(browser, reporting_server, reporting, "en")
    expect(page.locator("#in-charge-count")).to_have_text(re.compile(r"^Showing \d+ of \d+ projects$"))
    page.select_option("#in-charge-order", "name")
    first = page.locator("button.in-charge b")
    expect(first.nth(0)).to_have_text("110 kV Cầu Ngang substation and its connection line")
    expect(first.nth(1)).to_have_text("110 kV Long Đức substation and its connection line")
    assert problems == []
    context.close()


def test_a_report_resent_after_its_page_was_closed_is_said_already_received_and_recorded_once(
    browser, reporting, reporting_server
):
    """Sent from the office with no note; the tab closed before the answer came: the form kept it as not sent and
    cannot tell it from another (no note). Sent again, the server answers with the first: "already received"."""
    history = f"{reporting_server}/api/projects/{DONG_HAI_3}/history"
    before = httpx.get(history).json()["version"]
    context, page, problems = _at_the_office(browser, reporting_server, reporting, "vi")
    page.locator(f"button.in-charge[data-id='{DONG_HAI_3}']").tap()
    page.locator("#current").filter(has_text="Hiện tại").wait_for(timeout=15_000)
    page.select_option("#status", "preparing")
    page.fill("#percent", "7")
    page.locator("#confirm").check()
    page.route(f"**/api/projects/{DONG_HAI_3}/status", lambda route: route.fetch())  # recorded; no answer seen
    page.locator("#send").tap()
    for _ in range(75):
        if httpx.get(history).json()["version"] > before:
            break
        page.wait_for_timeout(200)
    page.close()

    page = context.new_page()
    page.goto(f"{reporting_server}/status-report?lang=vi")
    page.fill("#token", reporting.tokens["officer"])
    page.dispatch_event("#token", "change")
    page.locator("button.draft").first.tap()  # the report kept on the phone, as not sent
    page.locator("#current").filter(has_text="Hiện tại").wait_for(timeout=15_000)
    page.locator("#send").tap()
    page.locator("#message.ok, #message.error").first.wait_for(timeout=15_000)
    if page.locator("#confirm-row").is_visible() and not page.locator("#message.ok").count():
        page.locator("#confirm").check()  # the form of before: refused as from afar until confirmed
        page.locator("#send").tap()
        page.locator("#message.ok").wait_for(timeout=15_000)
    expect(page.locator("#message")).to_contain_text("Báo cáo này đã được ghi nhận từ trước (lúc ")
    assert httpx.get(history).json()["version"] == before + 1
    expect(page.locator("#drafts")).to_be_hidden()
    assert [p for p in problems if "ERR_FAILED" not in p] == []
    context.close()


def test_the_list_of_ones_projects_says_the_report_just_recorded_not_a_report_unsent(
    browser, reporting, reporting_server
):
    """Sent from the list of the projects in one's charge: recorded, and the list still read the state of before and
    "có báo cáo chưa gửi" 8 s later (trial 59). A colleague's report recorded first (trial 73: two officers within a
    second): the list read the state of before under the form's "Hiện tại" read again, and the report kept was said
    "Bị từ chối", a reviewer's word; it is to be checked and sent again."""
    context, page, problems = _at_the_office(browser, reporting_server, reporting, "vi")
    row = page.locator("button.in-charge").nth(1)
    project = row.get_attribute("data-id")
    row.tap()
    page.locator("#current").filter(has_text="Hiện tại").wait_for(timeout=15_000)
    page.select_option("#status", "under_construction")
    page.fill("#percent", "37,5")
    page.locator("#note").fill("Kiểm tra tại văn phòng")
    read = httpx.get(f"{reporting_server}/api/projects/{project}/history").headers["ETag"]  # the form's version too
    colleague = {"status": "under_construction", "percent": "20", "lon": OFFICE["longitude"], "lat": OFFICE["latitude"]}
    sent = httpx.post(
        f"{reporting_server}/api/projects/{project}/status",
        data={**colleague, "confirm_distance": "true"},
        headers=reporting.headers("supervisor", **{"If-Match": read}),
    )
    assert sent.status_code == 201, sent.text
    page.locator("#confirm").check()
    page.locator("#send").tap()
    page.locator("#message.error").filter(has_text="Dự án vừa được người khác cập nhật").wait_for(timeout=15_000)
    listed = page.locator(f"button.in-charge[data-id='{project}']")
    expect(listed).to_contain_text("Đang thi công, 20\u00a0%")  # as "Hiện tại" says it now
    expect(page.locator("#drafts button.draft .held")).to_have_text(
        re.compile(
            r"^Chưa gửi — cần xem lại: Dự án vừa được người khác cập nhật \(Đang thi công, 20\u00a0%, [\d/]+, "
            r"Trần Thị Mai\)\. Chạm vào đây để mở báo cáo, kiểm tra rồi gửi lại \(hoặc bỏ nó\)\.$"
        )
    )
    for _ in range(3):  # from afar, a step back: each asked to confirm, as its box comes up
        for box in ("#confirm", "#confirm-back"):
            if page.locator(f"{box}-row").is_visible():
                page.locator(box).check()
        page.locator("#send").tap()
        page.locator("#message.ok, #message.error").first.wait_for(timeout=15_000)
        if page.locator("#message.ok").count():
            break
    expect(page.locator("#message.ok")).to_be_visible()
    expect(listed).to_contain_text("Đang thi công, 37,5\u00a0%")
    expect(listed).not_to_contain_text("có báo cáo chưa gửi")
    assert [p for p in problems if "412" not in p] == []  # the colleague's report first
    context.close()
