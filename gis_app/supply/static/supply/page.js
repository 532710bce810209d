/* The supply page (/supply/): clusters of producers, suggested collection points and catchments by road on one
   map, and the whole-area clustering as a background job. Its addresses and words come from the page
   (json_script "supply-config") and the JavaScript catalogue (web/i18n.js), its map from web/map.js. */
import { createMap, expose, readConfig } from "../web/map.js";
import { roadsOverlay } from "../roads/overlay.js";
import { gettext } from "../web/i18n.js";

(function () {
  "use strict";
  const config = readConfig("supply-config");
  const API = config.api;
  const CSRF = config.csrfToken;
  // The words the page's script writes, from the page's JavaScript catalogue (web/i18n.js).
  const T = {
    cluster: gettext("Cluster"),
    clusters: gettext("clusters"),
    noise: gettext("Noise (no cluster)"),
    noise_points: gettext("producers outside any cluster"),
    loading: gettext("Computing…"),
    collection_point: gettext("Collection point"),
    centroid: gettext("Centroid"),
    reached: gettext("producers reachable within"),
    min: gettext("min"),
    noise_title: gettext("Producers outside any cluster (%(count)s)"),
    loading_points: gettext("Looking for the best collection points on the roads…"),
    start: gettext("Start of the catchment"),
    roads: gettext("Roads used for routing"),
    snapped: gettext("The point clicked is %(distance)s m from the nearest road: the trip starts from that road (dashed line)."),
    click_near_road: gettext("Click closer to a road (grey lines)."),
    required: gettext("%(field)s: enter a number."),
    range: gettext("%(field)s: enter a number from %(min)s to %(max)s, in steps of %(step)s."),
  };
  const COLOURS = ["#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#46f0f0", "#f032e6", "#bcf60c",
                   "#008080", "#9a6324", "#800000", "#808000", "#000075", "#fabebe", "#aaffc3"];
  const colour = (id) => id == null ? "#777" : COLOURS[(id - 1) % COLOURS.length];
  const form = document.getElementById("supply-form");
  const message = document.getElementById("supply-message");
  const tbody = document.querySelector("#supply-table tbody");
  let map, clusterLayer, pointLayer, catchmentLayer;

  function say(text, isError, busy) {
    message.textContent = text;
    if (busy) {
      const spinner = document.createElement("span");
      spinner.className = "busy-spinner"; spinner.setAttribute("aria-hidden", "true");
      message.prepend(spinner, " ");
    }
    message.classList.toggle("error", !!isError);
    document.body.toggleAttribute("aria-busy", !!busy);
  }

  const fill = (pattern, values) => pattern.replace(/%\((\w+)\)s/g, (all, name) => String(values[name]));
  const decimal = (value) => Number(value).toLocaleString(document.documentElement.lang || "vi");

  // The inputs the chosen action reads, checked before anything is sent: each error in words, next to its field.
  function fieldsFor(action) {
    const data = new FormData(form);
    if (action === "catchment") return ["minutes"];
    const names = data.get("method") === "kmeans" ? ["k"] : ["eps", "min_points"];
    if (data.get("hull") === "concave") names.push("concavity");
    return names;
  }

  function labelOf(input) {
    const label = input.closest("label");
    return label ? label.textContent.trim() : input.name;
  }

  function validate(action) {
    const box = document.getElementById("supply-errors");
    box.replaceChildren();
    form.querySelectorAll(".field-error").forEach((e) => e.remove());
    form.querySelectorAll("[aria-invalid]").forEach((e) => e.removeAttribute("aria-invalid"));
    const problems = [];
    for (const name of fieldsFor(action)) {
      const input = form.elements[name];
      if (input.checkValidity()) continue;
      const text = input.validity.valueMissing || input.validity.badInput
        ? fill(T.required, {field: labelOf(input)})
        : fill(T.range, {field: labelOf(input), min: decimal(input.min), max: decimal(input.max),
                         step: decimal(input.step)});
      input.setAttribute("aria-invalid", "true");
      const note = document.createElement("span");
      note.className = "field-error"; note.id = "error-" + name; note.textContent = text;
      input.setAttribute("aria-describedby", note.id);
      input.after(note);
      problems.push(text);
    }
    if (problems.length) {
      const list = document.createElement("ul");
      for (const text of problems) { const li = document.createElement("li"); li.textContent = text; list.append(li); }
      box.append(list);
      say("");
      form.elements[fieldsFor(action).find((n) => !form.elements[n].checkValidity())].focus();
    }
    return problems.length === 0;
  }

  function query() {
    const data = new FormData(form);
    const params = new URLSearchParams();
    for (const name of ["group", "min_stars", "unit", "units_on", "method", "hull"]) {
      if (data.get(name)) params.set(name, data.get(name));
    }
    if (data.get("method") === "kmeans") params.set("k", data.get("k"));
    else { params.set("eps", data.get("eps")); params.set("min_points", data.get("min_points")); }
    if (data.get("hull") === "concave") params.set("concavity", data.get("concavity"));
    return params;
  }

  function refreshExports() {
    const params = query().toString();
    document.getElementById("export-geojson").href = API.geojson + "?" + params;
    document.getElementById("export-csv").href = API.csv + "?" + params;
    keepInAddress();
  }

  // The filters live in the page's address (units_on included), and the switch to the other day's units keeps
  // them all but the unit, whose code is of one day only (#24).
  function keepInAddress() {
    const params = query();
    params.set("minutes", new FormData(form).get("minutes"));
    history.replaceState(null, "", "?" + params.toString());
    const other = document.getElementById("units-on-switch");
    if (!other) return;
    params.delete("unit");
    params.delete("units_on");
    if (other.dataset.unitsOn) params.set("units_on", other.dataset.unitsOn);
    other.href = "?" + params.toString();
  }

  async function fetchJSON(url, params) {
    const response = await fetch(url + "?" + params.toString(), {credentials: "same-origin",
                                                                 headers: {"Accept": "application/json"}});
    const body = await response.json();
    if (!response.ok) {
      const error = body.error || {};
      throw new Error(error.message || response.statusText);
    }
    return body;
  }

  // Numbers as the page's language writes them (30,8 in Vietnamese).
  const minutes = (value) => value == null ? "–" : Number(value).toLocaleString(document.documentElement.lang || "vi",
    {minimumFractionDigits: 1, maximumFractionDigits: 1});

  function row(cells) {
    const tr = document.createElement("tr");
    for (const cell of cells) {
      const td = document.createElement("td");
      if (cell instanceof Node) td.appendChild(cell); else td.textContent = cell;
      tr.appendChild(td);
    }
    return tr;
  }

  function swatch(id) {
    const span = document.createElement("span");
    span.className = "swatch"; span.style.background = colour(id);
    const wrap = document.createElement("span"); wrap.append(span, " " + id);
    return wrap;
  }

  function drawClusters(body) {
    clusterLayer.clearLayers(); pointLayer.clearLayers(); tbody.replaceChildren();
    const names = {};
    for (const f of body.features) if (f.properties.kind === "producer") names[f.properties.id] = f.properties.name;
    L.geoJSON(body, {
      style: (f) => ({color: colour(f.properties.cluster), weight: 2, fillOpacity: 0.15}),
      pointToLayer: (f, latlng) => L.circleMarker(latlng, {radius: 6, color: "#222", weight: 1,
                                                           fillColor: colour(f.properties.cluster), fillOpacity: 0.9}),
      onEachFeature: (f, layer) => {
        const p = f.properties;
        // A text node, not a string: Leaflet renders strings as HTML, and names are data.
        layer.bindTooltip(document.createTextNode(
          p.kind === "producer" ? p.name + " · " + (p.cluster ? T.cluster + " " + p.cluster : T.noise)
                                : T.cluster + " " + p.cluster + " · " + p.size));
      },
    }).addTo(clusterLayer);
    for (const f of body.features.filter((f) => f.properties.kind === "cluster")) {
      const p = f.properties;
      tbody.appendChild(row([swatch(p.cluster), p.size, p.member_ids.map((id) => names[id]).join("; "), "–", "–", "–"]));
    }
    // The producers outside any cluster, as a list one can read (not a run of names in a table cell).
    const noise = document.getElementById("noise");
    const list = document.getElementById("noise-list");
    list.replaceChildren();
    document.getElementById("noise-title").textContent = fill(T.noise_title, {count: body.noise.length});
    for (const name of body.noise.map((id) => names[id]).sort((a, b) => a.localeCompare(b, "vi"))) {
      const li = document.createElement("li"); li.textContent = name; list.append(li);
    }
    noise.hidden = body.noise.length === 0;
    if (clusterLayer.getLayers().length && clusterLayer.getBounds().isValid()) map.fitBounds(clusterLayer.getBounds());
    say(body.cluster_count + " " + T.clusters + ", " + body.noise.length + " " + T.noise_points);
  }

  function drawPoints(body) {
    pointLayer.clearLayers();
    const rows = [...tbody.querySelectorAll("tr")];
    for (const f of body.features) {
      const p = f.properties;
      if (p.kind === "collection_point") {
        L.marker([f.geometry.coordinates[1], f.geometry.coordinates[0]], {
          title: T.collection_point + " " + p.cluster, alt: T.collection_point + " " + p.cluster,
          icon: L.divIcon({className: "sym sym-collection", iconSize: [18, 18], html: ""}),
        }).bindPopup(T.collection_point + " " + p.cluster + ": " + minutes(p.best.total_minutes) + " " + T.min)
          .addTo(pointLayer);
      } else if (p.kind === "centroid") {
        L.circleMarker([f.geometry.coordinates[1], f.geometry.coordinates[0]],
                       {radius: 5, color: colour(p.cluster), dashArray: "2 2", fillOpacity: 0})
          .bindTooltip(T.centroid + " " + p.cluster).addTo(pointLayer);
      } else if (p.kind === "cluster") {
        const tr = rows.find((r) => r.cells[0].textContent.trim() === String(p.cluster));
        if (tr) {
          tr.cells[3].textContent = p.best ? minutes(p.best.total_minutes) : "–";
          tr.cells[4].textContent = p.centroid ? minutes(p.centroid.total_minutes) : "–";
          tr.cells[5].textContent = p.saving_minutes == null ? "–"
            : minutes(p.saving_minutes) + " " + T.min + " (" + p.saving_pct.toFixed(0) + "%)";
        }
      }
    }
  }

  async function showClusters() {
    refreshExports();
    if (!validate("clusters")) return false;
    say(T.loading, false, true);
    try { drawClusters(await fetchJSON(API.clusters, query())); return true; } catch (e) { say(e.message, true); return false; }
  }

  async function showPoints() {
    if (!await showClusters()) return;
    const done = message.textContent;
    say(T.loading_points, false, true);
    try { drawPoints(await fetchJSON(API.points, query())); say(done); } catch (e) { say(e.message, true); }
  }

  async function showCatchment(latlng) {
    if (!validate("catchment")) return;
    const params = new URLSearchParams();
    params.set("point", latlng.lng.toFixed(6) + "," + latlng.lat.toFixed(6));
    params.set("minutes", new FormData(form).get("minutes"));
    for (const name of ["group", "min_stars", "unit", "units_on"]) {
      const value = new FormData(form).get(name); if (value) params.set(name, value);
    }
    catchmentLayer.clearLayers();
    say(T.loading, false, true);
    try {
      const body = await fetchJSON(API.catchment, params);
      let snapped = "";
      L.geoJSON(body, {
        style: () => ({color: "#0066cc", weight: 1, fillOpacity: 0.12}),
        pointToLayer: (f, ll) => {
          if (f.properties.kind !== "start") return L.circleMarker(ll, {radius: 8, color: "#0066cc", weight: 3, fill: false});
          const start = L.marker(ll, {title: T.start, alt: T.start,
                                      icon: L.divIcon({className: "sym sym-start", iconSize: [20, 20], html: ""})});
          const p = f.properties;
          if (p.road_lat != null && p.snap_m > SNAP_NOTE_M) {
            // The trip starts from the nearest road: show where, and say so.
            L.polyline([ll, [p.road_lat, p.road_lon]], {color: "#0066cc", dashArray: "4 4", weight: 2}).addTo(catchmentLayer);
            L.circleMarker([p.road_lat, p.road_lon], {radius: 4, color: "#0066cc", fillOpacity: 1}).addTo(catchmentLayer);
            snapped = " " + fill(T.snapped, {distance: Math.round(p.snap_m)});
          }
          return start;
        },
        onEachFeature: (f, layer) => { if (f.properties.kind === "producer")
          layer.bindTooltip(document.createTextNode(f.properties.name + " · " + minutes(f.properties.minutes) + " " + T.min)); },
      }).addTo(catchmentLayer);
      say(body.producer_count + " " + T.reached + " " + body.minutes + " " + T.min + "." + snapped);
    } catch (e) { say(e.message + " " + T.click_near_road, true); }
  }

  const SNAP_NOTE_M = 30;  // closer than this, the click is on the road

  map = createMap("supplymap", config);
  expose("ocopSupply", {map: map});
  roadsOverlay(map, {label: T.roads, url: config.roadsUrl});
  clusterLayer = L.featureGroup().addTo(map);
  pointLayer = L.featureGroup().addTo(map);
  catchmentLayer = L.featureGroup().addTo(map);
  map.on("click", (e) => showCatchment(e.latlng));
  // Whole-province clustering as a background job: start it, then poll its state until the file is ready.
  const jobProgress = document.getElementById("supply-job-progress");
  const jobStatus = document.getElementById("supply-job-status");
  const jobResult = document.getElementById("supply-job-result");

  async function pollJob(url) {
    const response = await fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}});
    const job = await response.json();
    const p = job.progress || {};
    jobProgress.hidden = false;
    if (p.percent == null) jobProgress.removeAttribute("value"); else jobProgress.value = p.percent;
    const counts = p.total ? " (" + p.done.toLocaleString() + " / " + p.total.toLocaleString() + ")" : "";
    jobStatus.textContent = job.state_label + (p.message ? " · " + p.message : "") + counts;
    jobStatus.classList.toggle("error", job.state === "failed");
    if (job.state === "done") {
      jobStatus.textContent = job.state_label + " · " + job.message;
      if (job.result_url) { jobResult.href = job.result_url; jobResult.hidden = false; }
    } else if (job.state !== "failed") {
      setTimeout(() => pollJob(url), 1000);
    }
  }

  async function startJob(output) {
    const params = query();
    params.set("output", output);
    jobResult.hidden = true;
    jobStatus.textContent = T.loading;
    const response = await fetch(API.job + "?" + params.toString(), {method: "POST", credentials: "same-origin",
      headers: {"Accept": "application/json", "X-CSRFToken": CSRF}});
    const body = await response.json();
    if (!response.ok) {
      const error = body.error || {};
      jobStatus.textContent = (error.field ? error.field + ": " : "") + (error.message || response.statusText);
      jobStatus.classList.add("error");
      return;
    }
    pollJob(body.status_url);
  }
  for (const button of document.querySelectorAll(".supply-job-start")) {
    button.addEventListener("click", () => startJob(button.dataset.output));
  }

  form.addEventListener("submit", (e) => { e.preventDefault(); showClusters(); });
  form.addEventListener("change", refreshExports);
  form.querySelectorAll("input[type=number]").forEach((input) => input.addEventListener("input", () => {
    if (input.hasAttribute("aria-invalid")) validate(input.name === "minutes" ? "catchment" : "clusters");
  }));
  document.getElementById("supply-points").addEventListener("click", showPoints);
  // The same without a pointer: from the map's centre (move the map with the arrow keys first).
  document.getElementById("catchment-centre").addEventListener("click", () => showCatchment(map.getCenter()));
  // A link's filters (the address keeps them): selects and the day are rendered by the server, the rest here.
  for (const [name, value] of new URLSearchParams(location.search)) {
    if (["units_on", "district", "unit", "group", "min_stars"].includes(name) || !form.elements[name]) continue;
    form.elements[name].value = value;
  }
  showClusters();
})();
