"""``georeg ingest`` and ``georeg export``: GIS staff's files in and out of the registry.

The registry's modules are imported inside the commands (see cli.accounts), so ``georeg`` starts fast.
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from cli.out_file import check_readable, refuse, written_beside

if TYPE_CHECKING:
    from geo.ingest import Report
    from geo.ingest.raster import RasterReport
    from geo.ingest.report import Problem

console = Console()


class Into(StrEnum):
    projects = "projects"
    units = "units"
    salinity = "salinity"
    forest = "forest"


class Mode(StrEnum):
    append = "append"
    upsert = "upsert"
    replace = "replace"


class Lang(StrEnum):
    vi = "vi"
    en = "en"


class SharesWhen(StrEnum):
    """When a projects load's shares in the units (progress per unit) are recomputed."""

    now = "now"
    background = "background"


#: How many projects of a field whose texts a shapefile cut the export command names (its README.txt names all).
CUT_CODES_SHOWN = 5
#: The export command's words.
EXPORT_WORDS = {
    "vi": {
        "written": "đã ghi lớp {layer}{chosen}{as_of} vào {out} ({fmt}, {crs})",
        "as_of": " (tính đến {day}: tình trạng của ngày đó)",
        "nothing": "không xuất được:",
        "not_filtered": "lớp {layer} không lọc được theo {option}; lớp này lọc được theo: {accepted}",
        "cut": "văn bản dài hơn mức một trường shapefile chứa được ({limit} byte UTF-8; chữ có dấu chiếm 2–3 byte) "
        "đã bị cắt trong tệp ({fields}; danh sách đầy đủ trong README.txt của tệp zip); nạp lại tệp này (--mode "
        "upsert) vẫn giữ văn bản đầy đủ đang lưu, nhưng văn bản dài sửa trong tệp sẽ bị cắt: xuất GeoPackage "
        "(--format gpkg) để sửa văn bản dài",
        "cleaned": "{count} văn bản lưu từ trước khi có quy tắc chứa ký tự không phải chữ; tệp ghi chúng không có các "
        "ký tự ấy: {texts}",
    },
    "en": {
        "written": "{layer}{chosen}{as_of} written to {out} ({fmt}, {crs})",
        "as_of": " (as of {day}: the statuses of that day)",
        "nothing": "not exported:",
        "not_filtered": "layer {layer} cannot be filtered by {option}; it can by: {accepted}",
        "cut": "texts longer than a shapefile field holds ({limit} bytes of UTF-8; a Vietnamese letter with its marks "
        "takes 2-3) are cut in the file ({fields}; every one listed in the zip's README.txt); loading it back "
        "(--mode upsert) keeps the whole stored texts, but a long text edited in it is cut: export a GeoPackage "
        "(--format gpkg) to edit long texts",
        "cleaned": "stored before the rule, {count} of its texts held characters that are not text; the file has them "
        "without those characters: {texts}",
    },
}
#: The printed report's own words; its problems come in both languages (geo.ingest.messages).
REPORT_WORDS = {
    "vi": {
        "format": "định dạng",
        "layers": "lớp",
        "columns": "cột → trường",
        "header_row": "dòng tiêu đề",
        "crs": "hệ tọa độ",
        "encoding": "bảng mã",
        "provinces_read": "mã tỉnh",
        "sites_kept": "vị trí",
        "possible_duplicates": "có thể trùng",
        "status_as_of": "tình trạng tính đến ngày",
        "features": "số đối tượng",
        "written": "đã ghi",
        "changes": "dự án",
        "changes_if_loaded": "dự án, nếu nạp",
        "named_new": "dự án mới",
        "named_updated": "dự án cập nhật",
        "of_units": {"changes": "đơn vị", "changes_if_loaded": "đơn vị, nếu nạp", "named_new": "đơn vị mới"}
        | {"named_updated": "đơn vị cập nhật"},
        "job": "mã lượt nạp",
        "raster_would": "chạy thử: ảnh raster sẽ đăng ký được ({theme}, {crs}); chưa ghi gì",
        "raster_registered": "đã đăng ký ảnh raster {raster_id} ({theme}, {crs}, ảnh thu nhỏ {overviews}) tại {path}",
        "forest_still": "chưa tính xong che phủ rừng của các đơn vị (xem nhật ký); ứng dụng sẽ tính lại sau ít phút, "
        "hoặc chạy georeg forest stats --raster SỐ",
        "sample": "Dòng mẫu (như sẽ lưu)",
        "sample_stored": "Dòng mẫu (như đã lưu)",
        "sample_refused": "Dòng mẫu (như đọc từ tệp; không lưu gì)",
        "loading": "đang nạp {name}",
        "loading_line": "đang nạp {name}: {done}/{total} đối tượng",
        "shares_line": "đang tính lại phần trong các đơn vị: {done}/{total} dự án",
        "checking": "đang kiểm tra {name} (chạy thử)",
        "checking_line": "đang kiểm tra {name} (chạy thử): {done}/{total} đối tượng",
        # a label, its colon after it: "cảnh báo tệp đưa…" read as a sentence (trial 71)
        "warning": "Cảnh báo:",
        "error": "Lỗi:",
        "more": "… và thêm {errors} lỗi, {warnings} cảnh báo",
        "would_load": "chạy thử: tệp sẽ nạp được; chưa ghi gì",
        # every project the file puts back, in a CSV beside it (trial s71: the refusal named 5 of 258)
        "steps_back_list": "Danh sách đủ {count} dự án bị đưa lùi lại (mã, tên, tình trạng hiện có và trong tệp, ai "
        "báo cáo): {path}",
        "steps_back_list_not_written": "Không ghi được danh sách đủ {count} dự án bị đưa lùi lại vào {path} ({why}): "
        "hãy chỉ một chỗ ghi được bằng --steps-back-list TỆP, hoặc dùng --json (steps_back_list liệt kê đủ)",
        "would_load_if_confirmed": "chạy thử: tệp chỉ nạp được khi bạn xác nhận các dự án bị đưa lùi lại "
        "(--accept-steps-back); chưa ghi gì",
        "loaded": "đã nạp {count} đối tượng (lượt nạp {job})",
        "loaded_one": "đã nạp 1 đối tượng (lượt nạp {job})",
        "loaded_reload": "đã nạp tệp ({features} đối tượng): ghi {count} đối tượng mới hoặc thay đổi, các đối tượng "
        "khác giữ nguyên (lượt nạp {job})",
        "refused": "không nạp, không có gì thay đổi: {count} lỗi{features}, {warnings}",
        "not_loaded": "không nạp, không có gì thay đổi:",
        # a stale export refused: what the other command would do, after the refusal (trial 62: printed above it, it
        # was read as what this one does)
        "otherwise": "Cùng lệnh với --keep-changed, giữ nguyên {kept} dự án đã thay đổi như hệ thống đang có, sẽ "
        "cho: {changes}.",
        "otherwise_one": "Cùng lệnh với --keep-changed, giữ nguyên 1 dự án đã thay đổi như hệ thống đang có, sẽ "
        "cho: {changes}.",
        "otherwise_changes": "Những gì lệnh đó sẽ thay đổi",
        "errors_in_all": " được liệt kê ({features} lượt nếu tính riêng từng đối tượng)",
        "recomputing": "đã nạp các dự án; đang tính lại phần của chúng trong các đơn vị (tiến độ theo đơn vị)…",
        "recomputed": "đã tính lại phần của {count} dự án trong {seconds} giây",
        "by_another": "; {others} dự án khác trong hàng chờ do một tiến trình khác tính cùng lúc (ứng dụng, hoặc một "
        "lượt nạp khác): {left}",
        "others_done": "đã xong",
        "others_left": "còn {count} dự án đang tính, bản đồ tiến độ ghi 'đang tính lại' cho đến khi xong",
        "in_background": "đã nạp các dự án; phần của chúng trong các đơn vị được tính lại ở nền (tiến trình {pid}); "
        "bản đồ tiến độ ghi 'đang tính lại' cho đến khi xong",
    },
    "en": {
        "format": "format",
        "layers": "layers",
        "columns": "columns → fields",
        "header_row": "header row",
        "crs": "CRS",
        "encoding": "encoding",
        "provinces_read": "province codes",
        "sites_kept": "sites",
        "possible_duplicates": "may repeat",
        "status_as_of": "statuses as of",
        "features": "features",
        "written": "written",
        "changes": "projects",
        "changes_if_loaded": "projects, if loaded",
        "named_new": "new projects",
        "named_updated": "updated projects",
        "of_units": {"changes": "units", "changes_if_loaded": "units, if loaded", "named_new": "new units"}
        | {"named_updated": "updated units"},
        "job": "job id",
        "raster_would": "dry run: the raster would register ({theme}, {crs}); nothing written",
        "raster_registered": "registered raster {raster_id} ({theme}, {crs}, overviews {overviews}) at {path}",
        "forest_still": "the units' forest cover is not computed yet (see the log); the app computes it again within "
        "minutes, or run georeg forest stats --raster ID",
        "sample": "Sample rows (as they will be stored)",
        "sample_stored": "Sample rows (as stored)",
        "sample_refused": "Sample rows (as read from the file; nothing stored)",
        "loading": "loading {name}",
        "loading_line": "loading {name}: {done} of {total} features",
        "shares_line": "recomputing the shares in the units: {done} of {total} projects",
        "checking": "checking {name} (dry run)",
        "checking_line": "checking {name} (dry run): {done} of {total} features",
        "warning": "Warning:",
        "error": "Error:",
        "more": "… and {errors} more errors, {warnings} more warnings",
        "would_load": "dry run: the file would load; nothing was written",
        "steps_back_list": "The whole list of the {count} projects the file puts back (code, name, status now and "
        "in the file, who reported it): {path}",
        "steps_back_list_not_written": "The whole list of the {count} projects the file puts back could not be "
        "written to {path} ({why}): give a place to write it with --steps-back-list FILE, or use --json (its "
        "steps_back_list has them all)",
        "would_load_if_confirmed": "dry run: the file would load only once you confirm the projects it puts back "
        "(--accept-steps-back); nothing was written",
        "loaded": "loaded {count} features (job {job})",
        "loaded_one": "loaded 1 feature (job {job})",  # not "1 features" (trial 65, F19)
        "loaded_reload": "loaded the file ({features} features): {count} new or changed written, the others left as "
        "they were (job {job})",
        "refused": "not loaded, nothing changed: {count} error(s){features}, {warnings}",
        "not_loaded": "not loaded, nothing changed:",
        "otherwise": "The same command with --keep-changed, keeping the {kept} projects changed as the registry has "
        "them, would make: {changes}.",
        "otherwise_one": "The same command with --keep-changed, keeping the project changed as the registry has it, "
        "would make: {changes}.",
        "otherwise_changes": "What that command would change",
        "errors_in_all": " listed ({features} counting each feature's)",
        "recomputing": "projects loaded; recomputing their shares in the units (progress per unit)…",
        "recomputed": "shares of {count} project(s) recomputed in {seconds} s",
        "by_another": "; {others} other queued project(s) by another process at the same time (the app, or another "
        "load): {left}",
        "others_done": "all done",
        "others_left": "{count} still being recomputed, the progress map says 'recomputing' until done",
        "in_background": "projects loaded; their shares in the units are being recomputed in the background "
        "(process {pid}); the progress map says 'recomputing' until done",
    },
}


@contextmanager
def _imports_kept_from_the_collector() -> Iterator[None]:
    """Import the registry's modules with the garbage collector off, then freeze what they left.

    They leave some 150,000 objects tracked by the collector: collecting while they are imported is wasted, and
    freezing them spares every later collection (the last one at exit) from walking them; together 0.35 s of a
    100k-feature load (bench/ingest.py).
    """
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


@contextmanager
def _dataframe_libraries_left_out() -> Iterator[None]:
    """Import with pandas, geopandas and pyarrow seen as absent, where they are not imported yet.

    pyogrio imports them when they are installed, for its data-frame and Arrow functions (pandas and geopandas 0.2 s of
    a load's start, 0.25 s of Python CPU; pyarrow 0.025 s of CPU); a load reads raw arrays and needs none. Modules
    imported meanwhile take them for missing: only this command's process, which uses no data frame, is affected; a
    process that imported them first (the server, tests) is left as it is."""
    left_out = [name for name in ("geopandas", "pandas", "pyarrow") if name not in sys.modules]
    sys.modules.update(dict.fromkeys(left_out))
    try:
        yield
    finally:
        for name in left_out:
            if sys.modules.get(name, ...) is None:
                del sys.modules[name]


def ingest_command(
    path: Annotated[
        Path,
        typer.Argument(exists=True, dir_okay=False, help="tệp · file: zip, .shp, .gpkg, .geojson, .kml, .csv, .tif"),
    ],
    into: Annotated[Into, typer.Option(help="nạp vào bảng nào · the table to load into")],
    kind: Annotated[
        str | None,
        typer.Option(
            help="khi tệp không có cột này: dự án: loại (mã, vd. sluice; danh sách trong docs/vi/gis-officer.md); "
            "đơn vị: cấp (province, district, commune); độ mặn: cấp mặn · when the file has no such column: projects: "
            "kind; units: level; salinity: class"
        ),
    ] = None,
    scheme: Annotated[
        str | None, typer.Option(help="đơn vị: bộ ranh giới pre2025 hoặc 2025 · units: boundary scheme")
    ] = None,
    crs: Annotated[str | None, typer.Option(help="chỉ định hệ tọa độ, vd. EPSG:9209 · override the CRS")] = None,
    encoding: Annotated[
        str | None, typer.Option(help="chỉ định bảng mã · override the text encoding: utf-8, cp1258, tcvn3, vni")
    ] = None,
    map_: Annotated[list[str], typer.Option("--map", help="trường=cột, lặp lại được · field=column, repeatable")] = [],  # noqa: B006
    mode: Annotated[
        Mode,
        typer.Option(
            help="append: thêm mới; upsert: cập nhật theo mã; replace: chỉ độ mặn, thay các vùng cùng kỳ · append, "
            "upsert (by code), replace (salinity only: the zones of the same period)"
        ),
    ] = Mode.append,
    province: Annotated[
        str | None,
        typer.Option(
            help="mã tỉnh (95 Bạc Liêu, 84 Trà Vinh; từ 2025: 86 Vĩnh Long, 96 Cà Mau): chọn múi TM-3 khi tệp không "
            "có .prj, và tỉnh của dự án khi tệp không có cột tỉnh · province code: the TM-3 zone of a file without "
            ".prj, the province of projects without a province column"
        ),
    ] = None,
    period: Annotated[str | None, typer.Option(help="độ mặn: kỳ, vd. 2025-03 · salinity: period")] = None,
    status_as_of: Annotated[
        str | None,
        typer.Option(
            help="dự án: tình trạng trong tệp là của ngày này, vd. 31/12/2025 (mặc định: ngày nạp) · projects: the "
            "day the file's statuses were true (default: the day of the load)"
        ),
    ] = None,
    year: Annotated[int | None, typer.Option(help="ảnh raster: năm · rasters: year")] = None,
    source: Annotated[str | None, typer.Option(help="nguồn dữ liệu · where the data come from (provenance)")] = None,
    official_vn2000: Annotated[
        bool,
        typer.Option(
            help="coi dữ liệu 'nội bộ' (không dịch chuyển) là VN-2000 chính thức · "
            "treat 'nội bộ' data as official VN-2000"
        ),
    ] = False,
    dry_run: Annotated[
        bool, typer.Option(help="chạy thử: kiểm tra và báo cáo, không ghi gì · check and report, write nothing")
    ] = False,
    accept_steps_back: Annotated[
        bool,
        typer.Option(
            help="dự án: xác nhận nạp tệp đưa dự án lùi lại (giai đoạn trước, % thấp hơn); không có tùy chọn này, "
            "lệnh dừng trước khi ghi và nêu các dự án đó · projects: confirm a file that puts projects back (an "
            "earlier stage, a lower percent); without it the load stops before writing and names them"
        ),
    ] = False,
    keep_changed: Annotated[
        bool,
        typer.Option(
            help="dự án, cập nhật theo mã: dự án nào đã thay đổi trong hệ thống sau khi tệp được xuất hoặc trong lúc "
            "nạp (báo cáo của cán bộ, lượt nạp khác) được giữ như hệ thống đang có, phần còn lại được nạp · projects, "
            "upsert: the projects changed after the file was exported or while it loads are left as the registry has "
            "them, the rest is loaded"
        ),
    ] = False,
    retire_absent: Annotated[
        bool,
        typer.Option(
            help="dự án, cập nhật theo mã: rút khỏi danh mục (như rút bằng tay) các dự án cùng tỉnh, kế hoạch với tệp "
            "(chỉ các đơn vị tệp được xuất cho — cột export_units — hay các huyện cũ tệp bao gồm, nếu tệp chỉ có một "
            "số huyện của tỉnh) mà tệp không có · projects, upsert: retire (as by hand) the projects of the file's "
            "provinces and plans (only the units it was exported for — its export_units — or the former districts it "
            "covers, where it covers some of a province's) that the file does not name"
        ),
    ] = False,
    clean_borders: Annotated[
        bool,
        typer.Option(
            help="đơn vị: làm sạch ranh giới chung, mỗi dải chồng lấn và khe hở hẹp (dưới ~110 m) giữa các đơn vị cùng "
            "cấp được giao cho một đơn vị; báo cáo nêu mỗi đơn vị thay đổi bao nhiêu · units: make neighbours share "
            "their borders, each overlap and thin gap (under ~110 m) going to one unit; the report says how much each "
            "unit changes"
        ),
    ] = False,
    border_tolerance: Annotated[
        str | None,
        typer.Option(
            help="đơn vị, với --clean-borders: mức thay đổi tối đa của một đơn vị, % diện tích (mặc định 1); đơn vị "
            "thay đổi nhiều hơn thì tệp bị từ chối · units, with --clean-borders: the most a unit may change, % of "
            "its area (default 1); a unit changing more refuses the file"
        ),
    ] = None,
    steps_back_list: Annotated[
        Path | None,
        typer.Option(
            help="dự án: ghi danh sách đủ các dự án tệp đưa lùi lại (CSV, mở bằng Excel hay QGIS) vào TỆP này (mặc "
            "định: cạnh tệp nạp, TÊN_lui_lai.csv) · projects: write the whole list of the projects the file puts back "
            "(CSV, for Excel or QGIS) to this FILE (default: beside the file, NAME_lui_lai.csv)",
            dir_okay=False,
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="in báo cáo dạng JSON · print the report as JSON")] = False,
    lang: Annotated[Lang, typer.Option(help="ngôn ngữ của báo cáo · the report's language")] = Lang.vi,
    shares: Annotated[
        SharesWhen,
        typer.Option(
            help="dự án: tính lại tiến độ theo huyện, xã (phần của mỗi dự án trong từng đơn vị hành chính) ngay (now), "
            "trước khi lệnh kết thúc, hoặc ở nền (background): lệnh kết thúc khi dự án đã ghi, bản đồ tiến độ ghi "
            "'đang tính lại' đến khi xong · projects: recompute progress per district and commune now, or in the "
            "background (the command ends at the commit)"
        ),
    ] = SharesWhen.now,
) -> None:
    """Nạp một tệp GIS, tất cả hoặc không gì · Load a GIS file, all or nothing.

    Kèm báo cáo những gì nhận ra và mọi lỗi · With a report of what was detected and every problem found."""
    with _imports_kept_from_the_collector(), _dataframe_libraries_left_out():
        from geo.db import get_engine
        from geo.ingest import IngestRequest, Options, ingest
        from geo.ingest.mapping import parse_map_options
        from geo.ingest.sniff import UnknownFormatError, sniff
        from geo.said import SaidError
        from geo.settings import get_settings

    check_readable(path, lang.value, REPORT_WORDS[lang]["not_loaded"], "PATH")
    settings = get_settings()
    try:
        is_raster = sniff(path) == "geotiff"
    except UnknownFormatError:
        is_raster = False
    if is_raster and (crs or encoding or map_):
        from geo.ingest.messages import said

        console.print(f"[red]{said('raster_options').text(lang.value)}[/red]")
        raise typer.Exit(2)
    if is_raster:
        from geo.ingest.raster import RasterRequest, register_raster

        request = RasterRequest(path, into.value, source or "", year=year, period=period, dry_run=dry_run)
        raster = register_raster(get_engine(), request, settings)
        _print_raster(raster, as_json, lang.value)
        raise typer.Exit(0 if raster.ok else 1)
    try:
        mapping = parse_map_options(map_)
    except SaidError as exc:
        console.print(f"[red]{escape(exc.said.text(lang.value))}[/red]")
        raise typer.Exit(2) from exc
    options = Options(
        into.value, mode.value, kind, scheme, province, period, source, status_as_of, clean_borders, border_tolerance
    )
    request = IngestRequest(
        path,
        options,
        dry_run,
        crs,
        encoding,
        mapping,
        official_vn2000,
        accept_steps_back=accept_steps_back,
        keep_changed=keep_changed,
        retire_absent=retire_absent,
    )
    errors = Console(stderr=True)  # how far the load has got, and its shares: --json's report stays alone on stdout
    with Progress(
        # the file's name as it is (no markup: "lead[v2].csv"), its braces kept from the column's own format
        TextColumn(
            _as_format(REPORT_WORDS[lang]["checking" if dry_run else "loading"].format(name=path.name)), markup=False
        ),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=errors,
        disable=not errors.is_terminal,
        transient=True,
    ) as bar:
        task = bar.add_task("features", total=None)
        said = REPORT_WORDS[lang.value]["checking_line" if dry_run else "loading_line"]  # a dry run loads nothing
        lines = None if errors.is_terminal else _ProgressLines(errors, lang.value, said, name=path.name)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)
            if lines:
                lines(done, total)

        # the shares below, once the load is said to be in (or by a process of their own)
        report = ingest(get_engine(), request, settings, progress, shares_after_commit=False)
    if not as_json:
        _print_report(report, as_json, lang.value, accept_steps_back)
    if report.steps_back_list:  # the report names the first five
        _write_steps_back(report, steps_back_list or path.with_name(f"{path.stem}_lui_lai.csv"), lang.value, as_json)
    if report.ok and not report.dry_run and into is Into.projects and _shares_waiting():  # projects placed anew
        told = errors if as_json else console
        if shares is SharesWhen.background:
            _recompute_in_background(lang.value, told)
        else:
            report.seconds["shares_after_commit"] = recompute_queued_shares(lang.value, told=told)
    if as_json:
        _print_report(report, as_json, lang.value, accept_steps_back)
    # a dry run exits as the load would: 1 for a file refused until its steps back are confirmed (trial 72: a script
    # checking its files first was told 0)
    raise typer.Exit(0 if report.ok and not _needs_confirming(report, accept_steps_back) else 1)


def _write_steps_back(report: Report, out: Path, lang: str, as_json: bool) -> None:
    """Every project the file puts back, as a CSV at ``out`` (geo.ingest.steps_back_sheet), said where (on stderr
    under --json, whose report lists them all): the refusal names the first five."""
    from geo.ingest.steps_back_sheet import steps_back_csv
    from geo.vi_format import local_number

    told = Console(stderr=True) if as_json else console
    count = local_number(len(report.steps_back_list), lang, 0)
    try:
        out.write_bytes(steps_back_csv(report.steps_back_list, lang))
    except OSError as exc:
        why = exc.strerror or str(exc)
        words = REPORT_WORDS[lang]["steps_back_list_not_written"]
        told.print(f"[yellow]{escape(words.format(count=count, path=out, why=why))}[/yellow]", soft_wrap=True)
        return
    told.print(escape(REPORT_WORDS[lang]["steps_back_list"].format(count=count, path=out)), soft_wrap=True)


def _as_format(text: str) -> str:
    """``text`` as a format string that gives it back: rich's TextColumn formats its text with the task, and a file
    named "plan {2025}.csv" would stop the load with a KeyError."""
    return text.replace("{", "{{").replace("}", "}}")


class _ProgressLines:
    """How far a load or its shares' recompute has got, as a line (``said``, with ``{done}`` and ``{total}``) at each
    tenth: a 100,000-feature load said nothing until it ended, where standard error is not a terminal (a script's
    log: rich's bar draws nothing there), and its shares then nothing for 20 s."""

    def __init__(self, errors: Console, lang: str, said: str, **words: str) -> None:
        self.errors, self.lang, self.said, self.words, self.told = errors, lang, said, words, 0

    def __call__(self, done: int, total: int) -> None:
        from geo.vi_format import local_number

        tenth = 10 * done // max(total, 1)
        if tenth > self.told:
            self.told = tenth
            counts = {"done": local_number(done, self.lang, 0), "total": local_number(total, self.lang, 0)}
            self.errors.print(self.said.format(**self.words, **counts), highlight=False, markup=False)


def export_command(
    layer: Annotated[
        str, typer.Argument(help="lớp · layer: projects, units_pre2025_province, units_pre2025_district, ...")
    ],
    out: Annotated[Path, typer.Option(help="tệp sẽ ghi · the file to write (shp: a .zip)")],
    format_: Annotated[
        str, typer.Option("--format", help="định dạng · format: gpkg, shp (zip), geojson, csv, xlsx (Excel)")
    ] = "gpkg",
    crs: Annotated[
        str | None,
        typer.Option(help="hệ tọa độ của tệp, ví dụ · output CRS, e.g. EPSG:9209 (VN-2000 TM-3 Trà Vinh)"),
    ] = None,
    as_of: Annotated[
        datetime | None,
        typer.Option(
            formats=["%d/%m/%Y", "%Y-%m-%d"],
            help="dự án tính đến ngày, với tình trạng ngày đó · the projects as of a day, with its statuses "
            "(31/12/2024 or 2024-12-31)",
        ),
    ] = None,
    province: Annotated[
        list[str] | None,
        typer.Option(
            help="chỉ các dự án (đơn vị) của tỉnh mã này, trước 2025 (84) hoặc từ 2025 (86); lặp lại cho nhiều tỉnh "
            "· only the projects (units) of this province, former (84) or 2025 (86); repeat for several"
        ),
    ] = None,
    unit: Annotated[
        list[str] | None,
        typer.Option(
            help="chỉ các dự án có phần trong huyện (trước 2025: 849) hoặc xã, phường (từ 2025: 29461) mã này; lặp "
            "lại cho nhiều đơn vị · only the projects with a part in this former district (849) or 2025 commune "
            "(29461); repeat for several"
        ),
    ] = None,
    lang: Annotated[
        Lang,
        typer.Option(
            help="ngôn ngữ của thông báo và của tiêu đề cột bảng Excel · the language of the messages and of the "
            "Excel workbook's headings"
        ),
    ] = Lang.vi,
) -> None:
    """Xuất một lớp · Export a layer.

    GeoPackage, shapefile UTF-8 nén zip kèm .cpg/.prj, GeoJSON, CSV, bảng Excel; WGS 84 hoặc VN-2000 · GeoPackage,
    zipped UTF-8 shapefile with .cpg/.prj, GeoJSON, CSV, an Excel workbook; WGS 84 or VN-2000."""
    with _imports_kept_from_the_collector():
        from sqlalchemy.orm import Session

        from geo.db import get_engine
        from geo.ingest.mapping import SHAPEFILE_TEXT_LIMIT
        from geo.layer_export import export_layer
        from geo.said import SaidError
        from geo.vi_format import local_date

    words = EXPORT_WORDS[lang]
    of_day = as_of and as_of.date()
    try:  # written beside --out: its folder said before the export, not in a traceback of GDAL's or Python's
        with written_beside(out, lang.value, words["nothing"]) as part, Session(get_engine()) as session:
            chosen = _chosen(session, layer, {"province": province or [], "unit": unit or []}, of_day)
            about = _provinces_said(session, layer, province) if chosen else None
            exported = export_layer(
                session, layer, format_, part, crs, chosen, of_day, lang.value, for_units=unit, about=about
            )
    except SaidError as exc:  # ExportRefused, an unknown code, a layer not filtered so
        refuse(words["nothing"], exc.said.text(lang.value), exc)
    day = words["as_of"].format(day=local_date(of_day, lang.value)) if of_day else ""
    options = " ".join(
        f"--{name} {code}" for name, codes in (("province", province), ("unit", unit)) for code in codes or []
    )
    written = words["written"].format(
        layer=layer, chosen=f" ({options})" if options else "", as_of=day, out=out, fmt=format_, crs=crs or "EPSG:4326"
    )
    console.print(f"[green]{escape(written)}[/green]")
    if about:  # which units the province filter chose: former Trà Vinh's (84) 2025 communes are 86's by code
        console.print(about.text(lang.value), highlight=False, markup=False)
    if exported.cut:
        fields = "; ".join(_cut_field(field, codes, lang.value) for field, codes in exported.cut.items())
        console.print(f"[yellow]{escape(words['cut'].format(limit=SHAPEFILE_TEXT_LIMIT, fields=fields))}[/yellow]")
    if exported.cleaned:
        texts = "; ".join(f"«{beginning}» ({found})" for beginning, found in exported.cleaned)
        said = words["cleaned"].format(count=len(exported.cleaned), texts=texts)
        console.print(Text(said, style="yellow"))


def _cut_field(field: str, codes: list[str], lang: str) -> str:
    """A field's texts a shapefile cut, as the export says them: "desc_vi 12: BL-KE-1, BL-KE-2, … and 7 more"
    (every code in the zip's README.txt)."""
    from geo.said import beyond_shown
    from geo.vi_format import local_number

    more = beyond_shown(len(codes), CUT_CODES_SHOWN)
    more = more.text(lang) if more else ""
    return f"{field} {local_number(len(codes), lang, 0)}: {', '.join(codes[:CUT_CODES_SHOWN])}{more}"


def _chosen(session: Any, layer: str, filters: dict[str, list[str]], as_of: date | None) -> Any:
    """The query of the features ``filters`` choose (--province, --unit: the API's filters of the same names,
    layers.sources.chosen_features, which refuses an unknown code), None without any; a SaidError for a layer not
    filtered by one of them (an unknown layer is the export's to refuse)."""
    with _imports_kept_from_the_collector():
        from geo.said import Said, SaidError
        from layers.catalog import LAYERS
        from layers.sources import chosen_features

    asked = [name for name, values in filters.items() if values]
    if not asked or layer not in LAYERS:
        return None
    accepted = LAYERS[layer].filters
    if refused := [name for name in asked if name not in accepted]:
        blanks = {"layer": layer, "option": f"--{refused[0]}", "accepted": ", ".join(f"--{f}" for f in accepted)}
        raise SaidError(Said(*(EXPORT_WORDS[lang]["not_filtered"].format(**blanks) for lang in ("vi", "en"))))
    return chosen_features(session, LAYERS[layer], filters, as_of)


def _provinces_said(session: Any, layer: str, provinces: list[str] | None) -> Any:
    """What a units layer's ``--province`` chose, as the file says it (layers.sources.provinces_said); None else.
    Its modules were imported by :func:`_chosen`."""
    from layers.catalog import LAYERS
    from layers.sources import provinces_said

    return provinces_said(session, LAYERS[layer], provinces) if provinces else None


def _shares_waiting() -> bool:
    """Whether projects wait for their shares: none after a reload that placed no project otherwise (a name, a
    status), which then says nothing of recomputing."""
    from sqlalchemy.orm import Session

    from geo.db import get_engine
    from geo.share_queue import share_state

    with Session(get_engine()) as session:
        return share_state(session).waiting > 0


def _recompute_in_background(lang: str, told: Console) -> None:
    """Start ``georeg project shares`` as a process of its own, which outlives this one. Should it stop, the ids stay
    queued and the app finishes them at its start and every few minutes (geo.share_queue)."""
    command = [sys.executable, "-c", "from cli.main import app; app()", "project", "shares", "--lang", lang]
    child = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    told.print(REPORT_WORDS[lang]["in_background"].format(pid=child.pid), soft_wrap=True)


def recompute_queued_shares(lang: str, after_a_load: bool = True, told: Console = console) -> float:
    """The shares of the projects just loaded (and any a stopped load left queued), after the load's commit; said on
    ``told`` (standard error under --json), and how many seconds they took."""
    from sqlalchemy.orm import Session

    from geo.db import get_engine
    from geo.share_queue import batch_for_tenths, finish_queued_shares, share_state
    from geo.vi_format import local_number

    words = REPORT_WORDS[lang]
    if after_a_load:
        told.print(words["recomputing"], highlight=False, soft_wrap=True)  # a log's line whole, not cut at 80
    started = time.perf_counter()
    with Session(get_engine()) as session:
        waiting = share_state(session).waiting
    lines = _ProgressLines(told, lang, words["shares_line"])

    def progress(done: int) -> None:
        if done < waiting:  # the last is said by the line below, with the time taken
            lines(done, waiting)

    done = finish_queued_shares(get_engine(), batch=batch_for_tenths(waiting), progress=progress)
    seconds = time.perf_counter() - started
    recomputed = words["recomputed"].format(count=local_number(done, lang, 0), seconds=local_number(seconds, lang, 1))
    if done < waiting:  # batches another process took (SKIP LOCKED): "50.200 of 100.000" read as half lost (trial 71)
        with Session(get_engine()) as session:
            left = share_state(session).waiting
        state = words["others_left"].format(count=local_number(left, lang, 0)) if left else words["others_done"]
        recomputed += words["by_another"].format(others=local_number(waiting - done, lang, 0), left=state)
    told.print(f"[green]{recomputed}[/green]", highlight=False, soft_wrap=True)
    return round(seconds, 2)


def _print_report(report: Report, as_json: bool, lang: str, steps_back_accepted: bool = False) -> None:
    if as_json:
        print(json.dumps(_as_json(report, steps_back_accepted), ensure_ascii=False, indent=2, default=str))
        return
    from geo.ingest.sniff import format_name
    from geo.vi_format import local_number
    from maps.upload_page import LABELS, duplicates_told, warnings_told, words_for

    words = REPORT_WORDS[lang] | (REPORT_WORDS[lang]["of_units"] if report.target == "units" else {})
    named = LABELS[lang]  # the target and mode as /upload names them
    target, mode = named["targets"].get(report.target, report.target), named["modes"].get(report.mode, report.mode)
    table = Table(show_header=False, title=escape(f"{report.file_name} → {target} ({mode})"))
    for label, value in (
        ("format", format_name(report.format_codes, lang) if report.format_codes else report.format),
        ("layers", ", ".join(report.layers)),
        ("header_row", f"{report.header_row}: {report.how('header_row', lang)}" if report.header_row else None),
        ("columns", report.columns),
        ("crs", f"{report.crs}: {report.how('crs', lang)}" if report.crs else None),
        ("encoding", f"{report.encoding}: {report.how('encoding', lang)}" if report.encoding else None),
        ("provinces_read", report.provinces_read_vi if lang == "vi" else report.provinces_read),
        ("status_as_of", report.request.get("status_as_of")),
        ("features", local_number(report.feature_count, lang, 0)),
        ("written", local_number(report.written_count, lang, 0)),
        ("changes_if_loaded" if report.dry_run else "changes", _changes(report, lang)),
        ("sites_kept", report.sites_kept_vi if lang == "vi" else report.sites_kept),
        (
            "possible_duplicates",
            duplicates_told(lang, report.possible_duplicates, report.possible_duplicates_in_file) or None,
        ),
        ("named_new", _named(report, "new", lang)),
        ("named_updated", _named(report, "updated", lang)),
        ("job", report.job_id),
    ):
        if value is not None:
            table.add_row(words[label], escape(str(value)))
    problems = [(kind, p) for kind in ("warning", "error") for p in report.in_order(f"{kind}s")]
    for kind, problem in problems:
        if problem.key in TOLD_FIRST:
            _print_problem(kind, problem, words, lang)
    console.print(table)
    problems = [(kind, p) for kind, p in problems if p.key not in TOLD_FIRST]
    for kind, problem in problems:
        if problem.key in TOLD_BEFORE_THE_ROWS:
            _print_problem(kind, problem, words, lang)
    if report.mode == "upsert" and report.changed_fields and not report.changes_otherwise:
        _print_changes(report, lang, words_for(lang, report.target)["changed"])
    if report.sample_rows:
        heading = words["sample_refused" if not report.ok else "sample" if report.dry_run else "sample_stored"]
        console.print(_samples(report.sample_rows, heading, lang, report.target))
    for kind, problem in problems:
        if problem.key not in TOLD_BEFORE_THE_ROWS:
            _print_problem(kind, problem, words, lang)
    if report.more_errors + report.more_warnings:
        more = {"errors": report.more_errors, "warnings": report.more_warnings}
        console.print(words["more"].format(**{k: local_number(v, lang, 0) for k, v in more.items()}))
    listed = len(report.errors) + report.more_errors
    # the problems listed; when one is many features', how many it makes counting each feature's ("5 errors in 5
    # features" of a 4-feature file, whose one feature had two, read as a fifth feature)
    in_all = "" if report.error_count == listed else words["errors_in_all"]
    told = {
        "count": local_number(listed, lang, 0),
        "features": in_all.format(features=local_number(report.error_count, lang, 0)),
        "warnings": warnings_told(lang, report.warning_count, report.features_warned),
    }
    # the warnings as /upload and /api/jobs count them (trial 54 read four different numbers)
    warned = f" · {told['warnings']}" if report.warning_count else ""
    # the new codes that may repeat registered projects or the file's own, counted where it is read
    if repeats := duplicates_told(lang, report.possible_duplicates, report.possible_duplicates_in_file):
        warned += f" · {repeats}"
    if _needs_confirming(report, steps_back_accepted):  # "would load" was read as done (trial 60)
        console.print(f"[yellow]{words['would_load_if_confirmed']}[/yellow]{warned}")
    elif report.dry_run and report.ok:
        console.print(f"[green]{words['would_load']}[/green]{warned}")
    elif report.ok:
        written, features = (local_number(n, lang, 0) for n in (report.written_count, report.feature_count))
        appended = "loaded_one" if report.written_count == 1 else "loaded"
        loaded = words["loaded_reload" if report.mode == "upsert" else appended]  # a reload writes what changed
        console.print(f"[green]{loaded.format(count=written, features=features, job=report.job_id)}[/green]{warned}")
    else:
        console.print(f"[red]{words['refused'].format(**told)}[/red]")
        if report.changes_otherwise:  # what --keep-changed would load (trial 56: nothing was said)
            _print_otherwise(report, words, lang)


def _as_json(report: Report, steps_back_accepted: bool) -> dict[str, Any]:
    """The report as --json prints it: ``ok`` as the exit code says it, false for a dry run whose load is refused
    until its steps back are confirmed, which ``needs_confirmation`` names (``["steps_back"]``: load it with
    --accept-steps-back), empty otherwise; a script read "ok": true beside an exit code of 1."""
    needs = ["steps_back"] if _needs_confirming(report, steps_back_accepted) else []
    data = report.as_dict()
    return data | {"ok": data["ok"] and not needs, "needs_confirmation": needs}


def _needs_confirming(report: Report, steps_back_accepted: bool) -> bool:
    """A dry run of a file whose load is refused until the projects it puts back are confirmed (--accept-steps-back)."""
    asked = report.dry_run and report.ok and not steps_back_accepted
    return asked and any(p.key == "steps_back" for p in report.warnings)


#: Problems printed first, above the report's table: a stale export's refusal came under the table and a 13-line
#: notice of the export's columns for reading only, where the officer did not read it (trial 64).
TOLD_FIRST = ("changed_since_export",)
#: Problems printed under the report's table, before the changes and the sample rows: a step back was printed after
#: the sample table and a screen of other warnings, where the eye did not land (trial 53).
TOLD_BEFORE_THE_ROWS = ("steps_back", "steps_back_not_accepted")


def _print_otherwise(report: Report, words: dict[str, Any], lang: str) -> None:
    """A stale export refused: what the same command with --keep-changed would do, its counts and then its changes,
    under the refusal and headed as the other command's (trial 62: listed above the refusal, read as this load's)."""
    from geo.vi_format import local_number

    otherwise = _changes_told(report.changes_otherwise, report.target, lang)
    told = words["otherwise_one" if report.kept_otherwise == 1 else "otherwise"]
    kept = local_number(report.kept_otherwise, lang, 0)
    console.print(f"[bold]{escape(told.format(changes=otherwise, kept=kept))}[/bold]", highlight=False)
    if report.changed_fields:
        _print_changes(report, lang, words["otherwise_changes"])


def _print_problem(kind: str, problem: Problem, words: dict[str, Any], lang: str) -> None:
    """A warning (``kind``) in yellow, or an error in red, after its word."""
    colour = "yellow" if kind == "warning" else "red"
    console.print(f"[{colour}]{words[kind]}[/{colour}] {escape(problem.text(lang))}")


def _changes(report: Report, lang: str) -> str | None:
    """What a reload did (or would do) with the file's projects or units; an append's are all new, as "written"
    says."""
    if report.mode != "upsert" or not report.changes:
        return None
    return _changes_told(report.changes, report.target, lang)


def _changes_told(changes: dict[str, int], target: str, lang: str) -> str:
    """``changes`` (new, updated, unchanged…) in words, as /upload says them."""
    from geo.vi_format import local_number
    from maps.upload_page import words_for

    words = words_for(lang, target)
    told = words["changes_told_history"] if changes.get("history_added") else words["changes_told"]
    return told.format(**{k: local_number(v, lang, 0) for k, v in changes.items()})


def _named(report: Report, change: str, lang: str) -> str | None:
    """The codes of a reload's new or updated projects, the first ones and how many more."""
    from geo.said import and_more

    codes = report.changed_codes.get(change) if report.mode == "upsert" else None
    if not codes:
        return None
    more = report.changes.get(change, 0) - len(codes)
    return ", ".join(codes) + (and_more(more).text(lang) if more > 0 else "")


def _print_changes(report: Report, lang: str, title: str) -> None:
    """What a reload changes in its first updated projects (or units), field by field, as /upload shows it and in
    its order (geo.ingest.change_list): the registry's value, then the file's; headed by ``title``."""
    from geo.vi_format import local_number
    from geo.vocab import CODED_FIELDS, labels
    from maps.upload_page import change_titles, fields_changed_told, words_for

    js, titles = words_for(lang, report.target), change_titles(lang, report.target)
    terms = {field: labels(vocabulary, lang) for field, vocabulary in CODED_FIELDS.items()}

    def shown(field: str, value: object, other: object) -> str:
        """``value`` as told, cut to SHOWN_CHARACTERS around where it first differs from ``other`` (two long texts
        cut at their start looked the same)."""
        text, against = told(field, value), told(field, other)
        if len(text) <= SHOWN_CHARACTERS:
            return text
        start = max(0, len(os.path.commonprefix([text, against])) - 40)
        end = start + SHOWN_CHARACTERS
        return f"{'…' if start else ''}{text[start:end]}{'…' if end < len(text) else ''}"

    def told(field: str, value: object) -> str:
        if value in (None, "", []):
            return js["empty"]
        if field == "geom":
            return js["geometry_types"].get(str(value), str(value))
        if isinstance(value, list):
            return "; ".join(map(str, value))
        if isinstance(value, float | int) and not field.endswith("_year"):
            return local_number(value, lang, 6)
        return terms.get(field, {}).get(str(value), str(value))

    # a stale export refused: what loading the rest (--keep-changed) would change, as /upload lists it (trial 59)
    changes = report.changes_otherwise or report.changes
    count, total = len(report.changed_fields), max(changes.get("updated", 0), len(report.changed_fields))
    heading = js["changed_first" if total > count else "changed_all"]
    first = heading.format(shown=local_number(count, lang, 0), total=local_number(total, lang, 0))
    console.print(f"[bold]{title}[/bold] ({first})")
    if fields := fields_changed_told(report.fields_changed, report.target, lang):  # over the whole file (trial 60)
        console.print(f"  {escape(fields)}", highlight=False)
    for code, fields in report.changed_fields.items():
        console.print(f"  [bold]{escape(code)}[/bold]")
        for field, (now, in_file, *site) in fields.items():
            said = site[2][lang] if len(site) > 2 else ""  # how far a site moved, its size (geo.ingest.change_list)
            was, is_now = shown(field, now, in_file), shown(field, in_file, now)
            if field == "geom" and now == in_file and said:  # a site of the same type: "moved 110 m" alone
                change = said
            else:
                change = f"{was} → {is_now}{f' ({said})' if said else ''}"
            console.print(f"    {escape(titles.get(field, field))}: {escape(change)}", highlight=False)


DATE_FIELDS = ("valid_from", "valid_to", "status_date")  # sample rows' days, written as the language writes them
SHOWN_CHARACTERS = 160  # of a changed value (a long description is cut: its change is seen, the list stays short)
SAMPLE_COLUMN_WIDTH = 16  # characters a sample column needs for its words
SAMPLE_LEFT_OUT = {
    "vi": "không đủ chỗ cho các cột {columns}: --json có đủ mọi cột",
    "en": "no room for the columns {columns}: --json has them all",
}


def _samples(rows: list[dict], title: str, lang: str, target: str) -> Table:
    """The sample rows as they will be stored, one a line: the fields any of them fills, headed by their label over
    the field's name (what ``--map`` takes), coded values with their label (``sluice — Cống…``), lists joined. The
    most useful columns that fit the terminal, each as wide as its longest word (a code is one word: cut in two,
    "BL-13.3-GIA-RAI-D" over "ONG-HAI" read as two codes); the others are named under it."""
    from maps.upload_page import sample_columns

    titles = sample_columns(lang)[target]  # as /upload heads its sample table, the most useful columns first
    filled = [f for f in rows[0] if any(row.get(f) not in (None, "", []) for row in rows)]
    filled.sort(key=lambda f: list(titles).index(f) if f in titles else len(titles))
    headers = {field: f"{titles[field]}\n{field}" if field in titles else field for field in filled}
    cells = {field: [_sample_cell(field, row.get(field), lang) for row in rows] for field in filled}
    widths = {field: _word_width([headers[field], *cells[field]]) for field in filled}
    shown: list[str] = []
    for field in filled:  # each column's borders and padding: 3 characters
        if len(shown) >= 3 and sum(widths[f] + 3 for f in [*shown, field]) + 1 > console.width:
            break
        shown.append(field)
    left_out = [f for f in filled if f not in shown]
    room = console.width - 1 - sum(widths[f] + 3 for f in shown)
    wants = {
        f: min(40, max(len(line) for text in [headers[f], *cells[f]] for line in text.splitlines())) for f in shown
    }
    while room > 0 and (growing := [f for f in shown if widths[f] < wants[f]]):  # the room shared out a character
        for field in growing[:room]:  # at a time, so that no column takes it all
            widths[field] += 1
        room -= min(room, len(growing))
    caption = SAMPLE_LEFT_OUT[lang].format(columns=", ".join(left_out)) if left_out else None
    table = Table(title=escape(title), title_justify="left", caption=caption, caption_justify="left")
    # widths settled here: rich's own narrowing cut codes, or left the table wider than the terminal
    for field in shown:
        table.add_column(escape(headers[field]), overflow="fold", width=widths[field])
    for row in zip(*(cells[field] for field in shown), strict=True):
        table.add_row(*map(escape, row))  # a file's text as typed: "[tôi]" was read as rich's markup and dropped
    return table


def _word_width(texts: list[str]) -> int:
    """The width a column needs for its longest word: at least SAMPLE_COLUMN_WIDTH less borders, at most a third of
    the terminal (a longer one folds)."""
    longest = max((len(word) for text in texts for word in text.split()), default=0)
    return max(SAMPLE_COLUMN_WIDTH - 3, min(longest, console.width // 3))


def _sample_cell(field: str, value: Any, lang: str) -> str:
    from geo.vi_format import local_date, local_number
    from geo.vocab import CODED_FIELDS, labels

    label = labels(CODED_FIELDS[field], lang).get(value) if field in CODED_FIELDS and isinstance(value, str) else None
    if isinstance(value, float):  # a measure, written as the language writes numbers (years stay plain)
        shown = local_number(value, lang, 6)
    elif field in DATE_FIELDS and value:  # a day as the language writes it (30/06/2025)
        shown = local_date(date.fromisoformat(value), lang)
    else:
        shown = "; ".join(map(str, value)) if isinstance(value, list) else "" if value is None else str(value)
    return f"{shown} — {label}" if label and label != shown else shown  # a unit type in Vietnamese: said once


def _print_raster(report: RasterReport, as_json: bool, lang: str) -> None:
    if as_json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2, default=str))
        return
    words = REPORT_WORDS[lang]
    for kind, problems in (("warning", report.warnings), ("error", report.errors)):
        for problem in problems:
            _print_problem(kind, problem, words, lang)
    if report.ok:
        told = words["raster_would" if report.dry_run else "raster_registered"]
        console.print(f"[green]{escape(told.format(**vars(report)))}[/green]")
    stats = report.forest_stats or {}
    for line in stats.get(f"lines_{lang}", []):  # a forest raster's statistics, computed after its commit
        console.print(escape(line), soft_wrap=True)
    if stats.get("state") == "computing":
        console.print(f"[yellow]{words['forest_still']}[/yellow]", soft_wrap=True)
