"""The registry's controlled vocabularies, with labels in Vietnamese and English.

Project kinds, statuses, location precisions and boundary schemes are stored as short
codes; the database checks them against these lists, and the map and API read the labels
from here.
"""

from __future__ import annotations

from dataclasses import dataclass

from geo.said import Said


@dataclass(frozen=True)
class Term:
    """One code of a vocabulary, its labels, and the shorter names offices write for it ("Kè", "Cống"), which a
    loaded file may use as well."""

    code: str
    vi: str
    en: str
    short: tuple[str, ...] = ()


def labels(terms: tuple[Term, ...], lang: str) -> dict[str, str]:
    """Each code of a vocabulary and its label in ``lang`` ("vi" or "en")."""
    return {t.code: t.vi if lang == "vi" else t.en for t in terms}


def _codes(terms: tuple[Term, ...]) -> tuple[str, ...]:
    return tuple(t.code for t in terms)


PROJECT_KINDS: tuple[Term, ...] = (
    Term("sea_dyke", "Đê biển", "Sea dyke"),
    Term("river_dyke", "Đê sông", "River dyke"),
    Term("embankment", "Kè chống sạt lở", "Erosion embankment", ("Kè", "Embankment")),
    Term("sluice", "Cống, công trình điều tiết nước", "Sluice / water-control works", ("Cống", "Sluice")),
    Term("canal", "Kênh, nạo vét kênh", "Canal / canal dredging", ("Kênh", "Nạo vét kênh", "Canal")),
    Term("irrigation", "Hệ thống thủy lợi", "Irrigation system", ("Thủy lợi",)),
    Term("reservoir", "Hồ chứa, hồ điều hòa", "Reservoir / regulating lake", ("Hồ chứa", "Hồ điều hòa", "Reservoir")),
    Term("water_supply", "Cấp nước sạch", "Water supply", ("Cấp nước",)),
    Term("wind_farm", "Điện gió", "Wind farm"),
    Term("solar_farm", "Điện mặt trời", "Solar power"),
    Term("biomass_power", "Điện sinh khối", "Biomass power"),
    Term("power_line", "Đường dây điện", "Power line"),
    Term("substation", "Trạm biến áp", "Substation"),
    Term("waste_treatment", "Khu xử lý chất thải rắn", "Solid-waste treatment site", ("Xử lý chất thải rắn",)),
    Term("landfill", "Bãi chôn lấp", "Landfill", ("Bãi rác",)),
    Term("wastewater_treatment", "Xử lý nước thải", "Wastewater treatment"),
    Term("forest_planting", "Trồng rừng phòng hộ", "Protective forest planting", ("Trồng rừng",)),
    # the plans' aquaculture areas (Bạc Liêu 148/QĐ-UBND action 12, Trà Vinh 1099/QĐ-UBND III.3.3): a Bạc Liêu
    # inventory's largest class of plots had no kind but "other" (trial 54)
    Term("aquaculture", "Nuôi trồng thủy sản", "Aquaculture", ("Nuôi thủy sản", "Nuôi tôm", "Aquaculture")),
    Term("bridge", "Cầu", "Bridge"),
    Term("monitoring_station", "Trạm quan trắc", "Monitoring station"),
    Term("other", "Khác", "Other"),
)

#: Each status with the words a file or a command may give for it besides its code and labels, read by
#: geo.coded_words.read_status in any case, with or without accents ("Chuẩn bị" was refused, trial 69). A word names
#: one status only (tests/test_status_words.py).
PROJECT_STATUSES: tuple[Term, ...] = (
    Term("proposed", "Đề xuất trong kế hoạch", "Proposed in the plan", ("Đề xuất", "Proposed")),
    Term("preparing", "Chuẩn bị đầu tư", "Investment preparation", ("Chuẩn bị", "Preparing", "Preparation")),
    Term("under_construction", "Đang thi công", "Under construction", ("Thi công", "Đang xây dựng")),
    Term("operating", "Đang vận hành", "In operation", ("Vận hành", "Hoạt động", "Đang hoạt động", "Operating")),
    Term("completed", "Hoàn thành", "Completed", ("Đã hoàn thành", "Complete")),
    Term("suspended", "Tạm dừng", "Suspended", ("Tạm ngừng", "On hold")),
    Term("cancelled", "Hủy bỏ", "Cancelled", ("Hủy", "Đã hủy", "Canceled")),
)

#: The life cycle's stages, in order: a report or a file giving a project an earlier stage than its own puts it back
#: (the field form asks to confirm; a load warns). Operating and completed are one stage (a plant runs once built);
#: suspended and cancelled are not stages: a project can be suspended or cancelled at any of them.
PROJECT_STAGES = {"proposed": 0, "preparing": 1, "under_construction": 2, "operating": 3, "completed": 3}

#: Where a project stands against the year it was due (geo.schedule): its own end year, or its plan period's end.
PROJECT_SCHEDULES: tuple[Term, ...] = (
    Term("past_due", "Quá hạn, chưa xong", "Past due, not finished"),
    Term("in_time", "Còn trong thời hạn", "Within its time"),
    Term("closed", "Đã xong hoặc đã hủy", "Finished or cancelled"),
    Term("undated", "Không rõ thời hạn", "No due year"),
)

LOCATION_PRECISIONS: tuple[Term, ...] = (
    Term("surveyed", "Đo đạc / nguồn có tọa độ", "Surveyed or from a source with coordinates", ("Đo đạc", "Khảo sát")),
    Term("approximate", "Gần đúng", "Approximate"),
    Term("commune", "Theo xã (tâm xã)", "Placed by its commune", ("Theo xã",)),
    Term("district", "Theo huyện (tâm huyện)", "Placed at its district centroid", ("Theo huyện",)),
    Term("province", "Toàn tỉnh, không có vị trí riêng", "Province-wide, no single site"),
    Term("unknown", "Chưa rõ (tệp không ghi độ chính xác)", "Not stated (the file gave no precision)"),
)

BOUNDARY_SCHEMES: tuple[Term, ...] = (
    Term("pre2025", "Trước 01/07/2025 (tỉnh, huyện)", "Before 1 July 2025 (provinces, districts)"),
    Term("2025", "Từ 01/07/2025 (tỉnh, xã)", "From 1 July 2025 (provinces, communes)"),
)

UNIT_LEVELS: tuple[Term, ...] = (
    Term("province", "Tỉnh", "Province"),
    Term("district", "Huyện", "District"),
    Term("commune", "Xã, phường", "Commune"),
)

#: What a unit is called, written before its name ("Thành phố Bạc Liêu", "Bạc Liêu City"): stored in Vietnamese
#: (unit_type_vi, its code here), said in the reader's language where a unit's type stands alone (a load's sample rows,
#: trial 65 F20: "Unit type: Thành phố" on an English page). An office's file may begin a name with one
#: (geo.ingest.targets.split_unit_type).
UNIT_TYPES: tuple[Term, ...] = (
    Term("Thành phố", "Thành phố", "City"),
    Term("Thị xã", "Thị xã", "Town"),
    Term("Thị trấn", "Thị trấn", "Township"),
    Term("Đặc khu", "Đặc khu", "Special zone"),
    Term("Huyện", "Huyện", "District"),
    Term("Quận", "Quận", "Urban district"),
    Term("Tỉnh", "Tỉnh", "Province"),
    Term("Xã", "Xã", "Commune"),
    Term("Phường", "Phường", "Ward"),
)

#: A boundary scheme by the day it ends or begins, as names and messages write it (a province's code may mean another
#: province in each: "91" is Kiên Giang before, An Giang from 1 July 2025).
SCHEME_DAYS: dict[str, Said] = {
    "pre2025": Said("trước 01/07/2025", "before 1 July 2025"),
    "2025": Said("từ 01/07/2025", "from 1 July 2025"),
}

#: How a unit's progress weighs its projects (geo.progress.WEIGHTS).
PROGRESS_WEIGHTS: tuple[Term, ...] = (
    Term("count", "số dự án", "project count"),
    Term("budget", "vốn (tỷ đồng)", "budget (billion VND)"),
    Term("size", "quy mô (MW, km hoặc ha)", "size (MW, km or ha)"),
)

ROLLUPS: tuple[Term, ...] = (
    Term("sum", "Cộng các đơn vị", "Sum of the units"),
    Term("area_mean", "Bình quân theo diện tích", "Area-weighted mean"),
    Term("population_mean", "Bình quân theo dân số", "Population-weighted mean"),
    Term("province_only", "Chỉ số liệu toàn tỉnh", "Province figure only"),
)

SUBMISSION_STATUSES: tuple[Term, ...] = (
    Term("draft", "Dự thảo", "Draft"),
    Term("submitted", "Đã gửi", "Submitted"),
    Term("returned", "Trả lại để bổ sung", "Returned for revision"),
    Term("accepted", "Đã tiếp nhận", "Accepted"),
    Term("locked", "Đã khóa", "Locked"),
)

#: What a reviewer says of a report flagged to check (geo.report_reviews): it stands (its status counts, the mark
#: goes), or it does not (kept in the history, marked; the project's status is again the one before it).
REVIEW_VERDICTS: tuple[Term, ...] = (
    Term("confirmed", "Đã kiểm tra: đúng", "Checked: it stands"),
    Term("rejected", "Bác bỏ: không tính", "Rejected: not counted"),
)

#: The loaded fields whose values are codes of a vocabulary (a load's sample rows show them with their labels).
CODED_FIELDS: dict[str, tuple[Term, ...]] = {
    "kind": PROJECT_KINDS,
    "status": PROJECT_STATUSES,
    "location_precision": LOCATION_PRECISIONS,
    # a level, not a unit's type: "district — Huyện" beside Thành phố Bạc Liêu read as its type (trial 58)
    "level": (
        Term("province", "Cấp tỉnh", "Province level"),
        Term("district", "Cấp huyện", "District level"),
        Term("commune", "Cấp xã", "Commune level"),
    ),
    "unit_type_vi": UNIT_TYPES,
}

KIND_CODES = _codes(PROJECT_KINDS)
STATUS_CODES = _codes(PROJECT_STATUSES)
SCHEDULE_CODES = _codes(PROJECT_SCHEDULES)
PRECISION_CODES = _codes(LOCATION_PRECISIONS)
SCHEME_CODES = _codes(BOUNDARY_SCHEMES)
LEVEL_CODES = _codes(UNIT_LEVELS)
UNIT_TYPE_CODES = _codes(UNIT_TYPES)
ROLLUP_RULES = _codes(ROLLUPS)
SUBMISSION_STATUS_CODES = _codes(SUBMISSION_STATUSES)
VERDICT_CODES = _codes(REVIEW_VERDICTS)


#: Who recorded a status event when no officer did: a load of a file (geo.ingest), the bundled sample (geo.sample).
LOAD_REPORTER = "georeg ingest"
SAMPLE_REPORTER = "sample data"
#: The audit log's action for a project's values changed by a load (its status changes are status events).
RECORD_CHANGED = "load_update"
#: The audit log's action of a forest raster removed (geo.forest_rasters), on the entity "raster_dataset"; /changes
#: lists them (geo.queries.changes).
FOREST_RASTER_REMOVED = "remove_forest_raster"
