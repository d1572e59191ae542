// The web map's "My location" button (beside the zoom buttons): the device's position drawn as a dot in its circle of
// accuracy and brought into view, for an officer on site to see the projects around. Nothing of it is sent to the
// server. Loaded before web_map.js, which adds it to its map with georegMyLocation(map, T, lang, tell).
(function () {
  "use strict";
  var ICON = '<svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">' +
    '<circle cx="12" cy="12" r="7" fill="none" stroke="currentColor" stroke-width="2"/>' +
    '<circle cx="12" cy="12" r="3" fill="currentColor"/>' +
    '<path d="M12 1v4M12 19v4M1 12h4M19 12h4" stroke="currentColor" stroke-width="2"/></svg>';
  var REASONS = { 1: "location_denied", 2: "location_unavailable", 3: "location_timeout" };

  // map: the Leaflet map; T: the page's words (maps/texts.py); lang: "vi" or "en"; tell(text): a line above the map.
  window.georegMyLocation = function (map, T, lang, tell) {
    var locale = lang === "vi" ? "vi-VN" : "en-GB";
    var degrees = new Intl.NumberFormat(locale, { minimumFractionDigits: 6, maximumFractionDigits: 6 });
    var metres = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    map.createPane("my-location").style.zIndex = 455;  // under the projects (a site where one stands stays seen)
    map.getPane("my-location").style.pointerEvents = "none";  // never in the way of a tap on a project
    var shown = L.layerGroup().addTo(map);
    var button;

    function found(position) {
      var c = position.coords, here = L.latLng(c.latitude, c.longitude);
      button.removeAttribute("aria-busy");
      shown.clearLayers();
      L.circle(here, { pane: "my-location", radius: c.accuracy, interactive: false, color: "#1a73e8", weight: 1,
        fillOpacity: 0.12 }).addTo(shown);
      L.circleMarker(here, { pane: "my-location", radius: 8, interactive: false, color: "white", weight: 3,
        fillColor: "#1a73e8", fillOpacity: 1 }).addTo(shown);
      map.setView(here, Math.max(map.getZoom(), 14));
      tell(T.you_are_here.replace("{lat}", degrees.format(c.latitude)).replace("{lon}", degrees.format(c.longitude))
        .replace("{accuracy}", metres.format(c.accuracy)));
    }
    function failed(error) {
      button.removeAttribute("aria-busy");
      tell(T.location_failed + " " + T[REASONS[error.code] || "location_unavailable"]);
    }
    function locate(e) {
      L.DomEvent.preventDefault(e);
      if (!navigator.geolocation || !window.isSecureContext) { tell(T.location_unsupported); return; }
      button.setAttribute("aria-busy", "true");
      tell(T.locating);
      navigator.geolocation.getCurrentPosition(found, failed,
        { enableHighAccuracy: true, timeout: 20000, maximumAge: 10000 });
    }

    var control = L.control({ position: "bottomleft" });
    control.onAdd = function () {
      var bar = L.DomUtil.create("div", "leaflet-bar georeg-my-location");
      button = L.DomUtil.create("a", "", bar);
      button.href = "#";
      button.id = "georeg-my-location";
      button.setAttribute("role", "button");
      button.title = T.my_location;
      button.setAttribute("aria-label", T.my_location);
      button.innerHTML = ICON;
      L.DomEvent.disableClickPropagation(bar);
      L.DomEvent.on(button, "click", locate);
      return bar;
    };
    control.addTo(map);
  };
})();
