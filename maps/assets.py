"""The map's JavaScript and CSS, served by the app from ``node_modules`` (``npm ci`` at setup).

Folium points its pages at CDNs; every asset a map uses must be listed here instead, so
a map opens on an office intranet with no internet.
"""

from __future__ import annotations

import re
from pathlib import Path

import folium
from branca.element import Element, MacroElement
from jinja2 import Template

ASSETS_URL = "/assets"

LOCAL_JS = {
    "leaflet": f"{ASSETS_URL}/leaflet/dist/leaflet.js",
    "vectorgrid": f"{ASSETS_URL}/leaflet.vectorgrid/dist/Leaflet.VectorGrid.bundled.min.js",
}
LOCAL_CSS = {
    "leaflet_css": f"{ASSETS_URL}/leaflet/dist/leaflet.css",
}


_SCRIPT = re.compile(rf'<script src="{ASSETS_URL}/([^"]+)"></script>')
_STYLESHEET = re.compile(rf'<link rel="stylesheet" href="{ASSETS_URL}/([^"]+)"\s*/?>')


class RawHtml(Element):
    """HTML put in a page as it is. branca's ``Element(html)`` compiles its text as a Jinja template: an officer's
    note "{{ 7*7 }}" was written "49" on /status-reports (and ``{{ … }}`` ran what it named), and each page compiled
    its whole body again, a third of the time a phone waited for /status-reports (bench/status_reports_page.py)."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.html = html

    def render(self, **kwargs: object) -> str:
        return self.html


class MetricScale(MacroElement):
    """The map's scale bar in metres and kilometres only (Leaflet's own adds feet and miles, which no reader of
    these maps uses); instead of folium's ``control_scale``."""

    _template = Template(
        "{% macro script(this, kwargs) %}L.control.scale({imperial: false}).addTo({{ this._parent.get_name() }});"
        "{% endmacro %}"
    )


#: Leaflet's credit in a map's corner, without the flag Leaflet puts before it: a neutral credit on a government map.
LEAFLET_CREDIT = '<a href="https://leafletjs.com">Leaflet</a>'


class LeafletCredit(MacroElement):
    """The map's credit to Leaflet as :data:`LEAFLET_CREDIT` says it."""

    _template = Template(
        "{% macro script(this, kwargs) %}{{ this._parent.get_name() }}.attributionControl.setPrefix("
        "{{ this.credit|tojson }});{% endmacro %}"
    )

    def __init__(self) -> None:
        super().__init__()
        self.credit = LEAFLET_CREDIT


class ZoomButtons(MacroElement):
    """The map's zoom buttons with their tooltips in the page's language (Leaflet's own say "Zoom in" on a
    Vietnamese page); instead of folium's ``zoom_control``."""

    _template = Template(
        "{% macro script(this, kwargs) %}L.control.zoom({zoomInTitle: {{ this.zoom_in|tojson }}, "
        "zoomOutTitle: {{ this.zoom_out|tojson }}}).addTo({{ this._parent.get_name() }});{% endmacro %}"
    )

    def __init__(self, zoom_in: str, zoom_out: str) -> None:
        super().__init__()
        self.zoom_in, self.zoom_out = zoom_in, zoom_out


class ExternalAssetError(RuntimeError):
    """A map element wants a CDN asset that has no local copy."""


def use_local_assets(root: folium.Map) -> None:
    """Point the map and all its elements at local assets; raise if one has no local copy."""
    root.default_js = list(LOCAL_JS.items())
    root.default_css = list(LOCAL_CSS.items())
    for element in _walk(root):
        for attribute, local in (("default_js", LOCAL_JS), ("default_css", LOCAL_CSS)):
            assets = getattr(element, attribute, None)
            if not assets:
                continue
            missing = [name for name, _ in assets if name not in local]
            if missing:
                raise ExternalAssetError(
                    f"{type(element).__name__} needs {missing}; add them to package.json and maps/assets.py"
                )
            setattr(element, attribute, [(name, local[name]) for name, _ in assets])


def _walk(element: Element):
    for child in element._children.values():
        yield child
        yield from _walk(child)


def inline_assets(html: str, assets_dir: Path) -> str:
    """``html`` with its /assets scripts and stylesheets copied into it (``</script`` escaped inside scripts), so the
    file opens from disk with no server and no internet: a map page exported (georeg map, the web map's own)."""

    def script(match: re.Match[str]) -> str:
        code = _asset(assets_dir, match[1]).replace("</script", "<\\/script")
        return f"<script>{code}</script>"

    def style(match: re.Match[str]) -> str:
        return f"<style>{_asset(assets_dir, match[1])}</style>"

    return _STYLESHEET.sub(style, _SCRIPT.sub(script, html))


def _asset(assets_dir: Path, relative: str) -> str:
    """An asset's text; ValueError for a path leading out of ``assets_dir`` (a page names its assets, but the
    file written must never carry anything else from the server's disk)."""
    path = (assets_dir / relative).resolve()
    if assets_dir.resolve() not in path.parents:
        raise ValueError(f"asset {relative!r} is outside {assets_dir}")
    return path.read_text(encoding="utf-8")
