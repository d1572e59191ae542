"""The yearly report as a Word document in the administrative format of Decree 30/2020/NĐ-CP (Appendix I):
A4, Times New Roman 13, margins 20/20/30/15 mm; the issuing body and the document number on the left and the
national motto with the place and date on the right; the title; the body; the recipients and the signature.

The number is left for the clerk to fill ("Số:      /BC-STC"), as the document is numbered when it is signed.
Numbers and dates are written the Vietnamese way (geo.vi_format).
"""

from __future__ import annotations

import io
from collections import Counter
from datetime import date
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from geo.annual_report import NO_TARGETS, AnnualReport, budget_count, demo_note
from geo.vi_format import vi_date, vi_long_date, vi_number

FONT = "Times New Roman"
TEXT_WIDTH = Mm(165)  # the A4 page less its margins (30 mm left, 15 mm right: Decree 30/2020's layout)
TT_WIDTH = Mm(10)  # a table's numbering column
WORD_LETTER = Mm(2.4)  # a letter of a table's 11-point text (its header's bold), for a word to fit its column whole
MOST_LEAST = Mm(30)  # the most a column's longest word claims (a web address is broken rather)
CELL_MARGINS = Mm(5)  # a cell's left and right margins, with room to spare
WORDS_AT_MOST = 0.9  # of a table's width, the most its columns' longest words claim
MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_LINE = "Độc lập - Tự do - Hạnh phúc"
INDICATOR_TABLE = (
    ("name", "Chỉ tiêu"),
    ("unit", "Đơn vị tính"),
    ("target", "Mục tiêu"),
    ("latest_value", "Thực hiện"),
    ("latest_period", "Kỳ số liệu"),
    ("assessment", "Đánh giá"),
    ("provenance", "Nguồn số liệu"),
)
COMPUTED_TABLE = (("name", "Chỉ số"), ("unit", "Đơn vị tính"), ("value", "Giá trị"), ("sources", "Nguồn"))
PROJECT_TABLE = (
    ("action", "Nhiệm vụ"),
    ("name", "Dự án"),
    ("units", "Địa bàn"),
    ("budget", "Vốn (tỷ đồng)"),
    ("status", "Tình trạng"),
    ("percent", "Tiến độ (%)"),
)
BUDGET_TABLE = (
    ("action", "Nhiệm vụ"),
    ("action_title", "Tên nhiệm vụ"),
    ("budget", "Tổng vốn (tỷ đồng)"),
    ("known", "Số dự án có số vốn"),
)


def to_docx(report: AnnualReport, map_png: bytes | None = None) -> bytes:
    """The document; ``map_png``, the progress choropleth, goes under the project tables."""
    document = Document()
    _page_and_fonts(document)
    _header(document, report)
    _title(document, report)
    _narrative(document, report)
    _indicators(document, report)
    _projects(document, report)
    if map_png:
        document.add_picture(io.BytesIO(map_png), width=Mm(160))
        document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _line(
            document,
            f"Hình 1. Tiến độ bình quân của các dự án theo đơn vị hành chính, {vi_date(report.year_end)}",
            italic=True,
            size=12,
        )
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


def _header(document: Document, report: AnnualReport) -> None:
    issuer = report.issuer
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    left.width, right.width = Mm(70), Mm(95)
    _line(left, f"ỦY BAN NHÂN DÂN TỈNH {issuer.province.upper()}", size=12, first=True)
    _line(left, (issuer.agency or "Sở Kế hoạch và Đầu tư").upper(), bold=True, size=12)
    _line(left, "———")
    abbreviation = issuer.agency_code.split(".")[-1] if issuer.agency_code else "UBND"
    _line(left, f"Số:        /BC-{abbreviation}")
    _line(right, MOTTO, bold=True, size=12, first=True)
    _line(right, MOTTO_LINE, bold=True, size=13)
    _line(right, "———————————")
    _line(right, f"{issuer.province}, {vi_long_date(report.issued_on)}", italic=True)


def _title(document: Document, report: AnnualReport) -> None:
    plan = report.plan
    document.add_paragraph()
    _line(document, "BÁO CÁO", bold=True, size=14)
    _line(document, f"Kết quả thực hiện Kế hoạch hành động tăng trưởng xanh năm {report.year}", bold=True, size=14)
    _line(
        document,
        f"(Kế hoạch ban hành kèm theo Quyết định số {plan['code']} ngày {vi_date(plan['issued_on'])}: "
        f"{plan['title_vi']})",
        italic=True,
    )
    _line(document, "———")
    intro = (
        f"Thực hiện Kế hoạch số {plan['code']}, {report.issuer.agency or 'cơ quan đầu mối'} tổng hợp kết quả "
        f"thực hiện năm {report.year} từ báo cáo của các cơ quan, đơn vị, số liệu chỉ tiêu và tình trạng các dự án "
        f"trong cơ sở dữ liệu (tính đến {vi_date(report.year_end)}), như sau:"
    )
    _body(document, intro)


def _body(document: Document, text: str, *, bold: bool = False) -> Paragraph:
    paragraph = _line(document, text, bold=bold, size=13, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    paragraph.paragraph_format.first_line_indent = Mm(10)
    paragraph.paragraph_format.space_after = Pt(6)
    return paragraph


def _narrative(document: Document, report: AnnualReport) -> None:
    _body(document, "I. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ", bold=True)
    if not report.narrative:
        _body(document, f"Chưa có báo cáo của cơ quan chủ trì nào được tiếp nhận cho năm {report.year}.")
    for number, item in enumerate(report.narrative, start=1):
        _body(
            document, f"{number}. Nhiệm vụ {item['action']}: {item['action_title']} ({item['agency_name']})", bold=True
        )
        _body(document, item["results"])


def _indicators(document: Document, report: AnnualReport) -> None:
    _body(document, "II. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", bold=True)
    if not report.indicators:
        _body(document, NO_TARGETS)
    else:
        _table(document, INDICATOR_TABLE, [row | {"target": _target(row)} for row in report.indicators])
    _body(document, f"Các chỉ số tính từ cơ sở dữ liệu dự án (tính đến {vi_date(report.year_end)}):")
    _table(document, COMPUTED_TABLE, report.computed)


def _target(row: dict[str, Any]) -> str:
    low, high = row["target_min"], row["target_max"]
    value = (
        f"{vi_number(low)}–{vi_number(high)}"
        if None not in (low, high) and low != high
        else vi_number(low if low is not None else high)
    )
    return f"{value} (năm {row['target_year']})" if row["target_year"] else value


def _projects(document: Document, report: AnnualReport) -> None:
    _body(document, "III. TÌNH HÌNH THỰC HIỆN CÁC DỰ ÁN", bold=True)
    counts = Counter(project["status"] for project in report.projects)
    summary = "; ".join(f"{status}: {vi_number(n)}" for status, n in counts.most_common())
    _body(document, f"Tổng số {vi_number(len(report.projects))} dự án thuộc Kế hoạch. {summary}.")
    note = demo_note(report)
    if note:
        _body(document, f"Lưu ý: {note}")
    _budgets(document, report)
    _table(document, PROJECT_TABLE, [_with_demo_mark(project) for project in report.projects])


def _budgets(document: Document, report: AnnualReport) -> None:
    """The money of the plan's projects, per action, saying how many projects have a figure (the total is theirs)."""
    if not report.budgets:
        return
    plan = report.budgets[-1]
    total = f"{vi_number(plan['budget'])} tỷ đồng" if plan["budget"] is not None else "chưa có số liệu"
    _body(document, f"Vốn của các dự án: {total} ({budget_count(plan, 'vi')}); theo nhiệm vụ:")
    _table(document, BUDGET_TABLE, [row | {"known": budget_count(row, "vi")} for row in report.budgets])


def _with_demo_mark(project: dict[str, Any]) -> dict[str, Any]:
    """The project's status with the day of its report under it (three wind farms read "Đang thi công, 0 %" from
    reports of 2019, with no date: trial 47) and "(minh họa)" after it when it comes from demonstration data."""
    status = f"{project['status']} ({project['demo']})" if project["demo"] else project["status"]
    if project.get("reported_at"):
        status += f"\n(báo cáo {vi_date(project['reported_at'])})"
    return project | {"status": status}


def _issues(document: Document, report: AnnualReport) -> None:
    for heading, key in (("IV. KHÓ KHĂN, VƯỚNG MẮC", "obstacles"), ("V. ĐỀ XUẤT, KIẾN NGHỊ", "proposals")):
        _body(document, heading, bold=True)
        items = [
            f"- {item['agency_name']} (nhiệm vụ {item['action']}): {item[key]}"
            for item in report.narrative
            if item[key]
        ]
        for text in items or ["Chưa có nội dung trong các báo cáo được tiếp nhận."]:
            _body(document, text)


def _closing(document: Document, report: AnnualReport) -> None:
    document.add_paragraph()
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    _line(left, "Nơi nhận:", bold=True, italic=True, size=12, align=WD_ALIGN_PARAGRAPH.LEFT, first=True)
    for line in ("- UBND tỉnh (để báo cáo);", "- Bộ Tài chính;", "- Các sở, ban, ngành tỉnh;", "- Lưu: VT."):
        _line(left, line, size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    _line(right, "GIÁM ĐỐC", bold=True, first=True)


def _table(document: Document, columns: tuple[tuple[str, str], ...], rows: list[dict[str, Any]]) -> Table:
    table = document.add_table(rows=1, cols=len(columns) + 1)
    table.style = document.styles["Table Grid"]
    table.autofit = False
    for cell, label in zip(table.rows[0].cells, ["TT", *(label for _, label in columns)], strict=True):
        _line(cell, label, bold=True, size=11, first=True)
    for number, row in enumerate(rows, start=1):
        cells = table.add_row().cells
        _line(cells[0], str(number), size=11, first=True)
        for cell, (key, _) in zip(cells[1:], columns, strict=True):
            _line(cell, _text(row[key]), size=11, align=WD_ALIGN_PARAGRAPH.LEFT, first=True)
    texts = [[label, *(_text(row[key]) for row in rows)] for key, label in columns]
    widths = [TT_WIDTH, *_shared(TEXT_WIDTH - TT_WIDTH, texts)]
    for column, width in zip(table.columns, widths, strict=True):  # the grid (LibreOffice) and each cell (Word)
        column.width = width
        for cell in column.cells:
            cell.width = width
    return table


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


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, float):  # ints are years and counts, written plainly
        return vi_number(value)
    if isinstance(value, date):
        return vi_date(value)
    return str(value)
