"""Web map at a province's volume (not a test): how long the map takes to show each zoom step, painted on canvas
tiles as shipped, against the same page drawing the projects as SVG paths (VectorGrid's default, as georeg did).

A scratch database gets the sample and ``--projects`` synthetic projects (60 % points, 25 % lines, 15 % polygons,
inside the two provinces' districts, loaded by ``georeg ingest``); ``georeg serve`` serves it; Debian's Chromium,
headless (software rendering, so slower than a desktop with a GPU), opens the map on a desktop screen and steps
from zoom 10 to 13 over Trà Vinh. Each step is timed from the zoom to the second frame after its last tile came.

    .venv/bin/python bench/web_map_zoom.py [--projects 30000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from ingest import GEOREG
from ingest_projects import geopackage, load_sample, projects
from playwright.async_api import async_playwright
from scratch_database import scratch_database

CENTRE = (9.935, 106.34)
ZOOMS = (10, 11, 12, 13)
CHROMIUM = "/usr/bin/chromium"
AS_SVG = ("new ProjectCanvas(coords, size, options)", "L.svg.tile(coords, size, options)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def zoom_steps(base: str, svg: bool) -> list[tuple[int, float]]:
    """Seconds each zoom step takes to be shown; the projects as SVG paths when ``svg``."""
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = await browser.new_page(viewport={"width": 1440, "height": 900})
        if svg:

            async def as_svg(route):
                response = await route.fetch()
                await route.fulfill(response=response, body=(await response.text()).replace(*AS_SVG))

            await page.route("**/web_map.js*", as_svg)
        waiting: set = set()
        page.on("request", lambda request: waiting.add(request))
        page.on("requestfinished", lambda request: waiting.discard(request))
        page.on("requestfailed", lambda request: waiting.discard(request))
        await page.goto(f"{base}/?layers=units_pre2025_district,projects,names", wait_until="load")
        steps = []
        for zoom in ZOOMS:
            started = time.perf_counter()
            await page.evaluate("([c, z]) => window.georeg.map.setView(c, z, { animate: false })", [CENTRE, zoom])
            await asyncio.sleep(0.2)
            while waiting:
                await asyncio.sleep(0.05)
            await page.evaluate("new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")
            steps.append((zoom, time.perf_counter() - started))
        await browser.close()
        return steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=30_000)
    args = parser.parse_args()
    with scratch_database("georeg_bench_map") as url, tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "GEOREG_DATABASE_URL": url}
        load_sample(env)
        path = geopackage(Path(folder), projects(args.projects, "B0", seed=7), "many")
        subprocess.run([GEOREG, "ingest", str(path), "--into", "projects"], env=env, check=True, capture_output=True)
        port = free_port()
        server = subprocess.Popen(
            [GEOREG, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(100):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.1)
            asyncio.run(zoom_steps(base, svg=False))  # the tiles made once, for both runs
            canvas = asyncio.run(zoom_steps(base, svg=False))
            svg = asyncio.run(zoom_steps(base, svg=True))
        finally:
            server.terminate()
            server.wait()
    print(f"{args.projects:,} projects and the sample; desktop 1440×900, headless Chromium, tiles already made")
    for (zoom, ours), (_, peer) in zip(canvas, svg, strict=True):
        print(f"zoom {zoom}: canvas {ours:.1f} s, peer SVG paths {peer:.1f} s, ratio {ours / peer:.2f}")
    total, peer_total = sum(s for _, s in canvas), sum(s for _, s in svg)
    print(f"all steps: canvas {total:.1f} s, peer SVG paths {peer_total:.1f} s, ratio {total / peer_total:.2f}")


if __name__ == "__main__":
    main()
