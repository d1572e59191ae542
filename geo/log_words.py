"""The server's own log lines (``georeg serve``; uvicorn's words and the access lines are not these), in the
language ``georeg serve --lang`` asked for (it sets GEOREG_LOG_LANG for its processes), else in Vietnamese then
English on one line ("… · …"), as the commands say things without --lang. Each line is filled from :data:`WORDS`
(geo.said.fill: numbers as each language writes them)."""

from __future__ import annotations

from typing import Any

from geo.said import Said, fill
from geo.settings import SOURCE_TREE, Settings, get_settings

WORDS = {
    "where": {
        "vi": "cơ sở dữ liệu {database}; ảnh của các báo cáo {photos}; ảnh raster {rasters}; tệp tải lên {uploads} "
        "(mỗi cơ sở dữ liệu một thư mục con); mã chạy từ {code}",
        "en": "database {database}; report photos {photos}; rasters {rasters}; uploads {uploads} (a folder per "
        "database); code run from {code}",
    },
    "schema": {"vi": "lược đồ {state}: {said}", "en": "schema {state}: {said}"},
    "unreachable_at_start": {
        "vi": "không kết nối được cơ sở dữ liệu: {reason}; mọi trang và câu trả lời là 503 cho tới khi kết nối lại",
        "en": "database unreachable: {reason}; every page and answer is a 503 until it returns",
    },
    "unreachable": {
        "vi": "không kết nối được cơ sở dữ liệu, trả lời 503 cho tới khi kết nối lại: {reason}",
        "en": "database unreachable, answering 503 until it returns: {reason}",
    },
    "sweep_failed": {
        "vi": "không tìm được các lần tải lên bị dừng hay các phần dự án còn chờ tính",
        "en": "could not look for stopped upload jobs or queued shares",
    },
    "internal_error": {
        "vi": "lỗi nội bộ khi trả lời {method} {path}",
        "en": "internal error answering {method} {path}",
    },
    "not_a_standby": {
        "vi": "GEOREG_READ_DATABASE_URLS ghi {url}, không phải máy chủ dự phòng (pg_is_in_recovery() là false: máy "
        "chính hay máy đã được nâng lên?); sẽ không đọc từ nó. Hãy ghi URL của một máy dự phòng (hot standby).",
        "en": "GEOREG_READ_DATABASE_URLS names {url}, which is not a standby (pg_is_in_recovery() is false: the "
        "primary or a promoted server?); it will not be read. Give the URL of a hot standby.",
    },
    "sea_in_memory": {
        "vi": "vùng biển quanh sổ đăng ký chỉ giữ trong bộ nhớ: {error} (thiết lập context_dir)",
        "en": "the sea around the registry is kept in memory only: {error} (setting context_dir)",
    },
    "export_no_room": {
        "vi": "chưa ghi được tệp xuất {layer}.{fmt} vào {folder}: {error}",
        "en": "export {layer}.{fmt} not written in {folder}: {error}",
    },
    "load_stopped": {"vi": "lần nạp {name} bị dừng", "en": "load of {name} stopped"},
    "preview_stopped": {
        "vi": "bước xem trước của lần tải lên {job} bị dừng",
        "en": "preview of upload job {job} stopped",
    },
    "commit_stopped": {"vi": "bước nạp của lần tải lên {job} bị dừng", "en": "commit of upload job {job} stopped"},
    # an upload's check and load, run after its answer (geo.ingest.uploads.job_ended): their own time
    "job_checked": {
        "vi": "lần tải lên {job} ({file}): kiểm tra xong trong {seconds} giây, {rows} đối tượng; {outcome}",
        "en": "upload job {job} ({file}): checked in {seconds} s, {rows} features; {outcome}",
    },
    "job_loaded": {
        "vi": "lần tải lên {job} ({file}): bước nạp xong trong {seconds} giây, {rows} đối tượng; {outcome}",
        "en": "upload job {job} ({file}): load ended in {seconds} s, {rows} features; {outcome}",
    },
    "job_loadable": {"vi": "nạp được", "en": "can be loaded"},
    "job_loaded_ok": {"vi": "đã nạp", "en": "loaded"},
    "job_refused": {
        "vi": "bị từ chối ({count} lỗi), không có gì được nạp",
        "en": "refused ({count} errors), nothing loaded",
        "en_one": "refused (1 error), nothing loaded",
    },
    "job_stopped": {"vi": "dừng vì một lỗi không lường trước", "en": "stopped on an unexpected error"},
    "stats_stopped": {
        "vi": "số liệu rừng của ảnh {raster} bị dừng; để lại chờ tính",
        "en": "forest statistics of raster {raster} stopped; left queued",
    },
    "stats_failed": {
        "vi": "không tính được số liệu rừng của ảnh {raster}",
        "en": "forest statistics of raster {raster} could not be computed",
    },
}


def logged(key: str, **blanks: Any) -> str:
    """The log line ``key`` of :data:`WORDS`, its blanks filled, in the log's language (or both)."""
    # ids, not numbers (no 1.234); a blank said in both languages as it is
    filled = {name: value if isinstance(value, Said) else str(value) for name, value in blanks.items()}
    said = fill(WORDS, key, **filled)
    lang = get_settings().log_lang
    return said.text(lang) if lang else f"{said.vi} · {said.en}"


def where_files_are(settings: Settings) -> str:
    """The server's first line: its database (password masked) and its folders of files, as ``settings`` has them."""
    folders = {"photos": settings.photo_dir, "rasters": settings.raster_dir, "uploads": settings.upload_dir}
    return logged("where", database=settings.shown_database_url, code=SOURCE_TREE, **folders)
