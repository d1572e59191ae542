"""The field report form on a phone, in a real headless Chromium with a faked position."""

from __future__ import annotations

import io
import re

import httpx
from PIL import Image
from playwright.sync_api import expect
from watched_pages import watch

SUBSTATION_CAU_NGANG = {"id": 13, "longitude": 106.452081, "latitude": 9.792984}
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True, "has_touch": True}


def _page(browser, server, where=SUBSTATION_CAU_NGANG):
    where = {k: where[k] for k in ("longitude", "latitude")}
    context = browser.new_context(**PHONE, geolocation={**where, "accuracy": 8}, permissions=["geolocation"])
    page = context.new_page()
    problems = watch(page)
    return context, page, problems


def _photo() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 90), "olive").save(buffer, "JPEG")
    return buffer.getvalue()


def test_a_phone_finds_the_project_it_stands_at_and_reports_with_a_photo(browser, reporting, reporting_server):
    before = httpx.get(f"{reporting_server}/api/projects/13/history").json()
    context, page, problems = _page(browser, reporting_server)
    page.goto(f"{reporting_server}/report?lang=vi")  # the former address, bookmarked on phones
    assert page.url == f"{reporting_server}/status-report?lang=vi"
    page.fill("#token", reporting.tokens["sct"])
    page.dispatch_event("#token", "change")
    nearest = page.locator("button.project").first
    nearest.wait_for(timeout=10_000)
    assert nearest.get_attribute("data-id") == "13"
    assert " 0 m" in nearest.inner_text() and "ngoài phạm vi" not in nearest.inner_text()  # the agency's own
    assert "9,792984; 106,452081 (±8 m)" in page.inner_text("#position")  # the Vietnamese decimal mark
    nearest.tap()
    page.locator("#current").filter(has_text=f"v{before['version']}").wait_for(timeout=15_000)
    assert not page.locator("#confirm-row").is_visible()  # "send although far" only after a refusal
    page.select_option("#status", "operating")
    page.fill("#percent", "100")
    page.fill("#note", "Trạm đã đóng điện")
    expect(page.locator("label.file")).to_have_text("Chụp hoặc chọn ảnhchưa có ảnh")  # not the browser's English
    page.set_input_files("#photo", {"name": "tram.jpg", "mimeType": "image/jpeg", "buffer": _photo()})
    expect(page.locator("label.file .chosen")).to_have_text("tram.jpg")
    page.locator("#send").tap()
    page.locator("#message.ok").wait_for(timeout=10_000)
    expect(page.locator("label.file .chosen")).to_have_text("chưa có ảnh")  # sent: the field is empty again
    assert f"v{before['version'] + 1}" in page.inner_text("#message")
    assert "Đã ghi nhận" in page.inner_text("#message")
    page.locator("#history li").first.filter(has_text="Trạm đã đóng điện").wait_for(timeout=15_000)
    assert "📷" in page.locator("#history li").first.inner_text()
    assert re.match(r"\d{2}/\d{2}/\d{4}: ", page.locator("#history li").first.inner_text())  # 01/03/2026, not ISO
    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= PHONE["viewport"]["width"]
    after = httpx.get(f"{reporting_server}/api/projects/13/history").json()
    assert (after["version"], after["status"]) == (before["version"] + 1, "operating")
    assert after["history"][-1]["photos"][0]["content_type"] == "image/jpeg"
    assert problems == []
    context.close()


def test_the_form_speaks_english_and_explains_a_missing_token(browser, reporting_server):
    context, page, problems = _page(browser, reporting_server)
    page.goto(f"{reporting_server}/status-report?lang=en")
    assert page.inner_text("h1") == "Project progress report"
    page.evaluate("localStorage.removeItem('georeg-token')")
    page.fill("#token", "")
    page.locator("button.project").first.wait_for(timeout=10_000)
    page.locator("button.project").first.tap()
    page.locator("#current").filter(has_text="Now").wait_for(timeout=15_000)
    page.fill("#percent", "85")
    page.locator("#send").tap()
    page.locator("#message.error").wait_for(timeout=10_000)
    assert "A valid access token is needed" in page.inner_text("#message")
    assert page.input_value("#percent") == "85"  # what was typed stays, to send again once logged in
    assert [p for p in problems if "401" not in p] == []
    context.close()


def test_the_english_form_shows_the_english_notes_of_the_history(browser, reporting_server):
    """At the Châu Hưng waste plant the English form listed its history's Vietnamese notes, though each has an
    English one; its position is written with English decimals."""
    context, page, problems = _page(browser, reporting_server, {"longitude": 105.704934, "latitude": 9.330052})
    page.goto(f"{reporting_server}/status-report?lang=en")
    chau_hung = page.locator("button.project[data-id='24']")
    chau_hung.wait_for(timeout=10_000)
    assert "9.330052, 105.704934 (±8 m)" in page.inner_text("#position")
    chau_hung.tap()
    page.locator("#history li").first.wait_for(timeout=15_000)
    history = " ".join(page.locator("#history li").all_inner_texts())
    assert "Groundbreaking of the Sa Mạc Xanh" in history and "Khởi công nhà máy" not in history, history
    assert [p for p in problems if "401" not in p] == []
    context.close()


def test_a_project_asked_for_from_the_map_is_chosen_at_once_even_from_afar(browser, reporting, reporting_server):
    """The map's popup and the project's page open the form with their project (?project=12): it is chosen, and put
    at the head of the list when it is not nearby; a report from afar is refused until confirmed, as any other."""
    context, page, problems = _page(browser, reporting_server)  # at the Cầu Ngang substation, 24 km from Long Đức's
    page.goto(f"{reporting_server}/status-report?project=12&lang=en")
    page.locator("#current").filter(has_text="Now").wait_for(timeout=10_000)
    page.fill("#token", reporting.tokens["sct"])
    page.dispatch_event("#token", "change")  # the list is asked again with the token: the chosen one stays
    page.locator("button.project[data-id='13']:not(.not-yours)").wait_for(timeout=10_000)
    assert "Long Đức" in page.inner_text("#chosen")
    first = page.locator("button.project").first
    assert first.get_attribute("data-id") == "12" and first.get_attribute("aria-pressed") == "true"
    assert re.search(r"about 2[0-9] km from you", first.inner_text()), first.inner_text()  # it said none, as if near
    assert page.locator("button.project[data-id='13']").count() == 1  # the nearby ones still listed
    page.fill("#percent", "6")
    page.locator("#send").tap()
    page.locator("#message.error").wait_for(timeout=10_000)
    assert page.locator("#confirm-row").is_visible(), page.inner_text("#message")  # far: confirmed, or not sent
    assert [p for p in problems if "422" not in p] == []
    context.close()


def test_the_projects_nearby_that_are_not_the_accounts_are_marked(browser, reporting, reporting_server):
    """At Đông Hải the dyke account sees the sea dyke as its own and the wind farm beside it marked as not."""
    context, page, problems = _page(browser, reporting_server, {"longitude": 106.4556, "latitude": 9.5256})
    page.goto(f"{reporting_server}/status-report?lang=vi")
    page.fill("#token", reporting.tokens["dykes"])
    page.dispatch_event("#token", "change")
    page.locator("button.project.not-yours").first.wait_for(timeout=10_000)
    marked = page.locator("button.project.not-yours").all_inner_texts()
    assert marked and all(text.endswith("· ngoài phạm vi phụ trách của bạn") for text in marked)
    assert page.locator("button.project:not(.not-yours)").count() >= 1  # the sea dyke
    page.screenshot(path="docs/screenshots/status_report_phone_vi.png", full_page=True)
    assert problems == []
    context.close()
