"""The vector tiles' Mapbox GL style (/tiles/{layer}/style.json), what QGIS 3.22 styles the tiles with: trial 60 found
the tiles drawn in QGIS's one default colour, the salinity classes not told apart. Checked as a style (its shape, its
classes' colours against the web map's) and as QGIS reads it (headless PyQGIS, when python3-qgis is installed)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from sqlalchemy.orm import Session

from layers.catalog import KIND_COLOURS, STATUS_COLOURS
from maps.web_map import map_config

QGIS_PYTHON = "/usr/bin/python3"  # Debian's, where python3-qgis installs PyQGIS; the venv has no PyQGIS
CLIENT = Path(__file__).with_name("qgis_vector_style.py")


def _style(client, path: str) -> dict[str, Any]:
    answer = client.get(path)
    assert answer.status_code == 200, answer.text
    return answer.json()


def _web_map_layer(engine, layer_id: str, lang: str) -> dict[str, Any]:
    """The layer as the web map's script draws it (its colours and legend)."""
    with Session(engine) as session:
        return next(layer for layer in map_config(session, lang)["vector"] if layer["id"] == layer_id)


def _drawn(style: dict[str, Any]) -> list[dict[str, Any]]:
    return [layer for layer in style["layers"] if layer["type"] != "symbol"]


@pytest.mark.parametrize("layer_id", ["salinity_zones", "projects", "units_pre2025_district", "progress"])
def test_the_style_is_a_version_8_style_reading_the_layers_own_tiles(client, layer_id):
    style = _style(client, f"/tiles/{layer_id}/style.json")
    assert style["version"] == 8
    (source_id, source), *others = style["sources"].items()
    assert not others and source["type"] == "vector"
    tilejson = client.get(urlsplit(source["url"]).path).json()
    assert tilejson["tiles"][0].startswith(f"http://testserver/tiles/{layer_id}/{{z}}/{{x}}/{{y}}.pbf")
    tile_layers = {layer["id"] for layer in tilejson["vector_layers"]}
    fields = {f for layer in tilejson["vector_layers"] for f in layer["fields"]}
    ids = [layer["id"] for layer in style["layers"]]
    assert len(ids) == len(set(ids)), "style layer ids repeat"
    for layer in style["layers"]:
        assert layer["source"] == source_id and layer["source-layer"] in tile_layers, layer["id"]
        assert layer["type"] in ("fill", "line", "circle", "symbol"), layer["id"]
        chosen = layer.get("filter", ["all"])
        for part in chosen[1:] if chosen[0] == "all" else [chosen]:
            assert part[1] in fields | {"$type"}, layer["id"]  # a filter on a field the tiles carry
    assert tilejson["style"] == f"http://testserver/tiles/{layer_id}/style.json"


def test_salinity_classes_are_drawn_in_the_web_maps_colours_in_its_legend_order(client, sample_engine):
    for lang in ("vi", "en"):
        web_map = _web_map_layer(sample_engine, "salinity_zones", lang)
        style = _style(client, f"/tiles/salinity_zones/style.json?lang={lang}")
        drawn = [(s["id"], s["filter"], s["paint"]["fill-color"]) for s in _drawn(style)]
        legend = [(c["label"], ["==", "salinity_class", c["code"]], c["colour"]) for c in web_map["legend"]["colours"]]
        assert drawn[:-1] == legend
        assert all(web_map["colours"][c["code"]] == c["colour"] for c in web_map["legend"]["colours"])
        other, chosen, colour = drawn[-1]  # a zone of a class the registry does not know (a file's own)
        assert (other, chosen[0], colour) == ({"vi": "Cấp khác", "en": "Other classes"}[lang], "!in", web_map["colour"])
    assert drawn[0][0] == "Non-saline (< 2)"


def test_projects_are_coloured_by_kind_as_the_web_map_or_by_status_as_the_project_pages(client, sample_engine):
    web_map = _web_map_layer(sample_engine, "projects", "vi")
    by_kind = _drawn(_style(client, "/tiles/projects/style.json"))
    fills = {s["filter"][2][2]: s["paint"]["fill-color"] for s in by_kind if s["type"] == "fill"}
    assert fills == web_map["colours"] == KIND_COLOURS
    assert {s["type"] for s in by_kind} == {"fill", "line", "circle"}
    assert by_kind[0]["id"] == "Đê biển (vùng)" and by_kind[0]["filter"][1] == ["==", "$type", "Polygon"]
    by_status = _drawn(_style(client, "/tiles/projects/style.json?colour=status&lang=en"))
    circles = {
        s["filter"][2][2]: s["paint"]["circle-color"]
        for s in by_status
        if s["type"] == "circle" and s["filter"][2][0] == "=="
    }
    assert circles == STATUS_COLOURS
    # projects merged at low zoom carry their kind only, not their status
    merged = [s["id"] for s in by_status if s["filter"][2][0] == "!in"]
    assert merged == [f"Several projects merged, zoom in ({words})" for words in ("areas", "lines", "points")]


def test_names_are_labelled_in_the_language_asked_projects_once_they_stop_merging(client):
    vi, en = (_style(client, f"/tiles/projects/style.json?lang={lang}")["layers"][-1] for lang in ("vi", "en"))
    assert (vi["layout"]["text-field"], en["layout"]["text-field"]) == ("{name_vi}", "{name_en}")
    assert vi["minzoom"] == 13 and vi["id"] == "Tên" and en["id"] == "Names"
    units = _style(client, "/tiles/units_pre2025_district/style.json?lang=en")["layers"]
    assert [(s["type"], s.get("minzoom")) for s in units] == [("line", None), ("symbol", None)]


def test_a_colouring_asked_of_a_layer_with_its_own_colours_is_refused_naming_the_parameter(client):
    answer = client.get("/tiles/salinity_zones/style.json?colour=status")
    assert answer.status_code == 400
    assert answer.json()["detail"].startswith("colour: only the projects are coloured by kind or status")


def _has_pyqgis() -> bool:
    return subprocess.run([QGIS_PYTHON, "-c", "import qgis.core"], capture_output=True, timeout=60).returncode == 0


def test_qgis_draws_each_salinity_class_in_its_colour_through_the_connections_style_url(
    live_server, tmp_path, sample_engine
):
    if not _has_pyqgis():
        pytest.skip("PyQGIS is not installed (Debian python3-qgis; scripts/setup.sh --test installs it)")
    import httpx

    bounds = ",".join(str(b) for b in httpx.get(f"{live_server}/tiles/salinity_zones.json").json()["bounds"])
    layers = ["salinity_zones", "projects", "units_pre2025_district"]
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_RUNTIME_DIR": str(tmp_path)}
    run = subprocess.run(
        [QGIS_PYTHON, str(CLIENT), live_server, str(tmp_path / "zones.png"), bounds, *layers],
        capture_output=True,
        text=True,
        timeout=300,
        env=environment,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    report = json.loads(run.stdout)
    web_map = _web_map_layer(sample_engine, "salinity_zones", "en")
    zones = report["en"]["salinity_zones"]
    assert zones["valid"]
    classes = [(s["name"], s["colour"]) for s in zones["styles"]][:-1]
    assert classes == [(c["label"], c["colour"]) for c in web_map["legend"]["colours"]]  # one style per class
    assert [s["filter"] for s in zones["styles"]][:2] == ["\"salinity_class\" IS '0-2'", "\"salinity_class\" IS '2-4'"]
    assert report["vi"]["salinity_zones"]["styles"][0]["name"] == "Không mặn (< 2)"
    # the tiles render in the classes' colours at the layer's opacity over white, not in one colour
    opacity = web_map["fill_opacity"]
    seen = [
        c["code"]
        for c in web_map["legend"]["colours"]
        if any(_near(_over_white(c["colour"], opacity), drawn) for drawn in report["rendered"])
    ]
    assert len(seen) >= 3, report["rendered"]
    projects = report["vi"]["projects"]
    assert len(projects["styles"]) == 3 * len(KIND_COLOURS) and projects["labels"] == [
        {"name": "Tên", "field": "name_vi"}
    ]
    units = report["en"]["units_pre2025_district"]
    assert [(s["geometry"], s["colour"]) for s in units["styles"]] == [(1, "#444444")]  # outlines only
    assert units["labels"] == [{"name": "Names", "field": "name_en"}]


def _channels(colour: str) -> list[int]:
    return [int(colour[i : i + 2], 16) for i in (1, 3, 5)]


def _over_white(colour: str, opacity: float) -> list[float]:
    """``colour`` drawn at ``opacity`` over white, as QGIS renders a fill."""
    return [255 - opacity * (255 - c) for c in _channels(colour)]


def _near(expected: list[float], drawn: str) -> bool:
    """Within 2 units a channel: QGIS's blending rounds down."""
    return all(abs(e - d) <= 2 for e, d in zip(expected, _channels(drawn), strict=True))
