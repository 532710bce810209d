/* The one map bootstrap of OCOP-GIS: every page's Leaflet map is made by createMap(element, mapConfig, options),
   with the page's `map_config` (json_script, built by gis_app/core/basemap.py map_config() or
   gis_app/web/map_config.py): the basemap and its attribution, the starting view (bounds, or centre and zoom),
   the zoom limits, a metric scale and the controls' words in the page's language (i18n.js).
   Leaflet itself is django-leaflet's (the page's {% leaflet_js %}), the global `L`. */
import { gettext } from "./i18n.js";

/** The page's data of the json_script element `id` (null when the page has none). */
export function readConfig(id) {
  const holder = document.getElementById(id);
  return holder ? JSON.parse(holder.textContent) : null;
}

/** Name a map's handle on `window` (tests and other scripts reach a page's map this way, and only this way). */
export function expose(name, handle) {
  window[name] = handle;
  return handle;
}

/** A Leaflet map in `element` (an element or its id) from `mapConfig`:
    {tilesUrl, tilesAttribution, bounds: [[s, w], [n, e]] | null, center: [lat, lon], zoom, minZoom, maxZoom}.
    No basemap when tilesUrl is empty (the features still draw). `options`: view ({lat, lon, z}) overrides the
    configured view; bounds (anything L.latLngBounds takes) fits the map to them instead; scale: false leaves the
    scale out; leaflet: more L.map options. */
export function createMap(element, mapConfig, options = {}) {
  const config = mapConfig || {};
  const L = window.L;
  const holder = typeof element === "string" ? document.getElementById(element) : element;
  const map = L.map(holder, Object.assign({
    minZoom: config.minZoom ?? 3, maxZoom: config.maxZoom ?? 19, zoomControl: false, attributionControl: false,
  }, options.leaflet));
  L.control.zoom({ zoomInTitle: gettext("Zoom in"), zoomOutTitle: gettext("Zoom out") }).addTo(map);
  // The prefix is built as elements: its words are translations, never HTML.
  const prefix = document.createElement("a");
  prefix.href = "https://leafletjs.com";
  prefix.title = gettext("A JavaScript library for interactive maps");
  prefix.textContent = "Leaflet";
  L.control.attribution({ prefix: prefix.outerHTML }).addTo(map);
  if (options.scale !== false) L.control.scale({ metric: true, imperial: false }).addTo(map);
  const view = options.view;
  const bounds = options.bounds && L.latLngBounds(options.bounds);
  if (view) map.setView([view.lat, view.lon], view.z);
  else if (bounds && bounds.isValid()) map.fitBounds(bounds, { padding: [20, 20], maxZoom: options.maxZoom || 15 });
  else if (config.bounds) map.fitBounds(config.bounds, { padding: [10, 10] });
  else map.setView(config.center, config.zoom);
  if (config.tilesUrl) {
    L.tileLayer(config.tilesUrl, { attribution: config.tilesAttribution, maxZoom: config.maxZoom ?? 19 }).addTo(map);
  }
  // Leaflet names the popup's close button in English: name it in the page's language.
  map.on("popupopen", (event) => {
    const close = event.popup.getElement() && event.popup.getElement().querySelector(".leaflet-popup-close-button");
    if (close) { close.setAttribute("aria-label", gettext("Close")); close.setAttribute("title", gettext("Close")); }
  });
  return map;
}
