// Situation map: places and their controllers as of the chosen day, from the worker's /situation.
// Outlines: world-atlas (Natural Earth 1:50m) drawn with d3-geo; no tiles, no network beyond the worker.
"use strict";
const SVG = "http://www.w3.org/2000/svg";
const RECENT_DAYS = 7;
const PALETTE = ["#d7263d", "#1b998b", "#f46036", "#2e294e", "#c5d86d", "#8f2d56", "#218380",
  "#fbb13c", "#73d2de", "#6a4c93"];
const STATE_COLOR = "#6c7a89";
const state = { data: null, world: null, days: [], colors: new Map(), selected: null, follow: true };

function el(tag, attrs = {}, text, ns) {
  const n = ns ? document.createElementNS(SVG, tag) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v);
  if (text !== undefined) n.textContent = text;
  return n;
}
const dayNum = (iso) => Date.parse(iso + "T00:00:00Z") / 86400000;
const isoDay = (n) => new Date(n * 86400000).toISOString().slice(0, 10);
const actorName = (a) => (a ? a.name : "no known controller");

function colorOf(actor) {
  if (!actor) return "#ffffff";
  if (!state.colors.has(actor.name)) {
    const used = [...state.colors.values()].filter((c) => c !== STATE_COLOR).length;
    state.colors.set(actor.name, actor.kind === "state" ? STATE_COLOR : PALETTE[used % PALETTE.length]);
  }
  return state.colors.get(actor.name);
}

// The history entry in force on `day` (last one that started on or before it), or null.
function entryAt(place, day) {
  let found = null;
  for (const h of place.history) if (dayNum(h.since) <= day) found = h;
  return found;
}

function visiblePlaces(day) {
  const actor = document.getElementById("actor").value;
  const country = document.getElementById("country").value;
  const out = [];
  for (const p of state.data.places) {
    const h = entryAt(p, day);
    if (!h) continue;
    if (country && p.location.country_code !== country) continue;
    const recent = p.history.filter((e) => e.change_id && dayNum(e.since) <= day
      && dayNum(e.since) > day - RECENT_DAYS);
    if (actor && actorName(h.controller) !== actor
      && !recent.some((e) => actorName(e.previous) === actor)) continue;
    out.push({ place: p, entry: h, recent });
  }
  return out;
}

function fillSelect(id, values) {
  const sel = document.getElementById(id);
  const keep = sel.value;
  while (sel.options.length > 1) sel.remove(1);
  for (const v of values) sel.add(new Option(v, v));
  sel.value = values.includes(keep) ? keep : "";
}

function drawMap(rows) {
  const svg = document.getElementById("map");
  const main = document.querySelector("main").getBoundingClientRect();
  const side = document.querySelector("aside").getBoundingClientRect();
  const w = Math.max(300, main.width - side.width), h = Math.max(300, main.height);
  svg.setAttribute("width", w);
  svg.setAttribute("height", h);
  svg.replaceChildren();
  const pts = (rows.length ? rows.map((r) => r.place) : state.data.places)
    .map((p) => [p.location.lon, p.location.lat]);
  if (!pts.length) pts.push([0, 20]);
  const lons = pts.map((p) => p[0]), lats = pts.map((p) => p[1]);
  const pad = Math.max(1.2, (Math.max(...lons) - Math.min(...lons)) * 0.25,
    (Math.max(...lats) - Math.min(...lats)) * 0.25);
  const box = { type: "MultiPoint", coordinates: [
    [Math.min(...lons) - pad, Math.min(...lats) - pad], [Math.max(...lons) + pad, Math.max(...lats) + pad]] };
  // Outlines are drawn whole (a taller viewport later shows more land); labels sit at the
  // centroid of the part of a country that is in view.
  const proj = d3.geoMercator().fitExtent([[20, 20], [w - 20, h - 20]], box);
  const path = d3.geoPath(proj);
  const clipped = d3.geoMercator().scale(proj.scale()).translate(proj.translate());
  const inView = d3.geoPath(clipped.clipExtent([[0, 0], [w, h]]));
  const land = el("g", { class: "countries" }, undefined, true);
  const labels = el("g", { class: "country-labels" }, undefined, true);
  for (const f of state.world.features) {
    const d = path(f);
    if (!d) continue;
    land.append(el("path", { class: "country", d }, undefined, true));
    if (inView.area(f) > 6000) {
      const [x, y] = inView.centroid(f);
      labels.append(el("text", { class: "country-label", x, y }, f.properties.name, true));
    }
  }
  svg.append(land, labels);
  const marks = el("g", { class: "markers" }, undefined, true);
  for (const { place, entry, recent } of rows) {
    const [x, y] = proj([place.location.lon, place.location.lat]);
    const r = 5 + Math.min(7, 2.5 * Math.log2(1 + (place.importance || 1)));
    const a = el("a", { class: "marker" + (entry.controller ? "" : " nobody")
      + (state.selected === place.key ? " selected" : ""), href: "#" + encodeURIComponent(place.key),
      "data-key": place.key, "data-controller": actorName(entry.controller) }, undefined, true);
    a.append(el("title", {}, `${place.display_name}: ${actorName(entry.controller)} since ${entry.since}`, true));
    if (recent.length) a.append(el("circle", { class: "ring", cx: x, cy: y, r: r + 5 }, undefined, true));
    a.append(el("circle", { class: "dot", cx: x, cy: y, r, fill: colorOf(entry.controller) }, undefined, true));
    a.append(el("text", { x: x + r + 4, y: y + 4 }, place.display_name, true));
    marks.append(a);
  }
  svg.append(marks);
}

function drawLegend(rows) {
  const counts = new Map();
  for (const { entry } of rows) {
    const n = actorName(entry.controller);
    counts.set(n, { actor: entry.controller, n: (counts.get(n)?.n || 0) + 1 });
  }
  const ul = document.querySelector("#legend ul");
  ul.replaceChildren();
  for (const [name, { actor, n }] of [...counts].sort((a, b) => b[1].n - a[1].n)) {
    const li = el("li");
    li.append(el("span", { class: "swatch", style: `background:${colorOf(actor)}` }), `${name} — ${n}`);
    ul.append(li);
  }
  const ol = document.querySelector("#recent ol");
  ol.replaceChildren();
  const changes = rows.flatMap(({ place, recent }) => recent.map((e) => ({ place, e })))
    .sort((a, b) => (a.e.since < b.e.since ? 1 : -1));
  for (const { place, e } of changes) {
    const li = el("li");
    const a = el("a", { href: "#" + encodeURIComponent(place.key) }, place.display_name);
    li.append(`${e.since} `, a, `: ${actorName(e.previous)} ⇒ ${actorName(e.controller)} (${e.cause})`);
    ol.append(li);
  }
  if (!changes.length) ol.append(el("li", { class: "hint" }, "none"));
}

function drawEvidence() {
  const box = document.getElementById("evidence");
  const place = state.data && state.data.places.find((p) => p.key === state.selected);
  if (!place) return;
  box.replaceChildren(el("h2", {}, "Evidence"));
  const head = el("h3", {}, place.display_name);
  if (place.native_name !== place.display_name) head.append(el("span", { class: "meta" }, ` (${place.native_name})`));
  box.append(head, el("p", { class: "meta" },
    `${place.location.country_code} · ${place.location.level} · ${place.key} · now: ${actorName(place.controller)} since ${place.since}`));
  for (const h of [...place.history].reverse()) {
    box.append(el("h4", {}, `${h.since}: ${actorName(h.previous)} ⇒ ${actorName(h.controller)} (${h.cause})`));
    for (const id of h.event_ids) {
      const ev = state.data.events[id];
      if (!ev) continue;
      const item = el("div", { class: "evidence-item", "data-event": id });
      item.append(el("q", {}, ev.evidence), el("span", { class: "meta" },
        `article ${ev.article_id} · ${ev.type} by ${ev.actor} · ${ev.status} · event ${id}`));
      box.append(item);
    }
  }
  box.append(el("a", { href: "/situation?place=" + encodeURIComponent(place.key) }, "this place as JSON"));
}

function render() {
  const slider = document.getElementById("day");
  const day = state.days[Number(slider.value)] ?? 0;
  document.getElementById("day-label").textContent = state.days.length ? isoDay(day) : "—";
  const rows = visiblePlaces(day);
  drawMap(rows);
  drawLegend(rows);
  drawEvidence();
  document.body.dataset.markers = String(rows.length);
  document.body.dataset.ready = "1";
}

async function load() {
  const res = await fetch("/situation");
  state.data = await res.json();
  const d = state.data;
  const slider = document.getElementById("day");
  const atEnd = Number(slider.value) >= Number(slider.max);
  state.days = [];
  if (d.first_date) for (let n = dayNum(d.first_date); n <= dayNum(d.last_date); n++) state.days.push(n);
  slider.max = String(Math.max(0, state.days.length - 1));
  const asked = new URLSearchParams(location.search).get("day");
  if (asked && !state.askedDone && state.days.length) {
    // Deep link: /map?day=2024-12-08 opens the map as of that day.
    state.askedDone = true;
    const i = state.days.indexOf(dayNum(asked));
    slider.value = String(i >= 0 ? i : slider.max);
    state.follow = i < 0;
  } else if (atEnd && state.follow) slider.value = slider.max;
  const actors = new Set(), countries = new Set();
  for (const p of d.places) {
    countries.add(p.location.country_code);
    for (const h of p.history) { if (h.controller) actors.add(h.controller.name); }
  }
  fillSelect("actor", [...actors].sort());
  fillSelect("country", [...countries].sort());
  if (!state.filtersFromUrl) {
    // Deep link: /map?actor=...&country=SY preselects the filters.
    state.filtersFromUrl = true;
    const q = new URLSearchParams(location.search);
    for (const id of ["actor", "country"]) if (q.get(id)) document.getElementById(id).value = q.get(id);
  }
  document.getElementById("status").textContent =
    `${d.count} places · ${d.events_read} events read · updated ${new Date().toLocaleTimeString()}`;
  render();
}

async function main() {
  const topo = await (await fetch("/map/assets/countries-50m.json")).json();
  state.world = topojson.feature(topo, topo.objects.countries);
  state.selected = decodeURIComponent(location.hash.slice(1)) || null;
  for (const id of ["actor", "country"]) document.getElementById(id).addEventListener("change", render);
  document.getElementById("day").addEventListener("input", (e) => {
    state.follow = Number(e.target.value) >= Number(e.target.max);
    render();
  });
  window.addEventListener("resize", render);
  window.addEventListener("hashchange", () => {
    state.selected = decodeURIComponent(location.hash.slice(1)) || null;
    render();
  });
  await load();
  setInterval(() => load().catch((e) => { document.getElementById("status").textContent = "error: " + e; }), 10000);
}
main().catch((e) => { document.getElementById("status").textContent = "error: " + e; });
