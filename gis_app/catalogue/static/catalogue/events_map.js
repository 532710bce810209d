/* The events page: each event with a place as a marker linking to its entry in the list. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("events-map-config").textContent);
  var map = OCOP.createMap("events-map", {center: [11.05, 106.65], zoom: 10, tilesUrl: config.tilesUrl,
                                          tilesAttribution: config.tilesAttribution});
  var layer = L.featureGroup().addTo(map);
  config.events.forEach(function (e) {
    L.circleMarker([e.point[1], e.point[0]], {radius: 8, color: "#fff", weight: 2, fillColor: "#c2255c", fillOpacity: 1})
      .bindPopup(OCOP.el("a", {href: "#event-" + e.id}, e.name)).addTo(layer);
  });
  if (layer.getLayers().length) map.fitBounds(layer.getBounds(), {padding: [20, 20], maxZoom: 14});
})();
