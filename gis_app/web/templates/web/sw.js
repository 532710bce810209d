/* OCOP-GIS service worker (rendered by gis_app/web/pwa.py). Visitors in orchards often have a weak signal:
   pages and data are fetched from the network first and kept, each copy stamped with the time it was fetched
   (X-OCOP-Saved), so the last ones seen still open offline, dated; a page never seen opens the offline page in
   the visitor's language, not another page under its address. The app's scripts and styles come from the cache
   at once and are refreshed behind; basemap tiles (other hosts) are left to the browser's own cache. */
"use strict";
var VERSION = "{{ version }}";
var SHELL = "ocop-shell-" + VERSION, PAGES = "ocop-pages", DATA = "ocop-data", TILES = "ocop-tiles";
var MEDIA = "ocop-media", MEDIA_URL = "{{ media_url|escapejs }}";  // the photos the kept pages show
var SHELL_URLS = {{ shell|safe }};
var OFFLINE_PAGES = {{ offline_pages|safe }};  // language code → the offline page in that language
var DEFAULT_LANGUAGE = "{{ default_language }}";
var LIMITS = {"ocop-pages": 60, "ocop-data": 120, "ocop-tiles": 300, "ocop-media": 150};
var SAVED = "X-OCOP-Saved";
// Pages a visitor reads: the maps, the catalogue (each query its own copy), sites, producers, products, fairs,
// tour routes. Pages whose HTML does not depend on the query (the maps read it in the browser) fall back to
// any kept copy of the same path.
var VISITOR_PAGES = /^\/(?:$|map\/$|products\/$|products\/\d+\/$|producers\/\d+\/$|sites\/\d+\/$|events\/$|tours\/$|tours\/\d+\/$)/;
var SCRIPTED_PAGES = /^\/(?:$|map\/$)/;
// The public data the pages draw (not exports, not writes), and the catalogues of the pages' scripts.
var VISITOR_DATA = /^\/(?:icons\/|api\/v1\/(?!.*\/(?:export|compute|publish|submit|reject|revoke)\/)|tiles\/|jsi18n\/|manifest\.webmanifest$)/;
// Answers to one point or one search: not worth keeping (the next point differs; near-me ranks offline in the page).
var TRANSIENT = /[?&](?:nearest|q)=/;

self.addEventListener("install", function (event) {
  var urls = SHELL_URLS.concat(Object.keys(OFFLINE_PAGES).map(function (code) { return OFFLINE_PAGES[code]; }));
  event.waitUntil(caches.open(SHELL).then(function (cache) {
    // One missing file must not stop the worker from installing: add them one by one.
    return Promise.all(urls.map(function (url) { return cache.add(url).catch(function () {}); }));
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

/** The language a page was written in (Django's LocaleMiddleware says it in Content-Language). */
function languageOf(response) {
  var code = response && (response.headers.get("Content-Language") || "").slice(0, 2);
  return OFFLINE_PAGES[code] ? code : null;
}

/** Keep a copy of `response`, stamped with the time it was fetched (opaque tiles are kept as they are). */
function keep(name, request, response, key) {
  if (!response || !(response.ok || response.type === "opaque")) return Promise.resolve();
  if (response.type === "opaque") {
    var tile = response.clone();
    return caches.open(name).then(function (cache) { return cache.put(request, tile); }).then(function () { return trim(name); });
  }
  var copy = response.clone();
  return copy.blob().then(function (body) {
    var headers = new Headers(copy.headers);
    headers.set(SAVED, new Date().toISOString());
    var stamped = new Response(body, {status: copy.status, statusText: copy.statusText, headers: headers});
    return caches.open(name).then(function (cache) { return cache.put(key || request, stamped); });
  }).then(function () { return trim(name); }).catch(function () {});
}

/** A kept page, marked for the page's script (offline.js) with the time its copy was fetched. */
function dated(response) {
  var saved = response.headers.get(SAVED) || "";
  return response.text().then(function (text) {
    var headers = new Headers(response.headers);
    headers.delete("Content-Length");
    return new Response(text.replace(/<html\b/i, '<html data-ocop-saved="' + saved.replace(/[^0-9TZ:.\-]/g, "") + '"'),
                        {status: response.status, statusText: response.statusText, headers: headers});
  });
}

/** The offline page in the language of the page the visitor came from, else of the last page they read. */
function offlinePage(request) {
  var referrer = request.referrer ? caches.match(request.referrer, {ignoreVary: true}) : Promise.resolve(null);
  return referrer.then(function (page) {
    return languageOf(page) || caches.match("/offline-language").then(function (kept) {
      return kept ? kept.text() : null;
    });
  }).then(function (code) {
    return caches.match(OFFLINE_PAGES[code] || OFFLINE_PAGES[DEFAULT_LANGUAGE]);
  });
}

function rememberLanguage(response) {
  var code = languageOf(response);
  if (code) caches.open(PAGES).then(function (cache) { return cache.put("/offline-language", new Response(code)); });
}

function page(event, request, url) {
  return fetch(request).then(function (response) {
    if (response.ok && !response.redirected) {
      event.waitUntil(keep(PAGES, request, response));
      rememberLanguage(response);
    }
    return response;
  }).catch(function () {
    var exact = {ignoreVary: true}, anyQuery = {ignoreVary: true, ignoreSearch: true};
    var scripted = SCRIPTED_PAGES.test(url.pathname);
    return caches.open(PAGES).then(function (cache) {
      return cache.match(request, exact).then(function (hit) {
        return hit || (scripted ? cache.match(request, anyQuery) : null);
      });
    }).then(function (hit) {
      // The shell's copy of "/", kept when the worker was installed (undated).
      return hit || (scripted ? caches.match(request, anyQuery) : null);
    }).then(function (hit) {
      if (hit) { rememberLanguage(hit); return dated(hit); }
      return offlinePage(request).then(function (fallback) { return fallback || Response.error(); });
    });
  });
}

/** The script catalogue in the language of the page asking for it (one address serves every language). */
function catalogueKey(url, response) {
  return url.pathname + "?lang=" + (languageOf(response) || DEFAULT_LANGUAGE);
}

function data(event, request, url) {
  var isCatalogue = url.pathname === "/jsi18n/";
  return fetch(request).then(function (response) {
    if (!TRANSIENT.test(url.search)) {
      event.waitUntil(keep(DATA, request, response, isCatalogue ? catalogueKey(url, response) : null));
    }
    return response;
  }).catch(function () {
    if (!isCatalogue) return caches.match(request, {ignoreVary: true}).then(function (hit) { return hit || Response.error(); });
    var referrer = request.referrer ? caches.match(request.referrer, {ignoreVary: true}) : Promise.resolve(null);
    return referrer.then(function (page) {
      var code = languageOf(page);
      return code ? caches.match(url.pathname + "?lang=" + code) : null;
    }).then(function (hit) {
      return hit || caches.match(request, {ignoreVary: true, ignoreSearch: true});
    }).then(function (hit) { return hit || Response.error(); });
  });
}

/** The kept copy at once (fast on a weak signal), refreshed from the network for the next visit. */
function staleWhileRevalidate(name, request) {
  return caches.match(request, {ignoreVary: true}).then(function (hit) {
    var fresh = fetch(request).then(function (response) { keep(name, request, response); return response; });
    if (hit) { fresh.catch(function () {}); return hit; }
    return fresh;
  });
}

/** Keep the page at `href` or the data it drew, fetched again: the first page a visitor opens is loaded before
    the worker runs, so offline.js asks for it and its data to be kept once the worker is ready. */
function keepUrl(href, language) {
  var url = new URL(href, self.location.origin);
  if (url.origin !== self.location.origin) return Promise.resolve();
  if (url.pathname.indexOf("/static/") === 0) {  // the page's own scripts and styles, beyond the shell's
    return caches.match(url.href).then(function (hit) {
      return hit || fetch(url.href).then(function (response) { return keep(SHELL, url.href, response); }).catch(function () {});
    });
  }
  var isPage = VISITOR_PAGES.test(url.pathname);
  if (!isPage && (!VISITOR_DATA.test(url.pathname) || TRANSIENT.test(url.search))) return Promise.resolve();
  // A copy the pages' own requests kept meanwhile is as fresh, and was asked for as the page asks.
  return caches.match(url.href, {ignoreVary: true}).then(function (hit) {
    return hit && hit.headers.get(SAVED) ? null : fetchAndKeep(url, isPage, language);
  });
}

function fetchAndKeep(url, isPage, language) {
  // Asked in the page's language (a language chosen on the site is in the cookie, which the server reads first).
  var headers = OFFLINE_PAGES[language] ? {"Accept-Language": language} : {};
  return fetch(url.href, {credentials: "same-origin", headers: headers}).then(function (response) {
    if (!response.ok || response.redirected) return null;
    if (isPage) { rememberLanguage(response); return keep(PAGES, url.href, response); }
    return keep(DATA, url.href, response, url.pathname === "/jsi18n/" ? catalogueKey(url, response) : null);
  }).catch(function () {});
}

self.addEventListener("message", function (event) {
  var urls = event.data && event.data.keep, language = event.data && String(event.data.language || "").slice(0, 2);
  if (Array.isArray(urls)) {
    event.waitUntil(Promise.all(urls.slice(0, 50).map(function (url) { return keepUrl(url, language); })));
  }
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  // Other hosts (the basemap's tiles) are left to the browser and its HTTP cache: the worker's own fetch of them
  // would go past what the page's own requests meet (Playwright's stubs in the tests included).
  if (url.origin !== self.location.origin) return;
  if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(staleWhileRevalidate(SHELL, request));
  } else if (request.mode === "navigate" && VISITOR_PAGES.test(url.pathname)) {
    event.respondWith(page(event, request, url));
  } else if (VISITOR_DATA.test(url.pathname)) {
    event.respondWith(data(event, request, url));
  } else if (MEDIA_URL && url.pathname.indexOf(MEDIA_URL) === 0 && request.destination === "image") {
    event.respondWith(fetch(request).then(function (response) {
      event.waitUntil(keep(MEDIA, request, response));
      return response;
    }).catch(function () {
      return caches.match(request, {ignoreVary: true}).then(function (hit) { return hit || Response.error(); });
    }));
  }
});
