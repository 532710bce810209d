/* A saved tour on the map: its route and numbered stops; the publish button for its author. */
(function () {
  "use strict";
  const tour = JSON.parse(document.getElementById("tour-data").textContent);
  window.tourPageInit = function (map) {
    const layer = L.featureGroup().addTo(map);
    L.geoJSON(tour.route, { style: { color: "#c0392b", weight: 5 } }).addTo(layer);
    tour.stops.forEach((s) => {
      L.marker([s.lat, s.lon], { title: s.name })
        // A text node, not a string: Leaflet renders strings as HTML, and names are data.
        .bindTooltip(document.createTextNode(s.position + ". " + s.name), { permanent: true, direction: "top" })
        .addTo(layer);
    });
    map.fitBounds(layer.getBounds(), { padding: [20, 20] });
  };
  const publish = document.getElementById("publish");
  if (publish) {
    publish.addEventListener("click", async () => {
      const token = (document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/) || [])[1] || "";
      const response = await fetch(publish.dataset.url, {
        method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": decodeURIComponent(token) },
      });
      if (response.ok) window.location.reload();
    });
  }
})();
