// The yearly reporting page (/monitoring, maps/monitoring_page.py): owed reports, the editor, review, the board, leads.
"use strict";
const $ = (id) => document.getElementById(id);
const T = JSON.parse(document.body.dataset.labels);
const LANG = document.body.dataset.lang;
const NUMBER = new Intl.NumberFormat(LANG === "vi" ? "vi-VN" : "en-GB", { maximumFractionDigits: 1 });
// A percent with one decimal always, as every progress figure is written (geo.vi_format.local_percent): the board's
// on-time rates read "100 %" beside "33,3 %" (trial 72)
const PERCENT = new Intl.NumberFormat(LANG === "vi" ? "vi-VN" : "en-GB",
  { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const VALUE = new Intl.NumberFormat(LANG === "vi" ? "vi-VN" : "en-GB", { maximumFractionDigits: 3 });
let editing = null; // {action, submission (the latest, or null)}
let reviewing = null; // the submission the reviewer has open (openReview)
let rights = { review: false, report: false, account: null }; // what the caller may do (GET /api/submissions/rights)
let ownAgency = null; // the caller's own agency, chosen when it owes something under the plan shown
let shown = 0; // the latest show(): answers to an earlier one are dropped
const EN = LANG === "en";

// auth() and showSession(): maps/page_login.js, served before this script.

function say(text, ok) {
  $("message").textContent = text;
  $("message").className = ok ? "ok" : "error";
  $("message").scrollIntoView({ block: "nearest" }); // on a phone the buttons are far below it
}
function detail(body) {
  const d = body && body.detail;
  if (!d) return "";
  if (typeof d === "string") return d;
  return Array.isArray(d) ? d.map((e) => `${e.loc.slice(-1)}: ${e.msg}`).join("; ") : JSON.stringify(d);
}
async function call(method, url, body) {
  const headers = auth();
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const data = await response.json();
  if (!response.ok) {
    const why = detail(data) || `HTTP ${response.status}`;
    const refused = response.status === 401 || response.status === 403;
    const error = new Error(refused ? loginRefused(response, why, T.login) : why);
    error.status = response.status;
    throw error;
  }
  return data;
}
async function upload(url, file) {
  const form = new FormData();
  form.append("file", file);
  const response = await fetch(url, { method: "POST", headers: auth(), body: form });
  if (!response.ok) throw new Error(detail(await response.json()) || `HTTP ${response.status}`);
}
// A number as typed: one separator is the decimal mark ("1,05", "1.05"); more are thousands groups ("1.234,5",
// "1,234.5"). The same rules as geo/vi_format.py parse_decimal; null for anything else.
function parseNumber(text) {
  const typed = text.replace(/\s/g, "");
  if (/^[+-]?\d+([.,]\d+)?$/.test(typed)) return Number(typed.replace(",", "."));
  if (/^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$/.test(typed)) return Number(typed.replace(/\./g, "").replace(",", "."));
  if (/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(typed)) return Number(typed.replace(/,/g, ""));
  return null;
}
function query(extra) {
  const params = new URLSearchParams({ plan: $("plan").value, year: $("year").value, ...extra });
  return params.toString();
}
// A table (an element, or its id) of ``rows`` under ``heads``; its data rows are returned.
function table(id, heads, rows) {
  const t = typeof id === "string" ? $(id) : id;
  t.replaceChildren();
  if (heads.some(Boolean)) { // a table of one message has no heading row
    const head = t.insertRow();
    head.className = "head"; // hidden on a phone, where each row shows its headings
    for (const h of heads) {
      const th = document.createElement("th");
      th.textContent = h;
      head.appendChild(th);
    }
  }
  return rows.map((cells) => {
    const row = t.insertRow();
    for (const [i, c] of cells.entries()) {
      const td = row.insertCell();
      td.dataset.head = heads[i]; // shown before the value on a phone, where rows become cards
      if (c instanceof Node) td.appendChild(c);
      else td.textContent = c === null || c === undefined ? "" : String(c);
    }
    return row;
  });
}
function button(text, action) {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = text;
  b.addEventListener("click", () => action().catch((error) => say(error.message, false)));
  return b;
}
// An indicator value's refusal, said under its row's value and marking the field it is about (trial 50: the message
// came at the top of the page, a screen away, the row unmarked); what was typed stays.
function fieldError(field, text) {
  return Object.assign(new Error(text), { field });
}
function rowButton(text, problem, fields, action) {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = text;
  b.addEventListener("click", () => {
    problem.hidden = true;
    for (const f of fields) {
      f.removeAttribute("aria-invalid");
      f.removeAttribute("aria-describedby");
    }
    action().catch((error) => {
      const field = error.field || fields[0];
      problem.textContent = error.message;
      problem.hidden = false;
      if (error.field) field.setAttribute("aria-invalid", "true");
      field.setAttribute("aria-describedby", problem.id);
      field.focus();
      problem.scrollIntoView({ block: "nearest" });
    });
  });
  return b;
}
function group(...buttons) {
  const span = document.createElement("span");
  span.className = "buttons";
  buttons.forEach((b) => span.appendChild(b));
  return span;
}

// The year's due day, or that the plan names none (its reports late once the year is over), and a year outside the
// plan's period said so: plan 1099 (2017–2020) opened on 2026 as if it ran on.
// Its reports are still owed, and it says why (trial 50: "outside the period" over 35 reports "Not sent" read as a
// contradiction); the board repeats it.
function outsidePeriod(owed) {
  const [first, last] = owed.period;
  const outside = owed.year < first || owed.year > last;
  return outside ? T.outside_period.replace("{first}", first).replace("{last}", last) : "";
}
function dueLine(owed) {
  const due = owed.due ? dateAsWritten(owed.due, LANG) : T.no_due + (owed.overdue ? `; ${T.year_over}` : "");
  const outside = outsidePeriod(owed);
  return `${T.due}: ${due}` + (outside ? `. ${outside}` : "");
}
async function showOwed(turn) {
  const agency = $("agency").value;
  const owed = await call("GET", `/api/submissions/owed?${query({ agency })}`);
  const listed = await call("GET", `/api/submissions?${query({ agency })}`);
  if (turn !== shown) return;
  const latest = {};
  for (const s of listed.submissions) latest[s.action] = s;
  $("due").textContent = dueLine(owed);
  if (!owed.duties.length) {  // said, not an empty table under its headings
    table("owed", [""], [[T.none]]);
    return;
  }
  const rows = owed.duties.map((d) => {
      const s = latest[d.action] || null;
      const state = s ? T.statuses[s.status] : T.states[d.state];
      const actions = rights.report ? [button(T.open, async () => openEditor(d, s))] : [];
      // the focal department reads a sent report before it returns or accepts it, in the panel under the table; the
      // one who sent it only reads it: someone else reviews it (a trial's editor accepted his own)
      const toReview = s && s.status === "submitted" && !sentByCaller(s);
      if (rights.review && s && s.status !== "draft") {
        actions.push(button(toReview ? T.read_review : T.read, async () => openReview(d, s)));
      }
      if (rights.review && s && s.status === "submitted" && !toReview) {
        actions.push(Object.assign(document.createElement("span"), { className: "muted", textContent: T.yours_to_others }));
      }
      if (rights.review && s && s.status === "accepted") actions.push(button(T.lock, () => review(s, "lock")));
      const title = withDoubt(element("div", "", EN ? d.title_en : d.title_vi), d.certain);
      const returned = s && s.status === "returned" && s.review_comment;
      // sent after the due day: said beside its state, as the board counts it (a trial's reviewer read "Sent" alone)
      const late = s && s.status !== "draft" && owed.due && d.first_sent_at && !d.on_time;
      const sent = late ? `${state} (${T.sent_late.replace("{day}", dateAsWritten(d.first_sent_at, LANG))})` : state;
      const stateCell = returned ? `${sent} — ${T.review_comment}: ${s.review_comment}` : sent;
      return [actionLink(d.action), title, stateCell, s ? s.version : "", actions];
  });
  // the buttons' column headed, and only when a row has some (a viewer's was an empty column without a heading)
  const acting = rows.some((row) => row[4].length);
  table(
    "owed",
    [T.action, T.task, T.state, T.version, ...(acting ? [T.to_do] : [])],
    rows.map((row) => (acting ? [...row.slice(0, 4), group(...row[4])] : row.slice(0, 4))),
  );
}
function sentByCaller(submission) {
  return Boolean(submission.submitted_by && submission.submitted_by === rights.account);
}
function openEditor(duty, submission) {
  editing = { action: duty.action, submission };
  $("editing").textContent = `${duty.action} — ${EN ? duty.title_en : duty.title_vi}`;
  for (const key of ["results", "obstacles", "proposals"]) $(key).value = submission ? submission[key] : "";
  $("reason").value = "";
  $("theirs").hidden = true;
  const comment = submission && submission.status === "returned" ? submission.review_comment : "";
  $("review-comment").textContent = comment ? `${T.review_comment}: ${comment}` : "";
  $("review-comment").hidden = !comment;
  // a sent report is read, not edited, until the focal department returns or accepts it
  const waiting = Boolean(submission && submission.status === "submitted");
  for (const key of ["results", "obstacles", "proposals", "reason"]) $(key).readOnly = waiting;
  $("save").disabled = $("send").disabled = waiting;
  $("editor").hidden = false;
  if (waiting) say(T.waiting_review, true);
  else $("results").focus();
}
async function save() {
  const content = { results: $("results").value, obstacles: $("obstacles").value, proposals: $("proposals").value };
  const open = editing.submission && ["draft", "returned"].includes(editing.submission.status);
  // as read: refused (409, its message said) if someone saved the report since, not written over their edit
  const read = editing.submission && editing.submission.updated_at;
  const saved = open
    ? await call("PATCH", `/api/submissions/${editing.submission.id}`, { ...content, updated_at: read })
    : await call("POST", "/api/submissions", {
        ...content, plan: $("plan").value, action: editing.action, year: Number($("year").value),
        reason: $("reason").value || null, agency: $("agency").value,
      });
  editing.submission = saved;
  return saved;
}
// A save or send refused because someone saved the report since it was opened (409): what the officer typed stays in
// the fields, their version is shown under it, and the next save is made on their version, so neither is lost.
// A new report refused because a colleague started one meanwhile is the same case: theirs is shown and saved on.
async function keepYours(error) {
  if (error.status !== 409 || !editing) throw error;
  const listed = await call("GET", `/api/submissions?${query({ agency: $("agency").value })}`);
  const latest = editing.submission
    ? listed.submissions.find((s) => s.id === editing.submission.id)
    : listed.submissions.filter((s) => s.action === editing.action).sort((a, b) => b.version - a.version)[0];
  if (!latest) throw error;
  editing.submission = latest;
  $("theirs-text").replaceChildren(...reportText(latest));
  $("theirs").hidden = false;
  throw new Error(`${error.message} ${T.kept_yours}`);
}
// A report's three parts, each under its name, as a definition list's children.
function reportText(submission) {
  return ["results", "obstacles", "proposals"].flatMap((key) => [
    Object.assign(document.createElement("dt"), { textContent: T[key] }),
    Object.assign(document.createElement("dd"), { textContent: submission[key] || "—" }),
  ]);
}
// A report as its reviewer reads it; a sent one with the comment box and the Return and Accept buttons under it (a
// trial's reviewer had only the two buttons, and could not read what she accepted).
function openReview(duty, submission) {
  reviewing = submission;
  $("reviewing").textContent = `${duty.action} — ${EN ? duty.title_en : duty.title_vi}`;
  const sent = T.sent_by.replace("{day}", dateAsWritten(submission.submitted_at, LANG)).replace("{who}", submission.written_by || "—");
  $("review-by").textContent = `${T.statuses[submission.status]} · ${T.version} ${submission.version} · ${sent}`;
  $("review-text").replaceChildren(...reportText(submission));
  // a report sent again after a return: the reviewer checks it against what was asked (a trial's had only the new text)
  const earlier = submission.status === "submitted" && submission.review_comment;
  $("review-earlier").textContent = earlier ? `${T.returned_before}: ${submission.review_comment}` : "";
  $("review-earlier").hidden = !earlier;
  const own = submission.status === "submitted" && sentByCaller(submission);
  $("review-own").textContent = own ? T.yours_to_others : "";
  $("review-own").hidden = !own;
  $("review-steps").hidden = submission.status !== "submitted" || own;
  $("return-comment").value = "";
  $("review").hidden = false;
  $("review").scrollIntoView();
}
async function review(submission, step) {
  const body = step === "return" ? { comment: $("return-comment").value.trim() } : {};
  if (step === "return" && !body.comment) {
    $("return-comment").focus();
    throw new Error(T.no_comment);
  }
  try {
    await call("POST", `/api/submissions/${submission.id}/${step}`, body);
  } catch (error) {  // another reviewer may have taken the step: the rows show the report as it is now
    await show();
    throw error;
  }
  await show();
  // which report, said: "Updated" alone left a reviewer of many reports unsure which one it was
  say(`${T.step_done[step]}: ${T.action} ${submission.action}, ${submission.agency_name || submission.agency}.`, true);
}
function agencyLabel(code) {
  const option = agencyOption(code);
  return option ? option.textContent : null; // the name with its province, as the page lists agencies
}
async function showBoard(turn) {
  const board = await call("GET", `/api/submissions/board?${query({})}`);
  if (turn !== shown) return;
  $("board-note").textContent = outsidePeriod(board);
  $("board-note").hidden = !$("board-note").textContent;
  const rate = (r) => (r === null ? T.no_rate : `${PERCENT.format(r * 100)} %`);
  table(
    "board",
    [T.agency, T.not_yet_due, T.states.late, T.states.submitted, T.states.returned, T.states.accepted, T.on_time],
    board.agencies.map((a) => [
      agencyLabel(a.agency) || (EN ? a.name_en : a.name_vi), a.owed, a.late, a.submitted, a.returned, a.accepted, rate(a.on_time_rate),
    ]),
  );
}
// What the plan committed to, as a planner reads it (trial 67: the folded assignment table below was the only list of
// plan 1099's 32 actions, in greyed boxes of agency codes cut off): each action with its title and expected output, its
// lead and partner agencies by today's names (the one the plan named, merged away since, beneath), its projects in
// the registry and the year's reports on it.
function element(tag, className, text) {
  return Object.assign(document.createElement(tag), { className, textContent: text });
}
// "⚠ successor not certain" on a line of its own under a task or agency: "(successor not certain)" at a task's end
// read as part of the task (trial 69)
function withDoubt(block, certain) {
  if (!certain) block.append(element("div", "doubt", T.uncertain));
  return block;
}
function inLanguage(item, key) {
  return (EN && item[`${key}_en`]) || item[`${key}_vi`];
}
function taskAgencies(list, task, none) {
  const cell = document.createElement("div");
  if (task.from_group) {  // a sub-task's (plan 148's 13.3): its group's row names them, or says there are none
    cell.append(element("div", "", T.as_group.replace("{group}", task.from_group)));
    return cell;
  }
  if (!list.length) cell.append(element("div", "none", none));
  for (const a of list) {
    const block = withDoubt(element("div", "agency-now", inLanguage(a, "name")), a.certain);
    for (const f of a.formerly) {
      const said = T.formerly.replace("{name}", inLanguage(f, "name")).replace("{code}", f.code)
        .replace("{day}", dateAsWritten(f.until, LANG));
      block.append(element("div", "formerly", said));
    }
    cell.append(block);
  }
  return cell;
}
function taskTitle(task) {
  const cell = element("div", "", inLanguage(task, "title"));
  const output = inLanguage(task, "expected_output");
  if (output) cell.append(element("div", "muted", `${T.output}: ${output}`));
  return cell;
}
function taskProjects(task) {
  if (!task.projects) return element("div", "none", T.no_project);
  const cell = element("div", "", T[task.projects === 1 ? "n_project" : "n_projects"].replace("{n}", NUMBER.format(task.projects)));
  const statuses = task.statuses.map((s) => `${inLanguage(s, "name")}: ${s.projects}`);
  cell.append(element("div", "", statuses.join("; ")));
  const map = new URLSearchParams({ lang: LANG, plan: $("plan").value, plan_action: task.code });
  cell.append(Object.assign(element("a", "", T.on_map), { href: `/?${map}` }));
  if (task.past_due) {  // the map listing them: one tap from "which actions are behind" to the projects
    map.set("schedule", "past_due");
    cell.append(Object.assign(element("a", "past-due", pastDue(task.past_due)), { href: `/?${map}` }));
  }
  return cell;
}
function pastDue(n) {
  return T[n === 1 ? "n_past_due_one" : "n_past_due"].replace("{n}", NUMBER.format(n));
}
// The actions with projects past due, most first, each a link to its card (its group opened): the quarterly briefing's
// "which actions are behind?" (a trial planner's map, filtered and pivoted in Excel, was the only answer).
function behind(listed) {
  const day = dateAsWritten(listed.schedule_on, LANG);
  const late = listed.tasks.filter((task) => task.past_due).sort((a, b) => b.past_due - a.past_due);
  if (!late.length) return [T.behind_none.replace("{day}", day)];
  const counted = (task) => ` (${NUMBER.format(task.past_due)})`;
  const links = late.flatMap((task, i) => [i ? ", " : " ", actionLink(task.code), counted(task)]);
  return [T.behind.replace("{day}", day), ...links];
}
function taskReports(task) {
  if (!task.reports.length) return element("div", "none", T.no_report);
  // an action of several leads (A17 has five): how many reports are in each state, the leads named beside
  const counts = {};
  for (const r of task.reports) counts[r.state] = (counts[r.state] || 0) + 1;
  const cell = document.createElement("div");
  for (const [state, n] of Object.entries(counts)) {
    cell.append(element("div", "", task.reports.length > 1 ? `${T.states[state]}: ${n}` : T.states[state]));
  }
  return cell;
}
// Plan 148's 92 actions made a phone page of 29,000 px, group 7's a long scroll away: a plan of task groups is shown
// folded, a header per group (a <details>: a button with its state to keyboards and screen readers) saying its actions
// and its projects by status; a plan without groups (1099's 32 actions, P1–P10 then A1–A22) stays one open list.
async function showTasks(turn) {
  const year = Number($("year").value);
  const listed = await call("GET", `/api/plan-actions?${query({})}`);
  if (turn !== shown) return;
  const grouped = listed.tasks.some((task) => task.task_group);
  const unnamed = listed.tasks.some((task) => !task.from_group && !task.leads.length);
  const notes = [T.tasks_note.replaceAll("{year}", year), unnamed && T.no_lead_note, grouped && T.tasks_folded];
  $("tasks-note").textContent = notes.filter(Boolean).join(" ");
  $("tasks-behind").replaceChildren(...behind(listed));
  const last = listed.tasks[listed.tasks.length - 1];
  $("tasks-find").dataset.example = last ? last.code : "";
  $("tasks-find").placeholder = last ? T.find_example.replace("{code}", last.code) : "";
  const heads = [T.action, T.task, T.lead, T.partners, T.projects, T.reports_of.replace("{year}", year)];
  const groups = grouped ? [...taskGroups(listed.tasks)] : [[null, listed.tasks]];
  $("tasks").replaceChildren(
    ...groups.map(([code, tasks]) => {
      const drawn = tasksTable(tasks, code, heads);
      if (!code) return drawn;
      const folded = document.createElement("details");
      folded.append(groupHeader(tasks.find((task) => task.code === code) || tasks[0], tasks), drawn);
      return folded;
    }),
  );
  findTasks();
}
function tasksTable(tasks, groupCode, heads) {
  const drawn = document.createElement("table");
  const rows = table(drawn, heads, tasks.map((task) => [
    task.code, taskTitle(task), taskAgencies(task.leads, task, T.no_lead), taskAgencies(task.partners, task, T.no_partners),
    taskProjects(task), taskReports(task),
  ]));
  rows.forEach((row, i) => {
    row.id = `action-${tasks[i].code}`; // the address's #action-13.3 opens its group (openAsked)
    const words = wordsOf(tasks[i]);
    Object.assign(row.dataset, { code: tasks[i].code, group: groupCode || "", words, plain: plain(words) });
  });
  return drawn;
}
// Each task group's code with its tasks in the plan's order (the group's own first), a sub-task under its top group.
function taskGroups(tasks) {
  const parent = new Map(tasks.map((task) => [task.code, task.task_group]));
  const top = (code) => (parent.get(code) ? top(parent.get(code)) : code);
  const groups = new Map();
  for (const task of tasks) {
    const code = top(task.code);
    groups.set(code, [...(groups.get(code) || []), task]);
  }
  return groups;
}
function groupHeader(group, tasks) {
  const header = document.createElement("summary");
  const title = element("h3", "", `${group.code}. ${inLanguage(group, "title")}`);
  header.append(title, element("span", "counts", groupCounts(tasks)));
  const late = tasks.reduce((sum, task) => sum + task.past_due, 0);
  if (late) header.append(element("span", "past-due", pastDue(late)));  // a folded group behind, seen without opening
  return header;
}
// "12 nhiệm vụ · 7 dự án: Đề xuất 2, Đang thi công 3, …": the group's sub-tasks, and its projects by status in their
// life cycle's order (the group's own and its sub-tasks').
function groupCounts(tasks) {
  const n = tasks.length - 1;
  const actions = T[n === 1 ? "n_task" : "n_tasks"].replace("{n}", NUMBER.format(n));
  const projects = tasks.reduce((sum, task) => sum + task.projects, 0);
  if (!projects) return `${actions} · ${T.no_projects}`;
  const counted = new Map();
  for (const s of tasks.flatMap((task) => task.statuses)) {
    counted.set(s.status, { name: inLanguage(s, "name"), n: ((counted.get(s.status) || {}).n || 0) + s.projects });
  }
  const order = (status) => T.project_statuses.indexOf(status);
  const statuses = [...counted].sort(([a], [b]) => order(a) - order(b)).map(([, s]) => `${s.name} ${NUMBER.format(s.n)}`);
  const many = T[projects === 1 ? "n_project" : "n_projects"].replace("{n}", NUMBER.format(projects));
  return `${actions} · ${many}: ${statuses.join(", ")}`;
}
// An action is found by the beginnings of the words of its titles, expected outputs and agencies, in either language:
// a word typed without diacritics as any ("rac thai" finds "rác thải": a phone's keyboard often types none), one typed
// with them as typed ("đê" finds "đê", not "để", "đề" nor "development").
function plain(text) {
  return text.normalize("NFD").replace(/\p{M}/gu, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
}
function wordsIn(text) {
  return oneTonePlace(text).toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}
// "Hoà Bình" (a unit's name) and "Hòa Bình" (a plan's), "thuỷ" and "thủy": one word, its tone mark written on either
// vowel of "oa", "oe" or "uy" by the old and new rules (trial 69: "Hoà Bình" typed found none of the plan's actions).
function oneTonePlace(text) {
  const toneAfter = /(o(?=[ae])|u(?=y))(\p{L})([\u0300\u0301\u0303\u0309\u0323])/giu;  // its second vowel's
  return text.normalize("NFD").replace(toneAfter, "$1$3$2").normalize("NFC");
}
function wordsOf(task) {
  const agencies = [...task.leads, ...task.partners].flatMap((a) => [a.name_vi, a.name_en]);
  const said = [task.title_vi, task.title_en, task.expected_output_vi, task.expected_output_en, ...agencies];
  return ` ${wordsIn(said.filter(Boolean).join(" ")).join(" ")}`;
}
function hasWord(row, word) {
  return (word === plain(word) ? row.dataset.plain : row.dataset.words).includes(` ${word}`);
}
// The actions found by what is typed: a number (13.3; 13 for the group with its sub-tasks; A9), else every word; the
// others hidden, the groups holding one opened, how many said.
function findTasks() {
  const typed = $("tasks-find").value.trim();
  const asked = plain(typed).replace(/\.$/, "");
  const rows = [...$("tasks").querySelectorAll("tr[data-code]")];
  const byCode = rows.filter((row) => [row.dataset.code, row.dataset.group].some((code) => code && plain(code) === asked));
  const words = wordsIn(typed);
  const byWords = (row) => words.length && words.every((word) => hasWord(row, word));
  const found = byCode.length ? byCode : rows.filter(byWords);
  for (const row of rows) row.hidden = Boolean(typed) && !found.includes(row);
  for (const folded of $("tasks").querySelectorAll("details")) {
    const holds = [...folded.querySelectorAll("tr[data-code]")].some((row) => !row.hidden);
    folded.hidden = !holds;
    if (typed && holds) folded.open = true;
  }
  const opened = $("tasks").querySelector("details") ? ` ${T.groups_opened}` : "";
  const many = T[found.length === 1 ? "found_one" : "found"].replace("{n}", NUMBER.format(found.length)) + opened;
  const none = T.found_none.replace("{typed}", typed).replace("{code}", $("tasks-find").dataset.example);
  $("tasks-found").textContent = !typed ? "" : found.length ? many : none;
}
// An action's card shown: its group opened, the search that hid it emptied. The owed reports' links call it before the
// browser goes to the card; the address's #action-… once the actions are drawn (openAsked).
function openAction(code) {
  const row = $(`action-${code}`);
  if (!row) return null;
  if (row.hidden) {
    $("tasks-find").value = "";
    findTasks();
  }
  const folded = row.closest("details");
  if (folded) folded.open = true;
  return row;
}
function openAsked() {
  const asked = location.hash.match(/^#action-(.+)$/);
  const row = asked && openAction(decodeURIComponent(asked[1]));
  if (row) row.scrollIntoView({ block: "start" });
}
function actionLink(code) {
  const link = Object.assign(element("a", "", code), { href: `#action-${code}` });
  link.addEventListener("click", () => openAction(code));
  return link;
}
async function showLeads(turn) {
  // the focal agency's (and an admin's) to change; the others read the actions above (trial 67: greyed boxes of codes)
  $("leads-box").hidden = !rights.review;
  if (!rights.review) return;
  // the agencies of the year shown; a save holds from that year on, the years before keep who owed their reports
  const year = Number($("year").value);
  const listed = await call("GET", `/api/plan-actions/agencies?${query({})}`);
  if (turn !== shown) return;
  $("leads-note").textContent = T.leads_note.replaceAll("{year}", year);
  table(
    "leads",
    [T.action, T.task, T.lead, T.partners, ""],
    listed.actions.map((a) => {
      const codes = (role) => a.agencies.filter((x) => x.role === role).map((x) => x.code).join(", ");
      const lead = Object.assign(document.createElement("input"), { value: codes("lead") });
      const partners = Object.assign(document.createElement("input"), { value: codes("partner") });
      lead.setAttribute("aria-label", `${T.lead} ${a.code}`);
      partners.setAttribute("aria-label", `${T.partners} ${a.code}`);
      const split = (input) => input.value.split(",").map((s) => s.trim()).filter(Boolean);
      let read = { lead: split(lead), partners: split(partners) };
      const saveLeads = button(T.assign, async () => {
        const q = new URLSearchParams({ plan: $("plan").value, action: a.code });
        const assigned = { lead: split(lead), partners: split(partners) };
        // as read: refused (409, its message said) if another focal officer changed the row since
        await call("PUT", `/api/plan-actions/agencies?${q}`, { ...assigned, from_year: year, was: read });
        read = assigned;
        await Promise.all([showOwed(shown), showBoard(shown)]);  // who owes what changed: the board as it is now
        say(T.assigned_from.replace("{action}", a.code).replace("{year}", year), true);
      });
      // an agency merged away names the one that holds its duties this year (a planner read only ended TV. codes)
      const withHolders = (input, role) => {
        const moved = a.agencies.filter((x) => x.role === role && x.held_by);
        const note = Object.assign(document.createElement("div"), { className: "muted" });
        note.textContent = moved.map((x) => T.held_by.replace("{code}", x.code).replace("{now}", x.held_by)).join("; ");
        const cell = document.createElement("div");
        cell.append(input, note);
        return cell;
      };
      return [a.code, EN ? a.title_en : a.title_vi, withHolders(lead, "lead"), withHolders(partners, "partner"), saveLeads];
    }),
  );
}
async function showValues(turn) {
  const params = new URLSearchParams({
    plan: $("plan").value,
    period: $("year").value,
    agency: $("agency").value,
    lang: LANG,
  });
  const owed = await call("GET", `/api/indicators/owed?${params}`);
  if (turn !== shown) return;
  const input = (label, type) => {
    const field = Object.assign(document.createElement("input"), { type });
    field.setAttribute("aria-label", label);
    if (type === "text") field.placeholder = label;
    return field;
  };
  table(
    "values",
    [T.indicator, T.unit, T.value, T.new_value, T.source, ""],
    owed.indicators.map((i) => {
      const value = input(T.new_value, "text");
      value.inputMode = "decimal";
      const source = input(T.source, "text");
      const reason = input(T.why, "text");
      const evidence = input(T.evidence, "file");
      const picker = filePicker(evidence, T.choose_file, T.no_file); // maps/file_picker.js
      const problem = Object.assign(document.createElement("p"), { className: "row-error", id: `problem-${i.code}` });
      problem.hidden = true;
      const enter = rowButton(T.enter, problem, [value, source, reason], async () => {
        const number = parseNumber(value.value);
        if (!value.value.trim()) throw fieldError(value, `${T.new_value}: ${T.blank}`);
        if (number === null) throw fieldError(value, `${T.new_value}: «${value.value}» ${T.not_number}`);
        if (!source.value.trim()) throw fieldError(source, `${T.source}: ${T.no_source}`);
        const body = { period: $("year").value, unit: null, value: number, source: source.value,
                       reason: reason.value || null };
        const q = new URLSearchParams({ plan: $("plan").value });
        const entered = await call("POST", `/api/indicators/${encodeURIComponent(i.code)}/values?${q}`, body)
          .catch((error) => { throw error.status === 422 ? fieldError(value, error.message) : error; });
        if (evidence.files.length) await upload(`/api/indicators/values/${entered.id}/evidence`, evidence.files[0]);
        await showValues(shown);
        say(T.done, true);
      });
      // a value withdrawn (its forest raster removed) and none held since: said so, not left blank as never entered
      const withdrawn = i.withdrawn_said ? i.withdrawn_said[0].toUpperCase() + i.withdrawn_said.slice(1) : "";
      const entered = i.value === null ? withdrawn : `${VALUE.format(i.value)} (${i.source_said}; ${i.entered_by})`;
      const name = EN ? i.name_en : i.name_vi;
      if (!rights.report) return [name, EN ? i.unit : i.unit_vi, entered, "", "", ""];
      const typed = document.createElement("div");
      typed.append(value, problem);
      return [name, EN ? i.unit : i.unit_vi, entered, typed, group(source, reason, picker), enter];
    }),
  );
  if (!owed.indicators.length) table("values", [""], [[T.no_values]]); // a row, not a heading: a phone hides headings
}
async function showRights(turn) {
  const asked = new URLSearchParams({ plan: $("plan").value, agency: $("agency").value });
  // the token's account, or the browser session's; with neither, none (the lists only)
  const found = await call("GET", `/api/submissions/rights?${asked}`);
  // only the latest Show's: the page's own first one, asked before a token was typed, came back after the user's
  // and drew the tables with no entry fields
  if (turn === shown) rights = found;
}
async function show() {
  const year = Number($("year").value);
  const now = new Date().getFullYear();
  const turn = ++shown;
  // body[data-shown] says this Show's tables are all drawn: the tests wait for it rather than for a quiet network
  delete document.body.dataset.shown;
  $("editor").hidden = $("review").hidden = true;
  $("message").textContent = "";
  // The former tables go at once, even when the year is refused: their buttons were for another year or account.
  for (const id of ["owed", "values", "board", "tasks", "tasks-behind", "leads"]) $(id).replaceChildren();
  if (!Number.isInteger(year) || year < 2000 || year > now) throw new Error(`${T.year}: ${T.years} ${now}.`);
  // the plan's consolidated report of the year chosen, in each of its files
  // each file in the page's language, and in the other one (the Vietnamese the department files, the English for partners)
  for (const format of ["docx", "xlsx", "html", "csv"]) {
    $(`report-${format}`).href = `/api/reports/annual?${query({ format, lang: LANG })}`;
    $(`report-other-${format}`).href = `/api/reports/annual?${query({ format, lang: EN ? "vi" : "en" })}`;
    // the same report by the former districts (trial 57: only by editing the address)
    $(`report-districts-${format}`).href = `/api/reports/annual?${query({ format, lang: LANG, scheme: "pre2025" })}`;
  }
  await offerAgencies(turn);
  if (turn !== shown) return;
  keepChoices();
  await showRights(turn);
  if (turn !== shown) return;
  await Promise.all([showOwed(turn), showValues(turn), showBoard(turn), showTasks(turn), showLeads(turn)]);
  if (turn === shown) document.body.dataset.shown = "";
}

$("show").addEventListener("click", () => show().catch((error) => say(error.message, false)));
for (const step of ["return", "accept"]) {
  $(`do-${step}`).addEventListener("click", () => review(reviewing, step).catch((error) => say(error.message, false)));
}
$("editor").addEventListener("submit", (event) => {
  event.preventDefault();
  save()
    .catch(keepYours)
    .then(() => { $("theirs").hidden = true; say(T.saved, true); })
    .then(() => showOwed(shown))
    .catch((error) => say(error.message, false));
});
$("send").addEventListener("click", () => {
  save()
    .then((saved) => call("POST", `/api/submissions/${saved.id}/submit`, { updated_at: saved.updated_at }))
    .catch(keepYours)
    .then(async (sent) => {
      await show();
      say(`${T.sent}: ${T.action} ${sent.action}, ${T.version.toLowerCase()} ${sent.version}.`, true);
      $("message").scrollIntoView({ block: "center" });
    })
    .catch((error) => say(error.message, false));
});
// The page opens on the plan, year and agency in its address (the language switch carries them), else on the
// caller's own agency and a plan it reports on or reviews, in the year being reported (each plan's data-year,
// geo.submissions.reporting_year); the switch follows each choice, and a choice shows its reports at once.
const CHOICES = ["plan", "year", "agency"];
let yearChosen = false; // the user typed a year or asked one in the address: a plan's own year does not replace it
// The address keeps the choice too, to bookmark or send ("148, 2025"; it stayed /monitoring?lang=en).
function keepChoices() {
  const chosen = Object.fromEntries(CHOICES.map((id) => [id, $(id).value]));
  // an action asked (#action-13.3) stays in the address
  $("other-lang").href = `/monitoring?${new URLSearchParams({ lang: EN ? "vi" : "en", ...chosen })}${location.hash}`;
  history.replaceState(null, "", `/monitoring?${new URLSearchParams({ lang: LANG, ...chosen })}${location.hash}`);
}
// Every agency of a plan the page lists, each under its heading (today's, before the mergers), as served: each with
// the plans it is an agency of and its validity (maps/monitoring_page.py).
const AGENCY_GROUPS = [...$("agencies").content.querySelectorAll("optgroup")];
function agencyOption(code) {
  return AGENCY_GROUPS.flatMap((g) => [...g.children]).find((o) => o.value === code);
}
// The box holds the agencies of the plan chosen that existed in the year chosen (a former one only in its years:
// trial 64's list offered Cà Mau's former departments for both plans), and of them, once known, those in ``owing``.
function listAgencies(owing) {
  const plan = $("plan").value;
  const year = Number($("year").value);
  const inYear = (o) => !Number.isInteger(year) ||
    ((!o.dataset.from || o.dataset.from <= `${year}-12-31`) && (!o.dataset.to || o.dataset.to >= `${year}-01-01`));
  const ofPlan = (o) => o.dataset.plans.split(" ").includes(plan) && inYear(o);
  const owes = (o) => ofPlan(o) && owing.has(o.value);
  // none of them owing (or not yet known): every agency of the plan in the year
  const kept = owing && AGENCY_GROUPS.some((g) => [...g.children].some(owes)) ? owes : ofPlan;
  const groups = AGENCY_GROUPS.map((g) => g.cloneNode(true));
  for (const g of groups) {
    for (const o of [...g.children]) if (!kept(o)) o.remove();
  }
  $("agency").replaceChildren(...groups.filter((g) => g.children.length));
}
// The agencies offered are those owing the plan reports or indicator values in the year (GET
// /api/submissions/agencies); the one chosen stays if it owes something, else the caller's own, else the first that
// owes reports (the board's first). A trial's page kept Vĩnh Long's agency on Bạc Liêu's plan: "No report owed".
let agencyPicked = false; // an agency asked in the address, chosen, or offered by a Show: not the box's first as served
async function offerAgencies(turn) {
  const was = agencyPicked ? $("agency").value : null;
  listAgencies(null); // the plan's and year's at once, whatever the answer below
  if (was) choose("agency", was);
  const owing = (await call("GET", `/api/submissions/agencies?${query({})}`)).agencies;
  if (turn !== shown) return;
  listAgencies(new Set(owing.map((a) => a.agency)));
  const first = owing.find((a) => a.reports) || owing[0];
  const offered = (code) => code && [...$("agency").options].some((o) => o.value === code);
  const chosen = [was, ownAgency, first && first.agency].find(offered);
  if (chosen) $("agency").value = chosen;
  agencyPicked = true;
  sayWhole();
}
// A plan's or agency's name longer than its box (on a phone: "Báo và Phát thanh, Truyền hình Cà Mau (" was all it
// showed, trial 57) is written whole under it.
const measure = document.createElement("canvas").getContext("2d");
function sayWhole() {
  for (const id of ["plan", "agency"]) {
    const box = $(id);
    const style = getComputedStyle(box);
    measure.font = `${style.fontSize} ${style.fontFamily}`;
    const name = box.selectedOptions[0] ? box.selectedOptions[0].text : "";
    const room = box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 24; // the arrow
    $(`${id}-whole`).textContent = name;
    $(`${id}-whole`).hidden = measure.measureText(name).width <= room;
  }
}
function choose(id, value) {
  const offered = $(id).tagName !== "SELECT" || [...$(id).options].some((o) => o.value === value);
  if (value && offered) $(id).value = value;
}
function planYear() {
  if (!yearChosen) $("year").value = $("plan").selectedOptions[0].dataset.year;
}
async function ownPlan(agency) {
  // the first plan the caller reviews (focal) or whose reports its agency owes this plan's year; else its
  // agency's province's plan (an agency merged away owes its earlier years only)
  let own = null;
  for (const option of $("plan").options) {
    const asking = new URLSearchParams({ plan: option.value, agency });
    const rights = await call("GET", `/api/submissions/rights?${asking}`);
    if (rights.review) return option.value;
    if (!rights.own_agency) continue;
    own = rights.own_agency;
    const owing = new URLSearchParams({ plan: option.value, year: option.dataset.year, agency: own });
    if ((await call("GET", `/api/submissions/owed?${owing}`)).duties.length) return option.value;
  }
  const option = own && agencyOption(own);
  return option ? option.dataset.plans.split(" ")[0] || null : null;
}
async function start() {
  showSession(T.session).then((username) => tokenRows(Boolean(username)));
  const asked = new URLSearchParams(location.search);
  choose("plan", asked.get("plan"));
  choose("year", asked.get("year"));
  listAgencies(null); // those of the plan and year asked, the agency asked among them
  choose("agency", asked.get("agency"));
  agencyPicked = $("agency").value === asked.get("agency");
  yearChosen = Boolean(asked.get("year"));
  if (!asked.get("plan")) {
    const plan = await ownPlan($("agency").value);
    if (plan && !shown) {
      choose("plan", plan);
      planYear();
      listAgencies(null);
    }
  }
  const asking = new URLSearchParams({ plan: $("plan").value, agency: $("agency").value });
  ownAgency = (await call("GET", `/api/submissions/rights?${asking}`)).own_agency;
  // the caller's own agency, else the first that owes reports under the plan (show: offerAgencies)
  if (!asked.get("agency") && !shown) choose("agency", ownAgency);
  if (!shown) await show(); // unless the user pressed Show meanwhile: this would rebuild the tables under their typing
  openAsked(); // once every table above the actions is drawn, so that the card stays where it was brought
}
$("year").addEventListener("input", () => { yearChosen = true; }); // typed before the page's own choice arrived
for (const id of CHOICES) {
  $(id).addEventListener("change", () => {
    if (id === "year") yearChosen = true;
    if (id === "agency") agencyPicked = true;
    if (id === "plan") planYear();
    show().catch((error) => say(error.message, false));
  });
}
start().catch((error) => say(error.message, false));
$("tasks-find").addEventListener("input", findTasks);
window.addEventListener("hashchange", openAsked);
for (const id of ["plan", "agency"]) $(id).addEventListener("change", sayWhole);
window.addEventListener("resize", sayWhole);
sayWhole();
