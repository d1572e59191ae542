// The georeg web map: tiled layers, filters, time slider, search, legend and vi/en switch.
// Reads GEOREG_CONFIG (built by maps/web_map.py) and draws on the folium map GEOREG_MAP.
(function (cfg, map) {
  "use strict";
  var T = cfg.text;
  var FILTERS = ["province", "kind", "status", "plan", "plan_action", "agency"];
  var PROGRESS_FILTERS = ["kind", "plan", "plan_action", "agency"];
  var params = new URLSearchParams(window.location.search);
  var state = { scheme: params.get("scheme") === "2025" ? "2025" : "pre2025", as_of: params.get("as_of") || "" };
  // Each filter holds the codes chosen (none chosen: all); the URL repeats the parameter, as the API takes it.
  FILTERS.forEach(function (name) { state[name] = params.getAll(name).filter(Boolean); });
  var asked = params.get("layers");
  var progressFigures = {};
  var overlays = {};

  function esc(value) {
    return String(value == null ? "" : value).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function name(p) { return cfg.lang === "vi" || !p.name_en ? p.name_vi : p.name_en; }
  function query(names) {
    var q = new URLSearchParams();
    names.forEach(function (n) {
      [].concat(state[n] || []).forEach(function (value) { if (value) { q.append(n, value); } });
    });
    return q.toString();
  }
  function withQuery(url, names) { var q = query(names); return q ? url + "?" + q : url; }

  // VectorGrid keeps a feature's properties but not its MVT id; the popups link to /projects/{id}.
  var createFeature = L.VectorGrid.prototype._createLayer;
  L.VectorGrid.prototype._createLayer = function (feat, pxPerExtent) {
    var drawn = createFeature.call(this, feat, pxPerExtent);
    drawn.featureId = feat.id;
    return drawn;
  };

  [["raster", 210], ["units", 220], ["progress", 230], ["zones", 240], ["projects", 450]].forEach(function (p) {
    map.createPane(p[0]).style.zIndex = p[1];
  });

  // Styles -----------------------------------------------------------------------------------------------------
  function projectStyle(def) {
    return function (p) {
      var colour = def.colours[p.kind] || def.colour;
      var outline = def.outlines[p.status] || "solid";
      var faded = outline === "faded";
      var line = p.dimension === 1;
      return {
        color: colour, weight: line ? 3 : 2, opacity: faded ? 0.45 : 1,
        dashArray: outline === "dashed" ? "6 4" : outline === "dotted" ? "2 4" : null,
        fill: !line, fillColor: colour, fillOpacity: faded ? 0.15 : p.dimension === 2 ? 0.35 : 0.8,
        radius: p.n_features ? 6 + Math.min(6, Math.log2(p.n_features)) : 6
      };
    };
  }
  function unitStyle(def) {
    var style = { color: def.colour, weight: def.weight, fill: true, fillColor: def.colour,
                  fillOpacity: def.fill_opacity };
    return function () { return style; };
  }
  function progressClass(value) {
    if (value == null) { return "none"; }
    return value < 20 ? "0-20" : value < 40 ? "20-40" : value < 60 ? "40-60" : value < 80 ? "60-80" : "80-100";
  }
  function progressStyle(p) {
    var row = progressFigures[p.code];
    var colour = cfg.progress.colours[progressClass(row ? row.progress_percent : null)];
    return { color: "#555", weight: 1, fill: true, fillColor: colour, fillOpacity: 0.8 };
  }

  // Popups -----------------------------------------------------------------------------------------------------
  function table(rows) {
    return '<table class="georeg-popup">' + rows.map(function (r) {
      return "<tr><td>" + esc(r[0]) + "</td><td>" + esc(r[1]) + "</td></tr>";
    }).join("") + "</table>";
  }
  function link(href, label) { return '<a href="' + esc(href) + '" target="_blank">' + esc(label) + "</a>"; }
  function projectPopup(p, id) {
    if (p.n_features) { return "<b>" + p.n_features + "</b> " + esc(T.merged); }
    return "<b>" + esc(name(p)) + "</b>" + table([
      [T.kind, cfg.labels.kind[p.kind] || p.kind],
      [T.status, cfg.labels.status[p.status] || p.status],
      [T.percent, p.percent == null ? "—" : p.percent + " %"],
      [T.plan_ref, [p.plan, p.plan_action].filter(Boolean).join(" ") || "—"],
      [T.precision, cfg.labels.precision[p.location_precision] || p.location_precision]
    ]) + link("/projects/" + id + "?lang=" + cfg.lang, T.open_project);
  }
  function unitPopup(p, scheme) {
    var rows = [];
    var row = progressFigures[p.code];
    if (row && map.hasLayer(overlays.progress)) {
      rows.push([T.progress, row.progress_percent == null ? T.no_projects : row.progress_percent.toFixed(1)]);
      rows.push([T.projects, row.projects]);
    }
    return "<b>" + esc(name(p)) + "</b>" + table(rows) +
      link("/units/" + scheme + "/" + encodeURIComponent(p.code) + "?lang=" + cfg.lang, T.open_unit);
  }
  function openPopup(e, html) { L.popup({ maxWidth: 320 }).setLatLng(e.latlng).setContent(html).openOn(map); }

  // Layers -----------------------------------------------------------------------------------------------------
  function tileUrl(layerId) {
    var url = "/tiles/" + layerId + "/{z}/{x}/{y}.pbf";
    return layerId === "projects" ? withQuery(url, FILTERS.concat(["as_of"])) : url;
  }
  function vectorLayer(id, pane, style, onClick) {
    var styles = {};
    styles[id] = style;
    var layer = L.vectorGrid.protobuf(tileUrl(id), {
      pane: pane, interactive: true, vectorTileLayerStyles: styles, maxNativeZoom: 18, maxZoom: 20
    });
    layer.on("click", function (e) { L.DomEvent.stop(e); onClick(e); });
    return layer;
  }
  var bases = {};
  bases[T.blank] = L.layerGroup();
  bases[T.osm] = L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
    maxZoom: 19, attribution: "&copy; OpenStreetMap contributors"
  });
  (params.get("basemap") === "osm" ? bases[T.osm] : bases[T.blank]).addTo(map);

  var named = {};
  cfg.vector.forEach(function (def) {
    var style = def.id === "projects" ? projectStyle(def) : unitStyle(def);
    var layer = vectorLayer(def.id, def.pane, style, function (e) {
      var p = e.layer.properties;
      if (def.id === "projects") { openPopup(e, projectPopup(p, e.layer.featureId)); }
      else if (def.scheme) { openPopup(e, unitPopup(p, def.scheme)); }
      else { openPopup(e, "<b>" + esc(def.title) + "</b>" + table([[def.legend.title, p.salinity_class || ""],
                                                                      ["", p.period || ""]])); }
    });
    overlays[def.id] = layer;
    named[def.id] = { title: def.title, legend: def.legend, shown: def.shown };
  });
  overlays.progress = L.vectorGrid.protobuf(tileUrl(cfg.progress.units[state.scheme]), {
    pane: "progress", interactive: true, maxNativeZoom: 18, maxZoom: 20,
    vectorTileLayerStyles: { units_pre2025_district: progressStyle, units_2025_commune: progressStyle }
  });
  overlays.progress.on("click", function (e) { openPopup(e, unitPopup(e.layer.properties, state.scheme)); });
  named.progress = { title: cfg.progress.title, shown: false };
  cfg.rasters.forEach(function (def) {
    overlays[def.id] = L.tileLayer("/raster/" + def.id + "/{z}/{x}/{y}.png", { pane: "raster", opacity: 0.75,
                                                                               maxNativeZoom: 14, maxZoom: 20 });
    named[def.id] = { title: def.title, raster: def.legend, shown: false };
  });

  var wanted = asked === null ? null : asked.split(",");
  var control = {};
  Object.keys(overlays).forEach(function (id) {
    control['<span data-layer="' + id + '">' + esc(named[id].title) + "</span>"] = overlays[id];
    if (wanted ? wanted.indexOf(id) >= 0 : named[id].shown) { overlays[id].addTo(map); }
  });
  L.control.layers(bases, control, { collapsed: false, position: "topright" }).addTo(map);

  // Legend -----------------------------------------------------------------------------------------------------
  function swatch(colour, outline) {
    if (outline) {
      var dash = outline === "dashed" ? "6 4" : outline === "dotted" ? "2 4" : "";
      return '<svg class="swatch" width="24" height="12"><line x1="0" y1="6" x2="24" y2="6" stroke="#333" ' +
        'stroke-width="2" stroke-dasharray="' + dash + '" opacity="' + (outline === "faded" ? 0.4 : 1) + '"/></svg>';
    }
    return '<span class="swatch" style="background:' + esc(colour) + '"></span>';
  }
  function legendSection(id) {
    var about = named[id];
    var html = "<h4>" + esc(about.title) + "</h4>";
    if (id === "progress") {
      html += '<div class="note">' + esc(T.as_of) + ": " + esc(state.as_of || T.now) + "</div>";
      cfg.progress.legend.forEach(function (c) { html += "<div>" + swatch(c.colour) + esc(c.label) + "</div>"; });
    } else if (about.raster) {
      about.raster.classes.forEach(function (c) { html += "<div>" + swatch(c.colour) + esc(c.label) + "</div>"; });
      html += '<div class="note">' + esc(T.source) + ": " + esc(about.raster.dataset.source) +
        (about.raster.dataset.is_demo ? " — " + esc(T.demo_source) : "") + "</div>";
    } else {
      about.legend.colours.forEach(function (c) { html += "<div>" + swatch(c.colour) + esc(c.label) + "</div>"; });
      if (about.legend.outlines.length) {
        html += '<div class="note">' + esc(T.outline) + "</div>";
        about.legend.outlines.forEach(function (o) { html += "<div>" + swatch(null, o.outline) + esc(o.label) + "</div>"; });
      }
    }
    return html;
  }
  var legend = L.control({ position: "bottomright" });
  legend.onAdd = function () {
    var div = L.DomUtil.create("div", "georeg-panel");
    div.id = "georeg-legend";
    L.DomEvent.disableScrollPropagation(div);
    return div;
  };
  legend.addTo(map);
  function renderLegend() {
    var html = "<b>" + esc(T.legend) + "</b>";
    Object.keys(overlays).forEach(function (id) { if (map.hasLayer(overlays[id])) { html += legendSection(id); } });
    document.getElementById("georeg-legend").innerHTML = html;
  }

  // Filters, time slider, search, language ---------------------------------------------------------------------
  function options(items, chosen, label) {
    return items.map(function (item) {
      var code = typeof item === "string" ? item : item.code;
      return '<option value="' + esc(code) + '"' + (chosen.indexOf(code) >= 0 ? " selected" : "") + ">" +
        esc(label(item)) + "</option>";
    }).join("");
  }
  // A list where several can be chosen (Ctrl/Cmd-click, or tap on a phone); none chosen shows all.
  function select(field, items, label) {
    return "<label>" + esc(T[field]) + '<select multiple size="3" id="georeg-filter-' + field + '" data-filter="' + field + '">' +
      options(items, state[field], label) + "</select></label>";
  }
  var ch = cfg.choices;
  var first = new Date(ch.first_date + "T00:00:00Z");
  var days = Math.round((new Date(ch.last_date + "T00:00:00Z") - first) / 86400000);
  function dayOf(iso) { return iso ? Math.round((new Date(iso + "T00:00:00Z") - first) / 86400000) : days; }
  function isoOf(day) { return new Date(first.getTime() + day * 86400000).toISOString().slice(0, 10); }

  var panel = L.control({ position: "topleft" });
  panel.onAdd = function () {
    var div = L.DomUtil.create("div", "georeg-panel");
    div.id = "georeg-filters";
    div.innerHTML =
      '<div class="row"><b>' + esc(T.filters) + '</b><a id="georeg-lang" style="margin-left:auto" href="#">' +
      esc(T.other_lang) + "</a></div>" +
      '<input type="search" id="georeg-search" placeholder="' + esc(T.search) + '">' +
      '<div id="georeg-search-results"></div>' +
      '<div class="note">' + esc(T.all_when_none) + "</div>" +
      select("province", ch.provinces, function (u) { return name(u) + " (" + u.code + ")"; }) +
      select("kind", ch.kinds, function (k) { return cfg.labels.kind[k] || k; }) +
      select("status", Object.keys(cfg.labels.status), function (s) { return cfg.labels.status[s]; }) +
      select("plan", ch.plans, function (p) { return p.code; }) +
      select("plan_action", ch.plan_actions, function (a) {
        return a.plan + " " + a.code + " — " + (cfg.lang === "vi" ? a.title_vi : a.title_en);
      }) +
      select("agency", ch.agencies, function (a) { return cfg.lang === "vi" ? a.name_vi : a.name_en; }) +
      "<label>" + esc(T.scheme) + '<select id="georeg-scheme"><option value="pre2025">' + esc(T.scheme_pre2025) +
      '</option><option value="2025"' + (state.scheme === "2025" ? " selected" : "") + ">" + esc(T.scheme_2025) +
      '</option></select></label><div class="note">' + esc(T.progress_note) + "</div>" +
      '<label>' + esc(T.as_of) + ': <b id="georeg-date-label"></b></label>' +
      '<div class="row"><input type="range" id="georeg-date" min="0" max="' + days + '" value="' +
      dayOf(state.as_of) + '"><button type="button" id="georeg-now">' + esc(T.now) + "</button></div>" +
      '<label>' + esc(T.export) + ': <a id="georeg-export-geojson" href="#">' + esc(T.export_geojson) +
      '</a> · <a href="/api/exports/projects.gpkg">' + esc(T.export_gpkg) + "</a></label>";
    L.DomEvent.disableClickPropagation(div);
    L.DomEvent.disableScrollPropagation(div);
    return div;
  };
  panel.addTo(map);

  function syncLinks() {
    var own = new URLSearchParams(query(FILTERS.concat(["as_of"])));
    if (state.scheme !== "pre2025") { own.set("scheme", state.scheme); }
    own.set("layers", Object.keys(overlays).filter(function (id) { return map.hasLayer(overlays[id]); }).join(","));
    var other = new URLSearchParams(own);
    own.set("lang", cfg.lang);
    other.set("lang", cfg.lang === "vi" ? "en" : "vi");
    window.history.replaceState(null, "", "?" + own.toString());
    document.getElementById("georeg-lang").href = "?" + other.toString();
    document.getElementById("georeg-export-geojson").href =
      withQuery("/api/projects", ["province", "kind", "status", "plan"]) + (query(["province", "kind", "status",
        "plan"]) ? "&" : "?") + "limit=1000";
    document.getElementById("georeg-date-label").textContent = state.as_of || T.now;
  }
  function refreshProgress() {
    var q = new URLSearchParams(query(PROGRESS_FILTERS.concat(["as_of"])));
    q.set("scheme", state.scheme);
    return fetch("/api/progress?" + q.toString()).then(function (r) { return r.json(); }).then(function (body) {
      progressFigures = {};
      (body.units || []).forEach(function (u) { progressFigures[u.code] = u; });
      overlays.progress.setUrl(tileUrl(cfg.progress.units[state.scheme]));
    });
  }
  function apply() {
    overlays.projects.setUrl(tileUrl("projects"));
    syncLinks();
    renderLegend();
    return refreshProgress();
  }
  document.querySelectorAll("#georeg-filters select[data-filter]").forEach(function (el) {
    el.addEventListener("change", function () {
      state[el.dataset.filter] = Array.prototype.map.call(el.selectedOptions, function (o) { return o.value; });
      apply();
    });
  });
  document.getElementById("georeg-scheme").addEventListener("change", function (e) {
    state.scheme = e.target.value;
    apply();
  });
  var slider = document.getElementById("georeg-date");
  slider.addEventListener("input", function () {
    document.getElementById("georeg-date-label").textContent = isoOf(+slider.value);
  });
  slider.addEventListener("change", function () {
    state.as_of = +slider.value >= days ? "" : isoOf(+slider.value);
    apply();
  });
  document.getElementById("georeg-now").addEventListener("click", function () {
    slider.value = days;
    state.as_of = "";
    apply();
  });
  map.on("overlayadd overlayremove", function () { renderLegend(); syncLinks(); });

  var searchBox = document.getElementById("georeg-search");
  var results = document.getElementById("georeg-search-results");
  var pending = null;
  function showPlace(place) {
    var href = place.type === "project" ? "/projects/" + place.id : "/units/" + place.scheme + "/" + place.code;
    var html = "<b>" + esc(name(place)) + "</b><br>" + link(href + "?lang=" + cfg.lang,
      place.type === "project" ? T.open_project : T.open_unit);
    if (!place.bbox) { results.innerHTML = "<div>" + html + "</div>"; return; }
    var b = place.bbox;
    map.fitBounds([[b[1], b[0]], [b[3], b[2]]], { maxZoom: 14 });
    L.popup().setLatLng([(b[1] + b[3]) / 2, (b[0] + b[2]) / 2]).setContent(html).openOn(map);
  }
  searchBox.addEventListener("input", function () {
    clearTimeout(pending);
    pending = setTimeout(function () {
      if (!searchBox.value.trim()) { results.innerHTML = ""; return; }
      fetch("/api/search?q=" + encodeURIComponent(searchBox.value)).then(function (r) { return r.json(); })
        .then(function (body) {
          results.innerHTML = body.results.length ? "" : "<div>" + esc(T.no_results) + "</div>";
          body.results.forEach(function (place) {
            var row = document.createElement("div");
            var what = place.type === "project" ? cfg.labels.kind[place.kind] : cfg.labels.level[place.level];
            row.textContent = name(place) + " — " + (what || "");
            row.addEventListener("click", function () { showPlace(place); });
            results.appendChild(row);
          });
        });
    }, 250);
  });

  window.georeg = { map: map, overlays: overlays, state: state, apply: apply };
  apply();
})(GEOREG_CONFIG, GEOREG_MAP);
