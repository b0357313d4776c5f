"""The API's reads: filtered, sorted, cursor-paginated events; points for the map;
counts for the charts; the actor network; an event with its reports and history; a
document with its mentions; places from the gazetteer. Parameterised SQLAlchemy
Core on SQLite and PostgreSQL alike (no SQL is built from strings)."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterator, Sequence

import orjson
from sqlalchemy import and_, func, literal, or_, select

from marsad.model import Event
from marsad.normalize import fold
from marsad.store import schema as S
from marsad.store.codec import event_from_row
from marsad.store.review import REVIEWED, STATUS, corrections_of, reviewed_events_clause

__all__ = ["BadQuery", "EventQuery", "SORTS", "list_events", "points", "stats", "actor_network", "event_detail",
           "document_detail", "iter_filtered"]

E = S.events.c


class BadQuery(ValueError):
    """A filter, sort or cursor that cannot be read (the message says which)."""


#: sort keys: the column and the value used for rows without one
SORTS: dict[str, tuple[Any, Any]] = {
    "event_date": (E.event_date, date(1, 1, 1)),
    "fatalities": (E.fatalities, -1),
    "event_id_cnty": (E.event_id_cnty, ""),
    "event_type": (E.event_type, ""),
    "sub_event_type": (E.sub_event_type, ""),
    "admin1": (E.admin1, ""),
    "location": (E.location, ""),
    "actor1": (E.actor1, ""),
    "country": (E.country, ""),
    "timestamp": (E.timestamp, -1),
}
STATUSES = ("active", "machine", "reviewed", "deleted", "all")


@dataclass(frozen=True)
class EventQuery:
    """The filters every event endpoint shares (the API's query parameters)."""

    date_from: date | None = None
    date_to: date | None = None
    event_type: tuple[str, ...] = ()
    sub_event_type: tuple[str, ...] = ()
    actor: str | None = None
    country: str | None = None
    admin1: tuple[str, ...] = ()
    location: str | None = None
    bbox: tuple[float, float, float, float] | None = None
    q: str | None = None
    min_fatalities: int | None = None
    status: str = "active"
    ids: tuple[str, ...] = field(default=())

    def clauses(self) -> list[Any]:
        c: list[Any] = []
        if self.status == "active":
            c.append(E.status == "active")
        elif self.status == "machine":
            c += [E.status == "active", ~reviewed_events_clause()]
        elif self.status == "reviewed":
            c += [E.status == "active", reviewed_events_clause()]
        elif self.status == "deleted":
            c.append(E.status == "deleted")
        elif self.status != "all":
            raise BadQuery(f"status {self.status!r}: one of {', '.join(STATUSES)}")
        if self.date_from:
            c.append(E.event_date >= self.date_from)
        if self.date_to:
            c.append(E.event_date <= self.date_to)
        if self.event_type:
            c.append(func.lower(E.event_type).in_([t.lower() for t in self.event_type]))
        if self.sub_event_type:
            c.append(func.lower(E.sub_event_type).in_([t.lower() for t in self.sub_event_type]))
        if self.actor:
            a = self.actor.strip().lower()
            like = "%" + _escape_like(a) + "%"
            c.append(or_(func.lower(E.actor1) == a, func.lower(E.actor2) == a,
                         func.lower(E.assoc_actor_1).like(like, escape="\\"),
                         func.lower(E.assoc_actor_2).like(like, escape="\\")))
        if self.country:
            c.append(func.lower(E.country) == self.country.strip().lower())
        if self.admin1:
            c.append(func.lower(E.admin1).in_([a.strip().lower() for a in self.admin1]))
        if self.location:
            loc = self.location.strip().lower()
            c.append(or_(func.lower(E.location) == loc, func.lower(E.admin2) == loc, func.lower(E.admin3) == loc,
                         E.geo_id == self.location.strip(), E.pcode == self.location.strip()))
        if self.bbox:
            w, s, e, n = self.bbox
            c += [E.latitude >= s, E.latitude <= n]
            c.append(and_(E.longitude >= w, E.longitude <= e) if w <= e else or_(E.longitude >= w, E.longitude <= e))
        if self.min_fatalities is not None:
            c.append(E.fatalities >= self.min_fatalities)
        if self.q:
            words = fold(self.q).split()
            if words:
                t = S.event_search.c
                sub = select(t.event_id).where(*[t.folded.like("%" + _escape_like(w) + "%", escape="\\")
                                                 for w in words])
                c.append(E.id.in_(sub))
        if self.ids:
            c.append(E.event_id_cnty.in_(self.ids))
        return c


def _escape_like(s: str) -> str:
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def parse_bbox(value: str | None) -> tuple[float, float, float, float] | None:
    if not value:
        return None
    try:
        w, s, e, n = (float(x) for x in value.split(","))
    except ValueError:
        raise BadQuery(f"bbox {value!r}: give minlon,minlat,maxlon,maxlat, e.g. 35.5,32.3,42.4,37.4") from None
    if not (-180 <= w <= 180 and -180 <= e <= 180 and -90 <= s <= n <= 90):
        raise BadQuery(f"bbox {value!r}: longitudes in -180..180, latitudes in -90..90, minlat <= maxlat")
    return w, s, e, n


# -- rows ------------------------------------------------------------------------------------------


def _reviewed_col():
    return reviewed_events_clause().label("reviewed")


def row_json(row) -> dict[str, Any]:
    """An event row for the API: ACLED's columns and marsad's, with status and review."""
    e = event_from_row(row)
    out = e.row()
    out["sources"] = list(e.sources)
    out["status"] = row["status"]
    out["reviewed"] = bool(row["reviewed"]) if "reviewed" in row else None
    out["version"] = row["version"]
    return out


def _cursor_encode(values: Sequence[Any]) -> str:
    raw = orjson.dumps([v.isoformat() if isinstance(v, date) else v for v in values])
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _cursor_decode(cursor: str, sort: str) -> tuple[Any, int]:
    try:
        value, last_id = orjson.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if sort == "event_date":
            value = date.fromisoformat(value)
        elif SORTS[sort][1] == -1:
            value = int(value)
        else:
            value = str(value)
        return value, int(last_id)
    except (ValueError, TypeError, KeyError):
        raise BadQuery("cursor: not a cursor this API gave (use next_cursor of the previous page, "
                       "with the same sort)") from None


def parse_sort(sort: str | None) -> tuple[str, bool]:
    sort = sort or "-event_date"
    desc = sort.startswith("-")
    key = sort.lstrip("-")
    if key not in SORTS:
        raise BadQuery(f"sort {sort!r}: one of {', '.join(SORTS)} (a leading - sorts descending)")
    return key, desc


def list_events(store, query: EventQuery, *, sort: str | None = None, limit: int = 50,
                cursor: str | None = None, with_total: bool = True) -> dict[str, Any]:
    """One page of events, and the cursor of the next page (keyset pagination on the
    sort value and the row id, so pages never skip or repeat a row)."""
    key, desc = parse_sort(sort)
    col, missing = SORTS[key]
    sort_expr = func.coalesce(col, literal(missing, type_=col.type))
    conds = query.clauses()
    page = conds[:]
    if cursor:
        value, last_id = _cursor_decode(cursor, key)
        v = literal(value, type_=col.type)
        page.append(or_(sort_expr < v, and_(sort_expr == v, E.id < last_id)) if desc
                    else or_(sort_expr > v, and_(sort_expr == v, E.id > last_id)))
    order = [sort_expr.desc(), E.id.desc()] if desc else [sort_expr.asc(), E.id.asc()]
    # the page's ids first (a narrow sort), then their rows: sorting whole rows, with
    # their evidence and provenance, costs several times more
    # (on the first page the filter's total comes with them, as a window count: one scan)
    first = with_total and not cursor
    cols = [E.id, sort_expr.label("_sort")] + ([func.count().over().label("_total")] if first else [])
    q = select(*cols).where(*page).order_by(*order).limit(limit + 1)
    with store.engine.connect() as conn:
        keys = conn.execute(q).all()
        total = (keys[0][2] if keys else 0) if first else None
        more = len(keys) > limit
        keys = keys[:limit]
        by_id = {r["id"]: r for r in conn.execute(
            select(S.events, _reviewed_col()).where(E.id.in_([k[0] for k in keys]))).mappings()} if keys else {}
        if with_total and not first:
            total = conn.execute(select(func.count()).select_from(S.events).where(*conds)).scalar_one()
    nxt = _cursor_encode([keys[-1][1], keys[-1][0]]) if more and keys else None
    return {"events": [row_json(by_id[k[0]]) for k in keys], "next_cursor": nxt, "total": total, "limit": limit,
            "sort": ("-" if desc else "") + key}


def iter_filtered(store, query: EventQuery, *, sort: str | None = None) -> Iterator[Event]:
    """Every event of the filter, as :class:`Event`, read in batches (for the streamed
    exports)."""
    key, desc = parse_sort(sort or "event_date")
    col, missing = SORTS[key]
    sort_expr = func.coalesce(col, literal(missing, type_=col.type))
    order = [sort_expr.desc(), E.id.desc()] if desc else [sort_expr.asc(), E.id.asc()]
    with store.engine.connect() as conn:
        result = conn.execution_options(yield_per=500).execute(
            select(S.events).where(*query.clauses()).order_by(*order))
        for row in result.mappings():
            yield event_from_row(row)


POINT_FIELDS = ("event_id_cnty", "latitude", "longitude", "event_type", "fatalities", "event_date", "location")


def points(store, query: EventQuery) -> dict[str, Any]:
    """Every event of the filter with coordinates, as compact rows for the map."""
    cols = [getattr(E, f) for f in POINT_FIELDS]
    q = select(*cols).where(*query.clauses(), E.latitude.is_not(None), E.longitude.is_not(None)).order_by(E.id)
    with store.engine.connect() as conn:
        rows = [[r[0], r[1], r[2], r[3], r[4] or 0, r[5].isoformat() if r[5] else None, r[6]]
                for r in conn.execute(q)]
    return {"fields": list(POINT_FIELDS), "rows": rows}


def stats(store, query: EventQuery) -> dict[str, Any]:
    """Counts for the charts: by day and type, by type, by admin1; fatalities."""
    conds = query.clauses()
    with store.engine.connect() as conn:
        by_day: dict[str, dict[str, int]] = {}
        for d, t, n, f in conn.execute(
            select(E.event_date, E.event_type, func.count(), func.coalesce(func.sum(E.fatalities), 0))
            .where(*conds, E.event_date.is_not(None)).group_by(E.event_date, E.event_type).order_by(E.event_date)
        ):
            by_day.setdefault(d.isoformat() if hasattr(d, "isoformat") else str(d), {})[t] = n

        def grouped(col) -> list[dict[str, Any]]:
            rows = conn.execute(select(col, func.count(), func.coalesce(func.sum(E.fatalities), 0))
                                .where(*conds).group_by(col).order_by(func.count().desc(), col))
            return [{"name": k or "", "events": n, "fatalities": int(f)} for k, n, f in rows]

        total, fatalities, first, last = conn.execute(
            select(func.count(), func.coalesce(func.sum(E.fatalities), 0), func.min(E.event_date),
                   func.max(E.event_date)).where(*conds)).one()
        return {
            "total": total, "fatalities": int(fatalities),
            "first": first.isoformat() if first else None, "last": last.isoformat() if last else None,
            "by_day": [{"date": d, "counts": c} for d, c in by_day.items()],
            "by_type": grouped(E.event_type), "by_sub_event_type": grouped(E.sub_event_type),
            "by_admin1": grouped(E.admin1), "by_country": grouped(E.country),
        }


def actor_network(store, query: EventQuery, *, limit: int = 60) -> dict[str, Any]:
    """Actors of the filtered events as nodes, events between two of them as edges
    (the ``limit`` actors with most events, and the edges among them)."""
    conds = query.clauses()
    with store.engine.connect() as conn:
        pairs = conn.execute(
            select(E.actor1, E.actor2, E.inter1, E.inter2, func.count(), func.coalesce(func.sum(E.fatalities), 0))
            .where(*conds).group_by(E.actor1, E.actor2, E.inter1, E.inter2)
        ).all()
    nodes: dict[str, dict[str, Any]] = {}
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    for a1, a2, i1, i2, n, f in pairs:
        for name, inter, side in ((a1, i1, "as_actor1"), (a2, i2, "as_actor2")):
            if name:
                node = nodes.setdefault(name, {"name": name, "inter": inter, "events": 0, "fatalities": 0,
                                               "as_actor1": 0, "as_actor2": 0})
                node["events"] += n
                node["fatalities"] += int(f)
                node[side] += n
        if a1 and a2 and a1 != a2:
            k = (a1, a2) if a1 <= a2 else (a2, a1)
            edge = edges.setdefault(k, {"source": k[0], "target": k[1], "events": 0, "fatalities": 0})
            edge["events"] += n
            edge["fatalities"] += int(f)
    top = sorted(nodes.values(), key=lambda x: (-x["events"], x["name"]))[:limit]
    keep = {x["name"] for x in top}
    return {"actors": top, "edges": sorted((e for e in edges.values() if e["source"] in keep and e["target"] in keep),
                                           key=lambda x: (-x["events"], x["source"], x["target"])),
            "total_actors": len(nodes)}


def _iso(v: Any) -> Any:
    return v.isoformat() if hasattr(v, "isoformat") else v


def event_detail(store, event_id_cnty: str) -> dict[str, Any] | None:
    """The event, every report of it with its article and evidence, the analyst's
    corrections (with the machine's proposals) and the revision history."""
    es, d = S.event_sources.c, S.documents.c
    with store.engine.connect() as conn:
        row = conn.execute(select(S.events, _reviewed_col()).where(E.event_id_cnty == event_id_cnty)).mappings().first()
        if row is None:
            return None
        e = event_from_row(row)
        reports = []
        for r in conn.execute(
            select(es.id, es.doc_id, es.report_index, es.evidence_start, es.evidence_end, es.report, es.status,
                   d.outlet, d.url, d.published, d.title, d.raw_text, d.sha256, d.current)
            .select_from(S.event_sources.join(S.documents, es.document_id == d.id))
            .where(es.event_id == row["id"]).order_by(es.status, es.id)
        ).mappings():
            report = orjson.loads(r["report"])
            reports.append({
                "id": r["id"], "doc_id": r["doc_id"], "report_index": r["report_index"], "status": r["status"],
                "outlet": r["outlet"], "url": r["url"], "published": _iso(r["published"]), "title": r["title"],
                "text": r["raw_text"], "sha256": r["sha256"], "current_version": r["current"],
                "evidence_span": [r["evidence_start"], r["evidence_end"]],
                "provenance": report.get("provenance", {}), "report": report,
            })
        corrections = {k: {**v, "at": _iso(v["at"])} for k, v in corrections_of(conn, row["id"]).items()}
        rv = S.revisions.c
        revisions = [{"id": r["id"], "at": _iso(r["at"]), "who": r["who"], "action": r["action"],
                      "what": orjson.loads(r["what"]), "why": r["why"], "run_id": r["run_id"]}
                     for r in conn.execute(select(S.revisions).where(rv.event_id == row["id"])
                                           .order_by(rv.id)).mappings()]
    event = row_json(row)
    event["evidence_span"] = e.evidence_span.to_list()
    event["provenance"] = {k: v.to_json() for k, v in sorted(e.provenance.items())}
    event["actor1_id"], event["actor2_id"] = e.actor1_id, e.actor2_id
    return {"event": event, "reports": reports, "corrections": corrections, "revisions": revisions,
            "deleted_by_analyst": corrections.get(STATUS, {}).get("value") == "deleted",
            "confirmed": REVIEWED in corrections}


def document_detail(store, doc_id: str, sha256: str | None = None) -> dict[str, Any] | None:
    """An article (its current version, or the one with ``sha256``) with its mentions
    and the events it reports."""
    d, m, es = S.documents.c, S.mentions.c, S.event_sources.c
    cond = [d.doc_id == doc_id, d.sha256 == sha256] if sha256 else [d.doc_id == doc_id, d.current.is_(True)]
    with store.engine.connect() as conn:
        row = conn.execute(select(S.documents).where(*cond)).mappings().first()
        if row is None:
            return None
        owner = row
        if row["duplicate_of"] is not None:  # the same text stored under another doc_id: its mentions
            owner = conn.execute(select(S.documents).where(d.id == row["duplicate_of"])).mappings().first() or row
        mentions = [{"kind": r.kind, "span": [r.start_offset, r.end_offset], "text": r.text, "ref": r.ref,
                     "evidence": r.evidence, "confidence": r.confidence, "sentence": r.sentence}
                    for r in conn.execute(select(m.kind, m.start_offset, m.end_offset, m.text, m.ref, m.evidence,
                                                 m.confidence, m.sentence)
                                          .where(m.document_id == owner["id"]).order_by(m.start_offset, m.id))]
        events = conn.execute(
            select(E.event_id_cnty, E.event_type, E.sub_event_type, E.event_date, E.status, es.status.label("report"),
                   es.evidence_start, es.evidence_end)
            .select_from(S.event_sources.join(S.events, es.event_id == E.id))
            .where(es.document_id == owner["id"]).order_by(es.report_index)
        ).mappings().all()
        versions = conn.execute(select(d.sha256, d.current, d.created_at).where(d.doc_id == doc_id)
                                .order_by(d.id)).mappings().all()
    return {
        "doc_id": row["doc_id"], "sha256": row["sha256"], "current": row["current"], "outlet": row["outlet"],
        "url": row["url"], "published": _iso(row["published"]), "title": row["title"], "author": row["author"],
        "language": row["language"], "text": row["raw_text"],
        "duplicate_of": owner["doc_id"] if owner is not row else None,
        "mentions": mentions,
        "events": [{"event_id_cnty": r["event_id_cnty"], "event_type": r["event_type"],
                    "sub_event_type": r["sub_event_type"], "event_date": _iso(r["event_date"]),
                    "status": r["status"], "report_status": r["report"],
                    "evidence_span": [r["evidence_start"], r["evidence_end"]]} for r in events],
        "versions": [{"sha256": v["sha256"], "current": v["current"], "stored": _iso(v["created_at"])}
                     for v in versions],
    }


class PlaceIndex:
    """Gazetteer places by folded name prefix, for the correction form's place picker."""

    def __init__(self, gazetteer) -> None:
        self.gaz = gazetteer
        self._names: list[tuple[str, str]] = []
        for p in gazetteer.places():
            for n in (p.name_ar, p.name_en):
                if n:
                    self._names.append((fold(n), p.id))
        self._names.sort()

    def search(self, q: str, limit: int = 20) -> list[dict[str, Any]]:
        import bisect

        key = fold(q.strip())
        if not key:
            return []
        out: dict[str, dict[str, Any]] = {}
        p = self.gaz.get(q.strip())
        if p is not None:
            out[p.id] = _place_json(p)
        i = bisect.bisect_left(self._names, (key, ""))
        hits: list[Any] = []
        while i < len(self._names) and self._names[i][0].startswith(key) and len(hits) < 400:
            hits.append(self.gaz.get(self._names[i][1]))
            i += 1
        rank = {"admin1": 0, "admin2": 1, "country": 0, "admin3": 2}
        hits.sort(key=lambda x: (fold(x.name_ar) != key and fold(x.name_en) != key, rank.get(x.kind, 3),
                                 -(x.population or 0), x.id))
        for h in hits:
            if len(out) >= limit:
                break
            out.setdefault(h.id, _place_json(h))
        return list(out.values())


def _place_json(p) -> dict[str, Any]:
    return {"geo_id": p.id, "name_ar": p.name_ar, "name_en": p.name_en, "kind": p.kind, "country": p.country_iso3,
            "admin1": p.admin1, "admin2": p.admin2, "admin3": p.admin3, "pcode": p.pcode, "latitude": p.lat,
            "longitude": p.lon, "population": p.population}

