// "Export map" on the web map and /progress: a toolbar button opening a small panel (content, format, paper,
// orientation) whose download link carries the map's current filters, date, scheme and language to /map/export
// or /progress/export (drawn on the server by maps/map_export.py). Runs after web_map.js (window.georeg).
(function () {
  "use strict";
  var cfg = JSON.parse(document.getElementById("georeg-config").textContent);
  var T = cfg.sheet;
  var app = window.georeg;
  var toolbar = document.querySelector(".georeg-toolbar");
  if (!app || !T || !toolbar) { return; }
  var phone = window.matchMedia("(max-width: 700px)").matches;

  function esc(value) {
    return String(value).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function choice(name, options, chosen) {
    return '<fieldset class="georeg-sheet-choice"><legend>' + esc(T[name]) + "</legend>" +
      options.map(function (o) {
        return '<label class="chip"><input type="radio" name="georeg-sheet-' + name + '" value="' + o[0] + '"' +
          (o[0] === chosen ? " checked" : "") + "> " + esc(o[1]) + "</label>";
      }).join("") + "</fieldset>";
  }

  var control = L.control({ position: "topleft" });
  control.onAdd = function () {
    var div = L.DomUtil.create("div", "georeg-panel georeg-drawer folded");
    div.id = "georeg-export";
    L.DomEvent.disableClickPropagation(div);
    L.DomEvent.disableScrollPropagation(div);
    return div;
  };
  control.addTo(app.map);
  var panel = document.getElementById("georeg-export");
  // Right under the toolbar (before the filters), so that it opens in sight on a desktop too.
  toolbar.parentNode.insertBefore(panel, toolbar.nextSibling);
  function showsProgress() { return cfg.focus === "progress" || app.map.hasLayer(app.overlays.progress); }
  // Zoomed in on part of the provinces (a district, a stretch of coast), the sheet prints what is in view; with
  // provinces chosen, only zoomed in closer than they fit (the map framed on one is zoomed in that far on a desktop).
  function zoomedIn() {
    var chosen = app.chosenProvinces();
    var fits = chosen ? app.map.getBoundsZoom(chosen) : 0;
    return app.map.getZoom() >= Math.max(ZOOMED_IN, fits + 1);
  }
  var ZOOMED_IN = 10;
  // The part of the map seen, clear of the drawers and buttons (web_map.js seenBounds), and whether it is tall.
  function seen() { return app.seenBounds(panel); }
  function tallView() {
    var box = seen(), map = app.map;
    var size = map.latLngToContainerPoint(box.getSouthEast()).subtract(map.latLngToContainerPoint(box.getNorthWest()));
    return size.y > size.x;
  }
  // The salinity zones print under the projects (the period the map draws) while they are shown.
  var zones = app.overlays.salinity_zones;
  function showsSalinity() { return !!zones && app.map.hasLayer(zones); }
  var salinityChoice = zones ? '<fieldset class="georeg-sheet-choice" id="georeg-sheet-under"><legend>' +
    esc(T.under) + '</legend><label class="chip"><input type="checkbox" name="georeg-sheet-salinity"' +
    (showsSalinity() ? " checked" : "") + "> " + esc(T.salinity) + "</label></fieldset>" : "";
  panel.innerHTML = "<b>" + esc(T.title) + "</b>" +
    choice("what", [["map", T.what_map], ["progress", T.what_progress]], showsProgress() ? "progress" : "map") +
    salinityChoice +
    choice("frame", [["provinces", T.frame_provinces], ["view", T.frame_view]], zoomedIn() ? "view" : "provinces") +
    choice("format", [["pdf", "PDF"], ["png", "PNG"]], "pdf") +
    choice("paper", [["a4", "A4"], ["a3", "A3"]], "a4") +
    choice("orientation", [["landscape", T.landscape], ["portrait", T.portrait]], "landscape") +
    '<a id="georeg-export-link" class="georeg-sheet-download" href="#" download>' + esc(T.download) + "</a>" +
    '<div id="georeg-export-said" role="status" hidden></div>' +
    '<div class="note">' + esc(T.note) + "</div>";

  var button = document.createElement("button");
  button.type = "button";
  button.dataset.opens = "georeg-export";
  button.setAttribute("aria-expanded", "false");
  button.textContent = T.button;
  var lang = document.getElementById("georeg-lang");
  lang.parentNode.insertBefore(button, lang);

  function setOpen(open) {
    panel.classList.toggle("folded", !open);
    button.setAttribute("aria-expanded", open ? "true" : "false");
    document.body.classList.toggle("georeg-sheet-open", open);
    app.fitFilters();  // the filters drawer below it keeps its end above the zoom buttons
    app.followSheet();  // on a phone the map moves up over the panel, as for the map's own drawers
  }
  // Until the user picks the content, the frame and the orientation, they follow the map: progress while the
  // choropleth is shown, the view while it is zoomed in, portrait for a phone's tall view.
  var picked = {};
  ["what", "frame", "orientation", "salinity"].forEach(function (name) {
    panel.querySelectorAll('input[name="georeg-sheet-' + name + '"]').forEach(function (input) {
      input.addEventListener("change", function () { picked[name] = true; });
    });
  });
  function follow(name, value) {
    if (!picked[name]) {
      panel.querySelector('input[name="georeg-sheet-' + name + '"][value="' + value + '"]').checked = true;
    }
  }
  function salinityBox() { return panel.querySelector('input[name="georeg-sheet-salinity"]'); }
  // Salinity is offered for the projects map only (the choropleth's colours would hide it).
  function showUnder() {
    var under = document.getElementById("georeg-sheet-under");
    if (under) { under.hidden = chosen("what") !== "map"; }
  }
  button.addEventListener("click", function () {
    var open = panel.classList.contains("folded");
    if (open) {
      follow("what", showsProgress() ? "progress" : "map");
      follow("frame", zoomedIn() ? "view" : "provinces");
      follow("orientation", zoomedIn() && tallView() ? "portrait" : "landscape");  // the sheet's shape as the view's
      if (salinityBox() && !picked.salinity) { salinityBox().checked = showsSalinity(); }
      showUnder();
      link.href = exportUrl();
    }
    if (open && phone) { ["georeg-filters", "georeg-layers", "georeg-legend"].forEach(function (id) { app.setOpen(id, false); }); }
    setOpen(open);
  });
  // Another drawer's button, or a tap on the map on a phone, folds this one.
  toolbar.addEventListener("click", function (e) {
    if (e.target !== button && e.target.dataset && e.target.dataset.opens && phone) { setOpen(false); }
  });
  app.map.on("click", function () { if (phone) { setOpen(false); } });

  function chosen(name) { return panel.querySelector('input[name="georeg-sheet-' + name + '"]:checked').value; }
  function exportUrl() {
    var what = chosen("what");
    var state = app.state;
    var q = new URLSearchParams();
    ["format", "paper", "orientation"].forEach(function (name) { q.set(name, chosen(name)); });
    q.set("lang", cfg.lang);
    if (state.as_of) { q.set("as_of", state.as_of); }
    // the boundaries the screen shows (a map of units with none given is drawn in theirs: map_export.py map_scheme)
    if (what === "progress" || state.scheme !== "pre2025" || (state.unit || []).length) { q.set("scheme", state.scheme); }
    if (what === "progress" && state.weight) { q.set("weight", state.weight); }
    app.filters[what].forEach(function (name) {  // the map's filters (web_map.js), of the map or the progress
      (state[name] || []).forEach(function (value) { q.append(name, value); });
    });
    // the period the map draws (web_map.js state.period; none chosen: the newest)
    if (what === "map" && salinityBox() && salinityBox().checked) { q.set("salinity", state.period || "latest"); }
    if (chosen("frame") === "view") {
      var b = seen();
      var corners = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()];
      q.set("bbox", corners.map(function (v) { return v.toFixed(5); }).join(","));
    }
    return (what === "progress" ? "/progress/export?" : "/map/export?") + q.toString();
  }
  var link = document.getElementById("georeg-export-link");
  var said = document.getElementById("georeg-export-said");
  function say(text, failed) { said.textContent = text; said.hidden = false; said.classList.toggle("problem", !!failed); }
  // The link is written when it is used, so it carries the filters and date chosen since the panel opened. The sheet
  // is fetched, not followed: drawing it takes 4–5 s, in which a followed link showed nothing (trial 57, phone and
  // desktop); meanwhile the button says so and waits, then the panel says the file saved, or why not.
  link.addEventListener("click", function (event) {
    event.preventDefault();
    if (link.getAttribute("aria-disabled") === "true") { return; }
    link.href = exportUrl();
    link.setAttribute("aria-disabled", "true");
    link.textContent = T.preparing;
    say(T.preparing_note);
    app.fetchFile(link.href, function (saved, problem) {
      say(saved ? T.ready.replace("{name}", saved) : T.failed.replace("{detail}", problem), !saved);
    }).then(function () {
      link.removeAttribute("aria-disabled");
      link.textContent = T.download;
    });
  });
  panel.addEventListener("change", function () { showUnder(); link.href = exportUrl(); });
  showUnder();
  link.href = exportUrl();
})();
