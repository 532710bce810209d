/* Registers the service worker (gis_app/web/pwa.py) and says when the page shows what was kept offline. */
(function () {
  "use strict";
  var script = document.currentScript;
  if ("serviceWorker" in navigator && window.isSecureContext && script && script.dataset.worker) {
    window.addEventListener("load", function () {
      navigator.serviceWorker.register(script.dataset.worker, {scope: "/"}).catch(function () { /* not installable here */ });
    });
  }
  function notice() {
    var banner = document.getElementById("offline-notice");
    if (navigator.onLine) { if (banner) banner.remove(); return; }
    if (banner || !document.querySelector("main")) return;
    banner = document.createElement("p");
    banner.id = "offline-notice";
    banner.className = "offline-notice";
    banner.setAttribute("role", "status");
    banner.textContent = typeof gettext === "function"
      ? gettext("You are offline: this page shows what was saved on your last visit.")
      : "Offline";
    document.querySelector("main").prepend(banner);
  }
  window.addEventListener("online", notice);
  window.addEventListener("offline", notice);
  document.addEventListener("DOMContentLoaded", notice);
})();
