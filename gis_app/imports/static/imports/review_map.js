/* The rows of an import under review on a map: a marker per row that has a place (green: create, blue: update,
   grey: no change; rows placed at a commune's centre are hollow), the row number and name on hover. */
import { createMap, readConfig } from "../web/map.js";

const COLOURS = { create: "#1e8449", update: "#1f5f99", unchanged: "#7f8c8d" };
const holder = document.getElementById("import-map");
if (holder) {
  const map = createMap(holder, readConfig("import-map-config"));
  const rows = readConfig("import-rows");
  const layer = L.featureGroup().addTo(map);
  rows.filter((r) => r.lon != null && r.lat != null).forEach((r) => {
    const byCommune = r.placed_in_commune != null;
    L.circleMarker([r.lat, r.lon], {
      radius: 7, weight: 2, color: COLOURS[r.action] || "#7f8c8d",
      fillColor: COLOURS[r.action] || "#7f8c8d", fillOpacity: byCommune ? 0 : 0.8,
    }).bindTooltip(document.createTextNode((r.row ? r.row + ". " : "") + (r.name || ""))).addTo(layer);
  });
  holder.dataset.rowsDrawn = String(layer.getLayers().length);
  if (layer.getLayers().length) map.fitBounds(layer.getBounds(), { padding: [30, 30], maxZoom: 15 });
}
