"""When two event reports describe the same real-world event, and how they merge.

Blocking and comparison (all must hold, see :func:`compatible`):

- **date**: the window is set by the coarser ``time_precision`` of the two reports:
  1 (day) → at most one day apart; 2 (week) → at most seven days; 3 (month) → the
  same calendar month. A report without a date is never merged.
- **place**: two reports coded to named towns (``geo_precision`` 1) that are
  different places (gazetteer id, P-code or name differ, and more than 1 km apart)
  never merge: ACLED codes two attacks in two villages as two events. Otherwise
  both have coordinates and are at most ``max_km`` (25 km) apart; or,
  when either report is coded at ``geo_precision`` ≥ 2, both name the same admin2;
  or, without coordinates, the same gazetteer id / P-code / location name. When
  both reports name a country, it must be the same.
- **type**: the same ``event_type``; sub-event types equal or in one compatible
  group (air/drone strike and shelling are one group within Explosions/Remote
  violence; a chemical attack is an event of its own, apart from the strikes of the
  same day; all Battles sub-types are one group...). An empty sub-event type is
  compatible with any.
- **actors**: compared as an unordered pair (actor id when present, else the folded
  name); a missing side is compatible with anything, and an "Unidentified ..."
  actor with any actor; otherwise every named side of one report must be a side of
  the other.
- Two *Strategic developments* of one article never merge (the extractor split them).
- **fatalities** never veto a merge (outlets report 11, 25, 40 and 150 dead for the
  same attack); they only rank the candidates when a report fits several events.

Merging (:func:`merge_reports`) follows ACLED's coding rules: the most precise
location (lowest ``geo_precision``), the most precise date (lowest
``time_precision``; the most frequent date among those, then the earliest), the
most conservative fatalities (the smallest positive figure reported; 0 when no
report gives a death toll), every outlet in ``source`` (joined by ``"; "``) and
every report's ``doc_id`` in ``sources``.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Sequence

from marsad.model import ACTOR_FIELDS, LOCATION_FIELDS, Event, Modality
from marsad.geocode.distance import haversine_km

__all__ = [
    "DedupConfig",
    "compatible",
    "similarity",
    "merge_reports",
    "date_compatible",
    "place_compatible",
    "type_compatible",
    "actors_compatible",
    "haversine_km",
]


@dataclass(frozen=True, slots=True)
class DedupConfig:
    """Thresholds of the de-duplication rules."""

    max_km: float = 25.0
    day_window: int = 1  # time_precision 1
    week_window: int = 7  # time_precision 2


#: Sub-event types that may describe the same event, within one event type.
SUB_EVENT_GROUPS: tuple[frozenset[str], ...] = (
    frozenset({"Air/drone strike", "Shelling/artillery/missile attack"}),
    frozenset({"Remote explosive/landmine/IED", "Suicide bomb", "Grenade"}),
    frozenset({"Armed clash", "Government regains territory", "Non-state actor overtakes territory"}),
    frozenset({"Peaceful protest", "Protest with intervention", "Excessive force against protesters"}),
    frozenset({"Violent demonstration", "Mob violence"}),
    frozenset({"Attack", "Abduction/forced disappearance"}),
)


def _precision(e: Event) -> int:
    return e.time_precision if e.time_precision in (1, 2, 3) else 1


def date_compatible(a: Event, b: Event, config: DedupConfig = DedupConfig()) -> bool:
    if a.event_date is None or b.event_date is None:
        return False
    p = max(_precision(a), _precision(b))
    if p >= 3:
        return (a.event_date.year, a.event_date.month) == (b.event_date.year, b.event_date.month)
    window = config.day_window if p == 1 else config.week_window
    return abs((a.event_date - b.event_date).days) <= window


def _has_coords(e: Event) -> bool:
    return e.latitude is not None and e.longitude is not None


def _fold(s: str) -> str:
    from marsad.normalize import fold

    return " ".join(fold(s).split())


def same_place(a: Event, b: Event) -> bool | None:
    """Whether two reports name the same place: None when it cannot be told."""
    if _has_coords(a) and _has_coords(b):
        if haversine_km(a.latitude, a.longitude, b.latitude, b.longitude) < 1.0:  # type: ignore[arg-type]
            return True
    for name in ("geo_id", "pcode"):
        x, y = getattr(a, name), getattr(b, name)
        if x and y:
            return x == y
    if a.location and b.location:
        return _fold(a.location) == _fold(b.location)
    return None


def place_compatible(a: Event, b: Event, config: DedupConfig = DedupConfig()) -> bool:
    if a.country and b.country and a.country != b.country:
        return False
    if (a.geo_precision or 1) == 1 and (b.geo_precision or 1) == 1 and same_place(a, b) is False:
        return False  # two named towns: two events, however close (ACLED)
    coarse = max(a.geo_precision or 1, b.geo_precision or 1) >= 2
    if coarse and a.admin2 and b.admin2 and _fold(a.admin2) == _fold(b.admin2):
        return True
    if _has_coords(a) and _has_coords(b):
        d = haversine_km(a.latitude, a.longitude, b.latitude, b.longitude)  # type: ignore[arg-type]
        return d <= config.max_km
    if a.geo_id and a.geo_id == b.geo_id:
        return True
    if a.pcode and a.pcode == b.pcode:
        return True
    return bool(a.location) and _fold(a.location) == _fold(b.location)


def type_compatible(a: Event, b: Event) -> bool:
    if a.event_type != b.event_type:
        return False
    sa, sb = a.sub_event_type, b.sub_event_type
    if not sa or not sb or sa == sb:
        return True
    return any(sa in g and sb in g for g in SUB_EVENT_GROUPS)


def _actor_keys(e: Event) -> list[str]:
    out = []
    for ident, name in ((e.actor1_id, e.actor1), (e.actor2_id, e.actor2)):
        if ident:
            out.append("id:" + ident)
        elif name:
            out.append("name:" + _fold(name))
    return out


def _is_wildcard(key: str) -> bool:
    return key.startswith("name:unidentified")


def actors_compatible(a: Event, b: Event) -> bool:
    ka = [k for k in _actor_keys(a) if not _is_wildcard(k)]
    kb = [k for k in _actor_keys(b) if not _is_wildcard(k)]
    small, big = (ka, kb) if len(ka) <= len(kb) else (kb, ka)
    remaining = list(big)
    for k in small:
        if k in remaining:
            remaining.remove(k)
        else:
            return False
    return True


def compatible(a: Event, b: Event, config: DedupConfig = DedupConfig()) -> bool:
    """True when reports ``a`` and ``b`` may describe the same event."""
    if a.doc_id == b.doc_id and a.event_type == "Strategic developments":
        return False  # one article's developments were split on purpose by the extractor
    return (
        type_compatible(a, b)
        and date_compatible(a, b, config)
        and place_compatible(a, b, config)
        and actors_compatible(a, b)
    )


def similarity(a: Event, b: Event) -> float:
    """A score in [0, 1] to rank compatible candidates (higher is closer)."""
    score = 0.0
    if a.sub_event_type == b.sub_event_type:
        score += 0.25
    if a.event_date and b.event_date:
        score += 0.25 / (1 + abs((a.event_date - b.event_date).days))
    if _has_coords(a) and _has_coords(b):
        d = haversine_km(a.latitude, a.longitude, b.latitude, b.longitude)  # type: ignore[arg-type]
        score += 0.25 / (1 + d)
    if _actor_keys(a) and sorted(_actor_keys(a)) == sorted(_actor_keys(b)):
        score += 0.15
    fa, fb = a.fatalities or 0, b.fatalities or 0
    if fa == fb:
        score += 0.10
    elif fa and fb:
        score += 0.10 * min(fa, fb) / max(fa, fb)
    return score


# -- merging ---------------------------------------------------------------------



def _unique(items) -> list:
    seen: dict = {}
    for x in items:
        if x and x not in seen:
            seen[x] = None
    return list(seen)


def _representative(members: Sequence[Event]) -> Event:
    """The report whose location and date are most precise (then most confident)."""
    order = {id(e): i for i, e in enumerate(members)}
    return min(
        members,
        key=lambda e: (
            e.geo_precision if e.geo_precision is not None else 9,
            0 if e.latitude is not None else 1,
            _precision(e) if e.event_date else 9,
            -e.confidence,
            order[id(e)],
        ),
    )


def _choose_date(members: Sequence[Event]) -> tuple[date | None, int | None]:
    dated = [e for e in members if e.event_date is not None]
    if not dated:
        return None, None
    best = min(_precision(e) for e in dated)
    counts = Counter(e.event_date for e in dated if _precision(e) == best)
    top = max(counts.values())
    chosen = min(d for d, n in counts.items() if n == top)
    return chosen, best


def _choose_fatalities(members: Sequence[Event]) -> int:
    positive = [e.fatalities for e in members if e.fatalities and e.fatalities > 0]
    return min(positive) if positive else 0


def _majority(members: Sequence[Event], key) -> object:
    counts = Counter(key(e) for e in members)
    top = max(counts.values())
    for e in members:  # earliest report among the most frequent values
        if counts[key(e)] == top:
            return key(e)
    raise AssertionError("unreachable")


def merge_reports(members: Sequence[Event], *, event_id_cnty: str = "", timestamp: int | None = None) -> Event:
    """The canonical event of a cluster of reports (see the module docstring)."""
    if not members:
        raise ValueError("merge_reports needs at least one report")
    rep = _representative(members)
    etype = _majority(members, lambda e: e.event_type)
    typed = [e for e in members if e.event_type == etype]
    sub = _majority(typed, lambda e: e.sub_event_type)
    # actors: the most frequent fully-named pair, else the report naming most sides
    def actor_rank(e: Event) -> tuple:
        return (-(bool(e.actor1) + bool(e.actor2)),)

    named = sorted(typed, key=actor_rank)
    most = actor_rank(named[0])
    best_named = [e for e in named if actor_rank(e) == most]
    actor_src = _majority(best_named, lambda e: tuple(sorted(_actor_keys(e))))
    actor_event = next(e for e in best_named if tuple(sorted(_actor_keys(e))) == actor_src)
    when, precision = _choose_date(members)
    modality = Modality.ASSERTED if any(e.modality is Modality.ASSERTED for e in members) else rep.modality
    changes: dict = {
        "event_type": etype,
        "sub_event_type": sub,
        "event_date": when,
        "time_precision": precision,
        "fatalities": _choose_fatalities(members),
        "source": "; ".join(_unique(e.source for e in members)),
        "sources": tuple(_unique(d for e in members for d in (e.sources or (e.doc_id,)))),
        "modality": modality,
        "confidence": max(e.confidence for e in members),
        "event_id_cnty": event_id_cnty,
        "tags": "; ".join(_unique(t for e in members for t in e.tags.split("; ") if e.tags)),
    }
    if timestamp is not None:
        changes["timestamp"] = timestamp
    for name in LOCATION_FIELDS:
        changes[name] = getattr(rep, name)
    for name in ACTOR_FIELDS:
        changes[name] = getattr(actor_event, name)
    if rep.event_type != etype:  # keep the disorder type consistent with the type
        changes["disorder_type"] = next(e.disorder_type for e in typed)
        changes["civilian_targeting"] = next(e.civilian_targeting for e in typed)
    return dataclasses.replace(rep, **changes)
