/* After logging out: forget the pages the offline worker kept (gis_app/web/templates/web/sw.js), whose header
   still shows the name of the person who was logged in. The shell and the public data stay. */
if (window.caches) window.caches.delete("ocop-pages").catch(function () {});
