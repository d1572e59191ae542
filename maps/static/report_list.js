// /status-reports on a phone: the filters and the overdue projects folded under their summaries (which say how
// many), so that the list's first rows are on the first screen (trial 61); and on the map, a commune's name that would cover another
// name or a report's marker is left out, the names drawn at the same spot overlapped each other and the markers.
if (window.matchMedia("(max-width: 600px)").matches) {
  document.querySelectorAll("details.report-filters-box, details.unreported").forEach((box) => box.removeAttribute("open"));
}

function overlaps(a, b) {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

function leaveOutCoveringNames() {
  const markers = Array.from(document.querySelectorAll(".folium-map path.leaflet-interactive"))
    .map((path) => path.getBoundingClientRect())
    .filter((box) => box.width <= 24 && box.height <= 24); // a report's marker, not a site's or commune's outline
  const kept = [];
  // those off the map or under its controls are hidden already (maps/context.py NamesInFrame) and take no room
  document.querySelectorAll(".folium-map .georeg-context-name:not(.georeg-left-out)").forEach((name) => {
    name.style.visibility = "";
    const text = document.createRange(); // the name's letters, not its icon's box (as wide as 8 px a letter)
    text.selectNodeContents(name);
    const box = text.getBoundingClientRect();
    const covers = kept.some((other) => overlaps(box, other)) || markers.some((marker) => overlaps(box, marker));
    if (covers) {
      name.style.visibility = "hidden";
    } else {
      kept.push(box);
    }
  });
}

window.addEventListener("load", () => {
  Object.keys(window)
    .filter((name) => name.indexOf("map_") === 0 && window[name] instanceof L.Map)
    .forEach((name) => window[name].on("zoomend moveend", leaveOutCoveringNames));
  leaveOutCoveringNames();
});
