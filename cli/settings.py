"""``georeg settings``: every setting as the code that runs reads it, and where each came from.

An administrator checked where a command would write with ``python -c "from geo.settings import …"``: run in another
checkout, it imported that folder's code and named its files, not those of the code the command runs. Each setting is
said with what it is for, in a line under it, and which folders a second registry served from the same checkout shares
with the first unless it is given its own (photos, rasters: :data:`SHARED`); passwords and tokens are masked.

Like every module of ``cli``, this one imports only typer, rich and the standard library at the top.
"""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.markup import escape

from cli.backup import LangOrBoth, in_lang

console = Console()
#: Where a setting came from, in each language.
SOURCES = {
    "environment": ("biến môi trường", "environment"),
    ".env": (".env", ".env"),
    "default": ("mặc định", "default"),
}
#: The folders every registry served from one checkout shares by default (another database, as a test registry
#: beside the office's): its files are named by their contents, so none overwrites another's, but a raster removed by
#: one registry (georeg forest remove) deletes a file the other may have registered too. Uploads are kept per database.
SHARED = (
    "dùng chung cho mọi sổ đăng ký chạy từ mã này (cơ sở dữ liệu khác) nếu không đặt riêng",
    "shared by every registry served from this code (another database) unless set for each",
)
#: What each setting is for, briefly (vi, en); docs/settings.md says more.
MEANINGS = {
    "database_url": ("cơ sở dữ liệu (URL); không đặt: cụm cục bộ", "the database (URL); unset: the local cluster"),
    "local_db_dir": ("thư mục của cụm PostGIS cục bộ", "folder of the local PostGIS cluster"),
    "local_db_port": ("cổng của cụm cục bộ (chỉ 127.0.0.1)", "port of the local cluster (127.0.0.1 only)"),
    "local_db_name": ("tên cơ sở dữ liệu trong cụm cục bộ", "database name in the local cluster"),
    "local_db_user": ("vai trò dùng trong cụm cục bộ", "role used in the local cluster"),
    "local_db_fsync": (
        "false: cụm cục bộ không fsync (nhanh, chỉ cho cụm dùng xong bỏ)",
        "false: the local cluster without fsync (fast, throwaway clusters only)",
    ),
    "host": ("địa chỉ georeg serve lắng nghe", "address georeg serve listens on"),
    "port": ("cổng georeg serve lắng nghe", "port georeg serve listens on"),
    "data_dir": ("dữ liệu mẫu đi kèm (load-sample đọc)", "bundled sample data (load-sample reads it)"),
    "assets_dir": ("thư viện JavaScript của bản đồ (từ npm)", "the map's JavaScript libraries (from npm)"),
    "context_dir": ("vùng biển quanh các tỉnh, cắt một lần", "the sea around the provinces, cut once"),
    "basemap_pmtiles": (
        "bản đồ nền ngoại tuyến (PMTiles); không đặt: không có",
        "offline basemap (PMTiles); unset: none",
    ),
    "upload_max_bytes": ("tệp GIS lớn nhất được nhận (byte)", "largest GIS file accepted (bytes)"),
    "archive_max_uncompressed_bytes": ("tệp zip giải nén lớn nhất (byte)", "largest a zip may expand to (bytes)"),
    "ingest_chunk_size": ("số đối tượng đọc mỗi lượt khi nạp", "features read at a time by a load"),
    "raster_dir": (
        "ảnh raster đã đăng ký (rừng, độ mặn), của mỗi sổ đăng ký mang tên riêng của sổ đó",
        "registered rasters (forest cover, salinity), each registry's under its own name",
    ),
    "upload_dir": (
        "tệp tải lên chờ nạp, một thư mục cho mỗi cơ sở dữ liệu",
        "uploads awaiting their load, a folder per database",
    ),
    "upload_max_age_hours": (
        "tệp tải lên không nạp bị xóa sau (giờ)",
        "uploads never loaded are removed after (hours)",
    ),
    "public_reads": ("xem dữ liệu công khai không cần đăng nhập", "public reads need no login"),
    "browser_session_hours": ("phiên đăng nhập trên trình duyệt dài nhất (giờ)", "longest browser login (hours)"),
    "photo_dir": ("ảnh của các báo cáo hiện trường", "photos of field reports"),
    "photo_max_bytes": ("ảnh báo cáo lớn nhất (byte)", "largest report photo (bytes)"),
    "table_file_max_bytes": (
        "tệp CSV/XLSX báo cáo hay giá trị lớn nhất (byte)",
        "largest CSV/XLSX of reports or values (bytes)",
    ),
    "evidence_max_bytes": ("tệp minh chứng lớn nhất (byte)", "largest evidence file (bytes)"),
    "tile_cache_mb": ("bộ nhớ đệm ô bản đồ mỗi tiến trình (MB; 0: tắt)", "tile cache per process (MB; 0: off)"),
    "changes_poll_seconds": (
        "trang đang mở hỏi thay đổi của người khác mỗi (giây)",
        "open pages ask for others' changes every (seconds)",
    ),
    "json_body_max_bytes": ("dữ liệu JSON gửi lên lớn nhất (byte)", "largest JSON request body (bytes)"),
    "form_overhead_bytes": ("phần biểu mẫu ngoài tệp, lớn nhất (byte)", "most a form may send beside its file (bytes)"),
    "report_distance_m": (
        "báo cáo xa dự án hơn mức này (m, theo loại) cần xác nhận",
        "reports farther from a project (m, per kind) need confirming",
    ),
    "read_database_urls": ("bản sao chỉ đọc (URL, cách nhau bởi dấu phẩy)", "read replicas (URLs, comma-separated)"),
    "replica_max_lag_seconds": (
        "bản sao chậm hơn mức này bị bỏ qua (giây)",
        "a replica further behind is left out (s)",
    ),
    "log_lang": ("ngôn ngữ nhật ký máy chủ; không đặt: cả hai", "language of the server's log; unset: both"),
}


def settings_command(lang: LangOrBoth = None) -> None:
    """Thiết lập đang dùng · Print every setting in effect (database, folders of files…) and where each came from.

    Đọc như georeg serve và các lệnh khác đọc · Read as georeg serve and the other commands read them: the environment
    first, then the .env file of the folder it runs in, else the default (folders beside the code run)."""
    from geo.settings import SOURCE_TREE, Settings, get_settings, in_effect

    settings, env_file = get_settings(), Path.cwd() / ".env"
    found = in_lang("có", "found", lang) if env_file.is_file() else in_lang("không có", "none", lang)
    _line(f"{in_lang('Mã chạy từ', 'Code run from', lang)}: {SOURCE_TREE}")
    _line(f"{in_lang('Tệp .env', '.env file', lang)}: {env_file} ({found})")
    _line(f"{in_lang('Cơ sở dữ liệu đang dùng', 'Database in use', lang)}: {settings.shown_database_url}")
    for (variable, value, source), name in zip(in_effect(settings), Settings.model_fields, strict=True):
        _line(f"{variable}={value}  ({in_lang(*SOURCES[source], lang)})")
        _line(f"    {in_lang(*_meaning(name), lang)}", style="dim")


def _meaning(name: str) -> tuple[str, str]:
    """What the setting ``name`` is for (vi, en), with whether registries share it by default."""
    if name not in ("photo_dir", "raster_dir"):
        return MEANINGS[name]
    return tuple(f"{meaning}; {shared}" for meaning, shared in zip(MEANINGS[name], SHARED, strict=True))


def _line(text: str, style: str | None = None) -> None:
    """One line, never wrapped: a path cut by a line break is not copied whole."""
    console.print(escape(text), highlight=False, soft_wrap=True, style=style)
