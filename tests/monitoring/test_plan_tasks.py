"""What a plan committed to, as a planner newly responsible for it reads it (trial 67): every task of both plans on
/monitoring and in each format of the yearly report, its lead agency by today's name (the one the plan named beneath
it), and the report's action table saying a task's lack of a lead, or the same projects' figures, once."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Callable
from itertools import takewhile
from urllib.parse import parse_qs, urlsplit

import lxml.html
import pandas as pd
import pyogrio
import pytest
from docx import Document
from live_servers import serving
from openpyxl import load_workbook
from playwright.sync_api import expect
from printed_sheets import drawn_once
from sqlalchemy import create_engine, text
from watched_pages import watch

from geo.settings import Settings
from geo.vietnam_day import vietnam_today

TV, BL = "1099/QĐ-UBND", "148/QĐ-UBND"
YEAR = vietnam_today().year
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1366, "height": 900}}
NO_PROJECT = "Chưa có dự án gắn với nhiệm vụ này"
# as /monitoring says it: plan 148's Appendix I, naming the agencies of its groups 3 and 5–18, is not held (trial 68)
NO_LEAD = "Kế hoạch không nêu cơ quan chủ trì (trong phần hệ thống đang lưu)"
# plan 1099's A1 was given to Trà Vinh's planning department, Vĩnh Long's finance department's since the mergers
A1_LEAD, A1_FORMER = "Sở Tài chính tỉnh Vĩnh Long", "Sở Kế hoạch và Đầu tư tỉnh Trà Vinh"
A1_FORMERLY = f"trước đây là {A1_FORMER} (TV.SKHDT), đến 28/02/2025"


@pytest.fixture(scope="module")
def codes(monitoring) -> dict[str, list[str]]:
    """Each plan's task codes, as the registry holds them (plan 1099: P1–P10 and A1–A22; plan 148: 1 to 18.2)."""
    engine = create_engine(monitoring.url)
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT pl.code, pa.code FROM plan_action pa JOIN plan pl ON pl.id = pa.plan_id ORDER BY pa.id")
        ).all()
    engine.dispose()
    found: dict[str, list[str]] = {}
    for plan, code in rows:
        found.setdefault(plan, []).append(code)
    assert len(found[TV]) == 32 and "A22" in found[TV] and len(found[BL]) > 18
    return found


@pytest.fixture(scope="module")
def server(monitoring):
    with serving(Settings(database_url=monitoring.url)) as url:
        yield url


@pytest.fixture(scope="module")
def report(monitoring) -> Callable[[str, str], bytes]:
    """The plan's yearly report of this year in a format, drawn once a module (a page and a document each draw the
    printed progress map): the tests only read it."""
    get = drawn_once(monitoring.client)

    def drawn(plan: str, fmt: str) -> bytes:
        response = get("/api/reports/annual", {"plan": plan, "year": YEAR, "format": fmt})
        assert response.status_code == 200, response.text[:300]
        return response.content

    return drawn


def _action_rows(report, plan: str, fmt: str) -> list[list[str]]:
    """The rows of the report's table of actions (the Word document's list of the plan's actions), each a list of
    its cells' texts, its header first; the HTML's cells said over several rows are in the row they start."""
    body = report(plan, fmt)
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(body))["Nhiệm vụ"]
        return [["" if v is None else str(v) for v in row] for row in sheet.values]
    if fmt == "csv":
        rows = csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";")
        return list(takewhile(any, rows))  # the action table, before the agencies' reports
    if fmt == "docx":
        table = next(t for t in Document(io.BytesIO(body)).tables if t.rows[0].cells[1].text == "Nhiệm vụ")
        return [[c.text for c in row.cells[1:]] for row in table.rows]  # without the numbering column
    page = lxml.html.fromstring(body)
    table = page.xpath("//h2[.='Nhiệm vụ']/following::table[1]")[0]
    return [[cell.text_content() for cell in row.xpath("th|td")] for row in table.xpath(".//tr")]


@pytest.mark.parametrize("fmt", ["html", "docx", "xlsx", "csv"])
@pytest.mark.parametrize("plan", [TV, BL])
def test_every_task_of_the_plan_is_in_each_format_of_the_yearly_report(report, codes, plan, fmt):
    """Plan 1099's report listed P1–P10 and "Chưa gắn nhiệm vụ"; its 22 tasks A1–A22, without projects, were only
    among the reports not sent (and the Word document had no list of the tasks at all)."""
    rows = _action_rows(report, plan, fmt)
    # the first cells naming an action (in the HTML, a row under an action's first starts with its lead or unit)
    listed = [code for code in dict.fromkeys(row[0] for row in rows[1:]) if code in codes[plan]]
    assert listed == codes[plan], (fmt, listed)
    header, a1 = rows[0], next((row for row in rows if row[0] == "A1"), None)
    if plan == TV:  # no project attached, said; its lead by today's name, the one the plan named beneath in a text
        beneath = {"docx": f"\n{A1_FORMERLY}", "html": A1_FORMERLY}.get(fmt, "")  # the sheets are data: the name
        assert a1[header.index("Cơ quan chủ trì")] == A1_LEAD + beneath, a1
        assert any(NO_PROJECT in cell for cell in a1), a1


def test_a_tasks_lack_of_a_lead_and_one_projects_units_are_said_once_in_the_html_report(report, codes):
    """ "Kế hoạch không giao cơ quan chủ trì cho nhiệm vụ này" was in each commune's row (P1 ×4, P6 ×4, P7 ×4, P9
    ×5), and the sea dyke P6, one project over four communes, four rows of the same figures: 10,172 px for 22
    projects."""
    page = report(TV, "html").decode()
    actions = page.split("<h2>Nhiệm vụ</h2>")[1].split("<h2>")[0]
    assert actions.count(NO_LEAD) == sum(code.startswith("P") for code in codes[TV]) == 10
    rows = _action_rows(report, TV, "html")
    p6 = [row for row in rows if row[0] == "P6"]
    assert len(p6) == 1 and p6[0][4].count(",") == 3, p6  # one row naming its four communes
    not_in = lxml.html.fromstring(page).xpath("//p[starts-with(., 'Các báo cáo chưa gửi')]/following::table[1]")[0]
    agencies = [row.xpath("td")[0].text_content() for row in not_in.xpath(".//tr[count(td)=4]")]
    assert agencies and len(agencies) == len(set(agencies)), agencies  # each agency once over its reports not in
    # plan 148's sub-tasks without a lead of their own point to their group's, which says it once
    sub = lxml.html.fromstring(report(BL, "html"))
    leads = " ".join(sub.xpath("//h2[.='Nhiệm vụ']/following::table[1]//td/text()"))
    assert "Như nhóm nhiệm vụ 13" in leads and leads.count(NO_LEAD) < 18


#: What the report says once of the actions that owe no report for want of a lead (trial 68).
OWED_NONE = {
    "vi": "{n} nhiệm vụ chưa có cơ quan chủ trì trong hệ thống: các nhiệm vụ này không có báo cáo phải gửi cho đến khi "
    "cơ quan đầu mối giao cơ quan chủ trì ở trang /monitoring (mục “Giao cơ quan chủ trì, phối hợp cho các nhiệm vụ”).",
    "en": "{n} actions have no lead agency recorded: no report is owed for them until the focal agency assigns one on "
    "/monitoring (“Assign the actions' lead and partner agencies”).",
}


def _text_of(body: bytes, fmt: str) -> str:
    """A report file's words: its paragraphs and cells (a line each), its page's text, its CSV."""
    if fmt == "docx":
        document = Document(io.BytesIO(body))
        cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)
    if fmt == "xlsx":
        book = load_workbook(io.BytesIO(body))
        return "\n".join(str(v) for sheet in book for row in sheet.values for v in row if v is not None)
    if fmt == "html":
        return lxml.html.fromstring(body).text_content()
    return body.decode("utf-8-sig")


def _unled(monitoring) -> int:
    """How many of plan 148's actions have no lead this year, their own or their group's (/monitoring's list)."""
    tasks = monitoring.client.get("/api/plan-actions", params={"plan": BL, "year": YEAR}).json()["tasks"]
    return sum(not task["leads"] for task in tasks)


@pytest.mark.parametrize("fmt", ["html", "docx", "xlsx", "csv"])
def test_a_group_without_a_lead_held_is_said_as_monitoring_says_it_and_what_it_owes_once(monitoring, report, fmt):
    """Each row of plan 148's groups 3 and 5–18 said "Kế hoạch không giao cơ quan chủ trì cho nhiệm vụ này", untrue:
    its Appendix I, which the registry does not hold, gives them; and the 19 reports owed left out the waste sites,
    wind farms and dykes without a word (trial 68)."""
    rows = _action_rows(report, BL, fmt)
    lead = rows[0].index("Cơ quan chủ trì")
    assert {row[lead] for row in rows if row[0] == "13"} == {NO_LEAD}
    unled = _unled(monitoring)
    assert unled > 15  # groups 3 and 5–18, and their sub-tasks
    assert _text_of(report(BL, fmt), fmt).count(OWED_NONE["vi"].format(n=unled)) == 1


def test_the_english_report_says_it_in_english(monitoring):
    params = {"plan": BL, "year": YEAR, "format": "csv", "lang": "en"}
    body = monitoring.client.get("/api/reports/annual", params=params).content.decode("utf-8-sig")
    actions = list(takewhile(any, csv.reader(io.StringIO(body))))
    no_lead = "The plan names no lead agency (in what the registry holds of it)"
    assert {row[actions[0].index("Lead agency")] for row in actions if row[0] == "13"} == {no_lead}
    assert body.count(OWED_NONE["en"].format(n=_unled(monitoring))) == 1


def test_the_word_and_html_reports_name_the_agency_the_plan_named_beneath_todays(report):
    """The Word report's list of tasks named group 1's lead "Sở Tài chính tỉnh Cà Mau" only; /monitoring says beneath
    it that plan 148 gave the group to Bạc Liêu's planning department (trial 68)."""
    formerly = "trước đây là Sở Kế hoạch và Đầu tư tỉnh Bạc Liêu (BL.SKHDT), đến 28/02/2025"
    rows = _action_rows(report, BL, "docx")
    assert {row[2] for row in rows if row[0] in ("1", "4")} == {f"Sở Tài chính tỉnh Cà Mau\n{formerly}"}
    page = lxml.html.fromstring(report(BL, "html"))
    lead = page.xpath("//h2[.='Nhiệm vụ']/following::table[1]//tr[td[1]='1']/td[3]")[0]
    assert [div.text_content() for div in lead.xpath(".//div[@class='formerly']")] == [formerly]
    assert lead.text_content() == f"Sở Tài chính tỉnh Cà Mau{formerly}"


def test_pandas_reads_the_action_key_as_text_in_the_workbook_and_the_csv_and_gdal_the_action_too(report, tmp_path):
    """pandas read the action column "Nhiệm vụ số" as numbers whatever its cells (text, "@", a quote prefix): '13.10'
    as 13.1, another action, '2' as 2.0 (trial 68). Each table with an action ends with its key, which pandas reads as
    text, and GDAL as well as the action."""
    path, key = tmp_path / "bao-cao.xlsx", "Mã nhiệm vụ (văn bản)"
    path.write_bytes(report(BL, "xlsx"))
    book, keyed = load_workbook(path), []
    for name, table in pd.read_excel(path, sheet_name=None).items():
        if "Nhiệm vụ số" in table:
            assert table.columns[-1] == key, name  # after the columns as they were
            rows = [row for row in book[name].iter_rows(2, values_only=True) if any(v not in (None, "") for v in row)]
            cells = [row[list(table.columns).index("Nhiệm vụ số")] for row in rows]  # an empty table's blank row not
            assert [k if isinstance(k, str) else None for k in table[key]] == [c and f"{BL} {c}" for c in cells], name
            keyed.append(name)
    assert keyed == [
        "Nhiệm vụ", "Dự án quá hạn theo nhiệm vụ", "Báo cáo của cơ quan", "Báo cáo chưa gửi, quá hạn", "Dự án",
        "Vốn theo nhiệm vụ",
    ]  # fmt: skip
    actions = pd.read_excel(path, sheet_name="Nhiệm vụ")[key]
    assert {f"{BL} 13.10", f"{BL} 13.1", f"{BL} 2"} <= set(actions)
    by_gdal = pyogrio.read_dataframe(path, layer="Nhiệm vụ")
    assert "13.10" in set(by_gdal["Nhiệm vụ số"]) and f"{BL} 13.10" in set(by_gdal[key])
    n = len(_action_rows(report, BL, "csv")) - 1  # the CSV's first table, read alone
    assert {f"{BL} 13.10", f"{BL} 13.1"} <= set(pd.read_csv(io.BytesIO(report(BL, "csv")), sep=";", nrows=n)[key])


@pytest.mark.parametrize(("lang", "size"), [("vi", "phone"), ("en", "desktop")])
def test_monitoring_lists_every_task_of_both_plans_with_its_agencies_by_todays_names(
    new_tab, server, codes, lang, size
):
    """The only list of plan 1099's tasks was the folded assignment table: agency codes in greyed boxes, cut off, the
    former Trà Vinh codes first, "nay là VL.…" beneath (trial 67)."""
    device = PHONE if size == "phone" else DESKTOP
    viewport = device["viewport"]
    page = new_tab(**device)
    problems = watch(page)
    for plan in (TV, BL):
        page.goto(f"{server}/monitoring?lang={lang}&plan={plan}&year={YEAR}")
        page.locator("body[data-shown]").wait_for(state="attached", timeout=20_000)
        expect(page.locator("#tasks-box")).to_be_visible()
        rows = page.locator("#tasks tr:not(.head)")
        assert [code.strip() for code in rows.locator("td:first-child").all_text_contents()] == codes[plan]
        assert page.locator("#tasks input").count() == 0  # names to read, not boxes of codes
        assert page.locator("#leads-box").is_hidden()  # the assignment form is the focal agency's
        # plan 148 folded by its task groups; plan 1099 has none, its 32 actions stay one open list
        assert page.locator("#tasks details").count() == (18 if plan == BL else 0)
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    page.goto(f"{server}/monitoring?lang={lang}&plan={TV}&year={YEAR}")
    page.locator("body[data-shown]").wait_for(state="attached", timeout=20_000)
    a1 = page.locator("#tasks tr", has=page.locator("td:first-child", has_text=re.compile(r"^A1$")))
    lead = a1.locator("td").nth(2)
    if lang == "vi":
        expect(lead.locator(".agency-now")).to_have_text(re.compile(rf"^{A1_LEAD}"))
        expect(lead.locator(".formerly")).to_contain_text(f"trước đây là {A1_FORMER} (TV.SKHDT)")
        expect(a1).to_contain_text(NO_PROJECT)
    else:
        expect(lead.locator(".agency-now")).to_have_text(re.compile(r"^Department of Finance, Vĩnh Long"))
        expect(lead.locator(".formerly")).to_contain_text("formerly Department of Planning and Investment, Trà Vinh")
        expect(a1.locator("td").nth(1)).to_contain_text("Develop mechanisms and policies")
    box = lead.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]  # whole on the screen
    # the actions behind, most first (P8's two sample projects, then the others' one, in the plan's order), each a
    # link to its card; P8's card links its two to the map, filtered to them
    behind = page.locator("#tasks-behind")
    expect(behind).to_contain_text("Nhiệm vụ có dự án quá hạn" if lang == "vi" else "Actions with projects past due")
    assert behind.locator("a").all_inner_texts() == ["P8", "P1", "P2", "P3", "P4", "P5", "P6", "P7", "P9"]
    late = page.locator("#action-P8 a.past-due")
    expect(late).to_have_text("2 dự án quá hạn" if lang == "vi" else "2 projects past due")
    asked = parse_qs(urlsplit(late.get_attribute("href")).query)
    assert asked == {"lang": [lang], "plan": [TV], "plan_action": ["P8"], "schedule": ["past_due"]}
    assert page.locator("#action-P10 a.past-due").count() == 0  # completed: nothing behind
    assert problems == []


def _opened(page, server: str, lang: str, plan: str, after: str = "") -> None:
    """/monitoring on ``plan`` in ``lang``, this year, its tables drawn; ``after``: more of the address."""
    page.goto(f"{server}/monitoring?lang={lang}&plan={plan}&year={YEAR}{after}")
    page.locator("body[data-shown]").wait_for(state="attached", timeout=20_000)


def _shown_codes(page) -> list[str]:
    return page.locator("#tasks tr[data-code]:visible").evaluate_all("rows => rows.map((r) => r.dataset.code)")


def test_plan_148s_actions_are_folded_by_task_group_on_a_phone_and_a_group_or_a_link_opens_one(
    new_tab, server, monitoring, codes
):
    """Plan 148's 92 actions, a card each, made the phone page 29,254 px high: a planner could not find group 7's.
    Each task group is a header (a <details>, its state to keyboards and screen readers) saying its actions and its
    projects by status; a tap opens it, and so does a link of the owed reports to one of its actions."""
    page = new_tab(**PHONE)
    problems = watch(page)
    _opened(page, server, "vi", BL, "&agency=CM.STC")
    groups = page.locator("#tasks details")
    tops = [code for code in codes[BL] if "." not in code]
    assert [h.split(".")[0] for h in groups.locator("summary h3").all_inner_texts()] == tops
    assert page.locator("#tasks details[open]").count() == 0 and _shown_codes(page) == []
    # the section was 26,538 px high on a phone (its 18 headers, the note and the search box: about 1,800)
    assert page.locator("#tasks-box").bounding_box()["height"] < 3_000
    tasks = monitoring.client.get("/api/plan-actions", params={"plan": BL, "year": YEAR}).json()["tasks"]
    of_13 = [task for task in tasks if task["code"] == "13" or task["task_group"] == "13"]
    counts = groups.nth(12).locator("summary .counts")
    expect(counts).to_contain_text(f"{len(of_13) - 1} nhiệm vụ · {sum(t['projects'] for t in of_13)} dự án: ")
    by_status = Counter()
    for status in (s for task in of_13 for s in task["statuses"]):
        by_status[status["name_vi"]] += status["projects"]
    for name, n in by_status.items():
        expect(counts).to_contain_text(f"{name} {n}")
    # a group the plan's text held names no lead for: said so, not a bare "none"
    lead_of_3 = page.locator("#action-3 td").nth(2)
    assert lead_of_3.text_content() == "Kế hoạch không nêu cơ quan chủ trì (trong phần hệ thống đang lưu)"
    groups.nth(6).locator("summary").tap()
    expect(groups.nth(6)).to_have_attribute("open", "")
    assert _shown_codes(page) == [code for code in codes[BL] if code.split(".")[0] == "7"]
    page.locator("#owed a", has_text=re.compile(r"^4\.2$")).tap()  # the owed report's action, in its folded group
    expect(page.locator("#action-4\\.2")).to_be_in_viewport()
    assert page.url.endswith("#action-4.2") and groups.nth(3).get_attribute("open") == ""
    assert problems == []


def test_an_action_is_found_by_its_number_or_words_and_an_address_to_it_opens_its_group(new_tab, server, codes):
    page = new_tab(**DESKTOP)
    problems = watch(page)
    _opened(page, server, "en", BL, "#action-13.3")  # a link sent to a colleague
    expect(page.locator("#action-13\\.3")).to_be_in_viewport()
    opened = page.locator("#tasks details[open] summary h3").all_inner_texts()
    assert [h.split(".")[0] for h in opened] == ["13"]
    find = page.get_by_label("Find an action by its number or words")
    find.fill("8.5")
    expect(page.locator("#tasks-found")).to_have_text("1 action found. The groups holding them are open.")
    assert _shown_codes(page) == ["8.5"] and page.locator("#tasks details:visible").count() == 1
    find.fill("rac thai")  # Vietnamese words typed without diacritics, on the English page
    expect(page.locator("#tasks-found")).to_contain_text("actions found")
    found = _shown_codes(page)
    assert "13.3" in found and all(code.startswith("13.") for code in found), found
    find.fill("Hoà Bình")  # as the unit is named: 13.3 writes "Hòa Bình", the tone on the other vowel (trial 69)
    expect(page.locator("#tasks-found")).to_contain_text(re.compile(r"^\d+ actions? found"))
    assert "13.3" in _shown_codes(page)
    find.fill("zzz")
    expect(page.locator("#tasks-found")).to_contain_text("No action has the number or words “zzz”")
    assert _shown_codes(page) == []
    find.fill("")
    expect(page.locator("#tasks details")).to_have_count(len([code for code in codes[BL] if "." not in code]))
    assert page.locator("#tasks details:visible").count() == 18
    assert problems == []


def test_the_api_counts_each_tasks_projects_past_due_as_the_map_lists_them(monitoring):
    """ "Which plan actions are behind?" had no answer but the map filtered by schedule, pivoted in Excel (a trial
    planner's quarterly briefing): each task's projects past due are those the map lists for its action."""
    for plan in (TV, BL):
        listed = monitoring.client.get("/api/plan-actions", params={"plan": plan}).json()
        assert listed["schedule_on"] == vietnam_today().isoformat()
        for task in (task for task in listed["tasks"] if task["projects"]):
            asked = {"plan": plan, "plan_action": task["code"], "schedule": "past_due", "limit": 1}
            on_map = monitoring.client.get("/api/projects", params=asked).json()["numberMatched"]
            assert task["past_due"] == on_map, task["code"]
            assert sum(task[s] for s in ("past_due", "in_time", "closed", "undated")) == task["projects"], task
    tasks = monitoring.client.get("/api/plan-actions", params={"plan": TV}).json()["tasks"]
    assert {task["code"]: task["past_due"] for task in tasks if task["past_due"]} == {
        "P1": 1, "P2": 1, "P3": 1, "P4": 1, "P5": 1, "P6": 1, "P7": 1, "P8": 2, "P9": 1,
    }  # fmt: skip


def test_the_yearly_reports_csv_counts_each_actions_projects_past_due(monitoring, report):
    """The report's only "Quá hạn" was the agencies' reports not sent: an action's projects past due at its day (this
    year's: today) are those /monitoring counts, the whole plan's under them."""
    lines = list(csv.reader(io.StringIO(report(TV, "csv").decode("utf-8-sig")), delimiter=";"))
    said, header, *rows = takewhile(any, lines[lines.index(["Dự án quá hạn theo nhiệm vụ"]) + 1 :])
    assert said[0].startswith(f"Đến {vietnam_today():%d/%m/%Y}, 16 trong 22 dự án của kế hoạch quá hạn")
    late = header.index("Quá hạn, chưa xong")
    tasks = monitoring.client.get("/api/plan-actions", params={"plan": TV}).json()["tasks"]
    counted = {task["code"]: task["past_due"] for task in tasks if task["projects"]}
    assert {row[0]: int(row[late]) for row in rows if row[0]} == counted
    assert rows[-1][1] == "Cả kế hoạch" and rows[-1][late] == "16"


def test_the_api_lists_a_plans_tasks_and_refuses_an_unknown_plan(monitoring, codes):
    listed = monitoring.client.get("/api/plan-actions", params={"plan": TV, "year": YEAR}).json()
    tasks = {task["code"]: task for task in listed["tasks"]}
    assert list(tasks) == codes[TV]
    assert [a["code"] for a in tasks["A1"]["leads"]] == ["VL.STC"]
    assert tasks["A1"]["leads"][0]["formerly"][0]["code"] == "TV.SKHDT" and tasks["A1"]["projects"] == 0
    assert tasks["P6"]["projects"] == 1 and tasks["P6"]["leads"] == []
    sub = {
        task["code"]: task for task in monitoring.client.get("/api/plan-actions", params={"plan": BL}).json()["tasks"]
    }
    assert sub["1.1"]["from_group"] == "1" and sub["1"]["from_group"] is None
    refused = monitoring.client.get("/api/plan-actions", params={"plan": "1234/QĐ-UBND"})
    assert refused.status_code == 422 and "1099/QĐ-UBND" in refused.text
