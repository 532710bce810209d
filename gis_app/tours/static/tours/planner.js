/* Tour planner: pick stops (map or list), reorder them, compute on roads or along a drawn line, save, publish. */
(function () {
  "use strict";
  const places = JSON.parse(document.getElementById("tour-places").textContent);
  const T = JSON.parse(document.getElementById("tour-text").textContent);
  const byKey = new Map(places.map((p) => [p.kind + ":" + p.id, p]));
  const $ = (id) => document.getElementById(id);
  const state = { stops: [], drawn: null, plan: null, tourId: null };
  let map, routeLayer, drawnLayer, stopLayer, drawer;

  function csrf() {
    const m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : "";
  }

  async function api(url, body) {
    const response = await fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) {
      const error = data.error || {};
      throw new Error((error.field ? error.field + ": " : "") + (error.message || response.statusText));
    }
    return data;
  }

  function say(text) { $("message").textContent = text || ""; }

  function addStop(key) {
    const place = byKey.get(key);
    if (place && !state.stops.includes(key)) { state.stops.push(key); renderStops(); }
  }

  function move(index, delta) {
    const target = index + delta;
    if (target < 0 || target >= state.stops.length) return;
    const [item] = state.stops.splice(index, 1);
    state.stops.splice(target, 0, item);
    renderStops();
  }

  function button(label, title, onClick) {
    const b = document.createElement("button");
    b.type = "button"; b.textContent = label; b.title = title; b.setAttribute("aria-label", title);
    b.addEventListener("click", onClick);
    return b;
  }

  function renderStops() {
    const list = $("stop-list");
    list.innerHTML = "";
    stopLayer.clearLayers();
    state.stops.forEach((key, i) => {
      const place = byKey.get(key);
      const li = document.createElement("li");
      li.draggable = true; li.dataset.index = i; li.dataset.key = key;
      const name = document.createElement("span");
      name.textContent = place.name; name.className = "stop-name";
      li.append(name, button("↑", T.up, () => move(i, -1)), button("↓", T.down, () => move(i, 1)),
        button("✕", T.remove, () => { state.stops.splice(i, 1); renderStops(); }));
      li.addEventListener("dragstart", (e) => { e.dataTransfer.setData("text/plain", String(i)); });
      li.addEventListener("dragover", (e) => e.preventDefault());
      li.addEventListener("drop", (e) => {
        e.preventDefault();
        const from = Number(e.dataTransfer.getData("text/plain"));
        move(from, i - from);
      });
      list.append(li);
      L.marker([place.lat, place.lon], { title: place.name })
        .bindTooltip(String(i + 1), { permanent: true, direction: "top" }).addTo(stopLayer);
    });
  }

  function hm(seconds) {
    const m = Math.round(seconds / 60);
    return Math.floor(m / 60) + " h " + String(m % 60).padStart(2, "0");
  }

  function time(iso) { return iso ? iso.slice(11, 16) : ""; }

  function showPlan(plan) {
    state.plan = plan;
    routeLayer.clearLayers();
    L.geoJSON(plan.route, { style: { color: "#c0392b", weight: 5 } }).addTo(routeLayer);
    map.fitBounds(routeLayer.getBounds(), { padding: [20, 20] });
    // The planner's list follows the computed order.
    state.stops = plan.stops.map((s) => s.kind + ":" + s.id).filter((k) => byKey.has(k));
    renderStops();
    $("totals").textContent = T.totals.replace("%(km)s", (plan.distance_m / 1000).toFixed(1))
      .replace("%(drive)s", hm(plan.drive_seconds)).replace("%(visit)s", hm(plan.visit_seconds))
      .replace("%(total)s", hm(plan.total_seconds));
    const body = $("timings");
    body.innerHTML = "";
    plan.stops.forEach((s) => {
      const tr = document.createElement("tr");
      [s.position, s.name, time(s.arrival), time(s.departure), s.warnings.join(" ")].forEach((v) => {
        const td = document.createElement("td"); td.textContent = v; tr.append(td);
      });
      if (s.warnings.length) tr.className = "warning";
      body.append(tr);
    });
    $("result").hidden = false;
    $("along-list").innerHTML = "";
  }

  function request() {
    const body = {
      stops: state.stops.map((key) => { const p = byKey.get(key); return { [p.kind]: p.id }; }),
      end: $("end-mode").value, optimize: $("optimize").checked,
    };
    if ($("start-at").value) body.start_at = $("start-at").value;
    if (state.drawn) body.route = state.drawn;
    return body;
  }

  async function compute() {
    if (state.stops.length < 2) { say(T.needTwo); return; }
    say("");
    try { showPlan(await api("/api/v1/tours/compute/", request())); } catch (e) { say(e.message); }
  }

  async function along() {
    if (!state.plan) return;
    const list = $("along-list");
    list.innerHTML = "";
    try {
      const found = await api("/api/v1/tours/along/", {
        route: state.plan.route, distance_m: Number($("along-distance").value),
        exclude_sites: state.plan.stops.filter((s) => s.kind === "site").map((s) => s.id),
        exclude_producers: state.plan.stops.filter((s) => s.kind === "producer").map((s) => s.id),
      });
      if (!found.length) { list.textContent = T.nothingAlong; return; }
      found.forEach((item) => {
        const li = document.createElement("li");
        li.textContent = item.name + " (" + Math.round(item.distance_m) + " m) ";
        li.append(button("+", T.add, () => { addStop(item.kind + ":" + item.id); li.remove(); }));
        list.append(li);
      });
    } catch (e) { say(e.message); }
  }

  async function save() {
    const name = $("tour-name").value.trim();
    if (!name) { say(T.needName); return; }
    try {
      const tour = await api("/api/v1/tours/", Object.assign(request(), { name: name }));
      state.tourId = tour.id;
      $("saved").innerHTML = "";
      const a = document.createElement("a");
      a.href = "/tours/" + tour.id + "/"; a.textContent = tour.name;
      $("saved").append(T.saved + " ", a);
      $("publish").hidden = false;
    } catch (e) { say(e.message); }
  }

  async function publish() {
    try {
      const tour = await api("/api/v1/tours/" + state.tourId + "/publish/");
      $("saved").firstChild.textContent = T.published + " ";
      $("publish").hidden = true;
      say(tour.name);
    } catch (e) { say(e.message); }
  }

  function startDrawing() {
    say(T.drawHint);
    drawer = new L.Draw.Polyline(map, { shapeOptions: { color: "#2c3e50", weight: 4 } });
    drawer.enable();
  }

  window.tourPlannerInit = function (m) {
    map = m;
    routeLayer = L.featureGroup().addTo(map);
    drawnLayer = L.featureGroup().addTo(map);
    stopLayer = L.featureGroup().addTo(map);
    places.forEach((p) => {
      L.circleMarker([p.lat, p.lon], {
        radius: p.kind === "site" ? 7 : 4, color: p.kind === "site" ? "#16a085" : "#8e44ad", fillOpacity: 0.7,
      }).bindTooltip(document.createTextNode(p.name)).on("click", () => addStop(p.kind + ":" + p.id)).addTo(map);
    });
    map.on(L.Draw.Event.CREATED, (e) => {
      drawnLayer.clearLayers();
      drawnLayer.addLayer(e.layer);
      state.drawn = e.layer.toGeoJSON().geometry;
      $("clear-drawn").hidden = false;
      say("");
    });
    $("add-stop").addEventListener("click", () => addStop($("place-select").value));
    $("compute").addEventListener("click", compute);
    $("draw").addEventListener("click", startDrawing);
    $("clear-drawn").addEventListener("click", () => {
      state.drawn = null; drawnLayer.clearLayers(); $("clear-drawn").hidden = true;
    });
    $("along").addEventListener("click", along);
    if ($("save")) { $("save").addEventListener("click", save); $("publish").addEventListener("click", publish); }
    renderStops();
  };
})();
