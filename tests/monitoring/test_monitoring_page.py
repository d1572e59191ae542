"""The yearly reporting page in Chromium: an agency writes and sends its report; the page runs no inline script."""

from __future__ import annotations

import io
import re
from datetime import datetime, timedelta, timezone

import pytest
from docx import Document
from fastapi.testclient import TestClient
from live_servers import serving
from playwright.sync_api import expect
from printed_sheets import report_map_not_drawn
from watched_pages import watch

from api.main import create_app
from geo.settings import Settings
from geo.vi_format import vi_sort_key
from geo.vietnam_day import vietnam_today
from maps.monitoring_page import LABELS


@pytest.fixture(scope="module")
def server(monitoring):
    with serving(Settings(database_url=monitoring.url)) as url:
        yield url


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_page_has_no_inline_script_and_both_languages(monitoring, lang):
    page = monitoring.client.get("/monitoring", params={"lang": lang}).text
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", page) == [] and " on" + "click=" not in page
    assert ("Báo cáo hằng năm" in page) == (lang == "vi") and ("Yearly reports" in page) == (lang == "en")
    assert monitoring.client.get("/monitoring/page.js").headers["content-type"].startswith("text/javascript")


def test_a_registry_of_no_plan_says_how_to_load_one_and_offers_no_report(make_registry, new_tab):
    """Trial 72: after `georeg load-sample --only units` the page showed "plan: unknown plan ''; expected one of []"
    in red, in English, and the yearly report's download links; the API refused the same words to a Vietnamese page."""
    client = TestClient(create_app(Settings(database_url=make_registry("monitoring_no_plan"))))
    said = {
        lang: (
            client.get("/monitoring", params={"lang": lang}).text,
            client.get("/api/submissions/board?plan=&year=2026", headers={"Accept-Language": lang}),
        )
        for lang in ("vi", "en")
    }
    assert {
        lang: ("report-docx" in page, page.count("georeg load-sample"), answer.status_code, answer.json()["detail"])
        for lang, (page, answer) in said.items()
    } == {
        "vi": (
            False,
            2,
            404,
            "plan: chưa nạp kế hoạch nào; quản trị viên nạp các kế hoạch bằng lệnh `georeg load-sample`",
        ),
        "en": (
            False,
            2,
            404,
            "plan: no plan is loaded yet; an administrator loads the plans with `georeg load-sample`",
        ),
    }
    # on a phone each command is read whole: "georeg load-sample" broke at its hyphen (trial 72)
    phone = new_tab(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    css = client.get("/monitoring/page.css").text
    phone.set_content(
        said["vi"][0].replace('<link rel="stylesheet" href="/monitoring/page.css">', f"<style>{css}</style>")
    )
    lines = phone.eval_on_selector_all(
        "#no-plan code", "codes => codes.map((c) => [c.textContent, c.getClientRects().length])"
    )
    assert len(lines) == 3 and all(n == 1 for _, n in lines), lines


def _agency_options(page: str, box: str) -> dict[str, dict[str, str]]:
    """The agencies of the page's agency box (``box``: "select" as served, "template" every one it may offer), each
    with its plans, validity and text."""
    held = page.split(f'<{box} id="agenc')[1].split(f"</{box}>")[0]
    found = re.findall(
        r'<option value="([^"]+)" data-plans="([^"]*)" data-from="([^"]*)" data-to="([^"]*)">([^<]*)', held
    )
    return {code: {"plans": plans, "from": start, "to": end, "text": text} for code, plans, start, end, text in found}


def test_the_agency_box_offers_the_agencies_of_the_plans_provinces_in_the_year_former_ones_with_their_dates(monitoring):
    """Trial 64: /monitoring offered the eight former Cà Mau departments (CMC.*, until 30/06/2025) for both plans.
    Bạc Liêu's plan is Cà Mau's only from 1 July 2025 (when Bạc Liêu was merged into it) and Trà Vinh's never: they
    are no plan's. As served the box holds the first plan's agencies in force in its year (Trà Vinh's plan, 2026:
    Vĩnh Long's); the page offers each agency for its plans and years only, a former one said until when."""
    vietnamese = monitoring.client.get("/monitoring", params={"lang": "vi"}).text
    assert "CMC." not in vietnamese
    year = re.search(r'<option value="1099/QĐ-UBND" data-year="(\d+)"', vietnamese).group(1)
    assert year == str(vietnam_today().year)
    shown = _agency_options(vietnamese, "select")
    assert shown and all(code.startswith("VL.") for code in shown), shown
    every = _agency_options(vietnamese, "template")
    plans = {code[:3]: {a["plans"] for c, a in every.items() if c[:3] == code[:3]} for code in every}
    assert plans == {"VL.": {"1099/QĐ-UBND"}, "TV.": {"1099/QĐ-UBND"}, "CM.": {"148/QĐ-UBND"}, "BL.": {"148/QĐ-UBND"}}
    assert every["TV.SCT"]["text"] == "Sở Công Thương tỉnh Trà Vinh (TV.SCT) — đến 30/06/2025"
    assert every["TV.SNNMT"]["text"].endswith("(TV.SNNMT) — 01/03/2025–30/06/2025")
    assert (every["TV.SCT"]["to"], every["VL.SCT"]["from"], every["VL.SCT"]["text"]) == (
        "2025-06-30",
        "2025-07-01",
        "Sở Công Thương tỉnh Vĩnh Long (VL.SCT)",
    )
    english = _agency_options(monitoring.client.get("/monitoring", params={"lang": "en"}).text, "template")
    assert english["TV.SCT"]["text"].endswith("(TV.SCT) — until 30 Jun 2025"), english["TV.SCT"]


def _drawn(page) -> None:
    """Wait until the tables of the page's latest Show (its own on opening, or the user's) are all drawn: the page
    sets body[data-shown] then. A quiet network said the same half a second later at least."""
    page.locator("body[data-shown]").wait_for(state="attached", timeout=10_000)


def _show(page, token: str, plan: str, year: int, agency: str) -> None:
    """Type the account's token, choose the plan, year and agency, and press Show."""
    page.fill("#token", token)
    page.dispatch_event("#token", "change")
    page.select_option("#plan", plan)
    page.fill("#year", str(year))
    page.dispatch_event("#year", "change")  # the agencies offered follow the plan and year
    page.select_option("#agency", agency)
    page.click("#show")


def test_an_agency_lists_what_it_owes_writes_and_sends_on_a_phone(new_tab, monitoring, server):
    page = new_tab(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    problems = watch(page)
    page.goto(f"{server}/monitoring?lang=vi")
    _show(page, monitoring.tokens["tv_stnmt"], "1099/QĐ-UBND", 2023, "TV.STNMT")
    row = page.locator("#owed tr", has_text="A9")
    row.get_by_role("button", name="Mở").click()
    # Trà Vinh's plan has no indicators: said on the phone too (its tables' headings are hidden there); the values'
    # table is drawn from its own request, beside the owed reports'
    expect(page.get_by_text("Cơ quan không phụ trách chỉ tiêu nào của kế hoạch trong năm này.")).to_be_visible()
    page.fill("#results", "Đã rà soát quy hoạch ngành tài nguyên và môi trường")
    page.click("#send")
    page.locator("#message.ok", has_text="Đã gửi báo cáo").wait_for(timeout=10_000)
    page.locator("#owed tr", has_text="A9").get_by_text("Đã gửi").wait_for(timeout=10_000)
    page.locator("#owed tr", has_text="A9").get_by_role("button", name="Mở").click()  # sent: read only
    page.locator("#message.ok", has_text="chỉ xem được, chưa sửa được").wait_for(timeout=10_000)
    assert page.locator("#send").is_disabled() and page.locator("#save").is_disabled()
    assert page.locator("#results").get_attribute("readonly") is not None
    page.screenshot(path="docs/screenshots/monitoring_phone_vi.png", full_page=True)
    page.fill("#year", "2099")
    page.click("#show")
    page.locator("#message.error", has_text="Năm báo cáo").wait_for(timeout=10_000)
    assert page.locator("#owed button").count() == 0  # the former year's buttons are gone with its table
    assert problems == []
    listed = monitoring.client.get("/api/submissions", params={"plan": "1099/QĐ-UBND", "year": 2023}).json()
    assert [(s["action"], s["status"], s["created_by"]) for s in listed["submissions"]] == [
        ("A9", "submitted", "tv_stnmt")
    ]


def test_an_agency_enters_an_indicator_value_on_the_page_shown_the_vietnamese_way(new_tab, monitoring, server):
    page = new_tab(viewport={"width": 1440, "height": 900})
    problems = watch(page)
    page.goto(f"{server}/monitoring?lang=vi")
    page.fill("#token", monitoring.tokens["bl_snn"])
    page.dispatch_event("#token", "change")
    page.select_option("#plan", "148/QĐ-UBND")
    page.fill("#year", "2024")
    page.dispatch_event("#year", "change")
    page.select_option("#agency", "BL.SNNPTNT")
    page.click("#show")
    row = page.locator("#values tr", has_text="Tỷ lệ dân cư nông thôn được sử dụng nước sạch")
    row.get_by_label("Giá trị mới").fill("81.25")
    row.get_by_label("Nguồn số liệu").fill("Điều tra 2024")
    expect(row.locator("label.file")).to_have_text("Chọn tệp minh chứngchưa chọn tệp")  # not the browser's English
    row.get_by_label("Tệp minh chứng (không bắt buộc)").set_input_files(
        {"name": "dieu-tra.csv", "mimeType": "text/csv", "buffer": "Xã,Tỷ lệ\n".encode()}
    )
    expect(row.locator("label.file")).to_contain_text("dieu-tra.csv")
    row.get_by_role("button", name="Nhập").click()
    page.locator("#values tr", has_text="81,25 (Điều tra 2024; bl_snn)").wait_for(timeout=10_000)
    assert problems == []
    values = monitoring.client.get("/api/indicators/clean_water_rural/values").json()["values"]
    assert [e["filename"] for e in values[-1]["evidence_files"]] == ["dieu-tra.csv"]


#: The page's fetch, with its own first Show's question of rights (the second one it asks: start() asks first) held
#: until the officer's Show has had its answer, and the officer's indicators held until that late answer has been read.
HOLD_THE_OWN_SHOWS_RIGHTS = """() => {
  const real = window.fetch;
  let rights = 0, userAnswered, ownAnswered;
  const userRead = new Promise((done) => { userAnswered = done; });
  const ownRead = new Promise((done) => { ownAnswered = done; });
  window.fetch = async function (url, init) {
    if (String(url).includes("/api/submissions/rights")) {
      const asked = ++rights;
      if (asked === 2) window.__ownShowAsked = true;
      if (asked === 2) await userRead;
      const answer = await real.call(this, url, init);
      if (asked === 2) setTimeout(() => { window.__ownShowAnswered = true; ownAnswered(); }, 200);
      if (asked === 3) setTimeout(userAnswered);
      return answer;
    }
    if (String(url).includes("/api/indicators/owed") && rights >= 3) await ownRead;
    return real.call(this, url, init);
  };
}"""


def test_the_pages_own_first_show_answering_late_leaves_the_users_show_its_entry_fields(new_tab, monitoring, server):
    """The page shows its tables once on opening, asking what the caller may do before any token is typed. When that
    answer came back after the one for the officer's own Show (a loaded server), it replaced it, and the tables were
    drawn with no entry fields (the fresh-clone CI run saw it). The order is held in the page (its fetch), not left to
    the machine's speed: the former test slowed start()'s question instead, and passed without the fix."""
    page = new_tab(viewport={"width": 390, "height": 844})
    problems = watch(page)
    page.add_init_script(f"({HOLD_THE_OWN_SHOWS_RIGHTS})()")
    page.goto(f"{server}/monitoring?lang=en&plan=148%2FQ%C4%90-UBND&year=2022&agency=BL.SNNPTNT")
    page.wait_for_function("() => window.__ownShowAsked === true")
    page.fill("#token", monitoring.tokens["bl_snn"])
    page.dispatch_event("#token", "change")
    page.click("#show")
    page.wait_for_function("() => window.__ownShowAnswered === true")
    row = page.locator("#values tr", has_text="Rural population with clean water")
    row.locator("input[inputmode=decimal]").wait_for(timeout=10_000)
    assert row.locator("input[inputmode=decimal]").count() == 1
    assert problems == []


@pytest.mark.parametrize(("lang", "blank"), [("vi", "hãy nhập một số"), ("en", "type a number")])
def test_a_blank_value_is_refused_and_a_decimal_comma_is_read_as_one(new_tab, monitoring, server, lang, blank):
    page = new_tab(viewport={"width": 390, "height": 844})
    problems = watch(page)
    page.goto(f"{server}/monitoring?lang={lang}")
    page.fill("#token", monitoring.tokens["bl_snn"])
    page.dispatch_event("#token", "change")
    page.select_option("#plan", "148/QĐ-UBND")
    page.fill("#year", "2023" if lang == "vi" else "2022")
    page.dispatch_event("#year", "change")
    page.select_option("#agency", "BL.SNNPTNT")
    page.click("#show")
    name = "Tỷ lệ dân cư nông thôn" if lang == "vi" else "Rural population with clean water"
    row = page.locator("#values tr", has_text=name)
    row.locator("input[inputmode=decimal]").wait_for(timeout=10_000)
    row.locator("input[type=text]").nth(1).fill("Điều tra")
    value, source = row.locator("input[inputmode=decimal]"), row.locator("input[type=text]").nth(1)
    enter = row.get_by_role("button", name="Nhập" if lang == "vi" else "Enter")
    # trial 50 (B-4): said at the top of the page, a screen away from the row, the field unmarked
    enter.click()
    expect(row.locator(".row-error")).to_contain_text(blank)
    expect(value).to_have_attribute("aria-invalid", "true")
    expect(value).to_be_focused()
    value.fill("abc")
    enter.click()
    expect(row.locator(".row-error")).to_contain_text("«abc»")
    expect(value).to_have_value("abc")  # what was typed stays, to correct
    assert page.locator("#message").inner_text() == ""
    value.fill("1,05")
    source.fill("")
    enter.click()
    expect(row.locator(".row-error")).to_contain_text("hãy ghi nguồn" if lang == "vi" else "say where")
    expect(source).to_have_attribute("aria-invalid", "true")
    expect(source).to_be_focused()
    expect(value).not_to_have_attribute("aria-invalid", "true")  # the value is right now
    source.fill("Điều tra")
    value.fill("150")  # the server refuses it, in the page's language, at the row too
    enter.click()
    refusal = "không hợp lý" if lang == "vi" else "is implausible"
    expect(row.locator(".row-error")).to_contain_text(refusal)
    expect(value).to_have_attribute("aria-invalid", "true")
    assert ("từ 0 đến 100 %" in row.locator(".row-error").inner_text()) == (lang == "vi")
    row.locator("input[inputmode=decimal]").fill("1,05")
    row.get_by_role("button", name="Nhập" if lang == "vi" else "Enter").click()
    page.locator("#message.ok").wait_for(timeout=10_000)
    assert problems == ["Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)"]
    values = monitoring.client.get("/api/indicators/clean_water_rural/values").json()["values"]
    assert [v["value"] for v in values if v["period"] == ("2023" if lang == "vi" else "2022")] == [1.05]
    page = new_tab(viewport={"width": 390, "height": 844})
    page.goto(f"{server}/monitoring?lang={lang}")
    page.fill("#year", str(vietnam_today().year + 1))
    page.click("#show")
    page.locator("#message.error", has_text="chọn một năm từ 2000" if lang == "vi" else "choose a year").wait_for()


def test_the_agency_sees_the_reviewers_comment_with_its_returned_report(new_tab, monitoring, server):
    client, body = monitoring.client, {"plan": "1099/QĐ-UBND", "action": "A9", "year": 2022, "results": "Đã rà soát"}
    sid = client.post("/api/submissions", json=body, headers=monitoring.headers("tv_stnmt")).json()["id"]
    assert client.post(f"/api/submissions/{sid}/submit", headers=monitoring.headers("tv_stnmt")).status_code == 200
    returned = client.post(
        f"/api/submissions/{sid}/return", json={"comment": "Bổ sung số liệu xã"}, headers=monitoring.headers("vl_stc")
    )
    assert returned.status_code == 200, returned.text
    page = new_tab(viewport={"width": 390, "height": 844})
    problems = watch(page)
    page.goto(f"{server}/monitoring?lang=vi")
    _show(page, monitoring.tokens["tv_stnmt"], "1099/QĐ-UBND", 2022, "TV.STNMT")
    row = page.locator("#owed tr", has_text="A9")
    row.get_by_text("Bổ sung số liệu xã").wait_for(timeout=10_000)
    row.get_by_role("button", name="Mở").click()
    page.locator("#review-comment", has_text="Bổ sung số liệu xã").wait_for(timeout=10_000)
    assert problems == []


def test_the_focal_department_returns_a_report_it_has_read_with_its_comment(new_tab, monitoring, server):
    client, body = monitoring.client, {"plan": "1099/QĐ-UBND", "action": "A9", "year": 2020, "results": "Đã rà soát"}
    body |= {"proposals": "Bổ sung kinh phí đo đạc"}
    made = client.post("/api/submissions", json=body, headers=monitoring.headers("tv_stnmt"))
    assert made.status_code == 201, made.text
    sid = made.json()["id"]
    assert client.post(f"/api/submissions/{sid}/submit", headers=monitoring.headers("tv_stnmt")).status_code == 200
    page = new_tab(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    problems = watch(page)
    page.goto(f"{server}/monitoring?lang=en")
    _show(page, monitoring.tokens["vl_stc"], "1099/QĐ-UBND", 2020, "TV.STNMT")
    page.locator("#owed tr", has_text="A9").get_by_role("button", name="Read and review").tap(timeout=10_000)
    # the consolidated report of the plan and year shown is a link away (it was an address to type from the guide)
    href = page.get_attribute("#report-docx", "href")
    assert href == "/api/reports/annual?plan=1099%2FQ%C4%90-UBND&year=2020&format=docx&lang=en", href
    filed = page.get_attribute("#report-other-docx", "href")
    assert filed == href.replace("lang=en", "lang=vi"), filed
    with report_map_not_drawn():  # the reports' headings read, not their maps
        english, vietnamese = client.get(href), client.get(filed)
    assert english.headers["content-type"].startswith("application/vnd.openxmlformats")
    # the English page's Word report is the English one (it was the Vietnamese file whatever the page's language);
    # the Vietnamese one the department files is a link away
    assert "SOCIALIST REPUBLIC OF VIET NAM" in Document(io.BytesIO(english.content)).tables[0].rows[0].cells[1].text
    assert "CỘNG HÒA" in Document(io.BytesIO(vietnamese.content)).tables[0].rows[0].cells[1].text
    expect(page.locator("#review")).to_contain_text("Bổ sung kinh phí đo đạc")
    sent = client.get(f"/api/submissions/{sid}/history").json()["steps"][-1]["at"]
    in_vietnam = datetime.fromisoformat(sent).astimezone(timezone(timedelta(hours=7)))
    sent_on = f"{in_vietnam.day} {in_vietnam:%b %Y}"  # as the English pages write a day
    expect(page.locator("#review-by")).to_contain_text(f"sent {sent_on}, written by tv_stnmt")
    # the author as colleagues know them, once the account has a name (the login alone read as a code)
    named = {"display_name": "Lê Văn Cường"}
    assert client.patch("/api/accounts/tv_stnmt", json=named, headers=monitoring.headers("admin")).is_success
    try:
        page.locator("#show").tap()
        page.locator("#owed tr", has_text="A9").get_by_role("button", name="Read and review").tap(timeout=10_000)
        expect(page.locator("#review-by")).to_contain_text("written by Lê Văn Cường (tv_stnmt)")
    finally:
        unnamed = {"display_name": None}
        client.patch("/api/accounts/tv_stnmt", json=unnamed, headers=monitoring.headers("admin"))
    page.fill("#return-comment", "Thiếu số liệu cấp xã")
    page.locator("#do-return").tap()
    expect(page.locator("#owed tr", has_text="A9")).to_contain_text("Thiếu số liệu cấp xã", timeout=10_000)
    expect(page.locator("#message.ok")).to_contain_text("Report returned: Action A9")  # which one, said
    steps = client.get(f"/api/submissions/{sid}/history").json()["steps"]
    assert steps[-1]["changes"]["comment"] == "Thiếu số liệu cấp xã"
    # sent again: the reviewer reads it beside what she asked for (a trial's reviewer saw only the new text)
    assert client.post(f"/api/submissions/{sid}/submit", headers=monitoring.headers("tv_stnmt")).status_code == 200
    page.locator("#show").tap()
    page.locator("#owed tr", has_text="A9").get_by_role("button", name="Read and review").tap(timeout=10_000)
    expect(page.locator("#review-earlier")).to_have_text("Returned before with the comment: Thiếu số liệu cấp xã")
    assert problems == []


def test_each_account_sees_only_the_buttons_the_api_would_accept(new_tab, monitoring, server):
    client, admin = monitoring.client, monitoring.headers("admin")
    params = {"plan": "148/QĐ-UBND", "action": "8.2"}
    assign = {"lead": ["BL.SCT"], "partners": [], "from_year": 2024}
    assert client.put("/api/plan-actions/agencies", json=assign, params=params, headers=admin).is_success
    body = {"plan": "148/QĐ-UBND", "action": "8.2", "year": 2024, "results": "Đã vận hành 2 nhà máy điện gió"}
    body |= {"obstacles": "Chậm giải phóng mặt bằng"}
    sid = client.post("/api/submissions", json=body, headers=monitoring.headers("bl_sct")).json()["id"]
    assert client.post(f"/api/submissions/{sid}/submit", headers=monitoring.headers("bl_sct")).is_success
    page = new_tab(viewport={"width": 390, "height": 844})
    problems = watch(page)
    page.goto(f"{server}/monitoring?lang=vi")
    _drawn(page)
    assert "Không có báo cáo" not in page.locator("#message").inner_text()  # no token yet: nothing said owed
    assert page.locator("#leads-box").get_attribute("open") is None  # the long assignment table starts folded

    def show_as(who: str) -> None:
        page.fill("#token", monitoring.tokens[who])
        page.dispatch_event("#token", "change")
        page.select_option("#plan", "148/QĐ-UBND")
        page.fill("#year", "2024")
        page.dispatch_event("#year", "change")
        page.select_option("#agency", "BL.SCT")  # owing reports under plan 148 in 2024: offered
        page.click("#show")
        page.locator("#owed tr", has_text="8.2").wait_for(timeout=10_000)
        page.locator("#values th").first.wait_for(state="attached", timeout=10_000)  # this account's values
        _drawn(page)

    show_as("bl_sct")  # the lead: writes, does not review
    row = page.locator("#owed tr", has_text="8.2")
    row.get_by_role("button", name="Mở").wait_for(timeout=10_000)
    # sent today for 2024, due on 14/11/2024: said beside "Đã gửi", as the board counts it (a trial read "Đã gửi" alone)
    expect(row).to_contain_text(f"Đã gửi (gửi sau hạn, ngày {vietnam_today():%d/%m/%Y})")
    assert (
        row.get_by_role("button", name="Tiếp nhận").count() == 0
        and row.get_by_role("button", name="Trả lại").count() == 0
    )
    assert page.locator("#leads button").count() == 0
    show_as("cm_stc")  # the focal department: reviews, does not write another agency's report or values
    row = page.locator("#owed tr", has_text="8.2")
    row.get_by_role("button", name="Đọc và xem xét").click(timeout=10_000)
    assert row.get_by_role("button", name="Mở").count() == 0
    assert page.locator("#values input[inputmode=decimal]").count() == 0
    # the reviewer reads what she returns or accepts (a trial's reviewer had only the two buttons)
    review = page.locator("#review")
    expect(review).to_contain_text(body["results"])
    expect(review).to_contain_text("Khó khăn, vướng mắc")
    expect(review).to_contain_text(body["obstacles"])
    page.click("#do-return")  # a return says what to add: refused without a comment, nothing sent
    page.locator("#message.error", has_text="Hãy ghi ý kiến").wait_for(timeout=10_000)
    # another reviewer accepts it meanwhile: the refused step is said, and the row shows the report as it is now
    assert client.post(f"/api/submissions/{sid}/accept", headers=monitoring.headers("cm_stc_2")).is_success
    page.click("#do-accept")
    # who took the step, named (it said "someone may have just dealt with it")
    taken = "đang ở tình trạng “đã tiếp nhận” (do cm_stc_2 lúc"
    page.locator("#message.error", has_text=taken).wait_for(timeout=10_000)
    expect(page.locator("#owed tr", has_text="8.2")).to_contain_text("Đã tiếp nhận", timeout=10_000)
    expect(page.locator("#owed tr", has_text="8.2").get_by_role("button", name="Khóa")).to_be_visible()
    assert problems == ["Failed to load resource: the server responded with a status of 409 (Conflict)"]


def test_logged_in_at_login_the_agency_writes_without_typing_its_token_and_no_token_is_kept(
    new_tab, monitoring, server
):
    """The page uses the browser session of /login, as the form pages do; it keeps no token in the browser (a token
    an earlier version kept there is removed), so a shared computer does not hand the next person an account."""
    page = new_tab(viewport={"width": 1280, "height": 900})
    problems = watch(page)
    page.goto(f"{server}/login?next=%2Fmonitoring")
    page.evaluate("localStorage.setItem('georeg-token', 'grt_kept-by-an-earlier-version')")
    page.fill("#token", monitoring.tokens["tv_stnmt"])
    page.click("#send")
    page.wait_for_url(f"{server}/monitoring", timeout=10_000)

    assert page.input_value("#token") == "" and page.evaluate("localStorage.length") == 0
    _drawn(page)
    assert page.inner_text("#session").startswith("Đã đăng nhập: tv_stnmt")  # who is logged in, above the token
    expect(page.locator("#plan")).to_have_value("1099/QĐ-UBND")  # its province's plan
    page.fill("#year", "2022")
    page.dispatch_event("#year", "change")
    # the account's own agency, once it owes reports in the year (merged in 2025, it owes none for 2026)
    expect(page.locator("#agency")).to_have_value("TV.STNMT")
    page.click("#show")
    page.locator("#owed tr", has_text="A9").get_by_role("button", name="Mở").wait_for(timeout=10_000)
    assert page.evaluate("localStorage.length") == 0

    page.click("#other-lang")  # the language switch keeps the plan, year and agency chosen
    page.wait_for_url("**/monitoring?lang=en*", timeout=10_000)
    page.locator("#owed tr", has_text="A9").get_by_role("button", name="Open").wait_for(timeout=10_000)
    assert page.input_value("#year") == "2022" and page.input_value("#agency") == "TV.STNMT"
    assert page.input_value("#plan") == "1099/QĐ-UBND"

    page.screenshot(path="docs/screenshots/monitoring_logged_in_en.png")
    page.click("#log-out")  # logged out here too: the page reloads with the lists only
    expect(page.locator("#session")).to_have_count(0, timeout=15_000)  # the page as reloaded, not the one left
    page.locator("#owed tr", has_text="A9").wait_for(timeout=10_000)
    assert page.locator("#owed button").count() == 0
    assert problems == []


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_agency_on_the_board_has_an_on_time_rate_or_says_why_not(new_tab, live_server, lang):
    """An agency that has sent nothing, with nothing due yet, showed its "on-time rate" with no value at all."""
    page = new_tab(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page.goto(f"{live_server}/monitoring?lang={lang}")
    _drawn(page)
    rows = "() => [...document.querySelectorAll('#board tr')].slice(1)"
    rates = page.evaluate(f"{rows}.map((row) => row.lastChild.innerText)")
    # with no account, the page opens on the first agency the plan's board lists (it opened on another province's)
    first = page.evaluate(f"() => ({rows})()[0].firstChild.innerText")
    chosen = page.evaluate(
        "() => { const a = document.getElementById('agency'); return a.options[a.selectedIndex].text; }"
    )
    # its reports owed whose day has not come are counted as such ("Owed 0" beside "Late 3" read as nothing owed)
    headings = page.evaluate("() => [...document.querySelectorAll('#board th')].map((th) => th.innerText)")
    assert headings[1] == LABELS[lang]["js"]["not_yet_due"], headings
    assert chosen == first, (chosen, first)
    assert rates and all(rate.strip() for rate in rates), rates
    assert all(rate.endswith(" %") or rate == LABELS[lang]["js"]["no_rate"] for rate in rates), rates


@pytest.mark.parametrize("who", ["cm_stc", "bl_sct", "cm_snnmt"])
def test_logged_in_the_page_opens_on_a_plan_of_the_account_in_the_year_being_reported(new_tab, monitoring, server, who):
    """Cà Mau's finance department (focal for Bạc Liêu's plan 148 since the merger) and Bạc Liêu's trade department
    (merged away: it owes only its earlier years, under plan 148) were opened on Trà Vinh's plan and on last year,
    though plan 148's reports are due on 14 November of their own year; a plan chosen showed nothing until Show was
    pressed. A Cà Mau department owing nothing opened on Trà Vinh's plan too: its province (96) was not that of
    Bạc Liêu's plan (95), merged into it."""
    from sqlalchemy import create_engine, select
    from sqlalchemy.orm import Session

    from geo.models import Plan
    from geo.submissions import reporting_year

    engine = create_engine(monitoring.url)
    with Session(engine) as session:
        plans = {p.code: reporting_year(p, vietnam_today()) for p in session.scalars(select(Plan))}
    engine.dispose()
    page = new_tab(viewport={"width": 1280, "height": 900})
    problems = watch(page)
    page.goto(f"{server}/login?next=%2Fmonitoring")
    page.fill("#token", monitoring.tokens[who])
    page.click("#send")
    page.wait_for_url(f"{server}/monitoring", timeout=10_000)
    expect(page.locator("#plan")).to_have_value("148/QĐ-UBND", timeout=10_000)
    expect(page.locator("#year")).to_have_value(str(plans["148/QĐ-UBND"]))
    _drawn(page)
    page.select_option("#plan", "1099/QĐ-UBND")  # shown at once, in that plan's year
    expect(page.locator("#year")).to_have_value(str(plans["1099/QĐ-UBND"]))
    expect(page.locator("#tasks")).to_contain_text("A9", timeout=10_000)
    assert problems == []


def test_an_officer_refused_for_a_colleagues_save_keeps_what_they_typed_and_sees_both(new_tab, monitoring, server):
    """Two officers opened one draft; the colleague saved first. The refused officer followed the advice (Show, then
    Open) and lost what they had typed. Now the page keeps their text in the fields, shows the colleague's version
    under it, and the next save is made on that version."""
    client = monitoring.client
    body = {"plan": "1099/QĐ-UBND", "action": "A9", "year": 2021, "results": "Bản đầu"}
    sid = client.post("/api/submissions", json=body, headers=monitoring.headers("tv_stnmt")).json()["id"]
    page = new_tab(viewport={"width": 390, "height": 844})
    problems = watch(page)
    page.goto(f"{server}/monitoring?lang=vi&plan=1099%2FQĐ-UBND&year=2021&agency=TV.STNMT")
    page.fill("#token", monitoring.tokens["tv_stnmt_2"])
    page.dispatch_event("#token", "change")
    page.click("#show")
    page.locator("#owed tr", has_text="A9").get_by_role("button", name="Mở").click()
    colleague = {
        "results": "Bản của đồng nghiệp",
        "updated_at": client.get("/api/submissions", params={"plan": "1099/QĐ-UBND", "year": 2021}).json()[
            "submissions"
        ][0]["updated_at"],
    }
    assert client.patch(f"/api/submissions/{sid}", json=colleague, headers=monitoring.headers("tv_stnmt")).is_success
    page.fill("#obstacles", "Thiếu kinh phí — phần tôi gõ")
    page.click("#save")
    page.locator("#message.error", has_text="Phần bạn gõ vẫn ở trong các ô").wait_for(timeout=10_000)
    assert page.input_value("#obstacles") == "Thiếu kinh phí — phần tôi gõ"
    expect(page.locator("#theirs")).to_contain_text("Bản của đồng nghiệp")
    page.fill("#results", "Bản của đồng nghiệp, và của tôi")  # merged
    page.click("#save")
    page.locator("#message.ok", has_text="Đã lưu").wait_for(timeout=10_000)
    expect(page.locator("#theirs")).to_be_hidden()
    assert problems == ["Failed to load resource: the server responded with a status of 409 (Conflict)"]
    saved = client.get("/api/submissions", params={"plan": "1099/QĐ-UBND", "year": 2021}).json()["submissions"][0]
    assert (saved["results"], saved["obstacles"]) == ("Bản của đồng nghiệp, và của tôi", "Thiếu kinh phí — phần tôi gõ")


def test_two_officers_starting_the_same_report_the_second_sees_the_firsts_and_keeps_what_they_typed(
    new_tab, monitoring, server
):
    """Both opened an action with no report yet; the colleague saved first. The second was refused with nothing of
    the colleague's shown, unlike two officers on one draft: reloading would lose what they typed."""
    client = monitoring.client
    page = new_tab(viewport={"width": 390, "height": 844})
    problems = watch(page)
    page.goto(f"{server}/monitoring?lang=vi")
    _show(page, monitoring.tokens["tv_stnmt_2"], "1099/QĐ-UBND", 2019, "TV.STNMT")
    page.locator("#owed tr", has_text="A9").get_by_role("button", name="Mở").click()
    body = {"plan": "1099/QĐ-UBND", "action": "A9", "year": 2019, "results": "Bản của đồng nghiệp"}
    assert client.post("/api/submissions", json=body, headers=monitoring.headers("tv_stnmt")).status_code == 201
    page.fill("#results", "Phần tôi gõ")
    page.click("#save")
    page.locator("#message.error", has_text="Phần bạn gõ vẫn ở trong các ô").wait_for(timeout=10_000)
    assert page.input_value("#results") == "Phần tôi gõ"
    expect(page.locator("#theirs")).to_contain_text("Bản của đồng nghiệp")
    page.fill("#results", "Bản của đồng nghiệp; phần tôi gõ")
    page.click("#save")  # on the colleague's draft, not a second report
    page.locator("#message.ok", has_text="Đã lưu").wait_for(timeout=10_000)
    assert problems == ["Failed to load resource: the server responded with a status of 409 (Conflict)"]
    listed = client.get("/api/submissions", params={"plan": "1099/QĐ-UBND", "year": 2019}).json()["submissions"]
    assert [s["results"] for s in listed if s["action"] == "A9"] == ["Bản của đồng nghiệp; phần tôi gõ"]


def test_an_assignment_saved_on_the_page_holds_from_the_year_shown_and_the_board_follows(new_tab, monitoring, server):
    """The board kept its former counts after a lead was reassigned on the page (a trial's VL.SXD owed one more)."""
    client = monitoring.client

    def owed_by(agency: str, year: int) -> int:
        board = client.get("/api/submissions/board", params={"plan": "1099/QĐ-UBND", "year": year}).json()
        return next((a["owed"] + a["late"] for a in board["agencies"] if a["agency"] == agency), 0)

    before, earlier = owed_by("VL.SXD", 2026), owed_by("TV.STNMT", 2024)
    page = new_tab(viewport={"width": 1366, "height": 900})
    problems = watch(page)
    page.goto(f"{server}/monitoring?lang=en")
    _show(page, monitoring.tokens["vl_stc"], "1099/QĐ-UBND", 2026, "VL.SXD")
    page.locator("#leads-box summary").click()
    expect(page.locator("#leads-note")).to_contain_text("A saved assignment holds from 2026 on")
    # an agency merged away names the one holding its duties in 2026 (a planner read only ended TV. codes)
    expect(page.locator("#leads tr", has_text="A9").first).to_contain_text("TV.STNMT is now VL.SNNMT")
    row = page.locator("#leads tr", has_text="A12").first
    row.get_by_label("Lead A12").fill("VL.SXD")
    row.get_by_role("button", name="Save").click()
    expect(page.locator("#message.ok")).to_contain_text("Agencies of action A12 assigned from 2026 on")
    assert owed_by("VL.SXD", 2026) == before + 1 and owed_by("TV.STNMT", 2024) == earlier  # 2024 keeps its own
    board_row = page.locator("#board tr", has_text="(VL.SXD)")
    expect(board_row.locator("td").nth(1)).to_have_text(str(before + 1))
    assert problems == []


def test_a_year_of_an_ended_plan_says_its_reports_are_late_and_outside_the_plans_period(new_tab, live_server):
    """Trial 42: /monitoring opened Trà Vinh's plan 1099 (2017–2020), which names no due day, on 2019 and 2026 alike,
    every report "not sent, not due yet", seven years on; and never said the plan's period was over."""
    page = new_tab(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page.goto(f"{live_server}/monitoring?lang=vi&plan=1099%2FQ%C4%90-UBND&year=2024")
    _drawn(page)
    due = page.locator("#due")
    expect(due).to_contain_text("năm đã hết, báo cáo chưa gửi là quá hạn")
    outside = (
        "Năm này ngoài kỳ của kế hoạch (2017–2020): các cơ quan chủ trì vẫn báo cáo năm về các nhiệm vụ, vì tỉnh vẫn "
        "theo dõi các dự án của kế hoạch; các báo cáo dưới đây là báo cáo phải gửi."
    )
    # trial 50: "outside the plan's period" over reports "Not sent" read as a contradiction: what is owed and
    # why, said here and above the board
    expect(due).to_have_text(f"Hạn: Kế hoạch không nêu ngày; năm đã hết, báo cáo chưa gửi là quá hạn. {outside}")
    expect(page.locator("#board-note")).to_have_text(outside)
    page.locator("#board tr td").first.wait_for()
    late = page.evaluate(
        "() => [...document.querySelectorAll('#board tr')].slice(1).map((r) => r.children[2].innerText)"
    )
    assert late and all(int(n) > 0 for n in late), late  # each agency's reports not sent are late
    rates = page.evaluate(
        "() => [...document.querySelectorAll('#board tr')].slice(1).map((r) => r.lastChild.innerText)"
    )
    # with one decimal, as every percent is written: "0 %" read beside "33,3 %" in one column (trial 72)
    assert all(re.fullmatch(r"\d{1,3},\d %", rate) for rate in rates), rates


def test_the_agencies_offered_follow_the_plan_and_year_and_the_address_keeps_the_choice(new_tab, live_server):
    """Trial 50 (A-4): opened on plan 1099 (Trà Vinh), 2026 and a Vĩnh Long agency, choosing plan 148 (Bạc Liêu's)
    and 2025 kept the Vĩnh Long agency: "No report owed"; the plan box gave numbers only, and the address kept
    nothing to bookmark or send. The reports an agency owes say a doubt about its duties apart from their tasks."""
    page = new_tab(viewport={"width": 1366, "height": 900})
    problems = watch(page)
    page.goto(f"{live_server}/monitoring?lang=en&plan=1099%2FQ%C4%90-UBND&year=2026")
    _drawn(page)
    plans = page.locator("#plan option").all_inner_texts()
    assert plans == ["1099/QĐ-UBND — Trà Vinh (now Vĩnh Long)", "148/QĐ-UBND — Bạc Liêu (now Cà Mau)"], plans
    codes = page.locator("#agency option").evaluate_all("(options) => options.map((o) => o.value)")
    assert codes and all(code.startswith("VL.") for code in codes), codes  # those owing plan 1099 in 2026
    page.select_option("#plan", "148/QĐ-UBND")
    page.fill("#year", "2025")
    page.dispatch_event("#year", "change")
    page.wait_for_url("**/monitoring?lang=en&plan=148%2FQ%C4%90-UBND&year=2025&agency=CM.*", timeout=10_000)
    _drawn(page)
    codes = page.locator("#agency option").evaluate_all("(options) => options.map((o) => o.value)")
    assert "CM.STC" in codes and "CM.SNNMT" in codes and not [c for c in codes if not c.startswith("CM.")], codes
    expect(page.locator("#owed")).not_to_contain_text("No report owed")  # the agency chosen owes its reports
    page.select_option("#agency", "CM.STC")
    page.wait_for_url("**&agency=CM.STC", timeout=10_000)
    bookmarked = page.url
    page.goto(bookmarked)  # the address opens on the same choice
    _drawn(page)
    assert [page.input_value(i) for i in ("#plan", "#year", "#agency")] == ["148/QĐ-UBND", "2025", "CM.STC"]
    # a former year lists the agencies of the time, under their heading, in the alphabet's order (Đ after D, not
    # after T as code points have it)
    page.goto(f"{live_server}/monitoring?lang=vi&plan=1099%2FQ%C4%90-UBND&year=2024")
    _drawn(page)
    groups = page.locator("#agency optgroup")
    assert groups.evaluate_all("(gs) => gs.map((g) => g.label)") == ["Cơ quan trước khi sáp nhập (báo cáo cũ)"]
    names = groups.nth(0).locator("option").all_inner_texts()
    assert names == sorted(names, key=vi_sort_key), names
    assert "Sở Công Thương tỉnh Trà Vinh (TV.SCT) — đến 30/06/2025" in names, names  # until when (trial 64)
    # a duty whose successor agency is not certain says so on a line of its own: "(successor not certain)" at the
    # task's end read as part of the task (trial 69)
    page.goto(f"{live_server}/monitoring?lang=en&plan=148%2FQ%C4%90-UBND&year=2026&agency=CM.BAO_PTTH")
    _drawn(page)
    title = "Communication, education and awareness raising"
    task = page.locator("#owed tr", has_text=title).locator("td").nth(1)
    expect(task.locator(".doubt")).to_have_text("⚠ successor not certain")
    assert task.inner_text().split("\n") == [title, "⚠ successor not certain"]
    assert problems == []


def test_the_sender_of_a_report_in_the_focal_department_sees_no_review_buttons_on_it(new_tab, monitoring, server):
    """Trial 50 (B-1): the focal department's editor wrote, sent and accepted his own report. On the page he reads
    it, told someone else reviews it; his colleague reviews it."""
    client, cm_stc = monitoring.client, monitoring.headers("cm_stc")
    body = {"plan": "148/QĐ-UBND", "action": "4", "year": 2025, "results": "Đã huy động vốn xanh"}
    sid = client.post("/api/submissions", json=body, headers=cm_stc).json()["id"]
    assert client.post(f"/api/submissions/{sid}/submit", headers=cm_stc).is_success
    page = new_tab(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    problems = watch(page)
    page.goto(f"{server}/monitoring?lang=vi&plan=148%2FQ%C4%90-UBND&year=2025&agency=CM.STC")
    for who in ("cm_stc", "cm_stc_2"):
        page.fill("#token", monitoring.tokens[who])
        page.dispatch_event("#token", "change")
        page.click("#show")
        row = page.locator("#owed tr", has_text="Huy động nguồn lực tài chính")
        row.get_by_role("button", name="Mở").wait_for(timeout=10_000)
        if who == "cm_stc":
            expect(row).to_contain_text("Bạn đã gửi báo cáo này: người khác xem xét")
            assert row.get_by_role("button", name="Đọc và xem xét").count() == 0
            row.get_by_role("button", name="Đọc", exact=True).tap()
            expect(page.locator("#review-own")).to_contain_text("một tài khoản khác của cơ quan đầu mối")
            expect(page.locator("#review-steps")).to_be_hidden()
    row.get_by_role("button", name="Đọc và xem xét").tap()  # the colleague reviews it
    expect(page.locator("#review-own")).to_be_hidden()
    page.locator("#do-accept").tap()
    expect(page.locator("#message.ok")).to_contain_text("Đã tiếp nhận báo cáo")
    assert problems == []
