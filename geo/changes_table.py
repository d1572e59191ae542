"""What changed since a day, as /changes lists it, as a table a director takes to the week's meeting (XLSX or CSV,
trial 61) and a GIS officer opens in QGIS or pandas: each change a row, its kind in the first column (/changes'
sections: the layers' loads and removals, new statuses, projects added, retired, edited by a load, in the page's order,
each newest first). The workbook's table is its first sheet from A1, what the file is (the day and province chosen,
how many of each kind) on a second, as /progress's (geo.listed_tables); the CSV is the table alone, the day and
province in its name."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from geo.field_titles import field_changes
from geo.forest import DEMO_DESCRIPTION
from geo.forest_stats_queue import failure_told
from geo.listed_tables import ONE_DECIMAL, first_rows, listed_csv, listed_file_name, listed_xlsx
from geo.queries.changes import KINDS, LAYER_CHANGES, SECTIONS
from geo.removal_words import remover
from geo.said import LANGS, Said, fill
from geo.salinity import cited_source
from geo.source_labels import reporter_label, source_label
from geo.vi_format import local_date, local_moment, local_number, month_year
from geo.vocab import PROJECT_KINDS, PROJECT_STATUSES, REVIEW_VERDICTS, labels
from geo.workbook_layout import SHEET_DATES, SHEET_MOMENTS

#: The rows of each kind of change a file lists at most (a page lists geo.queries.changes.LISTED); the workbook's lines
#: say when there are more.
IN_A_FILE = 20_000
HEADINGS = (
    Said("Thay đổi", "Change"),
    Said("Dự án, lớp dữ liệu", "Project, data layer"),  # a load of salinity zones or forest names its layer
    Said("Mã dự án", "Project code"),
    Said("Ghi nhận lúc", "Recorded at"),
    Said("Ngày báo cáo", "Report of"),
    Said("Trước", "Before"),
    Said("Tình trạng", "Status"),
    Said("Tiến độ (%)", "Progress (%)"),
    Said("Chi tiết", "Details"),
    Said("Nguồn", "Source"),
)
#: Each kind of change, as /changes heads its table.
KIND_TITLES = {
    "statuses": Said("Tình trạng mới", "New status"),
    "added": Said("Dự án được thêm", "Project added"),
    "retired": Said("Dự án đưa ra khỏi sổ", "Project retired"),
    "edited": Said("Thông tin dự án được sửa (khi nạp tệp)", "Project's values edited (by a load)"),
    "salinity": Said("Nạp vùng nhiễm mặn", "Salinity zones loaded"),
    "forest": Said("Nạp ảnh che phủ rừng", "Forest-cover raster loaded"),
    "forest_removed": Said("Gỡ ảnh che phủ rừng", "Forest-cover raster removed"),
}
#: A layer's change's layer, what it wrote or took away, and who did it (geo.queries.changes.LAYER_CHANGES), in the
#: file's columns.
LAYERS = {
    "salinity": Said("Vùng nhiễm mặn kỳ {period}", "Salinity zones of {period}"),
    "forest": Said("Ảnh che phủ rừng năm {year}", "Forest-cover raster of {year}"),
    "forest_removed": Said("Ảnh che phủ rừng năm {year}", "Forest-cover raster of {year}"),
}
#: When each layer's change happened: the moment of its row.
MOMENTS = {"salinity": "loaded_at", "forest": "loaded_at", "forest_removed": "removed_at"}
#: What a load wrote, its text of one apart where it differs ("1 zones": trial 65, F10), filled by geo.said.fill.
WRITTEN = {
    "salinity": {"vi": "{count} vùng", "en": "{count} zones", "en_one": "1 zone"},
    "forest": {
        "vi": "{count} đơn vị hành chính có số liệu che phủ",
        "en": "{count} administrative units with a cover figure",
        "en_one": "1 administrative unit with a cover figure",
    },
}
COMPUTING = Said("đang tính số liệu che phủ của các đơn vị", "the units' cover figures are being computed")
LOADED_BY = Said("nạp bởi {who}", "loaded by {who}")
REMOVED_BY = Said("gỡ bởi {who} (dòng lệnh georeg)", "removed by {who} (georeg command line)")
#: The day georeg forest remove began keeping a raster's load time and source with its removal (migration 0044's
#: update): a removal before it says so where they would be, not a blank (session 63).
KEPT_SINCE = date(2026, 12, 6)
NOT_KEPT = Said("không được ghi lại trước bản cập nhật ngày {day}", "not recorded before the update of {day}")
#: What a forest raster's removal took away, filled by geo.said.fill: the raster (when it was loaded, or that a
#: removal before KEPT_SINCE did not keep it), its units' figures, the plans' values withdrawn; and what it cites.
REMOVAL = {
    "raster": {
        "vi": "ảnh {raster}{loaded}, cùng số liệu che phủ của {count} đơn vị hành chính",
        "en": "raster {raster}{loaded}, with the cover figures of {count} administrative units",
        "en_one": "raster {raster}{loaded}, with the cover figures of 1 administrative unit",
    },
    "loaded": {"vi": ", nạp lúc {at}", "en": ", loaded at {at}"},
    "loaded_not_kept": {"vi": ", lúc nạp {not_kept}", "en": ", its load time {not_kept}"},
    "source_not_kept": {"vi": "{title} — nguồn {not_kept}", "en": "{title} — source {not_kept}"},
    "withdrawn": {
        "vi": "giá trị che phủ rừng năm {year} của kế hoạch {plans} đã bị rút lại",
        "en": "plan {plans}'s forest-cover value of {year} withdrawn",
    },
}
COMMAND_LINE = Said("dòng lệnh georeg (quản trị viên)", "georeg command line (administrator)")
TITLE = Said("Thay đổi trong sổ đăng ký", "Changes in the registry")
SINCE = Said("Ghi nhận từ ngày", "Recorded since")
PROVINCE = Said("Tỉnh", "Province")
NO_FILTER = Said("mọi tỉnh", "every province")
LISTED = Said(
    "{counts}; ở trang “{sheet}”, mỗi dòng một thay đổi, theo thứ tự các mục của trang /changes, mỗi mục mới ghi nhận "
    "trước",
    "{counts}; on the sheet “{sheet}”, a row a change, in the order of /changes' sections, each newest recorded first",
)
NOT_ALL = Said("{kind}: {n} mục đầu trong {total}", "{kind}: the first {n} of {total}")
#: How many of each kind /changes says above its lists, and its workbook among its lines, in the same words (the file
#: said "New status: 2" where the page said how many of them were rejected: session 61), filled by geo.said.fill.
COUNTED = {
    "statuses": {"vi": "{count} tình trạng mới", "en": "{count} new statuses", "en_one": "1 new status"},
    "added": {"vi": "{count} dự án được thêm", "en": "{count} projects added", "en_one": "1 project added"},
    "retired": {"vi": "{count} dự án đưa ra khỏi sổ", "en": "{count} projects retired", "en_one": "1 project retired"},
    "edited": {
        "vi": "{count} lần sửa thông tin dự án",
        "en": "{count} edits of projects' values",
        "en_one": "1 edit of a project's values",
    },
    "salinity": {
        "vi": "{count} lần nạp vùng nhiễm mặn",
        "en": "{count} loads of salinity zones",
        "en_one": "1 load of salinity zones",
    },
    "forest": {
        "vi": "{count} lần nạp ảnh che phủ rừng",
        "en": "{count} forest-cover rasters loaded",
        "en_one": "1 forest-cover raster loaded",
    },
    "forest_removed": {
        "vi": "{count} ảnh che phủ rừng được gỡ",
        "en": "{count} forest-cover rasters removed",
        "en_one": "1 forest-cover raster removed",
    },
    "rejected": {"vi": "trong đó {count} bị bác bỏ, không tính", "en": "{count} of them rejected, not counted"},
}
SAMPLE_LEFT_OUT = Said(
    "Không liệt kê dữ liệu mẫu được nạp trong thời gian này ({statuses} tình trạng, {added} dự án; georeg "
    "load-sample): đó không phải thay đổi thật.",
    "Sample data loaded in this time ({statuses} statuses, {added} projects; georeg load-sample) is not listed: it "
    "is not news.",
)
UNCHANGED = Said("không đổi", "unchanged")
INTO_HISTORY = Said("ghi vào lịch sử, tình trạng hiện nay giữ nguyên", "into the history, the current state stays")
TO_CHECK = Said("⚑ cần kiểm tra", "⚑ to check")
REJECTED = Said("không tính vào tình trạng, tiến độ", "not counted in its status, progress")
DEMO = Said("dữ liệu minh họa", "demonstration data")


def counted_kinds(found: dict[str, Any]) -> list[str]:
    """The kinds whose count /changes says above its lists and its workbook among its lines alike, in the page's
    order (:data:`geo.queries.changes.SECTIONS`): each kind of a project's change, and a layer's loads or removals
    only when there were some (few weeks load one; trial 65, F10 read the two as saying different kinds)."""
    return [kind for kind in SECTIONS if kind in KINDS or found[kind]["count"]]


def counts_said(found: dict[str, Any], lang: str) -> dict[str, str]:
    """What /changes says of each kind it counts (:func:`counted_kinds`), above its lists and among its workbook's
    lines alike: "2 new statuses (1 of them rejected, not counted)"."""
    return {kind: _count_said(found, kind, lang) for kind in counted_kinds(found)}


def _count_said(found: dict[str, Any], kind: str, lang: str) -> str:
    """How many of ``kind``; the statuses' with how many of them were rejected beside them (at the end of the line
    they read as rejected edits of projects' values: trial 61)."""
    said = fill(COUNTED, kind, count=found[kind]["count"]).text(lang)
    rejected = found[kind].get("rejected") if kind == "statuses" else 0
    return f"{said} ({fill(COUNTED, 'rejected', count=rejected).text(lang)})" if rejected else said


def sample_left_out(found: dict[str, Any], lang: str) -> str:
    """What a sample load recorded in the time chosen, said as left out (not news), or nothing."""
    left_out = found["sample_left_out"]
    if not any(left_out.values()):
        return ""
    return SAMPLE_LEFT_OUT.text(lang).format(**{k: local_number(v, lang) for k, v in left_out.items()})


def changes_first_rows(found: dict[str, Any], since: date, province: dict[str, Any] | None, lang: str) -> list[str]:
    """The lines the workbook says of itself on its second sheet (geo.listed_tables.first_rows): the day and the
    province chosen (``province``: its code and names, or None for all), how many of each kind, on which sheet, and
    what a sample load recorded, left out, as /changes says them."""
    chosen = [f"{SINCE.text(lang)}: {local_date(since, lang)}"]
    if province:
        name = province["name_en" if lang == "en" else "name_vi"] or province["code"]
        chosen.append(f"{PROVINCE.text(lang)}: {name} ({province['code']})")
    counts = list(counts_said(found, lang).values())
    counts += [_not_all(found, kind, lang) for kind in SECTIONS if found[kind]["count"] > len(found[kind]["rows"])]
    listed = LISTED.text(lang).format(counts=" · ".join(counts), sheet=TITLE.text(lang))
    rows = first_rows(TITLE, chosen, NO_FILTER, listed, lang)
    left_out = sample_left_out(found, lang)
    return [*rows, left_out] if left_out else rows


def _not_all(found: dict[str, Any], kind: str, lang: str) -> str:
    listed, total = (local_number(n, lang) for n in (len(found[kind]["rows"]), found[kind]["count"]))
    return NOT_ALL.text(lang).format(kind=KIND_TITLES[kind].text(lang), n=listed, total=total)


def change_rows(found: dict[str, Any], lang: str) -> list[list[Any]]:
    """A row per change ``found`` lists (geo.queries.changes.changes_since), in :data:`HEADINGS`' order: each kind
    in /changes' order (:data:`geo.queries.changes.SECTIONS`), newest first."""
    rows = []
    for kind in SECTIONS:
        if kind in LAYER_CHANGES:
            rows += [_load_row(kind, load, lang) for load in found[kind]["rows"]]
            continue
        for change in found[kind]["rows"]:
            name = (change["name_en"] or change["name_vi"]) if lang == "en" else change["name_vi"]
            rows.append([KIND_TITLES[kind].text(lang), name, change["code"], *_CELLS[kind](change, lang)])
    return rows


def _load_row(kind: str, load: dict[str, Any], lang: str) -> list[Any]:
    """A layer's change's row: its layer in the project's column, when, how many zones or units (or what a removal
    took away) in the details, its source and who did it."""
    layer, who, written, source = load_said(kind, load, lang)
    when = load[MOMENTS[kind]]
    return [KIND_TITLES[kind].text(lang), layer, "", when, None, "", "", None, written, f"{source}; {who}"]


def load_said(kind: str, load: dict[str, Any], lang: str) -> tuple[str, str, str, str]:
    """A layer's change of ``kind`` (geo.queries.changes.LAYER_CHANGES) in words, each saying what it is (a phone
    shows no headings): its layer ("Vùng nhiễm mặn kỳ 03/2026"), who loaded (or removed) it, what it wrote ("12
    vùng") or took away, and its source."""
    layer = LAYERS[kind].text(lang).format(period=month_year(load.get("period") or ""), year=load.get("year") or "—")
    if kind == "forest_removed":
        who = REMOVED_BY.text(lang).format(who=remover(load["removed_by"], load["login"]).text(lang))
        return layer, who, _removed(load, lang), load_source(kind, load, lang)
    written = _written(kind, load, lang)
    who = LOADED_BY.text(lang).format(who=load["loaded_by"] or COMMAND_LINE.text(lang))
    return layer, who, written, load_source(kind, load, lang)


def load_source(kind: str, load: dict[str, Any], lang: str) -> str:
    """What a load cites, in ``lang``: the zones' source, or the raster's title (its default one in the reader's
    words, as the yearly report says it: trial 65, F9) and source (of a raster removed, kept with its removal, if
    it was); a demonstration raster's description, as the unit page says it (its stored title is Vietnamese only)."""
    if kind == "salinity":
        return cited_source(load["source"], lang)
    if load["is_demo"]:
        return DEMO_DESCRIPTION[lang]
    title = source_label(load["title"], lang)
    if kind == "forest_removed" and load["loaded_at"] is None:  # removed before KEPT_SINCE, which kept no source
        return fill(REMOVAL, "source_not_kept", title=title, not_kept=_not_kept()).text(lang)
    return f"{title} — {load['source']}" if load["source"] else title


def _removed(removal: dict[str, Any], lang: str) -> str:
    """What a forest raster's removal took away: the raster, its units' figures, the plans' values withdrawn."""
    at = removal["loaded_at"]
    if at:
        loaded = fill(REMOVAL, "loaded", at=Said(local_moment(at, "vi"), local_moment(at, "en")))
    else:  # removed before KEPT_SINCE
        loaded = fill(REMOVAL, "loaded_not_kept", not_kept=_not_kept())
    said = fill(REMOVAL, "raster", raster=str(removal["raster_id"]), loaded=loaded, count=removal["units"] or 0)
    if removal["withdrawn"]:
        plans = ", ".join(removal["withdrawn"])
        said = said.then(fill(REMOVAL, "withdrawn", year=str(removal["year"]), plans=plans))
    return said.text(lang)


def _not_kept() -> Said:
    """That a removal before KEPT_SINCE did not keep it."""
    return Said(*(NOT_KEPT.text(lang).format(day=local_date(KEPT_SINCE, lang)) for lang in LANGS))


def _written(kind: str, load: dict[str, Any], lang: str) -> str:
    """What a load wrote: its zones, or its units with a cover figure; a raster whose figures could not be computed
    (or are being computed) says so, not "0 units" as if it covered none (trial 65, F8)."""
    if kind == "forest" and load["not_computed"]:
        failed = {"raster_id": load["raster_id"], "year": load["year"]}
        told = failure_told(failed | {"reason_vi": load["failure_vi"], "reason_en": load["failure_en"]}).text(lang)
        return told[:1].upper() + told[1:]  # a cell's sentence, as /upload says it
    if kind == "forest" and load["computing"]:
        return COMPUTING.text(lang)
    return fill(WRITTEN, kind, count=load["zones" if kind == "salinity" else "units"]).text(lang)


def _status(status: str, lang: str) -> str:
    return labels(PROJECT_STATUSES, lang).get(status, status)


def _new_status(change: dict[str, Any], lang: str) -> list[Any]:
    """Recorded, reported, before, status, percent, whether rejected or to check, who reported and from where."""
    before = INTO_HISTORY.text(lang) if change["history_only"] else ""
    if change["status_before"] is not None and not change["history_only"]:
        same = (change["status_before"], change["percent_before"]) == (change["status"], change["percent"])
        percent = local_number(change["percent_before"], lang, 1)
        before = UNCHANGED.text(lang) if same else f"{_status(change['status_before'], lang)}, {percent} %"
    return [
        change["recorded_at"],
        change["reported_at"],
        before,
        _status(change["status"], lang),
        change["percent"],
        _review(change, lang),
        _reported_by(change, lang),
    ]


def _review(change: dict[str, Any], lang: str) -> str:
    if change["rejected"]:
        verdict = labels(REVIEW_VERDICTS, lang)[change["review_verdict"]]
        who = f"{change['reviewer_name']}, {local_moment(change['reviewed_at'], lang)}"
        note = f": {change['review_note']}" if change["review_note"] else ""
        return f"{verdict} — {who}{note} ({REJECTED.text(lang)})"
    return TO_CHECK.text(lang) if change["to_check"] else ""


def _reported_by(change: dict[str, Any], lang: str) -> str:
    """Who reported and from where, as /changes says it; a demonstration report marked."""
    source = source_label(change["source"], lang)
    reporter = change["reporter_name"]
    said = source if not reporter or reporter in source else f"{reporter_label(reporter, lang)}, {source}"
    demo = change["is_demo"] and DEMO.text(lang).lower() not in said.lower()
    return f"{said} ({DEMO.text(lang)})" if demo else said


def _added(change: dict[str, Any], lang: str) -> list[Any]:
    kind = labels(PROJECT_KINDS, lang).get(change["kind"], change["kind"])
    source = source_label(change["source"], lang) if change["source"] else ""
    return [change["created_at"], None, "", _status(change["status"], lang), change["percent"], kind, source]


def _retired(change: dict[str, Any], lang: str) -> list[Any]:
    return [change["retired_at"], None, "", "", None, change["retired_reason"] or "", ""]


def _edited(change: dict[str, Any], lang: str) -> list[Any]:
    fields = "; ".join(field_changes(change["changes"], lang))
    return [change["at"], None, "", "", None, fields, source_label(change["source"], lang)]


_CELLS: dict[str, Callable[[dict[str, Any], str], list[Any]]] = {
    "statuses": _new_status,
    "added": _added,
    "retired": _retired,
    "edited": _edited,
}


def changes_xlsx(rows: list[list[Any]], about: list[str], lang: str) -> bytes:
    """The changes as a workbook: one table on its first sheet from A1, each kind of change (the page's sections) in
    its rows, named in its first column, not a sheet each — pandas' ``read_excel`` reads the first sheet only, which
    would have held the week's first kind, and GDAL reads a sheet of headings alone as a row of Field1, Field2…; the
    lines ``about`` it (:func:`changes_first_rows`) on a second sheet. The moment recorded a date-time cell in
    Vietnam's time and the report's day a date cell (both sort and filter), the progress with one decimal (80,0)."""
    formats = [None, None, None, SHEET_MOMENTS[lang], SHEET_DATES[lang], None, None, ONE_DECIMAL, None, None]
    return listed_xlsx(TITLE.text(lang), [h.text(lang) for h in HEADINGS], rows, formats, about, lang)


def changes_csv(rows: list[list[Any]], lang: str) -> bytes:
    """The changes as CSV an Excel in the reader's language opens in columns: the workbook's table alone, its
    headings in its first line (GDAL's CSV driver reads lines over them as rows); the day and province chosen in
    its name (:func:`changes_file_name`)."""
    return listed_csv([h.text(lang) for h in HEADINGS], rows, lang)


def changes_file_name(since: date, day: date, fmt: str, lang: str, province: str | None = None) -> str:
    """georeg_changes-since-2026-12-01_province-96_2026-12-05.csv (``_en`` before the dot in English), ASCII: two
    provinces' files of one day had one name, the second overwriting the first in a download folder (trial 66)."""
    chosen = f"_province-{province}" if province else ""
    return listed_file_name(f"changes-since-{since.isoformat()}{chosen}", day, fmt, lang)
