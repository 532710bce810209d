// Draws /tiles/style.json with MapLibre GL JS; the page's state goes to <body data-map-state="loaded|error">
// (and the errors to data-map-errors), which the browser tests wait for without evaluating scripts.
(() => {
  const container = document.getElementById("style-map");
  const errors = [];
  const map = new maplibregl.Map({ container, style: container.dataset.styleUrl });
  map.addControl(new maplibregl.NavigationControl());
  map.on("error", (event) => {
    errors.push(String((event.error && event.error.message) || event.error || event));
    document.body.dataset.mapErrors = errors.join("\n");
  });
  map.once("idle", () => {
    document.body.dataset.mapState = errors.length ? "error" : "loaded";
  });
  window.ocopStyleMap = map;
})();
