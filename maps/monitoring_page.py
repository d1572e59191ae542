"""The yearly reporting page (/monitoring): what an agency owes for a plan and year, writing and sending its
reports, the focal agency's review and board, the plan's actions as a planner reads them (each with its agencies by
today's names, its projects and the year's reports), and, for the focal agency, the assignment of their agencies.

The page holds no inline script or style (a strict Content-Security-Policy can forbid them): its script and style
are files served beside it (/monitoring/page.js, /monitoring/page.css), and its labels travel in a data attribute.
It talks to the submissions and agencies APIs with the token typed in, or the browser session of /login, as the form
pages do; no token is kept in the browser.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from geo.annual_report import AS_GROUP, NO_PROJECT
from geo.annual_report_words import ASSIGN_LEADS, FORMERLY, NO_LEAD, SUCCESSOR_UNCERTAIN
from geo.submission_board import STATE_WORDS
from geo.vi_format import local_date, local_number
from geo.vocab import PROJECT_STATUSES, SUBMISSION_STATUSES, labels
from maps.status_import_page import STATUS_FILE_PAGE
from maps.texts import SESSION_WORDS

HERE = Path(__file__).parent
#: The page's script: how its requests say who sends them and who is logged in (shared with the form pages), then
#: its own.
SCRIPT = "".join(
    (HERE / name).read_text(encoding="utf-8")
    for name in ("static/dates_as_written.js", "page_login.js", "file_picker.js", "monitoring_page.js")
)
STYLE = "".join((HERE / name).read_text(encoding="utf-8") for name in ("monitoring_page.css", "file_picker.css"))
LABELS = {
    "vi": {
        "title": "Báo cáo hằng năm về kế hoạch tăng trưởng xanh",
        "other_lang": "English",
        "to_map": "Bản đồ dự án",
        "flagged": "Báo cáo cần kiểm tra",
        "flagged_to_review": "Báo cáo cần kiểm tra ({n} chưa kiểm tra)",
        "field_reports": "Báo cáo từ hiện trường",
        "status_file": STATUS_FILE_PAGE["vi"],
        "intro": "Cơ quan chủ trì viết và gửi báo cáo năm cho từng nhiệm vụ; cơ quan đầu mối trả lại hoặc tiếp nhận. "
        "Báo cáo đã tiếp nhận được khóa; sửa đổi là một lần báo cáo mới có nêu lý do.",
        "no_plan": "Chưa nạp kế hoạch nào vào cơ sở dữ liệu này, nên chưa có báo cáo hằng năm nào để viết, duyệt hay "
        "tải về. Quản trị viên nạp các kế hoạch bằng lệnh {load} (cơ sở dữ liệu đã nạp {load_units}: chạy lại "
        "lệnh không có {only}); xem hướng dẫn cho quản trị viên "
        "(docs/administrator.md).",
        "token": "Mã truy cập (token) của tài khoản — để trống nếu đã đăng nhập",
        "plan": "Kế hoạch",
        "year": "Năm báo cáo",
        "agency": "Cơ quan",
        "plan_of": "{code} — {province}",
        "now_in": "{province} (nay là {now})",
        "agencies_now": "Cơ quan hiện nay",
        "agencies_former": "Cơ quan trước khi sáp nhập (báo cáo cũ)",
        "valid_until": "đến {end}",
        "valid_between": "{start}–{end}",
        "show": "Xem",
        "owed": "Các báo cáo cơ quan phải gửi",
        "board": "Tình hình báo cáo của các cơ quan",
        "tasks": "Nhiệm vụ của kế hoạch",
        "to_tasks": "Các nhiệm vụ của kế hoạch: cơ quan chủ trì, phối hợp, dự án và báo cáo năm",
        "tasks_find": "Tìm nhiệm vụ theo số hoặc từ ngữ",
        "leads": ASSIGN_LEADS.vi,
        "values": "Số liệu chỉ tiêu cơ quan phải nhập cho năm báo cáo",
        "write": "Viết báo cáo",
        "results": "Kết quả thực hiện",
        "obstacles": "Khó khăn, vướng mắc",
        "proposals": "Đề xuất giải pháp",
        "theirs": "Bản người khác vừa lưu (phần bạn gõ vẫn ở trong các ô trên)",
        "reason": "Lý do sửa đổi (khi báo cáo đã được tiếp nhận)",
        "save": "Lưu dự thảo",
        "send": "Gửi báo cáo",
        "review": "Báo cáo",
        "comment": "Ý kiến khi trả lại (cơ quan cần bổ sung, sửa gì)",
        "report_files": "Báo cáo tổng hợp của kế hoạch trong năm",
        "report_files_note": "Từ các báo cáo đã được tiếp nhận, các chỉ tiêu và tiến độ dự án đến cuối năm (hoặc đến "
        "hôm nay), kèm bản đồ tiến độ:",
        "report_files_other": "Bản tiếng Anh (cho nhà tài trợ, đối tác quốc tế):",
        "report_files_districts": "Theo huyện cũ (ranh giới trước 01/07/2025) thay vì theo xã, phường mới:",
        "js": {
            "action": "Nhiệm vụ",
            "task": "Nội dung",
            "state": "Tình trạng",
            "version": "Lần",
            "due": "Hạn",
            "no_due": "Kế hoạch không nêu ngày",
            "year_over": "năm đã hết, báo cáo chưa gửi là quá hạn",
            "outside_period": "Năm này ngoài kỳ của kế hoạch ({first}–{last}): các cơ quan chủ trì vẫn báo cáo năm về "
            "các nhiệm vụ, vì tỉnh vẫn theo dõi các dự án của kế hoạch; các báo cáo dưới đây là báo cáo phải gửi.",
            "agency": "Cơ quan",
            "on_time": "Tỷ lệ đúng hạn",
            "no_rate": "chưa có (chưa gửi, chưa đến hạn)",
            "lead": "Chủ trì",
            "partners": "Phối hợp",
            "open": "Mở",
            "assign": "Lưu phân công",
            "leads_note": "Cơ quan chủ trì, phối hợp trong năm {year}. Lưu phân công thì phân công mới áp dụng từ năm "
            "{year} trở đi; các năm trước giữ nguyên cơ quan đã phải báo cáo.",
            "assigned_from": "Đã giao lại cơ quan cho nhiệm vụ {action}, áp dụng từ năm {year}.",
            "held_by": "{code} nay là {now}",
            "tasks_note": "Theo thứ tự của kế hoạch. Cơ quan chủ trì, phối hợp trong năm {year}, ghi theo tên cơ quan "
            "hiện nay; cơ quan kế hoạch đã giao mà nay đã sáp nhập ghi ở dưới. Dự án: các dự án của nhiệm vụ cơ sở dữ "
            "liệu đang lưu, theo tình trạng hiện nay.",
            "no_lead_note": "«Kế hoạch không nêu cơ quan chủ trì»: phần văn bản kế hoạch hệ thống đang lưu không "
            "giao nhiệm vụ hay nhóm nhiệm vụ đó cho cơ quan nào; nếu kế hoạch giao ở một phụ lục hệ thống chưa có, cơ "
            "quan đầu mối nhập phân công ở mục «Giao cơ quan chủ trì, phối hợp».",
            "tasks_folded": "Các nhiệm vụ gộp theo nhóm nhiệm vụ của kế hoạch: chạm hoặc bấm vào một nhóm để mở hoặc "
            "gập lại.",
            "find_example": "ví dụ {code} hoặc rác thải",
            "n_task": "{n} nhiệm vụ",
            "n_tasks": "{n} nhiệm vụ",
            "no_projects": "chưa có dự án trong cơ sở dữ liệu",
            "project_statuses": [t.code for t in PROJECT_STATUSES],
            "found_one": "Tìm thấy 1 nhiệm vụ.",
            "found": "Tìm thấy {n} nhiệm vụ.",
            "groups_opened": "Nhóm chứa nhiệm vụ tìm thấy đã mở.",
            "found_none": "Không có nhiệm vụ nào có số hoặc từ ngữ «{typed}»: hãy gõ số của một nhiệm vụ (như {code}) "
            "hoặc từ ngữ khác trong tên nhiệm vụ, tên cơ quan; có dấu hay không dấu đều được.",
            "output": "Sản phẩm",
            "projects": "Dự án trong cơ sở dữ liệu",
            "reports_of": "Báo cáo năm {year}",
            "n_projects": "{n} dự án",
            "n_project": "{n} dự án",
            "on_map": "Xem trên bản đồ",
            # the projects not finished after the year due (geo.schedule), a link to the map listing them
            "n_past_due": "{n} dự án quá hạn",
            "n_past_due_one": "{n} dự án quá hạn",
            "behind": "Nhiệm vụ có dự án quá hạn (chưa xong khi đã qua năm phải hoàn thành, tính đến {day}), nhiều "
            "nhất trước:",
            "behind_none": "Không nhiệm vụ nào có dự án quá hạn (chưa xong khi đã qua năm phải hoàn thành, tính đến "
            "{day}).",
            "no_project": NO_PROJECT["vi"],
            # an action or task group the plan's text, as the registry holds it, gives no agency: said as the yearly
            # report says it; "Không có" read as a gap in the plan, "the plan names none" said more than is known
            "no_lead": NO_LEAD.vi,
            "as_group": AS_GROUP["vi"],
            "no_partners": "Kế hoạch không nêu cơ quan phối hợp (trong phần hệ thống đang lưu)",
            "no_report": "Không có báo cáo phải gửi",
            "formerly": FORMERLY.vi,
            "return": "Trả lại",
            "accept": "Tiếp nhận",
            "lock": "Khóa",
            "read": "Đọc",
            "step_done": {"return": "Đã trả lại báo cáo", "accept": "Đã tiếp nhận báo cáo", "lock": "Đã khóa báo cáo"},
            "read_review": "Đọc và xem xét",
            "to_do": "Thao tác",
            "sent_by": "gửi ngày {day}, người lập {who}",
            "returned_before": "Lần trước cơ quan đầu mối trả lại với ý kiến",
            "no_comment": "Hãy ghi ý kiến: cơ quan cần bổ sung, sửa gì.",
            "saved": "Đã lưu",
            "kept_yours": "Phần bạn gõ vẫn ở trong các ô; bản họ vừa lưu ở ngay dưới: hãy gộp hai bản rồi bấm Lưu hoặc "
            "Gửi lại.",
            "sent": "Đã gửi báo cáo",
            "done": "Đã cập nhật",
            "none": "Không có báo cáo phải gửi.",
            "login": "Hãy đăng nhập (/login) hoặc dán mã truy cập của một tài khoản có quyền.",
            "uncertain": f"⚠ {SUCCESSOR_UNCERTAIN.vi}",
            "sent_late": "gửi sau hạn, ngày {day}",
            "indicator": "Chỉ tiêu",
            "unit": "Đơn vị tính",
            "value": "Giá trị đã nhập",
            "new_value": "Giá trị mới",
            "source": "Nguồn số liệu",
            "why": "Lý do sửa (nếu đã có giá trị)",
            "enter": "Nhập",
            "no_source": "hãy ghi nguồn của số liệu (niên giám thống kê, điều tra, …).",
            "year": "Năm báo cáo",
            "years": "chọn một năm từ 2000 đến",
            "review_comment": "Ý kiến của cơ quan đầu mối khi trả lại",
            "blank": "hãy nhập một số (ví dụ 1,05).",
            "not_number": "không phải là số; viết ví dụ 1,05 hoặc 14.426,5.",
            "evidence": "Tệp minh chứng (không bắt buộc)",
            "choose_file": "Chọn tệp minh chứng",
            "no_file": "chưa chọn tệp",
            "no_values": "Cơ quan không phụ trách chỉ tiêu nào của kế hoạch trong năm này.",
            "yours_to_others": "Bạn đã gửi báo cáo này: người khác xem xét (một tài khoản khác của cơ quan đầu mối, "
            "hoặc quản trị viên).",
            "waiting_review": "Báo cáo đã gửi, đang chờ cơ quan đầu mối xem xét: chỉ xem được, chưa sửa được.",
            "states": STATE_WORDS["vi"],
            # the board's count of reports owed and not late, as the agency's own rows say it (they said "Phải báo
            # cáo" where the board said "Chưa đến hạn", which a plan naming no due day never is)
            "not_yet_due": STATE_WORDS["vi"]["owed"],
            "statuses": labels(SUBMISSION_STATUSES, "vi"),
        },
    },
    "en": {
        "title": "Yearly reports on the green-growth plans",
        "other_lang": "Tiếng Việt",
        "to_map": "Projects map",
        "flagged": "Reports to check",
        "flagged_to_review": "Reports to check ({n} not reviewed yet)",
        "field_reports": "Reports from the field",
        "status_file": STATUS_FILE_PAGE["en"],
        "intro": "Lead agencies write and send a yearly report on each of their actions; the focal agency returns or "
        "accepts it. Accepted reports are locked; a correction is a new version with a reason.",
        "no_plan": "No plan is loaded in this registry yet, so there is no yearly report to write, review or download. "
        "An administrator loads the plans with {load} (a registry loaded with {load_units}: run it again without "
        "{only}); see the administrators' guide (docs/administrator.md).",
        "token": "Your account's access token — empty when logged in",
        "plan": "Plan",
        "year": "Reporting year",
        "agency": "Agency",
        "plan_of": "{code} — {province}",
        "now_in": "{province} (now {now})",
        "agencies_now": "Agencies today",
        "agencies_former": "Agencies before the mergers (past reports)",
        "valid_until": "until {end}",
        "valid_between": "{start}–{end}",
        "show": "Show",
        "owed": "Reports the agency owes",
        "board": "Reporting board of the agencies",
        "tasks": "The plan's actions",
        "to_tasks": "The plan's actions: lead and partner agencies, projects and the year's reports",
        "tasks_find": "Find an action by its number or words",
        "leads": ASSIGN_LEADS.en,
        "values": "Indicator values the agency enters for the reporting year",
        "write": "Write the report",
        "results": "Results",
        "obstacles": "Obstacles",
        "proposals": "Proposed solutions",
        "theirs": "The version someone else has just saved (what you typed is still in the fields above)",
        "reason": "Reason for the correction (once a report was accepted)",
        "save": "Save the draft",
        "send": "Send the report",
        "review": "Report",
        "comment": "Comment for returning it (what the agency should add or change)",
        "report_files": "The plan's consolidated report for the year",
        "report_files_note": "From the accepted reports, the indicators and the projects' progress at the year's end "
        "(or today), with the progress map, in English:",
        "report_files_other": "In Vietnamese (the administrative document the department files):",
        "report_files_districts": "By former district (boundaries before 1 July 2025) instead of the 2025 communes:",
        "js": {
            "action": "Action",
            "task": "Task",
            "state": "State",
            "version": "Version",
            "due": "Due",
            "no_due": "The plan names no day",
            "year_over": "the year is over, reports not sent are late",
            "outside_period": "This year lies outside the plan's period ({first}–{last}): the lead agencies still "
            "report on its actions every year, as the province goes on following the plan's projects; the reports "
            "below are owed.",
            "agency": "Agency",
            "on_time": "On-time rate",
            "no_rate": "none yet (nothing sent or due)",
            "lead": "Lead",
            "partners": "Partners",
            "open": "Open",
            "assign": "Save",
            "leads_note": "The lead and partner agencies in {year}. A saved assignment holds from {year} on; the years "
            "before keep the agencies that owed their reports.",
            "assigned_from": "Agencies of action {action} assigned from {year} on.",
            "held_by": "{code} is now {now}",
            "tasks_note": "In the plan's order. Lead and partner agencies in {year}, by today's names; an agency the "
            "plan named, merged away since, is given beneath. Projects: the action's projects the registry holds, "
            "by their status today.",
            "no_lead_note": "“The plan names no lead agency”: the plan's text the registry holds gives that action "
            "or task group to no agency; where the plan gives it in an appendix the registry lacks, the focal agency "
            "enters the assignment under “Assign the actions' lead and partner agencies”.",
            "tasks_folded": "The actions are folded by the plan's task groups: tap or click a group to open or close "
            "it.",
            "find_example": "e.g. {code} or solid waste",
            "n_task": "{n} action",
            "n_tasks": "{n} actions",
            "no_projects": "no project in the registry",
            "project_statuses": [t.code for t in PROJECT_STATUSES],
            "found_one": "1 action found.",
            "found": "{n} actions found.",
            "groups_opened": "The groups holding them are open.",
            "found_none": "No action has the number or words “{typed}”: type an action's number (such as {code}) or "
            "other words of its title or its agencies' names, with or without diacritics.",
            "output": "Expected output",
            "projects": "Projects in the registry",
            "reports_of": "Reports for {year}",
            "n_projects": "{n} projects",
            "n_project": "{n} project",
            "on_map": "See on the map",
            "n_past_due": "{n} projects past due",
            "n_past_due_one": "{n} project past due",
            "behind": "Actions with projects past due (not finished after the year they were due, as of {day}), most "
            "first:",
            "behind_none": "No action has a project past due (not finished after the year it was due, as of {day}).",
            "no_project": NO_PROJECT["en"],
            "no_lead": NO_LEAD.en,
            "as_group": AS_GROUP["en"],
            "no_partners": "The plan names no partner agency (in what the registry holds of it)",
            "no_report": "No report owed",
            "formerly": FORMERLY.en,
            "return": "Return",
            "accept": "Accept",
            "lock": "Lock",
            "read": "Read",
            "step_done": {"return": "Report returned", "accept": "Report accepted", "lock": "Report locked"},
            "read_review": "Read and review",
            "to_do": "Actions",
            "sent_by": "sent {day}, written by {who}",
            "returned_before": "Returned before with the comment",
            "no_comment": "Write the comment: what the agency should add or change.",
            "saved": "Saved",
            "kept_yours": "What you typed is still in the fields; their version is just below: merge the two, then "
            "Save or Send again.",
            "sent": "Report sent",
            "done": "Updated",
            "none": "No report owed.",
            "login": "Log in (/login), or paste the token of an account allowed to do this.",
            "uncertain": f"⚠ {SUCCESSOR_UNCERTAIN.en}",
            "sent_late": "sent after the due day, on {day}",
            "indicator": "Indicator",
            "unit": "Unit",
            "value": "Value entered",
            "new_value": "New value",
            "source": "Source",
            "why": "Reason for a correction (if a value exists)",
            "enter": "Enter",
            "no_source": "say where the value comes from (a statistical yearbook, a survey, …).",
            "year": "Reporting year",
            "years": "choose a year from 2000 to",
            "review_comment": "The focal agency's comment on returning it",
            "blank": "type a number (e.g. 1.05).",
            "not_number": "is not a number; write e.g. 1.05 or 14,426.5.",
            "evidence": "Evidence file (optional)",
            "choose_file": "Choose an evidence file",
            "no_file": "no file chosen",
            "no_values": "The agency answers for none of the plan's indicators this year.",
            "yours_to_others": "You sent this report: someone else reviews it (another account of the focal "
            "department, or an admin).",
            "waiting_review": "Sent, waiting for the focal department's review: it can be read, not edited, until then"
            ".",
            "states": STATE_WORDS["en"],
            "not_yet_due": STATE_WORDS["en"]["owed"],
            "statuses": {t.code: t.en for t in SUBMISSION_STATUSES},
        },
    },
}

PAGE = """<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="stylesheet" href="/monitoring/page.css">
{script}</head>
<body data-labels="{labels}" data-lang="{lang}">
<header class="bar"><h1>{title}</h1><nav><a href="/?lang={lang}">{to_map}</a>
  <a href="/status-reports?lang={lang}">{field_reports}</a>
  <a href="/status-imports?lang={lang}">{status_file}</a>
  <a href="/status-reports/flagged?lang={lang}">{flagged}</a>
  <a id="other-lang" href="/monitoring?lang={other}">{other_lang}</a></nav></header>
<p class="muted">{intro}</p>
"""
WORK = """<label for="token">{token}</label>
<input id="token" type="password" autocomplete="off" placeholder="grt_…">
<div class="grid">
  <div><label for="plan">{plan}</label><select id="plan">{plans}</select>
    <div id="plan-whole" class="whole" hidden></div></div>
  <div><label for="year">{year}</label><input id="year" type="number" min="2000" max="2100" value="{this_year}"></div>
  <div class="agency"><label for="agency">{agency}</label><select id="agency">{agencies_shown}</select>
    <template id="agencies">{agencies}</template>
    <div id="agency-whole" class="whole" hidden></div></div>
</div>
<button id="show" type="button">{show}</button>
<p class="muted"><a href="#tasks-box">{to_tasks}</a></p>
<div id="message" role="status"></div>
<h2>{owed}</h2>
<p id="due" class="muted"></p>
<table id="owed"></table>
<form id="editor" hidden>
  <h2>{write}: <span id="editing"></span></h2>
  <p id="review-comment" class="error" hidden></p>
  <label for="results">{results}</label><textarea id="results" rows="5" required></textarea>
  <label for="obstacles">{obstacles}</label><textarea id="obstacles" rows="3"></textarea>
  <label for="proposals">{proposals}</label><textarea id="proposals" rows="3"></textarea>
  <div id="theirs" hidden><h3>{theirs}</h3><dl id="theirs-text"></dl></div>
  <label for="reason">{reason}</label><input id="reason">
  <div class="buttons"><button id="save" type="submit">{save}</button>
  <button id="send" type="button">{send}</button></div>
</form>
<section id="review" hidden>
  <h2>{review}: <span id="reviewing"></span></h2>
  <p id="review-by" class="muted"></p>
  <p id="review-earlier" class="note" hidden></p>
  <p id="review-own" class="note" hidden></p>
  <dl id="review-text"></dl>
  <div id="review-steps">
    <label for="return-comment">{comment}</label><textarea id="return-comment" rows="3"></textarea>
    <div class="buttons"><button id="do-return" type="button">{return_it}</button>
    <button id="do-accept" type="button">{accept_it}</button></div>
  </div>
</section>
<h2>{values}</h2>
<table id="values"></table>
<h2>{report_files}</h2>
<p class="muted">{report_files_note}
  <a id="report-docx" href="#">Word (DOCX)</a> · <a id="report-xlsx" href="#">Excel (XLSX)</a> ·
  <a id="report-html" href="#">HTML</a> · <a id="report-csv" href="#">CSV</a></p>
<p class="muted">{report_files_other}
  <a id="report-other-docx" href="#">Word (DOCX)</a> · <a id="report-other-xlsx" href="#">Excel (XLSX)</a> ·
  <a id="report-other-html" href="#">HTML</a> · <a id="report-other-csv" href="#">CSV</a></p>
<p class="muted">{report_files_districts}
  <a id="report-districts-docx" href="#">Word (DOCX)</a> · <a id="report-districts-xlsx" href="#">Excel (XLSX)</a> ·
  <a id="report-districts-html" href="#">HTML</a> · <a id="report-districts-csv" href="#">CSV</a></p>
<h2>{board}</h2>
<p id="board-note" class="muted" hidden></p>
<table id="board"></table>
<section id="tasks-box"><h2>{tasks}</h2>
<p id="tasks-note" class="muted"></p>
<p id="tasks-behind"></p>
<label for="tasks-find">{tasks_find}</label>
<input id="tasks-find" type="search" autocomplete="off" aria-describedby="tasks-found">
<p id="tasks-found" class="muted" role="status"></p>
<div id="tasks"></div>
</section>
<details id="leads-box" hidden><summary><h2>{leads}</h2></summary>
<p id="leads-note" class="muted"></p>
<table id="leads"></table>
</details>
"""
#: What the page says instead of its boxes and report links when no plan is loaded (trial 72: a raw English refusal
#: in red, and links to reports that could not be made).
NO_PLAN = """<p id="no-plan" class="note">{no_plan}</p>
"""
#: The commands the note names, each a <code> kept on one line (a phone broke "georeg load-sample" at its hyphen).
NO_PLAN_COMMANDS = {
    "load": "<code>georeg load-sample</code>",
    "load_units": "<code>georeg load-sample --only units</code>",
    "only": "<code>--only</code>",
}
END = "</body>\n</html>\n"
SCRIPT_TAG = '<script src="/monitoring/page.js" defer></script>\n'


@dataclass(frozen=True)
class AgencyChoice:
    """An agency as the page offers it: its name (with its province), the plans it is an agency of
    (geo.agencies.plans_of_agencies), its validity, and whether it exists today."""

    name: str
    plans: list[str]
    valid_from: date | None
    valid_to: date | None
    current: bool

    def in_year(self, year: int) -> bool:
        """Whether the agency existed in ``year`` (the page's period), as static/monitoring_page.js reads it too."""
        return (self.valid_from is None or self.valid_from.year <= year) and (
            self.valid_to is None or self.valid_to.year >= year
        )


def build_monitoring_page(
    lang: str,
    plans: dict[str, tuple[int, list[str], list[str]]],
    agencies: dict[str, AgencyChoice],
    to_review: int = 0,
) -> str:
    """The page in ``lang``; ``plans`` maps codes to the year each opens on (geo.submissions.reporting_year), its
    province's codes (its own, and today's it was merged into) and their names, ``agencies`` codes to what the page
    offers of each (in the order listed: today's first, under a heading of their own, then the former ones); the box
    offers those of the plan shown that existed in the year shown (the first plan's as served), and of them those
    owing it something. ``to_review``: the reports flagged to check that no reviewer has checked yet, counted in the
    header's link to them (a supervisor had to open the list to know)."""
    labels = LABELS[lang]
    texts = {key: html.escape(value) for key, value in labels.items() if isinstance(value, str)}
    if to_review:
        texts["flagged"] = html.escape(labels["flagged_to_review"].format(n=local_number(to_review, lang)))
    if not plans:  # nothing to write, review or download: no boxes, no report links, no script asking for them
        texts["no_plan"] = texts["no_plan"].format(**NO_PLAN_COMMANDS)
        return (PAGE + NO_PLAN + END).format(
            lang=lang, other="en" if lang == "vi" else "vi", script="", labels="{}", **texts
        )
    return (PAGE + WORK + END).format(
        lang=lang,
        script=SCRIPT_TAG,
        other="en" if lang == "vi" else "vi",
        labels=html.escape(json.dumps(labels["js"] | _field_names(labels, lang), ensure_ascii=False), quote=True),
        plans="".join(
            f'<option value="{html.escape(code)}" data-year="{year}" '
            f'data-provinces="{html.escape(" ".join(provinces))}">{html.escape(_plan_label(code, names, labels))}'
            "</option>"
            for code, (year, provinces, names) in plans.items()
        ),
        agencies=_agency_options(agencies, labels, lang),
        agencies_shown=_agency_options(_of_plan(agencies, plans), labels, lang),
        this_year=next(iter(plans.values()), (2025, None))[0],
        return_it=html.escape(labels["js"]["return"]),
        accept_it=html.escape(labels["js"]["accept"]),
        **texts,
    )


def _plan_label(code: str, provinces: list[str], labels: dict[str, object]) -> str:
    """A plan as its box offers it: its number and province, and the province it was merged into ("148/QĐ-UBND —
    Bạc Liêu (now Cà Mau)"); the numbers alone did not say which plan was whose."""
    if not provinces:
        return code
    province = provinces[0]
    if len(provinces) > 1:
        province = str(labels["now_in"]).format(province=province, now=", ".join(provinces[1:]))
    return str(labels["plan_of"]).format(code=code, province=province)


def _of_plan(
    agencies: dict[str, AgencyChoice], plans: dict[str, tuple[int, list[str], list[str]]]
) -> dict[str, AgencyChoice]:
    """The agencies of the page's first plan in its year: those the box holds before the script narrows it."""
    plan, (year, _, _) = next(iter(plans.items()), ("", (0, [], [])))
    return {code: a for code, a in agencies.items() if plan in a.plans and a.in_year(year)}


def _agency_options(agencies: dict[str, AgencyChoice], labels: dict[str, object], lang: str) -> str:
    """The agencies as options, today's and the former ones (merged in 2025) each under its heading, a former one
    with its validity ("đến 30/06/2025"): the plans and years each is offered for in its data."""
    groups = []
    for current, heading in ((True, labels["agencies_now"]), (False, labels["agencies_former"])):
        options = "".join(
            f'<option value="{html.escape(code)}" data-plans="{html.escape(" ".join(a.plans))}" '
            f'data-from="{a.valid_from or ""}" data-to="{a.valid_to or ""}">'
            f"{html.escape(a.name)} ({html.escape(code)}){_validity(a, labels, lang)}</option>"
            for code, a in agencies.items()
            if a.current is current
        )
        if options:
            groups.append(f'<optgroup label="{html.escape(str(heading))}">{options}</optgroup>')
    return "".join(groups)


def _validity(agency: AgencyChoice, labels: dict[str, object], lang: str) -> str:
    """ " — đến 30/06/2025" after a former agency (" — 01/03/2025–30/06/2025" for one that began in the time); nothing
    for one that exists today."""
    if agency.current or agency.valid_to is None:
        return ""
    end = local_date(agency.valid_to, lang)
    if agency.valid_from is None:
        return " — " + html.escape(str(labels["valid_until"]).format(end=end))
    return " — " + html.escape(str(labels["valid_between"]).format(start=local_date(agency.valid_from, lang), end=end))


def _field_names(labels: dict[str, object], lang: str) -> dict[str, object]:
    """What the script names beside its own words: the report's fields (another officer's version is shown under
    them) and the session's words."""
    return {key: labels[key] for key in ("results", "obstacles", "proposals")} | {"session": SESSION_WORDS[lang]}
