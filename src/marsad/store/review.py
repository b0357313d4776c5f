"""Analysts' corrections of stored events, with an audit trail.

``events`` always holds the *reviewed* values: what an analyst set, else what the
machine extracted. Each analyst change is

- a row of ``corrections`` per corrected field (the analyst's value, who, when, why,
  and the machine's latest proposal for that field), and
- a row of ``revisions`` (who, when, ``{field: [old, new]}``, why), like the rows
  ``marsad run`` writes.

A later ``marsad run`` that revises an event keeps every corrected field as the
analyst set it and records what the machine now proposes (:func:`reconcile`), so an
export gives the reviewed values and the review page shows where the machine
disagrees. Field groups are corrected together: the place (``location`` from a
gazetteer id sets every place column), the type (``disorder_type`` and ``plover``
follow ``event_type``/``sub_event_type``), a side (``inter`` and ``interaction``
follow an actor named in marsad's actor list) and the date (``year``).

The actions: :func:`correct`, :func:`mark_reviewed`, :func:`delete_event`,
:func:`restore_event`, :func:`merge_events` and :func:`split_event`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any, Iterable, Mapping, Sequence

import orjson
from sqlalchemy import and_, delete, exists, func, insert, select, update

from marsad.errors import MarsadError
from marsad.model import LOCATION_FIELDS, Event, FieldEvidence
from marsad.normalize import fold
from marsad.store import schema as S
from marsad.store.codec import dumps, event_from_json, event_from_row, event_to_row, iso3_of

__all__ = [
    "CORRECTABLE",
    "EventNotFound",
    "ReviewError",
    "correct",
    "corrections_of",
    "delete_event",
    "ensure_search_index",
    "mark_reviewed",
    "merge_events",
    "next_event_id",
    "reconcile",
    "restore_event",
    "search_text",
    "split_event",
    "write_search_text",
]


class ReviewError(MarsadError):
    """A correction that cannot be applied as asked (the message says why)."""


class EventNotFound(ReviewError):
    """No event with that ``event_id_cnty``."""


#: what an analyst may correct: the name of the correction -> the event fields it sets
CORRECTABLE: dict[str, tuple[str, ...]] = {
    "event_type": ("event_type", "disorder_type", "plover"),
    "sub_event_type": ("sub_event_type", "disorder_type", "plover"),
    "actor1": ("actor1", "actor1_id", "inter1", "interaction"),
    "actor2": ("actor2", "actor2_id", "inter2", "interaction"),
    "assoc_actor_1": ("assoc_actor_1",),
    "assoc_actor_2": ("assoc_actor_2",),
    "civilian_targeting": ("civilian_targeting",),
    "location": LOCATION_FIELDS,
    "event_date": ("event_date",),
    "time_precision": ("time_precision",),
    "fatalities": ("fatalities",),
    "notes": ("notes",),
}
#: marker fields of ``corrections`` that are not event columns
STATUS, REVIEWED = "status", "reviewed"


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _json(v: Any) -> Any:
    return v.isoformat() if isinstance(v, (date, datetime)) else v


def _loads(s: str | None) -> Any:
    return orjson.loads(s) if s else None


# -- search text ------------------------------------------------------------------------


def search_text(e: Event) -> str:
    """The folded text the ``q`` filter searches: evidence, notes, sides, place, type."""
    parts = (e.evidence, e.notes, e.actor1, e.assoc_actor_1, e.actor2, e.assoc_actor_2, e.location,
             e.admin1, e.admin2, e.admin3, e.country, e.sub_event_type, e.event_id_cnty, e.source)
    return fold(" | ".join(p for p in parts if p))


def write_search_text(conn, events: Mapping[int, Event]) -> None:
    """Replace the search text of these events (by ``events.id``)."""
    if not events:
        return
    ids = list(events)
    for start in range(0, len(ids), 500):
        conn.execute(delete(S.event_search).where(S.event_search.c.event_id.in_(ids[start:start + 500])))
    conn.execute(insert(S.event_search), [{"event_id": k, "folded": search_text(e)} for k, e in events.items()])


def ensure_search_index(store) -> int:
    """Index the events that have no search text yet (a store written by an older
    marsad); return how many."""
    e, t = S.events.c, S.event_search.c
    done = 0
    with store.engine.begin() as conn:
        missing = select(S.events).where(~exists().where(t.event_id == e.id)).order_by(e.id)
        batch: dict[int, Event] = {}
        for row in conn.execute(missing).mappings():
            batch[row["id"]] = event_from_row(row)
            if len(batch) >= 1000:
                write_search_text(conn, batch)
                done += len(batch)
                batch = {}
        write_search_text(conn, batch)
        done += len(batch)
    return done


# -- ids ----------------------------------------------------------------------------------


def next_event_id(conn, iso3: str) -> str:
    """A new ``event_id_cnty``: ISO3 + the next number of that country's counter."""
    t = S.id_counters
    n = conn.execute(select(t.c.next_number).where(t.c.iso3 == iso3)).scalar()
    if n is None:
        n = 1
        conn.execute(t.insert().values(iso3=iso3, next_number=2))
    else:
        conn.execute(update(t).where(t.c.iso3 == iso3).values(next_number=n + 1))
    return f"{iso3}{n}"


# -- reading ---------------------------------------------------------------------------------


def corrections_of(conn, event_pk: int) -> dict[str, dict[str, Any]]:
    """The analyst's corrections of one event: name -> {value, machine, who, at, why}."""
    c = S.corrections.c
    out = {}
    for r in conn.execute(select(S.corrections).where(c.event_id == event_pk).order_by(c.id)).mappings():
        out[r["field"]] = {"value": _loads(r["value"]), "machine": _loads(r["machine"]), "who": r["who"],
                           "at": r["at"], "why": r["why"], "machine_run": r["machine_run"]}
    return out


def _row_of(conn, event_id_cnty: str, *, for_update: bool = True) -> Mapping[str, Any]:
    q = select(S.events).where(S.events.c.event_id_cnty == event_id_cnty)
    if for_update and conn.dialect.name == "postgresql":
        q = q.with_for_update()
    row = conn.execute(q).mappings().first()
    if row is None:
        raise EventNotFound(f"no event {event_id_cnty!r} in the store")
    return row


def _active_row(conn, event_id_cnty: str, doing: str) -> Mapping[str, Any]:
    row = _row_of(conn, event_id_cnty)
    if row["status"] != "active":
        raise ReviewError(f"{event_id_cnty} is deleted: restore it before {doing} it")
    return row


def _group_value(e: Event, name: str) -> Any:
    """The value a correction of ``name`` holds: one field, or a dict for a group."""
    fields = CORRECTABLE[name]
    if name in ("location", "actor1", "actor2"):
        return {f: _json(getattr(e, f)) for f in fields}
    return _json(getattr(e, name))


def _apply_group(e: Event, name: str, value: Any) -> Event:
    if isinstance(value, dict):
        changes = {f: value.get(f) for f in CORRECTABLE[name] if f in value}
    else:
        changes = {name: value}
    if "event_date" in changes and isinstance(changes["event_date"], str):
        changes["event_date"] = date.fromisoformat(changes["event_date"])
    for f, v in list(changes.items()):
        if v is None and isinstance(Event.__dataclass_fields__[f].default, str):
            changes[f] = ""
    if name in ("event_type", "sub_event_type", "actor1", "actor2", "inter1", "inter2"):
        changes.update({k: v for k, v in _derived(dataclasses.replace(e, **changes)).items()})
    return dataclasses.replace(e, **changes)


def _derived(e: Event) -> dict[str, Any]:
    from marsad.extract.typing import disorder_type, plover
    from marsad.recognize.actors import interaction_code

    out: dict[str, Any] = {"disorder_type": disorder_type(e.event_type, e.sub_event_type),
                           "plover": plover(e.event_type, e.sub_event_type)}
    try:
        out["interaction"] = interaction_code(e.inter1 if e.actor1 else None, e.inter2 if e.actor2 else None)
    except ValueError:
        pass
    return out


# -- validating ---------------------------------------------------------------------------------


def _validate(e: Event, changes: Mapping[str, Any], gazetteer=None) -> dict[str, Any]:
    """The corrections ``changes`` (API names) as values of their groups, checked."""
    from marsad.extract.typing import SUB_EVENT_TYPES

    unknown = sorted(set(changes) - set(CORRECTABLE) - {"geo_id", "inter1", "inter2"})
    if unknown:
        raise ReviewError(
            f"cannot correct {', '.join(unknown)}: correctable fields are {', '.join(sorted(CORRECTABLE))} "
            "(the place by its gazetteer id: geo_id)"
        )
    out: dict[str, Any] = {}
    etype = changes.get("event_type", e.event_type)
    sub = changes.get("sub_event_type", e.sub_event_type)
    if "event_type" in changes or "sub_event_type" in changes:
        if etype not in SUB_EVENT_TYPES:
            raise ReviewError(f"event_type {etype!r} is not an ACLED event type: one of {', '.join(SUB_EVENT_TYPES)}")
        if sub not in SUB_EVENT_TYPES[etype]:
            raise ReviewError(
                f"sub_event_type {sub!r} is not a sub-type of {etype}: one of {', '.join(SUB_EVENT_TYPES[etype])}"
            )
        if etype != e.event_type:
            out["event_type"] = etype
        if sub != e.sub_event_type or etype != e.event_type:
            out["sub_event_type"] = sub
    for side in ("1", "2"):
        name_key, inter_key = f"actor{side}", f"inter{side}"
        if name_key in changes or inter_key in changes:
            out[name_key] = _actor_value(e, side, changes.get(name_key, getattr(e, name_key)),
                                         changes.get(inter_key))
    for key in ("assoc_actor_1", "assoc_actor_2", "notes", "civilian_targeting"):
        if key in changes:
            v = changes[key]
            if v is not None and not isinstance(v, str):
                raise ReviewError(f"{key} must be text")
            out[key] = (v or "").strip()
    if "event_date" in changes:
        v = changes["event_date"]
        try:
            out["event_date"] = date.fromisoformat(v).isoformat() if v else None
        except (TypeError, ValueError):
            raise ReviewError(f"event_date {v!r}: give a date as YYYY-MM-DD") from None
    if "time_precision" in changes:
        v = changes["time_precision"]
        if v not in (1, 2, 3):
            raise ReviewError("time_precision must be 1 (day), 2 (week) or 3 (month)")
        out["time_precision"] = v
    if "fatalities" in changes:
        v = changes["fatalities"]
        if not isinstance(v, int) or isinstance(v, bool) or v < 0 or v > 1_000_000:
            raise ReviewError(f"fatalities {v!r}: give a whole number, 0 or more")
        out["fatalities"] = v
    if "geo_id" in changes or "location" in changes:
        out["location"] = _place_value(changes.get("geo_id") or changes.get("location"), gazetteer)
    return out


def _actor_value(e: Event, side: str, name: Any, inter: Any) -> dict[str, Any]:
    from marsad.recognize.actors import INTER_LABELS, inter_for, load_registry

    if name is not None and not isinstance(name, str):
        raise ReviewError(f"actor{side} must be text")
    name = (name or "").strip()
    value: dict[str, Any] = {f"actor{side}": name, f"actor{side}_id": "", f"inter{side}": None}
    if not name:
        return value
    actor = load_registry().by_name(name)
    if actor is not None:
        value[f"actor{side}"] = actor.name
        value[f"actor{side}_id"] = actor.id
        value[f"inter{side}"] = inter_for(actor, iso3_of(e) if iso3_of(e) != "XXX" else None)
    elif name == getattr(e, f"actor{side}"):
        value[f"actor{side}_id"] = getattr(e, f"actor{side}_id")
        value[f"inter{side}"] = getattr(e, f"inter{side}")
    if inter is not None:
        if inter not in INTER_LABELS:
            raise ReviewError(f"inter{side} {inter!r}: give an ACLED inter code 1-8")
        value[f"inter{side}"] = inter
    if value[f"inter{side}"] is None:
        raise ReviewError(
            f"actor{side} {name!r} is not in marsad's actor list: give its ACLED inter code too (inter{side}, 1-8)"
        )
    return value


def _place_value(geo_id: Any, gazetteer=None) -> dict[str, Any]:
    from marsad.geocode import load_gazetteer
    from marsad.geocode.resolve import Geocoder

    if not isinstance(geo_id, str) or not geo_id:
        raise ReviewError("give the place as its gazetteer id (geo_id), e.g. from GET /api/v1/places?q=...")
    gaz = gazetteer or load_gazetteer()
    place = gaz.get(geo_id)
    if place is None:
        raise ReviewError(f"no place {geo_id!r} in the gazetteer: find it with GET /api/v1/places?q=NAME")
    loc = Geocoder(gaz).place_location(place)
    return {f: getattr(loc, f) for f in LOCATION_FIELDS}


# -- writing ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Outcome:
    """What an action did: the event after it, and the revision's diff."""

    event: Event
    diff: dict[str, list[Any]]
    status: str


def _revision(conn, pk: int, eid: str, action: str, what: Any, who: str, why: str, now: datetime,
              run_id: int | None = None) -> None:
    conn.execute(S.revisions.insert().values(event_id=pk, event_id_cnty=eid, run_id=run_id, at=now, who=who,
                                             action=action, what=dumps(what), why=why))


def _why(why: Any) -> str:
    if not isinstance(why, str) or not why.strip():
        raise ReviewError("give the reason for the change (reason): it goes into the revision history")
    return why.strip()[:2000]


def _analyst_provenance(e: Event, names: Iterable[str], who: str, why: str) -> Event:
    prov = dict(e.provenance)
    for name in names:
        prov[name] = FieldEvidence((), f"corrected by {who}: {why}", 1.0)
    return dataclasses.replace(e, provenance=prov)


def _upsert_correction(conn, pk: int, name: str, value: Any, machine: Any, who: str, why: str, now: datetime) -> None:
    c = S.corrections.c
    found = conn.execute(select(c.id).where(c.event_id == pk, c.field == name)).scalar()
    if found is None:
        conn.execute(S.corrections.insert().values(event_id=pk, field=name, value=dumps(value),
                                                   machine=dumps(machine), who=who, at=now, why=why))
    else:
        conn.execute(update(S.corrections).where(c.id == found).values(value=dumps(value), who=who, at=now, why=why))


def _write_event(conn, pk: int, e: Event, now: datetime, **extra: Any) -> Event:
    e = dataclasses.replace(e, timestamp=int(now.timestamp()))
    conn.execute(update(S.events).where(S.events.c.id == pk)
                 .values(version=S.events.c.version + 1, **event_to_row(e), **extra))
    write_search_text(conn, {pk: e})
    return e


def _diff(before: Event, after: Event) -> dict[str, list[Any]]:
    a, b = event_to_row(before), event_to_row(after)
    return {k: [_json(a[k]), _json(b[k])] for k in b
            if a[k] != b[k] and k not in ("timestamp", "provenance")}


def correct(store, event_id_cnty: str, changes: Mapping[str, Any], *, who: str, why: str,
            gazetteer=None) -> Outcome:
    """Set fields of an event as an analyst; ``changes`` in the API's names (see
    :data:`CORRECTABLE`; the place as ``geo_id``)."""
    why = _why(why)
    if not changes:
        raise ReviewError("nothing to correct: give at least one field")
    now = _now()
    with store.engine.begin() as conn:
        row = _active_row(conn, event_id_cnty, "correcting")
        pk, before = row["id"], event_from_row(row)
        values = _validate(before, changes, gazetteer)
        after = before
        done = corrections_of(conn, pk)
        for name, value in values.items():
            machine = done[name]["machine"] if name in done else _group_value(before, name)
            after = _apply_group(after, name, value)
            _upsert_correction(conn, pk, name, _group_value(after, name), machine, who, why, now)
        diff = _diff(before, after)
        if not diff:
            raise ReviewError(f"{event_id_cnty} already has these values: nothing changed")
        after = _analyst_provenance(after, values, who, why)
        after = _write_event(conn, pk, after, now)
        _revision(conn, pk, event_id_cnty, "correct", diff, who, why, now)
    return Outcome(after, diff, "active")


def mark_reviewed(store, event_id_cnty: str, *, who: str, why: str) -> Outcome:
    """Confirm an event as it is (it counts as reviewed)."""
    why = _why(why)
    now = _now()
    with store.engine.begin() as conn:
        row = _row_of(conn, event_id_cnty)
        _upsert_correction(conn, row["id"], REVIEWED, True, False, who, why, now)
        _revision(conn, row["id"], event_id_cnty, "review", {REVIEWED: [False, True]}, who, why, now)
        conn.execute(update(S.events).where(S.events.c.id == row["id"])
                     .values(version=S.events.c.version + 1, timestamp=int(now.timestamp())))
        return Outcome(event_from_row(row), {REVIEWED: [False, True]}, row["status"])


def _set_status(conn, row, status: str, who: str, why: str, now: datetime, what: Any = None) -> None:
    pk = row["id"]
    _upsert_correction(conn, pk, STATUS, status, "active", who, why, now)
    conn.execute(update(S.events).where(S.events.c.id == pk)
                 .values(status=status, version=S.events.c.version + 1, timestamp=int(now.timestamp())))
    action = "delete" if status == "deleted" else "restore"
    _revision(conn, pk, row["event_id_cnty"], action, what or {STATUS: [row["status"], status]}, who, why, now)


def delete_event(store, event_id_cnty: str, *, who: str, why: str) -> Outcome:
    """Mark an event deleted (nothing is erased; :func:`restore_event` undoes it)."""
    why = _why(why)
    now = _now()
    with store.engine.begin() as conn:
        row = _row_of(conn, event_id_cnty)
        if row["status"] == "deleted":
            raise ReviewError(f"{event_id_cnty} is already deleted")
        _set_status(conn, row, "deleted", who, why, now)
        return Outcome(event_from_row(row), {STATUS: ["active", "deleted"]}, "deleted")


def restore_event(store, event_id_cnty: str, *, who: str, why: str) -> Outcome:
    why = _why(why)
    now = _now()
    with store.engine.begin() as conn:
        row = _row_of(conn, event_id_cnty)
        if row["status"] != "deleted":
            raise ReviewError(f"{event_id_cnty} is not deleted")
        es = S.event_sources.c
        if not conn.execute(select(func.count()).where(es.event_id == row["id"], es.status == "active")).scalar():
            raise ReviewError(f"{event_id_cnty} has no report left (merged into another event or its article "
                              "changed): nothing to restore")
        _set_status(conn, row, "active", who, why, now)
        return Outcome(event_from_row(row), {STATUS: ["deleted", "active"]}, "active")


def _reports(conn, pk: int) -> list[tuple[int, Event]]:
    es = S.event_sources.c
    return [(r.id, event_from_json(orjson.loads(r.report)))
            for r in conn.execute(select(es.id, es.report).where(es.event_id == pk, es.status == "active")
                                  .order_by(es.id))]


def _machine_event(conn, pk: int, current: Event) -> Event:
    """The canonical event of ``pk``'s reports as the machine merges them, with the
    analyst's corrections of ``pk`` applied on top (proposals recorded)."""
    from marsad.dedup.rules import merge_reports

    members = [e for _, e in _reports(conn, pk)]
    if not members:
        raise ReviewError("an event needs at least one report")
    machine = merge_reports(members, event_id_cnty=current.event_id_cnty, timestamp=current.timestamp)
    return _keep_corrections(conn, pk, machine, None)


def merge_events(store, target_id: str, others: Sequence[str], *, who: str, why: str) -> Outcome:
    """Merge ``others`` into ``target_id``: their reports join it; they are deleted
    (``merged into`` in their history)."""
    why = _why(why)
    others = [o for o in dict.fromkeys(others) if o != target_id]
    if not others:
        raise ReviewError("name at least one other event to merge into this one (events)")
    now = _now()
    es = S.event_sources.c
    with store.engine.begin() as conn:
        target = _active_row(conn, target_id, "merging into")
        before = event_from_row(target)
        rows = [_row_of(conn, o) for o in others]
        for r in rows:
            if r["status"] != "active":
                raise ReviewError(f"{r['event_id_cnty']} is deleted: only active events can be merged")
        for r in rows:
            conn.execute(update(S.event_sources).where(es.event_id == r["id"], es.status == "active")
                         .values(event_id=target["id"]))
            _set_status(conn, r, "deleted", who, why, now,
                        what={STATUS: ["active", "deleted"], "merged_into": [None, target_id]})
        after = _write_event(conn, target["id"], _machine_event(conn, target["id"], before), now)
        diff = _diff(before, after)
        diff["merged"] = [None, others]
        _revision(conn, target["id"], target_id, "merge", diff, who, why, now)
    return Outcome(after, diff, "active")


def split_event(store, event_id_cnty: str, report_ids: Sequence[int], *, who: str, why: str) -> Outcome:
    """Move the reports ``report_ids`` (ids of ``event_sources`` rows, as the API lists
    them) out of an event into a new one; return the new event."""
    why = _why(why)
    now = _now()
    es = S.event_sources.c
    with store.engine.begin() as conn:
        row = _active_row(conn, event_id_cnty, "splitting")
        reports = dict(_reports(conn, row["id"]))
        chosen = sorted(set(report_ids))
        if not chosen or any(r not in reports for r in chosen):
            raise ReviewError(f"give the ids of reports of {event_id_cnty} to move out (reports): "
                              f"its reports are {', '.join(map(str, reports))}")
        if len(chosen) == len(reports):
            raise ReviewError("an event keeps at least one report: leave one report where it is")
        from marsad.dedup.rules import merge_reports

        stamp = int(now.timestamp())
        new = merge_reports([reports[r] for r in chosen], timestamp=stamp)
        new_id = next_event_id(conn, iso3_of(new))
        new = dataclasses.replace(new, event_id_cnty=new_id)
        new_row = event_to_row(new)
        new_pk = conn.execute(
            S.events.insert().values(status="active", version=1, created_run=row["created_run"],
                                     updated_run=row["updated_run"], **new_row).returning(S.events.c.id)
        ).scalar_one()
        conn.execute(update(S.event_sources).where(es.id.in_(chosen)).values(event_id=new_pk))
        write_search_text(conn, {new_pk: new})
        _revision(conn, new_pk, new_id, "split", {k: _json(v) for k, v in new_row.items() if k != "provenance"}
                  | {"split_from": [event_id_cnty, new_id]}, who, why, now)
        before = event_from_row(row)
        after = _write_event(conn, row["id"], _machine_event(conn, row["id"], before), now)
        diff = _diff(before, after)
        diff["split_into"] = [None, new_id]
        _revision(conn, row["id"], event_id_cnty, "split", diff, who, why, now)
    return Outcome(new, diff, "active")


# -- marsad run ---------------------------------------------------------------------------------------


def _keep_corrections(conn, pk: int, machine: Event, run_id: int | None) -> Event:
    """``machine`` with the analyst's corrections of event ``pk`` put back; where the
    machine now proposes another value than it did, the proposal is recorded."""
    done = corrections_of(conn, pk)
    out = machine
    c = S.corrections.c
    for name, corr in done.items():
        if name not in CORRECTABLE:
            continue
        proposal = _group_value(machine, name)
        out = _apply_group(out, name, corr["value"])
        if proposal != corr["machine"]:
            conn.execute(update(S.corrections).where(c.event_id == pk, c.field == name)
                         .values(machine=dumps(proposal), machine_run=run_id))
        out = _analyst_provenance(out, [name], corr["who"], corr["why"])
    return out


def reconcile(conn, pk: int, machine: Event, *, run_id: int, who: str, now: datetime) -> tuple[Event, bool]:
    """For ``marsad run``: the event to store for ``pk`` given the machine's new
    canonical event, and whether an analyst reviewed it. Corrected fields keep the
    analyst's values; a proposal that differs is recorded in ``corrections`` and,
    when new, in a ``proposal`` revision."""
    done = corrections_of(conn, pk)
    if not done:
        return machine, False
    before = {n: d["machine"] for n, d in done.items()}
    kept = _keep_corrections(conn, pk, machine, run_id)
    proposals = {}
    for name, corr in done.items():
        if name in CORRECTABLE:
            proposal = _group_value(machine, name)
            if proposal != before[name] and proposal != corr["value"]:
                proposals[name] = [corr["value"], proposal]
    if proposals:
        eid = machine.event_id_cnty
        _revision(conn, pk, eid, "proposal", proposals, who,
                  "the machine proposes other values for fields an analyst corrected: kept the analyst's", now,
                  run_id=run_id)
    return kept, True


def reviewed_events_clause():
    """SQL: the event has an analyst's correction or confirmation."""
    return exists().where(and_(S.corrections.c.event_id == S.events.c.id,
                               S.corrections.c.field != STATUS))


def analyst_deleted_clause():
    """SQL: an analyst deleted the event (and not by merging it away)."""
    return and_(S.events.c.status == "deleted",
                exists().where(and_(S.corrections.c.event_id == S.events.c.id, S.corrections.c.field == STATUS,
                                    S.corrections.c.value == dumps("deleted"))))

