// A page's map background fetched from /map/context.geojson (maps/context.py: the sea, the registry's provinces and
// the neighbours with their names), which the browser keeps and asks again only if changed (its ETag): inlined, it
// was half of /status-reports, sent again at each of a supervisor's visits (trial 64). Drawn under the page's shapes
// (a pane below Leaflet's overlays), the map kept within what it covers; over the office's basemap (``overBasemap``)
// the provinces outlined only and no sea.
window.georegPageContext = function (map, url, overBasemap) {
  var pane = map.createPane("georeg-context");
  pane.style.zIndex = 350;
  pane.style.pointerEvents = "none";
  fetch(url)
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (body) {
      if (!body) { return; } // no sea's package (the route says what to run): the page's shapes alone
      ["sea", "province", "neighbour"].forEach(function (kind) {
        if (overBasemap && kind === "sea") { return; }
        var style = Object.assign({}, body.styles[kind], overBasemap ? { fillOpacity: 0 } : {});
        var features = body.features.filter(function (f) { return f.properties.kind === kind; });
        L.geoJSON(features, { pane: "georeg-context", interactive: false, style: style }).addTo(map);
      });
      body.features.filter(function (f) { return f.properties.kind === "neighbour"; }).forEach(function (f) {
        var name = document.createElement("span");
        name.textContent = f.properties.label;
        var icon = L.divIcon({ html: name, iconSize: [8 * f.properties.label.length, 16],
                               className: "georeg-context-name" });
        var at = f.properties.label_at;
        L.marker([at[1], at[0]], { icon: icon, interactive: false, keyboard: false }).addTo(map);
      });
      if (!overBasemap && body.attribution) { map.attributionControl.addAttribution(body.attribution); }
      if (body.bbox) { // zoomed out no further than fills the view with it, whatever the screen's size
        var box = L.latLngBounds([body.bbox[1], body.bbox[0]], [body.bbox[3], body.bbox[2]]);
        var keep = function () { map.setMinZoom(map.getBoundsZoom(box, true)); };
        map.setMaxBounds(box);
        keep();
        map.on("resize", keep);
      }
    });
};
