"""The Docker image's path: build the wheel, install it outside the source tree, migrate, load, serve.

The wheel is built from a copy of what it is built from (pyproject.toml, the packages it includes and the files they
link to: nothing else of the checkout can stand in for a file the wheel lacks) and installed with ``--no-deps`` into
a fresh virtual environment that borrows the already-installed dependencies through a ``.pth`` line (the project's
editable install of georeg itself is not seen there). The commands run from an empty working directory, as the
image's ``georeg db migrate && georeg load-sample && georeg serve`` does.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import time
import tomllib
from fnmatch import fnmatch
from pathlib import Path

import httpx
import mapbox_vector_tile
import morecantile
import pytest

from geo.settings import PROJECT_ROOT

WEB_MERCATOR = morecantile.tms.get("WebMercatorQuad")
NOT_BUILT_FROM = shutil.ignore_patterns("__pycache__")


def _built_from() -> set[str]:
    """The checkout's top-level names the wheel is built from: pyproject.toml, its readme, the packages its
    ``packages.find`` includes, and the folders their links lead to (geo/alembic -> alembic/). The whole checkout was
    copied before (docs, tests, data, and a database cluster kept in it, whose socket stopped the copy)."""
    pyproject = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = pyproject["tool"]["setuptools"]["packages"]["find"]["include"]
    packages = {
        p.name
        for p in PROJECT_ROOT.iterdir()
        if (p / "__init__.py").exists() and any(fnmatch(p.name, pattern) for pattern in patterns)
    }
    linked = {
        link.resolve().relative_to(PROJECT_ROOT).parts[0]
        for package in packages
        for link in (PROJECT_ROOT / package).rglob("*")
        if link.is_symlink()
    }
    return {"pyproject.toml", pyproject["project"]["readme"], *packages, *linked}


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh venv with georeg installed from its wheel; returns the venv's bin folder."""
    work = tmp_path_factory.mktemp("installed")
    source = work / "source"
    source.mkdir()  # a file may come first: a set's order changes with each process's hash seed
    for name in _built_from():
        if (PROJECT_ROOT / name).is_dir():
            shutil.copytree(PROJECT_ROOT / name, source / name, symlinks=True, ignore=NOT_BUILT_FROM)
        else:
            shutil.copy2(PROJECT_ROOT / name, source / name)
    pip = [sys.executable, "-m", "pip"]
    subprocess.run([*pip, "wheel", str(source), "--no-deps", "-q", "-w", str(work / "dist")], check=True)
    wheel = next((work / "dist").glob("georeg-*.whl"))
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    purelib = Path(
        subprocess.check_output(
            [venv / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], text=True
        ).strip()
    )
    (purelib / "borrowed_dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    subprocess.run(
        [*pip, "--python", str(venv / "bin" / "python"), "install", "--no-deps", "-q", str(wheel)], check=True
    )
    return venv / "bin"


def _run(bin_dir: Path, env: dict[str, str], *args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([bin_dir / "georeg", *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=600)


def test_the_installed_package_migrates_loads_and_serves(installed: Path, make_database, tmp_path: Path):
    imported = subprocess.check_output(
        [installed / "python", "-c", "import geo, maps; print(geo.__file__)"], text=True, cwd=tmp_path
    )
    assert str(installed.parent) in imported, "georeg must come from the wheel, not the source tree"
    env = {
        "PATH": os.environ["PATH"],
        "GEOREG_DATABASE_URL": make_database("installed"),
        "GEOREG_DATA_DIR": str(PROJECT_ROOT / "data"),
        "GEOREG_ASSETS_DIR": str(PROJECT_ROOT / "node_modules"),
    }
    for command in (("db", "migrate"), ("load-sample",)):
        done = _run(installed, env, *command, cwd=tmp_path)
        assert done.returncode == 0, done.stdout + done.stderr
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [installed / "georeg", "serve", "--port", str(port)], env=env, cwd=tmp_path, stderr=subprocess.PIPE, text=True
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, server)
        page = httpx.get(base + "/")
        assert page.status_code == 200
        assert 'src="/assets/georeg/web_map.js"' in page.text
        own_script = httpx.get(base + "/assets/georeg/web_map.js").text
        assert own_script == (PROJECT_ROOT / "maps" / "static" / "web_map.js").read_text(encoding="utf-8")
        assert httpx.get(base + "/assets/leaflet/dist/leaflet.js").status_code == 200
        assert "swagger" in httpx.get(base + "/docs").text.lower()
        assert httpx.get(base + "/assets/swagger-ui-dist/swagger-ui-bundle.js").status_code == 200
        assert httpx.get(base + "/status-report").status_code == 200
        tilejson = httpx.get(base + "/tiles/projects.json").json()
        west, south, east, north = tilejson["bounds"]
        centre = WEB_MERCATOR.tile((west + east) / 2, (south + north) / 2, 8)
        tile = httpx.get(tilejson["tiles"][0].format(z=centre.z, x=centre.x, y=centre.y))
        assert tile.status_code == 200
        assert mapbox_vector_tile.decode(tile.content)["projects"]["features"]
        items = httpx.get(base + "/ogc/collections/projects/items", params={"limit": 5}).json()
        assert items["type"] == "FeatureCollection" and len(items["features"]) == 5
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:  # still importing on a loaded machine: it outlived a failed run by an hour
            server.kill()
            server.wait()


def _wait_until_up(base: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 120  # its imports took 23 s of wall for 4 s of CPU at a load of 17
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"georeg serve exited: {server.stderr.read()}")
        try:
            if httpx.get(base + "/health").status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    pytest.fail("georeg serve did not answer within 120 s")
