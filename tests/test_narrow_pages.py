"""Pages read whole on a phone and a desktop (trial 57, F9/F10): nothing wider than the screen, no name cut in its box,
no column without a heading."""

from __future__ import annotations

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1366, "height": 900}}
# each select's chosen name against the room its box gives it (padding and the arrow left out)
NAMES_IN_BOXES = """() => [...document.querySelectorAll('.grid select')].map((box) => {
  const style = getComputedStyle(box);
  const measure = document.createElement('canvas').getContext('2d');
  measure.font = style.fontSize + ' ' + style.fontFamily;
  const name = box.selectedOptions[0].text;
  const room = box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 24;
  const whole = document.getElementById(box.id + '-whole');
  return {id: box.id, name, fits: measure.measureText(name).width <= room,
          said: whole.hidden ? '' : whole.textContent};
})"""


def test_a_project_page_with_a_long_units_line_is_no_wider_than_a_phone(new_tab, live_server):
    """The map key's "Thị xã Duyên Hải, Huyện Duyên Hải (trước 01/07/2025)" did not wrap: the page scrolled sideways."""
    page = new_tab(**PHONE)
    page.goto(f"{live_server}/projects/6", wait_until="networkidle")
    assert "Duyên Hải" in page.locator(".georeg-map-key").first.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_monitoring_shows_the_plan_and_agency_whole_and_heads_every_column(new_tab, live_server):
    for device in (DESKTOP, PHONE):
        page = new_tab(**device)
        page.goto(f"{live_server}/monitoring", wait_until="networkidle")
        page.select_option("#plan", label="148/QĐ-UBND — Bạc Liêu (nay là Cà Mau)")
        page.select_option("#agency", label="Báo và Phát thanh, Truyền hình Cà Mau (CM.BAO_PTTH)")
        page.click("#show")
        page.locator("#owed tr").nth(1).wait_for()
        boxes = page.evaluate(NAMES_IN_BOXES)
        for box in boxes:  # on a desktop in its box; on a phone, where the box cuts it, whole under it
            assert box["fits"] or box["said"] == box["name"], (device, box)
        if device is DESKTOP:
            assert all(box["fits"] for box in boxes), boxes
        heads = page.locator("#owed tr").first.locator("th, td").all_inner_texts()
        assert all(head.strip() for head in heads), heads  # a viewer has no buttons: no empty column for them
        assert page.evaluate("document.documentElement.scrollWidth") <= device["viewport"]["width"]
