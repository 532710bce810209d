/* Visitor map: choose a point (geolocation, a tap, a search) and list the nearest published sites and
   OCOP products with their distances. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("visitor-map-config").textContent);
  var el = OCOP.el;
  var map = OCOP.createMap("visitor-map", config);
  var boundaries = OCOP.boundaryLayer().addTo(map);
  var results = L.featureGroup().addTo(map);
  var here = null, point = null, latestRequest = 0;
  var list = document.getElementById("nearest-list");
  var status = document.getElementById("visitor-status");
  var controls = document.querySelector(".visitor-controls");
  var kindLabels = {};
  config.kinds.forEach(function (kind) { kindLabels[kind.value] = kind.label; });

  function say(text) { status.textContent = text; }
  function distance(feature) { return OCOP.prop(feature, ["distance", "distance_m", "distance_metres"]); }
  function id(feature) { return String(feature.id !== undefined ? feature.id : OCOP.prop(feature, ["id", "pk"])); }
  function show() { return controls.querySelector("input[name=show]:checked").value; }

  function describe(item) {
    if (item.type === "site") return kindLabels[OCOP.prop(item.feature, ["kind"])] || gettext("Place to visit");
    var stars = OCOP.prop(item.feature, ["stars", "current_stars"]);
    var producer = OCOP.prop(item.feature, ["producer_name", "producer"]);
    if (producer && typeof producer === "object") producer = producer.name;
    return [gettext("OCOP product"), OCOP.stars(stars), producer].filter(Boolean).join(" · ");
  }

  function entry(item, index) {
    var feature = item.feature, name = OCOP.prop(feature, ["name"]) || "";
    var coords = feature.geometry.coordinates;
    var marker = L.circleMarker([coords[1], coords[0]], {
      radius: 9, color: "#fff", weight: 2, fillOpacity: 1, fillColor: item.type === "site" ? "#e67e22" : "#c0392b"
    }).addTo(results);
    var link = item.type === "site"
      ? el("a", {href: config.siteUrl.replace("0", id(feature))}, gettext("Details and directions")) : null;
    marker.bindPopup(el("div", {className: "popup"}, [el("strong", {className: "popup-title"}, name),
      el("div", {}, describe(item)), el("div", {}, OCOP.formatDistance(distance(feature))), link]));
    var title = item.type === "site" ? el("a", {href: config.siteUrl.replace("0", id(feature))}, name) : el("span", {}, name);
    var li = el("li", {"data-type": item.type, "data-id": id(feature), className: "result " + item.type}, [
      el("span", {className: "rank"}, String(index + 1)),
      el("div", {className: "result-body"}, [el("strong", {className: "result-name"}, title),
        el("small", {}, describe(item))]),
      el("span", {className: "distance"}, OCOP.formatDistance(distance(feature)))
    ]);
    li.addEventListener("click", function (event) {
      if (event.target.tagName !== "A") { map.setView(marker.getLatLng(), Math.max(map.getZoom(), 14)); marker.openPopup(); }
    });
    return li;
  }

  function nearest() {
    if (!point) return Promise.resolve();
    var near = point.lng.toFixed(6) + "," + point.lat.toFixed(6);
    var mode = show(), kind = controls.querySelector("select[name=kind]").value;
    var requests = [];
    if (mode !== "products") {
      requests.push(OCOP.fetchFeatures(config.api.sites + OCOP.query({nearest: near, limit: config.limit, kind: kind}))
        .then(function (fs) { return fs.map(function (f) { return {type: "site", feature: f}; }); }));
    }
    if (mode !== "sites") {
      requests.push(OCOP.fetchFeatures(config.api.products + OCOP.query({nearest: near, limit: config.limit}))
        .then(function (fs) { return fs.map(function (f) { return {type: "product", feature: f}; }); }));
    }
    say(gettext("Looking for what is near…"));
    document.body.dataset.nearestLoaded = "";
    var request = ++latestRequest;
    return Promise.all(requests).then(function (groups) {
      if (request !== latestRequest) return;  // a newer point or filter was chosen meanwhile
      var items = [].concat.apply([], groups).filter(function (item) { return item.feature.geometry; });
      items.sort(function (a, b) { return distance(a.feature) - distance(b.feature); });
      results.clearLayers();
      list.replaceChildren.apply(list, items.map(entry));
      var nearestFew = L.latLngBounds([point]);
      results.getLayers().slice(0, 3).forEach(function (marker) { nearestFew.extend(marker.getLatLng()); });
      map.fitBounds(nearestFew, {padding: [30, 30], maxZoom: 15});
      say(items.length ? interpolate(ngettext("%s result, nearest first.", "%s results, nearest first.", items.length),
                                     [items.length])
                       : gettext("Nothing published near this point."));
      document.body.dataset.nearestLoaded = String(items.length);
    }).catch(function (error) { say(gettext("Could not load the data:") + " " + error.message); });
  }

  function setPoint(latlng, zoom) {
    point = latlng;
    if (here) here.setLatLng(latlng);
    else here = L.marker(latlng, {title: gettext("Chosen point"), keyboard: false}).addTo(map);
    map.setView(latlng, zoom || Math.max(map.getZoom(), 13));
    return nearest();
  }

  OCOP.fetchFeatures(config.api.districts).then(function (features) { boundaries.addData(features); })
    .catch(function (error) { say(gettext("Could not load the data:") + " " + error.message); });
  map.on("click", function (event) { setPoint(event.latlng); });
  document.getElementById("near-me").addEventListener("click", function () {
    if (!navigator.geolocation) { say(gettext("Your browser cannot tell where you are.")); return; }
    say(gettext("Finding where you are…"));
    navigator.geolocation.getCurrentPosition(function (position) {
      setPoint(L.latLng(position.coords.latitude, position.coords.longitude), 14);
    }, function () {
      say(gettext("Your position is not available: tap the map or search instead."));
    }, {enableHighAccuracy: true, timeout: 10000, maximumAge: 60000});
  });
  controls.addEventListener("change", function (event) {
    if (event.target.name === "show" || event.target.name === "kind") nearest();
  });

  var searchForm = document.getElementById("place-search");
  var searchResults = document.getElementById("search-results");
  searchForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var q = searchForm.elements.q.value.trim();
    if (!q) return;
    Promise.all([
      OCOP.fetchFeatures(config.api.sites + OCOP.query({q: q})),
      OCOP.fetchFeatures(config.api.products + OCOP.query({q: q}))
    ]).then(function (found) {
      var items = found[0].map(function (f) { return {type: "site", feature: f}; })
        .concat(found[1].map(function (f) { return {type: "product", feature: f}; }))
        .filter(function (item) { return item.feature.geometry; }).slice(0, 8);
      searchResults.replaceChildren.apply(searchResults, items.map(function (item) {
        var c = item.feature.geometry.coordinates;
        return el("li", {}, el("button", {type: "button", className: "link", onclick: function () {
          searchResults.hidden = true;
          setPoint(L.latLng(c[1], c[0]), 14);
        }}, [OCOP.prop(item.feature, ["name"]) || "", el("small", {}, " · " + describe(item))]));
      }));
      if (!items.length) searchResults.appendChild(el("li", {}, gettext("Nothing found.")));
      searchResults.hidden = false;
    }).catch(function (error) { say(gettext("Could not load the data:") + " " + error.message); });
  });

  window.ocopVisitorMap = {map: map, setPoint: setPoint, point: function () { return point; }};
})();
