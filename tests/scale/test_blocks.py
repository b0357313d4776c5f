"""The Spark engine's de-duplication cut into blocks, components and replays, checked
against the local engine on events built by hand (no Spark needed)."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.dedup import DedupConfig, cluster_events, compatible
from marsad.model import Event, Span
from marsad.scale.blocks import (
    Report,
    StoredCluster,
    assign_event_ids,
    block_entries,
    components,
    pairs_in_block,
    replay_component,
)

TOWNS = [  # (name, lat, lon): Afrin, Tal Shihan (6 km away), Idleb, Mosul (Iraq)
    ("Afrin", 36.51, 36.86, "Syria"),
    ("Tal Shihan", 36.47, 36.93, "Syria"),
    ("Idleb", 35.93, 36.63, "Syria"),
    ("Mosul", 36.34, 43.12, "Iraq"),
]
TYPES = [
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Battles", "Armed clash"),
    ("Strategic developments", "Looting/property destruction"),
]
ACTORS = ["Military Forces of Syria", "Military Forces of Turkey", "Islamic State (Syria)", ""]


def ev(doc_id: str, *, town: int = 0, kind: int = 0, day: date = date(2018, 3, 16), prec: int = 1,
       actor: int = 0, geo: int = 1, country: str | None = None, fatalities: int = 0, dated: bool = True) -> Event:
    name, lat, lon, cnty = TOWNS[town]
    etype, sub = TYPES[kind]
    return Event(
        doc_id=doc_id, event_type=etype, sub_event_type=sub, evidence="قصف", evidence_span=Span(0, 3),
        event_date=day if dated else None, time_precision=prec, actor1=ACTORS[actor], country=cnty if country is None
        else country, location=name, latitude=lat, longitude=lon, geo_precision=geo, fatalities=fatalities,
        source=doc_id[:2], sources=(doc_id,),
    )


def scale_clusters(events: list[Event], config: DedupConfig = DedupConfig()) -> list[list[int]]:
    """Clusters (lists of input indices) by blocks, pair tests, components and replays."""
    reports = [Report(i, i, e) for i, e in enumerate(events)]
    blocks: dict[tuple, list] = {}
    for r in reports:
        for key, entry in block_entries(r, config):
            blocks.setdefault(key, []).append(entry)
    edges = [p for entries in blocks.values() for p in pairs_in_block(entries, config)]
    comp = components(edges)
    groups: dict[int, list[Report]] = {}
    for r in reports:
        groups.setdefault(comp.get(r.seq, r.seq), []).append(r)
    out = []
    for group in groups.values():
        out += [list(o.members) for o in replay_component(group, config=config)]
    return sorted(out)


event_strategy = st.builds(
    lambda i, town, kind, offset, prec, actor, geo, empty_country, fatalities, dated: ev(
        f"{'ALBBCNFRSK'[2 * (i % 5): 2 * (i % 5) + 2]}-{i}", town=town, kind=kind,
        day=date(2018, 3, 20) + timedelta(days=offset), prec=prec, actor=actor, geo=geo,
        country="" if empty_country else None, fatalities=fatalities, dated=dated),
    st.integers(0, 3), st.integers(0, 3), st.integers(0, 3), st.integers(-25, 25), st.sampled_from([1, 1, 2, 3]),
    st.integers(0, 3), st.sampled_from([1, 1, 2]), st.booleans(), st.integers(0, 20),
    st.sampled_from([True, True, True, False]),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(event_strategy, min_size=1, max_size=30))
def test_blocks_find_every_compatible_pair(events):
    reports = [Report(i, i, e) for i, e in enumerate(events)]
    blocks: dict[tuple, list] = {}
    for r in reports:
        for key, entry in block_entries(r):
            blocks.setdefault(key, []).append(entry)
    found = [p for entries in blocks.values() for p in pairs_in_block(entries)]
    assert len(found) == len(set(found))  # each pair tested in one block only
    brute = {(i, j) for i, j in itertools.combinations(range(len(events)), 2) if compatible(events[i], events[j])}
    assert set(found) == brute


@settings(max_examples=150, deadline=None)
@given(st.lists(event_strategy, min_size=1, max_size=30))
def test_components_replayed_give_the_local_engines_clusters(events):
    assert scale_clusters(events) == cluster_events(events)


def test_a_greedy_choice_is_reproduced_in_input_order():
    # a strike reported at Afrin, then at Tal Shihan (6 km: compatible with the Afrin one
    # only while neither names the other's town as a named town of its own), then a vaguer
    # report that fits both: the local engine puts it with the better-scoring cluster
    a = ev("AL-1", town=0, fatalities=10)
    b = ev("BB-1", town=1, fatalities=10)
    c = ev("CN-1", town=0, geo=2, fatalities=10)
    d = ev("FR-1", town=0, day=date(2018, 3, 17), fatalities=12)
    events = [a, b, c, d]
    assert cluster_events(events) == [[0, 2, 3], [1]]
    assert scale_clusters(events) == cluster_events(events)
    assert scale_clusters(list(reversed(events))) == cluster_events(list(reversed(events)))


def test_reports_across_a_month_end_meet_in_one_block():
    late = ev("AL-1", day=date(2018, 3, 31))
    early = ev("BB-1", day=date(2018, 4, 1))
    assert scale_clusters([late, early]) == [[0, 1]]
    far = ev("CN-1", day=date(2018, 4, 9))  # nine days after: another event
    assert scale_clusters([late, far]) == [[0], [1]]


def test_a_report_without_a_country_meets_every_country_of_its_block():
    named = ev("AL-1")
    bare = ev("BB-1", country="")
    assert scale_clusters([named, bare]) == cluster_events([named, bare]) == [[0, 1]]


def test_an_undated_report_is_an_event_of_its_own():
    assert block_entries(Report(0, 0, ev("AL-1", dated=False))) == []
    assert scale_clusters([ev("AL-1", dated=False), ev("BB-1", dated=False)]) == [[0], [1]]


def test_stored_events_are_joined_as_the_store_loads_them():
    old = [Report(0, -1, ev("AL-1")), Report(1, -1, ev("BB-1"))]
    stored = StoredCluster(7, "SYR7", tuple(old), ev("AL-1", fatalities=0))
    new = Report(2, 0, ev("SK-1", fatalities=40))
    (outcome,) = replay_component([new], [stored])
    assert (outcome.key, outcome.event_id_cnty, outcome.members, outcome.new_members) == (7, "SYR7", (0, 1, 2), (2,))
    assert outcome.changed and outcome.before == stored.canonical
    assert outcome.event.sources == ("AL-1", "BB-1", "SK-1") and outcome.event.event_id_cnty == "SYR7"


def test_new_ids_follow_the_first_report_and_the_countrys_counter():
    ids, counters = assign_event_ids([(9, "SYR"), (2, "IRQ"), (4, "SYR")], {"SYR": 5})
    assert ids == {2: "IRQ1", 4: "SYR5", 9: "SYR6"}
    assert counters == {"SYR": 7, "IRQ": 2}


def test_the_id_takes_the_country_of_the_event_at_the_end_of_its_batch():
    # a report without a country opens the event; a Syrian report joins it in the same
    # batch (the id is SYR...) or in the next batch (the id stays XXX..., as in the store)
    bare = Report(0, 0, ev("AL-1", country="", geo=2))  # vaguer: the Syrian report will lead
    syrian_same = Report(1, 1, ev("BB-1"))
    (o,) = replay_component([bare, syrian_same], batch_size=200)
    assert o.id_iso3 == "SYR"
    syrian_next = Report(1, 200, ev("BB-1"))
    (o,) = replay_component([bare, syrian_next], batch_size=200)
    assert o.id_iso3 == "XXX"


def test_components_join_chains():
    comp = components([(5, 9), (1, 2), (9, 2), (20, 21)])
    assert comp == {1: 1, 2: 1, 5: 1, 9: 1, 20: 20, 21: 20}
