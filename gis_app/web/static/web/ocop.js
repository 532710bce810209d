/* Helpers shared by the OCOP-GIS map pages. Data is always put into the page as text (textContent),
   never as HTML, so names such as "<script>" are shown, not run. */
(function (global) {
  "use strict";
  var OCOP = {};

  /** An element with attributes and children (strings become text nodes). */
  OCOP.el = function (tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (attrs[key] === null || attrs[key] === undefined) return;
      if (key === "className") node.className = attrs[key];
      else if (key.slice(0, 2) === "on") node.addEventListener(key.slice(2), attrs[key]);
      else node.setAttribute(key, attrs[key]);
    });
    [].concat(children === undefined ? [] : children).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
    });
    return node;
  };

  /** Every feature of a paginated GeoJSON list, following `next` links. */
  OCOP.fetchFeatures = function (url) {
    var features = [];
    function page(next) {
      return fetch(next, {headers: {Accept: "application/geo+json, application/json"}, credentials: "same-origin"})
        .then(function (response) {
          if (!response.ok) {
            return response.json().catch(function () { return {}; }).then(function (body) {
              var message = body && body.error ? body.error.message : response.statusText;
              throw new Error(message);
            });
          }
          return response.json();
        })
        .then(function (body) {
          var collection = body.features ? body : (body.results || {});
          features = features.concat(collection.features || []);
          return body.next ? page(body.next) : features;
        });
    }
    return page(url);
  };

  OCOP.query = function (params) {
    var search = new URLSearchParams();
    Object.keys(params).forEach(function (key) {
      var value = params[key];
      if (value !== "" && value !== null && value !== undefined && value !== false) search.append(key, value);
    });
    var text = search.toString();
    return text ? "?" + text : "";
  };

  /** A Leaflet map with the configured basemap (none when the setting is empty: features still draw). */
  OCOP.createMap = function (id, config) {
    var map = L.map(id, {minZoom: 3, maxZoom: 19});
    if (config.bounds) map.fitBounds(config.bounds, {padding: [10, 10]});
    else map.setView(config.center, config.zoom);
    if (config.tilesUrl) {
      L.tileLayer(config.tilesUrl, {attribution: config.tilesAttribution, maxZoom: 19}).addTo(map);
    }
    return map;
  };

  /** District boundaries drawn under the data, so that the map reads without a basemap. */
  OCOP.boundaryLayer = function () {
    return L.geoJSON(null, {style: {color: "#555", weight: 1.5, fill: false, dashArray: "4 3"}, interactive: false});
  };

  OCOP.formatDistance = function (metres) {
    if (metres === null || metres === undefined) return "";
    return metres < 1000 ? Math.round(metres) + " m" : (metres / 1000).toFixed(metres < 10000 ? 1 : 0) + " km";
  };

  OCOP.stars = function (count) {
    return count ? new Array(count + 1).join("★") : "";
  };

  /** The first defined property among `names` (the API may name a field in either way). */
  OCOP.prop = function (feature, names) {
    var props = feature.properties || {};
    for (var i = 0; i < names.length; i++) {
      if (props[names[i]] !== undefined && props[names[i]] !== null) return props[names[i]];
    }
    return null;
  };

  OCOP.download = function (filename, type, text) {
    var blob = new Blob([text], {type: type});
    var link = OCOP.el("a", {href: URL.createObjectURL(blob), download: filename});
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 0);
  };

  // Characters that make a spreadsheet run a text cell as a formula; the page's config hands over the server's
  // list (gis_app/core/csv_safe.py, FORMULA_PREFIXES) so both CSV writers follow one rule.
  OCOP.formulaPrefixes = ["=", "+", "-", "@", "\t", "\r"];

  OCOP.csvCell = function (value) {
    var text = value === null || value === undefined ? "" : (typeof value === "object" ? JSON.stringify(value) : String(value));
    if (typeof value === "string" || typeof value === "object") {
      var first = text.replace(/^ +/, "").charAt(0);
      // OWASP: a leading quote makes the cell plain text (numbers such as -5 stay numbers)
      if (OCOP.formulaPrefixes.indexOf(first) >= 0 || OCOP.formulaPrefixes.indexOf(text.charAt(0)) >= 0) {
        text = "'" + text;
      }
    }
    return /[",\n\r]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  };

  /** CSV text of GeoJSON point features: their properties plus lon and lat. */
  OCOP.featuresToCsv = function (features) {
    var columns = [];
    features.forEach(function (f) {
      Object.keys(f.properties || {}).forEach(function (key) { if (columns.indexOf(key) < 0) columns.push(key); });
    });
    var header = columns.concat(["lon", "lat"]);
    var lines = [header.map(OCOP.csvCell).join(",")];
    features.forEach(function (f) {
      var coords = f.geometry && f.geometry.type === "Point" ? f.geometry.coordinates : [null, null];
      var row = columns.map(function (key) { return f.properties[key]; }).concat(coords);
      lines.push(row.map(OCOP.csvCell).join(","));
    });
    return "\ufeff" + lines.join("\r\n") + "\r\n";
  };

  global.OCOP = OCOP;
})(window);
