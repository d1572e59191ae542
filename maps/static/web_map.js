// The georeg web map: tiled layers, filters, time slider and date box, search, names, legend and vi/en switch.
// Reads its configuration (built by maps/web_map.py) from <script type="application/json" id="georeg-config">
// and draws on the folium map named there. Filters, layers and legend are drawers: folded on a phone (a tap on
// the map folds them), open on a desktop; each opens and folds with its button.
(function () {
  "use strict";
  var cfg = JSON.parse(document.getElementById("georeg-config").textContent);
  var map = window[cfg.map];
  // Leaflet 1.9's GridLayer.redraw takes the map's zoom unrounded for its tiles (every move rounds it): a layer
  // redrawn for new figures at a quarter-step framing asked each tile at z=10.25, refused (422), and /progress stayed
  // blank after a province was chosen on a desktop (trial 66). Redrawn as a reset of the view draws it.
  L.GridLayer.include({
    redraw: function () {
      if (this._map) { this._removeAllTiles(); this._resetView(); }
      return this;
    }
  });
  // The vector tiles are asked at low priority, as the rasters' tile images are: Chromium opens six connections to
  // a host over HTTP/1.1 and gives one that frees to the most urgent request waiting. A view's some seventy tiles
  // went first, and a search typed while they loaded waited behind them (bench/search_behind_tiles.py).
  L.VectorGrid.Protobuf.mergeOptions({ fetchOptions: { priority: "low" } });
  // A tile Leaflet unloads on its way (a zoom or a pan left it behind) is no longer asked for: VectorGrid let its
  // fetch run, and the tiles of a view gone still queued in the browser were fetched and built for nothing
  // (bench/search_behind_tiles.py --moves 2: the view's last tile 0.5 s sooner). Its fetch is aborted; drawn empty.
  var fetchVectorTile = L.VectorGrid.Protobuf.prototype._getVectorTilePromise;
  L.VectorGrid.Protobuf.include({
    _getVectorTilePromise: function (coords, tileBounds) {
      var key = this._tileCoordsToKey(coords), asked = new AbortController(), shared = this.options.fetchOptions;
      var fetches = this._tileFetches = this._tileFetches || {};
      fetches[key] = asked;
      this.options.fetchOptions = L.extend({}, shared, { signal: asked.signal });  // read as the fetch is sent
      var tile = fetchVectorTile.call(this, coords, tileBounds);
      this.options.fetchOptions = shared;
      function settled() { if (fetches[key] === asked) { delete fetches[key]; } }
      return tile.then(function (read) { settled(); return read; }, function (error) {
        settled();
        if (asked.signal.aborted) { return { layers: {} }; }
        throw error;
      });
    }
  });
  L.VectorGrid.Protobuf.addInitHook(function () {
    this.on("tileunload", function (e) {
      var asked = (this._tileFetches || {})[this._tileCoordsToKey(e.coords)];
      if (asked) { asked.abort(); }
    });
  });
  // What the map still awaits before it is drawn as the view and filters ask: each answer it asked for (tile
  // addresses, neighbours, names, figures, counts, outlines, the reader) counted until the code that draws it has
  // run. document.body.dataset.awaited says how many ("0": drawn, its layers' tiles aside: L.GridLayer.isLoading),
  // so that a reader, such as a browser test, waits for the drawing rather than for a quiet network.
  var awaited = 0;
  function drawnOnce(promise) {
    document.body.dataset.awaited = String(++awaited);
    function done() { document.body.dataset.awaited = String(--awaited); }
    promise.then(done, done);
    return promise;
  }
  var T = cfg.text;
  var FILTERS = ["province", "unit", "kind", "status", "schedule", "no_report_months", "plan", "plan_action", "agency"];
  var PROGRESS_FILTERS = ["province", "unit", "kind", "plan", "plan_action", "agency"];
  var LINE_KINDS = ["sea_dyke", "river_dyke", "embankment"];
  var phone = window.matchMedia("(max-width: 700px)").matches;
  var params = new URLSearchParams(window.location.search);
  // The boundaries the map opens on: those in force today, by the registry's units (maps/web_map.py _schemes), unless
  // the address says which (?scheme=pre2025: the former ones, as a link keeps them) or asks for a level only one has
  // (?level=commune: the 2025 ones, ?level=district: the former). The provinces chosen that the registry holds no
  // units in force for are drawn in the former boundaries, and the notice above the map says so.
  var schemeAsked = ["pre2025", "2025"].indexOf(params.get("scheme")) >= 0 ? params.get("scheme") :
    { commune: "2025", district: "pre2025" }[params.get("level")] || "";
  var withoutInForce = cfg.schemes.without.map(function (p) { return p.code; });
  var provincesAsked = params.getAll("province").filter(Boolean);
  var fallenBack = !schemeAsked && provincesAsked.length > 0 &&
    provincesAsked.every(function (code) { return withoutInForce.indexOf(code) >= 0; });
  var defaultScheme = fallenBack ? "pre2025" : cfg.schemes.default;
  var state = { scheme: schemeAsked || defaultScheme,
                as_of: params.get("as_of") || "", weight: params.get("weight") || "",
                period: params.get("period") || "" };
  var UNITS_LAYER = /^units_(pre2025|2025)_(\w+)$/;  // a layer of administrative units: its scheme and level
  var AREA_FILLS = cfg.area_fills;  // shown one at a time (the first of them when an address asks for more)
  var FOCUS_LAYERS = { progress: ["units_" + state.scheme + "_province", "progress", "names"] };
  // Each filter holds the codes chosen (none chosen: all); the URL repeats the parameter, as the API takes it.
  FILTERS.forEach(function (name) { state[name] = params.getAll(name).filter(Boolean); });
  // A status as sheets write it ("?status=Chuẩn bị", "chuan bi"), read by the server as its code (cfg.status_read).
  state.status = state.status.map(function (word) { return cfg.status_read[word] || word; });
  // What the address holds that the page cannot take (an old link, a code mistyped, 31/02/2021) is left out and
  // said above the map (#georeg-notice), instead of a map drawn empty.
  var leftOut = [];
  if (state.as_of && !parseDate(state.as_of)) { leftOut.push("as_of=" + state.as_of); state.as_of = ""; }
  // A raster layer's year, where several are loaded (forest cover): "?forest_cover_year=2020", else the newest. A
  // year not loaded is said with the year drawn and those loaded: a link's 2019 read "values the map does not know:
  // forest_cover_year=2019" (trial 65, F6).
  state.years = {};
  var yearsUnknown = [];
  cfg.rasters.forEach(function (def) {
    var year = params.get(def.id + "_year");
    if (!year) { return; }
    var loaded = (def.years.length ? def.years : [def.legend.dataset]).map(function (y) { return y.year; })
      .filter(function (y) { return y != null; });
    if (loaded.some(function (y) { return String(y) === year; })) { state.years[def.id] = year; return; }
    if (!loaded.length) { leftOut.push(def.id + "_year=" + year); return; }  // a raster of no year
    yearsUnknown.push(T.raster_year_unknown.replace("{layer}", def.title).replace("{year}", year)
      .replace("{drawn}", rasterYear(def).legend.dataset.year).replace("{years}", loaded.join(", ")));
  });
  var asked = params.get("layers");
  var progressFigures = {};
  var overlays = {};
  var numbers = new Intl.NumberFormat(cfg.lang === "vi" ? "vi-VN" : "en-GB", { maximumFractionDigits: 1 });

  function esc(value) {
    return String(value == null ? "" : value).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function num(value) { return value == null ? "—" : numbers.format(value); }
  // A progress percentage with one decimal always, as the tables, files and printed sheets write it (geo.vi_format
  // .local_percent): "53,3", "20,0" (the table read "20" beside "53,3": trial 67); the sign is the caller's.
  var percents = new Intl.NumberFormat(cfg.lang === "vi" ? "vi-VN" : "en-GB",
    { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  function percent(value) { return value == null ? "—" : percents.format(value); }
  // A project's part in a unit with two decimals, one too small for them "< 0,01": a line's 0,04 of a commune read 0
  // beside "1 project" (trial 62, F17); always two, as the planners' guide says: a whole "2" read as a count beside
  // "0,25" (session 66).
  var parts = new Intl.NumberFormat(cfg.lang === "vi" ? "vi-VN" : "en-GB",
    { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  function part(value) {
    if (value == null) { return "—"; }
    return value > 0 && value < 0.005 ? "< " + parts.format(0.01) : parts.format(value);
  }
  function name(p) { return cfg.lang === "vi" || !p.name_en ? p.name_vi : p.name_en; }
  // A label as the map writes it, wrapped only before ``kept`` (a place's name) where it must wrap: "former / Bến
  // Tre", "Bến Tre cũ" on one line, not "former Bến / Tre"; the no-break spaces are the drawing's, not the data's.
  function wrappedBefore(kept, label) {
    var at = kept ? label.indexOf(kept) : -1;
    return at < 0 ? label : label.slice(0, at) + label.slice(at).replace(/ /g, "\u00a0");
  }
  function query(names) {
    var q = new URLSearchParams();
    names.forEach(function (n) {
      [].concat(state[n] || []).forEach(function (value) { if (value) { q.append(n, value); } });
    });
    return q.toString();
  }
  function withQuery(url, names) { var q = query(names); return q ? url + "?" + q : url; }

  // Dates: the date box takes and shows dd/mm/yyyy; the API and the URL take yyyy-mm-dd. Elsewhere a date is
  // written as the page's language writes it: 04/03/2022 in Vietnamese, 4 Mar 2022 in English (as its other pages).
  function shownDate(iso) { return iso ? iso.slice(8, 10) + "/" + iso.slice(5, 7) + "/" + iso.slice(0, 4) : T.now; }
  function writtenDate(iso) { return iso ? dateAsWritten(iso.slice(0, 10), cfg.lang) : T.now; }
  // The map's date as its title and badge say it: today's written out too, as a printed map is read later ("Now" on
  // paper told no one which day).
  function asOfWords(iso) {
    return iso ? writtenDate(iso) : T.now + " (" + dateAsWritten(vietnamDay(), cfg.lang) + ")";
  }
  // Whole calendar months from a project's latest report to the map's day, as "no report for N months" counts them
  // (geo.stalled): null for a finished project, or one reported on within the fewest months the filter offers.
  function monthsUnreported(status, reported) {
    if (!reported || cfg.no_report.statuses.indexOf(status) < 0) { return null; }
    var day = state.as_of || vietnamDay();
    var n = (+day.slice(0, 4) - +reported.slice(0, 4)) * 12 + (+day.slice(5, 7) - +reported.slice(5, 7));
    if (monthsBefore(day, n) < reported) { n -= 1; }
    return n >= cfg.no_report.months[0] ? n : null;
  }
  // The day n calendar months before an ISO day, the month's last day where it is shorter (31/08 -> 28/02).
  function monthsBefore(iso, n) {
    var index = +iso.slice(0, 4) * 12 + +iso.slice(5, 7) - 1 - n;
    var year = Math.floor(index / 12), month = index - 12 * year + 1;
    var last = new Date(Date.UTC(year, month, 0)).getUTCDate();
    return year + "-" + ("0" + month).slice(-2) + "-" + ("0" + Math.min(+iso.slice(8, 10), last)).slice(-2);
  }
  function parseDate(typed) {
    var m = /^\s*(\d{1,2})[\/.\-](\d{1,2})[\/.\-](\d{4})\s*$/.exec(typed);
    var iso = m ? m[3] + "-" + ("0" + m[2]).slice(-2) + "-" + ("0" + m[1]).slice(-2)
                : (/^\s*(\d{4}-\d{2}-\d{2})\s*$/.exec(typed) || [])[1];
    if (!iso) { return null; }
    var d = new Date(iso + "T00:00:00Z");
    return isNaN(d) || d.toISOString().slice(0, 10) !== iso ? null : iso;
  }

  // VectorGrid keeps a feature's properties but not its MVT id; the popups link to /projects/{id}.
  var createFeature = L.VectorGrid.prototype._createLayer;
  L.VectorGrid.prototype._createLayer = function (feat, pxPerExtent) {
    var drawn = createFeature.call(this, feat, pxPerExtent);
    drawn.featureId = feat.id;
    return drawn;
  };

  // the names over the projects: "Duyên Hải Town" was cut by the embankment drawn over it (trial 50); a name lets
  // clicks through to the project under it, and where few projects are in view it moves off their symbols
  // the boundary of the unit chosen (?unit=) over the progress colours, under the zones and names
  [["context", 200], ["raster", 210], ["units", 220], ["progress", 230], ["chosen", 235], ["zones", 240],
   ["projects", 450], ["names", 460]].forEach(function (p) { map.createPane(p[0]).style.zIndex = p[1]; });
  map.getPane("names").style.pointerEvents = "none";
  map.getPane("chosen").style.pointerEvents = "none";  // a click inside it reaches the unit under it
  var chosenOutline = L.featureGroup().addTo(map);  // drawChosenOutline
  map.options.wheelPxPerZoomLevel = 120;  // a mouse wheel's notch (100 px) is one zoom level, not two
  map.getPane("context").style.pointerEvents = "none";
  // "My location" beside the zoom buttons (added first: Leaflet stacks a bottom corner's controls upwards); what it
  // finds is said in the notice above the map, made with the toolbar below
  window.georegMyLocation(map, T, cfg.lang, say);
  L.control.zoom({ position: "bottomleft", zoomInTitle: T.zoom_in, zoomOutTitle: T.zoom_out }).addTo(map);
  // Background (georeg: context) ------------------------------------------------------------------------------
  // Offline, from the app (maps/context.py): grey land, the sea and its coast, the registry's provinces white and
  // their neighbours grey. Or the office's own PMTiles basemap (setting basemap_pmtiles), or OpenStreetMap (online).
  var contextLayer = L.layerGroup();
  var land = "";
  // On the context basemap the map is kept within what the context covers, zoomed out no further than fills the
  // screen with it (beyond it, the sea ended in a straight edge); another basemap may go anywhere.
  var contextBox = null;
  function keepInContext() {
    var kept = map.hasLayer(contextLayer) && contextBox;
    map.setMinZoom(kept ? map.getBoundsZoom(contextBox, true) : 0);
    map.setMaxBounds(kept ? contextBox : null);
  }
  map.on("resize", keepInContext);
  function showLand() {
    map.getContainer().style.background = map.hasLayer(contextLayer) && land ? land : "";
    keepInContext();
  }
  // The provinces around are those of the boundaries chosen: since 1 July 2025 Sóc Trăng and Hậu Giang are part of
  // Cần Thơ, Kiên Giang of An Giang, Bến Tre of Vĩnh Long.
  var contextScheme = null;
  // The registry's provinces as polygons of [lon, lat] rings: a neighbour's name is kept off them (placeNames).
  var ownProvinces = [];
  // On the 2025 boundaries, the former provinces each of the registry's is made of, as names to write ("Bến Tre
  // cũ"): the 2025 Vĩnh Long was read as former Trà Vinh alone, the part with communes (trial 62).
  var formerParts = [], contextStyles = {};
  function drawContext() {
    if (contextScheme === state.scheme) { return; }
    contextScheme = state.scheme;
    drawnOnce(fetch("/map/context.geojson?lang=" + cfg.lang + "&scheme=" + contextScheme)
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (body) {
        if (!body) { return; }
        land = body.land;
        contextStyles = body.styles;
        contextBox = body.bbox && L.latLngBounds([body.bbox[1], body.bbox[0]], [body.bbox[3], body.bbox[2]]);
        contextLayer.clearLayers();
        ownProvinces = body.features.filter(function (f) { return f.properties.kind === "province"; })
          .map(function (f) { return f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates; })
          .reduce(function (all, polygons) { return all.concat(polygons); }, []);
        formerParts = body.features.filter(function (f) { return f.properties.kind === "former_part"; })
          .map(function (f) {
            var p = f.properties;
            return { level: "former_part", label: wrappedBefore(p.name, p.label), held: p.held,
                     lon: p.label_at[0], lat: p.label_at[1],
                     rings: f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates };
          });
        placeNames();
        renderLegend();
        Object.keys(body.styles).forEach(function (kind) {
          var features = body.features.filter(function (f) { return f.properties.kind === kind; });
          L.geoJSON({ type: "FeatureCollection", features: features }, {
            pane: "context", interactive: false, style: body.styles[kind],
            attribution: kind === "sea" ? body.attribution : null
          }).addTo(contextLayer);
        });
        showLand();
      }));
  }
  drawContext();
  map.on("baselayerchange", showLand);
  map.on("baselayerchange", function () { placeNames(); renderLegend(); });  // the former parts' names and key
  // A PMTiles file of vector tiles is drawn by protomaps-leaflet, one of images by pmtiles' own layer.
  // (end of georeg: context)

  // The view is in the address (?view=lat,lon,zoom), so a bookmark, a sent link or the other language opens where the
  // map was; without one a phone opens on both provinces, as wide as its screen allows.
  var view = /^(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?),(\d{1,2})$/.exec(params.get("view") || "");
  if (view && Math.abs(+view[1]) <= 85 && Math.abs(+view[2]) <= 180) {
    map.setView([+view[1], +view[2]], Math.min(+view[3], 20), { animate: false });
  } else if (phone) {
    var own = cfg.place_list.filter(function (p) { return p.level === "district" && !p.context; });
    if (own.length) {
      map.fitBounds(own.map(function (p) { return [p.lat, p.lon]; }), { padding: [30, 30], animate: false });
    }
  }
  function viewNow() {
    // With a sheet open on a phone, the view as it is once folded (the map is moved up for the sheet: followSheet).
    var c = map.unproject(map.project(map.getCenter()).subtract([0, sheetShift || 0]));
    return c.lat.toFixed(5) + "," + c.lng.toFixed(5) + "," + map.getZoom();
  }

  // Styles -----------------------------------------------------------------------------------------------------
  // A status's cue (cfg.status_cues: dash, opacity, width, fill) is drawn the same on points, lines and polygons,
  // and in the legend; merged points (a count) are a white disc with a dark dot in a thick ring of their kind's
  // colour, a look no status has (drawn filled they read as "in operation"); merged lines and areas (a crowded
  // tile's groups, of any statuses) a broad faint band and a faint fill, for the same reason: drawn solid, a
  // district of proposed canals read as canals in operation.
  var PLAIN = { dash: "", opacity: 1, width: 1, fill: 0.85 };
  var MERGED_BAND = { opacity: 0.4, width: 2, fill: 0.25 };
  function projectStyle(def) {
    return function (p) {
      var colour = def.colours[p.kind] || def.colour;
      if (p.georeg_dense) { return denseStyle(p, colour); }
      if (p.n_features && !(p.dimension >= 1)) {
        return { color: colour, weight: 3, opacity: 1, fill: true, fillColor: "#ffffff", fillOpacity: 0.9,
                 radius: 6 + Math.min(6, Math.log2(p.n_features)), merged: true };
      }
      var line = p.dimension === 1;
      var dyke = line && LINE_KINDS.indexOf(p.kind) >= 0;
      if (p.n_features) {
        return { color: colour, weight: (dyke ? 6 : line ? 4 : 2) * MERGED_BAND.width, opacity: MERGED_BAND.opacity,
                 lineCap: "round", fill: !line, fillColor: colour, fillOpacity: MERGED_BAND.fill, merged: true };
      }
      var cue = cfg.status_cues[p.status] || PLAIN;
      var weight = (dyke ? 6 : line ? 4 : 2) * cue.width;
      return {
        color: colour, weight: weight, opacity: cue.opacity, dashArray: dashOf(cue, weight),
        lineCap: cue.dash ? "butt" : "round", fill: !line, fillColor: colour,
        fillOpacity: p.dimension === 2 ? cue.fill / 3 : cue.fill,
        radius: 7, halo: dyke
      };
    };
  }
  // A dense tile (cfg.dense: a province's inventory at its zoom) is drawn as a density: each merged point fills its
  // grid cell (ProjectCanvas), darker for more projects; single projects are small symbols and lines thin, all within
  // the tile's 4-pixel buffer, so nothing is cut at a tile's edge (rings of 13 px were: the seams of trial 54); the
  // boundaries and names go over them (denseView). Statuses are told apart by zooming in.
  function denseStyle(p, colour) {
    if (p.n_features && !(p.dimension >= 1)) {
      return { color: colour, stroke: false, fill: true, fillColor: colour, radius: 2, cell: true, merged: true,
               fillOpacity: Math.min(0.6, 0.2 + 0.08 * Math.log2(p.n_features)) };
    }
    var cue = p.n_features ? { opacity: 0.6, fill: 0.45 } : cfg.status_cues[p.status] || PLAIN;
    var line = p.dimension === 1, dyke = line && LINE_KINDS.indexOf(p.kind) >= 0;
    return { color: colour, weight: dyke ? 2 : line ? 1.5 : 1, opacity: cue.opacity, lineCap: "butt", fill: !line,
             fillColor: colour, fillOpacity: p.dimension === 2 ? cue.fill / 3 : Math.max(cue.fill, 0.3), radius: 2.5,
             merged: !!p.n_features };
  }
  // A status's dash pattern at a line's width: longer dashes and gaps on a wider line, with square ends (round ends
  // on a 6 px dyke closed the gaps of "under construction", which then read as "in operation").
  function dashOf(cue, weight) {
    var factor = Math.max(1, weight / 2);
    return cue.dash ? cue.dash.split(" ").map(function (n) { return n * factor; }).join(" ") : null;
  }
  // A layer of units or zones: one colour, or each feature its class's (the salinity zones by their class).
  function unitStyle(def) {
    var style = { color: def.colour, weight: def.weight, fill: true, fillColor: def.colour,
                  fillOpacity: def.fill_opacity };
    if (!def.colour_by) { return function () { return style; }; }
    return function (p) {
      var colour = def.colours[p[def.colour_by]] || def.colour;
      return L.extend({}, style, { color: colour, fillColor: colour });
    };
  }
  // A zone's popup: its fields as the catalog names them (those it lacks left out where optional: a raster-derived
  // zone's name and code), a class by its legend's words, a month as 03/2025, an area
  // in hectares as the page writes numbers (1.234,5 ha).
  function zonePopup(def, p) {
    var shown = function (field, value) {
      var found = (def.legend.colours || []).filter(function (c) { return c.code === value; })[0];
      if (field === def.colour_by && found) { return found.label; }
      if (field === "area_ha") { return num(value) + " ha"; }
      var cited = field === "source" && value && (def.sources || {})[String(value).split(": ")[0]];
      if (cited) { return cited; }
      var month = /^(\d{4})-(\d{2})$/.exec(value || "");
      return month ? month[2] + "/" + month[1] : value == null ? "—" : String(value);
    };
    var given = def.popup.filter(function (f) { return !(f.optional && p[f.field] == null); });
    return "<b>" + esc(def.title) + "</b>" + table(given.map(function (f) { return [f.label, shown(f.field, p[f.field])]; }));
  }
  function progressClass(value) {
    if (value == null) { return "none"; }
    return value < 20 ? "0-20" : value < 40 ? "20-40" : value < 60 ? "40-60" : value < 80 ? "60-80" : "80-100";
  }
  function progressStyle(p) {
    var row = progressFigures[p.code];
    // provinces, or a former district or commune, chosen: the units beyond them are left blank, their boundaries thin
    // (coloured grey, Huyện Hoà Bình's neighbours read as having no projects)
    if (!row && (state.province.length || state.unit.length)) {
      return { color: "#999", weight: 0.8, fill: false, fillOpacity: 0 };
    }
    var colour = cfg.progress.colours[progressClass(row ? row.progress_percent : null)];
    return { color: "#555", weight: 1, fill: true, fillColor: colour, fillOpacity: 0.8 };
  }

  // Popups -----------------------------------------------------------------------------------------------------
  function table(rows) {
    return '<table class="georeg-popup">' + rows.map(function (r) {
      return "<tr" + (r[2] ? ' class="' + r[2] + '"' : "") + "><td>" + esc(r[0]) + "</td><td>" + esc(r[1]) +
        "</td></tr>";
    }).join("") + "</table>";
  }
  // a page beside the map opens in a tab of its own on a desktop, the map kept; on a phone it takes the map's tab (a new
  // tab looked like nothing happened, and each page left one more tab: trial s72) and Back returns to the map as it
  // was (its view and filters are in its address); the report form takes the map's tab on any screen
  function link(href, label, sameTab) {
    return '<a href="' + esc(href) + '"' + (sameTab || phone ? "" : ' target="_blank"') + ">" + esc(label) + "</a>";
  }
  // A project's popup; ``report``: the report its status comes from, once read (reportAsOf): its day, under the
  // percent, and whether it is demonstration data, said under the table, above the links.
  var demoMark = '<div class="georeg-demo">' + esc(T.demo_source) + "</div>";
  function projectPopup(p, id, report) {
    if (p.n_features) { return "<b>" + num(p.n_features) + "</b> " + esc(T.merged); }
    var rows = [
      [T.code, p.code || "—"],
      [T.kind, cfg.labels.kind[p.kind] || p.kind],
      [T.status, cfg.labels.status[p.status] || p.status || (state.as_of ? T.no_report_by_then : "—")],
      [T.percent, p.percent == null ? "—" : percent(p.percent) + " %"],
      [T.schedule, scheduleText(p), p.schedule === "past_due" ? "past-due" : ""],
      [T.plan_ref, [p.plan, p.plan_action].filter(Boolean).join(" ") || "—"],
      [T.precision, cfg.labels.precision[p.location_precision] || p.location_precision]
    ];
    if (report) {  // and, for a project not finished left unreported for months, how long: "12 tháng chưa báo cáo",
      // counted from its latest report, which a GIS load's status is not (as the filter counts: geo.stalled)
      var months = monthsUnreported(p.status, report.last_report);
      var loaded = !report.is_report && report.review_verdict !== "rejected";
      var since = !loaded ? "" : " — " + (report.last_report ?
        T.loaded_since.replace("{day}", writtenDate(report.last_report)) : T.loaded_never);
      rows.splice(4, 0, [T.reported_on, writtenDate(report.reported_at) + since +
        (months ? " — " + T.months_unreported.replace("{n}", months) : ""), months ? "unreported" : ""]);
    }
    return "<b>" + esc(name(p)) + "</b>" + table(rows) + (report && report.is_demo ? demoMark : "") +
      (id == null ? "" : '<div class="georeg-popup-links">' +
      link("/projects/" + id + "?lang=" + cfg.lang, T.open_project) +
      reportLink(id) + "</div>");
  }
  // The report form is offered to those who may report; a reader not logged in is told it is for field officers, who
  // log in for it (a consultant read "Report its progress" in every popup); a viewer, who may not, is offered nothing.
  var reader = { role: null };  // who this browser is logged in as (GET /api/session), asked as the map opens
  drawnOnce(fetch("/api/session").then(function (r) { return r.ok ? r.json() : {}; }).then(function (body) {
    reader = body;
  }).catch(function () {}));
  function reportLink(id) {
    var form = "/status-report?project=" + id + "&lang=" + cfg.lang;
    if (cfg.writer_roles.indexOf(reader.role) >= 0) { return link(form, T.report_project, true); }
    if (reader.role) { return ""; }
    var login = "/login?lang=" + cfg.lang + "&next=" + encodeURIComponent(form);
    return '<a class="georeg-login" href="' + esc(login) + '">' + esc(T.report_login) + "</a>";
  }
  // Where a project stands against the year it is due, with that year: "Quá hạn, chưa xong (hạn 2020)".
  function scheduleText(p) {
    var due = p.due_year == null ? "" : T.due_by.replace("{year}", p.due_year);
    var said = cfg.labels.schedule[p.schedule];
    return said && due ? said + " (" + due + ")" : said || due || "—";
  }
  // ``row``: the unit's progress figures (unitFigures), said whether the progress overlay is shown or not (a district
  // found by the search with the overlay off said nothing of its progress); ``named``: its few projects, each with
  // its part there, once read (nameUnitProjects). Its name says its boundaries' dates, as a search result does:
  // /progress opens on the former districts, whose popups read as if they still were (trial 50).
  function unitPopup(p, scheme, row, named) {
    var rows = [];
    if (row) {
      // projects there but none with the figure the weight asks for (a budget): not "no projects"
      var none = row.projects ? T.nothing_to_weigh.replace("{weight}", cfg.labels.weight[state.weight] || "")
        : T.no_projects;
      rows.push([T.progress, row.progress_percent == null ? none : percent(row.progress_percent) + " %"]);
      if (row.projects) { rows.push([T.projects, num(row.projects)]); }  // none: said once, above
      if (state.weight === "budget" && row.projects) {  // the amount weighing the colour, and how many projects it sums
        var counted = row.projects - (row.projects_by_status.cancelled || 0);
        rows.push([T.budget_total, T.budget_total_said.replace("{total}", num(row.weight_total))
          .replace("{funded}", num(row.weighted_projects)).replace("{n}", num(counted))]);
      }
      // a project at its district's centre counted "1 project" in each of the district's communes: its part is said
      // written as the unit page writes a share: "23,3 % của dự án"; of several, "1,6 của 3 dự án"; a percent as the
      // progress above it is ("50,0 %" beside "17,5 %", where it read "50 %": trial 72)
      if (row.project_share_sum < row.projects - 0.005) {
        var share = Math.round(row.projects) === 1
          ? T.projects_share_one.replace("{percent}", percent(100 * row.project_share_sum))
          : T.projects_share_many.replace("{part}", part(row.project_share_sum)).replace("{n}", num(row.projects));
        rows.push([T.projects_share, share + " (" + T.projects_share_note + ")"]);
      }
    }
    var when = " (" + esc(T.scheme_of_province[scheme]) + ")";
    var ignored = row && filtersProgressIgnores() ? '<div class="georeg-popup-note">' +
      esc(T.progress_filters_ignored) + "</div>" : "";
    return "<b>" + esc(unitName(p)) + "</b>" + when + table(rows) + ignored + (named || "") +
      provinceProgress(p, scheme) +
      link("/units/" + scheme + "/" + encodeURIComponent(p.code) + "?lang=" + cfg.lang, T.open_unit);
  }
  // A province has no figures of its own on the map (its districts or communes have): its popup links to them, on
  // /progress framed on it (a planner who searched "bac lieu" read "Tỉnh Bạc Liêu" and no way to its progress).
  function provinceProgress(p, scheme) {
    var province = cfg.choices.provinces.some(function (u) { return u.code === p.code && u.scheme === scheme; });
    return province ? "<div>" + link("/progress?province=" + encodeURIComponent(p.code) + "&scheme=" + scheme +
      "&lang=" + cfg.lang, T.province_progress[scheme]) + "</div>" : "";
  }
  // A unit's figures as the progress overlay colours it (the map's date, weight and filters but the status's,
  // schedule's and latest report's: PROGRESS_FILTERS), the overlay shown or not: those read for the boundaries drawn,
  // else asked for the unit alone (a former district found by the search while the map draws the 2025 communes, or
  // one outside the provinces chosen). A province has none (its units have: /progress?province=).
  function unitFigures(unit, scheme, level) {
    var row = scheme === state.scheme && progressFigures[unit.code];
    if (row || level === "province") { return Promise.resolve(row || null); }
    var q = new URLSearchParams(query(["kind", "plan", "plan_action", "agency", "as_of", "weight"]));
    q.set("scheme", scheme);
    q.set("unit", unit.code);
    return drawnOnce(fetch("/api/progress?" + q.toString()).then(function (r) { return r.ok ? r.json() : {}; })
      .then(function (body) { return (body.units || []).filter(function (u) { return u.code === unit.code; })[0]; })
      .catch(function () { return null; })).then(function (found) { return found || null; });
  }
  // A unit's popup at ``e.latlng`` with its figures, then its few projects named; told anew when others change
  // projects. Not opened if another popup was opened while its figures were asked for (a tap elsewhere wins).
  // ``opened``: told the popup once it is open (a unit found by the search frames its outline under it).
  var unitsAsked = 0;
  function showUnit(e, unit, scheme, level, opened) {
    var mine = ++unitsAsked, before = shownPopup;
    withFigures(function () {
      unitFigures(unit, scheme, level).then(function (row) {
        if (mine !== unitsAsked || shownPopup !== before) { return; }
        var popup = retoldUnit(openPopup(e, unitPopup(unit, scheme, row)), unit, scheme, level);
        nameUnitProjects(popup, unit, scheme, row);
        outlineShown(popup, unit, scheme, level);
        if (opened) { opened(popup); }
      });
    });
  }
  // A unit with a few projects: its popup names them, each with its part in the unit (it said "1 project, 0,23"
  // and not which, trial 38), linked to its page. Many: the unit's page lists them.
  var NAMED_IN_POPUP = 3;
  function nameUnitProjects(popup, unit, scheme, row) {
    if (!row || !row.projects || Math.round(row.projects) > NAMED_IN_POPUP) { return; }
    fetch("/api/units/" + scheme + "/" + encodeURIComponent(unit.code) + "/projects?limit=" + NAMED_IN_POPUP)
      .then(function (r) { return r.ok ? r.json() : []; })
      .then(function (projects) {
        if (!projects.length || !map.hasLayer(popup)) { return; }
        var lines = projects.map(function (p) {
          return "<div>" + link("/projects/" + p.id + "?lang=" + cfg.lang, name(p)) +
            (p.share < 0.995 ? " — " + esc(T.project_part_here.replace("{percent}", percent(100 * p.share))) : "") +
            "</div>";
        });
        popup.setContent(unitPopup(unit, scheme, row, '<div class="georeg-unit-projects">' + lines.join("") +
          "</div>"));
      });
  }
  // A popup is moved into view clear of what covers the map's edges: the toolbar (two rows of buttons on a phone),
  // and on a desktop the drawers open at its sides; after a zoom it is moved into view again.
  // On paper the legend is at the side whatever the screen (a phone's drawers are sheets at its foot).
  function clearOfControls(skip) {
    var box = map.getContainer().getBoundingClientRect();
    var left = 5, top = 5, right = 5, sheets = phone && !printing();
    // and the progress map's title, across a phone's screen under the buttons (a unit's popup went under it)
    document.querySelectorAll(".georeg-toolbar, .georeg-drawer:not(.folded), .georeg-title").forEach(function (el) {
      if (el === skip) { return; }
      var r = el.getBoundingClientRect();
      var title = el.classList.contains("georeg-title");  // on a desktop a small box in the top right corner
      if (!r.width || sheets && el.classList.contains("georeg-drawer") || !phone && title) { return; }
      if (el.classList.contains("georeg-toolbar") || title) {
        top = Math.max(top, r.bottom - box.top + 5);
      }
      else if (r.left + r.width / 2 < box.left + box.width / 2) { left = Math.max(left, r.right - box.left + 5); }
      else { right = Math.max(right, box.right - r.left + 5); }
    });
    return { autoPanPaddingTopLeft: [left, top], autoPanPaddingBottomRight: [right, 5] };
  }
  var shownPopup = null;
  // What a popup says anew when others changed projects (askChanges, with their ids): a project's, when it is one of
  // them, as a search opens it; a unit's, with the figures read again.
  function retoldProject(popup, id) {
    popup.georegRetell = function (changed) {
      if (changed.indexOf(id) < 0) { return; }
      foundProject(id, function (html) { if (map.hasLayer(popup)) { popup.setContent(html); } });
    };
    return popup;
  }
  function retoldUnit(popup, unit, scheme, level) {
    popup.georegRetell = function () {
      withFigures(function () {
        unitFigures(unit, scheme, level).then(function (row) {
          if (!map.hasLayer(popup)) { return; }
          popup.setContent(unitPopup(unit, scheme, row));
          nameUnitProjects(popup, unit, scheme, row);
        });
      });
    };
    return popup;
  }
  var POPUP_MARGINS = 44;  // px beside a popup's content: Leaflet's margins (20 + 24)
  function openPopup(e, html) {
    // on a desktop wide enough for the longest label (172 px) beside the sample's longest code (293 px), each on
    // one line, as far as the open drawers leave room; narrower (a phone, a laptop's 1024 px between the drawers),
    // each label above its value (web_map.css), the code whole under it
    var clear = clearOfControls();
    var room = map.getSize().x - clear.autoPanPaddingTopLeft[0] - clear.autoPanPaddingBottomRight[0] - POPUP_MARGINS;
    var widest = phone ? 320 : Math.max(320, Math.min(500, room));
    var options = { maxWidth: widest, className: widest < 480 ? "georeg-stacked" : "" };
    shownPopup = L.popup(L.extend(options, clear)).setLatLng(e.latlng).setContent(html);
    shownPopup.openOn(map);
    return shownPopup;
  }
  // The report a popup's status comes from (the latest by the map's date), read from the project's history: the
  // popup says its day (a status of 2019 is not today's), and, as the project's page does, when it is demonstration
  // data.
  function readReport(popup, id, show) {
    fetch("/api/projects/" + id + "/history").then(function (r) { return r.ok ? r.json() : null; }).then(function (body) {
      var shownFrom = reportAsOf(body);
      if (shownFrom && map.hasLayer(popup)) { show(shownFrom); }
    });
  }
  // The report a project's status on the map comes from: its latest by the map's date (null before its first), with
  // ``last_report``, the day of the latest that is a report (``is_report``: a GIS load's status is not, geo.stalled).
  function reportAsOf(project) {
    var upTo = state.as_of || "9999-12-31";
    var events = ((project && project.history) || []).filter(function (e) { return e.reported_at <= upTo; });
    var latest = events.slice().sort(function (a, b) {
      return a.reported_at < b.reported_at ? -1 : a.reported_at > b.reported_at ? 1 : a.version - b.version;
    }).pop();
    if (!latest) { return null; }
    var reports = events.filter(function (e) { return e.is_report; }).map(function (e) { return e.reported_at; });
    return L.extend({}, latest, { last_report: reports.sort().pop() || null });
  }
  // A project found by the search gets the popup a click on it gives: its status, percent and schedule by the map's
  // date; before its first report, says so.
  function foundProject(id, show) {
    var day = state.as_of ? "?as_of=" + state.as_of : "";
    fetch("/api/projects/" + id + day).then(function (r) { return r.ok ? r.json() : null; }).then(function (feature) {
      if (!feature) { return; }
      var report = reportAsOf(feature.properties);
      var shown = L.extend({}, feature.properties, { status: report ? report.status : "",
                                                     percent: report ? report.percent : null });
      show(projectPopup(shown, id, report));
    });
  }
  map.on("zoomend", function () {
    if (shownPopup && map.hasLayer(shownPopup)) {
      L.setOptions(shownPopup, clearOfControls());
      shownPopup.update();  // moves it into view again
    }
  });

  // Names: "Huyện Hoà Bình" in Vietnamese, "Hoà Bình District" in English.
  function unitName(u) {
    var place = cfg.places[u.code];
    return place ? place.label : name(u);
  }

  // Layers -----------------------------------------------------------------------------------------------------
  // Tile URLs (georeg: tilejson): the versioned ones each layer's TileJSON hands out, which browsers and caches
  // keep for a year; the projects' filters go before the version, in the order TileJSON writes them.
  var tileTemplates = {};
  var tileBounds = {};  // layer id → the extent of its data (its TileJSON's bounds), with a margin for the symbols
  function tileUrl(layerId) {
    var template = (tileTemplates[layerId] || "/tiles/" + layerId + "/{z}/{x}/{y}.pbf").split("?");
    var q = new URLSearchParams(layerId === "projects" ? query(FILTERS.concat(["as_of"])) :
      layerId === "salinity_zones" ? query(["period"]) : "");
    new URLSearchParams(template[1] || "").forEach(function (value, key) { q.append(key, value); });
    return q.toString() ? template[0] + "?" + q.toString() : template[0];
  }
  var tileLayerIds = cfg.vector.map(function (def) { return def.id; });
  Object.keys(cfg.progress.units).forEach(function (scheme) {
    var id = cfg.progress.units[scheme];
    if (tileLayerIds.indexOf(id) < 0) { tileLayerIds.push(id); }
  });
  // The layer's tile template as its TileJSON gives it now; true when it changed (the layer was written since).
  function readTileTemplate(id) {
    return fetch("/tiles/" + id + ".json?lang=" + cfg.lang).then(function (r) { return r.ok ? r.json() : null; })
      // The path and query only: the page asks its own origin, whatever host name a proxy gave the app.
      .then(function (tilejson) {
        if (!tilejson || !tilejson.tiles) { return false; }
        var template = tilejson.tiles[0].replace(/^[a-z]+:\/\/[^\/]+/i, "");
        var changed = tileTemplates[id] !== undefined && tileTemplates[id] !== template;
        tileTemplates[id] = template;
        var b = tilejson.bounds, margin = 0.02;  // degrees: a point's symbol at the edge is drawn on the next tile too
        if (b) { tileBounds[id] = L.latLngBounds([[b[1] - margin, b[0] - margin], [b[3] + margin, b[2] + margin]]); }
        return changed;
      })
      .catch(function () { return false; });  // then that layer's tiles go unversioned, or keep their version
  }
  var tilesReady = Promise.all(tileLayerIds.map(readTileTemplate));
  // A layer's tiles from its current address, asked only within its data's extent: the sea and the neighbouring
  // provinces around the registry were two thirds of a desktop's tile requests, each answered by an empty tile.
  function useTiles(layer, id, noRedraw) {
    layer.options.bounds = tileBounds[id] || null;
    layer.setUrl(tileUrl(id), noRedraw);
  }
  // (end of georeg: tilejson)
  var NATIVE_ZOOM = 18;
  function vectorLayer(id, pane, style, onClick) {
    var styles = {};
    styles[id] = style;
    var layer = L.vectorGrid.protobuf(tileUrl(id), {
      pane: pane, interactive: true, vectorTileLayerStyles: styles, maxNativeZoom: NATIVE_ZOOM, maxZoom: 20
    });
    layer.on("click", function (e) { L.DomEvent.stop(e); onClick(e); });
    return layer;
  }

  // Projects (georeg: canvas) ----------------------------------------------------------------------------------
  // A province's tens of thousands of projects froze the map for half a minute at each zoom when drawn as SVG
  // paths: each tile of projects is painted on a canvas instead. Within a tile, areas are painted first, then
  // lines, dykes (over a white halo, so one along a coastal forest or past a wind farm stays visible), points and
  // merged points.
  var ProjectCanvas = L.Canvas.Tile.extend({
    initialize: function (coords, size, options) {
      L.Canvas.Tile.prototype.initialize.call(this, coords, size, options);
      this._container.style.pointerEvents = "none";  // clicks go to the map: see projectsAt
    },
    _updateCircle: function (feature) {
      if (feature.options.cell) {  // the tile's grid cell its merged point lies in (tiles start on the cells' grid)
        var cell = cfg.dense.cell_px, at = feature._point, o = feature.options;
        if (!this._drawing || feature._empty()) { return; }
        this._ctx.globalAlpha = o.fillOpacity;
        this._ctx.fillStyle = o.fillColor;
        this._ctx.fillRect(Math.floor(at.x / cell) * cell, Math.floor(at.y / cell) * cell, cell, cell);
        return;
      }
      L.Canvas.Tile.prototype._updateCircle.call(this, feature);
      if (feature.options.merged && this._drawing) {
        this._ctx.beginPath();
        this._ctx.arc(feature._point.x, feature._point.y, 2.5, 0, 2 * Math.PI);
        this._ctx.globalAlpha = 1;
        this._ctx.fillStyle = "#333333";
        this._ctx.fill();
      }
    },
    _updatePoly: function (feature, closed) {
      if (feature.options.halo) {
        var own = feature.options;
        feature.options = L.extend({}, own, { color: "#ffffff", weight: own.weight + 5, opacity: 0.9,
                                              _dashArray: null });
        L.Canvas.Tile.prototype._updatePoly.call(this, feature, closed);
        feature.options = own;
      }
      L.Canvas.Tile.prototype._updatePoly.call(this, feature, closed);
    }
  });
  // Merged points (counts) over the points of single projects: a crowded tile from the precomputed band lists its
  // merged points first, a tile drawn live lists them cell by cell, and painted in the tile's order the two halves
  // of a district looked unlike (rings over discs beside discs over rings).
  function paintOrder(feature) {
    if (feature.type === 3) { return 0; }
    if (feature.type === 1) { return feature.properties.n_features ? 4 : 3; }
    return LINE_KINDS.indexOf(feature.properties.kind) >= 0 ? 2 : 1;
  }
  var projectTiles = {};  // tileKey → the canvas of that tile, while it is on the map
  var denseTiles = {};  // tileKey → whether that tile is drawn as a density
  // Where a tile of the zoom shown is dense, the units' boundaries (and the chosen unit's outline) go over the
  // projects, under the names (the districts and "TỈNH BẠC LIÊU" were under a teal mass); elsewhere, as before, under
  // the projects' symbols. The legend then says what the cells are.
  // The whole view is drawn one way: where a dense tile met a sparse one (a province's inventory beside its coast),
  // the style changed at the tile's edge and a planner saw a square; so once one tile of the zoom shown is dense,
  // every tile of that zoom is drawn as a density (those drawn before restyled), and drawn as symbols again when
  // none is left. The tiles themselves are not changed: each still says how many projects it draws.
  function denseView() {
    var zoom = tileZoom(), seen = tilesSeen(zoom);
    var dense = Object.keys(denseTiles).some(function (key) {
      var xyz = key.split(":").map(Number);
      return denseTiles[key] && xyz[2] === zoom && seen.contains([xyz[0], xyz[1]]);
    });
    if (dense === viewIsDense()) { return; }
    map.getContainer().classList.toggle("georeg-dense", dense);
    Object.keys(projectTiles).forEach(function (key) {
      if (projectTiles[key].getCoord().z === zoom) { drawTileAs(projectTiles[key], dense); }
    });
    renderLegend();
  }
  // The tiles of a zoom the screen shows (kept ones beyond it do not count: panned from Bạc Liêu's inventory to Trà
  // Vinh, its few projects are drawn as symbols).
  function tilesSeen(zoom) {
    var size = overlays.projects.getTileSize(), pixels = map.getPixelBounds(map.getCenter(), zoom);
    return L.bounds(pixels.min.unscaleBy(size).floor(), pixels.max.unscaleBy(size).subtract([1e-9, 1e-9]).floor());
  }
  function viewIsDense() { return map.getContainer().classList.contains("georeg-dense"); }
  function drawTileAs(canvas, dense) {
    Object.keys(canvas._layers).forEach(function (id) {
      var feature = canvas._layers[id];
      if (!!feature.properties.georeg_dense === dense) { return; }
      feature.properties.georeg_dense = dense;
      feature.updateStyle(canvas, projectsStyle(feature.properties));
    });
  }
  function tileKey(coords) { return coords.x + ":" + coords.y + ":" + coords.z; }
  // The zoom of the tiles drawn (past NATIVE_ZOOM, those of NATIVE_ZOOM enlarged).
  function tileZoom() { return Math.min(Math.round(map.getZoom()), NATIVE_ZOOM); }
  var projectsStyle = null;  // the projects layer's style (projectStyle), for drawTileAs
  function projectsLayer(def) {
    var styles = {};
    styles[def.id] = projectsStyle = projectStyle(def);
    var layer = L.vectorGrid.protobuf(tileUrl(def.id), {
      // interactive: each feature keeps its pixel bounds, for projectsAt; tolerance: pixels around a line or point
      pane: def.pane, interactive: true, vectorTileLayerStyles: styles, maxNativeZoom: NATIVE_ZOOM, maxZoom: 20,
      tolerance: phone ? 10 : 3,
      rendererFactory: function (coords, size, options) {
        var canvas = new ProjectCanvas(coords, size, options);
        projectTiles[tileKey(coords)] = canvas;
        return canvas;
      }
    });
    var fetchTile = layer._getVectorTilePromise;
    layer._getVectorTilePromise = function (coords, tileBounds) {
      return fetchTile.call(this, coords, tileBounds).then(function (tile) {
        var dense = false;
        Object.keys(tile.layers).forEach(function (name) {
          var features = tile.layers[name].features;
          features.sort(function (a, b) { return paintOrder(a) - paintOrder(b); });
          var projects = features.reduce(function (sum, f) { return sum + (f.properties.n_features || 1); }, 0);
          dense = dense || projects >= cfg.dense.projects;
        });
        denseTiles[tileKey(coords)] = dense;
        var drawnDense = dense || viewIsDense() && coords.z === tileZoom();  // as the view is drawn (denseView)
        Object.keys(tile.layers).forEach(function (name) {
          tile.layers[name].features.forEach(function (f) { f.properties.georeg_dense = drawnDense; });
        });
        return tile;
      });
    };
    layer.on("tileunload", function (e) {
      delete projectTiles[tileKey(e.coords)];
      delete denseTiles[tileKey(e.coords)];
      denseView();
    });
    layer.on("tileload", denseView);
    map.on("moveend", denseView);
    // the tiles in view drawn: under a filter the legend says whether merged symbols are among them
    layer.on("load", function () { if (unlocated.filtered) { renderLegend(); } });
    return layer;
  }
  // The project painted on top at a point of the map's container, or null: looked up in the tile under it, with
  // the tolerance of a tap on a phone.
  // The projects painted under a point of the screen, the one painted last (on top) first; each once. Two projects
  // may share a site (the phases of a wind farm): a tap gives them all.
  function projectsAt(point) {
    if (!map.hasLayer(overlays.projects)) { return []; }
    var zoom = tileZoom();
    var size = overlays.projects.getTileSize();
    var world = map.project(map.containerPointToLatLng(point), zoom);
    var tile = L.point(Math.floor(world.x / size.x), Math.floor(world.y / size.y));
    var canvas = projectTiles[tileKey({ x: tile.x, y: tile.y, z: zoom })];
    if (!canvas) { return []; }
    var inTile = world.subtract(tile.scaleBy(size));
    var found = [], seen = {};
    Object.keys(canvas._layers).reverse().forEach(function (id) {
      var layer = canvas._layers[id];
      var key = layer.featureId == null ? "layer" + id : layer.featureId;
      if (!seen[key] && layer._containsPoint(inTile)) { seen[key] = true; found.push(layer); }
    });
    return found;
  }
  // The popup of the ``i``-th of the projects tapped, with the others under it to open in its place.
  function showProjects(popup, found, i, report) {
    var project = found[i];
    popup.georegShown = i;
    var others = found.map(function (f, j) { return j; }).filter(function (j) {
      return j !== i && !found[j].properties.n_features;
    });
    var list = others.length ? '<div class="georeg-also"><b>' + esc(T.also_here.replace("{count}", num(others.length))) +
      "</b>" + others.map(function (j) {
        var p = found[j].properties;
        return '<button type="button" data-project="' + j + '">' + esc(name(p)) + " · " +
          esc(cfg.labels.status[p.status] || p.status || "—") + "</button>";
      }).join("") + "</div>" : "";
    popup.setContent(projectPopup(project.properties, project.featureId, report) + list);
    retoldProject(popup, project.featureId);
    popup.getElement().querySelectorAll(".georeg-also button").forEach(function (button) {
      button.addEventListener("click", function (event) {
        L.DomEvent.stop(event);  // the button is replaced: Leaflet would take the click for one on the map, and close
        showProjects(popup, found, Number(button.dataset.project));
      });
    });
    if (!report && project.featureId != null && !project.properties.n_features) {
      readReport(popup, project.featureId, function (read) {
        if (popup.georegShown === i) { showProjects(popup, found, i, read); }  // not another opened since
      });
    }
  }
  // A click or tap on a project opens its popup and goes no further (not to the unit under it); on a phone with a
  // drawer open, a tap on the map only folds the drawer.
  map.getContainer().addEventListener("click", function (e) {
    if (e.target.closest(".leaflet-control-container, .leaflet-popup-pane") || map.dragging.moved()) { return; }
    if (phone && document.body.classList.contains("georeg-drawer-open")) {
      e.stopPropagation();
      drawers.forEach(function (id) { setOpen(id, false); });
      followSheet();
      return;
    }
    var point = map.mouseEventToContainerPoint(e);
    var found = projectsAt(point);
    if (!found.length) { return; }
    e.stopPropagation();
    showProjects(openPopup({ latlng: map.containerPointToLatLng(point) }, ""), found, 0);
  }, true);
  // What the map paints, tile by tile, with a point of the screen on each (for tests and for the curious).
  function paintedProjects() {
    var zoom = tileZoom();
    var size = overlays.projects.getTileSize();
    var painted = [];
    Object.keys(projectTiles).forEach(function (key) {
      var canvas = projectTiles[key];
      if (canvas.getCoord().z !== zoom) { return; }
      var corner = L.point(canvas.getCoord().x, canvas.getCoord().y).scaleBy(size);
      Object.keys(canvas._layers).forEach(function (id) {
        var f = canvas._layers[id];
        var at = f._point || (f._parts[0] && f._parts[0][0]);
        var screen = at && map.latLngToContainerPoint(map.unproject(corner.add(at), zoom));
        painted.push({ id: f.featureId, tile: key, kind: f.properties.kind, status: f.properties.status,
                       merged: !!f.properties.n_features, colour: f.options.color, opacity: f.options.opacity,
                       dash: f.options.dashArray || "", weight: f.options.weight, halo: !!f.options.halo,
                       point: !!f._point, dense: !!f.properties.georeg_dense,
                       at: screen ? [screen.x, screen.y] : null });
      });
    });
    return painted;
  }

  var bases = {};
  bases[T.blank] = contextLayer;
  bases[T.osm] = L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
    maxZoom: 19, attribution: "&copy; OpenStreetMap contributors"
  });
  if (cfg.basemap) { bases[T.basemap] = window.georegOfficeBasemap(cfg.basemap, cfg.lang); }
  var chosenBase = params.get("basemap");
  (chosenBase === "osm" ? bases[T.osm] : cfg.basemap && chosenBase !== "context" ? bases[T.basemap] : contextLayer)
    .addTo(map);

  var named = {};
  cfg.vector.forEach(function (def) {
    overlays[def.id] = def.id === "projects" ? projectsLayer(def) : vectorLayer(def.id, def.pane, unitStyle(def),
      function (e) {
        var p = e.layer.properties;
        if (!def.scheme) { openPopup(e, zonePopup(def, p)); return; }
        showUnit(e, p, def.scheme, UNITS_LAYER.exec(def.id)[2]);
      });
    named[def.id] = { title: def.title, legend: def.legend, shown: def.shown, periods: def.periods };
  });
  overlays.progress = L.vectorGrid.protobuf(tileUrl(cfg.progress.units[state.scheme]), {
    pane: "progress", interactive: true, maxNativeZoom: NATIVE_ZOOM, maxZoom: 20,
    vectorTileLayerStyles: { units_pre2025_district: progressStyle, units_2025_commune: progressStyle }
  });
  overlays.progress.on("click", function (e) {
    showUnit(e, e.layer.properties, state.scheme);
  });
  named.progress = { title: cfg.progress.title, shown: false };
  var rasterDefs = {};
  cfg.rasters.forEach(function (def) {
    rasterDefs[def.id] = def;
    overlays[def.id] = L.tileLayer(rasterUrl(def), { pane: "raster", opacity: 0.75, maxNativeZoom: 14, maxZoom: 20 });
    named[def.id] = { title: def.title, raster: rasterYear(def).legend, years: def.years, shown: false };
  });
  // The year of a raster drawn (its legend and dataset): the one chosen, else the newest whose file can be read (a
  // year's file gone drew an empty layer, every tile 400, and no word: trial 65, F5).
  function rasterYear(def) {
    return def.years.filter(function (y) { return String(y.year) === state.years[def.id]; })[0] ||
      def.years.filter(function (y) { return y.readable; })[0] || def.years[0] || { legend: def.legend };
  }
  function rasterUrl(def) {
    var chosen = def.years.length ? "?dataset=" + rasterYear(def).legend.dataset.id : "";
    return "/raster/" + def.id + "/{z}/{x}/{y}.png" + chosen;
  }

  // Names on the map: provinces far out, districts and communes closer in, then the projects' where room is left.
  // A name that would overlap one already placed is left out. The projects' names are asked of the server for the
  // view, with the map's filters and date, so only the projects drawn are named (at most a few hundred: the page
  // carries none).
  var nameLayer = L.layerGroup();
  overlays.names = nameLayer;
  named.names = { title: T.names, shown: true };
  // Communes and projects from zoom 10: a province chosen is framed at 10.5 on a desktop, where its 40 communes were
  // drawn without a name (from 11) while the printed map of the same scale named them (trial 67).
  var LEVEL_ZOOMS = { province: [0, 10], former_part: [0, 10], district: [9, 12], commune: [10, 22] };
  // A province chosen is framed whole: on a phone, above the open filters sheet, at 8.75 (former Bạc Liêu, Cà Mau) or
  // 9 (former Trà Vinh, Vĩnh Long), where its communes were drawn without a name; at 10 it is wider than the phone
  // even with the sheet folded (it fits at 9.5). The districts and communes in the box framed (frameChosen) are named
  // from the zoom it was framed at, as room allows; with none chosen, from their own zoom again.
  var framed = null;  // { zoom, bounds }
  function namedFrom(p) {
    var from = (LEVEL_ZOOMS[p.level] || [0])[0];
    var inFrame = framed && (p.level === "district" || p.level === "commune") && framed.bounds.contains([p.lat, p.lon]);
    return inFrame ? Math.min(from, framed.zoom) : from;
  }
  var PROJECT_NAMES_ZOOM = 10;
  // a view with more projects than the server names at once (a province's inventory, drawn as a density) names them
  // from zoom 12, as before
  var CROWDED_NAMES_ZOOM = 12;
  var SHORT_NAMES_BELOW = 11;  // districts' short names ("TP. Trà Vinh"; maps/web_map.py SHORT_DISTRICT_KINDS)
  var SYMBOL_REACH = 9;  // px from a point project's centre to the outside of its symbol (radius 7, its stroke)
  var NAMES_APART = 3;  // px between a province's name and a former province's (placeNames)
  // Where few projects are in view their symbols are kept clear of the units' names: a site placed at its district's
  // centre (Giá Rai's, Phước Long's) lay under the district's name.
  var SYMBOLS_KEPT_CLEAR = 12;  // more, and the units' names moved off them crowd each other out
  var projectNames = { url: null, names: [], more: false };
  var namesAsked = null;
  function refreshNames() {
    var wanted = map.hasLayer(nameLayer) && map.hasLayer(overlays.projects);
    if (!wanted) { projectNames = { url: null, names: [], more: false }; placeNames(); return; }
    var box = map.getBounds().pad(0.1);
    var q = query(FILTERS.concat(["as_of"]));
    var url = "/tiles/projects/names.json?lang=" + cfg.lang + "&bbox=" + [box.getWest(), box.getSouth(), box.getEast(),
      box.getNorth()].map(function (v) { return v.toFixed(4); }).join(",") + (q ? "&" + q : "");
    placeNames();  // the units' names at once; the projects' when they come
    if (url === projectNames.url) { return; }
    if (namesAsked) { namesAsked.abort(); }
    namesAsked = new AbortController();
    drawnOnce(fetch(url, { signal: namesAsked.signal }).then(function (r) { return r.ok ? r.json() : { names: [] }; })
      .then(function (body) { projectNames = { url: url, names: body.names, more: body.more }; placeNames(); })
      .catch(function () { /* a newer view asked: its answer places the names */ }));
  }
  function placeNames() {
    nameLayer.clearLayers();
    if (!map.hasLayer(nameLayer)) { return; }
    var z = map.getZoom();
    var bounds = map.getBounds().pad(0.1);
    var shownSchemes = {};
    Object.keys(overlays).forEach(function (id) {
      var def = cfg.vector.filter(function (v) { return v.id === id; })[0];
      if (def && def.scheme && map.hasLayer(overlays[id])) { shownSchemes[def.scheme] = true; }
    });
    if (map.hasLayer(overlays.progress)) { shownSchemes[state.scheme] = true; }
    // The neighbours named are those of the boundaries chosen (the pre-2025 ones when the registry has no others).
    var around = cfg.place_list.some(function (p) { return p.context && p.scheme === state.scheme; }) ?
      state.scheme : "pre2025";
    var candidates = cfg.place_list.concat(partsDrawn()).filter(function (p) {
      var zooms = LEVEL_ZOOMS[p.level] || [0, 22];
      // a neighbour's name waits for the registry's provinces it is kept off (it was written over Bạc Liêu until then)
      return (p.context ? p.scheme === around && ownProvinces.length > 0 : p.scheme ? shownSchemes[p.scheme] : true) &&
        z >= namedFrom(p) && z <= zooms[1] &&
        bounds.contains([p.lat, p.lon]);
    });
    // Close in, the districts' and communes' names win over their own province's; and at every zoom the names of the
    // former provinces in a 2025 one, whose places are few along their parts, are placed before it, which keeps apart.
    candidates = candidates.filter(function (p) { return p.level !== "province" || p.context; })
      .concat(candidates.filter(function (p) { return p.level === "province" && !p.context; }));
    var projectsNamed = z >= (projectNames.more ? CROWDED_NAMES_ZOOM : PROJECT_NAMES_ZOOM);
    if (projectsNamed && map.hasLayer(overlays.projects)) {
      var view = map.getBounds();  // a project just outside it is not named: its name would stand for no symbol
      candidates = candidates.concat(projectNames.names.filter(function (p) { return view.contains([p.lat, p.lon]); })
        .map(function (p) { return { level: "project", label: p.label, lat: p.lat, lon: p.lon }; }));
    }
    // Each name is measured once placed (its font, weight and capitals make its width) and centred on its point;
    // one that overlaps a name already placed is taken away again. All are added, then all measured, then placed:
    // measuring between additions would lay the page out again for each name.
    var markers = candidates.map(function (p) {
      return L.marker([p.lat, p.lon], {
        pane: "names", interactive: false, keyboard: false,
        icon: L.divIcon({ className: "georeg-name " + p.level + (p.context ? " context" : ""),
                          html: esc(z < SHORT_NAMES_BELOW && p.short || p.label), iconSize: null })
      }).addTo(nameLayer);
    });
    var sizes = markers.map(function (m) { var el = m.getElement(); return [el.offsetWidth, el.offsetHeight]; });
    var taken = toolbarBoxes();
    // a chosen province alone frames the map, not a choice among its projects: its names stay (test_map_layout's
    // province on a phone lost 'Phường Bạc Liêu' to a symbol)
    var symbolsTaken = false, filtered = query(FILTERS.filter(function (f) { return f !== "province"; })) !== "";
    // where few projects are in view, a unit's name moves a line up or down off their symbols if it can
    var sites = !projectNames.more && projectNames.names.length <= SYMBOLS_KEPT_CLEAR ?
      projectNames.names.map(function (p) {
        var c = map.latLngToContainerPoint([p.lat, p.lon]);
        return [c.x - SYMBOL_REACH, c.y - SYMBOL_REACH, c.x + SYMBOL_REACH, c.y + SYMBOL_REACH];
      }) : [];
    var width = map.getSize().x;
    // A former province's name keeps a gap from a province's and a province's from a former one's: on a phone "former
    // Vĩnh Long" was written just over "VĨNH LONG PROVINCE", "former Trà Vinh" just under it, read as one name (trial
    // 73); one with no room apart is not written at that zoom.
    var keptApart = { province: [], former_part: [] };
    var apart = function (b) { return [b[0] - NAMES_APART, b[1] - NAMES_APART, b[2] + NAMES_APART, b[3] + NAMES_APART]; };
    markers.forEach(function (marker, i) {
      var at = map.latLngToContainerPoint(marker.getLatLng());
      var w = sizes[i][0], h = sizes[i][1];
      var project = candidates[i].level === "project";
      if (project && !symbolsTaken) {  // the units' names are placed: no project's name may cover a project's symbol
        symbolsTaken = true;
        candidates.slice(i).forEach(function (p) {
          var c = map.latLngToContainerPoint([p.lat, p.lon]);
          taken.push([c.x - SYMBOL_REACH, c.y - SYMBOL_REACH, c.x + SYMBOL_REACH, c.y + SYMBOL_REACH]);
        });
      }
      // a unit's name is centred on its point, or a line above or below it where a name is there already (a
      // province's or a former province's in a 2025 one up to three lines, its districts' names around its centre); a
      // project's is beside its symbol: right of it, or left where the map's right edge would cut it and its left
      // edge would not
      var offset = -w / 2;
      var wide = candidates[i].level === "province" || candidates[i].level === "former_part";  // its own room
      var rises = wide ? [0, -h, h, -2 * h, 2 * h, -3 * h, 3 * h] : [0, -h, h];
      if (project) {
        var gap = SYMBOL_REACH + 3;
        offset = at.x + gap + w > width && at.x - gap - w >= 0 ? -(gap + w) : gap;
        rises = [0];
      }
      var within = function (dx) {  // a unit's name within the map's edges: on a phone "…NH CÀ MAU" was cut off
        return project || w + 8 > width ? dx : Math.min(Math.max(dx, 4 - at.x), width - 4 - at.x - w);
      };
      // where it may go, [left edge from the point, rise]: a neighbour's name may also slide half its width aside,
      // off the registry's provinces (or it is not written: Cần Thơ's lies between Cà Mau and Vĩnh Long), and a
      // former province's in a 2025 one, along its part
      var slides = candidates[i].context || candidates[i].level === "former_part" ? [0, -w / 2, w / 2] : [0];
      var places = [].concat.apply([], rises.map(function (r) {
        return slides.map(function (d) { return [within(offset + d), r]; });
      }));
      var box = function (place) {
        return [at.x + place[0] - 2, at.y + place[1] - h / 2, at.x + place[0] + w + 2, at.y + place[1] + h / 2];
      };
      var clear = function (boxes) {
        return function (place) {
          var b0 = box(place);
          return !boxes.some(function (b) { return b0[0] < b[2] && b[0] < b0[2] && b0[1] < b[3] && b[1] < b0[3]; });
        };
      };
      if (candidates[i].context) {
        places = places.filter(function (place) { return !onOwnProvince(box(place)); });
      }
      if (project) {  // within the map's left and right edges, or not written (one at the edge ran off it)
        places = places.filter(function (place) { var b = box(place); return b[0] >= 0 && b[2] <= width; });
      }
      if (candidates[i].level === "former_part") {  // "former Vĩnh Long" was written on Đồng Tháp, above its part
        places = places.filter(function (place) { return alongPart(box(place), candidates[i].rings); });
      }
      var level = candidates[i].level;
      var other = candidates[i].context ? null : { province: "former_part", former_part: "province" }[level];
      var spaced = taken.concat(other ? keptApart[other].map(apart) : []);
      var place = places.filter(clear(spaced.concat(project ? [] : sites)))[0];
      // over a symbol rather than not written, unless the projects are filtered: a planner who chose Bạc Liêu's
      // waste sites had Giá Rai's hidden under "Phường Giá Rai" (a trial); the name yields to the symbol chosen
      if (place === undefined && !filtered) { place = places.filter(clear(spaced))[0]; }
      if (place === undefined) { nameLayer.removeLayer(marker); return; }
      var el = marker.getElement();
      el.style.marginLeft = place[0] + "px";
      el.style.marginTop = place[1] - h / 2 + "px";
      taken.push(box(place));
      if (other) { keptApart[level].push(box(place)); }
    });
  }
  map.on("zoomend moveend", refreshNames);
  // The toolbar's buttons and badges over the map's top (container px), the title of /progress, the map's other
  // controls (the zoom and location buttons, the scale, the open drawers, the legend), and what lies around the map,
  // where no name is written: on a phone "TỈNH HẬU GIANG" was cut by the buttons' rows (their whole width is taken),
  // a district's name by the map's top edge, "TỈNH ĐỒNG THÁP" hidden by the title box, and on /progress "Đông Hải"
  // by the zoom buttons, "TỈNH CÀ MAU" written over the scale bar (trial 67).
  var NO_NAME_UNDER = ".georeg-buttons, .georeg-toolbar button, .georeg-toolbar a, .georeg-badge, .georeg-title, " +
    ".leaflet-control";
  function toolbarBoxes() {
    var map0 = map.getContainer().getBoundingClientRect(), far = 1e5;
    return [].map.call(document.querySelectorAll(NO_NAME_UNDER), function (el) { return el.getBoundingClientRect(); })
      .filter(function (r) { return r.width > 0 && r.height > 0; })
      .map(function (r) { return [r.left - map0.left, r.top - map0.top, r.right - map0.left, r.bottom - map0.top]; })
      .concat([[-far, -far, far, 0], [-far, map0.height, far, far], [-far, -far, 0, far], [map0.width, -far, far, far]]);
  }
  // Whatever of those changes its size places the names again: a drawer opened or folded (the export panel's too), the
  // toolbar's badges, the title named with the provinces chosen, and an open drawer grown by what came after the names
  // were placed (on a phone the legend's sheet took the former provinces' key once the background came, and covered
  // the projects' names written above it). A control added later (the export panel) is watched once it is there.
  var sizesWatched = new ResizeObserver(function () { placeNames(); });
  function watchSizes() {
    document.querySelectorAll(NO_NAME_UNDER).forEach(function (el) { sizesWatched.observe(el); });
  }
  new MutationObserver(watchSizes).observe(map.getContainer().querySelector(".leaflet-control-container"),
    { childList: true, subtree: true });
  watchSizes();
  // Whether a name's box (container px) lies on one of the registry's provinces: a corner of a province in the box,
  // or a point of the box, along its top, middle and bottom every 15 px or less, in a province (even-odd over each
  // polygon's rings). On a phone's opening view "TỈNH SÓC TRĂNG" was written across Trà Vinh's edge and "TỈNH CÀ
  // MAU" under Bạc Liêu's.
  function onOwnProvince(b) {
    var sw = map.containerPointToLatLng([b[0], b[3]]), ne = map.containerPointToLatLng([b[2], b[1]]);
    var cornerIn = ownProvinces.some(function (rings) {
      return rings.some(function (ring) {
        return ring.some(function (c) { return c[0] >= sw.lng && c[0] <= ne.lng && c[1] >= sw.lat && c[1] <= ne.lat; });
      });
    });
    if (cornerIn) { return true; }
    var steps = Math.ceil((b[2] - b[0]) / 15), xs = [], ys = [b[1], (b[1] + b[3]) / 2, b[3]];
    for (var k = 0; k <= steps; k++) { xs.push(b[0] + (b[2] - b[0]) * k / steps); }
    return xs.some(function (x) {
      return ys.some(function (y) {
        var at = map.containerPointToLatLng([x, y]);
        return ownProvinces.some(function (rings) {
          return rings.filter(function (ring) { return inRing(ring, at.lng, at.lat); }).length % 2 === 1;
        });
      });
    });
  }
  // Whether a name's box (container px) lies along a part (polygons of [lon, lat] rings): the ends and the middle of
  // its line of text in it.
  function alongPart(b, polygons) {
    var y = (b[1] + b[3]) / 2;
    return [b[0], (b[0] + b[2]) / 2, b[2]].every(function (x) {
      var at = map.containerPointToLatLng([x, y]);
      return polygons.some(function (rings) {
        return rings.filter(function (ring) { return inRing(ring, at.lng, at.lat); }).length % 2 === 1;
      });
    });
  }
  function inRing(ring, x, y) {
    var inside = false;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      var xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
      if ((yi > y) !== (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) { inside = !inside; }
    }
    return inside;
  }
  // Printed from the browser, the map takes the page's size (web_map.css): it is drawn again at that size over what
  // the screen showed (a portrait page cut Trà Vinh off at its right edge, and left a grey band at its foot), and put
  // back after.
  // What the screen shows clear of its drawers and buttons is printed clear of the legend and badges, at the screen's
  // scale unless it would not fit: printed round the screen's middle, the legend covered half of Trà Vinh.
  var shownOnScreen = null, seenOnScreen = null;
  function printing() { return window.matchMedia("print").matches; }
  function clearBounds() {
    var clear = clearOfControls(), size = map.getSize();
    return L.latLngBounds(map.containerPointToLatLng(clear.autoPanPaddingTopLeft), map.containerPointToLatLng(
      [size.x - clear.autoPanPaddingBottomRight[0], size.y - clear.autoPanPaddingBottomRight[1]]));
  }
  function noteSeen() { if (!printing()) { seenOnScreen = clearBounds(); } }
  map.on("moveend resize", noteSeen);
  window.matchMedia("print").addEventListener("change", function (e) {
    if (e.matches) {  // a screen showing the plans' provinces whole prints them, not the sea and neighbours round them
      shownOnScreen = { center: map.getCenter(), zoom: map.getZoom(), snap: map.options.zoomSnap };
      var seen = seenOnScreen || map.getBounds();
      var plans = unitsBox(cfg.choices.provinces.filter(function (u) { return u.scheme === "pre2025"; }));
      if (plans && seen.contains(plans)) { seen = plans; }
      map.invalidateSize({ animate: false });
      var clear = clearOfControls();
      map.options.zoomSnap = 0.25;  // a quarter step smaller rather than half the size, where it does not fit
      map.fitBounds(seen, { paddingTopLeft: clear.autoPanPaddingTopLeft, maxZoom: shownOnScreen.zoom,
                            paddingBottomRight: clear.autoPanPaddingBottomRight, animate: false });
    } else if (shownOnScreen) {
      map.options.zoomSnap = shownOnScreen.snap;
      map.invalidateSize({ animate: false });
      map.setView(shownOnScreen.center, shownOnScreen.zoom, { animate: false });
      shownOnScreen = null;
    }
  });

  var progressWaits = false;
  var wanted = asked === null ? FOCUS_LAYERS[cfg.focus] || null : asked.split(",");
  var control = {};
  var shownFirst = [];
  function isWanted(id) {
    if (wanted) { return wanted.indexOf(id) >= 0 || (id === "names" && wanted.indexOf("nonames") < 0); }
    var units = UNITS_LAYER.exec(id);  // with the 2025 boundaries asked for, their units are the ones shown first
    if (units && state.scheme === "2025") { return units[1] === "2025" && units[2] !== "district"; }
    return named[id].shown;
  }
  // the one layer colouring areas the map starts with: the first of AREA_FILLS asked for
  var fills = AREA_FILLS.filter(function (id) { return overlays[id] && isWanted(id); });
  var fillShown = fills[0], fillLeftOut = fills[1];
  Object.keys(overlays).forEach(function (id) {
    control['<span data-layer="' + id + '">' + esc(named[id].title) + "</span>"] = overlays[id];
    var show = isWanted(id) && !(AREA_FILLS.indexOf(id) >= 0 && id !== fillShown);
    // The choropleth waits for its first figures, so that its tiles are fetched once, already coloured; every
    // layer waits for its TileJSON, so that its tiles are fetched once, at their versioned URLs.
    if (show && id === "progress") { progressWaits = true; } else if (show) { shownFirst.push(overlays[id]); }
  });
  var layersControl = L.control.layers(bases, control, { collapsed: false, position: "topright" }).addTo(map);
  // A layer counts as shown (legend, links) from the start, while it waits for its TileJSON.
  function isShown(id) { return map.hasLayer(overlays[id]) || shownFirst.indexOf(overlays[id]) >= 0; }

  // Legend -----------------------------------------------------------------------------------------------------
  // A status as the map draws it: a line, and a point with its outline and fill.
  function statusSwatch(cue) {
    var stroke = ' stroke="#333" stroke-dasharray="' + esc(cue.dash) + '" stroke-opacity="' + cue.opacity + '"';
    return '<svg class="swatch status" width="52" height="16"><line x1="0" y1="8" x2="28" y2="8"' + stroke +
      ' stroke-width="' + 2.5 * cue.width + '"/><circle cx="42" cy="8" r="6"' + stroke + ' stroke-width="' +
      2 * cue.width + '" fill="#333" fill-opacity="' + cue.fill + '"/></svg>';
  }
  function swatch(colour) {
    return '<svg class="swatch" width="14" height="14"><rect width="14" height="14" fill="' + esc(colour) +
      '" stroke="#777" stroke-width="1"/></svg>';
  }
  function lineSwatch(colour) {
    return '<svg class="swatch" width="28" height="12"><line x1="0" y1="6" x2="28" y2="6" stroke="#fff" ' +
      'stroke-width="10"/><line x1="0" y1="6" x2="28" y2="6" stroke="' + esc(colour) + '" stroke-width="5"/></svg>';
  }
  function legendSection(id) {
    var about = named[id];
    if (!about.legend && !about.raster && id !== "progress") { return ""; }
    if (about.legend && about.legend.colours.length === 1 && !about.legend.outlines.length) {
      return "<h4>" + swatch(about.legend.colours[0].colour) + esc(about.title) + "</h4>";
    }
    var html = "<h4>" + esc(about.title) + "</h4>";
    if (id === "progress") {
      if (sharesNote) { html += '<div class="note recomputing">' + esc(sharesNote) + "</div>"; }
      if (progressIgnores()) { html += '<div class="note recomputing">' + esc(T.progress_filters_ignored) + "</div>"; }
      var weighed = cfg.labels.weight[state.weight] && state.weight !== "count";  // otherwise than by project count
      if (weighed) {
        html += '<div class="note">' + esc(T.weighed_by.replace("{weight}", cfg.labels.weight[state.weight])) + "</div>";
      }
      html += '<div class="rows">';
      cfg.progress.legend.forEach(function (c) {
        // grey is also a unit whose projects all lack the figure weighed by (a budget): not only "no projects"
        var label = weighed && c.code === "none"
          ? T.none_to_weigh.replace("{weight}", cfg.labels.weight[state.weight]) : c.label;
        html += '<div data-class="' + esc(c.code) + '">' + swatch(c.colour) + esc(label) + "</div>";
      });
      var uncovered = cfg.progress.uncovered[state.scheme];  // a 2025 province beyond the former ones' communes
      if (uncovered && uncovered.share >= 0.01) {
        var level = cfg.labels.level[uncovered.level].toLowerCase();
        html += '<div id="georeg-uncovered">' + swatch("#ffffff") + esc(T.progress_uncovered.replace("{level}", level)) +
          "</div>";
      }
      // the units, or the registry's other province, left blank: the printed sheet said so, the map not
      var blank = state.unit.length ? T.progress_units_not_chosen[state.scheme]
        : state.province.length ? T.progress_not_chosen : "";
      if (blank) { html += '<div id="georeg-not-chosen">' + swatch("#ffffff") + esc(blank) + "</div>"; }
      html += "</div>";
    } else if (about.raster) {
      html += '<div class="rows">';
      about.raster.classes.forEach(function (c) { html += "<div>" + swatch(c.colour) + esc(c.label) + "</div>"; });
      html += "</div>";
      if (about.years.length) { html += yearChoice(id, "georeg-year-" + id, T.raster_year); }
      // one year loaded: said, as a wrong year loaded went unnoticed (trial 66)
      else if (about.raster.dataset.year) {
        html += '<div class="georeg-period">' + esc(T.raster_year) + ": " + esc(about.raster.dataset.year) + "</div>";
      }
      html += '<div class="note">' + esc(T.source) + ": " + esc(about.raster.dataset.source) +
        (about.raster.dataset.is_demo ? " — " + esc(T.demo_source) : "") + "</div>";
    } else {
      html += '<div class="rows">';
      drawn(id, "kind", about.legend.colours).forEach(function (c) {
        var line = id === "projects" && LINE_KINDS.indexOf(c.code) >= 0;
        html += "<div" + (id === "projects" ? ' data-kind="' + esc(c.code) + '"' : "") + ">" +
          (line ? lineSwatch(c.colour) : swatch(c.colour)) + esc(c.label) + "</div>";
      });
      html += "</div>";
      if (about.legend.outlines.length) {
        html += '<div class="note">' + esc(T.outline) + '</div><div class="rows">';
        drawn(id, "status", about.legend.outlines).forEach(function (o) {
          html += '<div data-status="' + esc(o.code) + '">' + statusSwatch(cfg.status_cues[o.code] || PLAIN) +
            esc(o.label) + "</div>";
        });
        // under a filter, only where merged symbols are drawn (trial 40 read the row where the map drew none)
        if (id === "projects" && (!unlocated.filtered || paintedProjects().some(function (f) { return f.merged; }))) {
          html += '<div data-merged><svg class="swatch status" width="52" height="16"><line x1="3" y1="8" x2="25" ' +
            'y2="8" stroke="#333" stroke-width="8" stroke-linecap="round" stroke-opacity="' + MERGED_BAND.opacity +
            '"/><circle cx="42" cy="8" r="6" stroke="#333" stroke-width="3" fill="#fff"/><circle cx="42" cy="8" ' +
            'r="2.5" fill="#333"/></svg>' + esc(T.merged_legend) + "</div>";
        }
        if (id === "projects" && map.getContainer().classList.contains("georeg-dense")) {
          html += '<div data-density><svg class="swatch status" width="52" height="16">' + [0.28, 0.44, 0.6]
            .map(function (o, i) { return '<rect x="' + (6 + 14 * i) + '" y="4" width="8" height="8" fill="#333" ' +
              'fill-opacity="' + o + '"/>'; }).join("") + "</svg>" + esc(T.density_legend) + "</div>";
        }
        html += "</div>";
      }
      if (about.periods) { html += periodChoice(about.periods, "georeg-salinity-period", T.salinity_period); }
      // "Kênh" chosen drew nothing, and said nothing why; not while counting: the former filters' figure is not theirs
      if (id === "projects" && unlocated.count && !unlocated.counting) {
        html += '<div class="note" id="georeg-unlocated">' + esc((unlocated.filtered ? T.unlocated_chosen : T.unlocated)
          .replace("{n}", numbers.format(unlocated.count))) + "</div>";
      }
    }
    return html;
  }
  // The salinity zones' period: a choice of the periods loaded, newest first (the one drawn unless the address or the
  // reader chose another), and its note (its month and sources) under it; in the legend and in the layers list.
  function periodChoice(periods, id, label) {
    var drawnNow = zonePeriod(periods);
    return '<label class="georeg-period">' + esc(label) + ' <select id="' + id + '">' +
      periods.map(function (p) {
        return '<option value="' + esc(p.code) + '"' + (p === drawnNow ? " selected" : "") + ">" + esc(p.label) +
          "</option>";
      }).join("") + '</select></label><div class="note">' + esc(drawnNow.note) + "</div>";
  }
  // A raster layer's year, newest first, as the salinity zones' period is chosen (trial 64: forest cover of 2024
  // only, though 2020 was loaded).
  function yearChoice(id, elementId, label) {
    var def = rasterDefs[id];
    var drawnNow = rasterYear(def);
    return '<label class="georeg-period">' + esc(label) + ' <select id="' + elementId + '" data-raster="' + esc(id) +
      '">' + def.years.map(function (y) {
        return '<option value="' + y.year + '"' + (y === drawnNow ? " selected" : "") + ">" + y.year + "</option>";
      }).join("") + "</select></label>";
  }
  // The years of the raster layers shown whose files cannot be read, as the server says them.
  function rastersUnreadable() {
    return cfg.rasters.filter(function (def) { return isShown(def.id); })
      .map(function (def) { return def.unreadable.join(" "); }).filter(Boolean).join(" ");
  }
  function chooseYear(e) {
    var id = e.target.dataset.raster;
    if (!id) { return; }
    state.years[id] = e.target.value;
    named[id].raster = rasterYear(rasterDefs[id]).legend;
    overlays[id].setUrl(rasterUrl(rasterDefs[id]));
    if (!rasterYear(rasterDefs[id]).readable) { say(rastersUnreadable()); }
    renderLegend();
    syncLinks();
  }
  function zonePeriod(periods) {
    return periods.filter(function (p) { return p.code === state.period; })[0] || periods[0];
  }
  // The projects' kinds or statuses the map draws: those the filter chose, all when it chose none; under any filter,
  // only those of projects it chose.
  function drawn(id, field, rows) {
    var chosen = id === "projects" ? state[field] : [];
    var kept = chosen.length ? rows.filter(function (r) { return chosen.indexOf(r.code) >= 0; }) : rows;
    var found = id === "projects" && unlocated.drawn && unlocated.drawn[field];
    if (found) { kept = kept.filter(function (r) { return found.indexOf(r.code) >= 0; }); }
    if (id === "projects" && field === "status" && state.schedule.length) {  // "past due" leaves "completed" out
      var allowed = [].concat.apply([], state.schedule.map(function (s) { return cfg.schedule_statuses[s] || []; }));
      kept = kept.filter(function (r) { return allowed.indexOf(r.code) >= 0; });
    }
    return kept;
  }
  // On a desktop the legend takes the height the layers list leaves on the right; when its rows do not fit there,
  // they go in two columns (at 1366 × 768 with the progress layer on, its last rows needed scrolling).
  function fitLegend() {
    if (phone) { return; }
    var box = map.getContainer().getBoundingClientRect();
    var layers = document.getElementById("georeg-layers");
    var top = layers && !layers.classList.contains("folded") ? layers.getBoundingClientRect().bottom : box.top;
    var below = document.querySelector(".leaflet-bottom.leaflet-right .leaflet-control-attribution");
    var bottom = below ? below.getBoundingClientRect().top : box.bottom;
    legendBox.style.maxHeight = Math.max(120, bottom - top - 20) + "px";
    legendBox.classList.remove("two-columns");
    if (legendBox.scrollHeight > legendBox.clientHeight) { legendBox.classList.add("two-columns"); }
  }
  // Taps on a panel stay in it. Leaflet lets a panel's clicks bubble to the map (flagged), and on a touch screen it
  // counts two taps within 250 ms there as a double tap: a tap on a button then on a filter's chip zoomed the map in.
  function keepTapsFromMap(el) {
    L.DomEvent.disableClickPropagation(el);
    L.DomEvent.on(el, "click", L.DomEvent.stopPropagation);
  }
  function drawer(id, position) {
    var c = L.control({ position: position });
    c.onAdd = function () {
      var div = L.DomUtil.create("div", "georeg-panel georeg-drawer");
      div.id = id;
      keepTapsFromMap(div);
      L.DomEvent.disableScrollPropagation(div);
      return div;
    };
    c.addTo(map);
    return document.getElementById(id);
  }
  var legendBox = drawer("georeg-legend", "bottomright");
  function choosePeriod(e) {  // another period of the salinity zones, in the legend or the layers list
    if (e.target.id !== "georeg-salinity-period" && e.target.id !== "georeg-layers-period") { return; }
    state.period = e.target.value;
    useTiles(overlays.salinity_zones, "salinity_zones");
    map.closePopup();  // it told a zone of the former period
    renderLegend();
    syncLinks();
  }
  legendBox.addEventListener("change", choosePeriod);
  legendBox.addEventListener("change", chooseYear);
  // The former provinces' dashed boundaries inside the 2025 ones, drawn with the offline background, and which
  // parts have communes in the registry (the plans' provinces) and which are blank.
  function partsDrawn() { return map.hasLayer(contextLayer) ? formerParts : []; }
  function formerPartsLegend() {
    var parts = partsDrawn();
    if (!parts.length) { return ""; }
    var names = function (held) {
      return parts.filter(function (p) { return p.held === held; }).map(function (p) { return p.label; }).join(", ");
    };
    var dashed = '<svg class="swatch" width="28" height="12"><line x1="0" y1="6" x2="28" y2="6" stroke="' +
      esc(contextStyles.former_part.color) + '" stroke-width="2" stroke-dasharray="6 4"/></svg>';
    var blank = names(false) ? '<div class="note">' + esc(T.former_parts_blank.replace("{held}", names(true))
      .replace("{others}", names(false))) + "</div>" : "";
    return '<div id="georeg-former-parts"><h4>' + dashed + esc(T.former_parts) + "</h4>" + blank + "</div>";
  }
  // A drawer's content written again only when it changed, and the legend section by section: written whole at each
  // load of a filtered layer's tiles (their count in view), each layer added and the background's arrival, it
  // replaced the salinity period's select a planner had open (its list closed under the finger as the map moved; a
  // test's element gone between two steps, CI).
  function showHtml(box, html) {
    if (box.georegHtml === html) { return; }
    box.georegHtml = html;
    box.innerHTML = html;
  }
  function showSections(box, sections) {
    var old = {};
    Array.prototype.forEach.call(box.children, function (el) { old[el.dataset.section] = el; });
    sections.filter(function (s) { return s[1]; }).forEach(function (section, i) {
      var el = old[section[0]] || document.createElement("div");
      delete old[section[0]];
      el.dataset.section = section[0];
      showHtml(el, section[1]);
      if (box.children[i] !== el) { box.insertBefore(el, box.children[i] || null); }
    });
    Object.keys(old).forEach(function (key) { box.removeChild(old[key]); });
  }
  function renderLegend() {
    var sections = [["heading", "<b>" + esc(T.legend) + "</b>"]];
    // the former parts' key after the boundaries' (the first layers), before the projects'
    var boundaries = true;
    Object.keys(overlays).forEach(function (id) {
      if (boundaries && id.indexOf("units_") !== 0) {
        sections.push(["former_parts", formerPartsLegend()]);
        boundaries = false;
      }
      if (isShown(id)) { sections.push([id, legendSection(id)]); }
    });
    if (boundaries) { sections.push(["former_parts", formerPartsLegend()]); }
    if (chosenOutline.getLayers().length) {  // as the printed sheet says it: "Ranh giới Huyện Hoà Bình"
      sections.push(["chosen_outline", '<h4 id="georeg-chosen-outline">' + lineSwatch(cfg.chosen_outline) +
        esc(T.chosen_outline.replace("{units}", chosenUnits().map(name).join(", "))) + "</h4>"]);
    }
    showSections(legendBox, sections);
    periodInLayers();
    fitLegend();
  }
  // On a phone the salinity zones' period is chosen under the layers too, while the zones are shown: the legend is
  // folded while the layers sheet is open (trial 62: ticking "Salinity zones" there showed no period to choose). A
  // desktop shows both drawers at once, the legend's choice in sight.
  var layersPeriod = null;
  function periodInLayers() {
    if (!layersPeriod || !phone) { return; }
    var periods = named.salinity_zones && named.salinity_zones.periods;
    var shown = periods && periods.length && isShown("salinity_zones");
    var html = shown ? periodChoice(periods, "georeg-layers-period", T.salinity_zones_period) : "";
    cfg.rasters.forEach(function (def) {
      if (!def.years.length || !isShown(def.id)) { return; }
      html += yearChoice(def.id, "georeg-layers-year-" + def.id, T.raster_year_of.replace("{layer}", def.title));
    });
    showHtml(layersPeriod, html);
  }

  // Filters: tap-friendly boxes, "all" first -------------------------------------------------------------------
  // One of a filter's choices at a time (radio buttons) where they exclude each other: "no report for 3 / 6 / 12
  // months"; its "all" said as not filtering.
  var ONE_CHOICE = { no_report_months: T.no_report_off };
  // A download of the filtered projects: a chip a thumb can tap, named by its format (four links in a sentence
  // wrapped to three lines of small text on a phone, trial 71); the notice says its whole name as it prepares it.
  function downloadChip(format) {
    var note = T[format === "gpkg" || format === "shp" ? "export_gis_note" : "export_" + format + "_note"];
    return '<a id="georeg-export-' + format + '" class="chip" href="#" title="' + esc(note) + '" data-name="' +
      esc(T["export_" + format]) + '">' + esc(T["format_" + format]) + "</a>";
  }

  function chips(field, items, label) {
    var chosen = state[field];
    var input = field in ONE_CHOICE ? '<input type="radio" name="georeg-' + field + '"' : '<input type="checkbox"';
    var html = '<details class="georeg-filter" id="georeg-filter-' + field + '" data-filter="' + field + '"' +
      (field === "kind" || field === "status" ? " open" : "") + "><summary>" + esc(T[field]) +
      ': <span class="chosen"></span></summary><div class="chips">' +
      '<label class="chip all">' + input + ' value=""' + (chosen.length ? "" : " checked") + "> " +
      esc(ONE_CHOICE[field] || T.all) + "</label>";
    items.forEach(function (item) {
      var code = typeof item === "string" ? item : item.code;
      html += '<label class="chip">' + input + ' value="' + esc(code) + '"' +
        (chosen.indexOf(code) >= 0 ? " checked" : "") + "> " + esc(label(item)) + "</label>";
    });
    return html + "</div></details>";
  }
  var ch = cfg.choices;
  var first = new Date(ch.first_date + "T00:00:00Z");
  var days = Math.round((new Date(ch.last_date + "T00:00:00Z") - first) / 86400000);
  function dayOf(iso) { return iso ? Math.round((new Date(iso + "T00:00:00Z") - first) / 86400000) : days; }
  function isoOf(day) { return new Date(first.getTime() + day * 86400000).toISOString().slice(0, 10); }

  var toolbar = L.control({ position: "topleft" });
  toolbar.onAdd = function () {
    var div = L.DomUtil.create("div", "georeg-toolbar");
    // on a phone the buttons are rows of their own, each button in sight (one row scrolled sideways hid the last ones:
    // trial 62), the date, the filters and the count a line each; on a desktop a row with the badges
    div.innerHTML = '<div class="georeg-buttons">' +
      '<button type="button" data-opens="georeg-filters">' + esc(T.filters) + "</button>" +
      '<button type="button" data-opens="georeg-layers">' + esc(T.layers) + "</button>" +
      '<button type="button" data-opens="georeg-legend">' + esc(T.legend) + "</button>" +
      '<a id="georeg-lang" href="#">' + esc(T.other_lang) + "</a>" +
      '<button type="button" id="georeg-other-scheme"></button></div>' +
      '<span id="georeg-as-of" class="georeg-badge"></span>' +
      '<button type="button" id="georeg-filtered" class="georeg-badge" hidden></button>' +
      '<span id="georeg-matched" class="georeg-badge" role="status" hidden></span>' +
      '<div id="georeg-notice" class="georeg-notice" role="status" hidden></div>' +
      '<div id="georeg-day-scheme" class="georeg-notice" role="status" hidden><span></span> ' +
      '<button type="button"></button></div>' +
      '<div id="georeg-news" class="georeg-notice georeg-news" role="status" hidden></div>';
    keepTapsFromMap(div);
    return div;
  };
  toolbar.addTo(map);
  var notice = document.getElementById("georeg-notice");
  notice.addEventListener("click", function () { notice.hidden = true; });  // read: a tap puts it away
  function say(text) { notice.textContent = text; notice.hidden = false; }  // above the map, until tapped away
  var newsBox = document.getElementById("georeg-news");  // what others changed (askChanges), tapped away but its links
  newsBox.addEventListener("click", function (e) {
    if (e.target.closest("[data-show-today]")) { setDate(""); }  // the changes told, on the map
    if (!e.target.closest("a")) { newsBox.hidden = true; placeTitle(); }  // a phone's /progress title goes up again
  });
  if (cfg.focus === "progress") {
    var heading = L.control({ position: "topright" });
    heading.onAdd = function () {
      var div = L.DomUtil.create("div", "georeg-title");
      div.innerHTML = "<h1>" + esc(cfg.title) + '</h1><div id="georeg-title-date"></div>' +
        '<div id="georeg-title-note" class="note recomputing" hidden></div>' +
        '<div id="georeg-title-filters" class="note recomputing" hidden></div>' +
        '<div id="georeg-title-off" class="note recomputing" hidden>' + esc(T.progress_off) + "</div>";
      return div;
    };
    heading.addTo(map);
    window.addEventListener("resize", placeTitle);
  }
  var filters = drawer("georeg-filters", "topleft");
  // Which boundaries the progress is counted in: on /progress the first choice after the date, on the map of
  // projects (where it only chooses the progress layer's units) after the filters.
  var schemeChoice =
    "<label>" + esc(T.scheme) + '<select id="georeg-scheme"><option value="pre2025">' + esc(T.scheme_pre2025) +
    '</option><option value="2025"' + (state.scheme === "2025" ? " selected" : "") + ">" + esc(T.scheme_2025) +
    '</option></select></label><div class="note">' + esc(T.progress_note) + "</div>" +
    // what a unit's mean weighs its projects by (geo.vocab.PROGRESS_WEIGHTS): their count, budget or size
    "<label>" + esc(T.weight) + '<select id="georeg-weight">' + Object.keys(cfg.labels.weight).map(function (w) {
      return '<option value="' + esc(w) + '"' + ((state.weight || "count") === w ? " selected" : "") + ">" +
        esc(cfg.labels.weight[w]) + "</option>";
    }).join("") + "</select></label>";
  var onProgress = cfg.focus === "progress";
  filters.innerHTML =
    '<input type="search" id="georeg-search" placeholder="' + esc(T.search) + '">' +
    '<div id="georeg-search-results"></div>' +
    '<label for="georeg-date-box">' + esc(T.as_of) + "</label>" +
    '<div class="row"><input type="text" inputmode="numeric" id="georeg-date-box" placeholder="' +
    esc(T.date_format) + '" autocomplete="off"><button type="button" id="georeg-now">' + esc(T.now) + "</button></div>" +
    '<div id="georeg-date-problem" class="problem" hidden></div>' +
    '<input type="range" id="georeg-date" min="0" max="' + days + '" value="' + dayOf(state.as_of) +
    '" list="georeg-years"><datalist id="georeg-years"></datalist><div id="georeg-year-ticks"></div>' +
    (onProgress ? schemeChoice : "") +
    chips("province", ch.provinces, function (u) {
      // what the 2025 reform made of it: "Vĩnh Long (86, từ 01/07/2025, gồm Trà Vinh cũ)"
      var formerly = cfg.lang === "vi" ? u.formerly_vi : u.formerly_en;
      var nowIn = cfg.lang === "vi" ? u.now_in_vi : u.now_in_en;
      var reform = formerly.length ? T.province_formerly.replace("{names}", formerly.join(", "))
        : nowIn ? T.province_now_in.replace("{name}", nowIn) : "";
      return name(u) + " (" + u.code + ", " + T.scheme_of_province[u.scheme] + (reform ? ", " + reform : "") + ")";
    }) +
    // a former district or a 2025 commune, its projects those with a part in it: "Huyện Cầu Ngang (trước 01/07/2025)";
    // on /progress, the units it is made of or lies in (a former district's 2025 communes)
    // (a page built by a server started before the units were offered, under a newer script, drew no map at all)
    chips("unit", ch.units || [], unitWords) +
    chips("kind", ch.kinds, function (k) { return cfg.labels.kind[k] || k; }) +
    chips("status", Object.keys(cfg.labels.status), function (s) { return cfg.labels.status[s]; }) +
    chips("schedule", Object.keys(cfg.labels.schedule), function (s) { return cfg.labels.schedule[s]; }) +
    // the projects not finished whose latest report is that old (geo.stalled): "3 tháng", "6 tháng", "12 tháng"
    chips("no_report_months", cfg.no_report.months.map(String), function (n) { return T.months.replace("{n}", n); }) +
    chips("plan", ch.plans, function (p) { return p.code; }) +
    chips("plan_action", ch.plan_actions, function (a) {
      return a.plan + " " + a.code + " — " + (cfg.lang === "vi" ? a.title_vi : a.title_en);
    }) +
    // a former agency with its last day (Trà Vinh's "Sở Công Thương" beside Vĩnh Long's, which holds its duties now)
    chips("agency", ch.agencies, function (a) {
      var name = cfg.lang === "vi" ? a.name_vi : a.name_en;
      return name + (a.ended ? " (" + T.agency_until + " " + writtenDate(a.ended) + ")" : "");
    }) +
    (onProgress ? "" : schemeChoice) +
    '<div class="georeg-downloads"><span>' + esc(T.export) + ":</span>" +
    ["geojson", "xlsx", "gpkg", "shp"].map(downloadChip).join("") +
    "</div>";

  // Year ticks under the slider (positions set through the DOM, not in markup).
  (function yearTicks() {
    var list = document.getElementById("georeg-years");
    var ticks = document.getElementById("georeg-year-ticks");
    var firstYear = first.getUTCFullYear() + 1;
    var lastYear = new Date(first.getTime() + days * 86400000).getUTCFullYear();
    var step = Math.max(1, Math.ceil((lastYear - firstYear + 1) / 6));
    for (var y = firstYear; y <= lastYear; y++) {
      var day = dayOf(y + "-01-01");
      var option = document.createElement("option");
      option.value = day;
      list.appendChild(option);
      if ((y - firstYear) % step === 0) {
        var tick = document.createElement("span");
        tick.textContent = y;
        tick.style.left = (100 * day / days) + "%";
        ticks.appendChild(tick);
      }
    }
  })();

  // The layers list becomes a drawer too.
  var layersBox = layersControl.getContainer();
  layersBox.id = "georeg-layers";
  layersBox.classList.add("georeg-drawer");
  keepTapsFromMap(layersBox);
  layersPeriod = L.DomUtil.create("div", "georeg-layers-period", layersBox.querySelector(".leaflet-control-layers-list"));
  layersPeriod.addEventListener("change", choosePeriod);
  layersPeriod.addEventListener("change", chooseYear);
  periodInLayers();

  // Drawers: folded on a phone, open on a desktop; a tap on the map folds them on a phone.
  var drawers = ["georeg-filters", "georeg-layers", "georeg-legend"];
  function setOpen(id, open) {
    document.getElementById(id).classList.toggle("folded", !open);
    var button = document.querySelector('[data-opens="' + id + '"]');
    button.setAttribute("aria-expanded", open ? "true" : "false");
    document.body.classList.toggle("georeg-drawer-open", drawers.some(function (other) {
      return !document.getElementById(other).classList.contains("folded");
    }));
  }
  // On a desktop the filters and the legend start open, the layers list folded to its button: the legend takes the
  // right side's height, so that each row of the layers shown is seen, and the three together covered ~60 % of a
  // 1366 × 900 map (trial 69).
  drawers.forEach(function (id) { setOpen(id, !phone && id !== "georeg-layers"); });
  document.querySelectorAll(".georeg-toolbar button[data-opens]").forEach(function (button) {
    button.addEventListener("click", function () {
      var id = button.dataset.opens;
      var open = document.getElementById(id).classList.contains("folded");
      if (phone) { drawers.forEach(function (other) { setOpen(other, false); }); }
      setOpen(id, open);
      followSheet();
      fitPanels();
      noteSeen();
    });
  });
  // The desktop's drawers take the heights the others leave them.
  function fitPanels() { fitLegend(); fitFilters(); }
  window.addEventListener("resize", fitPanels);
  // On a desktop the filters drawer ends above the buttons (my location, zoom) and scale bar at the bottom left,
  // wherever it starts: the export panel opened above it pushed it past the screen's edge, under them.
  function fitFilters() {
    if (phone) { return; }
    var buttons = document.querySelector(".leaflet-bottom.leaflet-left").getBoundingClientRect();
    filters.style.maxHeight = Math.max(150, buttons.top - 10 - filters.getBoundingClientRect().top) + "px";
  }
  fitFilters();
  // a notice shown above the map (or put away) moves the drawer's top: its height follows
  new ResizeObserver(fitFilters).observe(document.querySelector(".georeg-toolbar"));
  // the map's own height set (on /progress it leaves room for the table's heading): the buttons at its foot move up
  new ResizeObserver(fitFilters).observe(map.getContainer());
  document.getElementById("georeg-filtered").addEventListener("click", function () {  // the filters it names
    if (document.getElementById("georeg-filters").classList.contains("folded")) {
      document.querySelector('[data-opens="georeg-filters"]').click();
    }
  });
  // On a phone an open drawer is a sheet over the lower part of the map: the map moves up, so that what was in the
  // middle of the screen is in the middle of what the sheet leaves under the buttons, badges and title (the filters
  // sheet hid the provinces whose projects it filters; moved up by half the sheet, they went under the badges), and
  // back down when the sheet folds.
  var sheetShift = 0;
  // How much of a phone's map the buttons, badges and title cover at its top, and an open sheet at its foot (0: none):
  // the part of the sheet over the map, not its height. /progress's map stops short of the screen's foot (the table's
  // heading under it), and a sheet as high as the screen's foot counted that strip as map: a province ticked there was
  // framed in a room a third too short, whole zoom steps out (at 8, where a desktop frames it at 10.25).
  function sheetRoom() {
    // the map's drawers and the export panel (maps/static/map_export.js) alike
    var open = [].slice.call(document.querySelectorAll(".georeg-drawer:not(.folded)"));
    var box = map.getContainer().getBoundingClientRect(), covered = 0;
    document.querySelectorAll(".georeg-toolbar, .georeg-title").forEach(function (el) {
      var r = el.getBoundingClientRect();
      if (r.height) { covered = Math.max(covered, r.bottom - box.top); }
    });
    var sheet = open.length ? Math.max(0, box.bottom - open[0].getBoundingClientRect().top) : 0;
    return { covered: covered, sheet: Math.min(sheet, box.height) };
  }
  // A popup open when a sheet opens is closed: the sheet covers the map's lower half, and what it leaves under the
  // buttons is shorter than a popup, whose title and code went under the buttons (a trial: "Lớp bản đồ" tapped
  // with a project found by the search open).
  function followSheet() {
    if (!phone) { return; }
    var room = sheetRoom();
    if (room.sheet) { map.closePopup(); }
    var shift = room.sheet ? Math.max(0, Math.round((room.sheet - room.covered) / 2)) : 0;
    var by = shift - sheetShift;
    sheetShift = shift;  // before the move: the address written on moveend is the view without the sheet
    if (by) { map.panBy([0, by], { animate: false }); }
  }

  // A filter's chip (its box) for a code, null when the page lists none (a kind with no project yet, a code unknown).
  function chipOf(box, code) { return box && box.querySelector('input[value="' + CSS.escape(code) + '"]'); }
  // A code's chip label, or its name when the page lists no chip for it.
  function chosenLabel(box, field, code) {
    var input = chipOf(box, code);
    return input ? input.parentNode.textContent.trim() : (cfg.labels[field] || {})[code] || code;
  }
  // Each filter's line names what it chose (or how many, when the names would not fit); the badge beside the date
  // names every filter chosen, so that a folded drawer still says what the map shows. Labels are parted by ";" and
  // filters by "·": labels have commas of their own ("Quá hạn, chưa xong" read as two filters).
  function describeChosen() {
    var all = [];
    document.querySelectorAll(".georeg-filter").forEach(function (box) {
      var field = box.dataset.filter;
      var labels = state[field].map(function (code) { return chosenLabel(box, field, code); });
      var named = labels.join("; ");
      box.querySelector(".chosen").textContent = labels.length === 0 ? ONE_CHOICE[field] || T.all :
        labels.length === 1 || named.length <= 40 ? named : labels.length + " " + T.chosen;
      if (labels.length) { all.push(badgeLabels(field, labels).join("; ")); }
    });
    var badge = document.getElementById("georeg-filtered");
    var text = all.join(" · ");
    var room = 60;  // the badge stays on one line (a tap on it opens the filters, each named there)
    badge.textContent = T.chosen_filters + ": " + (text.length > room ? text.slice(0, room - 1) + "…" : text);
    badge.title = text;
    badge.hidden = !all.length;
    showMatched();
  }
  // A filter's choices as the badge names them, without their heading: a province by its name alone (its chip says
  // what the 2025 reform made of it too), "no report for 6 months" whole (its chip, "6 months", says it under its
  // heading only).
  function badgeLabels(field, labels) {
    if (field === "province") { return state.province.map(provinceName); }
    if (field === "no_report_months") { return [T.no_report_for.replace("{n}", state.no_report_months[0])]; }
    return labels;
  }
  // A province by its name alone: its chip also says what the 2025 reform made of it, too long for a title or badge.
  function provinceName(code) {
    var unit = cfg.choices.provinces.filter(function (u) { return u.code === code; })[0];
    return unit ? unit["name_" + cfg.lang] || unit.name_vi : code;
  }
  // The title of /progress and the tab's (of the map too) name the former districts or communes chosen (as their
  // chips do, with their boundaries' dates), else the provinces, whose units alone are coloured; as the printed
  // sheet's title does, the units rather than both. With none chosen, the page's name alone: the map's tab read
  // "Bạc Liêu, Trà Vinh", provinces the 2025 boundaries it shows have merged into others (trial 64).
  function nameTitle() {
    var heading = document.querySelector(".georeg-title h1");
    var units = chosenUnits();
    var names = units.length ? units.map(unitWords).join(", ") : titledProvinces();
    var titled = heading ? T.progress_title_of : T.title_of;
    document.title = names ? titled.replace("{provinces}", names) : cfg.title;
    if (heading) { heading.textContent = document.title; }
  }
  // The provinces chosen as the printed sheet's title names them (maps.map_export._titled_provinces): on the former
  // boundaries a 2025 province by the former ones the registry holds in it, those coloured, and those ended by the
  // day shown with what they are part of now: "Bạc Liêu (nay thuộc Cà Mau)", where the page said "Cà Mau" over former
  // Bạc Liêu and its sheet the former (trial 63). By their own names in either language, as the sheet writes them: the
  // English tab read "Bạc Liêu Province (now in Cà Mau Province)" beside the Vietnamese "Bạc Liêu (nay thuộc Cà Mau)"
  // and the English sheet's "Bạc Liêu (now in Cà Mau)" (trial 65, F20).
  function titledProvinces() {
    var byCode = {};
    cfg.choices.provinces.forEach(function (u) { byCode[u.code] = u; });
    var codes = [];
    state.province.forEach(function (code) {
      var unit = byCode[code];
      var former = state.scheme === "pre2025" && unit && unit.scheme === "2025" ? unit.formerly || [] : [];
      (former.length ? former : [code]).forEach(function (c) { if (codes.indexOf(c) < 0) { codes.push(c); } });
    });
    var chosen = codes.filter(function (c) { return byCode[c]; }).map(function (c) { return byCode[c]; });
    var names = chosen.length ? chosen.map(function (u) { return u.name_vi; }).join(", ") : codes.join(", ");
    var day = state.as_of || vietnamDay();
    var ended = chosen.filter(function (u) { return u.valid_to && u.valid_to < day && u.now_in_vi; });
    if (!chosen.length || ended.length < chosen.length) { return names; }
    var nowIn = [];
    ended.forEach(function (u) {
      if (nowIn.indexOf(u.now_in_vi) < 0) { nowIn.push(u.now_in_vi); }
    });
    return names + " (" + T.province_now_in.replace("{name}", nowIn.join(", ")) + ")";
  }
  // On a phone the title (of /progress) sits under the toolbar, whose rows (buttons, date, filters chosen) vary: so
  // many pixels down the map, whose top corner holds it. On a desktop the toolbar's badges wrap short of the title's
  // box, in the top right corner (trial 73: the title covered "Đang lọc: Bạc…", the filters chosen).
  function placeTitle() {
    var title = document.querySelector(".georeg-title");
    if (!title) { return; }
    var toolbar = document.querySelector(".georeg-toolbar");
    if (phone) {
      title.style.top = toolbar.getBoundingClientRect().bottom - map.getContainer().getBoundingClientRect().top + 6 + "px";
    } else {
      toolbar.style.maxWidth = title.getBoundingClientRect().left - toolbar.getBoundingClientRect().left - 8 + "px";
    }
  }
  // The progress figures count every project whatever status, schedule or latest report is chosen (PROGRESS_FILTERS);
  // the provinces chosen keep their units.
  function progressIgnores() { return isShown("progress") && filtersProgressIgnores(); }
  function filtersProgressIgnores() {
    return state.status.length + state.schedule.length + state.no_report_months.length > 0;
  }
  // An export is fetched, not followed: the page says it is being prepared (a province's spreadsheet takes 20 s,
  // in which a link did nothing visible, trial 48), then saves it under the server's name, or says why not.
  var exporting = false;
  ["geojson", "xlsx", "gpkg", "shp"].forEach(function (format) {
    document.getElementById("georeg-export-" + format).addEventListener("click", download);
  });
  function download(event) {
    var link = event.currentTarget;
    event.preventDefault();
    if (exporting) { return; }  // one at a time: a second tap while the first is prepared does not ask again
    exporting = true;
    say(T.export_preparing.replace("{name}", link.dataset.name || link.textContent));
    fetchFile(link.href, function (saved, problem) {
      say(saved ? T.export_ready.replace("{name}", saved) : T.export_failed.replace("{detail}", problem));
    }).then(function () { exporting = false; });
  }
  // Fetches a file and saves it under the server's name, then tells ``done`` its name, or (null and) why not: the
  // server's reason, or that it could not be reached. Also the "Export map" panel's (map_export.js).
  function fetchFile(url, done) {
    return fetch(url, { headers: { "Accept-Language": cfg.lang } }).then(function (response) {
      if (!response.ok) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          var detail = typeof body.detail === "string" ? body.detail :
            (body.detail || []).map(function (d) { return d.msg || d; }).join("; ");
          done(null, detail || "HTTP " + response.status);
        });
      }
      return response.blob().then(function (blob) {
        var saved = document.createElement("a");
        saved.href = URL.createObjectURL(blob);
        saved.download = fileNamed(response.headers.get("Content-Disposition"));
        document.body.appendChild(saved);
        saved.click();
        saved.remove();
        setTimeout(function () { URL.revokeObjectURL(saved.href); }, 60000);
        done(saved.download);
      });
    }).catch(function () { done(null, T.export_offline); });
  }
  // The file's name the server gives (RFC 6266: filename*=UTF-8''… when it is not ASCII, else filename="…").
  function fileNamed(disposition) {
    var utf8 = /filename\*=UTF-8''([^;]+)/i.exec(disposition || "");
    if (utf8) { return decodeURIComponent(utf8[1]); }
    var plain = /filename="?([^";]+)"?/i.exec(disposition || "");
    return plain ? plain[1] : "projects";
  }
  function syncLinks() {
    var own = new URLSearchParams(query(FILTERS.concat(["as_of", "weight"])));
    if (state.scheme !== defaultScheme) { own.set("scheme", state.scheme); }
    if (state.period) { own.set("period", state.period); }
    Object.keys(state.years).forEach(function (id) { own.set(id + "_year", state.years[id]); });
    own.set("layers", Object.keys(overlays).filter(isShown).join(","));
    own.set("view", viewNow());
    var other = new URLSearchParams(own);
    own.set("lang", cfg.lang);
    other.set("lang", cfg.lang === "vi" ? "en" : "vi");
    window.history.replaceState(null, "", "?" + own.toString());
    document.getElementById("georeg-lang").href = "?" + other.toString();
    var chosen = FILTERS.concat(["as_of"]);  // the projects the filters choose, for a GIS or a spreadsheet
    // the same projects for a GIS: GeoJSON, GeoPackage, zipped shapefile (trial 71: the GeoPackage was every project)
    ["geojson", "gpkg", "shp"].forEach(function (format) {
      document.getElementById("georeg-export-" + format).href = withQuery("/api/exports/projects." + format, chosen);
    });
    var sheet = new URLSearchParams(query(chosen));
    sheet.set("lang", cfg.lang);  // the spreadsheet's headings and place names in the page's language
    sheet.set("sheet", "report");  // first the sheet for a report (km, ha, one language), the data sheet after
    document.getElementById("georeg-export-xlsx").href = "/api/exports/projects.xlsx?" + sheet.toString();
    var box = document.getElementById("georeg-date-box");
    if (document.activeElement !== box) { box.value = state.as_of ? shownDate(state.as_of) : ""; }
    describeChosen();
    nameTitle();
    var titleDate = document.getElementById("georeg-title-date");
    if (titleDate) { titleDate.textContent = T.as_of + ": " + asOfWords(state.as_of); }
    var titleFilters = document.getElementById("georeg-title-filters");
    if (titleFilters) { titleFilters.textContent = T.progress_filters_ignored; titleFilters.hidden = !progressIgnores(); }
    var titleOff = document.getElementById("georeg-title-off");  // the title over another layer's colours
    if (titleOff) { titleOff.hidden = isShown("progress") || progressWaits; }
    placeTitle();
    var otherScheme = state.scheme === "2025" ? "pre2025" : "2025";
    var otherButton = document.getElementById("georeg-other-scheme");
    otherButton.textContent = T.other_scheme[otherScheme];  // "Ranh giới cũ", its dates in its title
    otherButton.title = T["scheme_" + otherScheme];
    otherButton.dataset.scheme = otherScheme;
    sayDayBeforeScheme(otherScheme);
    var badge = document.getElementById("georeg-as-of");  // the title of /progress says the date instead
    badge.textContent = T.as_of + ": " + asOfWords(state.as_of);
    badge.classList.toggle("past", !!state.as_of);
    badge.hidden = !!titleDate;
  }
  // A day before the boundaries drawn came into force (the 2025 communes on 30/06/2025, trial e8: drawn with nothing
  // said) is said over the map, the boundaries in force that day a tap away; not switched by itself (docs/design.md).
  function sayDayBeforeScheme(other) {
    var start = cfg.schemes.starts[state.scheme], otherStart = cfg.schemes.starts[other];
    var before = !!state.as_of && !!start && state.as_of < start && (!otherStart || otherStart <= state.as_of);
    var line = document.getElementById("georeg-day-scheme");
    line.hidden = !before;
    if (!before) { return; }
    var day = writtenDate(state.as_of);
    line.firstChild.textContent = T.day_before_scheme.replace("{day}", day).replace("{start}", writtenDate(start));
    line.lastChild.textContent = T.day_scheme_button.replace("{day}", day);
    line.lastChild.dataset.scheme = other;
  }
  // A unit's popup waits for the figures last asked for (progressIn): opened between a new weight's choice and its
  // figures, it said the count's figures as the budget's ("Vốn 2,5 tỷ đồng", the projects' parts; CI). Figures of an
  // earlier choice coming after a later one's are dropped, and a popup waiting through a second choice waits for it.
  var progressAsked = 0;
  var progressIn = Promise.resolve();
  function withFigures(then) {
    var waited = progressIn;
    function done() { if (progressIn === waited) { then(); } else { withFigures(then); } }
    waited.then(done, done);
  }
  function refreshProgress() {
    var q = new URLSearchParams(query(PROGRESS_FILTERS.concat(["as_of", "weight"])));
    q.set("scheme", state.scheme);
    var asked = ++progressAsked;
    progressIn = drawnOnce(fetch("/api/progress?" + q.toString()).then(function (r) { return r.json(); }).then(function (body) {
      if (asked !== progressAsked) { return; }
      progressFigures = {};
      (body.units || []).forEach(function (u) { progressFigures[u.code] = u; });
      showTable(body.units || [], body.totals || [], q);
      showSharesState(body.shares);
      var unitsId = cfg.progress.units[state.scheme];
      if (progressWaits) {
        progressWaits = false;
        useTiles(overlays.progress, unitsId, true);
        overlays.progress.addTo(map);
        unitsClickable();
        renderLegend();
        syncLinks();
        placeNames();
      } else {
        useTiles(overlays.progress, unitsId, !map.hasLayer(overlays.progress));
      }
    }));
    return progressIn;
  }
  // On /progress the units' figures as a table under the map, the rows the colours are drawn from, and the files of
  // them (trial 57: a planner copied "Huyện Duyên Hải 53,3 %" off the popups one by one for the ministry). The map
  // leaves a strip at the screen's foot for the table's heading, which scrolls the page up to it.
  function progressTable() {
    var table = document.getElementById("georeg-progress-table");
    if (!table) {
      table = document.createElement("section");
      table.id = "georeg-progress-table";
      map.getContainer().classList.add("georeg-with-table");
      map.getContainer().parentNode.insertBefore(table, map.getContainer().nextSibling);
      map.invalidateSize();
    }
    return table;
  }
  function unitLabel(u) {  // "Huyện Càng Long" (the bare name reads as the province), "Càng Long District"
    return cfg.lang === "en" && u.name_en ? u.name_en : [u.unit_type_vi, u.name_vi].filter(Boolean).join(" ");
  }
  // A unit's mean "52,5 (minh họa)" as the unit's page and its sheet mark a figure counting demonstration statuses
  // (trial 65); the mark may go under the figure, as on a phone it stood past the screen's edge (the server marks
  // figures only: a unit with none is never marked).
  function demoMarked(u) {
    var figure = percent(u.progress_percent);
    if (!u.progress_is_demo) { return figure; }
    var mark = T.progress_table_demo.split("{figure}");
    return esc(mark[0]) + figure + ' <span class="demo-mark">' + esc(mark[1].trim()) + "</span>";
  }
  // Each province's units, then its total: the parts add up to its count (a project across two units counts in each,
  // so the projects' column does not add up and its total is left blank), the mean of its units taken together.
  function showTable(units, totals, q) {
    if (cfg.focus !== "progress") { return; }
    var table = progressTable();
    var files = new URLSearchParams(q);
    files.set("lang", cfg.lang);
    var weight = state.weight && state.weight !== "count" ? cfg.labels.weight[state.weight] : "";
    var weighed = weight.charAt(0).toUpperCase() + weight.slice(1);  // a heading: "Vốn (tỷ đồng)"
    var numbers = [T.projects, T.progress_table_part, T.progress_table_mean + " (%)"].concat(weighed ? [weighed] : []);
    var head = "<th>" + esc(T.progress_table_unit) + '</th><th class="code">' + esc(T.code) + "</th>" +
      numbers.map(function (n) { return '<th class="n">' + esc(n) + "</th>"; }).join("");
    var row = function (u, label, total) {
      var figures = [total ? "" : num(u.projects), part(u.project_share_sum), demoMarked(u)]
        .concat(weighed ? [num(u.weight_total)] : []);
      return "<tr" + (total ? ' class="total"' : "") + '><th scope="row">' + esc(label) + '</th><td class="code">' +
        esc(u.code || "") + "</td>" + figures.map(function (f) { return '<td class="n">' + f + "</td>"; }).join("") +
        "</tr>";
    };
    var groups = totals.map(function (total) {
      var mine = units.filter(function (u) { return total.code == null || u.province_code === total.code; });
      var label = total.code == null ? T.progress_table_all.replace("{n}", num(total.units))
        : T.progress_table_total.replace("{unit}", unitLabel(total)).replace("{n}", num(total.units));
      return "<tbody>" + mine.map(function (u) { return row(u, unitLabel(u), false); }).join("") +
        row(total, label, true) + "</tbody>";
    });
    var link = function (fmt, label) {
      return '<a id="georeg-table-' + fmt + '" href="/api/progress/table.' + fmt + "?" + files.toString() + '">' +
        label + "</a>";
    };
    var scrolled = table.querySelector(".scroll"), across = scrolled ? scrolled.scrollLeft : 0;  // kept: redrawn for
    // others' reports too (askChanges), a phone's table scrolled sideways stays where the reader had it
    table.innerHTML = '<h2><a href="#georeg-progress-table">' + esc(T.progress_table.replace("{n}", units.length)) +
      '</a></h2><p class="files">' + esc(T.progress_table_files) + ": " + link("xlsx", "Excel") + " · " +
      link("csv", "CSV") + "</p>" + (units.length ? '<div class="scroll"><table><thead><tr>' + head + "</tr></thead>" +
      groups.join("") + '</table></div><p class="note">' + esc(T.progress_table_total_note) + "</p>" +
      (units.some(function (u) { return u.progress_is_demo; }) ?
        '<p class="note">' + esc(T.progress_table_demo_note) + "</p>" : "") :
      "<p>" + esc(T.progress_table_none) + "</p>");
    if (across && table.querySelector(".scroll")) { table.querySelector(".scroll").scrollLeft = across; }
  }
  // After a large load the new projects' shares are recomputed after its commit: say so, and look again until done.
  var sharesNote = "";
  var sharesPoll = null;
  function showSharesState(shares) {
    var was = sharesNote;
    sharesNote = shares && shares.state === "recomputing" ? shares["message_" + cfg.lang] : "";
    var titleNote = document.getElementById("georeg-title-note");
    if (titleNote) { titleNote.textContent = sharesNote; titleNote.hidden = !sharesNote; }
    if (was !== sharesNote) { renderLegend(); }
    clearTimeout(sharesPoll);
    if (sharesNote) { sharesPoll = setTimeout(refreshProgress, 10000); }
  }
  // The province-wide projects the filters choose (as of the date chosen), which the map cannot draw: the legend
  // counts them (it counted those of the kinds chosen, whatever the other filters: 8 where "past due" chose 4).
  // Under a filter, the legend lists the kinds and statuses of the projects drawn, as the printed sheet does (it
  // listed every kind under "past due", where four kinds had a late project).
  // The badge of the filters chosen counts the projects they choose (as of the date chosen), drawn or not: it named
  // "Past due, not finished" and nowhere said 16 (trial 50). One count in the same query, at 50,000 projects too.
  // While the count of a new choice is on its way, the badge says it is counting and the legend shows no figure:
  // 6 s after "Cống" was chosen among 100,000 projects, the only count shown was the former choice's "4 province-wide
  // projects match" (trial 54).
  var unlocated = { url: null, count: 0, filtered: false, drawn: null, matched: null, counting: false };
  function chosenUrl() { return withQuery("/tiles/projects/chosen.json", FILTERS.concat(["as_of"])); }
  function refreshUnlocated() {
    var url = chosenUrl();
    if (url === unlocated.url) { return; }
    unlocated.url = url;
    unlocated.matched = unlocated.drawn = null;
    unlocated.counting = true;
    showMatched();
    var asked = fetch(url).then(function (r) { return r.ok ? r.json() : null; }).catch(function () { return null; });
    drawnOnce(asked.then(function (body) {
      if (url !== unlocated.url) { return; }  // a newer choice asked meanwhile
      unlocated.counting = false;
      if (!body) { renderLegend(); showMatched(); return; }  // not counted: no figure rather than a wrong one
      unlocated.count = body.unlocated;
      unlocated.matched = body.matched;
      unlocated.filtered = query(FILTERS) !== "";
      unlocated.drawn = unlocated.filtered ? body.drawn : null;
      renderLegend();
      showMatched();
    }));
  }
  // "16 projects match" beside the filters' badge, once counted for the filters and date shown ("counting…" while
  // the count is on its way; hidden with no filter chosen).
  function showMatched() {
    var shown = document.getElementById("georeg-matched");
    var current = unlocated.url === chosenUrl();
    var known = current && unlocated.matched != null, counting = current && unlocated.counting;
    shown.hidden = !(known || counting) || document.getElementById("georeg-filtered").hidden;
    shown.classList.toggle("counting", counting);
    if (counting) {
      shown.textContent = T.counting;
    } else if (known) {
      var said = unlocated.matched === 1 ? T.matched_one : T.matched;
      shown.textContent = said.replace("{n}", numbers.format(unlocated.matched));
    }
    placeTitle();  // a phone's toolbar may have grown a row under which the title goes (it covered the badge)
  }
  var projectsUrl = null;
  // ``written``: for others' edits (refreshWritten), not the reader's choice: an open popup stays open.
  function apply(written) {
    // setUrl reloads every tile: only when the projects' query really changed (no second fetch on arrival).
    var url = tileUrl("projects");
    if (projectsUrl !== null && url !== projectsUrl) {
      useTiles(overlays.projects, "projects");
      if (!written) { map.closePopup(); }  // it told the status (and a unit's progress) of the former date or filters
    }
    projectsUrl = url;
    syncLinks();
    refreshUnlocated();  // first: the legend drawn next knows the count is on its way
    renderLegend();
    refreshNames();
    return refreshProgress();
  }
  // What others do (a status report, a load) shows without reloading the page: every minute while the page is seen,
  // and as soon as it is seen again (its tab chosen), the layers' versions are asked again; a layer written since is
  // redrawn, and with the projects their names and the progress figures.
  var REFRESH_MS = 60000;
  function refreshWritten() {
    return Promise.all(tileLayerIds.map(readTileTemplate)).then(function (changed) {
      tileLayerIds.forEach(function (id, i) {
        if (changed[i] && id !== "projects" && overlays[id]) {
          useTiles(overlays[id], id, !map.hasLayer(overlays[id]));
        }
      });
      if (changed[tileLayerIds.indexOf("projects")]) {
        projectNames.url = unlocated.url = null;
        return apply(true);
      }
      return null;
    });
  }
  setInterval(function () { if (!document.hidden) { refreshWritten(); } }, REFRESH_MS);
  document.addEventListener("visibilitychange", function () { if (!document.hidden) { refreshWritten(); } });
  // A project changed by someone else shows within seconds, said by name (trial: a planner's /progress and map showed
  // a field officer's three reports only at the minute's refresh, and never said which project had changed). Every
  // cfg.changes.every_ms while the page is seen (the setting changes_poll_seconds), one small request asks which
  // projects changed since the projects' version the page holds (/api/changes/projects: one row read when none did);
  // when some did, the layers are read again, and the notice under the buttons names them, linked to their pages,
  // until tapped away. An open popup stays open; a changed project's, or a unit's, is told anew.
  var changesSeen = cfg.changes.version, askingChanges = false;
  var news = { rows: [], others: 0, reloaded: null, at: null };
  var NEWS_NAMED = phone ? 3 : 5;  // five names took a third of a phone's screen; the rest are counted
  function askChanges() {
    if (askingChanges || document.hidden) { return; }
    askingChanges = true;
    // the map's filters, all of them: the changes it shows are named, the others counted apart (trial s71)
    var filters = query(FILTERS);
    fetch("/api/changes/projects?after=" + changesSeen + (filters ? "&" + filters : "")).then(function (r) { return r.ok ? r.json() : null; })
      .then(function (body) {
        if (!body || body.version === changesSeen) { return null; }
        changesSeen = body.version;
        tellNews(body);
        var ids = body.projects.map(function (p) { return p.project_id; });
        return refreshWritten().then(function () {
          if (shownPopup && map.hasLayer(shownPopup) && shownPopup.georegRetell) { shownPopup.georegRetell(ids); }
        });
      })
      .catch(function () { return null; })
      .then(function () { askingChanges = false; });
  }
  setInterval(askChanges, cfg.changes.every_ms);
  document.addEventListener("visibilitychange", askChanges);
  // The changes that came since the notice was last tapped away are said together, the latest first.
  function tellNews(body) {
    if (newsBox.hidden) { news = { rows: [], others: 0, outside: 0, reloaded: null, at: null }; }
    var ids = body.projects.map(function (p) { return p.project_id; });
    news.rows = body.projects.concat(news.rows.filter(function (p) { return ids.indexOf(p.project_id) < 0; }));
    news.others += body.count - body.projects.length + body.unlisted;
    news.outside += body.outside || 0;
    if (body.reloaded) { news.reloaded = new Date().toISOString(); news.load = body.load || null; }
    if (body.projects.length) { news.at = body.projects[0].changed_at; }
    else if (!body.reloaded) { news.at = new Date().toISOString(); }  // projects without a site: counted, not named
    showNews();
  }
  // "2 thay đổi mới lúc 14:05: Khu xử lý rác thải Châu Hưng — Đang thi công, 45 %; …", each name linked to its page.
  // A map of a past day says the changes came after it, their statuses today's and not drawn (it gave them as if they
  // stood on the map), with a button to show today's map.
  function showNews() {
    var named = news.rows.slice(0, NEWS_NAMED), others = news.others + news.rows.length - named.length;
    var n = named.length + others, time = news.at && clockOf(news.at);
    var said = named.map(function (p) {
      var now = p.retired ? T.news_retired : (cfg.labels.status[p.status] || p.status) + ", " + percent(p.percent) +
        " %";
      return link("/projects/" + p.project_id + "?lang=" + cfg.lang, name(p)) + " — " + esc(now);
    }).concat(others ? [esc(T.news_others.replace("{n}", num(others)))] : []);
    var reloaded = news.reloaded ? reloadTold() + " " : "";
    var outside = news.outside ? esc((n ? T.news_outside : T.news_outside_only).replace("{n}", num(news.outside))
      .replace("{time}", time)) + " " : "";
    newsBox.innerHTML = reloaded +
      (n ? "<b>" + esc((n === 1 ? T.news_one : T.news_many).replace("{n}", num(n)).replace("{time}", time)) +
        "</b> " + said.join("; ") + ". " : "") + outside +
      (state.as_of && n ? esc((n === 1 ? T.news_past_one : T.news_past).replace("{day}", writtenDate(state.as_of))) +
        ' <button type="button" data-show-today>' + esc(T.news_show_today) + "</button> " : "") +
      link("/changes?lang=" + cfg.lang, T.news_all);
    newsBox.hidden = false;
    placeTitle();  // under it, on a phone's /progress
  }
  // "The projects were loaded again at 14:05 (load 12, du_an_q4.gpkg, Nguyễn Văn An)", the load linked to /changes:
  // a planner whose map redrew could not tell whose file it was (trial s72).
  function reloadTold() {
    var load = news.load;
    if (!load) { return esc(T.news_reloaded.replace("{time}", clockOf(news.reloaded))); }
    var who = load.loaded_by || T.news_command_line;
    return esc(T.news_reloaded_load.replace("{time}", clockOf(load.at)).replace("{job}", String(load.job))
      .replace("{file}", load.file).replace("{who}", who));
  }
  // A moment as Vietnam's clock says it, "14:05", with its day when not today ("14:05 05/12/2026").
  var clock = new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Ho_Chi_Minh", hour: "2-digit", minute: "2-digit",
                                                  hourCycle: "h23" });
  function clockOf(iso) {
    var at = new Date(iso);
    var day = vietnamDay(at);
    return clock.format(at) + (day === vietnamDay() ? "" : " " + writtenDate(day));
  }
  document.querySelectorAll(".georeg-filter").forEach(function (box) {
    box.addEventListener("change", function (e) {
      var field = box.dataset.filter;
      var boxes = box.querySelectorAll("input");
      if (e.target.value === "" || !box.querySelector("input[value]:not([value='']):checked")) {
        boxes.forEach(function (b) { b.checked = b.value === ""; });
        state[field] = [];
      } else {
        boxes[0].checked = false;
        state[field] = Array.prototype.filter.call(boxes, function (b) { return b.value && b.checked; })
          .map(function (b) { return b.value; });
      }
      apply();
      if (field === "unit") { drawChosenOutline(); }
      if (field === "province" || field === "unit") { narrowUnits(); frameChosen(); }
    });
  });
  // The units listed are those of the provinces chosen, each lying where the province filter reads it (trial 73: with
  // Bạc Liêu chosen the list offered Trà Vinh's districts and Vĩnh Long's communes too); one chosen before stays
  // listed and ticked, said under the list, until it is unticked (nothing chosen is dropped silently).
  var unitsOutside = document.createElement("div");
  unitsOutside.id = "georeg-units-outside";
  unitsOutside.className = "note";
  document.getElementById("georeg-filter-unit").appendChild(unitsOutside);
  function narrowUnits() {
    var box = document.getElementById("georeg-filter-unit"), outside = [];
    (ch.units || []).forEach(function (u) {
      var input = chipOf(box, u.code);
      var inside = !state.province.length || !u.provinces ||
        u.provinces.some(function (code) { return state.province.indexOf(code) >= 0; });
      input.parentNode.hidden = !inside && !input.checked;
      if (!inside && input.checked) { outside.push(input.parentNode.textContent.trim()); }
    });
    unitsOutside.textContent = outside.length ? T.unit_outside.replace("{units}", outside.join("; ")) : "";
    unitsOutside.hidden = !outside.length;
  }
  // The provinces (or the former district, the commune) chosen, framed (a planner choosing Bạc Liêu saw both
  // provinces, Bạc Liêu a fifth of a phone; one choosing Huyện Hoà Bình, both provinces: trial 46); on a
  // phone with the filters sheet open, in what it leaves under the buttons and badges (framed in the whole map, the
  // province was under the sheet), where followSheet expects the middle of the folded map to be.
  // Framed a quarter step at a time: whole steps left former Trà Vinh a third of a phone's width, its 2025 Vĩnh Long
  // round it white, as if the whole new province were framed (trial 57).
  function frameChosen() {
    var bounds = unitsBox(chosenUnits()) || chosenProvinces();  // a former district or commune chosen: framed on it
    framed = null;
    if (!bounds) { return; }
    var room = phone ? sheetRoom() : { sheet: 0 }, snap = map.options.zoomSnap;
    map.options.zoomSnap = 0.25;
    var frame = room.sheet ? { paddingTopLeft: [20, room.covered + 10], paddingBottomRight: [20, room.sheet + 10] }
                           : clearOfDrawersAndTitle();
    // known before the move, whose end places the names
    framed = { bounds: bounds,
               zoom: map.getBoundsZoom(bounds, false, L.point(frame.paddingTopLeft).add(frame.paddingBottomRight)) };
    map.fitBounds(bounds, L.extend({ animate: false }, frame));
    map.options.zoomSnap = snap;
  }
  // The map's room under the buttons (and a phone's title across its top), between a desktop's open drawers and left
  // of /progress's title box, in its top right corner under the layers (framed in the whole map, Cà Mau's coastal
  // wards went under it: trial 50).
  function clearOfDrawersAndTitle() {
    var clear = clearOfControls(), title = document.querySelector(".georeg-title");
    var right = clear.autoPanPaddingBottomRight[0], r = title && title.getBoundingClientRect();
    if (!phone && r && r.width) { right = Math.max(right, map.getContainer().getBoundingClientRect().right - r.left + 5); }
    return { paddingTopLeft: clear.autoPanPaddingTopLeft, paddingBottomRight: [right, 5] };
  }
  // The part of the map the reader sees, which "the part in view" prints: clear of the buttons and of a desktop's
  // drawers open at its sides (the whole map printed a commune framed between them small in a corner: trial e8), but
  // for ``skip`` (the export panel, opened over what was framed); on a phone as the screen showed it before an open
  // sheet moved the map up (followSheet).
  function seenBounds(skip) {
    var clear = clearOfControls(skip), size = map.getSize(), up = L.point(0, sheetShift);
    var topLeft = L.point(clear.autoPanPaddingTopLeft).subtract(up);
    var bottomRight = size.subtract(L.point(clear.autoPanPaddingBottomRight)).subtract(up);
    return L.latLngBounds(map.containerPointToLatLng(topLeft), map.containerPointToLatLng(bottomRight));
  }
  // The former districts and communes chosen (?unit=), as the filter offers them.
  function chosenUnits() {
    return (cfg.choices.units || []).filter(function (u) { return state.unit.indexOf(u.code) >= 0; });
  }
  // One as its chip, the title and the badge name it: "Huyện Hoà Bình (trước 01/07/2025)".
  function unitWords(u) { return name(u) + " (" + T.scheme_of_province[u.scheme] + ")"; }
  // The boundary of the units chosen, over the progress colours (a white casing under a dark line, as the legend
  // draws it) and catching no clicks. Each is read once from the OGC API's collection of its boundaries' units of its
  // level (a province's, a district's…), those the progress colours when its level is not said (a unit chosen, one
  // tapped on the progress overlay); none for a level the map has no layer of.
  var outlinesRead = {};  // collection and code → the promise of its GeoJSON feature (null: none)
  function outlineOf(u) {
    var collection = u.level ? "units_" + u.scheme + "_" + u.level : cfg.progress.units[u.scheme];
    if (tileLayerIds.indexOf(collection) < 0) { return Promise.resolve(null); }
    var key = collection + ":" + u.code;
    if (!outlinesRead[key]) {
      var items = "/ogc/collections/" + collection + "/items?code=" + encodeURIComponent(u.code);
      outlinesRead[key] = fetch(items).then(function (r) { return r.ok ? r.json() : null; })
        .then(function (body) { return (body && body.features[0]) || null; })
        .catch(function () { return null; });
    }
    return outlinesRead[key];
  }
  function drawOutline(feature, group) {
    [{ color: "#ffffff", weight: 7, opacity: 0.8 }, { color: cfg.chosen_outline, weight: 3.5, opacity: 1 }]
      .forEach(function (style) {
        L.geoJSON(feature, { pane: "chosen", interactive: false, style: L.extend({ fill: false }, style) })
          .addTo(group);
      });
  }
  function drawChosenOutline() {
    var chosen = state.unit.join(",");
    drawnOnce(Promise.all(chosenUnits().map(outlineOf)).then(function (features) {
      if (chosen !== state.unit.join(",")) { return; }  // another unit chosen since: its own call draws it
      chosenOutline.clearLayers();
      features.filter(Boolean).forEach(function (feature) { drawOutline(feature, chosenOutline); });
      renderLegend();
    }));
  }
  // A unit whose popup is open, found by the search or tapped on the map, is outlined as one the filter chose, until
  // its popup closes: a former district opened while the map draws the 2025 communes could not be told from the
  // communes round it (a trial), nor a province found by the search, nor a unit tapped from those round it (trials).
  var foundOutline = L.featureGroup().addTo(map);
  function outlineShown(popup, unit, scheme, level) {
    popup.once("remove", function () { foundOutline.clearLayers(); });
    drawnOnce(outlineOf({ scheme: scheme, code: unit.code, level: level }).then(function (feature) {
      if (feature && map.hasLayer(popup)) { drawOutline(feature, foundOutline); }
    }));
  }
  // The box of the provinces chosen (null for none): what the map frames, and a printed sheet of them. A 2025
  // province merging former ones the registry holds is framed on those, the part of it the registry has units of
  // (Cà Mau framed whole left former Bạc Liêu's communes small in a corner: trial 50).
  function chosenProvinces() {
    var chosen = cfg.choices.provinces.filter(function (u) { return state.province.indexOf(u.code) >= 0; });
    var held = chosen.map(function (u) {
      var former = cfg.choices.provinces.filter(function (f) { return u.formerly.indexOf(f.code) >= 0; });
      return former.length ? former : [u];
    });
    return unitsBox([].concat.apply([], held));
  }
  // The box holding the units (provinces, districts, communes) that have one.
  function unitsBox(units) {
    var boxes = units.filter(function (u) { return u.bbox; });
    if (!boxes.length) { return null; }
    return L.latLngBounds(boxes.map(function (u) { return [[u.bbox[1], u.bbox[0]], [u.bbox[3], u.bbox[2]]]; })
      .reduce(function (all, b) { return all.concat(b); }, []));
  }
  if (!view && (state.province.length || state.unit.length)) {
    nameTitle();  // framed clear of the title as wide as it will be, naming the provinces or units chosen
    frameChosen();
  } else if (!view && !phone) {
    frameOwnProvinces();
  }
  // A desktop's first view: both provinces, in the room the open drawers leave (their real size), as a phone's is
  // framed on them: the page's fixed opening view put Cà Mau's west under the filters (trial 69).
  function frameOwnProvinces() {
    var own = cfg.place_list.filter(function (p) { return p.level === "district" && !p.context; });
    if (!own.length) { return; }
    fitLegend();  // the legend at the height it takes, before its width is counted
    var clear = clearOfDrawersAndTitle(), names = L.point(60, 10);  // the districts' places: their names around them
    map.fitBounds(own.map(function (p) { return [p.lat, p.lon]; }), { animate: false,
      paddingTopLeft: L.point(clear.paddingTopLeft).add(names),
      paddingBottomRight: L.point(clear.paddingBottomRight).add(names) });
  }
  // On a desktop the first view is framed again as the legend widens with the layers that come (framed beside its
  // first rows, Vĩnh Long's south was under it: trial 69), until the reader touches the map or its buttons.
  if (!view && !phone) {
    reframeAsTheLegendWidens(state.province.length || state.unit.length ? frameChosen : frameOwnProvinces);
  }
  function reframeAsTheLegendWidens(frame) {
    var width = legendBox.offsetWidth;
    var widens = new ResizeObserver(function () {
      if (legendBox.offsetWidth !== width && !legendBox.classList.contains("folded")) {
        width = legendBox.offsetWidth;
        frame();
      }
    });
    widens.observe(legendBox);
    ["pointerdown", "wheel", "keydown"].forEach(function (type) {
      map.getContainer().addEventListener(type, function () { widens.disconnect(); }, { once: true });
    });
  }
  // Another boundary scheme for the progress: the units' layers shown follow it (the provinces of 2025 for those
  // before the reform, communes for districts), so the map's outlines and names are those of the units it colours.
  var LEVEL_IN = { "2025": { province: "province", district: "commune" },
                   pre2025: { province: "province", commune: "district" } };
  var schemeSelect = document.getElementById("georeg-scheme");
  var switchingScheme = false;
  schemeSelect.addEventListener("change", function (e) {
    switchingScheme = true;
    state.scheme = e.target.value;
    drawContext();
    Object.keys(overlays).forEach(function (id) {
      var m = UNITS_LAYER.exec(id);
      if (!m || m[1] === state.scheme || !map.hasLayer(overlays[id])) { return; }
      var twin = overlays["units_" + state.scheme + "_" + (LEVEL_IN[state.scheme][m[2]] || m[2])];
      map.removeLayer(overlays[id]);
      if (twin) { twin.addTo(map); }
    });
    switchingScheme = false;
    apply();
  });
  // The other boundaries a tap away, in the toolbar (the choice above is down the filters' drawer), and those in
  // force on the map's day when it is before the ones drawn (sayDayBeforeScheme).
  ["georeg-other-scheme", "georeg-day-scheme"].forEach(function (id) {
    document.getElementById(id).addEventListener("click", function (e) {
      if (!e.target.dataset.scheme) { return; }
      schemeSelect.value = e.target.dataset.scheme;
      schemeSelect.dispatchEvent(new Event("change"));
    });
  });
  // And the other way: units of one scheme alone ticked in the layers list make it the map's (its neighbours,
  // names and progress), so that 2025 outlines are not drawn over the former provinces' names.
  map.on("overlayadd overlayremove", function () {
    if (switchingScheme) { return; }
    var shown = { pre2025: false, "2025": false };
    Object.keys(overlays).forEach(function (id) {
      var m = UNITS_LAYER.exec(id);
      if (m && map.hasLayer(overlays[id])) { shown[m[1]] = true; }
    });
    var only = shown["2025"] === shown.pre2025 ? null : shown["2025"] ? "2025" : "pre2025";
    if (only && only !== state.scheme) {
      schemeSelect.value = only;
      schemeSelect.dispatchEvent(new Event("change"));
    }
  });
  // Another weight: the count, the default, is left out of the address.
  document.getElementById("georeg-weight").addEventListener("change", function (e) {
    state.weight = e.target.value === "count" ? "" : e.target.value;
    map.closePopup();  // it told the progress weighed the former way
    apply();
  });
  var slider = document.getElementById("georeg-date");
  var dateBox = document.getElementById("georeg-date-box");
  var dateProblem = document.getElementById("georeg-date-problem");
  function setDate(iso) {
    dateProblem.hidden = true;
    state.as_of = iso && dayOf(iso) < days ? iso : "";
    slider.value = dayOf(state.as_of);
    apply();
  }
  slider.addEventListener("input", function () { dateBox.value = shownDate(isoOf(+slider.value)); });
  slider.addEventListener("change", function () { setDate(+slider.value >= days ? "" : isoOf(+slider.value)); });
  dateBox.addEventListener("change", function () {
    if (!dateBox.value.trim()) { setDate(""); return; }
    var iso = parseDate(dateBox.value);
    if (!iso) {  // a day the calendar has not (31/6) is said so: the day was typed as asked
      var shaped = /^\s*\d{1,2}[\/.\-]\d{1,2}[\/.\-]\d{4}\s*$/.test(dateBox.value);
      dateProblem.textContent = shaped ? T.no_such_day.replace("{day}", dateBox.value.trim()) : T.date_problem;
      dateProblem.hidden = false;
      return;
    }
    setDate(iso);
    var told = outsideReports(iso);
    dateProblem.textContent = told;
    dateProblem.hidden = !told;
  });
  // What a date before the first report, or still to come, shows ("" for a date within the reports).
  function outsideReports(iso) {
    return iso < ch.first_date ? T.date_before_first.replace("{first}", writtenDate(ch.first_date)) :
      dayOf(iso) >= days ? T.date_future : "";
  }
  document.getElementById("georeg-now").addEventListener("click", function () { setDate(""); });
  // While the choropleth is shown it answers clicks on its units: the unit layers under it (the province outline
  // on /progress) catch none, even while its tiles are redrawn for new figures.
  function unitsClickable() {
    map.getContainer().classList.toggle("georeg-progress-shown", map.hasLayer(overlays.progress));
  }
  // Layers that colour areas by class (progress, salinity, forest) are shown one at a time: their colours over
  // each other cannot be read, and a click would reach the top one only. Turning one on turns the other off, said.
  function oneAreaFill(on, off) {
    return T.one_area_fill.replace("{off}", named[off].title).replace("{on}", named[on].title);
  }
  map.on("overlayadd", function (e) {
    var on = Object.keys(overlays).filter(function (id) { return overlays[id] === e.layer; })[0];
    if (AREA_FILLS.indexOf(on) < 0) { return; }
    AREA_FILLS.forEach(function (off) {
      if (off !== on && overlays[off] && map.hasLayer(overlays[off])) {
        // after the layers control has handled the click, so that it unticks the layer turned off
        setTimeout(function () { map.removeLayer(overlays[off]); });
        say(oneAreaFill(on, off));
      }
    });
  });
  map.on("overlayadd overlayremove", function () { renderLegend(); syncLinks(); refreshNames(); unitsClickable(); });
  map.on("moveend", syncLinks);  // the view in the address and the language link

  var searchBox = document.getElementById("georeg-search");
  var results = document.getElementById("georeg-search-results");
  var pending = null;
  function showPlace(place) {
    // a project's name until its own popup comes; a unit's popup as a click on it gives (showUnit: its progress)
    var html = "<b>" + esc(name(place)) + "</b><br>" + link("/projects/" + place.id + "?lang=" + cfg.lang,
                                                             T.open_project);
    if (!place.bbox) {  // a project with no site (a unit has its outline): said where the results were
      // the popup of the place found before closes: two projects' details at once read as one (trial 68)
      map.closePopup();
      var said = function (h) { results.innerHTML = "<div>" + h + "</div>"; };
      said(html);
      foundProject(place.id, said);
      return;
    }
    if (phone) { setOpen("georeg-filters", false); followSheet(); }
    var b = place.bbox, unit = place.type !== "project";
    // framed in the part of the map the drawers leave; a unit's popup opens at its top edge, the unit framed under
    // it (at its centre the popup hid half of a province's outline on a phone): room for a popup, then for its own
    var frame = function (room) {
      var clear = clearOfControls();
      map.fitBounds([[b[1], b[0]], [b[3], b[2]]], { maxZoom: 14,
        paddingTopLeft: L.point(clear.autoPanPaddingTopLeft).add([0, room]),
        paddingBottomRight: clear.autoPanPaddingBottomRight });
    };
    frame(unit ? UNIT_POPUP_ROOM : 0);
    if (unit) {
      showUnit({ latlng: [b[3], (b[0] + b[2]) / 2] }, place, place.scheme, place.level, function (popup) {
        frame(popupRoom(popup));
      });
      return;
    }
    var centre = { latlng: [(b[1] + b[3]) / 2, (b[0] + b[2]) / 2] };
    var popup = retoldProject(openPopup(centre, html), place.id);
    foundProject(place.id, function (h) { if (map.hasLayer(popup)) { popup.setContent(h); } });
  }
  // The height a popup takes above the point it opens at (its tip's included): a province's, before one is open.
  var UNIT_POPUP_ROOM = 150;
  function popupRoom(popup) {
    var top = popup.getElement().getBoundingClientRect().top - map.getContainer().getBoundingClientRect().top;
    return Math.ceil(map.latLngToContainerPoint(popup.getLatLng()).y - top);
  }
  var SHOWN_FOUND = 10;
  var found = [];  // the places listed for the box's text; null while they are looked up
  var firstWanted = false;  // Enter was pressed before they came: the first opens when they do
  // The text in the box wins: an answer for an earlier text is not listed, come before or after the next search is
  // sent (typed fast, an older answer replaced a newer one's list, or listed places under a box emptied since), and
  // its request is given up (AbortController), which spares the server a search of 100,000 projects for nothing.
  var asked = 0;  // counts the texts typed
  var searching = null;  // the search on its way
  function openFirst() {
    firstWanted = false;
    if (found && found.length) { searchBox.blur(); showPlace(found[0]); }  // a phone's keyboard off the map
  }
  function search() {
    pending = null;
    if (!searchBox.value.trim()) { results.innerHTML = ""; found = []; firstWanted = false; return; }
    var mine = asked;
    searching = new AbortController();
    // one more than shown: whether there are more than SHOWN_FOUND, said under them
    fetch("/api/search?limit=" + (SHOWN_FOUND + 1) + "&q=" + encodeURIComponent(searchBox.value) +
          (state.as_of ? "&as_of=" + state.as_of : ""), { signal: searching.signal })  // the status of the map's date
      .then(function (r) { return r.json(); })
      .then(function (body) {
        if (mine !== asked) { return; }
        found = body.results.slice(0, SHOWN_FOUND);
        listFound(body.results);
        if (firstWanted) { openFirst(); }
      })
      .catch(function () {});  // given up for a newer text, or no answer: nothing to list
  }
  // A unit's type, or "" where its name already says it (English names do: "Giá Rai Ward", "Bạc Liêu Province").
  function unitTypeUnnamed(place) {
    var type = cfg.labels.unit_type[place.unit_type_vi] || cfg.labels.level[place.level];
    return (" " + name(place)).toLowerCase().endsWith(" " + type.toLowerCase()) ? "" : type;
  }
  function listFound(places) {
    results.innerHTML = places.length ? "" : "<div>" + esc(T.no_results) + "</div>";
    places.slice(0, SHOWN_FOUND).forEach(function (place) {
      var row = document.createElement("div");
      // A unit says what it is (its own type: a town, a ward, not its level), where and of which boundaries:
      // "Đông Hải — Xã, Cà Mau, từ 01/07/2025"; its type once, in its name where an English name says it: "Giá Rai
      // Ward — Cà Mau Province, from 1 July 2025", "Bạc Liêu Province — before 1 July 2025" (it said "— Province").
      // A project its kind, province and status: "Đông Hải 1 — Điện gió, Trà Vinh, Đang vận hành"
      var province = cfg.lang === "vi" ? place.province_vi : place.province_en || place.province_vi;
      var status = cfg.labels.status[place.status] || (state.as_of ? T.no_report_by_then : "");
      var what = place.type === "project"
        ? [cfg.labels.kind[place.kind], province, status].filter(Boolean).join(", ")
        : [unitTypeUnnamed(place), province, T["units_" + place.scheme]].filter(Boolean).join(", ");
      row.textContent = name(place) + " — " + (what || "");
      row.addEventListener("click", function () { showPlace(place); });
      results.appendChild(row);
    });
    if (places.length > SHOWN_FOUND) {
      var more = document.createElement("div");
      more.className = "georeg-search-more";
      more.textContent = T.more_found.replace("{count}", SHOWN_FOUND);
      results.appendChild(more);
    }
  }
  searchBox.addEventListener("input", function () {
    clearTimeout(pending);
    asked += 1;
    if (searching) { searching.abort(); }
    found = null;
    pending = setTimeout(search, 250);
  });
  // Enter opens the first place found, as a tap on it does (it did nothing); typed quicker than the search, once the
  // places come. Not while a Vietnamese keyboard is still composing a letter.
  searchBox.addEventListener("keydown", function (e) {
    if (e.key !== "Enter" || e.isComposing) { return; }
    e.preventDefault();
    if (found) { openFirst(); return; }
    firstWanted = true;
    if (pending) { clearTimeout(pending); search(); }
  });

  FILTERS.forEach(function (field) {
    var box = document.querySelector('.georeg-filter[data-filter="' + field + '"]');
    state[field] = state[field].filter(function (code) {
      var known = chipOf(box, code) || (cfg.labels[field] || {})[code];
      // a status or schedule not known is said with the few words the map takes (trial 71: "status=xong" alone); the
      // kinds, a long list, are the chips of the Filters drawer
      var taken = field === "status" || field === "schedule" ? Object.values(cfg.labels[field]).join(", ") : "";
      if (!known) {
        leftOut.push(field + "=" + code + (taken ? " (" + T.address_taken.replace("{values}", taken) + ")" : ""));
      }
      return !!known;
    }).slice(0, field in ONE_CHOICE ? 1 : undefined);
  });
  // A date in the address outside the reports is said as a typed one is (a sent link of 2030 drew today's map).
  var addressDate = state.as_of ? outsideReports(state.as_of) : "";
  if (state.as_of && dayOf(state.as_of) >= days) { state.as_of = ""; }
  // What the boundaries drawn lack: no units in force today in the registry (the former ones drawn), or none for the
  // provinces chosen (drawn in the former ones), or none for some of its provinces (their projects over no commune).
  function schemeWords() {
    var names = function (codes) {
      return cfg.schemes.without.filter(function (p) { return !codes || codes.indexOf(p.code) >= 0; })
        .map(function (p) { return p.name; }).join(", ");
    };
    if (!cfg.schemes.in_registry && !schemeAsked) { return T.scheme_not_in_registry; }
    if (fallenBack) { return T.scheme_fallback.replace("{names}", names(provincesAsked)); }
    if (state.scheme === "2025" && cfg.schemes.without.length && !state.province.length) {
      return T.scheme_without.replace("{names}", names(null));
    }
    return "";
  }
  var zonePeriods = named.salinity_zones ? named.salinity_zones.periods : [];
  var periodUnknown = "";
  if (state.period && !zonePeriods.some(function (p) { return p.code === state.period; })) {
    periodUnknown = zonePeriods.length ? T.period_unknown.replace("{period}", state.period)
      .replace("{newest}", zonePeriods[0].label) : "";
    if (!zonePeriods.length) { leftOut.push("period=" + state.period); }
    state.period = "";
  }
  var schemeSaid = schemeWords();
  var rastersUnread = rastersUnreadable();
  var told = [leftOut.length ? T.address_problem.replace("{values}", leftOut.join(", ")) : "", addressDate,
    fillLeftOut ? oneAreaFill(fillShown, fillLeftOut) : "", periodUnknown].concat(yearsUnknown, [schemeSaid,
    rastersUnread]).filter(Boolean);
  if (told.length) { say(told.join(" ")); }
  drawChosenOutline();  // once the address's codes the filter does not offer are left out
  narrowUnits();
  window.georeg = { map: map, overlays: overlays, state: state, apply: apply, setOpen: setOpen, places: cfg.place_list,
                    chosenProvinces: chosenProvinces, chosenOutline: chosenOutline, foundOutline: foundOutline,
                    filters: { map: FILTERS, progress: PROGRESS_FILTERS },
                    fitFilters: fitFilters, followSheet: followSheet, fetchFile: fetchFile, seenBounds: seenBounds,
                    paintedProjects: paintedProjects, refreshWritten: refreshWritten };
  renderLegend();
  syncLinks();  // the date badge, the title's date and the links from the first paint, not once the tiles are known
  drawnOnce(tilesReady.then(function () {
    tileLayerIds.forEach(function (id) { if (overlays[id]) { useTiles(overlays[id], id, true); } });
    shownFirst.splice(0).forEach(function (layer) { layer.addTo(map); });
    apply();
  }));
})();
