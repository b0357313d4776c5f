// marsad web app: what every page shares. Stored text is only ever set with
// textContent (never innerHTML): article text, titles, actor names and notes are data.
"use strict";

const M = (window.marsad = window.marsad || {});

M.TYPES = [
  "Battles",
  "Explosions/Remote violence",
  "Violence against civilians",
  "Protests",
  "Riots",
  "Strategic developments",
];
M.typeClass = (t) => "t" + Math.max(0, M.TYPES.indexOf(t));

// -- interface labels, in English and Arabic ------------------------------------------
const LABELS = {
  title: ["marsad: events", "مرصد: الأحداث"],
  nav_map: ["Map", "الخريطة"],
  nav_actors: ["Actors", "الأطراف"],
  login: ["Log in", "تسجيل الدخول"],
  logout: ["Log out", "تسجيل الخروج"],
  user: ["User name", "اسم المستخدم"],
  password: ["Password", "كلمة المرور"],
  language: ["عربي", "English"],
  from: ["From", "من"],
  to: ["To", "إلى"],
  event_type: ["Event type", "نوع الحدث"],
  sub_event_type: ["Sub-event type", "النوع الفرعي"],
  any: ["any", "الكل"],
  actor: ["Actor", "الطرف"],
  place: ["Place", "المكان"],
  admin1: ["Governorate", "المحافظة"],
  text: ["Text", "نص"],
  min_fatalities: ["Min. killed", "أدنى عدد قتلى"],
  status: ["Status", "الحالة"],
  apply: ["Apply", "تطبيق"],
  clear: ["Clear filters", "مسح المرشحات"],
  clear_dates: ["All dates", "كل التواريخ"],
  in_view: ["Only the map's view", "منطقة الخريطة فقط"],
  timeline: ["Events per day by type (drag to choose dates)", "الأحداث يوميا حسب النوع (اسحب لاختيار التواريخ)"],
  events: ["events", "حدث"],
  killed: ["killed", "قتيل"],
  date: ["Date", "التاريخ"],
  type: ["Type", "النوع"],
  actor1: ["Actor 1", "الطرف الأول"],
  actor2: ["Actor 2", "الطرف الثاني"],
  location: ["Location", "الموقع"],
  fatalities: ["Fatalities", "القتلى"],
  id: ["Event", "الحدث"],
  next: ["Next", "التالي"],
  prev: ["Previous", "السابق"],
  loading: ["Loading…", "جار التحميل…"],
  none: ["No events match these filters.", "لا أحداث تطابق هذه المرشحات."],
  download: ["Download", "تنزيل"],
  machine: ["machine", "آلي"],
  reviewed: ["reviewed", "مراجَع"],
  deleted: ["deleted", "محذوف"],
  active: ["active", "نشط"],
  all: ["all", "الكل"],
  field: ["Field", "الحقل"],
  value: ["Value", "القيمة"],
  decided_by: ["Decided by", "حدده"],
  confidence: ["Confidence", "الثقة"],
  machine_says: ["Machine proposes", "اقتراح الآلة"],
  article: ["Article", "المقال"],
  reports: ["Reports of this event", "تقارير هذا الحدث"],
  history: ["Revision history", "سجل التعديلات"],
  when: ["When", "متى"],
  who: ["Who", "من"],
  action: ["Action", "الإجراء"],
  change: ["Change", "التغيير"],
  why: ["Why", "السبب"],
  correct: ["Correct this event", "تصحيح هذا الحدث"],
  reason: ["Reason (required)", "السبب (مطلوب)"],
  save: ["Save correction", "حفظ التصحيح"],
  confirm: ["Confirm as reviewed", "تأكيد المراجعة"],
  delete: ["Delete event", "حذف الحدث"],
  restore: ["Restore event", "استعادة الحدث"],
  merge: ["Merge events into this one (ids)", "دمج أحداث في هذا الحدث (المعرفات)"],
  split: ["Move the checked reports to a new event", "نقل التقارير المحددة إلى حدث جديد"],
  place_search: ["Find a place in the gazetteer", "ابحث عن مكان في المعجم الجغرافي"],
  notes: ["Notes", "ملاحظات"],
  evidence: ["Evidence", "الدليل"],
  pick_field: ["Pick a field to see its evidence in the article.", "اختر حقلا لترى دليله في المقال."],
  network: ["Actors of the filtered events; a line joins two sides of the same events", "أطراف الأحداث المختارة؛ يصل الخط بين طرفي الأحداث نفسها"],
  outlet: ["Outlet", "المصدر"],
  superseded: ["superseded (the article changed)", "قديم (تغير المقال)"],
  saved: ["Saved.", "تم الحفظ."],
  not_found: ["No such event.", "لا يوجد هذا الحدث."],
  sources: ["sources", "مصادر"],
  precision: ["Time precision", "دقة التاريخ"],
  inter: ["inter code", "رمز الطرف"],
  document: ["The article as data (JSON)", "المقال كبيانات (JSON)"],
};

M.lang = () => (localStorage.getItem("marsad.lang") === "ar" ? "ar" : "en");
M.t = (key) => {
  const pair = LABELS[key];
  return pair ? pair[M.lang() === "ar" ? 1 : 0] : key;
};
M.applyLanguage = () => {
  const ar = M.lang() === "ar";
  document.documentElement.lang = ar ? "ar" : "en";
  document.documentElement.dir = ar ? "rtl" : "ltr";
  document.querySelectorAll("[data-t]").forEach((node) => {
    node.textContent = M.t(node.dataset.t);
  });
  document.querySelectorAll("[data-t-placeholder]").forEach((node) => {
    node.placeholder = M.t(node.dataset.tPlaceholder);
  });
};

// -- DOM -----------------------------------------------------------------------------------
// el("a", {href: "/x", class: "y"}, "text", otherNode): attributes are set with
// setAttribute, children strings become text nodes.
M.el = (tag, attrs, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "text") node.textContent = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children) {
    if (c === null || c === undefined) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
};
M.svg = (tag, attrs) => {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
  return node;
};
M.clear = (node) => {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
};
// for the one library option that takes HTML (Leaflet's attribution): text, escaped
M.escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
// text that may be Arabic: its own direction, whatever the page's
M.bidi = (tag, value, attrs) => M.el(tag, Object.assign({ dir: "auto" }, attrs || {}), value ?? "");

// -- the API -----------------------------------------------------------------------------------
M.session = { user: null, csrf_token: null, public: false };

M.api = async (path, options) => {
  const opts = Object.assign({ headers: {}, credentials: "same-origin" }, options || {});
  if (opts.json !== undefined) {
    opts.body = JSON.stringify(opts.json);
    opts.headers["Content-Type"] = "application/json";
    delete opts.json;
  }
  if (opts.method && opts.method !== "GET" && M.session.csrf_token) {
    opts.headers["X-CSRF-Token"] = M.session.csrf_token;
  }
  const response = await fetch(path, opts);
  let data = null;
  if ((response.headers.get("content-type") || "").includes("json")) data = await response.json();
  if (response.status === 401 && !M.session.public && !(options && options.noRedirect)) {
    location.assign("/login?next=" + encodeURIComponent(location.pathname + location.search));
  }
  if (!response.ok) {
    const err = new Error((data && data.error && data.error.message) || response.statusText);
    err.status = response.status;
    err.code = data && data.error && data.error.code;
    throw err;
  }
  return data;
};

M.loadSession = async () => {
  M.session = await M.api("/api/v1/session", { noRedirect: true });
  return M.session;
};
M.canReview = () => !!(M.session.user && ["reviewer", "admin"].includes(M.session.user.role));

// -- filters in the URL ----------------------------------------------------------------------------
M.FILTERS = ["from", "to", "event_type", "sub_event_type", "actor", "country", "admin1", "location", "q",
  "min_fatalities", "status", "bbox"];
M.filters = () => {
  const p = new URLSearchParams(location.search);
  const out = {};
  for (const k of M.FILTERS) if (p.get(k)) out[k] = p.get(k);
  return out;
};
M.query = (filters, extra) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(Object.assign({}, filters, extra || {}))) {
    if (v !== undefined && v !== null && v !== "") p.set(k, v);
  }
  return p.toString();
};
M.setFilters = (filters, replace) => {
  const keep = new URLSearchParams(location.search);
  const p = new URLSearchParams(M.query(filters));
  for (const k of ["sort"]) if (keep.get(k)) p.set(k, keep.get(k));
  const url = location.pathname + (p.toString() ? "?" + p.toString() : "");
  if (replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
};
M.fmt = (n) => (n === null || n === undefined ? "" : Number(n).toLocaleString(M.lang() === "ar" ? "ar" : "en"));

// -- the header every page has -------------------------------------------------------------------
M.header = () => {
  const bar = document.getElementById("header");
  if (!bar) return;
  M.clear(bar);
  const nav = M.el("nav", {},
    M.el("a", { href: "/", class: "brand", lang: "ar" }, "مرصد"),
    M.el("a", { href: "/" + (location.pathname === "/actors" ? location.search : ""), "data-t": "nav_map" }),
    M.el("a", { href: "/actors" + (location.pathname === "/" ? location.search : ""), "data-t": "nav_actors" }),
  );
  const right = M.el("div", { class: "who" });
  if (M.session.user) {
    right.append(M.bidi("span", `${M.session.user.name} (${M.session.user.role})`, { id: "whoami" }));
    right.append(M.el("button", {
      type: "button", id: "logout", "data-t": "logout", onclick: async () => {
        await M.api("/api/v1/logout", { method: "POST" });
        location.assign("/login");
      },
    }));
  } else if (location.pathname !== "/login") {
    right.append(M.el("a", { href: "/login?next=" + encodeURIComponent(location.pathname + location.search), "data-t": "login" }));
  }
  right.append(M.el("button", {
    type: "button", id: "lang", "data-t": "language", onclick: () => {
      localStorage.setItem("marsad.lang", M.lang() === "ar" ? "en" : "ar");
      location.reload();
    },
  }));
  bar.append(nav, right);
  M.applyLanguage();
};

M.status = (message, kind) => {
  const box = document.getElementById("message");
  if (!box) return;
  box.textContent = message || "";
  box.className = kind || "";
};
