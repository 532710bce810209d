/* A site's page: a small map of where it is (and its area when it has one). */
import { createMap, readConfig } from "./map.js";

(function () {
  "use strict";
  var config = readConfig("site-map-config");
  var map = createMap("site-map", config, {view: {lat: config.point[0], lon: config.point[1], z: 15}});
  if (config.commune) {
    L.geoJSON(config.commune, {style: {color: "#555", weight: 1.5, fill: false, dashArray: "4 3"}, interactive: false})
      .addTo(map);
  }
  if (config.area) {
    L.geoJSON(config.area, {style: {color: "#e67e22", weight: 2, fillOpacity: 0.2}, interactive: false}).addTo(map);
  }
  // The same square as on the visitor map: a place to visit.
  L.marker(config.point, {keyboard: false, interactive: false, icon: L.divIcon({
    className: "visitor-marker site", iconSize: [22, 22], html: "<span></span>"})}).addTo(map);
})();
