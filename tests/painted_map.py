"""What the web map paints, read in the page: its projects are painted on canvas tiles (no element per project), so
the tests ask the map's own list (``window.georeg.paintedProjects()``: id, the tile it is painted in (in the order
painted), kind, status, colour, dash, opacity, halo, merged, whether it is a point, whether it is drawn as a density
(``dense``), and a point ``at`` on the screen inside each) and click or tap at those points as a user would."""

from __future__ import annotations

PAINTED = "() => window.georeg && window.georeg.overlays.projects ? window.georeg.paintedProjects() : []"
MORE_PAINTED_THAN = (
    "(n) => !!window.georeg && !!window.georeg.overlays.projects && window.georeg.paintedProjects().length > n"
)

# Every layer on the map has drawn its tiles of the view (a layer group, such as the names, has no tiles).
LAYERS_LOADED = """() => !!window.georeg && Object.values(window.georeg.overlays)
    .every((l) => !window.georeg.map.hasLayer(l) || !l.isLoading || !l.isLoading())"""


# Every answer the map's script asked for has been drawn (web_map.js drawnOnce: tile addresses, neighbours, names,
# figures, counts, outlines); its layers' tiles may still be coming.
ANSWERED = '() => document.body.dataset.awaited === "0"'
# The map drawn as asked: every answer drawn (ANSWERED), every layer's tiles of the view in and no zoom under way.
# What a test that read the page after a quiet network now waits for.
AT_REST = f"() => ({ANSWERED})() && ({LAYERS_LOADED})() && !window.georeg.map._animatingZoom"


def painted_projects(page) -> list[dict]:
    """The projects painted in the tiles of the map's current zoom."""
    return page.evaluate(PAINTED)


def wait_until_painted(page, more_than: int = 5, timeout: float = 30_000) -> None:
    """Until more than ``more_than`` projects are painted (the tiles of a cold server take a moment)."""
    page.wait_for_function(MORE_PAINTED_THAN, arg=more_than, timeout=timeout)


def wait_until_loaded(page, timeout: float = 30_000) -> None:
    """Until every layer on the map has drawn its tiles of the view (none still loading). The layers a page starts
    with are added once their TileJSON has come: wait for one of them first (``wait_until_painted``)."""
    page.wait_for_function(LAYERS_LOADED, timeout=timeout)


def wait_until_answered(page, timeout: float = 30_000) -> None:
    """Until every answer the map asked for is drawn (ANSWERED): the names of a view it was moved to, for one."""
    page.wait_for_function(ANSWERED, timeout=timeout)


def wait_until_at_rest(page, timeout: float = 30_000) -> None:
    """Until the map has drawn what its view and filters ask (AT_REST)."""
    page.wait_for_function(AT_REST, timeout=timeout)


def open_map(page, url: str, timeout: float = 30_000) -> None:
    """Open a map page and wait until it is drawn (AT_REST), not for the network to fall quiet."""
    page.goto(url)
    wait_until_at_rest(page, timeout)


def colours(painted: list[dict]) -> set[str]:
    """The colours painted (a merged count is painted in its projects' colour)."""
    return {p["colour"] for p in painted}


ON_OPEN_MAP = """(painted) => painted.filter((p) => {
    if (!p.at) { return false; }
    const el = document.elementFromPoint(p.at[0], p.at[1]);
    return !!el && !!el.closest('.leaflet-container') && !el.closest('.leaflet-control-container, .leaflet-popup-pane');
})"""


def on_open_map(page, painted: list[dict]) -> list[dict]:
    """Those whose point on the screen shows the map, not a drawer, the legend or a popup over it."""
    return page.evaluate(ON_OPEN_MAP, painted)
