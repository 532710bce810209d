// Map of an uploaded boundary file before it is written: new boundaries (red) over the old ones (grey).
import { createMap, readConfig } from "../web/map.js";

const holder = document.getElementById("boundary-preview");
const data = readConfig("boundary-preview-data");
if (holder && data && window.L) {
  const map = createMap(holder, readConfig("boundary-preview-config"));
  const old = L.geoJSON(data.old, {style: {color: "#868e96", weight: 2, fillOpacity: 0.05}}).addTo(map);
  const fresh = L.geoJSON(data["new"], {
    style: {color: "#e03131", weight: 1.5, fillOpacity: 0},
    onEachFeature: (feature, layer) => {
      // A text node, not a string: Leaflet renders strings as HTML, and names are data.
      layer.bindTooltip(document.createTextNode(feature.properties.code + " " + feature.properties.name));
    }
  }).addTo(map);
  map.fitBounds(old.getBounds().extend(fresh.getBounds()));
  holder.dataset.oldDrawn = String(old.getLayers().length);
  holder.dataset.newDrawn = String(fresh.getLayers().length);
}
