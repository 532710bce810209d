// Map of an uploaded boundary file before it is written: new boundaries (red) over the old ones (grey).
(function () {
  var holder = document.getElementById("boundary-preview");
  var source = document.getElementById("boundary-preview-data");
  if (!holder || !source || !window.L) { return; }
  var data = JSON.parse(source.textContent);
  var map = L.map(holder);
  var old = L.geoJSON(data.old, {style: {color: "#868e96", weight: 2, fillOpacity: 0.05}}).addTo(map);
  var fresh = L.geoJSON(data["new"], {
    style: {color: "#e03131", weight: 1.5, fillOpacity: 0},
    onEachFeature: function (feature, layer) {
      layer.bindTooltip(feature.properties.code + " " + feature.properties.name);
    }
  }).addTo(map);
  map.fitBounds(old.getBounds().extend(fresh.getBounds()));
  holder.dataset.oldDrawn = String(old.getLayers().length);
  holder.dataset.newDrawn = String(fresh.getLayers().length);
})();
