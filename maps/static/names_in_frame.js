// A page's small map (maps/pages.py) writes a place's name only where it lies wholly inside the map and clear of its
// controls: a unit's page cut "Tỉnh Hậu Giang" at the map's left edge, and on a phone wrote "Vĩnh Long Province"
// under the zoom buttons. A name left out is hidden, not removed, so that it is written again where the map moves it
// clear. A name is taken where its marker stands, not where the page shows it: at the end of a zoom the names still
// glide to their places (a transition), and "Tỉnh Hậu Giang", measured on its way, was kept though it ended cut.
window.georegNamesInFrame = function (map) {
  function meets(a, b) { return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]; }
  function within(r, outer) {
    return [r.left - outer.left, r.top - outer.top, r.right - outer.left, r.bottom - outer.top];
  }
  // the name's letters (not its icon's box, 8 px a letter wide), in the map's pixels
  function letters(marker) {
    var el = marker.getElement(), text = document.createRange();
    text.selectNodeContents(el);
    var inIcon = within(text.getBoundingClientRect(), el.getBoundingClientRect());
    var corner = map.latLngToContainerPoint(marker.getLatLng())
      .subtract(L.point(marker.options.icon.options.iconSize).divideBy(2));  // a name's icon is centred on its place
    return [corner.x + inIcon[0], corner.y + inIcon[1], corner.x + inIcon[2], corner.y + inIcon[3]];
  }
  function check() {
    var frame = map.getContainer().getBoundingClientRect(), size = map.getSize();
    var controls = [].map.call(map.getContainer().querySelectorAll(".leaflet-control"), function (c) {
      return within(c.getBoundingClientRect(), frame);
    });
    map.eachLayer(function (layer) {
      var el = layer instanceof L.Marker && layer.getElement();
      if (!el || !el.classList.contains("georeg-context-name")) { return; }
      var b = letters(layer);
      var outside = b[0] < 0 || b[1] < 0 || b[2] > size.x || b[3] > size.y;
      el.classList.toggle("georeg-left-out", outside || controls.some(function (c) { return meets(b, c); }));
    });
  }
  // names come one layer at a time: checked once, on the next frame
  var asked = false;
  function soon() {
    if (!asked) { asked = true; requestAnimationFrame(function () { asked = false; check(); }); }
  }
  map.on("zoomend moveend resize", check);
  map.on("layeradd", soon);
  soon();
};
