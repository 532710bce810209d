/* A site's page: a small map of where it is (and its area when it has one). */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("site-map-config").textContent);
  var map = OCOP.createMap("site-map", config);
  if (config.commune) {
    L.geoJSON(config.commune, {style: {color: "#555", weight: 1.5, fill: false, dashArray: "4 3"}, interactive: false})
      .addTo(map);
  }
  if (config.area) {
    L.geoJSON(config.area, {style: {color: "#e67e22", weight: 2, fillOpacity: 0.2}, interactive: false}).addTo(map);
  }
  L.circleMarker(config.point, {radius: 9, color: "#fff", weight: 2, fillColor: "#e67e22", fillOpacity: 1}).addTo(map);
  map.setView(config.point, 15);
})();
