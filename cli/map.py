"""``georeg map export``: a printable map (the projects map or the progress choropleth, PNG or PDF, A4 or A3), or a
unit's page as a standalone HTML file or its map as a PNG, for the yearly report."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from cli.ingest import Lang
from cli.out_file import check_folder, refuse, write
from cli.typer_words import SaidTyper

map_app = SaidTyper(help="Bản đồ cho báo cáo năm · Maps for the yearly report.", no_args_is_help=True)
console = Console()
#: What the command says, in the language asked (the sheet's).
WORDS = {
    "vi": {
        "nothing": "Không ghi gì:",
        "map": "Đã ghi bản đồ dự án vào {out} ({paper} {orientation}, {size} byte)",
        "progress": "Đã ghi bản đồ tiến độ vào {out} ({paper} {orientation}, {size} byte)",
        "landscape": "ngang",
        "portrait": "dọc",
        "unit": "Đã ghi đơn vị {unit} vào {out}",
        "no_unit": "--what unit cần --unit: mã của đơn vị, vd. 954",
        "unit_suffix": "trang đơn vị được ghi vào tệp .html hoặc .png, không phải {name}; hãy đổi --out",
        "unknown_status": "--status {word!r} không phải một tình trạng; các từ được nhận: {words}",
    },
    "en": {
        "nothing": "Nothing written:",
        "map": "Project map written to {out} ({paper} {orientation}, {size} bytes)",
        "progress": "Progress map written to {out} ({paper} {orientation}, {size} bytes)",
        "landscape": "landscape",
        "portrait": "portrait",
        "unit": "unit {unit} written to {out}",
        "no_unit": "--what unit needs --unit: the unit's code, e.g. 954",
        "unit_suffix": "a unit's page is written to a .html or .png file, not {name}; change --out",
        "unknown_status": "--status {word!r} is not a status; the words taken: {words}",
    },
}


@map_app.command("export")
def export(
    out: Annotated[
        Path, typer.Option("--out", "-o", help="tệp sẽ ghi · output file (.pdf, .png; trang đơn vị · a unit's: .html)")
    ],
    what: Annotated[
        str | None,
        typer.Option(help="map (dự án · projects), progress (tiến độ · choropleth); mặc định · default: map, unit"),
    ] = None,
    unit: Annotated[
        str | None,
        typer.Option(
            help="trang của đơn vị, hoặc bản đồ (map, progress) của riêng đơn vị: mã, vd. 954 · a unit's page, or "
            "the map (map, progress) of that unit only: its code, e.g. 954"
        ),
    ] = None,
    scheme: Annotated[
        str | None,
        typer.Option(
            help="pre2025 hoặc 2025: ranh giới vẽ trên bản đồ; mặc định ranh giới của các tỉnh --province chọn (96 "
            "Cà Mau: 2025), không chọn tỉnh: pre2025 · the boundaries drawn; by default those of the provinces "
            "chosen (96 Cà Mau: 2025), with none chosen pre2025"
        ),
    ] = None,
    format: Annotated[
        str | None, typer.Option(help="pdf hoặc png; mặc định theo đuôi tệp · default: the file's suffix")
    ] = None,
    paper: Annotated[str, typer.Option(help="khổ giấy · paper: a4, a3")] = "a4",
    orientation: Annotated[
        str, typer.Option(help="hướng giấy · orientation: landscape (ngang), portrait (dọc)")
    ] = "landscape",
    as_of: Annotated[
        datetime | None,
        typer.Option(
            "--as-of",
            formats=["%d/%m/%Y", "%Y-%m-%d"],
            help="tình trạng tính đến ngày (30/06/2025 hay 2025-06-30) · statuses as of this date",
        ),
    ] = None,
    weight: Annotated[str, typer.Option(help="progress: trọng số · weight: count, budget, size")] = "count",
    kind: Annotated[list[str] | None, typer.Option(help="loại dự án, lặp lại được · project kind, repeatable")] = None,
    status: Annotated[
        list[str] | None, typer.Option(help="map: tình trạng, lặp lại được · project status, repeatable")
    ] = None,
    plan: Annotated[
        list[str] | None, typer.Option(help='mã kế hoạch · plan code, e.g. "148/QĐ-UBND", repeatable')
    ] = None,
    province: Annotated[
        list[str] | None,
        typer.Option(
            help="mã tỉnh, vd. 96 (Cà Mau) hoặc 86 (Vĩnh Long), lặp lại được · province code, e.g. 96 (Cà Mau) or 86 "
            "(Vĩnh Long), repeatable"
        ),
    ] = None,
    bbox: Annotated[
        str | None,
        typer.Option(help="in phần này · print this part: tây,nam,đông,bắc · west,south,east,north (độ · degrees)"),
    ] = None,
    salinity: Annotated[
        str | None,
        typer.Option(help='map: vùng nhiễm mặn của kỳ này · the salinity zones of this period ("2025-03", latest)'),
    ] = None,
    lang: Annotated[
        Lang, typer.Option(help="ngôn ngữ của bản đồ và thông báo · the language of the map and of the messages")
    ] = Lang.vi,
) -> None:
    """Xuất bản đồ để in (PDF, PNG) hoặc trang của một đơn vị (HTML, PNG) · Write a printable map or a unit's page.

    Có tiêu đề, ngày, chú giải, thước tỷ lệ, hướng bắc, nguồn · With title, date, legend, scale bar, north arrow.

    Ví dụ · e.g. georeg map export --what progress --paper a3 --as-of 2025-06-30 -o progress.pdf"""
    what = what or ("unit" if unit else "map")
    words = WORDS[lang]
    check_folder(out, lang.value, words["nothing"])
    if what == "unit":
        _unit_page(unit, out, scheme, lang)
        return
    from geo.db import get_engine, session_scope
    from geo.progress import ProgressQuery
    from geo.queries.scheme_in_force import FORMER_SCHEME, scheme_of_provinces
    from geo.settings import get_settings
    from geo.vi_format import local_number
    from maps.map_export import LOWEST_LEVEL, MapExport, export_map, map_scheme

    filters = {
        "kind": kind,
        "status": _statuses(status, lang),
        "plan": plan,
        "province": province,
        "unit": [unit] if unit else None,
    }
    with _refusals(lang), session_scope(get_engine()) as session:
        # Cà Mau (96) on its communes, not on former Bạc Liêu's districts (trial 66)
        of_provinces = scheme_of_provinces(session, province) if scheme is None and province and not unit else None
        chosen_scheme = scheme or of_provinces or FORMER_SCHEME
        if what == "map":  # a unit's map in its own boundaries, as the web's (?unit=31900: Cần Thơ, not Sóc Trăng)
            chosen_scheme = map_scheme(session, [unit] if unit else [], scheme, chosen_scheme)
        request = MapExport(
            what=what,
            format=format or out.suffix.lstrip(".").lower(),
            paper=paper,
            orientation=orientation,
            lang=lang.value,
            as_of=as_of.date() if as_of else None,
            scheme=chosen_scheme,
            filters={name: values for name, values in filters.items() if values and what == "map"},
            frame=_frame(bbox),
            salinity=salinity,
        )
        if what == "progress" and chosen_scheme in LOWEST_LEVEL:
            request.progress = ProgressQuery(
                scheme=chosen_scheme,
                level=LOWEST_LEVEL[chosen_scheme],
                weight=weight,
                kinds=kind or [],
                plans=plan or [],
                provinces=province or [],
                units=[unit] if unit else [],
            )
        body = export_map(session, request, get_settings())
    write(out, body, lang.value, words["nothing"])
    size, orientation = local_number(len(body), lang.value, 0), words.get(request.orientation, request.orientation)
    told = words["progress" if what == "progress" else "map"]
    console.print(told.format(out=out, paper=request.paper.upper(), orientation=orientation, size=size), markup=False)


def _statuses(words: list[str] | None, lang: Lang) -> list[str] | None:
    """--status as a sheet's status column is read ("Chuẩn bị", "dang thi cong", a code: geo.coded_words), the
    codes the filter takes; an unknown word refused with the words taken."""
    from geo.coded_words import read_status, words_taken
    from geo.vocab import PROJECT_STATUSES

    for word in words or []:
        if read_status(word) is None:
            taken = words_taken(PROJECT_STATUSES).text(lang.value)
            refuse(WORDS[lang]["nothing"], WORDS[lang]["unknown_status"].format(word=word, words=taken))
    return [read_status(word) for word in words] if words else words


def _unit_page(unit: str | None, out: Path, scheme: str | None, lang: Lang) -> None:
    from geo.db import get_engine, session_scope
    from geo.queries.unit_summary import find_unit
    from geo.settings import get_settings
    from maps.assets import inline_assets
    from maps.map_export import export_unit_map
    from maps.pages import unit_page

    fmt = out.suffix.lstrip(".").lower()
    words = WORDS[lang]
    if not unit:
        refuse(words["nothing"], words["no_unit"])
    if fmt not in ("html", "png"):
        refuse(words["nothing"], words["unit_suffix"].format(name=out.name))
    with _refusals(lang), session_scope(get_engine()) as session:
        found = find_unit(session, unit, scheme)
        if fmt == "png":
            body = export_unit_map(session, found, lang.value, get_settings())
        else:
            page = unit_page(session, found, lang.value, exported=True).get_root().render()
            body = inline_assets(page, get_settings().assets_dir).encode("utf-8")
    write(out, body, lang.value, words["nothing"])
    console.print(words["unit"].format(unit=unit, out=out), markup=False)  # a path as typed: "[bản nháp]" stays


@contextmanager
def _refusals(lang: Lang) -> Iterator[None]:
    """A refusal of the export said in ``lang`` after "Nothing written:", exit code 1: the export's own
    (maps.export_refusals), an unknown unit's, a filter value's (layers.sources)."""
    from geo.said import SaidError

    try:
        yield
    except SaidError as error:  # layers.sources' refusals among them
        refuse(WORDS[lang]["nothing"], error.said.text(lang.value), error)


def _frame(bbox: str | None) -> tuple[float, float, float, float] | None:
    """``--bbox`` as four degrees; refused naming it otherwise."""
    from maps.export_refusals import refused

    if bbox is None:
        return None
    try:
        west, south, east, north = (float(v) for v in bbox.split(","))
    except ValueError as error:
        raise refused("bbox_numbers", given=repr(bbox)) from error
    return west, south, east, north
