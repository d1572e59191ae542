"""What `georeg serve` writes to its log, read from a real server process whose database is down (trial 55: access
lines without time or reason, a 100-line traceback at start, field officers' positions and tokens in the URLs)."""

from __future__ import annotations

import logging
import os
import re
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime

import httpx
from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.responses import JSONResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from api.request_log import RequestLog
from geo.settings import PROJECT_ROOT, Settings

TIMESTAMPED = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d (INFO|WARNING|ERROR) \[[\w.-]+\] ")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _served_while_the_database_is_down() -> tuple[list[str], dict[str, str]]:
    """The log lines of a server started with its database down, after a few requests; the request id of each."""
    port = _free_port()
    env = os.environ | {"GEOREG_DATABASE_URL": f"postgresql+psycopg://georeg:pw-in-url@127.0.0.1:{_free_port()}/g"}
    command = [sys.executable, "-c", "from cli.main import main; main()", "serve", "--port", str(port), "--lang", "vi"]
    server = subprocess.Popen(command, env=env, cwd=PROJECT_ROOT, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    ids = {}
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                httpx.get(f"{base}/health", timeout=5)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline and server.poll() is None, "the server did not start"
                time.sleep(0.3)
        asked = {
            "page": ("/", {"Accept": "text/html"}),
            "near": ("/api/projects/near?lon=106.576600&lat=9.764400&radius_m=2000", {}),
            "token": ("/api/account?token=grt_not_for_the_log", {}),
        }
        for name, (path, headers) in asked.items():
            ids[name] = httpx.get(base + path, headers=headers, timeout=10).headers["X-Request-ID"]
    finally:
        server.terminate()
        _, log = server.communicate(timeout=30)
    return log.splitlines(), ids


def test_the_log_has_time_and_request_id_on_each_line_says_why_and_keeps_no_position_or_token():
    """The server's own lines in `georeg serve --lang vi`'s language (they were in English whatever it asked)."""
    lines, ids = _served_while_the_database_is_down()
    log = "\n".join(lines)
    assert all(TIMESTAMPED.match(line) for line in lines), log
    assert "Traceback" not in log and len(lines) < 20, log  # a start with the database down: one line, not 100
    away = "không kết nối được cơ sở dữ liệu"
    started = [line for line in lines if f"{away}: " in line and "mọi trang và câu trả lời là 503" in line]
    assert len(started) == 1 and "[-]" in started[0], log
    assert any(f"[{ids['page']}] georeg.access" in line and '"GET /" 503' in line for line in lines), log
    assert any(f"{away}, trả lời 503" in line and "[-]" not in line for line in lines), log  # said during requests
    assert "database unreachable" not in log, log
    for secret in ("106.5766", "9.7644", "grt_not_for_the_log", "pw-in-url"):
        assert secret not in log, (secret, log)
    assert "/api/projects/near?lon=REDACTED&lat=REDACTED&radius_m=2000" in log
    settings = Settings()  # its first line: where its database and files are (a second checkout sharing a .venv
    folders = (  # served the first one's files, and nothing said so)
        f"/g; ảnh của các báo cáo {settings.photo_dir}; ảnh raster {settings.raster_dir}; tệp tải lên "
        f"{settings.upload_dir} (mỗi cơ sở dữ liệu một thư mục con); mã chạy từ {PROJECT_ROOT}"
    )
    where = re.compile(r"\[-\] api\.main: cơ sở dữ liệu postgresql\+psycopg://georeg:\*\*\*@127\.0\.0\.1:\d+")
    assert any(where.search(line) and line.endswith(folders) for line in lines[:3]), log


SERVER_WITH_A_FAULT = """
import uvicorn
from api.main import create_app
from api.request_log import LOG_CONFIG

app = create_app()


def fault():
    raise RuntimeError("a fault of the code")


app.add_api_route("/fault", fault)
uvicorn.run(app, port={port}, log_config=LOG_CONFIG)
"""


def test_an_internal_error_is_logged_with_the_request_id_answered_and_times_carry_vietnams_offset(sample_url):
    """Trial 56: a 500's log line said ``[-]``, and the times were the machine's clock zone's without a colon in the
    offset; here a server on a machine set to Los Angeles' zone answers a fault of the code."""
    port = _free_port()
    env = os.environ | {"GEOREG_DATABASE_URL": sample_url, "TZ": "America/Los_Angeles"}
    code = SERVER_WITH_A_FAULT.format(port=port)
    command = [sys.executable, "-c", code]
    server = subprocess.Popen(command, env=env, cwd=PROJECT_ROOT, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/fault", timeout=10)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline and server.poll() is None, "the server did not start"
                time.sleep(0.3)
    finally:
        server.terminate()
        _, log = server.communicate(timeout=30)
    request_id = answer.headers["X-Request-ID"]
    assert answer.status_code == 500 and request_id in answer.text, answer.text
    errors = [line for line in log.splitlines() if " ERROR " in line]
    assert errors and all(f"ERROR [{request_id}]" in line for line in errors), log
    assert "RuntimeError: a fault of the code" in log
    assert f'[{request_id}] georeg.access: 127.0.0.1 "GET /fault" 500' in log
    stamps = re.findall(r"^(\S+) (?:INFO|WARNING|ERROR) \[", log, re.MULTILINE)
    assert stamps and all(stamp.endswith("+07:00") for stamp in stamps), log
    written = datetime.fromisoformat(stamps[-1])
    assert abs((datetime.now(UTC) - written).total_seconds()) < 120, (stamps[-1], log)


def test_an_answer_given_at_once_is_logged_when_it_goes_not_after_the_work_it_leaves_to_run(caplog):
    """Trial s69: an upload answered 202 in 0.2 s was logged ``"POST /api/uploads" 202 19994 ms``, the time of the
    check it had left to run after the answer: the access line is written as the answer goes, before that work."""

    def check_the_file() -> None:
        logging.getLogger("georeg.jobs").info("the check ran")

    async def upload(request):
        return JSONResponse({"job": 1}, status_code=202, background=BackgroundTask(check_the_file))

    app = RequestLog(Starlette(routes=[Route("/api/uploads", upload, methods=["POST"])]))
    caplog.set_level(logging.INFO)
    assert TestClient(app).post("/api/uploads").status_code == 202
    said = [record.getMessage() for record in caplog.records if record.name in ("georeg.access", "georeg.jobs")]
    assert said[0].startswith('testclient "POST /api/uploads" 202 ') and said[1:] == ["the check ran"], said
