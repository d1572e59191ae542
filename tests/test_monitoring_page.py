"""The yearly reports' page (/monitoring) as agencies read it on a phone."""

from __future__ import annotations

import pytest

from maps.monitoring_page import LABELS

PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_agency_on_the_board_has_an_on_time_rate_or_says_why_not(browser, live_server, lang):
    """An agency that has sent nothing, with nothing due yet, showed its "on-time rate" with no value at all."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(f"{live_server}/monitoring?lang={lang}", wait_until="networkidle")
    page.locator("#board tr td").first.wait_for()
    rates = page.evaluate(
        "() => [...document.querySelectorAll('#board tr')].slice(1).map((r) => r.lastChild.innerText)"
    )
    context.close()
    assert rates and all(rate.strip() for rate in rates), rates
    assert all(rate.endswith(" %") or rate == LABELS[lang]["js"]["no_rate"] for rate in rates), rates
