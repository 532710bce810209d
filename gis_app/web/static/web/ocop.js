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

  /** An error of a request the network did not answer (offline, no kept copy): `offline` is true and the
      message is the page's own words, never the browser's English ("Failed to fetch"). */
  OCOP.offlineError = function () {
    var error = new Error(gettext("You are offline, and this data was not saved on an earlier visit."));
    error.offline = true;
    return error;
  };

  /** The words of a failed load for the page's status line, in the page's language. */
  OCOP.errorText = function (error) {
    return error && error.offline ? error.message : gettext("Could not load the data:") + " " + (error && error.message);
  };

  /** fetch(), its network failure turned into OCOP.offlineError(). */
  OCOP.fetch = function (url, options) {
    return fetch(url, options).catch(function () { throw OCOP.offlineError(); });
  };

  /** When the copy of `response` the offline worker kept was fetched (a Date), or null for a fresh answer. */
  OCOP.savedAt = function (response) {
    var saved = new Date(response.headers.get("X-OCOP-Saved") || "");
    return isNaN(saved.getTime()) ? null : saved;
  };

  /** "cập nhật lúc 15:30 ngày 07/12/2026" / "updated at 15:30 on 07/12/2026" of the Date `moment` (the words
      are the page's own, from base.html, like the offline banner's). */
  OCOP.updatedAt = function (moment) {
    var holder = document.querySelector("script[data-updated]");
    function two(number) { return (number < 10 ? "0" : "") + number; }
    return (holder ? holder.dataset.updated : "{time} {date}")
      .replace("{time}", two(moment.getHours()) + ":" + two(moment.getMinutes()))
      .replace("{date}", two(moment.getDate()) + "/" + two(moment.getMonth() + 1) + "/" + moment.getFullYear());
  };

  /** Every feature of a paginated GeoJSON list, following `next` links. The list's `savedAt` is when the oldest
      page of it was fetched: now for a fresh answer, earlier for the offline worker's kept copy (`kept` is then true). */
  OCOP.fetchFeatures = function (url) {
    var features = [], savedAt = new Date(), kept = false;
    function page(next) {
      return OCOP.fetch(next, {headers: {Accept: "application/geo+json, application/json"}, credentials: "same-origin"})
        .then(function (response) {
          var saved = OCOP.savedAt(response);
          if (saved && saved < savedAt) savedAt = saved;
          if (saved) kept = true;
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
          if (body.next) return page(body.next);
          features.savedAt = savedAt;
          features.kept = kept;
          return features;
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

  /** The page's language ("vi" or "en"), from <html lang>. */
  OCOP.lang = function () { return (document.documentElement.lang || "vi").slice(0, 2); };

  /** A number written the page's way: 1,9 and 12.500 in Vietnamese, 1.9 and 12,500 in English. */
  OCOP.formatNumber = function (value, digits) {
    var locale = OCOP.lang() === "vi" ? "vi-VN" : "en-GB";
    return new Intl.NumberFormat(locale, {minimumFractionDigits: digits || 0, maximumFractionDigits: digits || 0})
      .format(value);
  };

  /** A date (ISO "yyyy-mm-dd") as dd/mm/yyyy. */
  OCOP.formatDate = function (iso) {
    var parts = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || "");
    return parts ? parts[3] + "/" + parts[2] + "/" + parts[1] : "";
  };

  /** A map view read from the page's address (?lat=…&lon=…&z=…), or null. */
  OCOP.viewFromUrl = function (params) {
    var lat = parseFloat(params.get("lat")), lon = parseFloat(params.get("lon")), z = parseInt(params.get("z"), 10);
    if (!isFinite(lat) || !isFinite(lon) || !isFinite(z) || Math.abs(lat) > 90 || Math.abs(lon) > 180) return null;
    return {lat: lat, lon: lon, z: Math.max(3, Math.min(19, z))};
  };

  /** Replace the page's address query by `values` (empty values left out), keeping the page in history once. */
  OCOP.writeUrl = function (values) {
    var search = OCOP.query(values);
    var url = window.location.pathname + search + window.location.hash;
    if (url !== window.location.pathname + window.location.search + window.location.hash) {
      window.history.replaceState(null, "", url);
    }
    return url;
  };

  OCOP.viewValues = function (map) {
    var centre = map.getCenter();
    return {z: map.getZoom(), lat: centre.lat.toFixed(5), lon: centre.lng.toFixed(5)};
  };

  /** Show `text` in a status element, with a spinner while `busy`. */
  OCOP.status = function (element, text, busy) {
    element.textContent = text;
    element.hidden = !text;
    element.classList.toggle("busy", Boolean(busy));
    element.setAttribute("aria-busy", busy ? "true" : "false");
  };

  /** A neutral cluster bubble (grey, never a group colour) with an accessible name. */
  OCOP.clusterIcon = function (cluster) {
    var count = cluster.getChildCount();
    var size = count < 10 ? 34 : count < 100 ? 40 : 48;
    return new OCOP.NamedDivIcon({
      html: "<span>" + count + "</span>", className: "neutral-cluster", iconSize: [size, size],
      label: interpolate(ngettext("%s place grouped here: zoom in", "%s places grouped here: zoom in", count), [count])
    });
  };

  /** A div icon whose element carries an aria-label (Leaflet gives icons role=button but no name). */
  OCOP.NamedDivIcon = global.L ? L.DivIcon.extend({  // pages without Leaflet load this file too
    createIcon: function (old) {
      var div = L.DivIcon.prototype.createIcon.call(this, old);
      if (this.options.label) div.setAttribute("aria-label", this.options.label);
      return div;
    }
  }) : null;

  /** District boundaries drawn under the data, so that the map reads without a basemap. */
  OCOP.boundaryLayer = function () {
    return L.geoJSON(null, {style: {color: "#555", weight: 1.5, fill: false, dashArray: "4 3"}, interactive: false});
  };

  /** 850 m, 1,9 km (Vietnamese) or 1.9 km (English), 12 km; the space before the unit is non-breaking. */
  OCOP.formatDistance = function (metres) {
    if (metres === null || metres === undefined) return "";
    if (metres < 1000) return OCOP.formatNumber(Math.round(metres)) + "\u00a0m";
    return OCOP.formatNumber(metres / 1000, metres < 10000 ? 1 : 0) + "\u00a0km";
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

  /** The feature's name in the page's language: `name_en` on English pages where filled, else `name`. */
  OCOP.name = function (feature) {
    var props = feature.properties || {};
    return (OCOP.lang() === "en" && props.name_en) || OCOP.prop(feature, ["name"]) || "";
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
