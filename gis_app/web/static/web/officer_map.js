/* Officer map: producers by product group (clustered), villages, sites, boundaries and a commune choropleth of
   the producers the filters select; filters feed the map, the table and the choropleth alike. Filters, view and
   selected producer live in the page's address (bookmarkable); `?embed=1` shows the map alone. */
import { createMap, expose } from "./map.js";

(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("officer-map-config").textContent);
  OCOP.formulaPrefixes = config.csvFormulaPrefixes || OCOP.formulaPrefixes;
  var el = OCOP.el;
  var params = new URLSearchParams(window.location.search);
  var urlView = OCOP.viewFromUrl(params);
  var map = createMap("officer-map", config, {view: urlView});
  var state = {features: [], markers: {}, rows: {}, selected: null};
  var perCommune = {};  // code of the unit of the map's day → selected producers there (#24)
  var unrated = null;  // [units of the day without a recognised OCOP product, units of the day], from the choropleth
  var form = document.getElementById("producer-filters");
  // On a phone the filters start folded, so that the map is in the first screen (the same width as ocop.css's).
  if (!window.matchMedia("(min-width: 900px)").matches) document.getElementById("filters-toggle").open = false;

  var groupNames = {}, groupKeys = {};
  config.groups.forEach(function (group) { groupNames[group.code] = group.name; groupKeys[group.code] = group.key; });

  function groupKey(feature) {
    var groups = OCOP.prop(feature, ["group_codes", "groups", "group_code", "group"]);
    // The newest taxonomy's group when the producer has products in both ("2023.CRAFT" over "2019.SOUV").
    var code = Array.isArray(groups) ? groups.slice().sort().reverse()[0] : groups;
    if (code && typeof code === "object") code = code.code;
    // The server's key (a 2026 group's is its sector's), else the code's last part.
    return code ? groupKeys[code] || String(code).split(".").slice(-1)[0] : "";
  }
  function groupColour(feature) { return config.groupColours[groupKey(feature)] || config.groupColours[""]; }
  function featureName(feature) { return OCOP.prop(feature, ["name"]) || ""; }
  /** The record's unit on the map's day (the API's `unit`: places' rule, in SQL), else the commune it was filed under. */
  function unitOf(feature) { return OCOP.prop(feature, ["unit"]); }
  function unitCode(feature) { var unit = unitOf(feature); return unit ? unit.code : OCOP.prop(feature, ["commune_code"]); }
  function unitName(unit) { return unit ? (unit.kind ? unit.kind + " " : "") + unit.name : ""; }
  function unitParentName(unit, level) {
    return unit && unit.parent && unit.parent.level === level ? unitName(unit.parent) : "";
  }
  function featureId(feature) { return String(feature.id !== undefined ? feature.id : OCOP.prop(feature, ["id", "pk"])); }
  function groupText(feature) {
    var names = [];
    (OCOP.prop(feature, ["groups"]) || []).forEach(function (code) {
      var name = groupNames[code] || code;
      if (names.indexOf(name) < 0) names.push(name);
    });
    return names.join("; ");
  }

  // --- Layers: circles for producers, squares for sites, triangles for villages, grey cluster bubbles ----------
  var producers = L.markerClusterGroup({maxClusterRadius: 40, spiderfyOnMaxZoom: true, showCoverageOnHover: false,
                                        iconCreateFunction: OCOP.clusterIcon});
  var boundaries = OCOP.boundaryLayer();
  var villageMarkers = L.layerGroup();
  var villageAreas = L.geoJSON(null, {
    style: {color: "#1a1a1a", weight: 2, dashArray: "6 3", fillColor: "#ffffff", fillOpacity: 0.35},
    onEachFeature: function (feature, layer) {
      var content = function () { return popupContent([featureName(feature), gettext("Craft village"), OCOP.prop(feature, ["craft"])]); };
      layer.bindPopup(content);
      var marker = L.marker(layer.getBounds().getCenter(), {title: featureName(feature), icon: new OCOP.NamedDivIcon({
        className: "village-marker", iconSize: [22, 19], html: "<span></span>",
        label: featureName(feature) + " (" + gettext("Craft village") + ")"})});
      marker.bindPopup(content);
      villageMarkers.addLayer(marker);
    }
  });
  var villages = L.layerGroup([villageAreas, villageMarkers]);
  var sites = L.geoJSON(null, {
    pointToLayer: function (feature, latlng) {
      return L.marker(latlng, {title: featureName(feature), icon: new OCOP.NamedDivIcon({
        className: "site-marker", iconSize: [24, 24], html: "<span></span>",
        label: featureName(feature) + " (" + gettext("Tourism site") + ")"})});
    },
    onEachFeature: function (feature, layer) {
      var link = el("a", {href: config.siteUrl.replace("0", featureId(feature))}, gettext("Details"));
      layer.bindPopup(popupContent([featureName(feature), OCOP.prop(feature, ["kind_label", "kind"]), link]));
    }
  });
  var choropleth = L.geoJSON(null, {style: choroplethStyle, onEachFeature: function (feature, layer) {
    layer.bindTooltip(function () {
      var count = selectedIn(feature);
      return el("span", {}, [unitName(feature.properties), ": ",
        interpolate(ngettext("%s selected OCOP producer", "%s selected OCOP producers", count), [count])]);
    }, {sticky: true});
  }});

  function popupContent(lines) {
    return el("div", {className: "popup"}, lines.filter(Boolean).map(function (line, i) {
      return i === 0 ? el("strong", {className: "popup-title"}, line) : el("div", {}, line);
    }));
  }

  /** Selected producers in a commune of the choropleth: the producers drawn, counted by their commune. */
  function selectedIn(feature) { return perCommune[OCOP.prop(feature, ["code"])] || 0; }
  var bins = config.choroplethBins;  // [[min, colour], ...] ascending; 0 is its own class
  function choroplethColour(count) {
    var colour = bins[0][1];
    bins.forEach(function (bin) { if (count >= bin[0]) colour = bin[1]; });
    return colour;
  }
  function choroplethStyle(feature) {
    var count = selectedIn(feature);
    return count === 0
      ? {color: "#c0392b", weight: 1, dashArray: "3 3", fillColor: bins[0][1], fillOpacity: 0.5}
      : {color: "#fff", weight: 1, fillColor: choroplethColour(count), fillOpacity: 0.6};
  }

  /** The chosen filters in words ("Product group: Food; Stars: 4 stars or more"), read from the form's labels. */
  function filterSummary() {
    var parts = [];
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || field.type === "reset" || field.type === "submit" || field.type === "button" || field.type === "hidden") return;
      var label = field.closest("label");
      var title = label ? label.firstChild.textContent.trim() : field.name;
      if (field.type === "checkbox") { if (field.checked) parts.push(label ? label.textContent.replace(/\s+/g, " ").trim() : field.name); }
      else if (field.tagName === "SELECT") { if (field.value) parts.push(title + ": " + field.selectedOptions[0].textContent.trim()); }
      else if (field.value.trim()) parts.push(title + ": " + field.value.trim());
    });
    return parts;
  }

  var legendBox = null;
  var legend = L.control({position: "bottomright"});
  legend.onAdd = function () {
    legendBox = el("div", {className: "map-legend", "data-testid": "choropleth-legend"});
    drawLegend();
    return legendBox;
  };
  function drawLegend() {
    if (!legendBox) return;
    var filters = filterSummary();
    legendBox.replaceChildren(
      el("strong", {}, gettext("Selected OCOP producers per commune")),
      el("div", {className: "filter-summary", "data-testid": "legend-filters"},
         filters.length ? gettext("Counted with the filters:") + " " + filters.join("; ")
                        : gettext("No filter: every OCOP producer shown is counted.")));
    if (unrated) {  // units of the day without a recognised OCOP product (every producer, whatever the filters)
      legendBox.appendChild(el("div", {className: "unrated-units", "data-testid": "unrated-units"},
        interpolate(gettext("%s of %s units have no recognised OCOP product"), unrated.slice())));
    }
    bins.forEach(function (bin, i) {
      var upper = i + 1 < bins.length ? bins[i + 1][0] - 1 : null;
      var label = bin[0] === 0 ? gettext("none") : (upper === null ? bin[0] + "+" : (upper === bin[0] ? String(bin[0]) : bin[0] + "–" + upper));
      var swatch = el("span", {className: "swatch" + (bin[0] === 0 ? " swatch-none" : ""), style: "background:" + bin[1]});
      legendBox.appendChild(el("div", {}, [swatch, label]));
    });
  }
  legend.addTo(map);

  producers.addTo(map);
  boundaries.addTo(map);
  villages.addTo(map);
  sites.addTo(map);
  var overlays = {};
  function named(symbol, text) { return '<span class="legend-symbol ' + symbol + '" aria-hidden="true"></span>' + text; }
  overlays[named("product", gettext("OCOP producers"))] = producers;
  overlays[named("village", gettext("Craft villages"))] = villages;
  overlays[named("site-officer", gettext("Tourism sites"))] = sites;
  if (config.api.districts) overlays[named("boundary", gettext("District boundaries"))] = boundaries;
  overlays[named("swatch-none", gettext("Selected OCOP producers per commune"))] = choropleth;
  var layersControl = L.control.layers(null, overlays, {collapsed: true}).addTo(map);
  // Leaflet titles the switcher "Layers" in English: name it in the page's language.
  var layersToggle = layersControl.getContainer().querySelector(".leaflet-control-layers-toggle");
  layersToggle.setAttribute("title", gettext("Map layers"));
  layersToggle.setAttribute("aria-label", gettext("Map layers"));
  choropleth.addTo(map);
  choropleth.bringToBack();

  function loadInto(layer, url) {
    return OCOP.fetchFeatures(url).then(function (features) {
      layer.addData(features);
      return features;
    }).catch(showError);
  }
  if (config.api.districts) loadInto(boundaries, config.api.districts);
  loadInto(villageAreas, config.api.villages);
  loadInto(sites, config.api.sites);
  loadInto(choropleth, config.api.choropleth).then(function (features) {
    choropleth.bringToBack();
    if (!features) return;
    var none = features.filter(function (f) { return !OCOP.prop(f, ["products"]); }).length;
    unrated = [none, features.length];
    document.body.dataset.choroplethUnits = String(features.length);
    drawLegend();
  });

  // --- Producers, filters, the table and the address ---------------------------------------------------------
  var tbody = document.querySelector("#producer-table tbody");
  var countLabel = document.getElementById("producer-count");
  var status = document.getElementById("map-status");

  function showError(error) { OCOP.status(status, OCOP.errorText(error), false); }

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

  /** The form's values by field name (every named field, so that new filters follow without code here). */
  function formValues() {
    var values = {};
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name) return;
      if (field.type === "checkbox") { if (field.checked) values[field.name] = field.value || "1"; }
      else if (field.value) values[field.name] = field.value;
    });
    return values;
  }

  function remember() {
    var values = formValues();
    Object.assign(values, OCOP.viewValues(map), {sel: state.selected || ""});
    if (document.body.classList.contains("embed")) values.embed = "1";
    OCOP.writeUrl(values);
    updateSwitch();
    updateSnippet();
    updateDownloads();
  }

  function producerPopup(feature) {
    var stars = OCOP.prop(feature, ["stars", "max_stars", "current_stars"]);
    return popupContent([
      featureName(feature),
      OCOP.prop(feature, ["legal_form_label", "legal_form"]),
      groupText(feature),
      stars ? OCOP.stars(stars) : null,
      OCOP.prop(feature, ["address"])
    ]);
  }

  function select(id, fromMap) {
    if (state.selected && state.rows[state.selected]) {
      state.rows[state.selected].classList.remove("selected");
      state.rows[state.selected].removeAttribute("aria-selected");
    }
    state.selected = id;
    var row = state.rows[id];
    if (row) {
      row.classList.add("selected");
      row.setAttribute("aria-selected", "true");
      if (fromMap) row.scrollIntoView({block: "nearest"});
    }
    remember();
  }

  function open(id) {
    var marker = state.markers[id];
    if (!marker) return;
    select(id, false);
    producers.zoomToShowLayer(marker, function () { marker.openPopup(); });
  }

  function drawProducers(features) {
    producers.clearLayers();
    tbody.replaceChildren();
    var selected = state.selected;
    state = {features: features, markers: {}, rows: {}, selected: null};
    perCommune = {};
    var markers = features.filter(function (f) { return f.geometry; }).map(function (feature) {
      var id = featureId(feature);
      var commune = unitCode(feature);
      if (commune) perCommune[commune] = (perCommune[commune] || 0) + 1;
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
        el("td", {}, unitName(unitOf(feature)) || OCOP.prop(feature, ["commune_name", "commune"]) || ""),
        el("td", {className: "stars"}, OCOP.stars(stars))
      ]);
      row.addEventListener("click", function () { open(id); });
      row.addEventListener("keydown", function (event) { if (event.key === "Enter" || event.key === " ") { event.preventDefault(); open(id); } });
      state.rows[id] = row;
      tbody.appendChild(row);
      return marker;
    });
    producers.addLayers(markers);
    choropleth.setStyle(choroplethStyle);
    drawLegend();
    countLabel.textContent = interpolate(ngettext("%s OCOP producer selected", "%s OCOP producers selected", features.length),
                                         [features.length]);
    if (selected && state.markers[selected]) select(selected, true); else remember();
    document.body.dataset.producersLoaded = String(features.length);
  }

  var latestRequest = 0;
  function reload() {
    var request = ++latestRequest;
    OCOP.status(status, gettext("Loading OCOP producers…"), true);
    document.body.dataset.producersLoaded = "";
    var params = filterParams();
    params.page_size = config.pageSize;
    return OCOP.fetchFeatures(config.api.producers + OCOP.query(params))
      .then(function (features) {
        if (request !== latestRequest) return;  // an answer to older filters is dropped
        OCOP.status(status, features.kept ? interpolate(gettext("You are offline: data %s."),
                                                        [OCOP.updatedAt(features.savedAt)]) : "", false);
        drawProducers(features);
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

  // The address's filters, before the first load.
  Array.prototype.forEach.call(form.elements, function (field) {
    if (!field.name || !params.has(field.name)) return;
    var value = params.get(field.name);
    if (field.type === "checkbox") field.checked = Boolean(value);
    else if (field.tagName === "SELECT") { if (Array.prototype.some.call(field.options, function (o) { return o.value === value; })) field.value = value; }
    else field.value = value;
  });
  filterCommunes();
  var initialSelection = params.get("sel");

  var timer = null;
  form.addEventListener("input", function (event) {
    clearTimeout(timer);
    timer = setTimeout(reload, event.target.name === "q" ? 300 : 0);
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); clearTimeout(timer); reload(); });
  form.addEventListener("reset", function () { setTimeout(function () { filterCommunes(); reload(); }, 0); });
  map.on("moveend", remember);

  // --- Downloads: the selection as the server writes it (web/selection.py), from the same API filters -------
  // One file per format from the list's own filters, so that XLSX, CSV and GeoJSON hold the rows drawn here.
  var downloads = ["xlsx", "csv", "geojson"].map(function (suffix) { return document.getElementById("download-" + suffix); });
  var downloadBase = downloads.map(function (link) { return link.getAttribute("href"); });
  function updateDownloads() {
    if (!downloads) return;  // a move of the map before this part of the script ran
    var query = OCOP.query(filterParams());
    downloads.forEach(function (link, i) { link.setAttribute("href", downloadBase[i] + query); });
  }

  // --- The other generation of units, one click away: this address with the other day, without the unit filters
  var unitsSwitch = document.getElementById("units-on-switch");
  function updateSwitch() {
    if (!unitsSwitch) return;
    var search = new URLSearchParams(window.location.search);
    ["district", "commune", "sel"].forEach(function (name) { search.delete(name); });
    if (unitsSwitch.dataset.unitsOn) search.set("units_on", unitsSwitch.dataset.unitsOn); else search.delete("units_on");
    unitsSwitch.setAttribute("href", "?" + search.toString());
  }

  // --- Embedding: an <iframe> of the current view for the province's portal ----------------------------------
  var snippet = document.getElementById("embed-code");
  function updateSnippet() {
    if (!snippet) return;
    var search = new URLSearchParams(window.location.search);
    search.set("embed", "1");
    var src = window.location.origin + window.location.pathname + "?" + search.toString();
    var iframe = document.createElement("iframe");  // serialised by the DOM, so the address is escaped right
    iframe.setAttribute("src", src);
    iframe.setAttribute("title", gettext("OCOP producer map"));
    iframe.setAttribute("width", "100%");
    iframe.setAttribute("height", "480");
    iframe.setAttribute("style", "border:0");
    iframe.setAttribute("loading", "lazy");
    snippet.value = iframe.outerHTML;
  }
  var copy = document.getElementById("copy-embed");
  if (copy) {
    copy.addEventListener("click", function () {
      var done = function () { OCOP.status(document.getElementById("embed-status"), gettext("Copied."), false); };
      snippet.select();
      if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(snippet.value).then(done, function () {
        document.execCommand("copy"); done();
      });
      else { document.execCommand("copy"); done(); }
    });
  }

  expose("ocopOfficerMap", {map: map, producers: producers, state: function () { return state; }, reload: reload,
                            perCommune: function () { return perCommune; }, choropleth: choropleth,
                            unitsOn: config.unitsOn});
  reload().then(function () {
    // A shared address's selected producer: its row marked, its popup opened.
    if (initialSelection && state.markers[initialSelection]) open(initialSelection);
  });
})();
