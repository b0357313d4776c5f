// The overview: filters (in the URL), the map of every filtered event (clustered,
// coloured by type, sized by fatalities), the timeline (brush a range of days), the
// sortable paginated table.
"use strict";

(() => {
  const M = window.marsad;
  const state = { meta: null, map: null, cluster: null, cursors: [null], page: 0, stats: null };

  const COLUMNS = [
    ["event_id_cnty", "id"], ["event_date", "date"], ["event_type", "type"], ["sub_event_type", "sub_event_type"],
    ["actor1", "actor1"], ["actor2", "actor2"], ["location", "location"], ["admin1", "admin1"],
    ["fatalities", "fatalities"], ["status", "status"],
  ];
  const SORTABLE = new Set(["event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "location",
    "admin1", "fatalities"]);

  // -- filters form <-> URL ------------------------------------------------------------------------
  function fillForm() {
    const f = M.filters();
    const form = document.getElementById("filters");
    for (const input of form.elements) {
      if (input.name) input.value = f[input.name] || "";
    }
  }

  function formFilters() {
    const form = document.getElementById("filters");
    const out = {};
    for (const input of form.elements) {
      if (input.name && input.value) out[input.name] = input.value;
    }
    const bbox = M.filters().bbox;
    if (bbox) out.bbox = bbox;
    return out;
  }

  // -- the map ---------------------------------------------------------------------------------------
  function initMap() {
    const L = window.L;
    const map = L.map("map", { preferCanvas: true, zoomControl: true, worldCopyJump: true, minZoom: 2, maxZoom: 16 });
    map.setView([35.0, 38.5], 6);
    map.attributionControl.setPrefix(false);
    if (state.meta.tile_url) {
      L.tileLayer(state.meta.tile_url, { attribution: M.escapeHtml(state.meta.tile_attribution || "") }).addTo(map);
    }
    const paneStyle = (name, z) => {
      map.createPane(name);
      map.getPane(name).style.zIndex = String(z);
    };
    paneStyle("countries", 200);
    paneStyle("admin", 250);
    const renderer = L.canvas({ padding: 0.2 });
    const attribution = (name) => {
      const layer = state.meta.layers.find((x) => x.name === name);
      // Leaflet shows attributions as HTML: escape them, they are text
      return layer ? M.escapeHtml(layer.attribution.join("; ")) : "";
    };
    M.api("/api/v1/layers/world-countries").then((geo) => {
      L.geoJSON(geo, {
        pane: "countries", renderer, interactive: false, attribution: attribution("world-countries"),
        style: { color: "#9aa5b1", weight: 0.6, fillColor: state.meta.tile_url ? "transparent" : "#f3f1ea", fillOpacity: 1 },
      }).addTo(map);
    });
    M.api("/api/v1/layers/syria-admin1").then((geo) => {
      L.geoJSON(geo, {
        pane: "admin", renderer, interactive: false, attribution: attribution("syria-admin1"),
        style: { color: "#58606b", weight: 1.2, fill: false },
      }).addTo(map);
    });
    M.api("/api/v1/layers/syria-admin2").then((geo) => {
      const districts = L.geoJSON(geo, { pane: "admin", renderer, interactive: false,
        style: { color: "#a0a7b0", weight: 0.5, dashArray: "2 3", fill: false } });
      const toggle = () => (map.getZoom() >= 8 ? districts.addTo(map) : districts.remove());
      map.on("zoomend", toggle);
      toggle();
    });
    state.cluster = L.markerClusterGroup({
      chunkedLoading: true, showCoverageOnHover: false, maxClusterRadius: 45, spiderfyOnMaxZoom: true,
      iconCreateFunction: clusterIcon,
    });
    map.addLayer(state.cluster);
    state.map = map;
    M.map = map;  // for scripts/bench_serve.py's frame-time measurement
    legend();
  }

  function clusterIcon(cluster) {
    const L = window.L;
    const markers = cluster.getAllChildMarkers();
    const byType = new Array(M.TYPES.length).fill(0);
    let killed = 0;
    for (const m of markers) {
      byType[m.options.typeIndex] += 1;
      killed += m.options.fatalities;
    }
    const top = byType.indexOf(Math.max(...byType));
    const n = markers.length;
    const size = n < 10 ? 30 : n < 100 ? 38 : n < 1000 ? 46 : 54;
    const inner = M.el("div", { title: `${M.fmt(n)} ${M.t("events")}, ${M.fmt(killed)} ${M.t("killed")}` },
      M.el("span", {}, M.fmt(n)));
    return L.divIcon({ html: inner, className: `cluster t${top}`, iconSize: [size, size] });
  }

  function markerSize(killed) {
    return Math.round(10 + Math.min(22, 4 * Math.sqrt(killed || 0)));
  }

  function popup(row) {
    const [id, , , type, killed, date, place] = row;
    return M.el("div", { class: "popup" },
      M.el("a", { href: "/events/" + encodeURIComponent(id) }, id),
      M.el("div", {}, `${date || ""} · ${type}`),
      M.bidi("div", place || ""),
      M.el("div", {}, `${M.fmt(killed)} ${M.t("killed")}`));
  }

  async function loadPoints(filters) {
    const L = window.L;
    const data = await M.api("/api/v1/points?" + M.query(filters));
    state.cluster.clearLayers();
    const markers = [];
    for (const row of data.rows) {
      const [id, lat, lon, type, killed] = row;
      const typeIndex = Math.max(0, M.TYPES.indexOf(type));
      const s = markerSize(killed);
      const marker = L.marker([lat, lon], {
        icon: L.divIcon({ className: `ev t${typeIndex}`, iconSize: [s, s] }),
        typeIndex, fatalities: killed || 0, title: id, alt: id,
      });
      marker.bindPopup(() => popup(row));
      markers.push(marker);
    }
    state.cluster.addLayers(markers);
    if (!state.fitted && markers.length) {  // the first view: every filtered event
      state.fitted = true;
      state.map.fitBounds(state.cluster.getBounds(), { padding: [20, 20], maxZoom: 9 });
    }
    state.points = data.rows.length;
    return data.rows.length;
  }

  function legend() {
    const box = M.clear(document.getElementById("legend"));
    M.TYPES.forEach((t, i) => box.append(M.el("span", { class: "key" }, M.el("i", { class: `swatch t${i}` }), t)));
  }

  // -- the timeline -----------------------------------------------------------------------------------------
  function drawTimeline(stats, filters) {
    const box = M.clear(document.getElementById("timeline"));
    const days = stats.by_day;
    if (!days.length) return;
    const first = new Date(days[0].date + "T00:00:00Z");
    const last = new Date(days[days.length - 1].date + "T00:00:00Z");
    const span = Math.max(1, Math.round((last - first) / 86400000) + 1);
    const W = Math.max(320, box.clientWidth || 600), H = 150, pad = { l: 34, r: 8, t: 8, b: 22 };
    const iw = W - pad.l - pad.r, ih = H - pad.t - pad.b;
    const max = Math.max(...days.map((d) => Object.values(d.counts).reduce((a, b) => a + b, 0)));
    const svg = M.svg("svg", { width: W, height: H, viewBox: `0 0 ${W} ${H}`, class: "timeline-svg", role: "img" });
    const x = (date) => pad.l + (iw * Math.round((date - first) / 86400000)) / span;
    const bw = Math.max(1, iw / span - (span < 120 ? 1 : 0));
    const y = (v) => pad.t + ih - (ih * v) / max;
    // axis: counts and months
    svg.append(M.svg("line", { x1: pad.l, y1: pad.t + ih, x2: W - pad.r, y2: pad.t + ih, class: "axis" }));
    const yLabel = M.svg("text", { x: pad.l - 4, y: pad.t + 8, class: "tick", "text-anchor": "end" });
    yLabel.textContent = M.fmt(max);
    svg.append(yLabel);
    const month = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), 1));
    let labels = 0;
    const step = span > 400 ? 3 : 1;
    while (month <= last && labels < 40) {
      if (month >= first) {
        const tx = x(month);
        svg.append(M.svg("line", { x1: tx, y1: pad.t + ih, x2: tx, y2: pad.t + ih + 4, class: "axis" }));
        const label = M.svg("text", { x: tx + 2, y: H - 6, class: "tick" });
        label.textContent = month.toISOString().slice(0, 7);
        svg.append(label);
        labels++;
      }
      month.setUTCMonth(month.getUTCMonth() + step);
    }
    for (const d of days) {
      const dx = x(new Date(d.date + "T00:00:00Z"));
      let acc = 0;
      M.TYPES.forEach((t, i) => {
        const n = d.counts[t] || 0;
        if (!n) return;
        const rect = M.svg("rect", { x: dx, y: y(acc + n), width: bw, height: y(acc) - y(acc + n), class: `bar t${i}` });
        const title = M.svg("title", {});
        title.textContent = `${d.date} · ${t}: ${n}`;
        rect.append(title);
        svg.append(rect);
        acc += n;
      });
    }
    // the brush: drag across days to filter the map and table
    const sel = M.svg("rect", { x: 0, y: pad.t, width: 0, height: ih, class: "brush" });
    svg.append(sel);
    const dayAt = (px) => {
      const i = Math.min(span - 1, Math.max(0, Math.floor(((px - pad.l) / iw) * span)));
      return new Date(first.getTime() + i * 86400000).toISOString().slice(0, 10);
    };
    const showRange = (a, b) => {
      if (!a || !b) return sel.setAttribute("width", 0);
      const x0 = x(new Date(a + "T00:00:00Z")), x1 = x(new Date(b + "T00:00:00Z")) + iw / span;
      sel.setAttribute("x", x0);
      sel.setAttribute("width", Math.max(1, x1 - x0));
    };
    showRange(filters.from || (filters.to ? days[0].date : null), filters.to || (filters.from ? days[days.length - 1].date : null));
    let start = null;
    const px = (ev) => {
      const r = svg.getBoundingClientRect();
      return ((ev.clientX - r.left) * W) / r.width;
    };
    svg.addEventListener("pointerdown", (ev) => {
      start = px(ev);
      svg.setPointerCapture(ev.pointerId);
      showRange(dayAt(start), dayAt(start));
    });
    svg.addEventListener("pointermove", (ev) => {
      if (start === null) return;
      const a = dayAt(Math.min(start, px(ev))), b = dayAt(Math.max(start, px(ev)));
      showRange(a, b);
    });
    svg.addEventListener("pointerup", (ev) => {
      if (start === null) return;
      const a = dayAt(Math.min(start, px(ev))), b = dayAt(Math.max(start, px(ev)));
      start = null;
      const f = M.filters();
      f.from = a;
      f.to = b;
      M.setFilters(f);
      refresh({ keepTimeline: true });
    });
    box.append(svg);
  }

  // -- the table ------------------------------------------------------------------------------------------
  function sortParam() {
    return new URLSearchParams(location.search).get("sort") || "-event_date";
  }

  function tableHead() {
    const head = M.clear(document.querySelector("#events thead"));
    const sort = sortParam();
    const tr = M.el("tr");
    for (const [key, label] of COLUMNS) {
      const active = sort.replace("-", "") === key;
      const th = M.el("th", { "data-key": key, class: SORTABLE.has(key) ? "sortable" : null,
        "aria-sort": active ? (sort.startsWith("-") ? "descending" : "ascending") : null });
      th.append(M.el("span", { "data-t": label }, M.t(label)));
      if (active) th.append(sort.startsWith("-") ? " ▼" : " ▲");
      if (SORTABLE.has(key)) {
        th.addEventListener("click", () => {
          const p = new URLSearchParams(location.search);
          p.set("sort", active && !sort.startsWith("-") ? "-" + key : key);
          history.pushState(null, "", location.pathname + "?" + p.toString());
          state.cursors = [null];
          state.page = 0;
          loadTable();
        });
      }
      tr.append(th);
    }
    head.append(tr);
  }

  async function loadTable() {
    tableHead();
    const filters = M.filters();
    const cursor = state.cursors[state.page];
    const data = await M.api("/api/v1/events?" + M.query(filters, { sort: sortParam(), limit: 25, cursor }));
    const body = M.clear(document.querySelector("#events tbody"));
    for (const e of data.events) {
      const tr = M.el("tr", { "data-id": e.event_id_cnty });
      for (const [key] of COLUMNS) {
        const td = M.el("td", { class: "c-" + key });
        if (key === "event_id_cnty") {
          td.append(M.el("a", { href: "/events/" + encodeURIComponent(e.event_id_cnty) }, e.event_id_cnty));
        } else if (key === "status") {
          const s = e.status === "deleted" ? "deleted" : e.reviewed ? "reviewed" : "machine";
          td.append(M.el("span", { class: "badge " + s, "data-t": s }, M.t(s)));
        } else if (key === "event_type") {
          td.append(M.el("i", { class: "swatch " + M.typeClass(e.event_type) }), e.event_type);
        } else {
          td.append(M.bidi("span", key === "fatalities" ? M.fmt(e[key]) : e[key]));
        }
        tr.append(td);
      }
      body.append(tr);
    }
    if (!data.events.length) {
      body.append(M.el("tr", {}, M.el("td", { colspan: COLUMNS.length, class: "empty" }, M.t("none"))));
    }
    state.cursors[state.page + 1] = data.next_cursor;
    document.getElementById("next").disabled = !data.next_cursor;
    document.getElementById("prev").disabled = state.page === 0;
    const from = state.page * 25 + (data.events.length ? 1 : 0);
    document.getElementById("page-info").textContent =
      `${M.fmt(from)}–${M.fmt(state.page * 25 + data.events.length)} / ${M.fmt(data.total)}`;
  }

  // -- everything --------------------------------------------------------------------------------------------
  function downloads(filters) {
    const q = M.query(filters);
    for (const fmt of ["csv", "geojson", "jsonl", "parquet"]) {
      document.getElementById("dl-" + fmt).href = `/api/v1/events.${fmt}${q ? "?" + q : ""}`;
    }
  }

  function summary(stats) {
    const box = M.clear(document.getElementById("summary"));
    box.append(M.el("strong", { id: "total" }, M.fmt(stats.total)), ` ${M.t("events")} · `,
      M.el("strong", {}, M.fmt(stats.fatalities)), ` ${M.t("killed")}`);
    if (stats.first) box.append(M.el("span", { class: "range" }, ` · ${stats.first} – ${stats.last}`));
  }

  async function refresh(opts) {
    const filters = M.filters();
    fillForm();
    downloads(filters);
    state.cursors = [null];
    state.page = 0;
    M.status(M.t("loading"));
    document.body.classList.add("busy");
    try {
      const all = Object.assign({}, filters);
      delete all.from;
      delete all.to;
      const [stats, timeline] = await Promise.all([
        M.api("/api/v1/stats?" + M.query(filters)),
        opts && opts.keepTimeline && state.timeline ? Promise.resolve(state.timeline) : M.api("/api/v1/stats?" + M.query(all)),
      ]);
      state.timeline = timeline;
      summary(stats);
      drawTimeline(timeline, filters);
      await Promise.all([loadPoints(filters), loadTable()]);
      M.status("");
    } catch (err) {
      M.status(err.message, "error");
    } finally {
      document.body.classList.remove("busy");
      document.body.dataset.loaded = String(Date.now());
    }
  }

  async function vocabularies() {
    const select = document.querySelector("select[name=event_type]");
    for (const t of Object.keys(state.meta.event_types)) select.append(M.el("option", { value: t }, t));
    const [actors, stats] = await Promise.all([M.api("/api/v1/actors?limit=300"), M.api("/api/v1/stats")]);
    const a = document.getElementById("actor-names");
    for (const x of actors.actors) a.append(M.el("option", { value: x.name }));
    const g = document.getElementById("admin1-names");
    for (const x of stats.by_admin1) if (x.name) g.append(M.el("option", { value: x.name }));
  }

  async function main() {
    await M.loadSession();
    M.header();
    state.meta = await M.api("/api/v1/meta");
    initMap();
    await vocabularies();
    fillForm();
    document.getElementById("filters").addEventListener("submit", (ev) => {
      ev.preventDefault();
      M.setFilters(formFilters());
      refresh();
    });
    document.getElementById("clear").addEventListener("click", () => {
      M.setFilters({});
      refresh();
    });
    document.getElementById("clear-dates").addEventListener("click", () => {
      const f = M.filters();
      delete f.from;
      delete f.to;
      M.setFilters(f);
      refresh({ keepTimeline: true });
    });
    document.getElementById("in-view").addEventListener("click", () => {
      const b = state.map.getBounds();
      const f = formFilters();
      const r = (v) => v.toFixed(3);
      f.bbox = [r(Math.max(-180, b.getWest())), r(Math.max(-90, b.getSouth())), r(Math.min(180, b.getEast())),
        r(Math.min(90, b.getNorth()))].join(",");
      M.setFilters(f);
      refresh();
    });
    document.getElementById("next").addEventListener("click", () => {
      state.page += 1;
      loadTable();
    });
    document.getElementById("prev").addEventListener("click", () => {
      state.page = Math.max(0, state.page - 1);
      loadTable();
    });
    window.addEventListener("popstate", () => refresh());
    await refresh();
  }

  document.addEventListener("DOMContentLoaded", main);
})();
