"""The phrases the registry itself writes into its data as a project's or a status report's source ("field report",
a plan citation, a load's provenance), stored in English, as a Vietnamese reader says them: the pages and the
spreadsheet exports alike."""

from __future__ import annotations

import re

#: What the registry writes as a source (English, the stored form) and how a Vietnamese page says it.
SOURCE_PHRASES_VI = (
    (re.compile(r"^field report$"), "báo cáo hiện trường"),
    (re.compile(r"^demo data \(illustrative, not a real report\)$"), "dữ liệu minh họa (không phải báo cáo thật)"),
    (re.compile(r"^listed in plan "), "nêu trong kế hoạch "),
    (re.compile(r" \(ingest job (\d+)\)$"), r" (lượt nạp \1)"),  # a load's provenance (geo.ingest.jobs.provenance)
    (re.compile(r"\bsection (\w+), sub-task ([\w.]+)"), r"mục \1, nhiệm vụ \2"),
    (re.compile(r"\bsection (\w+) \(priority action (\d+)\)"), r"mục \1 (hành động ưu tiên số \2)"),
    (
        re.compile(r"^lead: section ([\w.]+) of (\S+) \((.+) implements ([\w.]+)\)$"),
        r"chủ trì: mục \1 của \2 (\3 thực hiện \4)",
    ),
    (re.compile(r"\bsection ([\w.]+)"), r"mục \1"),
    (re.compile(r"^geometry: "), "hình học: "),
    (re.compile(r"\bdistrict boundaries (\S+) \((\w+), from ([\w.]+)\)"), r"ranh giới huyện \1 (\2, lấy từ \3)"),
    (re.compile(r"\b(\d{4}) commune boundaries "), r"ranh giới xã \1 "),
    (
        re.compile(
            r"a machine-learning prediction of soil salinity ECe \(dS/m\), not measured and not official isohalines "
            r"\(test R ≈ (\d+)\.(\d+), RMSE ≈ (\d+)\.(\d+) dS/m\)"
        ),
        r"độ mặn đất ECe (dS/m) dự báo bằng học máy, không phải số đo, không phải đường đẳng mặn chính thức "
        r"(kiểm định: R ≈ \1,\2, RMSE ≈ \3,\4 dS/m)",
    ),
)


def source_label(source: str | None, lang: str) -> str:
    """A source as the page's readers say it: "field report" is "báo cáo hiện trường" on a Vietnamese page; a
    citation (a newspaper, a file) stays as written."""
    text = source or ""
    if lang == "vi":
        for pattern, vietnamese in SOURCE_PHRASES_VI:
            text = pattern.sub(vietnamese, text)
    return text
