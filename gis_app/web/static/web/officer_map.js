/* Officer map: producers by product group (clustered), villages, sites, boundaries, a commune choropleth,
   filters feeding both the map and the table. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("officer-map-config").textContent);
  OCOP.formulaPrefixes = config.csvFormulaPrefixes || OCOP.formulaPrefixes;
  var el = OCOP.el;
  var map = OCOP.createMap("officer-map", config);
  var state = {features: [], markers: {}, rows: {}, selected: null};

  var groupNames = {};
  config.groups.forEach(function (group) { groupNames[group.code] = group.name; });

  function groupKey(feature) {
    var groups = OCOP.prop(feature, ["group_codes", "groups", "group_code", "group"]);
    var code = Array.isArray(groups) ? groups[0] : groups;
    if (code && typeof code === "object") code = code.code;
    return code ? String(code).split(".").slice(-1)[0] : "";
  }
  function groupColour(feature) { return config.groupColours[groupKey(feature)] || config.groupColours[""]; }
  function featureName(feature) { return OCOP.prop(feature, ["name"]) || ""; }
  function featureId(feature) { return String(feature.id !== undefined ? feature.id : OCOP.prop(feature, ["id", "pk"])); }

  // --- Layers -------------------------------------------------------------------------------------------
  var producers = L.markerClusterGroup({maxClusterRadius: 40, spiderfyOnMaxZoom: true, showCoverageOnHover: false});
  var boundaries = OCOP.boundaryLayer();
  var villages = L.geoJSON(null, {
    style: {color: "#8e44ad", weight: 2, fillOpacity: 0.25},
    onEachFeature: function (feature, layer) {
      layer.bindPopup(popupContent([featureName(feature), OCOP.prop(feature, ["craft"])]));
    }
  });
  var sites = L.geoJSON(null, {
    pointToLayer: function (feature, latlng) {
      return L.circleMarker(latlng, {radius: 7, color: "#fff", weight: 2, fillColor: "#e67e22", fillOpacity: 1});
    },
    onEachFeature: function (feature, layer) {
      var link = el("a", {href: config.siteUrl.replace("0", featureId(feature))}, gettext("Details"));
      layer.bindPopup(popupContent([featureName(feature), OCOP.prop(feature, ["kind_label", "kind"]), link]));
    }
  });
  var choropleth = L.geoJSON(null, {style: choroplethStyle, onEachFeature: function (feature, layer) {
    var count = productCount(feature);
    layer.bindTooltip(el("span", {}, [OCOP.prop(feature, ["name"]) || "", ": ",
      interpolate(ngettext("%s OCOP product", "%s OCOP products", count), [count])]), {sticky: true});
  }});

  function popupContent(lines) {
    return el("div", {className: "popup"}, lines.filter(Boolean).map(function (line, i) {
      return i === 0 ? el("strong", {className: "popup-title"}, line) : el("div", {}, line);
    }));
  }

  function productCount(feature) {
    var value = OCOP.prop(feature, ["products", "product_count", "products_count"]);
    return typeof value === "number" ? value : Number(value || 0);
  }
  var bins = config.choroplethBins;  // [[min, colour], ...] ascending; 0 is its own class
  function choroplethColour(count) {
    var colour = bins[0][1];
    bins.forEach(function (bin) { if (count >= bin[0]) colour = bin[1]; });
    return colour;
  }
  function choroplethStyle(feature) {
    var count = productCount(feature);
    return count === 0
      ? {color: "#c0392b", weight: 1, dashArray: "3 3", fillColor: bins[0][1], fillOpacity: 0.6}
      : {color: "#fff", weight: 1, fillColor: choroplethColour(count), fillOpacity: 0.65};
  }

  var legend = L.control({position: "bottomright"});
  legend.onAdd = function () {
    var box = el("div", {className: "map-legend", "data-testid": "choropleth-legend"},
                 el("strong", {}, gettext("OCOP products per commune")));
    bins.forEach(function (bin, i) {
      var upper = i + 1 < bins.length ? bins[i + 1][0] - 1 : null;
      var label = bin[0] === 0 ? gettext("none") : (upper === null ? bin[0] + "+" : (upper === bin[0] ? String(bin[0]) : bin[0] + "–" + upper));
      var swatch = el("span", {className: "swatch" + (bin[0] === 0 ? " swatch-none" : ""), style: "background:" + bin[1]});
      box.appendChild(el("div", {}, [swatch, label]));
    });
    return box;
  };
  legend.addTo(map);

  producers.addTo(map);
  boundaries.addTo(map);
  villages.addTo(map);
  sites.addTo(map);
  var overlays = {};
  overlays[gettext("Producers")] = producers;
  overlays[gettext("Craft villages")] = villages;
  overlays[gettext("Tourism sites")] = sites;
  overlays[gettext("District boundaries")] = boundaries;
  overlays[gettext("OCOP products per commune")] = choropleth;
  L.control.layers(null, overlays, {collapsed: true}).addTo(map);
  choropleth.addTo(map);
  choropleth.bringToBack();

  function loadInto(layer, url) {
    return OCOP.fetchFeatures(url).then(function (features) {
      layer.addData(features);
      return features;
    }).catch(showError);
  }
  loadInto(boundaries, config.api.districts);
  loadInto(villages, config.api.villages);
  loadInto(sites, config.api.sites);
  loadInto(choropleth, config.api.choropleth).then(function () { choropleth.bringToBack(); });

  // --- Producers, filters and the table -----------------------------------------------------------------
  var form = document.getElementById("producer-filters");
  var tbody = document.querySelector("#producer-table tbody");
  var countLabel = document.getElementById("producer-count");
  var status = document.getElementById("map-status");

  function showError(error) {
    status.textContent = gettext("Could not load the data:") + " " + error.message;
    status.hidden = false;
  }

  function filterParams() {
    var data = new FormData(form);
    var params = {};
    config.filterNames.forEach(function (name) {
      var value = data.get(name);
      if (name === "expiring" && value) value = config.expiringDays;
      if (value) params[config.apiParams[name]] = value;
    });
    // District and commune share one API parameter: the commune is the narrower choice.
    if (data.get("commune")) params[config.apiParams.commune] = data.get("commune");
    return params;
  }

  function producerPopup(feature) {
    var stars = OCOP.prop(feature, ["stars", "max_stars", "current_stars"]);
    var names = [];
    (OCOP.prop(feature, ["groups"]) || []).forEach(function (code) {
      var name = groupNames[code] || code;
      if (names.indexOf(name) < 0) names.push(name);
    });
    return popupContent([
      featureName(feature),
      OCOP.prop(feature, ["legal_form_label", "legal_form"]),
      names.join(", "),
      stars ? OCOP.stars(stars) : null,
      OCOP.prop(feature, ["address"])
    ]);
  }

  function select(id, fromMap) {
    if (state.selected && state.rows[state.selected]) state.rows[state.selected].classList.remove("selected");
    state.selected = id;
    var row = state.rows[id];
    if (row) {
      row.classList.add("selected");
      if (fromMap) row.scrollIntoView({block: "nearest"});
    }
  }

  function drawProducers(features) {
    producers.clearLayers();
    tbody.replaceChildren();
    state = {features: features, markers: {}, rows: {}, selected: null};
    var markers = features.filter(function (f) { return f.geometry; }).map(function (feature) {
      var id = featureId(feature);
      var latlng = L.latLng(feature.geometry.coordinates[1], feature.geometry.coordinates[0]);
      // Icon markers, not circle markers: the cluster plugin zooms to and spiderfies icons only.
      var marker = L.marker(latlng, {title: featureName(feature), icon: L.divIcon({
        className: "producer-marker", iconSize: [18, 18],
        html: el("span", {style: "background:" + groupColour(feature)})})});
      marker.featureId = id;
      marker.bindPopup(function () { return producerPopup(feature); });
      marker.on("click", function () { select(id, true); });
      state.markers[id] = marker;

      var stars = OCOP.prop(feature, ["stars", "max_stars", "current_stars"]);
      var row = el("tr", {"data-id": id, tabindex: "0"}, [
        el("td", {}, [el("span", {className: "swatch round", style: "background:" + groupColour(feature)}), featureName(feature)]),
        el("td", {}, OCOP.prop(feature, ["commune_name", "commune"]) || ""),
        el("td", {className: "stars"}, OCOP.stars(stars))
      ]);
      function open() {
        select(id, false);
        producers.zoomToShowLayer(marker, function () { marker.openPopup(); });
      }
      row.addEventListener("click", open);
      row.addEventListener("keydown", function (event) { if (event.key === "Enter") open(); });
      state.rows[id] = row;
      tbody.appendChild(row);
      return marker;
    });
    producers.addLayers(markers);
    countLabel.textContent = interpolate(ngettext("%s producer", "%s producers", features.length), [features.length]);
    document.body.dataset.producersLoaded = String(features.length);
  }

  var latestRequest = 0;
  function reload() {
    var request = ++latestRequest;
    status.hidden = true;
    document.body.dataset.producersLoaded = "";
    var params = filterParams();
    params.page_size = config.pageSize;
    return OCOP.fetchFeatures(config.api.producers + OCOP.query(params))
      .then(function (features) {
        if (request === latestRequest) drawProducers(features);  // an answer to older filters is dropped
      })
      .catch(showError);
  }

  // Communes follow the chosen district.
  var district = form.elements.district, commune = form.elements.commune;
  function filterCommunes() {
    Array.prototype.forEach.call(commune.options, function (option) {
      option.hidden = Boolean(option.value && district.value && option.dataset.district !== district.value);
    });
    if (commune.selectedOptions[0] && commune.selectedOptions[0].hidden) commune.value = "";
  }
  district.addEventListener("change", filterCommunes);

  var timer = null;
  form.addEventListener("input", function (event) {
    clearTimeout(timer);
    timer = setTimeout(reload, event.target.name === "q" ? 300 : 0);
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); clearTimeout(timer); reload(); });
  form.addEventListener("reset", function () { setTimeout(function () { filterCommunes(); reload(); }, 0); });

  document.getElementById("download-csv").addEventListener("click", function () {
    OCOP.download("ocop-producers.csv", "text/csv;charset=utf-8", OCOP.featuresToCsv(state.features));
  });
  document.getElementById("download-geojson").addEventListener("click", function () {
    OCOP.download("ocop-producers.geojson", "application/geo+json",
                  JSON.stringify({type: "FeatureCollection", features: state.features}));
  });

  window.ocopOfficerMap = {map: map, producers: producers, state: function () { return state; }, reload: reload};
  reload();
})();
