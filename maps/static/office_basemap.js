// The office's own PMTiles basemap (setting basemap_pmtiles, served at /map/basemap.pmtiles), read in byte ranges:
// vector tiles drawn by protomaps-leaflet (labels in ``lang``), or images by pmtiles' own Leaflet layer. The web map
// offers it among its backgrounds (web_map.js); a page's map draws it under its shapes (maps.context).
window.georegOfficeBasemap = function (url, lang) {
  var group = L.layerGroup();
  var archive = new pmtiles.PMTiles(url);
  Promise.all([archive.getHeader(), archive.getMetadata()]).then(function (got) {
    var header = got[0];
    var attribution = (got[1] && got[1].attribution) || "";
    var options = { attribution: attribution, maxNativeZoom: header.maxZoom, maxZoom: 20 };
    group.addLayer(header.tileType === pmtiles.TileType.Mvt
      ? protomapsL.leafletLayer({ url: url, flavor: "light", lang: lang, maxDataZoom: header.maxZoom,
                                  attribution: attribution })
      : pmtiles.leafletRasterLayer(archive, options));
  });
  return group;
};
