/* A product or producer page: a small map of the producer and the points of sale, and "where to buy this
   near me" (the browser's position → the nearest points of sale selling it, from the API, with directions). */
import { createMap, expose, readConfig } from "../web/map.js";
import { gettext } from "../web/i18n.js";

(function () {
  "use strict";
  var config = readConfig("product-map-config");
  var el = OCOP.el;
  var map = createMap("product-map", config,
                      {view: {lat: config.producer.point[1], lon: config.producer.point[0], z: 13}});
  var bounds = [[config.producer.point[1], config.producer.point[0]]];
  L.circleMarker(bounds[0], {radius: 9, color: "#fff", weight: 2, fillColor: "#d9480f", fillOpacity: 1})
    .bindTooltip(config.producer.name).addTo(map);
  var outlets = L.layerGroup().addTo(map);
  function drawOutlet(name, lonLat) {
    var latLng = [lonLat[1], lonLat[0]];
    L.circleMarker(latLng, {radius: 7, color: "#fff", weight: 2, fillColor: "#2f9e44", fillOpacity: 1})
      .bindTooltip(name).addTo(outlets);
    return latLng;
  }
  (config.outlets || []).forEach(function (o) { bounds.push(drawOutlet(o.name, o.point)); });
  if (bounds.length > 1) map.fitBounds(bounds, {padding: [20, 20], maxZoom: 15});
  expose("ocopProductMap", {map: map, outlets: outlets});

  var button = document.getElementById("near-me");
  if (!button || !config.nearestUrl) return;
  var status = document.getElementById("near-me-status");
  var list = document.getElementById("near-me-list");
  function directions(lat, lon) {
    return "https://www.google.com/maps/dir/?api=1&destination=" + lat.toFixed(6) + "," + lon.toFixed(6);
  }
  function show(position) {
    var lon = position.coords.longitude, lat = position.coords.latitude;
    status.textContent = gettext("Looking for the nearest points of sale…");
    OCOP.fetch(config.nearestUrl + "&nearest=" + lon.toFixed(6) + "," + lat.toFixed(6) + "&limit=5",
          {headers: {Accept: "application/geo+json, application/json"}, credentials: "same-origin"})
      .then(function (response) {
        return response.json().then(function (body) {
          if (!response.ok) throw new Error(body && body.error ? body.error.message : response.statusText);
          return body;
        });
      })
      .then(function (body) {
        list.textContent = "";
        var here = [lat, lon], shown = [here];
        L.circleMarker(here, {radius: 6, color: "#1c7ed6", fillOpacity: 1}).addTo(outlets);
        var located = (body.features || []).filter(function (f) { return f.geometry; });
        located.forEach(function (f) {
          var p = f.properties, c = f.geometry.coordinates;
          shown.push(drawOutlet(p.name, c));
          list.appendChild(el("li", {"data-outlet-id": p.id}, [
            el("strong", {}, p.name), " · " + p.kind_label + " · " + OCOP.formatDistance(p.distance_m) + " ",
            el("a", {href: directions(c[1], c[0]), rel: "noopener", target: "_blank", className: "directions"},
               gettext("Directions"))]));
        });
        list.hidden = located.length === 0;
        status.textContent = located.length ? "" : gettext("No point of sale of this product has a place on the map.");
        map.fitBounds(shown, {padding: [20, 20], maxZoom: 15});
        document.body.dataset.nearMe = String(located.length);
      })
      .catch(function (error) { status.textContent = error.message; });
  }
  button.addEventListener("click", function () {
    if (!navigator.geolocation) { status.textContent = gettext("This browser cannot tell its position."); return; }
    navigator.geolocation.getCurrentPosition(show, function () {
      status.textContent = gettext("Your position is not available: allow location in the browser.");
    }, {timeout: 10000});
  });
})();
