/* Tour planner: pick stops (map or list), reorder them, compute on roads or along a drawn line, save (or save
   as new), publish. Buttons show only when they can act; long actions show what is happening. */
import { createMap, expose, readConfig } from "../web/map.js";
import { roadsOverlay } from "../roads/overlay.js";
import { gettext } from "../web/i18n.js";

(function () {
  "use strict";
  const config = readConfig("tour-map-config");
  // The addresses of the API and the pages, from the page ({% url %}); "/0/" stands for a tour's id.
  const URLS = config.urls;
  const at = (pattern, id) => pattern.replace("/0/", "/" + id + "/");
  const places = readConfig("tour-places");
  // The words the planner writes, from the page's JavaScript catalogue (web/i18n.js).
  const T = {
    remove: gettext("Remove"),
    up: gettext("Move up"),
    down: gettext("Move down"),
    add: gettext("Add as a stop"),
    needTwo: gettext("Add at least two stops."),
    totals: gettext("%(km)s, driving %(drive)s, visits %(visit)s, total %(total)s"),
    days: gettext("%(count)s days"),
    day: gettext("Day %(day)s"),
    overnight: gettext("Night at %(name)s (%(distance)s from the last stop)"),
    noLodging: gettext("No homestay or lodging within reach: find a place to sleep near this stop."),
    saved: gettext("Saved as a draft:"),
    updated: gettext("Saved:"),
    published: gettext("Published:"),
    drawHint: gettext("Click on the map to draw the route; click the last point again to finish."),
    nothingAlong: gettext("Nothing within this distance."),
    needName: gettext("Give the tour a name."),
    computing: gettext("Computing the route…"),
    saving: gettext("Saving…"),
    searching: gettext("Searching…"),
    optimizerOff: gettext("You changed the order by hand, so “Find the best order” is now off: the tour keeps your order."),
    stale: gettext("The stops changed: compute again before saving."),
    hour: gettext("%(hours)d h %(minutes)02d min"),
    minute: gettext("%(minutes)d min"),
    km: gettext("%(km)s km"),
    m: gettext("%(m)s m"),
    addedAlong: gettext("Added “%(name)s” to the stops."),
    saveChanges: gettext("Save changes"),
    roads: gettext("Roads used for routing"),
    pointName: gettext("Give the stop a name."),
    pointCoords: gettext("Longitude must be between -180 and 180 and latitude between -90 and 90."),
    pointPicked: gettext("Coordinates taken from the map: give the stop a name and add it."),
  };
  const editing = readConfig("tour-editing");
  const byKey = new Map(places.map((p) => [p.kind + ":" + p.id, p]));
  // Stops given by coordinates ({name, lon, lat}): keys "point:<n>", kept here so that a reopened tour keeps
  // them and a plan's point stops map back to them.
  const points = new Map();
  let pointCount = 0;
  const place = (key) => byKey.get(key) || points.get(key);
  const $ = (id) => document.getElementById(id);
  // tourId: the saved tour this page edits (null until saved); status: its status; stale: stops changed since
  // the plan was computed.
  const state = { stops: [], drawn: null, plan: null, tourId: null, status: null, stale: false };
  let map, routeLayer, drawnLayer, stopLayer, alongLayer, drawer;

  const fill = (pattern, values) => pattern.replace(/%\((\w+)\)(0?\d*)[sd]/g, (all, name, pad) => {
    const value = String(values[name]);
    return pad ? value.padStart(Number(pad), "0") : value;
  });
  const decimal = (value, digits) => value.toLocaleString(document.documentElement.lang || "vi",
    { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const km = (metres) => fill(T.km, { km: decimal(metres / 1000, 1) });

  function duration(seconds) {
    const total = Math.round(seconds / 60);
    const hours = Math.floor(total / 60);
    return hours ? fill(T.hour, { hours: hours, minutes: total % 60 }) : fill(T.minute, { minutes: total });
  }

  // The API writes local (Asia/Ho_Chi_Minh) ISO times: hours:minutes are characters 11–16. Never parse them
  // with Date(): that would show them in the browser's time zone.
  const clock = (iso) => (iso ? iso.slice(11, 16) : "");

  function csrf() {
    const m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : "";
  }

  async function api(url, body, method) {
    const response = await fetch(url, {
      method: method || "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) {
      const error = data.error || {};
      throw new Error(error.message || data.detail || response.statusText);
    }
    return data;
  }

  function say(text) { $("message").textContent = text || ""; }

  async function busy(text, work) {
    $("busy-text").textContent = text;
    $("busy").hidden = false;
    document.body.setAttribute("aria-busy", "true");
    document.querySelectorAll(".planner-side button").forEach((b) => { b.disabled = true; });
    try { return await work(); } finally {
      $("busy").hidden = true;
      document.body.removeAttribute("aria-busy");
      document.querySelectorAll(".planner-side button").forEach((b) => { b.disabled = false; });
      refreshButtons();
    }
  }

  // Which buttons can act now: the rest are hidden.
  function refreshButtons() {
    $("compute").disabled = state.stops.length < 2;
    $("clear-drawn").hidden = !state.drawn;
    if (!$("save")) return;
    const planned = !!state.plan && !state.stale;
    $("save").hidden = !planned;
    $("save-new").hidden = !(planned && state.tourId);
    $("publish").hidden = !(state.tourId && state.status === "draft" && planned && !state.dirtySinceSave);
  }

  // The planner's choices live in the URL (/tours/plan/?stops=site:3,producer:7&end=round&optimize=0&start=…&z=…),
  // so a plan can be bookmarked and shared; an edited tour keeps its own address.
  function writeUrl() {
    if (editing || state.tourId || !window.history) return;
    const params = new URLSearchParams();
    const listed = state.stops.filter((k) => byKey.has(k));  // point stops are not bookmarked
    if (listed.length) params.set("stops", listed.join(","));
    if ($("end-mode").value !== "open") params.set("end", $("end-mode").value);
    if (!$("optimize").checked) params.set("optimize", "0");
    if ($("start-at").value) params.set("start", $("start-at").value);
    if (map) {
      const c = map.getCenter();
      params.set("z", map.getZoom()); params.set("lat", c.lat.toFixed(5)); params.set("lon", c.lng.toFixed(5));
    }
    window.history.replaceState(null, "", URLS.planner + (params.toString() ? "?" + params.toString() : ""));
  }

  function readUrl() {
    const params = new URLSearchParams(window.location.search);
    (params.get("stops") || "").split(",").filter((k) => byKey.has(k)).forEach((k) => {
      if (!state.stops.includes(k)) state.stops.push(k);
    });
    if (["open", "fixed", "round"].includes(params.get("end"))) $("end-mode").value = params.get("end");
    if (params.get("optimize") === "0") $("optimize").checked = false;
    if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(params.get("start") || "")) $("start-at").value = params.get("start");
    const z = Number(params.get("z")), lat = Number(params.get("lat")), lon = Number(params.get("lon"));
    if (params.get("z") && isFinite(z) && isFinite(lat) && isFinite(lon)) map.setView([lat, lon], z);
    return state.stops.length >= 2;
  }

  function changed() {
    writeUrl();
    if (state.plan) {
      state.stale = true;
      say(T.stale);
    }
    state.dirtySinceSave = true;
    refreshButtons();
  }

  function addStop(key) {
    if (place(key) && !state.stops.includes(key)) { state.stops.push(key); renderStops(); changed(); return true; }
    return false;
  }

  // The key of a point stop with these values: the one already known, or a new one.
  function pointKey(p, taken) {
    for (const [key, q] of points) {
      if (!(taken && taken.has(key)) && q.name === p.name && q.lon === p.lon && q.lat === p.lat) return key;
    }
    pointCount += 1;
    const key = "point:" + pointCount;
    points.set(key, { kind: "point", id: null, name: p.name, lon: p.lon, lat: p.lat,
                      visit_minutes: p.visit_minutes || 0 });
    return key;
  }

  function addPoint() {
    const name = $("point-name").value.trim();
    const lon = Number($("point-lon").value.replace(",", "."));
    const lat = Number($("point-lat").value.replace(",", "."));
    if (!name) { say(T.pointName); $("point-name").focus(); return; }
    if ($("point-lon").value.trim() === "" || $("point-lat").value.trim() === "" || !isFinite(lon) || !isFinite(lat)
        || Math.abs(lon) > 180 || Math.abs(lat) > 90) {
      say(T.pointCoords); $("point-lon").focus(); return;
    }
    say("");
    const key = pointKey({ name: name, lon: lon, lat: lat, visit_minutes: Number($("point-visit").value) || 0 },
                         new Set(state.stops));
    if (addStop(key)) { $("point-name").value = ""; $("point-lon").value = ""; $("point-lat").value = ""; }
  }

  function optimizerOffByHand() {
    if ($("optimize").checked) {
      $("optimize").checked = false;
      $("optimizer-note").textContent = T.optimizerOff;
      $("optimizer-note").hidden = false;
    }
  }

  function move(index, delta) {
    const target = index + delta;
    if (target < 0 || target >= state.stops.length) return;
    const [item] = state.stops.splice(index, 1);
    state.stops.splice(target, 0, item);
    // A hand-made order must not be undone by the optimiser on the next computation.
    optimizerOffByHand();
    renderStops();
    changed();
    const list = $("stop-list").children[target];
    if (list) (list.querySelector(delta < 0 ? ".up" : ".down") || list.querySelector("button")).focus();
  }

  function button(label, title, onClick, className) {
    const b = document.createElement("button");
    b.type = "button"; b.textContent = label; b.title = title; b.setAttribute("aria-label", title);
    if (className) b.className = className;
    b.addEventListener("click", onClick);
    return b;
  }

  function stopIcon(label, className) {
    const icon = L.divIcon({ className: "stop-icon " + (className || ""), html: "", iconSize: [26, 26] });
    return { icon: icon, label: label };
  }

  function numberedMarker(lat, lon, label, className, tooltip) {
    const marker = L.marker([lat, lon], { icon: stopIcon(label, className).icon, keyboard: false });
    marker.on("add", () => { marker.getElement().textContent = label; });
    // Names on hover only (a text node: names are data): permanent labels overlap when stops are close.
    if (tooltip) marker.bindTooltip(document.createTextNode(tooltip), { direction: "top", offset: [0, -12] });
    return marker;
  }

  function renderStops() {
    const list = $("stop-list");
    list.innerHTML = "";
    stopLayer.clearLayers();
    state.stops.forEach((key, i) => {
      const stop = place(key);
      const li = document.createElement("li");
      li.draggable = true; li.dataset.index = i; li.dataset.key = key;
      const name = document.createElement("span");
      name.textContent = stop.name; name.className = "stop-name";
      li.append(name,
        button("↑", T.up + ": " + stop.name, () => move(i, -1), "up"),
        button("↓", T.down + ": " + stop.name, () => move(i, 1), "down"),
        button("✕", T.remove + ": " + stop.name, () => { state.stops.splice(i, 1); renderStops(); changed(); }));
      li.addEventListener("dragstart", (e) => { e.dataTransfer.setData("text/plain", String(i)); });
      li.addEventListener("dragover", (e) => e.preventDefault());
      li.addEventListener("drop", (e) => {
        e.preventDefault();
        const from = Number(e.dataTransfer.getData("text/plain"));
        move(from, i - from);
      });
      list.append(li);
      numberedMarker(stop.lat, stop.lon, String(i + 1), "", (i + 1) + ". " + stop.name).addTo(stopLayer);
    });
    refreshButtons();
  }

  function cell(tr, value, tag) {
    const td = document.createElement(tag || "td");
    if (value instanceof Node) td.append(value); else td.textContent = value;
    tr.append(td);
    return td;
  }

  function showPlan(plan) {
    state.plan = plan;
    state.stale = false;
    routeLayer.clearLayers();
    alongLayer.clearLayers();
    L.geoJSON(plan.route, { style: { color: "#c0392b", weight: 5 } }).addTo(routeLayer);
    // The planner's list follows the computed order.
    const taken = new Set();
    state.stops = plan.stops.map((s) => {
      const key = s.kind === "point" ? pointKey(s, taken) : s.kind + ":" + s.id;
      taken.add(key);
      return key;
    }).filter((k) => place(k));
    renderStops();
    plan.stops.forEach((s) => {
      if (s.overnight) {
        numberedMarker(s.overnight.lat, s.overnight.lon, "☾", "overnight-icon", s.overnight.name).addTo(routeLayer);
      }
    });
    map.fitBounds(routeLayer.getBounds().extend(stopLayer.getBounds()), { padding: [30, 30] });
    let totals = fill(T.totals, { km: km(plan.distance_m), drive: duration(plan.drive_seconds),
      visit: duration(plan.visit_seconds), total: duration(plan.total_seconds) });
    if (plan.day_count > 1) totals = fill(T.days, { count: plan.day_count }) + " · " + totals;
    $("totals").textContent = totals;
    const body = $("timings");
    body.innerHTML = "";
    let day = 0;
    plan.stops.forEach((s) => {
      if (plan.day_count > 1 && s.day !== day) {
        day = s.day;
        const tr = document.createElement("tr"); tr.className = "day-row";
        cell(tr, fill(T.day, { day: day }) + " · " + s.arrival.slice(8, 10) + "/" + s.arrival.slice(5, 7) + "/"
             + s.arrival.slice(0, 4), "th").colSpan = 5;
        body.append(tr);
      }
      const tr = document.createElement("tr");
      tr.dataset.day = s.day;
      [s.position, s.name, clock(s.arrival), clock(s.departure), s.warnings.join(" ")].forEach((v) => cell(tr, v));
      if (s.warnings.length) tr.className = "warning";
      body.append(tr);
      if (s.day < (plan.stops[s.position] || s).day) {
        const night = document.createElement("tr"); night.className = "overnight-row";
        cell(night, "☾");
        cell(night, s.overnight ? fill(T.overnight, { name: s.overnight.name, distance: km(s.overnight.distance_m) })
                                : T.noLodging).colSpan = 4;
        body.append(night);
      }
    });
    $("result").hidden = false;
    $("along-list").innerHTML = "";
    refreshButtons();
    writeUrl();
  }

  function request() {
    const body = {
      stops: state.stops.map((key) => {
        const p = place(key);
        return p.kind === "point" ? { name: p.name, lon: p.lon, lat: p.lat, visit_minutes: p.visit_minutes }
                                  : { [p.kind]: p.id };
      }),
      end: $("end-mode").value, optimize: $("optimize").checked,
    };
    if ($("start-at").value) body.start_at = $("start-at").value;
    if (state.drawn) body.route = state.drawn;
    return body;
  }

  async function compute() {
    if (state.stops.length < 2) { say(T.needTwo); return; }
    say("");
    await busy(T.computing, async () => {
      try { showPlan(await api(URLS.compute, request())); } catch (e) { say(e.message); }
    });
  }

  async function along() {
    if (!state.plan) return;
    const list = $("along-list");
    list.innerHTML = "";
    alongLayer.clearLayers();
    await busy(T.searching, async () => {
      try {
        const found = await api(URLS.along, {
          route: state.plan.route, distance_m: Number($("along-distance").value),
          exclude_sites: state.plan.stops.filter((s) => s.kind === "site").map((s) => s.id),
          exclude_producers: state.plan.stops.filter((s) => s.kind === "producer").map((s) => s.id),
        });
        if (!found.length) { list.textContent = T.nothingAlong; return; }
        found.forEach((item, n) => {
          const key = item.kind + ":" + item.id;
          const label = String.fromCharCode(65 + (n % 26));
          const li = document.createElement("li");
          const badge = document.createElement("span");
          badge.className = "along-badge"; badge.textContent = label;
          li.append(badge, " " + item.name + " (" + fill(T.m, { m: Math.round(item.distance_m) }) + ") ");
          const marker = numberedMarker(item.lat, item.lon, label, "along-icon", label + ". " + item.name);
          const take = () => {
            if (addStop(key)) say(fill(T.addedAlong, { name: item.name }));
            li.remove(); alongLayer.removeLayer(marker);
          };
          marker.on("click", take).addTo(alongLayer);
          li.append(button("+", T.add + ": " + item.name, take));
          list.append(li);
        });
      } catch (e) { say(e.message); }
    });
  }

  function showSaved(tour, prefix) {
    state.tourId = tour.id;
    state.status = tour.status;
    state.dirtySinceSave = false;
    $("saved").innerHTML = "";
    const a = document.createElement("a");
    a.href = at(URLS.tour, tour.id); a.textContent = tour.name;
    $("saved").append(prefix + " ", a);
    $("save").textContent = T.saveChanges;
    if (window.history && window.location.pathname !== at(URLS.edit, tour.id)) {
      window.history.replaceState(null, "", at(URLS.edit, tour.id));
    }
    refreshButtons();
  }

  async function save(asNew) {
    const name = $("tour-name").value.trim();
    if (!name) { say(T.needName); $("tour-name").focus(); return; }
    say("");
    await busy(T.saving, async () => {
      try {
        const themes = Array.from(document.querySelectorAll("#tour-themes input[name=themes]:checked"),
                                  (box) => box.value);
        const body = Object.assign(request(), { name: name, themes: themes });
        // The plan on screen is what gets saved: its order, not a new optimisation.
        if (state.plan) { body.optimize = false; }
        if (state.tourId && !asNew) {
          showSaved(await api(at(URLS.detail, state.tourId), body, "PUT"), T.updated);
        } else {
          showSaved(await api(URLS.list, body), T.saved);
        }
      } catch (e) { say(e.message); }
    });
  }

  async function publish() {
    if (!state.tourId) return;  // never /tours/null/publish/: the button shows only for a saved tour
    await busy(T.saving, async () => {
      try {
        const tour = await api(at(URLS.publish, state.tourId));
        showSaved(tour, T.published);
      } catch (e) { say(e.message); }
    });
  }

  function startDrawing() {
    say(T.drawHint);
    drawer = new L.Draw.Polyline(map, { shapeOptions: { color: "#2c3e50", weight: 4 } });
    drawer.enable();
  }

  function openEditing() {
    if (!editing) return;
    const taken = new Set();
    state.stops = editing.stops.map((s) => {
      const key = s.kind === "point" ? pointKey(s, taken) : s.kind + ":" + s.id;
      taken.add(key);
      return key;
    }).filter((k) => place(k));
    $("end-mode").value = editing.end;
    $("optimize").checked = false;  // reopen in the saved order
    // Local wall time (Asia/Ho_Chi_Minh) from the server, put in the input as it is: no Date() conversion.
    $("start-at").value = editing.start_at;
    if (editing.route) {
      state.drawn = editing.route;
      L.geoJSON(editing.route, { style: { color: "#2c3e50", weight: 4 } }).addTo(drawnLayer);
    }
    state.tourId = editing.id;
    state.status = editing.status;
    renderStops();
    compute();
  }

  function start(m) {
    map = m;
    expose("ocopPlanner", { map: map, state: state });
    roadsOverlay(map, { label: T.roads, url: config.roadsUrl });
    routeLayer = L.featureGroup().addTo(map);
    drawnLayer = L.featureGroup().addTo(map);
    alongLayer = L.featureGroup().addTo(map);
    stopLayer = L.featureGroup().addTo(map);
    places.forEach((p) => {
      L.circleMarker([p.lat, p.lon], {
        radius: p.kind === "site" ? 7 : 5, color: p.kind === "site" ? "#0e6655" : "#6c3483", weight: 2,
        fillColor: p.kind === "site" ? "#16a085" : "#8e44ad", fillOpacity: 0.7,
        bubblingMouseEvents: false,  // a click on a place adds it; only clicks elsewhere pick coordinates
      }).bindTooltip(document.createTextNode(p.name + " · " + T.add)).on("click", () => addStop(p.kind + ":" + p.id))
        .addTo(map);
    });
    map.on(L.Draw.Event.CREATED, (e) => {
      drawnLayer.clearLayers();
      drawnLayer.addLayer(e.layer);
      state.drawn = e.layer.toGeoJSON().geometry;
      say("");
      changed();
    });
    $("add-stop").addEventListener("click", () => addStop($("place-select").value));
    $("add-point").addEventListener("click", addPoint);
    // A click on the map (not on a place) gives the coordinates of a new point stop.
    map.on("click", (e) => {
      if (drawer && drawer.enabled && drawer.enabled()) return;
      $("point-lon").value = e.latlng.lng.toFixed(6);
      $("point-lat").value = e.latlng.lat.toFixed(6);
      $("point-stop").open = true;
      say(T.pointPicked);
      $("point-name").focus();
    });
    $("compute").addEventListener("click", compute);
    $("draw").addEventListener("click", startDrawing);
    $("clear-drawn").addEventListener("click", () => {
      state.drawn = null; drawnLayer.clearLayers(); changed();
    });
    $("optimize").addEventListener("change", () => { $("optimizer-note").hidden = true; changed(); });
    ["end-mode", "start-at"].forEach((id) => $(id).addEventListener("change", changed));
    $("along").addEventListener("click", along);
    if ($("save")) {
      $("save").addEventListener("click", () => save(false));
      $("save-new").addEventListener("click", () => save(true));
      $("publish").addEventListener("click", publish);
    }
    renderStops();
    if (editing) {
      openEditing();
    } else if (readUrl()) {
      renderStops();
      compute();
    }
    map.on("moveend", writeUrl);
  }
  start(createMap("tour-map", config));
})();
