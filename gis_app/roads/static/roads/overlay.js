/* The road network that routing uses, drawn under a planning map so users see where routes can go.
   Read from the roads layer's OGC API items (`url`, from the page's map_config) for the map's view (bbox), at
   most LIMIT features per view; redrawn when the view moves. Usage: roadsOverlay(map, {label, url}) returns
   the layer. */
const LIMIT = 5000;

export function roadsOverlay(map, options) {
  const L = window.L;
  const layer = L.geoJSON(null, {
    style: { color: "#6c757d", weight: 2, opacity: 0.7 }, interactive: false,
  });
  layer.ocopLoaded = 0;
  let pending = null;
  async function load() {
    if (!map.hasLayer(layer)) return;
    const b = map.getBounds();
    const bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((v) => v.toFixed(5)).join(",");
    const request = fetch(options.url + "?f=json&limit=" + LIMIT + "&bbox=" + bbox,
                          { headers: { Accept: "application/geo+json" } });
    pending = request;
    try {
      const response = await request;
      if (!response.ok || pending !== request) return;
      const body = await response.json();
      layer.clearLayers();
      layer.addData(body);
      layer.ocopLoaded = body.features.length;
      document.body.dataset.roadsDrawn = String(body.features.length);
    } catch (e) { /* the map stays usable without the roads drawn */ }
  }
  layer.addTo(map);
  layer.bringToBack();
  map.on("moveend", load);
  map.on("overlayadd", (e) => { if (e.layer === layer) load(); });
  load();
  if (options.label) {
    L.control.layers(null, { [options.label]: layer }, { collapsed: false, position: "topright" }).addTo(map);
  }
  return layer;
}
