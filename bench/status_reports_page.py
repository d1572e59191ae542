"""Benchmark: the first load of /status-reports on a phone, and where its time goes.

Run: .venv/bin/python bench/status_reports_page.py [--reports 200] [--runs 5]

Creates (and drops at the end) the database georeg_bench_report_page in the local cluster, loads the sample data and
sends ``--reports`` officers' reports through the API (two agencies, a third of them from afar). Prints, for the page
as served and for the former path (its HTML put in as branca ``Element``s, each compiled as a Jinja template):

- the server's time to build and render the page (median of ``--runs``), and the page's size;
- a phone's first load in Chromium (390×844, touch, CPU slowed ×4 over CDP, a fresh browser context each run):
  time to the first byte, to DOMContentLoaded and to load, and the scripting time (medians);
- the ratios of the former path to the page as served.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from branca.element import Element
from fastapi.testclient import TestClient
from playwright.sync_api import sync_playwright
from scratch_database import scratch_database
from sqlalchemy import create_engine
from sqlalchemy.orm import Session
from status_reports import _serve  # the app served by uvicorn on a free loopback port

import maps.context
import maps.pages
from api.main import create_app
from geo.accounts import create_account, create_token
from geo.sample.load import load_sample
from geo.settings import Settings, get_settings

DATABASE = "georeg_bench_report_page"
SUBSTATIONS = (12, 13)  # TV.SCT's substations: points, reported from one of them (the other from afar)
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}


@contextmanager
def former_path(former: bool) -> Iterator[None]:
    """The pages' HTML put in as branca Elements (the former path) while inside, if ``former``."""
    kept = maps.pages.RawHtml, maps.context.RawHtml
    if former:
        maps.pages.RawHtml = maps.context.RawHtml = Element
    try:
        yield
    finally:
        maps.pages.RawHtml, maps.context.RawHtml = kept


def _reports(url: str, count: int) -> None:
    with Session(create_engine(url)) as session, session.begin():
        load_sample(session, get_settings().data_dir)
        account = create_account(session, "bench", role="editor", agency_code="TV.SCT", display_name="Người thử")
        token, _ = create_token(session, account)
    client = TestClient(create_app(Settings(database_url=url)))
    for n in range(count):
        data = {"status": "under_construction", "percent": str(n % 100), "lon": "106.338181", "lat": "9.978182"}
        data |= {"note": f"Báo cáo thử {n}", "confirm_distance": "true"}
        sent = client.post(
            f"/api/projects/{SUBSTATIONS[n % 3 == 0]}/status", data=data, headers={"Authorization": f"Bearer {token}"}
        )
        assert sent.status_code == 201, sent.text


def _median_ms(run: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _phone_load(browser, url: str) -> dict[str, float]:
    context = browser.new_context(**PHONE)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    cdp.send("Performance.enable")
    page.goto(url, wait_until="load")
    timing = page.evaluate(
        "(() => { const n = performance.getEntriesByType('navigation')[0];"
        " return {ttfb: n.responseStart, dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd}; })()"
    )
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    context.close()
    return timing | {"script": metrics["ScriptDuration"] * 1000}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with scratch_database(DATABASE) as url:
        _reports(url, args.reports)
        settings = Settings(database_url=url)
        client = TestClient(create_app(settings))
        server, base = _serve(settings)
        figures = {}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            for name, former in (("served", False), ("former", True)):
                with former_path(former):
                    size = len(client.get("/status-reports?lang=vi").content)
                    server_ms = _median_ms(lambda: client.get("/status-reports?lang=vi"), args.runs)
                    loads = [_phone_load(browser, f"{base}/status-reports?lang=vi") for _ in range(args.runs)]
                phone = {k: statistics.median(load[k] for load in loads) for k in loads[0]}
                figures[name] = {"server": server_ms} | phone
                print(
                    f"{name:>6}: page {size / 1000:.0f} kB, server {server_ms:.0f} ms; phone ×4 CPU: first byte "
                    f"{phone['ttfb']:.0f} ms, DOMContentLoaded {phone['dcl']:.0f} ms, load {phone['load']:.0f} ms, "
                    f"scripts {phone['script']:.0f} ms"
                )
            browser.close()
        server.should_exit = True
        served, former = figures["served"], figures["former"]
        print("former / served: " + ", ".join(f"{k} {former[k] / served[k]:.2f}x" for k in served))


if __name__ == "__main__":
    main()
