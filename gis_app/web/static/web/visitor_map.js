/* Visitor map: every published site and OCOP product at once (clustered); choosing a point (geolocation, a
   tap, a search) ranks the nearest with their distances. The view, the point, the filters and the selected
   row live in the page's address, and the last viewed area is remembered for the next (perhaps offline) visit. */
import { createMap, expose, readConfig } from "./map.js";
import { gettext, interpolate, ngettext } from "./i18n.js";

(function () {
  "use strict";
  var config = readConfig("visitor-map-config");
  var el = OCOP.el;
  var params = new URLSearchParams(window.location.search);
  var VIEW_KEY = "ocop.visitor.view";

  function storedView() {
    try { return OCOP.viewFromUrl(new URLSearchParams(window.localStorage.getItem(VIEW_KEY) || "")); }
    catch (error) { return null; }  // storage refused (private mode): start from the province
  }
  var urlView = OCOP.viewFromUrl(params);
  var map = createMap("visitor-map", config, {view: urlView || storedView()});
  var mapElement = document.getElementById("visitor-map");
  var boundaries = OCOP.boundaryLayer().addTo(map);
  var overview = L.markerClusterGroup({maxClusterRadius: 45, showCoverageOnHover: false,
                                       iconCreateFunction: OCOP.clusterIcon}).addTo(map);
  var here = null, point = null, latestRequest = 0, selected = null;
  var overviewSavedAt = null;  // when the sites and products on the map were fetched (offline: the kept copy's time)
  var items = {};       // "site:3" → {type, feature, marker, distance}
  var rows = {};        // "site:3" → <li>
  var list = document.getElementById("nearest-list");
  var status = document.getElementById("visitor-status");
  var controls = document.querySelector(".visitor-controls");
  var kindLabels = {};
  config.kinds.forEach(function (kind) { kindLabels[kind.value] = kind.label; });

  function say(text, busy) { OCOP.status(status, text, busy); }
  function distanceOf(feature) { return OCOP.prop(feature, ["distance", "distance_m", "distance_metres"]); }
  function id(feature) { return String(feature.id !== undefined ? feature.id : OCOP.prop(feature, ["id", "pk"])); }
  function keyOf(type, feature) { return type + ":" + id(feature); }
  function show() { return controls.querySelector("input[name=show]:checked").value; }
  function kind() { return controls.querySelector("select[name=kind]").value; }
  function pageUrl(type, feature) {
    return type === "site" ? config.siteUrl.replace("0", id(feature)) : config.productUrl.replace("{id}", id(feature));
  }

  function describe(type, feature) {
    if (type === "site") return kindLabels[OCOP.prop(feature, ["kind"])] || gettext("Place to visit");
    var stars = OCOP.prop(feature, ["stars", "current_stars"]);
    var producer = OCOP.prop(feature, ["producer_name", "producer"]);
    if (producer && typeof producer === "object") producer = producer.name;
    return [gettext("OCOP product"), OCOP.stars(stars), producer].filter(Boolean).join(" · ");
  }

  function popup(item) {
    var feature = item.feature;
    return el("div", {className: "popup"}, [
      el("strong", {className: "popup-title"}, OCOP.name(feature)),
      el("div", {}, describe(item.type, feature)),
      item.distance !== undefined ? el("div", {}, OCOP.formatDistance(item.distance)) : null,
      el("a", {href: pageUrl(item.type, feature)},
         item.type === "site" ? gettext("Details and directions") : gettext("Product page"))]);
  }

  /** The item of `feature` with its marker (made once, kept in the cluster group). */
  function itemFor(type, feature) {
    var key = keyOf(type, feature);
    if (items[key]) return items[key];
    var coords = feature.geometry.coordinates, name = OCOP.name(feature);
    var item = {key: key, type: type, feature: feature};
    // Sites are squares, products circles: told apart by shape, not by colour alone.
    item.marker = L.marker([coords[1], coords[0]], {title: name, icon: new OCOP.NamedDivIcon({
      className: "visitor-marker " + type, iconSize: [22, 22], html: "<span></span>",
      label: name + " (" + (type === "site" ? gettext("Place to visit") : gettext("OCOP product")) + ")"})});
    item.marker.bindPopup(function () { return popup(item); });
    item.marker.on("click", function () { mark(key); });
    items[key] = item;
    return item;
  }

  function shown(item) {
    var mode = show();
    if (mode === "sites" && item.type !== "site") return false;
    if (mode === "products" && item.type !== "product") return false;
    return !(item.type === "site" && kind() && OCOP.prop(item.feature, ["kind"]) !== kind());
  }

  function drawOverview() {
    overview.clearLayers();
    overview.addLayers(Object.keys(items).map(function (key) { return items[key]; }).filter(shown)
      .map(function (item) { return item.marker; }));
  }

  function overviewText() {
    var sites = 0, products = 0;
    Object.keys(items).forEach(function (key) { if (items[key].type === "site") sites++; else products++; });
    return interpolate(gettext("%(sites)s places to visit and %(products)s OCOP products on the map. " +
                               "Use “Near me”, tap the map or search to rank them by distance."),
                       {sites: sites, products: products}, true);
  }

  /** Mark the row of `key` (and remember it in the address). */
  function mark(key) {
    if (selected && rows[selected]) { rows[selected].classList.remove("selected"); rows[selected].removeAttribute("aria-current"); }
    selected = key;
    if (rows[key]) { rows[key].classList.add("selected"); rows[key].setAttribute("aria-current", "true"); }
    remember();
  }

  /** A tapped row: mark it, bring the map into view (on a phone it is above the list) and open the popup. */
  function openOnMap(key) {
    var item = items[key];
    if (!item) return;
    mark(key);
    var box = mapElement.getBoundingClientRect();
    if (box.top < 0 || box.bottom > window.innerHeight) mapElement.scrollIntoView({block: "start"});
    if (!overview.hasLayer(item.marker)) overview.addLayer(item.marker);
    overview.zoomToShowLayer(item.marker, function () {
      // Centred first, so that on a short phone map the popup above the marker is not cut off at the top.
      map.setView(item.marker.getLatLng(), map.getZoom(), {animate: false});
      item.marker.openPopup();
    });
  }

  function entry(item, index) {
    var feature = item.feature, name = OCOP.name(feature);
    var li = el("li", {"data-type": item.type, "data-id": id(feature), className: "result " + item.type}, [
      // The accessible name starts with the visible rank, as speech-input users will say it.
      el("button", {type: "button", className: "rank",
                    "aria-label": (index + 1) + ". " + interpolate(gettext("Show %s on the map"), [name]),
                    onclick: function () { openOnMap(item.key); }}, String(index + 1)),
      el("div", {className: "result-body"}, [
        el("strong", {className: "result-name"}, el("a", {href: pageUrl(item.type, feature)}, name)),
        el("small", {}, describe(item.type, feature))]),
      el("span", {className: "distance"}, OCOP.formatDistance(item.distance))
    ]);
    li.addEventListener("click", function (event) {
      if (!event.target.closest("a, button")) openOnMap(item.key);
    });
    rows[item.key] = li;
    return li;
  }

  function nearest(keepView) {
    if (!point) return Promise.resolve();
    var near = point.lng.toFixed(6) + "," + point.lat.toFixed(6);
    var mode = show(), requests = [];
    if (mode !== "products") {
      requests.push(OCOP.fetchFeatures(config.api.sites + OCOP.query({nearest: near, limit: config.limit, kind: kind()}))
        .then(function (fs) { return fs.map(function (f) { return {type: "site", feature: f}; }); }));
    }
    if (mode !== "sites") {
      requests.push(OCOP.fetchFeatures(config.api.products + OCOP.query({nearest: near, limit: config.limit, ocop: "true"}))
        .then(function (fs) { return fs.map(function (f) { return {type: "product", feature: f}; }); }));
    }
    say(gettext("Looking for what is near…"), true);
    document.body.dataset.nearestLoaded = "";
    var request = ++latestRequest, offline = false;
    return Promise.all(requests).then(function (groups) {
      return [].concat.apply([], groups).filter(function (hit) { return hit.feature.geometry; }).map(function (hit) {
        var item = itemFor(hit.type, hit.feature);
        item.distance = distanceOf(hit.feature);
        return item;
      });
    }, function (error) {
      // Offline: rank what is already on the map, by distance from the point, as the API would.
      if (!error.offline || !Object.keys(items).length) throw error;
      offline = true;
      return nearestOnTheMap();
    }).then(function (found) {
      if (request !== latestRequest) return;  // a newer point or filter was chosen meanwhile
      found.sort(function (a, b) { return a.distance - b.distance; });
      rows = {};
      list.replaceChildren.apply(list, found.map(entry));
      drawOverview();
      if (selected && rows[selected]) mark(selected);
      if (!keepView) {
        var nearestFew = L.latLngBounds([point]);
        found.slice(0, 3).forEach(function (item) { nearestFew.extend(item.marker.getLatLng()); });
        map.fitBounds(nearestFew, {padding: [30, 30], maxZoom: 15});
      }
      var text = found.length ? interpolate(ngettext("%s result, nearest first.", "%s results, nearest first.", found.length),
                                            [found.length])
                              : gettext("Nothing published near this point.");
      if (offline) {
        text = interpolate(gettext("You are offline: ranked from the places and products last loaded (%s)."),
                           [OCOP.updatedAt(overviewSavedAt || new Date())]) + " " + text;
      }
      say(text);
      document.body.dataset.nearestOffline = offline ? "true" : "";
      document.body.dataset.nearestLoaded = String(found.length);
      remember();
    }).catch(function (error) { say(OCOP.errorText(error)); });
  }

  /** The nearest `config.limit` sites and OCOP products shown on the map (filters applied), each with its
      great-circle distance in metres from the chosen point: near-me without a network. */
  function nearestOnTheMap() {
    var byType = {site: [], product: []};
    Object.keys(items).forEach(function (key) {
      var item = items[key];
      if (!shown(item)) return;
      item.distance = point.distanceTo(item.marker.getLatLng());
      byType[item.type].push(item);
    });
    function closest(list) { return list.sort(function (a, b) { return a.distance - b.distance; }).slice(0, config.limit); }
    return closest(byType.site).concat(closest(byType.product));
  }

  function setPoint(latlng, zoom, keepView) {
    point = latlng;
    if (here) here.setLatLng(latlng);
    else here = L.marker(latlng, {title: gettext("Chosen point"), alt: gettext("Chosen point"), keyboard: false,
                                zIndexOffset: 1000}).addTo(map);
    if (!keepView) map.setView(latlng, zoom || Math.max(map.getZoom(), 13));
    return nearest(keepView);
  }

  /** The page's state in its address (shareable) and the view in local storage (the next visit starts there). */
  function remember() {
    var view = OCOP.viewValues(map);
    OCOP.writeUrl({
      near: point ? point.lng.toFixed(5) + "," + point.lat.toFixed(5) : "",
      show: show() === "all" ? "" : show(), kind: kind(), sel: selected || "",
      z: view.z, lat: view.lat, lon: view.lon});
    try { window.localStorage.setItem(VIEW_KEY, OCOP.query(view).slice(1)); } catch (error) { /* storage refused */ }
  }
  map.on("moveend", remember);

  // --- Start: the address's filters, then every published site and product, then the address's point. ----------
  var showParam = params.get("show");
  if (showParam && controls.querySelector("input[name=show][value='" + CSS.escape(showParam) + "']")) {
    controls.querySelector("input[name=show][value='" + CSS.escape(showParam) + "']").checked = true;
  }
  var kindSelect = controls.querySelector("select[name=kind]");
  if (params.get("kind") && kindSelect.querySelector("option[value='" + CSS.escape(params.get("kind")) + "']")) {
    kindSelect.value = params.get("kind");
  }
  selected = params.get("sel");

  OCOP.fetchFeatures(config.api.districts).then(function (features) { boundaries.addData(features); })
    .catch(function (error) { say(OCOP.errorText(error)); });
  say(gettext("Loading places and products…"), true);
  Promise.all([OCOP.fetchFeatures(config.allSites), OCOP.fetchFeatures(config.allProducts)]).then(function (found) {
    found[0].forEach(function (f) { if (f.geometry) itemFor("site", f); });
    found[1].forEach(function (f) { if (f.geometry) itemFor("product", f); });
    overviewSavedAt = found[0].savedAt < found[1].savedAt ? found[0].savedAt : found[1].savedAt;
    drawOverview();
    document.body.dataset.overviewLoaded = String(Object.keys(items).length);
    var near = (params.get("near") || "").split(",").map(parseFloat);
    if (near.length === 2 && isFinite(near[0]) && isFinite(near[1])) {
      return setPoint(L.latLng(near[1], near[0]), null, Boolean(urlView)).then(function () {
        if (selected && items[selected]) openOnMap(selected);
      });
    }
    if (!point) {
      say((found[0].kept || found[1].kept ? interpolate(gettext("You are offline: data %s."),
                                                      [OCOP.updatedAt(overviewSavedAt)]) + " " : "") + overviewText());
    }
  }).catch(function (error) { say(OCOP.errorText(error)); });

  map.on("click", function (event) { setPoint(event.latlng); });
  document.getElementById("near-me").addEventListener("click", function () {
    if (!navigator.geolocation) { say(gettext("Your browser cannot tell where you are.")); return; }
    say(gettext("Finding where you are…"), true);
    navigator.geolocation.getCurrentPosition(function (position) {
      setPoint(L.latLng(position.coords.latitude, position.coords.longitude), 14);
    }, function () {
      say(gettext("Your position is not available: tap the map or search instead."));
    }, {enableHighAccuracy: true, timeout: 10000, maximumAge: 60000});
  });
  controls.addEventListener("change", function (event) {
    if (event.target.name !== "show" && event.target.name !== "kind") return;
    drawOverview();
    if (point) nearest(true); else remember();
  });

  var searchForm = document.getElementById("place-search");
  var searchResults = document.getElementById("search-results");
  searchForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var q = searchForm.elements.q.value.trim();
    if (!q) return;
    say(gettext("Searching…"), true);
    Promise.all([
      OCOP.fetchFeatures(config.api.sites + OCOP.query({q: q})),
      OCOP.fetchFeatures(config.api.products + OCOP.query({q: q}))
    ]).then(function (found) {
      var hits = found[0].map(function (f) { return {type: "site", feature: f}; })
        .concat(found[1].map(function (f) { return {type: "product", feature: f}; }))
        .filter(function (hit) { return hit.feature.geometry; }).slice(0, 8);
      searchResults.replaceChildren.apply(searchResults, hits.map(function (hit) {
        var c = hit.feature.geometry.coordinates;
        return el("li", {}, el("button", {type: "button", className: "link", onclick: function () {
          searchResults.hidden = true;
          setPoint(L.latLng(c[1], c[0]), 14);
        }}, [OCOP.name(hit.feature), el("small", {}, " · " + describe(hit.type, hit.feature))]));
      }));
      if (!hits.length) searchResults.appendChild(el("li", {}, gettext("Nothing found.")));
      searchResults.hidden = false;
      say(interpolate(ngettext("%s match.", "%s matches.", hits.length), [hits.length]));
    }).catch(function (error) { say(OCOP.errorText(error)); });
  });

  expose("ocopVisitorMap", {map: map, overview: overview, setPoint: setPoint, point: function () { return point; },
                           items: function () { return items; }});
})();
