/* Leaflet's default marker (L.Icon.Default) from the URLs the page was given by `{% static %}`
 * (templates/leaflet/ocop_default_icon.html), hashed in production. Leaflet would otherwise guess its image folder
 * from leaflet.css, and a hashed marker-icon.<hash>.png defeats the guess: every default marker was a broken image.
 * Runs after leaflet.js (and django-leaflet's leaflet.extras.js, which may set imagePath), before any map is drawn.
 */
(function () {
  "use strict";
  var urls = document.currentScript.dataset;
  L.Icon.Default.imagePath = "";  // a string: Leaflet no longer guesses; the URLs below are whole
  L.Icon.Default.mergeOptions({iconUrl: urls.iconUrl, iconRetinaUrl: urls.iconRetinaUrl, shadowUrl: urls.shadowUrl});
})();
