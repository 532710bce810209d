/* After logging out: forget the pages the offline worker kept (gis_app/web/templates/web/sw.js), whose header
   still shows the name of the person who was logged in, and the data kept with them (an account may see more
   than the public does). The shell stays. */
if (window.caches) {
  window.caches.delete("ocop-pages").catch(function () {});
  window.caches.delete("ocop-data").catch(function () {});
  window.caches.delete("ocop-media").catch(function () {});  // photos of drafts an account could see
}
