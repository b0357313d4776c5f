// The actor network of the filtered events (the same filters as the map, from the
// URL): actors as circles sized by their events and coloured by ACLED inter code,
// a line between two actors for the events between them. A small force layout
// (repulsion between actors, springs along lines), run a fixed number of steps.
"use strict";

(() => {
  const M = window.marsad;

  function layout(nodes, edges, W, H) {
    const n = nodes.length;
    // deterministic start: a circle
    nodes.forEach((d, i) => {
      d.x = W / 2 + (W / 3) * Math.cos((2 * Math.PI * i) / n);
      d.y = H / 2 + (H / 3) * Math.sin((2 * Math.PI * i) / n);
    });
    const index = new Map(nodes.map((d, i) => [d.name, i]));
    const links = edges.map((e) => [index.get(e.source), index.get(e.target), e.events]);
    const k = Math.sqrt((W * H) / Math.max(1, n)) * 0.75;
    for (let step = 0; step < 300; step++) {
      const t = (1 - step / 300) * k * 0.2;
      const fx = new Float64Array(n), fy = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          let dx = nodes[i].x - nodes[j].x, dy = nodes[i].y - nodes[j].y;
          const d2 = Math.max(1, dx * dx + dy * dy), f = (k * k) / d2;
          fx[i] += dx * f; fy[i] += dy * f; fx[j] -= dx * f; fy[j] -= dy * f;
        }
      }
      for (const [a, b, w] of links) {
        const dx = nodes[a].x - nodes[b].x, dy = nodes[a].y - nodes[b].y;
        const d = Math.max(1, Math.sqrt(dx * dx + dy * dy)), f = (d / k) * Math.min(3, 1 + Math.log(w));
        fx[a] -= dx * f; fy[a] -= dy * f; fx[b] += dx * f; fy[b] += dy * f;
      }
      for (let i = 0; i < n; i++) {
        fx[i] += (W / 2 - nodes[i].x) * 0.02; fy[i] += (H / 2 - nodes[i].y) * 0.02;
        const len = Math.max(1e-6, Math.sqrt(fx[i] * fx[i] + fy[i] * fy[i]));
        nodes[i].x = Math.min(W - 40, Math.max(40, nodes[i].x + (fx[i] / len) * Math.min(len, t)));
        nodes[i].y = Math.min(H - 20, Math.max(20, nodes[i].y + (fy[i] / len) * Math.min(len, t)));
      }
    }
  }

  function draw(data) {
    const svg = M.clear(document.getElementById("network"));
    const W = svg.clientWidth || 1000, H = svg.clientHeight || 640;
    svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
    const nodes = data.actors.map((a) => Object.assign({}, a));
    layout(nodes, data.edges, W, H);
    const at = new Map(nodes.map((d) => [d.name, d]));
    const maxEdge = Math.max(1, ...data.edges.map((e) => e.events));
    for (const e of data.edges) {
      const a = at.get(e.source), b = at.get(e.target);
      const line = M.svg("line", { x1: a.x, y1: a.y, x2: b.x, y2: b.y, class: "edge",
        "stroke-width": 0.7 + (5 * e.events) / maxEdge });
      const title = M.svg("title", {});
      title.textContent = `${e.source} — ${e.target}: ${e.events} ${M.t("events")}, ${e.fatalities} ${M.t("killed")}`;
      line.append(title);
      svg.append(line);
    }
    const maxNode = Math.max(1, ...nodes.map((d) => d.events));
    for (const d of nodes) {
      const g = M.svg("g", { class: "node", transform: `translate(${d.x},${d.y})` });
      const r = 4 + 16 * Math.sqrt(d.events / maxNode);
      const c = M.svg("circle", { r, class: "i" + (d.inter || 0) });
      const title = M.svg("title", {});
      title.textContent = `${d.name}: ${d.events} ${M.t("events")}, ${d.fatalities} ${M.t("killed")}`;
      c.append(title);
      c.addEventListener("click", () => {
        const f = M.filters();
        f.actor = d.name;
        location.assign("/?" + M.query(f));
      });
      const label = M.svg("text", { x: r + 3, y: 4 });
      label.textContent = d.name.length > 38 ? d.name.slice(0, 36) + "…" : d.name;
      g.append(c, label);
      svg.append(g);
    }
  }

  function table(data) {
    const head = M.clear(document.querySelector("#actor-table thead"));
    head.append(M.el("tr", {}, ...["actor", "inter", "events", "actor1", "actor2", "fatalities"].map((k) =>
      M.el("th", { "data-t": k }, M.t(k)))));
    const body = M.clear(document.querySelector("#actor-table tbody"));
    for (const a of data.actors) {
      const f = M.filters();
      f.actor = a.name;
      body.append(M.el("tr", {}, M.el("td", {}, M.el("a", { href: "/?" + M.query(f) }, a.name)),
        M.el("td", {}, a.inter ?? ""), M.el("td", {}, M.fmt(a.events)), M.el("td", {}, M.fmt(a.as_actor1)),
        M.el("td", {}, M.fmt(a.as_actor2)), M.el("td", {}, M.fmt(a.fatalities))));
    }
  }

  async function main() {
    await M.loadSession();
    M.header();
    const filters = M.filters();
    const shown = Object.entries(filters).map(([k, v]) => `${k}=${v}`).join(" · ");
    document.getElementById("filters-shown").textContent = shown;
    try {
      const data = await M.api("/api/v1/actors?" + M.query(filters, { limit: 50 }));
      draw(data);
      table(data);
    } catch (err) {
      M.status(err.message, "error");
    }
    document.body.dataset.loaded = String(Date.now());
  }

  document.addEventListener("DOMContentLoaded", main);
})();
