"""The web map's search while its tiles load (not a test): how long a planner who types in the search box while the
map loads a view full of tiles waits for the places found, against the same search with the map at rest.

Chromium opens six connections to a host over HTTP/1.1, and a new view asks some seventy vector tiles: a search asked
then waited behind them. A scratch database gets the sample and ``--projects`` synthetic projects (bench/
ingest_projects.py's); ``georeg serve --workers 2`` serves it with the tile cache off (``GEOREG_TILE_CACHE_MB=0``:
each tile built by PostGIS, as after an edit, and alike from round to round); Debian's Chromium, headless, its HTTP
cache off, opens the map on a desktop screen (1366×900). Each round jumps to another view at zoom 11 (a planner
zooming in on a district), types "gia rai" into the search box at once and times, from the last key:
the search's answer (the 250 ms the box waits for more typing included), the time its request waited for a
connection, the tiles in flight when it was sent and when the view's last tile came; then the same search with the
map at rest. With ``--moves 2`` the map goes on to the next view ``--gap`` ms after the first, before the first's
tiles have come (a planner zooming or panning on): the first view's tiles are left behind, and the search is typed
at the second. The map's script as served against ``--peer``'s (``before``: the tiles asked at the default priority,
as before; ``four``: and no more than four at once; ``kept``: a tile left behind by a move still fetched, as
VectorGrid does, not aborted), in the same run, alternately.

    .venv/bin/python bench/search_behind_tiles.py [--projects 30000] [--rounds 8] [--database-url URL]
        [--moves 2] [--gap 300] [--peer kept]
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from ingest import GEOREG
from ingest_projects import geopackage, load_sample, projects
from playwright.sync_api import sync_playwright
from scratch_database import scratch_database

CHROMIUM = "/usr/bin/chromium"
DESKTOP = {"width": 1366, "height": 900}
TYPED = "gia rai"
#: views of zoom 11 across both provinces, each asked in turn (the tile cache is off: each round builds its tiles)
VIEWS = [(9.29, 105.72), (9.93, 106.34), (9.45, 105.45), (9.68, 106.55), (9.20, 105.35), (9.80, 106.10)]
TIMINGS = "performance.setResourceTimingBufferSize(100000);"
#: the map sent to each view in turn, ``gap`` ms apart (each asks its tiles at once; a move leaves those on their way
#: behind), then the search's text typed, as its last key (in the page: the keys Playwright types on a loaded machine
#: came slower than the box's 250 ms wait for more); when the layers shown then have drawn the last view
TYPED_AS_THE_MAP_MOVES = """async ([views, gap, text]) => {
  for (const [i, view] of views.entries()) {
    if (i) { await new Promise((resolve) => setTimeout(resolve, gap)); }
    window.georeg.map.setView(view, 11, { animate: false });
  }
  const map = window.georeg.map, loading = Object.values(window.georeg.overlays)
    .filter((l) => map.hasLayer(l) && l.isLoading && l.isLoading());
  let left = loading.length;
  window.__drawn = left ? null : performance.now();
  loading.forEach((l) => l.once("load", () => { if (--left === 0) { window.__drawn = performance.now(); } }));
  const box = document.getElementById("georeg-search");
  box.value = text;
  window.__typed = performance.now();
  box.dispatchEvent(new Event("input"));
}"""
#: once the view is drawn: the search's answer, from the last key; its wait for a connection; the tiles asked for
#: the view, those in flight when the search was sent, and the last one's answer, from the last key
MEASURED = """() => {
  const all = performance.getEntriesByType("resource");
  const asked = all.filter((e) => e.name.includes("/api/search?")).pop();
  const tiles = all.filter((e) => e.name.includes(".pbf"));
  const inFlight = tiles.filter((t) => t.startTime <= asked.startTime && t.responseEnd > asked.startTime).length;
  return { answered: asked.responseEnd - window.__typed, queued: asked.requestStart - asked.startTime,
           inFlight, tiles: tiles.length,
           drawn: Math.max(0, ...tiles.map((t) => t.responseEnd - window.__typed)),
           view: window.__drawn - window.__typed };
}"""
AT_REST = """() => !!window.georeg && document.body.dataset.awaited === "0" && Object.values(window.georeg.overlays)
  .every((l) => !window.georeg.map.hasLayer(l) || !l.isLoading || !l.isLoading())"""
#: the map's script as a peer runs it: the (from, to) replacements of each peer
STRICT = '  "use strict";\n'
LOW = '  L.VectorGrid.Protobuf.mergeOptions({ fetchOptions: { priority: "low" } });\n'
FOUR = """(function () {
  var proto = L.VectorGrid.Protobuf.prototype, fetchTile = proto._getVectorTilePromise, inFlight = 0, waiting = [];
  function next() { if (inFlight < 4 && waiting.length) { inFlight++; waiting.shift()(); } }
  proto._getVectorTilePromise = function (coords, tileBounds) {
    var layer = this;
    return new Promise(function (resolve) { waiting.push(resolve); next(); }).then(function () {
      var p = fetchTile.call(layer, coords, tileBounds);
      function done() { inFlight--; next(); }
      p.then(done, done);
      return p;
    });
  };
})();
"""
PEERS: dict[str, list[tuple[str, str]]] = {
    "before": [(LOW, "")],  # the tiles asked at the fetches' default priority, as the search is (high)
    "four": [(STRICT, STRICT + FOUR)],  # and at most four tiles asked at once, two connections left to the rest
    "kept": [("      if (asked) { asked.abort(); }\n", "")],  # a tile left behind by a move fetched all the same
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def served(url: str):
    port = free_port()
    env = {**os.environ, "GEOREG_DATABASE_URL": url, "GEOREG_TILE_CACHE_MB": "0"}
    server = subprocess.Popen(
        [GEOREG, "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        started = time.monotonic()
        while time.monotonic() - started < 300:  # a loaded machine starts two workers slowly
            try:
                urllib.request.urlopen(f"{base}/health", timeout=5).close()
                break
            except OSError:
                time.sleep(0.5)
        yield base
    finally:
        server.terminate()
        server.wait()


def open_map(browser, base: str, peer: str | None):
    page = browser.new_page(viewport=DESKTOP)
    page.aborted = []  # the tiles whose fetch the page gave up
    page.on("requestfailed", lambda r: page.aborted.append(r.url) if ".pbf" in r.url else None)
    page.context.new_cdp_session(page).send("Network.setCacheDisabled", {"cacheDisabled": True})
    page.add_init_script(TIMINGS)
    if peer:

        def as_peer(route):
            response = route.fetch()
            body = response.text()
            for old, new in PEERS[peer]:
                assert old in body, old
                body = body.replace(old, new)
            route.fulfill(response=response, body=body)

        page.route("**/web_map.js*", as_peer)
    page.goto(f"{base}/?lang=vi")
    page.wait_for_function(AT_REST, timeout=120_000, polling=100)
    return page


def searched(page, views: list[tuple[float, float]], gap: int = 0) -> dict:
    """One round: the search typed as the map jumps to ``views`` in turn, ``gap`` ms apart (none: the map at rest)."""
    box = page.locator("#georeg-search")
    box.fill("")
    page.wait_for_function("() => !document.getElementById('georeg-search-results').textContent")
    page.wait_for_function(AT_REST, timeout=120_000, polling=100)
    page.evaluate("performance.clearResourceTimings()")
    page.aborted.clear()
    page.evaluate(TYPED_AS_THE_MAP_MOVES, [[list(view) for view in views], gap, TYPED])
    page.wait_for_function("() => /Giá Rai/.test(document.getElementById('georeg-search-results').textContent)")
    page.wait_for_function(AT_REST, timeout=120_000, polling=100)
    measured = page.evaluate(MEASURED) | {"aborted": len(page.aborted)}
    page.evaluate("() => window.georeg.map.setView([9.6, 105.9], 9, { animate: false })")  # back out, for the next
    return measured


def run(
    base: str, peers: list[str | None], rounds: int, moves: int = 1, gap: int = 300
) -> dict[str | None, list[dict]]:
    results: dict[str | None, list[dict]] = {peer: [] for peer in peers}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for number in range(rounds):
            order = peers if number % 2 == 0 else peers[::-1]
            for peer in order:
                page = open_map(browser, base, peer)
                views = [VIEWS[(number + i) % len(VIEWS)] for i in range(moves)]
                results[peer].append({"loading": searched(page, views, gap), "rest": searched(page, [])})
                print(peer or "as served", results[peer][-1], flush=True)
                page.close()
        browser.close()
    return results


def report(name: str, rounds: list[dict]) -> None:
    def median(kind: str, key: str) -> float:
        return statistics.median(r[kind][key] for r in rounds)

    answered = [round(r["loading"]["answered"]) for r in rounds]
    print(
        f"{name}: tiles loading: answer {median('loading', 'answered'):.0f} ms from the last key (median; each "
        f"{answered}), waited {median('loading', 'queued'):.0f} ms for a connection, "
        f"{median('loading', 'inFlight'):.0f} tiles in flight of {median('loading', 'tiles'):.0f} asked "
        f"({median('loading', 'aborted'):.0f} aborted), the view drawn {median('loading', 'view'):.0f} ms, the last "
        f"tile {median('loading', 'drawn'):.0f} ms; map at rest: answer {median('rest', 'answered'):.0f} ms, "
        f"waited {median('rest', 'queued'):.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=30_000)
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--database-url", help="a database already loaded (the sample and projects), kept")
    parser.add_argument("--peer", action="append", default=[], choices=sorted(PEERS))
    parser.add_argument("--moves", type=int, default=1, help="views the map goes to in turn before the search")
    parser.add_argument("--gap", type=int, default=300, help="ms between two moves")
    args = parser.parse_args()
    peers: list[str | None] = [None, *args.peer]
    if args.database_url:
        with served(args.database_url) as base:
            results = run(base, peers, args.rounds, args.moves, args.gap)
    else:
        with scratch_database("georeg_bench_search") as url, tempfile.TemporaryDirectory() as folder:
            env = {**os.environ, "GEOREG_DATABASE_URL": url}
            load_sample(env)
            path = geopackage(Path(folder), projects(args.projects, "B0", seed=7), "many")
            subprocess.run(
                [GEOREG, "ingest", str(path), "--into", "projects"], env=env, check=True, capture_output=True
            )
            with served(url) as base:
                results = run(base, peers, args.rounds, args.moves, args.gap)
    print(
        f"desktop {DESKTOP['width']}×{DESKTOP['height']}, headless Chromium, georeg serve --workers 2, tile cache off, "
        f"{args.moves} move(s) {args.gap} ms apart"
    )
    for peer in peers:
        report(peer or "as served", results[peer])


if __name__ == "__main__":
    main()
