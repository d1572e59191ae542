"""The yearly report as a Word document in the administrative format of Decree 30/2020/NĐ-CP (Appendix I):
A4, Times New Roman 13, margins 20/20/30/15 mm; the issuing body and the document number on the left and the
national motto with the place and date on the right; the title; the body; the recipients and the signature.

The number is left for the clerk to fill ("Số:      /BC-STC"), as the document is numbered when it is signed.
Numbers and dates are written the Vietnamese way (geo.vi_format). The English document, for donors and partners, is
the same document in English (geo.annual_report_words: English version for information, the Vietnamese one filed):
its numbers 1,234.5 and its days 31 Dec 2024.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Length, Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from geo.annual_report import (
    AnnualReport,
    budget_count,
    cleaned_note,
    demo_note,
    in_language,
    projects_counted,
    unlinked_note,
    verdicts_note,
)
from geo.annual_report_board import BOARD_TITLE, NOT_IN_TITLE, board_rows, board_summary, not_in_rows
from geo.annual_report_schedules import past_due_said
from geo.annual_report_tasks import TASK_COLUMNS, task_rows, tasks_title
from geo.annual_report_words import (
    BOARD_COLUMNS,
    BUDGET_SHOWN,
    IN_ENGLISH,
    NO_TARGETS,
    NOT_IN_COLUMNS,
    Columns,
    columns_in,
)
from geo.said import Said, fill
from geo.vi_format import local_date, local_number, vi_long_date

FONT = "Times New Roman"
TEXT_WIDTH = Mm(165)  # the A4 page less its margins (30 mm left, 15 mm right: Decree 30/2020's layout)
TT_WIDTH = Mm(10)  # a table's numbering column
WORD_LETTER = Mm(2.4)  # a letter of a table's 11-point text (its header's bold), for a word to fit its column whole
MOST_LEAST = Mm(30)  # the most a column's longest word claims (a web address is broken rather)
CELL_MARGINS = Mm(5)  # a cell's left and right margins, with room to spare
WORDS_AT_MOST = 0.9  # of a table's width, the most its columns' longest words claim
INDICATOR_TABLE: Columns = (
    ("name", Said("Chỉ tiêu", "Indicator")),
    ("unit", Said("Đơn vị tính", "Unit")),
    ("target", Said("Mục tiêu", "Target")),
    ("latest_value", Said("Thực hiện", "Achieved")),
    ("latest_period", Said("Kỳ số liệu", "Period")),
    ("assessment", Said("Đánh giá", "Assessment")),
    ("provenance", Said("Nguồn số liệu", "Source")),
)
COMPUTED_TABLE: Columns = (
    ("name", Said("Chỉ số", "Indicator")),
    ("unit", Said("Đơn vị tính", "Unit")),
    ("value", Said("Giá trị", "Value")),
    ("situation", Said("Dự án được tính", "Projects counted")),
    ("sources", Said("Nguồn", "Source")),
)
PROJECT_TABLE: Columns = (
    ("action", Said("Nhiệm vụ", "Action")),
    ("name", Said("Dự án", "Project")),
    ("units", Said("Địa bàn", "Location")),
    ("budget", Said("Vốn (tỷ đồng)", "Budget (VND billion)")),
    ("status", Said("Tình trạng", "Status")),
    ("percent", Said("Tiến độ (%)", "Progress (%)")),
)
BUDGET_TABLE: Columns = (("action", Said("Nhiệm vụ", "Action")), *BUDGET_SHOWN[1:])
#: Over this many projects, the document's table lists those past due at the report's day (at most this many), the
#: workbook every one: a plan of 10,009 projects made a document of some 71,000 paragraphs, hundreds of pages for a
#: People's Committee (trial s72).
LISTED_WHOLE = 300
#: The document's phrases, each a template in both languages (geo.said.fill writes its numbers as the language does).
WORDS = {
    "committee": {"vi": "ỦY BAN NHÂN DÂN TỈNH {province}", "en": "PEOPLE'S COMMITTEE OF {province} PROVINCE"},
    "department": {"vi": "Sở Kế hoạch và Đầu tư", "en": "Department of Planning and Investment"},
    "number": {"vi": "Số:        /BC-{abbreviation}", "en": "No.:        /BC-{abbreviation}"},
    "motto": {"vi": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "en": "SOCIALIST REPUBLIC OF VIET NAM"},
    "motto_line": {"vi": "Độc lập - Tự do - Hạnh phúc", "en": "Independence - Freedom - Happiness"},
    "report": {"vi": "BÁO CÁO", "en": "REPORT"},
    "title": {
        "vi": "Kết quả thực hiện Kế hoạch hành động tăng trưởng xanh năm {year}",
        "en": "Results of the green growth action plan in {year}",
    },
    "plan": {
        "vi": "(Kế hoạch ban hành kèm theo Quyết định số {code} ngày {day}: {title})",
        "en": "(Plan issued with Decision No. {code} of {day}: {title})",
    },
    "focal_agency": {"vi": "cơ quan đầu mối", "en": "focal agency"},
    "intro": {
        "vi": "Thực hiện Kế hoạch số {code}, {agency} tổng hợp kết quả thực hiện năm {year} từ báo cáo của các cơ "
        "quan, đơn vị, số liệu chỉ tiêu và tình trạng các dự án trong cơ sở dữ liệu (tính đến {day}), như sau:",
        "en": "Under Plan No. {code}, the {agency} has consolidated the results of {year} from the reports of the "
        "agencies and units, the indicator figures and the projects' statuses in the database (as of {day}), as "
        "follows:",
    },
    "actions": {"vi": "I. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ", "en": "I. RESULTS OF THE ACTIONS"},
    "no_reports": {
        "vi": "Chưa có báo cáo của cơ quan chủ trì nào được tiếp nhận cho năm {year}.",
        "en": "No lead agency's report has been accepted for {year} yet.",
    },
    "action": {
        "vi": "{number}. Nhiệm vụ {action}: {title} ({agency})",
        "en": "{number}. Action {action}: {title} ({agency})",
    },
    "indicators": {"vi": "II. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", "en": "II. RESULTS AGAINST THE INDICATORS"},
    "computed": {
        "vi": "Các chỉ số tính từ cơ sở dữ liệu dự án (tính đến {day}):",
        "en": "Indicators computed from the project database (as of {day}):",
    },
    "target_year": {"vi": "{target} (năm {year})", "en": "{target} (by {year})"},
    "projects": {"vi": "III. TÌNH HÌNH THỰC HIỆN CÁC DỰ ÁN", "en": "III. PROGRESS OF THE PROJECTS"},
    "projects_listed": {
        "vi": "Bảng dưới đây liệt kê {listed} dự án quá hạn (chưa xong khi đã qua năm phải hoàn thành){cut}; danh sách "
        "đủ {total} dự án ở bảng tính (XLSX) của báo cáo.",
        "en": "The table below lists {listed} projects past due (not finished after the year they were due){cut}; "
        "the whole list of {total} projects is in the report's workbook (XLSX).",
    },
    "projects_cut": {"vi": ", {shown} dự án đầu", "en": ", the first {shown}"},
    "project_count": {"vi": "Tổng số {counted}. {statuses}.", "en": "{counted}. {statuses}."},
    "note": {"vi": "Lưu ý: {note}", "en": "Note: {note}"},
    "budget": {"vi": "{amount} tỷ đồng", "en": "VND {amount} billion"},
    "no_budget": {"vi": "chưa có số liệu", "en": "no figure yet"},
    "budgets": {
        "vi": "Vốn của các dự án: {total} ({known}); theo nhiệm vụ:",
        "en": "Budget of the projects: {total} ({known}); by action:",
    },
    "reported": {"vi": "(báo cáo {day})", "en": "(reported {day})"},
    "figure": {
        "vi": "Hình 1. Tiến độ bình quân của các dự án theo đơn vị hành chính, {day}",
        "en": "Figure 1. Mean progress of the projects by administrative unit, {day}",
    },
    "obstacles": {"vi": "IV. KHÓ KHĂN, VƯỚNG MẮC", "en": "IV. OBSTACLES"},
    "proposals": {"vi": "V. ĐỀ XUẤT, KIẾN NGHỊ", "en": "V. PROPOSALS AND RECOMMENDATIONS"},
    "issue": {"vi": "- {agency} (nhiệm vụ {action}): {text}", "en": "- {agency} (action {action}): {text}"},
    "no_issues": {
        "vi": "Chưa có nội dung trong các báo cáo được tiếp nhận.",
        "en": "Nothing yet in the accepted reports.",
    },
    "recipients": {"vi": "Nơi nhận:", "en": "Recipients:"},
    "to_committee": {"vi": "- UBND tỉnh (để báo cáo);", "en": "- Provincial People's Committee (for reporting);"},
    "to_ministry": {"vi": "- Bộ Tài chính;", "en": "- Ministry of Finance;"},
    "to_departments": {"vi": "- Các sở, ban, ngành tỉnh;", "en": "- Provincial departments and agencies;"},
    "to_archive": {"vi": "- Lưu: VT.", "en": "- Archived: Clerical office."},
    "director": {"vi": "GIÁM ĐỐC", "en": "DIRECTOR"},
    "numbering": {"vi": "TT", "en": "No."},
    "yes": {"vi": "Có", "en": "Yes"},
    "no": {"vi": "Không", "en": "No"},
}


def to_docx(report: AnnualReport, map_png: bytes | None = None, listed_whole: int = LISTED_WHOLE) -> bytes:
    """The document in the report's language; ``map_png``, the progress choropleth, goes under the project tables;
    over ``listed_whole`` projects, its table lists those past due (:func:`_projects_listed`)."""
    document = Document()
    _page_and_fonts(document)
    _header(document, report)
    _title(document, report)
    _narrative(document, report)
    _indicators(document, report)
    _projects(document, report, listed_whole)
    if map_png:
        document.add_picture(io.BytesIO(map_png), width=Mm(160))
        document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _line(document, _said(report, "figure", day=_day(report, report.year_end)), italic=True, size=12)
    _issues(document, report)
    _closing(document, report)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _page_and_fonts(document: Document) -> None:
    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(20), Mm(20)
        section.left_margin, section.right_margin = Mm(30), Mm(15)
    for name in ("Normal", "Table Grid"):
        style = document.styles[name]
        style.font.name = FONT
        style.font.size = Pt(13)
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attribute), FONT)


def _line(
    cell_or_doc: Any,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: int = 13,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER,
    first: bool = False,
) -> Paragraph:
    paragraph = cell_or_doc.paragraphs[0] if first else cell_or_doc.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run(text)
    run.bold, run.italic, run.font.size = bold, italic, Pt(size)
    return paragraph


def _said(report: AnnualReport, key: str, **blanks: Any) -> str:
    """The phrase ``key`` of WORDS in the report's language, its blanks filled."""
    return fill(WORDS, key, **blanks).text(report.lang)


def _day(report: AnnualReport, day: date) -> str:
    return local_date(day, report.lang)


def _header(document: Document, report: AnnualReport) -> None:
    issuer = report.issuer
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    left.width, right.width = Mm(70), Mm(95)
    _line(left, _said(report, "committee", province=issuer.province.upper()), size=12, first=True)
    _line(left, (issuer.agency or _said(report, "department")).upper(), bold=True, size=12)
    _line(left, "———")
    abbreviation = issuer.agency_code.split(".")[-1] if issuer.agency_code else "UBND"
    _line(left, _said(report, "number", abbreviation=abbreviation))
    _line(right, _said(report, "motto"), bold=True, size=12, first=True)
    _line(right, _said(report, "motto_line"), bold=True, size=13)
    _line(right, "———————————")
    dated = vi_long_date(report.issued_on) if report.lang == "vi" else _day(report, report.issued_on)
    _line(right, f"{issuer.province}, {dated}", italic=True)


def _title(document: Document, report: AnnualReport) -> None:
    plan = report.plan
    year, title = str(report.year), in_language(plan["title_vi"], plan["title_en"], report.lang)
    document.add_paragraph()
    _line(document, _said(report, "report"), bold=True, size=14)
    _line(document, _said(report, "title", year=year), bold=True, size=14)
    issued = _day(report, plan["issued_on"])
    _line(document, _said(report, "plan", code=plan["code"], day=issued, title=title), italic=True)
    _line(document, "———")
    agency = report.issuer.agency or _said(report, "focal_agency")
    _body(
        document, _said(report, "intro", code=plan["code"], agency=agency, year=year, day=_day(report, report.year_end))
    )
    if report.lang == "en":
        _body(document, IN_ENGLISH)
    cleaned_texts = cleaned_note(report)
    if cleaned_texts:
        _body(document, _said(report, "note", note=cleaned_texts))


def _body(document: Document, text: str, *, bold: bool = False) -> Paragraph:
    paragraph = _line(document, text, bold=bold, size=13, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    paragraph.paragraph_format.first_line_indent = Mm(10)
    paragraph.paragraph_format.space_after = Pt(6)
    return paragraph


def _narrative(document: Document, report: AnnualReport) -> None:
    _body(document, _said(report, "actions"), bold=True)
    _body(document, board_summary(report, pointing=True))
    _body(document, tasks_title(report))
    _table(document, report, TASK_COLUMNS, task_rows(report))
    if report.projects:
        _body(document, past_due_said(report))
    if not report.narrative:
        _body(document, _said(report, "no_reports", year=str(report.year)))
    for number, item in enumerate(report.narrative, start=1):
        title, agency = item["action_title"], item["agency_name"]
        _body(
            document,
            _said(report, "action", number=number, action=item["action"], title=title, agency=agency),
            bold=True,
        )
        _body(document, item["results"])
    _board(document, report)


def _board(document: Document, report: AnnualReport) -> None:
    """Who owes which report and where each stands (/monitoring's board), then the reports not in, by name."""
    rows = board_rows(report)
    if not rows:
        return
    _body(document, BOARD_TITLE[report.lang], bold=True)
    _table(document, report, BOARD_COLUMNS, rows)
    missing = not_in_rows(report)
    if missing:
        _body(document, NOT_IN_TITLE[report.lang])
        _table(document, report, NOT_IN_COLUMNS, missing)


def _indicators(document: Document, report: AnnualReport) -> None:
    _body(document, _said(report, "indicators"), bold=True)
    if not report.indicators:
        _body(document, NO_TARGETS.text(report.lang))
    else:
        rows = [
            _value_marked(report, row, "latest_value") | {"target": _target(report, row)} for row in report.indicators
        ]
        _table(document, report, INDICATOR_TABLE, rows)
        _body(document, verdicts_note(report))
    _body(document, _said(report, "computed", day=_day(report, report.year_end)))
    _table(document, report, COMPUTED_TABLE, [_value_marked(report, row) for row in report.computed])


def _value_marked(report: AnnualReport, row: dict[str, Any], key: str = "value") -> dict[str, Any]:
    """The row's ``key`` value with "(minh họa)" after it when it rests on demonstration data: a computed value on
    demonstration statuses (a 0 as well: plan 148's 0 % of waste sites stood on two demonstration statuses: trial 59),
    an indicator's on the synthetic forest raster (trial 63); "—" without one, which the projects counted beside a
    computed value explain."""
    value = _text(report, row[key]) or "—"
    return row | {key: f"{value} ({row['demo']})" if row["demo"] and row[key] is not None else value}


def _target(report: AnnualReport, row: dict[str, Any]) -> str:
    low, high, lang = row["target_min"], row["target_max"], report.lang
    value = (
        f"{local_number(low, lang)}–{local_number(high, lang)}"
        if None not in (low, high) and low != high
        else local_number(low if low is not None else high, lang)
    )
    return _said(report, "target_year", target=value, year=str(row["target_year"])) if row["target_year"] else value


def _projects(document: Document, report: AnnualReport, listed_whole: int) -> None:
    _body(document, _said(report, "projects"), bold=True)
    counts = Counter(project["status"] for project in report.projects)
    summary = "; ".join(f"{status}: {local_number(n, report.lang)}" for status, n in counts.most_common())
    _body(document, _said(report, "project_count", counted=projects_counted(report), statuses=summary))
    note = demo_note(report)
    if note:
        _body(document, _said(report, "note", note=note))
    _budgets(document, report)
    listed = _projects_listed(document, report, listed_whole)
    _table(document, report, PROJECT_TABLE, [_with_demo_mark(report, project) for project in listed])


def _projects_listed(document: Document, report: AnnualReport, listed_whole: int) -> list[dict[str, Any]]:
    """Every project of the plan, or over ``listed_whole`` of them those past due at the report's day (the first
    ``listed_whole``), said so above the table."""
    if len(report.projects) <= listed_whole:
        return report.projects
    late = [project for project in report.projects if project["schedule_code"] == "past_due"]
    cut = _said(report, "projects_cut", shown=listed_whole) if len(late) > listed_whole else ""
    _body(document, _said(report, "projects_listed", listed=len(late), cut=cut, total=len(report.projects)))
    return late[:listed_whole]


def _budgets(document: Document, report: AnnualReport) -> None:
    """The money of the plan's projects, per action, saying how many projects have a figure (the total is theirs)."""
    if not report.budgets:
        return
    plan, lang = report.budgets[-1], report.lang
    amount = plan["budget"]
    total = _said(report, "budget", amount=amount) if amount is not None else _said(report, "no_budget")
    _body(document, _said(report, "budgets", total=total, known=budget_count(plan, lang)))
    _table(document, report, BUDGET_TABLE, [row | {"known": budget_count(row, lang)} for row in report.budgets])
    unlinked = unlinked_note(report)
    if unlinked:
        _body(document, unlinked)


def _with_demo_mark(report: AnnualReport, project: dict[str, Any]) -> dict[str, Any]:
    """The project's status with the day of its report under it (three wind farms read "Đang thi công, 0 %" from
    reports of 2019, with no date: trial 47) and "(minh họa)" after it when it comes from demonstration data."""
    status = f"{project['status']} ({project['demo']})" if project["demo"] else project["status"]
    if project.get("reported_at"):
        status += "\n" + _said(report, "reported", day=_day(report, project["reported_at"]))
    return project | {"status": status}


def _issues(document: Document, report: AnnualReport) -> None:
    for key in ("obstacles", "proposals"):
        _body(document, _said(report, key), bold=True)
        items = [
            _said(report, "issue", agency=item["agency_name"], action=item["action"], text=item[key])
            for item in report.narrative
            if item[key]
        ]
        for text in items or [_said(report, "no_issues")]:
            _body(document, text)


def _closing(document: Document, report: AnnualReport) -> None:
    document.add_paragraph()
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    _line(left, _said(report, "recipients"), bold=True, italic=True, size=12, align=WD_ALIGN_PARAGRAPH.LEFT, first=True)
    for key in ("to_committee", "to_ministry", "to_departments", "to_archive"):
        _line(left, _said(report, key), size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    _line(right, _said(report, "director"), bold=True, first=True)


def _table(document: Document, report: AnnualReport, table_columns: Columns, rows: list[dict[str, Any]]) -> Table:
    """The table of ``rows`` under a bold header, numbered, its columns given the width their texts need (_shared).
    Its rows are written as Word's XML, parsed once: python-docx's calls a cell (a row added, each cell's paragraph,
    run, bold, italic, size and width) took two to four seconds of a report's Word file (its 74 sub-tasks' rows)."""
    columns = columns_in(table_columns, report.lang)
    texts = [[label, *(_text(report, row[key]) for row in rows)] for key, label in columns]
    widths = [TT_WIDTH, *_shared(TEXT_WIDTH - TT_WIDTH, texts)]
    table = document.add_table(rows=0, cols=len(widths))
    table.style = document.styles["Table Grid"]
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):  # the grid (LibreOffice); each cell's too (Word)
        column.width = width
    numbers = [_said(report, "numbering"), *(str(number) for number in range(1, len(rows) + 1))]
    lines = [
        _row_xml(
            [(numbers[at], "center"), *((column[at], "center" if at == 0 else "left") for column in texts)],
            [Length(width).twips for width in widths],
            bold=at == 0,
        )
        for at in range(len(numbers))
    ]
    table._tbl.extend(parse_xml(f"<w:tbl {nsdecls('w')}>{''.join(lines)}</w:tbl>"))
    return table


def _row_xml(cells: list[tuple[str, str]], twips: list[int], *, bold: bool) -> str:
    """A table row's ``<w:tr>``: each cell's text (its lines broken, as a run's text is) in 11-point type, aligned
    as said, bold in the header row, its width in twips."""
    weight = "<w:b/>" if bold else '<w:b w:val="0"/>'
    return (
        "<w:tr>"
        + "".join(
            f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/></w:tcPr><w:p><w:pPr><w:spacing w:after="0"/>'
            f'<w:jc w:val="{align}"/></w:pPr><w:r><w:rPr>{weight}<w:i w:val="0"/><w:sz w:val="22"/></w:rPr>'
            f"{_run_text(text)}</w:r></w:p></w:tc>"
            for (text, align), width in zip(cells, twips, strict=True)
        )
        + "</w:tr>"
    )


def _run_text(text: str) -> str:
    """A run's text as python-docx writes it: a line break ``<w:br/>``, a tab ``<w:tab/>``, the rest ``<w:t>``."""
    parts = re.split(r"(\n|\t)", text)
    return "".join(
        {"\n": "<w:br/>", "\t": "<w:tab/>"}.get(part)
        or (f'<w:t xml:space="preserve">{escape(part)}</w:t>' if part else "")
        for part in parts
    )


def _shared(width: Length, texts: list[list[str]]) -> list[int]:
    """``width`` shared among columns by how long their texts run (a long indicator's name gets room, a unit or a
    percent little), each column at least as wide as its longest word ("đồng/người", "Thực"; up to MOST_LEAST).
    Equal columns broke "Giảm cường độ phát thải khí nhà kính" a word a line over seven lines."""
    words = [max(len(word) for text in column for word in text.split() or [""]) for column in texts]
    least = [min(MOST_LEAST, CELL_MARGINS + WORD_LETTER * letters) for letters in words]
    if sum(least) > width * WORDS_AT_MOST:  # a table of many long words: a share of the width still goes by length
        least = [w * width * WORDS_AT_MOST / sum(least) for w in least]
    weights = [max(6, min(60, max(len(text) for text in column))) for column in texts]
    held: set[int] = set()  # columns given their least width, the others sharing the rest by weight
    while True:
        free = [i for i in range(len(texts)) if i not in held]
        rest = width - sum(least[i] for i in held)
        shares = {i: rest * weights[i] / sum(weights[j] for j in free) for i in free}
        short = {i for i, share in shares.items() if share < least[i]}
        if not short or len(short) == len(free):
            return [int(least[i]) if i in held else int(shares[i]) for i in range(len(texts))]
        held |= short


def _text(report: AnnualReport, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _said(report, "yes" if value else "no")
    if isinstance(value, float):  # ints are years and counts, written plainly
        return local_number(value, report.lang)
    if isinstance(value, date):
        return _day(report, value)
    return str(value)
