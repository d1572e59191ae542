"""The words of the web map's "Export map" control (maps/static/map_export.js), carried in the page's config."""

from __future__ import annotations

EXPORT_UI: dict[str, dict[str, str]] = {
    "vi": {
        "button": "Xuất bản đồ",
        "title": "Xuất bản đồ để in",
        "what": "Nội dung",
        "what_map": "Dự án",
        "what_progress": "Tiến độ theo đơn vị",
        "under": "Dưới các dự án",
        "salinity": "Vùng nhiễm mặn (kỳ mới nhất)",
        "frame": "Khung in",
        "frame_provinces": "Các tỉnh",
        "frame_view": "Phần đang xem",
        "format": "Định dạng",
        "paper": "Khổ giấy",
        "orientation": "Hướng giấy",
        "landscape": "Ngang",
        "portrait": "Dọc",
        "download": "Tải bản đồ",
        "note": "Có tiêu đề, ngày, chú giải, thước tỷ lệ, hướng bắc và nguồn; theo bộ lọc và ngày đang chọn.",
    },
    "en": {
        "button": "Export map",
        "title": "Export a printable map",
        "what": "Content",
        "what_map": "Projects",
        "what_progress": "Progress by unit",
        "under": "Under the projects",
        "salinity": "Salinity zones (latest period)",
        "frame": "Frame",
        "frame_provinces": "The provinces",
        "frame_view": "The part in view",
        "format": "Format",
        "paper": "Paper",
        "orientation": "Orientation",
        "landscape": "Landscape",
        "portrait": "Portrait",
        "download": "Download map",
        "note": "With title, date, legend, scale bar, north arrow and sources; with the filters and date chosen.",
    },
}
