"""``georeg report annual``: the yearly report of a plan to a file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from cli.out_file import check_folder, refuse, write
from cli.typer_words import SaidTyper

report_app = SaidTyper(help="Báo cáo hằng năm · Reports for the yearly review.", no_args_is_help=True)
console = Console()


#: What the command says, in the report's language (--lang): a refusal (its reason after it), or where it wrote.
_SAID = {
    "vi": {
        "refused": "Chưa ghi báo cáo:",
        "format": "đuôi tệp --out quyết định định dạng",
        "written": "Đã ghi báo cáo vào {out}",
    },
    "en": {
        "refused": "No report written:",
        "format": "the output file name sets the format",
        "written": "report written to {out}",
    },
}


@report_app.command("annual")
def annual(
    plan: Annotated[str, typer.Option(help='mã kế hoạch · plan code, e.g. "148/QĐ-UBND"')],
    year: Annotated[int, typer.Option(help="năm báo cáo · reporting year")],
    out: Annotated[Path, typer.Option(help="tệp sẽ ghi · output file: .xlsx, .csv, .docx or .html")],
    scheme: Annotated[
        str | None,
        typer.Option(
            help="đơn vị: pre2025 (huyện) hoặc 2025 (xã); mặc định 2025 từ năm 2025 · units: pre2025 (districts) or "
            "2025 (communes); default: 2025 from 2025 on"
        ),
    ] = None,
    crosswalk: Annotated[
        bool, typer.Option(help="thêm bảng đối chiếu huyện–xã (XLSX) · add the districts-to-communes crosswalk (XLSX)")
    ] = False,
    lang: Annotated[
        str,
        typer.Option(
            help="ngôn ngữ của báo cáo và thông báo: vi (bản sở nộp) hoặc en (cho đối tác) · language of the report "
            "and the messages: vi (the one the department files) or en (for partners)"
        ),
    ] = "vi",
) -> None:
    """Ghi báo cáo hằng năm · Write the yearly report (per plan action, agency and unit; indicators) due before
    14 November.

    Tệp HTML mang bản đồ dạng ảnh, mở từ đĩa không cần ứng dụng hay internet ·
    The HTML file carries its map as an image, so it opens from disk with no app and no internet.
    """
    from geo.annual_report import ReportError, annual_report
    from geo.db import get_engine, session_scope
    from geo.settings import get_settings
    from maps.annual_report_formats import render_report
    from maps.export_refusals import SheetNotDrawn

    said_in = "en" if lang == "en" else "vi"
    words = _SAID[said_in]
    check_folder(out, said_in, words["refused"])  # before the report is drawn, not after
    try:
        with session_scope(get_engine()) as session:
            fmt = out.suffix.lstrip(".").lower()
            report = annual_report(session, plan, year, scheme, crosswalk, lang)
            body = render_report(session, report, fmt, get_settings())
    except ReportError as error:
        reason = error.said.text(lang)
        if error.parameter == "format":
            reason += f" ({words['format']})"
        refuse(words["refused"], reason, error)
    except SheetNotDrawn as error:  # its printed map: matplotlib's fonts
        refuse(words["refused"], error.said.text(said_in), error)
    except OSError as error:
        refuse(words["refused"], str(error), error)
    write(out, body, said_in, words["refused"])
    console.print(words["written"].format(out=escape(str(out))), highlight=False)
