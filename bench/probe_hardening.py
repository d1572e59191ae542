"""Probes of issue #14, against the app served for real (uvicorn, loopback): bad input, a database outage, security
headers and body limits. Prints each family's probes tried and passed, and the server's peak RSS.

    GEOREG_LOCAL_DB_PORT=... .venv/bin/python -m bench.probe_hardening

Targets: every probe answered 4xx (bad input, limits) or 503 (outage), zero 5xx otherwise, every response with the
security headers, and the server's RSS under 400 MB through the body-limit probes (a 200 MB JSON body once took it
from 338 to 909 MB).
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from bench.scratch_database import scratch_database
from geo.accounts import create_account, create_token
from geo.sample.load import load_sample
from geo.settings import get_settings

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MB = 1024 * 1024
HEADERS = ("content-security-policy", "x-content-type-options", "x-frame-options", "referrer-policy")
BAD_INPUT = [
    "/tiles/projects/10/814/488.pbf?agency=x%00y",
    "/api/progress?agency=x%00y",
    "/progress?agency=x%00y",
    "/api/salinity/units?source=x%00y",
    "/ogc/collections/projects/items?kind=x%00y",
    "/ogc/collections/projects/items?filter=code%20%3D%20%27%00%27",
    "/api/projects?offset=99999999999999999999",
    "/api/forest?year=99999999999999999999",
    "/raster/forest_cover/legend?dataset=99999999999",
    "/ogc/collections/projects/items?filter=" + "(" * 3000 + "code%3D'x'" + ")" * 3000,
    "/ogc/collections/projects/items?filter=" + "NOT%20" * 5000 + "code%3D'x'",
]
PAGES = ["/", "/progress", "/login", "/report", "/upload", "/accounts", "/api/projects", "/health", "/ogc"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serving(database_url: str) -> Iterator[tuple[str, int]]:
    """The app in its own uvicorn process; yields its base URL and process id."""
    port = _free_port()
    command = [sys.executable, "-m", "uvicorn", "--factory", "api.main:create_app", "--port", str(port)]
    env = {**os.environ, "GEOREG_DATABASE_URL": database_url, "PYTHONPATH": str(PROJECT_ROOT)}
    process = subprocess.Popen([*command, "--log-level", "warning"], env=env, cwd=PROJECT_ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{base}/login", timeout=5)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
        yield base, process.pid
    finally:
        process.terminate()
        process.wait(timeout=20)


def rss_mb(pid: int, field: str = "VmRSS") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def raw_post(base: str, path: str, headers: dict[str, str], chunks: Iterator[bytes]) -> int:
    """POST ``chunks`` on a plain socket while reading the answer, so that an early 413 is seen as soon as it comes
    (the client does not wait to send the whole body first); returns the status."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port))) as connection:
        head = f"POST {path} HTTP/1.1\r\nHost: {host}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        connection.sendall(head.encode() + b"\r\n")

        def send_body() -> None:
            try:
                for chunk in chunks:
                    connection.sendall(chunk)
            except OSError:
                pass  # the server answered and closed: the rest of the body is not wanted

        sender = threading.Thread(target=send_body, daemon=True)
        sender.start()
        answer = connection.recv(4096)
        return int(answer.split(b" ", 2)[1]) if answer else 0


def _chunked(total: int, size: int = MB, first: bytes = b"") -> Iterator[bytes]:
    """A body of ``total`` bytes (``first``, then spaces) in HTTP/1.1 chunks, without a declared length."""
    if first:
        yield f"{len(first):x}\r\n".encode() + first + b"\r\n"
    for _ in range(total // size):
        yield f"{size:x}\r\n".encode() + b" " * size + b"\r\n"
    yield b"0\r\n\r\n"


def _plain(total: int, size: int = MB) -> Iterator[bytes]:
    for _ in range(total // size):
        yield b" " * size


class Tally:
    def __init__(self) -> None:
        self.families: dict[str, list[bool]] = {}
        self.failures: list[str] = []

    def check(self, family: str, what: str, ok: bool) -> None:
        self.families.setdefault(family, []).append(ok)
        if not ok:
            self.failures.append(f"{family}: {what}")


def probe_bad_input(tally: Tally, http: httpx.Client, admin: dict[str, str]) -> None:
    for path in BAD_INPUT:
        status = http.get(path).status_code
        tally.check("bad input", f"GET {path[:80]} → {status}", 400 <= status < 500)
    project = http.get("/api/projects", params={"limit": 1}).json()["features"][0]["id"]
    for bad in ("a\u0000b", "a\ud800b"):
        for path, body in (
            ("/api/accounts", {"username": "probe", "role": "viewer", "display_name": bad}),
            (f"/api/projects/{project}/retire", {"reason": bad}),
        ):
            headers = {**admin, "Content-Type": "application/json"}
            status = http.post(path, content=json.dumps(body), headers=headers).status_code
            tally.check("bad input", f"POST {path} {bad!r} → {status}", status == 422)


def probe_headers(tally: Tally, http: httpx.Client) -> None:
    for path in PAGES:
        response = http.get(path)
        missing = [name for name in HEADERS if name not in response.headers]
        tally.check("headers", f"GET {path} lacks {missing}", not missing and response.status_code < 500)


def probe_limits(tally: Tally, base: str, admin: dict[str, str]) -> None:
    json_type = {"Content-Type": "application/json"}
    chunked = {"Transfer-Encoding": "chunked"}
    form = {**admin, "Content-Type": "multipart/form-data; boundary=x"}
    photo = b'--x\r\nContent-Disposition: form-data; name="photo"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n'
    probes: list[tuple[str, str, dict[str, str], Callable[[], Iterator[bytes]]]] = [
        ("200 MB JSON, length declared", "/api/session", {**json_type, "Content-Length": str(200 * MB)},
         lambda: iter(())),
        ("200 MB JSON, chunked", "/api/session", {**json_type, **chunked}, lambda: _chunked(200 * MB)),
        ("200 MB photo, chunked", "/api/projects/1/status", {**form, **chunked},
         lambda: _chunked(200 * MB, first=photo)),
        ("2 GB upload, length declared", "/api/uploads",
         {**admin, "Content-Type": "multipart/form-data; boundary=x", "Content-Length": str(2048 * MB)},
         lambda: _plain(8 * MB)),
    ]  # fmt: skip
    for what, path, headers, chunks in probes:
        status = raw_post(base, path, {**headers, "Connection": "close"}, chunks())
        tally.check("limits", f"{what} → {status}", status == 413)


def probe_outage(tally: Tally) -> None:
    """Every documented route of an app whose database does not answer: 503 with Retry-After, or a 4xx/2xx of its
    own (pages that need no data, bad parameters), never another 5xx."""
    dead = f"postgresql+psycopg://georeg@127.0.0.1:{_free_port()}/georeg"
    with serving(dead) as (base, _pid), httpx.Client(base_url=base, timeout=60) as http:
        paths = http.get("/openapi.json").json()["paths"]
        values = {"z": "10", "x": "814", "y": "488", "layer_id": "projects", "collection_id": "projects"}
        for template, operations in paths.items():
            path = re.sub(r"\{(\w+)\}", lambda name: values.get(name[1], "1"), template)
            for method in operations:
                response = http.request(method.upper(), path, headers={"Authorization": "Bearer grt_x"}, json={})
                status = response.status_code
                ok = status < 500 or (status == 503 and response.headers.get("retry-after", "").isdigit())
                tally.check("outage", f"{method.upper()} {path} → {status}", ok)
        health = http.get("/health")
        tally.check(
            "outage", "/health names the database, no host", health.status_code == 503 and "127.0" not in health.text
        )


def run() -> None:
    with scratch_database(f"georeg_bench_probes_{os.getpid()}") as url:
        engine = create_engine(url)
        with Session(engine) as session, session.begin():
            load_sample(session, get_settings().data_dir)
            token = create_token(session, create_account(session, "probe_admin", role="admin"))[0]
        engine.dispose()
        admin = {"Authorization": f"Bearer {token}"}
        tally = Tally()
        with serving(url) as (base, pid), httpx.Client(base_url=base, timeout=120) as http:
            probe_bad_input(tally, http, admin)
            probe_headers(tally, http)
            before = rss_mb(pid)
            probe_limits(tally, base, admin)
            time.sleep(1)
            after, peak = rss_mb(pid), rss_mb(pid, "VmHWM")
            still_up = http.get("/health").status_code == 200
            tally.check("limits", "the server still answers after the body probes", still_up)
            tally.check("limits", f"peak RSS {peak:.0f} MB under 400 MB", peak < 400)
        probe_outage(tally)
    print(f"\n{'family':<10} {'tried':>6} {'passed':>7}")
    for family, results in tally.families.items():
        print(f"{family:<10} {len(results):>6} {sum(results):>7}")
    print(f"\nserver RSS: {before:.0f} MB before the body-limit probes, {after:.0f} MB after, peak {peak:.0f} MB")
    for failure in tally.failures:
        print("FAILED", failure)
    sys.exit(1 if tally.failures else 0)


if __name__ == "__main__":
    run()
