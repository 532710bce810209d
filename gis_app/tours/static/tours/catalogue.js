/* The tours catalogue's map: the routes of the listed tours (the page's own filters), each linking to its page;
   hovering or focusing a card highlights its route. */
import { createMap, readConfig } from "../web/map.js";

(function () {
  "use strict";
  var config = readConfig("tours-map-config");
  var features = readConfig("tours-map-features");
  var map = createMap("tours-map", config);
  var normal = {color: "#c0392b", weight: 4, opacity: 0.8}, highlighted = {color: "#1f5fa8", weight: 7, opacity: 1};
  var layer = L.featureGroup().addTo(map), routes = {};
  features.features.forEach(function (f) {
    var link = OCOP.el("a", {href: config.tourUrl.replace("/0/", "/" + f.id + "/")}, f.properties.name);
    // A DOM node, not a string: Leaflet renders strings as HTML, and names are data.
    routes[f.id] = L.geoJSON(f, {style: normal}).bindPopup(OCOP.el("div", {}, [link])).addTo(layer);
  });
  if (layer.getLayers().length) map.fitBounds(layer.getBounds(), {padding: [20, 20], maxZoom: 14});
  document.querySelectorAll(".tour-card").forEach(function (card) {
    var route = routes[card.dataset.tourId];
    if (!route) return;
    var on = function () { route.setStyle(highlighted); route.bringToFront(); };
    var off = function () { route.setStyle(normal); };
    card.addEventListener("mouseenter", on); card.addEventListener("mouseleave", off);
    card.addEventListener("focusin", on); card.addEventListener("focusout", off);
  });
  document.body.dataset.toursDrawn = String(layer.getLayers().length);
})();
