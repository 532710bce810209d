/* The events page: each event with a place as a marker linking to its entry in the list. */
import { createMap, readConfig } from "../web/map.js";

(function () {
  "use strict";
  var config = readConfig("events-map-config");
  var map = createMap("events-map", config);
  var layer = L.featureGroup().addTo(map);
  config.events.forEach(function (e) {
    L.circleMarker([e.point[1], e.point[0]], {radius: 8, color: "#fff", weight: 2, fillColor: "#c2255c", fillOpacity: 1})
      .bindPopup(OCOP.el("a", {href: "#event-" + e.id}, e.name)).addTo(layer);
  });
  if (layer.getLayers().length) map.fitBounds(layer.getBounds(), {padding: [20, 20], maxZoom: 14});
})();
