/* The catalogue's map view: the products of the current filters (same URL parameters, through the API) at their
   producer's location, each linking to its page. */
import { createMap, readConfig } from "../web/map.js";

(function () {
  "use strict";
  var config = readConfig("catalogue-map-config");
  var map = createMap("catalogue-map", config);
  var query = Object.assign({page_size: 1000}, config.query);
  var layer = L.featureGroup().addTo(map);
  OCOP.fetchFeatures(config.api + OCOP.query(query)).then(function (features) {
    features.forEach(function (f) {
      if (!f.geometry) return;
      var c = f.geometry.coordinates, p = f.properties;
      var link = OCOP.el("a", {href: config.productUrl.replace("/0/", "/" + f.id + "/")},
                         p.name + (p.stars ? " " + OCOP.stars(p.stars) : ""));
      L.circleMarker([c[1], c[0]], {radius: 7, color: "#fff", weight: 2, fillColor: "#f08c00", fillOpacity: 1})
        .bindPopup(OCOP.el("div", {}, [link, OCOP.el("br"), p.producer_name])).addTo(layer);
    });
    if (layer.getLayers().length) map.fitBounds(layer.getBounds(), {padding: [20, 20], maxZoom: 15});
    document.body.dataset.productsDrawn = String(layer.getLayers().length);
  }).catch(function () { document.body.dataset.productsDrawn = "error"; });
})();
