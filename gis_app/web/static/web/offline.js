/* Registers the service worker (gis_app/web/pwa.py) and says when the page shows what was kept offline, with
   the time its copy was fetched (the worker marks a kept copy <html data-ocop-saved="…">). The words come from
   the page itself (base.html), so they are in the page's language even when no script catalogue was kept. */
(function () {
  "use strict";
  var script = document.currentScript;
  if ("serviceWorker" in navigator && window.isSecureContext && script && script.dataset.worker) {
    var controlled = Boolean(navigator.serviceWorker.controller);
    window.addEventListener("load", function () {
      navigator.serviceWorker.register(script.dataset.worker, {scope: "/"}).catch(function () { /* not installable here */ });
      if (controlled) return;
      // The first page opened was loaded before the worker ran: once it runs, ask it to keep this page and the
      // data the page drew, so that they open offline too.
      navigator.serviceWorker.ready.then(function (registration) {
        var urls = [window.location.href].concat(performance.getEntriesByType("resource").map(function (entry) {
          return entry.name;
        }).filter(function (url) { return url.indexOf(window.location.origin + "/") === 0; }));
        if (registration.active) registration.active.postMessage({keep: urls, language: document.documentElement.lang});
      });
    });
  }

  function two(number) { return (number < 10 ? "0" : "") + number; }

  /** `{time}` and `{date}` of `text` filled from the ISO moment `iso`: 15:30 and 07/12/2026, the visitor's clock. */
  function stamp(text, iso) {
    var moment = new Date(iso);
    if (isNaN(moment.getTime())) return null;
    return text.replace("{time}", two(moment.getHours()) + ":" + two(moment.getMinutes()))
      .replace("{date}", two(moment.getDate()) + "/" + two(moment.getMonth() + 1) + "/" + moment.getFullYear());
  }

  function notice() {
    var banner = document.getElementById("offline-notice");
    var saved = document.documentElement.dataset.ocopSaved;
    var kept = saved !== undefined;
    if ((navigator.onLine && !kept) || document.body.classList.contains("page-offline")) {
      if (banner) banner.remove();
      return;
    }
    if (banner || !document.querySelector("main")) return;
    banner = document.createElement("p");
    banner.id = "offline-notice";
    banner.className = "offline-notice";
    banner.setAttribute("role", "status");
    banner.textContent = (kept && saved && stamp(script.dataset.offlineDated || "", saved)) || script.dataset.offline || "";
    document.querySelector("main").prepend(banner);
  }
  window.addEventListener("online", notice);
  window.addEventListener("offline", notice);
  document.addEventListener("DOMContentLoaded", notice);
})();
