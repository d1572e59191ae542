"""``georeg report annual``: the yearly report of a plan to a file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

report_app = typer.Typer(help="Báo cáo hằng năm · Reports for the yearly review.", no_args_is_help=True)
console = Console()


@report_app.command("annual")
def annual(
    plan: Annotated[str, typer.Option(help='Plan code, e.g. "148/QĐ-UBND"')],
    year: Annotated[int, typer.Option(help="Reporting year")],
    out: Annotated[Path, typer.Option(help="Output file: .xlsx, .csv, .docx or .html")],
    scheme: Annotated[
        str | None, typer.Option(help="units: pre2025 (districts) or 2025 (communes); default: 2025 from 2025 on")
    ] = None,
    crosswalk: Annotated[bool, typer.Option(help="add the districts-to-communes crosswalk (XLSX)")] = False,
    lang: Annotated[
        str, typer.Option(help="language of the report: vi (the one the department files) or en (for partners)")
    ] = "vi",
) -> None:
    """Write the yearly report (per plan action, agency and unit; indicators) due before 14 November.

    The HTML file carries its map as an image, so it opens from disk with no app and no internet.
    """
    from geo.annual_report import ReportError, annual_report
    from geo.db import get_engine, session_scope
    from geo.settings import get_settings
    from maps.annual_report_formats import render_report

    try:
        with session_scope(get_engine()) as session:
            fmt = out.suffix.lstrip(".").lower()
            report = annual_report(session, plan, year, scheme, crosswalk, lang)
            body = render_report(session, report, fmt, get_settings())
    except (ReportError, OSError) as error:
        console.print(f"[red]No report written:[/red] {error} (the output file name sets the format)")
        raise typer.Exit(1) from error
    out.write_bytes(body)
    console.print(f"report written to {out}")
