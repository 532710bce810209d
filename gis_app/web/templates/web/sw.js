/* OCOP-GIS service worker (rendered by gis_app/web/pwa.py). Visitors in orchards often have a weak signal:
   pages and data are fetched from the network first and kept, so the last ones seen still open offline; the
   app's scripts and styles come from the cache at once and are refreshed behind; basemap tiles seen are kept (a bounded number: they are opaque cross-origin answers, which browsers count
   generously against the storage quota). */
"use strict";
var VERSION = "{{ version }}";
var SHELL = "ocop-shell-" + VERSION, PAGES = "ocop-pages", DATA = "ocop-data", TILES = "ocop-tiles";
var SHELL_URLS = {{ shell|safe }};
var LIMITS = {"ocop-pages": 60, "ocop-data": 120, "ocop-tiles": 300};
// Pages a visitor reads (the map, sites, products, published tours) and the public data the map draws.
var VISITOR_PAGES = /^\/(?:$|sites\/\d+\/$|products\/\d+\/$|tours\/\d+\/$)/;
var VISITOR_DATA = /^\/(?:api\/v1\/(?:sites|products|units)\/|jsi18n\/|manifest\.webmanifest$)/;

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(SHELL).then(function (cache) {
    // One missing file must not stop the worker from installing: add them one by one.
    return Promise.all(SHELL_URLS.map(function (url) { return cache.add(url).catch(function () {}); }));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) { return name.indexOf("ocop-shell-") === 0 && name !== SHELL; })
      .map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

function trim(name) {
  return caches.open(name).then(function (cache) {
    return cache.keys().then(function (keys) {
      var extra = keys.length - LIMITS[name];
      return Promise.all(keys.slice(0, Math.max(0, extra)).map(function (key) { return cache.delete(key); }));
    });
  });
}

function keep(name, request, response) {
  if (response && (response.ok || response.type === "opaque")) {
    var copy = response.clone();
    caches.open(name).then(function (cache) { return cache.put(request, copy); }).then(function () { return trim(name); });
  }
  return response;
}

function networkFirst(name, request, fallback) {
  return fetch(request).then(function (response) { return keep(name, request, response); }).catch(function () {
    return caches.match(request, {ignoreVary: true}).then(function (hit) { return hit || (fallback && fallback()); });
  });
}

function cacheFirst(name, request) {
  return caches.match(request, {ignoreVary: true}).then(function (hit) {
    return hit || fetch(request).then(function (response) { return keep(name, request, response); });
  });
}

/** The kept copy at once (fast on a weak signal), refreshed from the network for the next visit. */
function staleWhileRevalidate(name, request) {
  return caches.match(request, {ignoreVary: true}).then(function (hit) {
    var fresh = fetch(request).then(function (response) { return keep(name, request, response); });
    if (hit) { fresh.catch(function () {}); return hit; }
    return fresh;
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    if (request.destination === "image") event.respondWith(cacheFirst(TILES, request));  // basemap tiles
    return;
  }
  if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(staleWhileRevalidate(SHELL, request));
  } else if (request.mode === "navigate" && VISITOR_PAGES.test(url.pathname)) {
    event.respondWith(networkFirst(PAGES, request, function () { return caches.match("/", {ignoreSearch: true}); }));
  } else if (VISITOR_DATA.test(url.pathname)) {
    event.respondWith(networkFirst(DATA, request));
  }
});
