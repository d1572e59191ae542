"""The field form on a phone while the registry's database is down and after it returns: the real PostGIS behind a
relay the test cuts and restores (tests/tcp_relay.py), the app served for real, Chromium with a faked position."""

from __future__ import annotations

import pytest
from live_servers import serving
from playwright.sync_api import expect
from sqlalchemy import make_url
from tcp_relay import Relay
from test_report_form import PHONE, SUBSTATION_CAU_NGANG, set_state

from maps.status_report_form import LABELS
from maps.texts import ERROR_PAGE_TEXT


@pytest.fixture
def relayed(reporting):
    """The reporting database behind a relay (open), and the app served on it."""
    database = make_url(reporting.settings.effective_database_url)
    relay = Relay((database.host, database.port))
    relay.open()
    url = database.set(port=relay.port).render_as_string(hide_password=False)
    try:
        with serving(reporting.settings.model_copy(update={"database_url": url})) as server:
            yield relay, server
    finally:
        relay.cut()


def _substation_opened(browser, server: str, reporting, lang: str, percent: str):
    """The form on a phone at the Cầu Ngang substation, under construction at ``percent`` typed; the page's clock
    faked: the form asks again after the server's Retry-After (30 s) or every 15 s, run forward, not waited. The
    substation is first put at 40 % by a colleague: other modules' tests on this worker leave it completed, and the
    form would ask to confirm a step back instead of sending (CI, session 57)."""
    set_state(server, reporting, "under_construction", 40)
    where = {k: SUBSTATION_CAU_NGANG[k] for k in ("longitude", "latitude")}
    context = browser.new_context(**PHONE, geolocation={**where, "accuracy": 8}, permissions=["geolocation"])
    context.clock.install()
    page = context.new_page()
    page.goto(f"{server}/status-report?project=13&lang={lang}")
    page.fill("#token", reporting.tokens["sct"])
    page.dispatch_event("#token", "change")
    page.locator("#current").filter(has_text={"vi": "Hiện tại", "en": "Now"}[lang]).wait_for(timeout=15_000)
    page.select_option("#status", "under_construction")
    page.fill("#percent", percent)
    return context, page


def test_a_report_sent_while_the_database_is_down_is_kept_and_the_form_recovers_by_itself(browser, reporting, relayed):
    """Trial 55: the form blamed the phone's connection (in English, on a Vietnamese page) for the server's 503,
    and its list of projects near never came back once the database did. Trial 56: the message gave the officer no
    request id to quote to the administrator, as the error pages do: it gives the 503's own."""
    relay, server = relayed
    said, quoted = LABELS["vi"]["js"], ERROR_PAGE_TEXT["vi"]["request_id"]
    context, page = _substation_opened(browser, server, reporting, "vi", "55")
    page.fill("#note", "Đã lắp xong máy biến áp")

    relay.cut()
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.click("#send")
    message = page.locator("#message")
    message.filter(has_text="Chưa gửi được").wait_for(timeout=15_000)
    assert answer.value.status == 503
    assert (
        message.inner_text() == f"{said['send_unavailable']} {quoted.format(id=answer.value.headers['x-request-id'])}"
    )
    assert page.evaluate("() => Object.keys(localStorage).some((k) => localStorage[k].includes('Đã lắp xong'))")

    near = []
    page.on("response", lambda r: near.append(r.headers.get("x-request-id")) if "/near?" in r.url else None)
    page.reload()  # the form opened while the database is down: the list says why, not "no connection"
    page.fill("#token", reporting.tokens["sct"])  # a typed token is never kept by the browser
    page.locator("#projects").filter(has_text="không phải do mạng").wait_for(timeout=15_000)
    listed = page.locator("#projects").inner_text()
    assert listed.startswith(f"{said['nearby_unavailable']} ") and listed.removeprefix(
        said["nearby_unavailable"] + " "
    ) in {quoted.format(id=given) for given in near}

    relay.open()
    context.clock.run_for(31_000)
    page.locator("button.project").first.wait_for(timeout=15_000)  # the list came back by itself
    page.locator("#current").filter(has_text="Hiện tại").wait_for(timeout=15_000)
    page.click("#send")
    message.filter(has_text=said["recorded"]).wait_for(timeout=15_000)
    context.close()


def test_once_the_database_is_back_the_form_says_so_without_send_being_pressed(browser, reporting, relayed):
    """Trial 61: after the database came back (/health answering at once) the form kept its "Not sent: the server…"
    until Send was pressed again. It asks /health every 15 s while that message shows, and says the registry is back."""
    relay, server = relayed
    said = LABELS["en"]["js"]
    context, page = _substation_opened(browser, server, reporting, "en", "57")
    relay.cut()
    page.click("#send")
    message = page.locator("#message")
    message.filter(has_text="Not sent").wait_for(timeout=15_000)
    context.clock.run_for(16_000)
    assert message.inner_text().startswith(said["send_unavailable"])  # still down: still said
    relay.open()
    context.clock.run_for(16_000)
    message.filter(has_text=said["registry_back"]).wait_for(timeout=15_000)
    expect(page.locator("#percent")).to_have_value("57")  # what was typed kept
    page.click("#send")
    message.filter(has_text=said["recorded"]).wait_for(timeout=15_000)
    context.close()
