// An event: its fields with the rule and confidence behind each, the article of each
// report with the picked field's evidence highlighted, the revision history, and for
// reviewers the correction form (fields, confirm, delete/restore, merge, split).
"use strict";

(() => {
  const M = window.marsad;
  const id = decodeURIComponent(location.pathname.split("/").pop());
  const state = { detail: null, report: 0, field: null, meta: null };

  // the fields shown, with the provenance key that holds their evidence
  const FIELDS = [
    ["event_type", "event_type"], ["sub_event_type", "sub_event_type"], ["event_date", "event_date"],
    ["time_precision", "event_date"], ["actor1", "actor1"], ["inter1", "actor1"], ["assoc_actor_1", "assoc_actor_1"],
    ["actor2", "actor2"], ["inter2", "actor2"], ["assoc_actor_2", "assoc_actor_2"], ["interaction", null],
    ["location", "location"], ["admin1", "location"], ["admin2", "location"], ["admin3", "location"],
    ["country", "location"], ["pcode", "location"], ["geo_precision", "location"], ["latitude", "location"],
    ["longitude", "location"], ["fatalities", "fatalities"], ["civilian_targeting", "civilian_targeting"],
    ["disorder_type", "event_type"], ["notes", "notes"], ["source", null], ["modality", "modality"],
    ["confidence", null], ["evidence", "evidence"],
  ];
  // corrections are stored by group: the group of each field
  const GROUP = { inter1: "actor1", inter2: "actor2", actor1_id: "actor1", actor2_id: "actor2", admin1: "location",
    admin2: "location", admin3: "location", country: "location", pcode: "location", geo_precision: "location",
    latitude: "location", longitude: "location", disorder_type: "event_type" };

  function reportsInOrder() {
    const d = state.detail;
    const main = d.reports.filter((r) => r.doc_id === d.event.doc_id && r.status === "active");
    const rest = d.reports.filter((r) => !main.includes(r));
    return main.concat(rest);
  }

  // -- the head and the fields table -----------------------------------------------------------------
  function head() {
    const e = state.detail.event;
    const box = M.clear(document.getElementById("head"));
    const s = e.status === "deleted" ? "deleted" : e.reviewed ? "reviewed" : "machine";
    box.append(
      M.el("h1", {}, M.el("i", { class: "swatch " + M.typeClass(e.event_type) }), `${e.event_id_cnty} · `,
        `${e.event_type} / ${e.sub_event_type} `, M.el("span", { class: "badge " + s, id: "status", "data-t": s }, M.t(s))),
      M.el("div", { class: "meta" }, `${e.event_date || ""} · `, M.bidi("span", e.location),
        ` (${[e.admin2, e.admin1, e.country].filter(Boolean).join(", ")}) · `,
        `${M.fmt(e.fatalities)} ${M.t("killed")} · ${e.sources.length} ${M.t("sources")} · v${e.version}`),
    );
    document.title = `marsad: ${e.event_id_cnty}`;
  }

  function valueText(v) {
    if (v === null || v === undefined) return "";
    if (typeof v === "object") return JSON.stringify(v);
    return String(v);
  }

  function fieldsTable() {
    const d = state.detail, e = d.event;
    const table = M.clear(document.getElementById("fields"));
    table.append(M.el("thead", {}, M.el("tr", {}, M.el("th", { "data-t": "field" }, M.t("field")),
      M.el("th", { "data-t": "value" }, M.t("value")), M.el("th", { "data-t": "decided_by" }, M.t("decided_by")),
      M.el("th", { "data-t": "confidence" }, M.t("confidence")), M.el("th", { "data-t": "machine_says" }, M.t("machine_says")))));
    const body = M.el("tbody");
    const shown = new Set();
    for (const [name, key] of FIELDS) {
      // a rule shared by a group of fields (the place's) is shown once, on its first field
      const prov = key && !shown.has(key) ? e.provenance[key] : null;
      if (prov) shown.add(key);
      const corr = d.corrections[GROUP[name] || name];
      let proposal = "";
      if (corr) {
        const m = corr.machine;
        const mv = m && typeof m === "object" ? m[name] : m;
        const cv = corr.value && typeof corr.value === "object" ? corr.value[name] : corr.value;
        if (valueText(mv) !== valueText(cv)) proposal = valueText(mv);
      }
      const tr = M.el("tr", { "data-field": name, class: key ? "pickable" : null });
      let value = valueText(e[name]);
      if (name === "evidence" && value.length > 140) value = value.slice(0, 140) + "…";
      tr.append(M.el("td", {}, name), M.el("td", { class: "value" }, M.bidi("span", value)),
        M.el("td", { class: "rule" }, M.bidi("span", prov ? prov.rule : "")),
        M.el("td", {}, prov ? String(prov.confidence) : ""),
        M.el("td", { class: "proposal" }, M.bidi("span", proposal)));
      if (key) tr.addEventListener("click", () => pickField(name));
      if (state.field === name) tr.classList.add("picked");
      body.append(tr);
    }
    table.append(body);
  }

  function pickField(name) {
    state.field = name;
    document.querySelectorAll("#fields tr").forEach((tr) => tr.classList.toggle("picked", tr.dataset.field === name));
    article();
  }

  // -- the article with the evidence highlighted -----------------------------------------------------
  function spansOf(report, field) {
    if (!field) return [];
    const key = (FIELDS.find((f) => f[0] === field) || [])[1];
    if (key === "evidence") return [report.evidence_span];
    const prov = key && report.provenance[key];
    return prov ? prov.spans : [];
  }

  function article() {
    const reports = reportsInOrder();
    const box = M.clear(document.getElementById("article"));
    const r = reports[state.report];
    if (!r) return;
    box.setAttribute("dir", "rtl");
    box.setAttribute("lang", "ar");
    box.append(M.bidi("h3", r.title || r.doc_id));
    const text = r.text || "";
    const marks = spansOf(r, state.field).filter((s) => s && s[1] > s[0]).map((s) => [s[0], s[1], "mark"]);
    const [es, ee] = r.evidence_span;
    // boundaries: evidence sentence (underlined) and the picked field's spans (marked)
    const cuts = new Set([0, text.length, es, ee]);
    for (const [a, b] of marks) { cuts.add(a); cuts.add(b); }
    const points = [...cuts].filter((x) => x >= 0 && x <= text.length).sort((a, b) => a - b);
    const p = M.el("div", { class: "text", dir: "rtl" });
    for (let i = 0; i < points.length - 1; i++) {
      const a = points[i], b = points[i + 1];
      if (a === b) continue;
      let node = document.createTextNode(text.slice(a, b));
      if (marks.some(([s, t]) => s <= a && b <= t)) {
        const mark = M.el("mark", { "data-span": `${a}-${b}` });
        mark.append(node);
        node = mark;
      }
      if (es <= a && b <= ee) {
        const u = M.el("span", { class: "evidence" });
        u.append(node);
        node = u;
      }
      p.append(node);
    }
    box.append(p);
    const first = box.querySelector("mark");
    if (first) first.scrollIntoView({ block: "center" });
    document.getElementById("doc-link").href = `/api/v1/documents/${encodeURIComponent(r.doc_id)}?sha256=${r.sha256}`;
  }

  function reportTabs() {
    const box = M.clear(document.getElementById("reports"));
    reportsInOrder().forEach((r, i) => {
      const label = `${r.outlet || "?"} · ${r.published ? r.published.slice(0, 10) : ""}` +
        (r.status !== "active" ? ` · ${M.t("superseded")}` : "");
      const b = M.el("button", { type: "button", class: (i === state.report ? "current " : "") + (r.status !== "active" ? "superseded" : ""),
        "data-report": r.id, title: r.doc_id });
      b.append(label);
      b.addEventListener("click", () => {
        state.report = i;
        reportTabs();
        article();
      });
      if (M.canReview() && r.status === "active" && state.detail.reports.filter((x) => x.status === "active").length > 1) {
        const cb = M.el("input", { type: "checkbox", class: "split-pick", value: r.id, title: M.t("split") });
        cb.addEventListener("click", (ev) => ev.stopPropagation());
        b.prepend(cb);
      }
      box.append(b);
    });
  }

  // -- the history ---------------------------------------------------------------------------------------
  function changeText(what) {
    if (!what || typeof what !== "object") return valueText(what);
    return Object.entries(what).map(([k, v]) => {
      if (Array.isArray(v) && v.length === 2) return `${k}: ${valueText(v[0])} → ${valueText(v[1])}`;
      return `${k}: ${valueText(v)}`;
    }).join("\n");
  }

  // a new event's revision holds its whole row: show the fields an analyst reads
  const SUMMARY = ["event_type", "sub_event_type", "event_date", "location", "admin1", "actor1", "actor2", "fatalities",
    "split_from"];

  function history() {
    const table = M.clear(document.getElementById("history"));
    table.append(M.el("thead", {}, M.el("tr", {}, ...["when", "who", "action", "change", "why"].map((k) =>
      M.el("th", { "data-t": k }, M.t(k))))));
    const body = M.el("tbody");
    for (const r of state.detail.revisions.slice().reverse()) {
      body.append(M.el("tr", { "data-action": r.action },
        M.el("td", {}, (r.at || "").replace("T", " ").slice(0, 19)), M.bidi("td", r.who),
        M.el("td", {}, r.action), M.bidi("td", changeText(r.action === "create" || (r.action === "split" && r.what.split_from)
          ? Object.fromEntries(SUMMARY.filter((k) => k in r.what).map((k) => [k, r.what[k]])) : r.what),
        { class: "change" }), M.bidi("td", r.why)));
    }
    table.append(body);
  }

  // -- the correction form ---------------------------------------------------------------------------------
  function labelled(key, input) {
    return M.el("label", {}, M.el("span", { "data-t": key }, M.t(key)), input);
  }

  function correctionForm() {
    const box = M.clear(document.getElementById("correct-box"));
    if (!M.canReview()) return;
    const e = state.detail.event;
    const types = state.meta.event_types;
    const form = M.el("form", { class: "correct", id: "correct", autocomplete: "off" });
    form.append(M.el("h2", { "data-t": "correct" }, M.t("correct")));
    const type = M.el("select", { name: "event_type" });
    for (const t of Object.keys(types)) type.append(M.el("option", { value: t, selected: t === e.event_type }, t));
    const sub = M.el("select", { name: "sub_event_type" });
    const fillSub = () => {
      M.clear(sub);
      for (const s of types[type.value]) sub.append(M.el("option", { value: s, selected: s === e.sub_event_type }, s));
    };
    type.addEventListener("change", fillSub);
    fillSub();
    const input = (name, attrs) => M.el("input", Object.assign({ name, value: e[name] ?? "", dir: "auto" }, attrs || {}));
    const interSelect = (name) => {
      const s = M.el("select", { name });
      s.append(M.el("option", { value: "" }, "—"));
      for (const [code, label] of Object.entries(state.meta.inter)) {
        s.append(M.el("option", { value: code, selected: String(e[name]) === code }, `${code} ${label}`));
      }
      return s;
    };
    const precision = M.el("select", { name: "time_precision" });
    for (const p of [1, 2, 3]) precision.append(M.el("option", { value: p, selected: e.time_precision === p }, String(p)));
    const place = M.el("input", { name: "place_q", type: "search", dir: "auto", placeholder: e.location || "" });
    const geo = M.el("input", { name: "geo_id", type: "hidden", value: "" });
    const chosen = M.el("div", { class: "meta", id: "place-chosen" });
    const results = M.el("ul", { class: "place-results", hidden: true });
    let timer = null;
    place.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        if (!place.value.trim()) return (results.hidden = true);
        const found = await M.api("/api/v1/places?" + M.query({ q: place.value, limit: 15 }));
        M.clear(results);
        for (const p of found.places) {
          const li = M.el("li", { "data-geo": p.geo_id }, M.bidi("span", `${p.name_ar} · ${p.name_en}`),
            ` (${p.kind}, ${[p.admin2, p.admin1, p.country].filter(Boolean).join(", ")})`);
          li.addEventListener("click", () => {
            geo.value = p.geo_id;
            chosen.textContent = `→ ${p.name_en} (${p.geo_id}${p.pcode ? ", " + p.pcode : ""})`;
            results.hidden = true;
          });
          results.append(li);
        }
        results.hidden = !found.places.length;
      }, 200);
    });
    const names = M.el("datalist", { id: "known-actors" });
    M.api("/api/v1/actors?limit=300").then((a) => a.actors.forEach((x) => names.append(M.el("option", { value: x.name }))));
    const reason = M.el("textarea", { name: "reason", required: true, dir: "auto" });
    form.append(
      M.el("div", { class: "row" }, labelled("event_type", type), labelled("sub_event_type", sub)),
      M.el("div", { class: "row" }, labelled("date", input("event_date", { type: "date" })), labelled("precision", precision),
        labelled("fatalities", input("fatalities", { type: "number", min: 0 }))),
      M.el("div", { class: "row" }, labelled("actor1", input("actor1", { list: "known-actors", size: 34 })), labelled("inter", interSelect("inter1"))),
      M.el("div", { class: "row" }, labelled("actor2", input("actor2", { list: "known-actors", size: 34 })), labelled("inter", interSelect("inter2"))),
      labelled("place_search", place), results, chosen, geo, names,
      labelled("notes", M.el("textarea", { name: "notes", dir: "auto" }, e.notes || "")),
      labelled("reason", reason),
    );
    const actions = M.el("div", { class: "actions" });
    const button = (key, cls, handler) => {
      const b = M.el("button", { type: key === "save" ? "submit" : "button", class: cls, id: "btn-" + key, "data-t": key }, M.t(key));
      if (handler) b.addEventListener("click", handler);
      actions.append(b);
      return b;
    };
    button("save", "primary");
    button("confirm", null, () => act("review", {}));
    if (e.status === "deleted") button("restore", null, () => act("restore", {}));
    else button("delete", "danger", () => act("delete", {}));
    form.append(actions);
    const mergeIds = M.el("input", { name: "merge", placeholder: "SYR123, SYR456" });
    const mergeRow = M.el("div", { class: "row" }, labelled("merge", mergeIds));
    const mergeButton = M.el("button", { type: "button", id: "btn-merge" }, "⇐");
    mergeButton.addEventListener("click", () => act("merge", { events: mergeIds.value.split(/[\s,]+/).filter(Boolean) }));
    mergeRow.append(mergeButton);
    form.append(mergeRow);
    const splitButton = M.el("button", { type: "button", id: "btn-split", "data-t": "split" }, M.t("split"));
    splitButton.addEventListener("click", () => act("split", {
      reports: [...document.querySelectorAll(".split-pick:checked")].map((x) => Number(x.value)) }));
    form.append(M.el("div", { class: "actions" }, splitButton));
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const changes = {};
      const f = form.elements;
      if (f.event_type.value !== e.event_type) changes.event_type = f.event_type.value;
      if (f.sub_event_type.value !== e.sub_event_type) changes.sub_event_type = f.sub_event_type.value;
      if ((f.event_date.value || null) !== (e.event_date || null)) changes.event_date = f.event_date.value || null;
      if (Number(f.time_precision.value) !== e.time_precision) changes.time_precision = Number(f.time_precision.value);
      if (f.fatalities.value !== "" && Number(f.fatalities.value) !== e.fatalities) changes.fatalities = Number(f.fatalities.value);
      for (const side of ["1", "2"]) {
        const name = f["actor" + side].value.trim(), inter = f["inter" + side].value;
        if (name !== (e["actor" + side] || "") || (inter && Number(inter) !== e["inter" + side])) {
          changes["actor" + side] = name;
          if (inter) changes["inter" + side] = Number(inter);
        }
      }
      if (f.notes.value !== (e.notes || "")) changes.notes = f.notes.value;
      if (f.geo_id.value) changes.geo_id = f.geo_id.value;
      await act(null, changes);
    });
    box.append(form);
  }

  async function act(action, payload) {
    const reason = document.querySelector("#correct textarea[name=reason]");
    const body = Object.assign({}, payload, { reason: reason ? reason.value : "" });
    try {
      const url = `/api/v1/events/${encodeURIComponent(id)}` + (action ? "/" + action : "");
      const out = await M.api(url, { method: action ? "POST" : "PATCH", json: body });
      state.detail = out.event;
      if (action === "split" && out.new_event) {
        M.status(`${M.t("saved")} → ${out.new_event.event.event_id_cnty}`, "ok");
      } else {
        M.status(M.t("saved"), "ok");
      }
      render();
    } catch (err) {
      M.status(err.message, "error");
    }
  }

  function render() {
    head();
    fieldsTable();
    reportTabs();
    article();
    history();
    correctionForm();
    M.applyLanguage();
    document.body.dataset.loaded = String(Date.now());
  }

  async function main() {
    await M.loadSession();
    M.header();
    state.meta = await M.api("/api/v1/meta");
    try {
      state.detail = await M.api("/api/v1/events/" + encodeURIComponent(id));
    } catch (err) {
      M.status(err.status === 404 ? M.t("not_found") : err.message, "error");
      return;
    }
    state.field = "event_type";
    render();
  }

  document.addEventListener("DOMContentLoaded", main);
})();
