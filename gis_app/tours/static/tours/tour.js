/* A saved tour on the map: its route, numbered stops (names in the table and on hover, so labels never
   overlap), nights; the publish and print buttons. */
import { createMap, readConfig } from "../web/map.js";

(function () {
  "use strict";
  const tour = readConfig("tour-data");
  const overnights = readConfig("tour-overnights");

  function numbered(lat, lon, label, className) {
    return L.marker([lat, lon], {
      icon: L.divIcon({ className: "stop-icon " + (className || ""), html: "", iconSize: [26, 26] }),
      keyboard: false,
    }).on("add", function () { this.getElement().textContent = label; });
  }

  function drawTour(map) {
    const layer = L.featureGroup().addTo(map);
    L.geoJSON(tour.route, { style: { color: "#c0392b", weight: 5 } }).addTo(layer);
    tour.stops.forEach((s) => {
      // A text node, not a string: Leaflet renders strings as HTML, and names are data.
      numbered(s.lat, s.lon, String(s.position), "day-" + ((s.day - 1) % 4))
        .bindTooltip(document.createTextNode(s.position + ". " + s.name), { direction: "top", offset: [0, -12] })
        .addTo(layer);
    });
    overnights.forEach((o) => {
      numbered(o.lat, o.lon, "☾", "overnight-icon")
        .bindTooltip(document.createTextNode(o.name), { direction: "top", offset: [0, -12] }).addTo(layer);
    });
    map.fitBounds(layer.getBounds(), { padding: [30, 30] });
  }
  drawTour(createMap("tour-map", readConfig("tour-map-config")));

  const printButton = document.getElementById("print-button");
  if (printButton) printButton.addEventListener("click", () => window.print());

  const publish = document.getElementById("publish");
  if (publish) {
    publish.addEventListener("click", async () => {
      const message = document.getElementById("message");
      publish.disabled = true;
      message.textContent = publish.dataset.busy || "…";
      const token = (document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/) || [])[1] || "";
      const response = await fetch(publish.dataset.url, {
        method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": decodeURIComponent(token) },
      });
      if (response.ok) { window.location.reload(); return; }
      const body = await response.json().catch(() => ({}));
      message.textContent = (body.error && body.error.message) || response.statusText;
      publish.disabled = false;
    });
  }
})();
