"""deploy/varnish/georeg.vcl run by Debian's varnishd on loopback in front of the app: tiles are served from
Varnish, and an edit shows through it at once (versioned URLs change; unversioned ones are revalidated)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import httpx
import mapbox_vector_tile
import morecantile
import pytest
from live_servers import serving
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from geo.models import Project
from geo.settings import PROJECT_ROOT, Settings
from geo.status_history import append_status_event

VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"  # Debian's package (scripts/setup.sh --test)
VARNISHSTAT = shutil.which("varnishstat") or "/usr/bin/varnishstat"
WEB_MERCATOR = morecantile.tms.get("WebMercatorQuad")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def through_varnish(make_registry, tmp_path_factory) -> Iterator[tuple[str, object, Path]]:
    """The app on a database of its own, and Varnish with the deployment's VCL in front of it; yields its URL, the
    engine and varnishd's working directory."""
    url = make_registry("varnish", sample=True)
    engine = create_engine(url)
    work = tmp_path_factory.mktemp("varnish")
    with serving(Settings(database_url=url)) as app_url:
        vcl = (PROJECT_ROOT / "deploy" / "varnish" / "georeg.vcl").read_text(encoding="utf-8")
        assert '.port = "8000";' in vcl
        (work / "georeg.vcl").write_text(vcl.replace('"8000"', f'"{app_url.rsplit(":", 1)[1]}"'), encoding="utf-8")
        port = _free_port()
        command = [VARNISHD, "-F", "-j", "none", "-n", str(work / "state"), "-a", f"127.0.0.1:{port}"]
        command += ["-f", str(work / "georeg.vcl"), "-s", "malloc,32m", "-T", "none"]
        varnish = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_until_up(base, varnish)
            yield base, engine, work / "state"
        finally:
            varnish.terminate()
            varnish.wait(timeout=30)
    engine.dispose()


def _wait_until_up(base: str, varnish: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if varnish.poll() is not None:
            pytest.fail(f"varnishd exited: {varnish.stderr.read()}")
        try:
            httpx.get(base + "/health")
            return
        except httpx.TransportError:
            time.sleep(0.2)
    pytest.fail("varnishd did not answer within 30 s")


def _varnish_counter(state: Path, name: str) -> int:
    """One of varnishd's counters (varnishstat, read from its working directory)."""
    shown = subprocess.run([VARNISHSTAT, "-n", str(state), "-1", "-f", name], capture_output=True, text=True)
    return int(shown.stdout.split()[1])


def _counted(state: Path, name: str, expected: int, seconds: float = 5) -> bool:
    """Whether the counter reaches ``expected`` (and not beyond) within ``seconds``: a worker adds its counts to
    varnishstat's once its task is over, which on a loaded machine comes after the client has its answer."""
    deadline = time.monotonic() + seconds
    while (found := _varnish_counter(state, name)) < expected and time.monotonic() < deadline:
        time.sleep(0.05)
    return found == expected


def _status_in(response: httpx.Response, project_id: int) -> str:
    assert response.status_code == 200, response.text
    features = mapbox_vector_tile.decode(response.content)["projects"]["features"]
    return next(f["properties"]["status"] for f in features if f.get("id") == project_id)


def test_varnish_serves_tiles_and_shows_an_edit_at_once(through_varnish):
    base, engine, state = through_varnish
    with Session(engine) as session:
        project_id, lon, lat, status = session.execute(
            text(
                "SELECT id, ST_X(geom), ST_Y(geom), status FROM project "
                "WHERE GeometryType(geom) = 'POINT' AND retired_at IS NULL ORDER BY id LIMIT 1"
            )
        ).one()
    tile = WEB_MERCATOR.tile(lon, lat, 14)
    template = httpx.get(base + "/tiles/projects.json").json()["tiles"][0]
    assert template.startswith(base)
    versioned = template.format(z=14, x=tile.x, y=tile.y)
    plain = f"{base}/tiles/projects/14/{tile.x}/{tile.y}.pbf"

    first = httpx.get(versioned)
    assert first.headers["x-cache"].startswith("MISS from varnish") and _status_in(first, project_id) == status
    again = httpx.get(versioned)
    assert again.headers["x-cache"] == "HIT from varnish" and again.content == first.content
    assert httpx.head(versioned).headers["x-cache"] == "HIT from varnish"
    assert _status_in(httpx.get(plain), project_id) == status
    revalidated = _varnish_counter(state, "MAIN.fetch_304")
    time.sleep(0.01)  # past the millisecond Varnish serves an unversioned tile without asking
    again = httpx.get(plain)  # asked again with the kept ETag: the app says 304, Varnish sends its copy
    assert _status_in(again, project_id) == status
    assert _counted(state, "MAIN.fetch_304", revalidated + 1)
    api = f"{base}/api/projects/{project_id}"
    assert httpx.get(api).json()["properties"]["status"] == status

    new_status = "suspended" if status != "suspended" else "operating"
    with Session(engine) as session, session.begin():
        project = session.get(Project, project_id)
        append_status_event(session, project, status=new_status, percent=30, reported_at=date(2026, 11, 27))

    assert _status_in(httpx.get(plain), project_id) == new_status
    assert httpx.get(api).json()["properties"]["status"] == new_status  # not kept by Varnish
    now = httpx.get(base + "/tiles/projects.json").json()["tiles"][0]
    assert now != template
    assert _status_in(httpx.get(now.format(z=14, x=tile.x, y=tile.y)), project_id) == new_status
