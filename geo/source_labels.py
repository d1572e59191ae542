"""The phrases the registry itself writes into its data as a project's, a status report's or an indicator value's
source ("field report", a plan citation, a load's provenance, a province figure rolled up from its districts'),
stored in English, as a Vietnamese reader says them: the pages, the spreadsheet exports and the yearly report alike.
The forest-cover values were written in Vietnamese (geo.forest, when the yearly report was in Vietnamese only): an
English reader is given them in English (SOURCE_PHRASES_EN)."""

from __future__ import annotations

import re

from geo.boundary_files import BOUNDARY_CITATIONS
from geo.vocab import LOAD_REPORTER, SAMPLE_REPORTER

#: The words of a province figure rolled up from its units' (geo.indicators.rolled_up_source) in Vietnamese.
_ROLLED_UP_VI = {
    "sum": "tổng",
    "area-weighted mean": "bình quân theo diện tích",
    "districts": "huyện",
    "communes": "xã",
    "before": "trước",
    "from": "từ",
}


def _rolled_up_vi(found: re.Match[str]) -> str:
    rule, count, level, when = found.groups()
    words = _ROLLED_UP_VI
    return f"{words[rule]} giá trị của {count} {words[level]} ({words[when]} 01/07/2025): "


#: What the registry writes as a source (English, the stored form) and how a Vietnamese page says it.
SOURCE_PHRASES_VI = (
    (re.compile(r"^field report$"), "báo cáo hiện trường"),
    (re.compile(r"^demo data \(illustrative, not a real report\)$"), "dữ liệu minh họa (không phải báo cáo thật)"),
    (re.compile(r"^listed in plan "), "nêu trong kế hoạch "),
    (re.compile(r" \(ingest job (\d+)\)$"), r" (lượt nạp \1)"),  # a load's provenance (geo.ingest.jobs.provenance)
    (re.compile(r" \(status import (\d+)\)$"), r" (tệp tình trạng, lượt nhập \1)"),  # geo.bulk_status_reports
    (re.compile(r"\bsection (\w+), sub-task ([\w.]+)"), r"mục \1, nhiệm vụ \2"),
    (re.compile(r"\bsection (\w+) \(priority action (\d+)\)"), r"mục \1 (hành động ưu tiên số \2)"),
    (
        re.compile(r"^lead: section ([\w.]+) of (\S+) \((.+) implements ([\w.]+)\)$"),
        r"chủ trì: mục \1 của \2 (\3 thực hiện \4)",
    ),
    (re.compile(r"\bsection ([\w.]+)"), r"mục \1"),
    (re.compile(r"^geometry: "), "hình học: "),
    (
        re.compile(
            r"a machine-learning prediction of soil salinity ECe \(dS/m\), not measured and not official isohalines "
            r"\(test R ≈ (\d+)\.(\d+), RMSE ≈ (\d+)\.(\d+) dS/m\)"
        ),
        r"độ mặn đất ECe (dS/m) dự báo bằng học máy, không phải số đo, không phải đường đẳng mặn chính thức "
        r"(kiểm định: R ≈ \1,\2, RMSE ≈ \3,\4 dS/m)",
    ),
    (
        re.compile(
            r"^(sum|area-weighted mean) of the values of (\d+) (districts|communes) \((before|from) 1 Jul 2025\): "
        ),
        _rolled_up_vi,
    ),
    (re.compile(r"^roll-up: sum$"), "cộng từ các đơn vị"),
    (re.compile(r"^roll-up: area_mean$"), "bình quân theo diện tích từ các đơn vị"),
)
#: How a project's geometry drawn from a bundled boundary file cites it (data/projects.geojson): "district boundaries
#: vn_districts_baclieu_travinh.geojson (dvhcvn, from gis.chinhphu.vn)", "2025 commune boundaries … (…)".
BOUNDARY_FILE = re.compile(r"\b(district|2025 commune) boundaries (\S+\.geojson) \([^)]*\)")
#: Which boundaries those are, as a reader says it.
_BOUNDARIES_SAID = {
    "district": {
        "vi": "vẽ theo ranh giới huyện (trước 01/07/2025)",
        "en": "drawn from district boundaries (before 1 July 2025)",
    },
    "2025 commune": {
        "vi": "vẽ theo ranh giới xã, phường (từ 01/07/2025)",
        "en": "drawn from commune boundaries (from 1 July 2025)",
    },
}


def _boundaries_cited(found: re.Match[str], lang: str) -> str:
    """The boundaries a geometry was drawn from, and who made them (a planner read "vn_districts_baclieu_travinh.geojson
    (dvhcvn…)", trial 67); a file the registry does not bundle is named by its name. GIS staff find the file in the
    API's and the GIS exports' sources, and under the source on the project page (:func:`source_file`)."""
    level, name = found.groups()
    cited = BOUNDARY_CITATIONS.get(name, {}).get(lang) or name
    return f"{_BOUNDARIES_SAID[level][lang]} — {cited}"


def source_file(source: str | None) -> str | None:
    """The boundary file a source names, if any: "vn_districts_baclieu_travinh.geojson"."""
    found = BOUNDARY_FILE.search(source or "")
    return found[2] if found else None


#: What the registry wrote in Vietnamese (a forest-cover value's source and method, the demonstration raster's title:
#: geo.forest) and how an English reader says it.
SOURCE_PHRASES_EN = (
    (re.compile(r"^ảnh raster (\d+): "), r"raster \1: "),
    (re.compile(r"Ảnh che phủ rừng năm (\d{4}) \(tệp "), r"Forest-cover raster of \1 (file "),
    (re.compile(r"Ảnh độ mặn kỳ (\S+) \(tệp "), r"Salinity raster of \1 (file "),
    (
        re.compile(r"Che phủ rừng MINH HỌA \(ảnh tổng hợp, không quan trắc\) (\d{4})"),
        r"Forest cover DEMONSTRATION (synthetic raster, not observed) \1",
    ),
    (
        re.compile(r"^thống kê vùng của ảnh rừng trên toàn tỉnh( \(geo\.forest\))?$"),
        "zonal statistics of the forest raster over the whole province",
    ),
)


def source_label(source: str | None, lang: str) -> str:
    """A source as the page's readers say it: "field report" is "báo cáo hiện trường" on a Vietnamese page, a
    forest-cover value's "ảnh raster 2: …" is "raster 2: …" on an English one; a citation (a newspaper, a file)
    stays as written."""
    text = BOUNDARY_FILE.sub(lambda found: _boundaries_cited(found, lang), source or "")
    for pattern, said in SOURCE_PHRASES_VI if lang == "vi" else SOURCE_PHRASES_EN:
        text = pattern.sub(said, text)
    return text


#: The registry's own names for who recorded a status (a load, the sample), as each language's readers say them; an
#: officer's name stays as written.
SYSTEM_REPORTERS = {
    LOAD_REPORTER: {"vi": "nạp từ tệp", "en": "loaded from a file"},
    SAMPLE_REPORTER: {"vi": "dữ liệu mẫu", "en": "sample data"},
}


def reporter_label(reporter: str, lang: str) -> str:
    """Who recorded a status, as its readers say it (a page, a load's refusal: :data:`SYSTEM_REPORTERS`)."""
    return SYSTEM_REPORTERS.get(reporter, {}).get(lang, reporter)
