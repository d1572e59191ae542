"""A unit's page as a standalone file for the yearly report: HTML with its scripts and styles inlined (opens
anywhere, no server, no internet), or a PNG of it rendered by headless Chromium."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import folium

from maps.assets import ASSETS_URL

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


def standalone_html(page: folium.Map, assets_dir: Path) -> str:
    """The rendered page with every /assets script and stylesheet copied into it."""
    html = page.get_root().render()

    def script(match: re.Match[str]) -> str:
        body = _asset(assets_dir, match.group(1)).replace("</script", "<\\/script")
        return f"<script>{body}</script>"

    def style(match: re.Match[str]) -> str:
        return f"<style>{_asset(assets_dir, match.group(1))}</style>"

    html = re.sub(rf'<script src="{ASSETS_URL}/([^"]+)"></script>', script, html)
    return re.sub(rf'<link rel="stylesheet" href="{ASSETS_URL}/([^"]+)"\s*/>', style, html)


def _asset(assets_dir: Path, relative: str) -> str:
    path = (assets_dir / relative).resolve()
    if assets_dir.resolve() not in path.parents:
        raise ValueError(f"asset {relative!r} is outside {assets_dir}")
    return path.read_text(encoding="utf-8")


def png_of(html: str, width: int = 1200) -> bytes:
    """A full-page PNG screenshot of ``html`` (standalone) in headless Chromium."""
    from playwright.sync_api import sync_playwright  # only exports need a browser

    with tempfile.TemporaryDirectory(prefix="georeg-export-") as folder:
        page_file = Path(folder) / "page.html"
        page_file.write_text(html, encoding="utf-8")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport={"width": width, "height": 800})
                page.goto(page_file.as_uri(), wait_until="load")
                page.wait_for_timeout(300)
                return page.screenshot(full_page=True)
            finally:
                browser.close()
